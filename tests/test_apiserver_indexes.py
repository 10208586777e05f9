"""We test these aspects: read costs follow the answer, not the store (indexes, no copies).

``pods_owned_by`` and namespace-scoped lists examine only the owner's pods / the
namespace's objects (asserted with the store's ``visited`` counter, not with timing),
a ``metadata.name`` field selector is a direct lookup, reads return the shared stored
objects (no deep copies), the owner index follows ownerReference changes and deletes,
and the change history stays bounded by its window.
"""

from __future__ import annotations

import pytest
from apiserver_builders import make_job, make_pod, pod_manifest

from jobsim.api.core_v1 import Pod
from jobsim.apiserver.store import APIServer

JOBS = 100
PODS_PER_JOB = 200


@pytest.fixture(scope="module")
def big() -> tuple[APIServer, list[str]]:
    """20 000 pods owned by 100 Jobs, plus 10 pods in namespace ``team``."""
    api = APIServer(seed=1, history_window=1_000)
    api.create("namespaces", {"metadata": {"name": "team"}})
    jobs = [make_job(api, f"j{i}") for i in range(JOBS)]
    for n in range(JOBS * PODS_PER_JOB):
        api.create(Pod, pod_manifest(f"p{n}", owner=jobs[n % JOBS]))
    for n in range(10):
        make_pod(api, f"t{n}", namespace="team")
    return api, [job.metadata.uid or "" for job in jobs]


def _visits(api: APIServer) -> int:
    return int(api.stats()["visited"])


def test_pods_owned_by_uses_the_owner_index(big: tuple[APIServer, list[str]]) -> None:
    """Listing one Job's pods examines exactly its 200 pods, not the 20 010 in the store."""
    api, uids = big
    before = _visits(api)
    pods = api.pods_owned_by(uids[7])
    assert len(pods) == PODS_PER_JOB
    assert _visits(api) - before == PODS_PER_JOB


def test_namespace_list_costs_the_namespace(big: tuple[APIServer, list[str]]) -> None:
    """A namespace-scoped list examines only that namespace's objects."""
    api, _ = big
    before = _visits(api)
    assert len(api.list(Pod, namespace="team").items) == 10
    assert _visits(api) - before == 10


def test_name_field_selector_is_a_lookup(big: tuple[APIServer, list[str]]) -> None:
    """``metadata.name=x`` in one namespace looks the object up instead of scanning."""
    api, _ = big
    before = _visits(api)
    assert len(api.list(Pod, namespace="default", field_selector="metadata.name=p5").items) == 1
    assert _visits(api) == before


def test_history_is_bounded(big: tuple[APIServer, list[str]]) -> None:
    """The change history never exceeds its window, however many writes happened."""
    api, _ = big
    assert api.stats()["history"] == 1_000
    assert api.resource_version > 20_000


def test_reads_share_stored_objects() -> None:
    """get, list and pods_owned_by return the stored objects themselves (no copies)."""
    api = APIServer()
    job = make_job(api, "j")
    pod = make_pod(api, "p", owner=job)
    assert api.get(Pod, "p") is pod
    assert api.list(Pod).items[0] is pod
    assert api.pods_owned_by(job.metadata.uid or "")[0] is pod


def test_owner_index_follows_updates_and_deletes() -> None:
    """Dropping an ownerReference or deleting the pod removes it from the owner index."""
    api = APIServer()
    job = make_job(api, "j")
    make_pod(api, "a", owner=job)
    make_pod(api, "b", owner=job)
    api.patch(
        Pod, "a", {"metadata": {"ownerReferences": None}}, patch_type="application/merge-patch+json"
    )
    api.delete(Pod, "b")
    assert api.pods_owned_by(job.metadata.uid or "") == []
    assert api.stats()["owners"] == 0


def test_non_controller_refs_are_not_owned_pods() -> None:
    """``pods_owned_by`` counts only the controller reference (as ``GetControllerOf``)."""
    api = APIServer()
    job = make_job(api, "j")
    body = pod_manifest("a", owner=job)
    body["metadata"]["ownerReferences"][0]["controller"] = False
    api.create(Pod, body)
    assert api.pods_owned_by(job.metadata.uid or "") == []
    assert [obj.metadata.name for _, obj in api.owned_by(job.metadata.uid or "")] == ["a"]  # type: ignore[attr-defined]
