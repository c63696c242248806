"""A first manifest for a folder of texts: drafted from file names and first lines, for the
user to check (``python -m analysis manifest DIR``).

Every ``.txt`` file of the folder and its subfolders gets a row: ``doc_id`` from the file stem
(made unique with the subfolder where two stems collide), ``file`` (the path inside the
folder), ``group`` from the first subfolder (left empty for files at the top: the user fills
it in — it is what the analysis compares), ``published`` from a date in the file name or,
failing that, in the first lines, ``title`` from the first line, ``encoding`` where a file is
not UTF-8, and ``draft_note`` saying where each guess came from. The draft is written as
``manifest.draft.csv`` and never overwrites a file: the user checks it and renames it to
``manifest.csv``.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from pathlib import Path

import pandas as pd

from .errors import CorpusError

__all__ = ["DRAFT_NAME", "draft_manifest", "write_manifest_draft"]

DRAFT_NAME = "manifest.draft.csv"
_COLUMNS = ["doc_id", "file", "group", "published", "title", "encoding", "draft_note"]
_MONTHS = {m: k for k, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], start=1)}
_MON = "(" + "|".join(sorted({*_MONTHS, *(m[:3] for m in _MONTHS), "sept"}, key=len, reverse=True)) + r")\.?"
#: Dates in file names: 2014-03-12, 2014_03_12, 20140312, 2014-03, or a lone year between separators.
_NAME_DATES = [re.compile(r"(?<!\d)((?:1[89]|20)\d\d)[-_.]?(0[1-9]|1[0-2])[-_.]?(0[1-9]|[12]\d|3[01])(?!\d)"),
               re.compile(r"(?<!\d)((?:1[89]|20)\d\d)[-_.](0[1-9]|1[0-2])(?!\d)"),
               re.compile(r"(?<![\dA-Za-z])((?:1[89]|20)\d\d)(?![\dA-Za-z])")]
#: Dates in text: 2014-03-12, 12 March 2014, March 12, 2014, March 2014.
_TEXT_DATES = [(re.compile(r"(?<!\d)((?:1[89]|20)\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(?!\d)"), "ymd"),
               (re.compile(rf"(?<!\d)([0-3]?\d)\s+{_MON}\s+((?:1[89]|20)\d\d)(?!\d)", re.I), "dmy"),
               (re.compile(rf"\b{_MON}\s+([0-3]?\d),?\s+((?:1[89]|20)\d\d)(?!\d)", re.I), "mdy"),
               (re.compile(rf"\b{_MON}\s+((?:1[89]|20)\d\d)(?!\d)", re.I), "my")]


def _date(y: int, m: int | None = None, d: int | None = None) -> str | None:
    """``YYYY[-MM[-DD]]`` if it is a real date not in the future, else None."""
    try:
        day = _dt.date(y, m or 1, d or 1)
    except ValueError:
        return None
    if day > _dt.date.today():
        return None
    return f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if d else "")


def date_in_name(name: str) -> str | None:
    """The date a file name holds (``speech_2014-03-12.txt`` → ``"2014-03-12"``; ``AFG_53_1998``
    → ``"1998"``), or None."""
    for rx in _NAME_DATES:
        for m in rx.finditer(name):
            parts = [int(g) for g in m.groups()]
            got = _date(*parts)
            if got:
                return got
    return None


def date_in_text(text: str) -> str | None:
    """The first date written in ``text`` (ISO, "12 March 2014", "March 12, 2014", "March 2014")."""
    found = []
    for rx, kind in _TEXT_DATES:
        m = rx.search(text)
        if not m:
            continue
        g = m.groups()
        if kind == "ymd":
            got = _date(int(g[0]), int(g[1]), int(g[2]))
        elif kind == "dmy":
            got = _date(int(g[2]), _MONTHS.get(_month(g[1])), int(g[0]))
        elif kind == "mdy":
            got = _date(int(g[2]), _MONTHS.get(_month(g[0])), int(g[1]))
        else:
            got = _date(int(g[1]), _MONTHS.get(_month(g[0])))
        if got:
            found.append((m.start(), got))
    return min(found)[1] if found else None


def _month(word: str) -> str:
    w = word.lower().rstrip(".")
    return next((m for m in _MONTHS if m.startswith(w[:3])), w)


def _read(path: Path) -> tuple[str, str, str]:
    """(text, encoding to declare or "", note)."""
    data = path.read_bytes()
    for enc, declared in (("utf-8-sig", ""), ("cp1252", "cp1252"), ("latin-1", "latin-1")):
        try:
            return data.decode(enc), declared, ("" if not declared else f"not UTF-8: read as {declared}, check")
        except UnicodeDecodeError:
            continue
    return "", "", "unreadable"  # latin-1 decodes any bytes: not reached


def draft_manifest(folder: str | Path, *, first_lines: int = 5) -> pd.DataFrame:
    """A manifest drafted from the ``.txt`` files of ``folder`` (and its subfolders).

    Returns
    -------
    DataFrame
        doc_id, file, group, published, title, encoding, draft_note (all str; "" where
        nothing was found); files in path order.

    Raises
    ------
    CorpusError
        No such folder, or no ``.txt`` file in it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"{folder}: no such folder")
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(folder).parts))
    if not files:
        raise CorpusError(f"{folder}: no .txt files (a corpus is a folder of UTF-8 .txt files)")
    stems = pd.Series([p.stem for p in files])
    clash = set(stems[stems.duplicated(keep=False)])
    rows = []
    for p in files:
        rel = p.relative_to(folder)
        sub = rel.parts[0] if len(rel.parts) > 1 else ""
        text, encoding, note = _read(p)
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        notes = [note] if note else []
        named, written = date_in_name(p.stem), date_in_text("\n".join(lines[:first_lines]))
        if named and not (written and written.startswith(named) and len(written) > len(named)):
            published = named
            notes.append("date from the file name")
        else:  # none in the name, or the first lines say more precisely what the name says
            published = written or ""
            notes.append("date from the first lines" if published else "no date found")
        if not lines:
            notes.append("empty file: remove it")
        notes.append("group from the folder" if sub else "group: fill in")
        doc_id = "-".join(rel.with_suffix("").parts) if p.stem in clash else p.stem
        rows.append({"doc_id": doc_id, "file": rel.as_posix(), "group": sub, "published": published,
                     "title": lines[0][:150] if lines else "", "encoding": encoding, "draft_note": "; ".join(notes)})
    return pd.DataFrame(rows, columns=_COLUMNS)


def write_manifest_draft(folder: str | Path, *, name: str = DRAFT_NAME) -> Path:
    """Write :func:`draft_manifest` as ``folder/manifest.draft.csv`` (never over an existing
    file: ``FileExistsError``); return its path."""
    folder = Path(folder)
    target = folder / name
    if target.exists():
        raise FileExistsError(f"{target} exists: check it and rename it to manifest.csv, or delete it to draft anew")
    table = draft_manifest(folder)
    buf = io.StringIO()
    table.to_csv(buf, index=False, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    with open(target, "x", encoding="utf-8", newline="") as f:  # "x": never overwrite, even in a race
        f.write(buf.getvalue())
    return target
