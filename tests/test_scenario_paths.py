"""We test these aspects: field paths of scenario expectations.

- parsing: dotted fields, list indexes (negative too), ``[key]`` map keys with dots,
  ``[field=value]`` filters; malformed paths are errors;
- resolution over Job models: JSON names, Go zero values for unset fields, RFC 3339 times,
  ``absent`` for paths that leave the data;
- static checking against the Job model.
"""

from __future__ import annotations

import pytest
from job_builders import at, make_job

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.scenario.paths import ABSENT, Segment, check_path, parse_path, resolve


@pytest.mark.parametrize(
    ("text", "segments"),
    [
        ("status.succeeded", [Segment(name="status"), Segment(name="succeeded")]),
        (
            "status.conditions[0].type",
            [
                Segment(name="status"),
                Segment(name="conditions"),
                Segment(index=0),
                Segment(name="type"),
            ],
        ),
        ("a[-1]", [Segment(name="a"), Segment(index=-1)]),
        (
            "metadata.labels[batch.kubernetes.io/job-name]",
            [
                Segment(name="metadata"),
                Segment(name="labels"),
                Segment(name="batch.kubernetes.io/job-name"),
            ],
        ),
        (
            "status.conditions[type=Failed].reason",
            [
                Segment(name="status"),
                Segment(name="conditions"),
                Segment(match=("type", "Failed")),
                Segment(name="reason"),
            ],
        ),
    ],
    ids=["fields", "index", "negative-index", "map-key", "filter"],
)
def test_parse_path(text: str, segments: list[Segment]) -> None:
    """Paths split into fields, indexes, keys and filters."""
    assert parse_path(text) == segments


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the path is empty"),
        ("status..x", "cannot parse path 'status..x' at character 7"),
        (".status", "cannot parse path '.status' at character 1"),
        ("a[]", "empty brackets in path 'a[]'"),
        ("a[0", "cannot parse path 'a[0' at character 2"),
    ],
    ids=["empty", "double-dot", "leading-dot", "empty-brackets", "unclosed"],
)
def test_malformed_paths(text: str, message: str) -> None:
    """Malformed paths raise ValueError with the position."""
    with pytest.raises(ValueError, match=None) as info:
        parse_path(text)
    assert str(info.value) == message


def finished_job() -> Job:
    """A Job with two conditions, a start time and labels."""
    job = make_job(
        "pi",
        completions=2,
        start_time=at(0),
        conditions=[
            JobCondition(type="FailureTarget", status="True", reason="DeadlineExceeded"),
            JobCondition(
                type="Failed", status="True", reason="DeadlineExceeded", last_transition_time=at(91)
            ),
        ],
    )
    job.metadata.labels = {"batch.kubernetes.io/job-name": "pi"}
    return job


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("spec.completions", 2),
        ("status.active", 0),
        ("status.completionTime", None),
        ("status.startTime", "2009-11-10T23:00:00Z"),
        ("status.conditions[1].type", "Failed"),
        ("status.conditions[-1].lastTransitionTime", "2009-11-10T23:01:31Z"),
        ("status.conditions[type=Failed].reason", "DeadlineExceeded"),
        ("status.conditions[type=Complete].reason", ABSENT),
        ("status.conditions[5]", ABSENT),
        ("metadata.labels[batch.kubernetes.io/job-name]", "pi"),
        ("metadata.labels.missing", ABSENT),
        ("status.uncountedTerminatedPods.failed", ABSENT),
        ("spec.template.spec.restartPolicy", "Never"),
        (
            "status.conditions[0]",
            {"type": "FailureTarget", "status": "True", "reason": "DeadlineExceeded"},
        ),
    ],
    ids=[
        "spec",
        "zero-default",
        "null",
        "time",
        "index",
        "negative-index",
        "filter",
        "filter-no-match",
        "index-past-end",
        "label",
        "missing-key",
        "under-null",
        "nested",
        "object",
    ],
)
def test_resolve_on_a_job(text: str, value: object) -> None:
    """Paths read JSON values: Go zero values, RFC 3339 times, absent where data ends."""
    assert resolve(finished_job(), parse_path(text)) == value


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("status.succeeded", None),
        ("status.conditions[type=Complete].message", None),
        ("metadata.labels[app]", None),
        ("spec.template.spec.containers[0].image", None),
        ("status.sucess", 'JobStatus has no field "sucess" (at status)'),
        ("statu", 'Job has no field "statu"'),
        ("status.active[0]", "cannot take [0] of status.active (a int)"),
        ("status.conditions.type", "cannot take type of status.conditions (a list)"),
    ],
    ids=["field", "filter", "label", "deep", "typo", "top-typo", "index-int", "field-of-list"],
)
def test_check_path_against_the_job_model(text: str, why: str | None) -> None:
    """Paths the Job type cannot have are found before the run."""
    assert check_path(Job, parse_path(text)) == why
