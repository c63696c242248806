"""Statistics of keyness on count vectors: G², χ², Log Ratio, %DIFF, log-odds z, p and q values.

Pure functions on numpy arrays over terms (broadcastable). Each takes ``a`` (frequency of
the term in the target), ``b`` (in the reference), ``c`` (target size in tokens) and ``d``
(reference size), and returns the *unsigned* textbook statistic where one exists (so it
can be checked against scipy), never ``inf`` or ``NaN`` for counts that are valid
(``0 <= a <= c``, ``0 <= b <= d``, ``c, d > 0``). :func:`analysis.keywords.keyness`
counts the tokens of two selections of a corpus and signs them so that positive means
relatively more frequent in the target.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ._core.options import check_option

__all__ = [
    "direction",
    "g2",
    "g2_2term",
    "chi2",
    "log_ratio",
    "pct_diff",
    "logodds_z",
    "p_values",
    "bh_qvalues",
]


# --------------------------------------------------------------------------- helpers


def _arrays(a, b, c, d):
    a, b, c, d = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c, d)))
    if np.any(a < 0) or np.any(b < 0) or np.any(a > c) or np.any(b > d):
        raise ValueError("counts must satisfy 0 <= a <= c and 0 <= b <= d")
    return a, b, c, d


def _xlogy_ratio(o, e):
    """o · ln(o / e) with 0 · ln 0 = 0 (and 0 where e == 0, which implies o == 0)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(o > 0, o * np.log(np.where(o > 0, o, 1.0) / np.where(e > 0, e, 1.0)), 0.0)
    return out


def _table(a, b, c, d):
    """Observed and expected cells of the 2×2 table [[a, b], [c − a, d − b]]."""
    n = c + d
    row1 = a + b
    row2 = n - row1
    obs = (a, b, c - a, d - b)
    with np.errstate(divide="ignore", invalid="ignore"):
        exp = (row1 * c / n, row1 * d / n, row2 * c / n, row2 * d / n)
    exp = tuple(np.nan_to_num(e, nan=0.0) for e in exp)
    return obs, exp


def direction(a, b, c, d) -> np.ndarray:
    """+1 where the relative frequency is higher in the target (a/c > b/d), −1 where
    lower, 0 where equal. Cross-multiplied, so exact for integer counts."""
    a, b, c, d = _arrays(a, b, c, d)
    return np.sign(a * d - b * c).astype(np.int8)


# --------------------------------------------------------------------------- statistics


def g2(a, b, c, d) -> np.ndarray:
    """Log-likelihood G², 4-term form (Dunning 1993), unsigned.

    Parameters
    ----------
    a, b : array_like
        Frequency of each term in the target and in the reference.
    c, d : array_like
        Size (tokens) of the target and of the reference.

    Returns
    -------
    numpy.ndarray of float
        ``G² >= 0``; 0 where the table is degenerate (a term absent from both parts).

    Notes
    -----
    Over the 2×2 table ``[[a, b], [c − a, d − b]]`` with expected values
    ``E_ij = row_i · col_j / N`` (``N = c + d``):

    .. math:: G^2 = 2 \\sum_{ij} O_{ij} \\ln(O_{ij} / E_{ij}), \\qquad 0 \\ln 0 = 0.

    It equals ``scipy.stats.chi2_contingency(table, correction=False,
    lambda_="log-likelihood")[0]``. The signed version (``keyness``'s ``g2`` column)
    multiplies it by :func:`direction`.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence.
    *Computational Linguistics*, 19(1), 61–74.

    Examples
    --------
    >>> float(round(g2(10, 0, 1000, 1000)[()], 4))  # the 2-term form gives 13.8629
    13.9132
    """
    a, b, c, d = _arrays(a, b, c, d)
    obs, exp = _table(a, b, c, d)
    return 2.0 * sum(_xlogy_ratio(o, e) for o, e in zip(obs, exp))


def g2_2term(a, b, c, d) -> np.ndarray:
    """Log-likelihood G², 2-term form (Rayson & Garside 2000), unsigned.

    Notes
    -----
    .. math::
        E_1 = c\\,(a + b)/(c + d), \\quad E_2 = d\\,(a + b)/(c + d), \\quad
        G^2 = 2\\,(a \\ln(a/E_1) + b \\ln(b/E_2)), \\qquad 0 \\ln 0 = 0.

    This is the form computed by Wmatrix and the Lancaster log-likelihood wizard. It
    ignores the two "all other words" cells of the 4-term table, so it is slightly
    smaller than :func:`g2` for frequent terms, and is not guaranteed non-negative in
    floating point for tiny differences (clipped at 0 here).

    References
    ----------
    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling. In
    *Proceedings of the Workshop on Comparing Corpora, 38th Annual Meeting of the
    Association for Computational Linguistics (ACL 2000)*, 1–6.

    Examples
    --------
    >>> float(round(g2_2term(10, 0, 1000, 1000)[()], 4))  # 2 · 10 · ln(10 / 5)
    13.8629
    """
    a, b, c, d = _arrays(a, b, c, d)
    n = c + d
    e1 = c * (a + b) / n
    e2 = d * (a + b) / n
    return np.maximum(2.0 * (_xlogy_ratio(a, e1) + _xlogy_ratio(b, e2)), 0.0)


def chi2(a, b, c, d, *, yates: bool = False) -> np.ndarray:
    """Pearson's χ² on the 2×2 table, with or without Yates' continuity correction.

    Notes
    -----
    .. math:: \\chi^2 = \\sum_{ij} (|O_{ij} - E_{ij}| - k_{ij})^2 / E_{ij}

    with ``k = 0`` (``yates=False``) or ``k = min(0.5, |O − E|)`` (``yates=True``), the
    form scipy uses so that the correction never overshoots. The values equal
    ``scipy.stats.chi2_contingency(table, correction=yates)[0]``. Cells with ``E = 0``
    (a degenerate table) contribute 0.

    References
    ----------
    Yates, F. (1934). Contingency tables involving small numbers and the χ² test.
    *Supplement to the Journal of the Royal Statistical Society*, 1(2), 217–235.
    """
    a, b, c, d = _arrays(a, b, c, d)
    obs, exp = _table(a, b, c, d)
    total = np.zeros_like(a)
    for o, e in zip(obs, exp):
        dev = np.abs(o - e)
        if yates:
            dev = dev - np.minimum(0.5, dev)
        with np.errstate(divide="ignore", invalid="ignore"):
            total = total + np.where(e > 0, dev**2 / np.where(e > 0, e, 1.0), 0.0)
    return total


def _adjust(x, zero):
    return np.where(x == 0, zero, x)


def log_ratio(a, b, c, d, *, zero: float = 0.5) -> np.ndarray:
    """Log Ratio (Hardie 2014): binary log of the ratio of relative frequencies.

    Parameters
    ----------
    a, b, c, d : array_like
        Term frequency in target, in reference; target size, reference size.
    zero : float, default 0.5
        Value that replaces a zero frequency (``a`` or ``b``) before the ratio is taken,
        Hardie's suggestion, so that terms absent from one part get a finite, large
        value. A term absent from both parts gets 0.

    Notes
    -----
    .. math:: \\mathrm{LR} = \\log_2 \\frac{a'/c}{b'/d}, \\qquad x' = x \\text{ if } x > 0
              \\text{ else } 0.5.

    One unit is a doubling: LR = 1 means twice as frequent (per token) in the target.
    It is an effect size, not a significance test: Hardie recommends filtering by a
    significance test (here the ``p``/``q`` of G²) and sorting by Log Ratio.

    References
    ----------
    Hardie, A. (2014). *Log Ratio – an informal introduction*. ESRC Centre for Corpus
    Approaches to Social Science (CASS), Lancaster University, 28 April 2014.
    http://cass.lancs.ac.uk/log-ratio-an-informal-introduction/
    """
    a, b, c, d = _arrays(a, b, c, d)
    out = np.log2((_adjust(a, zero) / c) / (_adjust(b, zero) / d))
    return np.where((a == 0) & (b == 0), 0.0, out)


def pct_diff(a, b, c, d, *, zero: float = 0.5) -> np.ndarray:
    """%DIFF (Gabrielatos & Marchi 2012): percentage difference of relative frequencies.

    Parameters
    ----------
    zero : float, default 0.5
        Value that replaces a zero reference frequency ``b``. Gabrielatos & Marchi
        suggest a tiny number (1E−18), which makes %DIFF for such terms astronomically
        large; 0.5 (as for Log Ratio) keeps them comparable to the others.
        A zero target frequency needs no adjustment (%DIFF = −100). A term absent from
        both parts gets 0.

    Notes
    -----
    .. math:: \\%\\mathrm{DIFF} = 100 \\, \\frac{a/c - b'/d}{b'/d}, \\qquad
              b' = b \\text{ if } b > 0 \\text{ else } 0.5.

    References
    ----------
    Gabrielatos, C., & Marchi, A. (2012). Keyness: Appropriate metrics and practical
    issues. Paper presented at *CADS International Conference 2012: Corpus-assisted
    Discourse Studies*, University of Bologna, 13–14 September 2012.
    """
    a, b, c, d = _arrays(a, b, c, d)
    nb = _adjust(b, zero) / d
    out = 100.0 * (a / c - nb) / nb
    return np.where((a == 0) & (b == 0), 0.0, out)


def logodds_z(a, b, c, d, *, background=None, background_size=None, prior_strength: float = 1.0) -> np.ndarray:
    """Weighted log-odds ratio with an informative Dirichlet prior, as a z-score
    (Monroe, Colaresi & Quinn 2008, section 3.5.2). Signed: positive = target.

    Parameters
    ----------
    a, b : array_like
        Term counts ``y_tw`` in the target and ``y_rw`` in the reference.
    c, d : array_like
        Sizes ``n_t`` and ``n_r`` of the target and the reference (all tokens, not only
        the terms passed in).
    background : array_like, optional
        Background counts of each term for the prior. Default: the pooled counts
        ``a + b`` (prior ``"pooled"``).
    background_size : float, optional
        Total size of the background. Default: ``c + d`` when ``background`` is the pooled
        counts, else ``background.sum()`` (pass it when ``background`` covers only part
        of the vocabulary).
    prior_strength : float, default 1.0
        Multiplier ``s`` of the prior: ``α_w = s · background_w``, ``α0 = s ·
        background_size``. With the default the prior carries as many pseudo-counts as
        the background has tokens (the convention of Jurafsky et al. 2014); smaller
        values shrink less (e.g. ``s = 1000 / background_size`` gives ``α0 = 1000``).

    Notes
    -----
    With ``α_w = α0 · π_w`` (``π_w`` the background share of ``w``):

    .. math::
        \\hat\\delta_w = \\ln\\frac{y_{tw} + \\alpha_w}{n_t + \\alpha_0 - y_{tw} - \\alpha_w}
                     - \\ln\\frac{y_{rw} + \\alpha_w}{n_r + \\alpha_0 - y_{rw} - \\alpha_w},
        \\qquad
        \\sigma^2(\\hat\\delta_w) \\approx \\frac{1}{y_{tw} + \\alpha_w}
                                       + \\frac{1}{y_{rw} + \\alpha_w},
        \\qquad z_w = \\hat\\delta_w / \\sqrt{\\sigma^2}.

    Degenerate rows get ``z = 0``: a term absent from both parts and from the
    background (``α_w = 0``), or a term that makes up every token of the corpus (a
    zero denominator).

    References
    ----------
    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words: Lexical
    feature selection and evaluation for identifying the content of political
    conflict. *Political Analysis*, 16(4), 372–403. https://doi.org/10.1093/pan/mpn018

    Jurafsky, D., Chahuneau, V., Routledge, B. R., & Smith, N. A. (2014). Narrative
    framing of consumer sentiment in online restaurant reviews. *First Monday*, 19(4).
    """
    a, b, c, d = _arrays(a, b, c, d)
    if background is None:
        bg = a + b
        bg_size = (c + d) if background_size is None else np.asarray(background_size, dtype=float)
    else:
        bg = np.broadcast_to(np.asarray(background, dtype=float), a.shape)
        bg_size = bg.sum() if background_size is None else np.asarray(background_size, dtype=float)
    if prior_strength <= 0:
        raise ValueError(f"prior_strength must be > 0, got {prior_strength}")
    alpha_w = prior_strength * bg
    alpha0 = prior_strength * bg_size
    ta, ra = a + alpha_w, b + alpha_w
    rest_t, rest_r = c + alpha0 - ta, d + alpha0 - ra
    # degenerate rows (a term absent everywhere, or a term that is the whole corpus) → z = 0
    ok = (ta > 0) & (ra > 0) & (rest_t > 0) & (rest_r > 0)
    one = np.ones_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        delta = np.log(np.where(ok, ta, one) / np.where(ok, rest_t, one)) - np.log(
            np.where(ok, ra, one) / np.where(ok, rest_r, one)
        )
        var = 1.0 / np.where(ok, ta, one) + 1.0 / np.where(ok, ra, one)
    return np.where(ok, delta / np.sqrt(var), 0.0)


def p_values(stat, *, dist: Literal["chi2", "normal"] = "chi2") -> np.ndarray:
    """p-values: χ²(1) upper tail of ``|stat|`` (G², χ²) or two-sided normal (z)."""
    check_option("dist", dist, ("chi2", "normal"))
    from scipy import stats

    s = np.abs(np.asarray(stat, dtype=float))
    if dist == "chi2":
        return stats.chi2.sf(s, 1)
    return 2.0 * stats.norm.sf(s)


def bh_qvalues(p) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) across all entries of ``p``.

    Notes
    -----
    With the ``m`` p-values sorted ascending, ``q_(i) = min_{j >= i} min(1, m p_(j) / j)``.
    Equal to ``scipy.stats.false_discovery_control(p, method="bh")``. NaN entries are
    left NaN and not counted in ``m``.

    References
    ----------
    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate: A
    practical and powerful approach to multiple testing. *Journal of the Royal
    Statistical Society, Series B*, 57(1), 289–300.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    pv = p[ok]
    m = pv.size
    if m == 0:
        return out
    order = np.argsort(pv, kind="stable")
    ranked = pv[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    res = np.empty(m)
    res[order] = np.minimum(q, 1.0)
    out[ok] = res
    return out
