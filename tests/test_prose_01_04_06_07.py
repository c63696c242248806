"""The numbers quoted in the prose of notebooks 01 (corpus overview), 04 (framing),
06 (synthesis) and 07 (explorer).

Their prose quotes few numbers computed on the seed corpus (how many Monitor briefs, how
much of the Meduza piece is quoted, how many TV excerpts, the years of the texts, how many
words the Monitor briefs hold) and several method parameters (the thin-evidence threshold,
interval levels, rates per 1,000 tokens, the number of dominant frames and evidence lines).
Each test recomputes them with the calls and parameters of the notebook (literals of its
parameters cell, keywords of its calls, else the package's defaults), builds the sentence
that quotes them, formatted as the prose formats them, and asserts the notebook says it
(:func:`prose.assert_says`). The words around a number are the expected part; the numbers
are computed. Qualitative wording ("more than half", "a fraction", "almost entirely") is
asserted against the computed shares.
"""

from __future__ import annotations

import ast
import inspect
import math

import pytest

from analysis.corpus import overview, voice_table
from analysis.framing import (THIN_MAX_SHARE, THIN_MIN_HITS, actor_frames, frame_rates, lexicon_hits,
                              top_contrasts)
from analysis.validation import report, wilson
from prose import NUMBER_WORDS as WORDS
from prose import assert_says, code_cells, params



# --------------------------------------------------------------------------- helpers


def effective(prefix: str, func, name: str):
    """The value of argument ``name`` in the notebook's (only) call of ``func``: the keyword it
    passes (a literal or a parameter of the parameters cell), else the function's default."""
    calls = [node for src in code_cells(prefix) for node in ast.walk(ast.parse(src))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == func.__name__]
    assert len(calls) == 1, f"notebook {prefix}: {len(calls)} calls of {func.__name__}"
    for kw in calls[0].keywords:
        if kw.arg == name:
            return params(prefix)[kw.value.id] if isinstance(kw.value, ast.Name) else ast.literal_eval(kw.value)
    return inspect.signature(func).parameters[name].default


def percent(level: float) -> str:
    """``0.95`` → ``"95 %"`` (the prose's spacing)."""
    return f"{100 * level:g} %"


def wilson_level() -> str:
    """The coverage of :func:`analysis.validation.wilson`'s default ``z``, as the prose writes it."""
    z = inspect.signature(wilson).parameters["z"].default
    return percent(round(math.erf(z / math.sqrt(2)), 4))


def rate_scale(rates) -> str:
    """The "per N tokens" of a frame-rates table, read off its rows (``1,000``)."""
    r = rates[rates.n_hits > 0]
    scale = (r.per_1000 * r.n_tokens / r.n_hits).round(6).unique()
    assert len(scale) == 1, scale
    return f"{int(scale[0]):,}"


def more_than(share: float) -> str:
    """The largest of the prose's round fractions that ``share`` exceeds."""
    for words, f in [("three quarters", 3 / 4), ("two thirds", 2 / 3), ("half", 1 / 2)]:
        if share > f:
            return words
    raise AssertionError(f"share {share:.3f} is not more than half")


def under(n: int) -> str:
    """The round bound the prose puts above ``n`` (964 → ``1,000``)."""
    step = 10 ** int(math.log10(n))
    return f"{step * math.ceil((n + 1) / step):,}"


def years(docs) -> list[int]:
    return sorted(int(y) for y in docs.year.unique())


@pytest.fixture(scope="module")
def docs(seeds):
    return seeds.documents.set_index("doc_id", drop=False)


def group_of(docs, outlet_word: str) -> str:
    """The source group of the documents whose outlet names ``outlet_word`` (Monitor, Meduza)."""
    (g,) = docs[docs.outlet.str.contains(outlet_word)].group.unique()
    return g


def markup(seeds, docs, group: str, rule: str):
    """The markup spans of ``rule`` (speaker-label / source-line) in the documents of ``group``."""
    r = seeds.residue
    ids = set(docs[docs.group == group].doc_id)
    return r[(r.rule == rule) & r.doc_id.isin(ids)]


# --------------------------------------------------------------------------- notebook 01


def test_01_sizes_and_quoted_shares(seeds, docs):
    """01, the cells after the corpus table and the figure: the two Monitor briefs against the
    Meduza piece, the quotation threshold, Meduza's quoted share and who it quotes, the
    Monitor briefs' narration, rates per 1,000 tokens."""
    table = overview(seeds).set_index("doc_id")
    monitor, meduza = group_of(docs, "Monitor"), group_of(docs, "Meduza")
    mon = table[table.group == monitor]
    (med_id,) = table.index[table.group == meduza]
    med = table.loc[med_id]

    assert mon.n_tokens.sum() < med.n_tokens / 2  # "a fraction"
    assert_says("01", f"the {WORDS[len(mon)]} Monitor briefs together are a fraction of the Meduza piece")
    assert_says("01", f"direct quotations of at least {WORDS[seeds.meta['min_quote_tokens']]} tokens")

    # more than half quoted, mostly the transcript turns of two speakers, and N TV excerpts
    assert_says("01", f"More than {more_than(med.quoted_share)} of the Meduza piece is other people's words")
    voices = voice_table(seeds)
    quoted = voices[(voices.doc_id == med_id) & (voices.voice == "quoted")].set_index("speaker").n_tokens
    top2 = list(quoted.sort_values(ascending=False, kind="stable").index[:2])
    labels = markup(seeds, docs, meduza, "speaker-label").text.str.strip().str.rstrip(":").str.split().str[-1]
    assert set(top2) == set(labels)  # the two biggest quoted voices are the transcript speakers
    assert quoted[top2].sum() > quoted.sum() / 2  # "mostly"
    n_tv = len(markup(seeds, docs, meduza, "source-line"))
    assert_says("01", f"mostly {top2[0]}'s and {top2[1]}'s turns in the declassified transcripts and "
                      f"{WORDS[n_tv]} Russian TV excerpts")

    assert mon.n_quoted_tokens.sum() / mon.n_tokens.sum() < 0.1  # "almost entirely narration"
    assert_says("01", "The Monitor briefs are almost entirely narration.")

    frame_hits = lexicon_hits(seeds, "frames")
    p04 = params("04")
    rates = frame_rates(seeds, frame_hits, by=["group", "voice"], block=p04["BLOCK"], n_boot=p04["N_BOOT"],
                        seed=p04["SEED"])
    assert_says("01", f"later notebooks report rates per {rate_scale(rates)} tokens of the relevant voice")


def test_01_speaker_attribution_examples(seeds, docs):
    """01, the cell before the cleaning report: the example label and source line, and the
    unnamed speaker of the op-ed of that year."""
    meduza = group_of(docs, "Meduza")
    labels = markup(seeds, docs, meduza, "speaker-label").text.str.strip()
    putin = sorted(t for t in labels.unique() if "Putin" in t)[0]
    assert_says("01", f"transcript labels such as `{putin}`")
    vesti = [t.strip() for t in markup(seeds, docs, meduza, "source-line").text if t.startswith("Vesti")][0]
    assert_says("01", f"source lines such as `{vesti}`")

    s = seeds.sentences
    (row,) = s[s.text.str.contains("one general declaring")].itertuples()
    assert row.speaker == "unknown"
    doc = docs.loc[row.doc_id]
    assert_says("01", f'(e.g. "one general" in the {doc.year} {doc.group})')


# --------------------------------------------------------------------------- notebook 04


def test_04_method_numbers(seeds):
    """04, the introduction and sections 1 and 3: rates per 1,000 tokens, the interval level and
    block, the thin-evidence threshold, the minimum pairs of a contrast."""
    p = params("04")
    frame_hits = lexicon_hits(seeds, p["FRAMES"])
    rates = frame_rates(seeds, frame_hits, by=["group", "voice"], block=p["BLOCK"], n_boot=p["N_BOOT"], seed=p["SEED"])
    assert_says("04", f"*Frame rates* are frame hits per {rate_scale(rates)} tokens of a group's voice")

    rates_ci = effective("04", frame_rates, "ci")
    assert effective("04", actor_frames, "ci") == rates_ci
    block = effective("04", frame_rates, "block")
    assert_says("04", f"Intervals: {percent(rates_ci)} percentile intervals from a {block}-block bootstrap")

    counted = rates.thin.str.contains("fewer than")
    assert (counted == (rates.n_hits < THIN_MIN_HITS)).all()
    assert THIN_MAX_SHARE == 0.5  # "one paragraph supplies most of them": more than half
    assert_says("04", f"Cells with fewer than {THIN_MIN_HITS} hits, or where one paragraph supplies most of them, "
                      "are flagged *thin*")
    assert_says("04", f"Hollow dots are thin evidence (fewer than {THIN_MIN_HITS} hits or one paragraph supplying "
                      "most of them)")
    assert_says("04", "counting only cells whose high side has at least "
                      f"{effective('04', top_contrasts, 'min_count')} pairs")


def test_04_validation(seeds):
    """04, section 4: Wilson interval level, and the photo-op among the dictionary's misses."""
    assert_says("04", f"Wilson {wilson_level()} intervals")
    validation = report(seeds, lexicon_hits(seeds, params("04")["FRAMES"]))
    m = validation["misses"]
    # the prose's "photo-op": Putin "posing bare-chested in hunting gear for photographers"
    (category,) = m[m.sentence.str.contains("posing bare-chested")].category.unique()
    assert_says("04", f"(e.g. a photo-op as *{category.split('_')[0]}*)")


# --------------------------------------------------------------------------- notebook 06


def test_06_defaults_intervals_and_lines(seeds, docs):
    """06: the actors it shows by default, the interval level and blocks of the shares, how many
    lines a statement shows, the thin threshold."""
    from analysis.defaults import primary_actors
    from analysis.findings import statements
    from analysis.roles import role_frames

    p = params("06")
    actors = primary_actors(p["ACTORS"], lexicon_hits(seeds, p["ACTORS"]))
    assert_says("06", f"by default the codebook's primary actors: {', '.join(actors[:-1])} and {actors[-1]}")
    level = percent(inspect.signature(role_frames).parameters["ci"].default)
    assert_says("06", f"bars are {level} intervals (sentence-block bootstrap within a document; documents within a group)")
    assert_says("06", f"names its documents, its shares with {level} intervals")
    k = inspect.signature(statements).parameters["k_lines"].default
    assert_says("06", f"with up to {WORDS[k]} lines from the document with the larger share")


# --------------------------------------------------------------------------- notebook 07


def test_07_profile_and_intervals(seeds):
    """07, the introduction and section 1: interval level and block, rates per 1,000 tokens,
    the thin threshold."""
    p = params("07")
    frame_hits = lexicon_hits(seeds, p["FRAMES"])
    rates = frame_rates(seeds, frame_hits, by=["group", "voice"], n_boot=p["N_BOOT"], seed=p["SEED"])
    level, block = percent(effective("07", frame_rates, "ci")), effective("07", frame_rates, "block")
    assert_says("07", f"(actor mention and frame hit in the same sentence and the same voice; {level} "
                      f"{block}-block bootstrap intervals)")
    assert_says("07", f"Frame hits per {rate_scale(rates)} tokens of each group's voice, with {level} "
                      f"block-bootstrap intervals; hollow dots are thin evidence (fewer than {THIN_MIN_HITS} hits, "
                      "or one paragraph supplying most of them)")
