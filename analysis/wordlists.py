"""Word lists and n-gram lists: frequency, rate, range and Gries' DP dispersion.

All counts read the corpus tokens (the ``norm`` form by default: case, diacritics,
apostrophes and hyphens folded), so a word's frequency ``n`` here equals the number of
hits and KWIC lines of the same word in :mod:`analysis.matcher` / :mod:`analysis.concordance`.

Stop words are scikit-learn's ``ENGLISH_STOP_WORDS`` plus the editable domain list in
``analysis/data/stopwords_domain.txt`` (tokenizer artefacts such as ``'s`` and
contractions, reporting verbs, honorifics), see :func:`stop_words` (defined with the
other stop-word helpers in ``analysis._core.stopwords``): ``stop_words="default"``;
``"english"`` is scikit-learn's list alone. Word lists keep every word unless
``stop_words`` is given, so that their counts agree with the matcher.

Old names, kept for one release with a ``DeprecationWarning``: ``column=`` (now
``form=``), ``by="doc"`` (now ``"doc_id"``), the ``freq`` column (now ``n``); the module
constant ``COLUMNS`` (now ``FORMS``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._core.stopwords import DOMAIN_STOP_WORDS, StopWords, read_stop_words, resolve_stop_words, stop_words
from ._core.tables import BY, FORMS, WORDLIST_STATS, token_arrays
from ._core.vocabulary import as_table, old_constants, renamed
from .tokens import fold
from ._core.dispatch import dispatch

__all__ = ["stop_words", "read_stop_words", "DOMAIN_STOP_WORDS", "frequencies", "ngrams", "BY", "FORMS"]

__getattr__ = old_constants(globals(), {"COLUMNS": "FORMS"})

#: The old names of the options (kept one release).
_OLD = dict(options={"column": "form"}, values={"by": {"doc": "doc_id"}})
#: The columns after the unit column (and ``length`` of n-grams).
_STATS = list(WORDLIST_STATS)


def _stats(unit, doc, term, part_unit, part_doc, n_docs, n_units, min_freq, min_range):
    """Frequency, range and DP per (unit, term) from per-occurrence codes.

    ``part_unit``/``part_doc`` are per-token codes that define part sizes (all tokens).
    """
    # part sizes: tokens per (unit, doc)
    size = np.bincount(part_unit * n_docs + part_doc, minlength=n_units * n_docs).reshape(n_units, n_docs).astype(float)
    n_tokens = size.sum(axis=1)
    share = np.divide(size, n_tokens[:, None], out=np.zeros_like(size), where=n_tokens[:, None] > 0)
    min_share = np.where(size > 0, share, np.inf).min(axis=1)
    n_parts = (size > 0).sum(axis=1)
    if len(term) == 0:
        return None
    # counts per (unit, term, doc)
    ut = unit * (int(term.max()) + 1) + term
    uniq, cnt = np.unique(ut * np.int64(n_docs) + doc, return_counts=True)
    ut_u, doc_u = np.divmod(uniq, np.int64(n_docs))
    n_terms = int(term.max()) + 1
    u_u = ut_u // n_terms
    # per (unit, term)
    grp, first = np.unique(ut_u, return_index=True)
    g = np.searchsorted(grp, ut_u)
    n = np.bincount(g, weights=cnt).astype(np.int64)
    rng = np.bincount(g).astype(np.int64)
    gu = grp // n_terms
    v = cnt / n[g]
    s = share[u_u, doc_u]
    dp = 0.5 * (np.bincount(g, weights=np.abs(v - s) - s, minlength=len(grp)) + 1.0)
    dp = np.clip(dp, 0.0, 1.0)
    denom = 1.0 - min_share[gu]
    with np.errstate(divide="ignore", invalid="ignore"):
        dp_norm = np.where(denom > 0, dp / denom, np.nan)
    out = pd.DataFrame(
        {
            "_unit": gu,
            "_term": grp % n_terms,
            "n": n,
            "n_tokens": n_tokens[gu].astype(np.int64),
            "per_1000": 1000.0 * n / n_tokens[gu],
            "range": rng,
            "n_parts": n_parts[gu].astype(np.int64),
            "dp": dp,
            "dp_norm": dp_norm,
        }
    )
    keep = (out["n"] >= min_freq) & (out["range"] >= min_range)
    return out[keep]


def _finish(out, by, names, vocab_terms, extra_cols=()):
    if out is None or out.empty:
        cols = ([] if by is None else [by]) + list(extra_cols) + _STATS
        empty = pd.DataFrame({c: pd.Series([], dtype=object if c == "term" else "float64") for c in cols})
        for c in ("n", "n_tokens", "range", "n_parts") + tuple(extra_cols):
            empty[c] = empty[c].astype(np.int64)
        if by is not None:
            empty[by] = pd.Categorical([], categories=names)
        return as_table(empty)
    out = out.copy()
    out["term"] = pd.Series(np.asarray(vocab_terms, dtype=object)[out["_term"].to_numpy()], index=out.index, dtype=object)
    out = out.sort_values(["_unit", "n", "term"], ascending=[True, False, True], kind="stable")
    cols = []
    if by is not None:
        out.insert(0, by, pd.Categorical.from_codes(out["_unit"].to_numpy(), categories=names))
        cols.append(by)
    cols += list(extra_cols) + _STATS
    return as_table(out[cols].reset_index(drop=True))


@renamed(**_OLD)
def frequencies(
    corpus,
    *,
    by: Literal["doc_id", "group", "voice"] | None = None,
    form: Literal["norm", "token"] = "norm",
    stop_words: StopWords = None,
    min_freq: int = 1,
    min_range: int = 1,
) -> pd.DataFrame:
    """Word list: frequency, rate per 1,000 tokens, range and DP dispersion per word.

    Parameters
    ----------
    corpus : Corpus
    by : {None, "doc_id", "group", "voice"}, default None
        Unit the list is computed for (``None``: the whole corpus).
    form : {"norm", "token"}, default "norm"
        The token form counted: folded (``norm``) or as written (``token``).
    stop_words : None, "english", "default" or list of str
        Words to leave out of the list (they still count in ``n_tokens``):
        ``"english"`` is scikit-learn's list, ``"default"`` adds the domain list
        (:func:`stop_words`). Default ``None``: keep every word.
    min_freq, min_range : int, default 1
        Keep words with at least this frequency / range in the unit.

    Returns
    -------
    pandas.DataFrame
        One row per unit × word, fresh RangeIndex, sorted by unit (categorical order),
        ``n`` descending, then ``term``. Columns: the unit column (``doc_id``,
        ``group`` or ``voice``, category; absent when ``by=None``), ``term`` (str),
        ``n`` (int64: occurrences of the word in the unit), ``n_tokens`` (int64: all
        tokens of the unit, stop words included), ``per_1000`` (float64: ``1000 * n /
        n_tokens``), ``range``
        (int64: documents containing the word), ``n_parts`` (int64: documents with
        tokens in the unit), ``dp`` and ``dp_norm`` (float64).

    Notes
    -----
    Gries' DP (deviation of proportions; Gries 2008) with the documents as corpus
    parts: ``DP = 0.5 * sum_i |v_i - s_i|``, where ``s_i`` is part *i*'s share of the
    unit's tokens and ``v_i`` its share of the word's occurrences. 0 = spread exactly
    as the parts' sizes, near 1 = concentrated in one small part. ``dp_norm = DP / (1
    - min_i s_i)`` (Lijffijt & Gries 2012) scales the maximum to 1; it is NaN when the
    unit has one part (``by="doc_id"``). With ``by="voice"`` the parts are the documents'
    tokens in that voice (documents without such tokens are not parts).

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    *International Journal of Corpus Linguistics* 13(4), 403–437.
    Lijffijt, J. & Gries, S. Th. (2012). Correction to Stefan Th. Gries' "Dispersions
    and adjusted frequencies in corpora". *IJCL* 17(1), 147–149.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> wl = frequencies(load_corpus(), stop_words="default")
    >>> r = wl.iloc[0]
    >>> (r.term, int(r.n), int(r.range), round(float(r.dp), 3))
    ('putin', 75, 3, 0.174)
    """
    if (mr := dispatch(corpus, "frequencies")) is not None:
        return mr(corpus, by=by, form=form, stop_words=stop_words, min_freq=min_freq, min_range=min_range)
    idx, unit, names, doc, codes, vocab = token_arrays(corpus, by, form)
    sw = resolve_stop_words(stop_words, form)
    keep = np.ones(len(codes), dtype=bool)
    if sw:
        stop_mask = np.fromiter(((fold(t) if form == "token" else t) in sw for t in vocab), dtype=bool, count=len(vocab))
        keep = ~stop_mask[codes]
    n_docs = len(corpus.tokens["doc_id"].cat.categories)
    n_units = 1 if names is None else len(names)
    out = _stats(unit[keep], doc[keep], codes[keep], unit, doc, n_docs, n_units, min_freq, min_range)
    return _finish(out, by, names, vocab)


@renamed(**_OLD)
def ngrams(
    corpus,
    n: int = 2,
    *,
    by: Literal["doc_id", "group", "voice"] | None = None,
    form: Literal["norm", "token"] = "norm",
    stop_words: StopWords = None,
    min_freq: int = 2,
    min_range: int = 1,
) -> pd.DataFrame:
    """N-gram list: sequences of ``n`` consecutive tokens within one sentence.

    Parameters
    ----------
    corpus : Corpus
    n : int or tuple of int, default 2
        Length(s) of the n-grams (``(2, 3)`` for both); each ≥ 1.
    by, form
        As in :func:`frequencies`. With ``by="voice"`` an n-gram counts in the voice
        of its first token.
    stop_words : None, "english", "default" or list of str
        Leave out n-grams that *start or end* with a stop word (``"the war"`` and
        ``"war in"`` go, ``"war in kosovo"`` stays). Default ``None``: keep all.
    min_freq : int, default 2
        Keep n-grams occurring at least this often in the unit.
    min_range : int, default 1
        Keep n-grams found in at least this many documents of the unit.

    Returns
    -------
    pandas.DataFrame
        As :func:`frequencies` plus ``length`` (int64: words in the n-gram; this column
        was ``n`` before ``n`` became the count) before ``term``; ``term`` is the
        n-gram's words joined by single spaces (so it is a valid phrase pattern for
        :func:`analysis.matcher.match`, which finds exactly ``n`` hits of it); ``n``
        (int64) counts its occurrences in the unit; sorted by unit, ``n`` descending,
        ``term``. ``n_tokens``, ``per_1000`` and DP use token counts (not n-gram slots)
        as part sizes.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> ng = ngrams(load_corpus(), 3, stop_words="default")
    >>> r = ng.iloc[0]
    >>> (int(r.length), r.term, int(r.n), int(r.range))
    (3, 'round of elections', 5, 1)
    """
    dispatch(corpus, "ngrams")
    ns = [n] if isinstance(n, (int, np.integer)) else list(n)
    if not ns or any(not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1 for k in ns):
        raise ValueError(f"n={n!r} is not valid; use a positive int or a tuple of them, e.g. 2 or (2, 3)")
    idx, unit, names, doc, codes, vocab = token_arrays(corpus, by, form)
    sw = resolve_stop_words(stop_words, form)
    stop_mask = (
        np.fromiter(((fold(t) if form == "token" else t) in sw for t in vocab), dtype=bool, count=len(vocab))
        if sw else np.zeros(len(vocab), dtype=bool)
    )
    n_docs = len(corpus.tokens["doc_id"].cat.categories)
    n_units = 1 if names is None else len(names)
    parts = []
    for k in sorted(set(int(x) for x in ns)):
        N = idx.n - k + 1
        if N <= 0:
            continue
        ok = np.ones(N, dtype=bool)
        for s in range(k - 1):
            ok &= idx.cont[s: s + N]
        starts = np.flatnonzero(ok)
        if sw and len(starts):
            starts = starts[~stop_mask[codes[starts]] & ~stop_mask[codes[starts + k - 1]]]
        if not len(starts):
            continue
        V = max(len(vocab), 1)
        if k * np.log2(V + 1) < 62:  # one int64 key per n-gram: fast 1-D unique
            key = np.zeros(len(starts), dtype=np.int64)
            for s in range(k):
                key = key * V + codes[starts + s]
            ukey, inv = np.unique(key, return_inverse=True)
            uniq = np.empty((len(ukey), k), dtype=np.int64)
            for s in range(k - 1, -1, -1):
                ukey, uniq[:, s] = np.divmod(ukey, V)
        else:
            grams = np.stack([codes[starts + s] for s in range(k)], axis=1)
            uniq, inv = np.unique(grams, axis=0, return_inverse=True)
        inv = inv.reshape(-1)
        out = _stats(unit[starts], doc[starts], inv.astype(np.int64), unit, doc, n_docs, n_units, min_freq, min_range)
        if out is None or out.empty:
            continue
        terms = np.asarray([" ".join(vocab[row]) for row in uniq], dtype=object)
        out = out.copy()
        out["_term"] = out["_term"].to_numpy()
        part = _finish(out, by, names, terms, ())
        part.insert(0 if by is None else 1, "length", np.int64(k))
        parts.append(part)
    if not parts:
        return _finish(None, by, names, [], ("length",))
    res = pd.concat(parts, ignore_index=True)
    sort = ([by] if by is not None else []) + ["n", "term"]
    asc = ([True] if by is not None else []) + [False, True]
    return as_table(res.sort_values(sort, ascending=asc, kind="stable").reset_index(drop=True))
