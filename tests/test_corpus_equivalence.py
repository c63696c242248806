"""The fast paths of loading equal the plain statements of the same rules.

Loading a corpus was made faster by rewriting the token pattern for the regex engine,
tokenizing with one ``split``, finding a sentence's last word without a regular expression
in the common case, and folding ASCII tokens without Unicode normalization. Each fast form
is checked here, on generated text full of the characters the rules turn on, against the
plain form it replaces (kept here, or in the module, as the reference).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import corpus as C
from analysis import tokens as T
from analysis.corpus import cleaning, pipeline, segment, voices

# characters the tokenizer and the sentence splitter turn on
TRICKY = (
    "aAbBsSzZeEiIlLrR019"  # letters and digits (s/S for the clitic)
    "éÉđßİıĐøœ"  # non-ASCII letters, with and without decompositions
    "\u0301\u0308\u20d7"  # combining marks
    "ЖжΩ٣"  # other scripts, an Arabic-Indic digit
    "'’ʼ‘"  # apostrophes
    "-‐‑–"  # hyphens, an en dash
    ".,!?…:;"  # punctuation, boundary runs
    "“”„«»\"()[]"  # quotes and brackets
    "#•>_"  # markup, underscore
    "  \n\t\u00a0"  # whitespace (twice a space)
)
WORDS = ["Mr", "Gen", "St", "U.S", "e.g", "L", "the", "said", "Putin", "NATO", "Russia’s", "it's", "38.62"]
text_st = st.lists(st.one_of(st.sampled_from(TRICKY), st.sampled_from(WORDS)), max_size=60).map("".join)


# --------------------------------------------------------------------------- tokens


@settings(max_examples=400, deadline=None)
@given(text_st, st.data())
def test_token_re_has_the_matches_of_the_plain_pattern(text, data):
    plain = re.compile(T._PLAIN_TOKEN_PATTERN)
    assert [m.span() for m in T.TOKEN_RE.finditer(text)] == [m.span() for m in plain.finditer(text)]
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    for method in ("search", "match", "fullmatch"):
        a = getattr(T.TOKEN_RE, method)(text, pos, endpos)
        b = getattr(plain, method)(text, pos, endpos)
        assert (a and a.span()) == (b and b.span()), method


def test_the_plain_pattern_is_the_original_token_pattern():
    # TOKEN_RE as it was before it was rewritten for speed (TOKENIZER_VERSION 1)
    m = T._MARKS
    l_ = rf"(?:[^\W_][{m}]*)"
    part = (rf"(?:(?:(?:[^\W\d_][{m}]*)\.){{2,}}|\d+(?:[.,]\d+)+|"
            rf"{l_}+(?:[{T.APOSTROPHES}](?![sS](?![^\W_]|[{m}]))(?={l_}){l_}+)*)")
    original = (rf"{part}(?:[{T.HYPHENS}](?={l_}){part})*"
                rf"|(?<=[^\W_]|[{m}])[{T.APOSTROPHES}][sS](?![^\W_]|[{m}])")
    assert T._PLAIN_TOKEN_PATTERN == original


@settings(max_examples=300, deadline=None)
@given(text_st)
def test_tokenize_gives_the_matches_and_their_offsets(text):
    starts, ends, toks = T.tokenize(text)
    ms = list(T.TOKEN_RE.finditer(text))
    assert starts.tolist() == [m.start() for m in ms]
    assert ends.tolist() == [m.end() for m in ms]
    assert toks == [m.group() for m in ms]
    assert starts.dtype == ends.dtype == "int64"


def test_the_compiled_scanner_is_built():
    # `make setup` (pip install -e .) compiles analysis/_scan.c; without a C compiler the package
    # still works, with the `re` tokenizer: set ANALYSIS_PURE_PYTHON=1 to test that path alone
    if os.environ.get("ANALYSIS_PURE_PYTHON", "") not in ("", "0"):
        assert not T.COMPILED
    else:
        assert T.COMPILED, ("analysis._scan was not built (no C compiler when the package was installed?): "
                            "install a C compiler and rerun `make setup`, or run the tests with ANALYSIS_PURE_PYTHON=1")


def _scan_spans(text):
    a, b, c, types = T._c_encode(text, 10**9)
    starts, ends = np.frombuffer(a, np.int64).tolist(), np.frombuffer(b, np.int64).tolist()
    return list(zip(starts, ends)), np.frombuffer(c, np.int32), types


@settings(max_examples=600, deadline=None)
@given(st.one_of(text_st, st.text(), st.text(st.characters(min_codepoint=0x10000)),
                 st.text(st.sampled_from(list(TRICKY) + ["\U0001d400", "\U0001d7d8", "Ⅻ", "²", "ǅ", "\u00ad"]))))
def test_the_compiled_scanner_finds_the_matches_of_token_re(text):
    # every kind of str (1-, 2- and 4-byte characters), any code point: the same spans as the
    # regular expression, each coded into its distinct tokens in order of first appearance
    if not T.COMPILED:
        return test_the_compiled_scanner_is_built()
    spans, codes, types = _scan_spans(text)
    ms = list(T.TOKEN_RE.finditer(text))
    assert spans == [m.span() for m in ms]
    want_codes, want_types = pd.factorize(np.asarray([m.group() for m in ms] or [""], dtype=object)[:len(ms)])
    assert codes.tolist() == want_codes.tolist() and types == list(want_types)


def test_the_compiled_scanner_hand_counted():
    if not T.COMPILED:
        return test_the_compiled_scanner_is_built()
    text = "Russia’s NATO-led U.S.-Russian talks: 38.62 and 1,000; don’t e.g U.S. Russia’S"
    spans, codes, types = _scan_spans(text)
    assert [text[a:b] for a, b in spans] == ["Russia", "’s", "NATO-led", "U.S.-Russian", "talks", "38.62", "and",
                                             "1,000", "don’t", "e", "g", "U.S.", "Russia", "’S"]
    assert codes.tolist() == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 12]
    spans, codes, types = _scan_spans("")
    assert (spans, codes.tolist(), types) == ([], [], [])
    with pytest.raises(TypeError, match="takes a str"):
        T._c_encode(b"bytes")


@settings(max_examples=200, deadline=None)
@given(text_st)
def test_encode_is_the_same_with_and_without_the_compiled_scanner(text):
    compiled = T.encode(text)
    saved, T._c_encode = T._c_encode, None
    try:
        plain = T.encode(text)
    finally:
        T._c_encode = saved
    for x, y in zip(compiled[:3], plain[:3]):
        assert x.dtype == y.dtype and x.tolist() == y.tolist()
    assert compiled[3] == plain[3]


def test_a_text_that_crowds_the_scanners_hash_table_is_tokenized_by_re(monkeypatch):
    # the scanner's hash is not keyed: a text made so that its types collide could make looking
    # them up quadratic, so past max_probe steps the scanner declines and the text goes by `re`
    # (max_probe=0 here: any collision among 600 types in a 1,024-slot table)
    if not T.COMPILED:
        return test_the_compiled_scanner_is_built()
    text = " ".join(f"w{k}" for k in range(600)) + " w7"
    assert T._c_encode(text, 0) is None and T._c_encode(text) is not None
    want = T.encode(text)
    original = T._c_encode
    monkeypatch.setattr(T, "_c_encode", lambda t, max_probe=0: original(t, max_probe))
    got = T.encode(text)
    assert all(x.tolist() == y.tolist() for x, y in zip(got[:3], want[:3])) and got[3] == want[3]
    assert got[2].tolist()[-1] == 7 and len(got[3]) == 600


def test_pure_python_is_chosen_by_the_environment():
    code = "from analysis import tokens; print(tokens.COMPILED, tokens.encode('NATO, Russia’s NATO')[2].tolist())"
    env = {**os.environ, "ANALYSIS_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["False", "[0,", "1,", "2,", "0]"]


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(max_codepoint=127), max_size=12), st.booleans(), st.booleans())
def test_fold_of_ascii_equals_the_unicode_path(token, case, diacritics):
    assert T.fold(token, case=case, diacritics=diacritics) == T._fold_unicode(token, case, diacritics)


# --------------------------------------------------------------------------- sentences


def _reference_split_sentences(text, start=0, end=None):
    """split_sentences as it was written before it was made faster (the plain statement)."""
    end = len(text) if end is None else end
    cuts = [start]
    for m in re.compile(r"(?:\.{3}|[.!?…]+)[\]\)”\"’»']*(?=\s)").finditer(text, start, end):
        j = k = m.end()
        while k < end and text[k].isspace():
            k += 1
        if k >= end:
            continue
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "“‘\"'(«[„¿¡" or nxt in "•◦▪‣"):
            continue
        if m.group() == "." or (m.group()[0] == "." and m.group()[1:2] in ("”", "’", '"', ")", "]")):
            w = re.search(r"[^\s“‘\"'(\[]*$", text[max(start, m.start() - 40) : m.start()]).group()
            if re.fullmatch(r"[A-Z]", w) or re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", w) or w.lower() in segment._ABBREVIATIONS:
                continue
        cuts.append(j)
    cuts.append(end)
    spans = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        a = re.compile(r"[\s#•◦▪‣·>]*").match(text, a, b).end()
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


sentence_st = st.lists(
    st.one_of(st.sampled_from(WORDS + ["Mr.", "U.S.", "...", "….", "?!", ". ", ".” ", ".) ", "\n. ", " ",
                                       # long words (a sentence's end without a closer look) and the longest
                                       # listed abbreviations, alone and glued to what comes before
                                       "Administration", "approx", "Messrs", "xapprox", "A.B.Cdefghij", "1234567"]),
              st.sampled_from(TRICKY)), max_size=80).map("".join)


@settings(max_examples=500, deadline=None)
@given(sentence_st, st.data())
def test_split_sentences_equals_the_plain_statement(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert C.split_sentences(text, start, end) == _reference_split_sentences(text, start, end)


@settings(max_examples=500, deadline=None)
@given(sentence_st, st.data())
def test_the_word_before_a_dot_without_the_regex(text, data):
    dot = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, dot))
    assert segment._abbreviation_before(text, start, dot) == segment._is_abbreviation(segment._word_before(text, start, dot))


@given(st.one_of(st.text(alphabet=TRICKY, max_size=8), st.sampled_from(sorted(segment._ABBREVIATIONS) + ["A", "Z", "U.S", "e.g"])))
def test_is_abbreviation_equals_its_three_rules(w):
    plain = bool(re.fullmatch(r"[A-Z]", w) or re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", w) or w.lower() in segment._ABBREVIATIONS)
    assert segment._is_abbreviation(w) == plain


# --------------------------------------------------------------------------- documents


@given(st.text(alphabet="ab\n\r ", max_size=30), st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=5))
def test_blank_replaces_each_character_of_the_spans(text, spans):
    spans = [(min(a, b, len(text)), min(max(a, b), len(text))) for a, b in spans]
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] not in "\n\r":
                chars[k] = " "
    assert cleaning.blank(text, spans) == "".join(chars)


def test_doc_overrides_are_the_rows_of_the_document_and_scope_in_file_order():
    import pandas as pd

    ov = pd.DataFrame(
        [["d1", "quote", "We", "quoted", "A", "", 2], ["d2", "quote", "x", "author", "", "", 3],
         ["d1", "paragraph", "In", "author", "", "", 4], ["d1", "quote", "They", "quoted", "", "", 5]],
        columns=["doc_id", "scope", "anchor", "voice", "speaker", "note", "line"])
    rows = voices.doc_overrides(ov, "d1", "quote")
    assert [(r.anchor, r.voice, r.speaker, r.line) for r in rows] == [("We", "quoted", "A", 2), ("They", "quoted", "", 5)]
    assert voices.doc_overrides(ov, "d3", "quote") == []
    assert voices.doc_overrides(ov.iloc[:0], "d1", "quote") == []


def test_a_document_without_sentences_keeps_the_column_dtypes_of_the_per_document_frames(make_corpus):
    # a source line alone gives a document without tokens or sentences; the sentence table
    # of such a corpus has object text columns (as when it was concatenated per document)
    c = make_corpus({"a": "Vesti, 2018\n", "b": "He said it. Then he left."})
    assert c.documents.n_sentences.tolist() == [0, 2]
    assert c.sentences.text.dtype == object and c.sentences.speaker.dtype == object
    assert c.sentences.text.tolist() == ["He said it.", "Then he left."]


def test_a_large_load_returns_freed_memory_and_gives_the_same_tables(make_corpus, monkeypatch):
    """Above TRIM_TOKENS the loader hands freed heap back (malloc_trim on glibc) after the
    per-document parts are freed; the tables are those of a load below the threshold."""
    import pandas as pd

    texts = {"a": "NATO said “the bombing will go on until Serbia yields,” and Moscow objected.",
             "b": "Russia's envoy met the Kosovo delegation. “We will not accept this,” he said."}
    small = make_corpus(texts)
    calls = []
    real = pipeline._return_freed_memory
    monkeypatch.setattr(pipeline, "TRIM_TOKENS", 1)
    monkeypatch.setattr(pipeline, "_return_freed_memory", lambda: calls.append(1) or real())
    big = make_corpus(texts)
    assert calls == [1]
    for name in ("documents", "sentences", "tokens", "residue", "quotes"):
        pd.testing.assert_frame_equal(getattr(big, name), getattr(small, name), check_exact=True)


def test_complete_consumes_the_runs_it_is_given(tmp_path):
    from analysis.corpus.workers import load_run
    from toy import write_corpus

    folder = write_corpus(tmp_path / "c", {"a": "One sentence here. Another one there.", "b": "More words."})
    manifest, rules, overrides, store, sha, _ = pipeline.read_inputs(folder, False, 4)
    rows = [row._asdict() for row in manifest.itertuples(index=False)]
    runs = [load_run(folder, rows[:1], rules, overrides, 4)[0], load_run(folder, rows[1:], rules, overrides, 4)[0]]
    corpus = pipeline.finish_load(folder, manifest, rules, runs, [], 4, store=store, sha=sha)
    assert runs == [] and len(corpus.tokens) == 8


@settings(max_examples=300, deadline=None)
@given(st.one_of(text_st, st.text(), st.text(st.sampled_from(list(TRICKY) + list(T.INVISIBLE) + ["“", "„", "«", "‹"]))))
def test_the_character_tests_equal_their_regular_expressions(text):
    # the quick "any of these characters?" tests that let a document skip a step
    assert T.has_invisible(text) == (T.INVISIBLE_RE.search(text) is not None)
    assert voices.has_quote_marks(text) == (voices._QUOTE_CHARS.search(text) is not None)
