"""We test these aspects: evaluating expectations over an observed world (pure).

- field, condition, events, pods and exists checks, with every comparator;
- readable messages with the observed value; a missing Job is a failure, not an error;
- trackers: ``always`` keeps the first violation, ``within`` the first pass no later than its
  bound, ``after`` ignores earlier states, ``at``/end take one observation.
"""

from __future__ import annotations

from typing import Any

import pytest
from job_builders import T0, at, make_job, make_pod

from jobsim.api.batch_v1 import JobCondition
from jobsim.api.core_v1 import Event, ObjectReference
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.scenario.expectations import ExpectationResult, Tracker, World, evaluate
from jobsim.scenario.paths import ABSENT
from jobsim.scenario.schema_expectations import (
    ConditionCheck,
    EventsCheck,
    ExistsCheck,
    FieldCheck,
    PodsCheck,
)


def world(active: int = 2, conditions: list[JobCondition] | None = None) -> World:
    """A world with Job pi (status.active = active), three pods and two events."""
    job = make_job("pi", completions=3, conditions=conditions)
    job.status.active = active
    w = World(epoch=T0, jobs={("default", "pi"): job})
    for name, phase, deleted in (
        ("a", "Running", None),
        ("b", "Running", at(5)),
        ("c", "Succeeded", None),
    ):
        pod = make_pod(name, phase=phase, deleted=deleted)
        pod.metadata.labels = {"batch.kubernetes.io/job-name": "pi", "app": name}
        w.pods[("default", name)] = pod
    for name, reason, count in (("e1", "SuccessfulCreate", 2), ("e2", "Completed", 1)):
        w.events[("default", name)] = Event(
            metadata=ObjectMeta(name=name, namespace="default"),
            involved_object=ObjectReference(kind="Job", name="pi", namespace="default"),
            reason=reason,
            type="Normal",
            count=count,
        )
    return w


def field(**fields: Any) -> FieldCheck:
    """A field check on job pi."""
    return FieldCheck.model_validate(
        {"check": "field", "job": "pi", "path": "status.active", **fields}
    )


@pytest.mark.parametrize(
    ("fields", "passed", "message"),
    [
        ({"equals": 2}, True, "observed 2"),
        ({"equals": 3}, False, "expected == 3, observed 2"),
        ({"notEquals": 2}, False, "expected != 2, observed 2"),
        ({"atLeast": 2, "atMost": 2}, True, "observed 2"),
        ({"greaterThan": 2}, False, "expected > 2, observed 2"),
        ({"lessThan": 1, "atLeast": 0}, False, "expected < 1, observed 2"),
        ({"path": "status.completionTime", "equals": None}, True, "observed null"),
        ({"path": "status.conditions[0]", "equals": None}, True, "observed absent"),
        (
            {"path": "spec.template.spec.restartPolicy", "atLeast": 1},
            False,
            "expected >= 1, observed 'Never'",
        ),
    ],
    ids=[
        "equals",
        "equals-fails",
        "not-equals",
        "range",
        "greater",
        "only-failing-listed",
        "null",
        "absent-is-null",
        "not-a-number",
    ],
)
def test_field_check(fields: dict[str, Any], passed: bool, message: str) -> None:
    """Comparators test the observed value; failures list the failing comparators."""
    verdict = evaluate(field(**fields), world())
    assert (verdict.passed, verdict.message) == (passed, message)


def test_field_check_on_a_missing_job_fails_with_a_message() -> None:
    """A Job that does not exist is a failed expectation, observed absent."""
    verdict = evaluate(field(equals=0), World(epoch=T0))
    assert (verdict.passed, verdict.observed, verdict.message) == (
        False,
        ABSENT,
        "Job default/pi does not exist",
    )
    assert not verdict.subject_exists


FAILED = JobCondition(
    type="Failed",
    status="True",
    reason="BackoffLimitExceeded",
    message="Job has reached the specified backoff limit",
    last_transition_time=at(31),
)


@pytest.mark.parametrize(
    ("fields", "passed", "observed"),
    [
        (
            {"type": "Failed"},
            True,
            "Failed=True reason=BackoffLimitExceeded"
            " message='Job has reached the specified backoff limit' since 31s",
        ),
        (
            {"type": "Failed", "reason": "BackoffLimitExceeded", "lastTransitionTime": "31s"},
            True,
            None,
        ),
        ({"type": "Failed", "lastTransitionTime": "30s"}, False, None),
        ({"type": "Failed", "reason": "DeadlineExceeded"}, False, None),
        ({"type": "Failed", "status": "False"}, False, None),
        ({"type": "Complete"}, False, "no Complete condition"),
        ({"type": "Complete", "present": False}, True, "no Complete condition"),
        ({"type": "Failed", "present": False}, False, None),
    ],
    ids=[
        "type",
        "reason-and-time",
        "wrong-time",
        "wrong-reason",
        "wrong-status",
        "absent",
        "absent-wanted",
        "present-unwanted",
    ],
)
def test_condition_check(fields: dict[str, Any], passed: bool, observed: str | None) -> None:
    """Conditions match type, status, reason, message and transition time; present negates."""
    check = ConditionCheck.model_validate({"check": "condition", "job": "pi", **fields})
    verdict = evaluate(check, world(conditions=[FAILED]))
    assert verdict.passed is passed
    if observed is not None:
        assert verdict.observed == observed


@pytest.mark.parametrize(
    ("fields", "count"),
    [
        ({}, 3),
        ({"reason": "SuccessfulCreate"}, 2),
        ({"reason": "Completed", "type": "Normal"}, 1),
        ({"type": "Warning"}, 0),
        ({"job": "other"}, 0),
        ({"namespace": "kube-system"}, 0),
    ],
    ids=["all", "reason-sums-count", "type", "no-warnings", "other-job", "other-namespace"],
)
def test_events_check_counts_with_aggregation(fields: dict[str, Any], count: int) -> None:
    """Events are counted by their ``count`` (client-go aggregation), filtered by the fields."""
    check = EventsCheck.model_validate({"check": "events", "equals": count, **fields})
    assert evaluate(check, world()).observed == count


@pytest.mark.parametrize(
    ("fields", "count"),
    [
        ({"job": "pi"}, 3),
        ({"job": "pi", "phase": "Running"}, 2),
        ({"job": "pi", "terminating": True}, 1),
        ({"job": "pi", "terminating": False, "phase": "Running"}, 1),
        ({"selector": "app in (a,c)"}, 2),
        ({"job": "pi", "selector": "app=a"}, 1),
        ({"job": "nope"}, 0),
    ],
    ids=["job", "phase", "terminating", "not-terminating", "selector", "job-and-selector", "none"],
)
def test_pods_check_counts(fields: dict[str, Any], count: int) -> None:
    """Pods are counted by job label, selector, phase and deletion state."""
    check = PodsCheck.model_validate({"check": "pods", "equals": count, **fields})
    assert evaluate(check, world()).observed == count


@pytest.mark.parametrize(
    ("exists", "passed"), [(True, True), (False, False)], ids=["exists", "gone"]
)
def test_exists_check(exists: bool, passed: bool) -> None:
    """exists: compares whether the Job is in the world."""
    check = ExistsCheck.model_validate({"check": "exists", "job": "pi", "exists": exists})
    verdict = evaluate(check, world())
    assert (verdict.passed, verdict.observed, verdict.message) == (passed, True, "the Job exists")


def test_always_keeps_the_first_violation() -> None:
    """An always tracker reports the first state that broke it, with its time."""
    tracker = Tracker(field(atMost=2, always=True))
    for now, active in ((0, 1), (3, 3), (4, 5), (6, 2)):
        tracker.observe(now, world(active))
    result = tracker.result(10)
    assert result == ExpectationResult(
        "job/pi status.active <= 2 always", False, 3, "violated at 3s: expected <= 2, observed 3"
    )


def test_always_ignores_states_without_the_job_but_needs_one() -> None:
    """A missing Job is no violation, but never seeing it fails the expectation."""
    tracker = Tracker(field(atMost=2, always=True))
    tracker.observe(0, World(epoch=T0))
    assert tracker.result(1).message == "never observed: the Job never existed"
    tracker.observe(1, world(1))
    assert tracker.result(2).passed


def test_within_takes_the_first_pass_no_later_than_the_bound() -> None:
    """A within tracker passes at the first state that holds, before or at its bound."""
    tracker = Tracker(field(equals=0, within="10s"))
    tracker.observe(2, world(2))
    assert tracker.pending
    tracker.observe(10, world(0))
    assert not tracker.pending
    assert tracker.result(20).message == "held at 10s: observed 0"


def test_within_fails_with_the_last_observation() -> None:
    """States after the bound do not count; the failure shows the last state seen in time."""
    tracker = Tracker(field(equals=0, within="10s"))
    tracker.observe(4, world(1))
    tracker.observe(11, world(0))
    result = tracker.result(20)
    assert (result.passed, result.observed) == (False, 1)
    assert result.message == "never held up to 10s; last observed at 4s: expected == 0, observed 1"


def test_after_ignores_earlier_states() -> None:
    """With after, states before the window neither pass nor violate."""
    within = Tracker(field(equals=2, within="10s", after="5s"))
    always = Tracker(field(equals=0, always=True, after="5s"))
    for now, active in ((1, 2), (5, 0)):
        within.observe(now, world(active))
        always.observe(now, world(active))
    assert not within.result(10).passed
    assert always.result(10).passed


def test_at_and_end_take_one_observation() -> None:
    """An at tracker concludes once; a tracker never concluded says the run ended first."""
    tracker = Tracker(field(equals=2, at="5s"))
    assert tracker.pending
    tracker.conclude(world(2), 5)
    tracker.conclude(world(9), 6)
    assert tracker.result(10) == ExpectationResult(
        "job/pi status.active == 2 at 5s", True, 2, "observed 2"
    )
    late = Tracker(field(equals=2, at="50s"))
    assert late.result(10).message == "not evaluated: the run ended at 10s"


def test_result_line_reads_pass_or_fail() -> None:
    """str(ExpectationResult) is the CLI line: PASS/FAIL, description, message."""
    assert str(
        ExpectationResult("job/pi x == 1 at end", False, 0, "expected == 1, observed 0")
    ) == ("FAIL  job/pi x == 1 at end: expected == 1, observed 0")
