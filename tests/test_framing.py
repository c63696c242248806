"""Framing counts by hand on a toy corpus, and their invariants on the seeds."""

import pandas as pd
import pytest

from analysis.framing import actor_frame_pairs, actor_frames, drill, frame_rates, lexicon_hits, top_contrasts
from analysis.lexicons import load_lexicon

TOY = {
    "a": "Russia invaded the country. NATO troops arrived. Russia talks with NATO.\n\n"
         "Serbia and Russia sign an agreement.",
    "b": "“Russia will invade the whole region,” said General Smith. Russia negotiates.",
    "c": "The Russian Foreign Ministry opened a Humanitarian Center. Humanitarian aid arrived.",
}
ACTORS = """name: toy-actors
version: "1"
categories:
  Russia:
    definition: Russia and its organs
    patterns: ["Russia*", "Russian Foreign Ministry"]
  NATO:
    definition: the alliance
    patterns: [NATO]
"""
FRAMES = """name: toy-frames
version: "1"
categories:
  military:
    definition: armed force
    patterns: [troops, "invade*"]
  diplomacy:
    definition: talks
    patterns: [talks, agreement, "negotiat*"]
  humanitarian:
    definition: harm and relief
    patterns: [humanitarian]
    exclude: ["Humanitarian Center"]
"""


@pytest.fixture
def toy(make_corpus, tmp_path):
    c = make_corpus(TOY, groups={"a": "G1", "b": "G2", "c": "G1"})
    (tmp_path / "actors.yaml").write_text(ACTORS)
    (tmp_path / "frames.yaml").write_text(FRAMES)
    actors = lexicon_hits(c, load_lexicon(tmp_path / "actors.yaml", codebook=False))
    frames = lexicon_hits(c, load_lexicon(tmp_path / "frames.yaml", codebook=False))
    return c, actors, frames


def test_lexicon_hits_longest_match_exclusion_and_quoted_voice(toy):
    c, actors, frames = toy
    got = [(d, i, j, cat, v) for d, i, j, cat, v in zip(actors.doc_id.astype(str), actors.i, actors.j,
                                                        actors.category.astype(str), actors.voice.astype(str))]
    assert got == [("a", 0, 1, "Russia", "author"), ("a", 4, 5, "NATO", "author"), ("a", 7, 8, "Russia", "author"),
                   ("a", 10, 11, "NATO", "author"), ("a", 13, 14, "Russia", "author"),
                   ("b", 0, 1, "Russia", "quoted"), ("b", 9, 10, "Russia", "author"),
                   ("c", 1, 4, "Russia", "author")]  # "Russian Foreign Ministry" once, not also "Russian"
    assert list(frames["match"]) == ["invaded", "troops", "talks", "agreement", "invade", "negotiates", "Humanitarian"]
    # the hit inside "Humanitarian Center" is excluded; "Humanitarian aid" stays
    assert frames[frames.category == "humanitarian"].i.tolist() == [8]
    assert set(frames.lexicon) == {"toy-frames"}


def test_frame_rates_by_hand(toy):
    c, _, frames = toy
    r = frame_rates(c, frames, n_boot=200)
    cell = r.set_index(["group", "voice", "category"])
    # G1 = docs a (17 tokens) and c (11 tokens), all author voice
    assert cell.loc[("G1", "author", "military"), ["n_hits", "n_tokens"]].tolist() == [2, 28]
    assert cell.loc[("G1", "author", "military"), "per_1000"] == pytest.approx(1000 * 2 / 28)
    assert cell.loc[("G1", "author", "humanitarian"), "n_hits"] == 1
    # doc b: 6 quoted tokens, 5 author tokens
    assert cell.loc[("G2", "quoted", "military"), ["n_hits", "n_tokens"]].tolist() == [1, 6]
    assert cell.loc[("G2", "author", "diplomacy"), ["n_hits", "n_tokens"]].tolist() == [1, 5]
    assert cell.loc[("G2", "author", "military"), "n_hits"] == 0
    assert r.n_hits.sum() == len(frames)
    assert (r.thin.str.contains("fewer than 5")).all()


def test_actor_frames_by_hand_and_sums(toy):
    c, actors, frames = toy
    pairs = actor_frame_pairs(actors, frames)
    assert len(pairs) == 7
    t = actor_frames(c, pairs, actors, n_boot=200)
    cell = t.set_index(["group", "voice", "actor", "frame"])
    assert cell.loc[("G1", "author", "Russia", "diplomacy"), ["n_pairs", "n_actor_mentions"]].tolist() == [2, 4]
    assert cell.loc[("G1", "author", "Russia", "military"), ["n_pairs", "n_actor_mentions"]].tolist() == [1, 4]
    assert cell.loc[("G1", "author", "NATO", "military"), ["n_pairs", "n_actor_mentions"]].tolist() == [1, 2]
    assert cell.loc[("G2", "quoted", "Russia", "military"), ["n_pairs", "n_actor_mentions"]].tolist() == [1, 1]
    assert cell.loc[("G2", "author", "Russia", "military"), "n_pairs"] == 0  # the quoted "invade" is not the author's
    assert t.n_pairs.sum() == len(pairs)
    for row in t[t.n_pairs > 0].itertuples():
        lines = drill(c, pairs, group=row.group, voice=row.voice, actor=row.actor, frame=row.frame)
        assert len(lines) == row.n_pairs
        assert set(lines.actor) == {row.actor} and set(lines.category.astype(str)) == {row.frame}


def test_window_pairs_cross_sentences_but_not_voices(toy):
    _, actors, frames = toy
    pairs = actor_frame_pairs(actors, frames, window=2)
    got = sorted((d, a, f) for d, a, f in zip(pairs.doc_id.astype(str), pairs.actor_i, pairs.frame_i))
    assert got == [("a", 0, 1), ("a", 4, 5), ("a", 7, 5), ("a", 7, 8), ("a", 10, 8), ("b", 0, 2), ("b", 9, 10)]
    with pytest.raises(ValueError, match="window=-1 is not valid"):
        actor_frame_pairs(actors, frames, window=-1)


def test_drill_frame_rate_cell(toy):
    c, _, frames = toy
    lines = drill(c, frames, group="G1", category="military")
    assert list(lines["match"]) == ["invaded", "troops"]
    assert lines.loc[0, "right"] == " the country"


def test_bad_options_are_named(toy):
    c, _, frames = toy
    with pytest.raises(ValueError, match="block='word' is not valid; valid values: 'sentence', 'paragraph'"):
        frame_rates(c, frames, block="word")
    with pytest.raises(ValueError, match="cannot group by 'nonsense'"):
        frame_rates(c, frames, by="nonsense")


def test_top_contrasts_skips_thin_cells():
    t = pd.DataFrame({"group": ["A", "B", "A", "B"], "actor": ["R", "R", "N", "N"], "frame": ["f"] * 4,
                      "per_mention": [0.9, 0.1, 0.8, 0.0], "n_pairs": [9, 1, 2, 0]})
    out = top_contrasts(t)
    assert out[["actor", "high", "low", "n_high"]].values.tolist() == [["R", "A", "B", 9]]
    assert out.difference.tolist() == pytest.approx([0.8])


@pytest.fixture(scope="module")
def seed_framing():
    from analysis import load_corpus

    c = load_corpus()
    a = lexicon_hits(c, "actors")
    f = lexicon_hits(c, "frames")
    pairs = actor_frame_pairs(a, f)
    return c, a, f, pairs


def test_seed_intervals_reproducible_contain_estimate_and_wider_for_monitor(seed_framing):
    c, a, f, pairs = seed_framing
    r1 = frame_rates(c, f, n_boot=500, seed=11)
    r2 = frame_rates(c, f, n_boot=500, seed=11)
    pd.testing.assert_frame_equal(r1, r2)
    assert ((r1.ci_low <= r1.per_1000 + 1e-9) & (r1.per_1000 <= r1.ci_high + 1e-9)).all()
    # all frames pooled into one category: the small Monitor briefs give the wider interval
    pooled = frame_rates(c, f.assign(category="any frame"), by=["group"], n_boot=1000, seed=11).set_index("group")
    width = pooled.ci_high - pooled.ci_low
    assert width["Monitor 1998–99"] > width["Meduza 2020"]
    # and so for every frame with at least 5 author-voice hits in both
    au = r1[r1.voice == "author"].set_index(["category", "group"])
    for cat in au.index.get_level_values(0).unique():
        m, z = au.loc[(cat, "Monitor 1998–99")], au.loc[(cat, "Meduza 2020")]
        if m.n_hits >= 5 and z.n_hits >= 5:
            assert m.ci_high - m.ci_low > z.ci_high - z.ci_low, cat
    t = actor_frames(c, pairs, a, n_boot=300, seed=11)
    assert ((t.ci_low <= t.per_mention + 1e-9) & (t.per_mention <= t.ci_high + 1e-9)).all()


def test_seed_actor_frame_table_sums_and_drills(seed_framing):
    c, a, f, pairs = seed_framing
    t = actor_frames(c, pairs, a, n_boot=0)
    assert t.n_pairs.sum() == len(pairs)
    # a pair is a same-sentence, same-voice co-occurrence: recount it from the hits directly
    key = ["doc_id", "sent_id", "voice"]
    am = a.assign(doc_id=a.doc_id.astype(str), voice=a.voice.astype(str)).groupby(key).size()
    fm = f.assign(doc_id=f.doc_id.astype(str), voice=f.voice.astype(str)).groupby(key).size()
    assert int((am * fm).dropna().sum()) == len(pairs)
    for row in t[(t.n_pairs > 0) & t.actor.isin(["Russia", "NATO", "Serbia"])].itertuples():
        assert len(drill(c, pairs, group=row.group, voice=row.voice, actor=row.actor, frame=row.frame)) == row.n_pairs


def test_counts_do_not_depend_on_row_order(seed_framing):
    c, a, f, pairs = seed_framing
    shuffled = f.sample(frac=1.0, random_state=3)
    pd.testing.assert_frame_equal(frame_rates(c, f, n_boot=0), frame_rates(c, shuffled, n_boot=0))
    p2 = actor_frame_pairs(a.sample(frac=1.0, random_state=4), shuffled)
    pd.testing.assert_frame_equal(pairs, p2)


def test_zero_cells_get_the_rule_of_three_upper_bound(toy):
    c, actors, frames = toy
    r = frame_rates(c, frames, n_boot=200).set_index(["group", "voice", "category"])
    zero = r.loc[("G2", "author", "military")]
    assert (zero.n_hits, zero.ci_low) == (0, 0.0) and zero.ci_high == pytest.approx(3000 / 5)
    t = actor_frames(c, actor_frame_pairs(actors, frames), actors, n_boot=200).set_index(["group", "voice", "actor", "frame"])
    cell = t.loc[("G2", "author", "Russia", "military")]
    assert (cell.n_pairs, cell.ci_low, cell.ci_high) == (0, 0.0, 3.0)  # 3 / 1 mention


@pytest.mark.parametrize("window", [None, 3])
def test_pairs_join_on_codes_or_strings_alike(seeds, window):
    """Hits of one corpus share their doc_id / voice categories and are joined on the codes;
    hits whose columns are strings (or categoricals with other categories) go the string way.
    Both give the same pairs, in the same order."""
    actors, frames = lexicon_hits(seeds, "actors"), lexicon_hits(seeds, "frames")
    fast = actor_frame_pairs(actors, frames, window=window)
    as_str = actor_frame_pairs(actors, frames.assign(doc_id=frames.doc_id.astype(str),
                                                     voice=frames.voice.astype(str)), window=window)
    reordered = frames.assign(voice=frames.voice.cat.reorder_categories(frames.voice.cat.categories[::-1]))
    other = actor_frame_pairs(actors, reordered, window=window)
    assert len(fast) > 100 and set(fast.voice) == {"author", "quoted"}
    pd.testing.assert_frame_equal(fast, as_str)
    pd.testing.assert_frame_equal(fast, other)
    # both sides of every pair are in the pair's voice, read from the hits tables by span
    for hits, side in ((actors, "actor"), (frames, "frame")):
        voice = dict(zip(zip(hits.doc_id.astype(str), hits.i, hits.j), hits.voice.astype(str)))
        spans = zip(fast.doc_id.astype(str), fast[f"{side}_i"], fast[f"{side}_j"])
        assert [voice[s] for s in spans] == list(fast.voice)


def test_old_names_keep_working_for_one_release(toy):
    """rate → per_1000 (frame_rates) and per_mention (actor_frames); drill(unit=) → context=;
    top_contrasts' count_high / count_low → n_high / n_low, value="rate" → "per_mention"."""
    c, actors, frames = toy
    r = frame_rates(c, frames, n_boot=0)
    with pytest.warns(DeprecationWarning, match="column 'rate' is now 'per_1000'"):
        assert r.rate.tolist() == r.per_1000.tolist()
    with pytest.warns(DeprecationWarning, match="column 'rate' is now 'per_1000'"):
        wide = r[r.voice == "author"].pivot(index="category", columns="group", values="rate")
    assert wide.loc["military", "G1"] == pytest.approx(1000 * 2 / 28)
    pairs = actor_frame_pairs(actors, frames)
    t = actor_frames(c, pairs, actors, n_boot=0)
    with pytest.warns(DeprecationWarning, match="column 'rate' is now 'per_mention'"):
        assert t["rate"].tolist() == t.per_mention.tolist()
    with pytest.warns(DeprecationWarning, match=r"drill\(unit=…\) is now drill\(context=…\)"):
        old = drill(c, frames, group="G1", category="military", unit="token")
    pd.testing.assert_frame_equal(old, drill(c, frames, group="G1", category="military", context="token"))
    with pytest.warns(DeprecationWarning, match="value='rate' names the column now called 'per_mention'"):
        out = top_contrasts(t, value="rate", min_count=0)
    with pytest.warns(DeprecationWarning, match="column 'count_high' is now 'n_high'"):
        assert out.count_high.tolist() == out.n_high.tolist()
