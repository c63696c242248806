"""Hostile input: every bad file named, nothing else skipped; interrupted writes leave no partial file."""

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import CorpusError, load_corpus
from analysis.framing import actor_frame_pairs, actor_frames, frame_rates, lexicon_hits
from analysis.concordance import kwic
from analysis.tokens import TOKEN_RE
from conftest import count_case, write_corpus

GOOD = "Russia and NATO met in Belgrade. Serbia said “we will not give up Kosovo to anyone,” the minister said.\n"


def hostile_folder(tmp_path):
    (tmp_path / "outside.txt").write_text("secret")
    texts = {
        "good": GOOD,
        "crlf": GOOD.replace("\n", "\r\n").encode(),
        "bom": b"\xef\xbb\xbf" + GOOD.encode(),
        "latin1": "Caf\u00e9 in Moskva.".encode("latin-1"),
        "utf16": "Russia in UTF-16".encode("utf-16"),
        "empty": b"",
        "big": ("Russia moved troops near the border again. " * 470_000)[:20_000_000],
    }
    rows = [dict(zip(("doc_id", "file", "group", "published"), line.split(","))) for line in (
            "good,good.txt,a,2020", "crlf,crlf.txt,a,2021-01", "bom,bom.txt,a,2021-02-03",
            "latin1,latin1.txt,b,2020", "utf16,utf16.txt,b,2020", "empty,empty.txt,b,2020",
            "big,big.txt,b,2019", "good,good.txt,a,2020", "future,good.txt,a,2999-12-31", "link,link.txt,b,2020")]
    folder = write_corpus(tmp_path / "hostile", texts, rows=rows)
    os.symlink(tmp_path / "outside.txt", folder / "link.txt")
    return folder


@pytest.mark.slow
def test_hostile_corpus_names_every_problem_and_loads_the_rest(tmp_path):
    folder = hostile_folder(tmp_path)
    with pytest.raises(CorpusError) as err:
        load_corpus(folder)
    msg = str(err.value)
    # manifest-level problems come first, all at once
    assert "line 9, field 'doc_id': duplicate 'good' (first on line 2)" in msg
    assert "line 10, field 'published': '2999-12-31' is in the future" in msg
    assert "line 11, field 'file': 'link.txt' points outside the corpus folder" in msg
    # fix the manifest; then every bad file is named in one error
    (folder / "link.txt").unlink()
    lines = (folder / "manifest.csv").read_text().splitlines()
    (folder / "manifest.csv").write_text("\n".join(lines[:8]) + "\n")
    with pytest.raises(CorpusError) as err:
        load_corpus(folder)
    problems = err.value.problems
    count_case("hostile corpus: bad inputs named (manifest level)", 3)
    count_case("hostile corpus: bad files named", len(problems))
    assert len(problems) == 3
    assert any("latin1.txt: not valid UTF-8 at byte offset 3" in p for p in problems)
    assert any("utf16.txt: UTF-16 byte-order mark" in p for p in problems)
    assert any("empty.txt (manifest line 7): document 'empty' is empty" in p for p in problems)
    # declare the encodings, drop the empty file: everything else loads, nothing skipped
    (folder / "manifest.csv").write_text(
        "doc_id,file,group,published,encoding\ngood,good.txt,a,2020,\ncrlf,crlf.txt,a,2021-01,\n"
        "bom,bom.txt,a,2021-02-03,\nlatin1,latin1.txt,b,2020,latin-1\nutf16,utf16.txt,b,2020,utf-16\nbig,big.txt,b,2019,\n")
    (folder / "empty.txt").unlink()
    c = load_corpus(folder)
    assert list(c.documents.doc_id) == ["good", "crlf", "bom", "latin1", "utf16", "big"]
    count_case("hostile corpus: files loaded after fixing (incl. a 20 MB document)", len(c.documents))
    n = c.documents.set_index("doc_id").n_tokens
    assert n["good"] == n["crlf"] == n["bom"] == 19 and n["latin1"] == 3 and n["utf16"] == 3
    assert n["big"] == len(TOKEN_RE.findall((folder / "big.txt").read_text()))
    for doc_id in ("crlf", "bom", "big"):
        t = c.tokens[c.tokens.doc_id == doc_id]
        raw = c.raw(doc_id)
        assert all(raw[a:b] == tok for a, b, tok in zip(t.start[:2000], t.end[:2000], t.token.astype(str)[:2000]))
    # and through every step
    a = lexicon_hits(c, "actors")
    f = lexicon_hits(c, "frames")
    assert len(kwic(c, "Russia*")) == len(a[a.category == "Russia"])
    t = actor_frames(c, actor_frame_pairs(a, f), a, n_boot=50)
    assert t.n_pairs.sum() > 0
    assert frame_rates(c, f, n_boot=50).n_hits.sum() == len(f)


ODD = st.text(alphabet=st.sampled_from(list("ab Z’'ʼ‘“”\"«»—–-.…!?,:;\n\r\t\u00a0\u200b\x00\x07•#*[](){}ĐšéMilošević")), min_size=1, max_size=400)


@pytest.mark.slow
@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ODD)
def test_generated_odd_documents_go_through_every_step(tmp_path_factory, text):
    folder = write_corpus(tmp_path_factory.mktemp("odd"), {"x": "Serbia. " + text, "y": text + " NATO"})
    count_case("generated odd documents through load → hits → KWIC → tables", 2)
    c = load_corpus(folder)
    assert c.raw("x") == "Serbia. " + text
    a = lexicon_hits(c, "actors")
    f = lexicon_hits(c, "frames")
    k = kwic(c, a)
    assert len(k) == len(a)
    actor_frames(c, actor_frame_pairs(a, f), a, n_boot=20)
    frame_rates(c, f, n_boot=20)


@pytest.mark.slow
def test_sigterm_during_figure_writing_leaves_no_partial_file(tmp_path):
    out = tmp_path / "figs"
    script = textwrap.dedent(f"""
        import sys
        from analysis.plots import new_figure, save_figure
        fig, ax = new_figure()
        ax.plot(range(2000), [x % 7 for x in range(2000)])
        print("ready", flush=True)
        k = 0
        while True:
            save_figure(fig, f"08-fig-{{k % 3}}", folder=r"{out}")
            k += 1
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    time.sleep(1.5)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGTERM
    finals = sorted(out.glob("08-fig-*.*"))
    assert finals, "some figures were written before the signal"
    for p in finals:
        data = p.read_bytes()
        assert data.endswith(b"IEND\xaeB`\x82") if p.suffix == ".png" else data.rstrip().endswith(b"</svg>")
    # the next run recovers: stale temporary files are removed when the same figure is written again
    subprocess.run([sys.executable, "-c", script.replace("while True:", "for _ in range(3):")], check=True,
                   capture_output=True)
    assert not list(out.glob(".*.tmp"))
