"""``APIServer``: jobsim's in-memory Kubernetes API server, the one door for state changes.

Owns the public verbs (``create``, ``get``, ``list``, ``replace``, ``replace_status``,
``patch``, ``patch_status``, ``delete``, ``delete_collection``, ``watch``) over Jobs, Pods,
Events and Namespaces, with upstream's semantics and error ``Status``es; the real work is
in ``writes`` (create/update/patch), ``deletion`` (delete), ``watch`` (delivery) and
``state`` (objects, indexes, commits). See ``jobsim.apiserver.interface`` for the contract.

Conventions of the Python API (the HTTP front maps URLs onto them):

* ``resource`` is a plural (``"jobs"``) or a model class (``Job``); with a class the
  single-object verbs are typed (``api.get(Job, "pi") -> Job``).
* ``namespace=None`` means ``"default"`` for single-object verbs and *all namespaces*
  for ``list``/``watch``/``delete_collection``; it is ignored for Namespaces.
* Warnings (HTTP ``Warning: 299`` headers) of the last verb are in ``last_warnings``.
* Objects returned are shared and read-only; objects passed in belong to the store.

Must not import controllers, the kubelet, SimPy or anything above layer 2.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar, overload

from jobsim.api._base import K8sModel
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver import deletion, reads, writes
from jobsim.apiserver.interface import (
    APIServerProtocol,
    ListResult,
    PatchType,
    Resource,
    WatchEventRecord,
)
from jobsim.apiserver.resources import NAMESPACES, ResourceInfo, resolve, served
from jobsim.apiserver.state import ObjectStore, meta_of
from jobsim.apiserver.watch import Watcher
from jobsim.clock import ManualClock, SimClock
from jobsim.errors import new_not_found

__all__ = ["DEFAULT_EVENT_TTL", "DEFAULT_NAMESPACES", "APIServer"]

T = TypeVar("T", bound=K8sModel)
Objects = list[K8sModel]
Owned = list[tuple[str, K8sModel]]
DEFAULT_NAMESPACES = ("default", "kube-system")
DEFAULT_EVENT_TTL = 3600.0
"""kube-apiserver ``--event-ttl`` default (1 h): Events go this long after their last write."""


class APIServer:
    """An in-memory Kubernetes API server (Jobs, Pods, Events, Namespaces) on a simulated clock."""

    def __init__(
        self,
        *,
        clock: SimClock | None = None,
        rng: random.Random | None = None,
        seed: int = 0,
        history_window: int = 10_000,
        namespaces: Iterable[str] = DEFAULT_NAMESPACES,
        event_ttl: float | None = DEFAULT_EVENT_TTL,
    ) -> None:
        """Start with ``namespaces`` created.

        ``clock`` gives creation/deletion timestamps (default: a ``ManualClock`` at 0);
        ``rng`` (default ``random.Random(seed)``) draws uids and generated names;
        ``history_window`` is how many changes a watch can resume across (older: 410);
        ``event_ttl`` is how long an Event lives after its last write (``None``: forever).
        Expired Events are removed (``DELETED``) at the start of the next write, or of
        the next read of Events.
        """
        self._state = ObjectStore(
            clock=clock if clock is not None else ManualClock(),
            rng=rng if rng is not None else random.Random(seed),
            history_window=history_window,
            ttls={"events": event_ttl} if event_ttl else None,
        )
        self.last_warnings: list[str] = []
        """Warnings of the most recent verb, in order (HTTP ``Warning: 299 - "<text>"``)."""
        for name in namespaces:
            self.create(NAMESPACES, {"metadata": {"name": name}})

    # --- helpers ---------------------------------------------------------------------

    @property
    def clock(self) -> SimClock:
        """The clock timestamps come from."""
        return self._state.clock

    @property
    def resource_version(self) -> int:
        """The current (latest committed) resourceVersion."""
        return self._state.rv

    def _begin_write(self) -> None:
        if self._state.hub.dispatching:
            raise RuntimeError("watch handlers must not write to the API server; enqueue instead")
        self._state.expire()
        self._state.warnings = []
        self.last_warnings = self._state.warnings

    def _before_read(self, info: ResourceInfo) -> None:
        """Drop expired objects of a resource with a TTL before reading it (not in handlers)."""
        state = self._state
        if not state.hub.dispatching and state.ttl(info.plural) is not None:
            state.expire()

    def expire(self) -> int:
        """Remove every Event whose TTL has run out now; return how many were removed."""
        if self._state.hub.dispatching:
            return 0
        return self._state.expire()

    @staticmethod
    def _namespace(info: ResourceInfo, namespace: str | None) -> str:
        return (namespace or "default") if info.namespaced else ""

    # --- reads -----------------------------------------------------------------------

    @overload
    def get(self, resource: type[T], name: str, *, namespace: str | None = None) -> T: ...
    @overload
    def get(self, resource: Resource, name: str, *, namespace: str | None = None) -> K8sModel: ...
    def get(self, resource: Resource, name: str, *, namespace: str | None = None) -> K8sModel:
        """Return the object (``GET``); 404 NotFound if absent."""
        info = resolve(resource)
        self._before_read(info)
        obj = self._state.lookup(info.plural, self._namespace(info, namespace), name)
        if obj is None:
            raise new_not_found(info.group_resource, name)
        return obj

    get_status = get
    """``GET .../status`` returns the whole object, as upstream."""

    def list(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> ListResult:
        """List objects (``GET`` on the collection), sorted by namespace and name."""
        info = resolve(resource)
        self._before_read(info)
        flt = reads.request_filter(
            info,
            namespace=namespace,
            label_selector=label_selector,
            field_selector=field_selector,
        )
        return ListResult(reads.select(self._state, info, flt), str(self._state.rv))

    def pods_owned_by(self, owner_uid: str) -> Objects:
        """Return the pods whose controller ownerReference has ``owner_uid`` (index lookup)."""
        return [
            obj
            for _, obj in self._state.dependents(owner_uid, "pods")
            if reads.controller_uid(meta_of(obj)) == owner_uid
        ]

    def owned_by(self, owner_uid: str) -> Owned:
        """Return ``(resource, object)`` for every object with any ownerReference to the uid."""
        return self._state.dependents(owner_uid)

    def get_by_uid(self, uid: str) -> tuple[str, K8sModel] | None:
        """Return ``(resource, object)`` of the live object with this uid, or ``None``."""
        return self._state.by_uid(uid)

    def stats(self) -> dict[str, Any]:
        """Return store sizes and the read-cost counter ``visited`` (objects examined)."""
        return self._state.stats()

    # --- writes ----------------------------------------------------------------------

    @overload
    def create(
        self, resource: type[T], obj: K8sModel | Mapping[str, Any], *,
        namespace: str | None = None, dry_run: bool = False,
    ) -> T: ...  # fmt: skip
    @overload
    def create(
        self, resource: Resource, obj: K8sModel | Mapping[str, Any], *,
        namespace: str | None = None, dry_run: bool = False,
    ) -> K8sModel: ...  # fmt: skip
    def create(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel:
        """Create an object (``POST``); return it as stored (no resourceVersion on dry run)."""
        self._begin_write()
        info = resolve(resource)
        return writes.create(self._state, info, obj, namespace=namespace, dry_run=dry_run)

    @overload
    def replace(
        self, resource: type[T], obj: K8sModel | Mapping[str, Any], *,
        name: str | None = None, namespace: str | None = None, dry_run: bool = False,
    ) -> T: ...  # fmt: skip
    @overload
    def replace(
        self, resource: Resource, obj: K8sModel | Mapping[str, Any], *,
        name: str | None = None, namespace: str | None = None, dry_run: bool = False,
    ) -> K8sModel: ...  # fmt: skip
    def replace(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        name: str | None = None,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel:
        """Replace an object (``PUT``); the stored status is kept; ``dry_run``: nothing stored."""
        self._begin_write()
        info = resolve(resource)
        return writes.update(
            self._state, info, obj, name=name, namespace=namespace, dry_run=dry_run
        )

    @overload
    def replace_status(
        self, resource: type[T], obj: K8sModel | Mapping[str, Any], *,
        name: str | None = None, namespace: str | None = None, dry_run: bool = False,
    ) -> T: ...  # fmt: skip
    @overload
    def replace_status(
        self, resource: Resource, obj: K8sModel | Mapping[str, Any], *,
        name: str | None = None, namespace: str | None = None, dry_run: bool = False,
    ) -> K8sModel: ...  # fmt: skip
    def replace_status(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        name: str | None = None,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel:
        """Replace an object's status (``PUT .../status``); the stored spec is kept."""
        self._begin_write()
        info = resolve(resource)
        return writes.update(
            self._state,
            info,
            obj,
            name=name,
            namespace=namespace,
            subresource="status",
            dry_run=dry_run,
        )

    @overload
    def patch(
        self, resource: type[T], name: str, body: Any, *, namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json", dry_run: bool = False,
    ) -> T: ...  # fmt: skip
    @overload
    def patch(
        self, resource: Resource, name: str, body: Any, *, namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json", dry_run: bool = False,
    ) -> K8sModel: ...  # fmt: skip
    def patch(
        self,
        resource: Resource,
        name: str,
        body: Any,
        *,
        namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json",
        dry_run: bool = False,
    ) -> K8sModel:
        """Patch an object (``PATCH``): JSON patch, merge patch or strategic merge patch."""
        return self._patch(
            resource, name, body, namespace=namespace, patch_type=patch_type, dry_run=dry_run
        )

    @overload
    def patch_status(
        self, resource: type[T], name: str, body: Any, *, namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json", dry_run: bool = False,
    ) -> T: ...  # fmt: skip
    @overload
    def patch_status(
        self, resource: Resource, name: str, body: Any, *, namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json", dry_run: bool = False,
    ) -> K8sModel: ...  # fmt: skip
    def patch_status(
        self,
        resource: Resource,
        name: str,
        body: Any,
        *,
        namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json",
        dry_run: bool = False,
    ) -> K8sModel:
        """Patch an object's status (``PATCH .../status``); spec changes are dropped."""
        return self._patch(
            resource,
            name,
            body,
            namespace=namespace,
            patch_type=patch_type,
            subresource="status",
            dry_run=dry_run,
        )

    def _patch(
        self,
        resource: Resource,
        name: str,
        body: Any,
        *,
        namespace: str | None,
        patch_type: PatchType,
        subresource: Literal["", "status"] = "",
        dry_run: bool,
    ) -> K8sModel:
        self._begin_write()
        info = resolve(resource)
        return writes.patch(
            self._state,
            info,
            name,
            body,
            namespace=namespace,
            patch_type=patch_type,
            subresource=subresource,
            dry_run=dry_run,
        )

    def delete(
        self,
        resource: Resource,
        name: str,
        *,
        namespace: str | None = None,
        options: DeleteOptions | None = None,
        api_version: str | None = None,
    ) -> K8sModel:
        """Delete an object (``DELETE``).

        Returns the object if it still exists (finalizers, grace period), else the
        deleted Pod/Namespace or ``Status{status: "Success"}``. ``api_version`` is the
        request's version (``batch/v2alpha1`` Jobs default to Background, not Orphan).
        """
        self._begin_write()
        info = resolve(resource)
        return deletion.delete(
            self._state,
            info,
            name,
            namespace=self._namespace(info, namespace),
            options=options,
            api_version=api_version,
        )

    def delete_collection(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
        options: DeleteOptions | None = None,
        api_version: str | None = None,
    ) -> Objects:
        """Delete every matching object (``DELETE`` on the collection); return them as listed."""
        self._begin_write()
        info = resolve(resource)
        if options is not None:
            deletion.validate_delete_options(options)
        items = self.list(
            info.plural,
            namespace=namespace,
            label_selector=label_selector,
            field_selector=field_selector,
        ).items
        return deletion.delete_collection(
            self._state, info, items, options=options, api_version=api_version
        )

    # --- watch -----------------------------------------------------------------------

    def watch(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        name: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
        resource_version: str | None = None,
        allow_bookmarks: bool = False,
        handler: Callable[[WatchEventRecord], None] | None = None,
    ) -> Watcher:
        """Start a watch; events go to ``handler`` (synchronously, in the write) or ``pending()``.

        ``resource_version`` unset or ``"0"``: synthetic ADDED for every matching object,
        then changes. ``"N"``: every matching change after N, replayed from the history;
        an N older than the history gives one ERROR event (410 Expired) and a stopped watch.
        """
        info = resolve(resource)
        self._before_read(info)
        flt = reads.request_filter(
            info,
            namespace=namespace,
            label_selector=label_selector,
            field_selector=field_selector,
            name=name,
        )
        return reads.start_watch(
            self._state,
            info,
            flt,
            resource_version=resource_version,
            allow_bookmarks=allow_bookmarks,
            handler=handler,
        )

    def bookmark(self) -> int:
        """Send a BOOKMARK at the current resourceVersion to every watch that allows them.

        Returns how many were sent. The object is the watched kind with only
        ``metadata.resourceVersion`` set. (The cacher sends these every ~60 s; the
        simulation or HTTP front decides when to call this.)
        """
        return self._state.hub.bookmark(
            self._state.rv, reads.bookmark_object, (info.plural for info in served())
        )


def _implements_protocol(api: APIServer) -> APIServerProtocol:
    """Static check (mypy): ``APIServer`` satisfies the ``APIServerProtocol`` contract."""
    return api
