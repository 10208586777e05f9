"""We test these aspects: the invariant checker flags each broken invariant, and only those.

``check_job`` on hand-built Jobs/pods (one broken invariant per row; a healthy Job yields
nothing), and ``InvariantMonitor`` on a live Simulation whose controller is sabotaged
(a re-creation delay skipped, a counter decreased) — so a property test using them can
fail. Messages quote upstream's status-validation strings
(``pkg/apis/batch/validation/validation.go``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from job_builders import T0, at, make_job, make_pod

from jobsim.api.batch_v1 import Job, JobCondition, UncountedTerminatedPods
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import OwnerReference
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.controllers.job import manage
from jobsim.invariants import InvariantMonitor, Violation, check_job
from jobsim.simulation import Simulation


def behavior(**fields: Any) -> PodBehavior:
    """A pod behaviour from scenario-style camelCase fields (durations as numbers or dicts)."""
    return PodBehavior.model_validate(fields)


def condition(kind: str, reason: str = "R", message: str = "M", when: float = 10) -> JobCondition:
    """A True condition at ``T0 + when``."""
    return JobCondition(
        type=kind,
        status="True",
        reason=reason,
        message=message,
        last_probe_time=at(when),
        last_transition_time=at(when),
    )


def status(job: Job, **fields: Any) -> Job:
    """The Job with status fields replaced."""
    return job.model_copy(update={"status": job.status.model_copy(update=fields)})


def complete(job: Job, reason: str = "CompletionsReached") -> Job:
    """The Job finished Complete at T0+10 with the interim condition first."""
    return status(
        job,
        start_time=T0,
        completion_time=at(10),
        conditions=[condition("SuccessCriteriaMet", reason), condition("Complete", reason)],
    )


def owned(pod: Pod, job: Job) -> Pod:
    """The pod with a controller reference to ``job``."""
    ref = OwnerReference(
        api_version="batch/v1", kind="Job", name="job", uid=job.metadata.uid or "", controller=True
    )
    return pod.model_copy(
        update={"metadata": pod.metadata.model_copy(update={"owner_references": [ref]})}
    )


BASE = make_job(completions=2, parallelism=2, backoff_limit=1)
INDEXED = make_job(completions=4, parallelism=2, indexed=True)

Case = tuple[Callable[[], Job], int, str]
CASES: dict[str, Case] = {
    "ready above active": (lambda: status(BASE, active=1, ready=2), 6, "ready-le-active"),
    "complete and failed": (
        lambda: status(
            complete(status(BASE, succeeded=2)),
            conditions=[
                condition("SuccessCriteriaMet", "CompletionsReached"),
                condition("Complete", "CompletionsReached"),
                condition("Failed", "CompletionsReached"),
            ],
        ),
        7,
        "terminal-exclusive",
    ),
    "complete without interim": (
        lambda: status(
            BASE,
            succeeded=2,
            start_time=T0,
            completion_time=at(10),
            conditions=[condition("Complete", "CompletionsReached")],
        ),
        8,
        "interim-before-terminal",
    ),
    "failed without failure target": (
        lambda: status(
            BASE, failed=2, start_time=T0, conditions=[condition("Failed", "BackoffLimitExceeded")]
        ),
        8,
        "interim-before-terminal",
    ),
    "finished with active pods": (
        lambda: status(complete(status(BASE, succeeded=2)), active=1),
        9,
        "finished-quiescent",
    ),
    "finished with uncounted pods": (
        lambda: status(
            complete(status(BASE, succeeded=2)),
            uncounted_terminated_pods=UncountedTerminatedPods(succeeded=["a"]),
        ),
        9,
        "finished-quiescent",
    ),
    "completion time without complete": (
        lambda: status(BASE, completion_time=at(3)),
        10,
        "completion-time",
    ),
    "completion time before start": (
        lambda: status(complete(status(BASE, succeeded=2)), start_time=at(20)),
        10,
        "completion-time",
    ),
    "complete too early": (
        lambda: complete(status(BASE, succeeded=1)),
        11,
        "success-condition",
    ),
    "backoff verdict too early": (
        lambda: status(
            BASE,
            failed=1,
            start_time=T0,
            conditions=[condition("FailureTarget", "BackoffLimitExceeded")],
        ),
        13,
        "backoff-limit-verdict",
    ),
    "deadline verdict too early": (
        lambda: status(
            make_job(completions=1, active_deadline_seconds=30),
            start_time=T0,
            conditions=[condition("FailureTarget", "DeadlineExceeded", when=29)],
        ),
        15,
        "deadline",
    ),
    "indexes not canonical": (
        lambda: status(INDEXED, succeeded=2, completed_indexes="0,1,2"),
        23,
        "index-sets",
    ),
    "succeeded differs from completed indexes": (
        lambda: status(INDEXED, succeeded=1, completed_indexes="0,1"),
        23,
        "index-sets",
    ),
    "managed by another controller but synced": (
        lambda: status(
            BASE.model_copy(
                update={"spec": BASE.spec.model_copy(update={"managed_by": "example.com/x"})}
            ),
            start_time=T0,
        ),
        27,
        "managed-by",
    ),
}


@pytest.mark.parametrize(("build", "number", "name"), list(CASES.values()), ids=list(CASES))
def test_check_job_flags_broken_invariant(build: Callable[[], Job], number: int, name: str) -> None:
    """Each hand-broken Job is reported under its invariant number and name."""
    found = {(v.number, v.name) for v in check_job(build())}
    assert (number, name) in found


@pytest.mark.parametrize(
    "job",
    [
        BASE,
        complete(status(BASE, succeeded=2)),
        status(
            BASE,
            failed=2,
            start_time=T0,
            conditions=[
                condition("FailureTarget", "BackoffLimitExceeded"),
                condition("Failed", "BackoffLimitExceeded"),
            ],
        ),
        status(INDEXED, succeeded=3, completed_indexes="0-2"),
    ],
    ids=["new", "complete", "failed", "indexed-running"],
)
def test_check_job_accepts_healthy_jobs(job: Job) -> None:
    """Healthy Jobs (new, Complete, Failed, running Indexed) break nothing."""
    assert check_job(job) == []


def test_steady_checks_compare_status_with_pods() -> None:
    """steady=True: status.active must equal the active pods, within parallelism."""
    job = status(BASE, active=1, ready=0, terminating=0, start_time=T0)
    pods = [owned(make_pod(f"p{i}", phase="Running"), job) for i in range(3)]
    found = {(v.number, v.name) for v in check_job(job, pods, steady=True)}
    assert found == {(1, "active"), (2, "parallelism"), (3, "remaining-work")}
    assert check_job(job, pods) == []


def test_steady_deadline_needs_verdict() -> None:
    """steady=True with ``now`` past the deadline and no FailureTarget is a violation."""
    job = status(make_job(completions=1, active_deadline_seconds=5), start_time=T0)
    late = check_job(job, [], steady=True, now=T0 + timedelta(seconds=5))
    assert [(v.number, v.name) for v in late] == [(15, "deadline")]
    assert check_job(job, [], steady=True, now=T0 + timedelta(seconds=4)) == []


def test_violation_reads_as_a_sentence() -> None:
    """A Violation renders number, name, Job and the upstream message."""
    v = check_job(status(BASE, active=1, ready=2))[0]
    assert str(v) == (
        "invariant 6 (ready-le-active) violated by Job default/job: "
        "status.ready 2: cannot set more ready pods than active"
    )
    assert isinstance(v, Violation)


def _job(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    template = {"spec": {"containers": [{"name": "c", "image": "x"}], "restartPolicy": "Never"}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": template},
    }


def test_monitor_catches_skipped_recreation_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """A controller that ignores the pod-failure backoff breaks invariant 19."""
    monkeypatch.setattr(manage, "get_remaining_time", lambda _record, _now: timedelta(0))
    sim = Simulation(behaviors=BehaviorSet.of(default=behavior(exitCodes=1)))
    monitor = InvariantMonitor(sim.api, sim.clock, recorder=sim.recorder)
    sim.apply(_job("b", {"backoffLimit": 2}))
    sim.run()
    assert {(v.number, v.name) for v in monitor.final_violations()} == {(19, "recreation-delay")}


class _Handle:
    """A watch handle that does nothing."""

    def stop(self) -> None:
        """Nothing to stop."""


class FakeWatchAPI:
    """Just enough of the store for the monitor: ``watch`` keeps the handlers."""

    def __init__(self) -> None:
        self.handlers: dict[str, Callable[[WatchEventRecord], None]] = {}

    def watch(
        self, resource: str, *, handler: Callable[[WatchEventRecord], None], **_options: Any
    ) -> _Handle:
        """Remember the handler for ``resource``."""
        self.handlers[resource] = handler
        return _Handle()

    def send(self, kind: str, obj: Job, old: Job | None = None) -> None:
        """Deliver one job watch event."""
        event = WatchEventRecord(kind, obj, 1, "jobs", old)  # type: ignore[arg-type]
        self.handlers["jobs"](event)


def test_monitor_catches_counter_decrease() -> None:
    """A write lowering status.succeeded breaks invariants 5 and 25 (the apiserver would
    reject it: ``cannot decrease the succeeded counter``)."""
    api = FakeWatchAPI()
    sim = Simulation()
    monitor = InvariantMonitor(api, sim.clock)  # type: ignore[arg-type]
    two = status(BASE, succeeded=2, start_time=T0)
    api.send("ADDED", two)
    api.send("MODIFIED", status(two, succeeded=1), two)
    found = {(v.number, v.name) for v in monitor.violations}
    assert found == {(5, "monotone-counters"), (25, "status-write-ordering")}


def test_monitor_catches_status_change_after_finish() -> None:
    """Any status change of a finished Job breaks invariant 7."""
    api = FakeWatchAPI()
    monitor = InvariantMonitor(api, Simulation().clock)  # type: ignore[arg-type]
    running = status(
        BASE,
        start_time=T0,
        uncounted_terminated_pods=UncountedTerminatedPods(succeeded=["a", "b"]),
    )
    done = complete(status(BASE, succeeded=2))
    api.send("ADDED", running)
    api.send("MODIFIED", done, running)
    api.send("MODIFIED", status(done, ready=0), done)
    assert [(v.number, v.name) for v in monitor.violations] == [(7, "terminal-final")]


def test_monitor_clean_run_has_no_violation() -> None:
    """A normal run (with a finish event per Job) yields no violation."""
    sim = Simulation()
    monitor = InvariantMonitor(sim.api, sim.clock, recorder=sim.recorder)
    sim.apply(_job("ok", {"completions": 3, "parallelism": 2, "ttlSecondsAfterFinished": 5}))
    sim.run()
    sim.run(until=sim.now + 10)
    assert monitor.final_violations() == []
