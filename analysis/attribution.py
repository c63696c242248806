"""Whose claim is it: attribution of every sentence, and the author's stance toward what it reports.

Voice (from the loader) says whose *words* a sentence is in; attribution says whose *claim*
it carries (docs/CODEBOOK.md, "Attribution"):

========== ===================================================================== ==========
attribution when                                                                  source
========== ===================================================================== ==========
author      the source asserts it in its own words                                —
reported    the source reports another's claim, belief, intention, demand or      who claims
            speech without quoting it ("Putin claims that …", "said Putin",
            "Moscow insists …", "according to the Kremlin …", "Ivashov accused
            NATO of …")
quoted      the words themselves are quoted (transcript turns, quotations)         who says it
mixed       narration with a quotation inside                                      the quoted one
========== ===================================================================== ==========

How reported speech is found (on the dependency parse, :mod:`analysis.syntax`): a
reporting verb (:data:`REPORTING_VERBS`: speech, cognition, demand and accusation verbs)
that governs the sentence — its root, a verb conjoined to the root, or a parenthetical
("…, said Putin, …") — with a subject that is not the author (not *I*/*we*, not a dummy
*it*) and a complement that carries the content (a clause; for claim, accuse, deny, allege,
demand and blame also a plain object: "Russia claims a cultural affinity"); a passive
reporting verb ("were reported to have welcomed") with its by-phrase or ``unknown``;
"according to X". A pronoun source (*he*, *they*) is the last named source before it in the
document; a definite description ("the Russian president") is the last named source of the
same actor. List items right after a reported sentence that ends in a colon continue it.
A source that is the document's own author — one of the names in the manifest's ``authors``
column (``;``-separated: list every form the text uses, e.g. ``Belgium; Charles Michel``) — is
the author speaking of itself in the third person ("Belgium also urges …" in Belgium's speech):
``author``, not ``reported`` (:func:`author_names`).
Only sentences with a reporting word are parsed (:func:`reporting_candidates`); all others
are author (or quoted / mixed, by voice).

Each sentence also gets ``narration`` (author / reported: the attribution of its words
outside quotation marks) and ``narration_source``, so that a mixed sentence's parts can be
told apart; :func:`token_attribution` spreads this to tokens: a token in quoted voice is
``quoted`` (source: its speaker), any other takes its sentence's narration attribution.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ._core.clauses import (AUTHOR_PRONOUNS, MODALS, REPORTING_NOUNS, REPORTING_VERBS,  # noqa: F401 (re-exported)
                            author_names, author_patterns, content_of, governs, subject_of, subject_words)
from ._core.parsed import ParsedSentence, iter_sentences
from ._core.units import codes_of, equals
from .corpus.pipeline import collector_paused

__all__ = [
    "REPORTING_VERBS",
    "REPORTING_NOUNS",
    "ATTRIBUTIONS",
    "sentence_attribution",
    "with_attribution",
    "token_attribution",
    "reporting_candidates",
    "stance_markers",
    "author_names",
]

ATTRIBUTIONS = ("author", "reported", "quoted", "mixed")

_PRONOUNS = {"he", "she", "they", "him", "her", "them"}
_TITLE_HEADS = {"president", "minister", "leader", "general", "secretary", "premier", "chancellor",
                "ambassador", "official", "officials", "spokesman", "envoy", "chief", "commander",
                "diplomat", "diplomats", "authorities", "government", "kremlin", "ministry", "side"}
#: Word forms of reporting verbs that are far more often nouns ("Member States", "the report", "calls
#: for", "our hope"): they do not make a sentence a candidate on their own (the parse still reads
#: them as verbs in a candidate sentence). A sentence reported only through one of them ("Serbia
#: states that …") is missed: the price of not parsing a third of a UN debate.
NOUN_HOMOGRAPHS = set("""state states report reports call calls reason reasons demand demands hope hopes fear fears
doubt doubts note notes understanding charge charges comment comments reply replies promise promises pledge pledges
request requests view views feeling thinking concern""".split())
#: Word forms that can signal reported speech: a sentence without any is not parsed.
_CUE_FORMS = None


def _cue_forms() -> set[str]:
    global _CUE_FORMS
    if _CUE_FORMS is None:
        forms = set()
        irregular = {"say": ["said", "says", "saying"], "tell": ["told", "tells", "telling"],
                     "think": ["thought", "thinks", "thinking"], "know": ["knew", "known", "knows", "knowing"],
                     "feel": ["felt", "feels", "feeling"], "understand": ["understood", "understands"],
                     "write": ["wrote", "written", "writes", "writing"]}
        for v in REPORTING_VERBS:
            forms.add(v)
            forms.update(irregular.get(v, []))
            stem = v[:-1] if v.endswith("e") else v
            forms.update({v + "s", stem + "ed", stem + "ing", v + "d", v + "es"})
            if v.endswith("y"):
                forms.update({v[:-1] + "ies", v[:-1] + "ied"})
            if re.fullmatch(r".*[^aeiou][aeiou][bdgmnprt]", v):  # regret → regretted
                forms.update({v + v[-1] + "ed", v + v[-1] + "ing"})
        forms.add("according")
        _CUE_FORMS = forms - NOUN_HOMOGRAPHS
    return _CUE_FORMS


def reporting_candidates(corpus) -> pd.DataFrame:
    """Sentences that hold a reporting word (a form of :data:`REPORTING_VERBS` or "according",
    not a :data:`NOUN_HOMOGRAPHS` form) not within three words after *I* or *we* in the same
    sentence ("We firmly believe …" is the author's own view): the only sentences
    :func:`sentence_attribution` can find reported. It also parses the sentence before each,
    but only for the names a pronoun source may refer to: whether a sentence is reported
    never depends on the sentence after it.

    Returns
    -------
    DataFrame
        doc_id, sent_id: in corpus order.
    """
    t = corpus.tokens
    cats = np.asarray(t["norm"].cat.categories, dtype=object)
    codes = t["norm"].cat.codes.to_numpy()
    is_cue = np.fromiter((c in _cue_forms() for c in cats), dtype=bool, count=len(cats))[codes]
    first = np.fromiter((c in ("i", "we") for c in cats), dtype=bool, count=len(cats))[codes]
    sent = t.sent_id.to_numpy()
    doc = t.doc_id.cat.codes.to_numpy()
    after_first = np.zeros(len(t), dtype=bool)
    for back in (1, 2, 3):
        same = np.r_[np.zeros(back, dtype=bool), (sent[back:] == sent[:-back]) & (doc[back:] == doc[:-back])]
        after_first |= same & np.r_[np.zeros(back, dtype=bool), first[:-back]]
    hit = is_cue & ~after_first
    names = np.asarray(t.doc_id.cat.categories, dtype=object)
    keys = pd.DataFrame({"doc_id": names[doc[hit]].astype(str), "sent_id": sent[hit]})
    return keys.drop_duplicates().reset_index(drop=True)


def _with_previous(corpus, keys: pd.DataFrame) -> pd.DataFrame:
    """``keys`` (doc_id, sent_id) and the sentence before each in its document: the context a
    pronoun source ("He said …") is resolved in."""
    s = corpus.sentences
    order = pd.MultiIndex.from_arrays([s.doc_id.astype(str), s.sent_id])
    pos = order.get_indexer(pd.MultiIndex.from_arrays([keys.doc_id, keys.sent_id]))
    prev = pos[pos > 0] - 1
    prev = prev[s.doc_id.astype(str).to_numpy()[prev] == s.doc_id.astype(str).to_numpy()[prev + 1]]
    both = np.union1d(pos, prev)
    return pd.DataFrame({"doc_id": s.doc_id.astype(str).to_numpy()[both], "sent_id": s.sent_id.to_numpy()[both]})


def _parsed_with_context(corpus, cands: pd.DataFrame, run_parse) -> dict:
    """(doc_id, sent_id) → parsed sentence, for the candidates and for the sentences before them
    that a pronoun source's resolution reads: the same attribution as parsing every candidate
    and the sentence before each (:func:`_with_previous`), with far fewer parses.

    A pronoun source is the subject last named by a sentence's main clause before it
    (:meth:`_Sources.saw`). So for each candidate whose source is a pronoun, the sentences of that
    context before it are parsed, nearest first, until one names its main clause's subject;
    quoted sentences are never read for it. The other context sentences could change nothing."""
    with collector_paused():
        by_sent = {(d, k): x for d, k, x in iter_sentences(run_parse(cands))}
    ctx = _with_previous(corpus, cands)  # in corpus order
    keys = list(zip(ctx.doc_id.tolist(), ctx.sent_id.tolist()))
    s = corpus.sentences
    quoted = set(zip(s.doc_id.astype(str)[s.voice == "quoted"], s.sent_id[s.voice == "quoted"].tolist()))
    at = {key: n for n, key in enumerate(keys)}
    todo = [at[key] for key, x in by_sent.items() if key not in quoted and _pronoun_source(x)]
    while todo:
        need, waiting = set(), []
        for n in todo:
            m, ahead = n - 1, 0
            while m >= 0 and keys[m][0] == keys[n][0] and ahead < _AHEAD:
                if keys[m] not in quoted:
                    x = by_sent.get(keys[m])
                    if x is None:  # parse it (and, in the same round, a few more before it)
                        need.add(keys[m])
                        ahead += 1
                    elif _names_subject(x):  # the chain ends here whatever the ones after it name
                        break
                m -= 1
            if ahead:
                waiting.append(n)
        if need:
            more = pd.DataFrame(sorted(need, key=at.__getitem__), columns=["doc_id", "sent_id"])
            with collector_paused():
                by_sent.update(((d, k), x) for d, k, x in iter_sentences(run_parse(more)))
        todo = waiting
    return by_sent


#: Context sentences a round of :func:`_parsed_with_context` parses ahead for one pronoun source
#: (most chains end within a few: UNGDC took 16 rounds parsing one at a time).
_AHEAD = 4


def _pronoun_source(s: ParsedSentence) -> bool:
    """Whether the sentence's report (:func:`_reported`) has a pronoun for a source."""
    found = _reported(s)
    return found is not None and found[1] is not None and s.text[found[1]].lower() in _PRONOUNS


def _main_subject(s: ParsedSentence) -> int | None:
    """The subject of the sentence's main clause (its root), or None."""
    root = [x for x in range(len(s.text)) if s.dep[x] == "ROOT"]
    return subject_of(s, root[0]) if root else None


def _names_subject(s: ParsedSentence) -> bool:
    """Whether the sentence's main clause has a named subject (what :meth:`_Sources.saw` keeps)."""
    subj = _main_subject(s)
    return subj is not None and s.pos[subj] == "PROPN"


# --------------------------------------------------------------------------- one parsed sentence


def _reported(s: ParsedSentence) -> tuple[int, int | None, str] | None:
    """(reporting word k, source k or None, how) of the first construction that makes the
    sentence reported, or None."""
    for k, lem in enumerate(s.lemma):
        if s.text[k].lower() == "according":
            to = s.kids(k, "prep")
            obj = s.kids(to[0], "pobj") if to else []
            if obj:
                return k, obj[0], "according to"
        if lem not in REPORTING_VERBS or s.pos[k] not in ("VERB", "AUX") or not governs(s, k):
            continue
        if any(s.lemma[a] in MODALS for a in s.kids(k, "aux")):
            continue  # "Washington should deny …": a prescription, not a report
        if s.kids(k, "nsubjpass", "auxpass"):
            if s.kids(k, "xcomp", "ccomp") and lem in ("report", "say", "believe", "claim", "allege", "think", "expect", "know"):
                agent = s.kids(k, "agent")
                obj = s.kids(agent[0], "pobj") if agent else []
                return k, (obj[0] if obj else None), "passive reporting verb"
            continue
        subj = subject_of(s, k)
        if subj is None or s.text[subj].lower() in AUTHOR_PRONOUNS:
            continue
        if content_of(s, k):
            return k, subj, "reporting verb"
    return None


# --------------------------------------------------------------------------- the table


class _Sources:
    """Who a pronoun or a definite description ("the Russian president") stands for: the last
    named source (a person's or organ's name) in the document, overall and per actor."""

    def __init__(self):
        self.doc = None
        self.last = ""
        self.by_actor: dict[str, str] = {}
        self.prev_subject = ""

    def reset(self, doc: str) -> None:
        if doc != self.doc:
            self.doc, self.last, self.by_actor, self.prev_subject = doc, "", {}, ""

    def resolve(self, s: ParsedSentence, subj: int | None, actors: dict[int, str]) -> tuple[str, str, str, str]:
        """(source, source_text, source_actor, note) for subject ``subj`` of sentence ``s``."""
        if subj is None:
            return "unknown", "", "", ""
        text = s.phrase(subj)
        span = [x for x in range(len(s.text)) if x in set(s.subtree(subj)) and s.dep[x] not in ("relcl", "acl")]
        actor = next((actors[x] for x in span if x in actors), "")
        word = s.text[subj].lower()
        if word in _PRONOUNS:
            verb = int(s.head[subj])
            while s.dep[verb] == "conj" and int(s.head[verb]) != verb:  # "X refused …, and he urged …"
                verb = int(s.head[verb])
                first = subject_of(s, verb)
                if first is not None and s.pos[first] == "PROPN":
                    return s.name(first), text, actors.get(first, ""), "pronoun: the subject of the clause it is conjoined to"
            name = self.prev_subject or self.last or "unknown"
            return name, text, "", "pronoun: the previous sentence's named subject"
        definite = any(s.lemma[x] in ("the", "this", "that") for x in s.kids(subj, "det"))
        if s.pos[subj] != "PROPN" and definite and s.lemma[subj] in _TITLE_HEADS and actor in self.by_actor:
            return self.by_actor[actor], text, actor, "definite description: the last named source of its actor"
        named = [x for x in s.kids(subj, "appos") if s.pos[x] == "PROPN"]
        name = s.name(named[0]) if s.pos[subj] != "PROPN" and named else s.name(subj)
        if s.pos[subj] == "PROPN" or named:
            self.last = name
            if actor:
                self.by_actor[actor] = name
        return name, text, actor, ""

    def saw(self, s: ParsedSentence | None, source: str) -> None:
        """Remember who the sentence's main clause is about (its root's subject: a name, or what
        a pronoun there was resolved to), for a pronoun in the next sentence."""
        subj = _main_subject(s) if s is not None else None
        if subj is None:
            return
        if s.pos[subj] == "PROPN":
            self.prev_subject = s.text[subj]
        elif s.text[subj].lower() in _PRONOUNS and source:
            self.prev_subject = source


def _actor_map(s: ParsedSentence, hits: dict[int, str] | None) -> dict[int, str]:
    """spaCy token k → actor category, for the tokens inside an actor hit (``hits``: our
    token index → category, for one sentence)."""
    if not hits:
        return {}
    return {k: hits[int(i)] for k, i in enumerate(s.i) if i >= 0 and int(i) in hits}


def sentence_attribution(corpus, *, sentences: pd.DataFrame | None = None, parse: pd.DataFrame | None = None,
                actor_hits: pd.DataFrame | None = None, pipeline: str | None = None) -> pd.DataFrame:
    """Attribution and source of every sentence.

    Parameters
    ----------
    corpus : Corpus
    sentences : DataFrame, optional
        doc_id, sent_id of the sentences to attribute (default: every sentence). Roles ask only
        for the sentences with an actor mention, which on a large corpus parses far less.
    parse : DataFrame, optional
        A parse (:func:`analysis.syntax.parse`) covering at least the sentences of
        :func:`reporting_candidates` among those asked for, and the sentence before each;
        parsed here when None (cached per corpus and pipeline).
    actor_hits : DataFrame, optional
        Actor hits, to name the actor a source belongs to (default: the actor lexicon's).
    pipeline : str, optional
        The spaCy pipeline when parsing here (default :data:`analysis.syntax.DEFAULT_PIPELINE`).

    Returns
    -------
    DataFrame
        doc_id, sent_id, voice, attribution (author / reported / quoted / mixed), source (str:
        who claims or speaks; "" for author), source_text (the words naming the source as
        written, e.g. "the Russian president"), source_actor (the actor the source belongs
        to, if the actor lexicon names it), narration (author / reported / quoted: the words
        outside quotation marks), narration_source, cue (the reporting word as written), cue_lemma,
        cue_kind (speech / cognition / demand / accusation / according to), cue_start, cue_end
        (raw offsets of the cue; −1 without one), how (the rule that decided). One row per
        sentence asked for, in corpus order.
    """
    from .syntax import DEFAULT_PIPELINE
    from .syntax import parse as run_parse

    if actor_hits is None:
        from .framing import lexicon_hits

        actor_hits = lexicon_hits(corpus, "actors")
    cands = reporting_candidates(corpus)
    if sentences is not None:
        cands = cands.merge(sentences[["doc_id", "sent_id"]].astype({"doc_id": str}), on=["doc_id", "sent_id"])
    if parse is None:
        by_sent = _parsed_with_context(corpus, cands, lambda keys: run_parse(corpus, keys,
                                                                             pipeline=pipeline or DEFAULT_PIPELINE))
    else:
        with collector_paused():  # tens of thousands of parsed sentences: containers, no cycles to collect
            by_sent = {(d, k): sent for d, k, sent in iter_sentences(parse)}
    hit_tokens: dict[tuple, dict[int, str]] = {}
    for d, sid, i, j, cat in zip(actor_hits.doc_id.astype(str), actor_hits.sent_id, actor_hits.i, actor_hits.j,
                                 actor_hits.category.astype(str)):
        hit_tokens.setdefault((d, int(sid)), {}).update({x: cat for x in range(int(i), int(j))})
    s = corpus.sentences
    if sentences is not None:  # the sentences asked for and the one before each (pronoun context)
        ctx = _with_previous(corpus, sentences[["doc_id", "sent_id"]].astype({"doc_id": str}))
        asked = set(zip(sentences.doc_id.astype(str), sentences.sent_id))
        keep = pd.MultiIndex.from_arrays([s.doc_id.astype(str), s.sent_id]).isin(pd.MultiIndex.from_frame(ctx))
        s = s[keep]
    own = author_patterns(corpus.documents)
    rows = []
    sources = _Sources()
    prev = None  # the previous sentence's row, for list items continuing a report
    columns = (s.doc_id.astype(str).tolist(), s.sent_id.tolist(), s.voice.astype(str).tolist(),
               s.speaker.astype(str).tolist(), s.text.tolist())  # lists: iterating Arrow columns is slow
    candidate = set(zip(cands.doc_id, cands.sent_id.tolist()))
    with collector_paused():
        for d, sid, voice, speaker, text in zip(*columns):
            sources.reset(d)
            parsed = by_sent.get((d, int(sid))) if voice != "quoted" else None
            # only a candidate can be reported: a sentence parsed as context for the next one
            # (or given in `parse`) is read for its names, never as a report, so that a
            # sentence's attribution does not depend on whether a candidate follows it
            sent = parsed if (d, int(sid)) in candidate else None
            row = _attribute_sentence(corpus, d, int(sid), voice, speaker, text, sent,
                                      hit_tokens.get((d, int(sid))), sources, prev)
            if row["narration"] == "reported" and d in own:
                _own_voice(row, own[d])
            sources.saw(parsed, row["narration_source"])
            rows.append(row)
            prev = row
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "voice", "attribution", "source", "source_text",
                                      "source_actor", "narration", "narration_source", "cue", "cue_lemma", "cue_kind",
                                      "cue_start", "cue_end", "how"])
    if sentences is not None:
        out = out[[k in asked for k in zip(out.doc_id, out.sent_id)]].reset_index(drop=True)
    return out


def _attribute_sentence(corpus, d, sid, voice, speaker, text, sent, hits, sources, prev) -> dict:
    row = dict(doc_id=d, sent_id=sid, voice=voice, attribution="author", source="", source_text="", source_actor="",
               narration="author", narration_source="", cue="", cue_lemma="", cue_kind="", cue_start=-1, cue_end=-1,
               how="no reporting construction", _colon=text.rstrip().endswith(":"))
    found = _reported(sent) if sent is not None else None
    if found is not None:
        k, subj, how = found
        src, src_text, actor, note = sources.resolve(sent, subj, _actor_map(sent, hits))
        if subj is not None:  # the words of the whole subject ("The delegation of Belgium"), for _own_voice
            row["_subject"] = subject_words(sent, subj)
        row.update(narration="reported", narration_source=src, source_text=src_text or "", source_actor=actor,
                   cue=sent.text[k], cue_lemma=sent.lemma[k], cue_kind="according to" if how == "according to" else REPORTING_VERBS[sent.lemma[k]],
                   cue_start=int(sent.start[k]), cue_end=int(sent.end[k]), how=how + (f"; {note}" if note else ""))
    elif (prev is not None and prev["doc_id"] == d and prev["narration"] == "reported" and voice != "quoted"
          and (prev["_colon"] or prev["how"].startswith("list item")) and _is_list_item(corpus, d, sid)):
        row.update(narration="reported", narration_source=prev["narration_source"], source_actor=prev["source_actor"],
                   how="list item continuing a reported sentence that ends with a colon")
        row["_colon"] = prev["_colon"]
    if voice == "quoted":
        row.update(attribution="quoted", source=speaker or "unknown", narration="quoted",
                   narration_source=speaker or "unknown", how="quoted voice")
    elif voice == "mixed":
        row.update(attribution="mixed", source=speaker or "unknown")
        if row["how"] == "no reporting construction":
            row["how"] = "narration with a quotation inside"
    else:
        row.update(attribution=row["narration"], source=row["narration_source"])
    return row


def _own_voice(row: dict, pattern) -> None:
    """A reported sentence whose source is the document's author (named as the source, or
    within the words naming it: "the delegation of Belgium") is the author's own claim."""
    hit = pattern.fullmatch(row["narration_source"]) or pattern.search(row.get("_subject", row["source_text"]))
    if hit is None:
        return
    row.update(narration="author", narration_source="",
               how=f"{row['how']}; the source is the document's author ({hit.group(0)}; manifest 'authors')")
    if row["attribution"] == "reported":
        row.update(attribution="author", source="")


def _is_list_item(corpus, d: str, sid: int) -> bool:
    s = corpus.sentences
    row = s[(s.doc_id.astype(str) == d) & (s.sent_id == sid)]
    if row.empty:
        return False
    a = int(row.start.iloc[0])
    raw = corpus.raw(d)
    line_start = raw.rfind("\n", 0, a) + 1
    return raw[line_start:a].strip() in ("•", "-", "*", "◦", "▪", "‣", "·") or raw[line_start:a + 1].lstrip().startswith("•")


def with_attribution(corpus, table: pd.DataFrame | None = None, **kw):
    """A new Corpus whose sentences carry ``attribution`` and ``source`` and whose tokens carry
    ``attribution`` and ``source`` too (see :func:`token_attribution`); the input is unchanged."""
    import dataclasses

    table = sentence_attribution(corpus, **kw) if table is None else table
    sentences = corpus.sentences.copy()
    sentences["attribution"] = pd.Categorical(table.attribution.to_numpy(), categories=list(ATTRIBUTIONS))
    sentences["source"] = table.source.to_numpy().astype(str)
    tokens = corpus.tokens.copy()
    att, src = token_attribution(corpus, table)
    tokens["attribution"] = att
    tokens["source"] = src
    return dataclasses.replace(corpus, sentences=sentences, tokens=tokens)


def token_attribution(corpus, table: pd.DataFrame) -> tuple[pd.Categorical, pd.Categorical]:
    """Per token: ``quoted`` (source: its speaker) where its voice is quoted, else its
    sentence's narration attribution and source."""
    t = corpus.tokens
    # integer keys (document code, sentence) instead of a MultiIndex over millions of strings
    names = pd.Index(t.doc_id.cat.categories.astype(str) if isinstance(t.doc_id.dtype, pd.CategoricalDtype)
                     else pd.unique(t.doc_id.astype(str)))
    tdoc = (t.doc_id.cat.codes.to_numpy() if isinstance(t.doc_id.dtype, pd.CategoricalDtype)
            else names.get_indexer(t.doc_id.astype(str))).astype(np.int64)
    table_key = names.get_indexer(table.doc_id.astype(str)).astype(np.int64) * (1 << 32) + (
        table.sent_id.to_numpy(dtype=np.int64) + (1 << 31))
    pos = pd.Index(table_key).get_indexer(tdoc * (1 << 32) + (t.sent_id.to_numpy(dtype=np.int64) + (1 << 31)))
    # a token whose sentence the table lacks reads the table's last row, as numpy's index -1 does
    narr = table.narration.to_numpy()
    narr_code = np.where(narr == "reported", 1, 0)  # quoted narration counts as the author's
    nsrc = np.where(narr == "quoted", "", table.narration_source.to_numpy()).astype(object)
    quoted = t.voice.cat.codes.to_numpy() == list(t.voice.cat.categories).index("quoted") if (
        isinstance(t.voice.dtype, pd.CategoricalDtype) and "quoted" in list(t.voice.cat.categories)) else (
        t.voice.astype(str).to_numpy() == "quoted")
    att = np.where(quoted, 2, narr_code[pos] if len(narr_code) else 0)
    # sources: codes into the speakers' categories, then the sentences' sources; one sorted category list
    if isinstance(t.speaker.dtype, pd.CategoricalDtype):
        sp_code = t.speaker.cat.codes.to_numpy().astype(np.int64)
        sp_names = list(t.speaker.cat.categories.astype(str)) + ["nan"]  # -1 (missing) reads as "nan", as astype(str)
        sp_code = np.where(sp_code < 0, len(sp_names) - 1, sp_code)
    else:
        sp_code, uniq = pd.factorize(t.speaker.astype(str))
        sp_names = list(uniq)
    ns_code, ns_names = pd.factorize(nsrc.astype(str)) if len(nsrc) else (np.zeros(0, np.int64), [])
    union = np.asarray(sp_names + [str(x) for x in ns_names], dtype=object)
    src_code = np.where(quoted, sp_code, len(sp_names) + (ns_code[pos] if len(ns_code) else 0))
    used = np.unique(src_code)
    cats = sorted(set(union[used].tolist()))
    to_cat = np.full(len(union), -1, dtype=np.int64)
    to_cat[used] = pd.Index(cats).get_indexer(union[used])
    return (pd.Categorical.from_codes(att, categories=["author", "reported", "quoted"]),
            pd.Categorical.from_codes(to_cat[src_code], categories=cats))


# --------------------------------------------------------------------------- stance


#: Markers of the author's distance to what it reports (distancing) or agreement (endorsing).
STANCE_MARKERS: dict[str, str] = {
    **dict.fromkeys(["alleged", "allegedly", "so-called", "purported", "purportedly", "supposedly", "supposed",
                     "notwithstanding", "ostensibly", "ostensible", "self-styled", "dubious", "disingenuous",
                     "bombastic", "pretext"], "distancing"),
    **dict.fromkeys(["rightly", "correctly", "aptly", "justifiably", "accurately"], "endorsing"),
}


def _sentence_holding(sents: pd.DataFrame, spans: pd.DataFrame) -> np.ndarray:
    """The sent_id of the sentence of the same document whose span holds each span (doc_id,
    start, end), −1 if none: one sorted search, not a scan of every sentence per span."""
    names = pd.Index(pd.unique(sents.doc_id.astype(str)))
    s_doc = names.get_indexer(sents.doc_id.astype(str)).astype(np.int64)
    s_start, s_end = sents.start.to_numpy(dtype=np.int64), sents.end.to_numpy(dtype=np.int64)
    order = np.lexsort((s_start, s_doc))
    key = s_doc[order] * (1 << 40) + s_start[order]
    q_doc = names.get_indexer(spans.doc_id.astype(str)).astype(np.int64)
    q_start, q_end = spans.start.to_numpy(dtype=np.int64), spans.end.to_numpy(dtype=np.int64)
    at = np.searchsorted(key, q_doc * (1 << 40) + q_start, side="right") - 1  # last sentence starting at or before
    ok = (q_doc >= 0) & (at >= 0)
    row = order[np.maximum(at, 0)]
    ok &= (s_doc[row] == q_doc) & (s_end[row] >= q_end)
    return np.where(ok, sents.sent_id.to_numpy()[row], -1)


def stance_markers(corpus, attribution_table: pd.DataFrame | None = None, *, scare_quote_max: int = 3) -> pd.DataFrame:
    """Distancing and endorsing markers in the author's narration, with what each attaches to.

    Markers: the words of :data:`STANCE_MARKERS` ("alleged", "so-called", "notwithstanding",
    "rightly" …); the reporting verb of a reported sentence, as distancing for *claim* /
    *allege* / *insist*, neutral for *say* / *tell* and the rest; and scare quotes — a
    quotation of at most ``scare_quote_max`` tokens in author narration ("Humanitarian Center").

    Returns
    -------
    DataFrame
        doc_id, sent_id, marker (as written), kind (distancing / endorsing / neutral), what
        (scare quote / stance word / reporting verb), attaches_to (the quoted term, the
        phrase the word modifies or the source of the report), start, end (raw offsets of the
        marker). In corpus order.
    """
    rows = []
    t = corpus.tokens
    # on the columns' codes: no string per token (a table of millions)
    author = ~equals(t.voice, "quoted")
    norm, norms = codes_of(t.norm)
    tcode, tokens = codes_of(t.token)
    marker = np.isin(norms, list(STANCE_MARKERS))
    sent_ids = t.sent_id.to_numpy()
    for k in np.flatnonzero(author & (norm >= 0) & marker[np.maximum(norm, 0)]).tolist():
        same = k + 1 < len(t) and sent_ids[k + 1] == sent_ids[k]
        nxt = " ".join(tokens[tcode[k + 1 : k + 4]]) if same else ""
        rows.append(dict(doc_id=str(t.doc_id.iat[k]), sent_id=int(sent_ids[k]), marker=tokens[tcode[k]],
                         kind=STANCE_MARKERS[norms[norm[k]]], what="stance word", attaches_to=nxt,
                         start=int(t.start.iat[k]), end=int(t.end.iat[k])))
    q = corpus.quotes
    short = q[(q.n_tokens <= scare_quote_max) & (q.n_tokens > 0)]
    holder = _sentence_holding(corpus.sentences, short)
    for r, sid in zip(short.itertuples(), holder.tolist()):
        text = corpus.raw(r.doc_id)[r.start:r.end]
        rows.append(dict(doc_id=str(r.doc_id), sent_id=sid, marker=text, kind="distancing", what="scare quote",
                         attaches_to=text.strip("“”\"‘’«»„"), start=int(r.start), end=int(r.end)))
    if attribution_table is not None:
        rep = attribution_table[attribution_table.narration == "reported"]
        for r in rep.itertuples():
            if r.cue_kind == "according to" or r.cue_start < 0:
                continue
            lem = r.cue.lower()
            kind = "distancing" if lem.startswith(("claim", "alleg", "insist", "purport")) else "neutral"
            rows.append(dict(doc_id=r.doc_id, sent_id=int(r.sent_id), marker=r.cue, kind=kind, what="reporting verb",
                             attaches_to=r.narration_source, start=int(r.cue_start), end=int(r.cue_end)))
    out = pd.DataFrame(rows, columns=["doc_id", "sent_id", "marker", "kind", "what", "attaches_to", "start", "end"])
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    out = out.assign(_o=out.doc_id.map(order)).sort_values(["_o", "start"], kind="stable").drop(columns="_o")
    return out.reset_index(drop=True)
