"""We test these aspects:

- the epoch: default ``2026-01-01T00:00:00Z``, configurable as an aware or naive datetime or an
  RFC 3339 string, always held in UTC;
- ``now()`` reads the wrapped callable (a SimPy environment included);
- ``now_time()`` / ``to_datetime`` truncate to whole seconds as ``metav1.Time`` JSON does (floor,
  also before the epoch), absorbing float noise; ``now_micro()`` truncates to microseconds;
- RFC 3339 renderings match the apiserver's ``metav1.Time`` / ``metav1.MicroTime`` formats;
- ``to_seconds`` inverts ``to_datetime``;
- the per-second cache of ``now_time()`` returns the same object within a second and moves on;
- ``ManualClock`` moves forward only.

Upstream: ``metav1.Time`` marshals with RFC 3339 at second precision and ``metav1.MicroTime`` with
six fractional digits (k8s.io/apimachinery ``pkg/apis/meta/v1/time.go``, ``micro_time.go``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import simpy

from jobsim.clock import DEFAULT_EPOCH, ManualClock, SimClock


def test_default_epoch_is_2026_utc() -> None:
    """Simulated time 0 is 2026-01-01T00:00:00Z unless configured."""
    clock = ManualClock()
    assert clock.epoch == datetime(2026, 1, 1, tzinfo=UTC)
    assert clock.epoch == DEFAULT_EPOCH
    assert clock.rfc3339(0) == "2026-01-01T00:00:00Z"


@pytest.mark.parametrize(
    "epoch",
    [
        datetime(2016, 7, 1, 12, 0, tzinfo=UTC),
        datetime(2016, 7, 1, 12, 0),
        datetime(2016, 7, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
        "2016-07-01T12:00:00Z",
        "2016-07-01T14:00:00+02:00",
    ],
    ids=["aware-utc", "naive-taken-as-utc", "aware-offset", "rfc3339-z", "rfc3339-offset"],
)
def test_epoch_is_configurable_and_normalised_to_utc(epoch: datetime | str) -> None:
    """Every accepted epoch form ends up as the same UTC instant."""
    clock = ManualClock(epoch=epoch)
    assert clock.epoch == datetime(2016, 7, 1, 12, 0, tzinfo=UTC)
    assert clock.epoch.utcoffset() == timedelta(0)
    assert clock.rfc3339(90) == "2016-07-01T12:01:30Z"


def test_bad_epoch_string_is_rejected() -> None:
    """A non-RFC 3339 epoch fails with the apiserver's parse message."""
    with pytest.raises(ValueError, match=r'parsing time "yesterday" as RFC 3339'):
        ManualClock(epoch="yesterday")


def test_now_reads_the_wrapped_callable() -> None:
    """``now()`` returns whatever the callable says, as a float."""
    ticks = iter([0, 1.5, 42])
    clock = SimClock(lambda: next(ticks))
    assert [clock.now(), clock.now(), clock.now()] == [0.0, 1.5, 42.0]


def test_for_env_follows_a_simpy_environment() -> None:
    """A clock built for a SimPy environment follows ``env.now`` as processes advance it."""
    env = simpy.Environment()
    clock = SimClock.for_env(env)
    seen: list[str] = []

    def proc(env: simpy.Environment) -> simpy.events.ProcessGenerator:
        seen.append(clock.rfc3339(clock.now()))
        yield env.timeout(61.5)
        seen.append(clock.rfc3339(clock.now()))

    env.process(proc(env))
    env.run()
    assert seen == ["2026-01-01T00:00:00Z", "2026-01-01T00:01:01Z"]


@pytest.mark.parametrize(
    ("seconds", "want"),
    [
        (0, "2026-01-01T00:00:00Z"),
        (0.999, "2026-01-01T00:00:00Z"),
        (1.999999, "2026-01-01T00:00:01Z"),
        (0.1 + 0.2 + 0.7, "2026-01-01T00:00:01Z"),
        (3600 * 24 + 59.5, "2026-01-02T00:00:59Z"),
        (-0.5, "2025-12-31T23:59:59Z"),
    ],
    ids=["zero", "truncates", "truncates-near-next", "float-noise", "next-day", "before-epoch"],
)
def test_whole_second_times_truncate(seconds: float, want: str) -> None:
    """``metav1.Time`` precision: fractions are cut off (floor), never rounded up."""
    clock = ManualClock(start=max(seconds, 0))
    assert clock.rfc3339(seconds) == want
    assert clock.to_datetime(seconds).microsecond == 0
    if seconds >= 0:
        assert clock.now_time() == clock.to_datetime(seconds)


@pytest.mark.parametrize(
    ("seconds", "want"),
    [
        (0, "2026-01-01T00:00:00.000000Z"),
        (1.5, "2026-01-01T00:00:01.500000Z"),
        (0.0000019, "2026-01-01T00:00:00.000001Z"),
        (0.3, "2026-01-01T00:00:00.300000Z"),
    ],
    ids=["zero", "half", "truncates-below-micro", "float-noise"],
)
def test_micro_times_truncate_to_microseconds(seconds: float, want: str) -> None:
    """``metav1.MicroTime`` precision: six fractional digits, truncated."""
    clock = ManualClock(start=seconds)
    assert clock.rfc3339_micro(seconds) == want
    assert clock.now_micro() == clock.to_micro_datetime(seconds)


def test_to_seconds_inverts_to_datetime() -> None:
    """Datetimes map back to simulated seconds; naive ones are taken as UTC."""
    clock = ManualClock()
    assert clock.to_seconds(clock.to_datetime(3661)) == 3661.0
    assert clock.to_seconds(datetime(2026, 1, 1, 0, 0, 1, 500000)) == 1.5
    assert clock.to_seconds(datetime(2025, 12, 31, 23, 0, tzinfo=UTC)) == -3600.0


def test_now_time_cache_within_and_across_seconds() -> None:
    """Within one second ``now_time()`` reuses its datetime; a new second gives a new one."""
    clock = ManualClock(start=10.1)
    first = clock.now_time()
    clock.set(10.9)
    assert clock.now_time() is first
    clock.advance(0.2)
    later = clock.now_time()
    assert later == first + timedelta(seconds=1)
    assert later.tzinfo is UTC


def test_manual_clock_moves_forward_only() -> None:
    """``set`` and ``advance`` move time forward; going back raises ValueError."""
    clock = ManualClock(start=5)
    clock.advance(2.5)
    assert clock.now() == 7.5
    clock.set(7.5)
    assert clock.now() == 7.5
    with pytest.raises(ValueError, match=r"cannot go back from 7\.5 to 7\.0"):
        clock.set(7.0)
    with pytest.raises(ValueError, match="negative amount"):
        clock.advance(-1)


def test_repr_names_time_and_epoch() -> None:
    """The repr shows the current simulated seconds and the epoch."""
    assert repr(ManualClock(start=3)) == "ManualClock(now=3.0, epoch='2026-01-01T00:00:00Z')"
