"""We test these aspects: upstream's own printer test tables, row for row, against jobsim.

Each case id is ``<upstream test>/<upstream case>``; the expected cells are upstream's.
Sources (kubernetes/kubernetes ``pkg/printers/internalversion/printers_test.go``):
``TestPrintJob`` (job1 ... job9, plus job10 from PR #132832 ``SuccessCriteriaMet``),
``TestPrintJobList``, ``TestPrintPod`` (test1 ... test20),
``TestPrintPodWithRestartableInitContainer``,
``TestPrintPodwide``, ``TestPrintPodConditions``, ``TestPrintNonTerminatedPod``, ``TestPrintEvent``,
``TestPrintEventsResultSorted``, ``TestPrintNamespace``, ``TestTranslateTimestampSince``; and
kubernetes/kubectl ``pkg/cmd/events/event_printer_test.go`` (``TestPrintObj``).
Upstream compares against ``time.Now()``; here "now" is a fixed simulated instant. Upstream's
``make([]api.Container, n)`` (nameless containers) maps to ``Container()``.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from job_builders import at

from jobsim.api.batch_v1 import Job, JobCondition, JobSpec, JobStatus
from jobsim.api.core_v1 import (
    Container,
    ContainerState,
    ContainerStateRunning,
    ContainerStateTerminated,
    ContainerStateWaiting,
    ContainerStatus,
    Event,
    EventSeries,
    EventSource,
    Namespace,
    NamespaceStatus,
    ObjectReference,
    Pod,
    PodCondition,
    PodIP,
    PodSpec,
    PodStatus,
    PodTemplateSpec,
)
from jobsim.api.meta_v1 import LabelSelector, ObjectMeta
from jobsim.report.events import kubectl_events_row
from jobsim.report.output import render_kubectl_events
from jobsim.report.pods import pod_row
from jobsim.report.tables import job_row, translate_timestamp_since
from jobsim.server.printers import event_cells, namespace_cells, pod_row_conditions
from jobsim.server.tables import table

NOW = at(0)
DAY = timedelta(days=1)


def _ago(seconds: float) -> datetime:
    return NOW - timedelta(seconds=seconds)


# --- TestPrintJob / TestPrintJobList -------------------------------------------------------

_TWO_CONTAINERS = PodTemplateSpec(
    spec=PodSpec(
        containers=[
            Container(name="fake-job-container1", image="fake-job-image1"),
            Container(name="fake-job-container2", image="fake-job-image2"),
        ]
    )
)


def _job(
    name: str,
    *,
    created: datetime = NOW + timedelta(seconds=1.9),
    completions: int | None = None,
    succeeded: int = 0,
    start: datetime | None = None,
    end: datetime | None = None,
    condition: str = "",
    deleted: datetime | None = None,
    label_value: str = "",
) -> Job:
    return Job(
        metadata=ObjectMeta(name=name, creation_timestamp=created, deletion_timestamp=deleted),
        spec=JobSpec(
            completions=completions,
            template=_TWO_CONTAINERS if label_value else PodTemplateSpec(),
            selector=LabelSelector(match_labels={"job-label": label_value})
            if label_value
            else None,
        ),
        status=JobStatus(
            succeeded=succeeded,
            start_time=start,
            completion_time=end,
            conditions=[JobCondition(type=condition, status="True")] if condition else None,
        ),
    )


TEN_YEARS_AGO = NOW.replace(year=NOW.year - 10)
JOB_CASES: list[tuple[str, Job, bool, list[str]]] = [
    (
        "TestPrintJob/job1",
        _job("job1", completions=2, succeeded=1, label_value="job-lable-value"),
        False,
        ["job1", "Running", "1/2", "", "0s"],
    ),
    (
        "TestPrintJob/job1-wide",
        _job("job1", completions=2, succeeded=1, label_value="job-label-value"),
        True,
        [
            *("job1", "Running", "1/2", "", "0s"),
            "fake-job-container1,fake-job-container2",
            "fake-job-image1,fake-job-image2",
            "job-label=job-label-value",
        ],
    ),
    (
        "TestPrintJob/job2",
        _job("job2", created=TEN_YEARS_AGO),
        False,
        ["job2", "Running", "0/1", "", "10y"],
    ),
    (
        "TestPrintJob/job3",
        _job(
            "job3",
            created=NOW - 3650 * DAY,
            start=NOW + timedelta(minutes=1),
            end=NOW + timedelta(minutes=31),
        ),
        False,
        ["job3", "Running", "0/1", "30m", "10y"],
    ),
    (
        "TestPrintJob/job4",
        _job("job4", created=NOW - 3650 * DAY, start=_ago(20 * 60)),
        False,
        ["job4", "Running", "0/1", "20m", "10y"],
    ),
    (
        "TestPrintJob/job5",
        _job("job5", condition="Complete"),
        False,
        ["job5", "Complete", "0/1", "", "0s"],
    ),
    (
        "TestPrintJob/job6",
        _job("job6", condition="Failed"),
        False,
        ["job6", "Failed", "0/1", "", "0s"],
    ),
    (
        "TestPrintJob/job7",
        _job("job7", condition="Suspended"),
        False,
        ["job7", "Suspended", "0/1", "", "0s"],
    ),
    (
        "TestPrintJob/job8",
        _job("job8", condition="FailureTarget"),
        False,
        ["job8", "FailureTarget", "0/1", "", "0s"],
    ),
    (
        "TestPrintJob/job9",
        _job("job9", deleted=NOW + timedelta(seconds=1.9)),
        False,
        ["job9", "Terminating", "0/1", "", "0s"],
    ),
    (
        "TestPrintJob/job10-PR132832",
        _job("job10", condition="SuccessCriteriaMet"),
        False,
        ["job10", "SuccessCriteriaMet", "0/1", "", "0s"],
    ),
    (
        "TestPrintJobList/job1",
        _job("job1", completions=2, succeeded=1, label_value="job-lable-value"),
        False,
        ["job1", "Running", "1/2", "", "0s"],
    ),
    (
        "TestPrintJobList/job2",
        _job("job2", completions=2, succeeded=2, start=_ago(20 * 60), label_value="v"),
        False,
        ["job2", "Running", "2/2", "20m", "0s"],
    ),
]


@pytest.mark.parametrize(
    ("job", "wide", "want"), [c[1:] for c in JOB_CASES], ids=[c[0] for c in JOB_CASES]
)
def test_print_job(job: Job, wide: bool, want: list[str]) -> None:
    """``printJob`` cells match upstream's TestPrintJob/TestPrintJobList rows exactly."""
    assert job_row(job, NOW, wide=wide) == want


def test_print_job_server_table_cells_are_the_wide_row() -> None:
    """The apiserver Table of a Job carries upstream's wide cells (kubectl hides priority 1)."""
    job = JOB_CASES[1][1]
    data = table("jobs", [job], NOW, resource_version="1", api_version="batch/v1")
    assert data["rows"][0]["cells"] == JOB_CASES[1][3]


# --- TestPrintPod and friends ----------------------------------------------------------------


def _ran(
    ready: bool = False, restarts: int = 0, finished_ago: float | None = None, **kw: Any
) -> ContainerStatus:
    last = ContainerState()
    if finished_ago is not None:
        last = ContainerState(terminated=ContainerStateTerminated(finished_at=_ago(finished_ago)))
    return ContainerStatus(
        ready=ready,
        restart_count=restarts,
        state=ContainerState(running=ContainerStateRunning()),
        last_state=last,
        **kw,
    )


def _waiting(reason: str = "", restarts: int = 0, **kw: Any) -> ContainerStatus:
    return ContainerStatus(
        restart_count=restarts,
        state=ContainerState(waiting=ContainerStateWaiting(reason=reason)),
        **kw,
    )


def _ended(
    reason: str = "",
    exit_code: int = 0,
    restarts: int = 0,
    finished_ago: float | None = None,
    **kw: Any,
) -> ContainerStatus:
    last = ContainerState()
    if finished_ago is not None:
        last = ContainerState(terminated=ContainerStateTerminated(finished_at=_ago(finished_ago)))
    state = ContainerState(terminated=ContainerStateTerminated(reason=reason, exit_code=exit_code))
    return ContainerStatus(restart_count=restarts, state=state, last_state=last, **kw)


def _pod(
    name: str,
    containers: int | list[Container],
    phase: str,
    statuses: list[ContainerStatus] | None = None,
    *,
    init: list[Container] | int = 0,
    init_statuses: list[ContainerStatus] | None = None,
    reason: str = "",
    conditions: list[PodCondition] | None = None,
    deleted: bool = False,
) -> Pod:
    if isinstance(containers, int):
        containers = [Container() for _ in range(containers)]
    if isinstance(init, int):
        init = [Container() for _ in range(init)]
    return Pod(
        metadata=ObjectMeta(name=name, deletion_timestamp=_ago(10) if deleted else None),
        spec=PodSpec(containers=containers, init_containers=init or None),
        status=PodStatus(
            phase=phase,
            reason=reason,
            conditions=conditions,
            container_statuses=statuses,
            init_container_statuses=init_statuses,
        ),
    )


READY = PodCondition(type="Ready", status="True")
INITIALIZED = PodCondition(type="Initialized", status="True")
NOT_INITIALIZED = PodCondition(type="Initialized", status="False")
EXIT0 = ContainerStatus(state=ContainerState(terminated=ContainerStateTerminated()))
RUN_AND_THREE = [_ran(True, 3), ContainerStatus(restart_count=3)]
SIDECARS = [Container(name=f"restartable-init-{i}", restart_policy="Always") for i in (1, 2)]


def _sidecar(i: int, state: ContainerStatus, started: bool) -> ContainerStatus:
    return state.model_copy(update={"name": f"restartable-init-{i}", "started": started})


POD_CASES: list[tuple[str, Pod, list[str]]] = [
    (
        "TestPrintPod/test1",
        _pod("test1", 2, "podPhase", RUN_AND_THREE),
        ["test1", "1/2", "podPhase", "6"],
    ),
    (
        "TestPrintPod/test2",
        _pod("test2", 2, "podPhase", [_ran(True, 3), _waiting("ContainerWaitingReason", 3)]),
        ["test2", "1/2", "ContainerWaitingReason", "6"],
    ),
    (
        "TestPrintPod/test3",
        _pod(
            "test3",
            2,
            "podPhase",
            [
                _waiting("ContainerWaitingReason", 3),
                _ended("ContainerTerminatedReason", restarts=3),
            ],
        ),
        ["test3", "0/2", "ContainerWaitingReason", "6"],
    ),
    (
        "TestPrintPod/test4",
        _pod("test4", 2, "podPhase", [_ran(True, 3), ContainerStatus(ready=True, restart_count=3)]),
        ["test4", "1/2", "podPhase", "6"],
    ),
    (
        "TestPrintPod/test5",
        _pod(
            "test5",
            2,
            "podPhase",
            [_ran(True, 3), ContainerStatus(ready=True, restart_count=3)],
            reason="podReason",
        ),
        ["test5", "1/2", "podReason", "6"],
    ),
    (
        "TestPrintPod/test6-no-ready-condition",
        _pod("test6", 2, "Running", [_ended("Completed", restarts=3, ready=True), _ran(True, 3)]),
        ["test6", "1/2", "NotReady", "6"],
    ),
    (
        "TestPrintPod/test6-ready-condition",
        _pod(
            "test6",
            2,
            "Running",
            [_ended("Completed", restarts=3, ready=True), _ran(True, 3)],
            conditions=[READY],
        ),
        ["test6", "1/2", "Running", "6"],
    ),
    (
        "TestPrintPod/test7",
        _pod("test7", 1, "podPhase", [_waiting()], init=1, init_statuses=[_ran(False, 3, 10)]),
        ["test7", "0/1", "Init:0/1", "3 (10s ago)"],
    ),
    (
        "TestPrintPod/test8",
        _pod(
            "test8",
            1,
            "podPhase",
            [_waiting()],
            init=2,
            init_statuses=[_ran(False, 3, 10), _waiting()],
        ),
        ["test8", "0/1", "Init:0/2", "3 (10s ago)"],
    ),
    (
        "TestPrintPod/test9",
        _pod(
            "test9", 1, "podPhase", [_waiting()], init=2, init_statuses=[EXIT0, _ran(False, 3, 10)]
        ),
        ["test9", "0/1", "Init:1/2", "3 (10s ago)"],
    ),
    (
        "TestPrintPod/test10",
        _pod(
            "test10",
            1,
            "podPhase",
            [_waiting()],
            init=2,
            init_statuses=[_ended(restarts=2, finished_ago=120), _ran(False, 3, 10)],
        ),
        ["test10", "0/1", "Init:1/2", "5 (10s ago)"],
    ),
    (
        "TestPrintPod/test11",
        _pod(
            "test11",
            1,
            "Running",
            [_ran(False, 4, 20)],
            init=1,
            init_statuses=[_ended(restarts=2, finished_ago=120)],
        ),
        ["test11", "0/1", "Running", "4 (20s ago)"],
    ),
    (
        "TestPrintPod/test12",
        _pod("test12", 1, "Running", [_ran(True, 3, 5 * 86400)]),
        ["test12", "1/1", "Running", "3 (5d ago)"],
    ),
    (
        "TestPrintPod/test13",
        _pod("test13", 2, "Running", [_ran(True, 0), _ran(True, 3, 10 * 86400)]),
        ["test13", "2/2", "Running", "3 (10d ago)"],
    ),
    (
        "TestPrintPod/test14",
        _pod("test14", 2, "Running", [_ran(True, 6, 5 * 86400), _ran(True, 3, 20 * 86400)]),
        ["test14", "2/2", "Running", "9 (5d ago)"],
    ),
    (
        "TestPrintPod/test15",
        _pod(
            "test15",
            2,
            "podPhase",
            conditions=[
                PodCondition(type="PodScheduled", status="False", reason="SchedulingGated")
            ],
        ),
        ["test15", "0/2", "SchedulingGated", "0"],
    ),
    (
        "TestPrintPod/test16",
        _pod("test16", 1, "Succeeded", [_ended("Completed")]),
        ["test16", "0/1", "Completed", "0"],
    ),
    (
        "TestPrintPod/test17",
        _pod("test17", 1, "Failed", [_ended("Error", 1)]),
        ["test17", "0/1", "Error", "0"],
    ),
    (
        "TestPrintPod/test18",
        _pod("test18", 1, "Succeeded", [_ended("Completed")], deleted=True),
        ["test18", "0/1", "Completed", "0"],
    ),
    (
        "TestPrintPod/test19",
        _pod("test19", 1, "Running", [_ran()], deleted=True),
        ["test19", "0/1", "Terminating", "0"],
    ),
    (
        "TestPrintPod/test20",
        _pod("test20", 1, "Pending", deleted=True),
        ["test20", "0/1", "Terminating", "0"],
    ),
    (
        "TestPrintPodWithRestartableInitContainer/test1-first-not-started",
        _pod(
            "test1",
            1,
            "Pending",
            [_waiting()],
            init=SIDECARS,
            conditions=[NOT_INITIALIZED],
            init_statuses=[_sidecar(1, _ran(False, 3, 10), False), _sidecar(2, _waiting(), False)],
        ),
        ["test1", "0/3", "Init:0/2", "3 (10s ago)"],
    ),
    (
        "TestPrintPodWithRestartableInitContainer/test1-second-not-started",
        _pod(
            "test1",
            1,
            "Pending",
            [_waiting()],
            init=SIDECARS,
            conditions=[NOT_INITIALIZED],
            init_statuses=[_sidecar(1, _ran(False, 3, 10), True), _sidecar(2, _ran(), False)],
        ),
        ["test1", "0/3", "Init:1/2", "3 (10s ago)"],
    ),
    (
        "TestPrintPodWithRestartableInitContainer/test2",
        _pod(
            "test2",
            1,
            "Running",
            [_ran(True, 4, 20)],
            init=SIDECARS,
            conditions=[INITIALIZED],
            init_statuses=[_sidecar(1, _ran(False, 3, 10), True), _sidecar(2, _ran(), True)],
        ),
        ["test2", "1/3", "Running", "7 (10s ago)"],
    ),
    (
        "TestPrintPodWithRestartableInitContainer/test3",
        _pod(
            "test3",
            1,
            "Succeeded",
            [_ended("Completed", restarts=4, finished_ago=20)],
            init=SIDECARS,
            conditions=[INITIALIZED],
            init_statuses=[
                _sidecar(1, _ended("Error", 137, restarts=3, finished_ago=10), False),
                _sidecar(2, _ended("Error", 137), False),
            ],
        ),
        ["test3", "0/3", "Completed", "7 (10s ago)"],
    ),
    (
        "TestPrintPodWithRestartableInitContainer/test4-statuses-of-unknown-containers",
        _pod(
            "test4",
            [Container(name="container1", image="containerimage")],
            "Running",
            [ContainerStatus(name="containerinvalid"), ContainerStatus(name="container1")],
            init=[
                Container(name="init1", image="initimage"),
                Container(name="sidecar1", image="sidecarimage", restart_policy="Always"),
            ],
            init_statuses=[ContainerStatus(name=n) for n in ("initinvalid", "init1", "sidecar1")],
        ),
        ["test4", "0/2", "Init:0/2", "0"],
    ),
    (
        "TestPrintPodConditions/running",
        _pod("test1", 2, "Running", RUN_AND_THREE),
        ["test1", "1/2", "Running", "6"],
    ),
    (
        "TestPrintPodConditions/succeeded",
        _pod("test1", 2, "Succeeded", RUN_AND_THREE),
        ["test1", "1/2", "Succeeded", "6"],
    ),
    (
        "TestPrintPodConditions/failed",
        _pod("test2", 2, "Failed", RUN_AND_THREE),
        ["test2", "1/2", "Failed", "6"],
    ),
    (
        "TestPrintNonTerminatedPod/test1",
        _pod("test1", 2, "Running", RUN_AND_THREE),
        ["test1", "1/2", "Running", "6"],
    ),
    (
        "TestPrintNonTerminatedPod/test2",
        _pod("test2", 2, "Pending", RUN_AND_THREE),
        ["test2", "1/2", "Pending", "6"],
    ),
    (
        "TestPrintNonTerminatedPod/test3",
        _pod("test3", 2, "Unknown", RUN_AND_THREE),
        ["test3", "1/2", "Unknown", "6"],
    ),
    (
        "TestPrintNonTerminatedPod/test4",
        _pod("test4", 2, "Succeeded", RUN_AND_THREE),
        ["test4", "1/2", "Succeeded", "6"],
    ),
    (
        "TestPrintNonTerminatedPod/test5",
        _pod("test5", 2, "Failed", [_ran(True, 3), ContainerStatus(ready=True, restart_count=3)]),
        ["test5", "1/2", "Failed", "6"],
    ),
]

SUCCESS = [
    {
        "type": "Completed",
        "status": "True",
        "reason": "Succeeded",
        "message": "The pod has completed successfully.",
    }
]
FAILED = [{"type": "Completed", "status": "True", "reason": "Failed", "message": "The pod failed."}]


@pytest.mark.parametrize(("pod", "want"), [c[1:] for c in POD_CASES], ids=[c[0] for c in POD_CASES])
def test_print_pod(pod: Pod, want: list[str]) -> None:
    """``printPod`` cells (AGE ``<unknown>``) and row conditions match upstream's rows."""
    assert pod_row(pod, NOW) == [*want, "<unknown>"]
    expected = {"Succeeded": SUCCESS, "Failed": FAILED}.get(pod.status.phase)
    assert pod_row_conditions(pod) == expected


_GATES = [{"conditionType": c} for c in ("condition1", "condition2", "condition3")]
_GATE_CONDITIONS = [
    PodCondition(type="condition1", status="False"),
    PodCondition(type="condition2", status="True"),
]


def _wide_pod(name: str, ips: list[str], gated: bool) -> Pod:
    statuses = RUN_AND_THREE if gated else [_ran(True, 3), _waiting("ContainerWaitingReason", 3)]
    pod = _pod(name, 2, "podPhase", statuses, conditions=_GATE_CONDITIONS if gated else None)
    pod.spec.node_name = "test1" if gated else ""
    pod.spec.readiness_gates = _GATES if gated else None
    pod.status.pod_ips = [PodIP(ip=ip) for ip in ips] or None
    pod.status.nominated_node_name = "node1" if gated else ""
    return pod


WIDE_CASES = [
    (
        "test1-ipv4",
        _wide_pod("test1", ["1.1.1.1"], True),
        ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"],
    ),
    (
        "test1-dual-stack",
        _wide_pod("test1", ["1.1.1.1", "2001:db8::"], True),
        ["test1", "1/2", "podPhase", "6", "<unknown>", "1.1.1.1", "test1", "node1", "1/3"],
    ),
    (
        "test2-none",
        _wide_pod("test2", [], False),
        [
            "test2",
            "1/2",
            "ContainerWaitingReason",
            "6",
            "<unknown>",
            "<none>",
            "<none>",
            "<none>",
            "<none>",
        ],
    ),
]


@pytest.mark.parametrize(
    ("pod", "want"),
    [c[1:] for c in WIDE_CASES],
    ids=[f"TestPrintPodwide/{c[0]}" for c in WIDE_CASES],
)
def test_print_pod_wide(pod: Pod, want: list[str]) -> None:
    """``printPod`` wide cells: first pod IP, node, nominated node, ready gates ``1/3``."""
    assert pod_row(pod, NOW, wide=True) == want


def test_ready_condition_any_true_wins() -> None:
    """``hasPodReadyCondition`` looks at every Ready condition, not only the first one."""
    pod = _pod("p", 2, "Running", [_ended("Completed"), _ran(True)])
    pod.status.conditions = [PodCondition(type="Ready", status="False"), READY]
    assert pod_row(pod, NOW)[2] == "Running"


# --- TestPrintEvent / TestPrintEventsResultSorted / TestPrintNamespace ---------------------


def _ev(name: str, kind: str = "Deployment", **kw: Any) -> Event:
    base: dict[str, Any] = {
        "metadata": ObjectMeta(name=name),
        "source": EventSource(component="kubelet", host="Node1"),
        "involved_object": ObjectReference(
            kind=kind, name=f"{kind} Name", field_path="spec.containers{foo}"
        ),
        "reason": "Event Reason",
        "message": "Message Data",
        "type": "Warning",
    }
    return Event(**(base | kw))


EVENT_CASES: list[tuple[str, Event, bool, list[Any]]] = [
    (
        "basic",
        _ev(
            "event1",
            "Pod",
            source=EventSource(component="kubelet"),
            type="Normal",
            first_timestamp=NOW - 3 * DAY,
            last_timestamp=NOW - 2 * DAY,
            count=6,
        ),
        False,
        ["2d", "Normal", "Event Reason", "pod/Pod Name", "Message Data"],
    ),
    (
        "basic-wide",
        _ev("event2", first_timestamp=NOW - 3 * DAY, last_timestamp=NOW - 2 * DAY, count=6),
        True,
        [
            "2d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            6,
            "event2",
        ],
    ),
    (
        "no-first-timestamp",
        _ev("event3", event_time=NOW - 3 * DAY, last_timestamp=NOW - 3 * DAY, count=1),
        True,
        [
            "3d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            1,
            "event3",
        ],
    ),
    (
        "no-last-timestamp",
        _ev("event4", event_time=NOW - 3 * DAY, first_timestamp=NOW - 3 * DAY, count=1),
        True,
        [
            "3d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            1,
            "event4",
        ],
    ),
    (
        "no-first-and-last-timestamp",
        _ev("event5", event_time=NOW - 3 * DAY, count=1),
        True,
        [
            "3d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            1,
            "event5",
        ],
    ),
    (
        "series",
        _ev(
            "event6",
            event_time=NOW - 3 * DAY,
            series=EventSeries(count=2, last_observed_time=NOW - 2 * DAY),
        ),
        True,
        [
            "2d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            2,
            "event6",
        ],
    ),
    (
        "singleton-no-count",
        _ev("event7", event_time=NOW - 3 * DAY),
        True,
        [
            "3d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, Node1",
            "Message Data",
            "3d",
            1,
            "event7",
        ],
    ),
    (
        "empty-source-reporting-controller",
        _ev(
            "event2",
            source=EventSource(),
            reporting_component="kubelet",
            reporting_instance="test",
            first_timestamp=NOW - 3 * DAY,
            last_timestamp=NOW - 2 * DAY,
            count=6,
        ),
        True,
        [
            "2d",
            "Warning",
            "Event Reason",
            "deployment/Deployment Name",
            "spec.containers{foo}",
            "kubelet, test",
            "Message Data",
            "3d",
            6,
            "event2",
        ],
    ),
]


@pytest.mark.parametrize(
    ("event", "wide", "want"),
    [c[1:] for c in EVENT_CASES],
    ids=[f"TestPrintEvent/{c[0]}" for c in EVENT_CASES],
)
def test_print_event(event: Event, wide: bool, want: list[Any]) -> None:
    """``printEvent`` cells: the server Table has an int COUNT; short rows are a prefix."""
    cells = event_cells(event, NOW)
    if wide:
        assert cells == want
    else:
        assert [cells[i] for i in (0, 1, 2, 3, 6)] == want


def test_print_event_list_keeps_list_order() -> None:
    """TestPrintEventsResultSorted: ``printEventList`` keeps the order it was given."""
    dates = [
        datetime(2014, 1, 15, tzinfo=NOW.tzinfo),
        datetime(1987, 6, 17, tzinfo=NOW.tzinfo),
        datetime(2002, 12, 25, tzinfo=NOW.tzinfo),
    ]
    events = [
        Event(
            source=EventSource(component="kubelet"),
            message=f"Item {i + 1}",
            first_timestamp=d,
            last_timestamp=d,
            count=1,
            type="Normal",
        )
        for i, d in enumerate(dates)
    ]
    data = table("events", events, NOW, resource_version="1", api_version="v1")
    assert [row["cells"][6] for row in data["rows"]] == ["Item 1", "Item 2", "Item 3"]


@pytest.mark.parametrize(
    ("namespace", "want"),
    [
        (
            Namespace(
                metadata=ObjectMeta(
                    name="namespace1", creation_timestamp=NOW + timedelta(seconds=1.9)
                ),
                status=NamespaceStatus(phase="FooStatus"),
            ),
            ["namespace1", "FooStatus", "0s"],
        ),
        (Namespace(metadata=ObjectMeta(name="namespace2")), ["namespace2", "", "<unknown>"]),
    ],
    ids=["TestPrintNamespace/status-and-age", "TestPrintNamespace/no-status-or-age"],
)
def test_print_namespace(namespace: Namespace, want: list[str]) -> None:
    """``printNamespace``: NAME, STATUS, AGE (``<unknown>`` without a creation time)."""
    assert namespace_cells(namespace, NOW) == want


# --- TestTranslateTimestampSince --------------------------------------------------------------

TIMESTAMP_CASES: list[tuple[str, datetime | None, str]] = [
    ("a-while-from-now", NOW + timedelta(seconds=2.1), "<invalid>"),
    ("almost-now", NOW + timedelta(seconds=1.9), "0s"),
    ("now", NOW, "0s"),
    ("unknown", None, "<unknown>"),
    ("30-seconds-ago", _ago(30), "30s"),
    ("5-minutes-ago", _ago(300), "5m"),
    ("an-hour-ago", _ago(6000), "100m"),
    ("2-days-ago", NOW - 2 * DAY, "2d"),
    ("months-ago", NOW - 90 * DAY, "90d"),
    ("10-years-ago", NOW - 3650 * DAY, "10y"),
]


@pytest.mark.parametrize(
    ("moment", "want"),
    [c[1:] for c in TIMESTAMP_CASES],
    ids=[f"TestTranslateTimestampSince/{c[0]}" for c in TIMESTAMP_CASES],
)
def test_translate_timestamp_since(moment: datetime | None, want: str) -> None:
    """``translateTimestampSince``: future beyond 2s is ``<invalid>``, zero is ``<unknown>``."""
    assert translate_timestamp_since(moment, NOW) == want


# --- kubectl events: pkg/cmd/events/event_printer_test.go TestPrintObj ------------------------


def _scaled(name: str, namespace: str, target: str, first: float, last: float) -> Event:
    return Event(
        metadata=ObjectMeta(name=name, namespace=namespace),
        involved_object=ObjectReference(
            api_version="apps/v1", kind="Deployment", name=target, namespace="foo"
        ),
        type="Normal",
        reason="ScalingReplicaSet",
        message="Scaled up replica set bar-002 to 1",
        reporting_component="deployment-controller",
        event_time=_ago(first),
        series=EventSeries(count=3, last_observed_time=_ago(last)),
    )


BAR = _scaled("bar-000", "foo", "bar", 20 * 60, 12 * 60)
BAR2 = _scaled("bar-001", "bar", "bar2", 15 * 60, 11 * 60)
SCALED = "Normal\tScalingReplicaSet\tDeployment/bar"
MESSAGE = "Scaled up replica set bar-002 to 1"
LINE = f"12m (x3 over 20m)\t{SCALED}\t{MESSAGE}\n"
KUBECTL_EVENTS_CASES = [
    ("single", [BAR], False, False, "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n" + LINE),
    (
        "list-all-namespaces",
        [BAR, BAR2],
        False,
        True,
        "NAMESPACE\tLAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\nfoo\t"
        + LINE
        + f"bar\t11m (x3 over 15m)\t{SCALED}2\t{MESSAGE}\n",
    ),
    ("no-headers", [BAR], True, False, LINE),
    (
        "all-namespaces",
        [BAR],
        False,
        True,
        "NAMESPACE\tLAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\nfoo\t" + LINE,
    ),
    ("no-headers-all-namespaces", [BAR], True, True, "foo\t" + LINE),
    (
        "escapes-terminal",
        [
            _scaled("bar-000", "foo", "bar\x1b", 20 * 60, 60).model_copy(
                update={"type": "test\x1b", "reason": "test\x1b", "message": "\x1b"}
            )
        ],
        False,
        False,
        "LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE\n"
        "60s (x3 over 20m)\ttest^[\ttest^[\tDeployment/bar^[\t^[\n",
    ),
]


@pytest.mark.parametrize(
    ("events", "no_headers", "all_namespaces", "want"),
    [c[1:] for c in KUBECTL_EVENTS_CASES],
    ids=[f"kubectl-events-TestPrintObj/{c[0]}" for c in KUBECTL_EVENTS_CASES],
)
def test_kubectl_events_rows(
    events: list[Event], no_headers: bool, all_namespaces: bool, want: str
) -> None:
    """``EventPrinter`` rows (before the tab writer): interval, ``Kind/name``, escaped text."""
    header = (
        []
        if no_headers
        else [["NAMESPACE"] * all_namespaces + ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]]
    )
    rows = header + [kubectl_events_row(e, NOW, all_namespaces=all_namespaces) for e in events]
    assert "".join("\t".join(r) + "\n" for r in rows) == want


def test_kubectl_events_table_sorted_and_aligned() -> None:
    """``kubectl events`` sorts oldest first and aligns with the kubectl tab writer."""
    text = render_kubectl_events([BAR2, BAR], NOW)
    assert text == (
        "LAST SEEN           TYPE     REASON              OBJECT            MESSAGE\n"
        f"12m (x3 over 20m)   Normal   ScalingReplicaSet   Deployment/bar    {MESSAGE}\n"
        f"11m (x3 over 15m)   Normal   ScalingReplicaSet   Deployment/bar2   {MESSAGE}"
    )
