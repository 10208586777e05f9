"""Small builders of Job and Pod models for the Job-controller decision-function tests.

Like upstream's ``buildPod()``/``newJob`` test helpers: every argument is optional and maps to
one field, so a table row says only what matters for its case.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from jobsim.api.batch_v1 import (
    JOB_COMPLETION_INDEX_ANNOTATION,
    JOB_INDEX_FAILURE_COUNT_ANNOTATION,
    JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION,
    JOB_TRACKING_FINALIZER,
    Job,
    JobCondition,
    JobSpec,
    JobStatus,
    PodFailurePolicy,
    SuccessPolicy,
)
from jobsim.api.core_v1 import (
    Container,
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStatus,
    Pod,
    PodCondition,
    PodSpec,
    PodStatus,
    PodTemplateSpec,
)
from jobsim.api.meta_v1 import ObjectMeta

T0 = datetime(2009, 11, 10, 23, 0, 0, tzinfo=UTC)
"""``defaultTestTime`` of upstream's tests."""

NO_INDEX = "-"
"""Upstream's ``noIndex``: the pod has no completion-index annotation."""


def at(seconds: float) -> datetime:
    """Return ``T0`` plus ``seconds``."""
    return T0 + timedelta(seconds=seconds)


def terminated(
    exit_code: int = 0, finished_at: datetime | None = None, name: str = ""
) -> ContainerStatus:
    """Return the status of a terminated container."""
    return ContainerStatus(
        name=name,
        state=ContainerState(
            terminated=ContainerStateTerminated(exit_code=exit_code, finished_at=finished_at)
        ),
    )


def running(name: str = "", restarts: int = 0) -> ContainerStatus:
    """Return the status of a running container."""
    return ContainerStatus(
        name=name,
        restart_count=restarts,
        state=ContainerState(running=ContainerStateRunning()),
    )


def make_pod(
    name: str = "pod",
    *,
    namespace: str = "default",
    uid: str | None = None,
    phase: str = "Running",
    index: str | None = NO_INDEX,
    failure_count: str | None = None,
    ignored_failure_count: str | None = None,
    finalizer: bool = True,
    node: str = "",
    ready: bool | None = None,
    ready_since: datetime | None = None,
    created: datetime | None = None,
    deleted: datetime | None = None,
    grace: int | None = None,
    restarts: Sequence[int] = (),
    container_statuses: Sequence[ContainerStatus] | None = None,
    init_container_statuses: Sequence[ContainerStatus] | None = None,
    init_containers: Sequence[Container] | None = None,
    conditions: Sequence[PodCondition] = (),
) -> Pod:
    """Return a pod; ``index`` is the completion-index annotation text (``NO_INDEX``: none)."""
    annotations: dict[str, str] = {}
    if index is not None and index != NO_INDEX:
        annotations[JOB_COMPLETION_INDEX_ANNOTATION] = index
    if failure_count is not None:
        annotations[JOB_INDEX_FAILURE_COUNT_ANNOTATION] = failure_count
    if ignored_failure_count is not None:
        annotations[JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION] = ignored_failure_count
    all_conditions = list(conditions)
    if ready is not None:
        all_conditions.append(
            PodCondition(
                type="Ready",
                status="True" if ready else "False",
                last_transition_time=ready_since,
            )
        )
    statuses = list(container_statuses or ()) + [running(restarts=r) for r in restarts]
    return Pod(
        metadata=ObjectMeta(
            name=name,
            namespace=namespace,
            uid=uid if uid is not None else name,
            annotations=annotations or None,
            finalizers=[JOB_TRACKING_FINALIZER] if finalizer else None,
            creation_timestamp=created,
            deletion_timestamp=deleted,
            deletion_grace_period_seconds=grace,
        ),
        spec=PodSpec(
            node_name=node,
            init_containers=list(init_containers) if init_containers is not None else None,
        ),
        status=PodStatus(
            phase=phase,
            conditions=all_conditions or None,
            container_statuses=statuses or None,
            init_container_statuses=(
                list(init_container_statuses) if init_container_statuses is not None else None
            ),
        ),
    )


def make_job(
    name: str = "job",
    *,
    completions: int | None = None,
    parallelism: int | None = None,
    indexed: bool = False,
    backoff_limit: int | None = None,
    backoff_limit_per_index: int | None = None,
    pod_failure_policy: PodFailurePolicy | None = None,
    success_policy: SuccessPolicy | None = None,
    restart_policy: str = "Never",
    suspend: bool | None = None,
    active_deadline_seconds: int | None = None,
    pod_replacement_policy: str | None = None,
    start_time: datetime | None = None,
    completed_indexes: str = "",
    failed_indexes: str | None = None,
    conditions: Sequence[JobCondition] | None = None,
) -> Job:
    """Return a job with the given spec and status fields."""
    return Job(
        metadata=ObjectMeta(name=name, namespace="default", uid=f"{name}-uid"),
        spec=JobSpec(
            completions=completions,
            parallelism=parallelism,
            completion_mode="Indexed" if indexed else None,
            backoff_limit=backoff_limit,
            backoff_limit_per_index=backoff_limit_per_index,
            pod_failure_policy=pod_failure_policy,
            success_policy=success_policy,
            suspend=suspend,
            active_deadline_seconds=active_deadline_seconds,
            pod_replacement_policy=pod_replacement_policy,
            template=PodTemplateSpec(spec=PodSpec(restart_policy=restart_policy)),
        ),
        status=JobStatus(
            start_time=start_time,
            completed_indexes=completed_indexes,
            failed_indexes=failed_indexes,
            conditions=list(conditions) if conditions is not None else None,
        ),
    )
