"""We test these aspects: invariants of the apiserver under random operation sequences.

A Hypothesis ``RuleBasedStateMachine`` creates, replaces, patches and deletes Pods and
Jobs on a small name space (3 names x 2 namespaces), removes finalizers, runs the garbage
collector, and opens list+watch pairs with random label selectors and namespaces. After
every step it checks:

* resourceVersions of committed changes strictly increase (one global counter);
* every watcher saw exactly the changes that match it, once each, in order, with
  selector entries/exits as ADDED/DELETED (recomputed independently from an unfiltered
  log of every change);
* list then watch from the list's resourceVersion misses nothing: replaying the watch's
  events onto the list reproduces the current list;
* a deleted object never reappears (a re-created name has a new uid);
* a Job's generation moves only when its spec changes (+1) or deletion starts;
* no request ever fails with a 5xx.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from apiserver_builders import job_manifest, pod_manifest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.store import APIServer
from jobsim.apiserver.watch import Watcher
from jobsim.controllers.garbage_collector import GarbageCollector
from jobsim.errors import APIError

NAMES = st.sampled_from(["a", "b", "c"])
NAMESPACES = st.sampled_from(["default", "team"])
LABELS = st.sampled_from([None, {"app": "x"}, {"app": "y"}, {"app": "x", "tier": "1"}])
SELECTORS = st.sampled_from([None, "app=x", "app!=x", "app in (x,y)", "tier"])
RESOURCES = st.sampled_from(["pods", "jobs"])
POLICIES = st.sampled_from([None, "Background", "Foreground", "Orphan"])


def _key(obj: K8sModel) -> tuple[str, str]:
    meta = obj.metadata  # type: ignore[attr-defined]
    return (meta.namespace or "", meta.name or "")


def _matches(selector: str | None, namespace: str | None, obj: K8sModel) -> bool:
    """An independent matcher for the few selectors the machine uses."""
    meta = obj.metadata  # type: ignore[attr-defined]
    if namespace is not None and meta.namespace != namespace:
        return False
    labels = meta.labels or {}
    app = labels.get("app")
    return {
        None: True,
        "app=x": app == "x",
        "app!=x": app != "x",
        "app in (x,y)": app in ("x", "y"),
        "tier": "tier" in labels,
    }[selector]


@dataclass
class Opened:
    """A list+watch pair opened by the machine."""

    resource: str
    selector: str | None
    namespace: str | None
    start_rv: int
    listed: dict[tuple[str, str], K8sModel]
    watcher: Watcher
    seen: list[WatchEventRecord] = field(default_factory=list)


class APIServerMachine(RuleBasedStateMachine):
    """Random verbs against one APIServer, with an unfiltered log as the reference."""

    def __init__(self) -> None:
        super().__init__()
        self.api = APIServer(seed=0)
        self.api.create("namespaces", {"metadata": {"name": "team"}})
        self.gc = GarbageCollector(self.api)
        self.log: dict[str, list[WatchEventRecord]] = {"pods": [], "jobs": []}
        for resource, records in self.log.items():
            self.api.watch(resource, handler=records.append)
        self.opened: list[Opened] = []
        self.deleted_uids: set[str] = set()

    def _call(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except APIError as err:
            assert err.code < 500, err.status.to_dict()
            return None

    # --- rules --------------------------------------------------------------------

    @rule(name=NAMES, namespace=NAMESPACES, labels=LABELS, finalizer=st.booleans(),
          node=st.booleans(), owned=st.booleans())  # fmt: skip
    def create_pod(
        self, *, name: str, namespace: str, labels: Any, finalizer: bool, node: bool, owned: bool
    ) -> None:
        """Create a pod, maybe with a finalizer, a node, and a Job owner."""
        owner = None
        if owned:
            jobs = self.api.list(Job, namespace=namespace).items
            owner = jobs[0] if jobs else None
        body = pod_manifest(
            name,
            namespace=namespace,
            labels=labels,
            finalizers=["example.com/f"] if finalizer else None,
            node_name="n1" if node else None,
            owner=owner,  # type: ignore[arg-type]
        )
        self._call(self.api.create, Pod, body)

    @rule(name=NAMES, namespace=NAMESPACES, labels=LABELS)
    def create_job(self, name: str, namespace: str, labels: Any) -> None:
        """Create a Job."""
        self._call(self.api.create, Job, job_manifest(name, namespace=namespace, labels=labels))

    @rule(resource=RESOURCES, name=NAMES, namespace=NAMESPACES, labels=LABELS, stale=st.booleans())
    def replace_labels(
        self, resource: str, name: str, namespace: str, labels: Any, stale: bool
    ) -> None:
        """Replace an object with new labels, sometimes with a stale resourceVersion."""
        current = self._call(self.api.get, resource, name, namespace=namespace)
        if current is None:
            return
        rv = "1" if stale else current.metadata.resource_version
        meta = current.metadata.model_copy(update={"labels": labels, "resource_version": rv})
        self._call(self.api.replace, resource, current.model_copy(update={"metadata": meta}))

    @rule(resource=RESOURCES, name=NAMES, namespace=NAMESPACES, labels=LABELS)
    def patch_labels(self, resource: str, name: str, namespace: str, labels: Any) -> None:
        """Merge-patch the labels."""
        body = {"metadata": {"labels": labels}}
        self._call(self.api.patch, resource, name, body, namespace=namespace,
                   patch_type="application/merge-patch+json")  # fmt: skip

    @rule(name=NAMES, namespace=NAMESPACES, parallelism=st.integers(0, 3))
    def patch_job_spec(self, name: str, namespace: str, parallelism: int) -> None:
        """Change a Job's spec (generation must follow)."""
        self._call(self.api.patch, Job, name, {"spec": {"parallelism": parallelism}},
                   namespace=namespace)  # fmt: skip

    @rule(name=NAMES, namespace=NAMESPACES, active=st.integers(0, 2))
    def patch_job_status(self, name: str, namespace: str, active: int) -> None:
        """Write a Job's status (generation must not move)."""
        self._call(self.api.patch_status, Job, name, {"status": {"active": active}},
                   namespace=namespace)  # fmt: skip

    @rule(resource=RESOURCES, name=NAMES, namespace=NAMESPACES, policy=POLICIES,
          grace=st.sampled_from([None, 0, 5]))  # fmt: skip
    def delete(
        self, resource: str, name: str, namespace: str, policy: str | None, grace: int | None
    ) -> None:
        """Delete with a random policy and grace period."""
        options = DeleteOptions(propagation_policy=policy, grace_period_seconds=grace)
        self._call(self.api.delete, resource, name, namespace=namespace, options=options)

    @rule(name=NAMES, namespace=NAMESPACES)
    def remove_finalizers(self, name: str, namespace: str) -> None:
        """Remove a pod's finalizers (may delete it during the update)."""
        self._call(self.api.patch, Pod, name, {"metadata": {"finalizers": None}},
                   namespace=namespace, patch_type="application/merge-patch+json")  # fmt: skip

    @rule()
    def collect_garbage(self) -> None:
        """Run the garbage collector's processing step."""
        self.gc.run_until_idle()

    @rule(resource=RESOURCES, selector=SELECTORS, namespace=st.sampled_from([None, "team"]))
    def open_watch(self, resource: str, selector: str | None, namespace: str | None) -> None:
        """List, then watch from the list's resourceVersion."""
        listed = self.api.list(resource, namespace=namespace, label_selector=selector)
        watcher = self.api.watch(
            resource, namespace=namespace, label_selector=selector,
            resource_version=listed.resource_version,
        )  # fmt: skip
        items = {_key(o): o for o in listed.items}
        rv = int(listed.resource_version)
        self.opened.append(Opened(resource, selector, namespace, rv, items, watcher))

    @precondition(lambda self: bool(self.opened))
    @rule(index=st.integers(0, 100))
    def stop_watch(self, index: int) -> None:
        """Stop one watch (it is no longer checked)."""
        opened = self.opened.pop(index % len(self.opened))
        opened.watcher.stop()

    # --- invariants ---------------------------------------------------------------

    @invariant()
    def resource_versions_strictly_increase(self) -> None:
        """Committed changes carry strictly increasing resourceVersions, across kinds."""
        rvs = sorted(e.resource_version for records in self.log.values() for e in records)
        assert len(rvs) == len(set(rvs))
        assert all(e.type != "ERROR" for records in self.log.values() for e in records)
        for records in self.log.values():
            own = [e.resource_version for e in records]
            assert own == sorted(own)
        assert not rvs or rvs[-1] <= self.api.resource_version

    @invariant()
    def watchers_see_exactly_their_changes(self) -> None:
        """Each watcher's events equal the filtered reference log, and replay onto its list."""
        for opened in self.opened:
            opened.seen.extend(opened.watcher.pending())
            expected = self._expected(opened)
            got = [(e.type, _key(e.object), e.resource_version) for e in opened.seen]
            assert got == expected
            state = dict(opened.listed)
            for event in opened.seen:
                if event.type == "DELETED":
                    state.pop(_key(event.object))
                else:
                    state[_key(event.object)] = event.object
            now = self.api.list(
                opened.resource, namespace=opened.namespace, label_selector=opened.selector
            ).items
            assert {k: o.metadata.resource_version for k, o in state.items()} == {  # type: ignore[attr-defined]
                _key(o): o.metadata.resource_version  # type: ignore[attr-defined]
                for o in now
            }

    def _expected(self, opened: Opened) -> list[tuple[str, tuple[str, str], int]]:
        last: dict[tuple[str, str], K8sModel] = {}
        out: list[tuple[str, tuple[str, str], int]] = []
        for event in self.log[opened.resource]:
            key = _key(event.object)
            old = last.get(key)
            if event.type == "DELETED":
                last.pop(key, None)
            else:
                last[key] = event.object
            if event.resource_version <= opened.start_rv:
                continue
            match = _matches(opened.selector, opened.namespace, event.object)
            if event.type != "MODIFIED":
                if match:
                    out.append((event.type, key, event.resource_version))
                continue
            assert old is not None
            before = _matches(opened.selector, opened.namespace, old)
            if match:
                out.append(("MODIFIED" if before else "ADDED", key, event.resource_version))
            elif before:
                out.append(("DELETED", key, event.resource_version))
        return out

    @invariant()
    def deleted_objects_never_reappear(self) -> None:
        """No live object has the uid of a deleted one."""
        for records in self.log.values():
            for event in records:
                if event.type == "DELETED":
                    self.deleted_uids.add(event.object.metadata.uid)  # type: ignore[attr-defined]
        for resource in ("pods", "jobs"):
            for obj in self.api.list(resource).items:
                assert obj.metadata.uid not in self.deleted_uids  # type: ignore[attr-defined]

    @invariant()
    def generation_follows_spec(self) -> None:
        """A Job's generation changes only with its spec (+1) or when deletion starts."""
        last: dict[str, Job] = {}
        for event in self.log["jobs"]:
            job = event.object
            assert isinstance(job, Job)
            uid = job.metadata.uid or ""
            old = last.get(uid)
            last[uid] = job
            if event.type != "MODIFIED" or old is None:
                continue
            bump = (job.metadata.generation or 0) - (old.metadata.generation or 0)
            starts_deleting = (
                old.metadata.deletion_timestamp is None
                and job.metadata.deletion_timestamp is not None
            )
            spec_changed = job.spec != old.spec
            assert bump == int(spec_changed) + int(starts_deleting)


TestAPIServerMachine = APIServerMachine.TestCase
TestAPIServerMachine.settings = settings(max_examples=200, stateful_step_count=50, deadline=None)
