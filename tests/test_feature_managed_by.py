"""We test these aspects:

- a Job with ``spec.managedBy`` naming another controller is left untouched: no pods, no status
  (no ``startTime``, no conditions), no events — through ``Simulation`` and in a direct
  ``sync_job`` (no write at all: the resourceVersion does not move);
- the built-in name ``kubernetes.io/job-controller`` is handled as usual;
- pods owned by an externally managed Job keep their tracking finalizer (the orphan cleanup skips
  them), even once they have finished.

Upstream sources: ``pkg/controller/job/job_controller.go`` (``managedByExternalController``,
``syncJob``, ``handleSingleOrphanPod``), ``job_controller_test.go`` (``TestSyncJobWhenManagedBy``),
``test/integration/job/job_test.go`` (``TestManagedBy``, ``TestManagedBy_Reenabling``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from feature_support import jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.simulation import Simulation

FINALIZER = "batch.kubernetes.io/job-tracking"

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "features" / "managed-by.yaml"


def _job(name: str, **spec: Any) -> dict[str, Any]:
    """A Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim() -> Simulation:
    return Simulation(behaviors=BehaviorSet.of(PodBehavior()))


def _pods(sim: Simulation) -> list[Pod]:
    return [p for p in sim.api.list("pods").items if isinstance(p, Pod)]


def test_external_job_is_left_untouched() -> None:
    """managedBy another controller: no pods, empty status, no events after ten minutes."""
    sim = _sim()
    sim.apply(_job("ext", managedBy="example.com/other", parallelism=2, completions=2))
    sim.run("10m")
    job = sim.job("ext")
    assert _pods(sim) == []
    assert job.status.to_dict() == {}
    assert sim.events() == []


def test_builtin_manager_name_is_handled() -> None:
    """``managedBy: kubernetes.io/job-controller`` is the built-in controller: runs normally."""
    sim = _sim()
    sim.apply(_job("own", managedBy="kubernetes.io/job-controller"))
    sim.run()
    assert [c.type for c in sim.job("own").status.conditions or []] == [
        "SuccessCriteriaMet",
        "Complete",
    ]


def test_direct_sync_writes_nothing() -> None:
    """A direct ``sync_job`` of an external Job changes nothing: same resourceVersion."""
    sim = _sim()
    sim.apply(_job("ext", managedBy="example.com/other"))
    before = sim.job("ext").metadata.resource_version
    sim.job_controller.sync_job("default/ext")
    after = sim.job("ext")
    assert after.metadata.resource_version == before
    assert after.status.start_time is None


def test_pods_of_external_job_keep_finalizer() -> None:
    """A finished pod owned by an external Job keeps the tracking finalizer (not an orphan)."""
    sim = _sim()
    (job,) = sim.apply(_job("ext", managedBy="example.com/other"))
    assert isinstance(job, Job)
    meta = {
        "name": "by-other",
        "namespace": "default",
        "labels": dict(job.spec.template.metadata.labels or {}),
        "finalizers": [FINALIZER],
        "ownerReferences": [
            {
                "apiVersion": "batch/v1",
                "kind": "Job",
                "name": "ext",
                "uid": job.metadata.uid,
                "controller": True,
                "blockOwnerDeletion": True,
            }
        ],
    }
    spec = {"restartPolicy": "Never", "containers": [{"name": "main", "image": "busybox"}]}
    sim.api.create("pods", {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec})
    sim.run("1m")
    (pod,) = _pods(sim)
    assert pod.status.phase == "Succeeded"
    assert pod.metadata.finalizers == [FINALIZER]
    assert sim.job("ext").status.to_dict() == {}


def test_scenario_manifest() -> None:
    """``scenarios/features/managed-by.yaml`` runs to its documented outcome: untouched."""
    job = jobsim_run(SCENARIO)
    assert job["spec"]["managedBy"] == "example.com/dispatcher"
    assert job.get("status", {}) == {}
