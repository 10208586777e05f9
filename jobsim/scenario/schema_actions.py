"""The timeline of a scenario: actions at simulated times (a discriminated union on ``action``).

Owns the models of every timeline action and their one-line descriptions. What each action
*does* lives in ``jobsim.scenario.actions``. Imports pydantic, ``jobsim.scenario._types`` and
layer 0 constants only; must not import the store, the kubelet or the simulation.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jobsim.duration import format_duration
from jobsim.scenario._types import Name, Namespace, SchemaModel, SelectorText, SimTime

__all__ = [
    "Action",
    "ActionBase",
    "ApplyAction",
    "CordonNodeAction",
    "CreateAction",
    "DeleteAction",
    "DeletePodsAction",
    "DrainNodeAction",
    "EvictPodsAction",
    "FailPodsAction",
    "PatchAction",
    "PodsAction",
    "ResumeAction",
    "ScaleAction",
    "SucceedPodsAction",
    "SuspendAction",
    "UncordonNodeAction",
]

DisruptionReason = Literal[
    "EvictionByEvictionAPI",
    "PreemptionByScheduler",
    "DeletionByTaintManager",
    "DeletionByPodGC",
    "TerminationByKubelet",
]


class ActionBase(SchemaModel):
    """Fields every action has: when it happens and whether it is expected to be rejected."""

    at: SimTime
    """When the action happens (simulated time since the start; never negative)."""
    expect_error: str | None = None
    """The action must fail with an API error whose text contains this; absent = must succeed."""

    def describe(self) -> str:
        """One line: what the action does (without the time)."""
        raise NotImplementedError

    def when(self) -> str:
        """The time of the action in Go duration syntax (``1m30s``)."""
        return format_duration(self.at)


class CreateAction(ActionBase):
    """Create the object of an inline manifest (``kubectl create -f``)."""

    action: Literal["create"]
    manifest: dict[str, Any]

    def describe(self) -> str:
        """Return ``create Kind/name``."""
        return f"create {_manifest_name(self.manifest)}"


class ApplyAction(ActionBase):
    """Create the object, or strategic-merge-patch it with the manifest if it exists."""

    action: Literal["apply"]
    manifest: dict[str, Any]

    def describe(self) -> str:
        """Return ``apply Kind/name``."""
        return f"apply {_manifest_name(self.manifest)}"


class PatchAction(ActionBase):
    """``kubectl patch``: any of the three patch types, on a Job (default) or a Pod."""

    action: Literal["patch"]
    resource: Literal["jobs", "pods"] = "jobs"
    name: Name
    namespace: Namespace = "default"
    type: Literal["strategic", "merge", "json"] = "strategic"
    patch: dict[str, Any] | list[Any]

    @model_validator(mode="after")
    def _shape(self) -> PatchAction:
        if (self.type == "json") != isinstance(self.patch, list):
            want = "a list of operations" if self.type == "json" else "a mapping"
            raise PydanticCustomError(
                "patch_shape", "a {type} patch is {want}", {"type": self.type, "want": want}
            )
        return self

    def describe(self) -> str:
        """Return ``patch jobs/name (merge)``."""
        return f"patch {self.resource}/{self.name} ({self.type})"


class _JobAction(ActionBase):
    job: Name
    namespace: Namespace = "default"


class ScaleAction(_JobAction):
    """Set ``spec.parallelism`` (a merge patch)."""

    action: Literal["scale"]
    parallelism: int = Field(ge=0, le=2**31 - 1)

    def describe(self) -> str:
        """Return ``scale job/name to parallelism N``."""
        return f"scale job/{self.job} to parallelism {self.parallelism}"


class SuspendAction(_JobAction):
    """Set ``spec.suspend: true`` (a merge patch)."""

    action: Literal["suspend"]

    def describe(self) -> str:
        """Return ``suspend job/name``."""
        return f"suspend job/{self.job}"


class ResumeAction(_JobAction):
    """Set ``spec.suspend: false`` (a merge patch)."""

    action: Literal["resume"]

    def describe(self) -> str:
        """Return ``resume job/name``."""
        return f"resume job/{self.job}"


class DeleteAction(ActionBase):
    """``DELETE`` a Job (default) or a Pod, with an optional propagation policy and grace."""

    action: Literal["delete"]
    resource: Literal["jobs", "pods"] = "jobs"
    name: Name
    namespace: Namespace = "default"
    propagation_policy: Literal["Orphan", "Background", "Foreground"] | None = None
    """Absent: the apiserver's default (batch/v1 Jobs orphan their pods; kubectl sends
    Background)."""
    grace_period_seconds: int | None = Field(default=None, ge=0)

    def describe(self) -> str:
        """Return ``delete jobs/name (propagation Orphan)``."""
        policy = f" (propagation {self.propagation_policy})" if self.propagation_policy else ""
        return f"delete {self.resource}/{self.name}{policy}"


class PodsAction(ActionBase):
    """Act on the pods that match ``job`` and/or ``selector`` (oldest first)."""

    job: Name | None = None
    """Shorthand for the selector ``batch.kubernetes.io/job-name=<job>``."""
    selector: SelectorText | None = None
    namespace: Namespace = "default"
    count: int | None = Field(default=None, ge=1)
    """How many pods (the oldest first); absent = every matching pod, at least one."""

    @model_validator(mode="after")
    def _target(self) -> PodsAction:
        if self.job is None and self.selector is None:
            raise PydanticCustomError("pods_target", "give job, selector or both", {})
        return self

    def target(self) -> str:
        """The pods acted on, for descriptions."""
        parts = [f"job={self.job}"] if self.job else []
        parts += [f"selector={self.selector!r}"] if self.selector else []
        many = f"{self.count} pod(s)" if self.count else "all pods"
        return f"{many} of {' '.join(parts)}"


class FailPodsAction(PodsAction):
    """End the running containers of running pods now with ``exitCode`` (the kubelet's view)."""

    action: Literal["failPods"]
    exit_code: int = Field(default=1, ge=1, le=255)

    def describe(self) -> str:
        """Return ``fail N pod(s) of job=x with exit code C``."""
        return f"fail {self.target()} with exit code {self.exit_code}"


class SucceedPodsAction(PodsAction):
    """End the running containers of running pods now with exit code 0."""

    action: Literal["succeedPods"]

    def describe(self) -> str:
        """Return ``succeed N pod(s) of job=x``."""
        return f"succeed {self.target()}"


class EvictPodsAction(PodsAction):
    """Disrupt active pods: ``DisruptionTarget=True`` with ``reason``, then what it does."""

    action: Literal["evictPods"]
    reason: DisruptionReason = "EvictionByEvictionAPI"
    message: str | None = None
    """The condition's message; absent = upstream's message for the reason."""
    grace_period_seconds: int | None = Field(default=None, ge=0)

    def describe(self) -> str:
        """Return ``evict N pod(s) of job=x (reason)``."""
        return f"evict {self.target()} ({self.reason})"


class DeletePodsAction(PodsAction):
    """``DELETE`` active pods (``kubectl delete pod``), with an optional grace period."""

    action: Literal["deletePods"]
    grace_period_seconds: int | None = Field(default=None, ge=0)

    def describe(self) -> str:
        """Return ``delete N pod(s) of job=x``."""
        return f"delete {self.target()}"


class DrainNodeAction(ActionBase):
    """``kubectl drain``: cordon the node and evict its pods through the eviction API."""

    action: Literal["drainNode"]
    node: Name

    def describe(self) -> str:
        """Return ``drain node/x``."""
        return f"drain node/{self.node}"


class CordonNodeAction(ActionBase):
    """``kubectl cordon``: no new pods on the node."""

    action: Literal["cordonNode"]
    node: Name

    def describe(self) -> str:
        """Return ``cordon node/x``."""
        return f"cordon node/{self.node}"


class UncordonNodeAction(ActionBase):
    """``kubectl uncordon``: the node takes pods again."""

    action: Literal["uncordonNode"]
    node: Name

    def describe(self) -> str:
        """Return ``uncordon node/x``."""
        return f"uncordon node/{self.node}"


def _manifest_name(manifest: dict[str, Any]) -> str:
    kind = manifest.get("kind", "?")
    meta = manifest.get("metadata")
    name = meta.get("name") or meta.get("generateName") if isinstance(meta, dict) else None
    return f"{kind}/{name}" if name else str(kind)


Action = Annotated[
    CreateAction
    | ApplyAction
    | PatchAction
    | ScaleAction
    | SuspendAction
    | ResumeAction
    | DeleteAction
    | FailPodsAction
    | SucceedPodsAction
    | EvictPodsAction
    | DeletePodsAction
    | DrainNodeAction
    | CordonNodeAction
    | UncordonNodeAction,
    Field(discriminator="action"),
]
"""One timeline action; ``action`` says which."""
