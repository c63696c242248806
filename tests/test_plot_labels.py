"""Labels drawn from data are plain text (issue 18, hole 9): a doc_id or group holding ``$…$`` is
neither parsed as mathtext (``x$\\frac{$`` crashed the overview figure) nor drawn as math."""

from __future__ import annotations

import matplotlib
import pandas as pd
import pytest
from matplotlib.text import Text

from analysis.plots import plot_corpus_overview, plot_frame_profile, save_figure

matplotlib.use("Agg")

HOSTILE = ["x$\\frac{$", "cost $5 and $", "$\\alpha$"]


def documents():
    return pd.DataFrame({"doc_id": HOSTILE, "group": ["g$1$", "plain", "g"], "n_tokens": [10, 20, 30],
                         "n_quoted_tokens": [1, 2, 3]})


def texts_with_dollars(fig):
    return [t for t in fig.findobj(Text) if "$" in t.get_text()]


def test_the_overview_draws_dollar_labels_as_text(tmp_path):
    ax = plot_corpus_overview(documents())
    fig = ax.get_figure(root=True)
    fig.canvas.draw()  # mathtext parsing happens here
    labels = texts_with_dollars(fig)
    assert {t.get_text() for t in labels} >= {"x$\\frac{$ (g$1$)", "cost $5 and $ (plain)", "$\\alpha$ (g)"}
    assert all(not t.get_parse_math() for t in labels)
    save_figure(fig, "01-hostile", folder=tmp_path)
    assert (tmp_path / "01-hostile.svg").stat().st_size > 1000


def test_axes_made_elsewhere_are_made_plain_when_saved(tmp_path):
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"text.parse_math": True}):
        fig, ax = plt.subplots()
        rates = pd.DataFrame({"group": pd.Categorical(["cost $5 and $", "x$\\frac{$"]), "voice": ["author"] * 2,
                              "category": ["war"] * 2, "per_1000": [1.0, 2.0], "ci_low": [0.5, 1.5],
                              "ci_high": [1.5, 2.5], "n_hits": [5, 6], "thin": [False, False]})
        plot_frame_profile(rates, ax=ax)
        ax.set_title("x$\\frac{$")
    save_figure(fig, "04-hostile", folder=tmp_path)
    assert all(not t.get_parse_math() for t in texts_with_dollars(fig))


@pytest.mark.parametrize("label", HOSTILE)
def test_mathtext_would_have_been_a_problem(label):
    """The reproduction: matplotlib's default reads these labels as math."""
    assert Text(text=label, parse_math=True)._preprocess_math(label)[1] is True
