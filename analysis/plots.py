"""Plot helpers and the one writer of figures.

Every ``plot_*`` function takes the data first, its options keyword-only, and ``ax=None``;
it draws and returns what it drew on, and never saves or shows; every text it draws is plain
text (labels come from data: a ``$`` in a doc_id or group is a dollar sign, not mathtext):

- one panel, ``plot_*(data, *, ..., ax=None) -> Axes``: draws on ``ax``, or on a new
  figure from :func:`new_figure` when ``ax`` is None, and returns that axes;
- several panels (:func:`plot_actor_frame_grid`, :func:`plot_keyness_panels`,
  :func:`plot_actor_frame_summary`), ``plot_*(data, *, ..., ax=None) -> numpy.ndarray``:
  ``ax`` is a sequence or array of Axes of one figure (filled in row-major order), or
  None for a new figure from :func:`new_figure`; the return is the 2-D array of Axes
  drawn on, ``(rows, columns)``. What belongs to the whole figure (a shared colour bar,
  a title over the panels) goes on the figure of those axes.

:func:`save_figure` is the only function that writes to ``figures/``: one style,
PNG + SVG, deterministic bytes (fixed SVG hash salt, no dates in metadata), atomic
writes (temporary file in the same folder, then ``os.replace``), so an interrupted
run never leaves a truncated figure. It takes a Figure, or an Axes or array of Axes
(what the ``plot_*`` functions return) and saves their figure. It lives, with the style
and :func:`new_figure`, in the private :mod:`analysis._plots.figure`, and is imported from here.

``by`` names the column whose values are the units drawn (bars, colours, ticks), as the
``by`` of the function that made the table; it was ``unit=`` before (kept for one release
with a ``DeprecationWarning``). ``value`` names the column drawn; an old column name
there (``value="rate"``) is mapped to the new one, with a warning.
"""

from __future__ import annotations

from ._plots import many as _many
from ._plots import sizing as _sizing
from ._plots.figure import STYLE, figure_style, new_figure, save_figure  # noqa: F401 (STYLE: re-exported)
from ._plots.figure import panel_axes as _panel_axes
from ._plots.figure import plain as _plain
from ._plots.keyness import plot_keyness, plot_voice_keyness  # noqa: F401 (re-exported)
from ._plots.sizing import MAX_LABELLED
from ._plots.roles import plot_role_timeline, plot_role_timelines, top_frames  # noqa: F401 (re-exported)
from ._core.vocabulary import current_column as _current_column
from ._core.vocabulary import renamed as _renamed

#: Units drawn as offset dots (or blocks) before a plot switches to its many-unit design.
MAX_OFFSETS = 6
#: x positions of grouped bars before :func:`plot_hit_rates` draws lines.
MAX_BARS = 12
#: Groups of :func:`plot_actor_frame_grid` drawn one panel each before panels go per actor.
MAX_GROUP_PANELS = 4
#: Comparisons of :func:`plot_keyness_panels` in three columns before four columns and a cap.
MAX_COMPARISONS = 12

__all__ = [
    "save_figure", "figure_style", "new_figure",
    "plot_corpus_overview",                                                  # 01
    "plot_similarity_heatmap", "plot_top_terms",                             # 02
    "plot_hit_rates",                                                        # 03
    "plot_frame_profile", "plot_actor_frame_grid",                           # 04
    "plot_keyness", "plot_keyness_panels", "plot_voice_keyness", "plot_actor_sentiment", "plot_actor_sentiment_voices",
    "plot_dispersion",                                                       # 05
    "plot_actor_frame_summary", "plot_role_timeline", "plot_role_timelines", "top_frames",  # 06
]


@_plain
def plot_corpus_overview(documents, *, ax=None):
    """Horizontal bars: tokens per document, split into author and quoted voice.

    ``documents`` needs ``doc_id``, ``group``, ``n_tokens`` and ``n_quoted_tokens`` (as in
    ``Corpus.documents``); rows top to bottom in table order. Bars are labelled with both
    counts. Returns the axes.

    More than :data:`analysis._plots.sizing.MAX_LABELLED` documents: one bar per group
    instead (its number of documents in its label), the 40 largest groups by tokens, the
    number left out said under the axis.
    """
    if len(documents) > MAX_LABELLED:
        return _many.corpus_overview_groups(documents, ax=ax)
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


# --------------------------------------------------------------------------- vocabulary, concordances

@_plain
def plot_similarity_heatmap(sim, *, ax=None, value: str = "cosine", fmt: str = "{:.2f}"):
    """Heatmap of a long pairwise table (``unit_a``, ``unit_b``, ``value``), annotated.

    ``sim`` is e.g. :func:`analysis.tfidf.similarity`; units keep their categorical
    order on both axes. Returns the axes.

    More than :data:`analysis._plots.sizing.MAX_LABELLED` units: no cell labels, units in
    clustered order (average linkage on 1 − value), a tick label per unit up to 150 units
    (those that would overlap hidden), none beyond; the figure's size is capped.
    """
    import numpy as np

    if sim["unit_a"].nunique() > MAX_LABELLED:
        return _many.similarity_clustered(sim, ax=ax, value=value)
    m = sim.pivot(index="unit_a", columns="unit_b", values=value)
    if ax is None:
        _, ax = new_figure(figsize=(1.1 * len(m.columns) + 2.5, 0.8 * len(m) + 1.5))
    vals = m.to_numpy(dtype=float)
    im = ax.imshow(vals, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(m.columns)), [str(c) for c in m.columns], rotation=30, ha="right")
    ax.set_yticks(range(len(m.index)), [str(c) for c in m.index])
    for (r, c), v in np.ndenumerate(vals):
        ax.text(c, r, fmt.format(v), ha="center", va="center", fontsize=8, color="white" if v > 0.6 else "black")
    ax.figure.colorbar(im, ax=ax, shrink=0.8, label=value)
    ax.set_xlabel("")
    ax.set_ylabel("")
    return ax


@_renamed(options={"unit": "by"})
@_plain
def plot_top_terms(top, *, ax=None, value: str = "tfidf", by: str | None = None, term: str = "term"):
    """Horizontal bars of the top terms per unit, one block per unit (rank order).

    ``top`` is a long table such as :func:`analysis.vectors.tfidf` (the unit column,
    ``term``, ``tfidf``, ``rank``); ``by`` is its unit column (default: the first
    column, where :func:`~analysis.vectors.tfidf` puts ``doc_id`` or ``group``); each
    block is labelled with its unit. Returns the axes.

    More than :data:`MAX_OFFSETS` units: a ranked table instead — one row per unit (the
    first 40, the rest said), one column per rank, each cell the term shaded by ``value``.
    """
    by = top.columns[0] if by is None else _current_column(top, by, "by")
    value = _current_column(top, value, "value")
    if len(_sizing.units_of(top[by])) > MAX_OFFSETS:
        return _many.top_terms_table(top, ax=ax, value=value, unit=by, term=term)
    units = [u for u in top[by].cat.categories if (top[by] == u).any()] if hasattr(top[by], "cat") else list(dict.fromkeys(top[by]))
    n = len(top) + 2 * len(units)
    if ax is None:
        _, ax = new_figure(figsize=(6.5, 0.22 * n + 1))
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3", "#8c8c8c"]
    y, ticks, labels = 0.0, [], []
    for k, u in enumerate(units):
        block = top[top[by] == u]
        ax.text(0, y, str(u), fontweight="bold", va="center", ha="left", fontsize=9)
        y -= 1
        for t, v in zip(block[term], block[value]):
            ax.barh(y, v, color=colors[k % len(colors)], height=0.8)
            ticks.append(y)
            labels.append(str(t))
            y -= 1
        y -= 0.6
    ax.set_yticks(ticks, labels, fontsize=8)
    ax.set_ylim(y, 1)
    ax.set_xlabel(value)
    return ax


@_plain
def plot_hit_rates(counts, *, ax=None, x=("group", "voice"), hue: str = "category", value: str = "per_1000"):
    """Grouped bars: rate per 1,000 tokens of each ``hue`` (category) per ``x`` unit.

    ``counts`` is :func:`analysis.matcher.hit_counts` output; ``x`` names the unit
    column(s) joined into the tick label. Each bar is annotated with its raw count
    ``n_hits`` (rates on few tokens are fragile). Returns the axes.

    More than :data:`MAX_BARS` x units: lines instead — the first ``x`` column along the
    axis, one line per ``hue`` and value of the other ``x`` columns, each line's total count
    in the legend (every count in the table).
    """
    import numpy as np

    x = [x] if isinstance(x, str) else list(x)
    keys = counts[x].astype(str).agg(" · ".join, axis=1)
    order = list(dict.fromkeys(keys))
    if len(order) > MAX_BARS:
        return _many.hit_rate_lines(counts, ax=ax, x=x, hue=hue, value=value)
    hues = list(counts[hue].cat.categories) if hasattr(counts[hue], "cat") else list(dict.fromkeys(counts[hue]))
    if ax is None:
        _, ax = new_figure(figsize=(max(6, 1.2 * len(order) + 2), 4))
    width = 0.8 / max(len(hues), 1)
    pos = {k: n for n, k in enumerate(order)}
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860"]
    for h, name in enumerate(hues):
        sel = (counts[hue] == name).to_numpy()
        xs = np.asarray([pos[k] for k in keys[sel]]) - 0.4 + width * (h + 0.5)
        vals = counts.loc[sel, value].to_numpy(dtype=float)
        ax.bar(xs, vals, width=width, color=colors[h % len(colors)], label=str(name))
        for xx, v, nh in zip(xs, vals, counts.loc[sel, "n_hits"]):
            ax.text(xx, v, str(int(nh)), ha="center", va="bottom", fontsize=7)
    ax.set_xticks(range(len(order)), order, rotation=20, ha="right")
    ax.set_ylabel("hits per 1,000 tokens" if value == "per_1000" else value)
    ax.legend(frameon=False, title=hue)
    return ax


@_renamed(options={"unit": "by"})
@_plain
def plot_frame_profile(rates, *, voice: str = "author", ax=None, by: str = "group", value: str = "per_1000"):
    """Dot-and-whisker plot: each frame's rate per 1,000 tokens per ``by`` unit, with its interval.

    ``rates`` is :func:`analysis.framing.frame_rates` output (its ``by`` includes this
    ``by`` and ``voice``); ``value`` is the column drawn (``per_1000``). Thin cells (see
    its ``thin`` column) are drawn hollow. Frames run top to bottom in lexicon order;
    each unit is offset vertically and labelled in the legend. Returns the axes.

    More than :data:`MAX_OFFSETS` units: a heatmap instead — frames × units in table order,
    thin cells white, each cell's rate written while there are at most 30 units (the
    intervals are in the table).
    """
    import numpy as np

    value = _current_column(rates, value, "value")
    r = rates[rates["voice"].astype(str) == voice] if "voice" in rates.columns else rates
    cats = list(r["category"].cat.categories) if hasattr(r["category"], "cat") else list(dict.fromkeys(r["category"]))
    units = [u for u in (r[by].cat.categories if hasattr(r[by], "cat") else dict.fromkeys(r[by]))
             if (r[by] == u).any()]
    if len(units) > MAX_OFFSETS:
        return _many.long_heatmap(r, rows="category", row_order=cats, unit=by, units=units, value=value, ax=ax,
                                  label=f"hits per 1,000 tokens of the {voice} voice",
                                  note="white: thin evidence (fewer than 5 hits, or one paragraph supplies most); "
                                       "intervals in the table")
    if ax is None:
        _, ax = new_figure(figsize=(7, 0.45 * len(cats) + 1.5))
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"]
    step = 0.8 / max(len(units), 1)
    for k, u in enumerate(units):
        sub = r[r[by] == u].set_index("category").reindex(cats)
        y = np.arange(len(cats))[::-1] + 0.4 - step * (k + 0.5)
        val = sub[value].to_numpy(dtype=float)
        lo = sub["ci_low"].to_numpy(dtype=float)
        hi = sub["ci_high"].to_numpy(dtype=float)
        thin = sub["thin"].fillna("").astype(str).to_numpy() != ""
        col = colors[k % len(colors)]
        ax.hlines(y, lo, hi, color=col, lw=1.2)
        ax.scatter(val[~thin], y[~thin], color=col, s=22, zorder=3, label=f"{u}")
        ax.scatter(val[thin], y[thin], facecolors="white", edgecolors=col, s=22, zorder=3)
    ax.set_yticks(np.arange(len(cats))[::-1], cats)
    ax.set_xlabel(f"hits per 1,000 tokens of the {voice} voice\n(lines: 95 % block-bootstrap interval; hollow: thin evidence)")
    ax.legend(frameon=False, loc="lower right", fontsize=8)
    ax.set_xlim(left=0)
    return ax


@_plain
def plot_actor_frame_grid(table, *, voices=("author", "quoted"), actors=None, groups=None,
                          value: str = "per_mention", ax=None):
    """One heatmap per group (columns) and voice (rows) of :func:`analysis.framing.actor_frames`.

    The colour is ``value`` (``per_mention``: frame hits per actor mention). All panels
    share one colour scale (one colour bar, on the figure of the axes). Cells are
    annotated with ``n_pairs``; thin cells in grey; actor labels carry mention counts.
    ``ax``: ``len(voices) × len(groups)`` Axes of one figure (row-major), or None for a
    new figure. Returns the 2-D ``numpy.ndarray`` of Axes, voices × groups.

    More than :data:`MAX_GROUP_PANELS` groups and ``ax`` None: one panel per voice and actor
    instead (the 8 most mentioned actors), groups × frames in each, counts written while
    there are at most 30 groups; returns the Axes, voices × actors.
    """
    import numpy as np

    value = _current_column(table, value, "value")
    groups = list(groups) if groups is not None else [g for g in (table["group"].cat.categories if hasattr(table["group"], "cat")
                                                                  else dict.fromkeys(table["group"]))]
    frames = list(table["frame"].cat.categories) if hasattr(table["frame"], "cat") else list(dict.fromkeys(table["frame"]))
    acts = list(actors) if actors is not None else list(dict.fromkeys(table["actor"].astype(str)))
    if ax is None and len(groups) > MAX_GROUP_PANELS:
        acts = [a for a in acts if (table["actor"].astype(str) == a).any()] or acts
        return _many.actor_frame_panels(table, voices=list(voices), actors=acts, groups=groups, value=value)
    solid = table[table["thin"].astype(str) == ""] if "thin" in table.columns else table
    vmax = max(0.5, float(np.nanmax(solid[value].to_numpy(dtype=float))) if len(solid) else 0.5)
    fig, axes = _panel_axes(ax, (len(voices), len(groups)), figsize=(4.2 * len(groups) + 1, 3.2 * len(voices) + 0.8))
    im = None
    for r, voice in enumerate(voices):
        for c, group in enumerate(groups):
            ax = axes[r][c]
            t = table[(table["group"].astype(str) == str(group)) & (table["voice"].astype(str) == voice)]
            t = t.assign(actor=t["actor"].astype(str), frame=t["frame"].astype(str))
            rows = [a for a in acts if (t["actor"] == a).any()]
            ax.set_title(f"{group} · {voice}", fontsize=9)
            if not rows:
                ax.text(0.5, 0.5, "no actor mentions", ha="center", va="center", transform=ax.transAxes, fontsize=8)
                ax.set_xticks([])
                ax.set_yticks([])
                continue
            mat = t.pivot_table(index="actor", columns="frame", values=value, aggfunc="first").reindex(index=rows, columns=frames)
            cnt = t.pivot_table(index="actor", columns="frame", values="n_pairs", aggfunc="first").reindex(index=rows, columns=frames)
            thin = (t.assign(th=(t["thin"].astype(str) != "").astype(float))
                    .pivot_table(index="actor", columns="frame", values="th", aggfunc="first").reindex(index=rows, columns=frames))
            ment = t.groupby("actor")["n_actor_mentions"].first().reindex(rows)
            shown = np.where(thin.to_numpy(dtype=float) == 1, np.nan, mat.to_numpy(dtype=float))  # thin cells stay white
            im = ax.imshow(shown, cmap="Blues", vmin=0, vmax=vmax, aspect="auto")
            for (i, j), n in np.ndenumerate(cnt.to_numpy(dtype=float)):
                if not np.isnan(n) and n > 0:
                    ax.text(j, i, f"{int(n)}", ha="center", va="center", fontsize=6.5,
                            color="#999999" if thin.to_numpy()[i, j] == 1 else "black")
            ax.set_yticks(range(len(rows)), [f"{a} ({int(m)})" for a, m in zip(rows, ment)], fontsize=7.5)
            ax.set_xticks(range(len(frames)), frames if r == len(voices) - 1 else [""] * len(frames), rotation=50,
                          ha="right", fontsize=7)
    if im is not None:
        fig.colorbar(im, ax=axes, shrink=0.6, label="frame hits per actor mention")
    fig.suptitle("Actor-anchored frames: frame hits in the same sentence per actor mention "
                 "(numbers: pairs; grey on white: thin evidence, not coloured; (n): mentions)", fontsize=9)
    return axes


# --------------------------------------------------------------------------- keyness, sentiment, dispersion (05)

@_plain
def plot_keyness_panels(table, *, n: int = 10, negative: bool = False, measure: str | None = None,
                        ncols: int | None = None, ax=None):
    """One :func:`plot_keyness` panel per comparison (``target``, ``reference``) of a stacked
    table such as :func:`analysis.keyness.keyness_all`, in table order (row-major).

    ``ax`` None: a new figure of ``ncols`` columns (default up to 3); else a sequence or
    array of Axes of one figure, at least one per comparison (its shape sets the layout,
    ``ncols`` is ignored). Panels left over are switched off. Returns the 2-D
    ``numpy.ndarray`` of Axes.

    More than :data:`MAX_COMPARISONS` comparisons and ``ax`` None: a ranked table instead, one
    row per comparison (its target; the first 40, the rest said), one column per rank, each
    cell a key term of the target shaded by the measure (counts and flags in the table).
    """
    import numpy as np

    pairs = list(table[["target", "reference"]].drop_duplicates().itertuples(index=False))
    if ax is None and len(pairs) > MAX_COMPARISONS:
        measure = measure or str(table["measure"].iloc[0])
        top = (table[table[measure] > 0].sort_values(["target", measure, "term"], ascending=[True, False, True], kind="stable")
               .groupby("target", sort=False, observed=True).head(n))
        order = {str(t): k for k, (t, _) in enumerate(pairs)}
        top = top.assign(_o=top["target"].astype(str).map(order)).sort_values("_o", kind="stable")
        a = _many.top_terms_table(top.assign(target=top["target"].astype(str)), value=measure, unit="target")
        a.set_title(f"Key terms of each comparison: the {n} most over-represented in the target, by {measure}", fontsize=9)
        return np.array([[a]], dtype=object)
    if ax is None:
        ncols = ncols or min(len(pairs), 3)
        nrows = -(-len(pairs) // ncols)
    else:
        given = np.asarray(ax, dtype=object)
        nrows, ncols = given.shape if given.ndim == 2 else (1, given.size)
        if given.size < len(pairs):
            raise ValueError(f"{len(pairs)} comparisons need {len(pairs)} axes; ax holds {given.size}")
    rows_per = n * (2 if negative else 1)
    _, axes = _panel_axes(ax, (nrows, ncols), figsize=(3.6 * ncols + 0.6, (0.2 * rows_per + 1.3) * nrows))
    for k, (t, r) in enumerate(pairs):
        sub = table[(table["target"].astype(str) == str(t)) & (table["reference"].astype(str) == str(r))]
        plot_keyness(sub, n=n, negative=negative, measure=measure, ax=axes[k // ncols][k % ncols])
    for k in range(len(pairs), nrows * ncols):
        axes[k // ncols][k % ncols].set_axis_off()
    return axes


@_renamed(options={"unit": "by"})
@_plain
def plot_actor_sentiment(table, *, voice: str = "author", by: str = "group", actors=None, ax=None):
    """Dot-and-whisker plot of :func:`analysis.sentiment.actor_sentiment`: mean VADER compound
    per actor (rows, top to bottom in ``actors`` order) and ``by`` unit (colours), with intervals.

    ``actors`` given: exactly those rows (empty where the voice never names the actor);
    default: the actors present, in category order. Each dot is annotated with its
    ``n_sentences``; thin cells are hollow. Dotted lines mark VADER's neutral band
    (±0.05). Returns the axes.

    More than :data:`MAX_OFFSETS` units: a heatmap instead — actors × units in table order
    (red negative, blue positive), thin cells white, each mean written while there are at
    most 30 units (intervals and counts in the table).
    """
    import numpy as np

    t = table[table["voice"].astype(str) == voice] if "voice" in table.columns else table
    if actors is not None:  # as asked, empty rows included (so panels can share the y axis)
        acts = [str(a) for a in actors]
    else:
        acts = list(t["actor"].cat.categories) if hasattr(t["actor"], "cat") else list(dict.fromkeys(t["actor"]))
        acts = [a for a in acts if (t["actor"].astype(str) == a).any()]
    units = [u for u in (t[by].cat.categories if hasattr(t[by], "cat") else dict.fromkeys(t[by]))
             if (t[by] == u).any()]
    if len(units) > MAX_OFFSETS:
        m = max(0.3, float(np.nanmax(np.abs(t["mean_compound"].to_numpy(dtype=float)))) if len(t) else 0.3)
        return _many.long_heatmap(t, rows="actor", row_order=acts, unit=by, units=units, value="mean_compound", ax=ax,
                                  cmap="RdBu", vmin=-m, vmax=m, fmt="{:+.2f}",
                                  label=f"mean VADER compound, {voice}-voice sentences naming the actor",
                                  note="white: thin evidence (fewer than 5 sentences); intervals and counts in the table")
    if ax is None:
        _, ax = new_figure(figsize=(7, 0.55 * max(len(acts), 1) + 1.6))
    colors = ["#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3"]
    step = 0.8 / max(len(units), 1)
    for k, u in enumerate(units):
        sub = t[t[by] == u].assign(actor=lambda d: d["actor"].astype(str)).set_index("actor").reindex(acts)
        y = np.arange(len(acts))[::-1] + 0.4 - step * (k + 0.5)
        val = sub["mean_compound"].to_numpy(dtype=float)
        lo, hi = sub["ci_low"].to_numpy(dtype=float), sub["ci_high"].to_numpy(dtype=float)
        thin = sub["thin"].fillna("").astype(str).to_numpy() != ""
        ok = ~np.isnan(val)
        col = colors[k % len(colors)]
        ax.hlines(y[ok], lo[ok], hi[ok], color=col, lw=1.2)
        ax.scatter(val[ok & ~thin], y[ok & ~thin], color=col, s=22, zorder=3, label=str(u))
        ax.scatter(val[ok & thin], y[ok & thin], facecolors="white", edgecolors=col, s=22, zorder=3)
        for yy, h, nn in zip(y[ok], hi[ok], sub["n_sentences"].to_numpy()[ok]):
            ax.text(h + 0.02, yy, f"n={int(nn)}", va="center", fontsize=6.5, color=col)
    ax.axvline(0, color="#444444", lw=0.6)
    for x in (-0.05, 0.05):
        ax.axvline(x, color="#999999", lw=0.6, ls=":")
    ax.set_yticks(np.arange(len(acts))[::-1], acts)
    ax.set_xlim(-1, 1)
    ax.set_xlabel(f"mean VADER compound of the {voice}-voice sentences naming the actor\n"
                  "(lines: 95 % sentence-block bootstrap interval; hollow: fewer than 5 sentences)")
    ax.legend(frameon=False, fontsize=8, loc="lower left")
    return ax


@_renamed(options={"unit": "by"})
@_plain
def plot_actor_sentiment_voices(table, *, voices=("author", "quoted"), actors=None, by: str = "group", ax=None):
    """:func:`plot_actor_sentiment` for each voice, side by side (sharing the actors' axis);
    stacked, one heatmap per voice, when there are more than :data:`MAX_OFFSETS` units.

    ``ax``: one Axes per voice, of one figure, or None for a new figure. Returns the 2-D
    ``numpy.ndarray`` of Axes: one row of ``len(voices)``, or one column when stacked.
    """
    voices = list(voices)
    many = len(_sizing.units_of(table[by])) > MAX_OFFSETS
    if ax is None and many:
        n_act = len(actors) if actors is not None else table["actor"].nunique()
        shape, size, kw = (len(voices), 1), (min(16.0, 7.0 + 0.02 * table[by].nunique()), (0.38 * n_act + 2.6) * len(voices)), {}
    else:
        shape, size, kw = (1, len(voices)), (5.5 * len(voices), 5.2), {"sharey": True}
    _, axes = _panel_axes(ax, shape, figsize=size, **kw)
    for a, voice in zip(axes.flat, voices):
        plot_actor_sentiment(table, voice=voice, by=by, actors=actors, ax=a)
        if many:
            a.set_title(f"{voice} voice", fontsize=9)
    return axes


@_plain
def plot_dispersion(positions, *, ax=None, actors=None, docs=None, colors=None):
    """X-ray plot: one row per document × actor, a tick at each mention's relative position.

    Parameters
    ----------
    positions : DataFrame
        From :func:`analysis.dispersion.actor_positions` (``doc_id``, ``actor``,
        ``position``).
    actors, docs : sequences, optional
        Rows to draw and their order, top to bottom: documents in ``docs`` order
        (default: the ``doc_id`` categories, i.e. corpus order), and within each
        document the actors in ``actors`` order (default: the ``actor`` categories).
        Rows without mentions are drawn empty (absence is information).
    colors : dict, optional
        ``{actor: colour}``.

    Notes
    -----
    Each row is one ``Line2D`` of ``|`` markers whose ``gid`` is ``"<doc>|<actor>"`` and
    whose y equals the tick carrying the label ``"<doc> · <actor> (<n>)"``, so labels can
    be checked against the marks (NLTK's ``dispersion_plot`` once drew its labels in
    reverse order). Documents are shaded alternately. Returns the axes.

    More than :data:`analysis._plots.sizing.MAX_LABELLED` documents (and a ``group``
    column): one strip per group × actor instead — the share of its mentions in each
    twentieth of the documents — for the groups with most mentions (40 rows at most, the
    rest said).
    """
    import numpy as np

    docs = list(docs) if docs is not None else (
        list(positions["doc_id"].cat.categories) if hasattr(positions["doc_id"], "cat")
        else list(dict.fromkeys(positions["doc_id"].astype(str))))
    acts = list(actors) if actors is not None else (
        list(positions["actor"].cat.categories) if hasattr(positions["actor"], "cat")
        else list(dict.fromkeys(positions["actor"].astype(str))))
    palette = ["#c44e52", "#4c72b0", "#55a868", "#8172b3", "#dd8452", "#937860", "#da8bc3"]
    colors = dict(colors or {})
    for k, a in enumerate(acts):
        colors.setdefault(a, palette[k % len(palette)])
    if len(docs) > MAX_LABELLED and "group" in positions.columns:
        return _many.dispersion_strips(positions, acts=acts, colors=colors, ax=ax)
    n_rows = len(docs) * len(acts)
    if ax is None:
        _, ax = new_figure(figsize=(7.5, 0.26 * n_rows + 1.3))
    d_col = positions["doc_id"].astype(str).to_numpy()
    a_col = positions["actor"].astype(str).to_numpy()
    x_col = positions["position"].to_numpy(dtype=float)
    ticks, labels = [], []
    for r, (doc, act) in enumerate((d, a) for d in docs for a in acts):
        y = n_rows - 1 - r
        m = (d_col == str(doc)) & (a_col == str(act))
        x = x_col[m]
        ax.plot(x, np.full(x.size, float(y)), linestyle="none", marker="|", markersize=9, markeredgewidth=1.1,
                color=colors[act], gid=f"{doc}|{act}")
        ticks.append(y)
        labels.append(f"{doc} · {act} ({x.size})")
    for k, doc in enumerate(docs):
        if k % 2 == 0:
            top = n_rows - 1 - k * len(acts) + 0.5
            ax.axhspan(top - len(acts), top, color="#f0f0f0", zorder=0, lw=0)
    ax.set_yticks(ticks, labels, fontsize=7.5)
    for lab, (doc, act) in zip(ax.get_yticklabels(), ((d, a) for d in docs for a in acts)):
        lab.set_color(colors[act])
    ax.set_ylim(-0.5, n_rows - 0.5)
    ax.set_xlim(-0.01, 1.01)  # a mention at position 0 stays visible beside the axis
    ax.set_xlabel("position in the document (token index / tokens in the document)")
    ax.set_title("Actor mentions along each document (one tick per mention; (n): mentions)")
    return ax


@_plain
def plot_actor_frame_summary(table, *, actors, voice: str = "author", min_mentions: int = 5, ax=None):
    """One panel per actor: frame hits per mention of that actor, per group, with intervals.

    ``table`` is :func:`analysis.framing.actor_frames` output. Each panel is drawn by
    :func:`plot_frame_profile` of its ``per_mention`` (hollow = thin evidence). Groups with fewer than
    ``min_mentions`` mentions of the actor in that voice are not drawn (their intervals
    span everything); the panel names them. ``ax``: one Axes per actor, of one figure, or
    None for a new figure (panels side by side, sharing the y axis; wrapped four to a row
    beyond four actors). Returns the 2-D ``numpy.ndarray`` of Axes: one row of
    ``len(actors)``, or rows of four.
    """
    shape = (1, len(actors)) if ax is not None or len(actors) <= 4 else _sizing.grid(len(actors), ncols=4)
    fig, axes = _panel_axes(ax, shape, figsize=(4.3 * shape[1], 5.2 * shape[0]), sharey=True)
    for ax in list(axes.flat)[len(actors):]:
        ax.set_axis_off()
    for ax, actor in zip(axes.flat, actors):
        sub = table[(table["actor"].astype(str) == actor) & (table["voice"].astype(str) == voice)]
        few = sub[sub["n_actor_mentions"] < min_mentions]
        sub = sub[sub["n_actor_mentions"] >= min_mentions].rename(columns={"frame": "category"})
        plot_frame_profile(sub, voice=voice, ax=ax, value="per_mention")
        ax.set_title(f"{actor}", fontsize=10)
        if len(few):
            left_out = sorted({f"{g} ({int(n)})" for g, n in zip(few["group"].astype(str), few["n_actor_mentions"])})
            ax.text(0.99, 0.01, "not drawn, < %d mentions: %s" % (min_mentions, ", ".join(left_out)),
                    transform=ax.transAxes, ha="right", va="bottom", fontsize=7, color="#555555")
        ax.set_xlabel("frame hits per mention")
        if ax is not axes[0][0]:
            ax.get_legend().remove() if ax.get_legend() else None
    fig.suptitle(f"How each source frames {', '.join(actors)} ({voice} voice): frame hits in the same sentence per "
                 "mention, 95 % intervals; hollow = thin evidence", fontsize=9)
    return axes
