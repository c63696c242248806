"""YAML dictionaries: the codebook's actors and frames, loaded and validated.

The codebook (``docs/CODEBOOK.md``) fixes the categories; the bundled dictionaries
``analysis/lexicons/actors.yaml`` and ``analysis/lexicons/frames.yaml`` operationalise
them as patterns for :func:`analysis.matcher.match`. This module reads such a file,
validates it and returns an immutable :class:`Lexicon`:

>>> lex = load_lexicon("frames")
>>> hits = match(corpus, lex.to_patterns(), exclude=lex.to_exclude())   # doctest: +SKIP

File format (``format="codebook"``)
-----------------------------------
A mapping with the keys below (any other key is an error, so a typo never silently
drops a field)::

    name: frames               # required; "actors"/"frames" are checked against the codebook
    version: "1.0"             # required, a quoted string
    description: ...           # optional
    sources: [...]             # optional list of strings (references)
    categories:                # required, a non-empty mapping
      humanitarian:
        definition: "..."      # required, non-empty: the codebook's definition
        patterns: [refugee*, atrocit*, "driven from their land", ...]   # required, non-empty
        exclude: ["Humanitarian Center"]   # optional: matches cancel an overlapping hit
        notes: "..."           # optional: hard calls, concordance checks
        primary: false         # optional (actors): the codebook's "primary?" column

Patterns are written in the matcher's pattern language (see :mod:`analysis.matcher`):
whitespace separates the words of a phrase, ``*``/``?`` are globs within one token,
``re:<regex>`` is a regular expression full-matched against one token's folded form,
matching is case- and diacritic-insensitive.

quanteda dictionaries (``format="quanteda"``)
---------------------------------------------
A YAML file as written by quanteda's ``dictionary()`` / read by
``dictionary(file = "x.yml")``: nested mappings whose leaves are lists of patterns::

    economy:
      positive: [growth*, boom]
      negative: [recession*]

Nested keys are flattened with ``"."`` (``economy.positive``), as quanteda's
``dictionary_flatten``; such categories have an empty definition. ``format="auto"``
(the default) reads a file with a top-level ``categories`` key as the codebook format
and anything else as quanteda.

Validation
----------
Errors (:class:`LexiconError`, a ``ValueError``; all problems of a file are reported
together, each line naming the file, the category and the pattern): YAML that does not
parse (only ``yaml.safe_load`` is used), a key repeated in one mapping (YAML would
silently keep the last: a category would vanish), an unknown key, a missing or empty
``name``/``version``/``definition``/``patterns``, a pattern that is not a string or is
blank, a ``re:`` pattern that does not compile or matches the empty string, and — when
validating against the codebook — a codebook category that is missing.

Warnings (:class:`LexiconWarning`, a ``UserWarning``): a pattern listed twice in one
category, a pattern listed in two categories (naming both), a pattern element that the
tokenizer can never produce (``"NATO,"``, ``"Russia's"``, ``"U.S"``: it would silently
count zero), a category that is not in the codebook (a dictionary may grow beyond the
codebook) and a ``primary`` flag that contradicts it.
"""

from __future__ import annotations

import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterator, Literal, Mapping, Sequence


from . import paths
from ._core.options import check_option
from ._core.patterns import compile_pattern
from .tokens import fold

__all__ = [
    "CODEBOOK_ACTORS",
    "CODEBOOK_FRAMES",
    "CODEBOOK_PRIMARY",
    "BUNDLED",
    "Category",
    "Lexicon",
    "LexiconError",
    "LexiconWarning",
    "load_lexicon",
    "load_lexicons",
    "read_quanteda_dictionary",
]

#: The codebook's actors, in codebook order (``docs/CODEBOOK.md``, "Actors").
CODEBOOK_ACTORS: tuple[str, ...] = ("Russia", "NATO", "Serbia", "United States", "Kosovo", "Ukraine", "EU")
#: The actors the codebook marks as primary.
CODEBOOK_PRIMARY: tuple[str, ...] = ("Russia", "NATO", "Serbia")
#: The codebook's frames, in codebook order (``docs/CODEBOOK.md``, "Frames").
CODEBOOK_FRAMES: tuple[str, ...] = (
    "military_security",
    "aggression_threat",
    "diplomacy_negotiation",
    "law_sovereignty",
    "humanitarian",
    "democracy_elections",
    "prestige_identity",
    "alliance_cooperation",
    "economy_sanctions",
    "territory_separatism",
)
#: Codebook categories by lexicon name: a lexicon called ``actors``/``frames`` is checked
#: against these by default.
_CODEBOOKS: dict[str, tuple[str, ...]] = {"actors": CODEBOOK_ACTORS, "frames": CODEBOOK_FRAMES}
#: The bundled lexicons, by name.
BUNDLED: tuple[str, ...] = ("actors", "frames", "people", "modality")

_TOP_KEYS = ("name", "version", "description", "sources", "categories")
_REQUIRED_TOP = ("name", "version", "categories")
_CAT_KEYS = ("definition", "patterns", "exclude", "notes", "primary")


class LexiconError(ValueError):
    """A lexicon file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        n = len(self.problems)
        head = "invalid lexicon" if n == 1 else f"invalid lexicon ({n} problems)"
        super().__init__(head + ":\n  " + "\n  ".join(self.problems))


class LexiconWarning(UserWarning):
    """A lexicon that loads but would probably count something other than intended."""


@dataclass(frozen=True)
class Category:
    """One category of a lexicon (an actor or a frame).

    Attributes
    ----------
    name : str
        As in the codebook (``"United States"``, ``"military_security"``); flattened
        quanteda keys are joined with ``"."``.
    definition : str
        The codebook's definition ("refers to" for actors); ``""`` only for quanteda files.
    patterns : tuple of str
        Patterns in the matcher's language, in file order.
    exclude : tuple of str
        Patterns whose matches cancel an overlapping hit of this category.
    notes : str
        Hard calls and concordance checks, as documented in the file.
    primary : bool or None
        The codebook's "primary?" column (actors); ``None`` when not given.
    """

    name: str
    definition: str
    patterns: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    notes: str = ""
    primary: bool | None = None


@dataclass(frozen=True)
class Lexicon:
    """A validated dictionary: named categories of patterns.

    Attributes
    ----------
    name, version, description : str
    path : Path or None
        The file read (resolved).
    sha256 : str
        SHA-256 of the file's bytes: record it next to any count made with the lexicon.
    categories : Mapping[str, Category]
        Read-only, in file order.
    sources : tuple of str
    format : {"codebook", "quanteda"}
    """

    name: str
    version: str
    path: Path | None
    sha256: str
    categories: Mapping[str, Category]
    description: str = ""
    sources: tuple[str, ...] = ()
    format: Literal["codebook", "quanteda"] = "codebook"

    def __post_init__(self):
        object.__setattr__(self, "categories", MappingProxyType(dict(self.categories)))

    def __hash__(self) -> int:
        return hash((self.name, self.version, self.sha256, self.path, self.format))

    def __len__(self) -> int:
        return len(self.categories)

    def __iter__(self) -> Iterator[str]:
        return iter(self.categories)

    def __contains__(self, category: object) -> bool:
        return category in self.categories

    def __getitem__(self, category: str) -> Category:
        return self.categories[category]

    def to_patterns(self) -> dict[str, list[str]]:
        """``{category: [pattern, ...]}`` for :func:`analysis.matcher.match`, in file order."""
        return {name: list(c.patterns) for name, c in self.categories.items()}

    def to_exclude(self) -> dict[str, list[str]]:
        """``{category: [exclusion, ...]}`` for ``match(..., exclude=...)``; only the
        categories that have exclusions."""
        return {name: list(c.exclude) for name, c in self.categories.items() if c.exclude}

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        n = sum(len(c.patterns) for c in self.categories.values())
        return f"Lexicon({self.name!r} v{self.version}: {len(self)} categories, {n} patterns, sha256 {self.sha256[:12]})"


# --------------------------------------------------------------------------- checks


def _key(pattern: str) -> str:
    """Comparison form of a pattern: folded words (as the matcher compares them)."""
    if pattern.startswith("re:"):
        return pattern
    return " ".join(fold(e) for e in pattern.split())


class _Checker:
    """Collects the errors and warnings of one file."""

    def __init__(self, label: str):
        self.label = label
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def error(self, msg: str) -> None:
        self.errors.append(f"{self.label}: {msg}")

    def warn(self, msg: str) -> None:
        self.warnings.append(f"{self.label}: {msg}")

    def patterns(self, cat: str, values, what: str) -> tuple[str, ...]:
        """Validate a list of patterns (``what`` = "patterns" or "exclude")."""
        where = f"category {cat!r}, {what}"
        if isinstance(values, str):
            values = [values]
        if values is None or not isinstance(values, list):
            self.error(f"{where}: must be a list of pattern strings, got {type(values).__name__}")
            return ()
        if not values and what == "patterns":
            self.error(f"{where}: empty list (a category needs at least one pattern)")
        out: list[str] = []
        seen: dict[str, str] = {}
        for p in values:
            if not isinstance(p, str):
                self.error(f"{where}: pattern {p!r} is a {type(p).__name__}, not a string (quote it in the YAML)")
                continue
            if not p.strip():
                self.error(f"{where}: empty pattern {p!r}")
                continue
            # the matcher's own checks: a bad or empty-matching regex is an error, an element
            # that can never match a token a warning
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    compile_pattern(p)
            except ValueError as exc:
                self.error(f"{where}: {exc}")
                continue
            for w in caught:
                self.warn(f"{where}: {w.message}")
            k = _key(p)
            if k in seen:
                self.warn(f"{where}: duplicate pattern {p!r} (same as {seen[k]!r})")
                continue
            seen[k] = p
            out.append(p)
        return tuple(out)

    def text(self, where: str, value, *, required: bool) -> str:
        if value is None:
            if required:
                self.error(f"{where}: missing")
            return ""
        if not isinstance(value, str):
            self.error(f"{where}: must be a string, got {type(value).__name__} {value!r} (quote it in the YAML)")
            return ""
        if required and not value.strip():
            self.error(f"{where}: empty")
        return value.strip()


# --------------------------------------------------------------------------- loading


def _resolve(source: str | Path) -> Path:
    if isinstance(source, str) and source in BUNDLED:
        return paths.LEXICONS / f"{source}.yaml"
    return Path(source).expanduser().resolve()


def _read(path: Path) -> tuple[object, bytes]:
    """The lexicon file's YAML document and its bytes, read as untrusted input
    (:func:`analysis.safe_yaml.parse_yaml`: size, alias and expansion limits, duplicate keys
    an error, UTF-8); every problem is a :class:`LexiconError` naming the file and line."""
    from .safe_yaml import YAMLInputError, parse_yaml

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise LexiconError(f"{path}: cannot read lexicon file: {exc}") from None
    try:
        doc = parse_yaml(data, source=str(path))
    except YAMLInputError as exc:
        raise LexiconError(list(exc.problems)) from None
    return doc, data


def _codebook_format(doc: dict, ck: _Checker, codebook: bool | Sequence[str] | None):
    for k in doc:
        if k not in _TOP_KEYS:
            ck.error(f"unknown top-level key {k!r} (valid keys: {', '.join(_TOP_KEYS)})")
    for k in _REQUIRED_TOP:
        if k not in doc:
            ck.error(f"missing top-level key {k!r}")
    name = ck.text("'name'", doc.get("name"), required="name" in doc)
    version = ck.text("'version'", doc.get("version"), required="version" in doc)
    description = ck.text("'description'", doc.get("description"), required=False)
    sources = doc.get("sources", []) or []
    if not isinstance(sources, list) or not all(isinstance(s, str) for s in sources):
        ck.error("'sources' must be a list of strings")
        sources = []
    cats_raw = doc.get("categories")
    categories: dict[str, Category] = {}
    if "categories" in doc and (not isinstance(cats_raw, dict) or not cats_raw):
        ck.error("'categories' must be a non-empty mapping of category name → {definition, patterns, ...}")
        cats_raw = {}
    for cname, body in (cats_raw or {}).items():
        if not isinstance(cname, str) or not cname.strip():
            ck.error(f"category name {cname!r} must be a non-empty string")
            continue
        if not isinstance(body, dict):
            ck.error(f"category {cname!r}: must be a mapping with 'definition' and 'patterns', got {type(body).__name__}")
            continue
        for k in body:
            if k not in _CAT_KEYS:
                ck.error(f"category {cname!r}: unknown key {k!r} (valid keys: {', '.join(_CAT_KEYS)})")
        definition = ck.text(f"category {cname!r}, 'definition'", body.get("definition"), required=True)
        if "patterns" not in body:
            ck.error(f"category {cname!r}: missing 'patterns'")
        pats = ck.patterns(cname, body.get("patterns"), "patterns") if "patterns" in body else ()
        excl = ck.patterns(cname, body.get("exclude"), "exclude") if body.get("exclude") is not None else ()
        notes = ck.text(f"category {cname!r}, 'notes'", body.get("notes"), required=False)
        primary = body.get("primary")
        if primary is not None and not isinstance(primary, bool):
            ck.error(f"category {cname!r}: 'primary' must be true or false, got {primary!r}")
            primary = None
        categories[cname] = Category(cname, definition, pats, excl, notes, primary)
    # codebook
    expected: tuple[str, ...] | None
    if codebook is None:
        expected = _CODEBOOKS.get(name)
    elif codebook is True:
        expected = _CODEBOOKS.get(name)
        if expected is None:
            ck.error(f"no codebook for a lexicon named {name!r} (known: {', '.join(_CODEBOOKS)}); pass codebook=[...] or codebook=False")
    elif codebook is False:
        expected = None
    else:
        expected = tuple(codebook)
    if expected is not None and categories:
        for c in expected:
            if c not in categories:
                ck.error(f"codebook category {c!r} is missing (the codebook's categories: {', '.join(expected)})")
        for c in categories:
            if c not in expected:
                ck.warn(f"category {c!r} is not in the codebook (allowed: a dictionary may grow beyond it)")
        if expected == CODEBOOK_ACTORS:
            for c, cat in categories.items():
                if cat.primary is not None and c in expected and cat.primary != (c in CODEBOOK_PRIMARY):
                    ck.warn(f"category {c!r}: primary={cat.primary} contradicts the codebook")
    return name, version, description, tuple(sources), categories


def _flatten_quanteda(node, prefix: str, ck: _Checker, out: dict[str, Category]) -> None:
    if isinstance(node, dict):
        if not node:
            ck.error(f"category {prefix or '<top>'!r}: empty mapping")
        for k, v in node.items():
            if not isinstance(k, (str, int, float)) or isinstance(k, bool) or not str(k).strip():
                ck.error(f"category name {k!r} under {prefix or '<top>'!r} must be a non-empty string")
                continue
            _flatten_quanteda(v, f"{prefix}.{k}" if prefix else str(k), ck, out)
        return
    if isinstance(node, (list, str)):
        if not prefix:
            ck.error("a quanteda dictionary must be a mapping of keys to pattern lists")
            return
        out[prefix] = Category(prefix, "", ck.patterns(prefix, node, "patterns"))
        return
    ck.error(f"category {prefix!r}: must be a list of patterns or a nested mapping, got {type(node).__name__} {node!r}")


def _warn_cross(categories: Mapping[str, Category], ck: _Checker) -> None:
    first: dict[str, str] = {}
    for cname, cat in categories.items():
        for p in cat.patterns:
            k = _key(p)
            if k in first and first[k] != cname:
                ck.warn(f"pattern {p!r} is in two categories: {first[k]!r} and {cname!r}")
            first.setdefault(k, cname)


def load_lexicon(
    source: str | Path,
    *,
    format: Literal["auto", "codebook", "quanteda"] = "auto",
    codebook: bool | Sequence[str] | None = None,
) -> Lexicon:
    """Read, validate and return a lexicon.

    Parameters
    ----------
    source : str or Path
        ``"actors"`` or ``"frames"`` for a bundled lexicon, or a path to a YAML file.
    format : {"auto", "codebook", "quanteda"}, default "auto"
        ``"auto"``: the codebook format if the file has a top-level ``categories`` key,
        else a quanteda dictionary.
    codebook : bool, sequence of str or None, default None
        Check the categories against a codebook. ``None``: for a codebook-format file
        named ``actors``/``frames`` (its ``name`` field), check against
        :data:`CODEBOOK_ACTORS`/:data:`CODEBOOK_FRAMES`; otherwise do not. ``True``:
        require such a name. ``False``: no check. A sequence: these categories must exist.
        A missing codebook category is an error, an extra category a warning.

    Returns
    -------
    Lexicon

    Raises
    ------
    LexiconError
        Every problem of the file at once, each naming the file, category and pattern.
    ValueError
        An invalid ``format``.

    Warns
    -----
    LexiconWarning
        Duplicate patterns (within or across categories), patterns that can never match
        the tokenizer's output, categories beyond the codebook.

    Examples
    --------
    >>> lex = load_lexicon("actors")
    >>> lex.categories["Serbia"].primary, "Serb*" in lex.to_patterns()["Serbia"]
    (True, True)
    """
    check_option("format", format, ("auto", "codebook", "quanteda"))
    path = _resolve(source)
    doc, data = _read(path)
    sha = hashlib.sha256(data).hexdigest()
    ck = _Checker(str(path))
    if format == "auto":
        format = "codebook" if isinstance(doc, dict) and "categories" in doc else "quanteda"
    if format == "codebook":
        if not isinstance(doc, dict):
            raise LexiconError(f"{path}: a lexicon must be a YAML mapping with 'name', 'version' and 'categories', got {type(doc).__name__}")
        name, version, description, sources, categories = _codebook_format(doc, ck, codebook)
    else:
        if not isinstance(doc, dict) or not doc:
            raise LexiconError(f"{path}: a quanteda dictionary must be a non-empty YAML mapping of keys to pattern lists")
        categories = {}
        _flatten_quanteda(doc, "", ck, categories)
        name, version, description, sources = path.stem, "", "", ()
        if codebook not in (None, False):
            expected = tuple(codebook) if not isinstance(codebook, bool) else _CODEBOOKS.get(name)
            if expected is None:
                ck.error(f"no codebook for a lexicon named {name!r}; pass codebook=[...] or codebook=False")
            else:
                for c in expected:
                    if c not in categories:
                        ck.error(f"codebook category {c!r} is missing")
    if ck.errors:
        raise LexiconError(ck.errors)
    _warn_cross(categories, ck)
    for w in ck.warnings:
        warnings.warn(w, LexiconWarning, stacklevel=2)
    from .provenance import record

    record("lexicon", name, sha)
    return Lexicon(name, version, path, sha, categories, description, sources, format)


def read_quanteda_dictionary(path: str | Path) -> Lexicon:
    """Read a quanteda-style YAML dictionary (nested keys flattened with ``"."``).

    Examples
    --------
    A file ``{economy: {positive: [growth*, boom], negative: [recession*]}}`` gives the
    categories ``economy.positive`` → ``("growth*", "boom")`` and ``economy.negative`` →
    ``("recession*",)``, each with ``definition == ""``.
    """
    return load_lexicon(path, format="quanteda", codebook=False)


def load_lexicons() -> dict[str, Lexicon]:
    """The bundled lexicons, ``{"actors": ..., "frames": ...}``."""
    return {n: load_lexicon(n) for n in BUNDLED}
