"""``sync_job``: one reconcile of one Job, as upstream ``Controller.syncJob`` does it.

Owns the orchestration of a sync: read the Job and its pods, compute counters
and the finished condition (in upstream's evaluation order), delete active pods
on a verdict or call ``manage_job``, then track status with finalizers
(``trackJobStatusAndRemoveFinalizers``, ``flushUncountedAndRemoveFinalizers``,
``enactJobFinished``, ``recordJobFinished``). Decisions come from the pure
modules beside it; effects go through the controller's injected handlers
(``update_status``, pod control, event recorder).

Source: ``pkg/controller/job/job_controller.go`` (MASTER semantics, see
``shared/reference/job-controller-semantics.md`` §3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from jobsim.api.batch_v1 import (
    JOB_CONTROLLER_NAME,
    JOB_REASON_BACKOFF_LIMIT_EXCEEDED,
    JOB_REASON_DEADLINE_EXCEEDED,
    JOB_REASON_FAILED_INDEXES,
    JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED,
    JOB_REASON_POD_FAILURE_POLICY,
    JOB_REASON_SUCCESS_POLICY,
    Job,
    JobCondition,
    JobConditionType,
    UncountedTerminatedPods,
)
from jobsim.api.core_v1 import Pod
from jobsim.api.intervals import OrderedIntervals
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job import indexed
from jobsim.controllers.job.backoff import BackoffRecord, new_backoff_record
from jobsim.controllers.job.manage import delete_active_pods, manage_job
from jobsim.controllers.job.pod_failure_policy import (
    get_fail_job_message,
    match_pod_failure_policy,
    non_ignored_failed_pods_count,
)
from jobsim.controllers.job.pod_utils import (
    UNKNOWN_COMPLETION_INDEX,
    count_ready_pods,
    count_terminating_pods,
    filter_active_pods,
    get_completion_index,
    get_new_finished_pods,
    has_job_tracking_finalizer,
    is_indexed_job,
    is_pod_failed,
)
from jobsim.controllers.job.success_policy import match_success_policy
from jobsim.errors import APIError
from jobsim.logs import get_logger

if TYPE_CHECKING:
    from jobsim.controllers.job.controller import JobController, JobKey

__all__ = ["MAX_UNCOUNTED_PODS", "SyncJobCtx", "sync_job"]

MAX_UNCOUNTED_PODS = 500
"""``MaxUncountedPods``: at most this many pods are newly counted per sync."""

_SUCCEEDED = "Succeeded"


@dataclass
class SyncJobCtx:
    """``syncJobCtx``: what one sync knows about its Job (a private copy) and its pods."""

    job: Job
    pods: list[Pod]
    active_pods: list[Pod]
    uncounted_succeeded: set[str]
    uncounted_failed: set[str]
    expected_rm_finalizers: set[str]
    new_backoff_record: BackoffRecord
    succeeded: int = 0
    failed: int = 0
    ready: int = 0
    terminating: int = 0
    finished_condition: JobCondition | None = None
    prev_succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    failed_indexes: OrderedIntervals | None = None
    pods_with_delayed_deletion_per_index: dict[int, Pod] = field(default_factory=dict)


def _private_copy(job: Job) -> Job:
    """Copy what a sync mutates (status), sharing the rest read-only (upstream ``DeepCopy``)."""
    return job.model_copy(update={"status": job.status.model_copy(deep=True)})


def managed_by_external_controller(job: Job) -> str | None:
    """The external manager's name when ``spec.managedBy`` names another controller."""
    managed_by = job.spec.managed_by
    if managed_by is not None and managed_by != JOB_CONTROLLER_NAME:
        return managed_by
    return None


def sync_job(ctrl: JobController, key: JobKey) -> None:
    """Reconcile one Job once (``syncJob``); errors requeue with rate limiting."""
    namespace, _, name = key.partition("/")
    shared = ctrl.get_job(namespace, name)
    if shared is None:
        ctrl.expectations.delete_expectations(key)
        ctrl.finalizer_expectations.delete_expectations(key)
        ctrl.backoff_store.pop(key, None)
        return
    if managed_by_external_controller(shared) is not None:
        return
    if cond.is_job_finished(shared):
        ctrl.backoff_store.pop(key, None)
        return
    if shared.spec.completion_mode not in (None, "NonIndexed", "Indexed"):
        ctrl.recorder.event(
            shared,
            "Warning",
            "UnknownCompletionMode",
            "Skipped Job sync because completion mode is unknown",
        )
        return

    job = _private_copy(shared)
    now = ctrl.now()
    status = job.status
    if status.uncounted_terminated_pods is None:
        status.uncounted_terminated_pods = UncountedTerminatedPods()
    uncounted = status.uncounted_terminated_pods
    satisfied = ctrl.expectations.satisfied_expectations(key, now)
    pods = ctrl.get_pods_for_job(job)
    active_pods = filter_active_pods(pods)
    ctx = SyncJobCtx(
        job=job,
        pods=pods,
        active_pods=active_pods,
        uncounted_succeeded=set(uncounted.succeeded or ()),
        uncounted_failed=set(uncounted.failed or ()),
        expected_rm_finalizers=set(ctrl.finalizer_expectations.get_expected_uids(key)),
        new_backoff_record=BackoffRecord(),
    )
    active = len(active_pods)
    new_succeeded, new_failed = get_new_finished_pods(
        job, pods, ctx.uncounted_succeeded, ctx.uncounted_failed, ctx.expected_rm_finalizers
    )
    ctx.succeeded = status.succeeded + len(new_succeeded) + len(ctx.uncounted_succeeded)
    ctx.failed = (
        status.failed + non_ignored_failed_pods_count(job, new_failed) + len(ctx.uncounted_failed)
    )
    ready = count_ready_pods(active_pods)
    ctx.terminating = count_terminating_pods(pods)

    if status.start_time is None and not cond.job_suspended(job):
        status.start_time = now
    ctx.new_backoff_record = new_backoff_record(
        ctrl.backoff_store.get(key), new_succeeded, new_failed
    )

    _decide_failure(ctrl, key, ctx, now)
    if is_indexed_job(job):
        _decide_indexed(ctx, now)

    suspend_cond_changed = False
    manage_error: Exception | None = None
    if ctx.finished_condition is not None:
        deleted_ready, deleted, manage_error = delete_active_pods(ctrl, job, ctx.active_pods)
        if deleted != active or not satisfied:
            ctx.finished_condition = None  # pods or finalizers may remain: retry next sync
        active -= deleted
        ctx.terminating += deleted
        ready -= deleted_ready
    else:
        manage_called = False
        if satisfied and job.metadata.deletion_timestamp is None:
            active, ready, manage_error = manage_job(ctrl, key, ctx, ready)
            manage_called = True
        completions = job.spec.completions
        if completions is None:
            complete = ctx.succeeded > 0 and active == 0
        else:
            complete = ctx.succeeded >= completions and active == 0
        if complete:
            ctx.finished_condition = cond.new_success_condition(now)
        elif manage_called:
            suspend_cond_changed = _sync_suspended_condition(ctrl, job, now)

    needs_status_update = (
        suspend_cond_changed
        or active != status.active
        or ready != status.ready
        or ctx.terminating != status.terminating
    )
    status.active = active
    status.ready = ready
    status.terminating = ctx.terminating
    track_job_status_and_remove_finalizers(ctrl, key, ctx, needs_status_update)
    if manage_error is not None:
        raise manage_error


def _decide_failure(ctrl: JobController, key: JobKey, ctx: SyncJobCtx, now: datetime) -> None:
    """Pick the finished condition from existing conditions and failure criteria, in order."""
    job = ctx.job
    success = cond.has_success_criteria_met_condition(job)
    if success is not None:
        ctx.finished_condition = success.model_copy()
        return
    failure_target = cond.find_condition_by_type(job.status.conditions, "FailureTarget")
    if failure_target is not None and failure_target.status == "True":
        ctx.finished_condition = cond.new_failed_condition_for_failure_target(failure_target, now)
        return
    message = get_fail_job_message(job, ctx.pods)
    if message is not None:
        ctx.finished_condition = cond.new_condition(
            JobConditionType.FAILURE_TARGET, "True", JOB_REASON_POD_FAILURE_POLICY, message, now
        )
        return
    if ctx.failed > cond.backoff_limit(job) or cond.past_backoff_limit_on_failure(job, ctx.pods):
        ctx.finished_condition = cond.new_condition(
            JobConditionType.FAILURE_TARGET,
            "True",
            JOB_REASON_BACKOFF_LIMIT_EXCEEDED,
            cond.MESSAGE_BACKOFF_LIMIT_EXCEEDED,
            now,
        )
        return
    precise = ctrl.clock.now_micro()  # upstream ``jm.clock.Since(startTime)``: not truncated
    if cond.past_active_deadline(job, precise):
        ctx.finished_condition = cond.new_condition(
            JobConditionType.FAILURE_TARGET,
            "True",
            JOB_REASON_DEADLINE_EXCEEDED,
            cond.MESSAGE_DEADLINE_EXCEEDED,
            now,
        )
        return
    requeue = cond.active_deadline_requeue(job, precise)
    if requeue is not None:
        ctrl.queue.add_after(key, requeue)


def _decide_indexed(ctx: SyncJobCtx, now: datetime) -> None:
    """Indexed jobs: succeeded/failed index sets, per-index failure verdicts, successPolicy."""
    job = ctx.job
    completions = job.spec.completions or 0
    ctx.prev_succeeded_indexes, ctx.succeeded_indexes = indexed.calculate_succeeded_indexes(
        job, ctx.pods
    )
    ctx.succeeded = ctx.succeeded_indexes.total()
    if job.spec.backoff_limit_per_index is not None:
        failed = indexed.calculate_failed_indexes(job, ctx.pods)
        ctx.failed_indexes = failed
        if ctx.finished_condition is None:
            max_failed = job.spec.max_failed_indexes
            if max_failed is not None and failed.total() > max_failed:
                ctx.finished_condition = cond.new_condition(
                    JobConditionType.FAILURE_TARGET,
                    "True",
                    JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED,
                    cond.MESSAGE_MAX_FAILED_INDEXES_EXCEEDED,
                    now,
                )
            elif failed.total() > 0 and failed.total() + ctx.succeeded_indexes.total() >= (
                completions
            ):
                ctx.finished_condition = cond.new_condition(
                    JobConditionType.FAILURE_TARGET,
                    "True",
                    JOB_REASON_FAILED_INDEXES,
                    cond.MESSAGE_FAILED_INDEXES,
                    now,
                )
        ctx.pods_with_delayed_deletion_per_index = indexed.get_pods_with_delayed_deletion_per_index(
            job, ctx.pods, failed
        )
    if ctx.finished_condition is None:
        message, met = match_success_policy(
            job.spec.success_policy, completions, ctx.succeeded_indexes
        )
        if met and message is not None:
            ctx.finished_condition = cond.new_condition(
                JobConditionType.SUCCESS_CRITERIA_MET,
                "True",
                JOB_REASON_SUCCESS_POLICY,
                message,
                now,
            )


_log = get_logger("jobsim.controller.job")


def _log_condition(job: Job, fc: JobCondition) -> None:
    """Log a condition the controller set (``job_condition_set``)."""
    _log.debug(
        "job_condition_set",
        job=job.metadata.name,
        type=fc.type,
        status=fc.status,
        reason=fc.reason,
    )


def _sync_suspended_condition(ctrl: JobController, job: Job, now: datetime) -> bool:
    """Set Suspended True/False after ``manage_job``; on resume reset ``startTime``."""
    status = job.status
    if job.spec.suspend:
        status.conditions, changed = cond.ensure_job_condition_status(
            status.conditions or [], "Suspended", "True", "JobSuspended", "Job suspended", now
        )
        if changed:
            _log.debug("job_condition_set", job=job.metadata.name, type="Suspended", status="True")
            ctrl.recorder.event(job, "Normal", "Suspended", "Job suspended")
        return changed
    status.conditions, changed = cond.ensure_job_condition_status(
        status.conditions or [], "Suspended", "False", "JobResumed", "Job resumed", now
    )
    if changed:
        _log.debug("job_condition_set", job=job.metadata.name, type="Suspended", status="False")
        ctrl.recorder.event(job, "Normal", "Resumed", "Job resumed")
        status.start_time = now
    if not status.conditions:
        status.conditions = None
    return changed


def _can_remove_finalizer(ctx: SyncJobCtx, pod: Pod, consider_failed: bool) -> bool:
    """``canRemoveFinalizer``: the last failed pod of an index waits for its replacement."""
    if (
        ctx.job.metadata.deletion_timestamp is not None
        or ctx.finished_condition is not None
        or pod.status.phase == _SUCCEEDED
    ):
        return True
    if not consider_failed:
        return False
    if ctx.job.spec.backoff_limit_per_index is not None:
        index = get_completion_index(pod)
        held = ctx.pods_with_delayed_deletion_per_index.get(index)
        if held is not None and held.metadata.uid == pod.metadata.uid:
            return False
    return True


def track_job_status_and_remove_finalizers(
    ctrl: JobController, key: JobKey, ctx: SyncJobCtx, needs_flush: bool
) -> None:
    """Count newly finished pods via ``uncountedTerminatedPods``, remove finalizers, finish."""
    job = ctx.job
    status = job.status
    uncounted = status.uncounted_terminated_pods or UncountedTerminatedPods()
    status.uncounted_terminated_pods = uncounted
    is_indexed = is_indexed_job(job)
    completions = job.spec.completions or 0
    pods = ctx.pods
    if is_indexed:
        pods = sorted(pods, key=get_completion_index)
    uids_with_finalizer = {
        p.metadata.uid or ""
        for p in pods
        if has_job_tracking_finalizer(p) and p.metadata.uid not in ctx.expected_rm_finalizers
    }
    if _clean_uncounted_pods_without_finalizers(job, uids_with_finalizer):
        needs_flush = True
    to_remove: list[Pod] = []
    new_succeeded_indexes: list[int] = []
    succeeded_uids = list(uncounted.succeeded or ())
    failed_uids = list(uncounted.failed or ())
    reached_max = False
    terminal_failure = ctx.finished_condition is not None and not (
        cond.is_success_criteria_met_condition(ctx.finished_condition)
    )
    for pod in pods:
        uid = pod.metadata.uid or ""
        if not has_job_tracking_finalizer(pod) or uid in ctx.expected_rm_finalizers:
            continue
        consider_failed = is_pod_failed(pod, job)
        if not _can_remove_finalizer(ctx, pod, consider_failed):
            continue
        to_remove.append(pod)
        if pod.status.phase == _SUCCEEDED and uid not in ctx.uncounted_failed:
            if is_indexed:
                ix = get_completion_index(pod)
                if (
                    ix != UNKNOWN_COMPLETION_INDEX
                    and ix < completions
                    and not ctx.prev_succeeded_indexes.has(ix)
                ):
                    new_succeeded_indexes.append(ix)
                    needs_flush = True
            elif uid not in ctx.uncounted_succeeded:
                needs_flush = True
                succeeded_uids.append(uid)
        elif consider_failed or terminal_failure:
            ix = get_completion_index(pod)
            valid_index = ix != UNKNOWN_COMPLETION_INDEX and ix < completions
            if uid not in ctx.uncounted_failed and (not is_indexed or valid_index):
                count = True
                if job.spec.pod_failure_policy is not None:
                    _, count, _ = match_pod_failure_policy(job.spec.pod_failure_policy, pod)
                if count:
                    needs_flush = True
                    failed_uids.append(uid)
        if (
            len(new_succeeded_indexes) + len(succeeded_uids) + len(failed_uids)
            >= MAX_UNCOUNTED_PODS
        ):
            reached_max = True
            break
    uncounted.succeeded = succeeded_uids or None
    uncounted.failed = failed_uids or None
    if is_indexed:
        ctx.succeeded_indexes = ctx.succeeded_indexes.with_ordered_indexes(
            sorted(new_succeeded_indexes)
        )
        text = str(ctx.succeeded_indexes)
        if text != status.completed_indexes:
            needs_flush = True
        status.succeeded = ctx.succeeded_indexes.total()
        status.completed_indexes = text
        failed_text = str(ctx.failed_indexes) if ctx.failed_indexes is not None else None
        if failed_text != status.failed_indexes:
            status.failed_indexes = failed_text
            needs_flush = True
    now = ctrl.now()
    fc = ctx.finished_condition
    if fc is not None and fc.type == JobConditionType.FAILURE_TARGET:
        status.conditions = [*(status.conditions or []), fc]
        _log_condition(job, fc)
        needs_flush = True
        ctx.finished_condition = cond.new_failed_condition_for_failure_target(fc, now)
    elif cond.is_success_criteria_met_condition(fc) and fc is not None:
        if cond.has_success_criteria_met_condition(job) is None:
            status.conditions = [*(status.conditions or []), fc]
            _log_condition(job, fc)
            needs_flush = True
        ctx.finished_condition = cond.new_condition(
            JobConditionType.COMPLETE, "True", fc.reason, fc.message, now
        )

    needs_flush = _flush_uncounted_and_remove_finalizers(
        ctrl, key, ctx, to_remove, uids_with_finalizer, needs_flush=needs_flush
    )
    finished = not reached_max and _enact_job_finished(ctx, now)
    if finished:
        needs_flush = True
    if needs_flush:
        ctrl.update_job_status(ctx)
        if finished and ctx.finished_condition is not None:
            _record_job_finished(ctrl, ctx.job, ctx.finished_condition)


def _clean_uncounted_pods_without_finalizers(job: Job, uids_with_finalizer: set[str]) -> bool:
    """Move UIDs whose finalizer is gone from the uncounted lists into the counters."""
    status = job.status
    uncounted = status.uncounted_terminated_pods
    if uncounted is None:
        return False
    updated = False
    kept = [u for u in uncounted.succeeded or () if u in uids_with_finalizer]
    if len(kept) != len(uncounted.succeeded or ()):
        status.succeeded += len(uncounted.succeeded or ()) - len(kept)
        uncounted.succeeded = kept or None
        updated = True
    kept = [u for u in uncounted.failed or () if u in uids_with_finalizer]
    if len(kept) != len(uncounted.failed or ()):
        status.failed += len(uncounted.failed or ()) - len(kept)
        uncounted.failed = kept or None
        updated = True
    return updated


def _flush_uncounted_and_remove_finalizers(
    ctrl: JobController,
    key: JobKey,
    ctx: SyncJobCtx,
    to_remove: list[Pod],
    uids_with_finalizer: set[str],
    *,
    needs_flush: bool,
) -> bool:
    """Write the uncounted UIDs, then remove finalizers, then move what was removed."""
    if needs_flush:
        ctrl.update_job_status(ctx)
        ctrl.backoff_store[key] = ctx.new_backoff_record
        needs_flush = False
    rm_error: APIError | None = None
    if to_remove:
        removed, rm_error = ctrl.remove_tracking_finalizers(key, to_remove)
        uids_with_finalizer.difference_update(removed)
    if _clean_uncounted_pods_without_finalizers(ctx.job, uids_with_finalizer):
        needs_flush = True
    if rm_error is not None:
        # Upstream: flush the partial progress, then fail the sync (rate-limited requeue)
        # before the Job can be declared finished.
        if needs_flush:
            ctrl.update_job_status(ctx)
        raise rm_error
    return needs_flush


def _enact_job_finished(ctx: SyncJobCtx, now: datetime) -> bool:
    """Add the terminal condition once nothing is uncounted or terminating (enactJobFinished)."""
    fc = ctx.finished_condition
    if fc is None:
        return False
    status = ctx.job.status
    uncounted = status.uncounted_terminated_pods
    if uncounted is not None and (uncounted.succeeded or uncounted.failed):
        return False
    if ctx.terminating > 0:
        return False
    status.conditions, _ = cond.ensure_job_condition_status(
        status.conditions or [], fc.type, fc.status, fc.reason, fc.message, now
    )
    _log_condition(ctx.job, fc)
    if fc.type == JobConditionType.COMPLETE:
        status.completion_time = fc.last_transition_time
    return True


def _record_job_finished(ctrl: JobController, job: Job, fc: JobCondition) -> None:
    """Emit the finish events (``recordJobFinished``)."""
    if fc.type == JobConditionType.COMPLETE:
        completions = job.spec.completions
        if completions is not None and job.status.succeeded > completions:
            ctrl.recorder.event(
                job,
                "Warning",
                "TooManySucceededPods",
                "Too many succeeded pods running after completion count reached",
            )
        ctrl.recorder.event(job, "Normal", "Completed", "Job completed")
    else:
        ctrl.recorder.event(job, "Warning", fc.reason, fc.message)
