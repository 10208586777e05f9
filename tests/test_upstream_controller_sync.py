"""We test these aspects: one ``sync_job`` for the active deadline, backoffLimit with
``restartPolicy: OnFailure`` (container restarts) and ``Never`` (failed pods), a Job already
finished, a Job that no longer exists and a stale ``Failed=False`` condition; and the
informer handlers' requeues (a pod turning Failed batches a sync 1 s later; a spec update
syncs at once, a status update is batched).

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``: ``TestSyncJobPastDeadline``,
``TestJobBackoffForOnFailure``, ``TestJobBackoffOnRestartPolicyNever``,
``TestSingleJobFailedCondition``, ``TestSyncJobComplete``, ``TestSyncJobDeleted``,
``TestJobBackoff``, ``TestUpdateJobRequeue`` (case names kept as row ids). Master semantics,
every GA'd gate on: failures first add ``FailureTarget``; ``Failed`` follows in the same sync
only when no pod is left terminating (rows whose upstream expectation had the gates off carry
the master expectation and say so).
"""

from __future__ import annotations

from typing import Any

import pytest
from controller_harness import Harness, RecordingQueue
from upstream_controller_support import add_pod, age, sync_on_failure_row

BACKOFF = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE = ("DeadlineExceeded", "Job was active longer than specified deadline")
SUSPENDED = ("Suspended", "True", "JobSuspended", "Job suspended")
COMPLETIONS = ("CompletionsReached", "Reached expected number of succeeded pods")


def _ft(reason: tuple[str, str]) -> list[tuple[str, str, str, str]]:
    return [("FailureTarget", "True", *reason)]


def _ft_failed(reason: tuple[str, str]) -> list[tuple[str, str, str, str]]:
    return [("FailureTarget", "True", *reason), ("Failed", "True", *reason)]


# name: (parallelism, completions, ADS, startTime ago, backoffLimit, suspend, active, succeeded,
#        failed) -> (deletions, active, succeeded, failed, terminating, conditions)
DEADLINE_CASES: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    # Master: the deleted pod is terminating, so only FailureTarget (upstream: gates off).
    "activeDeadlineSeconds less than single pod execution": (
        (1, 1, 10, 15, 6, False, 1, 0, 0),
        (1, 0, 0, 1, 1, _ft(DEADLINE)),
    ),
    "activeDeadlineSeconds bigger than single pod execution": (
        (1, 2, 10, 15, 6, False, 1, 1, 0),
        (1, 0, 1, 1, 1, _ft(DEADLINE)),
    ),
    "activeDeadlineSeconds times-out before any pod starts": (
        (1, 1, 10, 10, 6, False, 0, 0, 0),
        (0, 0, 0, 0, 0, _ft_failed(DEADLINE)),
    ),
    "activeDeadlineSeconds with backofflimit reach": (
        (1, 1, 1, 10, 0, False, 0, 0, 1),
        (0, 0, 0, 1, 0, _ft_failed(BACKOFF)),
    ),
    "activeDeadlineSeconds is not triggered when Job is suspended": (
        (1, 2, 10, 15, 6, True, 0, 0, 0),
        (0, 0, 0, 0, 0, [SUSPENDED]),
    ),
}


def _deadline_setup(args: tuple[Any, ...]) -> Harness:
    parallelism, completions, ads, ago, limit, suspend, active, succeeded, failed = args
    h = Harness()
    job = h.create_job(
        parallelism=parallelism,
        completions=completions,
        backoff_limit=limit,
        spec={"activeDeadlineSeconds": ads, "suspend": suspend},
    )
    for phase, count in (("Running", active), ("Succeeded", succeeded), ("Failed", failed)):
        for _ in range(count):
            add_pod(h, job, phase)
    age(h)
    h.set_job_status(startTime=h.clock.rfc3339(h.env.now - ago))
    return h


@pytest.mark.parametrize(("setup", "want"), list(DEADLINE_CASES.values()), ids=list(DEADLINE_CASES))
def test_sync_job_past_deadline(setup: tuple[Any, ...], want: tuple[Any, ...]) -> None:
    """Past the active deadline the Job fails (deleting active pods); never while suspended."""
    deletions, active, succeeded, failed, terminating, conds = want
    result = _deadline_setup(setup).sync()
    status = result.job.status
    assert result.error is None
    assert result.creates == []
    assert len(result.deletes) == deletions
    assert (status.active, status.succeeded, status.failed) == (active, succeeded, failed)
    assert status.terminating == terminating
    assert status.start_time is not None
    assert result.conditions == conds


# name: (parallelism, completions, backoffLimit, suspend, restartCounts, phase)
#       -> (active, succeeded, failed, conditions)
ON_FAILURE_CASES: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    "backoffLimit 0 should have 1 pod active": ((1, 1, 0, False, [0], "Running"), (1, 0, 0, [])),
    "backoffLimit 1 with restartCount 0 should have 1 pod active": (
        (1, 1, 1, False, [0], "Running"),
        (1, 0, 0, []),
    ),
    # Master (all rows failing the Job): the deleted pods are terminating, so FailureTarget only.
    "backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active": (
        (1, 1, 1, False, [1], "Running"),
        (0, 0, 1, _ft(BACKOFF)),
    ),
    "backoffLimit 1 with restartCount 1 and podPending should have 0 pod active": (
        (1, 1, 1, False, [1], "Pending"),
        (0, 0, 1, _ft(BACKOFF)),
    ),
    "too many job failures with podRunning - single pod": (
        (1, 5, 2, False, [2], "Running"),
        (0, 0, 1, _ft(BACKOFF)),
    ),
    "too many job failures with podPending - single pod": (
        (1, 5, 2, False, [2], "Pending"),
        (0, 0, 1, _ft(BACKOFF)),
    ),
    "too many job failures with podRunning - multiple pods": (
        (2, 5, 2, False, [1, 1], "Running"),
        (0, 0, 2, _ft(BACKOFF)),
    ),
    "too many job failures with podPending - multiple pods": (
        (2, 5, 2, False, [1, 1], "Pending"),
        (0, 0, 2, _ft(BACKOFF)),
    ),
    "not enough failures": ((2, 5, 3, False, [1, 1], "Running"), (2, 0, 0, [])),
    "suspending a job": ((2, 4, 6, True, [1, 1], "Running"), (0, 0, 0, [SUSPENDED])),
    "finished job": (
        (2, 4, 6, True, [1, 1, 2, 0], "Succeeded"),
        (
            0,
            4,
            0,
            [("SuccessCriteriaMet", "True", *COMPLETIONS), ("Complete", "True", *COMPLETIONS)],
        ),
    ),
}


@pytest.mark.parametrize(
    ("setup", "want"), list(ON_FAILURE_CASES.values()), ids=list(ON_FAILURE_CASES)
)
def test_job_backoff_for_on_failure(setup: tuple[Any, ...], want: tuple[Any, ...]) -> None:
    """Container restarts of Running/Pending pods count toward backoffLimit (OnFailure)."""
    result = sync_on_failure_row(setup)
    status = result.job.status
    assert result.error is None
    assert (status.active, status.succeeded, status.failed, result.conditions) == want


# name: (parallelism, completions, backoffLimit, active phase, active, failed)
#       -> (active, failed, conditions)
NEVER_CASES: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {
    "not enough failures with backoffLimit 0 - single pod": (
        (1, 1, 0, "Running", 1, 0),
        (1, 0, []),
    ),
    "not enough failures with backoffLimit 1 - single pod": ((1, 1, 1, "", 0, 1), (1, 1, [])),
    "too many failures with backoffLimit 1 - single pod": (
        (1, 1, 1, "", 0, 2),
        (0, 2, _ft_failed(BACKOFF)),
    ),
    "not enough failures with backoffLimit 6 - multiple pods": (
        (2, 2, 6, "Running", 1, 6),
        (2, 6, []),
    ),
    "too many failures with backoffLimit 6 - multiple pods": (
        (2, 2, 6, "", 0, 7),
        (0, 7, _ft_failed(BACKOFF)),
    ),
}


@pytest.mark.parametrize(("setup", "want"), list(NEVER_CASES.values()), ids=list(NEVER_CASES))
def test_job_backoff_on_restart_policy_never(setup: tuple[Any, ...], want: tuple[Any, ...]) -> None:
    """Failed pods count toward backoffLimit (Never): ``failed > backoffLimit`` fails the Job."""
    parallelism, completions, limit, active_phase, active, failed = setup
    h = Harness()
    job = h.create_job(parallelism=parallelism, completions=completions, backoff_limit=limit)
    for _ in range(failed):
        add_pod(h, job, "Failed")
    for _ in range(active):
        add_pod(h, job, active_phase)
    age(h)
    result = h.sync()
    status = result.job.status
    assert result.error is None
    assert status.succeeded == 0
    assert (status.active, status.failed, result.conditions) == want


def test_single_job_failed_condition() -> None:
    """A stale ``Failed=False`` condition is turned True in place: one Failed condition only."""
    h = Harness()
    h.create_job(parallelism=1, completions=1, spec={"activeDeadlineSeconds": 10})
    age(h)
    h.set_job_status(
        startTime=h.clock.rfc3339(h.env.now - 15),
        conditions=[
            {
                "type": "Failed",
                "status": "False",
                "reason": "DeadlineExceeded",
                "message": "Job was active longer than specified deadline",
                "lastProbeTime": "2026-01-01T00:00:00Z",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
            }
        ],
    )
    result = h.sync()
    assert result.deletes == []
    failed = [c for c in result.conditions if c[0] == "Failed"]
    assert failed == [("Failed", "True", *DEADLINE)]


def test_sync_job_complete() -> None:
    """A Job already Complete is not synced: its conditions are left as they are."""
    h = Harness()
    h.create_job(parallelism=1, completions=1)
    h.set_job_status(
        startTime="2026-01-01T00:00:00Z",
        completionTime="2026-01-01T00:00:00Z",
        succeeded=1,
        conditions=[
            {
                "type": "Complete",
                "status": "True",
                "lastProbeTime": "2026-01-01T00:00:00Z",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
            }
        ],
    )
    result = h.sync()
    assert result.error is None
    assert result.conditions == [("Complete", "True", "", "")]
    assert (result.creates, result.deletes, result.patches) == ([], [], [])


def test_sync_job_deleted() -> None:
    """Syncing a Job that is not in the store creates and deletes nothing."""
    h = Harness()
    h.ctrl.sync_job("default/foobar")
    assert (h.spy.creates, h.spy.deletes) == ([], [])


def test_job_backoff_batches_pod_failure() -> None:
    """A pod turning Failed enqueues its Job after ``syncJobBatchPeriod`` (1 s), not at once."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1, backoff_limit=1)
    pod = add_pod(h, job, "Running")
    queue = RecordingQueue(h.env)
    h.ctrl.queue = queue
    data = pod.to_dict()
    data["status"]["phase"] = "Failed"
    h.api.replace_status("pods", data)
    assert queue.added == [("default/foobar", 1.0)]


@pytest.mark.parametrize(
    ("update", "want"),
    [
        ({"spec": {"parallelism": 2}}, [("default/foobar", 0.0)]),
        ({"status": {"startTime": "2026-01-01T00:00:00Z"}}, [("default/foobar", 1.0)]),
    ],
    ids=["spec update", "status update"],
)
def test_update_job_requeue(update: dict[str, Any], want: list[tuple[str, float]]) -> None:
    """A spec change (new generation) syncs at once; a status-only change is batched by 1 s."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1)
    queue = RecordingQueue(h.env)
    h.ctrl.queue = queue
    if "spec" in update:
        data = job.to_dict()
        data["spec"].update(update["spec"])
        h.api.replace("jobs", data)
    else:
        h.set_job_status(**update["status"])
    assert queue.added == want
