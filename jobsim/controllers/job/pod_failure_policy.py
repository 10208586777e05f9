"""podFailurePolicy: which rule a failed pod matches, and what that does to the job.

Owns ``pkg/controller/job/pod_failure_policy.go`` (``matchPodFailurePolicy``,
``matchOnExitCodes``, ``matchOnPodConditions``, ``getMatchingContainerFromList``,
``isOnExitCodesOperatorMatching``) and its two callers in ``job_controller.go``
(``getFailJobMessage``, ``nonIgnoredFailedPodsCount``). Rules are tried in order and the first
match wins; messages are upstream's, verbatim.

Pure functions. Must not import the store, simpy, logging, or controller modules other than
``pod_utils``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from jobsim.api.batch_v1 import (
    Job,
    PodFailurePolicy,
    PodFailurePolicyAction,
    PodFailurePolicyOnExitCodesOperator,
    PodFailurePolicyOnExitCodesRequirement,
    PodFailurePolicyOnPodConditionsPattern,
)
from jobsim.api.core_v1 import ConditionStatus, ContainerStatus, Pod, PodCondition
from jobsim.controllers.job.pod_utils import is_pod_failed

__all__ = [
    "ACTION_COUNT",
    "ACTION_FAIL_INDEX",
    "ACTION_FAIL_JOB",
    "ACTION_IGNORE",
    "get_fail_job_message",
    "match_pod_failure_policy",
    "non_ignored_failed_pods_count",
]

ACTION_FAIL_JOB: Final[str] = PodFailurePolicyAction.FAIL_JOB.value
ACTION_FAIL_INDEX: Final[str] = PodFailurePolicyAction.FAIL_INDEX.value
ACTION_IGNORE: Final[str] = PodFailurePolicyAction.IGNORE.value
ACTION_COUNT: Final[str] = PodFailurePolicyAction.COUNT.value
_OP_IN: Final[str] = PodFailurePolicyOnExitCodesOperator.IN.value
_OP_NOT_IN: Final[str] = PodFailurePolicyOnExitCodesOperator.NOT_IN.value
_TRUE: Final[str] = ConditionStatus.TRUE.value


def _exit_code_matches(exit_code: int, requirement: PodFailurePolicyOnExitCodesRequirement) -> bool:
    """``In``: code among the values; ``NotIn``: code not among them; other operators: never."""
    if requirement.operator == _OP_IN:
        return exit_code in requirement.values
    if requirement.operator == _OP_NOT_IN:
        return exit_code not in requirement.values
    return False


def _matching_container(
    statuses: Iterable[ContainerStatus], requirement: PodFailurePolicyOnExitCodesRequirement
) -> ContainerStatus | None:
    """First terminated container with a non-zero exit code that meets the requirement."""
    for status in statuses:
        terminated = status.state.terminated
        if terminated is None:
            continue
        if requirement.container_name is not None and requirement.container_name != status.name:
            continue
        if terminated.exit_code != 0 and _exit_code_matches(terminated.exit_code, requirement):
            return status
    return None


def _match_on_exit_codes(
    pod: Pod, requirement: PodFailurePolicyOnExitCodesRequirement
) -> ContainerStatus | None:
    """Regular containers first, then init containers (``matchOnExitCodes``)."""
    return _matching_container(
        pod.status.container_statuses or (), requirement
    ) or _matching_container(pod.status.init_container_statuses or (), requirement)


def _match_on_pod_conditions(
    pod: Pod, patterns: Sequence[PodFailurePolicyOnPodConditionsPattern]
) -> PodCondition | None:
    """First pod condition (in status order) equal in type and status to any pattern."""
    for condition in pod.status.conditions or ():
        for pattern in patterns:
            # The apiserver defaults a pattern's status to True.
            if condition.type == pattern.type and condition.status == (pattern.status or _TRUE):
                return condition
    return None


def match_pod_failure_policy(
    policy: PodFailurePolicy | None, failed_pod: Pod
) -> tuple[str | None, bool, str | None]:
    """Match a failed pod: return ``(FailJob message | None, count the failure, action | None)``.

    Upstream ``matchPodFailurePolicy``. No policy or no matching rule: ``(None, True, None)``.
    ``Ignore``: not counted; ``Count``/``FailIndex``: counted; ``FailJob``: counted, with the
    message ``Container <c> for pod <ns>/<pod> failed with exit code <n> matching FailJob rule at
    index <i>`` or ``Pod <ns>/<pod> has condition <Type> matching FailJob rule at index <i>``.
    A rule with an unknown action is skipped.
    """
    if policy is None:
        return None, True, None
    namespace = failed_pod.metadata.namespace or ""
    name = failed_pod.metadata.name or ""
    for index, rule in enumerate(policy.rules):
        if rule.on_exit_codes is not None:
            container = _match_on_exit_codes(failed_pod, rule.on_exit_codes)
            if container is None:
                continue
            if rule.action == ACTION_FAIL_JOB:
                terminated = container.state.terminated
                exit_code = terminated.exit_code if terminated is not None else 0
                message = (
                    f"Container {container.name} for pod {namespace}/{name} failed with exit code"
                    f" {exit_code} matching {ACTION_FAIL_JOB} rule at index {index}"
                )
                return message, True, ACTION_FAIL_JOB
        elif rule.on_pod_conditions is not None:
            condition = _match_on_pod_conditions(failed_pod, rule.on_pod_conditions)
            if condition is None:
                continue
            if rule.action == ACTION_FAIL_JOB:
                message = (
                    f"Pod {namespace}/{name} has condition {condition.type} matching"
                    f" {ACTION_FAIL_JOB} rule at index {index}"
                )
                return message, True, ACTION_FAIL_JOB
        else:
            continue
        if rule.action == ACTION_IGNORE:
            return None, False, ACTION_IGNORE
        if rule.action in (ACTION_COUNT, ACTION_FAIL_INDEX):
            return None, True, rule.action
    return None, True, None


def get_fail_job_message(job: Job, pods: Iterable[Pod]) -> str | None:
    """Return the message of the first failed pod that matches FailJob (``getFailJobMessage``)."""
    policy = job.spec.pod_failure_policy
    if policy is None:
        return None
    for pod in pods:
        if is_pod_failed(pod, job):
            message, _, _ = match_pod_failure_policy(policy, pod)
            if message is not None:
                return message
    return None


def non_ignored_failed_pods_count(job: Job, failed_pods: Sequence[Pod]) -> int:
    """Return how many failed pods count toward backoffLimit (``nonIgnoredFailedPodsCount``)."""
    policy = job.spec.pod_failure_policy
    if policy is None:
        return len(failed_pods)
    return sum(1 for pod in failed_pods if match_pod_failure_policy(policy, pod)[1])
