"""A hostile corpus folder, generated (issue 18): manifests, cleaning rules and voice overrides drawn by
hypothesis. Every outcome is a load or a CorpusError whose every message names a file of the folder
and a line, rule or field; never a hang (each example has a hard time limit), a raw traceback, or a
silent change in the documents, sentences or characters accounted for.

(Lexicons join this test when their loader moves to analysis.safe_yaml.)"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import signal
import tempfile
from datetime import timedelta
from pathlib import Path

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import CorpusError, load_corpus
from analysis import safe_regex
from conftest import count_case

TEXTS = {
    "d1": "Talks in Moscow\n\nRussia and NATO met in Belgrade. Serbia said “we will not give up Kosovo to anyone,” "
          "the minister said.\n\nPutin: We will not accept this.\n\nClinton: Nor will we.\n\nPutin: Then we part.\n",
    "d2": "Skip to main content\n\nMilošević spoke. The U.S.-Russian talks on 120,000 refugees ended.\n",
    "d3": "Rus\u00adsia\u200b answered\r\rNATO waited.\r",
}
NAMES = {"manifest.csv", "cleaning.yaml", "voices.csv"} | {f"{k}.txt" for k in TEXTS}
HOSTILE = list("ab,\"'\n\r\t =+-@$<>&*:#[]{}|\\\u00ad\u200b١9") + ["0000", "2099", "1998", "utf-7", "latin-1", "d1", "d2",
                                                                       "Kos\u030cevo", "Koševo", "raw", "line"]
field = st.lists(st.sampled_from(HOSTILE), max_size=6).map("".join)
BENIGN = {"group": ["g", "Wires", "Blogs"], "published": ["", "1998", "2020-03", "1999-06-14"], "year": ["", ""],
          "title": ["", "A title", "Talks, again"], "encoding": ["", "utf-8"], "sha256": [""], "raw": [""],
          "n_tokens": [""]}


def sometimes(draw, p: int = 4) -> bool:
    """True about once in ``p`` draws: most examples keep most things valid, so that loads happen too."""
    return draw(st.integers(0, p - 1)) == p - 1  # (hypothesis favours 0: make 0 the usual case)

PATTERNS = ["'^Skip to main content$'", "'(a|aa)+$'", "'a{99999999999}'", "'(unclosed'", "'x*'", "'(?s)Putin.*'",
            "'[[:alpha:]]+'", "'\\p{L}{3}'", "5", "''", "[a, b]", "'Russia'", "'(?m)^$'"]
DOCS = ["d1", "d2", "[d1, d2]", "nowhere", "5", "[d1, [x]]", "{a: 1}", "''", "[]"]
EXPECT = ["1", "'1'", "-1", "true", "'x'", "0", "2", "1.5"]
GOOD_PATTERNS = ["'^Skip to main content$'", "'(?s)Putin.*'", "'\\bNATO\\b'", "'Talks in \\w+'", "'[.]{3}'"]


@st.composite
def manifests(draw):
    rows = [{"doc_id": k, "file": f"{k}.txt", "group": "g"} for k in TEXTS]
    extra = ["published", "year", "title", "encoding", "sha256"] + (["title", "raw", "n_tokens"] if sometimes(draw) else [])
    columns = ["doc_id", "file", "group"] + draw(st.lists(st.sampled_from(extra), max_size=3, unique=True))
    if sometimes(draw, 8):
        columns.append(columns[-1])  # a duplicate header
    for r in rows:
        for c in columns:
            if c in ("doc_id", "file"):
                continue
            r[c] = draw(field) if sometimes(draw, 10) else draw(st.sampled_from(BENIGN[c]))
        if sometimes(draw, 8):
            r["doc_id"] = draw(field)
    if sometimes(draw, 6):
        rows.append(dict(rows[draw(st.integers(0, len(rows) - 1))], doc_id=draw(field)))  # one file, two ids
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    w.writerow(columns)
    w.writerows([[r.get(c, "") for c in columns] for r in rows])
    text = buf.getvalue()
    if sometimes(draw, 6):  # a stray quotation mark or comma somewhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(['"', ",", "\n", '""', "\r"])) + text[at:]
    return text


@st.composite
def cleaning(draw):
    rules = []
    for k in range(draw(st.integers(0, 3))):
        hostile = sometimes(draw, 3)
        rule = [f"  - name: {draw(st.sampled_from(['dup', '5', ''])) if hostile else 'r' + str(k)}",
                f"    pattern: {draw(st.sampled_from(PATTERNS if hostile else GOOD_PATTERNS))}"]
        if draw(st.booleans()):
            rule.append(f"    docs: {draw(st.sampled_from(DOCS if hostile else DOCS[:3]))}")
        if hostile and draw(st.booleans()):
            rule.append(f"    expect: {draw(st.sampled_from(EXPECT))}")
        if draw(st.integers(0, 5)) == 0:
            rule.append(rule[1])  # a duplicate key
        rules.append("\n".join(rule))
    text = "rules:\n" + "\n".join(rules) + "\n" if rules else "rules: []\n"
    kind = draw(st.integers(0, 9))
    if kind == 0:
        text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefg", "bcdefgh")) + text
    elif kind == 1:
        return text.encode("latin-1", "replace") + b"# caf\xe9\n"
    elif kind == 2:
        return draw(st.lists(st.sampled_from(list("ab:-[]{}&*!| \n'\"#%@`")), max_size=60).map("".join)).encode()
    return text.encode("utf-8")


@st.composite
def voices(draw):
    anchors = ["Russia and NATO", "we will not give up", "Putin", "Milošević spoke", "NATO waited", "nothing", "",
               "Russia", "We will"]
    lines = ["doc_id,scope,anchor,voice,speaker,note"]
    for _ in range(draw(st.integers(0, 3))):
        if sometimes(draw, 3):
            lines.append(",".join([draw(st.sampled_from(["d1", "d2", "d3", "zz"])),
                                   draw(st.sampled_from(["paragraph", "quote", "para"])), draw(st.sampled_from(anchors)),
                                   draw(st.sampled_from(["author", "quoted", "x"])), draw(field), draw(field)]))
        else:
            lines.append(draw(st.sampled_from(["d1,paragraph,Russia and NATO,quoted,Lavrov,",
                                               "d1,quote,we will not give up,quoted,Ivanov,a note, with a comma",
                                               "d2,paragraph,Milošević spoke,author,,"])))
    return "\n".join(lines) + "\n"


@contextlib.contextmanager
def hard_limit(seconds: int):
    """A hang is a failure, not a stuck test run."""
    def alarm(signum, frame):
        raise TimeoutError(f"load_corpus did not return within {seconds} s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def check_loaded(c, n_rows: int) -> None:
    assert len(c.documents) == n_rows
    assert int(c.documents.n_sentences.sum()) == len(c.sentences)
    for doc_id, raw in zip(c.documents.doc_id, c.documents.raw):
        t = c.tokens[c.tokens.doc_id == doc_id]
        r = c.residue[c.residue.doc_id == doc_id]
        s = c.sentences[c.sentences.doc_id == doc_id]
        covered = np.zeros(len(raw), bool)
        for a, b in list(zip(t.start, t.end)) + list(zip(r.start, r.end)):
            covered[a:b] = True
        assert all(ch.isspace() or not ch.isalnum() for ch in (raw[k] for k in np.flatnonzero(~covered))), doc_id
        assert [raw[a:b] for a, b in zip(t.start, t.end)] == list(t.token.astype(str))
        assert [raw[a:b] for a, b in zip(s.start, s.end)] == list(s.text)
        assert [raw[a:b] for a, b in zip(r.start, r.end)] == list(r.text)


NAMED = re.compile(r"(manifest\.csv|cleaning\.yaml|voices\.csv|\.txt)(.*(line \d+|rule \d+|field '|byte offset))?")


@settings(max_examples=100, deadline=timedelta(seconds=20), suppress_health_check=[HealthCheck.too_slow])
@given(manifests(), st.one_of(st.none(), cleaning()), st.one_of(st.none(), voices()))
def test_a_generated_hostile_folder_loads_or_says_where(manifest, rules, overrides):
    old = safe_regex.BASE_TIMEOUT
    safe_regex.BASE_TIMEOUT = 0.2  # a catastrophic rule stops quickly
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            for k, text in TEXTS.items():
                (folder / f"{k}.txt").write_bytes(text.encode("utf-8"))
            (folder / "manifest.csv").write_text(manifest, encoding="utf-8", newline="")
            if rules is not None:
                (folder / "cleaning.yaml").write_bytes(rules)
            if overrides is not None:
                (folder / "voices.csv").write_text(overrides, encoding="utf-8", newline="")
            with hard_limit(30):
                try:
                    c = load_corpus(folder)
                except CorpusError as exc:
                    count_case("fuzzed hostile folders: refused with a named problem")
                    assert exc.problems
                    for p in exc.problems:
                        assert str(folder) in p and NAMED.search(p), p
                    return
            count_case("fuzzed hostile folders: loaded, every character accounted for")
            n_rows = sum(1 for row in csv.reader(io.StringIO(manifest, newline="")) if row) - 1  # blank lines are no rows
            check_loaded(c, n_rows)
    finally:
        safe_regex.BASE_TIMEOUT = old
