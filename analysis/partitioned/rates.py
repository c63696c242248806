"""Rates with block-bootstrap intervals as map-reduce: frame rates and the actor × frame table.

The in-memory :func:`analysis.framing.frame_rates` and :func:`analysis.framing.actor_frames`
reduce the tokens and hits to **per-block sufficient statistics** — for each unit and block
(sentence or paragraph), the denominator (tokens; actor mentions) and one numerator per
category (hits; pairs) — and bootstrap those blocks per unit
(:func:`analysis._core.intervals.interval_table`). So here:

1. **map** (per partition, on the workers): the partition's blocks — the unit columns,
   ``doc_id`` (corpus-wide), the block id, the denominator and the numerators — and, per unit
   and category, the busiest paragraph's count and the total (for ``top_para_share``).
   A few integers per sentence: the tokens never leave the worker.
2. **shuffle**: each partition's blocks split into buckets by unit (a unit's blocks, from
   every partition, meet in one bucket, in document order: exactly the order of the
   in-memory table's blocks). With ``doc_id`` among the units, a unit never leaves its
   partition and a partition is its own bucket.
3. **reduce** (per bucket, on the workers): ``interval_table`` over the bucket's units, seeded
   per unit as in memory, so each unit's replicates are the in-memory ones.

The result equals the in-memory table (exactly; floats to the last bits but for sums taken
in another order, i.e. to 12 significant digits).
"""

from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np
import pandas as pd

from .._core.intervals import interval_table
from .._core.units import unit_columns
from .._core.vocabulary import as_table
from .engine import Engine
from .hits import PartitionedTable
from .store import PartitionedCorpus

__all__ = ["frame_rates_partitioned", "actor_frames_partitioned"]

_TOKEN_COLUMNS = ("doc_id", "group", "voice", "speaker", "sent_id", "para_id")
#: Buckets of units per worker thread in the shuffle.
BUCKETS_PER_WORKER = 4


def _doc_columns(by: list[str]) -> list[str]:
    return ["doc_id"] + [c for c in by if c not in _TOKEN_COLUMNS]


def frame_rates_partitioned(corpus: PartitionedCorpus, hits: PartitionedTable, *, by: str | Sequence[str] = ("group", "voice"),
                            categories: Sequence[str] | None = None, block: str = "sentence", n_boot: int = 2000,
                            ci: float = 0.95, seed: int | None = None, docs: Sequence[str] | None = None,
                            client=None) -> pd.DataFrame:
    """:func:`analysis.framing.frame_rates` as map-reduce over the partitions (same parameters,
    same table; ``hits`` a stored hits table of :func:`lexicon_hits_partitioned`). With ``docs``,
    only the partitions holding those documents are read."""
    from ..framing import BLOCKS, SEED, THIN_MAX_SHARE, THIN_MIN_HITS
    from .._core.options import check_option

    check_option("block", block, BLOCKS)
    by = [by] if isinstance(by, str) else list(by)
    cats = list(categories) if categories is not None else list(hits.meta["categories"])
    keep = None if docs is None else sorted({str(d) for d in docs})
    spec = dict(kind="rates", by=by, units=by, columns=cats, bk="sent_id" if block == "sentence" else "para_id",
                docs=keep)
    cells = _run(corpus, spec, client, tables={"hits": hits}, n_boot=n_boot, ci=ci, seed=SEED if seed is None else seed,
                 scale=1000.0, thin_min=THIN_MIN_HITS, thin_max_share=THIN_MAX_SHARE)
    if cells.empty:
        return cells
    out = cells.rename(columns={"column": "category", "n": "n_hits", "of": "n_tokens", "ratio": "per_1000",
                                "top_share": "top_para_share"})
    out["n_hits"] = out.n_hits.astype(np.int64)
    out = out[by + ["category", "n_hits", "n_tokens", "per_1000", "ci_low", "ci_high", "n_blocks", "top_para_share",
                    "thin"]]
    out["category"] = pd.Categorical(out.category, categories=cats)
    return _finish(corpus, out, by, by + ["category"])


def actor_frames_partitioned(corpus: PartitionedCorpus, pairs: PartitionedTable, actor_hits: PartitionedTable, *,
                             by: str | Sequence[str] = ("group", "voice"), actors: Sequence[str] | None = None,
                             frames: Sequence[str] | None = None, n_boot: int = 2000, ci: float = 0.95,
                             seed: int | None = None, client=None) -> pd.DataFrame:
    """:func:`analysis.framing.actor_frames` as map-reduce over the partitions (same parameters,
    same table; ``pairs`` from :func:`actor_frame_pairs_partitioned`)."""
    from ..framing import SEED, THIN_MAX_SHARE, THIN_MIN_HITS

    by = [by] if isinstance(by, str) else list(by)
    actors = list(actors) if actors is not None else list(actor_hits.meta["categories"])
    frames = list(frames) if frames is not None else list(pairs.meta["frames"])
    spec = dict(kind="actors", by=by, units=by + ["actor"], columns=frames, actors=actors, bk="sent_id")
    cells = _run(corpus, spec, client, tables={"pairs": pairs, "actor_hits": actor_hits}, n_boot=n_boot, ci=ci,
                 seed=SEED if seed is None else seed, scale=1.0, thin_min=THIN_MIN_HITS, thin_max_share=THIN_MAX_SHARE)
    if cells.empty:
        return cells
    out = cells.rename(columns={"column": "frame", "n": "n_pairs", "of": "n_actor_mentions", "ratio": "per_mention",
                                "top_share": "top_para_share"})
    out["n_pairs"] = out.n_pairs.astype(np.int64)
    out = out[by + ["actor", "frame", "n_pairs", "n_actor_mentions", "per_mention", "ci_low", "ci_high",
                    "top_para_share", "thin"]]
    out["actor"] = pd.Categorical(out.actor, categories=actors)
    out["frame"] = pd.Categorical(out.frame, categories=frames)
    return _finish(corpus, out, by, by + ["actor", "frame"])


def _finish(corpus: PartitionedCorpus, out: pd.DataFrame, by: list[str], order: list[str]) -> pd.DataFrame:
    """The unit columns as the in-memory tables type them; the in-memory row order."""
    from ..corpus.voices import VOICES

    for col in by:
        if col in ("doc_id", "group", "speaker"):
            out[col] = pd.Categorical(out[col], categories=corpus.dtype(col).categories)
        elif col == "voice":
            out[col] = pd.Categorical(out[col], categories=list(VOICES))
    return as_table(out.sort_values(order, kind="stable").reset_index(drop=True))


# --------------------------------------------------------------------------- map, shuffle, reduce


def _run(corpus: PartitionedCorpus, spec: dict, client, *, tables: dict, **interval) -> pd.DataFrame:
    engine = Engine(client)
    parts = _partitions_of(corpus, spec.get("docs"))
    if not parts:
        return pd.DataFrame([])
    local = "doc_id" in spec["units"]  # a unit never leaves its partition
    n_buckets = 1 if local else max(1, min(len(parts), BUCKETS_PER_WORKER * engine.n_workers()))
    maps = engine.map(_blocks_part, parts, corpus=corpus, spec=spec, n_buckets=n_buckets, **tables)
    tops = engine.tree_reduce([engine.item(h, "top") for h in maps], _sum_tops)
    if local:
        buckets = [[engine.item(engine.item(h, "buckets"), 0)] for h in maps]
    else:
        buckets = [[engine.item(engine.item(h, "buckets"), b) for h in maps] for b in range(n_buckets)]
    cells = engine.gather([engine.submit(_reduce_bucket, tops, *pieces, spec=spec, **interval) for pieces in buckets])
    cells = [c for c in cells if not c.empty]
    return pd.concat(cells, ignore_index=True) if cells else pd.DataFrame([])


def _partitions_of(corpus: PartitionedCorpus, docs: list[str] | None) -> list[int]:
    """The partitions holding any of the documents ``docs`` (every partition for ``None``)."""
    if docs is None:
        return list(range(len(corpus.partitions)))
    codes = corpus.dtype("doc_id").categories.get_indexer(pd.Index(docs))
    lo = np.asarray([p["doc_lo"] for p in corpus.partitions])
    return sorted({int(k) for k in np.searchsorted(lo, codes[codes >= 0], side="right") - 1})


def _blocks_part(k: int, *, corpus: PartitionedCorpus, spec: dict, n_buckets: int, **tables) -> dict:
    """Partition ``k``'s blocks (corpus-wide codes), split into buckets by unit, and the
    per-unit, per-category paragraph maxima and totals."""
    by, units, cols, bk = spec["by"], spec["units"], spec["columns"], spec["bk"]
    if spec["kind"] == "rates":
        part = corpus.load(k, columns={"documents": _doc_columns(by), "tokens": list(_TOKEN_COLUMNS)})
        den_rows = unit_columns(part, part.tokens, by)
        h = unit_columns(part, tables["hits"].partition(k, local=True), by)
        num_rows = h[h.category.astype(str).isin(cols)].assign(category=lambda d: d.category.astype(str))
        if spec["docs"] is not None:  # only these documents' units (frame_rates(docs=…))
            den_rows = den_rows[den_rows.doc_id.astype(str).isin(spec["docs"])]
            num_rows = num_rows[num_rows.doc_id.astype(str).isin(spec["docs"])]
        col = "category"
    else:
        part = corpus.load(k, tables=("documents",), columns={"documents": _doc_columns(by)})
        ah = tables["actor_hits"].partition(k, local=True)
        pr = tables["pairs"].partition(k, local=True)
        den_rows = unit_columns(part, ah.assign(actor=ah.category.astype(str)), by)
        den_rows = den_rows[den_rows.actor.isin(spec["actors"])]
        num_rows = unit_columns(part, pr.assign(actor=pr.actor.astype(str), frame=pr.frame.astype(str)), by)
        num_rows = num_rows[num_rows.actor.isin(spec["actors"]) & num_rows.frame.isin(cols)]
        col = "frame"
    den = den_rows.groupby(units + ["doc_id", bk], observed=True).size().rename("n")
    num = num_rows.groupby(units + ["doc_id", bk, col], observed=True).size().unstack(col, fill_value=0)
    num = num.reindex(columns=cols, fill_value=0)
    m = num.reindex(den.index, fill_value=0).to_numpy(dtype=np.int64) if len(num) else np.zeros((len(den), len(cols)),
                                                                                                  np.int64)
    per = num_rows.groupby(units + [col, "doc_id", "para_id"], observed=True).size()
    lv = list(range(len(units) + 1))
    top = pd.DataFrame({"top": per.groupby(level=lv).max(), "tot": per.groupby(level=lv).sum()}).reset_index()
    lv = den.index  # (units…, doc_id, block): doc_id may be a unit too
    blocks = pd.DataFrame({name: lv.get_level_values(i) for i, name in enumerate(units)})
    if "doc_id" not in units:
        blocks["doc_id"] = lv.get_level_values(len(units))
    blocks[bk] = lv.get_level_values(len(units) + 1)
    blocks["n"] = den.to_numpy()
    blocks = corpus.to_global(blocks, k)
    return {"buckets": _split(blocks, m, units, n_buckets), "top": corpus.to_global(top, k)}


def _split(blocks: pd.DataFrame, m: np.ndarray, units: list[str], n_buckets: int) -> list[tuple]:
    """The blocks (and their numerators) of each bucket of units, in their order."""
    if n_buckets == 1:
        return [(blocks, m)]
    if blocks.empty:
        return [(blocks, m)] * n_buckets
    g = blocks.groupby(units, observed=True, sort=False)
    keys = g.size().index  # the units, in the order ngroup numbers them
    keys = keys if isinstance(keys, pd.MultiIndex) else pd.MultiIndex.from_arrays([keys])
    h = np.asarray([zlib.crc32("\x1f".join(map(str, u)).encode("utf-8")) % n_buckets for u in keys], dtype=np.int64)
    bucket = h[g.ngroup().to_numpy()]
    return [(blocks[bucket == b].reset_index(drop=True), m[bucket == b]) for b in range(n_buckets)]


def _sum_tops(parts: list[pd.DataFrame]) -> pd.DataFrame:
    allp = pd.concat(parts, ignore_index=True)
    if allp.empty:
        return allp
    keys = [c for c in allp.columns if c not in ("top", "tot")]
    return allp.groupby(keys, observed=True, sort=False).agg(top=("top", "max"), tot=("tot", "sum")).reset_index()


def _reduce_bucket(tops: pd.DataFrame, *pieces, spec: dict, scale: float, thin_min: int, thin_max_share: float,
                   **boot) -> pd.DataFrame:
    """``interval_table`` over one bucket's units (blocks in partition, hence document, order)."""
    units, cols, bk = spec["units"], spec["columns"], spec["bk"]
    blocks = pd.concat([p[0] for p in pieces], ignore_index=True)
    if blocks.empty:
        return pd.DataFrame([])
    m = np.concatenate([p[1] for p in pieces]).astype(float)
    index = pd.MultiIndex.from_arrays([blocks[c] for c in units + ["doc_id", bk]], names=units + ["doc_id", bk])
    den = pd.Series(blocks["n"].to_numpy(), index=index)
    keys = units + ["category" if spec["kind"] == "rates" else "frame"]
    top = {tuple(r[:-2]): r[-2] / r[-1] for r in tops[keys + ["top", "tot"]].itertuples(index=False, name=None)}
    return interval_table(den, m, unit_names=units, columns=cols, scale=scale, top_share=top, thin_min=thin_min,
                          thin_noun="hits", thin_max_share=thin_max_share, **boot)
