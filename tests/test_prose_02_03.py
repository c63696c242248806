"""The numbers quoted in the prose of notebooks 02 (vocabulary, TF-IDF) and 03 (concordances).

Each test recomputes, on the seed corpus and with the calls and parameters of the notebook
(read from its parameters cell), the numbers one markdown cell quotes, builds the sentence
that quotes them, formatted as the prose formats them, and asserts the notebook says it
(:func:`prose.assert_says`). A change that moves a number fails here instead of leaving the
prose stale. The words around a number are the expected part; the numbers are computed.
"""

from __future__ import annotations

import datetime as dt

import pytest

from analysis.concordance import kwic
from analysis.matcher import hit_counts
from analysis.vectors import similarity, tfidf
from analysis.tokens import fold
from analysis.wordlists import frequencies, ngrams
from analysis import display_unit, lexicon_hits, load_lexicon, primary_actors
from prose import MEDUZA, MONITOR, OPED
from prose import NUMBER_WORDS as WORDS
from prose import assert_says, params




def terms(df, n=None) -> list[str]:
    """The ``term`` column (first ``n`` rows)."""
    return list(df["term"])[:n]


def folded(*words: str) -> list[str]:
    return [fold(w) for w in words]


def doc_label(doc) -> str:
    """How the prose names an op-ed: authors' surnames and year (``Phillips & Peci 2021``)."""
    surnames = [a.split("(")[0].split()[-1] for a in doc.authors.split(";")]
    return f"{' & '.join(surnames)} {doc.year}"


# --------------------------------------------------------------------------- notebook 02


@pytest.fixture(scope="module")
def p02():
    return params("02")


@pytest.fixture(scope="module")
def docs(seeds):
    return seeds.documents.set_index("doc_id", drop=False)


@pytest.fixture(scope="module")
def words(seeds, p02):
    """Cell 4: the word list per group."""
    return frequencies(seeds, by="group", stop_words=p02["STOP_WORDS"])


@pytest.fixture(scope="module")
def whole(seeds, p02):
    """Cell 6: the word list of the whole corpus, words in at least two documents."""
    return frequencies(seeds, stop_words=p02["STOP_WORDS"], min_range=2).set_index("term", drop=False)


def group(df, name, column="group"):
    return df[df[column] == name]


def test_02_word_lists_per_group(seeds, p02, words, docs):
    """Cell 5 (after "Word lists per group"): the leading words of each group, Milošević's
    share, the op-eds' DP of Ukraine and Serbia, the group sizes."""
    monitor, oped, meduza = (group(words, g).set_index("term", drop=False) for g in (MONITOR, OPED, MEDUZA))
    # the Monitor briefs: Kosovo, Russian, NATO, then Moscow
    assert terms(monitor, 4) == folded("Kosovo", "Russian", "NATO", "Moscow")
    a, b, c = (int(monitor.loc[t, "n"]) for t in folded("Kosovo", "Russian", "NATO"))
    assert_says("02", f"the Monitor briefs name *Kosovo*, *Russian* and *NATO* almost equally often "
                      f"({a}, {b} and {c} times), then *Moscow*")
    assert terms(oped, 3) == folded("Putin", "Kosovo", "Russia")
    assert_says("02", "the op-eds are dominated by *Putin*, then *Kosovo* and *Russia*")
    # Milošević: Meduza's first word, n of the corpus's occurrences
    milosevic = fold("Milošević")
    assert terms(meduza, 1) == [milosevic]
    n_corpus = int(frequencies(seeds, stop_words=p02["STOP_WORDS"]).set_index("term").loc[milosevic, "n"])
    assert_says("02", f"the Meduza piece by *Milošević* ({int(meduza.loc[milosevic, 'n'])} of the "
                      f"{n_corpus} occurrences in the corpus)")
    # Ukraine and Serbia in the op-eds: DP range, and the op-ed they come from
    dps = [float(oped.loc[t, "dp"]) for t in folded("Ukraine", "Serbia")]
    oped_docs = docs[docs.group == OPED]
    by_doc = frequencies(seeds, by="doc_id", stop_words=p02["STOP_WORDS"])
    by_doc = by_doc[by_doc.doc_id.isin(oped_docs.doc_id) & by_doc.term.isin(folded("Ukraine", "Serbia"))]
    (source,) = set(by_doc.loc[by_doc.groupby("term")["n"].idxmax(), "doc_id"])
    assert_says("02", f"*Ukraine* and *Serbia* are frequent in the op-eds but their DP "
                      f"(≈ {min(dps):.1f}–{max(dps):.1f}) shows they come almost entirely from one of the "
                      f"{WORDS[len(oped_docs)]} op-eds ({doc_label(docs.loc[source])})")
    # caveats: one or two documents per group, DP 0 / undefined for Meduza, group sizes
    parts = words.groupby("group", observed=True)["n_parts"].first()
    assert_says("02", f"groups hold {WORDS[parts.min()]} or {WORDS[parts.max()]} documents")
    assert parts[MEDUZA] == 1 and (meduza["dp"] == 0).all() and meduza["dp_norm"].isna().all()
    assert_says("02", "(and is 0 / undefined for Meduza, a single document)")
    sizes = words.groupby("group", observed=True)["n_tokens"].first()
    assert_says("02", f"(the Monitor group has {sizes[MONITOR]:,} tokens, Meduza {sizes[MEDUZA]:,})")


def test_02_whole_corpus_word_list(seeds, whole, docs):
    """Cell 7 (after the whole-corpus word list): Putin's range, the evenly spread words'
    DP range, Ukraine's and Serbia's DP."""
    n_docs = len(docs)
    assert_says("02", f"Over the whole corpus ({WORDS[n_docs]} documents)")
    top = whole.iloc[0]
    assert top.term == fold("Putin") and top.n_parts == n_docs
    assert_says("02", f"*Putin* is the most frequent content word, yet it occurs in only "
                      f"{WORDS[top.range]} of the {WORDS[n_docs]} documents")
    even = [float(whole.loc[t, "dp"]) for t in folded("president", "country", "international")]
    assert_says("02", f"*president*, *country* and *international* are among the most evenly spread of "
                      f"the frequent words (DP ≈ {min(even):.2f}–{max(even):.2f})")
    ukraine, serbia = (float(whole.loc[t, "dp"]) for t in folded("Ukraine", "Serbia"))
    assert_says("02", f"while *Ukraine* (DP ≈ {ukraine:.2f}) and *Serbia* (≈ {serbia:.2f}) are concentrated")


def test_02_ngrams(seeds, p02):
    """Cell 9 (after the n-gram lists): the phrases quoted per group, and the Monitor's single
    phrase at the minimum frequency."""
    phrases = ngrams(seeds, p02["NGRAM_N"], by="group", stop_words=p02["STOP_WORDS"],
                     min_freq=p02["NGRAM_MIN_FREQ"])
    shown = phrases.groupby("group", observed=True).head(p02["SHOW"])
    meduza, oped = terms(group(shown, MEDUZA)), terms(group(shown, OPED))
    assert set(folded("second round", "round of elections", "runoff election", "color revolution")) <= set(meduza)
    assert set(folded("near abroad", "Soviet Union", "international community", "Russian troops")) <= set(oped)
    monitor = group(phrases, MONITOR)
    assert terms(monitor) == folded("October 5")
    assert_says("02", f"the short Monitor briefs have almost no phrase repeated "
                      f"{WORDS[p02['NGRAM_MIN_FREQ']]} times (*October 5*, a date)")


def test_02_tfidf_top_terms(seeds, p02, docs):
    """Cell 12 (after the TF-IDF table and figure): the one-group terms that rise, the three
    idf values of three groups, the years of the two op-eds."""
    top = tfidf(seeds, by=p02["TFIDF_BY"], top=p02["TOP"], stop_words=p02["STOP_WORDS"])
    one_group = {g: set(top[(top[p02["TFIDF_BY"]] == g) & (top.df == 1)].term) for g in (MONITOR, OPED, MEDUZA)}
    assert set(folded("command", "peace", "yesterday")) <= one_group[MONITOR]
    assert set(folded("Biden", "EU")) <= one_group[OPED]
    assert set(folded("opposition", "election", "Koštunica", "round")) <= one_group[MEDUZA]
    assert_says("02", "terms found in only one group (`df = 1`) get the highest idf, so *command*, *peace* "
                      "and *yesterday* (Monitor:")
    assert_says("02", "*Biden* and *EU* (op-eds:")
    assert_says("02", "*opposition*, *election*, *Koštunica* and *round* (Meduza:")
    (n_units,) = set(top.n_units)
    full = tfidf(seeds, by=p02["TFIDF_BY"], top=None, stop_words=p02["STOP_WORDS"])
    n_idf = full.df.nunique()  # idf is a function of df only
    assert_says("02", f"with {WORDS[n_units]} groups the idf takes only {WORDS[n_idf]} values")
    years = sorted(docs[docs.group == OPED].year)
    assert_says("02", f"(the op-ed group joins a {years[0]} and a {years[1]} text)")


@pytest.fixture(scope="module")
def doc_sim(seeds, p02):
    """Cell 13: cosine similarity of the documents' TF-IDF vectors, as a square matrix (the
    notebook's default on five documents: per document)."""
    by = p02["SIMILARITY_BY"] or display_unit(seeds)
    assert by == "doc_id"
    sim = similarity(seeds, by=by, stop_words=p02["STOP_WORDS"])
    return sim.pivot(index="unit_a", columns="unit_b", values="cosine")


def test_02_document_similarity(doc_sim, docs):
    """Cell 14 (after the similarity heatmap): range of the cosines, Norris 2014's nearest
    neighbours, Meduza as the outlier, the two Monitor briefs."""
    ids = list(doc_sim.index)
    off = {(a, b): float(doc_sim.loc[a, b]) for a in ids for b in ids if a != b}
    assert_says("02", f"(cosine {min(off.values()):.2f}–{max(off.values()):.2f} on the seeds)")
    nearest = {a: sorted((b for b in ids if b != a), key=lambda b: -off[a, b]) for a in ids}
    norris = next(d for d in ids if docs.loc[d, "authors"] == "John Norris")
    first, second = nearest[norris][:2]
    assert docs.loc[second, "group"] == MONITOR
    assert_says("02", f"{doc_label(docs.loc[norris])} is closest to {doc_label(docs.loc[first])} "
                      f"(≈ {off[norris, first]:.2f}) but almost as close to the {docs.loc[second, 'year']} "
                      f"Monitor brief (≈ {off[norris, second]:.2f})")
    (meduza,) = docs[docs.group == MEDUZA].doc_id
    best = {a: off[a, nearest[a][0]] for a in ids}
    assert min(best, key=best.get) == meduza  # the outlier: the lowest nearest-neighbour cosine
    assert_says("02", f"the Meduza piece is the outlier (≤ {best[meduza]:.2f} with every other text)")
    m1, m2 = docs[docs.group == MONITOR].doc_id
    assert_says("02", f"The two Monitor briefs share little vocabulary (≈ {off[m1, m2]:.2f})")
    d1, d2 = (dt.date.fromisoformat(docs.loc[d, "published"]) for d in (m1, m2))
    months = abs((d2.year - d1.year) * 12 + d2.month - d1.month)
    assert_says("02", f"they cover different events {WORDS[months]} months apart")
    assert_says("02", f"with {WORDS[len(ids)]} documents, the idf is estimated from {WORDS[len(ids)]} observations")


def test_02_group_similarity(seeds, p02):
    """Cell 16 (after the group similarity table): Monitor and op-eds most alike, Meduza apart."""
    sim = similarity(seeds, by="group", stop_words=p02["STOP_WORDS"])
    sim = sim.pivot(index="unit_a", columns="unit_b", values="cosine").round(2)
    pairs = {(a, b): float(sim.loc[a, b]) for a in sim.index for b in sim.columns if a < b}
    assert max(pairs, key=pairs.get) == tuple(sorted((MONITOR, OPED)))
    assert_says("02", f"the Monitor briefs and the op-eds are the most alike (≈ {sim.loc[MONITOR, OPED]:.2f})")
    assert_says("02", f"the Meduza group stands apart ({sim.loc[MEDUZA, MONITOR]:.2f} and "
                      f"{sim.loc[MEDUZA, OPED]:.2f})")


# --------------------------------------------------------------------------- notebook 03


@pytest.fixture(scope="module")
def p03():
    return params("03")


@pytest.fixture(scope="module")
def actors(seeds, p03):
    """Cell 3: the actors shown (the dictionary's primary actors, by default)."""
    lexicon = load_lexicon(p03["ACTORS"])
    return p03["KWIC_ACTORS"] or primary_actors(lexicon, lexicon_hits(seeds, lexicon))


@pytest.fixture(scope="module")
def hits(seeds, p03, actors):
    """Cell 3: the actor hits."""
    h = lexicon_hits(seeds, p03["ACTORS"])
    return h[h.category.isin(actors)]


@pytest.fixture(scope="module")
def counts(seeds, hits, actors):
    """Cell 3: hits per group × voice × actor, indexed for lookup."""
    return hit_counts(seeds, hits, by=["group", "voice"], categories=actors).set_index(["group", "voice", "category"])


@pytest.fixture(scope="module")
def concordances(seeds, p03, hits, actors):
    """Cell 7: the concordance of each actor (one table, split here by actor)."""
    lines = kwic(seeds, hits, window=p03["WINDOW"], context=p03["CONTEXT"], sort=p03["SORT"])
    return {name: lines[lines.category == name] for name in actors}


def test_03_mentions_by_group_and_voice(counts, hits, actors):
    """Cell 4 (after the counts table): Russia's, NATO's and Serbia's rates in the authors'
    voice, Meduza's NATO mentions, the quoted tokens of the Monitor and the op-eds."""
    assert actors == ["Russia", "NATO", "Serbia"]
    russia = counts.xs(("author", "Russia"), level=("voice", "category"))["per_1000"]
    assert russia.idxmax() == MONITOR
    rest = russia.drop(MONITOR)
    assert_says("03", f"Russia is mentioned most in the authors' voice of the Monitor briefs (≈ {russia[MONITOR]:.0f} "
                      f"per 1,000 tokens) and at a similar rate in the other two groups (≈ {rest.min():.0f}–{rest.max():.0f})")
    nato = counts.xs("NATO", level="category")
    assert nato.xs("author", level="voice")["per_1000"].idxmax() == MONITOR  # of the authors' voices
    n_meduza = {int(nato.loc[(MEDUZA, v), "n_hits"]) for v in ("author", "quoted")}
    (n_each,) = n_meduza
    assert_says("03", f"NATO mostly in the Monitor briefs (≈ {nato.loc[(MONITOR, 'author'), 'per_1000']:.0f}) "
                      f"and hardly at all by Meduza ({WORDS[n_each]} mention in each voice)")
    serbia = counts.xs("Serbia", level="category")
    assert serbia["per_1000"].idxmax() == (MEDUZA, "author")
    narration = hits[(hits.group == MEDUZA) & (hits.voice == "author") & (hits.category == "Serbia")]
    assert (narration.pattern == "Milosevic").mean() > 0.5  # "mostly Milošević"
    assert_says("03", f"Serbia — mostly Milošević — most of all in Meduza's narration "
                      f"(≈ {serbia.loc[(MEDUZA, 'author'), 'per_1000']:.0f})")
    quoted_tokens = {g: int(counts.loc[(g, "quoted", "Russia"), "n_tokens"]) for g in (MONITOR, OPED)}
    assert_says("03", f"the quoted voice is tiny outside Meduza ({quoted_tokens[MONITOR]:,} quoted tokens in the "
                      f"Monitor group, {quoted_tokens[OPED]:,} in the op-eds)")
    quoted = counts.loc[[(g, "quoted", a) for g in (MONITOR, OPED) for a in ("Russia", "NATO", "Serbia")], "n_hits"]
    quoted = quoted[quoted > 0]
    assert_says("03", f"so quoted rates rest on {WORDS[quoted.min()]} to {WORDS[quoted.max()]} mentions")


def test_03_hit_rate_figure(counts, hits, concordances):
    """Cell 6 (after the bar chart, and before the Russia concordance): the bar labelled with
    one mention; concordance lines are the hits counted."""
    n = int(counts.loc[(MONITOR, "quoted", "Russia"), "n_hits"])
    assert_says("03", f"a tall bar labelled {n} (Russia in the Monitor's quoted voice) is "
                      f"{WORDS[n]} quotation, not a pattern")
    for name, lines in concordances.items():
        assert len(lines) == int(counts.xs(name, level="category")["n_hits"].sum()) == (hits.category == name).sum()
    assert_says("03", "Concordance lines are exactly the hits counted above (same rows)")


def test_03_nato_concordance(concordances, docs):
    """Cell 11 (after the NATO concordance): the 2014 op-ed's quoted voice, Meduza's NATO
    mentions and tokens."""
    nato = concordances["NATO"]
    quoted = nato[(nato.group == OPED) & (nato.voice == "quoted")]
    main = quoted.doc_id.value_counts().idxmax()
    assert_says("03", f"in the quoted voice of the {docs.loc[main, 'year']} op-ed through Russian officers' words")
    meduza = nato[nato.group == MEDUZA]
    n_tokens = int(docs[docs.group == MEDUZA].n_tokens.sum())
    times = {1: "once", 2: "twice"}.get(len(meduza), f"{WORDS[len(meduza)]} times")
    assert_says("03", f"Meduza mentions NATO {times} in {n_tokens:,} tokens")


def test_03_serbia_concordance(concordances, docs):
    """Cell 14 (after the Serbia concordance): the year of the op-ed quoted on Serbia's EU
    aspirations and military."""
    serbia = concordances["Serbia"]
    lines = serbia[serbia.right.str.startswith(("’s EU aspirations", "’s military corps"))]
    (doc,) = set(lines.doc_id)
    assert docs.loc[doc, "group"] == OPED
    assert_says("03", f"the {docs.loc[doc, 'year']} op-ed treats Serbia as an EU candidate and a military actor")
