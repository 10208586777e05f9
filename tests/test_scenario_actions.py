"""We test these aspects: timeline actions, performed through the public API at their times.

- create/apply inline manifests; patch with each of the three patch types; scale; delete;
- pod actions through the kubelet's disruption API: fail, succeed, evict (API and kubelet
  reasons), delete; node actions: drain, cordon, uncordon;
- ``expectError``: an expected rejection passes, an unexpected one (or a missing one) is a failed
  result line with the apiserver's message; too few pods is a failed line and does nothing.
"""

from __future__ import annotations

import pytest

from jobsim.scenario import ScenarioResult, load_scenario


def job(name: str = "pi", extra: str = "", indent: str = "") -> str:
    """A Job manifest (restartPolicy Never, one container)."""
    text = (
        f"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {name}\nspec:\n{extra}"
        "  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n"
        "      restartPolicy: Never\n"
    )
    return "".join(f"{indent}{line}\n" for line in text.splitlines())


def run(body: str, manifests: str = job()) -> ScenarioResult:
    """Run manifests plus a Scenario document with ``body``."""
    text = manifests + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n" + body
    return load_scenario(text, name="t.yaml").run()


def lines(result: ScenarioResult) -> list[str]:
    """The result lines."""
    return [str(r) for r in result.results]


LONG = "behaviors:\n- duration: 1h\n"


@pytest.mark.parametrize(
    ("kind", "patch"),
    [
        ("strategic", "{spec: {parallelism: 3}}"),
        ("merge", "{spec: {parallelism: 3}}"),
        ("json", "[{op: replace, path: /spec/parallelism, value: 3}]"),
    ],
    ids=["strategic", "merge", "json"],
)
def test_patch_with_each_patch_type(kind: str, patch: str) -> None:
    """A patch action changes the Job through sim.api.patch; the controller reacts at once."""
    result = run(
        LONG
        + "until: 1m\ntimeline:\n"
        + f"- {{at: 10s, action: patch, name: pi, type: {kind}, patch: {patch}}}\n"
        + "expectations:\n- {check: field, job: pi, path: status.active, equals: 3, at: 10s}\n",
        job(extra="  parallelism: 1\n"),
    )
    assert result.passed, lines(result)
    assert result.actions[0].message == "patched"


def test_scale_up_and_down() -> None:
    """scale sets parallelism; lowering it deletes pods (SuccessfulDelete).

    The Job sets parallelism so that completions stays unset (``SetDefaults_Job`` sets both to 1
    when both are absent, and then scaling up would not add pods).
    """
    result = run(
        LONG
        + "until: 1m\ntimeline:\n- {at: 5s, action: scale, job: pi, parallelism: 4}\n"
        + "- {at: 20s, action: scale, job: pi, parallelism: 1}\n"
        + "expectations:\n- {check: field, job: pi, path: status.active, equals: 4, at: 5s}\n"
        + "- {check: field, job: pi, path: status.active, equals: 1, at: 20s}\n"
        + "- {check: events, job: pi, reason: SuccessfulDelete, equals: 3}\n",
        job(extra="  parallelism: 1\n"),
    )
    assert result.passed, lines(result)


def test_rejected_patch_is_a_failed_line_with_the_apiserver_message() -> None:
    """An action the apiserver rejects, not marked expectError, fails the run with its message."""
    result = run(
        "timeline:\n- {at: 1s, action: patch, name: pi, type: merge,"
        " patch: {spec: {completions: 5}}}\n"
    )
    assert not result.passed
    (failed,) = [r for r in result.results if not r.passed]
    assert failed.description == "timeline[0] at 1s: patch jobs/pi (merge)"
    assert failed.message.startswith('Error from server (Invalid): Job.batch "pi" is invalid: ')
    assert "spec.completions: Invalid value: 5: field is immutable" in failed.message


def test_expected_rejection_passes() -> None:
    """expectError matching the apiserver's text makes the rejection the expected outcome."""
    result = run(
        "timeline:\n- at: 1s\n  action: patch\n  name: pi\n  type: merge\n"
        "  patch: {spec: {completions: 5}}\n  expectError: field is immutable\n"
    )
    assert result.passed, lines(result)
    assert result.actions[0].message.startswith("rejected as expected: Error from server (Invalid)")


def test_expected_rejection_that_does_not_happen_fails() -> None:
    """expectError on an action that succeeds is a failed line."""
    result = run(
        "timeline:\n- {at: 1s, action: scale, job: pi, parallelism: 2, expectError: nope}\n"
    )
    assert lines(result) == [
        "FAIL  timeline[0] at 1s: scale job/pi to parallelism 2: "
        "expected an error containing 'nope': patched"
    ]


def test_create_and_apply_inline_manifests() -> None:
    """create makes the inline object at its time; apply patches it when it exists."""
    manifest = job("late", extra="  parallelism: 1\n", indent="    ")
    apply = job("late", extra="  parallelism: 2\n", indent="    ")
    result = run(
        LONG
        + "until: 1m\ntimeline:\n- at: 5s\n  action: create\n  manifest:\n"
        + manifest
        + "- at: 10s\n  action: apply\n  manifest:\n"
        + apply
        + "expectations:\n- {check: exists, job: late, exists: false, at: 4s}\n"
        + "- {check: field, job: late, path: status.active, equals: 1, at: 5s}\n"
        + "- {check: field, job: late, path: spec.parallelism, equals: 2, at: 10s}\n"
        + "- {check: field, job: late, path: status.active, equals: 2, at: 10s}\n",
        manifests="",
    )
    assert result.passed, lines(result)
    assert [a.message for a in result.actions] == ["created late", "patched (strategic merge)"]


def test_create_of_an_existing_object_is_rejected() -> None:
    """create fails with AlreadyExists when the object exists (kubectl create semantics)."""
    result = run("timeline:\n- at: 1s\n  action: create\n  manifest:\n" + job(indent="    "))
    assert not result.passed
    assert result.results[0].message == (
        'Error from server (AlreadyExists): jobs.batch "pi" already exists'
    )


def test_delete_pods_counts_as_failed_and_is_replaced() -> None:
    """A deleted pod of a Job is a failed pod (podReplacementPolicy TerminatingOrFailed)."""
    result = run(
        LONG
        + "until: 1m\ntimeline:\n- {at: 5s, action: deletePods, job: pi}\n"
        + "expectations:\n- {check: field, job: pi, path: status.failed, equals: 1}\n"
        + "- {check: events, job: pi, reason: SuccessfulCreate, equals: 2}\n"
    )
    assert result.passed, lines(result)


def test_fail_and_succeed_pods_through_the_kubelet() -> None:
    """failPods ends containers with the exit code; succeedPods with 0; oldest pods first."""
    result = run(
        LONG
        + "timeline:\n- {at: 5s, action: failPods, job: pi, count: 1, exitCode: 42}\n"
        + "- {at: 20s, action: succeedPods, job: pi}\n"
        + "expectations:\n- {check: field, job: pi, path: status.failed, equals: 1}\n"
        + "- {check: field, job: pi, path: status.succeeded, equals: 1}\n",
        job(extra="  backoffLimit: 3\n"),
    )
    assert result.passed, lines(result)
    records = result.simulation.timeline()
    assert [(r.exit_code, r.finished) for r in records] == [(42, 5.0), (0, 20.0)]


def test_too_few_pods_is_a_failed_line_and_does_nothing() -> None:
    """Asking for more pods than match fails the action and acts on none."""
    result = run(LONG + "until: 30s\ntimeline:\n- {at: 5s, action: failPods, job: pi, count: 2}\n")
    (line,) = lines(result)
    assert line.startswith("FAIL  timeline[0] at 5s: fail 2 pod(s) of job=pi with exit code 1: ")
    assert line.endswith(
        "1 running pod(s) matched ("
        + result.simulation.timeline()[0].name
        + "), 2 wanted: nothing done"
    )
    assert result.simulation.timeline()[0].phase == "Running"


@pytest.mark.parametrize(
    ("reason", "left"),
    [("EvictionByEvictionAPI", 0), ("TerminationByKubelet", 1)],
    ids=["eviction-api", "node-pressure"],
)
def test_evict_pods_with_a_disruption_reason(reason: str, left: int) -> None:
    """Evictions set DisruptionTarget, then delete the pod (API) or fail it in place (kubelet).

    Upstream: ``pkg/registry/core/pod/storage/eviction.go`` deletes the pod;
    ``pkg/kubelet/eviction`` leaves it Failed with reason ``Evicted``.
    """
    result = run(
        LONG
        + f"until: 30s\ntimeline:\n- {{at: 5s, action: evictPods, job: pi, reason: {reason}}}\n"
        + f"expectations:\n- {{check: pods, job: pi, phase: Failed, equals: {left}}}\n",
        job(extra="  backoffLimit: 3\n  parallelism: 1\n"),
    )
    assert result.passed, lines(result)
    first = result.simulation.timeline()[0]
    assert first.finished == 5.0
    pods = result.simulation.api.list("pods").items
    evicted = [p for p in pods if p.metadata.name == first.name]  # type: ignore[attr-defined]
    assert [p.status.reason for p in evicted] == (["Evicted"] if left else [])  # type: ignore[attr-defined]


def test_drain_node_evicts_only_that_nodes_pods() -> None:
    """drainNode cordons the node and evicts its pods; the replacements go elsewhere."""
    result = run(
        LONG + "nodes: 2\nuntil: 1m\ntimeline:\n- {at: 5s, action: drainNode, node: node-0}\n",
        job(extra="  parallelism: 2\n  backoffLimit: 5\n"),
    )
    assert result.passed, lines(result)
    on_zero = [r for r in result.simulation.timeline() if r.node == "node-0"]
    assert on_zero and all(r.created < 5 and r.finished == 5.0 for r in on_zero)
    assert all(r.node == "node-1" for r in result.simulation.timeline() if r.created > 5)


def test_cordon_then_uncordon_holds_pods_pending() -> None:
    """A pod created on a cordoned single node waits until the node is uncordoned."""
    result = run(
        "timeline:\n- {at: 0s, action: cordonNode, node: node-0}\n"
        + "- at: 1s\n  action: create\n  manifest:\n"
        + job(indent="    ")
        + "- {at: 30s, action: uncordonNode, node: node-0}\n"
        + "expectations:\n- {check: pods, job: pi, phase: Pending, equals: 1, at: 20s}\n"
        + "- {check: condition, job: pi, type: Complete, lastTransitionTime: 41s}\n",
        manifests="",
    )
    assert result.passed, lines(result)
