"""A corpus too large for one process: partitioned on disk, analysed as map-reduce on Dask.

Issue 20. The in-memory :class:`analysis.corpus.Corpus` holds every table in one process
(~170 bytes per token at the peak of a load: about 10⁸ tokens on a 24 GB machine). A
:class:`PartitionedCorpus` is the same tables stored as Parquet partitions of documents
(:mod:`.store`), written once by the workers in parallel (:func:`write_partitioned`), and
every aggregate the notebooks draw is a map over the partitions and a reduce of small
per-partition statistics, on a ``dask.distributed`` cluster or in this process
(:mod:`.engine`). No process ever holds the tokens of more than one partition.

The public functions take a partitioned corpus where that is natural (dispatch on the corpus
type, :mod:`analysis._core.dispatch`): ``lexicon_hits`` (hits stored per partition),
``hit_counts``, ``frame_rates``, ``actor_frame_pairs``, ``actor_frames``, ``keyness``,
``frequencies``, ``collocates``, ``actor_sentiment``, ``kwic``, ``drill``, ``voice_table``,
``cleaning_report`` (and ``overview``, which reads the documents table only). The others
raise an error naming the map-reduce function to use (the roles: :func:`role_frames_partitioned`).

Modules: ``storage`` (files through fsspec, the cache's table encoding), ``store`` (the
corpus on disk, partitions read as in-memory corpora), ``write`` (the parallel writer),
``engine`` (where tasks run), ``hits`` (hit and pair tables stored per partition, with a
per-document index; hit counts), ``rates`` (frame rates, the actor × frame table), ``lines``
(KWIC and drill reading only the documents that hold the lines), ``vocab`` (word lists),
``keywords`` (keyness), ``collocates``, ``roles`` (role-aware shares, parsed on the workers),
``sentiment`` (VADER means toward actors), ``documents`` (voice table, cleaning report).
"""

from __future__ import annotations

from .collocates import collocates_partitioned
from .documents import cleaning_report_partitioned, voice_table_partitioned
from .hits import PartitionedTable, actor_frame_pairs_partitioned, hit_counts_partitioned, lexicon_hits_partitioned
from .keywords import keyness_partitioned
from .lines import drill_partitioned, kwic_partitioned
from .rates import actor_frames_partitioned, frame_rates_partitioned
from .roles import role_frames_partitioned, role_tables_partitioned
from .sentiment import actor_sentiment_partitioned
from .store import PartitionedCorpus, open_partitioned
from .vocab import frequencies_partitioned
from .write import document_ranges, write_partitioned

__all__ = [
    "PartitionedCorpus",
    "PartitionedTable",
    "open_partitioned",
    "write_partitioned",
    "document_ranges",
    "lexicon_hits_partitioned",
    "actor_frame_pairs_partitioned",
    "hit_counts_partitioned",
    "frame_rates_partitioned",
    "actor_frames_partitioned",
    "drill_partitioned",
    "kwic_partitioned",
    "frequencies_partitioned",
    "keyness_partitioned",
    "collocates_partitioned",
    "role_tables_partitioned",
    "role_frames_partitioned",
    "actor_sentiment_partitioned",
    "voice_table_partitioned",
    "cleaning_report_partitioned",
]

# What a public function does when handed a partitioned corpus (or a table stored with one):
# its map-reduce implementation, or (a string) what to use instead. Wired here, where every
# implementation is imported, so that neither the store nor the public modules import them.
_ROLES = "role_tables_partitioned(corpus, actor_hits, frame_hits) (parsed on the workers)"
PartitionedCorpus.analysis_functions = {
    "lexicon_hits": lexicon_hits_partitioned,
    "hit_counts": hit_counts_partitioned,
    "frame_rates": frame_rates_partitioned,
    "actor_frames": actor_frames_partitioned,
    "drill": drill_partitioned,
    "kwic": kwic_partitioned,
    "keyness": keyness_partitioned,
    "frequencies": frequencies_partitioned,
    "collocates": collocates_partitioned,
    "actor_sentiment": actor_sentiment_partitioned,
    "voice_table": voice_table_partitioned,
    "cleaning_report": cleaning_report_partitioned,
    "match": "lexicon_hits(corpus, {category: patterns}) (hits stored per partition) or kwic(corpus, patterns)",
    "keyness_all": "keyness(corpus, target=…, reference=…) per comparison (keyness_partitioned)",
    "ngrams": "frequencies (keyness_partitioned, frequencies_partitioned); n-grams have no map-reduce yet",
    "collocates_by_actor": "collocates(corpus, <one actor's rows of the stored actor hits>) (collocates_partitioned)",
    "role_tables": _ROLES,
    "actor_roles": _ROLES,
    "role_links": _ROLES,
    "role_frames": "role_frames_partitioned(corpus, actor_hits, frame_hits, by=…) (roles parsed on the workers)",
    "sentence_sentiment": "actor_sentiment(corpus, actor_hits) (actor_sentiment_partitioned)",
}
PartitionedTable.analysis_functions = {"actor_frame_pairs": actor_frame_pairs_partitioned}
