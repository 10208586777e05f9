"""One run of a sweep: a grid point's scenario, run with one seed, measured per Job.

Owns :func:`build_scenario` (a :class:`~jobsim.sweep.base.SweepBase` with the seed set, loaded
by the scenario loader exactly as ``jobsim run`` loads a file), :func:`run_task` (the function
executors call: a :class:`~jobsim.sweep.grid.RunTask` in, result rows out; picklable,
deterministic, and never raising for a bad grid value, which becomes an error row) and the
column names of result rows. Imports the scenario package and the sweep's pure modules; must
not import executors, I/O or the CLI.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Mapping
from typing import Any, Final

from jobsim.api.batch_v1 import Job
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.kubelet import PodRecord
from jobsim.manifests import ManifestError
from jobsim.scenario import Scenario, ScenarioResult, load_scenario, run_scenario
from jobsim.simulation import Simulation
from jobsim.sweep.base import SweepBase, override
from jobsim.sweep.grid import RunTask
from jobsim.sweep.metrics import OUTCOME_ERROR, JobMetrics, deleted_job_metrics, job_metrics

__all__ = [
    "METRIC_COLUMNS",
    "RUN_COLUMNS",
    "LastSeenJobs",
    "build_scenario",
    "describe",
    "measure",
    "run_task",
]

METRIC_COLUMNS: Final = (
    "job",
    "outcome",
    "reason",
    "makespan",
    "succeeded",
    "failed",
    "pod_seconds",
    "wasted_pod_seconds",
    "max_active",
    "time_to_first_pod",
    "expectations_failed",
)
RUN_COLUMNS: Final = ("point", "seed", *METRIC_COLUMNS, "error", "point_key", "scenario")
"""Columns of every result row (the grid's parameter columns go after ``seed``)."""


def build_scenario(base: SweepBase, seed: int) -> Scenario:
    """Load ``base`` with ``seed`` as a scenario; raise ``ScenarioError`` for bad input."""
    settings = {**base.scenario, "seed": seed}
    documents = list(base.with_scenario(settings).documents)
    # JSON is YAML that the loader reads back exactly: every string quoted, nothing re-typed.
    text = "\n---\n".join(json.dumps(data) for data in documents) + "\n"
    return load_scenario(text, name=base.source)


def run_task(base: SweepBase, task: RunTask) -> list[dict[str, Any]]:
    """Run one grid point with one seed; one row per Job, or one error row."""
    head: dict[str, Any] = {"point": task.point, "seed": task.seed, **dict(task.values)}
    tail = {"point_key": task.key, "scenario": base.digest()}
    last_seen = LastSeenJobs()
    try:
        result = run_scenario(
            build_scenario(override(base, task.values), task.seed), on_start=last_seen.attach
        )
    except ManifestError as exc:  # ScenarioError: the file with this point's values is invalid
        return [_error_row(head, tail, describe(exc))]
    except ValueError as exc:  # PathError (a list index past the end), bad durations...
        return [_error_row(head, tail, str(exc))]
    failed_checks = sum(1 for line in result.results if not line.passed)
    rows = [
        {**head, **metrics.as_row(), "expectations_failed": failed_checks, "error": "", **tail}
        for metrics in measure(result, last_seen.jobs)
    ]
    return rows or [_error_row(head, tail, "the scenario creates no Job")]


class LastSeenJobs:
    """The last state of every Job of a run, from a watch (what a deleted Job had become)."""

    def __init__(self) -> None:
        self.jobs: dict[tuple[str, str], Job] = {}

    def attach(self, sim: Simulation) -> None:
        """Watch the Jobs of ``sim`` (the scenario runner's ``on_start``)."""
        sim.api.watch("jobs", handler=self._on_event)

    def _on_event(self, event: WatchEventRecord) -> None:
        job = event.object
        if isinstance(job, Job):
            self.jobs[(job.metadata.namespace or "", job.metadata.name or "")] = job


def measure(
    result: ScenarioResult, last_seen: Mapping[tuple[str, str], Job] | None = None
) -> list[JobMetrics]:
    """Metrics of every Job of a finished run (Jobs deleted during the run included).

    A Job deleted after it finished (``ttlSecondsAfterFinished``, a timeline ``delete``) is
    measured from its last state in ``last_seen`` (``Complete``/``Failed``, its makespan); one
    deleted before it finished, or not in ``last_seen``, is ``Deleted``.
    """
    last_seen = last_seen or {}
    sim = result.simulation
    pods: dict[tuple[str, str], list[PodRecord]] = defaultdict(list)
    for record in sim.timeline():
        if record.job is not None:
            pods[(record.namespace, record.job)].append(record)
    measured: list[JobMetrics] = []
    present: set[tuple[str, str]] = set()
    for job in sim.jobs():
        key = (job.metadata.namespace or "", job.metadata.name or "")
        present.add(key)
        measured.append(_measure_job(job, pods.get(key, []), result))
    for key in sorted((set(pods) | set(last_seen)) - present):
        last = last_seen.get(key)
        if last is not None and last.finished_condition() is not None:
            measured.append(_measure_job(last, pods.get(key, []), result))
        else:
            name = f"{key[0]}/{key[1]}"
            measured.append(deleted_job_metrics(name, pods.get(key, []), end=result.end))
    return sorted(measured, key=lambda m: m.job)


def _measure_job(job: Job, pods: list[PodRecord], result: ScenarioResult) -> JobMetrics:
    clock = result.simulation.clock
    created = job.metadata.creation_timestamp
    condition = job.finished_condition()
    finished = job.status.completion_time or (
        condition.last_transition_time if condition is not None else None
    )
    return job_metrics(
        job,
        created=clock.to_seconds(created) if created is not None else 0.0,
        finished=clock.to_seconds(finished) if finished is not None else None,
        pods=pods,
        end=result.end,
    )


def describe(exc: ManifestError) -> str:
    """One line per problem, joined: ``document N, Kind/name: message`` (no line numbers: the
    file that was loaded is the grid point's, not the one on disk)."""
    problems: list[ManifestError] = list(getattr(exc, "problems", None) or [exc])
    parts = []
    for problem in problems:
        where = f"document {problem.index + 1}" if problem.index is not None else ""
        if problem.what:
            where = f"{where}, {problem.what}" if where else problem.what
        parts.append(f"{where}: {problem.message}" if where else problem.message)
    return "; ".join(parts)


def _error_row(head: dict[str, Any], tail: dict[str, Any], message: str) -> dict[str, Any]:
    metrics = dict.fromkeys(METRIC_COLUMNS, None)
    metrics.update(job="", outcome=OUTCOME_ERROR, reason="")
    return {**head, **metrics, "error": message, **tail}
