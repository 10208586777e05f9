"""Running a generated case step by step and checking the Job controller's invariants after each.

Owns :func:`start` (a :class:`~jobsim.testing.Case` loaded *from its scenario text* with
``jobsim.scenario`` and built into a simulation, so a property test and ``jobsim run`` replay
the very same world), :func:`start_scenario`, :class:`Run` (one SimPy event per
:meth:`Run.step`, so checks run after every simulated step), :class:`WatchLog` (every change
to Jobs, Pods and Events), :class:`StepChecker` (``jobsim.invariants.check_job`` after every
step, the :class:`~jobsim.invariants.InvariantMonitor` over the history, every sync must
succeed), :data:`KNOWN_UPSTREAM_BUGS`, :func:`check_case` and :func:`assert_no_violations`
(fail with the violations and the path of a scenario file that replays the case).

Imports ``jobsim.simulation``, ``jobsim.scenario``, ``jobsim.invariants`` and the rest of
``jobsim.testing``; no other ``jobsim`` module imports it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.errors import APIError
from jobsim.invariants import InvariantMonitor, Violation, check_job, job_key
from jobsim.scenario import load_scenario
from jobsim.scenario.actions import ActionOutcome
from jobsim.scenario.runner import build_simulation
from jobsim.simulation import Simulation
from jobsim.testing.scenario_file import scenario_yaml, write_reproducer
from jobsim.testing.strategies import JOB_NAME, Case

__all__ = [
    "KNOWN_UPSTREAM_BUGS",
    "NAMESPACE",
    "Run",
    "StepChecker",
    "WatchLog",
    "assert_no_violations",
    "check_case",
    "is_steady",
    "start",
    "start_scenario",
]

NAMESPACE: Final = "default"
"""The namespace a case's Job runs in (the scenario's default)."""
_RESOURCES: Final = ("jobs", "pods", "events")


@dataclass
class WatchLog:
    """Every committed change to Jobs, Pods and Events, in resourceVersion order."""

    records: list[WatchEventRecord] = field(default_factory=list)

    def __call__(self, event: WatchEventRecord) -> None:
        """Append one watch event (a watch handler: no writes)."""
        self.records.append(event)

    def lines(self) -> list[str]:
        """The log as JSON lines: ``{"type", "resource", "rv", "object"}`` each."""
        return [
            json.dumps(
                {
                    "type": r.type,
                    "resource": r.resource,
                    "rv": r.resource_version,
                    "object": r.object.to_dict(),
                },
                sort_keys=True,
            )
            for r in self.records
        ]

    def digest(self) -> str:
        """SHA-256 of :meth:`lines`, to compare two runs byte for byte."""
        return hashlib.sha256("\n".join(self.lines()).encode()).hexdigest()


@dataclass
class Run:
    """One case in flight: the simulation, its watch log and the outcomes of its actions."""

    until: float
    sim: Simulation
    log: WatchLog
    outcomes: list[ActionOutcome]
    timeline: list[dict[str, Any]] = field(default_factory=list)
    """The scenario's timeline entries (as YAML reads them)."""
    job_name: str = JOB_NAME
    """The name of the case's Job (in :data:`NAMESPACE`)."""

    def job(self) -> Job | None:
        """The case's Job as stored, or ``None`` once it is gone."""
        try:
            return cast(Job, self.sim.api.get("jobs", self.job_name, namespace=NAMESPACE))
        except APIError:
            return None

    def pods(self) -> list[Pod]:
        """Every stored pod of the case's Job (by the ``job-name`` label), sorted by name."""
        listed = self.sim.api.list(
            "pods", namespace=NAMESPACE, label_selector=f"job-name={self.job_name}"
        )
        return sorted(
            (p for p in listed.items if isinstance(p, Pod)), key=lambda p: p.metadata.name or ""
        )

    def step(self) -> bool:
        """Process one SimPy event; ``False`` once the next one is after ``until`` (or none)."""
        env = self.sim.env
        if env.peek() > self.until:
            return False
        env.step()
        return True

    def run_to_end(self, after_step: Callable[[Run], None] | None = None) -> None:
        """Step to ``until`` (or until nothing is left), calling ``after_step`` after each step."""
        while self.step():
            if after_step is not None:
                after_step(self)


def start(case: Case) -> Run:
    """Load the case from its scenario text, build the simulation, and log every change."""
    name = str(case.job.get("metadata", {}).get("name", JOB_NAME))
    return start_scenario(scenario_yaml(case), case.until, job_name=name)


def start_scenario(text_or_path: str | Path, until: float, *, job_name: str = JOB_NAME) -> Run:
    """Build a scenario (YAML text or a file) into a simulation that logs every change."""
    scenario = load_scenario(text_or_path, name="property-case")
    built = build_simulation(scenario)
    sim = built.simulation
    log = WatchLog()
    for resource in _RESOURCES:  # replay from the first namespace's creation: the whole history
        sim.api.watch(resource, resource_version="1", handler=log)
    log.records.sort(key=lambda r: r.resource_version)  # interleave the three replays
    timeline = [a.model_dump(mode="json", by_alias=True) for a in scenario.settings.timeline]
    return Run(
        until=until,
        sim=sim,
        log=log,
        outcomes=built.outcomes,
        timeline=timeline,
        job_name=job_name,
    )


KNOWN_UPSTREAM_BUGS: Final[Mapping[str, str]] = {
    "failedIndexes and completedIndexes overlap": (
        "upstream calculateFailedIndexes (pkg/controller/job/indexed_job_utils.go) does not "
        "skip succeeded indexes: a replacement pod of an index whose terminating original then "
        "succeeded can fail past backoffLimitPerIndex, and the apiserver rejects the status"
    ),
}
"""Sync errors upstream has too (jobsim is faithful): a run that hits one stops being checked.

Keys are substrings of the apiserver's rejection; values say why upstream has the bug.
"""


def is_steady(sim: Simulation, job: Job) -> bool:
    """Whether the controller has caught up with ``job``: no sync due within the batch period.

    A pod change queues a sync ``SyncJobBatchPeriod`` (1 s) later and a spec change one at
    once, so a key due later than that is only a timer (deadline, backoff); expectations
    (pod creations/deletions, finalizer removals) must be satisfied too, and the last sync
    must have succeeded (a failed one is retried with backoff: the status is stale).
    """
    ctrl = sim.job_controller
    key = job_key(job)
    due = ctrl.queue.due(key)
    if due is not None and due <= sim.now + ctrl.sync_batch_period:
        return False
    if ctrl.queue.num_requeues(key) or ctrl.finalizer_expectations.get_expected_uids(key):
        return False
    return ctrl.expectations.satisfied_expectations(key, ctrl.now())


class StepChecker:
    """Checks a run's Job after every step (``check_job``) and its history (the monitor).

    Also checks that every sync succeeds: the apiserver validates each status write, so a
    rejected one means the controller computed an impossible status (and the Job is stuck),
    unless the rejection is one of ``known_bugs`` (then :attr:`known_bug` says which, and
    nothing is checked after it).
    """

    def __init__(self, run: Run, *, known_bugs: Mapping[str, str] = KNOWN_UPSTREAM_BUGS) -> None:
        self.run = run
        self.known_bugs = known_bugs
        self.monitor = InvariantMonitor(
            run.sim.api, run.sim.clock, resource_version="1", recorder=run.sim.recorder
        )
        self.found: list[str] = []
        self.known_bug: str | None = None
        """Set when the run hit one of ``known_bugs``; nothing is checked after it."""
        ctrl = run.sim.job_controller
        sync = ctrl.sync_job

        def checked_sync(key: str) -> None:
            try:
                sync(key)
            except APIError as exc:
                self._sync_failed(key, exc)
                raise

        setattr(ctrl, "sync_job", checked_sync)  # noqa: B010 -- wrap the instance's method

    def _sync_failed(self, key: str, exc: APIError) -> None:
        text = str(exc)
        for pattern, why in self.known_bugs.items():
            if pattern in text:
                self.known_bug = self.known_bug or f"{text} ({why})"
                return
        self.found.append(f"at {self.run.sim.now:g}s: sync of {key} failed: {text}")

    def after_step(self, run: Run) -> None:
        """Check the snapshot now (steady-state checks only when the controller caught up)."""
        if self.found or self.known_bug:
            return
        job = run.job()
        if job is not None:
            steady = is_steady(run.sim, job)
            now = run.sim.clock.now_micro() if steady else None
            broken = check_job(job, run.pods(), steady=steady, now=now, verdicts=False)
            where = f"at {run.sim.now:g}s" + (" (steady)" if steady else "")
            self.found.extend(f"{where}: {v}" for v in broken)
        broken_history = [v for v in self.monitor.violations if not self._excused(v)]
        self.found.extend(f"at {run.sim.now:g}s: {v}" for v in broken_history)

    def _excused(self, violation: Violation) -> bool:
        """Invariant 30 is about the TTL controller: a user's own ``delete`` is not bound by it."""
        return violation.number == 30 and any(
            a.get("action") == "delete" and a["at"] <= self.run.sim.now for a in self.run.timeline
        )

    def final(self) -> list[str]:
        """Everything found, plus the end-of-run checks (events per pod and per finish)."""
        if self.found or self.known_bug:
            return self.found
        end = self.run.sim.now
        return [
            f"at the end ({end:g}s): {v}"
            for v in self.monitor.final_violations()
            if not self._excused(v)
        ]


def check_case(case: Case, *, known_bugs: Mapping[str, str] = KNOWN_UPSTREAM_BUGS) -> list[str]:
    """Run the case to its end, checking every invariant after every step; return violations."""
    run = start(case)
    checker = StepChecker(run, known_bugs=known_bugs)
    run.run_to_end(checker.after_step)
    return checker.final()


def assert_no_violations(case: Case, violations: list[str], *, key: str = "") -> None:
    """Fail with the violations and the path of a scenario file that replays the case.

    ``key`` names the property (e.g. the test's name): while Hypothesis shrinks, only the
    last (smallest) file written under one key is kept.
    """
    if not violations:
        return
    failure = "\n".join(violations[:5])
    path = write_reproducer(case, failure, key=key)
    raise AssertionError(f"{failure}\nreproducer: {path} (replay: jobsim run {path})")
