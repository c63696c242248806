"""Concordances (keyword in context) from patterns or hits; sorting; an escaped HTML view.

KWIC lines are exactly the hits of :func:`analysis.matcher.match` (same rows, same
order before sorting), so a concordance always agrees with the counts built from the
same patterns. Context is read from the document's *clean* text (residue and speaker
markup blanked), with whitespace runs collapsed to one space, so punctuation and
quotation marks stay visible and page residue never shows.

Old names, kept for one release with a ``DeprecationWarning``: ``unit=`` of :func:`kwic`
(the context span, now ``context=``) and the module constant ``UNITS`` (now ``CONTEXTS``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from ._core.html import KWIC_CSS, esc
from ._core.index import Index, token_index
from ._core.memo import memo
from ._core.options import check_option
from ._core.patterns import Patterns
from ._core.spans import VOICES, find_spans, part_offsets
from ._core.tables import categorical, frame
from ._core.texts import display_texts
from ._core.vocabulary import old_constants, renamed
from ._core.dispatch import dispatch

__all__ = ["kwic", "kwic_html", "save_kwic", "KwicView", "KWIC_COLUMNS", "CONTEXTS"]

#: Columns of a KWIC table, in order.
KWIC_COLUMNS = (
    "doc_id", "group", "sent_id", "voice", "speaker", "i", "j",
    "left", "match", "right", "pattern", "category", "start", "end",
)
#: Valid values of ``context``: context may cross sentences (``"token"``) or not (``"sentence"``).
CONTEXTS = ("token", "sentence")

__getattr__ = old_constants(globals(), {"UNITS": "CONTEXTS"})

_SORT_KEY = re.compile(r"match|([1-9]\d*)([LR])")


def _parse_sort(sort) -> list[tuple[str, int]]:
    if sort is None:
        return []
    keys = [sort] if isinstance(sort, str) else list(sort)
    out = []
    for k in keys:
        m = _SORT_KEY.fullmatch(k) if isinstance(k, str) else None
        if not m:
            raise ValueError(
                f"sort key {k!r} is not valid; valid keys: 'match', or a position such as "
                "'1L', '2L', ... (tokens to the left) and '1R', '2R', ... (to the right)"
            )
        out.append(("match", 0) if k == "match" else (m.group(2), int(m.group(1))))
    return out


@renamed(options={"unit": "context"})
def kwic(
    corpus,
    patterns: Patterns | pd.DataFrame,
    *,
    window: int | None = 5,
    context: Literal["token", "sentence"] = "token",
    voice: Literal["author", "quoted"] | None = None,
    sort: str | Sequence[str] | None = None,
    case_sensitive: bool = False,
    diacritic_sensitive: bool = False,
    exclude: Patterns | None = None,
    parts: bool = True,
) -> pd.DataFrame:
    """Keyword-in-context lines for every hit of ``patterns``.

    Parameters
    ----------
    corpus : Corpus
    patterns : str, list, dict, or DataFrame
        Patterns as for :func:`analysis.matcher.match`, or a hits table it returned
        (any subset of its rows: "every cell → its KWIC lines").
    window : int or None, default 5
        Tokens of context on each side; ``None``: as far as ``context`` allows.
    context : {"token", "sentence"}, default "token"
        The span the context may cover.
        ``"token"``: context may cross sentences but never documents;
        ``"sentence"``: context never leaves the hit's sentence.
    voice : {None, "author", "quoted"}
        Keep only hits whose first token has this voice.
    sort : str or list of str, optional
        AntConc-style sort keys, applied in order: ``"match"``, ``"1L"``, ``"2L"``, …
        (the n-th token to the left), ``"1R"``, ``"2R"``, … (to the right). Keys
        compare the tokens' folded form (``norm``: case and diacritics folded), so
        punctuation is ignored; a missing token (the context ends first) sorts last.
        Ties keep the hit order (document, ``i``, ``j``, category, pattern).
        ``None``: hit order.
    case_sensitive, diacritic_sensitive, exclude, parts
        Passed to :func:`analysis.matcher.match`.

    Returns
    -------
    pandas.DataFrame
        One row per hit, fresh RangeIndex. Columns: ``doc_id``, ``group`` (category),
        ``sent_id`` (int32), ``voice``, ``speaker`` (category), ``i``, ``j`` (int32,
        token span), ``left``, ``match``, ``right`` (str), ``pattern``, ``category``
        (category), ``start``, ``end`` (int64, raw char offsets of the match).

        ``left`` runs from the first context token to the start of the match (so it
        ends with the punctuation and space before the match), ``right`` from the end
        of the match to the last context token; so ``left + match + right`` equals the
        clean text from the first to the last token shown, whitespace collapsed.
        ``left`` / ``right`` are ``""`` when there is no context token (a part of a
        hyphenated token keeps the rest of its token: ``"Clinton-"`` ``"Putin"``).

    Raises
    ------
    ValueError
        Invalid ``context``, ``voice``, ``window`` or ``sort`` (the message lists the
        valid values), or a bad pattern (see :func:`analysis.matcher.compile_pattern`).

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> k = kwic(load_corpus(), "sector", voice="quoted", window=3)
    >>> k.loc[2, ["doc_id", "speaker", "left", "match", "right"]].tolist()
    ['norris-2014', 'Clark', 'would claim their ', 'sector', ',” said NATO’s']
    """
    if (mr := dispatch(corpus, "kwic")) is not None:  # reads only what it needs
        return mr(corpus, patterns, window=window, context=context, voice=voice, sort=sort, case_sensitive=case_sensitive,
                  diacritic_sensitive=diacritic_sensitive, exclude=exclude, parts=parts)
    _check_options(context, voice, window)
    keys = _parse_sort(sort)
    tokens = corpus.tokens
    tcol = _token_columns(tokens)
    idx = token_index(tokens, False, False)  # same token order for every folding option
    if isinstance(patterns, pd.DataFrame):
        hits = _given_hits(patterns, voice, idx, tcol)
    else:
        hits = _matched_hits(corpus, patterns, idx, case_sensitive=case_sensitive,
                             diacritic_sensitive=diacritic_sensitive, voice=voice, exclude=exclude, parts=parts)
    lo, hi = _context_bounds(idx, context, hits)
    out = _lines(corpus, idx, tcol, hits, lo, hi, window)
    if keys and hits.n:
        out = _sorted(out, idx, keys, hits, lo, hi)
    return out


def _check_options(context, voice, window) -> None:
    check_option("context", context, CONTEXTS)
    check_option("voice", voice, VOICES)
    if window is not None and (not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0):
        raise ValueError(f"window={window!r} is not valid; use a non-negative int or None (as far as the context allows)")


def _token_columns(tokens: pd.DataFrame) -> dict:
    """The tokens' columns a line carries, as (codes, dtype), looked up once per tokens table
    (a column lookup costs ~0.1 ms cold)."""
    return memo((tokens,), "kwic columns",
                lambda: {c: (tokens[c].cat.codes.to_numpy(), tokens[c].dtype) for c in ("doc_id", "group", "voice", "speaker")})


@dataclass
class _Hits:
    """The hits a concordance shows, as token positions in index order."""

    p: np.ndarray  # first token of each hit
    q: np.ndarray  # one past its last token
    doc: np.ndarray  # doc_id category code (int64)
    i: np.ndarray  # token span [i, j) within the document (int64)
    j: np.ndarray
    given: dict  # columns taken as they are (a hits table's, or pattern / category of a match)
    mstart: np.ndarray | None = None  # char offsets of the match when not its tokens' (a part of a hyphenated token)
    mend: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.p)


def _given_hits(hits: pd.DataFrame, voice, idx: Index, tcol: dict) -> _Hits:
    """Positions of the rows of a hits table (any subset of :func:`analysis.matcher.match`'s)."""
    missing = [c for c in ("doc_id", "i", "j") if c not in hits.columns]
    if missing:
        raise ValueError(f"a hits table needs the column(s) {missing}")
    if voice is not None:
        hits = hits[hits["voice"] == voice]
    n_hits = len(hits)
    hdoc = pd.Categorical(hits["doc_id"].astype(str), categories=tcol["doc_id"][1].categories).codes.astype(np.int64)
    if (hdoc < 0).any():
        raise ValueError("hits refer to documents that are not in the corpus")
    # positions (index order) of the first and one past the last token of each hit
    hi_ = hits["i"].to_numpy().astype(np.int64)
    hj_ = hits["j"].to_numpy().astype(np.int64)
    if n_hits and (hj_ <= hi_).any() or n_hits and int(hj_.max()) > int(idx.big) - 1:
        raise ValueError("hits refer to tokens that are not in the corpus")
    big, key = idx.big, idx.key
    p = np.searchsorted(key, hdoc * big + hi_)
    q = np.searchsorted(key, hdoc * big + hj_ - 1) + 1
    if n_hits and ((p >= idx.n) | (key[np.minimum(p, idx.n - 1)] != hdoc * big + hi_)).any():
        raise ValueError("hits refer to tokens that are not in the corpus")
    given = {c: hits[c].array for c in ("group", "sent_id", "voice", "speaker", "pattern", "category") if c in hits}
    mstart = mend = None
    if "start" in hits and "end" in hits and n_hits:  # a part of a hyphenated token: its own offsets
        starts, ends = idx.offsets_in_order
        a, b = hits["start"].to_numpy().astype(np.int64), hits["end"].to_numpy().astype(np.int64)
        inside = (a >= starts[p]) & (b <= ends[q - 1]) & (a < b)
        if inside.all() and ((a != starts[p]) | (b != ends[q - 1])).any():
            mstart, mend = a, b
    return _Hits(p, q, hdoc, hi_, hj_, given, mstart, mend)


def _matched_hits(corpus, patterns, idx: Index, **options) -> _Hits:
    """Positions of the matches of ``patterns``, without building the hits table."""
    sp = find_spans(corpus, patterns, **options)
    p, q = sp.st, sp.en
    hdoc = idx.doc[p].astype(np.int64)
    hi_, hj_ = idx.i[p].astype(np.int64), idx.i[q - 1].astype(np.int64) + 1
    given = {"pattern": categorical(sp.pc, sp.patterns), "category": categorical(sp.cc, sp.categories)}
    mstart = mend = None
    if sp.pt is not None and (sp.pt >= 0).any():
        starts, ends = idx.offsets_in_order
        disp = display_texts(corpus)
        mstart, mend = part_offsets(disp, disp.base[hdoc], starts[p].astype(np.int64), ends[q - 1].astype(np.int64), sp.pt)
    return _Hits(p, q, hdoc, hi_, hj_, given, mstart, mend)


def _context_bounds(idx: Index, context: str, hits: _Hits) -> tuple[np.ndarray, np.ndarray]:
    """The first and one past the last token position each hit's context may reach (its
    document or its sentence)."""
    if context == "token":
        return idx.doc_bounds[hits.doc], idx.doc_bounds[hits.doc + 1]
    hk = idx.sent_key[hits.p]
    return np.searchsorted(idx.sent_key, hk, side="left"), np.searchsorted(idx.sent_key, hk, side="right")


def _lines(corpus, idx: Index, tcol: dict, hits: _Hits, lo: np.ndarray, hi: np.ndarray, window) -> pd.DataFrame:
    """The KWIC table, in hit order: context cut from the display buffer, columns of the hits."""
    p, q, given, n_hits = hits.p, hits.q, hits.given, hits.n
    w = idx.n if window is None else int(window)
    left0 = np.maximum(lo, p - w)
    right1 = np.minimum(hi, q + w)
    starts, ends = idx.offsets_in_order
    rows_p = p if idx.order is None else idx.order[p]

    def rows_of(name: str) -> pd.Categorical:  # tokens[name] at the hits' first rows (no re-validation)
        codes, dtype = tcol[name]
        return pd.Categorical.from_codes(codes[rows_p], dtype=dtype, validate=False)

    def column(name: str, values):
        return given[name] if name in given else values()

    disp = display_texts(corpus)
    base = disp.base[hits.doc]
    mstart = starts[p] if hits.mstart is None else hits.mstart
    mend = ends[q - 1] if hits.mend is None else hits.mend
    # byte offsets of: the first context token, the match, its end, the end of the last context token
    m0, m1 = disp.locate(base + mstart), disp.locate(base + mend)
    # context starts and ends at whole tokens: a part of a hyphenated token keeps the rest of its
    # token on either side ("Clinton-" [Putin] " correspondence")
    l0 = np.where(left0 < p, disp.locate(base + starts[left0]),
                  m0 if hits.mstart is None else disp.locate(base + starts[p]))
    r1 = np.where(right1 > q, disp.locate(base + ends[right1 - 1]),
                  m1 if hits.mend is None else disp.locate(base + ends[q - 1]))
    left, match, right = disp.strings_many([(l0, m0), (m0, m1), (m1, r1)])
    return frame(
        {
            "doc_id": pd.Categorical.from_codes(hits.doc, dtype=tcol["doc_id"][1], validate=False),
            "group": column("group", lambda: rows_of("group")),
            "sent_id": np.asarray(column("sent_id", lambda: idx.sent[p])).astype(np.int32),
            "voice": column("voice", lambda: rows_of("voice")),
            "speaker": column("speaker", lambda: rows_of("speaker")),
            "i": hits.i.astype(np.int32),
            "j": hits.j.astype(np.int32),
            "left": left,
            "match": match,
            "right": right,
            "pattern": column("pattern", lambda: pd.Categorical([""] * n_hits)),
            "category": column("category", lambda: pd.Categorical([""] * n_hits)),
            "start": np.asarray(mstart, dtype=np.int64),
            "end": np.asarray(mend, dtype=np.int64),
        }
    )


def _sorted(out: pd.DataFrame, idx: Index, keys, hits: _Hits, lo: np.ndarray, hi: np.ndarray) -> pd.DataFrame:
    """``out`` sorted by the sort keys (folded forms; a missing token last; ties in hit order)."""
    p, q = hits.p, hits.q
    forms = np.asarray(idx.forms, dtype=object)
    cols = {}
    for side, n in keys:
        if side == "match":
            cols["match"] = [" ".join(forms[idx.codes[a:b]]) for a, b in zip(p.tolist(), q.tolist())]
        elif side == "L":
            pos = p - n
            ok = pos >= lo
            cols[f"{n}L"] = np.where(ok, forms[idx.codes[np.where(ok, pos, 0)]], "")
        else:
            pos = q - 1 + n
            ok = pos < hi
            cols[f"{n}R"] = np.where(ok, forms[idx.codes[np.where(ok, pos, 0)]], "")
    table = pd.DataFrame({})
    for name, values in cols.items():
        values = np.asarray(values, dtype=object)
        table[f"_{name}_missing"] = values == ""  # no token there: sorts last
        table[name] = values
    table["_order"] = np.arange(hits.n)
    order = table.sort_values(list(table.columns), kind="stable").index.to_numpy()
    return out.iloc[order].reset_index(drop=True)


def save_kwic(df: pd.DataFrame, name: str, *, folder=None):
    """Write a KWIC table as ``<folder>/<name>.csv`` via :func:`analysis.io.save_table`.

    ``folder`` defaults to the figures folder, so concordances sit next to the figures
    they explain. Returns the path written.
    """
    from .io import save_table

    return save_table(df, name, folder=folder)


class KwicView:
    """An HTML rendering of a KWIC table for notebooks (``_repr_html_``).

    Every piece of text is passed through :func:`html.escape`; the keyword column is
    aligned (left context right-aligned, match centred and highlighted, right context
    left-aligned).
    """

    def __init__(self, html_text: str, n_rows: int, n_shown: int):
        self.html = html_text
        self.n_rows = n_rows
        self.n_shown = n_shown

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return f"<KwicView: {self.n_shown} of {self.n_rows} lines>"


def _rows_html(shown: pd.DataFrame, source: bool) -> list[str]:
    rows = []
    for r in shown.itertuples(index=False):
        d = r._asdict()
        src = ""
        if source:
            label = str(d.get("doc_id", ""))
            if "voice" in d:
                label += f" · {d['voice']}"
                if d.get("speaker"):
                    label += f" ({d['speaker']})"
            src = f'<td class="src" title="{esc(label)}">{esc(label)}</td>'
        rows.append(
            f"<tr>{src}<td class=\"l\"><div><span>{esc(d['left'])}</span></div></td>"
            f"<td class=\"m\"><mark>{esc(d['match'])}</mark></td>"
            f"<td class=\"r\">{esc(d['right'])}</td></tr>"
        )
    return rows


def kwic_html(
    df: pd.DataFrame,
    *,
    max_rows: int | None = 50,
    by: str | Sequence[str] | None = None,
    source: bool = True,
) -> KwicView:
    """Render a KWIC table as aligned, escaped HTML (``display(kwic_html(k))``).

    Parameters
    ----------
    df : DataFrame
        From :func:`kwic` (needs ``left``, ``match``, ``right``; uses ``doc_id``,
        ``voice``, ``speaker`` when present).
    max_rows : int or None, default 50
        Lines shown (the first ones, in the table's order); per block when ``by`` is
        given. ``None``: all.
    by : str or list of str, optional
        Column(s) to split the lines into blocks, e.g. ``["group", "voice"]``; each
        block gets a heading row with its line count (categorical order; empty
        categories are skipped).
    source : bool, default True
        Add a column naming the document, voice and speaker.

    Returns
    -------
    KwicView
        ``.html`` is the markup; notebooks display it through ``_repr_html_``.
        Every piece of text (context, match, document ids, speakers, block labels)
        is passed through :func:`html.escape`.

    Examples
    --------
    >>> v = kwic_html(pd.DataFrame({"left": ["<b>"], "match": ["x"], "right": [""]}), source=False)
    >>> "&lt;b&gt;" in v.html and "<b>" not in v.html
    True
    """
    for c in ("left", "match", "right"):
        if c not in df.columns:
            raise ValueError(f"kwic_html needs a {c!r} column (a table from kwic())")
    if max_rows is not None and (not isinstance(max_rows, (int, np.integer)) or max_rows < 0):
        raise ValueError(f"max_rows={max_rows!r} is not valid; use a non-negative int or None")
    n = len(df)
    ncol = 4 if source else 3
    if by is None:
        shown = df if max_rows is None else df.head(max_rows)
        rows = _rows_html(shown, source)
        n_shown = len(shown)
    else:
        keys = [by] if isinstance(by, str) else list(by)
        missing = [k for k in keys if k not in df.columns]
        if missing:
            raise ValueError(f"kwic_html: by column(s) {missing} not in the table; columns: {list(df.columns)}")
        rows, n_shown = [], 0
        for key, block in df.groupby(keys, observed=True, sort=True):
            key = key if isinstance(key, tuple) else (key,)
            shown = block if max_rows is None else block.head(max_rows)
            label = " · ".join(str(k) for k in key)
            rows.append(f'<tr class="block"><th colspan="{ncol}">{esc(label)}: {len(shown)} of {len(block)} lines</th></tr>')
            rows += _rows_html(shown, source)
            n_shown += len(shown)
    caption = f"<caption>{n_shown} of {n} concordance lines</caption>"
    body = f'{KWIC_CSS}<table class="kwic">{caption}{"".join(rows)}</table>'
    return KwicView(body, n, n_shown)
