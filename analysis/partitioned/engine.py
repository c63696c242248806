"""Where the map-reduce runs: a ``dask.distributed`` client, or this process.

Every function of :mod:`analysis.partitioned` takes ``client=None``: a
``dask.distributed.Client`` (``Client(LocalCluster(...))`` on a laptop,
``Client("tcp://scheduler:8786")`` on a cluster), else the client of the current context
(``dask.distributed.get_client()``: the last client made, or the one of ``with Client(...)``),
else none: the partitions are then mapped one after another in this process (same results;
for small corpora, tests, and machines without Dask). ``client=False`` runs in this process
even when a client exists (a store in this process's memory, ``memory://``, is not the
workers').

:class:`Engine` gives both the same three verbs, so the orchestration is written once:
``submit`` (a task; arguments may be earlier tasks' handles), ``gather`` (results to the
client) and ``tree_reduce`` (combine many results pairwise on the workers, so a reduce
never brings every partition's result to the client at once). Fault tolerance is
Dask's: a handle is a future, and the scheduler recomputes a lost result or reruns a task
whose worker died, from the task graph.
"""

from __future__ import annotations

import operator
from typing import Callable

import numpy as np

__all__ = ["Engine", "resolve_client", "sum_keyed", "sum_arrays"]


def resolve_client(client=None):
    """``client``, else the current context's Dask client, else ``None`` (run in this process;
    so does ``client=False``)."""
    if client is False:
        return None
    if client is not None:
        return client
    try:
        from dask.distributed import get_client
    except ImportError:  # pragma: no cover - Dask not installed
        return None
    try:
        return get_client()
    except ValueError:  # no client in this context
        return None


class _Done:
    """The handle of a task run in this process: its result."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


class _Plain:
    """An argument Dask must not look into (see :meth:`Engine.submit`)."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def __reduce__(self):
        return (_Plain, (self.value,))


def _call(call: _Plain, *handles):
    fn, args, kwargs = call.value

    def arg(s):
        return handles[s[1]] if s[0] == "handle" else s[1]

    return fn(*map(arg, args), **{k: arg(v) for k, v in kwargs.items()})


def _value(x):
    if isinstance(x, _Done):
        return x.value
    if isinstance(x, list):
        return [_value(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_value(v) for v in x)
    return x


class Engine:
    """Tasks on a Dask cluster (``client``) or in this process (``client=None``)."""

    def __init__(self, client=None):
        self.client = resolve_client(client)

    @property
    def distributed(self) -> bool:
        return self.client is not None

    def n_workers(self) -> int:
        """Worker threads of the cluster (1 in this process)."""
        if self.client is None:
            return 1
        return max(1, sum(self.client.nthreads().values()))

    def submit(self, fn: Callable, *args, **kwargs):
        """A task: ``fn(*args, **kwargs)``; handles among the arguments are their results.

        Only an argument that is itself a handle is one; every other argument travels as it is,
        in an opaque wrapper with the call's shape: Dask looks for keys inside lists and tuples,
        and ``Client.submit``'s own keywords (``actors``, ``workers``, ``key`` …) must not
        capture the function's."""
        if self.client is None:
            return _Done(fn(*_value(list(args)), **{k: _value(v) for k, v in kwargs.items()}))
        from distributed import Future

        handles: list = []

        def spec(x):
            if isinstance(x, Future):
                handles.append(x)
                return ("handle", len(handles) - 1)
            return ("value", x)

        call = _Plain((fn, [spec(a) for a in args], {k: spec(v) for k, v in kwargs.items()}))
        return self.client.submit(_call, call, *handles, pure=False)

    def map(self, fn: Callable, items, **kwargs) -> list:
        """One task per item: ``fn(item, **kwargs)``."""
        return [self.submit(fn, item, **kwargs) for item in items]

    def scatter(self, obj):
        """``obj`` sent once to every worker (a handle to pass to tasks)."""
        if self.client is None:
            return _Done(obj)
        return self.client.scatter([obj], broadcast=True, hash=False)[0]  # one object, even a list

    def gather(self, handles):
        """The results of ``handles`` (a list, or one handle), on the client."""
        if self.client is None:
            return _value(handles)
        return self.client.gather(handles)

    def item(self, handle, key):
        """A task taking ``handle``'s result ``[key]`` (on the worker holding it)."""
        return self.submit(operator.getitem, handle, key)

    def tree_reduce(self, handles: list, combine: Callable, *, fanin: int = 8, **kwargs):
        """One handle: ``combine(list_of_results, **kwargs)`` applied level by level over
        groups of ``fanin`` handles, in order (``combine`` must accept its own outputs)."""
        if not handles:
            raise ValueError("nothing to reduce")
        level = list(handles)
        while True:  # at least one combine, even of a single result
            level = [self.submit(_combine, combine, *level[a:a + fanin], **kwargs)
                     for a in range(0, len(level), fanin)]
            if len(level) == 1:
                return level[0]


def _combine(combine: Callable, *parts, **kwargs):
    return combine(list(parts), **kwargs)


# --------------------------------------------------------------------------- combines


def sum_keyed(parts: list[tuple]) -> tuple:
    """Sum ``(keys, *values)`` array tuples by key (a combine for :meth:`Engine.tree_reduce`;
    the keys of the result sorted and unique, the values float)."""
    keys = np.concatenate([p[0] for p in parts])
    uniq, inv = np.unique(keys, return_inverse=True)
    return (uniq, *(np.bincount(inv, weights=np.concatenate([p[j] for p in parts]), minlength=len(uniq))
                    for j in range(1, len(parts[0]))))


def sum_arrays(parts: list):
    """Elementwise sum of arrays, or of tuples of arrays (a combine for :meth:`Engine.tree_reduce`)."""
    if isinstance(parts[0], tuple):
        return tuple(sum_arrays([p[j] for p in parts]) for j in range(len(parts[0])))
    return sum(parts[1:], parts[0])
