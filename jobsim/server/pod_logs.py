"""``GET .../pods/NAME/log``: the pod log subresource, with the apiserver's and kubelet's errors.

Owns :func:`pod_log`. jobsim runs no containers, so a container that has started has an empty
log (``kubectl logs`` prints nothing and succeeds). What is checked is upstream's: the
``container`` parameter (``validateContainer`` in ``pkg/registry/core/pod/strategy.go``: the
only container by default, else "a container name must be specified for pod X, choose one
of: [a b]"; an unknown name is "container c is not valid for pod X"), a pod not yet bound to
a node (an empty log, as ``LogLocation`` returns no location), and the kubelet's container
states (``validateContainerLogStatus`` in ``pkg/kubelet/kubelet_pods.go``: a waiting
container is "container "c" in pod "x" is waiting to start: ContainerCreating"; ``previous``
needs a terminated previous instance). Errors are 400 BadRequest ``Status`` objects.
Imports the apiserver facade's types and the errors; no simulation internals.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from jobsim.api.core_v1 import Pod
from jobsim.api.core_v1_pod import ContainerStatus
from jobsim.errors import new_bad_request
from jobsim.server.driver import SimDriver
from jobsim.server.request_info import RequestInfo

__all__ = ["kubelet_error", "pod_log"]


def _container_names(pod: Pod) -> list[str]:
    """Every container of the pod, in ``VisitContainers`` order: init, regular, ephemeral."""
    spec = pod.spec
    names = [c.name for c in spec.init_containers or ()]
    names += [c.name for c in spec.containers]
    ephemeral = [c for c in spec.ephemeral_containers or () if isinstance(c, dict)]
    names += [str(c.get("name", "")) for c in ephemeral]
    return names


def _validate_container(container: str, pod: Pod) -> str:
    """``validateContainer``: the container whose log is read."""
    name = pod.metadata.name or ""
    if not container:
        if len(pod.spec.containers) == 1:
            return pod.spec.containers[0].name
        if not pod.spec.containers:
            raise new_bad_request(f"a container name must be specified for pod {name}")
        choices = " ".join(_container_names(pod))
        raise new_bad_request(
            f"a container name must be specified for pod {name}, choose one of: [{choices}]"
        )
    if container not in _container_names(pod):
        raise new_bad_request(f"container {container} is not valid for pod {name}")
    return container


def _status_of(pod: Pod, container: str) -> ContainerStatus | None:
    status = pod.status
    for statuses in (
        status.init_container_statuses,
        status.container_statuses,
        status.ephemeral_container_statuses,
    ):
        for found in statuses or ():
            if found.name == container:
                return found
    return None


def kubelet_error(pod: Pod, container: str, *, previous: bool) -> str | None:
    """``validateContainerLogStatus``: why the kubelet has no log for it, or None."""
    where = f'container "{container}" in pod "{pod.metadata.name or ""}"'
    status = _status_of(pod, container)
    if status is None:
        return f"{where} is not available"
    state, last = status.state, status.last_state
    if previous:
        if last.terminated is None:
            return f"previous terminated {where} not found"
        return None
    if state.running is not None or state.terminated is not None:
        return None
    if last.terminated is not None:
        return None
    if state.waiting is not None:
        return f"{where} is waiting to start: {state.waiting.reason}"
    return f"{where} is waiting to start - no logs yet"


async def pod_log(driver: SimDriver, request: Request, info: RequestInfo) -> Response:
    """The (empty) log of one container of one pod, or upstream's 400 error."""
    assert info.name is not None
    pod = driver.api.get("pods", info.name, namespace=info.namespace)
    assert isinstance(pod, Pod)
    params = request.query_params
    container = _validate_container(params.get("container", ""), pod)
    if pod.spec.node_name:
        previous = params.get("previous", "").lower() in ("1", "t", "true")
        error = kubelet_error(pod, container, previous=previous)
        if error is not None:
            raise new_bad_request(error)
    return PlainTextResponse("")
