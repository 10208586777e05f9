"""Invariants of the Job controller checkable from one snapshot: a Job and its pods.

Owns :func:`check_job` and the checks of the Job's own fields; the pod checks are in
``jobsim.invariants.pods`` and the :class:`Violation` record (re-exported here) in
``jobsim.invariants.violation``. Each check is numbered as in
``shared/reference/job-controller-semantics.md`` ("Invariants a simulator must hold") and
explains itself in upstream's words (apiserver status-validation messages, ``syncJob``
comments). Pure: no store, no SimPy, no clock; imports ``jobsim.api`` and the pure decision
modules of ``jobsim.controllers.job`` only.

Two strengths: the default checks hold at *every* moment (any Job the store ever holds);
``steady=True`` adds the checks that hold once the controller has caught up (no sync
pending for the Job, expectations satisfied, no pod changed since its last sync), e.g. at
the end of ``Simulation.run()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from jobsim.api.batch_v1 import (
    JOB_CONTROLLER_NAME,
    JOB_REASON_BACKOFF_LIMIT_EXCEEDED,
    JOB_REASON_DEADLINE_EXCEEDED,
    JOB_REASON_SUCCESS_POLICY,
    Job,
)
from jobsim.api.core_v1 import Pod
from jobsim.api.intervals import OrderedIntervals
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job.pod_utils import is_indexed_job
from jobsim.invariants.pods import check_indexed_pods, check_steady
from jobsim.invariants.violation import JobChecker, Violation, job_key, true_condition

__all__ = ["Violation", "check_job", "check_verdicts", "job_key", "owned_pods"]


def owned_pods(job: Job, pods: Sequence[Pod]) -> list[Pod]:
    """The pods whose controller ownerReference is this Job."""
    uid = job.metadata.uid
    out = []
    for pod in pods:
        ref = pod.metadata.controller_ref()
        if ref is not None and ref.uid == uid:
            out.append(pod)
    return out


def check_job(
    job: Job,
    pods: Sequence[Pod] = (),
    *,
    steady: bool = False,
    now: datetime | None = None,
    verdicts: bool = True,
) -> list[Violation]:
    """Return the invariants ``job`` (and its ``pods``, any superset) breaks.

    Without pods only the Job's own fields are checked; ``steady=True`` adds the checks that
    hold once the controller has caught up; ``now`` enables the deadline check (15).
    ``verdicts=False`` leaves out :func:`check_verdicts`, which judges a failure verdict by
    the *current* ``backoffLimit``/``activeDeadlineSeconds`` (both mutable): right for a
    Job as written, wrong once a user changed them afterwards.
    """
    c = JobChecker(job)
    if job.spec.managed_by not in (None, JOB_CONTROLLER_NAME):
        _check_managed_by(c)
        return c.out
    _check_counters(c)
    _check_conditions(c)
    _check_finished(c)
    _check_completion_time(c)
    _check_success(c)
    if verdicts:
        _check_verdicts(c)
    _check_indexes(c)
    mine = owned_pods(job, pods)
    check_indexed_pods(c, mine)
    if steady:
        check_steady(c, mine, now)
    return c.out


def _check_managed_by(c: JobChecker) -> None:
    """27: a Job managed by another controller is never touched by the job controller."""
    status = c.job.status
    if status.start_time is not None or status.conditions or status.active or status.succeeded:
        c.fail(
            27,
            "managed-by",
            f"spec.managedBy is {c.job.spec.managed_by!r}: the job controller skips the Job "
            "(syncJob: managedByExternalController) yet its status was written",
        )


def _check_counters(c: JobChecker) -> None:
    """6: ready <= active; counters are never negative."""
    status = c.job.status
    ready = status.ready or 0
    if ready > status.active:
        c.fail(
            6, "ready-le-active", f"status.ready {ready}: cannot set more ready pods than active"
        )
    for name in ("active", "succeeded", "failed", "ready", "terminating"):
        value = getattr(status, name)
        if value is not None and value < 0:
            c.fail(6, "non-negative", f"status.{name} {value}: must be greater than or equal to 0")


def _check_conditions(c: JobChecker) -> None:
    """7 and 8: one terminal condition, always preceded by its interim condition."""
    job = c.job
    complete, failed = true_condition(job, "Complete"), true_condition(job, "Failed")
    if complete is not None and failed is not None:
        c.fail(7, "terminal-exclusive", "cannot set Complete=True and Failed=true conditions")
    if true_condition(job, "SuccessCriteriaMet") is not None and (
        failed is not None or true_condition(job, "FailureTarget") is not None
    ):
        c.fail(
            7,
            "terminal-exclusive",
            "cannot set SuccessCriteriaMet=True and Failed=true (or FailureTarget=true) conditions",
        )
    conditions = job.status.conditions or []
    for terminal, interim in ((complete, "SuccessCriteriaMet"), (failed, "FailureTarget")):
        if terminal is None:
            continue
        position = conditions.index(terminal)
        earlier = [
            x
            for x in conditions[:position]
            if x.type == interim
            and x.status == "True"
            and (x.reason, x.message) == (terminal.reason, terminal.message)
        ]
        if not earlier:
            c.fail(
                8,
                "interim-before-terminal",
                f"cannot set {terminal.type}=True condition without the {interim}=true condition "
                "(earlier in the list, with the same reason and message)",
            )


def _check_finished(c: JobChecker) -> None:
    """9: a finished Job has no active, terminating or uncounted pods, and a startTime."""
    job = c.job
    if not job.is_finished():
        return
    status = job.status
    if status.active > 0:
        c.fail(9, "finished-quiescent", "active>0 is invalid for finished job")
    if (status.terminating or 0) > 0:
        c.fail(9, "finished-quiescent", "terminating>0 is invalid for finished job")
    uncounted = status.uncounted_terminated_pods
    if uncounted is not None and (uncounted.succeeded or uncounted.failed):
        c.fail(
            9, "finished-quiescent", "uncountedTerminatedPods needs to be empty for finished job"
        )
    # Only a Job with nothing to run finishes while suspended from creation (no startTime);
    # it may be resumed afterwards, so the current spec.suspend does not tell.
    if status.start_time is None and not job.spec.suspend and job.spec.completions != 0:
        c.fail(9, "finished-quiescent", "startTime is required for finished job")


def _check_completion_time(c: JobChecker) -> None:
    """10: completionTime is set iff Complete=True, equals its transition time, >= startTime."""
    status = c.job.status
    complete = true_condition(c.job, "Complete")
    if status.completion_time is not None and complete is None:
        c.fail(
            10,
            "completion-time",
            "cannot set completionTime when there is no Complete=True condition",
        )
    if complete is None:
        return
    if status.completion_time is None:
        c.fail(10, "completion-time", "completionTime is required for Complete jobs")
        return
    if status.start_time is not None and status.completion_time < status.start_time:
        c.fail(10, "completion-time", "completionTime cannot be set before startTime")
    if status.completion_time != complete.last_transition_time:
        c.fail(
            10,
            "completion-time",
            "completionTime must be the Complete condition's lastTransitionTime (enactJobFinished)",
        )


def _check_success(c: JobChecker) -> None:
    """11: Complete only when the completion criterion holds."""
    job = c.job
    complete = true_condition(job, "Complete")
    if complete is None:
        return
    status, completions = job.status, job.spec.completions
    if complete.reason == JOB_REASON_SUCCESS_POLICY:
        return
    if is_indexed_job(job):
        total = OrderedIntervals.parse(status.completed_indexes or "", completions or 0).total()
        if total < (completions or 0):
            c.fail(
                11,
                "success-condition",
                f"Complete=True with {total} of {completions} indexes in completedIndexes and "
                "no successPolicy match",
            )
        return
    if completions is None and status.succeeded < 1:
        c.fail(
            11,
            "success-condition",
            "Complete=True without a succeeded pod (completions unset: "
            "complete = succeeded > 0 && active == 0)",
        )
    elif completions is not None and status.succeeded < completions:
        c.fail(
            11,
            "success-condition",
            f"Complete=True with succeeded {status.succeeded} < completions {completions} "
            "(complete = succeeded >= completions && active == 0)",
        )


def check_verdicts(job: Job) -> list[Violation]:
    """13 and 15 for a Job whose FailureTarget just appeared (decided on the spec it has now).

    Not part of :func:`check_job`: ``backoffLimit`` and ``activeDeadlineSeconds`` are mutable,
    so a verdict is judged against the spec of the write that added it (``InvariantMonitor``).
    """
    c = JobChecker(job)
    _check_verdicts(c)
    return c.out


def _check_verdicts(c: JobChecker) -> None:
    """13 and 15: BackoffLimitExceeded and DeadlineExceeded only when their criterion held."""
    job = c.job
    target = true_condition(job, "FailureTarget") or true_condition(job, "Failed")
    if target is None:
        return
    if target.reason == JOB_REASON_BACKOFF_LIMIT_EXCEEDED:
        limit = cond.backoff_limit(job)
        on_failure = job.spec.template.spec.restart_policy == "OnFailure"
        uncounted = job.status.uncounted_terminated_pods
        failed = job.status.failed + len((uncounted.failed or ()) if uncounted else ())
        if failed <= limit and not on_failure:
            c.fail(
                13,
                "backoff-limit-verdict",
                f"BackoffLimitExceeded with failed {failed} <= backoffLimit {limit} "
                "(restartPolicy Never: the Job fails when failed > backoffLimit)",
            )
    if target.reason == JOB_REASON_DEADLINE_EXCEEDED:
        deadline, start = job.spec.active_deadline_seconds, job.status.start_time
        when = target.last_transition_time
        if deadline is None or start is None or when is None:
            c.fail(15, "deadline", "DeadlineExceeded without activeDeadlineSeconds and startTime")
        elif when - start < timedelta(seconds=deadline):
            c.fail(
                15,
                "deadline",
                f"DeadlineExceeded {(when - start).total_seconds():g}s after startTime, before "
                f"activeDeadlineSeconds {deadline} (pastActiveDeadline: duration >= allowed)",
            )


def _check_indexes(c: JobChecker) -> None:
    """23 and 24: canonical, disjoint index sets; failed indexes never end Complete."""
    job, status = c.job, c.job.status
    if not is_indexed_job(job):
        if status.completed_indexes:
            c.fail(
                23,
                "index-sets",
                "cannot set non-empty completedIndexes when non-indexed completion mode",
            )
        return
    completions = job.spec.completions or 0
    completed = OrderedIntervals.parse(status.completed_indexes or "", completions)
    if str(completed) != (status.completed_indexes or ""):
        c.fail(23, "index-sets", f"completedIndexes {status.completed_indexes!r} not canonical")
    if status.succeeded != completed.total() and not _elastic(job):
        c.fail(
            23,
            "index-sets",
            f"status.succeeded {status.succeeded} != {completed.total()} completed indexes",
        )
    if status.failed_indexes is None:
        return
    if job.spec.backoff_limit_per_index is None:
        c.fail(
            23, "index-sets", "cannot set non-null failedIndexes when backoffLimitPerIndex is null"
        )
    failed = OrderedIntervals.parse(status.failed_indexes, completions)
    if str(failed) != status.failed_indexes:
        c.fail(23, "index-sets", f"failedIndexes {status.failed_indexes!r} not canonical")
    overlap = [ix for ix in failed if ix in completed]
    if overlap:
        c.fail(
            23, "index-sets", f"failedIndexes and completedIndexes overlap at index: {overlap[0]}"
        )
    complete = true_condition(job, "Complete")
    # A successPolicy match comes before FailedIndexes is due (that needs every index
    # finished: failed + succeeded >= completions), so it may complete such a Job.
    if (
        failed
        and job.spec.max_failed_indexes is None
        and complete is not None
        and complete.reason != JOB_REASON_SUCCESS_POLICY
    ):
        c.fail(
            24,
            "per-index-limit",
            "a Job with failed indexes ends Failed(FailedIndexes) or Complete(SuccessPolicy), "
            "never Complete(CompletionsReached)",
        )


def _elastic(job: Job) -> bool:
    """Elastic Indexed Jobs (completions == parallelism) may scale their index range down."""
    return job.spec.completions is not None and job.spec.completions == job.spec.parallelism
