"""The role time line draws what its table says: documents in order, one line per frame and
role, intervals only where there are sentences, thin cells hollow, `$` drawn as text."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")

from analysis.plots import new_figure, plot_role_timeline, plot_role_timelines, top_frames  # noqa: E402


def shares():
    rows = []
    for d, n_s in (("d2", 10), ("d1", 20)):  # table order is date order: d2 before d1
        for role in ("agent", "target"):
            for frame, n in (("war", 5 if (d, role) == ("d1", "agent") else 0), ("talk", 1 if role == "target" else 0)):
                rows.append(dict(doc_id=d, actor="$X$", role=role, frame=frame, attribution="author", n=n,
                                 n_sentences=n_s, share=n / n_s, share_low=max(0, n / n_s - 0.1),
                                 share_high=n / n_s + 0.1 if n else 3 / n_s, thin="" if n >= 5 else "fewer than 5 sentences"))
    return pd.DataFrame(rows)


def test_lines_order_and_hollow_thin_points():
    t = shares()
    _, ax = new_figure()
    out = plot_role_timeline(t, actor="$X$", frames=["war", "talk"], ax=ax)
    assert out is ax
    assert [tl.get_text().split("\n")[0] for tl in ax.get_xticklabels()] == ["d2", "d1"]
    assert [ln.get_label() for ln in ax.get_lines()] == ["war (agent)", "war (target)", "talk (agent)", "talk (target)"]
    assert [ln.get_linestyle() for ln in ax.get_lines()] == ["-", "--", "-", "--"]
    war_agent = ax.get_lines()[0]
    assert np.allclose(war_agent.get_ydata(), [0.0, 0.25])
    # intervals are drawn only for cells with sentences: war/agent at d1, talk/target at d2 and d1
    assert sum(len(c.get_segments()) for c in ax.collections if c.__class__.__name__ == "LineCollection") == 3
    filled = [c for c in ax.collections if c.__class__.__name__ == "PathCollection" and len(c.get_offsets())]
    hollow = [c for c in filled if np.allclose(c.get_facecolor()[0][:3], 1.0)]
    solid = [c for c in filled if not np.allclose(c.get_facecolor()[0][:3], 1.0)]
    assert sum(len(c.get_offsets()) for c in solid) == 1  # only war/agent at d1 has 5 sentences
    assert sum(len(c.get_offsets()) for c in hollow) == 7
    assert ax.get_ylabel() == "share of sentences naming $X$"
    assert not any(t.get_parse_math() for t in ax.figure.findobj(matplotlib.text.Text))  # drawn as dollar signs


def test_panels_one_per_actor_and_top_frames():
    t = shares()
    assert top_frames(t, actor="$X$", k=1) == ["war"]
    axes = plot_role_timelines(t, actors=["$X$"], frames={"$X$": ["talk"]})
    assert axes.shape == (1, 1)
    assert [ln.get_label() for ln in axes[0, 0].get_lines()] == ["talk (agent)", "talk (target)"]


def test_save_figure_shows_nothing_in_a_notebook(tmp_path):
    from analysis.plots import save_figure

    _, ax = new_figure()
    saved = save_figure(ax, "01-test", folder=tmp_path)
    assert [p.name for p in saved] == ["01-test.png", "01-test.svg"]
    assert saved._ipython_display_() is None  # IPython calls this instead of printing the list of paths
    assert repr(saved).startswith("saved ") and "PosixPath" not in repr(saved)
