"""We test these aspects: the TTL-after-finished controller in a Simulation.

Upstream ``pkg/controller/ttlafterfinished/ttlafterfinished_controller.go``: a Job with
``ttlSecondsAfterFinished`` that is Complete or Failed is deleted at the finish condition's
``lastTransitionTime`` + TTL — never earlier, never while unfinished — with
``propagationPolicy: Foreground`` (so its pods go first) and a UID precondition; the TTL is
re-read before deleting, so a TTL removed or raised in time keeps the Job.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.errors import APIError
from jobsim.simulation import Simulation


def behavior(**fields: Any) -> PodBehavior:
    """A pod behaviour from scenario-style camelCase fields (durations as numbers or dicts)."""
    return PodBehavior.model_validate(fields)


def job_manifest(name: str, **spec: Any) -> dict[str, Any]:
    """A Job with one 10 s pod (default behaviour)."""
    template = {"spec": {"containers": [{"name": "c", "image": "x"}], "restartPolicy": "Never"}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": template},
    }


def exists(sim: Simulation, name: str) -> bool:
    """Whether the Job is still stored."""
    try:
        sim.job(name)
    except APIError:
        return False
    return True


class Log:
    """Records job and pod watch events with their simulated time."""

    def __init__(self, sim: Simulation) -> None:
        self.sim = sim
        self.items: list[tuple[float, str, str, tuple[str, ...]]] = []
        sim.api.watch("jobs", handler=self._record)
        sim.api.watch("pods", handler=self._record)

    def _record(self, event: Any) -> None:
        meta = event.object.metadata
        self.items.append((self.sim.now, event.resource, event.type, tuple(meta.finalizers or ())))


@pytest.mark.parametrize(("ttl", "deleted_at"), [(0, 11.0), (30, 41.0)], ids=["ttl0", "ttl30"])
def test_job_deleted_at_finish_plus_ttl(ttl: int, deleted_at: float) -> None:
    """Complete at 11 s: the Job disappears exactly ``ttl`` seconds later, pods first."""
    sim = Simulation()
    log = Log(sim)
    sim.apply(job_manifest("t", ttlSecondsAfterFinished=ttl))
    sim.run()
    assert sim.now == 11
    if ttl:
        sim.run(until=deleted_at - 0.001)
        assert exists(sim, "t")
    sim.run(until=deleted_at + 0.001)
    assert not exists(sim, "t")
    at_deletion = [(res, kind) for t, res, kind, _ in log.items if t == deleted_at]
    # Foreground: the Job is marked first, its pod goes, then the Job itself.
    marked = at_deletion.index(("jobs", "MODIFIED"), len(at_deletion) - 4)
    assert at_deletion.index(("pods", "DELETED")) > marked
    assert at_deletion[-1] == ("jobs", "DELETED")
    finalizers = [f for _, res, kind, f in log.items if res == "jobs" and kind == "MODIFIED"]
    assert finalizers[-1] == ("foregroundDeletion",)
    assert sim.ttl_controller.deleted == [("default", "t")]


def test_failed_job_is_deleted_too() -> None:
    """A Failed Job is cleaned up like a Complete one."""
    sim = Simulation(behaviors=BehaviorSet.of(default=behavior(exitCodes=1)))
    sim.apply(job_manifest("f", backoffLimit=0, ttlSecondsAfterFinished=5))
    sim.run()
    assert sim.job("f").status.failed == 1
    sim.run(until=sim.now + 4.999)
    assert exists(sim, "f")
    sim.run(until=sim.now + 0.002)
    assert not exists(sim, "f")


def test_without_ttl_or_unfinished_the_job_stays() -> None:
    """No TTL: never deleted; TTL but still running: not deleted."""
    sim = Simulation(behaviors=BehaviorSet.of(default=behavior(duration=1000)))
    sim.apply(job_manifest("long", ttlSecondsAfterFinished=0))
    sim.run(until=500)
    assert exists(sim, "long")
    other = Simulation()
    other.apply(job_manifest("keep"))
    other.run(until=10_000)
    assert exists(other, "keep")


def test_ttl_added_after_finish() -> None:
    """Setting a TTL on a finished Job schedules deletion at finish + TTL (or now if past)."""
    sim = Simulation()
    sim.apply(job_manifest("late"))
    sim.apply(job_manifest("later"))
    sim.run()
    sim.run(until=50)
    for name, ttl in (("late", 20), ("later", 100)):
        sim.api.patch(
            "jobs",
            name,
            {"spec": {"ttlSecondsAfterFinished": ttl}},
            namespace="default",
            patch_type="application/merge-patch+json",
        )
    sim.run(until=50.001)
    assert not exists(sim, "late")
    sim.run(until=110.9)
    assert exists(sim, "later")
    sim.run(until=111.001)
    assert not exists(sim, "later")


def test_ttl_raised_before_expiry_is_rechecked() -> None:
    """The TTL is re-read when the timer fires: raising it in time postpones deletion."""
    sim = Simulation()
    sim.apply(job_manifest("r", ttlSecondsAfterFinished=10))
    sim.run()
    sim.api.patch(
        "jobs",
        "r",
        {"spec": {"ttlSecondsAfterFinished": 60}},
        namespace="default",
        patch_type="application/merge-patch+json",
    )
    sim.run(until=70.9)
    assert exists(sim, "r")
    sim.run(until=71.001)
    assert not exists(sim, "r")
