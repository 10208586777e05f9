"""Job status-update validation, as the Job status strategy runs it.

Owns upstream ``validateJobStatus``, ``ValidateJobStatusUpdate`` and ``ValidateJobUpdateStatus``
(``pkg/apis/batch/validation/validation.go``); which optional rules apply is chosen by
``job_status_options.status_validation_options`` (the strategy, with ``JobManagedBy`` GA).

``RejectStartTimeUpdateForUnsuspendedJob`` includes the fix of kubernetes PR #134769
(1.35, backported to 1.32-1.34): a Job being resumed (old status ``Suspended=True``) may get a
new ``startTime``. The exact shape of that fix is inferred from its release note. Its error is
current master's ``status.startTime: Invalid value: <new>: field is immutable for unsuspended
job once set`` (upstream replaced the older ``Required value: startTime cannot be removed for
unsuspended job``; ``TestValidateJobUpdateStatus`` "immutable startTime for unsuspended job").

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from jobsim.api import naming
from jobsim.api.batch_v1 import Job
from jobsim.api.field import OMIT_VALUE, FieldError, Path, duplicate, invalid, required
from jobsim.api.intervals import (
    IndexesFormatError,
    validate_failed_indexes_not_overlap_completed,
    validate_indexes_format,
)
from jobsim.api.validation.internal import uncounted_terminated_pods_value
from jobsim.api.validation.job_status_options import (
    JobStatusValidationOptions,
    is_complete,
    is_condition_true,
    is_failed,
    is_failure_target,
    is_finished,
    is_success_criteria_met,
    status_validation_options,
)
from jobsim.api.validation.meta import validate_nonnegative_field

__all__ = ["validate_job_status", "validate_job_status_update"]


def _validate_uncounted(job: Job, path: Path) -> list[FieldError]:
    uncounted = job.status.uncounted_terminated_pods
    if uncounted is None:
        return []
    errs: list[FieldError] = []
    seen: set[str] = set()
    for name, uids in (("succeeded", uncounted.succeeded), ("failed", uncounted.failed)):
        for i, uid in enumerate(uids or ()):
            item = path.child(name).index(i)
            if uid == "":
                errs.append(invalid(item, uid, "must not be empty"))
            elif uid in seen:
                errs.append(duplicate(item, uid))
            else:
                seen.add(uid)
    return errs


def _conditions_error(path: Path, detail: str) -> FieldError:
    return invalid(path.child("conditions"), OMIT_VALUE, detail)


def validate_job_status(job: Job, path: Path, opts: JobStatusValidationOptions) -> list[FieldError]:
    """``validateJobStatus``: counters, uncounted pods, and the option-gated consistency rules."""
    status, spec = job.status, job.spec
    errs = validate_nonnegative_field(status.active, path.child("active"))
    errs.extend(validate_nonnegative_field(status.succeeded, path.child("succeeded")))
    errs.extend(validate_nonnegative_field(status.failed, path.child("failed")))
    if status.ready is not None:
        errs.extend(validate_nonnegative_field(status.ready, path.child("ready")))
    if status.terminating is not None:
        errs.extend(validate_nonnegative_field(status.terminating, path.child("terminating")))
    errs.extend(_validate_uncounted(job, path.child("uncountedTerminatedPods")))
    complete, failed, finished = is_complete(job), is_failed(job), is_finished(job)
    if opts.reject_complete_job_with_failed_condition and complete and failed:
        errs.append(_conditions_error(path, "cannot set Complete=True and Failed=true conditions"))
    if (
        opts.reject_complete_job_with_failure_target_condition
        and complete
        and is_failure_target(job)
    ):
        errs.append(
            _conditions_error(path, "cannot set Complete=True and FailureTarget=true conditions")
        )
    completion, start = status.completion_time, status.start_time
    if (
        opts.reject_not_complete_job_with_completion_time
        and completion is not None
        and not complete
    ):
        errs.append(
            invalid(
                path.child("completionTime"),
                completion,
                "cannot set completionTime when there is no Complete=True condition",
            )
        )
    if opts.reject_complete_job_without_completion_time and completion is None and complete:
        errs.append(
            required(path.child("completionTime"), "completionTime is required for Complete jobs")
        )
    if (
        opts.reject_completion_time_before_start_time
        and start is not None
        and completion is not None
        and completion < start
    ):
        errs.append(
            invalid(
                path.child("completionTime"),
                completion,
                "completionTime cannot be set before startTime",
            )
        )
    if opts.reject_failed_job_without_failure_target and failed and not is_failure_target(job):
        errs.append(
            _conditions_error(
                path, "cannot set Failed=True condition without the FailureTarget=true condition"
            )
        )
    if (
        opts.reject_complete_job_without_success_criteria_met
        and complete
        and not is_success_criteria_met(job)
    ):
        errs.append(
            _conditions_error(
                path,
                "cannot set Complete=True condition without the SuccessCriteriaMet=true condition",
            )
        )
    if opts.reject_finished_job_with_active_pods and status.active > 0 and finished:
        errs.append(
            invalid(path.child("active"), status.active, "active>0 is invalid for finished job")
        )
    if opts.reject_finished_job_without_start_time and start is None and finished:
        errs.append(required(path.child("startTime"), "startTime is required for finished job"))
    uncounted = status.uncounted_terminated_pods
    if (
        opts.reject_finished_job_with_uncounted_terminated_pods
        and finished
        and uncounted is not None
        and len(uncounted.failed or ()) + len(uncounted.succeeded or ()) > 0
    ):
        errs.append(
            invalid(
                path.child("uncountedTerminatedPods"),
                uncounted_terminated_pods_value(uncounted),
                "uncountedTerminatedPods needs to be empty for finished job",
            )
        )
    errs.extend(_validate_indexes(job, path, opts))
    if (
        opts.reject_finished_job_with_terminating_pods
        and status.terminating is not None
        and status.terminating > 0
        and finished
    ):
        errs.append(
            invalid(
                path.child("terminating"),
                status.terminating,
                "terminating>0 is invalid for finished job",
            )
        )
    if (
        opts.reject_more_ready_than_active_pods
        and status.ready is not None
        and status.ready > status.active
    ):
        errs.append(
            invalid(path.child("ready"), status.ready, "cannot set more ready pods than active")
        )
    met = is_success_criteria_met(job)
    extended = opts.allow_for_success_criteria_met_in_extended_scope
    if not extended and spec.completion_mode != "Indexed" and met:
        errs.append(_conditions_error(path, "cannot set SuccessCriteriaMet to NonIndexed Job"))
    if met and failed:
        errs.append(
            _conditions_error(path, "cannot set SuccessCriteriaMet=True and Failed=true conditions")
        )
    if met and is_failure_target(job):
        errs.append(
            _conditions_error(
                path, "cannot set SuccessCriteriaMet=True and FailureTarget=true conditions"
            )
        )
    if not extended and spec.success_policy is None and met:
        errs.append(
            _conditions_error(
                path, "cannot set SuccessCriteriaMet=True for Job without SuccessPolicy"
            )
        )
    if spec.success_policy is not None and not met and complete:
        errs.append(
            _conditions_error(
                path,
                "cannot set Complete=True for Job with SuccessPolicy unless "
                "SuccessCriteriaMet=True",
            )
        )
    return errs


def _validate_indexes(job: Job, path: Path, opts: JobStatusValidationOptions) -> list[FieldError]:
    """The completedIndexes / failedIndexes rules of ``validateJobStatus``."""
    status, spec = job.status, job.spec
    errs: list[FieldError] = []
    completions = spec.completions
    if opts.reject_invalid_completed_indexes and completions is not None:
        try:
            validate_indexes_format(status.completed_indexes, completions)
        except IndexesFormatError as err:
            errs.append(
                invalid(
                    path.child("completedIndexes"),
                    status.completed_indexes,
                    f"error parsing completedIndexes: {err}",
                )
            )
    failed_indexes = status.failed_indexes
    if (
        opts.reject_invalid_failed_indexes
        and completions is not None
        and spec.backoff_limit_per_index is not None
        and failed_indexes is not None
    ):
        try:
            validate_indexes_format(failed_indexes, completions)
        except IndexesFormatError as err:
            errs.append(
                invalid(
                    path.child("failedIndexes"),
                    failed_indexes,
                    f"error parsing failedIndexes: {err}",
                )
            )
    if (
        opts.reject_completed_indexes_for_non_indexed_job
        and status.completed_indexes
        and spec.completion_mode != "Indexed"
    ):
        errs.append(
            invalid(
                path.child("completedIndexes"),
                status.completed_indexes,
                "cannot set non-empty completedIndexes when non-indexed completion mode",
            )
        )
    if (
        opts.reject_failed_indexes_for_no_backoff_limit_per_index
        and spec.backoff_limit_per_index is None
        and failed_indexes is not None
    ):
        errs.append(
            invalid(
                path.child("failedIndexes"),
                failed_indexes,
                "cannot set non-null failedIndexes when backoffLimitPerIndex is null",
            )
        )
    if (
        opts.reject_failed_indexes_overlapping_completed
        and completions is not None
        and failed_indexes is not None
    ):
        overlap = validate_failed_indexes_not_overlap_completed(
            status.completed_indexes, failed_indexes, completions
        )
        if overlap is not None:
            errs.append(invalid(path.child("failedIndexes"), failed_indexes, overlap))
    return errs


def validate_job_status_update(
    new: Job, old: Job, *, opts: JobStatusValidationOptions | None = None
) -> list[FieldError]:
    """The status strategy's ``ValidateUpdate``: metadata update rules, then the status rules."""
    opts = opts if opts is not None else status_validation_options(new, old)
    status_path = Path("status")
    errs = list(naming.validate_object_meta_update(new.metadata, old.metadata, Path("metadata")))
    errs.extend(validate_job_status(new, status_path, opts))
    if opts.reject_disabling_terminal_condition:
        for ctype in ("Failed", "Complete", "FailureTarget"):
            if is_condition_true(old.status.conditions, ctype) and not is_condition_true(
                new.status.conditions, ctype
            ):
                errs.append(
                    _conditions_error(
                        status_path, f"cannot disable the terminal {ctype}=True condition"
                    )
                )
    new_s, old_s = new.status, old.status
    if opts.reject_decreasing_failed_counter and new_s.failed < old_s.failed:
        errs.append(
            invalid(status_path.child("failed"), new_s.failed, "cannot decrease the failed counter")
        )
    if opts.reject_decreasing_succeeded_counter and new_s.succeeded < old_s.succeeded:
        errs.append(
            invalid(
                status_path.child("succeeded"),
                new_s.succeeded,
                "cannot decrease the succeeded counter",
            )
        )
    if (
        opts.reject_mutating_completion_time
        and new_s.completion_time is not None
        and old_s.completion_time is not None
        and new_s.completion_time != old_s.completion_time
    ):
        errs.append(
            invalid(
                status_path.child("completionTime"),
                new_s.completion_time,
                "completionTime cannot be mutated",
            )
        )
    if (
        opts.reject_start_time_update_for_unsuspended_job
        and old_s.start_time is not None
        and old_s.start_time != new_s.start_time
        and not new.spec.suspend
        and not is_condition_true(old_s.conditions, "Suspended")
    ):
        errs.append(
            invalid(
                status_path.child("startTime"),
                new_s.start_time,
                "field is immutable for unsuspended job once set",
            )
        )
    if is_success_criteria_met(old) and not is_success_criteria_met(new):
        errs.append(
            _conditions_error(status_path, "cannot disable the SuccessCriteriaMet=True condition")
        )
    if is_complete(old) and not is_success_criteria_met(old) and is_success_criteria_met(new):
        errs.append(
            _conditions_error(
                status_path,
                "cannot set SuccessCriteriaMet=True for Job already has Complete=true conditions",
            )
        )
    return errs
