"""We test these aspects: Events are correlated as client-go's ``EventCorrelator`` does.

Upstream: ``k8s.io/client-go/tools/record/events_cache.go`` (``EventCorrelate``:
aggregate, de-duplicate, spam-filter; defaults 10 similar events in 600 s, burst 25 with
one token per 300 s) and ``tools/record/event.go`` (``recordToSink``/``recordEvent``:
create, PATCH a repeat, drop a skipped one). The table follows ``events_cache_test.go``
``TestEventCorrelator``; the end-to-end test checks what upstream stores for a 40-pod Job,
and that ``correlate=False`` stores every event while the ``on_emit`` hook always sees all.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event
from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock
from jobsim.events import EventRecorder
from jobsim.events_correlator import (
    DEFAULT_AGGREGATE_INTERVAL_IN_SECONDS,
    DEFAULT_AGGREGATE_MAX_EVENTS,
    DEFAULT_SPAM_BURST,
    DEFAULT_SPAM_QPS,
)
from jobsim.invariants import InvariantMonitor
from jobsim.simulation import Simulation

TEMPLATE = {"spec": {"containers": [{"name": "c", "image": "x"}], "restartPolicy": "Never"}}


def setup(*, correlate: bool = True) -> tuple[ManualClock, APIServer, EventRecorder, Job]:
    """A store with one Job and a ``job-controller`` recorder on a manual clock."""
    clock = ManualClock()
    api = APIServer(clock=clock, rng=random.Random(0))
    job = api.create(
        Job,
        {
            "apiVersion": "batch/v1",
            "kind": "Job",
            "metadata": {"name": "pi"},
            "spec": {"template": TEMPLATE},
        },
    )
    return clock, api, EventRecorder(api, clock, "job-controller", correlate=correlate), job


def events(api: APIServer) -> list[Event]:
    """Every stored Event, oldest first."""
    items = [e for e in api.list("events").items if isinstance(e, Event)]
    return sorted(items, key=lambda e: int(e.metadata.resource_version or 0))


def summary(api: APIServer) -> list[tuple[str, int, str]]:
    """``(reason, count, message)`` of every stored Event."""
    return [(e.reason, e.count, e.message) for e in events(api)]


def test_defaults_are_client_go() -> None:
    """The correlator's defaults are ``NewEventCorrelator``'s (qps as a float32 1/300)."""
    assert (DEFAULT_AGGREGATE_MAX_EVENTS, DEFAULT_AGGREGATE_INTERVAL_IN_SECONDS) == (10, 600)
    assert DEFAULT_SPAM_BURST == 25
    assert pytest.approx(1 / 300, rel=1e-7) == DEFAULT_SPAM_QPS
    assert DEFAULT_SPAM_QPS * 300 >= 1.0  # one whole token after 300 s


# (id, previous events as messages, gap seconds, new message, expected (reason, count, message)
#  of the Event the new one wrote) — events_cache_test.go TestEventCorrelator.
SAME = "same message"
CORRELATOR_CASES: list[tuple[str, list[str], float, str, tuple[str, int, str]]] = [
    ("create-a-single-event", [], 5, "first", ("R", 1, "first")),
    ("the-same-event-should-just-count", [SAME], 5, SAME, ("R", 2, SAME)),
    (
        "the-same-event-should-just-count-even-if-more-than-aggregate",
        [SAME] * 10,
        30,
        SAME,
        ("R", 11, SAME),
    ),
    (
        "similar-events-should-aggregate-event",
        [f"m{i}" for i in range(9)],
        5,
        "m9",
        ("R", 1, "(combined from similar events): m9"),
    ),
    (
        "similar-events-many-times-should-count-the-aggregate",
        [f"m{i}" for i in range(10)],
        5,
        "m10",
        ("R", 2, "(combined from similar events): m10"),
    ),
    (
        # upstream's interval clock advances on every Now(), so its gaps exceed 600 s
        "similar-events-whose-interval-is-greater-than-aggregate-interval-do-not-aggregate",
        [f"m{i}" for i in range(9)],
        601,
        "m9",
        ("R", 1, "m9"),
    ),
]


@pytest.mark.parametrize(
    ("previous", "gap", "message", "expected"),
    [case[1:] for case in CORRELATOR_CASES],
    ids=[case[0] for case in CORRELATOR_CASES],
)
def test_event_correlator(
    previous: list[str], gap: float, message: str, expected: tuple[str, int, str]
) -> None:
    """Each case of client-go's TestEventCorrelator: the last write is the expected Event."""
    clock, api, recorder, job = setup()
    for previous_message in previous:
        recorder.event(job, "Normal", "R", previous_message)
        clock.advance(gap)
    recorder.event(job, "Normal", "R", message)
    last = max(events(api), key=lambda e: int(e.metadata.resource_version or 0))
    assert (last.reason, last.count, last.message) == expected


def test_repeat_keeps_name_and_first_timestamp() -> None:
    """A repeat PATCHes the same Event: name and firstTimestamp kept, lastTimestamp now."""
    clock, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "m")
    (first,) = events(api)
    clock.advance(7)
    recorder.event(job, "Normal", "R", "m")
    (second,) = events(api)
    assert second.metadata.name == first.metadata.name
    assert second.first_timestamp == first.first_timestamp
    assert second.last_timestamp == clock.now_time()
    assert second.count == 2


def test_aggregate_event_fields() -> None:
    """The aggregate Event is new, named ``<object>.<hex>``, with no reportingComponent
    (client-go ``EventAggregate`` builds it without ReportingController)."""
    clock, api, recorder, job = setup()
    for i in range(10):
        recorder.event(job, "Normal", "SuccessfulCreate", f"Created pod: pi-{i}")
    stored = events(api)
    assert len(stored) == 10
    aggregate = stored[-1]
    assert aggregate.message == "(combined from similar events): Created pod: pi-9"
    assert aggregate.metadata.name is not None and aggregate.metadata.name.startswith("pi.")
    assert aggregate.reporting_component == ""
    assert aggregate.source.component == "job-controller"
    assert aggregate.first_timestamp == aggregate.last_timestamp == clock.now_time()


def test_spam_filter_drops_26th_event_and_refills_one_token_per_300s() -> None:
    """A burst of 25 events about one object is written, the 26th dropped; 300 s later one
    more gets through, the next not (``the-same-event-is-spam-if-happens-too-frequently``)."""
    clock, api, recorder, job = setup()
    for _ in range(26):
        recorder.event(job, "Normal", "R", "m")
        clock.advance(1)
    assert summary(api) == [("R", 25, "m")]
    clock.advance(300 - 26)
    recorder.event(job, "Normal", "R", "m")
    # the dropped event still counted in the event log (eventObserve runs before the filter)
    assert summary(api) == [("R", 27, "m")]
    recorder.event(job, "Normal", "R", "m")
    assert summary(api) == [("R", 27, "m")]


def test_spam_filter_is_per_object() -> None:
    """Another object keeps its own 25 tokens."""
    _clock, api, recorder, job = setup()
    for i in range(30):
        recorder.event(job, "Warning", f"R{i}", "m")
    second = job.model_copy(
        update={"metadata": job.metadata.model_copy(update={"name": "pj", "uid": "u2"})}
    )
    recorder.event(second, "Warning", "R0", "m")
    by_object = [e.involved_object.name for e in events(api)]
    assert (by_object.count("pi"), by_object.count("pj")) == (25, 1)


def test_deleted_event_is_created_again_with_its_count() -> None:
    """A PATCH of an Event gone from the store (TTL) falls back to create (``recordEvent``)."""
    _clock, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "m")
    (first,) = events(api)
    api.delete("events", first.metadata.name or "", namespace="default")
    recorder.event(job, "Normal", "R", "m")
    (again,) = events(api)
    assert (again.metadata.name, again.count) == (first.metadata.name, 2)


def test_correlate_off_records_every_event() -> None:
    """``correlate=False`` creates one Event per call, repeats and spam included."""
    _clock, api, recorder, job = setup(correlate=False)
    for _ in range(30):
        recorder.event(job, "Normal", "R", "m")
    assert summary(api) == [("R", 1, "m")] * 30


def test_on_emit_sees_every_call() -> None:
    """The emission hook sees every call, including dropped and disabled ones."""
    _clock, _api, recorder, job = setup()
    seen: list[tuple[Any, str, str, str]] = []
    recorder.on_emit.append(lambda *args: seen.append(args))
    for i in range(30):
        recorder.event(job, "Normal", "R", f"m{i}")
    recorder.enabled = False
    recorder.event(job, "Normal", "R", "last")
    assert len(seen) == 31
    assert seen[-1] == (job, "Normal", "R", "last")


def _big_job(completions: int) -> dict[str, Any]:
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "big", "namespace": "default"},
        "spec": {"completions": completions, "parallelism": completions, "template": TEMPLATE},
    }


def test_forty_pod_job_stores_what_client_go_stores() -> None:
    """40 pods created at once: 9 individual SuccessfulCreate, then one combined Event for
    events 10..25 (count 16); 26..40 and Completed (within 300 s) are spam-filtered."""
    sim = Simulation()
    sim.apply(_big_job(40))
    emitted: list[str] = []
    sim.recorder.on_emit.append(lambda _obj, _type, reason, _msg: emitted.append(reason))
    sim.run()
    assert sim.job("big").status.succeeded == 40
    assert emitted == ["SuccessfulCreate"] * 40 + ["Completed"]
    stored = sim.events()
    assert [(e.reason, e.count) for e in stored] == [("SuccessfulCreate", 1)] * 9 + [
        ("SuccessfulCreate", 16)
    ]
    assert [e.message.startswith("Created pod: big-") for e in stored[:9]] == [True] * 9
    assert stored[-1].message.startswith("(combined from similar events): Created pod: big-")


def test_forty_pod_job_without_correlation_stores_all() -> None:
    """``Simulation(event_correlation=False)``: 40 SuccessfulCreate and the Completed Event."""
    sim = Simulation(event_correlation=False)
    sim.apply(_big_job(40))
    sim.run()
    reasons = [e.reason for e in sim.events()]
    assert reasons == ["SuccessfulCreate"] * 40 + ["Completed"]


def test_invariant_29_counts_emissions_not_stored_events() -> None:
    """Invariant 29 holds on the controller's emissions (via ``recorder``) for a 40-pod Job,
    while the correlated store alone shows 25 SuccessfulCreate writes and no Completed."""
    sim = Simulation()
    by_emission = InvariantMonitor(sim.api, sim.clock, recorder=sim.recorder)
    by_store = InvariantMonitor(sim.api, sim.clock)
    sim.apply(_big_job(40))
    sim.run()
    assert by_emission.final_violations() == []
    assert sorted(v.message for v in by_store.final_violations()) == [
        "0 finish events (Completed or failure reason), expected 1",
        "25 SuccessfulCreate events for 40 created pods",
    ]
