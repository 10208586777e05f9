"""We test these aspects: the backoff record update after pods finish, the pod finish-time
estimate, and the remaining re-creation delay (global and per index) of
``jobsim.controllers.job.backoff``.

Tables mirror upstream ``pkg/controller/job/backoff_utils_test.go`` (``TestNewBackoffRecord``,
``TestGetFinishedTime``, ``TestGetRemainingBackoffTime``, ``TestGetRemainingBackoffTimePerIndex``);
case ids are upstream's names.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from job_builders import T0, at, make_pod, running, terminated

from jobsim.api.core_v1 import Container, Pod, PodCondition
from jobsim.controllers.job.backoff import (
    MAX_JOB_POD_FAILURE_BACKOFF,
    BackoffRecord,
    get_finished_time,
    get_remaining_time,
    get_remaining_time_per_index,
    new_backoff_record,
)

MS = timedelta(milliseconds=1)


def _finished(phase: str, when: datetime) -> Pod:
    return make_pod(phase=phase, container_statuses=[terminated(finished_at=when)])


@pytest.mark.parametrize(
    ("previous", "succeeded", "failed", "want"),
    [
        (None, [], [T0], BackoffRecord(1, T0)),
        (None, [], [T0, T0 - MS], BackoffRecord(2, T0)),
        (None, [T0], [T0 - 2 * MS, T0 - MS], BackoffRecord(0, None)),
        (None, [T0 - 2 * MS], [T0, T0 - 4 * MS, T0 - 3 * MS, T0 - MS], BackoffRecord(2, T0)),
        (BackoffRecord(2, None), [], [T0], BackoffRecord(3, T0)),
        (None, [T0], [T0], BackoffRecord(0, None)),
        (None, [], [], BackoffRecord(0, None)),
        (None, [T0], [], BackoffRecord(0, None)),
        (BackoffRecord(4, T0), [], [], BackoffRecord(4, T0)),
    ],
    ids=[
        "Empty backoff store and one new failure",
        "Empty backoff store and two new failures",
        "Empty backoff store, two failures followed by success",
        "Empty backoff store, two failures, one success and two more failures",
        "Backoff store having failure count 2 and one new failure",
        "Empty backoff store with success and failure at same timestamp",
        "Empty backoff store with no success/failure",
        "Empty backoff store with one success",
        "no new pods keep the previous record",
    ],
)
def test_new_backoff_record(
    previous: BackoffRecord | None,
    succeeded: list[datetime],
    failed: list[datetime],
    want: BackoffRecord,
) -> None:
    """newBackoffRecord counts failures after the last success, sorted by finish time."""
    got = new_backoff_record(
        previous,
        [_finished("Succeeded", t) for t in succeeded],
        [_finished("Failed", t) for t in failed],
    )
    assert got == want


SIDECAR = Container(name="sidecar", restart_policy="Always")


@pytest.mark.parametrize(
    ("pod", "want"),
    [
        (
            make_pod(
                container_statuses=[
                    terminated(finished_at=at(-1)),
                    terminated(finished_at=T0),
                    terminated(finished_at=at(-2)),
                ]
            ),
            T0,
        ),
        (
            make_pod(
                container_statuses=[
                    terminated(finished_at=at(-1)),
                    running(),
                    terminated(finished_at=at(-2)),
                ],
                deleted=T0,
            ),
            T0,
        ),
        (make_pod(container_statuses=[running()], deleted=T0), T0),
        (make_pod(container_statuses=[running()], deleted=T0, grace=30), at(-30)),
        (
            make_pod(
                container_statuses=[terminated()],
                conditions=[
                    PodCondition(
                        type="Ready", status="False", reason="PodFailed", last_transition_time=T0
                    )
                ],
            ),
            T0,
        ),
        (
            make_pod(
                container_statuses=[terminated()],
                ready=True,
                ready_since=at(-30),
                deleted=T0,
            ),
            T0,
        ),
        (make_pod(container_statuses=[terminated()], created=T0), T0),
        (
            make_pod(
                init_containers=[SIDECAR],
                container_statuses=[terminated(finished_at=at(-1))],
                init_container_statuses=[terminated(finished_at=T0, name="sidecar")],
            ),
            T0,
        ),
        (
            make_pod(
                init_containers=[Container(name="init")],
                container_statuses=[terminated(finished_at=at(-1))],
                init_container_statuses=[terminated(finished_at=T0, name="init")],
            ),
            at(-1),
        ),
    ],
    ids=[
        "Pod with multiple containers and all containers terminated",
        "Pod with multiple containers; two containers in terminated state and one in running"
        " state; fallback to deletionTimestamp",
        "fallback to deletionTimestamp",
        "fallback to deletionTimestamp, decremented by grace period",
        "fallback to PodReady.LastTransitionTime when status of the condition is False",
        "skip fallback to PodReady.LastTransitionTime when status of the condition is True",
        "fallback to creationTimestamp",
        "Pod with sidecar container and all containers terminated",
        "regular init containers are not finish-time sources",
    ],
)
def test_get_finished_time(pod: Pod, want: datetime) -> None:
    """getFinishedTime: containers, then Ready=False, then deletion - grace, then creation."""
    assert get_finished_time(pod) == want


@pytest.mark.parametrize(
    ("record", "now", "want_seconds"),
    [
        (BackoffRecord(0, None), T0, 0),
        (BackoffRecord(1, T0), T0, 5),
        (BackoffRecord(1, T0), at(1), 4),
        (BackoffRecord(1, T0), at(5), 0),
        (BackoffRecord(1, T0), at(6), 0),
        (BackoffRecord(3, T0), T0, 20),
        (BackoffRecord(8, T0), T0, 640),
        (BackoffRecord(9, T0), T0, 700),
    ],
    ids=[
        "no failures",
        "one failure; current time and failure time are same",
        "one failure; current time == 1 second + failure time",
        "one failure; current time == expected backoff time",
        "one failure; current time == expected backoff time + 1 Second",
        "three failures; current time and failure time are same",
        "eight failures; current time and failure time are same; backoff not exceeding maxBackoff",
        "nine failures; current time and failure time are same; backoff exceeding maxBackoff",
    ],
)
def test_get_remaining_backoff_time(
    record: BackoffRecord, now: datetime, want_seconds: int
) -> None:
    """getRemainingTime doubles from the default per failure, capped, minus elapsed time."""
    got = get_remaining_time(record, now, timedelta(seconds=5), timedelta(seconds=700))
    assert got == timedelta(seconds=want_seconds)


def test_default_backoff_sequence_is_10s_doubling_to_600s() -> None:
    """With the controller defaults n failures wait 10s, 20s, 40s, ... capped at 600s."""
    got = [get_remaining_time(BackoffRecord(n, T0), T0).total_seconds() for n in range(1, 9)]
    assert got == [10, 20, 40, 80, 160, 320, 600, 600]


def test_failures_without_a_failure_time_do_not_wait() -> None:
    """A positive count without lastFailureTime (upstream never builds one) means no delay."""
    assert get_remaining_time(BackoffRecord(3, None), T0) == timedelta(0)


@pytest.mark.parametrize(
    ("pod", "now", "want_seconds"),
    [
        (None, T0, 0),
        (make_pod(phase="Failed", failure_count="2", deleted=T0), T0, 20),
        (make_pod(phase="Failed", failure_count="2", deleted=T0), at(5), 15),
        (make_pod(phase="Failed", failure_count="2", deleted=T0), at(30), 0),
        (
            make_pod(phase="Failed", failure_count="1", ignored_failure_count="1", deleted=T0),
            T0,
            20,
        ),
        (make_pod(phase="Failed", failure_count="20", deleted=T0), T0, 700),
    ],
    ids=[
        "no failures",
        "two prev failures; current time and failure time are same",
        "two prev failures; current time after failure",
        "two prev failures; backoff elapsed",
        "one prev failure counted and one ignored",
        "many failures; capped at max",
    ],
)
def test_get_remaining_backoff_time_per_index(
    pod: Pod | None, now: datetime, want_seconds: int
) -> None:
    """Per-index delay uses failure + ignored counts + 1 from the last failed pod's finish time."""
    got = get_remaining_time_per_index(pod, now, timedelta(seconds=5), timedelta(seconds=700))
    assert got == timedelta(seconds=want_seconds)


@given(
    failures=st.integers(min_value=0, max_value=200),
    elapsed=st.integers(min_value=0, max_value=10**6),
)
def test_remaining_backoff_never_exceeds_600s(failures: int, elapsed: int) -> None:
    """The remaining delay is between 0 and 600 s whenever the failure is not in the future."""
    got = get_remaining_time(BackoffRecord(failures, T0), T0 + timedelta(milliseconds=elapsed))
    assert timedelta(0) <= got <= MAX_JOB_POD_FAILURE_BACKOFF


@given(
    offsets=st.lists(st.integers(min_value=-1000, max_value=1000), max_size=6),
    success=st.one_of(st.none(), st.integers(min_value=-1000, max_value=1000)),
)
def test_new_backoff_record_counts_failures_after_last_success(
    offsets: list[int], success: int | None
) -> None:
    """The record counts exactly the failures finishing after the latest success, order-free."""
    failed = [_finished("Failed", at(o)) for o in offsets]
    succeeded = [] if success is None else [_finished("Succeeded", at(success))]
    got = new_backoff_record(None, succeeded, failed)
    after = [o for o in offsets if success is None or o > success]
    assert got.failures_after_last_success == len(after)
    assert got.last_failure_time == (at(max(after)) if after else None)
    assert got == new_backoff_record(None, succeeded, list(reversed(failed)))
