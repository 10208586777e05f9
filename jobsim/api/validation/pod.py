"""Pod template validation: the subset of ``ValidatePodTemplateSpec`` that Job users meet.

Mirrors ``pkg/apis/core/validation/validation.go`` (current), in upstream order:

* ``ValidatePodTemplateSpec``: template labels (path ``spec.template.labels``), annotations,
  the pod spec, and ``ephemeralContainers`` forbidden in templates;
* ``ValidatePodSpec``: ``terminationGracePeriodSeconds`` required (always set by defaulting;
  upstream has no sign check on it), containers (``validateContainers``), init containers
  (``validateInitContainers``), ``restartPolicy``, ``dnsPolicy``, ``nodeSelector`` labels,
  ``serviceAccountName``, ``nodeName``, ``activeDeadlineSeconds`` (1..MaxInt32),
  ``hostname``/``subdomain`` DNS labels and ``priorityClassName``;
* per container (``validateContainerCommon``): name required / DNS-1123 label, image required,
  ``terminationMessagePolicy`` and ``imagePullPolicy`` required / supported; duplicate names
  (regular containers among themselves, init containers against both lists); ``restartPolicy``
  forbidden on regular containers and only ``Always`` (a sidecar) on init containers; probes
  and lifecycle forbidden on init containers that are not sidecars.

Not covered (accepted as given): volumes and mounts, env and envFrom, ports and host ports,
resource quantities, probe and lifecycle contents, security contexts, affinity, tolerations,
topology spread, dnsConfig, os, resource claims, pod-specific annotations (seccomp, AppArmor,
deletion cost), resize policies, ephemeral container contents.

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from typing import Final

from jobsim.api import naming
from jobsim.api.core_v1 import Container, PodSpec, PodTemplateSpec
from jobsim.api.field import (
    FieldError,
    Path,
    duplicate,
    forbidden,
    invalid,
    not_supported,
    required,
)
from jobsim.api.validation.meta import (
    inclusive_range_error,
    validate_annotations,
    validate_dns1123_label,
    validate_dns1123_subdomain,
    validate_labels,
)

__all__ = ["validate_pod_spec", "validate_pod_template_spec"]

MAX_INT32: Final = 2**31 - 1
RESTART_POLICIES: Final = ("Always", "OnFailure", "Never")
DNS_POLICIES: Final = ("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None")
PULL_POLICIES: Final = ("Always", "IfNotPresent", "Never")  # sets.List order
TERMINATION_MESSAGE_POLICIES: Final = ("File", "FallbackToLogsOnError")
_INIT_ONLY_FIELDS: Final = ("lifecycle", "livenessProbe", "readinessProbe", "startupProbe")


def validate_pod_template_spec(template: PodTemplateSpec, path: Path) -> list[FieldError]:
    """``ValidatePodTemplateSpec``: labels, annotations, then the pod spec."""
    errs = validate_labels(template.metadata.labels, path.child("labels"))
    errs.extend(validate_annotations(template.metadata.annotations, path.child("annotations")))
    errs.extend(validate_pod_spec(template.spec, path.child("spec")))
    if template.spec.ephemeral_containers:
        errs.append(
            forbidden(
                path.child("spec", "ephemeralContainers"),
                "ephemeral containers not allowed in pod template",
            )
        )
    return errs


def validate_pod_spec(spec: PodSpec, path: Path) -> list[FieldError]:
    """``ValidatePodSpec`` (the covered subset; see the module docstring)."""
    errs: list[FieldError] = []
    if spec.termination_grace_period_seconds is None:
        errs.append(required(path.child("terminationGracePeriodSeconds")))
    errs.extend(_validate_containers(spec.containers, path.child("containers")))
    errs.extend(
        _validate_init_containers(
            spec.init_containers or [], spec.containers, path.child("initContainers")
        )
    )
    # Paths are built only when a check can fail (validation runs on every pod create).
    if spec.restart_policy not in RESTART_POLICIES:
        errs.extend(
            _validate_enum(spec.restart_policy, RESTART_POLICIES, path.child("restartPolicy"))
        )
    if spec.dns_policy not in DNS_POLICIES:
        errs.extend(_validate_enum(spec.dns_policy, DNS_POLICIES, path.child("dnsPolicy")))
    if spec.node_selector:
        errs.extend(validate_labels(spec.node_selector, path.child("nodeSelector")))
    if spec.service_account_name:
        errs.extend(
            validate_dns1123_subdomain(spec.service_account_name, path.child("serviceAccountName"))
        )
    if spec.node_name:
        errs.extend(validate_dns1123_subdomain(spec.node_name, path.child("nodeName")))
    deadline = spec.active_deadline_seconds
    if deadline is not None and not 1 <= deadline <= MAX_INT32:
        errs.append(
            invalid(
                path.child("activeDeadlineSeconds"), deadline, inclusive_range_error(1, MAX_INT32)
            )
        )
    if spec.hostname:
        errs.extend(validate_dns1123_label(spec.hostname, path.child("hostname")))
    if spec.subdomain:
        errs.extend(validate_dns1123_label(spec.subdomain, path.child("subdomain")))
    if spec.priority_class_name:
        errs.extend(
            validate_dns1123_subdomain(spec.priority_class_name, path.child("priorityClassName"))
        )
    return errs


def _validate_enum(value: str, valid: tuple[str, ...], path: Path) -> list[FieldError]:
    """The ``switch`` of ``validateRestartPolicy`` and friends: Required or Unsupported."""
    if value == "":
        return [required(path)]
    if value not in valid:
        return [not_supported(path, value, valid)]
    return []


def _validate_container_common(container: Container, path: Path) -> list[FieldError]:
    """``validateContainerCommon``: name, image, terminationMessagePolicy, imagePullPolicy."""
    errs: list[FieldError] = []
    if container.name == "":
        errs.append(required(path.child("name")))
    elif naming.is_dns1123_label(container.name):
        errs.extend(validate_dns1123_label(container.name, path.child("name")))
    if container.image == "":
        errs.append(required(path.child("image")))
    if container.termination_message_policy not in TERMINATION_MESSAGE_POLICIES:
        errs.extend(
            _validate_enum(
                container.termination_message_policy,
                TERMINATION_MESSAGE_POLICIES,
                path.child("terminationMessagePolicy"),
            )
        )
    if container.image_pull_policy not in PULL_POLICIES:
        errs.extend(
            _validate_enum(
                container.image_pull_policy, PULL_POLICIES, path.child("imagePullPolicy")
            )
        )
    return errs


def _validate_containers(containers: list[Container], path: Path) -> list[FieldError]:
    """``validateContainers``: at least one; common rules; unique names; no restartPolicy."""
    if not containers:
        return [required(path)]
    errs: list[FieldError] = []
    names: set[str] = set()
    for i, container in enumerate(containers):
        idx_path = path.index(i)
        errs.extend(_validate_container_common(container, idx_path))
        if container.name in names:
            errs.append(duplicate(idx_path.child("name"), container.name))
        else:
            names.add(container.name)
        if container.restart_policy is not None:
            errs.append(
                forbidden(idx_path.child("restartPolicy"), "may not be set for non-init containers")
            )
    return errs


def _validate_init_containers(
    init_containers: list[Container], containers: list[Container], path: Path
) -> list[FieldError]:
    """``validateInitContainers``: common rules; restartPolicy only Always; unique names."""
    errs: list[FieldError] = []
    names = {c.name for c in containers}
    for i, container in enumerate(init_containers):
        idx_path = path.index(i)
        errs.extend(_validate_container_common(container, idx_path))
        restart_always = False
        if container.restart_policy is not None:
            if container.restart_policy != "Always":
                errs.append(
                    not_supported(
                        idx_path.child("restartPolicy"), container.restart_policy, ["Always"]
                    )
                )
            restart_always = container.restart_policy == "Always"
        if container.name in names:
            errs.append(duplicate(idx_path.child("name"), container.name))
        elif container.name:
            names.add(container.name)
        if not restart_always:
            present = {
                "lifecycle": container.lifecycle,
                "livenessProbe": container.liveness_probe,
                "readinessProbe": container.readiness_probe,
                "startupProbe": container.startup_probe,
            }
            errs.extend(
                forbidden(
                    idx_path.child(name),
                    "may not be set for init containers without restartPolicy=Always",
                )
                for name in _INIT_ONLY_FIELDS
                if present[name] is not None
            )
    return errs
