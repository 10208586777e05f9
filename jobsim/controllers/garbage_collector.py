"""The garbage collector: deletes dependents of deleted owners, honours orphan/foreground deletion.

Owns upstream ``pkg/controller/garbagecollector`` as jobsim needs it:

* **Background** (owner gone): a dependent none of whose owners exists any more is deleted,
  with the propagation policy its own finalizers ask for (``orphan`` -> Orphan,
  ``foregroundDeletion`` -> Foreground, else Background); a dependent that still has a
  live owner only loses the references to the absent ones (``attemptToDeleteItem``).
* **Orphan** (owner deleting with finalizer ``orphan``): every dependent loses its
  ownerReference to the owner, then the ``orphan`` finalizer is removed, which lets the
  apiserver remove the owner (``orphanDependents``).
* **Foreground** (owner deleting with finalizer ``foregroundDeletion``): dependents are
  deleted; once no dependent with ``blockOwnerDeletion: true`` is left, the finalizer is
  removed and the owner goes (``processDeletingDependentsItem``).

An owner "exists" only if an object with the reference's uid exists, is of the referenced
kind and, if namespaced, lives in the dependent's namespace. References to kinds jobsim
does not serve are never judged absent (upstream would fail to resolve them and retry).

Watch handlers only enqueue ``(what, uid)`` keys; the work happens in ``run_until_idle()``
(call it yourself, synchronously) or, given a SimPy ``env``, in a zero-delay callback
scheduled when the queue becomes non-empty. Layer 3: imports the apiserver and models,
never the kubelet or other controllers.
"""

from __future__ import annotations

from typing import Final, Literal

import simpy

from jobsim.api._base import K8sModel
from jobsim.api.meta_v1 import DeleteOptions, ObjectMeta, OwnerReference, Preconditions
from jobsim.api.registry import UnknownKindError, model_for
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.apiserver.resources import served
from jobsim.apiserver.store import APIServer
from jobsim.errors import APIError

__all__ = ["GarbageCollector"]

ORPHAN: Final = "orphan"
FOREGROUND: Final = "foregroundDeletion"

Task = Literal["owner", "dependent", "dependents"]
"""``owner``: finish an orphan/foreground deletion; ``dependent``: attempt to delete one
object; ``dependents``: attempt to delete every object that referenced a removed owner."""


def _meta(obj: K8sModel) -> ObjectMeta:
    meta: ObjectMeta = obj.metadata  # type: ignore[attr-defined]
    return meta


class GarbageCollector:
    """Deletes or orphans dependents through ``ownerReferences``, as upstream's GC does."""

    def __init__(self, api: APIServer, *, env: simpy.Environment | None = None) -> None:
        """Watch every served resource of ``api``; with ``env``, process work automatically."""
        self.api = api
        self._env = env
        self._queue: dict[tuple[Task, str], None] = {}
        self._scheduled = False
        self.processed = 0
        """Queue items processed so far."""
        self._watches = [api.watch(info.plural, handler=self._on_event) for info in served()]

    def stop(self) -> None:
        """Stop watching (queued work stays until processed)."""
        for watch in self._watches:
            watch.stop()

    def pending(self) -> int:
        """Return how many work items are queued."""
        return len(self._queue)

    # --- event handling: enqueue only ---------------------------------------------

    def _enqueue(self, task: Task, uid: str) -> None:
        if not uid:
            return
        self._queue[(task, uid)] = None
        if self._env is not None and not self._scheduled:
            self._scheduled = True
            self._env.timeout(0).callbacks.append(self._run_scheduled)

    def _run_scheduled(self, _event: simpy.Event) -> None:
        self._scheduled = False
        self.run_until_idle()

    def _on_event(self, event: WatchEventRecord) -> None:
        meta = _meta(event.object)
        uid = meta.uid or ""
        if event.type in ("ADDED", "MODIFIED"):
            finalizers = meta.finalizers or ()
            if meta.deletion_timestamp is not None and (
                ORPHAN in finalizers or FOREGROUND in finalizers
            ):
                self._enqueue("owner", uid)
            refs = meta.owner_references or ()
            if any(self.api.get_by_uid(ref.uid) is None for ref in refs):
                self._enqueue("dependent", uid)
        elif event.type == "DELETED":
            if self.api.owned_by(uid):
                self._enqueue("dependents", uid)
            for ref in meta.owner_references or ():
                owner = self.api.get_by_uid(ref.uid)
                if owner is not None and FOREGROUND in (_meta(owner[1]).finalizers or ()):
                    self._enqueue("owner", ref.uid)

    # --- processing -------------------------------------------------------------------

    def run_until_idle(self, max_items: int = 1_000_000) -> int:
        """Process queued work (and work it causes) until none is left; return items done."""
        done = 0
        while self._queue and done < max_items:
            task, uid = next(iter(self._queue))
            del self._queue[(task, uid)]
            self._process(task, uid)
            done += 1
        self.processed += done
        return done

    process_pending = run_until_idle

    def _process(self, task: Task, uid: str) -> None:
        try:
            if task == "owner":
                self._process_owner(uid)
            elif task == "dependent":
                found = self.api.get_by_uid(uid)
                if found is not None:
                    self._attempt_to_delete(*found)
            else:
                for resource, obj in self.api.owned_by(uid):
                    self._attempt_to_delete(resource, obj)
        except APIError as err:
            if err.reason not in ("NotFound", "Conflict"):
                raise

    def _owner_state(self, ref: OwnerReference, namespace: str) -> str:
        """``solid``, ``dangling`` (absent) or ``waiting`` (owner deleting in foreground)."""
        try:
            model = model_for(ref.api_version, ref.kind)
        except UnknownKindError:
            return "solid"
        found = self.api.get_by_uid(ref.uid)
        if found is None:
            return "dangling"
        owner = found[1]
        owner_meta = _meta(owner)
        if not isinstance(owner, model) or (owner_meta.namespace or "") != (
            namespace if getattr(model, "namespaced", True) else ""
        ):
            return "dangling"
        if owner_meta.deletion_timestamp is not None and FOREGROUND in (
            owner_meta.finalizers or ()
        ):
            return "waiting"
        return "solid"

    def _attempt_to_delete(self, resource: str, item: K8sModel) -> None:
        """``attemptToDeleteItem``: delete a dependent without live owners, or unlink it."""
        meta = _meta(item)
        finalizers = meta.finalizers or ()
        if meta.deletion_timestamp is not None:
            if FOREGROUND in finalizers:
                self._process_owner(meta.uid or "")
            return
        refs = meta.owner_references or []
        if not refs:
            return
        states = {ref.uid: self._owner_state(ref, meta.namespace or "") for ref in refs}
        if "solid" in states.values():
            gone = {uid for uid, state in states.items() if state != "solid"}
            if gone:
                self._remove_owner_refs(resource, item, gone)
            return
        if "waiting" in states.values() and self.api.owned_by(meta.uid or ""):
            policy = "Foreground"
        elif ORPHAN in finalizers:
            policy = "Orphan"
        elif FOREGROUND in finalizers:
            policy = "Foreground"
        else:
            policy = "Background"
        self._delete(resource, item, policy)

    def _process_owner(self, uid: str) -> None:
        """Finish an owner's orphan or foreground deletion, if it is in one."""
        found = self.api.get_by_uid(uid)
        if found is None:
            return
        resource, owner = found
        meta = _meta(owner)
        finalizers = meta.finalizers or []
        if meta.deletion_timestamp is None:
            return
        if ORPHAN in finalizers:
            for dep_resource, dep in self.api.owned_by(uid):
                self._remove_owner_refs(dep_resource, dep, {uid})
            self._remove_finalizer(resource, owner, ORPHAN)
        elif FOREGROUND in finalizers:
            for dep_resource, dep in self.api.owned_by(uid):
                if _meta(dep).deletion_timestamp is None:
                    self._attempt_to_delete(dep_resource, dep)
            if not any(_blocks(dep, uid) for _, dep in self.api.owned_by(uid)):
                current = self.api.get_by_uid(uid)
                if current is not None:
                    self._remove_finalizer(resource, current[1], FOREGROUND)

    # --- writes -----------------------------------------------------------------------

    def _delete(self, resource: str, item: K8sModel, policy: str) -> None:
        meta = _meta(item)
        options = DeleteOptions(
            propagation_policy=policy, preconditions=Preconditions(uid=meta.uid)
        )
        self.api.delete(resource, meta.name or "", namespace=meta.namespace, options=options)

    def _remove_owner_refs(self, resource: str, item: K8sModel, uids: set[str]) -> None:
        meta = _meta(item)
        refs = [ref for ref in meta.owner_references or () if ref.uid not in uids]
        new_meta = meta.model_copy(update={"owner_references": refs or None})
        self.api.replace(resource, item.model_copy(update={"metadata": new_meta}))

    def _remove_finalizer(self, resource: str, item: K8sModel, finalizer: str) -> None:
        meta = _meta(item)
        kept = [f for f in meta.finalizers or () if f != finalizer]
        new_meta = meta.model_copy(update={"finalizers": kept or None})
        self.api.replace(resource, item.model_copy(update={"metadata": new_meta}))


def _blocks(dependent: K8sModel, owner_uid: str) -> bool:
    """Whether ``dependent`` blocks its owner's foreground deletion (``blockOwnerDeletion``)."""
    return any(
        ref.uid == owner_uid and ref.block_owner_deletion
        for ref in _meta(dependent).owner_references or ()
    )
