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
from pathlib import Path

import numpy as np
import pandas as pd

from ..tokens import TOKEN_RE, encode
from .cleaning import blank, clean_text
from .errors import CorpusError
from .segment import split_sentences
from .voices import attribute, doc_overrides, paragraph_voices, quote_override, quote_spans

__all__ = ["load_document", "process_document"]


def load_document(folder: Path, row: dict, rules, overrides: pd.DataFrame, min_quote_tokens: int = 4) -> dict:
    """Read, check and process one manifest row; the unit of work of :func:`load_corpus`.

    Returns a dict with ``document`` (the documents-table record), ``tokens``,
    ``sentences``, ``residue`` and ``quotes`` parts. Raises :class:`CorpusError` naming
    the file (and manifest line) for a hash mismatch, bad encoding or empty document.
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
    raw = _decode_text(path, data, row.get("encoding", ""))
    try:
        out = process_document(row["doc_id"], row["group"], raw, rules, overrides, folder, min_quote_tokens)
    except CorpusError as exc:
        if str(path) in str(exc) or "voices.csv" in str(exc):
            raise
        raise CorpusError(f"{path} (manifest line {row['line']}): " + str(exc).split(": ", 1)[-1]) from None
    d = dict(row)
    d.pop("line")
    d.update(sha256=digest, raw=raw, text=out["clean"], n_chars=len(raw), n_paragraphs=out["n_paragraphs"])
    return dict(document=d, tokens=out["tokens"], sentences=out["sentences"], residue=out["residue"], quotes=out["quotes"])


def _decode_text(path: Path, data: bytes, encoding: str) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise CorpusError(f"{path}: cannot decode as declared encoding {encoding!r}: {exc}") from None
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




def _code(codes: dict[str, int], name: str) -> int:
    """The code of ``name`` in ``codes`` (name -> code, in order of first use), adding it if new."""
    return codes.setdefault(name, len(codes))


def process_document(doc_id, group, raw, rules, overrides, folder, min_quote_tokens):
    """Clean, structure and tokenize one document and give every token its voice.

    Returns a dict with the ``clean`` text, ``n_paragraphs``, the ``residue`` and ``quotes``
    records, and the ``tokens`` and ``sentences`` parts as columns (arrays and lists) that
    :func:`analysis.corpus.tables.assemble` concatenates over the corpus. Voices are codes into ``VOICES``
    (tokens) and ``SENTENCE_VOICES`` (sentences); token speakers are codes into the part's
    own ``speakers`` list (``""`` first).

    The work is done per document with arrays: the paragraph of every token is one
    ``searchsorted``, and only paragraphs with quotation marks go through the quote logic.
    """
    residue, clean = clean_text(doc_id, raw, rules)
    if not TOKEN_RE.search(clean):
        what = "is empty" if not raw.strip() else "has no words left after cleaning"
        raise CorpusError(f"{folder / '(manifest)'}: document {doc_id!r} {what}")
    paras, markup = paragraph_voices(doc_id, clean, overrides, folder / "voices.csv")
    work = blank(clean, [(m["start"], m["end"]) for m in markup])
    # the tokens as codes into this document's types (first appearance order): one Python
    # string per type, not per token, lives until the corpus is assembled
    tstarts, tends, local, types = encode(work)
    toks = None  # the tokens as strings: made when a quotation's speaker is first attributed
    n = len(local)
    # paragraphs (disjoint, in text order): each token's paragraph, voice and speaker
    speakers = {"": 0}  # speaker -> code, for this document's tokens
    p_start = np.fromiter((p.start for p in paras), dtype=np.int64, count=len(paras))
    p_end = np.fromiter((p.end for p in paras), dtype=np.int64, count=len(paras))
    p_voice = np.fromiter((p.voice == "quoted" for p in paras), dtype=np.int8, count=len(paras))
    p_speaker = np.fromiter((_code(speakers, p.speaker) if p.voice == "quoted" else 0 for p in paras),
                            dtype=np.int32, count=len(paras))
    p_lo, p_hi = np.searchsorted(tstarts, p_start), np.searchsorted(tstarts, p_end)  # token ranges
    para_id = np.searchsorted(p_start, tstarts, side="right") - 1
    if n and ((para_id < 0) | (tstarts >= p_end[para_id])).any():  # cannot happen: every token lies in a paragraph
        raise AssertionError(f"{doc_id}: token outside every paragraph")
    voice = p_voice[para_id]  # 0 author, 1 quoted
    speaker = p_speaker[para_id]
    # sentences and quotations, paragraph by paragraph
    s_para, s_start, s_end, s_heading = [], [], [], []
    quote_rows = []
    qov = doc_overrides(overrides, doc_id, "quote")
    used_q = set()
    for pid, p in enumerate(paras):
        if p.source_line:  # markup (blanked in work): no sentences, no quotations
            continue
        a = p.label[1] if p.label else p.start
        sents = split_sentences(work, a, p.end)
        qspans = quote_spans(work, a, p.end) if p.voice == "author" else []
        if qspans:
            # the paragraph's tokens outside every quotation (the spans are disjoint, in order)
            q = np.asarray(qspans, dtype=np.int64)
            pt = tstarts[p_lo[pid] : p_hi[pid]]
            k = np.searchsorted(q[:, 0], pt, side="right") - 1
            outside = p_lo[pid] + np.flatnonzero((k < 0) | (pt >= q[k, 1]))
        for qa, qb in qspans:
            q_lo, q_hi = np.searchsorted(tstarts, [qa, qb])
            ntok = int(q_hi - q_lo)
            inner = work[qa + 1 : qb].lstrip()
            row = quote_override(inner, qov, used_q)
            if row is not None:
                qv, how = row.voice, "override"
                spk = (row.speaker or "unknown") if qv == "quoted" else ""
            elif ntok >= min_quote_tokens:
                qv, how = "quoted", "quotation marks"
                over = [(sa, sb) for sa, sb in sents if sa < qb and qa < sb] or [(qa, qb)]
                lo, hi = np.searchsorted(outside, np.searchsorted(tstarts, [over[0][0], over[-1][1]]))
                if toks is None:
                    toks = [types[c] for c in local.tolist()]
                spk = attribute(toks, outside[lo:hi].tolist())
            else:
                qv, how, spk = "author", f"short (<{min_quote_tokens} tokens): scare quote or mention", ""
            quote_rows.append(dict(doc_id=doc_id, para_id=pid, start=qa, end=qb, n_tokens=ntok, voice=qv, speaker=spk, how=how))
            if qv == "quoted":
                voice[q_lo:q_hi] = 1
                speaker[q_lo:q_hi] = _code(speakers, spk)
        s_para += [pid] * len(sents)
        s_start += [sa for sa, _ in sents]
        s_end += [sb for _, sb in sents]
        s_heading += [p.heading] * len(sents)
    for r in qov:
        if r.line not in used_q:
            raise CorpusError(f"{folder / 'voices.csv'}, line {r.line}, field 'anchor': {r.anchor!r} matches no quotation in {doc_id}")
    # sentences: their tokens, voice (0 author, 1 quoted, 2 mixed) and speakers
    s_para = np.asarray(s_para, dtype=np.int32)
    s_start = np.asarray(s_start, dtype=np.int64)
    s_end = np.asarray(s_end, dtype=np.int64)
    sent_id = np.searchsorted(s_start, tstarts, side="right") - 1
    n_tok = np.bincount(sent_id, minlength=len(s_start))
    n_q = np.bincount(sent_id, weights=voice, minlength=len(s_start)).astype(int)
    s_voice = np.where(n_q == 0, 0, np.where(n_q == n_tok, 1, 2))
    s_voice = np.where(n_tok == 0, p_voice[s_para], s_voice).astype(np.int8)  # no tokens: the paragraph's voice
    s_speaker = [""] * len(s_start)
    quoted = voice == 1
    if quoted.any():  # the distinct speakers of each sentence's quoted tokens, sorted, "; "-joined
        names = sorted(speakers)
        rank = np.empty(len(names), dtype=np.int64)
        rank[[speakers[s] for s in names]] = np.arange(len(names))
        pairs = np.unique(sent_id[quoted].astype(np.int64) * len(names) + rank[speaker[quoted]])
        by_sent: dict[int, list[str]] = {}
        for k, r in zip((pairs // len(names)).tolist(), (pairs % len(names)).tolist()):
            by_sent.setdefault(k, []).append(names[r])
        for k, ns in by_sent.items():
            s_speaker[k] = "; ".join(ns)
    sentences = dict(
        para_id=s_para, start=s_start, end=s_end, is_heading=np.asarray(s_heading, dtype=bool), voice=s_voice,
        speaker=s_speaker, n_tokens=n_tok.astype(np.int32),
        text=[raw[a:b] for a, b in zip(s_start.tolist(), s_end.tolist())],
    )
    offset = np.int32 if len(raw) < 2**31 else np.int64  # char offsets: half the memory until assembled
    tokens = dict(
        sent_id=sent_id.astype(np.int32), para_id=para_id.astype(np.int32),
        start=tstarts.astype(offset), end=tends.astype(offset), token=local, types=types,
        voice=voice, speaker=speaker, speakers=list(speakers),
    )
    for r in residue + markup:
        r["text"] = raw[r["start"] : r["end"]]
    return dict(clean=clean, tokens=tokens, sentences=sentences, residue=residue + markup, quotes=quote_rows,
                n_paragraphs=len(paras))
