"""We test these aspects:

- ``successPolicy`` rules (``succeededIndexes``, ``succeededCount``, both): SuccessCriteriaMet
  with reason ``SuccessPolicy`` and message ``Matched rules at index <i>`` (the first matching
  rule), the remaining pods deleted and not counted, then Complete with the same reason and
  message only once they have terminated (``completionTime`` is that instant), event ``Completed``;
- evaluation order of failure and success criteria: a sync that meets a failure criterion and a
  success criterion fails (FailedIndexes over successPolicy; DeadlineExceeded over completions);
  once SuccessCriteriaMet is set, failures are no longer evaluated.

Upstream sources: ``pkg/controller/job/success_policy.go`` (``matchSuccessPolicy``),
``job_controller.go`` (``syncJob`` evaluation order), ``job_controller_test.go``
(``TestSyncJobWithJobSuccessPolicy``), ``test/integration/job/job_test.go``
(``TestSuccessPolicy``, ``TestSuccessPolicy_ReEnabling``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Final

import pytest
from feature_support import behavior, jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.clock import DEFAULT_EPOCH
from jobsim.simulation import Simulation

INDEX_KEY = "batch.kubernetes.io/job-completion-index"

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "features" / "success-policy.yaml"


def _job(name: str, **spec: Any) -> dict[str, Any]:
    """A Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim(*behaviors: PodBehavior) -> Simulation:
    """A simulation whose pods follow ``behaviors`` (first match), else run 10 s and exit 0."""
    return Simulation(behaviors=BehaviorSet.of(*behaviors, PodBehavior()))


def _on(indexes: str, **kwargs: Any) -> PodBehavior:
    return behavior(selector=f"{INDEX_KEY} in ({indexes})", **kwargs)


def _conditions(job: Job) -> list[tuple[str, str, str]]:
    return [(c.type, c.reason, c.message) for c in job.status.conditions or []]


def at(seconds: float) -> Any:
    """The datetime of simulated ``seconds``."""
    return DEFAULT_EPOCH + timedelta(seconds=seconds)


def test_succeeded_indexes_rule_completes_early() -> None:
    """Indexes 0-1 succeed: SuccessCriteriaMet, slow pods deleted uncounted, then Complete."""
    sim = _sim(_on("2,3", duration=100, shutdown_delay=5))
    policy = {"rules": [{"succeededIndexes": "0-1"}]}
    sim.apply(
        _job("sp", completions=4, parallelism=4, completionMode="Indexed", successPolicy=policy)
    )
    sim.run(11.5)
    job = sim.job("sp")
    assert _conditions(job) == [("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0")]
    assert (job.status.active, job.status.terminating) == (0, 2)
    sim.run()
    job = sim.job("sp")
    assert _conditions(job) == [
        ("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0"),
        ("Complete", "SuccessPolicy", "Matched rules at index 0"),
    ]
    # The deleted pods exit at 16 s (SIGTERM + 5 s); the sync 1 s later completes the Job.
    assert job.status.completion_time == at(17)
    assert (job.status.succeeded, job.status.failed, job.status.completed_indexes) == (2, 0, "0,1")
    assert [e.reason for e in sim.events() if e.reason in ("Completed", "SuccessfulDelete")] == [
        "SuccessfulDelete",
        "SuccessfulDelete",
        "Completed",
    ]


@pytest.mark.parametrize(
    ("rules", "slow", "message", "completed"),
    [
        ([{"succeededCount": 2}], "2,3,4", "Matched rules at index 0", "0,1"),
        (
            [{"succeededIndexes": "3-4"}, {"succeededIndexes": "0-2", "succeededCount": 1}],
            "1,2,3,4",
            "Matched rules at index 1",
            "0",
        ),
        (
            [{"succeededIndexes": "0,4"}, {"succeededCount": 3}],
            "0,1",
            "Matched rules at index 1",
            "2-4",
        ),
    ],
    ids=["count", "indexes-and-count-second-rule", "count-rule-after-unmet-indexes"],
)
def test_success_policy_rules(
    rules: list[dict[str, Any]], slow: str, message: str, completed: str
) -> None:
    """succeededCount, succeededIndexes with a count, and the first matching rule's index."""
    sim = _sim(_on(slow, duration=100))
    sim.apply(
        _job(
            "r",
            completions=5,
            parallelism=5,
            completionMode="Indexed",
            successPolicy={"rules": rules},
        )
    )
    sim.run()
    job = sim.job("r")
    assert _conditions(job) == [
        ("SuccessCriteriaMet", "SuccessPolicy", message),
        ("Complete", "SuccessPolicy", message),
    ]
    assert job.status.completed_indexes == completed
    assert job.status.failed == 0
    assert job.status.completion_time == at(12)


def test_failed_indexes_win_over_success_policy() -> None:
    """One sync sees index 0 succeeded (policy met) and index 1 failed: the Job fails."""
    sim = _sim(_on("1", exit_codes=1))
    sim.apply(
        _job(
            "o",
            completions=2,
            parallelism=2,
            completionMode="Indexed",
            backoffLimitPerIndex=0,
            successPolicy={"rules": [{"succeededCount": 1}]},
        )
    )
    sim.run()
    job = sim.job("o")
    assert _conditions(job) == [
        ("FailureTarget", "FailedIndexes", "Job has failed indexes"),
        ("Failed", "FailedIndexes", "Job has failed indexes"),
    ]
    assert (job.status.completed_indexes, job.status.failed_indexes) == ("0", "1")


def test_deadline_wins_over_completions_in_one_sync() -> None:
    """The pod succeeds at 9.5 s; the deadline sync at 10 s sees success and deadline: Failed."""
    sim = _sim(behavior(duration=9.5))
    sim.apply(_job("dl", activeDeadlineSeconds=10))
    sim.run()
    job = sim.job("dl")
    assert _conditions(job) == [
        ("FailureTarget", "DeadlineExceeded", "Job was active longer than specified deadline"),
        ("Failed", "DeadlineExceeded", "Job was active longer than specified deadline"),
    ]
    assert (job.status.succeeded, job.status.failed) == (1, 0)
    assert job.status.completion_time is None


def test_success_criteria_met_stops_failure_evaluation() -> None:
    """With SuccessCriteriaMet set, a counted failure past backoffLimit 0 still completes."""
    sim = Simulation(behaviors=BehaviorSet.of(PodBehavior()))
    sim.kubelet.stop()
    sim.job_controller.stop()
    policy = {"rules": [{"succeededIndexes": "0"}]}
    (job,) = sim.apply(
        _job(
            "n",
            completions=3,
            parallelism=3,
            completionMode="Indexed",
            backoffLimit=0,
            successPolicy=policy,
        )
    )
    assert isinstance(job, Job)
    met = {
        "type": "SuccessCriteriaMet",
        "status": "True",
        "reason": "SuccessPolicy",
        "message": "Matched rules at index 0",
        "lastProbeTime": "2026-01-01T00:00:00Z",
        "lastTransitionTime": "2026-01-01T00:00:00Z",
    }
    status = {"startTime": "2026-01-01T00:00:00Z", "completedIndexes": "0", "succeeded": 1}
    merge: Final = "application/merge-patch+json"
    sim.api.patch_status(
        "jobs",
        "n",
        {"status": {**status, "conditions": [met]}},
        namespace="default",
        patch_type=merge,
    )
    meta = {
        "name": "p",
        "namespace": "default",
        "labels": dict(job.spec.template.metadata.labels or {}),
        "annotations": {INDEX_KEY: "1"},
        "finalizers": ["batch.kubernetes.io/job-tracking"],
        "ownerReferences": [
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": "n",
                "uid": job.metadata.uid,
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ],
    }
    spec = {
        "nodeName": "node-0",
        "restartPolicy": "Never",
        "containers": [{"name": "main", "image": "busybox"}],
    }
    sim.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
    sim.api.patch_status(
        "pods", "p", {"status": {"phase": "Failed"}}, namespace="default", patch_type=merge
    )
    sim.run(100)
    sim.job_controller.sync_job("default/n")
    job = sim.job("n")
    assert _conditions(job) == [
        ("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0"),
        ("Complete", "SuccessPolicy", "Matched rules at index 0"),
    ]
    assert (job.status.failed, job.status.succeeded) == (1, 1)
    assert job.status.completion_time == at(100)


def test_scenario_manifest() -> None:
    """``scenarios/features/success-policy.yaml`` runs to its documented outcome."""
    status = jobsim_run(SCENARIO)["status"]
    assert (status["succeeded"], status["completedIndexes"]) == (2, "0,1")
    assert [(c["type"], c["reason"], c["message"]) for c in status["conditions"]] == [
        ("SuccessCriteriaMet", "SuccessPolicy", "Matched rules at index 0"),
        ("Complete", "SuccessPolicy", "Matched rules at index 0"),
    ]
    assert status["completionTime"] == "2026-01-01T00:00:11Z"
