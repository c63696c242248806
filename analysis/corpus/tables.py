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
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .._core.tables import str_array
from ..tokens import code_dtype as _code_dtype
from ..tokens import normalize, vocabulary
from .voices import SENTENCE_VOICES, VOICES

__all__ = ["Corpus", "assemble"]


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


def _block(parts: list[dict], names: list[str], dtype, *, i: list[int] | None = None) -> pd.DataFrame:
    """The columns ``names`` (all cast to ``dtype``) of the per-document ``parts``, concatenated
    straight into the rows of one 2-D array, the block pandas keeps them in (a frame built
    from separate columns would copy them all once more to form that block). With ``i``
    (the documents' lengths), the column ``"i"`` is each document's 0, 1, 2, …"""
    rows = sum(len(p[[n for n in names if n != "i"][0]]) for p in parts)
    block = np.empty((len(names), rows), dtype=dtype)
    for row, name in zip(block, names):
        if name == "i" and i is not None:
            at = 0
            for k in i:
                row[at:at + k] = np.arange(k, dtype=dtype)
                at += k
        else:
            np.concatenate([p[name] for p in parts], out=row, casting="safe")
    return pd.DataFrame(block.T, columns=names, copy=False)


def assemble(folder: Path, docs: list[dict], tok_parts: list[dict], sent_parts: list[dict], residue: list[dict],
             quotes: list[dict]) -> Corpus:
    """The corpus tables from the per-document parts (in manifest order).

    Every column is concatenated once and every categorical is built from codes, with
    corpus-wide categories: documents and groups in manifest order, one sorted vocabulary
    of tokens and of norms, the speakers some token has.

    Parameters
    ----------
    folder : Path
        The corpus folder (``Corpus.folder``).
    docs : list of dict
        The documents-table records (``document`` of
        :func:`analysis.corpus.document.load_document`).
    tok_parts, sent_parts : list of dict
        The ``tokens`` and ``sentences`` parts of
        :func:`analysis.corpus.document.process_document`, one per document.
    residue, quotes : list of dict
        Every document's residue and quotation records.

    Returns
    -------
    Corpus
        With empty ``meta`` (the pipeline fills it in).
    """
    documents = _documents_table(docs)
    keys = _Keys(documents)
    documents["doc_id"] = documents.doc_id.astype(keys.doc_cat)
    documents["group"] = documents.group.astype(keys.group_cat)
    tokens = _tokens_table(tok_parts, keys)
    sentences = _sentences_table(sent_parts, keys)
    residue_df = pd.DataFrame(residue, columns=["doc_id", "start", "end", "rule", "kind", "text"])
    residue_df["doc_id"] = residue_df.doc_id.astype(keys.doc_cat)
    residue_df = residue_df.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    quotes_df = pd.DataFrame(quotes, columns=["doc_id", "para_id", "start", "end", "n_tokens", "voice", "speaker", "how"])
    quotes_df["doc_id"] = quotes_df.doc_id.astype(keys.doc_cat)
    documents["n_tokens"] = np.asarray([len(p["token"]) for p in tok_parts], dtype=np.int64)
    documents["n_quoted_tokens"] = np.asarray([np.count_nonzero(p["voice"]) for p in tok_parts], dtype=np.int64)
    documents["n_sentences"] = np.asarray([len(p["start"]) for p in sent_parts], dtype=np.int64)
    documents["n_residue_chars"] = documents.doc_id.map(
        (residue_df.end - residue_df.start).groupby(residue_df.doc_id, observed=False).sum()
    ).fillna(0).astype(int)
    return Corpus(documents, sentences, tokens, residue_df, quotes_df, Path(folder))


def _documents_table(docs: list[dict]) -> pd.DataFrame:
    """The documents table from the records (``doc_id`` and ``group`` still str)."""
    # the texts are converted to pandas' str dtype by Arrow, not element by element
    texts = {c: str_array([d[c] for d in docs]) for c in ("raw", "text")} if docs else {}
    documents = pd.DataFrame([{k: v for k, v in d.items() if k not in texts} for d in docs])
    for c, values in texts.items():
        documents.insert(list(docs[0]).index(c), c, values)
    return documents


class _Keys:
    """The ``doc_id`` and ``group`` categories (manifest order) and each document's group."""

    def __init__(self, documents: pd.DataFrame):
        self.doc_ids = list(documents.doc_id)
        groups = list(dict.fromkeys(documents.group))
        self.doc_cat = pd.CategoricalDtype(self.doc_ids)
        self.group_cat = pd.CategoricalDtype(groups)
        self.doc_group = _codes(groups, list(documents.group))

    def columns(self, lens: list[int]) -> tuple[pd.Categorical, pd.Categorical]:
        """The ``doc_id`` and ``group`` columns of a table with ``lens[k]`` rows for document k."""
        n = len(self.doc_ids)
        return (pd.Categorical.from_codes(np.repeat(np.arange(n, dtype=_code_dtype(n)), lens), dtype=self.doc_cat),
                pd.Categorical.from_codes(np.repeat(self.doc_group, lens), dtype=self.group_cat))


def _column(parts: list[dict], name: str) -> np.ndarray:
    return np.concatenate([p[name] for p in parts])


def _tokens_table(parts: list[dict], keys: _Keys) -> pd.DataFrame:
    """The tokens table: keys, positions, the vocabulary columns, voices and speakers, offsets."""
    lens = [len(part["token"]) for part in parts]
    token, norm = _vocabulary_columns(parts)
    speaker, speakers = _speaker_codes(parts)
    tok_doc, tok_group = keys.columns(lens)
    return pd.concat(
        [
            pd.DataFrame({"doc_id": tok_doc, "group": tok_group}, copy=False),
            _block(parts, ["i", "sent_id", "para_id"], np.int32, i=lens),
            pd.DataFrame(
                {
                    "token": token,
                    "norm": norm,
                    "voice": pd.Categorical.from_codes(_column(parts, "voice"), categories=list(VOICES)),
                    "speaker": pd.Categorical.from_codes(speaker, categories=speakers),
                },
                copy=False,
            ),
            _block(parts, ["start", "end"], np.int64),
        ],
        axis=1,
    )


def _vocabulary_columns(parts: list[dict]) -> tuple[pd.Categorical, pd.Categorical]:
    """The ``token`` and ``norm`` columns: one vocabulary for the whole corpus, from the
    documents' own types (pandas' hash table over them: no Python loop over tokens); the
    categories sorted."""
    codes_all, types = vocabulary([(part["token"], part["types"]) for part in parts])  # each token's type
    norms = [normalize(t) for t in types]
    norm_types = sorted(set(norms))
    norm_of_type = _codes(norm_types, norms)
    order = np.argsort(np.asarray(types, dtype=object), kind="stable")
    remap = np.empty(len(types), dtype=_code_dtype(len(types)))
    remap[order] = np.arange(len(types))
    token_types = [types[k] for k in order]
    return (pd.Categorical.from_codes(remap[codes_all], categories=token_types),
            pd.Categorical.from_codes(norm_of_type[codes_all], categories=norm_types))


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
    speaker = np.concatenate(  # -1: a name no token has
        [np.asarray([spk_index.get(s, -1) for s in p["speakers"]], dtype=spk_dtype)[p["speaker"]] for p in parts])
    return speaker, speakers


def _sentences_table(parts: list[dict], keys: _Keys) -> pd.DataFrame:
    """The sentences table."""
    s_lens = [len(p["start"]) for p in parts]
    s_doc, s_group = keys.columns(s_lens)
    text_columns = dict(speaker=list(itertools.chain.from_iterable(p["speaker"] for p in parts)),
                        text=list(itertools.chain.from_iterable(p["text"] for p in parts)))
    if 0 in s_lens:
        # the tables used to be concatenated from one frame per document, and a document
        # without sentences gave untyped (float64) empty columns: pandas then made these
        # columns object (float64 if no document has sentences); keep those dtypes
        text_columns = {k: pd.Series(v, dtype=object if any(s_lens) else np.float64) for k, v in text_columns.items()}
    else:
        text_columns = {k: str_array(v) for k, v in text_columns.items()}
    return pd.DataFrame(
        {
            "doc_id": s_doc,
            "group": s_group,
            "sent_id": np.concatenate([np.arange(k, dtype=np.int32) for k in s_lens]),
            "para_id": _column(parts, "para_id"),
            "start": _column(parts, "start"),
            "end": _column(parts, "end"),
            "is_heading": _column(parts, "is_heading"),
            "voice": pd.Categorical.from_codes(_column(parts, "voice"), dtype=pd.CategoricalDtype(list(SENTENCE_VOICES))),
            "speaker": text_columns["speaker"],
            "n_tokens": _column(parts, "n_tokens"),
            "text": text_columns["text"],
        },
        copy=False,
    )
