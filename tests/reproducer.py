"""Generated cases as scenario files: run them step by step, write failing ones for ``jobsim run``.

Owns :func:`scenario_yaml` (a :class:`~strategies.Case` as a multi-document scenario file: the
Job manifest and a ``kind: Scenario`` document with seed, nodes, ``until``, behaviours and the
timeline), :func:`start` (the case loaded *from that text* with ``jobsim.scenario`` and built
into a simulation, so a property test and ``jobsim run`` replay the very same world),
:class:`Run` (one SimPy event per :meth:`Run.step`, so checks run after every simulated step),
:class:`WatchLog` (every change to Jobs, Pods and Events) and :func:`write_reproducer` (the
scenario file of a failing case, with the failure as a comment).

Imports the public scenario and simulation API and ``tests/strategies.py``; the property tests
import it, never the other way round.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, cast

import yaml
from strategies import JOB_NAME, Case

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.behavior import PodBehavior
from jobsim.errors import APIError
from jobsim.invariants import InvariantMonitor, Violation, check_job, job_key
from jobsim.scenario import API_VERSION, KIND, load_scenario
from jobsim.scenario.actions import ActionOutcome
from jobsim.scenario.runner import build_simulation
from jobsim.simulation import Simulation

__all__ = [
    "FAILURES_DIR",
    "KNOWN_UPSTREAM_BUGS",
    "NAMESPACE",
    "Run",
    "StepChecker",
    "WatchLog",
    "assert_no_violations",
    "is_steady",
    "scenario_documents",
    "scenario_yaml",
    "start",
    "start_scenario",
    "write_reproducer",
]

NAMESPACE: Final = "default"
FAILURES_DIR: Final = Path(".hypothesis") / "jobsim-failures"
"""Where reproducers go (relative to the working directory; ``JOBSIM_FAILURES_DIR`` overrides)."""
_RESOURCES: Final = ("jobs", "pods", "events")
_DEFAULT_BEHAVIOR: Final = PodBehavior().model_dump(mode="json", by_alias=True)


# --- the case as a scenario file ------------------------------------------------------------


def _behavior_document(behavior: PodBehavior) -> dict[str, Any]:
    """A behaviour as YAML writes it: only the fields that differ from the default."""
    full = behavior.model_dump(mode="json", by_alias=True)
    doc = {k: v for k, v in full.items() if v != _DEFAULT_BEHAVIOR.get(k)}
    if behavior.shutdown_delay is None:  # "ignore SIGTERM"; model_dump omits None fields
        doc["shutdownDelay"] = None
    return doc


def scenario_documents(case: Case, *, name: str = "property-case") -> list[dict[str, Any]]:
    """The case's scenario file as documents: the Job manifest, then the Scenario document."""
    settings: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": KIND,
        "name": name,
        "seed": case.seed,
        "nodes": case.nodes,
        "until": case.until,
    }
    if case.behaviors.behaviors:
        settings["behaviors"] = [_behavior_document(b) for b in case.behaviors.behaviors]
    settings["defaultBehavior"] = _behavior_document(case.behaviors.default)
    if case.timeline:
        settings["timeline"] = [dict(action) for action in case.timeline]
    return [case.job, settings]


def scenario_yaml(case: Case, *, comment: str = "", name: str = "property-case") -> str:
    """The case as a multi-document scenario YAML file (``comment`` lines go on top)."""
    head = "".join(f"# {line}\n" if line else "#\n" for line in comment.splitlines())
    body = yaml.safe_dump_all(scenario_documents(case, name=name), sort_keys=False)
    return head + body


_LAST_WRITTEN: dict[str, Path] = {}


def write_reproducer(
    case: Case, failure: str, *, key: str = "", directory: Path | None = None
) -> Path:
    """Write the case as a scenario file named by its content; return the path.

    The file starts with the failure as a comment and replays with ``jobsim run <path>``.
    While Hypothesis shrinks, each smaller failing case replaces the previous file written
    under the same ``key`` (the test's name), so the last file left is the minimal example.
    """
    text = scenario_yaml(case)
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    where = directory or Path(os.environ.get("JOBSIM_FAILURES_DIR", FAILURES_DIR))
    where.mkdir(parents=True, exist_ok=True)
    path = where / f"case-{digest}.yaml"
    previous = _LAST_WRITTEN.get(key)
    if previous is not None and previous != path:
        previous.unlink(missing_ok=True)
    _LAST_WRITTEN[key] = path
    comment = f"A property of jobsim failed on this case:\n{failure}\n\nReplay: jobsim run {path}"
    path.write_text(scenario_yaml(case, comment=comment))
    return path


# --- running a case -------------------------------------------------------------------------


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

    def job(self) -> Job | None:
        """The case's Job as stored, or ``None`` once it is gone."""
        try:
            return cast(Job, self.sim.api.get("jobs", JOB_NAME, namespace=NAMESPACE))
        except APIError:
            return None

    def pods(self) -> list[Pod]:
        """Every stored pod of the case's Job (by the ``job-name`` label), sorted by name."""
        listed = self.sim.api.list(
            "pods", namespace=NAMESPACE, label_selector=f"job-name={JOB_NAME}"
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
    return start_scenario(scenario_yaml(case), case.until)


def start_scenario(text_or_path: str | Path, until: float) -> Run:
    """Build a scenario (YAML text or a file) into a simulation that logs every change."""
    scenario = load_scenario(text_or_path, name="property-case")
    built = build_simulation(scenario)
    sim = built.simulation
    log = WatchLog()
    for resource in _RESOURCES:  # replay from the first namespace's creation: the whole history
        sim.api.watch(resource, resource_version="1", handler=log)
    log.records.sort(key=lambda r: r.resource_version)  # interleave the three replays
    timeline = [a.model_dump(mode="json", by_alias=True) for a in scenario.settings.timeline]
    return Run(until=until, sim=sim, log=log, outcomes=built.outcomes, timeline=timeline)


# --- checking invariants after every step ---------------------------------------------------


KNOWN_UPSTREAM_BUGS: Final = {
    "failedIndexes and completedIndexes overlap": (
        "upstream calculateFailedIndexes (pkg/controller/job/indexed_job_utils.go) does not "
        "skip succeeded indexes: a replacement pod of an index whose terminating original then "
        "succeeded can fail past backoffLimitPerIndex, and the apiserver rejects the status"
    ),
}
"""Sync errors upstream has too (jobsim is faithful): a run that hits one stops being checked."""


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
    rejected one means the controller computed an impossible status (and the Job is stuck).
    """

    def __init__(self, run: Run) -> None:
        self.run = run
        self.monitor = InvariantMonitor(
            run.sim.api, run.sim.clock, resource_version="1", recorder=run.sim.recorder
        )
        self.found: list[str] = []
        self.known_bug: str | None = None
        """Set when the run hit :data:`KNOWN_UPSTREAM_BUGS`; nothing is checked after it."""
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
        for pattern, why in KNOWN_UPSTREAM_BUGS.items():
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


def assert_no_violations(case: Case, violations: list[str], *, key: str) -> None:
    """Fail with the violations and the path of a scenario file that replays the case."""
    if not violations:
        return
    failure = "\n".join(violations[:5])
    path = write_reproducer(case, failure, key=key)
    raise AssertionError(f"{failure}\nreproducer: {path} (replay: jobsim run {path})")
