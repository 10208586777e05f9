"""The Job controller's pod indexes: owned pods still in play by owner uid, orphans by namespace.

Owns :class:`PodIndex`, what upstream's pod informer indexers give ``getPodsForJob``: the pods
a controller ownerReference points at, minus the settled ones (terminal and without the
tracking finalizer, hence already counted or never to be: no sync decision reads them), and
the pods without a controller ref per namespace (the candidates for adoption). A sync then
costs O(active + uncounted pods), not O(every pod the Job ever had). Fed by the controller's
pod watch handler; reads nothing from the store. Imports ``jobsim.api`` and ``pod_utils`` only.
"""

from __future__ import annotations

from jobsim.api.core_v1 import Pod
from jobsim.controllers.job.pod_utils import has_job_tracking_finalizer, is_pod_terminal

__all__ = ["PodIndex"]


class PodIndex:
    """Owned pods in play by controller uid, and orphan pod names by namespace."""

    def __init__(self) -> None:
        self._orphans: dict[str, dict[str, None]] = {}
        """Pods without a controller ref, by namespace (insertion-ordered names)."""
        self._in_play: dict[str, dict[str, Pod]] = {}
        """Owned, unsettled pods by controller uid, then by pod uid."""
        self._owner_of: dict[str, str] = {}

    def update(self, pod: Pod, *, gone: bool) -> None:
        """Index ``pod`` as it is now (``gone``: it was deleted from the store)."""
        self._index_orphan(pod, gone=gone)
        self._index_owned(pod, gone=gone)

    def owned(self, uid: str) -> list[Pod]:
        """The unsettled pods whose controller ownerReference has ``uid``."""
        return list(self._in_play.get(uid, {}).values())

    def orphan_names(self, namespace: str) -> list[str]:
        """The names of the pods in ``namespace`` without a controller ref."""
        return list(self._orphans.get(namespace, ()))

    def _index_owned(self, pod: Pod, *, gone: bool) -> None:
        uid = pod.metadata.uid or ""
        ref = pod.metadata.controller_ref()
        owner = ref.uid if ref is not None and not gone else None
        settled = is_pod_terminal(pod) and not has_job_tracking_finalizer(pod)
        previous = self._owner_of.pop(uid, None)
        if previous is not None:
            pods = self._in_play.get(previous)
            if pods is not None:
                pods.pop(uid, None)
                if not pods:
                    del self._in_play[previous]
        if owner is not None and not settled:
            self._in_play.setdefault(owner, {})[uid] = pod
            self._owner_of[uid] = owner

    def _index_orphan(self, pod: Pod, *, gone: bool) -> None:
        namespace = pod.metadata.namespace or ""
        name = pod.metadata.name or ""
        if gone or pod.metadata.controller_ref() is not None:
            names = self._orphans.get(namespace)
            if names is not None:
                names.pop(name, None)
        else:
            self._orphans.setdefault(namespace, {})[name] = None
