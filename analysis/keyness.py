"""Keyness: which terms are relatively more frequent in one part of the corpus than another.

Two layers:

* **pure functions on count vectors** (numpy arrays over terms, broadcastable):
  :func:`g2`, :func:`g2_2term`, :func:`chi2`, :func:`log_ratio`, :func:`pct_diff`,
  :func:`logodds_z`, :func:`p_values`, :func:`bh_qvalues`. Each takes ``a`` (frequency
  of the term in the target), ``b`` (in the reference), ``c`` (target size in tokens)
  and ``d`` (reference size), and returns the *unsigned* textbook statistic where one
  exists (so it can be checked against scipy), never ``inf`` or ``NaN`` for counts
  that are valid (``0 <= a <= c``, ``0 <= b <= d``, ``c, d > 0``).
* **corpus-level wrappers** :func:`keyness` and :func:`keyness_all`, which count the
  tokens of any two selections of the corpus and return one long tidy table with every
  statistic, signed so that **positive means relatively more frequent in the target**.

All counts come from ``corpus.tokens`` (the one tokenizer), so keyness agrees with
KWIC, frame counts and TF-IDF.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = [
    "MEASURES",
    "COLUMNS",
    "direction",
    "g2",
    "g2_2term",
    "chi2",
    "log_ratio",
    "pct_diff",
    "logodds_z",
    "p_values",
    "bh_qvalues",
    "keyness",
    "keyness_all",
]

Measure = Literal["g2", "g2_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "logodds_z"]
MEASURES: tuple[str, ...] = get_args(Measure)

#: Human-readable name of each measure with its formula variant (the ``measure`` column).
MEASURE_VARIANTS: dict[str, str] = {
    "g2": "g2: log-likelihood G² 4-term (Dunning 1993), signed; p = χ²(1) survival",
    "g2_2term": "g2_2term: log-likelihood G² 2-term (Rayson & Garside 2000), signed; p = χ²(1) survival",
    "chi2": "chi2: Pearson χ² 2×2 without continuity correction, signed; p = χ²(1) survival",
    "chi2_yates": "chi2_yates: Pearson χ² 2×2 with Yates' correction (scipy's min(0.5, |O−E|)), signed; p = χ²(1) survival",
    "log_ratio": "log_ratio: Log Ratio log2 of relative frequencies (Hardie 2014), zero frequency → 0.5; p from g2 (4-term)",
    "pct_diff": "pct_diff: %DIFF (Gabrielatos & Marchi 2012), zero frequency → 0.5; p from g2 (4-term)",
    "logodds_z": "logodds_z: weighted log-odds z, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); p = two-sided normal",
}

SMALL_SAMPLE = 1000  # warn when a selection has fewer tokens than this

_SIGNED = {"g2", "g2_2term", "chi2", "chi2_yates"}


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
    from scipy import stats

    s = np.abs(np.asarray(stat, dtype=float))
    if dist == "chi2":
        return stats.chi2.sf(s, 1)
    if dist == "normal":
        return 2.0 * stats.norm.sf(s)
    raise ValueError(f"dist must be 'chi2' or 'normal', got {dist!r}")


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


# --------------------------------------------------------------------------- selections

Selection = str | list | tuple | Mapping | np.ndarray | pd.Series


def _label(sel, by) -> str:
    if isinstance(sel, (str, int, np.integer)):
        return str(sel)
    if isinstance(sel, Mapping):
        parts = []
        for k, v in sel.items():
            vals = v if isinstance(v, (list, tuple, set, np.ndarray, pd.Index)) else [v]
            parts.append(f"{k}={'|'.join(str(x) for x in vals)}")
        return ", ".join(parts)
    if isinstance(sel, (np.ndarray, pd.Series)) and np.asarray(sel).dtype == bool:
        return "mask"
    return " + ".join(str(x) for x in sel)


def _column(corpus: Corpus, name: str) -> pd.Series:
    """A token-level column: from the tokens table, or mapped from the documents table."""
    toks = corpus.tokens
    if name == "doc":
        name = "doc_id"
    if name in toks.columns:
        return toks[name]
    if name in corpus.documents.columns:
        mapping = corpus.documents.set_index("doc_id")[name]
        codes = toks["doc_id"].cat.codes.to_numpy()
        vals = mapping.reindex(toks["doc_id"].cat.categories).take(codes)
        return pd.Series(vals.array, index=toks.index, name=name)
    valid = sorted(set(toks.columns) | set(corpus.documents.columns) - {"raw", "text"})
    raise ValueError(f"unknown column {name!r}; valid columns: {', '.join(valid)}")


def _isin(col: pd.Series, values, name: str) -> np.ndarray:
    vals = list(values) if isinstance(values, (list, tuple, set, np.ndarray, pd.Index)) else [values]
    present = pd.unique(col.dropna()) if not isinstance(col.dtype, pd.CategoricalDtype) else col.cat.categories
    present_set = set(present.tolist() if hasattr(present, "tolist") else present)
    missing = [v for v in vals if v not in present_set]
    if missing:
        shown = sorted(map(str, present_set))
        more = "" if len(shown) <= 30 else f", … ({len(shown)} in all)"
        raise ValueError(f"{name}: no value(s) {missing!r}; valid values: {', '.join(shown[:30])}{more}")
    return col.isin(vals).to_numpy()


def _mask(corpus: Corpus, sel, by: str, what: str) -> np.ndarray:
    n = len(corpus.tokens)
    if isinstance(sel, (np.ndarray, pd.Series)) and np.asarray(sel).dtype == bool:
        m = np.asarray(sel)
        if m.shape != (n,):
            raise ValueError(f"{what}: a boolean mask must have one entry per token ({n}), got shape {m.shape}")
        return m
    if isinstance(sel, Mapping):
        if not sel:
            raise ValueError(f"{what}: empty selection dict")
        m = np.ones(n, dtype=bool)
        for col, vals in sel.items():
            m &= _isin(_column(corpus, col), vals, f"{what} {col!r}")
        return m
    if isinstance(sel, (str, list, tuple, int, np.integer)):
        return _isin(_column(corpus, by), sel, f"{what} ({by})")
    raise TypeError(
        f"{what}: expected a value of {by!r}, a list of values, a dict column → value(s), "
        f"a boolean mask or 'rest'; got {type(sel).__name__}"
    )


def _unit_codes(corpus: Corpus, unit: str) -> tuple[np.ndarray, pd.Index]:
    if unit not in ("norm", "token"):
        raise ValueError(f"unit must be one of 'norm', 'token'; got {unit!r}")
    col = corpus.tokens[unit]
    return col.cat.codes.to_numpy(), col.cat.categories


def _stop_set(stop_words, unit: str) -> set[str]:
    if stop_words is None:
        return set()
    if isinstance(stop_words, str):
        if stop_words != "english":
            raise ValueError("stop_words must be None, 'english' (scikit-learn's list) or an iterable of strings")
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        stop_words = ENGLISH_STOP_WORDS
    from .tokens import normalize

    words = set(stop_words)
    return words | {normalize(w) for w in words} if unit == "norm" else words


# --------------------------------------------------------------------------- dispersion


def _dispersion(codes_t: np.ndarray, doc_t: np.ndarray, para_t: np.ndarray, n_terms: int):
    """Per term, over the target's tokens: Gries' DP across the target's documents;
    the largest share of the term's hits supplied by one document and by one
    paragraph; and that document's (paragraph's) share of the target's tokens."""
    n = codes_t.size
    nan = np.full(n_terms, np.nan)
    dp, top_doc, top_para, doc_size, para_size = (nan.copy() for _ in range(5))
    if n == 0:
        return dp, top_doc, top_para, doc_size, para_size
    freq = np.bincount(codes_t, minlength=n_terms).astype(float)
    has = freq > 0
    _, doc_idx = np.unique(doc_t, return_inverse=True)
    n_docs = int(doc_idx.max()) + 1
    doc_share = np.bincount(doc_idx, minlength=n_docs) / n
    # term × document cells with hits
    k, cnt = np.unique(codes_t.astype(np.int64) * n_docs + doc_idx, return_counts=True)
    term, doc = k // n_docs, k % n_docs
    v = cnt / freq[term]
    contrib = np.abs(v - doc_share[doc]) - doc_share[doc]  # documents without hits add s_i
    dp_sum = np.bincount(term, weights=contrib, minlength=n_terms)
    dp[has] = np.clip(0.5 * (1.0 + dp_sum[has]), 0.0, 1.0)
    top_doc[has], doc_size[has] = (x[has] for x in _top_unit(term, doc, cnt, doc_share, freq))
    # term × paragraph (paragraphs are keyed by document and para_id)
    para_key = doc_idx.astype(np.int64) * (int(para_t.max()) + 1) + para_t
    _, para_idx = np.unique(para_key, return_inverse=True)
    n_para = int(para_idx.max()) + 1
    para_share = np.bincount(para_idx, minlength=n_para) / n
    k, cnt = np.unique(codes_t.astype(np.int64) * n_para + para_idx, return_counts=True)
    top_para[has], para_size[has] = (x[has] for x in _top_unit(k // n_para, k % n_para, cnt, para_share, freq))
    return dp, top_doc, top_para, doc_size, para_size


def _top_unit(term, unit, cnt, unit_share, freq):
    """Per term: share of its hits in the unit supplying most (ties: the largest unit,
    so an even split is not read as concentration), and that unit's token share."""
    n_terms = freq.size
    order = np.lexsort((-unit_share[unit], -cnt, term))
    first = order[np.r_[True, term[order][1:] != term[order][:-1]]]
    top = np.zeros(n_terms)
    size = np.zeros(n_terms)
    top[term[first]] = cnt[first]
    size[term[first]] = unit_share[unit[first]]
    with np.errstate(divide="ignore", invalid="ignore"):
        return top / freq, size


# --------------------------------------------------------------------------- corpus level


def _validate(name: str, value, options) -> None:
    if value not in options:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, options))}; got {value!r}")


COLUMNS = [
    "term",
    "n_target",
    "n_reference",
    "size_target",
    "size_reference",
    "rate_target",
    "rate_reference",
    "direction",
    "g2",
    "g2_2term",
    "chi2",
    "chi2_yates",
    "log_ratio",
    "pct_diff",
    "zero_adjusted",
    "logodds_z",
    "p",
    "q",
    "dp_target",
    "top_doc_share",
    "top_para_share",
    "flag",
    "measure",
    "variant",
    "target",
    "reference",
]


def keyness(
    corpus: Corpus,
    *,
    target: Selection,
    reference: Selection | Literal["rest"] = "rest",
    measure: Measure = "g2",
    by: str = "group",
    unit: Literal["norm", "token"] = "norm",
    min_freq: int = 5,
    stop_words: Iterable[str] | Literal["english"] | None = None,
    prior: Literal["pooled", "corpus"] = "pooled",
    prior_strength: float = 1.0,
    zero: float = 0.5,
    flag_share: float = 0.5,
    min_evidence: int = 5,
) -> pd.DataFrame:
    """Keyness of every term in ``target`` against ``reference``: one long tidy table.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load_corpus`.
    target : str, int, list, dict or boolean mask
        The target selection of tokens: a value of column ``by`` (``"Meduza 2020"``;
        ``1998`` with ``by="year"``),
        a list of values (pooled), a dict column → value(s) on the tokens table or the
        documents table (``{"voice": "author"}``, ``{"year": [1998, 1999]}``,
        ``{"group": "op-ed", "voice": "quoted"}``: conditions are combined with *and*),
        or a boolean array with one entry per token.
    reference : same as ``target``, or ``"rest"`` (default)
        ``"rest"`` pools every token not in the target. Target and reference must not
        overlap (the 2×2 table assumes two disjoint samples).
    measure : {"g2", "g2_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "logodds_z"}
        The statistic that sorts the table and whose p-value fills ``p``/``q``. For
        the effect sizes ``log_ratio`` and ``pct_diff``, ``p`` is that of 4-term G².
    by : str, default "group"
        Column that plain string/list selections refer to (``"group"``, ``"voice"``,
        ``"doc_id"``, ``"speaker"``, ``"year"``, ``"outlet"``, …).
    unit : {"norm", "token"}
        Count the folded matching form (default) or the token as written.
    min_freq : int, default 5
        Keep terms with ``n_target + n_reference >= min_freq``. BH q-values are
        computed over the terms kept (the family of tests reported).
    stop_words : iterable of str, "english" or None
        Terms left out of the table (``"english"``: scikit-learn's list). Sizes still
        count all tokens.
    prior : {"pooled", "corpus"}
        Background for the Monroe et al. prior: pooled target + reference counts, or
        the whole corpus (differs when target and reference do not cover the corpus).
    prior_strength : float, default 1.0
        Multiplier of the prior (see :func:`logodds_z`).
    zero : float, default 0.5
        Replacement for a zero frequency in Log Ratio and %DIFF (Hardie 2014).
    flag_share, min_evidence : float, int
        Thresholds of the ``flag`` column.

    Returns
    -------
    pandas.DataFrame
        One row per term, fresh RangeIndex, sorted by the chosen statistic descending
        then ``term``. Columns:

        ==============================  =======  ===========================================
        term                            str      the term (``unit`` form)
        n_target, n_reference           int64    frequency in target / reference
        size_target, size_reference     int64    tokens in target / reference
        rate_target, rate_reference     float64  frequency per 1,000 tokens
        direction                       int8     +1 relatively more frequent in the target,
                                                 −1 less, 0 equal
        g2, g2_2term                    float64  G² 4-term / 2-term, signed by ``direction``
        chi2, chi2_yates                float64  Pearson χ² without / with Yates, signed
        log_ratio                       float64  Hardie's Log Ratio (zero → ``zero``)
        pct_diff                        float64  %DIFF (zero reference freq. → ``zero``)
        zero_adjusted                   bool     a zero frequency was replaced in the two
                                                 columns above
        logodds_z                       float64  Monroe et al. weighted log-odds z
        p, q                            float64  p-value of ``measure``; BH q over the table
        dp_target                       float64  Gries' DP across the target's documents
                                                 (0 = even, → 1 = concentrated)
        top_doc_share, top_para_share   float64  share of the term's target hits supplied
                                                 by the top document / paragraph
        flag                            str      "" or warnings joined by "; "
        measure                         str      the sorting measure (e.g. ``"g2"``)
        variant                         str      its formula variant, in words
        target, reference               str      labels of the two selections
        ==============================  =======  ===========================================

        The statistics are never NaN or infinite. ``dp_target``, ``top_doc_share`` and
        ``top_para_share`` are NaN exactly where ``n_target == 0`` (undefined: no hits).

    Raises
    ------
    ValueError
        An unknown option, column or value (the message lists the valid ones), an
        empty selection, or overlapping target and reference.

    Warns
    -----
    UserWarning
        When the target or reference has fewer than 1,000 tokens.

    Notes
    -----
    For a term with ``a`` hits in a target of ``c`` tokens and ``b`` hits in a
    reference of ``d`` tokens, see :func:`g2`, :func:`g2_2term`, :func:`chi2`,
    :func:`log_ratio`, :func:`pct_diff` and :func:`logodds_z` for the formulas. G² and
    χ² are non-negative by construction; here they are multiplied by ``direction`` so
    that one descending sort lists the target's key terms first and its negative
    (under-used) terms last. p-values use ``|stat|``.

    Gries' DP over the target's ``k`` documents, with ``s_i`` the share of the target's
    tokens in document ``i`` and ``v_i`` the share of the term's target hits there, is
    ``DP = ½ Σ_i |v_i − s_i|``.

    ``flag`` lists thin evidence on the side the term is key for (``n_target`` below
    ``min_evidence`` for a positive term, ``n_reference`` for a negative one), and: "one
    paragraph supplies ≥ 50% of target hits" (or, when the top
    paragraph does not but the top document does, "one document supplies ≥ 50% of
    target hits"), and "thin evidence: n_target < 5". A paragraph (document) is
    flagged only when its share of the hits also exceeds its share of the target's
    tokens: otherwise a one-document target, or a document with most of the target's
    text, would flag every term. ``top_doc_share``/``top_para_share`` are always given.

    References
    ----------
    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics*, 19(1), 61–74.

    Rayson, P., & Garside, R. (2000). Comparing corpora using frequency profiling.
    *Proceedings of the Workshop on Comparing Corpora, ACL 2000*, 1–6.

    Hardie, A. (2014). *Log Ratio – an informal introduction*. CASS, Lancaster
    University.

    Gabrielatos, C., & Marchi, A. (2012). Keyness: Appropriate metrics and practical
    issues. *CADS International Conference 2012*, University of Bologna.

    Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words.
    *Political Analysis*, 16(4), 372–403.

    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    *International Journal of Corpus Linguistics*, 13(4), 403–437.

    Benjamini, Y., & Hochberg, Y. (1995). Controlling the false discovery rate.
    *Journal of the Royal Statistical Society, Series B*, 57(1), 289–300.

    Examples
    --------
    >>> import analysis
    >>> from analysis.keyness import keyness
    >>> corpus = analysis.load_corpus()
    >>> kt = keyness(corpus, target="Meduza 2020", min_freq=10)
    >>> list(kt.columns[:3]), bool((kt.g2.diff().dropna() <= 0).all())
    (['term', 'n_target', 'n_reference'], True)
    """
    _validate("measure", measure, MEASURES)
    _validate("unit", unit, ("norm", "token"))
    _validate("prior", prior, ("pooled", "corpus"))
    if isinstance(target, str) and target == "rest":
        raise ValueError("target cannot be 'rest'; 'rest' is only for the reference")
    if min_freq < 1:
        raise ValueError(f"min_freq must be >= 1, got {min_freq}")
    t_mask = _mask(corpus, target, by, "target")
    if isinstance(reference, str) and reference == "rest":
        r_mask = ~t_mask
        r_label = "rest"
    else:
        r_mask = _mask(corpus, reference, by, "reference")
        r_label = _label(reference, by)
    t_label = _label(target, by)
    overlap = int((t_mask & r_mask).sum())
    if overlap:
        raise ValueError(
            f"target {t_label!r} and reference {r_label!r} share {overlap} tokens; keyness compares "
            "two disjoint samples (use reference='rest' to compare with everything else)"
        )
    c, d = int(t_mask.sum()), int(r_mask.sum())
    for what, lab, size in (("target", t_label, c), ("reference", r_label, d)):
        if size == 0:
            raise ValueError(f"the {what} selection {lab!r} contains no tokens")
        if size < SMALL_SAMPLE:
            warnings.warn(
                f"keyness: the {what} {lab!r} has only {size} tokens (< {SMALL_SAMPLE}); "
                "frequencies and p-values on so small a sample are fragile",
                stacklevel=2,
            )
    codes, vocab = _unit_codes(corpus, unit)
    V = len(vocab)
    ct = codes[t_mask]
    a_all = np.bincount(ct, minlength=V)
    b_all = np.bincount(codes[r_mask], minlength=V)
    keep = (a_all + b_all) >= min_freq
    stops = _stop_set(stop_words, unit)
    if stops:
        keep &= ~np.asarray(vocab.isin(list(stops)))
    idx = np.flatnonzero(keep)
    a = a_all[idx].astype(np.int64)
    b = b_all[idx].astype(np.int64)

    if prior == "pooled":
        bg, bg_size = a + b, c + d
    else:
        bg, bg_size = np.bincount(codes, minlength=V)[idx], len(codes)

    sign = direction(a, b, c, d)
    stats = {
        "g2": sign * g2(a, b, c, d),
        "g2_2term": sign * g2_2term(a, b, c, d),
        "chi2": sign * chi2(a, b, c, d),
        "chi2_yates": sign * chi2(a, b, c, d, yates=True),
        "log_ratio": log_ratio(a, b, c, d, zero=zero),
        "pct_diff": pct_diff(a, b, c, d, zero=zero),
        "logodds_z": logodds_z(a, b, c, d, background=bg, background_size=bg_size, prior_strength=prior_strength),
    }
    if measure == "logodds_z":
        p = p_values(stats["logodds_z"], dist="normal")
    elif measure in _SIGNED:
        p = p_values(stats[measure])
    else:
        p = p_values(stats["g2"])

    toks = corpus.tokens
    dp, top_doc, top_para, doc_size, para_size = _dispersion(
        ct, toks["doc_id"].cat.codes.to_numpy()[t_mask], toks["para_id"].to_numpy()[t_mask], V
    )
    dp, top_doc, top_para, doc_size, para_size = (x[idx] for x in (dp, top_doc, top_para, doc_size, para_size))
    flags = []
    pct = f"{flag_share:.0%}"
    for td, tp, ds, ps, n, nr, sg in zip(top_doc, top_para, doc_size, para_size, a, b, sign):
        f = []
        if n > 0 and tp >= flag_share and tp > ps:
            f.append(f"one paragraph supplies ≥ {pct} of target hits")
        elif n > 0 and td >= flag_share and td > ds:
            f.append(f"one document supplies ≥ {pct} of target hits")
        # thin evidence is judged on the side the term is key for
        if sg < 0 and nr < min_evidence:
            f.append(f"thin evidence: n_reference < {min_evidence}")
        elif sg >= 0 and n < min_evidence:
            f.append(f"thin evidence: n_target < {min_evidence}")
        flags.append("; ".join(f))

    out = pd.DataFrame(
        {
            "term": np.asarray(vocab, dtype=object)[idx],
            "n_target": a,
            "n_reference": b,
            "size_target": np.full(idx.size, c, dtype=np.int64),
            "size_reference": np.full(idx.size, d, dtype=np.int64),
            "rate_target": 1000.0 * a / c,
            "rate_reference": 1000.0 * b / d,
            "direction": sign,
            **stats,
            "zero_adjusted": (a == 0) | (b == 0),
            "p": p,
            "q": bh_qvalues(p),
            "dp_target": dp,
            "top_doc_share": top_doc,
            "top_para_share": top_para,
            "flag": flags,
            "measure": measure,
            "variant": MEASURE_VARIANTS[measure]
            + (f"; prior {prior} × {prior_strength:g}" if measure == "logodds_z" else "")
            + (f"; zero → {zero:g}" if measure in ("log_ratio", "pct_diff") and zero != 0.5 else ""),
            "target": t_label,
            "reference": r_label,
        },
        columns=COLUMNS,
    )
    out["term"] = out["term"].astype(str)
    out = out.sort_values([measure, "term"], ascending=[False, True], kind="mergesort", ignore_index=True)
    return out


def keyness_all(
    corpus: Corpus,
    *,
    by: str = "group",
    mode: Literal["one_vs_rest", "pairs"] = "one_vs_rest",
    measure: Measure = "g2",
    **kwargs: Any,
) -> pd.DataFrame:
    """Keyness for every value of ``by`` against the pooled rest, or for every ordered pair.

    Parameters
    ----------
    corpus : Corpus
    by : str, default "group"
        Token or document column whose values are compared (``"group"``, ``"voice"``,
        ``"year"``, ``"doc_id"``, …). Missing values are left out.
    mode : {"one_vs_rest", "pairs"}
        ``"one_vs_rest"``: each value against all other tokens *that have a value*;
        ``"pairs"``: every ordered pair (A vs B and B vs A).
    measure : str
        As in :func:`keyness`.
    **kwargs
        Passed to :func:`keyness` (``unit``, ``min_freq``, ``stop_words``, …).

    Returns
    -------
    pandas.DataFrame
        The :func:`keyness` columns, the comparisons stacked: sorted by ``target`` and
        ``reference`` (in the order of the column's categories, or sorted values),
        then the statistic descending, then ``term``; fresh RangeIndex. q-values are
        computed within each comparison.

    Examples
    --------
    >>> import analysis, warnings
    >>> from analysis.keyness import keyness_all
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ka = keyness_all(analysis.load_corpus(), mode="pairs", measure="log_ratio")
    >>> ka.groupby(["target", "reference"], sort=False).size().index.tolist()[:2]
    [('Monitor 1998–99', 'op-ed'), ('Monitor 1998–99', 'Meduza 2020')]
    """
    _validate("mode", mode, ("one_vs_rest", "pairs"))
    _validate("measure", measure, MEASURES)
    col = _column(corpus, by)
    if isinstance(col.dtype, pd.CategoricalDtype):
        values = [v for v in col.cat.categories if (col == v).any()]
    else:
        values = sorted(pd.unique(col.dropna()).tolist())
    if len(values) < 2:
        raise ValueError(f"keyness_all: column {by!r} has fewer than two values ({values!r})")
    has_value = col.notna().to_numpy()
    parts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small-sample warnings: re-issued once below
        for t in values:
            refs = ["rest"] if mode == "one_vs_rest" else [r for r in values if r != t]
            for r in refs:
                if r == "rest":
                    t_mask = (col == t).to_numpy()
                    part = keyness(corpus, target=t, reference=has_value & ~t_mask, by=by, measure=measure, **kwargs)
                    part["reference"] = "rest"
                else:
                    part = keyness(corpus, target=[t], reference=[r], by=by, measure=measure, **kwargs)
                part["target"] = str(t)
                part["reference"] = "rest" if r == "rest" else str(r)
                parts.append(part)
    small = [str(v) for v in values if int((col == v).sum()) < SMALL_SAMPLE]
    if small:
        warnings.warn(
            f"keyness_all: {by} value(s) with fewer than {SMALL_SAMPLE} tokens: {', '.join(small)}", stacklevel=2
        )
    # parts are already in target/reference order and sorted within
    return pd.concat(parts, ignore_index=True)
