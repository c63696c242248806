"""The whole suite reruns on a corpus it was not written for: parameters and folders from the command line."""

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import write_corpus

ROOT = Path(__file__).resolve().parent.parent

TEXTS = {
    "wire-1": "Moscow warned NATO against air strikes on Serbia. Russian diplomats held talks in Belgrade. "
              "The Kremlin said the crisis could escalate into war.\n\n"
              "NATO troops were deployed near the border. Serbian forces shelled villages and refugees fled.\n",
    "wire-2": "Russia proposed a peace settlement. Yugoslav officials accepted the proposal for negotiations. "
              "NATO commanders prepared air strikes against Serbian army positions.\n",
    "blog-1": "Putin wants to restore Russia's imperial glory. Sanctions on Russian oligarchs and gas revenue matter. "
              "Serbia, a Russian ally, threatens Kosovo. The EU must support Kosovo's independence.\n\n"
              "“Russia will never accept NATO expansion to its borders,” said the minister. NATO allies disagree.\n",
    "blog-2": "The alliance should deter Russian aggression. Serbia buys Russian tanks and warplanes. "
              "Kosovo asks for NATO membership and recognition.\n",
}


@pytest.mark.slow
def test_every_notebook_reruns_on_another_corpus(tmp_path):
    folder = write_corpus(tmp_path / "other", TEXTS, groups={"wire-1": "Wires", "wire-2": "Wires", "blog-1": "Blogs",
                                                            "blog-2": "Blogs"},
                          extra={k: {"published": "2001" if k.startswith("wire") else "2022"} for k in TEXTS})
    figures = tmp_path / "figures"
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_notebooks.py"), "--corpus", str(folder), "--figures", str(figures),
         "-p", "N_BOOT=200", "-p", "BEFORE='Wires'", "-p", "AFTER='Blogs'", "-p", "VOICE_GROUP='Blogs'",
         "-p", "EARLY_YEARS=[2001]", "-p", "LATE_YEARS=[2022]", "-p", "MEDUZA='Blogs'", "-p", "DRILL_GROUP='Blogs'",
         "--record", str(tmp_path / "run.json"), "--report", str(tmp_path / "report")],
        capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-4000:]
    notebooks = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    assert out.stdout.count("ok ") == len(notebooks)
    for nb in notebooks:
        assert list(figures.glob(nb[:3] + "*.png")), f"{nb} wrote no figure"
    # the tables are this corpus's, not the seeds'
    rates = pd.read_csv(figures / "04-frame-rates.csv")
    assert set(rates.group) == {"Wires", "Blogs"}
    shares = pd.read_csv(figures / "06-role-shares.csv")  # four documents: shown one by one
    assert set(shares.doc_id) <= set(TEXTS) and len(shares) > 0
    record = json.loads((tmp_path / "run.json").read_text())
    assert record["corpus"]["folder"] == "other" and sorted(record["corpus"]["files"]) == sorted(f"{k}.txt" for k in TEXTS)
    params = {n["notebook"]: n["parameters"] for n in record["notebooks"]}
    assert params["04-framing.ipynb"]["N_BOOT"] == 200 and params["06-synthesis.ipynb"]["N_BOOT"] == 200
    assert "06-synthesis" in (tmp_path / "report" / "index.html").read_text()
