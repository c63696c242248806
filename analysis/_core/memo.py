"""The cache of structures derived from a corpus table, keyed by identity AND content version.

The token index, the texts' UTF-8 buffers and a few column look-ups are built once per
table and reused by every later call (a warm lexicon match or a rare word's concordance
must not rebuild them). A table's identity alone is not a safe key: ``corpus.tokens.loc[
mask, "norm"] = …`` or ``corpus.tokens["norm"] = …`` edit the same DataFrame object, and a
cache keyed by ``id`` (and length) would go on answering for the old content.

How a change is seen, exactly and cheaply
-----------------------------------------
pandas 3 is copy-on-write: an object derived from a DataFrame never sees the frame's later
edits, so pandas must *copy* a column's values before writing into them whenever some
other object still references them. The cache holds such a reference (a shallow copy of
the table, :meth:`pandas.DataFrame.copy` with ``deep=False``: no data copied). Every
in-place edit of the table therefore replaces the edited block's values with a new
array, and assigning or adding a column adds a new block. So the tuple of the identities
of the table's block value arrays (plus its length and its columns Index) is a version
stamp that changes on every edit; the old arrays stay alive in the snapshot, so their
``id`` can never be reused by a new array while the entry exists. Reading it costs about
one microsecond, whatever the table's size — no hashing of the data.

The stamp covers the whole table: an edit of any column (even one the cached structure
does not read) causes one rebuild, never a stale answer. The costs: the first in-place
edit after a cached call copies the edited block (what copy-on-write does whenever a view
exists), and until the next call rebuilds the entry the old values stay in memory.
"""

from __future__ import annotations

import weakref
from typing import Callable, Hashable

import pandas as pd

__all__ = ["memo", "version", "clear"]

_MEMO: dict[tuple, tuple] = {}


def _column_stamp(col: pd.Series):
    """Identity of one column's values (the fallback when the block manager is not reachable)."""
    arr = col.array
    if isinstance(arr, pd.arrays.NumpyExtensionArray):  # a fresh wrapper per call: use the buffer
        values = col.to_numpy()
        return ("np", values.__array_interface__["data"][0], values.strides)
    return ("ea", id(arr))


def version(table) -> tuple:
    """A stamp of ``table``'s content that changes on every edit while a snapshot is held.

    For a DataFrame: its length, the identity of its columns Index and of each block's
    values (pandas' block manager; about 1 µs). Other objects: their length.
    """
    if not isinstance(table, pd.DataFrame):
        return (len(table),)
    try:
        blocks = table._mgr.blocks
        return (len(table), id(table.columns), tuple(id(b.values) for b in blocks))
    except AttributeError:  # pragma: no cover - a pandas without the block manager
        return (len(table), id(table.columns), tuple(_column_stamp(table[c]) for c in table.columns))


def _snapshot(table):
    """A reference that makes pandas copy, not overwrite, the values on a later edit."""
    return table.copy(deep=False) if isinstance(table, pd.DataFrame) else table


def memo(tables: tuple, tag: Hashable, build: Callable[[], object]):
    """``build()``, remembered while every table of ``tables`` lives and is not edited.

    Parameters
    ----------
    tables : tuple of DataFrame
        The tables the value is derived from (e.g. ``(corpus.tokens,)`` or
        ``(corpus.documents, corpus.tokens)``).
    tag : hashable
        What is built (``("index", case_sensitive, diacritic_sensitive)``, ``"raw"`` …).
    build : callable
        Builds the value from the tables' current content.

    Notes
    -----
    The key is the tables' identities plus ``tag``; a hit also needs every table alive
    (weak references) and its :func:`version` unchanged. Entries of a table that is
    garbage-collected are dropped with it.
    """
    key = tuple(id(t) for t in tables) + (tag,)
    stamps = tuple(version(t) for t in tables)
    hit = _MEMO.get(key)
    if hit is not None and hit[1] == stamps and all(r() is t for r, t in zip(hit[0], tables)):
        return hit[3]
    value = build()
    try:
        refs = tuple(weakref.ref(t, lambda _ref, key=key: _MEMO.pop(key, None)) for t in tables)
    except TypeError:  # pragma: no cover - an object without weakref support: not cached
        return value
    _MEMO[key] = (refs, stamps, tuple(_snapshot(t) for t in tables), value)
    return value


def clear() -> None:
    """Forget every cached structure."""
    _MEMO.clear()
