"""A learned option for frames: one calibrated classifier per frame, used only where it beats the dictionary.

Features of a sentence: TF-IDF over our tokens' ``norm`` (the package's tokenizer, unigrams and
bigrams) and the frame dictionary's hits in it (one indicator per frame). Model per frame:
``LogisticRegression(class_weight="balanced")`` calibrated by ``CalibratedClassifierCV``
(sigmoid, 3 folds), trained on coded sentences (``id``, ``sentence``, ``frames``). The
decision threshold per frame is chosen by 5-fold cross-validation on the training sheet
only: the lowest threshold whose cross-validated precision is at least ``target_precision``
(the highest recall that keeps that precision), else the threshold with the best F1.

Whether a frame uses the model is decided once, on a held-out sheet the models never saw:
the model is used where its held-out F1 is higher than the dictionary's and its precision
is not lower than the dictionary's by more than ``precision_slack`` (:func:`choose_methods`).
Nothing is pickled: models are retrained from the coded CSV (seconds for a few hundred
sentences), deterministically (fixed seeds), so the same inputs give the same predictions.

Every prediction stays a sentence: :func:`frame_predictions` gives one row per (sentence,
frame) with its first and last token, so :func:`analysis.concordance.kwic` opens it
(:func:`prediction_lines`).
"""

from __future__ import annotations

import math
import tempfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ._core.features import tfidf_from_codes
from ._core.units import codes_of

__all__ = ["FrameModels", "train_frame_models", "choose_methods", "frame_predictions", "prediction_lines",
           "frames_by_best_method",
           "choose_threshold", "sentence_features"]

SEED = 20261204


@dataclass
class FrameModels:
    """The trained models: per frame a fitted classifier (or None: too few positives) and its
    threshold; the fitted TF-IDF vocabulary; the cross-validated scores on the training sheet."""

    categories: list[str]
    vectorizer: object
    models: dict = field(default_factory=dict)
    thresholds: dict = field(default_factory=dict)
    cv: pd.DataFrame | None = None
    lexicon: str = "frames"


def sentence_features(norm_texts: list[str], dictionary: np.ndarray, vectorizer, *, fit: bool = False):
    """The feature matrix: TF-IDF of the sentences' norms (space-joined) beside the dictionary
    indicators (one column per frame). ``fit=True`` fits the vectorizer first."""
    tfidf = vectorizer.fit_transform(norm_texts) if fit else vectorizer.transform(norm_texts)
    return _with_dictionary(tfidf, dictionary)


def _with_dictionary(tfidf, dictionary: np.ndarray):
    from scipy.sparse import csr_matrix, hstack

    return hstack([tfidf, csr_matrix(dictionary.astype(float))]).tocsr()


def _sheet_inputs(sheet: pd.DataFrame, categories, lexicon) -> tuple[list[str], np.ndarray]:
    """Norm texts and dictionary indicators of a coded sheet's sentences (in sheet order)."""
    from .framing import lexicon_hits
    from .validation import sheet_corpus

    with tempfile.TemporaryDirectory() as tmp:
        corpus = sheet_corpus(sheet, tmp)
        hits = lexicon_hits(corpus, lexicon, progress=False)
        t = corpus.tokens
        norms = pd.Series(t["norm"].astype(str).to_numpy()).groupby(t.doc_id.astype(str).to_numpy()).agg(" ".join)
    ids = sheet["id"].astype(str).tolist()
    found = set(zip(hits.doc_id.astype(str), hits.category.astype(str)))
    dic = np.array([[(i, c) in found for c in categories] for i in ids], dtype=bool)
    return [norms.get(i, "") for i in ids], dic


def _labels(sheet: pd.DataFrame, categories) -> np.ndarray:
    coded = [set(f.strip() for f in str(fs).split(";") if f.strip()) for fs in sheet["frames"].fillna("")]
    return np.array([[c in s for c in categories] for s in coded], dtype=bool)


def choose_threshold(y: np.ndarray, p: np.ndarray, *, target_precision: float = 0.85) -> float:
    """The decision threshold from cross-validated probabilities: the lowest threshold (the
    highest recall) whose precision is at least ``target_precision``; if none reaches it, the
    threshold with the best F1 (ties: the higher threshold).

    Examples
    --------
    >>> y = np.array([1, 1, 0, 1, 0, 0])
    >>> p = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.1])
    >>> choose_threshold(y, p, target_precision=0.99)   # only p ≥ 0.8 keeps precision 1
    0.8
    >>> choose_threshold(y, p, target_precision=0.7)    # p ≥ 0.6: 3 of 4 right, recall 1
    0.6
    """
    best_f1, best_t, lowest_ok = -1.0, 1.0, None
    for t in sorted(set(p.tolist()), reverse=True):
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        prec = tp / max(int(pred.sum()), 1)
        rec = tp / max(int((y == 1).sum()), 1)
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if prec >= target_precision:
            lowest_ok = t
        if f1 > best_f1:
            best_f1, best_t = f1, t
    return float(lowest_ok if lowest_ok is not None else best_t)


def _one_thread():
    """BLAS on one thread while fitting: the models are tiny, and a multi-threaded BLAS under
    load made the sigmoid calibration's optimiser 8× slower (16 s instead of 2 s)."""
    import scipy.optimize  # noqa: F401  (its BLAS must be loaded before the limit is set)
    import sklearn.calibration  # noqa: F401
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1)


def _model(seed: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    return CalibratedClassifierCV(LogisticRegression(class_weight="balanced", solver="liblinear", random_state=seed),
                                  method="sigmoid", cv=3)


def train_frame_models(sheet: pd.DataFrame, *, categories, lexicon="frames", seed: int = SEED,
                       target_precision: float = 0.85, min_positives: int = 8) -> FrameModels:
    """Train one calibrated classifier per frame on a coded sheet (``id``, ``sentence``,
    ``frames``), with cross-validated scores and thresholds (see the module docstring).
    A frame with fewer than ``min_positives`` coded sentences gets no model (the dictionary
    stays its method).

    Returns
    -------
    FrameModels
        ``cv``: frame, n_positive, threshold, cv_precision, cv_recall, cv_f1 (5-fold, stratified,
        shuffled with ``seed``; the threshold applied to the out-of-fold probabilities).
    """
    with _one_thread():
        return _train(sheet, list(categories), lexicon, seed, target_precision, min_positives)


def _train(sheet, categories, lexicon, seed, target_precision, min_positives) -> FrameModels:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts, dic = _sheet_inputs(sheet, categories, lexicon)
    y_all = _labels(sheet, categories)
    vec = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    X = sentence_features(texts, dic, vec, fit=True)
    out = FrameModels(categories, vec, lexicon=lexicon if isinstance(lexicon, str) else "frames")
    rows = []
    for k, c in enumerate(categories):
        y = y_all[:, k].astype(int)
        if y.sum() < min_positives or y.sum() > len(y) - min_positives:
            out.models[c], out.thresholds[c] = None, math.nan
            rows.append(dict(frame=c, n_positive=int(y.sum()), threshold=math.nan, cv_precision=math.nan,
                             cv_recall=math.nan, cv_f1=math.nan))
            continue
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        p = cross_val_predict(_model(seed), X, y, cv=folds, method="predict_proba")[:, 1]
        t = choose_threshold(y, p, target_precision=target_precision)
        pred = p >= t
        tp = int((pred & (y == 1)).sum())
        prec, rec = tp / max(int(pred.sum()), 1), tp / max(int(y.sum()), 1)
        rows.append(dict(frame=c, n_positive=int(y.sum()), threshold=t, cv_precision=prec, cv_recall=rec,
                         cv_f1=2 * prec * rec / (prec + rec) if prec + rec else 0.0))
        out.models[c], out.thresholds[c] = _model(seed).fit(X, y), t
    out.cv = pd.DataFrame(rows)
    return out


def _predict(models: FrameModels, texts: list[str], dic: np.ndarray) -> pd.DataFrame:
    """Probabilities and decisions per sentence (rows) and frame (columns: ``p:<frame>``,
    ``y:<frame>``) for the frames that have a model."""
    return _predict_features(models, sentence_features(texts, dic, models.vectorizer))


def _predict_features(models: FrameModels, X) -> pd.DataFrame:
    cols = {}
    for c, m in models.models.items():
        if m is None:
            continue
        with _one_thread():
            p = m.predict_proba(X)[:, 1]
        cols[f"p:{c}"], cols[f"y:{c}"] = p, p >= models.thresholds[c]
    return pd.DataFrame(cols)


def choose_methods(models: FrameModels, held_out: pd.DataFrame, *, precision_slack: float = 0.05) -> pd.DataFrame:
    """Dictionary against model on a held-out coded sheet the models never saw, per frame.

    The model is chosen where its held-out F1 is higher than the dictionary's and its
    precision is at least the dictionary's minus ``precision_slack``.

    Returns
    -------
    DataFrame
        frame, method (dictionary / model), then for each of ``dictionary`` and ``model``:
        precision, precision_low, precision_high, recall, recall_low, recall_high, f1,
        n_found (prefixed ``dictionary_`` / ``model_``), and n_coded.
    """
    from .validation import sentence_scores

    cats = models.categories
    texts, dic = _sheet_inputs(held_out, cats, models.lexicon)
    ids = held_out["id"].astype(str).tolist()
    dict_found = pd.DataFrame([(i, c) for i, row in zip(ids, dic) for c, on in zip(cats, row) if on],
                              columns=["id", "category"])
    pred = _predict(models, texts, dic)
    model_found = pd.DataFrame([(i, c) for c in cats if f"y:{c}" in pred for i, on in zip(ids, pred[f"y:{c}"]) if on],
                               columns=["id", "category"])
    d = sentence_scores(held_out, dict_found, categories=cats).set_index("category")
    m = sentence_scores(held_out, model_found, categories=cats).set_index("category")
    rows = []
    for c in cats:
        row = {"frame": c, "n_coded": int(d.loc[c, "n_coded"])}
        for name, s in (("dictionary", d.loc[c]), ("model", m.loc[c])):
            p, r = s.precision, s.recall
            f1 = 2 * p * r / (p + r) if (p == p and r == r and p + r) else 0.0
            row.update({f"{name}_{k}": s[k] for k in ("precision", "precision_low", "precision_high", "recall",
                                                       "recall_low", "recall_high", "n_found")})
            row[f"{name}_f1"] = f1
        has_model = models.models.get(c) is not None
        dp = row["dictionary_precision"] if row["dictionary_precision"] == row["dictionary_precision"] else 0.0
        better = has_model and row["model_f1"] > row["dictionary_f1"] and row["model_precision"] >= dp - precision_slack
        row["method"] = "model" if better else "dictionary"
        rows.append(row)
    out = pd.DataFrame(rows)
    return out[["frame", "method", *[c for c in out.columns if c not in ("frame", "method")]]]


def _sentence_key(doc_code: np.ndarray, sent_id) -> np.ndarray:
    return doc_code.astype(np.int64) * (1 << 32) + (np.asarray(sent_id, dtype=np.int64) + (1 << 31))


def _sentence_table(corpus) -> tuple[pd.DataFrame, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """doc_id, sent_id, i, j (first and one-past-last token) of every (document, sentence) of
    the tokens table, in order of first appearance, and the sentences' tokens as norm codes
    (``codes[bounds[k]:bounds[k + 1]]`` into ``norms``): computed on the columns' codes (no
    string per token is made, no groupby over strings)."""
    t = corpus.tokens
    doc, docs = codes_of(t["doc_id"])
    norm, norms = codes_of(t["norm"])
    sent = t.sent_id.to_numpy()
    code, keys = pd.factorize(_sentence_key(doc, sent))
    order = np.argsort(code, kind="stable")  # each sentence's tokens together, in token order
    bounds = np.searchsorted(code[order], np.arange(len(keys) + 1))
    i = t.i.to_numpy()
    lo = np.minimum.reduceat(i[order], bounds[:-1]) if len(keys) else np.zeros(0, dtype=i.dtype)
    hi = np.maximum.reduceat(i[order], bounds[:-1]) if len(keys) else np.zeros(0, dtype=i.dtype)
    first = order[bounds[:-1]] if len(keys) else np.zeros(0, dtype=np.int64)
    table = pd.DataFrame({"doc_id": docs[doc[first]], "sent_id": sent[first], "i": lo, "j": hi + 1})
    return table, (norm[order], bounds, norms)


def _corpus_features(models: FrameModels, tokens: tuple, dic: np.ndarray):
    """The features of the corpus's sentences: counted from the token codes
    (:func:`analysis._core.features.tfidf_from_codes`), or by the vectorizer on the texts when
    its settings are not the ones that counts."""
    codes, bounds, norms = tokens
    tfidf = tfidf_from_codes(models.vectorizer, codes, bounds, norms)
    if tfidf is None:
        texts = [" ".join(norms[codes[a:b]]) for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())]
        return sentence_features(texts, dic, models.vectorizer)
    return _with_dictionary(tfidf, dic)


def _dictionary_flags(sents: pd.DataFrame, hits: pd.DataFrame, cats) -> np.ndarray:
    """Sentences × categories: whether the dictionary found the category in the sentence."""
    dic = np.zeros((len(sents), len(cats)), dtype=bool)
    if not len(hits) or not len(sents):
        return dic
    names = pd.Index(pd.unique(sents.doc_id.to_numpy(dtype=object)))
    skey = _sentence_key(names.get_indexer(sents.doc_id.to_numpy(dtype=object)), sents.sent_id)
    hdoc = names.get_indexer(hits.doc_id.astype(str))
    hrow = pd.Index(skey).get_indexer(_sentence_key(hdoc, hits.sent_id))
    hcat = pd.Index([str(c) for c in cats]).get_indexer(hits.category.astype(str))
    ok = (hdoc >= 0) & (hrow >= 0) & (hcat >= 0)
    dic[hrow[ok], hcat[ok]] = True
    return dic


def frame_predictions(corpus, models: FrameModels, method_choice: pd.DataFrame, *, frame_hits=None) -> pd.DataFrame:
    """Frames per sentence of ``corpus``, each by the method chosen for it.

    Returns
    -------
    DataFrame
        doc_id, sent_id, i, j (the sentence's first and one-past-last token), frame, method
        (dictionary / model), probability (the model's; NaN for the dictionary). One row per
        (sentence, frame) found; in corpus order.
    """
    from .framing import lexicon_hits

    cats = models.categories
    hits = lexicon_hits(corpus, models.lexicon) if frame_hits is None else frame_hits
    sents, tokens = _sentence_table(corpus)
    dic = _dictionary_flags(sents, hits, cats)
    pred = _predict_features(models, _corpus_features(models, tokens, dic))
    method = dict(zip(method_choice.frame, method_choice.method))
    rows = []
    for k, c in enumerate(cats):
        if method.get(c) == "model" and f"y:{c}" in pred:
            on, prob = pred[f"y:{c}"].to_numpy(), pred[f"p:{c}"].to_numpy()
        else:
            on, prob = dic[:, k], np.full(len(sents), np.nan)
        sel = np.flatnonzero(on)
        rows.append(pd.DataFrame({"doc_id": sents.doc_id.to_numpy()[sel], "sent_id": sents.sent_id.to_numpy()[sel],
                                  "i": sents.i.to_numpy()[sel], "j": sents.j.to_numpy()[sel], "frame": c,
                                  "method": method.get(c, "dictionary") if method.get(c) == "model" else "dictionary",
                                  "probability": prob[sel]}))
    out = pd.concat(rows, ignore_index=True)
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    out = out.assign(_o=out.doc_id.map(order)).sort_values(["_o", "sent_id", "frame"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def prediction_lines(corpus, predictions: pd.DataFrame, **cell) -> pd.DataFrame:
    """The sentences behind a cell of :func:`frame_predictions` (``frame=…``, ``doc_id=…``,
    ``method=…``) as concordance lines: the whole sentence as the match."""
    from .concordance import kwic

    sub = predictions
    for k, v in cell.items():
        sub = sub[sub[k].astype(str) == str(v)]
    hits = pd.DataFrame({"doc_id": sub.doc_id, "sent_id": sub.sent_id, "i": sub.i, "j": sub.j,
                         "pattern": sub.method, "category": sub.frame})
    return kwic(corpus, hits, window=0)


def frames_by_best_method(corpus, coded=None, *, categories=None, lexicon="frames",
                          frame_hits=None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The whole learned option in one call: train on the coded sheet's ``half == "tune"`` rows,
    choose the method per frame on its ``half == "held-out"`` rows, and find the frames of
    ``corpus`` by the method chosen for each.

    ``coded`` is a DataFrame or a CSV path (``id``, ``sentence``, ``frames``, ``half``); None
    means the coded UN General Debate sentences shipped in ``validation/ungdc/coded.csv``. A
    sheet of :mod:`analysis.coding` counts only its rows with ``coded == "yes"``.

    Returns
    -------
    (predictions, choice)
        :func:`frame_predictions` and :func:`choose_methods` tables.
    """
    from .lexicons import load_lexicon
    from .paths import ROOT

    if coded is None or not isinstance(coded, pd.DataFrame):
        path = ROOT / "validation" / "ungdc" / "coded.csv" if coded is None else coded
        coded = pd.read_csv(path, dtype=str, keep_default_na=False)
        missing = {"id", "sentence", "frames", "half"} - set(coded.columns)
        if missing:
            raise ValueError(f"{path}: the coded sheet has no column(s) {sorted(missing)} "
                             "(needed: id, sentence, frames, half)")
    if "coded" in coded.columns:  # a sheet from analysis.coding: only what has been coded
        coded = coded[coded["coded"].astype(str) == "yes"]
    if "half" not in coded.columns:
        raise ValueError("the coded sheet needs a 'half' column (tune / held-out): "
                         "analysis.validation.split_halves draws one")
    halves = set(coded["half"].astype(str))
    if not {"tune", "held-out"} <= halves:
        raise ValueError(f"the coded sheet's 'half' column must hold both 'tune' and 'held-out' (found {sorted(halves)})")
    cats = list(categories) if categories is not None else list(load_lexicon(lexicon).categories)
    models = train_frame_models(coded[coded["half"] == "tune"], categories=cats, lexicon=lexicon)
    choice = choose_methods(models, coded[coded["half"] == "held-out"])
    return frame_predictions(corpus, models, choice, frame_hits=frame_hits), choice
