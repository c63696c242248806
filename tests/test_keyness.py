"""Tests for analysis.keyness: every statistic against an independent computation."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandas.testing import assert_frame_equal
from scipy import stats

from analysis.keywords import COLUMNS, keyness, keyness_all
from analysis.statistics import bh_qvalues, chi2, g2, g2_2term, log_ratio, logodds_z, p_values, pct_diff
from toy import build

# Toy corpus, counted by hand (norms are case-folded):
#   a (group A, 1998): the cat sat on the mat | the cat ate the fish          11 tokens
#   b (group B, 1999): a dog sat on a log  ¶  the dog ate                       9 tokens
#   c (group B, 1999): the cat and the dog | a cat sat                          8 tokens
TEXTS = {
    "a": "The cat sat on the mat. The cat ate the fish.\n",
    "b": "A dog sat on a log.\n\nThe dog ate.\n",
    "c": "The cat and the dog. A cat sat.\n",
}
GROUPS = {"a": "A", "b": "B", "c": "B"}
YEARS = {"a": {"year": "1998"}, "b": {"year": "1999"}, "c": {"year": "1999"}}
COUNTS_A = {"the": 4, "cat": 2, "sat": 1, "on": 1, "mat": 1, "ate": 1, "fish": 1}
COUNTS_B = {"a": 3, "dog": 3, "sat": 2, "on": 1, "log": 1, "the": 3, "ate": 1, "cat": 2, "and": 1}


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    return build(TEXTS, GROUPS, extra=YEARS, folder=tmp_path_factory.mktemp("toy"))


def quiet_keyness(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the toy is far below SMALL_SAMPLE
        return keyness(*args, **kwargs)


# fixed count vectors with zero cells on both sides
A = np.array([10, 0, 3, 25, 1, 7, 0, 40])
B = np.array([2, 5, 3, 60, 0, 7, 9, 1])
C, D = 5_000, 12_000


# --------------------------------------------------------------------------- statistics


def test_g2_4term_equals_scipy_log_likelihood():
    got = g2(A, B, C, D)
    for k in range(A.size):
        table = np.array([[A[k], B[k]], [C - A[k], D - B[k]]])
        ref = stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert got[k] == pytest.approx(ref, rel=1e-12, abs=1e-12)


def test_g2_2term_equals_hand_formula():
    got = g2_2term(A, B, C, D)
    for k in range(A.size):
        a, b = int(A[k]), int(B[k])
        e1 = C * (a + b) / (C + D)
        e2 = D * (a + b) / (C + D)
        ref = 2 * ((a * math.log(a / e1) if a else 0.0) + (b * math.log(b / e2) if b else 0.0))
        assert got[k] == pytest.approx(ref, rel=1e-12, abs=1e-12)
    # worked value: a = 10, b = 2 in 5,000 vs 12,000 tokens
    assert got[0] == pytest.approx(2 * (10 * math.log(10 / (5000 * 12 / 17000)) + 2 * math.log(2 / (12000 * 12 / 17000))))
    # the 2-term form drops two cells of the 4-term table: close to it, not equal
    assert not np.allclose(got, g2(A, B, C, D))


@pytest.mark.parametrize("yates", [False, True])
def test_chi2_equals_scipy(yates):
    got = chi2(A, B, C, D, yates=yates)
    for k in range(A.size):
        table = np.array([[A[k], B[k]], [C - A[k], D - B[k]]])
        ref = stats.chi2_contingency(table, correction=yates)[0]
        assert got[k] == pytest.approx(ref, rel=1e-12, abs=1e-12)


def test_chi2_yates_small_deviation_matches_scipy():
    # |O − E| < 0.5 in every cell: scipy's correction min(0.5, |O − E|) gives 0
    table = np.array([[5, 5], [95, 95]])
    assert chi2(5, 5, 100, 100, yates=True)[()] == pytest.approx(stats.chi2_contingency(table, correction=True)[0])
    assert chi2(5, 5, 100, 100, yates=True)[()] == 0.0


def test_log_ratio_and_pct_diff_by_hand():
    assert log_ratio(10, 2, 5000, 12000)[()] == pytest.approx(math.log2((10 / 5000) / (2 / 12000)))
    # zero frequency replaced by 0.5 (Hardie 2014)
    assert log_ratio(0, 5, 5000, 12000)[()] == pytest.approx(math.log2((0.5 / 5000) / (5 / 12000)))
    assert log_ratio(1, 0, 5000, 12000)[()] == pytest.approx(math.log2((1 / 5000) / (0.5 / 12000)))
    assert log_ratio(0, 0, 5000, 12000)[()] == 0.0
    assert pct_diff(10, 2, 5000, 12000)[()] == pytest.approx(100 * (10 / 5000 - 2 / 12000) / (2 / 12000))
    assert pct_diff(1, 0, 5000, 12000)[()] == pytest.approx(100 * (1 / 5000 - 0.5 / 12000) / (0.5 / 12000))
    assert pct_diff(0, 5, 5000, 12000)[()] == pytest.approx(-100.0)
    assert pct_diff(1, 0, 5000, 12000, zero=1e-18)[()] == pytest.approx(100 * (1 / 5000 - 1e-18 / 12000) / (1e-18 / 12000))


def monroe_reference(y_t, y_r, background, alpha0):
    """Monroe, Colaresi & Quinn (2008), eqs. 16 and 18–19, written out term by term."""
    n_t, n_r = sum(y_t), sum(y_r)
    total_bg = sum(background)
    z = []
    for w in range(len(y_t)):
        alpha_w = alpha0 * background[w] / total_bg
        delta = math.log((y_t[w] + alpha_w) / (n_t + alpha0 - y_t[w] - alpha_w)) - math.log(
            (y_r[w] + alpha_w) / (n_r + alpha0 - y_r[w] - alpha_w)
        )
        var = 1 / (y_t[w] + alpha_w) + 1 / (y_r[w] + alpha_w)
        z.append(delta / math.sqrt(var))
    return np.array(z)


def test_logodds_z_equals_direct_implementation_pooled_prior():
    y_t = [int(x) for x in A]
    y_r = [int(x) for x in B]
    n_t, n_r = sum(y_t), sum(y_r)
    pooled = [t + r for t, r in zip(y_t, y_r)]
    # default: alpha_w = pooled count, alpha0 = n_t + n_r
    got = logodds_z(A, B, n_t, n_r)
    np.testing.assert_allclose(got, monroe_reference(y_t, y_r, pooled, n_t + n_r), rtol=1e-12)
    # alpha0 = 1000 through the multiplier
    got = logodds_z(A, B, n_t, n_r, prior_strength=1000 / (n_t + n_r))
    np.testing.assert_allclose(got, monroe_reference(y_t, y_r, pooled, 1000), rtol=1e-12)


def test_logodds_z_equals_direct_implementation_background_prior():
    bg = [50, 3, 20, 400, 9, 30, 2, 60]
    got = logodds_z(A, B, int(A.sum()), int(B.sum()), background=bg, prior_strength=0.5)
    np.testing.assert_allclose(got, monroe_reference(list(A), list(B), bg, 0.5 * sum(bg)), rtol=1e-12)


def test_logodds_z_sign_and_magnitude_worked_value():
    # a = 10 of 100, b = 0 of 100, pooled prior: alpha_w = 10, alpha0 = 200
    delta = math.log(20 / (100 + 200 - 20)) - math.log(10 / (100 + 200 - 10))
    z = delta / math.sqrt(1 / 20 + 1 / 10)
    assert logodds_z(10, 0, 100, 100)[()] == pytest.approx(z)
    assert z > 0
    assert logodds_z(0, 10, 100, 100)[()] == pytest.approx(-z)


def test_p_values():
    assert p_values(3.841458820694124)[()] == pytest.approx(0.05)
    assert p_values(-3.841458820694124)[()] == pytest.approx(0.05)
    assert p_values(1.959963984540054, dist="normal")[()] == pytest.approx(0.05)
    with pytest.raises(ValueError, match="normal"):
        p_values(1.0, dist="t")


def test_bh_by_hand_and_against_scipy():
    p = np.array([0.01, 0.04, 0.03, 0.2])
    # sorted 0.01, 0.03, 0.04, 0.2 → ×4/rank 0.04, 0.06, 0.0533, 0.2 → running min from the top
    np.testing.assert_allclose(bh_qvalues(p), [0.04, 0.16 / 3, 0.16 / 3, 0.2])
    rng = np.random.default_rng(7)
    p = rng.uniform(size=200) ** 3
    np.testing.assert_allclose(bh_qvalues(p), stats.false_discovery_control(p, method="bh"), rtol=1e-12)
    out = bh_qvalues([0.5, np.nan, 0.01])
    assert np.isnan(out[1]) and out[2] == pytest.approx(0.02) and out[0] == pytest.approx(0.5)


def test_invalid_counts_raise():
    with pytest.raises(ValueError, match="0 <= a <= c"):
        g2(11, 0, 10, 10)




@settings(max_examples=300, deadline=None)
@given(st.data())
def test_statistics_finite_and_signed(data):
    c = data.draw(st.integers(1, 10_000))
    d = data.draw(st.integers(1, 10_000))
    a = data.draw(st.integers(0, c))
    b = data.draw(st.integers(0, d))
    vals = {
        "g2": g2(a, b, c, d),
        "g2_2term": g2_2term(a, b, c, d),
        "chi2": chi2(a, b, c, d),
        "chi2_yates": chi2(a, b, c, d, yates=True),
        "log_ratio": log_ratio(a, b, c, d),
        "pct_diff": pct_diff(a, b, c, d),
        "logodds_z": logodds_z(a, b, c, d),
    }
    for name, v in vals.items():
        assert np.isfinite(v).all(), name
    for name in ("g2", "g2_2term", "chi2", "chi2_yates"):
        assert vals[name] >= 0
    # effect sizes are positive when the target rate is higher (both counts nonzero)
    if a > 0 and b > 0:
        sign = np.sign(a * d - b * c)
        assert np.sign(vals["log_ratio"]) == sign or abs(vals["log_ratio"]) < 1e-12
        assert np.sign(vals["pct_diff"]) == sign or abs(vals["pct_diff"]) < 1e-9


# --------------------------------------------------------------------------- corpus level


def test_keyness_counts_and_columns_by_hand(toy):
    kt = quiet_keyness(toy, target="A", min_freq=1)
    assert list(kt.columns) == COLUMNS
    assert isinstance(kt.index, pd.RangeIndex) and kt.index.start == 0
    got = kt.set_index("term")
    vocab = sorted(set(COUNTS_A) | set(COUNTS_B))
    assert sorted(got.index) == vocab
    for term in vocab:
        assert got.loc[term, "n_target"] == COUNTS_A.get(term, 0)
        assert got.loc[term, "n_reference"] == COUNTS_B.get(term, 0)
    assert (got.n_tokens_target == 11).all() and (got.n_tokens_reference == 17).all()
    assert got.loc["the", "per_1000_target"] == pytest.approx(1000 * 4 / 11)
    # "the": 4 of 11 vs 3 of 17 → positive, equal to scipy's G²
    table = np.array([[4, 3], [7, 14]])
    assert got.loc["the", "g2"] == pytest.approx(stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert got.loc["the", "chi2_yates"] == pytest.approx(stats.chi2_contingency(table, correction=True)[0])
    # "dog": 0 of 11 vs 3 of 17 → negative G², Log Ratio with the 0.5 adjustment
    table = np.array([[0, 3], [11, 14]])
    assert got.loc["dog", "g2"] == pytest.approx(-stats.chi2_contingency(table, correction=False, lambda_="log-likelihood")[0])
    assert got.loc["dog", "chi2"] == pytest.approx(-stats.chi2_contingency(table, correction=False)[0])
    assert got.loc["dog", "direction"] == -1
    assert got.loc["dog", "log_ratio"] == pytest.approx(math.log2((0.5 / 11) / (3 / 17)))
    assert got.loc["dog", "pct_diff"] == pytest.approx(-100.0)
    assert bool(got.loc["dog", "zero_adjusted"])
    assert got.loc["fish", "log_ratio"] == pytest.approx(math.log2((1 / 11) / (0.5 / 17)))
    assert got.loc["fish", "pct_diff"] == pytest.approx(100 * (1 / 11 - 0.5 / 17) / (0.5 / 17))
    assert got.loc["fish", "p"] == pytest.approx(stats.chi2.sf(abs(got.loc["fish", "g2"]), 1))
    assert (kt.target == "A").all() and (kt.reference == "rest").all()
    assert (kt.measure == "g2").all() and kt.variant.str.contains("4-term").all()
    # q = BH over the rows of the table
    np.testing.assert_allclose(kt.q, stats.false_discovery_control(kt.p, method="bh"))
    # sorted by signed G² descending, then term
    assert kt.g2.is_monotonic_decreasing
    expected = kt.sort_values(["g2", "term"], ascending=[False, True]).reset_index(drop=True)
    assert_frame_equal(kt, expected)


def test_keyness_dispersion_and_flags_by_hand(toy):
    kt = quiet_keyness(toy, target="B", reference="A", min_freq=1).set_index("term")
    # B has two documents: b (9 tokens), c (8 tokens)
    s_b, s_c = 9 / 17, 8 / 17
    assert kt.loc["dog", "dp_target"] == pytest.approx(0.5 * (abs(2 / 3 - s_b) + abs(1 / 3 - s_c)))  # 7/51
    assert kt.loc["log", "dp_target"] == pytest.approx(0.5 * (abs(1 - s_b) + s_c))  # 8/17
    assert kt.loc["dog", "top_doc_share"] == pytest.approx(2 / 3)
    assert kt.loc["dog", "top_para_share"] == pytest.approx(1 / 3)  # b has two paragraphs
    assert kt.loc["a", "top_para_share"] == pytest.approx(2 / 3)
    assert kt.loc["log", "flag"] == "one paragraph supplies ≥ 50% of target hits; thin evidence: n_target < 5"
    # dog: b supplies 2/3 of the hits with 9/17 of the tokens → concentrated in b
    assert kt.loc["dog", "flag"] == "one document supplies ≥ 50% of target hits; thin evidence: n_target < 5"
    # a: paragraph b¶1 (6 of 17 tokens) supplies 2/3
    assert kt.loc["a", "flag"].startswith("one paragraph supplies")
    # sat: one hit in b, one in c → an even split over documents is not concentration
    # (ties go to the larger unit: b, 9/17 of the tokens); but c's paragraph, with 8/17
    # of the tokens, supplies half the hits
    assert kt.loc["sat", "top_doc_share"] == pytest.approx(0.5)
    assert kt.loc["sat", "flag"] == "one paragraph supplies ≥ 50% of target hits; thin evidence: n_target < 5"
    # absent from the target: dispersion undefined, statistics finite
    for term in ("mat", "fish"):
        assert np.isnan(kt.loc[term, ["dp_target", "top_doc_share", "top_para_share"]].astype(float)).all()
        assert np.isfinite(kt.loc[term, ["g2", "log_ratio", "pct_diff", "logodds_z", "p", "q"]].astype(float)).all()
    # one-document target: DP is 0, no per-document flag
    ka = quiet_keyness(toy, target="A", min_freq=1).set_index("term")
    assert (ka.loc[ka.n_target > 0, "dp_target"] == 0).all()
    assert (ka.loc[ka.n_target > 0, "top_doc_share"] == 1).all()
    # one document, one paragraph: each supplies all hits, but also all the text
    assert not ka.flag.str.contains("document|paragraph").any()
    assert ka.loc["the", "flag"] == "thin evidence: n_target < 5"  # 4 hits
    relaxed = quiet_keyness(toy, target="A", min_freq=1, min_evidence=4).set_index("term")
    assert relaxed.loc["the", "flag"] == ""


def test_keyness_selections_agree(toy):
    base = quiet_keyness(toy, target="A", min_freq=1)
    by_year = quiet_keyness(toy, target={"year": 1998}, min_freq=1)
    by_dict = quiet_keyness(toy, target={"group": "A"}, reference={"group": ["B"]}, min_freq=1)
    by_doc = quiet_keyness(toy, target=["a"], reference=["b", "c"], by="doc_id", min_freq=1)
    by_year_scalar = quiet_keyness(toy, target=1998, reference=[1999], by="year", min_freq=1)
    assert by_year_scalar.target.iloc[0] == "1998" and by_year_scalar.reference.iloc[0] == "1999"
    stat_cols = [c for c in COLUMNS if c not in ("target", "reference")]
    for other in (by_year, by_dict, by_doc, by_year_scalar):
        assert_frame_equal(base[stat_cols], other[stat_cols])
    assert by_year.target.iloc[0] == "year=1998"
    assert by_dict.reference.iloc[0] == "group=B"
    assert by_doc.reference.iloc[0] == "b + c"
    # a boolean mask selects the same tokens
    mask = (toy.tokens.group == "A").to_numpy()
    assert_frame_equal(base[stat_cols], quiet_keyness(toy, target=mask, min_freq=1)[stat_cols])


def test_keyness_min_freq_and_stop_words(toy):
    kt = quiet_keyness(toy, target="A", min_freq=3, stop_words=["THE"])
    # combined frequency >= 3: the (7, stopped), cat 4, sat 3, a 3, dog 3
    assert sorted(kt.term) == ["a", "cat", "dog", "sat"]
    assert (kt.n_tokens_target == 11).all()  # sizes keep every token


@pytest.mark.parametrize("measure", ["g2", "g2_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "logodds_z"])
def test_keyness_sort_and_p_per_measure(toy, measure):
    kt = quiet_keyness(toy, target="A", measure=measure, min_freq=1)
    assert kt[measure].is_monotonic_decreasing
    assert (kt.measure == measure).all()
    if measure == "logodds_z":
        np.testing.assert_allclose(kt.p, 2 * stats.norm.sf(np.abs(kt.logodds_z)))
    elif measure in ("log_ratio", "pct_diff"):
        np.testing.assert_allclose(kt.p, stats.chi2.sf(np.abs(kt.g2), 1))
    else:
        np.testing.assert_allclose(kt.p, stats.chi2.sf(np.abs(kt[measure]), 1))


def test_keyness_deterministic(toy):
    assert_frame_equal(quiet_keyness(toy, target="B", min_freq=1), quiet_keyness(toy, target="B", min_freq=1))


def test_keyness_errors_and_warnings(toy):
    with pytest.raises(ValueError, match="valid values: A, B"):
        keyness(toy, target="C")
    with pytest.raises(ValueError, match="measure must be one of"):
        keyness(toy, target="A", measure="tfidf")
    with pytest.raises(ValueError, match="share 11 tokens"):
        quiet_keyness(toy, target="A", reference={"year": [1998, 1999]})
    with pytest.raises(ValueError, match="unknown column 'colour'"):
        keyness(toy, target={"colour": "red"})
    with pytest.raises(ValueError, match="'rest' is only for the reference"):
        keyness(toy, target="rest")
    with pytest.warns(UserWarning, match="only 11 tokens"):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*reference.*")
            keyness(toy, target="A")


def test_keyness_all_one_vs_rest_and_pairs(toy):
    with pytest.warns(UserWarning, match="fewer than 1000 tokens: A, B"):
        kr = keyness_all(toy, min_freq=1)
    assert list(kr.columns) == COLUMNS
    assert list(dict.fromkeys(zip(kr.target, kr.reference))) == [("A", "rest"), ("B", "rest")]
    stat_cols = [c for c in COLUMNS if c not in ("target", "reference")]
    part = kr[kr.target == "A"].reset_index(drop=True)
    assert_frame_equal(part[stat_cols], quiet_keyness(toy, target="A", min_freq=1)[stat_cols])
    # B vs rest mirrors A vs rest: same |G²|, opposite sign
    a = kr[kr.target == "A"].set_index("term").g2
    b = kr[kr.target == "B"].set_index("term").g2
    np.testing.assert_allclose(a.sort_index(), -b.sort_index())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        kp = keyness_all(toy, by="doc_id", mode="pairs", min_freq=1)
    pairs = list(dict.fromkeys(zip(kp.target, kp.reference)))
    assert pairs == [("a", "b"), ("a", "c"), ("b", "a"), ("b", "c"), ("c", "a"), ("c", "b")]
    assert isinstance(kp.index, pd.RangeIndex) and len(kp) == kp.index.stop
    ab = kp[(kp.target == "a") & (kp.reference == "b")].reset_index(drop=True)
    assert_frame_equal(ab[stat_cols], quiet_keyness(toy, target="a", reference="b", by="doc_id", min_freq=1)[stat_cols])


@pytest.fixture(scope="module")
def toy_ctx(tmp_path_factory):
    return build(TEXTS, GROUPS, extra=YEARS, folder=tmp_path_factory.mktemp("toy_prop"))


@settings(max_examples=60, deadline=None)
@given(bits=st.lists(st.booleans(), min_size=28, max_size=28).filter(lambda b: 0 < sum(b) < 28))
def test_keyness_table_never_inf_or_nan(toy_ctx, bits):
    mask = np.asarray(bits)
    kt = quiet_keyness(toy_ctx, target=mask, min_freq=1)
    num = ["g2", "g2_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "logodds_z", "p", "q", "per_1000_target", "per_1000_reference"]
    assert np.isfinite(kt[num].to_numpy(dtype=float)).all()
    # dispersion is undefined exactly where the target has no hits
    assert (kt.dp_target.isna() == (kt.n_target == 0)).all()
    assert (np.sign(kt.g2) == kt.direction).all()
    assert (np.sign(kt.logodds_z) == kt.direction).all()
    # counts are sums over tokens: they do not depend on which side is called target
    flipped = quiet_keyness(toy_ctx, target=~mask, min_freq=1).set_index("term").sort_index()
    same = kt.set_index("term").sort_index()
    np.testing.assert_array_equal(same.n_target, flipped.n_reference)
    np.testing.assert_allclose(same.g2, -flipped.g2, atol=1e-12)


def test_keyness_document_flag_with_three_documents(toy):
    # target: every token except the second sentence of a (a[6:] is the reference)
    ref = ((toy.tokens.doc_id == "a") & (toy.tokens.i >= 6)).to_numpy()
    kt = quiet_keyness(toy, target=~ref, reference=ref, min_freq=1).set_index("term")
    # dog: 2 in b (one per paragraph), 1 in c → top document b supplies 2/3
    assert kt.loc["dog", "top_doc_share"] == pytest.approx(2 / 3)
    assert kt.loc["dog", "top_para_share"] == pytest.approx(1 / 3)
    assert kt.loc["dog", "flag"] == "one document supplies ≥ 50% of target hits; thin evidence: n_target < 5"
    # sat: one hit in each document → no concentration flag
    assert kt.loc["sat", "flag"] == "thin evidence: n_target < 5"
    assert kt.loc["sat", "dp_target"] == pytest.approx(0.5 * (abs(1 / 3 - 6 / 23) + abs(1 / 3 - 9 / 23) + abs(1 / 3 - 8 / 23)))


def test_keyness_logodds_prior_from_whole_corpus(toy):
    # a vs b, with the prior from all three documents (c included)
    kt = quiet_keyness(toy, target="a", reference="b", by="doc_id", min_freq=1, prior="corpus", measure="logodds_z")
    count_b = {"a": 2, "dog": 2, "sat": 1, "on": 1, "log": 1, "the": 1, "ate": 1}
    total = {w: COUNTS_A.get(w, 0) + COUNTS_B.get(w, 0) for w in set(COUNTS_A) | set(COUNTS_B)}
    vocab = sorted(total)
    y_t = [COUNTS_A.get(w, 0) for w in vocab]
    y_r = [count_b.get(w, 0) for w in vocab]
    ref = dict(zip(vocab, monroe_reference(y_t, y_r, [total[w] for w in vocab], 28)))
    got = kt.set_index("term").logodds_z
    assert sorted(got.index) == sorted(set(COUNTS_A) | set(count_b))  # "and" (only in c) is left out
    for w, z in got.items():
        assert z == pytest.approx(ref[w], rel=1e-12)
    assert kt.variant.iloc[0].endswith("prior corpus × 1")


def test_thin_evidence_is_judged_on_the_side_the_term_is_key_for(make_corpus):
    from analysis.keywords import keyness

    c = make_corpus({"t": "alpha alpha alpha alpha alpha alpha beta gamma. " * 3, "r": "beta beta delta gamma gamma gamma."},
                    groups={"t": "T", "r": "R"})
    with pytest.warns(UserWarning, match="fragile"):
        k = keyness(c, target="T", reference="R", min_freq=1).set_index("term")
    assert k.loc["delta", ["n_target", "n_reference", "direction"]].tolist() == [0, 1, -1]
    assert k.loc["delta", "flag"] == "thin evidence: n_reference < 5"
    assert k.loc["alpha", ["n_target", "n_reference"]].tolist() == [18, 0]
    assert "thin" not in k.loc["alpha", "flag"]
    assert k.loc["beta", ["n_target", "n_reference", "direction"]].tolist() == [3, 2, -1]
    assert k.loc["beta", "flag"].endswith("thin evidence: n_reference < 5")


def test_old_names_keep_working_for_one_release(toy):
    """unit= → form=, by="doc" → "doc_id" (also as a selection key); size_* → n_tokens_*,
    rate_* → per_1000_*."""
    new = quiet_keyness(toy, target=["a"], by="doc_id", form="token", min_freq=1)
    with pytest.warns(DeprecationWarning) as rec:
        old = quiet_keyness(toy, target=["a"], by="doc", unit="token", min_freq=1)
    assert {str(w.message).split(";")[0] for w in rec} >= {
        "keyness(unit=…) is now keyness(form=…)", "keyness(by='doc') is now keyness(by='doc_id')"}
    pd.testing.assert_frame_equal(old, new)
    with pytest.warns(DeprecationWarning, match="the column 'doc' is now 'doc_id'"):
        by_key = quiet_keyness(toy, target={"doc": "a"}, min_freq=1, form="token")
    assert by_key.term.tolist() == new.term.tolist()
    for before, after in [("size_target", "n_tokens_target"), ("size_reference", "n_tokens_reference"),
                          ("rate_target", "per_1000_target"), ("rate_reference", "per_1000_reference")]:
        with pytest.warns(DeprecationWarning, match=f"column '{before}' is now '{after}'"):
            assert old[before].tolist() == new[after].tolist()
    with pytest.warns(DeprecationWarning, match=r"keyness_all\(unit=…\) is now keyness_all\(form=…\)"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            keyness_all(toy, by="doc_id", unit="token", min_freq=1)
