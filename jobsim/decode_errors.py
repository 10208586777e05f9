"""The apiserver JSON decoder's words for a body that does not decode into its model.

Owns: turning a pydantic ``ValidationError`` of a ``K8sModel`` into the message a
create gets back after ``<Kind> in version "v1" cannot be handled as a <Kind>: ``:

* a type error, the first one in document order only, as Go's ``encoding/json``
  keeps only the first (``json: cannot unmarshal string into Go struct field
  JobSpec.spec.parallelism of type int32``; the field path has struct field names
  only, no list indices or map keys; numbers that do not fit an integer show
  their literal: ``number 99999999999``, ``number 1.5``);
* otherwise every unknown field, in document order (``strict decoding error:
  unknown field "spec.paralelism", unknown field "spec.template.spec.containers[0].x"``).

Sources: Go ``encoding/json`` ``UnmarshalTypeError``, ``sigs.k8s.io/json``
(strict field paths), apimachinery ``runtime.strictDecodingError``.
Layer 1 (just above ``jobsim.api``): imports pydantic, annotated-types, ``jobsim.api.gofmt``
and ``jobsim.api.loose``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Sequence
from enum import Enum
from typing import Any

import annotated_types
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from jobsim.api import gofmt
from jobsim.api.loose import unknown_loose_fields

__all__ = [
    "cannot_handle",
    "describe_validation_error",
    "go_float",
    "json_kind",
    "loose_field_error",
    "strict_decoding_error",
]

Loc = list[str | int]

_INT32_MAX = 2**31 - 1

_NAMED_TYPES: dict[tuple[str, str], str] = {
    ("ObjectMeta", "uid"): "types.UID",
    ("OwnerReference", "uid"): "types.UID",
    ("LabelSelectorRequirement", "operator"): "v1.LabelSelectorOperator",
    ("JobSpec", "completionMode"): "v1.CompletionMode",
    ("JobSpec", "podReplacementPolicy"): "v1.PodReplacementPolicy",
    ("JobCondition", "type"): "v1.JobConditionType",
    ("JobCondition", "status"): "v1.ConditionStatus",
    ("PodFailurePolicyRule", "action"): "v1.PodFailurePolicyAction",
    (
        "PodFailurePolicyOnExitCodesRequirement",
        "operator",
    ): "v1.PodFailurePolicyOnExitCodesOperator",
    ("PodFailurePolicyOnPodConditionsPattern", "type"): "v1.PodConditionType",
    ("PodFailurePolicyOnPodConditionsPattern", "status"): "v1.ConditionStatus",
    ("PodSpec", "restartPolicy"): "v1.RestartPolicy",
    ("PodSpec", "dnsPolicy"): "v1.DNSPolicy",
    ("PodSpec", "preemptionPolicy"): "v1.PreemptionPolicy",
    ("PodStatus", "phase"): "v1.PodPhase",
    ("Container", "imagePullPolicy"): "v1.PullPolicy",
    ("Container", "terminationMessagePolicy"): "v1.TerminationMessagePolicy",
    ("Container", "restartPolicy"): "v1.ContainerRestartPolicy",
    ("ContainerPort", "protocol"): "v1.Protocol",
}
"""Go named string types, which the models declare as plain ``str``."""


def go_float(value: float) -> str:
    """Format a float as Go's ``encoding/json`` writes it (``1.5``, ``1e+21``, ``1e-7``)."""
    return gofmt.go_float(value, json_style=True)


def _clean_loc(loc: Sequence[int | str]) -> Loc:
    """Drop pydantic's validator and union-member entries (``function-after[...]``, ...)."""
    return [p for p in loc if not (isinstance(p, str) and ("[" in p or p.endswith("-key")))]


def _document_order(data: Any, loc: Loc) -> tuple[int, ...]:
    """A sort key placing an error where its field appears in the document."""
    order: list[int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            order.append(list(node).index(part))
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            order.append(part)
            node = node[part]
        else:
            order.append(1 << 30)
            break
    return tuple(order)


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip ``Optional`` and ``Annotated``; return the bare type and the metadata found."""
    metadata: list[Any] = []
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            for extra in annotation.__metadata__:
                metadata.extend(getattr(extra, "metadata", [extra]))
            annotation = args[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in args if a is not type(None)]
            if len(members) != 1:
                return annotation, metadata
            annotation = members[0]
        else:
            return annotation, metadata


def _model_field(model: type[BaseModel], name: str) -> Any | None:
    for attr, info in model.model_fields.items():
        if name in (info.alias, attr):
            ann = info.annotation
            return typing.Annotated[ann, *info.metadata] if info.metadata else ann
    return None


def _walk(root: type[BaseModel], loc: Loc) -> tuple[str, list[str], Any]:
    """Follow ``loc`` through the model: (last struct name, struct field path, field type)."""
    struct, names, annotation = root.__name__, [], root
    for part in loc:
        base, _ = _unwrap(annotation)
        origin = typing.get_origin(base)
        if isinstance(base, type) and issubclass(base, BaseModel) and isinstance(part, str):
            found = _model_field(base, part)
            if found is None:
                break
            struct, annotation = base.__name__, found
            names.append(part)
        elif origin is list and isinstance(part, int):
            annotation = (typing.get_args(base) or (Any,))[0]
        elif origin is dict and isinstance(part, str):
            annotation = (typing.get_args(base) or (Any, Any))[1]
        else:
            break
    return struct, names, annotation


def _go_type(annotation: Any, struct: str = "", name: str = "") -> str:
    """The Go type of a model annotation, as ``reflect.Type.String()`` prints it."""
    if (struct, name) in _NAMED_TYPES:
        return _NAMED_TYPES[(struct, name)]
    base, metadata = _unwrap(annotation)
    origin, args = typing.get_origin(base), typing.get_args(base)
    if origin is list:
        return "[]" + _go_type(args[0] if args else Any)
    if origin is dict:
        return "map[string]" + _go_type(args[1] if args else Any)
    if origin in (typing.Union, types.UnionType):
        return "resource.Quantity" if {str, int, float} <= set(args) else "interface {}"
    if base is bool:
        return "bool"
    if base is int:
        bounds = [m.le for m in metadata if isinstance(m, annotated_types.Le)]
        return "int32" if bounds and bounds[0] == _INT32_MAX else "int64"
    if base is float:
        return "float64"
    if isinstance(base, type) and issubclass(base, BaseModel):
        return f"v1.{base.__name__}"
    if base is str or (isinstance(base, type) and issubclass(base, Enum)):
        return "string"
    return "interface {}"


def json_kind(value: Any) -> str:
    """The JSON kind of a value as Go's ``UnmarshalTypeError`` names it (``number``, ``object``)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    kinds: dict[type, str] = {str: "string", list: "array", dict: "object"}
    return kinds.get(type(value), "value")


def _type_error(err: ErrorDetails, root: type[BaseModel], loc: Loc) -> str:
    etype, value = err["type"], err.get("input")
    struct, names, annotation = _walk(root, loc)
    field_name = names[-1] if names and isinstance(loc[-1], str) and loc[-1] == names[-1] else ""
    gotype = _go_type(annotation, struct, field_name)
    if etype == "missing":
        return f"{'.'.join(names)}: Required value"
    if etype in {"value_error", "assertion_error"} or etype.startswith(("literal", "enum")):
        return str(err["msg"]).removeprefix("Value error, ")
    found = json_kind(value)
    if found == "number" and gotype in {"int32", "int64"}:
        found += " " + (go_float(value) if isinstance(value, float) else str(value))
    target = f"{struct}.{'.'.join(names)}"
    return f"json: cannot unmarshal {found} into Go struct field {target} of type {gotype}"


def _strict_path(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def strict_decoding_error(
    unknown: Sequence[Sequence[str | int]], data: Any
) -> tuple[str, Loc] | None:
    """``strict decoding error: unknown field "a.b", ...`` in document order, or None if none."""
    if not unknown:
        return None
    locs = sorted((list(loc) for loc in unknown), key=lambda loc: _document_order(data, loc))
    fields = ", ".join(f'unknown field "{_strict_path(loc)}"' for loc in locs)
    return "strict decoding error: " + fields, locs[0]


def loose_field_error(obj: BaseModel, data: Any) -> tuple[str, Loc] | None:
    """The strict decoding error for unknown fields in ``obj``'s loosely typed parts, if any."""
    return strict_decoding_error(unknown_loose_fields(obj), data)


def cannot_handle(kind: str, version: str, message: str) -> str:
    """The decoder's ``<Kind> in version "<v>" cannot be handled as a <Kind>: <message>``."""
    return f'{kind} in version "{version}" cannot be handled as a {kind}: {message}'


def describe_validation_error(
    exc: ValidationError, root: type[BaseModel], data: Any
) -> tuple[str, Loc]:
    """The decoder's message for a model's validation errors, and the field it points at."""
    errors = [(_clean_loc(e["loc"]), e) for e in exc.errors(include_url=False)]
    errors.sort(key=lambda item: _document_order(data, item[0]))
    for loc, err in errors:
        if err["type"] != "extra_forbidden":
            return _type_error(err, root, loc), loc
    strict = strict_decoding_error([loc for loc, _ in errors], data)
    assert strict is not None  # a ValidationError has at least one error
    return strict
