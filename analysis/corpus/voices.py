"""Voices: who speaks in each paragraph and quotation (the codebook's author vs quoted).

Owns the voice rules of the README's "Decisions the loader makes":

* speaker labels (``President Putin: …``, used as a label at least twice in a document)
  start a transcript turn that goes on until the next label or heading;
* source lines (``Vesti, 2018``) start a quoted excerpt with that speaker;
* quotation marks inside author paragraphs (:func:`quote_spans`) and the speaker read from
  a speech verb next to them (:func:`attribute`);
* the hand-kept overrides of ``voices.csv`` (:func:`load_overrides`,
  :func:`doc_overrides`, :func:`quote_override`), anchored by the text a paragraph or
  quotation starts with;
* the voice categories of the tables (:data:`VOICES`, :data:`SENTENCE_VOICES`).

Hands :mod:`analysis.corpus.document` the paragraphs with their block voice and speaker
(:class:`Para`, from :func:`paragraph_voices`) and the markup spans to leave out (labels
and source lines); the document step then gives each quotation and token its voice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .csvfile import read_rows
from .errors import CorpusError
from .segment import is_heading, paragraphs

__all__ = [
    "VOICES",
    "SENTENCE_VOICES",
    "Para",
    "load_overrides",
    "doc_overrides",
    "paragraph_voices",
    "quote_spans",
    "has_quote_marks",
    "quote_override",
    "attribute",
]

#: The voices of a token (and the categories of ``tokens.voice``), in code order.
VOICES = ("author", "quoted")
#: The voices of a sentence (``sentences.voice``): mixed holds tokens of both.
SENTENCE_VOICES = ("author", "quoted", "mixed")

_TITLE_WORDS = {
    "president", "prime", "minister", "mr", "mrs", "ms", "dr", "general", "gen", "colonel",
    "secretary", "ambassador", "senator", "professor", "prof", "sir", "deputy", "foreign",
    "defense", "defence", "chancellor", "chairman", "commander", "lieutenant", "admiral",
    "vice", "special", "envoy", "king", "queen", "pope", "premier", "governor", "judge",
}
_LABEL = re.compile(r"(?P<label>(?:[A-Z][\w.’'\-]*\s){0,3}[A-Z][\w.’'\-]*):[ \t]+(?=\S)")
_SOURCE_LINE = re.compile(r"(?P<name>[A-Z][\w’'&.\- ]{0,40}), (?P<year>(?:1[89]|20)\d\d)")
_SPEECH_VERBS = {
    "said", "says", "say", "told", "tells", "declared", "declaring", "declares", "stressed",
    "stressing", "argued", "argues", "arguing", "remarked", "warned", "warning", "telling",
    "added", "noted", "asked", "called", "wrote", "writes", "stated", "announced", "insisted",
    "replied", "explained", "promised", "believes", "cited", "urged", "claimed", "wished",
    "proposed", "suggested", "admitted", "acknowledged", "demanded", "threatened", "vowed",
}


def _strip_title(words: list[str]) -> list[str]:
    keep = [w for w in words if w.lower().rstrip(".") not in _TITLE_WORDS]
    return keep or words


def _surname(label: str) -> str:
    words = _strip_title(label.split())
    return words[-1]


# --------------------------------------------------------------------------- overrides


_OVERRIDE_COLUMNS = ("doc_id", "scope", "anchor", "voice", "speaker", "note")


def load_overrides(folder: Path, doc_ids: set[str], *, data: bytes | None = None) -> pd.DataFrame:
    """Read and validate ``folder/voices.csv`` (no file: no overrides).

    Parameters
    ----------
    folder : Path
        The corpus folder.
    doc_ids : set of str
        The documents of the manifest; an override naming another is an error.
    data : bytes, optional
        The file's bytes when the caller has read them already (to hash what it parses).

    Returns
    -------
    DataFrame
        ``doc_id, scope, anchor, voice, speaker, note`` (str, stripped), any further columns
        of the file (kept, as notes), and ``line`` (int, the row's line in the file), in
        file order.

    Raises
    ------
    CorpusError
        Not UTF-8, a missing, duplicate or reserved (``line``) column, more fields than
        columns (unless ``note`` is the last column: a note keeps the extra fields, an
        unquoted comma in it), a line break inside a field, an unknown document, a scope other than
        ``paragraph`` or ``quote``, a voice other than ``author`` or ``quoted``, an empty
        anchor; every problem of the file in one message, each naming file, line and field.
    """
    path = folder / "voices.csv"
    cols = list(_OVERRIDE_COLUMNS)
    if data is None:
        if not path.is_file():
            return pd.DataFrame(columns=cols + ["line"])
        data = path.read_bytes()
    columns, parsed, problems, _ = read_rows(path, data, required=_OVERRIDE_COLUMNS[:4], reserved=("line",),
                                         rest="note")
    rows = []
    for lineno, row in parsed:
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
    return pd.DataFrame(rows, columns=cols + [c for c in columns if c not in cols] + ["line"])


def doc_overrides(overrides: pd.DataFrame, doc_id: str, scope: str) -> list[tuple]:
    """The rows of ``voices.csv`` for one document and scope, in file order, as named tuples
    (``anchor``, ``voice``, ``speaker``, ``line``, ...). Cheap when there are none.

    Parameters
    ----------
    overrides : DataFrame
        From :func:`load_overrides`.
    doc_id : str
    scope : {"paragraph", "quote"}

    Returns
    -------
    list of namedtuple
    """
    if overrides.empty:
        return []
    mask = (overrides["doc_id"].to_numpy(dtype=object) == doc_id) & (overrides["scope"].to_numpy(dtype=object) == scope)
    return list(overrides[mask].itertuples(index=False)) if mask.any() else []


def quote_override(inner: str, rows: list[tuple], used: set[int], *, path: Path | str = "voices.csv",
                   where: str = "a quotation") -> tuple | None:
    """The ``voices.csv`` row (scope ``quote``) for a quotation, or ``None``.

    Parameters
    ----------
    inner : str
        The quotation's text after its opening mark, without leading whitespace.
    rows : list of namedtuple
        The document's quote overrides (:func:`doc_overrides`).
    used : set of int
        The ``line`` of every row whose anchor starts ``inner`` is added to it (a row that
        matches no quotation of its document is an error, see
        :func:`analysis.corpus.document.process_document`).
    path : path, optional
        ``voices.csv``, for messages.
    where : str, optional
        The quotation (``"the quotation at character 120 of 'a'"``), for messages.

    Returns
    -------
    namedtuple or None
        The row whose anchor starts ``inner``.

    Raises
    ------
    CorpusError
        Two rows whose anchors both start ``inner``, naming both lines.
    """
    row = None
    for r in rows:
        if inner.startswith(r.anchor):
            if row is not None:
                raise CorpusError(f"{path}, line {r.line}, field 'anchor': {r.anchor!r} and line {row.line} "
                                  f"({row.anchor!r}) both override {where}; keep one")
            row = r
            used.add(r.line)
    return row


# --------------------------------------------------------------------------- paragraphs


@dataclass
class Para:
    """A paragraph of a document, with the voice of its block.

    Attributes
    ----------
    start, end : int
        Its span in the clean text.
    heading : bool
        A heading (see :func:`analysis.corpus.segment.is_heading`), or a source line.
    voice : {"author", "quoted"}
        The voice of the block it belongs to (a transcript turn, an excerpt after a
        source line, an override); quotations inside an author paragraph get their own.
    speaker : str
        The block's speaker (``""`` for author voice).
    label : (int, int) or None
        The span of its speaker label (markup), if it opens with one.
    source_line : bool
        A source line (``Vesti, 2018``): markup, no sentences.
    """

    start: int
    end: int
    heading: bool
    voice: str = "author"
    speaker: str = ""
    label: tuple[int, int] | None = None  # markup span
    source_line: bool = False


def paragraph_voices(doc_id: str, clean: str, overrides: pd.DataFrame, path: Path) -> tuple[list[Para], list[dict]]:
    """Paragraphs with block voices; markup spans (labels, source lines).

    Parameters
    ----------
    doc_id : str
    clean : str
        The document's clean text (:func:`analysis.corpus.cleaning.clean_text`).
    overrides : DataFrame
        From :func:`load_overrides` (the rows of scope ``paragraph`` apply here).
    path : Path
        ``voices.csv``, for messages.

    Returns
    -------
    paras : list of Para
        In text order.
    markup : list of dict
        Residue records (``doc_id, start, end, rule, kind="markup"``) of the speaker
        labels and source lines.

    Raises
    ------
    CorpusError
        A paragraph override whose anchor starts no paragraph, or several.
    """
    spans = paragraphs(clean)
    paras = [Para(a, b, is_heading(clean, a, b)) for a, b in spans]
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
    for row in doc_overrides(overrides, doc_id, "paragraph"):
        hits = [k for k, p in enumerate(paras) if clean.startswith(row.anchor, p.start)]
        if len(hits) != 1:
            what = "matches no paragraph" if not hits else f"matches {len(hits)} paragraphs"
            raise CorpusError(f"{path}, line {row.line}, field 'anchor': {row.anchor!r} {what} of {doc_id}")
        if hits[0] in anchored:
            other = anchored[hits[0]]
            raise CorpusError(f"{path}, line {row.line}, field 'anchor': {row.anchor!r} and line {other.line} "
                              f"({other.anchor!r}) both override paragraph {hits[0] + 1} of {doc_id!r}; keep one")
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


# --------------------------------------------------------------------------- quotations

# quotation marks: opener -> closer
_PAIRS = {"“": "”", "„": "“", "«": "»", "‹": "›"}
_OPENING_MARKS = '“„«‹"‘'  # the marks a quotation may open with (see quote_spans)
_QUOTE_CHARS = re.compile(f"[{_OPENING_MARKS}]")


def has_quote_marks(text: str) -> bool:
    """Whether ``text`` holds a mark that may open a quotation (see :func:`quote_spans`);
    without one it has no quotation.

    >>> has_quote_marks('He said “no”.'), has_quote_marks("He said no.")
    (True, False)
    """
    return any(c in text for c in _OPENING_MARKS)


def quote_spans(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Quoted spans (including the marks) in ``text[a:b]``; unclosed quotes run to ``b``.

    Quotation marks: ``“…”``, ``„…“``, ``«…»``, ``‹…›``, ``"…"`` and ``‘…’`` (straight
    double and single curly quotes only when they open after a non-alphanumeric
    character; an apostrophe inside a word does not close ``‘``).

    Parameters
    ----------
    text : str
    a, b : int
        The span searched (one paragraph).

    Returns
    -------
    list of (int, int)
        Disjoint spans, in text order.

    Examples
    --------
    >>> t = 'He said “we will not go” and ‘that’s it’.'
    >>> [t[a:b] for a, b in quote_spans(t, 0, len(t))]
    ['“we will not go”', '‘that’s it’']
    """
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


_ROLE_WORDS = _TITLE_WORDS | {
    "the", "military", "chief", "spokesman", "spokeswoman", "official", "adviser", "advisor",
    "leader", "head", "national", "security", "former", "ex", "top", "senior", "army",
}
_PRONOUNS = {"he", "she", "they", "we", "i", "it", "you", "him", "her", "them"}


_NOT_NAMES = _TITLE_WORDS | _PRONOUNS


def _is_name(t: str) -> bool:
    return t[:1].isupper() and t.lower().rstrip(".") not in _NOT_NAMES


def attribute(toks, idx: list[int]) -> str:
    """Speaker of a quotation, from a speech verb in the sentences it overlaps.

    ``idx`` are the indices (into ``toks``, ascending) of those sentences' tokens that lie
    outside quotation marks. For each speech verb among them: a name right before it
    ("Putin told"); else the first name run after it, skipping possessors and role words
    ("said NATO's military commander General Wesley Clark" -> Clark); else the last
    name introduced by a title earlier in the sentence ("British General Michael
    Jackson ... telling him" -> Jackson); else the sentence's first word if it is a
    name. The speaker is the last word of the run (a surname). Otherwise "unknown".

    Parameters
    ----------
    toks : list of str, or dict of int to str
        The document's tokens, as written (by index: only those at ``idx`` are read).
    idx : list of int
        See above.

    Returns
    -------
    str
        A surname, or ``"unknown"``.

    Examples
    --------
    >>> toks = "said NATO ’s military commander General Wesley Clark".split()
    >>> attribute(toks, list(range(len(toks))))
    'Clark'
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
