"""Execute notebooks headlessly from fresh kernels, in one Python process (nbclient).

    python tools/run_notebooks.py [NOTEBOOK ...] [-p NAME=VALUE ...] [--corpus DIR]
                                  [--figures DIR] [--html DIR] [--record FILE] [--report DIR]

Without notebook arguments, runs every ``notebooks/NN-*.ipynb`` in order. Each runs in a
fresh kernel whose working directory is a temporary folder (notebooks must not depend on
it). ``-p NAME=VALUE`` overrides a parameter (a Python literal; strings may be bare) in
every notebook whose ``parameters`` cell defines NAME, by inserting an
``injected-parameters`` cell after it, as papermill does. ``--corpus`` and ``--figures``
set ``ANALYSIS_CORPUS`` and ``ANALYSIS_FIGURES_DIR`` for the kernels.

``--html DIR`` writes an HTML copy of each executed notebook; ``--record FILE`` writes the
run record (JSON: corpus and lexicon hashes, per-file sha256, package versions, every
notebook's parameters, the formula variants, figure hashes; ``timestamp_fields`` lists the
only fields that differ between identical runs); ``--report DIR`` writes ``index.html``
linking the notebooks and a gallery of every figure with its caption.
Exit status 1 if any notebook fails; the error names the notebook and the cell.
"""

from __future__ import annotations

import argparse
import ast
import datetime as dt
import hashlib
import html
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parameters_of(nb) -> tuple[int | None, dict]:
    """Index of the cell tagged ``parameters`` and the literals it assigns."""
    for k, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            values = {}
            for node in ast.parse(cell.source).body:
                if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                    values[node.targets[0].id] = ast.literal_eval(node.value)
            return k, values
    return None, {}


def parse_param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.isidentifier():
        raise SystemExit(f"-p expects NAME=VALUE, got {text!r}")
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value  # a bare string


def inject(nb, overrides: dict) -> dict:
    """Insert an injected-parameters cell; return the notebook's effective parameters."""
    import nbformat

    k, values = parameters_of(nb)
    used = {n: v for n, v in overrides.items() if n in values}
    if k is not None and used:
        src = "# Parameters injected on the command line\n" + "\n".join(f"{n} = {v!r}" for n, v in used.items())
        cell = nbformat.v4.new_code_cell(src, metadata={"tags": ["injected-parameters"]})
        cell.pop("id", None)
        nb.cells.insert(k + 1, cell)
    return {**values, **used}


#: A first cell that turns the package's own deprecation warnings (an old option, value,
#: column or module name, used by a notebook or by the package) into errors.
STRICT_DEPRECATIONS = ("import warnings\n"
                       "warnings.filterwarnings('error', message='.*will be removed in the next release', "
                       "category=DeprecationWarning)")


def execute(path: Path, *, timeout: int = 600, overrides: dict | None = None, strict_deprecations: bool = False):
    """Execute one notebook in a fresh kernel; return (notebook, effective parameters).

    ``strict_deprecations``: the package's deprecation warnings are errors (the tests run
    every notebook so: no notebook may use an old name).
    """
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    params = inject(nb, overrides or {})
    if strict_deprecations:
        cell = nbformat.v4.new_code_cell(STRICT_DEPRECATIONS, metadata={"tags": ["strict-deprecations"]})
        cell.pop("id", None)
        nb.cells.insert(0, cell)
    with tempfile.TemporaryDirectory() as cwd:
        # no widget state: offline HTML copies then show the explorer's static fallback
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                                store_widget_state=False, resources={"metadata": {"path": cwd}})
        client.execute()
    return nb, params


def to_html(nb, target: Path) -> None:
    from nbconvert import HTMLExporter

    from analysis.io import atomic_write_text

    body, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_text(target, body)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def captions(nb) -> dict[str, str]:
    """Figure name → caption: the first paragraph of the markdown cell after the saving cell."""
    import re

    out = {}
    cells = nb.cells
    for k, cell in enumerate(cells):
        if cell.cell_type != "code":
            continue
        for name in re.findall(r"save_figure\([^,]+,\s*[\"']([^\"']+)[\"']", cell.source):
            nxt = next((c for c in cells[k + 1:] if c.cell_type == "markdown"), None)
            out[name] = (nxt.source.strip().split("\n\n")[0] if nxt is not None else "")
    return out


def run_record(results: list[dict], figures: Path, started: str, finished: str) -> dict:
    from analysis import paths
    from analysis.corpus import corpus_hash, read_manifest
    from analysis.provenance import FORMULAS, package_versions

    corpus = paths.corpus_dir()
    manifest = read_manifest(corpus)
    lexicons = {p.stem: sha256(p) for p in sorted(paths.LEXICONS.glob("*.yaml"))}
    return {
        "timestamp_fields": ["started_at", "finished_at"],
        "started_at": started,
        "finished_at": finished,
        "corpus": {
            "folder": corpus.name,
            "sha256": corpus_hash(corpus, manifest),
            "files": {f: sha256(corpus / f) for f in manifest.file},
            "manifest_sha256": sha256(corpus / "manifest.csv"),
        },
        "lexicons": lexicons,
        "packages": package_versions(),
        "formulas": FORMULAS,
        "notebooks": [{"notebook": r["name"], "status": r["status"], "parameters": r["parameters"]} for r in results],
        "figures": {p.name: sha256(p) for p in sorted(figures.glob("*")) if p.suffix in (".png", ".svg", ".csv")},
    }


def write_report(results: list[dict], figures: Path, html_dir: Path | None, target: Path) -> None:
    from analysis.io import atomic_write_text

    rel = lambda p: os.path.relpath(p, target)  # noqa: E731
    parts = ["<!doctype html><meta charset='utf-8'><title>analysis — report</title>",
             "<style>body{font-family:sans-serif;max-width:1100px;margin:2em auto;padding:0 1em}"
             "figure{margin:2em 0;border-top:1px solid #ddd;padding-top:1em}img{max-width:100%}"
             "figcaption{color:#333;font-size:.95em}</style>",
             "<h1>How sources frame Russia, NATO and Serbia — report</h1>", "<h2>Notebooks</h2><ul>"]
    for r in results:
        link = f"<a href='{html.escape(rel(html_dir / (Path(r['name']).stem + '.html')))}'>{html.escape(r['name'])}</a>" \
            if html_dir else html.escape(r["name"])
        parts.append(f"<li>{link} — {html.escape(r['status'])}</li>")
    parts.append("</ul><h2>Figures</h2>")
    for r in results:
        for name, caption in r.get("captions", {}).items():
            img = figures / f"{name}.svg"
            if img.exists():
                parts.append(f"<figure id='{html.escape(name)}'><img src='{html.escape(rel(img))}' alt='{html.escape(name)}'>"
                             f"<figcaption><b>{html.escape(name)}</b> ({html.escape(r['name'])}): {html.escape(caption)}"
                             f"</figcaption></figure>")
    atomic_write_text(target / "index.html", "\n".join(parts) + "\n")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("-p", "--param", action="append", default=[], help="NAME=VALUE parameter override")
    ap.add_argument("--corpus", type=Path, help="corpus folder (sets ANALYSIS_CORPUS)")
    ap.add_argument("--figures", type=Path, help="figures folder (sets ANALYSIS_FIGURES_DIR)")
    ap.add_argument("--html", type=Path, default=None, help="folder for HTML copies")
    ap.add_argument("--record", type=Path, default=None, help="write the run record (JSON) here")
    ap.add_argument("--report", type=Path, default=None, help="write index.html (notebooks + figure gallery) here")
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args(argv)
    if args.corpus:
        os.environ["ANALYSIS_CORPUS"] = str(args.corpus.resolve())
    if args.figures:
        os.environ["ANALYSIS_FIGURES_DIR"] = str(args.figures.resolve())
    from analysis import paths

    overrides = dict(parse_param(p) for p in args.param)
    nbs = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    started = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    results, failed = [], 0
    for path in nbs:
        t0 = time.perf_counter()
        try:
            nb, params = execute(path, timeout=args.timeout, overrides=overrides)
        except Exception as exc:  # report and go on, so one failure does not hide others
            failed += 1
            print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc)[-3000:]}", file=sys.stderr)
            results.append({"name": path.name, "status": f"failed: {type(exc).__name__}", "parameters": {}})
            continue
        if args.html:
            to_html(nb, args.html / (path.stem + ".html"))
        results.append({"name": path.name, "status": "ok", "parameters": params, "captions": captions(nb)})
        print(f"ok     {path.name}  {time.perf_counter() - t0:5.1f} s")
    finished = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if args.record:
        from analysis.io import atomic_write_text

        record = run_record(results, paths.figures_dir(), started, finished)
        atomic_write_text(args.record, json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
    if args.report:
        write_report(results, paths.figures_dir(), args.html, args.report)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
