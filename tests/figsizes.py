"""Generated inputs of every plot function for a corpus of ``n`` documents, and what a test
reads back from a drawn figure (pixel size, font sizes, overlapping tick labels).

The tables have the columns the plot functions read, with the shape the notebooks give them:
documents and their groups (3 groups for 5 documents, 10 for 50, 200 for 5,000), figures
per document while there are at most 30 documents and per group beyond (the notebooks'
:func:`analysis.display_unit`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FRAMES = ["military_security", "aggression_threat", "diplomacy_negotiation", "law_sovereignty", "humanitarian",
          "democracy_elections", "prestige_identity", "alliance_cooperation", "economy_sanctions",
          "territory_separatism"]
ACTORS = ["Russia", "NATO", "Serbia", "United States", "Kosovo", "Ukraine", "EU"]
SIZES = (5, 50, 5000)


def n_groups(n: int) -> int:
    return {5: 3, 50: 10}.get(n, 200)


def docs(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(n)
    ids = [f"speech-of-a-long-name-{k:04d}" for k in range(n)]
    groups = [f"G{k % n_groups(n):03d}" for k in range(n)]
    tokens = rng.integers(300, 6000, n)
    return pd.DataFrame({"doc_id": pd.Categorical(ids, categories=ids), "group": groups, "n_tokens": tokens,
                         "n_quoted_tokens": (tokens * rng.uniform(0, 0.6, n)).astype(int)})


def units(n: int) -> list[str]:
    """What a figure shows one of: documents up to 30, else groups."""
    d = docs(n)
    return list(d.doc_id.astype(str)) if n <= 30 else sorted(set(d.group))


def _cat(values, categories):
    return pd.Categorical(values, categories=categories)


def similarity(n: int) -> pd.DataFrame:
    u = units(n)
    rng = np.random.default_rng(1)
    m = rng.uniform(0.05, 0.6, (len(u), len(u)))
    m = (m + m.T) / 2
    np.fill_diagonal(m, 1.0)
    a, b = np.meshgrid(np.arange(len(u)), np.arange(len(u)), indexing="ij")
    return pd.DataFrame({"unit_a": _cat(np.asarray(u)[a.ravel()], u), "unit_b": _cat(np.asarray(u)[b.ravel()], u),
                         "cosine": m.ravel()})


def top_terms(n: int) -> pd.DataFrame:
    groups = sorted(set(docs(n).group))
    rows = [(g, f"term{r}-{g.lower()}-international", 0.5 / (r + 1), r + 1) for g in groups for r in range(12)]
    return pd.DataFrame({"unit": _cat([r[0] for r in rows], groups), "term": [r[1] for r in rows],
                         "tfidf": [r[2] for r in rows], "rank": [r[3] for r in rows]})


def hit_counts(n: int) -> pd.DataFrame:
    groups = sorted(set(docs(n).group))
    rows = [(g, v, a, 1.0 + k % 7, 3 + k % 11) for k, (g, v, a) in
            enumerate((g, v, a) for g in groups for v in ("author", "quoted") for a in ACTORS[:3])]
    return pd.DataFrame({"group": [r[0] for r in rows], "voice": [r[1] for r in rows],
                         "category": _cat([r[2] for r in rows], ACTORS[:3]), "per_1000": [r[3] for r in rows],
                         "n_hits": [r[4] for r in rows]})


def frame_rates(n: int) -> pd.DataFrame:
    groups = sorted(set(docs(n).group))
    rows = [(g, v, f, 0.5 + (k % 13) / 3) for k, (g, v, f) in
            enumerate((g, v, f) for g in groups for v in ("author", "quoted") for f in FRAMES)]
    rate = np.array([r[3] for r in rows])
    return pd.DataFrame({"group": _cat([r[0] for r in rows], groups), "voice": [r[1] for r in rows],
                         "category": _cat([r[2] for r in rows], FRAMES), "per_1000": rate, "ci_low": rate * 0.6,
                         "ci_high": rate * 1.5, "thin": ["" if k % 5 else "few hits" for k in range(len(rows))]})


def actor_frames(n: int) -> pd.DataFrame:
    groups = sorted(set(docs(n).group))
    rows = [(g, v, a, f) for g in groups for v in ("author", "quoted") for a in ACTORS for f in FRAMES]
    k = np.arange(len(rows))
    n_pairs, mentions = k % 9, 10 + k % 40
    return pd.DataFrame({"group": _cat([r[0] for r in rows], groups), "voice": [r[1] for r in rows],
                         "actor": [r[2] for r in rows], "frame": _cat([r[3] for r in rows], FRAMES),
                         "n_pairs": n_pairs, "n_actor_mentions": mentions, "per_mention": n_pairs / mentions,
                         "ci_low": n_pairs / mentions / 2, "ci_high": n_pairs / mentions * 2,
                         "thin": np.where(n_pairs < 5, "thin", "")})


def keyness(n: int, target: str = "G000", reference: str = "rest") -> pd.DataFrame:
    terms = [f"word{k}-{target.lower()}" for k in range(30)]
    g2 = np.linspace(40, -40, 30)
    return pd.DataFrame({"target": target, "reference": reference, "term": terms, "n_target": (np.abs(g2) + 3).astype(int),
                         "n_reference": (40 - np.abs(g2)).astype(int) + 1, "g2": g2, "measure": "g2",
                         "flag": ["" if k % 4 else "thin" for k in range(30)]})


def keyness_stack(n: int) -> pd.DataFrame:
    return pd.concat([keyness(n, g) for g in sorted(set(docs(n).group))], ignore_index=True)


def voice_keyness(n: int) -> pd.DataFrame:
    k = keyness_stack(n)
    return k.assign(group=k["target"])


def sentiment(n: int) -> pd.DataFrame:
    groups = sorted(set(docs(n).group))
    actors = ACTORS + ["(all sentences)"]
    rows = [(v, a, g) for v in ("author", "quoted") for a in actors for g in groups]
    k = np.arange(len(rows))
    mean = ((k % 11) - 5) / 12
    return pd.DataFrame({"voice": [r[0] for r in rows], "actor": _cat([r[1] for r in rows], actors),
                         "group": _cat([r[2] for r in rows], groups), "mean_compound": mean, "ci_low": mean - 0.1,
                         "ci_high": mean + 0.1, "n_sentences": 3 + k % 30, "thin": np.where(k % 30 < 2, "thin", "")})


def positions(n: int) -> pd.DataFrame:
    d = docs(n)
    rng = np.random.default_rng(2)
    ids = list(d.doc_id.astype(str))
    rows = [(doc, grp, a) for doc, grp in zip(ids, d.group) for a in ACTORS[:3] for _ in range(4)]
    return pd.DataFrame({"doc_id": _cat([r[0] for r in rows], ids), "group": [r[1] for r in rows],
                         "actor": _cat([r[2] for r in rows], ACTORS[:3]), "position": rng.uniform(0, 1, len(rows))})


def summary_frames(n: int) -> pd.DataFrame:
    return actor_frames(n)


def role_shares(n: int) -> pd.DataFrame:
    unit = "doc_id" if n <= 30 else "group"
    rows = []
    for k, u in enumerate(units(n)):
        for actor in ACTORS[:3]:
            for role in ("agent", "target"):
                for f, frame in enumerate(FRAMES[:4]):
                    c = (k + f) % 6
                    rows.append({unit: u, "actor": actor, "role": role, "frame": frame, "attribution": "author", "n": c,
                                 "n_sentences": 20, "share": c / 20, "share_low": max(0, c / 20 - 0.1),
                                 "share_high": c / 20 + 0.1, "thin": "" if c >= 5 else "few"})
    return pd.DataFrame(rows)


def pixels(fig, dpi: int = 150) -> tuple[int, int]:
    w, h = fig.get_size_inches()
    return round(w * dpi), round(h * dpi)


def small_texts(fig, minimum: float = 6.0) -> list[str]:
    """Visible, non-empty texts of the figure set in less than ``minimum`` points."""
    from matplotlib.text import Text

    return [f"{t.get_text()!r} {t.get_fontsize()}" for t in fig.findobj(Text)
            if t.get_visible() and t.get_text().strip() and t.get_fontsize() < minimum]


def _overlap(a, b, r) -> bool:
    """Window extents that intersect by more than half a pixel; for labels slanted alike
    (not 0° or 90°: their extents are much larger than the glyphs), centres closer across
    the writing direction than the font size."""
    import math

    ea, eb = a.get_window_extent(r), b.get_window_extent(r)
    rot = a.get_rotation() % 180
    if rot in (0, 90) or abs(rot - b.get_rotation() % 180) > 1e-6:
        return min(ea.x1, eb.x1) - max(ea.x0, eb.x0) > 0.5 and min(ea.y1, eb.y1) - max(ea.y0, eb.y0) > 0.5
    dx, dy = (eb.x0 + eb.x1 - ea.x0 - ea.x1) / 2, (eb.y0 + eb.y1 - ea.y0 - ea.y1) / 2
    th = math.radians(rot)
    return abs(-dx * math.sin(th) + dy * math.cos(th)) < r.points_to_pixels(max(a.get_fontsize(), b.get_fontsize())) - 0.5


def overlapping_ticks(fig) -> list[str]:
    """Pairs of visible tick labels of one axis that overlap once the figure is drawn."""
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        for labels in (ax.get_xticklabels(), ax.get_yticklabels()):
            shown = [t for t in labels if t.get_visible() and t.get_text().strip()]
            for k, a in enumerate(shown):
                bad += [f"{a.get_text()!r} / {b.get_text()!r}" for b in shown[k + 1:] if _overlap(a, b, r)]
    return bad
