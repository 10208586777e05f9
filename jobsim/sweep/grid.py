"""The grid of a sweep: parameter values, their product, and the runs (grid point x seed).

Owns the ``--set PATH=V1,V2,...`` value syntax (values split at top-level commas, each read as
YAML the way kubectl reads manifests: ``4`` is an int, ``0.02`` a float, ``30s`` a string,
``{uniform: {low: 10, high: 20}}`` a mapping), :class:`GridPoint` with its stable
:attr:`~GridPoint.key` (canonical JSON of its values: what ``--resume`` matches on),
:func:`build_grid` (the product, first parameter slowest) and :class:`RunTask`.
Pure: imports only ``jobsim.goyaml``; must not import the simulation.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from jobsim.goyaml import GoYAMLLoader

__all__ = [
    "GridPoint",
    "RunTask",
    "build_grid",
    "build_tasks",
    "parse_set_option",
    "point_key",
    "split_values",
]

_OPEN = {"[": "]", "{": "}"}


@dataclass(frozen=True)
class GridPoint:
    """One combination of parameter values; ``index`` is its position in the grid."""

    index: int
    values: tuple[tuple[str, Any], ...]
    """``(path, value)`` pairs, in the order the parameters were given."""

    @property
    def key(self) -> str:
        """Canonical JSON of the values: identifies the point across runs and files."""
        return point_key(self.values)


@dataclass(frozen=True)
class RunTask:
    """One run of a sweep: a grid point simulated with one seed."""

    point: int
    key: str
    seed: int
    values: tuple[tuple[str, Any], ...]


def point_key(values: Iterable[tuple[str, Any]]) -> str:
    """Canonical JSON of ``(path, value)`` pairs (sorted by path)."""
    return json.dumps(sorted(values), sort_keys=True, separators=(",", ":"))


def split_values(text: str) -> list[str]:
    """Split ``1,2,{a: 1, b: 2},"x,y"`` at commas outside brackets and quotes."""
    parts: list[str] = []
    stack: list[str] = []
    quote = ""
    current = ""
    for char in text:
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char in _OPEN:
            stack.append(_OPEN[char])
        elif stack and char == stack[-1]:
            stack.pop()
        elif char == "," and not stack:
            parts.append(current.strip())
            current = ""
            continue
        current += char
    if quote or stack:
        raise ValueError(f"unbalanced {'quote' if quote else 'brackets'} in values {text!r}")
    parts.append(current.strip())
    if any(part == "" for part in parts):
        raise ValueError(f"empty value in {text!r}")
    return parts


def _read_value(text: str) -> Any:
    try:
        return yaml.load(text, Loader=GoYAMLLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"cannot read value {text!r}: {exc}") from None


def parse_set_option(text: str) -> tuple[str, list[Any]]:
    """Read ``PATH=V1,V2,...`` into the path and its values; raise ``ValueError`` if malformed."""
    path, sep, values = text.partition("=")
    if not sep or not path.strip():
        raise ValueError(f"{text!r}: expected PATH=V1,V2,... (e.g. job/pi:spec.parallelism=1,2,4)")
    return path.strip(), [_read_value(part) for part in split_values(values)]


def build_grid(
    params: Mapping[str, Sequence[Any]] | Sequence[tuple[str, Sequence[Any]]],
) -> list[GridPoint]:
    """The product of every parameter's values (first parameter slowest); one point if none."""
    pairs = list(params.items()) if isinstance(params, Mapping) else list(params)
    paths = [path for path, _ in pairs]
    if len(set(paths)) != len(paths):
        raise ValueError(f"a path is given twice: {paths}")
    for path, values in pairs:
        if isinstance(values, str | bytes) or len(values) == 0:
            raise ValueError(f"{path}: give a non-empty list of values")
    combos = itertools.product(*(list(values) for _, values in pairs))
    return [
        GridPoint(index, tuple(zip(paths, combo, strict=True)))
        for index, combo in enumerate(combos)
    ]


def build_tasks(points: Sequence[GridPoint], seeds: Sequence[int]) -> list[RunTask]:
    """Every run: each grid point with each seed (point-major)."""
    return [
        RunTask(point.index, point.key, seed, point.values) for point in points for seed in seeds
    ]
