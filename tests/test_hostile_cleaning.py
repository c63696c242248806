"""A hostile or careless cleaning.yaml (issue 18): every problem an error naming file, rule and field;
no hang, no raw traceback, no rule silently doing nothing."""

from __future__ import annotations

import time

import pytest

from analysis import CorpusError, load_corpus
from analysis import safe_regex
from conftest import write_corpus
from test_safe_yaml import BILLION_LAUGHS

TEXTS = {"monitor-1998": "Header line\n\nRussia and NATO met in Belgrade.\n", "b": "Header line\n\nSerbia said no.\n"}


def folder_with(tmp_path, cleaning: str | bytes):
    folder = write_corpus(tmp_path / "c", TEXTS)
    (folder / "cleaning.yaml").write_bytes(cleaning if isinstance(cleaning, bytes) else cleaning.encode("utf-8"))
    return folder


def rule(pattern="'^Header line$'", **fields):
    extra = "".join(f"\n    {k}: {v}" for k, v in fields.items())
    return f"rules:\n  - name: header\n    pattern: {pattern}{extra}\n"


def test_a_catastrophic_rule_stops_with_an_error_naming_file_rule_and_document(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_regex, "BASE_TIMEOUT", 0.3)
    folder = write_corpus(tmp_path / "c", {"a": "a" * 40 + "!\n\nRussia."})
    (folder / "cleaning.yaml").write_text("rules:\n  - name: slow\n    pattern: '(a|aa)+$'\n", encoding="utf-8")
    t0 = time.perf_counter()
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, rule 1 \(slow\), document 'a': regular expression "
                                          r"'\(a\|aa\)\+\$' took longer than 0.3 s"):
        load_corpus(folder)
    assert time.perf_counter() - t0 < 10


def test_an_overflowing_repeat_count_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, rule 1 \(header\): bad regular expression "
                                          r"'a\{99999999999\}': repeat count too big at position 2 \(field 'pattern'\)"):
        load_corpus(folder_with(tmp_path, rule("'a{99999999999}'")))


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    t0 = time.perf_counter()
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, line \d+: the document expands to more than"):
        load_corpus(folder_with(tmp_path, BILLION_LAUGHS + rule()))
    assert time.perf_counter() - t0 < 5


def test_latin1_cleaning_yaml_names_file_line_and_byte(tmp_path):
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, line 1: not UTF-8 \(byte offset \d+, byte 0xe9\)"):
        load_corpus(folder_with(tmp_path, ("# café\n" + rule()).encode("latin-1")))


def test_duplicate_keys_are_an_error(tmp_path):
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, line 4: duplicate key 'pattern' \(first on line 3\)"):
        load_corpus(folder_with(tmp_path, rule(pattern="'^Header line$'\n    pattern: 'Serbia'")))


def test_docs_as_one_string_is_one_document(tmp_path):
    c = load_corpus(folder_with(tmp_path, rule(docs="monitor-1998", expect=1)))
    assert list(c.residue.doc_id) == ["monitor-1998"]


@pytest.mark.parametrize("docs, message", [
    ("5", r"rule 1 \(header\), field 'docs': expected a document id or a list of document ids, got int 5"),
    ("{a: 1}", r"rule 1 \(header\), field 'docs': expected a document id or a list of document ids, got dict"),
    ("[monitor-1998, [x]]", r"rule 1 \(header\), field 'docs': expected a document id or a list of document ids"),
    ("[monitor-1998, nowhere]", r"rule 1 \(header\), field 'docs': unknown document\(s\) 'nowhere'"),
])
def test_bad_docs_are_errors(tmp_path, docs, message):
    with pytest.raises(CorpusError, match=r"cleaning\.yaml, " + message):
        load_corpus(folder_with(tmp_path, rule(docs=docs)))


def test_expect_as_a_digit_string_is_a_number(tmp_path):
    c = load_corpus(folder_with(tmp_path, rule(expect='"2"')))
    assert len(c.residue) == 2


@pytest.mark.parametrize("expect", ["true", "-1", "'two'", "1.5"])
def test_a_bad_expect_is_an_error(tmp_path, expect):
    with pytest.raises(CorpusError, match=r"rule 1 \(header\), field 'expect': expected a count"):
        load_corpus(folder_with(tmp_path, rule(expect=expect)))


def test_a_pattern_that_is_not_a_string_is_named(tmp_path):
    with pytest.raises(CorpusError, match=r"rule 1 \(header\), field 'pattern': missing or empty"):
        load_corpus(folder_with(tmp_path, rule(pattern="[1, 2]")))
