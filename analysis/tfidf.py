"""Deprecated path of :mod:`analysis.vectors`; removed in the next release.

Re-exports the public names of the new module, warns once on import
(``DeprecationWarning``), and is callable: ``analysis.tfidf(...)`` calls :func:`analysis.vectors.tfidf`.
"""

from . import vectors as _vectors
from ._core.deprecated import moved
from .vectors import *  # noqa: F401,F403

__all__ = list(_vectors.__all__)

moved(__name__, "analysis.vectors")
