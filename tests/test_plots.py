"""The plot helpers: what each one draws, on small tables checked by hand (tests/plotcheck.py),
the ``ax`` contract of every ``plot_*`` function, and save_figure's bytes."""

import hashlib
import inspect

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes

import analysis.plots as plots
import plotcheck as pc
from analysis.plots import (new_figure, plot_actor_frame_grid, plot_actor_frame_summary, plot_corpus_overview,
                            plot_frame_profile, plot_hit_rates, plot_similarity_heatmap, plot_top_terms, save_figure)
from plotcheck import BLUE, ORANGE, _close_figures, no_output, rgb, rgba  # noqa: F401 (fixtures)

WHITE = rgba("white")


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --------------------------------------------------------------------------- the contract of every plot_* function

#: name → (hand-made data, options, shape of the axes array for multi-panel functions)
CASES = {
    "plot_corpus_overview": (pc.documents, {}, None),
    "plot_similarity_heatmap": (pc.similarity, {}, None),
    "plot_top_terms": (pc.top_terms, {}, None),
    "plot_hit_rates": (pc.hit_counts, {}, None),
    "plot_frame_profile": (pc.frame_rates, {}, None),
    "plot_actor_frame_grid": (pc.actor_frames, {}, (2, 2)),
    "plot_keyness": (pc.keyness_table, {"n": 3, "negative": True}, None),
    "plot_keyness_panels": (pc.keyness_stack, {"n": 2}, (1, 3)),
    "plot_voice_keyness": (pc.voice_keyness, {"n": 2}, (1, 3)),
    "plot_actor_sentiment": (pc.sentiment, {"actors": ["Serbia", "Russia", "NATO"]}, None),
    "plot_actor_sentiment_voices": (pc.sentiment, {"actors": ["Serbia", "Russia", "NATO"]}, (1, 2)),
    "plot_dispersion": (pc.positions, {}, None),
    "plot_actor_frame_summary": (pc.summary_frames, {"actors": ["Russia", "NATO"]}, (1, 2)),
    "plot_role_timeline": (pc.role_shares, {"actor": "Russia", "frames": ["war", "talk"]}, None),
    "plot_role_timelines": (pc.role_shares, {"actors": ["Russia"]}, (1, 1)),
}


def test_all_lists_every_public_function_and_every_plot_function_has_a_case():
    public = {n for n, f in vars(plots).items() if inspect.isfunction(f) and not n.startswith("_")}
    assert set(plots.__all__) == public
    assert len(plots.__all__) == len(set(plots.__all__)) == 19
    assert {n for n in public if n.startswith("plot_")} == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_data_first_options_keyword_only_ax_none(name):
    params = list(inspect.signature(getattr(plots, name)).parameters.values())
    assert params[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params[1:])
    assert [p.default for p in params if p.name == "ax"] == [None]


@pytest.mark.parametrize("name", sorted(CASES))
def test_draws_on_the_ax_given_returns_it_and_neither_saves_nor_shows(name, no_output):
    make, options, shape = CASES[name]
    data = make()
    if shape is None:
        fig, ax = new_figure()
        figures = plt.get_fignums()
        out = getattr(plots, name)(data, **options, ax=ax)
        assert out is ax
        assert ax.patches or ax.collections or ax.images or ax.lines
    else:
        fig, ax = new_figure(nrows=shape[0], ncols=shape[1], squeeze=False)
        figures = plt.get_fignums()
        out = getattr(plots, name)(data, **options, ax=list(ax.flat))  # any sequence of axes will do
        assert isinstance(out, np.ndarray) and out.shape == shape
        assert all(o is a for o, a in zip(out.flat, ax.flat))
        assert all(a.patches or a.collections or a.images or a.texts for a in out.flat)
    assert plt.get_fignums() == figures  # no other figure was opened
    pd.testing.assert_frame_equal(data, make())  # the input is not changed


@pytest.mark.parametrize("name", sorted(CASES))
def test_without_ax_draws_on_one_new_figure(name, no_output):
    make, options, shape = CASES[name]
    before = set(plt.get_fignums())
    out = getattr(plots, name)(make(), **options)
    new = set(plt.get_fignums()) - before
    assert len(new) == 1
    axes = [out] if shape is None else list(out.flat)
    assert all(isinstance(a, Axes) and a.figure.number in new for a in axes)
    assert shape is None or out.shape == shape


def test_multi_panel_functions_want_as_many_axes_as_panels():
    _, two = new_figure(ncols=2)
    with pytest.raises(ValueError, match="2 × 2 panels; ax holds 2 axes"):
        plot_actor_frame_grid(pc.actor_frames(), ax=two)
    with pytest.raises(ValueError, match="3 comparisons need 3 axes; ax holds 2"):
        plots.plot_keyness_panels(pc.keyness_stack(), ax=two)
    (_, a), (_, b) = new_figure(), new_figure()
    with pytest.raises(ValueError, match="2 figures"):
        plot_actor_frame_summary(pc.summary_frames(), actors=["Russia", "NATO"], ax=[a, b])


# --------------------------------------------------------------------------- save_figure


def test_save_figure_is_byte_identical_across_runs(tmp_path, seeds):
    outs = []
    for run in ("a", "b"):
        fig, ax = new_figure()
        plot_corpus_overview(seeds.documents, ax=ax)
        outs.append(save_figure(fig, "01-test-figure", folder=tmp_path / run, metadata={"corpus": "abc"}))
    assert [p.name for p in outs[0]] == ["01-test-figure.png", "01-test-figure.svg"]
    assert [digest(p) for p in outs[0]] == [digest(p) for p in outs[1]]
    svg = outs[0][1].read_text()
    assert "<dc:date>" not in svg and "corpus=abc" in svg
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["01-test-figure.png", "01-test-figure.svg"]


def test_save_figure_takes_the_figure_an_axes_or_an_array_of_axes(tmp_path):
    fig, axes = new_figure(ncols=2)
    axes[0].plot([0, 1], [1, 0])
    written = {how: save_figure(obj, "01-test-figure", folder=tmp_path / how)
               for how, obj in [("figure", fig), ("axes", axes[1]), ("array", axes), ("list", list(axes))]}
    assert len({tuple(digest(p) for p in paths) for paths in written.values()}) == 1  # the same figure each time
    with pytest.raises(TypeError, match="a Figure, an Axes or an array of Axes, not str"):
        save_figure("figure", "01-test-figure", folder=tmp_path)
    _, other = new_figure()
    with pytest.raises(ValueError, match="2 figures"):
        save_figure([axes[0], other], "01-test-figure", folder=tmp_path)


def test_save_figure_rejects_bad_names(tmp_path):
    fig, _ = new_figure()
    with pytest.raises(ValueError, match="must look like 'NN-kebab-name'"):
        save_figure(fig, "My Figure", folder=tmp_path)


# --------------------------------------------------------------------------- 01: corpus overview


def test_plot_overview_labels_in_manifest_order(seeds):
    _, ax = new_figure()
    plot_corpus_overview(seeds.documents, ax=ax)
    by_height = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    # the first document of the manifest is drawn at the top, the last at the bottom
    assert [t.get_text() for t in by_height] == [f"{d} ({g})" for d, g in zip(seeds.documents.doc_id, seeds.documents.group)]


def test_corpus_overview_bars_by_hand():
    _, ax = new_figure()
    plot_corpus_overview(pc.documents(), ax=ax)
    assert len(ax.patches) == 6  # an author and a quoted bar per document (b's quoted bar has width 0)
    author, quoted = pc.bars_top_to_bottom(ax)[0::2], pc.bars_top_to_bottom(ax)[1::2]
    # rows top to bottom in the table's order: a, b, c (reversed rows would put c on top)
    assert pc.yticks_top_to_bottom(ax) == ["a (G1)", "b (G1)", "c (G2)"]
    assert [pc.label_at(ax, b.get_y() + b.get_height() / 2) for b in author] == ["a (G1)", "b (G1)", "c (G2)"]
    assert [(b.get_x(), b.get_width()) for b in author] == [(0, 70), (0, 40), (0, 5)]
    assert [(b.get_x(), b.get_width()) for b in quoted] == [(70, 30), (40, 0), (5, 5)]  # stacked after the author part
    assert {rgb(b.get_facecolor()) for b in author} == {rgb(BLUE)}
    assert {rgb(b.get_facecolor()) for b in quoted} == {rgb(ORANGE)}
    assert pc.legend_colors(ax) == {"author voice": rgb(BLUE), "quoted voice": rgb(ORANGE)}
    texts = sorted(ax.texts, key=lambda t: -t.get_position()[1])
    assert [(t.get_text(), t.get_position()[0]) for t in texts] == [("  70 + 30", 100), ("  40 + 0", 40), ("  5 + 5", 10)]
    assert ax.get_xlabel() == "tokens (word tokens after cleaning)"
    assert ax.get_title() == "Size and voice share per document"
    assert ax.get_xlim() == (0, 130)


# --------------------------------------------------------------------------- 02: similarity, top terms


def test_similarity_heatmap_by_hand():
    _, ax = new_figure()
    plot_similarity_heatmap(pc.similarity(), ax=ax)
    (img,) = ax.images
    # rows are unit_a, columns unit_b, both in category order y, x (a transposed map has 0.9 top right)
    assert np.asarray(img.get_array()).tolist() == [[1.0, 0.2], [0.9, 0.5]]
    assert img.get_clim() == (0, 1)
    assert pc.yticks_top_to_bottom(ax) == ["y", "x"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["y", "x"]
    cells = {t.get_position(): (t.get_text(), rgb(t.get_color())) for t in ax.texts}
    assert cells == {(0, 0): ("1.00", rgb("white")), (1, 0): ("0.20", rgb("black")),
                     (0, 1): ("0.90", rgb("white")), (1, 1): ("0.50", rgb("black"))}  # white above 0.6
    (bar,) = [a for a in ax.figure.axes if a is not ax]
    assert bar.get_ylabel() == "cosine"
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("", "")


def test_top_terms_by_hand():
    _, ax = new_figure()
    plot_top_terms(pc.top_terms(), ax=ax)
    bars = pc.bars_top_to_bottom(ax)
    assert len(bars) == 3  # unit C has no rows, so no block
    assert [b.get_y() + b.get_height() / 2 for b in bars] == pytest.approx([-1, -2, -4.6])
    assert [pc.label_at(ax, b.get_y() + b.get_height() / 2) for b in bars] == ["t1", "t2", "t3"]
    assert pc.yticks_top_to_bottom(ax) == ["t1", "t2", "t3"]
    assert [b.get_width() for b in bars] == [0.5, 0.3, 0.4]
    assert [rgb(b.get_facecolor()) for b in bars] == [rgb(BLUE), rgb(BLUE), rgb(ORANGE)]  # one colour per unit
    # each block is headed by its unit, in category order: B above t1, A between t2 and t3
    heads = sorted(ax.texts, key=lambda t: -t.get_position()[1])
    assert [(t.get_text(), t.get_position()[1], t.get_fontweight()) for t in heads] == [("B", 0, "bold"),
                                                                                         ("A", pytest.approx(-3.6), "bold")]
    assert ax.get_xlabel() == "tfidf"


# --------------------------------------------------------------------------- 03: hit rates


def test_hit_rates_by_hand():
    _, ax = new_figure()
    plot_hit_rates(pc.hit_counts(), ax=ax)
    bars = sorted(ax.patches, key=lambda p: p.get_x())
    # x units in order of appearance at 0, 1, 2; Russia (first category) left of NATO, bars 0.4 wide
    got = [(round(b.get_x() + b.get_width() / 2, 6), b.get_height(), rgb(b.get_facecolor())) for b in bars]
    assert got == [(-0.2, 5.0, rgb(BLUE)), (0.2, 2.0, rgb(ORANGE)), (0.8, 1.0, rgb(BLUE)),
                   (1.8, 3.0, rgb(BLUE)), (2.2, 4.0, rgb(ORANGE))]  # G1 · quoted has no NATO bar
    assert [t.get_text() for t in ax.get_xticklabels()] == ["G1 · author", "G1 · quoted", "G2 · author"]
    labels = sorted(ax.texts, key=lambda t: t.get_position()[0])
    assert [(t.get_text(), t.get_position()[1]) for t in labels] == [("10", 5), ("4", 2), ("1", 1), ("6", 3), ("8", 4)]
    assert pc.legend_colors(ax) == {"Russia": rgb(BLUE), "NATO": rgb(ORANGE)}
    assert ax.get_legend().get_title().get_text() == "category"
    assert ax.get_ylabel() == "hits per 1,000 tokens"


# --------------------------------------------------------------------------- 04: frame profile, actor × frame grid


def test_frame_profile_by_hand():
    _, ax = new_figure()
    plot_frame_profile(pc.frame_rates(), voice="author", ax=ax)
    assert pc.yticks_top_to_bottom(ax) == ["war", "law", "aid"]  # lexicon order, top to bottom
    pts = pc.points(ax)
    # G1 sits 0.2 above each frame's row, G2 0.2 below; the quoted row (9.0) is not drawn
    assert [(p["x"], round(p["y"], 6)) for p in pts] == [(3.0, 2.2), (0.5, 1.8), (1.0, 1.2), (4.0, 0.8), (2.0, 0.2),
                                                        (6.0, -0.2)]
    assert [pc.label_at(ax, p["y"]) for p in pts] == ["war", "war", "law", "law", "aid", "aid"]
    # filled in the group's colour; thin evidence (G1 · law, G2 · aid) hollow: white face, coloured edge
    assert [p["face"] for p in pts] == [rgba(BLUE), rgba(ORANGE), WHITE, rgba(ORANGE), rgba(BLUE), WHITE]
    assert [pts[2]["edge"], pts[5]["edge"]] == [rgba(BLUE), rgba(ORANGE)]
    assert [(round(y, 6), lo, hi) for y, lo, hi in pc.whiskers(ax)] == [
        (2.2, 2.0, 4.0), (1.8, 0.0, 1.0), (1.2, 0.0, 2.5), (0.8, 3.0, 5.0), (0.2, 1.5, 2.5), (-0.2, 1.0, 9.0)]
    assert pc.legend_colors(ax) == {"G1": rgb(BLUE), "G2": rgb(ORANGE)}
    assert ax.get_xlabel().startswith("hits per 1,000 tokens of the author voice\n")
    assert "hollow: thin evidence" in ax.get_xlabel()
    assert ax.get_xlim()[0] == 0


def test_frame_profile_draws_only_the_voice_asked():
    _, ax = new_figure()
    plot_frame_profile(pc.frame_rates(), voice="quoted", ax=ax)
    pts = pc.points(ax)
    assert [(p["x"], pc.label_at(ax, p["y"]), p["face"]) for p in pts] == [(9.0, "war", rgba(BLUE))]
    assert ax.get_xlabel().startswith("hits per 1,000 tokens of the quoted voice")


def _grid_cells(ax):
    """{(column, row): (text, RGB)} of the numbers written on a heatmap."""
    return {t.get_position(): (t.get_text(), rgb(t.get_color())) for t in ax.texts}


def test_actor_frame_grid_by_hand():
    _, axes = new_figure(nrows=2, ncols=2, squeeze=False)
    plot_actor_frame_grid(pc.actor_frames(), actors=["NATO", "Russia"], ax=axes)
    assert [a.get_title() for a in axes.flat] == ["G1 · author", "G2 · author", "G1 · quoted", "G2 · quoted"]
    grey, black = rgb("#999999"), rgb("black")
    g1a, g2a, g1q, g2q = axes.flat
    # rows in the order asked (NATO before Russia), top to bottom; thin cells are not coloured (NaN)
    assert pc.yticks_top_to_bottom(g1a) == ["NATO (8)", "Russia (10)"]
    np.testing.assert_allclose(g1a.images[0].get_array().filled(np.nan), [[0.125, 0.0], [0.5, np.nan]])
    assert _grid_cells(g1a) == {(0, 0): ("1", black), (0, 1): ("5", black), (1, 1): ("2", grey)}  # no "0"
    assert pc.yticks_top_to_bottom(g2a) == ["Russia (3)"]  # only the actors this panel has
    np.testing.assert_allclose(g2a.images[0].get_array().filled(np.nan), [[1 / 3, 0.0]])
    assert [t.get_text() for t in g1q.texts] == ["no actor mentions"] and not g1q.images
    np.testing.assert_allclose(g2q.images[0].get_array().filled(np.nan), [[0.5, np.nan]])
    assert _grid_cells(g2q) == {(0, 0): ("3", black), (1, 0): ("1", grey)}
    # one colour scale: 0 to the largest rate that is not thin (0.5), one colour bar
    assert {a.images[0].get_clim() for a in (g1a, g2a, g2q)} == {(0, 0.5)}
    (bar,) = [a for a in g1a.figure.axes if not any(a is b for b in axes.flat)]
    assert bar.get_ylabel() == "frame hits per actor mention"
    # frame names under the bottom row only
    assert [t.get_text() for t in g1a.get_xticklabels()] == ["", ""]
    assert [t.get_text() for t in g2q.get_xticklabels()] == ["war", "law"]
    assert g1a.figure.get_suptitle().startswith("Actor-anchored frames")


def test_actor_frame_grid_default_rows_in_table_order():
    axes = plot_actor_frame_grid(pc.actor_frames())
    assert pc.yticks_top_to_bottom(axes[0, 0]) == ["Russia (10)", "NATO (8)"]


# --------------------------------------------------------------------------- 06: the synthesis figure


def test_actor_frame_summary_by_hand():
    axes = plot_actor_frame_summary(pc.summary_frames(), actors=["Russia", "NATO"])
    russia, nato = axes[0]
    assert [russia.get_title(), nato.get_title()] == ["Russia", "NATO"]
    assert russia.get_shared_y_axes().joined(russia, nato)  # so the frame names are written once, on the left
    assert pc.yticks_top_to_bottom(russia) == ["war", "law"]
    assert list(nato.get_yticks()) == list(russia.get_yticks())
    # Russia: G2 has 3 mentions (< 5), so only G1 is drawn, and the panel says so; the quoted row is not drawn
    pts = pc.points(russia)
    assert [(p["x"], pc.label_at(russia, p["y"]), p["face"]) for p in pts] == [(0.5, "war", rgba(BLUE)),
                                                                              (0.2, "law", WHITE)]
    assert pts[1]["edge"] == rgba(BLUE)
    assert [t.get_text() for t in russia.texts] == ["not drawn, < 5 mentions: G2 (3)"]
    # NATO: both groups, G1 above G2 in each row; G2 · war is thin
    pts = pc.points(nato)
    assert [(p["x"], pc.label_at(russia, p["y"]), p["face"]) for p in pts] == [
        (0.25, "war", rgba(BLUE)), (0.5, "war", WHITE), (0.125, "law", rgba(BLUE)), (0.0, "law", rgba(ORANGE))]
    assert pts[1]["edge"] == rgba(ORANGE)
    assert len(nato.texts) == 0
    assert [russia.get_xlabel(), nato.get_xlabel()] == ["frame hits per mention"] * 2
    assert pc.legend_colors(russia) == {"G1": rgb(BLUE)} and nato.get_legend() is None
    assert "(author voice)" in russia.figure.get_suptitle()


def test_old_names_keep_working_for_one_release():
    """unit= (the grouping column) → by=; a value naming an old column (value="rate") → the new one."""
    from analysis._core.vocabulary import Table

    _, ax = new_figure()
    plot_frame_profile(pc.frame_rates(), voice="author", ax=ax)
    new = pc.points(ax)
    _, ax = new_figure()
    with pytest.warns(DeprecationWarning) as rec:
        plot_frame_profile(Table(pc.frame_rates()), voice="author", unit="group", value="rate", ax=ax)
    assert {str(w.message).split(";")[0] for w in rec} == {
        "plot_frame_profile(unit=…) is now plot_frame_profile(by=…)",
        "value='rate' names the column now called 'per_1000': use value='per_1000'"}
    assert all(w.filename == __file__ for w in rec)
    assert pc.points(ax) == new
    _, ax = new_figure()
    with pytest.warns(DeprecationWarning) as rec:
        plot_top_terms(pc.top_terms(), unit="unit", ax=ax)
    assert [str(w.message).split(";")[0] for w in rec] == [
        "plot_top_terms(unit=…) is now plot_top_terms(by=…)",
        "by='unit' names the column now called 'group': use by='group'"]
