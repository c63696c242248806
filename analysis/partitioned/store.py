"""A corpus stored as partitions of documents: :class:`PartitionedCorpus`, never held whole.

On disk (a local folder or any fsspec URL), written once by
:func:`analysis.partitioned.write_partitioned`::

    manifest.json                  format, corpus hash (the cache key), settings, partitions
                                   (document ranges, sizes), groups, warnings, versions
    documents.parquet              the documents table without the texts (one row per
    categories/documents.*.parquet   document, global doc_id/group categories): the index
    vocabulary/token.parquet       the corpus-wide vocabularies: the sorted union of the
    vocabulary/norm.parquet          partitions' own (what the in-memory corpus's
    vocabulary/speaker.parquet       categoricals hold), merged by a reduce when written
    parts/part-00000/              one partition: the documents [doc_lo, doc_hi) of the
        meta.json                    manifest order, as the corpus cache stores a corpus —
        documents.parquet            the five tables, categoricals as codes with their
        sentences.parquet            categories in categories/, dtypes in meta.json —
        tokens.parquet               with the partition's own categories (its documents,
        residue.parquet              groups, speakers, types and norms), so each partition
        quotes.parquet               is written without knowing the others
        categories/…
    hits/<name>/…                  stored hit tables and their index (see :mod:`.hits`)

A partition read in a process is an ordinary in-memory :class:`analysis.corpus.Corpus` of its
documents (:meth:`PartitionedCorpus.load`), so every in-memory function runs on it
unchanged; :meth:`PartitionedCorpus.to_global` turns a partition result's categoricals into
the corpus-wide ones (doc_id codes are the partition's plus ``doc_lo``; groups, speakers and
vocabularies are looked up in the merged lists). :meth:`PartitionedCorpus.dask` gives any
table as a lazy Dask DataFrame, one Dask partition per stored partition.

Vocabularies. The in-memory corpus has one vocabulary of types and one of norms; a
partition has its own (the types its documents use, sorted), so partitions are written in
parallel without coordination. The corpus-wide vocabulary is their sorted union (written by
a reduce after the partitions): identical to the in-memory categories. A partition's codes
map to corpus-wide codes with one ``get_indexer`` over its few ten thousand types. Why codes
and not string columns: in memory a code costs 1–4 bytes per token against ~14 for an Arrow
string (offset + bytes); on disk both compress alike (measured in ``benchmarks/RESULTS-scale.md``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .._core.index import CORPUS_CAPITALISED
from ..tokens import code_dtype
from .storage import Store

__all__ = ["PartitionedCorpus", "open_partitioned", "FORMAT", "KIND", "PART_TABLES"]

#: Bump when the layout changes; a store of another format is refused.
FORMAT = 1
KIND = "analysis.partitioned-corpus"
PART_TABLES = ("documents", "sentences", "tokens", "residue", "quotes")
#: Columns of the documents table kept only in the partitions (the texts).
TEXT_COLUMNS = ("raw", "text")

#: The corpora opened in this process (URL → PartitionedCorpus): a task unpickles to these,
#: so the documents index, vocabularies and partition descriptions are read once per process.
_OPEN: dict[str, "PartitionedCorpus"] = {}


class PartitionedCorpus:
    """A corpus stored as Parquet partitions of documents (see the module docstring).

    Open one with :func:`open_partitioned` (or make one with
    :func:`analysis.partitioned.write_partitioned`). It holds the manifest only: the
    documents index, vocabularies and partitions are read when asked for. The in-memory
    tables (``tokens``, ``sentences`` …) are not attributes: a function that needs them
    raises an error naming the map-reduce function to use.

    Attributes
    ----------
    url : str
        Where it is stored.
    meta : dict
        ``sha256`` (the corpus hash, as :func:`analysis.corpus.corpus_hash`) and
        ``min_quote_tokens``.
    partitions : list of dict
        ``name``, ``doc_lo``, ``doc_hi`` (its documents in manifest order), ``n_documents``,
        ``n_tokens``, ``n_sentences``.
    """

    def __init__(self, url):
        self.store = Store(url)
        self.url = self.store.url
        m = self.store.read_json("manifest.json")
        if m.get("kind") != KIND or m.get("format") != FORMAT:
            raise ValueError(f"{self.url} is not a partitioned corpus of format {FORMAT} "
                             f"(kind {m.get('kind')!r}, format {m.get('format')!r})")
        self.manifest = m
        self.meta = {"sha256": m["sha256"], "min_quote_tokens": m["min_quote_tokens"]}
        self.folder = Path(m["folder"])
        self.partitions = m["partitions"]
        self._cache: dict[str, object] = {}

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return (f"PartitionedCorpus({self.url}: {self.n_documents} documents, {self.n_tokens} tokens, "
                f"{len(self.partitions)} partitions)")

    def __reduce__(self):  # a task carries the URL only; each process reads the manifest once
        return (open_partitioned, (self.url,))

    @property
    def n_tokens(self) -> int:
        return int(self.manifest["n_tokens"])

    @property
    def n_documents(self) -> int:
        return int(self.manifest["n_documents"])

    # ------------------------------------------------------------------ what is not held

    def _not_here(self, name: str):
        raise TypeError(
            f"a PartitionedCorpus holds no {name} table in memory ({self.n_tokens:,} tokens in "
            f"{len(self.partitions)} partitions at {self.url}): use the functions that accept it "
            "(lexicon_hits, hit_counts, frame_rates, keyness, frequencies, kwic, drill) or the map-reduce "
            "functions of analysis.partitioned; .load(k) gives partition k as an in-memory Corpus")

    tokens = property(lambda self: self._not_here("tokens"))
    sentences = property(lambda self: self._not_here("sentences"))
    residue = property(lambda self: self._not_here("residue"))
    quotes = property(lambda self: self._not_here("quotes"))

    # ------------------------------------------------------------------ corpus-wide

    def _process(self, what: str, build):
        """``build()``, once per process (this object is the process's, see :func:`open_partitioned`)."""
        if what not in self._cache:
            self._cache[what] = build()
        return self._cache[what]

    @property
    def documents(self) -> pd.DataFrame:
        """The documents table without ``raw`` and ``text``: every other column, the same
        dtypes as the in-memory corpus's (doc_id and group categoricals in manifest order)."""
        return self._process("documents", lambda: self.store.read_table("", "documents", self.manifest["documents"]))

    def dtype(self, column: str) -> pd.CategoricalDtype:
        """The corpus-wide categorical dtype of ``doc_id``, ``group``, ``speaker``, ``token`` or ``norm``."""
        if column in ("doc_id", "group"):
            return self.documents[column].dtype
        return self._process(f"dtype:{column}", lambda: pd.CategoricalDtype(self.vocabulary(column)))

    def vocabulary(self, column: str) -> pd.Index:
        """The sorted corpus-wide vocabulary of ``token``, ``norm`` or ``speaker`` (or the
        ``capitalised`` hyphenated types, see :data:`analysis._core.index.CORPUS_CAPITALISED`)."""
        if column not in ("token", "norm", "speaker", "capitalised"):
            raise ValueError(f"no vocabulary of {column!r}; valid: token, norm, speaker, capitalised")
        return self._process(f"vocabulary:{column}", lambda: pd.Index(
            self.store.read_parquet("vocabulary", f"{column}.parquet")["value"].astype(str).array))

    def term_codes(self, tokens: pd.DataFrame, column: str) -> np.ndarray:
        """Corpus-wide codes (into :meth:`vocabulary`) of a partition's ``token``/``norm``/``speaker`` column."""
        col = tokens[column]
        remap = self.vocabulary(column).get_indexer(col.cat.categories)
        return remap[col.cat.codes.to_numpy()].astype(np.int64)

    def raw(self, doc_id: str) -> str:
        """The raw text of one document (read from its partition)."""
        k, code = self.locate([doc_id])
        docs = self.read(int(k[0]), "documents", columns=["doc_id", "raw"], doc_codes=[int(code[0])])
        return docs["raw"].iloc[0]

    def locate(self, doc_ids) -> tuple[np.ndarray, np.ndarray]:
        """(partition, code within the partition) of each of ``doc_ids``."""
        cats = self.dtype("doc_id").categories
        codes = cats.get_indexer(pd.Index([str(d) for d in doc_ids]))
        if (codes < 0).any():
            bad = [d for d, c in zip(doc_ids, codes) if c < 0][:3]
            raise ValueError(f"documents not in the corpus: {bad}")
        lo = np.asarray([p["doc_lo"] for p in self.partitions])
        k = np.searchsorted(lo, codes, side="right") - 1
        return k, codes - lo[k]

    # ------------------------------------------------------------------ partitions

    def part_meta(self, k: int) -> dict:
        name = self.partitions[k]["name"]
        return self._process(f"meta:{name}", lambda: self.store.read_json("parts", name, "meta.json"))

    def read(self, k: int, table: str, *, columns=None, doc_codes=None) -> pd.DataFrame:
        """Table ``table`` of partition ``k`` (its own categories), optionally some ``columns``
        and the rows of some documents (``doc_codes``: codes within the partition; only the
        row groups holding them are read)."""
        name = self.partitions[k]["name"]
        filters = None if doc_codes is None else [("doc_id", "in", [int(c) for c in doc_codes])]
        desc = self.part_meta(k)["tables"][table]
        out = self.store.read_table(f"parts/{name}", table, desc, columns=columns, filters=filters)
        if doc_codes is not None and "doc_id" in out.columns:  # only the documents asked for
            keep = out["doc_id"].cat.categories[sorted(set(int(c) for c in doc_codes))]
            out["doc_id"] = out["doc_id"].cat.set_categories(keep)
        return out

    def load(self, k: int, *, tables=("documents", "tokens"), columns: dict | None = None, doc_codes=None):
        """Partition ``k`` as an in-memory :class:`analysis.corpus.Corpus` of its documents
        (tables not asked for are empty; ``columns`` maps a table to the columns to read)."""
        from ..corpus import Corpus

        columns = columns or {}
        got = {}
        for t in PART_TABLES:
            if t in tables:
                got[t] = self.read(k, t, columns=columns.get(t), doc_codes=doc_codes)
            else:
                got[t] = pd.DataFrame({"doc_id": pd.Categorical([])})
        if "token" in got["tokens"].columns:  # which hyphen parts are names is decided corpus-wide
            got["tokens"].attrs[CORPUS_CAPITALISED] = self._process(
                "capitalised", lambda: tuple(self.vocabulary("capitalised")))
        return Corpus(got["documents"], got["sentences"], got["tokens"], got["residue"], got["quotes"], self.folder,
                      {"sha256": f"{self.meta['sha256']}/{self.partitions[k]['name']}",
                       "min_quote_tokens": self.meta["min_quote_tokens"]})

    def to_global(self, df: pd.DataFrame, k: int, columns=("doc_id", "group", "speaker")) -> pd.DataFrame:
        """``df`` (a table or result of partition ``k``) with its ``columns`` recoded to the
        corpus-wide categoricals (``doc_id``, ``group``, ``speaker``, ``token``, ``norm``)."""
        out = df.copy(deep=False)
        for col in columns:
            if col not in out.columns or not isinstance(out[col].dtype, pd.CategoricalDtype):
                continue
            dtype = self.dtype(col)
            s = out[col]
            codes = s.cat.codes.to_numpy().astype(np.int64)
            if col == "doc_id" and s.cat.categories.equals(self._part_doc_ids(k)):
                new = np.where(codes < 0, -1, codes + self.partitions[k]["doc_lo"])
            else:
                remap = dtype.categories.get_indexer(s.cat.categories)
                new = np.where(codes < 0, -1, remap[codes])
            out[col] = pd.Categorical.from_codes(new.astype(code_dtype(len(dtype.categories))), dtype=dtype,
                                                 validate=False)
        return out

    def _part_doc_ids(self, k: int) -> pd.Index:
        p = self.partitions[k]
        return self.dtype("doc_id").categories[p["doc_lo"]:p["doc_hi"]]

    def dask(self, table: str = "tokens", *, columns=None, global_categories: bool = True):
        """``table`` as a lazy Dask DataFrame, one Dask partition per stored partition
        (nothing is read until computed). With ``global_categories`` (default) the
        categoricals are the corpus-wide ones (known categories), so Dask can group by them."""
        import dask.dataframe as dd

        cats = ("doc_id", "group", "speaker", "token", "norm") if global_categories else ()
        meta = _read_global(self, 0, table, columns, cats).iloc[:0]
        return dd.from_map(_read_global, [self] * len(self.partitions), range(len(self.partitions)),
                           table=table, columns=columns, cats=cats, meta=meta, enforce_metadata=False)


def _read_global(pc: PartitionedCorpus, k: int, table: str, columns, cats) -> pd.DataFrame:
    return pc.to_global(pc.read(k, table, columns=columns), k, cats)


def open_partitioned(url) -> PartitionedCorpus:
    """Open a partitioned corpus (a folder or fsspec URL written by
    :func:`analysis.partitioned.write_partitioned`); the manifest is read once per process."""
    key = str(url)
    pc = _OPEN.get(key)
    if pc is None or Store(url).read_json("manifest.json").get("sha256") != pc.meta["sha256"]:  # new, or rewritten
        pc = _OPEN[key] = PartitionedCorpus(url)
    return pc
