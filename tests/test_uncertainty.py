import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.uncertainty import bootstrap_ratio, rng_for


def test_identical_blocks_give_a_degenerate_interval():
    lo, hi = bootstrap_ratio(np.full((7, 2), [1.0, 3.0]), np.full(7, 10.0), n_boot=300, rng=rng_for(1, "u"), scale=1000)
    assert lo.tolist() == pytest.approx([100.0, 300.0]) and hi.tolist() == pytest.approx([100.0, 300.0])


def test_reproducible_with_the_seed_and_independent_of_other_units():
    num = np.array([[0], [2], [5], [1], [0], [3]])
    den = np.array([10, 12, 30, 8, 9, 20])
    a = bootstrap_ratio(num, den, n_boot=500, rng=rng_for(7, "G1", "author"))
    b = bootstrap_ratio(num, den, n_boot=500, rng=rng_for(7, "G1", "author"))
    c = bootstrap_ratio(num, den, n_boot=500, rng=rng_for(8, "G1", "author"))
    assert np.array_equal(a, b) and not np.array_equal(a, c)


def test_no_blocks_or_no_replicates_give_nan():
    lo, hi = bootstrap_ratio(np.zeros((0, 3)), np.zeros(0), n_boot=100, rng=rng_for(1))
    assert np.isnan(lo).all() and np.isnan(hi).all()
    lo, hi = bootstrap_ratio([[1]], [2], n_boot=0, rng=rng_for(1))
    assert np.isnan(lo).all()


def test_percentiles_match_a_direct_loop():
    """The vectorised multinomial weights equal resampling block indices one replicate at a time."""
    num = np.array([1.0, 0.0, 4.0, 2.0, 0.0])
    den = np.array([10.0, 5.0, 20.0, 10.0, 5.0])
    rng = rng_for(3, "x")
    lo, hi = bootstrap_ratio(num, den, n_boot=400, rng=rng)
    rng = rng_for(3, "x")
    w = rng.multinomial(5, np.full(5, 0.2), size=400)
    stats = (w @ num) / (w @ den)
    assert lo[0] == pytest.approx(np.quantile(stats, 0.025)) and hi[0] == pytest.approx(np.quantile(stats, 0.975))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(1, 30)), min_size=1, max_size=40), st.integers(0, 2**31))
def test_interval_brackets_the_estimate_in_most_cases(blocks, seed):
    num = np.array([b[0] for b in blocks], float)
    den = np.array([b[1] for b in blocks], float)
    lo, hi = bootstrap_ratio(num, den, n_boot=400, rng=rng_for(seed))
    est = num.sum() / den.sum()
    assert lo[0] <= hi[0]
    assert lo[0] - 1e-12 <= est <= hi[0] + 1e-12


@pytest.mark.parametrize("column", ["frequent", "rare", "continuous"])
def test_many_blocks_get_the_interval_the_drawn_replicates_give(column, monkeypatch):
    """Above LARGE_BLOCKS blocks the interval is computed, not drawn: it agrees with 2,000 drawn
    replicates to within their Monte Carlo error (2 % of the rate, or half a count for rare counts)."""
    import analysis.uncertainty as u

    rng = np.random.default_rng(3)
    b = 5000
    den = rng.integers(5, 60, b).astype(float)
    num = {"frequent": rng.poisson(den * 0.02), "rare": np.isin(np.arange(b), rng.choice(b, 8, replace=False)),
           "continuous": rng.normal(0.1, 0.4, b)}[column].astype(float)
    den = np.ones(b) if column == "continuous" else den
    computed = bootstrap_ratio(num, den, n_boot=2000, rng=rng_for(1, "u"), scale=1000)
    monkeypatch.setattr(u, "LARGE_BLOCKS", 10**9)
    drawn = bootstrap_ratio(num, den, n_boot=2000, rng=rng_for(1, "u"), scale=1000)
    rate = 1000 * num.sum() / den.sum()
    tol = 0.5 * 1000 / den.sum() if column == "rare" else 0.02 * abs(rate)
    tol = max(tol, 1000 / den.sum()) if column == "rare" else tol
    assert np.allclose(computed, drawn, atol=tol, rtol=0.03), (computed, drawn)
