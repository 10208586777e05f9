"""batch/v1 models: Job, JobList, JobSpec, JobStatus, JobCondition and the Job policies.

Owns every current batch/v1 Job field (``staging/src/k8s.io/api/batch/v1/types.go``),
the enums of its string-valued fields, and the upstream constants the Job
controller uses: condition reasons, label/annotation/finalizer keys, the
``managedBy`` value. The same model serves the 2016 ``batch/v2alpha1`` documents
(a subset of the fields); which ``apiVersion`` is accepted is the registry's job.
Go typing rules: see ``jobsim.api.core_v1_container``.

Pure data plus upstream's tiny read-only helpers (``findConditionByType``,
``IsJobFinished``): no controller logic, no validation, no defaulting.
Imports only ``jobsim.api._base``, ``jobsim.api._object``, ``jobsim.api.meta_v1``
and ``jobsim.api.core_v1``.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

from pydantic import Field

from jobsim.api._base import Int32, Int64, Time
from jobsim.api._object import APIList, APIObject, GoStruct
from jobsim.api.core_v1 import ConditionStatus, PodTemplateSpec
from jobsim.api.meta_v1 import LabelSelector, ListMeta, ObjectMeta

__all__ = [
    "CONTROLLER_UID_LABEL",
    "JOB_COMPLETION_INDEX_ANNOTATION",
    "JOB_COMPLETION_INDEX_ENV_NAME",
    "JOB_CONTROLLER_NAME",
    "JOB_INDEX_FAILURE_COUNT_ANNOTATION",
    "JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION",
    "JOB_NAME_LABEL",
    "JOB_REASON_BACKOFF_LIMIT_EXCEEDED",
    "JOB_REASON_COMPLETIONS_REACHED",
    "JOB_REASON_DEADLINE_EXCEEDED",
    "JOB_REASON_FAILED_INDEXES",
    "JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED",
    "JOB_REASON_POD_FAILURE_POLICY",
    "JOB_REASON_SUCCESS_POLICY",
    "JOB_TRACKING_FINALIZER",
    "LEGACY_CONTROLLER_UID_LABEL",
    "LEGACY_JOB_NAME_LABEL",
    "CompletionMode",
    "Job",
    "JobCondition",
    "JobConditionType",
    "JobList",
    "JobSpec",
    "JobStatus",
    "PodFailurePolicy",
    "PodFailurePolicyAction",
    "PodFailurePolicyOnExitCodesOperator",
    "PodFailurePolicyOnExitCodesRequirement",
    "PodFailurePolicyOnPodConditionsPattern",
    "PodFailurePolicyRule",
    "PodReplacementPolicy",
    "SuccessPolicy",
    "SuccessPolicyRule",
    "UncountedTerminatedPods",
]

# Label, annotation and finalizer keys (batch/v1 types.go).
JOB_COMPLETION_INDEX_ANNOTATION = "batch.kubernetes.io/job-completion-index"
"""Annotation, and label of the same key, holding an Indexed Job pod's completion index."""
JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking"
CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid"
LEGACY_CONTROLLER_UID_LABEL = "controller-uid"
JOB_NAME_LABEL = "batch.kubernetes.io/job-name"
LEGACY_JOB_NAME_LABEL = "job-name"
JOB_INDEX_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-failure-count"
JOB_INDEX_IGNORED_FAILURE_COUNT_ANNOTATION = "batch.kubernetes.io/job-index-ignored-failure-count"
JOB_CONTROLLER_NAME = "kubernetes.io/job-controller"
"""The ``spec.managedBy`` value meaning "the built-in Job controller"."""
JOB_COMPLETION_INDEX_ENV_NAME = "JOB_COMPLETION_INDEX"
"""Env var the Job controller adds to Indexed pods (``pkg/controller/job/indexed_job_utils.go``)."""

# Condition reasons (batch/v1 types.go).
JOB_REASON_POD_FAILURE_POLICY = "PodFailurePolicy"
JOB_REASON_BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded"
JOB_REASON_DEADLINE_EXCEEDED = "DeadlineExceeded"
JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED = "MaxFailedIndexesExceeded"
JOB_REASON_FAILED_INDEXES = "FailedIndexes"
JOB_REASON_SUCCESS_POLICY = "SuccessPolicy"
JOB_REASON_COMPLETIONS_REACHED = "CompletionsReached"


class JobConditionType(StrEnum):
    """``JobConditionType``."""

    SUSPENDED = "Suspended"
    COMPLETE = "Complete"
    FAILED = "Failed"
    FAILURE_TARGET = "FailureTarget"
    SUCCESS_CRITERIA_MET = "SuccessCriteriaMet"


class CompletionMode(StrEnum):
    """``CompletionMode``: how pod completions are tracked."""

    NON_INDEXED = "NonIndexed"
    INDEXED = "Indexed"


class PodFailurePolicyAction(StrEnum):
    """``PodFailurePolicyAction``: what a matching pod failure does to the Job."""

    FAIL_JOB = "FailJob"
    FAIL_INDEX = "FailIndex"
    IGNORE = "Ignore"
    COUNT = "Count"


class PodFailurePolicyOnExitCodesOperator(StrEnum):
    """``PodFailurePolicyOnExitCodesOperator``."""

    IN = "In"
    NOT_IN = "NotIn"


class PodReplacementPolicy(StrEnum):
    """``PodReplacementPolicy``: when a replacement pod may be created."""

    TERMINATING_OR_FAILED = "TerminatingOrFailed"
    FAILED = "Failed"


class PodFailurePolicyOnExitCodesRequirement(GoStruct):
    """``PodFailurePolicyOnExitCodesRequirement``: match container exit codes."""

    container_name: str | None = None
    operator: str = ""
    values: list[Int32] = Field(default_factory=list)


class PodFailurePolicyOnPodConditionsPattern(GoStruct):
    """``PodFailurePolicyOnPodConditionsPattern``: match a pod condition (e.g. DisruptionTarget)."""

    type: str = ""
    status: str = ""


class PodFailurePolicyRule(GoStruct):
    """``PodFailurePolicyRule``: an action and exactly one of onExitCodes / onPodConditions."""

    action: str = ""
    on_exit_codes: PodFailurePolicyOnExitCodesRequirement | None = None
    on_pod_conditions: list[PodFailurePolicyOnPodConditionsPattern] | None = None


class PodFailurePolicy(GoStruct):
    """``PodFailurePolicy``: rules evaluated in order against each failed pod."""

    rules: list[PodFailurePolicyRule] = Field(default_factory=list)


class SuccessPolicyRule(GoStruct):
    """``SuccessPolicyRule``: succeededIndexes and/or succeededCount."""

    succeeded_indexes: str | None = None
    succeeded_count: Int32 | None = None


class SuccessPolicy(GoStruct):
    """``SuccessPolicy``: rules that declare an Indexed Job succeeded early."""

    rules: list[SuccessPolicyRule] = Field(default_factory=list)


class JobSpec(GoStruct):
    """``JobSpec``: every current batch/v1 field (the v2alpha1 ones are a subset)."""

    parallelism: Int32 | None = None
    completions: Int32 | None = None
    active_deadline_seconds: Int64 | None = None
    pod_failure_policy: PodFailurePolicy | None = None
    success_policy: SuccessPolicy | None = None
    backoff_limit: Int32 | None = None
    backoff_limit_per_index: Int32 | None = None
    max_failed_indexes: Int32 | None = None
    selector: LabelSelector | None = None
    manual_selector: bool | None = None
    template: PodTemplateSpec = Field(default_factory=PodTemplateSpec)
    ttl_seconds_after_finished: Int32 | None = None
    completion_mode: str | None = None
    suspend: bool | None = None
    pod_replacement_policy: str | None = None
    managed_by: str | None = None


class JobCondition(GoStruct):
    """``JobCondition``; zero timestamps are written as ``null``, as Go's ``metav1.Time`` does."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"lastProbeTime", "lastTransitionTime"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"reason", "message"})

    type: str = ""
    status: str = ""
    last_probe_time: Time | None = None
    last_transition_time: Time | None = None
    reason: str = ""
    message: str = ""


class UncountedTerminatedPods(GoStruct):
    """``UncountedTerminatedPods``: UIDs of finished pods not yet counted in the status."""

    succeeded: list[str] | None = None
    failed: list[str] | None = None


class JobStatus(GoStruct):
    """``JobStatus``: zero ``active``/``succeeded``/``failed`` are omitted; ``ready`` is kept."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset(
        {"active", "succeeded", "failed", "completedIndexes"}
    )

    conditions: list[JobCondition] | None = None
    start_time: Time | None = None
    completion_time: Time | None = None
    active: Int32 = 0
    succeeded: Int32 = 0
    failed: Int32 = 0
    terminating: Int32 | None = None
    completed_indexes: str = ""
    failed_indexes: str | None = None
    uncounted_terminated_pods: UncountedTerminatedPods | None = None
    ready: Int32 | None = None

    def deep_copy(self) -> JobStatus:
        """``model_copy(deep=True)`` for this model, without ``copy.deepcopy``'s generic walk.

        A status holds scalars, immutable datetimes and strings, plus three mutable
        containers: the conditions (each copied) and the two uncounted UID lists. Copying
        exactly those gives an independent copy at a fraction of the cost.
        """
        update: dict[str, Any] = {}
        if self.conditions is not None:
            update["conditions"] = [c.model_copy() for c in self.conditions]
        uncounted = self.uncounted_terminated_pods
        if uncounted is not None:
            update["uncounted_terminated_pods"] = uncounted.model_copy(
                update={
                    name: list(value)
                    for name, value in (
                        ("succeeded", uncounted.succeeded),
                        ("failed", uncounted.failed),
                    )
                    if value is not None
                }
            )
        return self.model_copy(update=update)

    def condition(self, condition_type: str) -> JobCondition | None:
        """Return the first condition of that type, if any (``findConditionByType``)."""
        for cond in self.conditions or ():
            if cond.type == condition_type:
                return cond
        return None

    def has_condition(self, condition_type: str, status: str = ConditionStatus.TRUE) -> bool:
        """True if a condition of that type has that status (default ``True``)."""
        cond = self.condition(condition_type)
        return cond is not None and cond.status == status


class Job(APIObject):
    """``Job`` (batch/v1; the same object is served as ``batch/v2alpha1``)."""

    group: ClassVar[str] = "batch"
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "batch/v1"
    object_kind: ClassVar[str] = "Job"
    list_kind: ClassVar[str] = "JobList"
    plural: ClassVar[str] = "jobs"
    singular: ClassVar[str] = "job"
    namespaced: ClassVar[bool] = True
    categories: ClassVar[tuple[str, ...]] = ("all",)

    metadata: ObjectMeta = Field(default_factory=ObjectMeta)
    spec: JobSpec = Field(default_factory=JobSpec)
    status: JobStatus = Field(default_factory=JobStatus)

    def finished_condition(self) -> JobCondition | None:
        """Return the ``Complete`` or ``Failed`` condition with status True, if any."""
        for cond in self.status.conditions or ():
            if (
                cond.type in (JobConditionType.COMPLETE, JobConditionType.FAILED)
                and cond.status == ConditionStatus.TRUE
            ):
                return cond
        return None

    def is_finished(self) -> bool:
        """True once the Job is ``Complete`` or ``Failed`` (``IsJobFinished``)."""
        return self.finished_condition() is not None


class JobList(APIList):
    """``JobList``."""

    group: ClassVar[str] = "batch"
    version: ClassVar[str] = "v1"
    group_version: ClassVar[str] = "batch/v1"
    object_kind: ClassVar[str] = "JobList"
    item_model: ClassVar[type[APIObject]] = Job

    metadata: ListMeta = Field(default_factory=ListMeta)
    items: list[Job] = Field(default_factory=list)
