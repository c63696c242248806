"""The markdown prose of the notebooks, for the tests that check its numbers.

The notebooks' narrative quotes numbers computed on the seed corpus (counts, G², cosines,
means). ``tests/test_prose_*.py`` recompute each one with the package and assert that the
sentence quoting it is in the notebook, so a change that moves a number fails a test
instead of leaving the prose stale.
"""

from __future__ import annotations

import ast
import json
import re
from functools import lru_cache
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"

#: The source groups, as docs/SOURCES.md names them.
MONITOR, OPED, MEDUZA = "Monitor 1998–99", "op-ed", "Meduza 2020"

#: Numbers the prose writes as words.
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
                9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def num(x: float, digits: int = 2, *, plus: bool = False) -> str:
    """``x`` as the prose writes it: ``digits`` decimals, "−" (a real minus) for minus, "+" if
    ``plus`` (``num(-20.21, 1)`` → ``"−20.2"``)."""
    s = f"{x:+.{digits}f}" if plus else f"{x:.{digits}f}"
    return s.replace("-", "−")


def span(years) -> str:
    """A period as the prose writes it: ``[1998, 1999]`` → ``1998–99``; one year as itself."""
    lo, hi = min(years), max(years)
    return f"{lo}–{str(hi)[2:]}" if hi != lo else str(lo)


@lru_cache(maxsize=None)
def cells(prefix: str) -> tuple[dict, ...]:
    """The cells of the notebook whose name starts with ``prefix`` (``"05"``)."""
    (path,) = NOTEBOOKS.glob(f"{prefix}*.ipynb")
    return tuple(json.loads(path.read_text(encoding="utf-8"))["cells"])


@lru_cache(maxsize=None)
def code_cells(prefix: str) -> tuple[str, ...]:
    """The source of every code cell of notebook ``prefix``."""
    return tuple("".join(c["source"]) for c in cells(prefix) if c["cell_type"] == "code")


@lru_cache(maxsize=None)
def params(prefix: str) -> dict:
    """The literal assignments of notebook ``prefix``'s parameters cell (its first code cell)."""
    src = code_cells(prefix)[0]
    assert src.startswith("# Parameters"), f"notebook {prefix}: the first code cell is not the parameters cell"
    return {t.id: ast.literal_eval(n.value) for n in ast.parse(src).body if isinstance(n, ast.Assign)
            for t in n.targets}


@lru_cache(maxsize=None)
def prose(prefix: str) -> str:
    """All markdown cells of the notebook whose name starts with ``prefix`` (``"05"``), joined
    by blank lines, with runs of whitespace made single spaces (so a claim can be matched
    across the line breaks of the markdown source)."""
    text = "\n\n".join("".join(c["source"]) for c in cells(prefix) if c["cell_type"] == "markdown")
    return re.sub(r"\s+", " ", text)


def says(prefix: str, claim: str) -> bool:
    """Does notebook ``prefix`` contain ``claim`` (whitespace runs compared as one space)?"""
    return re.sub(r"\s+", " ", claim) in prose(prefix)


def assert_says(prefix: str, claim: str) -> None:
    """Assert that the notebook's prose contains ``claim``, showing the nearest passage if not."""
    if says(prefix, claim):
        return
    text = prose(prefix)
    words = [w for w in re.findall(r"\w+", claim) if not w.isdigit()][:3]
    at = max((text.find(w) for w in words), default=-1)
    near = text[max(at - 150, 0): at + 250] if at >= 0 else text[:300]
    raise AssertionError(f"notebook {prefix}: the prose does not say {claim!r}; nearest passage: …{near}…")


def effective05(corpus) -> dict:
    """Notebook 05's parameters with each None resolved as its cells resolve it (``analysis.defaults``):
    the actors, the two periods, the groups quoting at length (``MEDUZA``: the one such group of
    the seeds). The drilled sentiment cell needs the evaluation table: see ``largest_cell``."""
    from analysis import lexicon_hits, other_actors, primary_actors, voice_groups, year_periods

    p = dict(params("05"))
    hits = lexicon_hits(corpus, p["ACTORS"])
    p["PRIMARY_ACTORS"] = p["PRIMARY_ACTORS"] or primary_actors(p["ACTORS"], hits)
    if p["OTHER_ACTORS"] is None:
        p["OTHER_ACTORS"] = other_actors(p["ACTORS"], hits, primary=p["PRIMARY_ACTORS"])
    if not (p["EARLY_YEARS"] and p["LATE_YEARS"]):
        p["EARLY_YEARS"], p["LATE_YEARS"] = year_periods(corpus)
    if p["VOICE_GROUPS"] is None:
        p["VOICE_GROUPS"] = voice_groups(corpus, min_quoted_tokens=p["MIN_QUOTED_TOKENS"])
    (p["MEDUZA"],) = p["VOICE_GROUPS"]
    return p
