"""How each source names each actor and the events it takes part in.

Two tables, both one row per occurrence with raw offsets, so every count opens to its lines:

* :func:`actor_labels` — the words a text attaches to an actor mention: appositions
  ("Kosovo, a staunchly pro-American country"), predicate nominals ("Ukraine is a
  tinderbox"), *as*-phrases ("Serbia, acting as Russia's proxy"), "the N of X" ("the
  province of Kosovo"), titles and modifiers of a name ("Yugoslav President Slobodan
  Milosevic", "the notorious hardliner"), and the noun a nationality word modifies
  ("the Yugoslav leader", "the Russian general"): the person or organ it names.
* :func:`episode_names` — the action nouns an actor is the agent of (from the role table),
  with their modifiers and their target: the words for the same episode across sources
  ("the surprise Russian move into Kosovo" in 1999, "Russia's botched Kosovo invasion" in 2014).

Labels are read off the dependency parse (:mod:`analysis.syntax`); a definite description
without the actor's name in the sentence ("the province" alone) is not linked to an actor:
that would need coreference, which the suite does not do.
"""

from __future__ import annotations

import pandas as pd

from .roles import ACTION_NOUNS, ORGAN_NOUNS
from ._core.parsed import ParsedSentence, head_of, iter_sentences, span_tokens

__all__ = ["actor_labels", "episode_names", "label_counts"]

LABEL_COLUMNS = ["doc_id", "group", "sent_id", "actor", "match", "start", "end", "label", "kind", "label_start", "label_end"]
_MODS = ("amod", "compound", "advmod", "nmod", "npadvmod", "poss", "det")


def _label(s: ParsedSentence, k: int, skip: set[int]) -> tuple[str, int, int]:
    """The phrase headed by ``k`` (its modifiers, not its clauses or other actors' names):
    text, raw start, raw end."""
    keep = [k] + [c for c in s.children[k] if s.dep[c] in _MODS and c not in skip]
    for c in list(keep[1:]):
        keep += [x for x in s.children[c] if s.dep[x] in ("advmod", "amod", "compound", "punct") and x not in skip]
    keep = sorted(x for x in keep if s.dep[x] not in ("punct", "det") or (min(keep) < x < max(keep)))
    for x in list(keep):  # a possessor's clitic ("Russia ’s proxy")
        keep += [c for c in s.kids(x, "case") if c not in keep]
    keep.sort()
    return "", int(s.start[keep[0]]), int(s.end[keep[-1]])


def _in_brackets(s: ParsedSentence, k: int) -> bool:
    """Whether token ``k`` opens a parenthetical: "Kosovo (Reuters, Itar-Tass, October 5)"
    cites a source, it does not name Kosovo."""
    first = min(s.subtree(k))
    return first > 0 and s.text[first - 1] in ("(", "[")


def _labels_of(s: ParsedSentence, h: int, skip: set[int]) -> list[tuple[str, str, int, int]]:
    out = []
    for a in s.kids(h, "appos"):
        if a not in skip and not _in_brackets(s, a):
            out.append(("apposition", *_label(s, a, skip)))
    g = int(s.head[h])
    if s.dep[h] == "appos" and g not in skip:
        out.append(("apposition", *_label(s, g, skip)))
    if s.dep[h] == "nsubj" and s.lemma[g] == "be":
        out += [("predicate nominal", *_label(s, a, skip)) for a in s.kids(g, "attr", "acomp") if a not in skip]
    if s.dep[h] == "nsubj":
        for v in [g] + s.kids(h, "acl") + s.kids(g, "advcl"):
            for p in s.kids(v, "prep"):
                if s.lemma[p] == "as":
                    out += [("as-phrase", *_label(s, o, skip)) for o in s.kids(p, "pobj") if o not in skip]
    if s.dep[h] == "pobj" and s.lemma[g] == "of":
        n = int(s.head[g])
        if s.pos[n] == "NOUN" and s.lemma[n] not in ACTION_NOUNS | ORGAN_NOUNS and any(s.lemma[d] == "the" for d in s.kids(n, "det")):
            out.append(("the N of X", *_label(s, n, skip | {h})))
    if s.pos[h] == "PROPN":
        titles = [c for c in s.children[h] if s.dep[c] in ("compound", "amod") and c not in skip and s.pos[c] != "PROPN"
                  or (s.dep[c] == "compound" and s.text[c][:1].isupper() and s.lemma[c].lower() in _TITLES)]
        if titles:
            a, b = min(titles), max(titles)
            out.append(("title or modifier", "", int(s.start[a]), int(s.end[b])))
    if s.dep[h] in ("amod", "compound") and s.pos[g] == "NOUN" and g not in skip and s.lemma[g] in ORGAN_NOUNS | PERSON_NOUNS:
        out.append(("person or organ", *_label(s, g, skip | {h})))
    return out


#: Nouns for people a nationality word can name ("the Yugoslav leader", "a Russian hardliner").
PERSON_NOUNS = {"leader", "dictator", "strongman", "hardliner", "autocrat", "nationalist", "regime", "puppet", "people",
                "citizens", "population", "minority", "majority", "elite", "hand", "figure", "man", "woman", "friend",
                "ally", "allies", "partner", "partners", "enemy", "adversary", "rival", "client"}
_TITLES = {"president", "minister", "general", "colonel", "secretary", "ambassador", "prime", "foreign", "defense",
           "deputy", "chancellor", "envoy", "commander", "dictator", "leader", "premier", "ex-president", "special"}


def actor_labels(corpus, actor_hits: pd.DataFrame | None = None, *, parse: pd.DataFrame | None = None,
                 pipeline: str | None = None) -> pd.DataFrame:
    """The words each text attaches to each actor mention (see the module docstring).

    Returns
    -------
    DataFrame
        doc_id, group, sent_id, actor, match (the mention as written), start, end (its raw
        offsets), label (as written), kind (apposition / predicate nominal / as-phrase /
        the N of X / title or modifier / person or organ), label_start, label_end (raw
        offsets of the label). In corpus order.
    """
    from .framing import lexicon_hits
    from .syntax import DEFAULT_PIPELINE
    from .syntax import parse as run_parse

    actor_hits = lexicon_hits(corpus, "actors") if actor_hits is None else actor_hits
    if parse is None:
        parse = run_parse(corpus, "actors", actor_hits=actor_hits, pipeline=pipeline or DEFAULT_PIPELINE)
    a = actor_hits.assign(doc_id=actor_hits.doc_id.astype(str))
    groups = a.groupby(["doc_id", "sent_id"], sort=False).indices
    # the mentions' columns as plain lists, read by position (no DataFrame per sentence)
    m_group, m_cat, m_match = a.group.astype(str).tolist(), a.category.astype(str).tolist(), a.match.astype(str).tolist()
    m_start, m_end = a.start.to_numpy(dtype=int), a.end.to_numpy(dtype=int)
    raw = dict(zip(corpus.documents.doc_id.astype(str), corpus.documents.text))
    rows = []
    for d, sid, s in iter_sentences(parse):
        ix = groups.get((d, sid))
        if ix is None:
            continue
        for j in ix:
            x, y = int(m_start[j]), int(m_end[j])
            ks = span_tokens(s.start, s.end, x, y)
            own, h = set(ks), head_of(s, ks)
            for kind, _, ls, le in _labels_of(s, h, own):
                text = " ".join(raw[d][ls:le].split())
                rows.append([d, m_group[j], int(sid), m_cat[j], m_match[j], x, y, text, kind, ls, le])
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS)
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    out = out.assign(_o=out.doc_id.map(order)).sort_values(["_o", "start", "label_start"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)


def episode_names(corpus, roles: pd.DataFrame, *, parse: pd.DataFrame | None = None) -> pd.DataFrame:
    """The action nouns each actor is the agent of, with their modifiers and target.

    Parameters
    ----------
    roles : DataFrame
        :func:`analysis.roles.actor_roles` (its agents whose predicate is a noun).

    Returns
    -------
    DataFrame
        doc_id, group, sent_id, actor, noun (lemma), phrase (the noun with its modifiers, as
        written), targets (actors that are targets of the same noun, ``;``-joined),
        predicate_start, predicate_end (raw offsets of the noun). In corpus order.
    """
    from .syntax import parse as run_parse

    agents = roles[(roles.role == "agent") & (roles.predicate_pos == "NOUN")]
    if agents.empty:
        return pd.DataFrame(columns=["doc_id", "group", "sent_id", "actor", "noun", "phrase", "targets",
                                     "predicate_start", "predicate_end"])
    keys = agents[["doc_id", "sent_id"]].drop_duplicates()
    parse = run_parse(corpus, keys) if parse is None else parse
    sents = {k: ParsedSentence(g) for k, g in parse.groupby(["doc_id", "sent_id"], sort=False)}
    targets = roles[roles.role == "target"].groupby(["doc_id", "sent_id", "predicate_start"])["actor"].agg(
        lambda x: ";".join(sorted(set(x))))
    rows = []
    for r in agents.drop_duplicates(["doc_id", "sent_id", "actor", "predicate_start"]).itertuples(index=False):
        s = sents[(r.doc_id, r.sent_id)]
        k = int(next(x for x in range(len(s.text)) if s.start[x] == r.predicate_start))
        mods = [c for c in s.children[k] if s.dep[c] in ("amod", "compound") and s.pos[c] in ("ADJ", "NOUN", "VERB")]
        words = sorted(mods + [k])
        rows.append([r.doc_id, r.group, r.sent_id, r.actor, r.predicate, " ".join(s.text[x] for x in words),
                     targets.get((r.doc_id, r.sent_id, r.predicate_start), ""), r.predicate_start, r.predicate_end])
    return pd.DataFrame(rows, columns=["doc_id", "group", "sent_id", "actor", "noun", "phrase", "targets",
                                       "predicate_start", "predicate_end"])


def label_counts(labels: pd.DataFrame, *, by: str = "doc_id") -> pd.DataFrame:
    """How often each label is attached to each actor, per ``by`` (document or group).

    Returns
    -------
    DataFrame
        ``by``, actor, label (lower-cased), kind, n (int). Sorted by ``by``, actor, n descending.
    """
    t = labels.assign(label=labels.label.str.lower())
    out = t.groupby([by, "actor", "label", "kind"], observed=True, sort=True).size().rename("n").reset_index()
    return out.sort_values([by, "actor", "n", "label"], ascending=[True, True, False, True], kind="stable").reset_index(drop=True)
