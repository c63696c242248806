"""Tests for analysis.collocates: hand counts, boundaries, and NLTK's association measures."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
from pandas.testing import assert_frame_equal
from scipy import stats

from analysis.collocation import association, collocates
from toy import build

# Toy corpus (norms case-folded), token rows 0–27:
#   a (A): the cat sat on the mat . | the cat ate the fish .      rows 0–10
#   b (B): a dog sat on a log .  ¶  the dog ate .                 rows 11–19
#   c (B): the cat and the dog . | a cat sat .                    rows 20–27
TEXTS = {
    "a": "The cat sat on the mat. The cat ate the fish.\n",
    "b": "A dog sat on a log.\n\nThe dog ate.\n",
    "c": "The cat and the dog. A cat sat.\n",
}
GROUPS = {"a": "A", "b": "B", "c": "B"}
YEARS = {"a": {"year": "1998"}, "b": {"year": "1999"}, "c": {"year": "1999"}}
N = 28
FREQ = Counter("the cat sat on the mat the cat ate the fish a dog sat on a log the dog ate the cat and the dog a cat sat".split())

# A longer single-document text for the comparison with NLTK's finder.
LONG = (
    "The war in Kosovo began in March. NATO bombed Serbia and the war in Kosovo ended in June. "
    "Russia opposed the war. The Russian army moved to Pristina, and NATO troops followed the Russian army. "
    "The war changed Russia and NATO. In June the army left; in March the war began again in the press.\n"
)


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    return build(TEXTS, GROUPS, extra=YEARS, folder=tmp_path_factory.mktemp("toy"))


@pytest.fixture(scope="module")
def long_doc(tmp_path_factory):
    return build({"x": LONG}, {"x": "X"}, folder=tmp_path_factory.mktemp("long"))


def colls(corpus, node, **kw):
    kw.setdefault("min_freq", 1)
    kw.setdefault("min_node_freq", 1)
    return collocates(corpus, node, **kw)


# --------------------------------------------------------------------------- hand counts


def test_counts_and_statistics_by_hand(toy):
    # cat at a[1], a[7], c[1], c[6]; window (1, 1):
    #   the|sat, the|ate, the|and, a|sat  → the 3 (left), sat 2 (right), ate 1, and 1, a 1
    cl = colls(toy, "cat", window=(1, 1))
    got = cl.set_index("collocate")
    assert dict(got.n) == {"the": 3, "sat": 2, "ate": 1, "and": 1, "a": 1}
    assert got.loc["the", "n_left"] == 3 and got.loc["the", "n_right"] == 0
    assert got.loc["sat", "n_left"] == 0 and got.loc["sat", "n_right"] == 2
    assert (got.n_node == 4).all() and (got.n_tokens == N).all() and (got.span == 8).all()
    for w in got.index:
        assert got.loc[w, "n_collocate"] == FREQ[w]
    # "the": O = 3, E = 4 · 7 · 2 / 28 = 2
    row = got.loc["the"]
    assert row.expected == pytest.approx(2.0)
    assert row.mi == pytest.approx(math.log2(3 / 2))
    assert row.t_score == pytest.approx((3 - 2) / math.sqrt(3))
    assert row.log_dice == pytest.approx(14 + math.log2(2 * 3 / (4 + 7)))
    # G²: window positions K = 8 → [[O, K − O], [f_coll − O, N − K − f_coll + O]]
    table = np.array([[3, 5], [4, 28 - 8 - 7 + 3]])
    assert row.g2 == pytest.approx(stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    # "a": O = 1 < E = 4 · 3 · 2 / 28 → negative G²
    ra = got.loc["a"]
    table = np.array([[1, 7], [2, 28 - 8 - 3 + 1]])
    assert ra.expected == pytest.approx(24 / 28)
    assert ra.n > ra.expected and ra.g2 > 0  # 1 > 0.857: attraction, however slight
    assert ra.g2 == pytest.approx(stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert cl.node.unique().tolist() == ["cat"]
    assert "nominal span" in cl.attrs["variant"]


def test_negative_association_is_signed():
    # O = 1 where E = 10 · 10 · 1 / 20 = 5: repulsion → negative G² and t
    res = association(O=1, f_node=10, f_coll=10, N=20)  # the formula symbols
    assert res["expected"] == pytest.approx(5.0)
    table = np.array([[1, 9], [9, 1]])
    assert res["g2"] == pytest.approx(-stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert res["t_score"] == pytest.approx((1 - 5) / 1)


def test_window_stays_inside_document(toy):
    # fish is the last token of a; a and dog open b: never its collocates
    assert colls(toy, "fish", window=(0, 3)).empty
    cl = colls(toy, "log", window=(0, 5))  # log, the, dog, ate: then b ends
    assert sorted(cl.collocate) == ["ate", "dog", "the"]
    # c's first token "the" has no left context in b
    cl = colls(toy, "and", window=(3, 0))
    assert sorted(cl.collocate) == ["cat", "the"]


def test_sentence_boundary_option(toy):
    # mat ends a's first sentence: document-bounded windows reach "the cat" of the next
    doc = colls(toy, "mat", window=(0, 2))
    assert sorted(doc.collocate) == ["cat", "the"]
    assert colls(toy, "mat", window=(0, 2), boundary="sentence").empty
    left = colls(toy, "mat", window=(2, 0), boundary="sentence")
    assert sorted(left.collocate) == ["on", "the"]


def test_expected_from_window_positions(toy):
    # window (2, 2) around cat: a[1] 3 positions, a[7] 4, c[1] 3, c[6] 3 → W = 13
    cl = colls(toy, "cat", window=(2, 2), expected="window").set_index("collocate")
    assert (cl.span == 13).all()
    assert cl.loc["the", "expected"] == pytest.approx(7 * 13 / 28)
    nominal = colls(toy, "cat", window=(2, 2)).set_index("collocate")
    assert (nominal.span == 16).all()
    assert nominal.loc["the", "expected"] == pytest.approx(4 * 7 * 4 / 28)
    assert "W = window positions" in colls(toy, "cat", window=(2, 2), expected="window").attrs["variant"]


def test_by_group_counts_within_stratum(toy):
    cl = colls(toy, "cat", window=(1, 1), by="group")
    assert list(cl.columns[:3]) == ["group", "node", "collocate"]
    a = cl[cl.group == "A"].set_index("collocate")
    b = cl[cl.group == "B"].set_index("collocate")
    assert dict(a.n) == {"the": 2, "sat": 1, "ate": 1}
    assert dict(b.n) == {"the": 1, "and": 1, "a": 1, "sat": 1}
    assert (a.n_tokens == 11).all() and (b.n_tokens == 17).all()
    assert (a.n_node == 2).all() and (b.n_node == 2).all()
    assert a.loc["the", "n_collocate"] == 4 and b.loc["the", "n_collocate"] == 3 and b.loc["sat", "n_collocate"] == 2
    assert b.loc["the", "expected"] == pytest.approx(2 * 3 * 2 / 17)
    # strata in category order, then log_dice descending, then collocate
    assert cl.group.tolist() == sorted(cl.group.tolist())


def test_by_doc_and_min_node_freq_warning(toy):
    # "the": 4 times in a, once in b, twice in c
    with pytest.warns(UserWarning, match="fewer than 2 times in: b; skipped"):
        cl = collocates(toy, "the", window=(0, 1), by="doc_id", min_freq=1, min_node_freq=2)
    assert cl.doc_id.unique().tolist() == ["a", "c"]
    assert dict(zip(cl[cl.doc_id == "c"].collocate, cl[cl.doc_id == "c"].n)) == {"cat": 1, "dog": 1}
    assert (cl[cl.doc_id == "a"].n_tokens == 11).all()


def test_phrase_node_from_hits_table(toy):
    # "the cat" at a[0:2], a[6:8], c[0:2]; window (1, 1) around the span
    hits = pd.DataFrame({"doc_id": ["a", "a", "c"], "i": [0, 6, 0], "j": [2, 8, 2]})
    cl = colls(toy, hits, window=(1, 1)).set_index("collocate")
    assert dict(cl.n) == {"mat": 1, "sat": 1, "ate": 1, "and": 1}
    assert (cl.n_node == 3).all()
    assert cl.loc["mat", "n_left"] == 1 and cl.loc["sat", "n_right"] == 1


def test_mask_node_and_form_token(toy):
    mask = (toy.tokens.norm == "dog").to_numpy()
    assert_frame_equal(
        colls(toy, mask, window=(1, 1)).drop(columns="node"), colls(toy, "Dog", window=(1, 1)).drop(columns="node")
    )
    tok = colls(toy, "cat", window=(1, 0), form="token")
    assert dict(zip(tok.collocate, tok.n)) == {"The": 3, "A": 1}  # a[0], a[6], c[0]; c[5]


def test_stop_words_removed_from_output_only(toy):
    full = colls(toy, "cat", window=(1, 1)).set_index("collocate")
    cut = colls(toy, "cat", window=(1, 1), stop_words=["the", "a", "and"]).set_index("collocate")
    assert sorted(cut.index) == ["ate", "sat"]
    assert_frame_equal(cut, full.loc[cut.index].sort_values(["log_dice"], ascending=False, kind="mergesort"))


def test_deterministic_and_sorted(toy):
    one = colls(toy, "the", window=(3, 3), sort="g2")
    two = colls(toy, "the", window=(3, 3), sort="g2")
    assert_frame_equal(one, two)
    assert isinstance(one.index, pd.RangeIndex)
    assert_frame_equal(one, one.sort_values(["g2", "collocate"], ascending=[False, True]).reset_index(drop=True))


def test_errors(toy):
    with pytest.raises(ValueError, match="window must be"):
        collocates(toy, "cat", window=(0, 0))
    with pytest.raises(ValueError, match="sort must be one of"):
        collocates(toy, "cat", sort="dice")
    with pytest.raises(ValueError, match="boundary must be one of"):
        collocates(toy, "cat", boundary="paragraph")
    with pytest.raises(TypeError, match="node must be"):
        collocates(toy, 42)
    with pytest.warns(UserWarning, match="does not occur"):
        assert collocates(toy, "zebra", min_node_freq=1).empty
    with pytest.warns(UserWarning, match=r"\['zebra'\] never occur"):
        collocates(toy, ["cat", "zebra"], min_node_freq=1)


# --------------------------------------------------------------------------- NLTK


def test_adjacent_bigrams_equal_nltk_finder(long_doc):
    words = long_doc.tokens.norm.astype(str).tolist()
    finder = BigramCollocationFinder.from_words(words)  # one document: no cross-document pairs
    m = BigramAssocMeasures
    checked = 0
    for node in sorted(set(words)):
        cl = colls(long_doc, node, window=(0, 1))
        for row in cl.itertuples():
            assert row.n == finder.ngram_fd[(node, row.collocate)]
            assert row.mi == pytest.approx(finder.score_ngram(m.pmi, node, row.collocate), rel=1e-9)
            assert row.t_score == pytest.approx(finder.score_ngram(m.student_t, node, row.collocate), rel=1e-9)
            assert abs(row.g2) == pytest.approx(finder.score_ngram(m.likelihood_ratio, node, row.collocate), rel=1e-9)
            checked += 1
    assert checked == len(finder.ngram_fd)  # every bigram of the text was compared


def test_adjacent_bigrams_equal_nltk_measures_across_documents(toy):
    import nltk

    docs = [toy.tokens[toy.tokens.doc_id == d].norm.astype(str).tolist() for d in ("a", "b", "c")]
    bigrams = Counter(bg for words in docs for bg in nltk.bigrams(words))  # within documents
    unigrams = Counter(w for words in docs for w in words)
    n = sum(unigrams.values())
    m = BigramAssocMeasures
    for node in sorted(unigrams):
        cl = colls(toy, node, window=(0, 1))
        assert dict(zip(cl.collocate, cl.n)) == {w2: k for (w1, w2), k in bigrams.items() if w1 == node}
        for row in cl.itertuples():
            args = (row.n, (unigrams[node], unigrams[row.collocate]), n)
            assert row.mi == pytest.approx(m.pmi(*args), rel=1e-9)
            assert row.t_score == pytest.approx(m.student_t(*args), rel=1e-9)
            assert abs(row.g2) == pytest.approx(m.likelihood_ratio(*args), rel=1e-9, abs=1e-9)


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_association_finite(data):
    n = data.draw(st.integers(2, 10_000))
    f_node = data.draw(st.integers(1, n))
    f_coll = data.draw(st.integers(1, n))
    span = data.draw(st.integers(1, 10))
    o = data.draw(st.integers(1, max(1, min(f_coll, f_node * span))))
    res = association(o, f_node, f_coll, n, span)
    for name, v in res.items():
        assert np.isfinite(v).all(), name
    assert np.sign(res["g2"]) == np.sign(o - res["expected"]) or res["g2"] == 0


@pytest.fixture(scope="module")
def toy_prop(tmp_path_factory):
    return build(TEXTS, GROUPS, extra=YEARS, folder=tmp_path_factory.mktemp("toy_prop"))


@settings(max_examples=60, deadline=None)
@given(
    bits=st.lists(st.booleans(), min_size=28, max_size=28).filter(any),
    left=st.integers(0, 4),
    right=st.integers(0, 4),
    sentence=st.booleans(),
)
def test_collocate_table_never_inf_or_nan(toy_prop, bits, left, right, sentence):
    if left + right == 0:
        right = 1
    cl = colls(toy_prop, np.asarray(bits), window=(left, right), boundary="sentence" if sentence else "document")
    num = ["expected", "mi", "t_score", "g2", "log_dice"]
    assert np.isfinite(cl[num].to_numpy(dtype=float)).all()
    assert (cl.n == cl.n_left + cl.n_right).all()
    assert (cl.n_left == 0).all() if left == 0 else True
    # total co-occurrences never exceed window positions
    assert cl.n.sum() <= sum(bits) * (left + right)


def test_pattern_nodes_through_match(toy):
    hits = pd.DataFrame({"doc_id": ["a", "a", "c"], "i": [0, 6, 0], "j": [2, 8, 2]})
    phrase = colls(toy, "the cat", window=(1, 1))
    assert_frame_equal(phrase.drop(columns="node"), colls(toy, hits, window=(1, 1)).drop(columns="node"))
    assert phrase.node.unique().tolist() == ["the cat"]
    cat = colls(toy, "cat", window=(2, 2)).drop(columns="node")
    assert_frame_equal(colls(toy, "ca*", window=(2, 2)).drop(columns="node"), cat)
    # a span hit by two patterns is one node occurrence
    assert_frame_equal(colls(toy, ["cat", "c?t"], window=(2, 2)).drop(columns="node"), cat)


def test_by_voice_drops_positions_of_the_other_voice(tmp_path):
    # tokens: the general said | “the war is over now” (quoted) | and left the room. The war went on.
    corpus = build({"v": "The general said “the war is over now” and left the room. The war went on.\n"}, {"v": "A"},
                   folder=tmp_path / "v")
    assert corpus.tokens.voice.tolist()[3:8] == ["quoted"] * 5
    cl = colls(corpus, "war", window=(3, 3), by="voice")
    q = cl[cl.voice == "quoted"].set_index("collocate")
    a = cl[cl.voice == "author"].set_index("collocate")
    assert dict(q.n) == {"the": 1, "is": 1, "over": 1, "now": 1}  # "said", "general" dropped
    assert dict(a.n) == {"the": 2, "room": 1, "went": 1, "on": 1}
    assert (q.n_tokens == 5).all() and (a.n_tokens == 11).all()
    assert q.loc["the", "n_collocate"] == 1 and a.loc["the", "n_collocate"] == 3
    assert (q.span == 6).all() and (a.span == 6).all()
    pooled = colls(corpus, "war", window=(3, 3)).set_index("collocate")
    assert pooled.loc["the", "n"] == 3 and pooled.loc["said", "n"] == 1


def test_right_window_relates_to_nltk_window_finder(long_doc):
    # NLTK's from_words(window_size=w) counts w2 up to w − 1 tokens right of w1 and
    # scores n_ii = count / (w − 1): the same PMI as our nominal span correction,
    # and a t-score smaller by √(w − 1).
    words = long_doc.tokens.norm.astype(str).tolist()
    w = 4
    finder = BigramCollocationFinder.from_words(words, window_size=w)
    m = BigramAssocMeasures
    checked = 0
    for node in ("war", "nato", "the", "in"):
        for row in colls(long_doc, node, window=(0, w - 1)).itertuples():
            assert row.n == finder.ngram_fd[(node, row.collocate)]
            assert row.mi == pytest.approx(finder.score_ngram(m.pmi, node, row.collocate), rel=1e-9)
            nltk_t = finder.score_ngram(m.student_t, node, row.collocate)
            assert row.t_score == pytest.approx(nltk_t * math.sqrt(w - 1), rel=1e-9)
            checked += 1
    assert checked > 20


def test_collocates_by_actor_leave_out_the_actors_own_names(seeds):
    from analysis.collocation import collocates_by_actor
    from analysis.framing import lexicon_hits

    hits = lexicon_hits(seeds, "actors")
    c = collocates_by_actor(seeds, hits, actors=["Russia", "Serbia"])
    russia = set(c[c.actor == "Russia"].collocate)
    # Russia's names and the first names / titles written before them are not its company …
    assert not {"putin", "moscow", "russian", "igor", "yeltsin"} & russia
    assert not any(x.isdigit() for x in russia)  # "October 5", "Article 5"
    # … other actors are (Russia keeps company with Kosovo and NATO in the briefs)
    assert {"kosovo", "nato"} <= set(c[(c.actor == "Russia") & (c.group == "Monitor 1998–99")].collocate)
    assert "slobodan" not in set(c[c.actor == "Serbia"].collocate)
    kept = collocates_by_actor(seeds, hits, actors=["Russia"], keep_aliases=True)
    assert "igor" in set(kept.collocate) and "5" in set(kept.collocate)


def test_old_names_keep_working_for_one_release(toy):
    """unit= → form=, by="doc" → "doc_id", sort="O" → "n"; columns O, O_left, O_right,
    f_node, f_coll, N, E → n, n_left, n_right, n_node, n_collocate, n_tokens, expected."""
    new = collocates(toy, "the", window=(0, 1), by="doc_id", min_freq=1, min_node_freq=1, form="token", sort="n")
    with pytest.warns(DeprecationWarning) as rec:
        old = collocates(toy, "the", window=(0, 1), by="doc", min_freq=1, min_node_freq=1, unit="token", sort="O")
    assert {str(w.message).split(";")[0] for w in rec} == {
        "collocates(unit=…) is now collocates(form=…)", "collocates(by='doc') is now collocates(by='doc_id')",
        "collocates(sort='O') is now collocates(sort='n')"}
    pd.testing.assert_frame_equal(old, new)
    for before, after in [("O", "n"), ("O_left", "n_left"), ("O_right", "n_right"), ("f_node", "n_node"),
                          ("f_coll", "n_collocate"), ("N", "n_tokens"), ("E", "expected")]:
        with pytest.warns(DeprecationWarning, match=f"column '{before}' is now '{after}'"):
            assert old[before].tolist() == new[after].tolist()
    with pytest.warns(DeprecationWarning, match="key 'E' is now 'expected'"):
        assert association(1, 10, 10, 20)["E"] == pytest.approx(5.0)


def test_collocates_by_actor_keeps_none_meaning_the_default_list_for_one_release(toy):
    """stop_words=None meant the default list in collocates_by_actor (None means no stop words
    everywhere else): that meaning is kept one release, with a warning; the default is "default"."""
    from analysis.collocation import collocates_by_actor
    from analysis.matcher import match

    hits = match(toy, {"Cat": ["cat"]})
    kw = dict(actors=["Cat"], voice=None, window=(2, 2), by=None, min_freq=1)
    default = collocates_by_actor(toy, hits, **kw)
    assert "the" not in set(default.collocate)
    with pytest.warns(DeprecationWarning, match=r"stop_words=None\) is now .*stop_words='default'\): None meant"):
        old = collocates_by_actor(toy, hits, stop_words=None, **kw)
    assert_frame_equal(old, default)
    assert "the" in set(collocates_by_actor(toy, hits, stop_words=(), **kw).collocate)
