"""What happened to each pod, for timelines and reports: one :class:`PodRecord` per pod.

Owns the record the fake kubelet keeps per pod it saw: identity, owner Job and completion index,
node, the simulated times it was created, scheduled, started and finished, its final phase, exit
code and restarts. Plain data; imports nothing from jobsim.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PodRecord"]


@dataclass(slots=True)
class PodRecord:
    """One pod's life as the kubelet saw it; times are simulated seconds."""

    namespace: str
    name: str
    uid: str
    identity: str
    """The key of the pod's random stream (see ``jobsim.behavior.pod_rng``)."""
    job: str | None
    """The owning Job's name (controller ownerReference of kind Job), if any."""
    index: int | None
    """The completion index of an Indexed Job's pod."""
    created: float
    node: str = ""
    scheduled: float | None = None
    started: float | None = None
    """When the regular containers first started (the pod went ``Running``)."""
    finished: float | None = None
    """When the pod reached a terminal phase, or disappeared while live."""
    phase: str = "Pending"
    exit_code: int | None = None
    """The first non-zero exit code of the containers' last runs, else 0 (None: never ran)."""
    reason: str = ""
    """The terminated reason that goes with ``exit_code``."""
    restarts: int = 0
    deleted: bool = False
    """Whether the pod was deleted (or evicted) before it finished by itself."""

    @property
    def duration(self) -> float | None:
        """Seconds from start to finish, if both happened."""
        if self.started is None or self.finished is None:
            return None
        return self.finished - self.started
