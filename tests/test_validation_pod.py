"""We test these aspects: the PodTemplateSpec/PodSpec rules a Job's template is checked with.

Messages are those of kubernetes ``pkg/apis/core/validation/validation.go``
(``ValidatePodTemplateSpec``, ``ValidatePodSpec``, ``validateContainers``,
``validateInitContainers``, ``validateContainerCommon``, ``validateRestartPolicy``,
``validateDNSPolicy``, ``validatePullPolicy``, ``validateInitContainerRestartPolicy``),
seen through ``validate_job`` on a defaulted Job, as the apiserver reports them.
"""

from __future__ import annotations

from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import PodSpec, PodTemplateSpec
from jobsim.api.defaults import prepare_for_create, set_defaults_job
from jobsim.api.field import Path
from jobsim.api.validation import validate_job, validate_pod_spec, validate_pod_template_spec

LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and"
    " must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex"
    " used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
C0 = "spec.template.spec.containers[0]"
I0 = "spec.template.spec.initContainers[0]"


def job_messages(pod: dict[str, Any], template_meta: dict[str, Any] | None = None) -> list[str]:
    """Errors of a defaulted, prepared Job whose pod spec is ``pod`` (default ``Never``)."""
    pod_spec: dict[str, Any] = {"containers": [{"name": "abc", "image": "image"}]}
    pod_spec.update(pod)
    pod_spec.setdefault("restartPolicy", "Never")
    template: dict[str, Any] = {"spec": pod_spec}
    if template_meta is not None:
        template["metadata"] = template_meta
    job = Job.from_dict(
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "myjob", "namespace": "default"},
            "spec": {"template": template},
        }
    )
    set_defaults_job(job)
    prepare_for_create(job, "1a2b3c")
    return [str(err) for err in validate_job(job)]


SIDECAR_PROBE = {"exec": {"command": ["true"]}}

CASES: list[tuple[str, dict[str, Any], list[str]]] = [
    ("containers-required", {"containers": []}, ["spec.template.spec.containers: Required value"]),
    (
        "container-name-required",
        {"containers": [{"image": "image"}]},
        [f"{C0}.name: Required value"],
    ),
    (
        "container-name-dns-label",
        {"containers": [{"name": "Abc", "image": "image"}]},
        [f'{C0}.name: Invalid value: "Abc": {LABEL_MSG}'],
    ),
    (
        "container-name-duplicate",
        {"containers": [{"name": "abc", "image": "a"}, {"name": "abc", "image": "b"}]},
        ['spec.template.spec.containers[1].name: Duplicate value: "abc"'],
    ),
    ("image-required", {"containers": [{"name": "abc"}]}, [f"{C0}.image: Required value"]),
    (
        "imagePullPolicy-unsupported",
        {"containers": [{"name": "abc", "image": "image", "imagePullPolicy": "Sometimes"}]},
        [
            f'{C0}.imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always",'
            ' "IfNotPresent", "Never"'
        ],
    ),
    (
        "terminationMessagePolicy-unsupported",
        {"containers": [{"name": "abc", "image": "image", "terminationMessagePolicy": "Log"}]},
        [
            f'{C0}.terminationMessagePolicy: Unsupported value: "Log": supported values: "File",'
            ' "FallbackToLogsOnError"'
        ],
    ),
    (
        "restartPolicy-forbidden-on-regular-containers",
        {"containers": [{"name": "abc", "image": "image", "restartPolicy": "Always"}]},
        [f"{C0}.restartPolicy: Forbidden: may not be set for non-init containers"],
    ),
    (
        "sidecar-is-valid",
        {
            "initContainers": [
                {
                    "name": "proxy",
                    "image": "image",
                    "restartPolicy": "Always",
                    "readinessProbe": SIDECAR_PROBE,
                }
            ]
        },
        [],
    ),
    (
        "init-container-restartPolicy-only-Always",
        {"initContainers": [{"name": "init", "image": "image", "restartPolicy": "Never"}]},
        [f'{I0}.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
    ),
    (
        "init-container-probe-needs-sidecar",
        {"initContainers": [{"name": "init", "image": "image", "livenessProbe": SIDECAR_PROBE}]},
        [
            f"{I0}.livenessProbe: Forbidden: may not be set for init containers without"
            " restartPolicy=Always"
        ],
    ),
    (
        "init-container-name-clashes-with-container",
        {"initContainers": [{"name": "abc", "image": "image"}]},
        [f'{I0}.name: Duplicate value: "abc"'],
    ),
    (
        "activeDeadlineSeconds-must-be-positive",
        {"activeDeadlineSeconds": 0},
        [
            "spec.template.spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and"
            " 2147483647, inclusive"
        ],
    ),
    (
        "dnsPolicy-unsupported",
        {"dnsPolicy": "Google"},
        [
            'spec.template.spec.dnsPolicy: Unsupported value: "Google": supported values:'
            ' "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"'
        ],
    ),
    (
        "hostname-dns-label",
        {"hostname": "a.b"},
        ['spec.template.spec.hostname: Invalid value: "a.b": must not contain dots'],
    ),
    (
        "ephemeral-containers-forbidden",
        {"ephemeralContainers": [{"name": "debug", "image": "image"}]},
        [
            "spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed"
            " in pod template"
        ],
    ),
    (
        # Upstream has no sign check on the pod's grace period; negative values are accepted.
        "negative-terminationGracePeriodSeconds-accepted",
        {"terminationGracePeriodSeconds": -1},
        [],
    ),
]


@pytest.mark.parametrize(
    ("pod", "expected"), [(c[1], c[2]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_pod_spec_rules(pod: dict[str, Any], expected: list[str]) -> None:
    """Each covered pod rule reports upstream's path, type and detail on a Job template."""
    assert job_messages(pod) == expected


def test_template_label_value() -> None:
    """Template labels are checked at ``spec.template.labels`` (the map's path, no key).

    Defaulting copied them to the Job's own labels, so ``metadata.labels`` fails first.
    """
    detail = (
        'Invalid value: "bad value": a valid label must be an empty string'
        " or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an"
        " alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for"
        " validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
    )
    assert job_messages({}, {"labels": {"app": "bad value"}}) == [
        f"metadata.labels: {detail}",
        f"spec.template.labels: {detail}",
    ]


def test_template_annotation_key() -> None:
    """Template annotation keys must be qualified names (``spec.template.annotations``)."""
    messages = job_messages({}, {"annotations": {"a/b/c": "x"}})
    assert len(messages) == 1
    assert messages[0].startswith('spec.template.annotations: Invalid value: "a/b/c": ')


def test_undefaulted_spec_reports_required_fields() -> None:
    """Without defaulting, the grace period and the policy enums are all required."""
    spec = PodSpec.from_dict({"containers": [{"name": "abc", "image": "image"}]})
    path = Path("spec")
    assert [str(e) for e in validate_pod_spec(spec, path)] == [
        "spec.terminationGracePeriodSeconds: Required value",
        "spec.containers[0].terminationMessagePolicy: Required value",
        "spec.containers[0].imagePullPolicy: Required value",
        "spec.restartPolicy: Required value",
        "spec.dnsPolicy: Required value",
    ]


def test_template_without_errors() -> None:
    """A defaulted template with one valid container has no pod-level errors."""
    template = PodTemplateSpec.from_dict(
        {
            "metadata": {"labels": {"app": "x"}},
            "spec": {
                "containers": [
                    {
                        "name": "abc",
                        "image": "image",
                        "imagePullPolicy": "Always",
                        "terminationMessagePolicy": "File",
                    }
                ],
                "restartPolicy": "Never",
                "dnsPolicy": "ClusterFirst",
                "terminationGracePeriodSeconds": 30,
            },
        }
    )
    assert validate_pod_template_spec(template, Path("template")) == []
