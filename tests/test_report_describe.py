"""We test these aspects: ``kubectl describe job`` text, field for field.

Source: ``describeJob``, ``DescribePodTemplate``, ``describeContainers``, ``DescribeEvents``,
``printLabelsMultiline``, ``printAnnotationsMultiline``, ``capIndexesListOrNone`` and
``tabbedString`` in ``staging/src/k8s.io/kubectl/pkg/describe/describe.go``; reference notes
``shared/reference/job-controller-semantics.md`` §10.2.
"""

from __future__ import annotations

import pytest
from job_builders import at

from jobsim.api.batch_v1 import Job, JobSpec, JobStatus
from jobsim.api.core_v1 import (
    Container,
    EnvVar,
    EnvVarSource,
    Event,
    EventSource,
    ObjectFieldSelector,
    ObjectReference,
    PodSpec,
    PodTemplateSpec,
    ResourceRequirements,
)
from jobsim.api.meta_v1 import LabelSelector, ObjectMeta, OwnerReference
from jobsim.report.describe import cap_indexes_list_or_none, describe_job, rfc1123z

NOW = at(100)
UID = "0b5a1c2e-0000-4000-8000-000000000001"
LABELS = {"batch.kubernetes.io/controller-uid": UID, "batch.kubernetes.io/job-name": "pi"}


def _job() -> Job:
    return Job(
        metadata=ObjectMeta(
            name="pi", namespace="default", uid=UID, labels=dict(LABELS), creation_timestamp=at(0)
        ),
        spec=JobSpec(
            parallelism=1,
            completions=1,
            completion_mode="NonIndexed",
            suspend=False,
            backoff_limit=4,
            selector=LabelSelector(match_labels={"batch.kubernetes.io/controller-uid": UID}),
            template=PodTemplateSpec(
                metadata=ObjectMeta(labels=dict(LABELS)),
                spec=PodSpec(
                    containers=[
                        Container(
                            name="pi",
                            image="perl:5.34.0",
                            command=["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"],
                        )
                    ],
                    restart_policy="Never",
                ),
            ),
        ),
        status=JobStatus(start_time=at(0), completion_time=at(71), succeeded=1, ready=0),
    )


def _event(reason: str, seconds: float, message: str) -> Event:
    return Event(
        involved_object=ObjectReference(kind="Job", namespace="default", name="pi", uid=UID),
        reason=reason,
        message=message,
        type="Normal",
        source=EventSource(component="job-controller"),
        first_timestamp=at(seconds),
        last_timestamp=at(seconds),
        count=1,
    )


GOLDEN = """\
Name:             pi
Namespace:        default
Selector:         batch.kubernetes.io/controller-uid=0b5a1c2e-0000-4000-8000-000000000001
Labels:           batch.kubernetes.io/controller-uid=0b5a1c2e-0000-4000-8000-000000000001
                  batch.kubernetes.io/job-name=pi
Annotations:      <none>
Parallelism:      1
Completions:      1
Completion Mode:  NonIndexed
Suspend:          false
Backoff Limit:    4
Start Time:       Tue, 10 Nov 2009 23:00:00 +0000
Completed At:     Tue, 10 Nov 2009 23:01:11 +0000
Duration:         71s
Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed
Pod Template:
  Labels:  batch.kubernetes.io/controller-uid=0b5a1c2e-0000-4000-8000-000000000001
           batch.kubernetes.io/job-name=pi
  Containers:
   pi:
    Image:      perl:5.34.0
    Port:       <none>
    Host Port:  <none>
    Command:
      perl
      -Mbignum=bpi
      -wle
      print bpi(2000)
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Events:
  Type    Reason            Age   From            Message
  ----    ------            ----  ----            -------
  Normal  SuccessfulCreate  100s  job-controller  Created pod: pi-x7k2q
  Normal  Completed         29s   job-controller  Job completed
"""


def test_describe_golden() -> None:
    """A finished Job describes exactly as kubectl lays it out (tab writer 0/8/2)."""
    events = [
        _event("Completed", 71, "Job completed"),
        _event("SuccessfulCreate", 0, "Created pod: pi-x7k2q"),
    ]
    assert describe_job(_job(), events, NOW) == GOLDEN


def test_optional_lines() -> None:
    """Controlled By, TTL, Active Deadline and Completed Indexes appear only when set."""
    job = _job()
    job.metadata.owner_references = [
        OwnerReference(
            api_version="batch/v1", kind="CronJob", name="nightly", uid="u", controller=True
        )
    ]
    job.spec.ttl_seconds_after_finished = 100
    job.spec.active_deadline_seconds = 60
    job.spec.completion_mode = "Indexed"
    job.status.completion_time = None
    job.status.ready = None
    text = describe_job(job, [], NOW)
    assert "Controlled By:               CronJob/nightly\n" in text
    assert "TTL Seconds After Finished:  100\n" in text
    assert "Active Deadline Seconds:     60s\n" in text
    assert "Completed Indexes:           <none>\n" in text
    assert "Pods Statuses:               0 Active / 1 Succeeded / 0 Failed\n" in text
    assert "Duration:" not in text and "Completed At:" not in text
    # "Events:\t<none>" shares a column block with the pod template's last lines.
    assert text.endswith("  Tolerations:     <none>\nEvents:            <none>\n")


def test_no_events_section_when_not_searched() -> None:
    """events=None (--show-events=false) prints no Events section at all."""
    assert "Events:" not in describe_job(_job(), None, NOW)


def test_container_details() -> None:
    """Env (value, fieldRef), limits/requests and annotations print as describeContainers does."""
    job = _job()
    container = job.spec.template.spec.containers[0]
    container.command = None
    container.env = [
        EnvVar(name="A", value="1"),
        EnvVar(
            name="POD",
            value_from=EnvVarSource(
                field_ref=ObjectFieldSelector(api_version="v1", field_path="metadata.name")
            ),
        ),
    ]
    container.resources = ResourceRequirements(limits={"memory": "1Gi", "cpu": "1"})
    job.metadata.annotations = {"b": "2", "kubectl.kubernetes.io/last-applied-configuration": "{}"}
    text = describe_job(job, None, NOW)
    assert "Annotations:      b: 2\n" in text
    assert "    Limits:\n      cpu:     1\n      memory:  1Gi\n" in text
    # The env lines align with Mounts, Volumes, ... (one block up to the next one-cell line).
    assert (
        "    Environment:\n      A:           1\n      POD:          (v1:metadata.name)\n" in text
    )


@pytest.mark.parametrize(
    ("indexes", "want"),
    [
        ("", "<none>"),
        ("1,3-5,7", "1,3-5,7"),
        ("0," * 30 + "1", "0," * 26 + "..."),
    ],
    ids=["empty", "short", "capped"],
)
def test_cap_indexes(indexes: str, want: str) -> None:
    """Completed Indexes are cut after the first comma at or past 50 characters."""
    assert cap_indexes_list_or_none(indexes, 50) == want


def test_rfc1123z() -> None:
    """Times print with Go's RFC1123Z layout."""
    assert rfc1123z(at(3723)) == "Wed, 11 Nov 2009 00:02:03 +0000"
