"""Controller expectations: pod creations/deletions and finalizer removals not yet observed.

Owns ``ControllerExpectations`` of ``pkg/controller/controller_utils.go`` (``ExpectCreations``,
``ExpectDeletions``, ``CreationObserved``, ``DeletionObserved``, ``SatisfiedExpectations``
with the 5-minute ``ExpectationsTimeout``, ``DeleteExpectations``) and ``uidTrackingExpectations``
of ``pkg/controller/job/tracking_utils.go`` (pods whose tracking finalizer removal is awaited).

Plain in-memory classes keyed by job key (``namespace/name``); time is passed in as ``now``,
never read from a clock. Must not import the store, simpy, logging, or other controller modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

__all__ = [
    "EXPECTATIONS_TIMEOUT",
    "ControlleeExpectations",
    "ControllerExpectations",
    "UIDTrackingExpectations",
]

EXPECTATIONS_TIMEOUT: Final = timedelta(minutes=5)
"""``ExpectationsTimeout``: unmet expectations older than this are treated as satisfied."""


@dataclass(slots=True)
class ControlleeExpectations:
    """``ControlleeExpectations``: outstanding adds and deletes for one controller, and when set."""

    add: int
    delete: int
    timestamp: datetime

    def fulfilled(self) -> bool:
        """Tell whether no creation or deletion is still expected (``Fulfilled``)."""
        return self.add <= 0 and self.delete <= 0

    def is_expired(self, now: datetime) -> bool:
        """Tell whether the record is older than the 5-minute TTL (strictly, as upstream)."""
        return now - self.timestamp > EXPECTATIONS_TIMEOUT


class ControllerExpectations:
    """``ControllerExpectations``: per-job counts of pod creations and deletions to observe."""

    __slots__ = ("_records",)

    def __init__(self) -> None:
        """Start with no expectations for any job."""
        self._records: dict[str, ControlleeExpectations] = {}

    def get_expectations(self, key: str) -> ControlleeExpectations | None:
        """Return the record for ``key``, if any (``GetExpectations``)."""
        return self._records.get(key)

    def set_expectations(self, key: str, add: int, delete: int, now: datetime) -> None:
        """Replace the record for ``key`` (``SetExpectations``: earlier counts are forgotten)."""
        self._records[key] = ControlleeExpectations(add, delete, now)

    def expect_creations(self, key: str, adds: int, now: datetime) -> None:
        """Expect ``adds`` pod creations, overwriting the record (``ExpectCreations``)."""
        self.set_expectations(key, adds, 0, now)

    def expect_deletions(self, key: str, deletes: int, now: datetime) -> None:
        """Expect ``deletes`` pod deletions, overwriting the record (``ExpectDeletions``)."""
        self.set_expectations(key, 0, deletes, now)

    def lower_expectations(self, key: str, add: int, delete: int) -> None:
        """Decrement the counts of an existing record, if any (``LowerExpectations``)."""
        record = self._records.get(key)
        if record is not None:
            record.add -= add
            record.delete -= delete

    def raise_expectations(self, key: str, add: int, delete: int) -> None:
        """Increment the counts of an existing record, if any (``RaiseExpectations``)."""
        self.lower_expectations(key, -add, -delete)

    def creation_observed(self, key: str) -> None:
        """Record one observed pod creation (``CreationObserved``)."""
        self.lower_expectations(key, 1, 0)

    def deletion_observed(self, key: str) -> None:
        """Record one observed pod deletion (``DeletionObserved``)."""
        self.lower_expectations(key, 0, 1)

    def satisfied_expectations(self, key: str, now: datetime) -> bool:
        """Tell whether the job may be managed: no record, record fulfilled, or record expired."""
        record = self._records.get(key)
        if record is None:
            return True
        return record.fulfilled() or record.is_expired(now)

    def delete_expectations(self, key: str) -> None:
        """Forget the record for ``key`` (``DeleteExpectations``)."""
        self._records.pop(key, None)


class UIDTrackingExpectations:
    """``uidTrackingExpectations``: per job, the pod UIDs whose finalizer removal is awaited."""

    __slots__ = ("_uids",)

    def __init__(self) -> None:
        """Start with no expected finalizer removals."""
        self._uids: dict[str, set[str]] = {}

    def get_expected_uids(self, key: str) -> frozenset[str]:
        """Return a snapshot of the UIDs awaited for ``key`` (``getExpectedUIDs``)."""
        return frozenset(self._uids.get(key, ()))

    def expect_finalizers_removed(self, key: str, uids: Iterable[str]) -> None:
        """Add ``uids`` to those awaited for ``key`` (``expectFinalizersRemoved``)."""
        self._uids.setdefault(key, set()).update(uids)

    def finalizer_removal_observed(self, key: str, uid: str) -> None:
        """Stop awaiting ``uid`` for ``key`` (``finalizerRemovalObserved``)."""
        awaited = self._uids.get(key)
        if awaited is not None:
            awaited.discard(uid)

    def delete_expectations(self, key: str) -> None:
        """Forget everything awaited for ``key`` (``deleteExpectations``)."""
        self._uids.pop(key, None)
