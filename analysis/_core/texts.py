"""The corpus texts as one UTF-8 buffer, cut into many strings without a Python loop.

KWIC lines (the clean texts, whitespace runs collapsed: :func:`display_texts`) and the
``match`` column of hits (the raw texts: :func:`raw_texts`) are cut from such buffers by
char offsets, built once per corpus and cached with :func:`analysis._core.memo.memo`.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
import pandas as pd

from .memo import memo
from .tables import STR

__all__ = ["Utf8Texts", "FEW_STRINGS", "doc_rows", "doc_arrow", "raw_texts", "display_texts"]

#: Every character ``\\s`` matches outside ASCII (``str.isspace``); ASCII ones are mapped bytewise.
WIDE_WS = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: … the same characters as UTF-8 byte sequences (UTF-8 never matches inside another character)
WIDE_WS_UTF8 = re.compile(b"|".join(re.escape(c.encode("utf-8")) for c in WIDE_WS))
BYTE_WS = np.arange(256, dtype=np.uint8)
BYTE_WS[[9, 10, 11, 12, 13, 28, 29, 30, 31]] = 32
#: Up to this many strings, :meth:`Utf8Texts.strings_many` decodes them one by one.
FEW_STRINGS = 48


class Utf8Texts:
    """The texts of a corpus as one UTF-8 buffer, from which any set of strings (KWIC lines,
    the ``match`` column of hits) is cut without a Python loop over lines. With
    ``collapse=True`` every whitespace run becomes one space (a new buffer, about one byte
    per character); without, the buffer is the Arrow column's own (no copy).

    ``base[d]`` is the char offset of document ``d`` (doc_id category code) in the
    concatenation of the texts. :meth:`locate` maps such char offsets to byte
    offsets in ``buf``: a non-ASCII character adds 1–3 bytes to every later offset, a
    whitespace character after another one removes a byte; both are kept as sorted
    events with the running total of their effects (``events``, ``shift``). A string
    from a token's start or end to another token's start or end in the clean text is
    then ``buf[locate(a):locate(b)]`` (with its whitespace runs collapsed, which is what
    a concordance shows).
    """

    def __init__(self, texts, *, collapse: bool):
        """``texts``: one Arrow ``large_string`` array, a document per element."""
        import pyarrow.compute as pc

        self._texts = texts  # owns the buffer when not collapsed

        lengths = pc.utf8_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
        self.base = np.concatenate([[0], np.cumsum(lengths)])[:-1]
        _, offsets, values = texts.buffers()
        at = np.frombuffer(offsets, dtype=np.int64)[texts.offset: texts.offset + len(texts) + 1]
        utf8 = memoryview(values)[at[0]:at[-1]] if values is not None and len(texts) else memoryview(b"")
        if collapse and WIDE_WS_UTF8.search(utf8):  # one char → one space: char offsets unchanged
            utf8 = memoryview(WIDE_WS_UTF8.sub(b" ", utf8))
        data = np.frombuffer(utf8, dtype=np.uint8)
        if collapse:
            data = BYTE_WS[data]  # the one working copy
        del utf8
        lead = np.flatnonzero(data >= 0xC0)  # first byte of a multi-byte character
        grow = (1 + (data[lead] >= 0xE0) + (data[lead] >= 0xF0)).astype(np.int64)
        lead_char = lead - np.concatenate([[0], np.cumsum(grow)[:-1]])
        grown = np.concatenate([[0], np.cumsum(grow)])  # extra bytes before the k-th multi-byte char
        if collapse:
            space = data == 32
            space[1:] &= space[:-1].copy()
            dup = np.flatnonzero(space)  # a space right after a space: dropped …
            del space
            doc_start = self.base + grown[np.searchsorted(lead_char, self.base, side="left")]
            dup = dup[~np.isin(dup, doc_start)]  # … unless it starts a document (runs never span two)
            dup_char = dup - grown[np.searchsorted(lead, dup)]
            keep = np.ones(len(data), dtype=bool)
            keep[dup] = False
            data = data[keep]
            del keep
        else:
            dup_char = np.zeros(0, dtype=np.int64)
        self.buf = data
        self.size = len(data)
        events = np.concatenate([lead_char, dup_char])
        effect = np.concatenate([grow, np.full(len(dup_char), -1, dtype=np.int64)])
        o = np.argsort(events, kind="stable")
        self.events = events[o]
        self.shift = np.concatenate([[0], np.cumsum(effect[o])])

    def locate(self, chars: np.ndarray) -> np.ndarray:
        """Byte offsets in ``buf`` of global char offsets (effects of events strictly before)."""
        return chars + self.shift[np.searchsorted(self.events, chars, side="left")]

    def strings(self, a: np.ndarray, b: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """The strings ``buf[a:b]`` (byte offsets, ``b >= a``) as a ``str`` array."""
        return self.strings_many([(a, b)])[0]

    def strings_many(self, spans: Sequence[tuple[np.ndarray, np.ndarray]]) -> list:
        """One ``str`` array per ``(a, b)`` pair of :meth:`strings`, cut in one Arrow cast.

        Up to ``FEW_STRINGS`` strings in all are decoded one by one. More are built as an
        Arrow ``string_view`` array that points into ``buf`` (16 bytes per string: short
        strings inline, long ones as prefix + offset), then cast to ``large_string`` (the
        storage of pandas' ``str`` arrays) by Arrow in C++ and sliced per pair; above 2 GiB
        of text (32-bit view offsets), by a numpy gather instead.
        """
        import pyarrow as pa

        sizes = [len(a) for a, _ in spans]
        a = np.concatenate([x for x, _ in spans]).astype(np.int64, copy=False)
        b = np.concatenate([y for _, y in spans]).astype(np.int64, copy=False)
        n = len(a)
        lens = b - a
        if n <= FEW_STRINGS:  # a few strings: decoded one by one, cheaper than the array set-up
            buf = self.buf
            arr = pa.array([buf[x:y].tobytes().decode("utf-8") for x, y in zip(a.tolist(), b.tolist())],
                           type=pa.large_string())
        elif self.size < 2**31:
            views = np.zeros((n, 4), dtype=np.int32)  # length, prefix | inline, buffer, offset
            views[:, 0] = lens
            raw = views.view(np.uint8).reshape(n, 16)
            long_ = np.flatnonzero(lens > 12)
            raw[long_, 4:8] = self.buf[a[long_, None] + np.arange(4)]
            views[long_, 3] = a[long_]
            short = np.flatnonzero(lens <= 12)
            if self.size:  # reads clipped at the end of the text, then the bytes past each string zeroed
                inline = self.buf[np.minimum(a[short, None] + np.arange(12), self.size - 1)]
                inline[np.arange(12) >= lens[short, None]] = 0
                raw[short, 4:] = inline
            arr = pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views), pa.py_buffer(self.buf)],
                                        null_count=0).cast(pa.large_string())
        else:
            offsets = np.concatenate([[0], np.cumsum(lens)])
            vals = self.buf[np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(a - offsets[:-1], lens)]
            arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(vals))
        at = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        return [pd.arrays.ArrowStringArray(arr.slice(at[k], sizes[k]), dtype=STR) for k in range(len(spans))]


def doc_rows(corpus) -> np.ndarray:
    """The documents-table row of each doc_id category code of the tokens (-1: no row)."""

    def build() -> np.ndarray:
        row_of = dict(zip(corpus.documents["doc_id"].astype(str).tolist(), range(len(corpus.documents))))
        cats = corpus.tokens["doc_id"].cat.categories.astype(str).tolist()
        return np.asarray([row_of.get(d, -1) for d in cats], dtype=np.int64)

    return memo((corpus.documents, corpus.tokens), "rows", build)


def doc_arrow(corpus, column: str):
    """The documents' ``column`` texts as one Arrow ``large_string`` array in doc_id category
    order (``""`` for a category without a row); zero-copy for pandas' Arrow-backed strings
    when the documents are in that order."""
    import pyarrow as pa

    arr = pa.array(corpus.documents[column])
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    rows = doc_rows(corpus)
    if len(rows) != len(arr) or (rows != np.arange(len(rows))).any():
        arr = arr.take(pa.array(np.maximum(rows, 0), mask=rows < 0)).fill_null("")
    return arr.cast(pa.large_string())


def raw_texts(corpus) -> Utf8Texts:
    """The raw texts (as read from the files), in doc_id category order (once per corpus)."""
    return memo((corpus.documents, corpus.tokens), "raw", lambda: Utf8Texts(doc_arrow(corpus, "raw"), collapse=False))


def display_texts(corpus) -> Utf8Texts:
    """The clean texts with whitespace runs collapsed, as KWIC shows them (once per corpus)."""
    return memo((corpus.documents, corpus.tokens), "display", lambda: Utf8Texts(doc_arrow(corpus, "text"), collapse=True))
