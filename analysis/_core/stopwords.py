"""Stop-word lists and what a ``stop_words`` option names: one meaning per value everywhere.

* ``"english"`` — scikit-learn's ``ENGLISH_STOP_WORDS`` (318 words);
* ``"default"`` — ``"english"`` plus the editable domain list in
  ``analysis/data/stopwords_domain.txt`` (tokenizer artefacts such as ``'s`` and
  contractions, reporting verbs, honorifics): :func:`stop_words`;
* ``None`` — no stop words;
* an iterable of strings — those words.

Every function with a ``stop_words`` option (word lists, vectors, keywords, collocation)
reads these values through :func:`named_stop_words`. :func:`stop_words` and
:func:`read_stop_words` are public through :mod:`analysis.wordlists`.

Matching differs by form: word lists and vectors fold the words and compare them with
the folded term (also with ``form="token"``, so ``The`` is a stop word); keywords and
collocation compare the words and their normalised forms with the term as counted
(:func:`stop_set`; with ``form="token"`` ``The`` is not ``the``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

from ..tokens import fold

__all__ = ["DOMAIN_STOP_WORDS", "STOP_LISTS", "StopWords", "read_stop_words", "stop_words", "named_stop_words",
           "resolve_stop_words", "stop_set"]

#: The editable domain stop-word list (one word per line, ``#`` comments).
DOMAIN_STOP_WORDS = Path(__file__).resolve().parents[1] / "data" / "stopwords_domain.txt"
#: scikit-learn's English list, as a file (read without importing scikit-learn, which takes seconds).
ENGLISH_STOP_WORDS_FILE = DOMAIN_STOP_WORDS.with_name("stopwords_english.txt")

StopWords = None | Literal["english", "default"] | Iterable[str]
#: The named lists, the valid string values of a ``stop_words`` option.
STOP_LISTS = ("english", "default")


def read_stop_words(path: str | Path = DOMAIN_STOP_WORDS) -> list[str]:
    """Read a stop-word file: one word per line, ``#`` starts a comment; folded words.

    Examples
    --------
    >>> "'s" in read_stop_words()
    True
    """
    words = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        w = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if w:
            words.append(fold(w))
    return words


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's English list, folded (read once, from :data:`ENGLISH_STOP_WORDS_FILE`)."""
    return frozenset(read_stop_words(ENGLISH_STOP_WORDS_FILE))


@lru_cache(maxsize=1)
def default_stop_words() -> frozenset[str]:
    """scikit-learn's English list and the domain list, folded (read once)."""
    return english_stop_words() | frozenset(read_stop_words())


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The default stop words (``stop_words="default"``): scikit-learn's English list + the
    domain list + ``extra``.

    All words are folded (:func:`analysis.tokens.fold`), i.e. comparable with ``norm``.

    Examples
    --------
    >>> sw = stop_words(["Kosovo"])
    >>> {"the", "'s", "said", "kosovo"} <= sw, "russia" in sw
    (True, False)
    """
    return default_stop_words() | frozenset(fold(w) for w in extra)


def named_stop_words(name: str) -> frozenset[str]:
    """The words of a named list: ``"english"`` or ``"default"`` (folded).

    Examples
    --------
    >>> len(named_stop_words("english")), "said" in named_stop_words("default")
    (318, True)
    """
    if name not in STOP_LISTS:
        raise ValueError(f"stop_words={name!r} is not valid; valid values: None (no stop words), 'english' "
                         "(scikit-learn's list), 'default' ('english' + the domain list) or a list of words")
    return english_stop_words() if name == "english" else default_stop_words()


def resolve_stop_words(sw: StopWords, form: str) -> frozenset[str]:
    """The words of a word-list or vector ``stop_words`` option: ``None``, ``"english"``,
    ``"default"`` or a list (folded when ``form`` is ``"norm"``)."""
    if sw is None:
        return frozenset()
    if isinstance(sw, str):
        return named_stop_words(sw)
    words = list(sw)
    return frozenset(fold(w) for w in words) if form == "norm" else frozenset(words)


def stop_set(sw: StopWords, form: str) -> set[str]:
    """The words of a keywords / collocation ``stop_words`` option: ``None``, ``"english"``,
    ``"default"`` or an iterable; with ``form="norm"`` their normalised forms too."""
    if sw is None:
        return set()
    words = set(named_stop_words(sw) if isinstance(sw, str) else sw)
    from ..tokens import normalize

    return words | {normalize(w) for w in words} if form == "norm" else words
