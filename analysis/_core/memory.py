"""Memory: how the large tables of a load get their memory pages.

On Linux with transparent huge pages in ``madvise`` mode and ``defrag`` set to ``madvise``
(as on the machines the benchmarks run on, which are virtual machines), the first touch of
each huge page makes the kernel compact memory: about a millisecond per 2 MB page, far more
than the time to fill it. NumPy asks for huge pages for every array of 4 MB or more, and
pyarrow's default allocator (mimalloc, in recent wheels) reserves memory the same way. A
load makes and fills its tables once and gains nothing from huge pages, so it asks for
ordinary ones (:func:`small_pages`) and reads and writes the Parquet cache with pyarrow's
jemalloc allocator (:func:`arrow_pool`). Both restore the library's own setting on exit.
"""

from __future__ import annotations

import contextlib

__all__ = ["small_pages", "arrow_pool", "jemalloc_pool"]


@contextlib.contextmanager
def small_pages():
    """Have NumPy back the arrays made inside with ordinary memory pages (a context manager).

    NumPy asks Linux for transparent huge pages for every array of 4 MB or more
    (``madvise``). Where the kernel then compacts memory to find a free 2 MB page on the
    first touch (``/sys/kernel/mm/transparent_hugepage/defrag`` set to ``madvise``, as on
    the machines the benchmarks run on), each such page costs about a millisecond: loading
    the 9.3M-token UNGDC corpus spent 2.4–4.5 s of its 6–8 s in the kernel this way, and
    0.7–1.9 s with ordinary pages. A load makes and fills its tables once, so it gains
    nothing from huge pages. NumPy's own setting is restored on exit; where NumPy has no
    such setting this does nothing.

    Examples
    --------
    >>> import numpy as np
    >>> with small_pages():
    ...     a = np.zeros(1_000_000)
    """
    try:
        from numpy._core.multiarray import _set_madvise_hugepage
    except ImportError:  # pragma: no cover - NumPy < 2 or a build without it
        try:
            from numpy.core.multiarray import _set_madvise_hugepage
        except ImportError:
            _set_madvise_hugepage = None
    if _set_madvise_hugepage is None:  # pragma: no cover
        yield
        return
    before = _set_madvise_hugepage(False)
    try:
        yield
    finally:
        _set_madvise_hugepage(before)


def jemalloc_pool():
    """pyarrow's jemalloc memory pool, or None where the wheel has none (Windows)."""
    import pyarrow as pa

    try:
        return pa.jemalloc_memory_pool()
    except (NotImplementedError, AttributeError):  # pragma: no cover - a build without jemalloc
        return None


@contextlib.contextmanager
def arrow_pool():
    """Have pyarrow allocate from its jemalloc pool inside, where the wheel has it (a context
    manager; elsewhere this does nothing).

    Reading the UNGDC corpus's Parquet cache in a fresh process took 3.8 s with pyarrow's
    default mimalloc pool (5.5 s of CPU time in the kernel, placing memory) and 1.05 s with
    jemalloc (0.7 s); writing it, 5.1 s and 3.4 s. The tables and files are the same.

    Examples
    --------
    >>> import pyarrow as pa
    >>> before = pa.default_memory_pool()
    >>> with arrow_pool():
    ...     _ = pa.array([1, 2, 3])
    >>> pa.default_memory_pool().backend_name == before.backend_name
    True
    """
    import pyarrow as pa

    pool = jemalloc_pool()
    if pool is None:  # pragma: no cover
        yield
        return
    before = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield
    finally:
        pa.set_memory_pool(before)
