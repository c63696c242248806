"""The package's one vocabulary, and the old names kept working for one release.

Every option and result column has one name across the package (the README's
"Vocabulary" table lists them). Options and columns renamed by that table keep their old
names for one release, each use warning once per call site with a ``DeprecationWarning``
that names the new one:

* an old **option** (``unit=`` for the token form, now ``form=``) or an old option
  **value** (``by="doc"``, now ``by="doc_id"``): :func:`renamed` decorates the function and
  translates the call before the function runs;
* an old **column** (``freq``, now ``n``): the functions whose columns were renamed return a
  :class:`Table`, a :class:`pandas.DataFrame` whose column lookups (``t["freq"]``,
  ``t.freq``, ``t[["term", "freq"]]``, ``t.loc[:, "freq"]``) and the column arguments of
  the common methods (``sort_values``, ``groupby``, ``pivot``, ``pivot_table``,
  ``set_index``, ``drop_duplicates``, ``nlargest``, ``nsmallest``, ``dropna``) map an old
  name to its new one (:data:`OLD_COLUMNS`). Its columns *are* the new names, so
  ``to_csv``, ``columns`` and ``itertuples`` see only those (``"freq" in t`` is true, as
  ``t["freq"]`` and ``t.groupby(…)["freq"]`` work; ``"freq" in t.columns`` is not). What
  is not translated (``t.groupby(…)[["freq"]]``, ``agg(total=("freq", "sum"))``,
  ``t.query("freq > 2")``, ``row.freq`` of ``itertuples``) fails loudly with the old name,
  never silently.

A warning is attributed to the code that used the old name (the first frame outside
``analysis._core`` and pandas), so a user sees it where they wrote it; when the package's
own code uses an old name, the warning points into the package, and the test suite turns
exactly those into errors (``filterwarnings`` in ``pyproject.toml``).
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import warnings
from typing import Callable, Mapping

import pandas as pd

__all__ = ["OLD_COLUMNS", "Table", "as_table", "AliasDict", "renamed", "current_column", "deprecated",
           "old_constants"]

#: Old column name → its new name: the first of these that the table has.
OLD_COLUMNS: dict[str, tuple[str, ...]] = {
    # counts of occurrences: ``n``, or ``n_<what>`` where a table has several
    "freq": ("n",),                                       # frequencies, ngrams
    "count": ("n",),                                      # tfidf
    "O": ("n",),                                          # collocates: observed co-occurrences
    "O_left": ("n_left",),
    "O_right": ("n_right",),
    "f_node": ("n_node",),
    "f_coll": ("n_collocate",),
    "N": ("n_tokens",),
    "size_target": ("n_tokens_target",),                  # keyness
    "size_reference": ("n_tokens_reference",),
    "count_high": ("n_high",),                            # top_contrasts
    "count_low": ("n_low",),
    # rates: per 1,000 tokens is ``per_1000``; pairs per actor mention is ``per_mention``
    "rate": ("per_1000", "per_mention"),                  # frame_rates, actor_frames
    "rate_target": ("per_1000_target",),                  # keyness
    "rate_reference": ("per_1000_reference",),
    "rate_author": ("per_1000_author",),                  # voice_statements
    "rate_quoted": ("per_1000_quoted",),
    "rate_before": ("per_mention_before",),               # change_statements
    "rate_after": ("per_mention_after",),
    "top_rate": ("top_per_mention",),                     # comparison_table
    # other
    "E": ("expected",),                                   # collocates
    "unit": ("doc_id", "group", "rate_unit"),             # tfidf's unit column; Explorer.counts
}

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_PACKAGE = os.path.dirname(_HERE.rstrip(os.sep)) + os.sep
_PANDAS = os.path.dirname(os.path.abspath(pd.__file__)) + os.sep


def deprecated(message: str, *, user_value: bool = False) -> None:
    """Warn ``message`` (``DeprecationWarning``) at the code that used the old name.

    The warning is attributed to the first frame outside ``analysis._core`` and pandas;
    with ``user_value=True`` (an old value found deep inside the package, which only the
    user can have passed) outside the whole package.
    """
    skip = (_PACKAGE if user_value else _HERE, _PANDAS)
    frame, level = sys._getframe(1), 2
    while frame is not None and os.path.abspath(frame.f_code.co_filename).startswith(skip):
        frame, level = frame.f_back, level + 1
    warnings.warn(message + "; the old name will be removed in the next release", DeprecationWarning,
                  stacklevel=level)


def _alias(columns: pd.Index, name) -> str | None:
    """The new name of the old column ``name`` in a table with ``columns`` (None: not an old name)."""
    if not isinstance(name, str) or name not in OLD_COLUMNS:
        return None
    try:
        if name in columns:
            return None
    except TypeError:  # pragma: no cover - an index that cannot hold strings
        return None
    return next((new for new in OLD_COLUMNS[name] if new in columns), None)


def _translate(columns: pd.Index, key):
    """``key`` with old column names replaced by the new ones (a name or a list of names)."""
    if isinstance(key, str):
        new = _alias(columns, key)
        if new is not None:
            deprecated(f"column {key!r} is now {new!r}")
            return new
        return key
    if isinstance(key, list) and any(isinstance(k, str) and k in OLD_COLUMNS for k in key):
        return [_translate(columns, k) for k in key]
    return key


class _AnyFrame(type):
    """``isinstance(df, Table)`` holds for every DataFrame, so that ``assert_frame_equal``
    (``check_frame_type``) compares a Table and a plain DataFrame equal both ways."""

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, pd.DataFrame)


class _Loc:
    """``Table.loc``: pandas' indexer, with old column names in the column key translated."""

    __slots__ = ("_columns", "_loc")

    def __init__(self, columns: pd.Index, loc):
        self._columns, self._loc = columns, loc

    def _key(self, key):
        if isinstance(key, tuple) and len(key) == 2:
            return key[0], _translate(self._columns, key[1])
        return key

    def __getitem__(self, key):
        return self._loc[self._key(key)]

    def __setitem__(self, key, value) -> None:
        self._loc[self._key(key)] = value

    def __call__(self, axis=None):
        return _Loc(self._columns, self._loc(axis))

    def __getattr__(self, name):
        return getattr(self._loc, name)


class Table(pd.DataFrame, metaclass=_AnyFrame):
    """A DataFrame whose column lookups accept the old names of renamed columns for one
    release (with a ``DeprecationWarning``); slices, copies and concatenations stay Tables.

    Examples
    --------
    >>> import warnings
    >>> t = Table({"term": ["nato"], "n": [3]})
    >>> with warnings.catch_warnings(record=True) as w:
    ...     warnings.simplefilter("always")
    ...     old = t["freq"]
    >>> old.name, str(w[0].message).split(";")[0]
    ('n', "column 'freq' is now 'n'")
    >>> list(t.head(1).columns), type(t[t.n > 0]).__name__
    (['term', 'n'], 'Table')
    """

    _metadata: list[str] = []

    @property
    def _constructor(self):
        return Table

    def __getitem__(self, key):
        return super().__getitem__(_translate(self.columns, key))

    def __contains__(self, key) -> bool:
        return super().__contains__(key) or _alias(self.columns, key) is not None

    def __getattr__(self, name: str):
        if not name.startswith("_"):
            try:
                new = _alias(self.columns, name)
            except AttributeError:  # pragma: no cover - not yet constructed
                new = None
            if new is not None:
                deprecated(f"column {name!r} is now {new!r}")
                return super().__getitem__(new)
        return super().__getattr__(name)

    @property
    def loc(self):
        return _Loc(self.columns, super().loc)


#: DataFrame methods whose arguments name columns → those arguments (old names are translated).
_LABEL_ARGUMENTS = {
    "sort_values": ("by",), "groupby": ("by",), "pivot": ("columns", "index", "values"),
    "pivot_table": ("values", "index", "columns"), "set_index": ("keys",), "drop_duplicates": ("subset",),
    "nlargest": ("columns",), "nsmallest": ("columns",), "dropna": ("subset",),
}


def _label_method(name: str, labels: tuple[str, ...]):
    """``DataFrame.<name>`` with the old column names in its ``labels`` arguments translated."""
    base = getattr(pd.DataFrame, name)
    order = list(inspect.signature(base).parameters)[1:]

    @functools.wraps(base)
    def method(self, *args, **kwargs):
        args = [_translate(self.columns, a) if k < len(order) and order[k] in labels else a for k, a in enumerate(args)]
        kwargs = {k: _translate(self.columns, v) if k in labels else v for k, v in kwargs.items()}
        return base(self, *args, **kwargs)

    return method


for _name, _labels in _LABEL_ARGUMENTS.items():
    setattr(Table, _name, _label_method(_name, _labels))


class AliasDict(dict):
    """A dict of columns (``association``'s scores) whose old keys (``"E"``) read the new ones,
    with a warning, for one release."""

    def __missing__(self, key):
        new = _alias(pd.Index(list(self)), key)
        if new is None:
            raise KeyError(key)
        deprecated(f"key {key!r} is now {new!r}")
        return self[new]


def as_table(df: pd.DataFrame) -> Table:
    """``df`` as a :class:`Table` (no copy of the data; ``attrs`` kept)."""
    t = Table(df)
    if df.attrs:
        t.attrs = dict(df.attrs)
    return t


def current_column(table: pd.DataFrame, name: str, option: str) -> str:
    """The column an option names (``value="rate"``): an old name is mapped to the new one
    that ``table`` has, with a warning at the user's call."""
    new = _alias(table.columns, name)
    if new is None:
        return name
    deprecated(f"{option}={name!r} names the column now called {new!r}: use {option}={new!r}", user_value=True)
    return new


def renamed(*, options: Mapping[str, str] | None = None,
            values: Mapping[str, Mapping] | None = None) -> Callable:
    """Decorate a function so that its old option names and values keep working, with a warning.

    ``options``: old keyword → new keyword (``{"unit": "form"}``). ``values``: keyword →
    {old value: new value, or (new value, note)} (``{"by": {"doc": "doc_id"}}``); the note
    is added to the message.
    """
    options, values = dict(options or {}), {k: dict(v) for k, v in (values or {}).items()}

    def decorate(func):
        name = func.__qualname__

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in options.items():
                if old in kwargs:
                    if new in kwargs:
                        raise TypeError(f"{name}() got both {old}= (the old name) and {new}=")
                    deprecated(f"{name}({old}=…) is now {name}({new}=…)")
                    kwargs[new] = kwargs.pop(old)
            for key, table in values.items():
                if key in kwargs:
                    try:
                        hit = kwargs[key] in table
                    except TypeError:  # an unhashable value (a list, a mask) is never an old value
                        hit = False
                    if hit:
                        new, note = table[kwargs[key]] if isinstance(table[kwargs[key]], tuple) else (table[kwargs[key]], "")
                        deprecated(f"{name}({key}={kwargs[key]!r}) is now {name}({key}={new!r}){note}")
                        kwargs[key] = new
            return func(*args, **kwargs)

        return wrapper

    return decorate


def old_constants(namespace: dict, names: Mapping[str, str]) -> Callable:
    """A module ``__getattr__`` that serves renamed module constants under their old names
    (``analysis.wordlists.COLUMNS``, now ``FORMS``), with a warning."""
    module = namespace["__name__"]

    def __getattr__(name: str):
        if name in names:
            deprecated(f"{module}.{name} is now {module}.{names[name]}")
            return namespace[names[name]]
        raise AttributeError(f"module {module!r} has no attribute {name!r}")

    return __getattr__
