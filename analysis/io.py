"""Atomic writers for tables and text: temp file in the target folder, then rename.

An interrupted run never leaves a truncated file; the next run replaces it whole. Tables are
written with their formula cells neutralised (:func:`neutralise_formulas`): a CSV goes to
other people, who open it in a spreadsheet, and its cells come from untrusted texts.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths

__all__ = ["atomic_write_bytes", "atomic_write_text", "save_table", "neutralise_formulas", "FORMULA_START"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_bytes(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` atomically (temp file + ``os.replace``)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    for stale in target.parent.glob(f".{target.name}.*.tmp"):  # left by an interrupted earlier run
        stale.unlink(missing_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def atomic_write_text(target: str | Path, text: str) -> Path:
    """Write UTF-8 ``text`` (LF line endings) to ``target`` atomically."""
    return atomic_write_bytes(target, text.encode("utf-8"))


#: How :func:`save_table` writes floats: 12 significant digits (a float64 holds 15–17).
FLOAT_FORMAT = "%.12g"


#: A text cell starting with one of these is read as a formula by spreadsheets (OWASP, "CSV
#: Injection"): :func:`save_table` prefixes it with a single quote.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _risky(values) -> list[bool]:
    return [isinstance(v, str) and v.startswith(FORMULA_START) for v in values]


def _quoted(v):
    return "'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell (and column name) that starts with ``= + - @``, a tab or a
    carriage return prefixed with ``'``, so that a spreadsheet shows it as text instead of
    running it as a formula (OWASP's rule against CSV injection).

    Only strings change: numbers (``-3``, ``-0.5``) stay numbers, and other objects (a tuple
    such as ``(-0.1, 0.2)``) are written as they are. Returns ``df`` itself when nothing needs
    neutralising, else a copy; ``df`` is never changed.

    Examples
    --------
    >>> neutralise_formulas(pd.DataFrame({"doc": ["=1+1", "ok"], "n": [-1, 2]})).doc.tolist()
    ["'=1+1", 'ok']
    """
    out = None
    for k, col in enumerate(df.columns):
        s = df.iloc[:, k]
        if isinstance(s.dtype, pd.CategoricalDtype):
            cats = s.cat.categories
            if any(_risky(cats)):
                out = df.copy() if out is None else out
                out.isetitem(k, s.cat.rename_categories([_quoted(c) for c in cats]))
        elif s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            mask = _risky(s.tolist())
            if any(mask):
                out = df.copy() if out is None else out
                values = s.astype(object).to_numpy(copy=True)
                values[mask] = ["'" + v for v in values[mask]]
                out.isetitem(k, pd.Series(values, index=s.index, dtype=s.dtype if s.dtype != object else object))
    if any(_risky(df.columns)):
        out = (df.copy() if out is None else out).set_axis([_quoted(c) for c in df.columns], axis=1)
    return df if out is None else out


def _any_text(df: pd.DataFrame, char: str) -> bool:
    """Whether some text cell (or column name) of ``df`` holds ``char``."""
    for k in range(df.shape[1]):
        s = df.iloc[:, k]
        values = s.cat.categories if isinstance(s.dtype, pd.CategoricalDtype) else s
        if (values.dtype == object or pd.api.types.is_string_dtype(values.dtype)) and \
                any(isinstance(v, str) and char in v for v in values.tolist()):
            return True
    return any(isinstance(c, str) and char in c for c in df.columns)


def _floats_as_text(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with its NumPy float columns as the text ``to_csv(float_format=FLOAT_FORMAT)``
    writes for them (``FLOAT_FORMAT % x``, ``""`` for NaN), formatted in one pass per column:
    pandas' own formatting goes through several Python calls per value (saving UNGDC's
    481,176-row keyness table took 6.9 s, 5.7 s this way). The bytes written are the same
    (a test compares them on generated tables)."""
    cols = [k for k, t in enumerate(df.dtypes) if isinstance(t, np.dtype) and t.kind == "f"]
    if not cols:
        return df
    out = df.copy(deep=False)
    fmt = FLOAT_FORMAT.__mod__
    for k in cols:
        values = df.iloc[:, k].to_numpy()
        text = np.asarray(list(map(fmt, values.tolist())), dtype=object)
        text[np.isnan(values)] = ""
        out.isetitem(k, text)
    return out


def save_table(df: pd.DataFrame, name: str, *, folder: str | Path | None = None) -> Path:
    """Write ``df`` as ``<folder>/<name>.csv`` (UTF-8, LF, no index), atomically.

    ``folder`` defaults to :func:`analysis.paths.figures_dir`, so tables sit next to
    the figures they explain. Returns the path written.

    Text cells (and column names) that start with ``= + - @``, a tab or a carriage return
    are written with a leading ``'`` (:func:`neutralise_formulas`, OWASP's rule against CSV
    injection): a spreadsheet then shows them as text instead of running them as formulas.
    Numbers are written as numbers. Reading such a table back, strip the ``'`` of those cells.
    A table with a carriage return inside a text cell is written with CRLF line ends (RFC
    4180), so that the cell is quoted and the row stays one row.

    Floats are written with :data:`FLOAT_FORMAT` (12 significant digits): the last bits of
    a logarithm or a square root differ between CPUs (numpy picks SIMD code by CPU), and a
    table must have the same bytes on every machine, not only on the one that wrote it.

    Examples
    --------
    >>> import tempfile
    >>> d = tempfile.mkdtemp()
    >>> a = save_table(pd.DataFrame({"g2": [17.261848637578], "n": [3]}), "a", folder=d)
    >>> b = save_table(pd.DataFrame({"g2": [17.261848637577998], "n": [3]}), "b", folder=d)
    >>> a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8") == "g2,n" + chr(10) + "17.2618486376,3" + chr(10)
    True
    """
    folder = Path(folder) if folder is not None else paths.figures_dir()
    table = neutralise_formulas(df)
    # Python's csv writer quotes a cell holding a line break only if the break is in its line
    # terminator: with "\n", a carriage return inside a cell would split the row for readers
    crlf = _any_text(table, "\r")
    text = _floats_as_text(table).to_csv(index=False, lineterminator="\r\n" if crlf else "\n",
                                         float_format=FLOAT_FORMAT)
    return atomic_write_text(folder / f"{name}.csv", text)
