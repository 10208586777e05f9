"""The typed surface of jobsim's in-memory API server, as a Protocol.

Owns: the contract every component uses to talk to the store (controllers, the
fake kubelet, reports, the HTTP front, notebooks). The implementation is
``jobsim.apiserver.store.APIServer``. Imports layer 0 and 1 only.

Ownership rule: objects returned by the store are *shared* and read-only; never
mutate them. To change an object, build a new one (``obj.model_copy(update=...)``,
shallow copies of the parts you change) and pass it to a write verb; an object
passed to a write verb belongs to the store from then on.

Watch handlers are called synchronously inside the write that caused the event,
in registration order, and must not write to the store themselves (informer
rule: handlers only enqueue work).
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar

from jobsim.api._base import K8sModel
from jobsim.api.meta_v1 import DeleteOptions, Status

__all__ = [
    "APIServerProtocol",
    "EventType",
    "ListResult",
    "PatchType",
    "Resource",
    "WatchEventRecord",
    "WatchHandle",
]

T = TypeVar("T", bound=K8sModel)

EventType = Literal["ADDED", "MODIFIED", "DELETED", "BOOKMARK", "ERROR"]
PatchType = Literal[
    "application/json-patch+json",
    "application/merge-patch+json",
    "application/strategic-merge-patch+json",
    "application/apply-patch+yaml",
]
Resource = str | type[K8sModel]
"""A resource plural (``"jobs"``, ``"pods"``, ``"events"``, ``"namespaces"``) or a model class."""


@dataclass(frozen=True, slots=True)
class WatchEventRecord:
    """One watch event: type, the object (shared, read-only), its resourceVersion as int."""

    type: EventType
    object: K8sModel
    resource_version: int
    resource: str
    old_object: K8sModel | None = None
    """For MODIFIED: the previous state (what an informer passes as ``old``)."""


@dataclass(frozen=True, slots=True)
class ListResult:
    """The result of a list: items (shared, read-only) and the list's resourceVersion."""

    items: list[K8sModel]
    resource_version: str


class WatchHandle(Protocol):
    """A live watch: ``stop()`` ends it; ``pending()`` drains queued events (if no handler)."""

    def stop(self) -> None: ...
    def pending(self) -> list[WatchEventRecord]: ...
    @property
    def stopped(self) -> bool: ...


class APIServerProtocol(Protocol):
    """Kubernetes verbs over Jobs, Pods, Events and Namespaces."""

    def create(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel: ...
    def get(self, resource: Resource, name: str, *, namespace: str | None = None) -> K8sModel: ...
    def list(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
    ) -> ListResult: ...
    def replace(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        name: str | None = None,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel: ...
    def replace_status(
        self,
        resource: Resource,
        obj: K8sModel | Mapping[str, Any],
        *,
        name: str | None = None,
        namespace: str | None = None,
        dry_run: bool = False,
    ) -> K8sModel: ...
    def patch(
        self,
        resource: Resource,
        name: str,
        body: Any,
        *,
        namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json",
        dry_run: bool = False,
    ) -> K8sModel: ...
    def patch_status(
        self,
        resource: Resource,
        name: str,
        body: Any,
        *,
        namespace: str | None = None,
        patch_type: PatchType = "application/strategic-merge-patch+json",
        dry_run: bool = False,
    ) -> K8sModel: ...
    def delete(
        self,
        resource: Resource,
        name: str,
        *,
        namespace: str | None = None,
        options: DeleteOptions | None = None,
    ) -> K8sModel | Status: ...
    def delete_collection(
        self,
        resource: Resource,
        *,
        namespace: str | None = None,
        label_selector: str | None = None,
        field_selector: str | None = None,
        options: DeleteOptions | None = None,
    ) -> builtins.list[K8sModel]: ...
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
    ) -> WatchHandle: ...
    def pods_owned_by(self, owner_uid: str) -> builtins.list[K8sModel]: ...
    def owned_by(self, owner_uid: str) -> builtins.list[tuple[str, K8sModel]]: ...
    def get_by_uid(self, uid: str) -> tuple[str, K8sModel] | None: ...
    def bookmark(self) -> int: ...
    @property
    def last_warnings(self) -> builtins.list[str]: ...
    @property
    def resource_version(self) -> int: ...
