"""We test these aspects: upstream's own Job validation and defaulting tables, case by case.

Ports of kubernetes ``pkg/apis/batch/validation/validation_test.go`` (``TestValidateJob``,
``TestValidateJobUpdate``, ``TestValidateJobUpdateStatus``), the startTime cases of
``pkg/registry/batch/job/strategy_test.go`` (``TestStatusStrategy_ValidateUpdate``) and
``pkg/apis/batch/v1/defaults_test.go`` (``TestSetDefaultJob``). Every test id is the upstream
case name. Unlike the other validation tests, the Jobs here are built exactly like upstream's
fixtures (no defaulting, no ``PrepareForCreate``) and the validators are called with the same
options, so a case here checks the very input upstream checks. Create errors are compared as the
full rendered error list (``field.Error.Error()``), update and status errors as upstream does
(type and field), plus the rendered text where jobsim once diverged.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from jobsim.api import naming
from jobsim.api.batch_v1 import Job
from jobsim.api.defaults import set_defaults_job
from jobsim.api.field import FieldError, Path
from jobsim.api.validation import (
    JobStatusValidationOptions,
    JobValidationOptions,
    validate_job,
    validate_job_spec_update,
    validate_job_status_update,
)

UID = "1a2b3c"
# getValidGeneratedSelector(): the prefixed and the legacy generated labels.
GENERATED = {
    "batch.kubernetes.io/controller-uid": UID,
    "controller-uid": UID,
    "batch.kubernetes.io/job-name": "myjob",
    "job-name": "myjob",
}
GENERATED_JSON = (
    '{"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"myjob",'
    '"controller-uid":"1a2b3c","job-name":"myjob"}'
)
QUALIFIED_NAME_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end"
    " with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used"
    " for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
HIGH = "when completions are above 100000 and used with backoff limit per index"
PFP_PREFIX = "spec.podFailurePolicy.rules[0]"


def _container(name: str) -> dict[str, Any]:
    """``podtest.MakeContainer``: an image, pull policy and message policy set."""
    return {
        "name": name,
        "image": "image",
        "imagePullPolicy": "IfNotPresent",
        "terminationMessagePolicy": "File",
    }


def template(
    labels: dict[str, str] | None = None, restart: str = "OnFailure", init: bool = True
) -> dict[str, Any]:
    """``getValidPodTemplateSpecForGenerated`` (``init=False``: ``...ForManual``)."""
    spec: dict[str, Any] = {
        "restartPolicy": restart,
        "dnsPolicy": "ClusterFirst",
        "terminationGracePeriodSeconds": 30,
        "containers": [_container("abc")],
    }
    if init:
        spec["initContainers"] = [_container("def")]
    return {"metadata": {"labels": dict(GENERATED if labels is None else labels)}, "spec": spec}


NEVER = template(restart="Never")
INDEXED: dict[str, Any] = {"completionMode": "Indexed"}
VALID_META = {"name": "myjob", "namespace": "default", "uid": UID}


def make_job(spec: dict[str, Any], meta: dict[str, Any] | None = None) -> Job:
    """A Job as upstream's table builds it: generated selector and template unless overridden."""
    full: dict[str, Any] = {"selector": {"matchLabels": dict(GENERATED)}, "template": template()}
    full.update(spec)
    doc = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta or VALID_META, "spec": full}
    return Job.from_dict(doc)


def create_messages(job: Job, prefixed: bool = True) -> list[str]:
    """``ValidateJob(job, JobValidationOptions{RequirePrefixedLabels: prefixed})``, rendered."""
    opts = JobValidationOptions(require_prefixed_labels=prefixed)
    return [str(err) for err in validate_job(job, opts=opts)]


def _pfp(*rules: dict[str, Any]) -> dict[str, Any]:
    """A spec with a podFailurePolicy and restartPolicy Never."""
    return {"template": NEVER, "podFailurePolicy": {"rules": list(rules)}}


def _sp(*rules: dict[str, Any]) -> dict[str, Any]:
    """An Indexed spec with 5 completions and a successPolicy."""
    return {**INDEXED, "completions": 5, "template": NEVER, "successPolicy": {"rules": list(rules)}}


# --- TestValidateJob: successCases ------------------------------------------------------

VALID_PFP_RULES: list[dict[str, Any]] = [
    {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]},
    {"action": "FailJob", "onPodConditions": [{"type": "CustomConditionType", "status": "False"}]},
    {
        "action": "Count",
        "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
    },
    {"action": "Ignore", "onExitCodes": {"containerName": "def", "operator": "In", "values": [4]}},
    {"action": "FailJob", "onExitCodes": {"operator": "NotIn", "values": [5, 6, 7]}},
]
HOSTNET = template()
HOSTNET["spec"]["securityContext"] = {"hostNetwork": True}
HOSTNET["spec"]["containers"][0]["ports"] = [{"containerPort": 12345, "protocol": "TCP"}]

VALID_CASES: list[tuple[str, dict[str, Any], bool]] = [
    (
        "valid success policy",
        {
            **INDEXED,
            "completions": 10,
            "template": NEVER,
            "successPolicy": {
                "rules": [
                    {"succeededCount": 1, "succeededIndexes": "0,2,4"},
                    {"succeededIndexes": "1,3,5-9"},
                ]
            },
        },
        True,
    ),
    ("valid pod failure policy", _pfp(*VALID_PFP_RULES), True),
    (
        "valid pod failure policy with FailIndex",
        {
            **INDEXED,
            "completions": 2,
            "backoffLimitPerIndex": 1,
            "manualSelector": True,
            **_pfp({"action": "FailIndex", "onExitCodes": {"operator": "In", "values": [10]}}),
        },
        False,
    ),
    (
        "valid manual selector",
        {
            "selector": {"matchLabels": {"a": "b"}},
            "manualSelector": True,
            "template": template({"a": "b"}, init=False),
        },
        True,
    ),
    ("valid generated selector", {}, True),
    ("valid pod replacement", {"podReplacementPolicy": "TerminatingOrFailed"}, True),
    ("valid pod replacement with failed", {"podReplacementPolicy": "Failed"}, True),
    ("valid hostnet", {"template": HOSTNET}, True),
    ("valid NonIndexed completion mode", {"completionMode": "NonIndexed"}, True),
    ("valid Indexed completion mode", {**INDEXED, "completions": 2, "parallelism": 100000}, True),
    (
        "valid parallelism and maxFailedIndexes for high completions when backoffLimitPerIndex"
        " is used",
        {
            **INDEXED,
            "completions": 100_000,
            "parallelism": 100_000,
            "maxFailedIndexes": 100_000,
            "backoffLimitPerIndex": 1,
        },
        True,
    ),
    (
        "valid parallelism and maxFailedIndexes for unlimited completions when"
        " backoffLimitPerIndex is used",
        {
            **INDEXED,
            "completions": 1_000_000_000,
            "parallelism": 10_000,
            "maxFailedIndexes": 10_000,
            "backoffLimitPerIndex": 1,
        },
        True,
    ),
    ("valid job tracking annotation", {}, True),
    ("valid batch labels", {}, True),
    (
        "do not allow new batch labels",
        {
            "selector": {"matchLabels": {"controller-uid": UID}},
            "template": template({"controller-uid": UID, "job-name": "myjob"}),
        },
        False,
    ),
    ("valid managedBy field", {"managedBy": "example.com/foo"}, True),
]


@pytest.mark.parametrize(
    ("spec", "prefixed"), [(c[1], c[2]) for c in VALID_CASES], ids=[c[0] for c in VALID_CASES]
)
def test_validate_job_success_cases(spec: dict[str, Any], prefixed: bool) -> None:
    """Upstream ``TestValidateJob`` success cases are accepted without any error."""
    meta = {**VALID_META, "annotations": {"foo": "bar"}}
    assert create_messages(make_job(spec, meta), prefixed) == []


# --- TestValidateJob: errorCases (full expected error lists) ----------------------------

MANUAL_AB: dict[str, Any] = {"selector": {"matchLabels": {"a": "b"}}, "manualSelector": True}

ERROR_CASES: list[tuple[str, dict[str, Any], bool, list[str]]] = [
    (
        "spec.managedBy: Too long: may not be longer than 63",
        {"managedBy": "example.com/" + "x" * 60},
        True,
        # Current apimachinery ``field.TooLong`` text (``TooLongMaxLength`` is deprecated to it).
        ["spec.managedBy: Too long: may not be more than 63 bytes"],
    ),
    (
        'spec.managedBy: Invalid value: "invalid custom controller name": must be a'
        ' domain-prefixed path (such as "acme.io/foo")',
        {"managedBy": "invalid custom controller name"},
        True,
        [
            'spec.managedBy: Invalid value: "invalid custom controller name": must be a'
            ' domain-prefixed path (such as "acme.io/foo")'
        ],
    ),
    (
        "spec.successPolicy: Invalid value: requires indexed completion mode",
        {"template": NEVER, "successPolicy": {"rules": []}},
        True,
        ['spec.successPolicy: Invalid value: {"Rules":[]}: requires indexed completion mode'],
    ),
    (
        "spec.successPolicy.rules: Required value: at least one rules must be specified when the"
        " successPolicy is specified",
        {**INDEXED, "completions": 5, "template": NEVER, "successPolicy": {}},
        True,
        [
            "spec.successPolicy.rules: Required value: at least one rules must be specified when"
            " the successPolicy is specified"
        ],
    ),
    (
        "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or"
        " succeededIndexes must be specified",
        _sp({}),
        True,
        [
            "spec.successPolicy.rules[0]: Required value: at least one of succeededCount or"
            " succeededIndexes must be specified"
        ],
    ),
    (
        "spec.successPolicy.rules[0].succeededIndexes: Invalid value: invalid-format",
        _sp({"succeededIndexes": "invalid-format"}),
        True,
        [
            'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "invalid-format": error'
            ' parsing succeededIndexes: cannot convert string to integer for index: "invalid"'
        ],
    ),
    (
        "spec.successPolicy.rules[0].succeededIndexes: Too long: must have at most 65536 bytes",
        _sp({"succeededIndexes": "1" * 65537}),
        True,
        [
            "spec.successPolicy.rules[0].succeededIndexes: Too long: may not be more than 65536"
            " bytes",
            f'spec.successPolicy.rules[0].succeededIndexes: Invalid value: "{"1" * 65537}": error'
            " parsing succeededIndexes: cannot convert string to integer for index:"
            f' "{"1" * 65537}"',
        ],
    ),
    (
        "spec.successPolicy.rules[0].succeededCount: must be greater than or equal to 0",
        _sp({"succeededCount": -1}),
        True,
        [
            "spec.successPolicy.rules[0].succeededCount: Invalid value: -1: must be greater than"
            " or equal to 0"
        ],
    ),
    (
        "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or equal"
        " to 5 (the number of specified completions)",
        _sp({"succeededCount": 6}),
        True,
        [
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 6: must be less than or"
            " equal to 5 (the number of specified completions)"
        ],
    ),
    (
        "spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal"
        " to 3 (the number of indexes in the specified succeededIndexes field)",
        _sp({"succeededCount": 4, "succeededIndexes": "0-2"}),
        True,
        [
            "spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or"
            " equal to 3 (the number of indexes in the specified succeededIndexes field)"
        ],
    ),
    (
        "spec.successPolicy.rules: Too many: 21: must have at most 20 items",
        _sp(*[{"succeededCount": 5}] * 21),
        True,
        ["spec.successPolicy.rules: Too many: 21: must have at most 20 items"],
    ),
    (
        "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and"
        " OnPodConditions is required",
        _pfp({"action": "FailJob"}),
        True,
        [
            f"{PFP_PREFIX}: Invalid value: specifying one of OnExitCodes and OnPodConditions is"
            " required"
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 11",
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "In", "values": [11, 11]}}),
        True,
        [f"{PFP_PREFIX}.onExitCodes.values[1]: Duplicate value: 11"],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values: Too many: 256: must have at most 255"
        " items",
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "In", "values": list(range(256))}}),
        True,
        [
            f"{PFP_PREFIX}.onExitCodes.values: Too many: 256: must have at most 255 items",
            f"{PFP_PREFIX}.onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In"
            " operator",
        ],
    ),
    (
        "spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items",
        _pfp(
            *[
                {"action": "FailJob", "onExitCodes": {"operator": "In", "values": [i + 1]}}
                for i in range(21)
            ]
        ),
        True,
        ["spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items"],
    ),
    (
        "spec.podFailurePolicy.rules[0].onPodConditions: Too many: 21: must have at most 20 items",
        _pfp(
            {
                "action": "FailJob",
                "onPodConditions": [
                    {"type": f"CustomType_{i}", "status": "True"} for i in range(21)
                ],
            }
        ),
        True,
        [f"{PFP_PREFIX}.onPodConditions: Too many: 21: must have at most 20 items"],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values[2]: Duplicate value: 13",
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "In", "values": [12, 13, 13, 13]}}),
        True,
        [
            f"{PFP_PREFIX}.onExitCodes.values[2]: Duplicate value: 13",
            f"{PFP_PREFIX}.onExitCodes.values[3]: Duplicate value: 13",
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{19, 11}: must"
        " be ordered",
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "In", "values": [19, 11]}}),
        True,
        [f"{PFP_PREFIX}.onExitCodes.values: Invalid value: [19,11]: must be ordered"],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{}: at least"
        " one value is required",
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "In", "values": []}}),
        True,
        [f"{PFP_PREFIX}.onExitCodes.values: Invalid value: []: at least one value is required"],
    ),
    (
        'spec.podFailurePolicy.rules[0].action: Required value: valid values: ["Count"'
        ' "FailIndex" "FailJob" "Ignore"]',
        _pfp({"action": "", "onExitCodes": {"operator": "In", "values": [1, 2, 3]}}),
        True,
        [
            f'{PFP_PREFIX}.action: Required value: valid values: ["Count" "FailIndex" "FailJob"'
            ' "Ignore"]'
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.operator: Required value: valid values:"
        ' ["In" "NotIn"]',
        _pfp({"action": "FailJob", "onExitCodes": {"operator": "", "values": [1, 2, 3]}}),
        True,
        [f'{PFP_PREFIX}.onExitCodes.operator: Required value: valid values: ["In" "NotIn"]'],
    ),
    (
        "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and"
        " OnPodConditions is not supported",
        _pfp(
            {
                "action": "FailJob",
                "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
                "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
            }
        ),
        True,
        [
            f"{PFP_PREFIX}: Invalid value: specifying both OnExitCodes and OnPodConditions is not"
            " supported"
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Invalid value: 0: must not be 0"
        " for the In operator",
        _pfp({"action": "Ignore", "onExitCodes": {"operator": "In", "values": [1, 0, 2]}}),
        True,
        [
            f"{PFP_PREFIX}.onExitCodes.values[1]: Invalid value: 0: must not be 0 for the In"
            " operator",
            f"{PFP_PREFIX}.onExitCodes.values: Invalid value: [1,0,2]: must be ordered",
        ],
    ),
    (
        'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must be'
        " one of the container or initContainer names in the pod template",
        _pfp(
            {
                "action": "Ignore",
                "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
            },
            {
                "action": "FailJob",
                "onExitCodes": {"containerName": "xyz", "operator": "In", "values": [5, 6, 7]},
            },
        ),
        True,
        [
            'spec.podFailurePolicy.rules[1].onExitCodes.containerName: Invalid value: "xyz": must'
            " be one of the container or initContainer names in the pod template"
        ],
    ),
    (
        'spec.podFailurePolicy.rules[0].action: Unsupported value: "UnknownAction": supported'
        ' values: "Count", "FailIndex", "FailJob", "Ignore"',
        _pfp(
            {
                "action": "UnknownAction",
                "onExitCodes": {"containerName": "abc", "operator": "In", "values": [1, 2, 3]},
            }
        ),
        True,
        [
            f'{PFP_PREFIX}.action: Unsupported value: "UnknownAction": supported values: "Count",'
            ' "FailIndex", "FailJob", "Ignore"'
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value:"
        ' "UnknownOperator": supported values: "In", "NotIn"',
        _pfp({"action": "Ignore", "onExitCodes": {"operator": "UnknownOperator", "values": [1]}}),
        True,
        [
            f'{PFP_PREFIX}.onExitCodes.operator: Unsupported value: "UnknownOperator": supported'
            ' values: "In", "NotIn"'
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Required value: valid values:"
        ' ["False" "True" "Unknown"]',
        _pfp({"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": ""}]}),
        True,
        [
            f"{PFP_PREFIX}.onPodConditions[0].status: Required value: valid values: "
            '["False" "True" "Unknown"]'
        ],
    ),
    (
        "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value:"
        ' "UnknownStatus": supported values: "False", "True", "Unknown"',
        _pfp(
            {
                "action": "Ignore",
                "onPodConditions": [{"type": "DisruptionTarget", "status": "UnknownStatus"}],
            }
        ),
        True,
        [
            f'{PFP_PREFIX}.onPodConditions[0].status: Unsupported value: "UnknownStatus":'
            ' supported values: "False", "True", "Unknown"'
        ],
    ),
    (
        'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "": name part'
        " must be non-empty",
        _pfp({"action": "Ignore", "onPodConditions": [{"type": "", "status": "True"}]}),
        True,
        [
            f'{PFP_PREFIX}.onPodConditions[0].type: Invalid value: "": name part must be non-empty',
            f'{PFP_PREFIX}.onPodConditions[0].type: Invalid value: "": {QUALIFIED_NAME_MSG}',
        ],
    ),
    (
        'spec.podFailurePolicy.rules[0].onPodConditions[0].type: Invalid value: "Invalid'
        ' Condition Type": name part must consist of alphanumeric characters',
        _pfp(
            {
                "action": "Ignore",
                "onPodConditions": [{"type": "Invalid Condition Type", "status": "True"}],
            }
        ),
        True,
        [
            f'{PFP_PREFIX}.onPodConditions[0].type: Invalid value: "Invalid Condition Type":'
            f" {QUALIFIED_NAME_MSG}"
        ],
    ),
    (
        'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values:'
        ' "Failed"',
        {
            "podReplacementPolicy": "TerminatingOrFailed",
            **_pfp(
                {
                    "action": "Ignore",
                    "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
                }
            ),
        },
        True,
        [
            'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported'
            ' values: "Failed"'
        ],
    ),
    (
        'spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed",'
        ' "TerminatingOrFailed"',
        {"podReplacementPolicy": "", "template": NEVER},
        True,
        [
            'spec.podReplacementPolicy: Unsupported value: "": supported values: "Failed",'
            ' "TerminatingOrFailed"'
        ],
    ),
    (
        'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported'
        " when podFailurePolicy is specified",
        {"template": template(init=False), "podFailurePolicy": {"rules": []}},
        True,
        [
            'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is'
            " supported when podFailurePolicy is specified"
        ],
    ),
    (
        "spec.parallelism:must be greater than or equal to 0",
        {"parallelism": -1},
        True,
        ["spec.parallelism: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.backoffLimit:must be greater than or equal to 0",
        {"backoffLimit": -1},
        True,
        ["spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
        {"backoffLimitPerIndex": 1},
        True,
        ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"],
    ),
    (
        "spec.backoffLimitPerIndex:must be greater than or equal to 0",
        {**INDEXED, "backoffLimitPerIndex": -1},
        True,
        [
            "spec.backoffLimitPerIndex: Invalid value: -1: must be greater than or equal to 0",
            "spec.completions: Required value: when completion mode is Indexed",
        ],
    ),
    (
        "spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions",
        {**INDEXED, "completions": 10, "maxFailedIndexes": 11, "backoffLimitPerIndex": 1},
        True,
        ["spec.maxFailedIndexes: Invalid value: 11: must be less than or equal to completions"],
    ),
    (
        "spec.maxFailedIndexes: Required value: must be specified when completions is above 100000",
        {**INDEXED, "completions": 100_001, "backoffLimitPerIndex": 1},
        True,
        [
            "spec.maxFailedIndexes: Required value: must be specified when completions is above"
            " 100000"
        ],
    ),
    (
        "spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 when"
        " completions are above 100000 and used with backoff limit per index",
        {
            **INDEXED,
            "completions": 100_001,
            "parallelism": 50_000,
            "backoffLimitPerIndex": 1,
            "maxFailedIndexes": 1,
        },
        True,
        [f"spec.parallelism: Invalid value: 50000: must be less than or equal to 10000 {HIGH}"],
    ),
    (
        "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
        {**INDEXED, "completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 100_001},
        True,
        [
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            f"spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000"
            f" {HIGH}",
        ],
    ),
    (
        "spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000 when"
        " completions are above 100000 and used with backoff limit per index",
        {**INDEXED, "completions": 100_001, "backoffLimitPerIndex": 1, "maxFailedIndexes": 50_000},
        True,
        [
            f"spec.maxFailedIndexes: Invalid value: 50000: must be less than or equal to 10000"
            f" {HIGH}"
        ],
    ),
    (
        "spec.maxFailedIndexes:must be greater than or equal to 0",
        {**INDEXED, "completions": 10, "backoffLimitPerIndex": 1, "maxFailedIndexes": -1},
        True,
        ["spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
        {**INDEXED, "maxFailedIndexes": 1},
        True,
        [
            "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified",
            "spec.completions: Required value: when completion mode is Indexed",
        ],
    ),
    (
        "spec.completions:must be greater than or equal to 0",
        {"completions": -1},
        True,
        ["spec.completions: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.activeDeadlineSeconds:must be greater than or equal to 0",
        {"activeDeadlineSeconds": -1},
        True,
        ["spec.activeDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.selector:Required value",
        {"selector": None},
        True,
        [
            "spec.selector: Required value",
            # A nil selector converts to labels.Nothing(), which matches no labels.
            f"spec.template.metadata.labels: Invalid value: {GENERATED_JSON}: `selector` does not"
            " match template `labels`",
        ],
    ),
    (
        'spec.template.metadata.labels: Invalid value: map[string]string{"y":"z"}: `selector`'
        " does not match template `labels`",
        {**MANUAL_AB, "template": template({"y": "z"}, init=False)},
        True,
        [
            'spec.template.metadata.labels: Invalid value: {"y":"z"}: `selector` does not match'
            " template `labels`"
        ],
    ),
    (
        'spec.template.metadata.labels: Invalid value: map[string]string{"controller-uid":'
        '"4d5e6f"}: `selector` does not match template `labels`',
        {**MANUAL_AB, "template": template({"controller-uid": "4d5e6f"}, init=False)},
        True,
        [
            'spec.template.metadata.labels: Invalid value: {"controller-uid":"4d5e6f"}:'
            " `selector` does not match template `labels`"
        ],
    ),
    (
        "spec.template.spec.restartPolicy: Required value",
        {**MANUAL_AB, "template": template({"a": "b"}, restart="Always", init=False)},
        True,
        ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ),
    (
        "spec.template.spec.restartPolicy: Unsupported value",
        {**MANUAL_AB, "template": template({"a": "b"}, restart="Invalid", init=False)},
        True,
        [
            'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values:'
            ' "Always", "OnFailure", "Never"',
            'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values:'
            ' "OnFailure", "Never"',
        ],
    ),
    (
        "spec.ttlSecondsAfterFinished: must be greater than or equal to 0",
        {"ttlSecondsAfterFinished": -1},
        True,
        ["spec.ttlSecondsAfterFinished: Invalid value: -1: must be greater than or equal to 0"],
    ),
    (
        "spec.completions: Required value: when completion mode is Indexed",
        INDEXED,
        True,
        ["spec.completions: Required value: when completion mode is Indexed"],
    ),
    (
        "spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed",
        {**INDEXED, "completions": 2, "parallelism": 100_001},
        True,
        [
            "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when"
            " completion mode is Indexed"
        ],
    ),
    (
        "spec.template.metadata.labels[controller-uid]: Required value: must be '1a2b3c'",
        {
            "selector": {"matchLabels": {"controller-uid": UID}},
            "template": template({"job-name": "myjob"}),
        },
        False,
        [
            "spec.template.metadata.labels[controller-uid]: Required value: must be '1a2b3c'",
            'spec.template.metadata.labels: Invalid value: {"job-name":"myjob"}: `selector` does'
            " not match template `labels`",
        ],
    ),
    (
        'spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"},'
        " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` not auto-generated",
        {"selector": {"matchLabels": {"a": "b"}}},
        True,
        [
            'spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` not'
            " auto-generated",
            f"spec.template.metadata.labels: Invalid value: {GENERATED_JSON}: `selector` does not"
            " match template `labels`",
        ],
    ),
    (
        "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value: must"
        " be '1a2b3c'",
        {
            "selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": UID}},
            "template": template(
                {
                    "batch.kubernetes.io/job-name": "myjob",
                    "controller-uid": UID,
                    "job-name": "myjob",
                }
            ),
        },
        True,
        [
            "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Required value:"
            " must be '1a2b3c'",
            'spec.template.metadata.labels: Invalid value: {"batch.kubernetes.io/job-name":"myjob",'
            '"controller-uid":"1a2b3c","job-name":"myjob"}: `selector` does not match template'
            " `labels`",
        ],
    ),
]


@pytest.mark.parametrize(
    ("spec", "prefixed", "expected"),
    [(c[1], c[2], c[3]) for c in ERROR_CASES],
    ids=[c[0] for c in ERROR_CASES],
)
def test_validate_job_error_cases(
    spec: dict[str, Any], prefixed: bool, expected: list[str]
) -> None:
    """Upstream ``TestValidateJob`` error cases give exactly upstream's errors, in order."""
    job = make_job(spec)
    assert create_messages(job, prefixed) == expected


def test_validate_job_metadata_uid_required() -> None:
    """Upstream case "metadata.uid: Required value": a generated selector needs a uid."""
    job = make_job(
        {
            "selector": {"matchLabels": {"controller-uid": "test"}},
            "template": template({"job-name": "myjob"}),
        },
        meta={"name": "myjob", "namespace": "default"},
    )
    # validateGeneratedSelector's order: uid, template labels, selector; then ValidateJobSpec.
    assert create_messages(job, prefixed=False) == [
        "metadata.uid: Required value",
        "spec.template.metadata.labels[controller-uid]: Required value: must be ''",
        'spec.selector: Invalid value: {"matchLabels":{"controller-uid":"test"}}: `selector` not'
        " auto-generated",
        'spec.template.metadata.labels: Invalid value: {"job-name":"myjob"}: `selector` does not'
        " match template `labels`",
    ]


# --- TestValidateJobUpdate --------------------------------------------------------------

OLD_META = {"name": "abc", "namespace": "default", "resourceVersion": "1"}
NODE_AFFINITY_VALUES = ["bar", "value2"]


def _affinity(values: list[str]) -> dict[str, Any]:
    """A required node affinity on ``foo In values``."""
    term = {"matchExpressions": [{"key": "foo", "operator": "In", "values": values}]}
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [term]}
        }
    }


def _set(**fields: Any) -> Callable[[Job], None]:
    """A change setting JobSpec fields (camelCase JSON names; ``None`` clears one)."""

    def change(job: Job) -> None:
        doc = job.to_dict()
        for name, value in fields.items():
            if value is None:
                doc["spec"].pop(name, None)
            else:
                doc["spec"][name] = value
        job.spec = Job.from_dict(doc).spec

    return change


def _template_change(fn: Callable[[dict[str, Any]], None]) -> Callable[[Job], None]:
    """A change applied to the template's JSON, re-decoded."""

    def change(job: Job) -> None:
        doc = job.to_dict()
        fn(doc["spec"]["template"])
        job.spec = Job.from_dict(doc).spec

    return change


def _validate_job_update(new: Job, old: Job, opts: JobValidationOptions) -> list[FieldError]:
    """Upstream ``ValidateJobUpdate``: metadata update rules, then ``ValidateJobSpecUpdate``."""
    errs = naming.validate_object_meta_update(new.metadata, old.metadata, Path("metadata"))
    errs.extend(validate_job_spec_update(new.spec, old.spec, Path("spec"), opts))
    return errs


PFP_IGNORE_DISRUPTION = {
    "rules": [
        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}
    ]
}
ELASTIC = {"allow_elastic_indexed_jobs": True}
SCHEDULING = {"allow_mutable_scheduling_directives": True}
NEW_SELECTOR = {**GENERATED, "foo": "bar"}
INDEXED3 = {**INDEXED, "completions": 3, "template": NEVER}
AFFINITY_TEMPLATE = template()
AFFINITY_TEMPLATE["spec"]["affinity"] = _affinity(["bar", "value"])
TOLERATIONS = [{"key": "foo", "operator": "Equal", "value": "bar", "effect": "PreferNoSchedule"}]


def _add_pfp_rule(job: Job) -> None:
    """Append a Count rule to the podFailurePolicy."""
    doc = job.to_dict()
    doc["spec"]["podFailurePolicy"]["rules"].append(
        {"action": "Count", "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}]}
    )
    job.spec = Job.from_dict(doc).spec


def _add_sp_rule(job: Job) -> None:
    """Append a succeededCount rule to the successPolicy."""
    doc = job.to_dict()
    doc["spec"]["successPolicy"]["rules"].append({"succeededCount": 3})
    job.spec = Job.from_dict(doc).spec


def _labels_plus_bar(t: dict[str, Any]) -> None:
    """Add the label bar=baz to the template."""
    t["metadata"]["labels"] = {**GENERATED, "bar": "baz"}


def _add_gate(t: dict[str, Any]) -> None:
    """Add a scheduling gate to the template."""
    t["spec"]["schedulingGates"] = [{"name": "gate"}]


UpdateCase = tuple[
    str, dict[str, Any], Callable[[Job], None], dict[str, bool], list[tuple[str, str]]
]


def _sp_job(**extra: Any) -> dict[str, Any]:
    """An Indexed spec with 5 completions (successPolicy cases of the update table)."""
    return {**INDEXED, "completions": 5, "template": NEVER, **extra}


UPDATE_CASES: list[UpdateCase] = [
    (
        "mutable fields",
        {"parallelism": 5, "activeDeadlineSeconds": 2, "ttlSecondsAfterFinished": 1},
        _set(
            parallelism=2,
            activeDeadlineSeconds=3,
            ttlSecondsAfterFinished=2,
            manualSelector=True,
        ),
        {},
        [],
    ),
    (
        "invalid attempt to set managedBy field",
        {},
        _set(managedBy="example.com/custom-controller"),
        {},
        [("spec.managedBy", "Invalid value")],
    ),
    (
        "invalid update of the managedBy field",
        {"managedBy": "example.com/custom-controller1"},
        _set(managedBy="example.com/custom-controller2"),
        {},
        [("spec.managedBy", "Invalid value")],
    ),
    (
        "immutable completions for non-indexed jobs",
        {},
        _set(completions=1),
        {},
        [("spec.completions", "Invalid value")],
    ),
    (
        "immutable completions for indexed job when AllowElasticIndexedJobs is false",
        {},
        _set(completions=1),
        {},
        [("spec.completions", "Invalid value")],
    ),
    (
        "immutable selector",
        {"template": template(NEW_SELECTOR)},
        _set(selector={"matchLabels": NEW_SELECTOR}),
        {},
        [("spec.selector", "Invalid value")],
    ),
    (
        "add success policy",
        _sp_job(),
        _set(successPolicy={"rules": [{"succeededCount": 2}]}),
        {},
        [("spec.successPolicy", "Invalid value")],
    ),
    (
        "update success policy",
        _sp_job(successPolicy={"rules": [{"succeededIndexes": "1-3"}]}),
        _add_sp_rule,
        {},
        [("spec.successPolicy", "Invalid value")],
    ),
    (
        "remove success policy",
        _sp_job(successPolicy={"rules": [{"succeededIndexes": "1-3"}]}),
        _set(successPolicy=None),
        {},
        [("spec.successPolicy", "Invalid value")],
    ),
    (
        "update pod failure policy",
        {"template": NEVER, "podFailurePolicy": PFP_IGNORE_DISRUPTION},
        _add_pfp_rule,
        {},
        [("spec.podFailurePolicy", "Invalid value")],
    ),
    (
        "remove pod failure policy",
        {"template": NEVER, "podFailurePolicy": PFP_IGNORE_DISRUPTION},
        _set(podFailurePolicy=None),
        {},
        [("spec.podFailurePolicy", "Invalid value")],
    ),
    (
        "set backoff limit per index",
        INDEXED3,
        _set(backoffLimitPerIndex=1),
        {},
        [("spec.backoffLimitPerIndex", "Invalid value")],
    ),
    (
        "unset backoff limit per index",
        {**INDEXED3, "backoffLimitPerIndex": 1},
        _set(backoffLimitPerIndex=None),
        {},
        [("spec.backoffLimitPerIndex", "Invalid value")],
    ),
    (
        "update backoff limit per index",
        {**INDEXED3, "backoffLimitPerIndex": 1},
        _set(backoffLimitPerIndex=2),
        {},
        [("spec.backoffLimitPerIndex", "Invalid value")],
    ),
    (
        "set max failed indexes",
        {**INDEXED3, "backoffLimitPerIndex": 1},
        _set(maxFailedIndexes=1),
        {},
        [],
    ),
    (
        "unset max failed indexes",
        {**INDEXED3, "backoffLimitPerIndex": 1, "maxFailedIndexes": 1},
        _set(maxFailedIndexes=None),
        {},
        [],
    ),
    (
        "update max failed indexes",
        {**INDEXED3, "backoffLimitPerIndex": 1, "maxFailedIndexes": 1},
        _set(maxFailedIndexes=2),
        {},
        [],
    ),
    (
        "immutable pod template",
        {**INDEXED, "completions": 3},
        _template_change(lambda t: t["spec"].update(dnsPolicy="ClusterFirstWithHostNet")),
        {},
        [("spec.template", "Invalid value")],
    ),
    (
        "immutable completion mode",
        {**INDEXED, "completions": 2},
        _set(completionMode="NonIndexed"),
        {},
        [("spec.completionMode", "Invalid value")],
    ),
    (
        "immutable completions for non-indexed job when AllowElasticIndexedJobs is true",
        {"completionMode": "NonIndexed", "completions": 2},
        _set(completions=4),
        ELASTIC,
        [("spec.completions", "Invalid value")],
    ),
    (
        "immutable node affinity",
        {},
        _template_change(lambda t: t["spec"].update(affinity=_affinity(NODE_AFFINITY_VALUES))),
        {},
        [("spec.template", "Invalid value")],
    ),
    (
        "add node affinity",
        {},
        _template_change(lambda t: t["spec"].update(affinity=_affinity(NODE_AFFINITY_VALUES))),
        SCHEDULING,
        [],
    ),
    (
        "update node affinity",
        {"template": AFFINITY_TEMPLATE},
        _template_change(lambda t: t["spec"].update(affinity=_affinity(NODE_AFFINITY_VALUES))),
        SCHEDULING,
        [],
    ),
    (
        "remove node affinity",
        {"template": AFFINITY_TEMPLATE},
        _template_change(lambda t: t["spec"]["affinity"].pop("nodeAffinity")),
        SCHEDULING,
        [],
    ),
    (
        "remove affinity",
        {"template": AFFINITY_TEMPLATE},
        _template_change(lambda t: t["spec"].pop("affinity")),
        SCHEDULING,
        [],
    ),
    (
        "immutable tolerations",
        {},
        _template_change(lambda t: t["spec"].update(tolerations=TOLERATIONS)),
        {},
        [("spec.template", "Invalid value")],
    ),
    (
        "mutable tolerations",
        {},
        _template_change(lambda t: t["spec"].update(tolerations=TOLERATIONS)),
        SCHEDULING,
        [],
    ),
    (
        "immutable node selector",
        {},
        _template_change(lambda t: t["spec"].update(nodeSelector={"foo": "bar"})),
        {},
        [("spec.template", "Invalid value")],
    ),
    (
        "mutable node selector",
        {},
        _template_change(lambda t: t["spec"].update(nodeSelector={"foo": "bar"})),
        SCHEDULING,
        [],
    ),
    (
        "immutable annotations",
        {},
        _template_change(lambda t: t["metadata"].update(annotations={"foo": "baz"})),
        {},
        [("spec.template", "Invalid value")],
    ),
    (
        "mutable annotations",
        {},
        _template_change(lambda t: t["metadata"].update(annotations={"foo": "baz"})),
        SCHEDULING,
        [],
    ),
    (
        "immutable labels",
        {},
        _template_change(_labels_plus_bar),
        {},
        [("spec.template", "Invalid value")],
    ),
    ("mutable labels", {}, _template_change(_labels_plus_bar), SCHEDULING, []),
    (
        "immutable schedulingGates",
        {},
        _template_change(_add_gate),
        {},
        [("spec.template", "Invalid value")],
    ),
    ("mutable schedulingGates", {}, _template_change(_add_gate), SCHEDULING, []),
    (
        "update completions and parallelism to same value is valid",
        {**INDEXED, "completions": 1, "parallelism": 1},
        _set(completions=2, parallelism=2),
        ELASTIC,
        [],
    ),
    (
        "previous parallelism != previous completions, new parallelism == new completions",
        {**INDEXED, "completions": 1, "parallelism": 2},
        _set(completions=3, parallelism=3),
        ELASTIC,
        [],
    ),
    (
        "indexed job updating completions and parallelism to different values is invalid",
        {**INDEXED, "completions": 1, "parallelism": 1},
        _set(completions=2, parallelism=3),
        ELASTIC,
        [("spec.completions", "Invalid value")],
    ),
    (
        "indexed job with completions set updated to nil does not panic",
        {**INDEXED, "completions": 1, "parallelism": 1},
        _set(completions=None, parallelism=3),
        ELASTIC,
        [("spec.completions", "Required value")],
    ),
    (
        "indexed job with completions unchanged, parallelism reduced to less than completions",
        {**INDEXED, "completions": 2, "parallelism": 2},
        _set(completions=2, parallelism=1),
        ELASTIC,
        [],
    ),
    (
        "indexed job with completions unchanged, parallelism increased higher than completions",
        {**INDEXED, "completions": 2, "parallelism": 2},
        _set(completions=2, parallelism=3),
        ELASTIC,
        [],
    ),
]


@pytest.mark.parametrize(
    ("old_spec", "change", "opts", "expected"),
    [(c[1], c[2], c[3], c[4]) for c in UPDATE_CASES],
    ids=[c[0] for c in UPDATE_CASES],
)
def test_validate_job_update_cases(
    old_spec: dict[str, Any],
    change: Callable[[Job], None],
    opts: dict[str, bool],
    expected: list[tuple[str, str]],
) -> None:
    """Upstream ``TestValidateJobUpdate``: the same (field, type) errors, nothing more."""
    old = make_job(old_spec, meta=OLD_META)
    new = old.model_copy(deep=True)
    change(new)
    options = JobValidationOptions(
        allow_elastic_indexed_jobs=opts.get("allow_elastic_indexed_jobs", False),
        allow_mutable_scheduling_directives=opts.get("allow_mutable_scheduling_directives", False),
    )
    got = [(err.field, err.type.text) for err in _validate_job_update(new, old, options)]
    assert got == expected


def test_validate_job_update_add_pod_failure_policy() -> None:
    """Upstream "add pod failure policy": immutable, printed as the internal struct."""
    old = make_job({"template": NEVER}, meta=OLD_META)
    doc = old.to_dict()
    doc["spec"]["podFailurePolicy"] = PFP_IGNORE_DISRUPTION
    new = Job.from_dict(doc)
    errs = _validate_job_update(new, old, JobValidationOptions())
    assert [str(e) for e in errs] == [
        'spec.podFailurePolicy: Invalid value: {"Rules":[{"Action":"Ignore","OnExitCodes":null,'
        '"OnPodConditions":[{"Type":"DisruptionTarget","Status":"True"}]}]}: field is immutable'
    ]


# A nil pointer bad value is json.Marshal'ed: a bare null (apimachinery field/errors.go
# ErrorBody; objectmeta_test.go "invalid clear deletionTimestamp" expects the same).
NIL_POINTER_CASES = [
    (
        "remove success policy",
        _sp_job(successPolicy={"rules": [{"succeededIndexes": "1-3"}]}),
        _set(successPolicy=None),
        "spec.successPolicy: Invalid value: null: field is immutable",
    ),
    (
        "remove pod failure policy",
        {"template": NEVER, "podFailurePolicy": PFP_IGNORE_DISRUPTION},
        _set(podFailurePolicy=None),
        "spec.podFailurePolicy: Invalid value: null: field is immutable",
    ),
    (
        "unset backoff limit per index",
        {**INDEXED3, "backoffLimitPerIndex": 1},
        _set(backoffLimitPerIndex=None),
        "spec.backoffLimitPerIndex: Invalid value: null: field is immutable",
    ),
    (
        "unset managedBy",
        {"managedBy": "example.com/custom-controller1"},
        _set(managedBy=None),
        "spec.managedBy: Invalid value: null: field is immutable",
    ),
]


@pytest.mark.parametrize(
    ("old_spec", "change", "expected"),
    [(c[1], c[2], c[3]) for c in NIL_POINTER_CASES],
    ids=[c[0] for c in NIL_POINTER_CASES],
)
def test_removed_pointer_field_prints_null(
    old_spec: dict[str, Any], change: Callable[[Job], None], expected: str
) -> None:
    """Clearing an immutable pointer field shows ``Invalid value: null`` (apimachinery
    ``field.Error.ErrorBody`` prints a non-scalar bad value with ``json.Marshal``)."""
    old = make_job(old_spec, meta=OLD_META)
    new = old.model_copy(deep=True)
    change(new)
    assert [str(e) for e in _validate_job_update(new, old, JobValidationOptions())] == [expected]


# --- TestValidateJobUpdateStatus ---------------------------------------------------------

NOW = datetime(2026, 1, 1, tzinfo=UTC)
LATER = datetime(2026, 1, 1, 0, 0, 1, tzinfo=UTC)


def _status_job(status: dict[str, Any], rv: str = "1", suspend: bool | None = None) -> Job:
    """A Job of upstream's status table: metadata, optional suspend and the given status."""
    spec: dict[str, Any] = {} if suspend is None else {"suspend": suspend}
    job = make_job(spec, meta={"name": "abc", "namespace": "default", "resourceVersion": rv})
    job.status = type(job.status).model_validate(status, by_alias=True)
    return job


STATUS_CASES: list[tuple[str, Job, Job, JobStatusValidationOptions, list[str]]] = [
    (
        "valid",
        _status_job({"active": 1, "succeeded": 2, "failed": 3, "terminating": 4}),
        _status_job({"active": 2, "succeeded": 3, "failed": 4, "ready": 1, "terminating": 4}),
        JobStatusValidationOptions(),
        [],
    ),
    (
        "nil ready and terminating",
        _status_job({"active": 1, "succeeded": 2, "failed": 3}),
        _status_job({"active": 2, "succeeded": 3, "failed": 4}),
        JobStatusValidationOptions(),
        [],
    ),
    (
        "negative counts",
        _status_job({"active": 1, "succeeded": 2, "failed": 3, "terminating": 4}, rv="10"),
        _status_job(
            {"active": -1, "succeeded": -2, "failed": -3, "ready": -1, "terminating": -2}, rv="10"
        ),
        JobStatusValidationOptions(),
        [
            "status.active: Invalid value: -1: must be greater than or equal to 0",
            "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
            "status.failed: Invalid value: -3: must be greater than or equal to 0",
            "status.ready: Invalid value: -1: must be greater than or equal to 0",
            "status.terminating: Invalid value: -2: must be greater than or equal to 0",
        ],
    ),
    (
        "empty and duplicated uncounted pods",
        _status_job({}, rv="5"),
        _status_job(
            {
                "uncountedTerminatedPods": {
                    "succeeded": ["a", "b", "c", "a", ""],
                    "failed": ["c", "d", "e", "d", ""],
                }
            },
            rv="5",
        ),
        JobStatusValidationOptions(),
        [
            'status.uncountedTerminatedPods.succeeded[3]: Duplicate value: "a"',
            'status.uncountedTerminatedPods.succeeded[4]: Invalid value: "": must not be empty',
            'status.uncountedTerminatedPods.failed[0]: Duplicate value: "c"',
            'status.uncountedTerminatedPods.failed[3]: Duplicate value: "d"',
            'status.uncountedTerminatedPods.failed[4]: Invalid value: "": must not be empty',
        ],
    ),
    (
        "immutable startTime for unsuspended job: with non-nil startTime",
        _status_job({"startTime": NOW, "active": 1}, suspend=False),
        _status_job({"startTime": LATER, "active": 1}, suspend=False),
        JobStatusValidationOptions(reject_start_time_update_for_unsuspended_job=True),
        [
            'status.startTime: Invalid value: "2026-01-01T00:00:01Z": field is immutable for'
            " unsuspended job once set"
        ],
    ),
    (
        "immutable startTime for unsuspended job: with nil startTime",
        _status_job({"startTime": NOW, "active": 1}, suspend=False),
        _status_job({"active": 1}, suspend=False),
        JobStatusValidationOptions(reject_start_time_update_for_unsuspended_job=True),
        ["status.startTime: Invalid value: null: field is immutable for unsuspended job once set"],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "opts", "expected"),
    [(c[1], c[2], c[3], c[4]) for c in STATUS_CASES],
    ids=[c[0] for c in STATUS_CASES],
)
def test_validate_job_update_status_cases(
    old: Job, new: Job, opts: JobStatusValidationOptions, expected: list[str]
) -> None:
    """Upstream ``TestValidateJobUpdateStatus``: the errors of ``ValidateJobUpdateStatus``."""
    assert [str(e) for e in validate_job_status_update(new, old, opts=opts)] == expected


# --- TestStatusStrategy_ValidateUpdate: the startTime cases (strategy options) -------------


def _cond(ctype: str, status: str) -> dict[str, Any]:
    """A JobCondition as JSON."""
    return {"type": ctype, "status": status}


STRATEGY_START_TIME_CASES: list[tuple[str, Job, Job, list[tuple[str, str]]]] = [
    (
        "verify startTime can be cleared for suspended job",
        _status_job({"startTime": NOW}, suspend=True),
        _status_job({}, suspend=True),
        [],
    ),
    (
        "verify startTime cannot be removed for unsuspended job",
        _status_job({"startTime": NOW}),
        _status_job({}),
        [("status.startTime", "Invalid value")],
    ),
    (
        "verify startTime cannot be updated for unsuspended job",
        _status_job({"startTime": NOW}),
        _status_job({"startTime": LATER}),
        [("status.startTime", "Invalid value")],
    ),
    (
        "verify startTime can be updated when resuming job (JobSuspended: True -> False)",
        _status_job({"startTime": NOW, "conditions": [_cond("Suspended", "True")]}),
        _status_job({"startTime": LATER, "conditions": [_cond("Suspended", "False")]}),
        [],
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [(c[1], c[2], c[3]) for c in STRATEGY_START_TIME_CASES],
    ids=[c[0] for c in STRATEGY_START_TIME_CASES],
)
def test_status_strategy_start_time(old: Job, new: Job, expected: list[tuple[str, str]]) -> None:
    """Upstream ``TestStatusStrategy_ValidateUpdate`` startTime cases, with the strategy's
    options (``getStatusValidationOptions``, pkg/registry/batch/job/strategy.go)."""
    got = [(e.field, e.type.text) for e in validate_job_status_update(new, old)]
    assert got == expected


# --- TestSetDefaultJob (pkg/apis/batch/v1/defaults_test.go) ------------------------------


def _defaulted(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec fields ``SetObjectDefaults_Job`` fills, after defaulting a Job with ``spec``."""
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "myjob", "namespace": "default"},
        "spec": {"template": {"metadata": {"labels": {"t": "v"}}, "spec": {"containers": []}}}
        | spec,
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    out = job.to_dict()["spec"]
    keep = (
        "completions",
        "parallelism",
        "backoffLimit",
        "completionMode",
        "suspend",
        "podReplacementPolicy",
        "manualSelector",
        "backoffLimitPerIndex",
    )
    return {k: out.get(k) for k in keep} | {"labels": job.metadata.labels}


BASE_DEFAULTS: dict[str, Any] = {
    "completions": 1,
    "parallelism": 1,
    "backoffLimit": 6,
    "completionMode": "NonIndexed",
    "suspend": False,
    "podReplacementPolicy": "TerminatingOrFailed",
    "manualSelector": False,
    "backoffLimitPerIndex": None,
    "labels": {"t": "v"},
}
MAX_INT32 = 2**31 - 1
DEFAULT_CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    ("All unspecified -> sets all to default values", {}, BASE_DEFAULTS),
    (
        "completions unspecified -> only parallelism set",
        {"parallelism": 11},
        BASE_DEFAULTS | {"completions": None, "parallelism": 11},
    ),
    (
        "parallelism unspecified -> sets parallelism to 1",
        {"completions": 11},
        BASE_DEFAULTS | {"completions": 11},
    ),
    (
        "backoffLimitPerIndex specified, but backoffLimit not -> sets backoffLimit to max int32",
        {"completionMode": "Indexed", "completions": 11, "backoffLimitPerIndex": 1},
        BASE_DEFAULTS
        | {
            "completions": 11,
            "completionMode": "Indexed",
            "backoffLimitPerIndex": 1,
            "backoffLimit": MAX_INT32,
        },
    ),
    (
        "backoffLimitPerIndex and backoffLimit specified -> no change",
        {
            "completionMode": "Indexed",
            "completions": 11,
            "backoffLimitPerIndex": 1,
            "backoffLimit": 2,
        },
        BASE_DEFAULTS
        | {
            "completions": 11,
            "completionMode": "Indexed",
            "backoffLimitPerIndex": 1,
            "backoffLimit": 2,
        },
    ),
    (
        "pod failure policy specified -> podReplacementPolicy defaults to Failed",
        {"podFailurePolicy": {"rules": []}},
        BASE_DEFAULTS | {"podReplacementPolicy": "Failed"},
    ),
    (
        "All set -> no change",
        {
            "completions": 8,
            "parallelism": 9,
            "backoffLimit": 10,
            "completionMode": "NonIndexed",
            "suspend": True,
            "podReplacementPolicy": "Failed",
            "manualSelector": True,
        },
        BASE_DEFAULTS
        | {
            "completions": 8,
            "parallelism": 9,
            "backoffLimit": 10,
            "suspend": True,
            "podReplacementPolicy": "Failed",
            "manualSelector": True,
        },
    ),
]


@pytest.mark.parametrize(
    ("spec", "expected"), [(c[1], c[2]) for c in DEFAULT_CASES], ids=[c[0] for c in DEFAULT_CASES]
)
def test_set_default_job(spec: dict[str, Any], expected: dict[str, Any]) -> None:
    """Upstream ``TestSetDefaultJob``: the Job spec fields and labels ``SetDefaults_Job`` sets."""
    assert _defaulted(spec) == expected


def test_default_on_pod_conditions_status_true() -> None:
    """``SetDefaults_PodFailurePolicyOnPodConditionsPattern``: an empty status becomes True."""
    rules = [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "myjob"},
        "spec": {"template": {"spec": {"containers": []}}, "podFailurePolicy": {"rules": rules}},
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    assert job.to_dict()["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"] == [
        {"type": "DisruptionTarget", "status": "True"}
    ]
