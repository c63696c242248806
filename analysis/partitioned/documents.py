"""Per-document tables of a partitioned corpus: sizes, voices, cleaning — a map, no reduce.

The documents table itself (sizes included: tokens, sentences, quoted tokens, residue) is the
corpus's documents index, so :func:`analysis.corpus.overview` takes a partitioned corpus as it
is. The voice table and the cleaning report are group-bys within a document: each partition
computes its own (:func:`analysis.corpus.voice_table`, :func:`analysis.corpus.cleaning_report`)
and the client concatenates them in partition order (rows of a few per document).
"""

from __future__ import annotations

import pandas as pd

from .engine import Engine
from .store import PartitionedCorpus

__all__ = ["voice_table_partitioned", "cleaning_report_partitioned"]


def _part_table(k: int, *, corpus: PartitionedCorpus, what: str) -> pd.DataFrame:
    from ..corpus import cleaning_report, voice_table

    if what == "voices":
        part = corpus.load(k, tables=("tokens",), columns={"tokens": ["doc_id", "voice", "speaker", "sent_id"]})
        return corpus.to_global(voice_table(part), k)
    part = corpus.load(k, tables=("residue",))
    return corpus.to_global(cleaning_report(part), k)


def _concat(corpus: PartitionedCorpus, what: str, client) -> pd.DataFrame:
    engine = Engine(client)
    parts = engine.gather(engine.map(_part_table, range(len(corpus.partitions)), corpus=corpus, what=what))
    return pd.concat(parts, ignore_index=True)


def voice_table_partitioned(corpus: PartitionedCorpus, *, client=None) -> pd.DataFrame:
    """:func:`analysis.corpus.voice_table` of a partitioned corpus (the same table)."""
    return _concat(corpus, "voices", client)


def cleaning_report_partitioned(corpus: PartitionedCorpus, *, client=None) -> pd.DataFrame:
    """:func:`analysis.corpus.cleaning_report` of a partitioned corpus (the same table)."""
    return _concat(corpus, "cleaning", client)
