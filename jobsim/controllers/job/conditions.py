"""Job conditions and the time- and restart-based failure verdicts of the Job controller.

Owns: building and updating ``status.conditions`` exactly as upstream ``newCondition`` and
``ensureJobConditionStatus`` do, reading them (``FinishedCondition``, ``IsJobFinished``,
``findConditionByType``), the reason/message constants of every condition the controller writes,
and the verdicts ``pastActiveDeadline``, ``pastBackoffLimitOnFailure`` and ``jobSuspended``
(``pkg/controller/job/job_controller.go``, ``success_policy.go``, ``util/utils.go``).

Pure functions over values: ``now`` is always an argument. Must not import the store, simpy,
logging, or any other part of ``jobsim.controllers``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Final, overload

from jobsim.api.batch_v1 import (
    JOB_REASON_BACKOFF_LIMIT_EXCEEDED,
    JOB_REASON_COMPLETIONS_REACHED,
    JOB_REASON_DEADLINE_EXCEEDED,
    JOB_REASON_FAILED_INDEXES,
    JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED,
    JOB_REASON_POD_FAILURE_POLICY,
    JOB_REASON_SUCCESS_POLICY,
    Job,
    JobCondition,
    JobConditionType,
)
from jobsim.api.core_v1 import ConditionStatus, Pod, PodPhase, RestartPolicy

__all__ = [
    "CONDITION_FALSE",
    "CONDITION_TRUE",
    "CONDITION_UNKNOWN",
    "JOB_COMPLETE",
    "JOB_FAILED",
    "JOB_FAILURE_TARGET",
    "JOB_SUCCESS_CRITERIA_MET",
    "JOB_SUSPENDED",
    "MESSAGE_BACKOFF_LIMIT_EXCEEDED",
    "MESSAGE_COMPLETIONS_REACHED",
    "MESSAGE_DEADLINE_EXCEEDED",
    "MESSAGE_FAILED_INDEXES",
    "MESSAGE_JOB_RESUMED",
    "MESSAGE_JOB_SUSPENDED",
    "MESSAGE_MATCHED_RULES_AT_INDEX",
    "MESSAGE_MAX_FAILED_INDEXES_EXCEEDED",
    "REASON_BACKOFF_LIMIT_EXCEEDED",
    "REASON_COMPLETIONS_REACHED",
    "REASON_DEADLINE_EXCEEDED",
    "REASON_FAILED_INDEXES",
    "REASON_JOB_RESUMED",
    "REASON_JOB_SUSPENDED",
    "REASON_MAX_FAILED_INDEXES_EXCEEDED",
    "REASON_POD_FAILURE_POLICY",
    "REASON_SUCCESS_POLICY",
    "active_deadline_requeue",
    "backoff_limit",
    "ensure_job_condition_status",
    "find_condition_by_type",
    "finished_condition",
    "has_success_criteria_met_condition",
    "is_condition_true",
    "is_job_finished",
    "is_job_succeeded",
    "is_success_criteria_met_condition",
    "job_suspended",
    "new_condition",
    "new_failed_condition_for_failure_target",
    "new_failure_condition",
    "new_success_condition",
    "past_active_deadline",
    "past_backoff_limit_on_failure",
]

# Condition types and statuses as plain ``str`` (the model fields are ``str``).
JOB_SUSPENDED: Final[str] = JobConditionType.SUSPENDED.value
JOB_COMPLETE: Final[str] = JobConditionType.COMPLETE.value
JOB_FAILED: Final[str] = JobConditionType.FAILED.value
JOB_FAILURE_TARGET: Final[str] = JobConditionType.FAILURE_TARGET.value
JOB_SUCCESS_CRITERIA_MET: Final[str] = JobConditionType.SUCCESS_CRITERIA_MET.value
CONDITION_TRUE: Final[str] = ConditionStatus.TRUE.value
CONDITION_FALSE: Final[str] = ConditionStatus.FALSE.value
CONDITION_UNKNOWN: Final[str] = ConditionStatus.UNKNOWN.value

# Reasons: batch/v1 ``JobReason*`` constants; the suspend ones are literals in ``syncJob``.
REASON_POD_FAILURE_POLICY: Final = JOB_REASON_POD_FAILURE_POLICY
REASON_BACKOFF_LIMIT_EXCEEDED: Final = JOB_REASON_BACKOFF_LIMIT_EXCEEDED
REASON_DEADLINE_EXCEEDED: Final = JOB_REASON_DEADLINE_EXCEEDED
REASON_MAX_FAILED_INDEXES_EXCEEDED: Final = JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED
REASON_FAILED_INDEXES: Final = JOB_REASON_FAILED_INDEXES
REASON_SUCCESS_POLICY: Final = JOB_REASON_SUCCESS_POLICY
REASON_COMPLETIONS_REACHED: Final = JOB_REASON_COMPLETIONS_REACHED
REASON_JOB_SUSPENDED: Final = "JobSuspended"
REASON_JOB_RESUMED: Final = "JobResumed"

# Messages, verbatim from ``job_controller.go`` / ``success_policy.go``.
MESSAGE_BACKOFF_LIMIT_EXCEEDED: Final = "Job has reached the specified backoff limit"
MESSAGE_DEADLINE_EXCEEDED: Final = "Job was active longer than specified deadline"
MESSAGE_MAX_FAILED_INDEXES_EXCEEDED: Final = (
    "Job has exceeded the specified maximal number of failed indexes"
)
MESSAGE_FAILED_INDEXES: Final = "Job has failed indexes"
MESSAGE_COMPLETIONS_REACHED: Final = "Reached expected number of succeeded pods"
MESSAGE_MATCHED_RULES_AT_INDEX: Final = "Matched rules at index %d"
MESSAGE_JOB_SUSPENDED: Final = "Job suspended"
MESSAGE_JOB_RESUMED: Final = "Job resumed"

_DEFAULT_BACKOFF_LIMIT: Final = 6
_MAX_INT32: Final = 2**31 - 1


def new_condition(
    condition_type: str, status: str, reason: str, message: str, now: datetime
) -> JobCondition:
    """Return a condition with ``lastProbeTime == lastTransitionTime == now`` (``newCondition``).

    An empty reason or message is omitted on the wire (Go ``omitempty``).
    """
    return JobCondition(
        type=condition_type,
        status=status,
        last_probe_time=now,
        last_transition_time=now,
        reason=reason,
        message=message,
    )


def find_condition_by_type(
    conditions: Iterable[JobCondition] | None, condition_type: str
) -> JobCondition | None:
    """Return the first condition of ``condition_type``, or ``None`` (``findConditionByType``)."""
    for condition in conditions or ():
        if condition.type == condition_type:
            return condition
    return None


def is_condition_true(conditions: Iterable[JobCondition] | None, condition_type: str) -> bool:
    """Tell whether the first condition of ``condition_type`` has status ``True``."""
    condition = find_condition_by_type(conditions, condition_type)
    return condition is not None and condition.status == CONDITION_TRUE


@overload
def ensure_job_condition_status(
    conditions: list[JobCondition],
    condition_type: str,
    status: str,
    reason: str,
    message: str,
    now: datetime,
) -> tuple[list[JobCondition], bool]: ...


@overload
def ensure_job_condition_status(
    conditions: list[JobCondition] | None,
    condition_type: str,
    status: str,
    reason: str,
    message: str,
    now: datetime,
) -> tuple[list[JobCondition] | None, bool]: ...


def ensure_job_condition_status(  # noqa: PLR0917 - upstream positional signature
    conditions: list[JobCondition] | None,
    condition_type: str,
    status: str,
    reason: str,
    message: str,
    now: datetime,
) -> tuple[list[JobCondition] | None, bool]:
    """Set a condition of ``condition_type``; return the list and whether it changed.

    Upstream ``ensureJobConditionStatus``: an existing condition of that type whose status,
    reason or message differ is replaced at the same position by a fresh one (new timestamps);
    an absent one is appended unless ``status`` is ``False`` (going from nothing to False is
    meaningless). The input list is never mutated: a change returns a new list, no change returns
    the input itself (``None`` stays ``None``).
    """
    for position, condition in enumerate(conditions or ()):
        if condition.type != condition_type:
            continue
        if condition.status != status or condition.reason != reason or condition.message != message:
            updated = list(conditions or ())
            updated[position] = new_condition(condition_type, status, reason, message, now)
            return updated, True
        return conditions, False
    if status != CONDITION_FALSE:
        return [
            *(conditions or ()),
            new_condition(condition_type, status, reason, message, now),
        ], True
    return conditions, False


def _conditions(job: Job) -> list[JobCondition]:
    return job.status.conditions or []


def finished_condition(job: Job) -> str | None:
    """Return ``Complete`` or ``Failed`` if true, else ``None`` (``FinishedCondition``)."""
    for condition in _conditions(job):
        if condition.type in (JOB_COMPLETE, JOB_FAILED) and condition.status == CONDITION_TRUE:
            return condition.type
    return None


def is_job_finished(job: Job) -> bool:
    """Tell whether the job has a True ``Complete`` or ``Failed`` condition (``IsJobFinished``)."""
    return finished_condition(job) is not None


def is_job_succeeded(job: Job) -> bool:
    """Tell whether the job has a True ``Complete`` condition (``IsJobSucceeded``)."""
    return any(c.type == JOB_COMPLETE and c.status == CONDITION_TRUE for c in _conditions(job))


def has_success_criteria_met_condition(job: Job) -> JobCondition | None:
    """Return the True ``SuccessCriteriaMet`` condition (``hasSuccessCriteriaMetCondition``)."""
    condition = find_condition_by_type(_conditions(job), JOB_SUCCESS_CRITERIA_MET)
    if condition is not None and condition.status == CONDITION_TRUE:
        return condition
    return None


def is_success_criteria_met_condition(condition: JobCondition | None) -> bool:
    """Tell whether it is a True ``SuccessCriteriaMet`` (``isSuccessCriteriaMetCondition``)."""
    return (
        condition is not None
        and condition.type == JOB_SUCCESS_CRITERIA_MET
        and condition.status == CONDITION_TRUE
    )


def new_failure_condition(reason: str, message: str, now: datetime) -> JobCondition:
    """Return the interim ``FailureTarget=True`` condition (``newFailureCondition``)."""
    return new_condition(JOB_FAILURE_TARGET, CONDITION_TRUE, reason, message, now)


def new_success_condition(now: datetime) -> JobCondition:
    """Return ``SuccessCriteriaMet=True`` for reached completions (``newSuccessCondition``)."""
    return new_condition(
        JOB_SUCCESS_CRITERIA_MET,
        CONDITION_TRUE,
        REASON_COMPLETIONS_REACHED,
        MESSAGE_COMPLETIONS_REACHED,
        now,
    )


def new_failed_condition_for_failure_target(condition: JobCondition, now: datetime) -> JobCondition:
    """Return ``Failed=True`` with the reason and message of a FailureTarget condition."""
    return new_condition(JOB_FAILED, CONDITION_TRUE, condition.reason, condition.message, now)


def job_suspended(job: Job) -> bool:
    """Tell whether ``spec.suspend`` is true (``jobSuspended``)."""
    return job.spec.suspend is True


def backoff_limit(job: Job) -> int:
    """Return ``spec.backoffLimit``, or its default: 6, or MaxInt32 with backoffLimitPerIndex."""
    spec = job.spec
    if spec.backoff_limit is not None:
        return spec.backoff_limit
    if spec.backoff_limit_per_index is not None:
        return _MAX_INT32
    return _DEFAULT_BACKOFF_LIMIT


def past_backoff_limit_on_failure(job: Job, pods: Sequence[Pod]) -> bool:
    """Tell whether container restarts of Running/Pending pods reach backoffLimit (OnFailure only).

    Upstream ``pastBackoffLimitOnFailure``: the restart counts of init and regular containers of
    pods in phase Running or Pending are summed; the verdict is ``sum >= backoffLimit``, or
    ``sum > 0`` when backoffLimit is 0. Other restart policies never match.
    """
    if job.spec.template.spec.restart_policy != RestartPolicy.ON_FAILURE:
        return False
    restarts = 0
    for pod in pods:
        status = pod.status
        if status.phase not in (PodPhase.RUNNING, PodPhase.PENDING):
            continue
        for container_status in (status.init_container_statuses or []) + (
            status.container_statuses or []
        ):
            restarts += container_status.restart_count
    limit = backoff_limit(job)
    if limit == 0:
        return restarts > 0
    return restarts >= limit


def _elapsed_since_start(job: Job, now: datetime) -> timedelta | None:
    start_time = job.status.start_time
    if start_time is None:
        return None
    return now - start_time


def past_active_deadline(job: Job, now: datetime) -> bool:
    """Tell whether ``now - startTime >= activeDeadlineSeconds`` (never while suspended)."""
    deadline = job.spec.active_deadline_seconds
    if deadline is None or job_suspended(job):
        return False
    elapsed = _elapsed_since_start(job, now)
    return elapsed is not None and elapsed >= timedelta(seconds=deadline)


def active_deadline_requeue(job: Job, now: datetime) -> float | None:
    """Return the seconds until the active deadline, or ``None`` when no deadline timer applies.

    This is the ``AddAfter(ADS - (now - startTime))`` of ``syncJob``: ``None`` when
    ``activeDeadlineSeconds`` or ``startTime`` is unset or the job is suspended; ``0.0`` once the
    deadline has passed (callers check ``past_active_deadline`` first, as upstream does).
    """
    deadline = job.spec.active_deadline_seconds
    if deadline is None or job_suspended(job):
        return None
    elapsed = _elapsed_since_start(job, now)
    if elapsed is None:
        return None
    return max((timedelta(seconds=deadline) - elapsed).total_seconds(), 0.0)
