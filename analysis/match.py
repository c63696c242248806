"""Deprecated path of :mod:`analysis.matcher`; removed in the next release.

Re-exports the public names of the new module, warns once on import
(``DeprecationWarning``), and is callable: ``analysis.match(...)`` calls :func:`analysis.matcher.match`.
"""

from . import matcher as _matcher
from ._core.deprecated import moved
from .matcher import *  # noqa: F401,F403

__all__ = list(_matcher.__all__)

moved(__name__, "analysis.matcher")
