"""We test these aspects: create (POST) in the in-memory apiserver.

Server-set metadata (uid from the seeded RNG, creationTimestamp from the clock, one
global resourceVersion), generateName (alphabet, 58-char base, 8 attempts, upstream
conflict), namespace handling (request vs body, NamespaceLifecycle 404), the
resourceVersion-on-create 500, AlreadyExists (and its "being deleted" variant),
validation errors as 422 ``Invalid`` with causes, dry run, body decoding, warnings,
and that get returns the shared stored object.

Upstream: apiserver ``pkg/registry/generic/registry/store.go`` (create,
createWithGenerateNameRetry), ``pkg/registry/rest/create.go`` (BeforeCreate),
``pkg/storage/names/generate.go``, ``pkg/storage/etcd3/store.go`` (RV on create),
``pkg/admission/plugin/namespace/lifecycle/admission.go``; reference
``api-machinery.md`` §0 rules 2-3, §1.1, §1.2, §7.
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from apiserver_builders import job_manifest, make_pod, pod_manifest, status_of

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.names import NAME_ALPHABET, NameGenerator
from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock


@pytest.fixture
def api() -> APIServer:
    """A fresh server at simulated time 90 s."""
    return APIServer(clock=ManualClock(90.0), seed=7)


def test_create_sets_server_fields(api: APIServer) -> None:
    """uid, creationTimestamp, resourceVersion and namespace are set by the server."""
    before = api.resource_version
    pod = make_pod(api, "a")
    meta = pod.metadata
    assert re.fullmatch(
        r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", meta.uid or ""
    )
    assert pod.to_dict()["metadata"]["creationTimestamp"] == "2026-01-01T00:01:30Z"
    assert meta.resource_version == str(before + 1) == str(api.resource_version)
    assert meta.namespace == "default"
    assert (pod.kind, pod.api_version) == ("Pod", "v1")


def test_create_overwrites_client_uid_and_times(api: APIServer) -> None:
    """Client uid, creationTimestamp and deletion fields are wiped (WipeObjectMetaSystemFields)."""
    body = pod_manifest("a")
    body["metadata"].update(
        uid="client-uid",
        creationTimestamp="2001-01-01T00:00:00Z",
        deletionTimestamp="2001-01-01T00:00:00Z",
        deletionGracePeriodSeconds=5,
    )
    meta = api.create(Pod, body).metadata
    assert meta.uid != "client-uid"
    assert meta.creation_timestamp == api.clock.now_time()
    assert meta.deletion_timestamp is None
    assert meta.deletion_grace_period_seconds is None


def test_uids_are_deterministic_per_seed() -> None:
    """The same seed gives the same uids and generated names; another seed does not."""

    def run(seed: int) -> list[str]:
        api = APIServer(seed=seed)
        pods = [api.create(Pod, pod_manifest(None, generate_name="w-")) for _ in range(3)]
        return [f"{p.metadata.name}/{p.metadata.uid}" for p in pods]

    assert run(3) == run(3)
    assert run(3) != run(4)


def test_resource_version_is_global_across_kinds(api: APIServer) -> None:
    """Pods and Jobs share one strictly increasing counter (etcd revision)."""
    rvs = [
        int(make_pod(api, "a").metadata.resource_version or 0),
        int(api.create(Job, job_manifest("j")).metadata.resource_version or 0),
        int(make_pod(api, "b").metadata.resource_version or 0),
    ]
    assert rvs == sorted(rvs)
    assert rvs[2] - rvs[0] == 2


@pytest.mark.parametrize(
    ("base", "expected_base"),
    [("job-", "job-"), ("x" * 70, "x" * 58)],
    ids=["short", "cut-to-58"],
)
def test_generate_name(base: str, expected_base: str) -> None:
    """generateName appends 5 chars of the upstream alphabet to the base cut to 58."""
    name = NameGenerator(random.Random(1)).generate_name(base)
    assert name.startswith(expected_base)
    assert len(name) == len(expected_base) + 5
    assert set(name[len(expected_base) :]) <= set(NAME_ALPHABET)


def test_generate_name_on_create(api: APIServer) -> None:
    """A pod with only generateName gets a generated name; generateName is kept."""
    pod = api.create(Pod, pod_manifest(None, generate_name="pi-"))
    assert (pod.metadata.name or "").startswith("pi-")
    assert pod.metadata.generate_name == "pi-"


class _ConstantNames(random.Random):
    """An RNG whose choices always pick the first element: every generated name collides."""

    def choice(self, seq: Any) -> Any:
        return seq[0]


def test_generate_name_exhausted_is_upstream_conflict() -> None:
    """After 8 colliding attempts: 409 AlreadyExists with the upstream text and retryAfter 1.

    Upstream: ``rest.CheckGeneratedNameError`` / ``errors.NewGenerateNameConflict``.
    """
    api = APIServer(rng=_ConstantNames(0))
    api.create(Pod, pod_manifest(None, generate_name="pi-"))
    status = status_of(lambda: api.create(Pod, pod_manifest(None, generate_name="pi-")))
    assert status["code"] == 409
    assert status["reason"] == "AlreadyExists"
    assert status["message"] == (
        'pods "pi-bbbbb" already exists, the server was not able to generate a unique name '
        "for the object"
    )
    assert status["details"] == {"name": "pi-bbbbb", "kind": "pods", "retryAfterSeconds": 1}


def test_already_exists(api: APIServer) -> None:
    """Creating an existing Job name: 409 ``jobs.batch "pi" already exists``."""
    api.create(Job, job_manifest("pi"))
    status = status_of(lambda: api.create(Job, job_manifest("pi")))
    assert status == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": 'jobs.batch "pi" already exists',
        "reason": "AlreadyExists",
        "details": {"name": "pi", "group": "batch", "kind": "jobs"},
        "code": 409,
    }


def test_already_exists_while_terminating(api: APIServer) -> None:
    """A name whose object is being deleted: ``object is being deleted: ...`` (store.go create)."""
    make_pod(api, "a", finalizers=["example.com/hold"])
    api.delete(Pod, "a")
    status = status_of(lambda: make_pod(api, "a"))
    assert status["message"] == 'object is being deleted: pods "a" already exists'


def test_resource_version_on_create_is_500(api: APIServer) -> None:
    """A body with metadata.resourceVersion: 500, empty reason, upstream message (etcd3 store)."""
    body = pod_manifest("a")
    body["metadata"]["resourceVersion"] = "5"
    status = status_of(lambda: api.create("pods", body))
    assert status["code"] == 500
    assert "reason" not in status
    assert status["message"] == "resourceVersion should not be set on objects to be created"


def test_namespace_mismatch_is_400(api: APIServer) -> None:
    """Body namespace differs from the request's: 400 with the upstream message."""
    status = status_of(lambda: api.create("pods", pod_manifest("a", namespace="x"), namespace="y"))
    assert status["code"] == 400
    assert status["reason"] == "BadRequest"
    assert status["message"] == (
        "the namespace of the provided object does not match the namespace sent on the request"
    )


def test_missing_namespace_is_404(api: APIServer) -> None:
    """NamespaceLifecycle: creating in a namespace that does not exist is 404 ``namespaces "x"``."""
    status = status_of(lambda: api.create("pods", pod_manifest("a"), namespace="nope"))
    assert status["code"] == 404
    assert status["message"] == 'namespaces "nope" not found'
    assert status["details"] == {"name": "nope", "kind": "namespaces"}


def test_created_namespace_is_usable(api: APIServer) -> None:
    """After creating a Namespace, objects can be created in it; kube-system exists at start."""
    api.create("namespaces", {"metadata": {"name": "team"}})
    assert make_pod(api, "a", namespace="team").metadata.namespace == "team"
    assert api.get("namespaces", "kube-system").metadata.name == "kube-system"  # type: ignore[attr-defined]


def test_validation_error_is_422_with_causes(api: APIServer) -> None:
    """A bad Job name: 422 ``Job.batch "Foo" is invalid: ...``; details.kind is the Kind."""
    status = status_of(lambda: api.create(Job, job_manifest("Foo")))
    assert status["code"] == 422
    assert status["reason"] == "Invalid"
    assert status["message"].startswith(
        'Job.batch "Foo" is invalid: metadata.name: Invalid value: "Foo"'
    )
    assert status["details"]["kind"] == "Job"
    assert status["details"]["group"] == "batch"
    assert status["details"]["causes"][0]["field"] == "metadata.name"


def test_name_or_generate_name_required(api: APIServer) -> None:
    """No name and no generateName: ``metadata.name: Required value: name or generateName ...``."""
    status = status_of(lambda: api.create(Pod, pod_manifest(None)))
    assert status["code"] == 422
    assert "metadata.name: Required value: name or generateName is required" in status["message"]


def test_dry_run_stores_nothing(api: APIServer) -> None:
    """dry_run returns the prepared object without resourceVersion and changes nothing."""
    before = api.resource_version
    pod = api.create(Pod, pod_manifest("a"), dry_run=True)
    assert pod.metadata.uid
    assert pod.metadata.resource_version is None
    assert api.resource_version == before
    assert status_of(lambda: api.get(Pod, "a"))["code"] == 404


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            {**pod_manifest("a"), "apiVersion": "v2"},
            "the API version in the data (v2) does not match the expected API version (v1)",
        ),
        (
            {**pod_manifest("a"), "bogus": 1},
            'Pod in version "v1" cannot be handled as a Pod: strict decoding error: '
            'unknown field "bogus"',
        ),
        (
            {**job_manifest("a"), "kind": "Job", "spec": {"parallelism": "3"}},
            'Job in version "v1" cannot be handled as a Job: json: cannot unmarshal string '
            "into Go struct field JobSpec.spec.parallelism of type int32",
        ),
    ],
    ids=["wrong-version", "unknown-field", "type-error"],
)
def test_bad_body_is_400(api: APIServer, body: dict[str, Any], message: str) -> None:
    """Bodies the decoder rejects are 400 BadRequest (handlers/create.go, §5.4)."""
    resource = "jobs" if body["kind"] == "Job" else "pods"
    status = status_of(lambda: api.create(resource, body))
    assert (status["code"], status["message"]) == (400, message)


def test_v2alpha1_job_is_served_and_stored_at_v1(api: APIServer) -> None:
    """A batch/v2alpha1 Job document is accepted and stored at the preferred version."""
    job = api.create("jobs", job_manifest("old", api_version="batch/v2alpha1"))
    assert job.api_version == "batch/v1"  # type: ignore[attr-defined]


def test_create_warnings_are_reported(api: APIServer) -> None:
    """WarningsOnCreate end up in ``last_warnings`` (a Job name that is not a DNS label)."""
    api.create(Job, job_manifest("a.b"))
    assert any(w.startswith("metadata.name: this is used in Pod names") for w in api.last_warnings)


def test_get_returns_shared_stored_object(api: APIServer) -> None:
    """get returns the stored object itself (no copy) and 404s with the upstream message."""
    created = make_pod(api, "a")
    assert api.get(Pod, "a") is created
    assert api.get_status(Pod, "a") is created
    assert status_of(lambda: api.get(Job, "nope"))["message"] == 'jobs.batch "nope" not found'


def test_unknown_resource_is_404(api: APIServer) -> None:
    """An unserved resource: 404 ``the server could not find the requested resource``."""
    status = status_of(lambda: api.get("cronjobs", "x"))
    assert status["code"] == 404
    assert status["message"] == "the server could not find the requested resource"
