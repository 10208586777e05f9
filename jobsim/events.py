"""The event recorder: controllers report Kubernetes Events through the API server.

Owns: building core/v1 ``Event`` objects the way client-go's ``record``
package does (``involvedObject``, ``source.component``, ``first/lastTimestamp``,
``count``, ``reportingComponent``) and creating them in the store. Repeated
identical events for one object are aggregated into one Event with a growing
``count`` and a new ``lastTimestamp``, as client-go's event correlator does.
Names are ``<object>.<hex of Unix nanoseconds>`` like upstream's, made
unique with a suffix when two events share an instant.

Memory is bounded, as client-go's is: the aggregation cache keeps the 4096 most
recently used event keys (``maxLruCacheEntries``), and only the names used at the
current instant are remembered (an earlier instant's name could only come back as
``<hex(t2)>`` == ``<hex(t1)><hex(n)>``, i.e. at ``t2 >= 16 * t1`` Unix nanoseconds,
centuries after the default epoch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final

from jobsim.api.core_v1 import Event, EventSource, ObjectReference
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.errors import APIError

if TYPE_CHECKING:
    from jobsim.apiserver.interface import APIServerProtocol
    from jobsim.clock import SimClock

__all__ = ["MAX_LRU_CACHE_ENTRIES", "EventRecorder"]

MAX_LRU_CACHE_ENTRIES: Final = 4096
"""client-go ``record`` ``maxLruCacheEntries``: event keys the correlator remembers."""


class EventRecorder:
    """Records Events for one component (``job-controller``, ``kubelet``, ...)."""

    def __init__(
        self,
        api: APIServerProtocol,
        clock: SimClock,
        component: str,
        *,
        enabled: bool = True,
    ) -> None:
        self._api = api
        self._clock = clock
        self.component = component
        self.enabled = enabled
        self._aggregate: dict[tuple[str, str, str, str, str], str] = {}
        self._names: set[str] = set()
        self._names_at: float | None = None

    def event(self, obj: Any, event_type: str, reason: str, message: str) -> None:
        """Record an event about ``obj`` (``recorder.Event``)."""
        if not self.enabled:
            return
        meta = obj.metadata
        namespace = meta.namespace or "default"
        key = (namespace, meta.uid or "", event_type, reason, message)
        now = self._clock.now_time()
        existing = self._aggregate.pop(key, None)
        if existing is not None:
            self._aggregate[key] = existing  # most recently used
            if self._bump(namespace, existing, now):
                return
        ref = ObjectReference(
            kind=type(obj).object_kind,
            namespace=namespace,
            name=meta.name or "",
            uid=meta.uid or "",
            api_version=type(obj).group_version,
            resource_version=meta.resource_version or "",
        )
        name = self._unique_name(f"{meta.name}.{self._unix_nanos():x}")
        event = Event(
            metadata=ObjectMeta(name=name, namespace=namespace),
            involved_object=ref,
            reason=reason,
            message=message,
            source=EventSource(component=self.component),
            first_timestamp=now,
            last_timestamp=now,
            count=1,
            type=event_type,
            reporting_component=self.component,
        )
        try:
            self._api.create("events", event, namespace=namespace)
        except APIError:
            return  # upstream drops events it cannot write
        self._aggregate.pop(key, None)
        self._aggregate[key] = name
        if len(self._aggregate) > MAX_LRU_CACHE_ENTRIES:
            del self._aggregate[next(iter(self._aggregate))]

    def _unix_nanos(self) -> int:
        """Simulated now as Unix nanoseconds (``t.UnixNano()`` of client-go's ``makeEvent``)."""
        epoch_ns = int(self._clock.epoch.timestamp()) * 1_000_000_000
        return epoch_ns + round(self._clock.now() * 1_000_000_000)

    def _bump(self, namespace: str, name: str, now: object) -> bool:
        try:
            current = self._api.get("events", name, namespace=namespace)
        except APIError:
            return False
        assert isinstance(current, Event)
        updated = current.model_copy(update={"count": current.count + 1, "last_timestamp": now})
        try:
            self._api.replace("events", updated, namespace=namespace)
        except APIError:
            return False
        return True

    def _unique_name(self, base: str) -> str:
        now = self._clock.now()
        if now != self._names_at:
            self._names.clear()
            self._names_at = now
        name = base
        n = 1
        while name in self._names:
            n += 1
            name = f"{base}{n:x}"
        self._names.add(name)
        return name
