"""A hostile lexicon (issue 18): every outcome is a lexicon that matches, or a LexiconError naming
the file — never a hang, a raw traceback, or a pattern silently dropped."""

from __future__ import annotations

import warnings

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from analysis import match
from analysis.lexicons import LexiconError, LexiconWarning, load_lexicon
from toy import build

GOOD = ["Russia", "NATO*", "re:serb(ia|s)?", "re:(a+)+$", "North Atlantic Council", "Milošević", "re:milošević",
        "Kosovo-*", "e\u0301", "Moscow"]
BAD = ["re:a{99999999999}", "re:(", "re:", "", "  ", "*", "re:.*", "&x", "*x", "!!", "x: y", "'quoted'", "[list]", "{map: 1}"]
PATTERNS = st.sampled_from(GOOD * 3 + BAD)
CORPUS = build({"a": "Russia and NATO-led forces met Serbia. Milošević spoke to the North Atlantic Council."})


@st.composite
def lexicons(draw):
    lines = ["name: fuzz", 'version: "1"', "description: a fuzzed lexicon", "categories:"]
    for k in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["Russia", "NATO", "Serbia", "x", "Russia", "&a", "'q'", "k: v"]))
        lines.append(f"  {name}:")
        if draw(st.sampled_from([True, True, True, False])):
            lines.append("    definition: something")
        lines.append("    patterns:")
        for p in draw(st.lists(PATTERNS, max_size=4)):
            lines.append(f"      - {p!r}" if draw(st.booleans()) else f"      - {p}")
        if draw(st.booleans()):
            lines.append(f"    exclude: [{draw(PATTERNS)!r}]")
    if draw(st.sampled_from([False, False, True])):
        lines.append(draw(st.sampled_from(["extra: &x [1, 2]", "bomb: *x", "name: twice", "\t bad indent", "categories: 5"])))
    text = "\n".join(lines) + "\n"
    return text.encode("utf-8") if draw(st.sampled_from([True, True, True, False])) else text.encode("latin-1", errors="replace")


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lexicons())
def test_a_fuzzed_lexicon_loads_and_matches_or_names_its_file(tmp_path, data):
    path = tmp_path / "fuzz.yaml"
    path.write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LexiconWarning)
        warnings.simplefilter("ignore", UserWarning)
        try:
            lex = load_lexicon(path, codebook=False)
        except LexiconError as exc:
            assert str(path) in str(exc)
            event("refused with a message naming the file")
            return
        event("loaded")
        patterns = lex.to_patterns()
        hits = match(CORPUS, patterns, exclude=lex.to_exclude()) if patterns else None
    # every category and pattern of the file is there: none silently dropped
    n_file = sum(len(c.patterns) for c in lex.categories.values())
    assert sum(len(v) for v in patterns.values()) == n_file
    if hits is not None:
        assert set(hits.category.astype(str)) <= set(patterns)
