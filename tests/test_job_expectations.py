"""We test these aspects: pod creation/deletion expectations (overwrite on expect, decrement on
observe, satisfied when fulfilled, absent or older than the 5-minute TTL) and the finalizer-removal
UID expectations of ``jobsim.controllers.job.expectations``.

Behaviour follows upstream ``pkg/controller/controller_utils.go`` (``ControllerExpectations``,
``ExpectationsTimeout = 5 * time.Minute``, ``isExpired`` uses a strict ``>``) and
``pkg/controller/job/tracking_utils.go`` (``uidTrackingExpectations``), as exercised by
``controller_utils_test.go`` ``TestControllerExpectations`` and ``tracking_utils_test.go``
``TestUIDTrackingExpectations``.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st
from job_builders import T0, at

from jobsim.controllers.job.expectations import (
    EXPECTATIONS_TIMEOUT,
    ControllerExpectations,
    UIDTrackingExpectations,
)

KEY = "default/job"


def test_no_record_is_satisfied() -> None:
    """A job that never set expectations may be managed."""
    assert ControllerExpectations().satisfied_expectations(KEY, T0)


def test_creations_are_satisfied_once_all_observed() -> None:
    """ExpectCreations(n) needs n observed creations (TestControllerExpectations)."""
    exp = ControllerExpectations()
    exp.expect_creations(KEY, 2, T0)
    assert not exp.satisfied_expectations(KEY, T0)
    exp.creation_observed(KEY)
    assert not exp.satisfied_expectations(KEY, T0)
    exp.creation_observed(KEY)
    assert exp.satisfied_expectations(KEY, T0)
    exp.creation_observed(KEY)  # extra observations drive the count negative: still satisfied
    assert exp.satisfied_expectations(KEY, T0)
    record = exp.get_expectations(KEY)
    assert record is not None and (record.add, record.delete) == (-1, 0)


def test_expect_overwrites_the_previous_record() -> None:
    """ExpectDeletions replaces pending creations instead of adding to them (SetExpectations)."""
    exp = ControllerExpectations()
    exp.expect_creations(KEY, 5, T0)
    exp.expect_deletions(KEY, 1, at(1))
    record = exp.get_expectations(KEY)
    assert record is not None and (record.add, record.delete, record.timestamp) == (0, 1, at(1))
    exp.deletion_observed(KEY)
    assert exp.satisfied_expectations(KEY, at(1))


def test_expectations_expire_strictly_after_five_minutes() -> None:
    """Unmet expectations count as satisfied only once older than ExpectationsTimeout."""
    exp = ControllerExpectations()
    exp.expect_creations(KEY, 1, T0)
    five_minutes = T0 + timedelta(minutes=5)
    assert not exp.satisfied_expectations(KEY, five_minutes)
    assert exp.satisfied_expectations(KEY, five_minutes + timedelta(microseconds=1))
    assert five_minutes == T0 + EXPECTATIONS_TIMEOUT


def test_observations_without_record_and_deletion_of_records() -> None:
    """Observing with no record does nothing; DeleteExpectations forgets the record."""
    exp = ControllerExpectations()
    exp.creation_observed(KEY)
    assert exp.get_expectations(KEY) is None
    exp.expect_creations(KEY, 1, T0)
    exp.raise_expectations(KEY, 1, 2)
    record = exp.get_expectations(KEY)
    assert record is not None and (record.add, record.delete) == (2, 2)
    exp.delete_expectations(KEY)
    assert exp.get_expectations(KEY) is None
    assert exp.satisfied_expectations(KEY, T0)
    exp.delete_expectations(KEY)  # deleting twice is harmless


@given(adds=st.integers(0, 20), observed=st.integers(0, 25))
def test_satisfied_iff_observed_at_least_expected(adds: int, observed: int) -> None:
    """Within the TTL, creations are satisfied exactly when observed >= expected."""
    exp = ControllerExpectations()
    exp.expect_creations(KEY, adds, T0)
    for _ in range(observed):
        exp.creation_observed(KEY)
    assert exp.satisfied_expectations(KEY, at(60)) is (observed >= adds)


def test_uid_tracking_expectations() -> None:
    """Expected finalizer removals accumulate per job and are dropped when observed."""
    uids = UIDTrackingExpectations()
    assert uids.get_expected_uids(KEY) == frozenset()
    uids.expect_finalizers_removed(KEY, ["a", "b"])
    uids.expect_finalizers_removed(KEY, ["c"])
    uids.expect_finalizers_removed("other/job", ["z"])
    assert uids.get_expected_uids(KEY) == {"a", "b", "c"}
    uids.finalizer_removal_observed(KEY, "b")
    uids.finalizer_removal_observed(KEY, "unknown")
    uids.finalizer_removal_observed("missing/job", "a")
    assert uids.get_expected_uids(KEY) == {"a", "c"}
    snapshot = uids.get_expected_uids(KEY)
    uids.delete_expectations(KEY)
    assert uids.get_expected_uids(KEY) == frozenset()
    assert snapshot == {"a", "c"}  # a snapshot, not a live view
    assert uids.get_expected_uids("other/job") == {"z"}
