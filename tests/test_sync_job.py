"""We test these aspects: one ``sync_job`` call on a hand-built store state, table-driven.

The table mirrors upstream ``TestControllerSyncJob``
(kubernetes ``pkg/controller/job/job_controller_test.go``); each row keeps the upstream
case name. Pods are created through the API server in the given phases, the controller
syncs once, and we assert the pod writes it *attempted* (creations, deletions, finalizer
patches — as upstream's ``FakePodControl`` counts them) and the Job status it wrote.

Where upstream's table was written for older feature-gate defaults, the row asserts the
MASTER behaviour (JobPodReplacementPolicy and JobManagedBy GA, so ``status.terminating``
is always published and failures/successes go through the interim ``FailureTarget`` /
``SuccessCriteriaMet`` conditions first); such rows say so in ``note``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from controller_harness import FAKE_ERROR, Harness, SyncResult

from jobsim.api.batch_v1 import JOB_TRACKING_FINALIZER
from jobsim.errors import new_internal_error

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
BACKOFF_MESSAGE = "Job has reached the specified backoff limit"
COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods"

SCM_COMPLETE = [
    ("SuccessCriteriaMet", "True", "CompletionsReached", COMPLETIONS_MESSAGE),
    ("Complete", "True", "CompletionsReached", COMPLETIONS_MESSAGE),
]
FAILURE_TARGET_BACKOFF = ("FailureTarget", "True", "BackoffLimitExceeded", BACKOFF_MESSAGE)
FAILED_BACKOFF = ("Failed", "True", "BackoffLimitExceeded", BACKOFF_MESSAGE)


@dataclass
class Case:
    """One row of upstream's ``TestControllerSyncJob`` (fields named as there)."""

    parallelism: int | None = None
    completions: int | None = None
    backoff_limit: int = 6
    deleting: bool = False
    pod_limit: int = 0
    indexed: bool = False
    was_suspended: bool = False
    suspend: bool = False
    pod_replacement_policy: str | None = None
    pod_failure_policy: dict[str, Any] | None = None
    initial_status: dict[str, Any] | None = None
    backoff_record: int | None = None  # failuresAfterLastSuccess, lastFailureTime = now
    pod_controller_error: bool = False
    pending_pods: int = 0
    active_pods: int = 0
    ready_pods: int = 0
    succeeded_pods: int = 0
    failed_pods: int = 0
    terminating_pods: int = 0
    pods_with_indexes: list[tuple[str, str]] = field(default_factory=list)
    fake_expectation_at_creation: int = 0  # negative: ExpectDeletions, positive: ExpectCreations

    expected_creations: int = 0
    expected_deletions: int = 0
    expected_active: int = 0
    expected_ready: int = 0
    expected_succeeded: int = 0
    expected_completed_idxs: str | None = None
    expected_failed: int = 0
    expected_terminating: int = 0
    expected_conditions: list[tuple[str, str, str, str]] = field(default_factory=list)
    expected_created_indexes: set[int] | None = None
    expected_pod_patches: int = 0
    note: str = ""


CASES: dict[str, Case] = {
    "job start": Case(parallelism=2, completions=5, expected_creations=2, expected_active=2),
    "WQ job start": Case(parallelism=2, expected_creations=2, expected_active=2),
    "pending pods": Case(parallelism=2, completions=5, pending_pods=2, expected_active=2),
    "correct # of pods": Case(
        parallelism=3,
        completions=5,
        active_pods=3,
        ready_pods=2,
        expected_active=3,
        expected_ready=2,
    ),
    "WQ job: correct # of pods": Case(parallelism=2, active_pods=2, expected_active=2),
    "too few active pods": Case(
        parallelism=2,
        completions=5,
        active_pods=1,
        succeeded_pods=1,
        expected_creations=1,
        expected_active=2,
        expected_succeeded=1,
        expected_pod_patches=1,
    ),
    "WQ job: recreate pods when failed": Case(
        parallelism=1,
        active_pods=1,
        failed_pods=1,
        pod_replacement_policy="Failed",
        terminating_pods=1,
        expected_terminating=1,
        expected_pod_patches=1,
        expected_failed=1,
        expected_active=1,
    ),
    "WQ job: turn on PodReplacementPolicy but not set PodReplacementPolicy": Case(
        parallelism=1,
        completions=1,
        active_pods=1,
        failed_pods=1,
        terminating_pods=1,
        expected_terminating=1,
        expected_active=1,
        expected_pod_patches=2,
        expected_failed=2,
    ),
    "WQ job: recreate pods when terminating or failed": Case(
        parallelism=1,
        active_pods=1,
        failed_pods=1,
        pod_replacement_policy="TerminatingOrFailed",
        terminating_pods=1,
        expected_terminating=1,
        expected_active=1,
        expected_pod_patches=2,
        expected_failed=2,
    ),
    "more terminating pods than parallelism": Case(
        parallelism=1,
        completions=1,
        active_pods=2,
        terminating_pods=4,
        pod_replacement_policy="Failed",
        expected_terminating=5,
        expected_active=1,
        expected_deletions=1,
        expected_pod_patches=1,
    ),
    "more terminating pods than parallelism; PodFailurePolicy used": Case(
        parallelism=1,
        completions=1,
        active_pods=2,
        terminating_pods=4,
        pod_failure_policy={"rules": []},
        expected_terminating=5,
        expected_active=1,
        expected_deletions=1,
        expected_pod_patches=1,
        note="MASTER always publishes terminating (upstream row: nil with the gate off)",
    ),
    "too few active pods and active back-off": Case(
        parallelism=1,
        completions=1,
        backoff_record=1,
        initial_status={"startTime": "2026-01-01T00:00:00Z"},
    ),
    "too few active pods and no back-offs": Case(
        parallelism=1,
        completions=1,
        backoff_record=0,
        expected_creations=1,
        expected_active=1,
    ),
    "too few active pods with a dynamic job": Case(
        parallelism=2, active_pods=1, expected_creations=1, expected_active=2
    ),
    "too few active pods, with controller error": Case(
        parallelism=2,
        completions=5,
        pod_controller_error=True,
        active_pods=1,
        succeeded_pods=1,
        expected_creations=1,
        expected_active=1,
        expected_pod_patches=1,
    ),
    "too many active pods": Case(
        parallelism=2,
        completions=5,
        active_pods=3,
        expected_deletions=1,
        expected_active=2,
        expected_pod_patches=1,
        expected_terminating=1,
    ),
    "too many active pods, with controller error": Case(
        parallelism=2,
        completions=5,
        pod_controller_error=True,
        active_pods=3,
        expected_pod_patches=1,
        expected_active=3,
    ),
    "count ready pods when too many active pods": Case(
        parallelism=2,
        completions=5,
        active_pods=3,
        ready_pods=3,
        expected_deletions=1,
        expected_active=2,
        expected_pod_patches=1,
        expected_ready=2,
        expected_terminating=1,
    ),
    "failed + succeed pods: reset backoff delay": Case(
        parallelism=2,
        completions=5,
        active_pods=1,
        succeeded_pods=1,
        failed_pods=1,
        expected_creations=1,
        expected_active=2,
        expected_succeeded=1,
        expected_failed=1,
        expected_pod_patches=2,
    ),
    "new failed pod": Case(
        parallelism=2,
        completions=5,
        active_pods=1,
        failed_pods=1,
        expected_creations=1,
        expected_active=2,
        expected_failed=1,
        expected_pod_patches=1,
    ),
    "no new pod; possible finalizer update of failed pod": Case(
        parallelism=1,
        completions=1,
        initial_status={"active": 1, "failed": 1, "startTime": "2026-01-01T00:00:00Z"},
        active_pods=1,
        expected_active=1,
        expected_failed=1,
    ),
    "only new failed pod with controller error": Case(
        parallelism=2,
        completions=5,
        pod_controller_error=True,
        active_pods=1,
        failed_pods=1,
        expected_creations=1,
        expected_active=1,
        expected_pod_patches=1,
    ),
    "job finish": Case(
        parallelism=2,
        completions=5,
        succeeded_pods=5,
        expected_succeeded=5,
        expected_conditions=SCM_COMPLETE,
        expected_pod_patches=5,
        note="MASTER: SuccessCriteriaMet then Complete, reason CompletionsReached",
    ),
    "WQ job finishing": Case(
        parallelism=2,
        active_pods=1,
        succeeded_pods=1,
        expected_active=1,
        expected_succeeded=1,
        expected_pod_patches=1,
    ),
    "WQ job all finished": Case(
        parallelism=2,
        succeeded_pods=2,
        expected_succeeded=2,
        expected_conditions=SCM_COMPLETE,
        expected_pod_patches=2,
    ),
    "WQ job all finished despite one failure": Case(
        parallelism=2,
        succeeded_pods=1,
        failed_pods=1,
        expected_succeeded=1,
        expected_failed=1,
        expected_conditions=SCM_COMPLETE,
        expected_pod_patches=2,
    ),
    "more active pods than parallelism": Case(
        parallelism=2,
        completions=5,
        active_pods=10,
        expected_deletions=8,
        expected_active=2,
        expected_pod_patches=8,
        expected_terminating=8,
    ),
    "more active pods than remaining completions": Case(
        parallelism=3,
        completions=4,
        active_pods=3,
        succeeded_pods=2,
        expected_deletions=1,
        expected_active=2,
        expected_succeeded=2,
        expected_pod_patches=3,
        expected_terminating=1,
    ),
    "status change": Case(
        parallelism=2,
        completions=5,
        active_pods=2,
        succeeded_pods=2,
        expected_active=2,
        expected_succeeded=2,
        expected_pod_patches=2,
    ),
    "deleting job": Case(
        parallelism=2,
        completions=5,
        deleting=True,
        pending_pods=1,
        active_pods=1,
        succeeded_pods=1,
        expected_active=2,
        expected_succeeded=1,
        expected_pod_patches=3,
    ),
    "limited pods": Case(
        parallelism=100,
        completions=200,
        pod_limit=10,
        expected_creations=10,
        expected_active=10,
    ),
    "too many job failures": Case(
        parallelism=2,
        completions=5,
        backoff_limit=0,
        deleting=True,
        failed_pods=1,
        expected_failed=1,
        expected_conditions=[FAILURE_TARGET_BACKOFF, FAILED_BACKOFF],
        expected_pod_patches=1,
        note="MASTER: FailureTarget first, Failed in the same sync (nothing terminating)",
    ),
    "job failures, unsatisfied expectations": Case(
        parallelism=2,
        completions=5,
        backoff_limit=0,
        deleting=True,
        failed_pods=1,
        fake_expectation_at_creation=1,
        expected_failed=1,
        expected_pod_patches=1,
    ),
    "indexed job start": Case(
        parallelism=2,
        completions=5,
        indexed=True,
        expected_creations=2,
        expected_active=2,
        expected_created_indexes={0, 1},
    ),
    "indexed job with some pods deleted, podReplacementPolicy Failed": Case(
        parallelism=2,
        completions=5,
        indexed=True,
        expected_creations=1,
        expected_active=1,
        expected_created_indexes={0},
        pod_replacement_policy="Failed",
        terminating_pods=1,
        expected_terminating=1,
    ),
    "indexed job with some pods deleted, podReplacementPolicy TerminatingOrFailed": Case(
        parallelism=2,
        completions=5,
        indexed=True,
        expected_creations=2,
        expected_active=2,
        expected_created_indexes={0, 1},
        pod_replacement_policy="TerminatingOrFailed",
        terminating_pods=1,
        expected_terminating=1,
        expected_pod_patches=1,
    ),
    "indexed job completed": Case(
        parallelism=2,
        completions=3,
        indexed=True,
        pods_with_indexes=[
            ("0", "Succeeded"),
            ("1", "Failed"),
            ("1", "Succeeded"),
            ("2", "Succeeded"),
        ],
        expected_succeeded=3,
        expected_failed=1,
        expected_completed_idxs="0-2",
        expected_conditions=SCM_COMPLETE,
        expected_pod_patches=4,
    ),
    "count terminating pods when indexed job fails and PodReplacementPolicy enabled": Case(
        parallelism=2,
        completions=3,
        backoff_limit=0,
        indexed=True,
        pods_with_indexes=[("0", "Succeeded"), ("1", "Failed"), ("2", "Running")],
        expected_succeeded=1,
        expected_failed=2,
        expected_completed_idxs="0",
        expected_conditions=[FAILURE_TARGET_BACKOFF],
        expected_pod_patches=3,
        expected_deletions=1,
        expected_terminating=1,
    ),
    "count ready pods when job fails": Case(
        parallelism=2,
        completions=3,
        backoff_limit=0,
        active_pods=2,
        ready_pods=2,
        failed_pods=1,
        expected_failed=3,
        expected_conditions=[FAILURE_TARGET_BACKOFF],
        expected_pod_patches=3,
        expected_deletions=2,
        expected_terminating=2,
        note="MASTER: Failed waits for the 2 deleted pods to terminate",
    ),
    "indexed job repeated completed index": Case(
        parallelism=2,
        completions=3,
        indexed=True,
        pods_with_indexes=[("0", "Succeeded"), ("1", "Succeeded"), ("1", "Succeeded")],
        expected_creations=1,
        expected_active=1,
        expected_succeeded=2,
        expected_completed_idxs="0,1",
        expected_created_indexes={2},
        expected_pod_patches=3,
    ),
    "indexed job some running and completed pods": Case(
        parallelism=8,
        completions=20,
        indexed=True,
        pods_with_indexes=[
            ("0", "Running"),
            ("2", "Succeeded"),
            ("3", "Pending"),
            ("4", "Succeeded"),
            ("5", "Succeeded"),
            ("7", "Succeeded"),
            ("8", "Succeeded"),
            ("9", "Succeeded"),
        ],
        expected_creations=6,
        expected_active=8,
        expected_succeeded=6,
        expected_completed_idxs="2,4,5,7-9",
        expected_created_indexes={1, 6, 10, 11, 12, 13},
        expected_pod_patches=6,
    ),
    "indexed job some failed pods": Case(
        parallelism=3,
        completions=4,
        indexed=True,
        pods_with_indexes=[("0", "Failed"), ("1", "Pending"), ("2", "Failed")],
        expected_creations=2,
        expected_active=3,
        expected_failed=2,
        expected_created_indexes={0, 2},
        expected_pod_patches=2,
    ),
    "indexed job some pods without index": Case(
        parallelism=2,
        completions=5,
        indexed=True,
        active_pods=1,
        succeeded_pods=1,
        failed_pods=1,
        pods_with_indexes=[
            ("invalid", "Running"),
            ("invalid", "Succeeded"),
            ("invalid", "Failed"),
            ("invalid", "Pending"),
            ("0", "Succeeded"),
            ("1", "Running"),
            ("2", "Running"),
        ],
        expected_deletions=3,
        expected_active=2,
        expected_succeeded=1,
        expected_completed_idxs="0",
        expected_pod_patches=8,
        expected_terminating=3,
    ),
    "indexed job repeated indexes": Case(
        parallelism=5,
        completions=5,
        indexed=True,
        succeeded_pods=1,
        failed_pods=1,
        pods_with_indexes=[
            ("invalid", "Running"),
            ("0", "Succeeded"),
            ("1", "Running"),
            ("2", "Running"),
            ("2", "Pending"),
        ],
        expected_deletions=2,
        expected_active=2,
        expected_succeeded=1,
        expected_completed_idxs="0",
        expected_pod_patches=5,
        expected_terminating=2,
    ),
    "indexed job with indexes outside of range": Case(
        parallelism=2,
        completions=5,
        indexed=True,
        pods_with_indexes=[
            ("0", "Succeeded"),
            ("5", "Running"),
            ("6", "Succeeded"),
            ("7", "Pending"),
            ("8", "Failed"),
        ],
        expected_succeeded=1,
        expected_deletions=2,
        expected_completed_idxs="0",
        expected_pod_patches=5,
        expected_terminating=2,
        note="only one of creations and deletions can happen in a sync",
    ),
    "suspending a job with satisfied expectations": Case(
        suspend=True,
        parallelism=2,
        active_pods=2,
        completions=4,
        expected_deletions=2,
        expected_conditions=[("Suspended", "True", "JobSuspended", "Job suspended")],
        expected_pod_patches=2,
        expected_terminating=2,
    ),
    "count ready pods when suspending a job with satisfied expectations": Case(
        suspend=True,
        parallelism=2,
        active_pods=2,
        ready_pods=2,
        completions=4,
        expected_deletions=2,
        expected_conditions=[("Suspended", "True", "JobSuspended", "Job suspended")],
        expected_pod_patches=2,
        expected_terminating=2,
    ),
    "suspending a job with unsatisfied expectations": Case(
        suspend=True,
        parallelism=2,
        active_pods=3,
        fake_expectation_at_creation=-1,
        completions=4,
        expected_active=3,
    ),
    "count ready pods when suspending a job with unsatisfied expectations": Case(
        suspend=True,
        parallelism=2,
        active_pods=3,
        ready_pods=3,
        fake_expectation_at_creation=-1,
        completions=4,
        expected_active=3,
        expected_ready=3,
    ),
    "resuming a suspended job": Case(
        was_suspended=True,
        parallelism=2,
        completions=4,
        expected_creations=2,
        expected_active=2,
        expected_conditions=[("Suspended", "False", "JobResumed", "Job resumed")],
    ),
    "suspending a deleted job": Case(
        suspend=True,
        deleting=True,
        parallelism=2,
        active_pods=2,
        completions=4,
        expected_active=2,
        expected_pod_patches=2,
    ),
    "FailureTarget=False condition added manually is ignored": Case(
        parallelism=1,
        completions=1,
        active_pods=1,
        ready_pods=1,
        initial_status={
            "active": 1,
            "startTime": "2026-01-01T00:00:00Z",
            "conditions": [
                {
                    "type": "FailureTarget",
                    "status": "False",
                    "reason": "ConditionAddedManually",
                    "message": "Testing",
                }
            ],
        },
        expected_active=1,
        expected_ready=1,
        expected_conditions=[("FailureTarget", "False", "ConditionAddedManually", "Testing")],
    ),
    "SuccessCriteriaMet=False condition added manually is ignored": Case(
        parallelism=1,
        completions=1,
        active_pods=1,
        ready_pods=1,
        initial_status={
            "active": 1,
            "startTime": "2026-01-01T00:00:00Z",
            "conditions": [
                {
                    "type": "SuccessCriteriaMet",
                    "status": "False",
                    "reason": "ConditionAddedManually",
                    "message": "Testing",
                }
            ],
        },
        expected_active=1,
        expected_ready=1,
        expected_conditions=[("SuccessCriteriaMet", "False", "ConditionAddedManually", "Testing")],
    ),
}


def _setup(case: Case) -> Harness:
    """Build the store state of one row (upstream: job & pods setup)."""
    h = Harness()
    spec: dict[str, Any] = {"suspend": case.suspend}
    if case.indexed:
        spec["completionMode"] = "Indexed"
    if case.pod_replacement_policy is not None:
        spec["podReplacementPolicy"] = case.pod_replacement_policy
    if case.pod_failure_policy is not None:
        spec["podFailurePolicy"] = case.pod_failure_policy
    metadata = {"finalizers": ["jobsim.test/hold"]} if case.deleting else None
    job = h.create_job(
        parallelism=case.parallelism,
        completions=case.completions,
        backoff_limit=case.backoff_limit,
        spec=spec,
        metadata=metadata,
    )
    status: dict[str, Any] = dict(case.initial_status or {})
    if case.was_suspended:
        status["conditions"] = [
            {
                "type": "Suspended",
                "status": "True",
                "reason": "JobSuspended",
                "message": "Job suspended",
                "lastProbeTime": "2026-01-01T00:00:00Z",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
            }
        ]
    if status:
        job = h.set_job_status(**status)
    if case.backoff_record is not None:
        h.set_backoff(case.backoff_record, h.at(0))
    if case.deleting:
        job = h.delete_job()
    h.add_pods(job, "Pending", case.pending_pods)
    h.add_pods(job, "Running", case.ready_pods, ready=True)
    h.add_pods(job, "Running", case.active_pods - case.ready_pods)
    h.add_pods(job, "Succeeded", case.succeeded_pods)
    h.add_pods(job, "Failed", case.failed_pods)
    h.add_pods(job, "Running", case.terminating_pods, terminating=True)
    for index, phase in case.pods_with_indexes:
        h.add_pods(job, phase, index=index)
    key = "default/foobar"
    now = h.at(0)
    if case.fake_expectation_at_creation < 0:
        h.ctrl.expectations.expect_deletions(key, -case.fake_expectation_at_creation, now)
    elif case.fake_expectation_at_creation > 0:
        h.ctrl.expectations.expect_creations(key, case.fake_expectation_at_creation, now)
    if case.pod_controller_error:
        h.spy.err = new_internal_error(FAKE_ERROR)
    h.spy.create_limit = case.pod_limit
    return h


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_controller_sync_job(case: Case) -> None:
    """One sync creates/deletes/patches what upstream's table expects and writes its status."""
    h = _setup(case)
    result = h.sync()
    status = result.job.status

    expect_error = case.pod_controller_error or (
        case.pod_limit != 0 and h.spy.create_calls > case.pod_limit
    )
    assert (result.error is not None) == expect_error, result.error
    assert len(result.creates) == case.expected_creations
    assert len(result.deletes) == case.expected_deletions
    assert len(result.patches) == case.expected_pod_patches
    assert status.active == case.expected_active
    assert status.ready == case.expected_ready
    assert status.succeeded == case.expected_succeeded
    assert status.failed == case.expected_failed
    assert status.terminating == case.expected_terminating
    if case.expected_completed_idxs is not None or case.indexed:
        assert status.completed_indexes == (case.expected_completed_idxs or "")
    assert (status.start_time is None) == case.suspend
    assert result.conditions == case.expected_conditions
    if case.pod_limit:
        # Slow start: batches 1, 2, 4, 8 -> at most 15 create calls for a limit of 10.
        assert h.spy.create_calls <= 15
    _check_created_pods(result, case)


def _check_created_pods(result: SyncResult, case: Case) -> None:
    """Each create carries the controller ref, finalizer and (Indexed) index and hostname."""
    job = result.job
    indexes: set[int] = set()
    for pod in result.creates:
        refs = pod.metadata.owner_references or []
        assert [(r.api_version, r.kind, r.name, r.uid, r.controller) for r in refs] == [
            ("batch/v1", "Job", "foobar", job.metadata.uid, True)
        ]
        assert pod.metadata.finalizers == [JOB_TRACKING_FINALIZER]
        if case.indexed:
            ix = int((pod.metadata.annotations or {})[COMPLETION_INDEX])
            indexes.add(ix)
            assert (pod.metadata.labels or {})[COMPLETION_INDEX] == str(ix)
            assert pod.spec.hostname == f"foobar-{ix}"
            assert pod.metadata.generate_name == f"foobar-{ix}-"
            env = {e.name: e for e in pod.spec.containers[0].env or []}
            assert env["JOB_COMPLETION_INDEX"].value_from is not None
        else:
            assert pod.metadata.generate_name == "foobar-"
            assert pod.spec.hostname is None or pod.spec.hostname == ""
    if case.expected_created_indexes is not None:
        assert indexes == case.expected_created_indexes


def test_active_backoff_requeues_at_remaining_delay() -> None:
    """A pending backoff creates nothing; requeue after the remaining 10 s (backoff_utils.go)."""
    h = _setup(CASES["too few active pods and active back-off"])
    result = h.sync()
    assert result.creates == []
    assert ("default/foobar", 10.0) in result.requeues


ScenarioStep = Callable[[Harness], None]


def test_deadline_exceeded_deletes_active_pods_and_requeue() -> None:
    """Past activeDeadlineSeconds: FailureTarget(DeadlineExceeded), active pods deleted, counted.

    Upstream ``syncJob``: ``pastActiveDeadline`` -> ``deleteActivePods`` keeps finalizers so
    the pods are counted as failed; ``Failed`` waits for them to stop terminating.
    """
    h = Harness(start=30.0)
    h.create_job(parallelism=2, completions=4, spec={"activeDeadlineSeconds": 30})
    job = h.set_job_status(startTime="2026-01-01T00:00:00Z")
    h.add_pods(job, "Running", 2, ready=True)
    result = h.sync()
    message = "Job was active longer than specified deadline"
    assert result.conditions == [("FailureTarget", "True", "DeadlineExceeded", message)]
    assert len(result.deletes) == 2
    assert result.job.status.failed == 2
    assert result.job.status.terminating == 2
    assert result.job.status.active == 0
    assert result.job.status.ready == 0
    assert [e.reason for e in result.events] == ["SuccessfulDelete", "SuccessfulDelete"]


def test_deadline_not_reached_requeues_at_deadline() -> None:
    """Before the deadline a sync requeues the Job at exactly startTime + ADS (``AddAfter``)."""
    h = Harness(start=12.5)
    h.create_job(parallelism=1, completions=1, spec={"activeDeadlineSeconds": 30})
    job = h.set_job_status(startTime="2026-01-01T00:00:00Z")
    h.add_pods(job, "Running", 1)
    result = h.sync()
    assert result.conditions == []
    assert ("default/foobar", 17.5) in result.requeues


def test_deadline_zero_fails_at_first_sync() -> None:
    """ADS 0 fails at the first sync (``duration >= allowedDuration``), no pod created."""
    h = Harness()
    h.create_job(parallelism=1, completions=1, spec={"activeDeadlineSeconds": 0})
    result = h.sync()
    message = "Job was active longer than specified deadline"
    assert result.creates == []
    assert result.conditions == [
        ("FailureTarget", "True", "DeadlineExceeded", message),
        ("Failed", "True", "DeadlineExceeded", message),
    ]
    assert [(e.type, e.reason, e.message) for e in result.events] == [
        ("Warning", "DeadlineExceeded", message)
    ]
    assert result.job.status.completion_time is None


def test_backoff_limit_on_failure_counts_restarts() -> None:
    """restartPolicy OnFailure: restarts of running pods >= backoffLimit fail the Job."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1, backoff_limit=2, restart_policy="OnFailure")
    h.add_pods(job, "Running", 1, restarts=2)
    result = h.sync()
    assert result.conditions == [FAILURE_TARGET_BACKOFF]
    assert len(result.deletes) == 1
    assert result.job.status.failed == 1


def test_backoff_limit_on_failure_below_limit_keeps_running() -> None:
    """restartPolicy OnFailure: restarts below backoffLimit change nothing."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1, backoff_limit=2, restart_policy="OnFailure")
    h.add_pods(job, "Running", 1, restarts=1)
    result = h.sync()
    assert result.conditions == []
    assert result.deletes == []


def test_completions_unset_stops_creating_after_first_success() -> None:
    """completions unset: once a pod succeeded, failed pods are not replaced (wantActive=active)."""
    h = Harness()
    job = h.create_job(parallelism=3)
    h.add_pods(job, "Succeeded", 1)
    h.add_pods(job, "Failed", 1)
    h.add_pods(job, "Running", 1)
    result = h.sync()
    assert result.creates == []
    assert result.job.status.active == 1
    assert result.conditions == []


def test_scale_down_deletes_in_active_pods_order() -> None:
    """Scale-down removes not-ready pods before ready ones (``controller.ActivePods``)."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=5)
    ready = h.add_pods(job, "Running", 1, ready=True)
    pending = h.add_pods(job, "Pending", 1)
    running = h.add_pods(job, "Running", 1)
    result = h.sync()
    assert result.deletes == [pending[0].metadata.name, running[0].metadata.name]
    assert ready[0].metadata.name not in result.deletes
    assert result.creates == []


def test_success_events_and_completion_time() -> None:
    """Completion writes completionTime = Complete's lastTransitionTime and one Completed event."""
    h = Harness(start=42.0)
    job = h.create_job(parallelism=1, completions=1)
    job = h.set_job_status(startTime="2026-01-01T00:00:00Z")
    h.add_pods(job, "Succeeded", 1)
    result = h.sync()
    complete = (result.job.status.conditions or [])[-1]
    assert result.job.status.completion_time == complete.last_transition_time == h.at(42)
    assert [(e.type, e.reason, e.message) for e in result.events] == [
        ("Normal", "Completed", "Job completed")
    ]


def test_too_many_succeeded_pods_warning() -> None:
    """succeeded > completions at completion: Warning TooManySucceededPods, then Completed."""
    h = Harness()
    job = h.create_job(parallelism=2, completions=1)
    h.add_pods(job, "Succeeded", 2)
    result = h.sync()
    assert [(e.type, e.reason, e.message) for e in result.events] == [
        (
            "Warning",
            "TooManySucceededPods",
            "Too many succeeded pods running after completion count reached",
        ),
        ("Normal", "Completed", "Job completed"),
    ]


def test_finished_job_is_not_synced() -> None:
    """A finished Job is left alone: no pod writes, no status write (``IsJobFinished``)."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1)
    h.add_pods(job, "Succeeded", 1)
    first = h.sync()
    assert first.conditions == SCM_COMPLETE
    h.add_pods(first.job, "Running", 1)
    again = h.sync()
    assert (again.creates, again.deletes, again.patches) == ([], [], [])
    assert again.job.metadata.resource_version == first.job.metadata.resource_version


def test_managed_by_other_controller_is_skipped() -> None:
    """``spec.managedBy`` naming another controller: the sync writes nothing."""
    h = Harness()
    h.create_job(parallelism=2, completions=2, spec={"managedBy": "example.com/other"})
    result = h.sync()
    assert (result.creates, result.patches) == ([], [])
    assert result.job.status.start_time is None


def test_manual_selector_adopts_orphans_and_releases_non_matching() -> None:
    """manualSelector: a matching orphan is adopted (ownerRef + finalizer), a non-matching pod
    of the Job is released (ownerRef and finalizer removed) — upstream ``ClaimPods``."""
    h = Harness()
    job = h.create_job(
        parallelism=2,
        completions=2,
        spec={"manualSelector": True, "selector": {"matchLabels": {"app": "w"}}},
        template_labels={"app": "w"},
    )
    orphan = h.add_pods(job, "Running", 1, owned=False, finalizer=False)[0]
    stray = h.add_pods(job, "Running", 1, labels={"app": "other"})[0]
    result = h.sync()
    adopted = h.api.get("pods", orphan.metadata.name or "", namespace="default")
    released = h.api.get("pods", stray.metadata.name or "", namespace="default")
    ref = adopted.metadata.controller_ref()  # type: ignore[attr-defined]
    assert ref is not None and ref.uid == job.metadata.uid
    assert adopted.metadata.finalizers == [JOB_TRACKING_FINALIZER]  # type: ignore[attr-defined]
    assert released.metadata.owner_references is None  # type: ignore[attr-defined]
    assert released.metadata.finalizers is None  # type: ignore[attr-defined]
    assert result.job.status.active == 2
    assert len(result.creates) == 1


def test_generated_selector_adopts_matching_orphan() -> None:
    """An orphan carrying the generated labels is adopted too (``FilterPodsByOwner`` with
    orphans + ``ClaimPods``), whatever ``manualSelector`` says."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1)
    orphan = h.add_pods(job, "Running", 1, owned=False, finalizer=False)[0]
    result = h.sync()
    adopted = h.api.get("pods", orphan.metadata.name or "", namespace="default")
    ref = adopted.metadata.controller_ref()  # type: ignore[attr-defined]
    assert ref is not None and ref.uid == job.metadata.uid
    assert result.creates == []
    assert result.job.status.active == 1


def test_deleting_job_neither_releases_nor_counts_non_matching_pods() -> None:
    """While the Job is being deleted, owned pods that stop matching are not released and
    not part of the Job's pods (``ClaimObject``: no release when the owner is deleting)."""
    h = Harness()
    h.create_job(
        parallelism=2,
        completions=2,
        spec={"manualSelector": True, "selector": {"matchLabels": {"app": "w"}}},
        template_labels={"app": "w"},
        metadata={"finalizers": ["jobsim.test/hold"]},
    )
    job = h.delete_job()
    stray = h.add_pods(job, "Running", 1, labels={"app": "other"})[0]
    h.add_pods(job, "Running", 1)
    result = h.sync()
    kept = h.api.get("pods", stray.metadata.name or "", namespace="default")
    assert kept.metadata.owner_references is not None  # type: ignore[attr-defined]
    assert result.job.status.active == 1


def test_finalizer_removal_error_fails_sync_after_flush() -> None:
    """A failed finalizer patch: the uncounted UID is flushed, the sync returns the error and
    the Job is not declared finished (``flushUncountedAndRemoveFinalizers``)."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1)
    pod = h.add_pods(job, "Succeeded", 1)[0]
    h.spy.err = new_internal_error(FAKE_ERROR)
    result = h.sync()
    assert result.error is not None and result.error.code == 500
    status = result.job.status
    uncounted = status.uncounted_terminated_pods
    assert uncounted is not None and uncounted.succeeded == [pod.metadata.uid]
    assert status.succeeded == 0
    assert result.conditions == [SCM_COMPLETE[0]]
    h.spy.err = None
    again = h.sync()
    assert again.error is None
    assert again.conditions == SCM_COMPLETE
    assert again.job.status.succeeded == 1


def test_zero_completions_complete_at_first_sync() -> None:
    """completions 0: Complete at the first sync, no pod created (invariant 28)."""
    h = Harness()
    h.create_job(parallelism=2, completions=0)
    result = h.sync()
    assert result.creates == []
    assert result.conditions == SCM_COMPLETE
    assert result.job.status.start_time == h.at(0)


def test_zero_parallelism_creates_nothing_and_never_completes() -> None:
    """parallelism 0: no pod, no completion; the deadline still applies (invariant 28)."""
    h = Harness(start=10.0)
    h.create_job(parallelism=0, completions=3, spec={"activeDeadlineSeconds": 10})
    h.set_job_status(startTime="2026-01-01T00:00:00Z")
    result = h.sync()
    assert result.creates == []
    assert [c[0] for c in result.conditions] == ["FailureTarget", "Failed"]


def test_settled_pods_are_not_read_by_syncs() -> None:
    """Counted pods (terminal, finalizer gone) leave the controller's pod index, so a sync
    costs O(active + uncounted pods), not O(every pod the Job ever had)."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=100)
    h.add_pods(job, "Succeeded", 40, finalizer=False)
    h.add_pods(job, "Failed", 10, finalizer=False)
    running = h.add_pods(job, "Running", 1)
    uncounted = h.add_pods(job, "Succeeded", 1)
    pods = h.ctrl.get_pods_for_job(h.job())
    names = {p.metadata.name for p in pods}
    assert names == {running[0].metadata.name, uncounted[0].metadata.name}
