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

    <cache dir>/CACHEDIR.TAG                     marks the folder as a cache (backup tools skip it)
    <cache dir>/<corpus_hash>/.analysis-cache-entry   marks the entry as this package's
                              meta.json          format, hash, code version, checksums, dtypes, Corpus.meta, warnings
                              documents.parquet  one file per table, categorical columns
                              sentences.parquet  stored as integer codes …
                              tokens.parquet
                              residue.parquet
                              quotes.parquet
                              categories/<table>.<column>.parquet   … and their categories

* **Stale entries are never used.** The directory name *is* the hash of the inputs: change
  one byte of a text, a rule or an override and the key changes, so the lookup misses and
  the corpus is loaded afresh (and cached under the new key; older entries for the same
  folder are removed). The key is the hash of the bytes the load actually read (a text
  edited while it loads is stored under its new bytes, never under the old ones).
  ``meta.json`` repeats the hash and records the format and the version of the loading
  code (:func:`code_version`: a hash of the loader's sources); an entry of other code is a
  miss, loaded afresh and rewritten.
* **Verified on read.** ``meta.json`` holds the sha256 of every file of the entry and a
  checksum of itself; each is checked before anything is decoded. An entry that fails a
  check, or whose files cannot be read, is ignored with a warning, loaded afresh and
  rewritten: a damaged entry is never served.
* **Only its own files are deleted.** Every entry (and temporary directory) holds a marker
  file (:data:`MARKER`) and the cache directory a ``CACHEDIR.TAG``; :func:`clear_cache` and
  the pruning of stale entries remove only marked entries, never a user's folder that
  happens to hold a ``meta.json``.
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

import functools
import hashlib
import io
import json
import os
import shutil
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._core.memory import arrow_pool

__all__ = [
    "CACHE_FORMAT",
    "LARGE_DOCS",
    "derived_dir",
    "LARGE_BYTES",
    "TABLES",
    "cache_dir",
    "is_large",
    "read_cached",
    "write_cached",
    "clear_cache",
    "code_version",
    "code_files",
    "MARKER",
]

#: Bump when the on-disk layout changes; entries of another format are ignored.
CACHE_FORMAT = 2
#: The marker file in every entry this package writes (and only those are ever deleted).
MARKER = ".analysis-cache-entry"
_MARKER_TEXT = "a corpus cache entry written by analysis.corpus.cache; clear_cache() may delete this folder\n"
#: The Cache Directory Tagging Specification's tag (https://bford.info/cachedir/).
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This folder is a corpus cache made by the analysis package (analysis.corpus.cache).\n")
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
    sizes = manifest.attrs.get("file_sizes")  # stat-ed when the manifest was read
    if sizes is None or len(sizes) != len(manifest):
        sizes = [(Path(folder) / f).stat().st_size for f in manifest.file]
    return len(manifest), int(sum(sizes))


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


def derived_dir(corpus, cache: bool | str | Path | None, kind: str) -> Path | None:
    """Where tables derived from ``corpus`` are kept across runs (``kind``: ``"syntax"`` for
    parses, ``"sentiment"`` for VADER scores): ``<cache dir>/<kind>/<corpus sha256>``, or
    ``None`` — ``cache=False``, a corpus without a hash, or ``cache=None`` for a corpus of at
    most :data:`LARGE_DOCS` documents (the seeds are never cached by default)."""
    sha = corpus.meta.get("sha256")
    if cache is None:
        if len(corpus.documents) <= LARGE_DOCS:
            return None
        cache = True
    base = cache_dir(Path(corpus.folder), cache)
    if base is None or not sha:
        return None
    return base / kind / sha


def code_files() -> list[Path]:
    """The source files whose code decides what a loaded corpus holds: the corpus package,
    the tokenizer and the helpers they use (sorted)."""
    root = Path(__file__).resolve().parent.parent
    names = ["tokens.py", "_core/tables.py", "safe_regex.py", "safe_yaml.py"]
    return sorted(list(root.joinpath("corpus").glob("*.py")) + [root / n for n in names if (root / n).is_file()])


@functools.cache
def code_version() -> str:
    """A version of the loading code: sha256 of the :func:`code_files`' bytes (and the pandas
    and pyarrow versions the tables are stored with), computed once per process. A cache
    entry written by other code is a miss."""
    h = hashlib.sha256(f"pandas={pd.__version__};pyarrow={_pyarrow_version()}\n".encode())
    root = Path(__file__).resolve().parent.parent
    for p in code_files():
        h.update(p.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(p.read_bytes()).hexdigest().encode())
    return h.hexdigest()


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


def _decode(name: str, df: pd.DataFrame, desc: dict, categories) -> pd.DataFrame:
    """The table from its stored form; ``categories(file_name)`` reads a category list."""
    if len(df) != desc["n_rows"] or list(df.columns) != desc["order"]:
        raise ValueError(f"{name}: table does not match its description")
    out = {}
    for col in desc["order"]:
        d = desc["columns"][col]
        if d["kind"] == "category":
            cats = categories(d["categories"])["value"]
            cats = pd.Index(_astype(cats, d["categories_dtype"]).array)
            codes = df[col].to_numpy()
            out[col] = pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(cats, ordered=d["ordered"]))
        else:
            out[col] = _astype(df[col], d["dtype"], d.get("na"))
    return pd.DataFrame(out, index=pd.RangeIndex(desc["n_rows"]))


# --------------------------------------------------------------------------- read / write


def read_cached(directory: Path, key: str) -> dict | None:
    """The cached tables and meta for ``key``, or ``None`` (a miss).

    A miss: no entry; an entry of another version of the loading code (:func:`code_version`),
    silently; an entry that fails a checksum, has another format or key, or cannot be read,
    with a warning (it is never served, and the next write replaces it).

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
        meta = _read_meta(mpath)
        if meta.get("format") != CACHE_FORMAT or meta.get("key") != key:
            raise ValueError("format or key mismatch")
        if meta.get("code") != code_version():
            return None  # written by other loading code: stale, not damaged
        files = _verified_files(entry, meta["checksums"])
        tables = {}
        with arrow_pool():
            for name in TABLES:
                df = pd.read_parquet(io.BytesIO(files[f"{name}.parquet"]))
                tables[name] = _decode(name, df, meta["tables"][name],
                                       lambda f: pd.read_parquet(io.BytesIO(files[f"categories/{f}"])))
    except Exception as exc:  # a damaged or foreign entry is a miss, never an error, never served
        warnings.warn(f"ignoring unusable corpus cache entry {entry}: {exc}; loading afresh", stacklevel=3)
        return None
    return {"tables": tables, "meta": meta["corpus_meta"], "warnings": meta.get("warnings", [])}


def _meta_checksum(meta: dict) -> str:
    return hashlib.sha256(json.dumps(meta, sort_keys=True, ensure_ascii=True).encode()).hexdigest()


def _read_meta(mpath: Path) -> dict:
    """``meta.json``, its own checksum verified."""
    meta = json.loads(mpath.read_text(encoding="utf-8"))
    if not isinstance(meta, dict) or meta.pop("checksum", None) != _meta_checksum(meta):
        raise ValueError("meta.json fails its checksum")
    return meta


def _verified_files(entry: Path, checksums: dict) -> dict[str, bytes]:
    """Every file of the entry listed in ``checksums`` (relative name → sha256), read and verified."""
    files = {}
    for rel, sha in checksums.items():
        path = entry / rel
        if path.resolve().parent not in (entry.resolve(), (entry / "categories").resolve()):
            raise ValueError(f"{rel}: not a file of the entry")
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            raise ValueError(f"{rel} fails its checksum (the file was changed or damaged)")
        files[rel] = data
    return files


def write_cached(directory: Path, key: str, corpus, *, folder: Path, warnings_: list[str] = ()) -> Path | None:
    """Store ``corpus``'s tables under ``directory/key`` atomically; return the entry.

    The entry holds the marker file :data:`MARKER`, and ``meta.json`` the sha256 of every
    file, the version of the loading code and its own checksum; the directory gets a
    ``CACHEDIR.TAG``. Other entries made for the same corpus folder (stale keys) are removed.
    A failure to write (read-only folder, full disk) warns and returns ``None``: the cache is
    an optimisation, never a reason for ``load_corpus`` to fail; so does a folder of that
    name that this package did not write (it is left alone).
    """
    directory = Path(directory)
    entry = directory / key
    tmp = None
    try:
        directory.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{key[:12]}-", dir=directory))
        (tmp / MARKER).write_text(_MARKER_TEXT, encoding="utf-8")
        (tmp / "categories").mkdir()
        descs = {}
        with arrow_pool():  # as the cache is read: 3.4 s instead of 5.1 s for UNGDC in a fresh process
            for name in TABLES:
                enc, descs[name] = _encode(name, getattr(corpus, name), tmp / "categories")
                enc.to_parquet(tmp / f"{name}.parquet", index=False, compression="zstd")
        checksums = {p.relative_to(tmp).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                     for p in sorted(tmp.rglob("*")) if p.is_file() and p.name != MARKER}
        meta = {
            "format": CACHE_FORMAT,
            "key": key,
            "code": code_version(),
            "folder": str(Path(folder).resolve()),
            "corpus_meta": _jsonable(corpus.meta),
            "warnings": list(warnings_),
            "tables": descs,
            "checksums": checksums,
            "versions": {"pandas": pd.__version__, "pyarrow": _pyarrow_version()},
        }
        meta["checksum"] = _meta_checksum(meta)
        (tmp / "meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        if entry.exists():  # a concurrent writer won, a damaged or stale entry: replace it, if it is ours
            if not _ours(entry):
                warnings.warn(f"not writing the corpus cache: {entry} exists and is not a cache entry", stacklevel=3)
                return None
            shutil.rmtree(entry, ignore_errors=True)
        os.replace(tmp, entry)
        tmp = None
        if not (directory / "CACHEDIR.TAG").exists():
            (directory / "CACHEDIR.TAG").write_text(_CACHEDIR_TAG, encoding="utf-8")
    except OSError as exc:
        warnings.warn(f"could not write the corpus cache in {directory}: {exc}", stacklevel=3)
        return None
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    _prune(directory, keep=key, folder=str(Path(folder).resolve()))
    return entry


def _ours(p: Path) -> bool:
    """Whether folder ``p`` is an entry (or temporary directory) this package wrote: it holds
    the marker file, or it is an entry of the first format (its meta.json names its key)."""
    if (p / MARKER).is_file():
        return True
    try:
        meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(meta, dict) and meta.get("format") == 1 and meta.get("key") == p.name


def clear_cache(directory: str | Path) -> int:
    """Remove every cache entry in ``directory`` that this package wrote (those holding its
    marker file, :data:`MARKER`), and nothing else; return how many were removed."""
    directory = Path(directory)
    n = 0
    if directory.is_dir():
        for p in directory.iterdir():
            if p.is_dir() and not p.is_symlink() and _ours(p):
                shutil.rmtree(p, ignore_errors=True)
                n += 1
    return n


def _prune(directory: Path, *, keep: str, folder: str) -> None:
    """Drop the entries of older versions of the same folder (best effort; only our entries)."""
    for p in directory.iterdir():
        if p.name == keep or not p.is_dir() or p.is_symlink() or p.name.startswith(".tmp-") or not _ours(p):
            continue
        try:
            meta = json.loads((p / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and meta.get("folder") == folder:
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
