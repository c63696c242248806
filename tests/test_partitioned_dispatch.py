"""The public functions take a partitioned corpus where that is natural (dispatch on the corpus
type) and give the in-memory tables; the others name the map-reduce function to use. Also the
per-document tables and the roles and sentiment map-reduces."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from partgen import assert_same, generate

import analysis as an
from analysis.partitioned import (PartitionedTable, actor_sentiment_partitioned, role_frames_partitioned,

                                  role_tables_partitioned, write_partitioned)

# Dask (LocalCluster and partitioned stores): in make test, not in make test-fast
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gen")
    folder = generate(tmp / "corpus", n_docs=14)
    corpus = an.load_corpus(folder, cache=False)
    pc = write_partitioned(folder, tmp / "corpus.parts", npartitions=3)
    return corpus, pc


def test_the_same_calls_on_either_corpus(gen):
    corpus, pc = gen
    hits, stored = an.lexicon_hits(corpus, "frames"), an.lexicon_hits(pc, "frames")
    actors, stored_actors = an.lexicon_hits(corpus, "actors"), an.lexicon_hits(pc, "actors")
    assert isinstance(stored, PartitionedTable)
    pd.testing.assert_frame_equal(stored.to_pandas(), hits)
    pd.testing.assert_frame_equal(an.hit_counts(pc, stored), an.hit_counts(corpus, hits))
    assert_same(an.frame_rates(pc, stored, n_boot=100), an.frame_rates(corpus, hits, n_boot=100))
    pairs, stored_pairs = an.actor_frame_pairs(actors, hits), an.actor_frame_pairs(stored_actors, stored)
    pd.testing.assert_frame_equal(stored_pairs.to_pandas(), pairs)
    assert_same(an.actor_frames(pc, stored_pairs, stored_actors, n_boot=100),
                an.actor_frames(corpus, pairs, actors, n_boot=100))
    pd.testing.assert_frame_equal(an.drill(pc, stored, category="humanitarian"),
                                  an.drill(corpus, hits, category="humanitarian"))
    pd.testing.assert_frame_equal(an.kwic(pc, "NATO", sort="1R"), an.kwic(corpus, "NATO", sort="1R"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small samples; an old name stays an error
        assert_same(an.keyness(pc, target="Wires"), an.keyness(corpus, target="Wires"))
        assert_same(an.collocates(pc, "kosovo"), an.collocates(corpus, "kosovo"))
    assert_same(an.frequencies(pc, by="voice"), an.frequencies(corpus, by="voice"))
    assert_same(an.actor_sentiment(pc, stored_actors, n_boot=100), an.actor_sentiment(corpus, actors, n_boot=100))


def test_document_tables(gen):
    corpus, pc = gen
    seeds = an.load_corpus()  # the seeds' manifest has every column overview shows
    parts = write_partitioned(seeds.folder, pc.store.path("..", "seeds.parts"), npartitions=2)
    pd.testing.assert_frame_equal(an.overview(parts), an.overview(seeds))
    pd.testing.assert_frame_equal(an.voice_table(parts), an.voice_table(seeds))
    pd.testing.assert_frame_equal(an.cleaning_report(parts), an.cleaning_report(seeds))
    pd.testing.assert_frame_equal(an.voice_table(pc), an.voice_table(corpus))


@pytest.mark.parametrize("call, instead", [
    (lambda pc: an.role_frames(pc, None, None), "role_frames_partitioned"),
    (lambda pc: an.actor_roles(pc), "role_tables_partitioned"),
    (lambda pc: an.keyness_all(pc), "keyness_partitioned"),
    (lambda pc: an.match(pc, "NATO"), "lexicon_hits"),
    (lambda pc: an.collocates_by_actor(pc, None, actors=["NATO"]), "collocates_partitioned"),
    (lambda pc: an.sentence_sentiment(pc), "actor_sentiment_partitioned"),
])
def test_what_has_no_natural_partitioned_form_names_the_function_to_use(gen, call, instead):
    _, pc = gen
    with pytest.raises(TypeError, match=instead):
        call(pc)


def test_what_needs_the_tokens_says_so(gen):
    _, pc = gen
    with pytest.raises(TypeError, match="holds no tokens table in memory"):
        an.tfidf(pc)


@pytest.fixture(scope="module")
def roles(gen):
    pytest.importorskip("spacy")
    if not an.parser_available():
        pytest.skip("no spaCy pipeline")
    corpus, pc = gen
    a, f = an.lexicon_hits(corpus, "actors"), an.lexicon_hits(corpus, "frames")
    return (a, f, *an.role_tables(corpus, a, f)), (an.lexicon_hits(pc, "actors"), an.lexicon_hits(pc, "frames"))


def test_role_tables_parsed_per_partition(gen, roles):
    corpus, pc = gen
    (a, f, mentions, links), (sa, sf) = roles
    got_m, got_l = role_tables_partitioned(pc, sa, sf)
    pd.testing.assert_frame_equal(got_m, mentions, check_exact=True)
    pd.testing.assert_frame_equal(got_l, links, check_exact=True)


@pytest.mark.parametrize("by, split", [("doc_id", True), ("group", True), (["year"], False)])
def test_role_frames(gen, roles, by, split):
    corpus, pc = gen
    (a, f, mentions, links), (sa, sf) = roles
    want = an.role_frames(corpus, mentions, links, by=by, split_attribution=split, n_boot=200)
    assert_same(role_frames_partitioned(pc, sa, sf, by=by, split_attribution=split, n_boot=200), want)


@pytest.mark.parametrize("by, baseline", [(("group", "voice"), True), ("doc_id", False), (["year"], True),
                                          (["voice"], False)])
def test_actor_sentiment(gen, by, baseline):
    corpus, pc = gen
    want = an.actor_sentiment(corpus, an.lexicon_hits(corpus, "actors"), by=by, baseline=baseline, n_boot=200)
    got = actor_sentiment_partitioned(pc, an.lexicon_hits(pc, "actors"), by=by, baseline=baseline, n_boot=200)
    assert_same(got, want)


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client

    from partgen import local_cluster

    cluster = local_cluster(2)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


def test_arguments_named_like_the_clients_own_keywords_reach_the_function(client):
    from analysis.partitioned.engine import Engine

    def echo(*args, **kwargs):
        return args, kwargs

    e = Engine(client)
    got = e.gather(e.submit(echo, ("NATO", "Russia"), ["a", "b"], actors=["NATO", "Russia"], workers=3, key="k",
                            pure=1, h=e.submit(echo, 1)))
    assert got == ((("NATO", "Russia"), ["a", "b"]), {"actors": ["NATO", "Russia"], "workers": 3, "key": "k", "pure": 1,
                                                    "h": ((1,), {})})


def test_roles_and_sentiment_on_a_cluster(gen, roles, client):
    corpus, pc = gen
    (a, f, mentions, links), (sa, sf) = roles
    want = an.role_frames(corpus, mentions, links, by="group", n_boot=200)
    assert_same(role_frames_partitioned(pc, sa, sf, by="group", n_boot=200, client=client), want)
    want = an.actor_sentiment(corpus, a, baseline=True, n_boot=200)
    assert_same(actor_sentiment_partitioned(pc, sa, baseline=True, n_boot=200, client=client), want)
