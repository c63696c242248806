"""Tables computed per partition and stored beside the corpus: hits and pairs, with an index.

:func:`lexicon_hits_partitioned` runs :func:`analysis.framing.lexicon_hits` on every
partition (on the workers) and stores each partition's hits as Parquet next to the corpus
(``tables/<name>/``); :func:`actor_frame_pairs_partitioned` does the same for
:func:`analysis.framing.actor_frame_pairs`. What comes back to the client is a
:class:`PartitionedTable`: where the rows are, how many, and an **index** — the number of
rows per document and cell columns (``voice``, ``category``; ``actor``, ``frame`` for pairs).
The index is what lines on demand read (:mod:`.lines`): it says which documents, hence which
partitions and which row groups, hold the rows of any cell, so a drill reads those and
nothing else. Every map-reduce of :mod:`analysis.partitioned` reads the stored partitions
instead of matching again.

A stored table is keyed by the corpus hash, the lexicon's hash and the options: asking again
for the same hits opens the stored table.
"""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pandas as pd

from .engine import Engine
from .storage import Store
from .store import PartitionedCorpus

__all__ = ["PartitionedTable", "lexicon_hits_partitioned", "actor_frame_pairs_partitioned", "hit_counts_partitioned"]

#: Cell columns indexed per document, by kind of table.
INDEX_COLUMNS = {"hits": ("voice", "category"), "pairs": ("voice", "actor", "frame")}
TABLE_FORMAT = 1


class PartitionedTable:
    """A table stored per partition of a :class:`PartitionedCorpus` (hits or pairs).

    Attributes
    ----------
    corpus : PartitionedCorpus
    name : str
        Its folder under ``tables/``.
    kind : {"hits", "pairs"}
    meta : dict
        ``categories`` (hits: the lexicon's categories, in order; pairs: ``actors``,
        ``frames``), ``lexicon`` and the options it was made with, ``n_rows`` per partition.
    """

    def __init__(self, corpus: PartitionedCorpus, name: str):
        self.corpus = corpus
        self.name = name
        self.meta = corpus.store.read_json("tables", name, "manifest.json")
        self.kind = self.meta["kind"]
        self._index = None

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return f"PartitionedTable({self.kind} {self.name}: {len(self):,} rows in {len(self.meta['parts'])} partitions)"

    def __len__(self) -> int:
        return int(sum(p["n_rows"] for p in self.meta["parts"]))

    def __reduce__(self):
        return (PartitionedTable, (self.corpus, self.name))

    @property
    def columns(self) -> list[str]:
        return list(self.meta["parts"][0]["desc"]["order"])

    @property
    def index(self) -> pd.DataFrame:
        """Rows per document and cell: ``doc_id`` (corpus-wide categorical), the cell columns
        (:data:`INDEX_COLUMNS`), ``n``; in document order."""
        if self._index is None:
            raw = self.corpus.store.read_parquet("tables", self.name, "index.parquet")
            raw["doc_id"] = pd.Categorical.from_codes(raw["doc_id"].to_numpy(), dtype=self.corpus.dtype("doc_id"))
            self._index = raw
        return self._index

    def partition(self, k: int, *, local: bool = False, doc_codes=None, columns=None) -> pd.DataFrame:
        """The rows of partition ``k``: with the corpus-wide categoricals (default), or with the
        partition's own (``local=True``, as :meth:`PartitionedCorpus.load` gives its tables);
        only some documents' rows (``doc_codes`` within the partition) or ``columns``."""
        p = self.meta["parts"][k]
        filters = None if doc_codes is None else [("doc_id", "in", [int(c) for c in doc_codes])]
        out = self.corpus.store.read_table(f"tables/{self.name}/part-{k:05d}", self.kind, p["desc"],
                                           columns=columns, filters=filters)
        return out if local else self.corpus.to_global(out, k)

    def to_pandas(self) -> pd.DataFrame:
        """Every row in one DataFrame (only for a table that fits in memory): the table the
        in-memory function gives on the whole corpus."""
        parts = [self.partition(k) for k in range(len(self.meta["parts"]))]
        return pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]

    def partitions_of(self, doc_codes) -> dict[int, np.ndarray]:
        """Partition → codes within it, of the documents with corpus-wide codes ``doc_codes``."""
        lo = np.asarray([p["doc_lo"] for p in self.corpus.partitions])
        codes = np.unique(np.asarray(doc_codes, dtype=np.int64))
        k = np.searchsorted(lo, codes, side="right") - 1
        return {int(part): codes[k == part] - lo[part] for part in np.unique(k)}


def _key(*parts) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()[:16]


def _stored(corpus: PartitionedCorpus, name: str, key: str) -> PartitionedTable | None:
    if corpus.store.exists("tables", name, "manifest.json"):
        t = PartitionedTable(corpus, name)
        if t.meta.get("key") == key and t.meta.get("format") == TABLE_FORMAT:
            return t
    return None


def _lexicon(lexicon):
    from ..lexicons import Lexicon, load_lexicon

    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


def lexicon_hits_partitioned(corpus: PartitionedCorpus, lexicon, *, client=None, **match_options) -> PartitionedTable:
    """:func:`analysis.framing.lexicon_hits` on every partition, stored beside the corpus.

    Matching never crosses a document and the longest-match rule works within a document,
    so the partitions' hits, concatenated in order, are exactly the whole corpus's
    (``.to_pandas()`` equals ``lexicon_hits(load_corpus(folder), lexicon)``).

    Parameters
    ----------
    corpus : PartitionedCorpus
    lexicon : Lexicon, str or path
        As for :func:`analysis.framing.lexicon_hits`.
    client : dask.distributed.Client, optional
        See :mod:`analysis.partitioned.engine`.
    **match_options
        Passed to :func:`analysis.matcher.match`.

    Returns
    -------
    PartitionedTable
        Of kind ``"hits"``; reopened (not recomputed) when asked again with the same
        lexicon and options.
    """
    lex = _lexicon(lexicon)
    key = _key("hits", corpus.meta["sha256"], lex.name, lex.sha256, match_options)
    name = f"hits-{lex.name}-{key}"
    return _stored(corpus, name, key) or _build(
        corpus, name, key, "hits", _hits_part, client,
        {"lexicon": lex.name, "categories": list(lex.to_patterns()), "options": match_options},
        lex=lex, match_options=match_options)


def actor_frame_pairs_partitioned(actor_hits: PartitionedTable, frame_hits: PartitionedTable, *,
                                  window: int | None = None, client=None) -> PartitionedTable:
    """:func:`analysis.framing.actor_frame_pairs` on every partition (a pair never leaves its
    document), stored beside the corpus; ``.to_pandas()`` equals the in-memory pairs."""
    corpus = actor_hits.corpus
    key = _key("pairs", corpus.meta["sha256"], actor_hits.name, frame_hits.name, window)
    name = f"pairs-{key}"
    return _stored(corpus, name, key) or _build(
        corpus, name, key, "pairs", _pairs_part, client,
        {"actors": actor_hits.meta["categories"], "frames": frame_hits.meta["categories"], "window": window,
         "from": [actor_hits.name, frame_hits.name]},
        actor_hits=actor_hits, frame_hits=frame_hits, window=window)


def _build(corpus, name, key, kind, fn, client, info: dict, **kwargs) -> PartitionedTable:
    engine = Engine(client)
    folder = f"tables/{name}"
    results = engine.gather(engine.map(fn, range(len(corpus.partitions)), corpus=corpus, folder=folder, **kwargs))
    store: Store = corpus.store
    index = pd.concat([r["index"] for r in results], ignore_index=True)
    store.write_parquet(index, folder, "index.parquet")
    store.write_json({"format": TABLE_FORMAT, "kind": kind, "key": key, **info,
                      "parts": [{"n_rows": r["n_rows"], "desc": r["desc"]} for r in results]}, folder, "manifest.json")
    return PartitionedTable(corpus, name)


def _store_part(corpus: PartitionedCorpus, k: int, folder: str, kind: str, table: pd.DataFrame) -> dict:
    """Write partition ``k``'s rows (its own categoricals); its index rows (corpus-wide doc codes)."""
    desc = corpus.store.write_table(table, f"{folder}/part-{k:05d}", kind, row_group_size=2**14)
    cells = list(INDEX_COLUMNS[kind])
    keyed = table.assign(**{c: table[c].astype(str) for c in cells})
    idx = keyed.groupby(["doc_id"] + cells, observed=True, sort=True).size().rename("n").reset_index()
    idx["doc_id"] = idx["doc_id"].cat.codes.to_numpy().astype(np.int64) + corpus.partitions[k]["doc_lo"]
    idx["n"] = idx["n"].astype(np.int64)
    return {"n_rows": len(table), "desc": desc, "index": idx}


def _hits_part(k: int, *, corpus: PartitionedCorpus, folder: str, lex, match_options: dict) -> dict:
    from ..framing import lexicon_hits

    part = corpus.load(k, columns={"documents": ["doc_id", "group", "raw"]})
    return _store_part(corpus, k, folder, "hits", lexicon_hits(part, lex, progress=False, **match_options))


def _pairs_part(k: int, *, corpus: PartitionedCorpus, folder: str, actor_hits: PartitionedTable,
                frame_hits: PartitionedTable, window) -> dict:
    from ..framing import actor_frame_pairs

    pairs = actor_frame_pairs(actor_hits.partition(k, local=True), frame_hits.partition(k, local=True), window=window)
    return _store_part(corpus, k, folder, "pairs", pairs)


# --------------------------------------------------------------------------- hit counts


def hit_counts_partitioned(corpus: PartitionedCorpus, hits: PartitionedTable, *, by=("group", "voice"),
                           categories=None, client=None) -> pd.DataFrame:
    """:func:`analysis.matcher.hit_counts` as map-reduce: per partition, hits per unit ×
    category and the units' tokens; summed. Identical to the in-memory table."""
    by = [by] if isinstance(by, str) else list(by)
    engine = Engine(client)
    parts = engine.map(_counts_part, range(len(corpus.partitions)), corpus=corpus, hits=hits, by=by,
                       categories=categories)
    summed = engine.gather(engine.tree_reduce(parts, _sum_counts, by=by))
    summed["n_hits"] = summed["n_hits"].astype(np.int64)
    summed["n_tokens"] = summed["n_tokens"].astype(np.int64)
    summed["per_1000"] = 1000.0 * summed["n_hits"] / summed["n_tokens"]
    summed = summed[by + ["category", "n_hits", "n_tokens", "per_1000"]]
    return summed.sort_values(by + ["category"], kind="stable").reset_index(drop=True)


def _counts_part(k: int, *, corpus: PartitionedCorpus, hits: PartitionedTable, by: list[str],
                 categories) -> pd.DataFrame:
    from ..matcher import hit_counts

    part = corpus.load(k, tables=("tokens",), columns={"tokens": ["doc_id", "group", "voice", "speaker"]})
    return corpus.to_global(hit_counts(part, hits.partition(k, local=True), by=by, categories=categories), k)


def _sum_counts(parts: list[pd.DataFrame], *, by: list[str]) -> pd.DataFrame:
    # every part's key columns share one categorical dtype each (corpus-wide units, the
    # lexicon's categories), so the concatenation and the group-by keep them
    allp = pd.concat(parts, ignore_index=True)
    return allp.groupby(by + ["category"], observed=True, sort=True)[["n_hits", "n_tokens"]].sum().reset_index()
