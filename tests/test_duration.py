"""We test these aspects:

- Go ``time.ParseDuration``: every valid case of Go's ``parseDurationTests`` (exact nanoseconds)
  and the error cases of ``parseDurationErrorTests`` with Go's exact messages;
- ``parse_duration``: Go syntax in seconds, bare numbers and numeric values as seconds, and clear
  errors for booleans, non-finite numbers and other types;
- Go ``time.Duration.String()``: Go's ``durationTests`` (and their negations) and common values;
- the parse/format round trip over the whole int64 range (Go ``TestParseDurationRoundTrip``);
- apimachinery ``HumanDuration`` and ``ShortHumanDuration``: the full upstream tables.

Upstream sources: Go ``src/time/format.go`` and ``src/time/time_test.go``; kubernetes
``staging/src/k8s.io/apimachinery/pkg/util/duration/duration.go`` and ``duration_test.go``.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsim.duration import (
    DurationError,
    format_duration,
    format_duration_ns,
    human_duration,
    parse_duration,
    parse_duration_ns,
    short_human_duration,
)

NS = 1
US = 1_000
MS = 1_000_000
S = 1_000_000_000
M = 60 * S
H = 60 * M

# Go src/time/time_test.go, parseDurationTests.
GO_PARSE_DURATION_TESTS: list[tuple[str, int]] = [
    ("0", 0),
    ("5s", 5 * S),
    ("30s", 30 * S),
    ("1478s", 1478 * S),
    ("-5s", -5 * S),
    ("+5s", 5 * S),
    ("-0", 0),
    ("+0", 0),
    ("5.0s", 5 * S),
    ("5.6s", 5 * S + 600 * MS),
    ("5.s", 5 * S),
    (".5s", 500 * MS),
    ("1.0s", 1 * S),
    ("1.00s", 1 * S),
    ("1.004s", 1 * S + 4 * MS),
    ("1.0040s", 1 * S + 4 * MS),
    ("100.00100s", 100 * S + 1 * MS),
    ("10ns", 10 * NS),
    ("11us", 11 * US),
    ("12\u00b5s", 12 * US),
    ("12\u03bcs", 12 * US),
    ("13ms", 13 * MS),
    ("14s", 14 * S),
    ("15m", 15 * M),
    ("16h", 16 * H),
    ("3h30m", 3 * H + 30 * M),
    ("10.5s4m", 4 * M + 10 * S + 500 * MS),
    ("-2m3.4s", -(2 * M + 3 * S + 400 * MS)),
    ("1h2m3s4ms5us6ns", 1 * H + 2 * M + 3 * S + 4 * MS + 5 * US + 6 * NS),
    ("39h9m14.425s", 39 * H + 9 * M + 14 * S + 425 * MS),
    ("52763797000ns", 52763797000 * NS),
    ("0.3333333333333333333h", 20 * M),
    ("9007199254740993ns", (1 << 53) + 1),
    ("9223372036854775807ns", (1 << 63) - 1),
    ("9223372036854775.807us", (1 << 63) - 1),
    ("9223372036s854ms775us807ns", (1 << 63) - 1),
    ("-9223372036854775808ns", -(1 << 63)),
    ("-9223372036854775.808us", -(1 << 63)),
    ("-9223372036s854ms775us808ns", -(1 << 63)),
    ("-2562047h47m16.854775808s", -(1 << 63)),
    ("0.100000000000000000000h", 6 * M),
    ("0.830103483285477580700h", 49 * M + 48 * S + 372539827 * NS),
]


@pytest.mark.parametrize(
    ("text", "want_ns"), GO_PARSE_DURATION_TESTS, ids=[t for t, _ in GO_PARSE_DURATION_TESTS]
)
def test_parse_duration_ns_matches_go(text: str, want_ns: int) -> None:
    """Exact nanoseconds for every valid case of Go's parseDurationTests."""
    assert parse_duration_ns(text) == want_ns


# Go src/time/time_test.go, parseDurationErrorTests (cases representable as Python str).
GO_PARSE_DURATION_ERRORS: list[tuple[str, str]] = [
    ("", 'time: invalid duration ""'),
    ("3", 'time: missing unit in duration "3"'),
    ("-", 'time: invalid duration "-"'),
    ("s", 'time: invalid duration "s"'),
    (".", 'time: invalid duration "."'),
    ("-.", 'time: invalid duration "-."'),
    (".s", 'time: invalid duration ".s"'),
    ("+.s", 'time: invalid duration "+.s"'),
    ("1d", 'time: unknown unit "d" in duration "1d"'),
    ("\ufffd", 'time: invalid duration "\\xef\\xbf\\xbd"'),
    (
        "\ufffd hello \ufffd world",
        'time: invalid duration "\\xef\\xbf\\xbd hello \\xef\\xbf\\xbd world"',
    ),
    ("9223372036854775810ns", 'time: invalid duration "9223372036854775810ns"'),
    ("9223372036854775808ns", 'time: invalid duration "9223372036854775808ns"'),
    ("-9223372036854775809ns", 'time: invalid duration "-9223372036854775809ns"'),
    ("9223372036854776us", 'time: invalid duration "9223372036854776us"'),
    ("3000000h", 'time: invalid duration "3000000h"'),
    ("9223372036854775.808us", 'time: invalid duration "9223372036854775.808us"'),
    ("9223372036854ms775us808ns", 'time: invalid duration "9223372036854ms775us808ns"'),
    ("abc", 'time: invalid duration "abc"'),
    ("10x", 'time: unknown unit "x" in duration "10x"'),
    ("1m 30s", 'time: unknown unit "m " in duration "1m 30s"'),
]


@pytest.mark.parametrize(
    ("text", "message"),
    GO_PARSE_DURATION_ERRORS,
    ids=[repr(t) for t, _ in GO_PARSE_DURATION_ERRORS],
)
def test_parse_duration_ns_errors_match_go(text: str, message: str) -> None:
    """Invalid strings fail with Go's exact ``time:`` message."""
    with pytest.raises(DurationError) as excinfo:
        parse_duration_ns(text)
    assert str(excinfo.value) == message


@pytest.mark.parametrize(
    ("value", "want"),
    [
        ("90s", 90.0),
        ("1m30s", 90.0),
        ("2h", 7200.0),
        ("1.5h", 5400.0),
        ("300ms", 0.3),
        ("-1m", -60.0),
        ("10", 10.0),
        ("2.5", 2.5),
        (".5", 0.5),
        ("-1", -1.0),
        (10, 10.0),
        (2.5, 2.5),
    ],
    ids=[
        "seconds",
        "composite",
        "hours",
        "fractional-hours",
        "millis",
        "negative",
        "bare-int-text",
        "bare-float-text",
        "bare-fraction-text",
        "bare-negative-text",
        "int",
        "float",
    ],
)
def test_parse_duration_returns_seconds(value: str | float, want: float) -> None:
    """Go syntax and bare numbers both come back as float seconds."""
    assert parse_duration(value) == pytest.approx(want, abs=1e-12)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", 'time: invalid duration "abc"'),
        ("10x", 'time: unknown unit "x" in duration "10x"'),
        (True, "invalid duration True: want a string such as 90s or a number"),
        (math.nan, "invalid duration nan: not a finite number"),
        (math.inf, "invalid duration inf: not a finite number"),
        ([1], "invalid duration [1]: want a string such as 90s or a number"),
    ],
    ids=["garbage", "unknown-unit", "bool", "nan", "inf", "list"],
)
def test_parse_duration_errors(value: object, message: str) -> None:
    """Bad values raise DurationError (a ValueError) with a readable message."""
    with pytest.raises(DurationError) as excinfo:
        parse_duration(value)  # type: ignore[arg-type]
    assert str(excinfo.value) == message
    assert isinstance(excinfo.value, ValueError)


# Go src/time/time_test.go, durationTests.
GO_DURATION_STRING_TESTS: list[tuple[str, int]] = [
    ("0s", 0),
    ("1ns", 1 * NS),
    ("1.1\u00b5s", 1100 * NS),
    ("2.2ms", 2200 * US),
    ("3.3s", 3300 * MS),
    ("4m5s", 4 * M + 5 * S),
    ("4m5.001s", 4 * M + 5001 * MS),
    ("5h6m7.001s", 5 * H + 6 * M + 7001 * MS),
    ("8m0.000000001s", 8 * M + 1 * NS),
    ("2562047h47m16.854775807s", (1 << 63) - 1),
    ("-2562047h47m16.854775808s", -(1 << 63)),
]


@pytest.mark.parametrize(
    ("want", "ns"), GO_DURATION_STRING_TESTS, ids=[w for w, _ in GO_DURATION_STRING_TESTS]
)
def test_format_duration_ns_matches_go(want: str, ns: int) -> None:
    """Go's durationTests, and the negation of each positive case."""
    assert format_duration_ns(ns) == want
    if ns > 0:
        assert format_duration_ns(-ns) == "-" + want


@pytest.mark.parametrize(
    ("seconds", "want"),
    [(90, "1m30s"), (7200, "2h0m0s"), (0.5, "500ms"), (0, "0s"), (0.3, "300ms"), (-90, "-1m30s")],
    ids=["1m30s", "2h", "half-second", "zero", "float-noise-free", "negative"],
)
def test_format_duration_from_seconds(seconds: float, want: str) -> None:
    """Float seconds are rounded to nanoseconds, then rendered as Go does."""
    assert format_duration(seconds) == want


@given(st.integers(min_value=-(1 << 63), max_value=(1 << 63) - 1))
def test_format_then_parse_round_trips(ns: int) -> None:
    """Every int64 duration survives String() then ParseDuration (Go TestParseDurationRoundTrip)."""
    assert parse_duration_ns(format_duration_ns(ns)) == ns


# apimachinery pkg/util/duration/duration_test.go, TestHumanDuration + TestHumanDurationBoundaries.
HUMAN_DURATION_TESTS: list[tuple[int, str]] = [
    (S, "1s"),
    (70 * S, "70s"),
    (190 * S, "3m10s"),
    (70 * M, "70m"),
    (47 * H, "47h"),
    (49 * H, "2d1h"),
    ((8 * 24 + 2) * H, "8d"),
    ((367 * 24) * H, "367d"),
    ((365 * 2 * 24 + 25) * H, "2y1d"),
    ((365 * 8 * 24 + 2) * H, "8y"),
    (-2 * S, "<invalid>"),
    (-2 * S + 1, "0s"),
    (0, "0s"),
    (S - MS, "0s"),
    (2 * M - MS, "119s"),
    (2 * M, "2m"),
    (2 * M + S, "2m1s"),
    (10 * M - MS, "9m59s"),
    (10 * M, "10m"),
    (10 * M + S, "10m"),
    (3 * H - MS, "179m"),
    (3 * H, "3h"),
    (3 * H + M, "3h1m"),
    (8 * H - MS, "7h59m"),
    (8 * H, "8h"),
    (8 * H + 59 * M, "8h"),
    (2 * 24 * H - MS, "47h"),
    (2 * 24 * H, "2d"),
    (2 * 24 * H + H, "2d1h"),
    (8 * 24 * H - MS, "7d23h"),
    (8 * 24 * H, "8d"),
    (8 * 24 * H + 23 * H, "8d"),
    (2 * 365 * 24 * H - MS, "729d"),
    (2 * 365 * 24 * H, "2y"),
    (2 * 365 * 24 * H + 23 * H, "2y"),
    (2 * 365 * 24 * H + 23 * H + 59 * M, "2y"),
    (2 * 365 * 24 * H + 24 * H - MS, "2y"),
    (2 * 365 * 24 * H + 24 * H, "2y1d"),
    (3 * 365 * 24 * H, "3y"),
    (4 * 365 * 24 * H, "4y"),
    (5 * 365 * 24 * H, "5y"),
    (6 * 365 * 24 * H, "6y"),
    (7 * 365 * 24 * H, "7y"),
    (8 * 365 * 24 * H - MS, "7y364d"),
    (8 * 365 * 24 * H, "8y"),
    (8 * 365 * 24 * H + 364 * 24 * H, "8y"),
    (9 * 365 * 24 * H, "9y"),
]


@pytest.mark.parametrize(
    ("ns", "want"),
    HUMAN_DURATION_TESTS,
    ids=[format_duration_ns(n) for n, _ in HUMAN_DURATION_TESTS],
)
def test_human_duration_matches_apimachinery(ns: int, want: str) -> None:
    """Every case of upstream TestHumanDuration and TestHumanDurationBoundaries."""
    assert human_duration(ns / S) == want


# apimachinery pkg/util/duration/duration_test.go, TestShortHumanDurationBoundaries.
SHORT_HUMAN_DURATION_TESTS: list[tuple[int, str]] = [
    (-2 * S, "<invalid>"),
    (-2 * S + 1, "0s"),
    (0, "0s"),
    (S - MS, "0s"),
    (S, "1s"),
    (2 * S - MS, "1s"),
    (M - MS, "59s"),
    (M, "1m"),
    (2 * M - MS, "1m"),
    (H - MS, "59m"),
    (H, "1h"),
    (2 * H - MS, "1h"),
    (24 * H - MS, "23h"),
    (24 * H, "1d"),
    (2 * 24 * H - MS, "1d"),
    (365 * 24 * H - MS, "364d"),
    (365 * 24 * H, "1y"),
    (2 * 365 * 24 * H - MS, "1y"),
    (2 * 365 * 24 * H, "2y"),
]


@pytest.mark.parametrize(
    ("ns", "want"),
    SHORT_HUMAN_DURATION_TESTS,
    ids=[format_duration_ns(n) for n, _ in SHORT_HUMAN_DURATION_TESTS],
)
def test_short_human_duration_matches_apimachinery(ns: int, want: str) -> None:
    """Every case of upstream TestShortHumanDurationBoundaries."""
    assert short_human_duration(ns / S) == want
