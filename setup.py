"""The compiled part of the package: ``analysis._scan``, the tokenizer in C (and the merge of
the vocabularies of a load in several processes).

Everything else is in ``pyproject.toml``. The extension is optional: where no C compiler
is found the package installs without it and ``analysis.tokens`` uses the same tokenizer
written with Python's ``re`` (same tokens, several times slower), and merges vocabularies
with Python's sort and NumPy (same tables).
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("analysis._scan", ["analysis/_scan.c"], optional=True)])
