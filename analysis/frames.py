"""Moved to :mod:`analysis._core.tables`; this re-export remains until :mod:`analysis.corpus` imports from there."""
from ._core.tables import STR, categorical, frame, str_array  # noqa: F401
__all__ = ["STR", "str_array", "categorical", "frame"]
