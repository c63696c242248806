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


def _ci(x, lo, hi, n) -> str:
    if n == 0 or x != x:
        return "–"
    return f"{x:.2f} [{lo:.2f}, {hi:.2f}]"


def validation_table() -> str:
    """Per frame: in-sample (the seeds' coded sheets), and out of sample on the coded UN General
    Debate sentences — the tuning half and the held-out half — with Wilson intervals and κ."""
    import tempfile

    import pandas as pd

    from analysis import load_corpus
    from analysis.framing import lexicon_hits
    from analysis.lexicons import load_lexicon
    from analysis.validation import report, sentence_scores, sheet_corpus

    corpus = load_corpus()
    lex = load_lexicon("frames")
    cats = list(lex.categories)
    seeds = report(corpus, lexicon_hits(corpus, lex), categories=cats)["summary"].set_index("category")
    coded = pd.read_csv(ROOT / "validation" / "ungdc" / "coded.csv", dtype=str, keep_default_na=False)
    kappa = pd.read_csv(ROOT / "validation" / "ungdc" / "agreement.csv").set_index("frame").kappa
    with tempfile.TemporaryDirectory() as tmp:
        hits = lexicon_hits(sheet_corpus(coded, tmp), lex, progress=False)
    found = pd.DataFrame({"id": hits.doc_id.astype(str), "category": hits.category.astype(str)}).drop_duplicates()
    halves = {h: sentence_scores(coded[coded.half == h], found, categories=cats).set_index("category")
              for h in ("tune", "held-out")}
    lines = ["| frame | κ | in-sample precision (hits) | in-sample recall (sentences) | tuning half: precision | "
             "recall | held-out half: precision | recall |", "|---|---|---|---|---|---|---|---|"]
    for c in cats:
        s = seeds.loc[c]
        row = [c, f"{kappa[c]:.2f}",
               _ci(s.precision, s.precision_low, s.precision_high, s.n_hits_coded) + f" ({int(s.n_hits_coded)})",
               _ci(s.recall, s.recall_low, s.recall_high, s.n_sentences_coded) + f" ({int(s.n_sentences_coded)})"]
        for h in ("tune", "held-out"):
            t = halves[h].loc[c]
            row += [_ci(t.precision, t.precision_low, t.precision_high, t.n_found) + f" ({int(t.n_found)})",
                    _ci(t.recall, t.recall_low, t.recall_high, t.n_coded) + f" ({int(t.n_coded)})"]
        lines.append("| " + " | ".join(row) + " |")
    macro = [halves[h].loc["macro"] for h in ("tune", "held-out")]
    lines.append(f"| **macro** | | {seeds.precision.mean():.2f} | {seeds.recall.mean():.2f} | "
                 f"{macro[0].precision:.2f} | {macro[0].recall:.2f} | **{macro[1].precision:.2f}** | **{macro[1].recall:.2f}** |")
    return "\n".join(lines)


def learned_table() -> str:
    """Per frame on the held-out half: the dictionary, the learned model (trained on the tuning
    half) and the method chosen (analysis.classify)."""
    import pandas as pd

    from analysis.classify import choose_methods, train_frame_models
    from analysis.lexicons import load_lexicon

    cats = list(load_lexicon("frames").categories)
    coded = pd.read_csv(ROOT / "validation" / "ungdc" / "coded.csv", dtype=str, keep_default_na=False)
    models = train_frame_models(coded[coded.half == "tune"], categories=cats)
    choice = choose_methods(models, coded[coded.half == "held-out"])
    cv = models.cv.set_index("frame")
    lines = ["| frame | coded (tune / held-out) | model, cross-validated on the tuning half: P / R | "
             "held-out: dictionary P | R | F1 | held-out: model P | R | F1 | used |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in choice.itertuples():
        c = cv.loc[r.frame]
        cvs = "no model (< 8 coded)" if c.cv_f1 != c.cv_f1 else f"{c.cv_precision:.2f} / {c.cv_recall:.2f}"
        row = [r.frame, f"{int(c.n_positive)} / {r.n_coded}", cvs]
        for m in ("dictionary", "model"):
            if m == "model" and c.cv_f1 != c.cv_f1:
                row += ["–", "–", "–"]
                continue
            row += [_ci(getattr(r, f"{m}_precision"), getattr(r, f"{m}_precision_low"), getattr(r, f"{m}_precision_high"),
                        getattr(r, f"{m}_n_found")),
                    _ci(getattr(r, f"{m}_recall"), getattr(r, f"{m}_recall_low"), getattr(r, f"{m}_recall_high"), r.n_coded),
                    f"{getattr(r, f'{m}_f1'):.2f}"]
        row.append(f"**{r.method}**" if r.method == "model" else r.method)
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def roles_table() -> str:
    """Precision and recall of the parser-based roles and attribution on the seeds' coded sample."""
    from analysis import load_corpus
    from analysis.attribution import sentence_attribution
    from analysis.roles import role_tables
    from analysis.validation import role_validation

    corpus = load_corpus()
    att = sentence_attribution(corpus)
    roles, _ = role_tables(corpus, attribution=att)
    s = role_validation(corpus, roles, att)["scores"]
    lines = ["| what | label | precision [95 % CI] | recall [95 % CI] | coded | predicted |", "|---|---|---|---|---|---|"]
    for r in s.itertuples():
        lines.append(f"| {r.what} | {r.label} | {_ci(r.precision, r.precision_low, r.precision_high, r.n_predicted)} | "
                     f"{_ci(r.recall, r.recall_low, r.recall_high, r.n_coded)} | {int(r.n_coded)} | {int(r.n_predicted)} |")
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


TABLES = {"validation": validation_table, "learned": learned_table, "roles": roles_table, "bench": bench_table}


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
