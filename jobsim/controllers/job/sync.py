"""``sync_job``: one reconcile of one Job, as upstream ``Controller.syncJob`` does it.

Owns the orchestration of a sync: read the Job and its pods, compute counters
and the finished condition (in upstream's evaluation order), delete active pods
on a verdict or call ``manage_job``, then track status with finalizers
(``trackJobStatusAndRemoveFinalizers``, in ``tracking.py``). The sync's state,
``SyncJobCtx``, is in ``sync_context.py`` (re-exported here). Decisions come from the pure
modules beside it; effects go through the controller's injected handlers
(``update_status``, pod control, event recorder).

Source: ``pkg/controller/job/job_controller.go`` (MASTER semantics, see
``shared/reference/job-controller-semantics.md`` §3).
"""

from __future__ import annotations

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
    JobConditionType,
    UncountedTerminatedPods,
)
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job import indexed
from jobsim.controllers.job.backoff import BackoffRecord, new_backoff_record
from jobsim.controllers.job.manage import delete_active_pods, manage_job
from jobsim.controllers.job.pod_failure_policy import (
    get_fail_job_message,
    non_ignored_failed_pods_count,
)
from jobsim.controllers.job.pod_utils import (
    count_ready_pods,
    count_terminating_pods,
    filter_active_pods,
    get_new_finished_pods,
    is_indexed_job,
)
from jobsim.controllers.job.success_policy import match_success_policy
from jobsim.controllers.job.sync_context import MAX_UNCOUNTED_PODS, SyncJobCtx
from jobsim.controllers.job.tracking import track_job_status_and_remove_finalizers
from jobsim.logs import get_logger

if TYPE_CHECKING:
    from jobsim.controllers.job.controller import JobController, JobKey

__all__ = ["MAX_UNCOUNTED_PODS", "SyncJobCtx", "sync_job"]

_log = get_logger("jobsim.controller.job")


def _private_copy(job: Job) -> Job:
    """Copy what a sync mutates (status), sharing the rest read-only (upstream ``DeepCopy``)."""
    return job.model_copy(update={"status": job.status.deep_copy()})


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
