"""Defaulting and the Job strategy's generated fields, as the apiserver applies them.

Owns:

* ``set_defaults_job`` -- the batch/v1 object defaulter of a Job (upstream
  ``SetObjectDefaults_Job``): ``SetDefaults_Job`` (``pkg/apis/batch/v1/defaults.go``), then
  the core/v1 pod-template defaults, then ``SetDefaults_PodFailurePolicyOnPodConditionsPattern``;
* the core/v1 pod defaults a Job template or a Pod gets (``pkg/apis/core/v1/defaults.go``:
  ``SetDefaults_PodSpec``, ``SetDefaults_Container``, ``SetDefaults_Pod``; plus the declarative
  ``protocol: TCP`` of container ports and ``apiVersion: v1`` of downward-API field refs);
* the Job strategy (``pkg/registry/batch/job/strategy.go``): ``generate_selector``,
  ``prepare_for_create``, ``prepare_for_update`` and ``prepare_for_status_update``;
* ``default_labels_on_decode``: the label default the apiserver re-applies when it decodes
  the stored Job (so a Job created without labels is served with its template's labels).

Every function mutates the model it is given, in place (the store calls it on a fresh copy),
and assigns fields explicitly so that they are serialized like the apiserver writes them.
In Go, ``SetDefaults_Job`` gives a Job without labels its template's label *map* (the same
object), so the labels ``generateSelector`` adds on create appear on the Job too. Here the
copied labels carry a marker type that ``generate_selector`` follows; the ``prepare_*``
functions turn them back into a plain dict.
Feature gates are those of current upstream (``JobPodReplacementPolicy``, ``JobManagedBy``,
``JobSuccessPolicy``, ``JobBackoffLimitPerIndex`` all GA), so nothing is dropped on create.

Layer 0: imports only ``jobsim.api`` models and ``jobsim.api.validation.equality``; no store,
no clock (the store passes the uid in).
"""

from __future__ import annotations

import re
from typing import Final

from jobsim.api.batch_v1 import (
    CONTROLLER_UID_LABEL,
    JOB_NAME_LABEL,
    LEGACY_CONTROLLER_UID_LABEL,
    LEGACY_JOB_NAME_LABEL,
    Job,
    JobStatus,
)
from jobsim.api.core_v1 import Container, Pod, PodSpec
from jobsim.api.meta_v1 import LabelSelector
from jobsim.api.validation.equality import semantic_deep_equal

__all__ = [
    "DEFAULT_BACKOFF_LIMIT",
    "DEFAULT_SCHEDULER_NAME",
    "DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS",
    "TERMINATION_MESSAGE_PATH_DEFAULT",
    "default_labels_on_decode",
    "generate_selector",
    "prepare_for_create",
    "prepare_for_status_update",
    "prepare_for_update",
    "set_defaults_container",
    "set_defaults_job",
    "set_defaults_pod",
    "set_defaults_pod_spec",
]

MAX_INT32: Final = 2**31 - 1
DEFAULT_BACKOFF_LIMIT: Final = 6
TERMINATION_MESSAGE_PATH_DEFAULT: Final = "/dev/termination-log"
DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS: Final = 30
DEFAULT_SCHEDULER_NAME: Final = "default-scheduler"

# docker/distribution reference grammar (``reference.ReferenceRegexp``), enough to find the tag.
_COMPONENT: Final = r"[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*"
_DOMAIN_COMPONENT: Final = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN: Final = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
_IMAGE_REFERENCE: Final = re.compile(
    rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*"
    r"(?::(?P<tag>[\w][\w.-]{0,127}))?"
    r"(?:@(?P<digest>[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?"
)


class _LabelsFromTemplate(dict[str, str]):
    """Job labels that defaulting took from the template (in Go: the template's own map)."""


def _image_tag(image: str) -> str:
    """Return the tag ``ParseImageName`` finds: ``latest`` if neither tag nor digest, else the tag.

    An image that does not parse yields ``""`` (upstream ignores the parse error, so the pull
    policy becomes ``IfNotPresent``).
    """
    match = _IMAGE_REFERENCE.fullmatch(image)
    if match is None or len(image) > 255:
        return ""
    tag, digest = match.group("tag"), match.group("digest")
    if not tag and not digest:
        return "latest"
    return tag or ""


def set_defaults_container(container: Container) -> None:
    """Default one container as ``SetDefaults_Container`` and the declarative port/env defaults."""
    if container.image_pull_policy == "":
        tagged_latest = _image_tag(container.image) == "latest"
        container.image_pull_policy = "Always" if tagged_latest else "IfNotPresent"
    if container.termination_message_path == "":
        container.termination_message_path = TERMINATION_MESSAGE_PATH_DEFAULT
    if container.termination_message_policy == "":
        container.termination_message_policy = "File"
    # Go writes the non-pointer ``resources`` struct even when empty: ``"resources": {}``.
    container.resources = container.resources
    for port in container.ports or ():
        if port.protocol == "":
            port.protocol = "TCP"
    for env in container.env or ():
        ref = env.value_from.field_ref if env.value_from is not None else None
        if ref is not None and ref.api_version == "":
            ref.api_version = "v1"


def set_defaults_pod_spec(spec: PodSpec) -> None:
    """Default a pod spec as ``SetDefaults_PodSpec`` plus its containers' defaults."""
    if spec.dns_policy == "":
        spec.dns_policy = "ClusterFirst"
    if spec.restart_policy == "":
        spec.restart_policy = "Always"
    if spec.security_context is None:
        spec.security_context = {}
    if spec.termination_grace_period_seconds is None:
        spec.termination_grace_period_seconds = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
    if spec.scheduler_name == "":
        spec.scheduler_name = DEFAULT_SCHEDULER_NAME
    for container in spec.init_containers or ():
        set_defaults_container(container)
    for container in spec.containers:
        set_defaults_container(container)


def set_defaults_pod(pod: Pod) -> None:
    """Default a Pod (not a template): pod spec defaults, then ``SetDefaults_Pod``."""
    set_defaults_pod_spec(pod.spec)
    for container in [*(pod.spec.containers), *(pod.spec.init_containers or ())]:
        limits = container.resources.limits
        if limits is None:
            continue
        requests = dict(container.resources.requests or {})
        for name, quantity in limits.items():
            requests.setdefault(name, quantity)
        container.resources.requests = requests
    if pod.spec.enable_service_links is None:
        pod.spec.enable_service_links = True


def set_defaults_job(job: Job) -> None:
    """Default a Job as the batch/v1 scheme does (``SetDefaults_Job`` first, then the template)."""
    spec = job.spec
    if spec.completions is None and spec.parallelism is None:
        spec.completions = 1
        spec.parallelism = 1
    if spec.parallelism is None:
        spec.parallelism = 1
    if spec.backoff_limit is None:
        spec.backoff_limit = (
            MAX_INT32 if spec.backoff_limit_per_index is not None else DEFAULT_BACKOFF_LIMIT
        )
    template_labels = spec.template.metadata.labels
    if template_labels is not None and not job.metadata.labels:
        # In Go the Job gets the template's very map, so labels generated later on create
        # show up on the Job too; the marker type lets ``generate_selector`` do the same.
        job.metadata.labels = _LabelsFromTemplate(template_labels)
    if spec.completion_mode is None:
        spec.completion_mode = "NonIndexed"
    if spec.suspend is None:
        spec.suspend = False
    if spec.pod_replacement_policy is None:
        spec.pod_replacement_policy = (
            "Failed" if spec.pod_failure_policy is not None else "TerminatingOrFailed"
        )
    if spec.manual_selector is None:
        spec.manual_selector = False
    set_defaults_pod_spec(spec.template.spec)
    if spec.pod_failure_policy is not None:
        for rule in spec.pod_failure_policy.rules:
            for pattern in rule.on_pod_conditions or ():
                if pattern.status == "":
                    pattern.status = "True"


def generate_selector(job: Job) -> None:
    """Add the job-name and controller-uid template labels and the selector (``generateSelector``).

    Labels the user already set are kept, even with a wrong value: validation rejects them.
    """
    name = job.metadata.name or ""
    uid = job.metadata.uid or ""
    template_meta = job.spec.template.metadata
    labels = dict(template_meta.labels or {})
    for key in (LEGACY_JOB_NAME_LABEL, JOB_NAME_LABEL):
        labels.setdefault(key, name)
    for key in (LEGACY_CONTROLLER_UID_LABEL, CONTROLLER_UID_LABEL):
        labels.setdefault(key, uid)
    template_meta.labels = labels
    if isinstance(job.metadata.labels, _LabelsFromTemplate):
        job.metadata.labels = _LabelsFromTemplate(labels)
    selector = job.spec.selector if job.spec.selector is not None else LabelSelector()
    match_labels = dict(selector.match_labels or {})
    match_labels.setdefault(CONTROLLER_UID_LABEL, uid)
    selector.match_labels = match_labels
    job.spec.selector = selector


def _unshare_labels(job: Job) -> None:
    """End the label sharing ``set_defaults_job`` set up, once generation is over."""
    if isinstance(job.metadata.labels, _LabelsFromTemplate):
        job.metadata.labels = dict(job.metadata.labels)


def prepare_for_create(job: Job, uid: str | None = None) -> None:
    """Apply the Job strategy's ``PrepareForCreate`` (selector, empty status, generation 1).

    ``uid`` (if given) is stored first, as the apiserver fills system fields before this runs.
    """
    if uid is not None:
        job.metadata.uid = uid
    if not job.spec.manual_selector:
        generate_selector(job)
    job.status = JobStatus()
    job.metadata.generation = 1
    _unshare_labels(job)


def default_labels_on_decode(job: Job) -> None:
    """Copy the template labels to a Job without labels, as decoding the stored object does.

    Upstream returns (and later serves) the created Job decoded from storage, and decoding
    applies ``SetDefaults_Job`` again: a Job created without any labels is observed with its
    template's generated labels. Call it after validation, before storing.
    """
    template_labels = job.spec.template.metadata.labels
    if template_labels is not None and not job.metadata.labels:
        job.metadata.labels = dict(template_labels)


def prepare_for_update(new: Job, old: Job) -> None:
    """Apply ``BeforeUpdate`` + ``PrepareForUpdate``: old status; generation+1 iff spec changed."""
    _unshare_labels(new)
    new.status = old.status.deep_copy()
    generation = old.metadata.generation
    if not semantic_deep_equal(new.spec, old.spec):
        generation = (generation or 0) + 1
    new.metadata.generation = generation


def prepare_for_status_update(new: Job, old: Job) -> None:
    """Apply the status strategy's ``PrepareForUpdate``: the spec is the stored one.

    Shared, not copied (``newJob.Spec = oldJob.Spec``): stored objects are never modified,
    and nothing on the status path writes to the spec.
    """
    _unshare_labels(new)
    new.spec = old.spec
