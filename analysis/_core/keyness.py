"""Keyness statistics shared by the in-memory and the partitioned keyness: the measures'
formula variants, every signed statistic with the p-values of the chosen measure, the
evidence flags and the ``variant`` column (one definition, so the two paths give the same table)."""

from __future__ import annotations

from ..statistics import chi2, direction, g2, g2_2term, log_ratio, logodds_z, p_values, pct_diff

__all__ = ["MEASURE_VARIANTS", "SIGNED", "keyness_statistics", "keyness_flags", "keyness_variant"]

#: Human-readable name of each measure with its formula variant (the ``measure`` column).
MEASURE_VARIANTS: dict[str, str] = {
    "g2": "g2: log-likelihood G² 4-term (Dunning 1993), signed; p = χ²(1) survival",
    "g2_2term": "g2_2term: log-likelihood G² 2-term (Rayson & Garside 2000), signed; p = χ²(1) survival",
    "chi2": "chi2: Pearson χ² 2×2 without continuity correction, signed; p = χ²(1) survival",
    "chi2_yates": "chi2_yates: Pearson χ² 2×2 with Yates' correction (scipy's min(0.5, |O−E|)), signed; p = χ²(1) survival",
    "log_ratio": "log_ratio: Log Ratio log2 of relative frequencies (Hardie 2014), zero frequency → 0.5; p from g2 (4-term)",
    "pct_diff": "pct_diff: %DIFF (Gabrielatos & Marchi 2012), zero frequency → 0.5; p from g2 (4-term)",
    "logodds_z": "logodds_z: weighted log-odds z, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); p = two-sided normal",
}

#: The measures signed by the direction of the difference (their p-value is their own).
SIGNED = {"g2", "g2_2term", "chi2", "chi2_yates"}


def keyness_statistics(a, b, c, d, *, measure: str, zero: float, background, background_size, prior_strength: float):
    """The direction, every signed statistic and the p-values of ``measure``."""
    sign = direction(a, b, c, d)
    stats = {
        "g2": sign * g2(a, b, c, d),
        "g2_2term": sign * g2_2term(a, b, c, d),
        "chi2": sign * chi2(a, b, c, d),
        "chi2_yates": sign * chi2(a, b, c, d, yates=True),
        "log_ratio": log_ratio(a, b, c, d, zero=zero),
        "pct_diff": pct_diff(a, b, c, d, zero=zero),
        "logodds_z": logodds_z(a, b, c, d, background=background, background_size=background_size,
                               prior_strength=prior_strength),
    }
    if measure == "logodds_z":
        p = p_values(stats["logodds_z"], dist="normal")
    elif measure in SIGNED:
        p = p_values(stats[measure])
    else:
        p = p_values(stats["g2"])
    return sign, stats, p


def keyness_flags(a, b, sign, top_doc, top_para, doc_size, para_size, *, flag_share: float, min_evidence: int) -> list[str]:
    """The ``flag`` column: concentration in one paragraph or document, thin evidence."""
    flags = []
    pct = f"{flag_share:.0%}"
    for td, tp, ds, ps, n, nr, sg in zip(top_doc, top_para, doc_size, para_size, a, b, sign):
        f = []
        if n > 0 and tp >= flag_share and tp > ps:
            f.append(f"one paragraph supplies ≥ {pct} of target hits")
        elif n > 0 and td >= flag_share and td > ds:
            f.append(f"one document supplies ≥ {pct} of target hits")
        # thin evidence is judged on the side the term is key for
        if sg < 0 and nr < min_evidence:
            f.append(f"thin evidence: n_reference < {min_evidence}")
        elif sg >= 0 and n < min_evidence:
            f.append(f"thin evidence: n_target < {min_evidence}")
        flags.append("; ".join(f))
    return flags


def keyness_variant(measure: str, prior: str, prior_strength: float, zero: float) -> str:
    """The ``variant`` column: the measure's formula variant and the options that change it."""
    return (MEASURE_VARIANTS[measure]
            + (f"; prior {prior} × {prior_strength:g}" if measure == "logodds_z" else "")
            + (f"; zero → {zero:g}" if measure in ("log_ratio", "pct_diff") and zero != 0.5 else ""))
