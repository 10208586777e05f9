"""We test these aspects: matching failed pods against podFailurePolicy rules (first match wins,
exact FailJob messages, counted or ignored, unknown actions/operators skipped), the job failure
message over all pods, and the count of non-ignored failures in
``jobsim.controllers.job.pod_failure_policy``.

The table mirrors upstream ``pkg/controller/job/pod_failure_policy_test.go``
(``TestMatchPodFailurePolicy``); case ids are upstream's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest
from job_builders import T0, make_job, make_pod, terminated

from jobsim.api.batch_v1 import PodFailurePolicy
from jobsim.api.core_v1 import ContainerStatus, Pod, PodCondition
from jobsim.controllers.job.pod_failure_policy import (
    get_fail_job_message,
    match_pod_failure_policy,
    non_ignored_failed_pods_count,
)


def _exit_rule(action: str, operator: str, values: list[int], **extra: Any) -> dict[str, Any]:
    return {"action": action, "onExitCodes": {"operator": operator, "values": values, **extra}}


def _condition_rule(action: str, ctype: str, status: str = "True") -> dict[str, Any]:
    return {"action": action, "onPodConditions": [{"type": ctype, "status": status}]}


def _policy(*rules: dict[str, Any]) -> PodFailurePolicy:
    return PodFailurePolicy.from_dict({"rules": list(rules)})


def _failed(
    statuses: list[ContainerStatus] | None = None,
    init: list[ContainerStatus] | None = None,
    conditions: Sequence[tuple[str, str]] = (),
) -> Pod:
    return make_pod(
        "mypod",
        phase="Failed",
        container_statuses=statuses,
        init_container_statuses=init,
        conditions=[PodCondition(type=t, status=s) for t, s in conditions],
    )


MAIN_2 = [terminated(2, name="main-container")]
DISRUPTED = [("DisruptionTarget", "True")]


@pytest.mark.parametrize(
    ("policy", "pod", "want"),
    [
        (
            _policy(_exit_rule("UnknownAction", "In", [1, 2]), _exit_rule("FailJob", "In", [2, 3])),
            _failed(MAIN_2),
            (
                "Container main-container for pod default/mypod failed with exit code 2 matching"
                " FailJob rule at index 1",
                True,
                "FailJob",
            ),
        ),
        (
            _policy(
                _condition_rule("UnkonwnAction", "DisruptionTarget"),
                _condition_rule("Ignore", "DisruptionTarget"),
            ),
            _failed(conditions=DISRUPTED),
            (None, False, "Ignore"),
        ),
        (
            _policy(
                _exit_rule("Ignore", "UnknownOperator", [1, 2]),
                _exit_rule("FailJob", "In", [2, 3]),
            ),
            _failed(MAIN_2),
            (
                "Container main-container for pod default/mypod failed with exit code 2 matching"
                " FailJob rule at index 1",
                True,
                "FailJob",
            ),
        ),
        (None, _failed([terminated(2)]), (None, True, None)),
        (
            _policy(_exit_rule("Ignore", "In", [1, 2, 3])),
            _failed([terminated(2)]),
            (None, False, "Ignore"),
        ),
        (
            _policy(_exit_rule("Ignore", "In", [-1073741676, -1073741510])),
            _failed([terminated(-1073741510)]),
            (None, False, "Ignore"),
        ),
        (
            _policy(_exit_rule("FailJob", "In", [1, 2, 3])),
            _failed(MAIN_2),
            (
                "Container main-container for pod default/mypod failed with exit code 2 matching"
                " FailJob rule at index 0",
                True,
                "FailJob",
            ),
        ),
        (
            _policy(_exit_rule("FailJob", "NotIn", [111])),
            _failed(
                [terminated(111, name="main-container"), terminated(0, name="suppport-container")],
                init=[terminated(0, name="init-container")],
            ),
            (None, True, None),
        ),
        (
            _policy(_exit_rule("FailIndex", "In", [1, 2, 3])),
            _failed([terminated(2)]),
            (None, True, "FailIndex"),
        ),
        (
            _policy(_exit_rule("FailJob", "NotIn", [0])),
            _failed(
                [terminated(1, name="main-container"), terminated(0, name="suppport-container")]
            ),
            (
                "Container main-container for pod default/mypod failed with exit code 1 matching"
                " FailJob rule at index 0",
                True,
                "FailJob",
            ),
        ),
        (
            _policy(_exit_rule("Count", "In", [1, 2, 3]), _exit_rule("FailJob", "In", [4, 5, 6])),
            _failed([terminated(6, name="main-container")]),
            (
                "Container main-container for pod default/mypod failed with exit code 6 matching"
                " FailJob rule at index 1",
                True,
                "FailJob",
            ),
        ),
        (
            _policy(_exit_rule("Count", "In", [1, 2, 3])),
            _failed([ContainerStatus(name="foo"), terminated(2, name="bar")]),
            (None, True, "Count"),
        ),
        (
            _policy(_condition_rule("FailIndex", "DisruptionTarget")),
            _failed(conditions=DISRUPTED),
            (None, True, "FailIndex"),
        ),
        (
            _policy(_condition_rule("Ignore", "DisruptionTarget")),
            _failed(conditions=DISRUPTED),
            (None, False, "Ignore"),
        ),
        (
            _policy(_condition_rule("Ignore", "DisruptionTarget", "False")),
            _failed(conditions=[("DisruptionTarget", "False")]),
            (None, False, "Ignore"),
        ),
        (
            _policy(_condition_rule("Ignore", "DisruptionTarget", "Unknown")),
            _failed(conditions=[("DisruptionTarget", "Unknown")]),
            (None, False, "Ignore"),
        ),
        (
            _policy(_condition_rule("Ignore", "DisruptionTarget", "False")),
            _failed(conditions=DISRUPTED),
            (None, True, None),
        ),
        (
            _policy(_condition_rule("Ignore", "DisruptionTarget")),
            _failed(conditions=[("DisruptionTarget", "False")]),
            (None, True, None),
        ),
        (
            _policy(_condition_rule("FailJob", "DisruptionTarget")),
            _failed(conditions=DISRUPTED),
            (
                "Pod default/mypod has condition DisruptionTarget matching FailJob rule at index 0",
                True,
                "FailJob",
            ),
        ),
        (
            _policy(_condition_rule("Count", "DisruptionTarget")),
            _failed(conditions=DISRUPTED),
            (None, True, "Count"),
        ),
        (
            _policy(
                _exit_rule("Count", "NotIn", [8]),
                _exit_rule("Ignore", "In", [1, 2, 3]),
                _exit_rule("FailJob", "NotIn", [5, 6, 7]),
                _condition_rule("Count", "ResourceLimitExceeded"),
                _condition_rule("Ignore", "DisruptionTarget"),
            ),
            _failed([terminated(32)]),
            (None, True, "Count"),
        ),
        (
            _policy(_exit_rule("FailJob", "In", [3], containerName="other")),
            _failed([terminated(3, name="main")], init=[terminated(3, name="other")]),
            (
                "Container other for pod default/mypod failed with exit code 3 matching FailJob"
                " rule at index 0",
                True,
                "FailJob",
            ),
        ),
    ],
    ids=[
        "unknown action for rule matching by exit codes - skip rule with unknown action",
        "unknown action for rule matching by pod conditions - skip rule with unknown action",
        "unknown operator - rule with unknown action is skipped for onExitCodes",
        "no policy rules",
        "ignore rule matched for exit codes",
        "ignore rule matched on negative exit codes - needed for Windows support",
        "FailJob rule matched for exit codes",
        "successful containers are skipped by the rules",
        "FailIndex rule matched for exit codes",
        "pod failure policy with NotIn operator and value 0",
        "second jobfail rule matched for exit codes",
        "count rule matched for exit codes",
        "FailIndex rule matched for pod conditions",
        "ignore rule matched for pod conditions",
        "ignore rule matches by the status=False",
        "ignore rule matches by the status=Unknown",
        "ignore rule does not match when status for pattern is False, but actual True",
        "ignore rule does not match when status for pattern is True, but actual False",
        "job fail rule matched for pod conditions",
        "count rule matched for pod conditions",
        "no rule matched",
        "containerName restricts the match; init containers are scanned after regular ones",
    ],
)
def test_match_pod_failure_policy(
    policy: PodFailurePolicy | None, pod: Pod, want: tuple[str | None, bool, str | None]
) -> None:
    """matchPodFailurePolicy returns upstream's message, counting verdict and action."""
    assert match_pod_failure_policy(policy, pod) == want


def test_get_fail_job_message_scans_failed_pods_only() -> None:
    """getFailJobMessage returns the first FailJob match among pods considered failed."""
    policy = _policy(_exit_rule("FailJob", "In", [42]))
    job = make_job(pod_failure_policy=policy, pod_replacement_policy="Failed")
    running_with_42 = make_pod("running", container_statuses=[terminated(42, name="c")])
    terminating = make_pod("terminating", deleted=T0, container_statuses=[terminated(42, name="c")])
    failed_other = make_pod("other", phase="Failed", container_statuses=[terminated(1, name="c")])
    failed_42 = make_pod("hit", phase="Failed", container_statuses=[terminated(42, name="c")])
    pods = [running_with_42, terminating, failed_other, failed_42]
    assert get_fail_job_message(job, pods) == (
        "Container c for pod default/hit failed with exit code 42 matching FailJob rule at index 0"
    )
    assert get_fail_job_message(make_job(), pods) is None
    assert get_fail_job_message(job, pods[:3]) is None


def test_non_ignored_failed_pods_count() -> None:
    """Failures matching an Ignore rule are not counted toward backoffLimit."""
    policy = _policy(_condition_rule("Ignore", "DisruptionTarget"))
    disrupted = make_pod(
        "d", phase="Failed", conditions=[PodCondition(type="DisruptionTarget", status="True")]
    )
    plain = make_pod("p", phase="Failed")
    assert (
        non_ignored_failed_pods_count(make_job(pod_failure_policy=policy), [disrupted, plain]) == 1
    )
    assert non_ignored_failed_pods_count(make_job(), [disrupted, plain]) == 2
