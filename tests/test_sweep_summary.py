"""We test these aspects: the statistics of a sweep and the per-Job metrics they summarise.

* ``percentile`` is linear interpolation between closest ranks (numpy's default), checked on
  hand-computed values and against ``numpy.percentile`` on random data;
* ``wilson_interval`` matches published values, stays in [0, 1] and contains the estimate;
* ``summarize`` groups by point and Job, excludes error runs from success and makespans, and
  counts unfinished runs;
* ``job_metrics``: outcome and reason from the finished condition, makespan from the API's
  times, pod-seconds used and wasted, peak concurrency (a pod ending at *t* is gone before
  one created at *t*), time to the first running pod; a deleted Job keeps its pods' metrics.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsim.api.batch_v1 import Job, JobCondition, JobStatus
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.kubelet import PodRecord
from jobsim.sweep.metrics import deleted_job_metrics, job_metrics, max_concurrent
from jobsim.sweep.summary import percentile, summarize, wilson_interval


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([1.0, 2.0, 3.0, 4.0], 50, 2.5),
        ([1.0, 2.0, 3.0, 4.0], 90, 3.7),
        ([1.0, 2.0, 3.0, 4.0], 99, 3.97),
        ([4.0, 1.0, 3.0, 2.0], 0, 1.0),
        ([4.0, 1.0, 3.0, 2.0], 100, 4.0),
        ([7.0], 99, 7.0),
        ([10.0, 20.0], 50, 15.0),
    ],
    ids=["p50", "p90", "p99", "min-unsorted", "max-unsorted", "single", "two"],
)
def test_percentile_known_values(values: list[float], q: float, expected: float) -> None:
    """Percentiles interpolate linearly between closest ranks."""
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_nothing_and_out_of_range() -> None:
    """No values give None; q outside [0, 100] is an error."""
    assert percentile([], 50) is None
    with pytest.raises(ValueError, match=r"within \[0, 100\]"):
        percentile([1.0], 101)


@given(
    st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=50),
    st.sampled_from([0, 10, 50, 90, 95, 99, 100]),
)
def test_percentile_matches_numpy(values: list[float], q: int) -> None:
    """Our percentile agrees with numpy's default ('linear') method."""
    numpy = pytest.importorskip("numpy")
    assert percentile(values, q) == pytest.approx(float(numpy.percentile(values, q)), abs=1e-6)


@pytest.mark.parametrize(
    ("successes", "n", "low", "high"),
    [
        # Wilson (1927) / Newcombe (1998), Table I: 81/263 -> 0.2553, 0.3662
        (81, 263, 0.2553, 0.3662),
        # 15/148 -> 0.0624, 0.1605 (Newcombe 1998, example)
        (15, 148, 0.0624, 0.1605),
        (0, 10, 0.0, 0.2775),
        (10, 10, 0.7225, 1.0),
    ],
    ids=["newcombe-81-263", "newcombe-15-148", "none", "all"],
)
def test_wilson_interval_published_values(successes: int, n: int, low: float, high: float) -> None:
    """The Wilson 95 % interval matches published values to four decimals."""
    interval = wilson_interval(successes, n)
    assert interval is not None
    assert interval[0] == pytest.approx(low, abs=1e-4)
    assert interval[1] == pytest.approx(high, abs=1e-4)


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_wilson_interval_contains_the_estimate(case: tuple[int, int]) -> None:
    """The interval lies in [0, 1] and contains successes / n."""
    successes, n = case
    interval = wilson_interval(successes, n)
    assert interval is not None
    assert 0.0 <= interval[0] <= successes / n <= interval[1] <= 1.0


def test_wilson_interval_without_runs() -> None:
    """No runs: no interval; more successes than runs is an error."""
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError, match="within"):
        wilson_interval(3, 2)


def _row(point: int, outcome: str, makespan: float | None, **extra: Any) -> dict[str, Any]:
    return {
        "point": point,
        "job": "default/pi" if outcome != "Error" else "",
        "outcome": outcome,
        "makespan": makespan,
        "pod_seconds": None if outcome == "Error" else 10.0,
        "wasted_pod_seconds": None if outcome == "Error" else extra.get("wasted", 0.0),
        "error": "bad" if outcome == "Error" else "",
        "p": point * 10,
    }


def test_summarize_groups_and_counts() -> None:
    """Success excludes errors; makespans cover finished runs; unfinished runs are counted."""
    rows = [
        _row(0, "Complete", 10.0),
        _row(0, "Complete", 20.0),
        _row(0, "Failed", 30.0, wasted=6.0),
        _row(0, "Unfinished", None),
        _row(0, "Deleted", None),
        _row(1, "Error", None),
    ]
    first, second = summarize(rows, ["p"])
    assert first["point"] == 0
    assert first["p"] == 0
    counts = ("runs", "complete", "failed", "unfinished", "deleted")
    assert tuple(first[c] for c in counts) == (5, 2, 1, 1, 1)
    assert first["success"] == 0.4
    assert first["makespan_p50"] == 20.0
    assert first["mean_wasted_pod_seconds"] == 1.2
    assert (second["runs"], second["errors"], second["success"]) == (1, 1, None)
    assert second["error"] == "bad"
    assert second["makespan_p50"] is None


def _pod(
    created: float, finished: float | None, phase: str, started: float | None = None
) -> PodRecord:
    return PodRecord(
        namespace="default",
        name=f"pi-{created}-{finished}",
        uid="u",
        identity="default/pi/0/0",
        job="pi",
        index=None,
        created=created,
        scheduled=created,
        started=created if started is None else started,
        finished=finished,
        phase=phase,
    )


def _job(condition: str | None, reason: str = "", succeeded: int = 0, failed: int = 0) -> Job:
    conditions = [JobCondition(type=condition, status="True", reason=reason)] if condition else None
    return Job(
        metadata=ObjectMeta(name="pi", namespace="default"),
        status=JobStatus(conditions=conditions, succeeded=succeeded, failed=failed),
    )


def test_job_metrics_of_a_failed_job() -> None:
    """A Failed Job: reason, makespan, counts, used and wasted pod-seconds, peak, first pod."""
    pods = [
        _pod(0.0, 10.0, "Succeeded", started=2.0),
        _pod(0.0, 4.0, "Failed"),
        _pod(5.0, 9.0, "Failed"),  # deleted mid-run ends Failed too
        _pod(9.0, None, "Running"),  # still live at the end: used, not wasted
    ]
    metrics = job_metrics(
        _job("Failed", "BackoffLimitExceeded", succeeded=1, failed=2),
        created=0.0,
        finished=12.0,
        pods=pods,
        end=15.0,
    )
    assert metrics.as_row() == {
        "job": "default/pi",
        "outcome": "Failed",
        "reason": "BackoffLimitExceeded",
        "makespan": 12.0,
        "succeeded": 1,
        "failed": 2,
        "pod_seconds": 10.0 + 4.0 + 4.0 + 6.0,
        "wasted_pod_seconds": 8.0,
        "max_active": 2,
        "time_to_first_pod": 0.0,
    }


def test_job_metrics_of_an_unfinished_job() -> None:
    """An unfinished Job has no makespan, whatever finish time is passed."""
    metrics = job_metrics(_job(None), created=3.0, finished=None, pods=[], end=9.0)
    assert (metrics.outcome, metrics.reason, metrics.makespan) == ("Unfinished", "", None)
    assert metrics.time_to_first_pod is None


def test_deleted_job_keeps_pod_metrics() -> None:
    """A Job gone at the end: outcome Deleted, counts from its pods' phases."""
    pods = [_pod(0.0, 10.0, "Succeeded"), _pod(0.0, 3.0, "Failed")]
    metrics = deleted_job_metrics("default/pi", pods, end=20.0)
    assert (metrics.outcome, metrics.succeeded, metrics.failed) == ("Deleted", 1, 1)
    assert (metrics.pod_seconds, metrics.wasted_pod_seconds) == (13.0, 3.0)


@pytest.mark.parametrize(
    ("spans", "peak"),
    [
        ([(0, 10), (10, 20)], 1),
        ([(0, 10), (9, 20)], 2),
        ([(0, None), (1, None), (2, 3)], 3),
        ([], 0),
    ],
    ids=["back-to-back", "overlap", "live-at-end", "none"],
)
def test_max_concurrent(spans: list[tuple[float, float | None]], peak: int) -> None:
    """Peak live pods: a pod that ends at t is gone before one created at t."""
    pods = [_pod(float(a), None if b is None else float(b), "Succeeded") for a, b in spans]
    assert max_concurrent(pods) == peak


def test_max_concurrent_random_against_brute_force() -> None:
    """The sweep-line peak equals the peak found by checking every creation instant."""
    rng = random.Random(7)
    for _ in range(50):
        pods = []
        for _ in range(rng.randint(1, 12)):
            start = float(rng.randint(0, 20))
            pods.append(_pod(start, start + rng.randint(0, 6), "Succeeded"))
        brute = max(
            sum(1 for p in pods if p.created <= t < (p.finished or float("inf")))
            for t in (p.created for p in pods)
        )
        assert max_concurrent(pods) == brute
