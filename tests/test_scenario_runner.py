"""We test these aspects: running a scenario end to end.

- when the run stops: ``until`` (after everything at that instant), all Jobs finished (waiting for
  pending actions), idle (nothing left to happen), ``bound``;
- ``at`` expectations see the state after everything at their instant;
- ``always``/``within`` are judged on watch events (a transient state between two syncs is seen);
- manifests the apiserver rejects are a ScenarioError naming the document;
- a Scenario can be run again with the same results; ``simulation()`` builds a runnable one;
- the cluster settings: ``eventCorrelation``, ``terminatedPodGCThreshold``, ``eventTTL``.
"""

from __future__ import annotations

import pytest

from jobsim.scenario import ScenarioError, load_scenario, run_scenario
from jobsim.simulation import Simulation

JOB = (
    "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n{extra}  template:\n"
    "    spec:\n      containers:\n      - name: c\n        image: busybox\n"
    "      restartPolicy: Never\n"
)
HEAD = "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n"


def text(body: str = "", extra: str = "") -> str:
    """Job pi (with ``extra`` spec lines) and a Scenario document with ``body``."""
    return JOB.format(extra=extra) + HEAD + body


@pytest.mark.parametrize(
    ("body", "extra", "stopped", "end"),
    [
        ("until: 2m\n", "", "until", 120.0),
        ("", "", "finished", 11.0),
        ("", "  suspend: true\n", "idle", 1.0),
        ("bound: 1m\nbehaviors:\n- duration: 1h\n", "", "bound", 60.0),
        (
            "timeline:\n- {at: 100s, action: scale, job: pi, parallelism: 1}\n",
            "",
            "finished",
            100.0,
        ),
        ("expectations:\n- {check: exists, job: pi, at: 90s}\n", "", "finished", 90.0),
    ],
    ids=["until", "finished", "idle", "bound", "waits-for-actions", "waits-for-at-times"],
)
def test_when_the_run_stops(body: str, extra: str, stopped: str, end: float) -> None:
    """The run ends at until, when all is done, when idle, or at the bound."""
    result = run_scenario(load_scenario(text(body, extra)))
    assert (result.stopped, result.end) == (stopped, end)
    assert result.passed, [str(r) for r in result.results]


def test_at_sees_the_state_after_everything_at_that_instant() -> None:
    """At 0 s the Job's first sync has created its pod and written status.active."""
    result = run_scenario(
        load_scenario(
            text(
                "expectations:\n- {check: field, job: pi, path: status.active, equals: 1, at: 0s}\n"
                "- {check: field, job: pi, path: status.succeeded, equals: 0, at: 10s}\n"
                "- {check: field, job: pi, path: status.succeeded, equals: 1, at: 11s}\n"
            )
        )
    )
    assert [r.passed for r in result.results] == [True, True, True]


def test_always_sees_every_status_write() -> None:
    """The interim SuccessCriteriaMet state is observed although Complete follows in the same sync.

    Upstream (``job_controller.go`` ``trackJobStatusAndRemoveFinalizers``) writes the interim
    condition, then the terminal one; a watcher sees both writes.
    """
    result = run_scenario(
        load_scenario(
            text(
                "expectations:\n"
                "- {check: condition, job: pi, type: Complete, present: false, always: true}\n"
                "- {check: field, job: pi, path: 'status.uncountedTerminatedPods.succeeded[0]', "
                "notEquals: null, within: 11s}\n"
            )
        )
    )
    first, second = result.results
    assert (first.passed, first.message) == (
        False,
        "violated at 11s: not as expected: observed Complete=True reason=CompletionsReached "
        "message='Reached expected number of succeeded pods' since 11s",
    )
    assert second.passed, second.message


def test_rejected_manifest_names_the_document() -> None:
    """A manifest that fails apiserver validation is bad input, located at its document."""
    scenario = load_scenario(text(extra="  parallelism: -1\n"), name="s.yaml")
    with pytest.raises(ScenarioError) as info:
        run_scenario(scenario)
    assert str(info.value) == (
        "s.yaml, document 1 (line 1), Job/pi: Error from server (Invalid): error when creating: "
        'Job.batch "pi" is invalid: spec.parallelism: Invalid value: -1: must be greater than '
        "or equal to 0"
    )


def test_a_scenario_runs_again_identically() -> None:
    """Loaded objects are copied into each run: two runs give the same results and uids."""
    scenario = load_scenario(
        text("seed: 3\nbehaviors:\n- duration: {uniform: {low: 1s, high: 60s}}\n")
    )
    first, second = scenario.run(), scenario.run()
    assert first.end == second.end
    assert [j.metadata.uid for j in first.jobs] == [j.metadata.uid for j in second.jobs]
    assert scenario.manifests[0].object.metadata.uid is None  # type: ignore[attr-defined]


def test_simulation_has_manifests_and_timeline() -> None:
    """simulation() returns a Simulation with the Jobs created and the actions scheduled."""
    scenario = load_scenario(
        text(
            "behaviors:\n- duration: 1h\n"
            "timeline:\n- {at: 5s, action: scale, job: pi, parallelism: 3}\n",
            extra="  parallelism: 1\n",
        )
    )
    sim = scenario.simulation()
    assert isinstance(sim, Simulation)
    sim.run(until=6)
    assert sim.job("pi").status.active == 3


def test_failed_actions_come_first_in_results() -> None:
    """Result lines list failed actions, then every expectation in file order."""
    result = run_scenario(
        load_scenario(
            text(
                "timeline:\n- {at: 1s, action: deletePods, job: pi, count: 5}\n"
                "expectations:\n- {check: exists, job: pi}\n"
            )
        )
    )
    assert [r.passed for r in result.results] == [False, True]
    assert result.results[0].description == "timeline[0] at 1s: delete 5 pod(s) of job=pi"
    assert not result.passed


def _reasons(sim: Simulation) -> list[str]:
    return [e.message for e in sim.events() if e.reason == "SuccessfulCreate"]


@pytest.mark.parametrize(
    ("setting", "created_events"),
    [("", 10), ("eventCorrelation: true\n", 10), ("eventCorrelation: false\n", 30)],
    ids=["default-on", "on", "off"],
)
def test_event_correlation_setting(setting: str, created_events: int) -> None:
    """eventCorrelation: 30 pods created at once make 9 Events + 1 combined one, or 30.

    client-go ``EventAggregatorByReasonMessageFunc``/``defaultAggregateMaxEvents`` (10):
    the 10th similar event and later ones are written as one "(combined from similar
    events): ..." Event (``tools/record/events_cache.go``).
    """
    sim = load_scenario(text(setting, extra="  completions: 30\n  parallelism: 30\n")).simulation()
    sim.run(until=1)
    messages = _reasons(sim)
    assert len(messages) == created_events
    combined = [m for m in messages if m.startswith("(combined from similar events): ")]
    assert len(combined) == (1 if created_events == 10 else 0)


@pytest.mark.parametrize(
    ("setting", "pods_left"),
    [("", 20), ("terminatedPodGCThreshold: 5\n", 5), ("terminatedPodGCThreshold: 0\n", 20)],
    ids=["default-12500", "5", "0-disables"],
)
def test_terminated_pod_gc_threshold_setting(setting: str, pods_left: int) -> None:
    """PodGC keeps at most terminatedPodGCThreshold terminated pods; 0 or less disables it.

    kube-controller-manager ``--terminated-pod-gc-threshold`` (default 12500, "If <= 0, the
    terminated pod garbage collector is disabled"; ``pkg/controller/podgc/gc_controller.go``).
    """
    sim = load_scenario(
        text(setting + "until: 2m\n", extra="  completions: 20\n  parallelism: 20\n")
    ).simulation()
    sim.run(until=120)
    assert sim.job("pi").status.succeeded == 20
    assert len(sim.api.list("pods").items) == pods_left  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("setting", "events_at_2m"),
    [("", 2), ("eventTTL: 30s\n", 0), ("eventTTL: null\n", 2)],
    ids=["default-1h", "30s", "never"],
)
def test_event_ttl_setting(setting: str, events_at_2m: int) -> None:
    """SuccessfulCreate and Completed live eventTTL after their last write (``--event-ttl``, 1h)."""
    sim = load_scenario(text(setting + "until: 2m\n")).simulation()
    sim.run(until=120)
    assert len(sim.events()) == events_at_2m
