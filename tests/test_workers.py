"""Loading on every core (analysis.corpus.workers): the documents in runs, one process per run.

The tables must not depend on how the documents are divided into runs or on how many
processes load them; nothing a child finds (bad documents, warnings, errors) may be lost,
and a child that dies has its documents loaded again in the parent.
"""

from __future__ import annotations

import os
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis._core.tables import str_array, str_from_utf8, utf8
from analysis.corpus import CorpusError, load_corpus, pipeline
from analysis.corpus import cache as corpus_cache
from analysis.corpus import workers as W
from analysis.corpus.tables import assemble

TABLES = ("documents", "sentences", "tokens", "residue", "quotes")

# documents that differ in what a run's vocabularies and speakers hold: quoted speech by
# different speakers, words only some documents have, residue
TEXTS = {
    "a": 'NATO said: "Russia will not accept this expansion at all," Lavrov said. Kosovo waits.',
    "b": "Serbia and Kosovo. Только слова здесь.\n\nA second paragraph here.",
    "c": '"We condemn the strikes on Belgrade tonight," said Primakov. NATO replied.',
    "d": "Zebra apples; quinoa. [Photo: AP]\n\nThe end of it.",
    "e": "Ünïcödé wörds — and “quotes” inside. Æsir?",
    "f": '"Everyone knows what the alliance wants here," Clinton told Yeltsin. Yeltsin laughed.',
    "g": "NATO NATO NATO. Russia.",
}
CLEANING = "rules:\n  - name: photo\n    pattern: '\\[Photo: [^\\]]*\\]'\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    from toy import write_corpus

    groups = {"a": "1998", "b": "1998", "c": "1999", "d": "2014", "e": "2014", "f": "2020", "g": "2021"}
    return write_corpus(tmp_path_factory.mktemp("w") / "c", TEXTS, groups, cleaning=CLEANING)


def assert_same(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
        for c in getattr(a, name).columns:  # the codes' widths too
            x, y = getattr(a, name)[c], getattr(b, name)[c]
            if isinstance(x.dtype, pd.CategoricalDtype):
                assert x.cat.codes.dtype == y.cat.codes.dtype, (name, c)
    assert a.meta == b.meta


def runs_cut(folder, cuts):
    manifest, rules, overrides, *_ = pipeline.read_inputs(folder, False, 4)
    rows = [r._asdict() for r in manifest.itertuples(index=False)]
    edges = [0, *cuts, len(rows)]
    return [W.load_run(folder, rows[a:b], rules, overrides, 4)[0] for a, b in zip(edges[:-1], edges[1:])]


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(1, len(TEXTS) - 1)), st.booleans())
def test_the_tables_do_not_depend_on_how_the_documents_are_divided_into_runs(folder, cuts, packed):
    whole = load_corpus(folder, cache=False, workers=1)
    assert list(whole.residue.rule) == ["photo"] and set(whole.quotes.speaker) >= {"Primakov", "Clinton"}
    runs = runs_cut(folder, sorted(cuts))
    if packed:  # as a child sends them
        runs = [r.pack() for r in runs]
    corpus = assemble(folder, runs)
    corpus.meta.update(whole.meta)
    assert_same(corpus, whole)


@pytest.mark.parametrize("workers", [2, 3, 7, 20])
def test_loading_in_several_processes_gives_the_same_tables(folder, workers):
    assert_same(load_corpus(folder, cache=False, workers=workers), load_corpus(folder, cache=False, workers=1))


def test_a_generated_corpus_loads_the_same_on_two_processes(tmp_path):
    from gencorpus import generate

    folder = generate(tmp_path / "gen", 60)
    one = load_corpus(folder, cache=False, workers=1)
    assert len(one.documents) == 60 and (one.tokens.voice == "quoted").any()
    assert_same(load_corpus(folder, cache=False, workers=2), one)


def test_a_large_corpus_loads_on_every_cpu_unless_told(monkeypatch, folder):
    seen = []
    real = W.load_runs
    monkeypatch.setattr(pipeline, "load_runs", lambda *a, **k: seen.append(k["workers"]) or real(*a, **k))
    monkeypatch.setattr(corpus_cache, "LARGE_DOCS", 3)
    monkeypatch.delenv("ANALYSIS_WORKERS", raising=False)
    load_corpus(folder, cache=False)
    monkeypatch.setenv("ANALYSIS_WORKERS", "3")
    load_corpus(folder, cache=False)
    load_corpus(folder, cache=False, workers=1)
    assert seen == [W.available_cpus() if W.CAN_FORK else 1, 3, 1]
    monkeypatch.setenv("ANALYSIS_WORKERS", "many")
    with pytest.raises(ValueError, match="ANALYSIS_WORKERS='many': expected a whole number"):
        load_corpus(folder, cache=False)


def test_a_small_corpus_loads_in_this_process(monkeypatch):
    monkeypatch.delenv("ANALYSIS_WORKERS", raising=False)
    assert pipeline.default_workers(False) == 1


needs_fork = pytest.mark.skipif(not W.CAN_FORK, reason="loading processes are forked only on Linux")


@needs_fork
def test_bad_documents_in_a_child_are_reported_as_on_one_core(tmp_path):
    from toy import write_corpus

    texts = {k: "Words here." for k in "abcdef"}
    texts["e"] = "   "  # empty: in the second run
    folder = write_corpus(tmp_path / "c", texts)
    (folder / "b.txt").write_bytes(b"\xff\xfe bad")  # not UTF-8: in the first run
    messages = []
    for workers in (1, 2, 3):
        with pytest.raises(CorpusError) as exc:
            load_corpus(folder, cache=False, workers=workers)
        messages.append(exc.value.problems)
    assert messages[0] == messages[1] == messages[2] and len(messages[0]) == 2


def in_the_child(monkeypatch, act):
    """Make every loading process but this one call ``act()`` before loading its run."""
    parent, real = os.getpid(), W.load_run

    def load_run(*a, **k):
        if os.getpid() != parent:
            act()
        return real(*a, **k)

    monkeypatch.setattr(W, "load_run", load_run)


@needs_fork
def test_a_child_that_dies_has_its_documents_loaded_here(monkeypatch, folder):
    in_the_child(monkeypatch, lambda: os._exit(9))
    with pytest.warns(RuntimeWarning, match=r"a loading process ended without its \d+ documents \(exit status 9\)"):
        corpus = load_corpus(folder, cache=False, workers=2)
    monkeypatch.undo()
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))


def _out_of_memory():
    raise MemoryError("no room for the tokens")


@needs_fork
def test_an_error_in_a_child_is_raised_here_and_its_warnings_repeated(monkeypatch, folder):
    in_the_child(monkeypatch, _out_of_memory)
    with pytest.raises(MemoryError, match="no room for the tokens") as exc:
        load_corpus(folder, cache=False, workers=2)
    assert "in the loading process" in str(exc.value.__cause__) and "_out_of_memory" in str(exc.value.__cause__)
    monkeypatch.undo()
    in_the_child(monkeypatch, lambda: warnings.warn("a child's warning", UserWarning))
    with pytest.warns(UserWarning, match="a child's warning"):
        corpus = load_corpus(folder, cache=False, workers=2)
    monkeypatch.undo()
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))


@needs_fork
def test_no_child_outlives_an_interrupted_load(monkeypatch, folder):
    parent = os.getpid()
    real = W.load_run
    pids = []

    def interrupted_here(*a, **k):
        if os.getpid() == parent:
            raise KeyboardInterrupt
        import time

        time.sleep(30)
        return real(*a, **k)

    real_fork = W._fork
    monkeypatch.setattr(W, "_fork", lambda: pids.append(real_fork()) or pids[-1])
    monkeypatch.setattr(W, "load_run", interrupted_here)
    with pytest.raises(KeyboardInterrupt):
        load_corpus(folder, cache=False, workers=3)
    assert len(pids) == 2
    for pid in pids:  # killed and reaped: not a child of ours any more
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


@given(st.lists(st.integers(0, 2000), min_size=0, max_size=40), st.integers(1, 9),
       st.floats(0, 1, allow_nan=False))
def test_split_makes_contiguous_nonempty_ranges_that_cover_everything(sizes, k, lead):
    ranges = W.split(sizes, k, lead)
    if not sizes:
        assert ranges == []
        return
    assert len(ranges) == min(k, len(sizes))
    assert [a for a, _ in ranges] == [0] + [b for _, b in ranges[:-1]]
    assert all(b > a for a, b in ranges) and (not sizes or ranges[-1][1] == len(sizes))


def test_split_balances_bytes():
    assert W.split([100] * 10, 2) == [(0, 5), (5, 10)]
    assert W.split([100] * 8 + [800], 2) == [(0, 8), (8, 9)]
    assert W.split([100] * 10, 2, lead=0.25) == [(0, 6), (6, 10)]  # 1.25 of 2.25 shares: 5.6 documents


@given(st.lists(st.text(), max_size=20), st.lists(st.integers(0, 20), max_size=4))
def test_str_from_utf8_joins_parts_as_str_array_of_all(values, cuts):
    edges = [0, *sorted(min(c, len(values)) for c in cuts), len(values)]
    parts = [utf8(values[a:b]) for a, b in zip(edges[:-1], edges[1:])]
    try:
        [v.encode("utf-8") for v in values]
    except UnicodeEncodeError:  # lone surrogates: no UTF-8 (the loader never makes them)
        return
    got = str_from_utf8(parts)
    assert got.tolist() == values
    pd.testing.assert_extension_array_equal(got, str_array(values))


def test_utf8_buffers_by_hand():
    offsets, data = utf8(["Kosovo", "", "Косово"])
    assert offsets.tolist() == [0, 6, 6, 18] and data.dtype == np.uint8 and bytes(data[6:]).decode() == "Косово"
    assert str_from_utf8([(offsets, data), utf8(["x"])]).tolist() == ["Kosovo", "", "Косово", "x"]


def test_a_bare_file_name_is_checked_without_resolving_and_a_link_out_still_refused(tmp_path):
    from toy import write_corpus

    (tmp_path / "outside.txt").write_text("Secret words.", encoding="utf-8")
    folder = write_corpus(tmp_path / "c", {"a": "Words."}, rows=[
        {"doc_id": "a", "file": "a.txt", "group": "g"}, {"doc_id": "b", "file": "link.txt", "group": "g"}])
    os.symlink(tmp_path / "outside.txt", folder / "link.txt")
    with pytest.raises(CorpusError, match="'link.txt' points outside the corpus folder"):
        load_corpus(folder, cache=False)


@needs_fork
def test_a_child_without_room_for_its_results_has_them_loaded_here(monkeypatch, folder):
    def no_room(fd, answer):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(W, "_write", no_room)
    with pytest.warns(RuntimeWarning, match=r"a loading process ended without its \d+ documents \(no room for its "
                                            r"results in /"):
        corpus = load_corpus(folder, cache=False, workers=2)
    monkeypatch.undo()
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))


def test_the_hand_over_goes_to_memory_only_where_it_fits():
    assert W._scratch_dir(0) in ("/dev/shm", None)
    assert W._scratch_dir(10**18) is None  # an exabyte of text: the temp dir


@needs_fork
def test_when_no_child_can_start_this_process_loads_the_rest(monkeypatch, folder):
    forks = []
    real_fork = W._fork

    def second_fork_fails():
        forks.append(1)
        if len(forks) == 2:
            raise OSError(12, "Cannot allocate memory")
        return real_fork()

    monkeypatch.setattr(W, "_fork", second_fork_fails)
    with pytest.warns(RuntimeWarning, match=r"could not start a loading process \(\[Errno 12\] Cannot allocate "
                                            r"memory\); loading the remaining \d+ documents in this one"):
        corpus = load_corpus(folder, cache=False, workers=4)
    monkeypatch.undo()
    assert len(forks) == 2  # one child started, the second failed, no third was tried
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))


@needs_fork
def test_when_no_hand_over_file_can_be_made_this_process_loads_everything(monkeypatch, folder):
    def no_file(**kw):
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(W.tempfile, "TemporaryFile", no_file)
    with pytest.warns(RuntimeWarning, match="could not start a loading process"):
        corpus = load_corpus(folder, cache=False, workers=3)
    monkeypatch.undo()
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))


def test_a_run_is_handed_over_with_its_pieces_joined_and_read_back_the_same(folder, tmp_path):
    import tempfile

    run = runs_cut(folder, [3])[1]
    run.pieces["start"][0] = run.pieces["start"][0].astype(np.int64)  # one document's offsets wider
    want = {name: np.concatenate(arrays) for name, arrays in run.pieces.items()}
    with tempfile.TemporaryFile(dir=tmp_path) as f:
        W._write(f.fileno(), ("ok", run, ["a problem"], []))
        assert len(run.pieces["start"]) == 4  # the child's run is left as it was
        status, back, problems, caught = W._read(f)
    assert status == "ok" and problems == ["a problem"] and back.mapping is not None
    for name, joined in want.items():
        (got,) = back.pieces[name]
        assert got.dtype == joined.dtype and got.tolist() == joined.tolist(), name
    assert back.types == run.types and back.token.tolist() == run.token.tolist()
    assert str_from_utf8([back.texts["text"]]).tolist() == str_from_utf8([run.texts["text"]]).tolist()


def test_write_all_goes_on_after_a_short_write(monkeypatch, tmp_path):
    written, real = [], os.writev

    def short(fd, views):  # the kernel may write less than asked
        n = real(fd, [bytes(views[0])[:3]])
        written.append(n)
        return n

    with open(tmp_path / "f", "wb") as f:
        monkeypatch.setattr(W.os, "writev", short)
        W._write_all(f.fileno(), [b"abcdefg", memoryview(b"hi"), b""])
    assert (tmp_path / "f").read_bytes() == b"abcdefghi" and written == [3, 3, 1, 2]


@needs_fork
def test_the_hand_over_is_unmapped_once_the_tables_are_made(monkeypatch, folder):
    """The children's texts are copied into the tables, so nothing keeps their hand-over
    files (memory in /dev/shm) mapped after the load."""
    closed = []

    def close_now(mappings):  # what the thread would do, here
        W._close(mappings)
        closed.extend(mappings)

    monkeypatch.setattr(pipeline, "close_later", close_now)
    corpus = load_corpus(folder, cache=False, workers=3)
    assert len(closed) == 2 and all(mm.closed for mm in closed)
    monkeypatch.undo()
    assert_same(corpus, load_corpus(folder, cache=False, workers=1))
