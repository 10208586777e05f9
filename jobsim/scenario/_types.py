"""Scalar types and the base model shared by the scenario schema.

Owns: ``SchemaModel`` (camelCase aliases, strict, unknown fields rejected, frozen), the
duration types (Go syntax such as ``90s``/``1m30s``/``2h`` or a bare number of seconds), the
RFC 3339 epoch, label-selector strings and the names of things scenarios refer to.
Imports only pydantic and layer 0/1 of jobsim (``jobsim.duration``, ``jobsim.labels``,
``jobsim.api._base``); must not import the store, the controllers or the simulation.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema
from pydantic.alias_generators import to_camel
from pydantic_core import PydanticCustomError

from jobsim.api._base import parse_time
from jobsim.duration import DurationError, parse_duration
from jobsim.labels import SelectorParseError, parse

__all__ = [
    "DURATION_JSON_SCHEMA",
    "Duration",
    "Epoch",
    "Name",
    "Namespace",
    "SchemaModel",
    "SelectorText",
    "SimTime",
]

DURATION_PATTERN: Final = (
    r"^[-+]?(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$"
    r"|^[-+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)$|^0$"
)
DURATION_JSON_SCHEMA: Final[dict[str, Any]] = {
    "anyOf": [
        {"type": "number"},
        {"type": "string", "pattern": DURATION_PATTERN},
    ],
    "description": "A Go duration (90s, 1m30s, 2h, 500ms) or a number of seconds.",
}


class SchemaModel(BaseModel):
    """Base of every scenario model: camelCase keys, strict types, no unknown fields, frozen."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        strict=True,
        frozen=True,
        revalidate_instances="never",
        use_attribute_docstrings=True,
    )


def _duration(value: Any) -> float:
    """Read a duration: Go syntax or a number of seconds; raise a readable error."""
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise PydanticCustomError("duration", "{detail}", {"detail": str(exc)}) from None


def _not_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError(
            "negative_time", "must not be negative, got {value}s", {"value": f"{value:g}"}
        )
    return value


Duration = Annotated[
    float,
    BeforeValidator(_duration),
    AfterValidator(_not_negative),
    WithJsonSchema(DURATION_JSON_SCHEMA),
]
"""A non-negative duration in seconds; YAML writes ``90``, ``1.5`` or ``"1m30s"``."""

SimTime = Annotated[
    float,
    BeforeValidator(_duration),
    AfterValidator(_not_negative),
    WithJsonSchema(
        {
            **DURATION_JSON_SCHEMA,
            "description": "Simulated time since the start of the run (90s, 1m30s, 2h).",
        }
    ),
]
"""A simulated instant, as time since the start of the run (never negative)."""


def _epoch(value: Any) -> Any:
    try:
        return parse_time(value)
    except ValueError as exc:
        raise PydanticCustomError("epoch", "{detail}", {"detail": str(exc)}) from None


Epoch = Annotated[
    datetime,
    BeforeValidator(_epoch),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""The wall-clock instant simulated time 0 stands for (RFC 3339)."""


def _selector(value: Any) -> Any:
    if isinstance(value, str):
        try:
            parse(value)
        except SelectorParseError as exc:
            message = f"invalid label selector {value!r}: {exc}"
            raise PydanticCustomError("selector", "{message}", {"message": message}) from None
    return value


SelectorText = Annotated[
    str,
    AfterValidator(_selector),
    WithJsonSchema({"type": "string", "description": "A label selector, as kubectl -l takes it."}),
]
"""A label selector string (``app=web,tier!=db``), checked with the apiserver's parser."""

Name = Annotated[str, Field(min_length=1)]
"""An object name."""

Namespace = Annotated[str, Field(min_length=1)]
"""A namespace name."""
