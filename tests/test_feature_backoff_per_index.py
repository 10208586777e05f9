"""We test these aspects:

- ``backoffLimitPerIndex``: the global ``backoffLimit`` defaults to MaxInt32; every pod carries
  ``batch.kubernetes.io/job-index-failure-count`` (0 for the first pod of an index, then the
  count of the replaced pod plus one); an index fails after ``backoffLimitPerIndex + 1`` attempts
  and is never re-run; the other indexes keep running; the Job ends Failed(``FailedIndexes``,
  ``Job has failed indexes``), never Complete, with ``failedIndexes``/``completedIndexes``;
- the per-index re-creation delay 10 s, 20 s, 40 s after each failure of that index;
- ignored failures (podFailurePolicy ``Ignore``) bump
  ``batch.kubernetes.io/job-index-ignored-failure-count`` instead and still advance the delay;
- ``maxFailedIndexes``: exceeding it fails the Job (``MaxFailedIndexesExceeded``, ``Job has
  exceeded the specified maximal number of failed indexes``) at once; the running pods are deleted
  and counted as failed but their indexes are not marked failed.

Upstream sources: ``pkg/controller/job/indexed_job_utils.go`` (``getNewIndexFailureCounts``,
``isIndexFailed``, ``calculateFailedIndexes``), ``job_controller.go``
(``getPodCreationInfoForIndependentIndexes``), ``job_controller_test.go``
(``TestSyncJobWithJobBackoffLimitPerIndex``), ``test/integration/job/job_test.go``
(``TestBackoffLimitPerIndex``, ``TestBackoffLimitPerIndex_DelayedPodDeletion``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from feature_support import behavior, jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.simulation import Simulation

INDEX_KEY = "batch.kubernetes.io/job-completion-index"
FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"
IGNORED_COUNT = "batch.kubernetes.io/job-index-ignored-failure-count"

SCENARIO = (
    Path(__file__).resolve().parent.parent / "scenarios" / "features" / "backoff-per-index.yaml"
)


def _job(name: str, **spec: Any) -> dict[str, Any]:
    """An Indexed Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"completionMode": "Indexed", **spec, "template": {"spec": pod_spec}},
    }


def _sim(*behaviors: PodBehavior) -> Simulation:
    """A simulation whose pods follow ``behaviors`` (first match), else run 10 s and exit 0."""
    return Simulation(behaviors=BehaviorSet.of(*behaviors, PodBehavior()))


def _on(index: int, **kwargs: Any) -> PodBehavior:
    return behavior(selector=f"{INDEX_KEY}={index}", **kwargs)


def _counts(sim: Simulation, index: int) -> list[tuple[str | None, str | None]]:
    """(failure count, ignored count) annotations of the pods of ``index``, by creation."""
    pods = [
        p
        for p in sim.api.list("pods").items
        if isinstance(p, Pod) and (p.metadata.annotations or {}).get(INDEX_KEY) == str(index)
    ]
    created = {r.name: r.created for r in sim.timeline()}
    pods.sort(key=lambda p: created[p.metadata.name or ""])
    notes = [p.metadata.annotations or {} for p in pods]
    return [(n.get(FAILURE_COUNT), n.get(IGNORED_COUNT)) for n in notes]


def _last(job: Job) -> tuple[str, str, str]:
    cond = (job.status.conditions or [])[-1]
    return (cond.type, cond.reason, cond.message)


def test_index_fails_after_limit_others_continue() -> None:
    """Index 1 fails twice (limit 1) while 0 and 2 run on: Failed(FailedIndexes) at the end."""
    sim = _sim(_on(1, exit_codes=1), behavior(duration=100))
    sim.apply(_job("b", completions=3, parallelism=3, backoffLimitPerIndex=1))
    sim.run(35)
    job = sim.job("b")
    assert job.spec.backoff_limit == 2147483647
    assert job.status.failed_indexes == "1"
    assert not job.is_finished()
    assert job.status.active == 2
    sim.run()
    job = sim.job("b")
    assert (job.status.completed_indexes, job.status.failed_indexes) == ("0,2", "1")
    assert (job.status.succeeded, job.status.failed) == (2, 2)
    assert [c.type for c in job.status.conditions or []] == ["FailureTarget", "Failed"]
    assert _last(job) == ("Failed", "FailedIndexes", "Job has failed indexes")
    assert [(e.type, e.reason, e.message) for e in sim.events() if e.type == "Warning"] == [
        ("Warning", "FailedIndexes", "Job has failed indexes")
    ]
    assert _counts(sim, 1) == [("0", None), ("1", None)]
    assert _counts(sim, 0) == [("0", None)]
    # Index 1 fails at 10 s, is re-created at 20 s (10 s delay), fails at 30 s: no third try.
    assert [(r.index, r.created) for r in sim.timeline()] == [
        (0, 0.0),
        (1, 0.0),
        (2, 0.0),
        (1, 20.0),
    ]


def test_per_index_delay_doubles() -> None:
    """Each failure of an index delays its next pod 10 s, 20 s, 40 s after the failure."""
    sim = _sim(_on(0, exit_codes=1))
    sim.apply(_job("d", completions=2, parallelism=2, backoffLimitPerIndex=3))
    sim.run()
    job = sim.job("d")
    assert [(r.index, r.created, r.finished) for r in sim.timeline()] == [
        (0, 0.0, 10.0),
        (1, 0.0, 10.0),
        (0, 20.0, 30.0),
        (0, 50.0, 60.0),
        (0, 100.0, 110.0),
    ]
    assert _counts(sim, 0) == [("0", None), ("1", None), ("2", None), ("3", None)]
    assert (job.status.failed, job.status.failed_indexes, job.status.completed_indexes) == (
        4,
        "0",
        "1",
    )
    assert _last(job) == ("Failed", "FailedIndexes", "Job has failed indexes")


def test_ignored_failures_bump_ignored_count_and_delay() -> None:
    """Ignored failures count in ``job-index-ignored-failure-count`` and still delay re-creation."""
    sim = _sim(_on(0, exit_codes=42))
    policy = {"rules": [{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [42]}}]}
    sim.apply(
        _job("i", completions=2, parallelism=2, backoffLimitPerIndex=1, podFailurePolicy=policy)
    )
    sim.run(60)
    job = sim.job("i")
    assert not job.is_finished()
    assert (job.status.failed, job.status.failed_indexes) == (0, "")
    assert [(r.index, r.created) for r in sim.timeline()] == [
        (0, 0.0),
        (1, 0.0),
        (0, 20.0),
        (0, 50.0),
    ]
    assert _counts(sim, 0) == [("0", None), ("0", "1"), ("0", "2")]


def test_max_failed_indexes_exceeded() -> None:
    """maxFailedIndexes 0: the first failed index fails the Job; running pods are counted."""
    sim = _sim(_on(1, exit_codes=1), behavior(duration=100))
    sim.apply(_job("m", completions=3, parallelism=3, backoffLimitPerIndex=0, maxFailedIndexes=0))
    sim.run(11.5)
    job = sim.job("m")
    message = "Job has exceeded the specified maximal number of failed indexes"
    assert [(c.type, c.reason, c.message) for c in job.status.conditions or []] == [
        ("FailureTarget", "MaxFailedIndexesExceeded", message)
    ]
    assert (job.status.active, job.status.terminating) == (0, 2)
    sim.run()
    job = sim.job("m")
    assert _last(job) == ("Failed", "MaxFailedIndexesExceeded", message)
    assert (job.status.failed, job.status.failed_indexes) == (3, "1")
    assert job.status.completed_indexes == ""
    assert job.status.completion_time is None


def test_scenario_manifest() -> None:
    """``scenarios/features/backoff-per-index.yaml`` runs to its documented outcome."""
    job = jobsim_run(SCENARIO)
    assert job["spec"]["backoffLimit"] == 2147483647
    status = job["status"]
    assert (status["completedIndexes"], status["failedIndexes"]) == ("0-5", "")
    assert status["succeeded"] == 6
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet", "Complete"]
