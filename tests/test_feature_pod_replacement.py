"""We test these aspects:

- the default ``podReplacementPolicy``: ``Failed`` with a podFailurePolicy, else
  ``TerminatingOrFailed``;
- ``TerminatingOrFailed``: a pod being deleted counts as failed as soon as its deletionTimestamp
  is seen and is replaced without waiting for it to terminate (after the 10 s re-creation delay
  measured from the deletion), so ``active + terminating`` exceeds parallelism for a while;
- ``Failed``: the pod counts only once it is Failed; the replacement waits for it (and the delay
  then runs from its finish); for Indexed Jobs a terminating pod's index is not re-created;
- ``status.terminating`` counts the pods being deleted.

Pods here ignore SIGTERM (``shutdownDelay: null``), so a deleted pod is killed at the end of its
30 s grace period.

Upstream sources: ``pkg/controller/job/job_controller.go`` (``onlyReplaceFailedPods``,
``isPodFailed``, ``manageJob``), ``indexed_job_utils.go`` (``firstPendingIndexes``),
``pkg/apis/batch/v1/defaults.go``, ``job_controller_test.go`` (``TestControllerSyncJob``:
"pending pod; PodReplacementPolicy enabled" ...), ``test/integration/job/job_test.go``
(``TestJobPodReplacementPolicy``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from feature_support import behavior, jobsim_run

from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet
from jobsim.simulation import Simulation

INDEX_KEY = "batch.kubernetes.io/job-completion-index"

SCENARIO = (
    Path(__file__).resolve().parent.parent / "scenarios" / "features" / "pod-replacement.yaml"
)


def _job(name: str, **spec: Any) -> dict[str, Any]:
    """A Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim() -> Simulation:
    """Pods run 100 s and ignore SIGTERM (SIGKILL, exit 137, at the end of the grace period)."""
    return Simulation(behaviors=BehaviorSet.of(behavior(duration=100, shutdown_delay=None)))


def _delete_first_pod(sim: Simulation) -> str:
    """``kubectl delete pod`` of the first pod (grace period 30 s)."""
    names = sorted(p.metadata.name or "" for p in sim.api.list("pods").items if isinstance(p, Pod))
    sim.api.delete("pods", names[0], namespace="default")
    return names[0]


def _counters(sim: Simulation, name: str) -> tuple[int, int, int | None]:
    status = sim.job(name).status
    return status.active, status.failed, status.terminating


@pytest.mark.parametrize(
    ("spec", "policy"),
    [
        ({}, "TerminatingOrFailed"),
        (
            {
                "podFailurePolicy": {
                    "rules": [
                        {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1]}}
                    ]
                }
            },
            "Failed",
        ),
        ({"podReplacementPolicy": "Failed"}, "Failed"),
    ],
    ids=["default", "with-pod-failure-policy", "explicit"],
)
def test_default_policy(spec: dict[str, Any], policy: str) -> None:
    """``Failed`` when a podFailurePolicy is set, else ``TerminatingOrFailed``."""
    sim = _sim()
    sim.apply(_job("d", **spec))
    assert sim.job("d").spec.pod_replacement_policy == policy


def test_terminating_or_failed_replaces_at_once() -> None:
    """The deleted pod counts as failed at once; its replacement runs beside it."""
    sim = _sim()
    sim.apply(_job("t", podReplacementPolicy="TerminatingOrFailed"))
    sim.run(5)
    _delete_first_pod(sim)
    sim.run(7)
    assert _counters(sim, "t") == (0, 1, 1)
    sim.run(20)
    # Re-created at 15 s: the 10 s delay from the deletion (finish time = deletion time).
    assert _counters(sim, "t") == (1, 1, 1)  # active + terminating > parallelism 1
    sim.run()
    job = sim.job("t")
    assert (job.status.succeeded, job.status.failed, job.status.terminating) == (1, 1, 0)
    assert [(r.created, r.finished, r.phase, r.exit_code) for r in sim.timeline()] == [
        (0.0, 35.0, "Failed", 137),
        (15.0, 115.0, "Succeeded", 0),
    ]


def test_failed_waits_for_termination() -> None:
    """With ``Failed`` the replacement waits until the deleted pod is Failed (35 s) + 10 s."""
    sim = _sim()
    sim.apply(_job("f", podReplacementPolicy="Failed"))
    sim.run(5)
    _delete_first_pod(sim)
    sim.run(7)
    assert _counters(sim, "f") == (0, 0, 1)
    sim.run(30)
    assert _counters(sim, "f") == (0, 0, 1)
    sim.run(40)
    assert _counters(sim, "f") == (0, 1, 0)
    sim.run()
    job = sim.job("f")
    assert (job.status.succeeded, job.status.failed) == (1, 1)
    assert [(r.created, r.finished, r.phase) for r in sim.timeline()] == [
        (0.0, 35.0, "Failed"),
        (45.0, 145.0, "Succeeded"),
    ]


def test_failed_indexed_does_not_recreate_terminating_index() -> None:
    """Indexed + ``Failed``: index 0 is not re-created while its pod is still terminating."""
    sim = _sim()
    sim.apply(
        _job(
            "ix",
            completions=2,
            parallelism=2,
            completionMode="Indexed",
            podReplacementPolicy="Failed",
        )
    )
    sim.run(5)
    _delete_first_pod(sim)
    sim.run(30)
    assert _counters(sim, "ix") == (1, 0, 1)
    assert len(sim.timeline()) == 2
    sim.run()
    assert [(r.index, r.created) for r in sim.timeline()] == [(0, 0.0), (1, 0.0), (0, 45.0)]
    assert sim.job("ix").status.completed_indexes == "0,1"


def test_scenario_manifest() -> None:
    """``scenarios/features/pod-replacement.yaml`` runs to its documented outcome."""
    status = jobsim_run(SCENARIO)["status"]
    assert (status["succeeded"], status.get("failed", 0), status["terminating"]) == (3, 0, 0)
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet", "Complete"]
