"""We test these aspects:

- ``GroupResource``/``GroupKind`` print as ``jobs.batch``/``Job.batch`` and, for the core group,
  as ``pods``/``Pod``;
- every constructor produces the apiserver's exact ``Status`` JSON (kind, apiVersion, empty
  metadata, ``Failure``, message, reason, details with Go ``omitempty``, code): NotFound,
  AlreadyExists (also terminating and generateName exhausted), Conflict (stale resourceVersion,
  delete preconditions, storage preconditions), Invalid (causes), BadRequest, Gone/Expired,
  MethodNotAllowed, InternalError, unknown (empty reason), Timeout (too-large RV), TooManyRequests,
  RequestEntityTooLarge, UnsupportedMediaType, NotAcceptable, Forbidden, generic responses;
- ``new_invalid`` dedups the message but not the causes; cause message is ``ErrorBody()`` and
  cause field the path string; ``details.kind`` is the Kind;
- each error is an instance of the class named after its reason, ``str()`` is the message, and
  ``from_status`` maps a decoded ``Status`` back to that class; errors survive pickling.

Upstream: k8s.io/apimachinery ``pkg/api/errors/errors.go`` (NewNotFound, NewAlreadyExists,
NewGenerateNameConflict, NewConflict, NewInvalid, NewBadRequest, NewGone, NewResourceExpired,
NewMethodNotSupported, NewInternalError, NewTimeoutError, NewTooManyRequests,
NewRequestEntityTooLargeError, NewForbidden, NewGenericServerResponse),
``pkg/runtime/schema/group_version.go``; apiserver ``pkg/endpoints/handlers/negotiation/errors.go``,
``pkg/registry/rest/delete.go``, ``pkg/storage/errors.go``; ``shared/reference/api-machinery.md``
§6.6 and §7.
"""

from __future__ import annotations

import pickle
from typing import Any

import pytest

from jobsim.api.field import Path, invalid, required
from jobsim.api.meta_v1 import Status
from jobsim.errors import (
    OPTIMISTIC_LOCK_ERROR_MSG,
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
    TooManyRequestsError,
    UnsupportedMediaTypeError,
    from_status,
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
    new_not_acceptable,
    new_not_found,
    new_optimistic_lock_conflict,
    new_precondition_resource_version_conflict,
    new_precondition_uid_conflict,
    new_request_entity_too_large_error,
    new_resource_expired,
    new_storage_uid_precondition_conflict,
    new_timeout_error,
    new_too_large_resource_version,
    new_too_many_requests,
    new_unknown_error,
    new_unsupported_media_type,
)

JOBS = GroupResource("batch", "jobs")
PODS = GroupResource("", "pods")
JOB = GroupKind("batch", "Job")
POD = GroupKind("", "Pod")


def status(message: str, reason: str | None, code: int, details: Any = None) -> dict[str, Any]:
    """The JSON body the apiserver writes for a failed request."""
    body: dict[str, Any] = {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
    }
    if reason is not None:
        body["reason"] = reason
    if details is not None:
        body["details"] = details
    body["code"] = code
    return body


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (JOBS, "jobs.batch"),
        (PODS, "pods"),
        (JOB, "Job.batch"),
        (POD, "Pod"),
    ],
    ids=["job-resource", "pod-resource", "job-kind", "pod-kind"],
)
def test_group_names(value: object, expected: str) -> None:
    """``GroupResource.String()`` / ``GroupKind.String()`` (runtime/schema/group_version.go)."""
    assert str(value) == expected


@pytest.mark.parametrize(
    ("error", "cls", "body"),
    [
        (
            new_not_found(JOBS, "x"),
            NotFoundError,
            status(
                'jobs.batch "x" not found',
                "NotFound",
                404,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_not_found(PODS, "x"),
            NotFoundError,
            status('pods "x" not found', "NotFound", 404, {"name": "x", "kind": "pods"}),
        ),
        (
            new_not_found(GroupResource("", "namespaces"), "foo"),
            NotFoundError,
            status(
                'namespaces "foo" not found', "NotFound", 404, {"name": "foo", "kind": "namespaces"}
            ),
        ),
        (
            new_already_exists(JOBS, "x"),
            AlreadyExistsError,
            status(
                'jobs.batch "x" already exists',
                "AlreadyExists",
                409,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_already_exists(JOBS, "x", being_deleted=True),
            AlreadyExistsError,
            status(
                'object is being deleted: jobs.batch "x" already exists',
                "AlreadyExists",
                409,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_generate_name_conflict(JOBS, "x-abcde"),
            AlreadyExistsError,
            status(
                'jobs.batch "x-abcde" already exists, the server was not able to generate a unique '
                "name for the object",
                "AlreadyExists",
                409,
                {"name": "x-abcde", "group": "batch", "kind": "jobs", "retryAfterSeconds": 1},
            ),
        ),
        (
            new_optimistic_lock_conflict(JOBS, "x"),
            ConflictError,
            status(
                'Operation cannot be fulfilled on jobs.batch "x": the object has been modified; '
                "please apply your changes to the latest version and try again",
                "Conflict",
                409,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_conflict(PODS, "p", ValueError("boom")),
            ConflictError,
            status(
                'Operation cannot be fulfilled on pods "p": boom',
                "Conflict",
                409,
                {"name": "p", "kind": "pods"},
            ),
        ),
        (
            new_precondition_uid_conflict(JOB, "x", "A", "B"),
            ConflictError,
            status(
                'Operation cannot be fulfilled on Job.batch "x": the UID in the precondition (A) '
                "does not match the UID in record (B). The object might have been deleted and then "
                "recreated",
                "Conflict",
                409,
                {"name": "x", "group": "batch", "kind": "Job"},
            ),
        ),
        (
            new_precondition_resource_version_conflict(JOB, "x", "5", "7"),
            ConflictError,
            status(
                'Operation cannot be fulfilled on Job.batch "x": the ResourceVersion in the '
                "precondition (5) does not match the ResourceVersion in record (7). The object "
                "might have been modified",
                "Conflict",
                409,
                {"name": "x", "group": "batch", "kind": "Job"},
            ),
        ),
        (
            new_storage_uid_precondition_conflict(JOBS, "x", "/registry/jobs/default/x", "A", "B"),
            ConflictError,
            status(
                'Operation cannot be fulfilled on jobs.batch "x": StorageError: invalid object, '
                "Code: 4, Key: /registry/jobs/default/x, ResourceVersion: 0, AdditionalErrorMsg: "
                "Precondition failed: UID in precondition: A, UID in object meta: B",
                "Conflict",
                409,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_bad_request("the name of the object (y) does not match the name on the URL (x)"),
            BadRequestError,
            status(
                "the name of the object (y) does not match the name on the URL (x)",
                "BadRequest",
                400,
            ),
        ),
        (
            new_resource_expired("too old resource version: 5 (120)"),
            ExpiredError,
            status("too old resource version: 5 (120)", "Expired", 410),
        ),
        (new_gone("gone away"), GoneError, status("gone away", "Gone", 410)),
        (
            new_method_not_supported(JOBS, "watch"),
            MethodNotAllowedError,
            status(
                'watch is not supported on resources of kind "jobs.batch"',
                "MethodNotAllowed",
                405,
                {"group": "batch", "kind": "jobs"},
            ),
        ),
        (
            new_internal_error(RuntimeError("disk on fire")),
            InternalError,
            status(
                "Internal error occurred: disk on fire",
                "InternalError",
                500,
                {"causes": [{"message": "disk on fire"}]},
            ),
        ),
        (
            new_unknown_error("resourceVersion should not be set on objects to be created"),
            APIError,
            status("resourceVersion should not be set on objects to be created", None, 500),
        ),
        (
            new_timeout_error("request did not complete", 0),
            APITimeoutError,
            status("Timeout: request did not complete", "Timeout", 504, {}),
        ),
        (
            new_too_large_resource_version(90, 12),
            APITimeoutError,
            status(
                "Timeout: Too large resource version: 90, current: 12",
                "Timeout",
                504,
                {
                    "causes": [
                        {
                            "reason": "ResourceVersionTooLarge",
                            "message": "Too large resource version",
                        }
                    ],
                    "retryAfterSeconds": 1,
                },
            ),
        ),
        (
            new_too_many_requests("slow down", 3),
            TooManyRequestsError,
            status("slow down", "TooManyRequests", 429, {"retryAfterSeconds": 3}),
        ),
        (
            new_request_entity_too_large_error("limit is 3145728"),
            RequestEntityTooLargeError,
            status("Request entity too large: limit is 3145728", "RequestEntityTooLarge", 413),
        ),
        (
            new_unsupported_media_type(
                ["application/json-patch+json", "application/merge-patch+json"]
            ),
            UnsupportedMediaTypeError,
            status(
                "the body of the request was in an unknown format - accepted media types include: "
                "application/json-patch+json, application/merge-patch+json",
                "UnsupportedMediaType",
                415,
            ),
        ),
        (
            new_not_acceptable(["application/json", "application/yaml"]),
            NotAcceptableError,
            status(
                "only the following media types are accepted: application/json, application/yaml",
                "NotAcceptable",
                406,
            ),
        ),
        (
            new_forbidden(
                GroupResource("", "jobs"),
                "x",
                "unable to create new content in namespace foo because it is being terminated",
            ),
            ForbiddenError,
            status(
                'jobs "x" is forbidden: unable to create new content in namespace foo because it '
                "is being terminated",
                "Forbidden",
                403,
                {"name": "x", "kind": "jobs"},
            ),
        ),
        (
            new_forbidden(GroupResource("", ""), "", "nope"),
            ForbiddenError,
            status("forbidden: nope", "Forbidden", 403, {}),
        ),
        (
            new_generic_server_response(404),
            NotFoundError,
            status("the server could not find the requested resource", "NotFound", 404, {}),
        ),
        (
            new_generic_server_response(405),
            MethodNotAllowedError,
            status(
                "the server does not allow this method on the requested resource",
                "MethodNotAllowed",
                405,
                {},
            ),
        ),
        (
            new_generic_server_response(409, verb="POST", resource=JOBS, name="x"),
            AlreadyExistsError,
            status(
                "the server reported a conflict (post jobs.batch x)",
                "AlreadyExists",
                409,
                {"name": "x", "group": "batch", "kind": "jobs"},
            ),
        ),
    ],
    ids=[
        "not-found-job",
        "not-found-pod",
        "not-found-namespace",
        "already-exists",
        "already-exists-terminating",
        "generate-name-conflict",
        "stale-resource-version",
        "conflict-core",
        "precondition-uid",
        "precondition-rv",
        "storage-precondition",
        "bad-request",
        "expired",
        "gone",
        "method-not-supported",
        "internal-error",
        "unknown-reason",
        "timeout",
        "too-large-rv",
        "too-many-requests",
        "entity-too-large",
        "unsupported-media-type",
        "not-acceptable",
        "forbidden",
        "forbidden-no-resource",
        "generic-404",
        "generic-405",
        "generic-409-post",
    ],
)
def test_status_body(error: APIError, cls: type[APIError], body: dict[str, Any]) -> None:
    """The error's ``Status`` renders exactly as the apiserver's JSON (api/errors/errors.go)."""
    assert type(error) is cls
    assert error.status.to_dict() == body
    assert list(error.status.to_dict()) == list(body)  # Go field order
    assert str(error) == body["message"]
    assert error.code == body["code"]
    assert error.reason == body.get("reason", "")


def test_invalid_with_causes() -> None:
    """``NewInvalid``: aggregated message, one cause per field error (body, path), kind = Kind."""
    errors = [
        invalid(Path("spec", "parallelism"), -1, "must be greater than or equal to 0"),
        required(Path("spec", "template", "spec", "containers")),
        invalid(Path("spec", "parallelism"), -1, "must be greater than or equal to 0"),
    ]
    error = new_invalid(JOB, "x", errors)
    assert isinstance(error, InvalidError)
    assert error.status.to_dict() == status(
        'Job.batch "x" is invalid: [spec.parallelism: Invalid value: -1: must be greater than or '
        "equal to 0, spec.template.spec.containers: Required value]",
        "Invalid",
        422,
        {
            "name": "x",
            "group": "batch",
            "kind": "Job",
            "causes": [
                {
                    "reason": "FieldValueInvalid",
                    "message": "Invalid value: -1: must be greater than or equal to 0",
                    "field": "spec.parallelism",
                },
                {
                    "reason": "FieldValueRequired",
                    "message": "Required value",
                    "field": "spec.template.spec.containers",
                },
                {
                    "reason": "FieldValueInvalid",
                    "message": "Invalid value: -1: must be greater than or equal to 0",
                    "field": "spec.parallelism",
                },
            ],
        },
    )


def test_invalid_single_error_and_core_kind() -> None:
    """One error prints without brackets; a core kind prints bare (``Pod "x" is invalid``)."""
    error = new_invalid(POD, "x", [required(Path("spec", "containers"))])
    assert str(error) == 'Pod "x" is invalid: spec.containers: Required value'
    details = error.status.to_dict()["details"]
    assert details == {
        "name": "x",
        "kind": "Pod",
        "causes": [
            {
                "reason": "FieldValueRequired",
                "message": "Required value",
                "field": "spec.containers",
            }
        ],
    }


def test_invalid_without_errors() -> None:
    """With no field errors the message has no colon and ``causes`` is omitted."""
    error = new_invalid(JOB, "x", [])
    assert str(error) == 'Job.batch "x" is invalid'
    assert error.status.to_dict()["details"] == {"name": "x", "group": "batch", "kind": "Job"}


def test_name_is_go_quoted() -> None:
    """Names are printed with ``%q``, so odd characters are escaped as Go does."""
    assert str(new_not_found(JOBS, 'a"b')) == 'jobs.batch "a\\"b" not found'


def test_retry_after_seconds() -> None:
    """``retry_after_seconds`` reads ``details.retryAfterSeconds`` and is 0 when absent."""
    assert new_generate_name_conflict(JOBS, "x").retry_after_seconds == 1
    assert new_not_found(JOBS, "x").retry_after_seconds == 0
    assert new_bad_request("b").retry_after_seconds == 0


def test_constant_matches_upstream() -> None:
    """``OptimisticLockErrorMsg`` as in apiserver ``pkg/storage/errors.go``."""
    assert OPTIMISTIC_LOCK_ERROR_MSG == (
        "the object has been modified; please apply your changes to the latest version and try "
        "again"
    )


def test_expired_is_a_gone_error() -> None:
    """Both 410s can be caught as ``GoneError``; only Expired is ``ExpiredError``."""
    with pytest.raises(GoneError):
        raise new_resource_expired("too old resource version: 1 (2)")
    assert not isinstance(new_gone("g"), ExpiredError)


@pytest.mark.parametrize(
    ("reason", "cls"),
    [
        ("NotFound", NotFoundError),
        ("Expired", ExpiredError),
        ("Invalid", InvalidError),
        ("Timeout", APITimeoutError),
        ("SomethingNew", APIError),
        (None, APIError),
    ],
    ids=["not-found", "expired", "invalid", "timeout", "unknown-reason", "no-reason"],
)
def test_from_status_picks_the_class_of_the_reason(reason: str | None, cls: type[APIError]) -> None:
    """A decoded ``Status`` (e.g. a watch ERROR event) becomes the matching exception class."""
    decoded = Status.from_dict({"status": "Failure", "message": "m", "reason": reason, "code": 410})
    error = from_status(decoded)
    assert type(error) is cls
    assert error.status is decoded


def test_errors_pickle_round_trip() -> None:
    """An error pickles with its ``Status`` (needed to cross process boundaries in sweeps)."""
    error = new_invalid(JOB, "x", [required(Path("spec"))])
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InvalidError
    assert copy.status.to_dict() == error.status.to_dict()
