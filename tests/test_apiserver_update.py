"""We test these aspects: replace (PUT), the status subresource and PATCH.

Optimistic concurrency (stale resourceVersion -> 409 with the exact upstream message;
no resourceVersion -> unconditional), the uid storage precondition, name/namespace
mismatches (400), restored immutable metadata, main writes keeping the stored status and
``/status`` writes keeping the stored spec, generation moving only with the spec, the
no-op short-circuit (no new resourceVersion, no event), "no new finalizers while
deleting", ``ShouldDeleteDuringUpdate``, and PATCH (merge, JSON, strategic; a patch that
sets a stale resourceVersion conflicts; a failing patch keeps the patcher's status).

Upstream: apiserver ``pkg/registry/generic/registry/store.go`` (Update,
ShouldDeleteDuringUpdate), ``pkg/registry/rest/update.go`` (BeforeUpdate),
``pkg/endpoints/handlers/{rest.go,patch.go}``, ``pkg/storage/errors.go``; reference
``api-machinery.md`` §0 rules 4-7, §1.3, §5.
"""

from __future__ import annotations

from typing import Any

import pytest
from apiserver_builders import job_manifest, make_job, make_pod, status_of

from jobsim.api.batch_v1 import Job, JobStatus
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock


@pytest.fixture
def api() -> APIServer:
    """A fresh server."""
    return APIServer(clock=ManualClock(10.0), seed=3)


def _with_labels(obj: Any, labels: dict[str, str], *, rv: str | None = "keep") -> Any:
    """A copy of ``obj`` with new labels (and optionally another resourceVersion)."""
    update: dict[str, Any] = {"labels": labels}
    if rv != "keep":
        update["resource_version"] = rv
    return obj.model_copy(update={"metadata": obj.metadata.model_copy(update=update)})


def test_replace_bumps_resource_version(api: APIServer) -> None:
    """A replace with the current resourceVersion stores the change under a new RV."""
    pod = make_pod(api, "a")
    updated = api.replace(Pod, _with_labels(pod, {"x": "1"}))
    assert updated.metadata.labels == {"x": "1"}
    assert (
        int(updated.metadata.resource_version or 0) == int(pod.metadata.resource_version or 0) + 1
    )
    assert api.get(Pod, "a") is updated


def test_stale_resource_version_conflicts(api: APIServer) -> None:
    """Stale RV: 409 Conflict, upstream OptimisticLockErrorMsg, details.kind is the resource."""
    job = make_job(api, "pi")
    api.replace(Job, _with_labels(job, {"x": "1"}))
    status = status_of(lambda: api.replace(Job, _with_labels(job, {"x": "2"})))
    assert status == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": 'Operation cannot be fulfilled on jobs.batch "pi": the object has been '
        "modified; please apply your changes to the latest version and try again",
        "reason": "Conflict",
        "details": {"name": "pi", "group": "batch", "kind": "jobs"},
        "code": 409,
    }


def test_no_resource_version_is_unconditional(api: APIServer) -> None:
    """Without metadata.resourceVersion the update is unconditional (AllowUnconditionalUpdate)."""
    pod = make_pod(api, "a")
    api.replace(Pod, _with_labels(pod, {"x": "1"}))
    updated = api.replace(Pod, _with_labels(pod, {"x": "2"}, rv=None))
    assert updated.metadata.labels == {"x": "2"}


def test_uid_mismatch_is_storage_precondition_conflict(api: APIServer) -> None:
    """A body uid that differs: 409 with the StorageError precondition text (§6.6)."""
    pod = make_pod(api, "a")
    body = pod.model_copy(update={"metadata": pod.metadata.model_copy(update={"uid": "other"})})
    status = status_of(lambda: api.replace(Pod, body))
    assert status["code"] == 409
    assert status["message"] == (
        'Operation cannot be fulfilled on pods "a": StorageError: invalid object, Code: 4, '
        "Key: /registry/pods/default/a, ResourceVersion: 0, AdditionalErrorMsg: Precondition "
        f"failed: UID in precondition: other, UID in object meta: {pod.metadata.uid}"
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "b"}, "the name of the object (a) does not match the name on the URL (b)"),
        (
            {"namespace": "kube-system"},
            "the namespace of the object (default) does not match the namespace on the "
            "request (kube-system)",
        ),
    ],
    ids=["name", "namespace"],
)
def test_mismatch_with_request_is_400(api: APIServer, kwargs: dict[str, str], message: str) -> None:
    """Body name/namespace differ from the request: 400 (handlers/rest.go checkName)."""
    pod = make_pod(api, "a")
    status = status_of(lambda: api.replace(Pod, pod, **kwargs))
    assert (status["code"], status["message"]) == (400, message)


def test_replace_missing_is_404(api: APIServer) -> None:
    """Replacing an object that does not exist is 404 (no create-on-update for Jobs/Pods)."""
    pod = make_pod(api, "a")
    api.delete(Pod, "a")
    assert status_of(lambda: api.replace(Pod, pod))["message"] == 'pods "a" not found'


def test_immutable_metadata_is_restored(api: APIServer) -> None:
    """creationTimestamp and generation sent by the client are replaced by the stored ones."""
    job = make_job(api, "pi")
    meta = job.metadata.model_copy(update={"generation": 99, "creation_timestamp": None})
    updated = api.replace(Job, job.model_copy(update={"metadata": meta}))
    assert updated.metadata.creation_timestamp == job.metadata.creation_timestamp
    assert updated.metadata.generation == job.metadata.generation


def test_main_write_keeps_stored_status(api: APIServer) -> None:
    """PUT on the main resource drops status changes (strategy PrepareForUpdate)."""
    job = make_job(api, "pi")
    body = job.model_copy(update={"status": JobStatus(active=3)})
    assert api.replace(Job, body).status.active == 0


def test_status_write_keeps_stored_spec_and_generation(api: APIServer) -> None:
    """PUT /status keeps the stored spec and generation but stores the status."""
    job = make_job(api, "pi")
    spec = job.spec.model_copy(update={"parallelism": 5})
    body = job.model_copy(update={"spec": spec, "status": JobStatus(active=1)})
    updated = api.replace_status(Job, body)
    assert updated.spec.parallelism == job.spec.parallelism
    assert updated.status.active == 1
    assert updated.metadata.generation == job.metadata.generation


def test_generation_moves_with_spec_only(api: APIServer) -> None:
    """A spec change bumps generation by one; a label change does not (Job strategy)."""
    job = make_job(api, "pi")
    assert job.metadata.generation == 1
    relabeled = api.replace(Job, _with_labels(job, {**(job.metadata.labels or {}), "x": "1"}))
    assert relabeled.metadata.generation == 1
    scaled = api.patch(Job, "pi", {"spec": {"parallelism": 4}})
    assert scaled.metadata.generation == 2


def test_no_op_update_changes_nothing(api: APIServer) -> None:
    """Writing back the stored object: same RV, no watch event (etcd3 short-circuit)."""
    pod = make_pod(api, "a")
    watch = api.watch(Pod, resource_version=str(api.resource_version))
    before = api.resource_version
    assert api.replace(Pod, pod) is pod
    assert api.patch(Pod, "a", {"metadata": {"labels": None}}) is pod
    assert api.resource_version == before
    assert watch.pending() == []


@pytest.mark.parametrize(
    "patch",
    [{"metadata": {"annotations": {}}}, {"metadata": {"finalizers": [], "labels": {}}}],
    ids=["empty-annotations", "empty-finalizers-and-labels"],
)
def test_empty_metadata_collections_are_stored_as_unset(api: APIServer, patch: Any) -> None:
    """Empty maps/lists in metadata are nil once stored (protobuf), so the write is a no-op.

    ``kubectl diff`` of an object created with ``kubectl create`` sends
    ``annotations: {}``; the apiserver serves no annotations and keeps the resourceVersion.
    """
    pod = make_pod(api, "a", labels=None)
    before = api.resource_version
    patched = api.patch(Pod, "a", patch, patch_type="application/merge-patch+json")
    assert api.resource_version == before
    assert patched is pod
    assert "annotations" not in patched.to_dict()["metadata"]


def test_no_new_finalizers_while_deleting(api: APIServer) -> None:
    """Once deleting, adding a finalizer is 422 Forbidden (ValidateObjectMetaUpdate)."""
    make_pod(api, "a", finalizers=["example.com/a"])
    api.delete(Pod, "a")
    status = status_of(
        lambda: api.patch(
            Pod, "a", {"metadata": {"finalizers": ["example.com/a", "example.com/b"]}},
            patch_type="application/merge-patch+json",
        )
    )  # fmt: skip
    assert status["code"] == 422
    assert (
        "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being "
        'deleted, found new finalizers []string{"example.com/b"}'
    ) in status["message"]


def test_removing_last_finalizer_deletes_during_update(api: APIServer) -> None:
    """Grace-0 deleting object losing its last finalizer is removed by that update."""
    make_pod(api, "a", finalizers=["example.com/a"])
    api.delete(Pod, "a")
    watch = api.watch(Pod, resource_version=str(api.resource_version))
    returned = api.patch(
        Pod, "a", {"metadata": {"finalizers": None}}, patch_type="application/merge-patch+json"
    )
    assert returned.metadata.finalizers is None
    assert status_of(lambda: api.get(Pod, "a"))["code"] == 404
    events = watch.pending()
    assert [e.type for e in events] == ["DELETED"]
    assert events[0].object.metadata.finalizers == ["example.com/a"]  # type: ignore[attr-defined]


def test_graceful_pod_keeps_existing_after_last_finalizer(api: APIServer) -> None:
    """A pod deleting with grace > 0 survives losing its finalizers (the kubelet deletes it)."""
    make_pod(api, "a", node_name="n1", finalizers=["example.com/a"])
    api.delete(Pod, "a")
    api.patch(
        Pod, "a", {"metadata": {"finalizers": None}}, patch_type="application/merge-patch+json"
    )
    assert api.get(Pod, "a").metadata.deletion_grace_period_seconds == 30


@pytest.mark.parametrize(
    ("patch_type", "body"),
    [
        ("application/merge-patch+json", {"metadata": {"labels": {"x": "1"}}}),
        ("application/strategic-merge-patch+json", {"metadata": {"labels": {"x": "1"}}}),
        (
            "application/json-patch+json",
            [{"op": "add", "path": "/metadata/labels", "value": {"x": "1"}}],
        ),
    ],
    ids=["merge", "strategic", "json"],
)  # fmt: skip
def test_patch_types(api: APIServer, patch_type: Any, body: Any) -> None:
    """Each patch type applies to the stored object and bumps the resourceVersion."""
    pod = make_pod(api, "a")
    patched = api.patch(Pod, "a", body, patch_type=patch_type)
    assert patched.metadata.labels == {"x": "1"}
    assert patched.metadata.resource_version != pod.metadata.resource_version


def test_patch_with_stale_resource_version_conflicts(api: APIServer) -> None:
    """A patch carrying an old resourceVersion gets the optimistic-lock 409 (§5.3)."""
    pod = make_pod(api, "a")
    api.patch(Pod, "a", {"metadata": {"labels": {"x": "1"}}})
    stale = {"metadata": {"resourceVersion": pod.metadata.resource_version, "labels": {"y": "1"}}}
    status = status_of(lambda: api.patch(Pod, "a", stale))
    assert status["code"] == 409
    assert status["reason"] == "Conflict"


def test_patch_errors_keep_patch_status(api: APIServer) -> None:
    """A failing JSON patch test op: 422 with the generic message; a missing object: 404."""
    make_pod(api, "a")
    failing = [{"op": "test", "path": "/metadata/name", "value": "b"}]
    status = status_of(
        lambda: api.patch(Pod, "a", failing, patch_type="application/json-patch+json")
    )
    assert (status["code"], status["reason"]) == (422, "Invalid")
    assert status["message"] == "the server rejected our request due to an error in our request"
    assert status_of(lambda: api.patch(Pod, "b", {}))["code"] == 404


def test_patch_status_drops_spec_changes(api: APIServer) -> None:
    """PATCH /status stores status but not spec."""
    make_job(api, "pi")
    patched = api.patch_status(
        Job, "pi", {"spec": {"parallelism": 9}, "status": {"active": 2}},
        patch_type="application/merge-patch+json",
    )  # fmt: skip
    assert (patched.spec.parallelism, patched.status.active) == (1, 2)


def test_status_write_of_pod_keeps_deletion_fields(api: APIServer) -> None:
    """Pod status writes cannot touch ownerReferences or deletion fields (pod status strategy)."""
    make_pod(api, "a", node_name="n1")
    deleting = api.delete(Pod, "a")
    patched = api.patch_status(
        Pod, "a", {"metadata": {"ownerReferences": None}, "status": {"phase": "Running"}},
        patch_type="application/merge-patch+json",
    )  # fmt: skip
    assert patched.status.phase == "Running"
    assert patched.metadata.deletion_timestamp == deleting.metadata.deletion_timestamp  # type: ignore[attr-defined]


def test_non_numeric_resource_version_is_500(api: APIServer) -> None:
    """An unparsable resourceVersion on update: 500 with Go's strconv text (passed through)."""
    pod = make_pod(api, "a")
    status = status_of(lambda: api.replace(Pod, _with_labels(pod, {}, rv="abc")))
    assert status["code"] == 500
    assert status["message"] == 'strconv.ParseUint: parsing "abc": invalid syntax'


def test_handlers_must_not_write(api: APIServer) -> None:
    """A watch handler that writes is refused (handlers only enqueue)."""
    errors: list[str] = []

    def handler(_: Any) -> None:
        try:
            make_pod(api, "b")
        except RuntimeError as err:
            errors.append(str(err))

    api.watch(Pod, handler=handler)
    make_pod(api, "a")
    assert errors == ["watch handlers must not write to the API server; enqueue instead"]


def test_job_update_warnings_when_the_spec_changes(api: APIServer) -> None:
    """WarningsOnUpdate: the spec warnings, only for an update that bumps the generation.

    ``pkg/registry/batch/job/strategy.go`` ``WarningsOnUpdate`` calls ``WarningsForJobSpec``
    when ``newJob.Generation != oldJob.Generation`` (Indexed, completions > 10^5 and
    parallelism > 10^4 warns, ``pkg/api/job/warnings.go``).
    """
    manifest = job_manifest("big")
    manifest["spec"].update(
        completionMode="Indexed", completions=200_000, parallelism=20_000, suspend=True
    )
    api.create(Job, manifest)
    assert len(api.last_warnings) == 1
    api.patch(Job, "big", {"metadata": {"labels": {"a": "b"}}})
    assert api.last_warnings == []
    api.patch(Job, "big", {"spec": {"parallelism": 20_001}})
    assert api.last_warnings == [
        "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism "
        "higher than 10^4, Kubernetes might not be able to track completedIndexes when a big "
        "number of indexes fail"
    ]
