"""The coding workflow: a reproducible sample, codes that survive a kernel restart, and scores
that equal a hand computation."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pandas as pd
import pytest

from analysis.coding import CodingSession, code_sheet, coding_scores, coding_sheet, parse_codes
from analysis.framing import lexicon_hits
from analysis.lexicons import load_lexicon

CATS = ["military", "diplomacy"]
FRAMES = """name: toy-frames
version: "1"
categories:
  military:
    definition: armed force
    patterns: [troops, tanks]
  diplomacy:
    definition: talks
    patterns: [talks]
"""
TEXTS = {f"d{k}": " ".join([
    "Troops crossed the river at dawn today.",            # military hit; coded military
    "The ministers held long talks in the capital.",       # diplomacy hit; coded diplomacy
    "Tanks and talks filled the whole long week.",         # both hits; coded military only
    "The envoy negotiated a ceasefire with the rebels.",   # no hit; coded diplomacy (a miss)
]) for k in range(3)}


@pytest.fixture
def corpus(make_corpus):
    return make_corpus(TEXTS, groups={"d0": "A", "d1": "B", "d2": "A"})


def test_sample_is_reproducible_and_never_overwritten(corpus, tmp_path):
    a = coding_sheet(corpus, tmp_path / "a.csv", n=8, seed=7)
    b = coding_sheet(corpus, tmp_path / "b.csv", n=8, seed=7)
    assert a.read_bytes() == b.read_bytes()
    sheet = pd.read_csv(a, dtype=str, keep_default_na=False)
    assert len(sheet) == 8
    assert sheet.columns.tolist()[:3] == ["id", "doc_id", "sent_id"]
    assert set(sheet.half) == {"tune", "held-out"}
    assert (sheet.coded == "").all()
    with pytest.raises(FileExistsError, match=r"a\.csv: a coding sheet is already there"):
        coding_sheet(corpus, a, n=8, seed=7)
    assert a.read_bytes() == b.read_bytes()


def test_parse_codes():
    assert parse_codes("2 1", CATS) == ["military", "diplomacy"]
    assert parse_codes("diplomacy", CATS) == ["diplomacy"]
    assert parse_codes("0", CATS) == [] and parse_codes("  ", CATS) is None
    with pytest.raises(ValueError, match="'3' is not a frame: use 1–2"):
        parse_codes("1 3", CATS)


def test_codes_survive_a_kernel_restart(corpus, tmp_path):
    path = coding_sheet(corpus, tmp_path / "sheet.csv", n=12, seed=1)
    s = CodingSession(path, CATS)
    assert (s.position, s.n_coded) == (0, 0)
    s.code("1")
    s.code("0")
    s.skip()                 # row 2 left uncoded
    s.code(["diplomacy", "military"])
    assert s.position == 4 and s.n_coded == 3
    # a new interpreter (what a kernel restart is) reads what was written
    code = textwrap.dedent(f"""
        from analysis.coding import CodingSession
        s = CodingSession({str(path)!r}, {CATS!r})
        print(s.position, s.n_coded, repr(s.sheet.frames.iloc[0]), repr(s.sheet.frames.iloc[3]))
        s.code("2")
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["2", "3", "'military'", "'military;diplomacy'"]
    again = CodingSession(path, CATS)
    assert again.sheet.frames.iloc[2] == "diplomacy" and again.n_coded == 4 and again.position == 4
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["sheet.csv"]  # no temporary file left behind


def test_the_widget_codes_on_enter(corpus, tmp_path):
    pytest.importorskip("ipywidgets")
    path = coding_sheet(corpus, tmp_path / "sheet.csv", n=4, seed=1)
    coder = code_sheet(path, CATS, corpus=corpus)
    box = coder.widget.children[1]
    box.value = "1 2"
    assert box.value == ""
    assert pd.read_csv(path, dtype=str, keep_default_na=False).frames.iloc[0] == "military;diplomacy"
    box.value = "9"
    assert "&#x27;9&#x27; is not a frame" in coder.widget.children[0].value
    assert coder.session.position == 1
    box.value = "b"
    assert coder.session.position == 0 and "coded: military;diplomacy" in coder.widget.children[0].value
    assert "Tanks and talks filled" in coder.widget.children[0].value   # the sentence before, as context


def test_bad_sheets_name_file_line_and_field(tmp_path):
    p = tmp_path / "s.csv"
    p.write_text("id,doc_id,sentence\nx,d,Hello.\n")
    with pytest.raises(ValueError, match=r"s\.csv: the sheet has no column\(s\) \['sent_id', 'frames'\]"):
        CodingSession(p, CATS)
    p.write_text("id,doc_id,sent_id,sentence,frames\nx,d,0,Hello.,military\ny,d,1,Bye.,war\n")
    with pytest.raises(ValueError, match=r"s\.csv, line 3, field 'frames': 'war' is not one of the categories"):
        CodingSession(p, CATS)


def test_scores_equal_a_hand_count(corpus, tmp_path):
    path = coding_sheet(corpus, tmp_path / "sheet.csv", n=12, seed=3)
    s = CodingSession(path, CATS)
    truth = {0: "1", 1: "2", 2: "1", 3: "2"}   # by sentence, as in TEXTS' comments
    while s.current is not None:
        s.code(truth[int(s.current["sent_id"])])
    lex = load_lexicon(_write(tmp_path), codebook=False)
    scores = coding_scores(path, lexicon_hits(corpus, lex), categories=CATS).set_index("category")
    # military: found in sentences 0 and 2 (both coded military) → P 6/6; coded 0 and 2 → R 6/6
    assert scores.loc["military", ["n_found", "n_coded"]].tolist() == [6, 6]
    assert scores.loc["military", "precision"] == 1.0 and scores.loc["military", "recall"] == 1.0
    # diplomacy: found in 1 and 2, right in 1 only → P 3/6; coded 1 and 3, found 1 → R 3/6
    assert scores.loc["diplomacy", ["n_found", "n_coded"]].tolist() == [6, 6]
    assert scores.loc["diplomacy", "precision"] == 0.5 and scores.loc["diplomacy", "recall"] == 0.5


def _write(tmp_path):
    p = tmp_path / "frames.yaml"
    p.write_text(FRAMES)
    return p


def test_code_sheet_draws_once_then_resumes(corpus, tmp_path):
    path = tmp_path / "sheet.csv"
    coder = code_sheet(path, CATS, corpus=corpus, n=5, seed=2)
    coder.submit("1")
    again = code_sheet(path, CATS, corpus=corpus, n=5, seed=99)   # exists: opened, not redrawn
    assert again.session.n_coded == 1 and len(again.session) == 5
    with pytest.raises(ValueError, match="pass corpus="):
        code_sheet(tmp_path / "other.csv", CATS, n=5)
