"""Lines on demand: the concordance lines behind any cell, read from the partitions that hold them.

A stored hits or pairs table (:class:`.hits.PartitionedTable`) carries an index: its rows per
document and cell (voice × category; voice × actor × frame). :func:`drill_partitioned` reads
the index and the documents index (for document columns: group, year …), finds the documents
holding the cell's rows — with ``limit``/``offset``, only those holding the rows asked for —
and reads, in each partition concerned, just those documents: their rows of the table, their
texts and their tokens (Parquet row groups whose statistics cannot hold them are skipped).
The lines are then made by the in-memory :func:`analysis.framing.drill` /
:func:`analysis.concordance.kwic` on that small corpus, so they are the in-memory lines
(same columns, order and categories). No cluster is needed: this runs in the process that asks.

:func:`kwic_partitioned` does the same for a given subset of hits (any rows of a stored
table, as a DataFrame); for patterns it is a map over every partition (matching needs every
token), on the cluster when there is one.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .engine import Engine
from .hits import INDEX_COLUMNS, PartitionedTable
from .store import PartitionedCorpus

__all__ = ["drill_partitioned", "kwic_partitioned"]

_GLOBAL = ("doc_id", "group", "speaker")


def _values(v) -> list[str]:
    return [str(x) for x in (v if isinstance(v, (list, tuple, set)) else [v])]


def _cell_documents(corpus: PartitionedCorpus, table: PartitionedTable, cell: dict) -> tuple[pd.Series, dict]:
    """Rows of the cell per document (corpus-wide doc code → n, in document order), from the
    index and the documents index; and the filters these cannot decide (checked on the rows)."""
    index_cols = INDEX_COLUMNS[table.kind]
    docs = corpus.documents
    idx = table.index
    keep = np.ones(len(idx), dtype=bool)
    doc_ok = np.ones(len(docs), dtype=bool)
    rest = {}
    for k, v in cell.items():
        if k in index_cols:
            keep &= idx[k].astype(str).isin(_values(v)).to_numpy()
        elif k in docs.columns:
            doc_ok &= docs[k].astype(str).isin(_values(v)).to_numpy()
        else:
            rest[k] = v
    codes = idx["doc_id"].cat.codes.to_numpy()
    keep &= doc_ok[codes]
    per_doc = pd.Series(idx["n"].to_numpy()[keep]).groupby(codes[keep]).sum()
    return per_doc, rest


def drill_partitioned(corpus: PartitionedCorpus, table: PartitionedTable, *, window: int = 8,
                      context: str = "sentence", limit: int | None = None, offset: int = 0, **cell) -> pd.DataFrame:
    """:func:`analysis.framing.drill` on a partitioned corpus: the lines behind one cell.

    Parameters
    ----------
    corpus : PartitionedCorpus
    table : PartitionedTable
        Stored hits (:func:`lexicon_hits_partitioned`) or pairs
        (:func:`actor_frame_pairs_partitioned`).
    window, context, **cell
        As for :func:`analysis.framing.drill`.
    limit, offset : int, optional
        Only the lines ``offset … offset + limit`` of the cell (in table order): a page of a
        large cell, read from the few documents that hold it. Default: every line.

    Returns
    -------
    DataFrame
        ``drill(corpus, table, **cell).iloc[offset:offset + limit]`` of the in-memory corpus.
    """
    per_doc, rest = _cell_documents(corpus, table, cell)
    stop = None if limit is None else offset + limit
    if not rest:  # the index counts the cell's rows exactly: read only the documents that hold the page
        ends = per_doc.cumsum().to_numpy()
        first = int(np.searchsorted(ends, offset, side="right"))
        last = len(ends) if stop is None else int(np.searchsorted(ends, stop, side="left")) + 1
        skipped = int(ends[first - 1]) if first else 0
        wanted = per_doc.index.to_numpy()[first:last]
    else:
        skipped, wanted = 0, per_doc.index.to_numpy()
    out, have = [], 0
    for k, codes in table.partitions_of(wanted).items():
        lines = _drill_docs(corpus, table, k, codes, window=window, context=context, cell=cell)
        out.append(lines)
        have += len(lines)
        if rest and stop is not None and have + skipped >= stop:
            break
    lines = pd.concat(out, ignore_index=True) if len(out) > 1 else (out[0] if out else _empty(corpus, table, window,
                                                                                           context, cell))
    lo = offset - skipped
    return lines.iloc[lo: None if stop is None else stop - skipped].reset_index(drop=True)


def _drill_docs(corpus, table, k: int, codes, *, window, context, cell) -> pd.DataFrame:
    """The in-memory drill on partition ``k``'s documents ``codes`` (within the partition)."""
    from ..framing import drill

    part = corpus.load(k, doc_codes=codes, tables=("documents", "tokens"))
    rows = table.partition(k, local=True, doc_codes=codes)
    rows["doc_id"] = rows["doc_id"].cat.set_categories(part.documents["doc_id"].cat.categories)
    return corpus.to_global(drill(part, rows, window=window, context=context, **cell), k, _GLOBAL)


def _empty(corpus, table, window, context, cell) -> pd.DataFrame:
    """A cell without lines: the in-memory drill's empty table, with the corpus-wide categoricals."""
    from ..framing import drill

    part = corpus.load(0, doc_codes=[], tables=("documents", "tokens"))
    rows = table.partition(0, local=True, doc_codes=[])
    return corpus.to_global(drill(part, rows, window=window, context=context, **cell), 0, _GLOBAL)


# --------------------------------------------------------------------------- kwic


def kwic_partitioned(corpus: PartitionedCorpus, patterns, *, window: int | None = 5, context: str = "token",
                     voice: str | None = None, sort=None, limit: int | None = None, client=None,
                     **match_options) -> pd.DataFrame:
    """:func:`analysis.concordance.kwic` on a partitioned corpus.

    Parameters
    ----------
    corpus : PartitionedCorpus
    patterns : patterns or DataFrame
        Patterns (matched on every partition, on the cluster when there is one), or rows of
        a stored hits table with the corpus-wide ``doc_id`` (e.g. ``table.partition(k)``
        filtered, or ``table.to_pandas()`` of a small table): then only the partitions and
        documents holding them are read, here.
    window, context, voice, sort, **match_options
        As for :func:`analysis.concordance.kwic`.
    limit : int, optional
        The first ``limit`` lines (after sorting).
    client : dask.distributed.Client, optional
        For patterns (see :mod:`analysis.partitioned.engine`).

    Returns
    -------
    DataFrame
        The in-memory ``kwic`` table (columns, row order, sorting, categories).
    """
    keys = _sort_spec(sort)
    if isinstance(patterns, pd.DataFrame):
        parts = _given_parts(corpus, patterns, window=window, context=context, voice=voice, keys=keys)
    else:
        engine = Engine(client)
        parts = engine.gather(engine.map(_kwic_part, range(len(corpus.partitions)), corpus=corpus, patterns=patterns,
                                         window=window, context=context, voice=voice, keys=keys, options=match_options))
    lines = pd.concat([p[0] for p in parts], ignore_index=True)
    if keys and len(lines):
        table = pd.concat([p[1] for p in parts], ignore_index=True)
        table["_order"] = np.arange(len(table))
        lines = lines.iloc[table.sort_values(list(table.columns), kind="stable").index.to_numpy()]
    lines = lines.reset_index(drop=True)
    return lines if limit is None else lines.iloc[:limit].reset_index(drop=True)


_SORT_KEY = re.compile(r"match|([1-9]\d*)([LR])")


def _sort_spec(sort) -> list[tuple[str, int]]:
    """The sort keys, validated as :func:`analysis.concordance.kwic` validates them."""
    if sort is None:
        return []
    out = []
    for k in [sort] if isinstance(sort, str) else list(sort):
        m = _SORT_KEY.fullmatch(k) if isinstance(k, str) else None
        if not m:
            raise ValueError(f"sort key {k!r} is not valid; valid keys: 'match', or a position such as "
                             "'1L', '2L', ... (tokens to the left) and '1R', '2R', ... (to the right)")
        out.append(("match", 0) if k == "match" else (m.group(2), int(m.group(1))))
    return out


def _sort_keys(part, lines: pd.DataFrame, keys: list, context: str) -> pd.DataFrame:
    """The kwic sort columns of ``lines`` (folded forms of the tokens at the key positions;
    ``""`` and a missing flag where the context ends first), as the in-memory kwic sorts them."""
    toks = part.tokens
    forms = np.asarray(toks["norm"].cat.categories, dtype=object)[toks["norm"].cat.codes.to_numpy()]
    doc = toks["doc_id"].cat.codes.to_numpy()
    starts = np.searchsorted(doc, np.arange(len(toks["doc_id"].cat.categories) + 1))
    sent = toks["sent_id"].to_numpy()
    d = pd.Categorical(lines["doc_id"].astype(str), categories=toks["doc_id"].cat.categories).codes.astype(np.int64)
    p = starts[d] + lines["i"].to_numpy().astype(np.int64)
    q = starts[d] + lines["j"].to_numpy().astype(np.int64)
    lo, hi = starts[d], starts[d + 1]

    def inside(pos):
        ok = (pos >= lo) & (pos < hi)
        return ok & (sent[np.clip(pos, 0, max(len(sent) - 1, 0))] == sent[p]) if context == "sentence" else ok

    table = {}
    for side, n in keys:
        if side == "match":
            values = np.asarray([" ".join(forms[a:b]) for a, b in zip(p.tolist(), q.tolist())], dtype=object)
            name = "match"
        else:
            pos = p - n if side == "L" else q - 1 + n
            ok = inside(pos)
            values = np.where(ok, forms[np.where(ok, pos, 0)], "") if len(forms) else np.full(len(p), "", object)
            name = f"{n}{side}"
        table[f"_{name}_missing"] = np.asarray(values, dtype=object) == ""
        table[name] = np.asarray(values, dtype=object)
    return pd.DataFrame(table)


def _kwic_part(k: int, *, corpus: PartitionedCorpus, patterns, window, context, voice, keys, options) -> tuple:
    from ..concordance import kwic

    part = corpus.load(k, tables=("documents", "tokens"))
    lines = kwic(part, patterns, window=window, context=context, voice=voice, **options)
    return corpus.to_global(lines, k, _GLOBAL), (_sort_keys(part, lines, keys, context) if keys else None)


def _given_parts(corpus: PartitionedCorpus, hits: pd.DataFrame, *, window, context, voice, keys) -> list[tuple]:
    """Lines of given hits: per partition holding them, its documents only; in the given order."""
    from ..concordance import kwic

    if voice is not None:
        hits = hits[hits["voice"] == voice]
    hits = hits.reset_index(drop=True)
    codes = corpus.dtype("doc_id").categories.get_indexer(pd.Index(hits["doc_id"].astype(str)))
    if (codes < 0).any():
        raise ValueError("hits refer to documents that are not in the corpus")
    lo = np.asarray([p["doc_lo"] for p in corpus.partitions])
    where = np.searchsorted(lo, codes, side="right") - 1
    parts, order = [], []
    for k in np.unique(where):
        rows = np.flatnonzero(where == k)
        part = corpus.load(int(k), doc_codes=np.unique(codes[rows]) - lo[k], tables=("documents", "tokens"))
        sub = hits.iloc[rows].assign(doc_id=lambda h: h["doc_id"].astype(str))
        lines = kwic(part, sub, window=window, context=context)
        parts.append((corpus.to_global(lines, int(k), _GLOBAL), _sort_keys(part, lines, keys, context) if keys else None))
        order.append(rows)
    if not parts:
        part = corpus.load(0, doc_codes=[], tables=("documents", "tokens"))
        return [(corpus.to_global(kwic(part, hits.iloc[:0].assign(doc_id=lambda h: h["doc_id"].astype(str)),
                                       window=window, context=context), 0, _GLOBAL), None)]
    back = np.argsort(np.concatenate(order), kind="stable")  # the given order
    lines = pd.concat([p[0] for p in parts], ignore_index=True).iloc[back].reset_index(drop=True)
    table = pd.concat([p[1] for p in parts], ignore_index=True).iloc[back].reset_index(drop=True) if keys else None
    return [(lines, table)]
