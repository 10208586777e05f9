"""The pod timeline of a run as a table: one row per pod the kubelet saw.

Owns the ``jobsim run --timeline`` table, read from :class:`jobsim.kubelet.PodRecord` rows
(``Simulation.timeline()``): JOB, INDEX, POD, NODE, CREATED, STARTED, FINISHED, DURATION, PHASE,
EXIT CODE, REASON, RESTARTS. Times are simulated time since the start of the run, written as Go
durations (``1m30s``); a missing value prints as ``<none>``, as kubectl prints empty cells.
Rows are in creation order (then name). Pure; imports layer 1 and the record type only.
"""

from __future__ import annotations

from collections.abc import Iterable

from jobsim.duration import format_duration
from jobsim.kubelet.records import PodRecord
from jobsim.report.tables import format_table

__all__ = ["TIMELINE_COLUMNS", "render_timeline", "timeline_row"]

TIMELINE_COLUMNS = (
    "JOB",
    "INDEX",
    "POD",
    "NODE",
    "CREATED",
    "STARTED",
    "FINISHED",
    "DURATION",
    "PHASE",
    "EXIT CODE",
    "REASON",
    "RESTARTS",
)

_NONE = "<none>"


def _time(seconds: float | None) -> str:
    return _NONE if seconds is None else format_duration(seconds)


def timeline_row(record: PodRecord) -> list[str]:
    """One timeline row for a pod record."""
    return [
        record.job or _NONE,
        _NONE if record.index is None else str(record.index),
        record.name,
        record.node or _NONE,
        _time(record.created),
        _time(record.started),
        _time(record.finished),
        _time(record.duration),
        record.phase,
        _NONE if record.exit_code is None else str(record.exit_code),
        record.reason or _NONE,
        str(record.restarts),
    ]


def render_timeline(records: Iterable[PodRecord]) -> str:
    """The timeline table of ``records``, oldest pod first."""
    ordered = sorted(records, key=lambda r: (r.created, r.namespace, r.name))
    return format_table(TIMELINE_COLUMNS, [timeline_row(r) for r in ordered])
