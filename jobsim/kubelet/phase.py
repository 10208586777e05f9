"""Pod phase and kubelet-owned pod conditions, from container statuses.

Owns the kubelet's pure decisions over API container statuses: ``get_phase`` (``getPhase`` in
``pkg/kubelet/kubelet_pods.go``) and the ``Initialized``, ``ContainersReady`` and ``Ready``
conditions with their upstream reasons and messages (``pkg/kubelet/status/generate.go``:
``PodCompleted``, ``PodFailed``, ``ContainersNotReady``, ``ContainersNotInitialized``,
``ReadinessGatesNotReady``), plus ``make_condition`` (``updateLastTransitionTime``: the old
``lastTransitionTime`` is kept while the status does not change).

Pure: imports only ``jobsim.api``. Must not import SimPy, the store or the rest of the kubelet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Final

from jobsim.api.core_v1 import (
    ConditionStatus,
    ContainerStatus,
    PodCondition,
    PodPhase,
    PodSpec,
    PodStatus,
)

__all__ = [
    "ConditionValue",
    "containers_ready_condition",
    "get_phase",
    "initialized_condition",
    "make_condition",
    "ready_condition",
]

_TRUE, _FALSE = ConditionStatus.TRUE.value, ConditionStatus.FALSE.value

ConditionValue = tuple[str, str, str]
"""A generated condition's ``(status, reason, message)``."""


# --- phase --------------------------------------------------------------------------------


def get_phase(
    spec: PodSpec,
    init_statuses: Sequence[ContainerStatus],
    statuses: Sequence[ContainerStatus],
    pod_is_terminal: bool,
) -> str:
    """``getPhase``: the pod phase from its container statuses (regular containers decide)."""
    init_by_name = {s.name: s for s in init_statuses}
    by_name = {s.name: s for s in statuses}
    pending_init = failed_init = 0
    unknown = running = waiting = stopped = succeeded = 0
    for container in spec.init_containers or ():
        status = init_by_name.get(container.name)
        sidecar = container.restart_policy == "Always"
        if status is None:
            if sidecar:
                unknown += 1
            else:
                pending_init += 1
            continue
        state, last = status.state, status.last_state
        if sidecar:
            if state.running is not None:
                running += 1
                if not status.started:
                    pending_init += 1
            elif state.waiting is not None and last.terminated is None:
                pending_init += 1
                waiting += 1
            elif state.terminated is None and state.waiting is None:
                pending_init += 1
                unknown += 1
        elif state.running is not None:
            pending_init += 1
        elif state.terminated is not None:
            failed_init += state.terminated.exit_code != 0
        elif state.waiting is not None:
            if last.terminated is not None:
                failed_init += last.terminated.exit_code != 0
            else:
                pending_init += 1
        else:
            pending_init += 1
    any_regular_started = False
    for container in spec.containers:
        status = by_name.get(container.name)
        if status is None:
            unknown += 1
            continue
        state = status.state
        if state.running is not None:
            running += 1
        elif state.terminated is not None:
            stopped += 1
            succeeded += state.terminated.exit_code == 0
        elif state.waiting is not None:
            if status.last_state.terminated is not None:
                stopped += 1
            else:
                waiting += 1
        else:
            unknown += 1
        any_regular_started |= state.running is not None or state.terminated is not None
    policy = spec.restart_policy or "Always"
    if failed_init > 0 and policy == "Never":
        return PodPhase.FAILED.value
    if (pending_init > 0 and not any_regular_started) or waiting > 0:
        return PodPhase.PENDING.value
    if running > 0 and unknown == 0:
        return PodPhase.RUNNING.value
    if running == 0 and stopped > 0 and unknown == 0:
        if pod_is_terminal:
            return PodPhase.SUCCEEDED.value if stopped == succeeded else PodPhase.FAILED.value
        if policy == "Always":
            return PodPhase.RUNNING.value
        if stopped == succeeded:
            return PodPhase.SUCCEEDED.value
        if policy == "Never":
            return PodPhase.FAILED.value
        return PodPhase.RUNNING.value
    return PodPhase.PENDING.value


# --- conditions ---------------------------------------------------------------------------


def _go_list(names: Sequence[str]) -> str:
    """Go's ``%s`` of a ``[]string``: ``[a b]``."""
    return "[" + " ".join(names) + "]"


def containers_ready_condition(
    spec: PodSpec, statuses: Mapping[str, ContainerStatus], phase: str
) -> ConditionValue:
    """``GenerateContainersReadyCondition``: (status, reason, message)."""
    unknown: list[str] = []
    unready: list[str] = []
    sidecars = [c for c in spec.init_containers or () if c.restart_policy == "Always"]
    for container in [*sidecars, *spec.containers]:
        status = statuses.get(container.name)
        if status is None:
            unknown.append(container.name)
        elif not status.ready:
            unready.append(container.name)
    if phase == PodPhase.SUCCEEDED and not unknown:
        return _FALSE, "PodCompleted", ""
    if phase == PodPhase.FAILED:
        return _FALSE, "PodFailed", ""
    messages = []
    if unknown:
        messages.append(f"containers with unknown status: {_go_list(unknown)}")
    if unready:
        messages.append(f"containers with unready status: {_go_list(unready)}")
    if messages:
        return _FALSE, "ContainersNotReady", ", ".join(messages)
    return _TRUE, "", ""


def ready_condition(
    spec: PodSpec, conditions: Sequence[PodCondition], containers_ready: ConditionValue
) -> ConditionValue:
    """``GeneratePodReadyCondition``: ContainersReady, then the readiness gates."""
    if containers_ready[0] != _TRUE:
        return containers_ready
    messages = []
    for gate in spec.readiness_gates or ():
        gate_type = gate.get("conditionType", "") if isinstance(gate, dict) else ""
        found = next((c for c in conditions if c.type == gate_type), None)
        if found is None:
            messages.append(
                f'corresponding condition of pod readiness gate "{gate_type}" does not exist.'
            )
        elif found.status != _TRUE:
            messages.append(
                f'the status of pod readiness gate "{gate_type}" is not "True", but {found.status}'
            )
    if messages:
        return _FALSE, "ReadinessGatesNotReady", ", ".join(messages)
    return _TRUE, "", ""


def initialized_condition(
    spec: PodSpec, statuses: Mapping[str, ContainerStatus], phase: str, regular_started: bool
) -> ConditionValue:
    """``GeneratePodInitializedCondition``."""
    unknown: list[str] = []
    incomplete: list[str] = []
    for container in spec.init_containers or ():
        status = statuses.get(container.name)
        if status is None:
            unknown.append(container.name)
        elif container.restart_policy == "Always":
            if not status.started:
                incomplete.append(container.name)
        elif not status.ready:
            incomplete.append(container.name)
    if phase == PodPhase.SUCCEEDED and not unknown:
        return _TRUE, "PodCompleted", ""
    if regular_started:
        return _TRUE, "", ""
    messages = []
    if unknown:
        messages.append(f"containers with unknown status: {_go_list(unknown)}")
    if incomplete:
        messages.append(f"containers with incomplete status: {_go_list(incomplete)}")
    if messages:
        return _FALSE, "ContainersNotInitialized", ", ".join(messages)
    return _TRUE, "", ""


_CONDITION_FIELDS: Final = frozenset(PodCondition.model_fields)


def make_condition(
    ctype: str,
    value: ConditionValue,
    old: PodStatus,
    now: datetime,
    generation: int,
) -> PodCondition:
    """A kubelet condition whose ``lastTransitionTime`` stays put while its status holds.

    An unchanged condition is the old object itself (objects in statuses are never mutated).
    New objects are validated, not ``model_construct``-ed: with pydantic 2.14 the (Python)
    ``model_construct`` is 1.5-2.5x slower than the (Rust) validation of these small models.
    """
    status, reason, message = value
    previous = old.condition(ctype)
    since: datetime | None
    if previous is None or previous.status != status:
        since = now
    else:
        since = previous.last_transition_time
        if (
            previous.reason == reason
            and previous.message == message
            and previous.observed_generation == generation
            and previous.last_probe_time is None
            and previous.model_fields_set == _CONDITION_FIELDS
        ):
            return previous
    return PodCondition(
        type=ctype,
        observed_generation=generation,
        status=status,
        last_probe_time=None,
        last_transition_time=since,
        reason=reason,
        message=message,
    )
