"""We test these aspects: the official ``kubernetes`` Python client against ``jobsim serve``.

Typed calls with no discovery: create (201, server-set uid and selector), list with a
label selector, watch (``watch.Watch().stream``: ADDED then MODIFIED until Complete,
decoded into ``V1Job``), patch of the status subresource (labels kept, spec changes
dropped), delete with ``propagationPolicy: Background`` (the Job's pods go too), and
``ApiException`` carrying the Status (404, 409).
Upstream: kubernetes-client/python ``kubernetes/base/watch/watch.py``; apiserver
``pkg/registry/batch/job/strategy.go`` (status strategy resets spec).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from kubernetes import client, watch
from kubernetes.client.rest import ApiException
from test_server_support import job_manifest, serving, wait_for

from jobsim.server import ServerThread

NS = "default"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """One served simulation for this module."""
    with serving() as running:
        yield running


@pytest.fixture(scope="module")
def api_client(server: ServerThread) -> Iterator[client.ApiClient]:
    """An ApiClient configured for the server."""
    config = client.Configuration()
    config.host = server.url
    with client.ApiClient(config) as api:
        yield api


@pytest.fixture
def batch(api_client: client.ApiClient) -> client.BatchV1Api:
    """``BatchV1Api`` on the server."""
    return client.BatchV1Api(api_client)


@pytest.fixture
def core(api_client: client.ApiClient) -> client.CoreV1Api:
    """``CoreV1Api`` on the server."""
    return client.CoreV1Api(api_client)


def _complete(job: client.V1Job) -> bool:
    return any(c.type == "Complete" and c.status == "True" for c in job.status.conditions or ())


def test_create_and_list(batch: client.BatchV1Api) -> None:
    """Create returns the stored Job (uid, generated selector); list filters by label."""
    manifest = job_manifest("py-create")
    manifest["metadata"] = {"name": "py-create", "labels": {"suite": "py"}}
    job = batch.create_namespaced_job(NS, manifest)
    assert job.metadata.name == "py-create"
    assert job.metadata.uid
    assert job.spec.selector.match_labels == {
        "batch.kubernetes.io/controller-uid": job.metadata.uid
    }
    listed = batch.list_namespaced_job(NS, label_selector="suite=py")
    assert [j.metadata.name for j in listed.items] == ["py-create"]
    assert int(listed.metadata.resource_version) >= int(job.metadata.resource_version)


def test_watch_until_complete(batch: client.BatchV1Api) -> None:
    """``Watch().stream`` decodes ADDED, then MODIFIED events until the Job is Complete."""
    batch.create_namespaced_job(NS, job_manifest("py-watch", parallelism=2, completions=2))
    stream = watch.Watch()
    types: list[str] = []
    for event in stream.stream(
        batch.list_namespaced_job,
        NS,
        field_selector="metadata.name=py-watch",
        timeout_seconds=600,
        _request_timeout=20,
    ):
        assert isinstance(event["object"], client.V1Job)
        types.append(event["type"])
        if _complete(event["object"]):
            stream.stop()
    assert types[0] == "ADDED"
    assert set(types[1:]) == {"MODIFIED"}
    assert batch.read_namespaced_job_status("py-watch", NS).status.succeeded == 2


def test_watch_times_out_in_simulated_seconds(batch: client.BatchV1Api) -> None:
    """``timeout_seconds`` is simulated time: 30 s at 100 x ends the stream well within 5 s."""
    events = list(
        watch.Watch().stream(batch.list_namespaced_job, NS, timeout_seconds=30, _request_timeout=5)
    )
    assert all(e["type"] == "ADDED" for e in events)


def test_patch_status_keeps_labels_and_drops_spec(batch: client.BatchV1Api) -> None:
    """PATCH /status keeps metadata changes and resets spec (upstream's status strategy)."""
    batch.create_namespaced_job(NS, job_manifest("py-status"))
    patched = batch.patch_namespaced_job_status(
        "py-status", NS, {"metadata": {"labels": {"seen": "yes"}}, "spec": {"parallelism": 5}}
    )
    assert patched.metadata.labels["seen"] == "yes"
    assert patched.spec.parallelism == 1
    assert batch.read_namespaced_job("py-status", NS).metadata.labels["seen"] == "yes"


def test_delete_background_removes_pods(batch: client.BatchV1Api, core: client.CoreV1Api) -> None:
    """Delete with Background returns Success and the garbage collector removes the pods."""
    batch.create_namespaced_job(NS, job_manifest("py-delete", parallelism=2, completions=2))
    wait_for(
        lambda: len(core.list_namespaced_pod(NS, label_selector="job-name=py-delete").items) == 2,
        what="two pods",
    )
    status = batch.delete_namespaced_job(
        "py-delete", NS, body=client.V1DeleteOptions(propagation_policy="Background")
    )
    assert status["status"] == "Success"  # the client returns the Status as a dict
    wait_for(
        lambda: not core.list_namespaced_pod(NS, label_selector="job-name=py-delete").items,
        what="the pods to be deleted",
    )


@pytest.mark.parametrize(
    ("call", "code", "reason", "message"),
    [
        ("read", 404, "NotFound", 'jobs.batch "py-none" not found'),
        ("create-twice", 409, "AlreadyExists", 'jobs.batch "py-none" already exists'),
    ],
    ids=["not-found", "already-exists"],
)
def test_errors_raise_api_exception(
    batch: client.BatchV1Api, call: str, code: int, reason: str, message: str
) -> None:
    """Errors reach the client as ``ApiException`` with the Status body (errors.go)."""
    with pytest.raises(ApiException) as caught:
        if call == "read":
            batch.read_namespaced_job("py-none", NS)
        else:
            batch.create_namespaced_job(NS, job_manifest("py-none"))
            batch.create_namespaced_job(NS, job_manifest("py-none"))
    assert caught.value.status == code
    body = json.loads(caught.value.body)
    assert (body["kind"], body["reason"], body["message"]) == ("Status", reason, message)
