"""Regenerate the generated tables in README.md (between <!-- NAME:start --> and <!-- NAME:end -->).

    python tools/readme_tables.py          # rewrite README.md
    python tools/readme_tables.py --check  # exit 1 if README.md is out of date (the test suite runs this)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def validation_table() -> str:
    from analysis import load_corpus
    from analysis.framing import lexicon_hits
    from analysis.lexicons import load_lexicon
    from analysis.validation import report

    corpus = load_corpus()
    lex = load_lexicon("frames")
    s = report(corpus, lexicon_hits(corpus, lex), categories=list(lex.categories))["summary"]
    lines = ["| frame | precision [95 % CI] | hits coded | recall [95 % CI] | sentences coded with it |",
             "|---|---|---|---|---|"]
    for r in s.itertuples():
        prec = f"{r.precision:.2f} [{r.precision_low:.2f}, {r.precision_high:.2f}]"
        rec = f"{r.recall:.2f} [{r.recall_low:.2f}, {r.recall_high:.2f}]" if r.n_sentences_coded else "–"
        lines.append(f"| {r.category} | {prec} | {int(r.n_hits_coded)} | {rec} | {int(r.n_sentences_coded)} |")
    tot_p = s.n_hits_coded.sum()
    k = (s.precision * s.n_hits_coded).sum()
    tot_r = s.n_sentences_coded.sum()
    f = (s.recall.fillna(0) * s.n_sentences_coded).sum()
    lines.append(f"| **all frames** | {k / tot_p:.2f} | {int(tot_p)} | {f / tot_r:.2f} | {int(tot_r)} |")
    return "\n".join(lines)


def bench_table() -> str:
    """The UNGDC table of benchmarks/RESULTS.md (written by benchmarks/run.py), compacted."""
    text = (ROOT / "benchmarks" / "RESULTS.md").read_text(encoding="utf-8")
    section = text.split("## UNGDC", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    header = [c.strip() for c in rows[0].strip("|").split("|")]
    keep = ["task", "time", "throughput", "peer", "ratio (peer ÷ ours)", "target", "met?"]
    cols = [header.index(k) for k in keep]
    out = ["| " + " | ".join(keep) + " |", "|" + "---|" * len(keep)]
    for line in rows[2:]:
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
        out.append("| " + " | ".join(cells[k] for k in cols) + " |")
    meta = [line for line in section.splitlines() if line.startswith(("Corpus:", "Date:", "Command:", "Machine state:"))]
    return "\n".join(out) + "\n\n" + "  \n".join(m.rstrip() for m in meta)


TABLES = {"validation": validation_table, "bench": bench_table}


def render(text: str) -> str:
    for name, make in TABLES.items():
        pat = re.compile(rf"(<!-- {name}:start -->\n).*?(\n<!-- {name}:end -->)", re.S)
        if not pat.search(text):
            raise SystemExit(f"README.md has no <!-- {name}:start --> … <!-- {name}:end --> block")
        text = pat.sub(lambda m: m.group(1) + make() + m.group(2), text)
    return text


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = ROOT / "README.md"
    old = path.read_text(encoding="utf-8")
    new = render(old)
    if "--check" in argv:
        if new != old:
            print("README.md tables are out of date: run python tools/readme_tables.py", file=sys.stderr)
            return 1
        return 0
    path.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
