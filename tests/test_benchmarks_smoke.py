"""We test these aspects: the benchmark runner runs end to end at its tiny size.

A smoke test only: ``python -m benchmarks --size tiny`` exits 0 and prints the table header,
one row per workload (a, b, the scaling series c, d with Never and OnFailure) with a
jobsim / ceiling ratio, and the scaling summary. No speed is asserted (CI machines vary).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COLUMNS = ["workload", "via", "pods", "wall_s", "cpu_s", "pods/s"]
COLUMNS += ["rss_mib", "ceiling/s", "ratio", "us/pod"]
ROW = re.compile(
    r"^(?P<id>\S+)\s+(cli|api)\s+\d+\s+[\d.]+\s+[\d.]+\s+\d+\s+\d+\s+\d+\s+(?P<ratio>[\d.]+)\s+\d+$"
)


def test_tiny_run_prints_columns_rows_and_ratios() -> None:
    """Every workload prints a row with a positive ratio; the scaling summary is printed."""
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--size", "tiny"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    header = next(line for line in lines if line.startswith("workload"))
    assert header.split() == COLUMNS
    rows = {m["id"]: float(m["ratio"]) for line in lines if (m := ROW.match(line))}
    assert set(rows) == {"a", "b", "c100", "c1000", "d-Never", "d-OnFailure"}
    assert all(ratio > 0 for ratio in rows.values())
    assert any(line.startswith("scaling (c): per-pod cost") for line in lines)
