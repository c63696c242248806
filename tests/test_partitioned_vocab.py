"""Word lists, keyness (and collocates) as map-reduce equal the in-memory tables."""

from __future__ import annotations

import itertools
import warnings

import pytest

from partgen import assert_same, generate, local_cluster

from analysis import frequencies, keyness, load_corpus
from analysis.partitioned import write_partitioned
from analysis.partitioned.keywords import keyness_partitioned
from analysis.partitioned.vocab import frequencies_partitioned

# Dask (LocalCluster and partitioned stores): in make test, not in make test-fast
pytestmark = pytest.mark.slow


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
    tmp = tmp_path_factory.mktemp("gen")
    folder = generate(tmp / "corpus", n_docs=30)
    return load_corpus(folder, cache=False), write_partitioned(folder, tmp / "corpus.parts", npartitions=4)


@pytest.mark.parametrize("by, form, stop_words, min_freq, min_range",
                         list(itertools.product([None, "group", "voice", "doc_id"], ["norm", "token"], [None, "default"],
                                                [1], [1])) + [("group", "norm", None, 3, 2), (None, "token", None, 4, 3)])
def test_frequencies(gen, by, form, stop_words, min_freq, min_range):
    corpus, pc = gen
    want = frequencies(corpus, by=by, form=form, stop_words=stop_words, min_freq=min_freq, min_range=min_range)
    assert_same(frequencies_partitioned(pc, by=by, form=form, stop_words=stop_words, min_freq=min_freq,
                                        min_range=min_range), want)


def test_frequencies_on_a_cluster(gen, client):
    corpus, pc = gen
    assert_same(frequencies_partitioned(pc, by="group", client=client), frequencies(corpus, by="group"))


KEYNESS = [
    dict(target="Wires"),
    dict(target=["Wires", "Blogs"], reference="Papers"),
    dict(target={"year": list(range(1998, 2010))}, reference={"year": list(range(2010, 2022))}),
    dict(target={"voice": "quoted"}, measure="logodds_z", prior="corpus"),
    dict(target="Blogs", measure="log_ratio", form="token", stop_words="english", min_freq=2),
    dict(target={"group": "Wires", "voice": "author"}, reference={"group": "Papers", "voice": "author"},
         measure="chi2_yates"),
    dict(target=2005, by="year", min_freq=1, measure="pct_diff", zero=0.1),
]


@pytest.mark.parametrize("options", KEYNESS, ids=[str(k) for k in range(len(KEYNESS))])
def test_keyness(gen, options):
    corpus, pc = gen
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small samples; an old name stays an error
        want = keyness(corpus, **options)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = keyness_partitioned(pc, **options)
    assert_same(got, want)
    assert all("has only" in str(w.message) for w in caught)


def test_keyness_on_a_cluster(gen, client):
    corpus, pc = gen
    options = dict(target={"year": list(range(1998, 2010))}, reference={"year": list(range(2010, 2022))})
    assert_same(keyness_partitioned(pc, client=client, **options), keyness(corpus, **options))


def test_keyness_refuses_what_it_cannot_select(gen):
    _, pc = gen
    import numpy as np

    with pytest.raises(ValueError, match="no value"):
        keyness_partitioned(pc, target="Nowhere")
    with pytest.raises(TypeError, match="boolean mask"):
        keyness_partitioned(pc, target=np.ones(3, dtype=bool))
    with pytest.raises(ValueError, match="share"):
        keyness_partitioned(pc, target="Wires", reference=["Wires", "Blogs"])


COLLOCATES = [
    ("kosovo", {}),
    ("kosovo", {"by": "group"}),
    (["NATO", "Russia*"], {"by": "voice", "window": (2, 3), "boundary": "sentence"}),
    ("serbia", {"by": "year", "form": "token", "stop_words": "english", "expected": "window", "sort": "g2"}),
    ("putin", {"by": "speaker", "min_node_freq": 1}),
]


@pytest.mark.parametrize("node, options", COLLOCATES, ids=[str(k) for k in range(len(COLLOCATES))])
def test_collocates(gen, node, options):
    from analysis import collocates
    from analysis.partitioned import collocates_partitioned

    corpus, pc = gen
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small samples; an old name stays an error
        want = collocates(corpus, node, **options)
        got = collocates_partitioned(pc, node, **options)
    assert_same(got, want)
    assert got.attrs == want.attrs


def test_collocates_of_hits_on_a_cluster(gen, client):
    from analysis import collocates, lexicon_hits
    from analysis.partitioned import collocates_partitioned

    corpus, pc = gen
    hits = lexicon_hits(corpus, "actors")
    nato = hits[hits.category == "NATO"]
    assert_same(collocates_partitioned(pc, nato, by="doc_id", min_freq=1, min_node_freq=1, client=client),
                collocates(corpus, nato, by="doc_id", min_freq=1, min_node_freq=1))


def test_collocates_warn_as_in_memory(gen):
    from analysis import collocates
    from analysis.partitioned import collocates_partitioned

    corpus, pc = gen
    for node in ("zzzz-never", "putin"):
        with pytest.warns(UserWarning) as want:
            collocates(corpus, node, by="group", min_node_freq=50)
        with pytest.warns(UserWarning) as got:
            collocates_partitioned(pc, node, by="group", min_node_freq=50)
        assert [str(w.message) for w in got] == [str(w.message) for w in want]
