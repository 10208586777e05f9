"""The Job controller: informer handlers, work queues and the effects of a sync.

Owns what upstream ``Controller`` owns besides ``syncJob``: watching Jobs and
Pods (``addJob``/``updateJob``/``deleteJob``/``addPod``/``updatePod``/``deletePod``),
the work queue with immediate and batched (1 s, ``SyncJobBatchPeriod``)
enqueueing, expectations, the per-job pod failure backoff store, pod control
(create, delete, finalizer removal, adoption and release: ``pod_control.py``; the pod
indexes: ``pod_index.py``) and the orphan-pod finalizer cleanup. Handlers only enqueue;
all writes happen in syncs.

The one reconcile, ``sync_job``, lives in ``sync.py`` and can be called
directly (``controller.sync_job(("default", "pi"))``) on any store state, as
upstream's ``TestControllerSyncJob`` does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import simpy

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod, PodSpec
from jobsim.api.meta_v1 import OwnerReference
from jobsim.apiserver.interface import APIServerProtocol, WatchEventRecord
from jobsim.clock import SimClock
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job.backoff import BackoffRecord
from jobsim.controllers.job.expectations import ControllerExpectations, UIDTrackingExpectations
from jobsim.controllers.job.pod_control import (
    adopt_pod,
    create_pod,
    delete_pod,
    release_pod,
    remove_tracking_finalizer,
)
from jobsim.controllers.job.pod_index import PodIndex
from jobsim.controllers.job.pod_utils import has_job_tracking_finalizer
from jobsim.controllers.job.sync import sync_job
from jobsim.controllers.job.template import pod_spec_from_template
from jobsim.errors import APIError
from jobsim.events import EventRecorder
from jobsim.labels import Selector, selector_from_label_selector
from jobsim.workqueue import WorkQueue

__all__ = ["SYNC_JOB_BATCH_PERIOD", "JobController", "JobKey"]

JobKey = str
"""``namespace/name``: the work-queue key of a Job (upstream ``controller.KeyFunc``)."""

SYNC_JOB_BATCH_PERIOD = 1.0
"""``syncJobBatchPeriod``: pod events are batched into one sync one second later."""


class JobController:
    """The Job controller on the simulated clock (upstream ``pkg/controller/job``)."""

    def __init__(
        self,
        env: simpy.Environment,
        api: APIServerProtocol,
        clock: SimClock,
        recorder: EventRecorder,
        *,
        sync_batch_period: float = SYNC_JOB_BATCH_PERIOD,
    ) -> None:
        self.env = env
        self.api = api
        self.clock = clock
        self.recorder = recorder
        self.sync_batch_period = sync_batch_period
        self.expectations = ControllerExpectations()
        self.finalizer_expectations = UIDTrackingExpectations()
        self.backoff_store: dict[JobKey, BackoffRecord] = {}
        self.queue: WorkQueue[JobKey] = WorkQueue(env, self._process)
        self.orphan_queue: WorkQueue[tuple[str, str]] = WorkQueue(env, self._process_orphan)
        self._sync: Callable[[JobController, JobKey], None] = sync_job
        self.syncs = 0
        self._pods = PodIndex()
        """Owned pods in play by owner uid and orphans by namespace (upstream's pod indexers)."""
        self._watching = True
        for item in api.list("pods").items:
            if isinstance(item, Pod):
                self._pods.update(item, gone=False)
        self._watches = [
            api.watch("jobs", handler=self._on_job_event),
            api.watch("pods", handler=self._on_pod_event),
        ]

    # -- time ------------------------------------------------------------------------------------

    def now(self) -> datetime:
        """Simulated now, whole seconds (what ``metav1.Now()`` stores)."""
        return self.clock.now_time()

    def now_seconds(self) -> float:
        """Simulated now in seconds since the epoch (for expectations' TTL)."""
        return self.clock.now()

    # -- work ------------------------------------------------------------------------------------

    def sync_job(self, key: JobKey) -> None:
        """Run one reconcile of ``key`` now (``syncJob``)."""
        self.syncs += 1
        self._sync(self, key)

    def _process(self, key: JobKey) -> None:
        try:
            self.sync_job(key)
        except APIError:
            self.queue.add_rate_limited(key)
        else:
            self.queue.forget(key)

    def _process_orphan(self, key: tuple[str, str]) -> None:
        """``processNextOrphanPod``: errors requeue the pod with rate limiting."""
        try:
            self.sync_orphan_pod(key)
        except APIError:
            self.orphan_queue.add_rate_limited(key)
        else:
            self.orphan_queue.forget(key)

    def stop(self) -> None:
        """Stop watching (the queues drain on their own).

        Without watches the pod indexes go stale, so later syncs (e.g. a test calling
        ``sync_job`` directly on a store it fills by hand) read pods from the store.
        """
        for handle in self._watches:
            handle.stop()
        self._watching = False

    # -- reads -----------------------------------------------------------------------------------

    def get_job(self, namespace: str, name: str) -> Job | None:
        """The Job as the lister sees it, or ``None``."""
        try:
            job = self.api.get("jobs", name, namespace=namespace)
        except APIError:
            return None
        assert isinstance(job, Job)
        return job

    def _resolve_controller_ref(self, namespace: str, ref: OwnerReference) -> Job | None:
        if ref.kind != "Job":
            return None
        job = self.get_job(namespace, ref.name)
        if job is None or job.metadata.uid != ref.uid:
            return None
        return job

    def get_pods_for_job(self, job: Job) -> list[Pod]:
        """Owned pods, after adopting matching orphans and releasing non-matching pods.

        Upstream ``getPodsForJob``: pods controlled by this Job (owner index) plus the
        namespace's orphans, through ``ClaimPods``: owned pods that match the selector are
        kept; owned pods that no longer match are released (unless the Job is being
        deleted) and never returned; orphans that match are adopted (ownerReference and
        tracking finalizer added) unless the Job or the pod is being deleted.
        """
        uid = job.metadata.uid or ""
        selector = selector_from_label_selector(job.spec.selector)
        deleting = job.metadata.deletion_timestamp is not None
        result: list[Pod] = []
        for pod in self._owned_pods(uid):
            if selector.matches(pod.metadata.labels):
                result.append(pod)
            elif not deleting:
                release_pod(self.api, pod, job)
        if not deleting:
            result.extend(self._adopt_orphans(job, selector))
        return result

    def _owned_pods(self, uid: str) -> list[Pod]:
        if self._watching:
            return self._pods.owned(uid)
        return [p for p in self.api.pods_owned_by(uid) if isinstance(p, Pod)]

    def _orphan_names(self, namespace: str) -> list[str]:
        if self._watching:
            return self._pods.orphan_names(namespace)
        listed = self.api.list("pods", namespace=namespace).items
        return [
            p.metadata.name or ""
            for p in listed
            if isinstance(p, Pod) and p.metadata.controller_ref() is None
        ]

    def _adopt_orphans(self, job: Job, selector: Selector) -> list[Pod]:
        """``ClaimPods`` for orphans: adopt each matching, live orphan of the namespace."""
        namespace = job.metadata.namespace or ""
        adopted: list[Pod] = []
        for name in self._orphan_names(namespace):
            try:
                item = self.api.get("pods", name, namespace=namespace)
            except APIError:
                continue
            if not isinstance(item, Pod) or item.metadata.controller_ref() is not None:
                continue
            if item.metadata.deletion_timestamp is not None or not selector.matches(
                item.metadata.labels
            ):
                continue
            stored = adopt_pod(self.api, job, item)
            if stored is not None:
                adopted.append(stored)
        return adopted

    def template_spec(self, job: Job) -> PodSpec:
        """A copy of the Job's pod template spec that one new pod may modify in place."""
        return pod_spec_from_template(job.spec.template.spec)

    # -- writes ----------------------------------------------------------------------------------

    def update_job_status(self, ctx: object) -> None:
        """Write ``ctx.job.status`` through the status subresource (``updateStatusHandler``)."""
        job: Job = ctx.job  # type: ignore[attr-defined]
        sent = job.model_copy(
            update={
                "status": job.status.deep_copy(),
                "metadata": job.metadata.model_copy(),
            }
        )
        stored = self.api.replace_status("jobs", sent)
        assert isinstance(stored, Job)
        job.metadata = job.metadata.model_copy(
            update={"resource_version": stored.metadata.resource_version}
        )

    def create_pod(self, job: Job, pod: Pod) -> Pod:
        """Create a pod for ``job`` and record ``SuccessfulCreate`` (or ``FailedCreate``)."""
        return create_pod(self.api, self.recorder, job, pod)

    def delete_pod(self, job: Job, pod: Pod, *, remove_finalizer: bool) -> None:
        """Delete a pod (optionally removing the tracking finalizer first) and record it."""
        delete_pod(self.api, self.recorder, job, pod, remove_finalizer=remove_finalizer)

    def remove_tracking_finalizers(
        self, key: JobKey, pods: list[Pod]
    ) -> tuple[list[str], APIError | None]:
        """Remove the tracking finalizer from pods: the UIDs where it is gone, and an error.

        Upstream ``removeTrackingFinalizerFromPods``: a pod that is gone counts as done;
        any other failure clears that pod's expectation and is returned (the sync fails
        after flushing the partial progress).
        """
        uids = [p.metadata.uid or "" for p in pods]
        self.finalizer_expectations.expect_finalizers_removed(key, uids)
        removed: list[str] = []
        error: APIError | None = None
        for pod in pods:
            uid = pod.metadata.uid or ""
            try:
                done = remove_tracking_finalizer(self.api, pod, raise_errors=True)
            except APIError as exc:
                done, error = False, exc
            if done:
                removed.append(uid)
            else:
                self.finalizer_expectations.finalizer_removal_observed(key, uid)
        return removed, error

    # -- informer handlers (enqueue only) ---------------------------------------------------------

    def _enqueue_batched(self, job: Job) -> None:
        self.queue.add_after(_key(job), self.sync_batch_period)

    def _on_job_event(self, event: WatchEventRecord) -> None:
        job = event.object
        if not isinstance(job, Job):
            return
        key = _key(job)
        old = event.old_object
        if event.type == "ADDED":
            self.queue.add(key)
        elif event.type == "DELETED":
            self.queue.add(key)
            self._cleanup_pod_finalizers(job)
        elif event.type == "MODIFIED":
            if cond.is_job_finished(job):
                self._cleanup_pod_finalizers(job)
                return
            if isinstance(old, Job) and old.metadata.generation == job.metadata.generation:
                self._enqueue_batched(job)
            else:
                self.queue.add(key)
            if (
                isinstance(old, Job)
                and job.status.start_time is not None
                and job.spec.active_deadline_seconds is not None
                and job.spec.active_deadline_seconds != old.spec.active_deadline_seconds
            ):
                remaining = cond.active_deadline_requeue(job, self.clock.now_micro())
                if remaining is not None:
                    self.queue.add_after(key, remaining)

    def _cleanup_pod_finalizers(self, job: Job) -> None:
        for pod in self.api.pods_owned_by(job.metadata.uid or ""):
            if isinstance(pod, Pod) and has_job_tracking_finalizer(pod):
                self.orphan_queue.add((pod.metadata.namespace or "", pod.metadata.name or ""))

    def _on_pod_event(self, event: WatchEventRecord) -> None:
        pod = event.object
        if not isinstance(pod, Pod):
            return
        self._pods.update(pod, gone=event.type == "DELETED")
        if event.type == "DELETED":
            self._delete_pod(pod, final=True)
            return
        if pod.metadata.deletion_timestamp is not None:
            self._delete_pod(pod, final=False)
            return
        namespace = pod.metadata.namespace or ""
        ref = pod.metadata.controller_ref()
        old = event.old_object
        if isinstance(old, Pod) and old.metadata.resource_version == pod.metadata.resource_version:
            return  # a periodic resync: nothing changed (upstream ``updatePod``)
        finalizer_removed = not has_job_tracking_finalizer(pod)
        if isinstance(old, Pod):
            old_ref = old.metadata.controller_ref()
            if old_ref is not None and old_ref != ref:
                old_job = self._resolve_controller_ref(namespace, old_ref)
                if old_job is not None:
                    if finalizer_removed:
                        self.finalizer_expectations.finalizer_removal_observed(
                            _key(old_job), pod.metadata.uid or ""
                        )
                    self._enqueue_batched(old_job)
        if ref is not None:
            job = self._resolve_controller_ref(namespace, ref)
            if job is None:
                # Upstream ``addPod``/``updatePod`` return here: a pod controlled by something
                # other than a live Job is left alone until it is deleted (``deletePod``) or
                # its Job's deletion sweeps it (``cleanupPodFinalizers``).
                return
            if event.type == "ADDED":
                self.expectations.creation_observed(_key(job))
            elif finalizer_removed:
                self.finalizer_expectations.finalizer_removal_observed(
                    _key(job), pod.metadata.uid or ""
                )
            self._enqueue_batched(job)
            return
        if not finalizer_removed:
            self.orphan_queue.add((namespace, pod.metadata.name or ""))
        # Upstream ``addPod``/``updatePod``: an orphan (new, relabelled or just released)
        # wakes every Job whose selector matches it, so that one may adopt it.
        if not isinstance(old, Pod) or (
            old.metadata.labels != pod.metadata.labels or old.metadata.controller_ref() != ref
        ):
            for job in self._jobs_selecting(pod):
                self._enqueue_batched(job)

    def _jobs_selecting(self, pod: Pod) -> list[Job]:
        listed = self.api.list("jobs", namespace=pod.metadata.namespace)
        out: list[Job] = []
        for job in listed.items:
            if not isinstance(job, Job):
                continue
            if selector_from_label_selector(job.spec.selector).matches(pod.metadata.labels):
                out.append(job)
        return out

    def _delete_pod(self, pod: Pod, *, final: bool) -> None:
        ref = pod.metadata.controller_ref()
        namespace = pod.metadata.namespace or ""
        has_finalizer = has_job_tracking_finalizer(pod)
        if ref is None:
            if has_finalizer:
                self.orphan_queue.add((namespace, pod.metadata.name or ""))
            return
        job = self._resolve_controller_ref(namespace, ref)
        if job is None or cond.is_job_finished(job):
            if has_finalizer:
                self.orphan_queue.add((namespace, pod.metadata.name or ""))
            return
        key = _key(job)
        self.expectations.deletion_observed(key)
        if final or not has_finalizer:
            self.finalizer_expectations.finalizer_removal_observed(key, pod.metadata.uid or "")
        self._enqueue_batched(job)

    def sync_orphan_pod(self, key: tuple[str, str]) -> None:  # upstream ``syncOrphanPod``
        """Remove the tracking finalizer from a pod no live, unfinished Job owns (upstream's).

        A pod controlled by anything but a ``batch/v1`` Job keeps its finalizer; so does one
        whose Job is live, unfinished, or managed by an external controller.
        """
        namespace, name = key
        try:
            pod = self.api.get("pods", name, namespace=namespace)
        except APIError:
            return
        if not isinstance(pod, Pod) or not has_job_tracking_finalizer(pod):
            return
        ref = pod.metadata.controller_ref()
        if ref is not None:
            if ref.kind != "Job" or ref.api_version != "batch/v1":
                return
            job = self._resolve_controller_ref(namespace, ref)
            if job is not None and (
                job.spec.managed_by not in (None, "kubernetes.io/job-controller")
                or not cond.is_job_finished(job)
            ):
                return
        remove_tracking_finalizer(self.api, pod, raise_errors=True)


def _key(job: Job) -> JobKey:
    return f"{job.metadata.namespace or ''}/{job.metadata.name or ''}"
