"""We test these aspects:

- ``FailJob`` on exit codes: FailureTarget then Failed with reason ``PodFailurePolicy`` and the
  upstream message naming container, pod, exit code and rule index; a Warning event; the other
  active pods deleted and counted as failed; it wins over ``backoffLimit``;
- ``FailJob`` on the ``DisruptionTarget`` condition (``Pod <ns>/<pod> has condition ...``);
- ``Ignore`` on ``DisruptionTarget`` for every way the kubelet disrupts a pod (eviction API,
  preemption, taint manager, node-pressure eviction, PodGC, ``kubectl drain``): not counted in
  ``status.failed``, replaced — after the 10 s re-creation delay, which ignored failures advance;
- ``Count``: the default counting, so ``backoffLimit: 0`` fails the Job;
- first matching rule wins; ``In``/``NotIn``, ``containerName``, init container statuses, and exit
  code 0 never matching, in one ``sync_job`` over hand-made pod statuses;
- ``FailIndex`` (with ``backoffLimitPerIndex``): the index fails at once, without retries.

Upstream sources: ``pkg/controller/job/pod_failure_policy.go`` (``matchPodFailurePolicy``),
``job_controller.go`` (``getFailJobMessage``), ``job_controller_test.go``
(``TestSyncJobWithJobPodFailurePolicy``), ``pod_failure_policy_test.go``
(``TestMatchPodFailurePolicy``), ``test/integration/job/job_test.go`` (``TestJobPodFailurePolicy``,
``TestJobPodFailurePolicyWithFailedPodDeletedDuringControllerRestart``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from feature_support import behavior, jobsim_run

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.kubelet import disruption
from jobsim.simulation import Simulation

FINALIZER = "batch.kubernetes.io/job-tracking"
INDEX_KEY = "batch.kubernetes.io/job-completion-index"
IGNORE_DISRUPTION = {
    "rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]
}

SCENARIO = (
    Path(__file__).resolve().parent.parent / "scenarios" / "features" / "pod-failure-policy.yaml"
)


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


def _sim(*behaviors: PodBehavior, nodes: int = 1) -> Simulation:
    """A simulation whose pods follow ``behaviors`` (first match), else run 10 s and exit 0."""
    return Simulation(behaviors=BehaviorSet.of(*behaviors, PodBehavior()), nodes=nodes)


def _pod_names(sim: Simulation) -> list[str]:
    return sorted(p.metadata.name or "" for p in sim.api.list("pods").items if isinstance(p, Pod))


def _conditions(job: Job) -> list[tuple[str, str, str]]:
    return [(c.type, c.reason, c.message) for c in job.status.conditions or []]


def _warnings(sim: Simulation) -> list[tuple[str, str]]:
    return [(e.reason, e.message) for e in sim.events() if e.type == "Warning"]


def test_fail_job_on_exit_code() -> None:
    """An exit code matching FailJob fails the Job; the other pod is deleted and counted."""
    sim = _sim(behavior(duration=100))
    policy = {
        "rules": [
            {
                "action": "FailJob",
                "onExitCodes": {"containerName": "main", "operator": "In", "values": [42]},
            }
        ]
    }
    sim.apply(_job("f", parallelism=2, completions=4, podFailurePolicy=policy))
    sim.run(5)
    victim = _pod_names(sim)[0]
    sim.kubelet.fail_pod(victim, exit_code=42)
    sim.run()
    job = sim.job("f")
    message = (
        f"Container main for pod default/{victim} failed with exit code 42 "
        "matching FailJob rule at index 0"
    )
    assert _conditions(job) == [
        ("FailureTarget", "PodFailurePolicy", message),
        ("Failed", "PodFailurePolicy", message),
    ]
    assert (job.status.failed, job.status.succeeded, job.status.active) == (2, 0, 0)
    assert _warnings(sim) == [("PodFailurePolicy", message)]


def test_fail_job_wins_over_backoff_limit() -> None:
    """With backoffLimit 0 a FailJob match still reports PodFailurePolicy (checked first)."""
    sim = _sim(behavior(exit_codes=3))
    policy = {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [3]}}]}
    sim.apply(_job("w", backoffLimit=0, podFailurePolicy=policy))
    sim.run()
    assert [r for _, r, _ in _conditions(sim.job("w"))] == ["PodFailurePolicy"] * 2


def test_fail_job_on_disruption_condition() -> None:
    """A DisruptionTarget condition matching FailJob: ``Pod <ns>/<pod> has condition ...``."""
    sim = _sim(behavior(duration=100))
    policy = {"rules": [{"action": "FailJob", "onPodConditions": [{"type": "DisruptionTarget"}]}]}
    sim.apply(_job("d", podFailurePolicy=policy))
    sim.run(5)
    (victim,) = _pod_names(sim)
    sim.kubelet.evict(victim, reason=disruption.PREEMPTION_BY_SCHEDULER)
    sim.run()
    message = (
        f"Pod default/{victim} has condition DisruptionTarget matching FailJob rule at index 0"
    )
    assert _conditions(sim.job("d"))[-1] == ("Failed", "PodFailurePolicy", message)


@pytest.mark.parametrize(
    "reason",
    [
        disruption.EVICTION_BY_EVICTION_API,
        disruption.PREEMPTION_BY_SCHEDULER,
        disruption.DELETION_BY_TAINT_MANAGER,
        disruption.TERMINATION_BY_KUBELET,
        disruption.DELETION_BY_POD_GC,
    ],
)
def test_ignore_disruption_is_not_counted(reason: str) -> None:
    """An ignored disruption is not counted; the replacement waits the 10 s re-creation delay."""
    sim = _sim(behavior(duration=30))
    sim.apply(_job("g", podFailurePolicy=IGNORE_DISRUPTION, backoffLimit=0))
    sim.run(5)
    (victim,) = _pod_names(sim)
    sim.kubelet.evict(victim, reason=reason)
    sim.run()
    job = sim.job("g")
    assert (job.status.succeeded, job.status.failed) == (1, 0)
    assert [c[0] for c in _conditions(job)] == ["SuccessCriteriaMet", "Complete"]
    # Failed at 5 s; the ignored failure still feeds the backoff record: 5 + 10 s.
    assert [(r.created, r.phase) for r in sim.timeline()] == [(0.0, "Failed"), (15.0, "Succeeded")]


def test_ignore_node_drain() -> None:
    """``kubectl drain`` evicts through the API: ignored, replaced on another node."""
    sim = _sim(behavior(duration=30), nodes=2)
    sim.apply(_job("n", parallelism=2, completions=2, podFailurePolicy=IGNORE_DISRUPTION))
    sim.run(5)
    assert len(sim.kubelet.drain_node("node-0")) == 1
    sim.run()
    job = sim.job("n")
    assert (job.status.succeeded, job.status.failed) == (2, 0)
    assert [(r.node, r.created, r.phase) for r in sim.timeline()] == [
        ("node-0", 0.0, "Failed"),
        ("node-1", 0.0, "Succeeded"),
        ("node-1", 15.0, "Succeeded"),
    ]


def test_count_rule_counts_toward_backoff_limit() -> None:
    """A Count match is counted: backoffLimit 0 fails the Job with BackoffLimitExceeded."""
    sim = _sim(behavior(exit_codes=5))
    policy = {"rules": [{"action": "Count", "onExitCodes": {"operator": "In", "values": [5]}}]}
    sim.apply(_job("c", backoffLimit=0, podFailurePolicy=policy))
    sim.run()
    job = sim.job("c")
    assert _conditions(job)[-1] == (
        "Failed",
        "BackoffLimitExceeded",
        "Job has reached the specified backoff limit",
    )
    assert job.status.failed == 1


@pytest.mark.parametrize(
    ("exit_code", "finished"),
    [(42, ""), (43, "FailJob rule at index 1")],
    ids=["ignore-rule-first", "fail-job-second"],
)
def test_first_matching_rule_wins(exit_code: int, finished: str) -> None:
    """Rules are tried in order: exit 42 hits Ignore (rule 0) before FailJob NotIn [0] (rule 1)."""
    sim = _sim(behavior(exit_codes=exit_code))
    policy = {
        "rules": [
            {"action": "Ignore", "onExitCodes": {"operator": "In", "values": [42]}},
            {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [0]}},
        ]
    }
    sim.apply(_job("r", podFailurePolicy=policy))
    sim.run(40)
    job = sim.job("r")
    if finished:
        assert _conditions(job)[-1][1] == "PodFailurePolicy"
        assert _conditions(job)[-1][2].endswith(finished)
    else:
        assert not job.is_finished()
        assert job.status.failed == 0
        # Ignored failures at 10, 30: re-created 10 s then 20 s after each.
        assert [r.created for r in sim.timeline()] == [0.0, 20.0]


class Bench:
    """A cluster without kubelet and informers: one pod's status as written; one sync."""

    def __init__(self, policy: dict[str, Any], **spec: Any) -> None:
        self.sim = Simulation(behaviors=BehaviorSet.of(PodBehavior()))
        self.sim.kubelet.stop()
        self.sim.job_controller.stop()
        template = {
            "initContainers": [{"name": "setup", "image": "busybox"}],
            "containers": [
                {"name": "main", "image": "busybox"},
                {"name": "helper", "image": "busybox"},
            ],
        }
        (job,) = self.sim.apply(_job("b", template, podFailurePolicy=policy, **spec))
        assert isinstance(job, Job)
        self.job = job

    def failed_pod(self, init: dict[str, int], regular: dict[str, int]) -> str:
        """Create an owned Failed pod whose containers exited with the given codes."""
        meta = {
            "name": "pod",
            "namespace": "default",
            "labels": dict(self.job.spec.template.metadata.labels or {}),
            "finalizers": [FINALIZER],
            "ownerReferences": [
                {
                    "apiVersion": "batch/v1",
                    "kind": "Job",
                    "name": "b",
                    "uid": self.job.metadata.uid,
                    "controller": True,
                    "blockOwnerDeletion": True,
                }
            ],
        }
        spec = self.job.spec.template.spec.to_dict()
        spec["nodeName"] = "node-0"
        self.sim.api.create(
            "pods", {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
        )

        def statuses(codes: dict[str, int]) -> list[dict[str, Any]]:
            return [
                {
                    "name": name,
                    "image": "busybox",
                    "imageID": "",
                    "ready": False,
                    "restartCount": 0,
                    "state": {"terminated": {"exitCode": code}},
                }
                for name, code in codes.items()
            ]

        status = {
            "phase": "Failed",
            "initContainerStatuses": statuses(init),
            "containerStatuses": statuses(regular),
        }
        self.sim.api.patch_status(
            "pods",
            "pod",
            {"status": status},
            namespace="default",
            patch_type="application/merge-patch+json",
        )
        return "pod"

    def sync(self) -> Job:
        """Let the re-creation delay pass, run one ``sync_job``, return the stored Job."""
        self.sim.run(1000)
        self.sim.job_controller.sync_job("default/b")
        return self.sim.job("b")


# (id, rule onExitCodes, init codes, regular codes, expected FailJob message suffix or None)
EXIT_CODE_CASES = [
    ("in-matches", {"operator": "In", "values": [5]}, {}, {"main": 5, "helper": 0}, "main"),
    ("in-no-match", {"operator": "In", "values": [6]}, {}, {"main": 5, "helper": 0}, None),
    ("notin-matches", {"operator": "NotIn", "values": [1]}, {}, {"main": 0, "helper": 7}, "helper"),
    ("notin-zero-never", {"operator": "NotIn", "values": [1]}, {}, {"main": 0, "helper": 0}, None),
    (
        "container-name-filters",
        {"containerName": "helper", "operator": "In", "values": [5]},
        {},
        {"main": 5, "helper": 0},
        None,
    ),
    (
        "container-name-matches",
        {"containerName": "helper", "operator": "In", "values": [5]},
        {},
        {"main": 5, "helper": 5},
        "helper",
    ),
    ("init-container", {"operator": "In", "values": [9]}, {"setup": 9}, {}, "setup"),
    ("regular-before-init", {"operator": "In", "values": [9]}, {"setup": 9}, {"main": 9}, "main"),
]


@pytest.mark.parametrize(
    ("on_exit_codes", "init", "regular", "container"),
    [c[1:] for c in EXIT_CODE_CASES],
    ids=[c[0] for c in EXIT_CODE_CASES],
)
def test_on_exit_codes_matching(
    on_exit_codes: dict[str, Any],
    init: dict[str, int],
    regular: dict[str, int],
    container: str | None,
) -> None:
    """onExitCodes: In/NotIn, containerName, non-zero codes only, containers before init."""
    bench = Bench({"rules": [{"action": "FailJob", "onExitCodes": on_exit_codes}]})
    pod = bench.failed_pod(init, regular)
    job = bench.sync()
    if container is None:
        assert not job.status.conditions
        assert job.status.failed == 1
        return
    code = {**init, **regular}[container]
    message = (
        f"Container {container} for pod default/{pod} failed with exit code {code} "
        "matching FailJob rule at index 0"
    )
    assert _conditions(job) == [
        ("FailureTarget", "PodFailurePolicy", message),
        ("Failed", "PodFailurePolicy", message),
    ]


def test_fail_index_fails_the_index_at_once() -> None:
    """FailIndex: index 1 fails on its first failure although backoffLimitPerIndex allows 2."""
    sim = _sim(behavior(selector=f"{INDEX_KEY}=1", exit_codes=42))
    policy = {"rules": [{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [42]}}]}
    sim.apply(
        _job(
            "x",
            completions=3,
            parallelism=3,
            completionMode="Indexed",
            backoffLimitPerIndex=2,
            podFailurePolicy=policy,
        )
    )
    sim.run()
    job = sim.job("x")
    assert (job.status.completed_indexes, job.status.failed_indexes) == ("0,2", "1")
    assert (job.status.succeeded, job.status.failed) == (2, 1)
    assert _conditions(job)[-1] == ("Failed", "FailedIndexes", "Job has failed indexes")
    assert len(sim.timeline()) == 3  # no retry of index 1


def test_scenario_manifest() -> None:
    """``scenarios/features/pod-failure-policy.yaml`` runs to its documented outcome."""
    job = jobsim_run(SCENARIO)
    assert job["spec"]["podReplacementPolicy"] == "Failed"  # defaulted by the policy
    status = job["status"]
    assert (status["succeeded"], status.get("failed", 0)) == (3, 0)
    assert [c["type"] for c in status["conditions"]] == ["SuccessCriteriaMet", "Complete"]
