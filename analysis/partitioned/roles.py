"""Role-aware framing as map-reduce: actor × role × frame shares, parsed on the workers.

:func:`analysis.roles.role_frames` needs the role of every actor mention and the frame cues
linked to it, which need a dependency parse of the sentences naming an actor. So:

1. **map** (per partition, on the workers): the partition's actor and frame hits (stored
   tables), the parse of its actor sentences and of the sentences attribution reads
   (:func:`analysis.syntax.parse`, in the worker, one process, no disk cache; forgotten once
   used), attribution and :func:`analysis.roles.role_tables`: one row per mention and per
   link — a few per actor sentence, never the tokens — with the paragraph of each sentence.
2. **reduce the orders**: the actors and frames in order of first appearance (the in-memory
   default), from each partition's own, concatenated in partition order.
3. **shuffle and reduce**: the mention and link rows of each unit meet in one bucket (a
   document's own partition with ``by="doc_id"``; buckets of documents by their ``by`` values
   otherwise), where :func:`analysis.roles.role_frames` runs on them with the orders of step 2.
   Units are independent (each is bootstrapped with its own seed), so the buckets' tables,
   sorted as the in-memory one is, are that table.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from .engine import Engine
from .hits import PartitionedTable
from .store import PartitionedCorpus

__all__ = ["role_tables_partitioned", "role_frames_partitioned"]


def _parse_keys(part, actor_hits: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actor sentences, and every sentence the roles read: those and, for attribution, the
    reporting candidates among them with the sentence before each."""
    from ..attribution import reporting_candidates
    from ..syntax import sentence_keys

    actors = sentence_keys(part, "actors", actor_hits)
    cands = reporting_candidates(part).merge(actors, on=["doc_id", "sent_id"])
    prev = cands[cands.sent_id > 0].assign(sent_id=lambda d: d.sent_id - 1)
    every = pd.concat([actors, cands, prev], ignore_index=True).drop_duplicates()
    return actors, every


def _roles_part(k: int, *, corpus: PartitionedCorpus, actor_hits: PartitionedTable, frame_hits: PartitionedTable,
                pipeline: str, by: list[str]) -> dict:
    """Partition ``k``'s mention and link rows, its documents' ``by`` columns, the paragraph of
    each sentence named, and its actors and frames in order of first appearance."""
    from ..attribution import sentence_attribution
    from ..roles import role_tables
    from ..syntax import forget_parses, parse

    part = corpus.load(k, tables=("documents", "sentences", "tokens"))
    ah, fh = actor_hits.partition(k, local=True), frame_hits.partition(k, local=True)
    actors, every = _parse_keys(part, ah)
    parsed = parse(part, every, pipeline=pipeline, cache=False, progress=False, n_process=1)
    att = sentence_attribution(part, sentences=actors, parse=parsed, actor_hits=ah, pipeline=pipeline)
    roles, links = role_tables(part, ah, fh, parse=parsed, attribution=att, pipeline=pipeline)
    forget_parses(part)
    s = part.sentences
    sents = pd.DataFrame({"doc_id": s.doc_id.astype(str).to_numpy(), "sent_id": s.sent_id.to_numpy(),
                          "para_id": s.para_id.to_numpy()})
    named = pd.MultiIndex.from_arrays([roles.doc_id.astype(str), roles.sent_id])
    sents = sents[pd.MultiIndex.from_frame(sents[["doc_id", "sent_id"]]).isin(named)].reset_index(drop=True)
    docs = part.documents[["doc_id"] + [c for c in by if c != "doc_id"]].assign(
        doc_id=lambda d: d.doc_id.astype(str))
    agent_target = links[links.role.astype(str).isin(["agent", "target"])]
    return {"roles": roles, "links": links, "sentences": sents, "documents": docs,
            "actors": list(dict.fromkeys(roles.actor.astype(str))),
            "frames": list(dict.fromkeys(agent_target.frame.astype(str))), "n": (len(roles), len(links))}


def role_tables_partitioned(corpus: PartitionedCorpus, actor_hits: PartitionedTable, frame_hits: PartitionedTable,
                            *, pipeline: str | None = None, client=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`analysis.roles.role_tables` on every partition (parsed on the workers); the mention
    and link tables gathered (one row per actor mention / link: a few per actor sentence)."""
    from ..syntax import DEFAULT_PIPELINE

    engine = Engine(client)
    parts = engine.gather(engine.map(_roles_part, range(len(corpus.partitions)), corpus=corpus,
                                     actor_hits=actor_hits, frame_hits=frame_hits,
                                     pipeline=pipeline or DEFAULT_PIPELINE, by=[]))
    return (pd.concat([p["roles"] for p in parts], ignore_index=True),
            pd.concat([p["links"] for p in parts], ignore_index=True))


def role_frames_partitioned(corpus: PartitionedCorpus, actor_hits: PartitionedTable, frame_hits: PartitionedTable, *,
                            by: str | list[str] = "doc_id", actors=None, frames=None, split_attribution: bool = True,
                            block: str | None = None, n_boot: int = 2000, ci: float = 0.95, seed: int | None = None,
                            pipeline: str | None = None, client=None) -> pd.DataFrame:
    """:func:`analysis.roles.role_frames` of ``role_tables(corpus, actor_hits, frame_hits)``, as
    map-reduce: the same table as in memory (parameters as there; the hits are stored tables).

    Every worker needs spaCy and the pipeline (``make setup`` installs both).
    """
    from ..roles import SEED
    from ..syntax import DEFAULT_PIPELINE, load_pipeline

    load_pipeline(pipeline or DEFAULT_PIPELINE)  # fails here, with the install hint, if the client lacks it
    by = [by] if isinstance(by, str) else list(by)
    engine = Engine(client)
    n_parts = len(corpus.partitions)
    maps = engine.map(_roles_part, range(n_parts), corpus=corpus, actor_hits=actor_hits, frame_hits=frame_hits,
                      pipeline=pipeline or DEFAULT_PIPELINE, by=by)
    orders = engine.gather([engine.submit(_orders, h) for h in maps])
    actors = list(actors) if actors is not None else list(dict.fromkeys(a for o in orders for a in o[0]))
    frames = list(frames) if frames is not None else list(dict.fromkeys(f for o in orders for f in o[1]))
    opts = dict(by=by, actors=actors, frames=frames, split_attribution=split_attribution, block=block,
                n_boot=n_boot, ci=ci, seed=SEED if seed is None else seed)
    if by == ["doc_id"]:  # a document's units never leave its partition
        tasks = [engine.submit(_frames_bucket, engine.submit(_bucket, h, 0, 1, by), **opts) for h in maps]
    else:
        n_buckets = max(1, min(n_parts, 2 * engine.n_workers()))
        pieces = [[engine.submit(_bucket, h, b, n_buckets, by) for h in maps] for b in range(n_buckets)]
        tasks = [engine.submit(_frames_bucket, *p, **opts) for p in pieces]
    out = [t for t in engine.gather(tasks) if not t.empty]
    if not out:
        return pd.DataFrame()
    out = pd.concat(out, ignore_index=True)
    out["actor"] = pd.Categorical(out.actor.astype(str), categories=actors)
    out["frame"] = pd.Categorical(out.frame.astype(str), categories=frames)
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    out = out.assign(_o=out[by[0]].map(order) if by == ["doc_id"] else 0)
    return out.sort_values(["_o"] + by + ["actor", "role", "frame", "attribution"], kind="stable").drop(
        columns="_o").reset_index(drop=True)


def _orders(part: dict) -> tuple[list, list]:
    return part["actors"], part["frames"]


def _bucket(part: dict, b: int, n_buckets: int, by: list[str]) -> dict:
    """The rows of partition result ``part`` whose documents fall in bucket ``b`` (by their
    ``by`` values, so a unit's rows all meet in one bucket)."""
    docs = part["documents"]
    if n_buckets > 1:
        labels = docs[by].astype(str).agg("\x1f".join, axis=1) if len(docs) else pd.Series([], dtype=str)
        h = np.asarray([zlib.crc32(x.encode("utf-8")) % n_buckets for x in labels], dtype=np.int64)
        docs = docs[h == b]
    ids = set(docs.doc_id)

    def rows(t):
        return t[t.doc_id.astype(str).isin(ids)]

    return {"roles": rows(part["roles"]), "links": rows(part["links"]), "sentences": rows(part["sentences"]),
            "documents": docs}


def _frames_bucket(*pieces: dict, by, actors, frames, **opts) -> pd.DataFrame:
    """:func:`analysis.roles.role_frames` over one bucket's rows (a small corpus of its documents)."""
    from ..corpus import Corpus
    from ..roles import role_frames

    roles = pd.concat([p["roles"] for p in pieces], ignore_index=True)
    if roles.empty:
        return pd.DataFrame()
    links = pd.concat([p["links"] for p in pieces], ignore_index=True)
    empty = pd.DataFrame()
    light = Corpus(pd.concat([p["documents"] for p in pieces], ignore_index=True),
                   pd.concat([p["sentences"] for p in pieces], ignore_index=True), empty, empty, empty, None, {})
    out = role_frames(light, roles, links, by=by, actors=actors, frames=frames, **opts)
    return out.assign(actor=out.actor.astype(str), frame=out.frame.astype(str)) if len(out) else out
