"""We test these aspects: the pod predicates (active, terminating, failed, ready), completion-index
and failure-count annotations, the ``ActivePods`` deletion order, the removal of duplicated or
invalid indexes, and the selection of pods still to be counted in
``jobsim.controllers.job.pod_utils``.

Tables mirror upstream ``pkg/controller/controller_utils_test.go`` (``TestSortingActivePods``,
``TestActivePodFiltering``), ``pkg/controller/job/indexed_job_utils_test.go``
(``TestAppendDuplicatedIndexPodsForRemoval``, ``TestGetIndexFailureCount``) and
``job_controller_test.go``; case ids are upstream's names where one exists.
"""

from __future__ import annotations

import itertools
import random
from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from job_builders import NO_INDEX, T0, at, make_job, make_pod

from jobsim.api.core_v1 import Pod
from jobsim.controllers.job import pod_utils as pu

THEN = at(-30 * 24 * 3600)  # upstream: now.AddDate(0, -1, 0)


def _names(pods: list[Pod]) -> list[str]:
    return [p.metadata.name or "" for p in pods]


def test_sorting_active_pods() -> None:
    """controller_utils_test.go TestSortingActivePods "Sorts by active pod", any input order."""
    pods = [
        make_pod("unscheduled", node="", phase="Pending"),
        make_pod("scheduledButPending", node="bar", phase="Pending"),
        make_pod("unknownPhase", node="foo", phase="Unknown"),
        make_pod("runningButNotReady", node="foo", phase="Running"),
        make_pod("runningNoLastTransitionTime", node="foo", ready=True, restarts=[3, 0]),
        make_pod(
            "runningWithLastTransitionTime", node="foo", ready=True, ready_since=T0, restarts=[3, 0]
        ),
        make_pod("runningLongerTime", node="foo", ready=True, ready_since=THEN, restarts=[3, 0]),
        make_pod(
            "lowerContainerRestartCount",
            node="foo",
            ready=True,
            ready_since=THEN,
            restarts=[2, 1],
            created=T0,
        ),
        make_pod("oldest", node="foo", ready=True, ready_since=THEN, restarts=[2, 1], created=THEN),
    ]
    want = _names(pods)
    rng = random.Random(7)
    for _ in range(20):
        shuffled = pods[:]
        rng.shuffle(shuffled)
        assert _names(pu.sort_active_pods(shuffled)) == want


@pytest.mark.parametrize(
    ("lesser", "greater"),
    [
        (make_pod("a", node="", phase="Pending"), make_pod("b", node="n", phase="Pending")),
        (make_pod("b", node="n", phase="Pending"), make_pod("a", node="n", phase="Unknown")),
        (make_pod("b", node="n", phase="Unknown"), make_pod("a", node="n", phase="Running")),
        (make_pod("b", node="n"), make_pod("a", node="n", ready=True)),
        (make_pod("b", node="n", ready=True), make_pod("a", node="n", ready=True, ready_since=T0)),
        (
            make_pod("b", node="n", ready=True, ready_since=T0),
            make_pod("a", node="n", ready=True, ready_since=THEN),
        ),
        (make_pod("b", node="n", restarts=[9001]), make_pod("a", node="n", restarts=[0])),
        (make_pod("b", node="n", created=T0), make_pod("a", node="n", created=THEN)),
        (make_pod("b", node="n", created=None), make_pod("a", node="n", created=T0)),
        (make_pod("a", node="x"), make_pod("b", node="y")),
    ],
    ids=[
        "unassigned before assigned",
        "pending before unknown",
        "unknown before running",
        "not ready before ready",
        "ready with zero time before ready with a time",
        "more recently ready first",
        "more restarts first",
        "newer creation first",
        "zero creation time first",
        "ties broken by name",
    ],
)
def test_active_pods_less_rules(lesser: Pod, greater: Pod) -> None:
    """Each ActivePods.Less rule orders the pair one way only."""
    assert pu.active_pods_less(lesser, greater)
    assert not pu.active_pods_less(greater, lesser)


_pod_strategy = st.builds(
    lambda name, node, phase, ready, since, restarts, created: make_pod(
        name,
        node=node,
        phase=phase,
        ready=ready,
        ready_since=None if since is None else at(since),
        restarts=[restarts],
        created=None if created is None else at(created),
    ),
    name=st.sampled_from(["a", "b", "c"]),
    node=st.sampled_from(["", "n1", "n2"]),
    phase=st.sampled_from(["Pending", "Unknown", "Running", ""]),
    ready=st.sampled_from([None, True, False]),
    since=st.one_of(st.none(), st.integers(0, 3)),
    restarts=st.integers(0, 2),
    created=st.one_of(st.none(), st.integers(0, 3)),
)


@given(pods=st.lists(_pod_strategy, max_size=6))
def test_sorting_is_a_total_order_consistent_with_less(pods: list[Pod]) -> None:
    """Sorted output never puts a lesser pod later; less is asymmetric; input order is moot."""
    ordered = pu.sort_active_pods(pods)
    for earlier, later in itertools.combinations(ordered, 2):
        assert not pu.active_pods_less(later, earlier)
    for a, b in itertools.product(pods, repeat=2):
        assert not (pu.active_pods_less(a, b) and pu.active_pods_less(b, a))
    keys = [pu.active_pods_key(p) for p in ordered]
    assert [pu.active_pods_key(p) for p in pu.sort_active_pods(reversed(pods))] == keys


# indexed_job_utils_test.go TestAppendDuplicatedIndexPodsForRemoval, (index, phase) pairs.
@pytest.mark.parametrize(
    ("pods", "want_rm", "want_left"),
    [
        (
            [(NO_INDEX, "Pending"), ("2", "Pending"), ("5", "Running"), ("6", "Running")],
            [(NO_INDEX, "Pending"), ("6", "Running")],
            [("2", "Pending"), ("5", "Running")],
        ),
        (
            [
                ("5", "Pending"),
                ("0", "Running"),
                ("3", "Pending"),
                ("0", "Running"),
                ("3", "Running"),
                ("0", "Pending"),
                ("6", "Running"),
                ("6", "Pending"),
            ],
            [
                ("0", "Pending"),
                ("0", "Running"),
                ("3", "Pending"),
                ("6", "Running"),
                ("6", "Pending"),
            ],
            [("0", "Running"), ("3", "Running"), ("5", "Pending")],
        ),
        (
            [
                (NO_INDEX, "Pending"),
                ("invalid", "Running"),
                ("-2", "Running"),
                ("0", "Pending"),
                ("1", "Pending"),
                ("1", "Pending"),
                ("1", "Running"),
            ],
            [
                (NO_INDEX, "Pending"),
                ("invalid", "Running"),
                ("-2", "Running"),
                ("1", "Pending"),
                ("1", "Pending"),
            ],
            [("0", "Pending"), ("1", "Running")],
        ),
    ],
    ids=["all unique", "all with index", "mixed"],
)
def test_append_duplicated_index_pods_for_removal(
    pods: list[tuple[str, str]], want_rm: list[tuple[str, str]], want_left: list[tuple[str, str]]
) -> None:
    """Invalid, out-of-range and all but the last duplicate (ActivePods order) are removed."""
    built = [make_pod(f"p{i}", index=ix, phase=ph) for i, (ix, ph) in enumerate(pods)]

    def describe(selected: list[Pod]) -> list[tuple[str, str]]:
        annotations = [p.metadata.annotations or {} for p in selected]
        return [
            (a.get("batch.kubernetes.io/job-completion-index", NO_INDEX), p.status.phase)
            for a, p in zip(annotations, selected, strict=True)
        ]

    rm, left = pu.append_duplicated_index_pods_for_removal(built, 6)
    assert describe(rm) == want_rm
    assert describe(left) == want_left


def test_active_pods_for_removal() -> None:
    """NonIndexed takes rmAtLeast in ActivePods order; Indexed removes duplicates first."""
    running_ready = make_pod("ready", node="n", ready=True)
    pending = make_pod("pending", node="n", phase="Pending")
    unscheduled = make_pod("unscheduled", phase="Pending")
    job = make_job(completions=3, parallelism=3)
    assert _names(pu.active_pods_for_removal(job, [running_ready, pending, unscheduled], 2)) == [
        "unscheduled",
        "pending",
    ]
    assert pu.active_pods_for_removal(job, [running_ready], 0) == []
    indexed = make_job(completions=3, parallelism=3, indexed=True)
    dup_a = make_pod("dup-a", index="1", node="n", ready=True)
    dup_b = make_pod("dup-b", index="1", node="n", phase="Pending")
    other = make_pod("other", index="0", node="n", phase="Pending")
    assert _names(pu.active_pods_for_removal(indexed, [dup_a, dup_b, other], 0)) == ["dup-b"]
    assert _names(pu.active_pods_for_removal(indexed, [dup_a, dup_b, other], 2)) == [
        "dup-b",
        "other",
    ]


@pytest.mark.parametrize(
    ("phase", "deleted", "policy", "want"),
    [
        ("Failed", None, None, True),
        ("Failed", None, "Failed", True),
        ("Running", T0, None, True),
        ("Running", T0, "TerminatingOrFailed", True),
        ("Running", T0, "Failed", False),
        ("Succeeded", T0, None, False),
        ("Running", None, None, False),
        ("Pending", T0, None, True),
    ],
    ids=[
        "failed phase",
        "failed phase with Failed policy",
        "terminating counts as failed by default",
        "terminating counts with TerminatingOrFailed",
        "terminating waits with Failed policy",
        "deleted but succeeded",
        "running",
        "pending being deleted",
    ],
)
def test_is_pod_failed(
    phase: str, deleted: datetime | None, policy: str | None, want: bool
) -> None:
    """isPodFailed: phase Failed, or being deleted unless podReplacementPolicy is Failed."""
    job = make_job(pod_replacement_policy=policy)
    assert pu.is_pod_failed(make_pod(phase=phase, deleted=deleted), job) is want


def test_active_terminating_and_ready_counts() -> None:
    """Active = not terminal and not deleted; terminating = deleted but not terminal."""
    pods = [
        make_pod("succeeded", phase="Succeeded"),
        make_pod("failed", phase="Failed"),
        make_pod("deleted-running", deleted=T0),
        make_pod("deleted-failed", phase="Failed", deleted=T0),
        make_pod("ready", ready=True),
        make_pod("not-ready", ready=False),
        make_pod("pending", phase="Pending"),
    ]
    active = pu.filter_active_pods(pods)
    assert _names(active) == ["ready", "not-ready", "pending"]
    assert _names(pu.filter_terminating_pods(pods)) == ["deleted-running"]
    assert pu.count_terminating_pods(pods) == 1
    assert pu.count_ready_pods(active) == 1
    assert pu.only_replace_failed_pods(make_job(pod_replacement_policy="Failed"))
    assert not pu.only_replace_failed_pods(make_job())


@pytest.mark.parametrize(
    ("index", "want"),
    [(NO_INDEX, -1), ("0", 0), ("7", 7), ("+3", 3), ("-2", -1), ("invalid", -1), (" 1", -1)],
    ids=["no annotation", "zero", "seven", "explicit plus", "negative", "not a number", "space"],
)
def test_get_completion_index(index: str, want: int) -> None:
    """getCompletionIndex parses the annotation like strconv.Atoi; invalid or negative is -1."""
    assert pu.get_completion_index(make_pod(index=index)) == want


def test_completion_index_label_alone_is_not_read() -> None:
    """Upstream reads only the annotation: a pod with just the label has no valid index."""
    pod = make_pod()
    pod.metadata.labels = {"batch.kubernetes.io/job-completion-index": "3"}
    assert pu.get_completion_index(pod) == pu.UNKNOWN_COMPLETION_INDEX


# indexed_job_utils_test.go TestGetIndexFailureCount.
@pytest.mark.parametrize(
    ("value", "want"),
    [(None, 0), ("2", 2), (str(2**31 - 1), 2**31 - 1), (str(2**31), 0), ("-1", 0), ("xyz", 0)],
    ids=[
        "no annotation",
        "valid value",
        "valid maxint32 value",
        "too large value",
        "negative value",
        "invalid int value",
    ],
)
def test_get_index_failure_count(value: str | None, want: int) -> None:
    """The failure-count annotation reads as a non-negative int32, else 0."""
    pod = make_pod(failure_count=value, ignored_failure_count="1")
    assert pu.get_index_failure_count(pod) == want
    assert pu.get_index_absolute_failure_count(pod) == want + 1


def test_get_new_finished_pods_skips_counted_and_invalid_pods() -> None:
    """Only finalizer-carrying pods not in uncounted/expected removal (valid index) are new."""
    job = make_job(completions=3, indexed=True)
    pods = [
        make_pod("s0", index="0", phase="Succeeded"),
        make_pod("s1-no-finalizer", index="1", phase="Succeeded", finalizer=False),
        make_pod("s2-uncounted", index="2", phase="Succeeded"),
        make_pod("s5-out-of-range", index="5", phase="Succeeded"),
        make_pod("f1", index="1", phase="Failed"),
        make_pod("f2-expected", index="2", phase="Failed"),
        make_pod("f-no-index", phase="Failed"),
        make_pod("terminating", index="0", deleted=T0),
    ]
    succeeded, failed = pu.get_new_finished_pods(
        job, pods, {"s2-uncounted"}, set(), {"f2-expected"}
    )
    assert _names(succeeded) == ["s0"]
    assert _names(failed) == ["f1", "terminating"]
    assert pu.has_job_tracking_finalizer(pods[0])
    assert not pu.has_job_tracking_finalizer(pods[1])
