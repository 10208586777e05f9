"""The apiserver's state: stored objects, their indexes, the resourceVersion counter, commits.

Owns the only mutable data of the in-memory apiserver and the three primitive writes
(``add``, ``modify``, ``remove``), each of which bumps the one global resourceVersion,
keeps every index exact and publishes exactly one change to the watch hub. Everything
above (``writes``, ``deletion``, ``store``) decides *what* to write; this module only
writes it.

Indexes, so that reads cost in proportion to their answer:

* ``(resource, namespace) -> name -> object`` (namespace-scoped list/get);
* ``uid -> (resource, namespace, name)`` (owner existence checks, the GC);
* ``owner uid -> dependents`` for every ownerReference (``pods_owned_by``, the GC).

Stored objects are shared with readers and never mutated after commit; a commit takes
ownership of the object it is given and stamps its ``metadata.resourceVersion``.

Resources with a TTL (Events: the apiserver's ``--event-ttl``, default 1 h) get a deadline of
*now + TTL* at every create and update, as etcd leases are renewed on each write; ``expire()``
removes the objects whose deadline has passed (each a ``DELETED`` change, as a lease expiry
is). Deadlines are kept in write order, which is deadline order, so expiry costs O(1) per
object and a check costs O(1).
Iteration orders are insertion or sorted orders (never ``set`` order), for determinism.

Imports layers 0/1 and ``jobsim.apiserver.{names,watch}``; must not import the store.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import Any

from jobsim.api._base import K8sModel
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.apiserver.names import NameGenerator
from jobsim.apiserver.watch import Change, Hub, with_resource_version
from jobsim.clock import SimClock

__all__ = ["Key", "ObjectStore", "meta_of"]

Key = tuple[str, str, str]
"""``(resource, namespace, name)``; namespace is ``""`` for cluster-scoped objects."""


def meta_of(obj: K8sModel) -> ObjectMeta:
    """Return ``obj.metadata`` (every served kind has one)."""
    meta: ObjectMeta = obj.metadata  # type: ignore[attr-defined]
    return meta


def _owner_uids(meta: ObjectMeta) -> tuple[str, ...]:
    refs = meta.owner_references
    if not refs:
        return ()
    return tuple(dict.fromkeys(ref.uid for ref in refs if ref.uid))


class ObjectStore:
    """Objects by resource/namespace/name, with uid and owner indexes, and the watch hub."""

    def __init__(
        self,
        *,
        clock: SimClock,
        rng: random.Random,
        history_window: int,
        ttls: Mapping[str, float] | None = None,
    ) -> None:
        """Start empty at resourceVersion 0 with ``history_window`` changes kept for watches.

        ``ttls`` maps a resource plural to its objects' time to live in seconds.
        """
        self.clock = clock
        self.names = NameGenerator(rng)
        self.hub = Hub(history_window)
        self.rv = 0
        self.warnings: list[str] = []
        """Warnings of the request in progress (the HTTP ``Warning: 299`` headers)."""
        self.visited = 0
        """Objects examined by reads so far (a cost counter for tests, never reset)."""
        self._objects: dict[str, dict[str, dict[str, K8sModel]]] = {}
        self._by_uid: dict[str, Key] = {}
        self._dependents: dict[str, dict[Key, K8sModel]] = {}
        """owner uid -> {dependent key: its current object}, in order of first reference."""
        self._ttls = {r: float(t) for r, t in (ttls or {}).items() if t is not None and t > 0}
        self._deadlines: dict[str, dict[Key, float]] = {r: {} for r in self._ttls}

    # --- reads ---------------------------------------------------------------------

    def lookup(self, resource: str, namespace: str, name: str) -> K8sModel | None:
        """Return the stored object, or ``None``."""
        bucket = self._objects.get(resource, {}).get(namespace)
        return bucket.get(name) if bucket is not None else None

    def iter_namespace(self, resource: str, namespace: str) -> Iterator[K8sModel]:
        """Yield a namespace's objects of ``resource``, sorted by name (etcd key order)."""
        bucket = self._objects.get(resource, {}).get(namespace)
        if not bucket:
            return iter(())
        self.visited += len(bucket)
        return (bucket[name] for name in sorted(bucket))

    def iter_all(self, resource: str) -> Iterator[K8sModel]:
        """Yield every object of ``resource``, sorted by namespace then name."""
        buckets = self._objects.get(resource, {})
        for namespace in sorted(buckets):
            yield from self.iter_namespace(resource, namespace)

    def count(self, resource: str, namespace: str | None = None) -> int:
        """Return how many objects of ``resource`` are stored (in one namespace, or in all)."""
        buckets = self._objects.get(resource, {})
        if namespace is not None:
            return len(buckets.get(namespace, ()))
        return sum(len(b) for b in buckets.values())

    def namespaces_in_use(self, resource: str) -> list[str]:
        """Return the namespaces that hold objects of ``resource``."""
        return [ns for ns, bucket in self._objects.get(resource, {}).items() if bucket]

    def by_uid(self, uid: str) -> tuple[str, K8sModel] | None:
        """Return ``(resource, object)`` for a uid, or ``None``."""
        key = self._by_uid.get(uid)
        if key is None:
            return None
        obj = self.lookup(*key)
        return None if obj is None else (key[0], obj)

    def dependents(self, owner_uid: str, resource: str | None = None) -> list[tuple[str, K8sModel]]:
        """Return ``(resource, object)`` of every object with an ownerReference to the uid."""
        deps = self._dependents.get(owner_uid)
        if not deps:
            return []
        self.visited += len(deps)
        if resource is None:
            return [(key[0], obj) for key, obj in deps.items()]
        return [(resource, obj) for key, obj in deps.items() if key[0] == resource]

    # --- commits -------------------------------------------------------------------

    def _next_rv(self) -> int:
        self.rv += 1
        return self.rv

    def _index_owners(
        self, key: Key, old: tuple[str, ...], new: tuple[str, ...], obj: K8sModel | None
    ) -> None:
        """Keep ``_dependents`` exact: drop ``old``-only owners, point the rest at ``obj``."""
        for uid in old:
            if uid not in new:
                deps = self._dependents.get(uid)
                if deps is not None:
                    deps.pop(key, None)
                    if not deps:
                        del self._dependents[uid]
        if obj is None:
            return
        for uid in new:
            # An existing entry keeps its place (first-reference order); a new one goes last.
            self._dependents.setdefault(uid, {})[key] = obj

    def add(self, resource: str, obj: K8sModel) -> int:
        """Store a new object (taking ownership), stamp its resourceVersion, publish ADDED."""
        meta = meta_of(obj)
        namespace, name = meta.namespace or "", meta.name or ""
        rv = self._next_rv()
        meta.resource_version = str(rv)
        buckets = self._objects.setdefault(resource, {})
        buckets.setdefault(namespace, {})[name] = obj
        key = (resource, namespace, name)
        if meta.uid:
            self._by_uid[meta.uid] = key
        self._index_owners(key, (), _owner_uids(meta), obj)
        if resource in self._ttls:
            self._renew(resource, key)
        self.hub.publish(Change(rv, resource, "ADDED", obj))
        return rv

    def modify(self, resource: str, new: K8sModel, old: K8sModel) -> int:
        """Replace a stored object by ``new`` (same key and uid), publish MODIFIED."""
        meta = meta_of(new)
        namespace, name = meta.namespace or "", meta.name or ""
        rv = self._next_rv()
        meta.resource_version = str(rv)
        self._objects[resource][namespace][name] = new
        key = (resource, namespace, name)
        self._index_owners(key, _owner_uids(meta_of(old)), _owner_uids(meta), new)
        if resource in self._ttls:
            self._renew(resource, key)
        self.hub.publish(Change(rv, resource, "MODIFIED", new, old))
        return rv

    def remove(self, resource: str, old: K8sModel) -> tuple[int, K8sModel]:
        """Remove a stored object; publish DELETED with its last state at the new RV."""
        meta = meta_of(old)
        namespace, name = meta.namespace or "", meta.name or ""
        rv = self._next_rv()
        bucket = self._objects[resource][namespace]
        del bucket[name]
        if not bucket:
            del self._objects[resource][namespace]
        key = (resource, namespace, name)
        if meta.uid and self._by_uid.get(meta.uid) == key:
            del self._by_uid[meta.uid]
        self._index_owners(key, _owner_uids(meta), (), None)
        if resource in self._ttls:
            self._deadlines[resource].pop(key, None)
        last = with_resource_version(old, rv)
        self.hub.publish(Change(rv, resource, "DELETED", last))
        return rv, last

    # --- time to live -----------------------------------------------------------------

    def _renew(self, resource: str, key: Key) -> None:
        deadlines = self._deadlines[resource]
        deadlines.pop(key, None)
        deadlines[key] = self.clock.now() + self._ttls[resource]

    def ttl(self, resource: str) -> float | None:
        """Return the time to live of ``resource``'s objects (seconds), if they have one."""
        return self._ttls.get(resource)

    def expire(self) -> int:
        """Remove every object whose TTL has run out (a ``DELETED`` each); return how many."""
        if not self._ttls:
            return 0
        now = self.clock.now()
        removed = 0
        for resource, deadlines in self._deadlines.items():
            while deadlines:
                key = next(iter(deadlines))
                if deadlines[key] > now:
                    break
                obj = self.lookup(*key)
                if obj is None:  # pragma: no cover - remove() keeps deadlines exact
                    del deadlines[key]
                    continue
                self.remove(resource, obj)
                removed += 1
        return removed

    def stats(self) -> dict[str, Any]:
        """Return sizes of the store and its indexes (for tests and debugging)."""
        return {
            "resource_version": self.rv,
            "objects": sum(self.count(r) for r in self._objects),
            "uids": len(self._by_uid),
            "owners": len(self._dependents),
            "watchers": self.hub.watcher_count(),
            "history": self.hub.history_size(),
            "visited": self.visited,
        }
