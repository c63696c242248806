"""Score the frame dictionary (and, with --model, the learned classifier) on the coded UN
General Debate sentences: per frame precision and recall with Wilson intervals, per half.

    python tools/score_ungdc.py [--half tune|held-out|all] [--out FILE]
    python tools/score_ungdc.py --model     # train on the tuning half, compare on the held-out half,
                                            # write validation/ungdc/method-choice.csv

Reads ``validation/ungdc/coded.csv`` (the adjudicated codes, with each sentence's half) and
builds a corpus of the coded excerpts (``analysis.validation.sheet_corpus``), so nothing from
../shared is needed. While the dictionary is tuned, only ``--half tune`` may be run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis.classify import choose_methods, train_frame_models  # noqa: E402
from analysis.framing import lexicon_hits  # noqa: E402
from analysis.io import atomic_write_text  # noqa: E402
from analysis.lexicons import CODEBOOK_FRAMES  # noqa: E402
from analysis.validation import sentence_scores, sheet_corpus  # noqa: E402

CODED = ROOT / "validation" / "ungdc" / "coded.csv"


def dictionary_found(sheet: pd.DataFrame, lexicon="frames") -> pd.DataFrame:
    """(id, category) for every coded sentence where the dictionary has a hit of the category."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = sheet_corpus(sheet, tmp)
        hits = lexicon_hits(corpus, lexicon, progress=False)
    return pd.DataFrame({"id": hits.doc_id.astype(str), "category": hits.category.astype(str)}).drop_duplicates()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--half", choices=["tune", "held-out", "all"], default="tune")
    ap.add_argument("--out", type=Path)
    ap.add_argument("--model", action="store_true",
                    help="the learned option: dictionary vs model per frame on the held-out half")
    a = ap.parse_args(argv)
    coded = pd.read_csv(CODED, dtype=str, keep_default_na=False)
    if a.model:
        models = train_frame_models(coded[coded.half == "tune"], categories=CODEBOOK_FRAMES)
        choice = choose_methods(models, coded[coded.half == "held-out"])
        print(models.cv.round(3).to_string(index=False))
        print(choice.round(3).to_string(index=False))
        atomic_write_text(a.out or CODED.with_name("method-choice.csv"), choice.to_csv(index=False, lineterminator="\n"))
        return 0
    sheet = coded if a.half == "all" else coded[coded.half == a.half]
    scores = sentence_scores(sheet, dictionary_found(sheet), categories=CODEBOOK_FRAMES)
    print(scores.round(3).to_string(index=False))
    if a.out:
        scores.to_csv(a.out, index=False, lineterminator="\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
