"""A corpus too large for one process: partitioned on disk, analysed as map-reduce on Dask.

Issue 20. The in-memory :class:`analysis.corpus.Corpus` holds every table in one process
(~170 bytes per token at the peak of a load: about 10⁸ tokens on a 24 GB machine). A
:class:`PartitionedCorpus` is the same tables stored as Parquet partitions of documents
(:mod:`.store`), written once by the workers in parallel (:func:`write_partitioned`), and
every aggregate the notebooks draw is a map over the partitions and a reduce of small
per-partition statistics (:mod:`.hits`, :mod:`.rates` …), on a ``dask.distributed`` cluster
or in this process (:mod:`.engine`). No process ever holds the tokens of more than one
partition.

Modules: ``storage`` (files through fsspec, the cache's table encoding), ``store`` (the
corpus on disk, partitions read as in-memory corpora), ``write`` (the parallel writer),
``engine`` (where tasks run), ``hits`` (hit and pair tables stored per partition, with a
per-document index; hit counts), ``rates`` (frame rates, the actor × frame table), ``lines``
(KWIC and drill reading only the documents that hold the lines), ``vocab`` (word lists),
``keywords`` (keyness).
"""

from __future__ import annotations

from .hits import PartitionedTable, actor_frame_pairs_partitioned, hit_counts_partitioned, lexicon_hits_partitioned
from .keywords import keyness_partitioned
from .lines import drill_partitioned, kwic_partitioned
from .rates import actor_frames_partitioned, frame_rates_partitioned
from .vocab import frequencies_partitioned
from .store import PartitionedCorpus, open_partitioned
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
]
