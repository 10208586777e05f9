"""API errors that carry a Kubernetes ``Status``, as apimachinery ``pkg/api/errors``.

The public face of the package: every name is re-exported from the module that owns it.

- ``jobsim.errors.status_error``: the exception hierarchy (``APIError`` and one subclass per
  ``Status.reason``), ``StatusReason``, ``GroupResource``/``GroupKind``, ``from_status``;
- ``jobsim.errors.constructors``: ``new_not_found``, ``new_invalid``, ... with the
  apiserver's exact code, reason, message and details (``pkg/api/errors/errors.go``);
- ``jobsim.errors.apiserver``: the apiserver/storage errors built on them (stale
  resourceVersion, DELETE and storage preconditions, too-large resourceVersion, media-type
  negotiation).

Layer 1: imports only ``jobsim.api`` (layer 0). Must not import the store, controllers or
anything above; no logging, no HTTP. ``error.status.to_dict()`` is the response body.
"""

from __future__ import annotations

from jobsim.errors.apiserver import (
    OPTIMISTIC_LOCK_ERROR_MSG,
    new_not_acceptable,
    new_optimistic_lock_conflict,
    new_precondition_resource_version_conflict,
    new_precondition_uid_conflict,
    new_storage_uid_precondition_conflict,
    new_too_large_resource_version,
    new_unsupported_media_type,
)
from jobsim.errors.constructors import (
    new_already_exists,
    new_bad_request,
    new_conflict,
    new_forbidden,
    new_generate_name_conflict,
    new_generic_server_response,
    new_gone,
    new_internal_error,
    new_invalid,
    new_method_not_supported,
    new_not_found,
    new_request_entity_too_large_error,
    new_resource_expired,
    new_timeout_error,
    new_too_many_requests,
    new_unknown_error,
)
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
    NotAcceptableError,
    NotFoundError,
    RequestEntityTooLargeError,
    ServerTimeoutError,
    ServiceUnavailableError,
    StatusReason,
    TooManyRequestsError,
    UnauthorizedError,
    UnsupportedMediaTypeError,
    from_status,
)

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
