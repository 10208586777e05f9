"""Job create validation and warnings, as ``ValidateJob`` and the Job strategy run them.

Owns upstream ``ValidateJob``, ``validateGeneratedSelector``, ``ValidateJobSpec`` and
``validateJobSpec`` (``pkg/apis/batch/validation/validation.go``), the strategy's
``validationOptionsForJob`` and ``WarningsOnCreate``/``WarningsOnUpdate``
(``pkg/registry/batch/job/strategy.go``, ``pkg/api/job/warnings.go``), with the upstream
error order. Feature gates are those of current upstream: ``ElasticIndexedJob``,
``JobBackoffLimitPerIndex``, ``JobSuccessPolicy``, ``JobManagedBy`` and
``JobPodReplacementPolicy`` are all GA, so every rule applies.

Not covered: ``GetWarningsForPodTemplate`` (pod template deprecation warnings) and the
1.35 alpha ``spec.scheduling`` field.

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from jobsim.api import naming
from jobsim.api.batch_v1 import (
    CONTROLLER_UID_LABEL,
    JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL,
    LEGACY_JOB_NAME_LABEL,
    Job,
    JobSpec,
)
from jobsim.api.field import FieldError, Path, invalid, not_supported, required, too_long
from jobsim.api.meta_v1 import LabelSelector
from jobsim.api.validation.internal import success_policy_value
from jobsim.api.validation.meta import (
    label_selector_matches,
    validate_has_label,
    validate_label_selector,
    validate_nonnegative_field,
)
from jobsim.api.validation.pod import validate_pod_template_spec
from jobsim.api.validation.policies import (
    validate_pod_failure_policy,
    validate_pod_replacement_policy,
    validate_success_policy,
)

__all__ = [
    "JobValidationOptions",
    "validate_generated_selector",
    "validate_job",
    "validate_job_spec",
    "validation_options_for_job",
    "warnings_for_job_spec",
    "warnings_on_create",
    "warnings_on_update",
]

MAX_PARALLELISM_FOR_INDEXED_JOB: Final = 100_000
MAX_FAILED_INDEXES_FOR_INDEXED_JOB: Final = 100_000
COMPLETIONS_SOFT_LIMIT: Final = 100_000
PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS: Final = 10_000
MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS: Final = 10_000
MAX_MANAGED_BY_LENGTH: Final = 63
COMPLETION_MODES: Final = ("NonIndexed", "Indexed")


@dataclass(frozen=True)
class JobValidationOptions:
    """``JobValidationOptions`` (with the one ``PodValidationOptions`` field Jobs use)."""

    allow_invalid_label_value_in_selector: bool = False
    allow_mutable_scheduling_directives: bool = False
    allow_elastic_indexed_jobs: bool = True
    require_prefixed_labels: bool = True


def _has_invalid_label_value(selector: LabelSelector | None) -> bool:
    """``LabelSelectorHasInvalidLabelValue``: an expression value that is not a label value."""
    if selector is None:
        return False
    return any(
        naming.is_valid_label_value(value)
        for expr in selector.match_expressions or ()
        for value in expr.values or ()
    )


def validation_options_for_job(new: Job, old: Job | None) -> JobValidationOptions:
    """The strategy's ``validationOptionsForJob``: options for a create (``old=None``) or update."""
    if old is None:
        return JobValidationOptions()
    old_labels = old.spec.template.metadata.labels or {}
    return JobValidationOptions(
        allow_invalid_label_value_in_selector=_has_invalid_label_value(old.spec.selector),
        # Scheduling directives may change only for a suspended Job that never started.
        allow_mutable_scheduling_directives=bool(old.spec.suspend)
        and old.status.start_time is None,
        # Old Jobs created before the prefixed labels existed keep validating without them.
        require_prefixed_labels=JOB_NAME_LABEL in old_labels and CONTROLLER_UID_LABEL in old_labels,
    )


def validate_generated_selector(job: Job, validate_batch_labels: bool) -> list[FieldError]:
    """``validateGeneratedSelector``: generated labels present and the selector as generated."""
    if job.spec.manual_selector or job.spec.selector is None:
        return []
    name = job.metadata.name or ""
    uid = job.metadata.uid or ""
    errs: list[FieldError] = []
    if uid == "":
        errs.append(required(Path("metadata", "uid")))
    meta_path = Path("spec", "template", "metadata")
    labels = job.spec.template.metadata.labels
    errs.extend(validate_has_label(labels, meta_path, LEGACY_CONTROLLER_UID_LABEL, uid))
    errs.extend(validate_has_label(labels, meta_path, LEGACY_JOB_NAME_LABEL, name))
    expected: dict[str, str] = {}
    if validate_batch_labels:
        errs.extend(validate_has_label(labels, meta_path, CONTROLLER_UID_LABEL, uid))
        errs.extend(validate_has_label(labels, meta_path, JOB_NAME_LABEL, name))
        expected[CONTROLLER_UID_LABEL] = uid
        expected[JOB_NAME_LABEL] = name
    expected[LEGACY_CONTROLLER_UID_LABEL] = uid
    expected[LEGACY_JOB_NAME_LABEL] = name
    if label_selector_matches(job.spec.selector, expected) is False:
        errs.append(
            invalid(Path("spec", "selector"), job.spec.selector, "`selector` not auto-generated")
        )
    return errs


def validate_job(job: Job, *, opts: JobValidationOptions | None = None) -> list[FieldError]:
    """``ValidateJob``: metadata, generated selector, spec, and the Indexed hostname rule."""
    opts = opts if opts is not None else validation_options_for_job(job, None)
    errs = list(
        naming.validate_object_meta(
            job.metadata,
            namespaced=True,
            name_fn=naming.name_is_dns_subdomain,
            path=Path("metadata"),
        )
    )
    errs.extend(validate_generated_selector(job, opts.require_prefixed_labels))
    errs.extend(validate_job_spec(job.spec, Path("spec"), opts))
    completions = job.spec.completions
    if job.spec.completion_mode == "Indexed" and completions is not None and completions > 0:
        # The controller names pod hosts "<job>-<index>"; the largest index must fit a DNS label.
        name = job.metadata.name or ""
        hostname = f"{name}-{completions - 1}"
        if naming.is_dns1123_label(hostname):
            errs.append(
                invalid(
                    Path("metadata", "name"),
                    name,
                    f"will not able to create pod with invalid DNS label: {hostname}",
                )
            )
    return errs


def validate_job_spec(spec: JobSpec, path: Path, opts: JobValidationOptions) -> list[FieldError]:
    """``ValidateJobSpec``: the spec rules, the selector, and selector-matches-template."""
    errs = _validate_job_spec(spec, path)
    errs.extend(validate_pod_template_spec(spec.template, path.child("template")))
    errs.extend(_validate_restart_policy(spec, path))
    if spec.selector is None:
        errs.append(required(path.child("selector")))
    else:
        errs.extend(
            validate_label_selector(
                spec.selector,
                path.child("selector"),
                allow_invalid_label_value=opts.allow_invalid_label_value_in_selector,
            )
        )
    template_labels = spec.template.metadata.labels
    if label_selector_matches(spec.selector, template_labels) is False:
        errs.append(
            invalid(
                path.child("template", "metadata", "labels"),
                None if template_labels is None else dict(template_labels),
                "`selector` does not match template `labels`",
            )
        )
    return errs


def _validate_job_spec(spec: JobSpec, path: Path) -> list[FieldError]:
    """``validateJobSpec`` up to the pod failure/success/replacement policies."""
    errs: list[FieldError] = []
    for attr, name in (
        ("parallelism", "parallelism"),
        ("completions", "completions"),
        ("active_deadline_seconds", "activeDeadlineSeconds"),
        ("backoff_limit", "backoffLimit"),
        ("ttl_seconds_after_finished", "ttlSecondsAfterFinished"),
        ("backoff_limit_per_index", "backoffLimitPerIndex"),
    ):
        value = getattr(spec, attr)
        if value is not None:
            errs.extend(validate_nonnegative_field(value, path.child(name)))
    if spec.max_failed_indexes is not None:
        errs.extend(
            validate_nonnegative_field(spec.max_failed_indexes, path.child("maxFailedIndexes"))
        )
        if spec.backoff_limit_per_index is None:
            errs.append(
                required(path.child("backoffLimitPerIndex"), "when maxFailedIndexes is specified")
            )
    if spec.managed_by is not None:
        errs.extend(naming.is_domain_prefixed_path(path.child("managedBy"), spec.managed_by))
        if len(spec.managed_by.encode()) > MAX_MANAGED_BY_LENGTH:
            errs.append(too_long(path.child("managedBy"), spec.managed_by, MAX_MANAGED_BY_LENGTH))
    if spec.completion_mode is not None:
        if spec.completion_mode not in COMPLETION_MODES:
            errs.append(
                not_supported(path.child("completionMode"), spec.completion_mode, COMPLETION_MODES)
            )
        if spec.completion_mode == "Indexed":
            errs.extend(_validate_indexed(spec, path))
    if spec.completion_mode in (None, "NonIndexed"):
        if spec.backoff_limit_per_index is not None:
            errs.append(
                invalid(
                    path.child("backoffLimitPerIndex"),
                    spec.backoff_limit_per_index,
                    "requires indexed completion mode",
                )
            )
        if spec.max_failed_indexes is not None:
            errs.append(
                invalid(
                    path.child("maxFailedIndexes"),
                    spec.max_failed_indexes,
                    "requires indexed completion mode",
                )
            )
    if spec.pod_failure_policy is not None:
        errs.extend(validate_pod_failure_policy(spec, path.child("podFailurePolicy")))
    if spec.success_policy is not None:
        if spec.completion_mode != "Indexed":
            errs.append(
                invalid(
                    path.child("successPolicy"),
                    success_policy_value(spec.success_policy),
                    "requires indexed completion mode",
                )
            )
        else:
            errs.extend(validate_success_policy(spec, path.child("successPolicy")))
    errs.extend(validate_pod_replacement_policy(spec, path.child("podReplacementPolicy")))
    return errs


def _validate_indexed(spec: JobSpec, path: Path) -> list[FieldError]:
    """The Indexed-only limits of ``validateJobSpec``."""
    errs: list[FieldError] = []
    completions, parallelism, max_failed = (
        spec.completions,
        spec.parallelism,
        spec.max_failed_indexes,
    )
    if completions is None:
        errs.append(required(path.child("completions"), "when completion mode is Indexed"))
    if parallelism is not None and parallelism > MAX_PARALLELISM_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                path.child("parallelism"),
                parallelism,
                f"must be less than or equal to {MAX_PARALLELISM_FOR_INDEXED_JOB} "
                "when completion mode is Indexed",
            )
        )
    if completions is not None and max_failed is not None and max_failed > completions:
        errs.append(
            invalid(
                path.child("maxFailedIndexes"),
                max_failed,
                "must be less than or equal to completions",
            )
        )
    if max_failed is not None and max_failed > MAX_FAILED_INDEXES_FOR_INDEXED_JOB:
        errs.append(
            invalid(
                path.child("maxFailedIndexes"),
                max_failed,
                f"must be less than or equal to {MAX_FAILED_INDEXES_FOR_INDEXED_JOB}",
            )
        )
    if (
        completions is not None
        and completions > COMPLETIONS_SOFT_LIMIT
        and spec.backoff_limit_per_index is not None
    ):
        limit = MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS
        high = (
            f"when completions are above {COMPLETIONS_SOFT_LIMIT} "
            "and used with backoff limit per index"
        )
        if max_failed is None:
            errs.append(
                required(
                    path.child("maxFailedIndexes"),
                    f"must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}",
                )
            )
        if parallelism is not None and parallelism > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    path.child("parallelism"),
                    parallelism,
                    f"must be less than or equal to {PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS} "
                    + high,
                )
            )
        if max_failed is not None and max_failed > MAX_FAILED_INDEXES_LIMIT_FOR_HIGH_COMPLETIONS:
            errs.append(
                invalid(
                    path.child("maxFailedIndexes"),
                    max_failed,
                    f"must be less than or equal to {limit} " + high,
                )
            )
    return errs


def _validate_restart_policy(spec: JobSpec, path: Path) -> list[FieldError]:
    """The end of ``validateJobSpec``: a Job's pods restart ``OnFailure`` or ``Never``."""
    policy = spec.template.spec.restart_policy
    policy_path = path.child("template", "spec", "restartPolicy")
    if policy in ("Always", ""):
        # Pod defaulting turns an empty restartPolicy into Always, so both mean "not chosen".
        return [required(policy_path, 'valid values: "OnFailure", "Never"')]
    if policy not in ("OnFailure", "Never"):
        return [not_supported(policy_path, policy, ["OnFailure", "Never"])]
    if spec.pod_failure_policy is not None and policy != "Never":
        return [
            invalid(
                policy_path, policy, 'only "Never" is supported when podFailurePolicy is specified'
            )
        ]
    return []


def warnings_for_job_spec(spec: JobSpec, path: Path) -> list[str]:
    """``WarningsForJobSpec`` (without the pod template warnings)."""
    if spec.completion_mode != "Indexed":
        return []
    if (spec.completions or 0) > COMPLETIONS_SOFT_LIMIT and (
        spec.parallelism or 0
    ) > PARALLELISM_LIMIT_FOR_HIGH_COMPLETIONS:
        return [
            f"{path}: In Indexed Jobs with a number of completions higher than 10^5 and a "
            "parallelism higher than 10^4, Kubernetes might not be able to track "
            "completedIndexes when a big number of indexes fail"
        ]
    return []


def warnings_on_create(job: Job) -> list[str]:
    """The strategy's ``WarningsOnCreate``: a non-DNS-label Job name, then spec warnings."""
    warnings: list[str] = []
    msgs = naming.is_dns1123_label(job.metadata.name or "")
    if msgs:
        warnings.append(
            "metadata.name: this is used in Pod names and hostnames, which can result in "
            f"surprising behavior; a DNS label is recommended: [{' '.join(msgs)}]"
        )
    warnings.extend(warnings_for_job_spec(job.spec, Path("spec")))
    return warnings


def warnings_on_update(new: Job, old: Job) -> list[str]:
    """The strategy's ``WarningsOnUpdate``: spec warnings when the generation changed."""
    if new.metadata.generation != old.metadata.generation:
        return warnings_for_job_spec(new.spec, Path("spec"))
    return []
