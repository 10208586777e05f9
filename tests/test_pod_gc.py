"""We test these aspects: PodGC deletes the oldest terminated pods beyond its threshold.

Upstream ``pkg/controller/podgc/gc_controller.go``: every ``gcCheckPeriod`` (20 s) ``gcTerminated``
counts pods whose phase is neither Pending, Running nor Unknown and deletes the surplus over
``terminatedPodThreshold`` with grace period 0, ordered by ``byEvictionAndCreationTimestamp``
(evicted first, then oldest ``creationTimestamp``, then name); a threshold of 0 disables it.
The default threshold 12500 is kube-controller-manager's ``--terminated-pod-gc-threshold``
(``pkg/controller/podgc/config/v1alpha1/defaults.go``). jobsim only schedules a pass once the
count is above the threshold, so small simulations have no extra timer at all.
"""

from __future__ import annotations

import random

import pytest
import simpy
from apiserver_builders import make_pod

from jobsim.api.core_v1 import Pod
from jobsim.apiserver.store import APIServer
from jobsim.clock import SimClock
from jobsim.controllers.pod_gc import (
    DEFAULT_TERMINATED_POD_GC_THRESHOLD,
    GC_CHECK_PERIOD,
    PodGCController,
)
from jobsim.errors import NotFoundError
from jobsim.simulation import Simulation


def cluster(threshold: int | None = 2) -> tuple[simpy.Environment, APIServer, PodGCController]:
    """An environment, a store on its clock and a PodGC with ``threshold``."""
    env = simpy.Environment()
    api = APIServer(clock=SimClock(lambda: env.now), rng=random.Random(0))
    return env, api, PodGCController(env, api, terminated_pod_threshold=threshold)


def advance(env: simpy.Environment, seconds: float) -> None:
    """Run the simulation ``seconds`` further."""
    env.run(until=env.now + seconds)


def finish(api: APIServer, name: str, phase: str = "Succeeded", reason: str | None = None) -> Pod:
    """Write a terminal phase (and optional reason) into the pod's status."""
    pod = api.get(Pod, name)
    status = pod.status.model_copy(update={"phase": phase, "reason": reason})
    return api.replace_status(Pod, pod.model_copy(update={"status": status}))


def names(api: APIServer) -> list[str]:
    """Names of the pods that still exist."""
    return [p.metadata.name or "" for p in api.list("pods").items if isinstance(p, Pod)]


def test_defaults_are_upstream() -> None:
    """Threshold 12500 and a 20 s period, as kube-controller-manager's PodGC."""
    assert (DEFAULT_TERMINATED_POD_GC_THRESHOLD, GC_CHECK_PERIOD) == (12500, 20.0)


def test_at_or_below_threshold_nothing_happens() -> None:
    """Two terminated pods at threshold 2: no pass is even scheduled."""
    env, api, gc = cluster(threshold=2)
    for name in ("a", "b"):
        make_pod(api, name)
        finish(api, name)
    assert env.peek() == float("inf")
    advance(env, 100)
    assert (names(api), gc.passes, gc.deleted) == (["a", "b"], 0, 0)


def test_surplus_oldest_deleted_at_next_tick() -> None:
    """Four terminated over threshold 2: the two oldest go at the next 20 s tick, not before."""
    env, api, gc = cluster(threshold=2)
    for i, name in enumerate(("d", "c", "b", "a")):  # created in this order, 1 s apart
        env.run(until=i + 1)
        make_pod(api, name)
    advance(env, 4)
    for name in ("a", "b", "c", "d"):
        finish(api, name)
    env.run(until=19.9)
    assert names(api) == ["a", "b", "c", "d"]
    env.run(until=20.1)
    assert (names(api), gc.deleted) == (["a", "b"], 2)


def test_tick_alignment_from_start() -> None:
    """Crossing the threshold at t=25 runs the pass at t=40 (``wait.Until`` every 20 s from 0)."""
    env, api, gc = cluster(threshold=1)
    env.run(until=25)
    for name in ("x", "y"):
        make_pod(api, name)
        finish(api, name)
    env.run(until=39.9)
    assert gc.passes == 0
    env.run(until=40.1)
    assert (gc.passes, names(api)) == (1, ["y"])


def test_same_creation_time_ties_break_by_name() -> None:
    """Pods created at the same second are collected in name order."""
    env, api, _gc = cluster(threshold=1)
    for name in ("m", "k", "l"):
        make_pod(api, name)
        finish(api, name)
    advance(env, 21)
    assert names(api) == ["m"]


def test_evicted_pods_go_first() -> None:
    """``PodIsEvicted`` (Failed, reason Evicted) sorts before older Succeeded pods."""
    env, api, _gc = cluster(threshold=1)
    make_pod(api, "old")
    finish(api, "old")
    env.run(until=5)
    make_pod(api, "evicted")
    finish(api, "evicted", phase="Failed", reason="Evicted")
    advance(env, 20)
    assert names(api) == ["old"]


def test_running_pods_are_not_counted() -> None:
    """Pending and Running pods never count toward the threshold."""
    env, api, gc = cluster(threshold=1)
    make_pod(api, "pending")
    make_pod(api, "running")
    finish(api, "running", phase="Running")
    make_pod(api, "done")
    finish(api, "done")
    advance(env, 60)
    assert (names(api), gc.terminated_count()) == (["done", "pending", "running"], 1)


def test_pod_with_finalizer_stays_deleting() -> None:
    """Deletion with grace 0 leaves a finalized pod with ``deletionTimestamp`` set, grace 0."""
    env, api, _gc = cluster(threshold=1)
    make_pod(api, "kept", finalizers=["batch.kubernetes.io/job-tracking"])
    finish(api, "kept")
    advance(env, 1)
    make_pod(api, "new")
    finish(api, "new")
    advance(env, 20)
    kept = api.get(Pod, "kept")
    assert kept.metadata.deletion_timestamp is not None
    assert kept.metadata.deletion_grace_period_seconds == 0
    assert names(api) == ["kept", "new"]


@pytest.mark.parametrize("threshold", [None, 0], ids=["none", "zero"])
def test_disabled(threshold: int | None) -> None:
    """Threshold 0 (upstream) or None: the controller does not even watch."""
    env, api, _gc = cluster(threshold=threshold)
    for name in ("a", "b"):
        make_pod(api, name)
        finish(api, name)
    advance(env, 60)
    assert (names(api), api.stats()["watchers"]) == (["a", "b"], 0)


def test_deleted_pods_leave_the_count() -> None:
    """A pod deleted by someone else is forgotten (DELETED event)."""
    _env, api, gc = cluster(threshold=5)
    make_pod(api, "a")
    finish(api, "a")
    assert gc.terminated_count() == 1
    api.delete("pods", "a")
    with pytest.raises(NotFoundError):
        api.get(Pod, "a")
    assert gc.terminated_count() == 0


def test_simulation_keeps_terminated_pods_bounded() -> None:
    """A Job of 30 one-second pods with threshold 5: the finished Job keeps at most 5 + surplus."""
    sim = Simulation(terminated_pod_gc_threshold=5)
    sim.apply(
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "many"},
            "spec": {
                "completions": 30,
                "parallelism": 3,
                "template": {
                    "spec": {
                        "restartPolicy": "Never",
                        "containers": [{"name": "c", "image": "busybox"}],
                    }
                },
            },
        }
    )
    sim.run()
    assert sim.job("many").status.succeeded == 30
    assert sim.pod_gc.deleted > 0
    assert len(sim.api.list("pods").items) < 30
