"""The constructors of ``pkg/api/errors``: each error with the apiserver's code, reason and text.

Owns ``new_not_found``, ``new_already_exists``, ``new_conflict``, ``new_invalid``,
``new_bad_request``, ... and ``new_generic_server_response``: one function per upstream
``New*`` that builds the ``Status`` (message, reason, code, details with Go ``omitempty``)
exactly as ``k8s.io/apimachinery/pkg/api/errors`` does.

Layer 1: imports only ``jobsim.api`` (layer 0) and ``jobsim.errors.status_error``. Must not
import the store, controllers or anything above; no logging, no HTTP.

Sources: apimachinery ``pkg/api/errors/errors.go``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from jobsim.api.field import FieldError, aggregate_message
from jobsim.api.gofmt import go_quote
from jobsim.errors.status_error import (
    AlreadyExistsError,
    APIError,
    APITimeoutError,
    BadRequestError,
    ConflictError,
    ExpiredError,
    ForbiddenError,
    GoneError,
    GroupKind,
    GroupResource,
    InternalError,
    InvalidError,
    MethodNotAllowedError,
    NotFoundError,
    RequestEntityTooLargeError,
    StatusReason,
    TooManyRequestsError,
    class_for_reason,
    make_cause,
    make_details,
    make_error,
)

__all__ = [
    "new_already_exists",
    "new_bad_request",
    "new_conflict",
    "new_forbidden",
    "new_generate_name_conflict",
    "new_generic_server_response",
    "new_gone",
    "new_internal_error",
    "new_invalid",
    "new_method_not_supported",
    "new_not_found",
    "new_request_entity_too_large_error",
    "new_resource_expired",
    "new_timeout_error",
    "new_too_many_requests",
    "new_unknown_error",
]


def new_not_found(resource: GroupResource, name: str) -> NotFoundError:
    """``NewNotFound``: 404 ``jobs.batch "x" not found``; details.kind is the resource."""
    details = make_details(name=name, group=resource.group, kind=resource.resource)
    return make_error(NotFoundError, 404, f"{resource} {go_quote(name)} not found", details)


def new_already_exists(
    resource: GroupResource, name: str, *, being_deleted: bool = False
) -> AlreadyExistsError:
    """``NewAlreadyExists``: 409 ``jobs.batch "x" already exists``.

    ``being_deleted`` gives the store's variant for a name whose object is terminating:
    ``object is being deleted: jobs.batch "x" already exists``.
    """
    message = f"{resource} {go_quote(name)} already exists"
    if being_deleted:
        message = f"object is being deleted: {message}"
    details = make_details(name=name, group=resource.group, kind=resource.resource)
    return make_error(AlreadyExistsError, 409, message, details)


def new_generate_name_conflict(
    resource: GroupResource, name: str, retry_after_seconds: int = 1
) -> AlreadyExistsError:
    """``NewGenerateNameConflict``: 409 AlreadyExists after generateName retries ran out."""
    message = (
        f"{resource} {go_quote(name)} already exists, "
        "the server was not able to generate a unique name for the object"
    )
    details = make_details(
        name=name,
        group=resource.group,
        kind=resource.resource,
        retry_after_seconds=retry_after_seconds,
    )
    return make_error(AlreadyExistsError, 409, message, details)


def new_forbidden(resource: GroupResource, name: str, err: BaseException | str) -> APIError:
    """``NewForbidden``: 403 ``jobs.batch "x" is forbidden: <err>``."""
    if not resource.group and not resource.resource:
        message = f"forbidden: {err}"
    elif not name:
        message = f"{resource} is forbidden: {err}"
    else:
        message = f"{resource} {go_quote(name)} is forbidden: {err}"
    details = make_details(name=name, group=resource.group, kind=resource.resource)
    return make_error(ForbiddenError, 403, message, details)


def new_conflict(resource: GroupResource, name: str, err: BaseException | str) -> ConflictError:
    """``NewConflict``: 409 ``Operation cannot be fulfilled on jobs.batch "x": <err>``."""
    message = f"Operation cannot be fulfilled on {resource} {go_quote(name)}: {err}"
    details = make_details(name=name, group=resource.group, kind=resource.resource)
    return make_error(ConflictError, 409, message, details)


def new_gone(message: str) -> GoneError:
    """``NewGone``: 410 ``Gone`` (deprecated upstream in favour of ``new_resource_expired``)."""
    return make_error(GoneError, 410, message)


def new_resource_expired(message: str) -> ExpiredError:
    """``NewResourceExpired``: 410 ``Expired`` (``too old resource version: 5 (120)``)."""
    return make_error(ExpiredError, 410, message)


def new_invalid(kind: GroupKind, name: str, errors: Sequence[FieldError]) -> InvalidError:
    """``NewInvalid``: 422 ``Job.batch "x" is invalid: <errors>``, one cause per field error.

    The message aggregates the errors (deduplicated, ``[e1, e2]`` when several); the
    causes are not deduplicated. ``details.kind`` is the Kind, not the resource.
    """
    causes = [make_cause(e.reason, e.error_body(), e.field) for e in errors]
    message = f"{kind} {go_quote(name)} is invalid"
    if errors:
        message += f": {aggregate_message(errors)}"
    details = make_details(name=name, group=kind.group, kind=kind.kind, causes=causes)
    return make_error(InvalidError, 422, message, details)


def new_bad_request(reason: str) -> BadRequestError:
    """``NewBadRequest``: 400 with ``reason`` as the message and no details."""
    return make_error(BadRequestError, 400, reason)


def new_too_many_requests(message: str, retry_after_seconds: int) -> TooManyRequestsError:
    """``NewTooManyRequests``: 429 with ``details.retryAfterSeconds``."""
    details = make_details(retry_after_seconds=retry_after_seconds)
    return make_error(TooManyRequestsError, 429, message, details)


def new_method_not_supported(resource: GroupResource, action: str) -> MethodNotAllowedError:
    """``NewMethodNotSupported``: 405 ``watch is not supported on resources of kind "x.y"``."""
    message = f"{action} is not supported on resources of kind {go_quote(str(resource))}"
    details = make_details(group=resource.group, kind=resource.resource)
    return make_error(MethodNotAllowedError, 405, message, details)


def new_internal_error(err: BaseException | str) -> InternalError:
    """``NewInternalError``: 500 ``Internal error occurred: <err>`` with the error as a cause."""
    details = make_details(causes=[make_cause(message=str(err))])
    return make_error(InternalError, 500, f"Internal error occurred: {err}", details)


def new_unknown_error(message: str, code: int = 500) -> APIError:
    """A plain (non-``Status``) server error as the handlers write it: ``reason`` empty.

    E.g. ``resourceVersion should not be set on objects to be created`` (500).
    """
    return make_error(APIError, code, message)


def new_timeout_error(message: str, retry_after_seconds: int) -> APITimeoutError:
    """``NewTimeoutError``: 504 ``Timeout: <message>``, details always present."""
    details = make_details(retry_after_seconds=retry_after_seconds)
    return make_error(APITimeoutError, 504, f"Timeout: {message}", details)


def new_request_entity_too_large_error(message: str) -> RequestEntityTooLargeError:
    """``NewRequestEntityTooLargeError``: 413 ``Request entity too large: <message>``."""
    return make_error(RequestEntityTooLargeError, 413, f"Request entity too large: {message}")


_GENERIC_RESPONSES: Final[dict[int, tuple[StatusReason, str]]] = {
    404: (StatusReason.NOT_FOUND, "the server could not find the requested resource"),
    400: (StatusReason.BAD_REQUEST, "the server rejected our request for an unknown reason"),
    401: (
        StatusReason.UNAUTHORIZED,
        "the server has asked for the client to provide credentials",
    ),
    405: (
        StatusReason.METHOD_NOT_ALLOWED,
        "the server does not allow this method on the requested resource",
    ),
    422: (
        StatusReason.INVALID,
        "the server rejected our request due to an error in our request",
    ),
    503: (
        StatusReason.SERVICE_UNAVAILABLE,
        "the server is currently unable to handle the request",
    ),
    504: (
        StatusReason.TIMEOUT,
        "the server was unable to return a response in the time allotted, "
        "but may still be processing the request",
    ),
    429: (
        StatusReason.TOO_MANY_REQUESTS,
        "the server has received too many requests and has asked us to try again later",
    ),
}


def new_generic_server_response(
    code: int,
    *,
    verb: str = "",
    resource: GroupResource | None = None,
    name: str = "",
    server_message: str = "",
    retry_after_seconds: int = 0,
    is_unexpected_response: bool = False,
) -> APIError:
    """``NewGenericServerResponse``: e.g. 404 ``the server could not find the requested resource``.

    ``details`` is always present (``{}`` when everything is empty), as upstream.
    """
    resource = resource or GroupResource("", "")
    reason = StatusReason.UNKNOWN
    message = (
        f"the server responded with the status code {code} but did not return more information"
    )
    if code == 409:
        reason = StatusReason.ALREADY_EXISTS if verb == "POST" else StatusReason.CONFLICT
        message = "the server reported a conflict"
    elif code == 403:
        reason, message = StatusReason.FORBIDDEN, server_message
    elif code == 406:
        reason = StatusReason.NOT_ACCEPTABLE
        message = server_message
        if server_message in ("", "unknown"):
            message = (
                "the server was unable to respond with a content type that the client supports"
            )
    elif code == 415:
        reason, message = StatusReason.UNSUPPORTED_MEDIA_TYPE, server_message
    elif code in _GENERIC_RESPONSES:
        reason, message = _GENERIC_RESPONSES[code]
    elif code >= 500:
        reason = StatusReason.INTERNAL_ERROR
        message = (
            f"an error on the server ({go_quote(server_message)}) "
            "has prevented the request from succeeding"
        )
    if resource != ("", ""):  # !qualifiedResource.Empty()
        suffix = f" {name}" if name else ""
        message = f"{message} ({verb.lower()} {resource}{suffix})"
    causes = (
        [make_cause("UnexpectedServerResponse", server_message)] if is_unexpected_response else []
    )
    details = make_details(
        name=name,
        group=resource.group,
        kind=resource.resource,
        causes=causes,
        retry_after_seconds=retry_after_seconds,
    )
    return make_error(class_for_reason(reason.value), code, message, details)
