"""An interactive explorer: pick a cell, see its counts and the lines behind them.

``explore(corpus, actor_hits, frame_hits)`` returns an :class:`Explorer`. Displayed in
a live Jupyter frontend (JupyterLab, Notebook 7, VS Code) it is an ipywidgets UI:
dropdowns for actor, frame, source group, voice, the concordance context (window and
span) and which lines to show; below them the counts of the selected cell and its
concordance lines. Everything shown is read from the same tables as notebook 04:

* the actor × frame cell of :func:`analysis.framing.actor_frames` (``by=["group",
  "voice"]``): ``n_pairs``, ``n_actor_mentions``, ``per_mention`` (pairs per mention)
  with its 95 % block-bootstrap interval and the thin-evidence flag;
* the frame-rate cell of :func:`analysis.framing.frame_rates`: ``n_hits``,
  ``n_tokens``, ``per_1000`` (hits per 1,000 tokens) with its interval;
* the lines: :func:`analysis.framing.drill` of the pairs (one line per actor–frame
  pair of the cell, so exactly ``n_pairs`` lines) or of the frame hits (exactly
  ``n_hits`` lines), rendered with :func:`analysis.concordance.kwic_html` (escaped).

Static fallback
---------------
Where no widget frontend renders (nbconvert / nbclient runs, HTML exports, GitHub's
viewer) the output must still say something. Displaying an :class:`Explorer` emits one
output whose MIME bundle holds

* ``application/vnd.jupyter.widget-view+json`` — the widget, for live frontends
  (JupyterLab, Notebook 7, VS Code), which render it in preference to the rest;
* ``text/html`` — :meth:`Explorer.to_html`: the selection, both cells' counts and
  the concordance lines of the current (default) selection, every text escaped;
* ``text/plain`` — a one-line summary.

A renderer without a widget manager uses ``text/html``. nbconvert's HTML exporter does
too *unless* the executed notebook stores widget state (``metadata.widgets``; nbclient's
``store_widget_state``, on by default): then it emits the widget view, drawn by
JavaScript fetched from a CDN — the dropdowns and the same counts and lines when
online, an empty box offline. So execute notebooks for static HTML with
``NotebookClient(..., store_widget_state=False)`` (``jupyter nbconvert --execute
--ExecutePreprocessor.store_widget_state=False``). Outside a kernel, or with
``mode="static"``, no widget is created and the bundle is ``text/html`` + ``text/plain``.

Old names, kept for one release with a ``DeprecationWarning``: the selection key and
option ``unit`` (the context span, now ``context``) and the ``unit`` column of
:meth:`Explorer.counts` (now ``rate_unit``).
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from ._core.html import EXPLORER_CSS, esc
from ._core.options import check_option
from ._core.units import levels
from ._core.vocabulary import as_table, deprecated, renamed
from .concordance import CONTEXTS, kwic_html
from .framing import SEED, actor_frame_pairs, actor_frames, drill, frame_rates

__all__ = ["explore", "Explorer", "WINDOWS", "LINES", "MODES"]

#: Context windows offered in the UI (tokens each side of the match).
WINDOWS = (3, 5, 8, 12, 20, 40)
#: Which lines to show: the actor × frame pairs of the cell, or every frame hit of the unit.
LINES = ("pairs", "frame hits")
#: Valid values of ``mode``.
MODES = ("auto", "widget", "static")
_KEYS = ("actor", "frame", "group", "voice", "window", "context", "lines")
def _fmt(x, digits: int = 3) -> str:
    try:
        x = float(x)
    except (TypeError, ValueError):
        return "–"
    return "–" if not np.isfinite(x) else f"{x:.{digits}g}" if abs(x) >= 1 else f"{x:.{digits}f}"


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (where a widget can reach a frontend), with ipywidgets installed."""
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


class Explorer:
    """Counts and concordance lines of one actor × frame × group × voice cell at a time.

    Build it with :func:`explore`. The tables are computed once, on construction:
    ``table`` (:func:`analysis.framing.actor_frames`), ``rates``
    (:func:`analysis.framing.frame_rates`), both ``by=["group", "voice"]``, and ``pairs``.

    Attributes
    ----------
    options : dict
        Valid values of each selection key (``actor``, ``frame``, ``group``, ``voice``,
        ``window``, ``context``, ``lines``), in display order.
    selection : dict
        The current selection (one value per key).
    widget : ipywidgets.VBox
        The UI (built on first access; needs ``ipywidgets``).
    """

    def __init__(self, corpus, actor_hits: pd.DataFrame, frame_hits: pd.DataFrame, pairs: pd.DataFrame | None = None,
                 *, n_boot: int = 2000, seed: int = SEED, max_lines: int | None = 50,
                 mode: Literal["auto", "widget", "static"] = "auto"):
        check_option("mode", mode, MODES)
        self.mode = mode
        self.corpus = corpus
        self.actor_hits = actor_hits
        self.frame_hits = frame_hits
        self.pairs = actor_frame_pairs(actor_hits, frame_hits) if pairs is None else pairs
        self.max_lines = max_lines
        self.table = actor_frames(corpus, self.pairs, actor_hits, by=["group", "voice"], n_boot=n_boot, seed=seed)
        self.rates = frame_rates(corpus, frame_hits, by=["group", "voice"], n_boot=n_boot, seed=seed)
        frames = levels(frame_hits.category, present_only=True) if len(frame_hits) else []
        self.options: dict[str, list] = {
            "actor": levels(actor_hits.category, present_only=True) if len(actor_hits) else [],
            "frame": frames,
            "group": levels(corpus.tokens.group, present_only=True),
            "voice": levels(corpus.tokens.voice, present_only=True),
            "window": list(WINDOWS),
            "context": list(CONTEXTS)[::-1],  # sentence first: the default of drill
            "lines": list(LINES),
        }
        for key in ("actor", "frame", "group", "voice"):
            if not self.options[key]:
                raise ValueError(f"explore: no {key} to choose from (are the hits tables empty?)")
        self.selection = self._default()
        self._widget = None
        self._controls: dict = {}

    # ------------------------------------------------------------------ selection

    def _default(self) -> dict:
        """The actor × frame cell with the most pairs (ties: table order); context 8, sentence."""
        sel = {"window": 8, "context": "sentence", "lines": "pairs"}
        t = self.table
        if len(t) and t.n_pairs.max() > 0:
            row = t.loc[t.n_pairs.to_numpy().argmax()]
            sel.update(actor=str(row.actor), frame=str(row.frame), group=str(row.group), voice=str(row.voice))
        else:
            sel.update({k: self.options[k][0] for k in ("actor", "frame", "group", "voice")})
        return sel

    def _check(self, sel: dict) -> dict:
        for k, v in sel.items():
            if k not in self.options:
                raise ValueError(f"unknown selection key {k!r}; valid keys: {', '.join(_KEYS)}")
            check_option(k, v, self.options[k])
        return sel

    def _sel(self, changes: dict) -> dict:
        changes = dict(changes)
        if "unit" in changes:
            if "context" in changes:
                raise TypeError("got both unit= (the old name) and context=")
            deprecated("the selection key 'unit' is now 'context'", user_value=True)
            changes["context"] = changes.pop("unit")
        return {**self.selection, **self._check(changes)}

    def select(self, **changes) -> "Explorer":
        """Change the selection (and the widget, if built); returns ``self``.

        Raises ``ValueError`` for an unknown key or value (the message lists the valid ones).
        """
        self.selection = self._sel(changes)
        if self._widget is not None:
            self._set_controls(self.selection)
            self._refresh()
        return self

    # ------------------------------------------------------------------ data

    def counts(self, **changes) -> pd.DataFrame:
        """The two cells of the selection, one row each.

        Returns
        -------
        DataFrame
            Two rows: ``cell`` = ``"actor × frame"`` (``n`` = n_pairs, ``of`` =
            n_actor_mentions, ``rate`` = per_mention) and ``"frame rate"`` (``n`` =
            n_hits, ``of`` = n_tokens of the group × voice, ``rate`` = per_1000);
            columns ``cell``, ``n``, ``of`` (int), ``rate``, ``ci_low``, ``ci_high``
            (float), ``thin`` (str), ``rate_unit`` (what ``rate`` counts: "pairs per
            mention", "hits per 1,000 tokens"; the one table where a rate of either kind
            shares a column). An actor not mentioned in the group × voice gives ``n =
            of = 0`` and a NaN rate.
        """
        s = self._sel(changes)
        t = self.table
        af = t[(t.group.astype(str) == s["group"]) & (t.voice.astype(str) == s["voice"])
               & (t.actor.astype(str) == s["actor"]) & (t.frame.astype(str) == s["frame"])]
        r = self.rates
        fr = r[(r.group.astype(str) == s["group"]) & (r.voice.astype(str) == s["voice"])
               & (r.category.astype(str) == s["frame"])]
        rows = []
        for name, df, n, of, rate, unit in (
                ("actor × frame", af, "n_pairs", "n_actor_mentions", "per_mention", "pairs per mention"),
                ("frame rate", fr, "n_hits", "n_tokens", "per_1000", "hits per 1,000 tokens")):
            if len(df):
                x = df.iloc[0]
                rows.append({"cell": name, "n": int(x[n]), "of": int(x[of]), "rate": float(x[rate]),
                             "ci_low": float(x.ci_low), "ci_high": float(x.ci_high), "thin": str(x.thin),
                             "rate_unit": unit})
            else:
                rows.append({"cell": name, "n": 0, "of": 0, "rate": np.nan, "ci_low": np.nan, "ci_high": np.nan,
                             "thin": "not in this group × voice", "rate_unit": unit})
        return as_table(pd.DataFrame(rows))

    def lines(self, **changes) -> pd.DataFrame:
        """The concordance lines of the selection: :func:`analysis.framing.drill` of the cell.

        ``lines="pairs"``: ``drill(corpus, pairs, group=, voice=, actor=, frame=)``, one
        line per pair (``n_pairs`` lines); ``lines="frame hits"``: ``drill(corpus,
        frame_hits, group=, voice=, category=frame)`` (``n_hits`` lines).
        """
        s = self._sel(changes)
        if s["lines"] == "pairs":
            return drill(self.corpus, self.pairs, window=s["window"], context=s["context"], group=s["group"],
                         voice=s["voice"], actor=s["actor"], frame=s["frame"])
        return drill(self.corpus, self.frame_hits, window=s["window"], context=s["context"], group=s["group"],
                     voice=s["voice"], category=s["frame"])

    # ------------------------------------------------------------------ rendering

    def counts_html(self, **changes) -> str:
        """The selection and its two cells as an escaped HTML table."""
        s = self._sel(changes)
        c = self.counts(**changes)
        head = (f"<p class=\"explorer-selection\"><b>{esc(s['actor'])}</b> × <b>{esc(s['frame'])}</b> · "
                f"{esc(s['group'])} · {esc(s['voice'])} voice</p>")
        rows = []
        for x in c.itertuples(index=False):
            of = ("mention" if x.cell == "actor × frame" else "token") + ("" if x.of == 1 else "s")
            ci = f"[{_fmt(x.ci_low)}, {_fmt(x.ci_high)}]"
            rows.append(f"<tr><td>{esc(x.cell)}</td><td class=\"num\">{x.n}</td><td>{x.of} {of}</td>"
                        f"<td>{esc(_fmt(x.rate))} {esc(x.rate_unit)}</td><td>{esc(ci)}</td><td>{esc(x.thin)}</td></tr>")
        return (EXPLORER_CSS + head + "<table class=\"explorer-counts\"><thead><tr><th>cell</th><th>n</th><th>of</th><th>rate</th>"
                "<th>95 % interval</th><th>thin evidence</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def lines_html(self, **changes) -> str:
        """The selection's concordance lines as :func:`analysis.concordance.kwic_html` markup (escaped)."""
        return kwic_html(self.lines(**changes), max_rows=self.max_lines).html

    def to_html(self, **changes) -> str:
        """Counts and lines of the selection: the static rendering (no JavaScript needed)."""
        return f"<div class=\"explorer\">{self.counts_html(**changes)}{self.lines_html(**changes)}</div>"

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        s = self.selection
        c = self.counts()
        return (f"<Explorer {s['actor']} × {s['frame']} · {s['group']} · {s['voice']}: "
                f"{c.n[0]} pairs of {c['of'][0]} mentions; {c.n[1]} frame hits>")

    def _repr_mimebundle_(self, include=None, exclude=None):
        """What a frontend shows: the widget view plus static fallbacks (module docstring).

        The widget view is included with ``mode="widget"``, and with ``mode="auto"``
        inside a Jupyter kernel when ipywidgets is installed; ``text/html`` (the static
        rendering of the current selection) and ``text/plain`` are always there.
        """
        bundle = {}
        live = self.mode == "widget" or (self.mode == "auto" and _in_kernel())
        if live:
            data = self.widget._repr_mimebundle_(include=include, exclude=exclude)
            if isinstance(data, tuple):
                data = data[0]
            bundle.update(data or {})
        bundle["text/html"] = self.to_html()
        bundle["text/plain"] = repr(self)
        return bundle

    # ------------------------------------------------------------------ widget

    @property
    def widget(self):
        if self._widget is None:
            self._widget = self._build()
        return self._widget

    def _build(self):
        import ipywidgets as W

        labels = {"actor": "Actor", "frame": "Frame", "group": "Source group", "voice": "Voice",
                  "window": "Context", "context": "Context span", "lines": "Lines"}
        lay = W.Layout(width="auto", margin="0 12px 4px 0")
        style = {"description_width": "initial"}
        for k in _KEYS:
            opts = [(f"±{w} tokens", w) for w in self.options[k]] if k == "window" else self.options[k]
            self._controls[k] = W.Dropdown(options=opts, value=self.selection[k], description=labels[k],
                                           layout=lay, style=style)
            self._controls[k].add_class(f"explorer-{k}")
        self._counts = W.HTML(layout=W.Layout(width="100%"))
        self._lines = W.HTML(layout=W.Layout(width="100%"))
        self._syncing = False
        for k, ctl in self._controls.items():
            ctl.observe(self._on_change, names="value")
        row1 = W.HBox([self._controls[k] for k in ("actor", "frame", "group", "voice")],
                      layout=W.Layout(flex_flow="row wrap"))
        row2 = W.HBox([self._controls[k] for k in ("window", "context", "lines")],
                      layout=W.Layout(flex_flow="row wrap"))
        box = W.VBox([row1, row2, self._counts, self._lines])
        box.add_class("analysis-explorer")
        self._refresh()
        return box

    def _on_change(self, change) -> None:
        """Widget callback: a dropdown changed → update the selection, counts and lines."""
        if self._syncing:
            return
        self.selection = {k: c.value for k, c in self._controls.items()}
        self._refresh()

    def _refresh(self) -> None:
        self._counts.value = self.counts_html()
        self._lines.value = self.lines_html()

    def _set_controls(self, values: dict) -> None:
        self._syncing = True
        try:
            for k, v in values.items():
                self._controls[k].value = v
        finally:
            self._syncing = False


@renamed(options={"unit": "context"})
def explore(corpus, actor_hits: pd.DataFrame, frame_hits: pd.DataFrame, pairs: pd.DataFrame | None = None, *,
            actor: str | None = None, frame: str | None = None, group: str | None = None,
            voice: str | None = None, window: int = 8, context: Literal["sentence", "token"] = "sentence",
            lines: Literal["pairs", "frame hits"] = "pairs", max_lines: int | None = 50,
            n_boot: int = 2000, seed: int = SEED, mode: Literal["auto", "widget", "static"] = "auto") -> Explorer:
    """An interactive explorer of actor × frame cells, their counts and their lines.

    Parameters
    ----------
    corpus : Corpus
    actor_hits, frame_hits : DataFrame
        :func:`analysis.framing.lexicon_hits` of the actors and the frames lexicon.
    pairs : DataFrame, optional
        :func:`analysis.framing.actor_frame_pairs` of those hits; default: computed
        (same sentence, same voice). Pass ``actor_frame_pairs(..., window=N)`` to explore
        pairs within ±N tokens instead.
    actor, frame, group, voice : str, optional
        The first selection; default: the cell with the most pairs.
    window, context, lines
        Context of the lines (``window`` from :data:`WINDOWS`; ``context`` "sentence":
        it stays in the sentence, or "token": it may cross sentences) and which lines
        (:data:`LINES`).
    max_lines : int or None, default 50
        Lines shown (the first ones, in corpus order); the caption gives the total.
    n_boot, seed
        Bootstrap replicates and seed of the intervals (as in notebook 04).
    mode : {"auto", "widget", "static"}, default "auto"
        What displaying the explorer emits: ``"auto"`` the widget view (with the static
        HTML as fallback) inside a Jupyter kernel, only the static HTML elsewhere;
        ``"widget"`` / ``"static"`` force one or the other.

    Returns
    -------
    Explorer
        Display it (last expression of a cell). Live frontends show dropdowns; static
        renderings (nbconvert, HTML export) show the selection's counts and lines.

    Raises
    ------
    ValueError
        A selection value that does not exist (the message lists the valid ones), or
        empty hits tables.

    Examples
    --------
    >>> from analysis import load_corpus
    >>> from analysis.framing import lexicon_hits
    >>> c = load_corpus()
    >>> ex = explore(c, lexicon_hits(c, "actors"), lexicon_hits(c, "frames"), n_boot=0,
    ...              actor="Russia", frame="aggression_threat", group="op-ed", voice="author")
    >>> n_pairs = int(ex.counts().n[0]); n_pairs == len(ex.lines())
    True
    """
    ex = Explorer(corpus, actor_hits, frame_hits, pairs, n_boot=n_boot, seed=seed, max_lines=max_lines, mode=mode)
    given = {k: v for k, v in dict(actor=actor, frame=frame, group=group, voice=voice).items() if v is not None}
    ex.selection = ex._sel({**given, "window": window, "context": context, "lines": lines})
    return ex
