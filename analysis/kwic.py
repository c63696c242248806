"""Concordances (keyword in context) from patterns or hits; sorting; an escaped HTML view.

KWIC lines are exactly the hits of :func:`analysis.match.match` (same rows, same
order before sorting), so a concordance always agrees with the counts built from the
same patterns. Context is read from the document's *clean* text (residue and speaker
markup blanked), with whitespace runs collapsed to one space, so punctuation and
quotation marks stay visible and page residue never shows.
"""

from __future__ import annotations

import html
import re
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from .match import VOICES, Patterns, _categorical, _check_option, _doc_arrow, _frame, _index, _memo, _spans, _Utf8Texts

__all__ = ["kwic", "kwic_html", "save_kwic", "KwicView", "KWIC_COLUMNS", "UNITS"]

#: Columns of a KWIC table, in order.
KWIC_COLUMNS = (
    "doc_id", "group", "sent_id", "voice", "speaker", "i", "j",
    "left", "match", "right", "pattern", "category", "start", "end",
)
#: Valid values of ``unit``.
UNITS = ("token", "sentence")

_SORT_KEY = re.compile(r"match|([1-9]\d*)([LR])")

def _display(corpus) -> _Utf8Texts:
    """The clean texts with whitespace runs collapsed, as KWIC shows them (once per corpus)."""
    return _memo((corpus.documents, corpus.tokens), "display", lambda: _Utf8Texts(_doc_arrow(corpus, "text"), collapse=True))


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


def kwic(
    corpus,
    patterns: Patterns | pd.DataFrame,
    *,
    window: int | None = 5,
    unit: Literal["token", "sentence"] = "token",
    voice: Literal["author", "quoted"] | None = None,
    sort: str | Sequence[str] | None = None,
    case_sensitive: bool = False,
    diacritic_sensitive: bool = False,
    exclude: Patterns | None = None,
) -> pd.DataFrame:
    """Keyword-in-context lines for every hit of ``patterns``.

    Parameters
    ----------
    corpus : Corpus
    patterns : str, list, dict, or DataFrame
        Patterns as for :func:`analysis.match.match`, or a hits table it returned
        (any subset of its rows: "every cell → its KWIC lines").
    window : int or None, default 5
        Tokens of context on each side; ``None``: the whole unit.
    unit : {"token", "sentence"}, default "token"
        ``"token"``: context may cross sentences but never documents;
        ``"sentence"``: context never leaves the hit's sentence.
    voice : {None, "author", "quoted"}
        Keep only hits whose first token has this voice.
    sort : str or list of str, optional
        AntConc-style sort keys, applied in order: ``"match"``, ``"1L"``, ``"2L"``, …
        (the n-th token to the left), ``"1R"``, ``"2R"``, … (to the right). Keys
        compare the tokens' folded form (``norm``: case and diacritics folded), so
        punctuation is ignored; a missing token (the unit ends first) sorts last.
        Ties keep the hit order (document, ``i``, ``j``, category, pattern).
        ``None``: hit order.
    case_sensitive, diacritic_sensitive, exclude
        Passed to :func:`analysis.match.match`.

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
        ``left`` / ``right`` are ``""`` when there is no context token.

    Raises
    ------
    ValueError
        Invalid ``unit``, ``voice``, ``window`` or ``sort`` (the message lists the
        valid values), or a bad pattern (see :func:`analysis.match.compile_pattern`).

    Examples
    --------
    >>> from analysis.corpus import load_corpus
    >>> k = kwic(load_corpus(), "sector", voice="quoted", window=3)
    >>> k.loc[2, ["doc_id", "speaker", "left", "match", "right"]].tolist()
    ['norris-2014', 'Clark', 'would claim their ', 'sector', ',” said NATO’s']
    """
    _check_option("unit", unit, UNITS)
    _check_option("voice", voice, VOICES)
    if window is not None and (not isinstance(window, (int, np.integer)) or isinstance(window, bool) or window < 0):
        raise ValueError(f"window={window!r} is not valid; use a non-negative int or None (the whole unit)")
    keys = _parse_sort(sort)
    tokens = corpus.tokens
    # the tokens' columns a line carries (looked up once per corpus: a column lookup costs ~0.1 ms cold)
    tcol = _memo((tokens,), "kwic columns",
                 lambda: {c: (tokens[c].cat.codes.to_numpy(), tokens[c].dtype) for c in ("doc_id", "group", "voice", "speaker")})

    def rows_of(name: str, rows: np.ndarray) -> pd.Categorical:  # tokens[name] at rows (no re-validation)
        codes, dtype = tcol[name]
        return pd.Categorical.from_codes(codes[rows], dtype=dtype, validate=False)

    idx = _index(tokens, False, False)  # same token order for every folding option
    if isinstance(patterns, pd.DataFrame):
        missing = [c for c in ("doc_id", "i", "j") if c not in patterns.columns]
        if missing:
            raise ValueError(f"a hits table needs the column(s) {missing}")
        given = patterns
        if voice is not None:
            given = given[given["voice"] == voice]
        n_hits = len(given)
        hdoc = pd.Categorical(given["doc_id"].astype(str), categories=tcol["doc_id"][1].categories).codes.astype(np.int64)
        if (hdoc < 0).any():
            raise ValueError("hits refer to documents that are not in the corpus")
        # positions (index order) of the first and one past the last token of each hit
        hi_ = given["i"].to_numpy().astype(np.int64)
        hj_ = given["j"].to_numpy().astype(np.int64)
        if n_hits and (hj_ <= hi_).any() or n_hits and int(hj_.max()) > int(idx.big) - 1:
            raise ValueError("hits refer to tokens that are not in the corpus")
        big, key = idx.big, idx.key
        p = np.searchsorted(key, hdoc * big + hi_)
        q = np.searchsorted(key, hdoc * big + hj_ - 1) + 1
        if n_hits and ((p >= idx.n) | (key[np.minimum(p, idx.n - 1)] != hdoc * big + hi_)).any():
            raise ValueError("hits refer to tokens that are not in the corpus")
        given = {c: given[c].array for c in ("group", "sent_id", "voice", "speaker", "pattern", "category") if c in given}
    else:  # match, without building the hits table
        sp = _spans(corpus, patterns, case_sensitive=case_sensitive, diacritic_sensitive=diacritic_sensitive,
                    voice=voice, exclude=exclude)
        p, q = sp.st, sp.en
        n_hits = len(p)
        hdoc = idx.doc[p].astype(np.int64)
        hi_, hj_ = idx.i[p].astype(np.int64), idx.i[q - 1].astype(np.int64) + 1
        given = {"pattern": _categorical(sp.pc, sp.patterns), "category": _categorical(sp.cc, sp.categories)}
    # unit bounds
    if unit == "token":
        lo, hi = idx.doc_bounds[hdoc], idx.doc_bounds[hdoc + 1]
    else:
        hk = idx.sent_key[p]
        lo = np.searchsorted(idx.sent_key, hk, side="left")
        hi = np.searchsorted(idx.sent_key, hk, side="right")
    w = idx.n if window is None else int(window)
    left0 = np.maximum(lo, p - w)
    right1 = np.minimum(hi, q + w)
    starts, ends = idx.offsets_in_order
    rows_p = p if idx.order is None else idx.order[p]

    def column(name: str, values):
        return given[name] if name in given else values()

    disp = _display(corpus)
    base = disp.base[hdoc]
    # byte offsets of: the first context token, the match, its end, the end of the last context token
    m0, m1 = disp.locate(base + starts[p]), disp.locate(base + ends[q - 1])
    l0 = np.where(left0 < p, disp.locate(base + starts[left0]), m0)
    r1 = np.where(right1 > q, disp.locate(base + ends[right1 - 1]), m1)
    left, match, right = disp.strings_many([(l0, m0), (m0, m1), (m1, r1)])
    out = _frame(
        {
            "doc_id": pd.Categorical.from_codes(hdoc, dtype=tcol["doc_id"][1], validate=False),
            "group": column("group", lambda: rows_of("group", rows_p)),
            "sent_id": np.asarray(column("sent_id", lambda: idx.sent[p])).astype(np.int32),
            "voice": column("voice", lambda: rows_of("voice", rows_p)),
            "speaker": column("speaker", lambda: rows_of("speaker", rows_p)),
            "i": hi_.astype(np.int32),
            "j": hj_.astype(np.int32),
            "left": left,
            "match": match,
            "right": right,
            "pattern": column("pattern", lambda: pd.Categorical([""] * n_hits)),
            "category": column("category", lambda: pd.Categorical([""] * n_hits)),
            "start": starts[p].astype(np.int64),
            "end": ends[q - 1].astype(np.int64),
        }
    )
    if keys and n_hits:
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
        frame = pd.DataFrame({})
        for name, values in cols.items():
            values = np.asarray(values, dtype=object)
            frame[f"_{name}_missing"] = values == ""  # no token there: sorts last
            frame[name] = values
        frame["_order"] = np.arange(n_hits)
        order = frame.sort_values(list(frame.columns), kind="stable").index.to_numpy()
        out = out.iloc[order].reset_index(drop=True)
    return out


def save_kwic(df: pd.DataFrame, name: str, *, folder=None):
    """Write a KWIC table as ``<folder>/<name>.csv`` via :func:`analysis.io.save_table`.

    ``folder`` defaults to the figures folder, so concordances sit next to the figures
    they explain. Returns the path written. Context from a text that starts with ``= + - @``,
    a tab or a carriage return is written with a leading ``'`` (formula neutralising, see
    :func:`analysis.io.save_table`).
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


_CSS = (
    "<style>"
    "table.kwic{border-collapse:collapse;font-family:monospace;font-size:12px;table-layout:fixed;width:100%}"
    "table.kwic td{padding:1px 0;white-space:pre;overflow:hidden}"
    "table.kwic td.l{width:40%}"
    "table.kwic td.l div{display:flex;justify-content:flex-end;overflow:hidden}"
    "table.kwic td.m{text-align:center;width:12%}"
    "table.kwic td.r{text-align:left;width:40%}"
    "table.kwic td.src{color:#666;width:8%;text-overflow:ellipsis;font-size:10px;padding-right:6px}"
    "table.kwic mark{background:#ffe58a;font-weight:bold}"
    "table.kwic tr.block th{text-align:left;font-family:sans-serif;background:#f0f0f0;padding:3px 4px}"
    "</style>"
)


def _esc(x) -> str:
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return html.escape(str(x), quote=True)


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
            src = f'<td class="src" title="{_esc(label)}">{_esc(label)}</td>'
        rows.append(
            f"<tr>{src}<td class=\"l\"><div><span>{_esc(d['left'])}</span></div></td>"
            f"<td class=\"m\"><mark>{_esc(d['match'])}</mark></td>"
            f"<td class=\"r\">{_esc(d['right'])}</td></tr>"
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
            rows.append(f'<tr class="block"><th colspan="{ncol}">{_esc(label)}: {len(shown)} of {len(block)} lines</th></tr>')
            rows += _rows_html(shown, source)
            n_shown += len(shown)
    caption = f"<caption>{n_shown} of {n} concordance lines</caption>"
    body = f'{_CSS}<table class="kwic">{caption}{"".join(rows)}</table>'
    return KwicView(body, n, n_shown)
