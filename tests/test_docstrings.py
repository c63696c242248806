"""Every example in the package's docstrings runs and prints what it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import analysis

MODULES = sorted(m.name for m in pkgutil.walk_packages(analysis.__path__, "analysis."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} docstring examples failed"


def test_the_examples_are_found():
    """The collection above is not vacuous: analysis.tokens alone has 15 examples (fold 1, normalize 2,
    has_invisible 1, tokenize 1, encode 2, vocabulary 3, merge_sorted 2, remap_codes 3; hand-counted)."""
    import analysis.tokens

    finder = doctest.DocTestFinder()
    n = sum(len(t.examples) for t in finder.find(analysis.tokens))
    assert n == 15
