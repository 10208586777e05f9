"""We test these aspects:

- completionMode Indexed end to end through ``Simulation``: completions 5 / parallelism 2
  completes with ``completedIndexes: "0-4"``, pods created lowest index first;
- the shape of an Indexed pod: completion-index annotation and label, hostname ``<job>-<i>``,
  generateName ``<job>-<i>-``, ``JOB_COMPLETION_INDEX`` env on init and regular containers (kept
  when the template already defines it);
- one ``sync_job`` over hand-made pods, modelled on upstream ``TestControllerSyncJob`` cases
  (repeated, missing, invalid and out-of-range indexes are removed first; lowest missing indexes
  are created; failed pods with a valid index are counted);
- ``completedIndexes`` in the canonical interval format (``1,3-5,7``; a run of two is ``0,1``);
- elastic Indexed Jobs: completions and parallelism changed together shrink the index range
  (out-of-range pods deleted and not counted, ``status.succeeded`` may decrease) or grow it.

Upstream sources: ``pkg/controller/job/job_controller_test.go`` (``TestControllerSyncJob``),
``pkg/controller/job/indexed_job_utils.go``, ``test/integration/job/job_test.go``
(``TestIndexedJob``, ``TestElasticIndexedJob``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, NamedTuple

import pytest
from feature_support import behavior, jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.simulation import Simulation

INDEX_KEY = "batch.kubernetes.io/job-completion-index"
FINALIZER = "batch.kubernetes.io/job-tracking"

SCENARIO = Path(__file__).resolve().parent.parent / "scenarios" / "features" / "indexed.yaml"


def _job(name: str, template: dict[str, Any] | None = None, **spec: Any) -> dict[str, Any]:
    """A Job manifest with one ``main`` container and ``restartPolicy: Never``."""
    pod_spec: dict[str, Any] = {
        "restartPolicy": "Never",
        "containers": [{"name": "main", "image": "busybox"}],
    }
    pod_spec.update(template or {})
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": {"spec": pod_spec}},
    }


def _sim(*behaviors: PodBehavior) -> Simulation:
    """A simulation whose pods follow ``behaviors`` (first match), else run 10 s and exit 0."""
    return Simulation(behaviors=BehaviorSet.of(*behaviors, PodBehavior()))


def _on(indexes: str, **kwargs: Any) -> PodBehavior:
    """A behaviour for the pods of the given completion indexes (``"2,3"``)."""
    return behavior(selector=f"{INDEX_KEY} in ({indexes})", **kwargs)


def _pods(sim: Simulation) -> list[Pod]:
    return [p for p in sim.api.list("pods").items if isinstance(p, Pod)]


class Bench:
    """A cluster without kubelet and informers: pods stay as written; ``sync()`` syncs once."""

    def __init__(self, manifest: dict[str, Any]) -> None:
        self.sim = Simulation(behaviors=BehaviorSet.of(PodBehavior()))
        self.sim.kubelet.stop()
        self.sim.job_controller.stop()
        (job,) = self.sim.apply(manifest)
        assert isinstance(job, Job)
        self.job = job
        self.name = job.metadata.name or ""
        self.count = 0

    def pod(self, phase: str, index: str | None) -> str:
        """Create an owned pod with the tracking finalizer, in ``phase``; return its name."""
        self.count += 1
        name = f"p{self.count:02d}"
        labels = dict(self.job.spec.template.metadata.labels or {})
        meta: dict[str, Any] = {
            "name": name,
            "namespace": "default",
            "labels": labels,
            "finalizers": [FINALIZER],
            "ownerReferences": [
                {
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "name": self.name,
                    "uid": self.job.metadata.uid,
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        }
        if index is not None:
            meta["annotations"] = {INDEX_KEY: index}
        self.sim.api.create(
            "pods",
            {
                "apiVersion": "v1",
                "kind": "Pod",
                "metadata": meta,
                "spec": {
                    "containers": [{"name": "main", "image": "busybox"}],
                    "restartPolicy": "Never",
                    "nodeName": "node-0",
                },
            },
        )
        self.sim.api.patch_status(
            "pods",
            name,
            {"status": {"phase": phase}},
            namespace="default",
            patch_type="application/merge-patch+json",
        )
        return name

    def sync(self, after: float = 1000.0) -> Job:
        """Let ``after`` seconds pass (pods finished long ago), run one ``sync_job``."""
        self.sim.run(self.sim.now + after)
        self.sim.job_controller.sync_job(f"default/{self.name}")
        return self.sim.job(self.name)

    def events(self, reason: str) -> list[str]:
        """Messages of the Job's events with ``reason``."""
        return [e.message for e in self.sim.events() if e.reason == reason]


def test_indexed_job_completes_with_all_indexes() -> None:
    """completions 5, parallelism 2: Complete with ``completedIndexes: "0-4"``, lowest first."""
    sim = _sim()
    sim.apply(_job("idx", completions=5, parallelism=2, completionMode="Indexed"))
    sim.run()
    job = sim.job("idx")
    assert job.status.completed_indexes == "0-4"
    assert job.status.succeeded == 5
    assert job.status.failed == 0
    assert [(c.type, c.status, c.reason) for c in job.status.conditions or []] == [
        ("SuccessCriteriaMet", "True", "CompletionsReached"),
        ("Complete", "True", "CompletionsReached"),
    ]
    # Pod-triggered syncs run 1 s after the pods end (every 10 s): indexes in ascending order.
    assert [(r.index, r.created) for r in sim.timeline()] == [
        (0, 0.0),
        (1, 0.0),
        (2, 11.0),
        (3, 11.0),
        (4, 22.0),
    ]


def test_indexed_pod_shape() -> None:
    """An Indexed pod carries its index as annotation, label, hostname, name prefix and env."""
    bench = Bench(
        _job(
            "shape",
            {
                "initContainers": [{"name": "init", "image": "busybox"}],
                "containers": [
                    {"name": "main", "image": "busybox"},
                    {
                        "name": "own",
                        "image": "busybox",
                        "env": [{"name": "JOB_COMPLETION_INDEX", "value": "mine"}],
                    },
                ],
            },
            completions=3,
            parallelism=2,
            completionMode="Indexed",
        )
    )
    bench.sync()
    pods = sorted(_pods(bench.sim), key=lambda p: (p.metadata.annotations or {})[INDEX_KEY])
    assert [(p.metadata.annotations or {})[INDEX_KEY] for p in pods] == ["0", "1"]
    for i, pod in enumerate(pods):
        assert (pod.metadata.labels or {})[INDEX_KEY] == str(i)
        assert pod.metadata.generate_name == f"shape-{i}-"
        assert (pod.metadata.name or "").startswith(f"shape-{i}-")
        assert len(pod.metadata.name or "") == len(f"shape-{i}-") + 5
        assert pod.spec.hostname == f"shape-{i}"
        envs = {
            c.name: [(e.name, e.value, e.value_from) for e in c.env or []]
            for c in [*(pod.spec.init_containers or []), *pod.spec.containers]
        }
        assert envs["own"] == [("JOB_COMPLETION_INDEX", "mine", None)]
        for container in ("init", "main"):
            ((name, value, source),) = envs[container]
            assert (name, value) == ("JOB_COMPLETION_INDEX", "")
            assert source is not None and source.field_ref is not None
            assert source.field_ref.field_path == f"metadata.labels['{INDEX_KEY}']"


class SyncCase(NamedTuple):
    """One upstream ``TestControllerSyncJob`` case: the pods, then the sync's outcome."""

    name: str
    parallelism: int
    completions: int
    pods: list[tuple[str | None, str]]
    """(completion-index annotation or None, phase)"""
    created: list[int]
    deletions: int
    active: int
    succeeded: int
    failed: int
    completed: str


SYNC_CASES = [
    SyncCase(
        "indexed job repeated completed index",
        2,
        3,
        [("0", "Succeeded"), ("1", "Succeeded"), ("1", "Succeeded")],
        [2],
        0,
        1,
        2,
        0,
        "0,1",
    ),
    SyncCase(
        "indexed job some running and completed pods",
        8,
        20,
        [
            ("0", "Running"),
            ("2", "Succeeded"),
            ("3", "Pending"),
            ("4", "Succeeded"),
            ("5", "Succeeded"),
            ("7", "Succeeded"),
            ("8", "Succeeded"),
            ("9", "Succeeded"),
        ],
        [1, 6, 10, 11, 12, 13],
        0,
        8,
        6,
        0,
        "2,4,5,7-9",
    ),
    SyncCase(
        "indexed job some failed pods",
        3,
        4,
        [("0", "Failed"), ("1", "Pending"), ("2", "Failed")],
        [0, 2],
        0,
        3,
        0,
        2,
        "",
    ),
    SyncCase(
        "indexed job some pods without index",
        2,
        5,
        [
            (None, "Running"),
            (None, "Succeeded"),
            (None, "Failed"),
            ("invalid", "Running"),
            ("invalid", "Succeeded"),
            ("invalid", "Failed"),
            ("invalid", "Pending"),
            ("0", "Succeeded"),
            ("1", "Running"),
            ("2", "Running"),
        ],
        [],
        3,
        2,
        1,
        0,
        "0",
    ),
    SyncCase(
        "indexed job repeated indexes",
        5,
        5,
        [
            ("invalid", "Running"),
            ("0", "Succeeded"),
            ("1", "Running"),
            ("2", "Running"),
            ("2", "Pending"),
        ],
        [],
        2,
        2,
        1,
        0,
        "0",
    ),
    SyncCase(
        "indexed job with indexes outside of range",
        2,
        5,
        [
            ("0", "Succeeded"),
            ("5", "Running"),
            ("6", "Succeeded"),
            ("7", "Pending"),
            ("8", "Failed"),
        ],
        [],
        2,
        0,
        1,
        0,
        "0",
    ),
]


@pytest.mark.parametrize("case", SYNC_CASES, ids=[c.name for c in SYNC_CASES])
def test_one_sync_over_indexed_pods(case: SyncCase) -> None:
    """One sync creates the lowest missing indexes or removes bad/duplicate ones (upstream case)."""
    bench = Bench(
        _job(
            "ix",
            completions=case.completions,
            parallelism=case.parallelism,
            completionMode="Indexed",
        )
    )
    before = {bench.pod(phase, index) for index, phase in case.pods}
    job = bench.sync()
    new = [p for p in _pods(bench.sim) if p.metadata.name not in before]
    assert sorted(int((p.metadata.annotations or {})[INDEX_KEY]) for p in new) == case.created
    assert len(bench.events("SuccessfulDelete")) == case.deletions
    assert job.status.active == case.active
    assert job.status.succeeded == case.succeeded
    assert job.status.failed == case.failed
    assert job.status.completed_indexes == case.completed


def test_duplicates_and_invalid_indexes_go_first() -> None:
    """Scale-down removes the pod without index, the out-of-range one and a duplicate first."""
    bench = Bench(_job("dup", completions=4, parallelism=4, completionMode="Indexed"))
    dup_a = bench.pod("Running", "0")
    dup_b = bench.pod("Running", "0")
    no_index = bench.pod("Running", None)
    out_of_range = bench.pod("Running", "7")
    bench.pod("Succeeded", "1")
    job = bench.sync()
    # wantActive = min(4 - 1, 4) = 3 of 4 active, but every bad pod goes: 3 deletions.
    deleted = {m.removeprefix("Deleted pod: ") for m in bench.events("SuccessfulDelete")}
    assert deleted == {no_index, out_of_range, dup_a}
    assert dup_b not in deleted
    assert (job.status.active, job.status.terminating) == (1, 3)
    assert job.status.completed_indexes == "1"


@pytest.mark.parametrize(
    ("completions", "slow", "completed"),
    [(8, "0,2,6", "1,3-5,7"), (8, "2,3,4,5,6,7", "0,1"), (4, "1", "0,2,3")],
    ids=["runs-of-three-collapse", "run-of-two-listed", "gap"],
)
def test_completed_indexes_canonical_format(completions: int, slow: str, completed: str) -> None:
    """``completedIndexes`` lists ascending intervals; runs of 3+ are ``a-b``, pairs ``a,b``."""
    sim = _sim(_on(slow, duration=1000))
    sim.apply(_job("fmt", completions=completions, parallelism=8, completionMode="Indexed"))
    sim.run(30)
    job = sim.job("fmt")
    assert job.status.completed_indexes == completed
    assert job.status.succeeded == completions - len(slow.split(","))


def test_elastic_scale_down_deletes_out_of_range_pods_uncounted() -> None:
    """Shrinking completions=parallelism deletes pods of removed indexes without counting them."""
    sim = _sim(_on("3,4", duration=100), behavior(duration=20))
    sim.apply(_job("el", completions=5, parallelism=5, completionMode="Indexed"))
    sim.run(5)
    sim.api.patch("jobs", "el", {"spec": {"completions": 3, "parallelism": 3}}, namespace="default")
    sim.run()
    job = sim.job("el")
    assert job.status.completed_indexes == "0-2"
    assert (job.status.succeeded, job.status.failed) == (3, 0)
    assert job.is_finished()
    deleted = sorted(r.index for r in sim.timeline() if r.deleted and r.index is not None)
    assert deleted == [3, 4]


def test_elastic_scale_down_lowers_succeeded() -> None:
    """Shrinking below succeeded indexes hides them: ``status.succeeded`` decreases."""
    sim = _sim(_on("0,1,2", duration=100), behavior(duration=5))
    sim.apply(_job("dec", completions=5, parallelism=5, completionMode="Indexed"))
    sim.run(10)
    before = sim.job("dec").status
    assert (before.completed_indexes, before.succeeded) == ("3,4", 2)
    sim.api.patch(
        "jobs", "dec", {"spec": {"completions": 3, "parallelism": 3}}, namespace="default"
    )
    sim.run(12)
    after = sim.job("dec").status
    assert (after.completed_indexes, after.succeeded) == ("", 0)
    sim.run()
    assert sim.job("dec").status.completed_indexes == "0-2"


def test_elastic_scale_up_creates_new_indexes() -> None:
    """Growing completions=parallelism creates pods for the new indexes."""
    sim = _sim(behavior(duration=50))
    sim.apply(_job("up", completions=2, parallelism=2, completionMode="Indexed"))
    sim.run(10)
    sim.api.patch("jobs", "up", {"spec": {"completions": 4, "parallelism": 4}}, namespace="default")
    sim.run()
    job = sim.job("up")
    assert job.status.completed_indexes == "0-3"
    assert [(r.index, r.created) for r in sim.timeline()] == [
        (0, 0.0),
        (1, 0.0),
        (2, 10.0),
        (3, 10.0),
    ]


def test_scenario_manifest() -> None:
    """``scenarios/features/indexed.yaml`` runs to its documented outcome."""
    status = jobsim_run(SCENARIO)["status"]
    assert status["completedIndexes"] == "0-4"
    assert status["succeeded"] == 5
    assert status["completionTime"] == "2026-01-01T00:00:33Z"
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet", "Complete"]
