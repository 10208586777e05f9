"""We test these aspects: ``kubectl auth can-i`` against ``jobsim serve`` (AlwaysAllow).

``POST /apis/authorization.k8s.io/v1/selfsubjectaccessreviews`` is created (201) with
``status.allowed: true`` and the request's spec echoed, as kube-apiserver answers with
``--authorization-mode=AlwaysAllow`` (``authorizerfactory/builtin.go``
``alwaysAllowAuthorizer``; ``registry/authorization/selfsubjectaccessreview/rest.go``), so
``kubectl auth can-i VERB RESOURCE`` prints ``yes`` and exits 0 (``pkg/cmd/auth/cani.go``).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from test_server_support import KUBECTL, Kubectl, serving

from jobsim.server import ServerThread


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """A served simulation."""
    with serving(speed=None) as running:
        yield running


def test_review_is_created_allowed_with_the_spec(server: ServerThread) -> None:
    """A JSON review comes back 201, its spec unchanged, ``allowed: true``."""
    spec = {"resourceAttributes": {"namespace": "default", "verb": "create", "resource": "jobs"}}
    answer = httpx.post(
        f"{server.url}/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
        json={
            "apiVersion": "authorization.k8s.io/v1",
            "kind": "SelfSubjectAccessReview",
            "spec": spec,
        },
        timeout=10,
    )
    assert answer.status_code == 201
    body = answer.json()
    assert (body["kind"], body["apiVersion"]) == (
        "SelfSubjectAccessReview",
        "authorization.k8s.io/v1",
    )
    assert (body["spec"], body["status"]) == (spec, {"allowed": True})


@pytest.mark.skipif(not KUBECTL.exists(), reason="kubectl is not installed")
@pytest.mark.parametrize(
    "args",
    [["create", "jobs"], ["delete", "pods", "-n", "default"], ["watch", "jobs.batch"]],
    ids=["create-jobs", "delete-pods", "watch-jobs"],
)
def test_kubectl_auth_can_i_says_yes(
    server: ServerThread, tmp_path_factory: pytest.TempPathFactory, args: list[str]
) -> None:
    """``kubectl auth can-i`` prints yes, exit 0, nothing on stderr."""
    kubectl = Kubectl(server.url, tmp_path_factory.mktemp("kube"))
    result = kubectl("auth", "can-i", *args)
    assert (result.returncode, result.stdout, result.stderr) == (0, "yes\n", "")
