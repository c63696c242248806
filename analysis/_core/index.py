"""The token index: folded types, an inverted index and sentence continuity of a tokens table.

Folding is computed once per unique token type; each pattern element is evaluated over
the types (dictionary lookup for a literal word, one compiled regex over the types for a
glob or ``re:`` pattern); the inverted index (token positions sorted by type) gives the
positions of a form, and sentence continuity (``cont``) lets a phrase be checked at
shifted positions with numpy. There is no Python loop over tokens.

:func:`token_index` builds the index of a tokens table once per folding option and caches
it with :func:`analysis._core.memo.memo` (identity and content version of the table).
"""

from __future__ import annotations

import bisect
import weakref
from functools import cached_property

import numpy as np
import pandas as pd

from ..tokens import HYPHENS, fold
from .memo import memo
from .patterns import Pattern, element_regex, forms_matching

__all__ = ["Index", "token_index", "CORPUS_CAPITALISED"]

#: ``tokens.attrs`` key of a tokens table that is part of a larger corpus (a partition of
#: :class:`analysis.partitioned.PartitionedCorpus`): the corpus's hyphenated types written with
#: a capital part. Which parts of a hyphenated form are names is decided over every token of
#: the form in the whole corpus ("Peace-Keeping" in one document makes "peace" a part of
#: "peace-keeping" everywhere), so a partition must see the spellings of the other partitions.
CORPUS_CAPITALISED = "corpus_capitalised_hyphenated_types"


def fold_hyphens(text: str) -> str:
    """``text`` with every hyphen the tokenizer joins words with written as ``-``."""
    for h in HYPHENS[1:]:
        text = text.replace(h, "-")
    return text


class Index:
    """Folded types, an inverted index and sentence continuity of one tokens table."""

    def __init__(self, tokens: pd.DataFrame, case_sensitive: bool, diacritic_sensitive: bool):
        doc = tokens["doc_id"].cat.codes.to_numpy()
        i = tokens["i"].to_numpy()
        n = len(tokens)
        order = None
        if n > 1:
            in_order = (doc[1:] > doc[:-1]) | ((doc[1:] == doc[:-1]) & (i[1:] > i[:-1]))
            if not in_order.all():
                order = np.lexsort((i, doc))
        self.order = order  # row positions in (doc, i) order, or None when already sorted
        take = (lambda a: a) if order is None else (lambda a: a[order])
        self.doc = take(doc)
        self.i = take(i)
        self.sent = take(tokens["sent_id"].to_numpy())
        self.n = n
        self.n_docs = len(tokens["doc_id"].cat.categories)
        if not case_sensitive and not diacritic_sensitive:
            forms = list(tokens["norm"].cat.categories)
            codes = take(tokens["norm"].cat.codes.to_numpy())
        else:
            types = tokens["token"].cat.categories
            folded = [fold(t, case=not case_sensitive, diacritics=not diacritic_sensitive) for t in types]
            index: dict[str, int] = {}
            form_of_type = np.fromiter((index.setdefault(f, len(index)) for f in folded), dtype=np.int64, count=len(folded))
            forms = list(index)
            codes = form_of_type[take(tokens["token"].cat.codes.to_numpy())] if n else np.zeros(0, np.int64)
        self.forms = forms
        self.form_index = {f: k for k, f in enumerate(forms)}
        # positions and form codes fit 32 bits below 2**31 tokens: half the memory of int64
        self.codes = np.asarray(codes, dtype=np.int32 if max(n, len(forms)) < 2**31 else np.int64)
        # cont[p]: token p and p + 1 are consecutive words of one sentence
        if n > 1:
            self.cont = (self.doc[1:] == self.doc[:-1]) & (self.sent[1:] == self.sent[:-1]) & (self.i[1:] == self.i[:-1] + 1)
        else:
            self.cont = np.zeros(0, dtype=bool)
        self._fmask: dict[tuple[str, str], np.ndarray] = {}
        self._tokens = weakref.ref(tokens)
        self._fold = (case_sensitive, diacritic_sensitive)

    @cached_property
    def by_form(self) -> np.ndarray:
        """Token positions grouped by form, ascending within a form (the inverted index).

        A stable argsort of ``codes``, computed as one sort of the unique keys
        ``code * n + position`` (numpy's vectorised sort of int64 values is several
        times faster than a stable argsort).
        """
        n = np.int64(max(self.n, 1))
        key = self.codes.astype(np.int64)  # in place from here: one int64 array at a time
        key *= n
        key += np.arange(self.n, dtype=np.int64)
        key.sort()
        key %= n
        return key.astype(self.codes.dtype)

    @cached_property
    def offsets(self) -> np.ndarray:
        """``by_form[offsets[k]:offsets[k + 1]]`` are the positions of form ``k``."""
        return np.concatenate([[0], np.cumsum(np.bincount(self.codes, minlength=len(self.forms)))])

    @cached_property
    def _sorted_forms(self) -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
        """The forms sorted, and sorted reversed (for glob prefixes / suffixes), with their form ids."""
        by_prefix = sorted(range(len(self.forms)), key=self.forms.__getitem__)
        by_suffix = sorted(range(len(self.forms)), key=lambda k: self.forms[k][::-1])
        return ([self.forms[k] for k in by_prefix], np.asarray(by_prefix, dtype=np.int64),
                [self.forms[k][::-1] for k in by_suffix], np.asarray(by_suffix, dtype=np.int64))

    def _glob_candidates(self, el: str) -> np.ndarray | None:
        """Form ids that can match glob ``el`` by its literal prefix (or suffix), or ``None``
        when it has neither (every form is a candidate)."""
        cut = min(k for k in (el.find("*"), el.find("?")) if k >= 0)
        prefix = el[:cut]
        tail = max(el.rfind("*"), el.rfind("?"))
        suffix = el[tail + 1:]
        if not prefix and not suffix:
            return None
        fwd, fwd_ids, rev, rev_ids = self._sorted_forms
        lit, keys, ids = (prefix, fwd, fwd_ids) if len(prefix) >= len(suffix) else (suffix[::-1], rev, rev_ids)
        lo = bisect.bisect_left(keys, lit)
        hi = lo
        while hi < len(keys) and keys[hi].startswith(lit):
            hi += 1
        return ids[lo:hi]

    @cached_property
    def doc_bounds(self) -> np.ndarray:
        """Document ``d`` (doc_id category code) is positions ``[doc_bounds[d], doc_bounds[d + 1])``."""
        return np.searchsorted(self.doc, np.arange(self.n_docs + 1))

    @cached_property
    def big(self) -> np.int64:
        """A multiplier making ``doc * big + i`` a sorted, unique position key."""
        return np.int64((int(self.i.max()) if self.n else 0) + 2)

    @cached_property
    def key(self) -> np.ndarray:
        """``doc * big + i`` per token in index order (sorted): hits → positions by searchsorted."""
        return self.doc.astype(np.int64) * self.big + self.i

    @cached_property
    def sent_key(self) -> np.ndarray:
        """A sorted key of (doc, sentence) per token in index order."""
        sbig = np.int64(int(self.sent.max()) + 2 if self.n else 1)
        return self.doc.astype(np.int64) * sbig + self.sent

    @cached_property
    def offsets_in_order(self) -> tuple[np.ndarray, np.ndarray]:
        """Raw char ``start`` and ``end`` of each token, in index order."""
        tokens = self._tokens()
        starts, ends = tokens["start"].to_numpy(), tokens["end"].to_numpy()
        if self.order is not None:
            starts, ends = starts[self.order], ends[self.order]
        return starts, ends

    def form_mask(self, kind: str, el: str, case_sensitive: bool) -> np.ndarray:
        """Boolean over the folded forms: which ones element ``el`` matches."""
        key = (kind, el)
        m = self._fmask.get(key)
        if m is None:
            m = np.zeros(len(self.forms), dtype=bool)
            rx = element_regex(kind, el, case_sensitive)
            if rx is None:
                k = self.form_index.get(el)
                if k is not None:
                    m[k] = True
            elif self.forms:
                cand = self._glob_candidates(el) if kind == "words" else None
                if cand is None:
                    m = np.asarray(forms_matching(rx, self.forms, user=kind == "regex"), dtype=bool)
                else:
                    forms = self.forms
                    m[cand[[rx.fullmatch(forms[k]) is not None for k in cand.tolist()]] if len(cand) else cand] = True
            self._fmask[key] = m
        return m

    @cached_property
    def _capitalised_parts(self) -> dict[int, set[int]]:
        """Form id → the numbers of its hyphen parts written with a capital in some token of
        that form ("Kosovo-Serbia": 0 and 1; "Chancellor-elect": 0; "co-operation": none)."""
        tokens = self._tokens()
        if tokens is None:
            return {}
        hyph = {k for k, f in enumerate(self.forms) if "-" in f}
        if not hyph:
            return {}
        types = tokens["token"].cat.categories
        tcodes = tokens["token"].cat.codes.to_numpy()
        fcodes = self.codes if self.order is None else self.codes[np.argsort(self.order)]
        pairs = np.unique(tcodes.astype(np.int64) * (len(self.forms) + 1) + fcodes)
        out: dict[int, set[int]] = {}
        for t, f in zip((pairs // (len(self.forms) + 1)).tolist(), (pairs % (len(self.forms) + 1)).tolist()):
            if f in hyph:
                written = fold_hyphens(str(types[t])).split("-")
                out.setdefault(f, set()).update(n for n, w in enumerate(written) if w[:1].isupper())
        case, diacritics = self._fold
        for t in tokens.attrs.get(CORPUS_CAPITALISED, ()):  # a partition: the rest of the corpus's spellings
            f = self.form_index.get(fold(t, case=not case, diacritics=not diacritics))
            if f in hyph:
                written = fold_hyphens(t).split("-")
                out.setdefault(f, set()).update(n for n, w in enumerate(written) if w[:1].isupper())
        return out

    @cached_property
    def parts(self) -> tuple[np.ndarray, np.ndarray, list[str]]:
        """The parts of hyphenated forms that are names ("kosovo-serbia" → "kosovo", "serbia"):
        form id, part number and part string of every part written with a capital (a lower-case
        part is not a word of its own: "co-operation" is not "operation")."""
        caps = self._capitalised_parts
        form_ids, numbers, strings = [], [], []
        for k, f in enumerate(self.forms):
            if "-" in f:
                for n, part in enumerate(f.split("-")):
                    if part and n in caps.get(k, ()):
                        form_ids.append(k)
                        numbers.append(n)
                        strings.append(part)
        return np.asarray(form_ids, dtype=np.int64), np.asarray(numbers, dtype=np.int64), strings

    def part_mask(self, kind: str, el: str, case_sensitive: bool) -> np.ndarray:
        """Boolean over :attr:`parts`: which parts element ``el`` matches (an element that holds a
        hyphen itself names a whole compound and matches no part)."""
        key = ("part", kind, el)
        m = self._fmask.get(key)
        if m is None:
            _, _, strings = self.parts
            if "-" in el or not strings:
                m = np.zeros(len(strings), dtype=bool)
            else:
                rx = element_regex(kind, el, case_sensitive)
                m = (np.fromiter((part == el for part in strings), dtype=bool, count=len(strings)) if rx is None
                     else np.asarray(forms_matching(rx, strings, user=kind == "regex"), dtype=bool))
            self._fmask[key] = m
        return m

    def find_parts(self, pat: Pattern, whole: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(positions, part numbers) where a one-element pattern matches a part of a hyphenated
        token but not the whole token (``whole``: the positions it matches whole), sorted."""
        if len(pat) != 1:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        m = self.part_mask(pat.kind, pat.elements[0], pat.case_sensitive)
        form_ids, numbers, _ = self.parts
        pos, num = [], []
        for k, n in zip(form_ids[m].tolist(), numbers[m].tolist()):
            at = self.by_form[self.offsets[k]: self.offsets[k + 1]].astype(np.int64)
            pos.append(at)
            num.append(np.full(len(at), n, dtype=np.int64))
        if not pos:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        pos, num = np.concatenate(pos), np.concatenate(num)
        keep = ~np.isin(pos, whole)
        pos, num = pos[keep], num[keep]
        o = np.lexsort((num, pos))
        return pos[o], num[o]

    def positions(self, fmask: np.ndarray) -> np.ndarray:
        """Sorted token positions whose form is in ``fmask``."""
        ks = np.flatnonzero(fmask)
        if len(ks) == 0:
            return np.zeros(0, dtype=np.int64)
        if len(ks) == 1:
            return self.by_form[self.offsets[ks[0]]: self.offsets[ks[0] + 1]].astype(np.int64)
        parts = [self.by_form[self.offsets[k]: self.offsets[k + 1]] for k in ks]
        return np.sort(np.concatenate(parts)).astype(np.int64)

    def find(self, pat: Pattern) -> np.ndarray:
        """Start positions (in index order) of the matches of ``pat``."""
        cand = self.positions(self.form_mask(pat.kind, pat.elements[0], pat.case_sensitive))
        for k in range(1, len(pat)):
            cand = cand[cand + k < self.n]
            if not len(cand):
                break
            ok = self.cont[cand + k - 1] & self.form_mask(pat.kind, pat.elements[k], pat.case_sensitive)[self.codes[cand + k]]
            cand = cand[ok]
        return cand


def token_index(tokens: pd.DataFrame, case_sensitive: bool, diacritic_sensitive: bool) -> Index:
    """The token index of ``tokens`` for one folding option (built once, then cached)."""
    return memo((tokens,), ("index", case_sensitive, diacritic_sensitive),
                lambda: Index(tokens, case_sensitive, diacritic_sensitive))
