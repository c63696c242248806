"""Findings that survive reading the lines: per-document time lines and generated statements.

The answer to "how does each source frame each actor, and how did that change" is told per
document in date order (a group pools documents only where it says so), in shares a reader
can read (of the sentences that name an actor, the share in which it is the agent — or the
target — of a frame cue, by attribution: :func:`analysis.roles.role_frames`).

* :func:`timeline` — per actor and document, the cells worth reading: one row per
  document × role × frame with its share, interval and counts.
* :func:`contrasts` — every pair of documents (earlier → later) for one actor, role, frame
  and attribution, with a ``status`` that says whether the difference holds at the unit it
  is about: ``holds`` (the two intervals are apart, the larger count comes from at least two
  sentences in two paragraphs), ``not separated`` (intervals overlap), ``carried by one
  paragraph`` / ``carried by one sentence``; a statement whose every line is a cue inside a
  name or title is ``carried by names or titles``.
* :func:`representative_lines` — 2–3 lines for a cell: spread across its documents, the
  most frequent cue first, never a cue that is part of a name or title (a proper noun in the
  parse: "Foreign Ministry", "Humanitarian Center").
* :func:`statements` — the statements, each naming the documents, the shares with their
  intervals, the role, the attribution, and its lines; Markdown-escaped.

A difference between two documents is a difference between two texts: the notebook says
that it tells nothing about a period or a genre unless more documents stand behind it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core.html import md
from ._core.units import equals
from ._core.vocabulary import renamed

__all__ = ["doc_labels", "timeline", "contrasts", "representative_lines", "statements", "speaker_statements"]

def doc_labels(corpus) -> dict[str, str]:
    """doc_id → "doc_id (published)" for every document, e.g. "norris-2014 (2014-03-13)"."""
    d = corpus.documents
    pub = d["published"].astype(str) if "published" in d.columns else pd.Series([""] * len(d))
    return {str(i): (f"{i} ({p})" if p and p != "nan" else str(i)) for i, p in zip(d.doc_id, pub)}


def timeline(shares: pd.DataFrame, *, actor: str, attribution: str = "author", min_n: int = 1,
             top: int | None = 3) -> pd.DataFrame:
    """The cells of one actor's time line: per document (in the table's date order), the
    role × frame cells with at least ``min_n`` sentences, the ``top`` largest shares first.

    Parameters
    ----------
    shares : DataFrame
        :func:`analysis.roles.role_frames` with ``by="doc_id"``.

    Returns
    -------
    DataFrame
        doc_id, role, frame, attribution, n, n_sentences, share, share_low, share_high,
        thin; documents in the order of ``shares``.
    """
    t = shares[(shares.actor.astype(str) == actor) & (shares.attribution == attribution) & (shares.n >= min_n)]
    order = list(dict.fromkeys(shares.doc_id))
    parts = []
    for d in order:
        g = t[t.doc_id == d].sort_values(["share", "n"], ascending=False, kind="stable")
        parts.append(g if top is None else g.head(top))
    cols = ["doc_id", "role", "frame", "attribution", "n", "n_sentences", "share", "share_low", "share_high", "thin"]
    out = pd.concat(parts, ignore_index=True) if parts else t.iloc[:0]
    return out[cols].reset_index(drop=True)


def _status(t: pd.DataFrame, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The status of each pair (rows ``a[k]``, ``b[k]`` of ``t``): whether the difference holds."""
    share = t.share.to_numpy(dtype=float)
    hi = np.where(share[a] >= share[b], a, b)
    lo = np.where(share[a] >= share[b], b, a)
    low, high = t.share_low.to_numpy(dtype=float), t.share_high.to_numpy(dtype=float)
    apart = (low[hi] > high[lo]) | (low[lo] > high[hi])
    n, para = t.n.to_numpy(), t.top_para_share.to_numpy(dtype=float)
    return np.select([~apart, n[hi] < 2, para[hi] > 0.5], ["not separated", "carried by one sentence",
                                                             "carried by one paragraph"], "holds").astype(object)


def contrasts(shares: pd.DataFrame, *, actor: str, role: str, frame: str, attribution: str = "author",
              min_sentences: int = 5, by: str = "doc_id") -> pd.DataFrame:
    """Every pair of units (earlier, later: documents by default, or groups: the ``by`` that
    :func:`analysis.roles.role_frames` was computed with) for one cell, with whether the
    difference holds.

    Units with fewer than ``min_sentences`` sentences naming the actor are left out (a share
    of 3 sentences says little). Pairs in table order (each unit with every later one);
    computed at once for all pairs, so hundreds of units cost little.

    Returns
    -------
    DataFrame
        before, after (the units), n_before, of_before, share_before, low_before, high_before,
        n_after, of_after, share_after, low_after, high_after, difference (after − before),
        status (holds / not separated / carried by one sentence / carried by one paragraph).
    """
    t = shares[(shares.actor.astype(str) == actor) & (shares.role == role) & (shares.frame.astype(str) == frame)
               & (shares.attribution == attribution) & (shares.n_sentences >= min_sentences)]
    a, b = np.triu_indices(len(t), k=1)
    units = t[by].to_numpy(dtype=object)
    side = {"n": "n", "of": "n_sentences", "share": "share", "low": "share_low", "high": "share_high"}
    out = {"before": units[a], "after": units[b]}
    for name, when in (("before", a), ("after", b)):
        out.update({f"{k}_{name}": t[col].to_numpy()[when] for k, col in side.items()})
    out["difference"] = out["share_after"] - out["share_before"]
    out["status"] = _status(t, a, b)
    cols = ["before", "after", "n_before", "of_before", "share_before", "low_before", "high_before", "n_after",
            "of_after", "share_after", "low_after", "high_after", "difference", "status"]
    return pd.DataFrame(out, columns=cols)


@renamed(options={"unit": "context"})
def representative_lines(corpus, links: pd.DataFrame, *, k: int = 3, window: int = 10,
                         context: str = "sentence", **cell) -> pd.DataFrame:
    """Up to ``k`` lines for a cell of :func:`analysis.roles.role_frames`, chosen to represent it.

    ``window`` and ``context`` ("sentence", the default, or "token") as in
    :func:`analysis.roles.role_lines`; ``**cell`` names the cell.

    One line per sentence; cues that are part of a name or title (``cue_pos`` PROPN) are
    never chosen; the most frequent cue (lemma-insensitive, lower-cased) of the cell comes
    first; lines are taken round-robin over the cell's documents in date order, so a cell
    pooling several documents shows each of them.

    Returns
    -------
    DataFrame
        :func:`analysis.roles.role_lines` columns for the chosen lines.
    """
    from .roles import role_lines

    lines = role_lines(corpus, links, window=window, context=context, **cell)
    if lines.empty:
        return lines
    pos = lines["cue_pos"].astype(str).to_numpy() if "cue_pos" in lines.columns else np.full(len(lines), "")
    lines = lines.assign(_ok=pos != "PROPN", _cue=lines["match"].astype(str).str.lower().to_numpy().astype(object))
    lines = lines[lines._ok]
    freq = lines._cue.value_counts().to_dict()
    lines = lines.assign(_f=[-freq[c] for c in lines._cue])
    order = list(dict.fromkeys(corpus.documents.doc_id.astype(str)))
    by_doc = {d: g.sort_values(["_f"], kind="stable") for d, g in lines.groupby("doc_id", sort=False)}
    picked = []
    while len(picked) < k and any(len(g) for g in by_doc.values()):
        for d in order:
            g = by_doc.get(d)
            if g is not None and len(g) and len(picked) < k:
                picked.append(g.iloc[0])
                by_doc[d] = g.iloc[1:]
    if not picked:
        return lines.iloc[:0].drop(columns=["_ok", "_cue", "_f"]).reset_index(drop=True)
    out = pd.DataFrame(picked).drop(columns=["_ok", "_cue", "_f"])
    return out.reset_index(drop=True)


def _pct(x: float) -> str:
    return f"{100 * x:.0f} %"


def _cell_text(n: int, of: int, share: float, lo: float, hi: float) -> str:
    if n == 0:
        return f"0 of {of} sentences (0 %; at most {_pct(hi)})"
    return f"{n} of {of} sentences ({_pct(share)}; 95 % interval {_pct(lo)}–{_pct(hi)})"


_ROLE_WORDS = {"agent": "the agent of", "target": "the target of"}


def statements(corpus, shares: pd.DataFrame, links: pd.DataFrame, *, actors, frames=None, roles=("agent", "target"),
               attribution: str = "author", k_lines: int = 3, only_holding: bool = False,
               by: str = "doc_id") -> pd.DataFrame:
    """Generated statements: for each actor, role and frame, the largest difference between
    two documents (or groups: ``by="group"``, for :func:`analysis.roles.role_frames` by
    group) that holds (else the largest difference, with its status), and its lines.

    Returns
    -------
    DataFrame
        actor, role, frame, attribution, before, after, the counts and shares of both,
        status, statement (Markdown, escaped), lines (list of "doc_id: left [match] right"
        strings, from the document with the larger share). Only cells with at least one
        sentence in some document; sorted by actor order, then |difference| descending.
    """
    labels = doc_labels(corpus)
    frames = list(frames) if frames is not None else list(dict.fromkeys(shares.frame.astype(str)))
    rows = []
    for actor in actors:
        for role in roles:
            for frame in frames:
                c = contrasts(shares, actor=actor, role=role, frame=frame, attribution=attribution, by=by)
                if c.empty or (c.n_before.max() == 0 and c.n_after.max() == 0):
                    continue
                if only_holding:
                    c = c[c.status == "holds"]
                    if c.empty:
                        continue
                # the largest difference that holds; if none holds, the largest one, said to be not separated
                rank = np.lexsort((-c.difference.abs().to_numpy(), (c.status != "holds").to_numpy()))
                best = c.iloc[int(rank[0])]
                if best.n_before == 0 and best.n_after == 0:
                    continue
                top_doc = best.after if best.share_after >= best.share_before else best.before
                lines = representative_lines(corpus, links, k=k_lines, **{by: top_doc}, actor=actor, role=role,
                                             frame=frame, attribution=attribution)
                status = best.status if len(lines) else "carried by names or titles"
                text = (f"**{md(actor)}** as {_ROLE_WORDS[role]} *{md(frame)}* ({md(attribution)} voice): "
                        f"{md(labels.get(str(best.before), best.before))}: {md(_cell_text(best.n_before, best.of_before, best.share_before, best.low_before, best.high_before))}; "
                        f"{md(labels.get(str(best.after), best.after))}: {md(_cell_text(best.n_after, best.of_after, best.share_after, best.low_after, best.high_after))}. "
                        f"Difference: {md(status)}.")
                rows.append({"actor": actor, "role": role, "frame": frame, "attribution": attribution,
                             **{k: best[k] for k in c.columns}, "status": status, "statement": text,
                             "lines": [f"{r.doc_id}: {r.left} [{r.match}] {r.right}" for r in lines.itertuples()]})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_a"] = out.actor.map({a: n for n, a in enumerate(actors)})
    out["_d"] = -out.difference.abs()
    return out.sort_values(["_a", "_d"], kind="stable").drop(columns=["_a", "_d"]).reset_index(drop=True)


def _few_paragraphs(hits: pd.DataFrame | None, doc_id: str, voice: str, speaker: str, frame: str) -> float:
    """Share of a cell's hits that its two busiest paragraphs supply (0 without hits)."""
    if hits is None:
        return 0.0
    keep = equals(hits.doc_id, doc_id) & equals(hits.voice, voice) & equals(hits.category, frame)
    if voice == "quoted":
        keep &= equals(hits.speaker, speaker)
    h = hits[keep]
    if h.empty:
        return 0.0
    return float(h.groupby("para_id").size().nlargest(2).sum() / len(h))


def speaker_statements(rates, *, doc_id: str, hits: pd.DataFrame | None = None, min_hits: int = 5,
                       min_tokens: int = 100, max_two_paragraphs: float = 2 / 3) -> pd.DataFrame:
    """Each quoted speaker of a document against the document's own (author) voice, frame by
    frame: hits per 1,000 tokens with intervals, and whether the difference holds.

    Parameters
    ----------
    rates : DataFrame
        :func:`analysis.framing.frame_rates` with ``by=["doc_id", "voice", "speaker"]``.
    hits : DataFrame, optional
        The frame hits behind ``rates``: a difference whose larger side gets more than
        ``max_two_paragraphs`` of its hits from two paragraphs is "carried by two paragraphs"
        (a background section or an epilogue is not a voice).

    Returns
    -------
    DataFrame
        doc_id, speaker, frame, n_speaker, tokens_speaker, rate_speaker, low_speaker,
        high_speaker, n_author, tokens_author, rate_author, low_author, high_author, status
        (holds / not separated / carried by two paragraphs), two_paragraph_share, statement
        (Markdown, escaped). Only frames where either
        side has ``min_hits`` hits, speakers with ``min_tokens`` tokens; largest gaps first.
    """
    r = rates[rates.doc_id.astype(str) == doc_id]
    rate = "per_1000" if "per_1000" in r.columns else "rate"
    author = r[r.voice.astype(str) == "author"].set_index(r.category.astype(str).name)
    author.index = author.index.astype(str)
    rows = []
    quoted = r[(r.voice.astype(str) == "quoted") & (r.n_tokens >= min_tokens) & ~r.speaker.astype(str).isin(["", "unknown"])]
    for q in quoted.itertuples(index=False):
        a = author.loc[str(q.category)] if str(q.category) in author.index else None
        if a is None or max(q.n_hits, a.n_hits) < min_hits:
            continue
        rq, ra = getattr(q, rate), a[rate]
        apart = q.ci_low > a.ci_high or a.ci_low > q.ci_high
        big = ("quoted", str(q.speaker)) if q.n_hits >= a.n_hits else ("author", "")
        two = _few_paragraphs(hits, doc_id, big[0], big[1], str(q.category))
        status = ("not separated" if not apart else
                  "carried by two paragraphs" if two > max_two_paragraphs else "holds")
        text = (f"In {md(doc_id)}, **{md(q.speaker)}** ({q.n_tokens:,} tokens quoted) carries *{md(q.category)}* at "
                f"{rq:.1f} per 1,000 tokens ({q.ci_low:.1f}–{q.ci_high:.1f}, {q.n_hits} hits); the author's own narration "
                f"{ra:.1f} ({a.ci_low:.1f}–{a.ci_high:.1f}, {a.n_hits} hits): {md(status)}.")
        rows.append({"doc_id": doc_id, "speaker": str(q.speaker), "frame": str(q.category), "n_speaker": int(q.n_hits),
                     "tokens_speaker": int(q.n_tokens), "rate_speaker": rq, "low_speaker": q.ci_low,
                     "high_speaker": q.ci_high, "n_author": int(a.n_hits), "tokens_author": int(a.n_tokens),
                     "rate_author": ra, "low_author": a.ci_low, "high_author": a.ci_high, "status": status,
                     "two_paragraph_share": two, "statement": text})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out = out.assign(_gap=-(out.rate_speaker - out.rate_author).abs(), _h=out.status != "holds")
    return out.sort_values(["_h", "_gap"], kind="stable").drop(columns=["_gap", "_h"]).reset_index(drop=True)
