"""A partitioned corpus gives the in-memory tables: the store round-trips every partition, and
every map-reduce equals its in-memory function on a generated corpus (floats to 12 significant
digits), in this process and on a 2-worker LocalCluster."""

from __future__ import annotations

import pandas as pd
import pytest

from partgen import assert_same, generate, local_cluster

from analysis import actor_frame_pairs, actor_frames, frame_rates, hit_counts, lexicon_hits, load_corpus
from analysis.partitioned import PartitionedCorpus, document_ranges, open_partitioned, write_partitioned
from analysis.partitioned.hits import actor_frame_pairs_partitioned, hit_counts_partitioned, lexicon_hits_partitioned
from analysis.partitioned.rates import actor_frames_partitioned, frame_rates_partitioned

# Dask (LocalCluster and partitioned stores): in make test, not in make test-fast
pytestmark = pytest.mark.slow

TABLES = ("documents", "sentences", "tokens", "residue", "quotes")


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client

    cluster = local_cluster(2)
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def gen(tmp_path_factory):
    """(in-memory corpus, partitioned corpus written in this process, 4 partitions)."""
    tmp = tmp_path_factory.mktemp("gen")
    folder = generate(tmp / "corpus")
    return load_corpus(folder, cache=False), write_partitioned(folder, tmp / "corpus.parts", npartitions=4)


@pytest.fixture(scope="module")
def hits(gen):
    corpus, pc = gen
    return {lex: (lexicon_hits(corpus, lex), lexicon_hits_partitioned(pc, lex)) for lex in ("actors", "frames")}


def test_document_ranges_cut_by_bytes_or_count():
    assert document_ranges([5, 5, 5, 5, 20, 1], partition_bytes=10) == [(0, 2), (2, 4), (4, 5), (5, 6)]
    assert document_ranges([1] * 5, npartitions=2) == [(0, 2), (2, 5)]
    assert document_ranges([1] * 2, npartitions=8) == [(0, 1), (1, 2)]


def test_every_partition_loads_to_the_in_memory_tables_of_its_documents(gen):
    corpus, pc = gen
    assert pc.meta == corpus.meta and pc.n_tokens == len(corpus.tokens) and len(pc.partitions) == 4
    pd.testing.assert_frame_equal(pc.documents, corpus.documents.drop(columns=["raw", "text"]), check_exact=True)
    for k, p in enumerate(pc.partitions):
        part = pc.load(k, tables=TABLES)
        ids = list(corpus.documents.doc_id.astype(str))[p["doc_lo"]:p["doc_hi"]]
        assert list(part.documents.doc_id.astype(str)) == ids
        for t in TABLES:
            full = getattr(corpus, t)
            want = full[full.doc_id.astype(str).isin(ids)].reset_index(drop=True)
            got = pc.to_global(getattr(part, t), k, ("doc_id", "group", "speaker", "token", "norm"))
            pd.testing.assert_frame_equal(got, want, check_exact=True)


def test_vocabularies_are_the_in_memory_categories(gen):
    corpus, pc = gen
    for col in ("token", "norm", "speaker"):
        assert pc.vocabulary(col).equals(pd.Index(corpus.tokens[col].cat.categories.astype(str)))


def test_lazy_dask_frames_hold_the_tokens_with_corpus_wide_categories(gen):
    pytest.importorskip("dask.dataframe")
    corpus, pc = gen
    ddf = pc.dask("tokens", columns=["doc_id", "norm", "voice"])
    assert ddf.npartitions == 4
    got = ddf.groupby("norm", observed=True).size().compute().sort_index()
    want = corpus.tokens.groupby("norm", observed=True).size().sort_index()
    pd.testing.assert_series_equal(got, want, check_names=False)
    pd.testing.assert_frame_equal(ddf.compute().reset_index(drop=True), corpus.tokens[["doc_id", "norm", "voice"]])


def test_written_on_a_cluster_as_in_this_process(gen, client, tmp_path):
    corpus, pc = gen
    on_cluster = write_partitioned(corpus.folder, tmp_path / "c.parts", client=client, npartitions=3)
    assert on_cluster.meta == pc.meta
    pd.testing.assert_frame_equal(on_cluster.documents, pc.documents)
    assert on_cluster.vocabulary("norm").equals(pc.vocabulary("norm"))
    again = open_partitioned(tmp_path / "c.parts")
    assert isinstance(again, PartitionedCorpus) and again.n_tokens == len(corpus.tokens)


def test_a_bad_document_stops_the_write_and_names_every_problem(tmp_path):
    from toy import write_corpus

    from analysis import CorpusError

    folder = write_corpus(tmp_path / "bad", {"ok": "Fine text.", "e1": "   ", "e2": ""})
    with pytest.raises(CorpusError) as err:
        write_partitioned(folder, tmp_path / "bad.parts", npartitions=3)
    with pytest.raises(CorpusError) as err_plain:
        load_corpus(folder, cache=False)
    assert sorted(err.value.problems) == sorted(err_plain.value.problems)
    assert not (tmp_path / "bad.parts").exists() and not list(tmp_path.glob("bad.parts.tmp-*"))


def test_the_in_memory_tables_are_not_attributes(gen):
    _, pc = gen
    with pytest.raises(TypeError, match="holds no tokens table"):
        pc.tokens  # noqa: B018


@pytest.mark.parametrize("lexicon", ["actors", "frames"])
def test_hits_and_counts(gen, hits, client, lexicon):
    corpus, pc = gen
    want, stored = hits[lexicon]
    pd.testing.assert_frame_equal(stored.to_pandas(), want, check_exact=True)
    assert len(stored) == len(want) and int(stored.index.n.sum()) == len(want)
    for by in (("group", "voice"), "doc_id", "speaker"):
        pd.testing.assert_frame_equal(hit_counts_partitioned(pc, stored, by=by, client=client),
                                      hit_counts(corpus, want, by=by), check_exact=True)


def test_hits_on_a_cluster_are_stored_once(gen, hits, client):
    _, pc = gen
    again = lexicon_hits_partitioned(pc, "frames", client=client)
    assert again.name == hits["frames"][1].name
    pd.testing.assert_frame_equal(again.to_pandas(), hits["frames"][0])


@pytest.mark.parametrize("by", [("group", "voice"), "doc_id", ["year"], "speaker"])
@pytest.mark.parametrize("block", ["sentence", "paragraph"])
def test_frame_rates(gen, hits, client, by, block):
    corpus, pc = gen
    want = frame_rates(corpus, hits["frames"][0], by=by, block=block, n_boot=300)
    assert_same(frame_rates_partitioned(pc, hits["frames"][1], by=by, block=block, n_boot=300, client=client), want)


def test_frame_rates_in_this_process(gen, hits):
    corpus, pc = gen
    want = frame_rates(corpus, hits["frames"][0], by=["year", "voice"], n_boot=200)
    assert_same(frame_rates_partitioned(pc, hits["frames"][1], by=["year", "voice"], n_boot=200), want)


@pytest.mark.parametrize("by", [("group", "voice"), "doc_id"])
def test_actor_frames(gen, hits, client, by):
    corpus, pc = gen
    (a, ah), (f, fh) = hits["actors"], hits["frames"]
    pairs = actor_frame_pairs(a, f)
    stored = actor_frame_pairs_partitioned(ah, fh, client=client)
    pd.testing.assert_frame_equal(stored.to_pandas(), pairs, check_exact=True)
    assert_same(actor_frames_partitioned(pc, stored, ah, by=by, n_boot=300, client=client),
                actor_frames(corpus, pairs, a, by=by, n_boot=300))


def test_frame_rates_of_some_documents_and_counts_of_some_categories(gen, hits, client):
    corpus, pc = gen
    (f, fh) = hits["frames"]
    docs = list(corpus.documents.doc_id.astype(str)[::5]) + ["no such document"]
    want = frame_rates(corpus, f, by=("doc_id", "voice"), n_boot=200, docs=docs)
    assert set(want.doc_id.astype(str)) == set(docs[:-1])
    assert_same(frame_rates_partitioned(pc, fh, by=("doc_id", "voice"), n_boot=200, docs=docs, client=client), want)
    assert_same(frame_rates(pc, fh, by="group", n_boot=200, docs=docs[:2]),
                frame_rates(corpus, f, by="group", n_boot=200, docs=docs[:2]))
    cats = ["humanitarian", "military_security"]
    pd.testing.assert_frame_equal(hit_counts(pc, fh, by="group", categories=cats),
                                  hit_counts(corpus, f, by="group", categories=cats), check_exact=True)


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A corpus whose author voice has more than 2,000 sentences (its interval in closed form)
    and whose quoted voice has fewer (bootstrapped); a lexicon with a rare category (a count
    under 30: Poisson quantiles) and a common one (normal quantiles of the delta method)."""
    tmp = tmp_path_factory.mktemp("large")
    folder = generate(tmp / "corpus", n_docs=100, paras_per_doc=12)
    (tmp / "lexicon.yml").write_text("rare:\n  - biden\ncommon:\n  - nato\n  - russia\n", encoding="utf-8")
    corpus = load_corpus(folder, cache=False)
    pc = write_partitioned(folder, tmp / "corpus.parts", npartitions=5)
    return corpus, pc, lexicon_hits(corpus, tmp / "lexicon.yml"), lexicon_hits(pc, tmp / "lexicon.yml")


@pytest.mark.parametrize("where", ["this process", "cluster"])
def test_a_unit_of_more_than_2000_blocks_gets_the_in_memory_closed_form_interval(large, client, where):
    from analysis.uncertainty import _MIN_NORMAL_COUNT, LARGE_BLOCKS

    corpus, pc, hits_, stored = large
    want = frame_rates(corpus, hits_, by="voice", n_boot=300)
    big = want.n_blocks > LARGE_BLOCKS
    assert big.any() and (~big).any()  # both rules in one table
    assert (big & (want.n_hits < _MIN_NORMAL_COUNT)).any() and (big & (want.n_hits >= _MIN_NORMAL_COUNT)).any()
    got = frame_rates_partitioned(pc, stored, by="voice", n_boot=300, client=client if where == "cluster" else None)
    assert_same(got, want)
    # the closed form does not draw: another seed leaves the large unit's interval as it is
    other = frame_rates(corpus, hits_, by="voice", n_boot=300, seed=1)
    pd.testing.assert_frame_equal(other[big], want[big])


def test_a_store_at_an_fsspec_url(gen):
    corpus, _ = gen
    # memory:// is this process's: client=False keeps the work here even when a client exists
    pc = write_partitioned(corpus.folder, "memory://analysis-tests/gen.parts", npartitions=2, client=False)
    stored = lexicon_hits_partitioned(pc, "frames", client=False)
    want = lexicon_hits(corpus, "frames")
    pd.testing.assert_frame_equal(stored.to_pandas(), want, check_exact=True)
    pd.testing.assert_frame_equal(hit_counts_partitioned(pc, stored, client=False), hit_counts(corpus, want),
                                  check_exact=True)
    pc.store.remove()


def test_which_hyphen_parts_are_names_is_decided_over_the_whole_corpus(tmp_path):
    """In memory a hyphenated form's capitalised parts come from every token of the form:
    "Peace-Keeping" in one document makes "peace" a part of "peace-keeping" in another. A
    partition sees the other partitions' spellings (written with the vocabularies)."""
    from toy import write_corpus

    from analysis import kwic

    texts = {"a": "The Peace-Keeping force arrived in Kosovo-Metohija.",
             "b": "A peace-keeping mission began near kosovo-metohija and co-operation followed.",
             "c": "Nothing hyphenated here."}
    folder = write_corpus(tmp_path / "c", texts)
    corpus = load_corpus(folder, cache=False)
    pc = write_partitioned(folder, tmp_path / "c.parts", npartitions=3)
    assert set(pc.vocabulary("capitalised")) == {"Peace-Keeping", "Kosovo-Metohija"}
    for pattern in ("peace", "keeping", "kosovo", "operation", "Peace"):
        want = kwic(corpus, pattern)
        pd.testing.assert_frame_equal(kwic(pc, pattern), want, check_exact=True)
    assert len(kwic(corpus, "peace")) == 2  # the in-memory rule, which partitions keep
