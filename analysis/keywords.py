"""Keywords: which terms are relatively more frequent in one part of the corpus than another.

:func:`keyness` counts the tokens of any two selections of the corpus and returns one
long tidy table with every statistic of :mod:`analysis.statistics` (G² 4-term and
2-term, χ² with and without Yates, Log Ratio, %DIFF, weighted log-odds z, p and BH
q-values), signed so that **positive means relatively more frequent in the target**,
with dispersion and thin-evidence flags; :func:`keyness_all` stacks it for every value
of a column against the rest, or for every ordered pair.

All counts come from ``corpus.tokens`` (the one tokenizer), so keyness agrees with
KWIC, frame counts and TF-IDF.

Old names, kept for one release with a ``DeprecationWarning``: ``unit=`` (the token
form, now ``form=``), ``by="doc"`` (now ``"doc_id"``); the columns ``size_target``,
``size_reference`` (now ``n_tokens_target``, ``n_tokens_reference``) and
``rate_target``, ``rate_reference`` (now ``per_1000_target``, ``per_1000_reference``).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

from ._core.keyness import MEASURE_VARIANTS, keyness_flags, keyness_statistics, keyness_variant
from ._core.options import check_option
from ._core.stopwords import stop_set
from ._core.units import token_column
from ._core.vocabulary import as_table, renamed
from .statistics import bh_qvalues
from ._core.dispatch import dispatch

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = [
    "MEASURES",
    "MEASURE_VARIANTS",
    "COLUMNS",
    "SMALL_SAMPLE",
    "keyness",
    "keyness_all",
]

Measure = Literal["g2", "g2_2term", "chi2", "chi2_yates", "log_ratio", "pct_diff", "logodds_z"]
MEASURES: tuple[str, ...] = get_args(Measure)

SMALL_SAMPLE = 1000  # warn when a selection has fewer tokens than this


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
            m &= _isin(token_column(corpus, col), vals, f"{what} {col!r}")
        return m
    if isinstance(sel, (str, list, tuple, int, np.integer)):
        return _isin(token_column(corpus, by), sel, f"{what} ({by})")
    raise TypeError(
        f"{what}: expected a value of {by!r}, a list of values, a dict column → value(s), "
        f"a boolean mask or 'rest'; got {type(sel).__name__}"
    )


def _form_codes(corpus: Corpus, form: str) -> tuple[np.ndarray, pd.Index]:
    check_option("form", form, ("norm", "token"))
    col = corpus.tokens[form]
    return col.cat.codes.to_numpy(), col.cat.categories


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


COLUMNS = [
    "term",
    "n_target",
    "n_reference",
    "n_tokens_target",
    "n_tokens_reference",
    "per_1000_target",
    "per_1000_reference",
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


#: The old names of the options (kept one release).
_OLD = dict(options={"unit": "form"}, values={"by": {"doc": "doc_id"}})


@renamed(**_OLD)
def keyness(
    corpus: Corpus,
    *,
    target: Selection,
    reference: Selection | Literal["rest"] = "rest",
    measure: Measure = "g2",
    by: str = "group",
    form: Literal["norm", "token"] = "norm",
    min_freq: int = 5,
    stop_words: Iterable[str] | Literal["english", "default"] | None = None,
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
    form : {"norm", "token"}
        The token form counted: folded ``norm`` (default) or ``token`` as written.
    min_freq : int, default 5
        Keep terms with ``n_target + n_reference >= min_freq``. BH q-values are
        computed over the terms kept (the family of tests reported).
    stop_words : None, "english", "default" or iterable of str
        Terms left out of the table (``"english"``: scikit-learn's list; ``"default"``:
        that and the domain list, :func:`analysis.wordlists.stop_words`). Sizes still
        count all tokens.
    prior : {"pooled", "corpus"}
        Background for the Monroe et al. prior: pooled target + reference counts, or
        the whole corpus (differs when target and reference do not cover the corpus).
    prior_strength : float, default 1.0
        Multiplier of the prior (see :func:`analysis.statistics.logodds_z`).
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
        term                            str      the term (in ``form``)
        n_target, n_reference           int64    occurrences of the term in target /
                                                 reference
        n_tokens_target,                int64    tokens in target / reference
        n_tokens_reference
        per_1000_target,                float64  occurrences per 1,000 tokens
        per_1000_reference
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
    reference of ``d`` tokens, see :func:`analysis.statistics.g2`, :func:`analysis.statistics.g2_2term`, :func:`analysis.statistics.chi2`,
    :func:`analysis.statistics.log_ratio`, :func:`analysis.statistics.pct_diff` and :func:`analysis.statistics.logodds_z` for the formulas. G² and
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
    >>> from analysis.keywords import keyness
    >>> corpus = analysis.load_corpus()
    >>> kt = keyness(corpus, target="Meduza 2020", min_freq=10)
    >>> list(kt.columns[:3]), bool((kt.g2.diff().dropna() <= 0).all())
    (['term', 'n_target', 'n_reference'], True)
    """
    if (mr := dispatch(corpus, "keyness")) is not None:
        return mr(corpus, target=target, reference=reference, measure=measure, by=by, form=form, min_freq=min_freq,
                  stop_words=stop_words, prior=prior, prior_strength=prior_strength, zero=zero, flag_share=flag_share,
                  min_evidence=min_evidence)
    _check_options(measure, form, prior, target, min_freq)
    t_mask, r_mask, t_label, r_label = _selections(corpus, target, reference, by)
    c, d = int(t_mask.sum()), int(r_mask.sum())
    _check_sizes(t_label, r_label, c, d)
    codes, vocab = _form_codes(corpus, form)
    V = len(vocab)
    ct = codes[t_mask]
    idx, a, b = _term_counts(codes, ct, r_mask, V, vocab=vocab, min_freq=min_freq, stops=stop_set(stop_words, form))
    if prior == "pooled":
        bg, bg_size = a + b, c + d
    else:
        bg, bg_size = np.bincount(codes, minlength=V)[idx], len(codes)
    sign, stats, p = keyness_statistics(a, b, c, d, measure=measure, zero=zero, background=bg, background_size=bg_size,
                                 prior_strength=prior_strength)
    toks = corpus.tokens
    spread = _dispersion(ct, toks["doc_id"].cat.codes.to_numpy()[t_mask], toks["para_id"].to_numpy()[t_mask], V)
    dp, top_doc, top_para, doc_size, para_size = (x[idx] for x in spread)
    flags = keyness_flags(a, b, sign, top_doc, top_para, doc_size, para_size, flag_share=flag_share, min_evidence=min_evidence)
    out = pd.DataFrame(
        {
            "term": np.asarray(vocab, dtype=object)[idx],
            "n_target": a,
            "n_reference": b,
            "n_tokens_target": np.full(idx.size, c, dtype=np.int64),
            "n_tokens_reference": np.full(idx.size, d, dtype=np.int64),
            "per_1000_target": 1000.0 * a / c,
            "per_1000_reference": 1000.0 * b / d,
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
            "variant": keyness_variant(measure, prior, prior_strength, zero),
            "target": t_label,
            "reference": r_label,
        },
        columns=COLUMNS,
    )
    out["term"] = out["term"].astype(str)
    out = out.sort_values([measure, "term"], ascending=[False, True], kind="mergesort", ignore_index=True)
    return as_table(out)


def _check_options(measure, form, prior, target, min_freq) -> None:
    check_option("measure", measure, MEASURES)
    check_option("form", form, ("norm", "token"))
    check_option("prior", prior, ("pooled", "corpus"))
    if isinstance(target, str) and target == "rest":
        raise ValueError("target cannot be 'rest'; 'rest' is only for the reference")
    if min_freq < 1:
        raise ValueError(f"min_freq must be >= 1, got {min_freq}")


def _selections(corpus: Corpus, target, reference, by: str) -> tuple[np.ndarray, np.ndarray, str, str]:
    """Token masks and labels of the target and the reference (disjoint, or an error)."""
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
    return t_mask, r_mask, t_label, r_label


def _term_counts(codes, ct, r_mask, V, *, vocab, min_freq, stops):
    """The terms kept (``n_target + n_reference >= min_freq``, not a stop word) and their
    target and reference frequencies."""
    a_all = np.bincount(ct, minlength=V)
    b_all = np.bincount(codes[r_mask], minlength=V)
    keep = (a_all + b_all) >= min_freq
    if stops:
        keep &= ~np.asarray(vocab.isin(list(stops)))
    idx = np.flatnonzero(keep)
    return idx, a_all[idx].astype(np.int64), b_all[idx].astype(np.int64)


def _check_sizes(t_label: str, r_label: str, c: int, d: int) -> None:
    """An empty selection is an error; a small one (< ``SMALL_SAMPLE`` tokens) a warning."""
    for what, lab, size in (("target", t_label, c), ("reference", r_label, d)):
        if size == 0:
            raise ValueError(f"the {what} selection {lab!r} contains no tokens")
        if size < SMALL_SAMPLE:
            warnings.warn(
                f"keyness: the {what} {lab!r} has only {size} tokens (< {SMALL_SAMPLE}); "
                "frequencies and p-values on so small a sample are fragile",
                stacklevel=3,  # the caller of keyness
            )


@renamed(**_OLD)
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
        Passed to :func:`keyness` (``form``, ``min_freq``, ``stop_words``, …).

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
    >>> from analysis.keywords import keyness_all
    >>> with warnings.catch_warnings():
    ...     warnings.simplefilter("ignore")
    ...     ka = keyness_all(analysis.load_corpus(), mode="pairs", measure="log_ratio")
    >>> ka.groupby(["target", "reference"], sort=False).size().index.tolist()[:2]
    [('Monitor 1998–99', 'op-ed'), ('Monitor 1998–99', 'Meduza 2020')]
    """
    dispatch(corpus, "keyness_all")
    check_option("mode", mode, ("one_vs_rest", "pairs"))
    check_option("measure", measure, MEASURES)
    col = token_column(corpus, by)
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
    return as_table(pd.concat(parts, ignore_index=True))
