"""The TTL-after-finished controller: deletes finished Jobs once their TTL has passed.

Owns upstream ``pkg/controller/ttlafterfinished``: a Job with
``spec.ttlSecondsAfterFinished`` and a ``Complete``/``Failed=True`` condition is
deleted at ``finishTime + ttl`` (finish time = that condition's
``lastTransitionTime``) with ``propagationPolicy: Foreground`` and a UID
precondition, after re-reading it and checking again. Handlers only enqueue.
"""

from __future__ import annotations

import simpy

from jobsim.api.batch_v1 import Job
from jobsim.api.meta_v1 import DeleteOptions, Preconditions
from jobsim.apiserver.interface import APIServerProtocol, WatchEventRecord
from jobsim.clock import SimClock
from jobsim.errors import APIError
from jobsim.workqueue import WorkQueue

__all__ = ["TTLAfterFinishedController"]


class TTLAfterFinishedController:
    """Deletes finished Jobs ``ttlSecondsAfterFinished`` seconds after they finished."""

    def __init__(self, env: simpy.Environment, api: APIServerProtocol, clock: SimClock) -> None:
        self.api = api
        self.clock = clock
        self.queue: WorkQueue[tuple[str, str]] = WorkQueue(env, self._process)
        self.deleted: list[tuple[str, str]] = []
        self._watch = api.watch("jobs", handler=self._on_job_event)

    def stop(self) -> None:
        """Stop watching."""
        self._watch.stop()

    def _on_job_event(self, event: WatchEventRecord) -> None:
        job = event.object
        if event.type in ("ADDED", "MODIFIED") and isinstance(job, Job) and _needs_cleanup(job):
            self.queue.add((job.metadata.namespace or "", job.metadata.name or ""))

    def _remaining(self, job: Job) -> float | None:
        finished = job.finished_condition()
        ttl = job.spec.ttl_seconds_after_finished
        if finished is None or ttl is None or finished.last_transition_time is None:
            return None
        expire_at = self.clock.to_seconds(finished.last_transition_time) + ttl
        return expire_at - self.clock.now()

    def _process(self, key: tuple[str, str]) -> None:
        namespace, name = key
        try:
            job = self.api.get("jobs", name, namespace=namespace)
        except APIError:
            return
        if not isinstance(job, Job) or not _needs_cleanup(job):
            return
        remaining = self._remaining(job)
        if remaining is None:
            return
        if remaining > 0:
            self.queue.add_after(key, remaining)
            return
        options = DeleteOptions(
            propagation_policy="Foreground",
            preconditions=Preconditions(uid=job.metadata.uid),
        )
        try:
            self.api.delete("jobs", name, namespace=namespace, options=options)
        except APIError:
            return
        self.deleted.append(key)


def _needs_cleanup(job: Job) -> bool:
    """``needsCleanup``: TTL set, finished, and not already being deleted."""
    return (
        job.spec.ttl_seconds_after_finished is not None
        and job.is_finished()
        and job.metadata.deletion_timestamp is None
    )
