"""We test these aspects: ``jobsim.testing``, the public property-testing API.

* every public name imports from ``jobsim.testing``;
* a small property over ``cases()`` runs through :func:`check_case` and finds no violation;
* the checks can fail: a status the controller never writes (``ready > active``, invariant 6)
  written into the store mid-run is reported with its number; a rejected sync is reported,
  unless its message is one of ``KNOWN_UPSTREAM_BUGS`` (then the run stops being checked);
* a case whose Job has another name is run and read under that name;
* :func:`assert_no_violations` is silent without violations, and otherwise raises naming a
  scenario file (in ``$JOBSIM_FAILURES_DIR``) that loads back as the same case;
* ``docs/property-testing.md``'s Python example is among the blocks
  ``tests/test_docs_examples.py`` runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from test_docs_examples import CASES as DOC_BLOCKS

import jobsim.testing
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.errors import new_internal_error
from jobsim.scenario import load_scenario
from jobsim.testing import (
    KNOWN_UPSTREAM_BUGS,
    Case,
    StepChecker,
    assert_no_violations,
    cases,
    check_case,
    start,
)


def _job(name: str = "job") -> dict[str, Any]:
    template = {"spec": {"restartPolicy": "Never", "containers": [{"name": "c", "image": "x"}]}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {"template": template},
    }


def _case(name: str = "job", *, duration: float = 100.0, until: float = 60.0) -> Case:
    behaviors = BehaviorSet.of(default=PodBehavior(duration=duration))
    return Case(seed=1, nodes=1, job=_job(name), behaviors=behaviors, timeline=(), until=until)


def test_public_names_import_from_jobsim_testing() -> None:
    """Every name in ``__all__`` (once each) is an attribute of ``jobsim.testing``."""
    names = jobsim.testing.__all__
    assert len(set(names)) == len(names)
    assert [n for n in names if not hasattr(jobsim.testing, n)] == []
    assert {"cases", "job_manifests", "check_case", "write_reproducer", "Case"} <= set(names)


@settings(max_examples=5, deadline=None)
@given(cases())
def test_no_invariant_is_violated_over_random_cases(case: Case) -> None:
    """A random case runs to its end with every invariant holding after every step."""
    assert check_case(case) == []


def test_a_status_breaking_an_invariant_is_reported() -> None:
    """``ready`` written above ``active`` mid-run is reported as invariant 6 (ready-le-active)."""
    run = start(_case())
    checker = StepChecker(run)
    while run.sim.now < 3 and run.step():
        checker.after_step(run)
    assert checker.found == []
    job = run.job()
    assert job is not None and job.status.active == 1
    bad = job.model_copy(update={"status": job.status.model_copy(update={"ready": 3})})
    run.sim.api.replace_status("jobs", bad)
    run.run_to_end(checker.after_step)
    assert checker.final() == [
        "at 3s: invariant 6 (ready-le-active) violated by Job default/job: "
        "status.ready 3: cannot set more ready pods than active"
    ]


_KNOWN_PATTERN = next(iter(KNOWN_UPSTREAM_BUGS))


@pytest.mark.parametrize(
    ("known_bugs", "is_known"),
    [(KNOWN_UPSTREAM_BUGS, True), ({}, False)],
    ids=["known-upstream-bug", "no-known-bugs"],
)
def test_a_failed_sync_is_a_violation_unless_a_known_bug(
    known_bugs: dict[str, str], is_known: bool
) -> None:
    """A rejected status write fails the run; a known upstream bug stops the checks instead."""
    run = start(_case(until=5.0))

    def rejected_sync(key: str) -> None:
        raise new_internal_error(f"Job.batch {key!r} is invalid: {_KNOWN_PATTERN}")

    setattr(run.sim.job_controller, "sync_job", rejected_sync)  # noqa: B010 -- a broken sync
    checker = StepChecker(run, known_bugs=known_bugs)
    run.run_to_end(checker.after_step)
    found = checker.final()
    if is_known:
        assert found == []
        assert checker.known_bug is not None and _KNOWN_PATTERN in checker.known_bug
    else:
        assert checker.known_bug is None
        assert found and found[0].startswith("at 0s: sync of default/job failed: ")


def test_a_job_with_another_name_is_run_under_that_name() -> None:
    """``Run.job()``/``Run.pods()`` follow the case's Job name, and its invariants hold."""
    case = _case("other", duration=2.0)
    run = start(case)
    run.run_to_end()
    job = run.job()
    assert job is not None and job.metadata.name == "other"
    assert job.status.succeeded == 1
    assert [p.metadata.labels["job-name"] for p in run.pods() if p.metadata.labels] == ["other"]
    assert check_case(case) == []


def test_assert_no_violations_is_silent_without_violations(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No violations: no exception and no file written."""
    monkeypatch.setenv("JOBSIM_FAILURES_DIR", str(tmp_path))
    assert_no_violations(_case(), [], key="silent")
    assert list(tmp_path.iterdir()) == []


def test_assert_no_violations_writes_a_replayable_scenario(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A violation raises naming a scenario file that loads back as the same case."""
    monkeypatch.setenv("JOBSIM_FAILURES_DIR", str(tmp_path))
    case = _case()
    with pytest.raises(AssertionError, match=r"^broken\nreproducer: (\S+) \(replay: jobsim run "):
        assert_no_violations(case, ["broken"], key="writes")
    (path,) = tmp_path.iterdir()
    text = path.read_text()
    assert text.startswith("# A property of jobsim failed on this case:\n# broken\n")
    scenario = load_scenario(path)
    assert (scenario.settings.seed, scenario.settings.until) == (case.seed, case.until)
    assert scenario.settings.behavior_set() == case.behaviors
    (manifest,) = scenario.manifests
    assert manifest.document.data == case.job


def test_the_property_testing_page_is_run_by_the_docs_test() -> None:
    """``docs/property-testing.md`` has Python blocks, and the docs test collects them."""
    pages = {page.name for page, _, _ in DOC_BLOCKS}
    assert "property-testing.md" in pages
