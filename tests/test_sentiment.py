"""Evaluation toward actors: VADER on the (sentence, voice) texts that mention each actor."""

import numpy as np
import pandas as pd
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from analysis.framing import lexicon_hits
from analysis.sentiment import (ALL_SENTENCES, actor_sentiment, drill_sentiment, sentence_sentiment, voice_texts)

VADER = SentimentIntensityAnalyzer()

TOY = {
    "a": (
        "Putin said: “NATO is a terrible threat to peace and we will never accept it.” Russia is a great friend.\n\n"
        "Serbia is sad. Belgrade and Serbia are wonderful!\n"
    ),
    "b": "Nothing happened here at all today. Russia won. Russia lost badly. Russia is fine. Russia is good. "
         "Russia is horrible.\n",
}
GROUPS = {"a": "g1", "b": "g2"}


@pytest.fixture
def toy(make_corpus):
    return make_corpus(TOY, groups=GROUPS)


def compound(text):
    return VADER.polarity_scores(text)["compound"]


def test_mixed_sentence_is_split_by_voice_into_natural_text(toy):
    vt = voice_texts(toy)
    first = vt[(vt.doc_id == "a") & (vt.sent_id == 0)]
    assert first.voice.astype(str).tolist() == ["author", "quoted"]
    assert first.mixed.tolist() == [True, True]
    assert first.text.tolist() == ["Putin said:", "“NATO is a terrible threat to peace and we will never accept it.”"]
    assert first.n_tokens.tolist() == [2, 13]
    assert first.speaker.tolist()[0] == ""
    whole = vt[(vt.doc_id == "a") & (vt.sent_id == 1)]
    assert whole.text.tolist() == ["Russia is a great friend."] and not whole.mixed.any()


def test_compound_equals_vader_on_the_exact_text(toy):
    s = sentence_sentiment(toy, lexicon_hits(toy, "actors"))
    got = dict(zip(zip(s.doc_id.astype(str), s.sent_id, s.voice.astype(str)), s.compound))
    expected = {
        ("a", 0, "author"): compound("Putin said:"),
        ("a", 0, "quoted"): compound("“NATO is a terrible threat to peace and we will never accept it.”"),
        ("a", 1, "author"): compound("Russia is a great friend."),
        ("a", 2, "author"): compound("Serbia is sad."),
        ("a", 3, "author"): compound("Belgrade and Serbia are wonderful!"),
    }
    assert set(got).issuperset(expected)
    for k, v in expected.items():
        assert got[k] == v, k
    # worked by hand from the bundled lexicon (great 3.1, friend 2.2, sad −2.1) and VADER's
    # normalisation x / sqrt(x² + 15), rounded to 4 places: a lexicon or version change shows up here
    assert got[("a", 1, "author")] == round(5.3 / np.sqrt(5.3**2 + 15), 4) == 0.8074
    assert got[("a", 2, "author")] == round(-2.1 / np.sqrt(2.1**2 + 15), 4) == -0.4767
    assert got[("a", 0, "author")] == 0.0


def test_actors_follow_the_voice_of_their_tokens(toy):
    s = sentence_sentiment(toy, lexicon_hits(toy, "actors"))
    a0 = s[(s.doc_id == "a") & (s.sent_id == 0)].set_index(s.voice.astype(str)[(s.doc_id == "a") & (s.sent_id == 0)])
    assert a0.loc["author", "actors"] == "Russia"  # Putin, in the attribution
    assert a0.loc["quoted", "actors"] == "NATO"  # inside the quotation
    two = s[(s.doc_id == "a") & (s.sent_id == 3)].iloc[0]
    assert two.actors == "Serbia" and two.n_mentions == 2  # Belgrade + Serbia: one sentence, two mentions
    assert "Nothing happened" not in " ".join(s.text)  # sentences naming no actor are not scored


def test_actor_table_by_hand(toy):
    hits = lexicon_hits(toy, "actors")
    t = actor_sentiment(toy, hits, n_boot=200)
    assert list(t.columns) == ["group", "voice", "actor", "n_sentences", "n_mentions", "mean_compound", "ci_low",
                               "ci_high", "share_positive", "share_negative", "thin"]
    g2 = t[(t.group == "g2") & (t.voice == "author") & (t.actor == "Russia")].iloc[0]
    texts = ["Russia won.", "Russia lost badly.", "Russia is fine.", "Russia is good.", "Russia is horrible."]
    scores = np.array([compound(x) for x in texts])
    assert g2.n_sentences == 5 and g2.n_mentions == 5
    assert g2.mean_compound == pytest.approx(scores.mean(), abs=1e-12)
    assert g2.share_positive == pytest.approx((scores >= 0.05).mean())
    assert g2.share_negative == pytest.approx((scores <= -0.05).mean())
    assert g2.thin == "" and g2.ci_low <= g2.mean_compound <= g2.ci_high
    serbia = t[(t.group == "g1") & (t.actor == "Serbia")].iloc[0]
    assert serbia.n_sentences == 2 and serbia.n_mentions == 3 and serbia.thin == "fewer than 5 sentences"
    assert serbia.mean_compound == pytest.approx((compound("Serbia is sad.") + compound("Belgrade and Serbia are wonderful!")) / 2)
    nato = t[(t.group == "g1") & (t.voice == "quoted")]
    assert nato.actor.astype(str).tolist() == ["NATO"]
    # no cell without sentences, so no NaN means
    assert np.isfinite(t.mean_compound).all() and (t.n_sentences > 0).all()


def test_deterministic_with_the_seed_and_independent_of_other_cells(seeds):
    hits = lexicon_hits(seeds, "actors")
    a = actor_sentiment(seeds, hits, n_boot=300, seed=7)
    b = actor_sentiment(seeds, hits, n_boot=300, seed=7)
    pd.testing.assert_frame_equal(a, b)
    c = actor_sentiment(seeds, hits, n_boot=300, seed=8)
    assert not np.allclose(a.ci_low, c.ci_low)
    pd.testing.assert_series_equal(a.mean_compound, c.mean_compound)
    only = actor_sentiment(seeds, hits, actors=["Serbia"], n_boot=300, seed=7)
    mine = a[a.actor == "Serbia"].reset_index(drop=True)
    np.testing.assert_array_equal(only.ci_low.to_numpy(), mine.ci_low.to_numpy())
    # row order: unit categories, then actor order
    assert a.group.cat.categories.tolist() == seeds.tokens.group.cat.categories.tolist()
    assert a.equals(a.sort_values(["group", "voice", "actor"], kind="stable").reset_index(drop=True))


def test_intervals_are_a_sentence_block_bootstrap_of_the_mean(toy):
    t = actor_sentiment(toy, lexicon_hits(toy, "actors"), n_boot=0)
    assert t.ci_low.isna().all() and t.ci_high.isna().all()
    one = actor_sentiment(toy, lexicon_hits(toy, "actors"), n_boot=100)
    single = one[one.n_sentences == 1]
    assert (single.ci_low == single.mean_compound).all() and (single.ci_high == single.mean_compound).all()


def test_every_cell_drills_to_its_sentences(seeds):
    hits = lexicon_hits(seeds, "actors")
    sents = sentence_sentiment(seeds, hits)
    table = actor_sentiment(seeds, hits, sentences=sents, n_boot=0)
    for row in table.itertuples(index=False):
        lines = drill_sentiment(seeds, sents, actor=str(row.actor), group=row.group, voice=row.voice)
        assert len(lines) == row.n_sentences
        assert lines.compound.mean() == pytest.approx(row.mean_compound)
        assert lines.n_mentions.sum() >= row.n_sentences


def test_baseline_counts_every_sentence_of_the_voice(seeds):
    hits = lexicon_hits(seeds, "actors")
    t = actor_sentiment(seeds, hits, baseline=True, n_boot=0)
    assert t.actor.cat.categories[-1] == ALL_SENTENCES
    base = t[t.actor == ALL_SENTENCES].set_index(["group", "voice"], drop=False)
    vt = voice_texts(seeds)
    n = vt.groupby(["group", "voice"], observed=True).size()
    for (g, v), k in n.items():
        assert base.loc[(g, v), "n_sentences"] == k
    everything = sentence_sentiment(seeds)
    lines = drill_sentiment(seeds, everything, actor=ALL_SENTENCES, group="op-ed", voice="author")
    assert len(lines) == base.loc[("op-ed", "author"), "n_sentences"]


def test_by_a_document_column(seeds):
    t = actor_sentiment(seeds, lexicon_hits(seeds, "actors"), by=["year", "voice"], actors=["Russia"], n_boot=0)
    assert sorted(t.year.unique().tolist()) == [1998, 1999, 2014, 2020, 2021]
    per_group = actor_sentiment(seeds, lexicon_hits(seeds, "actors"), by="voice", actors=["Russia"], n_boot=0)
    assert per_group.n_sentences.sum() == t.n_sentences.sum()


def test_voice_texts_cover_every_token_and_whole_sentences(seeds):
    vt = voice_texts(seeds)
    sents = seeds.sentences.set_index(["doc_id", "sent_id"])
    whole = vt[~vt.mixed]
    for r in whole.head(60).itertuples():
        assert r.text == " ".join(sents.loc[(r.doc_id, r.sent_id), "text"].split())
    mixed = vt[vt.mixed]
    assert len(mixed) == 2 * int((seeds.sentences.voice == "mixed").sum())
    texts = dict(zip(zip(mixed.doc_id.astype(str), mixed.sent_id, mixed.voice.astype(str)), mixed.text))
    toks = seeds.tokens
    keys = set((d, s) for d, s, _ in texts)
    sel = toks[[(str(d), s) in keys for d, s in zip(toks.doc_id, toks.sent_id)]]
    for t in sel.itertuples():
        assert str(t.token) in texts[(str(t.doc_id), t.sent_id, str(t.voice))]
    # the author part of a mixed sentence never carries the quotation marks of the quote
    assert not mixed[mixed.voice == "author"].text.str.contains("“").any()


def test_scores_are_kept_on_disk_by_text_and_read_back(toy, tmp_path, monkeypatch):
    import analysis.sentiment as S

    hits = lexicon_hits(toy, "actors")
    first = sentence_sentiment(toy, hits, cache=tmp_path)
    files = list((tmp_path / "sentiment").rglob("vader-*.parquet"))
    assert len(files) == 1 and files[0].parent.name == toy.meta["sha256"]
    assert len(pd.read_parquet(files[0])) == first.text.nunique()

    def no_vader(text):
        raise AssertionError(f"scored again: {text!r}")

    monkeypatch.setattr(S, "polarity", no_vader)
    again = sentence_sentiment(toy, hits, cache=tmp_path)  # every text read back, none scored
    pd.testing.assert_frame_equal(again, first)
    monkeypatch.undo()
    everything = sentence_sentiment(toy, cache=tmp_path)  # new texts are scored and added
    assert len(pd.read_parquet(files[0])) == everything.text.nunique() > first.text.nunique()
    assert everything.compound.tolist() == [compound(t) for t in everything.text]
    from analysis.corpus.cache import derived_dir  # default (cache=None): a small corpus is never cached
    assert derived_dir(toy, None, "sentiment") is None and derived_dir(toy, tmp_path, "sentiment") == files[0].parent
