"""Base class and scalar types shared by every Kubernetes model.

Owns: how a model reads and writes JSON/YAML the way the apiserver does
(camelCase keys, RFC 3339 timestamps, Go ``omitempty`` rules, strict types).
Must not import anything else from jobsim: this is the bottom of layer 0.

Serialization rules (``K8sModel.to_dict``), chosen so that what a user wrote
round-trips unchanged and what the server writes looks like the apiserver's:

* only fields that were *set* are written (``exclude_unset``), so a manifest
  read and written back is the same document;
* ``None`` is never written, except for fields listed in ``__keep_null__``
  (``metadata.creationTimestamp``, which Go writes as ``null`` when zero);
* non-pointer Go scalars tagged ``omitempty`` (``status.active``,
  ``status.succeeded``, ...) listed in ``__omit_zero__`` are dropped when zero.

Types are strict, as Go's JSON decoder is: ``"3"`` is not an integer and
``1`` is not a string. Integers carry the Go width (``Int32``/``Int64``) so a
value that would overflow is an error, not a silently wrapped number.

Objects are mutable pydantic models. Objects held by the store are shared, not
copied, on read: callers must treat what the store returns as read-only and
write through the store's verbs (see ``jobsim.store``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, ClassVar, Self, get_args, get_origin

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
)
from pydantic.alias_generators import to_camel

__all__ = [
    "Int32",
    "Int64",
    "K8sModel",
    "MicroTime",
    "Time",
    "format_micro_time",
    "format_time",
    "parse_time",
]

INT32_MIN = -(2**31)
INT32_MAX = 2**31 - 1
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

Int32 = Annotated[int, Field(ge=INT32_MIN, le=INT32_MAX)]
"""A Go ``int32``: values outside its range are rejected, never wrapped."""

Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
"""A Go ``int64``."""

_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$"
)


def parse_time(value: Any) -> Any:
    """Parse an RFC 3339 timestamp (``Z`` or an offset, optional fraction) to UTC.

    Non-strings are passed through for pydantic to judge (a ``datetime`` is
    accepted as is; anything else fails with a type error).
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)
    if not isinstance(value, str):
        return value
    m = _RFC3339.match(value)
    if m is None:
        raise ValueError(f'parsing time "{value}" as RFC 3339: cannot parse')
    text = value.replace("z", "Z").replace("t", "T").replace(" ", "T")
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    frac = m.group(7)
    if frac and len(frac) > 7:  # Python accepts at most microseconds
        text = text.replace(frac, frac[:7])
    return datetime.fromisoformat(text).astimezone(UTC)


def format_time(value: datetime) -> str:
    """Format as the apiserver does for ``metav1.Time``: UTC, whole seconds, ``Z``.

    The year always has four digits (Go's ``2006``): ``0001-01-01T00:00:00Z``, where C's
    ``strftime("%Y")`` would write ``1-01-01``.
    """
    utc = value.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


def format_micro_time(value: datetime) -> str:
    """Format as ``metav1.MicroTime``: UTC with six fractional digits and ``Z``."""
    utc = value.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S.%f}Z"


Time = Annotated[
    datetime,
    BeforeValidator(parse_time),
    PlainSerializer(format_time, return_type=str, when_used="json-unless-none"),
]
"""``metav1.Time``: RFC 3339, whole seconds, UTC."""

MicroTime = Annotated[
    datetime,
    BeforeValidator(parse_time),
    PlainSerializer(format_micro_time, return_type=str, when_used="json-unless-none"),
]
"""``metav1.MicroTime``: RFC 3339 with microseconds, UTC."""


_OMIT_EMPTY: dict[type, frozenset[str]] = {}


def _is_slice_or_map(annotation: Any) -> bool:
    """``list[...]`` (a Go slice) or ``dict[str, V]`` with a typed ``V`` (a Go map).

    ``dict[str, Any]`` is how unmodelled Go *structs* (``affinity``, probes) are typed:
    an empty one is a non-nil pointer to a zero struct, served as ``{}``, so it is kept.
    """
    origin = get_origin(annotation)
    if origin is list:
        return True
    return origin is dict and get_args(annotation)[1:] != (Any,)


def _is_optional_collection(annotation: Any) -> bool:
    """``list[...] | None`` or ``dict[str, V] | None``: a Go ``omitempty`` slice or map."""
    args = get_args(annotation)
    return type(None) in args and any(_is_slice_or_map(arg) for arg in args)


def _omit_empty(cls: type[BaseModel]) -> frozenset[str]:
    """Aliases of ``cls``'s optional slices and maps: dropped from JSON when empty.

    Go's ``omitempty`` drops empty slices and maps, and the apiserver stores built-in
    kinds as protobuf, where an empty list or map reads back as nil: ``annotations: {}`` or
    ``finalizers: []`` written to the apiserver are served back without the key.
    """
    found = _OMIT_EMPTY.get(cls)
    if found is None:
        found = frozenset(
            field.alias or name
            for name, field in cls.model_fields.items()
            if _is_optional_collection(field.annotation)
        )
        _OMIT_EMPTY[cls] = found
    return found


class K8sModel(BaseModel):
    """Base of every Kubernetes object model: camelCase aliases, strict, no unknown fields."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        revalidate_instances="never",
        arbitrary_types_allowed=False,
    )

    __keep_null__: ClassVar[frozenset[str]] = frozenset()
    """Aliases written as ``null`` when set to ``None`` (Go non-omitempty structs)."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset()
    """Aliases of ``omitempty`` Go scalars that are dropped when zero/empty."""

    @model_serializer(mode="wrap")
    def _go_json(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if not isinstance(data, dict):
            return data
        keep_null = self.__keep_null__
        omit_zero = self.__omit_zero__
        omit_empty = _omit_empty(type(self))
        out: dict[str, Any] = {}
        for key, value in data.items():
            if value is None and key not in keep_null:
                continue
            if key in omit_zero and (value is False or value in (0, "")):
                continue
            if key in omit_empty and not value:
                continue
            out[key] = value
        return out

    def to_dict(self) -> dict[str, Any]:
        """Return the object as the apiserver would write it in JSON (a plain dict)."""
        result: dict[str, Any] = self.model_dump(mode="json", by_alias=True, exclude_unset=True)
        return result

    def to_json(self, *, indent: int | None = None) -> str:
        """Return the object as JSON text, keys in declaration order."""
        return self.model_dump_json(by_alias=True, exclude_unset=True, indent=indent)

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Validate a decoded JSON/YAML document (camelCase keys) into a model."""
        return cls.model_validate(data)
