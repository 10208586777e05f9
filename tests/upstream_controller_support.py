"""Pod builders for the ``test_upstream_controller_*`` ports of upstream's Job controller tests.

Upstream builds pods with ``buildPod().uid(..).phase(..).index(..).trackingFinalizer()`` and
adds them to the informer; here :func:`add_pod` creates the same pod through the
:class:`~controller_harness.Harness` store (named, so FailJob messages can name it), writes the
given status, and optionally marks it as being deleted. :func:`age` moves the harness clock on,
so pods created earlier look old (upstream's fake pods have a zero ``creationTimestamp``, hence
no re-creation backoff). :func:`run_rows` builds a Job and its pods from a table row and syncs.
Used only by tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

import simpy
from controller_harness import CONTAINERS, Harness, SyncResult

from jobsim.api.batch_v1 import JOB_TRACKING_FINALIZER, Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions

__all__ = [
    "COMPLETION_INDEX",
    "FAILURE_COUNT",
    "OLD_FINISH",
    "add_pod",
    "age",
    "conditions",
    "status_of",
    "sync_row",
    "terminated",
]

COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index"
FAILURE_COUNT = "batch.kubernetes.io/job-index-failure-count"
OLD_FINISH = "0001-01-01T00:00:01Z"
"""Upstream ``testFinishedAt``: one second after Go's zero time, so no backoff applies."""

AGE = 3600.0
"""How far :func:`age` moves the clock: far beyond any re-creation backoff of a few failures."""


def terminated(
    exit_code: int = 0, name: str = "c", finished_at: str | None = OLD_FINISH
) -> dict[str, Any]:
    """A container status terminated with ``exit_code`` (``finishedAt`` omitted when None)."""
    state: dict[str, Any] = {"exitCode": exit_code}
    if finished_at is not None:
        state["finishedAt"] = finished_at
    return {
        "name": name,
        "image": "foo/bar",
        "imageID": "",
        "ready": False,
        "restartCount": 0,
        "state": {"terminated": state},
    }


def conditions(*types: str) -> list[dict[str, Any]]:
    """Pod conditions of the given types, all ``True``."""
    return [{"type": t, "status": "True"} for t in types]


def age(h: Harness, seconds: float = AGE) -> None:
    """Move the harness clock ``seconds`` on (a new, never-run environment at that time).

    The store and the controller read time through ``h.clock``, whose source is ``h.env.now``;
    ``Harness.sync`` builds its queue on ``h.env``.
    """
    h.env = simpy.Environment(initial_time=h.env.now + seconds)


def _pod_status(
    phase: str,
    container_statuses: Sequence[Mapping[str, Any]] | None,
    init_container_statuses: Sequence[Mapping[str, Any]] | None,
    pod_conditions: Sequence[Mapping[str, Any]] | None,
    restart_count: int | None,
) -> dict[str, Any]:
    status: dict[str, Any] = {"phase": phase}
    if container_statuses is not None:
        status["containerStatuses"] = [dict(s) for s in container_statuses]
    elif restart_count is not None:
        status["containerStatuses"] = [
            {
                "name": "c",
                "image": "foo/bar",
                "imageID": "",
                "ready": False,
                "restartCount": restart_count,
                "state": {"running": {}},
            }
        ]
    elif phase in ("Succeeded", "Failed"):
        status["containerStatuses"] = [terminated(0 if phase == "Succeeded" else 1)]
    if init_container_statuses is not None:
        status["initContainerStatuses"] = [dict(s) for s in init_container_statuses]
    if pod_conditions is not None:
        status["conditions"] = [dict(c) for c in pod_conditions]
    return status


def add_pod(
    h: Harness,
    job: Job,
    phase: str,
    *,
    name: str | None = None,
    index: str | None = None,
    failure_count: str | None = None,
    finalizer: bool = True,
    deleting: bool = False,
    owned: bool = True,
    labels: Mapping[str, str] | None = None,
    container_statuses: Sequence[Mapping[str, Any]] | None = None,
    init_container_statuses: Sequence[Mapping[str, Any]] | None = None,
    pod_conditions: Sequence[Mapping[str, Any]] | None = None,
    restart_count: int | None = None,
) -> Pod:
    """Create one pod of ``job`` in ``phase`` (upstream ``buildPod()...`` + informer ``Add``).

    Terminal pods get a container terminated at ``testFinishedAt`` unless statuses are given.
    """
    h._pods += 1
    meta: dict[str, Any] = {
        "name": name or f"pod-{h._pods:03d}",
        "labels": dict(labels if labels is not None else (job.spec.template.metadata.labels or {})),
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
    annotations: dict[str, str] = {}
    if index is not None:
        annotations[COMPLETION_INDEX] = index
    if failure_count is not None:
        annotations[FAILURE_COUNT] = failure_count
    if annotations:
        meta["annotations"] = annotations
    manifest = {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": meta,
        "spec": {"containers": CONTAINERS, "restartPolicy": "Never", "nodeName": "node-0"},
    }
    pod = cast(Pod, h.api.create("pods", manifest, namespace="default"))
    status = _pod_status(
        phase, container_statuses, init_container_statuses, pod_conditions, restart_count
    )
    pod = cast(Pod, h.api.replace_status("pods", {**pod.to_dict(), "status": status}))
    if deleting:
        h.api.delete("pods", pod.metadata.name or "", namespace="default", options=DeleteOptions())
        pod = cast(Pod, h.api.get("pods", pod.metadata.name or "", namespace="default"))
    return pod


def sync_row(
    spec: Mapping[str, Any],
    pods: Sequence[Mapping[str, Any]],
    status: Mapping[str, Any] | None = None,
) -> SyncResult:
    """Create Job ``foobar`` with ``spec`` (and ``status``), its pods, and sync it once.

    Pods are named ``mypod-<i>`` in order (upstream ``podBuilder.name``); ``phase`` is required
    in each pod mapping, the other keys are :func:`add_pod` options. Pods are created, then the
    clock is aged (upstream's pods have a zero ``creationTimestamp``), then pods with
    ``deleting`` are marked as being deleted now.
    """
    h = Harness()
    body = dict(spec)
    job = h.create_job(
        parallelism=body.pop("parallelism", None),
        completions=body.pop("completions", None),
        backoff_limit=body.pop("backoffLimit", 6),
        spec=body,
    )
    if status:
        job = h.set_job_status(**status)
    deleting: list[Pod] = []
    for i, row in enumerate(pods):
        options = dict(row)
        phase = options.pop("phase")
        wants_delete = options.pop("deleting", False)
        pod = add_pod(h, job, phase, name=f"mypod-{i}", **options)
        if wants_delete:
            deleting.append(pod)
    age(h)
    for pod in deleting:
        h.api.delete("pods", pod.metadata.name or "", namespace="default", options=DeleteOptions())
    return h.sync()


def status_of(result: SyncResult) -> dict[str, Any]:
    """The counters of the written status that upstream's tables compare."""
    status = result.job.status
    return {
        "active": status.active,
        "succeeded": status.succeeded,
        "failed": status.failed,
        "terminating": status.terminating,
        "completedIndexes": status.completed_indexes or "",
        "failedIndexes": status.failed_indexes,
    }


def sync_on_failure_row(setup: tuple[Any, ...]) -> SyncResult:
    """One ``TestJobBackoffForOnFailure`` row: an OnFailure Job with pods that restarted.

    ``setup`` is (parallelism, completions, backoffLimit, suspend, restart counts, phase):
    one pod per restart count in that phase (a Succeeded pod has no restarts), aged so that
    no re-creation delay applies, then one sync.
    """
    parallelism, completions, limit, suspend, restarts, phase = setup
    h = Harness()
    job = h.create_job(
        parallelism=parallelism,
        completions=completions,
        backoff_limit=limit,
        restart_policy="OnFailure",
        spec={"suspend": suspend},
    )
    for count in restarts:
        if phase == "Succeeded":
            add_pod(h, job, phase)
        else:
            add_pod(h, job, phase, restart_count=count)
    age(h)
    return h.sync()
