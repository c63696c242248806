"""The learned frame option (analysis.classify): it learns a cue the dictionary lacks, is
reproducible, is chosen only where it beats the dictionary on held-out sentences, and every
prediction opens as its sentence."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.classify import (choose_methods, choose_threshold, frame_predictions, prediction_lines,
                               train_frame_models)

CATS = ["humanitarian", "diplomacy_negotiation", "territory_separatism"]
# "zebra" is in no dictionary: only a model can learn it. "negotiations" is a diplomacy cue the
# dictionary already has. Fillers share words so that nothing but the cue separates the classes.
FILL = ["The council met on a quiet day {k}.", "The minister spoke about the budget {k}.",
        "Delegates listened to the report {k}."]


def sheet(n: int, start: int = 0) -> pd.DataFrame:
    rows = []
    for k in range(start, start + n):
        base = FILL[k % 3].format(k=f"item{k}")
        if k % 3 == 0:
            rows.append((f"s{k:03d}", base.replace("quiet", "zebra"), "humanitarian"))
        elif k % 3 == 1:
            rows.append((f"s{k:03d}", base.replace("about the budget", "about negotiations"),
                         "diplomacy_negotiation"))
        else:
            rows.append((f"s{k:03d}", base, ""))
    return pd.DataFrame(rows, columns=["id", "sentence", "frames"])


@pytest.fixture(scope="module")
def trained():
    return train_frame_models(sheet(60), categories=CATS)


def test_threshold_rule_by_hand():
    y = np.array([1, 1, 0, 1, 0, 0])
    p = np.array([0.9, 0.8, 0.7, 0.6, 0.3, 0.1])
    assert choose_threshold(y, p, target_precision=0.99) == 0.8     # 2/2 right above 0.8
    assert choose_threshold(y, p, target_precision=0.7) == 0.6      # 3/4 right, recall 1
    # nothing reaches precision 1 once the first guess is wrong: the best F1 is used (0.6: 6/7)
    assert choose_threshold(np.array([0, 1, 1, 1]), np.array([0.9, 0.8, 0.7, 0.6]), target_precision=1.0) == 0.6


def test_model_learns_a_cue_the_dictionary_lacks(trained):
    cv = trained.cv.set_index("frame")
    assert cv.loc["humanitarian", "n_positive"] == 20
    assert cv.loc["humanitarian", "cv_precision"] == 1.0 and cv.loc["humanitarian", "cv_recall"] == 1.0
    # fewer than 8 coded: no model, the dictionary stays
    assert cv.loc["territory_separatism", "n_positive"] == 0
    assert trained.models["territory_separatism"] is None and math.isnan(trained.thresholds["territory_separatism"])


def test_training_is_reproducible(trained):
    again = train_frame_models(sheet(60), categories=CATS)
    pd.testing.assert_frame_equal(trained.cv, again.cv)
    assert trained.thresholds == again.thresholds


def test_method_is_chosen_on_held_out_sentences(trained):
    held = sheet(30, start=60)
    choice = choose_methods(trained, held).set_index("frame")
    # the dictionary finds no zebra; the model finds all 10
    assert choice.loc["humanitarian", "n_coded"] == 10
    assert choice.loc["humanitarian", "dictionary_n_found"] == 0
    assert choice.loc["humanitarian", "model_n_found"] == 10
    assert choice.loc["humanitarian", "model_precision"] == 1.0 and choice.loc["humanitarian", "model_recall"] == 1.0
    assert choice.loc["humanitarian", "method"] == "model"
    # the dictionary is already perfect on "negotiations": a model that only ties is not used
    assert choice.loc["diplomacy_negotiation", "dictionary_precision"] == 1.0
    assert choice.loc["diplomacy_negotiation", "dictionary_recall"] == 1.0
    assert choice.loc["diplomacy_negotiation", "method"] == "dictionary"
    assert choice.loc["territory_separatism", "method"] == "dictionary"


def test_predictions_are_sentences_you_can_open(trained, make_corpus):
    corpus = make_corpus({"a": "The council met on a zebra day. They held negotiations. Nothing else."})
    choice = choose_methods(trained, sheet(30, start=60))
    pred = frame_predictions(corpus, trained, choice)
    assert pred[["sent_id", "frame", "method"]].values.tolist() == [
        [0, "humanitarian", "model"], [1, "diplomacy_negotiation", "dictionary"]]
    assert pred.probability.iloc[0] > trained.thresholds["humanitarian"] and math.isnan(pred.probability.iloc[1])
    t = corpus.tokens
    first = t[t.sent_id == 0]
    assert (pred.i.iloc[0], pred.j.iloc[0]) == (int(first.i.min()), int(first.i.max()) + 1)
    lines = prediction_lines(corpus, pred, frame="humanitarian")
    assert len(lines) == 1
    assert "zebra" in lines.iloc[0]["match"]


def test_one_call_trains_chooses_and_predicts(make_corpus, tmp_path):
    from analysis.classify import frames_by_best_method

    coded = pd.concat([sheet(60).assign(half="tune"), sheet(30, start=60).assign(half="held-out")])
    corpus = make_corpus({"a": "The council met on a zebra day. They held negotiations."})
    pred, choice = frames_by_best_method(corpus, coded, categories=CATS)
    assert dict(zip(choice.frame, choice.method))["humanitarian"] == "model"
    assert pred[["sent_id", "frame", "method"]].values.tolist() == [
        [0, "humanitarian", "model"], [1, "diplomacy_negotiation", "dictionary"]]
    # a coding sheet's uncoded rows are not "no frame": they are left out
    uncoded = coded.assign(coded="yes")
    uncoded.iloc[:6, uncoded.columns.get_loc("coded")] = ""
    uncoded.iloc[:6, uncoded.columns.get_loc("frames")] = ""
    pred2, _ = frames_by_best_method(corpus, uncoded, categories=CATS)
    pred3, _ = frames_by_best_method(corpus, uncoded[uncoded.coded == "yes"].drop(columns="coded"), categories=CATS)
    pred4, _ = frames_by_best_method(corpus, uncoded.drop(columns="coded"), categories=CATS)  # blanks as "no frame"
    pd.testing.assert_frame_equal(pred2, pred3)
    assert pred2.probability.iloc[0] != pred4.probability.iloc[0]
    with pytest.raises(ValueError, match="'half' column"):
        frames_by_best_method(corpus, coded.drop(columns="half"), categories=CATS)
    with pytest.raises(ValueError, match="both 'tune' and 'held-out'"):
        frames_by_best_method(corpus, coded.assign(half="tune"), categories=CATS)
    path = tmp_path / "coded.csv"
    coded.drop(columns="sentence").to_csv(path, index=False)
    with pytest.raises(ValueError, match=r"coded\.csv: the coded sheet has no column\(s\) \['sentence'\]"):
        frames_by_best_method(corpus, path, categories=CATS)


def test_features_counted_from_token_codes_equal_the_vectorizers(seeds):
    # the fast path (n-grams counted from the tokens' codes, weighted by the vectorizer's own
    # fitted TF-IDF transformer) against scikit-learn's transform of the space-joined norms
    from sklearn.feature_extraction.text import TfidfVectorizer

    from analysis._core.features import tfidf_from_codes
    from analysis.classify import _sentence_table

    sents, (codes, bounds, norms) = _sentence_table(seeds)
    texts = [" ".join(norms[codes[a:b]]) for a, b in zip(bounds[:-1], bounds[1:])]
    assert len(texts) == len(sents) == 383  # sentences that hold tokens
    vec = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    vec.fit(texts[::2])  # half the sentences: the rest hold n-grams the vocabulary lacks
    want = vec.transform(texts).tocsr()
    got = tfidf_from_codes(vec, codes, bounds, norms).tocsr()
    assert got.shape == want.shape and want.nnz > 1000
    assert np.array_equal(got.indptr, want.indptr) and np.array_equal(got.indices, want.indices)
    assert np.array_equal(got.data, want.data)  # exactly: the same counts through the same transformer
    # settings it does not count (trigrams) or a type with a space: None, and the caller uses the texts
    assert tfidf_from_codes(TfidfVectorizer(ngram_range=(1, 3)).fit(texts), codes, bounds, norms) is None
    assert tfidf_from_codes(vec, codes, bounds, np.asarray(["a b"] * len(norms), dtype=object)) is None
