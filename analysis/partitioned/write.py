"""Writing a partitioned corpus: every partition loaded and written by a worker, in parallel.

:func:`write_partitioned` reads the manifest, rules and overrides on the client (validated as
:func:`analysis.load_corpus` validates them), cuts the manifest into contiguous document
ranges of about ``partition_bytes`` of text, and sends each range to a worker, which loads
its documents with the per-document loader every loading path shares
(:func:`analysis.corpus.load_document`), assembles them as the in-memory path does
(:func:`analysis.corpus.tables.assemble`) and writes the five tables. Only small things come
back to the client: each document's record (the manifest row, hash and sizes, no text), the
problems and warnings, each cleaning rule's count. The vocabularies are merged on the workers
(a tree of sorted unions) and written by a worker. Then the client checks what the
in-memory path checks over the whole corpus (every bad document named at once, the rules'
``expect`` counts), computes the corpus hash from the documents' hashes, and writes the
documents index and the manifest. The store appears at ``out`` only when complete (built
beside it, then renamed).
"""

from __future__ import annotations

import uuid
import warnings
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from .engine import Engine
from .storage import Store
from .store import FORMAT, KIND, PART_TABLES, TEXT_COLUMNS, PartitionedCorpus, open_partitioned

__all__ = ["write_partitioned", "document_ranges", "capitalised_hyphenated", "PARTITION_BYTES"]

#: Default size of a partition: bytes of text (~2.5M tokens of English prose; ~400 MB of
#: memory while a worker loads it).
PARTITION_BYTES = 16 * 2**20
#: Parquet row groups: rows of a token / sentence group, documents of a document group
#: (what lines on demand read at least, for one document).
ROW_GROUPS = {"tokens": 2**16, "sentences": 2**14, "documents": 16, "residue": 2**14, "quotes": 2**14}


def document_ranges(sizes, *, partition_bytes: int | None = PARTITION_BYTES, npartitions: int | None = None):
    """Contiguous ``(lo, hi)`` ranges of documents: about ``partition_bytes`` each (a document
    larger than that is a range of its own), or ``npartitions`` near-equal ranges.

    Examples
    --------
    >>> document_ranges([5, 5, 5, 5, 20, 1], partition_bytes=10)
    [(0, 2), (2, 4), (4, 5), (5, 6)]
    >>> document_ranges([1] * 5, npartitions=2)
    [(0, 2), (2, 5)]
    """
    n = len(sizes)
    if npartitions is not None:
        k = max(1, min(int(npartitions), n))
        edges = np.linspace(0, n, k + 1).round().astype(int)
        return [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]) if b > a] or [(0, 0)]
    out, lo, acc = [], 0, 0
    for k, s in enumerate(sizes):
        if acc and acc + s > partition_bytes:
            out.append((lo, k))
            lo, acc = k, 0
        acc += s
    out.append((lo, n))
    return out


def write_partitioned(folder, out, client=None, *, partition_bytes: int | None = PARTITION_BYTES,
                      npartitions: int | None = None, min_quote_tokens: int = 4) -> PartitionedCorpus:
    """Load a corpus folder on the workers and store it as partitioned Parquet at ``out``.

    Parameters
    ----------
    folder : path
        The corpus folder (``manifest.csv`` and texts); every worker must read it at this path.
    out : path or URL
        Where to store the partitions (a folder, or an fsspec URL every worker can write);
        replaced if it exists.
    client : dask.distributed.Client, optional
        Default: the current client, else this process (see :mod:`.engine`).
    partition_bytes, npartitions
        Partition size in bytes of text (default 16 MiB), or a number of partitions.
    min_quote_tokens : int, default 4
        As for :func:`analysis.load_corpus`.

    Returns
    -------
    PartitionedCorpus
        Whose partitions load to exactly the in-memory tables of their documents, and whose
        ``meta["sha256"]`` is ``corpus_hash(folder)``.

    Raises
    ------
    CorpusError
        As :func:`analysis.load_corpus`: every bad document named at once, a bad manifest,
        rule or override, a rule whose ``expect`` count is not met (nothing is written).
    """
    from ..corpus.pipeline import read_inputs

    engine = Engine(client)
    folder = Path(folder)
    manifest, rules, overrides, *_ = read_inputs(folder, False, min_quote_tokens)
    rows = [r._asdict() for r in manifest.itertuples(index=False)]
    sizes = [(folder / f).stat().st_size for f in manifest.file]
    ranges = document_ranges(sizes, partition_bytes=partition_bytes, npartitions=npartitions)
    url = str(out).rstrip("/")
    tmp = f"{url}.tmp-{uuid.uuid4().hex[:8]}"
    rules_h, over_h = engine.scatter(rules), engine.scatter(overrides)
    parts = [engine.submit(_write_partition, str(folder.resolve()), rows[a:b], rules_h, over_h, min_quote_tokens,
                           tmp, k) for k, (a, b) in enumerate(ranges)]
    try:
        summaries = engine.gather([engine.item(h, "summary") for h in parts])
        _check(folder, rules, summaries)
        vocab = engine.tree_reduce([engine.item(h, "vocab") for h in parts], _merge_vocab)
        engine.gather(engine.submit(_write_vocab, vocab, tmp))
        _write_root(Store(tmp), folder, manifest, ranges, summaries, min_quote_tokens)
    except BaseException:
        Store(tmp).remove()
        raise
    _replace(url, tmp)
    return open_partitioned(url)


def _write_partition(folder: str, rows: list[dict], rules, overrides, min_quote_tokens: int, url: str, k: int) -> dict:
    """Load documents ``rows`` and write them as partition ``k`` (on a worker)."""
    from ..corpus import CorpusError, load_document
    from ..corpus.pipeline import collector_paused
    from ..corpus.tables import assemble, assemble_run

    results, problems = [], []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with collector_paused():
            for row in rows:
                try:
                    results.append(load_document(Path(folder), row, rules, overrides, min_quote_tokens))
                except CorpusError as exc:
                    problems += exc.problems
    if problems:
        return {"summary": {"problems": problems}, "vocab": {}}
    docs = [r["document"] for r in results]
    residue = [x for r in results for x in r["residue"]]
    corpus = assemble(Path(folder), [assemble_run(results)])
    results.clear()
    store, name = Store(url), f"parts/part-{k:05d}"
    descs = {t: store.write_table(getattr(corpus, t), name, t, row_group_size=ROW_GROUPS[t]) for t in PART_TABLES}
    store.write_json({"format": FORMAT, "tables": descs}, name, "meta.json")
    d = corpus.documents
    summary = {
        "problems": [],
        "warnings": [str(w.message) for w in caught],
        "records": [{c: v for c, v in r.items() if c not in TEXT_COLUMNS} for r in docs],
        "sizes": {c: d[c].to_numpy().tolist() for c in ("n_tokens", "n_quoted_tokens", "n_sentences", "n_residue_chars")},
        "rules": dict(Counter(r["rule"] for r in residue)),
        "n_tokens": len(corpus.tokens),
        "n_sentences": len(corpus.sentences),
    }
    vocab = {c: list(corpus.tokens[c].cat.categories) for c in ("token", "norm", "speaker")}
    vocab["capitalised"] = capitalised_hyphenated(vocab["token"])
    return {"summary": summary, "vocab": vocab}


def capitalised_hyphenated(types) -> list[str]:
    """The hyphenated types with a part written with a capital ("Kosovo-Serbia", "NATO-led"):
    what decides, corpus-wide, which parts of a hyphenated form are names (see
    :data:`analysis._core.index.CORPUS_CAPITALISED`).

    Examples
    --------
    >>> capitalised_hyphenated(["Kosovo-Serbia", "co-operation", "NATO", "Chancellor-elect"])
    ['Kosovo-Serbia', 'Chancellor-elect']
    """
    from .._core.index import fold_hyphens

    return [t for t in types if "-" in (h := fold_hyphens(t)) and any(w[:1].isupper() for w in h.split("-"))]


def _check(folder: Path, rules, summaries: list[dict]) -> None:
    """What the in-memory path checks over the whole corpus; the workers' warnings repeated."""
    from ..corpus import CorpusError
    from ..corpus.cleaning import check_rule_counts

    problems = [p for s in summaries for p in s["problems"]]
    if problems:
        raise CorpusError(problems)
    for s in summaries:
        for msg in s["warnings"]:
            warnings.warn(msg, stacklevel=3)
    counts = Counter()
    for s in summaries:
        counts.update(s["rules"])
    check_rule_counts(folder, rules, [{"rule": r} for r, n in counts.items() for _ in range(n)])


def _merge_vocab(parts: list[dict]) -> dict:
    """The sorted union of vocabularies (what the in-memory categories are)."""
    return {c: sorted(set().union(*(p.get(c, ()) for p in parts))) for c in ("token", "norm", "speaker", "capitalised")}


def _write_vocab(vocab: dict, url: str) -> int:
    store = Store(url)
    store.makedirs("vocabulary")
    for c, values in vocab.items():
        store.write_parquet(pd.DataFrame({"value": pd.array(values, dtype="str")}), "vocabulary", f"{c}.parquet")
    return len(vocab["norm"])


def _write_root(store: Store, folder: Path, manifest: pd.DataFrame, ranges, summaries: list[dict],
                min_quote_tokens: int) -> None:
    """The documents index and the manifest (written last: a store without it is incomplete)."""
    from ..corpus import corpus_hash

    records = [r for s in summaries for r in s["records"]]
    docs = pd.DataFrame(records)  # inferred as the in-memory documents table is
    doc_ids = list(docs.doc_id)
    docs["doc_id"] = docs.doc_id.astype(pd.CategoricalDtype(doc_ids))
    docs["group"] = docs.group.astype(pd.CategoricalDtype(list(dict.fromkeys(docs.group))))
    for c in ("n_tokens", "n_quoted_tokens", "n_sentences", "n_residue_chars"):
        docs[c] = np.asarray([v for s in summaries for v in s["sizes"][c]], dtype=np.int64)
    sha = corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens, file_digests=list(docs.sha256))
    desc = store.write_table(docs, "", "documents", row_group_size=2**14)
    parts = [{"name": f"part-{k:05d}", "doc_lo": a, "doc_hi": b, "n_documents": b - a,
              "n_tokens": s["n_tokens"], "n_sentences": s["n_sentences"]}
             for k, ((a, b), s) in enumerate(zip(ranges, summaries))]
    store.write_json({
        "kind": KIND, "format": FORMAT, "sha256": sha, "min_quote_tokens": min_quote_tokens,
        "folder": str(folder.resolve()), "n_documents": len(docs), "n_tokens": int(docs.n_tokens.sum()),
        "n_sentences": int(docs.n_sentences.sum()), "partitions": parts, "documents": desc,
        "warnings": [m for s in summaries for m in s["warnings"]], "versions": _versions(),
    }, "manifest.json")


def _replace(url: str, tmp: str) -> None:
    """Move the finished store ``tmp`` to ``url`` (an older store there is removed)."""
    old = Store(url)
    if old.fs.exists(old.root):
        trash = f"{url}.old-{uuid.uuid4().hex[:8]}"
        old.fs.mv(old.root, Store(trash).root, recursive=True)
        Store(trash).remove()
    new = Store(tmp)
    new.fs.mv(new.root, old.root, recursive=True)


def _versions() -> dict:
    import pyarrow

    from .. import __version__

    return {"analysis": __version__, "pandas": pd.__version__, "pyarrow": pyarrow.__version__}
