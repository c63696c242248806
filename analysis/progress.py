"""When progress bars show: one rule for every long step (loading, matching, parsing).

A step shows a bar when it is large (each step says what large means) unless configured
otherwise: ``progress=True/False`` on a call forces it for that call; the environment
variable ``ANALYSIS_PROGRESS`` sets the default for the process (``0`` never, ``1`` always,
unset: only for large inputs). The test suite sets ``ANALYSIS_PROGRESS=0`` in its
configuration (tests/conftest.py); library code never asks whether it runs under a test.
"""

from __future__ import annotations

import os

__all__ = ["ENV", "show_progress"]

ENV = "ANALYSIS_PROGRESS"


def show_progress(large: bool, progress: bool | None = None) -> bool:
    """Whether to show a bar: ``progress`` if given, else ``ANALYSIS_PROGRESS`` if set to 0 or 1,
    else ``large``.

    Examples
    --------
    >>> show_progress(True, progress=False)
    False
    """
    if progress is not None:
        return bool(progress)
    env = os.environ.get(ENV, "").strip()
    if env in ("0", "1"):
        return env == "1"
    return bool(large)
