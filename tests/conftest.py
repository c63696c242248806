"""Shared fixtures: the seed corpus (loaded once) and toy corpora (built by tests/toy.py)."""

from __future__ import annotations

import os

import pytest

from analysis import load_corpus
from toy import build, write_corpus  # noqa: F401  (write_corpus: also imported from here by tests)

#: Cases tried by the robustness tests, reported at the end of the run (see pytest_terminal_summary).
CASES: dict[str, int] = {}


def count_case(name: str, n: int = 1) -> None:
    CASES[name] = CASES.get(name, 0) + n


def pytest_configure(config):
    """No progress bars in the tests, nor in the notebooks and tools they run in subprocesses:
    set by configuration (README, "Progress bars"), not guessed by the library."""
    os.environ["ANALYSIS_PROGRESS"] = "0"


def pytest_terminal_summary(terminalreporter):
    if CASES:
        terminalreporter.section("robustness cases tried")
        for name, n in sorted(CASES.items()):
            terminalreporter.write_line(f"{name}: {n}")


@pytest.fixture(scope="session")
def seeds():
    return load_corpus()


@pytest.fixture
def make_corpus(tmp_path):
    """``make_corpus({doc_id: text}, **kw)`` → a loaded Corpus of a fresh toy folder in ``tmp_path``.

    ``kw`` as for ``toy.write_corpus`` (groups, extra, rows, encoding, newline, cleaning, voices).
    """
    counter = iter(range(10_000))

    def _make(texts, **kw):
        return build(texts, folder=tmp_path / f"c{next(counter)}", **kw)

    return _make
