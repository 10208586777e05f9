"""The pod status the kubelet writes: container statuses, phase and kubelet-owned conditions.

Owns the pure translation of a :class:`~jobsim.kubelet.runtime.PodRun` into a ``PodStatus`` as
the kubelet's ``generateAPIPodStatus`` and status manager build it:

* ``get_phase`` (``kubelet_pods.go`` ``getPhase``), then "pods are not allowed to transition out
  of terminal phases", and ``TerminatePod`` (``status/status_manager.go``) at the end of a deleted
  pod: containers without a terminated state become ``ContainerStatusUnknown`` (exit 137) and a
  ``Pending``/``Running`` phase becomes ``Failed``;
* conditions: the ones the kubelet does not own are kept in place (``DisruptionTarget``, custom
  readiness-gate conditions), then ``PodReadyToStartContainers``, ``Initialized``, ``Ready``,
  ``ContainersReady``, ``PodScheduled`` (``status/generate.go``), each keeping its old
  ``lastTransitionTime`` while its status does not change (``updateLastTransitionTime``);
* ``startTime`` set once, ``hostIP``/``podIP``, ``observedGeneration``.

Pure: no SimPy, no store. Imports ``jobsim.api``, ``jobsim.clock`` and ``jobsim.kubelet.runtime``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import lru_cache
from typing import Final

from jobsim.api.core_v1 import (
    ConditionStatus,
    Container,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
    HostIP,
    Pod,
    PodConditionType,
    PodIP,
    PodPhase,
    PodStatus,
)
from jobsim.api.core_v1 import ContainerState as APIContainerState
from jobsim.kubelet.phase import (
    containers_ready_condition,
    get_phase,
    initialized_condition,
    make_condition,
    ready_condition,
)
from jobsim.kubelet.runtime import ContainerKind, ContainerRun, ContainerState, Exit, PodRun, Stage

__all__ = [
    "CONTAINER_STATUS_UNKNOWN",
    "KUBELET_CONDITIONS",
    "build_status",
    "container_status",
    "image_id",
    "normalize_image",
]

CONTAINER_STATUS_UNKNOWN: Final = "ContainerStatusUnknown"
_UNKNOWN_MESSAGE: Final = "The container could not be located when the pod was terminated"
_TERMINAL: Final = frozenset({PodPhase.SUCCEEDED.value, PodPhase.FAILED.value})
_TRUE, _FALSE = ConditionStatus.TRUE.value, ConditionStatus.FALSE.value

KUBELET_CONDITIONS: Final = frozenset(
    {
        PodConditionType.POD_SCHEDULED.value,
        PodConditionType.READY.value,
        PodConditionType.INITIALIZED.value,
        PodConditionType.CONTAINERS_READY.value,
        PodConditionType.POD_READY_TO_START_CONTAINERS.value,
        "PodResizePending",
        "PodResizeInProgress",
    }
)
"""``kubetypes.PodConditionByKubelet``: the condition types the kubelet rewrites each sync."""

ToTime = Callable[[float], datetime]


# --- container statuses -------------------------------------------------------------------


@lru_cache(maxsize=1024)
def normalize_image(image: str) -> str:
    """Return the image reference as containerd reports it (``docker.io/library/x:latest``)."""
    name, at, digest = image.partition("@")
    first, slash, _ = name.partition("/")
    if not slash:
        name = f"docker.io/library/{name}"
    elif "." not in first and ":" not in first and first != "localhost":
        name = f"docker.io/{name}"
    if not at and ":" not in name.rsplit("/", 1)[-1]:
        name += ":latest"
    return name + at + digest


@lru_cache(maxsize=1024)
def image_id(image: str) -> str:
    """Return a stable fake ``imageID`` (``repo@sha256:<64 hex>``) for ``image``."""
    repo = normalize_image(image).partition("@")[0]
    last = repo.rsplit("/", 1)
    if ":" in last[-1]:
        repo = repo[: repo.rfind(":")]
    return f"{repo}@sha256:{hashlib.sha256(image.encode()).hexdigest()}"


def _container_id(seed: str) -> str:
    return "containerd://" + hashlib.sha256(seed.encode()).hexdigest() if seed else ""


def _terminated(exit: Exit, to_time: ToTime) -> ContainerStateTerminated:
    return ContainerStateTerminated(
        exit_code=exit.code,
        reason=exit.reason,
        message=exit.message,
        started_at=None if exit.started_at is None else to_time(exit.started_at),
        finished_at=None if exit.finished_at is None else to_time(exit.finished_at),
        container_id=_container_id(exit.container_id),
    )


_NO_STATE: Final = APIContainerState()
"""The empty ``lastState`` (``{}``); shared: objects in statuses are never mutated."""


def container_status(c: ContainerRun, spec: Container, to_time: ToTime) -> ContainerStatus:
    """Return the API status of one container (``convertToAPIContainerStatuses``)."""
    if c.state is ContainerState.RUNNING:
        state = APIContainerState(
            running=ContainerStateRunning(started_at=to_time(c.started_at or 0.0))
        )
    elif c.state is ContainerState.TERMINATED and c.exit is not None:
        state = APIContainerState(terminated=_terminated(c.exit, to_time))
    else:
        state = APIContainerState(waiting=ContainerStateWaiting(reason=c.reason, message=c.message))
    # In CrashLoopBackOff the run that just ended is the last state; once restarted, the one before.
    previous = c.exit if c.state is ContainerState.WAITING and c.exit is not None else c.last
    last = _NO_STATE
    if previous is not None:
        last = APIContainerState(terminated=_terminated(previous, to_time))
    started = c.starts > 0
    current_id = c.container_id if started else ""
    return ContainerStatus(
        name=c.name,
        state=state,
        last_state=last,
        ready=c.ready,
        restart_count=c.restart_count,
        image=normalize_image(spec.image),
        image_id=image_id(spec.image) if started else "",
        container_id=_container_id(current_id),
        started=c.state is ContainerState.RUNNING,
    )


def _unknown_terminated(status: ContainerStatus) -> ContainerStatus:
    """``TerminatePod``: a container with no terminated state is reported as lost (137)."""
    unknown = ContainerStateTerminated(
        exit_code=137,
        reason=CONTAINER_STATUS_UNKNOWN,
        message=_UNKNOWN_MESSAGE,
        started_at=None,
        finished_at=None,
    )
    return status.model_copy(
        update={"state": APIContainerState(terminated=unknown), "ready": False, "started": False}
    )


def _is_waiting_fresh(status: ContainerStatus) -> bool:
    return status.state.waiting is not None and status.last_state.terminated is None


def _terminate_pod(
    run: PodRun, init: list[ContainerStatus], regular: list[ContainerStatus]
) -> tuple[list[ContainerStatus], list[ContainerStatus]]:
    """``TerminatePod`` for a pod the kubelet finished terminating."""
    initialized = not run.init or any(not _is_waiting_fresh(s) for s in regular)
    if not initialized and run.init:
        last, last_run = init[-1], run.init[-1]
        initialized = (
            last_run.kind is ContainerKind.SIDECAR and last.state.running is not None
        ) or any(
            t is not None and t.exit_code == 0
            for t in (last.state.terminated, last.last_state.terminated)
        )
    if initialized:
        regular = [s if s.state.terminated else _unknown_terminated(s) for s in regular]
    prefix = len(init)
    while prefix > 1 and _is_waiting_fresh(init[prefix - 1]):
        prefix -= 1
    init = [
        _unknown_terminated(s) if i < prefix and s.state.terminated is None else s
        for i, s in enumerate(init)
    ]
    return init, regular


# --- the whole status ---------------------------------------------------------------------


def _host_ips(old: PodStatus, host_ip: str) -> list[HostIP]:
    """``[{ip: host_ip}]``, the old list itself when it already says so (it is never mutated)."""
    ips = old.host_ips
    if (
        ips is not None
        and len(ips) == 1
        and ips[0].ip == host_ip
        and ips[0].model_fields_set == {"ip"}
    ):
        return ips
    return [HostIP(ip=host_ip)]


def build_status(
    pod: Pod,
    run: PodRun,
    to_time: ToTime,
    now: float,
    *,
    host_ip: str,
    pod_ip: str,
) -> PodStatus:
    """Return the status the kubelet writes for ``pod`` given its runtime state at ``now``."""
    spec, old = pod.spec, pod.status
    at = to_time(now)
    generation = pod.metadata.generation or 0
    init_specs = {c.name: c for c in spec.init_containers or ()}
    main_specs = {c.name: c for c in spec.containers}
    init = [container_status(c, init_specs[c.name], to_time) for c in run.init]
    regular = [container_status(c, main_specs[c.name], to_time) for c in run.containers]
    finished_terminating = run.done and run.terminating
    if finished_terminating:
        init, regular = _terminate_pod(run, init, regular)
    phase = get_phase(spec, init, regular, pod_is_terminal=finished_terminating)
    if finished_terminating and phase not in _TERMINAL:
        phase = PodPhase.FAILED.value
    if old.phase in _TERMINAL:
        phase = old.phase
    statuses = {s.name: s for s in (*init, *regular)}
    regular_started = any(s.state.running or s.state.terminated for s in regular)
    kept = [c for c in old.conditions or () if c.type not in KUBELET_CONDITIONS]
    sandbox = run.stage is not Stage.PENDING and phase not in _TERMINAL
    containers_ready = containers_ready_condition(spec, statuses, phase)
    generated = [
        (PodConditionType.POD_READY_TO_START_CONTAINERS, (_TRUE if sandbox else _FALSE, "", "")),
        (
            PodConditionType.INITIALIZED,
            initialized_condition(spec, statuses, phase, regular_started),
        ),
        (PodConditionType.READY, ready_condition(spec, kept, containers_ready)),
        (PodConditionType.CONTAINERS_READY, containers_ready),
        (PodConditionType.POD_SCHEDULED, (_TRUE, "", "")),
    ]
    conditions = kept + [make_condition(t.value, v, old, at, generation) for t, v in generated]
    started_ip = pod_ip if (sandbox or old.pod_ip) else ""
    return old.model_copy(
        update={
            "observed_generation": generation,
            "phase": phase,
            "conditions": conditions,
            "host_ip": host_ip,
            "host_ips": _host_ips(old, host_ip),
            "pod_ip": old.pod_ip or started_ip,
            "pod_ips": old.pod_ips or ([PodIP(ip=started_ip)] if started_ip else None),
            "start_time": old.start_time or at,
            "init_container_statuses": init or None,
            "container_statuses": regular,
        }
    )
