"""The kubelet's CrashLoopBackOff timer for one container (client-go ``flowcontrol.Backoff``).

Owns the restart delay of a container that exited and will be restarted in place: the kubelet
keys a ``flowcontrol.Backoff`` entry by pod and container (``kuberuntime`` ``doBackOff``) with an
initial period of 10 s (``backOffPeriod``) and a cap of 300 s (``MaxContainerBackOff``), no jitter.

Upstream, on each exit at ``finishedAt``: ``IsInBackOffSince(key, finishedAt)`` is false when there
is no entry, or when ``finishedAt - lastUpdate > 2 * 300 s`` (the container ran stably for 10
minutes: the entry has expired); then the container restarts at once and ``Next`` sets the entry
to 10 s (new or expired) or doubles it (capped). Otherwise the container waits in
``CrashLoopBackOff`` until ``finishedAt + backoff``, when ``Next`` doubles the entry. Net waits:
0, 10, 20, 40, 80, 160, 300, 300, ... seconds.

Pure; imports nothing from jobsim. Sources: kubernetes ``pkg/kubelet/kuberuntime/
kuberuntime_manager.go`` (``doBackOff``), ``pkg/kubelet/kubelet.go`` (``backOffPeriod``,
``MaxContainerBackOff``), client-go ``util/flowcontrol/backoff.go``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BACK_OFF_PERIOD", "MAX_CONTAINER_BACK_OFF", "ContainerBackoff"]

BACK_OFF_PERIOD: Final = 10.0
"""``backOffPeriod``: the first CrashLoopBackOff wait, in seconds."""
MAX_CONTAINER_BACK_OFF: Final = 300.0
"""``MaxContainerBackOff``: the cap, in seconds; an entry expires after twice this."""


class ContainerBackoff:
    """One container's ``flowcontrol.Backoff`` entry: the current period and its last update."""

    __slots__ = ("backoff", "last_update")

    def __init__(self) -> None:
        """Start without an entry (the first restart is immediate)."""
        self.backoff: float | None = None
        self.last_update = 0.0

    def _expired(self, event_time: float) -> bool:
        return event_time - self.last_update > 2 * MAX_CONTAINER_BACK_OFF

    def delay_after_exit(self, finished_at: float) -> float:
        """Return how long a container that exited at ``finished_at`` waits before its restart.

        Also advances the entry as the kubelet's ``Next`` does when the restart happens.
        """
        if self.backoff is None or self._expired(finished_at):
            self.backoff = BACK_OFF_PERIOD
            self.last_update = finished_at
            return 0.0
        wait = self.backoff
        self.backoff = min(wait * 2, MAX_CONTAINER_BACK_OFF)
        self.last_update = finished_at + wait
        return wait
