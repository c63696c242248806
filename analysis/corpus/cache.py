"""An on-disk cache of tokenized corpora: Parquet tables keyed by :func:`corpus_hash`.

Part of the pipeline (:mod:`analysis.corpus.pipeline`): ``read_inputs`` asks it for the
tables of the current inputs (:func:`cache_dir`, :func:`read_cached`) and hands a hit
straight back to the caller; on a miss ``finish_load`` hands it the assembled corpus to
store (:func:`write_cached`). It knows nothing else of the pipeline: a corpus is five
tables and a ``meta`` dict to it. (Also importable as :mod:`analysis.cache`, its old name.)

Loading a large corpus is dominated by cleaning, sentence splitting, voice detection and
tokenizing. The result depends only on the inputs that :func:`analysis.corpus.corpus_hash`
covers (the manifest, every listed file's bytes, ``cleaning.yaml``, ``voices.csv``, the
tokenizer version and ``min_quote_tokens``), so the tables can be stored once and read
back on the next run.

Layout::

    <cache dir>/<corpus_hash>/meta.json          format, hash, dtypes, Corpus.meta, warnings
                              documents.parquet  one file per table, categorical columns
                              sentences.parquet  stored as integer codes …
                              tokens.parquet
                              residue.parquet
                              quotes.parquet
                              categories/<table>.<column>.parquet   … and their categories

* **Stale entries are never used.** The directory name *is* the hash of the current
  inputs: change one byte of a text, a rule or an override and the key changes, so the
  lookup misses and the corpus is loaded afresh (and cached under the new key; older
  entries for the same folder are removed). ``meta.json`` repeats the hash and a format
  version; an entry whose meta disagrees or whose files cannot be read is ignored (with a
  warning) and rewritten.
* **Writes are atomic**: tables are written into a temporary directory next to the
  entry, which is renamed into place only when complete; readers never see half an entry.
* **Exact round trip**: categorical columns are stored as codes plus their category list,
  so category order (the corpus-wide vocabularies, manifest order of documents) and row
  order come back identical; every column's dtype is recorded and restored.
* **Nothing is unpickled**: tables are Parquet (pyarrow), metadata is JSON.

Where: ``load_corpus(folder, cache=True)`` uses ``$ANALYSIS_CACHE_DIR`` if set, else
``<folder>/.analysis-cache``; ``cache=<path>`` uses that directory; ``cache=False``
never caches; ``cache=None`` (default) caches only large corpora (see
:data:`LARGE_DOCS`, :data:`LARGE_BYTES`).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "CACHE_FORMAT",
    "LARGE_DOCS",
    "LARGE_BYTES",
    "TABLES",
    "cache_dir",
    "is_large",
    "read_cached",
    "write_cached",
    "clear_cache",
]

#: Bump when the on-disk layout changes; entries of another format are ignored.
CACHE_FORMAT = 1
#: A corpus is "large" (automatic cache and progress bars) above this many documents …
LARGE_DOCS = 200
#: … or this many bytes of text.
LARGE_BYTES = 50 * 2**20
#: The Corpus tables stored, in order.
TABLES = ("documents", "sentences", "tokens", "residue", "quotes")
ENV = "ANALYSIS_CACHE_DIR"
DEFAULT_NAME = ".analysis-cache"


def corpus_size(folder: Path, manifest: pd.DataFrame) -> tuple[int, int]:
    """(number of documents, total bytes of the listed files)."""
    folder = Path(folder)
    return len(manifest), int(sum((folder / f).stat().st_size for f in manifest.file))


def is_large(folder: Path, manifest: pd.DataFrame) -> bool:
    """More than :data:`LARGE_DOCS` documents or :data:`LARGE_BYTES` bytes of text."""
    n_docs, n_bytes = corpus_size(folder, manifest)
    return n_docs > LARGE_DOCS or n_bytes > LARGE_BYTES


def cache_dir(folder: str | Path, cache: bool | str | Path | None, manifest: pd.DataFrame | None = None) -> Path | None:
    """The cache directory ``load_corpus(folder, cache=cache)`` uses, or ``None`` (no cache).

    ``True``: ``$ANALYSIS_CACHE_DIR`` if set, else ``<folder>/.analysis-cache``; a path:
    that directory; ``False``: none; ``None``: as ``True`` for a large corpus
    (:func:`is_large`, which needs ``manifest``), else none.
    """
    folder = Path(folder)
    if cache is None:
        if manifest is None or not is_large(folder, manifest):
            return None
        cache = True
    if cache is False:
        return None
    if cache is True:
        env = os.environ.get(ENV)
        return Path(env) if env else folder / DEFAULT_NAME
    if isinstance(cache, (str, os.PathLike)):
        return Path(cache)
    raise TypeError(f"cache={cache!r} is not valid; use None, True, False or a directory path")


# --------------------------------------------------------------------------- encoding


def _encode(name: str, df: pd.DataFrame, cats_dir: Path) -> tuple[pd.DataFrame, dict]:
    """Replace categorical columns by their codes; write the categories; describe dtypes."""
    if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
        raise ValueError(f"{name}: expected a fresh RangeIndex")
    cols: dict[str, dict] = {}
    data = {}
    for col in df.columns:
        s = df[col]
        if not isinstance(col, str):
            raise ValueError(f"{name}: column names must be strings, got {col!r}")
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            codes = s.cat.codes.to_numpy()
            fname = f"{name}.{col}.parquet"
            pd.DataFrame({"value": cats}).to_parquet(cats_dir / fname, index=False)
            cols[col] = {"kind": "category", "ordered": bool(s.cat.ordered), "codes": str(codes.dtype),
                         "categories": fname, "categories_dtype": str(cats.dtype)}
            data[col] = codes
        else:
            cols[col] = {"kind": "plain", "dtype": str(s.dtype)}
            if s.dtype == object:  # remember which missing-value sentinel the column holds
                miss = s[s.isna()]
                cols[col]["na"] = _NA_NAMES.get(type(miss.iloc[0]).__name__, "None") if len(miss) else None
            data[col] = s
    return pd.DataFrame(data, index=df.index), {"n_rows": len(df), "order": list(df.columns), "columns": cols}


_NA_NAMES = {"NAType": "NA", "float": "nan", "NoneType": "None", "NaTType": "NaT"}
_NA_VALUES = {"NA": pd.NA, "nan": np.nan, "None": None, "NaT": pd.NaT}


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


def _decode(name: str, df: pd.DataFrame, desc: dict, cats_dir: Path) -> pd.DataFrame:
    if len(df) != desc["n_rows"] or list(df.columns) != desc["order"]:
        raise ValueError(f"{name}: table does not match its description")
    out = {}
    for col in desc["order"]:
        d = desc["columns"][col]
        if d["kind"] == "category":
            cats = pd.read_parquet(cats_dir / d["categories"])["value"]
            cats = pd.Index(_astype(cats, d["categories_dtype"]).array)
            codes = df[col].to_numpy()
            out[col] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(cats, ordered=d["ordered"]))
        else:
            out[col] = _astype(df[col], d["dtype"], d.get("na"))
    return pd.DataFrame(out, index=pd.RangeIndex(desc["n_rows"]))


# --------------------------------------------------------------------------- read / write


def read_cached(directory: Path, key: str) -> dict | None:
    """The cached tables and meta for ``key``, or ``None`` (miss, or an unusable entry).

    Returns
    -------
    dict or None
        ``{"tables": {name: DataFrame}, "meta": dict (Corpus.meta), "warnings": [str]}``.
    """
    entry = Path(directory) / key
    mpath = entry / "meta.json"
    if not mpath.is_file():
        return None
    try:
        meta = json.loads(mpath.read_text(encoding="utf-8"))
        if meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
            raise ValueError("format or key mismatch")
        tables = {}
        for name in TABLES:
            df = pd.read_parquet(entry / f"{name}.parquet")
            tables[name] = _decode(name, df, meta["tables"][name], entry / "categories")
    except Exception as exc:  # a damaged or foreign entry is a miss, never an error
        warnings.warn(f"ignoring unusable corpus cache entry {entry}: {exc}", stacklevel=3)
        return None
    return {"tables": tables, "meta": meta["corpus_meta"], "warnings": meta.get("warnings", [])}


def write_cached(directory: Path, key: str, corpus, *, folder: Path, warnings_: list[str] = ()) -> Path | None:
    """Store ``corpus``'s tables under ``directory/key`` atomically; return the entry.

    Other entries made for the same corpus folder (stale keys) are removed. A failure to
    write (read-only folder, full disk) warns and returns ``None``: the cache is an
    optimisation, never a reason for ``load_corpus`` to fail.
    """
    directory = Path(directory)
    entry = directory / key
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=directory))
        (tmp / "categories").mkdir()
        descs = {}
        for name in TABLES:
            enc, descs[name] = _encode(name, getattr(corpus, name), tmp / "categories")
            enc.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        meta = {
            "format": CACHE_FORMAT,
            "key": key,
            "folder": str(Path(folder).resolve()),
            "corpus_meta": _jsonable(corpus.meta),
            "warnings": list(warnings_),
            "tables": descs,
            "versions": {"pandas": pd.__version__, "pyarrow": _pyarrow_version()},
        }
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if entry.exists():  # a concurrent writer won, or a damaged entry: replace it
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
        tmp = None
    except OSError as exc:
        warnings.warn(f"could not write the corpus cache in {directory}: {exc}", stacklevel=3)
        return None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(directory, keep=key, folder=str(Path(folder).resolve()))
    return entry


def clear_cache(directory: str | Path) -> int:
    """Remove every cache entry in ``directory``; return how many were removed."""
    directory = Path(directory)
    n = 0
    if directory.is_dir():
        for p in directory.iterdir():
            if p.is_dir() and ((p / "meta.json").is_file() or p.name.startswith(".tmp-")):
                shutil.rmtree(p, ignore_errors=True)
                n += 1
    return n


def _prune(directory: Path, *, keep: str, folder: str) -> None:
    """Drop the entries of older versions of the same folder (best effort)."""
    for p in directory.iterdir():
        if p.name == keep or not p.is_dir() or p.name.startswith(".tmp-"):
            continue
        try:
            meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if meta.get("folder") == folder:
            shutil.rmtree(p, ignore_errors=True)


def _jsonable(meta: dict) -> dict:
    out = {}
    for k, v in meta.items():
        if isinstance(v, np.generic):
            v = v.item()
        json.dumps(v)  # raises on anything JSON cannot hold
        out[k] = v
    return out


def _pyarrow_version() -> str:
    import pyarrow

    return pyarrow.__version__
