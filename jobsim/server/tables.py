"""Server-side printing: objects as a ``meta.k8s.io/v1`` ``Table``, what ``kubectl get`` asks for.

Owns the column definitions of Jobs, Pods, Events and Namespaces (names, types, formats,
priorities as upstream registers them; priority-1 columns are what ``-o wide`` adds) and
the assembly of a Table: one row per object with its cells and, per ``includeObject``,
the object as ``PartialObjectMetadata`` (default), in full (``Object``) or not at all
(``None``). Column definitions are left out when ``no_headers`` is set, as the apiserver
does for every watch event after the first. The server always prints wide cells; kubectl
hides priority-1 columns.

Imports ``jobsim.api``, ``jobsim.report`` and ``jobsim.server.printers``; must not
import the store or the HTTP modules.
Upstream: kubernetes ``pkg/printers/internalversion/printers.go`` (column definitions),
apiserver ``pkg/endpoints/handlers/response.go`` (``asTable``), ``pkg/registry/rest/table.go``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Final

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event, Namespace, Pod
from jobsim.report.tables import job_row
from jobsim.server.printers import event_cells, namespace_cells, pod_cells, pod_row_conditions

__all__ = ["COLUMNS", "INCLUDE_OBJECT_VALUES", "column_definitions", "table"]

_NAME_DOC: Final = (
    "Name must be unique within a namespace. Is required when creating resources, although "
    "some resources may allow a client to request the generation of an appropriate name "
    "automatically. Name is primarily intended for creation idempotence and configuration "
    "definition. Cannot be updated. More info: "
    "https://kubernetes.io/docs/concepts/overview/working-with-objects/names#names"
)
_AGE_DOC: Final = (
    "CreationTimestamp is a timestamp representing the server time when this object was "
    "created. It is not guaranteed to be set in happens-before order across separate "
    "operations. Clients may not set this value. It is represented in RFC3339 form and is in "
    "UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: "
    "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata"
)
_CONTAINERS_DOC: Final = "Names of each container in the template."
_IMAGES_DOC: Final = "Images referenced by each container in the template."

INCLUDE_OBJECT_VALUES: Final = ("None", "Metadata", "Object")

Column = tuple[str, str, str, int]
"""(name, type, description, priority); the first ``Name`` column has format ``name``."""

COLUMNS: Final[dict[str, tuple[Column, ...]]] = {
    "jobs": (
        ("Name", "string", _NAME_DOC, 0),
        ("Status", "string", "Status of the job.", 0),
        ("Completions", "string", "The number of pods which reached phase Succeeded.", 0),
        ("Duration", "string", "Time required to complete the job.", 0),
        ("Age", "string", _AGE_DOC, 0),
        ("Containers", "string", _CONTAINERS_DOC, 1),
        ("Images", "string", _IMAGES_DOC, 1),
        ("Selector", "string", "A label query over pods that should match the pod count.", 1),
    ),
    "pods": (
        ("Name", "string", _NAME_DOC, 0),
        ("Ready", "string", "The aggregate readiness state of this pod for accepting traffic.", 0),
        ("Status", "string", "The aggregate status of the containers in this pod.", 0),
        (
            "Restarts",
            "string",
            "The number of times the containers in this pod have been restarted and when the "
            "last container in this pod has restarted.",
            0,
        ),
        ("Age", "string", _AGE_DOC, 0),
        ("IP", "string", "podIP address allocated to the pod.", 1),
        ("Node", "string", "NodeName indicates in which node this pod is scheduled.", 1),
        (
            "Nominated Node",
            "string",
            "nominatedNodeName is set when this pod preempts other pods.",
            1,
        ),
        ("Readiness Gates", "string", "If specified, all readiness gates will be evaluated.", 1),
    ),
    "events": (
        ("Last Seen", "string", "The time at which the most recent occurrence was recorded.", 0),
        ("Type", "string", "Type of this event (Normal, Warning).", 0),
        ("Reason", "string", "The reason for the transition into the object's current status.", 0),
        ("Object", "string", "The object that this event is about.", 0),
        ("Subobject", "string", "The field of the object the event is about.", 1),
        ("Source", "string", "The component reporting this event.", 1),
        ("Message", "string", "A human-readable description of the status of this operation.", 0),
        ("First Seen", "string", "The time at which the event was first recorded.", 1),
        ("Count", "string", "The number of times this event has occurred.", 1),
        ("Name", "string", _NAME_DOC, 1),
    ),
    "namespaces": (
        ("Name", "string", _NAME_DOC, 0),
        ("Status", "string", "The status of the namespace", 0),
        ("Age", "string", _AGE_DOC, 0),
    ),
}


def column_definitions(plural: str) -> list[dict[str, Any]]:
    """The ``columnDefinitions`` of a resource's Table."""
    out = []
    for name, kind, description, priority in COLUMNS[plural]:
        fmt = "name" if name == "Name" else ""
        out.append(
            {
                "name": name,
                "type": kind,
                "format": fmt,
                "description": description,
                "priority": priority,
            }
        )
    return out


def _job_cells(obj: K8sModel, now: datetime) -> list[Any]:
    assert isinstance(obj, Job)
    return list(job_row(obj, now, wide=True))


def _pod_cells(obj: K8sModel, now: datetime) -> list[Any]:
    assert isinstance(obj, Pod)
    return pod_cells(obj, now)


def _event_cells(obj: K8sModel, now: datetime) -> list[Any]:
    assert isinstance(obj, Event)
    return event_cells(obj, now)


def _namespace_cells(obj: K8sModel, now: datetime) -> list[Any]:
    assert isinstance(obj, Namespace)
    return namespace_cells(obj, now)


_CELLS: Final[dict[str, Callable[[K8sModel, datetime], list[Any]]]] = {
    "jobs": _job_cells,
    "pods": _pod_cells,
    "events": _event_cells,
    "namespaces": _namespace_cells,
}


def _row(
    plural: str, obj: K8sModel, now: datetime, include_object: str, api_version: str
) -> dict[str, Any]:
    row: dict[str, Any] = {"cells": _CELLS[plural](obj, now)}
    if isinstance(obj, Pod):
        conditions = pod_row_conditions(obj)
        if conditions is not None:
            row["conditions"] = conditions
    if include_object == "Object":
        data = obj.to_dict()
        data["apiVersion"] = api_version
        row["object"] = data
    elif include_object == "Metadata":
        row["object"] = {
            "kind": "PartialObjectMetadata",
            "apiVersion": "meta.k8s.io/v1",
            "metadata": obj.to_dict().get("metadata", {}),
        }
    return row


def table(
    plural: str,
    objects: Sequence[K8sModel],
    now: datetime,
    *,
    resource_version: str,
    api_version: str,
    include_object: str = "Metadata",
    no_headers: bool = False,
) -> dict[str, Any]:
    """A ``Table`` of ``objects`` as seen at ``now`` (simulated)."""
    data: dict[str, Any] = {
        "kind": "Table",
        "apiVersion": "meta.k8s.io/v1",
        "metadata": {"resourceVersion": resource_version},
    }
    if not no_headers:
        data["columnDefinitions"] = column_definitions(plural)
    data["rows"] = [_row(plural, obj, now, include_object, api_version) for obj in objects]
    return data
