"""The starting point of every run of a sweep: the scenario file as plain data, and overrides.

Owns :class:`SweepBase` (every document of a scenario file as JSON-like data, with exactly one
``kind: Scenario`` document: the file's, or an empty one added after the manifests),
:func:`load_base` (a file, YAML text or dicts; pod behaviours and a stop time given from Python
or the command line go into the Scenario document), :func:`override` (one grid point's values
set on a copy, through :mod:`jobsim.sweep.paths`), :func:`check_paths` (every path addresses
something before the sweep starts) and :meth:`SweepBase.digest` (identifies the scenario in
result files, for ``--resume``). Imports ``jobsim.manifests``, ``jobsim.behavior`` and the
scenario schema's constants; must not import the simulation (see :mod:`jobsim.sweep.runner`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.manifests import load_file, load_text
from jobsim.scenario.schema import API_VERSION, KIND
from jobsim.sweep.paths import ParamPath, PathError, parse_path, set_field

__all__ = ["SweepBase", "check_paths", "load_base", "override"]

DEFAULT_NAMESPACE = "default"
DEFAULT_BEHAVIOR = "default"
"""``behavior/default`` addresses ``defaultBehavior`` unless a behaviour is named so."""


@dataclass(frozen=True)
class SweepBase:
    """A scenario file as data: what each run of a sweep builds its simulation from."""

    documents: tuple[Any, ...]
    """Every document (manifests, and one ``kind: Scenario`` document), as JSON-like data."""
    scenario_index: int
    """The position of the ``kind: Scenario`` document in :attr:`documents`."""
    source: str = "<scenario>"

    @property
    def scenario(self) -> Mapping[str, Any]:
        """The ``kind: Scenario`` document."""
        data: Mapping[str, Any] = self.documents[self.scenario_index]
        return data

    def with_scenario(self, data: Mapping[str, Any]) -> SweepBase:
        """A copy with another ``kind: Scenario`` document."""
        documents = list(self.documents)
        documents[self.scenario_index] = dict(data)
        return replace(self, documents=tuple(documents))

    def digest(self) -> str:
        """A short stable hash of every document (what ``--resume`` checks a file against)."""
        canonical = json.dumps(list(self.documents), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]


def _is_scenario(data: Any) -> bool:
    return isinstance(data, Mapping) and (
        data.get("kind") == KIND or data.get("apiVersion") == API_VERSION
    )


def load_base(
    scenario: str | Path | Iterable[Mapping[str, Any]],
    *,
    behaviors: BehaviorSet | None = None,
    until: float | str | None = None,
) -> SweepBase:
    """Read a scenario (a path, YAML text, or documents as dicts); raise ``ManifestError``.

    ``behaviors`` become the Scenario document's ``behaviors``/``defaultBehavior`` (the file
    must not set them too); ``until`` replaces its ``until``.
    """
    if isinstance(scenario, Path) or (
        isinstance(scenario, str) and "\n" not in scenario and Path(scenario).exists()
    ):
        documents = [doc.data for doc in load_file(scenario)]
        source = str(scenario)
    elif isinstance(scenario, str):
        documents = [doc.data for doc in load_text(scenario, "<string>")]
        source = "<string>"
    else:
        documents = [json.loads(json.dumps(dict(doc))) for doc in scenario]
        source = "<documents>"
    found = [i for i, data in enumerate(documents) if _is_scenario(data)]
    if not found:
        documents.append({"apiVersion": API_VERSION, "kind": KIND})
    index = found[0] if found else len(documents) - 1
    settings = dict(documents[index])
    if behaviors is not None:
        if "behaviors" in settings or "defaultBehavior" in settings:
            raise ValueError(
                "the scenario already defines pod behaviours: give them in the file or as "
                "an argument, not both"
            )
        settings.update(_behaviors_data(behaviors))
    if until is not None:
        settings["until"] = until
    documents[index] = settings
    return SweepBase(tuple(documents), index, source)


def _behaviors_data(behaviors: BehaviorSet) -> dict[str, Any]:
    data: dict[str, Any] = {
        "behaviors": [
            b.model_dump(mode="json", by_alias=True, exclude_defaults=True)
            for b in behaviors.behaviors
        ]
    }
    if behaviors.default != PodBehavior():
        data["defaultBehavior"] = behaviors.default.model_dump(
            mode="json", by_alias=True, exclude_defaults=True
        )
    return data


def override(base: SweepBase, values: Sequence[tuple[str, Any]]) -> SweepBase:
    """Return ``base`` with each ``(path, value)`` set; raise :class:`PathError` if one misses."""
    for text, value in values:
        path = parse_path(text)
        index, field = _locate(base, path)
        documents = list(base.documents)
        documents[index] = set_field(documents[index], field, value, where=f"{path.text}: ")
        base = replace(base, documents=tuple(documents))
    return base


def check_paths(base: SweepBase, paths: Iterable[str]) -> None:
    """Raise :class:`PathError` unless every path parses and addresses an object of ``base``."""
    for text in paths:
        _locate(base, parse_path(text))


def _locate(base: SweepBase, path: ParamPath) -> tuple[int, tuple[str | int, ...]]:
    """The document index a path addresses and the field path inside that document."""
    if path.kind == "scenario":
        return base.scenario_index, path.field
    if path.kind == "behavior":
        return base.scenario_index, (*_behavior_field(base.scenario, path.name), *path.field)
    for index, data in enumerate(base.documents):
        if _is_target(data, path):
            return index, path.field
    where = f"{path.namespace}/{path.name}" if path.namespace else path.name
    raise PathError(f"{path.text}: no {path.kind} named {where!r} in the scenario")


def _is_target(data: Any, path: ParamPath) -> bool:
    if not isinstance(data, Mapping) or str(data.get("kind", "")).lower() != path.kind:
        return False
    meta = data.get("metadata")
    if not isinstance(meta, Mapping) or meta.get("name") != path.name:
        return False
    return not path.namespace or (meta.get("namespace") or DEFAULT_NAMESPACE) == path.namespace


def _behavior_field(settings: Mapping[str, Any], name: str) -> tuple[str | int, ...]:
    """Where ``behavior/NAME`` lives in the Scenario document."""
    behaviors = settings.get("behaviors") or []
    for position, behavior in enumerate(behaviors):
        if isinstance(behavior, Mapping) and behavior.get("name") == name:
            return ("behaviors", position)
    if name == DEFAULT_BEHAVIOR:
        return ("defaultBehavior",)
    names = [b.get("name") for b in behaviors if isinstance(b, Mapping) and b.get("name")]
    known = ", ".join(repr(n) for n in names) or "none"
    raise PathError(
        f"behavior/{name}: no pod behaviour named {name!r} in the scenario (named: {known}; "
        f"behavior/{DEFAULT_BEHAVIOR} is defaultBehavior)"
    )
