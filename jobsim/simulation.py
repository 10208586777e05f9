"""``Simulation``: one SimPy clock, the API server, the controllers and the kubelet, wired once.

Owns the public entry point of jobsim. Everything the simulation does goes
through ``sim.api`` (the in-memory API server); the Job controller, the garbage
collector, the TTL controller and the fake kubelet see each other only through
objects and watch events.

Controller latency (documented, as upstream): a Job's first sync runs at the
instant it is created; a sync caused by pod changes runs one second after the
change (``SyncJobBatchPeriod``), so a pod that finishes at *t* is replaced at
*t* + 1 s.
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import simpy

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.store import DEFAULT_EVENT_TTL, APIServer
from jobsim.behavior import BehaviorSet
from jobsim.clock import DEFAULT_EPOCH, SimClock
from jobsim.controllers.garbage_collector import GarbageCollector
from jobsim.controllers.job.controller import JobController
from jobsim.controllers.pod_gc import DEFAULT_TERMINATED_POD_GC_THRESHOLD, PodGCController
from jobsim.controllers.ttl_after_finished import TTLAfterFinishedController
from jobsim.duration import parse_duration
from jobsim.events import EventRecorder
from jobsim.kubelet import Kubelet, PodRecord
from jobsim.manifests import (
    Document,
    decode_document,
    expand_lists,
    load_file,
    load_text,
    names_a_file,
)

__all__ = ["DEFAULT_RUN_BOUND", "Simulation"]

DEFAULT_RUN_BOUND = 7 * 24 * 3600.0
"""``run()`` without ``until`` stops when every Job has finished, or after this long."""


class Simulation:
    """A simulated cluster: ``apply`` manifests, ``run``, then read the API, events and timeline."""

    def __init__(
        self,
        *,
        seed: int = 0,
        epoch: datetime | str = DEFAULT_EPOCH,
        behaviors: BehaviorSet | None = None,
        nodes: int = 1,
        record_events: bool = True,
        event_correlation: bool = True,
        terminated_pod_gc_threshold: int | None = DEFAULT_TERMINATED_POD_GC_THRESHOLD,
        event_ttl: float | None = DEFAULT_EVENT_TTL,
        keep_records: bool = True,
    ) -> None:
        """A new cluster at the epoch.

        ``event_correlation``: write Events through client-go's ``EventCorrelator``
        (aggregation, de-duplication, spam filter) as upstream does; ``False`` stores
        one Event per emitted event. ``terminated_pod_gc_threshold``: PodGC deletes the
        oldest terminated pods beyond this many (``None``/0: never); ``event_ttl``: seconds
        an Event lives after its last write (``None``: forever); ``keep_records``: keep one
        ``PodRecord`` per pod for ``timeline()`` (off for very long runs: memory then
        follows live pods only).
        """
        self.seed = seed
        self.env = simpy.Environment()
        self.clock = SimClock(lambda: self.env.now, epoch)
        self.api = APIServer(clock=self.clock, rng=random.Random(seed), event_ttl=event_ttl)
        self.behaviors = behaviors if behaviors is not None else BehaviorSet()
        self.recorder = EventRecorder(
            self.api,
            self.clock,
            "job-controller",
            enabled=record_events,
            correlate=event_correlation,
        )
        self.garbage_collector = GarbageCollector(self.api, env=self.env)
        self.job_controller = JobController(self.env, self.api, self.clock, self.recorder)
        self.ttl_controller = TTLAfterFinishedController(self.env, self.api, self.clock)
        self.kubelet = Kubelet(
            self.env,
            self.api,
            self.clock,
            self.behaviors,
            seed=seed,
            nodes=nodes,
            keep_records=keep_records,
        )
        self.pod_gc = PodGCController(
            self.env, self.api, terminated_pod_threshold=terminated_pod_gc_threshold
        )
        self._unfinished: set[str] = set()
        self._all_finished = self.env.event()
        self._watch = self.api.watch("jobs", handler=self._track_jobs)

    # -- input -----------------------------------------------------------------------------------

    def apply(self, source: str | Path | Mapping[str, Any] | K8sModel) -> list[K8sModel]:
        """Create the objects of a manifest: a path, YAML/JSON text, a dict or a model.

        Raises :class:`jobsim.manifests.ManifestError` for bad input and
        :class:`jobsim.errors.APIError` when the API server rejects an object.
        """
        if isinstance(source, K8sModel):
            return [self.api.create(type(source), source)]
        if isinstance(source, Mapping):
            docs = [_doc_from_mapping(source)]
        else:
            docs = load_file(source) if names_a_file(source) else load_text(str(source))
        # ``kind: List`` documents stand for their items, as kubectl reads them.
        objects = [decode_document(doc) for doc in expand_lists(docs)]
        return [self.api.create(type(obj), obj) for obj in objects]

    # -- running ---------------------------------------------------------------------------------

    @property
    def now(self) -> float:
        """Simulated seconds since the epoch."""
        return float(self.env.now)

    def run(self, until: float | str | None = None, *, bound: float | str | None = None) -> None:
        """Advance simulated time.

        ``until`` is an absolute simulated time (seconds or a Go duration such as
        ``"30m"``). Without it, run until every Job has finished, or until ``bound``
        (default one week) has passed, or until nothing is left to happen.
        """
        with _young_collections_only():
            self._run(until, bound)

    def _run(self, until: float | str | None, bound: float | str | None) -> None:
        if until is not None:
            target = parse_duration(until) if isinstance(until, str) else float(until)
            if target > self.env.now:
                self.env.run(until=target)
            return
        limit = DEFAULT_RUN_BOUND if bound is None else _seconds(bound)
        deadline = self.env.now + limit
        while self._unfinished and self.env.now < deadline:
            if self._all_finished.triggered:
                self._all_finished = self.env.event()
            stop = self.env.any_of([self._all_finished, self.env.timeout(deadline - self.env.now)])
            try:
                self.env.run(until=stop)
            except RuntimeError:  # nothing left to happen: no Job can make progress
                break
            if self._all_finished.triggered and self._unfinished:
                continue
            break

    def _track_jobs(self, event: WatchEventRecord) -> None:
        job = event.object
        if not isinstance(job, Job):
            return
        key = f"{job.metadata.namespace}/{job.metadata.name}"
        if event.type == "DELETED" or job.is_finished():
            self._unfinished.discard(key)
            if not self._unfinished and not self._all_finished.triggered:
                self._all_finished.succeed()
        else:
            self._unfinished.add(key)

    # -- output ----------------------------------------------------------------------------------

    def jobs(self, namespace: str | None = None) -> list[Job]:
        """Every Job (in one namespace, or all), ordered by namespace and name."""
        items = [j for j in self.api.list("jobs", namespace=namespace).items if isinstance(j, Job)]
        return sorted(items, key=lambda j: (j.metadata.namespace or "", j.metadata.name or ""))

    def job(self, name: str, namespace: str = "default") -> Job:
        """One Job by name."""
        job = self.api.get("jobs", name, namespace=namespace)
        assert isinstance(job, Job)
        return job

    def events(self, namespace: str | None = None) -> list[Event]:
        """Kubernetes Events, in the order they were first recorded."""
        items = self.api.list("events", namespace=namespace).items
        events = [e for e in items if isinstance(e, Event)]
        return sorted(events, key=lambda e: int(e.metadata.resource_version or 0))

    def timeline(self) -> list[PodRecord]:
        """One row per pod: namespace, job, pod, index, node, times, phase, exit code, restarts."""
        return self.kubelet.timeline()


RUN_GC_THRESHOLDS = (5000, 20, 1_000_000)
"""Collector thresholds while ``run()`` runs: young generations collected as usual (less often),
full collections practically never. A simulation keeps hundreds of thousands of long-lived,
acyclic objects (the store, the watch history); CPython's default full collections rescan them
over and over (about a quarter of the run time); garbage cycles are rare and young."""


@contextmanager
def _young_collections_only() -> Iterator[None]:
    """Use ``RUN_GC_THRESHOLDS`` inside the block (unless the collector is off); restore after."""
    if not gc.isenabled():
        yield
        return
    saved = gc.get_threshold()
    gc.set_threshold(*RUN_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*saved)


def _seconds(value: float | str) -> float:
    return parse_duration(value) if isinstance(value, str) else float(value)


def _doc_from_mapping(data: Mapping[str, Any]) -> Document:
    return Document(source="<dict>", index=0, line=1, data=dict(data))
