"""One vocabulary: old option and column names keep working for one release, with a
DeprecationWarning naming the new one; new names are silent; a Table is a DataFrame."""

from __future__ import annotations

import io
import pickle
import warnings

import pandas as pd
import pytest

from analysis._core.vocabulary import OLD_COLUMNS, Table, as_table, current_column, renamed


def _table():
    return Table({"group": pd.Categorical(["x", "y", "x"]), "term": ["a", "b", "c"], "n": [3, 1, 2],
                  "per_1000": [1.5, 0.5, 1.0]})


def _silent(fn):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fn()


# --------------------------------------------------------------------------- columns


@pytest.mark.parametrize("read", [
    lambda t: t["freq"],
    lambda t: t.freq,
    lambda t: t.loc[:, "freq"],
    lambda t: t[["term", "freq"]]["n"],
    lambda t: t.loc[[0, 1, 2], ["freq"]]["n"],
    lambda t: t.groupby("term", observed=True)["freq"].sum().reset_index(drop=True),
    lambda t: t.groupby("term", observed=True).freq.sum().reset_index(drop=True),
])
def test_an_old_column_name_warns_and_reads_the_new_column(read):
    t = _table()
    with pytest.warns(DeprecationWarning, match="column 'freq' is now 'n'"):
        got = read(t)
    assert got.tolist() == [3, 1, 2]


@pytest.mark.parametrize("method, kwargs, expected", [
    ("sort_values", {"by": "freq"}, ["b", "c", "a"]),
    ("nlargest", {"n": 1, "columns": "freq"}, ["a"]),
    ("drop_duplicates", {"subset": ["freq"]}, ["a", "b", "c"]),
])
def test_the_column_arguments_of_common_methods_are_translated(method, kwargs, expected):
    with pytest.warns(DeprecationWarning, match="column 'freq' is now 'n'"):
        out = getattr(_table(), method)(**kwargs)
    assert out.term.tolist() == expected


def test_pivot_and_positional_sort_by_an_old_name():
    t = _table()
    with pytest.warns(DeprecationWarning, match="'rate' is now 'per_1000'"):
        wide = t.pivot(index="term", columns="group", values="rate")
    assert wide.loc["a", "x"] == 1.5
    with pytest.warns(DeprecationWarning):
        assert t.sort_values("freq", ascending=False).term.tolist() == ["a", "c", "b"]


def test_new_names_are_silent_and_an_unknown_name_still_fails():
    t = _table()
    _silent(lambda: (t["n"], t.n, t.loc[:, ["n", "per_1000"]], t.sort_values("n"), t.groupby("group", observed=True).n.sum()))
    with pytest.raises(KeyError):
        t["nope"]
    with pytest.raises(AttributeError):
        t.nope


def test_the_old_name_of_a_rate_follows_what_the_table_holds():
    """``rate`` was hits per 1,000 tokens in frame_rates and pairs per mention in actor_frames."""
    with pytest.warns(DeprecationWarning, match="'rate' is now 'per_mention'"):
        assert Table({"per_mention": [0.5]}).rate.tolist() == [0.5]
    with pytest.warns(DeprecationWarning, match="'unit' is now 'group'"):
        assert Table({"group": ["x"], "n": [1]})["unit"].tolist() == ["x"]
    # a real column of that name is never aliased
    _silent(lambda: Table({"rate": [1.0], "per_1000": [2.0]}).rate.tolist() == [1.0])


def test_slices_copies_and_concatenations_stay_tables():
    t = _table()
    for out in (t[t.n > 1], t.head(2), t.copy(), t.sort_values("n"), t.reset_index(), t.assign(z=1),
                t.groupby("group", observed=True).head(1), t.query("n > 1"), pd.concat([t, t]), t.iloc[:2]):
        assert type(out) is Table
        with pytest.warns(DeprecationWarning):
            out["freq"]


def test_a_table_equals_a_plain_dataframe_both_ways():
    t = _table()
    plain = pd.DataFrame(t)
    assert type(plain) is pd.DataFrame
    pd.testing.assert_frame_equal(t, plain)  # check_frame_type=True (the default)
    pd.testing.assert_frame_equal(plain, t)
    pd.testing.assert_frame_equal(t, plain, check_frame_type=True)
    assert t.equals(plain) and plain.equals(t)


def test_only_the_new_names_are_written_and_the_table_pickles():
    t = _table()
    buf = io.StringIO()
    t.to_csv(buf, index=False)
    assert buf.getvalue().splitlines()[0] == "group,term,n,per_1000"
    back = pickle.loads(pickle.dumps(t))
    assert type(back) is Table
    pd.testing.assert_frame_equal(back, t)
    assert list(t.columns) == ["group", "term", "n", "per_1000"] and "freq" not in t.columns and "freq" in t


def test_as_table_keeps_attrs_and_data():
    df = pd.DataFrame({"n": [1]})
    df.attrs["variant"] = "x"
    t = as_table(df)
    assert type(t) is Table and t.attrs == {"variant": "x"}
    pd.testing.assert_frame_equal(t, df)


def test_every_old_column_maps_to_new_names_only():
    news = {n for v in OLD_COLUMNS.values() for n in v}
    assert not news & set(OLD_COLUMNS), "an old name is also a new name"


# --------------------------------------------------------------------------- options


@renamed(options={"unit": "form"}, values={"by": {"doc": "doc_id"}, "stop_words": {None: ("default", "; note")}})
def _f(x, *, form="norm", by="group", stop_words="default"):
    return x, form, by, stop_words


def test_an_old_option_warns_at_the_callers_line_and_is_passed_on():
    with pytest.warns(DeprecationWarning, match=r"_f\(unit=…\) is now _f\(form=…\)") as rec:
        assert _f(1, unit="token") == (1, "token", "group", "default")
    assert rec[0].filename == __file__


def test_an_old_option_value_warns_and_is_translated():
    with pytest.warns(DeprecationWarning, match=r"_f\(by='doc'\) is now _f\(by='doc_id'\)"):
        assert _f(1, by="doc")[2] == "doc_id"
    with pytest.warns(DeprecationWarning, match="; note"):
        assert _f(1, stop_words=None)[3] == "default"
    _silent(lambda: _f(1, by=["doc", "x"], stop_words=["a"], form="token"))  # unhashable values pass


def test_old_and_new_option_together_is_an_error():
    with pytest.raises(TypeError, match="both unit="):
        _f(1, unit="token", form="norm")


def test_current_column_maps_an_option_naming_an_old_column():
    t = _table()
    with pytest.warns(DeprecationWarning, match="value='rate' names the column now called 'per_1000'"):
        assert current_column(t, "rate", "value") == "per_1000"
    assert _silent(lambda: current_column(t, "n", "value")) == "n"


def test_the_readme_vocabulary_table_names_every_old_name():
    """The README's one table lists every renamed column and option with its new name."""
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Vocabulary", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    table = "\n".join(rows)
    for old, new in OLD_COLUMNS.items():
        assert f"`{old}`" in table, old
        assert any(f"`{n}`" in table for n in new), new
    for name in ("`form=`", "`column=`", "`context=`", "`unit=`", '`by="doc_id"`', '`"doc"`', "`stop_words=`",
                 '`"english"`', '`"default"`', '`per_1000`', '`per_mention`', '`n`', '`sort="n"`', '`"O"`'):
        assert name in table, name
