"""Levels of a column and the unit columns of a table: what every group-by of the package uses.

* :func:`levels` — the order in which a column's values are reported: a categorical's own
  order (lexicon order, corpus order), else sorted; never row order.
* :func:`unit_columns` — add the document-level columns (``year``, ``outlet`` …) that a
  ``by`` asks for to a table that has ``doc_id``.
* :func:`token_column` — one column per token, from the tokens table or mapped from the
  documents table.
* :func:`codes_of`, :func:`equals` — a column as integer codes, and a comparison with one
  value, on a categorical's codes: no string is made per row of a table of millions.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .vocabulary import deprecated

__all__ = ["levels", "unit_columns", "token_column", "codes_of", "equals"]


def levels(col: pd.Series, *, present_only: bool = False) -> list[str]:
    """The values of ``col`` as strings, in reporting order.

    Parameters
    ----------
    col : Series
    present_only : bool, default False
        ``False``: every category of a categorical, also those without a row (a table
        reports a category of the lexicon that never matched, with zeros). ``True``: only
        the categories that occur in ``col`` (a menu offers only what can be picked).
        Either way a categorical keeps its category order; other columns are sorted.

    Examples
    --------
    >>> col = pd.Series(pd.Categorical(["NATO", "NATO"], categories=["Russia", "NATO"]))
    >>> levels(col), levels(col, present_only=True), levels(pd.Series(["b", "a", "b"]))
    (['Russia', 'NATO'], ['NATO'], ['a', 'b'])
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        cats = col.cat.categories
        if present_only:  # from the codes: no string per row (9M tokens took 12 s as strings)
            codes = np.unique(col.cat.codes.to_numpy())
            return [str(cats[k]) for k in codes[codes >= 0]]
        return [str(x) for x in cats]
    return sorted(set(pd.Series(pd.unique(col), dtype=col.dtype).astype(str)))


def unit_columns(corpus, df: pd.DataFrame, by: Sequence[str]) -> pd.DataFrame:
    """Add document-level columns (e.g. year) that ``by`` asks for and ``df`` lacks.

    Raises
    ------
    ValueError
        A ``by`` column that is neither in ``df`` nor in ``corpus.documents``.
    """
    out = df
    for col in by:
        if col not in out.columns:
            if col not in corpus.documents.columns:
                raise ValueError(f"cannot group by {col!r}: not a column of the tokens or documents tables")
            m = dict(zip(corpus.documents.doc_id.astype(str), corpus.documents[col]))
            out = out.assign(**{col: out.doc_id.astype(str).map(m)})
    return out


def token_column(corpus, name: str) -> pd.Series:
    """A token-level column: from the tokens table, or mapped from the documents table.

    ``"doc"``, the old name of ``"doc_id"``, is kept for one release (with a
    ``DeprecationWarning``).

    Raises
    ------
    ValueError
        An unknown column (the message lists the valid ones).
    """
    toks = corpus.tokens
    if name == "doc":
        deprecated("the column 'doc' is now 'doc_id'", user_value=True)
        name = "doc_id"
    if name in toks.columns:
        return toks[name]
    if name in corpus.documents.columns:
        mapping = corpus.documents.set_index("doc_id")[name]
        codes = toks["doc_id"].cat.codes.to_numpy()
        vals = mapping.reindex(toks["doc_id"].cat.categories).take(codes)
        return pd.Series(vals.array, index=toks.index, name=name)
    valid = sorted(set(toks.columns) | set(corpus.documents.columns) - {"raw", "text"})
    raise ValueError(f"unknown column {name!r}; valid columns: {', '.join(valid)}")


def codes_of(col: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``(codes, values)``: an int64 code per row and the values (as str, an object array) the
    codes stand for — a categorical's own codes and categories (no string per row), else a
    factorisation of ``col.astype(str)``. A categorical's missing value has code −1.

    Examples
    --------
    >>> codes, values = codes_of(pd.Series(["b", "a", "b"], dtype="category"))
    >>> codes.tolist(), values.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy().astype(np.int64), np.asarray(col.cat.categories.astype(str), dtype=object)
    codes, uniq = pd.factorize(col.astype(str))
    return codes.astype(np.int64), np.asarray(uniq, dtype=object)


def equals(col: pd.Series, value) -> np.ndarray:
    """``(col.astype(str) == str(value)).to_numpy()``, computed on a categorical's codes.

    Examples
    --------
    >>> equals(pd.Series(["NATO", "Russia", None], dtype="category"), "Russia").tolist()
    [False, True, False]
    """
    value = str(value)
    if not isinstance(col.dtype, pd.CategoricalDtype):
        return (col.astype(str) == value).to_numpy(dtype=bool)
    codes = col.cat.codes.to_numpy()
    match = np.flatnonzero(np.asarray(col.cat.categories.astype(str), dtype=object) == value)
    out = np.isin(codes, match) if len(match) != 1 else codes == match[0]
    if value == "nan":  # a missing value reads "nan" as str
        out |= codes < 0
    return out
