"""Index interval lists: ``completedIndexes``, ``failedIndexes`` and ``succeededIndexes``.

Owns the compressed index-set format of Indexed Jobs (``"1,3-5,7"``) in both of its upstream
readings:

- the Job controller's lenient reading and its set algebra — ``orderedIntervals`` in
  ``pkg/controller/job/indexed_job_utils.go`` (``parseIndexesFromString``, ``withOrderedIndexes``,
  ``merge``, ``total``, ``has``, ``String``, ``firstPendingIndexes``) and the overlap count of
  ``matchSucceededIndexesRule`` in ``success_policy.go``;
- the apiserver's strict reading with its exact error messages — ``validateIndexesFormat``,
  ``parseIndexInterval`` and ``validateFailedIndexesNotOverlapCompleted`` in
  ``pkg/apis/batch/validation/validation.go``.

Set operations cost O(number of intervals), never O(number of indexes): an Indexed Job may have
100 000 completions.

Layer 0: imports nothing from jobsim (standard library only).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from typing import Final, final

__all__ = [
    "IndexesFormatError",
    "Interval",
    "OrderedIntervals",
    "go_atoi",
    "validate_failed_indexes_not_overlap_completed",
    "validate_indexes",
    "validate_indexes_format",
]

Interval = tuple[int, int]
"""An inclusive ``(first, last)`` pair of completion indexes."""

_ATOI: Final = re.compile(r"[+-]?[0-9]+")
_INT64_MIN: Final = -(1 << 63)
_INT64_MAX: Final = (1 << 63) - 1


def go_atoi(text: str) -> int:
    """Parse ``text`` as Go's ``strconv.Atoi`` (64-bit ``int``); raise ``ValueError`` if not."""
    # Go accepts an optional sign and ASCII digits only: no spaces, underscores or other digits.
    if _ATOI.fullmatch(text) is None:
        raise ValueError(f"strconv.Atoi: parsing {text!r}: invalid syntax")
    value = int(text)
    if not _INT64_MIN <= value <= _INT64_MAX:
        raise ValueError(f"strconv.Atoi: parsing {text!r}: value out of range")
    return value


def _try_atoi(text: str) -> int | None:
    try:
        return go_atoi(text)
    except ValueError:
        return None


def _go_quote(text: str) -> str:
    """Quote like Go's ``%q`` for the ASCII strings these messages carry."""
    out = ['"']
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x80:
            out.append(f"\\x{ord(ch):02x}")
        elif ch.isprintable():
            out.append(ch)
        elif ord(ch) <= 0xFFFF:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(f"\\U{ord(ch):08x}")
    out.append('"')
    return "".join(out)


@final
class OrderedIntervals:
    """An immutable set of completion indexes stored as sorted, disjoint, non-adjacent intervals."""

    __slots__ = ("_intervals", "_lasts", "_total")

    _intervals: tuple[Interval, ...]
    _lasts: tuple[int, ...]
    _total: int

    def __init__(self, intervals: Iterable[Interval] = ()) -> None:
        """Build from any ``(first, last)`` pairs; they are sorted and merged to canonical form."""
        pairs = sorted((int(first), int(last)) for first, last in intervals)
        for first, last in pairs:
            if first > last:
                raise ValueError(f"interval ({first}, {last}) has first > last")
        self._init(_merge_sorted(pairs))

    def _init(self, canonical: tuple[Interval, ...]) -> None:
        self._intervals = canonical
        self._lasts = tuple(last for _, last in canonical)
        self._total = sum(last - first + 1 for first, last in canonical)

    @classmethod
    def _of(cls, canonical: tuple[Interval, ...]) -> OrderedIntervals:
        result = cls.__new__(cls)
        result._init(canonical)
        return result

    # -- construction ---------------------------------------------------------------------------

    @classmethod
    def parse(cls, text: str, completions: int) -> OrderedIntervals:
        """Read an index list leniently, as the Job controller's ``parseIndexesFromString``.

        Fragments whose numbers do not parse are skipped; parsing stops at the first interval
        starting at or beyond ``completions``; interval ends are clamped to ``completions - 1``;
        a third ``-`` part is ignored. Deliberate difference: a reversed interval (``"5-3"``) is
        dropped and out-of-order or overlapping intervals are merged, where upstream would keep a
        malformed list — the apiserver rejects such strings, so upstream never meets them either.
        """
        if not text:
            return _EMPTY
        pairs: list[Interval] = []
        for fragment in text.split(","):
            limits = fragment.split("-")
            first = _try_atoi(limits[0])
            if first is None:
                continue
            if first >= completions:
                break
            if len(limits) > 1:
                last = _try_atoi(limits[1])
                if last is None:
                    continue
                last = min(last, completions - 1)
            else:
                last = first
            if first <= last:
                pairs.append((first, last))
        pairs.sort()
        return cls._of(_merge_sorted(pairs))

    @classmethod
    def from_indexes(cls, indexes: Iterable[int]) -> OrderedIntervals:
        """Build the set holding exactly ``indexes`` (any order, duplicates allowed)."""
        runs: list[Interval] = []
        for ix in sorted(set(indexes)):
            if runs and runs[-1][1] == ix - 1:
                runs[-1] = (runs[-1][0], ix)
            else:
                runs.append((ix, ix))
        return cls._of(tuple(runs))

    # -- set algebra ----------------------------------------------------------------------------

    def merge(self, other: OrderedIntervals) -> OrderedIntervals:
        """Return the union with ``other`` (upstream ``merge``), in O(#intervals)."""
        if not other._intervals:
            return self
        if not self._intervals:
            return other
        a, b = self._intervals, other._intervals
        merged: list[Interval] = []
        i = j = 0
        while i < len(a) or j < len(b):
            if j == len(b) or (i < len(a) and a[i][0] < b[j][0]):
                current = a[i]
                i += 1
            else:
                current = b[j]
                j += 1
            if merged and current[0] <= merged[-1][1] + 1:
                if current[1] > merged[-1][1]:
                    merged[-1] = (merged[-1][0], current[1])
            else:
                merged.append(current)
        return OrderedIntervals._of(tuple(merged))

    def with_ordered_indexes(self, new_indexes: Iterable[int]) -> OrderedIntervals:
        """Return the union with ``new_indexes`` (upstream ``withOrderedIndexes``; any order)."""
        return self.merge(OrderedIntervals.from_indexes(new_indexes))

    def has(self, ix: int) -> bool:
        """Tell whether index ``ix`` is in the set (binary search, upstream ``has``)."""
        pos = bisect_left(self._lasts, ix)
        return pos < len(self._intervals) and self._intervals[pos][0] <= ix

    def total(self) -> int:
        """Return the number of indexes in the set (upstream ``total``)."""
        return self._total

    def intersection_count(self, other: OrderedIntervals) -> int:
        """Count the indexes both sets hold (``contains`` in ``matchSucceededIndexesRule``)."""
        a, b = self._intervals, other._intervals
        count = i = j = 0
        while i < len(a) and j < len(b):
            overlap = min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]) + 1
            if overlap > 0:
                count += overlap
            if a[i][1] < b[j][1]:
                i += 1
            elif a[i][1] > b[j][1]:
                j += 1
            else:
                i += 1
                j += 1
        return count

    def first_pending_indexes(self, count: int, completions: int) -> list[int]:
        """Return the ``count`` lowest indexes in ``[0, completions)`` not in this set.

        This is the interval walk of upstream ``firstPendingIndexes``; this set holds the
        non-pending indexes (succeeded, active, failed and, if the caller says so, terminating).
        """
        result: list[int] = []
        candidate = 0
        for first, last in self._intervals:
            if len(result) >= count or candidate >= completions:
                break
            stop = min(first, completions, candidate + count - len(result))
            if stop > candidate:
                result.extend(range(candidate, stop))
            candidate = max(candidate, last + 1)
        stop = min(completions, candidate + count - len(result))
        if stop > candidate:
            result.extend(range(candidate, stop))
        return result

    # -- views ----------------------------------------------------------------------------------

    @property
    def intervals(self) -> tuple[Interval, ...]:
        """The canonical ``(first, last)`` pairs, ascending."""
        return self._intervals

    def __str__(self) -> str:
        """Render as upstream ``String()``: ``a-b`` for runs of 3 or more, ``a,b`` for runs of 2."""
        parts: list[str] = []
        for first, last in self._intervals:
            if last == first:
                parts.append(str(first))
            elif last == first + 1:
                parts.append(f"{first},{last}")
            else:
                parts.append(f"{first}-{last}")
        return ",".join(parts)

    def __repr__(self) -> str:
        return f"OrderedIntervals({str(self)!r})"

    def __iter__(self) -> Iterator[int]:
        """Iterate over the indexes in ascending order."""
        for first, last in self._intervals:
            yield from range(first, last + 1)

    def __len__(self) -> int:
        """Return the number of indexes (same as ``total()``)."""
        return self._total

    def __bool__(self) -> bool:
        return bool(self._intervals)

    def __contains__(self, ix: object) -> bool:
        return isinstance(ix, int) and self.has(ix)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, OrderedIntervals):
            return NotImplemented
        return self._intervals == other._intervals

    def __hash__(self) -> int:
        return hash(self._intervals)


def _merge_sorted(pairs: list[Interval]) -> tuple[Interval, ...]:
    """Merge sorted ``(first, last)`` pairs that overlap or touch."""
    merged: list[Interval] = []
    for first, last in pairs:
        if merged and first <= merged[-1][1] + 1:
            if last > merged[-1][1]:
                merged[-1] = (merged[-1][0], last)
        else:
            merged.append((first, last))
    return tuple(merged)


_EMPTY: Final = OrderedIntervals()


# -- strict (apiserver) reading ------------------------------------------------------------------


class IndexesFormatError(ValueError):
    """An index list the apiserver rejects; ``str(err)`` is upstream's message."""


def _parse_index_interval(fragment: str, completions: int) -> Interval:
    """Parse one ``"x"`` or ``"x-y"`` fragment strictly (upstream ``parseIndexInterval``)."""
    limits = fragment.split("-")
    if len(limits) > 2:
        raise IndexesFormatError(
            f"the fragment {_go_quote(fragment)} violates the requirement that an index interval"
            " can have at most two parts separated by '-'"
        )
    x = _try_atoi(limits[0])
    if x is None:
        raise IndexesFormatError(
            f"cannot convert string to integer for index: {_go_quote(limits[0])}"
        )
    if x >= completions:
        raise IndexesFormatError(f"too large index: {_go_quote(limits[0])}")
    if len(limits) == 1:
        return x, x
    y = _try_atoi(limits[1])
    if y is None:
        raise IndexesFormatError(
            f"cannot convert string to integer for index: {_go_quote(limits[1])}"
        )
    if y >= completions:
        raise IndexesFormatError(f"too large index: {_go_quote(limits[1])}")
    if x >= y:
        raise IndexesFormatError(f"non-increasing order, previous: {x}, current: {y}")
    return x, y


def validate_indexes_format(text: str, completions: int) -> int:
    """Check ``text`` as upstream ``validateIndexesFormat``; return its index count or raise."""
    if not text:
        return 0
    total = 0
    previous: int | None = None
    for fragment in text.split(","):
        x, y = _parse_index_interval(fragment, completions)
        if previous is not None and previous >= x:
            raise IndexesFormatError(f"non-increasing order, previous: {previous}, current: {x}")
        total += y - x + 1
        previous = y
    return total


def validate_indexes(text: str, completions: int) -> str | None:
    """Return upstream's error message for ``text``, or ``None`` if the apiserver accepts it."""
    try:
        validate_indexes_format(text, completions)
    except IndexesFormatError as err:
        return str(err)
    return None


def validate_failed_indexes_not_overlap_completed(
    completed: str, failed: str, completions: int
) -> str | None:
    """Return ``failedIndexes and completedIndexes overlap at index: <i>`` or ``None``.

    Mirrors upstream ``validateFailedIndexesNotOverlapCompleted``: fragments that do not parse are
    skipped (the format check reports them), and the first overlap found is reported.
    """
    if not completed or not failed:
        return None
    c_parts, f_parts = completed.split(","), failed.split(",")

    def parse(fragment: str) -> Interval | None:
        try:
            return _parse_index_interval(fragment, completions)
        except IndexesFormatError:
            return None

    ci = fi = 0
    c_iv, f_iv = parse(c_parts[0]), parse(f_parts[0])
    while ci < len(c_parts) and fi < len(f_parts):
        advance_completed = True
        if c_iv is None:
            pass
        elif f_iv is None:
            advance_completed = False
        else:
            if c_iv[0] <= f_iv[1] and f_iv[0] <= c_iv[1]:
                return (
                    f"failedIndexes and completedIndexes overlap at index: {max(c_iv[0], f_iv[0])}"
                )
            advance_completed = c_iv[0] <= f_iv[0]
        if advance_completed:
            ci += 1
            if ci < len(c_parts):
                c_iv = parse(c_parts[ci])
        else:
            fi += 1
            if fi < len(f_parts):
                f_iv = parse(f_parts[fi])
    return None
