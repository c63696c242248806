"""Draw the seed samples for validating roles and attribution (run once; fixed seed).

    python tools/draw_role_sample.py [--mentions 160] [--sentences 120] [--seed 20261204]

Writes ``seeds/validation/roles-mentions.csv`` (actor mentions drawn with a fixed seed,
stratified by document: the sentence with the mention marked ``[[…]]``, empty ``role`` and
``predicate`` columns for the coder) and ``seeds/validation/attribution-sentences.csv``
(sentences drawn the same way, empty ``attribution`` and ``source`` columns). Nothing in
them comes from the role or attribution code, so coders are blind to its output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from analysis import load_corpus  # noqa: E402
from analysis.framing import lexicon_hits  # noqa: E402
from analysis.validation import sentence_sample  # noqa: E402

OUT = ROOT / "seeds" / "validation"


def mention_sample(corpus, hits: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """Up to ``n`` actor mentions, stratified by document (proportional, at least one each)."""
    rng = np.random.default_rng(seed)
    sizes = hits.groupby("doc_id", observed=True).size()
    quota = np.maximum(1, np.floor(sizes / sizes.sum() * n)).astype(int)
    while quota.sum() < min(n, len(hits)):
        quota[(sizes - quota).idxmax()] += 1
    parts = []
    for doc_id, k in quota.items():
        g = hits[hits.doc_id == doc_id]
        parts.append(g.iloc[np.sort(rng.choice(len(g), size=min(k, len(g)), replace=False))])
    smp = pd.concat(parts, ignore_index=True)
    sents = corpus.sentences.set_index(["doc_id", "sent_id"])
    raw = {d: corpus.raw(d) for d in corpus.documents.doc_id}
    marked = []
    for r in smp.itertuples():
        a, b = sents.loc[(r.doc_id, r.sent_id), ["start", "end"]]
        t = raw[r.doc_id]
        marked.append(" ".join((t[a:r.start] + "[[" + t[r.start:r.end] + "]]" + t[r.end:b]).split()))
    return pd.DataFrame({
        "doc_id": smp.doc_id.astype(str), "sent_id": smp.sent_id, "start": smp.start, "end": smp.end,
        "actor": smp.category.astype(str), "mention": smp["match"], "sentence": marked,
        "role": "", "predicate": "", "note": "",
    })


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mentions", type=int, default=160)
    ap.add_argument("--sentences", type=int, default=120)
    ap.add_argument("--seed", type=int, default=20261204)
    a = ap.parse_args(argv)
    corpus = load_corpus()
    hits = lexicon_hits(corpus, "actors")
    m = mention_sample(corpus, hits, a.mentions, a.seed)
    m.to_csv(OUT / "roles-mentions.csv", index=False, lineterminator="\n")
    s = sentence_sample(corpus, n=a.sentences, seed=a.seed)
    s = s.drop(columns=["frames", "actors"]).assign(attribution="", source="")
    s = s[["doc_id", "sent_id", "voice", "speaker", "start", "end", "sentence", "attribution", "source", "note"]]
    s.to_csv(OUT / "attribution-sentences.csv", index=False, lineterminator="\n")
    print(f"{len(m)} mentions, {len(s)} sentences", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
