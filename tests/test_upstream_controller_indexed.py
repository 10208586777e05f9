"""We test these aspects: one ``sync_job`` over hand-made pods of Indexed Jobs with a
successPolicy or backoffLimitPerIndex, row for row as upstream's tables: the conditions
(type, status, reason, message), ``succeeded``/``failed``/``active``/``terminating``,
``completedIndexes`` and ``failedIndexes``.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``:
``TestSyncJobWithJobSuccessPolicy`` and ``TestSyncJobWithJobBackoffLimitPerIndex`` (case names
kept as row ids). Expectations are current master's, every GA'd gate on: ``SuccessCriteriaMet``
and ``FailureTarget`` come first and ``Complete``/``Failed`` wait for terminating pods;
``status.terminating`` is always written; ``failedIndexes`` is written whenever
``backoffLimitPerIndex`` is set; reaching completions gives reason ``CompletionsReached``. Rows
written upstream for a gate being off are left out, or (when the case still applies) carry the
master expectation and say so in a comment.
"""

from __future__ import annotations

from typing import Any

import pytest
from upstream_controller_support import conditions, status_of, sync_row, terminated

BACKOFF_MSG = "Job has reached the specified backoff limit"
FAILED_INDEXES_MSG = "Job has failed indexes"
MAX_FAILED_MSG = "Job has exceeded the specified maximal number of failed indexes"
COMPLETIONS_MSG = "Reached expected number of succeeded pods"
RULE0 = "Matched rules at index 0"
MAX_INT32 = 2**31 - 1
DISRUPTION_MSG = (
    "Pod default/mypod-0 has condition DisruptionTarget matching FailJob rule at index 0"
)

SCM = ("SuccessCriteriaMet", "True", "SuccessPolicy", RULE0)
COMPLETE = ("Complete", "True", "SuccessPolicy", RULE0)
FAIL_ON_DISRUPTION = {
    "rules": [{"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget"}]}]
}
RULE_0_1_COUNT_1 = {"rules": [{"succeededIndexes": "0,1", "succeededCount": 1}]}


def _ft_failed(reason: str, message: str) -> list[tuple[str, str, str, str]]:
    return [("FailureTarget", "True", reason, message), ("Failed", "True", reason, message)]


def _indexed(n: int, **spec: Any) -> dict[str, Any]:
    """An Indexed Job with parallelism = completions = n and backoffLimit MaxInt32."""
    return {
        "parallelism": n,
        "completions": n,
        "backoffLimit": MAX_INT32,
        "completionMode": "Indexed",
        **spec,
    }


def _pod(phase: str, index: str, **options: Any) -> dict[str, Any]:
    return {"phase": phase, "index": index, **options}


def _cond_status(*conds: tuple[str, str, str, str]) -> dict[str, Any]:
    return {
        "conditions": [
            {
                "type": t,
                "status": s,
                "reason": r,
                "message": m,
                "lastProbeTime": "2026-01-01T00:00:00Z",
                "lastTransitionTime": "2026-01-01T00:00:00Z",
            }
            for t, s, r, m in conds
        ]
    }


def _want(**counters: Any) -> dict[str, Any]:
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


DISRUPTED = {"pod_conditions": conditions("DisruptionTarget"), "container_statuses": []}

# Each row: spec, pods, initial status, expected conditions, expected counters.
SUCCESS_POLICY_CASES: dict[str, tuple[Any, ...]] = {
    "job has SuccessCriteriaMet condition if job meets to successPolicy and some indexes fail": (
        _indexed(3, successPolicy=RULE_0_1_COUNT_1),
        [_pod("Failed", "0"), _pod("Running", "0"), _pod("Succeeded", "1"), _pod("Running", "2")],
        None,
        [SCM],
        _want(failed=1, succeeded=1, terminating=2, completedIndexes="1"),
    ),
    "job with podFailurePolicy: SuccessCriteriaMet if job meets successPolicy and doesn't meet "
    "podFailurePolicy": (
        _indexed(
            2,
            successPolicy=RULE_0_1_COUNT_1,
            podFailurePolicy=FAIL_ON_DISRUPTION,
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0"), _pod("Running", "0"), _pod("Succeeded", "1")],
        None,
        [SCM],
        _want(failed=1, succeeded=1, terminating=1, completedIndexes="1"),
    ),
    "job with backoffLimitPerIndex: SuccessCriteriaMet if job meets successPolicy and doesn't "
    "meet backoffLimitPerIndex": (
        _indexed(2, successPolicy=RULE_0_1_COUNT_1, backoffLimitPerIndex=2),
        [_pod("Failed", "0"), _pod("Running", "0"), _pod("Succeeded", "1")],
        None,
        [SCM],
        _want(failed=1, succeeded=1, terminating=1, completedIndexes="1", failedIndexes=""),
    ),
    # Master: failedIndexes "" (upstream row ran with JobBackoffLimitPerIndex off).
    "job has both Complete and SuccessCriteriaMet condition when job meets to successPolicy and "
    "all pods have been already removed": (
        _indexed(2, successPolicy=RULE_0_1_COUNT_1, backoffLimitPerIndex=2),
        [_pod("Failed", "0"), _pod("Succeeded", "1")],
        _cond_status(SCM),
        [SCM, COMPLETE],
        _want(failed=1, succeeded=1, completedIndexes="1", failedIndexes=""),
    ),
    # Master: failedIndexes "" (upstream row ran with JobBackoffLimitPerIndex off).
    "job has SuccessCriteriaMet condition when job meets to successPolicy and some pods still "
    "are running": (
        _indexed(3, successPolicy=RULE_0_1_COUNT_1, backoffLimitPerIndex=3),
        [_pod("Failed", "0"), _pod("Running", "1"), _pod("Succeeded", "1"), _pod("Running", "2")],
        _cond_status(SCM),
        [SCM],
        _want(failed=1, succeeded=1, terminating=2, completedIndexes="1", failedIndexes=""),
    ),
    "job has a failed condition when job meets to both successPolicy and podFailurePolicy": (
        _indexed(
            2,
            successPolicy=RULE_0_1_COUNT_1,
            podFailurePolicy=FAIL_ON_DISRUPTION,
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", **DISRUPTED), _pod("Running", "0"), _pod("Succeeded", "1")],
        None,
        _ft_failed("PodFailurePolicy", DISRUPTION_MSG)[:1],
        _want(failed=2, succeeded=1, terminating=1, completedIndexes="1"),
    ),
    "job has a failed condition when job meets to both successPolicy and backoffLimitPerIndex": (
        _indexed(2, successPolicy=RULE_0_1_COUNT_1, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="1"), _pod("Succeeded", "1")],
        None,
        _ft_failed("FailedIndexes", FAILED_INDEXES_MSG),
        _want(failed=1, succeeded=1, completedIndexes="1", failedIndexes="0"),
    ),
    "job has a failed condition when job meets to both successPolicy and backoffLimit": (
        _indexed(2, successPolicy=RULE_0_1_COUNT_1, backoffLimit=1),
        [_pod("Failed", "0"), _pod("Failed", "0"), _pod("Succeeded", "1")],
        None,
        _ft_failed("BackoffLimitExceeded", BACKOFF_MSG),
        _want(failed=2, succeeded=1, completedIndexes="1"),
    ),
    "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if "
    "job meets podFailurePolicy": (
        _indexed(
            2,
            successPolicy={"rules": [{"succeededCount": 1}]},
            podFailurePolicy=FAIL_ON_DISRUPTION,
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", **DISRUPTED), _pod("Succeeded", "1")],
        {"succeeded": 1, "completedIndexes": "1", **_cond_status(SCM)},
        [SCM, COMPLETE],
        _want(failed=1, succeeded=1, completedIndexes="1"),
    ),
    "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if "
    "job meet backoffLimitPerIndex": (
        _indexed(2, successPolicy={"rules": [{"succeededIndexes": "1"}]}, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="1"), _pod("Succeeded", "1")],
        {"succeeded": 1, "completedIndexes": "1", **_cond_status(SCM)},
        [SCM, COMPLETE],
        _want(failed=1, succeeded=1, completedIndexes="1", failedIndexes="0"),
    ),
    "job with SuccessCriteriaMet has never been transitioned to FailureTarget and Failed even if "
    "job meets backoffLimit": (
        _indexed(2, successPolicy=RULE_0_1_COUNT_1, backoffLimit=1),
        [_pod("Failed", "0"), _pod("Succeeded", "1")],
        {"succeeded": 1, "completedIndexes": "1", **_cond_status(SCM)},
        [SCM, COMPLETE],
        _want(failed=1, succeeded=1, completedIndexes="1"),
    ),
    "job with FailureTarget has never been transitioned to SuccessCriteriaMet even if job meets "
    "successPolicy": (
        _indexed(
            2,
            successPolicy=RULE_0_1_COUNT_1,
            podFailurePolicy=FAIL_ON_DISRUPTION,
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", finalizer=False, **DISRUPTED), _pod("Succeeded", "1")],
        {
            "failed": 1,
            "completedIndexes": "1",
            **_cond_status(("FailureTarget", "True", "PodFailurePolicy", DISRUPTION_MSG)),
        },
        _ft_failed("PodFailurePolicy", DISRUPTION_MSG),
        _want(failed=1, succeeded=1, completedIndexes="1"),
    ),
}

BACKOFF_PER_INDEX_CASES: dict[str, tuple[Any, ...]] = {
    "successful job after a single failure within index": (
        _indexed(2, backoffLimitPerIndex=1),
        [
            _pod("Failed", "0", failure_count="0"),
            _pod("Succeeded", "0", failure_count="1"),
            _pod("Succeeded", "1", failure_count="0"),
        ],
        None,
        [
            ("SuccessCriteriaMet", "True", "CompletionsReached", COMPLETIONS_MSG),
            ("Complete", "True", "CompletionsReached", COMPLETIONS_MSG),
        ],
        _want(failed=1, succeeded=2, completedIndexes="0,1", failedIndexes=""),
    ),
    "single failed pod, not counted as the replacement pod creation is delayed": (
        _indexed(2, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="0")],
        None,
        [],
        _want(active=2, failedIndexes=""),
    ),
    "single failed pod replaced already": (
        _indexed(2, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="0"), _pod("Pending", "0", failure_count="1")],
        None,
        [],
        _want(active=2, failed=1, failedIndexes=""),
    ),
    "single failed index due to exceeding the backoff limit per index, the job continues": (
        _indexed(2, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="1")],
        None,
        [],
        _want(active=1, failed=1, failedIndexes="0"),
    ),
    "single failed index due to FailIndex action, the job continues": (
        _indexed(
            2,
            backoffLimitPerIndex=1,
            podFailurePolicy={
                "rules": [{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [3]}}]
            },
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", failure_count="0", container_statuses=[terminated(3)])],
        None,
        [],
        _want(active=1, failed=1, failedIndexes="0"),
    ),
    "job failed index due to FailJob action": (
        _indexed(
            2,
            backoffLimit=6,
            backoffLimitPerIndex=1,
            podFailurePolicy={
                "rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [3]}}]
            },
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", failure_count="0", container_statuses=[terminated(3, "c")])],
        None,
        _ft_failed(
            "PodFailurePolicy",
            "Container c for pod default/mypod-0 failed with exit code 3 matching FailJob rule"
            " at index 0",
        ),
        _want(failed=1, failedIndexes=""),
    ),
    "job pod failure ignored due to matching Ignore action": (
        _indexed(
            2,
            backoffLimit=6,
            backoffLimitPerIndex=1,
            podFailurePolicy={
                "rules": [{"action": "Ignore", "onExitCodes": {"operator": "In", "values": [3]}}]
            },
            podReplacementPolicy="Failed",
        ),
        [_pod("Failed", "0", failure_count="0", container_statuses=[terminated(3)])],
        None,
        [],
        _want(active=2, failedIndexes=""),
    ),
    "job failed due to exceeding backoffLimit before backoffLimitPerIndex": (
        _indexed(2, backoffLimit=1, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="0"), _pod("Failed", "1", failure_count="0")],
        None,
        _ft_failed("BackoffLimitExceeded", BACKOFF_MSG),
        _want(failed=2, failedIndexes=""),
    ),
    "job failed due to failed indexes": (
        _indexed(2, backoffLimitPerIndex=1),
        [_pod("Failed", "0", failure_count="1"), _pod("Succeeded", "1", failure_count="0")],
        None,
        _ft_failed("FailedIndexes", FAILED_INDEXES_MSG),
        _want(failed=1, succeeded=1, completedIndexes="1", failedIndexes="0"),
    ),
    "job failed due to exceeding max failed indexes": (
        _indexed(4, backoffLimitPerIndex=1, maxFailedIndexes=1),
        [
            _pod("Failed", "0", failure_count="1"),
            _pod("Succeeded", "1", failure_count="0"),
            _pod("Failed", "2", failure_count="1"),
            _pod("Running", "3", failure_count="0"),
        ],
        None,
        _ft_failed("MaxFailedIndexesExceeded", MAX_FAILED_MSG)[:1],
        _want(failed=3, succeeded=1, terminating=1, completedIndexes="1", failedIndexes="0,2"),
    ),
}


@pytest.mark.parametrize(
    ("spec", "pods", "initial", "want_conditions", "want"),
    [*SUCCESS_POLICY_CASES.values(), *BACKOFF_PER_INDEX_CASES.values()],
    ids=[*SUCCESS_POLICY_CASES, *BACKOFF_PER_INDEX_CASES],
)
def test_sync_indexed_job_with_policies(
    spec: dict[str, Any],
    pods: list[dict[str, Any]],
    initial: dict[str, Any] | None,
    want_conditions: list[tuple[str, str, str, str]],
    want: dict[str, Any],
) -> None:
    """One sync of an Indexed Job with policies writes upstream's conditions and counters."""
    result = sync_row(spec, pods, initial)
    assert result.error is None
    assert result.conditions == want_conditions
    assert status_of(result) == want
