"""The resource table: which resources the in-memory apiserver serves and how each behaves.

Owns ``ResourceInfo`` (plural, model, list model, served versions, scope, the
``GroupResource``/``GroupKind`` its errors name, its strategy, whether DELETE returns the
object) and ``resolve``, which turns a plural or a model class into it. The kinds
themselves come from ``jobsim.api.registry``; per-kind create/update/delete behaviour
from ``jobsim.api.strategy``.

Imports layers 0/1 only (``jobsim.api``, ``jobsim.errors``); must not import the store.
Upstream: each kind's ``pkg/registry/<group>/<kind>/storage/storage.go`` ``Store`` fields
(``DefaultQualifiedResource``, ``ReturnDeletedObject``) and ``strategy.go``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Final

from jobsim.api._object import APIList, APIObject
from jobsim.api.registry import api_resources, list_model_for, served_versions
from jobsim.api.strategy import RESTStrategy, strategy_for
from jobsim.apiserver.interface import Resource
from jobsim.errors import GroupKind, GroupResource, new_generic_server_response

__all__ = [
    "FOREGROUND",
    "NAMESPACES",
    "ORPHAN",
    "ResourceInfo",
    "resolve",
    "served",
]

ORPHAN: Final = "Orphan"
BACKGROUND: Final = "Background"
FOREGROUND: Final = "Foreground"
NAMESPACES: Final = "namespaces"

_RETURNS_DELETED_OBJECT: Final = frozenset({"pods", NAMESPACES})
"""Stores with ``ReturnDeletedObject: true`` (pod and namespace ``storage.go``)."""


@dataclass(frozen=True, slots=True)
class ResourceInfo:
    """Everything the store needs to know about one served resource."""

    plural: str
    model: type[APIObject]
    list_model: type[APIList]
    versions: tuple[str, ...]
    """apiVersions the resource is served at, preferred (storage) version first."""
    group_resource: GroupResource
    group_kind: GroupKind
    return_deleted_object: bool
    has_spec: bool
    has_status_field: bool

    @property
    def namespaced(self) -> bool:
        """Whether objects live in a namespace."""
        return self.model.namespaced

    @property
    def kind(self) -> str:
        """The Kind (``Job``)."""
        return self.model.object_kind

    @property
    def strategy(self) -> RESTStrategy:
        """The kind's strategy (looked up per call so late registrations are seen)."""
        return strategy_for(self.plural)

    @property
    def has_status(self) -> bool:
        """Whether the resource has a ``/status`` subresource (status kept on main writes)."""
        return self.has_status_field and self.strategy.has_status

    def default_gc_policy(self, api_version: str | None) -> str:
        """``DefaultGarbageCollectionPolicy`` for a request at ``api_version``.

        The strategy's default (Orphan for Jobs) applies to the preferred version only;
        upstream's Job strategy orphans "for back compatibility" at ``batch/v1`` and
        deletes dependents at any other version.
        """
        policy = self.strategy.default_propagation
        if api_version is not None and api_version != self.versions[0]:
            return BACKGROUND
        return policy

    def graceful(self) -> bool:
        """Whether DELETE is graceful (``RESTGracefulDeleteStrategy``; Pods)."""
        return self.strategy.graceful_deletion


def _info(model: type[APIObject]) -> ResourceInfo:
    return ResourceInfo(
        plural=model.plural,
        model=model,
        list_model=list_model_for(model),
        versions=served_versions(model),
        group_resource=GroupResource(model.group, model.plural),
        group_kind=GroupKind(model.group, model.object_kind),
        return_deleted_object=model.plural in _RETURNS_DELETED_OBJECT,
        has_spec="spec" in model.model_fields,
        has_status_field="status" in model.model_fields,
    )


@cache
def _table() -> dict[str, ResourceInfo]:
    return {model.plural: _info(model) for model in api_resources()}


def served() -> tuple[ResourceInfo, ...]:
    """Return every served resource, in registration order."""
    return tuple(_table().values())


def resolve(resource: Resource) -> ResourceInfo:
    """Return the resource for a plural (``"jobs"``) or model class; 404 if not served."""
    plural = resource if isinstance(resource, str) else getattr(resource, "plural", "")
    info = _table().get(plural)
    if info is None:
        raise new_generic_server_response(404)
    return info
