"""Status tracking with finalizers: counting finished pods, removing finalizers, finishing.

Owns upstream ``trackJobStatusAndRemoveFinalizers`` and what it calls:
``canRemoveFinalizer``, ``cleanUncountedPodsWithoutFinalizers``,
``flushUncountedAndRemoveFinalizers``, ``enactJobFinished`` and ``recordJobFinished``.
Called by ``sync_job`` at the end of every sync; effects go through the controller's
injected handlers (``update_job_status``, ``remove_tracking_finalizers``, the recorder).
Must not import ``sync.py`` or ``controller.py`` (only for type checking).

Source: ``pkg/controller/job/job_controller.go``.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from jobsim.api.batch_v1 import Job, JobCondition, JobConditionType, UncountedTerminatedPods
from jobsim.api.core_v1 import Pod
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job.pod_failure_policy import match_pod_failure_policy
from jobsim.controllers.job.pod_utils import (
    UNKNOWN_COMPLETION_INDEX,
    get_completion_index,
    has_job_tracking_finalizer,
    is_indexed_job,
    is_pod_failed,
)
from jobsim.controllers.job.sync_context import MAX_UNCOUNTED_PODS, SyncJobCtx
from jobsim.errors import APIError
from jobsim.logs import get_logger

if TYPE_CHECKING:
    from jobsim.controllers.job.controller import JobController, JobKey

__all__ = ["track_job_status_and_remove_finalizers"]

_SUCCEEDED = "Succeeded"
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
