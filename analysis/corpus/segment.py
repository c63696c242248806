"""Segmentation: paragraphs, headings and sentences, by rules (offline, no training data).

Owns the layout rules of the README's "Decisions the loader makes": paragraphs are
separated by blank lines and a bullet line starts one (:func:`paragraphs`); a short
paragraph without final punctuation, or one starting with ``#``, is a heading
(:func:`is_heading`); sentence boundaries, with the abbreviations, initials and dotted
abbreviations that are no boundary (:func:`split_sentences`).

Hands :mod:`analysis.corpus.voices` the paragraph spans and heading flags, and
:mod:`analysis.corpus.document` the sentence spans of each paragraph, all as character
offsets into the document's text.
"""

from __future__ import annotations

import itertools
import re

from ..tokens import TOKEN_RE

__all__ = ["split_sentences", "paragraphs", "is_heading"]

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0\u2000-\u200b\u3000]*\n")
_BULLET_LINE = re.compile(r"\n(?=[ \t\u00a0]*(?:[•◦▪‣·]|[-*+] |\d{1,2}[.)] ))")
_MARKUP = "#•◦▪‣·>"  # headings, bullets, block quotes
_LEADING_MARKUP = re.compile(rf"[\s{_MARKUP}]*")
_TERMINAL = tuple(".!?…:;,\"”’)]*")
_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "cmdr", "adm", "maj", "prof",
    "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "corp", "jan", "feb", "mar", "apr",
    "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "gov", "sen",
    "rep", "ft", "mt", "pres", "rev", "hon", "messrs", "fig", "pp", "ed", "eds", "cf", "al",
    "vol", "ch", "art", "para", "nos", "amb",
}
# A sentence-boundary run (see split_sentences: ``...`` or a run of ``.!?…``, then closing
# quotes or brackets) and the whitespace after it. ``[.!?…]+`` covers ``...``; it is written
# ``[.!?…][.!?…]*`` so that the pattern starts with a character set, which lets the regex
# engine skip to the candidates instead of trying every position.
# A word whose last _LONG characters are letters or digits is no abbreviation (see
# _is_abbreviation: longer than every listed one, no initial, no inner dot), so most sentence
# ends need no closer look.
_LONG = max(map(len, _ABBREVIATIONS)) + 1
_BOUNDARY = re.compile(r"([.!?…][.!?…]*[\]\)”\"’»']*)\s+")
_OPENERS = set("“‘\"'(«[„¿¡")
_NEXT_OK = _OPENERS | set("•◦▪‣")  # what may start a sentence besides an upper-case letter or a digit
_DOT_CLOSERS = ("”", "’", '"', ")", "]")
_WORD_BEFORE = re.compile(r"[^\s“‘\"'(\[]*$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S  e.g


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentences; return char spans.

    A boundary is a run of ``.``, ``!``, ``?``, ``…`` or ``...``, optionally followed by
    closing quotes or brackets, then whitespace, then an upper-case letter, a digit or an
    opening quote or bracket. A single ``.`` is no boundary after an initial (``L.``),
    an abbreviation with inner dots (``U.S.``) or a listed abbreviation (``Gen.``,
    ``Mr.``, ``St.``; see ``_ABBREVIATIONS``). An ellipsis before a capital *is* a
    boundary. Spans are stripped of surrounding whitespace and of leading ``#``/bullet
    markup; spans with nothing left are dropped (they hold no characters but markup).

    Parameters
    ----------
    text : str
        A document's text.
    start, end : int
        The paragraph's span (default: the whole text).

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character spans into ``text``, in order.

    Examples
    --------
    >>> t = "U.S. President Bill Clinton spoke. David L. Phillips wrote “No.” Then …"
    >>> [t[a:b] for a, b in split_sentences(t)]
    ['U.S. President Bill Clinton spoke.', 'David L. Phillips wrote “No.”', 'Then …']
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    a = _LEADING_MARKUP.match(text, start, end).end()  # where the current sentence begins
    for m in _BOUNDARY.finditer(text, start, end):
        k = m.end()  # the first character after the whitespace
        if k >= end:
            continue
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _NEXT_OK):
            continue
        run = m.group(1)
        dot = m.start()
        if ((run == "." or (run[0] == "." and run[1:2] in _DOT_CLOSERS))
                and not (dot - _LONG >= start and text[dot - _LONG:dot].isalnum())  # a long word: no abbreviation
                and _abbreviation_before(text, start, dot)):
            continue
        # The sentence ends with the run: no whitespace to strip, and it is not empty (markup
        # holds no boundary characters, so the sentence began at or before the run).
        spans.append((a, m.end(1)))
        a = _LEADING_MARKUP.match(text, k, end).end() if nxt in _MARKUP else k
    while end > a and text[end - 1].isspace():  # the last sentence
        end -= 1
    if end > a:
        spans.append((a, end))
    return spans


def _abbreviation_before(text: str, start: int, dot: int) -> bool:
    """Whether the ``.`` at ``dot`` follows an abbreviation (see :func:`_is_abbreviation`), so
    that it ends no sentence. The common case, letters and digits after a space or a line
    break, is found without the regular expression of :func:`_word_before`."""
    lo = max(start, dot - 40)
    w = text[max(text.rfind(" ", lo, dot), text.rfind("\n", lo, dot), lo - 1) + 1 : dot]
    if not w.isalnum():  # (isalnum: no delimiter inside, so w is the whole word)
        w = _word_before(text, start, dot)
    return _is_abbreviation(w)


def _word_before(text: str, start: int, dot: int) -> str:
    """The word that ends at ``dot``: the run of characters other than whitespace, opening
    quotes and brackets, within the paragraph (from ``start``) and at most 40 characters
    back (``$`` also matches before a line break that ends the slice)."""
    return _WORD_BEFORE.search(text[max(start, dot - 40) : dot]).group()


def _is_abbreviation(w: str) -> bool:
    """An initial (``L``), an abbreviation with inner dots (``U.S``) or a listed one (``Gen``)."""
    return (w.lower() in _ABBREVIATIONS or (len(w) == 1 and "A" <= w <= "Z")
            or ("." in w and _DOTTED.fullmatch(w) is not None))


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines separate paragraphs; a bullet line starts one.

    Parameters
    ----------
    text : str
        A document's clean text.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` character spans, in text order, stripped of surrounding
        whitespace; paragraphs with nothing but whitespace are dropped.

    Examples
    --------
    >>> t = "Title\\n\\nOne line,\\nsoft break.\\n• a bullet"
    >>> [t[a:b] for a, b in paragraphs(t)]
    ['Title', 'One line,\\nsoft break.', '• a bullet']
    """
    cuts = {0, len(text)}
    for m in _BLANK_LINE.finditer(text):
        cuts.add(m.start())
        cuts.add(m.end())
    for m in _BULLET_LINE.finditer(text):
        cuts.add(m.start())
    cuts = sorted(cuts)
    spans = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


def is_heading(text: str, a: int, b: int) -> bool:
    """Whether the paragraph ``text[a:b]`` is a heading.

    A paragraph starting with ``#`` is one; a bullet line is not; otherwise a heading is
    one line of at most 25 tokens without final punctuation (a paragraph wholly in
    quotation marks may end with the closing mark).

    Parameters
    ----------
    text : str
    a, b : int
        The paragraph's span, as :func:`paragraphs` gives it.

    Returns
    -------
    bool
    """
    para = text[a:b]
    if para.startswith("#"):
        return True
    if _BULLET_LINE.match("\n" + para):
        return False
    if para.endswith(_TERMINAL) and not (para.endswith(("’", "”", '"')) and para[:1] in "‘“\""):
        return False
    if "\n" in para.strip():
        return False
    return sum(1 for _ in itertools.islice(TOKEN_RE.finditer(para), 26)) <= 25  # stop counting at 26


