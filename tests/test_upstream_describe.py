"""We test these aspects: ``kubectl describe job`` against kubectl's own describe tests and code.

Sources (kubernetes/kubectl ``pkg/describe/describe_test.go``): ``TestDescribeEvents`` (the
``JobDescriber`` case: a bare Job ``foo/bar`` with two events; ``Events:`` only when events are
searched), ``TestPrintLabelsMultiline`` (annotation folding at ``maxAnnotationLen``); and the
exact layout of ``describeJob``/``DescribeEvents``/``DescribePodTemplate`` in
``pkg/describe/describe.go`` (upstream asserts substrings only; the goldens here follow the code:
a nil selector prints as ``labels.Nothing()``, the empty string; ``Pods Statuses`` has no
``(N Ready)`` while ``status.ready`` is nil; ``DescribeEvents`` flushes the tab writer so the
events table aligns on its own). Case ids are ``<upstream test>/<case>``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from jobsim.api.batch_v1 import Job, JobSpec, JobStatus
from jobsim.api.core_v1 import Event, EventSeries, EventSource
from jobsim.api.meta_v1 import ObjectMeta, OwnerReference
from jobsim.report.describe import describe_job
from jobsim.report.prefix_writer import MAX_ANNOTATION_LEN, PrefixWriter
from jobsim.report.tabwriter import DESCRIBE

JAN15 = datetime(2014, 1, 15, tzinfo=UTC)
NOW = JAN15 + timedelta(minutes=5)

EVENTS = [
    Event(
        metadata=ObjectMeta(name="event-1", namespace="foo"),
        source=EventSource(component="kubelet"),
        message="Item 1",
        first_timestamp=JAN15,
        last_timestamp=JAN15,
        count=1,
        type="Normal",
    ),
    Event(
        metadata=ObjectMeta(name="event-2", namespace="foo"),
        source=EventSource(component="kubelet"),
        message="Item 1",
        event_time=JAN15,
        series=EventSeries(count=1, last_observed_time=JAN15),
        type="Normal",
    ),
]

BARE_JOB_HEAD = """\
Name:           bar
Namespace:      foo
Selector:       \n\
Labels:         <none>
Annotations:    <none>
Completions:    <unset>
Pods Statuses:  0 Active / 0 Succeeded / 0 Failed
Pod Template:
  Labels:  <none>
  Containers: <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
"""
BARE_JOB_EVENTS = """\
Events:
  Type    Reason  Age              From     Message
  ----    ------  ----             ----     -------
  Normal          5m               kubelet  Item 1
  Normal          5m (x1 over 5m)  kubelet  Item 1
"""


def _bare_job() -> Job:
    return Job(metadata=ObjectMeta(name="bar", namespace="foo"))


@pytest.mark.parametrize(
    ("events", "want"),
    [
        (EVENTS, BARE_JOB_HEAD + BARE_JOB_EVENTS),
        ([], BARE_JOB_HEAD + "Events:            <none>\n"),
        (None, BARE_JOB_HEAD),
    ],
    ids=[
        "TestDescribeEvents/JobDescriber-ShowEvents",
        "TestDescribeEvents/JobDescriber-no-events-found",
        "TestDescribeEvents/JobDescriber-ShowEvents-false",
    ],
)
def test_describe_bare_job(events: list[Event] | None, want: str) -> None:
    """A bare Job: nil selector, ``<unset>`` completions, events only when searched."""
    out = describe_job(_bare_job(), events, NOW)
    assert out == want
    assert "bar" in out
    assert ("Events:" in out) == (events is not None)


def _job(**status: object) -> Job:
    return Job(
        metadata=ObjectMeta(
            name="pi",
            namespace="default",
            owner_references=[
                OwnerReference(
                    api_version="batch/v1", kind="CronJob", name="nightly", uid="u", controller=True
                ),
            ],
        ),
        spec=JobSpec(
            parallelism=3,
            completions=5,
            completion_mode="Indexed",
            suspend=True,
            backoff_limit=6,
            ttl_seconds_after_finished=100,
            active_deadline_seconds=30,
        ),
        status=JobStatus(**status),  # type: ignore[arg-type]
    )


OPTIONAL_CASES = [
    ("controlled-by", {}, "Controlled By:               CronJob/nightly\n"),
    ("parallelism", {}, "Parallelism:                 3\n"),
    ("completions", {}, "Completions:                 5\n"),
    ("completion-mode", {}, "Completion Mode:             Indexed\n"),
    ("suspend", {}, "Suspend:                     true\n"),
    ("backoff-limit", {}, "Backoff Limit:               6\n"),
    ("ttl", {}, "TTL Seconds After Finished:  100\n"),
    ("active-deadline", {}, "Active Deadline Seconds:     30s\n"),
    (
        "ready-nil",
        {"active": 2},
        "Pods Statuses:               2 Active / 0 Succeeded / 0 Failed\n",
    ),
    (
        "ready-set",
        {"active": 2, "ready": 1, "failed": 1},
        "Pods Statuses:               2 Active (1 Ready) / 0 Succeeded / 1 Failed\n",
    ),
    ("completed-indexes-none", {}, "Completed Indexes:           <none>\n"),
    ("completed-indexes", {"completed_indexes": "0-2,4"}, "Completed Indexes:           0-2,4\n"),
    (
        "start-completed-duration",
        {"start_time": JAN15, "completion_time": JAN15 + timedelta(minutes=5, seconds=30)},
        "Start Time:                  Wed, 15 Jan 2014 00:00:00 +0000\n"
        "Completed At:                Wed, 15 Jan 2014 00:05:30 +0000\n"
        "Duration:                    5m30s\n",
    ),
]


@pytest.mark.parametrize(
    ("status", "want"),
    [c[1:] for c in OPTIONAL_CASES],
    ids=[f"describeJob/{c[0]}" for c in OPTIONAL_CASES],
)
def test_describe_job_lines(status: dict[str, object], want: str) -> None:
    """Each optional ``describeJob`` line prints in upstream's words when its field is set."""
    assert want in describe_job(_job(**status), None, NOW)


def test_describe_job_line_order() -> None:
    """``describeJob`` writes its lines in upstream's order."""
    out = describe_job(
        _job(start_time=JAN15, completion_time=JAN15 + timedelta(seconds=90)), None, NOW
    )
    titles = [line.split(":")[0] for line in out.splitlines() if not line.startswith(" ")]
    assert titles[:18] == [
        "Name", "Namespace", "Selector", "Labels", "Annotations", "Controlled By",
        "Parallelism", "Completions", "Completion Mode", "Suspend", "Backoff Limit",
        "TTL Seconds After Finished", "Start Time", "Completed At", "Duration",
        "Active Deadline Seconds", "Pods Statuses", "Completed Indexes",
    ]  # fmt: skip


KEY = "MaxLenAnnotation"
VALUE = "a" * (MAX_ANNOTATION_LEN - len(KEY) - 2)
ANNOTATION_CASES = [
    ({"col1": "asd", "COL2": "zxc"}, "Annotations:\tCOL2: zxc\n\tcol1: asd\n"),
    ({KEY: VALUE}, f"Annotations:\t{KEY}: {VALUE}\n"),
    ({KEY: VALUE + "1"}, f"Annotations:\t{KEY}:\n\t  {VALUE}1\n"),
    (
        {KEY: VALUE + VALUE},
        f"Annotations:\t{KEY}:\n\t  {'a' * (MAX_ANNOTATION_LEN - 2)}...\n",
    ),
    ({"key": "value\nwith\nnewlines\n"}, "Annotations:\tkey:\n\t  value\n\t  with\n\t  newlines\n"),
    ({}, "Annotations:\t<none>\n"),
]


@pytest.mark.parametrize(
    ("annotations", "want"),
    ANNOTATION_CASES,
    ids=[f"TestPrintLabelsMultiline/{i}" for i in range(len(ANNOTATION_CASES))],
)
def test_print_annotations_multiline(annotations: dict[str, str], want: str) -> None:
    """``printAnnotationsMultiline``: sorted keys; long or multi-line values folded at 140."""
    w = PrefixWriter()
    w.annotations_multiline("Annotations", annotations)
    assert w.render() == DESCRIBE.format(want)
