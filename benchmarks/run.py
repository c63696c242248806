"""Benchmark the suite against its Python peers, side by side, on one core.

Usage::

    python benchmarks/run.py [CORPUS_FOLDER] [--out FILE.md] [--nltk-full] [--no-boot]

``CORPUS_FOLDER`` is either a corpus folder in our format (``manifest.csv`` with
``doc_id,file,group``) or a folder in the UNGDC layout (``txt/`` and a ``manifest.csv``
with ``file,iso3,session,year,…``), which is converted into a temporary corpus folder
(texts hard-linked or copied, ``doc_id`` = file stem, ``group`` = year). Without a folder
a deterministic synthetic corpus of ~1M tokens is built from the seed texts (their
paragraphs repeated and shuffled with a fixed seed).

Everything runs in this one process pinned to one CPU (``sched_setaffinity``), with BLAS
threads set to 1. Slow NLTK peers run on a subsample of the tokens and are extrapolated
linearly; those rows say so. The table is printed and, with ``--out``, written as
Markdown with the date, machine and command.
"""

from __future__ import annotations

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import csv  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import platform  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from analysis.corpus import collector_paused, load_corpus, read_manifest  # noqa: E402
from analysis.tokens import COMPILED  # noqa: E402
from analysis.tokens import TOKEN_RE, encode, normalize, vocabulary  # noqa: E402

SYNTH_TOKENS = 1_000_000
SYNTH_SEED = 20261122
NLTK_SAMPLE = 1_000_000  # tokens for the slow NLTK peers (extrapolated)
WORD_TOK_SAMPLE = 300_000  # tokens for NLTKWordTokenizer
#: NLTK RegexpTokenizer(r"\w+|\$[\d\.]+|\S+") tokens/s on this kind of machine (one core), as the scale issue
#: measured it when it set the targets; a run reports its own rate against it (the machine state line)
REFERENCE_RT_RATE = 1.2e6


# --------------------------------------------------------------------------- corpora


def ungdc_speakers(src: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(ISO code, year) → (country, speaker) from the UNGDC's ``Speakers_by_session.xlsx``
    (read with the standard library: an .xlsx is zipped XML); empty if the file is missing."""
    import re
    import xml.etree.ElementTree as ET
    import zipfile

    path = src / "Speakers_by_session.xlsx"
    if not path.is_file():
        return {}
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
                  for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)]
        sheet = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    out = {}
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = {}
        for c in row.findall("m:c", ns):
            v = c.find("m:v", ns)
            if v is not None:
                cells[re.sub(r"[0-9]", "", c.get("r"))] = shared[int(v.text)] if c.get("t") == "s" else v.text
        year, iso, country, name = (cells.get(k, "") for k in "ACDE")
        if iso and country and year[:4].isdigit():
            name = re.sub(r"^(Mr|Mrs|Ms|Dr)\.?\s+", "", " ".join(name.split())).strip(" ,;").replace(";", ",")
            out[(iso, year[:4])] = (" ".join(country.split()).replace(";", ","), name)
    return out


def ungdc_folder(src: Path, dst: Path) -> Path:
    """Our corpus format from the UNGDC layout: texts linked/copied, doc_id = stem, group = year,
    authors = the country and the speaker (``Speakers_by_session.xlsx``), so that "Belgium urges"
    in Belgium's speech is the author's own claim, not a reported one."""
    dst.mkdir(parents=True, exist_ok=True)
    with open(src / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        target = dst / r["file"]
        if not target.exists():
            try:
                os.link(src / "txt" / r["file"], target)
            except OSError:
                shutil.copyfile(src / "txt" / r["file"], target)
    speakers = ungdc_speakers(src)
    with open(dst / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "file", "group", "year", "authors"])
        for r in rows:
            who = speakers.get((r.get("iso3", ""), r["year"]), ())
            w.writerow([Path(r["file"]).stem, r["file"], r["year"], r["year"], "; ".join(n for n in who if n)])
    return dst


def synthetic_folder(dst: Path, n_tokens: int = SYNTH_TOKENS, seed: int = SYNTH_SEED) -> Path:
    """~n_tokens of the seed texts' paragraphs, shuffled with a fixed seed into documents."""
    from analysis.paths import corpus_dir

    seeds = corpus_dir()
    man = read_manifest(seeds)
    paras = []
    for f in man.file:
        text = (seeds / f).read_text(encoding="utf-8").lstrip("\ufeff")
        paras += [p.strip() for p in text.split("\n\n") if len(TOKEN_RE.findall(p)) >= 8]
    lens = [len(TOKEN_RE.findall(p)) for p in paras]
    rng = random.Random(seed)
    dst.mkdir(parents=True, exist_ok=True)
    rows, total, k = [], 0, 0
    while total < n_tokens:
        doc, n = [], 0
        target = rng.randint(800, 3000)
        while n < target:
            j = rng.randrange(len(paras))
            doc.append(paras[j])
            n += lens[j]
        name = f"synth-{k:05d}"
        (dst / f"{name}.txt").write_text("\n\n".join(doc) + "\n", encoding="utf-8")
        rows.append((name, f"{name}.txt", f"g{k % 4}"))
        total += n
        k += 1
    with open(dst / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "file", "group"])
        w.writerows(rows)
    return dst


# --------------------------------------------------------------------------- timing


def timed(fn, *args, repeat: int = 1, **kw):
    """(best seconds of ``repeat`` runs, last result)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return best, out


_PEAK_SCRIPT = """
import resource, sys, warnings
sys.path.insert(0, {root!r})
warnings.simplefilter("ignore")
import numpy, pandas, pyarrow  # noqa: F401  (libraries loaded before the baseline)
from analysis.concordance import kwic
from analysis.corpus import load_corpus
from analysis.framing import actor_frame_pairs, actor_frames, lexicon_hits
def rss():  # the peak RSS of this process: VmHWM (ru_maxrss on Linux keeps the parent's peak across exec)
    try:
        with open("/proc/self/status") as fh:
            return next(int(line.split()[1]) * 1024 for line in fh if line.startswith("VmHWM:"))
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)
r0 = rss()
c = load_corpus({folder!r}, cache=False, progress=False, workers=1)
r1 = rss()
a, f = lexicon_hits(c, "actors", progress=False), lexicon_hits(c, "frames", progress=False)
actor_frames(c, actor_frame_pairs(a, f), a, n_boot=0)
kwic(c, {word!r})
print(r0, r1, rss(), len(c.tokens))
"""


def peak_memory(folder: Path, word: str) -> tuple[int, int, int]:
    """Peak RSS above the imported libraries, in a fresh process: after ``load_corpus``, and
    after the whole pipeline (load, both lexicons, the actor × frame table, one KWIC).
    Returns (load peak bytes, pipeline peak bytes, tokens)."""
    import subprocess

    out = subprocess.run([sys.executable, "-c", _PEAK_SCRIPT.format(root=str(ROOT), folder=str(folder), word=word)],
                         check=True, capture_output=True, text=True).stdout.split()
    r0, r1, r2, n = (int(x) for x in out)
    return r1 - r0, r2 - r0, n


def warm(fn, *args, n: int = 20, **kw) -> float:
    """Best of ``n`` calls in a row without collecting garbage in between (as ``timeit``)."""
    best = float("inf")
    for _ in range(n):
        t = time.perf_counter()
        fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return best


def fmt_s(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.0f} µs"
    if s < 1:
        return f"{s * 1e3:.1f} ms"
    return f"{s:.2f} s"


def fmt_rate(n: float, s: float, unit: str = "tok/s") -> str:
    r = n / s if s > 0 else float("inf")
    return f"{r / 1e6:.2f}M {unit}" if r >= 1e5 else f"{r / 1e3:.1f}k {unit}"


class Table:
    def __init__(self):
        self.rows = []

    def add(self, task, ours, ours_s, rate="", peer="", peer_s=None, ratio=None, target="", met=None, note=""):
        self.rows.append(dict(task=task, ours=ours, ours_s=ours_s, rate=rate, peer=peer, peer_s=peer_s,
                              ratio=ratio, target=target, met=met, note=note))

    def markdown(self) -> str:
        head = "| task | ours | time | throughput | peer | peer time | ratio (peer ÷ ours) | target | met? |"
        out = [head, "|" + "---|" * 9]
        for r in self.rows:
            met = "" if r["met"] is None else ("**met**" if r["met"] else "**missed**")
            ratio = "" if r["ratio"] is None else f"{r['ratio']:.2f}×"
            peer_s = "" if r["peer_s"] is None else fmt_s(r["peer_s"])
            ours_s = "" if r["ours_s"] is None else fmt_s(r["ours_s"])
            task = r["task"] + (f" ({r['note']})" if r["note"] else "")
            out.append(f"| {task} | {r['ours']} | {ours_s} | {r['rate']} | {r['peer']} | {peer_s} | {ratio} | "
                       f"{r['target']} | {met} |")
        return "\n".join(out)


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- the benchmark


def run(folder: Path, *, nltk_full: bool = False, boot: bool = True, work: Path) -> tuple[Table, dict]:
    from nltk.collocations import BigramAssocMeasures, BigramCollocationFinder
    from nltk.text import ConcordanceIndex
    from nltk.tokenize import NLTKWordTokenizer, RegexpTokenizer
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    from analysis.collocation import collocates
    from analysis.concordance import kwic
    from analysis.framing import actor_frame_pairs, actor_frames, lexicon_hits
    from analysis.lexicons import load_lexicon
    from analysis.vectors import tfidf

    T = Table()
    info: dict = {}
    man = read_manifest(folder)
    texts = [(folder / f).read_bytes().decode("utf-8") for f in man.file]
    info["documents"] = len(texts)
    info["bytes"] = sum(len(t.encode("utf-8")) for t in texts)

    # ---- tokenizing: ours vs the regex ceiling and the peers. The regex pass and our
    # tokenize + normalise run first, best of 3 each, both before any corpus is in memory
    # (a large live heap slows allocation-heavy code more than a bare regex pass)
    def regex_pass():
        k = 0
        for t in texts:
            for _ in TOKEN_RE.finditer(t):
                k += 1
        return k

    def tok_norm():  # the package's own tokenize + normalise steps, the functions load_corpus calls
        with collector_paused():  # as load_corpus runs them
            parts = []
            for t in texts:
                _, _, codes, types = encode(t)
                parts.append((codes, types))
            codes, vocab = vocabulary(parts)  # one vocabulary for the corpus
            return codes, [normalize(w) for w in vocab]

    log("regex pass")
    t_re, n_re = timed(regex_pass, repeat=3)
    log("tokenize + normalise only")
    t_tn, _ = timed(tok_norm, repeat=3)

    log("load_corpus (no cache)")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_load, corpus = timed(load_corpus, folder, cache=False, progress=False, workers=1, repeat=3)
    n = len(corpus.tokens)
    info["tokens"] = n

    T.add("tokenize + normalise: `tokens.encode` per text, `tokens.vocabulary`, `normalize` per type (best of 3, "
          "measured first, like the regex pass)",
          "tokens.py", t_tn, fmt_rate(n, t_tn), "regex pass `TOKEN_RE.finditer`", t_re, t_re / t_tn,
          "within 2× of the regex pass (ratio ≥ 0.50)", t_re / t_tn >= 0.5)
    T.add("load + tokenize + normalise: `load_corpus` (the whole load: also paragraphs, sentences, quotations, "
          "speakers, voices, residue; all tables; one process: `workers=1`; best of 3, like the regex pass)", "load_corpus", t_load, fmt_rate(n, t_load), "regex pass", t_re,
          t_re / t_load, "within 2× of the regex pass (ratio ≥ 0.50; issue 17)", t_re / t_load >= 0.5,
          note=f"tokens found by {'the compiled scanner' if COMPILED else 're (no compiled scanner)'}")

    rt = RegexpTokenizer(r"\w+|\$[\d\.]+|\S+")
    log("nltk RegexpTokenizer")
    t_rt, n_rt = timed(lambda: sum(len(rt.tokenize(t)) for t in texts))
    info["machine_speed"] = n_rt / t_rt / REFERENCE_RT_RATE
    T.add("tokenize: NLTK RegexpTokenizer(r'\\w+|\\$[\\d\\.]+|\\S+')", "tokens.py", t_tn, "",
          "RegexpTokenizer", t_rt, t_rt / t_tn, "", None, note=f"peer {fmt_rate(n_rt, t_rt)}")

    # NLTKWordTokenizer on a subsample of documents, extrapolated by tokens
    sub, k = [], 0
    for t in texts:
        sub.append(t)
        k += len(TOKEN_RE.findall(t))
        if k >= WORD_TOK_SAMPLE:
            break
    wt = NLTKWordTokenizer()
    log("NLTKWordTokenizer (subsample)")
    t_wt_sub, n_wt = timed(lambda: sum(len(wt.tokenize(t)) for t in sub))
    t_wt = t_wt_sub * n / k
    T.add("tokenize: NLTKWordTokenizer", "tokens.py", t_tn, "", "NLTKWordTokenizer", t_wt, t_wt / t_tn, "", None,
          note=f"peer run on {k:,} tokens ({len(sub)} docs), {fmt_rate(n_wt, t_wt_sub)}, extrapolated")

    log("CountVectorizer")
    t_cv, X = timed(lambda: CountVectorizer().fit_transform(texts))
    T.add("tokenize + count: scikit-learn CountVectorizer (default token_pattern, lowercase)", "tokens.py", t_tn,
          "", "CountVectorizer.fit_transform", t_cv, t_cv / t_tn, "", None, note=f"peer {fmt_rate(X.sum(), t_cv)}")

    # ---- cache
    store = work / "cache"
    log("cache write + read")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from analysis import cache as cache_mod

        t_w, _ = timed(cache_mod.write_cached, store, corpus.meta["sha256"], corpus, folder=folder)
        t_hit, c2 = timed(load_corpus, folder, cache=store, progress=False)
    assert len(c2.tokens) == n and c2.meta == corpus.meta  # exact equality: tests/test_cache.py
    del c2
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    T.add("load from the Parquet cache (hash inputs + read; tables identical)", "load_corpus(cache=…)", t_hit,
          fmt_rate(n, t_hit), "load_corpus, no cache", t_load, t_load / t_hit, "", None,
          note=f"write {fmt_s(t_w)}, {size / 2**20:.0f} MB on disk")

    # ---- lexicon matching
    actors, frames = load_lexicon("actors"), load_lexicon("frames")
    log("lexicon_hits")
    t_a, ah = timed(lexicon_hits, corpus, actors, progress=False)  # cold: builds the token index
    t_f, fh = timed(lexicon_hits, corpus, frames, progress=False)
    t_warm, _ = timed(lambda: (lexicon_hits(corpus, actors, progress=False), lexicon_hits(corpus, frames, progress=False)))
    n_pat = sum(len(v) for v in actors.to_patterns().values()) + sum(len(v) for v in frames.to_patterns().values())
    t_m = t_a + t_f
    # peer: one regex per pattern over the raw text, on a subsample, extrapolated
    import re as _re

    def pat_regex(p):
        if p.startswith("re:"):
            return rf"\b(?:{p[3:]})\b"
        words = [_re.escape(w).replace(r"\*", r"\w*").replace(r"\?", r"\w") for w in p.split()]
        return r"\b" + r"\W+".join(words) + r"\b"

    regs = [_re.compile(pat_regex(p), _re.IGNORECASE) for lex in (actors, frames)
            for ps in lex.to_patterns().values() for p in ps]
    sub_re, k_re = [], 0
    for t in texts:
        sub_re.append(t)
        k_re += len(TOKEN_RE.findall(t))
        if k_re >= 100_000:
            break
    log("regex per pattern (subsample)")
    t_pr_sub, _ = timed(lambda: sum(1 for r in regs for t in sub_re for _ in r.finditer(t)))
    t_pr = t_pr_sub * n / k_re
    T.add(f"match the actor + frame lexicons ({n_pat} patterns): `lexicon_hits` ×2, cold index",
          "lexicon_hits", t_m, fmt_rate(n, t_m), "one regex per pattern over the text", t_pr, t_pr / t_m,
          "≥ 4M tok/s", n / t_m >= 4e6, note=f"{len(ah):,} actor + {len(fh):,} frame hits; "
          f"peer on {k_re:,} tokens, extrapolated")
    T.add("… the same, warm (token index already built by an earlier call)", "lexicon_hits", t_warm,
          fmt_rate(n, t_warm), "one regex per pattern", t_pr, t_pr / t_warm, "≥ 4M tok/s", n / t_warm >= 4e6)

    # ---- actor × frame
    log("actor x frame")

    def af(n_boot):
        pairs = actor_frame_pairs(ah, fh)
        return pairs, actor_frames(corpus, pairs, ah, n_boot=n_boot)

    t_af, (pairs, tab) = timed(af, 0)
    T.add("actor × frame table: `actor_frame_pairs` + `actor_frames(n_boot=0)`", "framing", t_af, "", "", None, None,
          "< 1 s", t_af < 1.0, note=f"{len(pairs):,} pairs, {len(tab):,} cells")
    if boot:
        t_afb, (_, tabb) = timed(af, 2000)
        T.add("actor × frame table with 2,000 bootstrap replicates", "framing", t_afb, "", "", None, None, "", None,
              note=f"{len(tabb):,} cells")

    # ---- KWIC vs NLTK ConcordanceIndex
    words = corpus.tokens["token"].astype(str).tolist()
    log("ConcordanceIndex build")
    t_cib, ci = timed(ConcordanceIndex, words, key=lambda s: s.lower())
    norm_counts = corpus.tokens["norm"].value_counts()
    freq = "united" if "united" in norm_counts.index and norm_counts["united"] > 1000 else "the"
    rare_cands = norm_counts[(norm_counts == norm_counts[norm_counts > 0].min())].index
    rare = sorted(str(x) for x in rare_cands if str(x).isalpha())[0] if len(rare_cands) else norm_counts.index[-1]
    log(f"kwic {freq!r}")
    t_k1, _ = timed(kwic, corpus, freq)  # first call: builds the display buffer (once per corpus)
    t_k, lines = timed(kwic, corpus, freq, repeat=3)
    t_ci, cl = timed(ci.find_concordance, freq, width=80, repeat=3)
    T.add(f"KWIC, frequent word '{freq}' ({len(lines):,} lines, window 5)", "kwic", t_k,
          fmt_rate(len(lines), t_k, "lines/s"), "NLTK ConcordanceIndex.find_concordance", t_ci, t_ci / t_k,
          "≥ 20× faster", t_ci / t_k >= 20,
          note=f"NLTK {len(cl):,} lines; index builds not counted: NLTK's {fmt_s(t_cib)}, ours (first call "
               f"{fmt_s(t_k1)}: the whitespace-collapsed UTF-8 buffer the lines are cut from) {fmt_s(max(t_k1 - t_k, 0))}")
    t_kr, lr = timed(kwic, corpus, rare, repeat=5)
    t_cir, _ = timed(ci.find_concordance, rare, width=80, repeat=5)
    w_kr, w_cir = warm(kwic, corpus, rare), warm(ci.find_concordance, rare, width=80)
    T.add(f"KWIC, rare word '{rare}' ({len(lr)} lines)", "kwic", t_kr, "", "NLTK ConcordanceIndex", t_cir,
          t_cir / t_kr, "< 1 ms", t_kr < 1e-3,
          note=f"after a full garbage collection, like every row; warm (timeit-style, 20 calls in a row): "
               f"ours {fmt_s(w_kr)}, NLTK {fmt_s(w_cir)}")
    phrase = "international community"
    t_kp, lp = timed(kwic, corpus, phrase, repeat=3)
    T.add(f"KWIC, phrase '{phrase}' ({len(lp):,} lines)", "kwic", t_kp, fmt_rate(len(lp), t_kp, "lines/s"),
          "(NLTK: single words only)", None, None, "", None)
    del ci

    # ---- collocates vs NLTK BigramCollocationFinder(window_size=5)
    node = "peace" if "peace" in norm_counts.index else freq
    log(f"collocates {node!r}")
    t_co, co = timed(collocates, corpus, node, window=(5, 5), repeat=3)
    norms = corpus.tokens["norm"].astype(str).tolist()
    del words
    m = n if nltk_full else min(n, NLTK_SAMPLE)
    bam = BigramAssocMeasures()

    def nltk_colloc():
        finder = BigramCollocationFinder.from_words(norms[:m], window_size=5)
        finder.apply_ngram_filter(lambda w1, w2: node not in (w1, w2))
        return finder.score_ngrams(bam.likelihood_ratio)

    log(f"nltk collocations on {m:,} tokens")
    t_nc_sub, scored = timed(nltk_colloc)
    t_nc = t_nc_sub * n / m
    T.add(f"collocates of '{node}', window 5 ({len(co):,} collocates)", "collocates", t_co, "",
          "NLTK BigramCollocationFinder.from_words(window_size=5) + filter + G² scoring", t_nc, t_nc / t_co,
          "≥ 100× faster", t_nc / t_co >= 100,
          note="" if m == n else f"peer run on {m:,} tokens ({fmt_s(t_nc_sub)}), extrapolated")
    del norms, scored

    # ---- TF-IDF
    log("tfidf")
    t_tf, _ = timed(tfidf, corpus, by="doc_id", top=10)
    t_tv, _ = timed(lambda: TfidfVectorizer().fit_transform(texts))
    T.add("TF-IDF per document: `tfidf(by='doc_id', top=10)` on our tokens", "tfidf", t_tf, fmt_rate(n, t_tf),
          "TfidfVectorizer().fit_transform(raw texts)", t_tv, t_tv / t_tf, "", None)

    # ---- memory
    tok_bytes = corpus.tokens.memory_usage(deep=True).sum()
    all_bytes = sum(getattr(corpus, t).memory_usage(deep=True).sum() for t in ("tokens", "sentences"))
    log("peak memory (fresh process)")
    peak_load, peak_all, n_peak = peak_memory(folder, freq)
    T.add("memory: tokens table, bytes per token (`memory_usage(deep=True)`)", "tokens", None,
          f"{tok_bytes / n:.1f} B/token", "a str object per token", None, None, "< 200 B/token", tok_bytes / n < 200,
          note=f"tokens + sentences {all_bytes / n:.1f} B/token")
    T.add("peak memory of `load_corpus` in a fresh process (RSS above the imported libraries), bytes per token",
          "load_corpus", None, f"{peak_load / n_peak:.0f} B/token", "", None, None, "< 200 B/token",
          peak_load / n_peak < 200, note=f"{peak_load / 2**20:,.0f} MB")
    T.add("… the whole pipeline: load, both lexicons, actor × frame table, one KWIC", "", None,
          f"{peak_all / n_peak:.0f} B/token", "", None, None, "< 200 B/token", peak_all / n_peak < 200,
          note=f"{peak_all / 2**20:,.0f} MB")
    info["peak_load_bytes"] = peak_load
    return T, info


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("folder", nargs="?", help="corpus folder (ours or UNGDC layout); default: synthetic from seeds")
    ap.add_argument("--out", help="write the Markdown table to this file")
    ap.add_argument("--nltk-full", action="store_true", help="run NLTK's collocation finder on all tokens")
    ap.add_argument("--no-boot", action="store_true", help="skip the bootstrap row")
    args = ap.parse_args(argv)
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        pass
    work = Path(tempfile.mkdtemp(prefix="analysis-bench-"))
    try:
        if args.folder is None:
            folder = synthetic_folder(work / "synthetic")
            label = f"synthetic: seed paragraphs shuffled (seed {SYNTH_SEED}) to ~{SYNTH_TOKENS:,} tokens"
        else:
            src = Path(args.folder)
            if (src / "txt").is_dir() and not _is_ours(src):
                folder = ungdc_folder(src, work / src.name)
                label = f"{src.name} (UNGDC layout, converted: doc_id = file stem, group = year)"
            else:
                folder = src
                label = src.name
        table, info = run(folder, nltk_full=args.nltk_full, boot=not args.no_boot, work=work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    header = (
        f"Corpus: {label}: {info['documents']:,} documents, {info['tokens']:,} tokens, "
        f"{info['bytes'] / 2**20:.1f} MB.  \n"
        f"Date: {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC. Machine: {platform.node()}, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs (run pinned to one), "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}.  \n"
        f"Command: `python benchmarks/run.py {_shown_args(argv)}`  \n"
        f"{machine_state(info['machine_speed'])}"
    )
    md = header + "\n\n" + table.markdown() + "\n"
    print(md)
    if args.out:
        Path(args.out).write_text(md, encoding="utf-8")
    return 0


def machine_state(speed: float) -> str:
    """How fast this run's machine was, against the one the issue's targets were set on."""
    return (f"Machine state: NLTK's RegexpTokenizer ran at {speed:.2f}× the {REFERENCE_RT_RATE / 1e6:.1f}M tokens/s "
            "the scale issue measured when it set the targets. Ratios to peers run in the same process do not "
            "depend on it; the absolute targets (actor × frame under 1 s, a rare word under 1 ms) do"
            + (": on a machine this much slower, read them with that in mind." if speed < 0.8 else "."))


def _shown_args(argv) -> str:
    """The arguments that shape the results (``--out FILE`` only says where they go)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--out" in args:
        k = args.index("--out")
        del args[k:k + 2]
    return " ".join(args)


def _is_ours(folder: Path) -> bool:
    try:
        with open(folder / "manifest.csv", encoding="utf-8-sig", newline="") as fh:
            cols = next(csv.reader(fh))
    except (OSError, StopIteration):
        return False
    return {"doc_id", "file", "group"} <= set(cols)


if __name__ == "__main__":
    sys.exit(main())
