"""Validation of a Job's podFailurePolicy, successPolicy and podReplacementPolicy.

Owns upstream ``validatePodFailurePolicy``, ``validatePodFailurePolicyRule``,
``validatePodFailurePolicyRuleOnExitCodes``, ``validatePodFailurePolicyRuleOnPodConditions``,
``validateSuccessPolicy``, ``validateSuccessPolicyRule`` and ``validatePodReplacementPolicy``
(``pkg/apis/batch/validation/validation.go``), with their exact messages and order.

Layer 0: imports only ``jobsim.api`` modules.
"""

from __future__ import annotations

from typing import Final

from jobsim.api.batch_v1 import (
    JobSpec,
    PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern,
    PodFailurePolicyRule,
    SuccessPolicyRule,
)
from jobsim.api.field import (
    OMIT_VALUE,
    FieldError,
    Path,
    duplicate,
    invalid,
    not_supported,
    required,
    too_long,
    too_many,
)
from jobsim.api.intervals import IndexesFormatError, validate_indexes_format
from jobsim.api.validation.meta import validate_nonnegative_field, validate_qualified_name

__all__ = [
    "validate_pod_failure_policy",
    "validate_pod_replacement_policy",
    "validate_success_policy",
]

MAX_POD_FAILURE_POLICY_RULES: Final = 20
MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES: Final = 255
MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS: Final = 20
MAX_JOB_SUCCESS_POLICY_SUCCEEDED_INDEXES_LIMIT: Final = 64 * 1024
MAX_SUCCESS_POLICY_RULE: Final = 20

# ``sets.List`` order (sorted), as upstream passes the valid values.
SUPPORTED_POD_FAILURE_POLICY_ACTIONS: Final = ("Count", "FailIndex", "FailJob", "Ignore")
SUPPORTED_ON_EXIT_CODES_OPERATORS: Final = ("In", "NotIn")
SUPPORTED_ON_POD_CONDITIONS_STATUS: Final = ("False", "True", "Unknown")
SUPPORTED_POD_REPLACEMENT_POLICIES: Final = ("Failed", "TerminatingOrFailed")


def _go_list_q(values: tuple[str, ...]) -> str:
    """Go ``fmt.Sprintf("%q", []string{...})``: ``["a" "b"]``."""
    return "[" + " ".join(f'"{v}"' for v in values) + "]"


def validate_pod_replacement_policy(spec: JobSpec, path: Path) -> list[FieldError]:
    """``validatePodReplacementPolicy``: only ``Failed`` with a podFailurePolicy."""
    policy = spec.pod_replacement_policy
    if policy is None:
        return []
    if spec.pod_failure_policy is not None:
        if policy != "Failed":
            return [not_supported(path, policy, ["Failed"])]
        return []
    if policy not in SUPPORTED_POD_REPLACEMENT_POLICIES:
        return [not_supported(path, policy, SUPPORTED_POD_REPLACEMENT_POLICIES)]
    return []


def validate_pod_failure_policy(spec: JobSpec, path: Path) -> list[FieldError]:
    """``validatePodFailurePolicy``: rule count, then every rule against the template containers."""
    assert spec.pod_failure_policy is not None
    rules = spec.pod_failure_policy.rules
    rules_path = path.child("rules")
    errs: list[FieldError] = []
    if len(rules) > MAX_POD_FAILURE_POLICY_RULES:
        errs.append(too_many(rules_path, len(rules), MAX_POD_FAILURE_POLICY_RULES))
    pod_spec = spec.template.spec
    container_names = {c.name for c in pod_spec.containers}
    container_names.update(c.name for c in pod_spec.init_containers or ())
    for i, rule in enumerate(rules):
        errs.extend(_validate_rule(spec, rule, rules_path.index(i), container_names))
    return errs


def _validate_rule(
    spec: JobSpec, rule: PodFailurePolicyRule, path: Path, container_names: set[str]
) -> list[FieldError]:
    errs: list[FieldError] = []
    action_path = path.child("action")
    if rule.action == "":
        detail = f"valid values: {_go_list_q(SUPPORTED_POD_FAILURE_POLICY_ACTIONS)}"
        errs.append(required(action_path, detail))
    elif rule.action == "FailIndex":
        if spec.backoff_limit_per_index is None:
            errs.append(
                invalid(action_path, rule.action, "requires the backoffLimitPerIndex to be set")
            )
    elif rule.action not in SUPPORTED_POD_FAILURE_POLICY_ACTIONS:
        errs.append(not_supported(action_path, rule.action, SUPPORTED_POD_FAILURE_POLICY_ACTIONS))
    if rule.on_exit_codes is not None:
        errs.extend(
            _validate_on_exit_codes(rule.on_exit_codes, path.child("onExitCodes"), container_names)
        )
    if rule.on_pod_conditions:
        errs.extend(
            _validate_on_pod_conditions(rule.on_pod_conditions, path.child("onPodConditions"))
        )
    if rule.on_exit_codes is not None and rule.on_pod_conditions:
        errs.append(
            invalid(
                path, OMIT_VALUE, "specifying both OnExitCodes and OnPodConditions is not supported"
            )
        )
    if rule.on_exit_codes is None and not rule.on_pod_conditions:
        errs.append(
            invalid(
                path, OMIT_VALUE, "specifying one of OnExitCodes and OnPodConditions is required"
            )
        )
    return errs


def _validate_on_pod_conditions(
    patterns: list[PodFailurePolicyOnPodConditionsPattern], path: Path
) -> list[FieldError]:
    errs: list[FieldError] = []
    if len(patterns) > MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS:
        errs.append(
            too_many(path, len(patterns), MAX_POD_FAILURE_POLICY_ON_POD_CONDITIONS_PATTERNS)
        )
    for j, pattern in enumerate(patterns):
        pattern_path = path.index(j)
        status_path = pattern_path.child("status")
        errs.extend(validate_qualified_name(pattern.type, pattern_path.child("type")))
        if pattern.status == "":
            detail = f"valid values: {_go_list_q(SUPPORTED_ON_POD_CONDITIONS_STATUS)}"
            errs.append(required(status_path, detail))
        elif pattern.status not in SUPPORTED_ON_POD_CONDITIONS_STATUS:
            errs.append(
                not_supported(status_path, pattern.status, SUPPORTED_ON_POD_CONDITIONS_STATUS)
            )
    return errs


def _validate_on_exit_codes(
    req: PodFailurePolicyOnExitCodesRequirement, path: Path, container_names: set[str]
) -> list[FieldError]:
    errs: list[FieldError] = []
    operator_path = path.child("operator")
    if req.operator == "":
        detail = f"valid values: {_go_list_q(SUPPORTED_ON_EXIT_CODES_OPERATORS)}"
        errs.append(required(operator_path, detail))
    elif req.operator not in SUPPORTED_ON_EXIT_CODES_OPERATORS:
        errs.append(not_supported(operator_path, req.operator, SUPPORTED_ON_EXIT_CODES_OPERATORS))
    if req.container_name is not None and req.container_name not in container_names:
        errs.append(
            invalid(
                path.child("containerName"),
                req.container_name,
                "must be one of the container or initContainer names in the pod template",
            )
        )
    values_path = path.child("values")
    values = list(req.values)
    if not values:
        errs.append(invalid(values_path, values, "at least one value is required"))
    elif len(values) > MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES:
        errs.append(too_many(values_path, len(values), MAX_POD_FAILURE_POLICY_ON_EXIT_CODES_VALUES))
    ordered = True
    seen: set[int] = set()
    for j, value in enumerate(values):
        value_path = values_path.index(j)
        if req.operator == "In" and value == 0:
            errs.append(invalid(value_path, value, "must not be 0 for the In operator"))
        if value in seen:
            errs.append(duplicate(value_path, value))
        else:
            seen.add(value)
        if j > 0 and values[j - 1] > value:
            ordered = False
    if not ordered:
        errs.append(invalid(values_path, values, "must be ordered"))
    return errs


def validate_success_policy(spec: JobSpec, path: Path) -> list[FieldError]:
    """``validateSuccessPolicy``: at least one and at most 20 rules, each rule checked."""
    assert spec.success_policy is not None
    rules = spec.success_policy.rules
    rules_path = path.child("rules")
    errs: list[FieldError] = []
    if not rules:
        errs.append(
            required(
                rules_path,
                "at least one rules must be specified when the successPolicy is specified",
            )
        )
    if len(rules) > MAX_SUCCESS_POLICY_RULE:
        errs.append(too_many(rules_path, len(rules), MAX_SUCCESS_POLICY_RULE))
    for i, rule in enumerate(rules):
        errs.extend(_validate_success_rule(spec, rule, rules_path.index(i)))
    return errs


def _validate_success_rule(spec: JobSpec, rule: SuccessPolicyRule, path: Path) -> list[FieldError]:
    errs: list[FieldError] = []
    if rule.succeeded_count is None and rule.succeeded_indexes is None:
        errs.append(
            required(path, "at least one of succeededCount or succeededIndexes must be specified")
        )
    # Upstream dereferences spec.completions here; a nil one is already reported as Required
    # ("when completion mode is Indexed"), so treat it as 0 instead of crashing.
    completions = spec.completions if spec.completions is not None else 0
    total_indexes = 0
    if rule.succeeded_indexes is not None:
        indexes_path = path.child("succeededIndexes")
        if len(rule.succeeded_indexes) > MAX_JOB_SUCCESS_POLICY_SUCCEEDED_INDEXES_LIMIT:
            errs.append(
                too_long(
                    indexes_path,
                    rule.succeeded_indexes,
                    MAX_JOB_SUCCESS_POLICY_SUCCEEDED_INDEXES_LIMIT,
                )
            )
        try:
            total_indexes = validate_indexes_format(rule.succeeded_indexes, completions)
        except IndexesFormatError as err:
            errs.append(
                invalid(
                    indexes_path, rule.succeeded_indexes, f"error parsing succeededIndexes: {err}"
                )
            )
    if rule.succeeded_count is not None:
        count_path = path.child("succeededCount")
        errs.extend(validate_nonnegative_field(rule.succeeded_count, count_path))
        if rule.succeeded_count > completions:
            errs.append(
                invalid(
                    count_path,
                    rule.succeeded_count,
                    f"must be less than or equal to {completions} "
                    "(the number of specified completions)",
                )
            )
        if rule.succeeded_indexes is not None and rule.succeeded_count > total_indexes:
            errs.append(
                invalid(
                    count_path,
                    rule.succeeded_count,
                    f"must be less than or equal to {total_indexes} "
                    "(the number of indexes in the specified succeededIndexes field)",
                )
            )
    return errs
