"""Defaults taken from the corpus, so that every notebook runs on any corpus with no parameter set.

A notebook's parameters default to None; these functions turn None into what the data say:
documents in date order, the earliest and latest period, the actors worth a panel, the
groups and speakers with quoted or reported speech, and whether there are few enough
documents to show each one (else groups). Parameters still override.

Nothing here names a group, a year, an actor or a speaker of the seed corpus: every default
is read from the corpus, its manifest or the lexicon the notebook uses.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["date_order", "periods", "year_periods", "period_label", "group_order", "primary_actors", "other_actors", "display_unit",
           "group_blocks", "speaker_groups", "voice_groups", "largest_cell", "MAX_UNITS", "MIN_QUOTED_TOKENS"]

#: Above this many documents, figures show groups instead of documents (labels stay legible).
MAX_UNITS = 30
#: A group's quoted voice needs this many tokens for a comparison with its author voice.
MIN_QUOTED_TOKENS = 1000


def date_order(corpus) -> list[str]:
    """doc_ids in date order (``published``, then ``year``, then manifest order; undated last)."""
    d = corpus.documents.reset_index(drop=True)
    pub = d["published"].astype(str).where(d["published"].astype(str).str.match(r"^\d{4}"), "") if "published" in d else ""
    year = d["year"].astype("Int64").astype(str).where(d["year"].notna(), "") if "year" in d else ""
    key = pd.DataFrame({"doc_id": d.doc_id.astype(str), "pub": pub if len(pub) else "", "year": year if len(year) else "",
                        "pos": range(len(d))})
    key["when"] = key["pub"].where(key["pub"] != "", key["year"])
    key["undated"] = key["when"] == ""
    return key.sort_values(["undated", "when", "pos"], kind="stable").doc_id.tolist()


def periods(corpus, *, by: str = "group") -> tuple[str, str]:
    """(the ``by`` value of the earliest document, that of the latest): the default before/after
    comparison (they are equal when one group holds both)."""
    order = date_order(corpus)
    d = corpus.documents.assign(doc_id=corpus.documents.doc_id.astype(str)).set_index("doc_id")
    return str(d.loc[order[0], by]), str(d.loc[order[-1], by])


def year_periods(corpus) -> tuple[list[int], list[int]]:
    """(early years, late years): the default "then vs now" comparison.

    Split at the largest gap between consecutive years when it is larger than every other
    gap (1998, 1999 | 2014, 2020, 2021); otherwise, for evenly spread years, the first and
    the last third of them (1998–2005 | 2014–2021 of 24 yearly sessions). Two empty lists
    when the corpus has fewer than two years (or none).

    Examples
    --------
    >>> import pandas as pd
    >>> from types import SimpleNamespace
    >>> year_periods(SimpleNamespace(documents=pd.DataFrame({"year": [1998, 1999, 2014, 2020, 2021]})))
    ([1998, 1999], [2014, 2020, 2021])
    >>> year_periods(SimpleNamespace(documents=pd.DataFrame({"year": range(2000, 2006)})))
    ([2000, 2001], [2004, 2005])
    """
    d = corpus.documents
    years = sorted({int(y) for y in d["year"].dropna()}) if "year" in d.columns else []
    if len(years) < 2:
        return [], []
    gaps = [b - a for a, b in zip(years, years[1:])]
    widest = max(gaps)
    if gaps.count(widest) == 1 and widest > 1:
        k = gaps.index(widest) + 1
        return years[:k], years[k:]
    third = max(1, len(years) // 3)
    return years[:third], years[-third:]


def period_label(years) -> str:
    """A period as prose writes it: ``[1998, 1999]`` → ``"1998–99"``, ``[1998, 2005]`` →
    ``"1998–2005"``, one year as itself, none as ``""``.

    Examples
    --------
    >>> period_label([2014, 2020, 2021]), period_label([1998, 2005]), period_label([2001])
    ('2014–21', '1998–2005', '2001')
    """
    years = [int(y) for y in years]
    if not years:
        return ""
    lo, hi = min(years), max(years)
    if lo == hi:
        return str(lo)
    return f"{lo}–{str(hi)[2:]}" if lo // 100 == hi // 100 else f"{lo}–{hi}"


def group_order(corpus) -> list[str]:
    """The groups in the date order of their earliest documents (undated groups last, in
    manifest order)."""
    d = corpus.documents.assign(doc_id=corpus.documents.doc_id.astype(str)).set_index("doc_id")
    return list(dict.fromkeys(str(d.loc[doc, "group"]) for doc in date_order(corpus)))


def primary_actors(lexicon="actors", actor_hits: pd.DataFrame | None = None, *, k: int = 3) -> list[str]:
    """The lexicon's primary actors (its ``primary`` flag) that the corpus mentions; else the
    ``k`` actors mentioned most."""
    from .lexicons import Lexicon, load_lexicon

    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    counts = (actor_hits.category.astype(str).value_counts() if actor_hits is not None else pd.Series(dtype=int))
    primary = [name for name, cat in lex.categories.items() if getattr(cat, "primary", False)]
    if actor_hits is not None:
        primary = [a for a in primary if counts.get(a, 0) > 0]
    if primary:
        return primary
    return list(counts.index[:k])


def other_actors(lexicon="actors", actor_hits: pd.DataFrame | None = None, *, primary=None) -> list[str]:
    """The lexicon's actors that are not ``primary`` (default: :func:`primary_actors`) and that
    the corpus mentions, in lexicon order."""
    from .lexicons import Lexicon, load_lexicon

    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    primary = set(primary if primary is not None else primary_actors(lex, actor_hits))
    seen = set(actor_hits.category.astype(str)) if actor_hits is not None else set(lex.categories)
    return [a for a in lex.categories if a not in primary and a in seen]


def display_unit(corpus, *, max_units: int = MAX_UNITS, doc: str = "doc_id") -> str:
    """``doc`` (``"doc_id"``, or the name a function gives documents: ``"doc"`` for
    :func:`analysis.similarity`) while there are at most ``max_units`` documents, else ``"group"``."""
    return doc if len(corpus.documents) <= max_units else "group"


def group_blocks(corpus, *, max_units: int = MAX_UNITS) -> list[str]:
    """How to split a long listing (concordance lines, tables) into blocks: by group and voice
    while there are at most ``max_units`` groups, else by voice only."""
    return ["group", "voice"] if corpus.documents["group"].nunique() <= max_units else ["voice"]


def voice_groups(corpus, *, min_quoted_tokens: int = MIN_QUOTED_TOKENS) -> list[str]:
    """The groups whose quoted voice (quotations, transcript turns, quoted excerpts) has at
    least ``min_quoted_tokens`` tokens: those whose author and quoted voices can be
    compared. In the date order of :func:`group_order`."""
    d = corpus.documents
    quoted = d.groupby(d["group"].astype(str), sort=False)["n_quoted_tokens"].sum()
    return [g for g in group_order(corpus) if quoted.get(g, 0) >= min_quoted_tokens]


def largest_cell(table: pd.DataFrame, *, columns=("actor", "group"), size: str = "n_sentences",
                 exclude=None, **where) -> tuple:
    """The values of ``columns`` of the row with the largest ``size`` among the rows matching
    ``where`` (column=value) and not in ``exclude`` (values of the first column): the cell worth
    reading first. Ties: the first in table order. ``()`` for an empty selection."""
    t = table
    for col, value in where.items():
        t = t[t[col].astype(str) == str(value)]
    if exclude is not None:
        t = t[~t[columns[0]].astype(str).isin([str(e) for e in exclude])]
    if t.empty:
        return ()
    row = t.loc[t[size].idxmax()]
    return tuple(str(row[c]) for c in columns)


def speaker_groups(corpus, *, min_sentences: int = 5) -> pd.DataFrame:
    """The speakers each document quotes, with at least ``min_sentences`` quoted sentences.

    Returns
    -------
    DataFrame
        doc_id, speaker, n_sentences (int); documents in date order, then most sentences first.
    """
    s = corpus.sentences[corpus.sentences.voice.astype(str) == "quoted"]
    n = s.groupby([s.doc_id.astype(str), s.speaker.astype(str)]).size().rename("n_sentences").reset_index()
    n = n[(n.n_sentences >= min_sentences) & (n.speaker != "") & (n.speaker != "unknown")]
    order = {d: k for k, d in enumerate(date_order(corpus))}
    n = n.assign(_o=n.doc_id.map(order)).sort_values(["_o", "n_sentences"], ascending=[True, False]).drop(columns="_o")
    return n.reset_index(drop=True)
