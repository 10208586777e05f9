"""We test these aspects: DELETE and DELETECOLLECTION in the in-memory apiserver.

Return values (``Status{Success}`` for Jobs, the object for Pods, the still-existing
object when finalizers or a grace period keep it), pod grace periods (request, spec,
forced to 0 when unscheduled or terminal, only ever shortened), finalizers keeping the
object with ``deletionTimestamp``, the GC finalizers chosen from propagationPolicy /
orphanDependents / existing finalizers / the batch/v1 Job Orphan default and its
warning, options validation (422) and preconditions (409), namespace deletion, and
deletecollection with selectors.

Upstream: apiserver ``pkg/registry/generic/registry/store.go`` (Delete,
deletionFinalizersForGarbageCollection, markAsDeleting), ``pkg/registry/rest/delete.go``
(BeforeDelete), apimachinery ``pkg/apis/meta/v1/validation/validation.go``
(ValidateDeleteOptions); kubernetes ``pkg/registry/core/pod/strategy.go``
(CheckGracefulDelete), ``pkg/registry/batch/job/storage/storage.go`` (warning);
reference ``api-machinery.md`` §0 rules 9-11, §6.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from apiserver_builders import job_manifest, make_job, make_pod, status_of

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions, Preconditions, Status
from jobsim.apiserver.deletion import JOB_DELETE_WARNING
from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock


@pytest.fixture
def api() -> APIServer:
    """A fresh server at simulated time 100 s."""
    return APIServer(clock=ManualClock(100.0), seed=5)


def test_job_delete_background_returns_status(api: APIServer) -> None:
    """A Job removed at once returns ``Status{Success}`` (Job ReturnDeletedObject is false)."""
    job = make_job(api, "pi")
    result = api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Background"))
    assert isinstance(result, Status)
    assert result.to_dict() == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Success",
        "details": {"name": "pi", "group": "batch", "kind": "jobs", "uid": job.metadata.uid},
    }
    assert api.last_warnings == []
    assert status_of(lambda: api.get(Job, "pi"))["code"] == 404


def test_job_default_is_orphan_with_warning(api: APIServer) -> None:
    """batch/v1 Job DELETE without policy: ``orphan`` finalizer, deletionTimestamp, warning."""
    make_job(api, "pi")
    result = api.delete(Job, "pi")
    assert isinstance(result, Job)
    assert result.metadata.finalizers == ["orphan"]
    assert result.metadata.deletion_timestamp == api.clock.now_time()
    assert result.metadata.deletion_grace_period_seconds == 0
    assert result.metadata.generation == 2
    assert api.last_warnings == [JOB_DELETE_WARNING]
    assert JOB_DELETE_WARNING == (
        "child pods are preserved by default when jobs are deleted; set "
        "propagationPolicy=Background to remove them or set propagationPolicy=Orphan to "
        "suppress this warning"
    )


def test_v2alpha1_job_default_is_background(api: APIServer) -> None:
    """A DELETE at batch/v2alpha1 defaults to deleting dependents: no orphan finalizer."""
    make_job(api, "pi")
    result = api.delete(Job, "pi", api_version="batch/v2alpha1")
    assert isinstance(result, Status)
    assert api.last_warnings == []


@pytest.mark.parametrize(
    ("options", "finalizers"),
    [
        (DeleteOptions(propagation_policy="Orphan"), ["orphan"]),
        (DeleteOptions(propagation_policy="Foreground"), ["foregroundDeletion"]),
        (DeleteOptions(orphan_dependents=True), ["orphan"]),
    ],
    ids=["orphan", "foreground", "legacy-orphanDependents"],
)
def test_gc_finalizers_from_options(
    api: APIServer, options: DeleteOptions, finalizers: list[str]
) -> None:
    """The chosen GC finalizer keeps the Job with deletionTimestamp set; no warning."""
    make_job(api, "pi")
    result = api.delete(Job, "pi", options=options)
    assert result.metadata.finalizers == finalizers  # type: ignore[attr-defined]
    assert api.last_warnings == []


def test_existing_orphan_finalizer_is_replaced_by_policy(api: APIServer) -> None:
    """Options win over existing GC finalizers: Background strips ``orphan`` and deletes."""
    make_job(api, "pi")
    api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Orphan"))
    result = api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Background"))
    assert isinstance(result, Status)


def test_both_policies_is_422(api: APIServer) -> None:
    """orphanDependents with propagationPolicy: 422 with the upstream message."""
    make_job(api, "pi")
    options = DeleteOptions(orphan_dependents=True, propagation_policy="Orphan")
    status = status_of(lambda: api.delete(Job, "pi", options=options))
    assert status["code"] == 422
    assert status["message"] == (
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": '
        "orphanDependents and deletionPropagation cannot be both set"
    )
    assert status["details"]["kind"] == "DeleteOptions"


def test_unknown_policy_is_422(api: APIServer) -> None:
    """An unknown propagationPolicy: NotSupported listing the upstream values."""
    make_job(api, "pi")
    status = status_of(
        lambda: api.delete(Job, "pi", options=DeleteOptions(propagation_policy="Later"))
    )
    assert status["message"] == (
        'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: '
        '"Later": supported values: "Foreground", "Background", "Orphan", "nil"'
    )


@pytest.mark.parametrize(
    ("preconditions", "message"),
    [
        (
            Preconditions(uid="u-1"),
            'Operation cannot be fulfilled on Job.batch "pi": the UID in the precondition (u-1) '
            "does not match the UID in record ({uid}). The object might have been deleted and "
            "then recreated",
        ),
        (
            Preconditions(resource_version="1"),
            'Operation cannot be fulfilled on Job.batch "pi": the ResourceVersion in the '
            "precondition (1) does not match the ResourceVersion in record ({rv}). The object "
            "might have been modified",
        ),
    ],
    ids=["uid", "resourceVersion"],
)
def test_preconditions_conflict(api: APIServer, preconditions: Preconditions, message: str) -> None:
    """Precondition mismatches: 409 naming ``Job.batch`` (rest.BeforeDelete builds it from Kind)."""
    job = make_job(api, "pi")
    options = DeleteOptions(preconditions=preconditions, propagation_policy="Background")
    status = status_of(lambda: api.delete(Job, "pi", options=options))
    assert status["code"] == 409
    assert status["message"] == message.format(
        uid=job.metadata.uid, rv=job.metadata.resource_version
    )
    assert api.get(Job, "pi") is job


def test_delete_missing_is_404(api: APIServer) -> None:
    """Deleting a missing pod: 404 ``pods "x" not found``."""
    assert status_of(lambda: api.delete(Pod, "x"))["message"] == 'pods "x" not found'


@pytest.mark.parametrize(
    ("pod_kwargs", "options", "expected_grace"),
    [
        ({"node_name": "n1"}, None, 30),
        ({"node_name": "n1", "grace": 7}, None, 7),
        ({"node_name": "n1", "grace": 7}, DeleteOptions(grace_period_seconds=3), 3),
        ({"node_name": "n1"}, DeleteOptions(grace_period_seconds=-5), 1),
    ],
    ids=["spec-default-30", "spec-7", "request-3", "negative-is-1"],
)
def test_pod_grace_period(
    api: APIServer, pod_kwargs: dict[str, Any], options: DeleteOptions | None, expected_grace: int
) -> None:
    """A scheduled pod gets deletionTimestamp = now + grace and stays (CheckGracefulDelete)."""
    make_pod(api, "a", **pod_kwargs)
    result = api.delete(Pod, "a", options=options)
    assert isinstance(result, Pod)
    assert result.metadata.deletion_grace_period_seconds == expected_grace
    assert result.metadata.deletion_timestamp == api.clock.now_time() + timedelta(
        seconds=expected_grace
    )
    assert api.get(Pod, "a") is result


def test_unscheduled_pod_is_removed_at_once(api: APIServer) -> None:
    """No nodeName: grace forced to 0, the pod is removed; MODIFIED then DELETED (two writes)."""
    make_pod(api, "a")
    watch = api.watch(Pod, resource_version=str(api.resource_version))
    result = api.delete(Pod, "a")
    assert isinstance(result, Pod)
    assert status_of(lambda: api.get(Pod, "a"))["code"] == 404
    assert [e.type for e in watch.pending()] == ["MODIFIED", "DELETED"]


def test_terminal_pod_grace_is_zero(api: APIServer) -> None:
    """A Succeeded pod on a node is removed at once (phase forces grace 0)."""
    make_pod(api, "a", node_name="n1")
    api.patch_status(Pod, "a", {"status": {"phase": "Succeeded"}})
    api.delete(Pod, "a")
    assert status_of(lambda: api.get(Pod, "a"))["code"] == 404


def test_grace_can_only_shorten(api: APIServer) -> None:
    """A second DELETE with a longer grace changes nothing; a shorter one moves the timestamp."""
    make_pod(api, "a", node_name="n1")
    first = api.delete(Pod, "a", options=DeleteOptions(grace_period_seconds=30))
    rv = api.resource_version
    assert api.delete(Pod, "a", options=DeleteOptions(grace_period_seconds=60)) is first
    assert api.resource_version == rv
    shorter = api.delete(Pod, "a", options=DeleteOptions(grace_period_seconds=10))
    assert shorter.metadata.deletion_grace_period_seconds == 10  # type: ignore[attr-defined]
    assert shorter.metadata.deletion_timestamp == api.clock.now_time() + timedelta(seconds=10)  # type: ignore[attr-defined]
    api.delete(Pod, "a", options=DeleteOptions(grace_period_seconds=0))
    assert status_of(lambda: api.get(Pod, "a"))["code"] == 404


def test_finalizers_keep_the_object(api: APIServer) -> None:
    """An object with finalizers stays with deletionTimestamp (grace 0) until they are removed."""
    make_pod(api, "a", finalizers=["batch.kubernetes.io/job-tracking"])
    result = api.delete(Pod, "a", options=DeleteOptions(grace_period_seconds=0))
    assert result.metadata.deletion_timestamp is not None  # type: ignore[attr-defined]
    assert api.get(Pod, "a") is result


def test_dry_run_delete_changes_nothing(api: APIServer) -> None:
    """dryRun: All returns the result but leaves the store as it was."""
    make_job(api, "pi")
    rv = api.resource_version
    api.delete(Job, "pi", options=DeleteOptions(dry_run=["All"], propagation_policy="Background"))
    assert api.resource_version == rv
    assert api.get(Job, "pi").metadata.deletion_timestamp is None


def test_namespace_delete_removes_content(api: APIServer) -> None:
    """Deleting a namespace removes everything in it (jobsim has no namespace controller)."""
    api.create("namespaces", {"metadata": {"name": "team"}})
    make_pod(api, "a", namespace="team")
    api.create(Job, job_manifest("pi", namespace="team"))
    api.delete("namespaces", "team")
    assert api.list("pods", namespace="team").items == []
    assert api.list("jobs", namespace="team").items == []


def test_default_namespace_cannot_be_deleted(api: APIServer) -> None:
    """NamespaceLifecycle: the ``default`` namespace may not be deleted (403 Forbidden)."""
    status = status_of(lambda: api.delete("namespaces", "default"))
    assert (status["code"], status["reason"]) == (403, "Forbidden")
    assert (
        status["message"] == 'namespaces "default" is forbidden: this namespace may not be deleted'
    )


def test_delete_collection_with_selector(api: APIServer) -> None:
    """deletecollection deletes the matching objects, returns them as listed, leaves the rest."""
    make_pod(api, "a", labels={"app": "x"})
    make_pod(api, "b", labels={"app": "y"})
    deleted = api.delete_collection(Pod, label_selector="app=x")
    assert [p.metadata.name for p in deleted] == ["a"]  # type: ignore[attr-defined]
    assert [p.metadata.name for p in api.list(Pod).items] == ["b"]  # type: ignore[attr-defined]


def test_delete_collection_of_jobs_warns_once(api: APIServer) -> None:
    """Job deletecollection without a policy warns once and orphans every Job."""
    make_job(api, "a")
    make_job(api, "b")
    deleted = api.delete_collection(Job)
    assert len(deleted) == 2
    assert api.last_warnings == [JOB_DELETE_WARNING]
    assert all(j.metadata.finalizers == ["orphan"] for j in api.list(Job).items)  # type: ignore[attr-defined]
