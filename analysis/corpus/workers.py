"""Loading on every core: the manifest's documents in contiguous runs, one process per run.

:func:`load_runs` divides the documents into as many runs of consecutive documents as
there are workers, near-equal in bytes of text (:func:`split`); this process loads the
first run, each other run is loaded by a forked copy of this process
(:func:`analysis.corpus.document.load_document` per document, then
:func:`analysis.corpus.tables.assemble_run`: the run's columns, its sorted vocabularies,
its texts as UTF-8). A child hands its run back through an unnamed temporary file
(in ``/dev/shm`` where there is one): pickled with its arrays as out-of-band buffers, its
per-document token arrays written one after another (``writev``) as one array per column,
read back here through a memory map, so each array is copied once, into the corpus's
columns, by :func:`analysis.corpus.tables.assemble`; the map is closed by a thread once
the tables are made (:func:`release`, :func:`close_later`). A child keeps the memory it
frees for its own reuse (it lives for one load). The tables do not depend on the number of
workers (tests compare them).

Nothing is lost: a child's bad documents come back as problems (the same messages as on one
core), its warnings are repeated here, an error it raised is raised here, and a child that
dies without answering (killed, out of memory) has its documents loaded again in this
process, with a warning. An interrupted load kills its children.

Forking is used where it is safe and cheap: Linux (``fork`` copies nothing until written).
Elsewhere, or with one worker, the documents load in this process, as one run.
"""

from __future__ import annotations

import ctypes
import io
import mmap
import os
import pickle
import signal
import struct
import sys
import tempfile
import threading
import traceback
import warnings
from dataclasses import replace
from pathlib import Path
from typing import Callable, NamedTuple

import numpy as np

from .document import load_document
from .errors import CorpusError
from .tables import Run, assemble_run, available_cpus

__all__ = ["load_runs", "load_run", "release", "close_later", "split", "available_cpus", "CAN_FORK"]

#: Whether documents can be loaded in forked processes here (Linux).
CAN_FORK = sys.platform.startswith("linux") and hasattr(os, "fork")
_ALIGN = 64  # out-of-band buffers start at multiples of this in the hand-over file
#: This process's extra share of the documents: a child also writes its run (0.13-0.15 of its 1.8 s
#: on UNGDC) but reuses the memory it frees (:func:`_reuse_freed_memory`), so both finish
#: together when this one loads a little more.
LEAD = 0.05
#: A child's hand-over file per byte of its texts, at most (UNGDC: about 7).
HANDOVER_PER_BYTE = 10
#: A child's exit status when it could not write its hand-over file.
NO_ROOM = 3


def split(sizes: list[int], k: int, lead: float = 0.0) -> list[tuple[int, int]]:
    """Contiguous ``(lo, hi)`` ranges of ``range(len(sizes))``, at most ``k`` of them, none
    empty, each near ``sum(sizes) / k`` in total size; with ``lead``, the first one's share
    is ``1 + lead`` of ``k + lead`` (this process's, which sends nothing).

    Examples
    --------
    >>> split([5, 5, 5, 5], 2)
    [(0, 2), (2, 4)]
    >>> split([90, 1, 1, 1, 1], 2)
    [(0, 1), (1, 5)]
    >>> split([3], 4)
    [(0, 1)]
    >>> split([1] * 10, 2, lead=0.5)
    [(0, 6), (6, 10)]
    """
    n = len(sizes)
    if not n:
        return []
    k = max(1, min(int(k), n))
    cum = np.cumsum(np.asarray(sizes, dtype=np.float64) + 1)  # +1: empty files still count
    cuts = np.searchsorted(cum, cum[-1] * (np.arange(1, k) + lead) / (k + lead), side="left") + 1
    edges = [0]
    for c in cuts.tolist():
        edges.append(min(max(c, edges[-1] + 1), n - (k - len(edges))))
    edges.append(n)
    return [(a, b) for a, b in zip(edges[:-1], edges[1:]) if b > a]


def load_run(folder: Path, rows: list[dict], rules, overrides, min_quote_tokens: int,
             advance: Callable[[int], None] | None = None) -> tuple[Run | None, list[str]]:
    """Load the documents ``rows`` (consecutive manifest rows) as one :class:`Run`.

    Returns ``(run, problems)``: the messages of the documents that did not load (then
    ``run`` is ``None``: the load fails with all of them, nothing is assembled).
    """
    results, problems = [], []
    for row in rows:
        try:
            results.append(load_document(folder, row, rules, overrides, min_quote_tokens))
        except CorpusError as exc:  # collect: one message lists every bad document
            problems += exc.problems
        if advance is not None:
            advance(1)
    if problems:
        return None, problems
    run = assemble_run(results)
    results.clear()  # the per-document parts are freed before the next step
    return run, problems


def load_runs(folder: Path, rows: list[dict], rules, overrides, min_quote_tokens: int, *, workers: int = 1,
              advance: Callable[[int], None] | None = None,
              sizes=None) -> tuple[list[Run], list[str]]:
    """Load the documents ``rows`` (the manifest's rows, in order) in ``workers`` processes.

    Parameters
    ----------
    folder : Path
    rows : list of dict
        The manifest's rows (:func:`analysis.corpus.manifest.read_manifest`, as dicts).
    rules, overrides, min_quote_tokens
        As :func:`analysis.corpus.pipeline.read_inputs` read them.
    workers : int, default 1
        Processes, this one included (``1``, or where :data:`CAN_FORK` is false: this
        process alone).
    advance : callable, optional
        Called with the number of documents done, as they are done (a progress bar).
    sizes : sequence of int, optional
        The files' sizes in bytes, to divide the documents by (default: stat-ed here).

    Returns
    -------
    (runs, problems)
        The :class:`analysis.corpus.tables.Run` s in manifest order, and the messages of the
        documents that did not load.
    """
    if sizes is None or len(sizes) != len(rows):
        sizes = []
        for row in rows:
            try:
                sizes.append((folder / row["file"]).stat().st_size)
            except OSError:  # loading it says what is wrong
                sizes.append(0)
    ranges = split(sizes, workers if CAN_FORK else 1, lead=LEAD)
    if not ranges:
        return [], []
    children: list[_Child] = []
    try:
        scratch = _scratch_dir(sum(sizes[ranges[1][0]:]) if len(ranges) > 1 else 0)
        here = len(ranges)  # the ranges from this one on load in this process (no child could start)
        for n, (lo, hi) in enumerate(ranges[1:], start=1):
            out, done_r, done_w = None, -1, -1
            try:
                out = tempfile.TemporaryFile(dir=scratch)
                done_r, done_w = os.pipe()
                pid = _fork()
            except OSError as exc:  # no memory or processes left for a child: this process loads the rest
                if out is not None:
                    out.close()
                for fd in (done_r, done_w):
                    if fd >= 0:
                        os.close(fd)
                warnings.warn(f"could not start a loading process ({exc}); loading the remaining "
                              f"{len(rows) - lo} documents in this one", RuntimeWarning, stacklevel=3)
                here = n
                break
            if pid == 0:  # pragma: no cover - the child (coverage does not follow it)
                for c in children:  # the parent's ends of its elders' pipes are not this child's to hold
                    os.close(c.done)
                os.close(done_r)
                _child(out.fileno(), done_w, folder, rows[lo:hi], rules, overrides, min_quote_tokens)
            os.close(done_w)
            children.append(_Child(pid, out, done_r, lo, hi))
        lo, hi = ranges[0]
        run, problems = load_run(folder, rows[lo:hi], rules, overrides, min_quote_tokens, advance)
        runs = [run]
        while children:
            child = children.pop(0)
            try:
                run, more = _collect(child, scratch or tempfile.gettempdir(), folder, rows[child.lo:child.hi], rules,
                                     overrides, min_quote_tokens)
            finally:
                child.close()
            if advance is not None:
                advance(child.hi - child.lo)
            runs.append(run)
            problems += more
        for lo, hi in ranges[here:]:
            run, more = load_run(folder, rows[lo:hi], rules, overrides, min_quote_tokens, advance)
            runs.append(run)
            problems += more
    finally:
        for child in children:  # interrupted: no child outlives the load
            _kill(child.pid)
            child.close()
    return [r for r in runs if r is not None], problems


class _Child(NamedTuple):
    pid: int
    out: io.BufferedRandom  # the hand-over file
    done: int  # read end of the pipe the child writes its exit status to when its answer is written
    lo: int
    hi: int

    def close(self) -> None:
        self.out.close()
        os.close(self.done)


# --------------------------------------------------------------------------- the child


def _fork() -> int:
    with warnings.catch_warnings():  # Python >= 3.12 warns of fork in a threaded process; the child
        warnings.simplefilter("ignore", DeprecationWarning)  # only loads documents and writes a file
        return os.fork()


def _child(fd: int, done: int, folder: Path, rows: list[dict], rules, overrides,
           min_quote_tokens: int):  # pragma: no cover
    """Load ``rows``, write the answer to ``fd``, say so on ``done`` and exit (never returns):
    the parent goes on while this process's memory is torn down."""
    code = 0
    _reuse_freed_memory()
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            run, problems = load_run(folder, rows, rules, overrides, min_quote_tokens)
        answer = ("ok", run, problems, [(str(w.message), w.category) for w in caught])
    except BaseException as exc:  # noqa: BLE001 - every error goes back to the parent
        answer = ("error", _picklable(exc), traceback.format_exc())
    try:
        _write(fd, answer)
    except BaseException:  # noqa: BLE001 - no room (a small /dev/shm or temp dir): the parent loads them
        code = NO_ROOM
    try:
        os.write(done, bytes([code]))
    finally:
        os._exit(code)


def _reuse_freed_memory() -> None:  # pragma: no cover - in the child
    """Make glibc's malloc keep what a loading child frees, for its next allocations, instead of
    handing it back to the OS (and faulting fresh pages in again): large arrays from the heap,
    and the heap never trimmed. A child lives for one load, so keeping its memory costs
    nothing (on UNGDC it loads ~6 % faster). Elsewhere than glibc this does nothing."""
    try:
        libc = ctypes.CDLL(None)
        libc.mallopt(_M_MMAP_THRESHOLD, _KEEP)
        libc.mallopt(_M_TRIM_THRESHOLD, _KEEP)
    except (OSError, AttributeError):  # not glibc
        pass


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
_KEEP = 1 << 30  # bytes: arrays below this come from the heap; the heap keeps this much free at its top


def _picklable(exc: BaseException) -> BaseException:
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(exc).__name__}: {exc}")


def _write(fd: int, answer) -> None:
    """The answer pickled, its arrays' buffers out of band, each at an aligned offset. A
    run's per-document pieces (:data:`analysis.corpus.tables.Run.pieces`) follow, each name's
    written one after another, so that :func:`_read` maps them as one array (no joined copy
    is made here)."""
    run = answer[1] if answer[0] == "ok" else None
    columns = list(run.pieces.items()) if run is not None else []
    if run is not None:  # pickled without its pieces (a shallow copy: the run is left as it is)
        answer = (answer[0], replace(run, pieces={}), *answer[2:])
    specs = [(name, np.result_type(*arrays).str, sum(len(a) for a in arrays)) for name, arrays in columns]
    buffers: list[pickle.PickleBuffer] = []
    head = pickle.dumps((answer, specs), protocol=5, buffer_callback=buffers.append)
    parts = [[b.raw()] for b in buffers]
    parts += [[np.ascontiguousarray(a, dtype=dtype) for a in arrays] for (_, dtype, _), (_, arrays) in zip(specs, columns)]
    sizes = [sum(p.nbytes for p in part) for part in parts]
    views = [struct.pack(f"<QQQ{len(sizes)}Q", len(head), len(buffers), len(columns), *sizes), head]
    at = 24 + 8 * len(sizes) + len(head)
    for part, n in zip(parts, sizes):
        views.append(bytes(-at % _ALIGN))
        views += [memoryview(p).cast("B") for p in part if p.nbytes]
        at += -at % _ALIGN + n
    _write_all(fd, views)


def _write_all(fd: int, views: list) -> None:
    """Write every buffer of ``views``, in order (``writev`` many at a time; a short write goes on)."""
    views = [memoryview(v).cast("B") for v in views if len(v)]
    k = 0
    while k < len(views):
        batch = views[k:k + _IOV_MAX]
        n = os.writev(fd, batch)
        for v in batch:  # what was written is dropped; a partly written buffer stays, shortened
            if n >= len(v):
                n -= len(v)
                k += 1
            else:
                views[k] = v[n:]
                break


_IOV_MAX = 1024  # buffers per writev (Linux's limit)


def _read(out: io.BufferedRandom):
    """The answer :func:`_write` wrote (``None`` if there is none), its arrays on a memory map."""
    size = os.fstat(out.fileno()).st_size
    if size < 24:
        return None
    mm = mmap.mmap(out.fileno(), size, access=mmap.ACCESS_READ)
    view = memoryview(mm)
    n_head, n_pickled, n_columns = struct.unpack_from("<QQQ", mm, 0)
    sizes = struct.unpack_from(f"<{n_pickled + n_columns}Q", mm, 24)
    at = 24 + 8 * len(sizes)
    head = view[at:at + n_head]
    at += n_head
    buffers = []
    for n in sizes:
        at += -at % _ALIGN
        buffers.append(view[at:at + n])
        at += n
    answer, specs = pickle.loads(head, buffers=buffers[:n_pickled])
    if answer[0] == "ok" and answer[1] is not None:
        run = answer[1]
        run.pieces = {name: [np.frombuffer(b, dtype=dtype, count=n)]
                      for (name, dtype, n), b in zip(specs, buffers[n_pickled:])}
        run.mapping = mm
    return answer


def release(runs: list[Run]) -> list:
    """Empty ``runs``; returns the memory maps their arrays were on (a child's hand-over),
    for :func:`close_later`."""
    mappings = [r.mapping for r in runs if r.mapping is not None]
    runs.clear()  # the arrays go: the maps are no longer exported
    return mappings


def close_later(mappings: list) -> None:
    """Close the memory maps in a thread: unmapping a child's hand-over, and freeing its
    pages, takes tens of ms, and the caller need not wait for it."""
    if mappings:
        threading.Thread(target=_close, args=(mappings,), daemon=True).start()


def _close(mappings: list) -> None:
    for mm in mappings:
        try:
            mm.close()
        except BufferError:  # still exported (an array outlived its run): closed when freed
            pass


def _collect(child: _Child, where: str, folder, rows, rules, overrides, min_quote_tokens):
    """Take a child's run once it says its answer is written (its exit is not waited for: a
    thread reaps it); load its documents here if it died without answering."""
    said = os.read(child.done, 1)
    if said == b"\x00":
        threading.Thread(target=_reap, args=(child.pid,), daemon=True).start()
        answer = _read(child.out)
        code = 0
    else:  # it died, or could not write its answer: its exit status says which
        code = os.waitstatus_to_exitcode(os.waitpid(child.pid, 0)[1])
        answer = None
    if answer is None:
        why = f"no room for its results in {where}" if code == NO_ROOM else f"exit status {code}"
        warnings.warn(f"a loading process ended without its {len(rows)} documents ({why}); loading them here",
                      RuntimeWarning, stacklevel=4)
        return load_run(folder, rows, rules, overrides, min_quote_tokens)
    if answer[0] == "error":
        raise answer[1] from RuntimeError(f"in the loading process:\n{answer[2]}")
    _, run, problems, caught = answer
    for message, category in caught:
        warnings.warn(message, category, stacklevel=4)
    return run, problems


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:  # reaped elsewhere
        pass


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _scratch_dir(text_bytes: int) -> str | None:
    """Where the hand-over files go: memory (``/dev/shm``) if writable and with room for
    :data:`HANDOVER_PER_BYTE` times the children's bytes of text (a container's
    ``/dev/shm`` may hold only 64 MB), else the temp dir (``None``)."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
    except OSError:
        return None
    room = st.f_bavail * st.f_frsize
    return shm if os.access(shm, os.W_OK) and room >= HANDOVER_PER_BYTE * text_bytes else None
