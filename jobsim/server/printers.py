"""The server-side printers of Pods, Events and Namespaces: the cells of their Table rows.

Owns the Table-specific parts of upstream's printers: the wide cell lists the server always
prints (kubectl hides priority-1 columns), the integer COUNT cell of an Event, the
``Completed`` row conditions of finished pods, and ``printNamespace``. The cells themselves
(``printPod``'s READY/STATUS/RESTARTS, ``printEvent``'s columns) are computed once, by
``jobsim.report.pods`` and ``jobsim.report.events``; Jobs are printed by
``jobsim.report.tables``. Pure functions of an object and "now"; times are simulated.

Imports layer 0 (``jobsim.api``) and ``jobsim.report``; must not import the store or the
HTTP modules.
Upstream: kubernetes ``pkg/printers/internalversion/printers.go`` (``printPod``,
``printEvent``, ``printNamespace``, ``translateTimestampSince``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from jobsim.api.core_v1 import Event, Namespace, Pod
from jobsim.report.events import event_count, event_row
from jobsim.report.pods import pod_row
from jobsim.report.tables import translate_timestamp_since

__all__ = [
    "POD_FAILED_CONDITIONS",
    "POD_SUCCESS_CONDITIONS",
    "event_cells",
    "namespace_cells",
    "pod_cells",
    "pod_row_conditions",
    "since",
]

POD_SUCCESS_CONDITIONS: Final = [
    {
        "type": "Completed",
        "status": "True",
        "reason": "Succeeded",
        "message": "The pod has completed successfully.",
    }
]
POD_FAILED_CONDITIONS: Final = [
    {"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}
]

since = translate_timestamp_since
"""``translateTimestampSince``: ``<unknown>`` for a zero time, else the human duration."""

_EVENT_COUNT_CELL: Final = 8
"""The index of COUNT among the wide event cells."""


def pod_cells(pod: Pod, now: datetime) -> list[Any]:
    """NAME, READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES."""
    return list(pod_row(pod, now, wide=True))


def pod_row_conditions(pod: Pod) -> list[dict[str, str]] | None:
    """The row ``conditions`` of a finished pod (``Completed``), else None."""
    if pod.status.phase == "Succeeded":
        return [dict(c) for c in POD_SUCCESS_CONDITIONS]
    if pod.status.phase == "Failed":
        return [dict(c) for c in POD_FAILED_CONDITIONS]
    return None


def event_cells(event: Event, now: datetime) -> list[Any]:
    """LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME."""
    cells: list[Any] = list(event_row(event, now, wide=True))
    cells[_EVENT_COUNT_CELL] = event_count(event)
    return cells


def namespace_cells(namespace: Namespace, now: datetime) -> list[Any]:
    """NAME, STATUS, AGE."""
    return [
        namespace.metadata.name or "",
        namespace.status.phase,
        since(namespace.metadata.creation_timestamp, now),
    ]
