"""We test these aspects:

- a pod's life on the real store and a SimPy clock, as exact ``(t, phase)`` timelines: binding
  (round-robin over nodes), ``Pending`` with ``ContainerCreating``, startup and readiness delays,
  exit codes and the terminal phase, with the kubelet's conditions, reasons, messages and
  ``lastTransitionTime``s; few status writes per pod;
- ``restartPolicy: OnFailure``: restart in place with the CrashLoopBackOff waits 0, 10, 20, 40,
  80, 160, 300, 300 s and the kubelet's back-off message; the back-off entry expiring after a
  run of more than 10 minutes;
- graceful deletion: SIGKILL (137) at the end of the grace period, SIGTERM exit (143) with a
  shutdown delay, a natural exit during the grace period, the final ``DELETE`` (pod gone, or kept
  by a finalizer with grace 0); a bound pod deleted before it started (``ContainerStatusUnknown``);
  an unscheduled pod deleted (gone at once, or failed by the PodGC path);
- scheduling: round-robin, ``max_pods`` queueing with the scheduler's ``Unschedulable`` message,
  cordon and ``drain_node``;
- disruptions: eviction API, node-pressure eviction, ``fail_pod``/``succeed_pod``;
- init containers and sidecars;
- determinism and common random numbers: same seed, same records; a pod identity draws the same
  values whatever other Jobs do; identities of Indexed and non-indexed Job pods and bare pods;
- the kubelet forgets finished pods.

Upstream sources: ``pkg/kubelet/kubelet_pods.go`` (getPhase), ``pkg/kubelet/status/generate.go``
and ``status_manager.go`` (conditions, ``TerminatePod``), ``pkg/kubelet/kuberuntime/
kuberuntime_manager.go`` (doBackOff message), client-go ``util/flowcontrol/backoff.go``,
``pkg/registry/core/pod/storage/eviction.go``, ``pkg/scheduler/framework/types.go`` (FitError).
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, cast

import pytest
import simpy

from jobsim.api.core_v1 import Pod
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.store import APIServer
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.clock import DEFAULT_EPOCH, SimClock
from jobsim.errors import NotFoundError
from jobsim.kubelet import Kubelet
from jobsim.kubelet.backoff import ContainerBackoff
from jobsim.kubelet.scheduler import NodePool

T0 = DEFAULT_EPOCH


def at(seconds: float) -> Any:
    """The datetime of simulated ``seconds``."""
    return T0 + timedelta(seconds=seconds)


@dataclass
class Cluster:
    """A SimPy environment, the store, a kubelet, and every pod watch event seen."""

    env: simpy.Environment
    api: APIServer
    kubelet: Kubelet
    events: list[tuple[float, str, Pod]] = field(default_factory=list)

    def pod(self, name: str) -> Pod:
        """The stored pod."""
        return cast(Pod, self.api.get("pods", name))

    def gone(self, name: str) -> bool:
        """Whether the pod is no longer in the store."""
        try:
            self.api.get("pods", name)
        except NotFoundError:
            return True
        return False

    def phases(self, name: str) -> list[tuple[float, str]]:
        """``(t, phase)`` each time the pod's phase changed, from its ADDED event on."""
        out: list[tuple[float, str]] = []
        for t, kind, pod in self.events:
            changed = not out or out[-1][1] != pod.status.phase
            if pod.metadata.name == name and kind != "DELETED" and changed:
                out.append((t, pod.status.phase))
        return out

    def writes(self, name: str) -> list[tuple[float, Pod]]:
        """The pod after each MODIFIED event."""
        return [
            (t, p) for t, kind, p in self.events if kind == "MODIFIED" and p.metadata.name == name
        ]

    def at_time(self, name: str, t: float) -> Pod:
        """The pod as of the last event at or before ``t``."""
        found = [p for when, _, p in self.events if p.metadata.name == name and when <= t]
        return found[-1]

    def after(self, delay: float, fn: Any, *args: Any, **kwargs: Any) -> None:
        """Call ``fn`` at simulated ``delay``."""

        def proc() -> Any:
            yield self.env.timeout(delay)
            fn(*args, **kwargs)

        self.env.process(proc())


def cluster(*behaviors: PodBehavior, seed: int = 1, **kubelet: Any) -> Cluster:
    """A fresh cluster whose kubelet applies ``behaviors`` (first match wins)."""
    env = simpy.Environment()
    clock = SimClock(lambda: env.now)
    api = APIServer(clock=clock, rng=random.Random(seed))
    kb = Kubelet(env, api, clock, BehaviorSet.of(*behaviors), seed=seed, **kubelet)
    c = Cluster(env, api, kb)

    def handler(event: WatchEventRecord) -> None:
        c.events.append((env.now, event.type, cast(Pod, event.object)))

    api.watch("pods", handler=handler)
    return c


def behavior(**fields: Any) -> PodBehavior:
    """A behaviour from camelCase YAML fields."""
    return PodBehavior.model_validate(fields)


def pod(
    name: str,
    *,
    restart_policy: str = "Never",
    containers: tuple[str, ...] = ("main",),
    init: list[dict[str, Any]] | None = None,
    finalizers: list[str] | None = None,
    owner: tuple[str, str] | None = None,
    index: int | None = None,
    labels: dict[str, str] | None = None,
) -> dict[str, Any]:
    """A pod manifest; ``owner`` is ``(job name, job uid)`` for a Job-owned pod."""
    meta: dict[str, Any] = {"name": name, "labels": dict(labels or {})}
    if finalizers:
        meta["finalizers"] = finalizers
    if owner:
        meta["ownerReferences"] = [
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": owner[0],
                "uid": owner[1],
                "controller": True,
            }
        ]
    if index is not None:
        meta["annotations"] = {"batch.kubernetes.io/job-completion-index": str(index)}
    spec: dict[str, Any] = {
        "restartPolicy": restart_policy,
        "containers": [{"name": n, "image": "busybox:1.36"} for n in containers],
    }
    if init:
        spec["initContainers"] = init
    return {"metadata": meta, "spec": spec}


def conditions(p: Pod) -> list[tuple[str, str, str, str, Any]]:
    """``(type, status, reason, message, lastTransitionTime)`` of each condition, in order."""
    return [
        (c.type, c.status, c.reason, c.message, c.last_transition_time)
        for c in p.status.conditions or ()
    ]


# --- a pod's life ---------------------------------------------------------------------------


def test_default_pod_timeline_and_write_count() -> None:
    """Default behaviour: Running at once, Succeeded at 10 s, in three writes; then forgotten."""
    c = cluster()
    c.api.create("pods", pod("p"))
    c.env.run(until=60)
    assert c.phases("p") == [(0, "Pending"), (0, "Running"), (10, "Succeeded")]
    assert [t for t, _ in c.writes("p")] == [0, 0, 10]  # bind, start, exit
    assert c.pod("p").spec.node_name == "node-0"
    assert c.kubelet.live_pods() == 0
    (record,) = c.kubelet.timeline()
    assert (record.node, record.scheduled, record.started, record.finished) == ("node-0", 0, 0, 10)
    assert (record.phase, record.exit_code, record.reason, record.restarts) == (
        "Succeeded", 0, "Completed", 0,
    )  # fmt: skip


def test_pending_status_is_exact() -> None:
    """While images pull: Pending, ContainerCreating, startTime, host IP, kubelet conditions."""
    c = cluster(behavior(startupDelay=5))
    c.api.create("pods", pod("p"))
    c.env.run(until=1)
    status = c.pod("p").status
    assert status.to_dict() == {
        "phase": "Pending",
        "conditions": [
            {"type": "PodReadyToStartContainers", "status": "False", "lastProbeTime": None,
             "lastTransitionTime": "2026-01-01T00:00:00Z"},
            {"type": "Initialized", "status": "True", "lastProbeTime": None,
             "lastTransitionTime": "2026-01-01T00:00:00Z"},
            {"type": "Ready", "status": "False", "lastProbeTime": None,
             "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
             "message": "containers with unready status: [main]"},
            {"type": "ContainersReady", "status": "False", "lastProbeTime": None,
             "lastTransitionTime": "2026-01-01T00:00:00Z", "reason": "ContainersNotReady",
             "message": "containers with unready status: [main]"},
            {"type": "PodScheduled", "status": "True", "lastProbeTime": None,
             "lastTransitionTime": "2026-01-01T00:00:00Z"},
        ],
        "hostIP": "172.18.0.2",
        "hostIPs": [{"ip": "172.18.0.2"}],
        "startTime": "2026-01-01T00:00:00Z",
        "containerStatuses": [
            {"name": "main", "state": {"waiting": {"reason": "ContainerCreating"}},
             "lastState": {}, "ready": False, "restartCount": 0,
             "image": "docker.io/library/busybox:1.36", "imageID": "", "started": False},
        ],
        "qosClass": "BestEffort",
    }  # fmt: skip


def test_startup_and_readiness_delays() -> None:
    """Running after the startup delay, Ready after the readiness delay, each at its own time."""
    c = cluster(behavior(startupDelay=2, readinessDelay=3, duration=10))
    c.api.create("pods", pod("p"))
    c.env.run(until=60)
    assert c.phases("p") == [(0, "Pending"), (2, "Running"), (12, "Succeeded")]
    ready = [(t, p.status.condition("Ready")) for t, p in c.writes("p")[1:]]
    assert [(t, r.status, r.last_transition_time) for t, r in ready if r] == [
        (0, "False", at(0)),
        (2, "False", at(0)),
        (5, "True", at(5)),
        (12, "False", at(12)),
    ]
    running = c.at_time("p", 5).status.container_statuses
    assert running is not None
    assert running[0].state.running is not None and running[0].state.running.started_at == at(2)
    assert (running[0].ready, running[0].started) == (True, True)
    assert running[0].container_id.startswith("containerd://")
    sandbox = [
        cond[:2] for cond in conditions(c.pod("p")) if cond[0] == "PodReadyToStartContainers"
    ]
    assert sandbox == [("PodReadyToStartContainers", "False")]


@pytest.mark.parametrize(
    ("exit_code", "phase", "reason", "ready_reason", "initialized_reason"),
    [
        (0, "Succeeded", "Completed", "PodCompleted", "PodCompleted"),
        (3, "Failed", "Error", "PodFailed", ""),
    ],
    ids=["exit-0", "exit-3"],
)
def test_never_exit_code_decides_phase(
    exit_code: int, phase: str, reason: str, ready_reason: str, initialized_reason: str
) -> None:
    """restartPolicy Never: exit 0 is Succeeded (PodCompleted), non-zero Failed (PodFailed)."""
    c = cluster(behavior(exitCodes=exit_code))
    c.api.create("pods", pod("p"))
    c.env.run(until=60)
    final = c.pod("p")
    assert final.status.phase == phase
    (cs,) = final.status.container_statuses or []
    assert cs.state.terminated is not None
    assert (cs.state.terminated.exit_code, cs.state.terminated.reason) == (exit_code, reason)
    assert (cs.state.terminated.started_at, cs.state.terminated.finished_at) == (at(0), at(10))
    by_type = {ctype: (status, why) for ctype, status, why, _, _ in conditions(final)}
    assert by_type == {
        "PodReadyToStartContainers": ("False", ""),
        "Initialized": ("True", initialized_reason),
        "Ready": ("False", ready_reason),
        "ContainersReady": ("False", ready_reason),
        "PodScheduled": ("True", ""),
    }


# --- restarts ---------------------------------------------------------------------------------


def test_on_failure_crash_loop_back_off_sequence() -> None:
    """OnFailure restarts in place, waiting 0, 10, 20, 40, 80, 160, 300, 300 s; stays Running."""
    c = cluster(behavior(duration=1, exitCodes=1))
    c.api.create("pods", pod("p", restart_policy="OnFailure"))
    c.env.run(until=1000)
    starts: dict[int, float] = {}
    for _, p in c.writes("p"):
        for cs in p.status.container_statuses or ():
            if cs.state.running is not None and cs.state.running.started_at is not None:
                starts.setdefault(
                    cs.restart_count, (cs.state.running.started_at - T0).total_seconds()
                )
    times = [starts[n] for n in sorted(starts)]
    waits = [b - (a + 1) for a, b in itertools.pairwise(times)]
    assert waits == [0, 10, 20, 40, 80, 160, 300, 300]
    assert {phase for _, phase in c.phases("p")} == {"Pending", "Running"}
    uid = c.pod("p").metadata.uid
    waiting = c.at_time("p", 3).status.container_statuses
    assert waiting is not None
    assert waiting[0].state.waiting is not None
    assert waiting[0].state.waiting.reason == "CrashLoopBackOff"
    assert waiting[0].state.waiting.message == (
        f"back-off 10s restarting failed container=main pod=p_default({uid})"
    )
    assert (waiting[0].restart_count, waiting[0].ready, waiting[0].started) == (1, False, False)
    last = waiting[0].last_state.terminated
    assert last is not None and (last.exit_code, last.reason, last.finished_at) == (
        1,
        "Error",
        at(2),
    )
    late = c.at_time("p", 160).status.container_statuses
    assert late is not None and late[0].state.waiting is not None
    assert late[0].state.waiting.message.startswith("back-off 2m40s restarting")


def test_back_off_entry_expires_after_ten_minutes_of_running() -> None:
    """flowcontrol.Backoff: 0, 10, 20; a run longer than 600 s resets to an immediate restart."""
    backoff = ContainerBackoff()
    assert backoff.delay_after_exit(1) == 0
    assert backoff.delay_after_exit(2) == 10  # restarts at 12
    assert backoff.delay_after_exit(13) == 20  # restarts at 33
    assert backoff.delay_after_exit(33 + 601) == 0  # ran 601 s: expired
    assert backoff.delay_after_exit(635) == 10
    assert ContainerBackoff().delay_after_exit(0) == 0


def test_restart_policy_always_restarts_after_success() -> None:
    """A bare pod with restartPolicy Always restarts after exit 0 too (with back-off), Running."""
    c = cluster(behavior(duration=5))
    c.api.create(
        "pods",
        {"metadata": {"name": "p"}, "spec": {"containers": [{"name": "main", "image": "x"}]}},
    )
    c.env.run(until=30)
    assert c.phases("p") == [(0, "Pending"), (0, "Running")]
    (cs,) = c.pod("p").status.container_statuses or []
    assert cs.restart_count == 2  # restarts at 5 (immediately) and at 20 (after 10 s)
    assert cs.last_state.terminated is not None and cs.last_state.terminated.reason == "Completed"


def test_deleting_a_crash_looping_pod() -> None:
    """Deleted in CrashLoopBackOff: ContainerStatusUnknown 137 over the last exit, phase Failed."""
    c = cluster(behavior(duration=1, exitCodes=1))
    c.api.create("pods", pod("p", restart_policy="OnFailure", finalizers=["example.com/keep"]))
    c.after(5, c.api.delete, "pods", "p")
    c.env.run(until=60)
    assert c.phases("p")[-1] == (5, "Failed")
    (cs,) = c.pod("p").status.container_statuses or []
    assert cs.state.terminated is not None
    assert (cs.state.terminated.exit_code, cs.state.terminated.reason) == (
        137,
        "ContainerStatusUnknown",
    )
    assert cs.last_state.terminated is not None and cs.last_state.terminated.exit_code == 1
    assert cs.restart_count == 1


# --- deletion ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "finished", "code", "phase"),
    [
        ({}, 5, 143, "Failed"),
        ({"shutdownDelay": None}, 35, 137, "Failed"),
        ({"shutdownDelay": 2}, 7, 143, "Failed"),
        ({"shutdownDelay": 60}, 35, 137, "Failed"),
        ({"duration": 20, "shutdownDelay": None}, 20, 0, "Succeeded"),
    ],
    ids=[
        "default-sigterm-exit-143",
        "sigkill-after-grace",
        "sigterm-exit",
        "shutdown-longer-than-grace",
        "exits-during-grace",
    ],
)
def test_graceful_deletion(extra: dict[str, Any], finished: float, code: int, phase: str) -> None:
    """Deleted at 5 s (grace 30): the container ends as its shutdown allows; then the pod goes."""
    c = cluster(behavior(**({"duration": 100} | extra)))
    c.api.create("pods", pod("p"))
    c.after(5, c.api.delete, "pods", "p")
    c.env.run(until=200)
    assert c.phases("p") == [(0, "Pending"), (0, "Running"), (finished, phase)]
    (cs,) = c.at_time("p", finished).status.container_statuses or []
    assert cs.state.terminated is not None and cs.state.terminated.exit_code == code
    assert cs.state.terminated.reason == ("Completed" if code == 0 else "Error")
    assert c.gone("p")
    (record,) = c.kubelet.timeline()
    assert (record.finished, record.exit_code, record.deleted) == (finished, code, True)


def test_final_delete_keeps_a_pod_with_finalizers() -> None:
    """With a finalizer the kubelet's grace-0 DELETE leaves the Failed pod with grace 0."""
    c = cluster(behavior(duration=100))
    c.api.create("pods", pod("p", finalizers=["batch.kubernetes.io/job-tracking"]))
    c.after(5, c.api.delete, "pods", "p")
    c.env.run(until=200)
    final = c.pod("p")
    assert final.status.phase == "Failed"
    assert final.metadata.deletion_grace_period_seconds == 0
    assert c.kubelet.live_pods() == 0


def test_deleting_a_pod_that_never_started() -> None:
    """Bound, not started: Failed at once, container ContainerStatusUnknown 137 (TerminatePod)."""
    c = cluster(behavior(startupDelay=10))
    c.api.create("pods", pod("p", finalizers=["example.com/keep"]))
    c.after(2, c.api.delete, "pods", "p")
    c.env.run(until=60)
    assert c.phases("p") == [(0, "Pending"), (2, "Failed")]
    final = c.pod("p")
    (cs,) = final.status.container_statuses or []
    assert cs.state.terminated is not None
    assert cs.state.terminated.to_dict() == {
        "exitCode": 137,
        "reason": "ContainerStatusUnknown",
        "message": "The container could not be located when the pod was terminated",
        "startedAt": None,
        "finishedAt": None,
    }
    assert (cs.ready, cs.started, cs.restart_count) == (False, False, 0)


@pytest.mark.parametrize("finalizers", [None, ["example.com/keep"]], ids=["plain", "finalizer"])
def test_deleting_an_unscheduled_pod(finalizers: list[str] | None) -> None:
    """Unschedulable (cordoned node), then deleted: gone at once, or Failed by the PodGC path."""
    c = cluster()
    c.kubelet.cordon("node-0")
    c.api.create("pods", pod("p", finalizers=finalizers))
    c.env.run(until=1)
    scheduled = c.pod("p").status.condition("PodScheduled")
    assert scheduled is not None
    assert (scheduled.status, scheduled.reason, scheduled.message) == (
        "False",
        "Unschedulable",
        "0/1 nodes are available: 1 node(s) were unschedulable. preemption: 0/1 nodes are "
        "available: 1 Preemption is not helpful for scheduling.",
    )
    c.after(1, c.api.delete, "pods", "p")
    c.env.run(until=10)
    (record,) = c.kubelet.timeline()
    assert (record.finished, record.deleted, record.node) == (2, True, "")
    if finalizers is None:
        assert c.gone("p")
    else:
        assert c.pod("p").status.phase == "Failed"
        assert c.pod("p").metadata.deletion_grace_period_seconds == 0


# --- scheduling and disruptions -----------------------------------------------------------------


def test_round_robin_binding() -> None:
    """Pods go to node-0, node-1, node-2, node-0 with their nodes' host IPs."""
    c = cluster(nodes=3)
    for i in range(4):
        c.api.create("pods", pod(f"p{i}"))
    c.env.run(until=1)
    placed = [(c.pod(f"p{i}").spec.node_name, c.pod(f"p{i}").status.host_ip) for i in range(4)]
    assert placed == [
        ("node-0", "172.18.0.2"), ("node-1", "172.18.0.3"), ("node-2", "172.18.0.4"),
        ("node-0", "172.18.0.2"),
    ]  # fmt: skip


def test_max_pods_queues_until_a_slot_frees() -> None:
    """A full node leaves the pod Unschedulable; it is bound when the first pod finishes."""
    c = cluster(max_pods=1)
    c.api.create("pods", pod("a"))
    c.api.create("pods", pod("b"))
    c.env.run(until=5)
    scheduled = c.pod("b").status.condition("PodScheduled")
    assert scheduled is not None and scheduled.message == (
        "0/1 nodes are available: 1 Too many pods. preemption: 0/1 nodes are available: "
        "1 No preemption victims found for incoming pod."
    )
    c.env.run(until=60)
    assert c.phases("b") == [(0, "Pending"), (10, "Running"), (20, "Succeeded")]
    scheduled = c.pod("b").status.condition("PodScheduled")
    assert scheduled is not None and (scheduled.status, scheduled.last_transition_time) == (
        "True", at(10),
    )  # fmt: skip


def test_evict_through_eviction_api() -> None:
    """Eviction API: DisruptionTarget=True (EvictionByEvictionAPI), then a graceful deletion."""
    c = cluster(behavior(duration=100, shutdownDelay=None))
    c.api.create("pods", pod("p", finalizers=["example.com/keep"]))
    c.after(5, c.kubelet.evict, "p")
    c.env.run(until=200)
    final = c.pod("p")
    target = final.status.condition("DisruptionTarget")
    assert target is not None
    assert (target.status, target.reason, target.message, target.last_transition_time) == (
        "True", "EvictionByEvictionAPI", "Eviction API: evicting", at(5),
    )  # fmt: skip
    assert (
        final.status.conditions is not None
        and final.status.conditions[0].type == "DisruptionTarget"
    )
    assert c.phases("p")[-1] == (35, "Failed")


def test_evict_by_kubelet_node_pressure() -> None:
    """TerminationByKubelet: Failed, reason Evicted, containers killed now, pod not deleted."""
    c = cluster(behavior(duration=100))
    c.api.create("pods", pod("p"))
    c.after(5, c.kubelet.evict, "p", reason="TerminationByKubelet", message="low memory")
    c.env.run(until=200)
    final = c.pod("p")
    assert (final.status.phase, final.status.reason, final.status.message) == (
        "Failed", "Evicted", "low memory",
    )  # fmt: skip
    assert final.metadata.deletion_timestamp is None
    (cs,) = final.status.container_statuses or []
    assert cs.state.terminated is not None and cs.state.terminated.exit_code == 137
    target = final.status.condition("DisruptionTarget")
    assert target is not None and target.reason == "TerminationByKubelet"


def test_drain_node_cordons_and_evicts() -> None:
    """Draining node-0 evicts its pods and sends new pods elsewhere."""
    c = cluster(behavior(duration=100, shutdownDelay=None), nodes=2)
    c.api.create("pods", pod("a"))
    c.api.create("pods", pod("b"))
    c.env.run(until=1)
    assert c.kubelet.drain_node("node-0") == ["a"]
    c.api.create("pods", pod("c"))
    c.env.run(until=2)
    assert c.pod("a").metadata.deletion_timestamp is not None
    assert c.pod("b").metadata.deletion_timestamp is None
    assert c.pod("c").spec.node_name == "node-1"


@pytest.mark.parametrize(
    ("action", "code", "phase"),
    [("fail_pod", 2, "Failed"), ("succeed_pod", 0, "Succeeded")],
    ids=["fail", "succeed"],
)
def test_fail_and_succeed_pod(action: str, code: int, phase: str) -> None:
    """fail_pod/succeed_pod end the running container now with the given exit code."""
    c = cluster(behavior(duration=100))
    c.api.create("pods", pod("p"))
    if action == "fail_pod":
        c.after(5, c.kubelet.fail_pod, "p", exit_code=code)
    else:
        c.after(5, c.kubelet.succeed_pod, "p")
    c.env.run(until=200)
    assert c.phases("p")[-1] == (5, phase)
    (record,) = c.kubelet.timeline()
    assert record.exit_code == code


# --- init containers and sidecars ------------------------------------------------------------


def test_init_container_then_sidecar_then_main() -> None:
    """Init runs first (pod Pending, PodInitializing), the sidecar outlives main, then Succeeded."""
    init = [
        {"name": "init", "image": "busybox"},
        {"name": "proxy", "image": "envoy", "restartPolicy": "Always"},
    ]
    c = cluster(behavior(initDuration=3, duration=10))
    c.api.create("pods", pod("p", init=init))
    c.env.run(until=60)
    assert c.phases("p") == [(0, "Pending"), (3, "Running"), (13, "Succeeded")]
    pending = c.at_time("p", 0)
    initialized = pending.status.condition("Initialized")
    assert initialized is not None
    assert (initialized.status, initialized.reason, initialized.message) == (
        "False",
        "ContainersNotInitialized",
        "containers with incomplete status: [init proxy]",
    )
    (main,) = pending.status.container_statuses or []
    assert main.state.waiting is not None and main.state.waiting.reason == "PodInitializing"
    running = c.at_time("p", 3).status.init_container_statuses or []
    shapes = [(s.name, s.ready, s.state.terminated is not None) for s in running]
    assert shapes == [("init", True, True), ("proxy", True, False)]
    done = c.pod("p").status.init_container_statuses or []
    proxy = done[1].state.terminated
    assert proxy is not None and (proxy.exit_code, proxy.finished_at) == (0, at(13))


# --- randomness -------------------------------------------------------------------------------

RANDOM = behavior(
    startupDelay={"uniform": {"low": 0, "high": 5}},
    duration={"exponential": {"mean": 30}},
    exitCodes=[{"code": 1, "probability": 0.3}],
)


def _job_pods(c: Cluster, job: str, uid: str, count: int, indexed: bool) -> None:
    for i in range(count):
        c.api.create(
            "pods",
            pod(f"{job}-{i}", owner=(job, uid), index=i if indexed else None, labels={"job": job}),
        )


def test_same_seed_same_records() -> None:
    """Two runs with the same seed produce identical records."""
    runs = []
    for _ in range(2):
        c = cluster(RANDOM, seed=7, nodes=2)
        _job_pods(c, "a", "uid-a", 5, indexed=True)
        c.env.run(until=500)
        runs.append(c.kubelet.timeline())
    assert runs[0] == runs[1]
    assert len({r.finished for r in runs[0]}) > 1


def test_a_pod_identity_draws_the_same_values_whatever_other_jobs_do() -> None:
    """Common random numbers: job a's pods run the same whether or not job b exists."""

    def durations(with_b: bool, seed: int) -> dict[str, float | None]:
        c = cluster(RANDOM, seed=seed)
        if with_b:
            _job_pods(c, "b", "uid-b", 4, indexed=False)
        _job_pods(c, "a", "uid-a", 4, indexed=True)
        c.env.run(until=500)
        return {r.identity: r.duration for r in c.kubelet.timeline() if r.job == "a"}

    alone = durations(False, seed=7)
    assert durations(True, seed=7) == alone
    assert durations(False, seed=8) != alone


def test_identities() -> None:
    """Indexed: ns/job/index/attempt; non-indexed: ns/job/ordinal/0; bare: ns/name."""
    c = cluster()
    c.api.create("pods", pod("x-0-a", owner=("x", "uid-x"), index=0))
    c.api.create("pods", pod("x-0-b", owner=("x", "uid-x"), index=0))
    c.api.create("pods", pod("x-3-a", owner=("x", "uid-x"), index=3))
    c.api.create("pods", pod("y-a", owner=("y", "uid-y")))
    c.api.create("pods", pod("y-b", owner=("y", "uid-y")))
    c.api.create("pods", pod("bare"))
    c.env.run(until=1)
    assert [(r.identity, r.job, r.index) for r in c.kubelet.timeline()] == [
        ("default/x/0/0", "x", 0), ("default/x/0/1", "x", 0), ("default/x/3/0", "x", 3),
        ("default/y/0/0", "y", None), ("default/y/1/0", "y", None), ("default/bare", None, None),
    ]  # fmt: skip


def test_node_pool_validation() -> None:
    """Node pools need distinct names and a positive capacity."""
    with pytest.raises(ValueError, match="duplicate node names"):
        NodePool(["a", "a"])
    with pytest.raises(ValueError, match="at least one node"):
        NodePool(0)
    with pytest.raises(ValueError, match="max_pods must be at least 1"):
        NodePool(1, max_pods=0)
