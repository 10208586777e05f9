"""We test these aspects: the ``kubectl get pods`` row, STATUS reason exactly as kubectl.

Source: ``printPod`` in ``pkg/printers/internalversion/printers.go``; the cases mirror
``TestPrintPod`` in ``printers_test.go`` (test1 ... test19), with "now" fixed.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from job_builders import at

from jobsim.api.core_v1 import (
    Container,
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
    Pod,
    PodCondition,
    PodIP,
    PodSpec,
    PodStatus,
)
from jobsim.api.meta_v1 import ObjectMeta
from jobsim.report.pods import pod_row

NOW = at(30 * 24 * 3600)


def _ago(seconds: float) -> ContainerState:
    return ContainerState(
        terminated=ContainerStateTerminated(finished_at=NOW - timedelta(seconds=seconds))
    )


def _run(
    ready: bool = False, restarts: int = 0, last: ContainerState | None = None
) -> ContainerStatus:
    return ContainerStatus(
        ready=ready,
        restart_count=restarts,
        state=ContainerState(running=ContainerStateRunning()),
        last_state=last or ContainerState(),
    )


def _wait(reason: str = "", restarts: int = 0) -> ContainerStatus:
    return ContainerStatus(
        restart_count=restarts, state=ContainerState(waiting=ContainerStateWaiting(reason=reason))
    )


def _term(
    reason: str = "", exit_code: int = 0, ready: bool = False, restarts: int = 0
) -> ContainerStatus:
    state = ContainerState(terminated=ContainerStateTerminated(reason=reason, exit_code=exit_code))
    return ContainerStatus(ready=ready, restart_count=restarts, state=state)


def _pod(
    containers: int,
    phase: str,
    statuses: list[ContainerStatus],
    *,
    init: list[ContainerStatus] | None = None,
    reason: str = "",
    conditions: list[PodCondition] | None = None,
    deleting: bool = False,
) -> Pod:
    return Pod(
        metadata=ObjectMeta(name="p", deletion_timestamp=NOW if deleting else None),
        spec=PodSpec(
            containers=[Container() for _ in range(containers)],
            init_containers=[Container() for _ in init] if init else None,
        ),
        status=PodStatus(
            phase=phase,
            reason=reason,
            conditions=conditions,
            container_statuses=statuses,
            init_container_statuses=init,
        ),
    )


READY = PodCondition(type="Ready", status="True")
GATED = PodCondition(type="PodScheduled", status="False", reason="SchedulingGated")

CASES = [
    (
        "test1",
        _pod(2, "podPhase", [_run(True, 3), ContainerStatus(restart_count=3)]),
        "1/2",
        "podPhase",
        "6",
    ),
    (
        "test2",
        _pod(2, "podPhase", [_run(True, 3), _wait("ContainerWaitingReason", 3)]),
        "1/2",
        "ContainerWaitingReason",
        "6",
    ),
    (
        "test3-first-container-wins",
        _pod(
            2,
            "podPhase",
            [_wait("ContainerWaitingReason", 3), _term("ContainerTerminatedReason", restarts=3)],
        ),
        "0/2",
        "ContainerWaitingReason",
        "6",
    ),
    (
        "test5-pod-reason",
        _pod(2, "podPhase", [_run(True, 3)], reason="podReason"),
        "1/2",
        "podReason",
        "3",
    ),
    (
        "test6-not-ready",
        _pod(2, "Running", [_term("Completed", ready=True, restarts=3), _run(True, 3)]),
        "1/2",
        "NotReady",
        "6",
    ),
    (
        "test6-ready",
        _pod(
            2,
            "Running",
            [_term("Completed", ready=True, restarts=3), _run(True, 3)],
            conditions=[READY],
        ),
        "1/2",
        "Running",
        "6",
    ),
    (
        "test7-init-restarting",
        _pod(1, "podPhase", [_wait()], init=[_run(False, 3, _ago(10))]),
        "0/1",
        "Init:0/1",
        "3 (10s ago)",
    ),
    (
        "test10-init-restarts-summed",
        _pod(
            1,
            "podPhase",
            [_wait()],
            init=[
                ContainerStatus(
                    restart_count=2,
                    state=ContainerState(terminated=ContainerStateTerminated()),
                    last_state=_ago(120),
                ),
                _run(False, 3, _ago(10)),
            ],
        ),
        "0/1",
        "Init:1/2",
        "5 (10s ago)",
    ),
    (
        "test11-init-done",
        _pod(
            1,
            "Running",
            [_run(False, 4, _ago(20))],
            init=[
                ContainerStatus(
                    restart_count=2,
                    state=ContainerState(terminated=ContainerStateTerminated()),
                    last_state=_ago(120),
                )
            ],
        ),
        "0/1",
        "Running",
        "4 (20s ago)",
    ),
    (
        "test12-restart-days-ago",
        _pod(1, "Running", [_run(True, 3, _ago(5 * 86400))]),
        "1/1",
        "Running",
        "3 (5d ago)",
    ),
    (
        "test15-scheduling-gated",
        _pod(2, "podPhase", [], conditions=[GATED]),
        "0/2",
        "SchedulingGated",
        "0",
    ),
    ("test16-completed", _pod(1, "Succeeded", [_term("Completed")]), "0/1", "Completed", "0"),
    ("test17-error", _pod(1, "Failed", [_term("Error", 1)]), "0/1", "Error", "0"),
    (
        "test18-completed-deleting",
        _pod(1, "Succeeded", [_term("Completed")], deleting=True),
        "0/1",
        "Completed",
        "0",
    ),
    (
        "test19-terminating",
        _pod(1, "Running", [_run(True)], deleting=True),
        "1/1",
        "Terminating",
        "0",
    ),
    (
        "node-lost",
        _pod(1, "Running", [_run(True)], reason="NodeLost", deleting=True),
        "1/1",
        "Unknown",
        "0",
    ),
    ("exit-code-no-reason", _pod(1, "Failed", [_term("", 137)]), "0/1", "ExitCode:137", "0"),
    (
        "container-creating",
        _pod(1, "Pending", [_wait("ContainerCreating")]),
        "0/1",
        "ContainerCreating",
        "0",
    ),
    (
        "crash-loop",
        _pod(1, "Running", [_wait("CrashLoopBackOff", 4)]),
        "0/1",
        "CrashLoopBackOff",
        "4",
    ),
]


@pytest.mark.parametrize(
    ("pod", "ready", "status", "restarts"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_print_pod_cells(pod: Pod, ready: str, status: str, restarts: str) -> None:
    """READY, STATUS and RESTARTS are computed as upstream printPod computes them."""
    assert pod_row(pod, NOW)[1:4] == [ready, status, restarts]


def test_age_unknown_without_creation_timestamp() -> None:
    """AGE is <unknown> for a zero creationTimestamp (translateTimestampSince)."""
    assert pod_row(_pod(1, "Pending", []), NOW)[4] == "<unknown>"


def test_wide_columns() -> None:
    """Wide adds the first pod IP, node, nominated node and readiness gates, <none> if empty."""
    pod = _pod(1, "Running", [_run(True)])
    pod.status.pod_ips = [PodIP(ip="10.244.0.7")]
    pod.spec.node_name = "node-0"
    assert pod_row(pod, NOW, wide=True)[5:] == ["10.244.0.7", "node-0", "<none>", "<none>"]
    pod.spec.readiness_gates = [{"conditionType": "x"}, {"conditionType": "y"}]
    pod.status.conditions = [PodCondition(type="x", status="True")]
    assert pod_row(pod, NOW, wide=True)[8] == "1/2"
