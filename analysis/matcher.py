"""The one matcher: patterns × tokens → HITS.

Every concordance (:mod:`analysis.concordance`), dictionary count and frame table reads the
hits produced here, so their numbers agree with each other and with the word lists
(:mod:`analysis.wordlists`), which count the same tokens.

The pattern language
--------------------
A pattern is a string.

* **Phrases.** Whitespace separates the elements of a phrase: ``"North Atlantic
  Council"`` matches three consecutive tokens of one sentence (same ``doc_id`` and
  ``sent_id``). Punctuation and line breaks between the tokens do not matter, because
  tokens are words only (see :mod:`analysis.tokens`).
* **Globs.** Each element is a literal word or a glob: ``*`` matches any run of
  characters (possibly empty), ``?`` exactly one character: ``"Serb*"``,
  ``"*-led"``, ``"Milo?evi?"``. No other character is special (``[`` is literal).
* **Folding.** Elements and tokens are compared after
  :func:`analysis.tokens.fold` — by default case- and diacritic-insensitive, which is
  the ``norm`` column: ``"milosevic"`` matches ``Milošević``. ``case_sensitive=True``
  and ``diacritic_sensitive=True`` keep case or accents. Apostrophes and hyphens are
  always unified, so ``"’s"`` and ``"'s"`` are the same element.
* **Regular expressions.** A pattern starting with ``re:`` is a Python regular
  expression, full-matched against each single token's folded form (single token
  only): ``"re:serb(ia|ian|s)?"``. Unless ``case_sensitive=True`` it is compiled with
  ``re.IGNORECASE``; write letters without diacritics (the folded form has none unless
  ``diacritic_sensitive=True``).

A pattern that can never match the tokenizer's output (an element with punctuation or
a space that :data:`analysis.tokens.TOKEN_RE` never puts inside one token, such as
``"NATO,"``, ``"U.S"`` or ``"Russia's"`` — the tokenizer splits ``'s`` off) raises a
``UserWarning`` naming it: it would otherwise silently count zero.

How it runs
-----------
Folding is computed once per unique token type; each element is evaluated over the
types (dictionary lookup for a literal word, one compiled regex over the types for a
glob or ``re:`` pattern); an inverted index (token positions sorted by type) gives the
positions of the first element, and the next elements of a phrase are checked at the
shifted positions with numpy, requiring the same document, the same sentence and
consecutive ``i``. There is no Python loop over tokens. The pieces live in
:mod:`analysis._core`, shared with the concordance: the pattern language
(``_core.patterns``), the token index (``_core.index``, built once per tokens table and
folding option, and cached by the table's identity and content version, so an in-place
edit of ``corpus.tokens`` is matched afresh), the search (``_core.spans``) and the UTF-8
text buffer the ``match`` column is cut from (``_core.texts``).
"""

from __future__ import annotations

from typing import Literal, Sequence

import numpy as np
import pandas as pd

from ._core.options import check_option
from ._core.patterns import Pattern, Patterns, compile_pattern
from ._core.spans import VOICES, find_spans, part_offsets
from ._core.tables import STR, categorical, frame
from ._core.texts import raw_texts
from ._core.dispatch import dispatch

__all__ = [
    "Pattern",
    "Patterns",
    "compile_pattern",
    "match",
    "hit_counts",
    "HITS_COLUMNS",
    "VOICES",
]

#: Columns of the hits table, in order.
HITS_COLUMNS = (
    "doc_id", "group", "sent_id", "para_id", "i", "j", "voice", "speaker",
    "pattern", "category", "start", "end", "match",
)


# --------------------------------------------------------------------------- match


def _empty_hits(tokens: pd.DataFrame, patterns, categories) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Categorical([], dtype=tokens["doc_id"].dtype),
            "group": pd.Categorical([], dtype=tokens["group"].dtype),
            "sent_id": np.zeros(0, np.int32),
            "para_id": np.zeros(0, np.int32),
            "i": np.zeros(0, np.int32),
            "j": np.zeros(0, np.int32),
            "voice": pd.Categorical([], dtype=tokens["voice"].dtype),
            "speaker": pd.Categorical([], dtype=tokens["speaker"].dtype),
            "pattern": pd.Categorical([], categories=patterns),
            "category": pd.Categorical([], categories=categories),
            "start": np.zeros(0, np.int64),
            "end": np.zeros(0, np.int64),
            "match": pd.array([], dtype=STR),
        }
    )


def match(
    corpus,
    patterns: Patterns,
    *,
    case_sensitive: bool = False,
    diacritic_sensitive: bool = False,
    voice: Literal["author", "quoted"] | None = None,
    exclude: Patterns | None = None,
    parts: bool = True,
) -> pd.DataFrame:
    """Find every match of ``patterns`` in the corpus tokens: the HITS table.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.corpus.load_corpus` (uses ``tokens`` and ``documents.raw``).
    patterns : str, list of str, or dict of str → list of str
        One pattern, a list (each pattern is its own category), or a dictionary
        ``{category: [pattern, ...]}``. See the module docstring for the language.
    case_sensitive, diacritic_sensitive : bool, default False
        Compare case / accents (default: both folded, i.e. the ``norm`` column).
    voice : {None, "author", "quoted"}, default None
        Keep only hits whose first token has this voice (``None``: all). The same
        as filtering the ``voice`` column of the unfiltered result.
    exclude : same forms as ``patterns``, optional
        Patterns whose matches cancel an overlapping hit (sharing at least one token):
        ``{"humanitarian": ["Humanitarian Center"]}`` drops the hit of
        ``"humanitarian"`` inside ``Humanitarian Center``. A str or list applies to
        every category; a dict maps category → exclusions (unknown categories raise).
    parts : bool, default True
        A one-word pattern also finds a name inside a hyphenated token: a part written with
        a capital ("Kosovo" in "Kosovo-Serbia talks", "Putin" in "the Clinton-Putin
        correspondence", "NATO" in "NATO-led"); the hit is that token (``i``, ``j``), its
        ``start``/``end``/``match`` the part. Lower-case parts are not words of their own
        ("co-operation" is not "operation", "Chancellor-elect" not "elect"). A pattern with
        a hyphen ("NATO-led", "Russia-*") matches whole tokens only. ``False``: whole tokens only.

    Returns
    -------
    pandas.DataFrame
        One row per hit, a fresh RangeIndex, sorted by document (categorical order),
        ``i``, ``j``, category and pattern (both in the order given). Columns:

        ========  ===========  ======================================================
        doc_id    category     document
        group     category     the document's group
        sent_id   int32        sentence of the hit
        para_id   int32        paragraph of the hit
        i, j      int32        token span ``[i, j)`` within the document
        voice     category     voice of the first token (author / quoted)
        speaker   category     speaker of the first token (``""`` for author)
        pattern   category     the pattern as written (categories in given order)
        category  category     the dict key, or the pattern itself for a str/list
        start     int64        raw char offset of token ``i``
        end       int64        raw char offset after token ``j - 1``
        match     str          ``raw[start:end]``
        ========  ===========  ======================================================

    Raises
    ------
    ValueError
        An empty pattern, a bad ``re:`` regex (both named), an invalid ``voice``, or
        exclusions for an unknown category.
    TypeError
        A pattern that is not a string.

    Warns
    -----
    UserWarning
        A pattern with an element that can never match a token (see
        :func:`compile_pattern`).

    Notes
    -----
    Overlapping hits of different patterns are all kept, one row each: ``"NATO"`` and
    ``"NATO-led"`` can both hit, and a phrase and its words can both hit. But the same
    span matched by two patterns *of the same category* counts once for that category:
    the row of the first such pattern (in the order given) is kept. So a category's
    row count is the number of distinct spans it matched.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> hits = match(load_corpus(), {"Serbia": ["Milo?evi?", "Serb*"]})
    >>> h = hits.iloc[0]
    >>> (h.doc_id, int(h.i), int(h.j), h.match, h.pattern, h.category)
    ('monitor-1998', 8, 9, 'Milosevic', 'Milo?evi?', 'Serbia')
    """
    dispatch(corpus, "match")  # a partitioned corpus: the error names what to use
    sp = find_spans(corpus, patterns, case_sensitive=case_sensitive, diacritic_sensitive=diacritic_sensitive,
                    voice=voice, exclude=exclude, parts=parts)
    tokens, idx, st, en, cc, pc = corpus.tokens, sp.idx, sp.st, sp.en, sp.cc, sp.pc
    pattern_names, categories = sp.patterns, sp.categories
    if not len(st):
        return _empty_hits(tokens, pattern_names, categories)
    last = en - 1
    rows_first = st if idx.order is None else idx.order[st]
    rows_last = last if idx.order is None else idx.order[last]
    first = tokens.iloc[rows_first]
    doc_codes = first["doc_id"].cat.codes.to_numpy()
    start = first["start"].to_numpy().astype(np.int64)
    end = tokens["end"].to_numpy()[rows_last].astype(np.int64)
    raw = raw_texts(corpus)
    base = raw.base[doc_codes.astype(np.int64)]
    if sp.pt is not None and (sp.pt >= 0).any():
        start, end = part_offsets(raw, base, start, end, sp.pt)
    text = raw.strings(raw.locate(base + start), raw.locate(base + end))
    hits = frame(
        {
            "doc_id": first["doc_id"].array,
            "group": first["group"].array,
            "sent_id": first["sent_id"].to_numpy().astype(np.int32),
            "para_id": first["para_id"].to_numpy().astype(np.int32),
            "i": first["i"].to_numpy().astype(np.int32),
            "j": (tokens["i"].to_numpy()[rows_last] + 1).astype(np.int32),
            "voice": first["voice"].array,
            "speaker": first["speaker"].array,
            "pattern": categorical(pc, pattern_names),
            "category": categorical(cc, categories),
            "start": start,
            "end": end,
            "match": text,
        }
    )
    return hits


# --------------------------------------------------------------------------- counts


_BY = ("doc_id", "group", "voice", "speaker", "sent_id", "para_id")


def hit_counts(corpus, hits: pd.DataFrame, *, by: str | Sequence[str] = ("group", "voice"),
               categories: Sequence[str] | None = None) -> pd.DataFrame:
    """Hits per category and unit, with the unit's token total and a rate.

    Parameters
    ----------
    corpus : Corpus
        Supplies the token totals (``tokens`` grouped the same way).
    hits : DataFrame
        From :func:`match`.
    by : str or list of str, default ("group", "voice")
        Columns of both hits and tokens: any of ``doc_id``, ``group``, ``voice``,
        ``speaker``.
    categories : sequence of str, optional
        Categories to report, in this order (default: those of ``hits``, in order); hits of
        other categories are not counted.

    Returns
    -------
    pandas.DataFrame
        One row per unit × category (every combination present in the tokens, zero
        counts included), sorted by the units (categorical order) then category:
        the ``by`` columns, ``category`` (category), ``n_hits`` (int64),
        ``n_tokens`` (int64: tokens of the unit), ``per_1000`` (float64:
        ``1000 * n_hits / n_tokens``).

    Notes
    -----
    A hit is counted in the unit of its first token (its ``voice`` column).
    """
    if (mr := dispatch(corpus, "hit_counts")) is not None:
        return mr(corpus, hits, by=by, categories=categories)
    by = [by] if isinstance(by, str) else list(by)
    for b in by:
        check_option("by", b, _BY[:4])
    totals = corpus.tokens.groupby(by, observed=True).size().rename("n_tokens").reset_index()
    if categories is not None:
        cats = pd.Index([str(c) for c in categories])
        hits = hits[hits["category"].astype(str).isin(cats)].assign(
            category=lambda h: pd.Categorical(h["category"].astype(str), categories=cats))
    else:
        cats = hits["category"].cat.categories if isinstance(hits["category"].dtype, pd.CategoricalDtype) else pd.Index(sorted(hits["category"].unique()))
    grid = totals.merge(pd.DataFrame({"category": pd.Categorical(cats, categories=cats)}), how="cross")
    n = hits.groupby(by + ["category"], observed=True).size().rename("n_hits").reset_index()
    out = grid.merge(n, on=by + ["category"], how="left")
    out["n_hits"] = out["n_hits"].fillna(0).astype(np.int64)
    out["n_tokens"] = out["n_tokens"].astype(np.int64)
    out["per_1000"] = 1000.0 * out["n_hits"] / out["n_tokens"]
    out = out[by + ["category", "n_hits", "n_tokens", "per_1000"]]
    return out.sort_values(by + ["category"], kind="stable").reset_index(drop=True)
