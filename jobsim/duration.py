"""Durations: Go ``time.ParseDuration`` / ``Duration.String`` and apimachinery's human durations.

Owns the text forms of time spans that users write and read:

- ``parse_duration`` reads scenario values such as ``90s``, ``1m30s``, ``1.5h`` or ``300ms`` with
  Go's ``time.ParseDuration`` rules and messages (``src/time/format.go``), and also takes bare
  numbers as seconds (``10``, ``2.5``, ``-1``) where Go would say ``missing unit``;
- ``format_duration`` writes Go's ``time.Duration.String()`` (``1m30s``, ``2h0m0s``, ``500ms``);
- ``human_duration`` / ``short_human_duration`` are apimachinery's ``HumanDuration`` /
  ``ShortHumanDuration`` (``pkg/util/duration/duration.go``), the AGE and DURATION cells of
  ``kubectl get``.

All arithmetic is done on whole nanoseconds, as Go does, so boundaries land where Go puts them.
Negative durations are accepted; callers that need a non-negative one validate it themselves.

Layer 1: standard library only; must not import the store, controllers or anything above.
"""

from __future__ import annotations

import math
import re
from typing import Final

__all__ = [
    "DurationError",
    "format_duration",
    "format_duration_ns",
    "human_duration",
    "parse_duration",
    "parse_duration_ns",
    "short_human_duration",
]

NANOSECOND: Final = 1
MICROSECOND: Final = 1_000
MILLISECOND: Final = 1_000_000
SECOND: Final = 1_000_000_000
MINUTE: Final = 60 * SECOND
HOUR: Final = 60 * MINUTE

_UNIT_NANOS: Final[dict[str, int]] = {
    "ns": NANOSECOND,
    "us": MICROSECOND,
    "\u00b5s": MICROSECOND,  # MICRO SIGN
    "\u03bcs": MICROSECOND,  # GREEK SMALL LETTER MU
    "ms": MILLISECOND,
    "s": SECOND,
    "m": MINUTE,
    "h": HOUR,
}
_LIMIT: Final = 1 << 63
_BARE_NUMBER: Final = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DIGITS: Final = frozenset("0123456789")


class DurationError(ValueError):
    """A duration that cannot be read; ``str(err)`` is Go's message where Go has one."""


def _quote(text: str) -> str:
    """Quote as Go's ``time.quote``: non-ASCII and control characters become ``\\xNN`` bytes."""
    out = ['"']
    for ch in text:
        if ch < " " or ord(ch) >= 0x80:
            try:
                raw = ch.encode("utf-8", "surrogateescape")
            except UnicodeEncodeError:
                raw = ch.encode("utf-8", "surrogatepass")
            out.extend(f"\\x{byte:02x}" for byte in raw)
        else:
            if ch in '"\\':
                out.append("\\")
            out.append(ch)
    out.append('"')
    return "".join(out)


def _leading_int(s: str, pos: int) -> tuple[int, int] | None:
    """Consume ``[0-9]*`` from ``pos``; return (value, new pos) or ``None`` on overflow."""
    x = 0
    while pos < len(s) and s[pos] in _DIGITS:
        if x > _LIMIT // 10:
            return None
        x = x * 10 + ord(s[pos]) - 48
        if x > _LIMIT:
            return None
        pos += 1
    return x, pos


def _leading_fraction(s: str, pos: int) -> tuple[int, float, int]:
    """Consume ``[0-9]*`` after a period; digits past int64 precision are dropped, as in Go."""
    x = 0
    scale = 1.0
    overflow = False
    while pos < len(s) and s[pos] in _DIGITS:
        if not overflow:
            if x > (_LIMIT - 1) // 10:
                overflow = True
            else:
                y = x * 10 + ord(s[pos]) - 48
                if y > _LIMIT:
                    overflow = True
                else:
                    x = y
                    scale *= 10
        pos += 1
    return x, scale, pos


def parse_duration_ns(text: str) -> int:
    """Parse ``text`` exactly as Go's ``time.ParseDuration``; return whole nanoseconds."""
    invalid = DurationError(f"time: invalid duration {_quote(text)}")
    s, pos, neg = text, 0, False
    if s and s[0] in "+-":
        neg = s[0] == "-"
        pos = 1
    if s[pos:] == "0":
        return 0
    if pos == len(s):
        raise invalid
    total = 0
    while pos < len(s):
        if not (s[pos] == "." or s[pos] in _DIGITS):
            raise invalid
        start = pos
        leading = _leading_int(s, pos)
        if leading is None:
            raise invalid
        value, pos = leading
        pre = pos != start
        frac, scale, post = 0, 1.0, False
        if pos < len(s) and s[pos] == ".":
            frac_start = pos + 1
            frac, scale, pos = _leading_fraction(s, frac_start)
            post = pos != frac_start
        if not pre and not post:
            raise invalid
        unit_start = pos
        while pos < len(s) and not (s[pos] == "." or s[pos] in _DIGITS):
            pos += 1
        if pos == unit_start:
            raise DurationError(f"time: missing unit in duration {_quote(text)}")
        unit_text = s[unit_start:pos]
        unit = _UNIT_NANOS.get(unit_text)
        if unit is None:
            raise DurationError(
                f"time: unknown unit {_quote(unit_text)} in duration {_quote(text)}"
            )
        if value > _LIMIT // unit:
            raise invalid
        value *= unit
        if frac > 0:
            # Go converts through float64 here; doing the same keeps its rounding.
            value += int(float(frac) * (float(unit) / scale))
            if value > _LIMIT:
                raise invalid
        total += value
        if total > _LIMIT:
            raise invalid
    if neg:
        return -total
    if total > _LIMIT - 1:
        raise invalid
    return total


def parse_duration(value: str | int | float) -> float:
    """Read a duration (Go syntax such as ``1m30s``, or a bare number of seconds) as seconds."""
    if isinstance(value, bool):
        raise DurationError(f"invalid duration {value!r}: want a string such as 90s or a number")
    if isinstance(value, int | float):
        seconds = float(value)
        if not math.isfinite(seconds):
            raise DurationError(f"invalid duration {value!r}: not a finite number")
        return seconds
    if not isinstance(value, str):
        raise DurationError(f"invalid duration {value!r}: want a string such as 90s or a number")
    if _BARE_NUMBER.fullmatch(value):
        return float(value)
    return parse_duration_ns(value) / SECOND


def _to_ns(seconds: float) -> int:
    """Round seconds to whole nanoseconds (Go's ``time.Duration`` resolution)."""
    if not math.isfinite(seconds):
        raise DurationError(f"invalid duration {seconds!r}: not a finite number")
    return round(seconds * SECOND)


def format_duration_ns(ns: int) -> str:
    """Render whole nanoseconds as Go's ``time.Duration.String()``."""
    sign = "-" if ns < 0 else ""
    u = abs(ns)
    if u == 0:
        return "0s"
    if u < SECOND:
        if u < MICROSECOND:
            return f"{sign}{u}ns"
        if u < MILLISECOND:
            return f"{sign}{_with_fraction(u, 3)}\u00b5s"
        return f"{sign}{_with_fraction(u, 6)}ms"
    whole, frac = divmod(u, SECOND)
    frac_digits = f"{frac:09d}".rstrip("0")
    secs = f"{whole % 60}" + (f".{frac_digits}" if frac_digits else "") + "s"
    minutes = whole // 60
    if minutes == 0:
        return f"{sign}{secs}"
    hours = minutes // 60
    head = f"{hours}h" if hours else ""
    return f"{sign}{head}{minutes % 60}m{secs}"


def _with_fraction(value: int, prec: int) -> str:
    """``value / 10**prec`` with trailing zeros of the fraction dropped (Go's ``fmtFrac``)."""
    whole, frac = divmod(value, 10**prec)
    digits = f"{frac:0{prec}d}".rstrip("0")
    return f"{whole}.{digits}" if digits else f"{whole}"


def format_duration(seconds: float) -> str:
    """Render seconds as Go's ``time.Duration.String()`` (``1m30s``, ``2h0m0s``, ``500ms``)."""
    return format_duration_ns(_to_ns(seconds))


def _trunc_div(ns: int, unit: int) -> int:
    """Integer division rounding toward zero, as Go's ``/`` on integers."""
    q = abs(ns) // unit
    return q if ns >= 0 else -q


def human_duration(seconds: float) -> str:
    """Render as apimachinery ``HumanDuration``: kubectl AGE and DURATION, 2-3 figures."""
    ns = _to_ns(seconds)
    secs = _trunc_div(ns, SECOND)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 60 * 2:
        return f"{secs}s"
    minutes = ns // MINUTE
    if minutes < 10:
        s = secs % 60
        return f"{minutes}m" if s == 0 else f"{minutes}m{s}s"
    if minutes < 60 * 3:
        return f"{minutes}m"
    hours = ns // HOUR
    if hours < 8:
        m = minutes % 60
        return f"{hours}h" if m == 0 else f"{hours}h{m}m"
    if hours < 48:
        return f"{hours}h"
    if hours < 24 * 8:
        h = hours % 24
        return f"{hours // 24}d" if h == 0 else f"{hours // 24}d{h}h"
    if hours < 24 * 365 * 2:
        return f"{hours // 24}d"
    if hours < 24 * 365 * 8:
        dy = (hours // 24) % 365
        years = hours // 24 // 365
        return f"{years}y" if dy == 0 else f"{years}y{dy}d"
    return f"{hours // 24 // 365}y"


def short_human_duration(seconds: float) -> str:
    """Render as apimachinery ``ShortHumanDuration``: one unit (``59s``, ``1m``, ``1d``)."""
    ns = _to_ns(seconds)
    secs = _trunc_div(ns, SECOND)
    if secs < -1:
        return "<invalid>"
    if secs < 0:
        return "0s"
    if secs < 60:
        return f"{secs}s"
    minutes = ns // MINUTE
    if minutes < 60:
        return f"{minutes}m"
    hours = ns // HOUR
    if hours < 24:
        return f"{hours}h"
    if hours < 24 * 365:
        return f"{hours // 24}d"
    return f"{ns // (365 * 24 * HOUR)}y"
