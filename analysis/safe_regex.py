"""Regular expressions from untrusted input: compiled with clear errors, run with a time limit.

A corpus folder's ``cleaning.yaml`` holds regular expressions written by anyone (and a user's
lexicon holds ``re:`` patterns). Python's :mod:`re` has no time limit: ``(a|aa)+$`` on a
40-character line backtracks for longer than the universe is old, and ``a{99999999999}``
raises a bare ``OverflowError``. This module runs such patterns with the `regex
<https://pypi.org/project/regex/>`_ package instead, in its ``VERSION0`` mode (the syntax and
matches of :mod:`re`, plus possessive quantifiers, atomic groups and ``\\p{…}`` classes),
whose matching functions take a ``timeout``:

* :func:`compile_regex` — compile a pattern; any problem (bad syntax, a repeat count too big,
  a pattern that is not a string or is absurdly long) is a :class:`RegexInputError` naming
  the pattern and the reason, never a raw ``OverflowError`` or ``RecursionError``;
* :func:`regex_finditer`, :func:`regex_search`, :func:`regex_match`, :func:`regex_fullmatch` — run a compiled pattern
  with a time limit in seconds (:func:`regex_finditer` returns a list: the limit covers the whole
  scan, and a caller never holds half the matches); past it, :class:`RegexTimeout`;
* :func:`time_limit` — the default limit for a text of a given length: :data:`BASE_TIMEOUT`
  plus :data:`TIMEOUT_PER_MILLION_CHARS` per million characters, so that an honest pattern
  over a large document is not cut short while a catastrophic one still stops in seconds.

The callers add the context (file, rule, document) to the messages.

Examples
--------
>>> rx = compile_regex(r"^Skip to .*$", MULTILINE)
>>> [m.group() for m in regex_finditer(rx, "x\\nSkip to main content\\ny", timeout=1.0)]
['Skip to main content']
>>> compile_regex("a{99999999999}")
Traceback (most recent call last):
...
analysis.safe_regex.RegexInputError: bad regular expression 'a{99999999999}': repeat count too big at position 2
"""

from __future__ import annotations

import regex

__all__ = [
    "RegexInputError", "RegexTimeout", "compile_regex", "regex_finditer", "regex_search", "regex_match", "regex_fullmatch", "time_limit",
    "IGNORECASE", "MULTILINE", "DOTALL", "VERBOSE", "BASE_TIMEOUT", "TIMEOUT_PER_MILLION_CHARS", "MAX_PATTERN_CHARS",
]

# the flags, with the values of re's (regex keeps them equal: re.MULTILINE works too)
IGNORECASE, MULTILINE, DOTALL, VERBOSE = regex.IGNORECASE, regex.MULTILINE, regex.DOTALL, regex.VERBOSE

#: Seconds any scan may take, whatever the text's length …
BASE_TIMEOUT = 1.0
#: … plus this many seconds per million characters scanned.
TIMEOUT_PER_MILLION_CHARS = 1.0
#: A longer pattern is refused (the bundled rules and lexicon patterns are under 200 characters).
MAX_PATTERN_CHARS = 10_000


class RegexInputError(ValueError):
    """A pattern that cannot be used: bad syntax, a repeat count too big, not a string, too long."""


class RegexTimeout(RegexInputError):
    """A pattern that ran past its time limit (catastrophic backtracking, as a rule)."""


def compile_regex(pattern: str, flags: int = 0) -> regex.Pattern:
    """Compile ``pattern`` (the syntax of :mod:`re`) for :func:`regex_finditer` and friends.

    Parameters
    ----------
    pattern : str
    flags : int
        :data:`IGNORECASE`, :data:`MULTILINE`, :data:`DOTALL`, :data:`VERBOSE` (or the equal
        flags of :mod:`re`), or-ed.

    Returns
    -------
    regex.Pattern

    Raises
    ------
    RegexInputError
        Naming the pattern and the reason: not a string, longer than
        :data:`MAX_PATTERN_CHARS`, bad syntax, a repeat count too big, nesting too deep.
    """
    if not isinstance(pattern, str):
        raise RegexInputError(f"a regular expression must be a string, not {type(pattern).__name__} {pattern!r}")
    if len(pattern) > MAX_PATTERN_CHARS:
        raise RegexInputError(f"regular expression of {len(pattern):,} characters, more than the "
                              f"{MAX_PATTERN_CHARS:,} allowed: {pattern[:40]!r}…")
    try:
        return regex.compile(pattern, flags | regex.VERSION0)
    except (regex.error, OverflowError, ValueError, TypeError, RecursionError, MemoryError) as exc:
        raise RegexInputError(f"bad regular expression {pattern!r}: {exc}") from None


def time_limit(n_chars: int) -> float:
    """The default time limit (seconds) for scanning ``n_chars`` characters."""
    return BASE_TIMEOUT + TIMEOUT_PER_MILLION_CHARS * n_chars / 1e6


def _timeout(rx, text: str, timeout: float | None) -> float:
    return time_limit(len(text)) if timeout is None else timeout


def _expired(rx, text: str, timeout: float) -> RegexTimeout:
    return RegexTimeout(f"regular expression {rx.pattern!r} took longer than {timeout:.3g} s on {len(text):,} characters "
                        "(catastrophic backtracking?); simplify it (avoid nested repeats such as (a+)+ or (a|aa)+)")


def regex_finditer(rx: regex.Pattern, text: str, *, timeout: float | None = None, pos: int = 0,
                   endpos: int | None = None) -> list:
    """Every match of ``rx`` in ``text[pos:endpos]``, as a list, within ``timeout`` seconds in all.

    ``timeout`` None: :func:`time_limit` of the text's length. Raises :class:`RegexTimeout`.
    """
    t = _timeout(rx, text, timeout)
    try:
        return list(rx.finditer(text, pos, len(text) if endpos is None else endpos, timeout=t))
    except TimeoutError:
        raise _expired(rx, text, t) from None


def _one(method: str, rx: regex.Pattern, text: str, timeout: float | None, pos: int, endpos: int | None):
    t = _timeout(rx, text, timeout)
    try:
        return getattr(rx, method)(text, pos, len(text) if endpos is None else endpos, timeout=t)
    except TimeoutError:
        raise _expired(rx, text, t) from None


def regex_search(rx: regex.Pattern, text: str, *, timeout: float | None = None, pos: int = 0, endpos: int | None = None):
    """``rx.search`` with a time limit (as :func:`regex_finditer`); a match or ``None``."""
    return _one("search", rx, text, timeout, pos, endpos)


def regex_match(rx: regex.Pattern, text: str, *, timeout: float | None = None, pos: int = 0, endpos: int | None = None):
    """``rx.match`` with a time limit (as :func:`regex_finditer`); a match or ``None``."""
    return _one("match", rx, text, timeout, pos, endpos)


def regex_fullmatch(rx: regex.Pattern, text: str, *, timeout: float | None = None, pos: int = 0, endpos: int | None = None):
    """``rx.fullmatch`` with a time limit (as :func:`regex_finditer`); a match or ``None``."""
    return _one("fullmatch", rx, text, timeout, pos, endpos)
