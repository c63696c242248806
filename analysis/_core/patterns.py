"""The pattern language of the matcher: one pattern → a validated, folded :class:`Pattern`.

The language is described in :mod:`analysis.matcher` (words and globs separated by
whitespace, ``re:`` regular expressions over single tokens, folding of case and
diacritics). Here: parsing and validation (:func:`compile_pattern`), the regular
expression an element is evaluated with over the token index's forms
(:func:`element_regex`), and the three accepted forms of a pattern set (:func:`pattern_spec`).
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Literal, Mapping, Sequence, Union

from ..tokens import TOKEN_RE, fold

__all__ = [
    "forms_matching", "Pattern", "Patterns", "compile_pattern", "element_regex", "is_glob", "pattern_spec", "REGEX_PREFIX"]

#: One pattern, a list of patterns (each its own category), or a dict category → pattern(s).
Patterns = Union[str, Sequence[str], Mapping[str, Union[str, Sequence[str]]]]

#: The prefix of a regular-expression pattern.
REGEX_PREFIX = "re:"

@dataclass(frozen=True)
class Pattern:
    """A compiled pattern (the language is described in :mod:`analysis.matcher`).

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
        return element_regex(self.kind, self.elements[k], self.case_sensitive)


def is_glob(el: str) -> bool:
    return "*" in el or "?" in el


def glob_to_regex(el: str) -> str:
    return "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in el)


def element_regex(kind: str, el: str, case_sensitive: bool):
    """The compiled regex of one pattern element, or ``None`` for a literal word. A ``re:``
    pattern comes from a user: it is compiled by :func:`analysis.safe_regex.compile_regex`
    (clear errors, and matching with a time limit: see :func:`forms_matching`)."""
    if kind == "regex":
        from ..safe_regex import IGNORECASE, compile_regex

        return compile_regex(el, 0 if case_sensitive else IGNORECASE)
    if is_glob(el):
        return re.compile(glob_to_regex(el), re.DOTALL)
    return None


def forms_matching(rx, forms: list[str], *, user: bool) -> list[bool]:
    """Which ``forms`` (token forms, no whitespace) ``rx`` matches whole. A user's regex
    (``user=True``) runs as one scan over the forms joined by line breaks, under one time
    limit for the whole scan (:func:`analysis.safe_regex.time_limit`), so a catastrophic
    pattern stops with a :class:`~analysis.safe_regex.RegexTimeout` instead of hanging; where
    a match would cross a line break (a pattern that matches whitespace), each form is matched
    on its own, each under the limit."""
    if not user:
        return [rx.fullmatch(f) is not None for f in forms]
    import regex as _regex

    from ..safe_regex import regex_finditer, regex_fullmatch, time_limit

    text = "\n".join(forms)
    anchored = _regex.compile(f"^(?:{rx.pattern})$", rx.flags | _regex.MULTILINE)
    found = regex_finditer(anchored, text, timeout=time_limit(len(text)))
    if any("\n" in m.group() for m in found):
        return [regex_fullmatch(rx, f) is not None for f in forms]
    starts = {m.start() for m in found}
    out, pos = [], 0
    for f in forms:
        out.append(pos in starts)
        pos += len(f) + 1
    return out


@lru_cache(maxsize=4096)  # a pure function of the element: patterns are compiled on every call
def can_be_token(el: str) -> bool:
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
    if p.startswith(REGEX_PREFIX):
        src = p[len(REGEX_PREFIX):]
        if not src.strip():
            raise ValueError(f"pattern {p!r}: empty regular expression after 're:'")
        if not diacritic_sensitive:  # tokens are matched without diacritics: so is the pattern ("re:milošević")
            src = fold(src, case=False, diacritics=True)
        from ..safe_regex import RegexInputError

        try:
            rx = element_regex("regex", src, case_sensitive)
        except RegexInputError as exc:
            raise ValueError(f"pattern {p!r}: {exc}") from None
        if rx.fullmatch(""):
            raise ValueError(f"pattern {p!r}: regular expression matches the empty string")
        return Pattern(p, "regex", (src,), case_sensitive, diacritic_sensitive)
    raw_elements = p.split()
    if not raw_elements:
        raise ValueError(f"empty pattern {p!r}: a pattern needs at least one word or glob")
    elements = tuple(fold(e, case=not case_sensitive, diacritics=not diacritic_sensitive) for e in raw_elements)
    bad = [e for e, f in zip(raw_elements, elements) if not can_be_token(f)]
    if bad:
        warnings.warn(
            f"pattern {p!r}: element(s) {', '.join(map(repr, bad))} can never match a token "
            "(tokens are words without punctuation or spaces; \u2019s is split off as its own token)",
            UserWarning,
            stacklevel=2,
        )
    return Pattern(p, "words", elements, case_sensitive, diacritic_sensitive)


def pattern_spec(patterns: Patterns, what: str = "patterns") -> list[tuple[str, list[str]]]:
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
