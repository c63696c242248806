"""The corpus tables: :class:`Corpus`, and its assembly from the per-document parts.

Owns the shape of the five tables (documents, sentences, tokens, residue, quotes; see the
README's "The tables") and how they are built (:func:`assemble`): every column is
concatenated once over the documents, and every categorical is built from integer codes
with corpus-wide categories (one vocabulary of types and of norms, the speakers some token
has, documents and groups in manifest order).

Receives the per-document parts of :func:`analysis.corpus.document.load_document`, in
manifest order, and hands the pipeline (:mod:`analysis.corpus.pipeline`) the
:class:`Corpus`; the pipeline adds its ``meta`` (hash, settings).
"""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._core.tables import str_from_utf8, utf8
from ..tokens import code_dtype as _code_dtype
from ..tokens import merge_sorted, normalize, remap_codes, vocabulary
from .voices import SENTENCE_VOICES, VOICES

__all__ = ["Corpus", "Run", "assemble", "assemble_run"]


@dataclass(frozen=True)
class Corpus:
    """Tidy tables of one corpus. Build with :func:`analysis.corpus.load_corpus`; never mutated.

    Attributes
    ----------
    documents, sentences, tokens, residue, quotes : DataFrame
        The tables (see the README's "The tables" and :mod:`analysis.corpus`).
    folder : Path
        The corpus folder.
    meta : dict
        ``sha256`` (:func:`analysis.corpus.corpus_hash`) and ``min_quote_tokens``.
    """

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    residue: pd.DataFrame
    quotes: pd.DataFrame
    folder: Path
    meta: dict = field(default_factory=dict)

    def raw(self, doc_id: str) -> str:
        """The raw text of one document, exactly as read from its file."""
        return self.documents.loc[self.documents.doc_id == doc_id, "raw"].iloc[0]

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return (
            f"Corpus({self.folder}: {len(self.documents)} documents, "
            f"{len(self.sentences)} sentences, {len(self.tokens)} tokens)"
        )


def _codes(categories: list, values) -> np.ndarray:
    """The codes of ``values`` in ``categories`` (every value is one of them)."""
    index = {c: k for k, c in enumerate(categories)}
    return np.asarray([index[v] for v in values], dtype=_code_dtype(len(categories)))


def _block(runs: list[Run], names: list[str], dtype) -> np.ndarray:
    """The token columns ``names`` (all cast to ``dtype``) of the runs, concatenated straight
    from their pieces into the rows of one 2-D array, the block pandas keeps them in (a
    frame built from separate columns would copy them all once more to form that block).
    The column ``"i"`` is each document's 0, 1, 2, …"""
    rows = sum(int(r.tok_lens.sum()) for r in runs)
    block = np.empty((len(names), rows), dtype=dtype)
    for row, name in zip(block, names):
        if name == "i":
            at = 0
            for k in itertools.chain.from_iterable(r.tok_lens.tolist() for r in runs):
                row[at:at + k] = np.arange(k, dtype=dtype)
                at += k
        else:
            np.concatenate([a for r in runs for a in r.pieces[name]], out=row, casting="safe")
    return block


#: The documents' text columns (kept as UTF-8 buffers until the table is made).
TEXTS = ("raw", "text")
#: The tokens' columns a run keeps as the documents' own arrays (concatenated once, into the
#: table, by :func:`assemble`; :meth:`Run.pack` joins them first when the run is to be sent).
_TOKEN_PIECES = ("sent_id", "para_id", "start", "end", "voice")
#: The sentences' numeric columns, concatenated over the documents of a run.
_SENTENCE_ARRAYS = ("para_id", "start", "end", "is_heading", "voice", "n_tokens")


@dataclass
class Run:
    """The per-document parts of consecutive documents, concatenated: what one loading
    process hands on (plain arrays and short lists: cheap to pickle, as buffers), and what
    :func:`assemble` makes the tables of. Made by :func:`assemble_run`.

    The ``token``, ``norm`` and ``speaker`` codes point into the run's own sorted
    ``types``, ``norms`` and ``speakers``; :func:`assemble` merges them into the corpus-wide
    sorted categories. Texts are :func:`analysis._core.tables.utf8` buffers.
    """

    columns: list[str]  # the documents-table columns, in order
    records: list[dict]  # the documents-table records without the texts
    texts: dict[str, tuple]  # "raw", "text" -> utf8 buffers
    tok_lens: np.ndarray  # tokens per document
    n_quoted: np.ndarray  # quoted tokens per document
    pieces: dict[str, list[np.ndarray]]  # _TOKEN_PIECES: per document, or one array once packed
    token: np.ndarray
    types: list[str]
    norm: np.ndarray
    norms: list[str]
    speaker: np.ndarray
    speakers: list[str]
    sent_lens: np.ndarray  # sentences per document
    sentences: dict[str, np.ndarray]  # _SENTENCE_ARRAYS
    sent_texts: dict[str, tuple]  # "speaker", "text" -> utf8 buffers
    residue: list[dict]
    quotes: list[dict]
    mapping: object = None  # the memory map its arrays are on (a child's run): closed once it is freed

    def pack(self) -> Run:
        """Join each of the per-document pieces into one array (in place; for sending: a
        few large buffers instead of one small array per document)."""
        for name, arrays in self.pieces.items():
            if len(arrays) != 1:
                self.pieces[name] = [np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int32)]
        return self


def assemble_run(results: list[dict]) -> Run:
    """Concatenate the parts of consecutive documents (:func:`analysis.corpus.document.load_document`
    of each, in manifest order) into a :class:`Run`: the columns, the run's sorted vocabularies
    and the texts as UTF-8. The heavy half of assembling, done by each loading process for
    its own documents."""
    docs = [r["document"] for r in results]
    tok = [r["tokens"] for r in results]
    sent = [r["sentences"] for r in results]
    tok_lens = np.asarray([len(p["token"]) for p in tok], dtype=np.int64)
    token, types, norm, norms = _vocabulary_codes(tok)
    speaker, speakers = _speaker_codes(tok)
    return Run(
        columns=list(docs[0]) if docs else [],
        records=[{k: v for k, v in d.items() if k not in TEXTS} for d in docs],
        texts={c: utf8([d[c] for d in docs]) for c in TEXTS},
        tok_lens=tok_lens,
        n_quoted=np.asarray([np.count_nonzero(p["voice"]) for p in tok], dtype=np.int64),
        pieces={c: [p[c] for p in tok] for c in _TOKEN_PIECES},
        token=token, types=types, norm=norm, norms=norms,
        speaker=speaker, speakers=speakers,
        sent_lens=np.asarray([len(p["start"]) for p in sent], dtype=np.int64),
        sentences={c: _column(sent, c) for c in _SENTENCE_ARRAYS},
        sent_texts={c: utf8(list(itertools.chain.from_iterable(p[c] for p in sent))) for c in ("speaker", "text")},
        residue=[x for r in results for x in r["residue"]],
        quotes=[x for r in results for x in r["quotes"]],
    )


def assemble(folder: Path, runs: list[Run]) -> Corpus:
    """The corpus tables from the :class:`Run` s of its documents (in manifest order).

    Every column is concatenated once and every categorical is built from codes, with
    corpus-wide categories: documents and groups in manifest order, one sorted vocabulary
    of tokens and of norms, the speakers some token has. The tables do not depend on how
    the documents were divided into runs (one run per loading process).

    Parameters
    ----------
    folder : Path
        The corpus folder (``Corpus.folder``).
    runs : list of Run
        :func:`assemble_run` of consecutive documents, in manifest order.

    Returns
    -------
    Corpus
        With empty ``meta`` (the pipeline fills it in).
    """
    with _Pool(len(runs)) as pool:  # the large columns of several runs built side by side
        heavy = {  # the texts first: they cost little (one chunk per run; only a child's copied)
            **{c: pool.submit(_texts, runs, "texts", c) for c in TEXTS},
            **{"sentence " + c: pool.submit(_texts, runs, "sent_texts", c) for c in ("speaker", "text")},
            "positions": pool.submit(_block, runs, ["i", "sent_id", "para_id"], np.int32),
            "offsets": pool.submit(_block, runs, ["start", "end"], np.int64),
            **{c: pool.submit(_merged_codes, runs, c, cats)
               for c, cats in (("token", "types"), ("norm", "norms"), ("speaker", "speakers"))},
            "voice": pool.submit(_joined_pieces, runs, "voice"),
        }
        # first what needs none of them (this thread works while the pool does)
        documents = pd.DataFrame([x for r in runs for x in r.records])
        keys = _Keys(documents)
        documents["doc_id"] = documents.doc_id.astype(keys.doc_cat)
        documents["group"] = documents.group.astype(keys.group_cat)
        residue_df = pd.DataFrame([x for r in runs for x in r.residue], columns=["doc_id", "start", "end", "rule", "kind", "text"])
        residue_df["doc_id"] = residue_df.doc_id.astype(keys.doc_cat)
        residue_df = residue_df.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
        quotes_df = pd.DataFrame([x for r in runs for x in r.quotes],
                                 columns=["doc_id", "para_id", "start", "end", "n_tokens", "voice", "speaker", "how"])
        quotes_df["doc_id"] = quotes_df.doc_id.astype(keys.doc_cat)
        documents["n_tokens"] = _joined(runs, "tok_lens")
        documents["n_quoted_tokens"] = _joined(runs, "n_quoted")
        documents["n_sentences"] = _joined(runs, "sent_lens")
        documents["n_residue_chars"] = documents.doc_id.map(
            (residue_df.end - residue_df.start).groupby(residue_df.doc_id, observed=False).sum()
        ).fillna(0).astype(int)
        sentences = _sentences_table(runs, keys, heavy)
        tokens = _tokens_table(runs, keys, heavy)
        _insert_texts(documents, runs, heavy)
    return Corpus(documents, sentences, tokens, residue_df, quotes_df, Path(folder))


def _joined(runs: list[Run], name: str) -> np.ndarray:
    """The runs' arrays ``name`` end to end (one run's as it is: no copy)."""
    arrays = [getattr(r, name) for r in runs]
    return arrays[0] if len(arrays) == 1 else np.concatenate(arrays)


class _Pool:
    """Threads for building the large columns of several runs at once (NumPy's copies and
    gathers, and page faults, run without the GIL); one run: no threads, each built on
    ``result()``, in this thread."""

    def __init__(self, n_runs: int):
        self.executor = None
        if n_runs > 1:
            from concurrent.futures import ThreadPoolExecutor

            self.executor = ThreadPoolExecutor(max_workers=min(n_runs, available_cpus()))

    def submit(self, fn, *args):
        if self.executor is not None:
            return self.executor.submit(fn, *args)
        return _Later(fn, args)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)


class _Later:
    def __init__(self, fn, args):
        self.fn, self.args = fn, args

    def result(self):
        return self.fn(*self.args)


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the OS has one)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _insert_texts(documents: pd.DataFrame, runs: list[Run], heavy: dict) -> None:
    """Put the text columns in their places among the documents' columns (pandas' str
    dtype, made by Arrow from the UTF-8)."""
    columns = next((r.columns for r in runs if r.columns), [])
    for c in TEXTS if len(documents) else ():
        documents.insert(columns.index(c), c, heavy[c].result())


class _Keys:
    """The ``doc_id`` and ``group`` categories (manifest order) and each document's group."""

    def __init__(self, documents: pd.DataFrame):
        self.doc_ids = list(documents.doc_id)
        groups = list(dict.fromkeys(documents.group))
        self.doc_cat = pd.CategoricalDtype(self.doc_ids)
        self.group_cat = pd.CategoricalDtype(groups)
        self.doc_group = _codes(groups, list(documents.group))

    def columns(self, lens: np.ndarray) -> tuple[pd.Categorical, pd.Categorical]:
        """The ``doc_id`` and ``group`` columns of a table with ``lens[k]`` rows for document k."""
        n = len(self.doc_ids)
        return (pd.Categorical.from_codes(np.repeat(np.arange(n, dtype=_code_dtype(n)), lens), dtype=self.doc_cat),
                pd.Categorical.from_codes(np.repeat(self.doc_group, lens), dtype=self.group_cat))


def _column(parts: list[dict], name: str) -> np.ndarray:
    return np.concatenate([p[name] for p in parts])


def _tokens_table(runs: list[Run], keys: _Keys, heavy: dict) -> pd.DataFrame:
    """The tokens table: keys, positions, the vocabulary columns, voices and speakers, offsets."""
    tok_doc, tok_group = keys.columns(_joined(runs, "tok_lens"))
    (token, token_cat), (norm, norm_cat), (speaker, speaker_cat) = (heavy[c].result() for c in ("token", "norm", "speaker"))
    return pd.concat(
        [
            pd.DataFrame({"doc_id": tok_doc, "group": tok_group}, copy=False),
            pd.DataFrame(heavy["positions"].result().T, columns=["i", "sent_id", "para_id"], copy=False),
            pd.DataFrame(
                {
                    # (codes made from positions in their categories: not checked again)
                    "token": pd.Categorical.from_codes(token, dtype=token_cat, validate=False),
                    "norm": pd.Categorical.from_codes(norm, dtype=norm_cat, validate=False),
                    "voice": pd.Categorical.from_codes(heavy["voice"].result(), categories=list(VOICES)),
                    "speaker": pd.Categorical.from_codes(speaker, dtype=speaker_cat, validate=False),
                },
                copy=False,
            ),
            pd.DataFrame(heavy["offsets"].result().T, columns=["start", "end"], copy=False),
        ],
        axis=1,
    )


def _texts(runs: list[Run], where: str, name: str):
    """The str column of the runs' UTF-8 texts ``name`` (:func:`str_from_utf8`: a chunk per
    run). A run on a memory map (a child's hand-over) has its buffers copied: the column
    outlives the map, which is closed once the tables are made."""
    parts = [getattr(r, where)[name] for r in runs]
    return str_from_utf8([tuple(np.array(a) for a in p) if r.mapping is not None else p for r, p in zip(runs, parts)])


def _joined_pieces(runs: list[Run], name: str) -> np.ndarray:
    return np.concatenate([a for r in runs for a in r.pieces[name]])


def _merged_codes(runs: list[Run], codes: str, categories: str) -> tuple[np.ndarray, pd.CategoricalDtype]:
    """The runs' codes ``codes`` into their own sorted ``categories``, as codes into the sorted
    union of those (one run: as they are), and the categorical dtype of that union (made
    here: in a thread of :func:`assemble`'s pool, beside the rest)."""
    if len(runs) == 1:
        return getattr(runs[0], codes), pd.CategoricalDtype(getattr(runs[0], categories))
    merged, places = merge_sorted([getattr(r, categories) for r in runs])
    dtype = _code_dtype(len(merged))
    out = np.empty(sum(len(getattr(r, codes)) for r in runs), dtype=dtype)
    at = 0
    for r, where in zip(runs, places):
        part = getattr(r, codes)
        if not len(where) or where[-1] == len(where) - 1:  # its items come first: its codes stay
            out[at:at + len(part)] = part
        else:
            remap_codes(where.astype(dtype), part, out[at:at + len(part)])
        at += len(part)
    return out, pd.CategoricalDtype(merged)


def _vocabulary_codes(parts: list[dict]) -> tuple[np.ndarray, list[str], np.ndarray, list[str]]:
    """The ``token`` and ``norm`` codes of the documents ``parts`` and their sorted categories:
    one vocabulary for them all, from the documents' own types (pandas' hash table over
    them: no Python loop over tokens)."""
    codes_all, types = vocabulary([(part["token"], part["types"]) for part in parts])  # each token's type
    norms = [normalize(t) for t in types]
    norm_types = sorted(set(norms))
    norm_of_type = _codes(norm_types, norms)
    order = np.argsort(np.asarray(types, dtype=object), kind="stable")
    remap = np.empty(len(types), dtype=_code_dtype(len(types)))
    remap[order] = np.arange(len(types))
    return remap[codes_all], [types[k] for k in order], norm_of_type[codes_all], norm_types


def _speaker_codes(parts: list[dict]) -> tuple[np.ndarray, list[str]]:
    """Every token's speaker code and the categories: each part codes its tokens' speakers
    into its own list; the categories are the speakers some token has, sorted."""
    used = set()
    for p in parts:
        if len(p["speaker"]):
            used.update(p["speakers"][k] for k in (np.unique(p["speaker"]) if len(p["speakers"]) > 1 else [0]))
    speakers = sorted(used)
    spk_index = {s: k for k, s in enumerate(speakers)}
    spk_dtype = _code_dtype(len(speakers))
    speaker = np.concatenate(  # every token's speaker is one some token has: no -1
        [np.asarray([spk_index.get(s, -1) for s in p["speakers"]], dtype=spk_dtype)[p["speaker"]] for p in parts])
    return speaker, speakers


def _sentences_table(runs: list[Run], keys: _Keys, heavy: dict) -> pd.DataFrame:
    """The sentences table."""
    s_lens = _joined(runs, "sent_lens")
    s_doc, s_group = keys.columns(s_lens)
    text_columns = {c: heavy["sentence " + c].result() for c in ("speaker", "text")}
    if (s_lens == 0).any():
        # the tables used to be concatenated from one frame per document, and a document
        # without sentences gave untyped (float64) empty columns: pandas then made these
        # columns object (float64 if no document has sentences); keep those dtypes
        text_columns = {k: pd.Series(v.tolist(), dtype=object if s_lens.any() else np.float64)
                        for k, v in text_columns.items()}
    columns = {c: np.concatenate([r.sentences[c] for r in runs]) if len(runs) > 1 else runs[0].sentences[c]
               for c in _SENTENCE_ARRAYS}
    return pd.DataFrame(
        {
            "doc_id": s_doc,
            "group": s_group,
            "sent_id": np.concatenate([np.arange(k, dtype=np.int32) for k in s_lens.tolist()]),
            "para_id": columns["para_id"],
            "start": columns["start"],
            "end": columns["end"],
            "is_heading": columns["is_heading"],
            "voice": pd.Categorical.from_codes(columns["voice"], dtype=pd.CategoricalDtype(list(SENTENCE_VOICES))),
            "speaker": text_columns["speaker"],
            "n_tokens": columns["n_tokens"],
            "text": text_columns["text"],
        },
        copy=False,
    )
