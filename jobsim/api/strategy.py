"""Per-kind create/update strategies: what the apiserver does to an object before storing it.

Owns: the ``RESTStrategy`` contract the store calls (defaulting, generated
fields, validation on create/update/status update, warnings, deletion
defaults) and one strategy per kind jobsim serves. Layer 0: pure functions of
objects; no store, no clock (the store passes uid and time in).

Mirrors upstream ``pkg/registry/<group>/<kind>/strategy.go``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from jobsim.api import defaults, naming, validation
from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Namespace, NamespaceStatus, Pod, PodStatus
from jobsim.api.field import FieldError, Path

__all__ = [
    "STRATEGIES",
    "EventStrategy",
    "JobStrategy",
    "NamespaceStrategy",
    "PodStrategy",
    "RESTStrategy",
    "strategy_for",
]


@dataclass(frozen=True)
class RESTStrategy:
    """Defaulting and validation hooks for one resource, as upstream ``rest.RESTCreateStrategy``.

    The base class accepts everything; kinds override what upstream checks.
    """

    plural: ClassVar[str] = ""
    has_status: ClassVar[bool] = True
    graceful_deletion: ClassVar[bool] = False
    default_propagation: ClassVar[str] = "Background"
    """What a DELETE without propagationPolicy does (batch/v1 Jobs: Orphan)."""

    def prepare_for_create(self, obj: K8sModel) -> None:
        """Default the object and set generated fields (uid/time are already set by the store)."""

    def validate(self, obj: K8sModel) -> list[FieldError]:
        """Validate a new object; an empty list means valid."""
        return []

    def canonicalize(self, obj: K8sModel) -> None:
        """After validation, before storing: what reading the object back would change."""

    def warnings_on_create(self, obj: K8sModel) -> list[str]:
        """Warnings returned to the client on create (HTTP ``Warning`` headers)."""
        return []

    def prepare_for_update(self, new: K8sModel, old: K8sModel) -> None:
        """Main-resource update: keep the stored status, bump generation on spec change."""

    def warnings_on_update(self, new: K8sModel, old: K8sModel) -> list[str]:
        """Warnings returned to the client on update (HTTP ``Warning`` headers)."""
        return []

    def validate_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """Validate an update of the main resource."""
        return []

    def prepare_for_status_update(self, new: K8sModel, old: K8sModel) -> None:
        """Status update: keep the stored spec (and for Pods, deletion and owner fields)."""

    def validate_status_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """Validate a status update."""
        return []


STRATEGIES: dict[str, RESTStrategy] = {}


def strategy_for(plural: str) -> RESTStrategy:
    """Return the strategy for a resource plural (``jobs``, ``pods``, ``events``, ...)."""
    return STRATEGIES.get(plural) or RESTStrategy()


def _job(obj: K8sModel) -> Job:
    assert isinstance(obj, Job)
    return obj


def _pod(obj: K8sModel) -> Pod:
    assert isinstance(obj, Pod)
    return obj


@dataclass(frozen=True)
class JobStrategy(RESTStrategy):
    """``pkg/registry/batch/job/strategy.go``: defaults, generated selector, validation."""

    plural: ClassVar[str] = "jobs"
    default_propagation: ClassVar[str] = "Orphan"

    def prepare_for_create(self, obj: K8sModel) -> None:
        """Decode-time defaults, then ``PrepareForCreate`` (generated selector and labels).

        See ``canonicalize`` for the labels a Job is observed with.
        """
        job = _job(obj)
        defaults.set_defaults_job(job)
        defaults.prepare_for_create(job)

    def canonicalize(self, obj: K8sModel) -> None:
        """Labels defaulted again as when the stored Job is decoded (``SetDefaults_Job``)."""
        defaults.default_labels_on_decode(_job(obj))

    def validate(self, obj: K8sModel) -> list[FieldError]:
        """``ValidateJob`` with the create options."""
        return validation.validate_job(_job(obj))

    def warnings_on_create(self, obj: K8sModel) -> list[str]:
        """``WarningsOnCreate`` (e.g. a name that is not a DNS label)."""
        return validation.warnings_on_create(_job(obj))

    def prepare_for_update(self, new: K8sModel, old: K8sModel) -> None:
        """Defaults on the decoded body, stored status kept, generation bumped on spec change."""
        job = _job(new)
        defaults.set_defaults_job(job)
        defaults.prepare_for_update(job, _job(old))

    def validate_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """``ValidateJobUpdate``."""
        return validation.validate_job_update(_job(new), _job(old))

    def warnings_on_update(self, new: K8sModel, old: K8sModel) -> list[str]:
        """``WarningsOnUpdate``: the spec warnings, when the update changed the generation."""
        return validation.warnings_on_update(_job(new), _job(old))

    def prepare_for_status_update(self, new: K8sModel, old: K8sModel) -> None:
        """The status strategy: the stored spec is kept."""
        defaults.prepare_for_status_update(_job(new), _job(old))

    def validate_status_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """``ValidateJobUpdateStatus``."""
        return validation.validate_job_status_update(_job(new), _job(old))


@dataclass(frozen=True)
class PodStrategy(RESTStrategy):
    """``pkg/registry/core/pod/strategy.go``, the parts a Job simulator needs.

    Covered: pod defaulting, status reset to ``Pending`` on create, metadata and the
    pod-spec subset of ``jobsim.api.validation.pod``; status writes keep the stored spec,
    deletion fields and owner references. Not covered: pod-spec immutability on update
    (the fake kubelet binds pods by writing ``spec.nodeName``).
    """

    plural: ClassVar[str] = "pods"
    graceful_deletion: ClassVar[bool] = True

    def prepare_for_create(self, obj: K8sModel) -> None:
        """Defaults, then ``status = {phase: Pending}`` as ``PrepareForCreate`` does."""
        pod = _pod(obj)
        defaults.set_defaults_pod(pod)
        pod.status = PodStatus(phase="Pending", qos_class="BestEffort")

    def validate(self, obj: K8sModel) -> list[FieldError]:
        """ObjectMeta and the covered pod-spec rules."""
        pod = _pod(obj)
        errs = naming.validate_object_meta(pod.metadata, namespaced=True, path=Path("metadata"))
        errs.extend(validation.validate_pod_spec(pod.spec, Path("spec")))
        return errs

    def prepare_for_update(self, new: K8sModel, old: K8sModel) -> None:
        """Main-resource writes keep the stored status."""
        _pod(new).status = _pod(old).status

    def validate_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """ObjectMeta update rules (``old`` is the stored, hence valid, object)."""
        new_meta, old_meta = _pod(new).metadata, _pod(old).metadata
        if new_meta == old_meta:
            return []  # what validating the stored metadata again would answer
        return naming.validate_object_meta_update(new_meta, old_meta, Path("metadata"))

    def prepare_for_status_update(self, new: K8sModel, old: K8sModel) -> None:
        """Status writes keep the stored spec, deletion fields and owner references."""
        pod, previous = _pod(new), _pod(old)
        pod.spec = previous.spec
        pod.metadata.deletion_timestamp = previous.metadata.deletion_timestamp
        pod.metadata.deletion_grace_period_seconds = previous.metadata.deletion_grace_period_seconds
        pod.metadata.owner_references = previous.metadata.owner_references

    def validate_status_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """ObjectMeta update rules."""
        return self.validate_update(new, old)


@dataclass(frozen=True)
class NamespaceStrategy(RESTStrategy):
    """``pkg/registry/core/namespace/strategy.go``: DNS-label names, phase ``Active``."""

    plural: ClassVar[str] = "namespaces"

    def prepare_for_create(self, obj: K8sModel) -> None:
        """New namespaces are ``Active``."""
        assert isinstance(obj, Namespace)
        obj.status = NamespaceStatus(phase="Active")

    def validate(self, obj: K8sModel) -> list[FieldError]:
        """ObjectMeta with DNS-1123 label names, no namespace."""
        assert isinstance(obj, Namespace)
        return naming.validate_object_meta(
            obj.metadata,
            namespaced=False,
            name_fn=naming.validate_namespace_name,
            path=Path("metadata"),
        )


@dataclass(frozen=True)
class EventStrategy(RESTStrategy):
    """``pkg/registry/core/event/strategy.go``: events have no status subresource."""

    plural: ClassVar[str] = "events"
    has_status: ClassVar[bool] = False


STRATEGIES.update(
    {
        "jobs": JobStrategy(),
        "pods": PodStrategy(),
        "namespaces": NamespaceStrategy(),
        "events": EventStrategy(),
    }
)
