"""The foundation, checked by hand on the real seeds and on small bad inputs."""

import subprocess
import sys
import unicodedata

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import CorpusError, load_corpus
from analysis.corpus import cleaning_report, split_sentences
from conftest import write_corpus


def sentence(c, doc_id, startswith):
    s = c.sentences[(c.sentences.doc_id == doc_id) & c.sentences.text.str.startswith(startswith)]
    assert len(s) == 1, (startswith, len(s))
    return s.iloc[0]


# ---------------------------------------------------------------- manifest and seeds


def test_seed_documents_and_manifest(seeds):
    d = seeds.documents
    assert list(d.doc_id) == ["monitor-1998", "monitor-1999", "norris-2014", "meduza-2020", "phillips-peci-2021"]
    assert list(d.group) == ["Monitor 1998–99", "Monitor 1998–99", "op-ed", "Meduza 2020", "op-ed"]
    assert list(d.year) == [1998, 1999, 2014, 2020, 2021]
    assert list(d.original_file) == ["004_617346c3e682f0af.txt", "001_454650834a26f973.txt",
                                     "000_7a2fe065e0d3b1df.txt", "003_c072f841d33a32ed.txt",
                                     "002_50f92ce781a3b39b.txt"]
    # the monitor-1998 brief has 428 words by docs/SOURCES.md; it has no clitics, so 428 tokens
    assert d.set_index("doc_id").n_tokens["monitor-1998"] == 428


def test_every_token_slices_the_raw_text(seeds):
    t = seeds.tokens
    for doc_id, raw in zip(seeds.documents.doc_id, seeds.documents.raw):
        sub = t[t.doc_id == doc_id]
        assert [raw[a:b] for a, b in zip(sub.start, sub.end)] == list(sub.token.astype(str))
        assert list(sub.i) == list(range(len(sub)))


def test_every_sentence_slices_the_raw_text(seeds):
    raw = dict(zip(seeds.documents.doc_id, seeds.documents.raw))
    s = seeds.sentences
    assert all(raw[d][a:b] == text for d, a, b, text in zip(s.doc_id, s.start, s.end, s.text))


# ---------------------------------------------------------------- cleaning


def test_every_residue_span_is_listed(seeds):
    rep = cleaning_report(seeds)
    got = {(r.doc_id, r.rule): r.n_spans for r in rep.itertuples()}
    assert got == {
        ("monitor-1998", "masthead"): 1, ("monitor-1999", "masthead"): 1,
        ("norris-2014", "byline"): 1, ("norris-2014", "section-rule"): 6,
        ("norris-2014", "footnote-marker"): 1, ("norris-2014", "author-bio"): 1,
        ("norris-2014", "endnotes"): 1,
        ("meduza-2020", "site-navigation"): 5, ("meduza-2020", "photo-caption"): 3,
        ("meduza-2020", "photo-credit"): 1, ("meduza-2020", "credits"): 2,
        ("meduza-2020", "speaker-label"): 20, ("meduza-2020", "source-line"): 3,
        ("phillips-peci-2021", "photo-caption"): 1, ("phillips-peci-2021", "site-navigation"): 3,
        ("phillips-peci-2021", "author-box"): 1,
    }
    r = seeds.residue
    raw = dict(zip(seeds.documents.doc_id, seeds.documents.raw))
    assert all(raw[d][a:b] == text for d, a, b, text in zip(r.doc_id, r.start, r.end, r.text))
    texts = set(r.text)
    for residue in ["Skip to main content", "Must read", "More articles", "Latest article", "Source: Meduza",
                    "Petar Vujanic / Newsmakers / Getty Images", "<sup>1</sup>", "Text by Denis Dmitriev"]:
        assert residue in texts
    # no token comes from residue
    t = seeds.tokens
    for d, a, b in zip(r.doc_id, r.start, r.end):
        sub = t[(t.doc_id == d)]
        assert not ((sub.start < b) & (sub.end > a)).any()


def test_no_character_is_lost(seeds):
    """tokens + whitespace + punctuation + listed residue account for every character."""
    for doc_id, raw in zip(seeds.documents.doc_id, seeds.documents.raw):
        covered = np.zeros(len(raw), bool)
        t = seeds.tokens[seeds.tokens.doc_id == doc_id]
        r = seeds.residue[seeds.residue.doc_id == doc_id]
        for a, b in list(zip(t.start, t.end)) + list(zip(r.start, r.end)):
            covered[a:b] = True
        rest = [raw[k] for k in np.flatnonzero(~covered)]
        assert all(ch.isspace() or not ch.isalnum() for ch in rest), doc_id


# ---------------------------------------------------------------- sentences


def test_sentence_boundaries_at_tricky_spans(seeds):
    # "U.S." inside a sentence
    s = sentence(seeds, "monitor-1998", "News agencies reported that Yeltsin")
    assert s.text.endswith("U.S. President Bill Clinton and German Chancellor-elect Gerhard Schroeder.")
    # an initial
    s = sentence(seeds, "phillips-peci-2021", "The legendary US diplomat, Richard C. Holbrooke")
    assert s.text.endswith("“[He] tries to solve a problem by making a bigger one.”")
    # a quotation closing after the period (the footnote marker is residue)
    s = sentence(seeds, "norris-2014", "The demands of an outraged and united")
    assert s.text.endswith("have been met.”")
    sentence(seeds, "norris-2014", "For President Clinton, success after the many missteps")
    # headings without a final period, markdown markers stripped
    for doc, text in [("meduza-2020", "Clinton’s proposal"), ("norris-2014", "Putin’s prestige"),
                      ("norris-2014", "The First Time Putin Tried to Invade a Foreign Country")]:
        s = sentence(seeds, doc, text)
        assert s.text == text and s.is_heading
    # bullets: one sentence each
    for start, end in [("Come to Moscow, perhaps", "Dmitry Rogozin);"), ("Meet with Foreign Minister", "Moscow;"),
                       ("Possibly speak to President Putin", "finally"), ("While in Moscow, declare", "vote-counting.")]:
        s = sentence(seeds, "meduza-2020", start)
        assert s.text.endswith(end)
    # an ellipsis before a capital ends a sentence
    assert sentence(seeds, "meduza-2020", "A Trotskyist at heart").text == "A Trotskyist at heart…"
    assert sentence(seeds, "meduza-2020", "He’s known as the author").text.endswith("destroying states…")


def test_split_sentences_rules():
    t = "Gen. Clark met Mr. Putin in St. Petersburg. He said: “Go.” Then? Yes! 3 left… Done"
    assert [t[a:b] for a, b in split_sentences(t)] == [
        "Gen. Clark met Mr. Putin in St. Petersburg.", "He said: “Go.”", "Then?", "Yes!", "3 left…", "Done"]


# ---------------------------------------------------------------- voices


def test_meduza_transcript_turns(seeds):
    for start, speaker in [
        ("Can we talk about the Balkans?", "Clinton"),
        ("That would send a strong signal.", "Clinton"),
        ("[Looks doubtful, thinks for a moment] Letʼs have Sergey Ivanov", "Putin"),
        ("I know itʼs a difficult situation for you", "Clinton"),  # continues over an unlabelled paragraph
        ("Bill, we are aware of the fact", "Putin"),
        ("Today the opposition, for all practical purposes", "Putin"),  # 4th paragraph of the turn
        ("Sure.", "Clinton"),
        ("Yes, I know what you mean.", "Clinton"),
        ("Well, like I said, certainly we can't guarantee", "Putin"),
    ]:
        s = sentence(seeds, "meduza-2020", start)
        assert (s.voice, s.speaker) == ("quoted", speaker), start
    # narration after a turn, a heading ending a turn, and the source lines
    for start in ["In the end, Milošević lost", "Putin’s proposal", "President Putin complained that",
                  "Vladimir Putin, for his part"]:
        assert sentence(seeds, "meduza-2020", start).voice == "author", start
    m = seeds.sentences[seeds.sentences.doc_id == "meduza-2020"]
    # 75 sentences in Putin's ten transcript turns + 2 sentences wholly inside an inline quotation
    # ("I think that the fate of millions ..." and "From our assessment ..."), listed by hand
    assert len(m[(m.voice == "quoted") & (m.speaker == "Putin")]) == 77
    assert len(m[(m.voice == "quoted") & (m.speaker == "Clinton")]) == 29


def test_meduza_broadcast_excerpts(seeds):
    for start, speaker in [("All dissenters attending rallies", "Pervyi Kanal"),
                           ("On January 31, at the age of 91", "Vesti"),
                           ("A Trotskyist at heart", "Vesti"),
                           ("In the West, the “Bulldozer Revolution”", "NTV"),
                           ("A single bulldozer isn’t enough", "NTV")]:
        s = sentence(seeds, "meduza-2020", start)
        assert (s.voice, s.speaker) == ("quoted", speaker), start
    assert not seeds.sentences.text.str.contains("Vesti, 2018").any()  # a source line is markup
    assert "Vesti, 2018" in set(seeds.residue.text)


def test_clark_quotation_is_quoted_voice(seeds):
    t = seeds.tokens[seeds.tokens.doc_id == "norris-2014"]
    raw = seeds.raw("norris-2014")
    a = raw.index("“The danger was that")
    b = raw.index("said NATO’s military commander")
    c = raw.index("“and then we would have lost NATO control")
    quote1 = t[(t.start > a) & (t.start < b)]
    narration = t[(t.start >= b) & (t.start < c)]
    quote2 = t[(t.start > c) & (t.start < raw.index("over the mission.”") + 17)]
    assert len(quote1) == 15 and set(quote1.voice) == {"quoted"} and set(quote1.speaker) == {"Clark"}
    assert list(narration.token.astype(str)) == ["said", "NATO", "’s", "military", "commander", "General", "Wesley",
                                                 "Clark", "about", "the", "potential", "for", "the", "Russians", "to",
                                                 "partition", "Kosovo"]
    assert set(narration.voice) == {"author"}
    assert len(quote2) == 11 and set(quote2.speaker) == {"Clark"}
    s = sentence(seeds, "norris-2014", "“The danger was that")
    assert (s.voice, s.speaker) == ("mixed", "Clark")


def test_short_quotations_stay_author_voice(seeds):
    q = seeds.quotes
    short = q[q.doc_id == "phillips-peci-2021"].sort_values("start")
    raw = seeds.raw("phillips-peci-2021")
    got = [(raw[a:b], v) for a, b, v in zip(short.start, short.end, short.voice)]
    assert ("“Humanitarian Center”", "author") in got
    assert ("“protect the undefended Serbian population”", "quoted") in got


def test_voice_overrides_apply_and_unknown_anchor_fails(tmp_path):
    folder = write_corpus(tmp_path / "v", {"a": "Intro.\n\nA: Hello there.\n\nB: Hi.\n\nA: Bye.\n\nB: Ciao.\n\nBack to narration.\n"})
    c = load_corpus(folder)
    assert list(c.sentences.voice) == ["author", "quoted", "quoted", "quoted", "quoted", "quoted"]
    (folder / "voices.csv").write_text("doc_id,scope,anchor,voice,speaker,note\na,paragraph,Back to,author,,end of turn\n")
    c = load_corpus(folder)
    assert list(c.sentences.voice) == ["author", "quoted", "quoted", "quoted", "quoted", "author"]
    assert list(c.sentences.speaker) == ["", "A", "B", "A", "B", ""]
    # a label used only once is not a speaker label (it could be a run-in heading such as "Background:")
    c = load_corpus(write_corpus(tmp_path / "w", {"a": "Background: the story.\n\nMore narration."}))
    assert list(c.sentences.voice) == ["author", "author"]
    (folder / "voices.csv").write_text("doc_id,scope,anchor,voice,speaker,note\na,paragraph,Nowhere,author,,x\n")
    with pytest.raises(CorpusError, match=r"voices.csv, line 2, field 'anchor': 'Nowhere' matches no paragraph"):
        load_corpus(folder)


# ---------------------------------------------------------------- bad input


def test_manifest_row_without_file(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text."})
    (folder / "a.txt").unlink()
    with pytest.raises(CorpusError, match=r"manifest.csv, line 2, field 'file': no such file 'a.txt'"):
        load_corpus(folder)


def test_file_without_row(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text."})
    (folder / "stray.txt").write_text("x")
    with pytest.raises(CorpusError, match=r"stray.txt: text file has no row in .*manifest.csv"):
        load_corpus(folder)


def test_duplicate_doc_id(tmp_path):
    rows = [{"doc_id": "a", "file": "a.txt", "group": "g"}, {"doc_id": "a", "file": "b.txt", "group": "g"}]
    folder = write_corpus(tmp_path / "m", {"a": "Some text.", "b": "Other text."}, rows=rows)
    with pytest.raises(CorpusError, match=r"line 3, field 'doc_id': duplicate 'a' \(first on line 2\)"):
        load_corpus(folder)


def test_unparseable_and_future_dates(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text.", "b": "More."},
                          extra={"a": {"published": "13/03/2014"}, "b": {"published": "2999-01-01"}})
    with pytest.raises(CorpusError) as err:
        load_corpus(folder)
    assert "line 2, field 'published': unparseable date '13/03/2014'" in str(err.value)
    assert "line 3, field 'published': '2999-01-01' is in the future" in str(err.value)


def test_missing_columns(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text."}, rows=[{"id": "a", "path": "a.txt"}])
    with pytest.raises(CorpusError, match=r"line 1: missing column\(s\) doc_id, file, group; found id, path"):
        load_corpus(folder)


def test_non_utf8_names_byte_offset(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Caf\u00e9 au lait"}, encoding="latin-1")
    with pytest.raises(CorpusError, match=r"a.txt: not valid UTF-8 at byte offset 3 \(line 1, byte 0xe9\)"):
        load_corpus(folder)
    # declaring the encoding reads it
    (folder / "manifest.csv").write_text("doc_id,file,group,encoding\na,a.txt,g,latin-1\n")
    assert list(load_corpus(folder).tokens.token.astype(str)) == ["Café", "au", "lait"]


def test_utf16_is_named(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text."}, encoding="utf-16")
    with pytest.raises(CorpusError, match=r"a.txt: UTF-16 byte-order mark"):
        load_corpus(folder)


def test_empty_document(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text.", "b": "  \n"})
    with pytest.raises(CorpusError, match=r"b.txt \(manifest line 3\): document 'b' is empty"):
        load_corpus(folder)


def test_file_outside_folder(tmp_path):
    (tmp_path / "secret.txt").write_text("outside")
    folder = write_corpus(tmp_path / "m", {}, rows=[{"doc_id": "a", "file": "../secret.txt", "group": "g"}])
    with pytest.raises(CorpusError, match=r"line 2, field 'file': '../secret.txt' points outside the corpus folder"):
        load_corpus(folder)


def test_bad_cleaning_rule_is_named(tmp_path):
    folder = write_corpus(tmp_path / "m", {"a": "Some text."},
                          cleaning="rules:\n  - name: broken\n    pattern: '(unclosed'\n")
    with pytest.raises(CorpusError, match=r"cleaning.yaml, rule 1 \(broken\): bad regular expression"):
        load_corpus(folder)


def test_bom_and_crlf_keep_offsets_exact(tmp_path):
    text = "\ufeffFirst line here.\n\nSecond “quoted words are here now” paragraph.\n"
    folder = write_corpus(tmp_path / "m", {"a": text}, newline="\r\n")
    c = load_corpus(folder)
    raw = c.raw("a")
    assert raw.startswith("\ufeff") and "\r\n" in raw
    assert [raw[a:b] for a, b in zip(c.tokens.start, c.tokens.end)] == list(c.tokens.token.astype(str))
    assert list(c.residue.rule) == ["byte-order-mark"]
    assert list(c.sentences.text) == ["First line here.", "Second “quoted words are here now” paragraph."]
    assert list(c.sentences.para_id) == [0, 1]


def test_phrase_paragraphs_are_blank_line_separated(make_corpus):
    c = make_corpus({"a": "A hard-wrapped\nsentence goes on. Another\none.\n\nNew paragraph."})
    assert list(c.sentences.text) == ["A hard-wrapped\nsentence goes on.", "Another\none.", "New paragraph."]
    assert list(c.sentences.para_id) == [0, 0, 1]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=300))
def test_generated_documents_load_and_account_for_every_character(tmp_path_factory, text):
    if not any(ch.isalnum() for ch in text) or not __import__("analysis.tokens").tokens.TOKEN_RE.search(text):
        return  # an empty document is an error, tested above
    folder = write_corpus(tmp_path_factory.mktemp("h"), {"a": text})
    c = load_corpus(folder)
    raw = c.raw("a")
    assert raw == text
    assert [raw[a:b] for a, b in zip(c.tokens.start, c.tokens.end)] == list(c.tokens.token.astype(str))
    assert c.tokens.sent_id.between(0, len(c.sentences) - 1).all()


def test_import_is_light():
    code = "import analysis, sys; print(sorted(m for m in ('matplotlib', 'sklearn', 'scipy', 'nltk') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_nfc_and_nfd_files_give_the_same_norms(tmp_path):
    text = "Milošević met Đukanović. Koštunica won."
    a = load_corpus(write_corpus(tmp_path / "nfc", {"a": unicodedata.normalize("NFC", text)}))
    b = load_corpus(write_corpus(tmp_path / "nfd", {"a": unicodedata.normalize("NFD", text)}))
    assert list(a.tokens.norm.astype(str)) == list(b.tokens.norm.astype(str))
    pd.testing.assert_frame_equal(a.sentences[["sent_id", "voice"]], b.sentences[["sent_id", "voice"]])
