"""Keyness as map-reduce: the contingency counts and the target's dispersion, per partition.

:func:`analysis.keywords.keyness` is a function of each term's counts in the target and the
reference (``a``, ``b``), the selections' sizes (``c``, ``d``), the whole corpus's counts (for
``prior="corpus"``) and the target's dispersion (DP, top document, top paragraph). Pass 1 maps
the partitions to those counts (dense over the corpus-wide vocabulary) and sums them; pass 2,
given the target's totals, maps them to each term's Σ (|v − s| − s) over the partition's target
documents and its top document and paragraph (largest count, then largest size), reduced by
sum and by maximum. The statistics, p- and q-values, flags and order are then those of the
in-memory function on the same numbers (:mod:`analysis.statistics`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._core.keyness import keyness_flags, keyness_statistics, keyness_variant
from .._core.stopwords import stop_set
from .._core.units import token_column
from .._core.vocabulary import as_table, deprecated
from .engine import Engine, sum_arrays
from .store import PartitionedCorpus

__all__ = ["keyness_partitioned"]


def _label(sel, by) -> str:
    if isinstance(sel, (str, int, np.integer)):
        return str(sel)
    if isinstance(sel, Mapping):
        parts = []
        for k, v in sel.items():
            vals = v if isinstance(v, (list, tuple, set, np.ndarray, pd.Index)) else [v]
            parts.append(f"{k}={'|'.join(str(x) for x in vals)}")
        return ", ".join(parts)
    return " + ".join(str(x) for x in sel)


def _conditions(corpus: PartitionedCorpus, sel, by: str, what: str) -> list[tuple[str, list]]:
    """A selection as (column, values) conditions, checked against the corpus-wide values."""
    from ..corpus.voices import VOICES

    if isinstance(sel, (np.ndarray, pd.Series)):
        raise TypeError(f"{what}: a boolean mask over the tokens is not a selection of a partitioned corpus; "
                        "select by columns (a value of `by`, or a dict column → values)")
    if isinstance(sel, Mapping):
        if not sel:
            raise ValueError(f"{what}: empty selection dict")
        conds = [(c, v, f"{what} {c!r}") for c, v in sel.items()]
    elif isinstance(sel, (str, list, tuple, int, np.integer)):
        conds = [(by, sel, f"{what} ({by})")]
    else:
        raise TypeError(f"{what}: expected a value of {by!r}, a list of values, a dict column → value(s) or 'rest'; "
                        f"got {type(sel).__name__}")
    out = []
    docs = corpus.documents
    for col, values, name in conds:
        if col == "doc":  # the old name, as token_column takes it in memory
            deprecated("the column 'doc' is now 'doc_id'", user_value=True)
            col = "doc_id"
        vals = list(values) if isinstance(values, (list, tuple, set, np.ndarray, pd.Index)) else [values]
        if col == "voice":
            present = set(VOICES)
        elif col == "speaker":
            present = set(corpus.vocabulary("speaker"))
        elif col in docs.columns:
            present = set(docs[col].cat.categories if isinstance(docs[col].dtype, pd.CategoricalDtype)
                          else pd.unique(docs[col].dropna()).tolist())
        else:
            raise ValueError(f"unknown column {col!r}; valid columns: voice, speaker, "
                             f"{', '.join(c for c in docs.columns)}")
        missing = [v for v in vals if v not in present]
        if missing:
            shown = sorted(map(str, present))
            more = "" if len(shown) <= 30 else f", … ({len(shown)} in all)"
            raise ValueError(f"{name}: no value(s) {missing!r}; valid values: {', '.join(shown[:30])}{more}")
        out.append((col, vals))
    return out


def _mask(part, conds) -> np.ndarray:
    m = np.ones(len(part.tokens), dtype=bool)
    for col, vals in conds:
        m &= token_column(part, col).isin(vals).to_numpy()
    return m


def _part_masks(corpus, k, t_conds, r_conds, form):
    part = corpus.load(k, columns={"tokens": ["doc_id", "group", "voice", "speaker", "para_id", form]})
    t = _mask(part, t_conds)
    r = ~t if r_conds is None else _mask(part, r_conds)
    return part, t, r, corpus.term_codes(part.tokens, form)


def _counts_part(k, *, corpus, t_conds, r_conds, form) -> tuple:
    part, t, r, term = _part_masks(corpus, k, t_conds, r_conds, form)
    V = len(corpus.vocabulary(form))
    return (np.bincount(term[t], minlength=V), np.bincount(term[r], minlength=V), np.bincount(term, minlength=V),
            np.array([t.sum(), r.sum(), (t & r).sum()]))


def _spread_part(k, *, corpus, t_conds, r_conds, form, idx, freq, c) -> tuple:
    """Per kept term: Σ (|v − s| − s) over the partition's target documents; the top document's
    and paragraph's (count, share of the target's tokens)."""
    part, t, _, term = _part_masks(corpus, k, t_conds, r_conds, form)
    pos = np.full(len(corpus.vocabulary(form)), -1, dtype=np.int64)
    pos[idx] = np.arange(len(idx))
    doc = part.tokens["doc_id"].cat.codes.to_numpy().astype(np.int64)[t]
    para = part.tokens["para_id"].to_numpy().astype(np.int64)[t]
    tt = pos[term[t]]
    n = len(idx)
    out = [np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n), np.zeros(n)]
    if not tt.size:
        return tuple(out)
    for j, key in enumerate((doc, doc * (int(para.max()) + 1) + para)):
        _, unit_idx, unit_size = np.unique(key, return_inverse=True, return_counts=True)
        share = unit_size / c
        kept = tt >= 0
        cells, cnt = np.unique(tt[kept] * (len(unit_size) + 0) + unit_idx[kept], return_counts=True)
        term_k, u = cells // len(unit_size), cells % len(unit_size)
        if j == 0:
            contrib = np.abs(cnt / freq[term_k] - share[u]) - share[u]
            out[0] = np.bincount(term_k, weights=contrib, minlength=n)
        order = np.lexsort((-share[u], -cnt, term_k))
        first = order[np.r_[True, term_k[order][1:] != term_k[order][:-1]]]
        out[1 + 2 * j][term_k[first]] = cnt[first]
        out[2 + 2 * j][term_k[first]] = share[u[first]]
    return tuple(out)


def _best(parts: list[tuple]) -> tuple:
    """Sum the DP terms; keep the largest (count, share) per term for documents and paragraphs."""
    dp = sum((p[0] for p in parts[1:]), parts[0][0])
    out = [dp]
    for j in (1, 3):
        cnt = np.vstack([p[j] for p in parts])
        share = np.vstack([p[j + 1] for p in parts])
        pick = np.lexsort((share, cnt), axis=0)[-1] if len(parts) > 1 else np.zeros(cnt.shape[1], dtype=np.int64)
        cols = np.arange(cnt.shape[1])
        out += [cnt[pick, cols], share[pick, cols]]
    return tuple(out)


def keyness_partitioned(corpus: PartitionedCorpus, *, target, reference="rest", measure: str = "g2", by: str = "group",
                        form: str = "norm", min_freq: int = 5, stop_words=None, prior: str = "pooled",
                        prior_strength: float = 1.0, zero: float = 0.5, flag_share: float = 0.5,
                        min_evidence: int = 5, client=None) -> pd.DataFrame:
    """:func:`analysis.keywords.keyness` as map-reduce (same parameters and table; a selection is
    a value of ``by``, a list, or a dict column → values — not a boolean mask)."""
    from ..keywords import COLUMNS, MEASURES, SMALL_SAMPLE
    from .._core.options import check_option

    check_option("measure", measure, MEASURES)
    check_option("form", form, ("norm", "token"))
    check_option("prior", prior, ("pooled", "corpus"))
    if isinstance(target, str) and target == "rest":
        raise ValueError("target cannot be 'rest'; 'rest' is only for the reference")
    if min_freq < 1:
        raise ValueError(f"min_freq must be >= 1, got {min_freq}")
    rest = isinstance(reference, str) and reference == "rest"
    kw = dict(corpus=corpus, t_conds=_conditions(corpus, target, by, "target"),
              r_conds=None if rest else _conditions(corpus, reference, by, "reference"), form=form)
    t_label, r_label = _label(target, by), "rest" if rest else _label(reference, by)
    engine = Engine(client)
    parts = range(len(corpus.partitions))
    a_all, b_all, all_counts, (c, d, overlap) = engine.gather(
        engine.tree_reduce(engine.map(_counts_part, parts, **kw), sum_arrays))
    if overlap:
        raise ValueError(f"target {t_label!r} and reference {r_label!r} share {overlap} tokens; keyness compares "
                         "two disjoint samples (use reference='rest' to compare with everything else)")
    for what, lab, size in (("target", t_label, c), ("reference", r_label, d)):
        if size == 0:
            raise ValueError(f"the {what} selection {lab!r} contains no tokens")
        if size < SMALL_SAMPLE:
            warnings.warn(f"keyness: the {what} {lab!r} has only {size} tokens (< {SMALL_SAMPLE}); "
                          "frequencies and p-values on so small a sample are fragile", stacklevel=2)
    vocab = corpus.vocabulary(form)
    keep = (a_all + b_all) >= min_freq
    stops = stop_set(stop_words, form)
    if stops:
        keep &= ~np.asarray(vocab.isin(list(stops)))
    idx = np.flatnonzero(keep)
    a, b = a_all[idx].astype(np.int64), b_all[idx].astype(np.int64)
    c, d = int(c), int(d)
    bg, bg_size = (a + b, c + d) if prior == "pooled" else (all_counts[idx], int(all_counts.sum()))
    sign, stats, p = keyness_statistics(a, b, c, d, measure=measure, zero=zero, background=bg, background_size=bg_size,
                                 prior_strength=prior_strength)
    spread = engine.gather(engine.tree_reduce(engine.map(_spread_part, parts, idx=idx, freq=a_all[idx].astype(float),
                                                         c=c, **kw), _best))
    dp, top_doc, top_para, doc_size, para_size = _dispersion(a, *spread)
    out = pd.DataFrame({
        "term": np.asarray(vocab, dtype=object)[idx], "n_target": a, "n_reference": b,
        "n_tokens_target": np.full(idx.size, c, dtype=np.int64),
        "n_tokens_reference": np.full(idx.size, d, dtype=np.int64),
        "per_1000_target": 1000.0 * a / c, "per_1000_reference": 1000.0 * b / d, "direction": sign, **stats,
        "zero_adjusted": (a == 0) | (b == 0), "p": p, "q": _bh(p), "dp_target": dp, "top_doc_share": top_doc,
        "top_para_share": top_para,
        "flag": keyness_flags(a, b, sign, top_doc, top_para, doc_size, para_size, flag_share=flag_share,
                       min_evidence=min_evidence),
        "measure": measure, "variant": keyness_variant(measure, prior, prior_strength, zero),
        "target": t_label, "reference": r_label}, columns=COLUMNS)
    out["term"] = out["term"].astype(str)
    return as_table(out.sort_values([measure, "term"], ascending=[False, True], kind="mergesort", ignore_index=True))


def _dispersion(a, dp_sum, top_cnt, top_share, para_cnt, para_share):
    """DP, the top document's and paragraph's shares of the hits and of the target's tokens;
    NaN where the term has no target hit (as in memory)."""
    has = a > 0
    nan = np.full(a.size, np.nan)
    dp, top_doc, top_para, doc_size, para_size = (nan.copy() for _ in range(5))
    dp[has] = np.clip(0.5 * (1.0 + dp_sum[has]), 0.0, 1.0)
    freq = a.astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        top_doc[has], top_para[has] = (top_cnt / freq)[has], (para_cnt / freq)[has]
    doc_size[has], para_size[has] = top_share[has], para_share[has]
    return dp, top_doc, top_para, doc_size, para_size


def _bh(p):
    from ..statistics import bh_qvalues

    return bh_qvalues(p)
