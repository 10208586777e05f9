"""We test these aspects:

- every JSON document of the seed page (create request and response, read, list,
  watch) parses and serializes back to the same JSON;
- a real-world Job, a Pod with status and an Event round-trip unchanged, including
  fields jobsim does not simulate;
- a misspelled field is an ``extra_forbidden`` error located by its camelCase path;
  wrong scalar types and int32 overflows are rejected;
- Go JSON rules: RFC 3339 timestamps, zero counters omitted, pointers kept, zero
  ``metav1.Time`` written as null, always-written fields, upstream json tags
  (``hostIP``, ``imageID``, ...), in-place filled defaults are written;
- upstream enum values, constants and per-kind metadata;
- the registry: lookups by (apiVersion, kind) and by resource name, and the
  decoder's messages for missing or unknown kinds;
- upstream helpers: ``findConditionByType``, ``IsJobFinished``.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from jobsim.api import batch_v1, core_v1
from jobsim.api.batch_v1 import Job, JobCondition, JobConditionType, JobList, JobStatus
from jobsim.api.core_v1 import (
    ContainerStateTerminated,
    ContainerStatus,
    Event,
    Namespace,
    Pod,
    PodCondition,
    PodList,
)
from jobsim.api.meta_v1 import WatchEvent
from jobsim.api.registry import (
    MissingKindError,
    MissingVersionError,
    UnknownKindError,
    UnknownResourceError,
    find_resource,
    list_model_for,
    load_object,
    model_for,
    model_for_resource,
    served_versions,
)

FIXTURES = Path(__file__).parent / "fixtures"
SEED = FIXTURES / "seed"
SEED_OBJECTS = [
    "create-response",
    "read-kubectl",
    "read-curl",
    "list-kubectl",
    "list-curl",
]


def _load(path: Path) -> Any:
    if path.suffix == ".yaml":
        return yaml.safe_load(path.read_text())
    return json.loads(path.read_text())


def _error_locs(exc: ValidationError) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(err["type"], tuple(err["loc"])) for err in exc.errors()]


# --- seed documents -------------------------------------------------------------------


# Source of every seed fixture: /work/shared/seed/job-v2alpha1-api-reference.md.
def test_seed_create_request_round_trips() -> None:
    """The YAML body of the seed's create request parses to typed fields and back unchanged."""
    data = _load(SEED / "create-request.yaml")
    job = Job.from_dict(data)
    assert job.to_dict() == data
    container = job.spec.template.spec.containers[0]
    assert (container.name, container.image) == ("pi", "perl")
    assert container.command == ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
    assert job.spec.template.spec.restart_policy == core_v1.RestartPolicy.NEVER
    assert "status" not in job.to_dict()


@pytest.mark.parametrize("name", SEED_OBJECTS, ids=SEED_OBJECTS)
def test_seed_response_round_trips(name: str) -> None:
    """Each seed response (Job or JobList) loads by its kind and serializes to equal JSON."""
    data = _load(SEED / f"{name}.json")
    obj = load_object(data)
    assert type(obj) is (JobList if data["kind"] == "JobList" else Job)
    assert obj.to_dict() == data
    assert json.loads(obj.to_json()) == data


def test_seed_list_item_with_empty_name() -> None:
    """The seed's list item with ``"name": ""`` keeps the empty name (it is set, not absent)."""
    job_list = JobList.from_dict(_load(SEED / "list-curl.json"))
    item = job_list.items[0]
    assert item.metadata.name == ""
    assert item.to_dict()["metadata"]["name"] == ""
    assert item.status.active == 1


@pytest.mark.parametrize("name", ["watch-kubectl", "watch-curl"], ids=["kubectl", "curl"])
def test_seed_watch_event_round_trips(name: str) -> None:
    """A seed watch line is a WatchEvent whose object parses as a Job and serializes back."""
    data = _load(SEED / f"{name}.json")
    event = WatchEvent.from_dict(data)
    assert event.type == "ADDED"
    job = Job.from_dict(event.object)
    assert job.to_dict() == data["object"]
    assert WatchEvent(type=event.type, object=job.to_dict()).to_dict() == data


# --- real-world documents ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "model"),
    [("job-real-world.yaml", Job), ("pod-failed.json", Pod), ("event-job.json", Event)],
    ids=["job", "pod", "event"],
)
def test_real_world_documents_round_trip(fixture: str, model: type[Job | Pod | Event]) -> None:
    """Documents full of fields jobsim does not simulate round-trip unchanged."""
    data = _load(FIXTURES / fixture)
    assert model.from_dict(data).to_dict() == data
    assert type(load_object(data)) is model


def test_real_world_job_typed_fields() -> None:
    """The fields the simulator uses are typed: sidecars, fieldRef env, limits, policies."""
    job = Job.from_dict(_load(FIXTURES / "job-real-world.yaml"))
    spec = job.spec.template.spec
    init = spec.init_containers or []
    assert [c.is_restartable_init_container() for c in init] == [False, True]
    env = spec.containers[0].env or []
    assert env[0].value_from is not None and env[0].value_from.field_ref is not None
    assert env[0].value_from.field_ref.field_path == "metadata.name"
    assert spec.containers[0].resources.limits == {"cpu": 4, "memory": "16Gi", "nvidia.com/gpu": 1}
    assert job.spec.completion_mode == batch_v1.CompletionMode.INDEXED
    assert job.spec.pod_failure_policy is not None
    rule = job.spec.pod_failure_policy.rules[0]
    assert rule.on_exit_codes is not None and rule.on_exit_codes.values == [42]
    assert job.spec.managed_by == batch_v1.JOB_CONTROLLER_NAME


def test_real_world_pod_status_is_typed() -> None:
    """Pod status parts are typed models reachable by their snake_case names."""
    pod = Pod.from_dict(_load(FIXTURES / "pod-failed.json"))
    status = pod.status
    assert (status.phase, status.host_ip, status.pod_ip) == ("Failed", "10.0.0.11", "10.244.1.7")
    terminated = (status.container_statuses or [])[0].state.terminated
    assert terminated is not None and (terminated.exit_code, terminated.reason) == (1, "Error")
    ready = status.condition(core_v1.PodConditionType.READY)
    assert ready is not None and ready.reason == "PodFailed" and ready.last_probe_time is None


# --- unknown fields and wrong types -----------------------------------------------------

_TYPO_CASES = {
    "metadata": ({"metadata": {"nmae": "x"}}, ("metadata", "nmae")),
    "spec": ({"spec": {"paralelism": 2}}, ("spec", "paralelism")),
    "template-spec": (
        {"spec": {"template": {"spec": {"restartPolicyy": "Never"}}}},
        ("spec", "template", "spec", "restartPolicyy"),
    ),
    "container": (
        {"spec": {"template": {"spec": {"containers": [{"name": "a", "imagee": "b"}]}}}},
        ("spec", "template", "spec", "containers", 0, "imagee"),
    ),
    "status": ({"status": {"activ": 1}}, ("status", "activ")),
    "generated-alias": (
        {"spec": {"template": {"spec": {"hostPid": True}}}},
        ("spec", "template", "spec", "hostPid"),
    ),
}


@pytest.mark.parametrize(("doc", "loc"), list(_TYPO_CASES.values()), ids=list(_TYPO_CASES.keys()))
def test_misspelled_field_is_extra_forbidden(doc: dict[str, Any], loc: tuple[Any, ...]) -> None:
    """A misspelled field is ``extra_forbidden`` at its camelCase path (like strict decoding)."""
    with pytest.raises(ValidationError) as info:
        Job.from_dict(doc)
    assert _error_locs(info.value) == [("extra_forbidden", loc)]


_TYPE_CASES = {
    "string-for-int32": ({"spec": {"parallelism": "3"}}, "int_type", ("spec", "parallelism")),
    "bool-for-int32": ({"spec": {"completions": True}}, "int_type", ("spec", "completions")),
    "int32-overflow": (
        {"spec": {"backoffLimit": 2**31}},
        "less_than_equal",
        ("spec", "backoffLimit"),
    ),
    "int64-overflow": (
        {"spec": {"activeDeadlineSeconds": 2**63}},
        "less_than_equal",
        ("spec", "activeDeadlineSeconds"),
    ),
    "int-for-string": (
        {"spec": {"template": {"spec": {"containers": [{"name": 5}]}}}},
        "string_type",
        ("spec", "template", "spec", "containers", 0, "name"),
    ),
    "bad-time": (
        {"status": {"startTime": "yesterday"}},
        "value_error",
        ("status", "startTime"),
    ),
}


@pytest.mark.parametrize(
    ("doc", "error_type", "loc"), list(_TYPE_CASES.values()), ids=list(_TYPE_CASES.keys())
)
def test_wrong_scalar_type_is_rejected(
    doc: dict[str, Any], error_type: str, loc: tuple[Any, ...]
) -> None:
    """Types are as strict as Go's decoder: no string-to-int coercion, no int32 wrap-around."""
    with pytest.raises(ValidationError) as info:
        Job.from_dict(doc)
    assert _error_locs(info.value) == [(error_type, loc)]


def test_enum_fields_accept_any_string() -> None:
    """Enum-valued fields are plain strings: validation, not decoding, reports bad values."""
    job = Job.from_dict({"spec": {"completionMode": "Sometimes", "template": {"spec": {}}}})
    assert job.spec.completion_mode == "Sometimes"


def test_quantity_rejects_bool() -> None:
    """A resource quantity may be a string or number as written, but not a boolean."""
    doc = {"containers": [{"name": "a", "resources": {"limits": {"cpu": True}}}]}
    with pytest.raises(ValidationError):
        core_v1.PodSpec.from_dict(doc)


# --- Go JSON rules ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime(2016, 11, 4, 18, 45, 25, 123456, tzinfo=UTC), "2016-11-04T18:45:25Z"),
        ("2016-11-04T19:45:25+01:00", "2016-11-04T18:45:25Z"),
        ("2016-11-04T18:45:25.5Z", "2016-11-04T18:45:25Z"),
        # Go's reference layout pads the year to four digits (upstream's testFinishedAt).
        (datetime(1, 1, 1, 0, 0, 1, tzinfo=UTC), "0001-01-01T00:00:01Z"),
    ],
    ids=["datetime", "offset", "fraction", "year-1"],
)
def test_time_serializes_as_rfc3339_seconds(value: Any, expected: str) -> None:
    """``metav1.Time`` is written in UTC with whole seconds and ``Z``."""
    status = JobStatus.model_validate({"startTime": value})
    assert status.to_dict() == {"startTime": expected}


# Upstream: k8s.io/api batch/v1 types.go: `Active int32 json:"active,omitempty"`,
# `Ready *int32 json:"ready,omitempty"`, `Terminating *int32 json:"terminating,omitempty"`.
def test_zero_counters_omitted_pointers_kept() -> None:
    """Zero active/succeeded/failed are omitted (omitempty int32); zero ready/terminating stay."""
    status = JobStatus(active=0, succeeded=0, failed=0, ready=0, terminating=0)
    assert status.to_dict() == {"terminating": 0, "ready": 0}
    assert JobStatus(active=2).to_dict() == {"active": 2}


def test_empty_slices_and_maps_omitted_structs_kept() -> None:
    """Empty optional slices/maps are dropped (omitempty, nil after protobuf storage).

    An empty struct pointer (``affinity: {}``, ``uncountedTerminatedPods: {}``) stays, and
    so do non-omitempty slices (``json:"containers"``, a list's ``items``): upstream
    ``core/v1/types.go`` and ``batch/v1/types.go`` json tags.
    """
    pod = Pod.model_validate(
        {
            "metadata": {"name": "p", "labels": {}, "annotations": {}, "finalizers": []},
            "spec": {
                "containers": [{"name": "c", "image": "i", "env": [], "args": []}],
                "affinity": {},
                "nodeSelector": {},
                "tolerations": [],
            },
            "status": {"conditions": []},
        }
    )
    data = pod.to_dict()
    assert data["metadata"] == {"name": "p"}
    assert data["spec"]["containers"] == [{"name": "c", "image": "i"}]
    assert data["spec"]["affinity"] == {}
    assert "nodeSelector" not in data["spec"] and "tolerations" not in data["spec"]
    assert data["status"] == {}
    status = JobStatus.model_validate({"uncountedTerminatedPods": {"succeeded": []}})
    assert status.to_dict() == {"uncountedTerminatedPods": {}}
    assert JobList(items=[]).to_dict()["items"] == []


def test_zero_times_written_as_null() -> None:
    """A zero non-pointer ``metav1.Time`` is written as ``null`` when set (Go MarshalJSON)."""
    cond = PodCondition(type="Ready", status="True", last_probe_time=None)
    assert cond.to_dict() == {"type": "Ready", "status": "True", "lastProbeTime": None}
    job_cond = JobCondition(type="Complete", status="True", last_transition_time=None)
    assert job_cond.to_dict()["lastTransitionTime"] is None


# Upstream: k8s.io/api core/v1 types.go: `RestartCount int32 json:"restartCount"`,
# `ExitCode int32 json:"exitCode"`, `ReportingController string json:"reportingComponent"`.
def test_always_written_fields() -> None:
    """restartCount, exitCode, ready, image, imageID and reportingComponent are never omitted."""
    assert ContainerStatus(name="main").to_dict() == {
        "name": "main",
        "ready": False,
        "restartCount": 0,
        "image": "",
        "imageID": "",
    }
    assert ContainerStateTerminated(exit_code=0).to_dict() == {"exitCode": 0}
    event = Event(reason="Completed").to_dict()
    assert event == {"reason": "Completed", "reportingComponent": "", "reportingInstance": ""}


def test_list_writes_metadata_and_items() -> None:
    """A list always carries ``metadata`` and ``items``, even when empty."""
    assert PodList().set_type_meta().to_dict() == {
        "kind": "PodList",
        "apiVersion": "v1",
        "metadata": {},
        "items": [],
    }


def test_upstream_json_tags_round_trip() -> None:
    """Fields whose json tag is not to_camel(name) use the upstream spelling."""
    doc = {
        "spec": {
            "serviceAccount": "sa",
            "hostPID": True,
            "hostIPC": True,
            "setHostnameAsFQDN": True,
            "containers": [{"name": "a", "ports": [{"containerPort": 80, "hostIP": "0.0.0.0"}]}],
        },
        "status": {
            "hostIPs": [{"ip": "10.0.0.1"}],
            "podIPs": [{"ip": "10.1.0.1"}],
            "containerStatuses": [
                {"name": "a", "ready": True, "restartCount": 0, "image": "i", "imageID": "d"}
            ],
        },
    }
    pod = Pod.from_dict(doc)
    assert pod.spec.deprecated_service_account == "sa"
    assert pod.spec.host_pid and pod.spec.host_ipc and pod.spec.set_hostname_as_fqdn
    assert pod.to_dict() == doc


def test_filled_default_struct_is_written() -> None:
    """A struct absent from the input is written once code fills it in place."""
    job = Job.from_dict(_load(SEED / "create-request.yaml"))
    job.status.active = 1
    job.status.ready = 0
    assert job.to_dict()["status"] == {"active": 1, "ready": 0}
    pod = Pod()
    pod.spec.containers.append(core_v1.Container(name="c", image="busybox"))
    assert pod.to_dict() == {"spec": {"containers": [{"name": "c", "image": "busybox"}]}}


def test_set_type_meta() -> None:
    """``set_type_meta`` writes the kind and the preferred (or given) apiVersion."""
    assert Job().set_type_meta().to_dict() == {"kind": "Job", "apiVersion": "batch/v1"}
    job = Job().set_type_meta("batch/v2alpha1")
    assert (job.kind, job.api_version) == ("Job", "batch/v2alpha1")


# --- enums, constants, kind metadata ----------------------------------------------------


@pytest.mark.parametrize(
    ("member", "value"),
    [
        (core_v1.RestartPolicy.NEVER, "Never"),
        (core_v1.RestartPolicy.ON_FAILURE, "OnFailure"),
        (core_v1.PodPhase.SUCCEEDED, "Succeeded"),
        (core_v1.ConditionStatus.TRUE, "True"),
        (core_v1.PodConditionType.DISRUPTION_TARGET, "DisruptionTarget"),
        (core_v1.ContainerRestartPolicy.ALWAYS, "Always"),
        (JobConditionType.SUCCESS_CRITERIA_MET, "SuccessCriteriaMet"),
        (JobConditionType.FAILURE_TARGET, "FailureTarget"),
        (batch_v1.CompletionMode.NON_INDEXED, "NonIndexed"),
        (batch_v1.PodFailurePolicyAction.FAIL_INDEX, "FailIndex"),
        (batch_v1.PodReplacementPolicy.TERMINATING_OR_FAILED, "TerminatingOrFailed"),
    ],
    ids=str,
)
def test_enum_values_are_upstream_strings(member: str, value: str) -> None:
    """StrEnum members equal upstream's string values (core/v1 and batch/v1 types.go)."""
    assert member == value


def test_batch_constants_are_upstream_values() -> None:
    """Reasons and label/annotation/finalizer keys match batch/v1 types.go."""
    assert batch_v1.JOB_COMPLETION_INDEX_ANNOTATION == "batch.kubernetes.io/job-completion-index"
    assert batch_v1.JOB_TRACKING_FINALIZER == "batch.kubernetes.io/job-tracking"
    assert batch_v1.CONTROLLER_UID_LABEL == "batch.kubernetes.io/controller-uid"
    assert batch_v1.LEGACY_CONTROLLER_UID_LABEL == "controller-uid"
    assert batch_v1.JOB_NAME_LABEL == "batch.kubernetes.io/job-name"
    assert batch_v1.LEGACY_JOB_NAME_LABEL == "job-name"
    assert batch_v1.JOB_CONTROLLER_NAME == "kubernetes.io/job-controller"
    reasons = [
        batch_v1.JOB_REASON_POD_FAILURE_POLICY,
        batch_v1.JOB_REASON_BACKOFF_LIMIT_EXCEEDED,
        batch_v1.JOB_REASON_DEADLINE_EXCEEDED,
        batch_v1.JOB_REASON_MAX_FAILED_INDEXES_EXCEEDED,
        batch_v1.JOB_REASON_FAILED_INDEXES,
        batch_v1.JOB_REASON_SUCCESS_POLICY,
        batch_v1.JOB_REASON_COMPLETIONS_REACHED,
    ]
    assert reasons == [
        "PodFailurePolicy",
        "BackoffLimitExceeded",
        "DeadlineExceeded",
        "MaxFailedIndexesExceeded",
        "FailedIndexes",
        "SuccessPolicy",
        "CompletionsReached",
    ]


@pytest.mark.parametrize(
    ("model", "expected"),
    [
        (Job, ("batch", "batch/v1", "Job", "jobs", "job", True, ())),
        (Pod, ("", "v1", "Pod", "pods", "pod", True, ("po",))),
        (Event, ("", "v1", "Event", "events", "event", True, ("ev",))),
        (Namespace, ("", "v1", "Namespace", "namespaces", "namespace", False, ("ns",))),
    ],
    ids=["job", "pod", "event", "namespace"],
)
def test_kind_metadata(
    model: type[Job | Pod | Event | Namespace], expected: tuple[Any, ...]
) -> None:
    """Each kind carries its discovery metadata as class variables (cf. APIResourceList)."""
    actual = (
        model.group,
        model.group_version,
        model.object_kind,
        model.plural,
        model.singular,
        model.namespaced,
        model.short_names,
    )
    assert actual == expected


# --- registry -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("api_version", "kind", "model"),
    [
        ("batch/v1", "Job", Job),
        ("batch/v1", "JobList", JobList),
        ("batch/v2alpha1", "Job", Job),
        ("batch/v2alpha1", "JobList", JobList),
        ("v1", "Pod", Pod),
        ("v1", "PodList", PodList),
        ("v1", "Event", Event),
        ("v1", "Namespace", Namespace),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_model_for_served_kinds(api_version: str, kind: str, model: type[Any]) -> None:
    """Every served (apiVersion, kind) maps to its model."""
    assert model_for(api_version, kind) is model


# Upstream: kubernetes/apimachinery pkg/api/meta/errors.go, NoKindMatchError.Error.
@pytest.mark.parametrize(
    ("api_version", "kind"),
    [("batch/v1", "Foo"), ("batch/v1beta1", "Job"), ("v1", "Job"), ("batch/v1", "Pod")],
    ids=["unknown-kind", "unknown-version", "job-in-core", "pod-in-batch"],
)
def test_unknown_kind_message(api_version: str, kind: str) -> None:
    """An unserved kind fails as kubectl does (pkg/api/meta/errors.go NoKindMatchError)."""
    with pytest.raises(UnknownKindError) as info:
        load_object({"apiVersion": api_version, "kind": kind, "metadata": {"name": "x"}})
    assert str(info.value) == f'no matches for kind "{kind}" in version "{api_version}"'
    assert (info.value.api_version, info.value.kind) == (api_version, kind)


# Upstream: kubernetes/apimachinery pkg/runtime/error.go (missingKindErr, missingVersionErr)
# and pkg/runtime/serializer/json/json.go Decode (kind is checked before version).
def test_missing_kind_and_version_messages() -> None:
    """Missing kind is reported before missing apiVersion, with the document in the message."""
    with pytest.raises(MissingKindError) as kind_info:
        load_object({"metadata": {"name": "x"}})
    assert str(kind_info.value) == """Object 'Kind' is missing in '{"metadata":{"name":"x"}}'"""
    with pytest.raises(MissingVersionError) as version_info:
        load_object({"kind": "Job", "apiVersion": ""})
    assert str(version_info.value) == (
        """Object 'apiVersion' is missing in '{"kind":"Job","apiVersion":""}'"""
    )


def test_non_string_kind_is_decode_error() -> None:
    """A non-string kind fails the way Go's json decoder does."""
    with pytest.raises(ValueError, match=r"cannot unmarshal number into Go struct field \.kind"):
        load_object({"kind": 5, "apiVersion": "v1"})


def test_load_object_reports_field_errors() -> None:
    """load_object surfaces pydantic's located error for a typo in a served kind."""
    with pytest.raises(ValidationError) as info:
        load_object({"apiVersion": "batch/v1", "kind": "Job", "spec": {"paralelism": 1}})
    assert _error_locs(info.value) == [("extra_forbidden", ("spec", "paralelism"))]


def test_resource_lookups() -> None:
    """Resources resolve by plural, and kubectl-style by singular, short name or kind."""
    assert model_for_resource("jobs") is Job
    assert model_for_resource("pods") is Pod
    assert [find_resource(n) for n in ("po", "job", "Job", "ns", "events")] == [
        Pod,
        Job,
        Job,
        Namespace,
        Event,
    ]
    assert list_model_for(Job) is JobList
    assert served_versions(Job) == ("batch/v1", "batch/v2alpha1")
    with pytest.raises(UnknownResourceError) as info:
        model_for_resource("job")
    assert str(info.value) == 'the server doesn\'t have a resource type "job"'


# --- upstream helpers --------------------------------------------------------------------


def _cond(ctype: str, status: str = "True") -> dict[str, str]:
    return {"type": ctype, "status": status}


@pytest.mark.parametrize(
    ("conditions", "finished"),
    [
        ([], False),
        ([_cond("SuccessCriteriaMet")], False),
        ([_cond("FailureTarget")], False),
        ([_cond("Complete", "False")], False),
        ([_cond("Suspended"), _cond("Complete")], True),
        ([_cond("FailureTarget"), _cond("Failed")], True),
    ],
    ids=["none", "interim-success", "interim-failure", "complete-false", "complete", "failed"],
)
def test_is_finished(conditions: list[dict[str, str]], finished: bool) -> None:
    """Finished iff Complete=True or Failed=True (controller/job/util/utils.go IsJobFinished)."""
    job = Job.from_dict({"status": {"conditions": conditions}})
    assert job.is_finished() is finished


def test_condition_finds_first_of_type() -> None:
    """``condition`` returns the first condition of a type (job_controller findConditionByType)."""
    status = JobStatus.from_dict(
        {"conditions": [_cond("Suspended", "False"), _cond("Suspended"), _cond("Complete")]}
    )
    found = status.condition(JobConditionType.SUSPENDED)
    assert found is not None and found.status == "False"
    assert status.condition(JobConditionType.FAILED) is None
    assert status.has_condition(JobConditionType.COMPLETE)
    assert not status.has_condition(JobConditionType.SUSPENDED)


@pytest.mark.parametrize(
    "status",
    [
        {},
        {"active": 2, "ready": 0, "terminating": 0, "startTime": "2026-01-01T00:00:00Z"},
        {
            "conditions": [
                {"type": "Complete", "status": "True", "lastTransitionTime": None},
                {"type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached"},
            ],
            "uncountedTerminatedPods": {"succeeded": ["a", "b"]},
            "completedIndexes": "1-3",
            "failedIndexes": "",
        },
        {"uncountedTerminatedPods": {}, "conditions": []},
    ],
    ids=["empty", "counters", "conditions-and-uncounted", "empty-containers"],
)
def test_job_status_deep_copy_is_model_copy_deep(status: dict[str, Any]) -> None:
    """``JobStatus.deep_copy`` equals ``model_copy(deep=True)`` and shares nothing mutable."""
    original = JobStatus.model_validate(status)
    copied = original.deep_copy()
    reference = original.model_copy(deep=True)
    assert copied == reference
    assert copied.to_dict() == reference.to_dict() == original.to_dict()
    assert copied.model_fields_set == reference.model_fields_set
    for cond in copied.conditions or ():
        cond.status = "False"
    if copied.uncounted_terminated_pods is not None:
        (copied.uncounted_terminated_pods.succeeded or []).append("z")
        copied.uncounted_terminated_pods.failed = ["y"]
    assert original.to_dict() == JobStatus.model_validate(status).to_dict()
