"""Defaults taken from the corpus, so that every notebook runs on any corpus with no parameter set.

A notebook's parameters default to None; these functions turn None into what the data say:
documents in date order, the earliest and latest period, the actors worth a panel, the
groups and speakers with quoted or reported speech, and whether there are few enough
documents to show each one (else groups). Parameters still override.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["date_order", "periods", "primary_actors", "display_unit", "speaker_groups", "MAX_UNITS"]

#: Above this many documents, figures show groups instead of documents (labels stay legible).
MAX_UNITS = 30


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


def display_unit(corpus, *, max_units: int = MAX_UNITS) -> str:
    """``"doc_id"`` while there are at most ``max_units`` documents, else ``"group"``."""
    return "doc_id" if len(corpus.documents) <= max_units else "group"


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
