"""The event recorder: controllers report Kubernetes Events through the API server.

Owns: building core/v1 ``Event`` objects the way client-go's ``record`` package does
(``involvedObject``, ``source.component``, ``first/lastTimestamp``, ``count``,
``reportingComponent``) and writing them as client-go's ``recordToSink`` does after its
``EventCorrelator`` (``jobsim.events_correlator``): create a new Event, PATCH
``count``/``lastTimestamp``/``message`` of an earlier one, or drop a spam-filtered one.
``EventRecorder(..., correlate=False)`` skips the correlator and creates every event.
Names are ``<object>.<hex of Unix nanoseconds>`` like upstream's, made unique with a
suffix when two events share an instant.

Every call of ``event`` is first reported to the ``on_emit`` hooks (what the controller
emitted, whatever is stored). Only the names used at the current instant are remembered
(an earlier instant's name could only come back as ``<hex(t2)>`` == ``<hex(t1)><hex(n)>``,
i.e. at ``t2 >= 16 * t1`` Unix nanoseconds, centuries after the default epoch).

Imports the API models, the errors and the correlator; must not import controllers or
anything above them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from jobsim.api.core_v1 import Event
from jobsim.errors import APIError, NotFoundError
from jobsim.events_correlator import MAX_LRU_CACHE_ENTRIES, EventCorrelator, EventDraft

if TYPE_CHECKING:
    from jobsim.apiserver.interface import APIServerProtocol
    from jobsim.clock import SimClock

__all__ = ["MAX_LRU_CACHE_ENTRIES", "EmitHook", "EventRecorder"]

EmitHook = Callable[[Any, str, str, str], None]
"""``hook(obj, event_type, reason, message)``, called for every emitted event."""


class EventRecorder:
    """Records Events for one component (``job-controller``, ``kubelet``, ...)."""

    def __init__(
        self,
        api: APIServerProtocol,
        clock: SimClock,
        component: str,
        *,
        enabled: bool = True,
        correlate: bool = True,
    ) -> None:
        """A recorder; ``correlate=False`` creates one Event per call (no client-go correlator)."""
        self._api = api
        self._clock = clock
        self.component = component
        self.enabled = enabled
        self.correlator: EventCorrelator | None = (
            EventCorrelator(clock, self._name_for, lru_cache_size=MAX_LRU_CACHE_ENTRIES)
            if correlate
            else None
        )
        self.on_emit: list[EmitHook] = []
        self._names: set[str] = set()
        self._next_suffix: dict[str, int] = {}
        self._names_at: float | None = None

    def event(self, obj: Any, event_type: str, reason: str, message: str) -> None:
        """Record an event about ``obj`` (``recorder.Event``)."""
        for hook in list(self.on_emit):
            hook(obj, event_type, reason, message)
        if not self.enabled:
            return
        draft = self._make_event(obj, event_type, reason, message)
        if self.correlator is None:
            self._create(draft.to_event())
            return
        result = self.correlator.event_correlate(draft)
        if result.skip or result.event is None:
            return
        self._record_event(result.event, result.patch)

    def _make_event(self, obj: Any, event_type: str, reason: str, message: str) -> EventDraft:
        """client-go ``recorderImpl.makeEvent`` (the model is built only if it is written)."""
        meta = obj.metadata
        return EventDraft(
            name=self._name_for(meta.name or ""),
            namespace=meta.namespace or "default",
            kind=type(obj).object_kind,
            object_name=meta.name or "",
            uid=meta.uid or "",
            api_version=type(obj).group_version,
            resource_version=meta.resource_version or "",
            component=self.component,
            type=event_type,
            reason=reason,
            message=message,
            timestamp=self._clock.now_time(),
        )

    def _record_event(self, event: Event, patch: dict[str, Any] | None) -> None:
        """client-go ``recordEvent``: patch a repeated event (create it if gone), else create."""
        namespace = event.metadata.namespace or "default"
        if event.count > 1 and patch is not None:
            try:
                stored = self._api.patch(
                    "events", event.metadata.name or "", patch, namespace=namespace
                )
            except NotFoundError:
                pass  # removed meanwhile (e.g. its TTL): create it again, count kept
            except APIError:
                return  # upstream drops events the server rejects
            else:
                self._update_state(stored)
                return
        self._create(event)

    def _create(self, event: Event) -> None:
        try:
            stored = self._api.create("events", event, namespace=event.metadata.namespace)
        except APIError:
            return  # upstream drops events it cannot write
        self._update_state(stored)

    def _update_state(self, stored: object) -> None:
        if self.correlator is not None and isinstance(stored, Event):
            self.correlator.update_state(stored)

    def _unix_nanos(self) -> int:
        """Simulated now as Unix nanoseconds (``t.UnixNano()`` of client-go's ``makeEvent``)."""
        epoch_ns = int(self._clock.epoch.timestamp()) * 1_000_000_000
        return epoch_ns + round(self._clock.now() * 1_000_000_000)

    def _name_for(self, object_name: str) -> str:
        """``<object>.<hex nanos>``, suffixed when already used at this instant."""
        now = self._clock.now()
        if now != self._names_at:
            self._names.clear()
            self._next_suffix.clear()
            self._names_at = now
        base = f"{object_name}.{self._unix_nanos():x}"
        name = base
        # Suffixes below the remembered one are all taken (names are only added until the
        # instant changes), so the search resumes there: O(1) per name, not O(names so far).
        n = self._next_suffix.get(base, 1)
        if n > 1:
            name = f"{base}{n:x}"
        while name in self._names:
            n += 1
            name = f"{base}{n:x}"
        self._next_suffix[base] = n
        self._names.add(name)
        return name
