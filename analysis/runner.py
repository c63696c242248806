"""Run the notebook suite headlessly on any corpus: one entry point for ``make run``,
``python -m analysis run`` and ``tools/run_notebooks.py``.

Each notebook runs in a fresh kernel (nbclient, one Python process for the whole suite) whose
working directory is a temporary folder, so no notebook depends on it. Parameters are
overridden as papermill does: an ``injected-parameters`` cell after the cell tagged
``parameters``, in every notebook that defines the name. Outputs go where
:func:`run_folders` says: for the bundled seeds, ``figures/`` and ``build/``; for any other
corpus, ``build/<corpus-name>/`` (``figures``, ``notebooks``, ``report``, ``run.json``),
never over the seeds' committed figures.

Notebooks say which of their prose describes the seed corpus: a Markdown cell tagged
``seeds-prose`` interprets the seeds' numbers, and on another corpus it is replaced by a
short note (:data:`SEEDS_NOTE`) before the notebook runs, so the executed notebook, its HTML
copy and the report never show the seeds' story under another corpus's figures. A figure's
caption in the report is the first paragraph of the first Markdown cell after the cell that
saves it (the neutral description each figure has), followed on the seeds by the seeds'
interpretation. A code cell tagged ``answer`` holds generated statements: its Markdown
output opens the report.

Notebooks are independent of each other (none reads another's outputs), so after the first
(which loads the corpus and, for a large one, fills the cache the others read) they run
``jobs`` at a time, each in its own kernel. A notebook whose metadata says
``{"analysis": {"after": ["04-framing"]}}`` starts only when those have finished (06 reads the
parses 04 caches rather than parsing them again at the same time), and a notebook that others
wait for starts before the rest.
"""

from __future__ import annotations

import ast
import datetime as dt
import os
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
import re
import sys
import tempfile
import time
from pathlib import Path

from . import paths
from ._core.memory import jemalloc_pool

__all__ = ["SEEDS_PROSE", "ANSWER", "SEEDS_NOTE", "default_jobs", "parse_parameter", "run_notebook", "run_folders",
           "run_suite"]

#: Tag of a Markdown cell that interprets the seed corpus's results.
SEEDS_PROSE = "seeds-prose"
#: Tag of a code cell whose Markdown output is the suite's answer (the report opens with it).
ANSWER = "answer"
#: What a ``seeds-prose`` cell says on another corpus.
SEEDS_NOTE = ("*On the bundled seed corpus, an interpretation of its results stands here; it is left out for "
              "`{corpus}`. Read the table or figure above — notebook 06 states what holds in this corpus, "
              "generated from its numbers.*")
_SAVES = re.compile(r"save_figure\([^,]+,\s*[\"']([^\"']+)[\"']")


def _parameters_of(nb) -> tuple[int | None, dict]:
    """Index of the cell tagged ``parameters`` and the literals it assigns."""
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            values = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
            return k, values
    return None, {}


def parse_parameter(text: str) -> tuple[str, object]:
    """``"NAME=VALUE"`` → ``(NAME, value)``: a Python literal, else the bare string.

    Examples
    --------
    >>> parse_parameter("N_BOOT=500"), parse_parameter("VOICE=quoted"), parse_parameter("YEARS=[2001, 2002]")
    (('N_BOOT', 500), ('VOICE', 'quoted'), ('YEARS', [2001, 2002]))
    """
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise ValueError(f"a parameter is NAME=VALUE, not {text!r}")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value  # a bare string


def _inject(nb, overrides: dict) -> dict:
    """Insert an injected-parameters cell; return the notebook's effective parameters."""
    import nbformat

    k, values = _parameters_of(nb)
    used = {n: v for n, v in overrides.items() if n in values}
    if k is not None and used:
        src = "# Parameters injected on the command line\n" + "\n".join(f"{n} = {v!r}" for n, v in used.items())
        cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
        cell.pop("id", None)
        nb.cells.insert(k + 1, cell)
    return {**values, **used}


def _is_seeds(corpus: str | Path | None = None) -> bool:
    """Whether ``corpus`` (default: :func:`analysis.paths.corpus_dir`) is the bundled seed corpus."""
    folder = Path(corpus) if corpus is not None else paths.corpus_dir()
    return folder.expanduser().resolve() == paths.SEEDS.resolve()


def _tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def _prepare(nb, *, corpus: str | Path | None = None) -> int:
    """Replace every ``seeds-prose`` cell by :data:`SEEDS_NOTE` unless ``corpus`` is the seeds;
    return how many were replaced."""
    if _is_seeds(corpus):
        return 0
    name = Path(corpus if corpus is not None else paths.corpus_dir()).name
    n = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and SEEDS_PROSE in _tags(cell):
            cell.source = SEEDS_NOTE.format(corpus=name.replace("`", "'"))
            n += 1
    return n


#: A first cell that turns the package's own deprecation warnings (an old option, value,
#: column or module name, used by a notebook or by the package) into errors.
STRICT_DEPRECATIONS = ("import warnings\n"
                       "warnings.filterwarnings('error', message='.*will be removed in the next release', "
                       "category=DeprecationWarning)")


def run_notebook(path: str | Path, *, timeout: int = 600, overrides: dict | None = None, corpus: str | Path | None = None,
                 strict_deprecations: bool = False):
    """Execute one notebook in a fresh kernel; return ``(notebook, effective parameters)``.

    ``corpus`` (default :func:`analysis.paths.corpus_dir`) decides whether the seeds' prose
    stays (:func:`_prepare`); the kernels read the corpus from ``ANALYSIS_CORPUS``.
    ``strict_deprecations``: the package's deprecation warnings are errors (the tests run
    every notebook so: no notebook may use an old name)."""
    return _execute(path, _Kernel(), timeout=timeout, overrides=overrides, corpus=corpus,
                    strict_deprecations=strict_deprecations)


class _Kernel:
    """A fresh kernel started now, in a temporary working directory of its own: it talks over
    local sockets there (no TCP port, no warning about unencrypted TCP). Started ahead of its
    notebook, it gets ready while the previous notebook runs."""

    def __init__(self):
        from jupyter_client.manager import KernelManager

        self.cwd = tempfile.TemporaryDirectory()
        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(self.cwd.name) / "kernel"))
        self.km.start_kernel(cwd=self.cwd.name)

    def close(self) -> None:
        if self.km.has_kernel:
            self.km.shutdown_kernel(now=True)
        self.cwd.cleanup()


def _execute(path, kernel: _Kernel, *, timeout: int, overrides: dict | None, corpus,
             strict_deprecations: bool = False) -> tuple:
    """Run one notebook on ``kernel`` (then shut it down); return ``(notebook, parameters)``."""
    import nbformat
    from nbclient import NotebookClient

    try:
        nb = nbformat.read(path, as_version=4)
        params = _inject(nb, overrides or {})
        _prepare(nb, corpus=corpus)
        if strict_deprecations:
            cell = nbformat.v4.new_code_cell(STRICT_DEPRECATIONS, metadata={"tags": ["strict-deprecations"]})
            cell.pop("id", None)
            nb.cells.insert(0, cell)
        # no widget state: HTML copies show the explorer's static fallback
        client = NotebookClient(nb, km=kernel.km, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=False, resources={"metadata": {"path": kernel.cwd.name}})
        client.execute()
    finally:
        kernel.close()
    return nb, params


def _first_paragraph(cell) -> str:
    return cell.source.strip().split("\n\n")[0]


def _captions(nb, *, seeds: bool | None = None) -> dict[str, str]:
    """Figure name → caption: the first paragraph of the first Markdown cell after the cell
    saving it that is not seed prose; on the seeds (default: :func:`is_seeds`), followed by
    the first paragraph of the seed prose that comes before the next code cell."""
    seeds = _is_seeds() if seeds is None else seeds
    out = {}
    cells = nb.cells
    for k, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for name in _SAVES.findall(cell.source):
            neutral, seed = "", ""
            for nxt in cells[k + 1:]:
                if nxt.cell_type == "code":
                    break
                tagged = SEEDS_PROSE in _tags(nxt)
                if not tagged and not neutral:
                    neutral = _first_paragraph(nxt)
                elif tagged and seeds and not seed:
                    seed = _first_paragraph(nxt)
            out[name] = " ".join(p for p in (neutral, seed) if p)
    return out


def _answers(nb) -> list[str]:
    """The Markdown (else plain text) outputs of the code cells tagged ``answer``."""
    out = []
    for cell in nb.cells:
        if cell.cell_type == "code" and ANSWER in _tags(cell):
            for o in cell.get("outputs", []):
                data = o.get("data", {})
                text = data.get("text/markdown") or data.get("text/plain") or o.get("text", "")
                if text:
                    out.append(text if isinstance(text, str) else "".join(text))
    return out


def run_folders(corpus: str | Path | None = None, *, out: str | Path | None = None) -> dict[str, Path]:
    """Where a run writes: ``figures``, ``html`` (executed notebooks), ``report`` and ``record``
    (run.json). The seeds: ``figures/`` and ``build/`` (what ``make run`` has always written);
    any other corpus: ``build/<corpus-name>/…``; ``out`` given: ``<out>/…``."""
    if out is None and _is_seeds(corpus):
        build = paths.build_dir()
        return {"figures": paths.figures_dir(), "html": build / "notebooks", "report": build / "report",
                "record": build / "run.json"}
    folder = Path(corpus if corpus is not None else paths.corpus_dir()).expanduser().resolve()
    base = Path(out).expanduser().resolve() if out is not None else paths.build_dir() / folder.name
    return {"figures": base / "figures", "html": base / "notebooks", "report": base / "report",
            "record": base / "run.json"}


def default_jobs() -> int:
    """Notebooks run at a time by default: ``$ANALYSIS_JOBS`` if set, else 2 on a machine with
    two or more cores (each running notebook holds the corpus in its own kernel), else 1."""
    env = os.environ.get("ANALYSIS_JOBS", "").strip()
    if env:
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"ANALYSIS_JOBS={env!r} must be a whole number ≥ 1")
        return int(env)
    return min(2, os.cpu_count() or 1)


def run_suite(corpus: str | Path | None = None, *, notebooks=None, params: dict | None = None,
              figures: str | Path | None = None, html: str | Path | None = None, record: str | Path | None = None,
              report: str | Path | None = None, timeout: int = 600, log=print, jobs: int | None = None) -> list[dict]:
    """Execute the notebooks on ``corpus`` (default: the seeds) and write what is asked.

    Parameters
    ----------
    corpus : path, optional
        The corpus folder (sets ``ANALYSIS_CORPUS`` for the kernels).
    notebooks : paths, optional
        Default: every ``notebooks/NN-*.ipynb``, in order.
    params : dict, optional
        Parameter overrides, NAME → value.
    figures, html, record, report : paths, optional
        Figures folder (sets ``ANALYSIS_FIGURES_DIR``), HTML copies of the executed
        notebooks, the run record (JSON), the report folder (``index.html``); None: not
        written (figures: ``$ANALYSIS_FIGURES_DIR`` or ``figures/``).
    jobs : int, optional
        Notebooks run at a time after the first (default :func:`default_jobs`); the outputs
        are the same whatever the number.

    Returns
    -------
    list of dict
        Per notebook: name, status ("ok" or "failed: …"), seconds, parameters, captions,
        answers. A failed notebook is reported and the next one runs.

    Raises
    ------
    analysis.CorpusError
        When the corpus folder has no valid manifest (the message says how to draft one).
    """
    if corpus is not None:
        folder = Path(corpus).expanduser().resolve()
        from .corpus import read_manifest

        read_manifest(folder)  # a missing or broken manifest stops here, before any kernel starts
        os.environ["ANALYSIS_CORPUS"] = str(folder)
    if figures is not None:
        os.environ["ANALYSIS_FIGURES_DIR"] = str(Path(figures).expanduser().resolve())
    os.environ.setdefault("ANALYSIS_PROGRESS", "0")  # headless: no progress bars in the executed notebooks
    # the kernels' NumPy backs large arrays with ordinary pages and pyarrow allocates with jemalloc:
    # where the kernel compacts memory for each transparent huge page, huge pages cost more than they
    # save (analysis/_core/memory.py; UNGDC cold: 281 s instead of 298 s). A value the user set is kept.
    os.environ.setdefault("NUMPY_MADVISE_HUGEPAGE", "0")
    if jemalloc_pool() is not None:
        os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "jemalloc")
    seeds = _is_seeds()
    nbs = [Path(p) for p in notebooks] if notebooks else sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    jobs = default_jobs() if jobs is None else int(jobs)
    if jobs < 1:
        raise ValueError(f"jobs={jobs} must be ≥ 1")
    results = _run_all(nbs, params=params or {}, timeout=timeout, html=html, seeds=seeds, log=log, jobs=jobs)
    finished = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    _write_outputs(results, html=html, record=record, report=report, started=started, finished=finished)
    return results


def _run_all(nbs, *, params: dict, timeout: int, html, seeds: bool, log, jobs: int = 1) -> list[dict]:
    """Every notebook, each in a fresh kernel; results in notebook order. One at a time (the
    next kernel starting while the current notebook runs), or the first alone and then the
    rest ``jobs`` at a time. A failure is reported and the other notebooks run."""
    run = dict(params=params, timeout=timeout, html=html, seeds=seeds, log=log)
    if jobs <= 1 or len(nbs) <= 2:
        return _run_in_order(nbs, **run)
    first = _run_in_order(nbs[:1], **run)
    names = {p.stem for p in nbs}
    after = {p: set(_after(p)) & names for p in nbs[1:]}
    # a notebook that others wait for starts first: it is on the longest path (04 before 06)
    awaited = set().union(*after.values())
    rest = sorted(nbs[1:], key=lambda p: p.stem not in awaited)
    done, results, running = {nbs[0].stem}, {}, {}
    with ThreadPoolExecutor(jobs) as pool:
        while rest or running:
            ready = [p for p in rest if after[p] <= done] or ([] if running else rest[:1])  # a cycle: in order
            for p in ready[:jobs - len(running)]:
                rest.remove(p)
                running[pool.submit(_run_one, p, _Kernel(), **run)] = p
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for f in finished:
                p = running.pop(f)
                results[p] = f.result()
                done.add(p.stem)
    return first + [results[p] for p in nbs[1:]]


def _after(path: Path) -> list[str]:
    """The notebooks (stems) ``path`` waits for: its metadata ``analysis.after``."""
    import nbformat

    meta = nbformat.read(path, as_version=4).metadata.get("analysis", {})
    return [str(x) for x in meta.get("after", [])]


def _run_in_order(nbs, **run) -> list[dict]:
    results = []
    ahead = _Kernel() if nbs else None
    try:
        for k, path in enumerate(nbs):
            kernel, ahead = ahead, (_Kernel() if k + 1 < len(nbs) else None)
            results.append(_run_one(path, kernel, **run))
    finally:
        if ahead is not None:
            ahead.close()
    return results


def _run_one(path: Path, kernel: _Kernel, *, params: dict, timeout: int, html, seeds: bool, log) -> dict:
    """One notebook on ``kernel`` (shut down after); its result record."""
    t0 = time.perf_counter()
    try:
        nb, used = _execute(path, kernel, timeout=timeout, overrides=params, corpus=None)
    except Exception as exc:  # report and go on, so one failure does not hide others
        print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc)[-3000:]}", file=sys.stderr)
        return {"name": path.name, "status": f"failed: {type(exc).__name__}", "parameters": {},
                "seconds": time.perf_counter() - t0}
    if html is not None:
        _to_html(nb, Path(html) / (path.stem + ".html"))
    result = {"name": path.name, "status": "ok", "parameters": used, "seconds": time.perf_counter() - t0,
              "captions": _captions(nb, seeds=seeds), "answers": _answers(nb)}
    log(f"ok     {path.name}  {result['seconds']:5.1f} s")
    return result


def _to_html(nb, target: Path) -> None:
    from nbconvert import HTMLExporter

    from .io import atomic_write_text

    body, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_text(target, body)


def _write_outputs(results, *, html, record, report, started: str, finished: str) -> None:
    import json

    from .io import atomic_write_text
    from .report_html import run_record, write_report

    if record is not None:
        rec = run_record(results, paths.figures_dir(), started, finished)
        atomic_write_text(Path(record), json.dumps(rec, indent=2, ensure_ascii=False) + "\n")
    if report is not None:
        write_report(results, paths.figures_dir(), Path(html) if html is not None else None, Path(report),
                     corpus=paths.corpus_dir(), seeds=_is_seeds())
