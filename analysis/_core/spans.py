"""The search: patterns × the token index → matched token spans, sorted as the hits table.

:func:`find_spans` is the matching of :func:`analysis.matcher.match` without building the
hits table: positions in index order, category and pattern codes. The matcher builds its
table from them, and the concordance cuts its lines from them directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from ..tokens import HYPHENS
from .index import Index, token_index
from .options import check_option
from .patterns import Pattern, Patterns, compile_pattern, pattern_spec

__all__ = ["Spans", "find_spans", "overlaps", "part_offsets", "VOICES"]

#: Valid values of the ``voice`` filter.
VOICES = (None, "author", "quoted")


@dataclass(frozen=True)
class Spans:
    """The matches of :func:`analysis.matcher.match` as positions in index order, sorted as the hits table."""

    idx: "Index | None"  # None when there are no tokens or no patterns
    st: np.ndarray  # first token position
    en: np.ndarray  # one past the last token position
    cc: np.ndarray  # category code
    pc: np.ndarray  # pattern code
    patterns: list[str]
    categories: list[str]
    pt: np.ndarray | None = None  # part number inside a hyphenated token (-1: the whole span); None: all whole


def find_spans(corpus, patterns: Patterns, *, case_sensitive: bool, diacritic_sensitive: bool, voice,
               exclude, parts: bool = True) -> Spans:
    """The matching of :func:`analysis.matcher.match` (same arguments), without building the table."""
    check_option("voice", voice, VOICES)
    spec = pattern_spec(patterns)
    categories = list(dict.fromkeys(cat for cat, _ in spec))
    if len(categories) != len(spec):
        merged: dict[str, list[str]] = {}
        for cat, pats in spec:
            merged.setdefault(cat, []).extend(pats)
        spec = list(merged.items())
    pattern_names = list(dict.fromkeys(p for _, pats in spec for p in pats))
    compiled = {p: compile_pattern(p, case_sensitive=case_sensitive, diacritic_sensitive=diacritic_sensitive) for p in pattern_names}
    # exclusions per category
    excl: dict[str, list[str]] = {}
    if exclude is not None:
        if isinstance(exclude, Mapping):
            unknown = [k for k in exclude if k not in categories]
            if unknown:
                raise ValueError(
                    f"exclude: unknown categor{'y' if len(unknown) == 1 else 'ies'} {unknown}; "
                    f"valid categories: {categories}"
                )
            excl = {k: ([v] if isinstance(v, str) else list(v)) for k, v in exclude.items()}
        else:
            pats = [exclude] if isinstance(exclude, str) else list(exclude)
            excl = {cat: pats for cat in categories}
    excl_compiled = {
        p: compile_pattern(p, case_sensitive=case_sensitive, diacritic_sensitive=diacritic_sensitive)
        for pats in excl.values() for p in pats
    }
    tokens = corpus.tokens
    if len(tokens) == 0 or not pattern_names:
        empty = np.zeros(0, dtype=np.int64)
        return Spans(None, empty, empty, empty, empty, pattern_names, categories)
    idx = token_index(tokens, case_sensitive, diacritic_sensitive)
    pat_code = {p: k for k, p in enumerate(pattern_names)}
    found: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def find(p: str, comp: Pattern) -> np.ndarray:
        return find_with_parts(p, comp)[0]

    def find_with_parts(p: str, comp: Pattern) -> tuple[np.ndarray, np.ndarray]:
        """Start positions of ``p`` and the part number of each (-1: a whole-token or phrase
        match; k: the k-th part of a hyphenated token, "Kosovo" in "Kosovo-Serbia")."""
        if p not in found:
            whole = idx.find(comp)
            ppos, pnum = idx.find_parts(comp, whole) if parts else (whole[:0], whole[:0])
            pos = np.concatenate([whole, ppos])
            num = np.concatenate([np.full(len(whole), -1, dtype=np.int64), pnum])
            o = np.lexsort((num, pos))
            found[p] = (pos[o], num[o])
        return found[p]

    s_parts, e_parts, c_parts, p_parts, t_parts = [], [], [], [], []
    for c, (cat, pats) in enumerate(spec):
        cs, ce, cp, ct = [], [], [], []
        for p in pats:
            st, pt = find_with_parts(p, compiled[p])
            cs.append(st)
            ce.append(st + len(compiled[p]))
            cp.append(np.full(len(st), pat_code[p], dtype=np.int64))
            ct.append(pt)
        st, en, pc, pt = _first_pattern_per_span(cs, ce, cp, ct)
        if excl.get(cat) and len(st):
            xs = [find(q, excl_compiled[q]) for q in excl[cat]]
            xe = [a + len(excl_compiled[q]) for q, a in zip(excl[cat], xs)]
            keep = ~overlaps(st, en, np.concatenate(xs), np.concatenate(xe))
            st, en, pc, pt = st[keep], en[keep], pc[keep], pt[keep]
        s_parts.append(st)
        e_parts.append(en)
        p_parts.append(pc)
        t_parts.append(pt)
        c_parts.append(np.full(len(st), c, dtype=np.int64))
    st, en = np.concatenate(s_parts), np.concatenate(e_parts)
    cc, pc, pt = np.concatenate(c_parts), np.concatenate(p_parts), np.concatenate(t_parts)
    if voice is not None and len(st):
        vcodes = tokens["voice"].cat.codes.to_numpy()
        if idx.order is not None:
            vcodes = vcodes[idx.order]
        want = list(tokens["voice"].cat.categories).index(voice) if voice in tokens["voice"].cat.categories else -2
        keep = vcodes[st] == want
        st, en, cc, pc, pt = st[keep], en[keep], cc[keep], pc[keep], pt[keep]
    o = np.lexsort((pc, cc, en, st))
    return Spans(idx, st[o], en[o], cc[o], pc[o], pattern_names, categories, pt[o])


def _first_pattern_per_span(cs: list, ce: list, cp: list, ct: list) -> tuple:
    """One category's spans (start, end, pattern code, part number), one row per span: where
    several patterns match the same span, the first pattern in the given order wins."""
    st, en, pc, pt = np.concatenate(cs), np.concatenate(ce), np.concatenate(cp), np.concatenate(ct)
    if len(cs) > 1 and len(st):
        rank = np.concatenate([np.full(len(a), r, dtype=np.int64) for r, a in enumerate(cs)])
        o = np.lexsort((rank, en, st))
        st, en, pc, pt = st[o], en[o], pc[o], pt[o]
        keep = np.ones(len(st), dtype=bool)
        keep[1:] = (st[1:] != st[:-1]) | (en[1:] != en[:-1])
        st, en, pc, pt = st[keep], en[keep], pc[keep], pt[keep]
    return st, en, pc, pt


def overlaps(st: np.ndarray, en: np.ndarray, xs: np.ndarray, xe: np.ndarray) -> np.ndarray:
    """Does span ``[st, en)`` share a token with any span ``[xs, xe)``? (vectorised)

    The exclusion spans are merged into disjoint sorted runs; a span overlaps some run
    iff it overlaps the last run starting before its end (runs are disjoint and sorted,
    so an earlier overlapping run implies the last one overlaps too).
    """
    if not len(xs):
        return np.zeros(len(st), dtype=bool)
    o = np.argsort(xs, kind="stable")
    xs, xe = xs[o], xe[o]
    reach = np.maximum.accumulate(xe)
    new_run = np.ones(len(xs), dtype=bool)
    new_run[1:] = xs[1:] >= reach[:-1]  # a run starts where no earlier span reaches
    run_start = xs[new_run]
    run_end = np.maximum.reduceat(xe, np.flatnonzero(new_run))
    k = np.searchsorted(run_start, en, side="left") - 1
    return (k >= 0) & (run_end[np.maximum(k, 0)] > st)


def part_offsets(texts, base: np.ndarray, start: np.ndarray, end: np.ndarray, part: np.ndarray):
    """Char offsets of the matched part of each hyphenated token (``part`` ≥ 0; the others are
    kept): the token's text (from ``texts``, a raw or display buffer of
    :mod:`analysis._core.texts`, ``base`` its documents' bases) split at its hyphens (the
    tokenizer's: any of ``-`` ``‐`` ``‑``)."""
    start, end = start.copy(), end.copy()
    rows = np.flatnonzero(part >= 0)
    words = texts.strings(texts.locate(base[rows] + start[rows]), texts.locate(base[rows] + end[rows]))
    for r, word, k in zip(rows.tolist(), words, part[rows].tolist()):
        cuts = [0] + [n + 1 for n, ch in enumerate(word) if ch in HYPHENS] + [len(word) + 1]
        a, b = cuts[k], cuts[k + 1] - 1
        end[r] = start[r] + b
        start[r] = start[r] + a
    return start, end
