"""Scale-out on a Dask cluster: load and match per partition of documents.

Optional (``pip install "analysis[scale]"``, i.e. ``dask[distributed]``). Everything here
gives *identical* tables to the in-memory functions — the same rows, order, dtypes and
categories — only computed in parallel:

* :func:`load_corpus_dask` — each partition of documents loaded as one run on a worker
  (:func:`analysis.corpus.workers.load_run`, as :func:`analysis.load_corpus` loads each of
  its processes' runs), then the same assembly on the client (corpus-wide vocabularies,
  manifest order);
* :func:`lexicon_hits_dask` — :func:`analysis.framing.lexicon_hits` per partition of
  documents, concatenated in document order;
* :func:`hit_counts_dask` — hits per unit × category and token totals per partition,
  summed: equal to ``hit_counts(corpus, lexicon_hits(corpus, lexicon))``.

A local cluster (scripts need an ``if __name__ == "__main__":`` guard; notebooks don't)::

    from dask.distributed import Client, LocalCluster
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           host="127.0.0.1", dashboard_address=":0")
    client = Client(cluster)
    corpus = load_corpus_dask("path/to/corpus", client)
    hits = lexicon_hits_dask(corpus, "frames", client)

A real cluster: ``client = Client("tcp://scheduler:8786")``. Every worker must have the
``analysis`` package (same version) installed and see the corpus folder at the same path
(a shared file system); only paths travel to the workers when loading.

Partitions and vocabularies: the ``token``/``norm`` categoricals are corpus-wide
vocabularies, merged on the client from the partitions' sorted ones, exactly as in the
in-memory path. For matching, each partition's tokens keep the corpus-wide ``doc_id``,
``group``, ``voice`` and ``speaker`` categories (so hits from different partitions
concatenate to the same categoricals); only the unused ``token``/``norm`` categories are
dropped before shipping, which does not change which tokens match.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = ["load_corpus_dask", "lexicon_hits_dask", "hit_counts_dask", "partitions"]


def partitions(n: int, npartitions: int) -> list[tuple[int, int]]:
    """Split ``range(n)`` into ``npartitions`` contiguous, near-equal ``(lo, hi)`` ranges."""
    npartitions = max(1, min(int(npartitions), n)) if n else 1
    edges = np.linspace(0, n, npartitions + 1).round().astype(int)
    return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:])]


def _default_npartitions(client, n: int) -> int:
    try:
        workers = sum(client.nthreads().values())
    except Exception:  # pragma: no cover - an unusual client
        workers = os.cpu_count() or 1
    return max(1, min(n, 4 * workers))


def _load_partition(folder: str, rows: list[dict], rules, overrides, min_quote_tokens: int):
    """Load a partition's documents as one run (:func:`analysis.corpus.tables.assemble_run`:
    its columns, sorted vocabularies and texts as UTF-8, sent to the client as buffers)."""
    from ._core.memory import small_pages
    from .corpus.pipeline import collector_paused
    from .corpus.workers import load_run

    with collector_paused(), small_pages():  # as load_corpus loads
        run, problems = load_run(Path(folder), rows, rules, overrides, min_quote_tokens)
    return (run.pack() if run is not None else None), problems


def load_corpus_dask(folder: str | Path, client, *, min_quote_tokens: int = 4, npartitions: int | None = None,
                     cache: bool | str | Path | None = None, progress: bool | None = None):
    """:func:`analysis.load_corpus` with the per-document work on a Dask cluster.

    Parameters
    ----------
    folder : path
        The corpus folder; must be readable at the same path on every worker.
    client : dask.distributed.Client
    min_quote_tokens, cache
        As for :func:`analysis.load_corpus` (a cache hit skips the cluster entirely;
        a miss writes the cache).
    npartitions : int, optional
        Partitions of documents (default: 4 per worker thread, at most one per document).
    progress : bool, optional
        Show a progress bar over partitions (``None``: only for a large corpus).

    Returns
    -------
    Corpus
        Identical tables to ``load_corpus(folder, min_quote_tokens=...)``.
    """
    from dask.distributed import as_completed

    from .corpus import cache as _cache
    from ._core.memory import small_pages
    from .corpus.pipeline import finish_load, read_inputs
    from .progress import show_progress

    folder = Path(folder)
    manifest, rules, overrides, store, sha, cached = read_inputs(folder, cache, min_quote_tokens)
    if cached is not None:
        return cached
    rows = [r._asdict() for r in manifest.itertuples(index=False)]
    parts = partitions(len(rows), npartitions or _default_npartitions(client, len(rows)))
    rules_f, over_f = client.scatter([rules, overrides], broadcast=True)
    futures = [client.submit(_load_partition, str(folder.resolve()), rows[a:b], rules_f, over_f, min_quote_tokens,
                             pure=False) for a, b in parts]
    progress = show_progress(_cache.is_large(folder, manifest), progress)
    if progress:
        from tqdm.auto import tqdm

        for _ in tqdm(as_completed(futures), total=len(futures), desc="loading (dask)", unit="part"):
            pass
    with small_pages():  # as load_corpus assembles
        gathered = client.gather(futures)
        runs, problems = [], []
        for run, prob in gathered:  # partition order = manifest order
            if run is not None:
                runs.append(run)
            problems += prob
        del gathered
        return finish_load(folder, manifest, rules, runs, problems, min_quote_tokens, store=store, sha=sha)


# --------------------------------------------------------------------------- matching


def _doc_chunks(corpus, npartitions: int):
    """Sub-corpora of contiguous documents (tokens in document order), for shipping."""
    from .corpus import Corpus

    tokens = corpus.tokens
    codes = tokens["doc_id"].cat.codes.to_numpy()
    if len(codes) > 1 and (np.diff(codes) < 0).any():
        raise ValueError("the tokens table is not in document order; use the table load_corpus returned")
    n_docs = len(tokens["doc_id"].cat.categories)
    bounds = np.searchsorted(codes, np.arange(n_docs + 1), side="left")
    doc_codes = corpus.documents["doc_id"].cat.codes.to_numpy()
    empty = corpus.sentences.iloc[:0]
    chunks = []
    for a, b in partitions(n_docs, npartitions):
        t = tokens.iloc[bounds[a]: bounds[b]].reset_index(drop=True)
        t["token"] = t["token"].cat.remove_unused_categories()
        t["norm"] = t["norm"].cat.remove_unused_categories()
        docs = corpus.documents[(doc_codes >= a) & (doc_codes < b)][["doc_id", "group", "raw"]].reset_index(drop=True)
        chunks.append(Corpus(docs, empty, t, corpus.residue.iloc[:0], corpus.quotes.iloc[:0], corpus.folder,
                             dict(corpus.meta)))
    return chunks


def _hits_part(chunk, lexicon, match_options):
    from .framing import lexicon_hits

    return lexicon_hits(chunk, lexicon, progress=False, **match_options)


def _counts_part(chunk, lexicon, by, match_options):
    from .matcher import hit_counts
    from .framing import lexicon_hits

    hits = lexicon_hits(chunk, lexicon, progress=False, **match_options)
    return hit_counts(chunk, hits, by=by)


def _lexicon(lexicon):
    from .lexicons import Lexicon, load_lexicon

    return lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)


def lexicon_hits_dask(corpus, lexicon, client, *, npartitions: int | None = None, **match_options) -> pd.DataFrame:
    """:func:`analysis.framing.lexicon_hits` computed per partition of documents on a cluster.

    Matching never crosses a document (phrases stay within a sentence) and the
    longest-match rule works within a document and category, so per-document partitions
    give exactly the whole-corpus hits; they are concatenated in document order.

    Returns
    -------
    DataFrame
        Identical to ``lexicon_hits(corpus, lexicon, **match_options)``.
    """
    lex = _lexicon(lexicon)
    n_docs = len(corpus.tokens["doc_id"].cat.categories)
    chunks = _doc_chunks(corpus, npartitions or _default_npartitions(client, n_docs))
    futures = client.map(_hits_part, chunks, lexicon=lex, match_options=match_options, pure=False)
    parts = client.gather(futures)
    parts = [p for p in parts if len(p)] or parts[:1]
    return pd.concat(parts, ignore_index=True)


def hit_counts_dask(corpus, lexicon, client, *, by: str | Sequence[str] = ("group", "voice"),
                    npartitions: int | None = None, **match_options) -> pd.DataFrame:
    """Hits per unit × category with token totals, counted per partition and summed.

    Returns
    -------
    DataFrame
        Identical to ``hit_counts(corpus, lexicon_hits(corpus, lexicon), by=by)``: the
        ``by`` columns, ``category``, ``n_hits``, ``n_tokens``, ``per_1000``.
    """
    by = [by] if isinstance(by, str) else list(by)
    lex = _lexicon(lexicon)
    n_docs = len(corpus.tokens["doc_id"].cat.categories)
    chunks = _doc_chunks(corpus, npartitions or _default_npartitions(client, n_docs))
    futures = client.map(_counts_part, chunks, lexicon=lex, by=by, match_options=match_options, pure=False)
    parts = client.gather(futures)
    # every part's key columns share one categorical dtype each (corpus-wide units,
    # the lexicon's categories), so the concatenation and the group-by keep them
    allp = pd.concat(parts, ignore_index=True)
    summed = allp.groupby(by + ["category"], observed=True, sort=True)[["n_hits", "n_tokens"]].sum().reset_index()
    summed["n_hits"] = summed["n_hits"].astype(np.int64)
    summed["n_tokens"] = summed["n_tokens"].astype(np.int64)
    summed["per_1000"] = 1000.0 * summed["n_hits"] / summed["n_tokens"]
    summed = summed[by + ["category", "n_hits", "n_tokens", "per_1000"]]
    return summed.sort_values(by + ["category"], kind="stable").reset_index(drop=True)

