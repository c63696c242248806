"""The 05 plots: keyness bars show the counts behind them; sentiment rows in actor order."""

import warnings

import pytest

from analysis.framing import lexicon_hits
from analysis.keywords import keyness, keyness_all
from analysis.plots import new_figure, plot_actor_sentiment, plot_keyness, plot_keyness_panels
from analysis.sentiment import actor_sentiment


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
    fig = plot_keyness_panels(ka, n=5)
    titles = [a.get_title() for a in fig.axes if a.get_title()]
    assert titles == [f"{t} vs rest" for t in seeds.tokens.group.cat.categories]


def test_sentiment_rows_follow_the_actor_order(seeds):
    t = actor_sentiment(seeds, lexicon_hits(seeds, "actors"), n_boot=50)
    _, ax = new_figure()
    plot_actor_sentiment(t, actors=["Serbia", "Russia", "NATO"], ax=ax)
    labels = [x.get_text() for x in sorted(ax.get_yticklabels(), key=lambda x: -x.get_position()[1])]
    assert labels == ["Serbia", "Russia", "NATO"]
