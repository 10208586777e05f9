"""We test these aspects: succeeded and failed index sets of Indexed Jobs, which indexes fail,
the lowest pending indexes, the failed pods kept per index for backoffLimitPerIndex, the failure
counts given to replacement pods, per-index creation delays, generated pod names and the
``JOB_COMPLETION_INDEX`` env var in ``jobsim.controllers.job.indexed``.

Tables mirror upstream ``pkg/controller/job/indexed_job_utils_test.go``
(``TestCalculateSucceededIndexes``, ``TestIsIndexFailed``, ``TestCalculateFailedIndexes``,
``TestGetPodsWithDelayedDeletionPerIndex``, ``TestGetNewIndexFailureCountValue``,
``TestFirstPendingIndexes``, ``TestPodGenerateNameWithIndex``); case ids are upstream's names.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from job_builders import NO_INDEX, T0, at, make_job, make_pod, terminated

from jobsim.api.batch_v1 import PodFailurePolicy
from jobsim.api.core_v1 import EnvVar, Pod, PodCondition
from jobsim.api.intervals import Interval, OrderedIntervals
from jobsim.controllers.job import indexed as ix


def _intervals(pairs: list[Interval]) -> OrderedIntervals:
    return OrderedIntervals(pairs)


def _pods(pairs: list[tuple[str, str]]) -> list[Pod]:
    return [make_pod(f"p{i}", index=index, phase=phase) for i, (index, phase) in enumerate(pairs)]


@pytest.mark.parametrize(
    ("prev", "pods", "completions", "want_prev", "want"),
    [
        ("", [("1", "Succeeded")], 2, [], [(1, 1)]),
        (
            "",
            [
                ("2", "Failed"),
                ("5", "Succeeded"),
                ("5", "Succeeded"),
                ("10", "Failed"),
                ("10", "Succeeded"),
            ],
            11,
            [],
            [(5, 5), (10, 10)],
        ),
        (
            "",
            [("0", "Running"), ("1", "Pending")] + [(str(i), "Succeeded") for i in (2, 3, 5, 6, 7)],
            8,
            [],
            [(2, 3), (5, 7)],
        ),
        (
            "",
            [("0", "Succeeded"), ("1", "Failed")]
            + [(str(i), "Succeeded") for i in (2, 3, 4, 5)]
            + [(NO_INDEX, "Succeeded"), ("-2", "Succeeded")],
            6,
            [],
            [(0, 0), (2, 5)],
        ),
        (
            "",
            [
                ("0", "Succeeded"),
                ("1", "Succeeded"),
                ("2", "Succeeded"),
                ("3", "Failed"),
                ("4", "Succeeded"),
                ("5", "Succeeded"),
                (NO_INDEX, "Succeeded"),
                ("-2", "Succeeded"),
            ],
            5,
            [],
            [(0, 2), (4, 4)],
        ),
        ("0-5,8-10", [], 8, [(0, 5)], [(0, 5)]),
        ("0-5,8-10", [], 10, [(0, 5), (8, 9)], [(0, 5), (8, 9)]),
        (
            "0,4,5,10-12",
            [("2", "Succeeded"), ("7", "Succeeded"), ("8", "Succeeded")],
            13,
            [(0, 0), (4, 5), (10, 12)],
            [(0, 0), (2, 2), (4, 5), (7, 8), (10, 12)],
        ),
        (
            "3,4,6",
            [("2", "Succeeded"), ("7", "Succeeded"), ("8", "Succeeded")],
            9,
            [(3, 4), (6, 6)],
            [(2, 4), (6, 8)],
        ),
        (
            "2,7,8",
            [("3", "Succeeded"), ("4", "Succeeded"), ("6", "Succeeded")],
            9,
            [(2, 2), (7, 8)],
            [(2, 4), (6, 8)],
        ),
        (
            "2-7",
            [("0", "Succeeded"), ("3", "Succeeded"), ("5", "Succeeded"), ("9", "Succeeded")],
            10,
            [(2, 7)],
            [(0, 0), (2, 7), (9, 9)],
        ),
        ("0,1-foo,bar", [("3", "Succeeded")], 4, [(0, 0)], [(0, 0), (3, 3)]),
    ],
    ids=[
        "one index",
        "two separate",
        "two intervals",
        "one index and one interval",
        "out of range",
        "prev interval out of range",
        "prev interval partially out of range",
        "prev and new separate",
        "prev between new",
        "new between prev",
        "new within prev",
        "corrupted interval",
    ],
)
def test_calculate_succeeded_indexes(
    prev: str,
    pods: list[tuple[str, str]],
    completions: int,
    want_prev: list[Interval],
    want: list[Interval],
) -> None:
    """completedIndexes (clamped, lenient) plus Succeeded pods with finalizer and valid index."""
    job = make_job(completions=completions, indexed=True, completed_indexes=prev)
    got_prev, got = ix.calculate_succeeded_indexes(job, _pods(pods))
    assert (got_prev.intervals, got.intervals) == (tuple(want_prev), tuple(want))


def test_calculate_succeeded_indexes_ignores_pods_without_finalizer() -> None:
    """A Succeeded pod whose finalizer is gone was already counted in completedIndexes."""
    job = make_job(completions=3, indexed=True)
    pod = make_pod(index="1", phase="Succeeded", finalizer=False)
    assert ix.calculate_succeeded_indexes(job, [pod])[1].total() == 0


FAIL_INDEX_ON_3 = PodFailurePolicy.from_dict(
    {"rules": [{"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [3]}}]}
)
IGNORE_DISRUPTION = PodFailurePolicy.from_dict(
    {
        "rules": [
            {
                "action": "Ignore",
                "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
            }
        ]
    }
)


@pytest.mark.parametrize(
    ("limit", "policy", "pod", "want"),
    [
        (0, None, make_pod(failure_count="0", phase="Failed", index="0"), True),
        (1, None, make_pod(failure_count="1", phase="Failed", index="1"), True),
        (
            1,
            FAIL_INDEX_ON_3,
            make_pod(
                failure_count="0", phase="Failed", index="0", container_statuses=[terminated(3)]
            ),
            True,
        ),
        (1, None, make_pod(failure_count="0", phase="Failed", index="0"), False),
        (1, None, make_pod(failure_count="5", phase="Running", index="0"), False),
        (
            0,
            IGNORE_DISRUPTION,
            make_pod(
                failure_count="0",
                phase="Failed",
                index="0",
                conditions=[PodCondition(type="DisruptionTarget", status="True")],
            ),
            False,
        ),
    ],
    ids=[
        "failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=0",
        "failed pod exceeding backoffLimitPerIndex, when backoffLimitPerIndex=1",
        "matching FailIndex pod failure policy",
        "failed pod within backoffLimitPerIndex",
        "running pod never fails its index",
        "ignored failure does not fail the index",
    ],
)
def test_is_index_failed(limit: int, policy: PodFailurePolicy | None, pod: Pod, want: bool) -> None:
    """isIndexFailed: a FailIndex match, or a counted failure at failure-count >= the limit."""
    job = make_job(
        completions=2, indexed=True, backoff_limit_per_index=limit, pod_failure_policy=policy
    )
    assert ix.is_index_failed(job, pod) is want


@pytest.mark.parametrize(
    ("limit", "status", "pods", "want"),
    [
        (
            1,
            None,
            [
                make_pod("a", failure_count="0", phase="Failed", index="0"),
                make_pod("b", failure_count="1", phase="Failed", index="1"),
            ],
            [(1, 1)],
        ),
        (0, None, [make_pod(failure_count="0", phase="Failed", index="0", finalizer=False)], []),
        (0, None, [make_pod(failure_count="0", phase="Failed", index="3", finalizer=False)], []),
        (0, "0", [make_pod(failure_count="0", phase="Failed", index="1")], [(0, 1)]),
        (0, "", [make_pod(failure_count="0", phase="Failed", index="1")], [(1, 1)]),
        (0, "9", [make_pod(failure_count="0", phase="Failed", index="1")], [(1, 1)]),
    ],
    ids=[
        "one new index failed",
        "pod without finalizer is ignored",
        "pod outside completions is ignored",
        "extend the failed indexes",
        "prev failed indexes empty",
        "prev failed indexes outside the completions",
    ],
)
def test_calculate_failed_indexes(
    limit: int, status: str | None, pods: list[Pod], want: list[Interval]
) -> None:
    """failedIndexes from the status plus indexes whose last counted failure hit the limit."""
    job = make_job(
        completions=2, indexed=True, backoff_limit_per_index=limit, failed_indexes=status
    )
    assert ix.calculate_failed_indexes(job, pods).intervals == tuple(want)


@pytest.mark.parametrize(
    ("limit", "completions", "pods", "expected_rm", "want"),
    [
        (
            1,
            3,
            [
                make_pod("a", failure_count="0", phase="Failed", index="0"),
                make_pod("b", failure_count="1", phase="Failed", index="1"),
                make_pod("c", failure_count="0", phase="Failed", index="2"),
            ],
            (),
            ["a", "c"],
        ),
        (
            0,
            2,
            [make_pod("a", failure_count="0", phase="Failed", index="0", finalizer=False)],
            (),
            [],
        ),
        (0, 2, [make_pod("a", failure_count="0", phase="Failed", index="0")], ("a",), []),
        (0, 2, [make_pod("a", failure_count="0", phase="Failed", index="4")], (), []),
        (
            1,
            2,
            [
                make_pod("a1", failure_count="0", phase="Failed", index="0"),
                make_pod("a2", failure_count="1", phase="Running", index="0"),
            ],
            (),
            [],
        ),
        (
            1,
            2,
            [
                make_pod("a1", failure_count="0", phase="Failed", index="0"),
                make_pod("a2", failure_count="1", phase="Succeeded", index="0"),
            ],
            (),
            [],
        ),
        (
            4,
            2,
            [
                make_pod("a1", failure_count="0", phase="Failed", index="0"),
                make_pod("a3", failure_count="2", phase="Failed", index="0"),
                make_pod("a2", failure_count="1", phase="Failed", index="0"),
            ],
            (),
            ["a3"],
        ),
        (
            4,
            2,
            [
                make_pod("a1", failure_count="1", phase="Failed", index="0", deleted=at(-1)),
                make_pod("a3", failure_count="1", phase="Failed", index="0", deleted=T0),
                make_pod("a2", failure_count="1", phase="Failed", index="0", deleted=at(-2)),
            ],
            (),
            ["a3"],
        ),
    ],
    ids=[
        "failed pods are kept corresponding to non-failed indexes are kept",
        "failed pod without finalizer; the pod's deletion is not delayed as it already started",
        "failed pod with expected finalizer removal; the pod's deletion is not delayed as it"
        " already started",
        "failed pod with index outside of completions; the pod's deletion is not delayed",
        "failed pod for active index; the pod's deletion is not delayed as it is already replaced",
        "failed pod for succeeded index; the pod's deletion is not delayed as it is already"
        " replaced",
        "multiple failed pods for index with different failure count; only the pod with highest"
        " failure count is kept",
        "multiple failed pods for index with different finish times; only the last failed pod is"
        " kept",
    ],
)
def test_get_pods_with_delayed_deletion_per_index(
    limit: int, completions: int, pods: list[Pod], expected_rm: tuple[str, ...], want: list[str]
) -> None:
    """The last failed pod of each index still to retry keeps its finalizer."""
    job = make_job(completions=completions, indexed=True, backoff_limit_per_index=limit)
    failed = ix.calculate_failed_indexes(job, pods)
    got = ix.get_pods_with_delayed_deletion_per_index(
        job, pods, failed, expected_rm_finalizers=set(expected_rm)
    )
    assert sorted(p.metadata.uid or "" for p in got.values()) == want


@pytest.mark.parametrize(
    ("policy", "pod", "want"),
    [
        (None, None, (0, 0)),
        (None, make_pod(failure_count="0", phase="Failed", index="0"), (1, 0)),
        (None, make_pod(failure_count="3", phase="Failed", index="0"), (4, 0)),
        (
            IGNORE_DISRUPTION,
            make_pod(
                failure_count="3",
                phase="Failed",
                index="3",
                conditions=[PodCondition(type="DisruptionTarget", status="True")],
            ),
            (3, 1),
        ),
    ],
    ids=[
        "first pod created",
        "failed pod being replaced with 0 index failure count",
        "failed pod being replaced with >0 index failure count",
        "failed pod being replaced, matching the ignore rule",
    ],
)
def test_get_new_index_failure_count_value(
    policy: PodFailurePolicy | None, pod: Pod | None, want: tuple[int, int]
) -> None:
    """A replacement inherits the counts of the pod it replaces, plus one where it belongs."""
    job = make_job(pod_failure_policy=policy)
    assert ix.get_new_index_failure_counts(job, pod) == want


def test_index_failure_count_annotations_write_ignored_count_only_when_positive() -> None:
    """addIndexFailureCountAnnotation always writes the failure count, the ignored one if > 0."""
    assert ix.index_failure_count_annotations(make_job(), None) == {
        "batch.kubernetes.io/job-index-failure-count": "0"
    }
    replaced = make_pod(
        failure_count="3",
        phase="Failed",
        conditions=[PodCondition(type="DisruptionTarget", status="True")],
    )
    assert ix.index_failure_count_annotations(
        make_job(pod_failure_policy=IGNORE_DISRUPTION), replaced
    ) == {
        "batch.kubernetes.io/job-index-failure-count": "3",
        "batch.kubernetes.io/job-index-ignored-failure-count": "1",
    }


@pytest.mark.parametrize(
    ("count", "completions", "active", "succeeded_and_failed", "want"),
    [
        (5, 3, [], ([], None), [0, 1, 2]),
        (2, 5, [], ([], None), [0, 1]),
        (3, 10, [("0", "Running"), ("1", "Pending")], ([], None), [2, 3, 4]),
        (6, 6, [("6", "Pending")], ([(4, 5)], None), [0, 1, 2, 3]),
        (
            5,
            20,
            [
                ("3", "Pending"),
                ("5", "Running"),
                ("8", "Pending"),
                (NO_INDEX, "Running"),
                ("-3", "Running"),
            ],
            ([(2, 4), (9, 9)], None),
            [0, 1, 6, 7, 10],
        ),
        (
            5,
            20,
            [("3", "Pending"), ("9", "Pending")],
            ([(1, 1), (5, 5), (9, 9)], [(2, 2), (6, 7)]),
            [0, 4, 8, 10, 11],
        ),
        (0, 5, [], ([], None), []),
    ],
    ids=[
        "cnt greater than completions",
        "cnt less than completions",
        "first pods active",
        "last pods active or succeeded",
        "mixed",
        "with failed indexes",
        "zero count",
    ],
)
def test_first_pending_indexes(
    count: int,
    completions: int,
    active: list[tuple[str, str]],
    succeeded_and_failed: tuple[list[Interval], list[Interval] | None],
    want: list[int],
) -> None:
    """firstPendingIndexes skips active, succeeded and failed indexes, lowest first."""
    succeeded, failed = succeeded_and_failed
    job = make_job(completions=completions, indexed=True)
    active_pods = _pods(active)
    got = ix.first_pending_indexes(
        job,
        count,
        completions,
        pods=active_pods,
        active_pods=active_pods,
        succeeded_indexes=_intervals(succeeded),
        failed_indexes=None if failed is None else _intervals(failed),
    )
    assert got == want


@pytest.mark.parametrize(
    ("policy", "want"),
    [(None, [0, 1, 3]), ("TerminatingOrFailed", [0, 1, 3]), ("Failed", [0, 3, 4])],
    ids=["default", "TerminatingOrFailed", "Failed skips terminating indexes"],
)
def test_first_pending_indexes_with_terminating_pods(policy: str | None, want: list[int]) -> None:
    """Indexes of terminating pods are pending unless podReplacementPolicy is Failed."""
    job = make_job(completions=5, indexed=True, pod_replacement_policy=policy)
    terminating = make_pod("t", index="1", deleted=T0)
    active = make_pod("a", index="2")
    pods = [terminating, active]
    got = ix.first_pending_indexes(
        job,
        3,
        5,
        pods=pods,
        active_pods=[active],
        succeeded_indexes=OrderedIntervals(),
        failed_indexes=None,
    )
    assert got == want


@given(
    completions=st.integers(0, 40),
    count=st.integers(0, 45),
    succeeded=st.sets(st.integers(0, 45)),
    active=st.sets(st.integers(0, 45)),
    failed=st.sets(st.integers(0, 45)),
)
def test_first_pending_indexes_matches_brute_force(
    completions: int, count: int, succeeded: set[int], active: set[int], failed: set[int]
) -> None:
    """The interval walk equals the lowest ``count`` indexes outside every non-pending set."""
    job = make_job(completions=completions, indexed=True)
    active_pods = [make_pod(f"p{i}", index=str(i)) for i in sorted(active)]
    got = ix.first_pending_indexes(
        job,
        count,
        completions,
        pods=active_pods,
        active_pods=active_pods,
        succeeded_indexes=OrderedIntervals.from_indexes(succeeded),
        failed_indexes=OrderedIntervals.from_indexes(failed),
    )
    busy = succeeded | active | failed
    assert got == [i for i in range(completions) if i not in busy][:count]


def test_pod_creation_info_for_independent_indexes() -> None:
    """Indexes whose per-index backoff elapsed are created; otherwise the shortest wait is given."""
    waiting = make_pod(phase="Failed", failure_count="0", deleted=T0)
    longer = make_pod(phase="Failed", failure_count="2", deleted=T0)
    delayed = {1: waiting, 2: longer}
    assert ix.get_pod_creation_info_for_independent_indexes([0, 1, 2], delayed, at(1)) == (
        [0],
        timedelta(0),
    )
    assert ix.get_pod_creation_info_for_independent_indexes([1, 2], delayed, at(1)) == (
        [],
        timedelta(seconds=9),
    )
    assert ix.get_pod_creation_info_for_independent_indexes([1, 2], delayed, at(10)) == (
        [1],
        timedelta(0),
    )
    assert ix.get_pod_creation_info_for_independent_indexes([], delayed, T0) == ([], timedelta(0))


@pytest.mark.parametrize(
    ("job_name", "index", "want"),
    [
        ("indexed-job", 1, "indexed-job-1-"),
        (
            "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooo",
            1,
            "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-",
        ),
        (
            "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhoo",
            1,
            "hhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhhooooohhhhh-1-",
        ),
    ],
    ids=[
        "short job name",
        "job name exceeds MaxGeneneratedNameLength",
        "job name with index suffix exceeds MaxGeneratedNameLength",
    ],
)
def test_pod_generate_name_with_index(job_name: str, index: int, want: str) -> None:
    """podGenerateNameWithIndex keeps <= 58 characters by cutting the job name, not the index."""
    assert ix.pod_generate_name_with_index(job_name, index) == want


def test_completion_index_env_is_appended_once() -> None:
    """JOB_COMPLETION_INDEX reads the completion-index label; an existing definition is kept."""
    env = ix.with_completion_index_env([EnvVar(name="A", value="1")])
    assert [e.to_dict() for e in env] == [
        {"name": "A", "value": "1"},
        {
            "name": "JOB_COMPLETION_INDEX",
            "valueFrom": {
                "fieldRef": {
                    "fieldPath": "metadata.labels['batch.kubernetes.io/job-completion-index']"
                }
            },
        },
    ]
    own = [EnvVar(name="JOB_COMPLETION_INDEX", value="mine")]
    assert ix.with_completion_index_env(own) == own
    assert len(ix.with_completion_index_env(None)) == 1


def test_get_indexes_and_has_backoff_limit_per_index() -> None:
    """getIndexes keeps valid indexes only; hasBackoffLimitPerIndex reads the spec field."""
    pods = _pods([("0", "Running"), ("0", "Running"), (NO_INDEX, "Running"), ("x", "Running")])
    assert ix.get_indexes(pods) == {0}
    assert ix.has_backoff_limit_per_index(make_job(backoff_limit_per_index=0))
    assert not ix.has_backoff_limit_per_index(make_job())
