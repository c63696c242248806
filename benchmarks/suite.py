"""Benchmark of the whole notebook suite on a corpus folder, headless, as a user runs it.

    python benchmarks/suite.py path/to/corpus [--out benchmarks/RESULTS-suite.md] [--runs 2]

Runs ``python -m analysis run CORPUS`` in a fresh process, first **cold** (an empty cache
folder: the corpus is loaded, tokenized and parsed from scratch) and then **warm** (the same
cache: the loaded tables and the parses are read back, as on a second run), and times each
notebook and the whole suite. Targets (issue 17): a few hundred documents in under a minute,
UNGDC (4,578 speeches, 9.3M tokens) in under 5 minutes, on this 2-core machine.

``--out`` records the result in a Markdown file: one section per corpus (a new run of the
same corpus replaces its section, other corpora's stay), with the machine-state line of
``benchmarks/run.py`` (how fast this machine ran that day against the reference speed).
Outputs and caches go to a temporary folder; nothing is written next to the corpus.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

#: (largest corpus in documents, target seconds for the whole suite)
TARGETS = [(1000, 60.0), (10**9, 300.0)]
_LINE = re.compile(r"^ok\s+(\S+)\s+([\d.]+) s$|^FAILED (\S+):", re.M)


def regexp_rate(folder: Path, n_chars: int = 5_000_000) -> float:
    """NLTK RegexpTokenizer's tokens/s on the corpus's first ``n_chars`` characters (best of
    3): the machine-state measure of ``benchmarks/run.py``, read from the files directly."""
    from roles import regexp_rate_of

    from analysis.corpus import read_manifest

    files = read_manifest(folder).file
    return regexp_rate_of(((folder / f).read_text(encoding="utf-8", errors="replace") for f in files), n_chars)


def run_suite(folder: Path, out: Path, cache: Path) -> tuple[float, dict[str, float | None]]:
    """One headless run of every notebook in a new process; (wall seconds, notebook → seconds,
    None if it failed)."""
    env = {**os.environ, "ANALYSIS_CACHE_DIR": str(cache), "ANALYSIS_PROGRESS": "0"}
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "analysis", "run", str(folder), "--out", str(out)], env=env,
                          capture_output=True, text=True, cwd=out.parent)
    wall = time.perf_counter() - t0
    times: dict[str, float | None] = {}
    for m in _LINE.finditer(done.stdout + "\n" + done.stderr):
        times[m[1] or m[3]] = float(m[2]) if m[1] else None
    if done.returncode not in (0, 1):
        raise SystemExit(f"the run did not start: {done.stderr[-2000:]}")
    return wall, times


def corpus_line(folder: Path, cache: Path) -> str:
    """"4,578 documents, 9,340,125 tokens" (from the warm cache)."""
    os.environ["ANALYSIS_CACHE_DIR"] = str(cache)
    from analysis import load_corpus

    corpus = load_corpus(folder, progress=False)
    return f"{len(corpus.documents):,} documents in {corpus.documents.group.nunique():,} groups, {len(corpus.tokens):,} tokens"


def table(runs: list[tuple[str, float, dict]], n_docs: int) -> str:
    target = next(t for n, t in TARGETS if n_docs <= n)
    names = sorted(dict.fromkeys(k for _, _, times in runs for k in times))  # notebook order, not finishing order
    rows = ["| notebook | " + " | ".join(label for label, _, _ in runs) + " |", "|---|" + "---|" * len(runs)]
    for name in names:
        cells = [("failed" if t.get(name, 0) is None else f"{t.get(name, float('nan')):.1f} s") for _, _, t in runs]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    rows.append("| **the whole suite** (wall clock: kernels, every notebook, report) | "
                + " | ".join(f"**{wall:.1f} s**" for _, wall, _ in runs) + " |")
    rows.append(f"| target: under {target:.0f} s | " + " | ".join(
        ("**met**" if wall < target and all(v is not None for v in t.values()) else "**missed**")
        for _, wall, t in runs) + " |")
    return "\n".join(rows)


def record(out: Path, name: str, section: str) -> None:
    """Put ``section`` (which starts with ``## <name>``) into ``out``, replacing an earlier one."""
    head = ("# The notebook suite, headless, on a corpus folder\n\n`python benchmarks/suite.py CORPUS --out "
            "benchmarks/RESULTS-suite.md`: `python -m analysis run CORPUS` timed in a fresh process, cold (empty "
            "cache: load, tokenize and parse from scratch) and warm (the cache of the cold run). Seconds per "
            "notebook as the runner prints them (kernel start included); after the first, the notebooks run two "
            "at a time (the runner's default on two cores), so their seconds overlap and add up to more than the "
            "wall clock. Runs before 2026-12-05 ran one notebook at a time.\n")
    text = out.read_text(encoding="utf-8") if out.exists() else head
    parts = re.split(r"(?m)^(?=## )", text)
    kept = [p for p in parts[1:] if not p.startswith(f"## {name}\n")]
    out.write_text(parts[0].rstrip() + "\n\n" + "".join(p.rstrip() + "\n\n" for p in kept) + section.rstrip() + "\n",
                   encoding="utf-8")


def main(argv=None) -> int:
    from run import machine_state  # the main benchmark's machine-state line

    from analysis.corpus import read_manifest

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path, help="record the result in this Markdown file (one section per corpus)")
    ap.add_argument("--runs", type=int, default=2, help="1: cold only; 2: cold, then warm (default)")
    a = ap.parse_args(argv)
    folder = a.folder.expanduser().resolve()
    n_docs = len(read_manifest(folder))
    speed = regexp_rate(folder) / 1.2e6
    runs = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        for k in range(a.runs):
            label = "cold" if k == 0 else "warm"
            wall, times = run_suite(folder, work / "out", work / "cache")
            print(f"{label}: {wall:.1f} s  " + ", ".join(f"{n} {'failed' if s is None else f'{s:.1f}'}" for n, s in times.items()),
                  flush=True)
            runs.append((label, wall, times))
        line = corpus_line(folder, work / "cache")
    section = (f"## {folder.name}\n\n{table(runs, n_docs)}\n\nCorpus: {folder.name}: {line}. "
               f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Machine: {platform.machine()}, "
               f"{os.cpu_count()} CPUs, Python {platform.python_version()}.  \n{machine_state(speed)}\n")
    print(section)
    if a.out:
        record(a.out, folder.name, section)
    return 0 if all(v is not None for _, _, t in runs for v in t.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
