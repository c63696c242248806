"""The CSV files of a corpus folder (``manifest.csv``, ``voices.csv``), read strictly.

Owns what both files share: UTF-8 (a byte-order mark allowed; other bytes an error naming the
line and byte offset), CSV parsed in strict mode (a quotation mark never closed is an error,
not a field that swallows the rest of the file), a line break inside a field an error naming
the lines it spans (the usual sign of an unclosed quotation mark), more fields than the header
has columns an error, duplicate columns and columns the loader itself adds errors. Line
numbers are those of the file (a blank line or a multi-line field does not shift them).

Hands :mod:`.manifest` and :mod:`.voices` the columns and the rows (stripped strings), each
with its line, and the problems found in the rows, for them to report with their own.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from .errors import CorpusError

__all__ = ["read_rows", "decode_utf8"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def decode_utf8(path: Path, data: bytes) -> str:
    """``data`` as UTF-8 (a byte-order mark dropped); else a :class:`CorpusError` naming the
    file, the line and the byte offset."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(f"{path}, line {line}: not UTF-8 (byte offset {exc.start}, byte 0x{data[exc.start]:02x}); "
                          "save the file as UTF-8") from None


def read_rows(path: Path, data: bytes, *, required: tuple[str, ...], reserved: tuple[str, ...] = (),
              rest: str | None = None) -> tuple[list[str], list[tuple[int, dict]], list[str], bool]:
    """Parse one CSV file of the corpus folder.

    Parameters
    ----------
    path : Path
        The file, for messages.
    data : bytes
        Its bytes.
    required : tuple of str
        Columns that must be present.
    reserved : tuple of str
        Columns the loader adds: present in the file, an error.
    rest : str, optional
        A free-text column (a note) that keeps the fields beyond the header, joined by
        ``","`` (an unquoted comma in a note), when it is the header's last column; without
        it, more fields than columns are an error.

    Returns
    -------
    columns : list of str
    rows : list of (int, dict)
        Each row's first line and its fields (stripped; a missing trailing field is ``""``).
    problems : list of str
        Problems of single rows (more fields than columns, a line break inside a field, a
        quotation mark never closed), each naming the file, line and field.
    broken : bool
        The file could not be read to its end (a quotation mark never closed): rows after
        the problem are missing.

    Raises
    ------
    CorpusError
        Not UTF-8; missing, duplicate or reserved columns.
    """
    reader = csv.DictReader(io.StringIO(decode_utf8(path, data), newline=""), strict=True)
    try:
        columns = list(reader.fieldnames or [])
    except csv.Error as exc:
        raise CorpusError(f"{path}, line 1: {exc}: an unclosed quotation mark?") from None
    _check_columns(path, columns, required, reserved)
    rows, problems, end, broken = [], [], 1, False
    try:
        for row in reader:
            end = reader.line_num
            extra = row.pop(None, None)
            breaks = {k: len(_LINE_BREAK.findall(v or "")) for k, v in row.items()}
            line = end - sum(breaks.values())
            if extra is not None and rest is not None and columns[-1] == rest:
                row[rest] = ",".join([row[rest] or ""] + extra)
            elif extra is not None:
                problems.append(f"{path}, line {line}: more fields than the header has columns ({len(extra)} more): "
                            "quote a field that holds a comma")
            problems += [f"{path}, line {line}, field {k!r}: a line break inside the field (lines {line} to {end}): "
                         "an unclosed quotation mark?" for k, n in breaks.items() if n]
            rows.append((line, {k: (v or "").strip() for k, v in row.items()}))
    except csv.Error as exc:  # the inner reader's line count: DictReader's stops at the last good row
        broken = True
        problems.append(f"{path}, line {end + 1}: {exc} (at line {reader.reader.line_num}): "
                        "an unclosed quotation mark?")
    return columns, rows, problems, broken


def _check_columns(path: Path, columns: list[str], required: tuple[str, ...], reserved: tuple[str, ...]) -> None:
    """Missing, duplicate and reserved columns: one error naming them all."""
    problems = []
    missing = [c for c in required if c not in columns]
    if missing:
        problems.append(f"{path}, line 1: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}")
    dups = sorted({c for c in columns if columns.count(c) > 1})
    if dups:
        problems.append(f"{path}, line 1: duplicate column(s) {', '.join(map(repr, dups))} (only the last would be kept)")
    for c in columns:
        if c in reserved:
            problems.append(f"{path}, line 1, field {c!r}: a column the loader adds; rename it")
    if problems:
        raise CorpusError(problems)
