"""analysis._core.memo: the per-table cache never answers for a table's old content.

The token index, the texts' UTF-8 buffers and kwic's column look-ups are cached per table.
Each test warms the cache, edits the corpus tables the ways a user would (``.loc`` /
``.iloc`` / ``.at`` in place, assigning a column, replacing the table), then matches again:
the result must equal that of an independent corpus holding deep copies of the edited
tables (nothing cached for it).
"""

from __future__ import annotations

import dataclasses
import gc
import time

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from analysis import load_corpus
from analysis._core import memo as memo_mod
from analysis._core.index import token_index
from analysis.concordance import kwic
from analysis.matcher import match

PATTERNS = {"Russia": ["russia*"], "NATO": ["NATO", "North Atlantic *"], "round": ["second round"]}


def fresh(corpus):
    """A corpus of deep copies of ``corpus``'s tables: new objects, so nothing is cached for them."""
    return dataclasses.replace(corpus, documents=corpus.documents.copy(deep=True), tokens=corpus.tokens.copy(deep=True))


def check(corpus, patterns=PATTERNS, **options):
    got = match(corpus, patterns, **options)
    assert_frame_equal(got, match(fresh(corpus), patterns, **options))
    assert_frame_equal(kwic(corpus, patterns, **options), kwic(fresh(corpus), patterns, **options))
    return got


@pytest.fixture
def corpus():
    """A private copy of the seed corpus (the session fixture must not be edited)."""
    return load_corpus()


def test_loc_edit_in_place_is_seen(corpus):
    """The bug of the issue: 58 stale hits of "russia" after an in-place edit of ``norm``."""
    t = corpus.tokens
    # whole tokens (parts=False): the hyphenated "Russia-Ukraine" keeps its norm and would still match as a part
    assert len(match(corpus, "russia", parts=False)) == 58  # warm: index cached
    t.loc[(t["norm"] == "russia").to_numpy(), "norm"] = "nato"
    assert len(match(corpus, "russia", parts=False)) == 0
    check(corpus)


def test_assigning_a_column_is_seen(corpus):
    t = corpus.tokens
    check(corpus)
    t["norm"] = t["norm"].cat.add_categories(["x"])
    t.loc[(t["norm"] == "kosovo").to_numpy(), "norm"] = "x"
    got = check(corpus, ["kosovo", "x"], parts=False)  # whole tokens: "Kosovo-Serbia" is not edited
    assert (got.pattern == "kosovo").sum() == 0 and (got.pattern == "x").sum() > 0


def test_iloc_and_at_edits_are_seen(corpus):
    t = corpus.tokens
    check(corpus)
    k = int(np.flatnonzero((t["norm"] == "nato").to_numpy())[0])
    t.iloc[k, t.columns.get_loc("norm")] = "russia"
    check(corpus)
    k = int(np.flatnonzero((t["norm"] == "nato").to_numpy())[0])
    t.at[t.index[k], "norm"] = "russia"
    check(corpus)


def test_an_edit_of_another_column_than_norm_is_seen(corpus):
    """A phrase needs consecutive tokens of one sentence: moving its second word to another
    sentence (``sent_id``) in place removes the hit."""
    t = corpus.tokens
    before = check(corpus)
    phrase = before[before.category == "round"]
    assert len(phrase)
    second = (t["doc_id"] == phrase.doc_id.iloc[0]) & (t["i"] == phrase.j.iloc[0] - 1)
    t.loc[second.to_numpy(), "sent_id"] = 10_000
    after = check(corpus)
    assert len(after[after.category == "round"]) == len(phrase) - 1


def test_replacing_the_tables_is_seen(corpus):
    check(corpus)
    drop = corpus.tokens["doc_id"].cat.categories[0]
    smaller = dataclasses.replace(corpus, tokens=corpus.tokens[corpus.tokens["doc_id"] != drop])
    got = check(smaller)
    assert drop not in set(got.doc_id.astype(str))
    # the frozen Corpus forbids ``corpus.tokens = …``; a user may still force it
    object.__setattr__(corpus, "tokens", corpus.tokens[corpus.tokens["doc_id"] != drop])
    gc.collect()  # the old table is gone; a new one may reuse its id()
    assert_frame_equal(check(corpus), got)


def test_an_edit_of_the_documents_is_seen_by_kwic(corpus):
    """KWIC lines are cut from the documents' clean text, cached per (documents, tokens)."""
    before = kwic(corpus, "NATO")
    corpus.documents["text"] = corpus.documents["text"].str.upper()
    after = kwic(corpus, "NATO")
    assert after["left"].tolist() == [s.upper() for s in before["left"]]
    assert_frame_equal(after, kwic(fresh(corpus), "NATO"))


def test_an_unedited_table_is_served_from_the_cache(corpus):
    idx = token_index(corpus.tokens, False, False)
    match(corpus, "NATO")
    kwic(corpus, "NATO")
    assert token_index(corpus.tokens, False, False) is idx
    corpus.tokens["extra"] = 1  # any edit of the table: rebuilt once, then cached again
    idx2 = token_index(corpus.tokens, False, False)
    assert idx2 is not idx and token_index(corpus.tokens, False, False) is idx2


def test_the_version_stamp_is_cheap():
    """The check costs microseconds whatever the table's size (no hashing of the data)."""
    n = 2_000_000
    big = pd.DataFrame({"norm": pd.Categorical.from_codes(np.arange(n) % 1000, categories=[str(k) for k in range(1000)]),
                        "i": np.arange(n, dtype=np.int32)})
    memo_mod.memo((big,), "stamp test", lambda: 1)
    t0 = time.perf_counter()
    for _ in range(1000):
        assert memo_mod.memo((big,), "stamp test", lambda: 2) == 1
    assert (time.perf_counter() - t0) / 1000 < 1e-3


def test_entries_die_with_their_table():
    t = pd.DataFrame({"a": [1, 2, 3]})
    memo_mod.memo((t,), "dies", lambda: "x")
    n = len(memo_mod._MEMO)
    del t
    gc.collect()
    assert len(memo_mod._MEMO) == n - 1
