"""analysis.tfidf: hand-computed TF-IDF, scikit-learn's own pipeline, cosine similarity."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.vectors import similarity, tfidf, tfidf_matrix
from analysis.tokens import TOKEN_RE, normalize
from analysis.wordlists import frequencies, stop_words
from toy import build, seeds


@pytest.fixture(scope="module")
def fruit():
    return build(
        {"d1": "Apple apple banana.", "d2": "Banana cherry.", "d3": "Apple banana durian."},
        {"d1": "g1", "d2": "g1", "d3": "g2"},
    )


# Hand computation (scikit-learn defaults: raw tf, smooth idf, L2 norm), n = 3 documents:
#   df: apple 2, banana 3, cherry 1, durian 1
#   idf = ln((1 + n) / (1 + df)) + 1:
#       apple  ln(4/3) + 1 = 1.2876820724517808
#       banana ln(4/4) + 1 = 1
#       cherry, durian ln(4/2) + 1 = 1.6931471805599454
#   d1: (apple 2 * 1.28768 = 2.57536, banana 1), |d1| = 2.762698043372611
#       -> apple 0.9321916852554909, banana 0.3619650009883935
#   d2: (banana 1, cherry 1.69315) -> banana 0.5085423203783267, cherry 0.8610369959439764
#   d3: (apple 1.28768, banana 1, durian 1.69315)
#       -> apple 0.5478321549274363, banana 0.4254405389711991, durian 0.7203334490549893
HAND = [
    ("d1", "apple", 0.9321916852554909, 1, 2, 2),
    ("d1", "banana", 0.3619650009883935, 2, 1, 3),
    ("d2", "cherry", 0.8610369959439764, 1, 1, 1),
    ("d2", "banana", 0.5085423203783267, 2, 1, 3),
    ("d3", "durian", 0.7203334490549893, 1, 1, 1),
    ("d3", "apple", 0.5478321549274363, 2, 1, 2),
    ("d3", "banana", 0.4254405389711991, 3, 1, 3),
]


def test_tfidf_equals_hand_computation(fruit):
    t = tfidf(fruit, top=None, stop_words=None)
    assert list(t.columns) == ["doc_id", "term", "tfidf", "rank", "n", "df", "n_units"]
    assert isinstance(t.index, pd.RangeIndex)
    got = list(zip(t.doc_id.astype(str), t.term, t.tfidf, t["rank"], t["n"], t.df))
    assert [g[:2] + g[3:] for g in got] == [h[:2] + h[3:] for h in HAND]
    np.testing.assert_allclose(t.tfidf, [h[2] for h in HAND], rtol=1e-12)
    assert (t.n_units == 3).all()
    assert tfidf(fruit, top=1, stop_words=None).term.tolist() == ["apple", "cherry", "durian"]


def test_similarity_equals_hand_computation(fruit):
    # cos(d1, d2) = banana only: 0.36197 * 0.50854 = 0.18407452149838097
    # cos(d1, d3) = 0.93219 * 0.54783 + 0.36197 * 0.42544 = 0.6646791648481667
    # cos(d2, d3) = 0.50854 * 0.42544 = 0.21635451887141952
    s = similarity(fruit, stop_words=None)
    assert list(s.columns) == ["unit_a", "unit_b", "cosine"] and len(s) == 9
    m = s.pivot(index="unit_a", columns="unit_b", values="cosine").to_numpy()
    expected = np.array([
        [1, 0.18407452149838097, 0.6646791648481667],
        [0.18407452149838097, 1, 0.21635451887141952],
        [0.6646791648481667, 0.21635451887141952, 1],
    ])
    np.testing.assert_allclose(m, expected, rtol=1e-12)


def test_tfidf_by_group_by_hand(fruit):
    # units g1 = "apple apple banana banana cherry", g2 = "apple banana durian"; n = 2
    # idf: apple, banana ln(3/3) + 1 = 1; cherry, durian ln(3/2) + 1 = 1.4054651081081644
    # g1: (2, 2, 1.40547) / sqrt(4 + 4 + 1.97533) = (0.63321, 0.63321, 0.44496)
    t = tfidf(fruit, by="group", top=None, stop_words=None)
    i = math.log(1.5) + 1
    norm1 = math.sqrt(8 + i * i)
    norm2 = math.sqrt(2 + i * i)
    assert list(zip(t.group.astype(str), t.term)) == [
        ("g1", "apple"), ("g1", "banana"), ("g1", "cherry"), ("g2", "durian"), ("g2", "apple"), ("g2", "banana"),
    ]
    np.testing.assert_allclose(t.tfidf, [2 / norm1, 2 / norm1, i / norm1, i / norm2, 1 / norm2, 1 / norm2], rtol=1e-12)
    assert t["n"].tolist() == [2, 2, 1, 1, 1, 1]


def _sklearn_on_text(c, by):
    """scikit-learn's own pipeline on the texts (residue and markup blanked), our tokenizer."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = {}
    for d in c.documents.itertuples():
        chars = list(d.raw)
        for r in c.residue[c.residue.doc_id == d.doc_id].itertuples():
            for k in range(r.start, r.end):
                chars[k] = " "
        key = d.doc_id if by == "doc_id" else d.group
        texts.setdefault(key, []).append("".join(chars))
    docs = ["\n\n".join(v) for v in texts.values()]
    vec = TfidfVectorizer(
        tokenizer=lambda s: [normalize(m.group()) for m in TOKEN_RE.finditer(s)],
        token_pattern=None, lowercase=False, stop_words=sorted(stop_words()),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        X = vec.fit_transform(docs)
    return list(texts), vec.get_feature_names_out(), X


@pytest.mark.parametrize("by", ["doc_id", "group"])
def test_tfidf_equals_scikit_learn_on_the_seed_texts(by):
    c = seeds()
    units, terms, X = _sklearn_on_text(c, by)
    ours, our_units, our_terms, _ = tfidf_matrix(c, by=by)
    assert [str(u) for u in our_units] == [str(u) for u in units]
    assert list(our_terms) == list(terms)
    np.testing.assert_allclose(ours.toarray(), X.toarray(), rtol=1e-12, atol=1e-15)
    t = tfidf(c, by=by, top=None)
    assert len(t) == X.nnz


def test_counts_agree_with_word_lists():
    c = seeds()
    t = tfidf(c, by="group", top=None)
    wl = frequencies(c, by="group", stop_words="default")
    a = t.set_index(["group", "term"])["n"].sort_index()
    b = wl.set_index(["group", "term"])["n"].sort_index()
    assert a.to_dict() == b.to_dict()


def test_top_and_rank_on_seeds():
    t = tfidf(seeds(), by="group", top=5)
    assert t.groupby("group", observed=True).size().tolist() == [5, 5, 5]
    assert t["rank"].tolist() == [1, 2, 3, 4, 5] * 3
    for _, g in t.groupby("group", observed=True):
        key = list(zip(-g.tfidf, g.term))
        assert key == sorted(key)
    # the Meduza piece is about the 2000 Yugoslav election; "opposition" occurs only there
    med = t[t.group == "Meduza 2020"].set_index("term")
    assert med.loc["opposition", "df"] == 1 and med.loc["opposition", "n"] == 29


def test_similarity_on_seeds_is_symmetric_with_unit_diagonal():
    s = similarity(seeds())
    m = s.pivot(index="unit_a", columns="unit_b", values="cosine").to_numpy()
    np.testing.assert_allclose(m, m.T, rtol=1e-12)
    np.testing.assert_allclose(np.diag(m), 1.0)
    assert ((m > 0) & (m <= 1 + 1e-12)).all()
    assert s.unit_a.astype(str).tolist()[:5] == ["monitor-1998"] * 5


def test_invalid_options(fruit):
    with pytest.raises(ValueError, match="by='voice'.*'doc_id', 'group'"):
        tfidf(fruit, by="voice")
    with pytest.raises(ValueError, match="top=0"):
        tfidf(fruit, top=0)
    with pytest.raises(ValueError, match="'analyzer' is fixed"):
        tfidf(fruit, analyzer="word")
    # options reach the vectorizer
    t = tfidf(fruit, top=None, stop_words=None, norm=None, smooth_idf=False)
    apple = t[(t.doc_id == "d1") & (t.term == "apple")].tfidf.item()
    assert math.isclose(apple, 2 * (math.log(3 / 2) + 1))


def test_old_names_keep_working_for_one_release(fruit):
    """by="doc" → "doc_id", column= → form=; the unit column → doc_id / group, count → n."""
    with pytest.warns(DeprecationWarning, match=r"tfidf\(by='doc'\) is now tfidf\(by='doc_id'\)"):
        old = tfidf(fruit, by="doc", top=None, stop_words=None)
    pd.testing.assert_frame_equal(old, tfidf(fruit, top=None, stop_words=None))
    with pytest.warns(DeprecationWarning, match="column 'unit' is now 'doc_id'"):
        assert old.unit.tolist() == old.doc_id.tolist()
    with pytest.warns(DeprecationWarning, match="column 'count' is now 'n'"):
        assert old["count"].tolist() == old.n.tolist()
    by_group = tfidf(fruit, by="group", top=None, stop_words=None)
    with pytest.warns(DeprecationWarning, match="column 'unit' is now 'group'"):
        assert by_group.groupby("unit", observed=True).size().tolist() == [3, 3]
    with pytest.warns(DeprecationWarning, match=r"similarity\(column=…\) is now similarity\(form=…\)"):
        similarity(fruit, column="token")
    with pytest.warns(DeprecationWarning, match="UNITS is now analysis.vectors.BY"):
        from analysis.vectors import UNITS
    assert UNITS == ("doc_id", "group")
