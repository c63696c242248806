"""Small hand-made tables for the plot tests, and helpers that read back what a plot drew.

Every table is small enough to check each mark by hand; the expected values in
``tests/test_plots.py`` and ``tests/test_keyness_plots.py`` are written out from these rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgb, to_rgba

BLUE, ORANGE, GREEN = "#4c72b0", "#dd8452", "#55a868"  # the plots' first three colours


def cat(values, categories):
    return pd.Categorical(values, categories=categories)


# --------------------------------------------------------------------------- tables


def documents():
    """Three documents: author tokens 70, 40, 5; quoted 30, 0, 5."""
    return pd.DataFrame({"doc_id": ["a", "b", "c"], "group": ["G1", "G1", "G2"],
                         "n_tokens": [100, 40, 10], "n_quoted_tokens": [30, 0, 5]})


def similarity():
    """Units in category order y, x (not alphabetical); the table is not symmetric, so a
    transposed heatmap shows: (y, x) = 0.2 but (x, y) = 0.9."""
    units = ["y", "x"]
    rows = [("y", "y", 1.0), ("y", "x", 0.2), ("x", "y", 0.9), ("x", "x", 0.5)]
    return pd.DataFrame({"unit_a": cat([r[0] for r in rows], units), "unit_b": cat([r[1] for r in rows], units),
                         "cosine": [r[2] for r in rows]})


def top_terms():
    """Unit B (first category) has t1 0.5, t2 0.3; unit A has t3 0.4; unit C has no rows."""
    return pd.DataFrame({"group": cat(["B", "B", "A"], ["B", "A", "C"]), "term": ["t1", "t2", "t3"],
                         "tfidf": [0.5, 0.3, 0.4], "rank": [1, 2, 1]})


def hit_counts():
    """Three x units in order of appearance (G1 · author, G1 · quoted, G2 · author); two
    categories in category order Russia, NATO; G1 · quoted has no NATO row."""
    rows = [("G1", "author", "NATO", 2.0, 4), ("G1", "author", "Russia", 5.0, 10), ("G1", "quoted", "Russia", 1.0, 1),
            ("G2", "author", "Russia", 3.0, 6), ("G2", "author", "NATO", 4.0, 8)]
    return pd.DataFrame({"group": [r[0] for r in rows], "voice": [r[1] for r in rows],
                         "category": cat([r[2] for r in rows], ["Russia", "NATO"]),
                         "per_1000": [r[3] for r in rows], "n_hits": [r[4] for r in rows]})


def frame_rates():
    """Frames war, law, aid (lexicon order, not alphabetical) for G1 and G2 in the author
    voice; thin: G1 · law and G2 · aid. One quoted row (G1 · war, 9.0) must not be drawn."""
    rows = [("G1", "author", "war", 3.0, 2.0, 4.0, ""), ("G1", "author", "law", 1.0, 0.0, 2.5, "few tokens"),
            ("G1", "author", "aid", 2.0, 1.5, 2.5, ""), ("G2", "author", "war", 0.5, 0.0, 1.0, ""),
            ("G2", "author", "law", 4.0, 3.0, 5.0, ""), ("G2", "author", "aid", 6.0, 1.0, 9.0, "few tokens"),
            ("G1", "quoted", "war", 9.0, 8.0, 10.0, "")]
    return pd.DataFrame({"group": cat([r[0] for r in rows], ["G1", "G2"]), "voice": [r[1] for r in rows],
                         "category": cat([r[2] for r in rows], ["war", "law", "aid"]),
                         "per_1000": [r[3] for r in rows], "ci_low": [r[4] for r in rows], "ci_high": [r[5] for r in rows],
                         "thin": [r[6] for r in rows]})


def actor_frames():
    """actor_frames-like rows. Author voice: G1 has Russia (10 mentions; war 0.5 from 5 pairs,
    law 0.2 from 2 pairs, thin) and NATO (8 mentions; war 0.125 from 1 pair, law 0); G2 has
    Russia only (3 mentions; war 1/3 from 1 pair, law 0). Quoted voice: G2 has NATO (6 mentions;
    war 0.5 from 3 pairs, law 1/6 from 1 pair, thin); G1 none."""
    rows = [("G1", "author", "Russia", "war", 5, 10, ""), ("G1", "author", "Russia", "law", 2, 10, "thin"),
            ("G1", "author", "NATO", "war", 1, 8, ""), ("G1", "author", "NATO", "law", 0, 8, ""),
            ("G2", "author", "Russia", "war", 1, 3, ""), ("G2", "author", "Russia", "law", 0, 3, ""),
            ("G2", "quoted", "NATO", "war", 3, 6, ""), ("G2", "quoted", "NATO", "law", 1, 6, "thin")]
    n_pairs = np.array([r[4] for r in rows], dtype=float)
    mentions = np.array([r[5] for r in rows], dtype=float)
    rate = n_pairs / mentions
    return pd.DataFrame({"group": cat([r[0] for r in rows], ["G1", "G2"]), "voice": [r[1] for r in rows],
                         "actor": [r[2] for r in rows], "frame": cat([r[3] for r in rows], ["war", "law"]),
                         "n_pairs": [r[4] for r in rows], "n_actor_mentions": [r[5] for r in rows],
                         "per_mention": rate, "ci_low": rate / 2, "ci_high": rate * 2, "thin": [r[6] for r in rows]})


def keyness_table(target="T", reference="R"):
    """One comparison (g2). Positive: alpha 12, beta 8 (flag "thin"), gamma 8 (ties break by
    term), delta2 1; negative: eps -3 (n_reference 3 < 5), delta -5, zeta -9."""
    rows = [("alpha", 10, 1, 12.0, ""), ("gamma", 7, 2, 8.0, ""), ("beta", 6, 0, 8.0, "thin"),
            ("delta2", 2, 1, 1.0, ""), ("eps", 1, 3, -3.0, ""), ("delta", 0, 9, -5.0, ""), ("zeta", 0, 12, -9.0, "")]
    return pd.DataFrame({"target": target, "reference": reference, "term": [r[0] for r in rows],
                         "n_target": [r[1] for r in rows], "n_reference": [r[2] for r in rows],
                         "g2": [r[3] for r in rows], "measure": "g2", "flag": [r[4] for r in rows]})


def keyness_stack():
    """Three comparisons stacked in the order B, A, C (not alphabetical), each against rest;
    the top term of each is b1, a1, c1."""
    parts = []
    for t in ("B", "A", "C"):
        k = keyness_table(t, "rest")
        k["term"] = [f"{t.lower()}{i}" for i in range(1, len(k) + 1)]
        parts.append(k)
    return pd.concat(parts, ignore_index=True)


def voice_keyness():
    """:func:`keyness_stack` as an author-vs-quoted table: one comparison per group B, A, C."""
    k = keyness_stack()
    return k.assign(group=k["target"])


def sentiment():
    """Author voice: G1 Serbia -0.4 (12 sentences), Russia 0.3 (3, thin); G2 Russia -0.2 (8).
    Quoted voice: G1 Serbia 0.9 (must not be drawn). NATO has no rows."""
    rows = [("author", "Serbia", "G1", -0.4, -0.6, -0.2, 12, ""), ("author", "Russia", "G1", 0.3, 0.0, 0.6, 3, "thin"),
            ("author", "Russia", "G2", -0.2, -0.3, -0.1, 8, ""), ("quoted", "Serbia", "G1", 0.9, 0.8, 1.0, 7, "")]
    return pd.DataFrame({"voice": [r[0] for r in rows], "actor": cat([r[1] for r in rows], ["Russia", "Serbia", "NATO"]),
                         "group": cat([r[2] for r in rows], ["G1", "G2"]), "mean_compound": [r[3] for r in rows],
                         "ci_low": [r[4] for r in rows], "ci_high": [r[5] for r in rows],
                         "n_sentences": [r[6] for r in rows], "thin": [r[7] for r in rows]})


def positions():
    """d1: Russia at 0.1 and 0.7, NATO at 0.4; d2: NATO at 0.0; Russia never in d2."""
    rows = [("d1", "Russia", 0.1), ("d1", "Russia", 0.7), ("d1", "NATO", 0.4), ("d2", "NATO", 0.0)]
    return pd.DataFrame({"doc_id": cat([r[0] for r in rows], ["d1", "d2"]),
                         "actor": cat([r[1] for r in rows], ["Russia", "NATO"]), "position": [r[2] for r in rows]})


def summary_frames():
    """actor_frame_summary input (author voice). Russia: G1 10 mentions (war 0.5, law 0.2 thin),
    G2 3 mentions (below 5: not drawn). NATO: G1 8 (war 0.25, law 0.125), G2 6 (war 0.5 thin,
    law 0). One quoted row (Russia, G2, 20 mentions) must not be drawn."""
    rows = [("Russia", "author", "G1", "war", 0.5, 10, ""), ("Russia", "author", "G1", "law", 0.2, 10, "thin"),
            ("Russia", "author", "G2", "war", 1.0, 3, ""), ("Russia", "author", "G2", "law", 0.0, 3, ""),
            ("NATO", "author", "G1", "war", 0.25, 8, ""), ("NATO", "author", "G1", "law", 0.125, 8, ""),
            ("NATO", "author", "G2", "war", 0.5, 6, "thin"), ("NATO", "author", "G2", "law", 0.0, 6, ""),
            ("Russia", "quoted", "G2", "war", 0.9, 20, "")]
    rate = np.array([r[4] for r in rows])
    return pd.DataFrame({"actor": [r[0] for r in rows], "voice": [r[1] for r in rows],
                         "group": cat([r[2] for r in rows], ["G1", "G2"]), "frame": cat([r[3] for r in rows], ["war", "law"]),
                         "per_mention": rate, "ci_low": rate / 2, "ci_high": rate * 2,
                         "n_actor_mentions": [r[5] for r in rows], "thin": [r[6] for r in rows]})


# --------------------------------------------------------------------------- reading a plot back


def rgb(color) -> tuple:
    return tuple(round(c, 4) for c in to_rgb(color))


def yticks_top_to_bottom(ax) -> list[str]:
    """Tick labels from the top of the axes down (inverted y axes, as imshow draws, included)."""
    ticks = [(t.get_position()[1], t.get_text()) for t in ax.get_yticklabels()]
    return [s for _, s in sorted(ticks, key=lambda p: p[0], reverse=not ax.yaxis_inverted())]


def label_at(ax, y: float) -> str:
    """The y tick label nearest to ``y``."""
    ticks = [(abs(t.get_position()[1] - y), t.get_text()) for t in ax.get_yticklabels()]
    return min(ticks)[1]


def bars_top_to_bottom(ax):
    """Horizontal bars, top first (ties keep drawing order)."""
    return sorted(ax.patches, key=lambda p: -(p.get_y() + p.get_height() / 2))


def points(ax) -> list[dict]:
    """Every scatter point drawn (NaN is not drawn): ``x``, ``y``, ``face`` and ``edge`` as RGBA
    tuples, ``label`` of its collection, top to bottom."""
    out = []
    for coll in ax.collections:
        if not hasattr(coll, "get_offsets") or type(coll).__name__ != "PathCollection":
            continue
        offs = np.asarray(coll.get_offsets(), dtype=float).reshape(-1, 2)
        faces, edges = coll.get_facecolors(), coll.get_edgecolors()
        for k, (x, y) in enumerate(offs):
            if not (np.isfinite(x) and np.isfinite(y)):
                continue
            face = tuple(np.round(faces[k % len(faces)], 4)) if len(faces) else (0, 0, 0, 0)
            edge = tuple(np.round(edges[k % len(edges)], 4)) if len(edges) else (0, 0, 0, 0)
            out.append({"x": float(x), "y": float(y), "face": face, "edge": edge, "label": coll.get_label()})
    return sorted(out, key=lambda p: -p["y"])


def rgba(color) -> tuple:
    return tuple(np.round(to_rgba(color), 4))


def whiskers(ax) -> list[tuple[float, float, float]]:
    """``(y, x_low, x_high)`` of every horizontal interval line (``hlines``), top to bottom."""
    out = []
    for coll in ax.collections:
        if type(coll).__name__ != "LineCollection":
            continue
        for seg in coll.get_segments():
            (x0, y0), (x1, _) = seg[0], seg[-1]
            if np.isfinite([x0, y0, x1]).all():
                out.append((float(y0), float(x0), float(x1)))
    return sorted(out, key=lambda s: -s[0])


def legend_colors(ax) -> dict[str, tuple]:
    """Legend entry → RGB of its handle."""
    leg = ax.get_legend()
    out = {}
    for text, handle in zip(leg.get_texts(), leg.legend_handles):
        if hasattr(handle, "get_facecolor"):
            face = handle.get_facecolor()
            face = face[0] if np.ndim(face) == 2 else face
        else:
            face = handle.get_color()
        out[text.get_text()] = rgb(face)
    return out


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def no_output(monkeypatch, tmp_path):
    """Fails the test if anything is saved or shown: ``savefig`` and ``show`` are recorded,
    and the working directory and the figures folder (both empty temporary folders) must
    stay empty."""
    import matplotlib.pyplot as plt
    from matplotlib.figure import Figure

    calls = []
    monkeypatch.setattr(Figure, "savefig", lambda self, *a, **k: calls.append("Figure.savefig"))
    monkeypatch.setattr(Figure, "show", lambda self, *a, **k: calls.append("Figure.show"))
    monkeypatch.setattr(plt, "show", lambda *a, **k: calls.append("pyplot.show"))
    monkeypatch.setenv("ANALYSIS_FIGURES_DIR", str(tmp_path / "figures"))
    monkeypatch.chdir(tmp_path)
    yield calls
    assert calls == []
    assert list(tmp_path.iterdir()) == []


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


def role_shares():
    """One actor in two documents (table order d2, d1): war as agent 5 of 20 sentences in d1,
    talk as target 1 sentence in each."""
    rows = []
    for d, n_s in (("d2", 10), ("d1", 20)):
        for role in ("agent", "target"):
            for frame, n in (("war", 5 if (d, role) == ("d1", "agent") else 0), ("talk", 1 if role == "target" else 0)):
                rows.append(dict(doc_id=d, actor="Russia", role=role, frame=frame, attribution="author", n=n,
                                 n_sentences=n_s, share=n / n_s, share_low=max(0.0, n / n_s - 0.1),
                                 share_high=n / n_s + 0.1 if n else 3 / n_s,
                                 thin="" if n >= 5 else "fewer than 5 sentences"))
    return pd.DataFrame(rows)
