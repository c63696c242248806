"""Lines on demand: drill and kwic on a partitioned corpus give the in-memory lines, reading only
the documents that hold them."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

from partgen import generate

from analysis import actor_frame_pairs, drill, kwic, lexicon_hits, load_corpus
from analysis.partitioned import write_partitioned
from analysis.partitioned.hits import actor_frame_pairs_partitioned, lexicon_hits_partitioned
from analysis.partitioned.lines import drill_partitioned, kwic_partitioned

# Dask (LocalCluster and partitioned stores): in make test, not in make test-fast
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gen")
    folder = generate(tmp / "corpus", n_docs=30)
    corpus = load_corpus(folder, cache=False)
    pc = write_partitioned(folder, tmp / "corpus.parts", npartitions=5)
    hits = {lex: (lexicon_hits(corpus, lex), lexicon_hits_partitioned(pc, lex)) for lex in ("actors", "frames")}
    return corpus, pc, hits


CELLS = list(itertools.product(["Wires", "Blogs", "Papers"], ["author", "quoted"],
                               ["military_security", "humanitarian", "alliance_cooperation"]))


@pytest.mark.parametrize("group, voice, category", CELLS)
def test_every_frame_cell_opens_to_its_in_memory_lines(gen, group, voice, category):
    corpus, pc, hits = gen
    want = drill(corpus, hits["frames"][0], group=group, voice=voice, category=category)
    got = drill_partitioned(pc, hits["frames"][1], group=group, voice=voice, category=category)
    pd.testing.assert_frame_equal(got, want, check_exact=True)


@pytest.mark.parametrize("offset, limit", [(0, 1), (0, 5), (3, 4), (7, 100), (10_000, 5)])
def test_a_page_of_a_cell(gen, offset, limit):
    corpus, pc, hits = gen
    want = drill(corpus, hits["frames"][0], voice="author", category="military_security")
    got = drill_partitioned(pc, hits["frames"][1], voice="author", category="military_security", limit=limit,
                            offset=offset)
    pd.testing.assert_frame_equal(got, want.iloc[offset:offset + limit].reset_index(drop=True), check_exact=True)


def test_a_page_reads_only_the_documents_that_hold_it(gen, monkeypatch):
    corpus, pc, hits = gen
    read = []
    original = type(pc).load

    def spy(self, k, **kw):
        read.append((k, tuple(kw.get("doc_codes", ()))))
        return original(self, k, **kw)

    monkeypatch.setattr(type(pc), "load", spy)
    drill_partitioned(pc, hits["frames"][1], category="military_security", limit=2)
    assert len(read) == 1 and 1 <= len(read[0][1]) <= 2  # one partition, the one or two documents holding 2 lines


def test_document_columns_and_other_columns_filter_too(gen):
    corpus, pc, hits = gen
    for cell in ({"year": 2005}, {"year": [1999, 2012], "speaker": ""}, {"doc_id": "gen-003", "pattern": "Serb*"}):
        want = drill(corpus, hits["actors"][0], **cell)
        pd.testing.assert_frame_equal(drill_partitioned(pc, hits["actors"][1], **cell), want, check_exact=True)
        pd.testing.assert_frame_equal(drill_partitioned(pc, hits["actors"][1], limit=3, offset=1, **cell),
                                      want.iloc[1:4].reset_index(drop=True), check_exact=True)


def test_pairs_cells(gen):
    corpus, pc, hits = gen
    (a, ah), (f, fh) = hits["actors"], hits["frames"]
    pairs, stored = actor_frame_pairs(a, f), actor_frame_pairs_partitioned(ah, fh)
    for actor, frame in [("NATO", "military_security"), ("Russia", "diplomacy_negotiation"), ("Serbia", "humanitarian")]:
        want = drill(corpus, pairs, actor=actor, frame=frame, voice="author")
        got = drill_partitioned(pc, stored, actor=actor, frame=frame, voice="author")
        pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_an_empty_cell(gen):
    corpus, pc, hits = gen
    want = drill(corpus, hits["frames"][0], group="Wires", category="no such frame")
    pd.testing.assert_frame_equal(drill_partitioned(pc, hits["frames"][1], group="Wires", category="no such frame"), want)


@pytest.mark.parametrize("patterns, options", [
    ("NATO", {}),
    (["Serb*", "Kosovo"], {"sort": ["1R", "2L"]}),
    ("North Atlantic", {"context": "sentence", "sort": "match", "window": 3}),
    ("putin", {"voice": "quoted", "sort": "1L"}),
    ("re:russia(n|ns)?", {"window": None, "context": "sentence"}),
])
def test_kwic_of_patterns_and_of_given_hits(gen, patterns, options):
    corpus, pc, hits = gen
    pd.testing.assert_frame_equal(kwic_partitioned(pc, patterns, **options), kwic(corpus, patterns, **options),
                                  check_exact=True)
    given = hits["frames"][0]
    given = given[given.category == "humanitarian"].iloc[::-1]  # any subset, any order
    pd.testing.assert_frame_equal(kwic_partitioned(pc, given, **options), kwic(corpus, given, **options),
                                  check_exact=True)
    assert len(kwic_partitioned(pc, patterns, limit=2, **options)) == min(2, len(kwic(corpus, patterns, **options)))


def test_bad_sort_keys_are_named(gen):
    _, pc, _ = gen
    with pytest.raises(ValueError, match="sort key '0L' is not valid"):
        kwic_partitioned(pc, "NATO", sort="0L")
