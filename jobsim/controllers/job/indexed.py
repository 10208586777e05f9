"""Indexed Jobs: succeeded and failed index sets, pending indexes, per-index failure bookkeeping.

Owns the job-level helpers of ``pkg/controller/job/indexed_job_utils.go``
(``calculateSucceededIndexes``, ``calculateFailedIndexes``, ``isIndexFailed``,
``firstPendingIndexes``, ``getPodsWithDelayedDeletionPerIndex``, ``getNewIndexFailureCounts``,
``addIndexFailureCountAnnotation``, ``addCompletionIndexEnvVariable``,
``podGenerateNameWithIndex``, ``hasBackoffLimitPerIndex``) and
``getPodCreationInfoForIndependentIndexes`` of ``job_controller.go``. Index sets are
``jobsim.api.intervals.OrderedIntervals``; every function costs O(pods + intervals), never
O(completions).

Pure functions; ``now`` is an argument. Must not import the store, simpy, logging, or the
orchestration modules (``controller``, ``sync``, ``manage``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Final

from jobsim.api.batch_v1 import JOB_COMPLETION_INDEX_ENV_NAME, Job
from jobsim.api.core_v1 import EnvVar, EnvVarSource, ObjectFieldSelector, Pod, PodPhase
from jobsim.api.intervals import OrderedIntervals
from jobsim.controllers.job.backoff import (
    DEFAULT_JOB_POD_FAILURE_BACKOFF,
    MAX_JOB_POD_FAILURE_BACKOFF,
    get_finished_time,
    get_remaining_time_per_index,
)
from jobsim.controllers.job.pod_failure_policy import ACTION_FAIL_INDEX, match_pod_failure_policy
from jobsim.controllers.job.pod_utils import (
    JOB_COMPLETION_INDEX_ANNOTATION,
    JOB_INDEX_FAILURE_COUNT_ANNOTATION,
    JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
    UNKNOWN_COMPLETION_INDEX,
    completions_of,
    filter_active_pods,
    filter_terminating_pods,
    get_completion_index,
    get_index_absolute_failure_count,
    get_index_failure_count,
    get_index_ignored_failure_count,
    get_valid_pods_with_filter,
    has_job_tracking_finalizer,
    is_indexed_job,
    is_pod_failed,
    only_replace_failed_pods,
)

__all__ = [
    "COMPLETION_INDEX_ENV_NAME",
    "MAX_GENERATED_NAME_LENGTH",
    "calculate_failed_indexes",
    "calculate_succeeded_indexes",
    "completion_index_env_var",
    "first_pending_indexes",
    "get_index_failure_count",
    "get_indexes",
    "get_new_index_failure_counts",
    "get_pod_creation_info_for_independent_indexes",
    "get_pods_with_delayed_deletion_per_index",
    "has_backoff_limit_per_index",
    "index_failure_count_annotations",
    "is_index_failed",
    "is_indexed_job",
    "pod_generate_name_with_index",
    "with_completion_index_env",
]

COMPLETION_INDEX_ENV_NAME: Final = JOB_COMPLETION_INDEX_ENV_NAME
MAX_GENERATED_NAME_LENGTH: Final = 58
"""``names.MaxGeneratedNameLength``: 63 minus the 5 random characters the apiserver appends."""

_SUCCEEDED: Final[str] = PodPhase.SUCCEEDED.value


def has_backoff_limit_per_index(job: Job) -> bool:
    """Tell whether ``spec.backoffLimitPerIndex`` is set (``hasBackoffLimitPerIndex``)."""
    return job.spec.backoff_limit_per_index is not None


def get_indexes(pods: Iterable[Pod]) -> set[int]:
    """Return the valid completion indexes of the pods (``getIndexes``)."""
    indexes = {get_completion_index(pod) for pod in pods}
    indexes.discard(UNKNOWN_COMPLETION_INDEX)
    return indexes


def calculate_succeeded_indexes(
    job: Job, pods: Iterable[Pod]
) -> tuple[OrderedIntervals, OrderedIntervals]:
    """Return ``(status.completedIndexes, that plus newly succeeded indexes)``.

    Upstream ``calculateSucceededIndexes``: a pod adds its index when it Succeeded, still has the
    tracking finalizer (not counted yet) and its index is valid and below ``completions``.
    """
    completions = completions_of(job)
    previous = OrderedIntervals.parse(job.status.completed_indexes or "", completions)
    new_succeeded = [
        index
        for pod in pods
        if pod.status.phase == _SUCCEEDED
        and has_job_tracking_finalizer(pod)
        and (index := get_completion_index(pod)) != UNKNOWN_COMPLETION_INDEX
        and index < completions
    ]
    return previous, previous.with_ordered_indexes(new_succeeded)


def is_index_failed(job: Job, pod: Pod) -> bool:
    """Tell whether the pod's failure fails its index (``isIndexFailed``).

    True when the pod failed and matches a ``FailIndex`` rule, or when the failure counts and the
    pod's ``job-index-failure-count`` already reached ``backoffLimitPerIndex``.
    """
    counted = False
    if is_pod_failed(pod, job):
        policy = job.spec.pod_failure_policy
        if policy is not None:
            _, counted, action = match_pod_failure_policy(policy, pod)
            if action == ACTION_FAIL_INDEX:
                return True
        else:
            counted = True
    limit = job.spec.backoff_limit_per_index
    return counted and limit is not None and get_index_failure_count(pod) >= limit


def calculate_failed_indexes(job: Job, pods: Iterable[Pod]) -> OrderedIntervals:
    """Return ``status.failedIndexes`` plus the indexes newly failed (``calculateFailedIndexes``).

    Only pods that still have the tracking finalizer and a valid index below ``completions``
    contribute. Callers use this only when ``backoffLimitPerIndex`` is set (upstream keeps
    ``failedIndexes`` nil otherwise).
    """
    completions = completions_of(job)
    previous = OrderedIntervals.parse(job.status.failed_indexes or "", completions)
    new_failed = [
        index
        for pod in pods
        if (index := get_completion_index(pod)) != UNKNOWN_COMPLETION_INDEX
        and index < completions
        and has_job_tracking_finalizer(pod)
        and is_index_failed(job, pod)
    ]
    return previous.with_ordered_indexes(new_failed)


def first_pending_indexes(
    job: Job,
    count: int,
    completions: int,
    *,
    pods: Iterable[Pod],
    active_pods: Iterable[Pod],
    succeeded_indexes: OrderedIntervals,
    failed_indexes: OrderedIntervals | None,
) -> list[int]:
    """Return up to ``count`` lowest indexes below ``completions`` that need a new pod.

    Upstream ``firstPendingIndexes``: an index is not pending when it succeeded, has an active
    pod, failed (``failed_indexes``), or — when only failed pods are replaced — has a
    terminating pod (``pods`` is every pod of the job, for that last test).
    """
    if count <= 0:
        return []
    non_pending = succeeded_indexes.with_ordered_indexes(get_indexes(active_pods))
    if only_replace_failed_pods(job):
        non_pending = non_pending.with_ordered_indexes(get_indexes(filter_terminating_pods(pods)))
    if failed_indexes is not None:
        non_pending = non_pending.merge(failed_indexes)
    return non_pending.first_pending_indexes(count, completions)


def get_pods_with_delayed_deletion_per_index(
    job: Job,
    pods: Sequence[Pod],
    failed_indexes: OrderedIntervals | None,
    *,
    succeeded_indexes: OrderedIntervals | None = None,
    active_pods: Iterable[Pod] | None = None,
    expected_rm_finalizers: Collection[str] = (),
) -> dict[int, Pod]:
    """Return, per index still to be retried, its last failed pod, whose deletion is delayed.

    Upstream ``getPodsWithDelayedDeletionPerIndex`` (backoffLimitPerIndex): among failed pods that
    are still to be counted, with an index that has not succeeded, not failed and no active pod,
    keep per index the one with the highest absolute failure count, later finish time winning
    ties. Its finalizer stays until a replacement carries its failure-count annotations.
    ``succeeded_indexes`` and ``active_pods`` default to what ``pods`` gives
    (``calculate_succeeded_indexes``, ``filter_active_pods``); pass them when already computed.
    """
    completions = completions_of(job)
    if succeeded_indexes is None:
        succeeded_indexes = calculate_succeeded_indexes(job, pods)[1]
    active_indexes = get_indexes(filter_active_pods(pods) if active_pods is None else active_pods)
    failed = failed_indexes if failed_indexes is not None else OrderedIntervals()
    delayed: dict[int, Pod] = {}
    for pod in get_valid_pods_with_filter(
        job, pods, (), expected_rm_finalizers, lambda p: is_pod_failed(p, job)
    ):
        index = get_completion_index(pod)
        if index == UNKNOWN_COMPLETION_INDEX or index >= completions:
            continue
        if succeeded_indexes.has(index) or failed.has(index) or index in active_indexes:
            continue
        kept = delayed.get(index)
        if kept is None or (
            get_index_absolute_failure_count(kept) <= get_index_absolute_failure_count(pod)
            and not get_finished_time(pod) < get_finished_time(kept)
        ):
            delayed[index] = pod
    return delayed


def get_new_index_failure_counts(job: Job, pod_being_replaced: Pod | None) -> tuple[int, int]:
    """Return ``(failure count, ignored failure count)`` for the replacement of a failed pod.

    Upstream ``getNewIndexFailureCounts``: the first pod of an index starts at ``(0, 0)``; a
    replacement copies the counts of the pod it replaces and adds one to the ignored counter if
    that pod matched an ``Ignore`` rule, else to the failure counter.
    """
    if pod_being_replaced is None:
        return 0, 0
    failures = get_index_failure_count(pod_being_replaced)
    ignored = get_index_ignored_failure_count(pod_being_replaced)
    policy = job.spec.pod_failure_policy
    if policy is not None and not match_pod_failure_policy(policy, pod_being_replaced)[1]:
        return failures, ignored + 1
    return failures + 1, ignored


def index_failure_count_annotations(job: Job, pod_being_replaced: Pod | None) -> dict[str, str]:
    """Return the annotations ``addIndexFailureCountAnnotation`` puts on a new pod of an index.

    The failure count is always written; the ignored failure count only when positive.
    """
    failures, ignored = get_new_index_failure_counts(job, pod_being_replaced)
    annotations = {JOB_INDEX_FAILURE_COUNT_ANNOTATION: str(failures)}
    if ignored > 0:
        annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = str(ignored)
    return annotations


def get_pod_creation_info_for_independent_indexes(
    indexes_to_add: Sequence[int],
    pods_with_delayed_deletion_per_index: Mapping[int, Pod],
    now: datetime,
    default_backoff: timedelta = DEFAULT_JOB_POD_FAILURE_BACKOFF,
    max_backoff: timedelta = MAX_JOB_POD_FAILURE_BACKOFF,
) -> tuple[list[int], timedelta]:
    """Return the indexes whose per-index backoff has elapsed, or none and the shortest wait.

    Upstream ``getPodCreationInfoForIndependentIndexes``: ``(ready indexes, 0)`` when any index
    may be created now, else ``([], min remaining time)`` (0 when ``indexes_to_add`` is empty).
    """
    ready: list[int] = []
    shortest: timedelta | None = None
    for index in indexes_to_add:
        remaining = get_remaining_time_per_index(
            pods_with_delayed_deletion_per_index.get(index), now, default_backoff, max_backoff
        )
        if remaining == timedelta(0):
            ready.append(index)
        elif shortest is None or remaining < shortest:
            shortest = remaining
    if ready:
        return ready, timedelta(0)
    return ready, shortest if shortest is not None else timedelta(0)


def pod_generate_name_with_index(job_name: str, index: int) -> str:
    """Return ``<job>-<index>-`` cut to 58 characters (``podGenerateNameWithIndex``)."""
    suffix = f"-{index}-"
    prefix = job_name + suffix
    if len(prefix) > MAX_GENERATED_NAME_LENGTH:
        prefix = job_name[: MAX_GENERATED_NAME_LENGTH - len(suffix)] + suffix
    return prefix


def completion_index_env_var() -> EnvVar:
    """Return ``JOB_COMPLETION_INDEX`` from the pod's completion-index label (PodIndexLabel, GA)."""
    field_path = f"metadata.labels['{JOB_COMPLETION_INDEX_ANNOTATION}']"
    return EnvVar(
        name=COMPLETION_INDEX_ENV_NAME,
        value_from=EnvVarSource(field_ref=ObjectFieldSelector(field_path=field_path)),
    )


def with_completion_index_env(env: Sequence[EnvVar] | None) -> list[EnvVar]:
    """Return a container's env with ``JOB_COMPLETION_INDEX`` appended unless already defined.

    The per-container step of upstream ``addCompletionIndexEnvVariables``; apply it to every init
    and regular container of the template. The input is not mutated.
    """
    current = list(env or ())
    if any(var.name == COMPLETION_INDEX_ENV_NAME for var in current):
        return current
    return [*current, completion_index_env_var()]
