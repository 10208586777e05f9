"""What a resource request asks for: the URL parsed into verb, resource, namespace and name.

Owns ``RequestInfo`` (the apiserver's ``RequestInfoFactory.NewRequestInfo``: the parts
after ``/api/v1`` or ``/apis/batch/<version>``, the legacy ``/watch/`` prefix, the
``namespaces/<ns>/<resource>`` nesting and the ``status`` subresource), the verb a method
maps to, and the query-parameter conversions of ``metav1`` options (Go's
``strconv.ParseBool``, integers) with 400 on bad values.

Imports layers 0/1 (``jobsim.api``, ``jobsim.errors``) only; must not import the store
or the other server modules.
Upstream: apiserver ``pkg/endpoints/request/requestinfo.go``; ``pkg/endpoints/installer.go``
(which verbs each path serves).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from starlette.datastructures import QueryParams

from jobsim.api._object import APIObject
from jobsim.api.registry import api_resources, served_versions
from jobsim.errors import new_bad_request, new_generic_server_response

__all__ = [
    "GROUP_VERSIONS",
    "RequestInfo",
    "parse_bool",
    "parse_int",
    "parse_request_info",
    "resources_at",
]

_TRUE: Final = frozenset({"1", "t", "T", "TRUE", "true", "True"})
_FALSE: Final = frozenset({"0", "f", "F", "FALSE", "false", "False"})
_NAMESPACE_SUBRESOURCES: Final = frozenset({"status", "finalize"})


def _group_versions() -> dict[str, tuple[type[APIObject], ...]]:
    table: dict[str, list[type[APIObject]]] = {}
    for model in api_resources():
        for version in served_versions(model):
            table.setdefault(version, []).append(model)
    return {gv: tuple(models) for gv, models in table.items()}


GROUP_VERSIONS: Final = _group_versions()
"""``apiVersion`` -> the kinds served there, e.g. ``batch/v2alpha1`` -> ``(Job,)``."""


def resources_at(group_version: str) -> tuple[type[APIObject], ...]:
    """Return the kinds served at a group/version (empty if none)."""
    return GROUP_VERSIONS.get(group_version, ())


@dataclass(frozen=True, slots=True)
class RequestInfo:
    """One resource request: ``/apis/batch/v1/namespaces/default/jobs/pi/status``."""

    group_version: str
    model: type[APIObject]
    namespace: str | None
    """The URL namespace; ``None`` for all namespaces or a cluster-scoped kind."""
    name: str | None
    subresource: str
    watch_path: bool
    """Whether the URL used the legacy ``/watch/`` prefix."""

    @property
    def plural(self) -> str:
        """The resource (``jobs``)."""
        return self.model.plural


def parse_request_info(group_version: str, path: str) -> RequestInfo:
    """Parse the path after the group/version prefix; 404 for anything not served."""
    parts = [p for p in path.split("/") if p]
    if not parts:
        raise new_generic_server_response(404)
    watch_path = parts[0] == "watch"
    if watch_path:
        parts = parts[1:]
    namespace: str | None = None
    if parts and parts[0] == "namespaces" and len(parts) > 1:
        namespace = parts[1]
        if len(parts) > 2 and parts[2] not in _NAMESPACE_SUBRESOURCES:
            parts = parts[2:]
    if not parts or len(parts) > 3:
        raise new_generic_server_response(404)
    by_plural = {m.plural: m for m in resources_at(group_version)}
    model = by_plural.get(parts[0])
    if model is None:
        raise new_generic_server_response(404)
    name = parts[1] if len(parts) > 1 else None
    subresource = parts[2] if len(parts) > 2 else ""
    if not model.namespaced:
        namespace = None
    elif namespace is None and name is not None:
        raise new_generic_server_response(404)  # /apis/batch/v1/jobs/x is not a path
    served = ("", "status", "log") if model.plural == "pods" else ("", "status")
    if subresource not in served or (watch_path and subresource):
        raise new_generic_server_response(404)
    return RequestInfo(group_version, model, namespace, name, subresource, watch_path)


def parse_bool(params: QueryParams, key: str) -> bool | None:
    """A boolean query parameter as Go's ``strconv.ParseBool`` reads it; 400 if malformed."""
    value = params.get(key)
    if value is None or value == "":
        return None
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise new_bad_request(f'strconv.ParseBool: parsing "{value}": invalid syntax')


def parse_int(params: QueryParams, key: str) -> int | None:
    """An integer query parameter (``strconv.ParseInt``); 400 if malformed."""
    value = params.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value, 10)
    except ValueError:
        raise new_bad_request(f'strconv.ParseInt: parsing "{value}": invalid syntax') from None
