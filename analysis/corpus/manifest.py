"""The manifest: ``manifest.csv`` read and validated (:func:`read_manifest`).

Owns the manifest's columns (:data:`MANIFEST_REQUIRED`, :data:`MANIFEST_OPTIONAL`) and the
rules for its fields: ``doc_id`` unique, every listed file present inside the folder and
every text file listed, ``published`` as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` and not in
the future, ``year`` derived from it or agreeing with it.

Hands the pipeline (:mod:`analysis.corpus.pipeline`) one row per document, in manifest
order, with the file's manifest ``line`` (for messages) and every optional column present.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import stat
import unicodedata
from pathlib import Path

import numpy as np
import pandas as pd

from .csvfile import read_rows
from .errors import CorpusError

__all__ = ["MANIFEST_REQUIRED", "MANIFEST_OPTIONAL", "RESERVED_COLUMNS", "read_manifest"]

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


#: Columns the loader adds to the documents table (``line``: the manifest line, for messages);
#: a manifest column of one of these names is an error, never overwritten.
RESERVED_COLUMNS = ("raw", "text", "line", "n_chars", "n_paragraphs", "n_tokens", "n_quoted_tokens", "n_sentences",
                    "n_residue_chars")

def _parse_published(value: str) -> tuple[_dt.date | None, str | None]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD (ASCII digits). Return (date of the first day, error)."""
    value = value.strip()
    if not value:
        return None, None
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", value)
    if not m:
        return None, f"unparseable date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return _dt.date(y, mo, d), None
    except ValueError as exc:
        return None, f"unparseable date {value!r} ({exc})"


def read_manifest(folder: str | Path, *, data: bytes | None = None) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv``.

    Parameters
    ----------
    folder : path
        The corpus folder.
    data : bytes, optional
        The manifest's bytes when the caller has read them already (to hash what it parses).

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
        Listing every problem found, each naming the file, line and field: missing,
        duplicate or reserved (:data:`RESERVED_COLUMNS`) columns, a line break inside a
        field or an unclosed quotation mark, empty or duplicate ``doc_id`` (also equal after
        NFC), a row whose file is missing, outside the folder or another row's file, a text
        file without a row, an unparseable or future date, a ``year`` that is not four ASCII
        digits, is 0000 or in the future or disagrees with ``published``.
    """
    folder = Path(folder)
    mpath = folder / "manifest.csv"
    if data is None:
        if not mpath.is_file():
            draft = folder / "manifest.draft.csv"
            hint = (f"check {draft.name} (a draft is there), fill in its group column and rename it to manifest.csv"
                    if draft.is_file() else
                    f"draft one from the file names and first lines with `python -m analysis manifest {folder}`, "
                    "check it, fill in its group column and rename it to manifest.csv")
            raise CorpusError(f"{mpath}: no manifest.csv in the corpus folder {folder}; {hint} "
                              "(README: 'Run it on your own corpus')")
        data = mpath.read_bytes()
    columns, parsed, problems, broken = read_rows(mpath, data, required=MANIFEST_REQUIRED, reserved=RESERVED_COLUMNS)
    check = _RowCheck(folder, mpath)
    check.problems += problems
    rows = [check(row, line) for line, row in parsed]
    listed = {r["file"] for r in rows}
    unlisted = [p for p in folder.glob("*.txt") if p.name not in listed] if not broken else []
    for p in sorted(unlisted):  # (after a broken row: its consequence)
        check.problems.append(f"{p}: text file has no row in {mpath}")
    if not rows and not check.problems:
        check.problems.append(f"{mpath}: no documents listed")
    if check.problems:
        raise CorpusError(check.problems)
    df = pd.DataFrame(rows)
    for c in MANIFEST_OPTIONAL:
        if c not in df.columns:
            df[c] = ""
    df["year"] = pd.to_numeric(df["year"].replace("", np.nan)).astype("Int64")
    df.attrs["file_sizes"] = np.asarray(check.sizes, dtype=np.int64)  # as checked: what is large, and how to divide it (not hashed)
    return df


class _RowCheck:
    """Validates manifest rows one by one (``check(row, line)``), collecting ``problems``."""

    def __init__(self, folder: Path, mpath: Path):
        self.folder, self.mpath, self.root = folder, mpath, folder.resolve()
        self.problems: list[str] = []
        self.seen: dict[str, int] = {}
        self.seen_nfc: dict[str, tuple[str, int]] = {}
        self.files: dict[tuple[int, int], tuple[str, int]] = {}
        self.sizes: list[int] = []  # each listed file's size in bytes, in row order
        self.today = _dt.date.today()

    def __call__(self, row: dict, lineno: int) -> dict:
        self._doc_id(row["doc_id"], lineno)
        if not row["group"]:
            self.problems.append(f"{self.mpath}, line {lineno}, field 'group': empty")
        self._file(row, lineno)
        self._dates(row, lineno)
        row["line"] = lineno
        return row

    def _doc_id(self, doc_id: str, lineno: int) -> None:
        where = f"{self.mpath}, line {lineno}, field 'doc_id'"
        if not doc_id:
            self.problems.append(f"{where}: empty")
        elif doc_id in self.seen:
            self.problems.append(f"{where}: duplicate {doc_id!r} (first on line {self.seen[doc_id]})")
        else:
            self.seen[doc_id] = lineno
            nfc = unicodedata.normalize("NFC", doc_id)
            if nfc in self.seen_nfc:
                other, line = self.seen_nfc[nfc]
                self.problems.append(f"{where}: {doc_id!r} equals {other!r} (line {line}) after Unicode "
                                     "normalisation (NFC): two ids that look the same")
            else:
                self.seen_nfc[nfc] = (doc_id, lineno)

    def _file(self, row: dict, lineno: int) -> None:
        fname = row["file"]
        where = f"{self.mpath}, line {lineno}, field 'file'"
        if not fname:
            self.problems.append(f"{where}: empty")
            return
        fpath = self.folder / fname
        st = _plain_file_here(fpath, fname)
        if st is None and self.root not in fpath.resolve().parents:
            self.problems.append(f"{where}: {fname!r} points outside the corpus folder")
        elif st is None and not fpath.is_file():
            self.problems.append(f"{where}: no such file {fname!r} in {self.folder}")
        else:
            st = st or fpath.stat()
            self.sizes.append(st.st_size)
            other = self.files.setdefault((st.st_dev, st.st_ino), (row["doc_id"], lineno))
            if other[1] != lineno:
                self.problems.append(f"{where}: {fname!r} is the file of {other[0]!r} (line {other[1]}) too: "
                                     "one text would be counted twice")

    def _dates(self, row: dict, lineno: int) -> None:
        where = f"{self.mpath}, line {lineno}, field"
        date, err = _parse_published(row.get("published", ""))
        if err:
            self.problems.append(f"{where} 'published': {err}")
        elif date and date > self.today:
            self.problems.append(f"{where} 'published': {row['published']!r} is in the future")
        year = row.get("year", "")
        if year:
            if not re.fullmatch(r"[0-9]{4}", year):
                self.problems.append(f"{where} 'year': {year!r} is not a four-digit year (ASCII digits 0-9)")
            elif int(year) == 0:
                self.problems.append(f"{where} 'year': {year!r} is not a plausible year (there is no year 0)")
            elif int(year) > self.today.year:
                self.problems.append(f"{where} 'year': {year!r} is in the future")
            elif date and int(year) != date.year:
                self.problems.append(f"{where} 'year': {year} disagrees with published {row['published']!r}")
        elif date:
            row["year"] = str(date.year)


def _plain_file_here(fpath: Path, fname: str):
    """``os.stat_result`` of ``fpath`` when it is a regular file (not a link) named by a bare
    file name (no folder, no ``..``): then it is in the corpus folder for sure, without
    resolving the path (a dozen system calls per file); else ``None`` (check it in full)."""
    if "/" in fname or "\\" in fname or fname in (".", ".."):
        return None
    try:
        st = os.lstat(fpath)
    except OSError:
        return None
    return st if stat.S_ISREG(st.st_mode) else None
