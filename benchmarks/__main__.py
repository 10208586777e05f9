"""``python -m benchmarks``: run the workloads, each in its own process, and print the table.

Columns per workload: pods simulated, wall seconds, CPU seconds (steadier than wall time on a
shared machine), pods per wall second, peak RSS (MiB), the
bare-SimPy ceiling's pods per wall second and the ratio jobsim / ceiling; for the scaling series
(c) also the cost per pod (microseconds) and the ratio of the largest to the smallest run's
per-pod cost. Numbers only: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from benchmarks.workloads import SIZES, Workload, workloads

__all__ = ["main"]

HEADER = (
    f"{'workload':<12} {'via':<4} {'pods':>9} {'wall_s':>9} {'cpu_s':>9} {'pods/s':>9} "
    f"{'rss_mib':>8} "
    f"{'ceiling/s':>10} {'ratio':>8} {'us/pod':>8}"
)


def _run_one(w: Workload) -> dict[str, Any]:
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.worker", json.dumps(w.to_json())],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"workload {w.id} failed:\n{proc.stderr}")
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def _row(r: dict[str, Any]) -> str:
    rate = r["pods"] / r["wall"] if r["wall"] > 0 else float("inf")
    ceiling = r["ceiling_pods"] / r["ceiling_wall"] if r["ceiling_wall"] > 0 else float("inf")
    ratio = rate / ceiling if ceiling else 0.0
    per_pod = 1e6 * r["wall"] / r["pods"] if r["pods"] else float("nan")
    return (
        f"{r['id']:<12} {r['via']:<4} {r['pods']:>9d} {r['wall']:>9.2f} {r['cpu']:>9.2f} "
        f"{rate:>9.0f} "
        f"{r['rss_mib']:>8.0f} {ceiling:>10.0f} {ratio:>8.5f} {per_pod:>8.0f}"
    )


SCALING_REFERENCE = 10_000
"""The run the issue's scaling target compares the largest with (1 M within 1.5x of 10 k)."""


def _pods(r: dict[str, Any]) -> int:
    return int(r["pods"])


def _scaling_line(large: dict[str, Any], small: dict[str, Any], label: str) -> str:
    """Per-pod cost (wall and CPU) of ``large`` against ``small``."""
    wall = (large["wall"] / large["pods"]) / (small["wall"] / small["pods"])
    cpu = (large["cpu"] / large["pods"]) / (small["cpu"] / small["pods"])
    return (
        f"scaling (c): per-pod cost {1e6 * large['wall'] / large['pods']:.0f} us at "
        f"{large['pods']} pods vs {1e6 * small['wall'] / small['pods']:.0f} us at "
        f"{small['pods']} pods: {label} {wall:.2f} (CPU time: {cpu:.2f})"
    )


def main(argv: list[str] | None = None) -> int:
    """Parse flags, run the workloads, print the table (and JSON lines with ``--json``)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--only", default="", help="comma-separated ids or prefixes: a,b,c,d")
    parser.add_argument("--scaling", default="", help="completion counts for (c), e.g. 1000,10000")
    parser.add_argument("--json", action="store_true", help="also print each result as JSON")
    args = parser.parse_args(argv)
    scaling = [int(x) for x in args.scaling.split(",") if x] or None
    chosen = workloads(args.size, scaling)
    if args.only:
        wanted = [x.strip() for x in args.only.split(",") if x.strip()]
        chosen = [w for w in chosen if any(w.id.startswith(x) for x in wanted)]
    print(f"jobsim benchmarks, size {args.size}")
    print(HEADER)
    results = []
    for w in chosen:
        r = _run_one(w)
        results.append(r)
        print(_row(r), flush=True)
        if args.json:
            print(json.dumps(r), flush=True)
    series = sorted((r for r in results if r["group"] == "c" and r["pods"]), key=_pods)
    if len(series) >= 2:
        print(_scaling_line(series[-1], series[0], "largest/smallest"))
        reference = [r for r in series if r["pods"] == SCALING_REFERENCE]
        if reference and reference[0] not in (series[0], series[-1]):
            print(_scaling_line(series[-1], reference[0], f"largest/{SCALING_REFERENCE}"))
    for r in results:
        print(f"  {r['id']}: {r['label']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
