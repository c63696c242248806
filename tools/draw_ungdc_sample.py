"""Draw the out-of-sample validation set from the UN General Debate corpus (run once).

    python tools/draw_ungdc_sample.py /path/to/ungdc-1998-2021 [--n 600] [--seed 20261204]

Converts the UNGDC layout (``txt/ISO3_SESSION_YEAR.txt`` + ``manifest.csv``) into a corpus
folder (doc_id = file stem, group = year, region from ``validation/ungdc/regions.csv``),
loads it, finds actor mentions with the actor lexicon, and draws a sample stratified by
year × region × "names an actor" (``analysis.validation.stratified_sample``). Writes
``validation/ungdc/sample.csv`` (offsets into the UNGDC files and the sentences as
excerpts) and the blind coding sheet ``validation/ungdc/blind.csv`` (id and sentence only:
what the coders see). The frame dictionary is never used here, so the coders stay blind to it.
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.framing import lexicon_hits  # noqa: E402
from analysis.validation import stratified_sample  # noqa: E402

OUT = ROOT / "validation" / "ungdc"


def convert(src: Path, dst: Path) -> Path:
    region = {r["iso3"]: r["region"] for r in csv.DictReader(open(OUT / "regions.csv", encoding="utf-8"))}
    rows = list(csv.DictReader(open(src / "manifest.csv", encoding="utf-8", newline="")))
    with open(dst / "manifest.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "file", "group", "year", "iso3", "region", "sha256"])
        for r in rows:
            shutil.copyfile(src / "txt" / r["file"], dst / r["file"])
            w.writerow([Path(r["file"]).stem, r["file"], r["year"], r["year"], r["iso3"], region[r["iso3"]], r["sha256"]])
    return dst


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ungdc", type=Path)
    ap.add_argument("--n", type=int, default=600)
    ap.add_argument("--seed", type=int, default=20261204)
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = load_corpus(convert(a.ungdc, Path(tmp)), cache=False)
        actors = lexicon_hits(corpus, "actors")
        sample = stratified_sample(corpus, n=a.n, strata=("year", "region"), mentions=actors, seed=a.seed)
    sample.insert(0, "id", [f"u{k:04d}" for k in range(1, len(sample) + 1)])
    sample.to_csv(OUT / "sample.csv", index=False, lineterminator="\n")
    sample[["id", "sentence"]].to_csv(OUT / "blind.csv", index=False, lineterminator="\n")
    print(f"{len(sample)} sentences from {sample.doc_id.nunique()} speeches; "
          f"{int(sample.mentions_actor.sum())} name an actor", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
