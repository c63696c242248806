"""Vectors of the corpus units: TF-IDF (scikit-learn), top terms per unit, cosine similarity.

scikit-learn's :class:`~sklearn.feature_extraction.text.TfidfVectorizer` is given our
tokens, already tokenized and folded (``analyzer`` is the identity on a list of
tokens), so its vocabulary is exactly the word list's (:mod:`analysis.wordlists`) and
no second tokenizer is involved. scikit-learn is imported inside the functions.

Old names, kept for one release with a ``DeprecationWarning``: ``column=`` (now
``form=``), ``by="doc"`` (now ``"doc_id"``); in :func:`tfidf`'s table the ``unit`` column
(now named after ``by``: ``doc_id`` or ``group``) and ``count`` (now ``n``); the module
constant ``UNITS`` (now ``BY``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._core.options import check_option
from ._core.stopwords import StopWords, resolve_stop_words
from ._core.tables import token_arrays
from ._core.vocabulary import as_table, old_constants, renamed

__all__ = ["tfidf", "tfidf_matrix", "similarity", "BY"]

#: Valid values of ``by``.
BY = ("doc_id", "group")

__getattr__ = old_constants(globals(), {"UNITS": "BY"})

#: The old names of the options (kept one release).
_OLD = dict(options={"column": "form"}, values={"by": {"doc": "doc_id"}})


def _identity(tokens):
    """The analyzer: a unit's tokens are already tokenized and folded."""
    return tokens


def _unit_tokens(corpus, by, form, stop_words) -> tuple[pd.Index, list[list[str]]]:
    """Each unit's tokens (stop words removed), from the word lists' token arrays."""
    check_option("by", by, BY)
    _, unit, units, _, codes, vocab = token_arrays(corpus, by, form)
    sw = resolve_stop_words(stop_words, form)
    if sw:
        from .tokens import fold

        stop = np.fromiter(((fold(t) if form == "token" else t) in sw for t in vocab), dtype=bool, count=len(vocab))
        keep = ~stop[codes]
    else:
        keep = np.ones(len(codes), dtype=bool)
    unit, codes = unit[keep], codes[keep]
    order = np.argsort(unit, kind="stable")  # group tokens by unit, keeping document order within it
    bounds = np.cumsum(np.bincount(unit, minlength=len(units)))[:-1]
    return units, [vocab[part].tolist() for part in np.split(codes[order], bounds)]


@renamed(**_OLD)
def tfidf_matrix(
    corpus,
    *,
    by: Literal["doc_id", "group"] = "doc_id",
    stop_words: StopWords = "default",
    form: Literal["norm", "token"] = "norm",
    **vectorizer_options,
):
    """The TF-IDF matrix of the corpus units (scikit-learn, fitted on our tokens).

    Parameters
    ----------
    corpus : Corpus
    by : {"doc_id", "group"}, default "doc_id"
        A unit is one document, or all documents of a group together.
    stop_words : None, "english", "default" or list of str, default "default"
        Tokens left out before weighting: ``"english"`` is scikit-learn's list,
        ``"default"`` adds the domain list (:func:`analysis.wordlists.stop_words`).
    form : {"norm", "token"}, default "norm"
        The token form counted: folded (``norm``) or as written (``token``).
    **vectorizer_options
        Passed to ``TfidfVectorizer`` (``min_df``, ``sublinear_tf``, ``norm``,
        ``smooth_idf``, …); ``analyzer`` and ``lowercase`` are fixed.

    Returns
    -------
    X : scipy.sparse.csr_matrix
        Units × terms, rows in unit order.
    units : pandas.Index
        The units (document ids or group names, categorical order).
    terms : numpy.ndarray of str
        The vocabulary, in column order (sorted).
    counts : scipy.sparse.csr_matrix
        Raw term counts, same shape.
    """
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    for bad in ("analyzer", "lowercase", "tokenizer", "preprocessor", "stop_words"):
        if bad in vectorizer_options:
            raise ValueError(f"{bad!r} is fixed by tfidf(): our tokens are already tokenized and folded")
    units, docs = _unit_tokens(corpus, by, form, stop_words)
    vec = TfidfVectorizer(analyzer=_identity, lowercase=False, **vectorizer_options)
    X = vec.fit_transform(docs)
    terms = vec.get_feature_names_out()
    counts = CountVectorizer(analyzer=_identity, lowercase=False, vocabulary=vec.vocabulary_).transform(docs)
    return X.tocsr(), units, terms, counts.tocsr()


@renamed(**_OLD)
def tfidf(
    corpus,
    *,
    by: Literal["doc_id", "group"] = "doc_id",
    top: int | None = 10,
    stop_words: StopWords = "default",
    form: Literal["norm", "token"] = "norm",
    **vectorizer_options,
) -> pd.DataFrame:
    """Top TF-IDF terms per unit (document or group).

    Parameters
    ----------
    corpus : Corpus
    by : {"doc_id", "group"}, default "doc_id"
    top : int or None, default 10
        Terms kept per unit (``None``: every term with a non-zero weight).
    stop_words : None, "english", "default" or list of str, default "default"
    form : {"norm", "token"}, default "norm"
    **vectorizer_options
        Passed to ``TfidfVectorizer`` (e.g. ``sublinear_tf=True``, ``min_df=2``).

    Returns
    -------
    pandas.DataFrame
        One row per unit × term, fresh RangeIndex, sorted by unit (categorical
        order), then ``rank``. Columns: the unit column named after ``by``
        (``doc_id`` or ``group``, category), ``term`` (str), ``tfidf`` (float64),
        ``rank`` (int64, 1 = highest; ties broken by term), ``n`` (int64: occurrences
        of the term in the unit), ``df`` (int64: units containing the term),
        ``n_units`` (int64).

    Notes
    -----
    scikit-learn's defaults: ``tf`` = raw count, smooth ``idf = ln((1 + n) / (1 +
    df)) + 1`` with ``n`` units, each unit's vector L2-normalised. With ``by="group"``
    and few groups most words occur in every unit and share the minimum idf (1), so
    the ranking falls back on frequency: read TF-IDF with so few units as a
    description, not a test.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> t = tfidf(load_corpus(), by="group", top=3)
    >>> t[t.group == "Monitor 1998–99"].term.tolist()
    ['kosovo', 'russian', 'nato']
    """
    if top is not None and (not isinstance(top, (int, np.integer)) or isinstance(top, bool) or top < 1):
        raise ValueError(f"top={top!r} is not valid; use a positive int or None")
    X, units, terms, counts = tfidf_matrix(corpus, by=by, stop_words=stop_words, form=form, **vectorizer_options)
    X = X.tocoo()
    df_ = np.bincount(X.col, minlength=len(terms)) if X.nnz else np.zeros(len(terms), np.int64)
    C = counts.tocsr()
    out = pd.DataFrame(
        {
            "_unit": X.row.astype(np.int64),
            "term": pd.Series(np.asarray(terms, dtype=object)[X.col], dtype=object),
            "tfidf": X.data.astype(np.float64),
            "n": np.asarray(C[X.row, X.col]).ravel().astype(np.int64),
            "df": df_[X.col].astype(np.int64),
        }
    )
    out = out.sort_values(["_unit", "tfidf", "term"], ascending=[True, False, True], kind="stable")
    out["rank"] = out.groupby("_unit").cumcount().astype(np.int64) + 1
    if top is not None:
        out = out[out["rank"] <= top]
    out[by] = pd.Categorical.from_codes(out["_unit"].to_numpy(), categories=units)
    out["n_units"] = np.int64(len(units))
    return as_table(out[[by, "term", "tfidf", "rank", "n", "df", "n_units"]].reset_index(drop=True))


@renamed(**_OLD)
def similarity(
    corpus,
    *,
    by: Literal["doc_id", "group"] = "doc_id",
    stop_words: StopWords = "default",
    form: Literal["norm", "token"] = "norm",
    **vectorizer_options,
) -> pd.DataFrame:
    """Cosine similarity between the TF-IDF vectors of every pair of units.

    Parameters
    ----------
    corpus : Corpus
    by, stop_words, form, **vectorizer_options
        As in :func:`tfidf`.

    Returns
    -------
    pandas.DataFrame
        One row per ordered pair (the diagonal included, so a one-line ``pivot``
        gives the square matrix), fresh RangeIndex, sorted by ``unit_a`` then
        ``unit_b`` (categorical order). Columns: ``unit_a``, ``unit_b`` (category),
        ``cosine`` (float64, 0–1; 1 on the diagonal).

    Notes
    -----
    ``cosine(a, b) = a·b / (|a| |b|)`` over the TF-IDF rows (scikit-learn's
    ``cosine_similarity``).

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> s = similarity(load_corpus(), by="group")
    >>> len(s), float(s.cosine.max().round(6))
    (9, 1.0)
    """
    from sklearn.metrics.pairwise import cosine_similarity

    X, units, _, _ = tfidf_matrix(corpus, by=by, stop_words=stop_words, form=form, **vectorizer_options)
    S = cosine_similarity(X)
    n = len(units)
    a, b = np.divmod(np.arange(n * n), n)
    return pd.DataFrame(
        {
            "unit_a": pd.Categorical.from_codes(a, categories=units),
            "unit_b": pd.Categorical.from_codes(b, categories=units),
            "cosine": S.ravel().astype(np.float64),
        }
    )
