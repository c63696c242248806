"""Script injection through group names and parameters (issue 18, hole 1): notebook 06, run headlessly
on a corpus whose groups are HTML, Markdown and mathtext, writes an HTML copy with no live tag."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from analysis.paths import corpus_dir

ROOT = Path(__file__).resolve().parent.parent

GROUPS = {
    "Monitor 1998–99": "Monitor $5 and $ <img src=x onerror=alert(1)>",
    "op-ed": "<script>alert(2)</script>",
    "Meduza 2020": "Meduza [x](javascript:alert(3)) x$\\frac{$ <b onmouseover=alert(4)>",
}


class Tags(HTMLParser):
    """Every start tag with its attributes, the content of every script, and the text shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.scripts, self.text, self._in_script = [], [], [], False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def hostile_seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "hostile"
    shutil.copytree(corpus_dir(), folder, ignore=shutil.ignore_patterns(".analysis-cache", "validation"))
    with open(folder / "manifest.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for r in rows:
        r["group"] = GROUPS[r["group"]]
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return folder


@pytest.mark.slow
def test_notebook_06_html_has_no_live_tag_from_group_names_or_parameters(tmp_path):
    folder = hostile_seeds(tmp_path)
    out = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "run_notebooks.py"), str(ROOT / "notebooks" / "06-synthesis.ipynb"),
         "--corpus", str(folder), "--figures", str(tmp_path / "figures"), "--html", str(tmp_path / "html"),
         "-p", "N_BOOT=50", "-p", f"BEFORE={GROUPS['Monitor 1998–99']}", "-p", f"AFTER={GROUPS['op-ed']}",
         "-p", f"VOICE_GROUP={GROUPS['Meduza 2020']}"],
        capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, out.stderr[-4000:]
    page = Tags()
    page.feed((tmp_path / "html" / "06-synthesis.html").read_text(encoding="utf-8"))
    live = [(t, a) for t, a in page.tags if t == "img" and any(k.startswith("on") for k in a)]
    live += [(t, a) for t, a in page.tags if any(k.startswith("on") and "alert" in (v or "") for k, v in a.items())]
    live += [(t, a) for t, a in page.tags if t == "a" and (a.get("href") or "").strip().lower().startswith("javascript")]
    assert live == []
    assert [s for s in page.scripts if "alert(" in s] == []
    # the names are there, shown as text: in the statements and the methods paragraph
    shown = "".join(page.text)
    assert shown.count("<script>alert(2)</script>") >= 2 and "<img src=x onerror=alert(1)>" in shown
    assert "[x](javascript:alert(3))" in shown
    # and the figure, whose legend holds x$\frac{$, was drawn (mathtext would have raised)
    assert (tmp_path / "figures" / "06-synthesis.png").stat().st_size > 1000
