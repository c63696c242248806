"""The project's figure style, new figures, and :func:`save_figure`, the one writer of figures.

Re-exported by :mod:`analysis.plots` (import them from there): ``save_figure(fig, name)``
writes PNG + SVG under one style, with deterministic bytes and atomic writes.
"""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

from .. import paths
from ..io import atomic_write_bytes
from .sizing import MAX_PX, SAVE_DPI, cap

__all__ = ["save_figure", "figure_style", "new_figure", "plain_text", "plain"]

_NAME = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")

STYLE = {
    "svg.hashsalt": "analysis",
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.dpi": SAVE_DPI,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.constrained_layout.use": True,
    # labels come from data (doc_ids, groups, terms): never read "$…$" in them as mathtext
    "text.parse_math": False,
}


def figure_style() -> dict:
    """The rcParams every figure of the project is drawn with."""
    return dict(STYLE)


def _apply_style() -> None:
    import matplotlib

    matplotlib.rcParams.update(STYLE)


def new_figure(*, figsize=(7, 4), nrows=1, ncols=1, **kw):
    """``plt.subplots`` under the project style (applied to ``rcParams``). Returns ``(fig, ax)``.

    ``figsize`` is capped so that no side exceeds :data:`analysis._plots.sizing.MAX_PX`
    pixels when saved (about 26.7 inches at the style's 150 dpi)."""
    import matplotlib.pyplot as plt

    _apply_style()
    return plt.subplots(nrows, ncols, figsize=cap(figsize), **kw)


def _figure_of(obj):
    """The figure of a Figure, an Axes, or a sequence/array of Axes of one figure."""
    import numpy as np
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(obj, Figure):
        return obj
    if isinstance(obj, Axes):
        return obj.get_figure(root=True)
    flat = list(np.asarray(obj, dtype=object).flat)
    if flat and all(isinstance(a, Axes) for a in flat):
        figs = {id(a.get_figure(root=True)) for a in flat}
        if len(figs) == 1:
            return flat[0].get_figure(root=True)
        raise ValueError(f"the {len(flat)} axes belong to {len(figs)} figures; pass one figure")
    raise TypeError(f"expected a Figure, an Axes or an array of Axes, not {type(obj).__name__}")


def plain_text(obj):
    """Make every text of a figure plain text (no mathtext), and return ``obj``.

    Labels are drawn from data (doc_ids, groups, terms, titles): a ``$`` in them must be a
    dollar sign, not the start of mathematics (``x$\\frac{$`` would not even draw). The
    project style (:data:`STYLE`) turns mathtext off for texts made under it; this turns it
    off for the texts of ``obj``'s figure (a Figure, an Axes or an array of Axes), whatever
    style they were made under. :func:`save_figure` and every ``plot_*`` function apply it.
    """
    from matplotlib.text import Text

    for t in _figure_of(obj).findobj(Text):
        t.set_parse_math(False)
    return obj


def plain(plot):
    """Decorate a ``plot_*`` function: the texts of what it drew are plain text (:func:`plain_text`)."""

    @functools.wraps(plot)
    def wrapper(*args, **kwargs):
        return plain_text(plot(*args, **kwargs))

    return wrapper


def save_figure(fig, name: str, *, folder: str | Path | None = None, metadata: dict | None = None) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.png`` and ``.svg``; return the paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure, Axes or array of Axes
        The figure, or what a ``plot_*`` function returned (the axes' figure is saved).
    name : str
        ``NN-kebab-name``, the notebook's number first (``01-corpus-size-voice``).
    folder : path, optional
        Default :func:`analysis.paths.figures_dir` (``$ANALYSIS_FIGURES_DIR`` or ``figures/``).
    metadata : dict, optional
        Extra text stored in the files; must itself be deterministic. The sha256 of every
        corpus and lexicon loaded in this process (:mod:`analysis.provenance`) is always
        stored: PNG text chunks ``corpus:<folder>`` / ``lexicon:<name>``, and the SVG
        ``Description``.

    Notes
    -----
    Every text is drawn as plain text (:func:`plain_text`): a ``$`` from the data is a dollar
    sign. Bytes are identical across runs with the same matplotlib version: the SVG hash salt
    is fixed, and the ``Date`` (SVG) and ``Software``-independent fields are fixed. A figure
    whose larger side would exceed :data:`analysis._plots.sizing.MAX_PX` pixels at the
    style's dpi is saved at a lower dpi, so no PNG is larger than that on a side.
    """
    import matplotlib

    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r} must look like 'NN-kebab-name'")
    fig = plain_text(_figure_of(fig))
    from ..provenance import recorded

    folder = Path(folder) if folder is not None else paths.figures_dir()
    meta = {f"{kind}:{name}": sha for kind, items in recorded().items() for name, sha in items.items()}
    meta = {k: meta[k] for k in sorted(meta)}
    meta.update({str(k): str(v) for k, v in (metadata or {}).items()})
    written = []
    side = max(fig.get_size_inches())
    dpi = {"dpi": int(MAX_PX // side)} if side * STYLE["savefig.dpi"] > MAX_PX else {}
    with matplotlib.rc_context(STYLE):
        for ext in ("png", "svg"):
            target = folder / f"{name}.{ext}"
            if ext == "svg":
                md = {"Date": None, **({"Description": "; ".join(f"{k}={v}" for k, v in sorted(meta.items()))} if meta else {})}
            else:
                md = dict(sorted(meta.items()))
            buf = io.BytesIO()
            fig.savefig(buf, format=ext, metadata=md, **dpi)
            atomic_write_bytes(target, buf.getvalue())
            written.append(target)
    return SavedFigure(written)


class SavedFigure(list):
    """The paths :func:`save_figure` wrote (a list of ``Path``). Shown as nothing in a notebook,
    so a cell that saves a figure shows the figure, not a list of paths; ``repr`` names the
    files briefly."""

    def _ipython_display_(self):
        return None

    def __repr__(self) -> str:
        return "saved " + ", ".join(str(p) for p in self)


def panel_axes(ax, shape: tuple[int, int], *, figsize, **kw):
    """``(figure, axes)`` for a multi-panel plot: ``axes`` a 2-D array of ``shape``.

    ``ax`` None: a new figure from :func:`new_figure`; else the given Axes (a sequence or
    array of one figure, row-major), which must number ``rows × columns``.
    """
    import numpy as np

    if ax is None:
        return new_figure(figsize=figsize, nrows=shape[0], ncols=shape[1], squeeze=False, **kw)
    axes = np.asarray(ax, dtype=object)
    if axes.size != shape[0] * shape[1]:
        raise ValueError(f"this plot draws {shape[0]} × {shape[1]} panels; ax holds {axes.size} axes")
    axes = axes.reshape(shape)
    figs = {id(a.figure) for a in axes.flat}
    if len(figs) != 1:
        raise ValueError(f"the axes belong to {len(figs)} figures; pass axes of one figure")
    return axes.flat[0].figure, axes
