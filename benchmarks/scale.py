"""Benchmark of issue 20: a corpus of ≥ 2×10⁸ tokens, partitioned and analysed as map-reduce on
Dask on this machine, each process's peak memory measured; and on UNGDC itself, the distributed
tables compared with the in-memory ones.

    python benchmarks/scale.py all --source /work/ungdc/corpus --copies 22 --out benchmarks/RESULTS-scale.md
    python benchmarks/scale.py check --source /work/ungdc/corpus          # UNGDC: distributed == in memory
    python benchmarks/scale.py pipeline --source /work/ungdc/corpus --copies 22 --workers 2
    python benchmarks/scale.py report --out benchmarks/RESULTS-scale.md  # from the saved phases

The replicated corpus (``--copies`` copies of every document, distinct ids, sentences shuffled:
``benchmarks/scale_corpus.py``) and every store are written under ``build/scale/`` (not
committed). Each phase runs in a fresh process with a fresh ``LocalCluster`` (127.0.0.1, one
thread per worker), so the peak resident memory (``VmHWM``) of the client and of every worker
is that phase's own; each phase saves its numbers as JSON in ``build/scale/`` and ``report``
writes the Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))
os.environ.setdefault("ANALYSIS_PROGRESS", "0")
BUILD = ROOT / "build" / "scale"
# caches (the in-memory parse's) go here, never next to the corpus read: runs are cold, and a
# shared corpus folder is left as it was
os.environ["ANALYSIS_CACHE_DIR"] = str(BUILD / "cache")

PERIODS = {"target": {"year": list(range(1998, 2010))}, "reference": {"year": list(range(2010, 2022))}}
DRILL = dict(group="2001", voice="author", category="aggression_threat")
KWIC = "Srebrenica"


def vmhwm() -> int:
    """Peak resident set size of this process, bytes (``VmHWM`` of ``/proc/self/status``)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return 0


def load_average() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


def cluster(n_workers: int):
    from dask.distributed import Client, LocalCluster

    lc = LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", memory_limit="8GB")
    return lc, Client(lc)


class Steps:
    """Timed steps of one phase."""

    def __init__(self):
        self.rows = []

    def __call__(self, name: str, fn, note=None):
        t = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t
        self.rows.append({"step": name, "seconds": dt, "note": note(out) if note else ""})
        print(f"  {name}: {dt:.1f} s {self.rows[-1]['note']}", flush=True)
        return out


# --------------------------------------------------------------------------- the pipeline


def pipeline(source: Path, copies: int, workers: int, n_boot: int) -> dict:
    """Write the partitions and run every step on ``workers`` workers; times and peak memory."""
    import analysis as an
    from analysis.partitioned import role_frames_partitioned, write_partitioned
    from scale_corpus import make

    folder = make(source, BUILD / f"{source.name}-x{copies}", copies)
    store = BUILD / f"{source.name}-x{copies}-w{workers}.parts"
    started = {"load": load_average(), "time": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    lc, client = cluster(workers)
    steps = Steps()
    try:
        pc = steps("write the partitions (load on the workers, Parquet, vocabularies merged)",
                   lambda: write_partitioned(folder, store, client=client),
                   lambda pc: f"{len(pc.partitions)} partitions, {pc.n_documents:,} documents, {pc.n_tokens:,} tokens")
        actors = steps("actor hits (stored per partition, indexed)", lambda: an.lexicon_hits(pc, "actors"),
                       lambda t: f"{len(t):,} hits")
        frames = steps("frame hits (stored per partition, indexed)", lambda: an.lexicon_hits(pc, "frames"),
                       lambda t: f"{len(t):,} hits")
        steps("frame counts: hit_counts by group × voice", lambda: an.hit_counts(pc, frames),
              lambda t: f"{len(t):,} cells")
        steps(f"frame rates by group × voice, sentence-block bootstrap ({n_boot} replicates)",
              lambda: an.frame_rates(pc, frames, n_boot=n_boot), lambda t: f"{len(t):,} cells")
        pairs = steps("actor × frame pairs (stored per partition)", lambda: an.actor_frame_pairs(actors, frames),
                      lambda t: f"{len(t):,} pairs")
        steps(f"actor × frame table by group × voice ({n_boot} replicates)",
              lambda: an.actor_frames(pc, pairs, actors, n_boot=n_boot), lambda t: f"{len(t):,} cells")
        steps(f"role counts: actor × role × frame shares by group (parsed on the workers; {n_boot} replicates)",
              lambda: role_frames_partitioned(pc, actors, frames, by="group", n_boot=n_boot, client=client),
              lambda t: f"{len(t):,} cells, {int(t.n.sum()):,} sentence-roles")
        steps("keyness of two periods (1998–2009 vs 2010–2021)",
              lambda: an.keyness(pc, **PERIODS), lambda t: f"{len(t):,} terms")
        steps(f"one KWIC of a pattern ('{KWIC}', every partition matched)", lambda: an.kwic(pc, KWIC),
              lambda t: f"{len(t):,} lines")
        memory = {"client": vmhwm(), "workers": sorted(client.run(vmhwm).values(), reverse=True)}
    finally:
        client.close()
        lc.close()
    lines = Steps()  # in the client, no cluster: lines on demand read the few documents they need
    cell = lines("one drill, first page (50 lines) of a frame-rate cell " + json.dumps(DRILL),
                 lambda: an.drill(pc, frames, limit=50, **DRILL), lambda t: f"{len(t)} lines")
    lines("… the same cell, every line", lambda: an.drill(pc, frames, **DRILL), lambda t: f"{len(t):,} lines")
    lines("… a page deep inside the cell (lines 1000–1049)", lambda: an.drill(pc, frames, limit=50, offset=1000,
                                                                               **DRILL), lambda t: f"{len(t)} lines")
    lines("… the KWIC lines of 20 hits of that cell, given as rows", lambda: an.kwic(pc, cell.iloc[:20].assign(
        doc_id=cell.doc_id.iloc[:20])), lambda t: f"{len(t)} lines")
    return {"phase": "pipeline", "workers": workers, "copies": copies, "n_boot": n_boot, "tokens": pc.n_tokens,
            "documents": pc.n_documents, "partitions": len(pc.partitions), "steps": steps.rows, "lines": lines.rows,
            "memory": {**memory, "client_after_lines": vmhwm()}, "started": started, "ended_load": load_average(),
            "store_bytes": _du(store), "corpus_bytes": _du(folder, "*.txt")}


def _du(folder: Path, pattern: str = "**/*") -> int:
    return sum(p.stat().st_size for p in Path(folder).glob(pattern) if p.is_file())


# --------------------------------------------------------------------------- UNGDC: distributed == in memory


def compare(got, want) -> tuple[bool, str]:
    """Same columns, dtypes and values; floats to 12 significant digits (NaN where NaN)."""
    import numpy as np
    import pandas as pd

    if list(got.columns) != list(want.columns) or len(got) != len(want):
        return False, f"shape {got.shape} vs {want.shape}"
    floats = [c for c in want.columns if pd.api.types.is_float_dtype(want[c].dtype)]
    try:
        pd.testing.assert_frame_equal(got.drop(columns=floats), want.drop(columns=floats), check_exact=True)
    except AssertionError as exc:
        return False, str(exc).splitlines()[0]
    worst = 0.0
    for c in floats:
        a, b = got[c].to_numpy(dtype=float), want[c].to_numpy(dtype=float)
        if got[c].dtype != want[c].dtype or not np.array_equal(np.isnan(a), np.isnan(b)):
            return False, f"{c}: dtype or NaN positions differ"
        ok = ~np.isnan(b)
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = np.abs(a[ok] - b[ok]) / np.maximum(np.abs(b[ok]), 1e-300)
        worst = max(worst, float(rel.max()) if rel.size else 0.0)
    exact = all(np.array_equal(got[c].to_numpy(), want[c].to_numpy(), equal_nan=True) for c in floats)
    return worst <= 1e-12, "bit for bit" if exact else f"floats within {worst:.1e} (relative)"


def check(source: Path, workers: int, n_boot: int) -> dict:
    """Every distributed table against the in-memory one, on the corpus ``source`` itself."""
    import analysis as an
    from analysis.partitioned import role_frames_partitioned, write_partitioned

    corpus = an.load_corpus(source, cache=False)
    lc, client = cluster(workers)
    rows = []
    try:
        pc = write_partitioned(source, BUILD / f"{source.name}-check.parts", client=client)
        a, f = an.lexicon_hits(corpus, "actors"), an.lexicon_hits(corpus, "frames")
        sa, sf = an.lexicon_hits(pc, "actors"), an.lexicon_hits(pc, "frames")
        pairs, spairs = an.actor_frame_pairs(a, f), an.actor_frame_pairs(sa, sf)
        mentions, links = {}, {}

        def roles():
            if not mentions:
                mentions["m"], links["l"] = an.role_tables(corpus, a, f)
            return mentions["m"], links["l"]

        cases = [
            ("documents (index: every column but the texts)", lambda: corpus.documents.drop(columns=["raw", "text"]),
             lambda: pc.documents),
            ("actor hits", lambda: a, lambda: sa.to_pandas()),
            ("frame hits", lambda: f, lambda: sf.to_pandas()),
            ("actor × frame pairs", lambda: pairs, lambda: spairs.to_pandas()),
            ("hit_counts frames, group × voice", lambda: an.hit_counts(corpus, f), lambda: an.hit_counts(pc, sf)),
            ("frame_rates group × voice", lambda: an.frame_rates(corpus, f, n_boot=n_boot),
             lambda: an.frame_rates(pc, sf, n_boot=n_boot)),
            ("frame_rates year, paragraph blocks", lambda: an.frame_rates(corpus, f, by="year", block="paragraph",
                                                                          n_boot=n_boot),
             lambda: an.frame_rates(pc, sf, by="year", block="paragraph", n_boot=n_boot)),
            ("actor_frames group × voice", lambda: an.actor_frames(corpus, pairs, a, n_boot=n_boot),
             lambda: an.actor_frames(pc, spairs, sa, n_boot=n_boot)),
            ("role_frames by document", lambda: an.role_frames(corpus, *roles(), n_boot=n_boot),
             lambda: role_frames_partitioned(pc, sa, sf, n_boot=n_boot, client=client)),
            ("role_frames by group", lambda: an.role_frames(corpus, *roles(), by="group", n_boot=n_boot),
             lambda: role_frames_partitioned(pc, sa, sf, by="group", n_boot=n_boot, client=client)),
            ("keyness of two periods", lambda: an.keyness(corpus, **PERIODS), lambda: an.keyness(pc, **PERIODS)),
            ("keyness one year vs rest, log-odds z", lambda: an.keyness(corpus, target="2001", measure="logodds_z"),
             lambda: an.keyness(pc, target="2001", measure="logodds_z")),
            ("frequencies by group (stop words)", lambda: an.frequencies(corpus, by="group", stop_words="default"),
             lambda: an.frequencies(pc, by="group", stop_words="default")),
            ("collocates of 'peace' by group", lambda: an.collocates(corpus, "peace", by="group"),
             lambda: an.collocates(pc, "peace", by="group")),
            ("actor_sentiment group × voice, with the all-sentences baseline",
             lambda: an.actor_sentiment(corpus, a, baseline=True, n_boot=n_boot),
             lambda: an.actor_sentiment(pc, sa, baseline=True, n_boot=n_boot)),
            ("voice_table", lambda: an.voice_table(corpus), lambda: an.voice_table(pc)),
            ("kwic 'international community', sorted 1R 2R",
             lambda: an.kwic(corpus, "international community", sort=["1R", "2R"]),
             lambda: an.kwic(pc, "international community", sort=["1R", "2R"])),
            ("drill " + json.dumps(DRILL), lambda: an.drill(corpus, f, **DRILL), lambda: an.drill(pc, sf, **DRILL)),
        ]
        for name, plain, dist in cases:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                # an old option or column name used by the package itself is a failure, as in the tests
                warnings.filterwarnings("error", category=DeprecationWarning, module="analysis")
                t = time.perf_counter()
                want = plain()
                t_plain = time.perf_counter() - t
                t = time.perf_counter()
                got = dist()
                t_dist = time.perf_counter() - t
            same, how = compare(got, want)
            rows.append({"table": name, "rows": len(want), "identical": same, "how": how, "in_memory_s": t_plain,
                         "distributed_s": t_dist})
            print(f"  {name}: {len(want):,} rows, {'identical' if same else 'DIFFERENT'} ({how}); "
                  f"{t_plain:.1f} s in memory, {t_dist:.1f} s distributed", flush=True)
        vocab = vocabulary_choice(pc)
    finally:
        client.close()
        lc.close()
    return {"phase": "check", "workers": workers, "n_boot": n_boot, "tokens": len(corpus.tokens),
            "documents": len(corpus.documents), "partitions": len(pc.partitions), "rows": rows, "vocabulary": vocab,
            "load": load_average(), "speed": machine_speed(corpus)}


def vocabulary_choice(pc) -> dict:
    """The tokens of a partition stored as codes (with the partition's own vocabularies) vs as
    string columns: bytes on disk, bytes in memory, read time."""
    import tempfile

    import pandas as pd

    k = max(range(len(pc.partitions)), key=lambda j: pc.partitions[j]["n_tokens"])
    t = time.perf_counter()
    codes = pc.read(k, "tokens")
    t_codes = time.perf_counter() - t
    name = pc.partitions[k]["name"]
    disk_codes = _du(Path(pc.store.path("parts", name)), "**/tokens*.parquet")
    strings = codes.assign(**{c: codes[c].astype(str).astype("str") for c in ("token", "norm", "speaker", "doc_id",
                                                                                "group", "voice")})
    with tempfile.TemporaryDirectory() as tmp:
        strings.to_parquet(Path(tmp) / "t.parquet", compression="zstd", row_group_size=2**16)
        disk_strings = (Path(tmp) / "t.parquet").stat().st_size
        t = time.perf_counter()
        pd.read_parquet(Path(tmp) / "t.parquet")
        t_strings = time.perf_counter() - t
    n = len(codes)
    return {"partition_tokens": n, "codes": {"disk": disk_codes, "memory": int(codes.memory_usage(deep=True).sum()),
                                             "read_s": t_codes},
            "strings": {"disk": disk_strings, "memory": int(strings.memory_usage(deep=True).sum()),
                        "read_s": t_strings}}


def machine_speed(corpus) -> float:
    from roles import regexp_rate
    from run import REFERENCE_RT_RATE

    return regexp_rate(corpus) / REFERENCE_RT_RATE


# --------------------------------------------------------------------------- report


def _gb(n: int) -> str:
    return f"{n / 2**30:.2f} GB"


def _s(x: float) -> str:
    return f"{x:.1f} s" if x >= 1 else f"{x * 1000:.0f} ms"


def report(results: dict) -> str:
    """The Markdown of ``benchmarks/RESULTS-scale.md`` from the saved phases."""
    pipes = [r for r in results.values() if r["phase"] == "pipeline"]
    out = ["# Scale benchmark (issue 20): a partitioned corpus, map-reduce on Dask", ""]
    if pipes:
        big = max(r["copies"] for r in pipes)
        runs = _runs(pipes, big)
        r0 = runs[0]
        out += [f"Corpus: UNGDC 1998–2021 × {r0['copies']} (`benchmarks/scale_corpus.py`: every speech copied with a "
                f"distinct id and its sentences shuffled): {r0['documents']:,} documents, **{r0['tokens']:,} tokens**, "
                f"{_gb(r0['corpus_bytes'])} of text; stored as {r0['partitions']} partitions, {_gb(r0['store_bytes'])} "
                "on disk (with the stored hits).", ""]
        out += _pipeline_table(runs, "## The whole pipeline") + [""] + _memory_table(runs) + [""]
        out += _lines_table(r0) + [""]
        for copies in sorted({r["copies"] for r in pipes} - {big}, reverse=True):
            sc = _runs(pipes, copies)
            out += _pipeline_table(sc, f"## Scaling: the same pipeline on UNGDC × {copies} ({sc[0]['tokens']:,} "
                                       "tokens) with 2 workers and 1 worker") + [""] + _memory_table(sc) + [""]
            out += _projection(r0, sc) + [""]
    check_run = results.get("check")
    if check_run:
        out += _check_table(check_run) + [""] + _vocab_table(check_run["vocabulary"]) + [""]
    out += _machine(results)
    return "\n".join(out) + "\n"


def _runs(pipes: list[dict], copies: int) -> list[dict]:
    return sorted((r for r in pipes if r["copies"] == copies), key=lambda r: -r["workers"])


def _total(run: dict) -> float:
    return sum(s["seconds"] for s in run["steps"])


def _projection(big: dict, scaling: list[dict]) -> list[str]:
    """On paper: 10⁹ tokens on 32 workers, from the measured per-core throughputs, the 1 → 2
    efficiency and how the peaks per process grew from the smaller corpus to the larger."""
    by_w = {r["workers"]: r for r in scaling}
    w = big["workers"]
    rates = [(f"the × {big['copies']} run's", big["tokens"] / _total(big) / w)]
    if w in by_w:
        rates.append((f"the × {by_w[w]['copies']} run's", by_w[w]["tokens"] / _total(by_w[w]) / w))
    lines = ["## On paper: 10⁹ tokens on 32 workers", ""]
    eff = ""
    if 1 in by_w and 2 in by_w:
        e = _total(by_w[1]) / _total(by_w[2]) / 2
        eff = (f" From 1 to 2 workers the pipeline ran {2 * e:.2f}× faster (parallel efficiency {e:.0%}), on a "
               "machine whose 2 cores also run the client and the scheduler.")
    times = [(label, 1e9 / (rate * 32)) for label, rate in rates]
    said = "; ".join(f"at {label} {rate / 1e3:,.1f}k tokens/s per core, **{t / 60:,.0f} min** ({t / 60 / 0.8:,.0f} min at "
                     "80 % parallel efficiency)" for (label, rate), (_, t) in zip(rates, times))
    lines += [f"Every step is a map over partitions (work proportional to a partition's tokens) and a reduce of "
              "per-partition tables whose size follows the vocabulary and the cells, not the tokens." + eff +
              f" With 32 workers of this speed and ≥ 4 partitions each, 10⁹ tokens would take: {said}.", ""]
    small = by_w.get(w)
    if small is not None and big["partitions"] > small["partitions"]:
        dp = big["partitions"] - small["partitions"]
        per_part = (big["memory"]["client"] - small["memory"]["client"]) / dp
        parts_1e9 = big["partitions"] * 1e9 / big["tokens"]
        client_1e9 = big["memory"]["client"] + per_part * (parts_1e9 - big["partitions"])
        lines += [f"Memory: a worker's peak went from {_gb(max(small['memory']['workers']))} (× {small['copies']}, "
                  f"{small['partitions']} partitions) to {_gb(max(big['memory']['workers']))} (× {big['copies']}, "
                  f"{big['partitions']} partitions of the same size): it holds one partition at a time; what grew was "
                  "not measured (a worker also keeps the spaCy parser and Dask's task records between tasks). The "
                  "client's peak grew "
                  f"from {_gb(small['memory']['client'])} to {_gb(big['memory']['client'])}, about "
                  f"{per_part / 2**20:,.0f} MB per partition (the partitions' vocabularies and per-partition tables "
                  f"it reduces): at 10⁹ tokens (~{parts_1e9:,.0f} partitions) that is ~{_gb(client_1e9)} on the "
                  "client, which then needs a machine of that size or a tree reduce of the vocabularies on the workers."]
    return lines


def _pipeline_table(runs: list[dict], title: str) -> list[str]:
    by_w = {r["workers"]: r for r in runs}
    ws = sorted(by_w, reverse=True)
    head = "| step | " + " | ".join(f"{w} worker{'s' if w > 1 else ''}" for w in ws) + \
           (" | speed-up | " if len(ws) > 1 else " | ") + "result |"
    lines = [title, "", head, "|" + "---|" * (len(ws) + (3 if len(ws) > 1 else 2))]
    first = by_w[ws[0]]
    for k, step in enumerate(first["steps"]):
        t = [by_w[w]["steps"][k]["seconds"] if k < len(by_w[w]["steps"]) else float("nan") for w in ws]
        speed = f" | {t[-1] / t[0]:.2f}×" if len(ws) > 1 else ""
        lines.append(f"| {step['step']} | " + " | ".join(_s(x) for x in t) + f"{speed} | {step['note']} |")
    tot = [_total(by_w[w]) for w in ws]
    speed = f" | {tot[-1] / tot[0]:.2f}×" if len(ws) > 1 else ""
    lines.append("| **total** | " + " | ".join(f"**{_s(x)}**" for x in tot) + f"{speed} | |")
    lines += ["", "Throughput per core (tokens of the corpus ÷ seconds ÷ workers):", ""]
    for w, x in zip(ws, tot):
        tok = by_w[w]["tokens"]
        lines.append(f"- {w} worker{'s' if w > 1 else ''}: the whole pipeline {tok / x / w / 1e3:,.1f}k tokens/s per core; "
                     "without the roles (parsing): "
                     f"{tok / (x - _step(by_w[w], 'role counts')) / w / 1e3:,.1f}k tokens/s per core; writing the "
                     f"partitions {tok / _step(by_w[w], 'write') / w / 1e3:,.0f}k tokens/s per core.")
    return lines


def _step(run: dict, prefix: str) -> float:
    return next(s["seconds"] for s in run["steps"] if s["step"].startswith(prefix))


def _memory_table(runs: list[dict]) -> list[str]:
    n = max(len(r["memory"]["workers"]) for r in runs)
    lines = ["## Peak memory per process (VmHWM)", "",
             "| run | client (scheduler included) | " + " | ".join(f"worker {k + 1}" for k in range(n)) + " |",
             "|---|---|" + "---|" * n]
    for r in runs:
        ws = [_gb(x) for x in r["memory"]["workers"]] + [""] * (n - len(r["memory"]["workers"]))
        lines.append(f"| {r['workers']} worker{'s' if r['workers'] > 1 else ''} | {_gb(r['memory']['client'])} "
                     f"(after the lines: {_gb(r['memory']['client_after_lines'])}) | " + " | ".join(ws) + " |")
    return lines


def _lines_table(run: dict) -> list[str]:
    lines = ["## Lines on demand (in the client, no cluster; cold: the first drill reads the index)", "",
             "| what | time | lines |", "|---|---|---|"]
    for s in run["lines"]:
        lines.append(f"| {s['step']} | {_s(s['seconds'])} | {s['note']} |")
    return lines


def _check_table(run: dict) -> list[str]:
    lines = [f"## UNGDC itself ({run['tokens']:,} tokens, {run['partitions']} partitions): distributed = in memory",
             "", f"{run['workers']} workers, {run['n_boot']} bootstrap replicates. Floats compared to 12 significant "
             "digits (as the CSVs are written); every other column exactly.", "",
             "| table | rows | identical | how | in memory | distributed |", "|---|---|---|---|---|---|"]
    for r in run["rows"]:
        lines.append(f"| {r['table']} | {r['rows']:,} | {'**yes**' if r['identical'] else '**NO**'} | {r['how']} | "
                     f"{_s(r['in_memory_s'])} | {_s(r['distributed_s'])} |")
    return lines


def _vocab_table(v: dict) -> list[str]:
    n = v["partition_tokens"]
    lines = [f"## Vocabularies: codes or strings (the largest UNGDC partition, {n:,} tokens)", "",
             "| tokens stored as | on disk | in memory | per token in memory | read |", "|---|---|---|---|---|"]
    for name, label in (("codes", "categorical codes + the partition's vocabularies (chosen)"),
                        ("strings", "string columns (token, norm, speaker, doc_id, group, voice)")):
        x = v[name]
        lines.append(f"| {label} | {x['disk'] / 2**20:.1f} MB | {x['memory'] / 2**20:.1f} MB | "
                     f"{x['memory'] / n:.1f} B | {_s(x['read_s'])} |")
    return lines


def _machine(results: dict) -> list[str]:
    from run import machine_state

    lines = ["## Machine", ""]
    for r in results.values():
        if r["phase"] == "pipeline":
            lines.append(f"- pipeline × {r['copies']}, {r['workers']} worker(s): started {r['started']['time']}, load average "
                         f"(1/5/15 min) {r['started']['load']} at the start, {r['ended_load']} at the end.")
        else:
            lines.append(f"- UNGDC check: load average {r['load']} at the end.")
    lines += ["", f"Machine: {platform.node() or 'vm'}, {platform.machine()}, {os.cpu_count()} CPUs, Python "
              f"{platform.python_version()}, shared with other work (the load averages above)."]
    if "check" in results:
        lines += ["", machine_state(results["check"]["speed"])]
    return lines


# --------------------------------------------------------------------------- main


def _saved() -> dict:
    out = {}
    for p in sorted(BUILD.glob("result-*.json")):
        out[p.stem.removeprefix("result-")] = json.loads(p.read_text())
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("phase", choices=["all", "check", "pipeline", "report"])
    ap.add_argument("--source", type=Path, default=Path("/work/ungdc/corpus"))
    ap.add_argument("--copies", type=int, default=22)
    ap.add_argument("--workers", type=int, nargs="+", default=[2])
    ap.add_argument("--scaling-copies", type=int, default=4,
                    help="`all` also runs the pipeline on this many copies with 1 and 2 workers (the scaling)")
    ap.add_argument("--n-boot", type=int, default=2000)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    BUILD.mkdir(parents=True, exist_ok=True)
    if a.phase == "all":
        runs = [("check", a.copies, 2)] + [("pipeline", a.copies, w) for w in a.workers]
        runs += [("pipeline", a.scaling_copies, w) for w in (2, 1)]
        for phase, copies, w in runs:
            cmd = [sys.executable, __file__, phase, "--source", str(a.source), "--copies", str(copies),
                   "--n-boot", str(a.n_boot), "--workers", str(w)]
            print("$", " ".join(cmd), flush=True)
            subprocess.run(cmd, check=True)
    elif a.phase == "check":
        res = check(a.source, a.workers[0], a.n_boot)
        (BUILD / "result-check.json").write_text(json.dumps(res, indent=1))
    elif a.phase == "pipeline":
        res = pipeline(a.source, a.copies, a.workers[0], a.n_boot)
        (BUILD / f"result-pipeline-x{a.copies}-w{a.workers[0]}.json").write_text(json.dumps(res, indent=1))
    md = report(_saved())
    if a.phase in ("all", "report"):
        print(md)
    if a.out and a.phase in ("all", "report"):
        a.out.write_text(md, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
