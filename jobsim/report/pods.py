"""``kubectl get pods`` as a table: upstream ``printPod`` and ``podColumnDefinitions``.

Owns the pod columns NAME, READY, STATUS, RESTARTS, AGE (and with ``wide`` IP, NODE,
NOMINATED NODE, READINESS GATES) and the STATUS reason exactly as ``printPod`` computes it
(``pkg/printers/internalversion/printers.go``): the pod's reason or phase, then init-container
states (``Init:N/M``, ``Init:<reason>``, ``Init:ExitCode:N``), then the regular containers
walked last to first (waiting reason such as ``ContainerCreating``/``CrashLoopBackOff``,
terminated reason such as ``Completed``/``Error``, or ``ExitCode:N``/``Signal:N``),
``Completed`` with a running container turned back to ``Running``/``NotReady``, and
``Terminating``/``Unknown`` for pods being deleted. Pure; imports layer 0-1 only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobsim.api.core_v1 import Container, ContainerStatus, Pod, PodCondition
from jobsim.report.tables import translate_timestamp_since

__all__ = ["POD_COLUMNS", "POD_WIDE_COLUMNS", "pod_row", "pod_status_reason"]

POD_COLUMNS = ("NAME", "READY", "STATUS", "RESTARTS", "AGE")
POD_WIDE_COLUMNS = (*POD_COLUMNS, "IP", "NODE", "NOMINATED NODE", "READINESS GATES")

NODE_UNREACHABLE_POD_REASON = "NodeLost"
"""``node.NodeUnreachablePodReason`` (``pkg/util/node``)."""

_TERMINAL_PHASES = frozenset({"Succeeded", "Failed"})


def _is_restartable_init_container(container: Container | None) -> bool:
    """``podutil.IsRestartableInitContainer``: a sidecar (``restartPolicy: Always``)."""
    return container is not None and container.restart_policy == "Always"


def _condition_true(conditions: Sequence[PodCondition] | None, condition_type: str) -> bool:
    """The first condition of the type decides (``isPodInitializedConditionTrue``)."""
    for condition in conditions or ():
        if condition.type == condition_type:
            return condition.status == "True"
    return False


def _has_pod_ready_condition(conditions: Sequence[PodCondition] | None) -> bool:
    """``hasPodReadyCondition``: *any* ``Ready`` condition with status ``True``."""
    return any(c.type == "Ready" and c.status == "True" for c in conditions or ())


class _Counts:
    """The running totals ``printPod`` keeps while it walks the container statuses."""

    def __init__(self) -> None:
        self.restarts = 0
        self.ready = 0
        self.last_restart: datetime | None = None

    def note_restart(self, status: ContainerStatus) -> None:
        self.restarts += status.restart_count
        terminated = status.last_state.terminated
        finished = terminated.finished_at if terminated is not None else None
        if finished is not None and (self.last_restart is None or self.last_restart < finished):
            self.last_restart = finished


def _init_containers(pod: Pod, reason: str) -> tuple[str, bool, _Counts, _Counts]:
    """Walk init-container statuses: ``(reason, initializing, all counts, sidecar counts)``."""
    specs = {c.name: c for c in pod.spec.init_containers or ()}
    counts, sidecars = _Counts(), _Counts()
    total = len(pod.spec.init_containers or ())
    for i, status in enumerate(pod.status.init_container_statuses or ()):
        counts.note_restart(status)
        restartable = _is_restartable_init_container(specs.get(status.name))
        if restartable:
            sidecars.note_restart(status)
        state = status.state
        if state.terminated is not None and state.terminated.exit_code == 0:
            continue
        if restartable and status.started:
            if status.ready:
                sidecars.ready += 1
            continue
        if state.terminated is not None:
            if not state.terminated.reason:
                if state.terminated.signal != 0:
                    reason = f"Init:Signal:{state.terminated.signal}"
                else:
                    reason = f"Init:ExitCode:{state.terminated.exit_code}"
            else:
                reason = "Init:" + state.terminated.reason
        elif (
            state.waiting is not None
            and state.waiting.reason
            and state.waiting.reason != "PodInitializing"
        ):
            reason = "Init:" + state.waiting.reason
        else:
            reason = f"Init:{i}/{total}"
        return reason, True, counts, sidecars
    return reason, False, counts, sidecars


def _pod_status(pod: Pod) -> tuple[str, int, int, datetime | None]:
    """``(reason, ready containers, restarts, last restart)`` as ``printPod`` computes them."""
    phase = pod.status.phase
    reason = pod.status.reason or phase
    for condition in pod.status.conditions or ():
        if condition.type == "PodScheduled" and condition.reason == "SchedulingGated":
            reason = "SchedulingGated"
    reason, initializing, counts, sidecars = _init_containers(pod, reason)
    ready = sidecars.ready
    if not initializing or _condition_true(pod.status.conditions, "Initialized"):
        counts = sidecars
        has_running = False
        for status in reversed(pod.status.container_statuses or ()):
            counts.note_restart(status)
            state = status.state
            if state.waiting is not None and state.waiting.reason:
                reason = state.waiting.reason
            elif state.terminated is not None and state.terminated.reason:
                reason = state.terminated.reason
            elif state.terminated is not None:
                if state.terminated.signal != 0:
                    reason = f"Signal:{state.terminated.signal}"
                else:
                    reason = f"ExitCode:{state.terminated.exit_code}"
            elif status.ready and state.running is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _has_pod_ready_condition(pod.status.conditions) else "NotReady"
    if pod.metadata.deletion_timestamp is not None:
        if pod.status.reason == NODE_UNREACHABLE_POD_REASON:
            reason = "Unknown"
        elif phase not in _TERMINAL_PHASES:
            reason = "Terminating"
    return reason, ready, counts.restarts, counts.last_restart


def pod_status_reason(pod: Pod) -> str:
    """The STATUS cell of ``kubectl get pods`` (``Completed``, ``Error``, ``Terminating``, ...)."""
    return _pod_status(pod)[0]


def _readiness_gates(pod: Pod) -> str:
    gates = pod.spec.readiness_gates or []
    if not gates:
        return "<none>"
    true_conditions = 0
    for gate in gates:
        condition_type = gate.get("conditionType") if isinstance(gate, dict) else None
        for condition in pod.status.conditions or ():
            if condition.type == condition_type:
                if condition.status == "True":
                    true_conditions += 1
                break
    return f"{true_conditions}/{len(gates)}"


def pod_row(pod: Pod, now: datetime, *, wide: bool = False) -> list[str]:
    """One row of ``kubectl get pods`` for ``pod`` as seen at ``now``."""
    reason, ready, restarts, last_restart = _pod_status(pod)
    total = len(pod.spec.containers) + sum(
        1 for c in pod.spec.init_containers or () if _is_restartable_init_container(c)
    )
    restarts_cell = str(restarts)
    if restarts != 0 and last_restart is not None:
        restarts_cell = f"{restarts} ({translate_timestamp_since(last_restart, now)} ago)"
    row = [
        pod.metadata.name or "",
        f"{ready}/{total}",
        reason,
        restarts_cell,
        translate_timestamp_since(pod.metadata.creation_timestamp, now),
    ]
    if wide:
        ips = pod.status.pod_ips or []
        row += [
            (ips[0].ip if ips else "") or "<none>",
            pod.spec.node_name or "<none>",
            pod.status.nominated_node_name or "<none>",
            _readiness_gates(pod),
        ]
    return row
