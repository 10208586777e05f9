"""Reading a Job's pods: active/terminating/failed/ready, completion index, deletion order.

Owns the pod predicates of ``pkg/controller/controller_utils.go`` (``IsPodActive``,
``IsPodTerminating``, ``FilterActivePods``, ``CountTerminatingPods``, ``ActivePods.Less``) and of
``pkg/controller/job`` (``isPodFailed``, ``onlyReplaceFailedPods``, ``countReadyPods``,
``getCompletionIndex``, ``hasJobTrackingFinalizer``, ``activePodsForRemoval``,
``appendDuplicatedIndexPodsForRemoval``, ``getValidPodsWithFilter``, the index-failure-count
annotation readers).

Pure functions over values. Must not import the store, simpy, logging, or any other module of
``jobsim.controllers`` (the other decision modules import this one).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Final

from jobsim.api.batch_v1 import (
    JOB_COMPLETION_INDEX_ANNOTATION,
    JOB_INDEX_FAILURE_COUNT_ANNOTATION,
    JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
    JOB_TRACKING_FINALIZER,
    CompletionMode,
    Job,
    PodReplacementPolicy,
)
from jobsim.api.core_v1 import ConditionStatus, Pod, PodConditionType, PodPhase
from jobsim.api.intervals import go_atoi

__all__ = [
    "JOB_COMPLETION_INDEX_ANNOTATION",
    "JOB_INDEX_FAILURE_COUNT_ANNOTATION",
    "JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION",
    "JOB_TRACKING_FINALIZER",
    "UNKNOWN_COMPLETION_INDEX",
    "ZERO_TIME",
    "active_pods_for_removal",
    "active_pods_key",
    "active_pods_less",
    "append_duplicated_index_pods_for_removal",
    "completions_of",
    "count_ready_pods",
    "count_terminating_pods",
    "filter_active_pods",
    "filter_terminating_pods",
    "get_completion_index",
    "get_index_absolute_failure_count",
    "get_index_failure_count",
    "get_index_ignored_failure_count",
    "get_new_finished_pods",
    "get_valid_pods_with_filter",
    "has_job_tracking_finalizer",
    "is_indexed_job",
    "is_pod_active",
    "is_pod_failed",
    "is_pod_ready",
    "is_pod_terminal",
    "is_pod_terminating",
    "only_replace_failed_pods",
    "sort_active_pods",
]

UNKNOWN_COMPLETION_INDEX: Final = -1

ZERO_TIME: Final = datetime(1, 1, 1, tzinfo=UTC)
"""Go's zero ``time.Time``: what an unset ``metav1.Time`` compares as."""

_SUCCEEDED: Final[str] = PodPhase.SUCCEEDED.value
_FAILED: Final[str] = PodPhase.FAILED.value
_READY: Final[str] = PodConditionType.READY.value
_TRUE: Final[str] = ConditionStatus.TRUE.value
_MAX_INT32: Final = 2**31 - 1
_PHASE_ORDINAL: Final = {
    PodPhase.PENDING.value: 0,
    PodPhase.UNKNOWN.value: 1,
    PodPhase.RUNNING.value: 2,
}
"""``ActivePods.Less`` rule 2; any other phase counts as 0, like a missing Go map key."""


# -- pod predicates ------------------------------------------------------------------------------


def is_pod_terminal(pod: Pod) -> bool:
    """Tell whether the pod is in phase Succeeded or Failed."""
    return pod.status.phase in (_SUCCEEDED, _FAILED)


def is_pod_active(pod: Pod) -> bool:
    """Tell whether the pod is not terminal and not being deleted (``IsPodActive``)."""
    return not is_pod_terminal(pod) and pod.metadata.deletion_timestamp is None


def is_pod_terminating(pod: Pod) -> bool:
    """Tell whether the pod is being deleted but not yet terminal (``IsPodTerminating``)."""
    return not is_pod_terminal(pod) and pod.metadata.deletion_timestamp is not None


def filter_active_pods(pods: Iterable[Pod]) -> list[Pod]:
    """Return the active pods, in input order (``FilterActivePods``)."""
    return [pod for pod in pods if is_pod_active(pod)]


def filter_terminating_pods(pods: Iterable[Pod]) -> list[Pod]:
    """Return the terminating pods, in input order (``FilterTerminatingPods``)."""
    return [pod for pod in pods if is_pod_terminating(pod)]


def count_terminating_pods(pods: Iterable[Pod]) -> int:
    """Return how many pods are terminating (``CountTerminatingPods``)."""
    return sum(1 for pod in pods if is_pod_terminating(pod))


def is_pod_ready(pod: Pod) -> bool:
    """Tell whether the pod's ``Ready`` condition is ``True`` (``podutil.IsPodReady``)."""
    condition = pod.status.condition(_READY)
    return condition is not None and condition.status == _TRUE


def count_ready_pods(pods: Iterable[Pod]) -> int:
    """Return how many pods are Ready (``countReadyPods``; callers pass the active pods)."""
    return sum(1 for pod in pods if is_pod_ready(pod))


def only_replace_failed_pods(job: Job) -> bool:
    """Tell whether ``podReplacementPolicy`` is ``Failed`` (MASTER ``onlyReplaceFailedPods``)."""
    return job.spec.pod_replacement_policy == PodReplacementPolicy.FAILED


def is_pod_failed(pod: Pod, job: Job) -> bool:
    """Tell whether the job counts the pod as failed (``isPodFailed``).

    Phase Failed always counts; unless only failed pods are replaced, so does a pod being deleted
    that has not Succeeded (orphaned pods may never reach phase Failed).
    """
    if pod.status.phase == _FAILED:
        return True
    if only_replace_failed_pods(job):
        return False
    return pod.metadata.deletion_timestamp is not None and pod.status.phase != _SUCCEEDED


def has_job_tracking_finalizer(pod: Pod) -> bool:
    """Tell whether the pod has the job tracking finalizer (``hasJobTrackingFinalizer``)."""
    return JOB_TRACKING_FINALIZER in (pod.metadata.finalizers or ())


def is_indexed_job(job: Job) -> bool:
    """Tell whether ``completionMode`` is ``Indexed`` (``isIndexedJob``)."""
    return job.spec.completion_mode == CompletionMode.INDEXED


def completions_of(job: Job) -> int:
    """Return ``spec.completions`` (0 when unset; Indexed jobs always have it)."""
    return job.spec.completions if job.spec.completions is not None else 0


# -- annotations ---------------------------------------------------------------------------------


def _go_atoi(text: str) -> int | None:
    """Parse like Go's ``strconv.Atoi``, or return ``None`` where it returns an error."""
    try:
        return go_atoi(text)
    except ValueError:
        return None


def get_completion_index(pod: Pod) -> int:
    """Return the completion index from the annotation, or -1 if absent/invalid/negative.

    Upstream ``getCompletionIndex`` reads only the ``batch.kubernetes.io/job-completion-index``
    annotation (the label of the same name is informational and never read back).
    """
    value = (pod.metadata.annotations or {}).get(JOB_COMPLETION_INDEX_ANNOTATION)
    if value is None:
        return UNKNOWN_COMPLETION_INDEX
    index = _go_atoi(value)
    if index is None or index < 0:
        return UNKNOWN_COMPLETION_INDEX
    return index


def _parse_int32_annotation(pod: Pod, key: str) -> int:
    """Read a non-negative int32 annotation; absent, unparsable or out-of-range reads as 0."""
    value = (pod.metadata.annotations or {}).get(key)
    if value is None:
        return 0
    parsed = _go_atoi(value)
    if parsed is None or parsed < 0 or parsed > _MAX_INT32:
        return 0
    return parsed


def get_index_failure_count(pod: Pod) -> int:
    """Return the ``job-index-failure-count`` annotation, 0 when absent or invalid."""
    return _parse_int32_annotation(pod, JOB_INDEX_FAILURE_COUNT_ANNOTATION)


def get_index_ignored_failure_count(pod: Pod) -> int:
    """Return the ``job-index-ignored-failure-count`` annotation, 0 when absent or invalid."""
    return _parse_int32_annotation(pod, JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION)


def get_index_absolute_failure_count(pod: Pod) -> int:
    """Return failure count plus ignored failure count (``getIndexAbsoluteFailureCount``)."""
    return get_index_failure_count(pod) + get_index_ignored_failure_count(pod)


# -- deletion order (controller.ActivePods) ------------------------------------------------------


def _pod_ready_time(pod: Pod) -> datetime:
    """Return the Ready=True condition's lastTransitionTime (zero time if unset or not ready)."""
    condition = pod.status.condition(_READY)
    if condition is None or condition.status != _TRUE:
        return ZERO_TIME
    return condition.last_transition_time or ZERO_TIME


def _max_container_restarts(pod: Pod) -> int:
    """Return the highest restartCount over ``containerStatuses`` (init containers excluded)."""
    return max((cs.restart_count for cs in pod.status.container_statuses or ()), default=0)


def _newest_or_zero_first(value: datetime | None) -> tuple[int, int]:
    """Key putting the zero time first, then later times before earlier ones (``afterOrZero``)."""
    if value is None or value == ZERO_TIME:
        return (0, 0)
    return (1, -((value - ZERO_TIME) // timedelta(microseconds=1)))


def active_pods_key(pod: Pod) -> tuple[object, ...]:
    """Return the sort key of ``controller.ActivePods``: pods to delete first sort first.

    Rules, first difference wins: 1. unassigned before assigned; 2. Pending < Unknown < Running;
    3. not ready before ready; 4. both ready: more recently ready first (zero time first);
    5. more container restarts first; 6. newer creationTimestamp first (zero first); then, for
    determinism where upstream's unstable sort leaves ties unspecified, by namespace and name.
    """
    ready = is_pod_ready(pod)
    return (
        pod.spec.node_name != "",
        _PHASE_ORDINAL.get(pod.status.phase, 0),
        ready,
        _newest_or_zero_first(_pod_ready_time(pod)) if ready else (0, 0),
        -_max_container_restarts(pod),
        _newest_or_zero_first(pod.metadata.creation_timestamp),
        pod.metadata.namespace or "",
        pod.metadata.name or "",
    )


def active_pods_less(a: Pod, b: Pod) -> bool:
    """Tell whether ``a`` is deleted before ``b`` (``ActivePods.Less`` plus a name tie-break)."""
    return active_pods_key(a) < active_pods_key(b)


def sort_active_pods(pods: Iterable[Pod]) -> list[Pod]:
    """Return the pods in deletion order (``sort.Sort(controller.ActivePods(pods))``)."""
    return sorted(pods, key=active_pods_key)


def append_duplicated_index_pods_for_removal(
    pods: Sequence[Pod], completions: int
) -> tuple[list[Pod], list[Pod]]:
    """Split Indexed active pods into ``(rm, left)`` (``appendDuplicatedIndexPodsForRemoval``).

    Pods are taken in completion-index order (stable). Pods without a valid index and pods with
    an index ``>= completions`` go to ``rm``; of ``n > 1`` pods sharing an index, the ``n - 1``
    that ``ActivePods`` orders first go to ``rm`` and the last one is kept in ``left``.
    """
    by_index = sorted(((get_completion_index(p), p) for p in pods), key=lambda pair: pair[0])
    rm: list[Pod] = []
    left: list[Pod] = []
    group: list[Pod] = []
    group_index = UNKNOWN_COMPLETION_INDEX

    def flush() -> None:
        if group_index == UNKNOWN_COMPLETION_INDEX:
            rm.extend(group)
        elif len(group) == 1:
            left.append(group[0])
        elif group:
            ordered = sort_active_pods(group)
            rm.extend(ordered[:-1])
            left.append(ordered[-1])

    for position, (index, pod) in enumerate(by_index):
        if index >= completions:
            # Upstream appends the out-of-range tail before flushing the current group.
            rm.extend(p for _, p in by_index[position:])
            break
        if index != group_index:
            flush()
            group = []
            group_index = index
        group.append(pod)
    flush()
    return rm, left


def active_pods_for_removal(job: Job, pods: Sequence[Pod], rm_at_least: int) -> list[Pod]:
    """Return the active pods to delete, in deletion order (``activePodsForRemoval``).

    Indexed jobs first remove pods with missing, invalid, out-of-range or duplicated indexes
    (possibly more than ``rm_at_least``); then, if fewer than ``rm_at_least`` were chosen, the
    remaining pods are taken in ``ActivePods`` order.
    """
    if is_indexed_job(job):
        rm, left = append_duplicated_index_pods_for_removal(pods, completions_of(job))
    else:
        rm, left = [], list(pods)
    if len(rm) < rm_at_least:
        rm.extend(sort_active_pods(left)[: rm_at_least - len(rm)])
    return rm


# -- pods still to be counted --------------------------------------------------------------------


def get_valid_pods_with_filter(
    job: Job,
    pods: Iterable[Pod],
    uncounted: Collection[str],
    expected_rm_finalizers: Collection[str],
    keep: Callable[[Pod], bool],
) -> list[Pod]:
    """Return pods not yet counted in the status that pass ``keep`` (``getValidPodsWithFilter``).

    A pod is still to be counted when it carries the tracking finalizer, its UID is neither in
    ``uncounted`` nor awaiting finalizer removal, and (Indexed) its index is valid and below
    ``completions``.
    """
    indexed = is_indexed_job(job)
    completions = completions_of(job)
    result: list[Pod] = []
    for pod in pods:
        uid = pod.metadata.uid or ""
        if not has_job_tracking_finalizer(pod) or uid in uncounted or uid in expected_rm_finalizers:
            continue
        if indexed:
            index = get_completion_index(pod)
            if index == UNKNOWN_COMPLETION_INDEX or index >= completions:
                continue
        if keep(pod):
            result.append(pod)
    return result


def get_new_finished_pods(
    job: Job,
    pods: Sequence[Pod],
    uncounted_succeeded: Collection[str],
    uncounted_failed: Collection[str],
    expected_rm_finalizers: Collection[str],
) -> tuple[list[Pod], list[Pod]]:
    """Return ``(newly succeeded, newly failed)`` uncounted pods (``getNewFinishedPods``)."""
    succeeded = get_valid_pods_with_filter(
        job,
        pods,
        uncounted_succeeded,
        expected_rm_finalizers,
        lambda p: p.status.phase == _SUCCEEDED,
    )
    failed = get_valid_pods_with_filter(
        job, pods, uncounted_failed, expected_rm_finalizers, lambda p: is_pod_failed(p, job)
    )
    return succeeded, failed
