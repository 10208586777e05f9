"""Scenario files: Kubernetes manifests plus a ``kind: Scenario`` document, replayed and checked.

Public API: :func:`load_scenario` (a path or YAML text -> :class:`Scenario`, with
``.simulation()`` and ``.run()``), :func:`run_scenario` (-> :class:`ScenarioResult`),
:class:`ScenarioError` (bad input, every problem located), :class:`ExpectationResult` and
:func:`scenario_json_schema`. See ``docs/scenarios.md``.
"""

from jobsim.scenario.errors import ScenarioError
from jobsim.scenario.expectations import ExpectationResult
from jobsim.scenario.loader import Scenario, load_scenario
from jobsim.scenario.runner import ScenarioResult, run_scenario
from jobsim.scenario.schema import (
    API_VERSION,
    KIND,
    ScenarioSettings,
    scenario_json_schema,
    scenario_json_schema_text,
)

__all__ = [
    "API_VERSION",
    "KIND",
    "ExpectationResult",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "ScenarioSettings",
    "load_scenario",
    "run_scenario",
    "scenario_json_schema",
    "scenario_json_schema_text",
]
