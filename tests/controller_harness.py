"""A harness for calling ``JobController.sync_job`` once on a store state built by hand.

Like upstream's ``TestControllerSyncJob`` setup (``newControllerFromClient`` +
``setPodsStatuses`` + ``FakePodControl``): a real :class:`APIServer` holds the Job and
its pods, and a :class:`PodControlSpy` between the controller and the store records
every pod write the controller *attempts* (creates, deletes, patches/updates), can make
them fail (``err``) and can cap creations (``create_limit``), as ``FakePodControl``
does. The SimPy environment is never run: handlers only enqueue, so nothing happens
besides the one reconcile the test asks for.

Imports the store, the controller and the recorder; used only by tests.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

import simpy

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import JOB_TRACKING_FINALIZER, Job
from jobsim.api.core_v1 import Event, Pod
from jobsim.api.meta_v1 import DeleteOptions, Status
from jobsim.apiserver.interface import APIServerProtocol
from jobsim.apiserver.store import APIServer
from jobsim.clock import SimClock
from jobsim.controllers.job.backoff import BackoffRecord
from jobsim.controllers.job.controller import JobController
from jobsim.errors import APIError, new_internal_error
from jobsim.events import EventRecorder
from jobsim.workqueue import WorkQueue

__all__ = ["FAKE_ERROR", "Harness", "PodControlSpy", "SyncResult"]

FAKE_ERROR = "fake error"
"""The message of the injected pod-control error (upstream ``fmt.Errorf("fake error")``)."""

CONTAINERS = [{"name": "c", "image": "foo/bar"}]


class PodControlSpy:
    """Wraps the store; records (and optionally fails) the controller's pod writes."""

    def __init__(self, api: APIServer) -> None:
        self._api = api
        self.creates: list[Pod] = []
        self.deletes: list[str] = []
        self.patches: list[str] = []
        self.create_calls = 0
        self.create_limit = 0
        self.err: APIError | None = None

    def reset(self) -> None:
        """Forget what was recorded so far."""
        self.creates, self.deletes, self.patches = [], [], []
        self.create_calls = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self._api, name)

    def create(self, resource: Any, obj: Any, **kwargs: Any) -> K8sModel:
        """``FakePodControl.CreatePods``: count the call, record the template, maybe fail."""
        if resource == "pods":
            self.create_calls += 1
            if self.create_limit and self.create_calls > self.create_limit:
                raise new_internal_error(f"not creating pod, limit {self.create_limit} reached")
            self.creates.append(cast(Pod, obj))
            if self.err is not None:
                raise self.err
        return cast(K8sModel, self._api.create(resource, obj, **kwargs))

    def delete(self, resource: Any, name: str, **kwargs: Any) -> K8sModel | Status:
        """``FakePodControl.DeletePod``: record the name, maybe fail."""
        if resource == "pods":
            self.deletes.append(name)
            if self.err is not None:
                raise self.err
        return self._api.delete(resource, name, **kwargs)

    def _pod_write(self, obj: Any) -> None:
        name = obj.metadata.name if isinstance(obj, Pod) else str(obj)
        self.patches.append(name or "")
        if self.err is not None:
            raise self.err

    def replace(self, resource: Any, obj: Any, **kwargs: Any) -> K8sModel:
        """A pod update is a ``PatchPod`` for the fake pod control."""
        if resource == "pods":
            self._pod_write(obj)
        return cast(K8sModel, self._api.replace(resource, obj, **kwargs))

    def patch(self, resource: Any, name: str, body: Any, **kwargs: Any) -> K8sModel:
        """``FakePodControl.PatchPod``."""
        if resource == "pods":
            self._pod_write(name)
        return cast(K8sModel, self._api.patch(resource, name, body, **kwargs))


class RecordingQueue(WorkQueue[str]):
    """A work queue that remembers every ``add_after(key, delay)`` (``add`` is delay 0)."""

    def __init__(self, env: simpy.Environment) -> None:
        super().__init__(env, lambda _key: None)
        self.added: list[tuple[str, float]] = []

    def add_after(self, key: str, delay: float) -> None:
        """Record, then queue as usual."""
        self.added.append((key, delay))
        super().add_after(key, delay)


@dataclass
class SyncResult:
    """What one ``sync_job`` did: attempted pod writes, the stored Job, events, the error."""

    creates: list[Pod]
    deletes: list[str]
    patches: list[str]
    job: Job
    events: list[Event]
    error: APIError | None
    requeues: list[tuple[str, float]] = field(default_factory=list)

    @property
    def conditions(self) -> list[tuple[str, str, str, str]]:
        """``(type, status, reason, message)`` of every condition, in order."""
        return [
            (c.type, c.status, c.reason or "", c.message or "")
            for c in self.job.status.conditions or []
        ]


@dataclass
class Harness:
    """A store, a recorder and a Job controller on an environment that is never run."""

    start: float = 0.0
    env: simpy.Environment = field(init=False)
    clock: SimClock = field(init=False)
    api: APIServer = field(init=False)
    spy: PodControlSpy = field(init=False)
    ctrl: JobController = field(init=False)
    _pods: int = 0

    def __post_init__(self) -> None:
        self.env = simpy.Environment(initial_time=self.start)
        self.clock = SimClock(lambda: self.env.now)
        self.api = APIServer(clock=self.clock, rng=random.Random(0))
        self.spy = PodControlSpy(self.api)
        recorder = EventRecorder(self.api, self.clock, "job-controller")
        self.ctrl = JobController(self.env, cast(APIServerProtocol, self.spy), self.clock, recorder)

    def at(self, seconds: float) -> datetime:
        """The datetime of simulated ``seconds`` (whole seconds, as stored)."""
        return self.clock.to_datetime(seconds)

    # -- building the state ----------------------------------------------------------------------

    def create_job(
        self,
        name: str = "foobar",
        *,
        parallelism: int | None = None,
        completions: int | None = None,
        backoff_limit: int | None = 6,
        restart_policy: str = "Never",
        spec: Mapping[str, Any] | None = None,
        metadata: Mapping[str, Any] | None = None,
        template_labels: Mapping[str, str] | None = None,
    ) -> Job:
        """Create a Job through the API (selector generated unless ``spec`` says otherwise)."""
        body: dict[str, Any] = {
            "template": {
                "spec": {"containers": CONTAINERS, "restartPolicy": restart_policy},
            }
        }
        if template_labels is not None:
            body["template"]["metadata"] = {"labels": dict(template_labels)}
        if parallelism is not None:
            body["parallelism"] = parallelism
        if completions is not None:
            body["completions"] = completions
        if backoff_limit is not None:
            body["backoffLimit"] = backoff_limit
        body.update(spec or {})
        manifest = {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": name, **(metadata or {})},
            "spec": body,
        }
        return cast(Job, self.api.create("jobs", manifest, namespace="default"))

    def job(self, name: str = "foobar") -> Job:
        """The stored Job."""
        return cast(Job, self.api.get("jobs", name, namespace="default"))

    def set_job_status(self, name: str = "foobar", **status: Any) -> Job:
        """Write status fields (camelCase keys) through the status subresource."""
        job = self.job(name)
        data = job.to_dict()
        data["status"] = {**data.get("status", {}), **status}
        return cast(Job, self.api.replace_status("jobs", data))

    def delete_job(self, name: str = "foobar") -> Job:
        """Mark a Job (created with a finalizer) as being deleted."""
        self.api.delete("jobs", name, namespace="default", options=DeleteOptions())
        return self.job(name)

    def add_pods(
        self,
        job: Job,
        phase: str,
        count: int = 1,
        *,
        ready: bool = False,
        terminating: bool = False,
        index: str | None = None,
        finished_at: datetime | None = None,
        restarts: int = 0,
        owned: bool = True,
        labels: Mapping[str, str] | None = None,
        finalizer: bool = True,
    ) -> list[Pod]:
        """Create ``count`` pods of ``job`` in ``phase`` (upstream ``setPodsStatuses``)."""
        return [
            self._add_pod(
                job,
                phase,
                ready=ready,
                terminating=terminating,
                index=index,
                finished_at=finished_at,
                restarts=restarts,
                owned=owned,
                labels=labels,
                finalizer=finalizer,
            )
            for _ in range(count)
        ]

    def _add_pod(
        self,
        job: Job,
        phase: str,
        *,
        ready: bool,
        terminating: bool,
        index: str | None,
        finished_at: datetime | None,
        restarts: int,
        owned: bool,
        labels: Mapping[str, str] | None,
        finalizer: bool,
    ) -> Pod:
        self._pods += 1
        name = f"pod-{self._pods:03d}"
        template = job.spec.template.metadata
        meta: dict[str, Any] = {
            "name": name,
            "labels": dict(labels if labels is not None else (template.labels or {})),
        }
        if finalizer:
            meta["finalizers"] = [JOB_TRACKING_FINALIZER]
        if owned:
            meta["ownerReferences"] = [
                {
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "name": job.metadata.name,
                    "uid": job.metadata.uid,
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ]
        if index is not None:
            meta["annotations"] = {"batch.kubernetes.io/job-completion-index": index}
        manifest = {
            "apiVersion": "v1",
            "kind": "Pod",
            "metadata": meta,
            "spec": {"containers": CONTAINERS, "restartPolicy": "Never", "nodeName": "node-0"},
        }
        pod = cast(Pod, self.api.create("pods", manifest, namespace="default"))
        status = pod.to_dict().get("status", {})
        status["phase"] = phase
        if phase in ("Succeeded", "Failed"):
            finish = finished_at or (self.clock.epoch - timedelta(hours=1))
            status["containerStatuses"] = [
                {
                    "name": "c",
                    "image": "foo/bar",
                    "imageID": "",
                    "ready": False,
                    "restartCount": restarts,
                    "state": {
                        "terminated": {
                            "exitCode": 0 if phase == "Succeeded" else 1,
                            "finishedAt": finish.strftime("%Y-%m-%dT%H:%M:%SZ"),
                        }
                    },
                }
            ]
        elif restarts:
            status["containerStatuses"] = [
                {
                    "name": "c",
                    "image": "foo/bar",
                    "imageID": "",
                    "ready": ready,
                    "restartCount": restarts,
                    "state": {"running": {}},
                }
            ]
        if ready:
            status["conditions"] = [{"type": "Ready", "status": "True"}]
        pod = cast(Pod, self.api.replace_status("pods", {**pod.to_dict(), "status": status}))
        if terminating:
            self.api.delete("pods", name, namespace="default", options=DeleteOptions())
            pod = cast(Pod, self.api.get("pods", name, namespace="default"))
        return pod

    def set_backoff(self, failures: int, last_failure: datetime, name: str = "foobar") -> None:
        """Seed the pod-failure backoff record (``podBackoffStore.updateBackoffRecord``)."""
        self.ctrl.backoff_store[f"default/{name}"] = BackoffRecord(
            failures_after_last_success=failures, last_failure_time=last_failure
        )

    # -- running -----------------------------------------------------------------------------------

    def sync(self, name: str = "foobar") -> SyncResult:
        """Call ``sync_job`` once and report what it did."""
        key = f"default/{name}"
        self.spy.reset()
        queue = RecordingQueue(self.env)
        self.ctrl.queue = queue
        events_before = {e.metadata.name for e in self._events()}
        error: APIError | None = None
        try:
            self.ctrl.sync_job(key)
        except APIError as exc:
            error = exc
        return SyncResult(
            creates=list(self.spy.creates),
            deletes=list(self.spy.deletes),
            patches=list(self.spy.patches),
            job=self.job(name),
            events=[e for e in self._events() if e.metadata.name not in events_before],
            error=error,
            requeues=list(queue.added),
        )

    def _events(self) -> list[Event]:
        items = self.api.list("events", namespace="default").items
        events = [e for e in items if isinstance(e, Event)]
        return sorted(events, key=lambda e: int(e.metadata.resource_version or 0))
