"""analysis.kwic: concordances agree with hits, word lists and NLTK; sorting; HTML escaping."""

from __future__ import annotations

import fnmatch
import re
import warnings

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.concordance import KWIC_COLUMNS, kwic, kwic_html, save_kwic
from analysis.matcher import match
from analysis.tokens import fold, normalize
from analysis.wordlists import frequencies, ngrams
from toy import build, seeds


def ws(s: str) -> str:
    return re.sub(r"\s+", " ", s)


# --------------------------------------------------------------------------- agreement


def test_kwic_lines_are_the_hits_in_the_same_order():
    c = seeds()
    pats = {"Russia": ["Russia*", "Moscow", "Kremlin", "Putin"], "NATO": ["NATO", "North Atlantic Council"]}
    h = match(c, pats)
    k = kwic(c, pats)
    assert tuple(k.columns) == KWIC_COLUMNS
    cols = ["doc_id", "group", "sent_id", "voice", "speaker", "i", "j", "pattern", "category", "start", "end"]
    pd.testing.assert_frame_equal(k[cols], h[cols])
    assert (k.match == h.match.map(ws)).all()


VOCAB = list(frequencies(seeds()).term)


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(VOCAB), st.integers(min_value=0, max_value=3), st.booleans())
def test_counts_agree_kwic_hits_wordlist(term, cut, glob):
    """For any word or prefix glob: KWIC lines = hits = word-list frequency (whole tokens: a
    word list counts tokens, so parts of hyphenated tokens are left out here)."""
    c = seeds()
    pattern = term[: max(1, len(term) - cut)] + "*" if glob else term
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        n_kwic = len(kwic(c, pattern, parts=False))
        n_hits = len(match(c, pattern, parts=False))
    wl = frequencies(c)
    folded = fold(pattern)
    # fnmatch is an independent glob implementation ("[" does not occur in the terms)
    n_list = int(wl.loc[[fnmatch.fnmatchcase(t, folded) for t in wl.term], "n"].sum())
    assert n_kwic == n_hits == n_list > 0


@pytest.mark.parametrize("n", [2, 3])
def test_counts_agree_for_phrases_and_ngrams(n):
    c = seeds()
    ng = ngrams(c, n, min_freq=1)
    sample = ng.iloc[np.r_[0:15, len(ng) - 15: len(ng)]]
    for term, freq in zip(sample.term, sample.n):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            assert len(kwic(c, term)) == len(match(c, term)) == freq, term


@pytest.mark.parametrize("word", ["putin", "nato", "kosovo", "the", "milosevic", "'s", "north", "sector"])
def test_positions_equal_nltk_concordance_index(word):
    from nltk.text import ConcordanceIndex

    c = seeds()
    toks = c.tokens.token.astype(str).tolist()
    ci = ConcordanceIndex(toks, key=normalize)
    offset = c.tokens.groupby("doc_id", observed=False).size().cumsum().shift(fill_value=0)
    k = kwic(c, word, parts=False)  # NLTK indexes whole tokens
    positions = (k.doc_id.map(offset).astype(int) + k.i).tolist()
    assert positions == ci.offsets(word) and len(positions) > 0


@pytest.mark.parametrize("word", ["putin", "kosovo", "serbia", "nato"])
def test_parts_of_hyphenated_tokens_are_found_as_well(word):
    """With parts (the default), a word also matches a capitalised part of a hyphenated token:
    the positions are NLTK's plus the tokens whose hyphen parts include the word (counted here
    by splitting the tokens as written)."""
    from nltk.text import ConcordanceIndex

    c = seeds()
    toks = c.tokens.token.astype(str).tolist()
    offset = c.tokens.groupby("doc_id", observed=False).size().cumsum().shift(fill_value=0)
    parts = [n for n, t in enumerate(toks) if "-" in t and any(p == p.capitalize() and normalize(p) == word for p in t.split("-") if p)
             and normalize(t) != word]
    want = sorted(ConcordanceIndex(toks, key=normalize).offsets(word) + parts)
    k = kwic(c, word)
    assert (k.doc_id.map(offset).astype(int) + k.i).tolist() == want
    raw = {d: c.raw(d) for d in c.documents.doc_id}
    assert all(normalize(raw[d][a:b]) == word for d, a, b in zip(k.doc_id, k.start, k.end))
    assert all(normalize(m) == word for m in k["match"])


# --------------------------------------------------------------------------- seeds: voice


def test_quoted_voice_finds_clark_words_not_the_narration():
    c = seeds()
    k = kwic(c, "sector", voice="quoted")
    nor = k[k.doc_id == "norris-2014"]
    assert len(nor) == 1
    row = nor.iloc[0]
    assert row.speaker == "Clark" and row.voice == "quoted"
    assert row.left == "first, they would claim their "
    assert row.right == ",” said NATO’s military commander"
    # "Clark" occurs 4 times in norris-2014, always in narration
    assert kwic(c, "Clark").groupby("doc_id", observed=False).size()["norris-2014"] == 4
    assert len(kwic(c, "Clark", voice="quoted")) == 0
    assert set(kwic(c, "Clark", voice="author").voice) == {"author"}


# --------------------------------------------------------------------------- context

TOY = {
    "a": "One two three four five six. Seven eight KEY nine ten, eleven.\n\nTwelve KEY thirteen",
    "b": "KEY fourteen. Fifteen sixteen KEY",
}


@pytest.fixture(scope="module")
def toy():
    return build(TOY)


def test_token_context_crosses_sentences_but_not_documents(toy):
    k = kwic(toy, "key", window=4)
    assert k[["doc_id", "left", "match", "right"]].values.tolist() == [
        ["a", "five six. Seven eight ", "KEY", " nine ten, eleven. Twelve"],
        ["a", "nine ten, eleven. Twelve ", "KEY", " thirteen"],
        ["b", "", "KEY", " fourteen. Fifteen sixteen KEY"],
        ["b", "KEY fourteen. Fifteen sixteen ", "KEY", ""],
    ]


def test_sentence_context_never_crosses_the_sentence(toy):
    k = kwic(toy, "key", window=4, context="sentence")
    assert k[["left", "right"]].values.tolist() == [
        ["Seven eight ", " nine ten, eleven"],
        ["Twelve ", " thirteen"],
        ["", " fourteen"],
        ["Fifteen sixteen ", ""],
    ]
    assert kwic(toy, "key", window=None, context="sentence").left.tolist() == ["Seven eight ", "Twelve ", "", "Fifteen sixteen "]


def test_sentence_context_on_seeds_stays_inside_the_sentence():
    c = seeds()
    k = kwic(c, ["Russia*", "NATO", "Serb*", "'s", "the"], window=12, context="sentence")
    sents = c.sentences.set_index(["doc_id", "sent_id"])
    docs = c.documents.set_index("doc_id").text
    for r in k.itertuples():
        s = sents.loc[(r.doc_id, r.sent_id)]
        sentence = ws(docs[r.doc_id][s.start:s.end])
        assert ws(r.left + r.match + r.right).strip() in sentence


def test_window_counts_tokens(toy):
    k = kwic(toy, "key", window=2)
    assert k.left.tolist()[0] == "Seven eight " and k.right.tolist()[0] == " nine ten"
    assert kwic(toy, "key", window=0).left.tolist() == ["", "", "", ""]


@pytest.mark.slow
@settings(max_examples=40, deadline=None)
@given(st.sampled_from(["Russia*", "NATO", "Milo?evi?", "'s", "the", "North Atlantic Council", "President *", "re:.*ism"]),
       st.integers(min_value=0, max_value=12), st.sampled_from(["token", "sentence"]))
def test_left_match_right_reproduce_the_normalised_span(pattern, window, context):
    c = seeds()
    k = kwic(c, pattern, window=window, context=context)
    t = c.tokens
    texts = c.documents.set_index("doc_id").text
    for r in k.itertuples():
        doc = t[t.doc_id == r.doc_id]
        pool = doc if context == "token" else doc[doc.sent_id == r.sent_id]
        lo, hi = int(pool.i.min()), int(pool.i.max()) + 1
        first, last = max(lo, r.i - window), min(hi, r.j + window) - 1
        starts, ends = doc.set_index("i").start, doc.set_index("i").end
        full = r.left + r.match + r.right
        assert full == ws(texts[r.doc_id][starts[first]:ends[last]])
        assert r.match == ws(c.raw(r.doc_id)[r.start:r.end])
        # empty context: no context token, and the match is its whole token (not a part of "U.S.-Russian")
        assert (r.left == "") == (first == r.i and r.start == starts[r.i])
        assert (r.right == "") == (last == r.j - 1 and r.end == ends[r.j - 1])


def test_left_match_right_equal_clean_text_between_context_tokens(toy):
    k = kwic(toy, "key", window=3)
    t = toy.tokens
    text = toy.documents.set_index("doc_id").text
    for r in k.itertuples():
        doc = t[t.doc_id == r.doc_id].set_index("i")
        lo, hi = max(0, r.i - 3), min(len(doc), r.j + 3)
        assert r.left + r.match + r.right == ws(text[r.doc_id][doc.start[lo]:doc.end[hi - 1]])


# --------------------------------------------------------------------------- sorting


def test_sort_antconc_keys():
    c = build({"d": "the NATO force. a nato plan. The Nato force. Zulu NATO alpha. NATO"})
    k = kwic(c, "NATO", sort=["1R", "1L"], context="sentence", window=1)
    # 1R: alpha, force, force, plan, "" (last NATO: no token, sorts last); ties on 1R
    # broken by 1L: (the, the), then by hit order
    assert list(zip(k.i, k.right.str.strip(), k.left.str.strip())) == [
        (10, "alpha", "Zulu"), (1, "force", "the"), (7, "force", "The"), (4, "plan", "a"), (12, "", ""),
    ]
    k = kwic(c, "NATO", sort="1L", context="sentence")
    assert k.i.tolist() == [4, 1, 7, 10, 12]
    k = kwic(c, "NATO", sort=["match", "2R"], window=1)
    # same folded match everywhere, so 2R decides: a, nato, the, zulu, ""
    assert k.i.tolist() == [1, 10, 4, 7, 12]
    with pytest.raises(ValueError, match="sort key '0L' is not valid.*'match'.*'1L'"):
        kwic(c, "NATO", sort="0L")


def test_sort_keys_beyond_the_window_use_the_context():
    c = build({"d": "b x NATO. a x NATO."})
    assert kwic(c, "NATO", window=1, sort="2L").left.tolist() == ["x ", "x "]
    assert kwic(c, "NATO", window=1, sort="2L").i.tolist() == [5, 2]


# --------------------------------------------------------------------------- hits input, export, validation


def test_kwic_from_a_hits_table():
    c = seeds()
    h = match(c, ["Russia*", "NATO"])
    sub = h.iloc[[5, 1]]
    k = kwic(c, sub)
    assert k[["doc_id", "i", "j", "pattern"]].astype(str).values.tolist() == sub[["doc_id", "i", "j", "pattern"]].astype(str).values.tolist()


def test_save_kwic_round_trip(tmp_path):
    c = seeds()
    k = kwic(c, "Milo?evi?")
    path = save_kwic(k, "03-kwic-test", folder=tmp_path)
    assert path == tmp_path / "03-kwic-test.csv"
    back = pd.read_csv(path, keep_default_na=False)
    assert len(back) == 63 and list(back.columns) == list(KWIC_COLUMNS)
    assert back.left.tolist() == k.left.tolist() and back.i.tolist() == k.i.tolist()
    assert b"\r\n" not in path.read_bytes()


def test_invalid_options():
    c = seeds()
    with pytest.raises(ValueError, match="context='paragraph'.*'token', 'sentence'"):
        kwic(c, "NATO", context="paragraph")
    with pytest.raises(ValueError, match="voice='narrator'.*'author', 'quoted'"):
        kwic(c, "NATO", voice="narrator")
    with pytest.raises(ValueError, match="window=-1"):
        kwic(c, "NATO", window=-1)
    with pytest.raises(ValueError, match="empty pattern"):
        kwic(c, "")


# --------------------------------------------------------------------------- HTML


def test_script_in_a_document_renders_as_inert_text():
    c = build({"x<script>": "<script>alert(1)</script> NATO & Russia said \"no\"."})
    k = kwic(c, ["NATO", "script"])
    view = kwic_html(k)
    h = view._repr_html_()
    assert "<script" not in h.lower().replace("&lt;script", "")
    assert "script&gt;alert(1)&lt;/script&gt; " in h  # left context starts at the token "script"
    assert "<mark>script</mark></td><td class=\"r\">&gt;alert(1)&lt;/script&gt; NATO" in h
    assert "&amp; Russia said &quot;no</td>" in h
    assert "x&lt;script&gt;" in h  # the document id is escaped too
    assert h.count("<mark>") == 3
    assert "<mark>NATO</mark>" in h


def test_html_aligns_the_keyword_column():
    c = seeds()
    v = kwic_html(kwic(c, "Milo?evi?"), max_rows=5)
    assert v.n_rows == 63 and v.n_shown == 5
    assert v.html.count('<td class="l">') == 5 and v.html.count('<td class="r">') == 5
    assert "justify-content:flex-end" in v.html and "text-align:center" in v.html
    assert "5 of 63 concordance lines" in v.html
    with pytest.raises(ValueError, match="'left'"):
        kwic_html(pd.DataFrame({"match": ["x"]}))


def test_html_blocks_by_group_and_voice():
    c = seeds()
    k = kwic(c, "sector")
    v = kwic_html(k, by=["group", "voice"], max_rows=1)
    # monitor-1999: 1 author + 2 quoted (Ivashov); norris-2014: 1 quoted (Clark)
    assert "Monitor 1998–99 · author: 1 of 1 lines" in v.html
    assert "Monitor 1998–99 · quoted: 1 of 2 lines" in v.html
    assert "op-ed · quoted: 1 of 1 lines" in v.html
    assert v.n_shown == 3 and v.html.count("<mark>") == 3
    b = build({"d": "NATO said."}, {"d": "<i>g</i>"})
    assert "&lt;i&gt;g&lt;/i&gt; · author" in kwic_html(kwic(b, "NATO"), by=["group", "voice"]).html
    with pytest.raises(ValueError, match="by column"):
        kwic_html(k, by="nope")


# ---------------------------------------------------------------- the display buffer behind kwic

_PIECES = ["a", "é", "Ж", "€", "𝔘", "😀", " ", "  ", "\n", "\n\n", "\t", "\xa0", "\u2003", "\u3000", "\x85",
           "\u200b", ",", "’", "-", "ﬁ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join), min_size=1, max_size=4),
       st.data(), st.sampled_from(["few", "views", "gather"]), st.booleans())
def test_display_strings_equal_python_slices_collapsed(texts, data, path, collapse):
    """Any [a, b) of any document, cut from the one UTF-8 buffer, equals the Python slice
    (with whitespace runs collapsed when ``collapse``: the KWIC display; else the raw text of
    the hits' ``match`` column), by each of the three paths (a few strings decoded one by one,
    Arrow views, the >2 GiB numpy gather), one column or several cut together. Collapsed
    cuts start at a non-space (token starts) or anywhere after a non-space (token ends)."""
    from analysis._core import texts as kw
    from analysis._core import texts as m

    disp = kw.Utf8Texts(pa.array(texts, pa.large_string()), collapse=collapse)
    if path == "gather":
        disp.size = 2**31  # force the >2 GiB path
    a_s, b_s, want = [], [], []
    for d, t in enumerate(texts):
        starts = [k for k in range(len(t) + 1)
                  if not collapse or k == 0 or k == len(t) or not t[k - 1].isspace() or not t[k].isspace()]
        for _ in range(data.draw(st.integers(0, 4))):
            a = data.draw(st.sampled_from(starts))
            b = data.draw(st.sampled_from([x for x in starts if x >= a]))
            a_s.append(disp.base[d] + a)
            b_s.append(disp.base[d] + b)
            want.append(ws(t[a:b]) if collapse else t[a:b])
    a_s, b_s = disp.locate(np.asarray(a_s, dtype=np.int64)), disp.locate(np.asarray(b_s, dtype=np.int64))
    cuts = sorted(data.draw(st.lists(st.integers(0, len(want)), max_size=3)))
    bounds = list(zip([0] + cuts, cuts + [len(want)]))
    few = m.FEW_STRINGS
    try:
        m.FEW_STRINGS = 10**9 if path == "few" else -1
        got = disp.strings_many([(a_s[x:y], b_s[x:y]) for x, y in bounds])
        one = disp.strings(a_s, b_s)
    finally:
        m.FEW_STRINGS = few
    assert [list(g) for g in got] == [want[x:y] for x, y in bounds]
    assert list(one) == want
    assert all(str(g.dtype) == "str" for g in got + [one])


def test_display_counts_bytes_and_collapses_by_hand():
    from analysis._core import texts as kw

    disp = kw.Utf8Texts(pa.array(["ab  c", "é\n\nx😀 y"], pa.large_string()), collapse=True)
    # doc 0: a b ␠ ␠ c → 'ab c' (one space dropped); doc 1 starts at char 5
    assert disp.base.tolist() == [0, 5]
    assert bytes(disp.buf[: disp.size]).decode() == "ab cé x😀 y"
    assert disp.locate(np.array([0, 2, 4, 5, 6, 8, 9, 10])).tolist() == [0, 2, 3, 4, 6, 7, 8, 12]
    s = disp.strings(disp.locate(np.array([0, 5, 9])), disp.locate(np.array([5, 9, 11])))
    assert list(s) == ["ab c", "é x", "😀 "]


def test_old_names_keep_working_for_one_release(toy):
    """unit= (the context span) → context=; the module constant UNITS → CONTEXTS."""
    with pytest.warns(DeprecationWarning, match=r"kwic\(unit=…\) is now kwic\(context=…\)") as rec:
        old = kwic(toy, "key", window=4, unit="sentence")
    assert rec[0].filename == __file__  # the warning points at the line that used the old name
    pd.testing.assert_frame_equal(old, kwic(toy, "key", window=4, context="sentence"))
    with pytest.warns(DeprecationWarning, match="UNITS is now analysis.concordance.CONTEXTS"):
        from analysis.concordance import UNITS
    assert UNITS == ("token", "sentence")
