"""A generated case as a scenario file: the text ``jobsim run`` replays, and failing-case files.

Owns :func:`scenario_documents` and :func:`scenario_yaml` (a :class:`~jobsim.testing.Case` as
a multi-document scenario file: the Job manifest and a ``kind: Scenario`` document with seed,
nodes, ``until``, behaviours and the timeline) and :func:`write_reproducer` (the scenario file
of a failing case, named by its content, with the failure as a comment on top; while
Hypothesis shrinks, each smaller failing case replaces the previous file of the same key).

Imports ``jobsim.scenario`` (its schema constants), ``jobsim.behavior`` and
:mod:`jobsim.testing.strategies` only; it must not import the simulation.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any, Final

import yaml

from jobsim.behavior import PodBehavior
from jobsim.scenario import API_VERSION, KIND
from jobsim.testing.strategies import Case

__all__ = [
    "FAILURES_DIR",
    "FAILURES_DIR_ENV",
    "scenario_documents",
    "scenario_yaml",
    "write_reproducer",
]

FAILURES_DIR: Final = Path(".hypothesis") / "jobsim-failures"
"""Where reproducers go, relative to the working directory (:data:`FAILURES_DIR_ENV` overrides)."""
FAILURES_DIR_ENV: Final = "JOBSIM_FAILURES_DIR"
"""The environment variable naming another directory for reproducers."""
_DEFAULT_BEHAVIOR: Final = PodBehavior().model_dump(mode="json", by_alias=True)


def _behavior_document(behavior: PodBehavior) -> dict[str, Any]:
    """A behaviour as YAML writes it: only the fields that differ from the default."""
    full = behavior.model_dump(mode="json", by_alias=True)
    doc = {k: v for k, v in full.items() if v != _DEFAULT_BEHAVIOR.get(k)}
    if behavior.shutdown_delay is None:  # "ignore SIGTERM"; model_dump omits None fields
        doc["shutdownDelay"] = None
    return doc


def scenario_documents(case: Case, *, name: str = "property-case") -> list[dict[str, Any]]:
    """The case's scenario file as documents: the Job manifest, then the Scenario document."""
    settings: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "name": name,
        "seed": case.seed,
        "nodes": case.nodes,
        "until": case.until,
    }
    if case.behaviors.behaviors:
        settings["behaviors"] = [_behavior_document(b) for b in case.behaviors.behaviors]
    settings["defaultBehavior"] = _behavior_document(case.behaviors.default)
    if case.timeline:
        settings["timeline"] = [dict(action) for action in case.timeline]
    return [case.job, settings]


def scenario_yaml(case: Case, *, comment: str = "", name: str = "property-case") -> str:
    """The case as a multi-document scenario YAML file (``comment`` lines go on top)."""
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    body = yaml.safe_dump_all(scenario_documents(case, name=name), sort_keys=False)
    return head + body


_LAST_WRITTEN: dict[str, Path] = {}
"""The last file written under each key, removed when a smaller failing case replaces it."""


def write_reproducer(
    case: Case, failure: str, *, key: str = "", directory: Path | None = None
) -> Path:
    """Write the case as a scenario file named by its content; return the path.

    The file starts with the failure as a comment and replays with ``jobsim run <path>``.
    ``directory`` defaults to ``$JOBSIM_FAILURES_DIR`` or :data:`FAILURES_DIR`. While
    Hypothesis shrinks, each smaller failing case replaces the previous file written under
    the same ``key`` (the test's name), so the last file left is the minimal example.
    """
    text = scenario_yaml(case)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    where = directory or Path(os.environ.get(FAILURES_DIR_ENV, FAILURES_DIR))
    where.mkdir(parents=True, exist_ok=True)
    path = where / f"case-{digest}.yaml"
    previous = _LAST_WRITTEN.get(key)
    if previous is not None and previous != path:
        previous.unlink(missing_ok=True)
    _LAST_WRITTEN[key] = path
    comment = f"A property of jobsim failed on this case:\n{failure}\n\nReplay: jobsim run {path}"
    path.write_text(scenario_yaml(case, comment=comment))
    return path
