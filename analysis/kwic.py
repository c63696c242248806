"""Deprecated path of :mod:`analysis.concordance`; removed in the next release.

Re-exports the public names of the new module, warns once on import
(``DeprecationWarning``), and is callable: ``analysis.kwic(...)`` calls :func:`analysis.concordance.kwic`.
"""

from . import concordance as _concordance
from ._core.deprecated import moved
from .concordance import *  # noqa: F401,F403

__all__ = list(_concordance.__all__)

moved(__name__, "analysis.concordance")
