"""Project paths, anchored on this file (never on the working directory).

No I/O happens at import. Output folders can be redirected with environment
variables, which the test-suite and ``make`` use to keep runs apart:

``ANALYSIS_FIGURES_DIR``  where :func:`analysis.plots.save_figure` writes (default ``figures/``)
``ANALYSIS_BUILD_DIR``    where executed notebooks, tables and the report go (default ``build/``)
``ANALYSIS_CORPUS``       the corpus folder notebooks load by default (default ``seeds/``)
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PACKAGE", "ROOT", "SEEDS", "NOTEBOOKS", "LEXICONS", "figures_dir", "build_dir", "corpus_dir"]

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
SEEDS = ROOT / "seeds"
NOTEBOOKS = ROOT / "notebooks"
LEXICONS = PACKAGE / "lexicons"


def _env_path(name: str, default: Path) -> Path:
    value = os.environ.get(name)
    return Path(value).expanduser().resolve() if value else default


def figures_dir() -> Path:
    """Folder for exported figures (``$ANALYSIS_FIGURES_DIR`` or ``<repo>/figures``)."""
    return _env_path("ANALYSIS_FIGURES_DIR", ROOT / "figures")


def build_dir() -> Path:
    """Folder for build outputs (``$ANALYSIS_BUILD_DIR`` or ``<repo>/build``)."""
    return _env_path("ANALYSIS_BUILD_DIR", ROOT / "build")


def corpus_dir() -> Path:
    """Corpus folder the notebooks load (``$ANALYSIS_CORPUS`` or ``<repo>/seeds``)."""
    return _env_path("ANALYSIS_CORPUS", SEEDS)
