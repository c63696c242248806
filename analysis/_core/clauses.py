"""Clauses of a parsed sentence that report someone's words or thoughts: the reporting verbs
and nouns, a verb's subject, what a reporting verb reports. Shared by attribution (whose
claim a sentence is) and roles (whose claim a frame cue is)."""

from __future__ import annotations

import re

from .parsed import ParsedSentence

__all__ = ["REPORTING_VERBS", "REPORTING_NOUNS", "OBJECT_OK", "AUTHOR_PRONOUNS", "MODALS", "governs", "subject_of",
           "content_of", "verb_of", "held_against", "reported_tokens", "VERBAL", "ACCUSING", "WARNING",
           "author_names", "author_patterns", "subject_words"]

#: Verbs that report a claim, belief, intention, demand or speech (lemmas), by kind.
REPORTING_VERBS: dict[str, str] = {
    **dict.fromkeys("say tell claim insist argue assert contend maintain allege state declare announce "
                    "stress emphasize emphasise note add reply respond remark explain write report "
                    "acknowledge admit concede complain comment insinuate reiterate testify "
                    "suggest warn predict promise vow pledge threaten deny confirm reason".split(), "speech"),
    **dict.fromkeys("believe think calculate hope fear feel doubt expect reckon conclude suspect "
                    "consider know worry assume imagine understand".split(), "cognition"),
    **dict.fromkeys("justify".split(), "justification"),
    **dict.fromkeys("demand urge ask request propose insist call".split(), "demand"),
    **dict.fromkeys("accuse blame charge criticize criticise condemn depict describe label portray".split(), "accusation"),
}
#: Nouns that report a claim when a that-clause follows ("with the argument that NATO was …").
REPORTING_NOUNS = {"argument", "claim", "claims", "assertion", "allegation", "belief", "view", "accusation", "charge",
                   "contention", "insistence", "suggestion", "assurance", "warning", "demand", "promise", "pretext"}
#: Reporting verbs that report with a plain object too ("Russia claims an affinity").
OBJECT_OK = {"claim", "accuse", "deny", "allege", "demand", "blame", "charge", "depict", "describe", "label", "portray", "condemn"}
#: Subjects that make a reporting verb the author's own ("we believe", "it is said").
AUTHOR_PRONOUNS = {"i", "we", "me", "us", "it", "this", "that", "there", "one"}


def governs(s: ParsedSentence, k: int) -> bool:
    """Whether verb ``k`` governs the sentence: its root, a parenthetical ("…, said Putin, …"),
    or a verb conjoined to one that governs."""
    d = s.dep[k]
    if d in ("ROOT", "parataxis"):
        return True
    return d == "conj" and governs(s, s.head[k])


def subject_of(s: ParsedSentence, k: int) -> int | None:
    """The nominal subject of verb ``k`` nearest to it (an inverted "…, said Putin" has two);
    a conjoined verb without its own subject takes the first conjunct's."""
    subj = s.kids(k, "nsubj")
    if subj:
        return min(subj, key=lambda x: abs(x - k))
    if s.dep[k] == "conj":
        return subject_of(s, s.head[k])
    return None


#: Parts of speech of a verb (spaCy's coarse tags).
VERBAL = ("VERB", "AUX")

MODALS = {"should", "must", "could", "might", "may", "can", "would", "ought"}


def content_of(s: ParsedSentence, k: int) -> list[int]:
    """What reporting verb ``k`` reports: a clause, a plain object for :data:`OBJECT_OK` verbs,
    the clause a parenthetical "…, said Putin, …" interrupts, a "that"-clause the parser
    attached to the addressee ("warned the leader that …")."""
    lem = s.lemma[k]
    content = s.kids(k, "ccomp", "xcomp")
    if not content and lem in OBJECT_OK and not s.kids(k, "dative"):
        content = s.kids(k, "dobj")
    if not content and lem in ("accuse", "blame", "charge"):
        content = s.kids(k, "prep")
    if not content:
        for o in s.kids(k, "dobj", "dative"):
            for rc in s.kids(o, "relcl"):
                if any(s.lemma[m] == "that" for m in s.kids(rc, "mark")):
                    content = [rc]
    if not content:  # "justified the move with the argument that …"
        for x in s.subtree(k):
            if s.lemma[x] in REPORTING_NOUNS and verb_of(s, x) == k:
                content += [c for c in s.kids(x, "acl", "ccomp") if any(s.lemma[m] == "that" for m in s.kids(c, "mark"))]
    if not content and (s.dep[k] == "parataxis" or (s.dep[k] == "ROOT" and any(s.dep[c] == "ccomp" for c in s.children[k]))):
        content = [s.head[k]] if s.dep[k] == "parataxis" else s.kids(k, "ccomp")
    return content


def verb_of(s: ParsedSentence, x: int) -> int:
    """The nearest verb above token ``x``."""
    for _ in range(12):
        x = int(s.head[x])
        if s.pos[x] in ("VERB", "AUX") or s.dep[x] == "ROOT":
            return x
    return x


def held_against(s: ParsedSentence, k: int) -> set[int]:
    """What an accusing verb ``k`` (:data:`ACCUSING`: condemn, accuse, blame, criticize, charge)
    holds against someone: its content (:func:`content_of`) and its objects of
    *of, for, over, about, against*; for a warning verb (:data:`WARNING`), its objects of *of,
    about, against*; empty for any other word. That is another party's act as
    the source presents it, not the source's own: "Russia condemned the bombing", "accused
    NATO of aggression", "blamed NATO for the deaths" make Russia the agent of condemning,
    accusing, blaming, not of bombing, aggression or deaths. (What one promises, threatens,
    proposes or asks to do is kept: "Vucic threatened to intervene militarily" is Vucic's
    threatened act.)"""
    if s.pos[k] not in VERBAL:
        return set()
    if s.lemma[k] in WARNING:  # "Russia warned of a humanitarian catastrophe": not Russia's act
        return {c for c in s.kids(k, "prep") if s.lemma[c] in _WARNED_OF}
    if s.lemma[k] not in ACCUSING:
        return set()
    return set(content_of(s, k)) | {c for c in s.kids(k, "prep") if s.lemma[c] in _HELD_AGAINST}


_HELD_AGAINST = frozenset({"of", "for", "over", "about", "against"})
_WARNED_OF = frozenset({"of", "about", "against"})
#: The accusation verbs whose object is another party's act (not "describe its relations").
ACCUSING = frozenset({"accuse", "blame", "charge", "criticize", "criticise", "condemn"})
#: The warning verbs: what one warns of, about or against is a danger the source names, not its
#: own act ("warned of a catastrophe", "warned against expansion"); what it warns *that* is its
#: claim, kept as the content of a reporting verb.
WARNING = frozenset({"warn", "caution"})


def reported_tokens(s: ParsedSentence) -> dict[int, int]:
    """Token k → k of the source, for tokens inside what a reporting verb reports."""

    out: dict[int, int] = {}
    for k, lem in enumerate(s.lemma):
        if lem not in REPORTING_VERBS or s.pos[k] not in VERBAL:
            continue
        subj = subject_of(s, k)
        if subj is None and s.dep[k] in ("advcl", "xcomp"):  # "…, claiming to protect": the clause's subject
            subj = subject_of(s, int(s.head[k]))
        if subj is None or s.text[subj].lower() in ("i", "we", "it", "this", "that", "there"):
            continue
        own = set(s.subtree(k))
        for c in content_of(s, k):
            for x in s.subtree(c):
                if x not in own or c in own:
                    out.setdefault(x, subj)
    return out

# --------------------------------------------------------------------------- the document's own author


def author_names(authors: str) -> list[str]:
    """The names a document's author goes by, from its manifest ``authors`` cell: ``;``-separated,
    a parenthetical role dropped, ``unsigned`` / ``anonymous`` ignored.

    Examples
    --------
    >>> author_names("Belgium; Charles Michel")
    ['Belgium', 'Charles Michel']
    >>> author_names("Denis Dmitriev; Kevin Rothrock (translator)"), author_names("unsigned")
    (['Denis Dmitriev', 'Kevin Rothrock'], [])
    """
    names = [re.sub(r"\s*\([^)]*\)", "", n).strip() for n in str(authors or "").split(";")]
    return [n for n in names if n and n.lower() not in ("unsigned", "anonymous", "nan", "<na>")]


def author_patterns(documents) -> dict:
    """doc_id → a regular expression finding any of its :func:`author_names` as whole words
    (case-insensitive), for the documents whose ``authors`` names someone."""
    if "authors" not in documents:
        return {}
    out = {}
    for d, authors in zip(documents.doc_id.astype(str), documents["authors"].fillna("").astype(str)):
        names = author_names(authors)
        if names:
            alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
            out[d] = re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)", re.IGNORECASE)
    return out


def subject_words(s: ParsedSentence, subj: int) -> str:
    """The words that name subject ``subj``, space-separated: its head with its compounds,
    modifiers, conjuncts and *of*-phrases ("The Government of the Republic of Haiti", "Antigua
    and Barbuda"), not what else its phrase says ("disclosures about … in Cuba" names no Cuba)."""
    keep, stack = set(), [subj]
    while stack:
        k = stack.pop()
        keep.add(k)
        for c in s.children[k]:
            dep = s.dep[c]
            if dep in _NAMING or (dep == "prep" and s.lemma[c] == "of") or (dep == "pobj" and s.dep[k] == "prep"):
                stack.append(c)
    return " ".join(s.text[x] for x in sorted(keep))


#: The dependents that are part of a subject's name (see :func:`subject_words`).
_NAMING = frozenset({"compound", "amod", "det", "poss", "flat", "nmod", "appos", "conj", "cc", "case", "punct", "nummod"})
