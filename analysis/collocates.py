"""Deprecated path of :mod:`analysis.collocation`; removed in the next release.

Re-exports the public names of the new module, warns once on import
(``DeprecationWarning``), and is callable: ``analysis.collocates(...)`` calls :func:`analysis.collocation.collocates`.
"""

from . import collocation as _collocation
from ._core.deprecated import moved
from .collocation import *  # noqa: F401,F403

__all__ = list(_collocation.__all__)

moved(__name__, "analysis.collocation")
