"""Errors of scenario files: every problem names the file, the document, the field path and line.

Owns :class:`ScenarioError` (one or more located problems, a ``ManifestError`` so callers that
handle bad manifests handle bad scenarios too) and the translation of pydantic's validation
errors into readable, located messages. Imports pydantic and ``jobsim.manifests`` only.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from jobsim.manifests import Document, ManifestError
from jobsim.scenario.schema_actions import Action
from jobsim.scenario.schema_expectations import Expectation

__all__ = ["ScenarioError", "format_path", "validation_problems"]

Loc = list[str | int]


class ScenarioError(ManifestError):
    """Bad scenario input: ``problems`` are the located errors, one per line in ``str()``."""

    def __init__(self, problems: Sequence[ManifestError]) -> None:
        first = problems[0]
        super().__init__(
            first.message, source=first.source, index=first.index, line=first.line, what=first.what
        )
        self.problems = list(problems)

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


def format_path(path: Sequence[str | int]) -> str:
    """``timeline[0].at`` from ``["timeline", 0, "at"]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _tags(union: Any) -> list[str]:
    members = typing.get_args(typing.get_args(union)[0])
    tags: list[str] = []
    for member in members:
        for name in ("action", "check"):
            field = member.model_fields.get(name)
            if field is not None:
                tags.extend(typing.get_args(field.annotation))
    return tags


_TAGS = {"action": _tags(Action), "check": _tags(Expectation)}


def _clean(data: Any, loc: Sequence[str | int], kind: str) -> Loc:
    """The location in the document's data: union member and tag names dropped."""
    path: Loc = []
    node = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(node, dict) and isinstance(part, str):
            if part in node:
                path.append(part)
                node = node[part]
            elif last and kind in ("missing", "extra_forbidden"):
                path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        else:
            break
    return path


def _show_input(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _message(err: ErrorDetails, path: Loc) -> tuple[str, Loc]:
    kind, ctx = err["type"], err.get("ctx", {})
    if kind == "extra_forbidden":
        return "unknown field", path
    if kind == "missing":
        return "required field is missing", path
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        name = str(ctx.get("discriminator", "")).strip("'")
        expected = ", ".join(_TAGS.get(name, []))
        if kind == "union_tag_not_found":
            return f'"{name}" is missing (one of {expected})', [*path, name]
        return f'unknown {name} "{ctx.get("tag")}" (expected one of {expected})', [*path, name]
    message = err["msg"].removeprefix("Value error, ")
    if kind.endswith("_type") or kind in ("literal_error", "enum"):
        message += f", got {_show_input(err.get('input'))}"
    return message, path


def validation_problems(
    exc: ValidationError, doc: Document, prefix: Sequence[str | int] = ()
) -> list[ManifestError]:
    """One located problem per field path (alternatives of a union joined with ``or``)."""
    data: Any = doc.data
    for part in prefix:
        data = data[part]
    found: dict[str, tuple[Loc, list[str]]] = {}
    for err in exc.errors():
        message, path = _message(err, _clean(data, err["loc"], err["type"]))
        full = [*prefix, *path]
        entry = found.setdefault(format_path(full), (full, []))
        if message not in entry[1]:
            entry[1].append(message)
    problems = []
    for text, (full, messages) in found.items():
        where = f"{text}: " if text else ""
        problems.append(doc.error(where + " or ".join(messages), full))
    return problems
