"""core/v1 Event, EventList, ObjectReference, Namespace and NamespaceList.

Owns the shapes of the ``v1`` Event (what ``kubectl get events`` and the Job
controller's recorder produce) and of Namespace (for NamespaceLifecycle). Go
typing rules: see ``jobsim.api.core_v1_container``.

Pure data: no recorder logic, no store. Imports only ``jobsim.api._base``,
``jobsim.api._object`` and ``jobsim.api.meta_v1``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import ClassVar

from pydantic import Field

from jobsim.api._base import Int32, MicroTime, Time
from jobsim.api._object import APIList, APIObject, GoStruct
from jobsim.api.meta_v1 import ListMeta, ObjectMeta

__all__ = [
    "Event",
    "EventList",
    "EventSeries",
    "EventSource",
    "EventType",
    "Namespace",
    "NamespaceCondition",
    "NamespaceList",
    "NamespacePhase",
    "NamespaceSpec",
    "NamespaceStatus",
    "ObjectReference",
]


class EventType(StrEnum):
    """Event ``type``: ``Normal`` or ``Warning``."""

    NORMAL = "Normal"
    WARNING = "Warning"


class ObjectReference(GoStruct):
    """``ObjectReference``: which object an event is about (every field ``omitempty``)."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {"kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath"}
    )

    kind: str = ""
    namespace: str = ""
    name: str = ""
    uid: str = ""
    api_version: str = ""
    resource_version: str = ""
    field_path: str = ""


class EventSource(GoStruct):
    """``EventSource``: the component (``job-controller``) and host that reported an event."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"component", "host"})

    component: str = ""
    host: str = ""


class EventSeries(GoStruct):
    """``EventSeries``: how often an isomorphic event was seen."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"lastObservedTime"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"count"})

    count: Int32 = 0
    last_observed_time: MicroTime | None = None


class Event(APIObject):
    """``Event`` (core/v1); ``reportingComponent``/``reportingInstance`` are always written."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "Event"
    list_kind: ClassVar[str] = "EventList"
    plural: ClassVar[str] = "events"
    singular: ClassVar[str] = "event"
    namespaced: ClassVar[bool] = True
    short_names: ClassVar[tuple[str, ...]] = ("ev",)

    __always_written__: ClassVar[frozenset[str]] = frozenset(
        {"reporting_component", "reporting_instance"}
    )
    __keep_null__: ClassVar[frozenset[str]] = frozenset(
        {"firstTimestamp", "lastTimestamp", "eventTime"}
    )
    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {"kind", "apiVersion", "reason", "message", "count", "type", "action"}
    )

    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    involved_object: ObjectReference = Field(default_factory=ObjectReference)
    reason: str = ""
    message: str = ""
    source: EventSource = Field(default_factory=EventSource)
    first_timestamp: Time | None = None
    last_timestamp: Time | None = None
    count: Int32 = 0
    type: str = ""
    event_time: MicroTime | None = None
    series: EventSeries | None = None
    action: str = ""
    related: ObjectReference | None = None
    reporting_component: str = ""
    reporting_instance: str = ""


class EventList(APIList):
    """``EventList``."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "EventList"
    item_model: ClassVar[type[APIObject]] = Event

    metadata: ListMeta = Field(default_factory=ListMeta)
    items: list[Event] = Field(default_factory=list)


class NamespacePhase(StrEnum):
    """``NamespacePhase``: ``Active`` or ``Terminating``."""

    ACTIVE = "Active"
    TERMINATING = "Terminating"


class NamespaceSpec(GoStruct):
    """``NamespaceSpec``: the finalizers that must run before a namespace is removed."""

    finalizers: list[str] | None = None


class NamespaceCondition(GoStruct):
    """``NamespaceCondition`` (``NamespaceDeletionContentFailure``, ...)."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"lastTransitionTime"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"reason", "message"})

    type: str = ""
    status: str = ""
    last_transition_time: Time | None = None
    reason: str = ""
    message: str = ""


class NamespaceStatus(GoStruct):
    """``NamespaceStatus``: the phase and conditions of a namespace."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"phase"})

    phase: str = ""
    conditions: list[NamespaceCondition] | None = None


class Namespace(APIObject):
    """``Namespace`` (core/v1, cluster-scoped)."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "Namespace"
    list_kind: ClassVar[str] = "NamespaceList"
    plural: ClassVar[str] = "namespaces"
    singular: ClassVar[str] = "namespace"
    namespaced: ClassVar[bool] = False
    short_names: ClassVar[tuple[str, ...]] = ("ns",)

    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: NamespaceSpec = Field(default_factory=NamespaceSpec)
    status: NamespaceStatus = Field(default_factory=NamespaceStatus)


class NamespaceList(APIList):
    """``NamespaceList``."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "NamespaceList"
    item_model: ClassVar[type[APIObject]] = Namespace

    metadata: ListMeta = Field(default_factory=ListMeta)
    items: list[Namespace] = Field(default_factory=list)
