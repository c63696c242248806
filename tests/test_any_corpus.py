"""The whole suite runs on corpora it was not written for, at three sizes, with no parameter set:
generated corpora of 5, 60 and 600 documents (tests/gencorpus.py: several groups and years,
quotations and transcript turns in some, actors and frame words from the bundled lexicons)."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from analysis._plots.sizing import MAX_PX
from gencorpus import generate

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
#: The seed corpus's groups and the words of its story, none of which may reach another corpus's outputs.
SEED_NAMES = ("monitor", "meduza", "op-ed", "norris", "phillips")


@pytest.mark.slow
@pytest.mark.parametrize("n_docs", [5, 60, 600])
def test_every_notebook_runs_on_a_generated_corpus_with_no_parameters(tmp_path, n_docs):
    folder = generate(tmp_path / f"generated-{n_docs}", n_docs)
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "analysis", "run", str(folder), "--out", str(out)],
                         capture_output=True, text=True, timeout=1200, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.count("ok ") == len(NOTEBOOKS)
    record = json.loads((out / "run.json").read_text())
    assert record["corpus"]["folder"] == folder.name
    assert [n["status"] for n in record["notebooks"]] == ["ok"] * len(NOTEBOOKS)
    figures = out / "figures"
    for nb in NOTEBOOKS:
        assert list(figures.glob(nb[:3] + "*.png")), f"{nb} wrote no figure"
    for png in figures.glob("*.png"):
        with Image.open(png) as im:
            assert max(im.size) <= MAX_PX, f"{png.name}: {im.size}"
    named = [p.name for p in out.rglob("*") if any(s in p.name.lower() for s in SEED_NAMES)]
    assert named == []
    # the tables describe this corpus: its groups, its documents
    groups = {f"Outlet {g:02d}" for g in range(1, 41)}
    assert set(pd.read_csv(figures / "04-frame-rates.csv").group) <= groups
    assert set(pd.read_csv(figures / "03-actor-mentions.csv").group) <= groups
    # neither the report nor the executed notebooks tell the seeds' story
    report = (out / "report" / "index.html").read_text(encoding="utf-8")
    assert report.index("The answer") < report.index("06-synthesis") < report.index("<h2>Figures")
    for page in [report, *(p.read_text(encoding="utf-8") for p in (out / "notebooks").glob("*.html"))]:
        low = page.lower()
        assert not [s for s in ("meduza", "monitor briefs", "norris", "phillips") if s in low]
