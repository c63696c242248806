"""Dictionary validation: precision from coded hits, recall from coded sentences.

Workflow (the seeds' coded sheets live in ``seeds/validation/``):

1. ``hit_sample(corpus, hits, n=…, seed=…)`` draws up to ``n`` hits per category (fixed
   seed) into a sheet with the sentence around each hit and an empty ``correct`` column;
   a coder marks each row 1 (the hit carries the category's meaning here) or 0.
2. ``precision(coded)`` → per category: n_coded, n_correct, precision, Wilson 95 % interval.
3. ``sentence_sample(corpus, n=…, seed=…)`` draws sentences (stratified by document) into
   a sheet with an empty ``frames`` column; a coder lists the codebook frames the sentence
   carries (``;``-separated, reading only the sentence, as the codebook says).
4. ``recall(corpus, coded, hits)`` → per category: sentences coded with it, how many the
   dictionary finds, recall with a Wilson interval; ``misses(...)`` lists the sentences the
   dictionary misses, for improving it.

Sheets are keyed by ``doc_id`` and raw character offsets, which do not change when sentence
numbering does; the sentence text is stored too, and checked on reading.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

__all__ = ["hit_sample", "precision", "sentence_sample", "stratified_sample", "label_scores", "split_halves", "sheet_corpus", "sentence_scores",
           "role_validation", "current_hits", "recall", "misses", "wilson", "read_sheet", "report"]


def wilson(k, n, *, z: float = 1.959963984540054):
    """Wilson score interval for ``k`` successes in ``n`` trials; ``(nan, nan)`` for n = 0.

    References
    ----------
    Wilson, E. B. (1927). Probable inference, the law of succession, and statistical
    inference. *JASA* 22(158), 209–212.

    Examples
    --------
    >>> [round(x, 4) for x in wilson(8, 10)]
    [0.4902, 0.9433]
    """
    if n == 0:
        return (math.nan, math.nan)
    p = k / n
    den = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / den
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / den
    return (max(0.0, centre - half), min(1.0, centre + half))


def hit_sample(corpus, hits: pd.DataFrame, *, n: int = 10, seed: int = 20261122) -> pd.DataFrame:
    """Up to ``n`` hits per category, drawn with a fixed seed, as a coding sheet.

    Returns
    -------
    DataFrame
        category, doc_id, sent_id, voice, start, end (raw offsets of the hit), match,
        sentence (its text), correct (empty: 1 or 0 to be filled in), note (empty).
        Sorted by category, doc order, start.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for cat in sorted(hits.category.astype(str).unique()):
        h = hits[hits.category.astype(str) == cat]
        take = h.iloc[np.sort(rng.choice(len(h), size=min(n, len(h)), replace=False))] if len(h) else h
        parts.append(take)
    if not parts:
        return pd.DataFrame(columns=["category", "doc_id", "sent_id", "voice", "start", "end", "match", "sentence", "correct", "note"])
    smp = pd.concat(parts, ignore_index=True)
    sents = corpus.sentences.set_index(["doc_id", "sent_id"], drop=False)
    text = [sents.loc[(d, s), "text"] for d, s in zip(smp.doc_id, smp.sent_id)]
    out = pd.DataFrame({
        "category": smp.category.astype(str), "doc_id": smp.doc_id.astype(str), "sent_id": smp.sent_id,
        "voice": smp.voice.astype(str), "start": smp.start, "end": smp.end, "match": smp["match"],
        "sentence": [" ".join(t.split()) for t in text], "correct": "", "note": "",
    })
    return out.reset_index(drop=True)


def read_sheet(path, *, required=("doc_id", "start", "end")) -> pd.DataFrame:
    """Read a coded sheet (CSV), checking its columns; errors name the file and column."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
    for c in ("start", "end", "sent_id"):
        if c in df.columns:
            df[c] = df[c].astype(int)
    return df


def precision(coded: pd.DataFrame) -> pd.DataFrame:
    """Precision per category from a coded hit sheet (``correct`` is 1 or 0).

    Returns
    -------
    DataFrame
        category, n_coded (int), n_correct (int), precision (float), ci_low, ci_high
        (Wilson 95 %). Rows whose ``correct`` is empty are not counted (n_coded says how
        many were); any other value raises ValueError naming the row.
    """
    bad = coded[~coded.correct.astype(str).isin(["0", "1", ""])]
    if len(bad):
        raise ValueError(f"column 'correct' must be 1, 0 or empty; row {bad.index[0] + 2} has {bad.correct.iloc[0]!r}")
    rows = []
    for cat, g in coded.groupby("category", sort=True):
        c = g.correct.astype(str)
        n = int((c != "").sum())
        k = int((c == "1").sum())
        lo, hi = wilson(k, n)
        rows.append(dict(category=cat, n_coded=n, n_correct=k, precision=k / n if n else math.nan, ci_low=lo, ci_high=hi))
    return pd.DataFrame(rows)


def sentence_sample(corpus, *, n: int = 60, seed: int = 20261122) -> pd.DataFrame:
    """``n`` sentences drawn with a fixed seed, stratified by document (proportional to
    its sentences, at least one each), headings excluded, as a coding sheet.

    Returns
    -------
    DataFrame
        doc_id, sent_id, voice, speaker, start, end, sentence, frames (empty: frames the
        sentence carries, ``;``-separated), actors (empty), note (empty). In doc order.
    """
    s = corpus.sentences[~corpus.sentences.is_heading & (corpus.sentences.n_tokens > 0)]
    rng = np.random.default_rng(seed)
    sizes = s.groupby("doc_id", observed=True).size()
    quota = np.maximum(1, np.floor(sizes / sizes.sum() * n)).astype(int)
    while quota.sum() < min(n, len(s)):  # hand out the remainder to the largest documents
        quota[(sizes - quota).idxmax()] += 1
    parts = []
    for doc_id, k in quota.items():
        g = s[s.doc_id == doc_id]
        parts.append(g.iloc[np.sort(rng.choice(len(g), size=min(k, len(g)), replace=False))])
    smp = pd.concat(parts, ignore_index=True)
    return pd.DataFrame({
        "doc_id": smp.doc_id.astype(str), "sent_id": smp.sent_id, "voice": smp.voice.astype(str),
        "speaker": smp.speaker, "start": smp.start, "end": smp.end,
        "sentence": [" ".join(t.split()) for t in smp.text], "frames": "", "actors": "", "note": "",
    })


def stratified_sample(corpus, *, n: int, strata=("year",), mentions: pd.DataFrame | None = None,
                      seed: int = 20261204, min_tokens: int = 5, max_tokens: int = 80) -> pd.DataFrame:
    """``n`` sentences drawn with a fixed seed, spread evenly over strata, as a coding sheet.

    Strata are the combinations of the given manifest columns (``year``, ``group``, a
    user's ``region`` …) and, when ``mentions`` (hits of an actor lexicon) is given, of
    "the sentence mentions an actor" yes/no, so that half the sample names an actor and
    half does not. Each stratum gets ``n // n_strata`` sentences and the remainder goes to
    strata drawn at random; a stratum with fewer eligible sentences than its quota gives
    all it has and the shortfall is redistributed over the others, so the sample has
    exactly ``min(n, eligible)`` rows. Within a stratum, sentences are drawn uniformly
    without replacement. Eligible: not a heading, ``min_tokens`` to ``max_tokens`` tokens.

    The draw depends only on the corpus, the arguments and ``seed``: the same inputs give
    the same sheet.

    Returns
    -------
    DataFrame
        doc_id, sent_id, the strata columns, ``mentions_actor`` (bool, with ``mentions``),
        start, end (raw offsets), sentence (whitespace collapsed), frames, note (empty).
        In document order, then by start.
    """
    s = corpus.sentences
    s = s[~s.is_heading & s.n_tokens.between(min_tokens, max_tokens)]
    docs = corpus.documents.set_index("doc_id")
    strata = list(strata)
    unknown = [c for c in strata if c not in docs.columns]
    if unknown:
        raise ValueError(f"strata {unknown} are not manifest columns; valid: {sorted(docs.columns)}")
    table = pd.DataFrame({"doc_id": s.doc_id.astype(str).to_numpy(), "sent_id": s.sent_id.to_numpy(),
                          "start": s.start.to_numpy(), "end": s.end.to_numpy(), "text": s.text.to_numpy()})
    for c in strata:
        table[c] = docs[c].reindex(table.doc_id).astype(str).to_numpy()
    keys = list(strata)
    if mentions is not None:
        named = set(zip(mentions.doc_id.astype(str), mentions.sent_id))
        table["mentions_actor"] = [k in named for k in zip(table.doc_id, table.sent_id)]
        keys.append("mentions_actor")
    rng = np.random.default_rng(seed)
    cells = sorted(table.groupby(keys, sort=True).indices.items()) if keys else [((), np.arange(len(table)))]
    size = np.array([len(ix) for _, ix in cells])
    target = min(n, int(size.sum()))
    quota = np.zeros(len(cells), dtype=int)
    while quota.sum() < target:  # even shares; what a small stratum cannot give goes to the others
        open_ = np.flatnonzero(quota < size)
        left = target - quota.sum()
        each, rest = divmod(left, len(open_))
        add = np.full(len(open_), each)
        add[rng.choice(len(open_), size=rest, replace=False)] += 1
        quota[open_] = np.minimum(size[open_], quota[open_] + add)
    picked = [ix[np.sort(rng.choice(len(ix), size=q, replace=False))] for (_, ix), q in zip(cells, quota) if q]
    smp = table.iloc[np.sort(np.concatenate(picked))] if picked else table.iloc[:0]
    out = smp.drop(columns="text").assign(sentence=[" ".join(t.split()) for t in smp.text], frames="", note="")
    cols = ["doc_id", "sent_id", *keys, "start", "end", "sentence", "frames", "note"]
    return out[cols].reset_index(drop=True)


def _check_sheet(corpus, coded: pd.DataFrame, path="sheet") -> pd.DataFrame:
    """Map coded rows to current sentence ids via raw offsets; the text must agree."""
    s = corpus.sentences
    key = {(d, a): sid for d, a, sid in zip(s.doc_id.astype(str), s.start, s.sent_id)}
    text = {(d, a): " ".join(t.split()) for d, a, t in zip(s.doc_id.astype(str), s.start, s.text)}
    sent_ids = []
    for k, r in enumerate(coded.itertuples()):
        kk = (r.doc_id, int(r.start))
        if kk not in key or text[kk] != r.sentence:
            raise ValueError(f"{path}, row {k + 2}: no sentence of {r.doc_id} starts at {r.start} with this text; "
                             "re-draw the sheet after changing the loader")
        sent_ids.append(key[kk])
    return coded.assign(sent_id=sent_ids)


def _coded_pairs(coded: pd.DataFrame, column: str = "frames") -> pd.DataFrame:
    rows = []
    for r in coded.itertuples():
        for f in str(getattr(r, column)).split(";"):
            if f.strip():
                rows.append((r.doc_id, r.sent_id, f.strip()))
    return pd.DataFrame(rows, columns=["doc_id", "sent_id", "category"])


def recall(corpus, coded: pd.DataFrame, hits: pd.DataFrame, *, categories=None, column: str = "frames") -> pd.DataFrame:
    """Recall per category from a coded sentence sheet.

    A coded (sentence, category) pair is *found* when the dictionary has at least one hit
    of that category in that sentence.

    Returns
    -------
    DataFrame
        category, n_coded (sentences coded with it), n_found, recall, ci_low, ci_high
        (Wilson 95 %), n_dictionary (sample sentences where the dictionary finds it),
        n_agree (both). Categories in ``categories`` order (default: sorted).
    """
    coded = _check_sheet(corpus, coded)
    pairs = _coded_pairs(coded, column)
    cats = list(categories) if categories is not None else sorted(set(pairs.category) | set(hits.category.astype(str)))
    unknown = sorted(set(pairs.category) - set(cats))
    if unknown:
        raise ValueError(f"coded sheet uses unknown categories {unknown}; valid: {cats}")
    sample = set(zip(coded.doc_id, coded.sent_id))
    found = {(d, s, c) for d, s, c in zip(hits.doc_id.astype(str), hits.sent_id, hits.category.astype(str)) if (d, s) in sample}
    coded_set = set(zip(pairs.doc_id, pairs.sent_id, pairs.category))
    rows = []
    for c in cats:
        n = sum(1 for x in coded_set if x[2] == c)
        k = sum(1 for x in coded_set if x[2] == c and x in found)
        lo, hi = wilson(k, n)
        rows.append(dict(category=c, n_coded=n, n_found=k, recall=k / n if n else math.nan, ci_low=lo, ci_high=hi,
                         n_dictionary=sum(1 for x in found if x[2] == c), n_agree=k))
    return pd.DataFrame(rows)


def misses(corpus, coded: pd.DataFrame, hits: pd.DataFrame, *, column: str = "frames") -> pd.DataFrame:
    """Sentences coded with a category in which the dictionary finds no hit of it.

    Returns
    -------
    DataFrame
        category, doc_id, sent_id, sentence; sorted by category, doc, sentence.
    """
    coded = _check_sheet(corpus, coded)
    pairs = _coded_pairs(coded, column)
    found = set(zip(hits.doc_id.astype(str), hits.sent_id, hits.category.astype(str)))
    text = dict(zip(zip(coded.doc_id, coded.sent_id), coded.sentence))
    rows = [dict(category=c, doc_id=d, sent_id=s, sentence=text[(d, s)])
            for d, s, c in zip(pairs.doc_id, pairs.sent_id, pairs.category) if (d, s, c) not in found]
    out = pd.DataFrame(rows, columns=["category", "doc_id", "sent_id", "sentence"])
    return out.sort_values(["category", "doc_id", "sent_id"], kind="stable").reset_index(drop=True)


def current_hits(coded: pd.DataFrame, hits: pd.DataFrame) -> pd.DataFrame:
    """The rows of a coded hit sheet that the dictionary still produces: same document,
    offsets and category as a row of ``hits``. A sheet drawn from an earlier version of a
    dictionary then measures the current one: coded hits it no longer makes drop out (the
    sheet's ``n_coded`` says how many remain)."""
    have = set(zip(hits.doc_id.astype(str), hits.start.astype(int), hits.end.astype(int), hits.category.astype(str)))
    keep = [k in have for k in zip(coded.doc_id.astype(str), coded.start.astype(int), coded.end.astype(int),
                                   coded.category.astype(str))]
    return coded[keep].reset_index(drop=True)


def report(corpus, frame_hits: pd.DataFrame, *, folder=None, categories=None) -> dict[str, pd.DataFrame]:
    """Precision and recall of a frame dictionary from the coded sheets of a corpus.

    Reads ``<folder>/precision-hits.csv`` (coded hits; only those ``frame_hits`` still holds
    count, see :func:`current_hits`) and ``<folder>/recall-sentences.csv`` (coded sentences); ``folder`` defaults to ``<corpus folder>/validation``. A sheet that
    does not exist gives an empty table (a corpus without coded samples has no measured
    precision or recall — the notebook says so).

    Returns
    -------
    dict
        ``precision`` (see :func:`precision`), ``recall`` (see :func:`recall`), ``misses``
        (see :func:`misses`) and ``summary``: category, precision, recall, their intervals
        and sample sizes side by side.
    """
    from pathlib import Path

    folder = Path(folder) if folder is not None else Path(corpus.folder) / "validation"
    p_path, r_path = folder / "precision-hits.csv", folder / "recall-sentences.csv"
    prec = precision(current_hits(read_sheet(p_path), frame_hits)) if p_path.is_file() else pd.DataFrame(
        columns=["category", "n_coded", "n_correct", "precision", "ci_low", "ci_high"])
    if r_path.is_file():
        coded = read_sheet(r_path)
        rec = recall(corpus, coded, frame_hits, categories=categories)
        miss = misses(corpus, coded, frame_hits)
    else:
        rec = pd.DataFrame(columns=["category", "n_coded", "n_found", "recall", "ci_low", "ci_high", "n_dictionary", "n_agree"])
        miss = pd.DataFrame(columns=["category", "doc_id", "sent_id", "sentence"])
    summary = prec.rename(columns={"n_coded": "n_hits_coded", "ci_low": "precision_low", "ci_high": "precision_high"}).merge(
        rec.rename(columns={"n_coded": "n_sentences_coded", "ci_low": "recall_low", "ci_high": "recall_high"}),
        on="category", how="outer")
    cols = ["category", "precision", "precision_low", "precision_high", "n_hits_coded", "recall", "recall_low",
            "recall_high", "n_sentences_coded"]
    summary = summary[[c for c in cols if c in summary.columns]]
    if categories is not None:
        summary = summary.set_index("category").reindex(list(categories)).reset_index()
    return {"precision": prec, "recall": rec, "misses": miss, "summary": summary}


def label_scores(coded, predicted, *, labels, key=("doc_id", "start")) -> pd.DataFrame:
    """Precision and recall of predicted labels against coded ones, per label, with Wilson
    95 % intervals: for roles (agent / target / other per actor mention) and attribution
    (author / reported / quoted / mixed per sentence).

    Parameters
    ----------
    coded, predicted : DataFrame
        Each with the ``key`` columns and a ``label`` column; rows are matched on ``key``.
        A coded row without a prediction raises ValueError (the sheet and the table
        disagree: redraw or recompute).
    labels : sequence of str

    Returns
    -------
    DataFrame
        label, n_coded, n_predicted, n_agree (int), precision, precision_low,
        precision_high, recall, recall_low, recall_high.

    Examples
    --------
    >>> c = pd.DataFrame({"k": [1, 2, 3, 4], "label": ["a", "a", "b", "b"]})
    >>> p = pd.DataFrame({"k": [1, 2, 3, 4], "label": ["a", "b", "b", "b"]})
    >>> label_scores(c, p, labels=["a", "b"], key=["k"])[["label", "n_agree", "precision", "recall"]].to_dict("list")
    {'label': ['a', 'b'], 'n_agree': [1, 2], 'precision': [1.0, 0.6666666666666666], 'recall': [0.5, 1.0]}
    """
    key = list(key)
    m = coded[key + ["label"]].merge(predicted[key + ["label"]], on=key, how="left", suffixes=("_coded", "_pred"))
    if m.label_pred.isna().any():
        bad = m[m.label_pred.isna()].iloc[0]
        raise ValueError(f"coded row {dict(bad[key])} has no prediction")
    rows = []
    for lab in labels:
        c, p = m.label_coded == lab, m.label_pred == lab
        n_c, n_p, n_a = int(c.sum()), int(p.sum()), int((c & p).sum())
        pl, ph = wilson(n_a, n_p)
        rl, rh = wilson(n_a, n_c)
        rows.append(dict(label=lab, n_coded=n_c, n_predicted=n_p, n_agree=n_a,
                         precision=n_a / n_p if n_p else math.nan, precision_low=pl, precision_high=ph,
                         recall=n_a / n_c if n_c else math.nan, recall_low=rl, recall_high=rh))
    return pd.DataFrame(rows)


def split_halves(sample: pd.DataFrame, *, seed: int = 20261204, by: str = "doc_id") -> pd.Series:
    """Assign each coded row to ``"tune"`` or ``"held-out"``: whole ``by`` units (speeches) go
    to one half, so that no text is on both sides; units are shuffled with ``seed`` and the
    first half of them (by rows, as near to half as whole units allow) is ``tune``.

    Returns
    -------
    Series of str, aligned with ``sample``.
    """
    units = np.array(sorted(sample[by].astype(str).unique()))
    order = np.random.default_rng(seed).permutation(len(units))
    sizes = sample[by].astype(str).value_counts()
    half, total, tune = len(sample) / 2, 0, set()
    for k in order:
        if total >= half:
            break
        tune.add(units[k])
        total += int(sizes[units[k]])
    return pd.Series(np.where(sample[by].astype(str).isin(tune), "tune", "held-out"), index=sample.index, name="half")


def sheet_corpus(sheet: pd.DataFrame, folder) -> "object":
    """A corpus of coded sentences: each row of ``sheet`` (``id``, ``sentence``) becomes one
    document (doc_id = id) in ``folder``, loaded with :func:`analysis.load_corpus`. Lets a
    dictionary be scored on coded excerpts without the corpus they were drawn from.

    The texts go to a subfolder named after the sheet's content (``coded-<sha256[:12]>``), so
    the corpus is recorded under the same name whatever ``folder`` is (a temporary folder
    would otherwise put a random name into every figure's provenance)."""
    import hashlib
    from pathlib import Path

    from .corpus import load_corpus

    digest = hashlib.sha256()
    for i, text in zip(sheet["id"].astype(str), sheet["sentence"].astype(str)):
        digest.update(f"{i}\x00{text}\x00".encode("utf-8"))
    folder = Path(folder) / f"coded-{digest.hexdigest()[:12]}"
    folder.mkdir(parents=True, exist_ok=True)
    rows = ["doc_id,file,group"]
    for i, text in zip(sheet["id"].astype(str), sheet["sentence"].astype(str)):
        (folder / f"{i}.txt").write_text(text + "\n", encoding="utf-8")
        rows.append(f"{i},{i}.txt,coded")
    (folder / "manifest.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return load_corpus(folder, cache=False, progress=False)


def sentence_scores(coded: pd.DataFrame, found: pd.DataFrame, *, categories) -> pd.DataFrame:
    """Sentence-level precision and recall of a classifier (a dictionary or a model) against
    coded sentences, per category, with Wilson 95 % intervals.

    Parameters
    ----------
    coded : DataFrame
        ``id`` and ``frames`` (the coded categories, ``;``-separated).
    found : DataFrame
        ``id`` and ``category``: one row per (sentence, category) the classifier assigns.

    Returns
    -------
    DataFrame
        category, n_coded, n_found, n_agree (int), precision, precision_low,
        precision_high, recall, recall_low, recall_high; then a row ``macro`` (unweighted
        mean of the categories' precision and recall, over those defined) without intervals.
    """
    gold = {(i, c.strip()) for i, fs in zip(coded["id"].astype(str), coded["frames"].fillna("").astype(str))
            for c in fs.split(";") if c.strip()}
    ids = set(coded["id"].astype(str))
    pred = {(i, c) for i, c in zip(found["id"].astype(str), found["category"].astype(str)) if i in ids}
    rows = []
    for c in categories:
        g = {x for x in gold if x[1] == c}
        p = {x for x in pred if x[1] == c}
        a = len(g & p)
        pl, ph = wilson(a, len(p))
        rl, rh = wilson(a, len(g))
        rows.append(dict(category=c, n_coded=len(g), n_found=len(p), n_agree=a,
                         precision=a / len(p) if p else math.nan, precision_low=pl, precision_high=ph,
                         recall=a / len(g) if g else math.nan, recall_low=rl, recall_high=rh))
    out = pd.DataFrame(rows)
    macro = dict(category="macro", n_coded=int(out.n_coded.sum()), n_found=int(out.n_found.sum()),
                 n_agree=int(out.n_agree.sum()), precision=float(out.precision.mean()),
                 precision_low=math.nan, precision_high=math.nan, recall=float(out.recall.mean()),
                 recall_low=math.nan, recall_high=math.nan)
    return pd.concat([out, pd.DataFrame([macro])], ignore_index=True)


def _to_current_mentions(coded: pd.DataFrame, pred: pd.DataFrame) -> pd.DataFrame:
    """The coded mentions keyed by the offsets of the current mention of the same actor that
    overlaps them (a sheet drawn when "Talbott-Ivanov" was one mention still fits the part
    "Ivanov" the matcher finds now)."""
    spans: dict[tuple, list] = {}
    for d, a, st, en in zip(pred.doc_id, pred.actor.astype(str), pred.start, pred.end):
        spans.setdefault((d, a), []).append((int(st), int(en)))
    starts, ends = [], []
    for d, a, st, en in zip(coded.doc_id.astype(str), coded.actor.astype(str), coded.start.astype(int), coded.end.astype(int)):
        hit = next(((x, y) for x, y in spans.get((d, a), ()) if x < en and y > st), (st, en))
        starts.append(hit[0])
        ends.append(hit[1])
    return coded.assign(start=starts, end=ends)


def role_validation(corpus, roles: pd.DataFrame, attribution: pd.DataFrame, *, folder=None) -> dict[str, pd.DataFrame]:
    """Precision and recall of roles and attribution against the coded sheets of a corpus.

    Reads ``<folder>/roles-mentions.csv`` (actor mentions by ``doc_id``, ``start``, ``end``, coded
    ``role``) and ``<folder>/attribution-sentences.csv`` (sentences by ``doc_id``, ``start``, coded
    ``attribution`` and ``source``); ``folder`` defaults to ``<corpus folder>/validation``. Rows
    not coded yet (empty) are left out; a sheet that is missing gives empty tables.

    Returns
    -------
    dict
        ``scores``: what (role / attribution), label, and :func:`label_scores` columns;
        ``disagreements``: what, doc_id, sentence (the mention marked ``[[…]]`` for roles),
        coded, predicted, how (the rule the parser-based code applied), note (the coder's).
    """
    from pathlib import Path

    folder = Path(folder) if folder is not None else Path(corpus.folder) / "validation"
    scores, wrong = [], []
    r_path, a_path = folder / "roles-mentions.csv", folder / "attribution-sentences.csv"
    if r_path.is_file():
        coded = read_sheet(r_path)
        coded = coded[coded.role.astype(str).str.strip() != ""].assign(label=lambda d: d.role.str.strip())
        pred = roles.assign(doc_id=roles.doc_id.astype(str), label=roles.role.astype(str))
        coded = _to_current_mentions(coded, pred)
        if len(coded):
            scores.append(label_scores(coded, pred, labels=["agent", "target", "other"], key=["doc_id", "start", "end"])
                          .assign(what="role"))
            m = coded.merge(pred[["doc_id", "start", "end", "label", "how"]], on=["doc_id", "start", "end"], suffixes=("", "_pred"))
            m = m[m.label != m.label_pred]
            wrong.append(pd.DataFrame({"what": "role", "doc_id": m.doc_id, "sentence": m.sentence, "coded": m.label,
                                       "predicted": m.label_pred, "how": m.how, "note": m.note}))
    if a_path.is_file():
        coded = read_sheet(a_path)
        coded = coded[coded.attribution.astype(str).str.strip() != ""].assign(label=lambda d: d.attribution.str.strip())
        s = corpus.sentences
        start = dict(zip(zip(s.doc_id.astype(str), s.sent_id), s.start))
        pred = attribution.assign(start=[start[(d, k)] for d, k in zip(attribution.doc_id, attribution.sent_id)],
                                  label=attribution.attribution.astype(str))
        if len(coded):
            scores.append(label_scores(coded, pred, labels=["author", "reported", "quoted", "mixed"],
                                       key=["doc_id", "start"]).assign(what="attribution"))
            m = coded.merge(pred[["doc_id", "start", "label", "how", "source"]], on=["doc_id", "start"], suffixes=("", "_pred"))
            m = m[m.label != m.label_pred]
            wrong.append(pd.DataFrame({"what": "attribution", "doc_id": m.doc_id, "sentence": m.sentence, "coded": m.label,
                                       "predicted": m.label_pred, "how": m.how, "note": m.note}))
    cols = ["what", "label", "n_coded", "n_predicted", "n_agree", "precision", "precision_low", "precision_high",
            "recall", "recall_low", "recall_high"]
    out = pd.concat(scores, ignore_index=True)[cols] if scores else pd.DataFrame(columns=cols)
    wr = pd.concat(wrong, ignore_index=True) if wrong else pd.DataFrame(
        columns=["what", "doc_id", "sentence", "coded", "predicted", "how", "note"])
    return {"scores": out, "disagreements": wr.reset_index(drop=True)}
