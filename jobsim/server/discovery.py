"""Discovery documents: ``/version``, ``/api``, ``/apis``, resource lists and minimal OpenAPI v3.

Owns what kubectl and client-go read before they touch a resource:

* ``/version`` (``version.Info``), ``/api`` (``APIVersions``), ``/apis`` (``APIGroupList``),
  ``/apis/batch`` (``APIGroup``) and one ``APIResourceList`` per served group/version,
  listing only what is served (the main resource and its ``status`` subresource);
* legacy discovery only: answered as plain ``application/json``, which client-go takes as
  "no aggregated discovery" and falls back to the per-group-version lists;
* a minimal OpenAPI v3: the root (``/openapi/v3``) and one document per group/version with
  the PATCH operation of each kind, its ``x-kubernetes-group-version-kind`` and the
  ``fieldValidation`` parameter. That is exactly what kubectl's ``queryParamVerifierV3``
  looks for to leave validation to the server, so ``kubectl create -f`` works without
  ``--validate=false``. There are no schemas: ``kubectl explain`` is not supported.

Imports ``jobsim.api`` and ``jobsim.apiserver.resources``; must not import the HTTP modules.
Upstream: apimachinery ``pkg/version/types.go``, ``pkg/apis/meta/v1/types.go`` (APIVersions,
APIGroupList, APIResourceList); cli-runtime ``pkg/resource/query_param_verifier_v3.go``;
client-go ``openapi3/root.go``, ``discovery/discovery_client.go``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from typing import Any, Final

from jobsim.api._object import APIObject
from jobsim.apiserver.resources import resolve
from jobsim.server.request_info import GROUP_VERSIONS, resources_at

__all__ = [
    "SERVER_VERSION",
    "api_group",
    "api_group_list",
    "api_resource_list",
    "api_versions",
    "openapi_v3_document",
    "openapi_v3_root",
    "version_info",
]

SERVER_VERSION: Final = {
    "major": "1",
    "minor": "35",
    "emulationMajor": "1",
    "emulationMinor": "35",
    "minCompatibilityMajor": "1",
    "minCompatibilityMinor": "34",
    "gitVersion": "v1.35.0+jobsim",
    "gitCommit": "0000000000000000000000000000000000000000",
    "gitTreeState": "clean",
    "buildDate": "2026-01-01T00:00:00Z",
    "goVersion": "go1.25.0",
    "compiler": "gc",
    "platform": "linux/amd64",
}
"""``/version``: the Kubernetes release whose behaviour jobsim follows."""

_ALL_VERBS: Final = [
    "create",
    "delete",
    "deletecollection",
    "get",
    "list",
    "patch",
    "update",
    "watch",
]
_NO_COLLECTION_DELETE: Final = ["create", "delete", "get", "list", "patch", "update", "watch"]
_STATUS_VERBS: Final = ["get", "patch", "update"]


def version_info() -> dict[str, str]:
    """``GET /version``."""
    return dict(SERVER_VERSION)


def api_versions(server_address: str) -> dict[str, Any]:
    """``GET /api``: the core group's versions."""
    return {
        "kind": "APIVersions",
        "versions": ["v1"],
        "serverAddressByClientCIDRs": [
            {"clientCIDR": "0.0.0.0/0", "serverAddress": server_address}
        ],
    }


def _named_group_versions() -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for gv in GROUP_VERSIONS:
        if "/" in gv:
            group, version = gv.split("/", 1)
            groups.setdefault(group, []).append(version)
    return groups


def api_group(group: str) -> dict[str, Any] | None:
    """``GET /apis/<group>``: the ``APIGroup`` (preferred version first), or None."""
    versions = _named_group_versions().get(group)
    if not versions:
        return None
    entries = [{"groupVersion": f"{group}/{v}", "version": v} for v in versions]
    return {
        "kind": "APIGroup",
        "apiVersion": "v1",
        "name": group,
        "versions": entries,
        "preferredVersion": entries[0],
    }


def api_group_list() -> dict[str, Any]:
    """``GET /apis``: every named group."""
    groups = []
    for name in _named_group_versions():
        group = api_group(name)
        assert group is not None
        groups.append({k: v for k, v in group.items() if k not in ("kind", "apiVersion")})
    return {"kind": "APIGroupList", "apiVersion": "v1", "groups": groups}


def _resource_entries(model: type[APIObject]) -> list[dict[str, Any]]:
    info = resolve(model.plural)
    verbs = _NO_COLLECTION_DELETE if model.plural == "namespaces" else _ALL_VERBS
    main: dict[str, Any] = {
        "name": model.plural,
        "singularName": model.singular,
        "namespaced": model.namespaced,
        "kind": model.object_kind,
        "verbs": list(verbs),
    }
    if model.short_names:
        main["shortNames"] = list(model.short_names)
    if model.categories:
        main["categories"] = list(model.categories)
    entries = [main]
    if info.has_status:
        entries.append(
            {
                "name": f"{model.plural}/status",
                "singularName": "",
                "namespaced": model.namespaced,
                "kind": model.object_kind,
                "verbs": list(_STATUS_VERBS),
            }
        )
    if model.plural == "pods":
        entries.append(
            {
                "name": "pods/log",
                "singularName": "",
                "namespaced": True,
                "kind": model.object_kind,
                "verbs": ["get"],
            }
        )
    return entries


def api_resource_list(group_version: str) -> dict[str, Any] | None:
    """``GET /api/v1`` or ``/apis/batch/v1``: the ``APIResourceList``, or None if not served."""
    models = resources_at(group_version)
    if not models:
        return None
    resources = [entry for model in models for entry in _resource_entries(model)]
    return {
        "kind": "APIResourceList",
        "apiVersion": "v1",
        "groupVersion": group_version,
        "resources": resources,
    }


def _gv_path(group_version: str) -> str:
    return f"apis/{group_version}" if "/" in group_version else f"api/{group_version}"


def _patch_operation(model: type[APIObject], group_version: str) -> dict[str, Any]:
    group, _, version = group_version.rpartition("/")
    return {
        "operationId": f"patch{model.object_kind}",
        "x-kubernetes-action": "patch",
        "x-kubernetes-group-version-kind": {
            "group": group,
            "version": version,
            "kind": model.object_kind,
        },
        "parameters": [
            {"name": param, "in": "query", "schema": {"type": "string", "uniqueItems": True}}
            for param in ("dryRun", "fieldManager", "fieldValidation", "force")
        ],
        "responses": {"200": {"description": "OK"}},
    }


@cache
def _document(group_version: str) -> str:
    paths: dict[str, Any] = {}
    for model in resources_at(group_version):
        base = f"/{_gv_path(group_version)}"
        if model.namespaced:
            base += "/namespaces/{namespace}"
        paths[f"{base}/{model.plural}/{{name}}"] = {"patch": _patch_operation(model, group_version)}
    doc = {
        "openapi": "3.0.0",
        "info": {"title": "Kubernetes", "version": SERVER_VERSION["gitVersion"]},
        "paths": paths,
        "components": {"schemas": {}},
    }
    return json.dumps(doc, separators=(",", ":"))


def openapi_v3_document(gv_path: str) -> str | None:
    """``GET /openapi/v3/<api/v1|apis/batch/v1>``: the group/version document, or None."""
    for group_version in GROUP_VERSIONS:
        if _gv_path(group_version) == gv_path:
            return _document(group_version)
    return None


def openapi_v3_root() -> dict[str, Any]:
    """``GET /openapi/v3``: where each group/version document is, with a content hash."""
    paths = {}
    for group_version in GROUP_VERSIONS:
        path = _gv_path(group_version)
        digest = hashlib.sha512(_document(group_version).encode()).hexdigest().upper()
        paths[path] = {"serverRelativeURL": f"/openapi/v3/{path}?hash={digest[:128]}"}
    return {"paths": paths}
