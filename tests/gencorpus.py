"""Generated corpora of any size for the any-corpus tests: small English texts built from the
bundled lexicons' own words, so that every notebook has something to show.

``generate(folder, n_docs)`` writes ``n_docs`` documents (about 150 tokens each) in several
groups ("Outlet 01" …) over several years: narration that names the dictionary's actors next to
frame words (actors acting on actors, as the role parser reads them), reported claims ("said
that"), and in some documents quotations — the first group's documents are interviews that
give a named speaker transcript turns ("Okafor: …"; over 1,000 quoted tokens in that group
once it has ten documents). Nothing in them names a seed group; the same ``n_docs`` gives the same bytes.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

from toy import write_corpus

#: Groups for a corpus of n documents (several; more than 30 for the largest, so figures go by group).
GROUPS = {5: 3, 60: 6, 600: 40}
SPEAKERS = ["Petrov", "Lindqvist", "Okafor", "Moreau"]
VERBS = ["warned", "criticised", "supported", "accused", "threatened", "urged", "praised", "condemned"]


@lru_cache(maxsize=1)
def words() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(actor → names, frame → cue words): the plain words and names of the bundled lexicons."""
    from analysis import load_lexicon

    actors = {a: [p for p in c.patterns if re.fullmatch(r"[A-Z][A-Za-z]+(?: [A-Z][a-z]+)*", p)]
              for a, c in load_lexicon("actors").categories.items()}
    frames = {f: [p for p in c.patterns if re.fullmatch(r"[a-z]{4,}", p)]
              for f, c in load_lexicon("frames").categories.items()}
    return {a: n for a, n in actors.items() if n}, {f: w for f, w in frames.items() if w}


def _sentence(rng: random.Random) -> str:
    actors, frames = words()
    a, b = rng.sample(sorted(actors), 2)
    name_a, name_b = rng.choice(actors[a]), rng.choice(actors[b])
    cue = rng.choice(frames[rng.choice(sorted(frames))])
    return rng.choice([
        f"{name_a} {rng.choice(VERBS)} {name_b} over the {cue}.",
        f"Officials in {name_a} said that {name_b} must end the {cue}.",
        f"The {cue} of {name_a} worried {name_b} for months.",
        f"{name_a} discussed the {cue} with {name_b} again.",
        f"Observers reported that {name_a} blamed {name_b} for the {cue}.",
    ])


def _quote(rng: random.Random, speaker: str) -> str:
    actors, frames = words()
    a, b = rng.sample(sorted(actors), 2)
    cue = rng.choice(frames[rng.choice(sorted(frames))])
    return (f"“{rng.choice(actors[a])} will never accept the {cue} that {rng.choice(actors[b])} wants,” "
            f"said {speaker}.")


def text(rng: random.Random, *, interview: bool, quotes: bool) -> str:
    """One document: a title line, then paragraphs of two to four sentences."""
    paras = [f"Report on {rng.choice(sorted(words()[0]))} and its neighbours"]
    speaker = rng.choice(SPEAKERS)
    for _ in range(rng.randint(3, 4)):
        paras.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
        if interview:  # a transcript turn: the speaker's label, then the speaker's words
            paras.append(f"{speaker}: " + " ".join(_sentence(rng) for _ in range(3)))
        elif quotes and rng.random() < 0.5:
            paras.append(_quote(rng, speaker))
    return "\n\n".join(paras) + "\n"


def generate(folder: Path, n_docs: int) -> Path:
    """Write a generated corpus of ``n_docs`` documents into ``folder``; return ``folder``."""
    rng = random.Random(n_docs)
    n_groups = GROUPS.get(n_docs, max(2, n_docs // 15))
    years = max(3, min(20, n_docs // 3))
    texts, groups, extra = {}, {}, {}
    for k in range(n_docs):
        doc_id = f"doc-{k:04d}"
        g = k % n_groups
        texts[doc_id] = text(rng, interview=g == 0, quotes=k % 3 == 0)
        groups[doc_id] = f"Outlet {g + 1:02d}"
        extra[doc_id] = {"published": f"{2001 + k % years}-{1 + k % 12:02d}-{1 + k % 28:02d}"}
    return write_corpus(folder, texts, groups, extra=extra)
