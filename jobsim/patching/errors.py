"""The error every patch function raises, with the HTTP code and reason the apiserver would send.

Owns ``PatchError`` and its constructors, one per way the apiserver's PATCH handler
(``k8s.io/apiserver/pkg/endpoints/handlers/patch.go``) turns a patch failure into a ``Status``:

* ``bad_request``: ``errors.NewBadRequest(msg)``, 400 ``BadRequest``;
* ``invalid_generic``: ``errors.NewGenericServerResponse(422, ...)``, which replaces the detail by
  the fixed text ``the server rejected our request due to an error in our request`` (the detail is
  kept here in ``detail`` for logs and debugging, never in the message);
* ``unsupported_media_type``: ``negotiation.NewUnsupportedMediaTypeError``, 415;
* ``entity_too_large``: ``errors.NewRequestEntityTooLargeError``, 413;
* ``internal``: a plain Go ``error`` that reaches ``ErrorToAPIStatus`` unconverted, 500 with an
  empty reason (``StatusReasonUnknown``) and the error text as the message. kubectl prints these as
  ``Error from server: <message>``.

Layer 1. Must not import anything from jobsim (in particular not ``jobsim.errors``: the store
translates a ``PatchError`` into its own API error).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

__all__ = [
    "GENERIC_INVALID_MESSAGE",
    "PatchError",
    "bad_request",
    "entity_too_large",
    "internal",
    "invalid",
    "invalid_generic",
    "unsupported_media_type",
]

GENERIC_INVALID_MESSAGE: Final = "the server rejected our request due to an error in our request"
"""``NewGenericServerResponse(422, ...)`` message: the apiserver drops the underlying error text."""


class PatchError(ValueError):
    """A patch that the apiserver would reject, with the ``Status`` fields it would send."""

    def __init__(
        self,
        message: str,
        *,
        code: int,
        reason: str,
        detail: str = "",
        causes: Iterable[Mapping[str, str]] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.reason = reason
        self.detail = detail
        self.causes: tuple[dict[str, str], ...] = tuple(dict(c) for c in causes)

    def __repr__(self) -> str:
        return f"PatchError({self.message!r}, code={self.code}, reason={self.reason!r})"


def bad_request(message: str) -> PatchError:
    """400 ``BadRequest`` carrying ``message`` (``errors.NewBadRequest``)."""
    return PatchError(message, code=400, reason="BadRequest")


def invalid_generic(detail: str) -> PatchError:
    """422 ``Invalid`` with the generic message; ``detail`` is kept only for debugging."""
    return PatchError(GENERIC_INVALID_MESSAGE, code=422, reason="Invalid", detail=detail)


def invalid(field: str, value_repr: str, detail: str) -> PatchError:
    """422 ``Invalid`` for ``errors.NewInvalid(schema.GroupKind{}, "", {field.Invalid(...)})``."""
    cause_message = f"Invalid value: {value_repr}: {detail}"
    return PatchError(
        f' "" is invalid: {field}: {cause_message}',
        code=422,
        reason="Invalid",
        detail=detail,
        causes=[{"reason": "FieldValueInvalid", "message": cause_message, "field": field}],
    )


def unsupported_media_type(accepted: Iterable[str]) -> PatchError:
    """415 ``UnsupportedMediaType`` listing the accepted patch media types in order."""
    message = (
        "the body of the request was in an unknown format - accepted media types include: "
        + ", ".join(accepted)
    )
    return PatchError(message, code=415, reason="UnsupportedMediaType")


def entity_too_large(message: str) -> PatchError:
    """413 ``RequestEntityTooLarge`` (``errors.NewRequestEntityTooLargeError``)."""
    return PatchError(
        f"Request entity too large: {message}", code=413, reason="RequestEntityTooLarge"
    )


def internal(message: str) -> PatchError:
    """500 with an empty reason: a plain Go error that the handler did not convert."""
    return PatchError(message, code=500, reason="")
