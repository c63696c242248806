"""Benchmark of issue 17 (speed at size): loading a corpus on all cores — ``load_corpus``
in forked processes, and ``load_corpus_dask`` — against ``load_corpus`` in one process, and
checking that the tables are identical.

    python benchmarks/dask_load.py path/to/corpus [--workers 2] [--repeat 2] [--out benchmarks/RESULTS-dask-load.md]

In this order: the first load of fresh processes, ``workers=1`` pinned to one CPU and
``workers=--workers`` unpinned, alternated (``--repeat`` each: what a notebook kernel does;
first, before this process has loaded and freed gigabytes); then in this process (best of
``--repeat``, the corpus kept, as a session keeps it): ``workers=--workers`` holding no other
corpus, ``workers=1`` pinned to one CPU, ``workers=--workers`` again while this process holds
that corpus (the child shares its pages copy-on-write, and this process's writes to them
cost page copies); ``load_corpus_dask`` on a ``LocalCluster`` of ``--workers``
single-threaded worker processes bound to 127.0.0.1, started (and its workers' imports done)
before the clock starts, the client unpinned. No cache is read or written
(``cache=False``). Target: ≥ 1.7× faster on 2 cores, identical tables. The machine-state line
is ``benchmarks/run.py``'s (NLTK's RegexpTokenizer against the rate the targets were set at).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("ANALYSIS_PROGRESS", "0")

TARGET = 1.7
TABLES = ("documents", "sentences", "tokens", "quotes", "residue")


def _best(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        out = None
        gc.collect()
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


_FRESH = r"""
import os, sys, time
os.environ["ANALYSIS_PROGRESS"] = "0"
import analysis as an
from analysis.corpus import read_manifest
folder, workers = sys.argv[1], int(sys.argv[2])
if workers == 1:
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
read_manifest(folder)  # the manifest's imports, as a session has them before its first load
t = time.perf_counter()
corpus = an.load_corpus(folder, cache=False, progress=False, workers=workers)  # kept, as a session keeps it
print(time.perf_counter() - t)  # (before: the corpus was freed inside the timing, which added ~0.05 s)
"""


def fresh(folder: Path, workers: int, repeat: int) -> list[float]:
    """Seconds of a first ``load_corpus`` in each of ``repeat`` fresh processes (as a notebook
    kernel loads its corpus): one process pinned to one CPU for ``workers=1``."""
    import subprocess

    return [float(subprocess.run([sys.executable, "-c", _FRESH, str(folder), str(workers)], check=True,
                                 capture_output=True, text=True).stdout.strip()) for _ in range(repeat)]


def identical(a, b) -> list[str]:
    """The tables of two corpora that differ (empty: every table identical)."""
    import pandas as pd

    bad = []
    for name in TABLES:
        x, y = getattr(a, name), getattr(b, name)
        try:
            pd.testing.assert_frame_equal(x, y, check_exact=True)
        except AssertionError as exc:
            bad.append(f"{name}: {str(exc).splitlines()[0]}")
    return bad


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)

    from dask.distributed import Client, LocalCluster
    from roles import regexp_rate_of
    from run import REFERENCE_RT_RATE, machine_state

    import analysis as an
    from analysis.corpus import read_manifest
    from analysis.scale import load_corpus_dask

    files = read_manifest(a.folder).file
    speed = regexp_rate_of((((a.folder / f).read_text(encoding="utf-8", errors="replace") for f in files)),
                           5_000_000) / REFERENCE_RT_RATE
    cpus = sorted(os.sched_getaffinity(0))
    # the fresh processes first: before this one has loaded (and freed) gigabytes, whose
    # aftermath (the kernel compacting freed memory) would run beside them
    f1, fn = [], []
    for _ in range(a.repeat):  # alternated, so that a drift of the machine touches both alike
        f1 += fresh(a.folder, 1, 1)
        fn += fresh(a.folder, a.workers, 1)
    # this process holding no corpus (a loaded corpus makes the forked child share its pages
    # copy-on-write: timed apart, in the row after)
    tf, forked = _best(lambda: an.load_corpus(a.folder, cache=False, progress=False, workers=a.workers), a.repeat)
    os.sched_setaffinity(0, {cpus[0]})
    t1, ref = _best(lambda: an.load_corpus(a.folder, cache=False, progress=False, workers=1), a.repeat)
    os.sched_setaffinity(0, set(cpus))
    bad = [f"load_corpus(workers={a.workers}) " + b for b in identical(ref, forked)]
    del forked
    gc.collect()
    th, held = _best(lambda: an.load_corpus(a.folder, cache=False, progress=False, workers=a.workers), a.repeat)
    del held
    gc.collect()
    lc = LocalCluster(n_workers=a.workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0")
    client = Client(lc)
    try:
        client.run(lambda: __import__("analysis.corpus"))  # the workers' imports, before the clock
        tn, many = _best(lambda: load_corpus_dask(a.folder, client, cache=False, progress=False), a.repeat)
    finally:
        client.close()
        lc.close()
    bad += ["load_corpus_dask " + b for b in identical(ref, many)]
    n_tok, n_docs = len(ref.tokens), len(ref.documents)
    speedup, fork_speedup = t1 / tn, t1 / tf
    lines = [
        "# Loading on all cores: `load_corpus` in several processes and `load_corpus_dask`, against one core (issue 17)", "",
        f"`python benchmarks/dask_load.py {a.folder.name} --workers {a.workers} --repeat {a.repeat}`: "
        f"{n_docs:,} documents, {n_tok:,} tokens; best of {a.repeat}, no cache.", "",
        "| load | time | throughput | speed-up | target | met? |", "|---|---|---|---|---|---|",
        f"| `load_corpus(workers=1)`, one process pinned to one core | {t1:.2f} s | {n_tok / t1 / 1e6:.2f}M tok/s | 1.00× | | |",
        f"| `load_corpus(workers={a.workers})`: this process and {a.workers - 1} forked | {tf:.2f} s | "
        f"{n_tok / tf / 1e6:.2f}M tok/s | {fork_speedup:.2f}× | ≥ {TARGET}× on 2 cores | "
        f"**{'met' if fork_speedup >= TARGET else 'missed'}** |",
        f"| `load_corpus(workers={a.workers})` while this process holds another loaded corpus (its pages shared "
        f"copy-on-write with the child) | {th:.2f} s | {n_tok / th / 1e6:.2f}M tok/s | {t1 / th:.2f}× | | |",
        f"| `load_corpus(workers=1)`, the first load of a fresh process pinned to one core "
        f"({', '.join(f'{x:.2f}' for x in f1)} s) | {min(f1):.2f} s | {n_tok / min(f1) / 1e6:.2f}M tok/s | 1.00× | | |",
        f"| `load_corpus(workers={a.workers})`, the first load of a fresh process "
        f"({', '.join(f'{x:.2f}' for x in fn)} s) | {min(fn):.2f} s | {n_tok / min(fn) / 1e6:.2f}M tok/s | "
        f"{min(f1) / min(fn):.2f}× | ≥ {TARGET}× on 2 cores | **{'met' if min(f1) / min(fn) >= TARGET else 'missed'}** |",
        f"| `load_corpus_dask`, {a.workers} worker processes on a LocalCluster (client: assembly) | {tn:.2f} s | "
        f"{n_tok / tn / 1e6:.2f}M tok/s | {speedup:.2f}× | ≥ {TARGET}× on 2 cores | "
        f"**{'met' if speedup >= TARGET else 'missed'}** |", "",
        "Tables (" + ", ".join(TABLES) + "): " + ("**identical** (exact)." if not bad else "**DIFFER**: " + "; ".join(bad)),
        "",
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Machine: {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}; load average at the end "
        + " / ".join(f"{x:.2f}" for x in os.getloadavg()) + ".  ",
        machine_state(speed),
    ]
    md = "\n".join(lines) + "\n"
    print(md)
    if a.out:
        a.out.write_text(md, encoding="utf-8")
    return 0 if not bad else 1


if __name__ == "__main__":
    raise SystemExit(main())
