"""The Dask path gives the same tables, hits and counts as the in-memory path."""

from __future__ import annotations

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from conftest import write_corpus  # noqa: E402

from analysis.cache import TABLES  # noqa: E402
from analysis.corpus import load_corpus  # noqa: E402
from analysis.framing import lexicon_hits  # noqa: E402
from analysis.matcher import hit_counts  # noqa: E402
from analysis.paths import corpus_dir  # noqa: E402
from analysis.scale import hit_counts_dask, lexicon_hits_dask, load_corpus_dask, partitions  # noqa: E402

# Dask (LocalCluster and partitioned stores): in make test, not in make test-fast
pytestmark = pytest.mark.slow

TOY = {
    "t1": "NATO bombed Serbia. “The Russian Foreign Ministry condemned the NATO aggression,” said Lavrov.",
    "t2": "Russia’s envoy met NATO officials in Brussels.\n\nMilošević refused the humanitarian ultimatum.",
    "t3": "Nothing here matches at all.",
    "t4": "Putin: NATO expansion is a threat.\n\nClinton: NATO is defensive.\n\nPutin: We disagree.",
}


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                           dashboard_address=":0")
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def toy_folder(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("toy"), TOY, groups={"t1": "b", "t2": "a", "t3": "b", "t4": "a"})


def test_partitions_cover_in_order():
    assert partitions(10, 3) == [(0, 3), (3, 7), (7, 10)]
    assert partitions(2, 8) == [(0, 1), (1, 2)]
    assert partitions(0, 4) == [(0, 0)]


@pytest.mark.parametrize("which", ["seeds", "toy"])
def test_load_identical(client, toy_folder, which):
    folder = corpus_dir() if which == "seeds" else toy_folder
    plain = load_corpus(folder)
    dist = load_corpus_dask(folder, client, npartitions=3)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(plain, name), getattr(dist, name), check_exact=True)
    assert plain.meta == dist.meta


@pytest.mark.parametrize("which", ["seeds", "toy"])
@pytest.mark.parametrize("lexicon", ["actors", "frames"])
def test_hits_and_counts_identical(client, toy_folder, seeds, which, lexicon):
    corpus = seeds if which == "seeds" else load_corpus(toy_folder)
    hits = lexicon_hits(corpus, lexicon)
    for n in (1, 2, 5):
        pd.testing.assert_frame_equal(hits, lexicon_hits_dask(corpus, lexicon, client, npartitions=n), check_exact=True)
    for by in (("group", "voice"), "doc_id"):
        want = hit_counts(corpus, hits, by=by)
        got = hit_counts_dask(corpus, lexicon, client, by=by, npartitions=3)
        pd.testing.assert_frame_equal(want, got, check_exact=True)


def test_dask_load_reports_every_bad_document(client, tmp_path):
    from analysis import CorpusError

    folder = write_corpus(tmp_path / "bad", {"ok": "Fine text.", "e1": "   ", "e2": ""})
    with pytest.raises(CorpusError) as err:
        load_corpus_dask(folder, client, npartitions=3)
    with pytest.raises(CorpusError) as err_plain:
        load_corpus(folder)
    assert err.value.problems == err_plain.value.problems


def test_parse_on_dask_equals_the_in_memory_parse(client, monkeypatch):
    from analysis import syntax

    seeds = load_corpus(corpus_dir())
    monkeypatch.setattr(syntax, "_MEMO", {})
    dist = syntax.parse_dask(seeds, client, chunk=40, cache=False)
    monkeypatch.setattr(syntax, "_MEMO", {})
    plain = syntax.parse(seeds, cache=False, n_process=1)
    pd.testing.assert_frame_equal(dist, plain, check_exact=True)
    assert dist.groupby(["doc_id", "sent_id"]).ngroups == 273
