"""Dispatch on the corpus type: a public function handed a corpus that is not in memory.

A :class:`analysis.partitioned.PartitionedCorpus` (or a table stored with it) carries, on its
type, ``analysis_functions``: public function name → its map-reduce implementation, or a
string naming what to use instead where the in-memory signature does not fit (the roles
need a parse on the workers, not a roles table). A public function asks :func:`dispatch`
first, so ``frame_rates(partitioned, hits)`` runs as map-reduce and an in-memory corpus takes
the usual path; nothing here imports the partitioned package (no import cycle).
"""

from __future__ import annotations

__all__ = ["dispatch"]


def dispatch(obj, name: str):
    """The implementation of public function ``name`` for ``obj``'s type, or ``None`` for an
    in-memory corpus or table (no ``analysis_functions`` on its type).

    Raises
    ------
    TypeError
        ``obj``'s type has no implementation of ``name``: the message names the map-reduce
        function to use.
    """
    table = getattr(type(obj), "analysis_functions", None)
    if table is None:
        return None
    impl = table.get(name)
    if impl is None or isinstance(impl, str):
        instead = impl or "the map-reduce functions of analysis.partitioned"
        raise TypeError(f"{name}() needs a corpus in memory; for a {type(obj).__name__} use {instead}")
    return impl
