"""We test these aspects: ``Simulation.run`` tunes CPython's collector only while it runs.

Inside ``run()`` the thresholds are ``RUN_GC_THRESHOLDS`` (young generations collected, full
collections practically never: they would rescan the whole store again and again); after
``run()`` (also when it raises) the caller's thresholds are back; a caller who disabled the
collector keeps it disabled and untouched. Results do not depend on collection timing.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from jobsim.simulation import RUN_GC_THRESHOLDS, Simulation


@pytest.fixture
def thresholds() -> Iterator[tuple[int, int, int]]:
    """Known thresholds before the test, restored after it."""
    saved = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield (700, 10, 10)
    gc.set_threshold(*saved)


def seen_during_run(sim: Simulation) -> list[tuple[int, ...]]:
    """Record ``gc.get_threshold()`` from a callback at t=1 of the next run."""
    seen: list[tuple[int, ...]] = []
    sim.env.timeout(1).callbacks.append(lambda _e: seen.append(gc.get_threshold()))
    return seen


def test_thresholds_inside_and_after_run(thresholds: tuple[int, int, int]) -> None:
    """During ``run`` the tuned thresholds apply; afterwards the caller's are back."""
    sim = Simulation()
    seen = seen_during_run(sim)
    sim.run(until=5)
    assert (seen, gc.get_threshold()) == ([RUN_GC_THRESHOLDS], thresholds)


def test_disabled_collector_left_alone(thresholds: tuple[int, int, int]) -> None:
    """With the collector off, ``run`` neither enables it nor changes thresholds."""
    sim = Simulation()
    seen = seen_during_run(sim)
    gc.disable()
    try:
        sim.run(until=5)
        assert (gc.isenabled(), seen) == (False, [thresholds])
    finally:
        gc.enable()


def test_restored_when_run_raises(thresholds: tuple[int, int, int]) -> None:
    """An exception out of a callback still restores the thresholds."""
    sim = Simulation()

    def boom(_event: object) -> None:
        raise RuntimeError("boom")

    sim.env.timeout(1).callbacks.append(boom)
    with pytest.raises(RuntimeError, match="boom"):
        sim.run(until=5)
    assert gc.get_threshold() == thresholds
