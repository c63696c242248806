"""The pipeline: the one path from a corpus folder to its tables.

``read_inputs → load_document per manifest row, assemble_run per run of documents →
finish_load``; every loading path takes it: :func:`load_corpus` here (its runs loaded in
one process per CPU for a large corpus: :mod:`analysis.corpus.workers`), the on-disk cache
(:mod:`analysis.corpus.cache`: a hit is served by :func:`read_inputs`, a miss written by
:func:`finish_load`) and the Dask path (:func:`analysis.scale.load_corpus_dask`, a run per
partition on the workers).

Owns:

* :func:`read_inputs` — what every path reads first: the manifest, cleaning rules and voice
  overrides (validated), the cache folder and key, and the cached corpus on a hit;
* :func:`finish_load` — assembly of the per-document parts (:func:`analysis.corpus.tables.assemble`),
  the corpus-wide checks, warnings, the cache write and the provenance record;
* :func:`corpus_hash` — the hash of the inputs the tables depend on (the cache key);
* the memory tricks of a large load: the cyclic garbage collector paused while loading
  (:func:`collector_paused`), arrays on ordinary memory pages (:func:`analysis._core.memory.small_pages`) and
  freed heap handed back to the OS (:data:`TRIM_TOKENS`).

Hands the caller a :class:`analysis.corpus.tables.Corpus` with ``meta`` filled in.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import hashlib
import os
import sys
import warnings
from pathlib import Path
from typing import NamedTuple

import pandas as pd

from .. import paths
from .._core.memory import small_pages
from ..progress import show_progress
from .cleaning import Rule, check_rule_counts, load_rules
from .errors import CorpusError
from .manifest import read_manifest
from .tables import Corpus, Run, assemble
from .voices import load_overrides
from .workers import CAN_FORK, available_cpus, close_later, load_runs, release

#: The inputs besides the texts, hashed as read (``manifest.csv`` must exist; the others may not).
INPUT_FILES = ("manifest.csv", "cleaning.yaml", "voices.csv")

__all__ = ["load_corpus", "read_inputs", "finish_load", "corpus_hash", "default_workers", "collector_paused", "TRIM_TOKENS", "Inputs"]


def load_corpus(
    folder: str | Path | None = None,
    *,
    min_quote_tokens: int = 4,
    cache: bool | str | Path | None = None,
    progress: bool | None = None,
    workers: int | None = None,
) -> Corpus:
    """Load a corpus folder (default: the repository's ``seeds/``).

    Parameters
    ----------
    folder : path, optional
        A folder with ``manifest.csv`` and the text files it lists; optionally
        ``cleaning.yaml`` (residue rules) and ``voices.csv`` (voice overrides).
    min_quote_tokens : int, default 4
        Quotations shorter than this many tokens stay author voice (scare quotes,
        mentions of terms); longer ones are quoted voice.
    cache : None, bool or path, default None
        Store the tables on disk (Parquet, keyed by :func:`corpus_hash`) and read them
        back on the next run instead of tokenizing again (see :mod:`analysis.corpus.cache`).
        ``True``: in ``$ANALYSIS_CACHE_DIR`` or ``<folder>/.analysis-cache``; a path:
        in that directory; ``False``: never; ``None``: only for a large corpus (more
        than 200 documents or 50 MB). A changed input is never served from the cache.
    progress : bool, optional
        Show a progress bar over documents (tqdm, on stderr). ``None``: only for a
        large corpus, never under pytest.
    workers : int, optional
        Processes to load in (on Linux; runs of consecutive documents, one per process:
        :mod:`analysis.corpus.workers`). ``None``: ``$ANALYSIS_WORKERS`` if set, else every
        CPU for a large corpus, one otherwise. The tables are the same for any number.

    Returns
    -------
    Corpus
        ``documents``, ``sentences``, ``tokens``, ``residue``, ``quotes`` (see
        :mod:`analysis.corpus`). Token ``start``/``end`` slice the raw text exactly.

    Raises
    ------
    CorpusError
        For any bad input, naming the file, line and field (see :func:`read_manifest`),
        a file that is not UTF-8 (with the byte offset), an empty document, a bad rule.
    """
    folder = Path(folder) if folder is not None else paths.corpus_dir()
    with small_pages():
        return _load_corpus(folder, min_quote_tokens, cache, progress, workers)


def _load_corpus(folder: Path, min_quote_tokens: int, cache, progress, workers) -> Corpus:
    manifest, rules, overrides, store, sha, cached = read_inputs(folder, cache, min_quote_tokens)
    if cached is not None:
        return cached
    from . import cache as _cache

    large = _cache.is_large(folder, manifest)
    workers = default_workers(large) if workers is None else max(1, int(workers))
    columns = list(manifest.columns)  # a dict per row (column-wise: five times faster than itertuples)
    rows = [dict(zip(columns, values)) for values in zip(*(manifest[c].tolist() for c in columns))]
    bar = None
    if show_progress(large, progress):  # imported only when shown: the seeds load without tqdm
        from tqdm.auto import tqdm

        bar = tqdm(total=len(rows), desc="loading", unit="doc")
    try:
        with collector_paused():
            runs, problems = load_runs(folder, rows, rules, overrides, min_quote_tokens, workers=workers,
                                       advance=bar.update if bar is not None else None,
                                       sizes=manifest.attrs.get("file_sizes"))
            return finish_load(folder, manifest, rules, runs, problems, min_quote_tokens, store=store, sha=sha)
    finally:
        if bar is not None:
            bar.close()


def default_workers(large: bool) -> int:
    """The processes :func:`load_corpus` loads in when ``workers`` is not given:
    ``$ANALYSIS_WORKERS`` if set, else every CPU for a large corpus (where forking is
    possible: :data:`analysis.corpus.workers.CAN_FORK`), else one."""
    env = os.environ.get("ANALYSIS_WORKERS", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise ValueError(f"ANALYSIS_WORKERS={env!r}: expected a whole number of processes") from None
    return available_cpus() if large and CAN_FORK else 1


# --------------------------------------------------------------------------- the steps


class Inputs(NamedTuple):
    """What :func:`read_inputs` returns (a tuple: unpack it in this order)."""

    manifest: pd.DataFrame
    """The validated manifest (:func:`analysis.corpus.manifest.read_manifest`)."""
    rules: list[Rule]
    """The cleaning rules (:func:`analysis.corpus.cleaning.load_rules`)."""
    overrides: pd.DataFrame
    """The voice overrides (:func:`analysis.corpus.voices.load_overrides`)."""
    store: Path | None
    """The cache directory, or ``None`` (no cache)."""
    sha: str | None
    """The corpus hash when there is a cache (its key), else ``None`` (computed after loading)."""
    cached: Corpus | None
    """The corpus read from the cache on a hit, else ``None``."""


def read_inputs(folder: Path, cache: bool | str | Path | None, min_quote_tokens: int) -> Inputs:
    """What every loading path reads first: the manifest, rules and overrides (validated),
    the cache folder and key, and the cached corpus when the cache holds these exact inputs.

    Parameters
    ----------
    folder : Path
    cache, min_quote_tokens
        As for :func:`load_corpus`.

    Returns
    -------
    Inputs
        ``(manifest, rules, overrides, store, sha, cached)``; on a cache hit ``cached`` is
        the corpus (its warnings repeated to the caller's caller, provenance recorded).

    Raises
    ------
    CorpusError
        A bad manifest, ``cleaning.yaml`` or ``voices.csv``.
    """
    from . import cache as _cache

    data = {name: (folder / name).read_bytes() if (folder / name).is_file() else None for name in INPUT_FILES}
    manifest = read_manifest(folder, data=data["manifest.csv"])
    # the digests of the bytes parsed, for the corpus hash (a file edited later is not what was read)
    manifest.attrs["input_digests"] = {n: hashlib.sha256(b).hexdigest() if b is not None else None
                                       for n, b in data.items()}
    rules = load_rules(folder, set(manifest.doc_id), data=data["cleaning.yaml"])
    overrides = load_overrides(folder, set(manifest.doc_id), data=data["voices.csv"])
    store = _cache.cache_dir(folder, cache, manifest)
    sha = None
    if store is not None:
        sha = corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens)
        hit = _cache.read_cached(store, sha)
        if hit is not None:
            for msg in hit["warnings"]:  # what the first load warned about, said again
                warnings.warn(msg, stacklevel=3)
            t = hit["tables"]
            corpus = Corpus(t["documents"], t["sentences"], t["tokens"], t["residue"], t["quotes"], Path(folder),
                            dict(hit["meta"]))
            return Inputs(manifest, rules, overrides, store, sha, _recorded(folder, corpus))
    return Inputs(manifest, rules, overrides, store, sha, None)


def finish_load(folder: Path, manifest: pd.DataFrame, rules: list[Rule], runs: list[Run], problems: list[str],
                min_quote_tokens: int, *, store: Path | None, sha: str | None) -> Corpus:
    """The last step of every loading path: the runs of loaded documents become the Corpus.

    Checks the results (every document's problems at once, the rules' ``expect`` counts),
    assembles the tables (:func:`analysis.corpus.tables.assemble`), empties ``runs``
    (they are freed here, and after a large load the freed heap is handed back to the OS), re-issues the warnings to the caller's caller, fills the cache
    entry (with those warnings, to repeat them on a cache hit) and records provenance.

    Parameters
    ----------
    folder : Path
    manifest, rules, store, sha
        As :func:`read_inputs` returned them.
    runs : list of Run
        :func:`analysis.corpus.tables.assemble_run` of consecutive documents that loaded,
        in manifest order; emptied.
    problems : list of str
        The messages of the documents that did not load (:attr:`CorpusError.problems`).
    min_quote_tokens : int

    Returns
    -------
    Corpus
        With ``meta`` (``sha256``, ``min_quote_tokens``).

    Raises
    ------
    CorpusError
        Listing every problem, or for a rule whose ``expect`` count is not met.
    """
    from . import cache as _cache

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = _finish(folder, manifest, rules, runs, problems, min_quote_tokens)
    mappings = release(runs)  # consumed: the runs are freed here, not when the caller returns
    if len(corpus.tokens) >= TRIM_TOKENS:
        _return_freed_memory()
    close_later(mappings)  # after the trim: both would wait for the process's memory map lock
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=3)
    if store is not None:
        _cache.write_cached(store, corpus.meta["sha256"], corpus, folder=folder,
                            warnings_=[str(w.message) for w in caught])
    return _recorded(folder, corpus)


def _finish(folder, manifest, rules, runs, problems, min_quote_tokens) -> Corpus:
    """Check the runs (in manifest order) and assemble the Corpus."""
    if problems:
        raise CorpusError(problems)
    check_rule_counts(folder, rules, [x for r in runs for x in r.residue])
    corpus = assemble(folder, runs)
    # the hash of the bytes actually read (never the lookup key ``sha``, hashed before the texts
    # were read: a text edited in between would be stored under its old bytes)
    sha = corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens,
                      file_digests=[d["sha256"] for r in runs for d in r.records])
    corpus.meta.update(sha256=sha, min_quote_tokens=min_quote_tokens)
    return corpus


def _recorded(folder, corpus: Corpus) -> Corpus:
    """Record the corpus loaded in the run's provenance (:mod:`analysis.provenance`)."""
    from ..provenance import record

    record("corpus", Path(folder).resolve().name, corpus.meta["sha256"])  # a name, not a path: same bytes in any checkout
    return corpus


def corpus_hash(folder: str | Path, manifest: pd.DataFrame | None = None, *, min_quote_tokens: int = 4,
                file_digests: list[str] | None = None) -> str:
    """sha256 identifying a corpus and the settings its tables depend on.

    Hashes the manifest, every listed file's bytes, ``cleaning.yaml`` and ``voices.csv``
    (if present), the tokenizer version and ``min_quote_tokens``. The same folder and
    settings always give the same hash; any change to a text, a rule or an override
    changes it. For a manifest read by a load (:func:`read_inputs`), the digests of the
    bytes that load parsed are used, not the files as they are now. (The cache key adds the
    version of the loading code: :func:`analysis.corpus.cache.code_version`.)

    Parameters
    ----------
    folder : path
    manifest : DataFrame, optional
        :func:`analysis.corpus.manifest.read_manifest` of the folder (read if not given).
    min_quote_tokens : int, default 4
    file_digests : list of str, optional
        The sha256 hex digests of the listed files, in manifest order, when the caller has
        them already (as loading has; the files are not read again).

    Returns
    -------
    str
        64 hex digits: the cache key.
    """
    from ..tokens import TOKENIZER_VERSION

    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    h = hashlib.sha256()
    h.update(f"tokenizer={TOKENIZER_VERSION};min_quote_tokens={min_quote_tokens}\n".encode())
    read = manifest.attrs.get("input_digests") or {}
    for name in INPUT_FILES:
        p = folder / name
        digest = read[name] if name in read else hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else None
        h.update(name.encode() + b"\0" + (digest.encode() if digest else b"-") + b"\n")
    if file_digests is None:
        file_digests = [hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in manifest.file]
    for f, digest in zip(manifest.file, file_digests, strict=True):
        h.update(f.encode() + b"\0" + digest.encode() + b"\n")
    return h.hexdigest()


# --------------------------------------------------------------------------- memory


@contextlib.contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector (a context manager).

    Loading creates millions of objects that all stay alive (tokens, columns) and no
    reference cycles worth collecting; the collector's passes over them would free nothing
    (they cost ~5 % of a large load). Reference counting frees everything else as usual;
    the collector runs again after (if it was enabled before).

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: After loading at least this many tokens, freed heap memory is handed back to the OS.
TRIM_TOKENS = 100_000


def _return_freed_memory() -> None:
    """Hand the heap memory freed by the per-document parts back to the OS.

    glibc keeps freed heap memory for reuse, but the large arrays made later (the token
    index, concordance buffers) are mapped afresh and never reuse it: after loading the
    9.3M-token UNGDC corpus the process kept ~450 MB (~50 B/token) of freed memory.
    ``malloc_trim(0)`` releases it (tens of ms); elsewhere than glibc this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to do
        pass
