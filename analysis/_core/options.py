"""The one validator of closed option sets, with one message format.

Every function of the package that takes an option from a fixed set (``context``,
``voice``, ``by``, ``measure`` …) checks it on entry with :func:`check_option`, so a wrong
value always fails the same way: the message names the option, the value given and every
valid value, e.g. ``context='paragraph' is not valid; valid values: 'token', 'sentence'
(context must be one of these)``.
"""

from __future__ import annotations

from typing import Iterable

__all__ = ["check_option", "option_error"]


def option_error(name: str, value, valid: Iterable) -> ValueError:
    """The error for ``name=value`` outside ``valid`` (see the module docstring)."""
    shown = ", ".join(map(repr, valid))
    return ValueError(f"{name}={value!r} is not valid; valid values: {shown} ({name} must be one of these)")


def check_option(name: str, value, valid: Iterable) -> None:
    """Raise :func:`option_error` unless ``value`` is one of ``valid``.

    Examples
    --------
    >>> check_option("context", "token", ("token", "sentence"))
    >>> check_option("context", "word", ("token", "sentence"))
    Traceback (most recent call last):
    ...
    ValueError: context='word' is not valid; valid values: 'token', 'sentence' (context must be one of these)
    """
    valid = tuple(valid)
    try:
        ok = value in valid
    except (TypeError, ValueError):  # an unhashable or uncomparable value (an array) is never valid
        ok = False
    if not ok:
        raise option_error(name, value, valid)
