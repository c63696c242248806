"""Provenance: what produced a table or figure, recorded as it happens.

Loading a corpus or a lexicon records its sha256 here (``record``); ``save_figure``
embeds what was recorded in this process into the figure's metadata, and the run record
(``build/run.json``, written by ``tools/run_notebooks.py``) collects it per notebook.
Hashes are deterministic, so they never break byte-identical figures.
"""

from __future__ import annotations

import platform
import sys
from importlib import metadata

__all__ = ["record", "recorded", "clear", "package_versions", "FORMULAS", "methods_paragraph"]

_RECORD: dict[str, dict[str, str]] = {}

#: The formula variants the package uses, for run records and methods sections.
FORMULAS = {
    "tokenizer": "regex word tokens; clitic 's split; NFC + casefold + diacritic folding for norm",
    "frame_rate": "hits per 1,000 tokens of the unit's voice; hit belongs to its first token's unit",
    "actor_frame": "pairs of actor mention and frame hit in the same sentence (or within ±N tokens) and voice; "
                   "rate = pairs per actor mention",
    "intervals": "95 % percentile intervals, sentence-block bootstrap, fixed seed per unit (crc32 of its label); "
                 "zero counts: [0, 3/n] (rule of three)",
    "thin": "fewer than 5 hits, or one paragraph supplies more than half of them",
    "g2": "4-term log-likelihood G² (Dunning 1993), signed by direction; 2-term form (Rayson & Garside 2000) alongside",
    "chi2": "Pearson χ² on the 2×2 table, with and without Yates' correction",
    "log_ratio": "log2 of the ratio of relative frequencies (Hardie 2014); zero frequency replaced by 0.5",
    "pct_diff": "%DIFF (Gabrielatos & Marchi 2012); zero reference frequency replaced by 0.5",
    "logodds_z": "weighted log-odds z with informative Dirichlet prior (Monroe, Colaresi & Quinn 2008); "
                 "prior = pooled counts × prior_strength",
    "q": "Benjamini–Hochberg q across the terms of one comparison",
    "collocates": "E = f_node·f_coll·(L+R)/N (span correction); MI = log2 O/E; T = (O−E)/√O; "
                  "G² 4-term; logDice = 14 + log2(2O/(f_node+f_coll)) (Rychlý 2008)",
    "sentiment": "VADER compound (vaderSentiment package lexicon) per sentence mentioning the actor, per voice",
    "precision_recall": "Wilson 95 % intervals on coded samples",
}


def record(kind: str, name: str, sha256: str) -> None:
    """Note that ``kind`` (``corpus`` / ``lexicon``) ``name`` with hash ``sha256`` was used."""
    _RECORD.setdefault(kind, {})[str(name)] = sha256


def recorded() -> dict[str, dict[str, str]]:
    """A copy of what was recorded in this process, sorted."""
    return {k: dict(sorted(v.items())) for k, v in sorted(_RECORD.items())}


def clear() -> None:
    _RECORD.clear()


def package_versions(names=("analysis", "pandas", "numpy", "scikit-learn", "scipy", "matplotlib", "nltk",
                             "vaderSentiment", "pyyaml", "pyarrow", "jupyterlab", "nbclient")) -> dict[str, str]:
    """Installed versions of the packages that shape the results, plus Python's."""
    out = {"python": sys.version.split()[0], "platform": platform.system() + "-" + platform.machine()}
    for n in names:
        try:
            out[n] = metadata.version(n)
        except metadata.PackageNotFoundError:
            out[n] = "not installed"
    return out


def methods_paragraph(corpus, lexicons=(), *, n_boot: int | None = None, parser: str | None = None) -> str:
    """A methods paragraph generated from the corpus, lexicons and versions actually used.

    ``parser``: the spaCy pipeline the roles and attribution were read with (its name and
    version and spaCy's go into the paragraph); None when no role was computed.
    """
    d = corpus.documents
    rules = sorted(set(corpus.residue.rule))
    lex = "; ".join(f"{x.name} v{x.version} ({len(x.categories)} categories, sha256 {x.sha256[:12]}…)" for x in lexicons)
    v = package_versions()
    counts = {g: int((d.group == g).sum()) for g in d.group.cat.categories}
    groups = ", ".join(f"{g} ({n} text{'s' if n != 1 else ''})" for g, n in counts.items())
    return (
        f"The corpus ({corpus.meta.get('sha256', '')[:12]}…) holds {len(d)} documents in {d.group.nunique()} groups "
        f"({groups}), {int(d.n_tokens.sum()):,} word tokens in {len(corpus.sentences):,} sentences. "
        f"Page residue was removed by declared rules ({', '.join(rules) or 'none'}); every removed span is listed. "
        f"Tokens are words ({FORMULAS['tokenizer']}). Sentences were split by rules (terminal punctuation before a "
        f"capital, with abbreviations and initials protected). Voices: transcript labels, source lines and quotations "
        f"of at least {corpus.meta.get('min_quote_tokens', 4)} tokens are quoted voice, with speakers from labels or "
        f"speech verbs and hand-kept overrides. Dictionaries: {lex or 'none'}. Frame rates are {FORMULAS['frame_rate']}; "
        f"actor-anchored frames count {FORMULAS['actor_frame']}. Uncertainty: {FORMULAS['intervals']}"
        f"{f' ({n_boot} replicates)' if n_boot else ''}; thin evidence = {FORMULAS['thin']}. Keyness: {FORMULAS['g2']}; "
        f"{FORMULAS['log_ratio']}; {FORMULAS['logodds_z']}; {FORMULAS['q']}. Collocates: {FORMULAS['collocates']}. "
        f"{_roles_sentence(parser)}"
        f"Software: Python {v['python']}, analysis {v['analysis']}, pandas {v['pandas']}, scikit-learn {v['scikit-learn']}, "
        f"NLTK {v['nltk']}, vaderSentiment {v['vaderSentiment']}, matplotlib {v['matplotlib']}."
    )


def _roles_sentence(parser: str | None) -> str:
    if not parser:
        return ""
    from importlib.metadata import PackageNotFoundError, version

    def _version(dist: str) -> str:
        try:
            return version(dist)
        except PackageNotFoundError:
            return "(version unknown)"

    return (f"Roles and attribution: the sentences naming an actor, and the reporting sentences among them with the "
            f"sentence before each, were parsed with spaCy {_version('spacy')} and the pipeline {parser} "
            f"{_version(parser.replace('_', '-'))}; each actor mention "
            f"is agent, target or other of its predicate by rules over the dependency parse (active and passive "
            f"subjects and objects, by-phrases, owners and objects of action nouns, organs and proxies, coordination, "
            f"verbs of undergoing), and a frame cue counts for a mention only inside its predicate's phrase; a sentence "
            f"is reported when a reporting verb or noun governs it, and a cue inside what is reported carries its "
            f"source; shares count each sentence once per actor, role, frame and attribution. ")
