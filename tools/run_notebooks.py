"""Execute notebooks headlessly from fresh kernels, in one Python process (nbclient).

    python tools/run_notebooks.py [NOTEBOOK ...] [--html DIR] [--timeout S]

Without arguments, runs every ``notebooks/NN-*.ipynb`` in order. Each notebook runs in
a fresh kernel whose working directory is a temporary folder (notebooks must not
depend on it). With ``--html DIR``, writes an HTML copy of each executed notebook.
Exit status 1 if any notebook fails; the error names the notebook and the cell.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def execute(path: Path, *, timeout: int = 600):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as cwd:
        client = NotebookClient(
            nb, timeout=timeout, kernel_name="python3", record_timing=False,
            resources={"metadata": {"path": cwd}},
        )
        client.execute()
    return nb


def to_html(nb, target: Path) -> None:
    from nbconvert import HTMLExporter

    sys.path.insert(0, str(ROOT))
    from analysis.io import atomic_write_text

    body, _ = HTMLExporter().from_notebook_node(nb)
    atomic_write_text(target, body)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("notebooks", nargs="*", type=Path)
    ap.add_argument("--html", type=Path, default=None, help="folder for HTML copies")
    ap.add_argument("--timeout", type=int, default=600)
    args = ap.parse_args(argv)
    nbs = args.notebooks or sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    failed = 0
    for path in nbs:
        t0 = time.perf_counter()
        try:
            nb = execute(path, timeout=args.timeout)
        except Exception as exc:  # report and go on, so one failure does not hide others
            failed += 1
            print(f"FAILED {path.name}: {type(exc).__name__}: {str(exc)[-3000:]}", file=sys.stderr)
            continue
        if args.html:
            to_html(nb, args.html / (path.stem + ".html"))
        print(f"ok     {path.name}  {time.perf_counter() - t0:5.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
