"""Files of a partitioned corpus: Parquet tables and JSON through fsspec, tables encoded as
the corpus cache encodes them.

A :class:`Store` is one folder, a local path or any URL fsspec reads (``s3://bucket/corpus``,
``gs://…``, ``file:///…``; the object-store packages, e.g. ``s3fs``, installed where it is
read). Tables are written the way :mod:`analysis.corpus.cache` writes them, so a partition
round-trips exactly:

* a categorical column is stored as its integer codes, its categories in
  ``categories/<table>.<column>.parquet`` next to the table (category order, and unused
  categories, come back identical);
* every column's dtype is recorded in a description (kept in the partition's
  ``meta.json``) and restored; the missing-value sentinel of an object column too;
* nothing is unpickled: Parquet (pyarrow) and JSON only.

Reading can select columns (only their files are read) and filter rows on a plain
column (``filters=[("doc_id", "in", codes)]``: Parquet's row-group statistics skip the
row groups that cannot match, which is how lines on demand read a few documents of a
partition). Writes of JSON are atomic (temporary name, then a rename).
"""

from __future__ import annotations

import json
import posixpath
import uuid

import numpy as np
import pandas as pd

__all__ = ["Store", "encode_table", "decode_table"]

_NA_NAMES = {"NAType": "NA", "float": "nan", "NoneType": "None", "NaTType": "NaT"}
_NA_VALUES = {"NA": pd.NA, "nan": np.nan, "None": None, "NaT": pd.NaT}


class Store:
    """One folder of files, local or remote (any fsspec URL).

    Parameters
    ----------
    url : str or path
        ``/data/corpus.parts``, ``file:///data/corpus.parts``, ``s3://bucket/corpus.parts`` …
    """

    def __init__(self, url):
        import fsspec

        self.url = str(url)
        self.fs, self.root = fsspec.core.url_to_fs(self.url)
        self.local = type(self.fs).__name__ == "LocalFileSystem"

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return f"Store({self.url!r})"

    def path(self, *parts: str) -> str:
        """The full path of ``parts`` inside the store."""
        return posixpath.join(self.root, *parts)

    def exists(self, *parts: str) -> bool:
        return self.fs.exists(self.path(*parts))

    def makedirs(self, *parts: str) -> None:
        self.fs.makedirs(self.path(*parts), exist_ok=True)

    def remove(self, *parts: str) -> None:
        """Remove a file or folder (and everything in it); nothing if absent."""
        p = self.path(*parts)
        if self.fs.exists(p):
            self.fs.rm(p, recursive=True)

    def rename(self, src: str, dst: str) -> None:
        self.fs.mv(self.path(src), self.path(dst), recursive=True)

    def read_json(self, *parts: str) -> dict:
        with self.fs.open(self.path(*parts), "r", encoding="utf-8") as fh:
            return json.load(fh)

    def write_json(self, obj, *parts: str) -> None:
        """Write ``obj`` as JSON, atomically where the file system renames atomically."""
        final = posixpath.join(*parts)
        tmp = f"{final}.tmp-{uuid.uuid4().hex[:8]}"
        with self.fs.open(self.path(tmp), "w", encoding="utf-8") as fh:
            json.dump(obj, fh, indent=1)
        self.fs.mv(self.path(tmp), self.path(final))

    def _filesystem(self):
        return None if self.local else self.fs

    def write_parquet(self, df: pd.DataFrame, *parts: str, row_group_size: int | None = None) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        table = pa.Table.from_pandas(df, preserve_index=False)
        pq.write_table(table, self.path(*parts), filesystem=self._filesystem(), compression="zstd",
                       row_group_size=row_group_size)

    def read_parquet(self, *parts: str, columns=None, filters=None) -> pd.DataFrame:
        import pyarrow.parquet as pq

        table = pq.read_table(self.path(*parts), columns=columns, filters=filters, filesystem=self._filesystem())
        return table.to_pandas()

    def write_table(self, df: pd.DataFrame, folder: str, name: str, *, row_group_size: int | None = None) -> dict:
        """Write ``df`` as ``folder/name.parquet`` (categoricals as codes, their categories in
        ``folder/categories/``); return its description (for :meth:`read_table`)."""
        self.makedirs(folder, "categories")
        enc, desc, cats = encode_table(name, df)
        for col, values in cats.items():
            self.write_parquet(pd.DataFrame({"value": values}), folder, "categories", f"{name}.{col}.parquet")
        self.write_parquet(enc, folder, f"{name}.parquet", row_group_size=row_group_size)
        return desc

    def read_table(self, folder: str, name: str, desc: dict, *, columns=None, filters=None) -> pd.DataFrame:
        """The table written by :meth:`write_table`: all of it, or some ``columns`` and the rows
        that pass ``filters`` (pyarrow's filter syntax, on the stored values: codes for a
        categorical column)."""
        cols = list(desc["order"]) if columns is None else [c for c in desc["order"] if c in set(columns)]
        raw = self.read_parquet(folder, f"{name}.parquet", columns=cols, filters=filters)

        def categories(col: str) -> pd.Series:
            return self.read_parquet(folder, "categories", f"{name}.{col}.parquet")["value"]

        return decode_table(raw, desc, categories, columns=cols, check_rows=filters is None)


def encode_table(name: str, df: pd.DataFrame) -> tuple[pd.DataFrame, dict, dict]:
    """``df`` with categoricals replaced by their codes, its description, and the categories.

    Returns
    -------
    (DataFrame, dict, dict)
        The frame to store, ``{"n_rows", "order", "columns"}`` describing every column's
        dtype, and ``{column: categories}`` of the categorical columns.
    """
    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        raise ValueError(f"{name}: expected a fresh RangeIndex")
    cols: dict[str, dict] = {}
    data, cats = {}, {}
    for col in df.columns:
        s = df[col]
        if not isinstance(col, str):
            raise ValueError(f"{name}: column names must be strings, got {col!r}")
        if isinstance(s.dtype, pd.CategoricalDtype):
            codes = s.cat.codes.to_numpy()
            cats[col] = s.cat.categories
            cols[col] = {"kind": "category", "ordered": bool(s.cat.ordered), "codes": str(codes.dtype),
                         "categories_dtype": str(s.cat.categories.dtype)}
            data[col] = codes
        else:
            cols[col] = {"kind": "plain", "dtype": str(s.dtype)}
            if s.dtype == object:  # remember which missing-value sentinel the column holds
                miss = s[s.isna()]
                cols[col]["na"] = _NA_NAMES.get(type(miss.iloc[0]).__name__, "None") if len(miss) else None
            data[col] = s
    return pd.DataFrame(data, index=df.index), {"n_rows": len(df), "order": list(df.columns), "columns": cols}, cats


def _astype(s: pd.Series, dtype: str, na: str | None = None) -> pd.Series:
    if dtype == "object":
        out = s if s.dtype == object else s.astype(object)
        if na is not None:
            miss = out.isna().to_numpy()
            if miss.any():
                out = out.copy()
                out[miss] = _NA_VALUES[na]
        return out
    if str(s.dtype) == dtype:
        return s
    return s.astype(dtype)


def decode_table(raw: pd.DataFrame, desc: dict, categories, *, columns=None, check_rows: bool = True) -> pd.DataFrame:
    """The stored frame ``raw`` back in its described dtypes; ``categories(column)`` reads the
    categories of a categorical column."""
    cols = list(desc["order"]) if columns is None else list(columns)
    if list(raw.columns) != cols or (check_rows and len(raw) != desc["n_rows"]):
        raise ValueError("a stored table does not match its description")
    out = {}
    for col in cols:
        d = desc["columns"][col]
        if d["kind"] == "category":
            cats = pd.Index(_astype(categories(col), d["categories_dtype"]).array)
            codes = raw[col].to_numpy().astype(d["codes"], copy=False)
            out[col] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(cats, ordered=d["ordered"]))
        else:
            out[col] = _astype(raw[col], d["dtype"], d.get("na"))
    return pd.DataFrame(out, index=pd.RangeIndex(len(raw)))
