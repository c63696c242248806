"""Naming: the labels each text attaches to an actor, and the words for the same episode."""

from __future__ import annotations

import pytest

from analysis.naming import actor_labels, episode_names, label_counts
from analysis.roles import actor_roles


@pytest.fixture(scope="module")
def labels(seeds):
    return actor_labels(seeds)


@pytest.mark.parametrize("doc, match, label, kind", [
    ("phillips-peci-2021", "Kosovo", "staunchly pro-American country", "apposition"),  # "Kosovo, a staunchly pro-American country"
    ("phillips-peci-2021", "Ukraine", "tinderbox", "predicate nominal"),                # "Ukraine is a tinderbox."
    ("phillips-peci-2021", "Serbia", "Russia’s proxy", "as-phrase"),                    # "Serbia, acting as Russia’s proxy"
    ("meduza-2020", "Kosovo", "province", "the N of X"),                                # "war broke out in the province of Kosovo"
    ("meduza-2020", "Yugoslav", "leader", "person or organ"),                           # "the Yugoslav leader"
    ("monitor-1998", "Milosevic", "President", "title or modifier"),                   # "President Slobodan Milosevic"
])
def test_labels(labels, doc, match, label, kind):
    got = labels[(labels.doc_id == doc) & (labels.match == match)]
    assert ((got.label == label) & (got.kind == kind)).any(), got[["label", "kind"]].to_string()


def test_label_offsets_slice_the_text(seeds, labels):
    text = dict(zip(seeds.documents.doc_id, seeds.documents.text))
    assert all(" ".join(text[d][a:b].split()) == t for d, a, b, t in zip(labels.doc_id, labels.label_start, labels.label_end, labels.label))
    raw = {d: seeds.raw(d) for d in seeds.documents.doc_id}
    assert all(raw[d][a:b] == t for d, a, b, t in zip(labels.doc_id, labels.start, labels.end, labels.match))


def test_label_counts_group_the_rows(labels):
    c = label_counts(labels)
    assert c.n.sum() == len(labels)
    assert list(c.columns) == ["doc_id", "actor", "label", "kind", "n"]


def test_the_same_episode_is_a_move_in_1999_and_an_invasion_in_2014(seeds):
    e = episode_names(seeds, actor_roles(seeds))
    russia = e[e.actor == "Russia"]
    m1999 = russia[russia.doc_id == "monitor-1999"]
    # "With the benefit of hindsight, the surprise Russian move into Kosovo is perhaps not such a surprise at all."
    assert ("move", "surprise Russian move", "Kosovo") in set(zip(m1999.noun, m1999.phrase, m1999.targets))
    n2014 = russia[russia.doc_id == "norris-2014"]
    # "Russia’s botched Kosovo invasion should offer insight …"
    assert ("invasion", "botched invasion", "Kosovo") in set(zip(n2014.noun, n2014.phrase, n2014.targets))
    assert "invasion" not in set(m1999.noun)
