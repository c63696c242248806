"""The corpus as data: manifest, loading, cleaning, paragraphs, sentences, voices, tokens.

``load_corpus(folder)`` reads ``folder/manifest.csv`` and the texts it lists and
returns a :class:`Corpus` of tidy tables (see the README's "Tables" section):

documents   one row per text: manifest columns, ``raw`` text, ``text`` (clean: residue
            and markup blanked to spaces, so offsets into it equal offsets into ``raw``)
sentences   ``doc_id, sent_id``: paragraph, char ``start, end`` into raw, ``voice``
            (author / quoted / mixed), ``speaker``, ``is_heading``, ``n_tokens``, ``text``
tokens      ``doc_id, i``: ``sent_id``, ``para_id``, ``token`` (as written), ``norm``,
            ``voice``, ``speaker``, ``start, end`` into raw
residue     the cleaning report: every span left out of the analysis
            (``doc_id, start, end, rule, kind, text``), page residue and speaker markup
quotes      every quoted span found (``doc_id, para_id, start, end, voice, speaker, how``)

Optional files in the corpus folder, all plain data reviewed in diffs:

``cleaning.yaml``  page-residue rules (regular expressions, multi-line mode), each with
                   a name, an optional ``docs`` list and an optional ``expect`` count
``voices.csv``     hand-kept voice overrides where the rules cannot decide
                   (``doc_id, scope, anchor, voice, speaker, note``; scope is
                   ``paragraph`` or ``quote``; the anchor is the text the paragraph or
                   the quotation starts with)

Voices (see the README for the full rules)
------------------------------------------
* A paragraph that opens with a short speaker label (``President Putin: …``) used at
  least twice as a label in the document starts a transcript turn; the turn goes on
  over the following unlabelled paragraphs until the next label, a heading, or an
  override. The label itself is markup (listed in ``residue``), not a token.
* A paragraph of the form ``Vesti, 2018`` (a name, a comma, a year) is a source line:
  the following paragraphs are a quoted excerpt with that speaker, as for turns.
* Inside author paragraphs, text between quotation marks (“…”, „…“, «…», "…",
  ‘…’) is quoted voice when it spans at least ``min_quote_tokens`` tokens (shorter
  ones are scare quotes or mentions and stay author voice). The speaker is read from
  a speech verb in the same sentence (``said NATO's military commander General
  Wesley Clark`` → ``Clark``; ``Putin told Clinton`` → ``Putin``), else ``unknown``.
"""

from __future__ import annotations

import contextlib
import csv
import ctypes
import datetime as _dt
import gc
import hashlib
import io
import itertools
import os
import re
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .frames import str_array
from .tokens import TOKEN_RE, encode, normalize, vocabulary
from .tokens import code_dtype as _code_dtype

__all__ = [
    "Corpus",
    "CorpusError",
    "load_corpus",
    "read_manifest",
    "split_sentences",
    "MANIFEST_REQUIRED",
    "overview",
    "cleaning_report",
    "voice_table",
    "corpus_hash",
    "load_document",
]

MANIFEST_REQUIRED = ("doc_id", "file", "group")
MANIFEST_OPTIONAL = (
    "original_file",
    "kind",
    "outlet",
    "published",
    "year",
    "authors",
    "title",
    "sha256",
    "encoding",
)
VOICES = ("author", "quoted")
SENTENCE_VOICES = ("author", "quoted", "mixed")


class CorpusError(ValueError):
    """A problem with the corpus input. The message names file, line and field."""

    def __init__(self, problems: list[str] | str):
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------- manifest


def _parse_published(value: str) -> tuple[_dt.date | None, str | None]:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD. Return (date of the first day, error)."""
    value = value.strip()
    if not value:
        return None, None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value)
    if not m:
        return None, f"unparseable date {value!r} (use YYYY, YYYY-MM or YYYY-MM-DD)"
    y, mo, d = int(m[1]), int(m[2] or 1), int(m[3] or 1)
    try:
        return _dt.date(y, mo, d), None
    except ValueError as exc:
        return None, f"unparseable date {value!r} ({exc})"


def read_manifest(folder: str | Path) -> pd.DataFrame:
    """Read and validate ``folder/manifest.csv``.

    Raises
    ------
    CorpusError
        Listing every problem found, each naming the file, line and field: missing
        columns, empty or duplicate ``doc_id``, a row whose file is missing or outside
        the folder, a text file without a row, an unparseable or future date, a
        ``year`` that disagrees with ``published``, a ``sha256`` that does not match.
    """
    folder = Path(folder)
    mpath = folder / "manifest.csv"
    if not mpath.is_file():
        raise CorpusError(f"{mpath}: no manifest.csv in the corpus folder {folder}")
    try:
        text = mpath.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{mpath}: not UTF-8 (byte offset {exc.start})") from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = reader.fieldnames or []
    missing = [c for c in MANIFEST_REQUIRED if c not in columns]
    if missing:
        raise CorpusError(
            f"{mpath}, line 1: missing column(s) {', '.join(missing)}; found {', '.join(columns) or 'none'}"
        )
    problems: list[str] = []
    rows = []
    seen: dict[str, int] = {}
    today = _dt.date.today()
    root = folder.resolve()
    for lineno, row in enumerate(reader, start=2):
        if None in row:  # more fields than columns
            problems.append(f"{mpath}, line {lineno}: more fields than the header has columns")
            row.pop(None)
        row = {k: (v or "").strip() for k, v in row.items()}
        doc_id = row["doc_id"]
        if not doc_id:
            problems.append(f"{mpath}, line {lineno}, field 'doc_id': empty")
        elif doc_id in seen:
            problems.append(f"{mpath}, line {lineno}, field 'doc_id': duplicate {doc_id!r} (first on line {seen[doc_id]})")
        else:
            seen[doc_id] = lineno
        if not row["group"]:
            problems.append(f"{mpath}, line {lineno}, field 'group': empty")
        fname = row["file"]
        if not fname:
            problems.append(f"{mpath}, line {lineno}, field 'file': empty")
        else:
            fpath = folder / fname
            resolved = fpath.resolve()
            if root not in resolved.parents:
                problems.append(f"{mpath}, line {lineno}, field 'file': {fname!r} points outside the corpus folder")
            elif not fpath.is_file():
                problems.append(f"{mpath}, line {lineno}, field 'file': no such file {fname!r} in {folder}")
        date, err = _parse_published(row.get("published", ""))
        if err:
            problems.append(f"{mpath}, line {lineno}, field 'published': {err}")
        elif date and date > today:
            problems.append(f"{mpath}, line {lineno}, field 'published': {row['published']!r} is in the future")
        year = row.get("year", "")
        if year:
            if not re.fullmatch(r"\d{4}", year):
                problems.append(f"{mpath}, line {lineno}, field 'year': {year!r} is not a four-digit year")
            elif date and int(year) != date.year:
                problems.append(f"{mpath}, line {lineno}, field 'year': {year} disagrees with published {row['published']!r}")
        elif date:
            row["year"] = str(date.year)
        row["line"] = lineno
        rows.append(row)
    listed = {r["file"] for r in rows}
    for p in sorted(folder.glob("*.txt")):
        if p.name not in listed:
            problems.append(f"{p}: text file has no row in {mpath}")
    if not rows and not problems:
        problems.append(f"{mpath}: no documents listed")
    if problems:
        raise CorpusError(problems)
    df = pd.DataFrame(rows)
    for c in MANIFEST_OPTIONAL:
        if c not in df.columns:
            df[c] = ""
    df["year"] = pd.to_numeric(df["year"].replace("", np.nan)).astype("Int64")
    return df


# --------------------------------------------------------------------------- reading


def _decode(path: Path, data: bytes, encoding: str) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as exc:
            raise CorpusError(f"{path}: cannot decode as declared encoding {encoding!r}: {exc}") from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CorpusError(
            f"{path}: UTF-16 byte-order mark; save the file as UTF-8 or declare "
            "encoding=utf-16 in the manifest's 'encoding' column"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CorpusError(
            f"{path}: not valid UTF-8 at byte offset {exc.start} (line {line}, byte "
            f"0x{data[exc.start]:02x}); save it as UTF-8 or declare its encoding in the manifest's 'encoding' column"
        ) from None


# --------------------------------------------------------------------------- cleaning rules


@dataclass(frozen=True)
class _Rule:
    name: str
    regex: re.Pattern
    docs: tuple[str, ...] | None
    expect: int | None


def _load_rules(folder: Path) -> list[_Rule]:
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
        rules.append(_Rule(name, rx, tuple(docs) if docs else None, r.get("expect")))
    if problems:
        raise CorpusError(problems)
    return rules


# --------------------------------------------------------------------------- voice overrides


def _load_overrides(folder: Path, doc_ids: set[str]) -> pd.DataFrame:
    path = folder / "voices.csv"
    cols = ["doc_id", "scope", "anchor", "voice", "speaker", "note"]
    if not path.is_file():
        return pd.DataFrame(columns=cols + ["line"])
    reader = csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
    missing = [c for c in cols[:4] if c not in (reader.fieldnames or [])]
    if missing:
        raise CorpusError(f"{path}, line 1: missing column(s) {', '.join(missing)}")
    rows, problems = [], []
    for lineno, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if row["doc_id"] not in doc_ids:
            problems.append(f"{path}, line {lineno}, field 'doc_id': unknown document {row['doc_id']!r}")
        if row["scope"] not in ("paragraph", "quote"):
            problems.append(f"{path}, line {lineno}, field 'scope': {row['scope']!r} (valid: paragraph, quote)")
        if row["voice"] not in VOICES:
            problems.append(f"{path}, line {lineno}, field 'voice': {row['voice']!r} (valid: author, quoted)")
        if not row["anchor"]:
            problems.append(f"{path}, line {lineno}, field 'anchor': empty")
        row["line"] = lineno
        row.setdefault("speaker", "")
        row.setdefault("note", "")
        rows.append(row)
    if problems:
        raise CorpusError(problems)
    return pd.DataFrame(rows, columns=cols + ["line"])


# --------------------------------------------------------------------------- structure

_BLANK_LINE = re.compile(r"\n[ \t\r\f\v\u00a0\u2000-\u200b\u3000]*\n")
_BULLET_LINE = re.compile(r"\n(?=[ \t\u00a0]*(?:[•◦▪‣·]|[-*+] |\d{1,2}[.)] ))")
_MARKUP = "#•◦▪‣·>"  # headings, bullets, block quotes
_LEADING_MARKUP = re.compile(rf"[\s{_MARKUP}]*")
_TITLE_WORDS = {
    "president", "prime", "minister", "mr", "mrs", "ms", "dr", "general", "gen", "colonel",
    "secretary", "ambassador", "senator", "professor", "prof", "sir", "deputy", "foreign",
    "defense", "defence", "chancellor", "chairman", "commander", "lieutenant", "admiral",
    "vice", "special", "envoy", "king", "queen", "pope", "premier", "governor", "judge",
}
_LABEL = re.compile(r"(?P<label>(?:[A-Z][\w.’'\-]*\s){0,3}[A-Z][\w.’'\-]*):[ \t]+(?=\S)")
_SOURCE_LINE = re.compile(r"(?P<name>[A-Z][\w’'&.\- ]{0,40}), (?P<year>(?:1[89]|20)\d\d)")
_TERMINAL = tuple(".!?…:;,\"”’)]*")
_SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "declared", "declaring", "declares", "stressed",
    "stressing", "argued", "argues", "arguing", "remarked", "warned", "warning", "telling",
    "added", "noted", "asked", "called", "wrote", "writes", "stated", "announced", "insisted",
    "replied", "explained", "promised", "believes", "cited", "urged", "claimed", "wished",
    "proposed", "suggested", "admitted", "acknowledged", "demanded", "threatened", "vowed",
}
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
_BOUNDARY = re.compile(r"([.!?…][.!?…]*[\]\)”\"’»']*)\s+")
_OPENERS = set("“‘\"'(«[„¿¡")
_NEXT_OK = _OPENERS | set("•◦▪‣")  # what may start a sentence besides an upper-case letter or a digit
_DOT_CLOSERS = ("”", "’", '"', ")", "]")
_WORD_BEFORE = re.compile(r"[^\s“‘\"'(\[]*$")
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")  # U.S  e.g


def _strip_title(words: list[str]) -> list[str]:
    keep = [w for w in words if w.lower().rstrip(".") not in _TITLE_WORDS]
    return keep or words


def _surname(label: str) -> str:
    words = _strip_title(label.split())
    return words[-1]


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` (one paragraph) into sentences; return char spans.

    A boundary is a run of ``.``, ``!``, ``?``, ``…`` or ``...``, optionally followed by
    closing quotes or brackets, then whitespace, then an upper-case letter, a digit or an
    opening quote or bracket. A single ``.`` is no boundary after an initial (``L.``),
    an abbreviation with inner dots (``U.S.``) or a listed abbreviation (``Gen.``,
    ``Mr.``, ``St.``; see ``_ABBREVIATIONS``). An ellipsis before a capital *is* a
    boundary. Spans are stripped of surrounding whitespace and of leading ``#``/bullet
    markup; spans with nothing left are dropped (they hold no characters but markup).

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
        if (run == "." or (run[0] == "." and run[1:2] in _DOT_CLOSERS)) and _abbreviation_before(text, start, m.start()):
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


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans: blank lines separate paragraphs; a bullet line starts one."""
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


def _is_heading(text: str, a: int, b: int) -> bool:
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


# quotation marks: opener -> closer
_PAIRS = {"“": "”", "„": "“", "«": "»", "‹": "›"}
_QUOTE_CHARS = re.compile('[“„«‹"‘]')


def _quote_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Quoted spans (including the marks) in ``text[a:b]``; unclosed quotes run to ``b``."""
    spans = []
    k = a
    while k < b:
        m = _QUOTE_CHARS.search(text, k, b)
        if m is None:
            break
        k = m.start()
        c = text[k]
        close = None
        if c in _PAIRS:
            close = _PAIRS[c]
        elif c == '"' and (k == a or not text[k - 1].isalnum()):
            close = '"'
        elif c == "‘" and (k == a or not text[k - 1].isalnum()) and k + 1 < b and not text[k + 1].isspace():
            close = "’"
        if close is None:
            k += 1
            continue
        j = text.find(close, k + 1, b)
        while j != -1 and close == "’" and j + 1 < b and text[j + 1].isalpha() and text[j - 1].isalpha():
            j = text.find(close, j + 1, b)  # an apostrophe inside a word, not the closing mark
        if j == -1:
            j = b
        spans.append((k, min(j + 1, b)))
        k = j + 1
    return spans


@dataclass
class _Para:
    start: int
    end: int
    heading: bool
    voice: str = "author"
    speaker: str = ""
    label: tuple[int, int] | None = None  # markup span
    source_line: bool = False


def _doc_overrides(overrides: pd.DataFrame, doc_id: str, scope: str) -> list[tuple]:
    """The rows of ``voices.csv`` for one document and scope, in file order, as named tuples
    (``anchor``, ``voice``, ``speaker``, ``line``, ...). Cheap when there are none."""
    if overrides.empty:
        return []
    mask = (overrides["doc_id"].to_numpy(dtype=object) == doc_id) & (overrides["scope"].to_numpy(dtype=object) == scope)
    return list(overrides[mask].itertuples(index=False)) if mask.any() else []


def _structure(doc_id: str, clean: str, overrides: pd.DataFrame, path: Path) -> tuple[list[_Para], list[dict]]:
    """Paragraphs with block voices; markup spans (labels, source lines)."""
    spans = _paragraphs(clean)
    paras = [_Para(a, b, _is_heading(clean, a, b)) for a, b in spans]
    # speaker labels used at least twice in the document
    counts: dict[str, int] = {}
    found: dict[int, re.Match] = {}
    for k, p in enumerate(paras):
        m = _LABEL.match(clean, p.start, p.end)
        if m and len(m.group("label")) <= 40:
            found[k] = m
            counts[m.group("label")] = counts.get(m.group("label"), 0) + 1
    markup = []
    anchored: dict[int, tuple] = {}
    for row in _doc_overrides(overrides, doc_id, "paragraph"):
        hits = [k for k, p in enumerate(paras) if clean.startswith(row.anchor, p.start)]
        if len(hits) != 1:
            what = "matches no paragraph" if not hits else f"matches {len(hits)} paragraphs"
            raise CorpusError(f"{path}, line {row.line}, field 'anchor': {row.anchor!r} {what} of {doc_id}")
        anchored[hits[0]] = row
    block_voice, block_speaker = "author", ""
    for k, p in enumerate(paras):
        m = found.get(k)
        sm = _SOURCE_LINE.fullmatch(clean, p.start, p.end)
        if m and counts[m.group("label")] >= 2:
            block_voice, block_speaker = "quoted", _surname(m.group("label"))
            p.label = (m.start(), m.end())
            markup.append(dict(doc_id=doc_id, start=m.start(), end=m.end(), rule="speaker-label", kind="markup"))
        elif sm:
            block_voice, block_speaker = "quoted", sm.group("name").strip()
            p.source_line = True
            p.heading = True
            markup.append(dict(doc_id=doc_id, start=p.start, end=p.end, rule="source-line", kind="markup"))
            p.voice, p.speaker = "author", ""
            continue
        elif p.heading:
            block_voice, block_speaker = "author", ""
        if k in anchored:
            row = anchored[k]
            block_voice = row.voice
            block_speaker = (row.speaker or "unknown") if row.voice == "quoted" else ""
        p.voice, p.speaker = block_voice, block_speaker
    return paras, markup


_ROLE_WORDS = _TITLE_WORDS | {
    "the", "military", "chief", "spokesman", "spokeswoman", "official", "adviser", "advisor",
    "leader", "head", "national", "security", "former", "ex", "top", "senior", "army",
}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "him", "her", "them"}


_NOT_NAMES = _TITLE_WORDS | _PRONOUNS


def _is_name(t: str) -> bool:
    return t[:1].isupper() and t.lower().rstrip(".") not in _NOT_NAMES


def _attribute(toks: list[str], idx: list[int]) -> str:
    """Speaker of a quotation, from a speech verb in the sentences it overlaps.

    ``idx`` are the indices (into ``toks``, ascending) of those sentences' tokens that lie
    outside quotation marks. For each speech verb among them: a name right before it
    ("Putin told"); else the first name run after it, skipping possessors and role words
    ("said NATO's military commander General Wesley Clark" -> Clark); else the last
    name introduced by a title earlier in the sentence ("British General Michael
    Jackson ... telling him" -> Jackson); else the sentence's first word if it is a
    name. The speaker is the last word of the run (a surname). Otherwise "unknown".
    """

    def right_run(pos: int) -> str:
        run: list[str] = []
        for k in idx[pos + 1 : pos + 12]:
            t = toks[k]
            if _is_name(t):
                run.append(t)
            elif t in ("’s", "'s", "ʼs") and run:
                run = []
            elif run or t.lower().rstrip(".") not in _ROLE_WORDS:
                break
        return run[-1] if run else ""

    def titled_before(pos: int) -> str:
        best = ""
        for q in range(pos):
            if toks[idx[q]].lower().rstrip(".") in _TITLE_WORDS:
                r = q + 1
                while r < pos and _is_name(toks[idx[r]]):
                    r += 1
                if r > q + 1:
                    best = toks[idx[r - 1]]
        return best

    for pos, k in enumerate(idx):
        if toks[k].lower() not in _SPEECH_VERBS:
            continue
        if pos > 0 and idx[pos - 1] == k - 1 and _is_name(toks[k - 1]):
            return toks[k - 1]
        name = right_run(pos) or titled_before(pos)
        if name:
            return name
        if idx and _is_name(toks[idx[0]]) and toks[idx[0]].lower() not in _FUNCTION_WORDS:
            return toks[idx[0]]
    return "unknown"


_FUNCTION_WORDS = {
    "a", "an", "the", "at", "as", "in", "on", "when", "while", "but", "and", "or", "if",
    "he", "she", "they", "we", "i", "it", "this", "that", "there", "after", "before", "for",
    "to", "with", "from", "by", "of", "so", "yet", "then", "one", "some", "many", "most",
}


# --------------------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class Corpus:
    """Tidy tables of one corpus. Build with :func:`load_corpus`; never mutated."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    residue: pd.DataFrame
    quotes: pd.DataFrame
    folder: Path
    meta: dict = field(default_factory=dict)

    def raw(self, doc_id: str) -> str:
        """The raw text of one document, exactly as read from its file."""
        return self.documents.loc[self.documents.doc_id == doc_id, "raw"].iloc[0]

    def __repr__(self) -> str:  # pragma: no cover - cosmetic
        return (
            f"Corpus({self.folder}: {len(self.documents)} documents, "
            f"{len(self.sentences)} sentences, {len(self.tokens)} tokens)"
        )


_NOT_LINE_BREAK = re.compile(r"[^\n\r]")


def _blank(text: str, spans) -> str:
    """Replace every character in ``spans`` by a space, keeping line breaks."""
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


def _code(codes: dict[str, int], name: str) -> int:
    """The code of ``name`` in ``codes`` (name -> code, in order of first use), adding it if new."""
    return codes.setdefault(name, len(codes))


def _process_document(doc_id, group, raw, rules, overrides, folder, min_quote_tokens):
    """Clean, structure and tokenize one document and give every token its voice.

    Returns a dict with the ``clean`` text, ``n_paragraphs``, the ``residue`` and ``quotes``
    records, and the ``tokens`` and ``sentences`` parts as columns (arrays and lists) that
    :func:`_assemble` concatenates over the corpus. Voices are codes into ``VOICES``
    (tokens) and ``SENTENCE_VOICES`` (sentences); token speakers are codes into the part's
    own ``speakers`` list (``""`` first).

    The work is done per document with arrays: the paragraph of every token is one
    ``searchsorted``, and only paragraphs with quotation marks go through the quote logic.
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
    clean = _blank(raw, [(r["start"], r["end"]) for r in residue])
    if not TOKEN_RE.search(clean):
        what = "is empty" if not raw.strip() else "has no words left after cleaning"
        raise CorpusError(f"{folder / '(manifest)'}: document {doc_id!r} {what}")
    paras, markup = _structure(doc_id, clean, overrides, folder / "voices.csv")
    work = _blank(clean, [(m["start"], m["end"]) for m in markup])
    # the tokens as codes into this document's types (first appearance order): one Python
    # string per type, not per token, lives until the corpus is assembled
    tstarts, tends, local, types = encode(work)
    toks = None  # the tokens as strings: made when a quotation's speaker is first attributed
    n = len(local)
    # paragraphs (disjoint, in text order): each token's paragraph, voice and speaker
    speakers = {"": 0}  # speaker -> code, for this document's tokens
    p_start = np.fromiter((p.start for p in paras), dtype=np.int64, count=len(paras))
    p_end = np.fromiter((p.end for p in paras), dtype=np.int64, count=len(paras))
    p_voice = np.fromiter((p.voice == "quoted" for p in paras), dtype=np.int8, count=len(paras))
    p_speaker = np.fromiter((_code(speakers, p.speaker) if p.voice == "quoted" else 0 for p in paras),
                            dtype=np.int32, count=len(paras))
    p_lo, p_hi = np.searchsorted(tstarts, p_start), np.searchsorted(tstarts, p_end)  # token ranges
    para_id = np.searchsorted(p_start, tstarts, side="right") - 1
    if n and ((para_id < 0) | (tstarts >= p_end[para_id])).any():  # cannot happen: every token lies in a paragraph
        raise AssertionError(f"{doc_id}: token outside every paragraph")
    voice = p_voice[para_id]  # 0 author, 1 quoted
    speaker = p_speaker[para_id]
    # sentences and quotations, paragraph by paragraph
    s_para, s_start, s_end, s_heading = [], [], [], []
    quote_rows = []
    qov = _doc_overrides(overrides, doc_id, "quote")
    used_q = set()
    for pid, p in enumerate(paras):
        if p.source_line:  # markup (blanked in work): no sentences, no quotations
            continue
        a = p.label[1] if p.label else p.start
        sents = split_sentences(work, a, p.end)
        qspans = _quote_spans(work, a, p.end) if p.voice == "author" else []
        if qspans:
            # the paragraph's tokens outside every quotation (the spans are disjoint, in order)
            q = np.asarray(qspans, dtype=np.int64)
            pt = tstarts[p_lo[pid] : p_hi[pid]]
            k = np.searchsorted(q[:, 0], pt, side="right") - 1
            outside = p_lo[pid] + np.flatnonzero((k < 0) | (pt >= q[k, 1]))
        for qa, qb in qspans:
            q_lo, q_hi = np.searchsorted(tstarts, [qa, qb])
            ntok = int(q_hi - q_lo)
            inner = work[qa + 1 : qb].lstrip()
            row = None
            for r in qov:
                if inner.startswith(r.anchor):
                    row = r
                    used_q.add(r.line)
            if row is not None:
                qv, how = row.voice, "override"
                spk = (row.speaker or "unknown") if qv == "quoted" else ""
            elif ntok >= min_quote_tokens:
                qv, how = "quoted", "quotation marks"
                over = [(sa, sb) for sa, sb in sents if sa < qb and qa < sb] or [(qa, qb)]
                lo, hi = np.searchsorted(outside, np.searchsorted(tstarts, [over[0][0], over[-1][1]]))
                if toks is None:
                    toks = [types[c] for c in local.tolist()]
                spk = _attribute(toks, outside[lo:hi].tolist())
            else:
                qv, how, spk = "author", f"short (<{min_quote_tokens} tokens): scare quote or mention", ""
            quote_rows.append(dict(doc_id=doc_id, para_id=pid, start=qa, end=qb, n_tokens=ntok, voice=qv, speaker=spk, how=how))
            if qv == "quoted":
                voice[q_lo:q_hi] = 1
                speaker[q_lo:q_hi] = _code(speakers, spk)
        s_para += [pid] * len(sents)
        s_start += [sa for sa, _ in sents]
        s_end += [sb for _, sb in sents]
        s_heading += [p.heading] * len(sents)
    for r in qov:
        if r.line not in used_q:
            raise CorpusError(f"{folder / 'voices.csv'}, line {r.line}, field 'anchor': {r.anchor!r} matches no quotation in {doc_id}")
    # sentences: their tokens, voice (0 author, 1 quoted, 2 mixed) and speakers
    s_para = np.asarray(s_para, dtype=np.int32)
    s_start = np.asarray(s_start, dtype=np.int64)
    s_end = np.asarray(s_end, dtype=np.int64)
    sent_id = np.searchsorted(s_start, tstarts, side="right") - 1
    n_tok = np.bincount(sent_id, minlength=len(s_start))
    n_q = np.bincount(sent_id, weights=voice, minlength=len(s_start)).astype(int)
    s_voice = np.where(n_q == 0, 0, np.where(n_q == n_tok, 1, 2))
    s_voice = np.where(n_tok == 0, p_voice[s_para], s_voice).astype(np.int8)  # no tokens: the paragraph's voice
    s_speaker = [""] * len(s_start)
    quoted = voice == 1
    if quoted.any():  # the distinct speakers of each sentence's quoted tokens, sorted, "; "-joined
        names = sorted(speakers)
        rank = np.empty(len(names), dtype=np.int64)
        rank[[speakers[s] for s in names]] = np.arange(len(names))
        pairs = np.unique(sent_id[quoted].astype(np.int64) * len(names) + rank[speaker[quoted]])
        by_sent: dict[int, list[str]] = {}
        for k, r in zip((pairs // len(names)).tolist(), (pairs % len(names)).tolist()):
            by_sent.setdefault(k, []).append(names[r])
        for k, ns in by_sent.items():
            s_speaker[k] = "; ".join(ns)
    sentences = dict(
        para_id=s_para, start=s_start, end=s_end, is_heading=np.asarray(s_heading, dtype=bool), voice=s_voice,
        speaker=s_speaker, n_tokens=n_tok.astype(np.int32),
        text=[raw[a:b] for a, b in zip(s_start.tolist(), s_end.tolist())],
    )
    offset = np.int32 if len(raw) < 2**31 else np.int64  # char offsets: half the memory until assembled
    tokens = dict(
        sent_id=sent_id.astype(np.int32), para_id=para_id.astype(np.int32),
        start=tstarts.astype(offset), end=tends.astype(offset), token=local, types=types,
        voice=voice, speaker=speaker, speakers=list(speakers),
    )
    for r in residue + markup:
        r["text"] = raw[r["start"] : r["end"]]
    return dict(clean=clean, tokens=tokens, sentences=sentences, residue=residue + markup, quotes=quote_rows,
                n_paragraphs=len(paras))


def load_corpus(
    folder: str | Path | None = None,
    *,
    min_quote_tokens: int = 4,
    cache: bool | str | Path | None = None,
    progress: bool | None = None,
) -> Corpus:
    """Load a corpus folder (default: the repository's ``seeds/``).

    Parameters
    ----------
    folder : path, optional
        A folder with ``manifest.csv`` and the text files it lists; optionally
        ``cleaning.yaml`` (residue rules) and ``voices.csv`` (voice overrides).
    min_quote_tokens : int, default 4
        Quotations shorter than this many tokens stay author voice (scare quotes,
        mentions of terms); longer ones are quoted voice.
    cache : None, bool or path, default None
        Store the tables on disk (Parquet, keyed by :func:`corpus_hash`) and read them
        back on the next run instead of tokenizing again (see :mod:`analysis.cache`).
        ``True``: in ``$ANALYSIS_CACHE_DIR`` or ``<folder>/.analysis-cache``; a path:
        in that directory; ``False``: never; ``None``: only for a large corpus (more
        than 200 documents or 50 MB). A changed input is never served from the cache.
    progress : bool, optional
        Show a progress bar over documents (tqdm, on stderr). ``None``: only for a
        large corpus, never under pytest.

    Returns
    -------
    Corpus
        ``documents``, ``sentences``, ``tokens``, ``residue``, ``quotes`` (see the
        module docstring). Token ``start``/``end`` slice the raw text exactly.

    Raises
    ------
    CorpusError
        For any bad input, naming the file, line and field (see :func:`read_manifest`),
        a file that is not UTF-8 (with the byte offset), an empty document, a bad rule.
    """
    folder = Path(folder) if folder is not None else paths.corpus_dir()
    manifest, rules, overrides, store, sha, cached = _inputs(folder, cache, min_quote_tokens)
    if cached is not None:
        return cached
    from . import cache as _cache
    if progress is None:
        progress = _cache.is_large(folder, manifest) and not os.environ.get("PYTEST_CURRENT_TEST")
    rows = manifest.itertuples(index=False)
    if progress:  # imported only when shown: the seeds load without tqdm
        from tqdm.auto import tqdm

        rows = tqdm(rows, total=len(manifest), desc="loading", unit="doc")
    results, problems = [], []
    with _collector_paused():
        for row in rows:
            try:
                results.append(load_document(folder, row._asdict(), rules, overrides, min_quote_tokens))
            except CorpusError as exc:  # collect: one message lists every bad document
                problems += exc.problems
        return _complete(folder, manifest, rules, results, problems, min_quote_tokens, store=store, sha=sha)


@contextlib.contextmanager
def _collector_paused():
    """Pause Python's cyclic garbage collector. Loading creates millions of objects that
    all stay alive (tokens, columns) and no reference cycles worth collecting; the
    collector's passes over them would free nothing (they cost ~5 % of a large load).
    Reference counting frees everything else as usual; the collector runs again after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: After loading at least this many tokens, freed heap memory is handed back to the OS.
TRIM_TOKENS = 100_000


def _return_freed_memory() -> None:
    """Hand the heap memory freed by the per-document parts back to the OS.

    glibc keeps freed heap memory for reuse, but the large arrays made later (the token
    index, concordance buffers) are mapped afresh and never reuse it: after loading the
    9.3M-token UNGDC corpus the process kept ~450 MB (~50 B/token) of freed memory.
    ``malloc_trim(0)`` releases it (tens of ms); elsewhere than glibc this does nothing.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to do
        pass


def _complete(folder, manifest, rules, results, problems, min_quote_tokens, *, store, sha) -> Corpus:
    """Assemble the per-document results (both loading paths; the list is emptied), re-issue
    the warnings, fill the cache entry (with those warnings, to repeat them on a cache hit)
    and record provenance."""
    from . import cache as _cache

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = _finish(folder, manifest, rules, results, problems, min_quote_tokens, sha=sha)
    results.clear()  # consumed: the per-document parts are freed here, not when the caller returns
    if len(corpus.tokens) >= TRIM_TOKENS:
        _return_freed_memory()
    for w in caught:
        warnings.warn(w.message, w.category, stacklevel=3)
    if store is not None:
        _cache.write_cached(store, corpus.meta["sha256"], corpus, folder=folder,
                            warnings_=[str(w.message) for w in caught])
    return _recorded(folder, corpus)


def _finish(folder, manifest, rules, results, problems, min_quote_tokens, *, sha=None) -> Corpus:
    """Check the per-document results (in manifest order) and assemble the Corpus."""
    if problems:
        raise CorpusError(problems)
    docs = [r["document"] for r in results]
    tok_parts = [r["tokens"] for r in results]
    sent_parts = [r["sentences"] for r in results]
    residue = [x for r in results for x in r["residue"]]
    quotes = [x for r in results for x in r["quotes"]]
    for rule in rules:
        n = sum(1 for r in residue if r["rule"] == rule.name)
        if rule.expect is not None and n != rule.expect:
            raise CorpusError(f"{folder / 'cleaning.yaml'}, rule {rule.name!r}: expected {rule.expect} match(es), found {n}")
        if n == 0:
            warnings.warn(f"{folder / 'cleaning.yaml'}: rule {rule.name!r} matched nothing", stacklevel=2)
    corpus = _assemble(folder, docs, tok_parts, sent_parts, residue, quotes)
    sha = sha or corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens, file_digests=[d["sha256"] for d in docs])
    corpus.meta.update(sha256=sha, min_quote_tokens=min_quote_tokens)
    return corpus


def _recorded(folder, corpus: Corpus) -> Corpus:
    from .provenance import record

    record("corpus", Path(folder).resolve().name, corpus.meta["sha256"])  # a name, not a path: same bytes in any checkout
    return corpus


def _inputs(folder: Path, cache, min_quote_tokens: int):
    """What every loading path reads first: the manifest, rules and overrides (validated),
    the cache folder and key, and the cached corpus when the cache holds these exact inputs.

    Returns ``(manifest, rules, overrides, store, sha, cached_corpus_or_None)``.
    """
    from . import cache as _cache

    manifest = read_manifest(folder)
    rules = _load_rules(folder)
    overrides = _load_overrides(folder, set(manifest.doc_id))
    store = _cache.cache_dir(folder, cache, manifest)
    sha = None
    if store is not None:
        sha = corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens)
        hit = _cache.read_cached(store, sha)
        if hit is not None:
            for msg in hit["warnings"]:  # what the first load warned about, said again
                warnings.warn(msg, stacklevel=3)
            t = hit["tables"]
            corpus = Corpus(t["documents"], t["sentences"], t["tokens"], t["residue"], t["quotes"], Path(folder),
                            dict(hit["meta"]))
            return manifest, rules, overrides, store, sha, _recorded(folder, corpus)
    return manifest, rules, overrides, store, sha, None


def corpus_hash(folder: str | Path, manifest: pd.DataFrame | None = None, *, min_quote_tokens: int = 4,
                file_digests: list[str] | None = None) -> str:
    """sha256 identifying a corpus and the settings its tables depend on.

    Hashes the manifest, every listed file's bytes, ``cleaning.yaml`` and ``voices.csv``
    (if present), the tokenizer version and ``min_quote_tokens``. The same folder and
    settings always give the same hash; any change to a text, a rule or an override
    changes it. ``file_digests``: the sha256 hex digests of the listed files, in manifest
    order, when the caller has them already (as loading has; the files are not read again).
    """
    from .tokens import TOKENIZER_VERSION

    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    h = hashlib.sha256()
    h.update(f"tokenizer={TOKENIZER_VERSION};min_quote_tokens={min_quote_tokens}\n".encode())
    for name in ("manifest.csv", "cleaning.yaml", "voices.csv"):
        p = folder / name
        h.update(name.encode() + b"\0" + (hashlib.sha256(p.read_bytes()).hexdigest().encode() if p.is_file() else b"-") + b"\n")
    if file_digests is None:
        file_digests = [hashlib.sha256((folder / f).read_bytes()).hexdigest() for f in manifest.file]
    for f, digest in zip(manifest.file, file_digests, strict=True):
        h.update(f.encode() + b"\0" + digest.encode() + b"\n")
    return h.hexdigest()


def load_document(folder: Path, row: dict, rules, overrides: pd.DataFrame, min_quote_tokens: int = 4) -> dict:
    """Read, check and process one manifest row; the unit of work of :func:`load_corpus`.

    Returns a dict with ``document`` (the documents-table record), ``tokens``,
    ``sentences``, ``residue`` and ``quotes`` parts. Raises :class:`CorpusError` naming
    the file (and manifest line) for a hash mismatch, bad encoding or empty document.
    """
    folder = Path(folder)
    path = folder / row["file"]
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if row.get("sha256") and row["sha256"].lower() != digest:
        raise CorpusError(
            f"{folder / 'manifest.csv'}, line {row['line']}, field 'sha256': {row['file']} has sha256 {digest}, "
            f"the manifest says {row['sha256']}"
        )
    raw = _decode(path, data, row.get("encoding", ""))
    try:
        out = _process_document(row["doc_id"], row["group"], raw, rules, overrides, folder, min_quote_tokens)
    except CorpusError as exc:
        if str(path) in str(exc) or "voices.csv" in str(exc):
            raise
        raise CorpusError(f"{path} (manifest line {row['line']}): " + str(exc).split(": ", 1)[-1]) from None
    d = dict(row)
    d.pop("line")
    d.update(sha256=digest, raw=raw, text=out["clean"], n_chars=len(raw), n_paragraphs=out["n_paragraphs"])
    return dict(document=d, tokens=out["tokens"], sentences=out["sentences"], residue=out["residue"], quotes=out["quotes"])


def _codes(categories: list, values) -> np.ndarray:
    """The codes of ``values`` in ``categories`` (every value is one of them)."""
    index = {c: k for k, c in enumerate(categories)}
    return np.asarray([index[v] for v in values], dtype=_code_dtype(len(categories)))


def _block(parts: list[dict], names: list[str], dtype, *, i: list[int] | None = None) -> pd.DataFrame:
    """The columns ``names`` (all cast to ``dtype``) of the per-document ``parts``, concatenated
    straight into the rows of one 2-D array, the block pandas keeps them in (a frame built
    from separate columns would copy them all once more to form that block). With ``i``
    (the documents' lengths), the column ``"i"`` is each document's 0, 1, 2, …"""
    rows = sum(len(p[[n for n in names if n != "i"][0]]) for p in parts)
    block = np.empty((len(names), rows), dtype=dtype)
    for row, name in zip(block, names):
        if name == "i" and i is not None:
            at = 0
            for k in i:
                row[at:at + k] = np.arange(k, dtype=dtype)
                at += k
        else:
            np.concatenate([p[name] for p in parts], out=row, casting="safe")
    return pd.DataFrame(block.T, columns=names, copy=False)


def _assemble(folder, docs, tok_parts, sent_parts, residue, quotes) -> Corpus:
    """The corpus tables from the per-document parts of :func:`_process_document` (in
    manifest order): every column is concatenated once and every categorical is built from
    codes, with corpus-wide categories."""
    # the texts are converted to pandas' str dtype by Arrow, not element by element
    texts = {c: str_array([d[c] for d in docs]) for c in ("raw", "text")} if docs else {}
    documents = pd.DataFrame([{k: v for k, v in d.items() if k not in texts} for d in docs])
    for c, values in texts.items():
        documents.insert(list(docs[0]).index(c), c, values)
    doc_ids = list(documents.doc_id)
    groups = list(dict.fromkeys(documents.group))
    doc_cat = pd.CategoricalDtype(doc_ids)
    group_cat = pd.CategoricalDtype(groups)
    doc_group = _codes(groups, list(documents.group))
    documents["doc_id"] = documents.doc_id.astype(doc_cat)
    documents["group"] = documents.group.astype(group_cat)

    def column(parts, name):
        return np.concatenate([p[name] for p in parts])

    def by_doc(lens):  # the doc_id and group columns of a table with lens[k] rows for document k
        return (pd.Categorical.from_codes(np.repeat(np.arange(len(doc_ids), dtype=_code_dtype(len(doc_ids))), lens),
                                          dtype=doc_cat),
                pd.Categorical.from_codes(np.repeat(doc_group, lens), dtype=group_cat))

    # tokens: one vocabulary for the whole corpus, from the documents' own types (pandas'
    # hash table over them: no Python loop over tokens); codes_all: each token's type
    lens = [len(part["token"]) for part in tok_parts]
    codes_all, types = vocabulary([(part["token"], part["types"]) for part in tok_parts])
    norms = [normalize(t) for t in types]
    norm_types = sorted(set(norms))
    norm_of_type = _codes(norm_types, norms)
    order = np.argsort(np.asarray(types, dtype=object), kind="stable")
    remap = np.empty(len(types), dtype=_code_dtype(len(types)))
    remap[order] = np.arange(len(types))
    token_types = [types[k] for k in order]
    # speakers: each part codes its tokens' speakers into its own list; the categories are
    # the speakers some token has, sorted
    used = set()
    for p in tok_parts:
        if len(p["speaker"]):
            used.update(p["speakers"][k] for k in (np.unique(p["speaker"]) if len(p["speakers"]) > 1 else [0]))
    speakers = sorted(used)
    spk_index = {s: k for k, s in enumerate(speakers)}
    spk_dtype = _code_dtype(len(speakers))
    speaker = np.concatenate(  # -1: a name no token has
        [np.asarray([spk_index.get(s, -1) for s in p["speakers"]], dtype=spk_dtype)[p["speaker"]] for p in tok_parts])
    voice = column(tok_parts, "voice")
    tok_doc, tok_group = by_doc(lens)
    tokens = pd.concat(
        [
            pd.DataFrame({"doc_id": tok_doc, "group": tok_group}, copy=False),
            _block(tok_parts, ["i", "sent_id", "para_id"], np.int32, i=lens),
            pd.DataFrame(
                {
                    "token": pd.Categorical.from_codes(remap[codes_all], categories=token_types),
                    "norm": pd.Categorical.from_codes(norm_of_type[codes_all], categories=norm_types),
                    "voice": pd.Categorical.from_codes(voice, categories=list(VOICES)),
                    "speaker": pd.Categorical.from_codes(speaker, categories=speakers),
                },
                copy=False,
            ),
            _block(tok_parts, ["start", "end"], np.int64),
        ],
        axis=1,
    )
    # sentences
    s_lens = [len(p["start"]) for p in sent_parts]
    s_doc, s_group = by_doc(s_lens)
    text_columns = dict(speaker=list(itertools.chain.from_iterable(p["speaker"] for p in sent_parts)),
                        text=list(itertools.chain.from_iterable(p["text"] for p in sent_parts)))
    if 0 in s_lens:
        # the tables used to be concatenated from one frame per document, and a document
        # without sentences gave untyped (float64) empty columns: pandas then made these
        # columns object (float64 if no document has sentences); keep those dtypes
        text_columns = {k: pd.Series(v, dtype=object if any(s_lens) else np.float64) for k, v in text_columns.items()}
    else:
        text_columns = {k: str_array(v) for k, v in text_columns.items()}
    sentences = pd.DataFrame(
        {
            "doc_id": s_doc,
            "group": s_group,
            "sent_id": np.concatenate([np.arange(k, dtype=np.int32) for k in s_lens]),
            "para_id": column(sent_parts, "para_id"),
            "start": column(sent_parts, "start"),
            "end": column(sent_parts, "end"),
            "is_heading": column(sent_parts, "is_heading"),
            "voice": pd.Categorical.from_codes(column(sent_parts, "voice"), dtype=pd.CategoricalDtype(list(SENTENCE_VOICES))),
            "speaker": text_columns["speaker"],
            "n_tokens": column(sent_parts, "n_tokens"),
            "text": text_columns["text"],
        },
        copy=False,
    )
    residue_df = pd.DataFrame(residue, columns=["doc_id", "start", "end", "rule", "kind", "text"])
    residue_df["doc_id"] = residue_df.doc_id.astype(doc_cat)
    residue_df = residue_df.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    quotes_df = pd.DataFrame(quotes, columns=["doc_id", "para_id", "start", "end", "n_tokens", "voice", "speaker", "how"])
    quotes_df["doc_id"] = quotes_df.doc_id.astype(doc_cat)
    documents["n_tokens"] = np.asarray(lens, dtype=np.int64)
    documents["n_quoted_tokens"] = np.asarray([np.count_nonzero(p["voice"]) for p in tok_parts], dtype=np.int64)
    documents["n_sentences"] = np.asarray(s_lens, dtype=np.int64)
    documents["n_residue_chars"] = documents.doc_id.map(
        (residue_df.end - residue_df.start).groupby(residue_df.doc_id, observed=False).sum()
    ).fillna(0).astype(int)
    return Corpus(documents, sentences, tokens, residue_df, quotes_df, Path(folder))


# --------------------------------------------------------------------------- summaries


def overview(corpus: Corpus) -> pd.DataFrame:
    """One row per document: the corpus table of notebook 01.

    Returns
    -------
    DataFrame
        doc_id, group, outlet, published, authors, title, n_tokens (int), n_sentences
        (int), n_quoted_tokens (int), quoted_share (float, quoted tokens / tokens),
        n_residue_chars (int). In manifest order.
    """
    d = corpus.documents
    out = d[["doc_id", "group", "outlet", "published", "authors", "title", "n_tokens", "n_sentences",
             "n_quoted_tokens", "n_residue_chars"]].copy()
    out.insert(9, "quoted_share", (d.n_quoted_tokens / d.n_tokens).round(4))
    return out.reset_index(drop=True)


def cleaning_report(corpus: Corpus) -> pd.DataFrame:
    """Residue and markup left out of the analysis, counted per document and rule.

    Returns
    -------
    DataFrame
        doc_id, kind (residue/markup), rule, n_spans (int), n_chars (int); every span
        is listed in ``corpus.residue`` with its raw offsets and text.
    """
    r = corpus.residue.assign(n_chars=corpus.residue.end - corpus.residue.start)
    out = (
        r.groupby(["doc_id", "kind", "rule"], observed=True, sort=True)
        .agg(n_spans=("start", "size"), n_chars=("n_chars", "sum"))
        .reset_index()
    )
    return out


def voice_table(corpus: Corpus) -> pd.DataFrame:
    """Sentences and tokens per document, voice and speaker (a group-by over tokens).

    Returns
    -------
    DataFrame
        doc_id, voice, speaker, n_tokens (int), n_sentences (int: sentences with at
        least one token of that voice and speaker), sorted by doc, voice, tokens desc.
    """
    t = corpus.tokens
    g = t.groupby(["doc_id", "voice", "speaker"], observed=True)
    out = pd.DataFrame({"n_tokens": g.size(), "n_sentences": g.sent_id.nunique()}).reset_index()
    out["speaker"] = out.speaker.astype(str)
    out = out.sort_values(["doc_id", "voice", "n_tokens", "speaker"], ascending=[True, True, False, True], kind="stable")
    return out.reset_index(drop=True)
