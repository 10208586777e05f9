"""DELETE and DELETECOLLECTION: options, preconditions, graceful deletion, GC finalizers.

Owns upstream's delete algorithm (apiserver ``registry/generic/registry/store.go``
``Store.Delete``, ``deletionFinalizersForGarbageCollection``, ``markAsDeleting``,
``updateForGracefulDeletionAndFinalizers``; ``registry/rest/delete.go`` ``BeforeDelete``;
pod ``strategy.go`` ``CheckGracefulDelete``; Job ``storage.go`` delete warning):

* DeleteOptions validation (422 ``DeleteOptions.meta.k8s.io``) and uid/resourceVersion
  preconditions (409 naming the *Kind*, ``Job.batch``), checked before anything changes;
* graceful deletion for Pods (grace from the request, else ``terminationGracePeriodSeconds``,
  forced to 0 when unscheduled or terminal; only ever shortened);
* the ``orphan``/``foregroundDeletion`` finalizer chosen from options, existing finalizers
  and the resource's default policy (batch/v1 Jobs: Orphan, with upstream's warning);
* objects with finalizers stay, with ``deletionTimestamp`` set; others are removed. The
  result is the object if it still exists, else the deleted object (Pods, Namespaces) or
  ``Status{status: Success}``.

Deleting a Namespace removes every object in it at once (jobsim has no namespace
controller; upstream marks it Terminating and deletes the content asynchronously).

Imports layers 0/1 and ``jobsim.apiserver.{resources,state,writes}``; not the store facade.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from jobsim.api._base import K8sModel
from jobsim.api.field import ErrorList, Path, invalid, not_supported
from jobsim.api.meta_v1 import DeleteOptions, ObjectMeta, Status, StatusDetails
from jobsim.apiserver.resources import FOREGROUND, NAMESPACES, ORPHAN, ResourceInfo, served
from jobsim.apiserver.state import ObjectStore, meta_of
from jobsim.apiserver.writes import own
from jobsim.errors import (
    APIError,
    GroupKind,
    new_forbidden,
    new_invalid,
    new_not_found,
    new_precondition_resource_version_conflict,
    new_precondition_uid_conflict,
)

__all__ = [
    "FINALIZER_DELETE_DEPENDENTS",
    "FINALIZER_ORPHAN_DEPENDENTS",
    "JOB_DELETE_WARNING",
    "delete",
    "deletion_finalizers_for_gc",
    "validate_delete_options",
]

FINALIZER_ORPHAN_DEPENDENTS: Final = "orphan"
FINALIZER_DELETE_DEPENDENTS: Final = "foregroundDeletion"
JOB_DELETE_WARNING: Final = (
    "child pods are preserved by default when jobs are deleted; set propagationPolicy=Background "
    "to remove them or set propagationPolicy=Orphan to suppress this warning"
)
"""``deleteOptionWarnings`` (kubernetes ``pkg/registry/batch/job/storage/storage.go``)."""
IMMORTAL_NAMESPACES: Final = frozenset({"default", "kube-system", "kube-public"})
_DELETE_OPTIONS_KIND: Final = GroupKind("meta.k8s.io", "DeleteOptions")
_POLICIES: Final = ("Foreground", "Background", "Orphan")
DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS: Final = 30


def validate_delete_options(options: DeleteOptions) -> None:
    """``ValidateDeleteOptions``: 422 ``DeleteOptions.meta.k8s.io "" is invalid: ...``."""
    errs: ErrorList = []
    policy = options.propagation_policy
    if options.orphan_dependents is not None and policy is not None:
        errs.append(
            invalid(
                Path("propagationPolicy"),
                policy,
                "orphanDependents and deletionPropagation cannot be both set",
            )
        )
    if policy is not None and policy not in _POLICIES:
        errs.append(not_supported(Path("propagationPolicy"), policy, [*_POLICIES, "nil"]))
    if options.dry_run and any(v != "All" for v in options.dry_run):
        errs.append(not_supported(Path("dryRun"), options.dry_run, ["All"]))
    if errs:
        raise new_invalid(_DELETE_OPTIONS_KIND, "", errs)


def _check_preconditions(info: ResourceInfo, meta: ObjectMeta, options: DeleteOptions) -> None:
    pre = options.preconditions
    if pre is None:
        return
    name = meta.name or ""
    if pre.uid is not None and pre.uid != (meta.uid or ""):
        raise new_precondition_uid_conflict(info.group_kind, name, pre.uid, meta.uid or "")
    if pre.resource_version is not None and pre.resource_version != (meta.resource_version or ""):
        raise new_precondition_resource_version_conflict(
            info.group_kind, name, pre.resource_version, meta.resource_version or ""
        )


def _should_orphan(finalizers: list[str], options: DeleteOptions, default_policy: str) -> bool:
    if options.orphan_dependents is not None:
        return options.orphan_dependents
    if options.propagation_policy is not None:
        return options.propagation_policy == ORPHAN
    for f in finalizers:
        if f == FINALIZER_ORPHAN_DEPENDENTS:
            return True
        if f == FINALIZER_DELETE_DEPENDENTS:
            return False
    return default_policy == ORPHAN


def _should_delete_dependents(finalizers: list[str], options: DeleteOptions) -> bool:
    if options.orphan_dependents is not None:
        return False
    if options.propagation_policy is not None:
        return options.propagation_policy == FOREGROUND
    for f in finalizers:
        if f == FINALIZER_DELETE_DEPENDENTS:
            return True
        if f == FINALIZER_ORPHAN_DEPENDENTS:
            return False
    return False


def deletion_finalizers_for_gc(
    meta: ObjectMeta, options: DeleteOptions, default_policy: str
) -> tuple[bool, list[str]]:
    """``deletionFinalizersForGarbageCollection``: (changed, the finalizers to store)."""
    existing = list(meta.finalizers or ())
    gc = (FINALIZER_ORPHAN_DEPENDENTS, FINALIZER_DELETE_DEPENDENTS)
    new = [f for f in existing if f not in gc]
    if _should_orphan(existing, options, default_policy):
        new.append(FINALIZER_ORPHAN_DEPENDENTS)
    if _should_delete_dependents(existing, options):
        new.append(FINALIZER_DELETE_DEPENDENTS)
    if set(new) == set(existing):
        return False, existing
    return True, new


def _pod_grace_period(pod: K8sModel, requested: int | None) -> int:
    """``podStrategy.CheckGracefulDelete``: the grace period a pod deletion gets."""
    spec, status = pod.spec, pod.status  # type: ignore[attr-defined]
    if requested is not None:
        period = requested
    elif spec.termination_grace_period_seconds is not None:
        period = spec.termination_grace_period_seconds
    else:
        period = DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS
    if not spec.node_name:
        period = 0
    if status.phase in ("Failed", "Succeeded"):
        period = 0
    return 1 if period < 0 else period


def _before_delete(
    info: ResourceInfo, work: K8sModel, requested: int | None, now: datetime
) -> tuple[bool, bool]:
    """``rest.BeforeDelete`` after validation: (graceful, pending); may change ``work``."""
    meta = meta_of(work)
    if not info.graceful():
        return False, False
    if meta.deletion_timestamp is not None:
        old_grace = meta.deletion_grace_period_seconds
        if not old_grace:
            return False, False
        if requested is None or requested >= old_grace:
            return False, True
        period = requested
        new_ts = meta.deletion_timestamp - timedelta(seconds=old_grace - period)
        if new_ts < now:
            new_ts = now
            if period != 0:
                period = 1
        meta.deletion_timestamp = new_ts
        meta.deletion_grace_period_seconds = period
        return True, False
    period = _pod_grace_period(work, requested)
    meta.deletion_timestamp = now + timedelta(seconds=period)
    meta.deletion_grace_period_seconds = period
    if meta.generation:
        meta.generation += 1
    return True, False


def _mark_as_deleting(meta: ObjectMeta, now: datetime) -> None:
    """``markAsDeleting``: deletionTimestamp now (never later), grace 0, generation once."""
    if meta.deletion_timestamp is None and meta.generation:
        meta.generation += 1
    if meta.deletion_timestamp is None or meta.deletion_timestamp > now:
        meta.deletion_timestamp = now
    meta.deletion_grace_period_seconds = 0


def _finalize(info: ResourceInfo, obj: K8sModel) -> K8sModel:
    """``finalizeDelete``: the deleted object, or ``Status{Success}`` with its details."""
    if info.return_deleted_object:
        return obj
    meta = meta_of(obj)
    details = StatusDetails(
        name=meta.name,
        group=info.group_resource.group or None,
        kind=info.plural,
        uid=meta.uid,
    )
    return Status(status="Success", details=details)


def _warn_on_default_orphan(
    state: ObjectStore, info: ResourceInfo, opts: DeleteOptions, default_policy: str
) -> None:
    """The Job REST ``Delete``/``DeleteCollection`` warning when Orphan is only the default."""
    explicit = opts.propagation_policy is not None or opts.orphan_dependents is not None
    if not explicit and default_policy == ORPHAN and info.plural == "jobs":
        state.warnings.append(JOB_DELETE_WARNING)


def _delete_namespace_content(state: ObjectStore, namespace: str, dry_run: bool) -> None:
    if dry_run:
        return
    for info in served():
        if info.namespaced:
            for obj in list(state.iter_namespace(info.plural, namespace)):
                state.remove(info.plural, obj)


def delete(
    state: ObjectStore,
    info: ResourceInfo,
    name: str,
    *,
    namespace: str,
    options: DeleteOptions | None,
    api_version: str | None = None,
    warn: bool = True,
) -> K8sModel:
    """Delete one object; return it if it still exists, else the deletion result."""
    opts = options if options is not None else DeleteOptions()
    default_policy = info.default_gc_policy(api_version)
    if warn:
        _warn_on_default_orphan(state, info, opts, default_policy)
    if info.plural == NAMESPACES and name in IMMORTAL_NAMESPACES:
        raise new_forbidden(info.group_resource, name, "this namespace may not be deleted")
    existing = state.lookup(info.plural, namespace, name)
    if existing is None:
        raise new_not_found(info.group_resource, name)
    validate_delete_options(opts)
    _check_preconditions(info, meta_of(existing), opts)
    dry_run = bool(opts.dry_run)
    now = state.clock.now_time()
    requested = opts.grace_period_seconds
    if requested is not None and requested < 0:
        requested = 1
    work = own(existing)
    graceful, pending = _before_delete(info, work, requested, now)
    if pending:
        return existing
    meta = meta_of(work)
    changed, finalizers = deletion_finalizers_for_gc(meta, opts, default_policy)
    current: K8sModel = existing
    if graceful or meta.finalizers or changed:
        if changed:
            meta.finalizers = finalizers or None
        if not graceful and meta.finalizers:
            _mark_as_deleting(meta, now)
        if graceful or meta.finalizers:
            if work != existing:
                if not dry_run:
                    state.modify(info.plural, work, existing)
                current = work
            if meta.finalizers or (graceful and meta.deletion_grace_period_seconds):
                return current
    if info.plural == NAMESPACES:
        _delete_namespace_content(state, name, dry_run)
    if not dry_run:
        state.remove(info.plural, current)
    return _finalize(info, current)


def delete_collection(
    state: ObjectStore,
    info: ResourceInfo,
    items: list[K8sModel],
    *,
    options: DeleteOptions | None,
    api_version: str | None = None,
) -> list[K8sModel]:
    """Delete every listed item with the same options; return them as they were before."""
    opts = options if options is not None else DeleteOptions()
    _warn_on_default_orphan(state, info, opts, info.default_gc_policy(api_version))
    for item in items:
        meta = meta_of(item)
        try:
            delete(
                state,
                info,
                meta.name or "",
                namespace=meta.namespace or "",
                options=opts.model_copy(),
                api_version=api_version,
                warn=False,
            )
        except APIError as err:
            if err.reason != "NotFound":
                raise
    return items
