"""Unknown fields inside the loosely typed parts of a pod template (volumes, probes, affinity).

jobsim models every field it simulates; the rest of a Pod or Container (``volumes``,
``livenessProbe``, ``affinity``, ``securityContext``, ...) is kept as the JSON it was given.
kube-apiserver's strict decoder still rejects a misspelled field there (``strict decoding
error: unknown field "spec.template.spec.volumes[0].emptyDirr"``), so this module checks those
parts against the upstream field names recorded in ``loose_schema.json`` (generated from the
official Kubernetes Python client by ``scripts/gen_loose_schema.py``). Only field *names* are
checked: a loose field's value types are not (upstream would reject a wrong type as well).

Owns :func:`unknown_loose_fields`. Layer 0: imports pydantic and the standard library only.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel

__all__ = ["unknown_loose_fields"]

Loc = tuple[str | int, ...]


@cache
def _schema() -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    text = resources.files("jobsim.api").joinpath("loose_schema.json").read_text("utf-8")
    data = json.loads(text)
    return data["roots"], data["types"]


def unknown_loose_fields(obj: BaseModel) -> list[Loc]:
    """The paths (JSON names, list indexes) of unknown fields in ``obj``'s loose JSON parts."""
    found: list[Loc] = []
    _walk_model(obj, (), found)
    return found


def _walk_model(model: BaseModel, loc: Loc, found: list[Loc]) -> None:
    cls = type(model)
    roots = _schema()[0].get(cls.__name__, {})
    values = model.__dict__
    for name, field in cls.model_fields.items():
        value = values.get(name)
        if value is None:
            continue
        alias = field.alias or name
        here = (*loc, alias)
        if alias in roots:
            _check(roots[alias], value, here, found)
        elif isinstance(value, BaseModel):
            _walk_model(value, here, found)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, BaseModel):
                    _walk_model(item, (*here, i), found)


def _check(expr: Any, value: Any, loc: Loc, found: list[Loc]) -> None:
    """Check ``value`` against a type expression: a type name, ``["list", T]``, ``["map", T]``."""
    if expr is None:
        return
    if isinstance(expr, list):
        kind, inner = expr
        if kind == "list" and isinstance(value, list):
            for i, item in enumerate(value):
                _check(inner, item, (*loc, i), found)
        elif kind == "map" and isinstance(value, dict):
            for key, item in value.items():
                _check(inner, item, (*loc, key), found)
        return
    if not isinstance(value, dict):
        return
    fields = _schema()[1][expr]
    for key, item in value.items():
        if key in fields:
            _check(fields[key], item, (*loc, key), found)
        else:
            found.append((*loc, key))
