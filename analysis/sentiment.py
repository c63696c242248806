"""Evaluation toward actors: VADER sentiment of the sentences that mention each actor.

Three steps, each a table:

* :func:`voice_texts` — one row per (sentence, voice): the text of the sentence *in that
  voice*. A sentence wholly in one voice keeps its whole text. A *mixed* sentence (author
  narration around a quoted span) is split: its author text is the sentence with the
  quoted span(s) cut out (quotation marks included); its quoted text is the quoted
  span(s) only, with the attribution (``said the Russian general``) cut out. The cut
  stretches become one space, so the text stays natural prose for VADER, which reads
  punctuation, capitals and word order (negation, "but"), not bags of tokens.
* :func:`sentence_sentiment` — VADER (Hutto & Gilbert 2014) on each of those texts:
  ``neg``, ``neu``, ``pos``, ``compound``; with actor hits, only the (sentence, voice)
  units whose voice mentions an actor, and which actors.
* :func:`actor_sentiment` — per unit (default group × voice) and actor: the mean compound
  score over the sentences that mention the actor, with a sentence-block bootstrap
  interval, the shares of positive and negative sentences, and a thin-evidence flag.
  :func:`drill_sentiment` returns the sentences behind any cell.

Which voice a character belongs to: a character is author voice unless it lies inside a
quoted span of ``corpus.quotes`` (voice ``quoted``) or inside a token whose voice is
quoted; token voices are authoritative (``corpus.tokens.voice``), so the split agrees
with every other count of the project. An actor mention counts for the voice of its
tokens: in ``“NATO is a threat,” said Putin``, the quoted unit mentions NATO and the
author unit (``said Putin``) mentions Russia.

The lexicon is the one bundled with the ``vaderSentiment`` package (nothing is
downloaded); the analyser is built once per process.

References
----------
Hutto, C. J., & Gilbert, E. (2014). VADER: A parsimonious rule-based model for sentiment
analysis of social media text. *Proceedings of the Eighth International AAAI Conference on
Weblogs and Social Media (ICWSM-14)*, 216–225.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from ._core.intervals import interval_table
from ._core.units import levels, unit_columns
from .framing import SEED
from ._core.dispatch import dispatch

__all__ = [
    "voice_texts",
    "polarity",
    "sentence_sentiment",
    "actor_sentiment",
    "drill_sentiment",
    "extreme_sentences",
    "POSITIVE",
    "NEGATIVE",
    "THIN_MIN_SENTENCES",
    "ALL_SENTENCES",
]

POSITIVE = 0.05  #: compound >= this → positive sentence (Hutto & Gilbert's threshold)
NEGATIVE = -0.05  #: compound <= this → negative sentence
THIN_MIN_SENTENCES = 5  #: fewer sentences than this in a cell → thin evidence
ALL_SENTENCES = "(all sentences)"  #: the ``actor`` value of the baseline rows
_VOICES = ("author", "quoted")


@lru_cache(maxsize=1)
def _analyzer():
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


def polarity(text: str) -> dict[str, float]:
    """VADER's ``polarity_scores`` of one text (``neg``, ``neu``, ``pos``, ``compound``)."""
    return _analyzer().polarity_scores(text)


def _squash(s: str) -> str:
    return " ".join(s.split())


def voice_texts(corpus) -> pd.DataFrame:
    """The text of every sentence in each voice it contains.

    Parameters
    ----------
    corpus : Corpus

    Returns
    -------
    DataFrame
        One row per sentence and voice with at least one token of that voice:
        ``doc_id`` (categorical), ``group``, ``sent_id`` (int), ``para_id`` (int),
        ``voice`` (``author``/``quoted``), ``speaker`` (str: the speaker of the voice's
        first token; ``""`` for the author), ``mixed`` (bool: the sentence has both
        voices, so ``text`` is a part of it), ``n_tokens`` (int, tokens of that voice),
        ``text`` (str, whitespace collapsed). Sorted by document (corpus order),
        ``sent_id``, voice (author first).

    Notes
    -----
    For a mixed sentence spanning characters ``[a, b)`` of the clean text, every
    character is assigned a voice: author by default, quoted inside the quoted spans of
    ``corpus.quotes`` (clipped to the sentence), and each token's own voice over its
    characters. The text of voice *v* keeps the characters of *v*; each stretch of the
    other voice becomes one space. E.g. ``“We won’t beg,” the general said.`` gives the
    quoted text ``“We won’t beg,”`` and the author text ``the general said.``
    """
    sents = corpus.sentences
    toks = corpus.tokens
    clean = dict(zip(corpus.documents.doc_id.astype(str), corpus.documents.text))
    tv = (toks.voice == "quoted").to_numpy().astype(np.int8)
    doc_codes = toks.doc_id.cat.codes.to_numpy()
    sid = toks.sent_id.to_numpy()
    # per (doc, sentence): tokens per voice (sentences are numbered within a document)
    key = pd.DataFrame({"d": doc_codes, "s": sid, "q": tv})
    cnt = key.groupby(["d", "s"]).q.agg(["size", "sum"])
    s_doc = sents.doc_id.cat.codes.to_numpy() if isinstance(sents.doc_id.dtype, pd.CategoricalDtype) else pd.Categorical(
        sents.doc_id, categories=toks.doc_id.cat.categories).codes
    idx = pd.MultiIndex.from_arrays([s_doc, sents.sent_id.to_numpy()])
    n_all = cnt["size"].reindex(idx, fill_value=0).to_numpy()
    n_q = cnt["sum"].reindex(idx, fill_value=0).to_numpy()
    # speaker of the first quoted token of each sentence
    qt = toks[tv == 1]
    first_spk = qt.groupby([qt.doc_id.cat.codes.to_numpy(), qt.sent_id.to_numpy()]).speaker.first().astype(str)
    spk = first_spk.reindex(idx).fillna("").to_numpy()
    quotes = corpus.quotes[corpus.quotes.voice.astype(str) == "quoted"]
    quotes_by_doc = {str(d): (g.start.to_numpy(), g.end.to_numpy())
                     for d, g in quotes.groupby(quotes.doc_id.astype(str), sort=False)}
    # token rows of each (doc, sentence): tokens are ordered by document and position
    change = np.flatnonzero((np.diff(doc_codes) != 0) | (np.diff(sid) != 0)) + 1
    lo_rows = np.concatenate([[0], change]) if len(doc_codes) else np.zeros(0, np.int64)
    hi_rows = np.concatenate([change, [len(doc_codes)]]) if len(doc_codes) else np.zeros(0, np.int64)
    span = {(int(doc_codes[a]), int(sid[a])): (int(a), int(b)) for a, b in zip(lo_rows, hi_rows)}
    t_start, t_end = toks.start.to_numpy(), toks.end.to_numpy()
    rows = []
    for k, s in enumerate(sents.itertuples(index=False)):
        n, q = int(n_all[k]), int(n_q[k])
        if n == 0:
            continue
        doc = str(s.doc_id)
        base = dict(doc_id=doc, group=s.group, sent_id=int(s.sent_id), para_id=int(s.para_id))
        if q == 0 or q == n:
            v = "quoted" if q else "author"
            rows.append({**base, "voice": v, "speaker": spk[k] if q else "", "mixed": False, "n_tokens": n,
                         "text": _squash(clean[doc][s.start:s.end])})
            continue
        a, b = int(s.start), int(s.end)
        owner = np.zeros(b - a, dtype=np.int8)
        qs, qe = quotes_by_doc.get(doc, (np.zeros(0, np.int64), np.zeros(0, np.int64)))
        for qa, qb in zip(qs[(qs < b) & (qe > a)], qe[(qs < b) & (qe > a)]):
            owner[max(int(qa), a) - a:min(int(qb), b) - a] = 1
        r0, r1 = span[(int(s_doc[k]), int(s.sent_id))]
        for ta, tb, vq in zip(t_start[r0:r1], t_end[r0:r1], tv[r0:r1]):
            owner[ta - a:tb - a] = int(vq)
        text = clean[doc][a:b]
        for code, v in enumerate(_VOICES):
            chars = "".join(ch if o == code else " " for ch, o in zip(text, owner))
            rows.append({**base, "voice": v, "speaker": spk[k] if code else "", "mixed": True,
                         "n_tokens": q if code else n - q, "text": _squash(chars)})
    out = pd.DataFrame(rows, columns=["doc_id", "group", "sent_id", "para_id", "voice", "speaker", "mixed",
                                      "n_tokens", "text"])
    out["doc_id"] = pd.Categorical(out.doc_id, categories=toks.doc_id.cat.categories)
    out["group"] = pd.Categorical(out.group.astype(str), categories=toks.group.cat.categories)
    out["voice"] = pd.Categorical(out.voice, categories=list(_VOICES))
    out["n_tokens"] = out.n_tokens.astype(np.int64)
    return out.sort_values(["doc_id", "sent_id", "voice"], kind="stable").reset_index(drop=True)


def _actor_units(actor_hits: pd.DataFrame, actors: Sequence[str]) -> pd.DataFrame:
    """Unique (doc_id, sent_id, voice, actor) with the number of mentions."""
    h = actor_hits[actor_hits.category.astype(str).isin(actors)]
    out = (pd.DataFrame({"doc_id": h.doc_id.astype(str).to_numpy(), "sent_id": h.sent_id.to_numpy(),
                         "voice": h.voice.astype(str).to_numpy(), "actor": h.category.astype(str).to_numpy()})
           .groupby(["doc_id", "sent_id", "voice", "actor"], sort=False).size().rename("n_mentions").reset_index())
    return out


def sentence_sentiment(corpus, actor_hits: pd.DataFrame | None = None, *,
                       actors: Sequence[str] | None = None, cache: bool | str | Path | None = None) -> pd.DataFrame:
    """VADER scores of each (sentence, voice) text; with actor hits, of those naming an actor.

    Parameters
    ----------
    corpus : Corpus
    actor_hits : DataFrame, optional
        Actor hits (:func:`analysis.framing.lexicon_hits` of ``"actors"``). Given: only
        the (sentence, voice) units where that voice mentions one of ``actors``. ``None``:
        every (sentence, voice) unit of the corpus (a baseline), with empty ``actors``.
    actors : sequence of str, optional
        Which actors, in this order (default: the hits' categories in lexicon order).
    cache : None, bool or path, default None
        Keep the scores on disk, by text, for the next run (:func:`_polarities`): as for
        :func:`analysis.syntax.parse` (``None``: only for a large corpus).

    Returns
    -------
    DataFrame
        The :func:`voice_texts` columns (``text`` is exactly the string VADER scored) plus
        ``actors`` (str: the actors this voice of the sentence mentions, ``"; "``-joined
        in ``actors`` order), ``n_mentions`` (int, actor mentions in that voice), ``neg``,
        ``neu``, ``pos``, ``compound`` (float, :meth:`SentimentIntensityAnalyzer.polarity_scores`).
        Sorted by document, ``sent_id``, voice.

    Examples
    --------
    >>> import analysis
    >>> from analysis.framing import lexicon_hits
    >>> corpus = analysis.load_corpus()
    >>> s = sentence_sentiment(corpus, lexicon_hits(corpus, "actors"))
    >>> bool(s.compound.between(-1, 1).all()), bool((s.actors != "").all())
    (True, True)
    """
    dispatch(corpus, "sentence_sentiment")
    vt = voice_texts(corpus)
    if actor_hits is not None:
        acts = list(actors) if actors is not None else levels(actor_hits.category)
        units = _actor_units(actor_hits, acts)
        rank = {a: k for k, a in enumerate(acts)}
        units = units.assign(_r=units.actor.map(rank)).sort_values(["doc_id", "sent_id", "voice", "_r"], kind="stable")
        agg = units.groupby(["doc_id", "sent_id", "voice"], sort=False).agg(
            actors=("actor", "; ".join), n_mentions=("n_mentions", "sum")).reset_index()
        keyed = vt.assign(_d=vt.doc_id.astype(str), _v=vt.voice.astype(str))
        vt = keyed.merge(agg, left_on=["_d", "sent_id", "_v"], right_on=["doc_id", "sent_id", "voice"],
                         how="inner", suffixes=("", "_h"))
        vt = vt.drop(columns=["_d", "_v", "doc_id_h", "voice_h"])
        vt = vt.sort_values(["doc_id", "sent_id", "voice"], kind="stable").reset_index(drop=True)
    else:
        vt = vt.assign(actors="", n_mentions=0)
    vt["n_mentions"] = vt.n_mentions.astype(np.int64)
    scores = np.asarray(_polarities(corpus, vt.text.tolist(), cache), dtype=float).reshape(len(vt), len(_SCORES))
    for k, col in enumerate(_SCORES):
        vt[col] = scores[:, k]
    return vt


_SCORES = ("neg", "neu", "pos", "compound")


def _polarities(corpus, texts: list[str], cache) -> list[tuple[float, ...]]:
    """VADER's scores (:data:`_SCORES`) of each text, each distinct text scored once.

    With a cache (:func:`analysis.corpus.cache.derived_dir`), the scores of every text
    scored before for this corpus are read from ``<dir>/vader-<version>.parquet`` (text →
    scores: a text whose string changed is simply scored again) and the file is rewritten,
    atomically, when new texts were scored. VADER is pure Python: the ~389,000 sentence
    texts of UNGDC's baseline take ~30 s; read back, well under a second.
    """
    from .corpus.cache import derived_dir

    folder = derived_dir(corpus, cache, "sentiment")
    path = None if folder is None else folder / f"vader-{_vader_version()}.parquet"
    known: dict[str, tuple] = {}
    if path is not None and path.is_file():
        try:
            t = pd.read_parquet(path)
            known = dict(zip(t["text"].tolist(), zip(*(t[c].tolist() for c in _SCORES))))
        except Exception as exc:  # a damaged file is scored afresh and replaced, never trusted
            warnings.warn(f"ignoring unreadable sentiment cache {path}: {exc}", stacklevel=3)
    new = [t for t in dict.fromkeys(texts) if t not in known]
    for t in new:
        sc = polarity(t)
        known[t] = tuple(sc[c] for c in _SCORES)
    if path is not None and new:
        from .io import atomic_write_bytes

        table = pd.DataFrame({"text": list(known), **{c: [v[k] for v in known.values()] for k, c in enumerate(_SCORES)}})
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_bytes(path, table.to_parquet(index=False))
        except Exception as exc:  # the cache is an optimisation, never a reason to fail
            warnings.warn(f"not writing the sentiment cache {path}: {exc}", stacklevel=3)
    return [known[t] for t in texts]


def _vader_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vaderSentiment")
    except PackageNotFoundError:  # pragma: no cover - installed without metadata
        return "unknown"


def actor_sentiment(
    corpus,
    actor_hits: pd.DataFrame,
    *,
    by: str | Sequence[str] = ("group", "voice"),
    actors: Sequence[str] | None = None,
    baseline: bool = False,
    sentences: pd.DataFrame | None = None,
    n_boot: int = 2000,
    ci: float = 0.95,
    seed: int = SEED,
) -> pd.DataFrame:
    """Mean VADER compound of the sentences mentioning each actor, per unit, with intervals.

    Parameters
    ----------
    corpus : Corpus
    actor_hits : DataFrame
        Actor hits (:func:`analysis.framing.lexicon_hits` of ``"actors"``).
    by : str or sequence of str, default ("group", "voice")
        Columns of the sentence table (``doc_id``, ``group``, ``voice``, ``speaker``) or
        of the documents table (``year``, ``outlet`` …) that define the units.
    actors : sequence of str, optional
        Which actors, in this order (default: lexicon order).
    baseline : bool, default False
        Also report, per unit, every sentence of that voice whether or not it names an
        actor, as the pseudo-actor :data:`ALL_SENTENCES` (last): the tone of the unit's
        prose in general, which an actor's figure should be read against.
    sentences : DataFrame, optional
        A precomputed :func:`sentence_sentiment` table (``actor_hits`` given) to reuse.
    n_boot, ci, seed
        Bootstrap replicates (0: no interval), coverage, seed.

    Returns
    -------
    DataFrame
        One row per unit × actor with at least one sentence (a mean over no sentences is
        undefined, so such cells are absent, never NaN): the ``by`` columns, ``actor``,
        ``n_sentences`` (int), ``n_mentions`` (int), ``mean_compound``, ``ci_low``,
        ``ci_high`` (float), ``share_positive`` (compound ≥ 0.05), ``share_negative``
        (compound ≤ −0.05), ``thin`` (str: ``"fewer than 5 sentences"`` or ``""``).
        Sorted by unit (categorical order), then actor order.

    Notes
    -----
    The unit of evaluation is a (sentence, voice) text (see :func:`voice_texts`); a
    sentence that names an actor twice counts once. mean_compound = Σ compound / Σ 1 over
    those sentences: a ratio of sums with one unit of denominator per sentence, so its
    interval is :func:`analysis.uncertainty.bootstrap_ratio` over sentence blocks
    (percentile interval; seed from ``seed`` and the cell's labels, so a cell's interval
    does not depend on the other cells). When ``voice`` is not in ``by``, the author and
    quoted parts of a mixed sentence are two texts of one block.

    References
    ----------
    Hutto, C. J., & Gilbert, E. (2014). VADER. *ICWSM-14*, 216–225.
    """
    if (mr := dispatch(corpus, "actor_sentiment")) is not None and sentences is None:
        return mr(corpus, actor_hits, by=by, actors=actors, baseline=baseline, n_boot=n_boot, ci=ci, seed=seed)
    by = [by] if isinstance(by, str) else list(by)
    acts = list(actors) if actors is not None else levels(actor_hits.category)
    if sentences is None:
        sentences = sentence_sentiment(corpus, actor_hits, actors=acts)
    units = _actor_units(actor_hits, acts)
    sent = sentences.assign(_d=sentences.doc_id.astype(str), _v=sentences.voice.astype(str))
    long = sent.drop(columns=["n_mentions", "actors"]).merge(
        units, left_on=["_d", "sent_id", "_v"], right_on=["doc_id", "sent_id", "voice"], how="inner",
        suffixes=("", "_h")).drop(columns=["doc_id_h", "voice_h"])
    parts = [long]
    if baseline:
        everything = sentence_sentiment(corpus)
        parts.append(everything.drop(columns=["actors"]).assign(actor=ALL_SENTENCES, n_mentions=0))
        acts = acts + [ALL_SENTENCES]
    long = pd.concat(parts, ignore_index=True) if len(parts) > 1 else long
    long = unit_columns(corpus, long, by)
    long["doc_id"] = long.doc_id.astype(str)
    keys = by + ["actor"]
    # the blocks: one row per unit × sentence, Σ compound over its texts and their number
    blocks = long.groupby(keys + ["doc_id", "sent_id"], observed=True, sort=True).compound.agg(["sum", "size"])
    cells = interval_table(blocks["size"], blocks[["sum"]].to_numpy(), unit_names=keys, columns=["compound"],
                           n_boot=n_boot, ci=ci, seed=seed, zero_bound=False, thin_min=THIN_MIN_SENTENCES,
                           thin_noun="sentences", thin_count="of")
    interval = {tuple(r[:len(keys)]): r[len(keys):] for r in
                cells[keys + ["ci_low", "ci_high", "thin"]].itertuples(index=False, name=None)} if len(cells) else {}
    rows = []
    for unit, d in long.groupby(keys, observed=True, sort=True):
        unit = unit if isinstance(unit, tuple) else (unit,)
        lo, hi, thin = interval[unit]
        c = d.compound.to_numpy(dtype=float)
        rows.append({**dict(zip(keys, unit)), "n_sentences": len(c), "n_mentions": int(d.n_mentions.sum()),
                     "mean_compound": float(c.mean()), "ci_low": float(lo), "ci_high": float(hi),
                     "share_positive": float((c >= POSITIVE).mean()), "share_negative": float((c <= NEGATIVE).mean()),
                     "thin": thin})
    cols = keys + ["n_sentences", "n_mentions", "mean_compound", "ci_low", "ci_high", "share_positive",
                   "share_negative", "thin"]
    out = pd.DataFrame(rows, columns=cols)
    out["actor"] = pd.Categorical(out.actor, categories=acts)
    for col in by:
        src = sentences[col] if col in sentences.columns else None
        if src is not None and isinstance(src.dtype, pd.CategoricalDtype):
            out[col] = pd.Categorical(out[col], categories=src.cat.categories)
    out["n_sentences"] = out.n_sentences.astype(np.int64)
    out["n_mentions"] = out.n_mentions.astype(np.int64)
    return out.sort_values(keys, kind="stable").reset_index(drop=True)


def drill_sentiment(corpus, sentences: pd.DataFrame, *, actor: str | None = None, **cell) -> pd.DataFrame:
    """The sentences behind one cell of :func:`actor_sentiment`.

    Parameters
    ----------
    corpus : Corpus
    sentences : DataFrame
        From :func:`sentence_sentiment` (with actor hits for an actor's cell; without
        them for a :data:`ALL_SENTENCES` baseline cell).
    actor : str, optional
        Keep the sentences whose ``actors`` include this actor (``None`` or
        :data:`ALL_SENTENCES`: no actor filter).
    **cell
        Column = value filters naming the unit, e.g. ``group="op-ed", voice="author"``;
        document columns (``year``) are allowed.

    Returns
    -------
    DataFrame
        The matching rows of ``sentences`` (same columns, plus any document column
        used), in document and sentence order: ``len`` equals the cell's
        ``n_sentences`` and their mean ``compound`` its ``mean_compound``.
    """
    sub = unit_columns(corpus, sentences, [k for k in cell if k not in sentences.columns])
    for k, v in cell.items():
        vals = v if isinstance(v, (list, tuple, set)) else [v]
        sub = sub[sub[k].astype(str).isin([str(x) for x in vals])]
    if actor is not None and actor != ALL_SENTENCES:
        sub = sub[[actor in str(xs).split("; ") for xs in sub.actors]]
    return sub.reset_index(drop=True)


def extreme_sentences(sentences: pd.DataFrame, *, n: int = 3, column: str = "compound") -> pd.DataFrame:
    """The ``n`` lowest and ``n`` highest rows by ``column`` (fewer when the table is short),
    lowest first, each row once; ties broken by document and sentence order."""
    ordered = sentences.reset_index(drop=True).sort_values(column, kind="stable")
    if len(ordered) <= 2 * n:
        return ordered.reset_index(drop=True)
    return pd.concat([ordered.head(n), ordered.tail(n)]).reset_index(drop=True)
