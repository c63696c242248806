"""Dispersion of actor mentions: positions table, summary, and the x-ray plot's labels."""

import itertools

import numpy as np
import pytest

from analysis.dispersion import actor_positions, dispersion_summary
from analysis.framing import lexicon_hits
from analysis.plots import new_figure, plot_dispersion


@pytest.fixture
def toy(make_corpus):
    return make_corpus({
        "d1": "Russia and NATO met. Then Serbia spoke. Later Russia left.",  # 10 tokens
        "d2": "NATO waited quietly for a long time.",  # 7 tokens, no Russia, no Serbia
    })


def test_positions_by_hand(toy):
    pos = actor_positions(toy, lexicon_hits(toy, "actors"), actors=["Russia", "NATO", "Serbia"])
    assert list(pos.columns) == ["doc_id", "group", "actor", "i", "j", "n_tokens", "position", "sent_id", "voice",
                                 "match"]
    assert pos.actor.cat.categories.tolist() == ["Russia", "NATO", "Serbia"]
    assert pos.doc_id.cat.categories.tolist() == ["d1", "d2"]
    got = [(d, a, i) for d, a, i in zip(pos.doc_id.astype(str), pos.actor.astype(str), pos.i)]
    assert got == [("d1", "Russia", 0), ("d1", "Russia", 8), ("d1", "NATO", 2), ("d1", "Serbia", 5), ("d2", "NATO", 0)]
    assert pos.position.tolist() == [0 / 10, 8 / 10, 2 / 10, 5 / 10, 0 / 7]
    assert pos.n_tokens.tolist() == [10, 10, 10, 10, 7]


def test_unknown_actor_and_voice_are_rejected(toy):
    hits = lexicon_hits(toy, "actors")
    with pytest.raises(ValueError, match="valid values"):
        actor_positions(toy, hits, actors=["Rusia"])
    with pytest.raises(ValueError, match="valid values"):
        actor_positions(toy, hits, voice="narrator")


def test_summary_dp_by_hand(toy):
    pos = actor_positions(toy, lexicon_hits(toy, "actors"), actors=["Russia", "NATO", "Serbia"])
    s = dispersion_summary(pos, n_parts=10)
    assert len(s) == 6  # every document × actor, zero rows included
    r = s.set_index(["doc_id", "actor"])
    assert r.loc[("d1", "Russia"), "n_mentions"] == 2
    # two mentions in stretches 0 and 8: DP = ½(2·|0.5 − 0.1| + 8·0.1) = 0.8
    assert r.loc[("d1", "Russia"), "dp"] == pytest.approx(0.8)
    # one mention: DP = ½(0.9 + 9·0.1) = 0.9
    assert r.loc[("d1", "Serbia"), "dp"] == pytest.approx(0.9)
    assert r.loc[("d2", "Russia"), "n_mentions"] == 0 and np.isnan(r.loc[("d2", "Russia"), "dp"])
    assert r.loc[("d1", "Russia"), "first"] == 0.0 and r.loc[("d1", "Russia"), "last"] == 0.8


def _rows_top_to_bottom(ax):
    """(y, gid, label at that y, marks' x) for each row with marks, read back from the
    drawn artists (the y comes from the marks themselves), top row first."""
    ticks = {round(float(t.get_position()[1]), 6): t.get_text() for t in ax.get_yticklabels()}
    rows = []
    for line in ax.get_lines():
        gid = line.get_gid()
        ys = np.round(np.asarray(line.get_ydata(), dtype=float), 6)
        if not gid or ys.size == 0:
            continue
        assert len(set(ys)) == 1, "all marks of a row sit on one line"
        rows.append((ys[0], gid, ticks[ys[0]], sorted(np.asarray(line.get_xdata(), dtype=float).tolist())))
    rows.sort(key=lambda r: -r[0])
    return rows


@pytest.mark.parametrize("order", [["Russia", "NATO", "Serbia"], ["Serbia", "Russia", "NATO"]])
def test_dispersion_labels_match_the_marks_in_the_requested_order(seeds, order):
    pos = actor_positions(seeds, lexicon_hits(seeds, "actors"), actors=order)
    _, ax = new_figure()
    plot_dispersion(pos, ax=ax)
    rows = _rows_top_to_bottom(ax)
    docs = seeds.documents.doc_id.astype(str).tolist()
    assert [r[1] for r in rows] == [f"{d}|{a}" for d, a in itertools.product(docs, order)]  # all have mentions
    by_height = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
    assert [t.get_text().split(" (")[0] for t in by_height] == [f"{d} · {a}" for d, a in itertools.product(docs, order)]
    for y, gid, label, xs in rows:
        doc, act = gid.split("|")
        want = sorted(pos[(pos.doc_id.astype(str) == doc) & (pos.actor.astype(str) == act)].position.tolist())
        assert xs == want  # the marks on this row are exactly this document's mentions of this actor
        assert label == f"{doc} · {act} ({len(want)})"  # and the label on this row names them
    # top to bottom, the labels follow the requested actor order within each document
    top_doc = [r[2] for r in rows[: len(order)]]
    assert [lab.split(" · ")[1].split(" (")[0] for lab in top_doc] == order


def test_dispersion_label_y_equals_mark_y_via_tick_positions(seeds):
    pos = actor_positions(seeds, lexicon_hits(seeds, "actors"), actors=["NATO", "Serbia"])
    _, ax = new_figure()
    plot_dispersion(pos, ax=ax, docs=["meduza-2020", "monitor-1998"])
    labels = {t.get_text(): t.get_position()[1] for t in ax.get_yticklabels()}
    for line in ax.get_lines():
        doc, act = line.get_gid().split("|")
        n = len(line.get_xdata())
        y_label = labels[f"{doc} · {act} ({n})"]
        assert all(y == y_label for y in line.get_ydata())
    ordered = sorted(labels, key=lambda k: -labels[k])
    assert [k.split(" (")[0] for k in ordered] == ["meduza-2020 · NATO", "meduza-2020 · Serbia", "monitor-1998 · NATO",
                                                   "monitor-1998 · Serbia"]
