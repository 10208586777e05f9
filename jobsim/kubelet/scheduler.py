"""Node choice for the fake kubelet, which also plays the scheduler.

Owns the simulated nodes (``node-0``, ``node-1``, ... or names given), their live-pod counts, the
optional pod capacity (``max_pods``, the kubelet's ``maxPods``), cordoning, and the
``Unschedulable`` message a pod gets when no node fits. Placement is round-robin over the nodes
that are schedulable and have room, starting after the last node chosen; there is no resource
model (requests are not counted). Without ``max_pods`` a choice costs O(1); with it, at most one
pass over the nodes.

Pure bookkeeping: imports nothing from jobsim. The unschedulable message follows the scheduler's
``FitError.Error`` (``pkg/scheduler/framework/types.go``: ``0/%v nodes are available: <counts>.``
plus the PostFilter message ``preemption: 0/%v nodes are available: <counts>.``), with the
``NodeResourcesFit`` reason ``Too many pods`` and the ``NodeUnschedulable`` reason
``node(s) were unschedulable``.
"""

from __future__ import annotations

from typing import Final

__all__ = ["TOO_MANY_PODS", "UNSCHEDULABLE_NODES", "NodePool"]

TOO_MANY_PODS: Final = "Too many pods"
UNSCHEDULABLE_NODES: Final = "node(s) were unschedulable"
_NO_VICTIMS: Final = "No preemption victims found for incoming pod"
_NOT_HELPFUL: Final = "Preemption is not helpful for scheduling"


class NodePool:
    """The simulated nodes: names, live pods per node, capacity and cordons."""

    __slots__ = ("_cordoned", "_index", "_live", "_next", "max_pods", "names")

    def __init__(self, nodes: int | list[str] = 1, *, max_pods: int | None = None) -> None:
        """``nodes`` is a count (``node-0`` ...) or a list of names; ``max_pods`` caps each node."""
        names = [f"node-{i}" for i in range(nodes)] if isinstance(nodes, int) else list(nodes)
        if not names:
            raise ValueError("a simulation needs at least one node")
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate node names in {names!r}")
        if max_pods is not None and max_pods < 1:
            raise ValueError(f"max_pods must be at least 1, got {max_pods}")
        self.names = names
        self.max_pods = max_pods
        self._index = {name: i for i, name in enumerate(names)}
        self._live = dict.fromkeys(names, 0)
        self._cordoned: set[str] = set()
        self._next = 0

    def index(self, node: str) -> int:
        """Return the node's number (nodes met only in pod specs are numbered on first sight)."""
        found = self._index.get(node)
        if found is None:
            found = self._index[node] = len(self._index)
            self._live.setdefault(node, 0)
        return found

    def live(self, node: str) -> int:
        """Return how many live (non-terminal) pods the node runs."""
        return self._live.get(node, 0)

    def _fits(self, node: str) -> bool:
        if node in self._cordoned:
            return False
        return self.max_pods is None or self._live[node] < self.max_pods

    def choose(self) -> str | None:
        """Return the next node with room, round-robin, or None if no node fits."""
        n = len(self.names)
        for step in range(n):
            node = self.names[(self._next + step) % n]
            if self._fits(node):
                self._next = (self._next + step + 1) % n
                return node
        return None

    def add(self, node: str) -> None:
        """Count a live pod on ``node``."""
        self.index(node)
        self._live[node] += 1

    def remove(self, node: str) -> None:
        """Forget a live pod on ``node`` (it finished or is gone)."""
        if self._live.get(node, 0) > 0:
            self._live[node] -= 1

    def cordon(self, node: str) -> None:
        """Mark ``node`` unschedulable (``kubectl cordon``)."""
        self._check(node)
        self._cordoned.add(node)

    def uncordon(self, node: str) -> None:
        """Make ``node`` schedulable again."""
        self._check(node)
        self._cordoned.discard(node)

    def _check(self, node: str) -> None:
        if node not in self._index or node not in self.names:
            raise KeyError(f"unknown node {node!r}; nodes are {self.names!r}")

    def unschedulable_message(self) -> str:
        """The ``PodScheduled=False`` message when no node fits, as the scheduler writes it."""
        n = len(self.names)
        cordoned = sum(1 for name in self.names if name in self._cordoned)
        full = n - cordoned
        filters = []
        post = []
        if full:
            filters.append(f"{full} {TOO_MANY_PODS}")
            post.append(f"{full} {_NO_VICTIMS}")
        if cordoned:
            filters.append(f"{cordoned} {UNSCHEDULABLE_NODES}")
            post.append(f"{cordoned} {_NOT_HELPFUL}")
        return (
            f"0/{n} nodes are available: {', '.join(sorted(filters))}. "
            f"preemption: 0/{n} nodes are available: {', '.join(sorted(post))}."
        )
