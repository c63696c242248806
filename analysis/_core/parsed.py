"""Walking a dependency parse: one parsed sentence as lists, its tokens' children and
subtrees, and the tokens that make up a raw character span. Shared by attribution, roles and
naming (analysis.syntax makes the parse table these read)."""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["ParsedSentence", "parse_columns", "iter_sentences", "span_tokens", "head_of"]


class ParsedSentence:
    """One parsed sentence from the parse table (its rows for one doc_id, sent_id): token
    texts, lemmas (lower-cased), parts of speech, dependency labels, heads, raw offsets, our
    token index per spaCy token, and each token's children."""

    def __init__(self, rows: pd.DataFrame | None = None, *, columns: dict | None = None, span: tuple[int, int] | None = None):
        """From the parse rows of one sentence, or from :func:`parse_columns` and a row range."""
        if rows is not None:
            columns, span = parse_columns(rows), (0, len(rows))
        a, b = span
        self.text = columns["text"][a:b]
        self.lemma = columns["lemma"][a:b]
        self.pos = columns["pos"][a:b]
        self.tag = columns["tag"][a:b]
        self.dep = columns["dep"][a:b]
        self.head = columns["head"][a:b]
        self.start = columns["start"][a:b]
        self.end = columns["end"][a:b]
        self.i = columns["i"][a:b]
        self.children: list[list[int]] = [[] for _ in self.text]
        for k, h in enumerate(self.head):
            if h != k:
                self.children[h].append(k)

    def kids(self, k: int, *deps: str) -> list[int]:
        return [c for c in self.children[k] if self.dep[c] in deps]

    def subtree(self, k: int) -> list[int]:
        out, stack = [], [k]
        while stack:
            x = stack.pop()
            out.append(x)
            stack.extend(self.children[x])
        return sorted(out)

    def phrase(self, k: int) -> str:
        """The noun phrase headed by ``k`` without its clauses and prepositional phrases."""
        keep, stack = [], [k]
        while stack:
            x = stack.pop()
            keep.append(x)
            stack.extend(c for c in self.children[x] if self.dep[c] in ("compound", "amod", "det", "poss", "case", "flat", "nmod"))
        return " ".join(self.text[x] for x in sorted(keep))

    def name(self, k: int) -> str:
        """A source's name: the surname of a person (last word of a name), else the phrase."""
        if self.pos[k] == "PROPN":
            return self.text[k]
        words = [self.text[x] for x in sorted(self.kids(k, "compound", "amod", "det", "poss", "case"))] + [self.text[k]]
        return " ".join(w for w in words if w.lower() not in ("the", "a", "an"))


def span_tokens(rows_start: np.ndarray, rows_end: np.ndarray, a: int, b: int) -> list[int]:
    """Positions (k) of the parsed tokens inside the raw span [a, b), or overlapping it if none is inside."""
    inside = np.flatnonzero((rows_start >= a) & (rows_end <= b))
    if len(inside) == 0:
        inside = np.flatnonzero((rows_start < b) & (rows_end > a))
    return inside.tolist()


def head_of(s: "ParsedSentence", ks: list[int]) -> int:
    """The syntactic head of the tokens ``ks``: the first whose head lies outside them."""
    ks_set = set(ks)
    for k in ks:
        if int(s.head[k]) not in ks_set or int(s.head[k]) == k:
            return k
    return ks[0]


def parse_columns(parse: pd.DataFrame) -> dict:
    """The parse table's columns as plain lists and arrays (lemmas lower-cased), for fast
    per-sentence work; see :func:`iter_sentences`."""
    return {"text": parse.text.tolist(), "lemma": [x.lower() for x in parse.lemma.tolist()], "pos": parse.pos.tolist(),
            "tag": parse.tag.tolist(), "dep": parse.dep.tolist(), "head": parse["head"].tolist(),
            "start": parse.start.to_numpy(), "end": parse.end.to_numpy(), "i": parse.i.to_numpy()}


def iter_sentences(parse: pd.DataFrame):
    """(doc_id, sent_id, :class:`ParsedSentence`) for each sentence of a parse table (its rows
    consecutive, as :func:`parse` returns them)."""
    if parse.empty:
        return
    cols = parse_columns(parse)
    doc = parse.doc_id.astype(str).to_numpy()
    sid = parse.sent_id.to_numpy()
    cut = np.flatnonzero((doc[1:] != doc[:-1]) | (sid[1:] != sid[:-1])) + 1
    bounds = np.r_[0, cut, len(parse)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        yield doc[a], int(sid[a]), ParsedSentence(columns=cols, span=(int(a), int(b)))
