"""Every notebook runs top to bottom from a fresh kernel and writes the figures it promises."""

import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def code_sources(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [("".join(c["source"]), c) for c in nb["cells"] if c["cell_type"] == "code"]


def test_there_are_notebooks():
    assert [p.name for p in NOTEBOOKS][:1] == ["01-corpus-overview.ipynb"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_thin_and_committed_without_outputs(path):
    cells = code_sources(path)
    assert all(not c.get("outputs") and c.get("execution_count") is None for _, c in cells)
    tagged = [c for _, c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one code cell tagged 'parameters'"
    for src, _ in cells:
        assert not re.search(r"^\s*(def|class|lambda)\b|\bre\.compile\b|\bimport re\b", src, re.M), src
        assert "nltk.download" not in src and "../" not in src


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_executes_and_writes_its_figures(path, tmp_path, monkeypatch):
    from run_notebooks import execute

    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    monkeypatch.setenv("ANALYSIS_BUILD_DIR", str(tmp_path / "build"))
    nb, _ = execute(path, timeout=300, strict_deprecations=True)  # an old name used anywhere fails the cell
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            assert "DeprecationWarning" not in out.get("text", ""), f"{path.name}: {out['text'][:300]}"
    promised = set()
    for src, _ in code_sources(path):
        promised |= set(re.findall(r"save_figure\([^,]+,\s*[\"']([^\"']+)[\"']", src))
    assert promised, "a notebook exports at least one figure"
    for name in promised:
        assert name.startswith(path.name[:3]), f"figure {name} must reuse the notebook's prefix"
        for ext in ("png", "svg"):
            assert (tmp_path / "figures" / f"{name}.{ext}").stat().st_size > 1000
    assert not list((tmp_path / "figures").glob(".*.tmp"))


def test_readme_tables_are_current():
    """The precision/recall table in the README is generated from the coded sheets, never typed."""
    import subprocess

    out = subprocess.run([sys.executable, str(ROOT / "tools" / "readme_tables.py"), "--check"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
