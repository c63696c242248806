"""Generated corpora for the partitioned-corpus tests: the seed texts' paragraphs, shuffled
with a fixed seed into new documents with groups and years (quotations, transcript turns,
actors and frames included), so the in-memory and the partitioned paths can be compared on
a corpus that is not the seeds."""

from __future__ import annotations

import random
from pathlib import Path

from toy import write_corpus

from analysis.paths import corpus_dir


def seed_paragraphs() -> list[str]:
    import pandas as pd

    folder = corpus_dir()
    manifest = pd.read_csv(folder / "manifest.csv")
    paras = []
    for f in manifest.file:
        text = (folder / f).read_text(encoding="utf-8")
        paras += [p.strip() for p in text.split("\n\n") if len(p.split()) >= 4]
    return paras


def generate(folder: Path, *, n_docs: int = 24, paras_per_doc: int = 8, seed: int = 7,
             groups=("Wires", "Blogs", "Papers")) -> Path:
    """Write a corpus of ``n_docs`` documents into ``folder``; return it."""
    rnd = random.Random(seed)
    paras = seed_paragraphs()
    texts, extra, grp = {}, {}, {}
    for k in range(n_docs):
        doc = f"gen-{k:03d}"
        texts[doc] = "\n\n".join(rnd.choice(paras) for _ in range(rnd.randint(1, 2 * paras_per_doc))) + "\n"
        grp[doc] = groups[k % len(groups)]
        extra[doc] = {"year": str(1998 + (k * 7) % 24)}
    return write_corpus(folder, texts, grp, extra=extra)


def assert_same(got, want) -> None:
    """The same table: columns, dtypes, every value; floats to 12 significant digits (as the
    CSVs are written), NaN where NaN."""
    import numpy as np
    import pandas as pd

    assert list(got.columns) == list(want.columns)
    assert len(got) == len(want)
    floats = [c for c in want.columns if pd.api.types.is_float_dtype(want[c].dtype)]
    pd.testing.assert_frame_equal(got.drop(columns=floats), want.drop(columns=floats), check_exact=True)
    for c in floats:
        assert got[c].dtype == want[c].dtype, c
        np.testing.assert_allclose(got[c].to_numpy(), want[c].to_numpy(), rtol=1e-12, atol=0, equal_nan=True,
                                   err_msg=c)


def local_cluster(n_workers: int = 2):
    """A LocalCluster on 127.0.0.1 (no dashboard port clash), processes, one thread each."""
    from dask.distributed import LocalCluster

    return LocalCluster(n_workers=n_workers, threads_per_worker=1, processes=True, host="127.0.0.1",
                        dashboard_address=":0")
