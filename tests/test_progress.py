"""Progress bars are configured (``ANALYSIS_PROGRESS``), never switched off by the library detecting pytest.

tests/conftest.py sets ``ANALYSIS_PROGRESS=0``; the library reads it (analysis.progress) and
never asks whether it runs under pytest.
"""

from __future__ import annotations

import os
from pathlib import Path


import analysis
from analysis import load_corpus
from toy import write_corpus

PACKAGE = Path(analysis.__file__).resolve().parent


def test_the_suite_turns_progress_bars_off_by_configuration():
    assert os.environ.get("ANALYSIS_PROGRESS") == "0"


def test_the_library_never_mentions_pytest_current_test():
    mentions = [f"{path.relative_to(PACKAGE.parent)}:{n}"
                for path in sorted(PACKAGE.rglob("*.py"))
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if "PYTEST_CURRENT_TEST" in line]
    assert mentions == []


def test_analysis_progress_1_forces_bars_on_for_a_small_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANALYSIS_PROGRESS", "1")
    load_corpus(write_corpus(tmp_path / "small", {"a": "One sentence.", "b": "Another one."}))
    assert "loading" in capsys.readouterr().err


def test_analysis_progress_0_turns_bars_off_for_a_large_corpus(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("PYTEST_CURRENT_TEST", raising=False)  # the setting alone must silence them
    monkeypatch.setenv("ANALYSIS_PROGRESS", "0")
    folder = write_corpus(tmp_path / "large", {f"d{k:03}": "One sentence." for k in range(201)})  # over 200 docs
    load_corpus(folder, cache=False)
    assert capsys.readouterr().err == ""
