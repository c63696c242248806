"""The numbers quoted in the prose of notebook 05, from §4 on (its markdown cells 15 and later):
collocates of Russia, NATO and Serbia, evaluation (VADER sentiment) toward the actors, and
the dispersion of actor mentions.

Each test recomputes, on the seed corpus and with the calls and parameters of the notebook
(read from its parameters cell), the numbers one markdown cell quotes, builds the sentence
that quotes them, formatted as the prose formats them (a minus sign is "−", U+2212), and
asserts the notebook says it (:func:`prose.assert_says`). A change that moves a number
fails here instead of leaving the prose stale. The words around a number are the expected
part; the numbers are computed. (The earlier cells, §1–§3 keyness, have their own tests.)
"""

from __future__ import annotations

import inspect
import math
import warnings

import pandas as pd
import pytest

from analysis.collocation import collocates
from analysis.dispersion import actor_positions, dispersion_summary
from analysis.framing import lexicon_hits
from analysis.sentiment import (ALL_SENTENCES, THIN_MIN_SENTENCES, actor_sentiment, drill_sentiment,
                                extreme_sentences, sentence_sentiment)
from prose import MEDUZA, MONITOR, NUMBER_WORDS, OPED
from analysis import largest_cell
from prose import assert_says, effective05, num, params

NB = "05"
GROUPS = (MONITOR, OPED, MEDUZA)
#: Numbers the prose writes as words.
WORDS = {1: "once", 2: "twice"}


def pct(share: float) -> str:
    return f"{100 * share:.0f} %"


# --------------------------------------------------------------------------- shared tables


@pytest.fixture(scope="module")
def p(seeds):
    """The notebook's parameters, None resolved from the corpus as its cells do."""
    return effective05(seeds)


@pytest.fixture(scope="module")
def actor_hits(seeds, p):
    return lexicon_hits(seeds, p["ACTORS"])


@pytest.fixture(scope="module")
def collocation(seeds, actor_hits, p):
    """Cell 14: collocates of the three primary actors per group, as the notebook computes them."""
    parts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # NATO in Meduza is skipped, with a warning
        for actor in p["PRIMARY_ACTORS"]:
            parts.append(collocates(seeds, actor_hits[actor_hits.category == actor],
                                    window=(p["WINDOW"], p["WINDOW"]), by="group",
                                    min_freq=p["MIN_COLLOCATE_FREQ"], stop_words=p["STOP_WORDS"]).assign(actor=actor))
    return pd.concat(parts, ignore_index=True)


def top(collocation, p, actor: str) -> pd.DataFrame:
    """The rows the notebook shows for ``actor``: the first ``N_COLLOCATES`` per group."""
    rows = collocation[collocation.actor == actor]
    return rows.groupby("group", observed=True, sort=False).head(p["N_COLLOCATES"])


def row(table: pd.DataFrame, **where) -> pd.Series:
    """The single row of ``table`` matching the column = value filters."""
    m = pd.Series(True, index=table.index)
    for k, v in where.items():
        m &= (table[k].astype(str) == v) if isinstance(v, str) else (table[k] == v)
    (i,) = table.index[m]
    return table.loc[i]


@pytest.fixture(scope="module")
def sentences(seeds, actor_hits):
    """Cell 20: VADER scores of every (sentence, voice) that names an actor."""
    return sentence_sentiment(seeds, actor_hits)


@pytest.fixture(scope="module")
def evaluation(seeds, actor_hits, sentences, p):
    """Cell 20: the group × voice × actor means with their bootstrap intervals."""
    return actor_sentiment(seeds, actor_hits, sentences=sentences, baseline=True, n_boot=p["N_BOOT"], seed=p["SEED"])


def cell(evaluation, group: str, actor: str, voice: str = "author") -> pd.Series:
    return row(evaluation, group=group, actor=actor, voice=voice)


@pytest.fixture(scope="module")
def drilled(seeds, sentences, evaluation, p):
    """Cell 23: the sentences behind Russia in the op-eds' author voice, three lowest and three highest."""
    actor, group = (p["DRILL_ACTOR"], p["DRILL_GROUP"]) if p["DRILL_ACTOR"] and p["DRILL_GROUP"] else largest_cell(
        evaluation, columns=("actor", "group"), voice="author", exclude=[ALL_SENTENCES])
    assert (actor, group) == ("Russia", OPED)
    d = drill_sentiment(seeds, sentences, actor=actor, group=group, voice="author")
    return extreme_sentences(d, n=3)


@pytest.fixture(scope="module")
def dispersion(seeds, actor_hits, p):
    """Cell 28: mentions, first/last position and DP per document × primary actor."""
    return dispersion_summary(actor_positions(seeds, actor_hits, actors=p["PRIMARY_ACTORS"]))


# --------------------------------------------------------------------------- §4 collocates


def test_russia_collocates(collocation, p):
    """Cell 15: the collocates of Russia per group ('s first everywhere, then each group's company)."""
    shown = top(collocation, p, "Russia")
    firsts = [shown[shown.group == g].iloc[0] for g in GROUPS]
    assert all(f.collocate == "'s" for f in firsts), [f.collocate for f in firsts]
    o = [int(f.n) for f in firsts]
    assert_says(NB, f"The top collocate of Russia in every group is the possessive clitic *'s* "
                    f"({o[0]}, {o[1]} and {o[2]} co-occurrences)")

    def O(group, word):
        r = row(shown, group=group, collocate=word)
        return int(r.n), r.g2

    monitor = ", ".join(f"*{w}* ({O(MONITOR, w)[0]})" for w in ("kosovo", "belgrade", "officials"))
    assert_says(NB, f"**Monitor** with {monitor} — Russia as an actor in the Kosovo settlement")
    (uk, uk_g2), (ta, _) = O(OPED, "ukraine"), O(OPED, "talbott")
    assert_says(NB, f"**op-ed** with *ukraine* ({uk}, G² {num(uk_g2, 1)}) and *talbott* ({ta})")
    (cl, cl_g2) = O(MEDUZA, "clinton")
    rest = ", ".join(f"*{w}* ({O(MEDUZA, w)[0]})" for w in ("minister", "foreign", "said"))
    assert_says(NB, f"**Meduza** with *clinton* ({cl}, G² {num(cl_g2, 1)}), {rest} — Russia as a diplomatic speaker")
    assert_says(NB, f"*putin* next to *Russia* ({O(OPED, 'putin')[0]} in the op-eds) is another Russia mention")


def test_nato_collocates(collocation, actor_hits, p):
    """Cell 17: NATO's collocates; Meduza skipped (too few mentions); the range of n."""
    n_meduza = int((actor_hits[actor_hits.category == "NATO"].group.astype(str) == MEDUZA).sum())
    min_node = inspect.signature(collocates).parameters["min_node_freq"].default
    assert n_meduza < min_node
    assert not ((collocation.actor == "NATO") & (collocation.group.astype(str) == MEDUZA)).any()
    assert_says(NB, f"(Meduza names it {WORDS.get(n_meduza, f'{n_meduza} times')}, fewer than {min_node} times, "
                    f"so that group is skipped with a warning)")
    shown = top(collocation, p, "NATO")

    def listing(group, words):
        return ", ".join(f"*{w}* {int(row(shown, group=group, collocate=w).n)}" for w in words)

    assert_says(NB, f"In the **Monitor** briefs NATO's neighbours are military: "
                    f"{listing(MONITOR, ('strikes', 'command', 'military', 'yugoslavia'))}.")
    general = int(row(shown, group=OPED, collocate="general").n)
    assert_says(NB, f"In the **op-eds**: *general* {general} (NATO's commanders), "
                    f"{listing(OPED, ('attack', 'right'))}.")
    assert_says(NB, f"With n of {int(shown.n.min())}–{int(shown.n.max())}, these are pointers to read")


def test_serbia_collocates(collocation, p):
    """Cell 19: Serbia's collocates per group."""
    shown = top(collocation, p, "Serbia")

    def O(group, word):
        r = row(shown, group=group, collocate=word)
        return int(r.n), r.g2

    monitor = ", ".join(f"*{w}* {O(MONITOR, w)[0]}" for w in ("yugoslav", "moscow", "authorities"))
    assert_says(NB, f"**Monitor** — {monitor} (Belgrade's relations with Moscow, 1998–99)")
    eu, eu_g2 = O(OPED, "eu")
    oped = ", ".join(f"*{w}* {O(OPED, w)[0]}" for w in ("russia", "military", "kosovo"))
    assert_says(NB, f"**op-ed** — *eu* {eu} (G² {num(eu_g2, 1)}), {oped} (Serbia between the EU and Russia)")
    power, power_g2 = O(MEDUZA, "power")
    sl, el, els = (O(MEDUZA, w)[0] for w in ("slobodan", "election", "elections"))
    assert_says(NB, f"**Meduza** — *slobodan* {sl}, *election* {el}, *power* {power} (G² {num(power_g2, 1)}), "
                    f"*elections* {els} (Milošević's fall in 2000)")


# --------------------------------------------------------------------------- §5 evaluation


def test_how_a_sentence_is_scored(sentences):
    """Cell 19 (§5 intro): the example mixed sentence, its author part as scored."""
    first = sentences[sentences.mixed].iloc[0]
    assert first.voice == "author"
    assert_says(NB, f"its author part with the quoted span cut out (`{first.text}`)")


def test_author_voice_means(evaluation):
    """Cell 22, first bullet: no author-voice mean separates from zero; the Russia, Serbia,
    NATO means, intervals and sentence counts; the baselines."""
    author = evaluation[(evaluation.voice == "author") & (evaluation.thin == "")
                        & (evaluation.actor.astype(str) != ALL_SENTENCES)]
    # "between a and b" is true of the tightest 2-decimal bounds: round outward.
    lo = math.floor(round(author.mean_compound.min() * 100, 6)) / 100
    hi = math.ceil(round(author.mean_compound.max() * 100, 6)) / 100
    assert ((author.ci_low <= 0) & (author.ci_high >= 0)).all(), "an author-voice interval excludes 0"
    assert_says(NB, f"Every author-voice cell with at least {THIN_MIN_SENTENCES} sentences has a mean between "
                    f"{num(lo, plus=True)} and {num(hi, plus=True)}, and every one of their intervals "
                    f"includes 0")
    # No two groups' intervals separate for any actor in the author voice (cell 27, "none do").
    for _, d in author.groupby("actor", observed=True):
        assert d.ci_low.max() <= d.ci_high.min(), f"author-voice intervals separate for {d.actor.iloc[0]}"

    def ci(r, plus=False):
        return f"[{num(r.ci_low, plus=plus)}, {num(r.ci_high, plus=plus)}]"

    r = [cell(evaluation, g, "Russia") for g in GROUPS]
    assert_says(NB, f"Russia {num(r[0].mean_compound, plus=True)} {ci(r[0])} (Monitor, n = {r[0].n_sentences}), "
                    f"{num(r[1].mean_compound, plus=True)} {ci(r[1])} (op-ed, n = {r[1].n_sentences}), "
                    f"{num(r[2].mean_compound, plus=True)} {ci(r[2])} (Meduza, n = {r[2].n_sentences})")
    s = [cell(evaluation, g, "Serbia") for g in GROUPS]
    assert_says(NB, f"Serbia {', '.join(num(x.mean_compound, plus=True) for x in s)} "
                    f"(n = {', '.join(str(x.n_sentences) for x in s)})")
    n = [cell(evaluation, g, "NATO") for g in (MONITOR, OPED)]
    assert_says(NB, f"NATO {num(n[0].mean_compound, plus=True)} and {num(n[1].mean_compound, plus=True)} "
                    f"(Monitor n = {n[0].n_sentences}, op-ed n = {n[1].n_sentences})")
    b = [cell(evaluation, g, ALL_SENTENCES) for g in GROUPS]
    assert_says(NB, f"The baselines are {', '.join(num(x.mean_compound, plus=True) for x in b)}.")


def test_ukraine_and_shares(evaluation):
    """Cell 22, second and third bullets: Ukraine in the op-eds; shares of negative sentences in Monitor."""
    uk, base = cell(evaluation, OPED, "Ukraine"), cell(evaluation, OPED, ALL_SENTENCES)
    assert_says(NB, f"**Ukraine in the op-eds**: {num(uk.mean_compound, plus=True)} "
                    f"[{num(uk.ci_low, plus=True)}, {num(uk.ci_high, plus=True)}], n = {uk.n_sentences}, "
                    f"{pct(uk.share_negative)} of those sentences negative vs {pct(base.share_negative)} "
                    f"for all op-ed author sentences")
    assert uk.ci_high > 0, "the prose says the Ukraine interval still reaches above 0"
    se, na, al = (cell(evaluation, MONITOR, a) for a in ("Serbia", "NATO", ALL_SENTENCES))
    assert_says(NB, f"in the Monitor briefs {pct(se.share_negative)} of the Serbia sentences (n = {se.n_sentences}) "
                    f"and {pct(na.share_negative)} of the NATO sentences (n = {na.n_sentences}) score negative, "
                    f"against {pct(al.share_negative)} of all Monitor sentences")
    assert se.ci_low <= 0 <= se.ci_high and na.ci_low <= 0 <= na.ci_high


def test_quoted_voice(evaluation):
    """Cell 22, last bullet: Meduza's interviewees on Russia vs their baseline and Meduza's narration."""
    quoted = evaluation[evaluation.voice == "quoted"]
    assert (quoted.thin != "").sum() > len(quoted) / 2, "the prose says almost every quoted cell is thin"
    r, b = cell(evaluation, MEDUZA, "Russia", "quoted"), cell(evaluation, MEDUZA, ALL_SENTENCES, "quoted")
    narration = cell(evaluation, MEDUZA, ALL_SENTENCES, "author")

    def mci(x):
        return f"{num(x.mean_compound, plus=True)} [{num(x.ci_low, plus=True)}, {num(x.ci_high, plus=True)}]"

    assert_says(NB, f"Meduza's interviewees speak of Russia at {mci(r)} (n = {r.n_sentences}) — barely above 0 "
                    f"and in line with their baseline of {mci(b)} (n = {b.n_sentences})")
    assert_says(NB, f"more positive in tone than Meduza's narration ({num(narration.mean_compound, plus=True)})")


def test_drilled_sentences(drilled, sentences):
    """Cell 24: the six extreme sentences of Russia in the op-eds' author voice."""
    assert_says(NB, f"These {NUMBER_WORDS[len(drilled)]} sentences are the evidence")
    worst = drilled.iloc[0]
    actors = worst.actors.split("; ")
    assert set(actors) == {"Russia", "United States", "Ukraine", "Serbia", "Kosovo"}
    assert_says(NB, f"The most negative sentence ({num(worst.compound)}, {worst.doc_id} #{worst.sent_id}) "
                    f"names {NUMBER_WORDS[len(actors)]} actors — Russia (Putin), the US, Ukraine, Serbia, Kosovo")
    # Cell 27 refers back to it by a shorter name.
    assert_says(NB, "gives the same score to each (on the seeds: the most negative sentence above)")

    def score(sent_id):
        r = row(drilled, doc_id="norris-2014", sent_id=sent_id)
        return num(r.compound, plus=True)

    assert_says(NB, f"Norris #12 scores {score(12)} (*hoping*, *peacekeepers*)")
    assert_says(NB, f"Norris #49 scores {score(49)} (*thanks*, *help*)")
    # Norris #55 is among the six, mixed, and only its author part is scored here.
    n55 = row(drilled, doc_id="norris-2014", sent_id=55)
    assert n55.mixed and n55.voice == "author" and n55.text.startswith("As Putin argued to Talbott")
    both = sentences[(sentences.doc_id.astype(str) == "norris-2014") & (sentences.sent_id == 55)]
    assert set(both.voice.astype(str)) == {"author", "quoted"}
    assert_says(NB, "Norris #55 is a mixed sentence: only its author part")


def test_clark_sentence(sentences):
    """Cell 26: Clark's mixed sentence, split into the author's attribution and Clark's words."""
    clark = sentences[sentences.mixed & (sentences.speaker == "Clark")]
    (doc,), (sid,) = set(clark.doc_id.astype(str)), set(clark.sent_id)
    both = sentences[(sentences.doc_id.astype(str) == doc) & (sentences.sent_id == sid)].set_index("voice")
    author, quoted = both.loc["author"], both.loc["quoted"]
    assert quoted.actors == "Russia; NATO"
    assert_says(NB, f"In Clark's sentence ({doc} #{sid}) the author's attribution (*said NATO's military commander")
    assert_says(NB, f"the Russians to partition Kosovo,*) scores {num(author.compound, 1)}, while Clark's own words "
                    f"(*The danger was … we would have lost NATO control over the mission.*) score "
                    f"{num(quoted.compound)} and count for Russia and NATO in the **quoted** voice")


# --------------------------------------------------------------------------- §6 dispersion


def test_dispersion(dispersion):
    """Cell 30: mentions, positions and DP of Russia, Serbia and NATO along the documents."""
    def at(doc, actor):
        return row(dispersion, doc_id=doc, actor=actor)

    russia = dispersion[dispersion.actor.astype(str) == "Russia"]
    assert (russia.n_mentions > 0).all(), "the prose says Russia runs through every text"
    r = at("norris-2014", "Russia")
    assert_says(NB, f"**Russia runs through every text** (DP {num(russia.dp.min())}–{num(russia.dp.max())}; "
                    f"e.g. {r.n_mentions} mentions in norris-2014, DP {num(r.dp)}, from position {num(r['first'])} "
                    f"to {num(r['last'])})")
    s = at("norris-2014", "Serbia")
    assert_says(NB, f"in norris-2014 its {s.n_mentions} mentions all fall in the first {pct(s['last'])} of the text "
                    f"(last = {num(s['last'], 3)}, DP {num(s.dp)})")
    m = at("meduza-2020", "Serbia")
    assert_says(NB, f"in Meduza it is named {m.n_mentions} times across the whole text (DP {num(m.dp)})")
    n = at("meduza-2020", "NATO")
    assert_says(NB, f"**NATO is nearly absent from Meduza** ({n.n_mentions} mentions, at {num(n['first'])} "
                    f"and {num(n['last'])})")
    pp = at("phillips-peci-2021", "NATO")
    assert_says(NB, f"phillips-peci-2021 ({pp.n_mentions} mentions, DP {num(pp.dp)})")
