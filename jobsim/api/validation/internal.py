"""Bad values rendered as upstream prints internal (``pkg/apis/batch``) types.

The apiserver validates the *internal* Go types, which have no JSON tags; when such a struct
is the bad value of a field error, ``encoding/json`` prints Go field names in declaration
order, with every field (``null`` for nil pointers and slices):
``spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":"0","SucceededCount":null}]}``.
This module builds those values for the batch types whose errors users meet.

Deliberate gap: ``spec.template`` (an internal ``core.PodTemplateSpec``, hundreds of fields) is
printed as its batch/v1 JSON instead (see ``template_value``).

Layer 0: imports only ``jobsim.api`` models.
"""

from __future__ import annotations

from typing import Any

from jobsim.api.batch_v1 import (
    PodFailurePolicy,
    SuccessPolicy,
    UncountedTerminatedPods,
)
from jobsim.api.core_v1 import PodTemplateSpec

__all__ = [
    "GoStructValue",
    "pod_failure_policy_value",
    "success_policy_value",
    "template_value",
    "uncounted_terminated_pods_value",
]


class GoStructValue:
    """A Go struct as a bad value: ``field.go_value`` prints its fields in this order."""

    __slots__ = ("_fields",)

    def __init__(self, fields: dict[str, Any]) -> None:
        self._fields = fields

    def to_dict(self) -> dict[str, Any]:
        """The struct's fields, in declaration order, as ``encoding/json`` writes them."""
        return dict(self._fields)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GoStructValue) and other._fields == self._fields

    def __hash__(self) -> int:
        return hash(tuple(self._fields))

    def __repr__(self) -> str:
        return f"GoStructValue({self._fields!r})"


def success_policy_value(policy: SuccessPolicy | None) -> GoStructValue | None:
    """``batch.SuccessPolicy`` as upstream prints it (``{"Rules":[...]}``)."""
    if policy is None:
        return None
    rules = [
        GoStructValue(
            {"SucceededIndexes": rule.succeeded_indexes, "SucceededCount": rule.succeeded_count}
        )
        for rule in policy.rules
    ]
    return GoStructValue({"Rules": rules})


def pod_failure_policy_value(policy: PodFailurePolicy | None) -> GoStructValue | None:
    """``batch.PodFailurePolicy`` as upstream prints it."""
    if policy is None:
        return None
    rules: list[GoStructValue] = []
    for rule in policy.rules:
        on_exit_codes = None
        if rule.on_exit_codes is not None:
            req = rule.on_exit_codes
            on_exit_codes = GoStructValue(
                {
                    "ContainerName": req.container_name,
                    "Operator": req.operator,
                    "Values": list(req.values),
                }
            )
        patterns = (
            None
            if rule.on_pod_conditions is None
            else [
                GoStructValue({"Type": p.type, "Status": p.status}) for p in rule.on_pod_conditions
            ]
        )
        rules.append(
            GoStructValue(
                {"Action": rule.action, "OnExitCodes": on_exit_codes, "OnPodConditions": patterns}
            )
        )
    return GoStructValue({"Rules": rules})


def uncounted_terminated_pods_value(
    pods: UncountedTerminatedPods | None,
) -> GoStructValue | None:
    """``batch.UncountedTerminatedPods`` as upstream prints it."""
    if pods is None:
        return None
    return GoStructValue({"Succeeded": pods.succeeded, "Failed": pods.failed})


def template_value(template: PodTemplateSpec) -> PodTemplateSpec:
    """The bad value of ``spec.template: ... field is immutable`` (v1 JSON; see module doc)."""
    return template
