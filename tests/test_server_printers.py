"""We test these aspects: the server-side printers of Pods, Events and Namespaces.

The Pod STATUS column (phase, ``status.reason``, container waiting and terminated reasons,
``ExitCode:N``/``Signal:N``, init containers, ``Terminating``), READY, RESTARTS with
``(<age> ago)``, the wide cells with ``<none>``, the ``Completed`` row conditions, and the
Event and Namespace rows.
Upstream: kubernetes ``pkg/printers/internalversion/printers.go`` (``printPod``,
``printEvent``, ``printNamespace``) and its ``printers_test.go`` (``TestPrintPod``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from jobsim.api.core_v1 import Event, Namespace, Pod
from jobsim.report.pods import pod_row
from jobsim.server.printers import event_cells, namespace_cells, pod_cells, pod_row_conditions

NOW = datetime(2026, 1, 1, 1, 0, 0, tzinfo=UTC)


def _ago(seconds: int) -> str:
    return (NOW - timedelta(seconds=seconds)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pod(
    phase: str = "Running",
    statuses: list[dict[str, Any]] | None = None,
    *,
    init: list[dict[str, Any]] | None = None,
    reason: str = "",
    deleting: bool = False,
    conditions: list[dict[str, Any]] | None = None,
) -> Pod:
    metadata: dict[str, Any] = {"name": "p", "creationTimestamp": _ago(300)}
    if deleting:
        metadata["deletionTimestamp"] = _ago(1)
    spec: dict[str, Any] = {"containers": [{"name": "main", "image": "busybox"}]}
    status: dict[str, Any] = {"phase": phase}
    if statuses is not None:
        status["containerStatuses"] = [
            {"name": "main", "image": "busybox", "imageID": "", **s} for s in statuses
        ]
    if init is not None:
        spec["initContainers"] = [{"name": "setup", "image": "busybox"}]
        status["initContainerStatuses"] = [
            {"name": "setup", "image": "busybox", "imageID": "", **s} for s in init
        ]
    if reason:
        status["reason"] = reason
    if conditions:
        status["conditions"] = conditions
    return Pod.model_validate({"metadata": metadata, "spec": spec, "status": status})


RUNNING = {"ready": True, "restartCount": 0, "state": {"running": {"startedAt": _ago(200)}}}


def _state(state: dict[str, Any], restarts: int = 0, **extra: Any) -> dict[str, Any]:
    return {"ready": False, "restartCount": restarts, "state": state, **extra}


def _waiting(reason: str) -> dict[str, Any]:
    return _state({"waiting": {"reason": reason}})


def _terminated(exit_code: int, reason: str = "", signal: int = 0) -> dict[str, Any]:
    terminated: dict[str, Any] = {"exitCode": exit_code}
    if reason:
        terminated["reason"] = reason
    if signal:
        terminated["signal"] = signal
    return _state({"terminated": terminated})


CRASH_LOOP = _state(
    {"waiting": {"reason": "CrashLoopBackOff"}},
    restarts=3,
    lastState={"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": _ago(60)}},
)
GATED = [{"type": "PodScheduled", "status": "False", "reason": "SchedulingGated"}]


@pytest.mark.parametrize(
    ("pod", "ready", "status", "restarts"),
    [
        (_pod("Pending"), "0/1", "Pending", "0"),
        (_pod("Pending", [_waiting("ContainerCreating")]), "0/1", "ContainerCreating", "0"),
        (_pod("Running", [RUNNING]), "1/1", "Running", "0"),
        (_pod("Succeeded", [_terminated(0, "Completed")]), "0/1", "Completed", "0"),
        (_pod("Failed", [_terminated(1, "Error")]), "0/1", "Error", "0"),
        (_pod("Failed", [_terminated(2)]), "0/1", "ExitCode:2", "0"),
        (_pod("Failed", [_terminated(137, signal=9)]), "0/1", "Signal:9", "0"),
        (_pod("Running", [CRASH_LOOP]), "0/1", "CrashLoopBackOff", "3 (60s ago)"),
        (_pod("Running", [RUNNING], deleting=True), "1/1", "Terminating", "0"),
        (_pod("Succeeded", [], deleting=True), "0/1", "Succeeded", "0"),
        (_pod("Failed", reason="Evicted"), "0/1", "Evicted", "0"),
        (_pod("Pending", [], init=[_state({"running": {}})]), "0/1", "Init:0/1", "0"),
        (_pod("Pending", [], init=[_terminated(1, "Error")]), "0/1", "Init:Error", "0"),
        (_pod("Pending", [], conditions=GATED), "0/1", "SchedulingGated", "0"),
    ],
    ids=[
        "pending", "container-creating", "running", "completed", "error", "exit-code", "signal",
        "crash-loop", "terminating", "terminal-not-terminating", "pod-reason", "init-running",
        "init-failed", "scheduling-gated",
    ],
)  # fmt: skip
def test_pod_columns(pod: Pod, ready: str, status: str, restarts: str) -> None:
    """READY, STATUS and RESTARTS follow printPod; AGE is relative to simulated now."""
    cells = pod_cells(pod, NOW)
    assert cells[:5] == ["p", ready, status, restarts, "5m"]


def test_pod_cells_are_the_wide_kubectl_row() -> None:
    """The server's Table cells and ``jobsim get pods -o wide`` come from one printPod."""
    pod = _pod("Running", [CRASH_LOOP])
    assert pod_cells(pod, NOW) == pod_row(pod, NOW, wide=True)


def test_pod_wide_cells_default_to_none() -> None:
    """IP, NODE, NOMINATED NODE and READINESS GATES print ``<none>`` when empty."""
    assert pod_cells(_pod(), NOW)[5:] == ["<none>", "<none>", "<none>", "<none>"]


def _completed(reason: str, message: str) -> dict[str, str]:
    return {"type": "Completed", "status": "True", "reason": reason, "message": message}


@pytest.mark.parametrize(
    ("phase", "conditions"),
    [
        ("Succeeded", [_completed("Succeeded", "The pod has completed successfully.")]),
        ("Failed", [_completed("Failed", "The pod failed.")]),
        ("Running", None),
    ],
    ids=["succeeded", "failed", "running"],
)  # fmt: skip
def test_pod_row_conditions(phase: str, conditions: list[dict[str, str]] | None) -> None:
    """Finished pods carry the ``Completed`` row condition (podSuccessConditions)."""
    assert pod_row_conditions(_pod(phase)) == conditions


def test_event_cells() -> None:
    """LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT, SOURCE, MESSAGE, FIRST SEEN, COUNT, NAME."""
    event = Event.model_validate(
        {
            "metadata": {"name": "pi.1", "namespace": "default"},
            "involvedObject": {"kind": "Job", "name": "pi", "namespace": "default"},
            "reason": "SuccessfulCreate",
            "message": "Created pod: pi-abcde ",
            "source": {"component": "job-controller"},
            "firstTimestamp": _ago(120),
            "lastTimestamp": _ago(30),
            "count": 2,
            "type": "Normal",
        }
    )
    assert event_cells(event, NOW) == [
        "30s", "Normal", "SuccessfulCreate", "job/pi", "", "job-controller",
        "Created pod: pi-abcde", "2m", 2, "pi.1",
    ]  # fmt: skip


def test_namespace_cells() -> None:
    """NAME, STATUS (the phase), AGE."""
    namespace = Namespace.model_validate(
        {
            "metadata": {"name": "default", "creationTimestamp": _ago(3600)},
            "status": {"phase": "Active"},
        }
    )
    assert namespace_cells(namespace, NOW) == ["default", "Active", "60m"]
