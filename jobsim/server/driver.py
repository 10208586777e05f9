"""``SimDriver``: the one owner of a served simulation, moving simulated time on the event loop.

Owns the pacing of ``jobsim serve``: simulated time runs at ``speed`` times wall time
(``speed=None``: only when ``advance(seconds)`` is called), periodic watch bookmarks
(every ``bookmark_interval`` simulated seconds, as the watch cache sends them about every
minute), and the shutdown signal that ends open watch streams.

Concurrency model: SimPy runs *inside* the server's asyncio event loop, in bounded chunks
between which the loop serves requests. Every request handler, every store watch
handler and every SimPy step therefore runs on the same thread, one at a time: the store
needs no lock, no update can be lost, and a watch handler simply appends to its
connection's buffer. A chunk is bounded in wall time (``max_chunk_seconds``); when the
simulation cannot keep up, simulated time runs slower than ``speed`` rather than
starving the HTTP side.

Wall time (``time.monotonic``) is read here and only here: it paces the simulation and
never enters it. Imports ``jobsim.simulation`` (layer 5) and below; must not import the
HTTP modules of this package.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable

import simpy
import structlog

from jobsim.apiserver.store import APIServer
from jobsim.simulation import Simulation

__all__ = ["DEFAULT_BOOKMARK_INTERVAL", "SimDriver"]

DEFAULT_BOOKMARK_INTERVAL = 60.0
"""Simulated seconds between BOOKMARK events (the watch cache sends one about every minute)."""

_log = structlog.get_logger("jobsim.server")


class SimDriver:
    """Runs a ``Simulation`` on the event loop at ``speed`` x wall time, or on request."""

    def __init__(
        self,
        sim: Simulation,
        *,
        speed: float | None = 1.0,
        tick_seconds: float = 0.02,
        max_chunk_seconds: float = 0.05,
        bookmark_interval: float = DEFAULT_BOOKMARK_INTERVAL,
    ) -> None:
        """Drive ``sim``; ``speed=None`` is manual mode (time moves only in ``advance``)."""
        if speed is not None and speed <= 0:
            raise ValueError(f"speed must be positive, got {speed}")
        self.sim = sim
        self.speed = speed
        self.tick_seconds = tick_seconds
        self.max_chunk_seconds = max_chunk_seconds
        self.bookmark_interval = bookmark_interval
        self._next_bookmark = sim.now + bookmark_interval
        self._closing: asyncio.Event | None = None
        self._task: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.errors = 0
        """How many SimPy processes failed (each is logged as ``simulation_error``)."""

    # --- state -------------------------------------------------------------------------------

    @property
    def api(self) -> APIServer:
        """The simulation's API server (use only from the event loop)."""
        return self.sim.api

    @property
    def manual(self) -> bool:
        """Whether time moves only when ``advance`` is called."""
        return self.speed is None

    @property
    def now(self) -> float:
        """Simulated seconds since the epoch."""
        return self.sim.now

    @property
    def closing(self) -> bool:
        """Whether the server is shutting down (open watches end)."""
        return self._closing is not None and self._closing.is_set()

    def wall_seconds(self, simulated: float) -> float:
        """Wall seconds that ``simulated`` seconds take at the current speed (manual: inf)."""
        if self.speed is None:
            return float("inf")
        return simulated / self.speed

    # --- lifecycle -----------------------------------------------------------------------------

    async def start(self) -> None:
        """Start pacing on the running loop (manual mode: only set up the signals)."""
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        if self.speed is not None:
            self._task = asyncio.create_task(self._pace(self.speed), name="jobsim-sim")
        _log.info("simulation_started", speed=self.speed, sim_time=self.now)

    def close_threadsafe(self) -> None:
        """Ask open watches to end; safe from a signal handler or another thread."""
        loop, closing = self._loop, self._closing
        if loop is not None and closing is not None and not loop.is_closed():
            loop.call_soon_threadsafe(closing.set)

    async def stop(self) -> None:
        """Stop pacing and end open watches."""
        if self._closing is not None:
            self._closing.set()
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        _log.info("simulation_stopped", sim_time=self.now, errors=self.errors)

    # --- moving time -----------------------------------------------------------------------------

    async def advance(self, seconds: float) -> float:
        """Advance simulated time by ``seconds`` now (any mode); return the new time."""
        if seconds < 0:
            raise ValueError(f"seconds must not be negative, got {seconds}")
        target = self.now + seconds
        while not self._run_until(target):
            await asyncio.sleep(0)
        _log.info("simulation_advanced", seconds=seconds, sim_time=self.now)
        return self.now

    async def _pace(self, speed: float) -> None:
        wall0, sim0 = time.monotonic(), self.now
        while True:
            target = sim0 + (time.monotonic() - wall0) * speed
            if target > self.now and not self._run_until(target):
                # Behind: let the simulation run slower than ``speed`` instead of bursting.
                wall0, sim0 = time.monotonic(), self.now
            await asyncio.sleep(self.tick_seconds)

    def _run_until(self, target: float) -> bool:
        """Process events up to ``target`` for at most one chunk; True when ``target`` reached."""
        env = self.sim.env
        give_up = time.monotonic() + self.max_chunk_seconds
        reached = True
        while env.peek() <= target:
            self._step(env.step)
            if time.monotonic() > give_up:
                reached = env.peek() > target
                break
        if reached and target > env.now:
            env.run(until=target)
        self._after_step()
        return reached

    def _step(self, step: Callable[[], None]) -> None:
        try:
            step()
        except simpy.core.EmptySchedule:
            pass
        except Exception as exc:  # a failed process: keep serving, say so
            self.errors += 1
            _log.error("simulation_error", error=repr(exc), sim_time=self.now)

    def _after_step(self) -> None:
        if self.now >= self._next_bookmark:
            self.api.bookmark()
            while self._next_bookmark <= self.now:
                self._next_bookmark += self.bookmark_interval
