"""Same input, same bytes: two runs give identical figures, tables and run records (but timestamps)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(tmp: Path, name: str) -> tuple[Path, dict]:
    figures = tmp / name
    record = tmp / f"{name}.json"
    subprocess.run([sys.executable, str(ROOT / "tools" / "run_notebooks.py"), str(ROOT / "notebooks" / "01-corpus-overview.ipynb"),
                    str(ROOT / "notebooks" / "04-framing.ipynb"), "--figures", str(figures), "--record", str(record),
                    "-p", "N_BOOT=300"], check=True, capture_output=True, timeout=600)
    return figures, json.loads(record.read_text())


@pytest.mark.slow
def test_two_runs_are_byte_identical(tmp_path):
    a, ra = run(tmp_path, "a")
    b, rb = run(tmp_path, "b")
    files = sorted(p.name for p in a.iterdir())
    assert files == sorted(p.name for p in b.iterdir())
    assert {"01-corpus-size-voice.png", "04-actor-frames-heatmap.svg", "04-frame-rates.csv"} <= set(files)
    for name in files:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert ra["timestamp_fields"] == ["started_at", "finished_at"]
    for r in (ra, rb):
        for field in r["timestamp_fields"]:
            r.pop(field)
    assert ra == rb
    assert ra["figures"]["04-frame-rates.csv"]
    assert [n["parameters"].get("N_BOOT") for n in ra["notebooks"]] == [None, 300]  # only notebook 04 has N_BOOT
