"""core/v1 container shapes: Container, ContainerPort, EnvVar, EnvVarSource, ResourceRequirements.

Owns the fields of upstream ``k8s.io/api/core/v1`` ``Container`` (every one is
declared; see ``staging/src/k8s.io/api/core/v1/types.go``) and the enums of its
string-valued fields. Fields jobsim simulates are typed; the others (probes,
lifecycle, volume mounts, security context, ...) are loose JSON so they
round-trip unchanged while a misspelled field is still an ``extra_forbidden`` error.

Go typing rules used throughout the core/v1 and batch/v1 models:

* Go pointer, slice or map -> ``X | None = None`` (unset is distinguishable);
* Go non-pointer scalar -> ``X = <zero>``; listed in ``__omit_zero__`` if ``omitempty``;
* Go non-pointer struct -> ``X = Field(default_factory=X)`` (written only if set or filled).

Pure data: no validation rules (``jobsim.api.validation``), no defaulting. Imports
only ``jobsim.api._base`` and ``jobsim.api._object``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from jobsim.api._base import Int32
from jobsim.api._object import GoStruct

__all__ = [
    "Container",
    "ContainerPort",
    "ContainerRestartPolicy",
    "EnvVar",
    "EnvVarSource",
    "ObjectFieldSelector",
    "Protocol",
    "PullPolicy",
    "Quantity",
    "ResourceRequirements",
    "TerminationMessagePolicy",
]

Quantity = str | int | float
"""A ``resource.Quantity`` as written (``"500m"``, ``"1Gi"``, or a bare YAML number).

Kept as written so a manifest round-trips; the apiserver would canonicalize it to a string.
"""


class ContainerRestartPolicy(StrEnum):
    """``ContainerRestartPolicy``: per-container restart policy (``Always`` marks a sidecar)."""

    ALWAYS = "Always"
    NEVER = "Never"
    ON_FAILURE = "OnFailure"


class PullPolicy(StrEnum):
    """``PullPolicy``: when the kubelet pulls the image."""

    ALWAYS = "Always"
    NEVER = "Never"
    IF_NOT_PRESENT = "IfNotPresent"


class TerminationMessagePolicy(StrEnum):
    """``TerminationMessagePolicy``: where the termination message comes from."""

    FILE = "File"
    FALLBACK_TO_LOGS_ON_ERROR = "FallbackToLogsOnError"


class Protocol(StrEnum):
    """``Protocol`` of a container port."""

    TCP = "TCP"
    UDP = "UDP"
    SCTP = "SCTP"


class ContainerPort(GoStruct):
    """``ContainerPort``: a network port of a container (kept for round-trip; not simulated)."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"name", "hostPort", "protocol", "hostIP"})

    name: str = ""
    host_port: Int32 = 0
    container_port: Int32 = 0
    protocol: str = ""
    host_ip: str = Field(default="", alias="hostIP")


class ObjectFieldSelector(GoStruct):
    """``ObjectFieldSelector``: a downward-API field path, e.g. the completion-index label."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"apiVersion"})

    api_version: str = ""
    field_path: str = ""


class EnvVarSource(GoStruct):
    """``EnvVarSource``: where an env var's value comes from (only ``fieldRef`` is typed)."""

    field_ref: ObjectFieldSelector | None = None
    resource_field_ref: dict[str, Any] | None = None
    config_map_key_ref: dict[str, Any] | None = None
    secret_key_ref: dict[str, Any] | None = None
    file_key_ref: dict[str, Any] | None = None


class EnvVar(GoStruct):
    """``EnvVar``: one environment variable of a container."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"value"})

    name: str = ""
    value: str = ""
    value_from: EnvVarSource | None = None


class ResourceRequirements(GoStruct):
    """``ResourceRequirements``: requests and limits (quantities kept as written)."""

    limits: dict[str, Quantity] | None = None
    requests: dict[str, Quantity] | None = None
    claims: list[Any] | None = None


class Container(GoStruct):
    """``Container``: every upstream field; the simulator reads name, image, command, env, ..."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {
            "image",
            "workingDir",
            "terminationMessagePath",
            "terminationMessagePolicy",
            "imagePullPolicy",
            "stdin",
            "stdinOnce",
            "tty",
        }
    )

    name: str = ""
    image: str = ""
    command: list[str] | None = None
    args: list[str] | None = None
    working_dir: str = ""
    ports: list[ContainerPort] | None = None
    env_from: list[Any] | None = None
    env: list[EnvVar] | None = None
    resources: ResourceRequirements = Field(default_factory=ResourceRequirements)
    resize_policy: list[Any] | None = None
    restart_policy: str | None = None
    restart_policy_rules: list[Any] | None = None
    volume_mounts: list[Any] | None = None
    volume_devices: list[Any] | None = None
    liveness_probe: dict[str, Any] | None = None
    readiness_probe: dict[str, Any] | None = None
    startup_probe: dict[str, Any] | None = None
    lifecycle: dict[str, Any] | None = None
    termination_message_path: str = ""
    termination_message_policy: str = ""
    image_pull_policy: str = ""
    security_context: dict[str, Any] | None = None
    stdin: bool = False
    stdin_once: bool = False
    tty: bool = False

    def is_restartable_init_container(self) -> bool:
        """True for a sidecar: ``restartPolicy: Always`` (``IsRestartableInitContainer``)."""
        return self.restart_policy == ContainerRestartPolicy.ALWAYS
