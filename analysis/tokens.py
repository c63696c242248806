"""The one tokenizer and the one normaliser.

Every table in the package (tokens, hits, KWIC, word lists, TF-IDF, keyness) reads
tokens produced here, so their counts agree.

Tokens
------
A token is a *word*: a run of letters or digits (Unicode-aware, combining marks
allowed, so NFD input tokenizes like NFC input), possibly joined by

* an apostrophe (``'`` U+0027, ``’`` U+2019, ``ʼ`` U+02BC, ``‘`` U+2018 used as an
  apostrophe) between letters: ``don’t``, ``d'état``;
* a hyphen (``-`` U+002D, ``‐`` U+2010, ``‑`` U+2011) between word parts:
  ``NATO-led``, ``MIG-29s``, ``U.S.-Russian``;
* dots inside an abbreviation of single letters: ``U.S.``, ``e.g.`` (the final dot
  belongs to the token);
* a decimal point or thousands separator inside a number: ``38.62``, ``120,000``.

Invisible format characters (:data:`INVISIBLE`: soft hyphen U+00AD, zero-width space,
non-joiner and joiner U+200B–U+200D, word joiner U+2060, zero-width no-break space U+FEFF)
do not split a word: ``Rus\u00adsia`` is one token. Its offsets slice the raw text, so the
token as written keeps the invisible character; its ``norm`` drops it (``russia``). An
invisible character at the edge of a word or between words belongs to no token.

The clitic ``'s`` (any apostrophe) is split off as its own token, as in the Penn
Treebank, so that ``Russia’s`` yields ``Russia`` + ``’s`` and the pattern ``Russia``
matches it. Other contractions (``don't``, ``can't``) stay whole. Punctuation,
quotes, dashes (en/em dash separate words) and symbols are not tokens; they stay
in the raw text, which the character offsets point into.

How tokens are found
--------------------
:data:`TOKEN_RE` states the rules above as one regular expression. Loading finds its
matches with the compiled scanner ``analysis._scan`` (``analysis/_scan.c``, built when the
package is installed: the same grammar by hand, about six times faster, with each text's
tokens coded into its types without a Python object per token); where it was not built (no
C compiler) or ``ANALYSIS_PURE_PYTHON=1`` is set, with ``re`` and :data:`TOKEN_RE` itself.
:data:`COMPILED` says which. Both give the same tokens on any text (the property tests of
``tests/test_corpus_equivalence.py`` check it).

Normal form (``norm``)
----------------------
``normalize`` maps a token to its matching form: Unicode NFC; apostrophes unified to
``'``, hyphens to ``-``; ``str.casefold``; diacritics removed (NFD, drop combining
marks); letters without a Unicode decomposition mapped by a fixed table
(``đ``/``Đ`` → ``d``, ``ø`` → ``o``, ``ł`` → ``l``, ``æ`` → ``ae``, ``œ`` → ``oe``,
``þ`` → ``th``, ``ð`` → ``d``, ``ħ`` → ``h``, ``ı`` → ``i``). So ``Milošević``,
``Milosevic`` and ``MILOSEVIC`` share one norm, and ``Đukanović`` → ``dukanovic``
(the invisible characters of :data:`INVISIBLE` are dropped)
(the common transliteration ``Djukanovic`` is a different norm: a lexicon lists both).
"""

from __future__ import annotations

import itertools
import os
import re
import unicodedata
from functools import lru_cache
from types import SimpleNamespace
from typing import Sequence

import numpy as np
import pandas as pd

__all__ = [
    "TOKEN_RE",
    "APOSTROPHES",
    "INVISIBLE",
    "INVISIBLE_RE",
    "has_invisible",
    "tokenize",
    "normalize",
    "fold",
    "encode",
    "vocabulary",
    "merge_sorted",
    "remap_codes",
    "TOKENIZER_VERSION",
    "COMPILED",
]

#: Bump when tokenization or normalisation changes (cache keys, run records).
TOKENIZER_VERSION = "1"

APOSTROPHES = "'\u2019\u02bc\u2018"
#: Invisible format characters that join, not split, the word around them; dropped from norms.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds a character of :data:`INVISIBLE` (``INVISIBLE_RE.search``, ten
    times faster: one substring test per character, at once false for a character wider
    than the text's widest).

    >>> has_invisible("Rus\u00adsia"), has_invisible("Russia")
    (True, False)
    """
    return any(c in text for c in INVISIBLE)


HYPHENS = "-\u2010\u2011"
# Combining marks that may follow a letter in NFD text.
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_L = rf"(?:[^\W_][{_MARKS}]*)"  # one letter/digit with its combining marks
_ALPHA = rf"(?:[^\W\d_][{_MARKS}]*)"
_APOS = f"[{APOSTROPHES}]"
_NUM = r"\d+(?:[.,]\d+)+"  # 38.62  120,000
_NO_CLITIC = rf"(?![sS](?![^\W_]|[{_MARKS}]))"  # not at an 's that ends a word

# The token pattern as plainly stated: an abbreviation, a number or a word core (letters
# joined by apostrophes, never swallowing a clitic 's), hyphen-joined; or a clitic 's.
_PLAIN_PART = rf"(?:(?:{_ALPHA}\.){{2,}}|{_NUM}|{_L}+(?:{_APOS}{_NO_CLITIC}(?={_L}){_L}+)*)"
_PLAIN_TOKEN_PATTERN = (rf"{_PLAIN_PART}(?:[{HYPHENS}](?={_L}){_PLAIN_PART})*"
                       rf"|(?<=[^\W_]|[{_MARKS}]){_APOS}[sS](?![^\W_]|[{_MARKS}])")

# TOKEN_RE has exactly the matches of _PLAIN_TOKEN_PATTERN (tests/test_corpus_speed.py checks
# it, with any pos and endpos), written for the speed of Python's regex engine:
# * a run of letters/digits with their marks (``{_L}+``) is letters, then marks and
#   letters only where a mark follows, so that a word is read in one tight loop;
# * repetitions are possessive (``*+``, ``++``): nothing that may follow a repeated item
#   starts the way the item does (no letter or mark follows a run, no apostrophe an
#   apostrophe group, no hyphen a hyphen group), so giving characters back could never
#   lead to a match, and the engine need not keep the state to try;
# * the abbreviation spells out its first two items, so that an ordinary word fails it at
#   its second character, before any repetition is set up;
# * the look-ahead ``(?=[^\W_])`` turns away at once a character that starts no part;
# * the clitic matches its apostrophe first and then checks the character before it.
_RUN = rf"(?:[^\W_]++(?:[{_MARKS}][^\W_]*+)*+)"
_ABBR = rf"(?:{_ALPHA}\.{_ALPHA}\.(?:{_ALPHA}\.)*+)"  # U.S.  e.g.
_CORE = rf"{_RUN}(?:{_APOS}{_NO_CLITIC}(?={_L}){_RUN})*+"
_PART = rf"(?:{_ABBR}|{_NUM}|{_CORE})"
_CLITIC = rf"{_APOS}(?<=(?:[^\W_]|[{_MARKS}]){_APOS})[sS](?![^\W_]|[{_MARKS}])"
TOKEN_RE = re.compile(rf"(?=[^\W_]){_PART}(?:[{HYPHENS}](?={_L}){_PART})*+|{_CLITIC}")

_SPECIAL = str.maketrans(
    {
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ł": "l",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "ŋ": "n",
    }
)
_UNIFY = str.maketrans({c: "'" for c in APOSTROPHES[1:]} | {c: "-" for c in HYPHENS[1:]} | dict.fromkeys(INVISIBLE))


def _strip_marks(s: str) -> str:
    d = unicodedata.normalize("NFD", s)
    return "".join(c for c in d if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 18)
def fold(token: str, *, case: bool = True, diacritics: bool = True) -> str:
    """Return the matching form of ``token`` with optional case and diacritic folding.

    ``fold(t)`` (both on) is ``normalize(t)``. With ``case=False`` the case is kept;
    with ``diacritics=False`` accents are kept. Apostrophes and hyphens are always
    unified and the result is always NFC.

    Examples
    --------
    >>> fold("Milošević"), fold("Milošević", diacritics=False), fold("NATO", case=False)
    ('milosevic', 'milošević', 'NATO')
    """
    if token.isascii():  # nothing to unify, strip or compose: only the case to fold
        return token.lower() if case else token
    return _fold_unicode(token, case, diacritics)


def _fold_unicode(token: str, case: bool, diacritics: bool) -> str:
    """:func:`fold` for any string (the general path; equal to the ASCII shortcut on ASCII)."""
    s = unicodedata.normalize("NFC", token).translate(_UNIFY)
    if case:
        s = s.casefold()
    if diacritics:
        s = _strip_marks(s)
        s = s.translate(_SPECIAL)
        if not case:  # upper-case specials
            s = s.translate(str.maketrans({"Đ": "D", "Ø": "O", "Ł": "L", "Æ": "AE", "Œ": "OE", "Þ": "TH", "Ð": "D"}))
    return unicodedata.normalize("NFC", s)


def normalize(token: str) -> str:
    """The ``norm`` of a token: NFC, unified apostrophes and hyphens, casefolded,
    diacritics folded.

    Examples
    --------
    >>> [normalize(t) for t in ["Milošević", "Milosevic", "MILOSEVIC", "Đukanović"]]
    ['milosevic', 'milosevic', 'milosevic', 'dukanovic']
    >>> normalize("donʼt") == normalize("don’t") == normalize("don't") == "don't"
    True
    """
    return fold(token)


# The same pattern as one capturing group: ``split`` returns ``[gap, token, gap, token, ..., gap]``
# from one pass of the regex engine, with no Python call per token (TOKEN_RE itself has no
# capturing group, and never matches the empty string).
assert TOKEN_RE.groups == 0
_TOKEN_SPLIT = re.compile(f"({TOKEN_RE.pattern})")


def tokenize(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Tokenize ``text``: return ``(starts, ends, tokens)``.

    ``starts``/``ends`` are int64 character offsets into ``text``, so that
    ``text[starts[k]:ends[k]] == tokens[k]``. The tokens are the matches of
    :data:`TOKEN_RE` in order; the offsets are the running sums of the lengths of the
    tokens and the gaps between them.

    Examples
    --------
    >>> tokenize("Russia’s NATO-led U.S. don’t")[2]
    ['Russia', '’s', 'NATO-led', 'U.S.', 'don’t']

    A text with invisible format characters (:data:`INVISIBLE`) is tokenized as if they
    were not there, with offsets into the text as it is: ``"Rus\u00adsia met"`` gives the
    tokens ``"Rus\u00adsia"`` and ``"met"``.
    """
    if has_invisible(text):
        return _tokenize_around_invisible(text)
    return _tokenize_plain(text)


def _scan_functions():
    """``encode``, ``Crowded``, ``merge`` and ``gather`` of ``analysis._scan`` (built from
    ``analysis/_scan.c`` when the package is installed), or None where it was not built or
    ``$ANALYSIS_PURE_PYTHON`` is set."""
    if os.environ.get("ANALYSIS_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        from ._scan import Crowded, encode, gather, merge
    except ImportError:
        return None
    return SimpleNamespace(encode=encode, Crowded=Crowded, merge=merge, gather=gather)


def _compiled(scan_c):
    """The compiled scanner's ``encode`` (None without ``analysis._scan``)."""
    if scan_c is None:
        return None
    scan, crowded = scan_c.encode, scan_c.Crowded

    def encode_or_none(text: str, max_probe: int = 128):
        try:
            return scan(text, max_probe)
        except crowded:  # tokens made to collide in its hash table: this text goes by `re`
            return None

    return encode_or_none


_scan_c = _scan_functions()
_c_encode = _compiled(_scan_c)
# the compiled merge and gather of :func:`merge_sorted` and :func:`remap_codes` (None: Python and NumPy)
_c_merge, _c_gather = (_scan_c.merge, _scan_c.gather) if _scan_c is not None else (None, None)
#: True when tokens are found by the compiled scanner (``analysis/_scan.c``: exactly the
#: matches of :data:`TOKEN_RE`, several times faster), False when by ``re`` with
#: :data:`TOKEN_RE` itself (no C compiler at install time, or ``ANALYSIS_PURE_PYTHON=1``).
COMPILED = _c_encode is not None


def _scan_plain(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]] | None:
    """The compiled scanner's ``(starts, ends, codes, types)`` of ``text`` (no invisible
    characters) as arrays, codes in int32; None when there is no compiled scanner, or when
    the text's tokens crowd its hash table. (The scanner's hash is not keyed, so a text could
    be made so that looking its types up takes quadratic time; past 128 probes — natural
    text stays under 64 — the text is tokenized by ``re`` and coded with Python's keyed
    string hash instead.)"""
    out = _c_encode(text) if _c_encode is not None else None
    if out is None:
        return None
    a, b, c, types = out
    return np.frombuffer(a, dtype=np.int64), np.frombuffer(b, dtype=np.int64), np.frombuffer(c, dtype=np.int32), types


def _tokenize_plain(text: str, *, scan: bool = True) -> tuple[np.ndarray, np.ndarray, list[str]]:
    scanned = _scan_plain(text) if scan else None
    if scanned is not None:
        starts, ends, codes, types = scanned
        return starts, ends, [types[c] for c in codes.tolist()]
    parts = _TOKEN_SPLIT.split(text)
    lens = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    ends = np.cumsum(lens)[1::2].copy()
    return ends - lens[1::2], ends, parts[1::2]


def _tokenize_around_invisible(text: str) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """:func:`tokenize` of ``text`` without its invisible characters, offsets mapped back:
    a token's start is its first visible character, its end follows its last."""
    chars = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    kept = np.flatnonzero(~np.isin(chars, [ord(c) for c in INVISIBLE]))
    starts, ends, _ = _tokenize_plain(INVISIBLE_RE.sub("", text))
    starts, ends = kept[starts].astype(np.int64), kept[ends - 1].astype(np.int64) + 1
    return starts, ends, [text[a:b] for a, b in zip(starts.tolist(), ends.tolist())]


def code_dtype(n: int) -> np.dtype:
    """The integer dtype pandas keeps the codes of a categorical with ``n`` categories in
    (codes made in it are taken as they are, without a converted copy)."""
    return np.dtype(np.int8 if n < 127 else np.int16 if n < 32767 else np.int32 if n < 2**31 - 1 else np.int64)


def encode(text: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """:func:`tokenize` ``text``, with the tokens as codes into the text's own types.

    Returns ``(starts, ends, codes, types)``: ``types`` are the distinct tokens in order
    of first appearance and ``types[codes[k]]`` is the k-th token; ``codes`` are in
    :func:`code_dtype` of ``len(types)``. One Python string per type, not per token,
    outlives the call. This is how :func:`analysis.corpus.load_corpus` tokenizes every
    document.

    Examples
    --------
    >>> starts, ends, codes, types = encode("NATO and Russia, NATO")
    >>> types, codes.tolist(), starts.tolist()
    (['NATO', 'and', 'Russia'], [0, 1, 2, 0], [0, 5, 9, 17])
    """
    if has_invisible(text):
        starts, ends, toks = _tokenize_around_invisible(text)
    else:
        scanned = _scan_plain(text)
        if scanned is not None:
            starts, ends, codes, types = scanned
            return starts, ends, codes.astype(code_dtype(len(types))), types
        starts, ends, toks = _tokenize_plain(text, scan=False)  # no scanner, or it declined this text
    if not toks:
        return starts, ends, np.zeros(0, dtype=np.int8), []
    codes, types = pd.factorize(np.asarray(toks, dtype=object))
    return starts, ends, codes.astype(code_dtype(len(types))), list(types)


def vocabulary(parts: Sequence[tuple[np.ndarray, list[str]]]) -> tuple[np.ndarray, list[str]]:
    """One vocabulary for texts coded by :func:`encode`: ``parts`` are their ``(codes, types)``.

    Returns ``(codes, types)``: every token of every part, in order, as a code into
    ``types``, the distinct types of all parts in order of first appearance (pandas' hash
    table over the parts' types: no Python loop over tokens); ``codes`` in
    :func:`code_dtype` of ``len(types)``.

    Examples
    --------
    >>> a, b = encode("NATO and Russia"), encode("Russia, NATO, Serbia")
    >>> codes, types = vocabulary([(a[2], a[3]), (b[2], b[3])])
    >>> types, codes.tolist()
    (['NATO', 'and', 'Russia', 'Serbia'], [0, 1, 2, 2, 0, 3])
    """
    # parts may share one ``types`` list (documents coded into one vocabulary): each distinct list is read once
    offset: dict[int, int] = {}  # id of a distinct list -> where its types start in ``flat``
    lists, total = [], 0
    for _, types in parts:
        if id(types) not in offset:
            offset[id(types)] = total
            lists.append(types)
            total += len(types)
    lens = [len(codes) for codes, _ in parts]
    flat = np.fromiter(itertools.chain.from_iterable(lists), dtype=object, count=total)
    type_of_local, uniques = pd.factorize(flat)  # types are never missing: no sentinel, no NA check needed
    del flat
    types = list(uniques)
    codes_all = np.empty(sum(lens), dtype=code_dtype(len(types)))
    r0 = 0
    for (codes, local), nr in zip(parts, lens):
        t0 = offset[id(local)]
        codes_all[r0:r0 + nr] = type_of_local[t0:t0 + len(local)][codes]
        r0 += nr
    return codes_all, types


def merge_sorted(lists: Sequence[list[str]]) -> tuple[list[str], list[np.ndarray]]:
    """The sorted union of lists of str that are each sorted without repeats (the runs'
    vocabularies of a load in several processes), and where each list's items are in it.

    Returns ``(merged, places)``: ``places[k][i]`` is the position of ``lists[k][i]`` in
    ``merged`` (int64). In C where the package was compiled (a linear merge), else with
    Python's sort; the same either way.

    Examples
    --------
    >>> merged, places = merge_sorted([["NATO", "Serbia"], ["Kosovo", "NATO"]])
    >>> merged, [p.tolist() for p in places]
    (['Kosovo', 'NATO', 'Serbia'], [[1, 2], [0, 1]])
    """
    if _c_merge is None:
        merged = list(dict.fromkeys(sorted(itertools.chain.from_iterable(lists))))
        index = {t: k for k, t in enumerate(merged)}
        return merged, [np.fromiter((index[t] for t in own), dtype=np.int64, count=len(own)) for own in lists]
    merged = list(lists[0]) if lists else []
    places = [np.arange(len(merged), dtype=np.int64)] if lists else []
    for own in lists[1:]:  # one list at a time into the union so far
        merged, where_merged, where_own = _c_merge(merged, list(own))
        where_merged = np.frombuffer(where_merged, dtype=np.int64)
        places = [where_merged[p] for p in places] + [np.frombuffer(where_own, dtype=np.int64)]
    return merged, places


def remap_codes(table: np.ndarray, codes: np.ndarray, out: np.ndarray) -> None:
    """``out[:] = table[codes]``: codes into one vocabulary made codes into another (``table``
    maps the first to the second; ``out`` has ``table``'s dtype). In C without the GIL and
    without NumPy's 64-bit copy of the codes where the package was compiled.

    Raises
    ------
    IndexError
        For a code outside ``table``.

    Examples
    --------
    >>> out = np.empty(4, dtype=np.int16)
    >>> remap_codes(np.array([2, 0, 1], dtype=np.int16), np.array([0, 0, 2, 1], dtype=np.int8), out)
    >>> out.tolist()
    [2, 2, 1, 0]
    """
    if out.dtype != table.dtype or len(out) != len(codes):
        raise ValueError(f"remap_codes: out must be {table.dtype} with one item per code, not {out.dtype} × {len(out)}")
    usable = all(a.dtype.kind == "i" and a.dtype.isnative and a.flags.c_contiguous for a in (table, codes, out))
    if _c_gather is None or not usable or not out.flags.writeable:
        out[:] = table[codes]
        return
    _c_gather(table, table.itemsize, codes, codes.itemsize, out)
