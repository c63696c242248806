"""analysis.wordlists: frequency, rate, range, Gries' DP; n-grams; stop words."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.matcher import match
from analysis.wordlists import frequencies, ngrams, read_stop_words, stop_words
from toy import build, seeds

COLS = ["term", "n", "n_tokens", "per_1000", "range", "n_parts", "dp", "dp_norm"]


@pytest.fixture(scope="module")
def toy():
    # d1: 4 tokens, d2: 2 tokens (group g1); d3: 4 tokens (group g2); 10 tokens in all
    return build(
        {"d1": "Alpha beta alpha gamma.", "d2": "alpha delta.", "d3": "Epsilon zeta eta theta."},
        {"d1": "g1", "d2": "g1", "d3": "g2"},
    )


def test_frequencies_and_dp_by_hand(toy):
    # s = (.4, .2, .4).  alpha: v = (2/3, 1/3, 0): |2/3-.4| + |1/3-.2| + |0-.4| = .8 -> DP .4,
    # DP_norm = .4 / (1 - .2) = .5.  beta: v = (1, 0, 0): .6 + .2 + .4 = 1.2 -> .6, .75.
    # delta: v = (0, 1, 0): .4 + .8 + .4 = 1.6 -> .8, 1.0.  epsilon: .4 + .2 + .6 -> .6, .75.
    wl = frequencies(toy)
    assert list(wl.columns) == COLS and isinstance(wl.index, pd.RangeIndex)
    assert wl.term.tolist() == ["alpha", "beta", "delta", "epsilon", "eta", "gamma", "theta", "zeta"]
    assert wl.n.tolist() == [3, 1, 1, 1, 1, 1, 1, 1]
    assert wl.range.tolist() == [2, 1, 1, 1, 1, 1, 1, 1]
    assert (wl.n_tokens == 10).all() and (wl.n_parts == 3).all()
    np.testing.assert_allclose(wl.per_1000, [300, 100, 100, 100, 100, 100, 100, 100])
    np.testing.assert_allclose(wl.dp, [0.4, 0.6, 0.8, 0.6, 0.6, 0.6, 0.6, 0.6])
    np.testing.assert_allclose(wl.dp_norm, [0.5, 0.75, 1.0, 0.75, 0.75, 0.75, 0.75, 0.75])


def test_frequencies_by_group_by_hand(toy):
    # g1: d1 (4) + d2 (2), s = (2/3, 1/3).  alpha v = (2/3, 1/3) -> DP 0.  beta v = (1, 0):
    # 1/3 + 1/3 = 2/3 -> DP 1/3, DP_norm (1/3) / (2/3) = .5.  delta v = (0, 1): 2/3 + 2/3 -> 2/3,
    # DP_norm 1.  g2 is one document: DP 0, DP_norm undefined (NaN).
    wl = frequencies(toy, by="group")
    assert list(wl.columns) == ["group"] + COLS
    g1 = wl[wl.group == "g1"]
    assert g1.term.tolist() == ["alpha", "beta", "delta", "gamma"]
    assert g1.n.tolist() == [3, 1, 1, 1] and (g1.n_tokens == 6).all() and (g1.n_parts == 2).all()
    np.testing.assert_allclose(g1.per_1000, [500, 1000 / 6, 1000 / 6, 1000 / 6])
    np.testing.assert_allclose(g1.dp, [0, 1 / 3, 2 / 3, 1 / 3], atol=1e-12)
    np.testing.assert_allclose(g1.dp_norm, [0, 0.5, 1.0, 0.5], atol=1e-12)
    g2 = wl[wl.group == "g2"]
    assert g2.term.tolist() == ["epsilon", "eta", "theta", "zeta"]
    assert (g2.dp == 0).all() and g2.dp_norm.isna().all() and (g2.n_parts == 1).all()


def test_frequencies_by_doc_and_token_form(toy):
    wl = frequencies(toy, by="doc_id")
    assert wl.doc_id.astype(str).tolist()[:4] == ["d1", "d1", "d1", "d2"]
    assert wl[wl.doc_id == "d1"].n.tolist() == [2, 1, 1]
    assert wl.dp_norm.isna().all()
    tok = frequencies(toy, form="token")
    assert dict(zip(tok.term, tok.n))["alpha"] == 2 and dict(zip(tok.term, tok.n))["Alpha"] == 1


def test_frequencies_by_voice():
    c = build({"d": "“We will decide soon, and we will decide well,” said Clark. Clark will decide."})
    wl = frequencies(c, by="voice")
    got = {(v, t): f for v, t, f in zip(wl.voice, wl.term, wl.n)}
    assert got[("quoted", "decide")] == 2 and got[("author", "decide")] == 1
    assert got[("quoted", "we")] == 2 and ("author", "we") not in got
    assert wl.groupby("voice", observed=True).n_tokens.first().to_dict() == {"author": 5, "quoted": 9}


def test_dp_matches_a_naive_implementation_on_seeds():
    c = seeds()
    wl = frequencies(c).set_index("term")
    docs = {d: g.norm.astype(str).tolist() for d, g in c.tokens.groupby("doc_id", observed=False)}
    total = sum(len(t) for t in docs.values())
    for term in ["putin", "milosevic", "nato", "the", "kosovo", "sector", "ukraine"]:
        f = sum(t.count(term) for t in docs.values())
        dp = 0.5 * sum(abs(t.count(term) / f - len(t) / total) for t in docs.values())
        min_s = min(len(t) / total for t in docs.values())
        assert wl.loc[term, "n"] == f
        assert wl.loc[term, "range"] == sum(term in t for t in docs.values())
        assert math.isclose(wl.loc[term, "dp"], dp, rel_tol=1e-12)
        assert math.isclose(wl.loc[term, "dp_norm"], dp / (1 - min_s), rel_tol=1e-12)


def test_word_list_frequency_equals_hits():
    c = seeds()
    wl = frequencies(c)
    assert wl.n.sum() == len(c.tokens)
    f = dict(zip(wl.term, wl.n))
    for term in ["putin", "milosevic", "'s", "u.s.", "u.s.-russian", "first-round", "don't", "2000"]:
        assert len(match(c, term, parts=False)) == f[term], term  # whole tokens, as a word list counts them


def test_sort_is_n_descending_then_term():
    wl = frequencies(seeds(), by="group")
    for _, g in wl.groupby("group", observed=True):
        key = list(zip(-g.n, g.term))
        assert key == sorted(key)


# --------------------------------------------------------------------------- stop words


def test_stop_words_default_and_domain_file(tmp_path):
    sw = stop_words()
    assert {"the", "and", "'s", "don't", "said", "mr"} <= sw
    assert not {"russia", "nato", "serbia", "war"} & sw
    assert "kosovo" in stop_words(["Kosovo"])
    domain = read_stop_words()
    assert "'s" in domain and not any(w.startswith("#") for w in domain)
    p = tmp_path / "sw.txt"
    p.write_text("# comment\n\n’S\nDon’t  # trailing comment\nMilošević\n", encoding="utf-8")
    assert read_stop_words(p) == ["'s", "don't", "milosevic"]


def test_stop_words_leave_the_list_but_not_the_token_count():
    c = build({"d": "The cat’s hat said the cat."})
    assert frequencies(c).n_tokens.unique().tolist() == [7]
    wl = frequencies(c, stop_words="default")
    assert list(zip(wl.term, wl.n, wl.n_tokens)) == [("cat", 2, 7), ("hat", 1, 7)]
    wl = frequencies(c, stop_words=["CAT"])
    assert "cat" not in set(wl.term) and "the" in set(wl.term)
    wl = frequencies(c, stop_words="english")  # scikit-learn's list: "said" and "'s" stay
    assert list(zip(wl.term, wl.n)) == [("cat", 2), ("'s", 1), ("hat", 1), ("said", 1)]
    with pytest.raises(ValueError, match="stop_words='domain'.*None.*'english'.*'default'"):
        frequencies(c, stop_words="domain")


@pytest.mark.parametrize("value", ["english", "default"])
def test_a_stop_list_name_means_one_list_in_every_module(seeds, value):
    """"english" is scikit-learn's 318 words, "default" adds the domain list, in word lists,
    vectors, keywords and collocation alike."""
    from analysis import collocates, keyness, tfidf
    from analysis._core.stopwords import named_stop_words

    words = named_stop_words(value)
    assert len(words) == 318 if value == "english" else len(words) > 318
    assert not set(frequencies(seeds, stop_words=value).term) & words
    assert not set(tfidf(seeds, by="group", top=None, stop_words=value).term) & words
    assert not set(keyness(seeds, target="op-ed", min_freq=1, stop_words=value).term) & words
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert not set(collocates(seeds, "NATO", min_freq=1, stop_words=value).collocate) & words


# --------------------------------------------------------------------------- n-grams


@pytest.fixture(scope="module")
def wartoy():
    return build({"d1": "the war in Kosovo. The war in Kosovo ended. War in Kosovo!", "d2": "The war."})


def test_bigrams_within_sentences_by_hand(wartoy):
    ng = ngrams(wartoy, 2, min_freq=1)
    assert list(ng.columns) == ["length"] + COLS
    assert list(zip(ng.term, ng.n, ng.range)) == [
        ("in kosovo", 3, 1), ("the war", 3, 2), ("war in", 3, 1), ("kosovo ended", 1, 1),
    ]
    assert "kosovo the" not in set(ng.term) and "kosovo war" not in set(ng.term)
    assert ngrams(wartoy, 2).term.tolist() == ["in kosovo", "the war", "war in"]  # min_freq=2
    assert ngrams(wartoy, 2, min_range=2).term.tolist() == ["the war"]


def test_trigrams_and_stop_words(wartoy):
    ng = ngrams(wartoy, 3, min_freq=1)
    assert list(zip(ng.term, ng.n)) == [("war in kosovo", 3), ("the war in", 2), ("in kosovo ended", 1)]
    # stop words: drop n-grams that start or end with one
    assert ngrams(wartoy, 3, stop_words="default", min_freq=1).term.tolist() == ["war in kosovo"]
    assert ngrams(wartoy, 2, stop_words="default", min_freq=1).term.tolist() == ["kosovo ended"]
    both = ngrams(wartoy, (2, 3))
    assert list(zip(both.length, both.term)) == [
        (2, "in kosovo"), (2, "the war"), (2, "war in"), (3, "war in kosovo"), (3, "the war in"),
    ]


def test_ngram_by_group_and_dp(wartoy):
    ng = ngrams(wartoy, 2, by="doc_id", min_freq=1)
    assert ng[ng.doc_id == "d2"].term.tolist() == ["the war"]
    # "the war": d1 2 of 3, d2 1 of 3; parts are token counts: d1 12, d2 2 -> s = (6/7, 1/7)
    all_ = ngrams(wartoy, 2).set_index("term")
    assert math.isclose(all_.loc["the war", "dp"], 0.5 * (abs(2 / 3 - 12 / 14) + abs(1 / 3 - 2 / 14)))


def test_invalid_options(wartoy):
    with pytest.raises(ValueError, match="by='sentence'.*'doc_id', 'group', 'voice'"):
        frequencies(wartoy, by="sentence")
    with pytest.raises(ValueError, match="form='lemma'"):
        frequencies(wartoy, form="lemma")
    with pytest.raises(ValueError, match="n=0"):
        ngrams(wartoy, 0)


def test_empty_results_keep_columns(wartoy):
    ng = ngrams(wartoy, 5)
    assert list(ng.columns) == ["length"] + COLS and len(ng) == 0
    wl = frequencies(wartoy, min_freq=100, by="group")
    assert list(wl.columns) == ["group"] + COLS and len(wl) == 0


def test_old_names_keep_working_for_one_release(wartoy):
    """column= → form=, by="doc" → "doc_id", the freq column → n: each with a DeprecationWarning."""
    with pytest.warns(DeprecationWarning, match=r"frequencies\(column=…\) is now frequencies\(form=…\)"):
        old = frequencies(wartoy, column="token")
    pd.testing.assert_frame_equal(old, frequencies(wartoy, form="token"))
    with pytest.warns(DeprecationWarning, match=r"ngrams\(by='doc'\) is now ngrams\(by='doc_id'\)"):
        old = ngrams(wartoy, 2, by="doc")
    pd.testing.assert_frame_equal(old, ngrams(wartoy, 2, by="doc_id"))
    with pytest.warns(DeprecationWarning, match="column 'freq' is now 'n'"):
        assert old.freq.tolist() == old.n.tolist()
    with pytest.warns(DeprecationWarning, match=r"COLUMNS is now analysis.wordlists.FORMS"):
        from analysis.wordlists import COLUMNS
    assert COLUMNS == ("norm", "token")


def test_english_stop_words_file_is_scikit_learns_list():
    # the list ships as a file (so that it does not import scikit-learn); it must stay scikit-learn's
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    from analysis._core.stopwords import ENGLISH_STOP_WORDS_FILE, named_stop_words
    from analysis.tokens import fold

    assert read_stop_words(ENGLISH_STOP_WORDS_FILE) == sorted(ENGLISH_STOP_WORDS)
    assert named_stop_words("english") == frozenset(fold(w) for w in ENGLISH_STOP_WORDS)
    assert len(named_stop_words("english")) == 318
