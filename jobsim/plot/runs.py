"""Run something with a :class:`StatusRecorder` attached, in one call (for notebooks).

Owns :func:`record` (manifests in a new Simulation, run to the end) and :func:`record_scenario`
(a scenario file run with its settings, timeline and expectations). Must not import matplotlib
or the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from jobsim.api._base import K8sModel
from jobsim.behavior import BehaviorSet
from jobsim.plot.history import StatusRecorder
from jobsim.scenario import Scenario, ScenarioResult, load_scenario, run_scenario
from jobsim.simulation import Simulation

__all__ = ["record", "record_scenario"]


def record(
    *manifests: str | Path | Mapping[str, Any] | K8sModel,
    seed: int = 0,
    behaviors: BehaviorSet | None = None,
    nodes: int = 1,
    until: float | str | None = None,
) -> StatusRecorder:
    """Create ``manifests`` (paths, YAML text, dicts, models) in a new Simulation and run it.

    The run ends when every Job has finished, or at ``until``. The recorder's ``simulation``
    holds the final state.
    """
    sim = Simulation(seed=seed, behaviors=behaviors, nodes=nodes)
    recorder = StatusRecorder(sim)
    for manifest in manifests:
        sim.apply(manifest)
    sim.run(until=until)
    return recorder


def record_scenario(
    scenario: Scenario | str | Path, *, seed: int | None = None
) -> tuple[ScenarioResult, StatusRecorder]:
    """Run a scenario (a loaded one, a path or YAML text) with a recorder attached from t=0."""
    loaded = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    if seed is not None:
        loaded = replace(loaded, settings=loaded.settings.model_copy(update={"seed": seed}))
    recorder = StatusRecorder()
    result = run_scenario(loaded, on_start=recorder.attach)
    return result, recorder
