"""Tests of analysis.lexicons and the bundled dictionaries (actors.yaml, frames.yaml).

Seed counts below were verified by hand with grep over seeds/*.txt (see each test);
tokens inside page residue (captions, author bios) are not in the corpus and so do not
count.
"""

from __future__ import annotations

import dataclasses
import hashlib
import textwrap
import warnings

import pytest

from analysis import paths
from analysis.lexicons import (
    CODEBOOK_ACTORS,
    CODEBOOK_FRAMES,
    CODEBOOK_PRIMARY,
    Category,
    Lexicon,
    LexiconError,
    LexiconWarning,
    load_lexicon,
    load_lexicons,
    read_quanteda_dictionary,
)


def write(tmp_path, text: str, name: str = "lex.yaml"):
    p = tmp_path / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


MINIMAL = """\
    name: toy
    version: "0.1"
    categories:
      Russia:
        definition: Russia and its organs.
        patterns: [Russia, "Russian*", Kremlin]
        exclude: ["Russian Roulette"]
      NATO:
        definition: The alliance.
        patterns: [NATO, North Atlantic Council]
    """


# --------------------------------------------------------------------------- codebook


def test_codebook_constants():
    assert CODEBOOK_ACTORS == ("Russia", "NATO", "Serbia", "United States", "Kosovo", "Ukraine", "EU")
    assert CODEBOOK_PRIMARY == ("Russia", "NATO", "Serbia")
    assert CODEBOOK_FRAMES == (
        "military_security", "aggression_threat", "diplomacy_negotiation", "law_sovereignty",
        "humanitarian", "democracy_elections", "prestige_identity", "alliance_cooperation",
        "economy_sanctions", "territory_separatism",
    )


@pytest.mark.parametrize("name, expected, version", [("actors", CODEBOOK_ACTORS, "1.0"),
                                                     ("frames", CODEBOOK_FRAMES, "1.1")])  # 1.1: issue 19
def test_bundled_lexicon_has_every_codebook_category_with_definition(name, expected, version):
    lex = load_lexicon(name)
    assert lex.name == name and lex.version == version and lex.format == "codebook"
    assert tuple(lex.categories) == expected  # exactly the codebook, in codebook order
    for cat in lex.categories.values():
        assert cat.definition.strip(), cat.name
        assert cat.patterns, cat.name
        assert cat.notes.strip(), cat.name  # every category documents its checks
    assert lex.sources


def test_actor_primary_flags_follow_codebook():
    lex = load_lexicon("actors")
    assert {c: lex[c].primary for c in lex} == {c: c in CODEBOOK_PRIMARY for c in CODEBOOK_ACTORS}


def test_bundled_lexicons_load_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        lexes = load_lexicons()
    assert set(lexes) == {"actors", "frames", "people", "modality"}


def test_bundled_patterns_compile_in_the_matcher_without_warnings():
    match_mod = pytest.importorskip("analysis.matcher")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for lex in load_lexicons().values():
            for cat in lex.categories.values():
                for p in cat.patterns + cat.exclude:
                    match_mod.compile_pattern(p)


def test_bundled_path_and_sha256():
    lex = load_lexicon("frames")
    assert lex.path == paths.LEXICONS / "frames.yaml"
    assert lex.sha256 == hashlib.sha256((paths.LEXICONS / "frames.yaml").read_bytes()).hexdigest()
    assert load_lexicon(paths.LEXICONS / "frames.yaml").sha256 == lex.sha256


# --------------------------------------------------------------------------- object


def test_minimal_lexicon_and_helpers(tmp_path):
    p = write(tmp_path, MINIMAL)
    lex = load_lexicon(p)
    assert isinstance(lex, Lexicon)
    assert (lex.name, lex.version, lex.path, lex.format) == ("toy", "0.1", p.resolve(), "codebook")
    assert lex.sha256 == hashlib.sha256(p.read_bytes()).hexdigest()
    assert lex["Russia"] == Category("Russia", "Russia and its organs.", ("Russia", "Russian*", "Kremlin"),
                                     ("Russian Roulette",), "", None)
    assert lex.to_patterns() == {"Russia": ["Russia", "Russian*", "Kremlin"], "NATO": ["NATO", "North Atlantic Council"]}
    assert lex.to_exclude() == {"Russia": ["Russian Roulette"]}
    assert len(lex) == 2 and list(lex) == ["Russia", "NATO"] and "NATO" in lex


def test_lexicon_is_immutable(tmp_path):
    lex = load_lexicon(write(tmp_path, MINIMAL))
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex.name = "x"
    with pytest.raises(TypeError):
        lex.categories["EU"] = lex["NATO"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        lex["NATO"].patterns = ()
    # the helpers hand out copies
    lex.to_patterns()["NATO"].append("x")
    assert lex["NATO"].patterns == ("NATO", "North Atlantic Council")


def test_invalid_format_option(tmp_path):
    with pytest.raises(ValueError, match="format='xml' is not valid"):
        load_lexicon(write(tmp_path, MINIMAL), format="xml")


# --------------------------------------------------------------------------- errors


def _error(path, **kw) -> str:
    with pytest.raises(LexiconError) as ei:
        load_lexicon(path, **kw)
    return str(ei.value)


def test_invalid_yaml_names_file(tmp_path):
    p = write(tmp_path, "name: toy\ncategories: {Russia: [unclosed\n")
    msg = _error(p)
    assert str(p) in msg and "invalid YAML" in msg


def test_yaml_is_read_safely(tmp_path):
    p = write(tmp_path, "!!python/object/apply:os.system ['echo pwned']\n")
    assert "invalid YAML" in _error(p)


def test_unknown_top_level_key(tmp_path):
    p = write(tmp_path, textwrap.dedent(MINIMAL) + "categores: {}\n")
    msg = _error(p)
    assert str(p) in msg and "unknown top-level key 'categores'" in msg


def test_unknown_category_key(tmp_path):
    p = write(tmp_path, MINIMAL.replace("        exclude:", "        exlude:"))
    msg = _error(p)
    assert str(p) in msg and "category 'Russia'" in msg and "unknown key 'exlude'" in msg


def test_missing_codebook_category(tmp_path):
    text = "name: actors\nversion: '1'\ncategories:\n" + "".join(
        f"  {c}:\n    definition: d\n    patterns: [x{i}]\n" for i, c in enumerate(CODEBOOK_ACTORS) if c != "EU"
    )
    p = write(tmp_path, text)
    msg = _error(p)
    assert str(p) in msg and "codebook category 'EU' is missing" in msg
    # not checked when asked not to; a custom codebook is checked
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert "EU" not in load_lexicon(p, codebook=False)
    assert "codebook category 'Mars' is missing" in _error(p, codebook=["Russia", "Mars"])


def test_codebook_true_needs_a_known_name(tmp_path):
    assert "no codebook for a lexicon named 'toy'" in _error(write(tmp_path, MINIMAL), codebook=True)


def test_bad_regex_names_file_category_and_pattern(tmp_path):
    p = write(tmp_path, MINIMAL.replace("Kremlin]", "Kremlin, 're:serb(ia']"))
    msg = _error(p)
    assert str(p) in msg and "category 'Russia'" in msg and "'re:serb(ia'" in msg and "bad regular expression" in msg


def test_regex_matching_empty_string_is_an_error(tmp_path):
    msg = _error(write(tmp_path, MINIMAL.replace("Kremlin]", "Kremlin, 're:x*']")))
    assert "'re:x*'" in msg and "matches the empty string" in msg


@pytest.mark.parametrize("patterns, needle", [
    ('[Russia, ""]', "empty pattern ''"),
    ('[Russia, "   "]', "empty pattern '   '"),
    ("[]", "empty list"),
    ("[Russia, 5]", "pattern 5 is a int, not a string"),
    ("Russia-only-string-is-fine", None),
])
def test_empty_or_non_string_patterns(tmp_path, patterns, needle):
    p = write(tmp_path, MINIMAL.replace('[Russia, "Russian*", Kremlin]', patterns))
    if needle is None:
        assert load_lexicon(p)["Russia"].patterns == ("Russia-only-string-is-fine",)
        return
    msg = _error(p)
    assert str(p) in msg and "category 'Russia'" in msg and needle in msg


def test_missing_definition_and_patterns(tmp_path):
    p = write(tmp_path, """\
        name: toy
        version: "1"
        categories:
          Russia:
            patterns: [Russia]
          NATO:
            definition: "  "
          EU:
            definition: The Union.
            patterns: [EU]
        """)
    with pytest.raises(LexiconError) as ei:
        load_lexicon(p)
    problems = ei.value.problems
    assert problems == [
        f"{p}: category 'Russia', 'definition': missing",
        f"{p}: category 'NATO', 'definition': empty",
        f"{p}: category 'NATO': missing 'patterns'",
    ]


def test_unquoted_version_and_missing_name(tmp_path):
    p = write(tmp_path, "version: 1.0\ncategories:\n  A:\n    definition: a\n    patterns: [a]\n")
    msg = _error(p)
    assert "missing top-level key 'name'" in msg
    assert "'version': must be a string, got float 1.0 (quote it in the YAML)" in msg


# --------------------------------------------------------------------------- warnings


def _warnings(path, **kw) -> list[str]:
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        load_lexicon(path, **kw)
    assert all(issubclass(w.category, LexiconWarning) for w in rec)
    return [str(w.message) for w in rec]


def test_duplicate_pattern_within_category_warns(tmp_path):
    p = write(tmp_path, MINIMAL.replace("Kremlin]", "Kremlin, kremlin]"))
    (msg,) = _warnings(p)
    assert msg == f"{p}: category 'Russia', patterns: duplicate pattern 'kremlin' (same as 'Kremlin')"
    with pytest.warns(LexiconWarning):
        lex = load_lexicon(p)
    assert lex["Russia"].patterns == ("Russia", "Russian*", "Kremlin")  # kept once


def test_duplicate_pattern_across_categories_warns_naming_both(tmp_path):
    p = write(tmp_path, MINIMAL.replace("[NATO, North", "[NATO, Kremlin, North"))
    (msg,) = _warnings(p)
    assert msg == f"{p}: pattern 'Kremlin' is in two categories: 'Russia' and 'NATO'"


@pytest.mark.parametrize("pattern, element", [
    ("'NATO,'", "'NATO,'"),
    ("\"Russia's\"", "\"Russia's\""),
    ("U.S", "'U.S'"),
    ("'North Atlantic-'", "'Atlantic-'"),
])
def test_unmatchable_pattern_warns(tmp_path, pattern, element):
    p = write(tmp_path, MINIMAL.replace("Kremlin]", f"Kremlin, {pattern}]"))
    (msg,) = _warnings(p)
    assert msg.startswith(f"{p}: category 'Russia', patterns: pattern ")
    assert f"element(s) {element} can never match a token" in msg


@pytest.mark.parametrize("pattern", ["U.S.", "*-led", "NATO-*", "’s", "Russia ’s", "d'état", "MIG-29s", "?", "*"])
def test_matchable_patterns_do_not_warn(tmp_path, pattern):
    p = write(tmp_path, MINIMAL.replace("Kremlin]", f"Kremlin, \"{pattern}\"]"))
    assert _warnings(p) == []


def test_unknown_category_warns_under_codebook(tmp_path):
    text = "name: frames\nversion: '1'\ncategories:\n" + "".join(
        f"  {c}:\n    definition: d\n    patterns: [x{i}]\n" for i, c in enumerate(CODEBOOK_FRAMES + ("sport",))
    )
    p = write(tmp_path, text)
    assert _warnings(p) == [f"{p}: category 'sport' is not in the codebook (allowed: a dictionary may grow beyond it)"]


def test_primary_contradicting_codebook_warns(tmp_path):
    text = "name: actors\nversion: '1'\ncategories:\n" + "".join(
        f"  {c}:\n    definition: d\n    primary: {str(c == 'EU').lower()}\n    patterns: [x{i}]\n"
        for i, c in enumerate(CODEBOOK_ACTORS)
    )
    msgs = _warnings(write(tmp_path, text))
    assert sorted(m.split(": ", 1)[1] for m in msgs) == sorted(
        f"category {c!r}: primary={c == 'EU'} contradicts the codebook" for c in ("Russia", "NATO", "Serbia", "EU")
    )


# --------------------------------------------------------------------------- quanteda


QUANTEDA = """\
    economy:
      positive: [growth*, boom]
      negative: [recession*]
    security:
      military:
        hard: [tank*, "air strike*"]
      soft: diplomacy
    """


def test_quanteda_nested_dictionary_is_flattened(tmp_path):
    p = write(tmp_path, QUANTEDA, "laver.yml")
    for lex in (read_quanteda_dictionary(p), load_lexicon(p), load_lexicon(p, format="quanteda")):
        assert lex.format == "quanteda" and lex.name == "laver" and lex.version == ""
        assert lex.to_patterns() == {
            "economy.positive": ["growth*", "boom"],
            "economy.negative": ["recession*"],
            "security.military.hard": ["tank*", "air strike*"],
            "security.soft": ["diplomacy"],
        }
        assert lex.to_exclude() == {}
        assert all(c.definition == "" and c.primary is None for c in lex.categories.values())


def test_quanteda_errors_name_file_and_category(tmp_path):
    p = write(tmp_path, "economy:\n  positive: [growth*, 're:(']\n  negative: 3\n  empty: {}\n", "bad.yml")
    msg = _error(p)
    assert str(p) in msg
    assert "category 'economy.positive', patterns: pattern 're:(': bad regular expression" in msg
    assert "category 'economy.negative': must be a list of patterns or a nested mapping, got int 3" in msg
    assert "category 'economy.empty': empty mapping" in msg


def test_quanteda_list_at_top_is_an_error(tmp_path):
    assert "non-empty YAML mapping" in _error(write(tmp_path, "- a\n- b\n", "list.yml"))


# --------------------------------------------------------------------------- seed counts


@pytest.fixture(scope="module")
def actor_hits():
    from analysis import load_corpus
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("actors")
    return match(load_corpus(), lex.to_patterns(), exclude=lex.to_exclude())


@pytest.fixture(scope="module")
def frame_hits():
    from analysis import load_corpus
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("frames")
    return match(load_corpus(), lex.to_patterns(), exclude=lex.to_exclude())


def _n(hits, **eq) -> int:
    m = True
    for col, val in eq.items():
        m = m & (hits[col].astype(str) == val)
    return int(m.sum())


def test_serbia_hits_in_monitor_1998(actor_hits):
    # grep -oE "\b(Serb\w*|Belgrade|Yugoslav\w*|Milosevic|Bulatovic|Vucic)\b" 1998-10-06-monitor-v4-183.txt
    # → Belgrade 5, Bulatovic 2, Milosevic 2, Serb 2, Serbian 1, Serbs 1, Yugoslav 6, Yugoslavia 3 = 22
    s = actor_hits[(actor_hits["doc_id"] == "monitor-1998") & (actor_hits["category"] == "Serbia")]
    assert len(s) == 22
    assert s["pattern"].astype(str).value_counts().to_dict() == {
        "Yugoslav*": 9, "Belgrade": 5, "Serb*": 4, "Milosevic": 2, "Bulatovic": 2}


def test_diacritic_variant_milosevic(actor_hits):
    # grep: Milosevic 2 / 1 / 1 / 0 / 1 in the five files, Milošević 61 in meduza, of which
    # 3 are in the repeated photo caption (residue) → 58 in the corpus.
    m = actor_hits[actor_hits["pattern"] == "Milosevic"]
    assert m.groupby("doc_id", observed=True).size().to_dict() == {
        "monitor-1998": 2, "monitor-1999": 1, "norris-2014": 1, "meduza-2020": 58, "phillips-peci-2021": 1}
    assert set(m.loc[m["doc_id"] == "meduza-2020", "match"]) == {"Milošević"}


def test_glob_serb_star_with_exclusions(actor_hits):
    # grep -oE "\bSerb\w*" seeds/*.txt → 43, of which 1 "Serbia" is in the phillips-peci author
    # bio (residue) and "Kosovo Serbs" and "Bosnian Serbs" are excluded → 43 - 1 - 2 = 40; the
    # 2 inside "Kosovo-Serbia" (one token) are found as its part by "Serb*", which comes before
    # "*-Serb*" in the lexicon (the same span counts once per category, first pattern).
    assert _n(actor_hits, pattern="Serb*") == 40
    assert _n(actor_hits, pattern="*-Serb*") == 0
    excluded = actor_hits[actor_hits["match"].isin(["Serbs"]) & (actor_hits["category"] == "Serbia")]
    assert len(excluded) == 1  # "the Serbs" (monitor-1998); Kosovo/Bosnian Serbs do not count


def test_multiword_patterns(actor_hits):
    # grep -o "North Atlantic Council" → 1 (phillips-peci); "Soviet Union" → norris 2, phillips-peci 1
    assert _n(actor_hits, pattern="North Atlantic Council", category="NATO", doc_id="phillips-peci-2021") == 1
    su = actor_hits[actor_hits["pattern"] == "Soviet Union"]
    assert su.groupby("doc_id", observed=True).size().to_dict() == {"norris-2014": 2, "phillips-peci-2021": 1}


def test_us_phrases_catch_the_country_not_the_pronoun(actor_hits):
    # The 16 tokens with norm "us": 12 "US" in phillips-peci (the country), 4 pronouns.
    us = actor_hits[(actor_hits["category"] == "United States") & actor_hits["match"].str.contains(r"\bUS\b|\bus\b")]
    assert len(us) == 12
    assert set(us["doc_id"].astype(str)) == {"phillips-peci-2021"}
    assert not us["match"].str.contains(r"\bus\b").any()


def test_humanitarian_center_is_excluded_from_humanitarian(frame_hits):
    # grep -n "Humanitarian" 2021-12-phillips-peci-ukraine-balkans.txt → 1 line: “Humanitarian Center” in Nis
    pp = frame_hits[frame_hits["doc_id"] == "phillips-peci-2021"]
    assert _n(pp, pattern="humanitarian*") == 0
    assert _n(pp, pattern="Humanitarian Center", category="military_security") == 1


def test_humanitarian_center_counts_without_the_exclusion():
    from analysis import load_corpus
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("frames")
    h = match(load_corpus(), {"humanitarian": list(lex["humanitarian"].patterns)})
    assert _n(h, pattern="humanitarian*", doc_id="phillips-peci-2021") == 1


# --------------------------------------------------------------------------- codebook coverage

#: The codebook's "typical cues" column, verbatim (docs/CODEBOOK.md, "Frames").
CODEBOOK_CUES = {
    "military_security": ["troops", "paratroopers", "battalion", "airfield", "air strikes", "bombing", "tanks",
                          "MIG warplanes", "deploy", "combat readiness", "peacekeeping force"],
    "aggression_threat": ["invade", "occupy", "seize", "provoke", "incite", "destabilize", "threat", "escalation",
                          "bellicose", "proxy", "tinderbox", "flash-point"],
    "diplomacy_negotiation": ["negotiate", "talks", "envoy", "shuttle diplomacy", "agreement", "settlement",
                              "proposal", "phone call", "meeting", "summit", "invitation"],
    "law_sovereignty": ["sovereign", "independence", "recognition", "illegal", "tribunal", "war crimes",
                        "arrest warrant", "charter", "Article 5", "precedent", "jurisdiction"],
    "humanitarian": ["refugees", "atrocities", "crackdown", "driven from their land", "protect the population",
                     "ethnic minority", "humanitarian", "violence"],
    "democracy_elections": ["election", "vote", "runoff", "recount", "fraud", "polling stations", "opposition",
                            "protesters", "revolution", "authoritarian", "democratic"],
    "prestige_identity": ["prestige", "greatness", "glory", "empire", "imperial", "Soviet", "second-rate power",
                          "humiliation", "cultural and religious affinity", "brothers", "symbolism", "world stage"],
    "alliance_cooperation": ["cooperation", "partner", "ally", "alliance", "solidarity", "coordination",
                             "membership", "accession", "integration", "support"],
    "economy_sanctions": ["sanctions", "oil prices", "natural gas", "Nord Stream", "budget", "revenue", "financial",
                          "oligarchs", "economy"],
    "territory_separatism": ["partition", "sector", "breakaway", "enclave", "separatist", "Abkhazia", "South Ossetia",
                             "Transnistria", "Republika Srpska", "Donbass", "border"],
}

#: The codebook's "refers to" column (docs/CODEBOOK.md, "Actors"), one name per item.
CODEBOOK_ALIASES = {
    "Russia": ["Russia", "Russian", "Russians", "Moscow", "the Kremlin", "Russian ministries", "Putin", "Yeltsin",
               "Chernomyrdin", "Ivanov", "Sergeev", "Ivashov", "Russian peacekeepers", "Russian paratroopers",
               "Russian-speaking enclaves"],
    "NATO": ["NATO", "the Western alliance", "the Atlantic alliance", "the North Atlantic Council", "General Clark",
             "General Jackson", "the NATO-led peace force"],
    "Serbia": ["Serbia", "Serb", "Serbs", "Serbian", "Belgrade", "Yugoslavia", "Yugoslav", "Milošević", "Milosevic",
               "Vučić", "Vucic", "Bulatovic", "Yugoslav army and police"],
    "United States": ["the United States", "the US", "U.S.", "America", "American", "Washington", "Clinton", "Biden",
                      "Talbott", "US officials"],
    "Kosovo": ["Kosovo", "Kosovar", "Kosovars", "Kosovo Albanians", "Pristina", "the Government of Kosovo"],
    "Ukraine": ["Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev", "Crimea"],
    "EU": ["the European Union", "the EU"],
}


def _coverage(make_corpus, lexicon_name, items):
    """Each item becomes its own one-sentence paragraph; return the items its category misses."""
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon(lexicon_name)
    order = [(cat, item) for cat, its in items.items() for item in its]
    text = "\n\n".join(f"Here is {item} again." for _, item in order) + "\n"
    corpus = make_corpus({"cues": text})
    assert len(corpus.sentences) == len(order)
    hits = match(corpus, lex.to_patterns(), exclude=lex.to_exclude())
    got = set(zip(hits["sent_id"].tolist(), hits["category"].astype(str)))
    return [(cat, item) for k, (cat, item) in enumerate(order) if (k, cat) not in got]


def test_every_codebook_cue_hits_its_frame(make_corpus):
    assert _coverage(make_corpus, "frames", CODEBOOK_CUES) == []


def test_every_codebook_alias_hits_its_actor(make_corpus):
    assert _coverage(make_corpus, "actors", CODEBOOK_ALIASES) == []


@pytest.mark.parametrize("text, category", [
    ("the West", "NATO"),                                   # "the West" alone is not NATO
    ("Europe", "EU"),                                       # "Europe" alone is not the EU
    ("the Democratic Opposition of Serbia alliance", "NATO"),
    ("radicalize Kosovo Serbs", "Serbia"),
    ("self-rule by Bosnian Serbs", "Serbia"),
    ("the Tribunal for the Former Yugoslavia", "Serbia"),
    ("let us talk", "United States"),                      # the pronoun
    ("the Washington Post", "United States"),
])
def test_codebook_non_aliases_do_not_hit(make_corpus, text, category):
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("actors")
    corpus = make_corpus({"d": f"Here is {text} again.\n"})
    hits = match(corpus, lex.to_patterns(), exclude=lex.to_exclude())
    assert category not in set(hits["category"].astype(str))


@pytest.mark.parametrize("text, category", [
    ("He died from a heart attack.", "aggression_threat"),
    ("A Humanitarian Center was set up.", "humanitarian"),
    ("The leader of the democratic forces spoke.", "military_security"),
    ("The Organization for Security and Cooperation in Europe came.", "alliance_cooperation"),
    ("The Organization for Security and Cooperation in Europe came.", "military_security"),
    ("They tried to steal a march on them.", "democracy_elections"),
    ("The NATO air campaign ended.", "democracy_elections"),
    ("Troops stayed independent of NATO command.", "law_sovereignty"),
    ("Later he was a bombastic speaker.", "military_security"),
    ("According to reports, he might go.", "diplomacy_negotiation"),
    ("Chancellor-elect Schroeder spoke.", "democracy_elections"),
    ("Demonstrators started occupying government buildings.", "aggression_threat"),
    # 1.1 (issue 19): titles and names, the General Assembly's ritual, locators, negation
    ("It was led by Foreign Minister Igor Ivanov.", "diplomacy_negotiation"),
    ("Russia's Ambassador to Serbia inspected the corps.", "diplomacy_negotiation"),
    ("My delegation wishes to thank the outgoing President.", "diplomacy_negotiation"),
    ("I congratulate you on your election to the presidency of the General Assembly.", "diplomacy_negotiation"),
    ("I congratulate you on your election to the presidency of the General Assembly.", "democracy_elections"),
    ("Support came from the National Endowment for Democracy.", "democracy_elections"),
    ("Troops went to the Democratic Republic of the Congo.", "democracy_elections"),
    ("The Democratic People’s Republic of Korea spoke.", "democracy_elections"),
    ("The forces of the Western alliance stayed.", "alliance_cooperation"),
    ("We are members of the Alliance of Small Island States.", "alliance_cooperation"),
    ("We welcome the Alliance of Civilizations.", "alliance_cooperation"),
    ("The Member States met.", "alliance_cooperation"),
    ("It concerns international peace and security.", "military_security"),
    ("That is a lot of money when there is no external threat.", "aggression_threat"),
    ("Our neighbour is not a threat.", "aggression_threat"),
    ("They lived without any threat.", "aggression_threat"),
    ("Decisions are taken without coercion.", "aggression_threat"),
    ("We are confronting a new conflict.", "aggression_threat"),
    ("Russian agents are present in north Kosovo.", "territory_separatism"),
    ("The base is about 100 km from the Kosovo border.", "territory_separatism"),
    ("Peace is kept outside NATO territory.", "territory_separatism"),
    ("As all Kenyans recognize, work remains.", "law_sovereignty"),
    ("We tackle illegal fishing.", "law_sovereignty"),
    ("We welcome the Economic Community of West African States.", "economy_sanctions"),
])
def test_frame_false_friends_do_not_hit(make_corpus, text, category):
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("frames")
    corpus = make_corpus({"d": text + "\n"})
    hits = match(corpus, lex.to_patterns(), exclude=lex.to_exclude())
    assert category not in set(hits["category"].astype(str)), hits[["pattern", "category", "match"]]


@pytest.mark.parametrize("text, category", [
    # 1.1 (issue 19): cues of the UN General Debates, and what the exclusions must leave alone
    ("We will not negotiate with terrorists.", "aggression_threat"),
    ("Foreign interference has divided the country.", "aggression_threat"),
    ("His goal is to confront NATO.", "aggression_threat"),
    ("There is no greater danger than this threat.", "aggression_threat"),
    ("We make efforts to fight terrorism in Somalia.", "military_security"),
    ("We continue disarmament and non-proliferation efforts.", "military_security"),
    ("The Copenhagen conference will be held next year.", "diplomacy_negotiation"),
    ("Putin and Clinton should meet on a boat.", "diplomacy_negotiation"),
    ("Ivanov congratulated Kostunica on his election victory.", "diplomacy_negotiation"),
    ("We call upon Russia to ratify the agreement.", "law_sovereignty"),
    ("Turkey should proceed with recognizing it.", "law_sovereignty"),
    ("The principle of non- interference applies.", "law_sovereignty"),
    ("Racism gives rise to slavery and genocide.", "humanitarian"),
    ("Measures can avert the loss of innocent life.", "humanitarian"),
    ("The Government decided not to proceed with the referendum.", "democracy_elections"),
    ("He had the endorsement of the Democratic Opposition of Serbia alliance.", "democracy_elections"),
    ("Peace in Muslim and Christian Mindanao.", "prestige_identity"),
    ("Problems require collective action.", "alliance_cooperation"),
    ("We cherish good relations with everyone.", "alliance_cooperation"),
    ("Japan has been providing more aid than any country.", "economy_sanctions"),
    ("The demarcation process stalled.", "territory_separatism"),
    ("Troops massed on Ukraine's eastern border.", "territory_separatism"),
])
def test_frame_cues_hit_their_frame(make_corpus, text, category):
    match = pytest.importorskip("analysis.matcher").match
    lex = load_lexicon("frames")
    corpus = make_corpus({"d": text + "\n"})
    hits = match(corpus, lex.to_patterns(), exclude=lex.to_exclude())
    assert category in set(hits["category"].astype(str)), hits[["pattern", "category", "match"]]


def test_duplicate_category_is_an_error_not_silently_dropped(tmp_path):
    p = write(tmp_path, textwrap.dedent(MINIMAL) + "  Russia:\n    definition: again\n    patterns: [Moscow]\n")
    msg = _error(p)
    assert str(p) in msg and "line 11: duplicate key 'Russia' (first on line 4)" in msg


def test_lexicon_is_hashable(tmp_path):
    p = write(tmp_path, MINIMAL)
    assert hash(load_lexicon(p)) == hash(load_lexicon(p)) and load_lexicon(p) == load_lexicon(p)


def test_a_billion_laughs_lexicon_is_refused_fast(tmp_path):
    """issue 18, hole 3: an alias bomb in a lexicon (it hung load_lexicon) is an error naming the file."""
    import time

    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 9):
        prev, cur = chr(ord("a") + k - 1), chr(ord("a") + k)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    lines.append("categories: *i")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    t = time.perf_counter()
    with pytest.raises(LexiconError, match="bomb.yaml"):
        load_lexicon(path)
    assert time.perf_counter() - t < 5
