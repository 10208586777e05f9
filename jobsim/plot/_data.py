"""What the pictures are drawn from: a run resolved to its pods, Jobs, marks and colours.

Owns the plain-data side of ``jobsim.plot``: which run a plotting call is about (a Simulation, a
:class:`~jobsim.scenario.ScenarioResult` or a :class:`StatusRecorder`), the pod groups of the
timeline (by Job, then completion index, then creation), the condition markers of a Job (from
``status.conditions[*].lastTransitionTime``) and the colours of phases, conditions and status
counts. No matplotlib. Must not import the CLI.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jobsim.api.batch_v1 import Job
from jobsim.clock import SimClock
from jobsim.kubelet.records import PodRecord
from jobsim.plot.history import StatusRecorder
from jobsim.scenario import ScenarioResult
from jobsim.simulation import Simulation

__all__ = [
    "CONDITION_COLOURS",
    "PHASE_COLOURS",
    "STATUS_COLOURS",
    "ConditionMark",
    "PodGroup",
    "Run",
    "condition_marks",
    "pod_groups",
    "resolve",
]

PHASE_COLOURS = {
    "Succeeded": "#2ca02c",
    "Failed": "#d62728",
    "Running": "#1f77b4",
    "Pending": "#9e9e9e",
    "Unknown": "#8c564b",
}
"""Bar colour of a pod by its last phase (``Running``/``Pending``: still live at the end)."""

CONDITION_COLOURS = {
    "SuccessCriteriaMet": "#35978f",
    "Complete": "#1b7837",
    "FailureTarget": "#e08214",
    "Failed": "#b2182b",
    "Suspended": "#762a83",
}
"""Marker colour of a Job condition by type (others: dark grey)."""

OTHER_CONDITION_COLOUR = "#555555"

STATUS_COLOURS = {
    "active": "#1f77b4",
    "ready": "#17becf",
    "succeeded": "#2ca02c",
    "failed": "#d62728",
    "terminating": "#ff7f0e",
}
"""Line colour of each Job status count."""

RunLike = Simulation | ScenarioResult | StatusRecorder
"""What plotting functions accept as a run."""


@dataclass(frozen=True, slots=True)
class Run:
    """A run to draw: its Simulation and, when one was attached, its recorder."""

    sim: Simulation
    recorder: StatusRecorder | None

    def jobs(self) -> list[Job]:
        """Every Job: the recorder's last states (deleted Jobs too), else the live ones."""
        return self.recorder.jobs() if self.recorder is not None else self.sim.jobs()


def resolve(run: RunLike, recorder: StatusRecorder | None = None) -> Run:
    """The Simulation behind ``run``, with ``recorder`` (or ``run`` itself if it is one)."""
    if isinstance(run, StatusRecorder):
        return Run(run.simulation, recorder or run)
    if isinstance(run, ScenarioResult):
        return Run(run.simulation, recorder)
    if isinstance(run, Simulation):
        return Run(run, recorder)
    raise TypeError(
        f"expected a Simulation, a ScenarioResult or a StatusRecorder, got {type(run).__name__}"
    )


@dataclass(slots=True)
class PodGroup:
    """The pods of one Job (``job`` None: pods no Job owns), in timeline order."""

    namespace: str
    job: str | None
    records: list[PodRecord] = field(default_factory=list)

    @property
    def title(self) -> str:
        """``job/NAME`` (with the namespace when it is not ``default``), or ``pods``."""
        if self.job is None:
            return "pods (no Job)"
        prefix = "" if self.namespace == "default" else f"{self.namespace}/"
        return f"job/{prefix}{self.job}"


def pod_groups(
    records: Iterable[PodRecord],
    *,
    jobs: Sequence[str] | None = None,
    namespace: str | None = None,
) -> list[PodGroup]:
    """Pods grouped by Job (Jobs in order of their first pod), then by index and creation."""
    groups: dict[tuple[str, str | None], PodGroup] = {}
    ordered = sorted(records, key=lambda r: (r.created, r.namespace, r.name))
    for record in ordered:
        if namespace is not None and record.namespace != namespace:
            continue
        if jobs is not None and record.job not in jobs:
            continue
        key = (record.namespace, record.job)
        groups.setdefault(key, PodGroup(record.namespace, record.job)).records.append(record)
    for group in groups.values():
        group.records.sort(key=lambda r: (-1 if r.index is None else r.index, r.created, r.name))
    return list(groups.values())


@dataclass(frozen=True, slots=True)
class ConditionMark:
    """A Job condition's last transition: when (simulated seconds), label and colour."""

    t: float
    type: str
    label: str
    colour: str


def condition_marks(job: Job, clock: SimClock) -> list[ConditionMark]:
    """One mark per condition of ``job`` that has a lastTransitionTime, in time order."""
    marks = []
    for cond in job.status.conditions or ():
        if cond.last_transition_time is None:
            continue
        label = cond.type if cond.status == "True" else f"{cond.type}={cond.status}"
        colour = CONDITION_COLOURS.get(cond.type, OTHER_CONDITION_COLOUR)
        marks.append(
            ConditionMark(clock.to_seconds(cond.last_transition_time), cond.type, label, colour)
        )
    return sorted(marks, key=lambda m: m.t)
