"""JSON Merge Patch (RFC 7386), as the apiserver applies it, and its inverse for scenario diffs.

Owns ``merge_patch`` (apply) and ``create_merge_patch`` (diff). The apiserver applies
``application/merge-patch+json`` with ``jsonpatch.MergePatch`` from
``gopkg.in/evanphx/json-patch.v4`` (``merge.go``), which is RFC 7386 with one addition: a value
placed where the target had no object (a new key, or a key whose value was not an object) has its
``null`` members removed recursively, **including null elements of arrays and nulls inside objects
in arrays** (``pruneNulls``). An array replacing an existing object is taken as is. RFC 7386 would
keep nulls inside arrays; the RFC's appendix examples never exercise the difference.

Inputs are never modified; results share no containers with the inputs.

Layer 1. Must not import anything from jobsim.
"""

from __future__ import annotations

import copy
from typing import Any

__all__ = ["create_merge_patch", "json_equal", "merge_patch"]


def _prune_nulls(value: Any) -> Any:
    """evanphx ``pruneNulls``: drop null members of objects and null elements of arrays."""
    if isinstance(value, dict):
        return {k: _prune_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_prune_nulls(v) for v in value if v is not None]
    return value


def _merge_docs(doc: dict[str, Any], patch: dict[str, Any]) -> None:
    """evanphx ``mergeDocs``: merge ``patch`` into ``doc`` in place."""
    for key, value in patch.items():
        if value is None:
            doc.pop(key, None)
            continue
        current = doc.get(key)
        if not isinstance(current, dict):
            # Absent, null, or not an object: take the patch value with its nulls pruned.
            doc[key] = _prune_nulls(value)
        elif isinstance(value, dict):
            _merge_docs(current, value)
        else:
            doc[key] = copy.deepcopy(value)


def merge_patch(target: Any, patch: Any) -> Any:
    """Apply a JSON merge patch to ``target`` and return the result (inputs untouched)."""
    if not isinstance(patch, dict):
        # RFC 7386: a non-object patch replaces the target. (The apiserver only accepts objects.)
        return _prune_nulls(patch)
    if not isinstance(target, dict):
        return _prune_nulls(patch)
    result = copy.deepcopy(target)
    _merge_docs(result, patch)
    return result


def json_equal(a: Any, b: Any) -> bool:
    """Equality of JSON values that, unlike ``==``, keeps ``true`` apart from ``1``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(json_equal(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and not isinstance(a, dict | list) and bool(a == b)


def create_merge_patch(original: dict[str, Any], modified: dict[str, Any]) -> dict[str, Any]:
    """The merge patch that turns ``original`` into ``modified`` (null-free ``modified``)."""
    patch: dict[str, Any] = {}
    for key, value in modified.items():
        if key not in original:
            patch[key] = copy.deepcopy(value)
            continue
        old = original[key]
        if isinstance(old, dict) and isinstance(value, dict):
            nested = create_merge_patch(old, value)
            if nested:
                patch[key] = nested
        elif not json_equal(old, value):
            patch[key] = copy.deepcopy(value)
    for key in original:
        if key not in modified:
            patch[key] = None
    return patch
