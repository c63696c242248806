"""Generated findings on the seeds: what holds, what does not, and the lines behind each."""

from __future__ import annotations

import pytest

from analysis._core.html import md
from analysis.findings import contrasts, representative_lines, statements, timeline
from analysis.roles import role_frames, role_tables

ACTORS = ["Russia", "NATO", "Serbia"]


@pytest.fixture(scope="module")
def tables(seeds):
    return role_tables(seeds)


@pytest.fixture(scope="module")
def shares(seeds, tables):
    return role_frames(seeds, *tables, actors=ACTORS, n_boot=2000)


@pytest.fixture(scope="module")
def found(seeds, shares, tables):
    return statements(seeds, shares, tables[1], actors=ACTORS)


def test_what_holds_on_the_seeds(found):
    holds = found[found.status == "holds"]
    assert sorted(zip(holds.actor, holds.role, holds.frame, holds.before, holds.after)) == [
        ("Russia", "agent", "aggression_threat", "meduza-2020", "phillips-peci-2021"),
        ("Serbia", "agent", "aggression_threat", "meduza-2020", "phillips-peci-2021"),
        ("Serbia", "agent", "alliance_cooperation", "meduza-2020", "phillips-peci-2021"),
        ("Serbia", "agent", "military_security", "meduza-2020", "phillips-peci-2021"),
    ]
    r = holds[(holds.actor == "Serbia") & (holds.frame == "aggression_threat")].iloc[0]
    assert (r.n_after, r.of_after, r.n_before, r.of_before) == (4, 22, 0, 73)
    assert "4 of 22 sentences" in r.statement and "0 of 73 sentences" in r.statement


def test_every_statements_lines_come_from_the_document_it_names(found):
    assert (found.status == "carried by names or titles").sum() >= 1  # e.g. NATO × law: "Article 5 of the … charter"
    for r in found[found.status != "carried by names or titles"].itertuples():
        top = r.after if r.share_after >= r.share_before else r.before
        assert r.lines, r.statement
        assert all(line.startswith(f"{top}: ") for line in r.lines)
        assert len(r.lines) <= 3


def test_no_share_above_one_and_statuses_are_honest(shares, found):
    assert (shares.share <= 1).all()
    assert set(found.status) <= {"holds", "not separated", "carried by one sentence", "carried by one paragraph",
                                 "carried by names or titles"}
    ns = found[found.status == "not separated"]
    assert ((ns.low_after <= ns.high_before) & (ns.low_before <= ns.high_after)).all()


def test_contrasts_list_every_pair_in_date_order(shares):
    c = contrasts(shares, actor="Serbia", role="agent", frame="aggression_threat")
    docs = ["monitor-1998", "monitor-1999", "norris-2014", "meduza-2020", "phillips-peci-2021"]
    kept = [d for d in docs if shares[(shares.doc_id == d) & (shares.actor == "Serbia")].n_sentences.iloc[0] >= 5]
    assert list(zip(c.before, c.after)) == [(a, b) for k, a in enumerate(kept) for b in kept[k + 1:]]


def test_lines_never_use_a_cue_inside_a_name(seeds, tables):
    links = tables[1]
    assert (links.cue_pos == "PROPN").any()  # e.g. "Humanitarian Center", "Foreign Ministry"
    for (d, a, ro, fr), _ in links[links.role.isin(["agent", "target"])].groupby(["doc_id", "actor", "role", "frame"]):
        lines = representative_lines(seeds, links, doc_id=d, actor=a, role=ro, frame=fr)
        assert (lines.cue_pos != "PROPN").all()


def test_timeline_is_in_date_order(shares):
    t = timeline(shares, actor="Serbia", top=2)
    order = ["monitor-1998", "monitor-1999", "norris-2014", "meduza-2020", "phillips-peci-2021"]
    assert sorted(set(t.doc_id), key=order.index) == list(dict.fromkeys(t.doc_id))


def test_md_escapes_markup():
    assert md("<img src=x onerror=alert(1)>") == r"&lt;img src=x onerror=alert\(1\)&gt;"
    assert "<" not in md("<script>") and "*" not in md("**").replace("\\*", "")
