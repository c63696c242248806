"""The 05 plots: keyness bars show the counts behind them; sentiment rows in actor order;
the x-ray's rows and labels. Hand-made tables in tests/plotcheck.py, plus the seed corpus."""

import warnings

import numpy as np
import pytest

import plotcheck as pc
from analysis.framing import lexicon_hits
from analysis.keywords import keyness, keyness_all
from analysis.plots import new_figure, plot_actor_sentiment, plot_dispersion, plot_keyness, plot_keyness_panels
from analysis.sentiment import actor_sentiment
from plotcheck import BLUE, ORANGE, _close_figures, rgb, rgba  # noqa: F401 (fixture)

WHITE = rgba("white")


@pytest.fixture(scope="module")
def kt():
    import analysis

    corpus = analysis.load_corpus()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keyness(corpus, target="Meduza 2020", min_freq=3)


def _bars_top_to_bottom(ax):
    bars = [p for p in ax.patches if p.get_height() > 0]
    return sorted(bars, key=lambda p: -(p.get_y() + p.get_height() / 2))


def test_bars_are_the_top_terms_labelled_with_their_counts(kt):
    _, ax = new_figure()
    plot_keyness(kt, n=8, ax=ax)
    top = kt[kt.g2 > 0].head(8)
    labels = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
    assert labels == top.term.tolist()
    bars = _bars_top_to_bottom(ax)
    assert [round(b.get_width(), 9) for b in bars] == [round(v, 9) for v in top.g2]
    texts = sorted(ax.texts, key=lambda t: -t.get_position()[1])
    assert [t.get_text() for t in texts] == [f"{a} / {b}" for a, b in zip(top.n_target, top.n_reference)]
    # each count label sits on its bar's row
    for bar, txt in zip(bars, texts):
        assert txt.get_position()[1] == pytest.approx(bar.get_y() + bar.get_height() / 2)


def test_flagged_terms_are_hatched_and_pale(seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kt = keyness(seeds, target="op-ed", min_freq=3)
    _, ax = new_figure()
    plot_keyness(kt, n=15, negative=True, ax=ax)
    shown = list(kt[kt.g2 > 0].head(15).itertuples()) + list(kt[kt.g2 < 0].sort_values("g2").head(15).iloc[::-1].itertuples())
    bars = _bars_top_to_bottom(ax)
    assert len(bars) == len(shown)
    for bar, row in zip(bars, shown):
        # flag describes the target's hits: it speaks for positive terms; negative ones are thin by n_reference
        flagged = row.flag != "" if row.g2 > 0 else row.n_reference < 5
        assert bool(bar.get_hatch()) == flagged, row.term
        assert (bar.get_alpha() or 1.0) < 1.0 if flagged else (bar.get_alpha() in (None, 1.0))
        assert (bar.get_width() > 0) == (row.g2 > 0)
    assert any(r.flag for r in shown if r.g2 > 0) and any(not r.flag for r in shown if r.g2 > 0)
    assert all(not bar.get_hatch() for bar, r in zip(bars, shown) if r.g2 < 0 and r.n_reference >= 5)


def test_one_comparison_per_axes(seeds):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ka = keyness_all(seeds, min_freq=3)
    with pytest.raises(ValueError, match="one comparison"):
        plot_keyness(ka)
    axes = plot_keyness_panels(ka, n=5)
    titles = [a.get_title() for a in axes.flat if a.get_title()]
    assert titles == [f"{t} vs rest" for t in seeds.tokens.group.cat.categories]


def test_sentiment_rows_follow_the_actor_order(seeds):
    t = actor_sentiment(seeds, lexicon_hits(seeds, "actors"), n_boot=50)
    _, ax = new_figure()
    plot_actor_sentiment(t, actors=["Serbia", "Russia", "NATO"], ax=ax)
    labels = [x.get_text() for x in sorted(ax.get_yticklabels(), key=lambda x: -x.get_position()[1])]
    assert labels == ["Serbia", "Russia", "NATO"]


# --------------------------------------------------------------------------- hand-made tables


def test_keyness_bars_by_hand():
    _, ax = new_figure()
    plot_keyness(pc.keyness_table(), n=3, negative=True, ax=ax)
    # top 3 positive by g2, ties by term (beta before gamma); then the 3 most negative, the most negative last
    rows = ["alpha", "beta", "gamma", "eps", "delta", "zeta"]
    assert pc.yticks_top_to_bottom(ax) == rows
    bars = pc.bars_top_to_bottom(ax)
    assert [pc.label_at(ax, b.get_y() + b.get_height() / 2) for b in bars] == rows
    assert [b.get_width() for b in bars] == [12, 8, 8, -3, -5, -9]
    assert [rgb(b.get_facecolor()) for b in bars] == [rgb(BLUE)] * 3 + [rgb(ORANGE)] * 3
    # flagged: beta (its flag), eps (n_reference 3 < 5); hatched and pale, the others solid
    assert [bool(b.get_hatch()) for b in bars] == [False, True, False, True, False, False]
    assert [b.get_alpha() for b in bars] == [1.0, 0.4, 1.0, 0.4, 1.0, 1.0]
    texts = sorted(ax.texts, key=lambda t: -t.get_position()[1])
    assert [(t.get_text(), t.get_ha()) for t in texts] == [("10 / 1", "left"), ("6 / 0", "left"), ("7 / 2", "left"),
                                                           ("1 / 3", "right"), ("0 / 9", "right"), ("0 / 12", "right")]
    assert ax.get_title() == "T vs R"
    assert ax.get_xlabel().startswith("g2 (+: relatively more frequent in the target)\nbar labels: n_target / n_reference")
    assert "hatched, pale: flagged" in ax.get_xlabel() and "n_reference < 5" in ax.get_xlabel()
    assert ax.get_xlim() == pytest.approx((-15.6, 15.6))  # 1.3 × the largest |g2|


def test_keyness_positive_only_and_title():
    _, ax = new_figure()
    plot_keyness(pc.keyness_table(), n=2, ax=ax, title="mine")
    assert pc.yticks_top_to_bottom(ax) == ["alpha", "beta"]
    assert [b.get_width() for b in pc.bars_top_to_bottom(ax)] == [12, 8]
    assert ax.get_title() == "mine"
    assert "n_reference <" not in ax.get_xlabel()
    assert ax.get_xlim() == pytest.approx((0, 15.6))


def test_keyness_draws_one_comparison():
    with pytest.raises(ValueError, match="the table has 3: B vs rest, A vs rest, C vs rest"):
        plot_keyness(pc.keyness_stack())


def test_keyness_panels_by_hand():
    axes = plot_keyness_panels(pc.keyness_stack(), n=2)
    assert axes.shape == (1, 3)  # up to three columns
    assert [a.get_title() for a in axes.flat] == ["B vs rest", "A vs rest", "C vs rest"]  # table order
    assert [pc.yticks_top_to_bottom(a) for a in axes.flat] == [["b1", "b2"], ["a1", "a2"], ["c1", "c2"]]


def test_keyness_panels_fill_the_axes_given_row_by_row():
    _, given = new_figure(nrows=2, ncols=2)
    axes = plot_keyness_panels(pc.keyness_stack(), n=2, ncols=3, ax=given)  # the axes' shape wins over ncols
    assert axes.shape == (2, 2) and all(a is b for a, b in zip(axes.flat, given.flat))
    assert [a.get_title() for a in axes.flat] == ["B vs rest", "A vs rest", "C vs rest", ""]
    assert [a.axison for a in axes.flat] == [True, True, True, False]  # the spare panel is switched off
    assert len(axes[1, 1].patches) == 0


def test_sentiment_by_hand():
    _, ax = new_figure()
    plot_actor_sentiment(pc.sentiment(), actors=["Serbia", "Russia", "NATO"], ax=ax)
    assert pc.yticks_top_to_bottom(ax) == ["Serbia", "Russia", "NATO"]  # as asked; NATO's row stays empty
    pts = pc.points(ax)
    # G1 0.2 above each row, G2 0.2 below; the quoted row (0.9) is not drawn; Russia in G1 is thin: hollow
    assert [(p["x"], round(p["y"], 6), pc.label_at(ax, p["y"]), p["face"]) for p in pts] == [
        (-0.4, 2.2, "Serbia", rgba(BLUE)), (0.3, 1.2, "Russia", WHITE), (-0.2, 0.8, "Russia", rgba(ORANGE))]
    assert pts[1]["edge"] == rgba(BLUE)
    assert [(round(y, 6), lo, hi) for y, lo, hi in pc.whiskers(ax)] == [(2.2, -0.6, -0.2), (1.2, 0.0, 0.6),
                                                                       (0.8, -0.3, -0.1)]
    # each dot's n, right of its interval, in its group's colour
    texts = sorted(ax.texts, key=lambda t: -t.get_position()[1])
    assert [(t.get_text(), round(t.get_position()[0], 6), rgb(t.get_color())) for t in texts] == [
        ("n=12", -0.18, rgb(BLUE)), ("n=3", 0.62, rgb(BLUE)), ("n=8", -0.08, rgb(ORANGE))]
    assert pc.legend_colors(ax) == {"G1": rgb(BLUE), "G2": rgb(ORANGE)}
    assert sorted(line.get_xdata()[0] for line in ax.lines) == [-0.05, 0, 0.05]  # neutral band and zero
    assert ax.get_xlim() == (-1, 1)
    assert ax.get_xlabel().startswith("mean VADER compound of the author-voice sentences naming the actor")


def test_sentiment_default_rows_are_the_actors_present_in_category_order():
    _, ax = new_figure()
    plot_actor_sentiment(pc.sentiment(), ax=ax)
    assert pc.yticks_top_to_bottom(ax) == ["Russia", "Serbia"]


def _xray_rows(ax):
    return [(line.get_gid(), float(np.unique(line.get_ydata())[0]) if len(line.get_ydata()) else None,
             list(line.get_xdata()), rgb(line.get_color())) for line in ax.lines]


def test_dispersion_by_hand():
    _, ax = new_figure()
    plot_dispersion(pc.positions(), ax=ax)
    red = "#c44e52"  # the palette's first two: Russia, then NATO
    assert pc.yticks_top_to_bottom(ax) == ["d1 · Russia (2)", "d1 · NATO (1)", "d2 · Russia (0)", "d2 · NATO (1)"]
    assert _xray_rows(ax) == [("d1|Russia", 3.0, [0.1, 0.7], rgb(red)), ("d1|NATO", 2.0, [0.4], rgb(BLUE)),
                              ("d2|Russia", None, [], rgb(red)), ("d2|NATO", 0.0, [0.0], rgb(BLUE))]
    assert {(line.get_marker(), line.get_linestyle()) for line in ax.lines} == {("|", "None")}
    assert [pc.label_at(ax, y) for y in (3, 2, 1, 0)] == pc.yticks_top_to_bottom(ax)  # each row under its label
    assert [rgb(t.get_color()) for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])] == [
        rgb(red), rgb(BLUE), rgb(red), rgb(BLUE)]
    (band,) = ax.patches  # the first document's rows are shaded
    assert (band.get_y(), band.get_y() + band.get_height()) == (1.5, 3.5)
    assert ax.get_xlim() == (-0.01, 1.01)
    assert ax.get_xlabel() == "position in the document (token index / tokens in the document)"
    assert ax.get_title().startswith("Actor mentions along each document")


def test_dispersion_order_and_colours_asked():
    _, ax = new_figure()
    plot_dispersion(pc.positions(), docs=["d2", "d1"], actors=["NATO", "Russia"], colors={"NATO": "black"}, ax=ax)
    assert pc.yticks_top_to_bottom(ax) == ["d2 · NATO (1)", "d2 · Russia (0)", "d1 · NATO (1)", "d1 · Russia (2)"]
    assert [(gid, x) for gid, _, x, _ in _xray_rows(ax)] == [("d2|NATO", [0.0]), ("d2|Russia", []),
                                                            ("d1|NATO", [0.4]), ("d1|Russia", [0.1, 0.7])]
    # NATO in the colour asked; Russia, now the second actor, takes the palette's second colour
    assert [c for *_, c in _xray_rows(ax)] == [rgb("black"), rgb(BLUE), rgb("black"), rgb(BLUE)]
