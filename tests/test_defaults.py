"""We test these aspects: Job and pod defaulting, and the Job strategy's prepare steps.

Defaults follow ``SetDefaults_Job`` (kubernetes ``pkg/apis/batch/v1/defaults.go``; cases of
``defaults_test.go`` ``TestSetDefaultJob``) and ``SetDefaults_PodSpec``/``SetDefaults_Container``/
``SetDefaults_Pod`` (``pkg/apis/core/v1/defaults.go``); the prepare steps follow
``pkg/registry/batch/job/strategy.go``. The seed's 2016 create response
(``/work/shared/seed/job-v2alpha1-api-reference.md``) fixes the pod-template shape.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.api.defaults import (
    default_labels_on_decode,
    generate_selector,
    prepare_for_create,
    prepare_for_status_update,
    prepare_for_update,
    set_defaults_job,
    set_defaults_pod,
)

DEFAULT_LABELS = {"default": "default"}


def job_from(spec: dict[str, Any] | None = None, labels: dict[str, str] | None = None) -> Job:
    """A decoded Job with template labels ``{"default": "default"}`` and the given spec fields."""
    metadata: dict[str, Any] = {"name": "pi", "namespace": "default"}
    if labels is not None:
        metadata["labels"] = labels
    return Job.from_dict(
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": metadata,
            "spec": {
                "template": {
                    "metadata": {"labels": dict(DEFAULT_LABELS)},
                    "spec": {
                        "containers": [{"name": "pi", "image": "perl"}],
                        "restartPolicy": "Never",
                    },
                },
                **(spec or {}),
            },
        }
    )


# (TestSetDefaultJob case, spec, completions, parallelism, backoffLimit, completionMode, suspend)
SET_DEFAULT_JOB_CASES: list[tuple[str, dict[str, Any], Any, Any, int, str, bool]] = [
    ("All unspecified -> sets all to default values", {}, 1, 1, 6, "NonIndexed", False),
    ("suspend set, everything else is defaulted", {"suspend": True}, 1, 1, 6, "NonIndexed", True),
    (
        "WQ: Parallelism explicitly 0 and completions unset -> BackoffLimit is defaulted",
        {"parallelism": 0},
        None,
        0,
        6,
        "NonIndexed",
        False,
    ),
    (
        "WQ: Parallelism explicitly 2 and completions unset -> BackoffLimit is defaulted",
        {"parallelism": 2},
        None,
        2,
        6,
        "NonIndexed",
        False,
    ),
    (
        "Completions explicitly 2 and others unset -> parallelism and BackoffLimit are defaulted",
        {"completions": 2},
        2,
        1,
        6,
        "NonIndexed",
        False,
    ),
    (
        "BackoffLimit explicitly 5 and others unset -> parallelism and completions are defaulted",
        {"backoffLimit": 5},
        1,
        1,
        5,
        "NonIndexed",
        False,
    ),
    (
        "All set -> no change",
        {
            "completions": 8,
            "parallelism": 9,
            "backoffLimit": 10,
            "completionMode": "NonIndexed",
            "suspend": True,
        },
        8,
        9,
        10,
        "NonIndexed",
        True,
    ),
    (
        "All set, flipped -> no change",
        {
            "completions": 11,
            "parallelism": 10,
            "backoffLimit": 9,
            "completionMode": "Indexed",
            "suspend": True,
        },
        11,
        10,
        9,
        "Indexed",
        True,
    ),
    (
        "backoffLimitPerIndex set -> backoffLimit is MaxInt32",
        {"completionMode": "Indexed", "completions": 2, "backoffLimitPerIndex": 1},
        2,
        1,
        2147483647,
        "Indexed",
        False,
    ),
]


@pytest.mark.parametrize(
    ("spec", "expected"),
    [(c[1], c[2:]) for c in SET_DEFAULT_JOB_CASES],
    ids=[c[0] for c in SET_DEFAULT_JOB_CASES],
)
def test_set_default_job(spec: dict[str, Any], expected: tuple[Any, ...]) -> None:
    """``SetDefaults_Job`` fills completions/parallelism/backoffLimit/completionMode/suspend."""
    job = job_from(spec)
    set_defaults_job(job)
    s = job.spec
    assert (s.completions, s.parallelism, s.backoff_limit, s.completion_mode, s.suspend) == expected
    assert s.manual_selector is False
    assert job.metadata.labels == DEFAULT_LABELS  # copied from the template (expectLabels)


def test_own_labels_are_not_replaced() -> None:
    """TestSetDefaultJob "... no default labels": Job labels already set are kept."""
    job = job_from(labels={"mylabel": "myvalue"})
    set_defaults_job(job)
    assert job.metadata.labels == {"mylabel": "myvalue"}


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({}, "TerminatingOrFailed"),
        (
            {
                "podFailurePolicy": {
                    "rules": [
                        {"action": "Ignore", "onPodConditions": [{"type": "DisruptionTarget"}]}
                    ]
                }
            },
            "Failed",
        ),
        ({"podReplacementPolicy": "Failed"}, "Failed"),
    ],
    ids=["no-podFailurePolicy", "with-podFailurePolicy", "explicit"],
)
def test_pod_replacement_policy_default(spec: dict[str, Any], expected: str) -> None:
    """``podReplacementPolicy``: Failed with a podFailurePolicy, else TerminatingOrFailed."""
    job = job_from(spec)
    set_defaults_job(job)
    assert job.spec.pod_replacement_policy == expected


def test_on_pod_conditions_status_defaults_to_true() -> None:
    """``SetDefaults_PodFailurePolicyOnPodConditionsPattern``: empty status becomes ``True``."""
    job = job_from(
        {
            "podFailurePolicy": {
                "rules": [
                    {
                        "action": "Ignore",
                        "onPodConditions": [
                            {"type": "DisruptionTarget"},
                            {"type": "Other", "status": "False"},
                        ],
                    }
                ]
            }
        }
    )
    set_defaults_job(job)
    assert job.to_dict()["spec"]["podFailurePolicy"]["rules"][0]["onPodConditions"] == [
        {"type": "DisruptionTarget", "status": "True"},
        {"type": "Other", "status": "False"},
    ]


def test_template_defaults_match_the_seed_create_response() -> None:
    """The defaulted template serializes like the apiserver's (seed 2016 keys plus newer ones)."""
    job = job_from()
    set_defaults_job(job)
    assert job.to_dict()["spec"]["template"]["spec"] == {
        "containers": [
            {
                "name": "pi",
                "image": "perl",
                "resources": {},
                "terminationMessagePath": "/dev/termination-log",
                "terminationMessagePolicy": "File",
                "imagePullPolicy": "Always",
            }
        ],
        "restartPolicy": "Never",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "securityContext": {},
        "schedulerName": "default-scheduler",
    }


@pytest.mark.parametrize(
    ("image", "policy"),
    [
        ("perl", "Always"),
        ("perl:latest", "Always"),
        ("perl:5.34", "IfNotPresent"),
        ("registry.example.com:5000/team/perl", "Always"),
        ("registry.example.com:5000/team/perl:1.0", "IfNotPresent"),
        ("perl@sha256:" + "a" * 64, "IfNotPresent"),
        ("perl:latest@sha256:" + "a" * 64, "Always"),
        ("Perl", "IfNotPresent"),
        ("", "IfNotPresent"),
    ],
)
def test_image_pull_policy_default(image: str, policy: str) -> None:
    """``imagePullPolicy``: Always for ``:latest`` or untagged images, else IfNotPresent."""
    pod = Pod.from_dict({"spec": {"containers": [{"name": "c", "image": image}]}})
    set_defaults_pod(pod)
    assert pod.spec.containers[0].image_pull_policy == policy


def test_explicit_container_fields_are_kept() -> None:
    """Defaulting fills only empty fields."""
    pod = Pod.from_dict(
        {
            "spec": {
                "containers": [
                    {
                        "name": "c",
                        "image": "perl",
                        "imagePullPolicy": "Never",
                        "terminationMessagePolicy": "FallbackToLogsOnError",
                        "terminationMessagePath": "/tmp/msg",
                    }
                ],
                "restartPolicy": "OnFailure",
                "dnsPolicy": "Default",
                "terminationGracePeriodSeconds": 5,
                "schedulerName": "mine",
            }
        }
    )
    set_defaults_pod(pod)
    container = pod.spec.containers[0]
    assert (
        container.image_pull_policy,
        container.termination_message_policy,
        container.termination_message_path,
    ) == ("Never", "FallbackToLogsOnError", "/tmp/msg")
    assert (
        pod.spec.restart_policy,
        pod.spec.dns_policy,
        pod.spec.termination_grace_period_seconds,
        pod.spec.scheduler_name,
    ) == ("OnFailure", "Default", 5, "mine")


def test_pod_only_defaults() -> None:
    """``SetDefaults_Pod``: enableServiceLinks, requests from limits; plus port and env defaults."""
    pod = Pod.from_dict(
        {
            "spec": {
                "initContainers": [
                    {"name": "i", "image": "x", "resources": {"limits": {"cpu": "1"}}}
                ],
                "containers": [
                    {
                        "name": "c",
                        "image": "x",
                        "ports": [{"containerPort": 80}],
                        "env": [
                            {"name": "I", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}}
                        ],
                        "resources": {"limits": {"memory": "1Gi"}, "requests": {"cpu": "100m"}},
                    }
                ],
            }
        }
    )
    set_defaults_pod(pod)
    spec = pod.to_dict()["spec"]
    assert spec["enableServiceLinks"] is True
    assert spec["restartPolicy"] == "Always"
    assert spec["containers"][0]["resources"]["requests"] == {"cpu": "100m", "memory": "1Gi"}
    assert spec["initContainers"][0]["resources"]["requests"] == {"cpu": "1"}
    assert spec["containers"][0]["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert spec["containers"][0]["env"][0]["valueFrom"]["fieldRef"] == {
        "apiVersion": "v1",
        "fieldPath": "metadata.name",
    }


def test_generate_selector() -> None:
    """``generateSelector``: four template labels and a selector on the prefixed controller-uid."""
    job = job_from()
    job.metadata.uid = "u1"
    generate_selector(job)
    assert job.spec.template.metadata.labels == {
        "default": "default",
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "u1",
        "batch.kubernetes.io/controller-uid": "u1",
    }
    assert job.to_dict()["spec"]["selector"] == {
        "matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}
    }


def test_generate_selector_keeps_user_values() -> None:
    """Labels and selector keys the user set are kept (validation rejects conflicts)."""
    job = job_from({"selector": {"matchLabels": {"batch.kubernetes.io/controller-uid": "x"}}})
    assert job.spec.template.metadata.labels is not None
    job.spec.template.metadata.labels["job-name"] = "other"
    job.metadata.uid = "u1"
    generate_selector(job)
    assert job.spec.template.metadata.labels["job-name"] == "other"
    assert job.spec.selector is not None
    assert job.spec.selector.match_labels == {"batch.kubernetes.io/controller-uid": "x"}


def test_prepare_for_create() -> None:
    """``PrepareForCreate``: uid, generated selector, empty status, generation 1."""
    job = job_from()
    job.status.active = 3
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    data = job.to_dict()
    assert data["status"] == {}
    assert data["metadata"]["generation"] == 1
    assert data["metadata"]["uid"] == "u1"
    assert data["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": "u1"}}


def test_prepare_for_create_with_manual_selector() -> None:
    """With ``manualSelector: true`` nothing is generated."""
    job = job_from({"manualSelector": True, "selector": {"matchLabels": DEFAULT_LABELS}})
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    assert job.spec.template.metadata.labels == DEFAULT_LABELS
    assert job.spec.selector is not None
    assert job.spec.selector.match_labels == DEFAULT_LABELS


def _stored() -> Job:
    job = job_from()
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    job.status.active = 1
    return job


def test_prepare_for_update_keeps_status_and_bumps_generation_on_spec_change() -> None:
    """Main-resource updates keep the stored status; generation +1 only if the spec changed."""
    old = _stored()
    new = old.model_copy(deep=True)
    new.status.active = 0
    new.metadata.labels = {"x": "y"}
    prepare_for_update(new, old)
    assert new.status.active == 1
    assert new.metadata.generation == 1
    new.spec.parallelism = 3
    prepare_for_update(new, old)
    assert new.metadata.generation == 2


def test_prepare_for_update_treats_nil_and_empty_lists_alike() -> None:
    """``Semantic.DeepEqual``: an empty list where the old spec had none is no change."""
    old = _stored()
    new = old.model_copy(deep=True)
    new.spec.template.spec.init_containers = []
    new.metadata.generation = 7  # clients cannot set the generation
    prepare_for_update(new, old)
    assert new.metadata.generation == 1


def test_prepare_for_status_update_keeps_spec() -> None:
    """Status updates keep the stored spec."""
    old = _stored()
    new = old.model_copy(deep=True)
    new.spec.parallelism = 5
    new.status.active = 2
    prepare_for_status_update(new, old)
    assert new.spec.parallelism == 1
    assert new.status.active == 2


def test_job_labels_share_the_template_map_until_prepared() -> None:
    """A Job without labels follows its template's map: generated labels reach it (as in Go)."""
    job = job_from()
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    assert job.metadata.labels == job.spec.template.metadata.labels
    assert type(job.metadata.labels) is dict  # the defaulting marker is gone once prepared
    assert job.metadata.labels is not None and "controller-uid" in job.metadata.labels


def test_own_labels_equal_to_the_template_get_no_generated_labels() -> None:
    """Labels the user wrote on the Job are a separate map: generation does not touch them."""
    job = job_from(labels=dict(DEFAULT_LABELS))
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    assert job.metadata.labels == DEFAULT_LABELS


def test_labels_defaulted_again_on_decode() -> None:
    """A Job created with no labels at all is served with its template's generated labels."""
    job = Job.from_dict(
        {
            "metadata": {"name": "pi", "namespace": "default"},
            "spec": {"template": {"spec": {"containers": [{"name": "pi", "image": "perl"}]}}},
        }
    )
    set_defaults_job(job)
    prepare_for_create(job, "u1")
    assert job.metadata.labels is None
    default_labels_on_decode(job)
    assert job.metadata.labels == job.spec.template.metadata.labels
    assert job.metadata.labels == {
        "job-name": "pi",
        "batch.kubernetes.io/job-name": "pi",
        "controller-uid": "u1",
        "batch.kubernetes.io/controller-uid": "u1",
    }
