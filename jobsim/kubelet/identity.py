"""Pod identities: the stable names of the pods' random streams.

Owns :class:`IdentityCounter`, which names each pod the kubelet sees, in creation order:

* a pod of a Job (controller ownerReference ``batch/*`` ``Job``) with a completion index:
  ``namespace/job/<index>/<attempt>``, where ``attempt`` counts the earlier pods of that index;
* another pod of a Job: ``namespace/job/<ordinal>/0``, where ``ordinal`` counts the earlier pods
  of that Job (by owner uid);
* any other pod (bare, or owned by something else): ``namespace/name``.

Counters are kept per owner uid and dropped by :meth:`IdentityCounter.forget_owner` when the Job
is deleted. Imports ``jobsim.api`` only.
"""

from __future__ import annotations

from typing import NamedTuple

from jobsim.api.batch_v1 import JOB_COMPLETION_INDEX_ANNOTATION
from jobsim.api.core_v1 import Pod

__all__ = ["IdentityCounter", "PodIdentity", "completion_index"]


class PodIdentity(NamedTuple):
    """A pod's stream key and the Job facts that went into it."""

    key: str
    job: str | None
    completion_index: int | None


def completion_index(pod: Pod) -> int | None:
    """The pod's completion index (annotation, else label), if it is a valid non-negative int."""
    meta = pod.metadata
    for source in (meta.annotations, meta.labels):
        value = (source or {}).get(JOB_COMPLETION_INDEX_ANNOTATION)
        if value is not None and value.isdigit() and (len(value) == 1 or value[0] != "0"):
            return int(value)
    return None


class IdentityCounter:
    """Names pods in creation order (see the module docstring)."""

    __slots__ = ("_by_index", "_by_owner")

    def __init__(self) -> None:
        """Start with no Job seen."""
        self._by_owner: dict[str, int] = {}
        self._by_index: dict[str, dict[int, int]] = {}

    def identify(self, pod: Pod) -> PodIdentity:
        """Return the identity of a newly created pod (counts it)."""
        meta = pod.metadata
        namespace, name = meta.namespace or "", meta.name or ""
        ref = meta.controller_ref()
        if ref is None or ref.kind != "Job" or not ref.api_version.startswith("batch/"):
            return PodIdentity(f"{namespace}/{name}", None, None)
        index = completion_index(pod)
        if index is not None:
            counts = self._by_index.setdefault(ref.uid, {})
            attempt = counts.get(index, 0)
            counts[index] = attempt + 1
            return PodIdentity(f"{namespace}/{ref.name}/{index}/{attempt}", ref.name, index)
        ordinal = self._by_owner.get(ref.uid, 0)
        self._by_owner[ref.uid] = ordinal + 1
        return PodIdentity(f"{namespace}/{ref.name}/{ordinal}/0", ref.name, None)

    def forget_owner(self, uid: str) -> None:
        """Drop the counters of a deleted owner."""
        self._by_owner.pop(uid, None)
        self._by_index.pop(uid, None)
