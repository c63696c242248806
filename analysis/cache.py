"""Moved to :mod:`analysis.corpus.cache` (the Parquet cache of loaded corpora).

Kept so that ``from analysis.cache import ...`` and ``from analysis import cache`` go on
working. This module *is* :mod:`analysis.corpus.cache` (it puts that module in its place
in ``sys.modules``), not a copy of its names: setting an attribute through either name
(``analysis.cache.LARGE_DOCS = 2``, a test's ``monkeypatch``) changes what the loader sees.
"""

import sys

from .corpus import cache as _cache

sys.modules[__name__] = _cache
