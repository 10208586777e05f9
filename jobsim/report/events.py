"""Events as kubectl shows them: ``kubectl get events`` rows and ``describe``'s Events section.

Owns:

- ``event_row``: upstream ``printEvent`` and ``eventColumnDefinitions``
  (``pkg/printers/internalversion/printers.go``): LAST SEEN, TYPE, REASON, OBJECT, MESSAGE
  (``-o wide`` adds SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME);
- ``sort_events``: the order of ``SortableEvents`` (``kubectl/pkg/util/event``, used by
  ``kubectl events`` and ``kubectl describe``): by ``series.lastObservedTime``, else
  ``lastTimestamp``, else ``eventTime``. Plain ``kubectl get events`` prints in the apiserver's
  list order (by name); jobsim sorts by time as ``kubectl events`` does, which reads better for a
  simulated run. Python's sort is stable, so ties keep the order the events were recorded in.
- ``describe_interval``: the Age cell of ``DescribeEvents`` (``2m (x3 over 5m)``), which is
  also ``getInterval``, the LAST SEEN cell of ``kubectl events``;
- ``kubectl_events_row``: a row of ``kubectl events`` (``EventPrinter.printOneEvent`` in
  ``kubectl/pkg/cmd/events/event_printer.go``): OBJECT is ``Kind/name`` (not lower-cased) and
  text cells go through ``printers.EscapeTerminal`` (``cli-runtime``).

Pure; imports layer 0-1 only.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from jobsim.api.core_v1 import Event, EventSource
from jobsim.report.tables import translate_timestamp_since

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_WIDE_COLUMNS",
    "KUBECTL_EVENTS_COLUMNS",
    "describe_interval",
    "escape_terminal",
    "event_count",
    "event_row",
    "event_source",
    "kubectl_events_row",
    "sort_events",
]

EVENT_COLUMNS = ("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")
EVENT_WIDE_COLUMNS = (
    "LAST SEEN",
    "TYPE",
    "REASON",
    "OBJECT",
    "SUBOBJECT",
    "SOURCE",
    "MESSAGE",
    "FIRST SEEN",
    "COUNT",
    "NAME",
)

KUBECTL_EVENTS_COLUMNS = ("LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE")
"""``EventPrinter.printHeadings`` (``NAMESPACE`` first with ``--all-namespaces``)."""

_TERMINAL_ESCAPES = str.maketrans({"\x1b": "^[", "\r": "\\r"})

_ZERO = datetime.min.replace(tzinfo=UTC)
"""Go's zero ``time.Time`` sorts before every real time."""


def _event_time(event: Event) -> datetime:
    """``eventTime``: the time ``SortableEvents`` compares."""
    if event.series is not None:
        return event.series.last_observed_time or _ZERO
    if event.last_timestamp is not None:
        return event.last_timestamp
    return event.event_time or _ZERO


def sort_events(events: Iterable[Event]) -> list[Event]:
    """Events oldest first, as ``sort.Sort(SortableEvents(...))`` orders them."""
    return sorted(events, key=_event_time)


def event_source(source: EventSource, reporting_controller: str, reporting_instance: str) -> str:
    """``formatEventSource``: component (or reportingController), then host (or instance)."""
    parts = [source.component or reporting_controller]
    host = source.host or reporting_instance
    if host:
        parts.append(host)
    return ", ".join(parts)


def _first_seen(event: Event, now: datetime) -> str:
    if event.first_timestamp is None:
        return translate_timestamp_since(event.event_time, now)
    return translate_timestamp_since(event.first_timestamp, now)


def event_count(event: Event) -> int:
    """The COUNT cell of ``printEvent``: the series count, else ``count`` (0 prints as 1)."""
    if event.series is not None:
        return event.series.count
    return event.count or 1


def event_row(event: Event, now: datetime, *, wide: bool = False) -> list[str]:
    """One row of ``kubectl get events`` for ``event`` as seen at ``now`` (``printEvent``)."""
    first = _first_seen(event, now)
    last = first
    if event.last_timestamp is not None:
        last = translate_timestamp_since(event.last_timestamp, now)
    if event.series is not None:
        last = translate_timestamp_since(event.series.last_observed_time, now)
    ref = event.involved_object
    target = f"{ref.kind.lower()}/{ref.name}" if ref.name else ref.kind.lower()
    message = event.message.strip()
    if not wide:
        return [last, event.type, event.reason, target, message]
    source = event_source(event.source, event.reporting_component, event.reporting_instance)
    name = event.metadata.name or ""
    return [
        last,
        event.type,
        event.reason,
        target,
        ref.field_path,
        source,
        message,
        first,
        str(event_count(event)),
        name,
    ]


def describe_interval(event: Event, now: datetime) -> str:
    """The Age cell of ``DescribeEvents``: ``<age>`` or ``<last> (x<count> over <first>)``."""
    if event.event_time is not None:
        first = translate_timestamp_since(event.event_time, now)
    else:
        first = translate_timestamp_since(event.first_timestamp, now)
    if event.series is not None:
        last = translate_timestamp_since(event.series.last_observed_time, now)
        return f"{last} (x{event.series.count} over {first})"
    if event.count > 1:
        last = translate_timestamp_since(event.last_timestamp, now)
        return f"{last} (x{event.count} over {first})"
    return first


def escape_terminal(text: str) -> str:
    """``printers.EscapeTerminal``: ESC becomes ``^[`` and CR becomes ``\\r``."""
    return text.translate(_TERMINAL_ESCAPES)


def kubectl_events_row(event: Event, now: datetime, *, all_namespaces: bool = False) -> list[str]:
    """One row of ``kubectl events`` (``printOneEvent``), NAMESPACE first if ``all_namespaces``."""
    ref = event.involved_object
    row = [
        describe_interval(event, now),
        escape_terminal(event.type),
        escape_terminal(event.reason),
        f"{escape_terminal(ref.kind)}/{escape_terminal(ref.name)}",
        escape_terminal(event.message.strip()),
    ]
    if all_namespaces:
        row.insert(0, event.metadata.namespace or "")
    return row
