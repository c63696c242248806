"""Dispersion of actor mentions along each document (the data of an x-ray plot).

:func:`actor_positions` turns actor hits into one row per mention with its token position
and its relative position in the document; :func:`analysis.plots.plot_dispersion` draws
it (one row of ticks per document × actor, as AntConc's concordance plot or NLTK's
``dispersion_plot``, with labels checked against the rows they label).
:func:`dispersion_summary` counts the mentions of each row and measures how evenly they
spread (Gries' DP over equal tenths of the document).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._core.options import check_option
from ._core.units import levels

__all__ = ["actor_positions", "dispersion_summary"]

_COLUMNS = ["doc_id", "group", "actor", "i", "j", "n_tokens", "position", "sent_id", "voice", "match"]


def actor_positions(corpus, actor_hits: pd.DataFrame, *, actors: Sequence[str] | None = None,
                    voice: str | None = None) -> pd.DataFrame:
    """One row per actor mention: where in its document it falls.

    Parameters
    ----------
    corpus : Corpus
    actor_hits : DataFrame
        Actor hits (:func:`analysis.framing.lexicon_hits` of ``"actors"``).
    actors : sequence of str, optional
        Which actors, in this order (default: the hits' categories in lexicon order).
        The order is kept as the categories of the ``actor`` column, which
        :func:`analysis.plots.plot_dispersion` draws top to bottom.
    voice : {None, "author", "quoted"}
        Keep only mentions in that voice (default: both).

    Returns
    -------
    DataFrame
        ``doc_id`` (categorical, every corpus document in corpus order, also those
        without mentions), ``group``, ``actor`` (categorical in ``actors`` order), ``i``,
        ``j`` (int, token span, ``j`` exclusive), ``n_tokens`` (int, tokens of the
        document), ``position`` (float, ``i / n_tokens``, in [0, 1)), ``sent_id`` (int),
        ``voice``, ``match`` (str, as written). Sorted by document, actor, ``i``; fresh
        RangeIndex.

    Examples
    --------
    >>> import analysis
    >>> from analysis.framing import lexicon_hits
    >>> corpus = analysis.load_corpus()
    >>> pos = actor_positions(corpus, lexicon_hits(corpus, "actors"), actors=["Russia", "NATO"])
    >>> list(pos.actor.cat.categories), bool(pos.position.between(0, 1).all())
    (['Russia', 'NATO'], True)
    """
    check_option("voice", voice, (None, "author", "quoted"))
    acts = list(actors) if actors is not None else levels(actor_hits.category)
    known = set(levels(actor_hits.category)) | set(actor_hits.category.astype(str))
    unknown = [a for a in acts if a not in known]
    if unknown:
        raise ValueError(f"actors {unknown!r} are not categories of the hits; valid values: {', '.join(sorted(known))}")
    h = actor_hits[actor_hits.category.astype(str).isin(acts)]
    if voice is not None:
        h = h[h.voice.astype(str) == voice]
    docs = corpus.documents
    n_tok = dict(zip(docs.doc_id.astype(str), docs.n_tokens.astype(np.int64)))
    doc_cats = list(corpus.tokens.doc_id.cat.categories)
    d = h.doc_id.astype(str)
    n = d.map(n_tok).to_numpy(dtype=np.int64)
    out = pd.DataFrame({
        "doc_id": pd.Categorical(d, categories=doc_cats),
        "group": h.group.to_numpy(),
        "actor": pd.Categorical(h.category.astype(str), categories=acts),
        "i": h.i.to_numpy(dtype=np.int64),
        "j": h.j.to_numpy(dtype=np.int64),
        "n_tokens": n,
        "position": h.i.to_numpy(dtype=float) / np.maximum(n, 1),
        "sent_id": h.sent_id.to_numpy(dtype=np.int64),
        "voice": h.voice.to_numpy(),
        "match": h["match"].astype(str).to_numpy(),
    }, columns=_COLUMNS)
    return out.sort_values(["doc_id", "actor", "i", "j"], kind="stable").reset_index(drop=True)


def dispersion_summary(positions: pd.DataFrame, *, n_parts: int = 10) -> pd.DataFrame:
    """Mentions per document × actor and how evenly they spread along the document.

    Parameters
    ----------
    positions : DataFrame
        From :func:`actor_positions`.
    n_parts : int, default 10
        The document is cut into this many equal stretches of tokens for DP.

    Returns
    -------
    DataFrame
        One row per document × actor (categorical order; zero rows included):
        ``doc_id``, ``actor``, ``n_mentions`` (int), ``first``, ``last`` (float,
        relative position of the first and last mention; NaN without mentions),
        ``dp`` (float, Gries' DP over the ``n_parts`` stretches: 0 = even, → 1 = all in
        one stretch; NaN without mentions).

    Notes
    -----
    With equal stretches the expected share of each is ``1 / n_parts``, so
    ``DP = ½ Σ_k |v_k − 1/n_parts|`` with ``v_k`` the share of the mentions in stretch
    ``k`` (Gries 2008).

    References
    ----------
    Gries, S. Th. (2008). Dispersions and adjusted frequencies in corpora.
    *International Journal of Corpus Linguistics*, 13(4), 403–437.
    """
    if n_parts < 1:
        raise ValueError(f"n_parts must be >= 1, got {n_parts}")
    docs = list(positions.doc_id.cat.categories) if isinstance(positions.doc_id.dtype, pd.CategoricalDtype) else sorted(
        set(positions.doc_id.astype(str)))
    acts = list(positions.actor.cat.categories) if isinstance(positions.actor.dtype, pd.CategoricalDtype) else sorted(
        set(positions.actor.astype(str)))
    part = np.minimum((positions.position.to_numpy(dtype=float) * n_parts).astype(np.int64), n_parts - 1)
    rows = []
    key_d = positions.doc_id.astype(str).to_numpy()
    key_a = positions.actor.astype(str).to_numpy()
    for doc in docs:
        for act in acts:
            m = (key_d == doc) & (key_a == act)
            k = int(m.sum())
            if k:
                v = np.bincount(part[m], minlength=n_parts) / k
                dp = 0.5 * float(np.abs(v - 1.0 / n_parts).sum())
                p = positions.position.to_numpy(dtype=float)[m]
                rows.append({"doc_id": doc, "actor": act, "n_mentions": k, "first": float(p.min()),
                             "last": float(p.max()), "dp": dp})
            else:
                rows.append({"doc_id": doc, "actor": act, "n_mentions": 0, "first": np.nan, "last": np.nan,
                             "dp": np.nan})
    out = pd.DataFrame(rows, columns=["doc_id", "actor", "n_mentions", "first", "last", "dp"])
    out["doc_id"] = pd.Categorical(out.doc_id, categories=docs)
    out["actor"] = pd.Categorical(out.actor, categories=acts)
    out["n_mentions"] = out.n_mentions.astype(np.int64)
    return out
