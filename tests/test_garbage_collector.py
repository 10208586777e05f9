"""We test these aspects: the garbage collector over the in-memory apiserver.

Background deletion of a Job removes its pods; a dependent with another live owner only
loses the dangling reference; Foreground keeps the owner (``foregroundDeletion``) until
blocking dependents are gone; Orphan strips the ownerReferences then lets the owner go;
dependents created pointing at an absent owner are collected; references to kinds jobsim
does not serve are left alone; handlers only enqueue (nothing happens before processing);
under SimPy the work runs at the same simulated time, without an explicit call.

Upstream: kubernetes ``pkg/controller/garbagecollector/garbagecollector.go``
(attemptToDeleteItem, orphanDependents, processDeletingDependentsItem); reference
``api-machinery.md`` §6.5.
"""

from __future__ import annotations

import pytest
import simpy
from apiserver_builders import make_job, make_pod, pod_manifest, status_of

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.store import APIServer
from jobsim.clock import SimClock
from jobsim.controllers.garbage_collector import GarbageCollector


@pytest.fixture
def api() -> APIServer:
    """A fresh server."""
    return APIServer(seed=2)


def _pods(api: APIServer) -> list[str]:
    return [p.metadata.name or "" for p in api.list(Pod).items]  # type: ignore[attr-defined]


def _finish_terminating_pods(api: APIServer) -> None:
    """What the kubelet does: delete terminating pods with grace 0."""
    for pod in api.list(Pod).items:
        if pod.metadata.deletion_timestamp is not None:  # type: ignore[attr-defined]
            api.delete(Pod, pod.metadata.name or "", options=DeleteOptions(grace_period_seconds=0))  # type: ignore[attr-defined]


def test_background_deletes_dependents(api: APIServer) -> None:
    """Deleting a Job with Background: its pods are deleted by the GC (processing step)."""
    gc = GarbageCollector(api)
    job = make_job(api, "pi")
    make_pod(api, "pi-a", owner=job)
    make_pod(api, "pi-b", owner=job)
    make_pod(api, "other")
    api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Background"))
    assert _pods(api) == ["other", "pi-a", "pi-b"]  # handlers only enqueued
    gc.run_until_idle()
    assert _pods(api) == ["other"]


def test_dependent_with_live_owner_loses_only_dangling_ref(api: APIServer) -> None:
    """A pod owned by two Jobs keeps existing when one goes; the dangling ref is removed."""
    gc = GarbageCollector(api)
    a, b = make_job(api, "a"), make_job(api, "b")
    body = pod_manifest("p", owner=a)
    second = {**body["metadata"]["ownerReferences"][0], "name": "b", "uid": b.metadata.uid}
    second["controller"] = False
    body["metadata"]["ownerReferences"].append(second)
    api.create(Pod, body)
    api.delete(Job, "a", options=DeleteOptions(propagation_policy="Background"))
    gc.run_until_idle()
    refs = api.get(Pod, "p").metadata.owner_references or []
    assert [r.uid for r in refs] == [b.metadata.uid]


def test_foreground_waits_for_blocking_dependents(api: APIServer) -> None:
    """Foreground: the Job stays with ``foregroundDeletion`` until its blocking pods are gone."""
    gc = GarbageCollector(api)
    job = make_job(api, "pi")
    make_pod(api, "pi-a", owner=job, node_name="n1")
    api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Foreground"))
    gc.run_until_idle()
    assert api.get(Job, "pi").metadata.finalizers == ["foregroundDeletion"]
    assert api.get(Pod, "pi-a").metadata.deletion_timestamp is not None
    _finish_terminating_pods(api)
    gc.run_until_idle()
    assert status_of(lambda: api.get(Job, "pi"))["code"] == 404


def test_foreground_non_blocking_dependents_do_not_block(api: APIServer) -> None:
    """Dependents without blockOwnerDeletion are deleted but do not hold the owner."""
    gc = GarbageCollector(api)
    job = make_job(api, "pi")
    make_pod(api, "pi-a", owner=job, node_name="n1", block_owner_deletion=False)
    api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Foreground"))
    gc.run_until_idle()
    assert status_of(lambda: api.get(Job, "pi"))["code"] == 404
    assert api.get(Pod, "pi-a").metadata.deletion_timestamp is not None


def test_orphan_unlinks_dependents_then_owner_goes(api: APIServer) -> None:
    """Orphan (the batch/v1 default): pods lose the ownerReference, the Job is removed."""
    gc = GarbageCollector(api)
    job = make_job(api, "pi")
    make_pod(api, "pi-a", owner=job)
    api.delete(Job, "pi")
    gc.run_until_idle()
    assert status_of(lambda: api.get(Job, "pi"))["code"] == 404
    pod = api.get(Pod, "pi-a")
    assert pod.metadata.owner_references is None
    assert pod.metadata.deletion_timestamp is None


def test_dependent_of_absent_owner_is_collected(api: APIServer) -> None:
    """A pod created with a reference to a uid that does not exist is deleted."""
    gc = GarbageCollector(api)
    ghost = make_job(api, "ghost")
    api.delete(Job, "ghost", options=DeleteOptions(propagation_policy="Background"))
    make_pod(api, "p", owner=ghost)
    gc.run_until_idle()
    assert _pods(api) == []


def test_unknown_owner_kind_is_left_alone(api: APIServer) -> None:
    """References to kinds jobsim does not serve are never judged absent."""
    gc = GarbageCollector(api)
    body = pod_manifest("p")
    body["metadata"]["ownerReferences"] = [
        {"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs", "uid": "no-such-uid"}
    ]
    api.create(Pod, body)
    gc.run_until_idle()
    assert _pods(api) == ["p"]


def test_runs_under_simpy_at_the_same_time(api: APIServer) -> None:
    """Given an env, the GC processes work in a zero-delay callback (no explicit call)."""
    env = simpy.Environment()
    api = APIServer(clock=SimClock.for_env(env), seed=2)
    GarbageCollector(api, env=env)
    job = make_job(api, "pi")
    make_pod(api, "pi-a", owner=job)
    api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Background"))
    env.run()
    assert env.now == 0
    assert _pods(api) == []
