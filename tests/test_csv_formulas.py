"""CSV formula injection (issue 18, hole 2): every CSV the package writes neutralises cells that a
spreadsheet would run as a formula (OWASP: prefix = + - @ tab CR with a single quote)."""

from __future__ import annotations

import csv

import numpy as np
import pandas as pd

from analysis.io import FORMULA_START, neutralise_formulas, save_table
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
