"""The corpus cache under hostile conditions (issue 18): an edit during a load, flipped bytes,
a cache folder shared with the user's own files, a new version of the loading code."""

from __future__ import annotations

import hashlib
import json
import warnings

import pandas as pd
import pytest

from analysis.cache import TABLES, clear_cache, read_cached
from analysis.corpus import corpus_hash, load_corpus
from analysis.corpus import cache as cache_mod
from analysis.corpus import workers
from conftest import write_corpus

TOY = {
    "a": "NATO said “the bombing must stop now, at once” today.\n\nRussia’s envoy Đukanović agreed.",
    "b": "Putin: We will not accept this.\n\nClinton: Nor will we.\n\nPutin: Then we part.",
    "c": "Milošević spoke. The U.S.-Russian talks on 120,000 refugees ended.",
}


def tables_equal(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.meta == b.meta


def files_agree(corpus, folder):
    """Every document's sha256 is that of its file as it is now."""
    for f, sha in zip(corpus.documents.file, corpus.documents.sha256):
        assert hashlib.sha256((folder / f).read_bytes()).hexdigest() == sha, f


def test_an_edit_during_a_load_is_never_served_for_the_old_bytes(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    p = folder / "c.txt"
    old = p.read_bytes()
    real = workers.load_document

    def edit_first(fold, row, *a, **k):  # the file changes after the key was hashed, before it is read
        if row["doc_id"] == "a":
            p.write_bytes(old.replace(b"spoke", b"spike"))
        return real(fold, row, *a, **k)

    monkeypatch.setattr(workers, "load_document", edit_first)
    during = load_corpus(folder, cache=store)
    monkeypatch.setattr(workers, "load_document", real)
    files_agree(during, folder)  # the tables describe the bytes read …
    assert during.meta["sha256"] == corpus_hash(folder)  # … and so does their key
    p.write_bytes(old)  # back to the bytes the key was first hashed from
    after = load_corpus(folder, cache=store)
    files_agree(after, folder)
    assert "spoke" in set(after.tokens.token.astype(str))
    tables_equal(after, load_corpus(folder))


def flip(path, at):
    data = bytearray(path.read_bytes())
    data[at % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["tokens.parquet", "documents.parquet", "meta.json", "categories"])
def test_a_flipped_byte_is_a_warning_and_a_reload_never_served(tmp_path, name):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    plain = load_corpus(folder, cache=store)
    entry = store / plain.meta["sha256"]
    targets = sorted((entry / "categories").iterdir()) if name == "categories" else [entry / name]
    size = min(p.stat().st_size for p in targets)
    for k, at in enumerate(range(0, size, max(1, size // 12))):
        target = targets[k % len(targets)]
        flip(target, at)
        with pytest.warns(UserWarning, match="unusable corpus cache entry"):
            again = load_corpus(folder, cache=store)
        tables_equal(plain, again)
        assert read_cached(store, plain.meta["sha256"]) is not None  # rewritten whole


def test_clear_cache_deletes_only_what_it_created(tmp_path):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "shared"
    mine = store / "my-experiment"
    mine.mkdir(parents=True)
    (mine / "meta.json").write_text('{"format": 1, "note": "my results"}')
    (mine / "results.csv").write_text("x\n1\n")
    (store / ".tmp-notes").mkdir()
    (store / "notes.txt").write_text("keep")
    load_corpus(folder, cache=store)
    assert (store / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")
    assert clear_cache(store) == 1
    assert (mine / "results.csv").is_file() and (mine / "meta.json").is_file()
    assert (store / ".tmp-notes").is_dir() and (store / "notes.txt").is_file()
    # an entry of another corpus folder is pruned only if it is ours too
    load_corpus(folder, cache=store)
    (folder / "c.txt").write_text("Milošević spoke again.")
    load_corpus(folder, cache=store)
    assert (mine / "results.csv").is_file()
    assert len([p for p in store.iterdir() if p.is_dir() and len(p.name) == 64]) == 1


def test_a_new_version_of_the_loading_code_is_a_miss(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    first = load_corpus(folder, cache=store)
    meta = json.loads((store / first.meta["sha256"] / "meta.json").read_text())
    assert meta["code"] == cache_mod.code_version()
    monkeypatch.setattr(cache_mod, "code_version", lambda: "another version of the loader")
    calls = []
    real = workers.load_document
    monkeypatch.setattr(workers, "load_document", lambda *a, **k: calls.append(1) or real(*a, **k))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # stale, not damaged: no warning
        again = load_corpus(folder, cache=store)
    assert len(calls) == 3  # loaded afresh
    tables_equal(first, again)
    meta = json.loads((store / first.meta["sha256"] / "meta.json").read_text())
    assert meta["code"] == "another version of the loader"  # rewritten by this code


def test_the_code_version_covers_the_loader_sources():
    from pathlib import Path

    import analysis

    v = cache_mod.code_version()
    assert v == cache_mod.code_version() and len(v) == 64
    names = {p.relative_to(Path(analysis.__file__).parent).as_posix() for p in cache_mod.code_files()}
    assert {"corpus/pipeline.py", "corpus/document.py", "corpus/cleaning.py", "tokens.py"} <= names
