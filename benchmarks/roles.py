"""Benchmark of roles on a real corpus: parse, attribution and roles for every actor mention,
then the cached reload.

    python benchmarks/roles.py path/to/corpus [--out benchmarks/RESULTS-roles.md]

Targets (issue: who does what to whom): on UNGDC (4,578 speeches, 9.3M tokens), roles for
every actor mention in under 3 minutes on the 2-core machine (the parse runs on every core);
a cached reload in seconds; the parse of a sentence never repeated for the same corpus and
pipeline. The corpus folder is read with the package's loader (a UNGDC-layout folder is
converted as in ``benchmarks/run.py``); caches go to a temporary directory, so the run is cold.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
os.environ.setdefault("ANALYSIS_PROGRESS", "0")


def regexp_rate(corpus, n_chars: int = 5_000_000) -> float:
    """NLTK RegexpTokenizer's tokens/s on the corpus's first ``n_chars`` characters (best of 3):
    the machine-state measure of ``benchmarks/run.py``."""
    return regexp_rate_of(corpus.documents.raw, n_chars)


def regexp_rate_of(texts, n_chars: int = 5_000_000) -> float:
    """:func:`regexp_rate` on an iterable of texts (read lazily, up to ``n_chars`` characters)."""
    from nltk.tokenize import RegexpTokenizer

    text, total = [], 0
    for t in texts:
        text.append(t)
        total += len(t)
        if total >= n_chars:
            break
    rt, best, n = RegexpTokenizer(r"\w+|\$[\d\.]+|\S+"), float("inf"), 0
    for _ in range(3):
        t0 = time.perf_counter()
        n = sum(len(rt.tokenize(t)) for t in text)
        best = min(best, time.perf_counter() - t0)
    return n / best


def main(argv=None) -> int:
    import pandas as pd

    from analysis import load_corpus, syntax
    from analysis.framing import lexicon_hits
    from analysis.roles import role_tables
    from run import _is_ours, machine_state, ungdc_folder  # the main benchmark's helpers

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        folder = a.folder if _is_ours(a.folder) else ungdc_folder(a.folder, work / "corpus")
        os.environ["ANALYSIS_CACHE_DIR"] = str(work / "cache")
        t = time.perf_counter()
        corpus = load_corpus(folder, cache=True)
        speed = regexp_rate(corpus) / 1.2e6
        rows.append(("load_corpus (cold, written to the cache)", time.perf_counter() - t, ""))
        actors, frames = lexicon_hits(corpus, "actors"), lexicon_hits(corpus, "frames")
        keys = syntax.sentence_keys(corpus, "actors", actors)
        n_tok = int(corpus.sentences.merge(keys.assign(doc_id=keys.doc_id.astype("category"))
                                          .astype({"doc_id": corpus.sentences.doc_id.dtype}), on=["doc_id", "sent_id"]).n_tokens.sum())
        calls = []
        nlp = syntax.load_pipeline()
        real = nlp.pipe

        def counting(texts, **kw):
            texts = list(texts)
            calls.append(len(texts))
            return real(texts, **kw)

        nlp.pipe = counting
        t0 = time.perf_counter()
        syntax.parse(corpus, "actors", actor_hits=actors, cache=True)
        t1 = time.perf_counter()
        mentions, links = role_tables(corpus, actors, frames)
        t2 = time.perf_counter()
        parsed_cold = sum(calls)
        rows.append((f"parse the {len(keys):,} sentences with an actor mention ({n_tok:,} tokens, every core)",
                     t1 - t0, f"{n_tok / (t1 - t0):,.0f} tok/s"))
        rows.append(("attribution + roles for every mention (parses the reporting sentences among them and the "
                     "sentence before each)", t2 - t1, f"{len(mentions):,} mentions, {len(links):,} links"))
        rows.append(("**roles for every actor mention, cold** (parse + attribution + roles)", t2 - t0,
                     "target < 3 min: **" + ("met" if t2 - t0 < 180 else "missed") + "**"))
        syntax._MEMO.clear()  # a new session: parses come from the disk cache
        calls.clear()
        t3 = time.perf_counter()
        again = role_tables(corpus, actors, frames)
        t4 = time.perf_counter()
        same = again[0].equals(mentions) and again[1].equals(links)
        rows.append(("**cached reload** (new session: parses read from disk, roles recomputed)", t4 - t3,
                     f"sentences parsed again: {sum(calls)}; tables identical: {same}; target: seconds, "
                     f"no parse repeated: **{'met' if sum(calls) == 0 and same else 'missed'}**"))
        rows.append(("sentences parsed in the cold run", float("nan"), f"{parsed_cold:,}"))
    table = ["| step | time | note |", "|---|---|---|"] + [
        f"| {s} | {'' if t != t else f'{t:.1f} s'} | {n} |" for s, t, n in rows]
    text = "\n".join(table) + (
        f"\n\nCorpus: {a.folder.name}: {len(corpus.documents):,} documents, {len(corpus.tokens):,} tokens. "
        f"Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}. Machine: {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, pandas {pd.__version__}, spaCy "
        f"{__import__('spacy').__version__}, pipeline {syntax.DEFAULT_PIPELINE}.  \n{machine_state(speed)}\n")
    print(text)
    if a.out:
        a.out.write_text("# Roles benchmark\n\n`python benchmarks/roles.py " + str(a.folder.name) + "`\n\n" + text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
