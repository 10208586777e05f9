"""The Job controller's pod writes: create, delete, adopt, release, remove the finalizer.

Owns what upstream's ``PodControl`` and ``ClaimPods`` write for the Job controller: creating a
pod (``SuccessfulCreate``/``FailedCreate`` events), deleting one (``SuccessfulDelete``/
``FailedDelete``, optionally removing the tracking finalizer first as ``deleteJobPods`` does),
adopting an orphan (controller ownerReference and tracking finalizer), releasing a pod that no
longer matches (``ReleasePod``) and removing the tracking finalizer from the stored pod.
Functions of the store and the event recorder; must not import ``controller.py`` or ``sync.py``.

Source: ``pkg/controller/job/job_controller.go``, ``pkg/controller/controller_ref_manager.go``.
"""

from __future__ import annotations

from jobsim.api.batch_v1 import JOB_TRACKING_FINALIZER, Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import APIServerProtocol
from jobsim.controllers.job.manage import controller_ref
from jobsim.controllers.job.pod_utils import has_job_tracking_finalizer
from jobsim.errors import APIError
from jobsim.events import EventRecorder

__all__ = ["adopt_pod", "create_pod", "delete_pod", "release_pod", "remove_tracking_finalizer"]


def adopt_pod(api: APIServerProtocol, job: Job, pod: Pod) -> Pod | None:
    """Add ``job``'s controller ref and the tracking finalizer to ``pod``; None if that failed."""
    refs = [*(pod.metadata.owner_references or []), controller_ref(job)]
    finalizers = list(pod.metadata.finalizers or [])
    if JOB_TRACKING_FINALIZER not in finalizers:
        finalizers.append(JOB_TRACKING_FINALIZER)
    meta = pod.metadata.model_copy(update={"owner_references": refs, "finalizers": finalizers})
    try:
        stored = api.replace("pods", pod.model_copy(update={"metadata": meta}))
    except APIError:
        return None
    assert isinstance(stored, Pod)
    return stored


def release_pod(api: APIServerProtocol, pod: Pod, job: Job) -> None:
    """``ReleasePod``: drop this Job's ownerReference and the tracking finalizer."""
    refs = [r for r in pod.metadata.owner_references or [] if r.uid != job.metadata.uid]
    finalizers = [f for f in pod.metadata.finalizers or [] if f != JOB_TRACKING_FINALIZER]
    meta = pod.metadata.model_copy(
        update={"owner_references": refs or None, "finalizers": finalizers or None}
    )
    try:
        api.replace("pods", pod.model_copy(update={"metadata": meta}))
    except APIError:
        return


def create_pod(api: APIServerProtocol, recorder: EventRecorder, job: Job, pod: Pod) -> Pod:
    """Create a pod for ``job`` and record ``SuccessfulCreate`` (or ``FailedCreate``)."""
    try:
        created = api.create("pods", pod, namespace=job.metadata.namespace)
    except APIError as exc:
        recorder.event(job, "Warning", "FailedCreate", f"Error creating: {exc}")
        raise
    assert isinstance(created, Pod)
    recorder.event(job, "Normal", "SuccessfulCreate", f"Created pod: {created.metadata.name}")
    return created


def delete_pod(
    api: APIServerProtocol, recorder: EventRecorder, job: Job, pod: Pod, *, remove_finalizer: bool
) -> None:
    """Delete a pod (optionally removing the tracking finalizer first) and record it."""
    name = pod.metadata.name or ""
    namespace = pod.metadata.namespace
    if remove_finalizer and has_job_tracking_finalizer(pod):
        # Upstream ``deleteJobPods``: a failed finalizer patch skips the DELETE.
        remove_tracking_finalizer(api, pod, raise_errors=True)
    try:
        api.delete("pods", name, namespace=namespace, options=DeleteOptions())
    except APIError as exc:
        if exc.code != 404:
            recorder.event(job, "Warning", "FailedDelete", f"Error deleting: {exc}")
        raise
    recorder.event(job, "Normal", "SuccessfulDelete", f"Deleted pod: {name}")


def remove_tracking_finalizer(
    api: APIServerProtocol, pod: Pod, *, raise_errors: bool = False
) -> bool:
    """Remove the tracking finalizer from the stored ``pod``; True when it is gone (or the pod)."""
    # Upstream PATCHes ``$deleteFromPrimitiveList/finalizers`` (no resourceVersion
    # precondition): apply it to the stored pod, not to the possibly stale ``pod``.
    try:
        current = api.get("pods", pod.metadata.name or "", namespace=pod.metadata.namespace)
    except APIError as exc:
        if raise_errors and exc.code != 404:
            raise
        return exc.code == 404
    if not isinstance(current, Pod) or current.metadata.uid != pod.metadata.uid:
        return True
    if not has_job_tracking_finalizer(current):
        return True
    finalizers = [f for f in current.metadata.finalizers or [] if f != JOB_TRACKING_FINALIZER]
    meta = current.metadata.model_copy(update={"finalizers": finalizers or None})
    try:
        api.replace("pods", current.model_copy(update={"metadata": meta}))
    except APIError as exc:
        if raise_errors and exc.code != 404:
            raise
        return exc.code == 404
    return True
