"""Write ``jobsim/api/loose_schema.json`` from the official Kubernetes Python client's models.

jobsim models the Job, Pod and Container fields it simulates; the rest of a pod template
(volumes, probes, affinity, security contexts, ...) is kept as loose JSON. This script records,
for each loose field, the JSON field names of its upstream type and of every type reachable from
it, so that a misspelled field anywhere is rejected as kube-apiserver's strict decoder rejects
it. Run it after upgrading the ``kubernetes`` client (a test checks the file is current):

    python scripts/gen_loose_schema.py
"""

from __future__ import annotations

import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any, get_args, get_origin

from kubernetes import client
from pydantic import BaseModel

from jobsim.api import batch_v1, core_v1_container, core_v1_event, core_v1_pod, meta_v1

OUT = Path(__file__).resolve().parent.parent / "jobsim" / "api" / "loose_schema.json"
_LIST = re.compile(r"^[Ll]ist\[(.+)\]$")
_MAP = re.compile(r"^(?:Dict\[str, (.+)\]|dict\(str, (.+)\))$")


def _is_loose(annotation: Any) -> bool:
    """``dict[str, Any]`` or ``list[Any]`` (optionally ``| None``): unmodelled upstream JSON."""
    for arg in (*get_args(annotation), annotation):
        origin = get_origin(arg)
        if origin is dict and get_args(arg)[1:] == (Any,):
            return True
        if origin is list and get_args(arg) == (Any,):
            return True
    return False


def _expr(openapi_type: str, reached: set[str]) -> Any:
    """A field's type as the checker reads it: a struct name, ["list", T], ["map", T] or None."""
    if m := _LIST.match(openapi_type):
        inner = _expr(m.group(1), reached)
        return None if inner is None else ["list", inner]
    if m := _MAP.match(openapi_type):
        inner = _expr(m.group(1) or m.group(2), reached)
        return None if inner is None else ["map", inner]
    if hasattr(client, openapi_type) and getattr(
        getattr(client, openapi_type), "openapi_types", None
    ):
        reached.add(openapi_type)
        return openapi_type
    return None  # str, int, bool, datetime, object (IntOrString, Quantity): not walked


def build() -> dict[str, Any]:
    """The roots (jobsim model, JSON field) -> type, and every reachable type's fields."""
    roots: dict[str, dict[str, Any]] = {}
    reached: set[str] = set()
    for module in (meta_v1, batch_v1, core_v1_pod, core_v1_container, core_v1_event):
        for name, cls in sorted(vars(module).items()):
            if not (inspect.isclass(cls) and issubclass(cls, BaseModel)):
                continue
            upstream = getattr(client, f"V1{name}", None)
            if upstream is None or cls.__module__ != module.__name__:
                continue
            by_json = {v: k for k, v in upstream.attribute_map.items()}
            for field_name, field in cls.model_fields.items():
                alias = field.alias or field_name
                if alias in by_json and _is_loose(field.annotation):
                    expr = _expr(upstream.openapi_types[by_json[alias]], reached)
                    if expr is not None:
                        roots.setdefault(name, {})[alias] = expr
    types: dict[str, dict[str, Any]] = {}
    pending = sorted(reached)
    while pending:
        type_name = pending.pop()
        if type_name in types:
            continue
        upstream = getattr(client, type_name)
        fields: dict[str, Any] = {}
        for attr, json_name in upstream.attribute_map.items():
            before = set(reached)
            fields[json_name] = _expr(upstream.openapi_types[attr], reached)
            pending.extend(sorted(reached - before - set(types)))
        types[type_name] = dict(sorted(fields.items()))
    version = getattr(sys.modules["kubernetes"], "__version__", "")
    return {
        "source": f"kubernetes Python client {version} (openapi_types, attribute_map)",
        "roots": roots,
        "types": dict(sorted(types.items())),
    }


def render() -> str:
    """The file's text."""
    return json.dumps(build(), indent=1, sort_keys=False) + "\n"


if __name__ == "__main__":
    OUT.write_text(render())
    print(f"wrote {OUT}")
