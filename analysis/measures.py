"""What a reader sees at once, measured: personalisation, modality, reporting verbs.

* :func:`personalisation` — of an actor's mentions, the share that name a person (a leader
  or official, from the ``people`` lexicon) rather than the state, its capital, people or
  organs: "Russia becomes Putin".
* :func:`modality` — hedges ("reportedly", "appears"), boosters ("clearly") and deontic
  forms ("must", "should") per 1,000 words, per document and attribution: who hedges, who
  asserts and prescribes (the ``modality`` lexicon).
* :func:`reporting_verbs` — the verbs each source uses to report each actor's claims
  ("Putin claims" vs "Putin said"), from :func:`analysis.attribution.sentence_attribution`.

Every row keeps its counts; every count is a group-by over a hits or attribution table, so
its lines are a filter away (``drill`` / ``kwic`` on the same hits).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core.units import codes_of
from .uncertainty import bootstrap_ratio, rng_for
from .validation import wilson

__all__ = ["personalisation", "modality", "reporting_verbs"]

SEED = 20261204


def _by_column(corpus, table: pd.DataFrame, by: str) -> pd.Series:
    if by in table.columns:
        return table[by].astype(str)
    docs = corpus.documents.assign(doc_id=corpus.documents.doc_id.astype(str)).set_index("doc_id")
    if by not in docs.columns:
        raise ValueError(f"by={by!r} is not a column of the table or of the documents; valid: doc_id, {', '.join(docs.columns)}")
    return docs[by].reindex(table.doc_id.astype(str)).astype(str).reset_index(drop=True).set_axis(table.index)


def _doc_order(corpus, values, by: str) -> list:
    present = set(pd.unique(np.asarray(values, dtype=object)))  # once, not once per document
    if by == "doc_id":
        return [d for d in corpus.documents.doc_id.astype(str) if d in present]
    col = corpus.documents[by].astype(str)
    return list(dict.fromkeys(v for v in col if v in present))


def _token_rows(t: pd.DataFrame, dcode: np.ndarray, dnames: np.ndarray, hits: pd.DataFrame) -> np.ndarray:
    """The row of the token table holding each hit's first token (its doc_id and i)."""
    hd = pd.Index(dnames).get_indexer(hits.doc_id.astype(str))
    key = dcode * (1 << 32) + t.i.to_numpy(dtype=np.int64)
    pos = pd.Index(key).get_indexer(hd.astype(np.int64) * (1 << 32) + hits.i.to_numpy(dtype=np.int64))
    if (hd < 0).any() or (pos < 0).any():
        k = int(np.flatnonzero((hd < 0) | (pos < 0))[0])
        raise ValueError(f"hit {k} (doc_id {hits.doc_id.iloc[k]!r}, i {hits.i.iloc[k]}) is not a token of the corpus: "
                         "hits of another corpus, or of an edited one?")
    return pos


def personalisation(corpus, actor_hits: pd.DataFrame | None = None, people_hits: pd.DataFrame | None = None, *,
                    by: str = "doc_id", actors=None) -> pd.DataFrame:
    """Of each actor's mentions, the share naming a person (leader or official).

    A mention is personal when a hit of the ``people`` lexicon of the same category overlaps
    it (the mention "Putin" of Russia; not "Russia", "Moscow", "Russian troops").

    Returns
    -------
    DataFrame
        ``by``, actor, n_mentions (int), n_person (int), share (n_person / n_mentions),
        share_low, share_high (Wilson 95 %; it treats mentions as independent, so it is too
        narrow where one person is named again and again in a paragraph), top_person (the
        person named most often, as written), n_top (int). Units in date order, then actors.
    """
    from .framing import lexicon_hits

    a = lexicon_hits(corpus, "actors") if actor_hits is None else actor_hits
    p = lexicon_hits(corpus, "people") if people_hits is None else people_hits
    a = a.assign(doc_id=a.doc_id.astype(str), actor=a.category.astype(str))
    a = a.assign(unit=_by_column(corpus, a, by).to_numpy())
    spans: dict[tuple, list] = {}
    for d, c, s, e, m in zip(p.doc_id.astype(str), p.category.astype(str), p.start, p.end, p["match"]):
        spans.setdefault((d, c), []).append((int(s), int(e), m))
    person = []
    for d, c, s, e in zip(a.doc_id, a.actor, a.start, a.end):
        hit = next((m for ps, pe, m in spans.get((d, c), ()) if ps < e and pe > s), "")
        person.append(hit)
    a = a.assign(person=person)
    actors = list(actors) if actors is not None else list(dict.fromkeys(a.actor))
    rows = []
    cells = a.groupby(["unit", "actor"], sort=False).indices  # once, not a mask per unit and actor
    for unit in _doc_order(corpus, a.unit, by):
        for actor in actors:
            if (unit, actor) not in cells:
                continue
            g = a.iloc[cells[(unit, actor)]]
            named = g.person[g.person != ""]
            lo, hi = wilson(len(named), len(g))
            top = named.value_counts()
            rows.append({by: unit, "actor": actor, "n_mentions": len(g), "n_person": len(named),
                         "share": len(named) / len(g), "share_low": lo, "share_high": hi,
                         "top_person": top.index[0] if len(top) else "", "n_top": int(top.iloc[0]) if len(top) else 0})
    return pd.DataFrame(rows, columns=[by, "actor", "n_mentions", "n_person", "share", "share_low", "share_high",
                                       "top_person", "n_top"])


def modality(corpus, modality_hits: pd.DataFrame | None = None, attribution_table: pd.DataFrame | None = None, *,
             by: str = "doc_id", n_boot: int = 2000, seed: int = SEED) -> pd.DataFrame:
    """Hedges, boosters and deontic forms per 1,000 words, per unit and attribution.

    Each hit and each token takes its attribution from :func:`analysis.attribution.token_attribution`
    (quoted in quoted voice; else the sentence's narration: author or reported), so the
    author's own hedging is apart from what it reports and quotes.

    Returns
    -------
    DataFrame
        ``by``, attribution (author / reported / quoted), category (hedge / booster /
        deontic), n (int: hits), n_tokens (int: tokens of that unit and attribution),
        per_1000 (n / n_tokens × 1000), ci_low, ci_high (sentence-block bootstrap, 95 %; zero
        cells [0, 3000 / n_tokens]). Units in date order.
    """
    from .attribution import sentence_attribution, token_attribution
    from .framing import lexicon_hits

    h = lexicon_hits(corpus, "modality") if modality_hits is None else modality_hits
    table = sentence_attribution(corpus) if attribution_table is None else attribution_table
    att, _ = token_attribution(corpus, table)
    cats, atts = ["hedge", "booster", "deontic"], ["author", "reported", "quoted"]
    t = corpus.tokens
    # integer codes per token (a table of millions of strings was the cost): its document, its
    # sentence (the bootstrap's block, numbered in corpus order) and its attribution
    dcode, dnames = codes_of(t.doc_id)
    acode = pd.Categorical(att, categories=atts).codes.astype(np.int64)
    bcode, _ = pd.factorize(dcode.astype(np.int64) * (1 << 32) + (t.sent_id.to_numpy(dtype=np.int64) + (1 << 31)))
    unit_names = _by_column(corpus, pd.DataFrame({"doc_id": dnames}), by).to_numpy(dtype=object)
    block_doc = np.zeros(bcode.max() + 1 if len(bcode) else 0, dtype=np.int64)
    block_doc[bcode] = dcode
    ok = acode >= 0  # a token without an attribution counts nowhere
    cell = bcode * 3 + acode  # (sentence, attribution): a block of one unit × attribution
    n_cell = np.bincount(cell[ok], minlength=3 * len(block_doc))
    pos = _token_rows(t, dcode, dnames, h)
    hcat = pd.Index(cats).get_indexer(h.category.astype(str))
    if (hcat < 0).any():
        bad = sorted(set(h.category.astype(str)[hcat < 0]))
        raise ValueError(f"modality hits of categories {bad}: modality counts only {cats}")
    hok = ok[pos]
    num_cell = np.bincount(cell[pos][hok] * 3 + hcat[hok], minlength=9 * len(block_doc)).reshape(-1, 3)
    present = np.flatnonzero(n_cell)
    b, a = present // 3, present % 3
    u = pd.Index(unit_names[block_doc[b]]) if len(present) else pd.Index([], dtype=object)
    groups = pd.DataFrame({"u": np.asarray(u, dtype=object), "a": a, "cell": present}).groupby(["u", "a"], sort=False).indices
    rows = []
    for unit in _doc_order(corpus, unit_names[np.unique(dcode[ok])] if ok.any() else [], by):
        for k_a, a_ in enumerate(atts):
            if (unit, k_a) not in groups:
                continue
            cells = present[groups[(unit, k_a)]]  # in sentence order: present is sorted
            num = num_cell[cells].astype(float)
            den = n_cell[cells]
            lo, hi = bootstrap_ratio(num, den, n_boot=n_boot, rng=rng_for(seed, unit, a_), scale=1000)
            n_tok = int(den.sum())
            for k, c in enumerate(cats):
                n = int(num[:, k].sum())
                low, high = (0.0, 3000 / n_tok) if n == 0 else (float(lo[k]), float(hi[k]))
                rows.append({by: unit, "attribution": a_, "category": c, "n": n, "n_tokens": n_tok,
                             "per_1000": 1000 * n / n_tok, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=[by, "attribution", "category", "n", "n_tokens", "per_1000", "ci_low", "ci_high"])


def reporting_verbs(corpus, attribution_table: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """The verbs each source uses to report each actor's claims.

    Returns
    -------
    DataFrame
        ``by``, source_actor (the actor the reported source belongs to; "" when the actor
        lexicon does not name it), verb (lemma), kind (speech / cognition / demand /
        accusation / justification / according to), n (int: reported sentences), sources
        (the sources as named, ``;``-joined). Units in date order, then n descending.
    """
    r = attribution_table[attribution_table.narration == "reported"]
    r = r[r.cue_lemma != ""]
    r = r.assign(unit=_by_column(corpus, r, by).to_numpy())
    out = (r.groupby(["unit", "source_actor", "cue_lemma", "cue_kind"], sort=False)
             .agg(n=("sent_id", "size"), sources=("narration_source", lambda x: ";".join(sorted(set(x)))))
             .reset_index().rename(columns={"unit": by, "cue_lemma": "verb", "cue_kind": "kind"}))
    order = {u: n for n, u in enumerate(_doc_order(corpus, out[by], by))}
    out = out.assign(_o=out[by].map(order)).sort_values(["_o", "source_actor", "n", "verb"], ascending=[True, True, False, True],
                                                         kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)
