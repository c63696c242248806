"""Result columns and frames built without pandas' inference: the ``str`` dtype from Arrow,
categoricals with cached dtypes, frames block by block; and the token arrays per unit
that word lists and vectors count (:func:`token_arrays`).

Every table of the package is a pandas DataFrame; these helpers build the same frames as
the plain constructors (tests check it, for any mix of column kinds) with a fraction of
the per-call cost, which matters where a call returns few rows (a rare word's
concordance) or many strings (the documents' and sentences' texts).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["STR", "str_array", "utf8", "str_from_utf8", "categorical", "frame", "token_arrays", "BY", "FORMS", "WORDLIST_STATS"]

#: pandas' default ``str`` dtype (Arrow storage, NaN as the missing value)
STR = pd.StringDtype("pyarrow", na_value=np.nan)


def str_array(values: Sequence[str]) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="str")`` for a sequence of Python strings (no missing values),
    built from their UTF-8 bytes rather than checked element by element.

    Each string is encoded once (``str.encode``, in C) and the bytes are joined into the
    Arrow array's data buffer, its offsets the running sum of their lengths: 25 times
    faster than ``pyarrow.array`` on the 4,578 UNGDC speeches (59M characters, nearly all
    with some non-ASCII character), as fast on many short ones.

    Examples
    --------
    >>> a = str_array(["Kosovo", "Srbija", "Косово"])
    >>> a.dtype == STR, a.tolist()
    (True, ['Kosovo', 'Srbija', 'Косово'])
    """
    return str_from_utf8([utf8(values)])


def utf8(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Strings as one UTF-8 buffer: ``(offsets, data)``, string k being
    ``data[offsets[k]:offsets[k + 1]]`` (``offsets`` int64 from 0, ``data`` uint8).

    Plain arrays, so a loading process hands them on without pickling a string per value;
    :func:`str_from_utf8` makes the ``str`` column of one or several of them.

    Examples
    --------
    >>> offsets, data = utf8(["NATO", "", "Косово"])
    >>> offsets.tolist(), bytes(data[4:]).decode()
    ([0, 4, 4, 16], 'Косово')
    """
    encoded = [v.encode("utf-8") for v in values]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum(np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)), out=offsets[1:])
    return offsets, np.frombuffer(b"".join(encoded), dtype=np.uint8)


def str_from_utf8(parts: Sequence[tuple[np.ndarray, np.ndarray]]) -> pd.api.extensions.ExtensionArray:
    """The ``str`` array of the strings of :func:`utf8` buffers ``parts``, in order, made of
    the buffers as they are, without a copy: one part, one Arrow array; several, an Arrow
    chunked array of one chunk each (as ``pd.concat`` makes of two str columns). The values,
    and every table made of them, are the same either way.

    Examples
    --------
    >>> str_from_utf8([utf8(["a", "bc"]), utf8([]), utf8(["Ж"])]).tolist()
    ['a', 'bc', 'Ж']
    """
    import pyarrow as pa

    if not parts:
        parts = [utf8([])]
    arrays = [pa.LargeStringArray.from_buffers(len(o) - 1, pa.py_buffer(o), pa.py_buffer(d)) for o, d in parts]
    joined = arrays[0] if len(arrays) == 1 else pa.chunked_array(arrays, type=pa.large_string())
    return pd.arrays.ArrowStringArray(joined, dtype=STR)


#: CategoricalDtype per tuple of (str) categories, so a result's pattern / category
#: columns do not rebuild and re-validate their categories on every call (bounded).
_CAT_DTYPES: dict[tuple, pd.CategoricalDtype] = {}


def categorical(codes: np.ndarray, categories: Sequence[str]) -> pd.Categorical:
    """``pd.Categorical.from_codes(codes, categories=categories)`` with a cached dtype.

    The codes are not validated (every caller makes them from positions in
    ``categories``, or -1 for missing).
    """
    key = tuple(categories)
    dtype = _CAT_DTYPES.get(key)
    if dtype is None:
        if len(_CAT_DTYPES) >= 256:
            _CAT_DTYPES.clear()
        dtype = _CAT_DTYPES[key] = pd.CategoricalDtype(list(key))
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def frame(columns: dict) -> pd.DataFrame:
    """``pd.DataFrame(columns)`` for equal-length 1-D columns, built block by block.

    numpy columns of one numeric or boolean dtype become one 2-D block (as the constructor
    consolidates them), categoricals and ``str`` arrays one block each: no inference,
    no copy of the extension arrays. A fresh result frame is then a handful of object
    constructions, which keeps a one-line concordance under a millisecond with a cold
    CPU cache. Any other kind of column (object or datetime arrays, other extension arrays, unequal
    lengths) goes through the constructor, which also raises its usual errors.
    """
    from pandas.api.internals import create_dataframe_from_blocks

    values = list(columns.values())
    if not values:
        return pd.DataFrame(columns)
    n = len(values[0])
    blocks, same_dtype = [], {}
    for k, v in enumerate(values):
        if len(v) != n or getattr(v, "ndim", 1) != 1:
            return pd.DataFrame(columns)
        if isinstance(v, np.ndarray) and v.dtype.kind in "biuf":  # numbers and booleans
            same_dtype.setdefault(v.dtype, []).append(k)
        elif isinstance(v, (pd.Categorical, pd.arrays.ArrowStringArray)):
            blocks.append((v, np.array([k], dtype=np.intp)))
        else:
            return pd.DataFrame(columns)
    for ks in same_dtype.values():
        blocks.append((np.stack([values[k] for k in ks]), np.array(ks, dtype=np.intp)))
    names = tuple(columns)
    template = _COLUMN_INDEXES.get(names)
    if template is None:
        if len(_COLUMN_INDEXES) >= 64:
            _COLUMN_INDEXES.clear()
        template = _COLUMN_INDEXES[names] = pd.Index(list(names))
    # a view: the same values, but its own object (so setting ``.name`` on one frame's columns is local)
    return create_dataframe_from_blocks(blocks, index=pd.RangeIndex(n), columns=template.view())


#: The columns Index per tuple of column names, for :func:`frame` (inferring it costs more than the frame).
_COLUMN_INDEXES: dict[tuple, pd.Index] = {}


# --------------------------------------------------------------------------- token arrays per unit

#: Valid values of ``by`` for :func:`token_arrays` (``None``: the whole corpus): columns of the tokens.
BY = (None, "doc_id", "group", "voice")
#: Valid values of ``form``: the token form counted (folded ``norm`` or ``token`` as written).
FORMS = ("norm", "token")
#: The columns of a word list after its unit column (and ``length`` of n-grams): the in-memory
#: :func:`analysis.wordlists.frequencies` and its map-reduce give them in this order.
WORDLIST_STATS = ("term", "n", "n_tokens", "per_1000", "range", "n_parts", "dp", "dp_norm")


def token_arrays(corpus, by, form):
    """Token arrays in (doc, i) order, for counting terms per unit.

    Parameters
    ----------
    corpus : Corpus
    by : {None, "doc_id", "group", "voice"}
        The unit.
    form : {"norm", "token"}
        The term: folded form or as written.

    Returns
    -------
    idx : analysis._core.index.Index
        The token index (folded forms; gives the (doc, i) order and sentence continuity).
    unit : numpy.ndarray of int64
        Unit code of each token (0 for every token when ``by`` is None).
    names : pandas.Index or None
        The units (the ``by`` column's categories), ``None`` when ``by`` is None.
    doc : numpy.ndarray of int64
        Document code (doc_id category code) of each token.
    codes : numpy.ndarray of int64
        Term code of each token, into ``vocab``.
    vocab : numpy.ndarray of object
        The terms.
    """
    from .index import token_index
    from .options import check_option

    check_option("by", by, BY)
    check_option("form", form, FORMS)
    tokens = corpus.tokens
    idx = token_index(tokens, False, False)
    take = (lambda a: a) if idx.order is None else (lambda a: a[idx.order])
    if form == "norm":
        vocab = np.asarray(idx.forms, dtype=object)
        codes = idx.codes.astype(np.int64)
    else:
        vocab = np.asarray(list(tokens["token"].cat.categories), dtype=object)
        codes = take(tokens["token"].cat.codes.to_numpy()).astype(np.int64)
    doc = idx.doc.astype(np.int64)
    if by is None:
        unit = np.zeros(idx.n, dtype=np.int64)
        names = None
    else:
        col = tokens[by]
        unit = take(col.cat.codes.to_numpy()).astype(np.int64)
        names = col.cat.categories
    return idx, unit, names, doc, codes, vocab
