"""We test these aspects: validation of podFailurePolicy and successPolicy on Job create.

Messages are those of ``validatePodFailurePolicy*`` and ``validateSuccessPolicy*`` in
kubernetes ``pkg/apis/batch/validation/validation.go``; succeededIndexes parse errors come
from ``validateIndexesFormat``/``parseIndexInterval`` of the same file. A bad value that is an
internal Go struct prints with Go field names (``{"Rules":[...]}``), as ``encoding/json`` does.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.defaults import prepare_for_create, set_defaults_job
from jobsim.api.validation import validate_job


def make_job(**spec: Any) -> Job:
    """A valid Job with two containers, decoded, defaulted and prepared like the apiserver does."""
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "myjob", "namespace": "default"},
        "spec": {
            "template": {
                "spec": {
                    "initContainers": [{"name": "init", "image": "image"}],
                    "containers": [{"name": "main", "image": "image"}],
                    "restartPolicy": "Never",
                }
            },
            **spec,
        },
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    prepare_for_create(job, "1a2b3c")
    return job


def pfp_messages(*rules: dict[str, Any], **spec: Any) -> list[str]:
    """Errors of a Job with these podFailurePolicy rules."""
    job = make_job(podFailurePolicy={"rules": list(rules)}, **spec)
    return [str(err) for err in validate_job(job)]


EXIT_1 = {"operator": "In", "values": [1]}
RULE = "spec.podFailurePolicy.rules[0]"

PFP_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("valid-exit-codes", {"action": "FailJob", "onExitCodes": EXIT_1}, []),
    (
        "valid-pod-conditions-defaulted-status",
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]},
        [],
    ),
    (
        "action-required",
        {"onExitCodes": EXIT_1},
        [f'{RULE}.action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]'],
    ),
    (
        "action-unsupported",
        {"action": "UnknownAction", "onExitCodes": EXIT_1},
        [
            f'{RULE}.action: Unsupported value: "UnknownAction": supported values: "Count",'
            ' "FailIndex", "FailJob", "Ignore"'
        ],
    ),
    (
        "FailIndex-needs-backoffLimitPerIndex",
        {"action": "FailIndex", "onExitCodes": EXIT_1},
        [f'{RULE}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set'],
    ),
    (
        "both-requirements",
        {
            "action": "FailJob",
            "onExitCodes": EXIT_1,
            "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
        },
        [
            f"{RULE}: Invalid value: specifying both OnExitCodes and OnPodConditions is not"
            " supported"
        ],
    ),
    (
        "no-requirement",
        {"action": "FailJob"},
        [f"{RULE}: Invalid value: specifying one of OnExitCodes and OnPodConditions is required"],
    ),
    (
        "operator-required",
        {"action": "FailJob", "onExitCodes": {"values": [1]}},
        [f'{RULE}.onExitCodes.operator: Required value: valid values: ["In" "NotIn"]'],
    ),
    (
        "operator-unsupported",
        {"action": "FailJob", "onExitCodes": {"operator": "Exists", "values": [1]}},
        [
            f'{RULE}.onExitCodes.operator: Unsupported value: "Exists": supported values: "In",'
            ' "NotIn"'
        ],
    ),
    (
        "unknown-container-name",
        {"action": "FailJob", "onExitCodes": {**EXIT_1, "containerName": "other"}},
        [
            f'{RULE}.onExitCodes.containerName: Invalid value: "other": must be one of the'
            " container or initContainer names in the pod template"
        ],
    ),
    (
        "init-container-name-is-known",
        {"action": "FailJob", "onExitCodes": {**EXIT_1, "containerName": "init"}},
        [],
    ),
    (
        "values-empty",
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": []}},
        [f"{RULE}.onExitCodes.values: Invalid value: []: at least one value is required"],
    ),
    (
        "zero-with-In",
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [0, 1]}},
        [f"{RULE}.onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator"],
    ),
    (
        "zero-with-NotIn-is-fine",
        {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [0, 1]}},
        [],
    ),
    (
        "duplicate-and-unordered",
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [2, 1, 2]}},
        [
            f"{RULE}.onExitCodes.values[2]: Duplicate value: 2",
            f"{RULE}.onExitCodes.values: Invalid value: [2,1,2]: must be ordered",
        ],
    ),
    (
        "too-many-values",
        {"action": "FailJob", "onExitCodes": {"operator": "In", "values": list(range(1, 257))}},
        [f"{RULE}.onExitCodes.values: Too many: 256: must have at most 255 items"],
    ),
    (
        "condition-type-not-qualified",
        {"action": "Ignore", "onPodConditions": [{"type": "Bad Type", "status": "True"}]},
        [
            f'{RULE}.onPodConditions[0].type: Invalid value: "Bad Type": name part must consist'
            " of alphanumeric characters, '-', '_' or '.', and must start and end with an"
            " alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for"
            " validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        ],
    ),
    (
        "condition-status-unsupported",
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "Yes"}]},
        [
            f'{RULE}.onPodConditions[0].status: Unsupported value: "Yes": supported values:'
            ' "False", "True", "Unknown"'
        ],
    ),
    (
        "too-many-condition-patterns",
        {"action": "Ignore", "onPodConditions": [{"type": f"C{i}"} for i in range(21)]},
        [f"{RULE}.onPodConditions: Too many: 21: must have at most 20 items"],
    ),
]


@pytest.mark.parametrize(
    ("rule", "expected"), [(c[1], c[2]) for c in PFP_CASES], ids=[c[0] for c in PFP_CASES]
)
def test_pod_failure_policy_rule(rule: dict[str, Any], expected: list[str]) -> None:
    """Each ``validatePodFailurePolicyRule`` check, with upstream's path and message."""
    assert pfp_messages(rule) == expected


def test_too_many_pod_failure_policy_rules() -> None:
    """At most 20 rules (``maxPodFailurePolicyRules``)."""
    rules = [{"action": "FailJob", "onExitCodes": EXIT_1}] * 21
    assert pfp_messages(*rules) == [
        "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"
    ]


def test_fail_index_with_backoff_limit_per_index() -> None:
    """``FailIndex`` is valid on an Indexed Job with ``backoffLimitPerIndex``."""
    rule = {"action": "FailIndex", "onExitCodes": EXIT_1}
    spec = {"completionMode": "Indexed", "completions": 3, "backoffLimitPerIndex": 1}
    assert pfp_messages(rule, **spec) == []


def sp_messages(*rules: dict[str, Any], completions: int = 5) -> list[str]:
    """Errors of an Indexed Job with these successPolicy rules."""
    job = make_job(
        completionMode="Indexed", completions=completions, successPolicy={"rules": list(rules)}
    )
    return [str(err) for err in validate_job(job)]


SR = "spec.successPolicy.rules[0]"

SUCCESS_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("valid-indexes-and-count", {"succeededIndexes": "0-2,4", "succeededCount": 4}, []),
    (
        "neither-field",
        {},
        [
            f"{SR}: Required value: at least one of succeededCount or succeededIndexes must be"
            " specified"
        ],
    ),
    (
        "index-too-large",
        {"succeededIndexes": "5"},
        [
            f'{SR}.succeededIndexes: Invalid value: "5": error parsing succeededIndexes: too large'
            ' index: "5"'
        ],
    ),
    (
        "non-increasing",
        {"succeededIndexes": "3,1"},
        [
            f'{SR}.succeededIndexes: Invalid value: "3,1": error parsing succeededIndexes:'
            " non-increasing order, previous: 3, current: 1"
        ],
    ),
    (
        "not-a-number",
        {"succeededIndexes": "a"},
        [
            f'{SR}.succeededIndexes: Invalid value: "a": error parsing succeededIndexes: cannot'
            ' convert string to integer for index: "a"'
        ],
    ),
    (
        "three-parts",
        {"succeededIndexes": "1-2-3"},
        [
            f'{SR}.succeededIndexes: Invalid value: "1-2-3": error parsing succeededIndexes: the'
            ' fragment "1-2-3" violates the requirement that an index interval can have at most'
            " two parts separated by '-'"
        ],
    ),
    (
        "count-negative",
        {"succeededCount": -1},
        [f"{SR}.succeededCount: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "count-above-completions",
        {"succeededCount": 6},
        [
            f"{SR}.succeededCount: Invalid value: 6: must be less than or equal to 5 (the number"
            " of specified completions)"
        ],
    ),
    (
        "count-above-indexes",
        {"succeededIndexes": "0,1", "succeededCount": 3},
        [
            f"{SR}.succeededCount: Invalid value: 3: must be less than or equal to 2 (the number"
            " of indexes in the specified succeededIndexes field)"
        ],
    ),
]


@pytest.mark.parametrize(
    ("rule", "expected"), [(c[1], c[2]) for c in SUCCESS_CASES], ids=[c[0] for c in SUCCESS_CASES]
)
def test_success_policy_rule(rule: dict[str, Any], expected: list[str]) -> None:
    """Each ``validateSuccessPolicyRule`` check, with upstream's path and message."""
    assert sp_messages(rule) == expected


def test_success_policy_needs_rules() -> None:
    """An empty rule list is ``Required``; more than 20 is ``Too many``."""
    assert sp_messages() == [
        "spec.successPolicy.rules: Required value: at least one rules must be specified when the"
        " successPolicy is specified"
    ]
    rules = [{"succeededCount": 1}] * 21
    assert sp_messages(*rules) == [
        "spec.successPolicy.rules: Too many: 21: must have at most 20 items"
    ]


def test_success_policy_needs_indexed_mode() -> None:
    """On a NonIndexed Job the whole policy is rejected, printed as the internal Go struct."""
    job = make_job(successPolicy={"rules": [{"succeededIndexes": "0"}]})
    assert [str(err) for err in validate_job(job)] == [
        'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":"0",'
        '"SucceededCount":null}]}: requires indexed completion mode'
    ]


def test_succeeded_indexes_too_long() -> None:
    """succeededIndexes longer than 64 KiB is ``Too long`` (and still parsed)."""
    text = ",".join(str(i) for i in range(0, 30000, 2))
    assert len(text) > 64 * 1024
    assert sp_messages({"succeededIndexes": text}, completions=30000) == [
        f"{SR}.succeededIndexes: Too long: may not be more than 65536 bytes"
    ]
