"""We test these aspects: matching an Indexed Job's succeeded indexes against successPolicy rules
(succeededIndexes, succeededCount, both; unparsable or empty rule sets skipped; first rule met
wins with upstream's message) in ``jobsim.controllers.job.success_policy``.

The table mirrors upstream ``pkg/controller/job/success_policy_test.go``
(``TestMatchSuccessPolicy``); case ids are upstream's names. Upstream's "JobSuccessPolicy is
disabled" case is left out: the feature gate is GA and jobsim models no gates.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobsim.api.batch_v1 import SuccessPolicy
from jobsim.api.intervals import Interval, OrderedIntervals
from jobsim.controllers.job.success_policy import match_success_policy

NO_MATCH: tuple[str | None, bool] = (None, False)
MATCH_0: tuple[str | None, bool] = ("Matched rules at index 0", True)


def _policy(*rules: dict[str, Any]) -> SuccessPolicy:
    return SuccessPolicy.from_dict({"rules": list(rules)})


@pytest.mark.parametrize(
    ("policy", "succeeded", "want"),
    [
        (None, [(0, 0)], NO_MATCH),
        (_policy(), [(0, 0)], NO_MATCH),
        (_policy({"succeededIndexes": "invalid-form"}), [(0, 0)], NO_MATCH),
        (_policy({"succeededIndexes": "0-2"}), [(0, 2), (4, 7)], MATCH_0),
        (_policy({"succeededIndexes": "3"}), [(0, 2)], NO_MATCH),
        (_policy({"succeededCount": 2}), [(0, 2)], MATCH_0),
        (_policy({"succeededCount": 4}), [(0, 2)], NO_MATCH),
        (
            _policy({"succeededIndexes": "9"}, {"succeededIndexes": "4,6"}),
            [(0, 2), (4, 7)],
            ("Matched rules at index 1", True),
        ),
        (
            _policy({"succeededIndexes": "0,1"}, {"succeededIndexes": "5"}),
            [(0, 2), (4, 7)],
            MATCH_0,
        ),
        (_policy({"succeededIndexes": "3-6", "succeededCount": 2}), [(0, 2), (4, 7)], MATCH_0),
        (_policy({"succeededIndexes": "3-6", "succeededCount": 2}), [(0, 2), (6, 7)], NO_MATCH),
        (_policy({"succeededCount": 4}), [], NO_MATCH),
        (_policy({"succeededIndexes": "2-4,6-8"}), [(1, 5), (6, 9)], MATCH_0),
        (_policy({"succeededIndexes": "2-4,6-9"}), [(2, 4), (6, 9)], MATCH_0),
        (_policy({"succeededIndexes": "2-4,8-12"}), [(2, 5), (7, 15)], MATCH_0),
        (_policy({"succeededIndexes": ""}), [(1, 3)], NO_MATCH),
        (_policy({"succeededIndexes": ""}), [], NO_MATCH),
        (_policy({"succeededIndexes": "10-12,14-16"}), [(1, 3), (5, 7)], NO_MATCH),
        (_policy({"succeededIndexes": "1-3,5-7"}), [(2, 4), (6, 8)], NO_MATCH),
        (_policy({"succeededIndexes": "1-3,5-7", "succeededCount": 4}), [(2, 4), (6, 8)], MATCH_0),
        (_policy({"succeededIndexes": "2-4,6-9"}), [(1, 3), (5, 7)], NO_MATCH),
        (_policy({"succeededIndexes": "2-4,6-9", "succeededCount": 4}), [(1, 3), (5, 7)], MATCH_0),
        (_policy({"succeededIndexes": "0-4,6-9"}), [(1, 3), (7, 8)], NO_MATCH),
        (_policy({"succeededIndexes": "0-4,6-9", "succeededCount": 5}), [(1, 3), (7, 8)], MATCH_0),
        (_policy({"succeededIndexes": "0-6,8-9"}), [(1, 3), (5, 9)], NO_MATCH),
        (_policy({"succeededIndexes": "0-6,8-9", "succeededCount": 7}), [(1, 3), (5, 9)], MATCH_0),
        (_policy({"succeededIndexes": "0-5,7-9"}), [(1, 5), (7, 10)], NO_MATCH),
        (_policy({"succeededIndexes": "0-5,7-9", "succeededCount": 8}), [(1, 5), (7, 10)], MATCH_0),
        (_policy({"succeededIndexes": "0-3,6-9"}), [(1, 10)], NO_MATCH),
        (_policy({"succeededIndexes": "0-3,6-9", "succeededCount": 7}), [(1, 10)], MATCH_0),
    ],
    ids=[
        "successPolicy is null",
        "any rules are nothing",
        "rules.succeededIndexes is invalid format",
        "rules.succeededIndexes is specified; succeededIndexes matched rules",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules",
        "rules.succeededCount is specified; succeededIndexes matched rules",
        "rules.succeededCount is specified; succeededIndexes didn't match rules",
        "multiple rules; rules.succeededIndexes is specified; succeededIndexes met one of rules",
        "multiple rules; rules.succeededIndexes is specified; succeededIndexes met all rules",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes met all rules",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes didn't match rules",
        "rules.succeededIndexes is specified; succeededIndexes are nothing",
        "rules.succeededIndexes is specified; succeededIndexes matched rules;"
        " rules is proper subset of succeededIndexes",
        "rules.succeededIndexes is specified; succeededIndexes matched rules;"
        " rules equals succeededIndexes",
        "rules.succeededIndexes is specified; succeededIndexes matched rules;"
        " rules is subset of succeededIndexes",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules is an empty set",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules and succeededIndexes are empty set",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " all elements of rules.succeededIndexes aren't included in succeededIndexes",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules overlaps succeededIndexes at first",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; rules overlaps succeededIndexes at first",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules overlaps succeededIndexes at last",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; rules overlaps succeededIndexes at last",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules completely overlaps succeededIndexes",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; rules completely overlaps succeededIndexes",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules overlaps multiple succeededIndexes at last",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; rules overlaps multiple succeededIndexes at last",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " rules overlaps succeededIndexes at first, and rules equals succeededIndexes at last",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; rules overlaps succeededIndexes at first,"
        " and rules equals succeededIndexes at last",
        "rules.succeededIndexes is specified; succeededIndexes didn't match rules;"
        " the first rules overlaps succeededIndexes at first",
        "rules.succeededIndexes and rules.succeededCount are specified;"
        " succeededIndexes matched rules; the first rules overlaps succeededIndexes at first",
    ],
)
def test_match_success_policy(
    policy: SuccessPolicy | None, succeeded: list[Interval], want: tuple[str | None, bool]
) -> None:
    """matchSuccessPolicy returns ("Matched rules at index <i>", True) for the first rule met."""
    assert match_success_policy(policy, 10, OrderedIntervals(succeeded)) == want


@given(
    rule=st.sets(st.integers(0, 19), min_size=1),
    succeeded=st.sets(st.integers(0, 19)),
    count=st.one_of(st.none(), st.integers(1, 20)),
)
def test_succeeded_indexes_rule_agrees_with_set_semantics(
    rule: set[int], succeeded: set[int], count: int | None
) -> None:
    """A succeededIndexes rule is met iff all its indexes succeeded or >= count of them did."""
    text = str(OrderedIntervals.from_indexes(rule))
    policy = _policy({"succeededIndexes": text, "succeededCount": count})
    got = match_success_policy(policy, 20, OrderedIntervals.from_indexes(succeeded))
    hits = len(rule & succeeded)
    expected = bool(succeeded) and (rule <= succeeded or (count is not None and hits >= count))
    assert got == (MATCH_0 if expected else NO_MATCH)
