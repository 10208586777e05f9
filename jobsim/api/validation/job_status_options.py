"""Options of Job status validation and how the status strategy chooses them.

Owns ``JobStatusValidationOptions`` (``pkg/apis/batch/validation/validation.go``), the
condition helpers (``IsConditionTrue``, ``IsJobComplete``, ...), and the status strategy's
``getStatusValidationOptions`` (``pkg/registry/batch/job/strategy.go``) with ``JobManagedBy``
enabled (GA): most rules apply only when the fields they concern changed, so a controller can
still write unrelated fields of a Job whose status is already off.

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.api.validation.equality import semantic_deep_equal

__all__ = [
    "JobStatusValidationOptions",
    "is_complete",
    "is_condition_true",
    "is_failed",
    "is_failure_target",
    "is_finished",
    "is_success_criteria_met",
    "status_validation_options",
]


@dataclass(frozen=True)
class JobStatusValidationOptions:
    """``JobStatusValidationOptions``: which optional status rules apply."""

    reject_decreasing_succeeded_counter: bool = False
    reject_decreasing_failed_counter: bool = False
    reject_disabling_terminal_condition: bool = False
    reject_invalid_completed_indexes: bool = False
    reject_invalid_failed_indexes: bool = False
    reject_failed_indexes_overlapping_completed: bool = False
    reject_completed_indexes_for_non_indexed_job: bool = False
    reject_failed_indexes_for_no_backoff_limit_per_index: bool = False
    reject_failed_job_without_failure_target: bool = False
    reject_complete_job_without_success_criteria_met: bool = False
    reject_finished_job_with_active_pods: bool = False
    reject_finished_job_without_start_time: bool = False
    reject_finished_job_with_uncounted_terminated_pods: bool = False
    reject_start_time_update_for_unsuspended_job: bool = False
    reject_completion_time_before_start_time: bool = False
    reject_mutating_completion_time: bool = False
    reject_complete_job_without_completion_time: bool = False
    reject_not_complete_job_with_completion_time: bool = False
    reject_complete_job_with_failed_condition: bool = False
    reject_complete_job_with_failure_target_condition: bool = False
    allow_for_success_criteria_met_in_extended_scope: bool = False
    reject_more_ready_than_active_pods: bool = False
    reject_finished_job_with_terminating_pods: bool = False


def is_condition_true(conditions: list[JobCondition] | None, condition_type: str) -> bool:
    """``IsConditionTrue``: a condition of that type with status ``True`` exists."""
    return any(c.type == condition_type and c.status == "True" for c in conditions or ())


def is_complete(job: Job) -> bool:
    """``IsJobComplete``: ``Complete=True``."""
    return is_condition_true(job.status.conditions, "Complete")


def is_failed(job: Job) -> bool:
    """``IsJobFailed``: ``Failed=True``."""
    return is_condition_true(job.status.conditions, "Failed")


def is_failure_target(job: Job) -> bool:
    """``isJobFailureTarget``: ``FailureTarget=True``."""
    return is_condition_true(job.status.conditions, "FailureTarget")


def is_success_criteria_met(job: Job) -> bool:
    """``isJobSuccessCriteriaMet``: ``SuccessCriteriaMet=True``."""
    return is_condition_true(job.status.conditions, "SuccessCriteriaMet")


def is_finished(job: Job) -> bool:
    """``IsJobFinished``: ``Complete=True`` or ``Failed=True``."""
    return is_complete(job) or is_failed(job)


def status_validation_options(new: Job, old: Job) -> JobStatusValidationOptions:
    """``getStatusValidationOptions`` with ``JobManagedBy`` enabled (current upstream)."""
    is_indexed = new.spec.completion_mode == "Indexed"
    new_s, old_s = new.status, old.status
    finished_changed = is_finished(old) != is_finished(new)
    complete_changed = is_complete(old) != is_complete(new)
    failed_changed = is_failed(old) != is_failed(new)
    failure_target_changed = is_failure_target(old) != is_failure_target(new)
    completed_indexes_changed = old_s.completed_indexes != new_s.completed_indexes
    failed_indexes_changed = old_s.failed_indexes != new_s.failed_indexes
    active_changed = old_s.active != new_s.active
    start_time_changed = old_s.start_time != new_s.start_time
    completion_time_changed = old_s.completion_time != new_s.completion_time
    uncounted_changed = not semantic_deep_equal(
        old_s.uncounted_terminated_pods, new_s.uncounted_terminated_pods
    )
    return JobStatusValidationOptions(
        # Elastic Indexed Jobs (completions == parallelism) may be scaled down.
        reject_decreasing_succeeded_counter=not is_indexed
        or new.spec.completions != new.spec.parallelism,
        reject_decreasing_failed_counter=True,
        reject_disabling_terminal_condition=True,
        reject_invalid_completed_indexes=completed_indexes_changed,
        reject_invalid_failed_indexes=failed_indexes_changed,
        reject_completed_indexes_for_non_indexed_job=completed_indexes_changed,
        reject_failed_indexes_for_no_backoff_limit_per_index=failed_indexes_changed,
        reject_failed_indexes_overlapping_completed=failed_indexes_changed
        or completed_indexes_changed,
        reject_finished_job_with_active_pods=finished_changed or active_changed,
        # A suspended Job (e.g. completions 0, created suspended) may finish without a
        # startTime: kubernetes#132614 relaxed this check (fixing the 1.32 regression #132144).
        reject_finished_job_without_start_time=(finished_changed or start_time_changed)
        and not new.spec.suspend,
        reject_finished_job_with_uncounted_terminated_pods=finished_changed or uncounted_changed,
        reject_start_time_update_for_unsuspended_job=start_time_changed,
        reject_completion_time_before_start_time=start_time_changed or completion_time_changed,
        reject_mutating_completion_time=True,
        reject_not_complete_job_with_completion_time=complete_changed or completion_time_changed,
        reject_complete_job_without_completion_time=complete_changed or completion_time_changed,
        reject_complete_job_with_failed_condition=complete_changed or failed_changed,
        reject_complete_job_with_failure_target_condition=complete_changed
        or failure_target_changed,
        allow_for_success_criteria_met_in_extended_scope=True,
    )
