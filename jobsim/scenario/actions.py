"""Timeline actions: scheduled on the simulation's clock, performed through the public API.

Owns :func:`schedule_timeline` (one SimPy timeout per action, in timeline order for equal
times) and :func:`perform` (what each action does: ``sim.api`` verbs for creates, patches and
deletes; the kubelet's disruption API for failing, succeeding and evicting pods and for
nodes), and :class:`ActionOutcome`. Actions run in SimPy callbacks, never in watch handlers.
Imports the store interface, the kubelet and the scenario schema; must not import
``jobsim.simulation`` (it takes any object with ``env``, ``api`` and ``kubelet``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, cast

import simpy

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import JOB_NAME_LABEL
from jobsim.api.core_v1 import Pod, PodPhase
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import APIServerProtocol, PatchType
from jobsim.duration import format_duration
from jobsim.errors import APIError, NotFoundError
from jobsim.kubelet import Kubelet
from jobsim.scenario.expectations import ExpectationResult
from jobsim.scenario.schema_actions import (
    ActionBase,
    ApplyAction,
    CordonNodeAction,
    CreateAction,
    DeleteAction,
    DeletePodsAction,
    DrainNodeAction,
    EvictPodsAction,
    FailPodsAction,
    PatchAction,
    PodsAction,
    ResumeAction,
    ScaleAction,
    SucceedPodsAction,
    SuspendAction,
    UncordonNodeAction,
)

__all__ = ["ActionOutcome", "SimulationLike", "perform", "schedule_timeline"]

_PATCH_TYPES: dict[str, PatchType] = {
    "strategic": "application/strategic-merge-patch+json",
    "merge": "application/merge-patch+json",
    "json": "application/json-patch+json",
}
_TERMINAL = frozenset({PodPhase.SUCCEEDED.value, PodPhase.FAILED.value})


class SimulationLike(Protocol):
    """What actions need of a simulation."""

    @property
    def env(self) -> simpy.Environment: ...
    @property
    def api(self) -> APIServerProtocol: ...
    @property
    def kubelet(self) -> Kubelet: ...


class ActionShortfall(Exception):
    """An action found fewer pods than it was asked to act on."""


@dataclass(frozen=True)
class ActionOutcome:
    """What happened when one timeline action ran."""

    index: int
    at: float
    description: str
    ok: bool
    message: str

    def result(self) -> ExpectationResult:
        """The outcome as a result line (``timeline[2] at 30s: scale job/pi to 3``)."""
        description = f"timeline[{self.index}] at {format_duration(self.at)}: {self.description}"
        return ExpectationResult(description, self.ok, self.message, self.message)


def schedule_timeline(
    sim: SimulationLike,
    actions: list[ActionBase],
    inline: dict[int, K8sModel],
    on_outcome: Callable[[ActionOutcome], None],
) -> None:
    """Schedule every action at its time (relative to time 0); report each outcome."""
    for index, action in enumerate(actions):
        delay = max(0.0, action.at - float(sim.env.now))
        timeout = sim.env.timeout(delay)

        def fire(_event: simpy.Event, index: int = index, action: ActionBase = action) -> None:
            on_outcome(_run(sim, index, action, inline.get(index)))

        timeout.callbacks.append(fire)


def _run(
    sim: SimulationLike, index: int, action: ActionBase, obj: K8sModel | None
) -> ActionOutcome:
    def outcome(ok: bool, message: str) -> ActionOutcome:
        return ActionOutcome(index, float(sim.env.now), action.describe(), ok, message)

    try:
        note = perform(sim, action, obj)
    except APIError as exc:
        text = f"Error from server ({exc.reason}): {exc}"
        if action.expect_error is not None and action.expect_error in text:
            return outcome(True, f"rejected as expected: {text}")
        return outcome(False, text)
    except (ActionShortfall, KeyError) as exc:
        return outcome(False, str(exc).strip("'\""))
    if action.expect_error is not None:
        return outcome(False, f"expected an error containing {action.expect_error!r}: {note}")
    return outcome(True, note)


def _copy(obj: K8sModel) -> K8sModel:
    return obj.model_copy(deep=True)


def _pods(sim: SimulationLike, action: PodsAction, *, running: bool) -> list[Pod]:
    """Active pods the action may take (Running ones for fail/succeed), oldest first."""
    parts = [f"{JOB_NAME_LABEL}={action.job}"] if action.job is not None else []
    parts += [action.selector] if action.selector else []
    listed = sim.api.list("pods", namespace=action.namespace, label_selector=",".join(parts))
    pods = [cast(Pod, p) for p in listed.items]
    pods = [
        p
        for p in pods
        if p.status.phase not in _TERMINAL
        and p.metadata.deletion_timestamp is None
        and (not running or p.status.phase == PodPhase.RUNNING.value)
    ]
    pods.sort(key=lambda p: (p.metadata.creation_timestamp or 0, p.metadata.name or ""))
    wanted = action.count if action.count is not None else max(len(pods), 1)
    if len(pods) < wanted:
        state = "running" if running else "active"
        found = f" ({_names(pods)})" if pods else ""
        raise ActionShortfall(
            f"{len(pods)} {state} pod(s) matched{found}, {wanted} wanted: nothing done"
        )
    return pods[:wanted]


def _names(pods: list[Pod]) -> str:
    return ", ".join(p.metadata.name or "" for p in pods)


def perform(sim: SimulationLike, action: ActionBase, obj: K8sModel | None = None) -> str:
    """Do one action now; return a note of what was done. Raises ``APIError`` if rejected."""
    api = sim.api
    if isinstance(action, CreateAction | ApplyAction):
        assert obj is not None
        if isinstance(action, ApplyAction):
            meta = obj.metadata  # type: ignore[attr-defined]
            try:
                api.get(type(obj), meta.name or "", namespace=meta.namespace)
            except NotFoundError:
                pass
            else:
                api.patch(type(obj), meta.name or "", action.manifest, namespace=meta.namespace)
                return "patched (strategic merge)"
        created = api.create(type(obj), _copy(obj))
        return f"created {created.metadata.name}"  # type: ignore[attr-defined]
    if isinstance(action, PatchAction):
        kind = _PATCH_TYPES[action.type]
        api.patch(
            action.resource, action.name, action.patch, namespace=action.namespace, patch_type=kind
        )
        return "patched"
    if isinstance(action, ScaleAction | SuspendAction | ResumeAction):
        spec: dict[str, Any]
        if isinstance(action, ScaleAction):
            spec = {"parallelism": action.parallelism}
        else:
            spec = {"suspend": isinstance(action, SuspendAction)}
        api.patch(
            "jobs",
            action.job,
            {"spec": spec},
            namespace=action.namespace,
            patch_type="application/merge-patch+json",
        )
        return "patched"
    if isinstance(action, DeleteAction):
        options = DeleteOptions(
            propagation_policy=action.propagation_policy,
            grace_period_seconds=action.grace_period_seconds,
        )
        api.delete(action.resource, action.name, namespace=action.namespace, options=options)
        return "deleted"
    if isinstance(action, FailPodsAction | SucceedPodsAction):
        pods = _pods(sim, action, running=True)
        for pod in pods:
            name, ns = pod.metadata.name or "", action.namespace
            if isinstance(action, FailPodsAction):
                sim.kubelet.fail_pod(name, ns, exit_code=action.exit_code)
            else:
                sim.kubelet.succeed_pod(name, ns)
        verb = "failed" if isinstance(action, FailPodsAction) else "succeeded"
        return f"{verb} {_names(pods)}"
    if isinstance(action, EvictPodsAction):
        pods = _pods(sim, action, running=action.reason == "TerminationByKubelet")
        for pod in pods:
            sim.kubelet.evict(
                pod.metadata.name or "",
                action.namespace,
                reason=action.reason,
                message=action.message,
                grace_period_seconds=action.grace_period_seconds,
            )
        return f"evicted {_names(pods)}"
    if isinstance(action, DeletePodsAction):
        pods = _pods(sim, action, running=False)
        options = DeleteOptions(grace_period_seconds=action.grace_period_seconds)
        for pod in pods:
            api.delete("pods", pod.metadata.name or "", namespace=action.namespace, options=options)
        return f"deleted {_names(pods)}"
    if isinstance(action, DrainNodeAction):
        names = sim.kubelet.drain_node(action.node)
        return f"evicted {', '.join(names)}" if names else "no pods to evict"
    if isinstance(action, CordonNodeAction):
        sim.kubelet.cordon(action.node)
        return "cordoned"
    if isinstance(action, UncordonNodeAction):
        sim.kubelet.uncordon(action.node)
        return "uncordoned"
    raise TypeError(f"unknown action {type(action).__name__}")
