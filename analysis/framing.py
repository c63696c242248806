"""Framing: dictionary hits, frame rates, actor-anchored frames, drill-down to the text.

Everything here is a group-by over hits tables from :func:`analysis.matcher.match`:

* :func:`lexicon_hits` — the hits of a lexicon (actors or frames), longest match per
  category (a hit inside a longer hit of the same category is not counted twice);
* :func:`frame_rates` — hits per 1,000 tokens of each unit (e.g. group × voice), with a
  block-bootstrap 95 % interval and a thin-evidence flag;
* :func:`actor_frame_pairs` — one row per (actor mention, frame hit) pair in the same
  sentence (default) or within ±N tokens, in the same voice;
* :func:`actor_frames` — the actor × frame table: n_pairs, n_actor_mentions, per_mention
  (frame hits per actor mention) with intervals; its n_pairs sum to the pairs table;
* :func:`drill` — any cell of any of these tables → exactly its concordance lines.

Pairs and voice: a pair is counted only when the actor mention and the frame hit have the
same voice, so the author's framing of an actor is what the author's own words around the
mention say; a quoted frame word next to the author's mention of an actor belongs to the
quoted speaker, not to the source.

Old names, kept for one release with a ``DeprecationWarning``: the ``rate`` column (now
``per_1000`` in :func:`frame_rates`, ``per_mention`` in :func:`actor_frames`), ``unit=``
of :func:`drill` (the context span, now ``context=``), ``count_high`` / ``count_low`` of
:func:`top_contrasts` (now ``n_high`` / ``n_low``).
"""

from __future__ import annotations

from typing import Literal, Sequence

import numpy as np
import pandas as pd

from .progress import show_progress
from ._core.intervals import interval_table
from ._core.options import check_option
from ._core.units import levels, unit_columns
from ._core.vocabulary import as_table, current_column, renamed
from ._core.dispatch import dispatch

__all__ = [
    "lexicon_hits",
    "frame_rates",
    "actor_frame_pairs",
    "actor_frames",
    "drill",
    "top_contrasts",
    "contrast_lines",
    "THIN_MIN_HITS",
    "THIN_MAX_SHARE",
]

THIN_MIN_HITS = 5  #: fewer hits than this in a cell → thin evidence
THIN_MAX_SHARE = 0.5  #: one paragraph supplying more than this share of a cell's hits → thin
SEED = 20261122
BLOCKS = ("sentence", "paragraph")


#: ``lexicon_hits`` shows a progress bar by default above this many tokens.
PROGRESS_TOKENS = 5_000_000


def lexicon_hits(corpus, lexicon, *, progress: bool | None = None, **match_options) -> pd.DataFrame:
    """Hits of a lexicon in the corpus, longest match per category.

    Parameters
    ----------
    corpus : Corpus
    lexicon : Lexicon, str or path
        A :class:`analysis.lexicons.Lexicon`, or what :func:`analysis.lexicons.load_lexicon`
        accepts (``"actors"``, ``"frames"``, a YAML path).
    progress : bool, optional
        Show a progress bar (tqdm, stderr) over the steps: matching, longest-match
        filtering. ``None``: only above ``PROGRESS_TOKENS`` tokens, never under pytest.
    **match_options
        Passed to :func:`analysis.matcher.match` (``case_sensitive``, ``voice`` …).

    Returns
    -------
    DataFrame
        The hits table of :func:`analysis.matcher.match` plus ``lexicon`` (its name). Within
        a category, a hit whose span lies inside another hit's span (``Russian`` inside
        ``Russian Foreign Ministry``) is dropped, so each mention counts once.
    """
    if (mr := dispatch(corpus, "lexicon_hits")) is not None:  # a partitioned corpus: map-reduce
        return mr(corpus, lexicon, **match_options)
    from .lexicons import Lexicon, load_lexicon
    from .matcher import match

    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    progress = show_progress(len(corpus.tokens) > PROGRESS_TOKENS, progress)
    bar = None
    if progress:  # imported only when shown
        from tqdm.auto import tqdm

        bar = tqdm(total=2, desc=f"matching {lex.name}", unit="step")
    exclude = {k: v for k, v in lex.to_exclude().items() if v} or None
    hits = match(corpus, lex.to_patterns(), exclude=exclude, **match_options)
    if bar is not None:
        bar.update()
    hits = _longest(hits)
    if bar is not None:
        bar.update()
        bar.close()
    hits["lexicon"] = lex.name
    return hits


def _longest(hits: pd.DataFrame) -> pd.DataFrame:
    """Drop hits lying inside a longer (or equal, earlier) hit of the same document and category.

    Vectorised: rows sorted by (document, category, i, -j, row); a row is kept when its
    ``j`` exceeds the running maximum of ``j`` over the earlier rows of its group. The
    running maximum restarts per group by offsetting each group's ``j`` by
    ``rank · (max j + 2)``, so one ``np.maximum.accumulate`` serves every group.
    """
    if hits.empty:
        return hits.reset_index(drop=True)
    d = _group_codes(hits.doc_id)
    c = _group_codes(hits.category)
    i = hits.i.to_numpy(np.int64)
    j = hits.j.to_numpy(np.int64)
    row = np.arange(len(hits))
    o = np.lexsort((row, -j, i, c, d))
    js = j[o]
    g = d[o] * (int(c.max()) + 1) + c[o]
    start = np.empty(len(o), dtype=bool)
    start[0] = True
    start[1:] = g[1:] != g[:-1]
    big = int(js.max()) + 2
    offset = np.cumsum(start).astype(np.int64) * big
    running = np.maximum.accumulate(js + offset) - offset
    prev_max = np.empty(len(o), dtype=np.int64)
    prev_max[1:] = running[:-1]
    prev_max[start] = -1
    keep = o[prev_max < js]
    return hits.iloc[np.sort(keep)].reset_index(drop=True)


def _group_codes(col: pd.Series) -> np.ndarray:
    """Integer codes identifying equal values (categorical codes, else factorized)."""
    if isinstance(col.dtype, pd.CategoricalDtype):
        return col.cat.codes.to_numpy().astype(np.int64)
    return pd.factorize(col.astype(str))[0].astype(np.int64)


def _block_key(block: str) -> str:
    check_option("block", block, BLOCKS)
    return "sent_id" if block == "sentence" else "para_id"


def _top_para_share(h: pd.DataFrame, keys: list[str]) -> pd.Series:
    """Share of each cell's hits that its busiest paragraph supplies."""
    if h.empty:
        return pd.Series(dtype=float)
    per = h.groupby(keys + ["doc_id", "para_id"], observed=True).size()
    top = per.groupby(level=list(range(len(keys)))).max()
    tot = per.groupby(level=list(range(len(keys)))).sum()
    return top / tot


def frame_rates(
    corpus,
    hits: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("group", "voice"),
    categories: Sequence[str] | None = None,
    block: Literal["sentence", "paragraph"] = "sentence",
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = SEED,
    docs: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Hits per 1,000 tokens of each unit, with block-bootstrap intervals.

    Parameters
    ----------
    corpus : Corpus
    hits : DataFrame
        A hits table (:func:`lexicon_hits` or :func:`analysis.matcher.match`).
    by : str or sequence of str, default ("group", "voice")
        Columns of the tokens table (``doc_id``, ``group``, ``voice``, ``speaker``) or of
        the documents table (``year``, ``outlet`` …) that define the units compared.
    categories : sequence of str, optional
        Categories to report, in this order (default: those of ``hits``, in order).
    block : {"sentence", "paragraph"}
        The resampling block.
    n_boot, ci, seed
        Bootstrap replicates (0: no intervals), coverage and seed.
    docs : sequence of str, optional
        Only the units of these documents (default: every document): a unit's rate and
        interval do not depend on the other units, so this only saves the work.

    Returns
    -------
    DataFrame
        One row per unit × category (zeros included), columns: the ``by`` columns,
        ``category``, ``n_hits`` (int: hits of the category in the unit), ``n_tokens``
        (int: tokens of the unit), ``per_1000`` (float: hits per 1,000 tokens),
        ``ci_low``, ``ci_high`` (its interval), ``n_blocks`` (int),
        ``top_para_share`` (share of hits from the busiest paragraph), ``thin`` (str: why
        the evidence is thin, ``""`` if not). Sorted by unit (categorical order), then
        category order.

    Notes
    -----
    per_1000 = 1000 · Σ hits / Σ tokens over the unit's blocks; the interval is the percentile
    interval of that ratio over blocks resampled with replacement (see
    :mod:`analysis.uncertainty`). A hit belongs to the unit of its first token. For a cell
    with no hits the bootstrap is degenerate, so its interval is [0, 3000 / n_tokens] (the
    "rule of three" 95 % upper bound; Hanley & Lippman-Hand 1983).
    """
    if (mr := dispatch(corpus, "frame_rates")) is not None:
        return mr(corpus, hits, by=by, categories=categories, block=block, n_boot=n_boot, ci=ci, seed=seed, docs=docs)
    by = [by] if isinstance(by, str) else list(by)
    bk = _block_key(block)
    cats = list(categories) if categories is not None else levels(hits.category)
    toks = corpus.tokens[["doc_id", "group", "voice", "speaker", "sent_id", "para_id"]]
    if docs is not None:
        keep = {str(d) for d in docs}
        toks, hits = toks[toks.doc_id.astype(str).isin(keep)], hits[hits.doc_id.astype(str).isin(keep)]
    toks = unit_columns(corpus, toks, by)
    h = unit_columns(corpus, hits, by)
    h = h[h.category.astype(str).isin(cats)].assign(category=lambda d: d.category.astype(str))
    den = toks.groupby(by + ["doc_id", bk], observed=True).size().rename("n")
    num = h.groupby(by + ["doc_id", bk, "category"], observed=True).size().unstack("category", fill_value=0)
    num = num.reindex(columns=cats, fill_value=0)
    m = num.reindex(den.index, fill_value=0).to_numpy(dtype=float) if len(num) else np.zeros((len(den), len(cats)))
    cells = interval_table(den, m, unit_names=by, columns=cats, n_boot=n_boot, ci=ci, seed=seed, scale=1000.0,
                           top_share=_top_para_share(h, by + ["category"]), thin_min=THIN_MIN_HITS, thin_noun="hits",
                           thin_max_share=THIN_MAX_SHARE)
    if cells.empty:
        return cells
    out = cells.rename(columns={"column": "category", "n": "n_hits", "of": "n_tokens", "ratio": "per_1000",
                                "top_share": "top_para_share"})
    out["n_hits"] = out.n_hits.astype(np.int64)
    out = out[by + ["category", "n_hits", "n_tokens", "per_1000", "ci_low", "ci_high", "n_blocks", "top_para_share",
                    "thin"]]
    out["category"] = pd.Categorical(out.category, categories=cats)
    for col in by:
        if isinstance(toks[col].dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=toks[col].cat.categories)
    return as_table(out.sort_values(by + ["category"], kind="stable").reset_index(drop=True))


_PAIR_SIDE = ["i", "j", "start", "end", "match", "pattern", "category", "sent_id", "para_id"]


def actor_frame_pairs(actor_hits: pd.DataFrame, frame_hits: pd.DataFrame, *, window: int | None = None) -> pd.DataFrame:
    """Every (actor mention, frame hit) pair in the same sentence, or within ±``window`` tokens.

    Parameters
    ----------
    actor_hits, frame_hits : DataFrame
        Hits tables (:func:`lexicon_hits` of the actors and of the frames lexicon).
    window : int, optional
        ``None`` (default): same sentence. An int N: the frame hit lies within N tokens of
        the actor mention (adjacent spans are 1 apart; overlapping spans 0), in the same
        document; sentences may differ.

    Returns
    -------
    DataFrame
        One row per pair: doc_id, group, voice (shared by both hits), speaker (the actor
        mention's), actor, frame, distance (tokens), then for each side ``actor_`` /
        ``frame_`` + i, j, start, end, match, pattern, sent_id, para_id; ``sent_id`` and
        ``para_id`` (of the actor mention). Sorted by document, actor position, frame position.
    """
    if (mr := dispatch(actor_hits, "actor_frame_pairs")) is not None:  # stored per partition
        return mr(actor_hits, frame_hits, window=window)
    if window is not None and (not isinstance(window, (int, np.integer)) or window < 0):
        raise ValueError(f"window={window!r} is not valid; use None (same sentence) or a non-negative int")
    a = actor_hits[["doc_id", "group", "voice", "speaker"] + _PAIR_SIDE].copy()
    f = frame_hits[["doc_id", "voice"] + _PAIR_SIDE].copy()
    a.columns = ["doc_id", "group", "voice", "speaker"] + [f"actor_{c}" for c in _PAIR_SIDE]
    f.columns = ["doc_id", "voice"] + [f"frame_{c}" for c in _PAIR_SIDE]
    # Join on the categorical codes where both sides share the categories (hits of one corpus
    # do); strings otherwise. Converting 10⁵–10⁶ categorical rows to str was most of the cost.
    levels = {}
    for col in ("doc_id", "voice"):
        ca, cf = a[col].dtype, f[col].dtype
        if isinstance(ca, pd.CategoricalDtype) and isinstance(cf, pd.CategoricalDtype) and \
                ca.categories.equals(cf.categories) and not (a[col].hasnans or f[col].hasnans):
            levels[col] = ca.categories
            a[col], f[col] = a[col].cat.codes, f[col].cat.codes
        else:
            a[col], f[col] = a[col].astype(str), f[col].astype(str)
    if window is None:
        m = a.merge(f, left_on=["doc_id", "voice", "actor_sent_id"], right_on=["doc_id", "voice", "frame_sent_id"])
    else:
        m = a.merge(f, on=["doc_id", "voice"])
    after = m.frame_i.to_numpy(np.int64) - m.actor_j.to_numpy(np.int64) + 1
    before = m.actor_i.to_numpy(np.int64) - m.frame_j.to_numpy(np.int64) + 1
    m["distance"] = np.maximum(np.maximum(after, before), 0)
    if window is not None:
        m = m[m.distance <= window]
    m = m.rename(columns={"actor_category": "actor", "frame_category": "frame"})
    m["sent_id"] = m.actor_sent_id
    m["para_id"] = m.actor_para_id
    if "voice" in levels:
        m["voice"] = pd.array(levels["voice"].take(m.voice.to_numpy()), dtype="str")
    doc_order = {d: k for k, d in enumerate(actor_hits.doc_id.cat.categories)} if isinstance(
        actor_hits.doc_id.dtype, pd.CategoricalDtype) else {}
    if "doc_id" in levels:  # codes already follow the document order
        m["_doc"] = m.doc_id
    else:
        m["_doc"] = m.doc_id.map(doc_order) if doc_order else m.doc_id
    m = m.sort_values(["_doc", "actor_i", "actor_j", "actor", "frame_i", "frame_j", "frame"], kind="stable")
    if "doc_id" in levels:
        m["doc_id"] = pd.Categorical.from_codes(m.doc_id.to_numpy(), dtype=actor_hits.doc_id.dtype)
    elif doc_order:
        m["doc_id"] = pd.Categorical(m.doc_id, categories=list(doc_order))
    cols = ["doc_id", "group", "voice", "speaker", "actor", "frame", "distance", "sent_id", "para_id"] + [
        f"{s}_{c}" for s in ("actor", "frame") for c in _PAIR_SIDE if c != "category"]
    return m[cols].reset_index(drop=True)


def actor_frames(
    corpus,
    pairs: pd.DataFrame,
    actor_hits: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("group", "voice"),
    actors: Sequence[str] | None = None,
    frames: Sequence[str] | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = SEED,
) -> pd.DataFrame:
    """The actor × frame table: frame hits per actor mention, with intervals.

    Parameters
    ----------
    corpus : Corpus
    pairs : DataFrame
        From :func:`actor_frame_pairs`.
    actor_hits : DataFrame
        The actor hits the pairs were built from (the denominators).
    by : str or sequence, default ("group", "voice")
    actors, frames : sequences, optional
        Which actors / frames, in this order (default: as they appear).
    n_boot, ci, seed
        Sentence-block bootstrap: the blocks are the sentences holding the unit's
        mentions of the actor. A cell without pairs gets [0, 3 / n_actor_mentions]
        (rule of three), not the degenerate bootstrap interval [0, 0].

    Returns
    -------
    DataFrame
        One row per unit × actor × frame, for every actor mentioned in the unit (zeros
        included): the ``by`` columns, ``actor``, ``frame``, ``n_pairs`` (int: pairs of
        the actor's mentions with the frame's hits), ``n_actor_mentions`` (int),
        ``per_mention`` (float: n_pairs / n_actor_mentions), ``ci_low``, ``ci_high`` (its
        interval), ``top_para_share``, ``thin`` (str). ``n_pairs`` sums to ``len(pairs)``
        when every pair's actor and frame are included.
    """
    if (mr := dispatch(corpus, "actor_frames")) is not None:
        return mr(corpus, pairs, actor_hits, by=by, actors=actors, frames=frames, n_boot=n_boot, ci=ci, seed=seed)
    by = [by] if isinstance(by, str) else list(by)
    ah = unit_columns(corpus, actor_hits.assign(actor=actor_hits.category.astype(str)), by)
    pr = unit_columns(corpus, pairs.assign(actor=pairs.actor.astype(str), frame=pairs.frame.astype(str)), by)
    actors = list(actors) if actors is not None else levels(actor_hits.category)
    frames = list(frames) if frames is not None else levels(pairs.frame)
    ah = ah[ah.actor.isin(actors)]
    pr = pr[pr.actor.isin(actors) & pr.frame.isin(frames)]
    den = ah.groupby(by + ["actor", "doc_id", "sent_id"], observed=True).size().rename("n")
    num = pr.groupby(by + ["actor", "doc_id", "sent_id", "frame"], observed=True).size().unstack("frame", fill_value=0)
    num = num.reindex(columns=frames, fill_value=0)
    top = _top_para_share(pr, by + ["actor", "frame"]).to_dict()  # a dict: 10× faster lookups than a MultiIndex
    # One alignment of the numerators to the denominators' (unit, actor, sentence) rows, then
    # each unit × actor is a slice by position (a reindex per unit cost ~2 ms each on UNGDC).
    m = num.reindex(den.index, fill_value=0).to_numpy(dtype=float) if len(num) else np.zeros((len(den), len(frames)))
    cells = interval_table(den, m, unit_names=by + ["actor"], columns=frames, n_boot=n_boot, ci=ci, seed=seed,
                           top_share=top, thin_min=THIN_MIN_HITS, thin_noun="hits", thin_max_share=THIN_MAX_SHARE)
    if cells.empty:
        return cells
    out = cells.rename(columns={"column": "frame", "n": "n_pairs", "of": "n_actor_mentions", "ratio": "per_mention",
                                "top_share": "top_para_share"})
    out["n_pairs"] = out.n_pairs.astype(np.int64)
    out = out[by + ["actor", "frame", "n_pairs", "n_actor_mentions", "per_mention", "ci_low", "ci_high",
                    "top_para_share", "thin"]]
    out["actor"] = pd.Categorical(out.actor, categories=actors)
    out["frame"] = pd.Categorical(out.frame, categories=frames)
    for col in by:
        src = corpus.tokens[col] if col in corpus.tokens.columns else None
        if src is not None and isinstance(src.dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=src.cat.categories)
    return as_table(out.sort_values(by + ["actor", "frame"], kind="stable").reset_index(drop=True))


@renamed(options={"unit": "context"})
def drill(corpus, table: pd.DataFrame, *, window: int = 8, context: Literal["token", "sentence"] = "sentence",
          **cell) -> pd.DataFrame:
    """The concordance lines behind one cell of a table.

    Parameters
    ----------
    corpus : Corpus
    table : DataFrame
        A hits table (from :func:`lexicon_hits` / :func:`analysis.matcher.match`) or a pairs
        table (from :func:`actor_frame_pairs`).
    window, context
        KWIC context: tokens each side, and whether it may cross sentences (``"token"``)
        or stays in the hit's sentence (``"sentence"``, the default); see
        :func:`analysis.concordance.kwic`.
    **cell
        Column = value filters naming the cell, e.g. ``group="op-ed", voice="author",
        category="aggression_threat"`` for a frame-rate cell, or ``group=…, voice=…,
        actor="Russia", frame="aggression_threat"`` for an actor × frame cell. Columns of
        the documents table (``year``) are allowed too.

    Returns
    -------
    DataFrame
        The KWIC lines (:func:`analysis.concordance.kwic` columns), one per hit or per pair, in
        table order. For pairs, the match is the frame hit and ``actor``,
        ``actor_match``, ``distance`` say which mention it is paired with. So
        ``len(drill(...)) == n_hits`` (or ``n_pairs``) of that cell.
    """
    if (mr := dispatch(corpus, "drill")) is not None:  # reads only the documents holding the lines
        return mr(corpus, table, window=window, context=context, **cell)
    from .concordance import kwic

    sub = unit_columns(corpus, table, [k for k in cell if k not in table.columns])
    for k, v in cell.items():
        vals = v if isinstance(v, (list, tuple, set)) else [v]
        sub = sub[sub[k].astype(str).isin([str(x) for x in vals])]
    if "frame_i" in sub.columns:  # pairs
        hits = pd.DataFrame({
            "doc_id": sub.doc_id.astype(str), "group": sub.group, "sent_id": sub.frame_sent_id, "voice": sub.voice,
            "speaker": sub.speaker, "i": sub.frame_i, "j": sub.frame_j, "pattern": sub.frame_pattern,
            "category": sub.frame})
        lines = kwic(corpus, hits, window=window, context=context)
        lines["actor"] = sub.actor.astype(str).to_numpy()
        lines["actor_match"] = sub.actor_match.to_numpy()
        lines["distance"] = sub.distance.to_numpy()
        return lines
    return kwic(corpus, sub.assign(doc_id=sub.doc_id.astype(str)), window=window, context=context)


def top_contrasts(table: pd.DataFrame, *, between: str = "group", cell: Sequence[str] = ("actor", "frame"),
                  n: int = 3, value: str = "per_mention", min_count: int = THIN_MIN_HITS,
                  count: str = "n_pairs") -> pd.DataFrame:
    """The ``n`` cells whose ``value`` differs most between the levels of ``between``.

    For each cell (e.g. actor × frame, within one voice), the highest and the lowest level
    are compared; cells whose high side has fewer than ``min_count`` of ``count`` are
    skipped (no contrast is claimed on thin evidence). The defaults read an
    :func:`actor_frames` table (pairs per mention, counted in ``n_pairs``).

    Returns
    -------
    DataFrame
        The ``cell`` columns, ``high``, ``low`` (levels of ``between``), ``value_high``,
        ``value_low``, ``difference``, ``n_high``, ``n_low`` (the ``count`` of each
        side); largest difference first.
    """
    value, count = current_column(table, value, "value"), current_column(table, count, "count")
    cell = list(cell)
    rows = []
    for key, g in table.groupby(cell, observed=True, sort=True):
        g = g[np.isfinite(g[value].to_numpy(dtype=float))]
        if len(g) < 2:
            continue
        hi = g.loc[g[value].idxmax()]
        lo = g.loc[g[value].idxmin()]
        if hi[count] < min_count:
            continue
        key = key if isinstance(key, tuple) else (key,)
        rows.append({**dict(zip(cell, key)), "high": hi[between], "low": lo[between], "value_high": hi[value],
                     "value_low": lo[value], "difference": hi[value] - lo[value], "n_high": int(hi[count]),
                     "n_low": int(lo[count])})
    out = as_table(pd.DataFrame(rows))
    if out.empty:
        return out
    return out.sort_values(["difference"] + cell, ascending=[False] + [True] * len(cell), kind="stable").head(n).reset_index(drop=True)


@renamed(options={"unit": "context"})
def contrast_lines(corpus, pairs: pd.DataFrame, contrasts: pd.DataFrame, *, between: str = "group",
                   window: int = 8, **cell) -> pd.DataFrame:
    """The concordance lines behind each contrast of :func:`top_contrasts`, both sides.

    Parameters
    ----------
    corpus, pairs
        As for :func:`drill`.
    contrasts : DataFrame
        From :func:`top_contrasts` (columns ``actor``, ``frame``, ``high``, ``low``).
    between : str
        The column the contrast is between (default ``group``).
    **cell
        Fixed filters, e.g. ``voice="author"``; ``context=`` is passed to :func:`drill`.

    Returns
    -------
    DataFrame
        ``contrast`` (1, 2, …: the row of ``contrasts``), ``side`` (high / low), the level
        of ``between``, then the :func:`drill` columns. For each contrast and side, exactly
        that cell's ``n_pairs`` lines.
    """
    parts = []
    for k, row in enumerate(contrasts.itertuples(index=False), start=1):
        for side in ("high", "low"):
            level = getattr(row, side)
            lines = drill(corpus, pairs, window=window, actor=row.actor, frame=row.frame, **{between: level}, **cell)
            lines.insert(0, "side", side)
            lines.insert(0, "contrast", k)
            parts.append(lines)
    if not parts:  # no contrast: no lines, with the columns a concordance view needs
        lines = drill(corpus, pairs.iloc[:0], window=window, **cell)
        lines.insert(0, "side", pd.Series(dtype=str))
        lines.insert(0, "contrast", pd.Series(dtype="int64"))
        return lines
    return pd.concat(parts, ignore_index=True)
