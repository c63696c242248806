"""The designs :mod:`analysis.plots` switches to when a figure's units no longer fit one label
each (:mod:`analysis._plots.sizing`): groups instead of documents, heatmaps without cell labels
in clustered or table order, lines instead of offset dots, the largest N with the rest said.

Each function takes what its public counterpart takes and returns what it returns; the
public function decides when to call it (its docstring says when).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .figure import new_figure, panel_axes
from .sizing import (MAX_INCHES, MAX_LABELLED, MAX_ROWS, cluster_order, declutter, more_note,
                     shown_units, units_of)

__all__ = ["corpus_overview_groups", "similarity_clustered", "top_terms_table", "hit_rate_lines",
           "unit_heatmap", "long_heatmap", "actor_frame_panels", "dispersion_strips", "AUTHOR", "QUOTED"]

AUTHOR, QUOTED = "#4c72b0", "#dd8452"
_COLORS = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]
_LINESTYLES = ["-", "--", ":", "-."]


def _label(text) -> str:
    """A data label safe from mathtext: ``$`` is drawn as a dollar sign."""
    return str(text).replace("$", r"\$")


def _short(text, n: int = 14) -> str:
    text = str(text)
    return text if len(text) <= n else text[: n - 1] + "…"


# --------------------------------------------------------------------------- 01: sizes by group


def corpus_overview_groups(documents, *, ax=None):
    """Horizontal bars per group (tokens, split into author and quoted voice), the largest
    :data:`MAX_ROWS` groups by tokens, each labelled with its number of documents."""
    d = documents.assign(_g=documents["group"].astype(str))
    agg = d.groupby("_g", sort=False).agg(n_docs=("doc_id", "size"), n_tokens=("n_tokens", "sum"),
                                          n_quoted=("n_quoted_tokens", "sum"))
    groups = [str(g) for g in units_of(documents["group"])]
    shown, more = shown_units(groups, n=MAX_ROWS, weight=agg.n_tokens.to_dict())
    agg = agg.reindex(shown)
    if ax is None:
        _, ax = new_figure(figsize=(7.5, 0.3 * len(shown) + 1.8))
    y = np.arange(len(shown))[::-1]
    quoted = agg.n_quoted.to_numpy()
    author = agg.n_tokens.to_numpy() - quoted
    ax.barh(y, author, color=AUTHOR, label="author voice")
    ax.barh(y, quoted, left=author, color=QUOTED, label="quoted voice")
    for yy, a, q in zip(y, author, quoted):
        ax.text(a + q, yy, f"  {a:,} + {q:,}", va="center", fontsize=7)
    ax.set_yticks(y, [_label(f"{g} ({n:,} documents)") for g, n in zip(shown, agg.n_docs)], fontsize=7.5)
    note = more_note(more, "groups", where="the overview table")
    ax.set_xlabel("tokens (word tokens after cleaning), summed over each group's documents" + (f"\n{note}" if note else ""))
    ax.set_xlim(0, max(float(agg.n_tokens.max()), 1.0) * 1.35)
    ax.legend(loc="lower right", frameon=False)
    ax.set_title(f"Size and voice share per group ({len(documents):,} documents in {len(groups):,} groups)")
    declutter(ax, "y")
    return ax


# --------------------------------------------------------------------------- 02: similarity, top terms


def similarity_clustered(sim, *, ax=None, value: str = "cosine"):
    """A similarity heatmap of many units: clustered order, no cell labels, a tick label per
    unit only while they can be told apart (at most 150 units, decluttered)."""
    m = sim.pivot(index="unit_a", columns="unit_b", values=value)
    m = m.reindex(columns=m.index)
    order = cluster_order(m.to_numpy(dtype=float))
    m = m.iloc[order, order]
    n = len(m)
    if ax is None:
        side = min(16.0, 5.0 + 0.05 * n)
        _, ax = new_figure(figsize=(side + 1.6, side))
    im = ax.imshow(m.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=1, interpolation="nearest")
    if n <= 150:
        names = [_label(c) for c in m.index]
        ax.set_xticks(range(n), names, rotation=90, fontsize=6)
        ax.set_yticks(range(n), names, fontsize=6)
        declutter(ax)
    else:
        ax.set_xticks([])
        ax.set_yticks([])
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=value)
    ax.set_xlabel(f"{n:,} units in clustered order (average linkage on 1 − {value}); no cell labels beyond "
                  f"{MAX_LABELLED} units: every pair is in the similarity table", fontsize=8)
    ax.set_ylabel("")
    return ax


def top_terms_table(top, *, ax=None, value: str = "tfidf", unit: str = "unit", term: str = "term"):
    """Top terms of many units as a ranked table: one row per unit (at most :data:`MAX_ROWS`,
    in table order), one column per rank, each cell the term, shaded by ``value``."""
    shown, more = shown_units(units_of(top[unit]), n=MAX_ROWS)
    t = top[top[unit].isin(shown)]
    ranks = t.groupby(t[unit].astype(str), sort=False).cumcount()
    k = int(ranks.max()) + 1 if len(t) else 1
    row = {str(u): n for n, u in enumerate(shown)}
    vals = np.full((len(shown), k), np.nan)
    words = np.full((len(shown), k), "", dtype=object)
    for r, u, w, v in zip(ranks, t[unit].astype(str), t[term].astype(str), t[value].astype(float)):
        vals[row[u], r], words[row[u], r] = v, w
    if ax is None:
        _, ax = new_figure(figsize=(0.95 * k + 2.2, 0.26 * len(shown) + 1.6))
    vmax = float(np.nanmax(vals)) if np.isfinite(vals).any() else 1.0
    ax.imshow(vals, cmap="Blues", vmin=0, vmax=vmax * 1.6, aspect="auto")
    for (r, c), w in np.ndenumerate(words):
        if w:
            ax.text(c, r, _label(_short(w)), ha="center", va="center", fontsize=6.5)
    ax.set_yticks(range(len(shown)), [_label(_short(u, 24)) for u in shown], fontsize=7)
    ax.set_xticks(range(k), [str(r + 1) for r in range(k)], fontsize=7)
    ax.xaxis.tick_top()
    note = more_note(more, "units", where="the table")
    ax.set_xlabel(f"rank (each cell a term, shaded by {value})" + (f"\n{note}" if note else ""), fontsize=8)
    declutter(ax, "y")
    return ax


# --------------------------------------------------------------------------- 03: rates over many units


def hit_rate_lines(counts, *, ax=None, x=("group", "voice"), hue: str = "category", value: str = "per_1000"):
    """Rates over many units as lines: the first ``x`` column along the axis, one line per
    ``hue`` (colour) and value of the other ``x`` columns (line style); each line's total
    count in the legend, every count in the table."""
    x = [x] if isinstance(x, str) else list(x)
    along, rest = x[0], x[1:]
    positions = {str(u): n for n, u in enumerate(units_of(counts[along]))}
    hues = units_of(counts[hue])
    series = list(dict.fromkeys(counts[rest].astype(str).agg(" · ".join, axis=1))) if rest else [""]
    if ax is None:
        _, ax = new_figure(figsize=(min(MAX_INCHES, max(7.5, 0.12 * len(positions) + 4)), 4.8))
    key = counts[rest].astype(str).agg(" · ".join, axis=1) if rest else pd.Series("", index=counts.index)
    marker = "o" if len(positions) <= 60 else None
    for h, name in enumerate(hues):
        for s, ser in enumerate(series):
            sel = (counts[hue].astype(str) == str(name)) & (key == ser)
            if not sel.any():
                continue
            sub = counts[sel]
            xs = sub[along].astype(str).map(positions).to_numpy()
            order = np.argsort(xs, kind="stable")
            label = _label(f"{name}{' · ' + ser if ser else ''} ({int(sub['n_hits'].sum()):,} hits)")
            ax.plot(xs[order], sub[value].to_numpy(dtype=float)[order], _LINESTYLES[s % len(_LINESTYLES)],
                    color=_COLORS[h % len(_COLORS)], marker=marker, ms=3, lw=1.1, label=label)
    ax.set_xticks(range(len(positions)), [_label(u) for u in positions], rotation=90, fontsize=7)
    ax.set_ylabel("hits per 1,000 tokens" if value == "per_1000" else value)
    ax.set_xlabel(f"{along} ({len(positions):,}); counts behind every point in the table", fontsize=8)
    ax.legend(frameon=False, fontsize=7, ncol=2)
    ax.set_ylim(bottom=0)
    declutter(ax, "x")
    return ax


# --------------------------------------------------------------------------- 04, 05: unit heatmaps


def unit_heatmap(matrix: pd.DataFrame, *, thin: pd.DataFrame | None = None, ax=None, cmap: str = "Blues",
                 vmin=None, vmax=None, fmt: str = "{:.1f}", label: str = "", note: str = ""):
    """Rows (frames, actors) × units (columns, in the given order): a heatmap whose thin cells
    stay white; cells carry their value while there are at most :data:`MAX_LABELLED` units."""
    vals = matrix.to_numpy(dtype=float)
    thin_mask = thin.reindex_like(matrix).fillna(False).to_numpy(dtype=bool) if thin is not None else np.zeros_like(vals, bool)
    shown = np.where(thin_mask, np.nan, vals)
    n_rows, n_units = vals.shape
    if ax is None:
        width = max(7.0, 0.34 * n_units + 3.5) if n_units <= MAX_LABELLED else min(16.0, 7.0 + 0.02 * n_units)
        _, ax = new_figure(figsize=(width, 0.38 * n_rows + 2.4))
    finite = vals[np.isfinite(vals)]
    lo = vmin if vmin is not None else 0.0
    hi = vmax if vmax is not None else (float(finite.max()) if finite.size and finite.max() > lo else lo + 1.0)
    im = ax.imshow(shown, cmap=cmap, vmin=lo, vmax=hi, aspect="auto", interpolation="nearest")
    if n_units <= MAX_LABELLED:
        mid = lo if lo >= 0 else 0.0  # a sequential scale darkens away from its low end, a diverging one from 0
        for (i, j), v in np.ndenumerate(vals):
            if np.isfinite(v):
                dark = abs(v - mid) > 0.65 * max(hi - mid, mid - lo)
                ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=6,
                        color="#999999" if thin_mask[i, j] else ("white" if dark else "black"))
    ax.set_yticks(range(n_rows), [_label(r) for r in matrix.index], fontsize=8)
    ax.set_xticks(range(n_units), [_label(c) for c in matrix.columns], rotation=90, fontsize=7)
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=label)
    ax.set_xlabel(note, fontsize=8)
    declutter(ax)
    return ax


def long_heatmap(table, *, rows: str, row_order, unit: str, units, value: str, ax, label: str, note: str, **kw):
    """A long table's ``value`` as a rows × units :func:`unit_heatmap` (thin cells white)."""
    t = table.assign(_r=table[rows].astype(str), _u=table[unit].astype(str))
    index, columns = [str(r) for r in row_order], [str(u) for u in units]
    mat = t.pivot_table(index="_r", columns="_u", values=value, aggfunc="first").reindex(index=index, columns=columns)
    thin = None
    if "thin" in t.columns:
        thin = (t.assign(_t=(t["thin"].fillna("").astype(str) != "").astype(float))
                .pivot_table(index="_r", columns="_u", values="_t", aggfunc="first").reindex(index=index, columns=columns) == 1)
    mat.index.name, mat.columns.name = None, None
    return unit_heatmap(mat, thin=thin, ax=ax, label=label, note=f"{unit} ({len(columns):,}) in table order; " + note, **kw)


def actor_frame_panels(table, *, voices, actors, groups, value: str = "rate", ax=None):
    """:func:`analysis.plots.plot_actor_frame_grid` for many groups: one heatmap per voice
    (rows of panels) and actor (columns; the 8 most mentioned), groups × frames in each."""
    frames = units_of(table["frame"])
    mentions = table.groupby(table["actor"].astype(str), sort=False)["n_actor_mentions"].max().to_dict()
    acts, more = shown_units(list(actors), n=8, weight=mentions)
    solid = table[table["thin"].astype(str) == ""] if "thin" in table.columns else table
    vmax = max(0.5, float(np.nanmax(solid[value].to_numpy(dtype=float))) if len(solid) else 0.5)
    panel_h = min(0.16 * len(groups) + 1.8, (MAX_INCHES - 1.2) / len(voices))
    fig, axes = panel_axes(ax, (len(voices), len(acts)), figsize=(2.5 * len(acts) + 1.6, panel_h * len(voices) + 1.2))
    labelled = len(groups) <= MAX_LABELLED
    im = None
    for r, voice in enumerate(voices):
        for c, actor in enumerate(acts):
            a = axes[r][c]
            t = table[(table["actor"].astype(str) == actor) & (table["voice"].astype(str) == voice)]
            t = t.assign(group=t["group"].astype(str), frame=t["frame"].astype(str))
            mat = t.pivot_table(index="group", columns="frame", values=value, aggfunc="first").reindex(
                index=[str(g) for g in groups], columns=[str(f) for f in frames])
            thin = (t.assign(th=(t["thin"].astype(str) != "").astype(float)).pivot_table(
                index="group", columns="frame", values="th", aggfunc="first").reindex_like(mat).to_numpy() == 1)
            im = a.imshow(np.where(thin, np.nan, mat.to_numpy(dtype=float)), cmap="Blues", vmin=0, vmax=vmax, aspect="auto",
                          interpolation="nearest")
            if labelled:
                cnt = t.pivot_table(index="group", columns="frame", values="n_pairs", aggfunc="first").reindex_like(mat)
                for (i, j), n in np.ndenumerate(cnt.to_numpy(dtype=float)):
                    if np.isfinite(n) and n > 0:
                        a.text(j, i, f"{int(n)}", ha="center", va="center", fontsize=6,
                               color="#999999" if thin[i, j] else "black")
            n_m = int(t.groupby("group")["n_actor_mentions"].first().sum()) if len(t) else 0
            a.set_title(_label(f"{actor} · {voice}\n({n_m:,} mentions)"), fontsize=7)
            a.set_yticks(range(len(groups)), [_label(g) for g in groups] if c == 0 else [""] * len(groups), fontsize=7)
            a.set_xticks(range(len(frames)), [_label(f) for f in frames] if r == len(voices) - 1 else [""] * len(frames),
                         rotation=90, fontsize=7)
    if im is not None:
        fig.colorbar(im, ax=axes, shrink=0.6, label="frame hits per actor mention")
    note = more_note(more, "actors", where="the actor × frame table")
    fig.suptitle("Actor-anchored frames per group (rows) and frame (columns): frame hits in the same sentence per "
                 "actor mention; white: thin evidence" + ("; numbers: pairs" if labelled else "")
                 + (f"\n{note}" if note else ""), fontsize=9)
    declutter(list(axes[:, 0]), "y")
    return axes


# --------------------------------------------------------------------------- 05: dispersion by group


def dispersion_strips(positions, *, acts, colors, bins: int = 20, ax=None):
    """Where the actors are mentioned along the documents of each group: per group × actor,
    the share of its mentions in each twentieth of the documents (a strip, darker = more);
    the groups with most mentions first, at most :data:`MAX_ROWS` rows."""
    pos = positions.assign(_g=positions["group"].astype(str), _a=positions["actor"].astype(str))
    groups = [str(g) for g in units_of(positions["group"].dropna())]
    per_group = pos.groupby("_g").size().to_dict()
    shown, more = shown_units(groups, n=max(1, MAX_ROWS // max(len(acts), 1)), weight=per_group)
    rows = [(g, a) for g in shown for a in acts]
    mat = np.zeros((len(rows), bins))
    counts = []
    for r, (g, a) in enumerate(rows):
        x = pos.loc[(pos._g == g) & (pos._a == str(a)), "position"].to_numpy(dtype=float)
        counts.append(x.size)
        if x.size:
            mat[r] = np.histogram(np.clip(x, 0, 1 - 1e-9), bins=bins, range=(0, 1))[0] / x.size
    if ax is None:
        _, ax = new_figure(figsize=(7.5, 0.2 * len(rows) + 1.8))
    ax.imshow(mat, cmap="Greys", vmin=0, vmax=max(float(mat.max()), 1e-9), aspect="auto", extent=(0, 1, len(rows) - 0.5, -0.5),
              interpolation="nearest")
    ax.set_yticks(range(len(rows)), [_label(f"{g} · {a} ({n:,})") for (g, a), n in zip(rows, counts)], fontsize=7)
    for lab, (_, a) in zip(ax.get_yticklabels(), rows):
        lab.set_color(colors[a])
    for k in range(1, len(shown)):
        ax.axhline(k * len(acts) - 0.5, color="white", lw=1.5)
    note = more_note(more, "groups", where="the positions table")
    ax.set_xlabel("position in the document (token index / tokens in the document), in twentieths; shade: share of "
                  "the row's mentions" + (f"\n{note}" if note else ""), fontsize=8)
    ax.set_title(f"Actor mentions along the documents of each group ({positions['doc_id'].nunique():,} documents; "
                 "(n): mentions)", fontsize=9)
    declutter(ax, "y")
    return ax
