"""CSV formula injection (issue 18, hole 2): every CSV the package writes neutralises cells that a
spreadsheet would run as a formula (OWASP: prefix = + - @ tab CR with a single quote)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.io import FLOAT_FORMAT, FORMULA_START, neutralise_formulas, save_table
from analysis.kwic import kwic, save_kwic
from conftest import write_corpus
from analysis import load_corpus


def cells(path):
    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_formula_cells_are_prefixed_and_numbers_stay_numbers(tmp_path):
    df = pd.DataFrame({
        "doc_id": pd.Categorical(["=HYPERLINK(\"http://evil\",\"x\")", "plain", "@SUM(A1)"]),
        "group": pd.array(["+1", "-x", "\tTab"], dtype="str"),
        "title": ["\rCR", "fine = ok", None],
        "n": [-3, 4, 5],
        "rate": [-0.5, 1.25, np.nan],
        "ci": [(-0.1, 0.2), (0.0, 1.0), (1.0, 2.0)],
    })
    rows = cells(save_table(df, "t", folder=tmp_path))
    assert rows[0] == ["doc_id", "group", "title", "n", "rate", "ci"]
    assert rows[1] == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1", "'\rCR", "-3", "-0.5", "(-0.1, 0.2)"]
    assert rows[2] == ["plain", "'-x", "fine = ok", "4", "1.25", "(0.0, 1.0)"]
    assert rows[3] == ["'@SUM(A1)", "'\tTab", "", "5", "", "(1.0, 2.0)"]
    assert set(FORMULA_START) == {"=", "+", "-", "@", "\t", "\r"}
    assert df.doc_id[0].startswith("=")  # the caller's frame is not changed


def test_column_names_are_neutralised_too(tmp_path):
    rows = cells(save_table(pd.DataFrame({"=cmd": [1], "ok": ["a"]}), "h", folder=tmp_path))
    assert rows == [["'=cmd", "ok"], ["1", "a"]]


def test_a_table_without_formula_cells_is_written_as_before(tmp_path):
    df = pd.DataFrame({"g2": [17.261848637578], "n": [3], "term": ["NATO"], "neg": [-1.5]})
    assert neutralise_formulas(df) is df
    assert (save_table(df, "a", folder=tmp_path).read_text(encoding="utf-8")
            == "g2,n,term,neg\n17.2618486376,3,NATO,-1.5\n")


def test_kwic_context_from_a_hostile_text_is_neutralised(tmp_path):
    c = load_corpus(write_corpus(tmp_path / "c", {"a": 'NATO=HYPERLINK("http://evil","x") and NATO.\n'}))
    k = kwic(c, "NATO", window=3)
    assert k.right[0].startswith("=")
    rows = cells(save_kwic(k, "03-kwic-evil", folder=tmp_path))
    right = rows[0].index("right")
    assert rows[1][right] == "'" + k.right[0]
    assert not any(cell.startswith(FORMULA_START) for row in rows for cell in row if not _number(cell))


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


_floats = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([0.0, -0.0, 1e-300, 5e-324, 1e300,
                                                                                       123456789012345.0, 0.1 + 0.2]))


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 12).flatmap(lambda n: st.tuples(
    st.lists(_floats, min_size=n, max_size=n), st.lists(st.floats(width=32), min_size=n, max_size=n),
    st.lists(st.sampled_from(["a", "-x", "", "=1", "b,c"]), min_size=n, max_size=n))))
def test_floats_are_written_as_pandas_writes_them(tmp_path_factory, columns):
    # save_table formats float columns itself (faster); the bytes are those of pandas' to_csv
    f64, f32, text = columns
    df = pd.DataFrame({"x": np.asarray(f64, dtype=np.float64), "y": np.asarray(f32, dtype=np.float32),
                       "t": text, "n": np.arange(len(text)), "x2": np.asarray(f64, dtype=np.float64)})
    path = save_table(df, "t", folder=tmp_path_factory.mktemp("csv"))
    want = neutralise_formulas(df).to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
    assert path.read_text(encoding="utf-8") == want
    one = save_table(df[["x"]], "one", folder=path.parent)  # a lone column: NaN rows are written as ""
    assert one.read_text(encoding="utf-8") == df[["x"]].to_csv(index=False, lineterminator="\n", float_format=FLOAT_FORMAT)
