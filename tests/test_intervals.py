"""We test these aspects:

- canonical rendering (upstream ``orderedIntervals.String``), including the run-of-two ``a,b`` form;
- the controller's lenient parse (``parseIndexesFromString``): skipped fragments, the stop at the
  first interval beyond completions, clamping, and our documented normalisation of malformed lists;
- set algebra: ``withOrderedIndexes``/``merge`` (upstream ``TestCalculateSucceededIndexes``),
  ``has`` (``TestIntervalsHaveIndex``), the pending-index walk (``TestFirstPendingIndexes``) and
  the overlap count of ``matchSucceededIndexesRule`` (``TestMatchSuccessPolicy``);
- the apiserver's strict check (``validateIndexesFormat``) with upstream's exact messages, and the
  completed/failed overlap check;
- Go ``strconv.Atoi`` semantics;
- properties: string round trip and agreement with plain Python sets.

Upstream sources (kubernetes/kubernetes): ``pkg/controller/job/indexed_job_utils.go`` and
``indexed_job_utils_test.go``, ``pkg/controller/job/success_policy.go`` and
``success_policy_test.go``, ``pkg/apis/batch/validation/validation.go`` and ``validation_test.go``,
``pkg/registry/batch/job/strategy_test.go``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsim.api.intervals import (
    IndexesFormatError,
    Interval,
    OrderedIntervals,
    go_atoi,
    validate_failed_indexes_not_overlap_completed,
    validate_indexes,
    validate_indexes_format,
)

# -- rendering --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indexes", "want"),
    [
        ([], ""),
        ([0], "0"),
        ([0, 1], "0,1"),
        ([0, 1, 2], "0-2"),
        ([1, 3, 4, 5, 7], "1,3-5,7"),
        ([0, 4, 5, 10, 11, 12], "0,4,5,10-12"),
        ([7, 2, 2, 3, 4], "2-4,7"),
    ],
    ids=["empty", "single", "run-of-two", "run-of-three", "mixed", "upstream-prev", "unsorted"],
)
def test_str_renders_upstream_canonical_form(indexes: list[int], want: str) -> None:
    """Runs of 3+ render ``a-b``, runs of exactly 2 render ``a,b`` (upstream ``String()``)."""
    assert str(OrderedIntervals.from_indexes(indexes)) == want


def test_repr_shows_the_canonical_string() -> None:
    """The repr names the class and the canonical string."""
    assert repr(OrderedIntervals.from_indexes([1, 2, 3])) == "OrderedIntervals('1-3')"


# -- lenient (controller) parse ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "completions", "want"),
    [
        ("", 5, ()),
        ("0-5,8-10", 8, ((0, 5),)),
        ("0-5,8-10", 10, ((0, 5), (8, 9))),
        ("0,1-foo,bar", 4, ((0, 0),)),
        ("9", 2, ()),
        ("3,4,6", 9, ((3, 4), (6, 6))),
        ("0,4,5,10-12", 13, ((0, 0), (4, 5), (10, 12))),
        ("1-3-5", 10, ((1, 3),)),
        ("+1", 10, ((1, 1),)),
        (" 1,2", 10, ((2, 2),)),
        ("1-", 10, ()),
        ("3,9,1", 5, ((3, 3),)),
        ("0-99999", 100_000, ((0, 99_999),)),
        ("1", 0, ()),
    ],
    ids=[
        "empty",
        "prev-interval-out-of-range",
        "prev-interval-partially-out-of-range",
        "corrupted-interval",
        "prev-failed-outside-completions",
        "adjacent-fragments-merge",
        "prev-and-new-separate",
        "third-part-ignored",
        "plus-sign-accepted-by-atoi",
        "leading-space-skipped",
        "missing-end-skipped",
        "stops-at-first-too-large",
        "hundred-thousand-indexes-one-interval",
        "zero-completions",
    ],
)
def test_parse_matches_parse_indexes_from_string(
    text: str, completions: int, want: tuple[Interval, ...]
) -> None:
    """``parse`` reads as upstream ``parseIndexesFromString`` (cases from TestCalculate*Indexes)."""
    assert OrderedIntervals.parse(text, completions).intervals == want


@pytest.mark.parametrize(
    ("text", "want"),
    [("5-3,7", ((7, 7),)), ("6,1-2", ((1, 2), (6, 6))), ("1-4,3-6", ((1, 6),))],
    ids=["reversed-dropped", "out-of-order-sorted", "overlap-merged"],
)
def test_parse_normalises_lists_the_apiserver_rejects(
    text: str, want: tuple[Interval, ...]
) -> None:
    """Deliberate difference: malformed orderings are normalised instead of kept as-is."""
    assert validate_indexes(text, 10) is not None
    assert OrderedIntervals.parse(text, 10).intervals == want


# -- merging: TestCalculateSucceededIndexes ---------------------------------------------------


@pytest.mark.parametrize(
    ("prev", "new", "completions", "want_status", "want"),
    [
        ("", [1], 2, (), ((1, 1),)),
        ("", [5, 5, 10], 11, (), ((5, 5), (10, 10))),
        ("", [2, 3, 5, 6, 7], 8, (), ((2, 3), (5, 7))),
        ("", [0, 2, 3, 4, 5], 6, (), ((0, 0), (2, 5))),
        ("", [0, 1, 2, 4], 5, (), ((0, 2), (4, 4))),
        ("0-5,8-10", [], 8, ((0, 5),), ((0, 5),)),
        ("0-5,8-10", [], 10, ((0, 5), (8, 9)), ((0, 5), (8, 9))),
        (
            "0,4,5,10-12",
            [2, 7, 8],
            13,
            ((0, 0), (4, 5), (10, 12)),
            ((0, 0), (2, 2), (4, 5), (7, 8), (10, 12)),
        ),
        ("3,4,6", [2, 7, 8], 9, ((3, 4), (6, 6)), ((2, 4), (6, 8))),
        ("2,7,8", [3, 4, 6], 9, ((2, 2), (7, 8)), ((2, 4), (6, 8))),
        ("2-7", [0, 3, 5, 9], 10, ((2, 7),), ((0, 0), (2, 7), (9, 9))),
        ("0,1-foo,bar", [3], 4, ((0, 0),), ((0, 0), (3, 3))),
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
def test_with_ordered_indexes_matches_calculate_succeeded_indexes(
    prev: str,
    new: list[int],
    completions: int,
    want_status: tuple[Interval, ...],
    want: tuple[Interval, ...],
) -> None:
    """Previous status parsed, then new succeeded indexes merged, as upstream's table.

    ``new`` lists the indexes of the table's Succeeded pods after calculateSucceededIndexes'
    pod filter (valid index, < completions), which belongs to the controller, not this module.
    """
    prev_intervals = OrderedIntervals.parse(prev, completions)
    assert prev_intervals.intervals == want_status
    assert prev_intervals.with_ordered_indexes(new).intervals == want


def test_merge_unions_overlapping_and_touching_intervals() -> None:
    """``merge`` joins overlapping and adjacent intervals and keeps gaps."""
    a = OrderedIntervals([(0, 2), (10, 12)])
    b = OrderedIntervals([(3, 4), (8, 10), (20, 20)])
    assert a.merge(b).intervals == ((0, 4), (8, 12), (20, 20))
    assert b.merge(a) == a.merge(b)
    assert a.merge(OrderedIntervals()) is a


def test_constructor_rejects_reversed_interval() -> None:
    """A hand-built interval with first > last is an error, not an empty set."""
    with pytest.raises(ValueError, match=r"interval \(3, 1\) has first > last"):
        OrderedIntervals([(3, 1)])


# -- has: TestIntervalsHaveIndex --------------------------------------------------------------


@pytest.mark.parametrize(
    ("intervals", "index", "want"),
    [
        ([], 4, False),
        ([(2, 4), (5, 7)], 1, False),
        ([(2, 4), (6, 8)], 9, False),
        ([(2, 4), (6, 8)], 5, False),
        ([(2, 4), (6, 8)], 2, True),
        ([(2, 4), (6, 8)], 8, True),
    ],
    ids=["empty", "before all", "after all", "in between", "in first", "in second"],
)
def test_has_matches_upstream(intervals: list[Interval], index: int, want: bool) -> None:
    """``has`` and ``in`` agree with upstream TestIntervalsHaveIndex."""
    oi = OrderedIntervals(intervals)
    assert oi.has(index) is want
    assert (index in oi) is want


# -- pending walk: TestFirstPendingIndexes ----------------------------------------------------


@pytest.mark.parametrize(
    ("non_pending", "count", "completions", "want"),
    [
        ([], 5, 3, [0, 1, 2]),
        ([], 2, 5, [0, 1]),
        ([0, 1], 3, 10, [2, 3, 4]),
        ([6, 4, 5], 6, 6, [0, 1, 2, 3]),
        ([3, 5, 8, 2, 3, 4, 9], 5, 20, [0, 1, 6, 7, 10]),
        ([3, 9, 1, 5, 9, 2, 6, 7], 5, 20, [0, 4, 8, 10, 11]),
        ([], 0, 5, []),
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
def test_first_pending_indexes_matches_upstream(
    non_pending: list[int], count: int, completions: int, want: list[int]
) -> None:
    """The lowest free indexes, given the active, succeeded and failed indexes of upstream."""
    oi = OrderedIntervals.from_indexes(non_pending)
    assert oi.first_pending_indexes(count, completions) == want


# -- overlap count: TestMatchSuccessPolicy ----------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "succeeded", "succeeded_count", "want_count", "want_met"),
    [
        ("0-2", [(0, 2), (4, 7)], None, 3, True),
        ("3", [(0, 2)], None, 0, False),
        ("9", [(0, 2), (4, 7)], None, 0, False),
        ("4,6", [(0, 2), (4, 7)], None, 2, True),
        ("3-6", [(0, 2), (4, 7)], 2, 3, True),
        ("3-6", [(0, 2), (6, 7)], 2, 1, False),
        ("2-4,6-8", [(1, 5), (6, 9)], None, 6, True),
        ("2-4,6-9", [(2, 4), (6, 9)], None, 7, True),
        ("2-4,8-12", [(2, 5), (7, 15)], None, 5, True),
        ("1-3,5-7", [(2, 4), (6, 8)], None, 4, False),
        ("1-3,5-7", [(2, 4), (6, 8)], 4, 4, True),
        ("2-4,6-9", [(1, 3), (5, 7)], 4, 4, True),
        ("0-4,6-9", [(1, 3), (7, 8)], 5, 5, True),
        ("0-6,8-9", [(1, 3), (5, 9)], None, 7, False),
        ("0-6,8-9", [(1, 3), (5, 9)], 7, 7, True),
        ("0-5,7-9", [(1, 5), (7, 10)], 8, 8, True),
        ("0-3,6-9", [(1, 10)], None, 7, False),
        ("0-3,6-9", [(1, 10)], 7, 7, True),
    ],
    ids=[
        "indexes matched",
        "indexes didn't match",
        "multiple rules: first misses",
        "multiple rules: second matches",
        "indexes and count matched",
        "indexes and count didn't match",
        "rule proper subset",
        "rule equals succeeded",
        "rule subset, clamped to completions",
        "overlaps at first",
        "overlaps at first with count",
        "overlaps at last with count",
        "completely overlaps with count",
        "overlaps multiple at last",
        "overlaps multiple at last with count",
        "overlaps first, equals last, with count",
        "first rule overlaps at first",
        "first rule overlaps at first with count",
    ],
)
def test_intersection_count_matches_match_succeeded_indexes_rule(
    rule: str,
    succeeded: list[Interval],
    succeeded_count: int | None,
    want_count: int,
    want_met: bool,
) -> None:
    """Overlap counts behind upstream TestMatchSuccessPolicy verdicts (completions = 10)."""
    required = OrderedIntervals.parse(rule, 10)
    got = required.intersection_count(OrderedIntervals(succeeded))
    assert got == want_count
    # matchSucceededIndexesRule: all required indexes succeeded, or at least succeededCount did.
    met = got == required.total() or (succeeded_count is not None and got >= succeeded_count)
    assert met is want_met


def test_rule_indexes_beyond_completions_parse_empty() -> None:
    """A rule entirely beyond completions parses empty, so matchSuccessPolicy skips it."""
    assert not OrderedIntervals.parse("10-12,14-16", 10)
    assert not OrderedIntervals.parse("invalid-form", 10)


# -- strict (apiserver) check -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "completions", "want"),
    [
        ("invalid-format", 5, 'cannot convert string to integer for index: "invalid"'),
        ("a", 5, 'cannot convert string to integer for index: "a"'),
        ("1-x", 5, 'cannot convert string to integer for index: "x"'),
        ("-1", 5, 'cannot convert string to integer for index: ""'),
        ("1,", 5, 'cannot convert string to integer for index: ""'),
        (" 1", 5, 'cannot convert string to integer for index: " 1"'),
        ("5", 5, 'too large index: "5"'),
        ("0-9", 5, 'too large index: "9"'),
        ("1-1", 5, "non-increasing order, previous: 1, current: 1"),
        ("3-2", 5, "non-increasing order, previous: 3, current: 2"),
        ("0,0", 5, "non-increasing order, previous: 0, current: 0"),
        ("0-2,1", 5, "non-increasing order, previous: 2, current: 1"),
        (
            "1-2-3",
            5,
            'the fragment "1-2-3" violates the requirement that an index interval can have'
            " at most two parts separated by '-'",
        ),
    ],
    ids=[
        "validation_test invalid-format",
        "not-a-number",
        "bad-end",
        "negative-index",
        "trailing-comma",
        "leading-space",
        "too-large-single",
        "too-large-end",
        "one-element-range",
        "reversed-range",
        "repeated-index",
        "overlap-with-previous",
        "three-parts",
    ],
)
def test_validate_indexes_reports_upstream_messages(text: str, completions: int, want: str) -> None:
    """Messages are exactly those of upstream ``parseIndexInterval``/``validateIndexesFormat``."""
    assert validate_indexes(text, completions) == want
    with pytest.raises(IndexesFormatError) as excinfo:
        validate_indexes_format(text, completions)
    assert str(excinfo.value) == want


@pytest.mark.parametrize(
    ("text", "completions", "want_total"),
    [("", 5, 0), ("0-2", 5, 3), ("0,1", 5, 2), ("0-2,3", 5, 4), ("1,3-4", 5, 3)],
    ids=["empty", "validation_test 0-2", "run-of-two", "adjacent-allowed", "mixed"],
)
def test_validate_indexes_format_returns_index_count(
    text: str, completions: int, want_total: int
) -> None:
    """Accepted lists yield their index count (used for succeededCount's upper bound)."""
    assert validate_indexes_format(text, completions) == want_total
    assert validate_indexes(text, completions) is None


@pytest.mark.parametrize(
    ("completed", "failed", "want"),
    [
        ("2-4", "0,2", "failedIndexes and completedIndexes overlap at index: 2"),
        ("3-4", "0,2", None),
        ("", "0", None),
        ("0-1,x,5-7", "3,6", "failedIndexes and completedIndexes overlap at index: 6"),
        ("4", "1-6", "failedIndexes and completedIndexes overlap at index: 4"),
    ],
    ids=[
        "strategy_test overlap",
        "strategy_test disjoint",
        "empty",
        "skips-bad-fragment",
        "inside",
    ],
)
def test_failed_completed_overlap_check(completed: str, failed: str, want: str | None) -> None:
    """The first shared index is reported, as upstream validateFailedIndexesNotOverlapCompleted."""
    assert validate_failed_indexes_not_overlap_completed(completed, failed, 10) == want


@pytest.mark.parametrize(
    ("text", "want"),
    [("0", 0), ("42", 42), ("+7", 7), ("-3", -3), ("9223372036854775807", (1 << 63) - 1)],
    ids=["zero", "plain", "plus", "minus", "int64-max"],
)
def test_go_atoi_accepts_what_strconv_accepts(text: str, want: int) -> None:
    """Optional sign and ASCII digits, within int64."""
    assert go_atoi(text) == want


@pytest.mark.parametrize(
    "text",
    ["", "+", " 1", "1 ", "1_000", "٣", "0x1", "9223372036854775808"],
    ids=[
        "empty",
        "sign-only",
        "space",
        "trailing",
        "underscore",
        "arabic-digit",
        "hex",
        "overflow",
    ],
)
def test_go_atoi_rejects_what_strconv_rejects(text: str) -> None:
    """Python's ``int`` is laxer than Go's ``strconv.Atoi``; these must fail."""
    with pytest.raises(ValueError, match=r"strconv\.Atoi"):
        go_atoi(text)


# -- properties -------------------------------------------------------------------------------

_sizes = st.integers(min_value=1, max_value=300)


@st.composite
def _index_sets(draw: st.DrawFn) -> tuple[set[int], int]:
    n = draw(_sizes)
    return draw(st.sets(st.integers(min_value=0, max_value=n - 1))), n


@given(_index_sets())
def test_string_round_trips_and_counts(case: tuple[set[int], int]) -> None:
    """``parse(str(from_indexes(s)), n)`` gives ``s`` back; the apiserver accepts the string."""
    indexes, n = case
    oi = OrderedIntervals.from_indexes(indexes)
    assert OrderedIntervals.parse(str(oi), n) == oi
    assert set(oi) == indexes
    assert oi.total() == len(oi) == len(indexes)
    assert validate_indexes_format(str(oi), n) == len(indexes)


@given(_index_sets(), _index_sets())
def test_set_operations_agree_with_python_sets(
    a_case: tuple[set[int], int], b_case: tuple[set[int], int]
) -> None:
    """merge, intersection_count, has and first_pending_indexes agree with plain sets."""
    a_set, n = a_case
    b_set, _ = b_case
    a, b = OrderedIntervals.from_indexes(a_set), OrderedIntervals.from_indexes(b_set)
    assert set(a.merge(b)) == a_set | b_set
    assert a.merge(b) == OrderedIntervals.from_indexes(a_set | b_set)
    assert a.intersection_count(b) == len(a_set & b_set)
    assert all(a.has(i) == (i in a_set) for i in range(-1, n + 2))
    free = [i for i in range(n) if i not in a_set]
    for count in (0, 1, 3, n):
        assert a.first_pending_indexes(count, n) == free[:count]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10))))
def test_constructor_normalises_any_interval_list(pairs: list[tuple[int, int]]) -> None:
    """Any list of intervals yields sorted, disjoint, non-adjacent intervals of the same set."""
    intervals = [(first, first + width) for first, width in pairs]
    oi = OrderedIntervals(intervals)
    expected = {i for first, last in intervals for i in range(first, last + 1)}
    assert set(oi) == expected
    for (_, last), (first, _) in zip(oi.intervals, oi.intervals[1:], strict=False):
        assert first > last + 1
