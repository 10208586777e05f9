"""List helpers of strategic merge patch: Go equality, element types, partitions and ordering.

Owns the list-level pieces of ``k8s.io/apimachinery/pkg/util/strategicpatch/patch.go`` that do not
recurse into maps: ``sliceElementType``, ``deleteFromSlice``, ``findMapInSliceBasedOnKeyValue``,
the partition helpers, ``normalizeElementOrder``/``normalizeSliceOrder``/``mergeSortedSlice`` and
``index``, and ``aliased_server_order`` (what Go's in-place slice edits leave in the live list).
Errors carry upstream's texts (``k8s.io/apimachinery/pkg/util/mergepatch/errors.go``).

Equality follows Go's ``==`` on ``interface{}`` values decoded from JSON: ``1`` (int64) differs
from ``1.0`` (float64) and from ``true``.

Layer 1. Must not import anything from jobsim outside ``jobsim.patching``.
"""

from __future__ import annotations

from typing import Any, Final

from jobsim.patching._gojson import go_type_name, go_value
from jobsim.patching.errors import PatchError, internal, invalid_generic

__all__ = [
    "MAP",
    "aliased_server_order",
    "err_bad_arg_type",
    "err_no_merge_key",
    "find_map_in_slice",
    "go_equal",
    "normalize_element_order",
    "partition_maps",
    "partition_primitives",
    "slice_element_kind",
]

MAP: Final = "map"
"""``slice_element_kind`` of a list of objects."""

_NO_LIST_OF_LISTS: Final = "lists of lists are not supported"


def err_no_merge_key(m: dict[str, Any], key: str) -> PatchError:
    """``mergepatch.ErrNoMergeKey``."""
    return internal(f"map: {go_value(m)} does not contain declared merge key: {key}")


def err_bad_arg_type(expected: str, actual: Any) -> PatchError:
    """``mergepatch.ErrBadArgType`` with Go type names (``[]interface {}``, ``string``)."""
    return internal(f"expected a {expected}, but received a {go_type_name(actual)}")


def go_equal(a: Any, b: Any) -> bool:
    """Go ``==`` between two decoded JSON values (type-exact for scalars)."""
    return type(a) is type(b) and bool(a == b)


def slice_element_kind(*slices: list[Any]) -> str:
    """``sliceElementType``: the common element type of the lists, or a Go error."""
    kind: str | None = None
    for values in slices:
        for v in values:
            current = MAP if isinstance(v, dict) else type(v).__name__
            if kind is None:
                if isinstance(v, list):
                    # mergepatch.ErrNoListOfLists -> NewGenericServerResponse(422)
                    raise invalid_generic(_NO_LIST_OF_LISTS)
                kind = current
            elif kind != current:
                listed = "[" + " ".join(go_value(s) for s in slices) + "]"
                raise internal(f"list element types are not identical: {listed}")
    if kind is None:
        raise internal("no elements in any of the given slices")
    return kind


def find_map_in_slice(values: list[Any], key: str, value: Any) -> int | None:
    """``findMapInSliceBasedOnKeyValue``: index of the first map whose ``key`` equals ``value``."""
    for i, v in enumerate(values):
        if not isinstance(v, dict):
            raise internal(f"value for key {i} is not a map")
        if key in v and go_equal(v[key], value):
            return i
    return None


def partition_primitives(values: list[Any], by: list[Any]) -> tuple[list[Any], list[Any]]:
    """Split ``values`` into those present in ``by`` and the others, keeping order."""
    inside = [v for v in values if any(go_equal(v, b) for b in by)]
    outside = [v for v in values if not any(go_equal(v, b) for b in by)]
    return inside, outside


def partition_maps(values: list[Any], by: list[Any], key: str) -> tuple[list[Any], list[Any]]:
    """Split maps by whether a map with the same merge-key value is in ``by``."""
    inside: list[Any] = []
    outside: list[Any] = []
    for v in values:
        if not isinstance(v, dict):
            raise err_bad_arg_type("map[string]interface {}", v)
        if key not in v:
            raise err_no_merge_key(v, key)
        (outside if find_map_in_slice(by, key, v[key]) is None else inside).append(v)
    return inside, outside


def _index(values: list[Any], item: Any, key: str, kind: str) -> int:
    """Upstream ``index``: position of ``item`` (by merge-key value for maps), or -1."""

    def get(v: Any) -> Any:
        if kind == MAP:
            return v.get(key) if isinstance(v, dict) else None
        return v

    wanted = get(item)
    for i, v in enumerate(values):
        if go_equal(get(v), wanted):
            return i
    return -1


def _normalize_slice_order(to_sort: list[Any], order: list[Any], key: str, kind: str) -> list[Any]:
    """``normalizeSliceOrder``: sort by position in ``order``; ``$patch: delete`` items last."""
    to_delete: list[Any] = []
    if kind == MAP:
        for lst in (to_sort, order):
            for item in lst:
                if not isinstance(item, dict):
                    raise err_bad_arg_type("map[string]interface {}", item)
                if key not in item:
                    raise err_no_merge_key(item, key)
        to_delete = [v for v in to_sort if v.get("$patch") == "delete"]
        to_sort = [v for v in to_sort if v.get("$patch") != "delete"]
    positions = [_index(order, v, key, kind) for v in to_sort]
    # Every item is found in practice; items that are not keep their place after the found ones.
    ranked = sorted(range(len(to_sort)), key=lambda i: (positions[i] < 0, positions[i]))
    return [to_sort[i] for i in ranked] + to_delete


def _merge_sorted_slice(
    left: list[Any], right: list[Any], server_order: list[Any], key: str, kind: str
) -> list[Any]:
    """``mergeSortedSlice``: interleave server-only items (left) into patch items (right)."""
    merged: list[Any] = []
    i = j = 0
    while i < len(left) and j < len(right):
        li = _index(server_order, left[i], key, kind)
        ri = _index(server_order, right[j], key, kind)
        if li >= 0 and ri >= 0 and li < ri:
            merged.append(left[i])
            i += 1
        else:
            merged.append(right[j])
            j += 1
    return merged + left[i:] + right[j:]


def normalize_element_order(
    patch: list[Any],
    server_only: list[Any],
    patch_order: list[Any],
    server_order: list[Any],
    *,
    key: str,
    kind: str,
) -> list[Any]:
    """``normalizeElementOrder``: patch items in patch order, server-only items interleaved."""
    patch = _normalize_slice_order(patch, patch_order, key, kind)
    server_only = _normalize_slice_order(server_only, server_order, key, kind)
    return _merge_sorted_slice(server_only, patch, server_order, key, kind)


def aliased_server_order(original: list[Any], patch: list[Any], merge_key: str) -> list[Any]:
    """The live list as Go's ``originalFieldValue`` reads after ``mergeSlice`` wrote through it.

    Upstream deletes in place (``deleteMatchingEntries``: ``append(s[:i], s[i+1:]...)``) and
    then appends new items to the shortened slice, which reuses the freed slots of the live
    list's backing array. ``mergePatchIntoOriginal`` then orders server-only items by that
    rewritten view (patch_test.go "add map and delete map from merging list" depends on it).
    The live list comes from ``ToUnstructured`` in the apiserver, so its capacity is its length.
    """
    if not all(isinstance(v, dict) for v in original):
        return original  # mergeSlice fails on such a list; leave its errors to it
    backing, size = list(original), len(original)
    plain: list[Any] = []
    replace = False
    for item in patch:
        if not isinstance(item, dict) or "$patch" not in item:
            plain.append(item)
        elif item["$patch"] == "delete" and merge_key in item:
            value = item[merge_key]
            while (index := find_map_in_slice(backing[:size], merge_key, value)) is not None:
                backing[index : size - 1] = backing[index + 1 : size]
                size -= 1
        elif item["$patch"] == "replace":
            replace = True
    if not replace:  # with replace, upstream appends to the patch's own slice instead
        for item in plain:
            if not isinstance(item, dict) or merge_key not in item:
                break  # mergeSliceWithoutSpecialElements fails on it anyway
            if find_map_in_slice(backing[:size], merge_key, item[merge_key]) is not None:
                continue  # merged in place: the merge-key value is unchanged
            if size == len(original):
                break  # capacity exhausted: Go reallocates, the live array is left alone
            backing[size] = item
            size += 1
    return backing
