"""Cleaning: the page-residue rules of ``cleaning.yaml``, applied to a raw text.

Owns the rules (:class:`Rule`: a named regular expression in multi-line mode, optionally
limited to some documents and with an ``expect`` count), reading and validating them
(:func:`load_rules`), finding a document's residue (:func:`clean_text`, which also lists a
byte-order mark), blanking spans to spaces (:func:`blank`) and the corpus-wide check of
the ``expect`` counts (:func:`check_rule_counts`).

Hands the next step (:mod:`analysis.corpus.document`) the residue records (``doc_id,
start, end, rule, kind``) and the clean text: the raw text with every residue character
replaced by a space (line breaks kept), so offsets into it are offsets into the raw text.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

from ..safe_regex import BASE_TIMEOUT, MULTILINE, RegexInputError, RegexTimeout, compile_regex, regex_finditer, regex_match
from ..safe_yaml import YAMLInputError, parse_yaml
from .errors import CorpusError

__all__ = ["Rule", "load_rules", "clean_text", "blank", "check_rule_counts"]


@dataclass(frozen=True)
class Rule:
    """One cleaning rule of ``cleaning.yaml``, compiled.

    Attributes
    ----------
    name : str
        The rule's name, shown in the ``rule`` column of the residue table.
    regex : regex.Pattern
        The pattern, compiled in multi-line mode by :func:`analysis.safe_regex.compile_regex`
        (the syntax of :mod:`re`; run with a time limit).
    docs : tuple of str or None
        The documents the rule applies to (``None``: every document).
    expect : int or None
        The number of matches over the corpus; another count is an error.
    number : int
        Its position in the file (1 for the first rule), for messages.
    source : str
        The file it comes from, for messages.
    """

    name: str
    regex: object
    docs: tuple[str, ...] | None
    expect: int | None
    number: int = 0
    source: str = "cleaning.yaml"


_RULE_KEYS = {"name", "pattern", "docs", "expect", "description"}


def load_rules(folder: Path, doc_ids: set[str] | None = None, *, data: bytes | None = None) -> list[Rule]:
    """Read and validate ``folder/cleaning.yaml`` (no file: no rules).

    The file is read with :func:`analysis.safe_yaml.parse_yaml` (size and alias limits,
    duplicate keys an error) and every pattern compiled with
    :func:`analysis.safe_regex.compile_regex` (run later with a time limit).

    Parameters
    ----------
    folder : Path
        The corpus folder.
    doc_ids : set of str, optional
        The documents of the manifest: a rule's ``docs`` naming another is an error.
    data : bytes, optional
        The file's bytes when the caller has read them already (to hash what it parses).

    Returns
    -------
    list of Rule
        In file order.

    Raises
    ------
    CorpusError
        Unreadable or invalid YAML (not UTF-8, an alias bomb, a duplicate key), unknown
        keys, a missing or duplicate name, a missing, invalid or empty-matching pattern,
        ``docs`` that is not a document id or a list of them or names an unknown document,
        an ``expect`` that is not a count; every problem of the file in one message, each
        naming the file, the rule and the field.
    """
    path = folder / "cleaning.yaml"
    if data is None and not path.is_file():
        return []
    try:
        doc = parse_yaml(path.read_bytes() if data is None else data, source=str(path), max_aliases=100)
    except YAMLInputError as exc:
        raise CorpusError(exc.problems) from None
    data = doc if doc is not None else {}
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise CorpusError(f"{path}: expected a mapping with a list under 'rules'")
    unknown = set(data) - {"version", "rules", "description"}
    if unknown:
        raise CorpusError(f"{path}: unknown key(s) {sorted(map(str, unknown))}")
    rules, problems, names = [], [], set()
    for k, r in enumerate(data.get("rules") or []):
        rule = _rule(path, k + 1, r, names, doc_ids, problems)
        if rule is not None:
            rules.append(rule)
    if problems:
        raise CorpusError(problems)
    return rules


def _rule(path: Path, number: int, r, names: set, doc_ids: set[str] | None, problems: list[str]) -> Rule | None:
    """One rule of the file, validated (problems appended, each naming file, rule and field)."""
    where = f"{path}, rule {number}"
    if not isinstance(r, dict):
        problems.append(f"{where}: expected a mapping (name, pattern, docs, expect, description)")
        return None
    bad = set(r) - _RULE_KEYS
    if bad:
        problems.append(f"{where}: unknown key(s) {sorted(map(str, bad))} (valid: {', '.join(sorted(_RULE_KEYS))})")
    name = r.get("name")
    name = str(name) if isinstance(name, (str, int)) and not isinstance(name, bool) else ""
    if not name:
        problems.append(f"{where}, field 'name': missing (a string)")
    elif name in names:
        problems.append(f"{where}, field 'name': duplicate rule name {name!r}")
    names.add(name)
    where = f"{where} ({name})"
    n_before = len(problems)
    docs = _docs(r.get("docs"), where, doc_ids, problems)
    expect = _expect(r.get("expect"), where, problems)
    pat = r.get("pattern")
    if not pat or not isinstance(pat, str):
        problems.append(f"{where}, field 'pattern': missing or empty (a regular expression, as a string)")
        return None
    try:
        rx = compile_regex(pat, MULTILINE)
        if regex_match(rx, "", timeout=BASE_TIMEOUT):
            problems.append(f"{where}, field 'pattern': {pat!r} matches the empty string")
    except RegexInputError as exc:
        problems.append(f"{where}: {exc} (field 'pattern')")
    if len(problems) > n_before:
        return None
    return Rule(name, rx, docs, expect, number, str(path))


def _docs(docs, where: str, doc_ids: set[str] | None, problems: list[str]) -> tuple[str, ...] | None:
    """A rule's ``docs``: a document id, or a list of them (strings: quote an id YAML reads as a number)."""
    if docs is None:
        return None
    items = [docs] if isinstance(docs, str) else docs
    if not isinstance(items, list) or not items or not all(isinstance(d, str) and d for d in items):
        problems.append(f"{where}, field 'docs': expected a document id or a list of document ids, "
                        f"got {type(docs).__name__} {docs!r} (quote an id YAML would read as a number)")
        return None
    out = tuple(items)
    unknown = [d for d in out if doc_ids is not None and d not in doc_ids]
    if unknown:
        problems.append(f"{where}, field 'docs': unknown document(s) {', '.join(map(repr, unknown))} "
                        "(not in manifest.csv)")
    return out


def _expect(expect, where: str, problems: list[str]) -> int | None:
    """A rule's ``expect``: a count (a whole number ≥ 0, or one written as a string)."""
    if expect is None:
        return None
    if isinstance(expect, str) and expect.strip().isascii() and expect.strip().isdigit():
        return int(expect)
    if isinstance(expect, int) and not isinstance(expect, bool) and expect >= 0:
        return expect
    problems.append(f"{where}, field 'expect': expected a count (a whole number, 0 or more), got {expect!r}")
    return None


def clean_text(doc_id: str, raw: str, rules: list[Rule]) -> tuple[list[dict], str]:
    """The residue of one document and its clean text.

    Parameters
    ----------
    doc_id : str
    raw : str
        The document's text as read from its file.
    rules : list of Rule
        From :func:`load_rules`; rules limited to other documents are skipped.

    Returns
    -------
    residue : list of dict
        One record per span left out (``doc_id, start, end, rule, kind="residue"``): a
        byte-order mark first, then each rule's non-empty matches, rule by rule.
    clean : str
        ``raw`` with every residue character blanked (see :func:`blank`).

    Raises
    ------
    CorpusError
        A rule that runs past its time limit on this document
        (:func:`analysis.safe_regex.time_limit` of its length), naming the file, the rule
        and the document.
    """
    residue = []
    if raw.startswith("\ufeff"):
        residue.append(dict(doc_id=doc_id, start=0, end=1, rule="byte-order-mark", kind="residue"))
    for rule in rules:
        if rule.docs is not None and doc_id not in rule.docs:
            continue
        try:
            matches = regex_finditer(rule.regex, raw)
        except RegexTimeout as exc:
            raise CorpusError(f"{rule.source}, rule {rule.number} ({rule.name}), document {doc_id!r}: {exc}") from None
        for m in matches:
            if m.end() > m.start():
                residue.append(dict(doc_id=doc_id, start=m.start(), end=m.end(), rule=rule.name, kind="residue"))
    return residue, blank(raw, [(r["start"], r["end"]) for r in residue])


_NOT_LINE_BREAK = re.compile(r"[^\n\r]")


def blank(text: str, spans) -> str:
    """Replace every character in ``spans`` by a space, keeping line breaks.

    Parameters
    ----------
    text : str
    spans : iterable of (int, int)
        Character spans ``(start, end)``, in any order; overlapping spans are fine.

    Returns
    -------
    str
        Of the same length as ``text``, so offsets stay valid.

    Examples
    --------
    >>> blank("ab\\ncd", [(1, 4)])
    'a \\n d'
    """
    if not spans:
        return text
    pieces, pos = [], 0
    for a, b in sorted(spans):  # overlapping spans: blank each character once
        a = max(a, pos)
        if b > a:
            pieces += [text[pos:a], _NOT_LINE_BREAK.sub(" ", text[a:b])]
            pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


def check_rule_counts(folder: Path, rules: list[Rule], residue: list[dict]) -> None:
    """Check each rule's matches over the whole corpus against its ``expect`` count.

    Parameters
    ----------
    folder : Path
        The corpus folder (for messages).
    rules : list of Rule
    residue : list of dict
        Every document's residue records.

    Raises
    ------
    CorpusError
        For the first rule whose count differs from its ``expect``.

    Warns
    -----
    UserWarning
        For a rule that matched nothing.
    """
    for rule in rules:
        n = sum(1 for r in residue if r["rule"] == rule.name)
        if rule.expect is not None and n != rule.expect:
            raise CorpusError(f"{folder / 'cleaning.yaml'}, rule {rule.number} ({rule.name}), field 'expect': expected {rule.expect} match(es), found {n}")
        if n == 0:
            warnings.warn(f"{folder / 'cleaning.yaml'}: rule {rule.name!r} matched nothing", stacklevel=2)
