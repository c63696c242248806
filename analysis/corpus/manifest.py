"""The manifest: ``manifest.csv`` read and validated (:func:`read_manifest`).

Owns the manifest's columns (:data:`MANIFEST_REQUIRED`, :data:`MANIFEST_OPTIONAL`) and the
rules for its fields: ``doc_id`` unique, every listed file present inside the folder and
every text file listed, ``published`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and not in
the future, ``year`` derived from it or agreeing with it.

Hands the pipeline (:mod:`analysis.corpus.pipeline`) one row per document, in manifest
order, with the file's manifest ``line`` (for messages) and every optional column present.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import CorpusError

__all__ = ["MANIFEST_REQUIRED", "MANIFEST_OPTIONAL", "read_manifest"]

MANIFEST_REQUIRED = ("doc_id", "file", "group")
MANIFEST_OPTIONAL = (
    "original_file",
    "kind",
    "outlet",
    "published",
    "year",
    "authors",
    "title",
    "sha256",
    "encoding",
)


def _parse_published(value: str) -> tuple[_dt.date | None, str | None]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD. Return (date of the first day, error)."""
    value = value.strip()
    if not value:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None, f"unparseable date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return _dt.date(y, mo, d), None
    except ValueError as exc:
        return None, f"unparseable date {value!r} ({exc})"


def read_manifest(folder: str | Path) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv``.

    Parameters
    ----------
    folder : path
        The corpus folder.

    Returns
    -------
    DataFrame
        One row per document, in file order: every manifest column (str; the optional
        columns of :data:`MANIFEST_OPTIONAL` added empty when absent), ``year`` as
        ``Int64`` (derived from ``published`` when empty) and ``line`` (int, the row's line
        in the file, for messages).

    Raises
    ------
    CorpusError
        Listing every problem found, each naming the file, line and field: missing
        columns, empty or duplicate ``doc_id``, a row whose file is missing or outside
        the folder, a text file without a row, an unparseable or future date, a
        ``year`` that disagrees with ``published``, a ``sha256`` that does not match.
    """
    folder = Path(folder)
    mpath = folder / "manifest.csv"
    if not mpath.is_file():
        draft = folder / "manifest.draft.csv"
        hint = (f"check {draft.name} (a draft is there), fill in its group column and rename it to manifest.csv"
                if draft.is_file() else
                f"draft one from the file names and first lines with `python -m analysis manifest {folder}`, "
                "check it, fill in its group column and rename it to manifest.csv")
        raise CorpusError(f"{mpath}: no manifest.csv in the corpus folder {folder}; {hint} "
                          "(README: 'Run it on your own corpus')")
    try:
        text = mpath.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{mpath}: not UTF-8 (byte offset {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in MANIFEST_REQUIRED if c not in columns]
    if missing:
        raise CorpusError(
            f"{mpath}, line 1: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )
    problems: list[str] = []
    rows = []
    seen: dict[str, int] = {}
    today = _dt.date.today()
    root = folder.resolve()
    for lineno, row in enumerate(reader, start=2):
        if None in row:  # more fields than columns
            problems.append(f"{mpath}, line {lineno}: more fields than the header has columns")
            row.pop(None)
        row = {k: (v or "").strip() for k, v in row.items()}
        doc_id = row["doc_id"]
        if not doc_id:
            problems.append(f"{mpath}, line {lineno}, field 'doc_id': empty")
        elif doc_id in seen:
            problems.append(f"{mpath}, line {lineno}, field 'doc_id': duplicate {doc_id!r} (first on line {seen[doc_id]})")
        else:
            seen[doc_id] = lineno
        if not row["group"]:
            problems.append(f"{mpath}, line {lineno}, field 'group': empty")
        fname = row["file"]
        if not fname:
            problems.append(f"{mpath}, line {lineno}, field 'file': empty")
        else:
            fpath = folder / fname
            resolved = fpath.resolve()
            if root not in resolved.parents:
                problems.append(f"{mpath}, line {lineno}, field 'file': {fname!r} points outside the corpus folder")
            elif not fpath.is_file():
                problems.append(f"{mpath}, line {lineno}, field 'file': no such file {fname!r} in {folder}")
        date, err = _parse_published(row.get("published", ""))
        if err:
            problems.append(f"{mpath}, line {lineno}, field 'published': {err}")
        elif date and date > today:
            problems.append(f"{mpath}, line {lineno}, field 'published': {row['published']!r} is in the future")
        year = row.get("year", "")
        if year:
            if not re.fullmatch(r"\d{4}", year):
                problems.append(f"{mpath}, line {lineno}, field 'year': {year!r} is not a four-digit year")
            elif date and int(year) != date.year:
                problems.append(f"{mpath}, line {lineno}, field 'year': {year} disagrees with published {row['published']!r}")
        elif date:
            row["year"] = str(date.year)
        row["line"] = lineno
        rows.append(row)
    listed = {r["file"] for r in rows}
    for p in sorted(folder.glob("*.txt")):
        if p.name not in listed:
            problems.append(f"{p}: text file has no row in {mpath}")
    if not rows and not problems:
        problems.append(f"{mpath}: no documents listed")
    if problems:
        raise CorpusError(problems)
    df = pd.DataFrame(rows)
    for c in MANIFEST_OPTIONAL:
        if c not in df.columns:
            df[c] = ""
    df["year"] = pd.to_numeric(df["year"].replace("", np.nan)).astype("Int64")
    return df
