"""Who does what to whom: the role of every actor mention, and the frame cues its predicate carries.

For each actor mention (a hit of the actor lexicon), its role in what the sentence says
(docs/CODEBOOK.md, "Roles"):

* **agent** — the actor acts, speaks, decides or causes: subject of an active verb, the
  by-phrase of a passive, the owner of an action noun ("NATO air strikes", "Russia's
  invasion"), including through its organs ("Russian troops crossed", "Russia's
  ambassador chose", "Serbia, acting as Russia's proxy": the principal of a proxy);
* **target** — the actor is acted on, affected, threatened, blamed, pressed or helped:
  object of a verb, subject of a passive, the one an action noun is aimed at ("air strikes
  on Yugoslavia", "sanctions against Russia", "the invasion of Ukraine"), the subject of a
  verb of undergoing ("his country faces air strikes", "to avoid an attack, Belgrade …");
* **other** — a place, a topic, an owner without action, a list member without a
  predicate, a predicate nominal, or the sentence does not say.

How (on the dependency parse of :mod:`analysis.syntax`): from the mention's head token,
climb through its noun phrase — a nationality or name modifying an organ noun or a
person's name takes that phrase's role (:data:`ORGAN_NOUNS`); modifying an action noun
(:data:`ACTION_NOUNS`) it is that action's agent (or its target, for a compound beside
another owner, "Russia's Kosovo invasion"); coordination and apposition take the first
conjunct's / the head's role — then read the phrase's function in its clause (subject,
passive subject, by-phrase, object, the object of a preposition aimed at it:
:data:`TARGET_PREPOSITIONS`).

Frame cues are linked to a mention through its predicate: a cue (a frame hit) is linked
when it is the predicate itself or lies in the predicate's own phrase — its objects and
prepositional phrases, participles and infinitives without a subject of their own
("intensifying efforts to destabilize Kosovo"), verbs conjoined under the same subject —
but not in a clause with its own subject, a relative clause, the phrase of another actor
mention, or what an accusing verb holds against someone ("Russia condemned the bombing":
Russia is the agent of condemning, not of bombing; :func:`analysis._core.clauses.held_against`).
Passing through a verb of undergoing turns an agent's link into a target link
("Belgrade must end hostilities in order to avoid an attack": Belgrade agent of
*hostilities*, target of *attack*). A cue inside what a reporting verb reports ("Putin
claims that protecting ethnic Russians justifies military action") carries attribution
``reported`` with that source, whatever the sentence's attribution.

The parser is wrong sometimes (attachment of prepositional phrases, long coordinations,
headlines); ``how`` names the rule behind every role so a reader can check it, and notebook
04 lists the cases it gets wrong on the seeds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._core.clauses import REPORTING_VERBS, VERBAL, author_patterns, held_against, reported_tokens, subject_words
from ._core.parsed import ParsedSentence, head_of, iter_sentences, span_tokens
from ._core.vocabulary import renamed
from ._core.dispatch import dispatch

__all__ = ["ROLES", "ACTION_NOUNS", "ORGAN_NOUNS", "TARGET_PREPOSITIONS", "actor_roles", "role_links", "role_tables",
           "role_frames", "role_lines"]

ROLES = ("agent", "target", "other")

#: Nouns that name an action with an agent: their owner acts, their object is acted on.
ACTION_NOUNS = set("""
invasion occupation annexation aggression attack strike strikes bombing bombardment intervention incursion
offensive campaign operation war move movement deployment advance threat pressure support sanction sanctions
blockade seizure provocation incitement escalation proposal offer demand decision policy action actions effort
efforts involvement mediation crackdown atrocity atrocities recognition withdrawal assistance aid help backing
invitation request warning reprisal reprisals retaliation response interference meddling expansion buildup
build-up penetration encroachment subversion destabilization takeover conquest shelling raid raids assault
plan plans initiative approach tactics ambitions aims goal goals adventurism revisionism rule effort push
""".split())
#: Action nouns whose of-phrase names who acts ("the invitation of the committee").
SUBJECTIVE_OF = {"invitation", "support", "decision", "proposal", "policy", "policies", "demand", "demands", "request",
                 "offer", "initiative", "effort", "efforts", "help", "assistance", "backing", "approach", "response",
                 "warning", "aims", "goals", "plan", "plans", "actions", "action", "tactics", "ambitions", "adventurism"}
#: Action nouns whose compound modifier is the one acted on ("the Kosovo invasion", "the Crimea annexation").
TARGET_COMPOUND_ACTIONS = {"invasion", "occupation", "annexation", "bombing", "blockade", "seizure", "partition",
                           "destabilization", "takeover", "conquest", "shelling"}
#: Events named after their place ("the Kosovo war", "the Kosovo crisis"): a compound there is not an agent.
PLACE_NAMED_EVENTS = {"war", "conflict", "crisis", "settlement", "experience", "question", "issue", "problem", "precedent"}
#: Nouns for an actor's people and organs: a nationality or name modifying them takes their role.
ORGAN_NOUNS = set("""
troops troop forces force army armies military navy government governments official officials minister ministers
ministry president leader leaders leadership diplomat diplomats ambassador delegation envoy paratroopers peacekeepers
soldiers police authorities regime proxy proxies agent agents spokesman spokeswoman general generals officer officers
commander commanders side team contingent battalion convoy mercenaries elite administration state prime secretary
chancellor premier negotiators negotiator representatives representative intelligence services service counterparts
""".split())
#: Prepositions whose object is aimed at (target) after an action verb or noun.
TARGET_PREPOSITIONS = {"against", "on", "upon", "into", "toward", "towards", "onto", "at"}
#: Nouns after which "on/over" marks a topic, not a target ("talks on Kosovo").
TOPIC_HEADS = set("""talks negotiations negotiation position positions views view resolution agreement report statement
discussion discussions decision debate consultations conference summit remarks stance question issue focus""".split())
#: Verbs whose subject undergoes what their object names.
UNDERGOING_VERBS = {"face", "suffer", "avoid", "undergo", "endure", "risk", "receive", "experience", "sustain",
                    "escape", "withstand", "fear"}
#: Verbs of preventing: what their object names is not their subject's action.
PREVENTING_VERBS = {"avert", "prevent", "stop", "halt", "block", "resist", "oppose", "deter", "thwart", "forestall"}
#: Motion verbs: "to X" after them is a destination, not a target.
MOTION_VERBS = {"go", "come", "travel", "fly", "return", "move", "head", "dispatch", "send", "turn", "arrive", "cross",
                "march", "pour", "depart", "leave", "bring", "invite", "visit"}
_NOMINAL = ("NOUN", "PROPN", "PRON")
_CLAUSES_WITH_OWN_SUBJECT = ("ccomp", "advcl", "csubj", "parataxis", "acl", "xcomp", "conj", "pcomp")
_NO_CUES = ("punct", "cc", "det", "aux", "auxpass", "mark", "case", "neg", "prt")


# --------------------------------------------------------------------------- the role of one mention


def _phrase_role(s: ParsedSentence, h: int, mentions: set[int]):
    """Climb from token ``h`` through its noun phrase. Returns ("climbed", n, steps) with the
    nominal ``n`` whose clause function decides, or (role, predicate k, how) when the noun
    phrase itself decides."""
    steps = []
    for _ in range(12):
        d, g = s.dep[h], int(s.head[h])
        if g == h:
            break
        if d in ("compound", "amod", "nmod", "poss") and s.pos[g] in ("NOUN", "PROPN"):
            if s.lemma[g] in PLACE_NAMED_EVENTS and d == "compound":
                return "other", -1, f"names where the {s.text[g]} is"
            if s.lemma[g] in ACTION_NOUNS:
                other_owner = any(c != h and s.dep[c] == "poss" for c in s.children[g])
                if d == "compound" and (other_owner or s.lemma[g] in TARGET_COMPOUND_ACTIONS):
                    return "target", g, "compound of an action noun that another owns or that is aimed at it"
                return "agent", g, "owner of an action noun"
            if s.lemma[g] in ORGAN_NOUNS or s.pos[g] == "PROPN":
                steps.append(f"{d} of {s.text[g]}")
                h = g
                continue
            return "other", -1, f"{d} of a noun without action ({s.text[g]})"
        if d in ("conj", "appos") and s.pos[g] in _NOMINAL:
            steps.append(d)
            h = g
            continue
        if d == "pobj" and s.lemma[g] == "of" and s.pos[int(s.head[g])] in ("NOUN", "PROPN"):
            n = int(s.head[g])
            if s.lemma[n] in SUBJECTIVE_OF:
                return "agent", n, "of-phrase naming who acts (the invitation of X)"
            if s.lemma[n] in ACTION_NOUNS:
                return "target", n, "of-object of an action noun"
            if s.lemma[n] in ORGAN_NOUNS:
                steps.append(f"of {s.text[n]}")
                h = n
                continue
            return "other", -1, f"of-phrase of a noun without action ({s.text[n]})"
        break
    return "climbed", h, steps


def _clause_role(s: ParsedSentence, n: int, depth: int = 0):
    """(role, predicate k, how) of nominal ``n`` from its function in its clause."""
    d, g = s.dep[n], int(s.head[n])
    if d in ("nsubj", "csubj") and s.pos[g] in VERBAL:
        if s.lemma[g] == "be" or s.kids(g, "attr", "acomp"):
            return "other", -1, "subject of a copula (a predicate nominal names it)"
        if s.lemma[g] in UNDERGOING_VERBS:
            return "target", g, "subject of a verb of undergoing"
        return "agent", g, "subject of an active verb"
    if d == "nsubjpass":
        return "target", g, "subject of a passive"
    if d in ("dobj", "dative", "iobj") and s.pos[g] in VERBAL:
        return "target", g, "object of a verb"
    if d == "pobj":
        p, pg = g, int(s.head[g])
        prep = s.lemma[p]
        if s.dep[p] == "agent" or (prep == "by" and (s.lemma[pg] in ACTION_NOUNS or s.kids(pg, "auxpass") or s.tag[pg] == "VBN")):
            return "agent", pg, "by-phrase of a passive or an action noun"
        action = s.pos[pg] in VERBAL or s.lemma[pg] in ACTION_NOUNS
        if prep in TARGET_PREPOSITIONS and action and not (prep in ("on", "over") and s.lemma[pg] in TOPIC_HEADS):
            return "target", pg, f"object of '{s.text[p]}' after an action"
        if prep in ("to", "for") and action and s.lemma[pg] not in MOTION_VERBS and s.lemma[pg] not in REPORTING_VERBS:
            return "target", pg, f"the one an action is for or aimed at ('{s.text[p]}')"
        if prep == "as" and s.pos[pg] in VERBAL and depth < 3:  # "Serbia, acting as Russia's proxy"
            subj = s.kids(pg, "nsubj") or (s.kids(int(s.head[pg]), "nsubj") if s.dep[pg] in ("advcl", "xcomp") else [])
            if subj:
                role, pred, how = _clause_role(s, subj[0], depth + 1)
                return role, pred, f"'as' phrase naming the subject ({how})"
        return "other", -1, f"object of '{s.text[p]}'"
    if d in ("attr", "oprd"):
        return "other", -1, "predicate nominal"
    return "other", -1, f"no role-giving function ({d})"


def _mention_role(s: ParsedSentence, head: int, mentions: set[int]) -> tuple[str, int, str]:
    """(role, predicate k or −1, how) of the mention whose head token is ``head``."""
    r = _phrase_role(s, head, mentions)
    if r[0] != "climbed":
        return r
    _, n, steps = r
    role, pred, how = _clause_role(s, n)
    if steps:
        how = f"{how}, via {' / '.join(steps)}"
    return role, pred, how


# --------------------------------------------------------------------------- cues linked through the predicate


def _own_subject(s: ParsedSentence, k: int) -> bool:
    return any(s.dep[c] in ("nsubj", "nsubjpass", "csubj", "expl") for c in s.children[k])


def _owned_by_other(s: ParsedSentence, c: int, skip: set[int]) -> bool:
    """Whether noun ``c`` names an action another actor mention owns: as its possessor or
    modifier, or as the by-phrase of a participle modifying it."""
    for o in s.children[c]:
        if s.dep[o] in ("poss", "compound", "amod") and o in skip:
            return True
        if s.dep[o] == "acl":
            for a in s.kids(o, "agent"):
                if any(x in skip for x in s.kids(a, "pobj")):
                    return True
    return False


def _linked_tokens(s: ParsedSentence, pred: int, role: str, skip: set[int]) -> dict[int, str]:
    """Tokens of the predicate's own phrase, each with the role the mention holds toward it
    (see the module docstring); ``skip`` holds the heads of other actor mentions."""
    out: dict[int, str] = {}
    stack = [(pred, role)]
    against = held_against(s, pred)
    if s.dep[pred] == "acl" and s.tag[pred] == "VBN":  # "strikes threatened by NATO": the noun is the patient
        head = int(s.head[pred])
        stack.append((head, role))
        stack.extend((c, role) for c in s.children[head] if s.dep[c] in ("compound", "amod") and c not in skip)
    seen = set()
    while stack:
        k, r = stack.pop()
        if k in seen:
            continue
        seen.add(k)
        out[k] = r
        for c in s.children[k]:
            dep = s.dep[c]
            if c in skip or c in against or dep in _NO_CUES or dep == "relcl":
                continue
            if k == pred and dep in ("nsubj", "nsubjpass", "csubj"):
                continue  # the subject is an argument, not the predicate's phrase
            if dep in _CLAUSES_WITH_OWN_SUBJECT and _own_subject(s, c):
                continue
            if r == "target" and (dep in ("advcl", "xcomp", "ccomp", "pcomp") or (dep == "conj" and s.pos[c] in VERBAL)):
                continue  # the agent's purpose or its other acts ("confront NATO and undermine US leadership")
            if s.pos[c] in ("NOUN", "PROPN") and _owned_by_other(s, c, skip):
                continue  # an action another actor owns ("answer NATO strikes", "strikes threatened by NATO")
            if s.lemma[k] in PREVENTING_VERBS and dep in ("dobj", "xcomp", "ccomp"):
                continue  # "labored to avert strikes": averting is not striking
            nr = "target" if (r == "agent" and s.pos[c] in VERBAL and s.lemma[c] in UNDERGOING_VERBS) else r
            stack.append((c, nr))
    return out


# --------------------------------------------------------------------------- the tables


MENTION_COLUMNS = ["doc_id", "group", "sent_id", "i", "j", "start", "end", "actor", "match", "voice", "attribution",
                   "source", "role", "predicate", "predicate_pos", "predicate_i", "predicate_start", "predicate_end", "how", "frames",
                   "n_cues"]
LINK_COLUMNS = ["doc_id", "group", "sent_id", "i", "j", "start", "end", "actor", "match", "voice", "role", "predicate",
                "frame", "cue", "cue_pos", "cue_i", "cue_j", "cue_start", "cue_end", "attribution", "source"]


def _narration(att: dict) -> tuple[str, str]:
    """Attribution of words outside any reported content and quotation: the author's, unless
    the whole sentence continues a report (a list item after "Putin told Clinton that …:")."""
    if att.get("narration") == "reported" and str(att.get("how", "")).startswith("list item"):
        return "reported", att.get("narration_source", "")
    return "author", ""


class _Hits:
    """A hits table as plain lists, with its rows grouped by (doc_id, sent_id)."""

    def __init__(self, hits: pd.DataFrame):
        self.doc = hits.doc_id.astype(str).tolist()
        self.group = hits.group.astype(str).tolist() if "group" in hits else [""] * len(hits)
        self.sent = hits.sent_id.astype(int).tolist()
        self.i, self.j = hits.i.astype(int).tolist(), hits.j.astype(int).tolist()
        self.start, self.end = hits.start.astype(int).tolist(), hits.end.astype(int).tolist()
        self.category = hits.category.astype(str).tolist()
        self.match = hits["match"].astype(str).tolist()
        self.voice = hits.voice.astype(str).tolist()
        self.speaker = hits.speaker.astype(str).tolist() if "speaker" in hits else [""] * len(hits)
        self.rows: dict[tuple, list[int]] = {}
        for n, key in enumerate(zip(self.doc, self.sent)):
            self.rows.setdefault(key, []).append(n)


def _clause_attribution(s: ParsedSentence, k: int, voice: str, speaker: str, reported: dict, att: dict) -> tuple[str, str]:
    """(attribution, source) of the words at parsed token ``k``: quoted in quoted voice, reported
    inside what a reporting verb reports, else the sentence's narration."""
    if voice == "quoted":
        return "quoted", speaker or "unknown"
    if k in reported:
        return "reported", s.text[reported[k]]
    return _narration(att)


def _sentence_rows(s: ParsedSentence, a: _Hits, ms: list[int], f: _Hits, cs: list[int], att: dict,
                   author=None) -> tuple[list, list]:
    """Mention rows and link rows of one parsed sentence (``ms``, ``cs``: rows of its mentions and
    cues; ``author``: the pattern of its document's author names, whose reports are its own)."""
    heads = [head_of(s, span_tokens(s.start, s.end, a.start[m], a.end[m])) for m in ms]
    cue_heads = [head_of(s, span_tokens(s.start, s.end, f.start[c], f.end[c])) for c in cs]
    reported = reported_tokens(s)
    if author is not None and reported:  # "Belgium considers that …" in Belgium's speech: its own claim
        own = {src for src in set(reported.values()) if author.search(subject_words(s, src))}
        reported = {k: src for k, src in reported.items() if src not in own}
    m_rows, l_rows = [], []
    for m, h in zip(ms, heads):
        others = {x for x in heads if x != h}
        role, pred, how = _mention_role(s, h, others)
        links = _linked_tokens(s, pred, role, others | {h}) if pred >= 0 else {}
        mention = [a.doc[m], a.group[m], a.sent[m], a.i[m], a.j[m], a.start[m], a.end[m], a.category[m], a.match[m], a.voice[m]]
        frames = []
        for c, ch in zip(cs, cue_heads):
            if ch not in links:
                continue
            att_c, src = _clause_attribution(s, ch, f.voice[c], f.speaker[c], reported, att)
            frames.append(f.category[c])
            l_rows.append(mention + [links[ch], s.lemma[pred], f.category[c], f.match[c], s.pos[ch], f.i[c], f.j[c],
                                     f.start[c], f.end[c], att_c, src])
        m_att, m_src = _clause_attribution(s, h, a.voice[m], a.speaker[m], reported, att)
        pred_cols = ([s.lemma[pred], s.pos[pred], int(s.i[pred]), int(s.start[pred]), int(s.end[pred])] if pred >= 0
                     else ["", "", -1, -1, -1])
        m_rows.append(mention + [m_att, m_src, role] + pred_cols + [how, ";".join(sorted(set(frames))), len(frames)])
    return m_rows, l_rows


def role_tables(corpus, actor_hits: pd.DataFrame | None = None, frame_hits: pd.DataFrame | None = None, *,
                parse: pd.DataFrame | None = None, attribution: pd.DataFrame | None = None,
                pipeline: str | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both role tables at once: (:func:`actor_roles`, :func:`role_links`)."""
    dispatch(corpus, "role_tables")
    from .framing import lexicon_hits
    from .syntax import DEFAULT_PIPELINE
    from .syntax import parse as run_parse

    actor_hits = lexicon_hits(corpus, "actors") if actor_hits is None else actor_hits
    frame_hits = lexicon_hits(corpus, "frames") if frame_hits is None else frame_hits
    if parse is None:
        parse = run_parse(corpus, "actors", actor_hits=actor_hits, pipeline=pipeline or DEFAULT_PIPELINE)
    if attribution is None:
        from .attribution import sentence_attribution

        keys = actor_hits[["doc_id", "sent_id"]].drop_duplicates().astype({"doc_id": str})
        attribution = sentence_attribution(corpus, sentences=keys, actor_hits=actor_hits, pipeline=pipeline)
    cols = ["narration", "narration_source", "how"]
    att = {(d, k): dict(zip(cols, v)) for d, k, *v in zip(  # lists: no Arrow scalar per cell
        *(attribution[c].astype(t).tolist() for c, t in [("doc_id", str), ("sent_id", int)] + [(c, object) for c in cols]))}
    a, f = _Hits(actor_hits), _Hits(frame_hits)
    own = author_patterns(corpus.documents)
    m_rows, l_rows, seen = [], [], set()
    for d, sid, s in iter_sentences(parse):
        ms = a.rows.get((d, sid))
        if ms is None:
            continue
        seen.add((d, sid))
        mr, lr = _sentence_rows(s, a, ms, f, f.rows.get((d, sid), []), att.get((d, sid), {}), own.get(d))
        m_rows += mr
        l_rows += lr
    missing = set(a.rows) - seen
    if missing:
        raise ValueError(f"the parse lacks {len(missing)} sentences with actor mentions, e.g. {sorted(missing)[0]}; "
                         "parse with sentences='actors' and the same actor hits")
    return _finish(corpus, m_rows, MENTION_COLUMNS), _finish(corpus, l_rows, LINK_COLUMNS)


def _finish(corpus, rows: list, columns: list[str]) -> pd.DataFrame:
    out = pd.DataFrame(rows, columns=columns)
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    sort = ["_o", "start", "end"] + (["cue_start"] if "cue_start" in columns else [])
    out = out.assign(_o=out.doc_id.map(order)).sort_values(sort, kind="stable").drop(columns="_o")
    if "role" in out:
        out["role"] = pd.Categorical(out["role"], categories=list(ROLES))
    return out.reset_index(drop=True)


def actor_roles(corpus, actor_hits: pd.DataFrame | None = None, frame_hits: pd.DataFrame | None = None, **kw) -> pd.DataFrame:
    """The role of every actor mention, with its predicate and the frame cues linked through it.

    Parameters
    ----------
    corpus : Corpus
    actor_hits, frame_hits : DataFrame, optional
        Hits of the actor and frame lexicons (default: the bundled lexicons' hits).
    parse, attribution : DataFrame, optional
        A parse (:func:`analysis.syntax.parse`, ``sentences="actors"``) and the attribution
        table (:func:`analysis.attribution.sentence_attribution`); computed (and cached) when None.
    pipeline : str, optional
        The spaCy pipeline (default :data:`analysis.syntax.DEFAULT_PIPELINE`).

    Returns
    -------
    DataFrame
        One row per actor mention: doc_id, group, sent_id, i, j (our token span), start, end
        (raw offsets: ``corpus.raw(doc_id)[start:end]`` is the mention), actor, match, voice,
        attribution and source (of the mention's clause: quoted in quoted voice, reported
        inside what a reporting verb reports, else the sentence's narration), role (agent /
        target / other), predicate (lemma of the governing verb or action noun; "" for
        other), predicate_pos (its part of speech: VERB, NOUN …), predicate_i (our token holding it; −1 none), predicate_start, predicate_end
        (raw offsets), how (the rule that decided), frames (the frames of the cues linked
        through the predicate, ``;``-joined), n_cues. In corpus order.

    Raises
    ------
    analysis.syntax.SyntaxUnavailable
        Without spaCy and an English pipeline (the message says how to install them).
    """
    dispatch(corpus, "actor_roles")
    return role_tables(corpus, actor_hits, frame_hits, **kw)[0]


def role_links(corpus, actor_hits: pd.DataFrame | None = None, frame_hits: pd.DataFrame | None = None, **kw) -> pd.DataFrame:
    """Every (actor mention, frame cue) link through the mention's predicate, with the role
    the mention holds toward that cue: the long table role-aware framing counts.

    Returns
    -------
    DataFrame
        doc_id, group, sent_id, i, j, start, end, actor, match, voice (of the mention); role
        (agent / target / other: toward this cue), predicate; frame, cue (as written), cue_pos
        (part of speech of the cue's head token: PROPN marks a cue inside a name), cue_i,
        cue_j, cue_start, cue_end (the cue's token span and raw offsets); attribution and
        source of the cue (quoted in quoted voice; reported inside what a reporting verb
        reports; else the sentence's narration). In corpus order.
    """
    dispatch(corpus, "role_links")
    return role_tables(corpus, actor_hits, frame_hits, **kw)[1]


# --------------------------------------------------------------------------- role-aware framing

#: Fewer sentences than this behind a share → thin evidence (as frame_rates' hits).
THIN_MIN = 5
#: One paragraph supplying more than this share of a cell's sentences → thin.
THIN_MAX_SHARE = 0.5
SEED = 20261204


def _units(corpus, table: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """``table`` with the ``by`` columns (from the documents table where missing) and para_id."""
    docs = corpus.documents.assign(doc_id=corpus.documents.doc_id.astype(str)).set_index("doc_id")
    out = table.copy()
    for col in by:
        if col not in out.columns:
            if col not in docs.columns:
                raise ValueError(f"by={col!r} is neither a column of the table nor of the documents; "
                                 f"valid: {sorted(set(out.columns) | set(docs.columns))}")
            out[col] = docs[col].reindex(out.doc_id.astype(str)).to_numpy()
    s = corpus.sentences
    para = dict(zip(zip(s.doc_id.astype(str), s.sent_id), s.para_id))
    out["para_id"] = [para[(d, int(k))] for d, k in zip(out.doc_id.astype(str), out.sent_id)]
    return out


def role_frames(corpus, roles: pd.DataFrame, links: pd.DataFrame, *, by: str | list[str] = "doc_id",
                actors=None, frames=None, split_attribution: bool = True, block: str | None = None,
                n_boot: int = 2000, ci: float = 0.95, seed: int = SEED) -> pd.DataFrame:
    """Role-aware framing: of the sentences that mention an actor, the share in which it is the
    agent (or target) of a frame cue, per unit, actor, role, frame and attribution.

    One sentence counts once per actor, role, frame and attribution, however many names and
    cues it holds, so every share is a share (never above 1).

    Parameters
    ----------
    roles, links : DataFrame
        :func:`actor_roles` (the denominators: sentences mentioning each actor) and
        :func:`role_links` (the numerators).
    by : str or list, default "doc_id"
        The unit: documents (in date order, the default) or any document column ("group",
        "year").
    actors, frames : sequences, optional
        Which, in this order (default: as they appear).
    split_attribution : bool
        One row per attribution of the cue (author / reported / quoted); False pools them
        (a sentence then counts once whatever its attribution).
    block : "sentence", "paragraph" or "document", optional
        What the bootstrap resamples. Default: sentences within a document (``by="doc_id"``),
        documents within a group otherwise, so that an interval about a group of documents
        reflects the spread between them (with one document it falls back to sentences).
    n_boot, ci, seed
        Percentile bootstrap; a cell with no sentence gets [0, 3 / n_sentences] (rule of three).

    Returns
    -------
    DataFrame
        The ``by`` columns, actor, role (agent / target), frame, attribution ("all" when not
        split), n (int: sentences where the actor holds that role toward a cue of that frame),
        n_sentences (int: sentences of the unit mentioning the actor), share (n / n_sentences),
        share_low, share_high, n_links (int: link rows behind it, for drill-down),
        top_para_share, thin (str: why the evidence is thin, "" if not), block. Every
        combination of the unit's actors with the roles, frames and attributions is listed
        (zeros included).
    """
    dispatch(corpus, "role_frames")
    from .uncertainty import bootstrap_ratio, rng_for

    by = [by] if isinstance(by, str) else list(by)
    r = _units(corpus, roles.assign(actor=roles.actor.astype(str)), by)
    lk = _units(corpus, links.assign(actor=links.actor.astype(str), frame=links.frame.astype(str),
                                     role=links.role.astype(str)), by)
    lk = lk[lk.role.isin(["agent", "target"])]
    if not split_attribution:
        lk = lk.assign(attribution="all")
    actors = list(actors) if actors is not None else list(dict.fromkeys(r.actor))
    frames = list(frames) if frames is not None else list(dict.fromkeys(lk.frame))
    atts = ["author", "reported", "quoted"] if split_attribution else ["all"]
    combos = [(ro, fr, at) for ro in ("agent", "target") for fr in frames for at in atts]
    col = {c: n for n, c in enumerate(combos)}
    sents = r[r.actor.isin(actors)].drop_duplicates(by + ["actor", "doc_id", "sent_id"])
    lk = lk[lk.actor.isin(actors) & lk.frame.isin(frames)]
    hits = lk.drop_duplicates(by + ["actor", "doc_id", "sent_id", "role", "frame", "attribution"])
    n_links = lk.groupby(by + ["actor", "role", "frame", "attribution"]).size().to_dict()
    rows = []
    # each unit's hits found once (a row-wise comparison per unit read every hit per unit)
    hit_rows = {tuple(map(str, k if isinstance(k, tuple) else (k,))): ix
                for k, ix in hits.groupby(by + ["actor"], sort=False, observed=True).indices.items()} if len(hits) else {}
    for unit, g in sents.groupby(by + ["actor"], sort=False):
        unit = unit if isinstance(unit, tuple) else (unit,)
        key = list(zip(g.doc_id.astype(str), g.sent_id))
        pos = {k: n for n, k in enumerate(key)}
        m = np.zeros((len(key), len(combos)))
        h = hits.iloc[hit_rows.get(tuple(map(str, unit)), [])] if len(hits) else hits
        for d, k, ro, fr, at in zip(h.doc_id.astype(str), h.sent_id, h.role, h.frame, h.attribution):
            if (d, k) in pos:
                m[pos[(d, k)], col[(ro, fr, at)]] = 1
        kind = block or ("sentence" if by == ["doc_id"] or g.doc_id.nunique() < 2 else "document")
        labels = {"sentence": np.arange(len(key)), "paragraph": g.doc_id.astype(str) + "#" + g.para_id.astype(str),
                  "document": g.doc_id.astype(str)}[kind]
        codes, _ = pd.factorize(np.asarray(labels))
        mb = np.zeros((codes.max() + 1, len(combos)))
        np.add.at(mb, codes, m)
        db = np.bincount(codes).astype(float)
        lo, hi = bootstrap_ratio(mb, db, n_boot=n_boot, ci=ci, rng=rng_for(seed, *unit))
        n_s = len(key)
        # sentences per paragraph and combination, for the top paragraph's share (one sum, not a groupby per combination)
        pcodes, _ = pd.factorize(g.doc_id.astype(str).to_numpy() + "#" + g.para_id.astype(str).to_numpy())
        per_para = np.zeros((pcodes.max() + 1, len(combos)))
        np.add.at(per_para, pcodes, m)
        top_n = per_para.max(axis=0)
        for c, (ro, fr, at) in enumerate(combos):
            n = int(m[:, c].sum())
            top = float(top_n[c] / n) if n else 0.0
            low, high = (0.0, min(1.0, 3.0 / n_s)) if n == 0 else (float(lo[c]), float(hi[c]))
            why = ([f"fewer than {THIN_MIN} sentences"] if n < THIN_MIN else []) + (
                ["one paragraph supplies most sentences"] if n and top > THIN_MAX_SHARE else [])
            rows.append({**dict(zip(by + ["actor"], unit)), "role": ro, "frame": fr, "attribution": at, "n": n,
                         "n_sentences": n_s, "share": n / n_s, "share_low": low, "share_high": high,
                         "n_links": int(n_links.get(unit + (ro, fr, at), 0)), "top_para_share": top,
                         "thin": "; ".join(why), "block": kind})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    order = {d: n for n, d in enumerate(corpus.documents.doc_id.astype(str))}
    out["actor"] = pd.Categorical(out.actor, categories=actors)
    out["frame"] = pd.Categorical(out.frame, categories=frames)
    out = out.assign(_o=out[by[0]].map(order) if by == ["doc_id"] else 0)
    return out.sort_values(["_o"] + by + ["actor", "role", "frame", "attribution"], kind="stable").drop(columns="_o").reset_index(drop=True)


@renamed(options={"unit": "context"})
def role_lines(corpus, links: pd.DataFrame, *, window: int = 8, context: str = "sentence", **cell) -> pd.DataFrame:
    """The concordance lines behind one cell of :func:`role_frames`: one line per sentence
    counted (its first link), the cue as the match, and the mention it is linked to.

    ``window`` and ``context`` ("sentence": the context stays in the sentence, the
    default; "token": it may cross sentences) as in :func:`analysis.concordance.kwic`
    (``unit=``, the old name of ``context=``, is kept for one release with a
    ``DeprecationWarning``). ``**cell`` names the cell: column = value filters on the links table or a document
    column, e.g. ``doc_id="phillips-peci-2021", actor="Serbia", role="agent",
    frame="aggression_threat", attribution="author"``. ``len(role_lines(...))`` equals the
    cell's ``n``.
    """
    from .concordance import kwic

    by = [k for k in cell if k not in links.columns]
    sub = _units(corpus, links, by) if by else links
    for k, v in cell.items():
        vals = v if isinstance(v, (list, tuple, set)) else [v]
        sub = sub[sub[k].astype(str).isin([str(x) for x in vals])]
    sub = sub.drop_duplicates(["doc_id", "sent_id", "actor", "role", "frame", "attribution"])
    hits = pd.DataFrame({"doc_id": sub.doc_id.astype(str), "group": sub.group, "sent_id": sub.sent_id,
                         "voice": sub.voice, "speaker": "", "i": sub.cue_i, "j": sub.cue_j,
                         "pattern": sub.cue, "category": sub.frame})
    lines = kwic(corpus, hits, window=window, context=context)
    for c in ("actor", "match", "role", "predicate", "attribution", "source", "cue_pos"):
        if c in sub.columns:
            lines[f"{'mention' if c == 'match' else c}"] = sub[c].astype(str).to_numpy()
    return lines
