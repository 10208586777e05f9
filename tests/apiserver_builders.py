"""Manifest builders and small helpers shared by the ``test_apiserver_*`` modules.

Every builder returns a plain manifest dict (what a client would POST) with only the
fields a test names; they are valid Jobs/Pods under upstream validation.
"""

from __future__ import annotations

from typing import Any

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.apiserver.store import APIServer
from jobsim.errors import APIError

CONTAINERS = [{"name": "c", "image": "busybox"}]


def pod_manifest(
    name: str | None = "p",
    *,
    namespace: str | None = None,
    labels: dict[str, str] | None = None,
    generate_name: str | None = None,
    node_name: str | None = None,
    owner: Job | None = None,
    block_owner_deletion: bool = True,
    finalizers: list[str] | None = None,
    grace: int | None = None,
) -> dict[str, Any]:
    """A Pod manifest; ``owner`` adds a controller ownerReference like the Job controller's."""
    meta: dict[str, Any] = {}
    if name is not None:
        meta["name"] = name
    if generate_name is not None:
        meta["generateName"] = generate_name
    if namespace is not None:
        meta["namespace"] = namespace
    if labels is not None:
        meta["labels"] = labels
    if finalizers is not None:
        meta["finalizers"] = finalizers
    if owner is not None:
        meta["ownerReferences"] = [
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": owner.metadata.name,
                "uid": owner.metadata.uid,
                "controller": True,
                "blockOwnerDeletion": block_owner_deletion,
            }
        ]
    spec: dict[str, Any] = {"containers": CONTAINERS, "restartPolicy": "Never"}
    if node_name is not None:
        spec["nodeName"] = node_name
    if grace is not None:
        spec["terminationGracePeriodSeconds"] = grace
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}


def job_manifest(
    name: str | None = "pi",
    *,
    namespace: str | None = None,
    labels: dict[str, str] | None = None,
    parallelism: int | None = None,
    api_version: str = "batch/v1",
) -> dict[str, Any]:
    """A minimal valid Job manifest."""
    meta: dict[str, Any] = {}
    if name is not None:
        meta["name"] = name
    if namespace is not None:
        meta["namespace"] = namespace
    if labels is not None:
        meta["labels"] = labels
    spec: dict[str, Any] = {
        "template": {"spec": {"containers": CONTAINERS, "restartPolicy": "Never"}}
    }
    if parallelism is not None:
        spec["parallelism"] = parallelism
    return {"apiVersion": api_version, "kind": "Job", "metadata": meta, "spec": spec}


def status_of(call: Any) -> dict[str, Any]:
    """Run ``call()``, expect an ``APIError``, return its ``Status`` as JSON."""
    try:
        call()
    except APIError as err:
        return err.status.to_dict()
    raise AssertionError("expected an APIError")


def make_pod(api: APIServer, name: str = "p", **kwargs: Any) -> Pod:
    """Create a pod through the API and return it."""
    return api.create(Pod, pod_manifest(name, **kwargs))


def make_job(api: APIServer, name: str = "pi", **kwargs: Any) -> Job:
    """Create a Job through the API and return it."""
    return api.create(Job, job_manifest(name, **kwargs))
