"""A fitted TF-IDF vectorizer's features for sentences given as token codes, without making
their texts: what ``TfidfVectorizer.transform`` computes on the space-joined norms of each
sentence (word unigrams and bigrams of ``\\S+`` tokens, lower-cased), counted with numpy
from the tokens' codes and then weighted by the vectorizer's own fitted TF-IDF transformer,
so the matrix is the same, value for value (tests/test_classify.py compares the two).
scikit-learn's analyzer runs in Python per sentence; on the 389k sentences of UNGDC it took
tens of seconds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["tfidf_from_codes"]


def _plain_word_bigrams(vec) -> bool:
    """Whether ``vec`` analyses as this module counts: words split on whitespace, lower-cased,
    unigrams and bigrams, nothing else."""
    return (getattr(vec, "analyzer", None) == "word" and tuple(vec.ngram_range) == (1, 2)
            and vec.token_pattern == r"\S+" and vec.tokenizer is None and vec.preprocessor is None
            and vec.stop_words is None and vec.lowercase and not vec.strip_accents and not vec.binary
            and hasattr(vec, "vocabulary_") and hasattr(vec, "_tfidf"))


def tfidf_from_codes(vec, codes: np.ndarray, bounds: np.ndarray, types: np.ndarray):
    """``vec.transform`` of the sentences whose tokens are ``types[codes[bounds[k]:bounds[k+1]]]``
    (joined by spaces), or None when ``vec`` or ``types`` are not what this counts (a type that
    is not exactly one whitespace-free word once lower-cased; another analyzer): then call
    ``vec.transform`` on the texts."""
    from scipy.sparse import csr_matrix

    if not _plain_word_bigrams(vec):
        return None
    lowered = [str(t).lower() for t in types]
    if any(len(w.split()) != 1 or w.split()[0] != w for w in lowered):
        return None
    lid, words = pd.factorize(np.asarray(lowered, dtype=object))  # one id per lower-cased type
    n_sent, n_words = len(bounds) - 1, len(words)
    vocab = vec.vocabulary_
    uni = np.fromiter((vocab.get(w, -1) for w in words), dtype=np.int64, count=n_words)
    pairs = [(t.split(" "), col) for t, col in vocab.items() if " " in t]
    index = pd.Index(words)
    left = index.get_indexer([p[0][0] for p in pairs]) if pairs else np.zeros(0, dtype=np.int64)
    right = index.get_indexer([p[0][1] for p in pairs]) if pairs else np.zeros(0, dtype=np.int64)
    known = (left >= 0) & (right >= 0)
    pair_key = left[known].astype(np.int64) * n_words + right[known]
    pair_col = np.fromiter((p[1] for p in pairs), dtype=np.int64, count=len(pairs))[known]
    tok = lid[codes].astype(np.int64)
    row = np.repeat(np.arange(n_sent, dtype=np.int64), np.diff(bounds))
    u = uni[tok]
    same = row[1:] == row[:-1]  # consecutive tokens of one sentence
    b = pd.Index(pair_key).get_indexer(tok[:-1] * n_words + tok[1:]) if len(tok) > 1 else np.zeros(0, dtype=np.int64)
    b_ok = same & (b >= 0)
    rows = np.concatenate([row[u >= 0], row[:-1][b_ok]])
    cols = np.concatenate([u[u >= 0], pair_col[b[b_ok]]])
    counts = csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n_sent, len(vocab)))
    counts.sum_duplicates()
    counts.sort_indices()
    return vec._tfidf.transform(counts, copy=False)
