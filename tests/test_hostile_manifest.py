"""A hostile or careless manifest.csv (issue 18): every problem an error naming file, line and field."""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

import pytest

from analysis import CorpusError, load_corpus
from analysis.corpus import read_manifest
from conftest import write_corpus

TEXTS = {"a": "Russia and NATO met.", "b": "Serbia said no.", "c": "Kosovo waited."}


def manifest(tmp_path, text: str, texts=TEXTS):
    folder = write_corpus(tmp_path / "m", texts)
    (folder / "manifest.csv").write_text(text, encoding="utf-8")
    return folder


def test_an_unclosed_quote_is_an_error_naming_its_line(tmp_path):
    folder = manifest(tmp_path, 'doc_id,file,group,title\na,a.txt,g,"An unclosed title\nb,b.txt,g,Second\n'
                                'c,c.txt,g,Third\n')
    with pytest.raises(CorpusError, match=r"manifest\.csv, line 2: unexpected end of data .*an unclosed quotation "
                                          r"mark"):
        read_manifest(folder)


def test_a_quoted_field_with_a_line_break_swallowing_rows_is_an_error(tmp_path):
    folder = manifest(tmp_path, 'doc_id,file,group,title\na,a.txt,g,"Swallows\nb,b.txt,g,Second\nc,c.txt,g,"\n')
    with pytest.raises(CorpusError, match=r"manifest\.csv, line 2, field 'title': a line break inside the field "
                                          r"\(lines 2 to 4\)"):
        read_manifest(folder)


def test_duplicate_headers_are_an_error(tmp_path):
    folder = manifest(tmp_path, "doc_id,file,group,title,title\na,a.txt,g,One,Two\nb,b.txt,g,x,y\nc,c.txt,g,x,y\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv, line 1: duplicate column\(s\) 'title'"):
        read_manifest(folder)


@pytest.mark.parametrize("column", ["raw", "text", "line", "n_tokens", "n_chars", "n_paragraphs", "n_sentences",
                                    "n_quoted_tokens", "n_residue_chars"])
def test_a_column_the_loader_adds_is_an_error(tmp_path, column):
    folder = manifest(tmp_path, f"doc_id,file,group,{column}\na,a.txt,g,x\nb,b.txt,g,x\nc,c.txt,g,x\n")
    with pytest.raises(CorpusError, match=rf"manifest\.csv, line 1, field '{column}': a column the loader adds"):
        read_manifest(folder)


def test_the_same_file_under_two_doc_ids_is_an_error(tmp_path):
    folder = manifest(tmp_path, "doc_id,file,group\na,a.txt,g\nb,b.txt,g\nc,c.txt,g\nd,./a.txt,g\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv, line 5, field 'file': './a.txt' is the file of 'a' "
                                          r"\(line 2\) too"):
        read_manifest(folder)


def test_a_hard_link_is_the_same_file(tmp_path):
    folder = manifest(tmp_path, "doc_id,file,group\na,a.txt,g\nb,b.txt,g\nc,c.txt,g\nd,d.txt,g\n")
    os.link(folder / "a.txt", folder / "d.txt")
    with pytest.raises(CorpusError, match=r"line 5, field 'file': 'd.txt' is the file of 'a'"):
        read_manifest(folder)


def test_doc_ids_equal_after_nfc_are_an_error(tmp_path):
    nfc, nfd = unicodedata.normalize("NFC", "Koštunica"), unicodedata.normalize("NFD", "Koštunica")
    assert nfc != nfd
    folder = manifest(tmp_path, f"doc_id,file,group\n{nfc},a.txt,g\n{nfd},b.txt,g\nc,c.txt,g\n")
    with pytest.raises(CorpusError, match=r"line 3, field 'doc_id': .* equals 'Koštunica' \(line 2\) after Unicode "
                                          r"normalisation \(NFC\)"):
        read_manifest(folder)


@pytest.mark.parametrize("year, message", [
    ("2099", r"'2099' is in the future"),
    ("0000", r"'0000' is not a plausible year"),
    ("١٩٩٨", r"'١٩٩٨' is not a four-digit year"),
])
def test_a_bad_year_without_published_is_an_error(tmp_path, year, message):
    folder = manifest(tmp_path, f"doc_id,file,group,year\na,a.txt,g,{year}\nb,b.txt,g,\nc,c.txt,g,\n")
    with pytest.raises(CorpusError, match=rf"manifest\.csv, line 2, field 'year': {message}"):
        read_manifest(folder)


def test_published_in_other_digits_is_an_error(tmp_path):
    folder = manifest(tmp_path, "doc_id,file,group,published\na,a.txt,g,١٩٩٨\nb,b.txt,g,\nc,c.txt,g,\n")
    with pytest.raises(CorpusError, match=r"line 2, field 'published': unparseable date '١٩٩٨'"):
        read_manifest(folder)


def test_this_year_is_fine(tmp_path):
    year = str(dt.date.today().year)
    folder = manifest(tmp_path, f"doc_id,file,group,year\na,a.txt,g,{year}\nb,b.txt,g,1998\nc,c.txt,g,\n")
    years = read_manifest(folder).year
    assert list(years[:2]) == [int(year), 1998] and years.isna()[2]


def test_blank_lines_do_not_shift_line_numbers(tmp_path):
    folder = manifest(tmp_path, "doc_id,file,group\na,a.txt,g\n\nb,b.txt,\nc,c.txt,g\n")
    with pytest.raises(CorpusError, match=r"manifest\.csv, line 4, field 'group': empty"):
        read_manifest(folder)


def test_the_rest_still_loads(tmp_path):
    folder = manifest(tmp_path, 'doc_id,file,group,title\na,a.txt,g,"A title, with a comma"\nb,b.txt,g,"Say ""no"""\n'
                                "c,c.txt,g,Plain\n")
    c = load_corpus(folder)
    assert list(c.documents.title) == ["A title, with a comma", 'Say "no"', "Plain"]
