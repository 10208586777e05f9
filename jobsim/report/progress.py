"""A progress bar for long runs, fed by watch events (rich, on a console the CLI passes in).

Owns :class:`RunProgress`: a watch handler that counts Job and Pod changes and, once a run has
taken more than ``delay`` seconds of wall time, shows a transient rich progress bar (Jobs
finished of Jobs seen, pods created, simulated time). It only reads the objects it is given and
never writes to the store, so a run with or without the bar is the same run: no SimPy events
are added. Wall time is read (``time.monotonic``) only to decide whether and when to draw;
it never reaches the simulation.

Imports rich, the API models and :mod:`jobsim.duration`; the CLI decides when it is enabled
(a terminal, not ``-q``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.duration import format_duration

__all__ = ["RunProgress"]

_CHECK_EVERY = 64
"""Watch events between two looks at the wall clock."""


class RunProgress:
    """Counts watch events; draws a bar once the run is slower than ``delay`` wall seconds."""

    def __init__(
        self,
        console: Console,
        now: Callable[[], float],
        *,
        delay: float = 1.0,
        wall: Callable[[], float] = time.monotonic,
    ) -> None:
        self._console = console
        self._now = now
        self._delay = delay
        self._wall = wall
        self._started = wall()
        self._seen = 0
        self._jobs: dict[str, bool] = {}
        self._pods = 0
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> RunProgress:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def shown(self) -> bool:
        """Whether the bar has been drawn."""
        return self._bar is not None

    def handle(self, event: WatchEventRecord) -> None:
        """Watch handler for ``jobs`` and ``pods``: count, and redraw now and then."""
        obj = event.object
        if isinstance(obj, Job):
            key = f"{obj.metadata.namespace}/{obj.metadata.name}"
            self._jobs[key] = event.type == "DELETED" or obj.is_finished()
        elif isinstance(obj, Pod) and event.type == "ADDED":
            self._pods += 1
        self._seen += 1
        if self._seen % _CHECK_EVERY:
            return
        if self._bar is None and self._wall() - self._started >= self._delay:
            self._bar = Progress(
                TextColumn("[progress.description]{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("jobs · {task.fields[pods]} pods · t={task.fields[sim]}"),
                console=self._console,
                transient=True,
            )
            self._task = self._bar.add_task("simulating", total=None, pods=0, sim="0s")
            self._bar.start()
        self._refresh()

    def _refresh(self) -> None:
        if self._bar is None or self._task is None:
            return
        done = sum(self._jobs.values())
        self._bar.update(
            self._task,
            completed=done,
            total=len(self._jobs) or None,
            pods=self._pods,
            sim=format_duration(round(self._now())),
        )

    def close(self) -> None:
        """Remove the bar (it is transient)."""
        if self._bar is not None:
            self._refresh()
            self._bar.stop()
            self._bar = None
