"""Pod disruptions and the control-plane writes the fake kubelet makes on others' behalf.

Owns the ``DisruptionTarget`` reasons and their upstream messages, and the store writes of
the components the simulator folds into its kubelet:

* the eviction API, scheduler preemption and the taint manager: ``DisruptionTarget=True`` then
  ``DELETE`` with the pod's grace period (``pkg/registry/core/pod/storage/eviction.go``,
  ``pkg/scheduler/framework/preemption``, ``pkg/controller/tainteviction/taint_eviction.go``);
* PodGC: ``DeletionByPodGC`` (``gcOrphaned``) and unscheduled terminating pods
  (``gcUnscheduledTerminating``, no condition): phase ``Failed``, then ``DELETE`` with grace 0
  (``pkg/controller/podgc/gc_controller.go`` ``markFailedAndDeletePodWithCondition``);
* node-pressure eviction by the kubelet: ``TerminationByKubelet``, phase ``Failed``, reason
  ``Evicted`` (``pkg/kubelet/eviction``); the pod is not deleted;
* the scheduler's ``PodScheduled=False``/``Unschedulable`` condition.

Functions here write to the store and must be called from SimPy callbacks or processes, never
from watch handlers. Imports the store interface, ``jobsim.api`` and ``jobsim.clock`` only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, cast

from jobsim.api.core_v1 import (
    POD_REASON_PREEMPTION_BY_SCHEDULER,
    POD_REASON_TERMINATION_BY_KUBELET,
    POD_REASON_UNSCHEDULABLE,
    ConditionStatus,
    Pod,
    PodCondition,
    PodConditionType,
    PodPhase,
    PodStatus,
)
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import APIServerProtocol
from jobsim.clock import SimClock

__all__ = [
    "DELETION_BY_POD_GC",
    "DELETION_BY_TAINT_MANAGER",
    "EVICTION_BY_EVICTION_API",
    "PREEMPTION_BY_SCHEDULER",
    "REASON_EVICTED",
    "TERMINATION_BY_KUBELET",
    "default_message",
    "evict_through_api",
    "fail_unscheduled",
    "kubelet_evicted_status",
    "mark_unschedulable",
    "with_condition",
]

EVICTION_BY_EVICTION_API: Final = "EvictionByEvictionAPI"
PREEMPTION_BY_SCHEDULER: Final = POD_REASON_PREEMPTION_BY_SCHEDULER
DELETION_BY_TAINT_MANAGER: Final = "DeletionByTaintManager"
DELETION_BY_POD_GC: Final = "DeletionByPodGC"
TERMINATION_BY_KUBELET: Final = POD_REASON_TERMINATION_BY_KUBELET
REASON_EVICTED: Final = "Evicted"
"""``status.reason`` of a pod the kubelet evicted for node pressure."""

_MESSAGES: Final = {
    EVICTION_BY_EVICTION_API: "Eviction API: evicting",
    PREEMPTION_BY_SCHEDULER: "default-scheduler: preempting to accommodate a higher priority pod",
    DELETION_BY_TAINT_MANAGER: "Taint manager: deleting due to NoExecute taint",
    DELETION_BY_POD_GC: "PodGC: node no longer exists",
    TERMINATION_BY_KUBELET: "The node was low on resource: memory. ",
}
_TRUE, _FALSE = ConditionStatus.TRUE.value, ConditionStatus.FALSE.value
_DISRUPTION: Final = PodConditionType.DISRUPTION_TARGET.value


def default_message(reason: str) -> str:
    """The message upstream writes with a ``DisruptionTarget`` reason ("" if unknown)."""
    return _MESSAGES.get(reason, "")


def with_condition(status: PodStatus, condition: PodCondition) -> PodStatus:
    """``UpdatePodCondition``: replace the condition of that type in place, or append it.

    ``lastTransitionTime`` is kept when the status does not change.
    """
    conditions = list(status.conditions or ())
    for i, old in enumerate(conditions):
        if old.type == condition.type:
            if old.status == condition.status:
                condition = condition.model_copy(
                    update={"last_transition_time": old.last_transition_time}
                )
            conditions[i] = condition
            break
    else:
        conditions.append(condition)
    return status.model_copy(update={"conditions": conditions})


def _disruption(reason: str, message: str, now: datetime, generation: int) -> PodCondition:
    return PodCondition(
        type=_DISRUPTION,
        observed_generation=generation,
        status=_TRUE,
        last_probe_time=None,
        reason=reason,
        message=message,
        last_transition_time=now,
    )


def evict_through_api(
    api: APIServerProtocol,
    clock: SimClock,
    key: tuple[str, str],
    reason: str,
    message: str,
    *,
    grace_period_seconds: int | None = None,
) -> None:
    """Mark the pod ``DisruptionTarget=True`` and delete it (PodGC: fail it, force-delete it)."""
    namespace, name = key
    pod = cast(Pod, api.get("pods", name, namespace=namespace))
    generation = pod.metadata.generation or 0
    status = with_condition(pod.status, _disruption(reason, message, clock.now_time(), generation))
    grace = grace_period_seconds
    if reason == DELETION_BY_POD_GC:
        if status.phase not in (PodPhase.SUCCEEDED, PodPhase.FAILED):
            status = status.model_copy(update={"phase": PodPhase.FAILED.value})
        grace = 0
    if status != pod.status:
        api.replace_status("pods", pod.model_copy(update={"status": status}))
    api.delete("pods", name, namespace=namespace, options=DeleteOptions(grace_period_seconds=grace))


def fail_unscheduled(api: APIServerProtocol, pod: Pod) -> None:
    """PodGC's ``gcUnscheduledTerminating``: phase ``Failed`` (no condition), then grace 0."""
    meta = pod.metadata
    if pod.status.phase not in (PodPhase.SUCCEEDED, PodPhase.FAILED):
        status = pod.status.model_copy(update={"phase": PodPhase.FAILED.value})
        api.replace_status("pods", pod.model_copy(update={"status": status}))
    api.delete(
        "pods",
        meta.name or "",
        namespace=meta.namespace,
        options=DeleteOptions(grace_period_seconds=0),
    )


def kubelet_evicted_status(status: PodStatus, message: str, now: datetime) -> PodStatus:
    """Node-pressure eviction: phase ``Failed``, reason ``Evicted``, ``TerminationByKubelet``."""
    evicted = with_condition(status, _disruption(TERMINATION_BY_KUBELET, message, now, 0))
    return evicted.model_copy(
        update={"phase": PodPhase.FAILED.value, "reason": REASON_EVICTED, "message": message}
    )


def mark_unschedulable(api: APIServerProtocol, pod: Pod, message: str, now: datetime) -> None:
    """The scheduler's ``PodScheduled=False``/``Unschedulable`` condition (written if changed)."""
    condition = PodCondition(
        type=PodConditionType.POD_SCHEDULED.value,
        status=_FALSE,
        last_probe_time=None,
        reason=POD_REASON_UNSCHEDULABLE,
        message=message,
        last_transition_time=now,
    )
    status = with_condition(pod.status, condition)
    if status != pod.status:
        api.replace_status("pods", pod.model_copy(update={"status": status}))
