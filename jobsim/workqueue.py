"""A delaying, de-duplicating work queue on the simulated clock (client-go ``workqueue``).

Owns: "run ``handler(key)`` at the earliest time anyone asked for it, once".
``add_after(key, delay)`` keeps the *earliest* pending time per key, as
client-go's delaying queue does; a key is processed once per due time no matter
how often it was added. Requeue-on-error uses per-key exponential backoff
(``add_rate_limited`` / ``forget``), 1 s doubling to 60 s as the Job controller
configures it (``DefaultJobApiBackOff``, ``MaxJobApiBackOff``).

Implementation: one SimPy ``Timeout`` per distinct due time, with a callback —
no generator process per key, no polling — so the cost of a sync is a heap push.
Keys are processed synchronously inside SimPy's event loop, in due-time order,
ties in order of request (deterministic).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

import simpy

__all__ = ["WorkQueue"]

K = TypeVar("K", bound=Hashable)


class WorkQueue(Generic[K]):
    """Run ``handler(key)`` at the earliest requested simulated time, once per key and time."""

    def __init__(
        self,
        env: simpy.Environment,
        handler: Callable[[K], None],
        *,
        base_backoff: float = 1.0,
        max_backoff: float = 60.0,
    ) -> None:
        self._env = env
        self._handler = handler
        self._due: dict[K, float] = {}
        self._failures: dict[K, int] = {}
        self._base_backoff = base_backoff
        self._max_backoff = max_backoff
        self.processed = 0

    def __len__(self) -> int:
        return len(self._due)

    def __contains__(self, key: object) -> bool:
        return key in self._due

    def due(self, key: K) -> float | None:
        """The simulated time at which ``key`` will next be processed, if queued."""
        return self._due.get(key)

    def add(self, key: K) -> None:
        """Process ``key`` now (after the current event), unless it is already due now."""
        self.add_after(key, 0.0)

    def add_after(self, key: K, delay: float) -> None:
        """Process ``key`` after ``delay`` seconds, or earlier if it is already due earlier."""
        at = self._env.now + max(delay, 0.0)
        current = self._due.get(key)
        if current is not None and current <= at:
            return
        self._due[key] = at
        timeout = self._env.timeout(at - self._env.now)
        timeout.callbacks.append(lambda _ev, k=key, t=at: self._fire(k, t))  # type: ignore[misc]

    def add_rate_limited(self, key: K) -> None:
        """Requeue after a per-key exponential backoff (sync errors)."""
        n = self._failures.get(key, 0)
        self._failures[key] = n + 1
        self.add_after(key, min(self._base_backoff * (2**n), self._max_backoff))

    def forget(self, key: K) -> None:
        """Reset the per-key error backoff (after a successful sync)."""
        self._failures.pop(key, None)

    def num_requeues(self, key: K) -> int:
        """How many rate-limited requeues ``key`` has had since it was last forgotten."""
        return self._failures.get(key, 0)

    def _fire(self, key: K, at: float) -> None:
        if self._due.get(key) != at:
            return  # superseded by an earlier request, which already ran
        del self._due[key]
        self.processed += 1
        self._handler(key)
