"""The server-side printers of Pods, Events and Namespaces: the cells of their Table rows.

Owns upstream's ``printPod`` (READY, STATUS with waiting/terminated reasons, init
containers and ``Terminating``, RESTARTS with ``(5m ago)``, and the wide IP, NODE,
NOMINATED NODE, READINESS GATES), ``printEvent`` (LAST SEEN, TYPE, REASON, OBJECT, ...)
and ``printNamespace``. Jobs are printed by ``jobsim.report.tables``. Pure functions of
an object and "now"; times are simulated.

Imports layer 0 (``jobsim.api``) and ``jobsim.duration`` only.
Upstream: kubernetes ``pkg/printers/internalversion/printers.go`` (``printPod``,
``printEvent``, ``formatEventSource``, ``printNamespace``, ``translateTimestampSince``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from jobsim.api.core_v1 import ContainerStatus, Event, Namespace, Pod
from jobsim.duration import human_duration

__all__ = [
    "POD_FAILED_CONDITIONS",
    "POD_SUCCESS_CONDITIONS",
    "event_cells",
    "namespace_cells",
    "pod_cells",
    "pod_row_conditions",
    "since",
]

POD_SUCCESS_CONDITIONS: Final = [
    {
        "type": "Completed",
        "status": "True",
        "reason": "Succeeded",
        "message": "The pod has completed successfully.",
    }
]
POD_FAILED_CONDITIONS: Final = [
    {"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}
]
_NODE_UNREACHABLE: Final = "NodeLost"


def since(moment: datetime | None, now: datetime) -> str:
    """``translateTimestampSince``: ``<unknown>`` for a zero time, else the human duration."""
    if moment is None:
        return "<unknown>"
    return human_duration((now - moment).total_seconds())


def _is_restartable_init(pod: Pod, name: str) -> bool:
    for container in pod.spec.init_containers or ():
        if container.name == name:
            return container.restart_policy == "Always"
    return False


def _latest(current: datetime | None, status: ContainerStatus) -> datetime | None:
    terminated = status.last_state.terminated
    if terminated is None or terminated.finished_at is None:
        return current
    if current is None or current < terminated.finished_at:
        return terminated.finished_at
    return current


def _init_reason(
    pod: Pod, reason: str
) -> tuple[str, bool, int, int, datetime | None, datetime | None, int]:
    """Walk the init containers as ``printPod`` does."""
    restarts = sidecar_restarts = ready = 0
    last: datetime | None = None
    sidecar_last: datetime | None = None
    initializing = False
    total_init = len(pod.spec.init_containers or ())
    for i, status in enumerate(pod.status.init_container_statuses or ()):
        restarts += status.restart_count
        last = _latest(last, status)
        sidecar = _is_restartable_init(pod, status.name)
        if sidecar:
            sidecar_restarts += status.restart_count
            sidecar_last = _latest(sidecar_last, status)
        terminated, waiting = status.state.terminated, status.state.waiting
        if terminated is not None and terminated.exit_code == 0:
            continue
        if sidecar and status.started:
            ready += 1 if status.ready else 0
            continue
        if terminated is not None:
            if not terminated.reason:
                reason = (
                    f"Init:Signal:{terminated.signal}"
                    if terminated.signal
                    else f"Init:ExitCode:{terminated.exit_code}"
                )
            else:
                reason = "Init:" + terminated.reason
        elif waiting is not None and waiting.reason and waiting.reason != "PodInitializing":
            reason = "Init:" + waiting.reason
        else:
            reason = f"Init:{i}/{total_init}"
        initializing = True
        break
    return reason, initializing, restarts, sidecar_restarts, last, sidecar_last, ready


def _condition_true(pod: Pod, condition_type: str) -> bool:
    return any(c.type == condition_type and c.status == "True" for c in pod.status.conditions or ())


def pod_cells(pod: Pod, now: datetime) -> list[Any]:
    """NAME, READY, STATUS, RESTARTS, AGE, IP, NODE, NOMINATED NODE, READINESS GATES."""
    phase = pod.status.phase
    reason = pod.status.reason or phase
    for condition in pod.status.conditions or ():
        if condition.type == "PodScheduled" and condition.reason == "SchedulingGated":
            reason = "SchedulingGated"
    total = len(pod.spec.containers) + sum(
        1 for c in pod.spec.init_containers or () if _is_restartable_init(pod, c.name)
    )
    reason, initializing, restarts, sidecar_restarts, last, sidecar_last, ready = _init_reason(
        pod, reason
    )
    if not initializing or _condition_true(pod, "Initialized"):
        restarts, last = sidecar_restarts, sidecar_last
        has_running = False
        for status in reversed(pod.status.container_statuses or ()):
            restarts += status.restart_count
            last = _latest(last, status)
            waiting, terminated = status.state.waiting, status.state.terminated
            if waiting is not None and waiting.reason:
                reason = waiting.reason
            elif terminated is not None and terminated.reason:
                reason = terminated.reason
            elif terminated is not None:
                reason = (
                    f"Signal:{terminated.signal}"
                    if terminated.signal
                    else f"ExitCode:{terminated.exit_code}"
                )
            elif status.ready and status.state.running is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(pod, "Ready") else "NotReady"
    if pod.metadata.deletion_timestamp is not None:
        if pod.status.reason == _NODE_UNREACHABLE:
            reason = "Unknown"
        elif phase not in ("Succeeded", "Failed"):
            reason = "Terminating"
    restarts_cell = str(restarts)
    if restarts and last is not None:
        restarts_cell = f"{restarts} ({since(last, now)} ago)"
    pod_ips = pod.status.pod_ips or []
    gates = pod.spec.readiness_gates or []
    gates_cell = "<none>"
    if gates:
        true_count = sum(
            1 for gate in gates if _condition_true(pod, str(dict(gate).get("conditionType", "")))
        )
        gates_cell = f"{true_count}/{len(gates)}"
    return [
        pod.metadata.name or "",
        f"{ready}/{total}",
        reason,
        restarts_cell,
        since(pod.metadata.creation_timestamp, now),
        (pod_ips[0].ip if pod_ips else "") or "<none>",
        pod.spec.node_name or "<none>",
        pod.status.nominated_node_name or "<none>",
        gates_cell,
    ]


def pod_row_conditions(pod: Pod) -> list[dict[str, str]] | None:
    """The row ``conditions`` of a finished pod (``Completed``), else None."""
    if pod.status.phase == "Succeeded":
        return [dict(c) for c in POD_SUCCESS_CONDITIONS]
    if pod.status.phase == "Failed":
        return [dict(c) for c in POD_FAILED_CONDITIONS]
    return None


def event_cells(event: Event, now: datetime) -> list[Any]:
    """LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME."""
    first = (
        since(event.first_timestamp, now)
        if event.first_timestamp is not None
        else since(event.event_time, now)
    )
    last = since(event.last_timestamp, now) if event.last_timestamp is not None else first
    count = event.count
    if event.series is not None:
        last = since(event.series.last_observed_time, now)
        count = event.series.count
    elif count == 0:
        count = 1
    ref = event.involved_object
    target = f"{ref.kind.lower()}/{ref.name}" if ref.name else ref.kind.lower()
    component = event.source.component or event.reporting_component
    instance = event.source.host or event.reporting_instance
    source = f"{component}, {instance}" if instance else component
    return [
        last,
        event.type,
        event.reason,
        target,
        ref.field_path,
        source,
        event.message.strip(),
        first,
        count,
        event.metadata.name or "",
    ]


def namespace_cells(namespace: Namespace, now: datetime) -> list[Any]:
    """NAME, STATUS, AGE."""
    return [
        namespace.metadata.name or "",
        namespace.status.phase,
        since(namespace.metadata.creation_timestamp, now),
    ]
