"""Every figure reads at any size: each plot function drawn for corpora of 5, 50 and 5,000
documents (generated tables, tests/figsizes.py) stays within the pixel cap, sets no text under
6 points and draws no tick label over another (as matplotlib measures them once laid out)."""

import pytest

import analysis.plots as plots
import figsizes as fs
from analysis._plots.sizing import MAX_PX, cap, declutter, shown_units
from plotcheck import _close_figures  # noqa: F401 (fixture)

#: plot function → (input for n documents, options)
CASES = {
    "plot_corpus_overview": (fs.docs, {}),
    "plot_similarity_heatmap": (fs.similarity, {}),
    "plot_top_terms": (fs.top_terms, {}),
    "plot_hit_rates": (fs.hit_counts, {}),
    "plot_frame_profile": (fs.frame_rates, {}),
    "plot_actor_frame_grid": (fs.actor_frames, {}),
    "plot_keyness": (fs.keyness, {"n": 12, "negative": True}),
    "plot_keyness_panels": (fs.keyness_stack, {"n": 12}),
    "plot_voice_keyness": (fs.voice_keyness, {"n": 12}),
    "plot_actor_sentiment": (fs.sentiment, {}),
    "plot_actor_sentiment_voices": (fs.sentiment, {}),
    "plot_dispersion": (fs.positions, {}),
    "plot_actor_frame_summary": (fs.summary_frames, {"actors": fs.ACTORS}),
    "plot_role_timeline": (fs.role_shares, {"actor": "Russia", "frames": fs.FRAMES[:4]}),
    "plot_role_timelines": (fs.role_shares, {"actors": fs.ACTORS[:3]}),
}


def _figure(out):
    import numpy as np

    return (out if not isinstance(out, np.ndarray) else out.flat[0]).get_figure(root=True)


def test_every_plot_function_has_a_case():
    assert {n for n in plots.__all__ if n.startswith("plot_")} == set(CASES)


@pytest.mark.parametrize("n", [5, 50, pytest.param(5000, marks=pytest.mark.slow)])
@pytest.mark.parametrize("name", sorted(CASES))
def test_figure_reads_at_any_size(name, n):
    make, options = CASES[name]
    if name.startswith("plot_role_timeline"):
        options = {**options, "by": "doc_id" if n <= 30 else "group"}
    fig = _figure(getattr(plots, name)(make(n), **options))
    w, h = fs.pixels(fig)
    assert max(w, h) <= MAX_PX, f"{w} × {h} px"
    assert fs.small_texts(fig) == []
    assert fs.overlapping_ticks(fig) == []


def test_cap_keeps_each_side_within_the_limit():
    assert cap((100, 3)) == (MAX_PX / 150, 3.0)
    assert cap((0.2, 5)) == (1.0, 5.0)


def test_shown_units_keeps_the_largest_in_their_order_and_counts_the_rest():
    assert shown_units(list("abcde"), n=3) == (list("abc"), 2)
    assert shown_units(list("abcde"), n=2, weight={"e": 9, "b": 5, "a": 1}) == (["b", "e"], 3)
    assert shown_units(list("ab"), n=5) == (list("ab"), 0)


def test_declutter_hides_labels_that_would_overlap_and_keeps_every_other_one():
    fig, ax = plots.new_figure(figsize=(3, 3))
    ax.set_yticks(range(200), [f"label {k}" for k in range(200)], fontsize=8)
    hidden = declutter(ax, "y")
    assert 0 < hidden < 200
    assert fs.overlapping_ticks(fig) == []
    assert ax.get_yticklabels()[0].get_visible()


def test_save_figure_never_writes_more_than_the_cap(tmp_path):
    from PIL import Image

    fig = plots.new_figure()[0]
    fig.set_size_inches(60, 10)  # made elsewhere, larger than any plot function draws
    plots.save_figure(fig, "99-too-wide", folder=tmp_path)
    assert max(Image.open(tmp_path / "99-too-wide.png").size) <= MAX_PX
