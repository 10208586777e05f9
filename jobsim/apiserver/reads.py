"""The read side of the apiserver: selecting stored objects, starting watches, bookmarks.

Owns how a list or watch request becomes work over the indexes (a pinned
``metadata.name`` is a lookup, a namespace scans only that namespace, a pinned
``metadata.namespace`` narrows an all-namespaces request), how a watch starts (initial
synthetic ADDED events for RV unset/"0", replay from the history for RV N, the 410
ERROR event past the history window, 422/504 for unparsable/future RVs), and the
BOOKMARK object (the watched kind with only ``metadata.resourceVersion``).

Imports layers 0/1 and ``jobsim.apiserver.{resources,selection,state,watch}``; must not
import the ``store`` facade.
Upstream: apiserver ``pkg/registry/generic/registry/store.go`` (ListPredicate,
MatchesSingle), ``pkg/storage/cacher/{cacher.go,watch_cache.go}``.
"""

from __future__ import annotations

from collections.abc import Callable

from jobsim.api._base import K8sModel
from jobsim.api.field import Path, invalid
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.resources import ResourceInfo, resolve
from jobsim.apiserver.selection import build_filter, exact_match
from jobsim.apiserver.state import ObjectStore, meta_of
from jobsim.apiserver.watch import Filter, Watcher
from jobsim.errors import (
    GroupKind,
    new_invalid,
    new_resource_expired,
    new_too_large_resource_version,
)

__all__ = [
    "bookmark_object",
    "controller_uid",
    "request_filter",
    "select",
    "start_watch",
]


def request_filter(
    info: ResourceInfo,
    *,
    namespace: str | None,
    label_selector: str | None,
    field_selector: str | None,
    name: str | None = None,
) -> Filter:
    """The filter of a list/watch request; a selector-pinned namespace or name narrows it."""
    flt, fsel = build_filter(
        info.plural,
        namespace=namespace if info.namespaced and namespace else None,
        name=name,
        label_selector=label_selector,
        field_selector=field_selector,
    )
    pinned_ns = exact_match(fsel, "metadata.namespace")
    if flt.namespace is None and pinned_ns and info.namespaced:
        flt.namespace = pinned_ns
    if flt.name is None:
        flt.name = exact_match(fsel, "metadata.name")
    return flt


def select(state: ObjectStore, info: ResourceInfo, flt: Filter) -> list[K8sModel]:
    """Return the stored objects passing ``flt``, sorted by namespace and name."""
    name = flt.name
    if name is not None:
        if flt.namespace is not None:
            namespaces = [flt.namespace]
        else:
            namespaces = sorted(state.namespaces_in_use(info.plural))
        candidates = [state.lookup(info.plural, ns, name) for ns in namespaces]
        return [o for o in candidates if o is not None and flt.matches(o)]
    if flt.namespace is not None:
        objects = state.iter_namespace(info.plural, flt.namespace)
    else:
        objects = state.iter_all(info.plural)
    return [o for o in objects if flt.matches(o)]


def parse_watch_resource_version(
    state: ObjectStore, info: ResourceInfo, resource_version: str | None
) -> int | None:
    """``None`` for "start from the current state", else the RV to resume after."""
    if not resource_version or resource_version == "0":
        return None
    if not resource_version.isdigit():
        err = invalid(
            Path("resourceVersion"),
            resource_version,
            f'strconv.ParseUint: parsing "{resource_version}": invalid syntax',
        )
        raise new_invalid(GroupKind(info.group_resource.group, info.plural), "", [err])
    since = int(resource_version)
    if since > state.rv:
        raise new_too_large_resource_version(since, state.rv)
    return since


def start_watch(
    state: ObjectStore,
    info: ResourceInfo,
    flt: Filter,
    *,
    resource_version: str | None,
    allow_bookmarks: bool,
    handler: Callable[[WatchEventRecord], None] | None,
) -> Watcher:
    """Create a watcher, deliver its initial or replayed events, and register it."""
    since = parse_watch_resource_version(state, info, resource_version)
    hub = state.hub
    watcher = Watcher(hub, info.plural, flt, allow_bookmarks=allow_bookmarks, handler=handler)
    if since is None:
        for obj in select(state, info, flt):
            rv = int(meta_of(obj).resource_version or 0)
            watcher.emit(WatchEventRecord("ADDED", obj, rv, info.plural))
    elif hub.too_old(since):
        expired = new_resource_expired(f"too old resource version: {since} ({hub.evicted_upto})")
        watcher.emit(WatchEventRecord("ERROR", expired.status, state.rv, info.plural))
        watcher.stop()
        return watcher
    else:
        for change in hub.changes_since(since, info.plural):
            watcher.offer(change)
    if not watcher.stopped:
        hub.add(watcher)
    return watcher


def controller_uid(meta: ObjectMeta) -> str | None:
    """The uid of the controller ownerReference (``metav1.GetControllerOf``), if any."""
    for ref in meta.owner_references or ():
        if ref.controller:
            return ref.uid
    return None


def bookmark_object(resource: str, rv: int) -> K8sModel:
    """The BOOKMARK object: the watched kind with only ``metadata.resourceVersion`` set."""
    obj = resolve(resource).model.model_validate({"metadata": {"resourceVersion": str(rv)}})
    return obj.set_type_meta()
