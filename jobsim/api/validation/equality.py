"""Semantic deep equality of API values, as ``apiequality.Semantic.DeepEqual``.

Owns the one comparison the apiserver uses for immutability checks and for "did the spec
change" (generation bumps): like Go's ``reflect.DeepEqual`` except that a nil and an empty
slice or map are equal (``third_party/forked/golang/reflect/deep_equal.go``). A nil pointer
and a pointer to an empty struct stay different, as in Go.

Layer 0: imports nothing from jobsim but the model base class.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

__all__ = ["semantic_deep_equal"]


def _is_empty_container(value: Any) -> bool:
    return isinstance(value, list | dict | tuple) and not value


def semantic_deep_equal(a: Any, b: Any) -> bool:
    """Tell whether two API values are semantically equal (nil and empty lists/maps match)."""
    if a is None or b is None:
        if a is b:
            return True
        other = b if a is None else a
        return _is_empty_container(other)
    if isinstance(a, BaseModel) or isinstance(b, BaseModel):
        if type(a) is not type(b):
            return False
        return all(
            semantic_deep_equal(getattr(a, name), getattr(b, name)) for name in type(a).model_fields
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(semantic_deep_equal(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(
            semantic_deep_equal(x, y) for x, y in zip(a, b, strict=True)
        )
    if type(a) is bool or type(b) is bool:
        return type(a) is type(b) and a == b
    return bool(a == b)
