"""successPolicy of Indexed Jobs: does the set of succeeded indexes satisfy a rule?

Owns ``pkg/controller/job/success_policy.go`` (``matchSuccessPolicy``,
``matchSucceededIndexesRule``). Rules are tried in order; the first one met gives the message
``Matched rules at index <i>`` of the ``SuccessCriteriaMet``/``Complete`` conditions (reason
``SuccessPolicy``). Costs O(number of intervals), never O(completions).

Pure functions. Must not import the store, simpy, logging, or other controller modules.
"""

from __future__ import annotations

from jobsim.api.batch_v1 import SuccessPolicy
from jobsim.api.intervals import OrderedIntervals

__all__ = ["match_succeeded_indexes_rule", "match_success_policy"]


def match_succeeded_indexes_rule(
    rule_indexes: OrderedIntervals,
    succeeded_indexes: OrderedIntervals,
    succeeded_count: int | None,
) -> bool:
    """Tell whether every rule index succeeded, or at least ``succeeded_count`` of them did."""
    contains = rule_indexes.intersection_count(succeeded_indexes)
    return contains == rule_indexes.total() or (
        succeeded_count is not None and contains >= succeeded_count
    )


def match_success_policy(
    policy: SuccessPolicy | None, completions: int, succeeded_indexes: OrderedIntervals
) -> tuple[str | None, bool]:
    """Return ``("Matched rules at index <i>", True)`` for the first rule met, or ``(None, False)``.

    Upstream ``matchSuccessPolicy``: nothing matches without a policy or without any succeeded
    index. A rule with ``succeededIndexes`` (parsed leniently, clamped below ``completions``) is
    skipped when that list is empty or unparsable; it is met when all those indexes succeeded or,
    with ``succeededCount``, when at least that many of them did. A rule with only
    ``succeededCount`` is met when that many indexes succeeded.
    """
    if policy is None or succeeded_indexes.total() == 0:
        return None, False
    for index, rule in enumerate(policy.rules):
        if rule.succeeded_indexes is not None:
            required = OrderedIntervals.parse(rule.succeeded_indexes, completions)
            if required.total() == 0:
                continue
            if match_succeeded_indexes_rule(required, succeeded_indexes, rule.succeeded_count):
                return f"Matched rules at index {index}", True
        elif rule.succeeded_count is not None and succeeded_indexes.total() >= rule.succeeded_count:
            return f"Matched rules at index {index}", True
    return None, False
