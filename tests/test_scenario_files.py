"""We test these aspects: every scenario in ``scenarios/`` loads, runs and meets its expectations.

Each file pins one Job behaviour against upstream Kubernetes; its header comment walks through the
timeline with references to ``/work/shared/reference/job-controller-semantics.md`` (sources:
``pkg/controller/job/job_controller.go``, ``backoff_utils.go``, ``pod_failure_policy.go``,
``success_policy.go``, ``pkg/controller/ttlafterfinished/ttlafterfinished_controller.go``,
``pkg/controller/garbagecollector``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jobsim.scenario import load_scenario, run_scenario

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"
FILES = sorted(p for p in SCENARIOS.glob("*.yaml"))
PINNED = [p for p in FILES if p.name != "example-job.yaml"]


def test_there_are_at_least_fifteen_pinned_scenarios() -> None:
    """The catalogue has at least 15 scenarios with expectations (issue 6)."""
    assert len(PINNED) >= 15


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_scenario_meets_its_expectations(path: Path) -> None:
    """Running the scenario makes every expectation hold and every action go as planned."""
    result = run_scenario(load_scenario(path))
    failures = [str(r) for r in result.results if not r.passed]
    assert not failures, "\n".join(failures)
    assert result.passed


@pytest.mark.parametrize("path", PINNED, ids=[p.stem for p in PINNED])
def test_pinned_scenario_has_expectations_and_finishes(path: Path) -> None:
    """Each pinned scenario states expectations and ends for a reason other than its bound."""
    scenario = load_scenario(path)
    assert scenario.settings.expectations
    assert scenario.settings.name == path.stem
    result = scenario.run()
    assert result.stopped in ("finished", "until")


def test_bare_manifest_runs_with_default_behaviour() -> None:
    """The seed's bare Job manifest is a scenario: one pod of 10 s, Complete at 11 s."""
    result = load_scenario(SCENARIOS / "example-job.yaml").run()
    assert (result.stopped, result.end, result.results) == ("finished", 11.0, [])
    (job,) = result.jobs
    assert job.status.succeeded == 1
    assert job.is_finished()
