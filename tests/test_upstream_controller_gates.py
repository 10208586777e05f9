"""We test these aspects: the rows upstream wrote for feature gates that are now GA
(JobPodReplacementPolicy, JobManagedBy) with the gate on: a failing Job gets ``FailureTarget``
and keeps ``Failed`` back while a deleted pod is terminating, a finishing Job gets
``SuccessCriteriaMet`` before ``Complete``, and ``spec.managedBy`` hands a Job to another
controller unless it names the built-in one.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``: ``TestSyncJobPastDeadline``
("...; JobPodReplacementPolicy enabled", "...; JobManagedBy enabled" rows),
``TestJobBackoffForOnFailure`` (same) and ``TestSyncJobWhenManagedBy``. Rows that test a gate
being off ("...; feature disabled; ...") are left out: jobsim models master with every GA'd gate
on. The master success reason is ``CompletionsReached`` (upstream's rows predate it).
"""

from __future__ import annotations

from typing import Any

import pytest
from controller_harness import Harness
from upstream_controller_support import add_pod, age, sync_on_failure_row

BACKOFF = ("BackoffLimitExceeded", "Job has reached the specified backoff limit")
DEADLINE = ("DeadlineExceeded", "Job was active longer than specified deadline")
COMPLETIONS = ("CompletionsReached", "Reached expected number of succeeded pods")

Cond = tuple[str, str, str, str]

# name: (parallelism, completions, ADS, startTime ago, backoffLimit, active, succeeded, failed)
#       -> (deletions, succeeded, failed, conditions)
DEADLINE_CASES: dict[str, tuple[tuple[int, ...], tuple[int, int, int, list[Cond]]]] = {
    "activeDeadlineSeconds exceeded; JobPodReplacementPolicy enabled": (
        (1, 2, 10, 15, 6, 1, 1, 0),
        (1, 1, 1, [("FailureTarget", "True", *DEADLINE)]),
    ),
    "activeDeadlineSeconds exceeded; JobManagedBy enabled": (
        (1, 2, 10, 15, 6, 1, 1, 0),
        (1, 1, 1, [("FailureTarget", "True", *DEADLINE)]),
    ),
    "activeDeadlineSeconds exceeded and backofflimit reached; JobManagedBy enabled": (
        (1, 1, 1, 10, 0, 0, 0, 1),
        (0, 0, 1, [("FailureTarget", "True", *BACKOFF), ("Failed", "True", *BACKOFF)]),
    ),
}


@pytest.mark.parametrize(("setup", "want"), list(DEADLINE_CASES.values()), ids=list(DEADLINE_CASES))
def test_sync_job_past_deadline_gates_on(
    setup: tuple[int, ...], want: tuple[int, int, int, list[Cond]]
) -> None:
    """Past the deadline: FailureTarget while the deleted pod terminates; backoff wins first."""
    parallelism, completions, ads, ago, limit, active, succeeded, failed = setup
    h = Harness()
    job = h.create_job(
        parallelism=parallelism,
        completions=completions,
        backoff_limit=limit,
        spec={"activeDeadlineSeconds": ads},
    )
    for phase, count in (("Running", active), ("Succeeded", succeeded), ("Failed", failed)):
        for _ in range(count):
            add_pod(h, job, phase)
    age(h)
    h.set_job_status(startTime=h.clock.rfc3339(h.env.now - ago))
    result = h.sync()
    status = result.job.status
    assert result.error is None
    assert (len(result.deletes), status.succeeded, status.failed, result.conditions) == want
    assert status.active == 0


# name: (parallelism, completions, backoffLimit, suspend, restartCounts, phase)
#       -> (succeeded, failed, conditions)
ON_FAILURE_CASES: dict[str, tuple[tuple[Any, ...], tuple[int, int, list[Cond]]]] = {
    "finished job; JobPodReplacementPolicy enabled": (
        (2, 4, 6, True, [1, 1, 2, 0], "Succeeded"),
        (
            4,
            0,
            [("SuccessCriteriaMet", "True", *COMPLETIONS), ("Complete", "True", *COMPLETIONS)],
        ),
    ),
    "finished job; JobManagedBy enabled": (
        (2, 4, 6, True, [1, 1, 2, 0], "Succeeded"),
        (
            4,
            0,
            [("SuccessCriteriaMet", "True", *COMPLETIONS), ("Complete", "True", *COMPLETIONS)],
        ),
    ),
    "too many job failures with podRunning - multiple pods; JobPodReplacementPolicy enabled": (
        (2, 5, 2, False, [1, 1], "Running"),
        (0, 2, [("FailureTarget", "True", *BACKOFF)]),
    ),
    "too many job failures with podRunning - multiple pods; JobManagedBy enabled": (
        (2, 5, 2, False, [1, 1], "Running"),
        (0, 2, [("FailureTarget", "True", *BACKOFF)]),
    ),
}


@pytest.mark.parametrize(
    ("setup", "want"), list(ON_FAILURE_CASES.values()), ids=list(ON_FAILURE_CASES)
)
def test_job_backoff_for_on_failure_gates_on(
    setup: tuple[Any, ...], want: tuple[int, int, list[Cond]]
) -> None:
    """OnFailure restarts: FailureTarget only while pods terminate; success gets both conditions."""
    result = sync_on_failure_row(setup)
    status = result.job.status
    assert result.error is None
    assert status.active == 0
    assert (status.succeeded, status.failed, result.conditions) == want


@pytest.mark.parametrize(
    ("managed_by", "want_updated"),
    [
        # Upstream's "custom-managed-by" bypasses validation, which wants a domain-prefixed path.
        ("example.com/custom-managed-by", False),
        ("kubernetes.io/job-controller", True),
        (None, True),
    ],
    ids=[
        "job with custom value of managedBy; feature enabled; the status is unchanged",
        "job with well known value of the managedBy; feature enabled; the status is updated",
        "job without the managedBy; feature enabled; the status is updated",
    ],
)
def test_sync_job_when_managed_by(managed_by: str | None, want_updated: bool) -> None:
    """Only Jobs managed by the built-in controller are synced (``TestSyncJobWhenManagedBy``)."""
    h = Harness()
    spec = {"managedBy": managed_by} if managed_by else {}
    h.create_job(parallelism=2, completions=2, spec=spec)
    start = h.clock.rfc3339(h.env.now)
    before = h.set_job_status(active=1, ready=1, startTime=start).status
    result = h.sync()
    status = result.job.status
    if not want_updated:
        assert status == before
        assert result.creates == []
        return
    assert (status.active, status.ready, status.terminating) == (2, 0, 0)
    assert status.start_time == before.start_time
    assert status.uncounted_terminated_pods is not None
    assert status.uncounted_terminated_pods.to_dict() == {}
    assert status.conditions is None
