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


def save_table(df: pd.DataFrame, name: str, *, folder: str | Path | None = None) -> Path:
    """Write ``df`` as ``<folder>/<name>.csv`` (UTF-8, LF, no index), atomically.

    ``folder`` defaults to :func:`analysis.paths.figures_dir`, so tables sit next to
    the figures they explain. Returns the path written.
    """
    folder = Path(folder) if folder is not None else paths.figures_dir()
    return atomic_write_text(folder / f"{name}.csv", df.to_csv(index=False, lineterminator="\n"))
