"""Deprecated path of :mod:`analysis.keywords` (its statistics: :mod:`analysis.statistics`); removed in the next release.

Re-exports the public names of the new modules, warns once on import
(``DeprecationWarning``), and is callable: ``analysis.keyness(...)`` calls :func:`analysis.keywords.keyness`.
"""

from . import keywords as _keywords, statistics as _statistics
from ._core.deprecated import moved
from .keywords import *  # noqa: F401,F403
from .statistics import *  # noqa: F401,F403

__all__ = list(_keywords.__all__ + _statistics.__all__)

moved(__name__, "analysis.keywords (statistics: analysis.statistics)")
