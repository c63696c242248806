"""Sentiment toward actors as map-reduce: VADER on the workers, the means per unit by bucket.

:func:`analysis.sentiment.actor_sentiment` is a mean (with a sentence-block bootstrap) of the
VADER compound of the (sentence, voice) texts naming each actor, per unit — and, with
``baseline=True``, of every text of the unit. So:

1. **map** (per partition): :func:`analysis.sentiment.sentence_sentiment` of the texts naming
   an actor (and of every text, for the baseline): one row per (sentence, voice) with its
   scores — the text itself stays on the worker;
2. **shuffle** the rows by their unit (``by`` values), so every text of a unit meets in one
   bucket, in corpus order;
3. **reduce** (per bucket): ``actor_sentiment`` itself on those rows (the baseline as the
   pseudo-actor it is), so each cell's mean, shares and bootstrap are the in-memory ones.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from .engine import Engine
from .hits import PartitionedTable
from .store import PartitionedCorpus

__all__ = ["actor_sentiment_partitioned"]


def _texts_part(k: int, *, corpus: PartitionedCorpus, actor_hits: PartitionedTable, acts: list, by: list,
                baseline: bool, n_buckets: int) -> list[dict]:
    """Partition ``k``'s scored texts (corpus-wide categoricals, no text) and actor units, by bucket."""
    from ..sentiment import ALL_SENTENCES, sentence_sentiment

    part = corpus.load(k, tables=("documents", "sentences", "tokens", "quotes"))
    ah = actor_hits.partition(k, local=True)
    texts = sentence_sentiment(part, ah, actors=acts) if not baseline else sentence_sentiment(part)
    hits = pd.DataFrame({"doc_id": ah.doc_id.astype(str), "sent_id": ah.sent_id, "voice": ah.voice.astype(str),
                         "category": ah.category.astype(str)})
    if baseline:  # every text is a mention of the pseudo-actor (its mention count is set to 0 after)
        hits = pd.concat([hits, pd.DataFrame({"doc_id": texts.doc_id.astype(str), "sent_id": texts.sent_id,
                                              "voice": texts.voice.astype(str), "category": ALL_SENTENCES})],
                         ignore_index=True)
    texts = corpus.to_global(texts.drop(columns=["text"]), k)
    docs = part.documents[["doc_id"] + [c for c in by if c in part.documents.columns and c != "doc_id"]]
    docs = docs.assign(doc_id=docs.doc_id.astype(str))
    keyed = texts.assign(**{c: texts.doc_id.astype(str).map(dict(zip(docs.doc_id, docs[c])))
                            for c in by if c not in texts.columns})
    labels = keyed[by].astype(str).agg("\x1f".join, axis=1) if len(keyed) else pd.Series([], dtype=str)
    bucket = np.asarray([zlib.crc32(x.encode("utf-8")) % n_buckets for x in labels], dtype=np.int64)
    out = []
    for b in range(n_buckets):
        t = texts[bucket == b]
        ids = set(t.doc_id.astype(str))
        out.append({"texts": t, "hits": hits[hits.doc_id.isin(ids)], "documents": docs[docs.doc_id.isin(ids)]})
    return out


def actor_sentiment_partitioned(corpus: PartitionedCorpus, actor_hits: PartitionedTable, *, by=("group", "voice"),
                                actors=None, baseline: bool = False, n_boot: int = 2000, ci: float = 0.95,
                                seed: int | None = None, client=None) -> pd.DataFrame:
    """:func:`analysis.sentiment.actor_sentiment` as map-reduce: the same table (parameters as
    there; ``actor_hits`` a stored hits table of the actor lexicon)."""
    from ..corpus.voices import VOICES
    from ..sentiment import ALL_SENTENCES, SEED

    by = [by] if isinstance(by, str) else list(by)
    acts = list(actors) if actors is not None else list(actor_hits.meta["categories"])
    engine = Engine(client)
    n_buckets = max(1, min(len(corpus.partitions), 2 * engine.n_workers()))
    maps = engine.map(_texts_part, range(len(corpus.partitions)), corpus=corpus, actor_hits=actor_hits, acts=acts,
                      by=by, baseline=baseline, n_buckets=n_buckets)
    names = acts + ([ALL_SENTENCES] if baseline else [])
    tasks = [engine.submit(_means_bucket, *[engine.item(h, b) for h in maps], by=by, acts=names,
                           n_boot=n_boot, ci=ci, seed=SEED if seed is None else seed) for b in range(n_buckets)]
    out = [t for t in engine.gather(tasks) if len(t)]
    if not out:
        return pd.DataFrame()
    out = pd.concat(out, ignore_index=True)
    out.loc[out.actor == ALL_SENTENCES, "n_mentions"] = 0
    out["actor"] = pd.Categorical(out.actor.astype(str), categories=names)
    for col in by:
        if col in ("doc_id", "group"):
            out[col] = pd.Categorical(out[col].astype(str), categories=corpus.dtype(col).categories)
        elif col == "voice":
            out[col] = pd.Categorical(out[col].astype(str), categories=list(VOICES))
    return out.sort_values(by + ["actor"], kind="stable").reset_index(drop=True)


def _means_bucket(*pieces: dict, by, acts, **opts) -> pd.DataFrame:
    """``actor_sentiment`` on one bucket's texts (a small corpus of their documents)."""
    from ..corpus import Corpus
    from ..sentiment import actor_sentiment

    texts = pd.concat([p["texts"] for p in pieces], ignore_index=True)
    if texts.empty:
        return pd.DataFrame()
    hits = pd.concat([p["hits"] for p in pieces], ignore_index=True)
    docs = pd.concat([p["documents"] for p in pieces], ignore_index=True)
    empty = pd.DataFrame()
    light = Corpus(docs, empty, empty, empty, empty, None, {})
    out = actor_sentiment(light, hits, by=by, actors=acts, sentences=texts.assign(actors="", n_mentions=0), **opts)
    return out.assign(actor=out.actor.astype(str), **{c: out[c].astype(str) for c in by if c in ("doc_id", "group",
                                                                                                 "voice")})
