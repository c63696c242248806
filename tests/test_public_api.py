"""The public API from the package root: complete, and the same in any import order.

Every public function and class of every module is importable from ``analysis``; no public
function shares its module's name, so importing a module never hides a root function
(``import analysis as an; an.kwic(c, "NATO"); an.match(c, "NATO")`` used to fail with
"'module' object is not callable"); the old module paths still import, warn and work.
Import order matters only in a fresh interpreter, so each order runs in a subprocess.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import subprocess
import sys
import textwrap
import warnings

import pytest

import analysis

#: Old module paths (kept one release) → their new module.
OLD_PATHS = {"match": "matcher", "kwic": "concordance", "keyness": "keywords", "collocates": "collocation",
             "tfidf": "vectors"}
#: Modules that only re-export another module's names.
SHIMS = set(OLD_PATHS) | {"frames"}


def _is_public_object(obj) -> bool:
    return inspect.isclass(obj) or inspect.isfunction(inspect.unwrap(obj))


def public_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(analysis.__path__)
                  if not m.name.startswith("_") and m.name not in SHIMS)


def public_names() -> dict[str, str]:
    """Public name → defining module: every function or class a module lists in ``__all__``
    or defines without a leading underscore."""
    names: dict[str, str] = {}
    for m in public_modules():
        mod = importlib.import_module(f"analysis.{m}")
        listed = [n for n in getattr(mod, "__all__", []) if _is_public_object(getattr(mod, n))]
        defined = [n for n, o in vars(mod).items() if not n.startswith("_") and _is_public_object(o)
                   and getattr(o, "__module__", None) == mod.__name__]
        for n in listed + defined:
            assert names.get(n, m) == m, f"{n} is public in both analysis.{names[n]} and analysis.{m}"
            names[n] = m
    return names


def test_all_equals_the_public_names():
    assert sorted(analysis.__all__) == sorted(public_names())
    assert len(analysis.__all__) == len(set(analysis.__all__))


def test_no_public_function_shares_its_modules_name():
    names = public_names()
    assert [n for n, m in names.items() if n == m] == []
    assert sorted(set(names) & set(public_modules())) == []


def test_every_root_name_is_the_modules_object():
    """… or, for a name that an imported old module path has bound (this process may have
    imported them: the docstring tests do), that path's callable shim."""
    for name, module in public_names().items():
        obj, want = getattr(analysis, name), getattr(importlib.import_module(f"analysis.{module}"), name)
        assert obj is want or name in OLD_PATHS and obj is sys.modules[f"analysis.{name}"] and callable(obj), name
    assert set(dir(analysis)) >= set(analysis.__all__)


# --------------------------------------------------------------------------- import orders


_CHECK = """
import importlib, warnings
warnings.simplefilter("ignore", DeprecationWarning)
{before}
import analysis as an
from analysis import *  # noqa: F403
names = {names!r}
for name, module in names.items():
    obj = getattr(an, name)
    want = getattr(importlib.import_module("analysis." + module), name)
    # a name shadowed by an old module path is that path's callable shim, which calls the function
    assert obj is want or (getattr(obj, "__name__", "") == "analysis." + name and callable(obj)), (name, obj)
    assert globals()[name] is obj or callable(globals()[name]), name
c = an.load_corpus()
k = an.kwic(c, "NATO")
h = an.match(c, "NATO")
assert len(k) == len(h) > 0, (len(k), len(h))
assert len(an.keyness(c, target="op-ed")) and len(an.collocates(c, "NATO")) and len(an.tfidf(c))
from analysis import match, kwic
assert len(match(c, "NATO")) == len(kwic(c, "NATO")) == len(h)
print("ok")
"""

_ORDERS = {
    "root only": "",
    "each old module path first": "\n".join(f"import analysis.{old}" for old in OLD_PATHS),
    "old paths by from-import": "\n".join(f"from analysis import {old} as _{old}" for old in OLD_PATHS)
                                + "\n" + "\n".join(f"import analysis.{old}" for old in OLD_PATHS),
    "every public module first": "\n".join(f"import analysis.{m}" for m in public_modules()),
    "after calling kwic": "import analysis as an0\nan0.kwic(an0.load_corpus(), 'NATO')",
    "reversed, with the old paths last": "\n".join(f"import analysis.{m}" for m in reversed(public_modules()))
                                          + "\n" + "\n".join(f"import analysis.{old}" for old in reversed(OLD_PATHS)),
}


@pytest.mark.parametrize("order", list(_ORDERS))
def test_root_names_work_in_any_import_order(order):
    code = _CHECK.format(before=_ORDERS[order], names=public_names())
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.strip() == "ok"


def test_the_issue_example_in_this_process(seeds):
    import analysis as an

    an.kwic(seeds, "NATO")
    assert len(an.match(seeds, "NATO")) == len(an.kwic(seeds, "NATO")) > 0


# --------------------------------------------------------------------------- old paths


@pytest.mark.parametrize("old, new", OLD_PATHS.items())
def test_old_paths_warn_reexport_and_are_callable(old, new, seeds):
    code = f"""
import warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import analysis.{old} as old_module
assert [str(w.message) for w in caught if w.category is DeprecationWarning] == [
    "analysis.{old} is now analysis.{new}{' (statistics: analysis.statistics)' if old == 'keyness' else ''}; "
    "the old path will be removed in the next release"], [str(w.message) for w in caught]
import analysis, analysis.{new} as new_module
for name in new_module.__all__:
    assert getattr(old_module, name) is getattr(new_module, name), name
assert analysis.{old} is old_module and callable(analysis.{old})
print("ok")
"""
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    # the shim module calls its function (this process may hold it already: warnings off)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        shim = importlib.import_module(f"analysis.{old}")
    function = getattr(importlib.import_module(f"analysis.{new}"), old)
    args = {"match": ("NATO",), "kwic": ("NATO",), "keyness": (), "collocates": ("NATO",), "tfidf": ()}[old]
    kwargs = {"target": "op-ed"} if old == "keyness" else {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        assert shim(seeds, *args, **kwargs).equals(function(seeds, *args, **kwargs))


def test_keyness_path_reexports_the_statistics():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        shim = importlib.import_module("analysis.keyness")
    from analysis import statistics

    for name in statistics.__all__:
        assert getattr(shim, name) is getattr(statistics, name)
