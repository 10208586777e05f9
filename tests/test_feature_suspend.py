"""We test these aspects:

- a Job created with ``suspend: true``: no pods, no ``startTime``, ``Suspended=True``
  (``JobSuspended``, ``Job suspended``) and one Normal ``Suspended`` event; its deadline never
  fires while it stays suspended;
- suspending a running Job: every active pod deleted, not counted as failed, ``status.active``
  to 0 and ``status.terminating`` up; pods that already succeeded stay counted;
- resuming: the condition flips in place to ``Suspended=False`` (``JobResumed``, ``Job resumed``),
  a Normal ``Resumed`` event, ``startTime`` reset to the resume time, pods created again;
- the deadline as upstream: measured from the resume of a Job created suspended; a Job suspended
  mid-run does not time out while suspended, but upstream checks the deadline against the old
  ``startTime`` before the resume resets it;
- a suspended Job can still complete (completions unset, one pod already succeeded).

Upstream sources: ``pkg/controller/job/job_controller.go`` (``syncJob``, ``manageJob``,
``pastActiveDeadline``), ``job_controller_test.go`` (``TestControllerSyncJob``: "suspending a
job with satisfied expectations; PodReplacementPolicy enabled", "resuming a suspended job";
``TestSyncJobPastDeadline``: "activeDeadlineSeconds is not triggered when Job is suspended"),
``test/integration/job/job_test.go`` (``TestSuspendJob``, ``TestSuspendJobControllerRestart``).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from feature_support import behavior, jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet
from jobsim.clock import DEFAULT_EPOCH
from jobsim.simulation import Simulation

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "features" / "suspend.yaml"


def _job(name: str, **spec: Any) -> dict[str, Any]:
    """A Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim(duration: float = 10.0) -> Simulation:
    """A simulation whose pods run ``duration`` seconds and exit 0 (143 at once on SIGTERM)."""
    return Simulation(behaviors=BehaviorSet.of(behavior(duration=duration)))


def _set_suspend(sim: Simulation, name: str, value: bool) -> None:
    sim.api.patch("jobs", name, {"spec": {"suspend": value}}, namespace="default")


def _conditions(job: Job) -> list[tuple[str, str, str, str]]:
    return [(c.type, c.status, c.reason, c.message) for c in job.status.conditions or []]


def _events(sim: Simulation) -> list[tuple[str, str, str]]:
    return [(e.type or "", e.reason, e.message) for e in sim.events()]


def _pods(sim: Simulation) -> list[Pod]:
    return [p for p in sim.api.list("pods").items if isinstance(p, Pod)]


def at(seconds: float) -> Any:
    """The datetime of simulated ``seconds``."""
    return DEFAULT_EPOCH + timedelta(seconds=seconds)


def test_created_suspended_makes_no_pods() -> None:
    """``suspend: true`` at creation: no pods, no startTime, Suspended=True, one event."""
    sim = _sim()
    sim.apply(_job("s", suspend=True, parallelism=2, completions=4, activeDeadlineSeconds=10))
    sim.run("30m")
    job = sim.job("s")
    assert _pods(sim) == []
    assert job.status.start_time is None
    assert job.status.active == 0
    assert _conditions(job) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    (cond,) = job.status.conditions or []
    assert cond.last_transition_time == cond.last_probe_time == at(0)
    assert _events(sim) == [("Normal", "Suspended", "Job suspended")]
    assert not job.is_finished()  # ADS 10 never fires while suspended


def test_suspending_running_job_deletes_pods_uncounted() -> None:
    """Suspending deletes every active pod; they are terminating, not failed; successes stay."""
    sim = _sim(duration=100)
    sim.apply(_job("s", parallelism=2, completions=4))
    sim.run(20)
    names = {p.metadata.name or "" for p in _pods(sim)}
    sim.kubelet.succeed_pod(sorted(names)[0])  # one success before the suspension
    sim.run(30)
    _set_suspend(sim, "s", True)
    sim.run(30.5)  # the spec edit is synced at once
    job = sim.job("s")
    # The success was replaced at 21 s: two active pods are deleted by the suspension.
    assert (job.status.active, job.status.terminating, job.status.failed) == (0, 2, 0)
    assert job.status.succeeded == 1
    assert _conditions(job) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    deletes = [m for _, r, m in _events(sim) if r == "SuccessfulDelete"]
    assert len(deletes) == 2
    sim.run(300)
    job = sim.job("s")
    assert (job.status.active, job.status.terminating, job.status.failed) == (0, 0, 0)
    assert job.status.succeeded == 1
    assert job.status.start_time == at(0)  # kept while suspended (gate for clearing it is off)
    assert all(p.metadata.deletion_timestamp is None for p in _pods(sim))


def test_resume_flips_condition_and_resets_start_time() -> None:
    """Resume: Suspended=False in place, Resumed event, startTime = resume time, pods created."""
    sim = _sim()
    sim.apply(_job("r", suspend=True, parallelism=2, completions=2))
    sim.run(50)
    _set_suspend(sim, "r", False)
    sim.run()
    job = sim.job("r")
    assert job.status.start_time == at(50)
    assert _conditions(job) == [
        ("Suspended", "False", "JobResumed", "Job resumed"),
        (
            "SuccessCriteriaMet",
            "True",
            "CompletionsReached",
            "Reached expected number of succeeded pods",
        ),
        ("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods"),
    ]
    suspended = (job.status.conditions or [])[0]
    assert suspended.last_transition_time == at(50)
    assert [r.created for r in sim.timeline()] == [50.0, 50.0]
    # manageJob (creations) runs before the suspend bookkeeping that records Resumed.
    assert [(t, r) for t, r, _ in _events(sim)] == [
        ("Normal", "Suspended"),
        ("Normal", "SuccessfulCreate"),
        ("Normal", "SuccessfulCreate"),
        ("Normal", "Resumed"),
        ("Normal", "Completed"),
    ]


def test_deadline_counts_from_resume_of_job_created_suspended() -> None:
    """Created suspended with ADS 30, resumed at 100: DeadlineExceeded at 130, not before."""
    sim = _sim(duration=60)
    sim.apply(_job("d", suspend=True, activeDeadlineSeconds=30))
    sim.run(100)
    _set_suspend(sim, "d", False)
    sim.run(129)
    assert not sim.job("d").is_finished()
    sim.run()
    job = sim.job("d")
    failure = [c for c in job.status.conditions or [] if c.type == "FailureTarget"]
    assert [(c.reason, c.message, c.last_transition_time) for c in failure] == [
        ("DeadlineExceeded", "Job was active longer than specified deadline", at(130))
    ]
    assert job.status.failed == 1
    assert ("Warning", "DeadlineExceeded", "Job was active longer than specified deadline") in (
        _events(sim)
    )


def test_suspended_job_does_not_time_out() -> None:
    """A Job suspended before its deadline stays suspended, unfailed, long past it."""
    sim = _sim(duration=100)
    sim.apply(_job("t", parallelism=2, completions=4, activeDeadlineSeconds=50))
    sim.run(20)
    _set_suspend(sim, "t", True)
    sim.run(500)
    job = sim.job("t")
    assert not job.is_finished()
    assert _conditions(job) == [("Suspended", "True", "JobSuspended", "Job suspended")]
    assert (job.status.failed, job.status.active) == (0, 0)


def test_resume_after_old_deadline_fails_at_once() -> None:
    """Upstream checks the deadline against the old startTime before the resume resets it."""
    # syncJob evaluates pastActiveDeadline (suspend now false, startTime 0) before manageJob
    # and the JobResumed bookkeeping, so the resume sync itself fails the Job.
    sim = _sim(duration=100)
    sim.apply(_job("o", parallelism=2, completions=4, activeDeadlineSeconds=50))
    sim.run(20)
    _set_suspend(sim, "o", True)
    sim.run(200)
    _set_suspend(sim, "o", False)
    sim.run(201)
    job = sim.job("o")
    assert _conditions(job)[1:] == [
        (
            "FailureTarget",
            "True",
            "DeadlineExceeded",
            "Job was active longer than specified deadline",
        ),
        ("Failed", "True", "DeadlineExceeded", "Job was active longer than specified deadline"),
    ]
    assert _conditions(job)[0] == ("Suspended", "True", "JobSuspended", "Job suspended")
    assert len(sim.timeline()) == 2  # no pod created by the resume


def test_suspended_job_with_a_success_completes() -> None:
    """completions unset, one pod succeeded: suspension deletes the rest and the Job completes."""
    sim = _sim(duration=100)
    sim.apply(_job("c", parallelism=2))
    sim.run(5)
    sim.kubelet.succeed_pod(sorted(p.metadata.name or "" for p in _pods(sim))[0])
    sim.run(10)
    _set_suspend(sim, "c", True)
    sim.run()
    job = sim.job("c")
    assert [c[0] for c in _conditions(job)] == ["SuccessCriteriaMet", "Complete"]
    assert (job.status.succeeded, job.status.failed) == (1, 0)
    assert "Suspended" not in [r for _, r, _ in _events(sim)]


def test_scenario_manifest() -> None:
    """``scenarios/features/suspend.yaml`` runs to its documented outcome."""
    status = jobsim_run(SCENARIO)["status"]
    assert "startTime" not in status
    assert [(c["type"], c["status"], c["reason"], c["message"]) for c in status["conditions"]] == [
        ("Suspended", "True", "JobSuspended", "Job suspended")
    ]
