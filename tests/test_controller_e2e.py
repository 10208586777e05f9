"""We test these aspects: exact end-to-end timelines of the Job controller in a Simulation.

Each test runs manifests through ``Simulation`` (store + Job controller + kubelet, 1 s
controller latency for pod-triggered syncs, see ``jobsim/simulation.py``) and asserts the
exact times at which pods start, the final status and conditions, the Events, and that the
:class:`InvariantMonitor` saw no violation. Expected values follow upstream
``pkg/controller/job/job_controller.go`` (MASTER) and the worked timelines of
``shared/reference/job-controller-semantics.md`` §11.1.
"""

from __future__ import annotations

import itertools
from collections.abc import Generator
from typing import Any

import pytest
import simpy

from jobsim.api.batch_v1 import Job
from jobsim.behavior import BehaviorSet, PodBehavior, mix
from jobsim.invariants import InvariantMonitor, check_job
from jobsim.simulation import Simulation


def behavior(**fields: Any) -> PodBehavior:
    """A pod behaviour from scenario-style camelCase fields (durations as numbers or dicts)."""
    return PodBehavior.model_validate(fields)


DEADLINE_MESSAGE = "Job was active longer than specified deadline"
BACKOFF_MESSAGE = "Job has reached the specified backoff limit"
COMPLETIONS_MESSAGE = "Reached expected number of succeeded pods"


def job_manifest(name: str, spec: dict[str, Any], restart_policy: str = "Never") -> dict[str, Any]:
    """A Job manifest with one busybox container."""
    template = {
        "spec": {
            "containers": [{"name": "c", "image": "busybox"}],
            "restartPolicy": restart_policy,
        }
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": template},
    }


class Run:
    """A simulation with an invariant monitor attached before any Job exists."""

    def __init__(self, behavior: PodBehavior | None = None, seed: int = 0) -> None:
        behaviors = BehaviorSet.of(default=behavior) if behavior is not None else None
        self.sim = Simulation(seed=seed, behaviors=behaviors)
        self.monitor = InvariantMonitor(self.sim.api, self.sim.clock, recorder=self.sim.recorder)

    def apply(self, name: str, spec: dict[str, Any], restart_policy: str = "Never") -> None:
        """Create a Job."""
        self.sim.apply(job_manifest(name, spec, restart_policy))

    def at(self, seconds: float, patch: dict[str, Any], name: str) -> None:
        """Merge-patch the Job's spec at simulated time ``seconds``."""

        def later() -> Generator[simpy.Event, Any, None]:
            yield self.sim.env.timeout(seconds)
            self.sim.api.patch(
                "jobs",
                name,
                {"spec": patch},
                namespace="default",
                patch_type="application/merge-patch+json",
            )

        self.sim.env.process(later())

    def starts(self) -> list[float]:
        """Start time of every pod, in creation order."""
        return [r.started if r.started is not None else -1.0 for r in self.sim.timeline()]

    def conditions(self, name: str) -> list[tuple[str, str, str, str]]:
        """``(type, status, reason, message)`` of the Job's conditions."""
        return [
            (c.type, c.status, c.reason or "", c.message or "")
            for c in self.sim.job(name).status.conditions or []
        ]

    def events(self) -> list[tuple[float, str, str]]:
        """``(seconds, reason, message)`` of every Event."""
        clock = self.sim.clock
        return [
            (clock.to_seconds(e.first_timestamp), e.reason or "", e.message or "")
            for e in self.sim.events()
            if e.first_timestamp is not None
        ]

    def check(self, job: Job) -> None:
        """No invariant broken during the run, nor at the (steady) end."""
        pods = list(self.sim.api.list("pods").items)
        now = self.sim.clock.now_micro()
        violations = self.monitor.final_violations() + check_job(job, pods, steady=True, now=now)  # type: ignore[arg-type]
        assert [str(v) for v in violations] == []


def test_completions_five_parallelism_two() -> None:
    """completions 5, parallelism 2, pods of 10 s: starts 0,0,11,11,22; Complete at 33 s."""
    run = Run()
    run.apply("work", {"completions": 5, "parallelism": 2})
    run.sim.run()
    assert run.starts() == [0, 0, 11, 11, 22]
    job = run.sim.job("work")
    assert run.sim.now == 33
    assert run.conditions("work") == [
        ("SuccessCriteriaMet", "True", "CompletionsReached", COMPLETIONS_MESSAGE),
        ("Complete", "True", "CompletionsReached", COMPLETIONS_MESSAGE),
    ]
    assert job.status.completion_time == run.sim.clock.to_datetime(33)
    assert (job.status.succeeded, job.status.failed, job.status.active) == (5, 0, 0)
    creates = [t for t, reason, _ in run.events() if reason == "SuccessfulCreate"]
    assert creates == [0, 0, 11, 11, 22]
    assert run.events()[-1] == (33, "Completed", "Job completed")
    run.check(job)


def test_deadline_shorter_than_work_fails_at_deadline() -> None:
    """ADS 5 s with 100 s pods: FailureTarget at 5 s, pods deleted and counted, Failed at 6 s."""
    run = Run(behavior(duration=100))
    run.apply("d", {"completions": 4, "parallelism": 2, "activeDeadlineSeconds": 5})
    run.sim.run()
    job = run.sim.job("d")
    assert run.conditions("d") == [
        ("FailureTarget", "True", "DeadlineExceeded", DEADLINE_MESSAGE),
        ("Failed", "True", "DeadlineExceeded", DEADLINE_MESSAGE),
    ]
    ft, failed = job.status.conditions or []
    assert ft.last_transition_time == run.sim.clock.to_datetime(5)
    assert failed.last_transition_time == run.sim.clock.to_datetime(6)
    assert job.status.failed == 2
    assert job.status.completion_time is None
    assert [e for e in run.events() if e[1] != "SuccessfulCreate"] == [
        (5, "SuccessfulDelete", f"Deleted pod: {r.name}") for r in run.sim.timeline()
    ] + [(6, "DeadlineExceeded", DEADLINE_MESSAGE)]
    run.check(job)


def test_deadline_failed_waits_for_grace_period() -> None:
    """Pods ignoring SIGTERM die after the 30 s grace: FailureTarget at 5 s, Failed at 36 s."""
    run = Run(behavior(duration=100, shutdownDelay=None))
    run.apply("g", {"parallelism": 1, "completions": 1, "activeDeadlineSeconds": 5})
    run.sim.run()
    job = run.sim.job("g")
    clock = run.sim.clock
    times = [
        (c.type, clock.to_seconds(c.last_transition_time))
        for c in job.status.conditions or []
        if c.last_transition_time is not None
    ]
    assert times == [("FailureTarget", 5), ("Failed", 36)]
    assert run.sim.timeline()[0].exit_code == 137
    run.check(job)


def test_failure_checked_before_completion() -> None:
    """The last pod succeeds at 9.5 s and the deadline sync runs at 10 s: the Job ends Failed."""
    run = Run(behavior(duration=9.5))
    run.apply("o", {"completions": 1, "activeDeadlineSeconds": 10})
    run.sim.run()
    job = run.sim.job("o")
    assert run.conditions("o")[-1] == ("Failed", "True", "DeadlineExceeded", DEADLINE_MESSAGE)
    assert job.status.succeeded == 1
    run.check(job)


def test_backoff_limit_two_every_pod_failing() -> None:
    """backoffLimit 2, every pod fails after 10 s: pods at 0, 20, 50 (10 s, 20 s delays);
    Failed(BackoffLimitExceeded) at 61 s with failed 3."""
    run = Run(behavior(exitCodes=1))
    run.apply("b", {"backoffLimit": 2})
    run.sim.run()
    job = run.sim.job("b")
    assert run.starts() == [0, 20, 50]
    assert run.conditions("b") == [
        ("FailureTarget", "True", "BackoffLimitExceeded", BACKOFF_MESSAGE),
        ("Failed", "True", "BackoffLimitExceeded", BACKOFF_MESSAGE),
    ]
    assert job.status.failed == 3
    assert run.sim.now == 61
    assert run.events()[-1] == (61, "BackoffLimitExceeded", BACKOFF_MESSAGE)
    run.check(job)


def test_backoff_reset_by_success() -> None:
    """Re-creation delay 10 s * 2^(n-1) after n consecutive failures, 1 s after a success."""
    run = Run(behavior(exitCodes=mix([(1, 0.5)])), seed=1)
    run.apply("r", {"completions": 3, "parallelism": 1, "backoffLimit": 10})
    run.sim.run()
    records = run.sim.timeline()
    phases = [r.phase for r in records]
    assert "Failed" in phases and phases.count("Succeeded") == 3
    failures = 0
    for previous, current in itertools.pairwise(records):
        assert previous.finished is not None and current.started is not None
        failures = failures + 1 if previous.phase == "Failed" else 0
        expected = 10 * 2 ** (failures - 1) if failures else 1
        assert current.started - previous.finished == expected
    run.check(run.sim.job("r"))


def test_on_failure_restarts_count_toward_backoff_limit() -> None:
    """restartPolicy OnFailure, backoffLimit 2: the pod is deleted once it restarted twice."""
    run = Run(behavior(exitCodes=1, duration=1))
    run.apply("o", {"backoffLimit": 2}, restart_policy="OnFailure")
    run.sim.run()
    job = run.sim.job("o")
    record = run.sim.timeline()[0]
    assert len(run.sim.timeline()) == 1
    assert record.restarts == 2 and record.deleted
    assert run.conditions("o")[-1][:3] == ("Failed", "True", "BackoffLimitExceeded")
    assert job.status.failed == 1
    run.check(job)


def test_completions_unset_first_success_stops_new_pods() -> None:
    """Work queue (completions unset): no pod is created after the first success."""
    run = Run(behavior(duration={"empirical": {"values": [10, 30]}}), seed=4)
    run.apply("w", {"parallelism": 3, "backoffLimit": 0})
    run.sim.run()
    job = run.sim.job("w")
    assert len(run.sim.timeline()) == 3
    assert job.status.succeeded == 3
    run.check(job)


def test_parallelism_changes_at_run_time() -> None:
    """parallelism 3 -> 1 at 5 s deletes two pods (not counted); 1 -> 3 at 25 s creates two."""
    run = Run()
    run.apply("p", {"completions": 6, "parallelism": 3})
    run.at(5, {"parallelism": 1}, "p")
    run.at(25, {"parallelism": 3}, "p")
    run.sim.run()
    job = run.sim.job("p")
    assert run.starts() == [0, 0, 0, 11, 22, 25, 25, 33]
    assert [r.phase for r in run.sim.timeline()][:3] == ["Failed", "Succeeded", "Failed"]
    assert (job.status.succeeded, job.status.failed) == (6, 0)
    deletes = [(t, reason) for t, reason, _ in run.events() if reason == "SuccessfulDelete"]
    assert deletes == [(5, "SuccessfulDelete"), (5, "SuccessfulDelete")]
    assert run.sim.now == 44
    run.check(job)


def test_suspend_and_resume() -> None:
    """Suspend at 5 s deletes pods (not counted); resume at 20 s resets startTime, new pods."""
    run = Run()
    run.apply("s", {"completions": 2, "parallelism": 2, "activeDeadlineSeconds": 25})
    run.at(5, {"suspend": True}, "s")
    run.at(20, {"suspend": False}, "s")
    run.sim.run()
    job = run.sim.job("s")
    assert run.starts() == [0, 0, 20, 20]
    assert job.status.start_time == run.sim.clock.to_datetime(20)
    assert run.conditions("s")[0] == ("Suspended", "False", "JobResumed", "Job resumed")
    assert (job.status.succeeded, job.status.failed) == (2, 0)
    reasons = [reason for _, reason, _ in run.events()]
    assert reasons.count("Suspended") == 1 and reasons.count("Resumed") == 1
    run.check(job)


def test_indexed_job_with_failures_completes_every_index() -> None:
    """Indexed, 30 % failures: every index completes once; monitor sees no violation."""
    pods = behavior(duration={"uniform": {"low": 5, "high": 30}}, exitCodes=mix([(1, 0.3)]))
    run = Run(pods, seed=3)
    run.apply(
        "ix",
        {"completions": 8, "parallelism": 3, "completionMode": "Indexed", "backoffLimit": 50},
    )
    run.sim.run()
    job = run.sim.job("ix")
    assert job.status.completed_indexes == "0-7"
    assert job.status.succeeded == 8
    run.check(job)


@pytest.mark.parametrize("seed", [1, 2, 3], ids=["seed1", "seed2", "seed3"])
def test_random_failures_keep_invariants(seed: int) -> None:
    """Random durations and failures: the monitor finds no broken invariant."""
    pods = behavior(duration={"exponential": {"mean": 15}}, exitCodes=mix([(1, 0.25)]))
    run = Run(pods, seed=seed)
    run.apply("r", {"completions": 25, "parallelism": 6, "backoffLimit": 100})
    run.apply("q", {"parallelism": 4, "backoffLimit": 3})
    run.sim.run()
    for name in ("r", "q"):
        run.check(run.sim.job(name))


def test_orphaned_pod_is_readopted() -> None:
    """Removing a running pod's ownerReference: the pod (still matching the generated
    selector) wakes the Job, which re-adopts it 1 s later; no replacement pod is made."""
    run = Run()
    run.apply("adopt", {"completions": 1})
    log: list[tuple[float, bool]] = []

    def orphan() -> Generator[simpy.Event, Any, None]:
        yield run.sim.env.timeout(5)
        (record,) = run.sim.timeline()
        run.sim.api.patch(
            "pods",
            record.name,
            {"metadata": {"ownerReferences": None}},
            namespace="default",
            patch_type="application/merge-patch+json",
        )
        for at in (5.5, 6.5):
            yield run.sim.env.timeout(at - run.sim.now)
            pod = run.sim.api.get("pods", record.name, namespace="default")
            log.append((at, pod.metadata.controller_ref() is not None))  # type: ignore[attr-defined]

    run.sim.env.process(orphan())
    run.sim.run()
    assert log == [(5.5, False), (6.5, True)]
    assert len(run.sim.timeline()) == 1
    assert run.sim.job("adopt").status.succeeded == 1
