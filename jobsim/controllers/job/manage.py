"""``manage_job``: create or delete pods so a Job runs the right number of them.

Owns the pod-count decision of upstream ``manageJob`` (suspend, scale-down with
``activePodsForRemoval``, re-creation backoff, slow-start creation in batches
1, 2, 4, ..., never create and delete in one sync), ``deleteActivePods`` (on a
verdict, finalizers kept so the pods are counted), and building a pod from the
Job template (``GetPodFromTemplate`` plus the Job's labels, annotations,
finalizer, owner reference, Indexed hostname and env).

Source: ``pkg/controller/job/job_controller.go`` and ``indexed_job_utils.go``.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from jobsim.api.batch_v1 import (
    JOB_COMPLETION_INDEX_ANNOTATION,
    JOB_TRACKING_FINALIZER,
    Job,
)
from jobsim.api.core_v1 import Pod, PodSpec
from jobsim.api.meta_v1 import ObjectMeta, OwnerReference
from jobsim.api.naming import is_dns1123_subdomain
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job import indexed
from jobsim.controllers.job.backoff import get_remaining_time
from jobsim.controllers.job.pod_utils import (
    active_pods_for_removal,
    is_indexed_job,
    is_pod_ready,
    only_replace_failed_pods,
)
from jobsim.errors import APIError
from jobsim.logs import get_logger

if TYPE_CHECKING:
    from jobsim.controllers.job.controller import JobController, JobKey
    from jobsim.controllers.job.sync import SyncJobCtx

__all__ = [
    "MAX_POD_CREATE_DELETE_PER_SYNC",
    "controller_ref",
    "delete_active_pods",
    "manage_job",
    "new_pod_for_job",
]

MAX_POD_CREATE_DELETE_PER_SYNC = 500
"""``MaxPodCreateDeletePerSync``."""

SLOW_START_INITIAL_BATCH_SIZE = 1
"""``controller.SlowStartInitialBatchSize``."""

_MIN_REQUEUE = timedelta(seconds=1)

_log = get_logger("jobsim.controller.job")


def manage_job(
    ctrl: JobController, key: JobKey, ctx: SyncJobCtx, ready: int
) -> tuple[int, int, Exception | None]:
    """Create or delete pods; return the new ``(active, ready, error)`` (``manageJob``)."""
    job = ctx.job
    active_pods = ctx.active_pods
    active = len(active_pods)
    parallelism = job.spec.parallelism or 0

    if cond.job_suspended(job):
        to_delete = active_pods_for_removal(job, active_pods, len(active_pods))
        ctrl.expectations.expect_deletions(key, len(to_delete), ctrl.now())
        removed_ready, removed, err = _delete_job_pods(ctrl, key, job, to_delete)
        ctx.terminating += removed
        return active - removed, ready - removed_ready, err

    completions = job.spec.completions
    if completions is None:
        want_active = active if ctx.succeeded > 0 else parallelism
    else:
        want_active = max(0, min(completions - ctx.succeeded, parallelism))
    rm_at_least = max(active - want_active, 0)
    to_delete = active_pods_for_removal(job, active_pods, rm_at_least)
    to_delete = to_delete[:MAX_POD_CREATE_DELETE_PER_SYNC]
    if to_delete:
        ctrl.expectations.expect_deletions(key, len(to_delete), ctrl.now())
        removed_ready, removed, err = _delete_job_pods(ctrl, key, job, to_delete)
        ctx.terminating += removed
        return active - removed, ready - removed_ready, err

    terminating = ctx.terminating if only_replace_failed_pods(job) else 0
    diff = want_active - terminating - active
    if diff <= 0:
        return active, ready, None

    now = ctrl.now()
    # Delays are measured with the precise clock (``jm.clock``), as upstream does.
    precise = ctrl.clock.now_micro()
    if job.spec.backoff_limit_per_index is None:
        remaining = get_remaining_time(ctx.new_backoff_record, precise)
        if remaining > timedelta(0):
            ctrl.queue.add_after(key, max(remaining, _MIN_REQUEUE).total_seconds())
            return active, ready, None
    diff = min(diff, MAX_POD_CREATE_DELETE_PER_SYNC)
    indexes: list[int] | None = None
    if is_indexed_job(job):
        indexes = indexed.first_pending_indexes(
            job,
            diff,
            completions or 0,
            pods=ctx.pods,
            active_pods=ctx.active_pods,
            succeeded_indexes=ctx.succeeded_indexes,
            failed_indexes=ctx.failed_indexes,
        )
        if job.spec.backoff_limit_per_index is not None:
            indexes, wait = indexed.get_pod_creation_info_for_independent_indexes(
                indexes, ctx.pods_with_delayed_deletion_per_index, precise
            )
            if not indexes:
                ctrl.queue.add_after(key, max(wait, _MIN_REQUEUE).total_seconds())
                return active, ready, None
        diff = len(indexes)

    ctrl.expectations.expect_creations(key, diff, now)
    active += diff
    error: Exception | None = None
    batch = SLOW_START_INITIAL_BATCH_SIZE
    position = 0
    while diff > 0:
        batch = min(batch, diff)
        batch_failed = False
        for i in range(position, position + batch):
            index = indexes[i] if indexes is not None else None
            pod = new_pod_for_job(ctrl, job, ctx, index)
            try:
                created = ctrl.create_pod(job, pod)
                _log.debug("pod_created", job=job.metadata.name, pod=created.metadata.name)
            except APIError as exc:
                ctrl.expectations.creation_observed(key)
                active -= 1
                error = exc
                batch_failed = True
        position += batch
        diff -= batch
        if batch_failed and diff > 0:
            active -= diff
            for _ in range(diff):
                ctrl.expectations.creation_observed(key)
            break
        batch *= 2
    return active, ready, error


def _delete_job_pods(
    ctrl: JobController, key: JobKey, job: Job, pods: list[Pod]
) -> tuple[int, int, Exception | None]:
    """Scale-down/suspend deletion: finalizer removed first, so the pods are never counted."""
    removed = removed_ready = 0
    error: Exception | None = None
    for pod in pods:
        try:
            ctrl.delete_pod(job, pod, remove_finalizer=True)
            _log.debug("pod_deleted", job=job.metadata.name, pod=pod.metadata.name)
        except APIError as exc:
            ctrl.expectations.deletion_observed(key)
            if exc.code != 404:
                error = exc
                continue
        removed += 1
        if is_pod_ready(pod):
            removed_ready += 1
    return removed_ready, removed, error


def delete_active_pods(
    ctrl: JobController, job: Job, pods: list[Pod]
) -> tuple[int, int, APIError | None]:
    """Delete every active pod, keeping finalizers (``deleteActivePods``).

    Returns ``(deleted_ready, deleted, error)``. As upstream, a ready pod is subtracted
    from ``ready`` even when its DELETE failed; a pod already gone counts as deleted.
    """
    deleted = deleted_ready = 0
    error: APIError | None = None
    for pod in pods:
        try:
            ctrl.delete_pod(job, pod, remove_finalizer=False)
            deleted += 1
        except APIError as exc:
            if exc.code == 404:
                deleted += 1
            else:
                error = exc
        if is_pod_ready(pod):
            deleted_ready += 1
    return deleted_ready, deleted, error


def pod_generate_name(job_name: str) -> str:
    """``<job>-`` for generateName, or ``<job>`` when the dashed prefix is not a valid name."""
    prefix = f"{job_name}-"
    if is_dns1123_subdomain(prefix + "x"):
        return job_name
    return prefix


def controller_ref(job: Job) -> OwnerReference:
    """``metav1.NewControllerRef(job, batch/v1 Job)``."""
    return OwnerReference(
        api_version="batch/v1",
        kind="Job",
        name=job.metadata.name or "",
        uid=job.metadata.uid or "",
        controller=True,
        block_owner_deletion=True,
    )


def new_pod_for_job(ctrl: JobController, job: Job, ctx: SyncJobCtx, index: int | None) -> Pod:
    """Build a pod from the Job's template, as ``GetPodFromTemplate`` plus the Job's additions."""
    template = job.spec.template
    labels = dict(template.metadata.labels or {}) if template.metadata else {}
    annotations = dict(template.metadata.annotations or {}) if template.metadata else {}
    spec: PodSpec = ctrl.template_spec(job)
    name = job.metadata.name or ""
    if index is None:
        generate_name = pod_generate_name(name)
    else:
        generate_name = indexed.pod_generate_name_with_index(name, index)
        annotations[JOB_COMPLETION_INDEX_ANNOTATION] = str(index)
        labels[JOB_COMPLETION_INDEX_ANNOTATION] = str(index)
        spec.hostname = f"{name}-{index}"
        for container in [*(spec.init_containers or []), *spec.containers]:
            container.env = indexed.with_completion_index_env(container.env)
        if job.spec.backoff_limit_per_index is not None:
            replaced = ctx.pods_with_delayed_deletion_per_index.get(index)
            annotations.update(indexed.index_failure_count_annotations(job, replaced))
    meta = ObjectMeta(
        generate_name=generate_name,
        namespace=job.metadata.namespace,
        labels=labels or None,
        annotations=annotations or None,
        finalizers=[JOB_TRACKING_FINALIZER],
        owner_references=[controller_ref(job)],
    )
    return Pod(metadata=meta, spec=spec)
