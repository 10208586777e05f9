"""Query and body options of list, watch and delete requests, validated as the apiserver does.

Owns ``ListParams`` (``metav1.ListOptions`` from the query: selectors, ``watch``,
``resourceVersion``/``resourceVersionMatch``, ``timeoutSeconds``, ``allowWatchBookmarks``,
``sendInitialEvents``, ``limit``, ``includeObject``) with ``ValidateListOptions``' 422
``ListOptions.meta.k8s.io "" is invalid: ...`` errors, and ``delete_options``
(``DeleteOptions`` from a JSON/YAML body, or from the query when there is no body; the
body wins, and unknown body fields are ignored like the handler's non-strict decoder).

Imports layers 0/1 and ``jobsim.server.{codec,request_info}``; must not import the store.
Upstream: apimachinery ``pkg/apis/meta/internalversion/validation/validation.go``
(``ValidateListOptions``, ``validateWatchOptions``); apiserver
``pkg/endpoints/handlers/delete.go``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from pydantic import ValidationError
from starlette.datastructures import QueryParams

from jobsim.api.field import FieldError, Path, forbidden, not_supported
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.errors import GroupKind, new_bad_request, new_invalid
from jobsim.server.codec import decode_data
from jobsim.server.request_info import parse_bool, parse_int
from jobsim.server.tables import INCLUDE_OBJECT_VALUES

__all__ = ["NOT_OLDER_THAN", "ListParams", "delete_options", "list_params"]

EXACT: Final = "Exact"
NOT_OLDER_THAN: Final = "NotOlderThan"
_LIST_OPTIONS: Final = GroupKind("meta.k8s.io", "ListOptions")
_DELETE_FIELDS: Final = frozenset(
    (info.alias or name) for name, info in DeleteOptions.model_fields.items()
)


@dataclass(frozen=True, slots=True)
class ListParams:
    """The list/watch options of one request."""

    label_selector: str | None
    field_selector: str | None
    watch: bool
    resource_version: str | None
    resource_version_match: str
    timeout_seconds: int | None
    allow_bookmarks: bool
    send_initial_events: bool | None
    limit: int | None
    continue_token: str
    include_object: str


def list_params(query: QueryParams, *, watch_path: bool) -> ListParams:
    """Read the options from the query; 400 for malformed values, 422 for invalid combinations."""
    include = query.get("includeObject") or "Metadata"
    if include not in INCLUDE_OBJECT_VALUES:
        raise new_bad_request(f'includeObject: Unsupported value: "{include}"')
    params = ListParams(
        label_selector=query.get("labelSelector") or None,
        field_selector=query.get("fieldSelector") or None,
        watch=watch_path or bool(parse_bool(query, "watch")),
        resource_version=query.get("resourceVersion") or None,
        resource_version_match=query.get("resourceVersionMatch") or "",
        timeout_seconds=parse_int(query, "timeoutSeconds"),
        allow_bookmarks=bool(parse_bool(query, "allowWatchBookmarks")),
        send_initial_events=parse_bool(query, "sendInitialEvents"),
        limit=parse_int(query, "limit"),
        continue_token=query.get("continue") or "",
        include_object=include,
    )
    errs = _validate_watch(params) if params.watch else _validate_list(params)
    if errs:
        raise new_invalid(_LIST_OPTIONS, "", errs)
    return params


def _validate_list(p: ListParams) -> list[FieldError]:
    errs: list[FieldError] = []
    match = p.resource_version_match
    path = Path("resourceVersionMatch")
    if match not in (EXACT, NOT_OLDER_THAN, ""):
        errs.append(not_supported(path, match, [EXACT, NOT_OLDER_THAN, ""]))
    if p.send_initial_events is not None:
        errs.append(forbidden(Path("sendInitialEvents"), "sendInitialEvents is forbidden for list"))
    if not match:
        return errs
    if p.resource_version is None:
        errs.append(
            forbidden(path, "resourceVersionMatch is forbidden unless resourceVersion is provided")
        )
    if p.continue_token:
        errs.append(forbidden(path, "resourceVersionMatch is forbidden when continue is provided"))
    if match == EXACT and p.resource_version == "0":
        errs.append(
            forbidden(path, 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"')
        )
    return errs


def _validate_watch(p: ListParams) -> list[FieldError]:
    path = Path("resourceVersionMatch")
    if p.send_initial_events is None:
        if p.resource_version_match:
            detail = (
                "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"
            )
            return [forbidden(path, detail)]
        return []
    errs: list[FieldError] = []
    if p.resource_version_match != NOT_OLDER_THAN:
        if not p.resource_version_match:
            detail = "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"
            errs.append(forbidden(path, detail))
        else:
            errs.append(not_supported(path, p.resource_version_match, [NOT_OLDER_THAN]))
    if p.continue_token:
        errs.append(forbidden(path, "sendInitialEvents is forbidden when continue is provided"))
    return errs


def _go_type_error(data: dict[str, Any], exc: ValidationError) -> str:
    loc = exc.errors()[0]["loc"]
    field = str(loc[0]) if loc else ""
    value = data.get(field)
    kind = {bool: "bool", str: "string", list: "array", dict: "object"}.get(type(value), "number")
    return f"json: cannot unmarshal {kind} into Go struct field DeleteOptions.{field}"


def delete_options(body: bytes, content_type: str | None, query: QueryParams) -> DeleteOptions:
    """``DeleteOptions`` of a DELETE: from the body if there is one, else from the query."""
    if body.strip():
        try:
            data = decode_data(body, content_type)
        except ValueError as exc:
            raise new_bad_request(str(exc)) from None
        if not isinstance(data, dict):
            raise new_bad_request(
                "json: cannot unmarshal array into Go value of type v1.DeleteOptions"
            )
        known = {k: v for k, v in data.items() if k in _DELETE_FIELDS and v is not None}
        try:
            return DeleteOptions.model_validate(known)
        except ValidationError as exc:
            raise new_bad_request(_go_type_error(known, exc)) from None
    return DeleteOptions(
        grace_period_seconds=parse_int(query, "gracePeriodSeconds"),
        propagation_policy=query.get("propagationPolicy") or None,
        orphan_dependents=parse_bool(query, "orphanDependents"),
        dry_run=query.getlist("dryRun") or None,
    )
