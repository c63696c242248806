"""The one builder of toy corpora for the tests.

``write_corpus(folder, texts, ...)`` writes a corpus folder: one ``<doc_id>.txt`` per text,
a ``manifest.csv`` and, when asked, ``cleaning.yaml`` and ``voices.csv``. ``build(texts,
...)`` writes one and loads it (into a temporary folder removed after loading, unless
``folder=`` is given); it is usable inside hypothesis tests, where function-scoped pytest
fixtures are not. The ``make_corpus`` fixture (conftest.py) builds into ``tmp_path``.
``seeds()`` loads the seed corpus once.

For example, ``write_corpus(tmp / "c", {"a": "Text.", "b": "More."}, {"a": "A"},
extra={"a": {"year": "1998"}}, cleaning="rules: []\\n")`` writes ``a.txt``, ``b.txt``,
``cleaning.yaml`` and a manifest ``doc_id,file,group,year`` / ``a,a.txt,A,1998`` / ``b,b.txt,g,``.
"""

from __future__ import annotations

import csv
import tempfile
from functools import lru_cache
from pathlib import Path

from analysis.corpus import load_corpus


def write_corpus(folder: Path, texts: dict[str, str | bytes], groups: dict[str, str] | None = None, *,
                 extra: dict[str, dict[str, str]] | None = None, rows: list[dict[str, str]] | None = None,
                 encoding: str = "utf-8", newline: str = "\n", cleaning: str | None = None,
                 voices: str | None = None) -> Path:
    """Write a toy corpus into ``folder`` (created if needed) and return ``folder``.

    texts
        ``{doc_id: text}``, written as ``<doc_id>.txt``: a ``str`` with each ``\\n`` turned into
        ``newline`` and encoded with ``encoding``; ``bytes`` as they are (a BOM, mixed encodings).
    groups
        ``{doc_id: group}``; a document not listed is in group ``"g"``.
    extra
        ``{doc_id: {column: value}}``: further manifest columns (``year``, ``published``,
        ``encoding`` …), in the order first given; a document without a value gets an empty cell.
    rows
        The manifest rows to write instead of those derived from ``texts`` (``doc_id, file,
        group`` + ``extra``), for manifests that do not match the files one to one: duplicate
        ids, a row whose file is missing or another document's, a symlink written by the test,
        missing columns. Columns are those of the rows, in the order first seen.
    cleaning, voices
        The text of ``cleaning.yaml`` and ``voices.csv`` (UTF-8), written only when given.

    The manifest is UTF-8 with ``\\n`` line ends; fields are quoted only where CSV needs it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    for doc_id, text in texts.items():
        data = text if isinstance(text, bytes) else text.replace("\n", newline).encode(encoding)
        (folder / f"{doc_id}.txt").write_bytes(data)
    if rows is None:
        rows = [{"doc_id": doc_id, "file": f"{doc_id}.txt", "group": (groups or {}).get(doc_id, "g"),
                 **(extra or {}).get(doc_id, {})} for doc_id in texts]
    fields = list(dict.fromkeys(k for r in rows for k in r))
    with open(folder / "manifest.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    for name, content in (("cleaning.yaml", cleaning), ("voices.csv", voices)):
        if content is not None:
            (folder / name).write_bytes(content.encode("utf-8"))
    return folder


def build(texts: dict[str, str | bytes], groups: dict[str, str] | None = None, *, folder: Path | None = None,
          **kw):
    """``write_corpus(folder, texts, groups, **kw)``, then load it: the Corpus.

    Without ``folder`` the corpus is written to a temporary folder, removed after loading.
    """
    if folder is not None:
        return load_corpus(write_corpus(folder, texts, groups, **kw))
    with tempfile.TemporaryDirectory() as tmp:
        return load_corpus(write_corpus(Path(tmp), texts, groups, **kw))


@lru_cache(maxsize=1)
def seeds():
    """The seed corpus, loaded once per test session."""
    return load_corpus()
