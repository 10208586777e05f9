"""We test these aspects: counting newly finished pods (already counted, uncounted, awaiting
finalizer removal, being deleted), which indexes may be re-created now under per-index backoff,
and the one podFailurePolicy row the pure-helper tables did not carry yet.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go`` (``TestGetNewFinshedPods``,
``TestGetPodCreationInfoForIndependentIndexes``) and
``pkg/controller/job/pod_failure_policy_test.go`` (``TestMatchPodFailurePolicy``, row
"default - do not match condition with status=False"); case names kept as row ids.

The other rows of ``backoff_utils_test.go``, ``indexed_job_utils_test.go``,
``pod_failure_policy_test.go``, ``success_policy_test.go`` and ``TestEnsureJobConditions`` are
in ``tests/test_job_backoff.py``, ``test_job_indexed.py``, ``test_job_pod_utils.py``,
``test_intervals.py``, ``test_job_pod_failure_policy.py``, ``test_job_success_policy.py`` and
``test_job_conditions.py``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from job_builders import T0, make_job, make_pod

from jobsim.api.batch_v1 import PodFailurePolicy, UncountedTerminatedPods
from jobsim.api.core_v1 import Pod, PodCondition
from jobsim.controllers.job import indexed as ix
from jobsim.controllers.job.backoff import DEFAULT_JOB_POD_FAILURE_BACKOFF
from jobsim.controllers.job.pod_failure_policy import match_pod_failure_policy
from jobsim.controllers.job.pod_utils import get_new_finished_pods

# -- TestGetNewFinshedPods ------------------------------------------------------------------------

PodRow = tuple[str, str, bool, bool]
"""(uid, phase, tracking finalizer, being deleted): upstream ``buildPod().uid().phase()...``."""

# name: (status succeeded, status failed, uncounted succeeded, uncounted failed,
#        expected removed finalizers, pods) -> (want succeeded, want failed)
NEW_FINISHED_CASES: dict[
    str,
    tuple[tuple[int, int, list[str], list[str], set[str], list[PodRow]], tuple[int, int]],
] = {
    "some counted": (
        (
            2,
            1,
            [],
            [],
            set(),
            [
                ("a", "Succeeded", False, False),
                ("b", "Succeeded", True, False),
                ("c", "Succeeded", True, False),
                ("d", "Failed", False, False),
                ("e", "Failed", True, False),
                ("f", "Running", False, False),
            ],
        ),
        (4, 2),
    ),
    "some uncounted": (
        (
            1,
            1,
            ["a", "c"],
            ["e", "f"],
            set(),
            [
                ("a", "Succeeded", False, False),
                ("b", "Succeeded", False, False),
                ("c", "Succeeded", True, False),
                ("d", "Succeeded", True, False),
                ("e", "Failed", False, False),
                ("f", "Failed", True, False),
                ("g", "Failed", True, False),
            ],
        ),
        (4, 4),
    ),
    "with expected removed finalizers": (
        (
            2,
            2,
            ["a"],
            ["d"],
            {"b", "f"},
            [
                ("a", "Succeeded", False, False),
                ("b", "Succeeded", True, False),
                ("c", "Succeeded", True, False),
                ("d", "Failed", False, False),
                ("e", "Failed", True, False),
                ("f", "Failed", True, False),
                ("g", "Failed", True, False),
            ],
        ),
        (4, 5),
    ),
    "deleted pods": (
        (
            1,
            1,
            [],
            [],
            set(),
            [
                ("a", "Succeeded", True, True),
                ("b", "Failed", True, True),
                ("c", "Running", True, True),
                ("d", "Pending", True, True),
                ("e", "Running", False, True),
                ("f", "Pending", False, True),
            ],
        ),
        (2, 4),
    ),
}


@pytest.mark.parametrize(
    ("setup", "want"), list(NEW_FINISHED_CASES.values()), ids=list(NEW_FINISHED_CASES)
)
def test_get_new_finished_pods(
    setup: tuple[int, int, list[str], list[str], set[str], list[PodRow]], want: tuple[int, int]
) -> None:
    """Status counters + uncounted UIDs + newly finished pods give upstream's totals."""
    succeeded, failed, unc_succeeded, unc_failed, expected_rm, rows = setup
    job = make_job()
    job.status.succeeded, job.status.failed = succeeded, failed
    job.status.uncounted_terminated_pods = UncountedTerminatedPods(
        succeeded=unc_succeeded, failed=unc_failed
    )
    pods = [
        make_pod(uid, uid=uid, phase=phase, finalizer=fin, deleted=T0 if deleting else None)
        for uid, phase, fin, deleting in rows
    ]
    new_succeeded, new_failed = get_new_finished_pods(
        job, pods, set(unc_succeeded), set(unc_failed), expected_rm
    )
    got = (
        len(new_succeeded) + succeeded + len(unc_succeeded),
        len(new_failed) + failed + len(unc_failed),
    )
    assert got == want


# -- TestGetPodCreationInfoForIndependentIndexes ---------------------------------------------------

NOW = T0


def _delayed(failure_count: str, deleted: datetime) -> Pod:
    """Upstream ``buildPod().indexFailureCount(n).customDeletionTimestamp(t)``."""
    return make_pod(failure_count=failure_count, deleted=deleted)


SECOND = timedelta(seconds=1)

CREATION_INFO_CASES: dict[str, tuple[list[int], dict[int, Pod], list[int], timedelta]] = {
    "simple index creation": ([1, 3], {}, [1, 3], timedelta(0)),
    "subset of indexes can be recreated now": ([1, 3], {1: _delayed("0", NOW)}, [3], timedelta(0)),
    "subset of indexes can be recreated now as the pods failed long time ago": (
        [1, 3],
        {1: _delayed("0", NOW), 3: _delayed("0", NOW - DEFAULT_JOB_POD_FAILURE_BACKOFF)},
        [3],
        timedelta(0),
    ),
    "no indexes can be recreated now, need to wait default pod failure backoff": (
        [1, 2, 3],
        {1: _delayed("1", NOW), 2: _delayed("0", NOW), 3: _delayed("2", NOW)},
        [],
        DEFAULT_JOB_POD_FAILURE_BACKOFF,
    ),
    "no indexes can be recreated now, need to wait but 1s already passed": (
        [1, 2, 3],
        {
            1: _delayed("1", NOW - SECOND),
            2: _delayed("0", NOW - SECOND),
            3: _delayed("2", NOW - SECOND),
        },
        [],
        DEFAULT_JOB_POD_FAILURE_BACKOFF - SECOND,
    ),
}


@pytest.mark.parametrize(
    ("to_add", "delayed", "want_now", "want_remaining"),
    list(CREATION_INFO_CASES.values()),
    ids=list(CREATION_INFO_CASES),
)
def test_get_pod_creation_info_for_independent_indexes(
    to_add: list[int], delayed: dict[int, Pod], want_now: list[int], want_remaining: timedelta
) -> None:
    """Indexes past their per-index backoff are created now; else the shortest wait is returned."""
    got = ix.get_pod_creation_info_for_independent_indexes(to_add, delayed, NOW)
    assert got == (want_now, want_remaining)


# -- TestMatchPodFailurePolicy (pod_failure_policy_test.go) ----------------------------------------


def test_match_pod_failure_policy_default_does_not_match_condition_with_status_false() -> None:
    """Row "default - do not match condition with status=False": counted, no action."""
    policy = PodFailurePolicy.from_dict(
        {
            "rules": [
                {
                    "action": "Ignore",
                    "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
                }
            ]
        }
    )
    pod = make_pod(
        "mypod",
        phase="Failed",
        conditions=[PodCondition(type="DisruptionTarget", status="False")],
    )
    assert match_pod_failure_policy(policy, pod) == (None, True, None)
