"""Hostile or odd text files (issue 18): lone surrogates, lone-CR line endings, invisible format
characters inside words. Errors name the file; nothing is lost or split silently."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from analysis import CorpusError, load_corpus
from analysis.corpus import cleaning_report
from analysis.kwic import kwic
from analysis.match import match
from conftest import write_corpus


def ws(s: str) -> str:
    return re.sub(r"\s+", " ", s)


def accounts_for_every_character(c) -> None:
    """tokens + whitespace + punctuation + listed residue account for every character (tests/test_corpus.py)."""
    for doc_id, raw in zip(c.documents.doc_id, c.documents.raw):
        covered = np.zeros(len(raw), bool)
        t = c.tokens[c.tokens.doc_id == doc_id]
        r = c.residue[c.residue.doc_id == doc_id]
        for a, b in list(zip(t.start, t.end)) + list(zip(r.start, r.end)):
            covered[a:b] = True
        rest = [raw[k] for k in np.flatnonzero(~covered)]
        assert all(ch.isspace() or not ch.isalnum() for ch in rest), doc_id
        assert [raw[a:b] for a, b in zip(t.start, t.end)] == list(t.token.astype(str))


# ---------------------------------------------------------------- encodings


def test_utf7_with_a_lone_surrogate_names_file_and_offset(tmp_path):
    data = b"Russia and NATO +2DY- met."  # UTF-7 for a lone high surrogate U+D836
    assert "\ud836" in data.decode("utf-7")
    folder = write_corpus(tmp_path / "u", {"a": data}, extra={"a": {"encoding": "utf-7"}})
    with pytest.raises(CorpusError, match=r"a\.txt \(manifest line 2\), field 'encoding': decoding as 'utf-7' gives a "
                                          r"lone surrogate U\+D836 at character 16 \(line 1\)"):
        load_corpus(folder)


def test_an_unknown_encoding_names_the_field(tmp_path):
    folder = write_corpus(tmp_path / "u", {"a": b"Russia."}, extra={"a": {"encoding": "no-such-codec"}})
    with pytest.raises(CorpusError, match=r"a\.txt.*cannot decode as declared encoding 'no-such-codec'"):
        load_corpus(folder)


# ---------------------------------------------------------------- lone CR


TURNS = ("Talks in Moscow\n\nThe talks began at noon. Both sides spoke.\n\nPutin: We will not accept this.\n\n"
         "Clinton: Nor will we.\n\nPutin: Then we part.\n\nAfter the talks\n\nNATO met later. Serbia waited.\n")


@pytest.mark.parametrize("newline", ["\r", "\r\n"])
def test_other_line_endings_keep_paragraphs_headings_and_turns(tmp_path, newline):
    lf = load_corpus(write_corpus(tmp_path / "lf", {"a": TURNS}))
    other = load_corpus(write_corpus(tmp_path / "cr", {"a": TURNS}, newline=newline))
    assert newline in other.raw("a")
    cols = ["para_id", "is_heading", "voice", "speaker", "n_tokens", "text"]
    pd.testing.assert_frame_equal(lf.sentences[cols], other.sentences[cols].assign(text=other.sentences.text.str.replace(
        newline, "\n")), check_dtype=False)
    assert list(lf.residue.rule) == list(other.residue.rule) == ["speaker-label"] * 2  # Putin twice
    assert other.sentences.is_heading.sum() == 2
    accounts_for_every_character(other)
    if newline == "\r":  # one character for one: the same offsets
        pd.testing.assert_frame_equal(lf.tokens, other.tokens)
        assert other.documents.text[0] == other.raw("a")  # the clean text keeps the file's line breaks


def test_cleaning_rules_see_lone_cr_as_line_ends(tmp_path):
    folder = write_corpus(tmp_path / "cr", {"a": "Skip to main content\n\nRussia and NATO met.\n"}, newline="\r",
                          cleaning="rules:\n  - name: nav\n    pattern: '^Skip to main content$'\n    expect: 1\n")
    c = load_corpus(folder)
    assert list(c.residue.text) == ["Skip to main content"]
    assert list(c.tokens.token.astype(str)) == ["Russia", "and", "NATO", "met"]


# ---------------------------------------------------------------- invisible format characters

SPELLINGS = ["Russia", "Rus\u00adsia", "Rus\u200bsia", "Ru\u200dssia", "Russ\u2060ia", "R\u200cussia", "Russ\ufeffia"]


def test_invisible_characters_inside_words_are_removed_for_matching(tmp_path):
    text = "\n\n".join(f"{s} met NATO in Belgrade." for s in SPELLINGS) + "\n"
    c = load_corpus(write_corpus(tmp_path / "inv", {"a": text}))
    hits = match(c, "Russia")
    assert len(hits) == len(SPELLINGS)
    raw = c.raw("a")
    assert [raw[a:b] for a, b in zip(hits.start, hits.end)] == SPELLINGS  # as written, the invisible character too
    russia = c.tokens[c.tokens.norm == "russia"]
    assert list(russia.token.astype(str)) == SPELLINGS and len(c.tokens) == 5 * len(SPELLINGS)
    k = kwic(c, "Russia", window=2)
    assert list(k.match) == [ws(s) for s in SPELLINGS]
    texts = c.documents.set_index("doc_id").text
    t = c.tokens.set_index("i")
    for r in k.itertuples():
        assert r.left + r.match + r.right == ws(texts["a"][t.start[max(0, r.i - 2)]:t.end[min(len(t), r.j + 2) - 1]])
    accounts_for_every_character(c)
    # listed and counted in the cleaning report, one span per character, never blanked (the word stays whole)
    inv = c.residue[c.residue.kind == "invisible"]
    assert list(inv.text) == [s for sp in SPELLINGS for s in sp if not s.isalpha()]
    assert set(inv.rule) == {"invisible-format"}
    rep = cleaning_report(c)
    assert rep[rep.rule == "invisible-format"].n_chars.sum() == len(SPELLINGS) - 1
    assert texts["a"] == raw


def test_invisible_characters_between_words_and_at_edges(tmp_path):
    text = "\u00adNATO\u200b met\u2060 Russia\u200b.\n"
    c = load_corpus(write_corpus(tmp_path / "inv", {"a": text}))
    assert list(c.tokens.token.astype(str)) == ["NATO", "met", "Russia"]
    assert list(c.tokens.norm.astype(str)) == ["nato", "met", "russia"]
    accounts_for_every_character(c)


def test_a_leading_bom_is_still_one_byte_order_mark(tmp_path):
    c = load_corpus(write_corpus(tmp_path / "bom", {"a": "\ufeffRussia met NATO."}))
    assert list(c.residue.rule) == ["byte-order-mark"]
