"""We test these aspects: whole sweeps, from a scenario to result rows and statistics.

* known answers with fixed durations: a Job of 4 completions running 10 s pods finishes at
  44 s, 22 s and 11 s with parallelism 1, 2 and 4 (each wave: 10 s of run, then the 1 s
  ``SyncJobBatchPeriod`` before the controller reacts), at every percentile and every seed;
* common random numbers: with the same seed, every pod (by completion index, or by ordinal for
  NonIndexed Jobs) draws the same duration whatever the parallelism, so total pod-seconds agree;
* a failure mix exhausts ``backoffLimit`` on some seeds and not others: outcomes, reasons and
  counts are consistent, and a Scenario document's expectations are counted per run;
* a bad grid value becomes an error row with the apiserver's message and the rest goes on;
* the serial, local process pool and Dask (LocalCluster) executors give identical rows;
* results are written as runs finish; ``resume`` reruns nothing already done, completes an
  interrupted sweep (CSV and Parquet), and refuses a file written for another scenario;
* the pandas API returns one row per run and Job, and ``summarize`` one per point.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import pytest

from jobsim.behavior import BehaviorSet, Exponential, PodBehavior, mix
from jobsim.scenario import run_scenario
from jobsim.sweep.base import SweepBase, load_base, override
from jobsim.sweep.engine import run_sweep
from jobsim.sweep.executors import LocalExecutor, SerialExecutor
from jobsim.sweep.io import SweepFileError, read_results
from jobsim.sweep.runner import build_scenario

T = TypeVar("T")
R = TypeVar("R")

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 4
  parallelism: 2
  backoffLimit: 6
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
"""
INDEXED = JOB.replace("backoffLimit: 6", "backoffLimit: 6\n  completionMode: Indexed")
FLAKY = BehaviorSet.of(
    PodBehavior(name="work", duration=Exponential(mean=20.0), exit_codes=mix([(1, 0.3)]))
)


class CountingExecutor:
    """Runs in process, records what it ran, and can stop short as an interrupted sweep does."""

    def __init__(self, stop_after: int | None = None) -> None:
        self.ran: list[Any] = []
        self.stop_after = stop_after

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """Run items in order; raise KeyboardInterrupt after ``stop_after`` of them."""
        for item in items:
            if self.stop_after is not None and len(self.ran) >= self.stop_after:
                raise KeyboardInterrupt
            self.ran.append(item)
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""


def _sweep(base: SweepBase, grid: dict[str, list[Any]], seeds: int, **kw: Any) -> Any:
    kw.setdefault("executor", SerialExecutor())
    return run_sweep(base, grid, seeds, **kw)


def test_fixed_durations_give_known_makespans() -> None:
    """Fixed 10 s pods: makespan 44/22/11 s at parallelism 1/2/4, every seed, every percentile."""
    result = _sweep(load_base(JOB), {"job/pi:spec.parallelism": [1, 2, 4]}, 5)
    assert {(r["job/pi:spec.parallelism"], r["makespan"]) for r in result.rows} == {
        (1, 44.0),
        (2, 22.0),
        (4, 11.0),
    }
    summary = result.summary()
    assert [
        (s["makespan_p50"], s["makespan_p90"], s["makespan_p99"], s["success"]) for s in summary
    ] == [(44.0, 44.0, 44.0, 1.0), (22.0, 22.0, 22.0, 1.0), (11.0, 11.0, 11.0, 1.0)]
    assert [s["runs"] for s in summary] == [5, 5, 5]
    row = result.rows[0]
    assert (row["outcome"], row["reason"], row["succeeded"], row["failed"]) == (
        "Complete",
        "CompletionsReached",
        4,
        0,
    )
    assert (row["pod_seconds"], row["wasted_pod_seconds"], row["max_active"]) == (40.0, 0.0, 1)
    assert row["time_to_first_pod"] == 0.0


def test_percentiles_follow_the_runs() -> None:
    """A point's p50/p90/p99 are the interpolated percentiles of its runs' makespans."""
    numpy = pytest.importorskip("numpy")
    base = load_base(JOB, behaviors=FLAKY)
    result = _sweep(base, {"job/pi:spec.parallelism": [2]}, 12)
    makespans = [r["makespan"] for r in result.rows if r["makespan"] is not None]
    (summary,) = result.summary()
    for q in (50, 90, 99):
        assert summary[f"makespan_p{q}"] == pytest.approx(numpy.percentile(makespans, q))


@pytest.mark.parametrize("manifest", [JOB, INDEXED], ids=["non-indexed", "indexed"])
def test_common_random_numbers_across_parallelism(manifest: str) -> None:
    """Same seed, parallelism 1 and 3: every pod identity draws the same duration and exit."""
    base = load_base(manifest, behaviors=FLAKY)
    draws = []
    for parallelism in (1, 3):
        scenario = build_scenario(override(base, [("job/pi:spec.parallelism", parallelism)]), 11)
        timeline = run_scenario(scenario).simulation.timeline()
        draws.append({r.identity: (r.duration, r.exit_code) for r in timeline})
    common = draws[0].keys() & draws[1].keys()
    assert len(common) >= 4
    for key in common:  # durations are finish - start: equal up to float rounding
        assert draws[0][key][0] == pytest.approx(draws[1][key][0], rel=1e-12), key
        assert draws[0][key][1] == draws[1][key][1], key


def test_common_random_numbers_make_pod_seconds_equal() -> None:
    """NonIndexed pods are the same pods at every parallelism: equal pod-seconds per seed."""
    result = _sweep(load_base(JOB, behaviors=FLAKY), {"job/pi:spec.parallelism": [1, 2, 4]}, 4)
    by_seed: dict[int, set[float]] = {}
    for row in result.rows:
        by_seed.setdefault(row["seed"], set()).add(round(row["pod_seconds"], 9))
    assert all(len(values) == 1 for values in by_seed.values())
    assert len({next(iter(v)) for v in by_seed.values()}) > 1  # the seeds do differ


def test_backoff_limit_outcomes() -> None:
    """With 30 % failures and backoffLimit 1 some seeds fail, with upstream's reason."""
    result = _sweep(load_base(JOB, behaviors=FLAKY), {"job/pi:spec.backoffLimit": [1, 20]}, 20)
    low, high = result.summary()
    failed = [r for r in result.rows if r["outcome"] == "Failed"]
    assert failed
    # upstream pkg/controller/job/job_controller.go: reason "BackoffLimitExceeded"
    assert {r["reason"] for r in failed} == {"BackoffLimitExceeded"}
    # failed > backoffLimit; pods still active when the Job fails are terminated and count too
    assert all(r["failed"] >= 2 and r["wasted_pod_seconds"] > 0 for r in failed)
    assert low["success"] < high["success"] == 1.0
    assert low["success_low"] <= low["success"] <= low["success_high"]


def test_expectations_are_counted_per_run() -> None:
    """A Scenario document's expectations are judged in every run: failures counted per row."""
    text = JOB + (
        "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n"
        "expectations:\n- {check: condition, job: pi, type: Complete}\n"
    )
    base = load_base(text, behaviors=FLAKY)
    result = _sweep(base, {"job/pi:spec.backoffLimit": [0], "job/pi:spec.completions": [1]}, 8)
    outcomes = {(r["outcome"], r["expectations_failed"]) for r in result.rows}
    assert outcomes <= {("Complete", 0), ("Failed", 1)}
    assert {o for o, _ in outcomes} == {"Complete", "Failed"}


def test_bad_grid_values_become_error_rows() -> None:
    """Invalid values give error rows with the validation message; other points still run."""
    base = load_base(JOB, behaviors=FLAKY)
    result = _sweep(
        base,
        {"job/pi:spec.parallelism": [-1, 2], "behavior/work:exitCodes[0].probability": [0.1, 1.5]},
        2,
    )
    by_point: dict[int, list[dict[str, Any]]] = {}
    for row in result.rows:
        by_point.setdefault(row["point"], []).append(row)
    assert len(by_point) == 4
    # upstream apimachinery validation.ValidateNonnegativeField
    assert by_point[0][0]["outcome"] == "Error"
    assert (
        'Job.batch "pi" is invalid: spec.parallelism: Invalid value: -1: must be greater '
        "than or equal to 0" in by_point[0][0]["error"]
    )
    assert by_point[1][0]["error"].startswith("document 2, Scenario: behaviors[0].exitCodes: ")
    assert by_point[1][0]["error"].endswith("Input should be less than or equal to 1")
    assert [r["outcome"] for r in by_point[1]] == ["Error", "Error"]
    assert all(r["outcome"] != "Error" for r in by_point[2])
    (_, _, ok, bad) = result.summary()
    assert (ok["errors"], bad["errors"]) == (0, 2)


def test_executors_give_identical_rows() -> None:
    """Serial, a local process pool and a Dask LocalCluster produce the same rows."""
    pytest.importorskip("distributed")
    from jobsim.sweep.executors import DaskExecutor  # noqa: PLC0415 - needs the dask extra

    base = load_base(JOB, behaviors=FLAKY)
    grid = {"job/pi:spec.parallelism": [1, 3], "job/pi:spec.completions": [3, 5]}
    serial = _sweep(base, grid, 3).rows
    pool = LocalExecutor(2)
    try:
        local = run_sweep(base, grid, 3, executor=pool).rows
    finally:
        pool.close()
    dask = DaskExecutor(workers=2, processes=False)
    try:
        distributed = run_sweep(base, grid, 3, executor=dask).rows
    finally:
        dask.close()
    assert serial == local == distributed
    assert len(serial) == 12


@pytest.mark.parametrize("suffix", [".csv", ".parquet"], ids=["csv", "parquet"])
def test_resume_reruns_nothing_done(tmp_path: Path, suffix: str) -> None:
    """An interrupted sweep keeps its rows; resume runs only the rest; the result is the same."""
    if suffix == ".parquet":
        pytest.importorskip("pyarrow")
    base = load_base(JOB, behaviors=FLAKY)
    grid = {"job/pi:spec.parallelism": [1, 2, -1]}
    out = tmp_path / f"results{suffix}"
    interrupted = CountingExecutor(stop_after=4)
    with pytest.raises(KeyboardInterrupt):
        _sweep(base, grid, 3, output=out, executor=interrupted)
    assert len(read_results(out)[1]) == 4

    rest = CountingExecutor()
    resumed = _sweep(base, grid, 3, output=out, resume=True, executor=rest)
    assert [(t.point, t.seed) for t in rest.ran] == [(1, 1), (1, 2), (2, 0), (2, 1), (2, 2)]
    assert (resumed.ran, resumed.reused) == (5, 4)

    again = CountingExecutor()
    repeat = _sweep(base, grid, 3, output=out, resume=True, executor=again)
    assert again.ran == []
    fresh = _sweep(base, grid, 3)
    assert resumed.rows == repeat.rows == fresh.rows
    columns, on_disk = read_results(out)
    assert columns[:3] == ["point", "seed", "job/pi:spec.parallelism"]
    assert sorted(on_disk, key=lambda r: (r["point"], r["seed"])) == fresh.rows
    assert not (tmp_path / f"results{suffix}.partial.csv").exists() or suffix == ".csv"


def test_resume_with_more_seeds_and_values(tmp_path: Path) -> None:
    """Resuming a larger grid runs only the new points and seeds."""
    base = load_base(JOB)
    out = tmp_path / "r.csv"
    _sweep(base, {"job/pi:spec.parallelism": [1, 2]}, 2, output=out)
    more = CountingExecutor()
    result = _sweep(
        base, {"job/pi:spec.parallelism": [2, 1, 4]}, 3, output=out, resume=True, executor=more
    )
    assert sorted((dict(t.values)["job/pi:spec.parallelism"], t.seed) for t in more.ran) == [
        (1, 2),
        (2, 2),
        (4, 0),
        (4, 1),
        (4, 2),
    ]
    assert [r["point"] for r in result.rows] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    assert [r["job/pi:spec.parallelism"] for r in result.rows[::3]] == [2, 1, 4]


def test_resume_refuses_another_scenario(tmp_path: Path) -> None:
    """A results file written for another scenario is not silently mixed in."""
    out = tmp_path / "r.csv"
    _sweep(load_base(JOB), {}, 1, output=out)
    with pytest.raises(SweepFileError, match="written by a sweep of another scenario"):
        _sweep(load_base(INDEXED), {}, 1, output=out, resume=True)


def test_without_resume_the_output_is_replaced(tmp_path: Path) -> None:
    """A new sweep to an existing file starts it afresh."""
    out = tmp_path / "r.csv"
    _sweep(load_base(JOB), {"job/pi:spec.parallelism": [1, 2]}, 2, output=out)
    _sweep(load_base(INDEXED), {}, 1, output=out)
    assert len(read_results(out)[1]) == 1


def test_progress_reports_every_run() -> None:
    """Progress is reported before the first run and after each one."""
    seen: list[tuple[int, int]] = []
    _sweep(
        load_base(JOB),
        {"job/pi:spec.parallelism": [1, 2]},
        2,
        progress=lambda done, total: seen.append((done, total)),
    )
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]


def test_pandas_api_and_summary() -> None:
    """jobsim.sweep.sweep returns a DataFrame; summarize gives one row per point and Job."""
    pytest.importorskip("pandas")
    from jobsim.sweep import summarize, sweep  # noqa: PLC0415 - needs the sweep extra

    frame = sweep(JOB, {"job/pi:spec.parallelism": [1, 4]}, seeds=3, workers=1)
    assert list(frame.columns[:3]) == ["point", "seed", "job/pi:spec.parallelism"]
    assert len(frame) == 6
    assert list(frame["makespan"]) == [44.0] * 3 + [11.0] * 3
    summary = summarize(frame)
    assert list(summary["job/pi:spec.parallelism"]) == [1, 4]
    assert list(summary["makespan_p50"]) == [44.0, 11.0]
    assert list(summary["success_high"]) == [1.0, 1.0]


def test_a_job_deleted_after_it_finished_keeps_its_outcome() -> None:
    """ttlSecondsAfterFinished deletes the Job after Complete: the run is Complete (makespan
    11 s), not Deleted; a Job deleted by the timeline while running is Deleted."""
    ttl = load_base(Path(__file__).parent.parent / "scenarios" / "ttl-after-finished.yaml")
    (row,) = _sweep(ttl, {}, 1).rows
    assert (row["outcome"], row["makespan"]) == ("Complete", 11.0)
    early = JOB + (
        "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n"
        "timeline:\n- {at: 5s, action: delete, name: pi, propagationPolicy: Background}\n"
    )
    (row,) = _sweep(load_base(early), {}, 1).rows
    assert row["outcome"] == "Deleted"
