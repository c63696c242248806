"""A hostile or careless voices.csv (issue 18): every problem an error naming file, line and field."""

from __future__ import annotations

import pytest

from analysis import CorpusError, load_corpus
from conftest import write_corpus

TEXT = ("NATO met in Brussels today.\n\nThe minister said “we will not give up Kosovo to anyone at all” and left.\n\n"
        "Russia answered later.\n")
HEADER = "doc_id,scope,anchor,voice,speaker,note\n"


def folder_with(tmp_path, voices: str | bytes):
    folder = write_corpus(tmp_path / "v", {"a": TEXT})
    (folder / "voices.csv").write_bytes(voices if isinstance(voices, bytes) else voices.encode("utf-8"))
    return folder


def test_latin1_voices_names_file_line_and_byte(tmp_path):
    data = (HEADER + "a,paragraph,Russia answered,quoted,Lavrov,café\n").encode("latin-1")
    with pytest.raises(CorpusError, match=r"voices\.csv, line 2: not UTF-8 \(byte offset 84, byte 0xe9\)"):
        load_corpus(folder_with(tmp_path, data))


def test_extra_fields_are_kept_in_a_last_note_column_else_an_error(tmp_path):
    from analysis.corpus.voices import load_overrides

    folder = folder_with(tmp_path, HEADER + "a,paragraph,Russia answered,quoted,Lavrov,said in Moscow, June 11\n")
    assert list(load_overrides(folder, {"a"}).note) == ["said in Moscow, June 11"]  # was "said in Moscow"
    folder = folder_with(tmp_path, "doc_id,scope,anchor,voice,speaker\na,paragraph,Russia answered,quoted,Lavrov,x\n")
    with pytest.raises(CorpusError, match=r"voices\.csv, line 2: more fields than the header has columns \(1 more\)"):
        load_corpus(folder)


def test_extra_columns_are_kept(tmp_path):
    c = load_corpus(folder_with(tmp_path, "doc_id,scope,anchor,voice,speaker,note,checked_by\n"
                                          "a,paragraph,Russia answered,quoted,Lavrov,,AB\n"))
    s = c.sentences[c.sentences.text.str.startswith("Russia answered")]
    assert list(s.voice) == ["quoted"] and list(s.speaker) == ["Lavrov"]
    from analysis.corpus.voices import load_overrides

    assert list(load_overrides(c.folder, {"a"}).checked_by) == ["AB"]


def test_duplicate_or_reserved_columns_are_an_error(tmp_path):
    with pytest.raises(CorpusError, match=r"voices\.csv, line 1: duplicate column\(s\) 'note'"):
        load_corpus(folder_with(tmp_path, HEADER.strip() + ",note\n"))
    with pytest.raises(CorpusError, match=r"voices\.csv, line 1, field 'line': a column the loader adds"):
        load_corpus(folder_with(tmp_path, HEADER.strip() + ",line\n"))


def test_an_unclosed_quote_is_an_error(tmp_path):
    with pytest.raises(CorpusError, match=r"voices\.csv, line 2, field 'anchor': a line break inside the field"):
        load_corpus(folder_with(tmp_path, HEADER + 'a,paragraph,"Russia answered,quoted,Lavrov,\n'
                                                   'a,paragraph,NATO met,quoted,Stoltenberg,"\n'))


def test_two_overrides_for_one_paragraph_name_both_lines(tmp_path):
    with pytest.raises(CorpusError, match=r"voices\.csv, line 3, field 'anchor': 'Russia' and line 2 "
                                          r"\('Russia answered'\) both override paragraph 3 of 'a'"):
        load_corpus(folder_with(tmp_path, HEADER + "a,paragraph,Russia answered,quoted,Lavrov,\n"
                                                   "a,paragraph,Russia,author,,\n"))


def test_two_overrides_for_one_quotation_name_both_lines(tmp_path):
    with pytest.raises(CorpusError, match=r"voices\.csv, line 3, field 'anchor': 'we will not' and line 2 "
                                          r"\('we will'\) both override the quotation at character \d+ of 'a'"):
        load_corpus(folder_with(tmp_path, HEADER + "a,quote,we will,quoted,Ivanov,\n"
                                                   "a,quote,we will not,author,,\n"))


def test_one_override_each_still_works(tmp_path):
    c = load_corpus(folder_with(tmp_path, HEADER + "a,quote,we will,quoted,Ivanov,\n"
                                                   "a,paragraph,Russia answered,quoted,Lavrov,\n"))
    assert list(c.quotes.speaker) == ["Ivanov"]
