"""The pod garbage collector: deletes the oldest terminated pods once too many exist.

Owns upstream ``pkg/controller/podgc`` ``gcTerminated``: every ``gcCheckPeriod`` (20 s) the
controller counts pods in a terminal phase (``Succeeded``/``Failed``: ``isPodTerminated``) and,
when there are more than ``terminatedPodThreshold`` (kube-controller-manager
``--terminated-pod-gc-threshold``, default 12500; 0 or ``None`` disables it), deletes the
surplus with grace period 0, evicted pods first, then oldest ``creationTimestamp`` first, names
breaking ties (``byEvictionAndCreationTimestamp``). A deleted pod that still carries a finalizer
(the Job tracking finalizer) stays, ``deletionTimestamp`` set, until its owner removes it.

This is what keeps a long simulation's memory bounded by live pods instead of by history.

Simulated-time cost: the controller keeps the terminated pods it saw on its watch (an informer
cache of just those) and only schedules a pass at the next 20 s tick once the count is above the
threshold, so a simulation that never crosses the threshold has no timer and runs exactly as
without the controller (``Simulation.run`` still ends when nothing is left to happen). A pass
is scheduled again only by a pod event that leaves the count above the threshold: a pass with
nothing new to see would delete the same pods again, which changes nothing.

Not covered: ``gcOrphaned`` (jobsim nodes never disappear), ``gcTerminating`` (no
out-of-service taints); ``gcUnscheduledTerminating`` is done by the fake kubelet.
Layer 3: imports the apiserver's interface, models and SimPy; never the kubelet or other
controllers.
"""

from __future__ import annotations

import math
from typing import Final

import simpy

from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import APIServerProtocol, WatchEventRecord
from jobsim.errors import APIError

__all__ = ["DEFAULT_TERMINATED_POD_GC_THRESHOLD", "GC_CHECK_PERIOD", "PodGCController"]

DEFAULT_TERMINATED_POD_GC_THRESHOLD: Final = 12500
"""kube-controller-manager ``--terminated-pod-gc-threshold`` default."""
GC_CHECK_PERIOD: Final = 20.0
"""``gcCheckPeriod``: how often the controller looks (seconds)."""

_TERMINAL: Final = frozenset({"Succeeded", "Failed"})
Key = tuple[str, str]


def is_pod_terminated(pod: Pod) -> bool:
    """``isPodTerminated``: the phase is neither Pending, Running nor Unknown (nor empty)."""
    return pod.status.phase in _TERMINAL


def _is_evicted(pod: Pod) -> bool:
    """``eviction.PodIsEvicted``: phase Failed with reason Evicted."""
    return pod.status.phase == "Failed" and pod.status.reason == "Evicted"


def _gc_order(pod: Pod) -> tuple[bool, float, str, str]:
    """``byEvictionAndCreationTimestamp``: evicted first, oldest first, then by name."""
    meta = pod.metadata
    created = meta.creation_timestamp
    return (
        not _is_evicted(pod),
        created.timestamp() if created is not None else -math.inf,
        meta.name or "",
        meta.namespace or "",
    )


class PodGCController:
    """Deletes terminated pods beyond ``terminated_pod_threshold`` every ``gc_check_period``."""

    def __init__(
        self,
        env: simpy.Environment,
        api: APIServerProtocol,
        *,
        terminated_pod_threshold: int | None = DEFAULT_TERMINATED_POD_GC_THRESHOLD,
        gc_check_period: float = GC_CHECK_PERIOD,
    ) -> None:
        """Watch pods; ``terminated_pod_threshold`` 0 or ``None`` disables collection."""
        if gc_check_period <= 0:
            raise ValueError(f"gc_check_period must be positive, got {gc_check_period}")
        self.env = env
        self.api = api
        self.threshold = terminated_pod_threshold or 0
        self.period = gc_check_period
        self._start = float(env.now)
        self._terminated: dict[Key, Pod] = {}
        self._scheduled_at: float | None = None
        self.deleted = 0
        """Pods this controller deleted so far."""
        self.passes = 0
        """GC passes run so far."""
        self._watch = api.watch("pods", handler=self._on_pod_event) if self.threshold else None

    def stop(self) -> None:
        """Stop watching (a scheduled pass still runs, and finds nothing to do)."""
        if self._watch is not None:
            self._watch.stop()
        self._terminated.clear()

    def terminated_count(self) -> int:
        """How many terminated pods the controller currently sees."""
        return len(self._terminated)

    # -- watch handler (bookkeeping and scheduling only) -----------------------------------

    def _on_pod_event(self, event: WatchEventRecord) -> None:
        pod = event.object
        if not isinstance(pod, Pod):
            return
        key = (pod.metadata.namespace or "", pod.metadata.name or "")
        if event.type != "DELETED" and is_pod_terminated(pod):
            self._terminated[key] = pod
            if len(self._terminated) > self.threshold:
                self._schedule()
        else:
            self._terminated.pop(key, None)

    def _schedule(self) -> None:
        """Run a pass at the next ``gcCheckPeriod`` tick (``wait.Until`` from the start)."""
        if self._scheduled_at is not None:
            return
        now = float(self.env.now)
        ticks = math.ceil((now - self._start) / self.period - 1e-9)
        at = self._start + max(ticks, 0) * self.period
        self._scheduled_at = at
        timer = self.env.timeout(max(at - now, 0.0))
        timer.callbacks.append(self._on_tick)

    def _on_tick(self, _event: simpy.Event) -> None:
        try:
            self.gc()  # its own deletions (MODIFIED/DELETED) must not schedule another pass
        finally:
            self._scheduled_at = None

    # -- the pass ----------------------------------------------------------------------------

    def gc(self) -> int:
        """One ``gcTerminated`` pass now; return how many pods it deleted."""
        self.passes += 1
        surplus = len(self._terminated) - self.threshold
        if surplus <= 0:
            return 0
        victims = sorted(self._terminated.values(), key=_gc_order)[:surplus]
        deleted = 0
        for pod in victims:
            meta = pod.metadata
            try:
                self.api.delete(
                    "pods",
                    meta.name or "",
                    namespace=meta.namespace,
                    options=DeleteOptions(grace_period_seconds=0),
                )
            except APIError:
                continue  # upstream ignores errors (NotFound: already gone)
            deleted += 1
        self.deleted += deleted
        return deleted
