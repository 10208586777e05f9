"""jobsim: a discrete-event simulator of the Kubernetes Job controller.

The public API, re-exported here; everything else is internal::

    import jobsim
    sim = jobsim.Simulation(seed=7)
    sim.apply("job.yaml")
    sim.run()
    sim.job("pi").status.succeeded

    result = jobsim.load_scenario("scenarios/indexed.yaml").run()
    result.passed
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from jobsim.apiserver.store import APIServer
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.errors import APIError
from jobsim.manifests import ManifestError
from jobsim.scenario import (
    ExpectationResult,
    Scenario,
    ScenarioError,
    ScenarioResult,
    load_scenario,
    run_scenario,
)
from jobsim.simulation import Simulation
from jobsim.sweep import summarize, sweep

try:
    __version__ = version("jobsim")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"

__all__ = [
    "APIError",
    "APIServer",
    "BehaviorSet",
    "ExpectationResult",
    "ManifestError",
    "PodBehavior",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "Simulation",
    "__version__",
    "load_scenario",
    "run_scenario",
    "summarize",
    "sweep",
]
