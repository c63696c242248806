"""The safe YAML reader (analysis.safe_yaml): alias bombs, size, depth, duplicate keys, encodings."""

from __future__ import annotations

import time

import pytest
import yaml

from analysis.safe_yaml import YAMLInputError, load_yaml, parse_yaml

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_a_plain_document_loads_as_safe_load_would(tmp_path):
    text = "version: 1\nrules:\n  - name: a\n    pattern: '^x$'\n    docs: [d1, d2]\n    expect: 2\n"
    p = tmp_path / "c.yaml"
    p.write_text(text, encoding="utf-8")
    assert load_yaml(p) == yaml.safe_load(text)
    assert parse_yaml(b"\xef\xbb\xbf" + text.encode(), source="c.yaml") == yaml.safe_load(text)  # a BOM is fine
    assert parse_yaml(b"", source="empty.yaml") is None


def test_the_billion_laughs_is_refused_at_once_naming_the_file(tmp_path):
    p = tmp_path / "bomb.yaml"
    p.write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS) < 700
    t0 = time.perf_counter()
    with pytest.raises(YAMLInputError, match=r"bomb\.yaml, line \d+: the document expands to more than 1,000,000 nodes"):
        load_yaml(p)
    assert time.perf_counter() - t0 < 2


def test_a_few_aliases_are_fine_and_too_many_are_refused():
    doc = "base: &b {x: 1}\none: *b\ntwo: *b\n"
    assert parse_yaml(doc, source="s.yaml") == {"base": {"x": 1}, "one": {"x": 1}, "two": {"x": 1}}
    with pytest.raises(YAMLInputError, match=r"s\.yaml, line 3: more than 1 aliases"):
        parse_yaml(doc, source="s.yaml", max_aliases=1)
    with pytest.raises(YAMLInputError, match="more than 0 aliases"):
        parse_yaml(doc, source="s.yaml", max_aliases=0)
    # a small expansion limit catches a modest fan-out too
    with pytest.raises(YAMLInputError, match="expands to more than 50 nodes"):
        parse_yaml("a: &a [1, 2, 3, 4, 5, 6, 7, 8]\nb: [*a, *a, *a, *a, *a, *a, *a]\n", source="s.yaml", max_nodes=50)


def test_a_merge_key_is_allowed():
    doc = "base: &b {x: 1, y: 2}\nrule:\n  <<: *b\n  y: 3\n"
    assert parse_yaml(doc, source="m.yaml") == {"base": {"x": 1, "y": 2}, "rule": {"x": 1, "y": 3}}


def test_a_recursive_alias_is_refused():
    with pytest.raises(YAMLInputError, match=r"r\.yaml, line \d+: a recursive alias"):
        parse_yaml("a: &a [1, *a]\n", source="r.yaml")


def test_duplicate_keys_are_errors_naming_both_lines():
    with pytest.raises(YAMLInputError) as err:
        parse_yaml("rules:\n  - name: a\n    name: b\nversion: 1\nversion: 2\n", source="d.yaml")
    assert err.value.problems == [
        "d.yaml, line 5: duplicate key 'version' (first on line 4); YAML would keep only the last one",
        "d.yaml, line 3: duplicate key 'name' (first on line 2); YAML would keep only the last one",
    ]
    with pytest.raises(YAMLInputError, match="duplicate key 'a'"):
        parse_yaml("{a: 1, a: 2}", source="flow.yaml")  # on one line too
    assert parse_yaml("a: 1\na: 2\n", source="d.yaml", unique_keys=False) == {"a": 2}


def test_size_is_checked_before_reading(tmp_path):
    p = tmp_path / "big.yaml"
    p.write_bytes(b"a: " + b"x" * 2000 + b"\n")
    with pytest.raises(YAMLInputError, match=r"big\.yaml: 2,004 bytes, more than the 1,000 allowed"):
        load_yaml(p, max_bytes=1000)
    with pytest.raises(YAMLInputError, match="more than the 1,000 allowed"):
        parse_yaml(p.read_bytes(), source=str(p), max_bytes=1000)


def test_deep_nesting_is_an_error_not_a_crash():
    with pytest.raises(YAMLInputError, match=r"deep\.yaml: nested too deeply"):
        parse_yaml("[" * 100_000 + "]" * 100_000, source="deep.yaml")


@pytest.mark.parametrize("data, expected", [
    ("rules: [café]\n".encode("latin-1"), r"l1\.yaml, line 1: not UTF-8 \(byte offset 11, byte 0xe9\)"),
    (b"a: [1, 2\n", r"l1\.yaml: invalid YAML"),
    (b"a: 1\n---\nb: 2\n", r"l1\.yaml: invalid YAML: expected a single document"),
    (b"a: !!python/object:os.system x\n", r"l1\.yaml: invalid YAML: could not determine a constructor"),
    (b"a: *nowhere\n", r"l1\.yaml: invalid YAML: found undefined alias"),
])
def test_bad_input_names_the_file(data, expected):
    with pytest.raises(YAMLInputError, match=expected):
        parse_yaml(data, source="l1.yaml")


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(YAMLInputError, match=r"nope\.yaml: cannot read"):
        load_yaml(tmp_path / "nope.yaml")
