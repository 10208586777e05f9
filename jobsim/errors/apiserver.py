"""The apiserver's and storage's own errors, built on ``pkg/api/errors``.

Owns the errors the API server front and its storage raise with fixed texts: a stale
``resourceVersion`` (``OPTIMISTIC_LOCK_ERROR_MSG``), DELETE preconditions
(``rest.BeforeDelete``), a storage uid precondition, a too-large ``resourceVersion``, and
content negotiation (415 unknown body format, 406 no acceptable type).

Layer 1: imports only ``jobsim.api`` (layer 0) and this package. Must not import the store,
controllers or anything above; no logging, no HTTP.

Sources: apiserver ``pkg/storage/errors.go``, ``pkg/registry/rest/delete.go``,
``pkg/endpoints/handlers/negotiation/errors.go``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from jobsim.errors.constructors import new_conflict, new_timeout_error
from jobsim.errors.status_error import (
    APITimeoutError,
    ConflictError,
    GroupKind,
    GroupResource,
    NotAcceptableError,
    UnsupportedMediaTypeError,
    make_cause,
    make_error,
)

__all__ = [
    "OPTIMISTIC_LOCK_ERROR_MSG",
    "new_not_acceptable",
    "new_optimistic_lock_conflict",
    "new_precondition_resource_version_conflict",
    "new_precondition_uid_conflict",
    "new_storage_uid_precondition_conflict",
    "new_too_large_resource_version",
    "new_unsupported_media_type",
]

OPTIMISTIC_LOCK_ERROR_MSG: Final = (
    "the object has been modified; please apply your changes to the latest version and try again"
)
"""``storage.OptimisticLockErrorMsg``: the text of a stale-resourceVersion Conflict."""


def new_optimistic_lock_conflict(resource: GroupResource, name: str) -> ConflictError:
    """The 409 of an update with a stale ``metadata.resourceVersion``."""
    return new_conflict(resource, name, OPTIMISTIC_LOCK_ERROR_MSG)


# rest.BeforeDelete: precondition field -> (name in the message, what probably happened)
_DELETE_PRECONDITIONS: Final = {
    "uid": ("UID", "deleted and then recreated"),
    "resourceVersion": ("ResourceVersion", "modified"),
}


def _delete_precondition_conflict(
    kind: GroupKind, name: str, field: str, precondition: str, record: str
) -> ConflictError:
    """``rest.BeforeDelete``'s Conflict: precondition ``field`` differs from the record's.

    The error names the Kind where a resource is expected (``Job.batch``), as upstream does.
    """
    shown, outcome = _DELETE_PRECONDITIONS[field]
    err = (
        f"the {shown} in the precondition ({precondition}) does not match the {shown} in "
        f"record ({record}). The object might have been {outcome}"
    )
    return new_conflict(GroupResource(kind.group, kind.kind), name, err)


def new_precondition_uid_conflict(
    kind: GroupKind, name: str, precondition_uid: str, record_uid: str
) -> ConflictError:
    """DELETE ``preconditions.uid`` mismatch (``rest.BeforeDelete``): names ``Job.batch``."""
    return _delete_precondition_conflict(kind, name, "uid", precondition_uid, record_uid)


def new_precondition_resource_version_conflict(
    kind: GroupKind, name: str, precondition_rv: str, record_rv: str
) -> ConflictError:
    """DELETE ``preconditions.resourceVersion`` mismatch (``rest.BeforeDelete``)."""
    return _delete_precondition_conflict(kind, name, "resourceVersion", precondition_rv, record_rv)


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


def new_too_large_resource_version(
    minimum_rv: int, current_rv: int, retry_after_seconds: int = 1
) -> APITimeoutError:
    """``storage.NewTooLargeResourceVersionError``: 504 with a ``ResourceVersionTooLarge`` cause."""
    err = new_timeout_error(
        f"Too large resource version: {minimum_rv}, current: {current_rv}", retry_after_seconds
    )
    details = err.status.details
    assert details is not None
    details.causes = [make_cause("ResourceVersionTooLarge", "Too large resource version")]
    return err


def new_unsupported_media_type(accepted: Sequence[str]) -> UnsupportedMediaTypeError:
    """``negotiation.NewUnsupportedMediaTypeError``: 415 for a body in an unknown format."""
    message = (
        "the body of the request was in an unknown format - accepted media types include: "
        + ", ".join(accepted)
    )
    return make_error(UnsupportedMediaTypeError, 415, message)


def new_not_acceptable(accepted: Sequence[str]) -> NotAcceptableError:
    """``negotiation.NewNotAcceptableError``: 406 when no ``Accept`` type can be served."""
    message = "only the following media types are accepted: " + ", ".join(accepted)
    return make_error(NotAcceptableError, 406, message)
