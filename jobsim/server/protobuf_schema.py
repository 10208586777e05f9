"""Protobuf field numbers of the kinds jobsim decodes from ``vnd.kubernetes.protobuf`` bodies.

Owns ``MESSAGES``: for each message, its field number -> ``FieldSpec`` (JSON name, wire
kind, whether Go holds it behind a pointer and whether it repeats), transcribed from
upstream's ``generated.proto`` files, and ``KINDS``: the top-level kinds a protobuf body
may carry. Only what client-go's typed clients send for jobsim's kinds is covered (Job,
Namespace, DeleteOptions, and the pod template's common fields); a field missing here is
rejected by the decoder rather than dropped.

Pure data; imports nothing from jobsim.
Upstream: ``k8s.io/api/batch/v1/generated.proto``, ``k8s.io/api/core/v1/generated.proto``,
``k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto``,
``k8s.io/apimachinery/pkg/runtime/generated.proto`` (``Unknown``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["KINDS", "MESSAGES", "FieldSpec"]

STRING: Final = "string"
INT: Final = "int"
BOOL: Final = "bool"
BYTES: Final = "bytes"
TIME: Final = "time"
"""``meta.v1.Time``: ``seconds`` (1) and ``nanos`` (2); zero is Go's zero time (JSON null)."""
QUANTITY: Final = "quantity"
"""``resource.Quantity``: a message whose field 1 is the quantity as a string."""
STRING_MAP: Final = "map<string,string>"
QUANTITY_MAP: Final = "map<string,Quantity>"
SCALARS: Final = frozenset({STRING, INT, BOOL, BYTES, TIME, QUANTITY, STRING_MAP, QUANTITY_MAP})


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field: its JSON name, its kind (a scalar kind or a message name), Go pointer-ness."""

    name: str
    kind: str
    pointer: bool = False
    """Go ``*T`` (or a message): a zero value on the wire is meaningful and kept."""
    repeated: bool = False


def _f(number: int, name: str, kind: str, *flags: str) -> tuple[int, FieldSpec]:
    repeated = "repeated" in flags
    pointer = "ptr" in flags or kind not in SCALARS or repeated
    return number, FieldSpec(name, kind, pointer, repeated)


def _message(*fields: tuple[int, FieldSpec]) -> dict[int, FieldSpec]:
    return dict(fields)


R: Final = "repeated"
P: Final = "ptr"

MESSAGES: Final[dict[str, dict[int, FieldSpec]]] = {
    # k8s.io/apimachinery/pkg/runtime: the envelope of every protobuf body.
    "Unknown": _message(
        _f(1, "typeMeta", "TypeMeta"),
        _f(2, "raw", BYTES),
        _f(3, "contentEncoding", STRING),
        _f(4, "contentType", STRING),
    ),
    "TypeMeta": _message(_f(1, "apiVersion", STRING), _f(2, "kind", STRING)),
    # meta/v1
    "ObjectMeta": _message(
        _f(1, "name", STRING),
        _f(2, "generateName", STRING),
        _f(3, "namespace", STRING),
        _f(4, "selfLink", STRING),
        _f(5, "uid", STRING),
        _f(6, "resourceVersion", STRING),
        _f(7, "generation", INT),
        _f(8, "creationTimestamp", TIME),
        _f(9, "deletionTimestamp", TIME, P),
        _f(10, "deletionGracePeriodSeconds", INT, P),
        _f(11, "labels", STRING_MAP),
        _f(12, "annotations", STRING_MAP),
        _f(13, "ownerReferences", "OwnerReference", R),
        _f(14, "finalizers", STRING, R),
    ),
    "OwnerReference": _message(
        _f(1, "kind", STRING),
        _f(3, "name", STRING),
        _f(4, "uid", STRING),
        _f(5, "apiVersion", STRING),
        _f(6, "controller", BOOL, P),
        _f(7, "blockOwnerDeletion", BOOL, P),
    ),
    "LabelSelector": _message(
        _f(1, "matchLabels", STRING_MAP),
        _f(2, "matchExpressions", "LabelSelectorRequirement", R),
    ),
    "LabelSelectorRequirement": _message(
        _f(1, "key", STRING), _f(2, "operator", STRING), _f(3, "values", STRING, R)
    ),
    "DeleteOptions": _message(
        _f(1, "gracePeriodSeconds", INT, P),
        _f(2, "preconditions", "Preconditions"),
        _f(3, "orphanDependents", BOOL, P),
        _f(4, "propagationPolicy", STRING, P),
        _f(5, "dryRun", STRING, R),
        _f(6, "ignoreStoreReadErrorWithClusterBreakingPotential", BOOL, P),
    ),
    "Preconditions": _message(_f(1, "uid", STRING, P), _f(2, "resourceVersion", STRING, P)),
    # batch/v1
    "Job": _message(
        _f(1, "metadata", "ObjectMeta"), _f(2, "spec", "JobSpec"), _f(3, "status", "JobStatus")
    ),
    "JobSpec": _message(
        _f(1, "parallelism", INT, P),
        _f(2, "completions", INT, P),
        _f(3, "activeDeadlineSeconds", INT, P),
        _f(4, "selector", "LabelSelector"),
        _f(5, "manualSelector", BOOL, P),
        _f(6, "template", "PodTemplateSpec"),
        _f(7, "backoffLimit", INT, P),
        _f(8, "ttlSecondsAfterFinished", INT, P),
        _f(9, "completionMode", STRING, P),
        _f(10, "suspend", BOOL, P),
        _f(11, "podFailurePolicy", "PodFailurePolicy"),
        _f(12, "backoffLimitPerIndex", INT, P),
        _f(13, "maxFailedIndexes", INT, P),
        _f(14, "podReplacementPolicy", STRING, P),
        _f(15, "managedBy", STRING, P),
        _f(16, "successPolicy", "SuccessPolicy"),
    ),
    "JobStatus": _message(
        _f(1, "conditions", "JobCondition", R),
        _f(2, "startTime", TIME, P),
        _f(3, "completionTime", TIME, P),
        _f(4, "active", INT),
        _f(5, "succeeded", INT),
        _f(6, "failed", INT),
        _f(7, "completedIndexes", STRING),
        _f(8, "uncountedTerminatedPods", "UncountedTerminatedPods"),
        _f(9, "ready", INT, P),
        _f(10, "failedIndexes", STRING, P),
        _f(11, "terminating", INT, P),
    ),
    "JobCondition": _message(
        _f(1, "type", STRING),
        _f(2, "status", STRING),
        _f(3, "lastProbeTime", TIME),
        _f(4, "lastTransitionTime", TIME),
        _f(5, "reason", STRING),
        _f(6, "message", STRING),
    ),
    "UncountedTerminatedPods": _message(_f(1, "succeeded", STRING, R), _f(2, "failed", STRING, R)),
    "PodFailurePolicy": _message(_f(1, "rules", "PodFailurePolicyRule", R)),
    "PodFailurePolicyRule": _message(
        _f(1, "action", STRING),
        _f(2, "onExitCodes", "PodFailurePolicyOnExitCodesRequirement"),
        _f(3, "onPodConditions", "PodFailurePolicyOnPodConditionsPattern", R),
    ),
    "PodFailurePolicyOnExitCodesRequirement": _message(
        _f(1, "containerName", STRING, P), _f(2, "operator", STRING), _f(3, "values", INT, R)
    ),
    "PodFailurePolicyOnPodConditionsPattern": _message(
        _f(1, "type", STRING), _f(2, "status", STRING)
    ),
    "SuccessPolicy": _message(_f(1, "rules", "SuccessPolicyRule", R)),
    "SuccessPolicyRule": _message(
        _f(1, "succeededIndexes", STRING, P), _f(2, "succeededCount", INT, P)
    ),
    # core/v1
    "Namespace": _message(
        _f(1, "metadata", "ObjectMeta"),
        _f(2, "spec", "NamespaceSpec"),
        _f(3, "status", "NamespaceStatus"),
    ),
    "NamespaceSpec": _message(_f(1, "finalizers", STRING, R)),
    "NamespaceStatus": _message(_f(1, "phase", STRING)),
    "PodTemplateSpec": _message(_f(1, "metadata", "ObjectMeta"), _f(2, "spec", "PodSpec")),
    "PodSpec": _message(
        _f(2, "containers", "Container", R),
        _f(3, "restartPolicy", STRING),
        _f(4, "terminationGracePeriodSeconds", INT, P),
        _f(5, "activeDeadlineSeconds", INT, P),
        _f(6, "dnsPolicy", STRING),
        _f(7, "nodeSelector", STRING_MAP),
        _f(8, "serviceAccountName", STRING),
        _f(9, "serviceAccount", STRING),
        _f(10, "nodeName", STRING),
        _f(11, "hostNetwork", BOOL),
        _f(12, "hostPID", BOOL),
        _f(13, "hostIPC", BOOL),
        _f(16, "hostname", STRING),
        _f(17, "subdomain", STRING),
        _f(19, "schedulerName", STRING),
        _f(20, "initContainers", "Container", R),
        _f(21, "automountServiceAccountToken", BOOL, P),
        _f(24, "priorityClassName", STRING),
        _f(25, "priority", INT, P),
        _f(27, "shareProcessNamespace", BOOL, P),
        _f(29, "runtimeClassName", STRING, P),
        _f(30, "enableServiceLinks", BOOL, P),
        _f(31, "preemptionPolicy", STRING, P),
        _f(32, "overhead", QUANTITY_MAP),
        _f(35, "setHostnameAsFQDN", BOOL, P),
        _f(37, "hostUsers", BOOL, P),
    ),
    "Container": _message(
        _f(1, "name", STRING),
        _f(2, "image", STRING),
        _f(3, "command", STRING, R),
        _f(4, "args", STRING, R),
        _f(5, "workingDir", STRING),
        _f(6, "ports", "ContainerPort", R),
        _f(7, "env", "EnvVar", R),
        _f(8, "resources", "ResourceRequirements"),
        _f(13, "terminationMessagePath", STRING),
        _f(14, "imagePullPolicy", STRING),
        _f(16, "stdin", BOOL),
        _f(17, "stdinOnce", BOOL),
        _f(18, "tty", BOOL),
        _f(20, "terminationMessagePolicy", STRING),
        _f(24, "restartPolicy", STRING, P),
    ),
    "ContainerPort": _message(
        _f(1, "name", STRING),
        _f(2, "hostPort", INT),
        _f(3, "containerPort", INT),
        _f(4, "protocol", STRING),
        _f(5, "hostIP", STRING),
    ),
    "EnvVar": _message(
        _f(1, "name", STRING), _f(2, "value", STRING), _f(3, "valueFrom", "EnvVarSource")
    ),
    "EnvVarSource": _message(_f(1, "fieldRef", "ObjectFieldSelector")),
    "ObjectFieldSelector": _message(_f(1, "apiVersion", STRING), _f(2, "fieldPath", STRING)),
    "ResourceRequirements": _message(
        _f(1, "limits", QUANTITY_MAP), _f(2, "requests", QUANTITY_MAP)
    ),
}

KINDS: Final = {
    ("batch/v1", "Job"): "Job",
    ("batch/v2alpha1", "Job"): "Job",
    ("v1", "Namespace"): "Namespace",
    ("v1", "DeleteOptions"): "DeleteOptions",
    ("meta.k8s.io/v1", "DeleteOptions"): "DeleteOptions",
    ("batch/v1", "DeleteOptions"): "DeleteOptions",
}
"""(apiVersion, kind) of a protobuf body -> its message."""
