"""Merging the vocabularies of a load in several processes (analysis.tokens.merge_sorted,
remap_codes): the compiled versions (analysis/_scan.c) give exactly what the Python ones
give, on any input, and refuse what they cannot do rightly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import tokens

needs_c = pytest.mark.skipif(tokens._c_merge is None, reason="analysis._scan was not compiled")

# words with accents, other scripts, case and prefixes of each other: Python's order of str
WORDS = st.text(alphabet=st.sampled_from("aAbzZ-'éÉжЖ中1 "), min_size=0, max_size=4)
VOCABULARIES = st.lists(st.sets(WORDS, max_size=30).map(sorted), min_size=0, max_size=5)


def python_merge(lists):
    merged = sorted(set().union(*lists)) if lists else []
    where = {w: k for k, w in enumerate(merged)}
    return merged, [[where[w] for w in own] for own in lists]


def test_merge_by_hand():
    merged, places = tokens.merge_sorted([["NATO", "Serbia", "Кosovo"], ["Kosovo", "NATO"], []])
    assert merged == ["Kosovo", "NATO", "Serbia", "Кosovo"]  # Cyrillic К after every Latin letter
    assert [p.tolist() for p in places] == [[1, 2, 3], [0, 1], []]


@settings(max_examples=300, deadline=None)
@given(VOCABULARIES)
def test_merge_sorted_is_the_sorted_union_and_where_each_word_went(lists):
    merged, places = tokens.merge_sorted(lists)
    want, want_places = python_merge(lists)
    assert merged == want and [p.tolist() for p in places] == want_places
    assert all(p.dtype == np.int64 for p in places)


@settings(max_examples=100, deadline=None)
@given(VOCABULARIES)
def test_the_compiled_and_the_python_merge_agree(lists):
    compiled = tokens.merge_sorted(lists)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(tokens, "_c_merge", None)
        plain = tokens.merge_sorted(lists)
    assert compiled[0] == plain[0] and [a.tolist() for a in compiled[1]] == [b.tolist() for b in plain[1]]


def test_without_the_compiled_helpers_remap_codes_gathers_with_numpy(monkeypatch):
    monkeypatch.setattr(tokens, "_c_gather", None)
    out = np.empty(3, dtype=np.int8)
    tokens.remap_codes(np.array([5, 6], dtype=np.int8), np.array([1, 0, 1], dtype=np.int16), out)
    assert out.tolist() == [6, 5, 6]


@needs_c
def test_the_compiled_merge_refuses_lists_not_sorted_or_not_str():
    with pytest.raises(ValueError, match="not sorted without repeats"):
        tokens._c_merge(["b", "a"], [])
    with pytest.raises(ValueError, match="not sorted without repeats"):
        tokens._c_merge(["a"], ["c", "c"])
    with pytest.raises(TypeError, match="holds a int"):
        tokens._c_merge(["a", 3], ["b"])


INTS = [np.int8, np.int16, np.int32, np.int64]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(INTS), st.sampled_from(INTS), st.integers(1, 120), st.integers(0, 300), st.randoms())
def test_remap_codes_is_numpys_gather_for_every_width(table_dtype, code_dtype, n_table, n_codes, rnd):
    table = np.asarray([rnd.randrange(-100, 100) for _ in range(n_table)], dtype=table_dtype)
    codes = np.asarray([rnd.randrange(n_table) for _ in range(n_codes)], dtype=code_dtype)
    out = np.full(n_codes, 7, dtype=table_dtype)
    tokens.remap_codes(table, codes, out)
    assert out.tolist() == table[codes].tolist()


def test_remap_codes_by_hand_into_a_slice():
    out = np.zeros(6, dtype=np.int16)
    tokens.remap_codes(np.array([30, 10, 20], dtype=np.int16), np.array([2, 2, 0], dtype=np.int32), out[2:5])
    assert out.tolist() == [0, 0, 20, 20, 30, 0]


def test_remap_codes_refuses_a_code_outside_the_table_and_a_wrong_out():
    table = np.array([1, 2, 3], dtype=np.int32)
    with pytest.raises(IndexError):
        tokens.remap_codes(table, np.array([0, 3], dtype=np.int32), np.empty(2, dtype=np.int32))
    with pytest.raises(IndexError):
        tokens.remap_codes(table, np.array([-4], dtype=np.int8), np.empty(1, dtype=np.int32))
    with pytest.raises(ValueError, match="out must be int32 with one item per code"):
        tokens.remap_codes(table, np.array([0], dtype=np.int32), np.empty(1, dtype=np.int64))


@needs_c
def test_the_compiled_gather_says_which_code_is_outside():
    with pytest.raises(IndexError, match=r"code 5 \(at 1\) is outside the table of 3"):
        tokens._c_gather(np.zeros(3, dtype=np.int16), 2, np.array([0, 5], dtype=np.int32), 4, np.empty(2, dtype=np.int16))
