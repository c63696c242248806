"""Code a sample of your own corpus, one sentence at a time, and measure the dictionary on it.

The workflow (README: "Code a sample of your own corpus"):

1. :func:`coding_sheet` draws a fixed-seed sample of the corpus's sentences, stratified
   (:func:`analysis.validation.stratified_sample`), gives each an ``id`` and a ``half``
   (tune / held-out, :func:`analysis.validation.split_halves`) and writes it as a CSV. It never
   overwrites a sheet that exists: codes are never lost to a second draw.
2. :func:`code_sheet` opens the sheet in JupyterLab (:class:`Coder`): one sentence, its
   neighbours, and a text box. Type the frames' numbers (``1 4``) or names and press Enter; ``0``
   or ``-`` codes "no frame"; ``b`` goes back, ``s`` skips. Every code is written to the CSV at
   once, atomically (a temporary file renamed over the old one), so a crash or a kernel restart
   loses nothing and the next session resumes at the first uncoded sentence.
3. :func:`coding_scores` scores the dictionary's hits against the coded sentences with Wilson
   intervals, by :func:`analysis.validation.sentence_scores` — the function behind the
   README's validation tables.

The logic lives in :class:`CodingSession` (no widgets; what the tests drive); :class:`Coder`
is its view.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import pandas as pd

__all__ = ["coding_sheet", "CodingSession", "Coder", "code_sheet", "coding_scores", "parse_codes"]

REQUIRED = ("id", "doc_id", "sent_id", "sentence", "frames")
NO_FRAME = {"0", "-"}


def coding_sheet(corpus, path, *, n: int = 200, strata=("group",), mentions: pd.DataFrame | None = None,
                 seed: int = 20261204, overwrite: bool = False) -> Path:
    """Draw ``n`` sentences of ``corpus`` (stratified by ``strata``, and by "mentions an
    actor" when ``mentions`` — actor hits — is given) and write them as a coding sheet at
    ``path``: id, doc_id, sent_id, the strata, start, end, sentence, frames (empty), note,
    coded (empty until coded), coded_at, half. Refuses to overwrite an existing sheet unless
    ``overwrite=True``. Returns the path."""
    from .io import atomic_write_text
    from .validation import split_halves, stratified_sample

    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path}: a coding sheet is already there (its codes would be lost); "
                              "open it with code_sheet(), or pass overwrite=True to draw a new one")
    sample = stratified_sample(corpus, n=n, strata=tuple(strata), mentions=mentions, seed=seed)
    sample.insert(0, "id", [f"{d}#{s}" for d, s in zip(sample.doc_id.astype(str), sample.sent_id)])
    sample["coded"] = ""
    sample["coded_at"] = ""
    sample["half"] = split_halves(sample, seed=seed).to_numpy() if len(sample) else []
    atomic_write_text(path, sample.to_csv(index=False, lineterminator="\n"))
    return path


def parse_codes(entry: str, categories: list[str]) -> list[str] | None:
    """The frames an entry names: numbers (1-based, in ``categories`` order) or names, split on
    spaces, commas or semicolons; ``0`` or ``-`` is "no frame" (``[]``). Returns None for an
    empty entry. An unknown number or name raises ValueError naming it.

    >>> parse_codes("1 3", ["a", "b", "c"])
    ['a', 'c']
    >>> parse_codes("c;a,a", ["a", "b", "c"])
    ['a', 'c']
    >>> parse_codes("-", ["a"])
    []
    """
    parts = [p for p in re.split(r"[\s,;]+", entry.strip()) if p]
    if not parts:
        return None
    if len(parts) == 1 and parts[0] in NO_FRAME:
        return []
    chosen = set()
    for p in parts:
        if p.isdigit() and 1 <= int(p) <= len(categories):
            chosen.add(categories[int(p) - 1])
        elif p in categories:
            chosen.add(p)
        else:
            raise ValueError(f"{p!r} is not a frame: use 1–{len(categories)} or a name ({', '.join(categories)}), "
                             "0 or - for none")
    return [c for c in categories if c in chosen]


class CodingSession:
    """A coding sheet on disk and the position in it; every change is saved at once.

    Parameters
    ----------
    path : str or Path
        A sheet written by :func:`coding_sheet` (or any CSV with id, doc_id, sent_id,
        sentence, frames).
    categories : list of str
        The frames, in the order their numbers are typed.
    """

    def __init__(self, path, categories):
        self.path = Path(path)
        self.categories = list(categories)
        if not self.path.exists():
            raise FileNotFoundError(f"{self.path}: no coding sheet (draw one with coding_sheet())")
        sheet = pd.read_csv(self.path, dtype=str, keep_default_na=False)
        missing = [c for c in REQUIRED if c not in sheet.columns]
        if missing:
            raise ValueError(f"{self.path}: the sheet has no column(s) {missing} (needed: {', '.join(REQUIRED)})")
        for col in ("note", "coded", "coded_at"):
            if col not in sheet.columns:
                sheet[col] = ""
        bad = [(k + 2, f) for k, fs in enumerate(sheet.frames) for f in str(fs).split(";")
               if f.strip() and f.strip() not in self.categories]
        if bad:
            line, f = bad[0]
            raise ValueError(f"{self.path}, line {line}, field 'frames': {f!r} is not one of the categories "
                             f"({len(bad)} such cell(s))")
        self.sheet = sheet
        self.position = self.first_uncoded()

    def __len__(self) -> int:
        return len(self.sheet)

    @property
    def n_coded(self) -> int:
        return int((self.sheet.coded == "yes").sum())

    def first_uncoded(self) -> int:
        """The first row not coded yet (``len(self)`` when all are)."""
        todo = (self.sheet.coded != "yes").to_numpy().nonzero()[0]
        return int(todo[0]) if len(todo) else len(self.sheet)

    @property
    def current(self) -> dict | None:
        return None if self.position >= len(self.sheet) else self.sheet.iloc[self.position].to_dict()

    def code(self, frames, *, note: str | None = None) -> None:
        """Record ``frames`` (a list of category names, or an entry for :func:`parse_codes`) for
        the current sentence, save the sheet and move to the next uncoded sentence."""
        if self.current is None:
            raise IndexError(f"{self.path}: every sentence is coded")
        if isinstance(frames, str):
            frames = parse_codes(frames, self.categories)
            if frames is None:
                raise ValueError("an empty entry codes nothing: type 0 or - for 'no frame'")
        unknown = [f for f in frames if f not in self.categories]
        if unknown:
            raise ValueError(f"not a category: {unknown}")
        k = self.position
        self.sheet.loc[self.sheet.index[k], "frames"] = ";".join(c for c in self.categories if c in set(frames))
        self.sheet.loc[self.sheet.index[k], "coded"] = "yes"
        self.sheet.loc[self.sheet.index[k], "coded_at"] = _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        if note is not None:
            self.sheet.loc[self.sheet.index[k], "note"] = note
        self.save()
        after = (self.sheet.coded.iloc[k + 1:] != "yes").to_numpy().nonzero()[0]
        self.position = k + 1 + int(after[0]) if len(after) else self.first_uncoded()

    def go(self, k: int) -> None:
        """Move to row ``k`` (0-based), coded or not, to review or recode it."""
        if not 0 <= k < len(self.sheet):
            raise IndexError(f"row {k} is outside the sheet (0–{len(self.sheet) - 1})")
        self.position = k

    def back(self) -> None:
        self.position = max(self.position - 1, 0)

    def skip(self) -> None:
        self.position = min(self.position + 1, len(self.sheet))

    def save(self) -> None:
        from .io import atomic_write_text

        atomic_write_text(self.path, self.sheet.to_csv(index=False, lineterminator="\n"))

    def coded(self) -> pd.DataFrame:
        """The coded rows only (what :func:`coding_scores` scores)."""
        return self.sheet[self.sheet.coded == "yes"].reset_index(drop=True)


class Coder:
    """The JupyterLab view of a :class:`CodingSession`: the sentence, the legend, one text box.
    Enter submits (``1 4``, names, ``0``/``-`` for none, ``b`` back, ``s`` skip)."""

    def __init__(self, session: CodingSession, corpus=None, *, context: int = 1):
        self.session = session
        self.corpus = corpus
        self.context = context
        self._widget = None
        self.message = ""

    def submit(self, entry: str) -> None:
        """What Enter does with the text box's content (also callable from code and tests)."""
        entry = entry.strip()
        self.message = ""
        try:
            if entry.lower() == "b":
                self.session.back()
            elif entry.lower() == "s":
                self.session.skip()
            elif entry:
                self.session.code(entry)
        except (ValueError, IndexError) as e:
            self.message = str(e)
        self._render()

    def _neighbours(self, row: dict) -> tuple[str, str]:
        if self.corpus is None or self.context <= 0:
            return "", ""
        sents = self.corpus.sentences
        doc = sents[sents.doc_id.astype(str) == str(row["doc_id"])].set_index("sent_id")["text"]
        s = int(row["sent_id"])
        before = " ".join(str(doc.get(k, "")) for k in range(s - self.context, s)).strip()
        after = " ".join(str(doc.get(k, "")) for k in range(s + 1, s + 1 + self.context)).strip()
        return before, after

    def html(self) -> str:
        """The current sentence, its context and the legend, escaped."""
        from ._core.html import esc as escape

        s = self.session
        legend = " · ".join(f"<b>{k}</b> {escape(c)}" for k, c in enumerate(s.categories, 1))
        head = f"{s.n_coded} of {len(s)} coded"
        row = s.current
        if row is None:
            return f"<p>{head}. Every sentence is coded: score them with <code>coding_scores</code>.</p>"
        before, after = self._neighbours(row)
        done = f" (coded: {escape(row['frames']) or 'no frame'})" if row.get("coded") == "yes" else ""
        parts = [f"<p>{head} · row {s.position + 1} · {escape(row['doc_id'])}, sentence {escape(row['sent_id'])}{done}</p>",
                 f"<p style='color:#777'>{escape(before)}</p>" if before else "",
                 f"<p style='font-size:1.15em'>{escape(row['sentence'])}</p>",
                 f"<p style='color:#777'>{escape(after)}</p>" if after else "",
                 f"<p>{legend} · <b>0</b> none · <b>b</b> back · <b>s</b> skip</p>"]
        if self.message:
            parts.append(f"<p style='color:#b00'>{escape(self.message)}</p>")
        return "".join(parts)

    @property
    def widget(self):
        if self._widget is None:
            import ipywidgets as w

            self._html = w.HTML(self.html())
            self._box = w.Text(placeholder="frames: 1 4 · 0 none · b back · s skip — then Enter",
                               continuous_update=False, layout=w.Layout(width="60%"))
            self._box.observe(self._on_enter, "value")
            self._widget = w.VBox([self._html, self._box])
        return self._widget

    def _on_enter(self, change) -> None:
        if change["new"] == "":
            return  # our own clearing of the box
        self.submit(change["new"])
        self._box.value = ""
        self._box.focus()

    def _render(self) -> None:
        if self._widget is not None:
            self._html.value = self.html()

    def _ipython_display_(self):
        from IPython.display import HTML, display

        try:
            display(self.widget)
        except ImportError:
            display(HTML(self.html()))


def code_sheet(path, categories=None, *, corpus=None, n: int | None = None, lexicon="frames", context: int = 1,
               **draw) -> Coder:
    """Open a coding sheet for coding, resuming at the first uncoded sentence. With ``n`` and
    ``corpus``, a sheet that does not exist yet is drawn first (:func:`coding_sheet`, ``draw``
    passed on); an existing one is opened as it is. ``categories`` default to the lexicon's;
    ``corpus`` adds the neighbouring sentences as context."""
    from pathlib import Path

    from .lexicons import load_lexicon

    if n is not None and not Path(path).exists():
        if corpus is None:
            raise ValueError("code_sheet(n=…) draws a sheet from a corpus: pass corpus=")
        coding_sheet(corpus, path, n=n, **draw)
    cats = list(categories) if categories is not None else list(load_lexicon(lexicon).categories)
    return Coder(CodingSession(path, cats), corpus, context=context)


def coding_scores(sheet, frame_hits: pd.DataFrame, *, categories=None, lexicon="frames") -> pd.DataFrame:
    """Precision and recall (Wilson 95 % intervals) of ``frame_hits`` on the coded sentences of
    a sheet (a path, a :class:`CodingSession` or a DataFrame with ``coded``): a sentence is
    found for a frame when the hits hold one of that frame in that (doc_id, sent_id).
    :func:`analysis.validation.sentence_scores` does the scoring."""
    from .lexicons import load_lexicon
    from .validation import sentence_scores

    if isinstance(sheet, CodingSession):
        coded = sheet.coded()
    else:
        df = sheet if isinstance(sheet, pd.DataFrame) else pd.read_csv(sheet, dtype=str, keep_default_na=False)
        coded = df[df["coded"] == "yes"] if "coded" in df.columns else df
    cats = list(categories) if categories is not None else list(load_lexicon(lexicon).categories)
    key = dict(zip(zip(coded.doc_id.astype(str), coded.sent_id.astype(str)), coded.id.astype(str)))
    found = pd.DataFrame({"id": [key.get((d, str(s))) for d, s in zip(frame_hits.doc_id.astype(str), frame_hits.sent_id)],
                          "category": frame_hits.category.astype(str).to_numpy()}).dropna().drop_duplicates()
    return sentence_scores(coded, found, categories=cats)
