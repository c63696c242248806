"""The one entry point: parameters, the seeds' prose on other corpora, captions, output folders,
the report (answer first, everything escaped) and the drafted manifest."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import os

import pytest

from analysis import paths
from analysis.corpus import CorpusError, draft_manifest, read_manifest, write_manifest_draft
from analysis.corpus.draft import date_in_name, date_in_text
from analysis.report_html import markdown_html, write_report
from analysis.runner import SEEDS_NOTE, _answers, _captions, _prepare, parse_parameter, run_folders

ROOT = Path(__file__).resolve().parent.parent


def notebook():
    """A figure cell, its neutral caption, then the seeds' interpretation; an answer cell."""
    v4 = nbformat.v4
    nb = v4.new_notebook()
    nb.cells = [v4.new_code_cell("save_figure(ax.figure, '01-size')"),
                v4.new_markdown_cell("Tokens per document.\n\nMore detail."),
                v4.new_markdown_cell("The Meduza piece is the outlier.", metadata={"tags": ["seeds-prose"]}),
                v4.new_code_cell("Markdown(text)", metadata={"tags": ["answer"]}),
                v4.new_code_cell("save_figure(axes, '01-other')"),
                v4.new_markdown_cell("Only seeds here.", metadata={"tags": ["seeds-prose"]}),
                v4.new_code_cell("x = 1")]
    nb.cells[3].outputs = [v4.new_output("execute_result", data={"text/markdown": "- **NATO** holds", "text/plain": "x"})]
    return nb


def test_parse_parameter_reads_literals_and_bare_strings():
    assert parse_parameter("N=3") == ("N", 3)
    assert parse_parameter("G=Blogs") == ("G", "Blogs")
    assert parse_parameter("Y=[2001]") == ("Y", [2001])
    with pytest.raises(ValueError, match="NAME=VALUE"):
        parse_parameter("nothing")


def test_seeds_prose_is_replaced_on_another_corpus_only(tmp_path):
    nb = notebook()
    assert _prepare(nb, corpus=paths.SEEDS) == 0
    assert nb.cells[2].source == "The Meduza piece is the outlier."
    assert _prepare(nb, corpus=tmp_path / "un-speeches") == 2
    assert nb.cells[2].source == SEEDS_NOTE.format(corpus="un-speeches")
    assert "Meduza" not in json.dumps(nb)


def test_captions_are_neutral_and_carry_the_seeds_story_only_on_the_seeds():
    assert _captions(notebook(), seeds=True) == {"01-size": "Tokens per document. The Meduza piece is the outlier.",
                                                 "01-other": "Only seeds here."}
    assert _captions(notebook(), seeds=False) == {"01-size": "Tokens per document.", "01-other": ""}


def test_answers_are_the_markdown_outputs_of_cells_tagged_answer():
    assert _answers(notebook()) == ["- **NATO** holds"]


def test_run_folders_never_write_over_the_seeds_figures(tmp_path, monkeypatch):
    monkeypatch.delenv("ANALYSIS_FIGURES_DIR", raising=False)
    monkeypatch.delenv("ANALYSIS_BUILD_DIR", raising=False)
    seeds = run_folders(paths.SEEDS)
    assert seeds["figures"] == paths.ROOT / "figures" and seeds["report"] == paths.ROOT / "build" / "report"
    other = run_folders(tmp_path / "my-corpus")
    assert other == {k: paths.ROOT / "build" / "my-corpus" / v for k, v in
                     {"figures": "figures", "html": "notebooks", "report": "report", "record": "run.json"}.items()}
    assert run_folders(tmp_path / "my-corpus", out=tmp_path / "o")["figures"] == tmp_path / "o" / "figures"


def test_report_opens_with_the_answer_and_escapes_everything(tmp_path):
    figures = tmp_path / "figures"
    figures.mkdir()
    for name in ("06-synthesis", "01-size"):
        (figures / f"{name}.svg").write_text("<svg/>")
    results = [{"name": "01-a.ipynb", "status": "ok", "captions": {"01-size": "Sizes of <script>x</script>"}},
               {"name": "06-b.ipynb", "status": "ok", "captions": {"06-synthesis": "Time lines."},
                "answers": ["- **Russia** as agent <img src=x onerror=alert(1)> &lt;b&gt;"]}]
    page = write_report(results, figures, tmp_path / "nb", tmp_path / "report", corpus=paths.SEEDS).read_text()
    assert page.index("The answer") < page.index("<strong>Russia</strong>") < page.index("06-synthesis.svg") \
        < page.index("<h2>Figures") < page.index("01-size.svg")
    assert "<script>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;" in page and "&amp;lt;" not in page
    failed = write_report([{"name": "06-b.ipynb", "status": "failed: CellExecutionError"}], figures, None,
                          tmp_path / "r2", corpus=paths.SEEDS).read_text()
    assert "failed (failed: CellExecutionError)" in failed


def test_markdown_html_keeps_text_as_text():
    assert markdown_html("a `<b>` **c**") == "<p>a <code>&lt;b&gt;</code> <strong>c</strong></p>\n"


# --------------------------------------------------------------------------- drafting a manifest


@pytest.mark.parametrize("name, expected", [("AFG_53_1998", "1998"), ("speech_2014-03-12", "2014-03-12"),
                                            ("note_2021_05_06", "2021-05-06"), ("brief20010911", "2001-09-11"),
                                            ("report-2019-07", "2019-07"), ("chapter12", None), ("x_2999", None)])
def test_date_in_name(name, expected):
    assert date_in_name(name) == expected


@pytest.mark.parametrize("text, expected", [("New York, 23 September 2014", "2014-09-23"),
                                            ("March 3, 2019\nLater on 2020-01-01", "2019-03-03"),
                                            ("Sept. 2001", "2001-09"), ("no date at all", None)])
def test_date_in_text(text, expected):
    assert date_in_text(text) == expected


def test_draft_manifest_guesses_and_says_so_and_never_overwrites(tmp_path):
    (tmp_path / "usa").mkdir()
    (tmp_path / "rus").mkdir()
    (tmp_path / "usa" / "remarks-2014.txt").write_text("Remarks\n\nNew York, 23 September 2014\n\nText.\n")
    (tmp_path / "rus" / "remarks-2014.txt").write_text("Statement\nText.\n")
    (tmp_path / "top.txt").write_bytes(b"caf\xe9 \x93x\x94\n")  # cp1252: é and curly quotes
    table = draft_manifest(tmp_path)
    assert table.doc_id.tolist() == ["rus-remarks-2014", "top", "usa-remarks-2014"]
    assert table.group.tolist() == ["rus", "", "usa"]
    assert table.published.tolist() == ["2014", "", "2014-09-23"]
    assert table.title.tolist() == ["Statement", "café “x”", "Remarks"]
    assert table.encoding.tolist() == ["", "cp1252", ""]
    assert "group: fill in" in table.draft_note[1] and "date from the first lines" in table.draft_note[2]
    path = write_manifest_draft(tmp_path)
    assert pd.read_csv(path, dtype=str, keep_default_na=False).equals(table)
    with pytest.raises(FileExistsError):
        write_manifest_draft(tmp_path)
    # filled in and renamed, it is a manifest the loader accepts
    filled = table.assign(group=table.group.replace("", "other"))
    filled.to_csv(tmp_path / "manifest.csv", index=False)
    assert read_manifest(tmp_path).doc_id.tolist() == table.doc_id.tolist()


def test_a_folder_without_a_manifest_says_how_to_draft_one(tmp_path):
    (tmp_path / "a.txt").write_text("Some text.\n")
    with pytest.raises(CorpusError, match="python -m analysis manifest"):
        read_manifest(tmp_path)
    out = subprocess.run([sys.executable, "-m", "analysis", "run", str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 2 and "python -m analysis manifest" in out.stderr
    out = subprocess.run([sys.executable, "-m", "analysis", "manifest", str(tmp_path)], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.returncode == 0 and (tmp_path / "manifest.draft.csv").is_file() and "fill it in" in out.stdout
    with pytest.raises(CorpusError, match="a draft is there"):
        read_manifest(tmp_path)


def _fake_notebooks(tmp_path, after: dict) -> list[Path]:
    out = []
    for name in ["01-a", "02-b", "03-c", "04-d", "05-e"]:
        nb = nbformat.v4.new_notebook()
        if name in after:
            nb.metadata["analysis"] = {"after": after[name]}
        nbformat.write(nb, tmp_path / f"{name}.ipynb")
        out.append(tmp_path / f"{name}.ipynb")
    return out


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_notebooks_run_jobs_at_a_time_first_alone_and_after_what_they_wait_for(tmp_path, monkeypatch, jobs):
    import threading
    import time as _time

    from analysis import runner

    events, lock, active = [], threading.Lock(), [0]
    peak = [0]

    class FakeKernel:
        def close(self):
            pass

    def fake_run_one(path, kernel, **run):
        with lock:
            active[0] += 1
            peak[0] = max(peak[0], active[0])
            events.append(("start", path.stem))
        _time.sleep(0.2 if path.stem == "02-b" else 0.05)  # 02 is slow: 04 must still wait for it
        with lock:
            active[0] -= 1
            events.append(("end", path.stem))
        return {"name": path.name, "status": "ok"}

    monkeypatch.setattr(runner, "_Kernel", FakeKernel)
    monkeypatch.setattr(runner, "_run_one", fake_run_one)
    nbs = _fake_notebooks(tmp_path, {"04-d": ["02-b", "no-such-notebook"]})
    results = runner._run_all(nbs, params={}, timeout=10, html=None, seeds=True, log=lambda *_: None, jobs=jobs)
    assert [r["name"] for r in results] == [p.name for p in nbs]  # in notebook order, whatever finished first
    assert peak[0] == min(jobs, 3 if jobs > 1 else 1)
    assert events[:2] == [("start", "01-a"), ("end", "01-a")]  # the first alone (it fills the cache)
    assert events.index(("end", "02-b")) < events.index(("start", "04-d"))
    starts = [e[1] for e in events if e[0] == "start"]
    if jobs == 1:
        assert starts == [p.stem for p in nbs]
    else:
        assert starts[1] == "02-b"  # awaited by 04: started first after 01


def test_jobs_from_the_environment(monkeypatch):
    from analysis.runner import default_jobs

    monkeypatch.setenv("ANALYSIS_JOBS", "3")
    assert default_jobs() == 3
    monkeypatch.setenv("ANALYSIS_JOBS", "zero")
    with pytest.raises(ValueError, match="ANALYSIS_JOBS='zero'"):
        default_jobs()
    monkeypatch.delenv("ANALYSIS_JOBS")
    assert default_jobs() == min(2, __import__("os").cpu_count() or 1)


@pytest.mark.parametrize("user_value", [None, "1"])
def test_kernels_get_numpy_without_huge_pages_unless_the_user_chose(tmp_path, monkeypatch, user_value):
    from analysis import runner

    seen = {}

    def fake_run_all(nbs, **run):  # what the kernels inherit
        seen["value"] = os.environ.get("NUMPY_MADVISE_HUGEPAGE")
        seen["pool"] = os.environ.get("ARROW_DEFAULT_MEMORY_POOL")
        return []

    for name, value in [("NUMPY_MADVISE_HUGEPAGE", user_value), ("ARROW_DEFAULT_MEMORY_POOL", user_value and "system")]:
        monkeypatch.setenv(name, "recorded")  # so that the test's end restores the original
        if value is None:
            monkeypatch.delenv(name)
        else:
            monkeypatch.setenv(name, value)
    monkeypatch.setenv("ANALYSIS_PROGRESS", "0")
    monkeypatch.setattr(runner, "_run_all", fake_run_all)
    monkeypatch.setattr(runner, "_write_outputs", lambda *a, **k: None)
    runner.run_suite(notebooks=_fake_notebooks(tmp_path, {}), html=None)
    assert seen["value"] == ("0" if user_value is None else "1")
    assert seen["pool"] == ("jemalloc" if user_value is None else "system")  # the Linux wheels have jemalloc
