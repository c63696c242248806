"""Keyness plots: the key terms of one comparison (:func:`plot_keyness`), and each group's own
voice against the voices it quotes (:func:`plot_voice_keyness`). Re-exported by
:mod:`analysis.plots` (same conventions: data first, options keyword-only, ``ax=None``, returns
what it drew on, never saves or shows)."""

from __future__ import annotations

import numpy as np

from .figure import new_figure, panel_axes, plain
from .sizing import MAX_PANELS, grid, more_note, units_of

__all__ = ["plot_keyness", "plot_voice_keyness"]


def _keyness_rows(table, n: int, negative: bool, measure: str):
    pos = table[table[measure] > 0].sort_values([measure, "term"], ascending=[False, True], kind="stable").head(n)
    if not negative:
        return pos
    neg = table[table[measure] < 0].sort_values([measure, "term"], ascending=[True, True], kind="stable").head(n)
    import pandas as pd

    return pd.concat([pos, neg.iloc[::-1]])


@plain
def plot_keyness(table, *, n: int = 15, negative: bool = False, measure: str | None = None, ax=None,
                 title: str | None = None, min_evidence: int = 5):
    """Horizontal bars of the top key terms of one comparison, each labelled with its counts.

    Parameters
    ----------
    table : DataFrame
        One comparison of :func:`analysis.keyness.keyness` (or one ``target``/``reference``
        pair of :func:`analysis.keyness.keyness_all`; several pairs raise ``ValueError``).
    n : int, default 15
        Terms shown on each side.
    negative : bool, default False
        Also show the ``n`` most negative terms (relatively more frequent in the
        reference), below the positive ones, in another colour.
    measure : str, optional
        The column the bars show and rank by (default: the table's ``measure``).
    ax, title
        Axes to draw on; title (default ``"<target> vs <reference>"``).
    min_evidence : int, default 5
        A negative term is flagged when ``n_reference`` is below this.

    Notes
    -----
    Each bar is labelled ``n_target / n_reference``, the frequencies behind the
    statistic. Flagged terms are drawn pale and hatched: a positive term when its
    ``flag`` is non-empty (thin or concentrated evidence in the target); a negative term
    when ``n_reference < min_evidence``, since ``flag`` describes the target's hits only
    (the reference's concentration is not measured: swap target and reference to see
    it). The top term is at the top. Returns the axes.
    """
    import numpy as np

    pairs = table[["target", "reference"]].drop_duplicates() if {"target", "reference"} <= set(table.columns) else None
    if pairs is not None and len(pairs) > 1:
        shown = ", ".join(f"{t} vs {r}" for t, r in pairs.itertuples(index=False))
        raise ValueError(f"plot_keyness draws one comparison; the table has {len(pairs)}: {shown}. "
                         "Filter it (table[table.target == …]) or use plot_keyness_panels")
    measure = measure or (str(table["measure"].iloc[0]) if len(table) else "g2")
    rows = _keyness_rows(table, n, negative, measure)
    k = len(rows)
    if ax is None:
        _, ax = new_figure(figsize=(6.5, 0.24 * k + 1.4))
    y = np.arange(k)[::-1].astype(float)
    vals = rows[measure].to_numpy(dtype=float)
    # ``flag`` describes the target's hits: it speaks for positive terms only. A negative
    # term's evidence is in the reference, so it is flagged thin when n_reference is small.
    target_flag = rows["flag"].fillna("").astype(str).to_numpy() != "" if "flag" in rows.columns else np.zeros(k, bool)
    flagged = np.where(vals > 0, target_flag, rows["n_reference"].to_numpy() < min_evidence)
    for yy, v, fl in zip(y, vals, flagged):
        col = "#4c72b0" if v > 0 else "#dd8452"
        ax.barh(yy, v, height=0.75, color=col, alpha=0.4 if fl else 1.0, hatch="///" if fl else None,
                edgecolor=col if fl else "none", linewidth=0.6)
    span = max(float(np.abs(vals).max()) if k else 1.0, 1e-9)
    for yy, v, a, b in zip(y, vals, rows["n_target"], rows["n_reference"]):
        ax.text(v + (0.01 * span if v >= 0 else -0.01 * span), yy, f"{int(a)} / {int(b)}", va="center",
                ha="left" if v >= 0 else "right", fontsize=7)
    ax.set_yticks(y, rows["term"].astype(str).tolist(), fontsize=8)
    lo = -1.3 * span if (vals < 0).any() else 0
    ax.set_xlim(lo, 1.3 * span if (vals > 0).any() else 0.3 * span)
    ax.set_ylim(-0.7, k - 0.3)
    ax.axvline(0, color="#444444", lw=0.6)
    tgt = str(table["target"].iloc[0]) if "target" in table.columns and len(table) else "target"
    ref = str(table["reference"].iloc[0]) if "reference" in table.columns and len(table) else "reference"
    note = "\nhatched, pale: flagged (thin or concentrated evidence)" if flagged.any() else ""
    if (vals < 0).any():
        note += "\n(negative terms: flagged only when thin, n_reference < %d)" % min_evidence
    ax.set_xlabel(f"{measure} (+: relatively more frequent in the target)\nbar labels: n_target / n_reference{note}",
                  fontsize=8)
    ax.set_title(title if title is not None else f"{tgt} vs {ref}", fontsize=9)
    if not k:
        ax.text(0.5, 0.5, "no key terms: nothing to compare, or no term passes min_freq", ha="center", va="center",
                fontsize=8, transform=ax.transAxes)
    return ax


@plain
def plot_voice_keyness(table, *, n: int = 12, group: str = "group", ax=None):
    """Author voice against quoted voices, one keyness panel per group (``plot_keyness``,
    both sides): the words each group's narration uses more (top) and the words of the
    voices it quotes (bottom).

    ``table`` stacks one :func:`analysis.keywords.keyness` comparison per group, with a
    ``group`` column naming it. One group: one full-size panel. More: panels wrapped three to
    a row (four beyond twelve, the first 24 drawn, at most 8 terms a side, the rest said). No
    group: a panel saying so. ``ax``: one Axes per group, of one figure, or None. Returns the
    2-D ``numpy.ndarray`` of Axes.
    """
    groups = units_of(table[group]) if len(table) else []
    if not groups:
        axes = np.array([[ax if ax is not None and not np.iterable(ax) else
                          (np.asarray(ax, dtype=object).flat[0] if ax is not None else new_figure(figsize=(6.5, 1.6))[1])]])
        axes[0, 0].text(0.5, 0.5, "No group quotes enough words to compare its own voice with the voices it quotes.",
                        ha="center", va="center", fontsize=9, transform=axes[0, 0].transAxes)
        axes[0, 0].set_axis_off()
        return axes
    title = "{}: author voice (target) vs quoted voices (reference)" if len(groups) == 1 else "{}: author vs quoted"
    if ax is None and len(groups) == 1:
        sub = table[table[group].astype(str) == str(groups[0])]
        return np.array([[plot_keyness(sub, n=n, negative=True, title=title.format(groups[0]))]], dtype=object)
    shown, more = (groups[:MAX_PANELS], max(0, len(groups) - MAX_PANELS)) if ax is None else (groups, 0)
    n = n if len(shown) <= 12 else min(n, 8)
    if ax is None:
        shape = grid(len(shown), ncols=3 if len(shown) <= 12 else 4)
    else:
        shape = (1, np.asarray(ax, dtype=object).size)
    fig, axes = panel_axes(ax, shape, figsize=(3.8 * shape[1] + 0.6, (0.2 * 2 * n + 1.5) * shape[0]))
    for a, g in zip(axes.flat, shown):
        plot_keyness(table[table[group].astype(str) == str(g)], n=n, negative=True, title=title.format(g), ax=a)
    for a in list(axes.flat)[len(shown):]:
        a.set_axis_off()
    if more:
        fig.suptitle(more_note(more, "groups", where="the keyness table"), fontsize=9)
    return axes
