"""Role-aware framing shares on the seeds: counts checked by hand against the lines."""

from __future__ import annotations

import pytest

from analysis.roles import role_frames, role_lines, role_tables


@pytest.fixture(scope="module")
def tables(seeds):
    return role_tables(seeds)


@pytest.fixture(scope="module")
def shares(seeds, tables):
    return role_frames(seeds, *tables, actors=["Russia", "NATO", "Serbia"], frames=["aggression_threat"], n_boot=500)


def cell(t, **kw):
    for k, v in kw.items():
        t = t[t[k].astype(str) == v]
    assert len(t) == 1
    return t.iloc[0]


def test_serbia_agent_of_aggression_in_2021_target_in_1998(shares):
    # 2021: "Serbia, acting as Russia’s proxy, is intensifying efforts to destabilize Kosovo"; "… was instigated by
    # Serbia …"; "… Vucic threatened to intervene militarily …"; "… Serbia, in cooperation with Russia, might
    # instigate a crisis …, opening a proxy armed conflict": 4 of the 22 sentences naming Serbia
    c = cell(shares, doc_id="phillips-peci-2021", actor="Serbia", role="agent", attribution="author")
    assert (c.n, c.n_sentences, c.n_links) == (4, 22, 5)
    assert c.share == pytest.approx(4 / 22)
    assert c.share_low <= c.share <= c.share_high
    # 1998: Belgrade must act "in order to avoid an attack"; "air strikes on Yugoslavia threatened by NATO"
    c = cell(shares, doc_id="monitor-1998", actor="Serbia", role="target", attribution="author")
    assert (c.n, c.n_sentences) == (2, 12)
    assert cell(shares, doc_id="monitor-1998", actor="Serbia", role="agent", attribution="author").n == 0


def test_nato_agent_in_1998_target_in_2021(shares):
    assert cell(shares, doc_id="monitor-1998", actor="NATO", role="agent", attribution="author").n == 2
    assert cell(shares, doc_id="monitor-1998", actor="NATO", role="target", attribution="author").n == 0
    c = cell(shares, doc_id="phillips-peci-2021", actor="NATO", role="target", attribution="author")
    assert (c.n, c.n_sentences) == (1, 9)  # "His greater global goal is to confront NATO …"


def test_no_share_above_one_and_zero_cells_get_the_rule_of_three(shares):
    assert (shares.share <= 1).all() and (shares.share_high <= 1).all()
    z = shares[shares.n == 0]
    assert (z.share_low == 0).all()
    assert (z.share_high == (3 / z.n_sentences).clip(upper=1)).all()


def test_every_cell_opens_to_its_lines(seeds, tables, shares):
    for r in shares[shares.n > 0].itertuples():
        lines = role_lines(seeds, tables[1], doc_id=r.doc_id, actor=r.actor, role=r.role, frame=r.frame,
                           attribution=r.attribution)
        assert len(lines) == r.n
        assert set(lines.doc_id) == {r.doc_id}


def test_groups_resample_documents(seeds, tables):
    g = role_frames(seeds, *tables, by="group", actors=["Serbia"], frames=["aggression_threat"], split_attribution=False,
                    n_boot=500)
    op = cell(g, group="op-ed", role="agent")
    assert (op.n, op.n_sentences, op.block) == (4, 27, "document")  # 22 sentences in 2021 + 5 in 2014
    assert cell(g, group="Meduza 2020", role="agent").block == "sentence"  # one document: sentences
