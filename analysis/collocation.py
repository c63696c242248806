"""Collocates: which words occur near a node more often than chance predicts.

``collocates(corpus, node, window=(L, R))`` gathers, for every occurrence of the node,
the tokens up to ``L`` to its left and ``R`` to its right (vectorised over all
occurrences at once), counts each word form found there (``n``, the observed count
*O* of the formulas) and scores it against its corpus frequency (the ``expected`` count
*E*) with MI, t-score, log-likelihood G² and logDice.

Windows never cross a document boundary; with ``boundary="sentence"`` they also stop
at the sentence boundary. Positions outside the boundary are *dropped*, not replaced
by tokens further away, so a node at the start of a document has a shorter window.

Old names, kept for one release with a ``DeprecationWarning``: ``unit=`` (the token
form, now ``form=``), ``by="doc"`` (now ``"doc_id"``), ``sort="O"`` (now ``"n"``); the
columns ``O``, ``O_left``, ``O_right`` (now ``n``, ``n_left``, ``n_right``), ``f_node``,
``f_coll``, ``N`` (now ``n_node``, ``n_collocate``, ``n_tokens``) and ``E`` (now
``expected``), also as a key of :func:`association`'s result.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from ._core.options import check_option
from ._core.stopwords import named_stop_words, stop_set
from ._core.units import codes_of, equals, token_column
from ._core.vocabulary import AliasDict, as_table, renamed
from ._core.dispatch import dispatch

if TYPE_CHECKING:  # pragma: no cover
    from .corpus import Corpus

__all__ = ["collocates", "collocates_by_actor", "association", "SORTS"]

SORTS = ("log_dice", "g2", "mi", "t_score", "n")
#: The old names of the options (kept one release).
_OLD = dict(options={"unit": "form"}, values={"by": {"doc": "doc_id"}, "sort": {"O": "n"}})
_GLOB = re.compile(r"[*?\[\]\s]")


# --------------------------------------------------------------------------- statistics


def association(O, f_node, f_coll, N, span=1, *, positions=None) -> dict[str, np.ndarray]:
    """Association scores of a node and a collocate from window counts.

    Parameters
    ----------
    O : array_like
        Observed co-occurrence count (the ``n`` column of :func:`collocates`): tokens of
        the collocate inside the node's windows.
    f_node, f_coll : array_like
        Corpus frequencies of the node (occurrences) and of the collocate (``n_node``,
        ``n_collocate``).
    N : array_like
        Corpus size in tokens (``n_tokens``).
    span : array_like, default 1
        Window positions per node occurrence (``L + R``).
    positions : array_like, optional
        Total window positions ``K``; default ``f_node · span``. Pass the number of
        positions actually inspected (``expected="window"`` in :func:`collocates`).

    Returns
    -------
    dict of numpy.ndarray
        ``expected`` (*E*), ``mi``, ``t_score``, ``g2`` (signed: negative when ``O < E``),
        ``log_dice``. The old key ``"E"`` still reads ``expected`` for one release.

    Notes
    -----
    With ``K = f_node · span`` window positions in all (Evert 2008's span-size
    correction; Stubbs 1995):

    * expected ``E = f_node · f_coll · span / N``;
    * ``MI = log2(O / E)`` (Church & Hanks 1990);
    * ``t = (O − E) / √O`` (Church et al. 1991);
    * ``G² = 2 Σ O_ij ln(O_ij / E_ij)`` over the 2×2 table
      ``[[O, K − O], [f_coll − O, N − K − f_coll + O]]`` (window positions × collocate
      or not), cells clipped at 0, ``0 ln 0 = 0``, multiplied by ``sign(O − E)``;
    * ``logDice = 14 + log2(2 O / (f_node + f_coll))`` (Rychlý 2008).

    For adjacent bigrams (``L = 0, R = 1``, span 1) ``MI``, ``t`` and ``|G²|`` equal
    NLTK's ``BigramAssocMeasures.pmi``, ``student_t`` and ``likelihood_ratio`` called
    with ``(O, (f_node, f_coll), N)`` (NLTK adds 1e−20 guards; differences < 1e−9).
    """
    O, f_node, f_coll, N, span = np.broadcast_arrays(
        *(np.asarray(x, dtype=float) for x in (O, f_node, f_coll, N, span))
    )
    K = f_node * span if positions is None else np.broadcast_to(np.asarray(positions, dtype=float), O.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        E = f_coll * K / N
        pos = O > 0
        mi = np.where(pos & (E > 0), np.log2(np.where(pos, O, 1.0) / np.where(E > 0, E, 1.0)), 0.0)
        t = np.where(pos, (O - E) / np.sqrt(np.where(pos, O, 1.0)), 0.0)
        denom = f_node + f_coll
        log_dice = np.where(pos & (denom > 0), 14.0 + np.log2(2.0 * np.where(pos, O, 1.0) / np.where(denom > 0, denom, 1.0)), 0.0)
    cells = [O, K - O, f_coll - O, N - K - f_coll + O]
    cells = [np.maximum(x, 0.0) for x in cells]
    tot = sum(cells)
    r1, r2 = cells[0] + cells[1], cells[2] + cells[3]
    c1, c2 = cells[0] + cells[2], cells[1] + cells[3]
    g = np.zeros_like(O)
    for o, e_num in zip(cells, (r1 * c1, r1 * c2, r2 * c1, r2 * c2)):
        with np.errstate(divide="ignore", invalid="ignore"):
            e = np.where(tot > 0, e_num / np.where(tot > 0, tot, 1.0), 0.0)
            g = g + np.where((o > 0) & (e > 0), o * np.log(np.where(o > 0, o, 1.0) / np.where(e > 0, e, 1.0)), 0.0)
    g2 = 2.0 * g * np.sign(O - E)
    return AliasDict(expected=E, mi=mi, t_score=t, g2=g2, log_dice=log_dice)


# --------------------------------------------------------------------------- nodes


def _doc_starts(corpus: Corpus) -> tuple[np.ndarray, np.ndarray]:
    """Row of each document's first token; checks rows are ordered (doc, i) with i = 0, 1, …"""
    toks = corpus.tokens
    doc = toks["doc_id"].cat.codes.to_numpy().astype(np.int64)
    n_docs = len(toks["doc_id"].cat.categories)
    if doc.size and np.any(np.diff(doc) < 0):
        raise ValueError("corpus.tokens must be ordered by document (as load_corpus builds it)")
    starts = np.searchsorted(doc, np.arange(n_docs), side="left")
    i = toks["i"].to_numpy()
    if doc.size and not np.array_equal(i, np.arange(doc.size) - starts[doc]):
        raise ValueError("corpus.tokens must number tokens i = 0, 1, … within each document")
    return doc, starts


def _node_spans(corpus: Corpus, node, doc_starts: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """Node occurrences as token rows [start, end) and a label."""
    toks = corpus.tokens
    n = len(toks)
    if isinstance(node, (np.ndarray, pd.Series)) and np.asarray(node).dtype == bool:
        m = np.asarray(node)
        if m.shape != (n,):
            raise ValueError(f"node: a boolean mask must have one entry per token ({n}), got shape {m.shape}")
        s = np.flatnonzero(m)
        return s, s + 1, "mask"
    if isinstance(node, pd.DataFrame):
        return (*_spans_from_hits(corpus, node, doc_starts), "hits")
    if isinstance(node, str):
        node = [node]
    if isinstance(node, (list, tuple)) and node and all(isinstance(x, str) for x in node):
        label = "|".join(node)
        try:
            from .matcher import match  # the one matcher: globs, phrases, regexes
        except ImportError:  # pragma: no cover - only without analysis.matcher
            match = None
        if match is not None:
            hits = match(corpus, list(node))
            found = set(hits["pattern"].astype(str)) if len(hits) else set()
            missing = [x for x in dict.fromkeys(node) if x not in found]
            if missing and len(missing) < len(set(node)):  # none at all: one warning later
                warnings.warn(f"collocates: node pattern(s) {missing} never occur in the corpus", stacklevel=3)
            s, e = _spans_from_hits(corpus, hits, doc_starts)
            return s, e, label
        if any(_GLOB.search(x) for x in node):  # pragma: no cover - only without analysis.matcher
            raise ValueError(
                "node: glob patterns and phrases need analysis.matcher, which is not available; "
                "pass exact word forms, a boolean mask or a hits table (doc_id, i, j)"
            )
        from .tokens import normalize  # pragma: no cover - fallback without analysis.matcher

        norms = toks["norm"]
        wanted = {normalize(x) for x in node}
        missing = sorted(w for w in wanted if w not in set(norms.cat.categories))
        if missing and len(missing) < len(wanted):
            warnings.warn(f"collocates: node form(s) {missing} never occur in the corpus", stacklevel=3)
        s = np.flatnonzero(norms.isin(list(wanted)).to_numpy())
        return s, s + 1, label
    raise TypeError(
        "node must be a boolean mask over tokens, a word form or list of word forms/patterns, "
        f"or a hits table with doc_id, i, j; got {type(node).__name__}"
    )


def _spans_from_hits(corpus: Corpus, hits: pd.DataFrame, doc_starts: np.ndarray):
    """Rows [start, end) of hits given as (doc_id, i, j); ``j`` is the exclusive end
    (``i + 1`` for one token), as :func:`analysis.matcher.match` returns it. A span hit
    by several patterns is one occurrence; overlapping distinct spans are kept."""
    missing = [c for c in ("doc_id", "i", "j") if c not in hits.columns]
    if missing:
        raise ValueError(f"node: a hits table needs columns doc_id, i, j; missing {missing}")
    cats = corpus.tokens["doc_id"].cat.categories
    d = pd.Categorical(hits["doc_id"].astype(str), categories=cats).codes
    if np.any(d < 0):
        raise ValueError("node: hits refer to documents not in the corpus")
    i = hits["i"].to_numpy(dtype=np.int64)
    j = hits["j"].to_numpy(dtype=np.int64)
    if np.any(j <= i):
        raise ValueError("node: hits need j > i (j is the exclusive end of the token span)")
    s = doc_starts[d] + i
    e = doc_starts[d] + j
    if s.size:  # one occurrence per distinct span, in corpus order
        se = np.unique(np.stack([s, e], axis=1), axis=0)
        s, e = se[:, 0], se[:, 1]
    return s, e


# --------------------------------------------------------------------------- main


@renamed(**_OLD)
def collocates(
    corpus: Corpus,
    node,
    *,
    window: tuple[int, int] = (5, 5),
    by: str | None = None,
    boundary: Literal["document", "sentence"] = "document",
    min_freq: int = 2,
    min_node_freq: int = 3,
    form: Literal["norm", "token"] = "norm",
    stop_words: Iterable[str] | Literal["english", "default"] | None = None,
    expected: Literal["span", "window"] = "span",
    sort: Literal["log_dice", "g2", "mi", "t_score", "n"] = "log_dice",
) -> pd.DataFrame:
    """Collocates of a node within a window of ``L`` tokens left and ``R`` right.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.load_corpus`.
    node : str, list of str, boolean mask, or hits DataFrame
        Pattern(s) in the language of :func:`analysis.matcher.match` (word forms folded
        like ``norm``, so ``"Milošević"`` finds ``milosevic``; globs ``"serb*"``;
        phrases ``"ethnic cleansing"``), matched by that function; a boolean array
        with one entry per token; or a table of hits with ``doc_id, i, j`` (token
        span, ``j`` exclusive, as ``match`` returns it). A span hit by several
        patterns counts once. A multi-token node's window starts left of its first
        token and right of its last.
    window : (int, int), default (5, 5)
        ``(L, R)`` tokens to the left and right; ``(0, 1)`` gives adjacent bigrams.
    by : str, optional
        Compute separately per value of a token or document column (``"group"``,
        ``"voice"``, ``"doc_id"``, ``"speaker"``, ``"year"``, …). The stratum
        of a co-occurrence is the node's; window positions on tokens of another
        stratum (a quoted span next to author text, with ``by="voice"``) are dropped.
        ``n_collocate``, ``n_tokens`` and ``n_node`` are counted within the stratum.
    boundary : {"document", "sentence"}
        Windows stop at document boundaries (default) or also at sentence boundaries.
    min_freq : int, default 2
        Keep collocates with ``n >= min_freq``.
    min_node_freq : int, default 3
        Skip (with a warning) strata where the node occurs fewer times.
    form : {"norm", "token"}
        The token form of the collocates: folded ``norm`` (default) or ``token`` as
        written. The node is always matched on ``norm``.
    stop_words : None, "english", "default" or iterable of str
        Collocates left out of the table (``"english"``: scikit-learn's list;
        ``"default"``: that and the domain list). They still occupy window positions.
    expected : {"span", "window"}
        How the ``expected`` column is computed. ``"span"`` (default): ``f_node ·
        f_coll · (L + R) / N``, the nominal span-size correction; ``"window"``:
        ``f_coll · W / N`` with ``W`` the
        window positions actually inspected (fewer at document or sentence
        boundaries; overlapping windows of nearby nodes count twice).
    sort : {"log_dice", "g2", "mi", "t_score", "n"}
        Statistic (or count) that orders rows (descending) within each stratum, then
        collocate.

    Returns
    -------
    pandas.DataFrame
        Fresh RangeIndex; sorted by stratum (category order), ``sort`` descending,
        ``collocate``. ``df.attrs["variant"]`` names the formula variant. Columns:

        ==============  =======  ==================================================
        <by>            str      stratum value (only when ``by`` is given)
        node            str      node label
        collocate       str      collocate (in ``form``)
        n               int64    observed co-occurrences in the windows (*O*)
        n_left, n_right int64    … to the left / to the right of the node
        n_node          int64    node occurrences (in the stratum; *f_node*)
        n_collocate     int64    collocate occurrences (in the stratum; *f_coll*)
        n_tokens        int64    tokens (in the stratum; *N*)
        span            int64    window positions K (``n_node · (L+R)`` or ``W``)
        expected        float64  expected co-occurrences ``n_collocate · K / n_tokens``
                                 (*E*)
        mi              float64  log2(n / expected)
        t_score         float64  (n − expected) / √n
        g2              float64  4-term log-likelihood, signed by n − expected
        log_dice        float64  14 + log2(2 n / (n_node + n_collocate))
        ==============  =======  ==================================================

    Raises
    ------
    ValueError, TypeError
        Invalid options (the message lists the valid ones) or an unusable node.

    Notes
    -----
    See :func:`association` for the formulas. A token inside the windows of two
    nearby node occurrences is counted once for each (as in NLTK's window finder);
    the node's own tokens are never inside its own window, but another occurrence
    of the node can be (``very very``). For adjacent bigrams (``window=(0, 1)``),
    ``mi``, ``t_score`` and ``|g2|`` equal NLTK's ``BigramAssocMeasures`` ``pmi``,
    ``student_t`` and ``likelihood_ratio`` on ``(n, (n_node, n_collocate), n_tokens)``, which is
    what ``BigramCollocationFinder.from_words`` uses within one document. NLTK's
    window finder (``window_size=w``) counts the ``w − 1`` tokens to the right and
    scores ``O / (w − 1)``: for ``window=(0, w − 1)`` our ``mi`` equals its ``pmi``
    and our ``t_score`` is its ``student_t`` × √(w − 1) (its G² table differs).

    References
    ----------
    Church, K. W., & Hanks, P. (1990). Word association norms, mutual information, and
    lexicography. *Computational Linguistics*, 16(1), 22–29.

    Church, K., Gale, W., Hanks, P., & Hindle, D. (1991). Using statistics in lexical
    analysis. In U. Zernik (Ed.), *Lexical Acquisition* (pp. 115–164). Erlbaum.

    Dunning, T. (1993). Accurate methods for the statistics of surprise and
    coincidence. *Computational Linguistics*, 19(1), 61–74.

    Evert, S. (2008). Corpora and collocations. In A. Lüdeling & M. Kytö (Eds.),
    *Corpus Linguistics: An International Handbook* (Vol. 2, pp. 1212–1248). Mouton
    de Gruyter.

    Rychlý, P. (2008). A lexicographer-friendly association score. In *Proceedings of
    Recent Advances in Slavonic Natural Language Processing (RASLAN 2008)*, 6–9.

    Stubbs, M. (1995). Collocations and semantic profiles: On the cause of the trouble
    with quantitative studies. *Functions of Language*, 2(1), 23–55.

    Examples
    --------
    >>> import analysis
    >>> from analysis.collocation import collocates
    >>> corpus = analysis.load_corpus()
    >>> cl = collocates(corpus, "kosovo", window=(3, 3))
    >>> list(cl.columns[:4])
    ['node', 'collocate', 'n', 'n_left']
    """
    if (mr := dispatch(corpus, "collocates")) is not None:
        return mr(corpus, node, window=window, by=by, boundary=boundary, min_freq=min_freq, min_node_freq=min_node_freq,
                  form=form, stop_words=stop_words, expected=expected, sort=sort)
    L, R = _check_options(window, boundary=boundary, form=form, expected=expected, sort=sort, min_freq=min_freq)
    toks = corpus.tokens
    doc, doc_starts = _doc_starts(corpus)
    ns, ne, label = _node_spans(corpus, node, doc_starts)
    codes = toks[form].cat.codes.to_numpy().astype(np.int64)
    vocab = toks[form].cat.categories
    strat, s_labels, by_col = _strata(corpus, by, len(toks))
    sent = toks["sent_id"].to_numpy() if boundary == "sentence" else None
    w = _window_counts(ns, ne, L, R, doc=doc, sent=sent, strat=strat, codes=codes, V=len(vocab), S=len(s_labels),
                       by=by)
    keep = w.O >= min_freq
    stops = stop_set(stop_words, form)
    if stops:
        keep &= ~np.asarray(vocab.isin(list(stops)))[w.c_of]
    keep &= _good_strata(w.f_node, s_labels, by=by, label=label, min_node_freq=min_node_freq, n_nodes=ns.size)[w.s_of]
    O, O_left, O_right, f_coll, s_of, c_of = (x[keep] for x in (w.O, w.O_left, w.O_right, w.f_coll, w.s_of, w.c_of))
    K = w.f_node[s_of] * (L + R) if expected == "span" else w.W[s_of]
    st = association(O, w.f_node[s_of], f_coll, w.N_s[s_of], L + R, positions=K)
    data = {}
    if by is not None:
        data[by_col] = [str(s_labels[k]) for k in s_of]
    data.update(
        node=label,
        collocate=np.asarray(vocab, dtype=object)[c_of].astype(str),
        n=O.astype(np.int64),
        n_left=O_left.astype(np.int64),
        n_right=O_right.astype(np.int64),
        n_node=w.f_node[s_of],
        n_collocate=f_coll.astype(np.int64),
        n_tokens=w.N_s[s_of],
        span=np.asarray(K, dtype=np.int64),
        **st,
    )
    out = pd.DataFrame(data)
    out["_s"] = s_of
    cols = ["_s", sort, "collocate"]
    out = out.sort_values(cols, ascending=[True, False, True], kind="mergesort", ignore_index=True).drop(columns="_s")
    out.attrs["variant"] = (
        f"window L={L}, R={R}, {boundary}-bounded; "
        + ("E = f_node·f_coll·(L+R)/N (nominal span)" if expected == "span" else "E = f_coll·W/N (W = window positions inspected)")
        + "; MI = log2(O/E); t = (O−E)/√O; G² 4-term signed; logDice = 14 + log2(2O/(f_node+f_coll))"
    )
    return as_table(out)


def _check_options(window, *, boundary, form, expected, sort, min_freq) -> tuple[int, int]:
    """Validate the options; the window as ``(L, R)``."""
    check_option("boundary", boundary, ("document", "sentence"))
    check_option("form", form, ("norm", "token"))
    check_option("expected", expected, ("span", "window"))
    check_option("sort", sort, SORTS)
    try:
        L, R = (int(window[0]), int(window[1]))
    except (TypeError, ValueError, IndexError):
        raise ValueError(f"window must be a pair (L, R) of non-negative ints, got {window!r}") from None
    if L < 0 or R < 0 or L + R < 1:
        raise ValueError(f"window must be (L, R) with L, R >= 0 and L + R >= 1, got {window!r}")
    if min_freq < 1:
        raise ValueError(f"min_freq must be >= 1, got {min_freq}")
    return L, R


def _strata(corpus: Corpus, by: str | None, n: int) -> tuple[np.ndarray, list, str | None]:
    """Stratum code of each token, the strata's labels (``None``: missing values, not
    reported) and the name of the stratum column."""
    if by is None:
        return np.zeros(n, dtype=np.int64), [None], None
    col = token_column(corpus, by)
    by_col = "doc_id" if by == "doc" else by  # "doc": the old name, translated on entry
    if isinstance(col.dtype, pd.CategoricalDtype):
        strat = col.cat.codes.to_numpy().astype(np.int64)
        s_labels = list(col.cat.categories)
    else:
        codes_s, uniq = pd.factorize(col, sort=True)
        strat = codes_s.astype(np.int64)
        s_labels = list(uniq)
    if np.any(strat < 0):  # missing values: their own stratum is not reported
        strat = np.where(strat < 0, len(s_labels), strat)
        s_labels = s_labels + [None]
    return strat, s_labels, by_col


@dataclass
class _WindowCounts:
    """Co-occurrence counts per (stratum, collocate) key, and per-stratum totals."""

    O: np.ndarray  # co-occurrences in the windows
    O_left: np.ndarray  # … to the left of the node
    O_right: np.ndarray  # … to the right
    f_coll: np.ndarray  # collocate frequency within the stratum
    s_of: np.ndarray  # stratum of each key
    c_of: np.ndarray  # collocate code of each key
    W: np.ndarray  # window positions inspected, per stratum
    f_node: np.ndarray  # node occurrences, per stratum
    N_s: np.ndarray  # tokens, per stratum


def _window_counts(ns, ne, L, R, *, doc, sent, strat, codes, V, S, by) -> _WindowCounts:
    """Gather the window positions around every node occurrence (vectorised) and count them."""
    n = len(codes)
    node_s = strat[ns] if ns.size else np.zeros(0, dtype=np.int64)
    offs = np.concatenate([-np.arange(1, L + 1), np.arange(1, R + 1)]).astype(np.int64)
    is_left = offs < 0
    anchor = np.where(is_left[None, :], ns[:, None], (ne - 1)[:, None])  # (n_nodes, L+R)
    pos = anchor + offs[None, :]
    ok = (pos >= 0) & (pos < n)
    posc = np.clip(pos, 0, max(n - 1, 0))
    if n:
        ok &= doc[posc] == doc[anchor]
        if sent is not None:
            ok &= sent[posc] == sent[anchor]
        if by is not None:
            ok &= strat[posc] == node_s[:, None]
    W = np.bincount(np.broadcast_to(node_s[:, None], ok.shape)[ok], minlength=S).astype(np.int64)
    f_node = np.bincount(node_s, minlength=S).astype(np.int64)
    N_s = np.bincount(strat, minlength=S).astype(np.int64)
    side_left = np.broadcast_to(is_left[None, :], ok.shape)[ok]
    key = np.broadcast_to(node_s[:, None], ok.shape)[ok] * V + codes[posc[ok]]
    keys, O = np.unique(key, return_counts=True)
    O_left = _count_at(keys, key[side_left])
    # collocate frequency within the stratum
    if S * V <= 20_000_000:
        f_coll = np.bincount(strat * V + codes, minlength=S * V)[keys]
    else:
        f_coll = _count_at(keys, strat * V + codes)
    return _WindowCounts(O, O_left, O - O_left, f_coll, keys // V, keys % V, W, f_node, N_s)


def _good_strata(f_node, s_labels, *, by, label, min_node_freq, n_nodes) -> np.ndarray:
    """Strata where the node occurs often enough (warning about the others) and that are reported."""
    S = len(s_labels)
    low = [k for k in range(S) if 0 < f_node[k] < min_node_freq and s_labels[k] is not None]
    if by is None and 0 < f_node[0] < min_node_freq:
        low = [0]
    if low:
        shown = ", ".join(str(s_labels[k]) if by else "corpus" for k in low)
        warnings.warn(
            f"collocates: node {label!r} occurs fewer than {min_node_freq} times in: {shown}; skipped",
            stacklevel=3,  # the caller of collocates
        )
    if n_nodes == 0:
        warnings.warn(f"collocates: node {label!r} does not occur in the corpus", stacklevel=3)
    return (f_node >= min_node_freq) & np.asarray([lab is not None for lab in s_labels] if by else [True])


def _count_at(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """How often each of the sorted unique ``keys`` occurs in ``values``."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    v = np.sort(values)
    return (np.searchsorted(v, keys, side="right") - np.searchsorted(v, keys, side="left")).astype(np.int64)


def _alias_forms(corpus: Corpus, hits: pd.DataFrame, tok: dict) -> set[str]:
    """The word forms of an actor's names: every token inside its hits, and the capitalised
    words written right before a hit in the same sentence — first names and titles of the same
    name ("Igor Ivanov", "President Slobodan Milosevic"). ``tok``: :func:`_token_forms`."""
    norm, norms, upper, first, sent = tok["norm"], tok["norms"], tok["upper"], tok["first"], tok["sent"]
    function_words = named_stop_words("english")  # a capitalised "The" before a name is no part of it
    own: set[str] = set()
    for d, i, j in zip(tok["doc_index"].get_indexer(hits.doc_id.astype(str)).tolist(), hits.i.tolist(), hits.j.tolist()):
        a, b = first[d] + int(i), first[d] + int(j)
        own.update(norms[norm[a:b]].tolist())
        k = a - 1
        while (k >= first[d] and sent[k] == sent[a] and upper[k] and a - k <= 3
               and norms[norm[k]] not in function_words):
            own.add(norms[norm[k]])
            k -= 1
    return own


def _token_forms(corpus: Corpus) -> dict:
    """What :func:`_alias_forms` reads per token, as codes (no string per token): norm codes
    and the norms, whether the written form starts with a capital, each document's first row."""
    tokens = corpus.tokens
    norm, norms = codes_of(tokens["norm"])
    written, forms = codes_of(tokens["token"])
    doc, names = codes_of(tokens["doc_id"])
    present, at = np.unique(doc, return_index=True)
    first = np.zeros(len(names), dtype=np.int64)
    first[present] = at
    return {"norm": norm, "norms": norms, "sent": tokens.sent_id.to_numpy(),
            "upper": np.fromiter((f[:1].isupper() for f in forms), dtype=bool, count=len(forms))[written],
            "first": first, "doc_index": pd.Index(names)}


@renamed(values={**_OLD["values"], "stop_words": {None: (
    "default", ": None meant the default list here and means no stop words from the next release; pass "
               "stop_words='default' to keep the list, or stop_words=() for none")}})
def collocates_by_actor(corpus: Corpus, actor_hits: pd.DataFrame, *, actors, voice: str | None = "author",
                        window: tuple[int, int] = (5, 5), by: str = "group", min_freq: int = 2,
                        stop_words: Iterable[str] | Literal["english", "default"] | None = "default",
                        sort: str = "log_dice", keep_aliases: bool = False) -> pd.DataFrame:
    """:func:`collocates` of each actor's mentions (optionally only those in ``voice``), per ``by``.

    ``stop_words`` as in :func:`collocates`; default ``"default"`` (scikit-learn's list
    plus the domain list, :func:`analysis.wordlists.stop_words`). An explicit ``None``
    still means that list for one release (with a ``DeprecationWarning``); it will mean
    no stop words, as everywhere else. By default an actor's own names are not its
    collocates: every word form of the actor's hits in ``actor_hits`` (Putin, Moscow, Russian
    … for Russia) and the capitalised words written right before them (first names and titles:
    "Igor", "President") are left out, so that the list shows the company an actor keeps, not
    its other names; numbers are left out too (dates, article numbers); other actors stay
    (``keep_aliases=True`` keeps everything). Returns the :func:`collocates` columns plus
    ``actor`` (first), rows in ``actors`` order, then ``by`` order, then ``sort`` descending.
    """
    dispatch(corpus, "collocates_by_actor")
    sw = stop_words
    tok = None if keep_aliases else _token_forms(corpus)
    parts = []
    for actor in actors:
        node = actor_hits[equals(actor_hits.category, actor)]
        own = set() if keep_aliases else _alias_forms(corpus, node, tok)
        if voice is not None:
            node = node[node.voice.astype(str) == voice]
        if node.empty:
            continue
        out = collocates(corpus, node, window=window, by=by, min_freq=min_freq,
                         stop_words=stop_set(sw, "norm") | own if own else sw, sort=sort)
        if not keep_aliases:  # numbers ("October 5", "Article 5") are dates and article numbers, not company
            out = out[~out.collocate.astype(str).str.fullmatch(r"[\d.,]+")].reset_index(drop=True)
        out.insert(0, "actor", actor)
        parts.append(out)
    if not parts:
        return as_table(pd.DataFrame(columns=list(dict.fromkeys(["actor", by, "collocate", "n", sort]))))
    return as_table(pd.concat(parts, ignore_index=True))
