"""Reports on a loaded corpus: the summary tables of notebook 01.

Owns :func:`overview` (one row per document), :func:`cleaning_report` (what cleaning left
out, per document and rule) and :func:`voice_table` (tokens and sentences per voice and
speaker). Each takes a :class:`analysis.corpus.tables.Corpus` and returns a new DataFrame;
these are the last step: nothing in the pipeline depends on them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
from .._core.dispatch import dispatch

if TYPE_CHECKING:
    from .tables import Corpus

__all__ = ["overview", "cleaning_report", "voice_table"]


def overview(corpus: Corpus) -> pd.DataFrame:
    """One row per document: the corpus table of notebook 01.

    Returns
    -------
    DataFrame
        doc_id, group, outlet, published, authors, title, n_tokens (int), n_sentences
        (int), n_quoted_tokens (int), quoted_share (float, quoted tokens / tokens),
        n_residue_chars (int). In manifest order.
    """
    d = corpus.documents
    out = d[["doc_id", "group", "outlet", "published", "authors", "title", "n_tokens", "n_sentences",
             "n_quoted_tokens", "n_residue_chars"]].copy()
    out.insert(9, "quoted_share", (d.n_quoted_tokens / d.n_tokens).round(4))
    return out.reset_index(drop=True)


def cleaning_report(corpus: Corpus) -> pd.DataFrame:
    """Residue and markup left out of the analysis, counted per document and rule.

    Returns
    -------
    DataFrame
        doc_id, kind (residue/markup), rule, n_spans (int), n_chars (int); every span
        is listed in ``corpus.residue`` with its raw offsets and text.
    """
    if (mr := dispatch(corpus, "cleaning_report")) is not None:
        return mr(corpus)
    r = corpus.residue.assign(n_chars=corpus.residue.end - corpus.residue.start)
    out = (
        r.groupby(["doc_id", "kind", "rule"], observed=True, sort=True)
        .agg(n_spans=("start", "size"), n_chars=("n_chars", "sum"))
        .reset_index()
    )
    return out


def voice_table(corpus: Corpus) -> pd.DataFrame:
    """Sentences and tokens per document, voice and speaker (a group-by over tokens).

    Returns
    -------
    DataFrame
        doc_id, voice, speaker, n_tokens (int), n_sentences (int: sentences with at
        least one token of that voice and speaker), sorted by doc, voice, tokens desc.
    """
    if (mr := dispatch(corpus, "voice_table")) is not None:
        return mr(corpus)
    t = corpus.tokens
    g = t.groupby(["doc_id", "voice", "speaker"], observed=True)
    out = pd.DataFrame({"n_tokens": g.size(), "n_sentences": g.sent_id.nunique()}).reset_index()
    out["speaker"] = out.speaker.astype(str)
    out = out.sort_values(["doc_id", "voice", "n_tokens", "speaker"], ascending=[True, True, False, True], kind="stable")
    return out.reset_index(drop=True)
