"""Pod re-creation backoff after failures: the record, its update, and the remaining delay.

Owns ``pkg/controller/job/backoff_utils.go``: ``backoffRecord``, ``newBackoffRecord``,
``getFinishedTime`` (and its lookups), ``getRemainingTime``, ``getRemainingTimePerIndex`` and
``getRemainingTimeForFailuresCount``. The per-job store of records (keyed by job key, persisted
only on a status flush, removed when the job finishes) belongs to the orchestration, which keeps
a ``dict[str, BackoffRecord]``.

Durations are ``timedelta`` (Go ``time.Duration``). Pure functions; ``now`` is an argument.
Must not import the store, simpy, logging, or controller modules other than ``pod_utils``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from jobsim.api.core_v1 import (
    ConditionStatus,
    ContainerRestartPolicy,
    ContainerStatus,
    Pod,
    PodConditionType,
)
from jobsim.controllers.job.pod_utils import ZERO_TIME, get_index_absolute_failure_count

__all__ = [
    "DEFAULT_JOB_POD_FAILURE_BACKOFF",
    "MAX_JOB_POD_FAILURE_BACKOFF",
    "BackoffRecord",
    "get_finished_time",
    "get_remaining_time",
    "get_remaining_time_for_failures_count",
    "get_remaining_time_per_index",
    "new_backoff_record",
    "sort_by_finished_time",
]

DEFAULT_JOB_POD_FAILURE_BACKOFF: Final = timedelta(seconds=10)
"""``DefaultJobPodFailureBackOff``: the delay after the first failure."""

MAX_JOB_POD_FAILURE_BACKOFF: Final = timedelta(minutes=10)
"""``MaxJobPodFailureBackOff``: the cap of the doubling delay."""


@dataclass(frozen=True, slots=True)
class BackoffRecord:
    """``backoffRecord``: consecutive failures since the last success and the latest one's time."""

    failures_after_last_success: int = 0
    last_failure_time: datetime | None = None


def _latest_finish_time(
    previous: datetime | None, statuses: Iterable[ContainerStatus]
) -> datetime | None:
    """Latest ``terminated.finishedAt``; ``None`` as soon as one container has not finished."""
    finish_time = previous
    for status in statuses:
        terminated = status.state.terminated
        finished_at = terminated.finished_at if terminated is not None else None
        if finished_at is None or finished_at == ZERO_TIME:
            return None
        if finish_time is None or finish_time < finished_at:
            finish_time = finished_at
    return finish_time


def _finish_time_from_containers(pod: Pod) -> datetime | None:
    """All containers (and sidecars, i.e. ``restartPolicy: Always`` init containers) finished."""
    finish_time = _latest_finish_time(None, pod.status.container_statuses or ())
    sidecars = {
        c.name
        for c in pod.spec.init_containers or ()
        if c.restart_policy == ContainerRestartPolicy.ALWAYS
    }
    return _latest_finish_time(
        finish_time,
        (s for s in pod.status.init_container_statuses or () if s.name in sidecars),
    )


def get_finished_time(pod: Pod) -> datetime:
    """Return when the pod finished, as upstream ``getFinishedTime`` estimates it.

    First match wins: the latest ``finishedAt`` if every container (and sidecar) terminated with
    a non-zero time; the ``lastTransitionTime`` of a ``Ready=False`` condition;
    ``deletionTimestamp - deletionGracePeriodSeconds``; else ``creationTimestamp`` (zero time if
    unset).
    """
    finish_time = _finish_time_from_containers(pod)
    if finish_time is not None:
        return finish_time
    ready = pod.status.condition(PodConditionType.READY)
    if ready is not None and ready.status == ConditionStatus.FALSE:
        ready_false_since = ready.last_transition_time
        if ready_false_since is not None and ready_false_since != ZERO_TIME:
            return ready_false_since
    meta = pod.metadata
    if meta.deletion_timestamp is not None:
        grace = meta.deletion_grace_period_seconds or 0
        return meta.deletion_timestamp - timedelta(seconds=grace)
    return meta.creation_timestamp or ZERO_TIME


def sort_by_finished_time(pods: Iterable[Pod]) -> list[Pod]:
    """Return the pods ordered by ``get_finished_time``, earliest first (stable)."""
    return sorted(pods, key=get_finished_time)


def new_backoff_record(
    record: BackoffRecord | None,
    new_succeeded_pods: Sequence[Pod],
    new_failed_pods: Sequence[Pod],
) -> BackoffRecord:
    """Return the record updated with pods that finished since the last sync (``newBackoffRecord``).

    No new pods: unchanged. Only failures: their count is added and the latest failure's finish
    time kept. Only successes: reset. Both: reset, then count the failures that finished strictly
    after the last new success (the latest of those gives ``last_failure_time``).
    """
    previous = record if record is not None else BackoffRecord()
    succeeded = sort_by_finished_time(new_succeeded_pods)
    failed = sort_by_finished_time(new_failed_pods)
    if not succeeded:
        if not failed:
            return previous
        return BackoffRecord(
            failures_after_last_success=previous.failures_after_last_success + len(failed),
            last_failure_time=get_finished_time(failed[-1]),
        )
    if not failed:
        return BackoffRecord()
    last_success_time = get_finished_time(succeeded[-1])
    failures = 0
    last_failure_time: datetime | None = None
    for pod in reversed(failed):
        failed_time = get_finished_time(pod)
        if not failed_time > last_success_time:
            break
        if last_failure_time is None:
            last_failure_time = failed_time
        failures += 1
    return BackoffRecord(failures, last_failure_time)


def get_remaining_time_for_failures_count(
    failures_count: int,
    last_failure_time: datetime | None,
    now: datetime,
    default_backoff: timedelta = DEFAULT_JOB_POD_FAILURE_BACKOFF,
    max_backoff: timedelta = MAX_JOB_POD_FAILURE_BACKOFF,
) -> timedelta:
    """Return ``max(default * 2^(n-1) capped at max - (now - last failure), 0)``.

    Upstream ``getRemainingTimeForFailuresCount``: no failures, no delay. A positive count
    without a failure time (which upstream never produces) also gives no delay.
    """
    if failures_count <= 0 or last_failure_time is None:
        return timedelta(0)
    backoff = default_backoff
    for _ in range(1, failures_count):
        backoff *= 2
        if backoff >= max_backoff:
            backoff = max_backoff
            break
    elapsed = now - last_failure_time
    if backoff < elapsed:
        return timedelta(0)
    return backoff - elapsed


def get_remaining_time(
    record: BackoffRecord,
    now: datetime,
    default_backoff: timedelta = DEFAULT_JOB_POD_FAILURE_BACKOFF,
    max_backoff: timedelta = MAX_JOB_POD_FAILURE_BACKOFF,
) -> timedelta:
    """Return how long pod creation must still wait after failures (``getRemainingTime``)."""
    return get_remaining_time_for_failures_count(
        record.failures_after_last_success,
        record.last_failure_time,
        now,
        default_backoff,
        max_backoff,
    )


def get_remaining_time_per_index(
    last_failed_pod: Pod | None,
    now: datetime,
    default_backoff: timedelta = DEFAULT_JOB_POD_FAILURE_BACKOFF,
    max_backoff: timedelta = MAX_JOB_POD_FAILURE_BACKOFF,
) -> timedelta:
    """Return the wait before re-creating an index whose last failed pod is given.

    Upstream ``getRemainingTimePerIndex``: the failure count is that pod's failure plus ignored
    failure annotations plus one, measured from the pod's finish time; no pod, no delay.
    """
    if last_failed_pod is None:
        return timedelta(0)
    failures = get_index_absolute_failure_count(last_failed_pod) + 1
    return get_remaining_time_for_failures_count(
        failures, get_finished_time(last_failed_pod), now, default_backoff, max_backoff
    )
