"""We test these aspects:

- init containers run one after the other before the regular containers; the Job's pod and the
  Job complete when the regular containers are done;
- restartable init containers (sidecars, ``restartPolicy: Always``) start and let the next init
  container go, keep running beside the main container, are stopped once the regular containers
  end, and do not block the pod's ``Succeeded`` phase nor the Job's completion;
- a Job whose pod has a sidecar still fails on its deadline: the pod (sidecar included) is
  terminated and the Job turns Failed once it is gone;
- Indexed Jobs put ``JOB_COMPLETION_INDEX`` on sidecars too.

Upstream sources: ``pkg/kubelet/kuberuntime/kuberuntime_container.go`` and
``pkg/kubelet/kubelet_pods.go`` (``getPhase`` ignores restartable init containers), KEP-753
(sidecar containers), ``pkg/controller/job/job_controller.go`` (``getFinishedTime`` includes
sidecars), ``test/integration/job/job_test.go`` (``TestJobPodsWithSidecars``...).
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from feature_support import behavior, jobsim_run

from jobsim.api.core_v1 import ContainerStatus, Pod
from jobsim.behavior import BehaviorSet
from jobsim.clock import DEFAULT_EPOCH
from jobsim.simulation import Simulation

INIT = {"name": "first", "image": "busybox"}
SIDECAR = {"name": "side", "image": "busybox", "restartPolicy": "Always"}
SECOND = {"name": "second", "image": "busybox"}

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "features" / "sidecars.yaml"


def _job(name: str, init: list[dict[str, Any]], **spec: Any) -> dict[str, Any]:
    """A Job whose pod has ``init`` containers and one ``main`` container."""
    pod_spec = {
        "restartPolicy": "Never",
        "initContainers": init,
        "containers": [{"name": "main", "image": "busybox"}],
    }
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim(duration: float = 10.0) -> Simulation:
    """Init containers run 5 s; regular containers ``duration`` s; all exit 0."""
    return Simulation(behaviors=BehaviorSet.of(behavior(duration=duration, init_duration=5)))


def at(seconds: float) -> Any:
    """The datetime of simulated ``seconds``."""
    return DEFAULT_EPOCH + timedelta(seconds=seconds)


def _pod(sim: Simulation) -> Pod:
    (pod,) = [p for p in sim.api.list("pods").items if isinstance(p, Pod)]
    return pod


def _runs(statuses: list[ContainerStatus] | None) -> dict[str, tuple[Any, Any, int]]:
    """name -> (started, finished, exit code) of terminated containers."""
    out = {}
    for status in statuses or []:
        term = status.state.terminated
        assert term is not None, status.name
        out[status.name] = (term.started_at, term.finished_at, term.exit_code)
    return out


def test_init_containers_run_before_main() -> None:
    """Two init containers of 5 s: main starts at 10 s, the pod succeeds at 20 s."""
    sim = _sim()
    sim.apply(_job("i", [INIT, SECOND]))
    sim.run()
    pod = _pod(sim)
    assert pod.status.phase == "Succeeded"
    assert _runs(pod.status.init_container_statuses) == {
        "first": (at(0), at(5), 0),
        "second": (at(5), at(10), 0),
    }
    assert _runs(pod.status.container_statuses) == {"main": (at(10), at(20), 0)}
    job = sim.job("i")
    assert job.status.completion_time == at(21)
    assert job.status.succeeded == 1


def test_sidecar_does_not_block_completion() -> None:
    """A sidecar runs beside main and is stopped when main ends: Succeeded, Job complete."""
    sim = _sim()
    sim.apply(_job("s", [INIT, SIDECAR, SECOND]))
    sim.run()
    pod = _pod(sim)
    assert pod.status.phase == "Succeeded"
    # The sidecar starts after "first" and lets "second" start at once; it stops with main.
    assert _runs(pod.status.init_container_statuses) == {
        "first": (at(0), at(5), 0),
        "side": (at(5), at(20), 0),
        "second": (at(5), at(10), 0),
    }
    assert _runs(pod.status.container_statuses) == {"main": (at(10), at(20), 0)}
    job = sim.job("s")
    assert [c.type for c in job.status.conditions or []] == ["SuccessCriteriaMet", "Complete"]
    assert job.status.completion_time == at(21)
    assert (job.status.succeeded, job.status.failed) == (1, 0)


def test_sidecar_pod_terminated_on_deadline() -> None:
    """Deadline at 20 s: the pod and its sidecar are killed; Failed once the pod is gone."""
    sim = _sim(duration=100)
    sim.apply(_job("d", [SIDECAR], activeDeadlineSeconds=20))
    sim.run()
    job = sim.job("d")
    assert [(c.type, c.reason, c.last_transition_time) for c in job.status.conditions or []] == [
        ("FailureTarget", "DeadlineExceeded", at(20)),
        ("Failed", "DeadlineExceeded", at(21)),
    ]
    assert job.status.failed == 1
    assert [(r.finished, r.phase, r.deleted) for r in sim.timeline()] == [(20.0, "Failed", True)]


def test_indexed_sidecar_gets_completion_index_env() -> None:
    """Indexed: the sidecar, like every init container, gets ``JOB_COMPLETION_INDEX``."""
    sim = _sim()
    sim.apply(_job("x", [SIDECAR], completions=1, completionMode="Indexed"))
    sim.run(1)
    (side,) = _pod(sim).spec.init_containers or []
    assert [e.name for e in side.env or []] == ["JOB_COMPLETION_INDEX"]
    assert side.restart_policy == "Always"


def test_scenario_manifest() -> None:
    """``scenarios/features/sidecars.yaml`` runs to its documented outcome."""
    status = jobsim_run(SCENARIO)["status"]
    assert status["succeeded"] == 1
    assert status["completionTime"] == "2026-01-01T00:00:11Z"
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet", "Complete"]
