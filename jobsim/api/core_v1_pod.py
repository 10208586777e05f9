"""core/v1 pod shapes: Pod, PodList, PodTemplateSpec, PodSpec, PodStatus and their parts.

Owns every field of upstream ``PodSpec`` and ``PodStatus`` (``staging/src/k8s.io/api/
core/v1/types.go``) and the enums of their string-valued fields (``RestartPolicy``,
``PodPhase``, ``PodConditionType``, ...). Fields jobsim does not simulate
(volumes, affinity, tolerations, securityContext, ...) are loose JSON so they
round-trip unchanged. Go typing rules: see ``jobsim.api.core_v1_container``.

Pure data: no validation, no defaulting, no store. Imports only ``jobsim.api._base``,
``jobsim.api._object``, ``jobsim.api.meta_v1`` and ``jobsim.api.core_v1_container``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from jobsim.api._base import Int32, Int64, Time
from jobsim.api._object import APIList, APIObject, GoStruct
from jobsim.api.core_v1_container import Container, Quantity, ResourceRequirements
from jobsim.api.meta_v1 import ListMeta, ObjectMeta

__all__ = [
    "POD_REASON_PREEMPTION_BY_SCHEDULER",
    "POD_REASON_SCHEDULER_ERROR",
    "POD_REASON_SCHEDULING_GATED",
    "POD_REASON_TERMINATION_BY_KUBELET",
    "POD_REASON_UNSCHEDULABLE",
    "ConditionStatus",
    "ContainerState",
    "ContainerStateRunning",
    "ContainerStateTerminated",
    "ContainerStateWaiting",
    "ContainerStatus",
    "DNSPolicy",
    "HostIP",
    "Pod",
    "PodCondition",
    "PodConditionType",
    "PodIP",
    "PodList",
    "PodPhase",
    "PodQOSClass",
    "PodSpec",
    "PodStatus",
    "PodTemplateSpec",
    "RestartPolicy",
]

POD_REASON_UNSCHEDULABLE = "Unschedulable"
POD_REASON_SCHEDULING_GATED = "SchedulingGated"
POD_REASON_SCHEDULER_ERROR = "SchedulerError"
POD_REASON_TERMINATION_BY_KUBELET = "TerminationByKubelet"
"""Reason of a ``DisruptionTarget`` condition set by the kubelet."""
POD_REASON_PREEMPTION_BY_SCHEDULER = "PreemptionByScheduler"
"""Reason of a ``DisruptionTarget`` condition set by scheduler preemption."""


class RestartPolicy(StrEnum):
    """``RestartPolicy`` of a pod (a Job's template allows only ``OnFailure`` and ``Never``)."""

    ALWAYS = "Always"
    ON_FAILURE = "OnFailure"
    NEVER = "Never"


class PodPhase(StrEnum):
    """``PodPhase``: the coarse lifecycle state of a pod."""

    PENDING = "Pending"
    RUNNING = "Running"
    SUCCEEDED = "Succeeded"
    FAILED = "Failed"
    UNKNOWN = "Unknown"


class ConditionStatus(StrEnum):
    """``ConditionStatus``: ``True``, ``False`` or ``Unknown`` (strings, as in the API)."""

    TRUE = "True"
    FALSE = "False"
    UNKNOWN = "Unknown"


class PodConditionType(StrEnum):
    """``PodConditionType``: the built-in pod conditions."""

    CONTAINERS_READY = "ContainersReady"
    INITIALIZED = "Initialized"
    READY = "Ready"
    POD_SCHEDULED = "PodScheduled"
    DISRUPTION_TARGET = "DisruptionTarget"
    POD_READY_TO_START_CONTAINERS = "PodReadyToStartContainers"


class DNSPolicy(StrEnum):
    """``DNSPolicy`` of a pod."""

    CLUSTER_FIRST_WITH_HOST_NET = "ClusterFirstWithHostNet"
    CLUSTER_FIRST = "ClusterFirst"
    DEFAULT = "Default"
    NONE = "None"


class PodQOSClass(StrEnum):
    """``PodQOSClass``: the QoS class derived from requests and limits."""

    GUARANTEED = "Guaranteed"
    BURSTABLE = "Burstable"
    BEST_EFFORT = "BestEffort"


class PodCondition(GoStruct):
    """``PodCondition``; zero timestamps are written as ``null``, as Go's ``metav1.Time`` does."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"lastProbeTime", "lastTransitionTime"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"observedGeneration", "reason", "message"})

    type: str = ""
    observed_generation: Int64 = 0
    status: str = ""
    last_probe_time: Time | None = None
    last_transition_time: Time | None = None
    reason: str = ""
    message: str = ""


class ContainerStateWaiting(GoStruct):
    """``ContainerStateWaiting``: not running (``ContainerCreating``, ``CrashLoopBackOff``, ...)."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"reason", "message"})

    reason: str = ""
    message: str = ""


class ContainerStateRunning(GoStruct):
    """``ContainerStateRunning``: running since ``startedAt``."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"startedAt"})

    started_at: Time | None = None


class ContainerStateTerminated(GoStruct):
    """``ContainerStateTerminated``: ``exitCode`` is always written (not ``omitempty`` upstream)."""

    __always_written__: ClassVar[frozenset[str]] = frozenset({"exit_code"})
    __keep_null__: ClassVar[frozenset[str]] = frozenset({"startedAt", "finishedAt"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {"signal", "reason", "message", "containerID"}
    )

    exit_code: Int32 = 0
    signal: Int32 = 0
    reason: str = ""
    message: str = ""
    started_at: Time | None = None
    finished_at: Time | None = None
    container_id: str = Field(default="", alias="containerID")


class ContainerState(GoStruct):
    """``ContainerState``: at most one of waiting, running, terminated."""

    waiting: ContainerStateWaiting | None = None
    running: ContainerStateRunning | None = None
    terminated: ContainerStateTerminated | None = None


class ContainerStatus(GoStruct):
    """``ContainerStatus``; name, ready, restartCount, image and imageID are always written."""

    __always_written__: ClassVar[frozenset[str]] = frozenset(
        {"name", "ready", "restart_count", "image", "image_id"}
    )
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"containerID"})

    name: str = ""
    state: ContainerState = Field(default_factory=ContainerState)
    last_state: ContainerState = Field(default_factory=ContainerState)
    ready: bool = False
    restart_count: Int32 = 0
    image: str = ""
    image_id: str = Field(default="", alias="imageID")
    container_id: str = Field(default="", alias="containerID")
    started: bool | None = None
    allocated_resources: dict[str, Quantity] | None = None
    resources: ResourceRequirements | None = None
    volume_mounts: list[Any] | None = None
    user: dict[str, Any] | None = None
    allocated_resources_status: list[Any] | None = None
    stop_signal: str | None = None


class PodIP(GoStruct):
    """``PodIP``: one IP address of a pod."""

    ip: str = ""


class HostIP(GoStruct):
    """``HostIP``: one IP address of the pod's node."""

    ip: str = ""


class PodSpec(GoStruct):
    """``PodSpec``: every upstream field; containers, restartPolicy, deadlines, ... are typed."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {
            "restartPolicy",
            "dnsPolicy",
            "serviceAccountName",
            "serviceAccount",
            "nodeName",
            "hostNetwork",
            "hostPID",
            "hostIPC",
            "hostname",
            "subdomain",
            "schedulerName",
            "priorityClassName",
        }
    )

    volumes: list[Any] | None = None
    init_containers: list[Container] | None = None
    containers: list[Container] = Field(default_factory=list)
    ephemeral_containers: list[Any] | None = None
    restart_policy: str = ""
    termination_grace_period_seconds: Int64 | None = None
    active_deadline_seconds: Int64 | None = None
    dns_policy: str = ""
    node_selector: dict[str, str] | None = None
    service_account_name: str = ""
    deprecated_service_account: str = Field(default="", alias="serviceAccount")
    automount_service_account_token: bool | None = None
    node_name: str = ""
    host_network: bool = False
    host_pid: bool = Field(default=False, alias="hostPID")
    host_ipc: bool = Field(default=False, alias="hostIPC")
    share_process_namespace: bool | None = None
    security_context: dict[str, Any] | None = None
    image_pull_secrets: list[Any] | None = None
    hostname: str = ""
    subdomain: str = ""
    affinity: dict[str, Any] | None = None
    scheduler_name: str = ""
    tolerations: list[Any] | None = None
    host_aliases: list[Any] | None = None
    priority_class_name: str = ""
    priority: Int32 | None = None
    dns_config: dict[str, Any] | None = None
    readiness_gates: list[Any] | None = None
    runtime_class_name: str | None = None
    enable_service_links: bool | None = None
    preemption_policy: str | None = None
    overhead: dict[str, Quantity] | None = None
    topology_spread_constraints: list[Any] | None = None
    set_hostname_as_fqdn: bool | None = Field(default=None, alias="setHostnameAsFQDN")
    os: dict[str, Any] | None = None
    host_users: bool | None = None
    scheduling_gates: list[Any] | None = None
    resource_claims: list[Any] | None = None
    resources: ResourceRequirements | None = None
    hostname_override: str | None = None
    workload_ref: dict[str, Any] | None = None
    """1.35 alpha (``GenericWorkload``): reference to a scheduling Workload."""
    scheduling_group: dict[str, Any] | None = None
    """Newer alpha successor of ``workloadRef`` (``PodSchedulingGroup``)."""


class PodStatus(GoStruct):
    """``PodStatus``: every upstream field; phase, conditions and container statuses are typed."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {
            "observedGeneration",
            "phase",
            "message",
            "reason",
            "nominatedNodeName",
            "hostIP",
            "podIP",
            "qosClass",
            "resize",
        }
    )

    observed_generation: Int64 = 0
    phase: str = ""
    conditions: list[PodCondition] | None = None
    message: str = ""
    reason: str = ""
    nominated_node_name: str = ""
    host_ip: str = Field(default="", alias="hostIP")
    host_ips: list[HostIP] | None = Field(default=None, alias="hostIPs")
    pod_ip: str = Field(default="", alias="podIP")
    pod_ips: list[PodIP] | None = Field(default=None, alias="podIPs")
    start_time: Time | None = None
    init_container_statuses: list[ContainerStatus] | None = None
    container_statuses: list[ContainerStatus] | None = None
    qos_class: str = ""
    ephemeral_container_statuses: list[ContainerStatus] | None = None
    resize: str = ""
    resource_claim_statuses: list[Any] | None = None
    extended_resource_claim_status: dict[str, Any] | None = None
    resources: ResourceRequirements | None = None
    allocated_resources: dict[str, Quantity] | None = None

    def condition(self, condition_type: str) -> PodCondition | None:
        """Return the pod condition of that type, if any (``podutil.GetPodCondition``)."""
        for cond in self.conditions or ():
            if cond.type == condition_type:
                return cond
        return None


class PodTemplateSpec(GoStruct):
    """``PodTemplateSpec``: the metadata and spec of the pods a Job creates."""

    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: PodSpec = Field(default_factory=PodSpec)


class Pod(APIObject):
    """``Pod`` (core/v1)."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "Pod"
    list_kind: ClassVar[str] = "PodList"
    plural: ClassVar[str] = "pods"
    singular: ClassVar[str] = "pod"
    namespaced: ClassVar[bool] = True
    short_names: ClassVar[tuple[str, ...]] = ("po",)
    categories: ClassVar[tuple[str, ...]] = ("all",)

    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: PodSpec = Field(default_factory=PodSpec)
    status: PodStatus = Field(default_factory=PodStatus)


class PodList(APIList):
    """``PodList``."""

    group: ClassVar[str] = ""
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "v1"
    object_kind: ClassVar[str] = "PodList"
    item_model: ClassVar[type[APIObject]] = Pod

    metadata: ListMeta = Field(default_factory=ListMeta)
    items: list[Pod] = Field(default_factory=list)
