"""Plots of role-aware framing: each actor's time line across documents (re-exported by
:mod:`analysis.plots`; same conventions: data first, options keyword-only, ``ax=None``,
returns what it drew on, never saves or shows)."""

from __future__ import annotations

import numpy as np

from .._core.vocabulary import renamed
from .figure import new_figure, panel_axes, plain_text
from .sizing import MAX_LABELLED, declutter, grid

__all__ = ["plot_role_timeline", "plot_role_timelines", "top_frames"]

_PALETTE = ["#1b6ca8", "#c0392b", "#2e8b57", "#8e44ad", "#d68910", "#16a085", "#7f8c8d"]
_STYLES = {"agent": "-", "target": "--"}


def _label(text) -> str:
    """A data label as text (the plot's texts are made plain by :func:`plain_text`: a ``$`` is a
    dollar sign, not mathtext)."""
    return str(text)


def top_frames(shares, *, actor: str, k: int = 3, attribution: str = "author", roles=("agent", "target")) -> list[str]:
    """The ``k`` frames with the most sentences where ``actor`` holds one of ``roles`` (ties
    by frame order): the frames worth a line in its time line."""
    t = shares[(shares.actor.astype(str) == actor) & (shares.attribution == attribution) & shares.role.isin(roles)]
    n = t.groupby(t.frame.astype(str), sort=False).n.sum()
    n = n[n > 0].sort_values(ascending=False, kind="stable")
    return list(n.index[:k])


@renamed(options={"unit": "by"})
def plot_role_timeline(shares, *, actor: str, frames, roles=("agent", "target"), attribution: str = "author",
                       by: str = "doc_id", labels=None, ax=None):
    """One actor's time line: per document (x, in the table's order: date order), the share of
    its sentences in which it is the agent (solid) or the target (dashed) of each frame, with
    95 % intervals; hollow markers are thin evidence.

    ``shares`` is :func:`analysis.roles.role_frames` output; ``by`` is its unit column
    (the ``by`` it was computed with: ``"doc_id"``, or a document column such as
    ``"group"``; ``unit=``, its old name, is kept for one release); ``labels`` maps units
    to tick labels (default: the unit names). Returns the Axes.

    Many units: markers stay while there are at most 60; beyond
    :data:`analysis._plots.sizing.MAX_LABELLED` the tick labels lose their sentence counts (they
    are in the table); beyond 8, labels that would overlap are hidden (every k-th stays).
    """
    ax, n_units = _timeline(shares, actor=actor, frames=frames, roles=roles, attribution=attribution, by=by,
                            labels=labels, ax=ax)
    plain_text(ax)
    if n_units > 8:
        declutter(ax, "x")
    return ax


def _timeline(shares, *, actor, frames, roles, attribution, by, labels, ax):
    """Draw :func:`plot_role_timeline` on ``ax`` (a new figure if None), tick labels not yet
    decluttered; return the Axes and the number of units."""
    ax = ax if ax is not None else new_figure(figsize=(8.5, 4.2))[1]
    t = shares[(shares.actor.astype(str) == actor) & (shares.attribution == attribution)]
    units = list(dict.fromkeys(t[by].astype(str)))
    n_sent = t.drop_duplicates(by).set_index(t[by].astype(str).name).n_sentences if len(t) else {}
    x = np.arange(len(units))
    top = 0.0
    for f, frame in enumerate(frames):
        col = _PALETTE[f % len(_PALETTE)]
        for role in roles:
            g = t[(t.frame.astype(str) == frame) & (t.role == role)].set_index(t[by].astype(str).name)
            g = g.reindex(units) if len(g) else g
            if g.empty:
                continue
            off = (f - (len(frames) - 1) / 2) * 0.06 + (0.02 if role == "target" else -0.02)
            y = g.share.to_numpy(dtype=float)
            lo, hi = g.share_low.to_numpy(dtype=float), g.share_high.to_numpy(dtype=float)
            thin = g.thin.fillna("").astype(str).to_numpy() != ""
            some = g.n.fillna(0).to_numpy() > 0  # zero cells: a hollow dot on 0, no interval line
            ax.plot(x + off, y, _STYLES.get(role, ":"), color=col, lw=1.2, label=_label(f"{frame} ({role})"))
            ax.vlines((x + off)[some], lo[some], hi[some], color=col, lw=0.8, alpha=0.7)
            top = max(top, float(np.nanmax(hi[some])) if some.any() else 0.0)
            s = 22 if len(units) <= 60 else 0
            ax.scatter((x + off)[~thin], y[~thin], color=col, s=s, zorder=3)
            ax.scatter((x + off)[thin], y[thin], facecolors="white", edgecolors=col, s=s, zorder=3)
    if len(units) <= MAX_LABELLED:
        ticks = [_label(f"{(labels or {}).get(u, u)}\n({int(n_sent[u])} sentences)") for u in units]
    else:
        ticks = [_label((labels or {}).get(u, u)) for u in units]
    ax.set_xticks(x, ticks, rotation=30 if len(units) <= MAX_LABELLED else 90, ha="right", fontsize=8)
    ax.set_ylim(0, min(1.0, top + 0.05) if top > 0 else 1.0)
    ax.set_ylabel(f"share of sentences naming {_label(actor)}")
    ax.set_title(_label(f"{actor}: agent (solid), target (dashed); {attribution} voice"), fontsize=9)
    if frames:
        # beside the axes, not below: an anchor below would be a share of the axes' height,
        # which the layout changes, and the legend's last rows fell off the figure
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0), ncol=1, frameon=False)
    return ax, len(units)


@renamed(options={"unit": "by"})
def plot_role_timelines(shares, *, actors, frames: dict | None = None, k: int = 3, attribution: str = "author",
                        by: str = "doc_id", labels=None, ax=None):
    """One :func:`plot_role_timeline` panel per actor, side by side (``frames``: actor → its
    frames; default: :func:`top_frames` of each; ``by`` as there). ``ax``: one Axes per
    actor of one figure, or None. Returns the 2-D ``numpy.ndarray`` of Axes (one row; wrapped
    three to a row for more than three actors when ``ax`` is None)."""
    shape = (1, len(actors)) if ax is not None or len(actors) <= 3 else grid(len(actors), ncols=3)
    fig, axes = panel_axes(ax, shape, figsize=(6.6 * shape[1], 4.6 * shape[0]))
    for a in list(axes.flat)[len(actors):]:
        a.set_axis_off()
    for a, actor in zip(axes.flat, actors):
        fr = (frames or {}).get(actor) or top_frames(shares, actor=actor, k=k, attribution=attribution)
        _timeline(shares, actor=actor, frames=fr, roles=("agent", "target"), attribution=attribution, by=by,
                  labels=labels, ax=a)
    where = "per document in date order" if by == "doc_id" else f"per {by}"
    fig.suptitle(f"Who does what to whom, {where}: share of the sentences naming each actor in which "
                 "it is the agent (solid) or target (dashed) of a frame; 95 % intervals; hollow = thin evidence", fontsize=9)
    plain_text(axes)
    # once every panel has its legend, the layout is final: one draw measures every panel's labels
    declutter([a for a in list(axes.flat)[:len(actors)] if len(a.get_xticklabels()) > 8], "x")
    return axes
