"""Precision and recall of dictionaries from coded sheets, counted by hand."""

import math

import pandas as pd
import pytest

from analysis.matcher import match
from analysis.validation import hit_sample, misses, precision, recall, sentence_sample, wilson


def test_wilson_by_the_formula():
    lo, hi = wilson(8, 10)
    # p = 0.8, z = 1.96: centre (0.8 + 0.19208) / 1.38415, half 1.96 * sqrt(0.016 + 0.0096040) / 1.38415
    z = 1.959963984540054
    centre = (0.8 + z * z / 20) / (1 + z * z / 10)
    half = z * math.sqrt(0.8 * 0.2 / 10 + z * z / 400) / (1 + z * z / 10)
    assert (lo, hi) == pytest.approx((centre - half, centre + half))
    assert wilson(0, 5)[0] == 0.0 and wilson(5, 5)[1] == 1.0
    assert all(math.isnan(x) for x in wilson(0, 0))


def test_precision_counts_coded_rows_only():
    coded = pd.DataFrame({"category": ["a", "a", "a", "b", "b"], "correct": ["1", "0", "", "1", "1"]})
    p = precision(coded).set_index("category")
    assert p.loc["a", ["n_coded", "n_correct"]].tolist() == [2, 1] and p.loc["a", "precision"] == 0.5
    assert p.loc["b", "precision"] == 1.0
    with pytest.raises(ValueError, match="row 3 has 'yes'"):
        precision(pd.DataFrame({"category": ["a", "a"], "correct": ["1", "yes"]}))


def test_recall_and_misses_on_a_toy_corpus(make_corpus):
    c = make_corpus({"d": "Troops crossed the border. The talks failed. Tanks rolled in. Nothing else happened."})
    hits = match(c, {"military": ["troops"], "diplomacy": ["talks"]})
    sheet = sentence_sample(c, n=4, seed=1)
    assert list(sheet.sent_id) == [0, 1, 2, 3]
    sheet["frames"] = ["military", "diplomacy", "military", ""]
    r = recall(c, sheet, hits, categories=["military", "diplomacy"]).set_index("category")
    assert r.loc["military", ["n_coded", "n_found"]].tolist() == [2, 1] and r.loc["military", "recall"] == 0.5
    assert r.loc["diplomacy", ["n_coded", "n_found"]].tolist() == [1, 1]
    m = misses(c, sheet, hits)
    assert m[["category", "sent_id", "sentence"]].values.tolist() == [["military", 2, "Tanks rolled in."]]
    sheet.loc[0, "sentence"] = "edited"
    with pytest.raises(ValueError, match="row 2: no sentence of d starts at"):
        recall(c, sheet, hits)


def test_hit_sample_is_reproducible_and_bounded(make_corpus):
    c = make_corpus({"d": "Troops and troops and troops. Talks."})
    hits = match(c, {"military": ["troops"], "diplomacy": ["talks"]})
    a = hit_sample(c, hits, n=2, seed=5)
    pd.testing.assert_frame_equal(a, hit_sample(c, hits, n=2, seed=5))
    assert a.category.value_counts().to_dict() == {"military": 2, "diplomacy": 1}
    assert set(a.correct) == {""}


def test_stratified_sample_is_reproducible_and_even(make_corpus):
    from analysis.framing import lexicon_hits
    from analysis.validation import stratified_sample

    texts = {f"d{k}": " ".join(f"Sentence {n} about {'Russia' if n % 2 else 'trade'} here." for n in range(12))
             for k in range(4)}
    c = make_corpus(texts, groups={"d0": "a", "d1": "a", "d2": "b", "d3": "b"})
    hits = lexicon_hits(c, "actors")
    one = stratified_sample(c, n=10, strata=("group",), mentions=hits, seed=7)
    two = stratified_sample(c, n=10, strata=("group",), mentions=hits, seed=7)
    pd.testing.assert_frame_equal(one, two)
    assert len(one) == 10
    # 4 strata (group a/b × names an actor or not): 10 // 4 = 2 each, 2 left over to two strata
    sizes = one.groupby(["group", "mentions_actor"]).size()
    assert sorted(sizes.tolist()) == [2, 2, 3, 3]
    assert not one.equals(stratified_sample(c, n=10, strata=("group",), mentions=hits, seed=8))


def test_split_halves_keeps_speeches_whole_and_is_reproducible():
    from analysis.validation import split_halves

    s = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c", "d"], "x": range(6)})
    h = split_halves(s, seed=3)
    assert h.equals(split_halves(s, seed=3))
    assert s.assign(h=h).groupby("doc_id").h.nunique().max() == 1
    assert set(h) == {"tune", "held-out"}


def test_sentence_scores_equal_a_hand_count():
    from analysis.validation import sentence_scores

    coded = pd.DataFrame({"id": ["1", "2", "3", "4"], "frames": ["a;b", "a", "", "b"]})
    found = pd.DataFrame({"id": ["1", "2", "3", "3"], "category": ["a", "b", "a", "b"]})
    sc = sentence_scores(coded, found, categories=["a", "b"]).set_index("category")
    # a: coded {1, 2}, found {1, 3} → agree {1}: precision 1/2, recall 1/2
    # b: coded {1, 4}, found {2, 3} → agree {}:  precision 0/2, recall 0/2
    assert sc.loc["a", ["n_coded", "n_found", "n_agree"]].tolist() == [2, 2, 1]
    assert (sc.loc["a", "precision"], sc.loc["a", "recall"]) == (0.5, 0.5)
    assert (sc.loc["b", "precision"], sc.loc["b", "recall"]) == (0.0, 0.0)
    assert (sc.loc["macro", "precision"], sc.loc["macro", "recall"]) == (0.25, 0.25)
    lo, hi = sc.loc["a", ["precision_low", "precision_high"]]
    assert round(lo, 4) == 0.0945 and round(hi, 4) == 0.9055  # Wilson (1927) for 1 of 2
