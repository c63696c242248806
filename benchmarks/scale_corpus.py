"""Make the scale benchmark's corpus: a corpus folder replicated with distinct document ids
and shuffled sentences (issue 20: ≥ 2×10⁸ tokens from UNGDC's 9.3M).

    python benchmarks/scale_corpus.py /work/ungdc/corpus build/scale/ungdc-x22 --copies 22

Each copy of each document gets the id ``<doc_id>-c<copy>`` and the sentences of its
paragraphs shuffled (seeded by the copy and document, so the folder is the same on every
run): the same vocabulary and sentence lengths, but no two documents with the same text.
Copy 0 keeps the original order. Group and year stay the original's. Written into a build
folder, never committed; a folder already complete for the same arguments is kept.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
from pathlib import Path

#: A sentence ends at . ! ? (with closing quotes or brackets) before whitespace and a capital,
#: digit or opening quote (the loader's rule, simplified: a cut it misses only moves less text).
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+(?=[\"'“‘(A-Z0-9])")


def shuffled(text: str, rnd: random.Random) -> str:
    """``text`` with the sentences of each paragraph shuffled (paragraphs stay in order)."""
    paras = re.split(r"\n\s*\n", text)
    out = []
    for p in paras:
        sents = SENTENCE_END.split(p.strip())
        rnd.shuffle(sents)
        out.append(" ".join(sents))
    return "\n\n".join(out) + "\n"


def make(source: Path, out: Path, copies: int) -> Path:
    """Write ``copies`` shuffled copies of the corpus ``source`` into ``out``; return ``out``."""
    stamp = {"source": str(source.resolve()), "copies": copies, "version": 1}
    done = out / "made.json"
    if done.is_file() and json.loads(done.read_text()) == stamp:
        return out
    out.mkdir(parents=True, exist_ok=True)
    with open(source / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    texts = {r["doc_id"]: (source / r["file"]).read_text(encoding="utf-8") for r in rows}
    manifest = []
    for c in range(copies):
        for r in rows:
            doc = f"{r['doc_id']}-c{c:02d}"
            text = texts[r["doc_id"]] if c == 0 else shuffled(texts[r["doc_id"]], random.Random(f"{c}/{r['doc_id']}"))
            (out / f"{doc}.txt").write_text(text, encoding="utf-8")
            manifest.append({**r, "doc_id": doc, "file": f"{doc}.txt"})
    with open(out / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(manifest)
    done.write_text(json.dumps(stamp))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--copies", type=int, default=22)
    a = ap.parse_args(argv)
    make(a.source, a.out, a.copies)
    print(a.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
