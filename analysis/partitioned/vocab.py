"""Word lists and keyness as map-reduce: term counts, then their dispersion, per partition.

Both in-memory functions (:func:`analysis.wordlists.frequencies`, :func:`analysis.keywords.keyness`)
are functions of **term counts** (per unit; in target and reference) and of Gries' **DP**,
``½ Σ_docs |v_i − s_i|``, where ``v_i`` is a document's share of the term's count — which
needs the term's total first. So two passes, each a map over the partitions with corpus-wide
term codes (a partition's codes looked up in the merged vocabulary) and a reduce by sum:

1. counts per term (and unit / selection), document ranges; the sizes of the units;
2. with the totals sent to every worker: each partition's Σ (|v_i − s_i| − s_i) over its
   documents, and its top document and paragraph per term (largest count, then largest size).

Everything else (statistics, flags, sorting) is computed from these sums as in memory. The
sums over documents are added partition by partition, so DP agrees with the in-memory value
to 12 significant digits, not always to the last bit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._core.stopwords import resolve_stop_words
from .._core.tables import WORDLIST_STATS
from .._core.vocabulary import as_table
from .engine import Engine, sum_keyed
from .store import PartitionedCorpus

__all__ = ["frequencies_partitioned"]


# --------------------------------------------------------------------------- word lists


def frequencies_partitioned(corpus: PartitionedCorpus, *, by: str | None = None, form: str = "norm",
                            stop_words=None, min_freq: int = 1, min_range: int = 1, client=None) -> pd.DataFrame:
    """:func:`analysis.wordlists.frequencies` as map-reduce (same parameters, same table).

    ``by="doc_id"`` is a map only (a document's list never leaves its partition): its result has
    a row per document and word, as large as the corpus's types per document.
    """
    from .._core.options import check_option
    from .._core.tables import BY, FORMS

    check_option("by", by, BY)
    check_option("form", form, FORMS)
    engine = Engine(client)
    n_parts = len(corpus.partitions)
    if by == "doc_id":
        parts = engine.gather(engine.map(_doc_lists, range(n_parts), corpus=corpus, form=form,
                                         stop_words=stop_words, min_freq=min_freq, min_range=min_range))
        return as_table(pd.concat(parts, ignore_index=True))
    vocab = corpus.vocabulary(form)
    sw = resolve_stop_words(stop_words, form)
    stop = None
    if sw:
        from ..tokens import fold

        stop = np.fromiter(((fold(t) if form == "token" else t) in sw for t in vocab), dtype=bool, count=len(vocab))
    names, size = _unit_sizes(corpus, by)
    n_tokens = size.sum(axis=1)
    kw = dict(corpus=corpus, by=by, form=form, stop=stop)
    counts = engine.tree_reduce(engine.map(_term_counts, range(n_parts), **kw), sum_keyed)
    keys, freq, rng = engine.gather(counts)
    dp_sum = engine.tree_reduce(engine.map(_dp_terms, range(n_parts), totals=counts, n_tokens=n_tokens, **kw),
                                sum_keyed)
    dkeys, dsum = engine.gather(dp_sum)
    V = len(vocab)
    gu, term = keys // V, keys % V
    dp = np.clip(0.5 * (dsum[np.searchsorted(dkeys, keys)] + 1.0), 0.0, 1.0) if len(keys) else np.zeros(0)
    min_share = np.where(size > 0, size / np.where(n_tokens > 0, n_tokens, 1)[:, None], np.inf).min(axis=1)
    denom = 1.0 - min_share[gu]
    with np.errstate(divide="ignore", invalid="ignore"):
        dp_norm = np.where(denom > 0, dp / denom, np.nan)
    out = pd.DataFrame({"_unit": gu, "term": np.asarray(vocab, dtype=object)[term], "n": freq.astype(np.int64),
                        "n_tokens": n_tokens[gu].astype(np.int64), "per_1000": 1000.0 * freq / n_tokens[gu],
                        "range": rng.astype(np.int64), "n_parts": (size > 0).sum(axis=1)[gu].astype(np.int64),
                        "dp": dp, "dp_norm": dp_norm})
    out = out[(out.n >= min_freq) & (out.range >= min_range)]
    out["term"] = out["term"].astype(object)
    out = out.sort_values(["_unit", "n", "term"], ascending=[True, False, True], kind="stable")
    cols = list(WORDLIST_STATS)
    if by is not None:
        out.insert(0, by, pd.Categorical.from_codes(out["_unit"].to_numpy(), categories=names))
        cols = [by] + cols
    return as_table(out[cols].reset_index(drop=True))


def _unit_sizes(corpus: PartitionedCorpus, by) -> tuple[pd.Index | None, np.ndarray]:
    """The units and their tokens per document (units × documents), from the documents index."""
    from ..corpus.voices import VOICES

    docs = corpus.documents
    n = docs.n_tokens.to_numpy().astype(float)
    if by is None:
        return None, n[None, :]
    if by == "voice":
        q = docs.n_quoted_tokens.to_numpy().astype(float)
        return pd.Index(list(VOICES)), np.vstack([n - q, q])
    codes = docs.group.cat.codes.to_numpy()
    size = np.zeros((len(docs.group.cat.categories), len(docs)))
    size[codes, np.arange(len(docs))] = n
    return docs.group.cat.categories, size


def _part_units(corpus: PartitionedCorpus, k: int, by, form: str):
    """Partition ``k``'s tokens: unit, corpus-wide doc code and term code of each."""
    cols = ["doc_id", form] + ([by] if by else [])
    toks = corpus.load(k, tables=("tokens",), columns={"tokens": cols}).tokens
    doc = toks["doc_id"].cat.codes.to_numpy().astype(np.int64) + corpus.partitions[k]["doc_lo"]
    if by is None:
        unit = np.zeros(len(toks), dtype=np.int64)
    else:
        unit = corpus.to_global(toks[[by]], k)[by].cat.codes.to_numpy().astype(np.int64)
    return unit, doc, corpus.term_codes(toks, form)


def _term_counts(k: int, *, corpus, by, form, stop) -> tuple:
    unit, doc, term = _part_units(corpus, k, by, form)
    if stop is not None:
        keep = ~stop[term]
        unit, doc, term = unit[keep], doc[keep], term[keep]
    V = len(corpus.vocabulary(form))
    cells = np.unique((unit * V + term) * np.int64(corpus.n_documents) + doc)  # (unit, term, doc) present
    keys, rng = np.unique(cells // corpus.n_documents, return_counts=True)
    _, freq = np.unique(unit * V + term, return_counts=True)
    return keys, freq.astype(float), rng.astype(float)


def _dp_terms(k: int, *, corpus, by, form, stop, totals, n_tokens) -> tuple:
    """Σ over the partition's documents of ``|v − s| − s`` per (unit, term)."""
    unit, doc, term = _part_units(corpus, k, by, form)
    D = np.int64(corpus.n_documents)
    lo, n_local = corpus.partitions[k]["doc_lo"], corpus.partitions[k]["n_documents"]
    size = np.bincount(unit * n_local + doc - lo)  # tokens per (unit, doc of the partition), all tokens
    if stop is not None:
        keep = ~stop[term]
        unit, doc, term = unit[keep], doc[keep], term[keep]
    V = len(corpus.vocabulary(form))
    cells, cnt = np.unique((unit * V + term) * D + doc, return_counts=True)
    ut, d = cells // D, cells % D
    keys, freq = totals[0], totals[1]
    v = cnt / freq[np.searchsorted(keys, ut)]
    s = size[(ut // V) * n_local + d - lo] / n_tokens[ut // V]
    out, inv = np.unique(ut, return_inverse=True)
    return out, np.bincount(inv, weights=np.abs(v - s) - s, minlength=len(out))


def _doc_lists(k: int, *, corpus, form, stop_words, min_freq, min_range) -> pd.DataFrame:
    from ..wordlists import frequencies

    part = corpus.load(k, tables=("tokens",))
    return corpus.to_global(frequencies(part, by="doc_id", form=form, stop_words=stop_words, min_freq=min_freq,
                                        min_range=min_range), k, ("doc_id",))
