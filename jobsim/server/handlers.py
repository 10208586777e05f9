"""The REST verbs over HTTP: one function per verb, mapping a request onto the store.

Owns the dispatch of a resource URL and method to ``get``/``list``/``watch``/``create``/
``update``/``patch``/``delete``/``deletecollection`` (405 for a method a path does not
serve), the upstream status codes (create 201; delete 202 only when
``orphanDependents=false`` left the object in place), list bodies (``<Kind>List`` with
``metadata.resourceVersion``; items carry no ``kind``/``apiVersion``, as upstream encodes
typed lists), objects stamped with the request's ``apiVersion`` (Jobs are stored at
``batch/v1`` and served at ``batch/v2alpha1`` too), Tables for ``kubectl get``, list
``resourceVersion`` semantics (Exact only for the current RV, else 410; "not older than"
a future RV is 504), and the store's warnings as ``Warning`` headers.

Every function runs on the event loop thread, which also runs the simulation, so a verb
is atomic with respect to simulated time.

Imports ``jobsim.apiserver`` and ``jobsim.server.{codec,driver,options,request_info,tables,
watch}``; must not import the app.
Upstream: apiserver ``pkg/endpoints/installer.go``, ``pkg/endpoints/handlers/{get.go,
create.go,update.go,patch.go,delete.go}``.
"""

from __future__ import annotations

from typing import Any, Final, cast

from starlette.requests import Request
from starlette.responses import Response

from jobsim.api._base import K8sModel
from jobsim.api.field import Path, not_supported
from jobsim.api.meta_v1 import Status
from jobsim.apiserver.interface import PatchType
from jobsim.errors import (
    GroupKind,
    NotFoundError,
    new_bad_request,
    new_generic_server_response,
    new_invalid,
    new_resource_expired,
    new_too_large_resource_version,
    new_unsupported_media_type,
)
from jobsim.patching import patch_media_type, supported_patch_types
from jobsim.server.codec import (
    Negotiated,
    decode_object_body,
    negotiate,
    object_response,
    read_body,
)
from jobsim.server.driver import SimDriver
from jobsim.server.options import ListParams, delete_options, list_params
from jobsim.server.pod_logs import pod_log
from jobsim.server.request_info import RequestInfo
from jobsim.server.tables import table
from jobsim.server.watch import start_watch

__all__ = ["handle_resource"]

_EXPIRED_LIST: Final = "The resourceVersion for the provided list is too old."


def _dry_run(request: Request, options_kind: str) -> bool:
    """``?dryRun=All``; other values are 422 as ``Validate<Verb>Options`` has them."""
    values = request.query_params.getlist("dryRun")
    if any(v != "All" for v in values):
        err = not_supported(Path("dryRun"), values, ["All"])
        raise new_invalid(GroupKind("meta.k8s.io", options_kind), "", [err])
    return bool(values)


def _wire(obj: K8sModel, info: RequestInfo) -> dict[str, Any]:
    data = obj.to_dict()
    if not isinstance(obj, Status):
        data["apiVersion"] = info.group_version
    return data


def _list_item(obj: K8sModel) -> dict[str, Any]:
    """A list item: typed lists encode their items without ``kind``/``apiVersion``."""
    data = obj.to_dict()
    data.pop("kind", None)
    data.pop("apiVersion", None)
    return data


def _respond(
    driver: SimDriver,
    request: Request,
    info: RequestInfo,
    obj: K8sModel,
    status_code: int = 200,
    *,
    warnings: list[str] | None = None,
    allow_table: bool = False,
) -> Response:
    negotiated = negotiate(request, table=allow_table)
    if negotiated.format == "table" and not isinstance(obj, Status):
        meta = obj.to_dict().get("metadata", {})
        data = table(
            info.plural,
            [obj],
            driver.sim.clock.now_micro(),
            resource_version=str(meta.get("resourceVersion", "")),
            api_version=info.group_version,
            include_object=request.query_params.get("includeObject") or "Metadata",
        )
        return object_response(data, status_code, negotiated, warnings=warnings or ())
    return object_response(_wire(obj, info), status_code, negotiated, warnings=warnings or ())


def _check_list_resource_version(driver: SimDriver, params: ListParams) -> None:
    rv = params.resource_version
    if rv is None or rv == "0" or not rv.isdigit():
        return
    current = driver.api.resource_version
    exact = params.resource_version_match == "Exact" or (
        not params.resource_version_match and params.limit is not None and params.limit > 0
    )
    if exact and int(rv) != current:
        if int(rv) > current:
            raise new_too_large_resource_version(int(rv), current)
        raise new_resource_expired(_EXPIRED_LIST)
    if int(rv) > current:
        raise new_too_large_resource_version(int(rv), current)


async def _list(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    params = list_params(request.query_params, watch_path=info.watch_path)
    negotiated = negotiate(request, table=True)
    if params.watch:
        if info.name is not None:
            _check_name_selector(info, params)
        return start_watch(driver, info, params, _watch_format(negotiated))
    _check_list_resource_version(driver, params)
    result = driver.api.list(
        info.plural,
        namespace=info.namespace,
        label_selector=params.label_selector,
        field_selector=params.field_selector,
    )
    if negotiated.format == "table":
        data = table(
            info.plural,
            result.items,
            driver.sim.clock.now_micro(),
            resource_version=result.resource_version,
            api_version=info.group_version,
            include_object=params.include_object,
        )
        return object_response(data, 200, negotiated)
    body = {
        "kind": info.model.list_kind,
        "apiVersion": info.group_version,
        "metadata": {"resourceVersion": result.resource_version},
        "items": [_list_item(item) for item in result.items],
    }
    return object_response(body, 200, negotiated)


def _watch_format(negotiated: Negotiated) -> Negotiated:
    """Watch streams are JSON (YAML has no stream framing upstream either)."""
    if negotiated.format == "yaml":
        return Negotiated("json")
    return negotiated


def _check_name_selector(info: RequestInfo, params: ListParams) -> None:
    """The legacy ``/watch/.../<name>`` path: a conflicting name field selector is 400."""
    selector = params.field_selector or ""
    for term in selector.split(","):
        key, sep, value = term.partition("=")
        if sep and key.strip() == "metadata.name" and value.lstrip("=") != info.name:
            raise new_bad_request("fieldSelector metadata.name doesn't match requested name")


async def _get(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    assert info.name is not None
    if info.watch_path:
        return await _list(driver, request, info)
    obj = driver.api.get(info.plural, info.name, namespace=info.namespace)
    return _respond(driver, request, info, obj, allow_table=not info.subresource)


async def _create(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    negotiate(request)
    body = decode_object_body(
        await read_body(request), request.headers.get("content-type"), info.model.object_kind
    )
    dry_run = _dry_run(request, "CreateOptions")
    api = driver.api
    obj = api.create(info.plural, body, namespace=info.namespace, dry_run=dry_run)
    return _respond(driver, request, info, obj, 201, warnings=list(api.last_warnings))


async def _update(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    negotiate(request)
    assert info.name is not None
    dry_run = _dry_run(request, "UpdateOptions")
    body = decode_object_body(
        await read_body(request), request.headers.get("content-type"), info.model.object_kind
    )
    api = driver.api
    verb = api.replace_status if info.subresource == "status" else api.replace
    obj = verb(info.plural, body, name=info.name, namespace=info.namespace, dry_run=dry_run)
    return _respond(driver, request, info, obj, warnings=list(api.last_warnings))


async def _patch(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    negotiate(request)
    assert info.name is not None
    dry_run = _dry_run(request, "PatchOptions")
    content_type = request.headers.get("content-type", "")
    accepted = supported_patch_types(info.model.object_kind)
    if patch_media_type(content_type) not in accepted:
        raise new_unsupported_media_type(accepted)
    body = await read_body(request)
    patch_type = cast(PatchType, content_type)
    api = driver.api
    verb = api.patch_status if info.subresource == "status" else api.patch
    obj = verb(
        info.plural,
        info.name,
        body,
        namespace=info.namespace,
        patch_type=patch_type,
        dry_run=dry_run,
    )
    return _respond(driver, request, info, obj, warnings=list(api.last_warnings))


def _still_exists(driver: SimDriver, info: RequestInfo, result: K8sModel) -> bool:
    """Whether the object a DELETE returned is still stored (finalizers, grace period)."""
    if isinstance(result, Status):
        return False
    assert info.name is not None
    try:
        current = driver.api.get(info.plural, info.name, namespace=info.namespace)
    except NotFoundError:
        return False
    uid = _wire(result, info).get("metadata", {}).get("uid")
    return bool(_wire(current, info).get("metadata", {}).get("uid") == uid)


async def _delete(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    negotiate(request)
    assert info.name is not None
    options = delete_options(
        await read_body(request), request.headers.get("content-type"), request.query_params
    )
    api = driver.api
    result = api.delete(
        info.plural,
        info.name,
        namespace=info.namespace,
        options=options,
        api_version=info.group_version,
    )
    warnings = list(api.last_warnings)
    code = 200
    if options.orphan_dependents is False and _still_exists(driver, info, result):
        code = 202
    return _respond(driver, request, info, result, code, warnings=warnings)


async def _delete_collection(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    negotiated = negotiate(request)
    params = list_params(request.query_params, watch_path=False)
    options = delete_options(
        await read_body(request), request.headers.get("content-type"), request.query_params
    )
    api = driver.api
    items = api.delete_collection(
        info.plural,
        namespace=info.namespace,
        label_selector=params.label_selector,
        field_selector=params.field_selector,
        options=options,
        api_version=info.group_version,
    )
    warnings = list(api.last_warnings)
    body = {
        "kind": info.model.list_kind,
        "apiVersion": info.group_version,
        "metadata": {"resourceVersion": str(api.resource_version)},
        "items": [_list_item(item) for item in items],
    }
    return object_response(body, 200, negotiated, warnings=warnings)


_COLLECTION = {"GET": _list, "POST": _create, "DELETE": _delete_collection}
_ITEM = {"GET": _get, "PUT": _update, "PATCH": _patch, "DELETE": _delete}
_STATUS = {"GET": _get, "PUT": _update, "PATCH": _patch}


async def handle_resource(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    """Serve one resource request; raises ``APIError`` for the error ``Status``."""
    method = request.method
    if info.name is None:
        handlers = _COLLECTION
        if info.model.namespaced and info.namespace is None:
            handlers = {"GET": _list}  # all namespaces: list and watch only
        elif info.plural == "namespaces":
            handlers = {"GET": _list, "POST": _create}
    elif info.subresource == "status":
        handlers = _STATUS
    elif info.subresource == "log":
        handlers = {"GET": pod_log}
    else:
        handlers = _ITEM
    handler = handlers.get(method)
    if handler is None:
        raise new_generic_server_response(405)
    return await handler(driver, request, info)
