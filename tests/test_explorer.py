"""The explorer: every selection shows exactly its cell's counts and drill lines; static fallback."""

from __future__ import annotations

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis.explorer import LINES, WINDOWS, Explorer, explore
from analysis.framing import actor_frame_pairs, actor_frames, drill, frame_rates, lexicon_hits
from analysis.concordance import kwic_html

pytest.importorskip("ipywidgets")

N_BOOT = 200  # the intervals are not under test here; the counts are

TOY = {
    "a": "Russia sent troops <b>&amp; tanks</b> to the border & threatened Kyiv. NATO said its army was ready.\n\n"
         "Russia and NATO met. Russia offered talks; the soldiers stayed.",
    "b": "NATO troops trained. Russia <script>alert(1)</script> warned NATO about its military drills.",
}


@pytest.fixture(scope="module")
def seed_explorer(seeds):
    actor_hits = lexicon_hits(seeds, "actors")
    frame_hits = lexicon_hits(seeds, "frames")
    return explore(seeds, actor_hits, frame_hits, n_boot=N_BOOT)


@pytest.fixture
def toy(make_corpus):
    corpus = make_corpus(TOY, groups={"a": "left", "b": "right"})
    return corpus, lexicon_hits(corpus, "actors"), lexicon_hits(corpus, "frames")


def _cell(table, sel, **cols):
    m = pd.Series(True, index=table.index)
    for col, key in cols.items():
        m &= table[col].astype(str) == sel[key]
    return table[m]


def test_default_selection_is_the_cell_with_most_pairs(seed_explorer):
    ex = seed_explorer
    t = ex.table
    assert int(ex.counts().n[0]) == t.n_pairs.max()
    assert set(ex.selection) == {"actor", "frame", "group", "voice", "window", "context", "lines"}
    assert ex.options["actor"][:3] == ["Russia", "NATO", "Serbia"]
    assert ex.options["window"] == list(WINDOWS) and ex.options["lines"] == list(LINES)


def test_counts_are_the_cells_of_the_notebook_tables(seeds, seed_explorer):
    """Same numbers as actor_frames / frame_rates computed the way notebook 04 does."""
    ex = seed_explorer
    pairs = actor_frame_pairs(ex.actor_hits, ex.frame_hits)
    table = actor_frames(seeds, pairs, ex.actor_hits, by=["group", "voice"], n_boot=N_BOOT)
    rates = frame_rates(seeds, ex.frame_hits, by=["group", "voice"], n_boot=N_BOOT)
    quoted = table[table.voice == "quoted"].sort_values("n_pairs", kind="stable").iloc[-1]
    for sel in ({}, {"actor": "Russia", "frame": "aggression_threat", "group": "op-ed", "voice": "author"},
                {k: str(quoted[k]) for k in ("actor", "frame", "group", "voice")}):
        s = {**ex.selection, **sel}
        c = ex.counts(**sel)
        af = _cell(table, s, group="group", voice="voice", actor="actor", frame="frame")
        fr = _cell(rates, s, group="group", voice="voice", category="frame")
        assert len(af) == 1 and len(fr) == 1
        assert c.loc[0, ["n", "of"]].tolist() == [af.n_pairs.iloc[0], af.n_actor_mentions.iloc[0]]
        assert c.loc[1, ["n", "of"]].tolist() == [fr.n_hits.iloc[0], fr.n_tokens.iloc[0]]
        assert c.rate.tolist() == pytest.approx([af.per_mention.iloc[0], fr.per_1000.iloc[0]])
        assert c.rate_unit.tolist() == ["pairs per mention", "hits per 1,000 tokens"]
        assert c.ci_low.tolist() == pytest.approx([af.ci_low.iloc[0], fr.ci_low.iloc[0]])
        assert c.ci_high.tolist() == pytest.approx([af.ci_high.iloc[0], fr.ci_high.iloc[0]])


def test_callback_shows_exactly_the_drill_lines_of_the_selected_cell(seeds, seed_explorer):
    ex = seed_explorer
    w = ex.widget
    assert w is ex.widget  # built once
    ctl = ex._controls
    # a user picks another cell in the frontend: the dropdowns change one by one
    ctl["actor"].value = "Russia"
    ctl["frame"].value = "aggression_threat"
    ctl["group"].value = "op-ed"
    ctl["voice"].value = "author"
    ctl["window"].value = 5
    ctl["context"].value = "token"
    want = {"actor": "Russia", "frame": "aggression_threat", "group": "op-ed", "voice": "author",
            "window": 5, "context": "token", "lines": "pairs"}
    assert ex.selection == want
    expected = drill(seeds, ex.pairs, window=5, context="token", group="op-ed", voice="author",
                     actor="Russia", frame="aggression_threat")
    assert_frame_equal(ex.lines(), expected)
    assert len(expected) == ex.counts().n[0] > 0
    assert ex._lines.value == kwic_html(expected, max_rows=ex.max_lines).html
    # the other kind of lines: every frame hit of the group × voice (the frame-rate cell)
    ctl["lines"].value = "frame hits"
    hits = drill(seeds, ex.frame_hits, window=5, context="token", group="op-ed", voice="author",
                 category="aggression_threat")
    assert_frame_equal(ex.lines(), hits)
    assert len(hits) == ex.counts().n[1]
    assert ex._lines.value == kwic_html(hits, max_rows=ex.max_lines).html
    ex.select(lines="pairs", window=8, context="sentence")


def test_selection_changes_update_the_counts(seed_explorer):
    ex = seed_explorer
    ex.widget
    ex.select(actor="Russia", frame="aggression_threat", group="op-ed", voice="author")
    before = ex._counts.value
    n_before = int(ex.counts().n[0])
    assert f">{n_before}</td>" in before and "Russia" in before
    ex._controls["actor"].value = "NATO"  # as the frontend would
    after = ex._counts.value
    assert after != before and "NATO</b> × <b>aggression_threat" in after
    assert f">{int(ex.counts().n[0])}</td>" in after
    assert after == ex.counts_html()
    # select() moves the dropdowns too, and refreshes once with the whole new selection
    ex.select(actor="Serbia", voice="quoted")
    assert ex._controls["actor"].value == "Serbia" and ex._controls["voice"].value == "quoted"
    assert ex._counts.value == ex.counts_html() and ">Serbia</b>" in ex._counts.value


def test_invalid_selection_lists_the_valid_values(seed_explorer):
    with pytest.raises(ValueError, match="valid values: 'Russia', 'NATO'"):
        seed_explorer.select(actor="Atlantis")
    with pytest.raises(ValueError, match="unknown selection key"):
        seed_explorer.counts(colour="red")
    with pytest.raises(ValueError, match="mode="):
        Explorer(seed_explorer.corpus, seed_explorer.actor_hits, seed_explorer.frame_hits, mode="fancy")


def test_static_fallback_holds_the_escaped_lines_and_counts(toy):
    corpus, actor_hits, frame_hits = toy
    ex = explore(corpus, actor_hits, frame_hits, n_boot=N_BOOT, actor="Russia", frame="military_security",
                 group="left", voice="author", window=20)
    lines = ex.lines()
    assert len(lines) == ex.counts().n[0] > 0
    bundle = ex._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle  # not in a kernel: static only
    page = bundle["text/html"]
    assert page == ex.to_html()
    assert "&lt;b&gt;&amp;amp; tanks&lt;/b&gt;" in page and "<b>&amp; tanks" not in page
    for row in lines.itertuples():
        assert f"<mark>{row.match}</mark>" in page
    assert "Russia</b> × <b>military_security</b> · left · author voice" in page
    assert f"<td class=\"num\">{ex.counts().n[0]}</td>" in page and f"{len(lines)} of {len(lines)} concordance lines" in page
    ex.select(group="right")
    page = ex._repr_mimebundle_()["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert" not in page
    assert "Russia" in bundle["text/plain"]


def test_widget_mode_bundles_the_view_with_the_static_fallback(toy):
    corpus, actor_hits, frame_hits = toy
    ex = explore(corpus, actor_hits, frame_hits, n_boot=N_BOOT, mode="widget")
    bundle = ex._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == ex.widget.model_id
    assert bundle["text/html"] == ex.to_html() and "concordance lines" in bundle["text/html"]
    assert "application/vnd.jupyter.widget-view+json" not in explore(
        corpus, actor_hits, frame_hits, n_boot=0, mode="static")._repr_mimebundle_()


@pytest.mark.slow
def test_executed_notebook_exports_the_static_explorer(toy, tmp_path):
    """nbclient + nbconvert's HTML export: the counts and escaped lines are in the page."""
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient
    from nbconvert import HTMLExporter

    corpus, _, _ = toy
    folder = str(corpus.folder)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "from analysis import load_corpus\nfrom analysis.explorer import explore\n"
        "from analysis.framing import lexicon_hits\n"
        f"corpus = load_corpus({folder!r})\n"
        "explore(corpus, lexicon_hits(corpus, 'actors'), lexicon_hits(corpus, 'frames'), n_boot=50,\n"
        "        group='right', actor='Russia', frame='military_security')")])
    NotebookClient(nb, timeout=120, kernel_name="python3", record_timing=False, store_widget_state=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    data = nb.cells[0].outputs[-1]["data"]
    assert {"application/vnd.jupyter.widget-view+json", "text/html", "text/plain"} <= set(data)
    body, _ = HTMLExporter().from_notebook_node(nb)
    assert "explorer-counts" in body and "Russia</b> × <b>military_security" in body
    assert "script&gt;alert(1)&lt;/script&gt;" in body and "alert(1)</script>" not in body
    assert 'type="application/vnd.jupyter.widget-view+json"' not in body


def test_old_names_keep_working_for_one_release(seeds, seed_explorer):
    """The selection key and option unit → context; the counts' unit column → rate_unit."""
    ex = seed_explorer
    with pytest.warns(DeprecationWarning, match="the selection key 'unit' is now 'context'") as rec:
        lines = ex.lines(unit="token")
    assert rec[0].filename == __file__
    assert_frame_equal(lines, ex.lines(context="token"))
    with pytest.warns(DeprecationWarning, match="column 'unit' is now 'rate_unit'"):
        assert ex.counts()["unit"].tolist() == ["pairs per mention", "hits per 1,000 tokens"]
    with pytest.warns(DeprecationWarning, match=r"explore\(unit=…\) is now explore\(context=…\)"):
        old = explore(seeds, ex.actor_hits, ex.frame_hits, ex.pairs, n_boot=0, unit="token", mode="static")
    assert old.selection["context"] == "token"
