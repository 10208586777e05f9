"""Per-run, per-Job metrics of a sweep, computed from the final Job and the pods' records.

Owns :class:`JobMetrics` and :func:`job_metrics` (definitions in ``docs/sweeps.md``):

* ``outcome``: ``Complete`` or ``Failed`` (the Job's finished condition), ``Unfinished`` (the
  run stopped first) or ``Deleted`` (the Job was gone at the end: a timeline ``delete``, or
  ``ttlSecondsAfterFinished``; only its pods' metrics are known); ``reason``: the finished
  condition's reason (``CompletionsReached``, ``BackoffLimitExceeded``, ``DeadlineExceeded``...);
* ``makespan``: ``creationTimestamp`` to ``completionTime`` (``Complete``) or to the ``Failed``
  condition's ``lastTransitionTime``, as the API reports them (whole seconds, as in Kubernetes);
  ``None`` unless finished;
* ``succeeded`` / ``failed``: the Job's final ``status.succeeded`` / ``status.failed``;
* ``pod_seconds``: the sum over the Job's pods of the time each held a node (bound to finished,
  or to the end of the run); ``wasted_pod_seconds``: the same over the pods that did not
  succeed (failed, or deleted before they finished: excess or killed at the end);
* ``max_active``: the most pods of the Job that were live (created, not yet finished) at once;
* ``time_to_first_pod``: Job creation to the first pod's containers running.

Pure: plain values in, plain values out; imports ``jobsim.api`` and the kubelet's
``PodRecord`` (data only). Must not import the simulation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any

from jobsim.api.batch_v1 import Job, JobConditionType
from jobsim.kubelet.records import PodRecord

__all__ = [
    "OUTCOME_DELETED",
    "OUTCOME_ERROR",
    "OUTCOME_UNFINISHED",
    "JobMetrics",
    "deleted_job_metrics",
    "job_metrics",
    "max_concurrent",
]

OUTCOME_UNFINISHED = "Unfinished"
OUTCOME_DELETED = "Deleted"
OUTCOME_ERROR = "Error"
_SUCCEEDED = "Succeeded"
_FAILED = "Failed"


@dataclass(frozen=True, slots=True)
class JobMetrics:
    """What one run did with one Job (see the module docstring for each field)."""

    job: str
    """``namespace/name``."""
    outcome: str
    reason: str
    makespan: float | None
    succeeded: int
    failed: int
    pod_seconds: float
    wasted_pod_seconds: float
    max_active: int
    time_to_first_pod: float | None

    def as_row(self) -> dict[str, Any]:
        """The metrics as a flat mapping of column to value."""
        return asdict(self)


def job_metrics(
    job: Job,
    *,
    created: float,
    finished: float | None,
    pods: Sequence[PodRecord],
    end: float,
) -> JobMetrics:
    """Summarise one Job's run: ``created``/``finished`` are simulated seconds, ``end`` the stop."""
    condition = job.finished_condition()
    if condition is None:
        outcome, reason, makespan = OUTCOME_UNFINISHED, "", None
    else:
        outcome = (
            JobConditionType.COMPLETE
            if condition.type == JobConditionType.COMPLETE
            else JobConditionType.FAILED
        ).value
        reason = condition.reason or ""
        makespan = None if finished is None else finished - created
    used, wasted = _pod_seconds(pods, end)
    starts = [pod.started for pod in pods if pod.started is not None]
    return JobMetrics(
        job=f"{job.metadata.namespace}/{job.metadata.name}",
        outcome=outcome,
        reason=reason,
        makespan=makespan,
        succeeded=job.status.succeeded or 0,
        failed=job.status.failed or 0,
        pod_seconds=used,
        wasted_pod_seconds=wasted,
        max_active=max_concurrent(pods),
        time_to_first_pod=min(starts) - created if starts else None,
    )


def deleted_job_metrics(job: str, pods: Sequence[PodRecord], *, end: float) -> JobMetrics:
    """What is known of a Job deleted during the run: its pods (counts from their phases)."""
    used, wasted = _pod_seconds(pods, end)
    return JobMetrics(
        job=job,
        outcome=OUTCOME_DELETED,
        reason="",
        makespan=None,
        succeeded=sum(1 for pod in pods if pod.phase == _SUCCEEDED),
        failed=sum(1 for pod in pods if pod.phase == _FAILED),
        pod_seconds=used,
        wasted_pod_seconds=wasted,
        max_active=max_concurrent(pods),
        time_to_first_pod=None,
    )


def _pod_seconds(pods: Sequence[PodRecord], end: float) -> tuple[float, float]:
    """Pod-seconds held by all pods, and by those that did not succeed."""
    used = wasted = 0.0
    for pod in pods:
        held = _held(pod, end)
        used += held
        if _wasted(pod):
            wasted += held
    return used, wasted


def _held(pod: PodRecord, end: float) -> float:
    """Seconds the pod held a node: bound to finished (or to ``end`` if still live)."""
    if pod.scheduled is None:
        return 0.0
    stop = pod.finished if pod.finished is not None else end
    return max(0.0, stop - pod.scheduled)


def _wasted(pod: PodRecord) -> bool:
    """A pod that finished without succeeding (failed, or deleted while live)."""
    if pod.finished is None:
        return False
    return pod.phase != _SUCCEEDED


def max_concurrent(pods: Sequence[PodRecord]) -> int:
    """The most pods live at once (a pod finishing at *t* is gone before one created at *t*)."""
    changes = [(pod.created, 1) for pod in pods]
    changes += [(pod.finished, -1) for pod in pods if pod.finished is not None]
    changes.sort()
    live = peak = 0
    for _, delta in changes:
        live += delta
        peak = max(peak, live)
    return peak
