"""The simulated clock: the only source of time in jobsim.

Owns the mapping between simulated seconds (SimPy's ``env.now``, a float counted from the start
of the run) and wall-calendar timestamps (a configurable UTC ``epoch`` plus those seconds), and
their RFC 3339 renderings as the apiserver writes ``metav1.Time`` (whole seconds) and
``metav1.MicroTime`` (microseconds).

Times are first rounded to whole nanoseconds (Go's resolution, and it absorbs float noise such as
``0.1 + 0.2``), then truncated — never rounded — to the second or microsecond, as Go's RFC 3339
formatting does.

Layer 1: imports only ``jobsim.api._base`` (layer 0) for the timestamp formats. It must not import
SimPy, the store or anything above; it never reads the wall clock.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Final, Protocol

from jobsim.api._base import format_micro_time, format_time, parse_time

__all__ = ["DEFAULT_EPOCH", "ManualClock", "SimClock"]

DEFAULT_EPOCH: Final = datetime(2026, 1, 1, tzinfo=UTC)
"""Simulated time 0 unless a scenario says otherwise: ``2026-01-01T00:00:00Z``."""

_NS_PER_S: Final = 1_000_000_000
_NS_PER_US: Final = 1_000


class _HasNow(Protocol):
    @property
    def now(self) -> float: ...


def _as_utc(value: datetime | str) -> datetime:
    """Accept an aware datetime, a naive one (taken as UTC) or an RFC 3339 string."""
    parsed = parse_time(value)
    if not isinstance(parsed, datetime):
        raise TypeError(f"epoch must be a datetime or an RFC 3339 string, not {value!r}")
    return parsed


def _to_ns(seconds: float) -> int:
    return round(seconds * _NS_PER_S)


class SimClock:
    """Simulated time: seconds from a callable (e.g. ``env.now``) on top of a fixed UTC epoch."""

    __slots__ = ("_cached_second", "_cached_time", "_now_fn", "epoch")

    epoch: datetime

    def __init__(self, now_fn: Callable[[], float], epoch: datetime | str = DEFAULT_EPOCH) -> None:
        """Wrap ``now_fn`` (simulated seconds since ``epoch``); ``epoch`` is taken as UTC."""
        self._now_fn = now_fn
        self.epoch = _as_utc(epoch)
        self._cached_second: int | None = None
        self._cached_time: datetime = self.epoch

    @classmethod
    def for_env(cls, env: _HasNow, epoch: datetime | str = DEFAULT_EPOCH) -> SimClock:
        """Return a clock reading ``env.now`` of a SimPy environment (or anything with ``now``)."""
        return SimClock(lambda: env.now, epoch)

    def now(self) -> float:
        """Return the simulated seconds since the epoch."""
        return float(self._now_fn())

    def now_time(self) -> datetime:
        """Return now as ``metav1.Now()`` reads back from the apiserver: UTC, whole seconds."""
        second = _to_ns(self.now()) // _NS_PER_S
        if second != self._cached_second:
            self._cached_time = self.epoch + timedelta(seconds=second)
            self._cached_second = second
        return self._cached_time

    def now_micro(self) -> datetime:
        """Return now as ``metav1.NowMicro()``: UTC, truncated to microseconds."""
        return self.to_micro_datetime(self.now())

    def to_datetime(self, seconds: float) -> datetime:
        """Return the UTC datetime of simulated ``seconds``, truncated to whole seconds."""
        return self.epoch + timedelta(seconds=_to_ns(seconds) // _NS_PER_S)

    def to_micro_datetime(self, seconds: float) -> datetime:
        """Return the UTC datetime of simulated ``seconds``, truncated to microseconds."""
        return self.epoch + timedelta(microseconds=_to_ns(seconds) // _NS_PER_US)

    def to_seconds(self, moment: datetime) -> float:
        """Return the simulated seconds of ``moment`` (a naive datetime is taken as UTC)."""
        return (_as_utc(moment) - self.epoch) / timedelta(seconds=1)

    def rfc3339(self, seconds: float) -> str:
        """Render simulated ``seconds`` as ``metav1.Time`` JSON: ``2026-01-01T00:01:30Z``."""
        return format_time(self.to_datetime(seconds))

    def rfc3339_micro(self, seconds: float) -> str:
        """Render simulated ``seconds`` as ``metav1.MicroTime`` JSON (six fractional digits)."""
        return format_micro_time(self.to_micro_datetime(seconds))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(now={self.now()!r}, epoch={format_time(self.epoch)!r})"


class ManualClock(SimClock):
    """A clock moved by hand, for tests and tools that run without SimPy; time never goes back."""

    __slots__ = ("_seconds",)

    def __init__(self, start: float = 0.0, epoch: datetime | str = DEFAULT_EPOCH) -> None:
        """Start at ``start`` simulated seconds after ``epoch``."""
        self._seconds = float(start)
        super().__init__(lambda: self._seconds, epoch)

    def set(self, seconds: float) -> None:
        """Move to ``seconds``; moving backwards raises ``ValueError``."""
        if seconds < self._seconds:
            raise ValueError(f"simulated time cannot go back from {self._seconds} to {seconds}")
        self._seconds = float(seconds)

    def advance(self, seconds: float) -> None:
        """Move forward by ``seconds`` (>= 0)."""
        if seconds < 0:
            raise ValueError(f"cannot advance simulated time by a negative amount: {seconds}")
        self._seconds += seconds
