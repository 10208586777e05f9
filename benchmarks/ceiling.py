"""The bare-SimPy ceiling: the same pods, durations and parallelism, and nothing else.

Owns the reference model a jobsim run is compared with: per Job, ``parallelism`` SimPy processes
each taking the next pod while pods are left and holding it for one ``timeout`` of the pod's
duration. There is no store, controller, model or status: this is the most a SimPy model of the
same workload can do per wall second, so jobsim / ceiling says how much of the run is jobsim's
own work. Imports SimPy only.
"""

from __future__ import annotations

import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass

import simpy

__all__ = ["CeilingResult", "run_ceiling"]


@dataclass(frozen=True, slots=True)
class CeilingResult:
    """One ceiling run: pods simulated, wall seconds and the simulated end time."""

    pods: int
    wall: float
    sim_end: float

    @property
    def rate(self) -> float:
        """Pods simulated per wall second."""
        return self.pods / self.wall if self.wall > 0 else float("inf")


def _worker(
    env: simpy.Environment, left: list[int], duration: float
) -> Generator[simpy.Event, None, None]:
    while left[0] > 0:
        left[0] -= 1
        yield env.timeout(duration)


def run_ceiling(jobs: Sequence[tuple[int, int]], duration: float) -> CeilingResult:
    """Run ``[(pods, parallelism), ...]`` with every pod one ``timeout(duration)``."""
    start = time.perf_counter()
    env = simpy.Environment()
    total = 0
    for pods, parallelism in jobs:
        left = [pods]
        total += pods
        for _ in range(min(parallelism, pods)):
            env.process(_worker(env, left, duration))
    env.run()
    return CeilingResult(total, time.perf_counter() - start, float(env.now))
