"""We test these aspects: Job create validation (``ValidateJob``) and ``WarningsOnCreate``.

Each rule of ``pkg/apis/batch/validation/validation.go`` (``ValidateJob``,
``validateGeneratedSelector``, ``ValidateJobSpec``, ``validateJobSpec``) is checked with the
exact message ``field.Error.Error()`` prints, on a Job that went through defaulting and the
strategy's ``PrepareForCreate`` exactly as the apiserver does before validating. Case names in
comments are those of upstream ``validation_test.go`` ``TestValidateJob`` where one exists.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.defaults import prepare_for_create, set_defaults_job
from jobsim.api.validation import validate_job, warnings_on_create

UID = "1a2b3c"
SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
    " '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex"
    r" used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
GENERATED_LABELS = (
    '{"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"myjob",'
    '"controller-uid":"1a2b3c","job-name":"myjob"}'
)


def make_job(name: str = "myjob", pod: dict[str, Any] | None = None, **spec: Any) -> Job:
    """A valid Job as the apiserver sees it before validation: decoded, defaulted, prepared."""
    pod_spec: dict[str, Any] = {
        "containers": [{"name": "abc", "image": "image"}],
        "restartPolicy": "Never",
    }
    pod_spec.update(pod or {})
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name, "namespace": "default"},
        "spec": {"template": {"spec": pod_spec}, **spec},
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    prepare_for_create(job, UID)
    return job


def messages(job: Job) -> list[str]:
    """The rendered errors of ``validate_job``, in order."""
    return [str(err) for err in validate_job(job)]


def test_valid_generated_selector() -> None:
    """A plain Job with a generated selector is valid ("valid generated selector")."""
    assert messages(make_job()) == []


def test_valid_manual_selector() -> None:
    """A manual selector matching the template labels is valid ("valid manual selector")."""
    job = make_job(
        manualSelector=True,
        selector={"matchLabels": {"a": "b"}},
        template={
            "metadata": {"labels": {"a": "b"}},
            "spec": {
                "containers": [{"name": "abc", "image": "image"}],
                "restartPolicy": "OnFailure",
            },
        },
    )
    assert messages(job) == []


def test_valid_indexed_job_at_parallelism_limit() -> None:
    """Indexed with parallelism 100000 is accepted ("valid Indexed completion mode")."""
    job = make_job(completionMode="Indexed", completions=2, parallelism=100000)
    assert messages(job) == []


def test_active_deadline_zero_is_accepted() -> None:
    """``activeDeadlineSeconds: 0`` passes the non-negative check (only < 0 is rejected)."""
    assert messages(make_job(activeDeadlineSeconds=0)) == []


NONNEGATIVE_CASES = [
    # "spec.parallelism:must be greater than or equal to 0"
    ("parallelism", {"parallelism": -1}, "spec.parallelism: Invalid value: -1: "),
    # "spec.completions:must be greater than or equal to 0"
    ("completions", {"completions": -1}, "spec.completions: Invalid value: -1: "),
    # "spec.activeDeadlineSeconds:must be greater than or equal to 0"
    (
        "activeDeadlineSeconds",
        {"activeDeadlineSeconds": -1},
        "spec.activeDeadlineSeconds: Invalid value: -1: ",
    ),
    ("backoffLimit", {"backoffLimit": -1}, "spec.backoffLimit: Invalid value: -1: "),
    # "spec.ttlSecondsAfterFinished: must be greater than or equal to 0"
    (
        "ttlSecondsAfterFinished",
        {"ttlSecondsAfterFinished": -1},
        "spec.ttlSecondsAfterFinished: Invalid value: -1: ",
    ),
    (
        "backoffLimitPerIndex",
        {"completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": -1},
        "spec.backoffLimitPerIndex: Invalid value: -1: ",
    ),
    (
        "maxFailedIndexes",
        {
            "completionMode": "Indexed",
            "completions": 2,
            "backoffLimitPerIndex": 1,
            "maxFailedIndexes": -1,
        },
        "spec.maxFailedIndexes: Invalid value: -1: ",
    ),
]


@pytest.mark.parametrize(
    ("spec", "prefix"),
    [(c[1], c[2]) for c in NONNEGATIVE_CASES],
    ids=[c[0] for c in NONNEGATIVE_CASES],
)
def test_negative_numbers_are_rejected(spec: dict[str, Any], prefix: str) -> None:
    """Every numeric spec field rejects negatives with ``ValidateNonnegativeField``'s message."""
    assert messages(make_job(**spec)) == [prefix + "must be greater than or equal to 0"]


SPEC_CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    (
        "maxFailedIndexes-without-backoffLimitPerIndex",
        {"completionMode": "Indexed", "completions": 2, "maxFailedIndexes": 1},
        ["spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified"],
    ),
    (
        "managedBy-not-domain-prefixed",
        {"managedBy": "foo"},
        [
            'spec.managedBy: Invalid value: "foo": must be a domain-prefixed path'
            ' (such as "acme.io/foo")'
        ],
    ),
    (
        "managedBy-too-long",
        {"managedBy": "example.com/" + "a" * 60},
        ["spec.managedBy: Too long: may not be more than 63 bytes"],
    ),
    (
        "completionMode-unsupported",
        {"completionMode": "Foo"},
        [
            'spec.completionMode: Unsupported value: "Foo": supported values: "NonIndexed",'
            ' "Indexed"'
        ],
    ),
    (
        # "spec.completions: Required value: when completion mode is Indexed"
        "indexed-without-completions",
        {"completionMode": "Indexed", "parallelism": 2},
        ["spec.completions: Required value: when completion mode is Indexed"],
    ),
    (
        # "spec.parallelism: must be less than or equal to 100000 when completion mode is Indexed"
        "indexed-parallelism-above-limit",
        {"completionMode": "Indexed", "completions": 2, "parallelism": 100001},
        [
            "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000"
            " when completion mode is Indexed"
        ],
    ),
    (
        "maxFailedIndexes-above-completions",
        {
            "completionMode": "Indexed",
            "completions": 2,
            "backoffLimitPerIndex": 1,
            "maxFailedIndexes": 3,
        },
        ["spec.maxFailedIndexes: Invalid value: 3: must be less than or equal to completions"],
    ),
    (
        "maxFailedIndexes-above-limit",
        {
            "completionMode": "Indexed",
            "completions": 100001,
            "parallelism": 1,
            "backoffLimitPerIndex": 1,
            "maxFailedIndexes": 100001,
        },
        [
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 100000",
            "spec.maxFailedIndexes: Invalid value: 100001: must be less than or equal to 10000"
            " when completions are above 100000 and used with backoff limit per index",
        ],
    ),
    (
        "high-completions-need-maxFailedIndexes-and-low-parallelism",
        {
            "completionMode": "Indexed",
            "completions": 100001,
            "parallelism": 10001,
            "backoffLimitPerIndex": 1,
        },
        [
            "spec.maxFailedIndexes: Required value: must be specified when completions is"
            " above 100000",
            "spec.parallelism: Invalid value: 10001: must be less than or equal to 10000 when"
            " completions are above 100000 and used with backoff limit per index",
        ],
    ),
    (
        "backoffLimitPerIndex-needs-indexed",
        {"backoffLimitPerIndex": 1},
        ["spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode"],
    ),
    (
        "maxFailedIndexes-needs-indexed",
        {"backoffLimitPerIndex": 1, "maxFailedIndexes": 1},
        [
            "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode",
            "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode",
        ],
    ),
    (
        "podReplacementPolicy-unsupported",
        {"podReplacementPolicy": "Foo"},
        [
            'spec.podReplacementPolicy: Unsupported value: "Foo": supported values: "Failed",'
            ' "TerminatingOrFailed"'
        ],
    ),
    (
        "podReplacementPolicy-must-be-Failed-with-podFailurePolicy",
        {
            "podReplacementPolicy": "TerminatingOrFailed",
            "podFailurePolicy": {
                "rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1]}}]
            },
        },
        [
            'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported'
            ' values: "Failed"'
        ],
    ),
]


@pytest.mark.parametrize(
    ("spec", "expected"), [(c[1], c[2]) for c in SPEC_CASES], ids=[c[0] for c in SPEC_CASES]
)
def test_spec_rules(spec: dict[str, Any], expected: list[str]) -> None:
    """Each ``validateJobSpec`` rule reports upstream's path, type and detail."""
    assert messages(make_job(**spec)) == expected


RESTART_POLICY_CASES: list[tuple[str, str, dict[str, Any], list[str]]] = [
    (
        # "spec.template.spec.restartPolicy: Required value" (defaulting made it Always)
        "Always",
        "Always",
        {},
        ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ),
    (
        # "spec.template.spec.restartPolicy: Unsupported value": pod rules and Job rules both fire
        "Invalid",
        "Invalid",
        {},
        [
            'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values:'
            ' "Always", "OnFailure", "Never"',
            'spec.template.spec.restartPolicy: Unsupported value: "Invalid": supported values:'
            ' "OnFailure", "Never"',
        ],
    ),
    (
        "OnFailure-with-podFailurePolicy",
        "OnFailure",
        {
            "podFailurePolicy": {
                "rules": [{"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}]
            }
        },
        [
            'spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is'
            " supported when podFailurePolicy is specified"
        ],
    ),
]


@pytest.mark.parametrize(
    ("policy", "spec", "expected"),
    [(c[1], c[2], c[3]) for c in RESTART_POLICY_CASES],
    ids=[c[0] for c in RESTART_POLICY_CASES],
)
def test_restart_policy(policy: str, spec: dict[str, Any], expected: list[str]) -> None:
    """A Job's pods restart ``OnFailure`` or ``Never``; with a podFailurePolicy only ``Never``."""
    assert messages(make_job(pod={"restartPolicy": policy}, **spec)) == expected


def test_empty_restart_policy_defaults_to_always_and_is_required() -> None:
    """An omitted restartPolicy is defaulted to Always, which a Job then rejects as Required."""
    job = make_job()
    job_doc = job.to_dict()
    del job_doc["spec"]["template"]["spec"]["restartPolicy"]
    job = Job.from_dict(job_doc)
    set_defaults_job(job)
    assert job.spec.template.spec.restart_policy == "Always"
    assert messages(job) == [
        'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'
    ]


def test_invalid_job_name() -> None:
    """Job names are DNS-1123 subdomains (``ValidateReplicationControllerName``)."""
    assert messages(make_job("Foo")) == [f'metadata.name: Invalid value: "Foo": {SUBDOMAIN_MSG}']


def test_long_job_name_fails_through_the_template_labels() -> None:
    """A 64-character name is a valid subdomain but not a label value (api-machinery note 23)."""
    name = "a" * 64
    assert (
        messages(make_job(name))
        == [f'spec.template.labels: Invalid value: "{name}": must be no more than 63 bytes'] * 2
    )


def test_indexed_job_name_must_leave_room_for_the_index() -> None:
    """The largest pod hostname ``<name>-<completions-1>`` must be a DNS label."""
    name = "a" * 60
    job = make_job(name, completionMode="Indexed", completions=1000, parallelism=1)
    assert messages(job) == [
        f'metadata.name: Invalid value: "{name}": will not able to create pod with invalid DNS'
        f" label: {name}-999"
    ]


def test_missing_uid_with_generated_selector() -> None:
    """Without a uid the generated labels cannot match: ``metadata.uid: Required value``."""
    job = make_job()
    job.metadata.uid = ""
    assert messages(job) == [
        "metadata.uid: Required value",
        f"spec.template.metadata.labels[controller-uid]: Invalid value: {GENERATED_LABELS}:"
        " must be ''",
        "spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value:"
        f" {GENERATED_LABELS}: must be ''",
        'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":'
        '"1a2b3c"}}: `selector` not auto-generated',
    ]


def test_conflicting_user_label_is_kept_and_rejected() -> None:
    """A user's ``job-name`` label is not overwritten; ``ValidateHasLabel`` prints the whole map."""
    job = make_job(
        template={
            "metadata": {"labels": {"job-name": "other"}},
            "spec": {"containers": [{"name": "abc", "image": "image"}], "restartPolicy": "Never"},
        }
    )
    labels = GENERATED_LABELS.replace('"job-name":"myjob"', '"job-name":"other"')
    assert messages(job) == [
        f"spec.template.metadata.labels[job-name]: Invalid value: {labels}: must be 'myjob'"
    ]


def test_missing_generated_label() -> None:
    """A generated label removed after generation is ``Required`` with the expected value."""
    job = make_job()
    assert job.spec.template.metadata.labels is not None
    del job.spec.template.metadata.labels["batch.kubernetes.io/job-name"]
    assert messages(job) == [
        "spec.template.metadata.labels[batch.kubernetes.io/job-name]: Required value:"
        " must be 'myjob'"
    ]


def test_selector_not_auto_generated() -> None:
    """A user selector on a generated-selector Job must select the generated labels."""
    job = make_job(selector={"matchLabels": {"batch.kubernetes.io/controller-uid": "other"}})
    assert messages(job) == [
        'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":'
        '"other"}}: `selector` not auto-generated',
        f"spec.template.metadata.labels: Invalid value: {GENERATED_LABELS}: `selector` does"
        " not match template `labels`",
    ]


MANUAL_TEMPLATE = {"containers": [{"name": "abc", "image": "image"}], "restartPolicy": "Never"}


def test_manual_selector_must_match_template_labels() -> None:
    """Upstream case ``spec.template.metadata.labels: ... does not match template `labels```."""
    job = make_job(
        manualSelector=True,
        selector={"matchLabels": {"a": "b"}},
        template={"metadata": {"labels": {"y": "z"}}, "spec": MANUAL_TEMPLATE},
    )
    assert messages(job) == [
        'spec.template.metadata.labels: Invalid value: {"y":"z"}: `selector` does not match'
        " template `labels`"
    ]


def test_missing_selector() -> None:
    """Upstream case ``spec.selector:Required value``; a nil selector also selects nothing."""
    job = make_job(manualSelector=True, template={"spec": MANUAL_TEMPLATE})
    assert messages(job) == [
        "spec.selector: Required value",
        "spec.template.metadata.labels: Invalid value: null: `selector` does not match"
        " template `labels`",
    ]


def test_malformed_selector() -> None:
    """A selector that does not parse reports its own errors and skips the matching check."""
    job = make_job(
        manualSelector=True,
        selector={"matchExpressions": [{"key": "a", "operator": "Foo", "values": ["b"]}]},
        template={"metadata": {"labels": {"a": "b"}}, "spec": MANUAL_TEMPLATE},
    )
    assert messages(job) == [
        'spec.selector.matchExpressions[0].operator: Invalid value: "Foo": not a valid'
        " selector operator"
    ]


def test_selector_expression_without_values() -> None:
    """``In`` needs values (``ValidateLabelSelectorRequirement``)."""
    job = make_job(
        manualSelector=True,
        selector={"matchExpressions": [{"key": "a", "operator": "In"}]},
        template={"metadata": {"labels": {"a": "b"}}, "spec": MANUAL_TEMPLATE},
    )
    assert messages(job) == [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when"
        " `operator` is 'In' or 'NotIn'"
    ]


def test_errors_come_in_upstream_order() -> None:
    """Metadata, generated selector, spec numbers, template, restartPolicy, selector match."""
    job = make_job("Foo", parallelism=-1, pod={"restartPolicy": "Always", "containers": []})
    assert messages(job) == [
        f'metadata.name: Invalid value: "Foo": {SUBDOMAIN_MSG}',
        "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
        "spec.template.spec.containers: Required value",
        'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
    ]


def test_warning_for_a_name_that_is_not_a_dns_label() -> None:
    """``WarningsOnCreate`` warns about names that cannot be hostnames (``%v`` of the messages)."""
    assert warnings_on_create(make_job("a.b")) == [
        "metadata.name: this is used in Pod names and hostnames, which can result in surprising"
        " behavior; a DNS label is recommended: [must not contain dots]"
    ]


def test_warning_for_huge_indexed_jobs() -> None:
    """``WarningsForJobSpec`` (pkg/api/job/warnings.go): completions > 1e5, parallelism > 1e4."""
    job = make_job(completionMode="Indexed", completions=100001, parallelism=10001)
    assert warnings_on_create(job) == [
        "spec: In Indexed Jobs with a number of completions higher than 10^5 and a parallelism"
        " higher than 10^4, Kubernetes might not be able to track completedIndexes when a big"
        " number of indexes fail"
    ]
    assert warnings_on_create(make_job()) == []


def test_long_job_name_with_template_labels_also_fails_on_job_labels() -> None:
    """With template labels and no Job labels the Job shares the map, so both are reported."""
    name = "a" * 64
    job = make_job(
        name,
        template={"metadata": {"labels": {"app": "x"}}, "spec": MANUAL_TEMPLATE},
    )
    detail = f'Invalid value: "{name}": must be no more than 63 bytes'
    assert (
        messages(job)
        == [f"metadata.labels: {detail}"] * 2 + [f"spec.template.labels: {detail}"] * 2
    )
