"""The on-disk corpus cache: exact round trip, stale entries never used, atomic writes."""

from __future__ import annotations

import json
import shutil
import warnings

import pandas as pd
import pytest

from analysis import cache as cache_mod
from analysis.cache import TABLES, cache_dir, clear_cache, read_cached
from analysis.corpus import load_corpus
from analysis.paths import corpus_dir

from conftest import write_corpus

TOY = {
    "a": "NATO said “the bombing must stop now, at once” today.\n\nRussia’s envoy Đukanović agreed.",
    "b": "Putin: We will not accept this.\n\nClinton: Nor will we.\n\nPutin: Then we part.",
    "c": "Milošević spoke. The U.S.-Russian talks on 120,000 refugees ended.",
}


def _tables_equal(a, b):
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True)
    assert a.meta == b.meta


def _entries(d):
    return sorted(p.name for p in d.iterdir() if p.is_dir())


@pytest.fixture
def seeds_copy(tmp_path):
    dst = tmp_path / "seeds"
    shutil.copytree(corpus_dir(), dst, ignore=shutil.ignore_patterns(".analysis-cache"))
    return dst


def test_roundtrip_seeds_identical(seeds_copy, tmp_path):
    store = tmp_path / "cache"
    plain = load_corpus(seeds_copy)
    first = load_corpus(seeds_copy, cache=store)  # miss: loads and writes
    assert _entries(store) == [plain.meta["sha256"]]
    second = load_corpus(seeds_copy, cache=store)  # hit: read back
    _tables_equal(plain, first)
    _tables_equal(plain, second)
    assert second.folder == seeds_copy


def test_roundtrip_toy_categoricals_and_order(tmp_path):
    folder = write_corpus(tmp_path / "toy", TOY, groups={"a": "zeta", "b": "alpha", "c": "zeta"},
                          extra={"a": {"year": "1999"}})  # a year column with missing values
    plain = load_corpus(folder)
    load_corpus(folder, cache=True)
    assert (folder / ".analysis-cache").is_dir()
    again = load_corpus(folder, cache=True)
    _tables_equal(plain, again)
    # manifest order of documents and groups, not sorted order
    assert list(again.tokens.doc_id.cat.categories) == ["a", "b", "c"]
    assert list(again.tokens.group.cat.categories) == ["zeta", "alpha"]
    assert list(again.tokens.token.cat.categories) == list(plain.tokens.token.cat.categories)


def test_hit_is_really_read_from_disk(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    load_corpus(folder, cache=store)
    import analysis.corpus.workers as corpus_mod  # the module whose runs call load_document

    def boom(*a, **k):  # pragma: no cover - must not be called on a hit
        raise AssertionError("tokenized again despite a valid cache entry")

    monkeypatch.setattr(corpus_mod, "load_document", boom)
    load_corpus(folder, cache=store)


def test_changed_byte_is_a_miss_and_fresh(tmp_path):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    old = load_corpus(folder, cache=store)
    old_key = old.meta["sha256"]
    p = folder / "c.txt"
    p.write_bytes(p.read_bytes().replace(b"spoke", b"spike"))
    new = load_corpus(folder, cache=store)
    assert new.meta["sha256"] != old_key
    _tables_equal(new, load_corpus(folder))
    assert "spike" in set(new.tokens.token.astype(str))
    assert "spoke" not in set(new.tokens.token.astype(str))
    assert _entries(store) == [new.meta["sha256"]]  # the stale entry is pruned


@pytest.mark.parametrize("change", ["manifest", "voices", "min_quote_tokens"])
def test_other_inputs_change_the_key(tmp_path, change):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    old = load_corpus(folder, cache=store)
    kw = {}
    if change == "manifest":
        m = folder / "manifest.csv"
        m.write_text(m.read_text(encoding="utf-8").replace(",g\n", ",h\n", 1), encoding="utf-8")
    elif change == "voices":
        (folder / "voices.csv").write_text(
            "doc_id,scope,anchor,voice,speaker,note\nc,paragraph,Milošević spoke,quoted,Milošević,\n", encoding="utf-8")
    else:
        kw = {"min_quote_tokens": 20}
    new = load_corpus(folder, cache=store, **kw)
    assert new.meta["sha256"] != old.meta["sha256"]
    _tables_equal(new, load_corpus(folder, **kw))


def test_damaged_entry_is_ignored_and_rewritten(tmp_path):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    plain = load_corpus(folder, cache=store)
    entry = store / plain.meta["sha256"]
    (entry / "tokens.parquet").write_bytes(b"not parquet")
    with pytest.warns(UserWarning, match="unusable corpus cache entry"):
        again = load_corpus(folder, cache=store)
    _tables_equal(plain, again)
    assert read_cached(store, plain.meta["sha256"]) is not None  # rewritten
    meta = json.loads((entry / "meta.json").read_text())
    meta["key"] = "0" * 64  # a foreign entry under our key
    (entry / "meta.json").write_text(json.dumps(meta))
    with pytest.warns(UserWarning, match="unusable"):
        assert read_cached(store, plain.meta["sha256"]) is None


def test_atomic_write_leaves_no_partial_entry(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "toy", TOY)
    store = tmp_path / "cache"
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}

    def failing(self, path, *a, **k):
        calls["n"] += 1
        if str(path).endswith("tokens.parquet"):
            raise OSError("disk full")
        return real(self, path, *a, **k)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.warns(UserWarning, match="could not write the corpus cache"):
        c = load_corpus(folder, cache=store)
    assert calls["n"] > 0
    assert list(store.iterdir()) == []  # neither an entry nor a temp dir is left
    monkeypatch.setattr(pd.DataFrame, "to_parquet", real)
    _tables_equal(c, load_corpus(folder))


def test_warnings_are_replayed_on_a_hit(tmp_path):
    folder = write_corpus(tmp_path / "toy", TOY, cleaning="rules:\n  - name: never\n    pattern: 'ZZZ+QQQ'\n")
    store = tmp_path / "cache"
    with pytest.warns(UserWarning, match="matched nothing"):
        load_corpus(folder, cache=store)
    with pytest.warns(UserWarning, match="matched nothing"):
        load_corpus(folder, cache=store)


def test_no_cache_by_default_for_small_corpora(tmp_path, monkeypatch):
    folder = write_corpus(tmp_path / "toy", TOY)
    load_corpus(folder)
    assert not (folder / ".analysis-cache").exists()
    assert cache_dir(folder, None, pd.DataFrame({"file": ["a.txt"]})) is None
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "env-cache"))
    assert cache_dir(folder, True) == tmp_path / "env-cache"
    load_corpus(folder, cache=True)
    assert len(_entries(tmp_path / "env-cache")) == 1
    assert cache_dir(folder, False) is None
    with pytest.raises(TypeError, match="cache="):
        cache_dir(folder, 3)


def test_large_corpus_caches_automatically(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_mod, "LARGE_DOCS", 2)  # three documents count as "large"
    monkeypatch.delenv("ANALYSIS_CACHE_DIR", raising=False)
    folder = write_corpus(tmp_path / "toy", TOY)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        load_corpus(folder)
    assert len(_entries(folder / ".analysis-cache")) == 1
    assert clear_cache(folder / ".analysis-cache") == 1
    load_corpus(folder)  # the folder stays a valid corpus folder with the cache inside it


def test_progress_is_silent_on_small_corpora(tmp_path, capsys):
    folder = write_corpus(tmp_path / "toy", TOY)
    load_corpus(folder)
    assert capsys.readouterr().err == ""
    load_corpus(folder, progress=True)
    assert "loading" in capsys.readouterr().err
