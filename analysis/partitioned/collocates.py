"""Collocates as map-reduce: window counts per partition, summed, scored once.

A window never crosses a document (nor, with ``boundary="sentence"``, a sentence), so the
counts of :func:`analysis.collocation.collocates` add over partitions: per stratum and
collocate, the co-occurrences ``n`` (left, right); per stratum, the node's occurrences
``n_node``, the window positions inspected ``W`` and the tokens ``n_tokens``; per stratum and
term, the frequency ``n_collocate``. Each partition computes them (``collocates`` itself with every
collocate kept, and a count of its tokens per stratum and term), the reduce sums them, and
the scores (:func:`analysis.collocation.association`), filters and order are applied once,
as in memory.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .._core.units import token_column
from .._core.vocabulary import as_table
from .engine import Engine, sum_keyed
from .store import PartitionedCorpus

__all__ = ["collocates_partitioned"]


def _strata(corpus: PartitionedCorpus, by) -> list:
    """The strata in the in-memory order: a categorical column's categories, else the sorted values."""
    if by is None:
        return [None]
    col = by
    if col in ("doc_id", "group", "speaker"):
        return list(corpus.dtype(col).categories)
    if col == "voice":
        from ..corpus.voices import VOICES

        return list(VOICES)
    docs = corpus.documents
    if col not in docs.columns:
        raise ValueError(f"unknown column {col!r}")
    values = docs.loc[docs.n_tokens > 0, col]
    if isinstance(values.dtype, pd.CategoricalDtype):
        return list(values.cat.categories)
    return list(pd.factorize(values.dropna(), sort=True)[1])


def _counts_part(k: int, *, corpus: PartitionedCorpus, node, by, labels: list[str], options: dict) -> dict:
    """Partition ``k``'s window counts (corpus-wide stratum and term codes)."""
    from ..collocation import collocates
    from ..matcher import match

    part = corpus.load(k)
    form = options["form"]
    if isinstance(node, pd.DataFrame):
        rows = node[node.doc_id.astype(str).isin(set(part.documents.doc_id.astype(str)))]
        node = rows.assign(doc_id=rows.doc_id.astype(str))
        spans = node[["doc_id", "i", "j"]]
    else:
        spans = match(part, list(node))[["doc_id", "i", "j"]].assign(doc_id=lambda h: h.doc_id.astype(str))
    code = {lab: n for n, lab in enumerate(labels)}
    S, V = len(labels), len(corpus.vocabulary(form))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # a partition's node counts; the reduce warns
        got = collocates(part, node, by=by, min_freq=1, min_node_freq=1, stop_words=None, expected="window", sort="n",
                         **options)
    stratum_of = (lambda lab: code.get(str(lab), -1)) if by is not None else (lambda lab: 0)
    s_col = by
    s = np.asarray([stratum_of(x) for x in got[s_col]] if s_col else np.zeros(len(got), int), dtype=np.int64)
    term = corpus.vocabulary(form).get_indexer(pd.Index(got["collocate"].astype(str))).astype(np.int64)
    ok = s >= 0
    pairs = (s[ok] * V + term[ok], got.n.to_numpy()[ok].astype(float), got.n_left.to_numpy()[ok].astype(float))
    # per stratum: the node's distinct spans (at their first token), window positions, tokens
    toks = part.tokens
    strat = (np.asarray([stratum_of(x) for x in token_column(part, s_col).astype(object)], dtype=np.int64)
             if s_col else np.zeros(len(toks), dtype=np.int64))
    starts = np.searchsorted(toks.doc_id.cat.codes.to_numpy(), np.arange(len(part.documents)))
    d = pd.Categorical(spans.doc_id, categories=toks.doc_id.cat.categories.astype(str)).codes
    first = np.unique(np.stack([starts[d] + spans.i.to_numpy(), spans.j.to_numpy() - spans.i.to_numpy()], axis=1),
                      axis=0)[:, 0] if len(spans) else np.zeros(0, np.int64)
    f_node = np.bincount(strat[first][strat[first] >= 0], minlength=S)
    W = np.zeros(S)
    if len(got):
        W[s[ok]] = got.span.to_numpy()[ok]
    N = np.bincount(strat[strat >= 0], minlength=S)
    terms = corpus.term_codes(toks, form)
    keys, f_coll = np.unique(strat[strat >= 0] * V + terms[strat >= 0], return_counts=True)
    return {"pairs": pairs, "strata": (f_node.astype(float), W, N.astype(float)), "f_coll": (keys, f_coll.astype(float))}


def collocates_partitioned(corpus: PartitionedCorpus, node, *, window=(5, 5), by: str | None = None,
                           boundary: str = "document", min_freq: int = 2, min_node_freq: int = 3, form: str = "norm",
                           stop_words=None, expected: str = "span", sort: str = "log_dice",
                           client=None) -> pd.DataFrame:
    """:func:`analysis.collocation.collocates` as map-reduce: the same table (parameters as
    there; ``node`` is patterns, or a hits table with corpus-wide ``doc_id`` — e.g. some rows
    of a stored hits table — not a boolean mask)."""
    from ..collocation import SORTS, association
    from .._core.options import check_option
    from .._core.stopwords import stop_set

    for name, value, valid in (("boundary", boundary, ("document", "sentence")), ("form", form, ("norm", "token")),
                               ("expected", expected, ("span", "window")), ("sort", sort, SORTS)):
        check_option(name, value, valid)
    L, R = int(window[0]), int(window[1])
    if L < 0 or R < 0 or L + R < 1 or min_freq < 1:
        raise ValueError(f"window must be (L, R) with L, R >= 0 and L + R >= 1, min_freq >= 1; got {window!r}, {min_freq}")
    if isinstance(node, (np.ndarray, pd.Series)):
        raise TypeError("node: a boolean mask over the tokens is not a node of a partitioned corpus; "
                        "give patterns or hits (doc_id, i, j)")
    node = [node] if isinstance(node, str) else node
    label = "hits" if isinstance(node, pd.DataFrame) else "|".join(node)
    strata = _strata(corpus, by)
    labels = [str(x) for x in strata]
    engine = Engine(client)
    maps = engine.map(_counts_part, range(len(corpus.partitions)), corpus=corpus, node=node, by=by, labels=labels,
                      options=dict(window=(L, R), boundary=boundary, form=form))
    keys, O, O_left = engine.gather(engine.tree_reduce([engine.item(h, "pairs") for h in maps], sum_keyed))
    f_node, W, N = engine.gather(engine.tree_reduce([engine.item(h, "strata") for h in maps], _sum_tuples))
    ckeys, counts = engine.gather(engine.tree_reduce([engine.item(h, "f_coll") for h in maps], sum_keyed))
    V = len(corpus.vocabulary(form))
    s_of, c_of = keys // V, keys % V
    f_coll = counts[np.searchsorted(ckeys, keys)] if len(keys) else np.zeros(0)
    keep = O >= min_freq
    stops = stop_set(stop_words, form)
    vocab = corpus.vocabulary(form)
    if stops:
        keep &= ~np.asarray(vocab.isin(list(stops)))[c_of]
    keep &= _good(f_node.astype(np.int64), strata, by=by, label=label, min_node_freq=min_node_freq)[s_of]
    O, O_left, f_coll, s_of, c_of = (x[keep] for x in (O, O_left, f_coll, s_of, c_of))
    f_node, N = f_node.astype(np.int64), N.astype(np.int64)
    K = f_node[s_of] * (L + R) if expected == "span" else W.astype(np.int64)[s_of]
    st = association(O, f_node[s_of], f_coll, N[s_of], L + R, positions=K)
    data = {} if by is None else {by: [labels[k] for k in s_of]}
    data.update(node=label, collocate=np.asarray(vocab, dtype=object)[c_of].astype(str), n=O.astype(np.int64),
                n_left=O_left.astype(np.int64), n_right=(O - O_left).astype(np.int64), n_node=f_node[s_of],
                n_collocate=f_coll.astype(np.int64), n_tokens=N[s_of], span=np.asarray(K, dtype=np.int64), **st)
    out = pd.DataFrame(data)
    out["_s"] = s_of
    out = out.sort_values(["_s", sort, "collocate"], ascending=[True, False, True], kind="mergesort",
                          ignore_index=True).drop(columns="_s")
    out.attrs["variant"] = (
        f"window L={L}, R={R}, {boundary}-bounded; "
        + ("E = f_node·f_coll·(L+R)/N (nominal span)" if expected == "span" else "E = f_coll·W/N (W = window positions inspected)")
        + "; MI = log2(O/E); t = (O−E)/√O; G² 4-term signed; logDice = 14 + log2(2O/(f_node+f_coll))")
    return as_table(out)


def _sum_tuples(parts: list[tuple]) -> tuple:
    return tuple(sum((p[j] for p in parts[1:]), parts[0][j]) for j in range(len(parts[0])))


def _good(f_node, strata, *, by, label, min_node_freq) -> np.ndarray:
    """Strata where the node occurs often enough (warning about the others), as in memory."""
    low = [k for k in range(len(strata)) if 0 < f_node[k] < min_node_freq]
    if low:
        shown = ", ".join(str(strata[k]) if by else "corpus" for k in low)
        warnings.warn(f"collocates: node {label!r} occurs fewer than {min_node_freq} times in: {shown}; skipped",
                      stacklevel=3)
    if f_node.sum() == 0:
        warnings.warn(f"collocates: node {label!r} does not occur in the corpus", stacklevel=3)
    return f_node >= min_node_freq
