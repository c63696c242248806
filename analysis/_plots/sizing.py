"""How large a figure may get, and what a plot does when its units no longer fit.

Every plot has a design for 5, 50 and 5,000 documents (README, "Figures at any size"):

* **a label per unit while they fit** — up to :data:`MAX_LABELLED` units (documents, groups,
  heatmap rows) get a tick label each, and heatmap cells a number each;
* **beyond that, a denser design** — groups instead of documents, heatmaps without cell
  labels and in clustered order, lines instead of offset dots, small multiples wrapped;
* **top-N with "n more" said** — where even the denser design cannot show every unit, the
  largest are shown and the figure says how many are left out (the tables hold them all);
* **a cap on size** — no side over :data:`MAX_PX` pixels at the style's ``savefig.dpi``
  (:func:`cap` on every new figure; :func:`analysis.plots.save_figure` lowers the dpi of a
  figure made elsewhere that is larger still);
* **no overlapping tick labels** — :func:`declutter` hides the labels that would overlap
  their neighbours once the figure is laid out (every k-th label stays).
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["MAX_PX", "SAVE_DPI", "MAX_INCHES", "MAX_LABELLED", "MAX_PANELS", "MAX_ROWS", "MIN_FONT", "cap",
           "shown_units", "more_note", "grid", "overlap", "declutter", "cluster_order", "units_of"]

#: No figure side over this many pixels, at :data:`SAVE_DPI`.
MAX_PX = 4000
#: The style's ``savefig.dpi`` (analysis._plots.figure.STYLE).
SAVE_DPI = 150
#: The largest side of a figure, in inches.
MAX_INCHES = MAX_PX / SAVE_DPI
#: Units with a label each (documents on an axis, heatmap rows and columns with cell labels).
MAX_LABELLED = 30
#: Panels of a small-multiples figure before the rest are left out (and said to be).
MAX_PANELS = 24
#: Rows of a bar chart or a strip chart before the rest are left out (and said to be).
MAX_ROWS = 40
#: The smallest font size any plot uses, in points.
MIN_FONT = 6


def cap(figsize) -> tuple[float, float]:
    """``figsize`` with each side at most :data:`MAX_INCHES` (and at least 1 inch)."""
    w, h = figsize
    return float(min(max(w, 1.0), MAX_INCHES)), float(min(max(h, 1.0), MAX_INCHES))


def units_of(column) -> list:
    """The distinct values of a column in their order: the categories present (categorical
    columns) or the order of first appearance."""
    if hasattr(column, "cat"):
        present = set(column.dropna().astype(str))
        return [u for u in column.cat.categories if str(u) in present]
    return list(dict.fromkeys(column.tolist()))


def shown_units(units, *, n: int, weight=None) -> tuple[list, int]:
    """At most ``n`` of ``units`` (the ``n`` with the largest ``weight`` — a mapping unit →
    number — if given, else the first ``n``), kept in their order; and how many are left out."""
    units = list(units)
    if len(units) <= n:
        return units, 0
    if weight is None:
        return units[:n], len(units) - n
    rank = sorted(range(len(units)), key=lambda k: (-float(weight.get(units[k], 0)), k))[:n]
    return [units[k] for k in sorted(rank)], len(units) - n


def more_note(n_more: int, what: str, *, where: str = "the table") -> str:
    """``"… and 12 more groups (all in the table)"``, or ``""`` when nothing is left out."""
    if n_more <= 0:
        return ""
    return f"… and {n_more:,} more {what} (all in {where})"


def grid(n: int, *, ncols: int) -> tuple[int, int]:
    """(rows, columns) of a wrapped small-multiples grid for ``n`` panels."""
    ncols = max(1, min(ncols, n))
    return max(1, math.ceil(n / ncols)), ncols


def overlap(a, b, renderer, *, pad: float = 0.0) -> bool:
    """Whether two drawn texts overlap: their window extents, or for texts slanted alike
    (rotations other than 0° and 90°, whose extents are much larger than their glyphs)
    whether their centres are closer across the writing direction than a line of type."""
    ba, bb = a.get_window_extent(renderer), b.get_window_extent(renderer)
    rot = a.get_rotation() % 180
    if rot in (0, 90) or abs(rot - b.get_rotation() % 180) > 1e-6:
        return not (ba.x1 + pad <= bb.x0 or bb.x1 + pad <= ba.x0 or ba.y1 + pad <= bb.y0 or bb.y1 + pad <= ba.y0)
    th = math.radians(rot)
    dx, dy = (bb.x0 + bb.x1 - ba.x0 - ba.x1) / 2, (bb.y0 + bb.y1 - ba.y0 - ba.y1) / 2
    across = abs(-dx * math.sin(th) + dy * math.cos(th))
    return across < renderer.points_to_pixels(max(a.get_fontsize(), b.get_fontsize())) + pad


def declutter(ax, axis: str = "both", *, pad: float = 1.0) -> int:
    """Hide the tick labels of ``ax`` that would overlap a label already kept (in tick order),
    measured on the laid-out figure; return how many were hidden. ``ax`` is one Axes or a
    sequence of Axes of one figure (drawn once for all of them: a draw is the cost). Hiding a
    label only frees space, so the labels kept stay apart when the figure is drawn again."""
    axes = [ax] if hasattr(ax, "get_xticklabels") else list(ax)
    if not axes:
        return 0
    fig = axes[0].get_figure(root=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    hidden = 0
    for a in axes:
        for name in (("x", "y") if axis == "both" else (axis,)):
            labels = a.get_xticklabels() if name == "x" else a.get_yticklabels()
            kept = None
            for lab in labels:
                if not lab.get_visible() or not lab.get_text():
                    continue
                if kept is not None and overlap(lab, kept, renderer, pad=pad):
                    lab.set_visible(False)
                    hidden += 1
                else:
                    kept = lab
    return hidden


def cluster_order(matrix) -> np.ndarray:
    """An order of the rows of a square similarity matrix that puts similar units together:
    the leaves of an average-linkage clustering of ``1 − similarity`` (optimal leaf order up
    to 300 units); the given order for fewer than 3 units."""
    m = np.asarray(matrix, dtype=float)
    n = len(m)
    if n < 3:
        return np.arange(n)
    from scipy.cluster.hierarchy import leaves_list, linkage, optimal_leaf_ordering
    from scipy.spatial.distance import squareform

    d = 1.0 - np.nan_to_num((m + m.T) / 2, nan=0.0)
    np.fill_diagonal(d, 0.0)
    condensed = squareform(np.clip(d, 0.0, None), checks=False)
    z = linkage(condensed, method="average")
    if n <= 300:
        z = optimal_leaf_ordering(z, condensed)
    return leaves_list(z)
