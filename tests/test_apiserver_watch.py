"""We test these aspects: list and watch in the in-memory apiserver.

List: namespace scoping, all namespaces, sort order, label selectors (full grammar,
parse errors as 400 with the parser message), field selectors (supported labels,
unsupported ones rejected with the upstream message), the list's resourceVersion.
Watch: initial synthetic ADDED events for RV unset/"0", resuming from a resourceVersion
(only later changes, replayed from the history), MODIFIED, DELETED carrying the last state
at the deletion's RV, objects entering/leaving a selector as ADDED/DELETED, watching one
name, handler delivery (synchronous, registration order) vs ``pending()``, ``stop()``,
BOOKMARK, 410 Expired as an ERROR event, too-large and unparsable resourceVersions.

Upstream: apiserver ``pkg/storage/cacher/{cache_watcher.go,watch_cache.go}``,
``pkg/endpoints/handlers/get.go``, ``pkg/storage/errors.go``; reference
``api-machinery.md`` §0 rules 12-18, §3.3, §4.
"""

from __future__ import annotations

from typing import Any

import pytest
from apiserver_builders import make_job, make_pod, status_of

from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.store import APIServer


@pytest.fixture
def api() -> APIServer:
    """A fresh server with an extra namespace ``team``."""
    api = APIServer(seed=11)
    api.create("namespaces", {"metadata": {"name": "team"}})
    return api


def _names(items: list[Any]) -> list[str]:
    return [f"{o.metadata.namespace or ''}/{o.metadata.name}" for o in items]


def _events(watch: Any) -> list[tuple[str, str]]:
    return [(e.type, e.object.metadata.name) for e in watch.pending()]


def test_list_scopes_and_order(api: APIServer) -> None:
    """A namespace lists only its objects; no namespace lists all, sorted by namespace/name."""
    make_pod(api, "b")
    make_pod(api, "a", namespace="team")
    make_pod(api, "a")
    assert _names(api.list(Pod, namespace="default").items) == ["default/a", "default/b"]
    assert _names(api.list(Pod).items) == ["default/a", "default/b", "team/a"]


def test_list_resource_version_is_current(api: APIServer) -> None:
    """The list's resourceVersion is the store's current one, as a string."""
    make_pod(api, "a")
    assert api.list(Pod).resource_version == str(api.resource_version)


@pytest.mark.parametrize(
    ("selector", "expected"),
    [
        ("app=web", ["default/w1", "default/w2"]),
        ("app!=web", ["default/d1", "default/n1"]),
        ("app in (db,web),tier", ["default/w2"]),
        ("!tier", ["default/d1", "default/n1", "default/w1"]),
        ("app notin (web)", ["default/d1", "default/n1"]),
        ("", ["default/d1", "default/n1", "default/w1", "default/w2"]),
    ],
    ids=["eq", "neq", "set-and-exists", "not-exists", "notin", "empty"],
)
def test_label_selectors(api: APIServer, selector: str, expected: list[str]) -> None:
    """Label selectors use the full apimachinery grammar."""
    make_pod(api, "w1", labels={"app": "web"})
    make_pod(api, "w2", labels={"app": "web", "tier": "front"})
    make_pod(api, "d1", labels={"app": "db"})
    make_pod(api, "n1")
    assert _names(api.list(Pod, label_selector=selector).items) == expected


def test_bad_label_selector_is_400(api: APIServer) -> None:
    """A label selector parse error is 400 BadRequest with the parser's message (§3.1)."""
    status = status_of(lambda: api.list(Pod, label_selector="a in (b"))
    assert status["code"] == 400
    assert status["message"] == "unable to parse requirement: found '', expected: ',' or ')'"


def test_field_selectors(api: APIServer) -> None:
    """Pod field selectors on metadata.name, spec.nodeName and status.phase."""
    make_pod(api, "a", node_name="n1")
    make_pod(api, "b")
    assert _names(api.list(Pod, field_selector="metadata.name=a").items) == ["default/a"]
    assert _names(api.list(Pod, field_selector="spec.nodeName=n1").items) == ["default/a"]
    assert _names(api.list(Pod, field_selector="spec.nodeName!=n1").items) == ["default/b"]
    assert len(api.list(Pod, field_selector="status.phase=Pending").items) == 2
    assert _names(api.list(Pod, field_selector="metadata.namespace=team").items) == []


@pytest.mark.parametrize(
    ("resource", "selector", "message"),
    [
        (
            "jobs",
            "status.succeeded=1",
            'field label "status.succeeded" not supported for batchv1.Job',
        ),
        ("pods", "spec.foo=1", "field label not supported: spec.foo"),
    ],
    ids=["job", "pod"],
)  # fmt: skip
def test_unsupported_field_is_400(
    api: APIServer, resource: str, selector: str, message: str
) -> None:
    """Unsupported field labels: 400 with the per-kind upstream message (§3.3)."""
    status = status_of(lambda: api.list(resource, field_selector=selector))
    assert (status["code"], status["message"]) == (400, message)


def test_job_successful_field(api: APIServer) -> None:
    """Jobs select on ``status.successful`` (the string of status.succeeded)."""
    make_job(api, "a")
    make_job(api, "b")
    api.patch_status("jobs", "b", {"status": {"succeeded": 1}})
    assert _names(api.list("jobs", field_selector="status.successful=1").items) == ["default/b"]


def test_watch_initial_then_changes(api: APIServer) -> None:
    """RV unset: synthetic ADDED for current objects, then ADDED/MODIFIED/DELETED live."""
    make_pod(api, "a")
    watch = api.watch(Pod)
    assert _events(watch) == [("ADDED", "a")]
    make_pod(api, "b")
    api.patch(Pod, "a", {"metadata": {"labels": {"x": "1"}}})
    api.delete(Pod, "b", options=DeleteOptions(grace_period_seconds=0))
    assert _events(watch) == [
        ("ADDED", "b"),
        ("MODIFIED", "a"),
        ("MODIFIED", "b"),
        ("DELETED", "b"),
    ]


def test_watch_from_resource_version_replays_only_later(api: APIServer) -> None:
    """RV=N: no synthetic events; every change after N in order (replayed from the history)."""
    make_pod(api, "a")
    rv = api.resource_version
    make_pod(api, "b")
    make_job(api, "j")
    api.patch(Pod, "a", {"metadata": {"labels": {"x": "1"}}})
    watch = api.watch(Pod, resource_version=str(rv))
    events = watch.pending()
    assert [(e.type, e.object.metadata.name) for e in events] == [("ADDED", "b"), ("MODIFIED", "a")]  # type: ignore[attr-defined]
    assert [e.resource_version for e in events] == sorted(e.resource_version for e in events)
    assert all(e.resource_version > rv for e in events)


def test_deleted_event_carries_last_state_at_deletion_rv(api: APIServer) -> None:
    """DELETED carries the last stored state stamped with the deletion's resourceVersion."""
    make_pod(api, "a", labels={"k": "v"})
    watch = api.watch(Pod, resource_version=str(api.resource_version))
    api.delete(Pod, "a")
    deleted = watch.pending()[-1]
    assert deleted.type == "DELETED"
    assert deleted.object.metadata.resource_version == str(api.resource_version)  # type: ignore[attr-defined]
    assert deleted.resource_version == api.resource_version
    assert deleted.object.metadata.labels == {"k": "v"}  # type: ignore[attr-defined]


def test_selector_transitions(api: APIServer) -> None:
    """Entering a selector is ADDED, leaving it DELETED (old state at the new RV)."""
    make_pod(api, "a", labels={"app": "x"})
    watch = api.watch(Pod, label_selector="app=y", resource_version=str(api.resource_version))
    api.patch(Pod, "a", {"metadata": {"labels": {"app": "y"}}})
    api.patch(Pod, "a", {"metadata": {"labels": {"app": "y", "more": "1"}}})
    api.patch(Pod, "a", {"metadata": {"labels": {"app": "z"}}})
    events = watch.pending()
    assert [e.type for e in events] == ["ADDED", "MODIFIED", "DELETED"]
    left = events[-1].object
    assert left.metadata.labels == {"app": "y", "more": "1"}  # type: ignore[attr-defined]
    assert left.metadata.resource_version == str(api.resource_version)  # type: ignore[attr-defined]


def test_watch_one_name_and_namespace(api: APIServer) -> None:
    """``name`` watches one object; ``namespace`` only that namespace."""
    by_name = api.watch(Pod, name="a")
    by_ns = api.watch(Pod, namespace="team")
    make_pod(api, "a")
    make_pod(api, "b")
    make_pod(api, "a", namespace="team")
    assert _events(by_name) == [("ADDED", "a"), ("ADDED", "a")]
    assert _events(by_ns) == [("ADDED", "a")]


def test_handler_delivery_is_synchronous_in_registration_order(api: APIServer) -> None:
    """Handlers run inside the write, in registration order; pending() is empty for them."""
    log: list[tuple[str, str, int]] = []

    def handler(tag: str) -> Any:
        def record(event: WatchEventRecord) -> None:
            log.append((tag, event.type, api.resource_version))

        return record

    first = api.watch(Pod, handler=handler("first"))
    api.watch(Pod, handler=handler("second"))
    make_pod(api, "a")
    rv = api.resource_version
    assert log == [("first", "ADDED", rv), ("second", "ADDED", rv)]
    assert first.pending() == []


def test_stop_ends_delivery(api: APIServer) -> None:
    """After stop() no event is delivered and the hub forgets the watcher."""
    watch = api.watch(Pod)
    watch.stop()
    make_pod(api, "a")
    assert watch.stopped
    assert watch.pending() == []
    assert api.stats()["watchers"] == 0


def test_bookmark(api: APIServer) -> None:
    """bookmark() sends the watched kind with only metadata.resourceVersion, if allowed."""
    with_bookmarks = api.watch("jobs", allow_bookmarks=True)
    without = api.watch("jobs")
    assert api.bookmark() == 1
    event = with_bookmarks.pending()[-1]
    assert event.type == "BOOKMARK"
    assert event.object.to_dict() == {
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": {"resourceVersion": str(api.resource_version)},
    }
    assert without.pending() == []


def test_too_old_resource_version_is_410_error_event() -> None:
    """A resourceVersion older than the history: one ERROR event (410 Expired), watch stopped."""
    api = APIServer(history_window=3, namespaces=("default",))
    for name in "abcde":
        make_pod(api, name)
    watch = api.watch(Pod, resource_version="1")
    events = watch.pending()
    assert watch.stopped
    assert [e.type for e in events] == ["ERROR"]
    assert events[0].object.to_dict() == {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": "too old resource version: 1 (3)",
        "reason": "Expired",
        "code": 410,
    }
    assert [e.type for e in api.watch(Pod, resource_version="3").pending()] == ["ADDED"] * 3


def test_too_large_resource_version_is_504(api: APIServer) -> None:
    """A future resourceVersion: 504 ``Timeout: Too large resource version`` (storage errors)."""
    future = api.resource_version + 10
    status = status_of(lambda: api.watch(Pod, resource_version=str(future)))
    assert status["code"] == 504
    assert status["message"] == (
        f"Timeout: Too large resource version: {future}, current: {api.resource_version}"
    )


def test_unparsable_watch_resource_version_is_422(api: APIServer) -> None:
    """A non-numeric watch RV: 422 ``pods "" is invalid: resourceVersion: ...`` (§4.1)."""
    status = status_of(lambda: api.watch(Pod, resource_version="abc"))
    assert status["code"] == 422
    assert status["message"] == (
        'pods "" is invalid: resourceVersion: Invalid value: "abc": strconv.ParseUint: '
        'parsing "abc": invalid syntax'
    )


def test_modified_events_carry_the_previous_object(api: APIServer) -> None:
    """A MODIFIED event names the object before the change, as an informer's ``old`` does."""
    seen: list[WatchEventRecord] = []
    api.watch("namespaces", resource_version=str(api.resource_version), handler=seen.append)
    created = api.create(
        "namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "observed-ns"}}
    )
    changed = created.model_copy(
        update={"metadata": created.metadata.model_copy(update={"labels": {"a": "b"}})}
    )
    api.replace("namespaces", changed)
    added, modified = seen
    assert added.type == "ADDED"
    assert added.old_object is None
    assert modified.type == "MODIFIED"
    assert modified.old_object is not None
    assert modified.old_object.metadata.labels is None
    assert modified.object.metadata.labels == {"a": "b"}
