"""Watch delivery: the bounded change history, watchers, selector filtering and bookmarks.

Owns what happens to a committed change after the store made it: appending it to a
bounded history (a ``deque``, so replay from a resourceVersion costs the number of
events replayed and never the size of the history), offering it to every live watcher
of its resource in registration order, and turning it into the event that watcher must
see (the cacher's ``convertToWatchEvent``: an object entering a watcher's selector is
``ADDED``, leaving it is ``DELETED`` carrying the previous state stamped with the
change's resourceVersion).

Delivery is synchronous: a watcher with a ``handler`` has it called inside the write
that caused the event; otherwise events queue until ``pending()`` drains them. While a
handler runs, ``Hub.dispatching`` is true and the store refuses writes (informer rule:
handlers only enqueue work).

Imports only layer 0/1 (``jobsim.api``, ``jobsim.labels``) and the apiserver's own
``interface``; must not import the store (the store imports this module).
Upstream: apiserver ``pkg/storage/cacher/{cache_watcher.go,watch_cache.go}``.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable

from jobsim.api._base import K8sModel
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.apiserver.interface import EventType, WatchEventRecord
from jobsim.labels import Selector

__all__ = ["Change", "Filter", "Hub", "ObjectMatcher", "Watcher", "with_resource_version"]

ObjectMatcher = Callable[[K8sModel], bool]
"""A compiled field selector: ``obj -> bool``."""


def with_resource_version(obj: K8sModel, rv: int) -> K8sModel:
    """Return a shallow copy of ``obj`` whose ``metadata.resourceVersion`` is ``rv``."""
    meta: ObjectMeta = obj.metadata  # type: ignore[attr-defined]
    return obj.model_copy(
        update={"metadata": meta.model_copy(update={"resource_version": str(rv)})}
    )


class Change:
    """One committed write: its resourceVersion, resource, type, new state and old state.

    For ``DELETED`` the object is the last stored state stamped with the deletion's
    resourceVersion; ``old`` is set only for ``MODIFIED``.
    """

    __slots__ = ("_old_at_rv", "obj", "old", "resource", "rv", "type")

    def __init__(
        self, rv: int, resource: str, type: EventType, obj: K8sModel, old: K8sModel | None = None
    ) -> None:
        self.rv = rv
        self.resource = resource
        self.type: EventType = type
        self.obj = obj
        self.old = old
        self._old_at_rv: K8sModel | None = None

    def old_at_rv(self) -> K8sModel:
        """Return the old state stamped with this change's resourceVersion (selector exit)."""
        if self._old_at_rv is None:
            assert self.old is not None
            self._old_at_rv = with_resource_version(self.old, self.rv)
        return self._old_at_rv


class Filter:
    """What one watcher (or list) wants: namespace, name, label selector, field selector."""

    __slots__ = ("field_match", "label_selector", "name", "namespace")

    def __init__(
        self,
        *,
        namespace: str | None = None,
        name: str | None = None,
        label_selector: Selector | None = None,
        field_match: ObjectMatcher | None = None,
    ) -> None:
        self.namespace = namespace
        self.name = name
        self.label_selector = label_selector
        self.field_match = field_match

    def matches(self, obj: K8sModel) -> bool:
        """Return whether ``obj`` passes every part of the filter."""
        meta: ObjectMeta = obj.metadata  # type: ignore[attr-defined]
        if self.namespace is not None and meta.namespace != self.namespace:
            return False
        if self.name is not None and meta.name != self.name:
            return False
        if self.label_selector is not None and not self.label_selector.matches(meta.labels or {}):
            return False
        return self.field_match is None or self.field_match(obj)


class Watcher:
    """A live watch on one resource; implements ``jobsim.apiserver.interface.WatchHandle``."""

    __slots__ = (
        "_handler",
        "_hub",
        "_queue",
        "_stopped",
        "allow_bookmarks",
        "filter",
        "last_rv",
        "resource",
    )

    def __init__(
        self,
        hub: Hub,
        resource: str,
        filter: Filter,
        *,
        allow_bookmarks: bool,
        handler: Callable[[WatchEventRecord], None] | None,
    ) -> None:
        self._hub = hub
        self.resource = resource
        self.filter = filter
        self.allow_bookmarks = allow_bookmarks
        self._handler = handler
        self._queue: list[WatchEventRecord] = []
        self._stopped = False
        self.last_rv = 0
        """resourceVersion of the last event delivered (what a client re-watches from)."""

    @property
    def stopped(self) -> bool:
        """Whether the watch has ended (``stop()`` or an ERROR event)."""
        return self._stopped

    def stop(self) -> None:
        """End the watch: no further events are delivered; queued ones stay readable."""
        if not self._stopped:
            self._stopped = True
            self._hub.remove(self)

    def pending(self) -> list[WatchEventRecord]:
        """Return and clear the queued events (always empty for a handler watch)."""
        queued, self._queue = self._queue, []
        return queued

    def emit(self, record: WatchEventRecord) -> None:
        """Deliver one event: call the handler (writes refused meanwhile) or queue it."""
        if self._stopped:
            return
        if record.type != "ERROR":
            self.last_rv = record.resource_version
        handler = self._handler
        if handler is None:
            self._queue.append(record)
            return
        hub = self._hub
        hub.dispatching += 1
        try:
            handler(record)
        finally:
            hub.dispatching -= 1

    def offer(self, change: Change) -> None:
        """Turn a change into the event this watcher sees, if any (``convertToWatchEvent``)."""
        matches = self.filter.matches
        if change.type != "MODIFIED":
            if matches(change.obj):
                self.emit(WatchEventRecord(change.type, change.obj, change.rv, change.resource))
            return
        assert change.old is not None
        now = matches(change.obj)
        before = matches(change.old)
        if now and before:
            self.emit(
                WatchEventRecord("MODIFIED", change.obj, change.rv, change.resource, change.old)
            )
        elif now:
            self.emit(WatchEventRecord("ADDED", change.obj, change.rv, change.resource))
        elif before:
            self.emit(WatchEventRecord("DELETED", change.old_at_rv(), change.rv, change.resource))


class Hub:
    """The change history and the live watchers, per resource, in registration order."""

    def __init__(self, history_window: int) -> None:
        """Keep the last ``history_window`` changes for replay (at least 1)."""
        self._history: deque[Change] = deque(maxlen=max(1, history_window))
        self._watchers: dict[str, dict[Watcher, None]] = {}
        self.evicted_upto = 0
        """resourceVersion of the newest change dropped from the history (0: none dropped)."""
        self.dispatching = 0
        """Depth of handler calls in progress; the store refuses writes while non-zero."""

    def history_size(self) -> int:
        """Return how many changes the history holds (at most the window)."""
        return len(self._history)

    def watcher_count(self, resource: str | None = None) -> int:
        """Return the number of live watchers (of one resource, or of all)."""
        if resource is not None:
            return len(self._watchers.get(resource, ()))
        return sum(len(ws) for ws in self._watchers.values())

    def add(self, watcher: Watcher) -> None:
        """Register a live watcher; it sees every change published from now on."""
        self._watchers.setdefault(watcher.resource, {})[watcher] = None

    def remove(self, watcher: Watcher) -> None:
        """Unregister a watcher (idempotent)."""
        watchers = self._watchers.get(watcher.resource)
        if watchers is not None:
            watchers.pop(watcher, None)

    def publish(self, change: Change) -> None:
        """Record a committed change and offer it to the resource's live watchers."""
        history = self._history
        if len(history) == history.maxlen:
            self.evicted_upto = history[0].rv
        history.append(change)
        watchers = self._watchers.get(change.resource)
        if watchers:
            for watcher in tuple(watchers):
                if not watcher.stopped:
                    watcher.offer(change)

    def too_old(self, rv: int) -> bool:
        """Whether changes after ``rv`` are no longer all in the history."""
        return rv < self.evicted_upto

    def changes_since(self, rv: int, resource: str) -> list[Change]:
        """Return the changes of ``resource`` after ``rv``, oldest first (caller checks too_old)."""
        found: list[Change] = []
        for change in reversed(self._history):
            if change.rv <= rv:
                break
            if change.resource == resource:
                found.append(change)
        found.reverse()
        return found

    def bookmark(
        self, rv: int, make_object: Callable[[str, int], K8sModel], resources: Iterable[str]
    ) -> int:
        """Send a BOOKMARK at ``rv`` to every live watcher that allows them; return how many."""
        sent = 0
        for resource in resources:
            for watcher in tuple(self._watchers.get(resource, ())):
                if watcher.allow_bookmarks and not watcher.stopped:
                    obj = make_object(resource, rv)
                    watcher.emit(WatchEventRecord("BOOKMARK", obj, rv, resource))
                    sent += 1
        return sent
