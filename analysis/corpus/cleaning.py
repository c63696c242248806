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

from .errors import CorpusError

__all__ = ["Rule", "load_rules", "clean_text", "blank", "check_rule_counts"]


@dataclass(frozen=True)
class Rule:
    """One cleaning rule of ``cleaning.yaml``, compiled.

    Attributes
    ----------
    name : str
        The rule's name, shown in the ``rule`` column of the residue table.
    regex : re.Pattern
        The pattern, compiled in multi-line mode.
    docs : tuple of str or None
        The documents the rule applies to (``None``: every document).
    expect : int or None
        The number of matches over the corpus; another count is an error.
    """

    name: str
    regex: re.Pattern
    docs: tuple[str, ...] | None
    expect: int | None


def load_rules(folder: Path) -> list[Rule]:
    """Read and validate ``folder/cleaning.yaml`` (no file: no rules).

    Parameters
    ----------
    folder : Path
        The corpus folder.

    Returns
    -------
    list of Rule
        In file order.

    Raises
    ------
    CorpusError
        Invalid YAML, unknown keys, a missing or duplicate name, a missing, invalid or
        empty-matching pattern; every problem of the file in one message.
    """
    import yaml  # local: keep `import analysis` light

    path = folder / "cleaning.yaml"
    if not path.is_file():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CorpusError(f"{path}: invalid YAML: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("rules", []), list):
        raise CorpusError(f"{path}: expected a mapping with a list under 'rules'")
    unknown = set(data) - {"version", "rules", "description"}
    if unknown:
        raise CorpusError(f"{path}: unknown key(s) {sorted(unknown)}")
    rules, problems, names = [], [], set()
    for k, r in enumerate(data.get("rules") or []):
        where = f"{path}, rule {k + 1}"
        if not isinstance(r, dict):
            problems.append(f"{where}: expected a mapping")
            continue
        bad = set(r) - {"name", "pattern", "docs", "expect", "description"}
        if bad:
            problems.append(f"{where}: unknown key(s) {sorted(bad)}")
        name = str(r.get("name") or "")
        if not name:
            problems.append(f"{where}: missing 'name'")
        elif name in names:
            problems.append(f"{where}: duplicate rule name {name!r}")
        names.add(name)
        pat = r.get("pattern")
        if not pat or not isinstance(pat, str):
            problems.append(f"{where} ({name}): missing or empty 'pattern'")
            continue
        try:
            rx = re.compile(pat, re.MULTILINE)
        except re.error as exc:
            problems.append(f"{where} ({name}): bad regular expression {pat!r}: {exc}")
            continue
        if rx.match(""):
            problems.append(f"{where} ({name}): pattern {pat!r} matches the empty string")
            continue
        docs = r.get("docs")
        rules.append(Rule(name, rx, tuple(docs) if docs else None, r.get("expect")))
    if problems:
        raise CorpusError(problems)
    return rules


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
    """
    residue = []
    if raw.startswith("\ufeff"):
        residue.append(dict(doc_id=doc_id, start=0, end=1, rule="byte-order-mark", kind="residue"))
    for rule in rules:
        if rule.docs is not None and doc_id not in rule.docs:
            continue
        for m in rule.regex.finditer(raw):
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
            raise CorpusError(f"{folder / 'cleaning.yaml'}, rule {rule.name!r}: expected {rule.expect} match(es), found {n}")
        if n == 0:
            warnings.warn(f"{folder / 'cleaning.yaml'}: rule {rule.name!r} matched nothing", stacklevel=2)
