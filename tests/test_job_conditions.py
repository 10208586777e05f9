"""We test these aspects: building and updating Job conditions, reading the finished state,
and the deadline and OnFailure-restart verdicts of ``jobsim.controllers.job.conditions``.

Expected values come from upstream ``pkg/controller/job/job_controller.go`` and its tests in
``job_controller_test.go`` (``TestEnsureJobConditions``, ``TestJobBackoffForOnFailure``,
``TestPastDeadlineJobFinished``).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from job_builders import T0, at, make_job, make_pod, running

from jobsim.api.batch_v1 import JobCondition
from jobsim.controllers.job import conditions as c


def _cond(ctype: str, status: str, reason: str = "", message: str = "") -> JobCondition:
    return c.new_condition(ctype, status, reason, message, T0)


def test_new_condition_sets_both_timestamps_and_omits_empty_reason_on_the_wire() -> None:
    """A new condition has lastProbeTime == lastTransitionTime == now; empty reason is omitted."""
    cond = c.new_condition("Suspended", "True", "", "", at(5))
    assert cond.last_probe_time == cond.last_transition_time == at(5)
    assert cond.to_dict() == {
        "type": "Suspended",
        "status": "True",
        "lastProbeTime": "2009-11-10T23:00:05Z",
        "lastTransitionTime": "2009-11-10T23:00:05Z",
    }


# job_controller_test.go TestEnsureJobConditions, case names verbatim.
@pytest.mark.parametrize(
    ("have", "status", "reason", "want", "want_update"),
    [
        ([], "True", "foo", [("Suspended", "True", "foo")], True),
        ([], "False", "foo", [], False),
        ([("Suspended", "True", "foo")], "True", "bar", [("Suspended", "True", "bar")], True),
        ([("Suspended", "True", "foo")], "False", "foo", [("Suspended", "False", "foo")], True),
        ([("Suspended", "False", "foo")], "True", "foo", [("Suspended", "True", "foo")], True),
        ([("Suspended", "True", "foo")], "True", "foo", [("Suspended", "True", "foo")], False),
    ],
    ids=[
        "append true condition",
        "append false condition",
        "update true condition reason",
        "update true condition status",
        "update false condition status",
        "condition already exists",
    ],
)
def test_ensure_job_condition_status_matches_upstream_table(
    have: list[tuple[str, str, str]],
    status: str,
    reason: str,
    want: list[tuple[str, str, str]],
    want_update: bool,
) -> None:
    """ensureJobConditionStatus appends, replaces or leaves the Suspended condition as upstream."""
    got, updated = c.ensure_job_condition_status(
        [_cond(*h) for h in have], "Suspended", status, reason, "", at(10)
    )
    assert updated is want_update
    assert [(g.type, g.status, g.reason) for g in got] == want


def test_ensure_job_condition_status_replaces_in_place_with_new_timestamps() -> None:
    """A changed condition keeps its list position and gets fresh timestamps; input is untouched."""
    original = [
        _cond("Suspended", "True", "JobSuspended", "Job suspended"),
        _cond("Failed", "False"),
    ]
    got, updated = c.ensure_job_condition_status(
        original, "Suspended", "False", "JobResumed", "Job resumed", at(30)
    )
    assert updated
    assert [g.type for g in got] == ["Suspended", "Failed"]
    assert (got[0].status, got[0].reason, got[0].message) == ("False", "JobResumed", "Job resumed")
    assert got[0].last_transition_time == got[0].last_probe_time == at(30)
    assert original[0].status == "True"  # the input list and its conditions are not mutated


def test_ensure_job_condition_status_unchanged_returns_the_input_object() -> None:
    """No change returns the very same list (and None stays None for a False condition)."""
    conds = [_cond("Complete", "True", "CompletionsReached", "m")]
    got, updated = c.ensure_job_condition_status(
        conds, "Complete", "True", "CompletionsReached", "m", at(9)
    )
    assert got is conds and not updated
    assert c.ensure_job_condition_status(None, "Suspended", "False", "r", "m", T0) == (None, False)


@given(
    have=st.lists(
        st.tuples(
            st.sampled_from(["Suspended", "Complete", "Failed", "FailureTarget"]),
            st.sampled_from(["True", "False", "Unknown"]),
            st.sampled_from(["", "a", "b"]),
        ),
        max_size=4,
        unique_by=lambda t: t[0],
    ),
    ctype=st.sampled_from(["Suspended", "Complete", "Failed", "FailureTarget"]),
    status=st.sampled_from(["True", "False", "Unknown"]),
    reason=st.sampled_from(["", "a", "b"]),
)
def test_ensure_job_condition_status_is_idempotent(
    have: list[tuple[str, str, str]], ctype: str, status: str, reason: str
) -> None:
    """Applying the same ensure twice changes nothing the second time, at any later time."""
    once, _ = c.ensure_job_condition_status(
        [_cond(*h) for h in have], ctype, status, reason, "m", T0
    )
    twice, changed = c.ensure_job_condition_status(once, ctype, status, reason, "m", at(60))
    assert not changed
    assert twice is once
    assert len(once) in (len(have), len(have) + 1)


@pytest.mark.parametrize(
    ("conditions", "want"),
    [
        (None, None),
        ([("FailureTarget", "True", "DeadlineExceeded")], None),
        ([("Complete", "False", "")], None),
        ([("SuccessCriteriaMet", "True", "x"), ("Complete", "True", "x")], "Complete"),
        ([("FailureTarget", "True", "x"), ("Failed", "True", "x")], "Failed"),
    ],
    ids=["no conditions", "interim only", "complete false", "complete", "failed"],
)
def test_finished_condition_reads_only_true_complete_or_failed(
    conditions: list[tuple[str, str, str]] | None, want: str | None
) -> None:
    """FinishedCondition/IsJobFinished look only at Complete or Failed with status True."""
    job = make_job(conditions=[_cond(*x) for x in conditions] if conditions else None)
    assert c.finished_condition(job) == want
    assert c.is_job_finished(job) is (want is not None)
    assert c.is_job_succeeded(job) is (want == "Complete")


def test_interim_condition_helpers() -> None:
    """SuccessCriteriaMet counts only when True; FailureTarget becomes Failed with its texts."""
    met = _cond("SuccessCriteriaMet", "True", "SuccessPolicy", "Matched rules at index 0")
    assert c.has_success_criteria_met_condition(make_job(conditions=[met])) is met
    assert (
        c.has_success_criteria_met_condition(
            make_job(conditions=[_cond("SuccessCriteriaMet", "False")])
        )
        is None
    )
    assert c.is_success_criteria_met_condition(met)
    assert not c.is_success_criteria_met_condition(None)
    target = c.new_failure_condition(c.REASON_DEADLINE_EXCEEDED, c.MESSAGE_DEADLINE_EXCEEDED, at(1))
    failed = c.new_failed_condition_for_failure_target(target, at(2))
    assert (failed.type, failed.status, failed.reason, failed.message) == (
        "Failed",
        "True",
        "DeadlineExceeded",
        "Job was active longer than specified deadline",
    )
    assert failed.last_transition_time == at(2)
    success = c.new_success_condition(at(3))
    assert (success.type, success.reason, success.message) == (
        "SuccessCriteriaMet",
        "CompletionsReached",
        "Reached expected number of succeeded pods",
    )


def test_messages_are_upstream_verbatim() -> None:
    """Condition messages equal the literals in job_controller.go and success_policy.go."""
    assert c.MESSAGE_BACKOFF_LIMIT_EXCEEDED == "Job has reached the specified backoff limit"
    assert c.MESSAGE_MAX_FAILED_INDEXES_EXCEEDED == (
        "Job has exceeded the specified maximal number of failed indexes"
    )
    assert c.MESSAGE_FAILED_INDEXES == "Job has failed indexes"
    assert c.MESSAGE_MATCHED_RULES_AT_INDEX % 2 == "Matched rules at index 2"
    assert (c.REASON_JOB_SUSPENDED, c.MESSAGE_JOB_SUSPENDED) == ("JobSuspended", "Job suspended")
    assert (c.REASON_JOB_RESUMED, c.MESSAGE_JOB_RESUMED) == ("JobResumed", "Job resumed")


@pytest.mark.parametrize(
    ("ads", "start", "suspend", "now", "want"),
    [
        (None, T0, None, at(100), (False, None)),
        (60, None, None, at(100), (False, None)),
        (60, T0, True, at(100), (False, None)),
        (60, T0, None, at(59.5), (False, 0.5)),
        (60, T0, None, at(60), (True, 0.0)),
        (60, T0, False, at(61), (True, 0.0)),
        (0, T0, None, T0, (True, 0.0)),
    ],
    ids=[
        "no deadline",
        "not started",
        "suspended",
        "before deadline",
        "exactly at deadline",
        "after deadline",
        "zero deadline fails at first sync",
    ],
)
def test_past_active_deadline_and_requeue(
    ads: int | None,
    start: datetime | None,
    suspend: bool | None,
    now: datetime,
    want: tuple[bool, float | None],
) -> None:
    """pastActiveDeadline uses >= and ignores suspended jobs; the requeue is ADS - elapsed."""
    job = make_job(active_deadline_seconds=ads, start_time=start, suspend=suspend)
    assert (c.past_active_deadline(job, now), c.active_deadline_requeue(job, now)) == want


# job_controller_test.go TestJobBackoffForOnFailure: (backoffLimit, restartCounts, phase).
@pytest.mark.parametrize(
    ("limit", "restarts", "phase", "want"),
    [
        (0, [0], "Running", False),
        (1, [0], "Running", False),
        (1, [1], "Running", True),
        (1, [1], "Pending", True),
        (2, [2], "Running", True),
        (2, [2], "Pending", True),
        (2, [1, 1], "Running", True),
        (2, [1, 1], "Pending", True),
        (3, [1, 1], "Running", False),
        (1, [5], "Succeeded", False),
        (0, [1], "Running", True),
    ],
    ids=[
        "backoffLimit 0 should have 1 pod active",
        "backoffLimit 1 with restartCount 0 should have 1 pod active",
        "backoffLimit 1 with restartCount 1 and podRunning should have 0 pod active",
        "backoffLimit 1 with restartCount 1 and podPending should have 0 pod active",
        "too many job failures with podRunning - single pod",
        "too many job failures with podPending - single pod",
        "too many job failures with podRunning - multiple pods",
        "too many job failures with podPending - multiple pods",
        "not enough failures",
        "terminal pods' restarts are not summed",
        "backoffLimit 0 fails on the first restart",
    ],
)
def test_past_backoff_limit_on_failure(
    limit: int, restarts: list[int], phase: str, want: bool
) -> None:
    """Restarts of Running/Pending pods fail an OnFailure job at >= backoffLimit (> 0 for 0)."""
    job = make_job(backoff_limit=limit, restart_policy="OnFailure")
    pods = [make_pod(f"p{i}", phase=phase, restarts=[r]) for i, r in enumerate(restarts)]
    assert c.past_backoff_limit_on_failure(job, pods) is want


def test_past_backoff_limit_on_failure_counts_init_containers_and_ignores_never() -> None:
    """Init container restarts count; restartPolicy Never never fails by restarts."""
    pod = make_pod(phase="Pending", init_container_statuses=[running(restarts=2)], restarts=[1])
    assert c.past_backoff_limit_on_failure(
        make_job(backoff_limit=3, restart_policy="OnFailure"), [pod]
    )
    assert not c.past_backoff_limit_on_failure(make_job(backoff_limit=0), [pod])


@pytest.mark.parametrize(
    ("limit", "per_index", "want"),
    [(None, None, 6), (2, None, 2), (None, 1, 2**31 - 1), (0, 1, 0)],
    ids=["default 6", "explicit", "per-index default MaxInt32", "explicit with per-index"],
)
def test_backoff_limit_default(limit: int | None, per_index: int | None, want: int) -> None:
    """An unset backoffLimit reads as the apiserver default."""
    assert c.backoff_limit(make_job(backoff_limit=limit, backoff_limit_per_index=per_index)) == want


def test_job_suspended() -> None:
    """jobSuspended is true only for suspend: true."""
    assert c.job_suspended(make_job(suspend=True))
    assert not c.job_suspended(make_job(suspend=False))
    assert not c.job_suspended(make_job())
