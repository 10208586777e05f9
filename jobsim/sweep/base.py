"""The starting point of every run of a sweep: the scenario file as plain data, and overrides.

Owns :class:`SweepBase` (every document of a scenario file as JSON-like data, with exactly one
``kind: Scenario`` document: the file's, or an empty one added after the manifests),
:func:`load_base` (a file, YAML text or dicts, checked as ``jobsim run`` checks a file: loaded
by the scenario loader and its objects created, every problem a ``ScenarioError``; pod
behaviours and a stop time given from Python or the command line go into the Scenario
document), :func:`override` (one grid point's values set on a copy, through
:mod:`jobsim.sweep.paths`), :func:`locate` and :func:`check_paths` (which object of the base a
path addresses: a document, or an item of a ``kind: List`` document; exactly one) and
:meth:`SweepBase.digest` (identifies the scenario in result files, for ``--resume``). Imports
``jobsim.manifests``, ``jobsim.behavior`` and the scenario loader; the simulation only through
``Scenario.simulation()`` (the create check), never directly (see :mod:`jobsim.sweep.runner`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.errors import APIError
from jobsim.manifests import (
    Document,
    ManifestError,
    list_items,
    load_file,
    load_text,
    names_a_file,
    parse_field_path,
)
from jobsim.scenario import ScenarioError, load_scenario
from jobsim.scenario.schema import API_VERSION, KIND
from jobsim.sweep.paths import ParamPath, PathError, parse_path, set_field

__all__ = ["Located", "SweepBase", "check_paths", "load_base", "locate", "override"]

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
    """Read and check a scenario (a path, YAML text, or documents as dicts).

    Raises ``ManifestError`` (a ``ScenarioError`` listing every problem) when the scenario
    would not run with ``jobsim run``: it does not load, or the API server refuses an object.
    ``behaviors`` become the Scenario document's ``behaviors``/``defaultBehavior`` (the file
    must not set them too); ``until`` replaces its ``until``.
    """
    if isinstance(scenario, (str, Path)) and names_a_file(scenario):
        documents = [doc.data for doc in load_file(scenario)]
        source = str(scenario)
        _check_runs(scenario, source)
    elif isinstance(scenario, str):
        documents = [doc.data for doc in load_text(scenario, "<string>")]
        source = "<string>"
        _check_runs(scenario, source)
    else:
        assert not isinstance(scenario, Path)  # names_a_file is True for every Path
        documents = [json.loads(json.dumps(dict(doc))) for doc in scenario]
        source = "<documents>"
        _check_runs(_as_text(documents), source)
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
    if behaviors is not None or until is not None:
        _check_settings(documents, source, added=None if found else index)
    return SweepBase(tuple(documents), index, source)


def _as_text(documents: Sequence[Any]) -> str:
    """Documents as YAML text the loader reads back exactly (JSON: every string quoted)."""
    return "\n---\n".join(json.dumps(data) for data in documents) + "\n"


def _check_runs(source: str | Path, name: str) -> None:
    """Load the scenario and create its objects, as ``jobsim run`` does; raise ScenarioError.

    The messages are ``jobsim run``'s for the same file: the scenario runner's for a file with
    a Scenario document, the API server's error located at the field it names for bare
    manifests (``jobsim.cli_support.build_run``).
    """
    scenario = load_scenario(source, name=name)
    if scenario.document is not None:
        scenario.simulation()
        return
    sim = replace(scenario, manifests=()).simulation()
    for manifest in scenario.manifests:
        obj, doc = manifest.object, manifest.document
        try:
            sim.api.create(type(obj), obj.model_copy(deep=True))
        except APIError as exc:
            details = exc.status.details
            fields = [c.field for c in (details.causes or []) if c.field] if details else []
            path = parse_field_path(fields[0]) if fields else []
            raise ScenarioError([doc.error(str(exc), path)]) from None


def _check_settings(documents: Sequence[Any], source: str, added: int | None) -> None:
    """Check the Scenario document with the caller's behaviours and ``until`` put in.

    ``added`` is the position of a Scenario document the file does not have (None if it has).
    """
    try:
        load_scenario(_as_text(documents), name=source)
    except ScenarioError as exc:
        # Lines of the text built here would mislead: name the document and object only; a
        # Scenario document the file does not have is the caller's settings.
        problems = [
            ManifestError(problem.message, source=source, index=problem.index, what=problem.what)
            if problem.index != added
            else ManifestError(problem.message, source=source, what="the given Scenario settings")
            for problem in exc.problems
        ]
        raise ScenarioError(problems) from None


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


@dataclass(frozen=True)
class Located:
    """Where a path's target is: its document, the field path inside it, the object's data."""

    index: int
    """The document's position in :attr:`SweepBase.documents`."""
    field: tuple[str | int, ...]
    """The field path inside that document (``items[i]`` first for an item of a List)."""
    data: Any
    """The addressed object as decoded (a List item with its kind filled in)."""
    what: str
    """``document N, Kind/name`` (N counts from 1), for messages."""


def override(base: SweepBase, values: Sequence[tuple[str, Any]]) -> SweepBase:
    """Return ``base`` with each ``(path, value)`` set; raise :class:`PathError` if one misses."""
    for text, value in values:
        path = parse_path(text)
        found = locate(base, path)
        documents = list(base.documents)
        documents[found.index] = set_field(
            documents[found.index], found.field, value, where=f"{path.text}: "
        )
        base = replace(base, documents=tuple(documents))
    return base


def check_paths(base: SweepBase, paths: Iterable[str]) -> None:
    """Raise :class:`PathError` unless every path parses and addresses one object of ``base``."""
    for text in paths:
        locate(base, parse_path(text))


def locate(base: SweepBase, path: ParamPath) -> Located:
    """The one object of ``base`` a path addresses; :class:`PathError` if none or several."""
    if path.kind == "scenario":
        return _in_scenario(base, path.field)
    if path.kind == "behavior":
        return _in_scenario(base, (*_behavior_field(base.scenario, path.name), *path.field))
    found = [
        (index, prefix, doc)
        for index, data in enumerate(base.documents)
        for prefix, doc in _objects(Document(base.source, index, 0, data), ())
        if _is_target(doc.data, path)
    ]
    where = f"{path.namespace}/{path.name}" if path.namespace else path.name
    if not found:
        raise PathError(f"{path.text}: no {path.kind} named {where!r} in the scenario")
    if len(found) > 1:
        namespaces = ", ".join(sorted({_namespace(doc.data) for _, _, doc in found}))
        raise PathError(
            f"{path.text}: {len(found)} {path.kind}s named {where!r} in the scenario "
            f"(namespaces: {namespaces}); say which: {path.kind}/NAMESPACE/{path.name}"
        )
    index, prefix, doc = found[0]
    return Located(index, (*prefix, *path.field), doc.data, _what(doc))


def _in_scenario(base: SweepBase, field: tuple[str | int, ...]) -> Located:
    doc = Document(base.source, base.scenario_index, 0, base.scenario)
    return Located(base.scenario_index, field, base.scenario, _what(doc))


def _what(doc: Document) -> str:
    return f"document {doc.index + 1}, {doc.what}" if doc.what else f"document {doc.index + 1}"


def _objects(
    doc: Document, prefix: tuple[str | int, ...]
) -> Iterator[tuple[tuple[str | int, ...], Document]]:
    """Every object of a document: itself, or the items of a List (recursively), with paths."""
    try:
        items = list_items(doc)
    except ManifestError:  # items not a list: the loader refuses it (load_base checks)
        items = None
    if items is None:
        yield prefix, doc
        return
    for position, item in enumerate(items):
        yield from _objects(item, (*prefix, "items", position))


def _namespace(data: Any) -> str:
    meta = data.get("metadata") if isinstance(data, Mapping) else None
    namespace = meta.get("namespace") if isinstance(meta, Mapping) else None
    return str(namespace or DEFAULT_NAMESPACE)


def _is_target(data: Any, path: ParamPath) -> bool:
    if not isinstance(data, Mapping) or str(data.get("kind", "")).lower() != path.kind:
        return False
    meta = data.get("metadata")
    if not isinstance(meta, Mapping) or meta.get("name") != path.name:
        return False
    return not path.namespace or _namespace(data) == path.namespace


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
