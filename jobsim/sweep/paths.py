"""Sweep parameter paths: ``TARGET:FIELD`` addresses one field of a scenario, and setting it.

Owns the path syntax of ``jobsim sweep --set`` (documented in ``docs/sweeps.md``):

* ``job/NAME:FIELD`` — a field of the Job manifest named ``NAME`` (``job/NAMESPACE/NAME`` when
  two namespaces hold the same name); any other kind works the same way (``pod/NAME:...``);
* ``behavior/NAME:FIELD`` — a field of the pod behaviour whose ``name`` is ``NAME``
  (``behavior/default`` is the fallback behaviour when none is named ``default``);
* ``scenario:FIELD`` — a field of the ``kind: Scenario`` document (``scenario:until``).

``FIELD`` is an apiserver field path over the YAML keys as written (camelCase):
``spec.parallelism``, ``spec.template.spec.containers[0].image``, ``exitCodes[0].probability``,
``metadata.labels[app.kubernetes.io/name]``. Missing mapping keys along the way are created;
list indexes must exist.

Works on plain JSON-like data (dicts and lists) and never mutates its input. Pure: imports only
``jobsim.manifests`` (for ``parse_field_path``); must not import the simulation.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from jobsim.manifests import parse_field_path

__all__ = ["ParamPath", "PathError", "Target", "parse_path", "set_field"]

Target = tuple[str, str, str]
"""``(kind, namespace, name)``: lower-case kind (``job``, ``behavior``, ``scenario``), the
namespace (empty = any) and the name (empty for ``scenario``)."""


class PathError(ValueError):
    """A sweep path that is malformed or addresses nothing in the scenario."""


@dataclass(frozen=True)
class ParamPath:
    """A parsed ``TARGET:FIELD`` path."""

    text: str
    kind: str
    namespace: str
    name: str
    field: tuple[str | int, ...]

    @property
    def target(self) -> Target:
        """The ``(kind, namespace, name)`` of the addressed object."""
        return (self.kind, self.namespace, self.name)


def parse_path(text: str) -> ParamPath:
    """Parse ``job/NAME:spec.parallelism`` and friends; raise :class:`PathError` if malformed."""
    target, sep, field_text = text.partition(":")
    if not sep or not field_text:
        raise PathError(
            f"{text!r}: a sweep path is TARGET:FIELD, e.g. job/NAME:spec.parallelism, "
            "behavior/NAME:duration or scenario:until"
        )
    field = tuple(parse_field_path(field_text))
    if not field or any(part == "" for part in field):
        raise PathError(f"{text!r}: empty field path segment in {field_text!r}")
    parts = target.split("/")
    kind = parts[0].lower()
    if kind == "scenario":
        if len(parts) != 1:
            raise PathError(f"{text!r}: 'scenario' takes no name (scenario:FIELD)")
        return ParamPath(text, kind, "", "", field)
    if len(parts) == 2 and parts[1]:
        return ParamPath(text, kind, "", parts[1], field)
    if len(parts) == 3 and parts[1] and parts[2] and kind != "behavior":
        return ParamPath(text, kind, parts[1], parts[2], field)
    raise PathError(
        f"{text!r}: the target is KIND/NAME (job/NAME, job/NAMESPACE/NAME, behavior/NAME) "
        f"or 'scenario', got {target!r}"
    )


def set_field(data: Any, field: Sequence[str | int], value: Any, *, where: str = "") -> Any:
    """Return a deep copy of ``data`` with ``value`` at ``field`` (creating missing mappings)."""
    root = copy.deepcopy(data)
    if not field:
        return copy.deepcopy(value)
    node = root
    for depth, part in enumerate(field):
        last = depth == len(field) - 1
        shown = _format(field[: depth + 1])
        if isinstance(part, int) and isinstance(node, list):
            if not 0 <= part < len(node):
                raise PathError(f"{where}{shown}: index {part} out of range ({len(node)} items)")
            if last:
                node[part] = copy.deepcopy(value)
            else:
                node = node[part]
            continue
        if isinstance(node, dict):
            key = str(part)
            if last:
                node[key] = copy.deepcopy(value)
            else:
                if node.get(key) is None:
                    node[key] = {}
                node = node[key]
            continue
        found = "a list" if isinstance(node, list) else f"{node!r}"
        raise PathError(f"{where}{_format(field[:depth]) or '.'}: cannot index {found} by {part!r}")
    return root


def _format(field: Sequence[str | int]) -> str:
    text = ""
    for part in field:
        if isinstance(part, int) or "." in part or "/" in part:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text
