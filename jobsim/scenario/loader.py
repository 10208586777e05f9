"""Loading scenario files: Kubernetes manifests plus at most one ``kind: Scenario`` document.

Owns :func:`load_scenario` and :class:`Scenario` (the decoded manifests, the settings and the
decoded inline manifests of the timeline), and the checks that need the whole file: one
Scenario document at most, the right apiVersion, inline manifests that decode, Jobs referred
to that the scenario creates, field paths the Job model has, times inside the run, node names.
Every problem is reported at once, each naming the file, the document, the field path and the
line. Imports ``jobsim.manifests``, ``jobsim.api`` and the scenario schema; the simulation is
imported lazily by :meth:`Scenario.simulation` and :meth:`Scenario.run` (``runner``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.duration import format_duration
from jobsim.manifests import (
    Document,
    ManifestError,
    decode_document,
    expand_lists,
    load_file,
    load_text,
    names_a_file,
)
from jobsim.scenario.errors import ScenarioError, format_path, validation_problems
from jobsim.scenario.paths import check_path
from jobsim.scenario.schema import API_VERSION, KIND, ScenarioSettings
from jobsim.scenario.schema_actions import (
    ApplyAction,
    CordonNodeAction,
    CreateAction,
    DeleteAction,
    DrainNodeAction,
    PatchAction,
    PodsAction,
    ScaleAction,
    SuspendAction,
    UncordonNodeAction,
)
from jobsim.scenario.schema_actions import ResumeAction as _Resume
from jobsim.scenario.schema_expectations import ExpectationBase, FieldCheck

if TYPE_CHECKING:
    from jobsim.scenario.runner import ScenarioResult
    from jobsim.simulation import Simulation

__all__ = ["Manifest", "Scenario", "load_scenario"]


@dataclass(frozen=True)
class Manifest:
    """A decoded Kubernetes object and the document it came from."""

    document: Document
    object: K8sModel


@dataclass(frozen=True)
class Scenario:
    """A loaded scenario: manifests to create at time 0, settings, and inline timeline objects."""

    source: str
    settings: ScenarioSettings
    manifests: tuple[Manifest, ...] = ()
    inline: dict[int, Manifest] = field(default_factory=dict)
    """Decoded manifests of ``create``/``apply`` actions, by timeline index."""
    document: Document | None = None
    """The ``kind: Scenario`` document, if the file has one."""

    @property
    def name(self) -> str:
        """The scenario's name, or the file's stem."""
        return self.settings.name or Path(self.source).stem

    def simulation(self) -> Simulation:
        """A fresh Simulation with the manifests created and the timeline scheduled."""
        from jobsim.scenario.runner import build_simulation  # noqa: PLC0415 - runner imports this module

        return build_simulation(self).simulation

    def run(self) -> ScenarioResult:
        """Run the scenario and evaluate its expectations."""
        from jobsim.scenario.runner import run_scenario  # noqa: PLC0415 - runner imports this module

        return run_scenario(self)


def load_scenario(source: str | Path, *, name: str = "<string>") -> Scenario:
    """Load a scenario from a path or from YAML text (``name`` labels text in errors).

    Raises :class:`ScenarioError` (a ``ManifestError``) listing every problem found.
    """
    text_given = not names_a_file(source)
    try:
        docs = load_text(str(source), name) if text_given else load_file(source)
    except ManifestError as exc:
        raise ScenarioError([exc]) from None
    label = name if text_given else str(source)
    problems: list[ManifestError] = []
    manifests: list[Manifest] = []
    settings_doc: Document | None = None
    settings: ScenarioSettings | None = None
    for doc in docs:
        if isinstance(doc.data, dict) and (
            doc.data.get("kind") == KIND or doc.data.get("apiVersion") == API_VERSION
        ):
            if settings_doc is not None:
                first = settings_doc.index + 1
                problems.append(
                    doc.error(f"a scenario has at most one {KIND} document (document {first} is)")
                )
                continue
            settings_doc = doc
            settings = _settings(doc, problems)
            continue
        try:
            for item in expand_lists([doc]):  # a List stands for its items, as in kubectl
                manifests.append(Manifest(item, decode_document(item)))
        except ManifestError as exc:
            problems.append(exc)
    if settings_doc is None:
        settings = ScenarioSettings(api_version=API_VERSION, kind=KIND)
    inline: dict[int, Manifest] = {}
    if settings is not None and settings_doc is not None:
        inline = _inline(settings, settings_doc, problems)
        jobs = {_key(m.object) for m in [*manifests, *inline.values()] if isinstance(m.object, Job)}
        problems.extend(_semantic_problems(settings, settings_doc, jobs))
    if problems:
        problems.sort(key=lambda p: (p.index if p.index is not None else -1, p.line or 0))
        raise ScenarioError(problems)
    assert settings is not None
    return Scenario(label, settings, tuple(manifests), inline, settings_doc)


def _settings(doc: Document, problems: list[ManifestError]) -> ScenarioSettings | None:
    data = doc.data
    if data.get("kind") != KIND or data.get("apiVersion") != API_VERSION:
        problems.append(
            doc.error(
                f'no kind "{data.get("kind")}" is registered for version '
                f'"{data.get("apiVersion")}": a scenario document is '
                f"apiVersion: {API_VERSION}, kind: {KIND}"
            )
        )
        return None
    try:
        return ScenarioSettings.model_validate(data)
    except ValidationError as exc:
        problems.extend(validation_problems(exc, doc))
        return None


def _inline(
    settings: ScenarioSettings, doc: Document, problems: list[ManifestError]
) -> dict[int, Manifest]:
    inline: dict[int, Manifest] = {}
    for i, action in enumerate(settings.timeline):
        if isinstance(action, CreateAction | ApplyAction):
            part = doc.part(["timeline", i, "manifest"], action.manifest)
            try:
                inline[i] = Manifest(part, decode_document(part))
            except ManifestError as exc:
                exc.message = f"timeline[{i}].manifest: {exc.message}"
                problems.append(exc)
    return inline


def _key(obj: K8sModel) -> tuple[str, str]:
    meta = obj.metadata  # type: ignore[attr-defined]
    return (meta.namespace or "default", meta.name or "")


def _job_refs(settings: ScenarioSettings) -> Iterator[tuple[list[str | int], str, str]]:
    """Every Job the timeline and the expectations name: (field path, namespace, name)."""
    for i, action in enumerate(settings.timeline):
        if isinstance(action, ScaleAction | SuspendAction | _Resume):
            yield ["timeline", i, "job"], action.namespace, action.job
        elif isinstance(action, PatchAction | DeleteAction) and action.resource == "jobs":
            yield ["timeline", i, "name"], action.namespace, action.name
        elif isinstance(action, PodsAction) and action.job is not None:
            yield ["timeline", i, "job"], action.namespace, action.job
    for i, check in enumerate(settings.expectations):
        job = getattr(check, "job", None)
        if job is not None:
            yield ["expectations", i, "job"], check.namespace, job


def _semantic_problems(
    settings: ScenarioSettings, doc: Document, jobs: set[tuple[str, str]]
) -> list[ManifestError]:
    problems: list[ManifestError] = []

    def problem(path: Sequence[str | int], message: str) -> None:
        problems.append(doc.error(f"{format_path(path)}: {message}", path))

    known = ", ".join(sorted(f"{ns}/{n}" for ns, n in jobs)) or "none"
    for path, namespace, name in _job_refs(settings):
        if (namespace, name) not in jobs:
            problem(
                path,
                f'Job "{name}" in namespace "{namespace}" is not created by this scenario '
                f"(its Jobs: {known})",
            )
    for i, check in enumerate(settings.expectations):
        if isinstance(check, FieldCheck):
            why = check_path(Job, check.segments())
            if why is not None:
                problem(["expectations", i, "path"], f"{check.path!r}: {why}")
    end = settings.end_time()
    limit = settings.bound if end is None else end
    bound = f"bound {format_duration(limit)}" if end is None else f"until {format_duration(limit)}"
    after = f"is after the end of the run ({bound})"
    for i, action in enumerate(settings.timeline):
        if action.at > limit:
            problem(["timeline", i, "at"], f"{format_duration(action.at)} {after}")
    for i, expectation in enumerate(settings.expectations):
        assert isinstance(expectation, ExpectationBase)
        if expectation.at is not None and expectation.at > limit:
            problem(["expectations", i, "at"], f"{format_duration(expectation.at)} {after}")
    names = [f"node-{i}" for i in range(settings.nodes)]
    for i, action in enumerate(settings.timeline):
        nodes = (DrainNodeAction, CordonNodeAction, UncordonNodeAction)
        if isinstance(action, nodes) and action.node not in names:
            problem(
                ["timeline", i, "node"],
                f'no node "{action.node}" (nodes: {", ".join(names)})',
            )
    return problems
