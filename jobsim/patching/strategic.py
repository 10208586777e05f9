"""Kubernetes strategic merge patch, applied server-side, on plain JSON documents.

Owns ``strategic_merge_patch``: ``strategicpatch.StrategicMergeMapPatch`` of
``k8s.io/apimachinery/pkg/util/strategicpatch/patch.go`` (v0.36) with the server's options
(``MergeParallelList``, ``IgnoreUnmatchedNulls``), driven by a ``PatchSchema`` instead of Go struct
tags. What it does, as upstream:

* objects merge key by key; ``null`` deletes a key; a field tagged ``replace`` is replaced;
* lists tagged ``merge`` with a merge key merge element by element (``{"$patch": "delete", key: v}``
  removes, ``{"$patch": "replace"}`` replaces the list, ``{"$patch": "merge"}`` is an error);
  lists of primitives tagged ``merge`` are unions; all other lists are replaced;
* ``{"$patch": "replace"}`` / ``{"$patch": "delete"}`` in an object; ``$retainKeys``;
  ``$deleteFromPrimitiveList/<list>`` (for any list, whatever its strategy);
  ``$setElementOrder/<list>`` (order precedence: ``$setElementOrder`` > patch > live object);
* a value with no live counterpart (or of another type) is taken after dropping its nulls and any
  object that carries ``$patch`` (``removeDirectives``).

Error codes follow ``interpretStrategicMergePatchError`` in
``k8s.io/apiserver/pkg/endpoints/handlers/patch.go``: format errors are 400, lists of lists 422
(generic message), anything else is a plain error (500, empty reason).

jobsim difference: upstream decodes the result into a typed object, which silently drops the
directive keys that survive in values taken verbatim (``$retainKeys``, ``$setElementOrder/...``,
``$deleteFromPrimitiveList/...`` or ``$patch`` inside a replaced value). jobsim strips them here,
since the result is a plain document. Fields missing from the schema behave as untagged fields
(upstream would reject an unknown field only in rare cases where both sides hold an object).

Inputs are never modified.

Layer 1. Must not import anything from jobsim outside ``jobsim.patching``.
"""

from __future__ import annotations

import copy
from typing import Any, Final

from jobsim.patching._gojson import go_s, go_value
from jobsim.patching._slices import (
    MAP,
    aliased_server_order,
    err_bad_arg_type,
    err_no_merge_key,
    find_map_in_slice,
    go_equal,
    normalize_element_order,
    partition_maps,
    partition_primitives,
    slice_element_kind,
)
from jobsim.patching.errors import bad_request, internal
from jobsim.patching.schema import PatchSchema

__all__ = ["strategic_merge_patch"]

DIRECTIVE_MARKER: Final = "$patch"
RETAIN_KEYS: Final = "$retainKeys"
DELETE_FROM_PRIMITIVE_LIST: Final = "$deleteFromPrimitiveList"
SET_ELEMENT_ORDER: Final = "$setElementOrder"

_BAD_PRIMITIVE_LIST: Final = "invalid patch format of primitive list"
_BAD_RETAIN_KEYS: Final = "invalid patch format of retainKeys"
_BAD_SET_ELEMENT_ORDER: Final = "invalid patch format of setElementOrder list"
_SLICE_TYPE: Final = "[]interface {}"


def strategic_merge_patch(
    original: dict[str, Any], patch: dict[str, Any], schema: PatchSchema
) -> dict[str, Any]:
    """Apply a strategic merge ``patch`` to ``original`` under ``schema`` (inputs untouched)."""
    merged = _merge_map(copy.deepcopy(original), copy.deepcopy(patch), schema)
    stripped = _strip_directive_keys(merged)
    assert isinstance(stripped, dict)
    return stripped


def _is_directive_key(key: str) -> bool:
    return key in (DIRECTIVE_MARKER, RETAIN_KEYS) or key.startswith(
        (DELETE_FROM_PRIMITIVE_LIST + "/", SET_ELEMENT_ORDER + "/")
    )


def _strip_directive_keys(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_directive_keys(v) for k, v in value.items() if not _is_directive_key(k)}
    if isinstance(value, list):
        return [_strip_directive_keys(v) for v in value]
    return value


def _discard_nulls(value: Any) -> Any:
    """``discardNullValuesFromPatch``: null members of objects go, recursively (not in lists)."""
    if isinstance(value, dict):
        return {k: _discard_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_discard_nulls(v) for v in value]
    return value


def _remove_directives(value: Any) -> tuple[Any, bool]:
    """``removeDirectives``: drop every object carrying ``$patch``; False if ``value`` is one."""
    if isinstance(value, dict):
        if DIRECTIVE_MARKER in value:
            return None, False
        kept: dict[str, Any] = {}
        for k, v in value.items():
            new, keep = _remove_directives(v)
            if keep:
                kept[k] = new
        return kept, True
    if isinstance(value, list):
        items = [_remove_directives(v) for v in value]
        return [new for new, keep in items if keep], True
    return value, True


def _take_patch_value(original: dict[str, Any], key: str, value: Any) -> None:
    """Set ``original[key]`` to a patch value that has no live counterpart."""
    new, keep = _remove_directives(_discard_nulls(value))
    if keep:
        original[key] = new
    else:
        original.pop(key, None)


def _extract_key(key: str, prefix: str) -> str:
    """``extractKey``: the list name after ``<prefix>/``."""
    head, sep, tail = key.partition("/")
    if not sep or head != prefix:
        if prefix == DELETE_FROM_PRIMITIVE_LIST:
            raise bad_request(_BAD_PRIMITIVE_LIST)
        raise bad_request(_BAD_SET_ELEMENT_ORDER)
    return tail


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "map"
    if isinstance(value, list):
        return "slice"
    return type(value).__name__


def _merge_map(
    original: dict[str, Any] | None, patch: dict[str, Any], schema: PatchSchema
) -> dict[str, Any]:
    """``mergeMap``: merge ``patch`` into ``original`` in place and return it."""
    if DIRECTIVE_MARKER in patch:
        directive = patch[DIRECTIVE_MARKER]
        if directive == "replace":
            del patch[DIRECTIVE_MARKER]
            return patch
        if directive == "delete":
            return {}
        raise internal(f"unknown patch type: {go_s(directive)} in map: {go_value(patch)}")
    if original is None:
        original = {}
    _apply_retain_keys(original, patch)
    _merge_set_element_order(original, patch, schema)
    for patch_key, patch_value in list(patch.items()):
        key = patch_key
        is_delete_list = patch_key.startswith(DELETE_FROM_PRIMITIVE_LIST)
        if is_delete_list:
            key = _extract_key(patch_key, DELETE_FROM_PRIMITIVE_LIST)
        if patch_value is None:
            original.pop(key, None)
            continue
        if key not in original or _kind(original[key]) != _kind(patch_value):
            if not is_delete_list:
                _take_patch_value(original, key, patch_value)
            continue
        sub_schema, meta = schema.lookup(key)
        if isinstance(patch_value, dict):
            if meta.patch_strategy == "replace":
                original[key] = patch_value
            else:
                original[key] = _merge_map(original[key], patch_value, sub_schema)
        elif isinstance(patch_value, list):
            original[key] = _merge_slice_handler(
                original[key], patch_value, sub_schema, meta.patch_strategy, meta.merge_key,
                is_delete_list=is_delete_list,
            )  # fmt: skip
        else:
            original[key] = patch_value
    return original


def _apply_retain_keys(original: dict[str, Any], patch: dict[str, Any]) -> None:
    """``applyRetainKeysDirective``: clear live keys missing from ``$retainKeys``."""
    if RETAIN_KEYS not in patch:
        return
    retain = patch.pop(RETAIN_KEYS)
    if not isinstance(retain, list):
        raise bad_request(_BAD_RETAIN_KEYS)
    keep = {k for k in retain if isinstance(k, str)}
    for key, value in patch.items():
        if value is None or key.startswith((DELETE_FROM_PRIMITIVE_LIST, SET_ELEMENT_ORDER)):
            continue
        if key not in keep:
            raise bad_request(_BAD_RETAIN_KEYS)
    for key in list(original):
        if key not in keep:
            del original[key]


def _validate_set_order(patch_list: list[Any], set_order: list[Any], merge_key: str) -> None:
    """``validatePatchWithSetOrderList``: patch items must appear in ``$setElementOrder`` order."""
    if not set_order or not patch_list:
        return
    items = patch_list
    if merge_key:
        for item in patch_list:
            if not isinstance(item, dict):
                raise err_bad_arg_type("map[string]interface {}", item)
        items = [item for item in patch_list if item.get(DIRECTIVE_MARKER) != "delete"]
    pi = si = 0
    while pi < len(items) and si < len(set_order):
        item = items[pi]
        if isinstance(item, dict) and DIRECTIVE_MARKER in item:
            pi += 1
            continue
        if _merge_key_value_equal(item, set_order[si], merge_key):
            pi += 1
        si += 1
    if pi < len(items) and si >= len(set_order):
        raise internal(
            f"the order in patch list:\n{go_value(patch_list)}\n doesn't match "
            f"{SET_ELEMENT_ORDER} list:\n{go_value(set_order)}"
        )


def _merge_key_value_equal(left: Any, right: Any, merge_key: str) -> bool:
    if not merge_key:
        return go_equal(left, right)
    for side in (left, right):
        if not isinstance(side, dict):
            raise err_bad_arg_type("map[string]interface {}", side)
        if merge_key not in side:
            raise err_no_merge_key(side, merge_key)
    return go_equal(left[merge_key], right[merge_key])


def _merge_set_element_order(
    original: dict[str, Any], patch: dict[str, Any], schema: PatchSchema
) -> None:
    """``mergePatchIntoOriginal``: merge each list named by a ``$setElementOrder`` and order it."""
    for order_key in [k for k in patch if k.startswith(SET_ELEMENT_ORDER)]:
        set_order = patch.pop(order_key)
        if not isinstance(set_order, list):
            raise err_bad_arg_type(_SLICE_TYPE, set_order)
        key = _extract_key(order_key, SET_ELEMENT_ORDER)
        found_original, found_patch = key in original, key in patch
        original_list: list[Any] = []
        patch_list: list[Any] = []
        if found_original:
            if not isinstance(original[key], list):
                raise err_bad_arg_type(_SLICE_TYPE, original[key])
            original_list = original[key]
        if found_patch:
            if not isinstance(patch[key], list):
                raise err_bad_arg_type(_SLICE_TYPE, patch[key])
            patch_list = patch[key]
        sub_schema, meta = schema.lookup(key)
        merge_key = meta.merge_key
        _validate_set_order(patch_list, set_order, merge_key)
        server_order = original_list
        if found_original and not found_patch:
            merged = original_list
        elif found_patch and not found_original:
            merged = _remove_directives(patch_list)[0]
        elif found_original and found_patch:
            if meta.patch_strategy == "merge" and merge_key:
                server_order = aliased_server_order(original_list, patch_list, merge_key)
            merged = _merge_slice_handler(
                original_list, patch_list, sub_schema, meta.patch_strategy, merge_key,
                is_delete_list=False,
            )  # fmt: skip
        else:
            continue
        if merge_key:
            patch_items, server_only = partition_maps(merged, set_order, merge_key)
        else:
            patch_items, server_only = partition_primitives(merged, set_order)
        kind = slice_element_kind(original_list, patch_list)
        original[key] = normalize_element_order(
            patch_items, server_only, set_order, server_order, key=merge_key, kind=kind
        )
        patch.pop(key, None)


def _merge_slice_handler(
    original: list[Any],
    patch: list[Any],
    schema: PatchSchema,
    strategy: str,
    merge_key: str,
    *,
    is_delete_list: bool,
) -> list[Any]:
    """``mergeSliceHandler``: merge for ``merge`` lists and deletion lists, else replace."""
    if strategy == "merge" or is_delete_list:
        return _merge_slice(original, patch, schema, merge_key, is_delete_list=is_delete_list)
    return patch


def _merge_slice(
    original: list[Any],
    patch: list[Any],
    schema: PatchSchema,
    merge_key: str,
    *,
    is_delete_list: bool,
) -> list[Any]:
    """``mergeSlice``: union of primitives, or merge of maps by ``merge_key``; then order."""
    if not original and not patch:
        return original
    kind = slice_element_kind(original, patch)
    if kind != MAP:
        if is_delete_list:
            return [v for v in original if not any(go_equal(v, d) for d in patch)]
        merged: list[Any] = []
        for v in original + patch:
            if not any(go_equal(v, m) for m in merged):
                merged.append(v)
    else:
        if not merge_key:
            raise internal(f"cannot merge lists without merge key for {schema.name or 'struct'}")
        original, patch = _merge_special_elements(original, patch, merge_key)
        merged = _merge_plain_elements(original, patch, merge_key, schema)
    if merge_key:
        patch_items, server_only = partition_maps(merged, patch, merge_key)
    else:
        patch_items, server_only = partition_primitives(merged, patch)
    return normalize_element_order(
        patch_items, server_only, patch, original, key=merge_key, kind=kind
    )


def _merge_special_elements(
    original: list[Any], patch: list[Any], merge_key: str
) -> tuple[list[Any], list[Any]]:
    """``mergeSliceWithSpecialElements``: apply ``$patch`` elements; return (live, plain patch)."""
    plain: list[Any] = []
    replace = False
    for item in patch:
        if DIRECTIVE_MARKER not in item:
            plain.append(item)
            continue
        directive = item[DIRECTIVE_MARKER]
        if directive == "delete":
            if merge_key not in item:
                raise err_no_merge_key(item, merge_key)
            value = item[merge_key]
            original = [
                v for v in original if not (merge_key in v and go_equal(v[merge_key], value))
            ]
        elif directive == "replace":
            replace = True
        elif directive == "merge":
            raise internal("merging lists cannot yet be specified in the patch")
        else:
            raise internal(f"unknown patch type: {go_s(directive)} in map: {go_value(item)}")
    if replace:
        return plain, []
    return original, plain


def _merge_plain_elements(
    original: list[Any], patch: list[Any], merge_key: str, schema: PatchSchema
) -> list[Any]:
    """``mergeSliceWithoutSpecialElements``: merge by key, append the new ones."""
    result = list(original)
    for item in patch:
        if merge_key not in item:
            raise err_no_merge_key(item, merge_key)
        index = find_map_in_slice(result, merge_key, item[merge_key])
        if index is None:
            result.append(item)
        else:
            result[index] = _merge_map(result[index], item, schema)
    return result
