"""The one interval table: per unit, a ratio with a block-bootstrap interval and a thin flag.

Frame rates (hits per 1,000 tokens), actor × frame rates (pairs per actor mention) and the
mean evaluation of the sentences naming an actor are all ratios of sums over the blocks
(sentences or paragraphs) of a unit. :func:`interval_table` computes them the same way:

* the ratio ``scale · Σ numerator / Σ denominator`` per unit and column (frame, category);
* its percentile interval under block resampling (:func:`analysis.uncertainty.bootstrap_ratio`),
  seeded per unit from ``seed`` and the unit's labels (:func:`analysis.uncertainty.rng_for`),
  so a unit's interval does not depend on the other units;
* for a count of zero, the bootstrap interval is degenerate ([0, 0]): the interval is
  [0, 3 · scale / denominator] instead (:func:`rule_of_three`);
* a thin-evidence flag (:func:`thin_flag`): too few counts, or one paragraph supplying most
  of them.
"""

from __future__ import annotations

from typing import Literal, Mapping, Sequence

import numpy as np
import pandas as pd

from ..uncertainty import bootstrap_ratio, rng_for

__all__ = ["interval_table", "rule_of_three", "thin_flag", "INTERVAL_COLUMNS"]

#: Columns of :func:`interval_table` after the unit columns.
INTERVAL_COLUMNS = ("column", "n", "of", "ratio", "ci_low", "ci_high", "n_blocks", "top_share", "thin")


def rule_of_three(counts, lo, hi, denominator, scale):
    """Zero-count cells: the bootstrap interval is degenerate ([0, 0]); use [0, 3/n] instead,
    the 95 % upper bound for a zero count (Hanley & Lippman-Hand 1983, "rule of three").

    Examples
    --------
    >>> lo, hi = rule_of_three([0, 2], np.array([0.0, 0.1]), np.array([0.0, 0.3]), 10, 1.0)
    >>> lo.tolist(), hi.tolist()
    ([0.0, 0.1], [0.3, 0.3])
    """
    zero = (np.asarray(counts) == 0) & (denominator > 0) & ~np.isnan(lo)
    lo, hi = lo.copy(), hi.copy()
    lo[zero] = 0.0
    hi[zero] = scale * 3.0 / denominator
    return lo, hi


def thin_flag(n: int, *, min_n: int, noun: str, top_share: float | None = None, max_share: float = 0.5) -> str:
    """Why the evidence of a cell is thin (``""`` if it is not).

    Parameters
    ----------
    n : int
        The cell's count.
    min_n : int
        Fewer than this → ``"fewer than {min_n} {noun}"``.
    noun : str
        What is counted (``"hits"``, ``"sentences"``).
    top_share : float, optional
        Share of the count supplied by the busiest paragraph; above ``max_share`` →
        ``"one paragraph supplies most hits"``.

    Examples
    --------
    >>> thin_flag(3, min_n=5, noun="hits", top_share=1.0)
    'fewer than 5 hits; one paragraph supplies most hits'
    >>> thin_flag(7, min_n=5, noun="sentences")
    ''
    """
    why = []
    if n < min_n:
        why.append(f"fewer than {min_n} {noun}")
    if top_share is not None and n and top_share > max_share:
        why.append("one paragraph supplies most hits")
    return "; ".join(why)


def interval_table(
    den: pd.Series,
    num: np.ndarray,
    *,
    unit_names: Sequence[str],
    columns: Sequence,
    n_boot: int,
    ci: float,
    seed: int,
    scale: float = 1.0,
    zero_bound: bool = True,
    top_share: Mapping | None = None,
    thin_min: int,
    thin_noun: str,
    thin_max_share: float = 0.5,
    thin_count: Literal["n", "of"] = "n",
) -> pd.DataFrame:
    """Per unit and column: the ratio, its block-bootstrap interval and the thin flag.

    Parameters
    ----------
    den : Series
        One row per block, indexed by the unit levels then the block levels (e.g.
        ``group, voice, doc_id, sent_id``): the block's denominator (tokens, mentions,
        sentences).
    num : array of shape (len(den), len(columns))
        The blocks' numerators, one column per ``columns`` entry, aligned with ``den``.
    unit_names : sequence of str
        Names of the unit levels (the first ``len(unit_names)`` levels of ``den``).
    columns : sequence
        Labels of the numerator columns (frames, categories).
    n_boot, ci, seed
        Bootstrap replicates (0: NaN intervals), coverage and seed.
    scale : float, default 1.0
        E.g. 1000 for rates per 1,000 tokens.
    zero_bound : bool, default True
        A zero count gets [0, 3 · scale / denominator] (:func:`rule_of_three`).
    top_share : mapping, optional
        ``unit + (column,)`` → share of the count from the busiest paragraph (0 if absent).
    thin_min, thin_noun, thin_max_share
        Passed to :func:`thin_flag`.
    thin_count : {"n", "of"}
        Which total the thin flag counts: the numerator (hits, pairs) or the denominator
        (sentences).

    Returns
    -------
    DataFrame
        One row per unit × column, units in ``den``'s sorted order: the unit columns,
        ``column``, ``n`` (float: Σ numerator), ``of`` (int: Σ denominator), ``ratio``
        (``scale · n / of``, NaN when ``of`` is 0), ``ci_low``, ``ci_high``,
        ``n_blocks`` (int), ``top_share`` (float, 0 for an empty cell), ``thin`` (str).
        Empty (no columns) when there is no unit or no column.
    """
    n_units = len(unit_names)
    d_all = den.to_numpy()
    m_all = np.asarray(num, dtype=float).reshape(len(d_all), len(columns))
    out: dict[str, list] = {name: [] for name in list(unit_names) + list(INTERVAL_COLUMNS)}
    groups = den.groupby(level=list(range(n_units)), sort=True).indices if len(den) else {}
    for unit, pos in groups.items():
        unit = unit if isinstance(unit, tuple) else (unit,)
        m, d = m_all[pos], d_all[pos]
        lo, hi = bootstrap_ratio(m, d, n_boot=n_boot, ci=ci, rng=rng_for(seed, *unit), scale=scale)
        of = int(d.sum())
        if zero_bound:
            lo, hi = rule_of_three(m.sum(axis=0), lo, hi, of, scale)
        for k, col in enumerate(columns):
            n = m[:, k].sum()
            share = float(top_share.get(unit + (col,), 0.0)) if top_share is not None and n else 0.0
            for name, value in zip(unit_names, unit):
                out[name].append(value)
            out["column"].append(col)
            out["n"].append(n)
            out["of"].append(of)
            out["ratio"].append(scale * n / of if of else np.nan)
            out["ci_low"].append(lo[k])
            out["ci_high"].append(hi[k])
            out["n_blocks"].append(len(pos))
            out["top_share"].append(share)
            count = int(n) if thin_count == "n" else of
            out["thin"].append(thin_flag(count, min_n=thin_min, noun=thin_noun,
                                         top_share=share if top_share is not None else None,
                                         max_share=thin_max_share))
    if not out["column"]:
        return pd.DataFrame([])
    return pd.DataFrame(out)
