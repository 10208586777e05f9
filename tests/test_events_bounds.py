"""We test these aspects: the event recorder's memory is bounded as client-go's is.

Upstream ``k8s.io/client-go/tools/record/events_cache.go``: the correlator's event logger is an
LRU cache of ``maxLruCacheEntries`` (4096) event keys; an identical event whose key was evicted
creates a new Event instead of bumping the old one's ``count``. Names: only the current instant's
names are remembered, and a same-instant repeat still gets a suffix.
"""

from __future__ import annotations

import random

import pytest
import simpy

from jobsim import events as events_module
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event
from jobsim.apiserver.store import APIServer
from jobsim.clock import SimClock
from jobsim.events import MAX_LRU_CACHE_ENTRIES, EventRecorder

SMALL = 8
"""The LRU size the behaviour tests use (the real 4096 is checked on its own)."""


@pytest.fixture(autouse=True)
def small_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shrink the LRU so that eviction tests stay fast."""
    monkeypatch.setattr(events_module, "MAX_LRU_CACHE_ENTRIES", SMALL)


def setup() -> tuple[simpy.Environment, APIServer, EventRecorder, Job]:
    """A store with one Job and a recorder, Event TTL off."""
    env = simpy.Environment()
    clock = SimClock(lambda: env.now)
    api = APIServer(clock=clock, rng=random.Random(0), event_ttl=None)
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


def counts(api: APIServer, message: str) -> list[int]:
    """``count`` of every stored Event with ``message``, oldest first."""
    items = [e for e in api.list("events").items if isinstance(e, Event)]
    items.sort(key=lambda e: int(e.metadata.resource_version or 0))
    return [e.count for e in items if e.message == message]


def test_lru_size_is_client_go() -> None:
    """The cache holds 4096 keys (``maxLruCacheEntries``)."""
    assert MAX_LRU_CACHE_ENTRIES == 4096


def test_repeat_within_cache_bumps_count() -> None:
    """A repeat after size-1 other events still aggregates."""
    env, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "first")
    for i in range(SMALL - 1):
        recorder.event(job, "Normal", "R", f"other {i}")
    env.run(until=1)
    recorder.event(job, "Normal", "R", "first")
    assert counts(api, "first") == [2]


def test_repeat_after_eviction_creates_new_event() -> None:
    """A repeat after size other events finds no key: a second Event with count 1."""
    env, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "first")
    for i in range(SMALL):
        recorder.event(job, "Normal", "R", f"other {i}")
    env.run(until=1)
    recorder.event(job, "Normal", "R", "first")
    assert counts(api, "first") == [1, 1]


def test_same_instant_names_get_suffixes_across_instants() -> None:
    """Two events at one instant: ``x`` and ``x2``; a later instant's name has no suffix."""
    env, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "a")
    recorder.event(job, "Normal", "R", "b")
    env.run(until=1)
    recorder.event(job, "Normal", "R", "c")
    items = [e for e in api.list("events").items if isinstance(e, Event)]
    items.sort(key=lambda e: int(e.metadata.resource_version or 0))
    epoch_ns = int(recorder._clock.epoch.timestamp()) * 10**9
    at0, at1 = f"pi.{epoch_ns:x}", f"pi.{epoch_ns + 10**9:x}"
    assert [e.metadata.name for e in items] == [at0, at0 + "2", at1]


def test_recently_used_key_survives_eviction() -> None:
    """Aggregating refreshes a key: it outlives keys recorded after it but not used since."""
    env, api, recorder, job = setup()
    recorder.event(job, "Normal", "R", "first")
    recorder.event(job, "Normal", "R", "second")
    for i in range(SMALL - 2):
        recorder.event(job, "Normal", "R", f"other {i}")
    recorder.event(job, "Normal", "R", "first")  # used again: now the most recent
    recorder.event(job, "Normal", "R", "one more")  # evicts "second", the least recent
    env.run(until=1)
    recorder.event(job, "Normal", "R", "first")
    recorder.event(job, "Normal", "R", "second")
    assert (counts(api, "first"), counts(api, "second")) == ([3], [1, 1])
