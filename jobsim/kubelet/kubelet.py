"""The fake kubelet: binds pods to simulated nodes and drives them through their lives.

Owns :class:`Kubelet`, the SimPy side of pod execution. It watches pods and, for each new one,
plays the scheduler (bind to a node, round-robin; ``PodScheduled``) and the node's kubelet: a
``Pending`` status at once (``startTime``, containers waiting ``ContainerCreating``), then the
transitions of :class:`~jobsim.kubelet.runtime.PodRun` at their simulated times, one status write
per instant at which something changed (``replace_status``), graceful deletion (SIGTERM, SIGKILL
after ``deletionGracePeriodSeconds``, final status, then ``DELETE`` with grace 0 and a uid
precondition), and the disruption entry points (:meth:`Kubelet.evict`, :meth:`Kubelet.fail_pod`,
:meth:`Kubelet.succeed_pod`, :meth:`Kubelet.drain_node`).

Cost: each pod costs O(1) SimPy events and O(1) store writes per transition (bounded by its
restarts); there is no polling. State is kept for live pods only and dropped when a pod finishes
or disappears; :attr:`Kubelet.records` keeps one :class:`PodRecord` per pod (``keep_records``).

Deliberate simplifications (documented upstream behaviour left out): no Kubernetes Events, no
probes (readiness is the behaviour's delay), no pod ``activeDeadlineSeconds``, no resource model
(``max_pods`` only), no image-pull failures; an unscheduled pod being deleted is failed and
force-deleted at once (PodGC's ``gcUnscheduledTerminating`` runs every 20 s upstream).

Watch handlers only schedule work (``env.timeout(0)`` callbacks); all writes happen in SimPy
callbacks. Layer 3: imports the store's interface, ``jobsim.api``, ``jobsim.behavior``,
``jobsim.clock`` and the rest of ``jobsim.kubelet``; must not import controllers or anything above.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any, Final, cast

import simpy

from jobsim.api.core_v1 import Pod, PodPhase
from jobsim.api.meta_v1 import DeleteOptions, Preconditions
from jobsim.apiserver.interface import APIServerProtocol, WatchEventRecord
from jobsim.behavior import BehaviorSet, pod_rng
from jobsim.clock import SimClock
from jobsim.errors import APIError, ConflictError, NotFoundError
from jobsim.kubelet import disruption
from jobsim.kubelet.identity import IdentityCounter
from jobsim.kubelet.live import Key, LivePod, new_record, note_status, pod_ips
from jobsim.kubelet.records import PodRecord
from jobsim.kubelet.runtime import PodRun
from jobsim.kubelet.scheduler import NodePool
from jobsim.kubelet.status import build_status

__all__ = ["Kubelet"]

_TERMINAL: Final = frozenset({PodPhase.SUCCEEDED.value, PodPhase.FAILED.value})


class Kubelet:
    """A fake kubelet (and scheduler) for every simulated node, driven by one SimPy environment."""

    def __init__(
        self,
        env: simpy.Environment,
        api: APIServerProtocol,
        clock: SimClock,
        behaviors: BehaviorSet | None = None,
        seed: int = 0,
        *,
        nodes: int | list[str] = 1,
        max_pods: int | None = None,
        keep_records: bool = True,
        on_record: Callable[[PodRecord], None] | None = None,
    ) -> None:
        """Start watching pods; ``nodes`` is a count (``node-0``...) or names."""
        self.env, self.api, self.clock = env, api, clock
        self.behaviors = behaviors if behaviors is not None else BehaviorSet()
        self.seed = seed
        self.nodes = NodePool(nodes, max_pods=max_pods)
        self.records: list[PodRecord] = []
        """One record per pod seen, in creation order (live ones are updated in place)."""
        self._keep_records = keep_records
        self._on_record = on_record
        self._identities = IdentityCounter()
        self._new: dict[Key, PodRecord] = {}
        """Pods seen but not bound yet (FIFO: the scheduling queue), with their records."""
        self._live: dict[Key, LivePod] = {}
        self._pod_counter = 0
        self._pod_watch = api.watch("pods", handler=self._on_pod_event)
        self._job_watch = api.watch("jobs", handler=self._on_job_event)

    # --- public API -----------------------------------------------------------------------

    def stop(self) -> None:
        """Stop watching (pods in flight keep their timers but write nothing more)."""
        self._pod_watch.stop()
        self._job_watch.stop()
        self._live.clear()
        self._new.clear()

    def timeline(self) -> list[PodRecord]:
        """One record per pod seen, in creation order (a copy of :attr:`records`)."""
        return list(self.records)

    def live_pods(self) -> int:
        """How many pods the kubelet is running (bound and not finished)."""
        return len(self._live)

    def record(self, name: str, namespace: str = "default") -> PodRecord | None:
        """The record of a live or queued pod, if any."""
        live = self._live.get((namespace, name))
        return live.record if live is not None else self._new.get((namespace, name))

    def fail_pod(self, name: str, namespace: str = "default", exit_code: int = 1) -> int:
        """End the pod's running regular containers now with ``exit_code``; return how many."""
        return self._end_now((namespace, name), exit_code)

    def succeed_pod(self, name: str, namespace: str = "default") -> int:
        """End the pod's running regular containers now with exit 0; return how many."""
        return self._end_now((namespace, name), 0)

    def evict(
        self,
        name: str,
        namespace: str = "default",
        *,
        reason: str = disruption.EVICTION_BY_EVICTION_API,
        message: str | None = None,
        grace_period_seconds: int | None = None,
    ) -> None:
        """Disrupt a pod: ``DisruptionTarget=True`` with ``reason``, then what that reason does.

        API-side reasons (eviction API, preemption, taint manager) delete the pod with its grace
        period; ``DeletionByPodGC`` fails it and force-deletes it; ``TerminationByKubelet``
        (node-pressure eviction) kills it now, phase ``Failed``, reason ``Evicted``, not deleted.
        Call from a process or a callback, never from a watch handler.
        """
        key = (namespace, name)
        text = message if message is not None else disruption.default_message(reason)
        if reason == disruption.TERMINATION_BY_KUBELET:
            live = self._live.get(key)
            if live is None:
                raise KeyError(f"pod {namespace}/{name} is not running on a simulated node")
            pod = cast(Pod, self.api.get("pods", name, namespace=namespace))
            status = disruption.kubelet_evicted_status(pod.status, text, self.clock.now_time())
            self.api.replace_status("pods", pod.model_copy(update={"status": status}))
            live.run.begin_termination(self.env.now, float(grace_period_seconds or 0))
            live.record.deleted = True
            self._sync(live)
            return
        disruption.evict_through_api(
            self.api, self.clock, key, reason, text, grace_period_seconds=grace_period_seconds
        )

    def cordon(self, node: str) -> None:
        """Mark ``node`` unschedulable."""
        self.nodes.cordon(node)

    def uncordon(self, node: str) -> None:
        """Make ``node`` schedulable again and place queued pods."""
        self.nodes.uncordon(node)
        self._soon(self._place_queued)

    def drain_node(self, node: str) -> list[str]:
        """``kubectl drain``: cordon ``node``, evict its pods (eviction API); return their names."""
        self.nodes.cordon(node)
        names = sorted(live.key for live in self._live.values() if live.node == node)
        for namespace, name in names:
            self.evict(name, namespace)
        return [name for _, name in names]

    # --- watch handlers (schedule only) ------------------------------------------------------

    def _soon(self, fn: Callable[..., Any], *args: Any) -> None:
        event = self.env.timeout(0)
        event.callbacks.append(lambda _event: fn(*args))

    def _on_job_event(self, event: WatchEventRecord) -> None:
        if event.type == "DELETED":
            self._identities.forget_owner(event.object.metadata.uid or "")  # type: ignore[attr-defined]

    def _on_pod_event(self, event: WatchEventRecord) -> None:
        pod = cast(Pod, event.object)
        meta = pod.metadata
        key: Key = (meta.namespace or "", meta.name or "")
        uid = meta.uid or ""
        live = self._live.get(key)
        if live is not None and live.record.uid != uid:
            live = None
        if event.type == "DELETED":
            self._gone(key, uid)
        elif live is not None:
            deleting = meta.deletion_timestamp is not None
            grace = float(meta.deletion_grace_period_seconds or 0)
            if (deleting and (live.grace is None or grace < live.grace)) or (
                pod.status.phase in _TERMINAL and live.record.phase not in _TERMINAL
            ):
                live.grace = grace if deleting else 0.0
                self._soon(self._terminate, key, uid)
        elif key in self._new:
            if self._new[key].uid == uid:
                self._soon(self._admit, key, uid)
        elif event.type == "ADDED" and pod.status.phase not in _TERMINAL:
            self._new[key] = self._new_record(pod)
            self._soon(self._admit, key, uid)

    def _new_record(self, pod: Pod) -> PodRecord:
        record = new_record(pod, self._identities.identify(pod), self.env.now)
        if self._keep_records:
            self.records.append(record)
        return record

    def _gone(self, key: Key, uid: str) -> None:
        """The pod was removed from the store (force deletion, or after its finalizers)."""
        queued = self._new.get(key)
        if queued is not None and queued.uid == uid:
            del self._new[key]
            self._close(queued, deleted=True)
        live = self._live.get(key)
        if live is not None and live.record.uid == uid:
            self._forget(live)
            self._close(live.record, deleted=True)

    # --- scheduling ---------------------------------------------------------------------------

    def _get(self, key: Key, uid: str) -> Pod | None:
        try:
            pod = cast(Pod, self.api.get("pods", key[1], namespace=key[0]))
        except NotFoundError:
            return None
        return pod if pod.metadata.uid == uid else None

    def _admit(self, key: Key, uid: str) -> bool:
        """Bind a new pod (or retry a queued one) and start it; False if it must wait."""
        record = self._new.get(key)
        if record is None or record.uid != uid:
            return True
        pod = self._get(key, uid)
        if pod is None or pod.status.phase in _TERMINAL:
            del self._new[key]
            if pod is None:
                self._close(record, deleted=True)
            return True
        node = pod.spec.node_name
        if not node:
            if pod.metadata.deletion_timestamp is not None:
                del self._new[key]
                disruption.fail_unscheduled(self.api, pod)
                self._close(record, deleted=True, phase=PodPhase.FAILED.value)
                return True
            if pod.spec.scheduling_gates:
                return False
            chosen = self.nodes.choose()
            if chosen is None:
                disruption.mark_unschedulable(
                    self.api, pod, self.nodes.unschedulable_message(), self.clock.now_time()
                )
                return False
            node = chosen
            del self._new[key]
            try:
                pod = self._bind(pod, node)
            except NotFoundError:
                self._close(record, deleted=True)
                return True
            except ConflictError:  # changed since read: try again (at the back of the queue)
                self._new[key] = record
                self._soon(self._admit, key, uid)
                return True
        else:
            del self._new[key]
        self._start(key, pod, node, record)
        return True

    def _bind(self, pod: Pod, node: str) -> Pod:
        """Set ``spec.nodeName`` (the binding; ``PodScheduled`` comes with the first status)."""
        bound = pod.model_copy(update={"spec": pod.spec.model_copy(update={"node_name": node})})
        return cast(Pod, self.api.replace("pods", bound))

    def _place_queued(self) -> None:
        for key, record in list(self._new.items()):
            if not self._admit(key, record.uid):
                break

    def _start(self, key: Key, pod: Pod, node: str, record: PodRecord) -> None:
        behavior = self.behaviors.for_pod(pod.metadata.labels)
        spec = pod.spec
        run = PodRun(
            namespace=key[0],
            name=key[1],
            uid=record.uid,
            restart_policy=spec.restart_policy,
            init=[(c.name, c.restart_policy == "Always") for c in spec.init_containers or ()],
            regular=[c.name for c in spec.containers],
            behavior=behavior,
            rng=pod_rng(self.seed, record.identity),
        )
        self.nodes.add(node)
        record.node, record.scheduled = node, self.env.now
        self._pod_counter += 1
        live = LivePod(key, run, node, record, pod_ips(self.nodes.index(node), self._pod_counter))
        self._live[key] = live
        run.admit(self.env.now)
        if pod.metadata.deletion_timestamp is not None:
            live.grace = float(pod.metadata.deletion_grace_period_seconds or 0)
            run.begin_termination(self.env.now, live.grace)
        self._sync(live)

    # --- running ------------------------------------------------------------------------------

    def _terminate(self, key: Key, uid: str) -> None:
        live = self._live.get(key)
        if live is None or live.record.uid != uid:
            return
        live.record.deleted = True
        live.run.begin_termination(self.env.now, live.grace or 0.0)
        self._sync(live)

    def _end_now(self, key: Key, code: int) -> int:
        live = self._live.get(key)
        if live is None:
            return 0
        ended = live.run.end_containers(self.env.now, code)
        if ended:
            self._sync(live)
        return ended

    def _sync(self, live: LivePod) -> None:
        """Advance the pod to now, write its status if it changed, then schedule or finish."""
        if self._live.get(live.key) is not live:
            return
        now = self.env.now
        live.run.advance(now)
        if not self._write(live):
            return
        if live.run.done:
            self._finish(live)
            return
        due = live.run.due()
        if due is None or due == live.timer_at:
            return
        live.token += 1
        live.timer_at = due
        timer = self.env.timeout(max(0.0, due - now))
        timer.callbacks.append(partial(self._on_timer, live, live.token))

    def _on_timer(self, live: LivePod, token: int, _event: simpy.Event) -> None:
        if token == live.token:
            live.timer_at = None
            self._sync(live)

    def _write(self, live: LivePod) -> bool:
        """Write the pod's status if it changed; False if the pod is gone."""
        for _attempt in range(2):
            pod = self._get(live.key, live.record.uid)
            if pod is None:
                self._forget(live)
                self._close(live.record, deleted=True)
                return False
            status = build_status(
                pod,
                live.run,
                self.clock.to_datetime,
                self.env.now,
                host_ip=live.host_ip,
                pod_ip=live.pod_ip,
            )
            note_status(live, status)
            if status != pod.status:
                try:
                    self.api.replace_status("pods", pod.model_copy(update={"status": status}))
                except ConflictError:
                    continue
                except NotFoundError:
                    continue
            return True
        return True

    def _finish(self, live: LivePod) -> None:
        """The pod is terminal: forget it, place queued pods, and finish a deletion."""
        self._forget(live)
        self._close(live.record, deleted=live.record.deleted)
        pod = self._get(live.key, live.record.uid)
        if pod is not None and pod.metadata.deletion_timestamp is not None:
            options = DeleteOptions(
                grace_period_seconds=0, preconditions=Preconditions(uid=live.record.uid)
            )
            # NotFound/Conflict: already gone, or replaced by a pod with the same name.
            with suppress(APIError):
                self.api.delete("pods", live.key[1], namespace=live.key[0], options=options)

    def _forget(self, live: LivePod) -> None:
        if self._live.get(live.key) is live:
            del self._live[live.key]
            self.nodes.remove(live.node)
            live.token += 1
            if self._new:
                self._soon(self._place_queued)

    def _close(self, record: PodRecord, *, deleted: bool, phase: str | None = None) -> None:
        if record.finished is not None:
            return
        record.finished = self.env.now
        record.deleted = deleted
        if phase is not None:
            record.phase = phase
        if self._on_record is not None:
            self._on_record(record)
