import numpy as np
import pandas as pd
import pytest

from analysis.synthesis import change_statements, overlap, voice_statements


def actor_table(rows):
    return pd.DataFrame(rows, columns=["group", "voice", "actor", "frame", "n_pairs", "n_actor_mentions", "per_mention",
                                       "ci_low", "ci_high", "thin"])


def test_overlap():
    assert overlap(0, 1, 0.5, 2) and overlap(0, 1, 1, 2) and not overlap(0, 1, 1.01, 2)
    assert overlap(np.nan, 1, 2, 3)  # unknown bounds: no claim


def test_change_statements_claim_only_separated_differences():
    t = actor_table([
        ("A", "author", "Russia", "military", 20, 10, 2.0, 1.5, 2.5, ""),
        ("B", "author", "Russia", "military", 10, 20, 0.5, 0.2, 0.9, ""),
        ("A", "author", "Russia", "diplomacy", 6, 10, 0.6, 0.2, 1.0, ""),
        ("B", "author", "Russia", "diplomacy", 16, 20, 0.8, 0.4, 1.2, ""),
        ("A", "author", "Russia", "prestige", 1, 10, 0.1, 0.0, 0.3, "thin"),
        ("B", "author", "Russia", "prestige", 2, 20, 0.1, 0.0, 0.2, "thin"),
    ])
    s = change_statements(t, actors=["Russia"], before="A", after="B")
    assert list(s.frame) == ["military", "diplomacy"]  # prestige: fewer than 5 pairs on both sides, no statement
    assert s.separated.tolist() == [True, False]
    assert s.statement[0] == ("Russia: military falls from 2.00 [1.50, 2.50] frame hits per mention in A (n=20) to "
                              "0.50 [0.20, 0.90] in B (n=10); the intervals do not overlap.")
    assert "do not separate them" in s.statement[1]
    assert s.per_mention_before.tolist() == [2.0, 0.6] and s.per_mention_after.tolist() == [0.5, 0.8]
    with pytest.warns(DeprecationWarning, match="column 'rate_before' is now 'per_mention_before'"):
        assert s.rate_before.tolist() == [2.0, 0.6]


def test_voice_statements():
    r = pd.DataFrame({"group": ["M"] * 4, "voice": ["author", "quoted"] * 2, "category": ["x", "x", "y", "y"],
                      "n_hits": [10, 0, 3, 2], "per_1000": [10.0, 0.0, 3.0, 2.0], "ci_low": [5.0, 0.0, 1.0, 0.5],
                      "ci_high": [15.0, 1.4, 6.0, 4.0]})
    s = voice_statements(r, group="M")
    assert list(s.frame) == ["x"] and s.separated.tolist() == [True]
    assert s.statement[0].endswith("more frequent in M's own voice, intervals apart.")
    assert s.per_1000_author.tolist() == [10.0] and s.per_1000_quoted.tolist() == [0.0]
    with pytest.warns(DeprecationWarning, match="column 'rate_author' is now 'per_1000_author'"):
        assert s["rate_author"].tolist() == [10.0]
