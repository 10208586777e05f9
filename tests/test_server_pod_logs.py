"""We test these aspects: the ``pods/log`` subresource, through HTTP and ``kubectl logs``.

jobsim runs no containers: a started container's log is empty (200, ``text/plain``), and
``kubectl logs job/NAME`` succeeds with no output. Errors are upstream's 400 BadRequest
messages: a pod with several containers and no ``container`` parameter, an unknown container
(``validateContainer``, ``pkg/registry/core/pod/strategy.go``), a container still waiting
and ``previous`` without a terminated previous instance (``validateContainerLogStatus``,
``pkg/kubelet/kubelet_pods.go``); a pod not yet on a node has an empty log (``LogLocation``
returns no location). A missing pod is 404 NotFound. ``pods/log`` is in discovery.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_server_support import KUBECTL, Kubectl, job_manifest, serving

from jobsim.api.core_v1 import Pod
from jobsim.server import ServerThread
from jobsim.server.pod_logs import kubelet_error

PODS = "/api/v1/namespaces/default/pods"
JOBS = "/apis/batch/v1/namespaces/default/jobs"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """A served simulation in manual time."""
    with serving(speed=None) as running:
        yield running


def _advance(server: ServerThread, seconds: float) -> None:
    httpx.post(f"{server.url}/jobsim/v1/advance?seconds={seconds}", timeout=10).raise_for_status()


def _pod_of(server: ServerThread, job: str) -> dict[str, Any]:
    listed = httpx.get(f"{server.url}{PODS}?labelSelector=job-name%3D{job}", timeout=10).json()
    (pod,) = listed["items"]
    return dict(pod)


def _job(server: ServerThread, name: str, containers: list[str]) -> None:
    manifest: Any = job_manifest(name)
    manifest["spec"]["template"]["spec"]["containers"] = [
        {"name": c, "image": "busybox"} for c in containers
    ]
    httpx.post(f"{server.url}{JOBS}", json=manifest, timeout=10).raise_for_status()


def _log(server: ServerThread, pod: str, query: str = "") -> httpx.Response:
    return httpx.get(f"{server.url}{PODS}/{pod}/log{query}", timeout=10)


def test_running_container_has_an_empty_log(server: ServerThread) -> None:
    """A started container: 200 text/plain, no bytes."""
    _job(server, "one", ["main"])
    _advance(server, 2)
    pod = _pod_of(server, "one")["metadata"]["name"]
    answer = _log(server, pod)
    assert (answer.status_code, answer.text) == (200, "")
    assert answer.headers["content-type"].startswith("text/plain")


@pytest.mark.parametrize(
    ("name", "query", "message"),
    [
        ("no-name", "", "a container name must be specified for pod {pod}, choose one of: [a b]"),
        ("unknown", "?container=c", "container c is not valid for pod {pod}"),
        (
            "previous",
            "?container=a&previous=true",
            'previous terminated container "a" in pod "{pod}" not found',
        ),
    ],
    ids=["two-containers-no-name", "unknown-container", "no-previous-instance"],
)
def test_log_errors_are_upstream_bad_requests(
    server: ServerThread, name: str, query: str, message: str
) -> None:
    """Which container, and whether it has a log, as the apiserver and kubelet decide."""
    _job(server, name, ["a", "b"])
    _advance(server, 2)
    pod = _pod_of(server, name)["metadata"]["name"]
    answer = _log(server, pod, query)
    assert answer.status_code == 400
    body = answer.json()
    assert (body["kind"], body["reason"], body["code"]) == ("Status", "BadRequest", 400)
    assert body["message"] == message.format(pod=pod)


def test_missing_pod_is_not_found(server: ServerThread) -> None:
    """No such pod: 404 NotFound, as for a GET of the pod."""
    answer = _log(server, "nosuch")
    assert answer.status_code == 404
    assert answer.json()["message"] == 'pods "nosuch" not found'


def test_discovery_lists_pods_log(server: ServerThread) -> None:
    """``/api/v1`` lists ``pods/log`` with the ``get`` verb."""
    resources = httpx.get(f"{server.url}/api/v1", timeout=10).json()["resources"]
    (entry,) = [r for r in resources if r["name"] == "pods/log"]
    assert (entry["kind"], entry["verbs"], entry["namespaced"]) == ("Pod", ["get"], True)


@pytest.mark.skipif(not KUBECTL.exists(), reason="kubectl is not installed")
def test_kubectl_logs_of_a_job(
    server: ServerThread, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """``kubectl logs job/NAME`` finds the Job's pod and prints its (empty) log, exit 0."""
    _job(server, "logged", ["main"])
    _advance(server, 2)
    kubectl = Kubectl(server.url, tmp_path_factory.mktemp("kube"))
    result = kubectl("logs", "job/logged")
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


@pytest.mark.parametrize(
    ("state", "message"),
    [
        ({"waiting": {"reason": "ContainerCreating"}}, "is waiting to start: ContainerCreating"),
        ({}, "is waiting to start - no logs yet"),
        (None, "is not available"),
        ({"terminated": {"exitCode": 0}}, None),
    ],
    ids=["waiting", "no-state", "no-status", "terminated"],
)
def test_kubelet_log_status(state: dict[str, Any] | None, message: str | None) -> None:
    """``validateContainerLogStatus`` for a bound pod's container, by its state."""
    status: dict[str, Any] = {}
    if state is not None:
        status["containerStatuses"] = [
            {
                "name": "c",
                "ready": False,
                "restartCount": 0,
                "image": "i",
                "imageID": "",
                "state": state,
            }
        ]
    pod = Pod.model_validate(
        {
            "metadata": {"name": "p"},
            "spec": {"nodeName": "node-0", "containers": [{"name": "c", "image": "i"}]},
            "status": status,
        }
    )
    expected = None if message is None else f'container "c" in pod "p" {message}'
    assert kubelet_error(pod, "c", previous=False) == expected
