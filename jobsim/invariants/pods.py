"""Invariants of a Job's pods: index labels of Indexed Jobs, and the steady-state checks.

Owns :func:`check_indexed_pods` (22) and :func:`check_steady` (1, 2, 3, 13, 15, 17, 22, 25:
what holds once the controller has caught up with the Job). Called by
``jobsim.invariants.snapshot.check_job``. Pure; imports ``jobsim.api`` and the pure decision
modules of ``jobsim.controllers.job`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobsim.api.core_v1 import Pod
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job.pod_utils import (
    UNKNOWN_COMPLETION_INDEX,
    count_ready_pods,
    count_terminating_pods,
    filter_active_pods,
    get_completion_index,
    has_job_tracking_finalizer,
    is_indexed_job,
    is_pod_terminal,
)
from jobsim.invariants.violation import JobChecker, true_condition

__all__ = ["COMPLETION_INDEX", "check_indexed_pods", "check_steady"]

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"


def check_indexed_pods(c: JobChecker, pods: Sequence[Pod]) -> None:
    """22: pods an Indexed Job created carry the index as annotation and label, and hostname."""
    job = c.job
    if not is_indexed_job(job):
        return
    name = job.metadata.name or ""
    for pod in pods:
        annotations = pod.metadata.annotations or {}
        if COMPLETION_INDEX not in annotations:
            continue
        index = annotations[COMPLETION_INDEX]
        created = (pod.metadata.generate_name or "") == f"{name}-{index}-"
        if not created:
            continue
        if (pod.metadata.labels or {}).get(COMPLETION_INDEX) != index:
            c.fail(22, "indexed-pods", f"pod {pod.metadata.name}: index label != annotation")
        if pod.spec.hostname != f"{name}-{index}":
            c.fail(22, "indexed-pods", f"pod {pod.metadata.name}: hostname is not {name}-{index}")


def check_steady(c: JobChecker, pods: Sequence[Pod], now: datetime | None) -> None:
    """1, 2, 3, 13, 15, 17, 22, 25: what holds once the controller has caught up."""
    job, status = c.job, c.job.status
    finished = job.is_finished()
    active = filter_active_pods(pods)
    if status.active != len(active):
        c.fail(1, "active", f"status.active {status.active} but {len(active)} active pods")
    if (status.ready or 0) != count_ready_pods(active):
        c.fail(1, "active", f"status.ready {status.ready} but {count_ready_pods(active)} ready")
    terminating = count_terminating_pods(pods)
    if (status.terminating or 0) != terminating:
        c.fail(1, "active", f"status.terminating {status.terminating} but {terminating} pods")
    if finished:
        return
    # syncJob calls manageJob only while the Job is not being deleted: no scale-down,
    # suspension or duplicate-index cleanup after its deletionTimestamp is set.
    managed = job.metadata.deletion_timestamp is None
    parallelism = job.spec.parallelism or 0
    completions = job.spec.completions
    # manageJob: completions unset and a pod succeeded -> wantActive = active ("leave
    # whatever is running, running"), so lowering parallelism then deletes nothing.
    after_success = completions is None and status.succeeded > 0
    if managed and len(active) > parallelism and not after_success:
        c.fail(2, "parallelism", f"{len(active)} active pods > parallelism {parallelism}")
    if managed and completions is not None and len(active) > max(completions - status.succeeded, 0):
        c.fail(
            3,
            "remaining-work",
            f"{len(active)} active pods > completions {completions} - succeeded {status.succeeded}",
        )
    verdict = true_condition(job, "FailureTarget") or true_condition(job, "SuccessCriteriaMet")
    # A verdict wins over suspension: syncJob skips manageJob once finishedCondition is set.
    suspended = managed and job.spec.suspend and verdict is None
    if suspended and (active or true_condition(job, "Suspended") is None):
        c.fail(17, "suspension", "a suspended Job has no active pods and Suspended=True")
    if verdict is None and job.spec.backoff_limit_per_index is None:
        if status.failed > cond.backoff_limit(job):
            c.fail(13, "backoff-limit-verdict", "failed > backoffLimit but no FailureTarget")
        if now is not None and cond.past_active_deadline(job, now):
            c.fail(15, "deadline", "past activeDeadlineSeconds but no FailureTarget")
    per_index = job.spec.backoff_limit_per_index is not None
    for pod in pods:
        held = per_index and pod.status.phase != "Succeeded"  # delayed for its replacement
        if is_pod_terminal(pod) and has_job_tracking_finalizer(pod) and not held:
            c.fail(
                25,
                "status-write-ordering",
                f"terminal pod {pod.metadata.name} still has the tracking finalizer (uncounted)",
            )
    if managed and is_indexed_job(job):
        seen: dict[int, str] = {}
        for pod in active:
            ix = get_completion_index(pod)
            if ix == UNKNOWN_COMPLETION_INDEX or ix >= (completions or 0):
                c.fail(22, "indexed-pods", f"active pod {pod.metadata.name} has no valid index")
            elif ix in seen:
                c.fail(22, "indexed-pods", f"pods {seen[ix]} and {pod.metadata.name} share {ix}")
            else:
                seen[ix] = pod.metadata.name or ""
