"""Plot helpers and the one writer of figures.

``plot_*(data, *, ax=None) -> Axes`` draw on an axes and never save or show.
:func:`save_figure` is the only function that writes to ``figures/``: one style,
PNG + SVG, deterministic bytes (fixed SVG hash salt, no dates in metadata), atomic
writes (temporary file in the same folder, then ``os.replace``), so an interrupted
run never leaves a truncated figure.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from . import paths
from .io import atomic_write_bytes

__all__ = ["save_figure", "figure_style", "new_figure", "plot_corpus_overview"]

_NAME = re.compile(r"\d\d-[a-z0-9]+(?:-[a-z0-9]+)*")

STYLE = {
    "svg.hashsalt": "analysis",
    "svg.fonttype": "path",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "figure.constrained_layout.use": True,
}


def figure_style() -> dict:
    """The rcParams every figure of the project is drawn with."""
    return dict(STYLE)


def _apply_style() -> None:
    import matplotlib

    matplotlib.rcParams.update(STYLE)


def new_figure(*, figsize=(7, 4), nrows=1, ncols=1, **kw):
    """``plt.subplots`` under the project style (applied to ``rcParams``). Returns ``(fig, ax)``."""
    import matplotlib.pyplot as plt

    _apply_style()
    return plt.subplots(nrows, ncols, figsize=figsize, **kw)


def save_figure(fig, name: str, *, folder: str | Path | None = None, metadata: dict | None = None) -> list[Path]:
    """Write ``fig`` as ``<folder>/<name>.png`` and ``.svg``; return the paths.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
    name : str
        ``NN-kebab-name``, the notebook's number first (``01-corpus-size-voice``).
    folder : path, optional
        Default :func:`analysis.paths.figures_dir` (``$ANALYSIS_FIGURES_DIR`` or ``figures/``).
    metadata : dict, optional
        Extra text stored in the files (e.g. corpus hash); must itself be deterministic.

    Notes
    -----
    Bytes are identical across runs with the same matplotlib version: the SVG hash salt
    is fixed, and the ``Date`` (SVG) and ``Software``-independent fields are fixed.
    """
    import matplotlib

    if not _NAME.fullmatch(name):
        raise ValueError(f"figure name {name!r} must look like 'NN-kebab-name'")
    folder = Path(folder) if folder is not None else paths.figures_dir()
    meta = {str(k): str(v) for k, v in (metadata or {}).items()}
    written = []
    with matplotlib.rc_context(STYLE):
        for ext in ("png", "svg"):
            target = folder / f"{name}.{ext}"
            if ext == "svg":
                md = {"Date": None, **({"Description": "; ".join(f"{k}={v}" for k, v in sorted(meta.items()))} if meta else {})}
            else:
                md = dict(sorted(meta.items()))
            buf = io.BytesIO()
            fig.savefig(buf, format=ext, metadata=md)
            atomic_write_bytes(target, buf.getvalue())
            written.append(target)
    return written


def plot_corpus_overview(documents, *, ax=None):
    """Horizontal bars: tokens per document, split into author and quoted voice.

    ``documents`` needs ``doc_id``, ``n_tokens`` and ``n_quoted_tokens`` (as in
    ``Corpus.documents``). Bars are labelled with both counts.
    """
    if ax is None:
        _, ax = new_figure(figsize=(7, 0.5 * len(documents) + 1.2))
    labels = [f"{d} ({g})" for d, g in zip(documents.doc_id, documents.group)]
    quoted = documents.n_quoted_tokens.to_numpy()
    author = documents.n_tokens.to_numpy() - quoted
    y = range(len(documents))[::-1]
    ax.barh(list(y), author, color="#4c72b0", label="author voice")
    ax.barh(list(y), quoted, left=author, color="#dd8452", label="quoted voice")
    for yy, a, q in zip(y, author, quoted):
        ax.text(a + q, yy, f"  {a:,} + {q:,}", va="center", fontsize=8)
    ax.set_yticks(list(y), labels)
    ax.set_xlabel("tokens (word tokens after cleaning)")
    ax.set_xlim(0, max(documents.n_tokens) * 1.3)
    ax.legend(loc="lower right", frameon=False)
    ax.set_title("Size and voice share per document")
    return ax
