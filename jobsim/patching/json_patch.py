"""JSON Patch (RFC 6902) as the apiserver applies it: decoding checks, op limit, error codes.

Owns ``apply_json_patch`` and ``check_json_patch_ops``. The apiserver
(``k8s.io/apiserver/pkg/endpoints/handlers/patch.go``, ``applyJSPatch``) first decodes the body
strictly into ``[]jsonPatchOp`` (a failure is 400 ``error decoding patch: <Go decoder text>``),
rejects more than 10000 operations (413), then applies the operations with
``gopkg.in/evanphx/json-patch.v4``. *Any* failure while applying (a missing path, a failed
``test``, an unknown ``op``) is a 422 ``Invalid`` whose message is the generic
``the server rejected our request due to an error in our request``; the library's own text is kept
in ``PatchError.detail`` only.

Operations are applied with the ``jsonpatch`` library. Known differences from evanphx v4 that
jobsim accepts: v4 also accepts negative array indices (``/a/-1``), which ``jsonpatch`` rejects
(422 here, success upstream); ``test`` compares ``1`` and ``1.0`` as equal here.

Layer 1. Must not import anything from jobsim outside ``jobsim.patching``.
"""

from __future__ import annotations

import copy
from typing import Any, Final

import jsonpatch
import jsonpointer

from jobsim.patching._gojson import go_json_kind
from jobsim.patching.errors import bad_request, entity_too_large, invalid_generic

__all__ = ["MAX_JSON_PATCH_OPERATIONS", "apply_json_patch", "check_json_patch_ops"]

MAX_JSON_PATCH_OPERATIONS: Final = 10000
"""``maxJSONPatchOperations`` in the apiserver's PATCH handler."""

_OP_TYPE: Final = "handlers.jsonPatchOp"
_STRING_FIELDS: Final = ("op", "path", "from")


def check_json_patch_ops(ops: Any) -> list[Any]:
    """Decode-time checks of a JSON patch document, with Go's decoder messages (400/413)."""
    if ops is None:
        return []
    if not isinstance(ops, list):
        raise bad_request(
            f"error decoding patch: json: cannot unmarshal {go_json_kind(ops)} "
            f"into Go value of type []{_OP_TYPE}"
        )
    for op in ops:
        if op is None:
            continue
        if not isinstance(op, dict):
            raise bad_request(
                f"error decoding patch: json: cannot unmarshal {go_json_kind(op)} "
                f"into Go value of type {_OP_TYPE}"
            )
        for name in _STRING_FIELDS:
            value = op.get(name)
            if value is not None and not isinstance(value, str):
                raise bad_request(
                    f"error decoding patch: json: cannot unmarshal {go_json_kind(value)} "
                    f"into Go struct field jsonPatchOp.{name} of type string"
                )
    if len(ops) > MAX_JSON_PATCH_OPERATIONS:
        raise entity_too_large(
            f"The allowed maximum operations in a JSON patch is {MAX_JSON_PATCH_OPERATIONS}, "
            f"got {len(ops)}"
        )
    return ops


def apply_json_patch(document: Any, ops: Any) -> Any:
    """Apply the RFC 6902 operations ``ops`` to ``document`` and return the result."""
    checked = check_json_patch_ops(ops)
    try:
        # Copied so that values the operations insert are not shared with the caller's ops.
        patch = jsonpatch.JsonPatch([{} if op is None else copy.deepcopy(op) for op in checked])
        return patch.apply(document, in_place=False)
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as error:
        raise invalid_generic(str(error)) from error
    except (TypeError, KeyError, IndexError, ValueError) as error:  # malformed operation values
        raise invalid_generic(str(error)) from error
