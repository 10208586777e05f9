"""Job status over simulated time: :class:`StatusRecorder`, a watcher that keeps what plots need.

Owns the history the pictures are drawn from and a run does not keep by itself: one
:class:`StatusRow` (time, Job, active, ready, succeeded, failed, terminating) each time a Job's
counts change, the last state of every Job (so a Job deleted by its TTL still has conditions to
mark), and :class:`PodMark` instants the pod timeline shows: container restarts and the moment a
pod's deletion began. It only watches (``sim.api.watch`` handlers, which never write). Plain
data: no matplotlib, no pandas. Imports the Simulation (layer 5) and API models; must not import
the scenario runner, the CLI or matplotlib.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.simulation import Simulation

__all__ = ["STATUS_FIELDS", "PodMark", "StatusRecorder", "StatusRow"]

STATUS_FIELDS = ("active", "ready", "succeeded", "failed", "terminating")
"""The Job status counts a :class:`StatusRow` carries, in plotting order."""


@dataclass(frozen=True, slots=True)
class StatusRow:
    """A Job's status counts from simulated time ``t`` on (``ready``/``terminating`` unset: 0)."""

    t: float
    namespace: str
    job: str
    active: int
    ready: int
    succeeded: int
    failed: int
    terminating: int

    def counts(self) -> tuple[int, int, int, int, int]:
        """The counts in :data:`STATUS_FIELDS` order."""
        return (self.active, self.ready, self.succeeded, self.failed, self.terminating)


@dataclass(frozen=True, slots=True)
class PodMark:
    """An instant in a pod's life: a container ``restart``, or the start of its ``deletion``."""

    t: float
    namespace: str
    pod: str
    kind: Literal["restart", "deletion"]


def _row(t: float, job: Job) -> StatusRow:
    status = job.status
    return StatusRow(
        t=t,
        namespace=job.metadata.namespace or "",
        job=job.metadata.name or "",
        active=status.active,
        ready=status.ready or 0,
        succeeded=status.succeeded,
        failed=status.failed,
        terminating=status.terminating or 0,
    )


def _restarts(pod: Pod) -> int:
    return sum(c.restart_count for c in pod.status.container_statuses or ())


class StatusRecorder:
    """Records every Job's status counts, and pod restarts and deletions, as a run goes.

    Attach it before the run: ``StatusRecorder(sim)`` for a Simulation you drive, or
    ``jobsim.run_scenario(scenario, on_start=recorder.attach)`` for a scenario.
    """

    def __init__(self, sim: Simulation | None = None) -> None:
        """A recorder; attached to ``sim`` at once when one is given."""
        self.rows: list[StatusRow] = []
        self.marks: list[PodMark] = []
        self._sim: Simulation | None = None
        self._last: dict[tuple[str, str], Job] = {}
        self._counts: dict[tuple[str, str], tuple[int, ...]] = {}
        self._pods: dict[str, tuple[int, bool]] = {}
        """Per live pod uid: restarts seen, and whether its deletion has begun."""
        self._watches: list[Any] = []
        if sim is not None:
            self.attach(sim)

    def attach(self, sim: Simulation) -> None:
        """Start watching ``sim``'s Jobs and pods (before it runs, to miss nothing)."""
        if self._sim is not None:
            raise RuntimeError("this StatusRecorder is already attached to a Simulation")
        self._sim = sim
        self._watches = [
            sim.api.watch("jobs", handler=self._on_job),
            sim.api.watch("pods", handler=self._on_pod),
        ]

    @property
    def simulation(self) -> Simulation:
        """The Simulation this recorder watches."""
        if self._sim is None:
            raise RuntimeError("this StatusRecorder is not attached: call attach(sim) first")
        return self._sim

    @property
    def end(self) -> float:
        """The simulated time now (the end of the run, once it has run)."""
        return self.simulation.now

    def stop(self) -> None:
        """Stop watching; what was recorded stays."""
        for watch in self._watches:
            watch.stop()
        self._watches = []

    def jobs(self) -> list[Job]:
        """The last state seen of every Job (deleted ones included), by namespace and name."""
        return [self._last[key] for key in sorted(self._last)]

    def job_rows(self, job: str, namespace: str = "default") -> list[StatusRow]:
        """The rows of one Job, oldest first."""
        return [r for r in self.rows if r.job == job and r.namespace == namespace]

    def as_dicts(self) -> list[dict[str, Any]]:
        """The rows as dicts (``pandas.DataFrame(recorder.as_dicts())`` makes a table)."""
        return [asdict(row) for row in self.rows]

    # -- watch handlers (synchronous, inside writes: they only read) ----------------------------

    def _on_job(self, event: WatchEventRecord) -> None:
        job = event.object
        if not isinstance(job, Job):
            return
        key = (job.metadata.namespace or "", job.metadata.name or "")
        self._last[key] = job
        if event.type == "DELETED":
            return
        row = _row(self.simulation.now, job)
        if self._counts.get(key) != row.counts():
            self._counts[key] = row.counts()
            self.rows.append(row)

    def _on_pod(self, event: WatchEventRecord) -> None:
        pod = event.object
        if not isinstance(pod, Pod):
            return
        uid = pod.metadata.uid or ""
        if event.type == "DELETED":
            self._pods.pop(uid, None)
            return
        now = self.simulation.now
        namespace, name = pod.metadata.namespace or "", pod.metadata.name or ""
        restarts, deleting = self._pods.get(uid, (0, False))
        for _ in range(restarts, _restarts(pod)):
            self.marks.append(PodMark(now, namespace, name, "restart"))
        if pod.metadata.deletion_timestamp is not None and not deleting:
            self.marks.append(PodMark(now, namespace, name, "deletion"))
        self._pods[uid] = (
            max(restarts, _restarts(pod)),
            pod.metadata.deletion_timestamp is not None,
        )
