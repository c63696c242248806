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

import csv
import datetime as _dt
import hashlib
import io
import itertools
import os
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .tokens import TOKEN_RE, normalize

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
_LEADING_MARKUP = re.compile(r"[\s#•◦▪‣·>]*")
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
_BOUNDARY = re.compile(r"(?:\.{3}|[.!?…]+)[\]\)”\"’»']*(?=\s)")
_OPENERS = set("“‘\"'(«[„¿¡")


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
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        j = m.end()
        k = j
        while k < end and text[k].isspace():
            k += 1
        if k >= end:
            continue
        nxt = text[k]
        if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS or nxt in "•◦▪‣"):
            continue
        if m.group() == "." or (m.group()[0] == "." and m.group()[1:2] in ("”", "’", '"', ")", "]")):
            w = re.search(r"[^\s“‘\"'(\[]*$", text[max(start, m.start() - 40) : m.start()]).group()
            if re.fullmatch(r"[A-Z]", w):  # initial
                continue
            if re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", w):  # U.S  e.g
                continue
            if w.lower() in _ABBREVIATIONS:
                continue
        cuts.append(j)
    cuts.append(end)
    spans = []
    for a, b in zip(cuts[:-1], cuts[1:]):
        a = a + _LEADING_MARKUP.match(text, a, b).end() - a
        while b > a and text[b - 1].isspace():
            b -= 1
        if b > a:
            spans.append((a, b))
    return spans


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
    ov = overrides[(overrides.doc_id == doc_id) & (overrides.scope == "paragraph")]
    anchored: dict[int, pd.Series] = {}
    for _, row in ov.iterrows():
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


def _is_name(t: str) -> bool:
    return t[:1].isupper() and t.lower().rstrip(".") not in _TITLE_WORDS | _PRONOUNS


def _attribute(toks: list[str], tstarts: np.ndarray, sa: int, sb: int, inside) -> str:
    """Speaker of a quotation whose sentences span [sa, sb), from a speech verb.

    For each speech verb outside quotation marks: a name right before it ("Putin
    told"); else the first name run after it, skipping possessors and role words
    ("said NATO's military commander General Wesley Clark" -> Clark); else the last
    name introduced by a title earlier in the sentence ("British General Michael
    Jackson ... telling him" -> Jackson); else the sentence's first word if it is a
    name. The speaker is the last word of the run (a surname). Otherwise "unknown".
    """
    lo, hi = np.searchsorted(tstarts, [sa, sb])  # tstarts is sorted: the tokens with sa <= start < sb
    idx = [k for k in range(int(lo), int(hi)) if not inside(tstarts[k])]

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


def _blank(text: str, spans) -> str:
    """Replace every character in ``spans`` by a space, keeping line breaks."""
    if not spans:
        return text
    chars = list(text)
    for a, b in spans:
        for k in range(a, b):
            if chars[k] not in "\n\r":
                chars[k] = " "
    return "".join(chars)


def _process_document(doc_id, group, raw, rules, overrides, folder, min_quote_tokens):
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
    starts, ends, toks = [], [], []
    for m in TOKEN_RE.finditer(work):
        starts.append(m.start())
        ends.append(m.end())
        toks.append(m.group())
    tstarts = np.asarray(starts, dtype=np.int64)
    n = len(toks)
    voice = np.zeros(n, dtype=np.int8)  # 0 author, 1 quoted
    speaker = np.full(n, "", dtype=object)
    para_id = np.full(n, -1, dtype=np.int32)
    sent_rows = []
    quote_rows = []
    qov = overrides[(overrides.doc_id == doc_id) & (overrides.scope == "quote")]
    used_q = set()
    for pid, p in enumerate(paras):
        a = p.label[1] if p.label else p.start
        lo, hi = np.searchsorted(tstarts, [p.start, p.end])
        para_id[lo:hi] = pid
        if p.voice == "quoted":
            voice[lo:hi] = 1
            speaker[lo:hi] = p.speaker
        sents = [] if p.source_line else split_sentences(work, a, p.end)
        if p.voice == "author" and not p.source_line:
            qspans = _quote_spans(work, a, p.end)
            for qa, qb in qspans:
                q_lo, q_hi = np.searchsorted(tstarts, [qa, qb])
                ntok = int(q_hi - q_lo)
                inner = work[qa + 1 : qb].lstrip()
                row = None
                for _, r in qov.iterrows():
                    if inner.startswith(r.anchor):
                        row = r
                        used_q.add(r.line)
                if row is not None:
                    qv, how = row.voice, "override"
                    spk = (row.speaker or "unknown") if qv == "quoted" else ""
                elif ntok >= min_quote_tokens:
                    qv, how = "quoted", "quotation marks"
                    over = [(sa, sb) for sa, sb in sents if sa < qb and qa < sb] or [(qa, qb)]
                    spk = _attribute(toks, tstarts, over[0][0], over[-1][1], lambda pos: any(x <= pos < y for x, y in qspans))
                else:
                    qv, how, spk = "author", f"short (<{min_quote_tokens} tokens): scare quote or mention", ""
                quote_rows.append(dict(doc_id=doc_id, para_id=pid, start=qa, end=qb, n_tokens=ntok, voice=qv, speaker=spk, how=how))
                if qv == "quoted":
                    voice[q_lo:q_hi] = 1
                    speaker[q_lo:q_hi] = spk
        for sa, sb in sents:
            sent_rows.append((pid, sa, sb, p.heading))
    for _, r in qov.iterrows():
        if r.line not in used_q:
            raise CorpusError(f"{folder / 'voices.csv'}, line {r.line}, field 'anchor': {r.anchor!r} matches no quotation in {doc_id}")
    if (para_id < 0).any():  # cannot happen: every token lies in a paragraph
        raise AssertionError(f"{doc_id}: token outside every paragraph")
    # sentences
    s_start = np.asarray([s[1] for s in sent_rows], dtype=np.int64)
    sent_id = np.searchsorted(s_start, tstarts, side="right") - 1
    s_end = np.asarray([s[2] for s in sent_rows], dtype=np.int64)
    n_tok = np.bincount(sent_id, minlength=len(sent_rows))
    n_q = np.bincount(sent_id, weights=voice, minlength=len(sent_rows)).astype(int)
    svoice = np.where(n_q == 0, "author", np.where(n_q == n_tok, "quoted", "mixed"))
    # sentences without tokens take their paragraph's voice
    pvoice = np.asarray([paras[s[0]].voice for s in sent_rows], dtype=object)
    svoice = np.where(n_tok == 0, pvoice, svoice)
    sspeaker = [""] * len(sent_rows)
    quoted = voice == 1
    if quoted.any():  # the distinct speakers of each sentence's quoted tokens, sorted, "; "-joined
        by_sent: dict[int, list[str]] = {}
        for k, name in sorted(set(zip(sent_id[quoted].tolist(), speaker[quoted].tolist()))):
            by_sent.setdefault(k, []).append(name)
        for k, names in by_sent.items():
            sspeaker[k] = "; ".join(names)
    # one DataFrame construction per document (adding columns one by one costs more)
    sents = pd.DataFrame(
        {
            "doc_id": doc_id,
            "group": group,
            "sent_id": np.arange(len(sent_rows), dtype=np.int32),
            "para_id": np.asarray([s[0] for s in sent_rows], dtype=np.int32),
            "start": s_start,
            "end": s_end,
            "is_heading": np.asarray([s[3] for s in sent_rows], dtype=bool),
            "voice": svoice,
            "speaker": sspeaker,
            "n_tokens": n_tok.astype(np.int32),
            "text": [raw[a:b] for a, b in zip(s_start.tolist(), s_end.tolist())],
        }
    )
    toks_df = {
        "doc_id": doc_id,
        "i": np.arange(n, dtype=np.int32),
        "sent_id": sent_id.astype(np.int32),
        "para_id": para_id,
        "start": tstarts,
        "end": np.asarray(ends, dtype=np.int64),
        "token": toks,
        "voice": voice,
        "speaker": speaker,
    }
    for r in residue + markup:
        r["text"] = raw[r["start"] : r["end"]]
    return dict(clean=clean, tokens=toks_df, sentences=sents, residue=residue + markup, quotes=quote_rows,
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
    for row in rows:
        try:
            results.append(load_document(folder, row._asdict(), rules, overrides, min_quote_tokens))
        except CorpusError as exc:  # collect: one message lists every bad document
            problems += exc.problems
    return _complete(folder, manifest, rules, results, problems, min_quote_tokens, store=store, sha=sha)


def _complete(folder, manifest, rules, results, problems, min_quote_tokens, *, store, sha) -> Corpus:
    """Assemble the per-document results (both loading paths), re-issue the warnings, fill the
    cache entry (with those warnings, to repeat them on a cache hit) and record provenance."""
    from . import cache as _cache

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corpus = _finish(folder, manifest, rules, results, problems, min_quote_tokens, sha=sha)
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
    corpus.meta.update(sha256=sha or corpus_hash(folder, manifest, min_quote_tokens=min_quote_tokens),
                       min_quote_tokens=min_quote_tokens)
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


def corpus_hash(folder: str | Path, manifest: pd.DataFrame | None = None, *, min_quote_tokens: int = 4) -> str:
    """sha256 identifying a corpus and the settings its tables depend on.

    Hashes the manifest, every listed file's bytes, ``cleaning.yaml`` and ``voices.csv``
    (if present), the tokenizer version and ``min_quote_tokens``. The same folder and
    settings always give the same hash; any change to a text, a rule or an override
    changes it.
    """
    from .tokens import TOKENIZER_VERSION

    folder = Path(folder)
    manifest = read_manifest(folder) if manifest is None else manifest
    h = hashlib.sha256()
    h.update(f"tokenizer={TOKENIZER_VERSION};min_quote_tokens={min_quote_tokens}\n".encode())
    for name in ("manifest.csv", "cleaning.yaml", "voices.csv"):
        p = folder / name
        h.update(name.encode() + b"\0" + (hashlib.sha256(p.read_bytes()).hexdigest().encode() if p.is_file() else b"-") + b"\n")
    for f in manifest.file:
        h.update(f.encode() + b"\0" + hashlib.sha256((folder / f).read_bytes()).hexdigest().encode() + b"\n")
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


def _assemble(folder, docs, tok_parts, sent_parts, residue, quotes) -> Corpus:
    documents = pd.DataFrame(docs)
    doc_ids = list(documents.doc_id)
    groups = list(dict.fromkeys(documents.group))
    doc_cat = pd.CategoricalDtype(doc_ids)
    group_cat = pd.CategoricalDtype(groups)
    documents["doc_id"] = documents.doc_id.astype(doc_cat)
    documents["group"] = documents.group.astype(group_cat)
    # tokens: one vocabulary for the whole corpus
    # types in order of first appearance (pandas' hash table: no Python loop over tokens)
    lens = [len(part["token"]) for part in tok_parts]
    flat = np.fromiter(itertools.chain.from_iterable(part["token"] for part in tok_parts), dtype=object, count=sum(lens))
    codes_all, uniques = pd.factorize(flat, use_na_sentinel=False)
    codes_all = codes_all.astype(np.int32)
    types = list(uniques)
    norms = [normalize(t) for t in types]
    norm_types = sorted(set(norms))
    norm_index = {t: k for k, t in enumerate(norm_types)}
    norm_of_type = np.asarray([norm_index[t] for t in norms], dtype=np.int32)
    order = np.argsort(np.asarray(types, dtype=object), kind="stable")
    remap = np.empty(len(types), dtype=np.int32)
    remap[order] = np.arange(len(types), dtype=np.int32)
    token_types = [types[k] for k in order]
    spk_codes, spk_uniques = pd.factorize(
        np.concatenate([np.asarray(p["speaker"], dtype=object) for p in tok_parts]) if tok_parts else np.zeros(0, object),
        use_na_sentinel=False)
    speakers = sorted(spk_uniques)
    spk_index = {s: k for k, s in enumerate(speakers)}
    spk_remap = np.asarray([spk_index[s] for s in spk_uniques], dtype=np.int32)
    tokens = pd.DataFrame(
        {
            "doc_id": pd.Categorical.from_codes(np.repeat(np.arange(len(doc_ids), dtype=np.int32), lens), dtype=doc_cat),
            "group": pd.Categorical.from_codes(
                np.repeat(np.asarray([groups.index(g) for g in documents.group], dtype=np.int32), lens), dtype=group_cat
            ),
            "i": np.concatenate([p["i"] for p in tok_parts]),
            "sent_id": np.concatenate([p["sent_id"] for p in tok_parts]),
            "para_id": np.concatenate([p["para_id"] for p in tok_parts]),
            "token": pd.Categorical.from_codes(remap[codes_all], categories=token_types),
            "norm": pd.Categorical.from_codes(norm_of_type[codes_all], categories=norm_types),
            "voice": pd.Categorical.from_codes(np.concatenate([p["voice"] for p in tok_parts]).astype(np.int8), categories=list(VOICES)),
            "speaker": pd.Categorical.from_codes(
                spk_remap[spk_codes] if len(spk_codes) else np.zeros(0, np.int32), categories=speakers
            ),
            "start": np.concatenate([p["start"] for p in tok_parts]),
            "end": np.concatenate([p["end"] for p in tok_parts]),
        }
    )
    sentences = pd.concat(sent_parts, ignore_index=True)
    sentences["doc_id"] = sentences.doc_id.astype(doc_cat)
    sentences["group"] = sentences.group.astype(group_cat)
    sentences["voice"] = sentences.voice.astype(pd.CategoricalDtype(list(SENTENCE_VOICES)))
    residue_df = pd.DataFrame(residue, columns=["doc_id", "start", "end", "rule", "kind", "text"])
    residue_df["doc_id"] = residue_df.doc_id.astype(doc_cat)
    residue_df = residue_df.sort_values(["doc_id", "start", "end"], kind="stable").reset_index(drop=True)
    quotes_df = pd.DataFrame(quotes, columns=["doc_id", "para_id", "start", "end", "n_tokens", "voice", "speaker", "how"])
    quotes_df["doc_id"] = quotes_df.doc_id.astype(doc_cat)
    n_tok = tokens.groupby("doc_id", observed=False).size()
    n_quoted = tokens[tokens.voice == "quoted"].groupby("doc_id", observed=False).size()
    documents["n_tokens"] = documents.doc_id.map(n_tok).astype(int)
    documents["n_quoted_tokens"] = documents.doc_id.map(n_quoted).fillna(0).astype(int)
    documents["n_sentences"] = documents.doc_id.map(sentences.groupby("doc_id", observed=False).size()).astype(int)
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
