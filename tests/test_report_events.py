"""We test these aspects: Event rows, their order, and describe's Age cell.

Sources: ``printEvent`` and ``eventColumnDefinitions`` (``pkg/printers/internalversion/
printers.go``), ``SortableEvents``/``eventTime`` (``kubectl/pkg/cmd/events`` and
``kubectl/pkg/util/event``), ``DescribeEvents`` (``kubectl/pkg/describe/describe.go``).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from job_builders import at

from jobsim.api.core_v1 import Event, EventSeries, EventSource, ObjectReference
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.report.events import (
    describe_interval,
    event_count,
    event_row,
    event_source,
    sort_events,
)
from jobsim.report.output import render_events

NOW = at(600)


def _event(
    reason: str,
    first: datetime | None,
    last: datetime | None = None,
    *,
    count: int = 1,
    kind: str = "Job",
    name: str = "pi",
    message: str = "msg",
) -> Event:
    return Event(
        metadata=ObjectMeta(name=f"{name}.{reason}"),
        involved_object=ObjectReference(kind=kind, name=name),
        reason=reason,
        message=message,
        type="Normal",
        source=EventSource(component="job-controller"),
        first_timestamp=first,
        last_timestamp=last if last is not None else first,
        count=count,
    )


def test_row_cells() -> None:
    """LAST SEEN, TYPE, REASON, OBJECT (lower-case kind/name), MESSAGE (trimmed)."""
    event = _event("Completed", at(540), message="  Job completed \n")
    assert event_row(event, NOW) == ["60s", "Normal", "Completed", "job/pi", "Job completed"]


def test_row_without_object_name_and_last_timestamp() -> None:
    """OBJECT is just the kind without a name; LAST SEEN falls back to the first timestamp."""
    event = _event("X", at(0), kind="Node", name="")
    event.last_timestamp = None
    assert event_row(event, NOW)[0::3] == ["10m", "node"]


def test_series_wins_and_zero_count_is_one() -> None:
    """A series gives LAST SEEN and COUNT; a zero count prints as 1 (printEvent)."""
    event = _event("X", at(0), count=0)
    assert event_row(event, NOW, wide=True)[8] == "1"
    event.series = EventSeries(count=4, last_observed_time=at(590))
    wide = event_row(event, NOW, wide=True)
    assert (wide[0], wide[8]) == ("10s", "4")


@pytest.mark.parametrize(
    ("count", "series", "expected"),
    [(0, None, 1), (3, None, 3), (3, 7, 7)],
    ids=["zero-is-one", "count", "series-wins"],
)
def test_event_count(count: int, series: int | None, expected: int) -> None:
    """COUNT is the series count, else count, and 0 prints as 1 (printEvent)."""
    event = _event("X", at(0), count=count)
    if series is not None:
        event.series = EventSeries(count=series, last_observed_time=at(590))
    assert event_count(event) == expected


def test_wide_source_falls_back_to_reporting_controller() -> None:
    """SOURCE is component[, host], else reportingController[, reportingInstance]."""
    assert event_source(EventSource(component="kubelet", host="node-0"), "", "") == (
        "kubelet, node-0"
    )
    assert event_source(EventSource(), "job-controller", "") == "job-controller"


def test_sorted_by_last_timestamp_stable() -> None:
    """Events sort oldest first by lastTimestamp; ties keep their recorded order."""
    a, b, c = _event("A", at(5)), _event("B", at(1)), _event("C", at(5))
    assert [e.reason for e in sort_events([a, b, c])] == ["B", "A", "C"]


def test_describe_interval() -> None:
    """Age is the first-seen age, or 'last (xN over first)' for repeated events."""
    assert describe_interval(_event("A", at(540)), NOW) == "60s"
    assert describe_interval(_event("A", at(0), at(590), count=3), NOW) == "10s (x3 over 10m)"


def test_events_table_golden() -> None:
    """The table has kubectl get events' columns, in time order."""
    events = [_event("Completed", at(71)), _event("SuccessfulCreate", at(0), message="Created")]
    assert render_events(events, NOW, "table") == (
        "LAST SEEN   TYPE     REASON             OBJECT   MESSAGE\n"
        "10m         Normal   SuccessfulCreate   job/pi   Created\n"
        "8m49s       Normal   Completed          job/pi   msg"
    )
