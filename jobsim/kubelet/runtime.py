"""The simulated container runtime of one pod: container runs, exits, restarts and kills.

Owns the in-memory state the fake kubelet keeps for a live pod (:class:`PodRun`, one
:class:`ContainerRun` per container) and its transitions at a simulated instant ``now``:
sandbox ready after the startup delay, init containers one after the other (sidecars start and
let the next one go), regular containers together, readiness, exits with the drawn exit code,
in-place restarts with the CrashLoopBackOff timer, SIGTERM/SIGKILL on graceful deletion, and the
end of the pod. Pure and clock-free: no SimPy, no store, no API objects; ``jobsim.kubelet.status``
turns this state into a ``PodStatus``.

Draw order on the pod's random stream (one ``rng.random()`` each): the startup delay when the pod
is admitted; for each start of a regular container (spec order): readiness delay, duration, exit
code; for each start of a regular init container: its duration; at SIGTERM, for each running
container: the shutdown delay (only if the behaviour has one).

Imports ``jobsim.behavior``, ``jobsim.duration`` and ``jobsim.kubelet.backoff`` only.
"""

from __future__ import annotations

import random
from enum import IntEnum
from typing import Final, NamedTuple

from jobsim.behavior import PodBehavior
from jobsim.duration import format_duration
from jobsim.kubelet.backoff import ContainerBackoff

__all__ = [
    "EXIT_SIGKILL",
    "EXIT_SIGTERM",
    "ContainerKind",
    "ContainerRun",
    "ContainerState",
    "Exit",
    "PodRun",
    "Stage",
]

EXIT_SIGTERM: Final = 143
"""128 + SIGTERM: a container that exits on SIGTERM (the default handler)."""
EXIT_SIGKILL: Final = 137
"""128 + SIGKILL: a container still running at the end of the grace period."""
CRASH_LOOP_BACK_OFF: Final = "CrashLoopBackOff"
_EPS: Final = 1e-9
"""Timers land on ``now + delay`` up to float rounding; anything due within this is due now."""


class ContainerKind(IntEnum):
    """Which list of the spec a container comes from."""

    INIT = 0
    SIDECAR = 1
    """An init container with ``restartPolicy: Always``."""
    REGULAR = 2


class ContainerState(IntEnum):
    """The container's state: exactly one of waiting, running, terminated."""

    WAITING = 0
    RUNNING = 1
    TERMINATED = 2


class Stage(IntEnum):
    """The pod's progress on its node."""

    PENDING = 0
    """Bound; sandbox and images not ready yet (the startup delay)."""
    INITIALIZING = 1
    """Running init containers in order."""
    RUNNING = 2
    """Regular containers started (and restarting, per the restart policy)."""
    DONE = 3
    """No container runs and none will start again."""


class Exit(NamedTuple):
    """A terminated container run (``ContainerStateTerminated``)."""

    code: int
    reason: str
    started_at: float | None
    finished_at: float | None
    container_id: str
    message: str = ""


class ContainerRun:
    """One container of a live pod: its current run, last exit, readiness and back-off."""

    __slots__ = (
        "backoff", "container_id", "end_at", "exit", "kind", "last", "message", "name",
        "planned", "ready", "ready_at", "reason", "restart_at", "restart_count", "started_at",
        "starts", "state",
    )  # fmt: skip

    def __init__(self, name: str, kind: ContainerKind, waiting_reason: str) -> None:
        """A container that has not started yet, waiting with ``waiting_reason``."""
        self.name = name
        self.kind = kind
        self.state = ContainerState.WAITING
        self.reason = waiting_reason
        self.message = ""
        self.started_at: float | None = None
        self.exit: Exit | None = None
        self.last: Exit | None = None
        self.ready = False
        self.ready_at: float | None = None
        self.end_at: float | None = None
        self.planned: tuple[int, str] = (0, "Completed")
        self.restart_at: float | None = None
        self.restart_count = 0
        self.starts = 0
        self.container_id = ""
        self.backoff = ContainerBackoff()

    @property
    def running(self) -> bool:
        """Whether the container is running now."""
        return self.state is ContainerState.RUNNING

    def due(self) -> float | None:
        """The next instant this container changes by itself, if any."""
        if self.state is ContainerState.RUNNING:
            times = [
                t for t in (self.end_at, None if self.ready else self.ready_at) if t is not None
            ]
            return min(times) if times else None
        if self.state is ContainerState.WAITING:
            return self.restart_at
        return None


class PodRun:
    """A live pod on its node: stage, containers, termination; advanced by :meth:`advance`."""

    __slots__ = (
        "behavior", "containers", "init", "kill_at", "name", "namespace", "next_init",
        "restart_policy", "rng", "stage", "start_at", "started_at", "terminating", "uid",
    )  # fmt: skip

    def __init__(
        self,
        *,
        namespace: str,
        name: str,
        uid: str,
        restart_policy: str,
        init: list[tuple[str, bool]],
        regular: list[str],
        behavior: PodBehavior,
        rng: random.Random,
    ) -> None:
        """Build the run of a pod: ``init`` is ``[(name, is_sidecar)]``, ``regular`` names."""
        self.namespace, self.name, self.uid = namespace, name, uid
        self.restart_policy = restart_policy or "Always"
        waiting = "PodInitializing" if init else "ContainerCreating"
        self.init = [
            ContainerRun(n, ContainerKind.SIDECAR if side else ContainerKind.INIT, waiting)
            for n, side in init
        ]
        self.containers = [ContainerRun(n, ContainerKind.REGULAR, waiting) for n in regular]
        self.behavior, self.rng = behavior, rng
        self.stage = Stage.PENDING
        self.start_at = 0.0
        self.started_at: float | None = None
        """When the regular containers first started."""
        self.next_init = 0
        self.terminating = False
        self.kill_at: float | None = None

    # --- queries --------------------------------------------------------------------------

    def all_containers(self) -> list[ContainerRun]:
        """Init containers (spec order) then regular containers."""
        return [*self.init, *self.containers]

    def due(self) -> float | None:
        """The next instant something changes by itself, or None."""
        if self.stage is Stage.DONE:
            return None
        times = [c.due() for c in self.all_containers()]
        if self.stage is Stage.PENDING and not self.terminating:
            times.append(self.start_at)
        if self.terminating:
            times.append(self.kill_at)
        known = [t for t in times if t is not None]
        return min(known) if known else None

    @property
    def done(self) -> bool:
        """Whether the pod has finished: nothing runs and nothing will start."""
        return self.stage is Stage.DONE

    def restarts(self) -> int:
        """Total restarts of the regular containers."""
        return sum(c.restart_count for c in self.containers)

    # --- transitions ----------------------------------------------------------------------

    def admit(self, now: float) -> None:
        """The kubelet accepted the pod at ``now``: draw the startup delay."""
        self.start_at = now + self.behavior.startup_delay.sample(self.rng)

    def advance(self, now: float) -> None:
        """Apply every transition due at or before ``now``, until nothing more changes."""
        if self.stage is Stage.DONE:
            return
        progress = True
        while progress:
            progress = False
            if self.stage is Stage.PENDING and not self.terminating and now + _EPS >= self.start_at:
                self.stage = Stage.INITIALIZING
                progress = True
            if self.stage is Stage.INITIALIZING and not self.terminating:
                progress |= self._run_init(now)
            for c in self.all_containers():
                progress |= self._step(c, now)
            if self.terminating and self.kill_at is not None and now + _EPS >= self.kill_at:
                for c in self.all_containers():
                    if c.running:
                        self._terminate(c, now, EXIT_SIGKILL, "Error")
                        progress = True
            progress |= self._stop_sidecars_if_complete(now)
        if self._finished():
            self.stage = Stage.DONE

    def _run_init(self, now: float) -> bool:
        progress = False
        while self.next_init < len(self.init):
            c = self.init[self.next_init]
            if c.state is ContainerState.WAITING and c.starts == 0:
                self._start(c, now)
                progress = True
            if c.kind is ContainerKind.SIDECAR and c.starts > 0:
                self.next_init += 1
                continue
            if c.exit is not None and c.state is ContainerState.TERMINATED and c.exit.code == 0:
                self.next_init += 1
                continue
            break
        if self.next_init == len(self.init):
            self.stage = Stage.RUNNING
            self.started_at = now
            for c in self.containers:
                self._start(c, now)
            progress = True
        return progress

    def _step(self, c: ContainerRun, now: float) -> bool:
        if c.state is ContainerState.RUNNING:
            progress = False
            if not c.ready and c.ready_at is not None and now + _EPS >= c.ready_at:
                c.ready, c.ready_at = True, None
                progress = True
            if c.end_at is not None and now + _EPS >= c.end_at:
                code, reason = c.planned
                self._terminate(c, now, code, reason)
                progress = True
            return progress
        if (
            c.state is ContainerState.WAITING
            and c.restart_at is not None
            and now + _EPS >= c.restart_at
            and not self.terminating
        ):
            self._start(c, now)
            return True
        return False

    def _start(self, c: ContainerRun, now: float) -> None:
        """Start (or restart) ``c`` at ``now`` and draw its run."""
        if c.starts > 0:
            c.last = c.exit
            c.restart_count += 1
        c.starts += 1
        c.state = ContainerState.RUNNING
        c.reason = c.message = ""
        c.started_at, c.exit, c.restart_at = now, None, None
        c.container_id = f"{self.uid}/{c.name}/{c.restart_count}"
        if c.kind is ContainerKind.REGULAR:
            readiness = self.behavior.readiness_delay.sample(self.rng)
            c.end_at = now + self.behavior.duration.sample(self.rng)
            c.planned = self.behavior.sample_exit(self.rng)
            c.ready, c.ready_at = readiness <= 0, now + readiness
        elif c.kind is ContainerKind.INIT:
            c.end_at = now + self.behavior.init_duration.sample(self.rng)
            c.planned = (0, "Completed")
            c.ready, c.ready_at = False, None
        else:  # sidecar: runs until the regular containers end
            c.end_at = None
            c.ready, c.ready_at = True, None

    def _terminate(self, c: ContainerRun, now: float, code: int, reason: str) -> None:
        c.state = ContainerState.TERMINATED
        c.exit = Exit(code, reason, c.started_at, now, c.container_id)
        c.ready = c.kind is ContainerKind.INIT and code == 0
        c.ready_at = c.end_at = None
        if not self.terminating and self._restarts(c, code):
            wait = c.backoff.delay_after_exit(now)
            if wait <= 0:
                self._start(c, now)
            else:
                c.state = ContainerState.WAITING
                c.reason = CRASH_LOOP_BACK_OFF
                c.message = (
                    f"back-off {format_duration(wait)} restarting failed container={c.name} "
                    f"pod={self.name}_{self.namespace}({self.uid})"
                )
                c.restart_at = now + wait

    def _restarts(self, c: ContainerRun, code: int) -> bool:
        """Whether a container that exited with ``code`` is restarted in place."""
        if c.kind is ContainerKind.SIDECAR:
            return self.stage is not Stage.DONE and not self._regular_complete()
        policy = self.restart_policy
        if c.kind is ContainerKind.INIT:
            return code != 0 and policy != "Never"
        return policy == "Always" or (policy == "OnFailure" and code != 0)

    def _regular_complete(self) -> bool:
        return self.stage is Stage.RUNNING and all(
            c.state is ContainerState.TERMINATED for c in self.containers
        )

    def _stop_sidecars_if_complete(self, now: float) -> bool:
        if not (self._regular_complete() or self.terminating):
            return False
        if self.terminating and any(c.running for c in self.containers):
            return False
        progress = False
        for c in reversed(self.init):
            if c.kind is ContainerKind.SIDECAR and c.running:
                c.end_at, c.planned = None, (0, "Completed")
                self._terminate(c, now, 0, "Completed")
                progress = True
        return progress

    def _finished(self) -> bool:
        if any(c.running for c in self.all_containers()):
            return False
        if self.terminating:
            return True
        return self._regular_complete()

    def begin_termination(self, now: float, grace: float) -> None:
        """Deletion observed at ``now``: SIGTERM everything running, SIGKILL at ``now + grace``."""
        deadline = now + max(grace, 0.0)
        if self.kill_at is None or deadline < self.kill_at:
            self.kill_at = deadline
        if self.terminating:
            return
        self.terminating = True
        shutdown = self.behavior.shutdown_delay
        for c in self.all_containers():
            if c.state is ContainerState.WAITING:
                c.restart_at = None
            if not c.running or shutdown is None:
                continue
            exit_at = now + shutdown.sample(self.rng)
            if exit_at < self.kill_at and (c.end_at is None or exit_at < c.end_at):
                c.end_at, c.planned = exit_at, (EXIT_SIGTERM, "Error")

    def end_containers(self, now: float, code: int) -> int:
        """End every running regular container at ``now`` with ``code``; return how many."""
        ended = 0
        for c in self.containers:
            if c.running:
                c.end_at, c.planned = now, (code, "Completed" if code == 0 else "Error")
                ended += 1
        return ended
