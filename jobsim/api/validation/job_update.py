"""Job update validation, as the Job strategy's ``ValidateUpdate`` runs it.

Owns upstream ``ValidateJobUpdate``, ``ValidateJobSpecUpdate``, ``validateCompletions`` and
``validatePodTemplateUpdate`` (``pkg/apis/batch/validation/validation.go``).
``validate_job_update`` returns exactly what the strategy returns: ``ValidateJob`` on the new
object followed by ``ValidateJobUpdate`` -- which re-runs ``ValidateJobSpec``, so an invalid
spec is reported twice in the list, as upstream does (``aggregate_message`` prints it once).

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from typing import Any

from jobsim.api import naming
from jobsim.api.batch_v1 import Job, JobSpec
from jobsim.api.core_v1 import PodTemplateSpec
from jobsim.api.field import FieldError, Path, invalid
from jobsim.api.validation.equality import semantic_deep_equal
from jobsim.api.validation.internal import (
    pod_failure_policy_value,
    success_policy_value,
    template_value,
)
from jobsim.api.validation.job import (
    JobValidationOptions,
    validate_job,
    validate_job_spec,
    validation_options_for_job,
)
from jobsim.api.validation.meta import validate_immutable_field

__all__ = [
    "validate_completions",
    "validate_job_spec_update",
    "validate_job_update",
    "validate_pod_template_update",
]


def validate_job_update(
    new: Job, old: Job, *, opts: JobValidationOptions | None = None
) -> list[FieldError]:
    """The strategy's ``ValidateUpdate``: ``ValidateJob(new)``, then ``ValidateJobUpdate``."""
    opts = opts if opts is not None else validation_options_for_job(new, old)
    errs = validate_job(new, opts=opts)
    errs.extend(naming.validate_object_meta_update(new.metadata, old.metadata, Path("metadata")))
    errs.extend(validate_job_spec_update(new.spec, old.spec, Path("spec"), opts))
    return errs


def validate_job_spec_update(
    spec: JobSpec, old: JobSpec, path: Path, opts: JobValidationOptions
) -> list[FieldError]:
    """``ValidateJobSpecUpdate``: the spec rules again, then the immutable fields."""
    errs = validate_job_spec(spec, path, opts)
    errs.extend(validate_completions(spec, old, path.child("completions"), opts))
    errs.extend(validate_immutable_field(spec.selector, old.selector, path.child("selector")))
    errs.extend(validate_pod_template_update(spec, old, path, opts))
    errs.extend(
        validate_immutable_field(
            spec.completion_mode, old.completion_mode, path.child("completionMode")
        )
    )
    errs.extend(
        validate_immutable_field(
            spec.pod_failure_policy,
            old.pod_failure_policy,
            path.child("podFailurePolicy"),
            shown=pod_failure_policy_value(spec.pod_failure_policy),
        )
    )
    errs.extend(
        validate_immutable_field(
            spec.backoff_limit_per_index,
            old.backoff_limit_per_index,
            path.child("backoffLimitPerIndex"),
        )
    )
    errs.extend(validate_immutable_field(spec.managed_by, old.managed_by, path.child("managedBy")))
    errs.extend(
        validate_immutable_field(
            spec.success_policy,
            old.success_policy,
            path.child("successPolicy"),
            shown=success_policy_value(spec.success_policy),
        )
    )
    return errs


def validate_completions(
    spec: JobSpec, old: JobSpec, path: Path, opts: JobValidationOptions
) -> list[FieldError]:
    """``validateCompletions``: immutable, except Indexed Jobs scaled with parallelism (elastic)."""
    if not opts.allow_elastic_indexed_jobs or spec.completion_mode != "Indexed":
        return validate_immutable_field(spec.completions, old.completions, path)
    if spec.completions == old.completions or spec.completions is None:
        # A nil completions is already reported by validateJobSpec (Required when Indexed).
        return []
    if spec.completions != spec.parallelism:
        return [
            invalid(
                path,
                spec.completions,
                f"can only be modified in tandem with {path.root().child('parallelism')}",
            )
        ]
    return []


def _without_node_affinity(affinity: dict[str, Any]) -> dict[str, Any] | None:
    """The old affinity with nodeAffinity cleared; ``None`` if nothing else was set."""
    rest = {k: v for k, v in affinity.items() if k != "nodeAffinity"}
    return rest if any(v is not None for v in rest.values()) else None


def _relaxed_old_template(template: PodTemplateSpec, old: PodTemplateSpec) -> PodTemplateSpec:
    """The old template with the scheduling directives taken from the new one."""
    relaxed = old.model_copy(deep=True)
    new_affinity, old_affinity = template.spec.affinity, relaxed.spec.affinity
    if new_affinity is None and old_affinity is not None:
        # The affinity may be cleared if the old one had only a nodeAffinity.
        relaxed.spec.affinity = _without_node_affinity(old_affinity)
    elif new_affinity is not None:
        merged = {k: v for k, v in (old_affinity or {}).items() if k != "nodeAffinity"}
        if "nodeAffinity" in new_affinity:
            merged["nodeAffinity"] = new_affinity["nodeAffinity"]
        relaxed.spec.affinity = merged
    relaxed.spec.node_selector = template.spec.node_selector
    relaxed.spec.tolerations = template.spec.tolerations
    relaxed.metadata.annotations = template.metadata.annotations
    relaxed.metadata.labels = template.metadata.labels
    relaxed.spec.scheduling_gates = template.spec.scheduling_gates
    return relaxed


def validate_pod_template_update(
    spec: JobSpec, old: JobSpec, path: Path, opts: JobValidationOptions
) -> list[FieldError]:
    """``validatePodTemplateUpdate``: the template is immutable, but for suspended, never-started
    Jobs its node affinity, node selector, tolerations, labels, annotations and scheduling gates
    may change (``AllowMutableSchedulingDirectives``)."""
    old_template = old.template
    if opts.allow_mutable_scheduling_directives:
        old_template = _relaxed_old_template(spec.template, old.template)
    if semantic_deep_equal(spec.template, old_template):
        return []
    return validate_immutable_field(
        spec.template, old_template, path.child("template"), shown=template_value(spec.template)
    )
