"""The numbers quoted in the prose of notebook 05 (keyness, collocates), cells 0–13: the
method's parameters, the corpus sizes, the keyness of each source group, of the two periods
and of Meduza's author vs quoted voices.

Each test recomputes, on the seed corpus and with the calls and parameters of the notebook
(literals of its parameters cell, keywords of its calls, else the package's defaults), the
numbers one markdown cell quotes, builds the sentence that quotes them, formatted as the
prose formats them (counts ``n_target / n_reference``, G² to one decimal with a real minus
sign, thousands separators), and asserts the notebook says it (:func:`prose.assert_says`).
A change that moves a number fails here instead of leaving the prose stale. The words
around a number are the expected part; the numbers are computed. Qualitative wording ("none
of its top 12 is flagged", "only *russian* is neither thin nor concentrated", "the positive
half is identical") is asserted against the computed tables.
"""

from __future__ import annotations

import inspect
import warnings

import pandas as pd
import pytest

from analysis.keywords import keyness, keyness_all
from analysis.sentiment import THIN_MIN_SENTENCES, actor_sentiment
from prose import MEDUZA, MONITOR, OPED, effective05
from prose import NUMBER_WORDS as WORDS
from prose import assert_says, code_cells, num, params, span




# --------------------------------------------------------------------------- helpers


def code() -> str:
    """The source of all code cells, joined."""
    return "\n".join(code_cells("05"))


def counts(row) -> str:
    """``n_target / n_reference`` as the prose writes it (``21 / 1``)."""
    return f"{row.n_target} / {row.n_reference}"


def rows(table: pd.DataFrame) -> pd.DataFrame:
    """The table indexed by term (for ``.loc[term]``)."""
    return table.set_index("term", drop=False)


# --------------------------------------------------------------------------- tables


@pytest.fixture(scope="module")
def p05(seeds):
    """The notebook's parameters, None resolved from the corpus as its cells do."""
    p = effective05(seeds)
    assert (p["EARLY_YEARS"], p["LATE_YEARS"], p["MEDUZA"]) == ([1998, 1999], [2014, 2020, 2021], MEDUZA)
    return p


@pytest.fixture(scope="module")
def docs(seeds):
    return seeds.documents


@pytest.fixture(scope="module")
def by_group(seeds, p05):
    """Cell 5: each group vs the rest."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # targets under 1,000 tokens warn
        return keyness_all(seeds, by="group", measure=p05["MEASURE"], min_freq=p05["MIN_FREQ"],
                           stop_words=p05["STOP_WORDS"])


def group_table(by_group, name):
    return by_group[by_group.target == name].reset_index(drop=True)


@pytest.fixture(scope="module")
def by_year(seeds, p05):
    """Cell 8: the early years (target) vs the late years (reference)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keyness(seeds, target={"year": p05["EARLY_YEARS"]}, reference={"year": p05["LATE_YEARS"]},
                       measure=p05["MEASURE"], min_freq=p05["MIN_FREQ"], stop_words=p05["STOP_WORDS"])


@pytest.fixture(scope="module")
def meduza_voices(seeds, p05):
    """Cell 11: Meduza's author voice (target) vs its quoted voices (reference), stop words kept."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return keyness(seeds, target={"group": p05["MEDUZA"], "voice": "author"},
                       reference={"group": p05["MEDUZA"], "voice": "quoted"},
                       measure=p05["MEASURE"], min_freq=p05["MIN_FREQ"])


# --------------------------------------------------------------------------- cell 0


def test_05_method_parameters():
    """Cell 0 (**Method.**): the interval level and the thin-evidence threshold of the
    evaluation (package defaults: the notebook's ``actor_sentiment`` call passes no ``ci``)."""
    assert "ci=" not in code()
    ci = inspect.signature(actor_sentiment).parameters["ci"].default
    assert_says("05", f"with {ci * 100:.0f} % sentence-block bootstrap intervals (`N_BOOT`, fixed `SEED`); "
                      f"cells under {THIN_MIN_SENTENCES} sentences are flagged thin.")


# --------------------------------------------------------------------------- cell 4


def test_05_corpus_sizes(docs, p05):
    """Cell 4 (after the documents table): the number of texts, the tokens per document and
    group, Meduza's quoted tokens."""
    assert_says("05", f"The {WORDS[len(docs)]} texts are small and unequal")
    monitor = docs[docs.group == MONITOR]
    oped = docs[docs.group == OPED]
    meduza = docs[docs.group == p05["MEDUZA"]]
    assert len(monitor) == 2 and len(oped) == 2 and len(meduza) == 1
    m1, m2 = monitor.n_tokens
    o1, o2 = oped.n_tokens
    (med,), (quoted,) = meduza.n_tokens, meduza.n_quoted_tokens
    assert_says("05", f"the {WORDS[len(monitor)]} Monitor briefs together have {m1:,} + {m2:,} = {m1 + m2:,} "
                      f"tokens, the op-ed group {o1:,} + {o2:,}, Meduza {med:,} (of which {quoted:,} are "
                      f"quoted)")


# --------------------------------------------------------------------------- cell 7


def test_05_keyness_meduza(by_group, p05):
    """Cell 7, first bullet: what sets Meduza 2020 apart, and that none of its top terms is
    flagged."""
    n = p05["N_TERMS"]
    table = group_table(by_group, p05["MEDUZA"])
    top = rows(table.head(n))
    said = ["milosevic", "opposition", "election", "kostunica", "round"]
    assert set(said) <= set(top.term) and table.term[0] == "milosevic"
    m = top.loc["milosevic"]
    rest = ", ".join(f"*{t}* {counts(top.loc[t])}" for t in said[1:])
    assert_says("05", f"**Meduza 2020** is set apart by the Serbian regime change of 2000: *milosevic* "
                      f"{m.n_target} vs {m.n_reference} in the rest (G² {num(m.g2, 1)}, Log Ratio "
                      f"{num(m.log_ratio, 1)}), {rest}.")
    assert (top.flag == "").all()
    assert_says("05", f"None of its top {n} is flagged: these words run through the whole text.")


def test_05_keyness_oped(by_group, docs, p05):
    """Cell 7, second bullet: the op-eds' key terms, how many of the top terms are flagged
    (mostly by one document), Putin and Russia."""
    n = p05["N_TERMS"]
    top = rows(group_table(by_group, OPED).head(n))
    said = ["ukraine", "biden", "eu", "sanctions"]
    assert set(said) <= set(top.term)
    u = top.loc["ukraine"]
    rest = ", ".join(f"*{t}* {counts(top.loc[t])}" for t in said[1:])
    assert_says("05", f"**The op-eds** are set apart by the link to Ukraine and the Western institutions: "
                      f"*ukraine* {counts(u)} (G² {num(u.g2, 1)}), {rest}")
    flagged = top[top.flag != ""]
    by_document = flagged.flag.str.contains("one document supplies")
    assert by_document.sum() > len(flagged) / 2  # "mostly"
    share = inspect.signature(keyness).parameters["flag_share"].default
    n_docs = (docs.group == OPED).sum()
    assert_says("05", f"but {len(flagged)} of these {n} are flagged (mostly \"one document supplies "
                      f"≥ {share * 100:.0f} % of target hits\": the op-ed group is {WORDS[n_docs]} texts")
    p, r = top.loc["putin"], top.loc["russia"]
    assert p.per_1000_target > p.per_1000_reference and r.per_1000_target > r.per_1000_reference
    assert_says("05", f"*putin* {counts(p)} (G² {num(p.g2, 1)}) and *russia* {counts(r)} (G² {num(r.g2, 1)}) are "
                      f"key too: the op-eds name Russia and its leader more than the other sources do, "
                      f"per token.")


def test_05_keyness_monitor(by_group, p05):
    """Cell 7, third bullet and the paragraph after it: the Monitor briefs' key terms, the
    group's size, *russian* as the only unflagged one, Log Ratio of a 5 / 0 word."""
    n = p05["N_TERMS"]
    table = group_table(by_group, MONITOR)
    top = rows(table.head(n))
    said = ["command", "peace", "nato", "kosovo", "yesterday"]
    assert set(said) <= set(top.term)
    c, pe, na, ko, ye = (top.loc[t] for t in said)
    assert_says("05", f"**The Monitor briefs** are set apart by the military vocabulary of the 1999 endgame: "
                      f"*command* {counts(c)}, *peace* {counts(pe)}, *nato* {counts(na)} (G² {num(na.g2, 1)}), "
                      f"*kosovo* {counts(ko)}, *yesterday* {counts(ye)} (news-agency style)")
    (size,) = set(table.n_tokens_target)
    unflagged = list(top[top.flag == ""].term)
    assert unflagged == ["russian"]  # "nearly all are flagged; only russian is neither thin nor concentrated"
    ru = top.loc["russian"]
    assert_says("05", f"but with {size:,} tokens (see the warning) nearly all are flagged; only *russian* "
                      f"{counts(ru)} (G² {num(ru.g2, 1)}) is neither thin nor concentrated.")
    assert_says("05", f"a word {counts(c)} gets a large Log Ratio ({num(c.log_ratio, 1)} for *command*) on very "
                      f"little evidence")


# --------------------------------------------------------------------------- cell 10


def test_05_periods_coincide_with_sources(by_group, by_year, docs, p05):
    """Cell 10, first paragraph: the early period is exactly the Monitor briefs, the late one
    everything else, so the positive half equals "Monitor vs rest"."""
    early, late = p05["EARLY_YEARS"], p05["LATE_YEARS"]
    monitor = docs[docs.group == MONITOR]
    assert set(docs[docs.year.isin(early)].doc_id) == set(monitor.doc_id)
    assert set(docs[docs.year.isin(late)].doc_id) == set(docs.doc_id) - set(monitor.doc_id)
    (size,) = set(by_year.n_tokens_target)
    assert_says("05", f"In this corpus the two periods coincide with sources: {span(early)} is exactly the "
                      f"{WORDS[len(monitor)]} Monitor briefs ({size:,} tokens) and {span(late)} is "
                      f"everything else")
    cols = ["term", "n_target", "n_reference", "n_tokens_target", "n_tokens_reference", "g2", "log_ratio", "flag"]
    years_pos = by_year[by_year.g2 > 0][cols].reset_index(drop=True)
    group_table_ = group_table(by_group, MONITOR)
    monitor_pos = group_table_[group_table_.g2 > 0][cols].reset_index(drop=True)
    pd.testing.assert_frame_equal(years_pos, monitor_pos)
    c = rows(by_year).loc["command"]
    assert_says("05", f"so the positive half of this table is *identical* to \"Monitor vs rest\" above "
                      f"(*command* {counts(c)}, G² {num(c.g2, 1)}, in both)")


def test_05_periods_negative_half(by_year, p05):
    """Cell 10, second paragraph: what the early texts lack, the briefs' own words, and the
    q-values of the negative half."""
    n = p05["N_TERMS"]
    table = rows(by_year)
    tail = by_year.tail(n)
    said = ["putin", "opposition", "serbia", "ukraine"]
    assert set(said) <= set(tail.term) and by_year.term.iloc[-1] == "putin"
    pu, op, se, uk, yu, be = (table.loc[t] for t in said + ["yugoslav", "belgrade"])
    assert_says("05", f"The negative half (more frequent in {span(p05['LATE_YEARS'])}) names what the early "
                      f"texts lack: *putin* {counts(pu)} (G² {num(pu.g2, 1)}; Putin was not yet in office in "
                      f"June 1999), *opposition* {counts(op)}, *serbia* {counts(se)} (the briefs say "
                      f"*yugoslav* {counts(yu)} and *belgrade* {counts(be)} instead), *ukraine* {counts(uk)}.")
    negative = by_year[by_year.g2 < 0]
    assert list(negative[negative.q < 0.05].term) == ["putin"]
    others = tail[(tail.g2 < 0) & (tail.term != "putin")].q
    (size,) = set(by_year.n_tokens_target)
    assert_says("05", f"Only *putin* has q < 0.05 (q = {pu.q:.4f}); the rest have q between "
                      f"{others.min():.2f} and {others.max():.2f} — suggestive, not established, on "
                      f"{size:,} target tokens.")


# --------------------------------------------------------------------------- cell 13


def test_05_meduza_voices(meduza_voices, p05):
    """Cell 13: the author voice's key terms (people, dates, past tense) and the quoted voices'
    (first and second person, present tense)."""
    n = p05["N_TERMS"]
    table = rows(meduza_voices)
    author = ["putin", "clinton", "president", "milosevic", "2000", "september", "was"]
    quoted = ["i", "we", "our", "you", "is", "think", "know"]
    assert set(author) <= set(meduza_voices.head(n).term) and meduza_voices.term.iloc[0] == "putin"
    assert set(quoted) <= set(meduza_voices.tail(n).term) and meduza_voices.term.iloc[-1] == "i"
    pu, cl, pr, mi, y2, se, wa = (table.loc[t] for t in author)
    assert_says("05", f"The author voice names people and dates: *putin* {counts(pu)} (G² {num(pu.g2, 1)}), "
                      f"*clinton* {counts(cl)}, *president* {counts(pr)}, *milosevic* {counts(mi)}, "
                      f"*2000* {counts(y2)}, *september* {counts(se)}, past-tense *was* {counts(wa)}.")
    i, we, our, you, is_, think, know = (table.loc[t] for t in quoted)
    assert_says("05", f"The quoted voices are first and second person and present tense: *i* {counts(i)} "
                      f"(G² {num(i.g2, 1)}), *we* {counts(we)}, *our* {counts(our)}, *you* {counts(you)}, "
                      f"*is* {counts(is_)}, *think* {counts(think)}, *know* {counts(know)}.")
