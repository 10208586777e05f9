"""``kubectl describe job``: upstream ``describeJob`` and ``DescribeEvents``.

Owns the layout of ``describeJob`` (``staging/src/k8s.io/kubectl/pkg/describe/describe.go``;
reference notes ``shared/reference/job-controller-semantics.md`` §10.2): Name, Namespace,
Selector, Labels, Annotations, Controlled By, Parallelism, Completions, Completion Mode,
Suspend, Backoff Limit, TTL Seconds After Finished, Start Time, Completed At, Duration, Active
Deadline Seconds, Pods Statuses, Completed Indexes, the Pod Template
(:mod:`jobsim.report.describe_template`) and the Events table (Type, Reason, Age, From,
Message), all aligned by the describe tab writer (minwidth 0, tabwidth 8, padding 2).

Times print in RFC 1123 with a numeric zone (Go's ``time.RFC1123Z``); jobsim's clock is UTC, so
the zone is always ``+0000`` (kubectl converts to the machine's local zone). Ages are relative to
a given "now". Pure; imports layer 0-1 and sibling report modules only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event
from jobsim.duration import human_duration
from jobsim.labels import SelectorParseError, selector_from_label_selector
from jobsim.report.describe_template import describe_pod_template
from jobsim.report.events import describe_interval, sort_events
from jobsim.report.prefix_writer import PrefixWriter

__all__ = ["cap_indexes_list_or_none", "describe_job", "job_events", "rfc1123z"]


def rfc1123z(moment: datetime) -> str:
    """Go's ``time.RFC1123Z`` layout: ``Mon, 02 Jan 2006 15:04:05 -0700``."""
    days = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    months = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    zone = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return (
        f"{days[moment.weekday()]}, {moment.day:02d} {months[moment.month - 1]} {moment.year} "
        f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d} {zone}"
    )


def cap_indexes_list_or_none(indexes: str, soft_limit: int = 50) -> str:
    """``capIndexesListOrNone``: ``<none>``, or cut at the first comma after ``soft_limit``."""
    if not indexes:
        return "<none>"
    cut = indexes.find(",", soft_limit)
    if cut == -1:
        return indexes
    return indexes[: cut + 1] + "..."


def job_events(job: Job, events: Iterable[Event]) -> list[Event]:
    """The events ``searchEvents`` finds for a Job: its name, namespace, kind and uid."""
    meta = job.metadata
    return [
        e
        for e in events
        if e.involved_object.name == meta.name
        and e.involved_object.namespace == meta.namespace
        and e.involved_object.kind == "Job"
        and (not meta.uid or e.involved_object.uid == meta.uid)
    ]


def _controlled_by(job: Job) -> str:
    for ref in job.metadata.owner_references or ():
        if ref.controller:
            return f"{ref.kind}/{ref.name}"
    return ""


def describe_job(job: Job, events: Iterable[Event] | None, now: datetime) -> str:
    """The text of ``kubectl describe job`` for ``job`` with ``events`` as seen at ``now``."""
    w = PrefixWriter()
    spec, status = job.spec, job.status
    w.write(0, f"Name:\t{job.metadata.name or ''}\n")
    w.write(0, f"Namespace:\t{job.metadata.namespace or ''}\n")
    try:
        w.write(0, f"Selector:\t{selector_from_label_selector(spec.selector)}\n")
    except SelectorParseError as exc:
        w.write(0, f"Selector:\tFailed to get selector: {exc}\n")
    w.labels_multiline("Labels", job.metadata.labels)
    w.annotations_multiline("Annotations", job.metadata.annotations)
    if controlled_by := _controlled_by(job):
        w.write(0, f"Controlled By:\t{controlled_by}\n")
    if spec.parallelism is not None:
        w.write(0, f"Parallelism:\t{spec.parallelism}\n")
    w.write(0, f"Completions:\t{spec.completions if spec.completions is not None else '<unset>'}\n")
    if spec.completion_mode is not None:
        w.write(0, f"Completion Mode:\t{spec.completion_mode}\n")
    if spec.suspend is not None:
        w.write(0, f"Suspend:\t{'true' if spec.suspend else 'false'}\n")
    if spec.backoff_limit is not None:
        w.write(0, f"Backoff Limit:\t{spec.backoff_limit}\n")
    if spec.ttl_seconds_after_finished is not None:
        w.write(0, f"TTL Seconds After Finished:\t{spec.ttl_seconds_after_finished}\n")
    if status.start_time is not None:
        w.write(0, f"Start Time:\t{rfc1123z(status.start_time)}\n")
    if status.completion_time is not None:
        w.write(0, f"Completed At:\t{rfc1123z(status.completion_time)}\n")
    if status.start_time is not None and status.completion_time is not None:
        took = (status.completion_time - status.start_time).total_seconds()
        w.write(0, f"Duration:\t{human_duration(took)}\n")
    if spec.active_deadline_seconds is not None:
        w.write(0, f"Active Deadline Seconds:\t{spec.active_deadline_seconds}s\n")
    ready = "" if status.ready is None else f" ({status.ready} Ready)"
    w.write(
        0,
        f"Pods Statuses:\t{status.active} Active{ready} / {status.succeeded} Succeeded"
        f" / {status.failed} Failed\n",
    )
    if spec.completion_mode == "Indexed":
        w.write(0, f"Completed Indexes:\t{cap_indexes_list_or_none(status.completed_indexes)}\n")
    describe_pod_template(spec.template, w)
    if events is not None:
        _describe_events(sort_events(events), w, now)
    return w.render()


def _describe_events(events: list[Event], w: PrefixWriter, now: datetime) -> None:
    """``DescribeEvents``: ``Events:\\t<none>`` or the Type/Reason/Age/From/Message table."""
    if not events:
        w.write(0, "Events:\t<none>\n")
        return
    w.write(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.write(1, "----\t------\t----\t----\t-------\n")
    for event in events:
        source = event.source.component or event.reporting_component
        w.write(
            1,
            f"{event.type}\t{event.reason}\t{describe_interval(event, now)}\t{source}\t"
            f"{event.message.strip()}\n",
        )
