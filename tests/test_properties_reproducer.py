"""We test these aspects: a failing case's scenario file replays the very same run.

The property tests report a failure as a scenario file (``jobsim.testing``); it is only
useful if ``jobsim run <file>`` replays exactly the world the property saw. Over random cases
we check that:

* the file loads as a scenario and keeps the case: seed, nodes, ``until``, the Job manifest,
  every behaviour (including ``shutdownDelay: null``, "ignore SIGTERM") and every action;
* ``jobsim run <file> -o json`` ends with the same Jobs, field for field, as the case run by
  the property tests (exit 1 only says an action found no pod or no Job to act on);
* only the last (smallest) file written under one key is kept while Hypothesis shrinks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import given, settings

from jobsim.behavior import BehaviorSet
from jobsim.cli import main
from jobsim.scenario import load_scenario
from jobsim.testing import Case, cases, scenario_yaml, start, write_reproducer


@given(cases())
def test_scenario_file_keeps_the_case(case: Case) -> None:
    """Seed, nodes, until, the Job, the behaviours and the timeline survive the YAML round trip."""
    scenario = load_scenario(scenario_yaml(case, comment="a comment\n\nmore"))
    loaded = scenario.settings
    assert (loaded.seed, loaded.nodes, loaded.until) == (case.seed, case.nodes, case.until)
    assert loaded.behavior_set() == case.behaviors
    assert [
        a.model_dump(mode="json", by_alias=True, exclude_unset=True) for a in loaded.timeline
    ] == [dict(a) for a in case.timeline]
    (manifest,) = scenario.manifests
    assert manifest.document.data == case.job


def _jobs_json(text: str) -> Any:
    """The Jobs of ``-o json`` output (a List), ignoring the result lines after it."""
    data, _ = json.JSONDecoder().raw_decode(text)
    return data["items"]


@settings(max_examples=20)  # one CLI run per example
@given(case=cases())
def test_jobsim_run_replays_the_case(case: Case, tmp_path_factory: Any) -> None:
    """``jobsim run`` on the written file ends with the same Jobs as the property's run."""
    directory: Path = tmp_path_factory.mktemp("repro")
    path = write_reproducer(case, "no failure: a round-trip test", directory=directory)
    run = start(case)
    run.run_to_end()
    result = CliRunner().invoke(main, ["run", str(path), "-o", "json", "-q"])
    # 1 = an action found nothing to act on (reported as a FAIL line): still the same run.
    assert result.exit_code in (0, 1), result.output
    expected = [job.to_dict() for job in run.sim.jobs()]
    assert _jobs_json(result.stdout) == expected


def test_only_the_last_file_of_a_key_is_kept(tmp_path: Path) -> None:
    """Writing a second failing case under the same key removes the first file."""
    first = Case(0, 1, _job(), BehaviorSet(), (), 10.0)
    second = Case(1, 1, _job(), BehaviorSet(), (), 10.0)
    a = write_reproducer(first, "failure one", key="k", directory=tmp_path)
    b = write_reproducer(second, "failure two", key="k", directory=tmp_path)
    assert not a.exists()
    assert b.read_text().startswith("# A property of jobsim failed on this case:\n# failure two\n")
    assert list(tmp_path.iterdir()) == [b]


def _job() -> dict[str, Any]:
    template = {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "x"}]}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "job"},
        "spec": {"template": template},
    }
