"""``apply_patch``: one PATCH body applied to one JSON object, chosen by ``Content-Type``.

Owns the media-type dispatch and body decoding of the apiserver's PATCH handler
(``k8s.io/apiserver/pkg/endpoints/handlers/patch.go``):

* the ``Content-Type`` is cut at the first ``;`` (``; charset=utf-8``) and compared exactly;
  anything not accepted is 415 ``UnsupportedMediaType``, listing the accepted types in the
  installer's order;
* the body is decoded as the handler decodes it under the default ``fieldValidation=Warn``
  (``sigs.k8s.io/json`` ``UnmarshalStrict``), so syntax errors carry Go's text: JSON patch and
  merge patch prefix it with ``error decoding patch:``, strategic merge patch does not;
* a merge patch must be an object (``null`` is 400 ``Invalid JSON Patch``, as evanphx v4 says).

Server-side apply (``application/apply-patch+yaml``) is **not** implemented: jobsim does not track
field managers, so, as the reference allows, apply is left out of the accepted list and rejected
with 415 like any unknown type. Strategic merge patch is accepted only for the kinds that have a
schema (``STRATEGIC_KINDS``); other kinds are rejected with 415 the way a custom resource is.
Strict-field warnings (unknown or duplicate fields in the patch) are not reported.

Layer 1. Must not import anything from jobsim outside ``jobsim.patching``.
"""

from __future__ import annotations

import json
from typing import Any, Final

from jobsim.patching._gojson import go_json_kind, go_syntax_error
from jobsim.patching.errors import bad_request, invalid, unsupported_media_type
from jobsim.patching.json_patch import apply_json_patch
from jobsim.patching.merge_patch import merge_patch
from jobsim.patching.schema import STRATEGIC_KINDS, strategic_schema
from jobsim.patching.strategic import strategic_merge_patch

__all__ = [
    "APPLY_PATCH",
    "JSON_PATCH",
    "MERGE_PATCH",
    "STRATEGIC_MERGE_PATCH",
    "apply_patch",
    "patch_media_type",
    "supported_patch_types",
]

JSON_PATCH: Final = "application/json-patch+json"
MERGE_PATCH: Final = "application/merge-patch+json"
STRATEGIC_MERGE_PATCH: Final = "application/strategic-merge-patch+json"
APPLY_PATCH: Final = "application/apply-patch+yaml"

_GO_MAP_TYPE: Final = "map[string]interface {}"


def supported_patch_types(kind: str) -> tuple[str, ...]:
    """The PATCH media types jobsim accepts for ``kind``, in the apiserver installer's order."""
    if kind in STRATEGIC_KINDS:
        return (JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH)
    return (JSON_PATCH, MERGE_PATCH)


def patch_media_type(content_type: str) -> str:
    """The media type of a ``Content-Type`` header: cut at the first ``;`` if not leading."""
    index = content_type.find(";")
    return content_type[:index] if index > 0 else content_type


def _decode(body: bytes | str | Any, prefix: str) -> Any:
    """Decode a raw body with Go's syntax messages; pass already-decoded values through."""
    if not isinstance(body, bytes | str):
        return body
    text = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    error = go_syntax_error(text)
    if error is not None:
        raise bad_request(prefix + error)
    return json.loads(text)


def _require_object(value: Any, prefix: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise bad_request(
            f"{prefix}json: cannot unmarshal {go_json_kind(value)} "
            f"into Go value of type {_GO_MAP_TYPE}"
        )
    return value


def _require_object_result(result: Any) -> dict[str, Any]:
    """A JSON patch may leave a non-object; decoding it into the kind fails (422)."""
    if isinstance(result, dict):
        return result
    encoded = json.dumps(result, separators=(",", ":"))
    detail = (
        "couldn't get version/kind; json parse error: json: cannot unmarshal "
        f"{go_json_kind(result)} into Go value of type struct "
        '{ APIVersion string "json:\\"apiVersion,omitempty\\""; '
        'Kind string "json:\\"kind,omitempty\\"" }'
    )
    raise invalid("patch", json.dumps(encoded), detail)


def apply_patch(
    original: dict[str, Any], patch_body: bytes | str | Any, content_type: str, *, kind: str
) -> dict[str, Any]:
    """Apply a PATCH body of ``content_type`` to the object ``original`` of ``kind``."""
    media_type = patch_media_type(content_type)
    accepted = supported_patch_types(kind)
    if media_type not in accepted:
        raise unsupported_media_type(accepted)
    try:
        return _apply(original, patch_body, media_type, kind)
    except RecursionError:
        # Only absurdly nested bodies get here (Go's decoder allows 10000 levels).
        raise bad_request("exceeded max depth") from None


def _apply(original: dict[str, Any], patch_body: Any, media_type: str, kind: str) -> dict[str, Any]:
    """Decode and apply a body of an accepted media type."""
    if media_type == JSON_PATCH:
        ops = _decode(patch_body, "error decoding patch: ")
        return _require_object_result(apply_json_patch(original, ops))
    if media_type == MERGE_PATCH:
        prefix = "error decoding patch: "
        patch = _decode(patch_body, prefix)
        if patch is None:
            raise bad_request("Invalid JSON Patch")
        result = merge_patch(original, _require_object(patch, prefix))
        assert isinstance(result, dict)
        return result
    patch = _require_object(_decode(patch_body, ""), "")
    return strategic_merge_patch(original, patch, strategic_schema(kind))
