"""analysis.frames: result columns and frames equal to pandas' own constructors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis._core.tables import STR, categorical, frame, str_array


# --------------------------------------------------------------------------- result frames, built block by block

_KINDS = {
    "int32": lambda v: np.asarray(v, dtype=np.int32),
    "int64": lambda v: np.asarray(v, dtype=np.int64),
    "float64": lambda v: np.asarray(v, dtype=np.float64) / 2,
    "bool": lambda v: np.asarray(v, dtype=np.int64) % 2 == 0,
    "category": lambda v: pd.Categorical([f"c{x % 3}" for x in v], categories=["c2", "c0", "c1"]),
    "str": lambda v: pd.array([f"s{x}é" for x in v], dtype="str"),
    "object": lambda v: np.asarray([f"o{x}" for x in v], dtype=object),  # constructor path
    "Int64": lambda v: pd.array(v, dtype="Int64"),  # constructor path
    "datetime": lambda v: np.asarray(v, dtype="datetime64[s]"),  # constructor path (its own block kind)
}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(sorted(_KINDS)), max_size=14), st.integers(0, 60), st.data())
def test_frame_equals_the_dataframe_constructor(kinds, n, data):
    """``frame(columns)`` is ``pd.DataFrame(columns)``: values, dtypes, column index and
    RangeIndex, for any mix of column kinds (the fast kinds and the ones it hands over)."""
    values = data.draw(st.lists(st.integers(-5, 5), min_size=n, max_size=n))
    cols = {f"c{k}_{kind}": _KINDS[kind](values) for k, kind in enumerate(kinds)}
    got, want = frame(cols), pd.DataFrame(cols)
    pd.testing.assert_frame_equal(got, want, check_exact=True)
    assert list(got.dtypes) == list(want.dtypes)
    assert got.columns.dtype == want.columns.dtype and isinstance(got.index, pd.RangeIndex)
    if cols:  # every column's values, dtype by dtype, are the ones given
        for name, v in cols.items():
            assert got[name].tolist() == list(v)


def test_frame_hand_counted_blocks_and_its_own_columns_object():
    cols = {"a": np.array([1, 2], np.int32), "b": pd.Categorical(["x", "y"]), "c": np.array([3, 4], np.int32),
            "d": np.array([5, 6], np.int64)}
    f = frame(cols)
    assert f.to_dict("list") == {"a": [1, 2], "b": ["x", "y"], "c": [3, 4], "d": [5, 6]}
    assert f._mgr.nblocks == 3  # one int32 block (a, c), the categorical, one int64 block
    f.columns.name = "renamed"  # the cached column index is not shared between frames
    assert frame(cols).columns.name is None
    with pytest.raises(ValueError, match="length"):  # the constructor's own error
        frame({"a": np.array([1, 2]), "b": np.array([1])})
    assert frame({}).shape == (0, 0)


def test_categorical_equals_from_codes_and_shares_its_dtype():
    codes = np.array([1, 0, 1, -1])
    a = categorical(codes, ["NATO", "Serb*"])
    pd.testing.assert_extension_array_equal(a, pd.Categorical.from_codes(codes, categories=["NATO", "Serb*"]))
    assert a.tolist()[:3] == ["Serb*", "NATO", "Serb*"] and pd.isna(a[3])
    assert categorical(codes[:1], ("NATO", "Serb*")).dtype is a.dtype
    with pytest.raises(ValueError):  # duplicate categories are refused as by pandas
        categorical(codes, ["x", "x"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(), max_size=20))
def test_str_array_equals_pandas_str_array(values):
    values = [v for v in values if not any(0xD800 <= ord(c) <= 0xDFFF for c in v)]  # no lone surrogates in texts
    got, want = str_array(values), pd.array(values, dtype="str")
    pd.testing.assert_extension_array_equal(got, want)
    assert got.dtype == STR == want.dtype and got.tolist() == values
