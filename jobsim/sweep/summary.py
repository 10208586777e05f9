"""Per-grid-point statistics of a sweep: makespan percentiles, success probability, waste.

Owns :func:`percentile` (linear interpolation between closest ranks: Hyndman & Fan type 7, the
default of numpy and pandas), :func:`wilson_interval` (the Wilson score interval for a binomial
proportion) and :func:`summarize`, which groups result rows by grid point and Job. Definitions:

* ``runs``: rows of the point and Job; ``errors``: runs whose scenario could not be built;
* ``success``: the fraction of runs (errors excluded) whose Job ended ``Complete``, with a 95 %
  Wilson interval ``success_low``..``success_high``;
* ``makespan_p50/p90/p99``: over the runs whose Job finished (``Complete`` or ``Failed``);
  ``unfinished``: runs that stopped first (``--until``, or the run bound); ``deleted``: runs
  whose Job was deleted before it finished;
* ``mean_wasted_pod_seconds``, ``mean_pod_seconds``: over the runs that were built.

Pure Python on plain row mappings: no pandas, no simulation.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

from jobsim.sweep.metrics import OUTCOME_DELETED, OUTCOME_ERROR, OUTCOME_UNFINISHED

__all__ = ["PERCENTILES", "SUMMARY_COLUMNS", "Z_95", "percentile", "summarize", "wilson_interval"]

Z_95: Final = 1.959963984540054
"""The standard normal quantile at 0.975 (two-sided 95 %)."""
PERCENTILES: Final = (50, 90, 99)
SUMMARY_COLUMNS: Final = (
    "point",
    "job",
    "runs",
    "errors",
    "complete",
    "failed",
    "unfinished",
    "deleted",
    "success",
    "success_low",
    "success_high",
    *(f"makespan_p{q}" for q in PERCENTILES),
    "mean_pod_seconds",
    "mean_wasted_pod_seconds",
    "error",
)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0..100) by linear interpolation; ``None`` for no values."""
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within [0, 100], got {q}")
    if not values:
        return None
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float] | None:
    """The Wilson score interval of ``successes`` out of ``n``; ``None`` when ``n`` is 0."""
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must be within [0, {n}], got {successes}")
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    center = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    low = 0.0 if successes == 0 else max(0.0, center - half)  # exact at the bounds
    high = 1.0 if successes == n else min(1.0, center + half)
    return low, high


def summarize(
    rows: Iterable[Mapping[str, Any]], params: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """One summary row per (grid point, Job), ordered by point then Job; ``params`` copied."""
    groups: dict[tuple[int, str], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault((int(row["point"]), str(row["job"] or "")), []).append(row)
    return [_summary(point, job, group, params) for (point, job), group in sorted(groups.items())]


def _summary(
    point: int, job: str, rows: Sequence[Mapping[str, Any]], params: Sequence[str]
) -> dict[str, Any]:
    built = [row for row in rows if row["outcome"] != OUTCOME_ERROR]
    complete = sum(1 for row in built if row["outcome"] == "Complete")
    unfinished = sum(1 for row in built if row["outcome"] == OUTCOME_UNFINISHED)
    deleted = sum(1 for row in built if row["outcome"] == OUTCOME_DELETED)
    makespans = [float(row["makespan"]) for row in built if row["makespan"] is not None]
    interval = wilson_interval(complete, len(built))
    errors = sorted({str(row["error"]) for row in rows if row["outcome"] == OUTCOME_ERROR})
    summary: dict[str, Any] = {"point": point}
    summary.update({name: rows[0].get(name) for name in params})
    summary.update(
        job=job,
        runs=len(rows),
        errors=len(rows) - len(built),
        complete=complete,
        failed=sum(1 for row in built if row["outcome"] == "Failed"),
        unfinished=unfinished,
        deleted=deleted,
        success=complete / len(built) if built else None,
        success_low=interval[0] if interval else None,
        success_high=interval[1] if interval else None,
    )
    for q in PERCENTILES:
        summary[f"makespan_p{q}"] = percentile(makespans, q)
    summary["mean_pod_seconds"] = _mean(row["pod_seconds"] for row in built)
    summary["mean_wasted_pod_seconds"] = _mean(row["wasted_pod_seconds"] for row in built)
    summary["error"] = "; ".join(errors)
    return summary


def _mean(values: Iterable[Any]) -> float | None:
    numbers = [float(v) for v in values if v is not None]
    return sum(numbers) / len(numbers) if numbers else None
