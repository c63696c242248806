"""Stop-word lists and the two ways an option names one.

The default list is scikit-learn's ``ENGLISH_STOP_WORDS`` plus the editable domain list in
``analysis/data/stopwords_domain.txt`` (tokenizer artefacts such as ``'s`` and
contractions, reporting verbs, honorifics). :func:`stop_words` and
:func:`read_stop_words` are public through :mod:`analysis.wordlists`.

Two option conventions exist (a later step unifies the vocabulary; their behaviour is kept):

* word lists and vectors: ``None``, ``"default"`` (:func:`stop_words`) or a list of words
  (:func:`resolve_stop_words`);
* keywords and collocation: ``None``, ``"english"`` (scikit-learn's list only) or a list of
  words (:func:`stop_set`).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Literal

from ..tokens import fold

__all__ = ["DOMAIN_STOP_WORDS", "StopWords", "read_stop_words", "stop_words", "resolve_stop_words", "stop_set"]

#: The editable domain stop-word list (one word per line, ``#`` comments).
DOMAIN_STOP_WORDS = Path(__file__).resolve().parents[1] / "data" / "stopwords_domain.txt"

StopWords = None | Literal["default"] | Iterable[str]


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
def default_stop_words() -> frozenset[str]:
    """scikit-learn's English list and the domain list, folded (read once)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(fold(w) for w in ENGLISH_STOP_WORDS) | frozenset(read_stop_words())


def stop_words(extra: Iterable[str] = ()) -> frozenset[str]:
    """The default stop words: scikit-learn's English list + the domain list + ``extra``.

    All words are folded (:func:`analysis.tokens.fold`), i.e. comparable with ``norm``.

    Examples
    --------
    >>> sw = stop_words(["Kosovo"])
    >>> {"the", "'s", "said", "kosovo"} <= sw, "russia" in sw
    (True, False)
    """
    return default_stop_words() | frozenset(fold(w) for w in extra)


def resolve_stop_words(sw: StopWords, column: str) -> frozenset[str]:
    """The words of a word-list ``stop_words`` option: ``None``, ``"default"`` or a list
    (folded when ``column`` is ``"norm"``)."""
    if sw is None:
        return frozenset()
    if isinstance(sw, str):
        if sw != "default":
            raise ValueError(f"stop_words={sw!r} is not valid; use None, 'default' or a list of words")
        return stop_words()
    words = list(sw)
    return frozenset(fold(w) for w in words) if column == "norm" else frozenset(words)


def stop_set(stop_words, unit: str) -> set[str]:
    """The words of a keywords / collocation ``stop_words`` option: ``None``, ``"english"``
    (scikit-learn's list) or an iterable; with ``unit="norm"`` their normalised forms too."""
    if stop_words is None:
        return set()
    if isinstance(stop_words, str):
        if stop_words != "english":
            raise ValueError("stop_words must be None, 'english' (scikit-learn's list) or an iterable of strings")
        from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

        stop_words = ENGLISH_STOP_WORDS
    from ..tokens import normalize

    words = set(stop_words)
    return words | {normalize(w) for w in words} if unit == "norm" else words
