"""Fault tolerance is the engine's: a worker killed mid-run (SIGKILL, its results in memory
lost) and the map-reduce still gives the identical table — Dask reruns the lost tasks from the
task graph; nothing here is home-made."""

from __future__ import annotations

import os
import signal
import threading
import time

import pandas as pd
import pytest

from partgen import assert_same, generate, local_cluster

from analysis import frame_rates, keyness, lexicon_hits, load_corpus
from analysis.partitioned import frame_rates_partitioned, keyness_partitioned, write_partitioned

pytestmark = pytest.mark.slow


@pytest.fixture
def cluster():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client

    c = local_cluster(2)
    client = Client(c)
    yield client
    client.close()
    c.close()


def _kill_a_busy_worker(client, started: threading.Event, timeout: float = 60.0) -> dict:
    """Wait until a worker is running a task and holds a result, then SIGKILL its process."""
    started.wait()
    pids = client.run(os.getpid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = {w for w, keys in client.processing().items() if keys}
        holding = {w for w, keys in client.has_what().items() if keys}
        victims = sorted(busy & holding) or sorted(busy)
        if victims:
            running = len(client.processing().get(victims[0], ()))
            os.kill(pids[victims[0]], signal.SIGKILL)
            return {"killed": victims[0], "pid": pids[victims[0]], "running": running,
                    "held": len(client.has_what().get(victims[0], ()))}
        time.sleep(0.005)
    raise AssertionError("no worker got busy")


def _run_and_kill(client, fn):
    """``fn()`` in a thread while a worker is killed mid-run; (its result, what was killed)."""
    out, started = {}, threading.Event()

    def run():
        started.set()
        try:
            out["result"] = fn()
        except BaseException as exc:  # pragma: no cover - reported below
            out["error"] = exc

    t = threading.Thread(target=run)
    t.start()
    killed = _kill_a_busy_worker(client, started)
    t.join(timeout=300)
    assert not t.is_alive(), "the run did not finish after a worker died"
    if "error" in out:
        raise out["error"]
    return out["result"], killed


def test_a_worker_killed_while_writing_and_reducing(cluster, tmp_path):
    folder = generate(tmp_path / "corpus", n_docs=60, paras_per_doc=10)
    corpus = load_corpus(folder, cache=False)
    pc, killed = _run_and_kill(cluster, lambda: write_partitioned(folder, tmp_path / "c.parts", client=cluster,
                                                                  npartitions=20))
    assert killed["running"] >= 1  # it died with a task running (and, mostly, results held): both rerun
    assert killed["pid"] not in cluster.run(os.getpid).values()  # that process is gone
    plain = write_partitioned(folder, tmp_path / "plain.parts", npartitions=20)
    assert pc.meta == plain.meta == corpus.meta
    pd.testing.assert_frame_equal(pc.documents, plain.documents, check_exact=True)
    assert pc.vocabulary("norm").equals(plain.vocabulary("norm"))
    for k in range(len(pc.partitions)):
        for t in ("tokens", "sentences"):
            pd.testing.assert_frame_equal(pc.read(k, t), plain.read(k, t), check_exact=True)

    hits = lexicon_hits(corpus, "frames")
    stored = lexicon_hits(pc, "frames")
    want = frame_rates(corpus, hits, by=["year", "voice"], n_boot=2000)
    got, killed = _run_and_kill(cluster, lambda: frame_rates_partitioned(pc, stored, by=["year", "voice"], n_boot=2000,
                                                                         client=cluster))
    assert_same(got, want)
    assert killed["pid"] not in cluster.run(os.getpid).values()

    options = dict(target={"year": list(range(1998, 2010))}, reference={"year": list(range(2010, 2022))})
    got, killed = _run_and_kill(cluster, lambda: keyness_partitioned(pc, client=cluster, **options))
    assert_same(got, keyness(corpus, **options))
    assert killed["pid"] not in cluster.run(os.getpid).values()
