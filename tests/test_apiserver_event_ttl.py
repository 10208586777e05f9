"""We test these aspects: Events expire ``event_ttl`` seconds after their last write.

Upstream: kube-apiserver ``--event-ttl`` (default ``1h``,
``cmd/kube-apiserver/app/options/options.go``); the Event registry's ``TTLFunc``
(``pkg/registry/core/event/storage/storage.go``) gives every create *and* update the full
TTL, so an updated Event lives on; expiry deletes the object, which watchers see as
``DELETED``. jobsim removes expired Events at the start of the next write, or read of Events.
"""

from __future__ import annotations

import random

import pytest
from apiserver_builders import make_pod

from jobsim.api.core_v1 import Event, Pod
from jobsim.apiserver.store import DEFAULT_EVENT_TTL, APIServer
from jobsim.clock import ManualClock
from jobsim.errors import NotFoundError

EVENT = {
    "metadata": {"name": "pi.1"},
    "involvedObject": {"kind": "Job", "name": "pi", "namespace": "default"},
    "reason": "SuccessfulCreate",
    "message": "Created pod: pi-x",
    "type": "Normal",
    "count": 1,
}


def store(ttl: float | None = 60.0) -> tuple[ManualClock, APIServer]:
    """A store on a manual clock with the given Event TTL."""
    clock = ManualClock()
    return clock, APIServer(clock=clock, rng=random.Random(0), event_ttl=ttl)


def exists(api: APIServer, name: str = "pi.1") -> bool:
    """Whether the Event can be read."""
    try:
        api.get(Event, name)
    except NotFoundError:
        return False
    return True


def test_default_is_one_hour() -> None:
    """The default TTL is kube-apiserver's ``--event-ttl=1h``."""
    assert DEFAULT_EVENT_TTL == 3600.0


@pytest.mark.parametrize(
    ("elapsed", "alive"),
    [(59.0, True), (60.0, False), (500.0, False)],
    ids=["before", "at", "after"],
)
def test_event_expires_after_ttl(elapsed: float, alive: bool) -> None:
    """An Event written at 0 with TTL 60 is readable before 60 s and gone from 60 s on."""
    clock, api = store()
    api.create(Event, EVENT)
    clock.set(elapsed)
    assert exists(api) is alive


def test_update_renews_ttl() -> None:
    """An update at 50 s keeps the Event until 110 s (TTL from the last write)."""
    clock, api = store()
    api.create(Event, EVENT)
    clock.set(50)
    current = api.get(Event, "pi.1")
    api.replace(Event, current.model_copy(update={"count": 2}))
    clock.set(100)
    assert exists(api)
    clock.set(110)
    assert not exists(api)


def test_expiry_is_a_deleted_watch_event() -> None:
    """Watchers see the expiry as DELETED at a new resourceVersion, triggered by any write."""
    clock, api = store()
    api.create(Event, EVENT)
    watch = api.watch("events", resource_version=str(api.resource_version))
    clock.set(61)
    make_pod(api, "trigger")  # any write expires what is due first
    (event,) = watch.pending()
    assert (event.type, event.object.metadata.name) == ("DELETED", "pi.1")  # type: ignore[attr-defined]
    assert event.resource_version == api.resource_version - 1


def test_no_ttl_keeps_events() -> None:
    """``event_ttl=None``: Events stay forever."""
    clock, api = store(ttl=None)
    api.create(Event, EVENT)
    clock.set(10**7)
    assert exists(api)


def test_other_resources_never_expire() -> None:
    """Only Events have a TTL: a pod outlives it."""
    clock, api = store()
    make_pod(api, "p")
    clock.set(10**6)
    assert api.get(Pod, "p").metadata.name == "p"
    assert api.expire() == 0
