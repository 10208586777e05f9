"""We test these aspects: the delaying, de-duplicating work queue on the simulated clock.

As client-go's ``workqueue`` configured by the Job controller: a key is processed once per
due time however often it is added; ``AddAfter`` keeps the earliest pending time; errors
requeue with per-key exponential backoff 1 s doubling to 60 s (``DefaultJobApiBackOff``,
``MaxJobApiBackOff`` in ``pkg/controller/job/job_controller.go``); ``Forget`` resets it.
"""

from __future__ import annotations

import pytest
import simpy

from jobsim.workqueue import WorkQueue


def make_queue() -> tuple[simpy.Environment, WorkQueue[str], list[tuple[float, str]]]:
    """A queue whose handler logs ``(time, key)``."""
    env = simpy.Environment()
    log: list[tuple[float, str]] = []
    queue: WorkQueue[str] = WorkQueue(env, lambda key: log.append((env.now, key)))
    return env, queue, log


def test_add_dedups_keys() -> None:
    """Adding a key three times before it runs processes it once."""
    env, queue, log = make_queue()
    for _ in range(3):
        queue.add("a")
    assert len(queue) == 1 and "a" in queue
    env.run()
    assert log == [(0, "a")]
    assert queue.processed == 1 and len(queue) == 0


@pytest.mark.parametrize(
    ("delays", "expected"),
    [([5, 1], [(1, "a")]), ([1, 5], [(1, "a")]), ([3, 3], [(3, "a")]), ([2, 0], [(0, "a")])],
    ids=["earlier-wins", "later-ignored", "same-time", "immediate-wins"],
)
def test_add_after_keeps_earliest(delays: list[float], expected: list[tuple[float, str]]) -> None:
    """``add_after`` keeps the earliest pending time and processes the key once."""
    env, queue, log = make_queue()
    for delay in delays:
        queue.add_after("a", delay)
    assert queue.due("a") == min(delays)
    env.run()
    assert log == expected


def test_readd_after_processing_runs_again() -> None:
    """A key added again after it ran is processed again at its new time."""
    env, queue, log = make_queue()
    queue.add_after("a", 1)
    env.run(until=2)
    queue.add_after("a", 1)
    env.run()
    assert log == [(1, "a"), (3, "a")]


def test_ties_in_request_order() -> None:
    """Keys due at the same time run in the order they were requested."""
    env, queue, log = make_queue()
    queue.add_after("b", 1)
    queue.add_after("a", 1)
    queue.add("c")
    env.run()
    assert log == [(0, "c"), (1, "b"), (1, "a")]


def test_rate_limited_backoff_doubles_to_cap() -> None:
    """Requeues after errors wait 1, 2, 4, ... 60 s; ``forget`` resets the count."""
    env, queue, log = make_queue()
    waits = []
    for _ in range(8):
        start = env.now
        queue.add_rate_limited("a")
        env.run()
        waits.append(log[-1][0] - start)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60]
    assert queue.num_requeues("a") == 8
    queue.forget("a")
    assert queue.num_requeues("a") == 0
    start = env.now
    queue.add_rate_limited("a")
    env.run()
    assert log[-1][0] - start == 1


def test_handler_may_requeue_itself() -> None:
    """A handler that re-adds its own key (a requeue) gets it processed later, once."""
    env = simpy.Environment()
    log: list[float] = []
    queue: WorkQueue[str] = WorkQueue(env, lambda key: None)

    def handler(key: str) -> None:
        log.append(env.now)
        if len(log) < 3:
            queue.add_after(key, 10)

    queue = WorkQueue(env, handler)
    queue.add("k")
    env.run()
    assert log == [0, 10, 20]
