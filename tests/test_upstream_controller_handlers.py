"""We test these aspects: which Jobs the pod and Job informer handlers enqueue and with what delay
(pod added, updated, relabelled, re-owned, released, deleted; orphans; lookups across
namespaces), ``get_pods_for_job`` adoption and release, and the orphan-pod finalizer cleanup
(``sync_orphan_pod`` by owner kind, the orphan worker, the cleanup when a Job finishes).

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``: ``TestAddPod``,
``TestAddPodOrphan``, ``TestUpdatePod``, ``TestUpdatePodOrphanWithNewLabels``,
``TestUpdatePodChangeControllerRef``, ``TestUpdatePodRelease``, ``TestDeletePod``,
``TestDeletePodOrphan``, ``TestJobPodLookup``, ``TestWatchJobs``, ``TestWatchPods``,
``TestGetPodsForJob``, ``TestSyncOrphanPod``, ``TestWatchOrphanPods``, ``TestFinalizerCleanup``
(case names kept as row ids). Upstream calls the handlers with hand-made old/new objects; here
the same changes are written to the store, whose watch runs the handlers synchronously, and a
recording queue captures every ``(key, delay)``. Upstream's Jobs select ``foo=bar``, so the
Jobs here use ``manualSelector``; Go's ``test_job`` is spelled ``test-job`` (DNS names).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import pytest
from controller_harness import CONTAINERS, Harness, RecordingQueue

from jobsim.api.batch_v1 import JOB_TRACKING_FINALIZER, Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.controllers.job.pod_utils import has_job_tracking_finalizer
from jobsim.errors import APIError

FOO_BAR = {"foo": "bar"}
BATCH = 1.0
"""``syncJobBatchPeriod``: pod events enqueue their Job this much later."""


def _job(
    h: Harness,
    name: str,
    selector: Mapping[str, str] = FOO_BAR,
    meta: Mapping[str, Any] | None = None,
) -> Job:
    """Upstream ``newJob(1, 1, 6, NonIndexed)`` named ``name``, selecting ``selector``."""
    return h.create_job(
        name,
        parallelism=1,
        completions=1,
        spec={"manualSelector": True, "selector": {"matchLabels": dict(selector)}},
        template_labels=dict(selector),
        metadata=meta,
    )


def _owner(job: Job, *, controller: bool = True) -> dict[str, Any]:
    """``metav1.NewControllerRef(job, controllerKind)`` (or a plain owner reference)."""
    ref: dict[str, Any] = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "name": job.metadata.name,
        "uid": job.metadata.uid,
    }
    if controller:
        ref.update(controller=True, blockOwnerDeletion=True)
    return ref


def _pod(
    h: Harness,
    name: str,
    *,
    owners: list[dict[str, Any]] | None = None,
    labels: Mapping[str, str] | None = FOO_BAR,
    finalizer: bool = False,
    namespace: str = "default",
    phase: str | None = None,
) -> Pod:
    """Create one pod with a single write (one ADDED event), like upstream ``newPod``."""
    meta: dict[str, Any] = {"name": name, "namespace": namespace}
    if labels:
        meta["labels"] = dict(labels)
    if owners:
        meta["ownerReferences"] = owners
    if finalizer:
        meta["finalizers"] = [JOB_TRACKING_FINALIZER]
    manifest: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {"containers": CONTAINERS, "restartPolicy": "Never"},
    }
    if phase is not None:
        manifest["status"] = {"phase": phase}
    return cast(Pod, h.api.create("pods", manifest, namespace=namespace))


def _replace_meta(h: Harness, pod: Pod, **update: Any) -> Pod:
    """Write ``pod`` back with metadata fields replaced (one MODIFIED event)."""
    current = cast(
        Pod, h.api.get("pods", pod.metadata.name or "", namespace=pod.metadata.namespace)
    )
    data = current.to_dict()
    for key, value in update.items():
        if value is None:
            data["metadata"].pop(key, None)
        else:
            data["metadata"][key] = value
    return cast(Pod, h.api.replace("pods", data))


def _recording(h: Harness) -> RecordingQueue:
    """Swap in a queue that records every ``(key, delay)`` the handlers ask for."""
    queue = RecordingQueue(h.env)
    h.ctrl.queue = queue
    return queue


# -- TestAddPod / TestUpdatePod / TestDeletePod ----------------------------------------------------


def test_add_pod() -> None:
    """A new pod enqueues its controlling Job, batched (``TestAddPod``)."""
    h = Harness()
    job1, job2 = _job(h, "job1"), _job(h, "job2")
    queue = _recording(h)
    _pod(h, "pod1", owners=[_owner(job1)])
    assert queue.added == [("default/job1", BATCH)]
    _pod(h, "pod2", owners=[_owner(job2)])
    assert queue.added[1:] == [("default/job2", BATCH)]


def test_add_pod_orphan() -> None:
    """A new orphan enqueues every Job whose selector matches it (``TestAddPodOrphan``)."""
    h = Harness()
    _job(h, "job1"), _job(h, "job2"), _job(h, "job3", {"other": "labels"})
    queue = _recording(h)
    _pod(h, "pod1")
    assert sorted(queue.added) == [("default/job1", BATCH), ("default/job2", BATCH)]


def test_update_pod() -> None:
    """A changed pod enqueues its controlling Job, batched (``TestUpdatePod``)."""
    h = Harness()
    job1, job2 = _job(h, "job1"), _job(h, "job2")
    pod1 = _pod(h, "pod1", owners=[_owner(job1)])
    pod2 = _pod(h, "pod2", owners=[_owner(job2)])
    queue = _recording(h)
    _replace_meta(h, pod1, annotations={"bump": "1"})
    assert queue.added == [("default/job1", BATCH)]
    _replace_meta(h, pod2, annotations={"bump": "1"})
    assert queue.added[1:] == [("default/job2", BATCH)]


def test_update_pod_orphan_with_new_labels() -> None:
    """An orphan relabelled to match enqueues every matching Job (upstream's test of that name)."""
    h = Harness()
    _job(h, "job1"), _job(h, "job2")
    pod1 = _pod(h, "pod1", labels={"foo2": "bar2"})
    queue = _recording(h)
    _replace_meta(h, pod1, labels=dict(FOO_BAR))
    assert sorted(queue.added) == [("default/job1", BATCH), ("default/job2", BATCH)]


def test_update_pod_orphan_without_changes_enqueues_nothing() -> None:
    """An orphan whose labels and owner did not change wakes no Job (upstream ``updatePod``)."""
    h = Harness()
    _job(h, "job1")
    pod1 = _pod(h, "pod1")
    queue = _recording(h)
    _replace_meta(h, pod1, annotations={"bump": "1"})
    assert queue.added == []


def test_update_pod_change_controller_ref() -> None:
    """A pod moved to another controller enqueues old and new Job (upstream's test)."""
    h = Harness()
    job1, job2 = _job(h, "job1"), _job(h, "job2")
    pod1 = _pod(h, "pod1", owners=[_owner(job2)])
    queue = _recording(h)
    _replace_meta(h, pod1, ownerReferences=[_owner(job1)])
    assert sorted(queue.added) == [("default/job1", BATCH), ("default/job2", BATCH)]


def test_update_pod_release() -> None:
    """A pod losing its controller ref enqueues every matching Job to adopt it (upstream's)."""
    h = Harness()
    job1 = _job(h, "job1")
    _job(h, "job2")
    pod1 = _pod(h, "pod1", owners=[_owner(job1)])
    queue = _recording(h)
    _replace_meta(h, pod1, ownerReferences=None)
    # job1 once as the old controller, then both as matching Jobs for the now-orphan pod.
    assert sorted(set(queue.added)) == [("default/job1", BATCH), ("default/job2", BATCH)]


def test_delete_pod() -> None:
    """A deleted pod enqueues its controlling Job, batched (``TestDeletePod``)."""
    h = Harness()
    job1, job2 = _job(h, "job1"), _job(h, "job2")
    _pod(h, "pod1", owners=[_owner(job1)])
    _pod(h, "pod2", owners=[_owner(job2)])
    queue = _recording(h)
    # An unscheduled pod is deleted in two steps (deletionTimestamp, then gone): two batched
    # requests for the same key, which the queue folds into one sync.
    h.api.delete("pods", "pod1", namespace="default", options=DeleteOptions())
    assert set(queue.added) == {("default/job1", BATCH)}
    queue.added.clear()
    h.api.delete("pods", "pod2", namespace="default", options=DeleteOptions())
    assert set(queue.added) == {("default/job2", BATCH)}


def test_delete_pod_orphan() -> None:
    """A deleted orphan enqueues no Job at all (``TestDeletePodOrphan``)."""
    h = Harness()
    _job(h, "job1"), _job(h, "job2"), _job(h, "job3", {"other": "labels"})
    _pod(h, "pod1")
    queue = _recording(h)
    h.api.delete("pods", "pod1", namespace="default", options=DeleteOptions())
    assert queue.added == []
    assert len(h.ctrl.orphan_queue) == 0


def test_add_pod_controlled_by_missing_job_is_left_alone() -> None:
    """A pod whose controller Job is gone is neither synced nor cleaned on add (``addPod``)."""
    h = Harness()
    gone = {**_owner(_job(h, "job1")), "uid": "111"}
    queue = _recording(h)
    _pod(h, "pod1", owners=[gone], finalizer=True)
    assert queue.added == []
    assert len(h.ctrl.orphan_queue) == 0


# -- TestJobPodLookup (getPodJobs, through the orphan-pod handler) ---------------------------------


@pytest.mark.parametrize(
    ("job_ns", "pod_ns", "pod_labels", "selector", "want"),
    [
        ("default", "default", None, {"matchLabels": FOO_BAR}, []),
        ("default", "ns", FOO_BAR, {"matchLabels": FOO_BAR}, []),
        (
            "ns",
            "ns",
            FOO_BAR,
            {"matchExpressions": [{"key": "foo", "operator": "In", "values": ["bar"]}]},
            ["ns/bar"],
        ),
    ],
    ids=[
        "pods without labels don't match any job",
        "matching labels, different namespace",
        "matching ns and labels returns",
    ],
)
def test_job_pod_lookup(
    job_ns: str,
    pod_ns: str,
    pod_labels: dict[str, str] | None,
    selector: dict[str, Any],
    want: list[str],
) -> None:
    """An orphan wakes only Jobs of its namespace whose selector matches its labels."""
    h = Harness()
    h.api.create(
        "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "ns"}}
    )
    h.api.create(
        "jobs",
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "bar", "namespace": job_ns},
            "spec": {
                "manualSelector": True,
                "selector": selector,
                "template": {
                    "metadata": {"labels": FOO_BAR},
                    "spec": {"containers": CONTAINERS, "restartPolicy": "Never"},
                },
            },
        },
        namespace=job_ns,
    )
    queue = _recording(h)
    _pod(h, "foo", labels=pod_labels, namespace=pod_ns)
    assert [key for key, _ in queue.added] == want


# -- TestWatchJobs / TestWatchPods -----------------------------------------------------------------


def test_watch_jobs() -> None:
    """A new Job reaches the sync at once (``TestWatchJobs``: the watch feeds the queue)."""
    h = Harness()
    queue = _recording(h)
    h.create_job("foo")
    assert queue.added == [("default/foo", 0.0)]


def test_watch_pods() -> None:
    """A pod of a Job turning up Failed reaches that Job's sync, batched (``TestWatchPods``)."""
    h = Harness()
    job = h.create_job(parallelism=2, completions=2)
    queue = _recording(h)
    _pod(h, "pod-a", owners=[_owner(job)], labels=job.spec.template.metadata.labels, phase="Failed")
    assert queue.added == [("default/foobar", BATCH)]


# -- TestGetPodsForJob -----------------------------------------------------------------------------

# name: (job deleting, pods as (name, owner: "job"|"other"|None, labels?, finalizer))
#       -> (wanted pods, wanted pods with the finalizer)
GET_PODS_CASES: dict[
    str, tuple[tuple[bool, list[tuple[str, str | None, bool, bool]]], tuple[list[str], list[str]]]
] = {
    "only matching": (
        (
            False,
            [
                ("pod1", "job", True, True),
                ("pod2", "other", True, False),
                ("pod3", None, False, False),
                ("pod4", "job", True, False),
            ],
        ),
        (["pod1", "pod4"], ["pod1"]),
    ),
    "adopt": (
        (
            False,
            [
                ("pod1", "job", True, False),
                ("pod2", None, True, False),
                ("pod3", "other", True, False),
            ],
        ),
        (["pod1", "pod2"], ["pod2"]),
    ),
    "no adopt when deleting": (
        (True, [("pod1", "job", True, False), ("pod2", None, True, False)]),
        (["pod1"], []),
    ),
    # jobsim has no informer cache: the Job it passes is the stored one, so this is the row above.
    "no adopt when deleting race": (
        (True, [("pod1", "job", True, False), ("pod2", None, True, False)]),
        (["pod1"], []),
    ),
    "release": (
        (False, [("pod1", "job", True, False), ("pod2", "job", False, False)]),
        (["pod1"], []),
    ),
}


@pytest.mark.parametrize(("setup", "want"), list(GET_PODS_CASES.values()), ids=list(GET_PODS_CASES))
def test_get_pods_for_job(
    setup: tuple[bool, list[tuple[str, str | None, bool, bool]]],
    want: tuple[list[str], list[str]],
) -> None:
    """Owned matching pods are kept, orphans adopted (with the finalizer), others released."""
    deleting, rows = setup
    h = Harness()
    meta = {"finalizers": ["example.com/hold"]} if deleting else {}
    job = _job(h, "test-job", meta=meta)
    other = _job(h, "other-job")
    owners = {"job": job, "other": other}
    for name, owner, labelled, finalizer in rows:
        _pod(
            h,
            name,
            owners=[_owner(owners[owner])] if owner else None,
            labels=FOO_BAR if labelled else None,
            finalizer=finalizer,
        )
    if deleting:
        job = h.delete_job("test-job")
    pods = h.ctrl.get_pods_for_job(job)
    got = sorted(p.metadata.name or "" for p in pods)
    with_finalizer = sorted(p.metadata.name or "" for p in pods if has_job_tracking_finalizer(p))
    assert (got, with_finalizer) == want


def test_get_pods_for_job_release_drops_owner_and_finalizer_in_store() -> None:
    """A released pod loses this Job's ownerReference and tracking finalizer (``ReleasePod``)."""
    h = Harness()
    job = _job(h, "test-job")
    _pod(h, "pod2", owners=[_owner(job)], labels=None, finalizer=True)
    h.ctrl.get_pods_for_job(job)
    stored = cast(Pod, h.api.get("pods", "pod2", namespace="default"))
    assert (stored.metadata.owner_references, stored.metadata.finalizers) == (None, None)


# -- TestSyncOrphanPod -----------------------------------------------------------------------------

# name: (owner kind: api version, kind, controller; job state: None | "running" | "finished")
#       -> finalizer removed
ORPHAN_CASES: dict[str, tuple[tuple[tuple[str, str, bool] | None, str | None], bool]] = {
    "controlled_by_existing_running_job": ((("batch/v1", "Job", True), "running"), False),
    "controlled_by_existing_finished_job": ((("batch/v1", "Job", True), "finished"), True),
    "controlled_by_non_existing_job": ((("batch/v1", "Job", True), None), True),
    "controlled_by_cronjob": ((("batch/v1", "CronJob", True), None), False),
    "not_controlled": ((None, None), True),
    "controlled_by_custom_crd": ((("example/v1", "Job", True), None), False),
    "owned_by_existing_running_job": ((("batch/v1", "Job", False), "running"), True),
    "owned_by_custom_crd": ((("example/v1", "Job", False), None), True),
}


def _finish(h: Harness, name: str) -> Job:
    """Mark the Job Complete (with the fields status validation asks for)."""
    now = h.clock.rfc3339(h.clock.now())
    return h.set_job_status(
        name,
        startTime=now,
        completionTime=now,
        succeeded=2,
        conditions=[
            {"type": "SuccessCriteriaMet", "status": "True", "lastTransitionTime": now},
            {"type": "Complete", "status": "True", "lastTransitionTime": now},
        ],
    )


@pytest.mark.parametrize(
    ("setup", "want_removed"), list(ORPHAN_CASES.values()), ids=list(ORPHAN_CASES)
)
def test_sync_orphan_pod(
    setup: tuple[tuple[str, str, bool] | None, str | None], want_removed: bool
) -> None:
    """The orphan worker removes the finalizer unless a live Job or a non-Job controls the pod."""
    owner, job_state = setup
    h = Harness()
    ref: dict[str, Any] | None = None
    if job_state is not None:
        job = h.create_job("j", parallelism=2, completions=2)
        if job_state == "finished":
            _finish(h, "j")
        ref = _owner(job, controller=owner is not None and owner[2])
    if owner is not None:
        api_version, kind, controller = owner
        ref = ref or {"name": "j", "uid": "111"}
        ref.update(apiVersion=api_version, kind=kind)
        if controller:
            ref.update(controller=True, blockOwnerDeletion=True)
    pod = _pod(h, "orphan", owners=[ref] if ref else None, labels=None, finalizer=True)
    h.api.delete("pods", "orphan", namespace="default", options=DeleteOptions())
    h.ctrl.sync_orphan_pod(("default", "orphan"))
    try:
        stored = cast(Pod, h.api.get("pods", "orphan", namespace="default"))
    except APIError:
        removed = True  # no finalizer left: the deletion completed
    else:
        assert stored.metadata.uid == pod.metadata.uid
        removed = not has_job_tracking_finalizer(stored)
    assert removed is want_removed


# -- TestWatchOrphanPods / TestFinalizerCleanup ----------------------------------------------------


@pytest.mark.parametrize("case", ["job_does_not_exist", "orphan", "job_finished"])
def test_watch_orphan_pods(case: str) -> None:
    """A deleted pod with the finalizer and no live unfinished Job loses it via the orphan queue."""
    h = Harness()
    owners: list[dict[str, Any]] | None = None
    if case == "job_does_not_exist":
        owners = [{**_owner(h.create_job("gone")), "uid": "111"}]  # a Job of that name, not uid
    elif case == "job_finished":
        owners = [_owner(h.create_job("done", parallelism=2, completions=2))]
        _finish(h, "done")
    _pod(h, case.replace("_", "-"), owners=owners, labels=None, finalizer=True)
    h.api.delete("pods", case.replace("_", "-"), namespace="default", options=DeleteOptions())
    h.env.run(until=h.env.now + 5)
    with pytest.raises(APIError):
        h.api.get("pods", case.replace("_", "-"), namespace="default")


def test_finalizer_cleanup() -> None:
    """A Job turning finished makes the controller strip its pods' finalizers (upstream's test)."""
    h = Harness()
    job = h.create_job(parallelism=1, completions=1, backoff_limit=1)
    _pod(
        h,
        "test-pod",
        owners=[_owner(job)],
        labels=job.spec.template.metadata.labels,
        finalizer=True,
    )
    _finish(h, "foobar")
    h.env.run(until=h.env.now + 5)
    stored = cast(Pod, h.api.get("pods", "test-pod", namespace="default"))
    assert not has_job_tracking_finalizer(stored)
