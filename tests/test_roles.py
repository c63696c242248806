"""Roles of actor mentions on the seeds: every construction the codebook names, checked by
hand against its line, and the changes the texts show between the briefs and the op-eds."""

from __future__ import annotations

import pytest

from analysis.roles import role_tables


@pytest.fixture(scope="module")
def tables(seeds):
    return role_tables(seeds)


def mention(tables, doc, sid, match, nth=0):
    m = tables[0]
    return m[(m.doc_id == doc) & (m.sent_id == sid) & (m.match == match)].iloc[nth]


@pytest.mark.parametrize("doc, sid, match, role, predicate, construction", [
    # active: "Serbia, acting as Russia’s proxy, is intensifying efforts to destabilize Kosovo, …"
    ("phillips-peci-2021", 6, "Serbia", "agent", "intensify", "subject of an active verb"),
    ("phillips-peci-2021", 6, "Kosovo", "target", "destabilize", "object of a verb"),
    # "X's proxy": the principal acts through its proxy
    ("phillips-peci-2021", 6, "Russia", "agent", "intensify", "'as' phrase naming the subject"),
    # passive with by: "… air strikes on Yugoslavia threatened by NATO"
    ("monitor-1998", 3, "NATO", "agent", "threaten", "by-phrase"),
    # passive subject and coordination: "Ivanov and Sergeev were unexpectedly dispatched to Belgrade by … Yeltsin"
    ("monitor-1998", 3, "Ivanov", "target", "dispatch", "subject of a passive"),
    ("monitor-1998", 3, "Sergeev", "target", "dispatch", "subject of a passive, via conj"),
    ("monitor-1998", 3, "Yeltsin", "agent", "dispatch", "by-phrase"),
    # nominalisation aimed at: "air strikes on Yugoslavia"
    ("monitor-1998", 3, "Yugoslavia", "target", "strike", "object of 'on' after an action"),
    # a place is other: "dispatched to Belgrade"
    ("monitor-1998", 3, "Belgrade", "other", "", "object of 'to'"),
    # nominalisation owned: "Russian diplomats have labored vigorously to avert any possible NATO military strikes on Yugoslavia."
    ("monitor-1998", 11, "NATO", "agent", "strike", "owner of an action noun"),
    ("monitor-1998", 11, "Russian", "agent", "labor", "subject of an active verb, via amod of diplomats"),
    # possessive owner of an action: "Russia’s botched Kosovo invasion should offer insight …"
    ("norris-2014", 68, "Russia", "agent", "invasion", "owner of an action noun"),
    ("norris-2014", 68, "Kosovo", "target", "invasion", "compound of an action noun"),
    # possessive: "The other involves NATO, and is aimed both at resisting NATO’s penetration of the region …"
    ("monitor-1998", 14, "NATO", "target", "involve", "object of a verb"),
    # undergoing: "… in order to avoid an attack, Belgrade must end hostilities in Kosovo, …"
    ("monitor-1998", 2, "Belgrade", "agent", "end", "subject of an active verb"),
    # the one confronted: "His greater global goal is to confront NATO and undermine US leadership …"
    ("phillips-peci-2021", 3, "NATO", "target", "confront", "object of a verb"),
    # verbs of saying: "Milošević’s only hope, said Putin, was election fraud."
    ("meduza-2020", 56, "Putin", "agent", "say", "subject of an active verb"),
    # an owner without action is other: "… the Russian Empire’s past glory"
    ("phillips-peci-2021", 3, "Russian", "other", "", "poss of a noun without action"),
])
def test_constructions(tables, doc, sid, match, role, predicate, construction):
    r = mention(tables, doc, sid, match)
    assert (r.role, r.predicate) == (role, predicate)
    assert r.how.startswith(construction)


def test_by_phrase_after_a_compound_that_names_the_same_actor(tables):
    # "The most recent crisis in Kosovo-Serbia relations was instigated by Serbia …": the part
    # "Serbia" of "Kosovo-Serbia" is a mention too (other: it names the relations), the by-phrase the agent
    first, second = mention(tables, "phillips-peci-2021", 28, "Serbia"), mention(tables, "phillips-peci-2021", 28, "Serbia", nth=1)
    assert (first.role, first.start < second.start) == ("other", True)
    assert (second.role, second.predicate) == ("agent", "instigate") and second.how.startswith("by-phrase")


def test_the_second_mention_in_a_sentence_has_its_own_role(tables):
    r = mention(tables, "monitor-1998", 14, "NATO", nth=1)  # "… resisting NATO’s penetration of the region"
    assert (r.role, r.predicate, r.how) == ("agent", "penetration", "owner of an action noun")


def test_one_mention_two_roles_through_its_predicate(tables):
    # Belgrade is the agent of ending the hostilities and the target of the attack it must avoid
    links = tables[1]
    b = links[(links.doc_id == "monitor-1998") & (links.sent_id == 2) & (links.match == "Belgrade")]
    assert sorted(zip(b.cue, b.role.astype(str))) == [("attack", "target"), ("hostilities", "agent")]


def test_nato_is_agent_of_aggression_in_the_briefs_and_target_in_the_op_eds(tables):
    links = tables[1]
    n = links[(links.actor == "NATO") & (links.frame == "aggression_threat")]
    got = sorted((r.doc_id, r.role, r.cue) for r in n.itertuples())
    assert got == [("monitor-1998", "agent", "penetration"), ("monitor-1998", "agent", "threatened"),
                   ("phillips-peci-2021", "target", "confront")]


def test_serbia_is_target_in_the_briefs_and_agent_in_the_2021_op_ed(tables):
    links = tables[1]
    s = links[(links.actor == "Serbia") & (links.frame == "aggression_threat")]
    got = sorted((r.doc_id, r.sent_id, r.match, r.role, r.cue) for r in s.itertuples())
    assert got == [
        ("monitor-1998", 2, "Belgrade", "target", "attack"),
        ("monitor-1998", 3, "Yugoslavia", "target", "threatened"),
        ("phillips-peci-2021", 6, "Serbia", "agent", "destabilize"),
        ("phillips-peci-2021", 28, "Serbia", "agent", "instigated"),
        ("phillips-peci-2021", 43, "Vucic", "agent", "threatened"),
        ("phillips-peci-2021", 46, "Serbia", "agent", "instigate"),
        ("phillips-peci-2021", 46, "Serbia", "agent", "proxy"),
    ]


def test_a_cue_inside_what_is_reported_carries_the_reported_attribution(tables):
    links = tables[1]
    # "Vladimir Putin claims that protecting ethnic Russians justifies military action against Ukraine."
    x = links[(links.doc_id == "phillips-peci-2021") & (links.sent_id == 1)]
    assert sorted(zip(x.match, x.role.astype(str), x.frame, x.attribution, x.source)) == [
        ("Russians", "target", "humanitarian", "reported", "Putin"),
        ("Ukraine", "target", "military_security", "reported", "Putin"),
    ]
    # "… Russia invaded and occupied Crimea, …, claiming to protect ethnic Russians.": the pretext is Russia's claim
    y = links[(links.doc_id == "phillips-peci-2021") & (links.sent_id == 10) & (links.match == "Russia")]
    assert sorted(zip(y.cue, y.attribution)) == [("invaded", "author"), ("occupied", "author"), ("protect ethnic", "reported")]


def test_offsets_slice_the_raw_text(seeds, tables):
    m, links = tables
    raw = {d: seeds.raw(d) for d in seeds.documents.doc_id}
    assert all(raw[d][a:b] == t for d, a, b, t in zip(m.doc_id, m.start, m.end, m.match))
    p = m[m.predicate_start >= 0]
    words = [raw[d][a:b] for d, a, b in zip(p.doc_id, p.predicate_start, p.predicate_end)]
    assert all(w and not any(ch.isspace() for ch in w) for w in words)
    # "Russian government ministers … warned the Yugoslav leader that his country faces NATO air strikes"
    assert words[:3] == ["warned", "warned", "strikes"]
    assert all(raw[d][a:b] == t for d, a, b, t in zip(links.doc_id, links.cue_start, links.cue_end, links.cue))


def test_every_mention_has_one_row(seeds, tables):
    from analysis.framing import lexicon_hits

    hits = lexicon_hits(seeds, "actors")
    m = tables[0]
    assert len(m) == len(hits) == 680
    assert sorted(zip(m.doc_id, m.start)) == sorted(zip(hits.doc_id.astype(str), hits.start))
    assert set(m.role.astype(str)) <= {"agent", "target", "other"}


def test_what_an_accuser_holds_against_someone_is_not_the_accusers_act(make_corpus):
    # "condemned the bombing", "accused NATO of aggression": the bombing and the aggression are
    # the acts the source holds against another party; before, the accuser was linked to them as
    # their agent. What one threatens to do stays one's own act.
    corpus = make_corpus({
        "a": "Russia condemned the bombing of Serbia.",
        "b": "Russia accused NATO of aggression against Serbia.",
        "c": "Vucic threatened to intervene militarily in Kosovo.",
    })
    roles, links = role_tables(corpus)
    got = sorted(zip(links.doc_id, links.match, links.role, links.predicate, links.cue))
    assert got == [
        ("a", "Serbia", "target", "bombing", "bombing"),
        ("b", "Serbia", "target", "aggression", "aggression"),
        ("c", "Vucic", "agent", "threaten", "intervene"),
        ("c", "Vucic", "agent", "threaten", "militarily"),
        ("c", "Vucic", "agent", "threaten", "threatened"),
    ]
    russia = roles[roles.match == "Russia"]
    assert russia.role.tolist() == ["agent", "agent"] and russia.predicate.tolist() == ["condemn", "accuse"]
    assert russia.frames.tolist() == ["", ""]


def test_what_one_warns_of_or_against_is_not_ones_own_act(make_corpus):
    # "warned of a humanitarian catastrophe", "warned NATO against the bombing": a danger the
    # source names; before, Russia was the agent of "humanitarian" and Moscow of "bombing"
    corpus = make_corpus({
        "a": "Russia warned of a humanitarian catastrophe in Kosovo.",
        "b": "Moscow warned NATO against the bombing of Serbia.",
    })
    roles, links = role_tables(corpus)
    assert sorted(zip(links.doc_id, links.match, links.role, links.predicate, links.cue)) == [
        ("b", "Serbia", "target", "bombing", "bombing")]
    got = sorted(zip(roles.doc_id, roles.match, roles.role, roles.predicate, roles.frames))
    assert got == [("a", "Kosovo", "other", "", ""), ("a", "Russia", "agent", "warn", ""),
                   ("b", "Moscow", "agent", "warn", ""), ("b", "NATO", "target", "warn", ""),
                   ("b", "Serbia", "target", "bombing", "military_security")]


def test_what_the_documents_author_says_of_itself_is_its_own_claim(make_corpus, tmp_path):
    # "Belgium believes that NATO must protect Kosovo" in Belgium's own speech (manifest authors:
    # Belgium) is Belgium's claim: the mentions in it are the author's, not reported with source Belgium
    from toy import build

    text = "Belgium believes that NATO must protect Kosovo. Russia claims that NATO threatens Serbia."
    got = {}
    for name, extra in (("own", {"a": {"authors": "Belgium"}}), ("plain", None)):
        roles, links = role_tables(build({"a": text}, extra=extra))
        got[name] = list(zip(roles.sent_id, roles.match, roles.attribution.astype(str), roles.source))
        assert list(zip(links.match, links.cue, links.attribution.astype(str), links.source)) == [
            ("NATO", "threatens", "reported", "Russia"), ("Serbia", "threatens", "reported", "Russia")]
    assert got["own"] == [(0, "NATO", "author", ""), (0, "Kosovo", "author", ""), (1, "Russia", "author", ""),
                          (1, "NATO", "reported", "Russia"), (1, "Serbia", "reported", "Russia")]
    assert got["plain"][:2] == [(0, "NATO", "reported", "Belgium"), (0, "Kosovo", "reported", "Belgium")]
