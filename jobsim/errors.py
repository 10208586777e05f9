"""API errors that carry a Kubernetes ``Status``, as apimachinery ``pkg/api/errors``.

Owns the exception hierarchy (``APIError`` and one subclass per ``Status.reason``:
``NotFoundError``, ``ConflictError``, ``InvalidError``, ...) and the constructors that
build each error with the apiserver's exact code, reason, message and details
(``new_not_found``, ``new_invalid``, ...), plus the few apiserver/storage errors built on
them (preconditions, too-large resourceVersion, media-type negotiation).

Layer 1: imports only ``jobsim.api`` (layer 0). Must not import the store, controllers
or anything above; no logging, no HTTP. ``error.status.to_dict()`` is the response body.

Sources: apimachinery ``pkg/api/errors/errors.go``, ``pkg/apis/meta/v1/types.go``
(StatusReason, CauseType), ``pkg/runtime/schema/group_version.go``; apiserver
``pkg/endpoints/handlers/negotiation/errors.go``, ``pkg/endpoints/handlers/responsewriters/
status.go``, ``pkg/registry/rest/delete.go``, ``pkg/storage/errors.go``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import ClassVar, Final, NamedTuple, TypeVar

from jobsim.api.field import FieldError, aggregate_message, go_quote
from jobsim.api.meta_v1 import Status, StatusCause, StatusDetails

__all__ = [
    "OPTIMISTIC_LOCK_ERROR_MSG",
    "APIError",
    "APITimeoutError",
    "AlreadyExistsError",
    "BadRequestError",
    "ConflictError",
    "ExpiredError",
    "ForbiddenError",
    "GoneError",
    "GroupKind",
    "GroupResource",
    "InternalError",
    "InvalidError",
    "MethodNotAllowedError",
    "NotAcceptableError",
    "NotFoundError",
    "RequestEntityTooLargeError",
    "ServerTimeoutError",
    "ServiceUnavailableError",
    "StatusReason",
    "TooManyRequestsError",
    "UnauthorizedError",
    "UnsupportedMediaTypeError",
    "from_status",
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
    "new_not_acceptable",
    "new_not_found",
    "new_optimistic_lock_conflict",
    "new_precondition_resource_version_conflict",
    "new_precondition_uid_conflict",
    "new_request_entity_too_large_error",
    "new_resource_expired",
    "new_storage_uid_precondition_conflict",
    "new_timeout_error",
    "new_too_large_resource_version",
    "new_too_many_requests",
    "new_unknown_error",
    "new_unsupported_media_type",
]

OPTIMISTIC_LOCK_ERROR_MSG: Final = (
    "the object has been modified; please apply your changes to the latest version and try again"
)
"""``storage.OptimisticLockErrorMsg``: the text of a stale-resourceVersion Conflict."""


class GroupResource(NamedTuple):
    """``schema.GroupResource``: prints as ``jobs.batch``, or ``pods`` for the core group."""

    group: str
    resource: str

    def __str__(self) -> str:
        return f"{self.resource}.{self.group}" if self.group else self.resource


class GroupKind(NamedTuple):
    """``schema.GroupKind``: prints as ``Job.batch``, or ``Pod`` for the core group."""

    group: str
    kind: str

    def __str__(self) -> str:
        return f"{self.kind}.{self.group}" if self.group else self.kind


class StatusReason(StrEnum):
    """``metav1.StatusReason``: the machine-readable ``Status.reason``."""

    UNKNOWN = ""
    UNAUTHORIZED = "Unauthorized"
    FORBIDDEN = "Forbidden"
    NOT_FOUND = "NotFound"
    ALREADY_EXISTS = "AlreadyExists"
    CONFLICT = "Conflict"
    GONE = "Gone"
    INVALID = "Invalid"
    SERVER_TIMEOUT = "ServerTimeout"
    TIMEOUT = "Timeout"
    TOO_MANY_REQUESTS = "TooManyRequests"
    BAD_REQUEST = "BadRequest"
    METHOD_NOT_ALLOWED = "MethodNotAllowed"
    NOT_ACCEPTABLE = "NotAcceptable"
    REQUEST_ENTITY_TOO_LARGE = "RequestEntityTooLarge"
    UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType"
    INTERNAL_ERROR = "InternalError"
    EXPIRED = "Expired"
    SERVICE_UNAVAILABLE = "ServiceUnavailable"


_CLASS_BY_REASON: Final[dict[str, type[APIError]]] = {}


class APIError(Exception):
    """An error returned as a ``Status`` (Go ``*StatusError``); ``str()`` is the message."""

    reason_type: ClassVar[StatusReason] = StatusReason.UNKNOWN

    def __init_subclass__(cls, *, reason: StatusReason, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.reason_type = reason
        _CLASS_BY_REASON[reason.value] = cls

    def __init__(self, status: Status) -> None:
        super().__init__(status.message or "")
        self.status = status

    @property
    def code(self) -> int:
        """The HTTP status code (``Status.code``)."""
        return self.status.code or 0

    @property
    def reason(self) -> str:
        """The ``Status.reason`` (``""`` when unknown)."""
        return self.status.reason or ""

    @property
    def message(self) -> str:
        """The human-readable ``Status.message``."""
        return self.status.message or ""

    @property
    def retry_after_seconds(self) -> int:
        """``details.retryAfterSeconds`` (0 if absent); ``Retry-After`` is sent when > 0."""
        details = self.status.details
        return (details.retry_after_seconds or 0) if details else 0

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[type[APIError], tuple[Status]]:
        return type(self), (self.status,)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code}, {self.reason!r}, {self.message!r})"


_E = TypeVar("_E", bound="APIError")


class UnauthorizedError(APIError, reason=StatusReason.UNAUTHORIZED):
    """401 ``Unauthorized``."""


class ForbiddenError(APIError, reason=StatusReason.FORBIDDEN):
    """403 ``Forbidden``."""


class NotFoundError(APIError, reason=StatusReason.NOT_FOUND):
    """404 ``NotFound``."""


class AlreadyExistsError(APIError, reason=StatusReason.ALREADY_EXISTS):
    """409 ``AlreadyExists``."""


class ConflictError(APIError, reason=StatusReason.CONFLICT):
    """409 ``Conflict``."""


class GoneError(APIError, reason=StatusReason.GONE):
    """410 ``Gone``."""


class ExpiredError(GoneError, reason=StatusReason.EXPIRED):
    """410 ``Expired`` (a resourceVersion too old); also caught by ``except GoneError``."""


class InvalidError(APIError, reason=StatusReason.INVALID):
    """422 ``Invalid``: ``details.causes`` has one cause per field error."""


class BadRequestError(APIError, reason=StatusReason.BAD_REQUEST):
    """400 ``BadRequest``."""


class MethodNotAllowedError(APIError, reason=StatusReason.METHOD_NOT_ALLOWED):
    """405 ``MethodNotAllowed``."""


class NotAcceptableError(APIError, reason=StatusReason.NOT_ACCEPTABLE):
    """406 ``NotAcceptable``."""


class RequestEntityTooLargeError(APIError, reason=StatusReason.REQUEST_ENTITY_TOO_LARGE):
    """413 ``RequestEntityTooLarge``."""


class UnsupportedMediaTypeError(APIError, reason=StatusReason.UNSUPPORTED_MEDIA_TYPE):
    """415 ``UnsupportedMediaType``."""


class TooManyRequestsError(APIError, reason=StatusReason.TOO_MANY_REQUESTS):
    """429 ``TooManyRequests``."""


class InternalError(APIError, reason=StatusReason.INTERNAL_ERROR):
    """500 ``InternalError``."""


class ServerTimeoutError(APIError, reason=StatusReason.SERVER_TIMEOUT):
    """500 ``ServerTimeout``: the operation could not be completed, retry."""


class ServiceUnavailableError(APIError, reason=StatusReason.SERVICE_UNAVAILABLE):
    """503 ``ServiceUnavailable``."""


class APITimeoutError(APIError, reason=StatusReason.TIMEOUT):
    """504 ``Timeout`` (named so as not to shadow the builtin ``TimeoutError``)."""


def from_status(status: Status) -> APIError:
    """Wrap a ``Status`` in the exception class of its reason (``errors.FromObject``)."""
    return _CLASS_BY_REASON.get(status.reason or "", APIError)(status)


def _details(
    *,
    name: str = "",
    group: str = "",
    kind: str = "",
    causes: Sequence[StatusCause] = (),
    retry_after_seconds: int = 0,
) -> StatusDetails:
    """A ``StatusDetails`` with Go's ``omitempty`` applied (empty strings and lists left out)."""
    fields = {
        "name": name,
        "group": group,
        "kind": kind,
        "causes": list(causes),
        "retry_after_seconds": retry_after_seconds,
    }
    return StatusDetails.model_validate({k: v for k, v in fields.items() if v})


def _cause(reason: str = "", message: str = "", field: str = "") -> StatusCause:
    """A ``StatusCause`` with empty members left out, as Go's ``omitempty`` does."""
    fields = {"reason": reason, "message": message, "field": field}
    return StatusCause.model_validate({k: v for k, v in fields.items() if v})


def _error(cls: type[_E], code: int, message: str, details: StatusDetails | None = None) -> _E:
    """Build ``cls`` around a Failure ``Status`` of its reason (empty members omitted)."""
    fields: dict[str, object] = {"status": "Failure", "message": message, "code": code}
    fields["reason"] = cls.reason_type.value
    if details is not None:
        fields["details"] = details
    return cls(Status.model_validate({k: v for k, v in fields.items() if v or k == "details"}))


def new_not_found(resource: GroupResource, name: str) -> NotFoundError:
    """``NewNotFound``: 404 ``jobs.batch "x" not found``; details.kind is the resource."""
    details = _details(name=name, group=resource.group, kind=resource.resource)
    return _error(NotFoundError, 404, f"{resource} {go_quote(name)} not found", details)


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
    details = _details(name=name, group=resource.group, kind=resource.resource)
    return _error(AlreadyExistsError, 409, message, details)


def new_generate_name_conflict(
    resource: GroupResource, name: str, retry_after_seconds: int = 1
) -> AlreadyExistsError:
    """``NewGenerateNameConflict``: 409 AlreadyExists after generateName retries ran out."""
    message = (
        f"{resource} {go_quote(name)} already exists, "
        "the server was not able to generate a unique name for the object"
    )
    details = _details(
        name=name,
        group=resource.group,
        kind=resource.resource,
        retry_after_seconds=retry_after_seconds,
    )
    return _error(AlreadyExistsError, 409, message, details)


def new_forbidden(resource: GroupResource, name: str, err: BaseException | str) -> APIError:
    """``NewForbidden``: 403 ``jobs.batch "x" is forbidden: <err>``."""
    if not resource.group and not resource.resource:
        message = f"forbidden: {err}"
    elif not name:
        message = f"{resource} is forbidden: {err}"
    else:
        message = f"{resource} {go_quote(name)} is forbidden: {err}"
    details = _details(name=name, group=resource.group, kind=resource.resource)
    return _error(ForbiddenError, 403, message, details)


def new_conflict(resource: GroupResource, name: str, err: BaseException | str) -> ConflictError:
    """``NewConflict``: 409 ``Operation cannot be fulfilled on jobs.batch "x": <err>``."""
    message = f"Operation cannot be fulfilled on {resource} {go_quote(name)}: {err}"
    details = _details(name=name, group=resource.group, kind=resource.resource)
    return _error(ConflictError, 409, message, details)


def new_optimistic_lock_conflict(resource: GroupResource, name: str) -> ConflictError:
    """The 409 of an update with a stale ``metadata.resourceVersion``."""
    return new_conflict(resource, name, OPTIMISTIC_LOCK_ERROR_MSG)


def new_precondition_uid_conflict(
    kind: GroupKind, name: str, precondition_uid: str, record_uid: str
) -> ConflictError:
    """DELETE ``preconditions.uid`` mismatch (``rest.BeforeDelete``): names ``Job.batch``."""
    err = (
        f"the UID in the precondition ({precondition_uid}) does not match the UID in record "
        f"({record_uid}). The object might have been deleted and then recreated"
    )
    return new_conflict(GroupResource(kind.group, kind.kind), name, err)


def new_precondition_resource_version_conflict(
    kind: GroupKind, name: str, precondition_rv: str, record_rv: str
) -> ConflictError:
    """DELETE ``preconditions.resourceVersion`` mismatch (``rest.BeforeDelete``)."""
    err = (
        f"the ResourceVersion in the precondition ({precondition_rv}) does not match the "
        f"ResourceVersion in record ({record_rv}). The object might have been modified"
    )
    return new_conflict(GroupResource(kind.group, kind.kind), name, err)


def new_storage_uid_precondition_conflict(
    resource: GroupResource, name: str, key: str, precondition_uid: str, object_uid: str
) -> ConflictError:
    """Storage-level uid precondition failure (e.g. a PUT body whose uid differs)."""
    err = (
        f"StorageError: invalid object, Code: 4, Key: {key}, ResourceVersion: 0, "
        f"AdditionalErrorMsg: Precondition failed: UID in precondition: {precondition_uid}, "
        f"UID in object meta: {object_uid}"
    )
    return new_conflict(resource, name, err)


def new_gone(message: str) -> GoneError:
    """``NewGone``: 410 ``Gone`` (deprecated upstream in favour of ``new_resource_expired``)."""
    return _error(GoneError, 410, message)


def new_resource_expired(message: str) -> ExpiredError:
    """``NewResourceExpired``: 410 ``Expired`` (``too old resource version: 5 (120)``)."""
    return _error(ExpiredError, 410, message)


def new_invalid(kind: GroupKind, name: str, errors: Sequence[FieldError]) -> InvalidError:
    """``NewInvalid``: 422 ``Job.batch "x" is invalid: <errors>``, one cause per field error.

    The message aggregates the errors (deduplicated, ``[e1, e2]`` when several); the
    causes are not deduplicated. ``details.kind`` is the Kind, not the resource.
    """
    causes = [_cause(e.reason, e.error_body(), e.field) for e in errors]
    message = f"{kind} {go_quote(name)} is invalid"
    if errors:
        message += f": {aggregate_message(errors)}"
    details = _details(name=name, group=kind.group, kind=kind.kind, causes=causes)
    return _error(InvalidError, 422, message, details)


def new_bad_request(reason: str) -> BadRequestError:
    """``NewBadRequest``: 400 with ``reason`` as the message and no details."""
    return _error(BadRequestError, 400, reason)


def new_too_many_requests(message: str, retry_after_seconds: int) -> TooManyRequestsError:
    """``NewTooManyRequests``: 429 with ``details.retryAfterSeconds``."""
    details = _details(retry_after_seconds=retry_after_seconds)
    return _error(TooManyRequestsError, 429, message, details)


def new_method_not_supported(resource: GroupResource, action: str) -> MethodNotAllowedError:
    """``NewMethodNotSupported``: 405 ``watch is not supported on resources of kind "x.y"``."""
    message = f"{action} is not supported on resources of kind {go_quote(str(resource))}"
    details = _details(group=resource.group, kind=resource.resource)
    return _error(MethodNotAllowedError, 405, message, details)


def new_internal_error(err: BaseException | str) -> InternalError:
    """``NewInternalError``: 500 ``Internal error occurred: <err>`` with the error as a cause."""
    details = _details(causes=[_cause(message=str(err))])
    return _error(InternalError, 500, f"Internal error occurred: {err}", details)


def new_unknown_error(message: str, code: int = 500) -> APIError:
    """A plain (non-``Status``) server error as the handlers write it: ``reason`` empty.

    E.g. ``resourceVersion should not be set on objects to be created`` (500).
    """
    return _error(APIError, code, message)


def new_timeout_error(message: str, retry_after_seconds: int) -> APITimeoutError:
    """``NewTimeoutError``: 504 ``Timeout: <message>``, details always present."""
    details = _details(retry_after_seconds=retry_after_seconds)
    return _error(APITimeoutError, 504, f"Timeout: {message}", details)


def new_too_large_resource_version(
    minimum_rv: int, current_rv: int, retry_after_seconds: int = 1
) -> APITimeoutError:
    """``storage.NewTooLargeResourceVersionError``: 504 with a ``ResourceVersionTooLarge`` cause."""
    err = new_timeout_error(
        f"Too large resource version: {minimum_rv}, current: {current_rv}", retry_after_seconds
    )
    details = err.status.details
    assert details is not None
    details.causes = [_cause("ResourceVersionTooLarge", "Too large resource version")]
    return err


def new_request_entity_too_large_error(message: str) -> RequestEntityTooLargeError:
    """``NewRequestEntityTooLargeError``: 413 ``Request entity too large: <message>``."""
    return _error(RequestEntityTooLargeError, 413, f"Request entity too large: {message}")


def new_unsupported_media_type(accepted: Sequence[str]) -> UnsupportedMediaTypeError:
    """``negotiation.NewUnsupportedMediaTypeError``: 415 for a body in an unknown format."""
    message = (
        "the body of the request was in an unknown format - accepted media types include: "
        + ", ".join(accepted)
    )
    return _error(UnsupportedMediaTypeError, 415, message)


def new_not_acceptable(accepted: Sequence[str]) -> NotAcceptableError:
    """``negotiation.NewNotAcceptableError``: 406 when no ``Accept`` type can be served."""
    message = "only the following media types are accepted: " + ", ".join(accepted)
    return _error(NotAcceptableError, 406, message)


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
    causes = [_cause("UnexpectedServerResponse", server_message)] if is_unexpected_response else []
    details = _details(
        name=name,
        group=resource.group,
        kind=resource.resource,
        causes=causes,
        retry_after_seconds=retry_after_seconds,
    )
    return _error(_CLASS_BY_REASON.get(reason.value, APIError), code, message, details)
