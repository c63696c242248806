"""Atomic writers for tables and text: temp file in the target folder, then rename.

An interrupted run never leaves a truncated file; the next run replaces it whole.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from . import paths

__all__ = ["atomic_write_bytes", "atomic_write_text", "save_table"]


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


def save_table(df: pd.DataFrame, name: str, *, folder: str | Path | None = None) -> Path:
    """Write ``df`` as ``<folder>/<name>.csv`` (UTF-8, LF, no index), atomically.

    ``folder`` defaults to :func:`analysis.paths.figures_dir`, so tables sit next to
    the figures they explain. Returns the path written.

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
    text = df.to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    return atomic_write_text(folder / f"{name}.csv", text)
