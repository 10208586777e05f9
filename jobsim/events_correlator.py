"""client-go's ``EventCorrelator`` (``tools/record/events_cache.go``) on the simulated clock.

Owns the three steps of ``EventCorrelate``, in upstream's order: (1) aggregation
(``EventAggregator``: once ``defaultAggregateMaxEvents`` = 10 distinct messages of one
source/object/type/reason/reporting controller are seen with no gap over
``defaultAggregateIntervalInSeconds`` = 600 s, the event becomes the aggregate Event
``(combined from similar events): <message>`` keyed by the aggregate key);
(2) de-duplication (``eventLogger.eventObserve``: a key seen before reuses the earlier
Event's name and ``firstTimestamp`` with ``count + 1`` and yields the PATCH of
``count``/``lastTimestamp``/``message``); (3) the spam filter
(``EventSourceObjectSpamFilter``: a token bucket per source + object, burst 25, refill
``float32(1/300)`` per second, starting full; an event with no token is skipped). Each
cache keeps the ``maxLruCacheEntries`` = 4096 most recently used keys.

Deliberate determinism: upstream's ``localKeys.PopAny()`` drops an arbitrary message
from a full aggregate set (Go map order); here it drops the oldest-inserted one.

The steps work on :class:`EventDraft` (an Event's fields as plain values); the ``Event``
model is built only for what is written, since most events of a busy controller are
dropped by the spam filter. Pure bookkeeping over drafts, ``Event`` models and a clock; must
not import the store, the recorder or anything above ``jobsim.api``/``jobsim.clock``.
"""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, Generic, TypeVar

from jobsim.api.core_v1 import Event, EventSource, ObjectReference
from jobsim.api.meta_v1 import ObjectMeta

if TYPE_CHECKING:
    from jobsim.clock import SimClock

__all__ = [
    "AGGREGATE_MESSAGE_PREFIX",
    "DEFAULT_AGGREGATE_INTERVAL_IN_SECONDS",
    "DEFAULT_AGGREGATE_MAX_EVENTS",
    "DEFAULT_SPAM_BURST",
    "DEFAULT_SPAM_QPS",
    "MAX_LRU_CACHE_ENTRIES",
    "EventCorrelateResult",
    "EventCorrelator",
    "EventDraft",
]

MAX_LRU_CACHE_ENTRIES: Final = 4096
"""client-go ``record`` ``maxLruCacheEntries``: keys each correlator cache remembers."""
DEFAULT_AGGREGATE_MAX_EVENTS: Final = 10
"""``defaultAggregateMaxEvents``: distinct messages before similar events are combined."""
DEFAULT_AGGREGATE_INTERVAL_IN_SECONDS: Final = 600
"""``defaultAggregateIntervalInSeconds``: a longer gap starts a fresh aggregate record."""
DEFAULT_SPAM_BURST: Final = 25
"""``defaultSpamBurst``: events a source may burst about one object."""
DEFAULT_SPAM_QPS: Final[float] = struct.unpack("f", struct.pack("f", 1.0 / 300.0))[0]
"""``defaultSpamQPS`` = 1/300, as the ``float32`` the spam filter stores it in."""
AGGREGATE_MESSAGE_PREFIX: Final = "(combined from similar events): "
"""``EventAggregatorByReasonMessageFunc``'s prefix."""

_K = TypeVar("_K")
_V = TypeVar("_V")


class _LRU(Generic[_K, _V]):
    """``groupcache/lru.Cache``: ``get`` and ``add`` mark a key most recently used."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: dict[_K, _V] = {}

    def get(self, key: _K) -> _V | None:
        value = self._items.pop(key, None)
        if value is not None:
            self._items[key] = value
        return value

    def add(self, key: _K, value: _V) -> None:
        self._items.pop(key, None)
        self._items[key] = value
        if len(self._items) > self._size:
            del self._items[next(iter(self._items))]

    def __len__(self) -> int:
        return len(self._items)


@dataclass
class _TokenBucket:
    """``x/time/rate.Limiter`` as ``flowcontrol.NewTokenBucketRateLimiterWithClock`` makes it."""

    tokens: float
    last: float

    def try_accept(self, now: float, qps: float, burst: int) -> bool:
        """``TryAccept``: take one token if there is one; state changes only on success."""
        tokens = min(float(burst), self.tokens + max(0.0, now - self.last) * qps)
        if tokens < 1.0:
            return False
        self.tokens = tokens - 1.0
        self.last = max(now, self.last)
        return True


@dataclass
class _AggregateRecord:
    """``aggregateRecord``: the distinct messages seen and when the last one was."""

    local_keys: dict[str, None] = field(default_factory=dict)
    last_timestamp: float | None = None


@dataclass(frozen=True)
class _Observation:
    """``eventLog``: how often a key was seen, and its Event's first time and name."""

    count: int
    first_timestamp: datetime | None
    name: str


@dataclass(frozen=True)
class EventCorrelateResult:
    """``EventCorrelateResult``: the event to write, the PATCH for a repeat, or skip."""

    event: Event | None = None
    patch: dict[str, Any] | None = None
    skip: bool = False


@dataclass(slots=True)
class EventDraft:
    """An Event's fields as plain values: what ``makeEvent`` fills in, before the model.

    ``aggregate``: built as ``EventAggregate`` builds its Event (no reporting fields);
    ``repeat``: the earlier Event's name, ``firstTimestamp`` and the new count, as
    ``eventObserve`` sets them on a repeat.
    """

    name: str
    namespace: str
    kind: str
    object_name: str
    uid: str
    api_version: str
    resource_version: str
    component: str
    type: str
    reason: str
    message: str
    timestamp: datetime
    aggregate: bool = False
    repeat: tuple[str, datetime | None, int] | None = None

    def _reference(self) -> ObjectReference:
        return ObjectReference(
            kind=self.kind,
            namespace=self.namespace,
            name=self.object_name,
            uid=self.uid,
            api_version=self.api_version,
            resource_version=self.resource_version,
        )

    def to_event(self) -> Event:
        """The ``Event`` model, field for field as upstream's recorder and correlator build it."""
        meta = ObjectMeta(name=self.name, namespace=self.namespace)
        source = EventSource(component=self.component)
        if self.aggregate:
            event = Event(
                metadata=meta,
                count=1,
                first_timestamp=self.timestamp,
                involved_object=self._reference(),
                last_timestamp=self.timestamp,
                message=self.message,
                type=self.type,
                reason=self.reason,
                source=source,
            )
        else:
            event = Event(
                metadata=meta,
                involved_object=self._reference(),
                reason=self.reason,
                message=self.message,
                source=source,
                first_timestamp=self.timestamp,
                last_timestamp=self.timestamp,
                count=1,
                type=self.type,
                reporting_component=self.component,
            )
        if self.repeat is None:
            return event
        name, first_timestamp, count = self.repeat
        return event.model_copy(
            update={
                "metadata": event.metadata.model_copy(update={"name": name}),
                "first_timestamp": first_timestamp,
                "count": count,
            }
        )

    @property
    def count(self) -> int:
        """The Event's ``count``."""
        return 1 if self.repeat is None else self.repeat[2]

    @property
    def first_timestamp(self) -> datetime | None:
        """The Event's ``firstTimestamp``."""
        return self.timestamp if self.repeat is None else self.repeat[1]

    @property
    def event_name(self) -> str:
        """The Event's name (the earlier Event's for a repeat)."""
        return self.name if self.repeat is None else self.repeat[0]

    @property
    def reporting_component(self) -> str:
        """``reportingComponent`` (empty on an aggregate Event)."""
        return "" if self.aggregate else self.component


def draft_of(event: Event) -> EventDraft:
    """The draft of a stored Event (for the keys of ``UpdateState``)."""
    ref = event.involved_object
    return EventDraft(
        name=event.metadata.name or "",
        namespace=event.metadata.namespace or "",
        kind=ref.kind,
        object_name=ref.name,
        uid=ref.uid,
        api_version=ref.api_version,
        resource_version=ref.resource_version,
        component=event.source.component,
        type=event.type,
        reason=event.reason,
        message=event.message,
        timestamp=event.last_timestamp or datetime.min,
    )


def _event_key(draft: EventDraft) -> tuple[str, ...]:
    """``getEventKey``: source, involved object (with fieldPath), type, reason, message."""
    return (
        "event",
        draft.component,
        "",
        draft.kind,
        draft.namespace,
        draft.object_name,
        "",
        draft.uid,
        draft.api_version,
        draft.type,
        draft.reason,
        draft.message,
    )


def _spam_key(draft: EventDraft) -> tuple[str, ...]:
    """``getSpamKey``: source and involved object."""
    return (
        draft.component,
        "",
        draft.kind,
        draft.namespace,
        draft.object_name,
        draft.uid,
        draft.api_version,
    )


def _aggregate_key(draft: EventDraft) -> tuple[str, ...]:
    """``EventAggregatorByReasonFunc``'s aggregate key (its local key is the message)."""
    return (
        "aggregate",
        *_spam_key(draft),
        draft.type,
        draft.reason,
        draft.reporting_component,
        "",
    )


def _patch(event: Event) -> dict[str, Any]:
    """A repeated event's strategic-merge PATCH: its ``count``, ``lastTimestamp``, ``message``."""
    body = event.to_dict()
    return {k: body[k] for k in ("count", "lastTimestamp", "message") if k in body}


class EventCorrelator:
    """``EventCorrelator`` with client-go's defaults (``NewEventCorrelator``)."""

    def __init__(
        self,
        clock: SimClock,
        name_for: Callable[[str], str],
        *,
        lru_cache_size: int = MAX_LRU_CACHE_ENTRIES,
        burst: int = DEFAULT_SPAM_BURST,
        qps: float = DEFAULT_SPAM_QPS,
        max_events: int = DEFAULT_AGGREGATE_MAX_EVENTS,
        max_interval_in_seconds: int = DEFAULT_AGGREGATE_INTERVAL_IN_SECONDS,
    ) -> None:
        """A correlator; ``name_for(object_name)`` names a new aggregate Event."""
        self._clock = clock
        self._name_for = name_for
        self.burst = burst
        self.qps = qps
        self.max_events = max_events
        self.max_interval_in_seconds = max_interval_in_seconds
        self._spam: _LRU[tuple[str, ...], _TokenBucket] = _LRU(lru_cache_size)
        self._aggregates: _LRU[tuple[str, ...], _AggregateRecord] = _LRU(lru_cache_size)
        self._observations: _LRU[tuple[str, ...], _Observation] = _LRU(lru_cache_size)

    def event_correlate(self, new_event: EventDraft) -> EventCorrelateResult:
        """``EventCorrelate``: aggregate, then de-duplicate, then spam-filter."""
        aggregate_event, key = self.event_aggregate(new_event)
        observed, repeated = self.event_observe(aggregate_event, key)
        if self.filter(observed):
            return EventCorrelateResult(skip=True)
        event = observed.to_event()
        return EventCorrelateResult(event=event, patch=_patch(event) if repeated else None)

    def event_aggregate(self, new_event: EventDraft) -> tuple[EventDraft, tuple[str, ...]]:
        """``EventAggregate``: the event (or its aggregate) and its cache key."""
        now = self._clock.now()
        event_key = _event_key(new_event)
        aggregate_key = _aggregate_key(new_event)
        record = self._aggregates.get(aggregate_key)
        if (
            record is None
            or record.last_timestamp is None
            or now - record.last_timestamp > self.max_interval_in_seconds
        ):
            record = _AggregateRecord()
        record.local_keys[new_event.message] = None
        record.last_timestamp = now
        self._aggregates.add(aggregate_key, record)
        if len(record.local_keys) < self.max_events:
            return new_event, event_key
        del record.local_keys[next(iter(record.local_keys))]  # PopAny, deterministically
        aggregate = replace(
            new_event,
            name=self._name_for(new_event.object_name),
            message=AGGREGATE_MESSAGE_PREFIX + new_event.message,
            timestamp=self._clock.now_time(),
            aggregate=True,
        )
        return aggregate, aggregate_key

    def event_observe(self, new_event: EventDraft, key: tuple[str, ...]) -> tuple[EventDraft, bool]:
        """``eventObserve``: a repeat of ``key`` updates the earlier Event; True for a repeat.

        The repeat's PATCH body (``_patch``) is built only for events the spam filter lets
        through: upstream builds it first, but a dropped event's patch is never read.
        """
        last = self._observations.get(key)
        repeated = last is not None and last.count > 0
        event = new_event
        if repeated:
            assert last is not None
            event = replace(new_event, repeat=(last.name, last.first_timestamp, last.count + 1))
        self._observations.add(
            key, _Observation(event.count, event.first_timestamp, event.event_name)
        )
        return event, repeated

    def update_state(self, event: Event) -> None:
        """``UpdateState``: remember the server's copy under its full event key."""
        self._observations.add(
            _event_key(draft_of(event)),
            _Observation(event.count, event.first_timestamp, event.metadata.name or ""),
        )

    def filter(self, event: EventDraft) -> bool:
        """``EventSourceObjectSpamFilter.Filter``: True when the event must be dropped."""
        key = _spam_key(event)
        now = self._clock.now()
        bucket = self._spam.get(key)
        if bucket is None:
            bucket = _TokenBucket(tokens=float(self.burst), last=now)
        accepted = bucket.try_accept(now, self.qps, self.burst)
        self._spam.add(key, bucket)
        return not accepted
