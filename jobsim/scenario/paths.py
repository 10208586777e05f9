"""Field paths into Kubernetes objects: ``status.succeeded``, ``status.conditions[0].reason``.

Owns the JSONPath-like syntax of scenario expectations and its evaluation over models:

* ``a.b.c`` walks fields by their JSON (camelCase) names, or map keys;
* ``[2]`` indexes a list (``[-1]`` is the last item);
* ``[key]`` is a map key that may contain dots (``metadata.labels[batch.kubernetes.io/job-name]``);
* ``[field=value]`` picks the first list item whose ``field`` renders as ``value``
  (``status.conditions[type=Complete].reason``).

A field the object does not set reads as its Go zero value (``status.active`` of a Job without
active pods is ``0``, ``status.completionTime`` is ``null``); times read as RFC 3339 text.
A path that leaves the data (an index past the end, a missing map key, no item matching a
filter) reads as :data:`ABSENT`. :func:`check_path` tells a path that can never resolve (a field
the model does not have) before the run. Pure: imports pydantic and ``jobsim.api`` only.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, Final, Union

from pydantic import BaseModel

from jobsim.api._base import K8sModel, format_time

__all__ = ["ABSENT", "Absent", "Segment", "check_path", "parse_path", "resolve", "to_json"]


class Absent:
    """The value of a path that leads nowhere (renders as ``absent``)."""

    _instance: Absent | None = None

    def __new__(cls) -> Absent:
        """Return the single instance."""
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "absent"


ABSENT: Final = Absent()


@dataclass(frozen=True, slots=True)
class Segment:
    """One step of a path: a field or key name, a list index, or a ``[field=value]`` filter."""

    name: str | None = None
    index: int | None = None
    match: tuple[str, str] | None = None

    def __str__(self) -> str:
        if self.index is not None:
            return f"[{self.index}]"
        if self.match is not None:
            return f"[{self.match[0]}={self.match[1]}]"
        return str(self.name)


_TOKEN = re.compile(r"\.?([^.\[\]]+)|\[([^\]]*)\]")
_FILTER = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")


def parse_path(text: str) -> list[Segment]:
    """Split a path into segments; raise ``ValueError`` with a readable reason if malformed."""
    segments: list[Segment] = []
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None or (pos == 0 and text.startswith(".")):
            raise ValueError(f"cannot parse path {text!r} at character {pos + 1}")
        name, bracket = m.groups()
        if name is not None:
            segments.append(Segment(name=name))
        elif re.fullmatch(r"-?[0-9]+", bracket):
            segments.append(Segment(index=int(bracket)))
        elif (f := _FILTER.fullmatch(bracket)) is not None:
            segments.append(Segment(match=(f.group(1), f.group(2))))
        elif bracket:
            segments.append(Segment(name=bracket))
        else:
            raise ValueError(f"empty brackets in path {text!r}")
        pos = m.end()
    if not segments:
        raise ValueError("the path is empty")
    return segments


def _field_name(model: type[BaseModel], json_name: str) -> str | None:
    for name, info in model.model_fields.items():
        if (info.alias or name) == json_name:
            return name
    return None


def _step(value: Any, segment: Segment) -> Any:
    if isinstance(value, BaseModel) and segment.name is not None:
        name = _field_name(type(value), segment.name)
        return ABSENT if name is None else getattr(value, name)
    if isinstance(value, dict) and segment.name is not None:
        return value.get(segment.name, ABSENT)
    if isinstance(value, list) and segment.index is not None:
        if -len(value) <= segment.index < len(value):
            return value[segment.index]
        return ABSENT
    if isinstance(value, list) and segment.match is not None:
        key, want = segment.match
        for item in value:
            if to_text(_step(item, Segment(name=key))) == want:
                return item
        return ABSENT
    return ABSENT


def resolve(obj: Any, path: list[Segment]) -> Any:
    """The JSON value at ``path`` in ``obj`` (a model, dict or list), or :data:`ABSENT`."""
    value: Any = obj
    for segment in path:
        if value is None or value is ABSENT:
            return ABSENT
        value = _step(value, segment)
    return to_json(value)


def to_json(value: Any) -> Any:
    """Render a value as JSON data: models as kubectl shows them, times as RFC 3339."""
    if isinstance(value, K8sModel):
        return value.to_dict()
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json", by_alias=True)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {k: to_json(v) for k, v in value.items()}
    return value


def to_text(value: Any) -> str:
    """Render a scalar the way a ``[field=value]`` filter compares it."""
    value = to_json(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _unwrap(annotation: Any) -> Any:
    """Strip ``Optional``/``X | None`` (and ``Annotated``) from a type."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin is Union or origin is types.UnionType:
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def check_path(model: type[BaseModel], path: list[Segment]) -> str | None:
    """Why ``path`` can never resolve in a ``model`` object, or ``None`` if it can."""
    annotation: Any = model
    walked = ""
    for segment in path:
        annotation = _unwrap(annotation)
        origin = typing.get_origin(annotation)
        is_model = isinstance(annotation, type) and issubclass(annotation, BaseModel)
        if is_model and segment.name is not None:
            name = _field_name(annotation, segment.name)
            if name is None:
                kind = annotation.__name__
                return f'{kind} has no field "{segment.name}"' + (
                    f" (at {walked})" if walked else ""
                )
            annotation = annotation.model_fields[name].annotation
        elif origin is list and (segment.index is not None or segment.match is not None):
            annotation = typing.get_args(annotation)[0]
        elif origin is dict and segment.name is not None:
            annotation = typing.get_args(annotation)[1]
        elif annotation is Any or origin in (Union, types.UnionType):
            return None
        else:
            what = getattr(annotation, "__name__", str(annotation))
            return f"cannot take {segment} of {walked or 'the object'} (a {what})"
        walked += str(segment) if not walked or segment.name is None else f".{segment}"
    return None
