"""The answer as a reader sees it: one comparison table, generated statements, one figure.

Every statement here is generated from the tables it cites, with the numbers inside the
sentence, so nothing interpretive is typed by hand; where the evidence is thin (fewer than
5 pairs or sentences, or intervals that overlap) the statement says so instead of claiming
a difference.

Old column names, kept for one release with a ``DeprecationWarning``: ``top_rate`` (now
``top_per_mention``), ``rate_before`` / ``rate_after`` (now ``per_mention_before`` /
``per_mention_after``), ``rate_author`` / ``rate_quoted`` (now ``per_1000_author`` /
``per_1000_quoted``).
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from ._core.vocabulary import as_table
from .framing import THIN_MIN_HITS, drill

__all__ = ["comparison_table", "change_statements", "voice_statements", "evidence_lines", "overlap"]


def overlap(lo1, hi1, lo2, hi2) -> bool:
    """Whether two intervals overlap (NaN bounds count as overlapping: no claim)."""
    if any(np.isnan(x) for x in (lo1, hi1, lo2, hi2)):
        return True
    return not (hi1 < lo2 or hi2 < lo1)


def _fmt(x: float, lo: float, hi: float, digits: int = 2) -> str:
    if np.isnan(lo):
        return f"{x:.{digits}f}"
    return f"{x:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def comparison_table(table: pd.DataFrame, sentiment: pd.DataFrame, collocates: pd.DataFrame, *,
                     actors: Sequence[str], voice: str = "author", n_frames: int = 3, n_collocates: int = 4) -> pd.DataFrame:
    """One row per actor × group: dominant frames, collocates and evaluation, with their numbers.

    Parameters
    ----------
    table : DataFrame
        :func:`analysis.framing.actor_frames` output (with ``group`` and ``voice``).
    sentiment : DataFrame
        :func:`analysis.sentiment.actor_sentiment` output.
    collocates : DataFrame
        Collocates per group with an ``actor`` column (:func:`analysis.collocation.collocates_by_actor`),
        sorted by the association measure within each group (best first); ``n`` is shown
        next to each.
    actors : sequence of str
        Actors, in display order.

    Returns
    -------
    DataFrame
        actor, group, n_mentions (int), dominant_frames (str: "frame per_mention [ci] (n
        pairs)", best first, thin cells marked "thin"), top_frame, top_per_mention
        (frame hits per mention of the top frame), top_low, top_high, collocates (str:
        "collocate (n)"), sentiment (str: mean compound [ci] over n sentences),
        sentiment_mean, sentiment_low, sentiment_high.
    """
    rows = []
    t = table[table.voice.astype(str) == voice]
    s = sentiment[sentiment.voice.astype(str) == voice]
    for actor in actors:
        for group in t.group.cat.categories if hasattr(t.group, "cat") else sorted(set(t.group)):
            cell = t[(t.actor.astype(str) == actor) & (t.group.astype(str) == str(group))]
            if cell.empty:
                continue
            n_m = int(cell.n_actor_mentions.iloc[0])
            top = cell[cell.n_pairs > 0].sort_values(["per_mention", "frame"], ascending=[False, True],
                                                     kind="stable").head(n_frames)
            frames = "; ".join(
                f"{r.frame} {_fmt(r.per_mention, r.ci_low, r.ci_high)} (n={r.n_pairs}{', thin' if r.thin else ''})"
                for r in top.itertuples())
            first = top.iloc[0] if len(top) else None
            col = collocates[(collocates.actor == actor) & (collocates.group.astype(str) == str(group))].head(n_collocates)
            colls = ", ".join(f"{r.collocate} ({r.n})" for r in col.itertuples())
            sen = s[(s.actor.astype(str) == actor) & (s.group.astype(str) == str(group))]
            if len(sen):
                r = sen.iloc[0]
                sent = f"{_fmt(r.mean_compound, r.ci_low, r.ci_high)} over {r.n_sentences} sentences" + (
                    " (thin)" if r.thin else "")
                sm, sl, sh = r.mean_compound, r.ci_low, r.ci_high
            else:
                sent, sm, sl, sh = "no sentences", np.nan, np.nan, np.nan
            rows.append(dict(actor=actor, group=str(group), n_mentions=n_m, dominant_frames=frames or "no frame hits",
                             top_frame=str(first.frame) if first is not None else "",
                             top_per_mention=float(first.per_mention) if first is not None else np.nan,
                             top_low=float(first.ci_low) if first is not None else np.nan,
                             top_high=float(first.ci_high) if first is not None else np.nan,
                             collocates=colls or "none at the minimum frequency", sentiment=sent,
                             sentiment_mean=sm, sentiment_low=sl, sentiment_high=sh))
    return as_table(pd.DataFrame(rows))


def change_statements(table: pd.DataFrame, *, actors: Sequence[str], before: str, after: str,
                      voice: str = "author", min_pairs: int = THIN_MIN_HITS) -> pd.DataFrame:
    """Generated statements on how each actor's framing differs between two groups.

    For every actor and frame with at least ``min_pairs`` pairs in ``before`` or ``after``,
    compares frame hits per mention; a difference is called a change only when the two
    95 % intervals do not overlap, otherwise the statement says the data do not separate them.

    Returns
    -------
    DataFrame
        actor, frame, per_mention_before, ci_before, n_before (pairs), per_mention_after,
        ci_after, n_after, difference, separated (bool), statement (str, numbers inline).
        Separated changes first, then by absolute difference.
    """
    t = table[table.voice.astype(str) == voice]
    rows = []
    for actor in actors:
        a = t[t.actor.astype(str) == actor]
        b = a[a.group.astype(str) == before].set_index(a[a.group.astype(str) == before].frame.astype(str))
        c = a[a.group.astype(str) == after].set_index(a[a.group.astype(str) == after].frame.astype(str))
        for frame in sorted(set(b.index) | set(c.index)):
            if frame not in b.index or frame not in c.index:
                continue
            x, y = b.loc[frame], c.loc[frame]
            if max(x.n_pairs, y.n_pairs) < min_pairs:
                continue
            sep = not overlap(x.ci_low, x.ci_high, y.ci_low, y.ci_high)
            xr, yr = x.per_mention, y.per_mention
            verb = "rises" if yr > xr else "falls"
            if sep:
                text = (f"{actor}: {frame} {verb} from {_fmt(xr, x.ci_low, x.ci_high)} frame hits per mention "
                        f"in {before} (n={x.n_pairs}) to {_fmt(yr, y.ci_low, y.ci_high)} in {after} (n={y.n_pairs}); "
                        f"the intervals do not overlap.")
            else:
                text = (f"{actor}: {frame} is {_fmt(xr, x.ci_low, x.ci_high)} in {before} (n={x.n_pairs}) and "
                        f"{_fmt(yr, y.ci_low, y.ci_high)} in {after} (n={y.n_pairs}); the intervals overlap, so "
                        f"these data do not separate them.")
            rows.append(dict(actor=actor, frame=frame, per_mention_before=xr, ci_before=(x.ci_low, x.ci_high),
                             n_before=int(x.n_pairs), per_mention_after=yr, ci_after=(y.ci_low, y.ci_high),
                             n_after=int(y.n_pairs), difference=yr - xr, separated=sep, statement=text))
    out = as_table(pd.DataFrame(rows, columns=["actor", "frame", "per_mention_before", "ci_before", "n_before",
                                               "per_mention_after", "ci_after", "n_after", "difference", "separated",
                                               "statement"]))
    if out.empty:
        return out
    out["_abs"] = out.difference.abs()
    out = out.sort_values(["separated", "_abs", "actor", "frame"], ascending=[False, False, True, True], kind="stable")
    return out.drop(columns="_abs").reset_index(drop=True)


def voice_statements(rates: pd.DataFrame, *, group: str, min_hits: int = THIN_MIN_HITS) -> pd.DataFrame:
    """Generated statements contrasting a group's author voice with the voices it quotes.

    Parameters
    ----------
    rates : DataFrame
        :func:`analysis.framing.frame_rates` by ``["group", "voice"]``.

    Returns
    -------
    DataFrame
        frame, per_1000_author, ci_author, n_author (hits), per_1000_quoted, ci_quoted,
        n_quoted (hits per 1,000 tokens of each voice, their intervals and counts),
        difference, separated (bool), statement; separated first, then by absolute difference.
    """
    r = rates[rates.group.astype(str) == group]
    au = r[r.voice.astype(str) == "author"].set_index(r[r.voice.astype(str) == "author"].category.astype(str))
    qu = r[r.voice.astype(str) == "quoted"].set_index(r[r.voice.astype(str) == "quoted"].category.astype(str))
    rows = []
    for frame in au.index:
        if frame not in qu.index:
            continue
        x, y = au.loc[frame], qu.loc[frame]
        if max(x.n_hits, y.n_hits) < min_hits:
            continue
        sep = not overlap(x.ci_low, x.ci_high, y.ci_low, y.ci_high)
        xr, yr = x.per_1000, y.per_1000
        more = "the quoted voices" if yr > xr else f"{group}'s own voice"
        text = (f"{frame}: {_fmt(xr, x.ci_low, x.ci_high, 1)} per 1,000 tokens in the author voice (n={x.n_hits}) vs "
                f"{_fmt(yr, y.ci_low, y.ci_high, 1)} in the quoted voices (n={y.n_hits}); "
                + (f"more frequent in {more}, intervals apart." if sep else "the intervals overlap: no clear difference."))
        rows.append(dict(frame=frame, per_1000_author=xr, ci_author=(x.ci_low, x.ci_high), n_author=int(x.n_hits),
                         per_1000_quoted=yr, ci_quoted=(y.ci_low, y.ci_high), n_quoted=int(y.n_hits),
                         difference=yr - xr, separated=sep, statement=text))
    out = as_table(pd.DataFrame(rows, columns=["frame", "per_1000_author", "ci_author", "n_author", "per_1000_quoted",
                                               "ci_quoted", "n_quoted", "difference", "separated", "statement"]))
    if out.empty:
        return out
    out["_abs"] = out.difference.abs()
    out = out.sort_values(["separated", "_abs", "frame"], ascending=[False, False, True], kind="stable")
    return out.drop(columns="_abs").reset_index(drop=True)


def evidence_lines(corpus, pairs: pd.DataFrame, comparison: pd.DataFrame, *, voice: str = "author",
                   n: int = 2, window: int = 8) -> pd.DataFrame:
    """``n`` representative lines per row of :func:`comparison_table`: the first ``n`` pairs (in
    document order) of that actor's dominant frame in that group, each from a different sentence.

    Returns
    -------
    DataFrame
        actor, group, frame, then the :func:`analysis.framing.drill` columns.
    """
    parts = []
    for r in comparison.itertuples():
        if not r.top_frame:
            continue
        lines = drill(corpus, pairs, window=window, group=r.group, voice=voice, actor=r.actor, frame=r.top_frame)
        lines = lines.drop_duplicates(["doc_id", "sent_id"]).head(n)
        lines.insert(0, "frame", r.top_frame)
        lines.insert(0, "group_", r.group)
        lines.insert(0, "actor_", r.actor)
        parts.append(lines)
    if not parts:
        return pd.DataFrame()
    out = pd.concat(parts, ignore_index=True).drop(columns=["actor"]).rename(columns={"actor_": "actor"})
    out = out.drop(columns=["group"]).rename(columns={"group_": "group"})
    return out
