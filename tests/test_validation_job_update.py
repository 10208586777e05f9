"""We test these aspects: Job update validation (the strategy's ``ValidateUpdate``).

Rules of ``ValidateJobUpdate``/``ValidateJobSpecUpdate``/``validateCompletions``/
``validatePodTemplateUpdate`` in kubernetes ``pkg/apis/batch/validation/validation.go`` and the
options of ``validationOptionsForJob`` in ``pkg/registry/batch/job/strategy.go``. Case names in
comments are those of upstream ``validation_test.go`` ``TestValidateJobUpdate``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from jobsim.api.batch_v1 import Job, PodFailurePolicy, SuccessPolicy
from jobsim.api.defaults import prepare_for_create, set_defaults_job
from jobsim.api.validation import validate_job_update

GENERATED_LABELS = (
    '{"batch.kubernetes.io/controller-uid":"1a2b3c","batch.kubernetes.io/job-name":"abc",'
    '"controller-uid":"1a2b3c","job-name":"abc"}'
)


def stored_job(**spec: Any) -> Job:
    """A Job as stored after a successful create (defaulted, prepared, resourceVersion 1)."""
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "abc", "namespace": "default"},
        "spec": {
            "template": {
                "spec": {
                    "containers": [{"name": "abc", "image": "image"}],
                    "restartPolicy": "Never",
                }
            },
            **spec,
        },
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    prepare_for_create(job, "1a2b3c")
    job.metadata.resource_version = "1"
    return job


def update_messages(old: Job, change: Callable[[Job], None]) -> list[str]:
    """Errors of updating ``old`` with ``change`` applied to a copy."""
    new = old.model_copy(deep=True)
    change(new)
    return [str(err) for err in validate_job_update(new, old)]


def test_mutable_fields() -> None:
    """Upstream case "mutable fields": parallelism, deadlines, TTL, backoff and suspend."""

    def change(job: Job) -> None:
        job.spec.parallelism = 2
        job.spec.active_deadline_seconds = 3
        job.spec.ttl_seconds_after_finished = 2
        job.spec.backoff_limit = 1
        job.spec.suspend = True

    assert update_messages(stored_job(parallelism=5, activeDeadlineSeconds=2), change) == []


def _selector_foo(job: Job) -> None:
    assert job.spec.selector is not None and job.spec.selector.match_labels is not None
    job.spec.selector.match_labels["foo"] = "bar"


def _image(job: Job) -> None:
    job.spec.template.spec.containers[0].image = "other"


def _completion_mode(job: Job) -> None:
    job.spec.completion_mode = "NonIndexed"


def _scale_to_4(job: Job) -> None:
    job.spec.completions = job.spec.parallelism = 4


def _add_pod_failure_policy(job: Job) -> None:
    job.spec.pod_failure_policy = PodFailurePolicy.from_dict(
        {"rules": [{"action": "FailJob", "onExitCodes": {"operator": "In", "values": [1]}}]}
    )
    job.spec.pod_replacement_policy = "Failed"  # mutable, and required with a podFailurePolicy


SELECTOR_JSON = '{"matchLabels":{"batch.kubernetes.io/controller-uid":"1a2b3c","foo":"bar"}}'
SELECTOR_MISMATCH = (
    f"spec.template.metadata.labels: Invalid value: {GENERATED_LABELS}: `selector` does not"
    " match template `labels`"
)

CASES: list[tuple[str, dict[str, Any], Callable[[Job], None], list[str]]] = [
    (
        # "immutable completion"
        "immutable-completions",
        {},
        lambda job: setattr(job.spec, "completions", 2),
        ["spec.completions: Invalid value: 2: field is immutable"],
    ),
    (
        # "immutable selector": spec rules run twice on update, so the mismatch shows twice.
        "immutable-selector",
        {},
        _selector_foo,
        [
            f"spec.selector: Invalid value: {SELECTOR_JSON}: `selector` not auto-generated",
            SELECTOR_MISMATCH,
            SELECTOR_MISMATCH,
            f"spec.selector: Invalid value: {SELECTOR_JSON}: field is immutable",
        ],
    ),
    (
        # "immutable completion mode"
        "immutable-completion-mode",
        {"completionMode": "Indexed", "completions": 2},
        _completion_mode,
        ['spec.completionMode: Invalid value: "NonIndexed": field is immutable'],
    ),
    (
        "immutable-backoffLimitPerIndex",
        {"completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": 1},
        lambda job: setattr(job.spec, "backoff_limit_per_index", 2),
        ["spec.backoffLimitPerIndex: Invalid value: 2: field is immutable"],
    ),
    (
        "immutable-managedBy",
        {"managedBy": "example.com/foo"},
        lambda job: setattr(job.spec, "managed_by", "example.com/bar"),
        ['spec.managedBy: Invalid value: "example.com/bar": field is immutable'],
    ),
    (
        "immutable-podFailurePolicy",
        {},
        _add_pod_failure_policy,
        [
            'spec.podFailurePolicy: Invalid value: {"Rules":[{"Action":"FailJob","OnExitCodes":'
            '{"ContainerName":null,"Operator":"In","Values":[1]},"OnPodConditions":null}]}: field'
            " is immutable"
        ],
    ),
    (
        "immutable-successPolicy",
        {"completionMode": "Indexed", "completions": 2},
        lambda job: setattr(
            job.spec, "success_policy", SuccessPolicy.from_dict({"rules": [{"succeededCount": 1}]})
        ),
        [
            'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,'
            '"SucceededCount":1}]}: field is immutable'
        ],
    ),
    (
        # Indexed Jobs are elastic: completions may change together with parallelism.
        "elastic-indexed-scale",
        {"completionMode": "Indexed", "completions": 2, "parallelism": 2},
        _scale_to_4,
        [],
    ),
    (
        "elastic-indexed-completions-alone",
        {"completionMode": "Indexed", "completions": 2, "parallelism": 2},
        lambda job: setattr(job.spec, "completions", 3),
        [
            "spec.completions: Invalid value: 3: can only be modified in tandem with"
            " spec.parallelism"
        ],
    ),
    (
        # Renaming also breaks the generated job-name labels.
        "immutable-name",
        {},
        lambda job: setattr(job.metadata, "name", "abd"),
        [
            f"spec.template.metadata.labels[job-name]: Invalid value: {GENERATED_LABELS}:"
            " must be 'abd'",
            "spec.template.metadata.labels[batch.kubernetes.io/job-name]: Invalid value:"
            f" {GENERATED_LABELS}: must be 'abd'",
            'metadata.name: Invalid value: "abd": field is immutable',
        ],
    ),
]


@pytest.mark.parametrize(
    ("spec", "change", "expected"),
    [(c[1], c[2], c[3]) for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_update_rules(
    spec: dict[str, Any], change: Callable[[Job], None], expected: list[str]
) -> None:
    """Each immutability rule, with the errors the strategy returns, in order."""
    assert update_messages(stored_job(**spec), change) == expected


def test_immutable_pod_template() -> None:
    """Upstream case "immutable pod template": any template change of a running Job."""
    messages = update_messages(stored_job(), _image)
    assert len(messages) == 1
    assert messages[0].startswith('spec.template: Invalid value: {"metadata":')
    assert messages[0].endswith(": field is immutable")


def _scheduling(job: Job) -> None:
    job.spec.template.spec.node_selector = {"disk": "ssd"}
    job.spec.template.spec.tolerations = [{"key": "k", "operator": "Exists"}]
    job.spec.template.spec.affinity = {"nodeAffinity": {"x": 1}}
    job.spec.template.metadata.annotations = {"a": "b"}
    job.spec.template.spec.scheduling_gates = [{"name": "gate"}]


def test_scheduling_directives_mutable_while_suspended_and_never_started() -> None:
    """``AllowMutableSchedulingDirectives``: suspended and no startTime."""
    assert update_messages(stored_job(suspend=True), _scheduling) == []


@pytest.mark.parametrize(
    ("suspend", "started"), [(False, False), (True, True)], ids=["running", "suspended-after-start"]
)
def test_scheduling_directives_immutable_otherwise(suspend: bool, started: bool) -> None:
    """Once started (or when not suspended) the template is immutable again."""
    old = stored_job(suspend=suspend)
    if started:
        old.status.start_time = datetime(2024, 1, 1, tzinfo=UTC)
    messages = update_messages(old, _scheduling)
    assert [m.split(": ")[0] for m in messages] == ["spec.template"]


def test_image_still_immutable_while_suspended() -> None:
    """Only the scheduling directives become mutable; the container image does not."""
    messages = update_messages(stored_job(suspend=True), _image)
    assert [m.split(": ")[0] for m in messages] == ["spec.template"]


def test_affinity_without_node_affinity_cannot_be_cleared() -> None:
    """Clearing an affinity that has more than nodeAffinity changes the template."""
    old = stored_job(suspend=True)
    old.spec.template.spec.affinity = {"nodeAffinity": {"x": 1}, "podAffinity": {"y": 2}}
    messages = update_messages(old, lambda job: setattr(job.spec.template.spec, "affinity", None))
    assert [m.split(": ")[0] for m in messages] == ["spec.template"]
    old.spec.template.spec.affinity = {"nodeAffinity": {"x": 1}}
    assert update_messages(old, lambda job: setattr(job.spec.template.spec, "affinity", None)) == []


def test_old_jobs_without_prefixed_labels_still_validate() -> None:
    """``RequirePrefixedLabels`` is off when the stored Job predates the prefixed labels."""
    old = stored_job()
    labels = old.spec.template.metadata.labels
    assert labels is not None
    del labels["batch.kubernetes.io/job-name"]
    del labels["batch.kubernetes.io/controller-uid"]
    old.spec.selector = (
        old.spec.selector.model_copy(update={"match_labels": {"controller-uid": "1a2b3c"}})
        if old.spec.selector
        else None
    )
    assert update_messages(old, lambda job: setattr(job.spec, "parallelism", 3)) == []


def test_resource_version_required() -> None:
    """An update must carry a resourceVersion (``ValidateObjectMetaUpdate``)."""
    messages = update_messages(
        stored_job(), lambda job: setattr(job.metadata, "resource_version", "")
    )
    assert messages == [
        'metadata.resourceVersion: Invalid value: "": must be specified for an update'
    ]
