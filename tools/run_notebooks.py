"""Execute notebooks headlessly from fresh kernels, in one Python process (nbclient).

    python tools/run_notebooks.py [NOTEBOOK ...] [-p NAME=VALUE ...] [--corpus DIR]
                                  [--figures DIR] [--html DIR] [--record FILE] [--report DIR]

A thin wrapper of ``python -m analysis notebooks`` (the logic lives in :mod:`analysis.runner`;
``python -m analysis run [CORPUS]`` chooses the output folders for you). Without notebook
arguments, runs every ``notebooks/NN-*.ipynb`` in order, each in a fresh kernel whose working
directory is a temporary folder. ``-p NAME=VALUE`` overrides a parameter (a Python literal;
strings may be bare) in every notebook whose ``parameters`` cell defines NAME, by inserting an
``injected-parameters`` cell after it, as papermill does. ``--corpus`` and ``--figures`` set
``ANALYSIS_CORPUS`` and ``ANALYSIS_FIGURES_DIR`` for the kernels; on a corpus other than the
seeds, Markdown cells tagged ``seeds-prose`` are replaced by a short note.

``--html DIR`` writes an HTML copy of each executed notebook; ``--record FILE`` writes the
run record (JSON: corpus and lexicon hashes, per-file sha256, package versions, every
notebook's parameters, the formula variants, figure hashes; ``timestamp_fields`` lists the
only fields that differ between identical runs); ``--report DIR`` writes ``index.html``:
notebook 06's statements and synthesis figure first, then every figure with its caption.
Exit status 1 if any notebook fails; the error names the notebook and the cell.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.__main__ import main as _main  # noqa: E402
from analysis.runner import run_notebook as execute  # noqa: E402,F401 (the tests' name for one notebook)


def main(argv=None) -> int:
    return _main(["notebooks", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    sys.exit(main())
