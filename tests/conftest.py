"""Shared fixtures: the seed corpus (loaded once) and a builder for toy corpora."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis import load_corpus

#: Cases tried by the robustness tests, reported at the end of the run (see pytest_terminal_summary).
CASES: dict[str, int] = {}


def count_case(name: str, n: int = 1) -> None:
    CASES[name] = CASES.get(name, 0) + n


def pytest_terminal_summary(terminalreporter):
    if CASES:
        terminalreporter.section("robustness cases tried")
        for name, n in sorted(CASES.items()):
            terminalreporter.write_line(f"{name}: {n}")


@pytest.fixture(scope="session")
def seeds():
    return load_corpus()


def write_corpus(folder: Path, texts: dict[str, str], *, groups: dict[str, str] | None = None,
                 extra: dict[str, dict[str, str]] | None = None, encoding: str = "utf-8",
                 newline: str = "\n") -> Path:
    """Write ``texts`` ({doc_id: text}) as ``<doc_id>.txt`` plus a manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for doc_id, text in texts.items():
        (folder / f"{doc_id}.txt").write_bytes(text.replace("\n", newline).encode(encoding))
        row = {"doc_id": doc_id, "file": f"{doc_id}.txt", "group": (groups or {}).get(doc_id, "g")}
        row.update((extra or {}).get(doc_id, {}))
        rows.append(row)
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return folder


@pytest.fixture
def make_corpus(tmp_path):
    """``make_corpus({doc_id: text}, **kw)`` → a loaded Corpus of a fresh toy folder."""
    counter = iter(range(10_000))

    def _make(texts, **kw):
        folder = write_corpus(tmp_path / f"c{next(counter)}", texts, **kw)
        return load_corpus(folder)

    return _make
