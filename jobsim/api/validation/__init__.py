"""Job and pod-template validation with the apiserver's exact field errors.

Every function returns a list of ``jobsim.api.field.FieldError`` in upstream order; the
store turns a non-empty list into ``Job.batch "x" is invalid: [e1, e2]``. Modules:
``job`` (create rules, options, warnings), ``job_update``, ``job_status`` and
``job_status_options``, ``policies`` (podFailurePolicy, successPolicy,
podReplacementPolicy), ``pod`` (the PodTemplateSpec subset), ``meta`` (generic helpers),
``equality`` (``Semantic.DeepEqual``), ``internal`` (bad values printed as upstream's
internal Go types).

Layer 0: imports only ``jobsim.api`` modules.
"""

from jobsim.api.validation.equality import semantic_deep_equal
from jobsim.api.validation.job import (
    JobValidationOptions,
    validate_generated_selector,
    validate_job,
    validate_job_spec,
    validation_options_for_job,
    warnings_for_job_spec,
    warnings_on_create,
    warnings_on_update,
)
from jobsim.api.validation.job_status import validate_job_status, validate_job_status_update
from jobsim.api.validation.job_status_options import (
    JobStatusValidationOptions,
    status_validation_options,
)
from jobsim.api.validation.job_update import validate_job_spec_update, validate_job_update
from jobsim.api.validation.pod import validate_pod_spec, validate_pod_template_spec

__all__ = [
    "JobStatusValidationOptions",
    "JobValidationOptions",
    "semantic_deep_equal",
    "status_validation_options",
    "validate_generated_selector",
    "validate_job",
    "validate_job_spec",
    "validate_job_spec_update",
    "validate_job_status",
    "validate_job_status_update",
    "validate_job_update",
    "validate_pod_spec",
    "validate_pod_template_spec",
    "validation_options_for_job",
    "warnings_for_job_spec",
    "warnings_on_create",
    "warnings_on_update",
]
