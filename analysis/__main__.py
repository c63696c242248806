"""The command line: ``python -m analysis run [CORPUS] …`` and ``python -m analysis manifest DIR``.

    python -m analysis run                       # the bundled seeds: figures/ and build/ (as make run)
    python -m analysis run path/to/corpus        # any corpus: build/<corpus-name>/{figures,notebooks,report,run.json}
    python -m analysis run path/to/corpus -p N_BOOT=500 --out somewhere/
    python -m analysis manifest path/to/texts    # drafts path/to/texts/manifest.draft.csv (never overwrites)
    python -m analysis notebooks [NB …] [--corpus DIR] [--figures DIR] [--html DIR] [--record F] [--report DIR]
                                                 # the options of tools/run_notebooks.py, every output where you say
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _common(ap: argparse.ArgumentParser) -> None:
    ap.add_argument("-p", "--param", action="append", default=[], metavar="NAME=VALUE",
                    help="override a notebook parameter (a Python literal; strings may be bare); repeatable")
    ap.add_argument("--timeout", type=int, default=600, help="seconds a cell may take (default 600)")
    ap.add_argument("--jobs", type=int, default=None, metavar="N",
                    help="notebooks run at a time after the first (default: $ANALYSIS_JOBS, else 2 on a machine "
                         "with two or more cores; each holds the corpus in memory); the outputs are the same")


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m analysis", description="Comparative discourse analysis: run the "
                                 "notebook suite on a corpus, or draft a corpus manifest.")
    sub = ap.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run every notebook on a corpus; figures, executed notebooks, run record, report",
                         description="Execute the notebooks headlessly on CORPUS (default: the bundled seeds). "
                         "The seeds write figures/ and build/; any other corpus build/<corpus-name>/.")
    run.add_argument("corpus", nargs="?", type=Path, help="corpus folder: .txt files and a manifest.csv")
    run.add_argument("--out", type=Path, help="write figures/, notebooks/, report/ and run.json under this folder")
    run.add_argument("--notebook", dest="notebooks", action="append", type=Path, default=[],
                     help="run only this notebook (repeatable)")
    _common(run)
    man = sub.add_parser("manifest", help="draft DIR/manifest.draft.csv from file names and first lines",
                         description="Draft a manifest for a folder of .txt files: doc_id from the file name, a date "
                         "from the name or the first lines, the title from the first line, the group from a subfolder "
                         "(else left for you). Writes DIR/manifest.draft.csv, never over an existing file.")
    man.add_argument("folder", type=Path)
    nbs = sub.add_parser("notebooks", help="the options of tools/run_notebooks.py: outputs only where you say")
    nbs.add_argument("notebooks", nargs="*", type=Path)
    nbs.add_argument("--corpus", type=Path, help="corpus folder (sets ANALYSIS_CORPUS)")
    nbs.add_argument("--figures", type=Path, help="figures folder (sets ANALYSIS_FIGURES_DIR)")
    nbs.add_argument("--html", type=Path, help="folder for HTML copies of the executed notebooks")
    nbs.add_argument("--record", type=Path, help="write the run record (JSON) here")
    nbs.add_argument("--report", type=Path, help="write index.html (the answer, then every figure) here")
    _common(nbs)
    return ap


def _manifest(folder: Path) -> int:
    from analysis.corpus import draft_manifest, write_manifest_draft

    path = write_manifest_draft(folder)
    table = draft_manifest(folder)
    dated = int((table.published != "").sum())
    grouped = int((table.group != "").sum())
    print(f"Drafted {len(table):,} rows: {path}\n"
          f"  doc_id     from the file names\n"
          f"  published  found for {dated:,} of {len(table):,} files (in the name, else the first lines)\n"
          f"  title      the first line of each file\n"
          f"  group      from the subfolder for {grouped:,} files" + (
              f"; EMPTY for {len(table) - grouped:,}: fill it in (the unit the analysis compares: source, outlet, "
              "speaker, period …)" if grouped < len(table) else "") + "\n"
          f"  draft_note where each guess came from (keep or delete the column)\n"
          f"Check it, then rename it to manifest.csv and run:  python -m analysis run {folder}")
    return 0


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    from analysis.corpus import CorpusError
    from analysis.runner import parse_parameter, run_folders, run_suite

    try:
        if args.command == "manifest":
            return _manifest(args.folder)
        params = dict(parse_parameter(p) for p in args.param)
        if args.command == "notebooks":
            results = run_suite(args.corpus, notebooks=args.notebooks or None, params=params, figures=args.figures,
                                html=args.html, record=args.record, report=args.report, timeout=args.timeout,
                                jobs=args.jobs)
            return 1 if any(r["status"] != "ok" for r in results) else 0
        where = run_folders(args.corpus, out=args.out)
        results = run_suite(args.corpus, notebooks=args.notebooks or None, params=params, figures=where["figures"],
                            html=where["html"], record=where["record"], report=where["report"], timeout=args.timeout,
                            jobs=args.jobs)
    except (CorpusError, FileExistsError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    failed = [r["name"] for r in results if r["status"] != "ok"]
    print(f"{len(results) - len(failed)} of {len(results)} notebooks ran. Figures and tables: {where['figures']}\n"
          f"Report: {where['report'] / 'index.html'}" + (f"\nFailed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
