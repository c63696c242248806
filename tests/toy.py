"""Toy corpora for the vocabulary/concordance tests (match, kwic, wordlists, tfidf).

``build(texts)`` writes a corpus folder (texts + manifest.csv) into a fresh temporary
directory and loads it; usable inside hypothesis tests, where function-scoped pytest
fixtures are not. ``seeds()`` loads the seed corpus once.
"""

from __future__ import annotations

import csv
import tempfile
from functools import lru_cache
from pathlib import Path

from analysis.corpus import load_corpus


def write(folder: Path, texts: dict[str, str], groups: dict[str, str] | None = None) -> Path:
    """Write ``{doc_id: text}`` as ``<doc_id>.txt`` and a manifest into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["doc_id", "file", "group"])
        for doc_id, text in texts.items():
            (folder / f"{doc_id}.txt").write_bytes(text.encode("utf-8"))
            w.writerow([doc_id, f"{doc_id}.txt", (groups or {}).get(doc_id, "g")])
    return folder


def build(texts: dict[str, str], groups: dict[str, str] | None = None):
    """Load a toy corpus written to a temporary folder (removed after loading)."""
    with tempfile.TemporaryDirectory() as tmp:
        return load_corpus(write(Path(tmp), texts, groups))


@lru_cache(maxsize=1)
def seeds():
    """The seed corpus, loaded once per test session."""
    return load_corpus()
