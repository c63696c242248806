"""Personalisation, modality and reporting verbs on the seeds, checked against the lines."""

from __future__ import annotations

import pytest

from analysis.attribution import sentence_attribution
from analysis.measures import modality, personalisation, reporting_verbs


@pytest.fixture(scope="module")
def att(seeds):
    return sentence_attribution(seeds)


def test_russia_becomes_putin(seeds):
    p = personalisation(seeds, actors=["Russia"]).set_index("doc_id")
    # the Monitor names Russian ministers and envoys (Ivanov ×4 in 1999 — "the Talbott-Ivanov talks" among them —
    # Chernomyrdin ×3), never Putin
    assert p.loc["monitor-1998", "top_person"] == "Ivanov" and p.loc["monitor-1999", "top_person"] == "Ivanov"
    assert p.loc["monitor-1999", "n_top"] == 4
    # the op-eds: Putin is a quarter or a third of Russia
    assert (p.loc["norris-2014", "top_person"], p.loc["norris-2014", "n_top"], p.loc["norris-2014", "n_mentions"]) == ("Putin", 25, 84)
    assert (p.loc["phillips-peci-2021", "top_person"], p.loc["phillips-peci-2021", "n_top"]) == ("Putin", 17)
    assert p.loc["monitor-1998", "n_person"] == 7 and p.loc["monitor-1998", "n_mentions"] == 21
    assert (p.share_low <= p.share).all() and (p.share <= p.share_high).all()


def test_nato_is_never_a_person_outside_norris(seeds):
    p = personalisation(seeds, actors=["NATO"]).set_index("doc_id")
    assert p.n_person.to_dict() == {"monitor-1998": 0, "monitor-1999": 0, "norris-2014": 5, "meduza-2020": 0,
                                    "phillips-peci-2021": 0}  # General Clark / General Jackson in 2014


def test_the_monitor_hedges_in_its_own_voice(seeds, att):
    m = modality(seeds, attribution_table=att, n_boot=200)
    a = m[m.attribution == "author"].set_index(["doc_id", "category"])
    # monitor-1998: "reportedly made clear", "appears to be motivated", "any possible NATO military strikes"; "Belgrade must end"
    assert (a.loc[("monitor-1998", "hedge"), "n"], a.loc[("monitor-1998", "deontic"), "n"]) == (3, 1)
    assert a.loc[("monitor-1998", "hedge"), "per_1000"] == pytest.approx(1000 * 3 / a.loc[("monitor-1998", "hedge"), "n_tokens"])
    # phillips-peci-2021, author voice: "The US must be ready", "should be disciplined", "NATO must be ready",
    # "which would take the necessary actions" (after the quotation of Article 5 closes)
    assert a.loc[("phillips-peci-2021", "deontic"), "n"] == 4
    assert a.loc[("monitor-1998", "hedge"), "per_1000"] > a.loc[("phillips-peci-2021", "hedge"), "per_1000"]
    z = m[m.n == 0]
    assert (z.ci_high == 3000 / z.n_tokens).all()


def test_the_2021_op_ed_reads_putins_mind(seeds, att):
    r = reporting_verbs(seeds, att)
    pp = r[(r.doc_id == "phillips-peci-2021") & (r.source_actor == "Russia")]
    # "Putin calculates that …", "Putin believes that …" ×2, "Putin thinks he can …"
    assert pp[pp.kind == "cognition"].n.sum() == 4
    md = r[(r.doc_id == "meduza-2020") & (r.source_actor == "Russia")]
    assert md[md.kind == "cognition"].n.sum() == 0 and md.n.sum() == 15  # Meduza reports what Putin said
