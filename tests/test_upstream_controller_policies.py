"""We test these aspects: one ``sync_job`` over hand-made pods for podFailurePolicy,
successPolicy and backoffLimitPerIndex Jobs, row for row as upstream's tables.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``:
``TestSyncJobWithJobPodFailurePolicy``, ``TestSyncJobWithJobSuccessPolicy`` and
``TestSyncJobWithJobBackoffLimitPerIndex`` (case names kept as row ids). Expectations are those
of current master with every GA'd gate on (JobPodReplacementPolicy, JobManagedBy,
JobSuccessPolicy, JobBackoffLimitPerIndex): the terminal condition waits for terminating pods
(``delayTerminalCondition``), ``status.terminating`` is always written, ``failedIndexes`` is
written whenever ``backoffLimitPerIndex`` is set, and reaching completions first adds
``SuccessCriteriaMet`` (reason ``CompletionsReached``). Rows whose upstream expectation was
written with a gate off say so in a comment; rows only about a gate being off are left out.
"""

from __future__ import annotations

from typing import Any

import pytest
from upstream_controller_support import conditions, status_of, sync_row, terminated

BACKOFF_MSG = "Job has reached the specified backoff limit"

ON_EXIT_CODE_RULES = [
    {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}},
    {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [5, 6, 7]}},
]
FAIL_ON_DISRUPTION = {
    "rules": [{"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget"}]}]
}


def _ft_failed(reason: str, message: str) -> list[tuple[str, str, str, str]]:
    return [("FailureTarget", "True", reason, message), ("Failed", "True", reason, message)]


def _pfp_msg(container: str, code: int, rule: int, pod: str = "mypod-0") -> str:
    return (
        f"Container {container} for pod default/{pod} failed with exit code {code}"
        f" matching FailJob rule at index {rule}"
    )


def _pfp_job(rules: list[dict[str, Any]], **spec: Any) -> dict[str, Any]:
    """Upstream's PFP table job: parallelism = completions = 1, backoffLimit 6, PRP Failed."""
    base: dict[str, Any] = {
        "parallelism": 1,
        "completions": 1,
        "backoffLimit": 6,
        "podReplacementPolicy": "Failed",
        "podFailurePolicy": {"rules": rules},
        "template": {
            "spec": {
                "restartPolicy": "Never",
                "containers": [{"name": "main-container", "image": "foo/bar"}],
            }
        },
    }
    base.update(spec)
    return base


# Each row: spec, pods, initial status, expected conditions, expected counters.
PFP_CASES: dict[str, tuple[Any, ...]] = {
    "default handling for pod failure if the container matching the exit codes does not match "
    "the containerName restriction": (
        _pfp_job(
            [
                {
                    "action": "Ignore",
                    "onExitCodes": {
                        "containerName": "main-container",
                        "operator": "In",
                        "values": [1, 2, 3],
                    },
                },
                {
                    "action": "FailJob",
                    "onExitCodes": {
                        "containerName": "main-container",
                        "operator": "In",
                        "values": [5, 6, 7],
                    },
                },
            ]
        ),
        [
            {
                "phase": "Failed",
                "container_statuses": [
                    terminated(5, "monitoring-container"),
                    terminated(42, "main-container"),
                ],
            }
        ],
        None,
        [],
        {"active": 1, "failed": 1},
    ),
    "running pod should not result in job fail based on OnExitCodes": (
        _pfp_job(ON_EXIT_CODE_RULES),
        [{"phase": "Running", "container_statuses": [terminated(5, "main-container")]}],
        None,
        [],
        {"active": 1},
    ),
    "fail job based on OnExitCodes": (
        _pfp_job(ON_EXIT_CODE_RULES),
        [{"phase": "Failed", "container_statuses": [terminated(5, "main-container")]}],
        None,
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 5, 1)),
        {"failed": 1},
    ),
    "job marked already as failure target with failed pod": (
        _pfp_job(ON_EXIT_CODE_RULES),
        [{"phase": "Failed", "container_statuses": [terminated(5, "main-container")]}],
        {"FailureTarget": _pfp_msg("main-container", 5, 1)},
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 5, 1)),
        {"failed": 1},
    ),
    "job marked already as failure target with failed pod, message based on already deleted pod": (
        _pfp_job(ON_EXIT_CODE_RULES),
        [{"phase": "Failed", "container_statuses": [terminated(5, "main-container")]}],
        {"FailureTarget": _pfp_msg("main-container", 5, 1, "already-deleted-pod")},
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 5, 1, "already-deleted-pod")),
        {"failed": 1},
    ),
    # Master: the running pod is deleted, so Failed waits for it (terminating 1).
    "fail job with multiple pods": (
        _pfp_job(ON_EXIT_CODE_RULES, parallelism=2, completions=2),
        [
            {"phase": "Running"},
            {"phase": "Failed", "container_statuses": [terminated(5, "main-container")]},
        ],
        None,
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 5, 1, "mypod-1"))[:1],
        {"failed": 2, "terminating": 1},
    ),
    "fail indexed job based on OnExitCodes": (
        _pfp_job(ON_EXIT_CODE_RULES, completionMode="Indexed"),
        [
            {
                "phase": "Failed",
                "index": "0",
                "container_statuses": [terminated(5, "main-container")],
            }
        ],
        None,
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 5, 1)),
        {"failed": 1},
    ),
    "fail job based on OnExitCodes with NotIn operator": (
        _pfp_job(
            [{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [5, 6, 7]}}]
        ),
        [{"phase": "Failed", "container_statuses": [terminated(42, "main-container")]}],
        None,
        _ft_failed("PodFailurePolicy", _pfp_msg("main-container", 42, 0)),
        {"failed": 1},
    ),
    "default handling job based on OnExitCodes with NotIn operator": (
        _pfp_job(
            [{"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [5, 6, 7]}}]
        ),
        [{"phase": "Failed", "container_statuses": [terminated(5, "main-container")]}],
        None,
        [],
        {"active": 1, "failed": 1},
    ),
    "fail job based on OnExitCodes for InitContainer": (
        _pfp_job(ON_EXIT_CODE_RULES),
        [
            {
                "phase": "Failed",
                "init_container_statuses": [terminated(5, "init-container")],
                "container_statuses": [terminated(143, "main-container")],
            }
        ],
        None,
        _ft_failed("PodFailurePolicy", _pfp_msg("init-container", 5, 1)),
        {"failed": 1},
    ),
    "ignore pod failure; both rules are matching, the first is executed only": (
        _pfp_job(ON_EXIT_CODE_RULES, backoffLimit=0),
        [
            {
                "phase": "Failed",
                "container_statuses": [terminated(2, "container1"), terminated(6, "container2")],
            }
        ],
        None,
        [],
        {"active": 1},
    ),
    "ignore pod failure based on OnExitCodes": (
        _pfp_job(ON_EXIT_CODE_RULES, backoffLimit=0),
        [{"phase": "Failed", "container_statuses": [terminated(1)]}],
        None,
        [],
        {"active": 1},
    ),
    "default job based on OnExitCodes": (
        _pfp_job(ON_EXIT_CODE_RULES, backoffLimit=0),
        [{"phase": "Failed", "container_statuses": [terminated(10)]}],
        None,
        _ft_failed("BackoffLimitExceeded", BACKOFF_MSG),
        {"failed": 1},
    ),
    "count pod failure based on OnExitCodes; both rules are matching, the first is executed only": (
        _pfp_job(
            [
                {"action": "Count", "onExitCodes": {"operator": "In", "values": [1, 2]}},
                {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [2, 3]}},
            ]
        ),
        [{"phase": "Failed", "container_statuses": [terminated(2)]}],
        None,
        [],
        {"active": 1, "failed": 1},
    ),
    "count pod failure based on OnPodConditions; both rules are matching, the first is executed "
    "only": (
        _pfp_job(
            [
                {"action": "Count", "onPodConditions": [{"type": "ResourceLimitExceeded"}]},
                {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
            ]
        ),
        [
            {
                "phase": "Failed",
                "pod_conditions": conditions("ResourceLimitExceeded", "DisruptionTarget"),
                "container_statuses": [terminated(0)],
            }
        ],
        None,
        [],
        {"active": 1, "failed": 1},
    ),
    "ignore pod failure based on OnPodConditions": (
        _pfp_job(
            [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}],
            backoffLimit=0,
        ),
        [{"phase": "Failed", "pod_conditions": conditions("DisruptionTarget")}],
        None,
        [],
        {"active": 1},
    ),
    "ignore pod failure based on OnPodConditions, ignored failures delays pod recreation": (
        _pfp_job(
            [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}],
            backoffLimit=0,
        ),
        [
            {
                "phase": "Failed",
                "deleting": True,
                "container_statuses": [],
                "pod_conditions": conditions("DisruptionTarget"),
            }
        ],
        None,
        [],
        {},
    ),
    "fail job based on OnPodConditions": (
        _pfp_job(FAIL_ON_DISRUPTION["rules"]),
        [{"phase": "Failed", "pod_conditions": conditions("DisruptionTarget")}],
        None,
        _ft_failed(
            "PodFailurePolicy",
            "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0",
        ),
        {"failed": 1},
    ),
    # Master publishes the terminating pod (upstream row: gate off, terminating nil).
    "terminating Pod not considered failed when JobPodFailurePolicy is enabled and used": (
        _pfp_job(
            [{"action": "Count", "onPodConditions": [{"type": "DisruptionTarget"}]}],
            backoffLimit=0,
            completions=None,
        ),
        [{"phase": "Running", "deleting": True}],
        None,
        [],
        {"terminating": 1},
    ),
}


def _initial_status(extra: dict[str, Any] | None) -> dict[str, Any] | None:
    """A pre-existing ``FailureTarget`` condition with the given message, if any."""
    if not extra:
        return None
    message = extra["FailureTarget"]
    return {
        "conditions": [
            {
                "type": "FailureTarget",
                "status": "True",
                "reason": "PodFailurePolicy",
                "message": message,
                "lastProbeTime": "2026-01-01T00:00:00Z",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
            }
        ]
    }


def _want(counters: dict[str, Any]) -> dict[str, Any]:
    base: dict[str, Any] = {
        "active": 0,
        "succeeded": 0,
        "failed": 0,
        "terminating": 0,
        "completedIndexes": "",
        "failedIndexes": None,
    }
    base.update(counters)
    return base


@pytest.mark.parametrize(
    ("spec", "pods", "initial", "want_conditions", "want"),
    list(PFP_CASES.values()),
    ids=list(PFP_CASES),
)
def test_sync_job_with_pod_failure_policy(
    spec: dict[str, Any],
    pods: list[dict[str, Any]],
    initial: dict[str, Any] | None,
    want_conditions: list[tuple[str, str, str, str]],
    want: dict[str, Any],
) -> None:
    """One sync of a podFailurePolicy Job writes upstream's conditions and counters."""
    result = sync_row(spec, pods, _initial_status(initial))
    assert result.error is None
    assert result.conditions == want_conditions
    got = status_of(result)
    if spec.get("completionMode") == "Indexed":
        want = {**want, "completedIndexes": ""}
    assert got == _want(want)
