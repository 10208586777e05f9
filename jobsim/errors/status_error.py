"""The exceptions that carry a Kubernetes ``Status``, as apimachinery's ``StatusError``.

Owns ``APIError`` (Go ``*StatusError``) and its one subclass per ``Status.reason``
(``NotFoundError``, ``ConflictError``, ``InvalidError``, ...), ``StatusReason``, the
``GroupResource``/``GroupKind`` names that messages print, ``from_status`` and the helpers
that build an error's ``Status`` with Go's ``omitempty`` (``make_error``, ``make_details``,
``make_cause``), which the constructor modules of this package share.

Layer 1: imports only ``jobsim.api`` (layer 0). Must not import the store, controllers
or anything above; no logging, no HTTP.

Sources: apimachinery ``pkg/api/errors/errors.go``, ``pkg/apis/meta/v1/types.go``
(StatusReason, CauseType), ``pkg/runtime/schema/group_version.go``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import ClassVar, Final, NamedTuple, TypeVar

from jobsim.api.meta_v1 import Status, StatusCause, StatusDetails

__all__ = [
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
    "class_for_reason",
    "from_status",
    "make_cause",
    "make_details",
    "make_error",
]


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


def class_for_reason(reason: str) -> type[APIError]:
    """The exception class of a ``Status.reason`` (``APIError`` for an unknown one)."""
    return _CLASS_BY_REASON.get(reason, APIError)


def from_status(status: Status) -> APIError:
    """Wrap a ``Status`` in the exception class of its reason (``errors.FromObject``)."""
    return class_for_reason(status.reason or "")(status)


def make_details(
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


def make_cause(reason: str = "", message: str = "", field: str = "") -> StatusCause:
    """A ``StatusCause`` with empty members left out, as Go's ``omitempty`` does."""
    fields = {"reason": reason, "message": message, "field": field}
    return StatusCause.model_validate({k: v for k, v in fields.items() if v})


def make_error(cls: type[_E], code: int, message: str, details: StatusDetails | None = None) -> _E:
    """Build ``cls`` around a Failure ``Status`` of its reason (empty members omitted)."""
    fields: dict[str, object] = {"status": "Failure", "message": message, "code": code}
    fields["reason"] = cls.reason_type.value
    if details is not None:
        fields["details"] = details
    return cls(Status.model_validate({k: v for k, v in fields.items() if v or k == "details"}))
