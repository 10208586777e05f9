"""We test these aspects: watch streams over HTTP.

Framing (chunked ``application/json``, one ``{"type","object"}`` per line), starting from
the current state or after a resourceVersion, ``timeoutSeconds`` in simulated seconds with a
closing BOOKMARK, periodic bookmarks, ``sendInitialEvents`` (ADDED events, then a BOOKMARK
annotated ``k8s.io/initial-events-end``), the legacy ``/watch/`` path and its name check,
Table watches (headers on the first event only), and concurrent writers and watchers:
every watcher sees every change, in resourceVersion order.
Upstream: apiserver ``pkg/endpoints/handlers/watch.go``, ``pkg/storage/cacher/
cache_watcher.go``; apimachinery ``pkg/apis/meta/v1/types.go`` (InitialEventsAnnotationKey).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_server_support import job_manifest, serving

from jobsim.server import ServerThread

JOBS = "/apis/batch/v1/namespaces/default/jobs"
TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json"


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """One served simulation for this module (100 x wall time)."""
    with serving() as running:
        yield running


@pytest.fixture(scope="module")
def http(server: ServerThread) -> Iterator[httpx.Client]:
    """An HTTP client for the server."""
    with httpx.Client(base_url=server.url, timeout=20) as client:
        yield client


def _events(http: httpx.Client, path: str, **params: str) -> list[dict[str, Any]]:
    """Read a whole (timed-out) watch stream, checking the framing of each line."""
    with http.stream("GET", path, params=params) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "content-length" not in response.headers
        return [json.loads(line) for line in response.iter_lines() if line]


def _rv(event: dict[str, Any]) -> int:
    return int(event["object"]["metadata"]["resourceVersion"])


def test_watch_from_now_then_timeout_with_bookmark(http: httpx.Client) -> None:
    """Without resourceVersion: ADDED for what exists, changes, then a BOOKMARK at the close."""
    http.post(JOBS, json=job_manifest("w-now")).raise_for_status()
    events = _events(
        http, JOBS, watch="true", timeoutSeconds="40", allowWatchBookmarks="true",
        fieldSelector="metadata.name=w-now",
    )  # fmt: skip
    assert events[0]["type"] == "ADDED"
    assert events[0]["object"]["kind"] == "Job"
    assert events[-1]["type"] == "BOOKMARK"
    assert list(events[-1]["object"]["metadata"]) == ["resourceVersion"]
    assert {e["type"] for e in events[1:-1]} <= {"MODIFIED", "BOOKMARK"}
    rvs = [_rv(e) for e in events]
    assert rvs == sorted(rvs)


def test_watch_from_resource_version_replays_only_later_changes(http: httpx.Client) -> None:
    """With resourceVersion N: no synthetic ADDED, only changes after N."""
    created = http.post(JOBS, json=job_manifest("w-after")).json()
    since = int(created["metadata"]["resourceVersion"])
    events = _events(
        http, JOBS, watch="1", timeoutSeconds="30", resourceVersion=str(since),
        fieldSelector="metadata.name=w-after",
    )  # fmt: skip
    assert events
    assert all(e["type"] == "MODIFIED" and _rv(e) > since for e in events)


def test_periodic_bookmarks(http: httpx.Client) -> None:
    """With allowWatchBookmarks a BOOKMARK comes every simulated minute."""
    events = _events(
        http, "/api/v1/namespaces/kube-system/pods", watch="true", timeoutSeconds="150",
        allowWatchBookmarks="true",
    )  # fmt: skip
    bookmarks = [e for e in events if e["type"] == "BOOKMARK"]
    assert len(bookmarks) >= 3  # two periodic, one at the close
    assert all(e["object"]["kind"] == "Pod" for e in bookmarks)


def test_send_initial_events_ends_with_annotated_bookmark(http: httpx.Client) -> None:
    """``sendInitialEvents``: ADDED for each object, then the initial-events-end BOOKMARK."""
    for name in ("w-init-a", "w-init-b"):
        http.post(JOBS, json=job_manifest(name)).raise_for_status()
    events = _events(
        http, JOBS, watch="true", sendInitialEvents="true", allowWatchBookmarks="true",
        resourceVersionMatch="NotOlderThan", timeoutSeconds="1", labelSelector="job-name",
    )  # fmt: skip
    names = {e["object"]["metadata"]["name"] for e in events if e["type"] == "ADDED"}
    assert {"w-init-a", "w-init-b"} <= names
    marker = next(i for i, e in enumerate(events) if e["type"] == "BOOKMARK")
    assert all(e["type"] == "ADDED" for e in events[:marker])
    annotations = events[marker]["object"]["metadata"]["annotations"]
    assert annotations == {"k8s.io/initial-events-end": "true"}


def test_legacy_watch_path_with_name(http: httpx.Client) -> None:
    """``/watch/namespaces/<ns>/jobs/<name>`` watches that one Job."""
    http.post(JOBS, json=job_manifest("w-legacy")).raise_for_status()
    http.post(JOBS, json=job_manifest("w-other")).raise_for_status()
    events = _events(
        http, "/apis/batch/v1/watch/namespaces/default/jobs/w-legacy", timeoutSeconds="5"
    )
    assert {e["object"]["metadata"]["name"] for e in events} == {"w-legacy"}


def test_legacy_watch_path_rejects_other_name(http: httpx.Client) -> None:
    """A field selector naming another object on the legacy path is 400."""
    response = http.get(
        "/apis/batch/v1/watch/namespaces/default/jobs/a",
        params={"fieldSelector": "metadata.name=b"},
    )
    assert response.status_code == 400
    assert response.json()["message"] == "fieldSelector metadata.name doesn't match requested name"


def test_table_watch_sends_headers_once(http: httpx.Client) -> None:
    """``kubectl get -w``: each event is a one-row Table; only the first has column headers."""
    http.post(JOBS, json=job_manifest("w-table")).raise_for_status()
    with http.stream(
        "GET",
        JOBS,
        params={"watch": "true", "timeoutSeconds": "30", "fieldSelector": "metadata.name=w-table"},
        headers={"Accept": TABLE},
    ) as response:
        events = [json.loads(line) for line in response.iter_lines() if line]
    assert len(events) >= 2
    assert all(e["object"]["kind"] == "Table" and len(e["object"]["rows"]) == 1 for e in events)
    assert "columnDefinitions" in events[0]["object"]
    assert all("columnDefinitions" not in e["object"] for e in events[1:])
    assert events[0]["object"]["rows"][0]["cells"][0] == "w-table"


def test_concurrent_writers_and_watchers_lose_nothing(server: ServerThread) -> None:
    """Three watchers each see ADDED for all 30 Jobs created by three writers at once."""
    names = [f"c-{w}-{i}" for w in range(3) for i in range(10)]
    ready = threading.Barrier(4, timeout=10)
    seen: list[list[str]] = [[] for _ in range(3)]
    errors: list[BaseException] = []

    def watch(slot: int) -> None:
        try:
            with httpx.Client(base_url=server.url, timeout=20) as client:
                params = {"watch": "1", "labelSelector": "batch", "resourceVersion": rv}
                with client.stream("GET", JOBS, params=params) as response:
                    ready.wait()
                    for line in response.iter_lines():
                        event = json.loads(line)
                        if event["type"] == "ADDED":
                            seen[slot].append(event["object"]["metadata"]["name"])
                        if len(seen[slot]) == len(names):
                            return
        except BaseException as exc:  # reported to the test thread
            errors.append(exc)

    def write(batch: list[str]) -> None:
        with httpx.Client(base_url=server.url, timeout=20) as client:
            for name in batch:
                manifest = job_manifest(name)
                manifest["metadata"] = {"name": name, "labels": {"batch": "c"}}
                client.post(JOBS, json=manifest).raise_for_status()

    with httpx.Client(base_url=server.url, timeout=20) as client:
        rv = client.get(JOBS).json()["metadata"]["resourceVersion"]
    watchers = [threading.Thread(target=watch, args=(i,)) for i in range(3)]
    for thread in watchers:
        thread.start()
    ready.wait()
    writers = [
        threading.Thread(target=write, args=(names[i * 10 : i * 10 + 10],)) for i in range(3)
    ]
    for thread in writers:
        thread.start()
    for thread in writers + watchers:
        thread.join(timeout=30)
    assert errors == []
    assert all(sorted(s) == sorted(names) for s in seen)
