"""We test these aspects: the event recorder writes core/v1 Events as client-go's does.

Upstream ``k8s.io/client-go/tools/record`` (``makeEvent``, ``eventLogger.eventObserve``):
name ``<object>.<hex UnixNano>``, ``involvedObject`` from the object's reference,
``source.component`` and ``reportingComponent`` = the component, first/last timestamps,
``count`` 1; an identical event (same object, type, reason, message) bumps ``count`` and
``lastTimestamp`` of the existing Event instead of creating a new one.
"""

from __future__ import annotations

import random

import simpy

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event
from jobsim.apiserver.store import APIServer
from jobsim.clock import SimClock
from jobsim.events import EventRecorder

EPOCH_UNIX = 1_767_225_600  # 2026-01-01T00:00:00Z, the default epoch


def setup() -> tuple[simpy.Environment, APIServer, EventRecorder, Job]:
    """A store with one Job and a recorder for ``job-controller``."""
    env = simpy.Environment()
    clock = SimClock(lambda: env.now)
    api = APIServer(clock=clock, rng=random.Random(0))
    template = {"spec": {"containers": [{"name": "c", "image": "x"}], "restartPolicy": "Never"}}
    job = api.create(
        Job,
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "pi"},
            "spec": {"template": template},
        },
    )
    return env, api, EventRecorder(api, clock, "job-controller"), job


def events(api: APIServer) -> list[Event]:
    """Every stored Event, oldest first."""
    items = [e for e in api.list("events").items if isinstance(e, Event)]
    return sorted(items, key=lambda e: int(e.metadata.resource_version or 0))


def advance(env: simpy.Environment, seconds: float) -> None:
    """Move the simulated clock."""
    env.run(until=env.now + seconds)


def test_event_fields_match_client_go() -> None:
    """One event: name, involvedObject, source, reportingComponent, timestamps, count."""
    env, api, recorder, job = setup()
    advance(env, 3.5)
    recorder.event(job, "Normal", "SuccessfulCreate", "Created pod: pi-abcde")
    (event,) = events(api)
    unix_nanos = EPOCH_UNIX * 10**9 + 3_500_000_000
    assert event.metadata.name == f"pi.{unix_nanos:x}"
    assert event.metadata.namespace == "default"
    ref = event.involved_object
    assert (ref.kind, ref.api_version, ref.name, ref.namespace, ref.uid) == (
        "Job",
        "batch/v1",
        "pi",
        "default",
        job.metadata.uid,
    )
    assert ref.resource_version == job.metadata.resource_version
    assert event.source.component == "job-controller"
    assert event.reporting_component == "job-controller"
    assert (event.type, event.reason, event.message) == (
        "Normal",
        "SuccessfulCreate",
        "Created pod: pi-abcde",
    )
    assert event.first_timestamp == event.last_timestamp
    assert event.first_timestamp is not None and event.first_timestamp.second == 3
    assert event.count == 1


def test_identical_events_are_counted() -> None:
    """A repeated identical event bumps count and lastTimestamp of the same Event."""
    env, api, recorder, job = setup()
    recorder.event(job, "Warning", "FailedCreate", "Error creating: quota")
    advance(env, 7)
    recorder.event(job, "Warning", "FailedCreate", "Error creating: quota")
    (event,) = events(api)
    assert event.count == 2
    assert event.first_timestamp is not None and event.last_timestamp is not None
    assert (event.last_timestamp - event.first_timestamp).total_seconds() == 7


def test_different_messages_are_separate_events() -> None:
    """Events differing in message are separate Events, uniquely named at one instant."""
    _, api, recorder, job = setup()
    recorder.event(job, "Normal", "SuccessfulCreate", "Created pod: a")
    recorder.event(job, "Normal", "SuccessfulCreate", "Created pod: b")
    stored = events(api)
    assert [e.message for e in stored] == ["Created pod: a", "Created pod: b"]
    assert len({e.metadata.name for e in stored}) == 2
    assert all(e.count == 1 for e in stored)


def test_disabled_recorder_writes_nothing() -> None:
    """``enabled=False`` records no Event."""
    env = simpy.Environment()
    clock = SimClock(lambda: env.now)
    api = APIServer(clock=clock, rng=random.Random(0))
    _, _, _, job = setup()
    EventRecorder(api, clock, "job-controller", enabled=False).event(job, "Normal", "X", "y")
    assert events(api) == []
