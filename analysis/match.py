"""The one matcher: patterns × tokens → HITS.

Every concordance (:mod:`analysis.kwic`), dictionary count and frame table reads the
hits produced here, so their numbers agree with each other and with the word lists
(:mod:`analysis.wordlists`), which count the same tokens.

The pattern language
--------------------
A pattern is a string.

* **Phrases.** Whitespace separates the elements of a phrase: ``"North Atlantic
  Council"`` matches three consecutive tokens of one sentence (same ``doc_id`` and
  ``sent_id``). Punctuation and line breaks between the tokens do not matter, because
  tokens are words only (see :mod:`analysis.tokens`).
* **Globs.** Each element is a literal word or a glob: ``*`` matches any run of
  characters (possibly empty), ``?`` exactly one character: ``"Serb*"``,
  ``"*-led"``, ``"Milo?evi?"``. No other character is special (``[`` is literal).
* **Folding.** Elements and tokens are compared after
  :func:`analysis.tokens.fold` — by default case- and diacritic-insensitive, which is
  the ``norm`` column: ``"milosevic"`` matches ``Milošević``. ``case_sensitive=True``
  and ``diacritic_sensitive=True`` keep case or accents. Apostrophes and hyphens are
  always unified, so ``"’s"`` and ``"'s"`` are the same element.
* **Regular expressions.** A pattern starting with ``re:`` is a Python regular
  expression, full-matched against each single token's folded form (single token
  only): ``"re:serb(ia|ian|s)?"``. Unless ``case_sensitive=True`` it is compiled with
  ``re.IGNORECASE``; write letters without diacritics (the folded form has none unless
  ``diacritic_sensitive=True``).

A pattern that can never match the tokenizer's output (an element with punctuation or
a space that :data:`analysis.tokens.TOKEN_RE` never puts inside one token, such as
``"NATO,"``, ``"U.S"`` or ``"Russia's"`` — the tokenizer splits ``'s`` off) raises a
``UserWarning`` naming it: it would otherwise silently count zero.

How it runs
-----------
Folding is computed once per unique token type; each element is evaluated over the
types (dictionary lookup for a literal word, one compiled regex over the types for a
glob or ``re:`` pattern); an inverted index (token positions sorted by type) gives the
positions of the first element, and the next elements of a phrase are checked at the
shifted positions with numpy, requiring the same document, the same sentence and
consecutive ``i``. There is no Python loop over tokens. The index is cached per
tokens table (weakly) and per folding option.
"""

from __future__ import annotations

import bisect
import re
import warnings
import weakref
from functools import cached_property, lru_cache
from dataclasses import dataclass
from typing import Iterable, Literal, Mapping, Sequence, Union

import numpy as np
import pandas as pd

from .frames import STR as _STR
from .frames import categorical as _categorical
from .frames import frame as _frame
from .tokens import TOKEN_RE, fold

__all__ = [
    "Pattern",
    "compile_pattern",
    "match",
    "hit_counts",
    "HITS_COLUMNS",
    "VOICES",
]

#: Columns of the hits table, in order.
HITS_COLUMNS = (
    "doc_id", "group", "sent_id", "para_id", "i", "j", "voice", "speaker",
    "pattern", "category", "start", "end", "match",
)
#: Valid values of the ``voice`` filter.
VOICES = (None, "author", "quoted")

Patterns = Union[str, Sequence[str], Mapping[str, Union[str, Sequence[str]]]]

_REGEX_PREFIX = "re:"


# --------------------------------------------------------------------------- patterns


@dataclass(frozen=True)
class Pattern:
    """A compiled pattern (see the module docstring for the language).

    Attributes
    ----------
    text : str
        The pattern as written.
    kind : {"words", "regex"}
        ``"words"``: a phrase of one or more literal/glob elements; ``"regex"``: a
        ``re:`` pattern over single tokens.
    elements : tuple of str
        The folded elements (``kind="words"``) or the regex source (``kind="regex"``).
    case_sensitive, diacritic_sensitive : bool
        The folding the elements were compiled for.
    """

    text: str
    kind: Literal["words", "regex"]
    elements: tuple[str, ...]
    case_sensitive: bool = False
    diacritic_sensitive: bool = False

    def __len__(self) -> int:
        """Number of tokens a match spans."""
        return len(self.elements)

    def element_regex(self, k: int) -> re.Pattern | None:
        """The compiled regex of element ``k``, or ``None`` for a literal word."""
        return _element_regex(self.kind, self.elements[k], self.case_sensitive)


def _is_glob(el: str) -> bool:
    return "*" in el or "?" in el


def _glob_to_regex(el: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in el)


def _element_regex(kind: str, el: str, case_sensitive: bool) -> re.Pattern | None:
    if kind == "regex":
        return re.compile(el, 0 if case_sensitive else re.IGNORECASE)
    if _is_glob(el):
        return re.compile(_glob_to_regex(el), re.DOTALL)
    return None


@lru_cache(maxsize=4096)  # a pure function of the element: patterns are compiled on every call
def _can_be_token(el: str) -> bool:
    """Could some token of the tokenizer's output fold to something ``el`` matches?

    Glob characters are replaced by letters (``*`` also by nothing); an element that
    starts with an apostrophe (the clitic ``'s``) is tried after a letter, as the
    tokenizer only splits it off a word.
    """
    stars = ("", "a", "aa") if "*" in el else ("a",)
    for star in stars:
        cand = el.replace("*", star).replace("?", "a")
        if not cand:
            return True  # "*" alone, "**": matches every token
        if TOKEN_RE.fullmatch(cand) or TOKEN_RE.fullmatch("a" + cand, 1):
            return True
    return False


def compile_pattern(p: str, *, case_sensitive: bool = False, diacritic_sensitive: bool = False) -> Pattern:
    """Parse and validate one pattern.

    Parameters
    ----------
    p : str
        A pattern: words or globs separated by whitespace, or ``"re:<regex>"``.
    case_sensitive, diacritic_sensitive : bool, default False
        Folding applied to the elements (and later to the tokens).

    Returns
    -------
    Pattern

    Raises
    ------
    TypeError
        If ``p`` is not a string.
    ValueError
        If ``p`` is empty or blank, or a ``re:`` pattern is empty, does not compile
        (the message names the pattern and the regex error) or can match the empty
        string.

    Warns
    -----
    UserWarning
        If an element can never match the tokenizer's output (``"NATO,"``, ``"U.S"``,
        ``"Russia's"``); the message names the pattern and the element.

    Examples
    --------
    >>> compile_pattern("North  Atlantic Council").elements
    ('north', 'atlantic', 'council')
    >>> compile_pattern("Milošević").elements, compile_pattern("re:serb(ia|s)?").kind
    (('milosevic',), 'regex')
    """
    if not isinstance(p, str):
        raise TypeError(f"a pattern must be a string, got {type(p).__name__}: {p!r}")
    if p.startswith(_REGEX_PREFIX):
        src = p[len(_REGEX_PREFIX):]
        if not src.strip():
            raise ValueError(f"pattern {p!r}: empty regular expression after 're:'")
        try:
            rx = re.compile(src, 0 if case_sensitive else re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"pattern {p!r}: bad regular expression: {exc}") from None
        if rx.fullmatch(""):
            raise ValueError(f"pattern {p!r}: regular expression matches the empty string")
        return Pattern(p, "regex", (src,), case_sensitive, diacritic_sensitive)
    raw_elements = p.split()
    if not raw_elements:
        raise ValueError(f"empty pattern {p!r}: a pattern needs at least one word or glob")
    elements = tuple(fold(e, case=not case_sensitive, diacritics=not diacritic_sensitive) for e in raw_elements)
    bad = [e for e, f in zip(raw_elements, elements) if not _can_be_token(f)]
    if bad:
        warnings.warn(
            f"pattern {p!r}: element(s) {', '.join(map(repr, bad))} can never match a token "
            "(tokens are words without punctuation or spaces; \u2019s is split off as its own token)",
            UserWarning,
            stacklevel=2,
        )
    return Pattern(p, "words", elements, case_sensitive, diacritic_sensitive)


def _spec(patterns: Patterns, what: str = "patterns") -> list[tuple[str, list[str]]]:
    """Normalise the three accepted forms to ``[(category, [pattern, ...]), ...]``."""
    if isinstance(patterns, str):
        return [(patterns, [patterns])]
    if isinstance(patterns, Mapping):
        out = []
        for cat, pats in patterns.items():
            if not isinstance(cat, str):
                raise TypeError(f"{what}: category names must be strings, got {cat!r}")
            pats = [pats] if isinstance(pats, str) else list(pats)
            out.append((cat, pats))
        return out
    if isinstance(patterns, Iterable):
        pats = list(patterns)
        for q in pats:
            if not isinstance(q, str):
                raise TypeError(f"{what}: every pattern must be a string, got {q!r}")
        return [(q, [q]) for q in dict.fromkeys(pats)]
    raise TypeError(f"{what} must be a str, a list of str or a dict of category → patterns, got {type(patterns).__name__}")


# --------------------------------------------------------------------------- the index


class _Index:
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
            rx = _element_regex(kind, el, case_sensitive)
            if rx is None:
                k = self.form_index.get(el)
                if k is not None:
                    m[k] = True
            elif self.forms:
                cand = self._glob_candidates(el) if kind == "words" else None
                if cand is None:
                    m = np.fromiter((rx.fullmatch(f) is not None for f in self.forms), dtype=bool, count=len(self.forms))
                else:
                    forms = self.forms
                    m[cand[[rx.fullmatch(forms[k]) is not None for k in cand.tolist()]] if len(cand) else cand] = True
            self._fmask[key] = m
        return m

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


_MEMO: dict[tuple, tuple[tuple[weakref.ref, ...], tuple[int, ...], object]] = {}


def _memo(objs: tuple, tag, build):
    """``build()``, remembered while every object of ``objs`` lives (weakly) and keeps its length.

    The key is the objects' identities plus ``tag``; dead entries are pruned on a miss.
    Used for per-corpus derived structures (the token index, the document texts).
    """
    key = tuple(id(o) for o in objs) + (tag,)
    hit = _MEMO.get(key)
    if hit is not None and all(r() is o for r, o in zip(hit[0], objs)) and hit[1] == tuple(len(o) for o in objs):
        return hit[2]
    for k in [k for k, v in _MEMO.items() if any(r() is None for r in v[0])]:
        del _MEMO[k]
    value = build()
    try:
        _MEMO[key] = (tuple(weakref.ref(o) for o in objs), tuple(len(o) for o in objs), value)
    except TypeError:  # pragma: no cover - object without weakref support
        pass
    return value


def _index(tokens: pd.DataFrame, case_sensitive: bool, diacritic_sensitive: bool) -> _Index:
    """The token index of ``tokens`` for one folding option (built once, then cached)."""
    return _memo((tokens,), ("index", case_sensitive, diacritic_sensitive),
                 lambda: _Index(tokens, case_sensitive, diacritic_sensitive))


def _check_option(name: str, value, valid: Sequence) -> None:
    if value not in valid:
        raise ValueError(f"{name}={value!r} is not valid; valid values: {', '.join(map(repr, valid))}")


# --------------------------------------------------------------------------- match


def _empty_hits(tokens: pd.DataFrame, patterns, categories) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": pd.Categorical([], dtype=tokens["doc_id"].dtype),
            "group": pd.Categorical([], dtype=tokens["group"].dtype),
            "sent_id": np.zeros(0, np.int32),
            "para_id": np.zeros(0, np.int32),
            "i": np.zeros(0, np.int32),
            "j": np.zeros(0, np.int32),
            "voice": pd.Categorical([], dtype=tokens["voice"].dtype),
            "speaker": pd.Categorical([], dtype=tokens["speaker"].dtype),
            "pattern": pd.Categorical([], categories=patterns),
            "category": pd.Categorical([], categories=categories),
            "start": np.zeros(0, np.int64),
            "end": np.zeros(0, np.int64),
            "match": pd.array([], dtype=_STR),
        }
    )


@dataclass(frozen=True)
class _Spans:
    """The matches of :func:`match` as positions in index order, sorted as the hits table."""

    idx: "_Index | None"  # None when there are no tokens or no patterns
    st: np.ndarray  # first token position
    en: np.ndarray  # one past the last token position
    cc: np.ndarray  # category code
    pc: np.ndarray  # pattern code
    patterns: list[str]
    categories: list[str]


def _spans(corpus, patterns: Patterns, *, case_sensitive: bool, diacritic_sensitive: bool, voice, exclude) -> _Spans:
    """The matching of :func:`match` (same arguments), without building the table."""
    _check_option("voice", voice, VOICES)
    spec = _spec(patterns)
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
        return _Spans(None, empty, empty, empty, empty, pattern_names, categories)
    idx = _index(tokens, case_sensitive, diacritic_sensitive)
    pat_code = {p: k for k, p in enumerate(pattern_names)}
    found: dict[str, np.ndarray] = {}

    def find(p: str, comp: Pattern) -> np.ndarray:
        if p not in found:
            found[p] = idx.find(comp)
        return found[p]

    s_parts, e_parts, c_parts, p_parts = [], [], [], []
    for c, (cat, pats) in enumerate(spec):
        cs, ce, cp = [], [], []
        for p in pats:
            st = find(p, compiled[p])
            cs.append(st)
            ce.append(st + len(compiled[p]))
            cp.append(np.full(len(st), pat_code[p], dtype=np.int64))
        st, en, pc = np.concatenate(cs), np.concatenate(ce), np.concatenate(cp)
        if len(pats) > 1 and len(st):
            # one row per span and category: first pattern in the given order wins
            rank = np.concatenate([np.full(len(a), r, dtype=np.int64) for r, a in enumerate(cs)])
            o = np.lexsort((rank, en, st))
            st, en, pc = st[o], en[o], pc[o]
            keep = np.ones(len(st), dtype=bool)
            keep[1:] = (st[1:] != st[:-1]) | (en[1:] != en[:-1])
            st, en, pc = st[keep], en[keep], pc[keep]
        if excl.get(cat) and len(st):
            xs = [find(q, excl_compiled[q]) for q in excl[cat]]
            xe = [a + len(excl_compiled[q]) for q, a in zip(excl[cat], xs)]
            keep = ~_overlaps(st, en, np.concatenate(xs), np.concatenate(xe))
            st, en, pc = st[keep], en[keep], pc[keep]
        s_parts.append(st)
        e_parts.append(en)
        p_parts.append(pc)
        c_parts.append(np.full(len(st), c, dtype=np.int64))
    st, en = np.concatenate(s_parts), np.concatenate(e_parts)
    cc, pc = np.concatenate(c_parts), np.concatenate(p_parts)
    if voice is not None and len(st):
        vcodes = tokens["voice"].cat.codes.to_numpy()
        if idx.order is not None:
            vcodes = vcodes[idx.order]
        want = list(tokens["voice"].cat.categories).index(voice) if voice in tokens["voice"].cat.categories else -2
        keep = vcodes[st] == want
        st, en, cc, pc = st[keep], en[keep], cc[keep], pc[keep]
    o = np.lexsort((pc, cc, en, st))
    return _Spans(idx, st[o], en[o], cc[o], pc[o], pattern_names, categories)


def match(
    corpus,
    patterns: Patterns,
    *,
    case_sensitive: bool = False,
    diacritic_sensitive: bool = False,
    voice: Literal["author", "quoted"] | None = None,
    exclude: Patterns | None = None,
) -> pd.DataFrame:
    """Find every match of ``patterns`` in the corpus tokens: the HITS table.

    Parameters
    ----------
    corpus : Corpus
        From :func:`analysis.corpus.load_corpus` (uses ``tokens`` and ``documents.raw``).
    patterns : str, list of str, or dict of str → list of str
        One pattern, a list (each pattern is its own category), or a dictionary
        ``{category: [pattern, ...]}``. See the module docstring for the language.
    case_sensitive, diacritic_sensitive : bool, default False
        Compare case / accents (default: both folded, i.e. the ``norm`` column).
    voice : {None, "author", "quoted"}, default None
        Keep only hits whose first token has this voice (``None``: all). The same
        as filtering the ``voice`` column of the unfiltered result.
    exclude : same forms as ``patterns``, optional
        Patterns whose matches cancel an overlapping hit (sharing at least one token):
        ``{"humanitarian": ["Humanitarian Center"]}`` drops the hit of
        ``"humanitarian"`` inside ``Humanitarian Center``. A str or list applies to
        every category; a dict maps category → exclusions (unknown categories raise).

    Returns
    -------
    pandas.DataFrame
        One row per hit, a fresh RangeIndex, sorted by document (categorical order),
        ``i``, ``j``, category and pattern (both in the order given). Columns:

        ========  ===========  ======================================================
        doc_id    category     document
        group     category     the document's group
        sent_id   int32        sentence of the hit
        para_id   int32        paragraph of the hit
        i, j      int32        token span ``[i, j)`` within the document
        voice     category     voice of the first token (author / quoted)
        speaker   category     speaker of the first token (``""`` for author)
        pattern   category     the pattern as written (categories in given order)
        category  category     the dict key, or the pattern itself for a str/list
        start     int64        raw char offset of token ``i``
        end       int64        raw char offset after token ``j - 1``
        match     str          ``raw[start:end]``
        ========  ===========  ======================================================

    Raises
    ------
    ValueError
        An empty pattern, a bad ``re:`` regex (both named), an invalid ``voice``, or
        exclusions for an unknown category.
    TypeError
        A pattern that is not a string.

    Warns
    -----
    UserWarning
        A pattern with an element that can never match a token (see
        :func:`compile_pattern`).

    Notes
    -----
    Overlapping hits of different patterns are all kept, one row each: ``"NATO"`` and
    ``"NATO-led"`` can both hit, and a phrase and its words can both hit. But the same
    span matched by two patterns *of the same category* counts once for that category:
    the row of the first such pattern (in the order given) is kept. So a category's
    row count is the number of distinct spans it matched.

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> hits = match(load_corpus(), {"Serbia": ["Milo?evi?", "Serb*"]})
    >>> h = hits.iloc[0]
    >>> (h.doc_id, int(h.i), int(h.j), h.match, h.pattern, h.category)
    ('monitor-1998', 8, 9, 'Milosevic', 'Milo?evi?', 'Serbia')
    """
    sp = _spans(corpus, patterns, case_sensitive=case_sensitive, diacritic_sensitive=diacritic_sensitive,
                voice=voice, exclude=exclude)
    tokens, idx, st, en, cc, pc = corpus.tokens, sp.idx, sp.st, sp.en, sp.cc, sp.pc
    pattern_names, categories = sp.patterns, sp.categories
    if not len(st):
        return _empty_hits(tokens, pattern_names, categories)
    last = en - 1
    rows_first = st if idx.order is None else idx.order[st]
    rows_last = last if idx.order is None else idx.order[last]
    first = tokens.iloc[rows_first]
    doc_codes = first["doc_id"].cat.codes.to_numpy()
    start = first["start"].to_numpy().astype(np.int64)
    end = tokens["end"].to_numpy()[rows_last].astype(np.int64)
    raw = _memo((corpus.documents, corpus.tokens), "raw", lambda: _Utf8Texts(_doc_arrow(corpus, "raw"), collapse=False))
    base = raw.base[doc_codes.astype(np.int64)]
    text = raw.strings(raw.locate(base + start), raw.locate(base + end))
    hits = _frame(
        {
            "doc_id": first["doc_id"].array,
            "group": first["group"].array,
            "sent_id": first["sent_id"].to_numpy().astype(np.int32),
            "para_id": first["para_id"].to_numpy().astype(np.int32),
            "i": first["i"].to_numpy().astype(np.int32),
            "j": (tokens["i"].to_numpy()[rows_last] + 1).astype(np.int32),
            "voice": first["voice"].array,
            "speaker": first["speaker"].array,
            "pattern": _categorical(pc, pattern_names),
            "category": _categorical(cc, categories),
            "start": start,
            "end": end,
            "match": text,
        }
    )
    return hits


def _overlaps(st: np.ndarray, en: np.ndarray, xs: np.ndarray, xe: np.ndarray) -> np.ndarray:
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


#: Every character ``\\s`` matches outside ASCII (``str.isspace``); ASCII ones are mapped bytewise.
_WIDE_WS = "\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
#: … the same characters as UTF-8 byte sequences (UTF-8 never matches inside another character)
_WIDE_WS_UTF8 = re.compile(b"|".join(re.escape(c.encode("utf-8")) for c in _WIDE_WS))
_BYTE_WS = np.arange(256, dtype=np.uint8)
_BYTE_WS[[9, 10, 11, 12, 13, 28, 29, 30, 31]] = 32
#: Up to this many strings, :meth:`_Utf8Texts.strings_many` decodes them one by one.
_FEW_STRINGS = 48


class _Utf8Texts:
    """The texts of a corpus as one UTF-8 buffer, from which any set of strings (KWIC lines,
    the ``match`` column of hits) is cut without a Python loop over lines. With
    ``collapse=True`` every whitespace run becomes one space (a new buffer, about one byte
    per character); without, the buffer is the Arrow column's own (no copy).

    ``base[d]`` is the char offset of document ``d`` (doc_id category code) in the
    concatenation of the texts. :meth:`locate` maps such char offsets to byte
    offsets in ``buf``: a non-ASCII character adds 1–3 bytes to every later offset, a
    whitespace character after another one removes a byte; both are kept as sorted
    events with the running total of their effects (``events``, ``shift``). A string
    from a token's start or end to another token's start or end in the clean text is
    then ``buf[locate(a):locate(b)]`` (with its whitespace runs collapsed, which is what
    a concordance shows).
    """

    def __init__(self, texts, *, collapse: bool):
        """``texts``: one Arrow ``large_string`` array, a document per element."""
        import pyarrow.compute as pc

        self._texts = texts  # owns the buffer when not collapsed

        lengths = pc.utf8_length(texts).to_numpy(zero_copy_only=False).astype(np.int64)
        self.base = np.concatenate([[0], np.cumsum(lengths)])[:-1]
        _, offsets, values = texts.buffers()
        at = np.frombuffer(offsets, dtype=np.int64)[texts.offset: texts.offset + len(texts) + 1]
        utf8 = memoryview(values)[at[0]:at[-1]] if values is not None and len(texts) else memoryview(b"")
        if collapse and _WIDE_WS_UTF8.search(utf8):  # one char → one space: char offsets unchanged
            utf8 = memoryview(_WIDE_WS_UTF8.sub(b" ", utf8))
        data = np.frombuffer(utf8, dtype=np.uint8)
        if collapse:
            data = _BYTE_WS[data]  # the one working copy
        del utf8
        lead = np.flatnonzero(data >= 0xC0)  # first byte of a multi-byte character
        grow = (1 + (data[lead] >= 0xE0) + (data[lead] >= 0xF0)).astype(np.int64)
        lead_char = lead - np.concatenate([[0], np.cumsum(grow)[:-1]])
        grown = np.concatenate([[0], np.cumsum(grow)])  # extra bytes before the k-th multi-byte char
        if collapse:
            space = data == 32
            space[1:] &= space[:-1].copy()
            dup = np.flatnonzero(space)  # a space right after a space: dropped …
            del space
            doc_start = self.base + grown[np.searchsorted(lead_char, self.base, side="left")]
            dup = dup[~np.isin(dup, doc_start)]  # … unless it starts a document (runs never span two)
            dup_char = dup - grown[np.searchsorted(lead, dup)]
            keep = np.ones(len(data), dtype=bool)
            keep[dup] = False
            data = data[keep]
            del keep
        else:
            dup_char = np.zeros(0, dtype=np.int64)
        self.buf = data
        self.size = len(data)
        events = np.concatenate([lead_char, dup_char])
        effect = np.concatenate([grow, np.full(len(dup_char), -1, dtype=np.int64)])
        o = np.argsort(events, kind="stable")
        self.events = events[o]
        self.shift = np.concatenate([[0], np.cumsum(effect[o])])

    def locate(self, chars: np.ndarray) -> np.ndarray:
        """Byte offsets in ``buf`` of global char offsets (effects of events strictly before)."""
        return chars + self.shift[np.searchsorted(self.events, chars, side="left")]

    def strings(self, a: np.ndarray, b: np.ndarray) -> pd.api.extensions.ExtensionArray:
        """The strings ``buf[a:b]`` (byte offsets, ``b >= a``) as a ``str`` array."""
        return self.strings_many([(a, b)])[0]

    def strings_many(self, spans: Sequence[tuple[np.ndarray, np.ndarray]]) -> list:
        """One ``str`` array per ``(a, b)`` pair of :meth:`strings`, cut in one Arrow cast.

        Up to ``_FEW_STRINGS`` strings in all are decoded one by one. More are built as an
        Arrow ``string_view`` array that points into ``buf`` (16 bytes per string: short
        strings inline, long ones as prefix + offset), then cast to ``large_string`` (the
        storage of pandas' ``str`` arrays) by Arrow in C++ and sliced per pair; above 2 GiB
        of text (32-bit view offsets), by a numpy gather instead.
        """
        import pyarrow as pa

        sizes = [len(a) for a, _ in spans]
        a = np.concatenate([x for x, _ in spans]).astype(np.int64, copy=False)
        b = np.concatenate([y for _, y in spans]).astype(np.int64, copy=False)
        n = len(a)
        lens = b - a
        if n <= _FEW_STRINGS:  # a few strings: decoded one by one, cheaper than the array set-up
            buf = self.buf
            arr = pa.array([buf[x:y].tobytes().decode("utf-8") for x, y in zip(a.tolist(), b.tolist())],
                           type=pa.large_string())
        elif self.size < 2**31:
            views = np.zeros((n, 4), dtype=np.int32)  # length, prefix | inline, buffer, offset
            views[:, 0] = lens
            raw = views.view(np.uint8).reshape(n, 16)
            long_ = np.flatnonzero(lens > 12)
            raw[long_, 4:8] = self.buf[a[long_, None] + np.arange(4)]
            views[long_, 3] = a[long_]
            short = np.flatnonzero(lens <= 12)
            if self.size:  # reads clipped at the end of the text, then the bytes past each string zeroed
                inline = self.buf[np.minimum(a[short, None] + np.arange(12), self.size - 1)]
                inline[np.arange(12) >= lens[short, None]] = 0
                raw[short, 4:] = inline
            arr = pa.Array.from_buffers(pa.string_view(), n, [None, pa.py_buffer(views), pa.py_buffer(self.buf)],
                                        null_count=0).cast(pa.large_string())
        else:
            offsets = np.concatenate([[0], np.cumsum(lens)])
            vals = self.buf[np.arange(int(offsets[-1]), dtype=np.int64) + np.repeat(a - offsets[:-1], lens)]
            arr = pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(vals))
        at = np.concatenate([[0], np.cumsum(sizes)]).tolist()
        return [pd.arrays.ArrowStringArray(arr.slice(at[k], sizes[k]), dtype=_STR) for k in range(len(spans))]


def _doc_rows(corpus) -> np.ndarray:
    """The documents-table row of each doc_id category code of the tokens (-1: no row)."""

    def build() -> np.ndarray:
        row_of = dict(zip(corpus.documents["doc_id"].astype(str).tolist(), range(len(corpus.documents))))
        cats = corpus.tokens["doc_id"].cat.categories.astype(str).tolist()
        return np.asarray([row_of.get(d, -1) for d in cats], dtype=np.int64)

    return _memo((corpus.documents, corpus.tokens), "rows", build)


def _doc_arrow(corpus, column: str):
    """The documents' ``column`` texts as one Arrow ``large_string`` array in doc_id category
    order (``""`` for a category without a row); zero-copy for pandas' Arrow-backed strings
    when the documents are in that order."""
    import pyarrow as pa

    arr = pa.array(corpus.documents[column])
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    rows = _doc_rows(corpus)
    if len(rows) != len(arr) or (rows != np.arange(len(rows))).any():
        arr = arr.take(pa.array(np.maximum(rows, 0), mask=rows < 0)).fill_null("")
    return arr.cast(pa.large_string())


# --------------------------------------------------------------------------- counts


_BY = ("doc_id", "group", "voice", "speaker", "sent_id", "para_id")


def hit_counts(corpus, hits: pd.DataFrame, *, by: str | Sequence[str] = ("group", "voice")) -> pd.DataFrame:
    """Hits per category and unit, with the unit's token total and a rate.

    Parameters
    ----------
    corpus : Corpus
        Supplies the token totals (``tokens`` grouped the same way).
    hits : DataFrame
        From :func:`match`.
    by : str or list of str, default ("group", "voice")
        Columns of both hits and tokens: any of ``doc_id``, ``group``, ``voice``,
        ``speaker``.

    Returns
    -------
    pandas.DataFrame
        One row per unit × category (every combination present in the tokens, zero
        counts included), sorted by the units (categorical order) then category:
        the ``by`` columns, ``category`` (category), ``n_hits`` (int64),
        ``n_tokens`` (int64: tokens of the unit), ``per_1000`` (float64:
        ``1000 * n_hits / n_tokens``).

    Notes
    -----
    A hit is counted in the unit of its first token (its ``voice`` column).
    """
    by = [by] if isinstance(by, str) else list(by)
    for b in by:
        _check_option("by", b, _BY[:4])
    totals = corpus.tokens.groupby(by, observed=True).size().rename("n_tokens").reset_index()
    cats = hits["category"].cat.categories if isinstance(hits["category"].dtype, pd.CategoricalDtype) else pd.Index(sorted(hits["category"].unique()))
    grid = totals.merge(pd.DataFrame({"category": pd.Categorical(cats, categories=cats)}), how="cross")
    n = hits.groupby(by + ["category"], observed=True).size().rename("n_hits").reset_index()
    out = grid.merge(n, on=by + ["category"], how="left")
    out["n_hits"] = out["n_hits"].fillna(0).astype(np.int64)
    out["n_tokens"] = out["n_tokens"].astype(np.int64)
    out["per_1000"] = 1000.0 * out["n_hits"] / out["n_tokens"]
    out = out[by + ["category", "n_hits", "n_tokens", "per_1000"]]
    return out.sort_values(by + ["category"], kind="stable").reset_index(drop=True)
