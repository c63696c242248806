"""One document through the pipeline: read, clean, find paragraphs and voices, tokenize,
split sentences, find quotations and give every token its voice and speaker.

Owns the unit of work every loading path shares (:func:`load_document`: one manifest row
→ one document's parts) and the order of the per-document steps
(:func:`process_document`): cleaning (:mod:`.cleaning`) → paragraphs and block voices
(:mod:`.voices`, on :mod:`.segment`'s paragraphs) → tokens (:func:`analysis.tokens.encode`)
→ sentences (:func:`.segment.split_sentences`) and quotations (:mod:`.voices`) paragraph
by paragraph → the sentence and token columns.

Hands :func:`analysis.corpus.tables.assemble` one dict of parts per document: the
documents-table record, the ``tokens`` and ``sentences`` parts as columns (arrays and
lists, voices and speakers as codes), and the ``residue`` and ``quotes`` records.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..tokens import INVISIBLE_RE, TOKEN_RE, encode, has_invisible
from .cleaning import Rule, blank, clean_text
from .errors import CorpusError
from .segment import split_sentences
from .voices import Para, attribute, doc_overrides, has_quote_marks, paragraph_voices, quote_override, quote_spans

__all__ = ["load_document", "process_document"]


def load_document(folder: Path, row: dict, rules: list[Rule], overrides: pd.DataFrame, min_quote_tokens: int = 4) -> dict:
    """Read, check and process one manifest row; the unit of work of every loading path
    (:func:`analysis.corpus.load_corpus`, and the Dask workers of
    :func:`analysis.scale.load_corpus_dask`).

    Parameters
    ----------
    folder : Path
        The corpus folder.
    row : dict
        One row of :func:`analysis.corpus.manifest.read_manifest` (with its ``line``).
    rules : list of Rule
        :func:`analysis.corpus.cleaning.load_rules` of the folder.
    overrides : DataFrame
        :func:`analysis.corpus.voices.load_overrides` of the folder.
    min_quote_tokens : int, default 4
        As for :func:`analysis.corpus.load_corpus`.

    Returns
    -------
    dict
        ``document`` (the documents-table record: the manifest row, ``sha256``, ``raw``,
        ``text``, ``n_chars``, ``n_paragraphs``) and the ``tokens``, ``sentences``,
        ``residue`` and ``quotes`` parts of :func:`process_document`.

    Raises
    ------
    CorpusError
        Naming the file (and manifest line) for a hash mismatch, bad encoding or empty
        document, or ``voices.csv`` for an override that matches nothing.
    """
    folder = Path(folder)
    path = folder / row["file"]
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if row.get("sha256") and row["sha256"].lower() != digest:
        raise CorpusError(
            f"{folder / 'manifest.csv'}, line {row['line']}, field 'sha256': {row['file']} has sha256 {digest}, "
            f"the manifest says {row['sha256']}"
        )
    raw = _decode_text(path, data, row.get("encoding", ""), row["line"])
    try:
        out = process_document(row["doc_id"], row["group"], raw, rules, overrides, folder, min_quote_tokens)
    except CorpusError as exc:
        if str(path) in str(exc) or "voices.csv" in str(exc) or "cleaning.yaml" in str(exc):
            raise
        raise CorpusError(f"{path} (manifest line {row['line']}): " + str(exc).split(": ", 1)[-1]) from None
    d = dict(row)
    d.pop("line")
    d.update(sha256=digest, raw=raw, text=out["clean"], n_chars=len(raw), n_paragraphs=out["n_paragraphs"])
    return dict(document=d, tokens=out["tokens"], sentences=out["sentences"], residue=out["residue"], quotes=out["quotes"])


_SURROGATE = re.compile("[\ud800-\udfff]")


def _decode_text(path: Path, data: bytes, encoding: str, line: int) -> str:
    """The file's text: in its declared encoding, else UTF-8 (a UTF-16 byte-order mark or
    invalid UTF-8 is a :class:`CorpusError` naming the byte offset and line; so is a declared
    encoding that is unknown, fails, or gives a lone surrogate, which is no character)."""
    if encoding:
        try:
            text = data.decode(encoding)
        except (UnicodeError, LookupError, TypeError, ValueError) as exc:
            raise CorpusError(f"{path}: cannot decode as declared encoding {encoding!r}: {exc}") from None
        if not isinstance(text, str):  # a codec that gives no text
            raise CorpusError(f"{path} (manifest line {line}), field 'encoding': {encoding!r} is not a text encoding")
        bad = _SURROGATE.search(text)
        if bad:
            k = bad.start()
            raise CorpusError(
                f"{path} (manifest line {line}), field 'encoding': decoding as {encoding!r} gives a lone surrogate "
                f"U+{ord(text[k]):04X} at character {k} (line {text.count(chr(10), 0, k) + 1}); fix the file or its "
                "declared encoding")
        return text
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(
            f"{path}: UTF-16 byte-order mark; save the file as UTF-8 or declare "
            "encoding=utf-16 in the manifest's 'encoding' column"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            f"{path}: not valid UTF-8 at byte offset {exc.start} (line {line}, byte "
            f"0x{data[exc.start]:02x}); save it as UTF-8 or declare its encoding in the manifest's 'encoding' column"
        ) from None


_LONE_CR = re.compile("\r(?!\n)")


def _with_lone_crs(raw: str, clean: str) -> str:
    """``clean`` (made from ``raw`` with each lone CR read as LF) with the file's lone CRs back:
    the clean text keeps the file's own line breaks."""
    pieces, pos = [], 0
    for m in _LONE_CR.finditer(raw):
        pieces += [clean[pos:m.start()], "\r"]
        pos = m.end()
    pieces.append(clean[pos:])
    return "".join(pieces)


def _invisible(doc_id: str, raw: str, work: str) -> list[dict]:
    """Residue records (``kind="invisible"``, rule ``invisible-format``) of the invisible format
    characters (:data:`analysis.tokens.INVISIBLE`) not already left out: listed and counted,
    never blanked, so the word around one stays one token (a leading byte-order mark is
    listed by :func:`analysis.corpus.cleaning.clean_text`)."""
    if not has_invisible(raw):
        return []
    return [dict(doc_id=doc_id, start=k, end=k + 1, rule="invisible-format", kind="invisible")
            for k in (m.start() for m in INVISIBLE_RE.finditer(raw)) if work[k] == raw[k]]


def _code(codes: dict[str, int], name: str) -> int:
    """The code of ``name`` in ``codes`` (name -> code, in order of first use), adding it if new."""
    return codes.setdefault(name, len(codes))


def process_document(doc_id: str, group: str, raw: str, rules: list[Rule], overrides: pd.DataFrame, folder: Path,
                     min_quote_tokens: int) -> dict:
    """Clean, structure and tokenize one document and give every token its voice.

    The steps, in order: the cleaning rules (:func:`analysis.corpus.cleaning.clean_text`);
    paragraphs with the voice of their block, and the markup of labels and source lines
    (:func:`analysis.corpus.voices.paragraph_voices`), blanked; the tokens, each with its
    paragraph's voice and speaker (:class:`_Tokens`); sentences and quotations,
    paragraph by paragraph (:func:`_sentences_and_quotations`); the sentences' columns
    (:func:`_sentence_columns`).

    Parameters
    ----------
    doc_id, group : str
        The document's manifest fields.
    raw : str
        Its text as read from the file.
    rules : list of Rule
        The cleaning rules (:func:`analysis.corpus.cleaning.load_rules`).
    overrides : DataFrame
        The voice overrides (:func:`analysis.corpus.voices.load_overrides`).
    folder : Path
        The corpus folder (for messages).
    min_quote_tokens : int
        Quotations shorter than this stay author voice.

    Returns
    -------
    dict
        The ``clean`` text, ``n_paragraphs``, the ``residue`` and ``quotes`` records, and
        the ``tokens`` and ``sentences`` parts as columns (arrays and lists) that
        :func:`analysis.corpus.tables.assemble` concatenates over the corpus. Voices are
        codes into ``VOICES`` (tokens) and ``SENTENCE_VOICES`` (sentences); token speakers
        are codes into the part's own ``speakers`` list (``""`` first).

    Raises
    ------
    CorpusError
        An empty document (or one without words after cleaning); an override whose
        anchor matches no paragraph or quotation.

    Notes
    -----
    The work is done per document with arrays: the paragraph of every token is one
    ``searchsorted``, and only paragraphs with quotation marks go through the quote logic.
    """
    text = _LONE_CR.sub("\n", raw) if "\r" in raw else raw  # a lone CR is a line break: one character for one
    residue, clean = clean_text(doc_id, text, rules)
    if not TOKEN_RE.search(clean):
        what = "is empty" if not raw.strip() else "has no words left after cleaning"
        raise CorpusError(f"{folder / '(manifest)'}: document {doc_id!r} {what}")
    paras, markup = paragraph_voices(doc_id, clean, overrides, folder / "voices.csv")
    work = blank(clean, [(m["start"], m["end"]) for m in markup])
    tok = _Tokens(doc_id, work, paras)
    spans, quote_rows = _sentences_and_quotations(doc_id, work, paras, tok, overrides, folder, min_quote_tokens)
    sentences, sent_id = _sentence_columns(raw, spans, tok)
    offset = np.int32 if len(raw) < 2**31 else np.int64  # char offsets: half the memory until assembled
    tokens = dict(
        sent_id=sent_id.astype(np.int32), para_id=tok.para_id.astype(np.int32),
        start=tok.starts.astype(offset), end=tok.ends.astype(offset), token=tok.codes, types=tok.types,
        voice=tok.voice, speaker=tok.speaker, speakers=list(tok.speakers),
    )
    residue += _invisible(doc_id, raw, work)
    for r in residue + markup:
        r["text"] = raw[r["start"] : r["end"]]
    if text is not raw:
        clean = _with_lone_crs(raw, clean)
    return dict(clean=clean, tokens=tokens, sentences=sentences, residue=residue + markup, quotes=quote_rows,
                n_paragraphs=len(paras))


class _Tokens:
    """The tokens of one document while it is processed, each with its paragraph, voice and
    speaker.

    ``starts``, ``ends``: char offsets; ``codes``: codes into this document's ``types``
    (first appearance order: one Python string per type, not per token, lives until the
    corpus is assembled); ``para_id``; ``voice`` (0 author, 1 quoted) and ``speaker``
    (codes into ``speakers``, ``""`` first), the paragraph's to begin with, changed for
    the tokens of quoted quotations (:func:`_quotations`). ``p_lo``, ``p_hi``: each
    paragraph's token range; ``p_voice``: each paragraph's voice code.
    """

    def __init__(self, doc_id: str, work: str, paras: list[Para]):
        self.starts, self.ends, self.codes, self.types = encode(work)
        # paragraphs (disjoint, in text order): each token's paragraph, voice and speaker
        self.speakers = {"": 0}  # speaker -> code, for this document's tokens
        tstarts = self.starts
        p_start = np.fromiter((p.start for p in paras), dtype=np.int64, count=len(paras))
        p_end = np.fromiter((p.end for p in paras), dtype=np.int64, count=len(paras))
        self.p_voice = np.fromiter((p.voice == "quoted" for p in paras), dtype=np.int8, count=len(paras))
        p_speaker = np.fromiter((_code(self.speakers, p.speaker) if p.voice == "quoted" else 0 for p in paras),
                                dtype=np.int32, count=len(paras))
        self.p_lo, self.p_hi = np.searchsorted(tstarts, p_start), np.searchsorted(tstarts, p_end)  # token ranges
        para_id = np.searchsorted(p_start, tstarts, side="right") - 1
        if len(self.codes) and ((para_id < 0) | (tstarts >= p_end[para_id])).any():  # cannot happen: every token lies in a paragraph
            raise AssertionError(f"{doc_id}: token outside every paragraph")
        self.para_id = para_id
        self.voice = self.p_voice[para_id]  # 0 author, 1 quoted
        self.speaker = p_speaker[para_id]

    def words(self, idx: np.ndarray) -> dict[int, str]:
        """The tokens at ``idx`` as strings, by index (only those: a speaker is looked for
        among a few sentences' tokens)."""
        types = self.types
        return dict(zip(idx.tolist(), [types[c] for c in self.codes[idx].tolist()]))

    def mark_quoted(self, lo: int, hi: int, speaker: str) -> None:
        """Tokens ``lo:hi`` are quoted voice, spoken by ``speaker``."""
        self.voice[lo:hi] = 1
        self.speaker[lo:hi] = _code(self.speakers, speaker)


def _sentences_and_quotations(doc_id: str, work: str, paras: list[Para], tok: _Tokens, overrides: pd.DataFrame,
                              folder: Path, min_quote_tokens: int) -> tuple[tuple[list, list, list, list], list[dict]]:
    """Sentences and quotations, paragraph by paragraph (source lines have neither).

    Returns the sentences' paragraph, start, end and heading flag (lists, in text order)
    and the quotation records; the tokens of quoted quotations are marked in ``tok``.
    Raises :class:`CorpusError` for a quote override that matches no quotation.
    """
    s_para, s_start, s_end, s_heading = [], [], [], []
    quote_rows = []
    qov = doc_overrides(overrides, doc_id, "quote")
    used_q = set()
    marks = has_quote_marks(work)  # else no paragraph has a quotation
    for pid, p in enumerate(paras):
        if p.source_line:  # markup (blanked in work): no sentences, no quotations
            continue
        a = p.label[1] if p.label else p.start
        sents = split_sentences(work, a, p.end)
        qspans = quote_spans(work, a, p.end) if marks and p.voice == "author" else []
        if qspans:
            quote_rows += _quotations(doc_id, pid, work, qspans, sents, tok, (qov, used_q, folder / "voices.csv"),
                                      min_quote_tokens)
        s_para += [pid] * len(sents)
        s_start += [sa for sa, _ in sents]
        s_end += [sb for _, sb in sents]
        s_heading += [p.heading] * len(sents)
    for r in qov:
        if r.line not in used_q:
            raise CorpusError(f"{folder / 'voices.csv'}, line {r.line}, field 'anchor': {r.anchor!r} matches no quotation in {doc_id}")
    return (s_para, s_start, s_end, s_heading), quote_rows


def _quotations(doc_id: str, pid: int, work: str, qspans: list[tuple[int, int]], sents: list[tuple[int, int]],
                tok: _Tokens, overrides: tuple[list[tuple], set[int], Path], min_quote_tokens: int) -> list[dict]:
    """The quotations of one author paragraph, each with its voice, speaker and how they were
    decided (an override, quotation marks around at least ``min_quote_tokens`` tokens, or a
    short quotation that stays author voice); the tokens of quoted ones are marked in ``tok``.

    A quotation's speaker comes from the paragraph's tokens outside every quotation, in
    the sentences it overlaps (:func:`analysis.corpus.voices.attribute`). ``overrides``: the
    document's quote overrides, the lines used so far, and ``voices.csv`` (for messages).
    """
    qov, used_q, vpath = overrides
    tstarts = tok.starts
    # the paragraph's tokens outside every quotation (the spans are disjoint, in order)
    q = np.asarray(qspans, dtype=np.int64)
    pt = tstarts[tok.p_lo[pid] : tok.p_hi[pid]]
    k = np.searchsorted(q[:, 0], pt, side="right") - 1
    outside = tok.p_lo[pid] + np.flatnonzero((k < 0) | (pt >= q[k, 1]))
    rows = []
    for qa, qb in qspans:
        q_lo, q_hi = np.searchsorted(tstarts, [qa, qb])
        ntok = int(q_hi - q_lo)
        inner = work[qa + 1 : qb].lstrip()
        row = quote_override(inner, qov, used_q, path=vpath, where=f"the quotation at character {qa} of {doc_id!r}")
        if row is not None:
            qv, how = row.voice, "override"
            spk = (row.speaker or "unknown") if qv == "quoted" else ""
        elif ntok >= min_quote_tokens:
            qv, how = "quoted", "quotation marks"
            over = [(sa, sb) for sa, sb in sents if sa < qb and qa < sb] or [(qa, qb)]
            lo, hi = np.searchsorted(outside, np.searchsorted(tstarts, [over[0][0], over[-1][1]]))
            idx = outside[lo:hi]
            spk = attribute(tok.words(idx), idx.tolist())
        else:
            qv, how, spk = "author", f"short (<{min_quote_tokens} tokens): scare quote or mention", ""
        rows.append(dict(doc_id=doc_id, para_id=pid, start=qa, end=qb, n_tokens=ntok, voice=qv, speaker=spk, how=how))
        if qv == "quoted":
            tok.mark_quoted(q_lo, q_hi, spk)
    return rows


def _sentence_columns(raw: str, spans: tuple[list, list, list, list], tok: _Tokens) -> tuple[dict, np.ndarray]:
    """The sentences part (columns) and each token's sentence.

    A sentence's voice is 0 author, 1 quoted or 2 mixed, from its tokens' voices (the
    paragraph's voice when it has no tokens); its speaker, the distinct speakers of its
    quoted tokens (:func:`_sentence_speakers`).
    """
    s_para, s_start, s_end, s_heading = spans
    s_para = np.asarray(s_para, dtype=np.int32)
    s_start = np.asarray(s_start, dtype=np.int64)
    s_end = np.asarray(s_end, dtype=np.int64)
    sent_id = np.searchsorted(s_start, tok.starts, side="right") - 1
    n_tok = np.bincount(sent_id, minlength=len(s_start))
    n_q = np.bincount(sent_id, weights=tok.voice, minlength=len(s_start)).astype(int)
    s_voice = np.where(n_q == 0, 0, np.where(n_q == n_tok, 1, 2))
    s_voice = np.where(n_tok == 0, tok.p_voice[s_para], s_voice).astype(np.int8)  # no tokens: the paragraph's voice
    sentences = dict(
        para_id=s_para, start=s_start, end=s_end, is_heading=np.asarray(s_heading, dtype=bool), voice=s_voice,
        speaker=_sentence_speakers(sent_id, tok, len(s_start)), n_tokens=n_tok.astype(np.int32),
        text=[raw[a:b] for a, b in zip(s_start.tolist(), s_end.tolist())],
    )
    return sentences, sent_id


def _sentence_speakers(sent_id: np.ndarray, tok: _Tokens, n_sentences: int) -> list[str]:
    """Each sentence's speakers: the distinct speakers of its quoted tokens, sorted and
    ``"; "``-joined (``""`` when it has none)."""
    s_speaker = [""] * n_sentences
    quoted = tok.voice == 1
    if quoted.any():
        speakers = tok.speakers
        names = sorted(speakers)
        rank = np.empty(len(names), dtype=np.int64)
        rank[[speakers[s] for s in names]] = np.arange(len(names))
        pairs = np.unique(sent_id[quoted].astype(np.int64) * len(names) + rank[tok.speaker[quoted]])
        by_sent: dict[int, list[str]] = {}
        for k, r in zip((pairs // len(names)).tolist(), (pairs % len(names)).tolist()):
            by_sent.setdefault(k, []).append(names[r])
        for k, ns in by_sent.items():
            s_speaker[k] = "; ".join(ns)
    return s_speaker
