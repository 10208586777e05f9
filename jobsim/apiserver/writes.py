"""Create, update and patch: the apiserver's write paths up to the commit.

Owns decoding a request body into the resource's model, and the steps upstream's
generic registry runs around a write, in upstream order:

* create (``Store.Create`` + ``rest.BeforeCreate``): namespace from the request,
  NamespaceLifecycle, system fields (uid, creationTimestamp), ``generateName`` with 8
  attempts, strategy ``prepare_for_create``/``validate``, generic ObjectMeta validation,
  warnings, "resourceVersion should not be set", AlreadyExists, dry run;
* update (``Store.Update`` + ``rest.BeforeUpdate``): name/namespace checks, uid
  precondition, optimistic concurrency, restored identity fields, stored status (main
  resource) or stored spec (``/status``), strategy hooks, validation,
  ``ShouldDeleteDuringUpdate``, and the no-op short-circuit (no new resourceVersion);
* patch (``handlers/patch.go``): ``jobsim.patching.apply_patch`` on the stored object's
  JSON, then the update path.

Imports layers 0/1 (``jobsim.api``, ``jobsim.errors``, ``jobsim.patching``) and the
apiserver's ``state``/``resources``; must not import the ``store`` facade.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from pydantic import ValidationError

from jobsim import patching
from jobsim.api import naming
from jobsim.api._base import K8sModel
from jobsim.api._object import APIObject
from jobsim.api.field import ErrorList
from jobsim.api.meta_v1 import ObjectMeta, Status
from jobsim.apiserver.resources import NAMESPACES, ResourceInfo
from jobsim.apiserver.state import ObjectStore, meta_of
from jobsim.decode_errors import cannot_handle, describe_validation_error, loose_field_error
from jobsim.errors import (
    APIError,
    GroupResource,
    from_status,
    new_already_exists,
    new_bad_request,
    new_forbidden,
    new_generate_name_conflict,
    new_invalid,
    new_not_found,
    new_optimistic_lock_conflict,
    new_storage_uid_precondition_conflict,
    new_unknown_error,
)

__all__ = [
    "MAX_NAME_GENERATION_ATTEMPTS",
    "create",
    "decode_body",
    "own",
    "patch",
    "storage_key",
    "update",
]

MAX_NAME_GENERATION_ATTEMPTS = 8
"""``maxNameGenerationCreateAttempts`` (apiserver ``registry/generic/registry/store.go``)."""

Subresource = Literal["", "status"]
_M = TypeVar("_M", bound=K8sModel)


_META_COLLECTIONS = ("labels", "annotations", "finalizers", "owner_references", "managed_fields")


def own(obj: _M) -> _M:
    """Return a shallow copy of ``obj`` with its own ``metadata`` copy, safe to modify.

    Empty metadata maps and lists become unset, as storing a built-in kind (protobuf in
    etcd) turns them into nil: ``annotations: {}`` is stored and served as no annotations,
    and writing it over an object without annotations changes nothing.
    """
    meta = meta_of(obj).model_copy()
    fields = meta.__dict__
    for name in _META_COLLECTIONS:
        value = fields[name]
        if value is not None and not value:
            fields[name] = None
    return obj.model_copy(update={"metadata": meta})


def storage_key(info: ResourceInfo, namespace: str, name: str) -> str:
    """The etcd key upstream names in storage errors (``/registry/jobs/default/x``)."""
    if info.namespaced:
        return f"/registry/{info.plural}/{namespace}/{name}"
    return f"/registry/{info.plural}/{name}"


def _decode_error(info: ResourceInfo, version: str, message: str) -> APIError:
    return new_bad_request(cannot_handle(info.kind, version, message))


def decode_body(info: ResourceInfo, body: K8sModel | Mapping[str, Any]) -> APIObject:
    """Decode a request body into the resource's model; 400 as the apiserver's decoder says.

    A dict without ``kind``/``apiVersion`` takes the resource's (as the URL supplies
    them); any served version is accepted and the object is stored at the preferred one.
    """
    preferred = info.versions[0]
    if isinstance(body, K8sModel):
        if not isinstance(body, info.model):
            found = type(body).__name__
            raise new_bad_request(
                f'{found} in version "{preferred}" cannot be handled as a {info.kind}'
            )
        api_version, kind = body.api_version or preferred, body.kind or info.kind
        obj: APIObject = body
    else:
        if not isinstance(body, Mapping):
            message = "json: cannot unmarshal array into Go value of type struct"
            raise _decode_error(info, preferred, message)
        data = dict(body)
        api_version = data.get("apiVersion") or preferred
        kind = data.get("kind") or info.kind
        data["apiVersion"], data["kind"] = preferred, info.kind
        version = str(api_version).rsplit("/", 1)[-1]
        try:
            obj = info.model.model_validate(data)
        except ValidationError as exc:
            message, _ = describe_validation_error(exc, info.model, data)
            raise _decode_error(info, version, message) from None
        strict = loose_field_error(obj, data)
        if strict is not None:
            raise _decode_error(info, version, strict[0])
    if api_version not in info.versions:
        raise new_bad_request(
            f"the API version in the data ({api_version}) does not match the expected "
            f"API version ({preferred})"
        )
    if kind != info.kind:
        raise new_bad_request(
            f'{kind} in version "{api_version.rsplit("/", 1)[-1]}" cannot be handled as a '
            f"{info.kind}: the kind in the data ({kind}) does not match the expected kind"
        )
    return obj


def _path_segment_name(name: str, prefix: bool) -> list[str]:
    """``path.ValidatePathSegmentName`` (apimachinery ``api/validate/content``)."""
    if not prefix and name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in ("/", "%") if c in name]


def _check_namespace_admission(state: ObjectStore, info: ResourceInfo, namespace: str) -> None:
    """NamespaceLifecycle admission: 404 for a missing namespace, 403 if it is terminating."""
    ns = state.lookup(NAMESPACES, "", namespace)
    if ns is None:
        raise new_not_found(GroupResource("", NAMESPACES), namespace)
    if meta_of(ns).deletion_timestamp is not None:
        raise new_forbidden(
            info.group_resource,
            "",
            f"unable to create new content in namespace {namespace} because it is being terminated",
        )


def _request_namespace(info: ResourceInfo, meta: ObjectMeta, namespace: str | None) -> str:
    """``EnsureObjectNamespaceMatchesRequestNamespace`` for create: the object's namespace."""
    if not info.namespaced:
        return ""
    request = namespace or meta.namespace or "default"
    if meta.namespace and meta.namespace != request:
        raise new_bad_request(
            "the namespace of the provided object does not match the namespace sent on the request"
        )
    return request


def create(
    state: ObjectStore,
    info: ResourceInfo,
    body: K8sModel | Mapping[str, Any],
    *,
    namespace: str | None,
    dry_run: bool,
) -> APIObject:
    """Create an object (``POST``); return the stored object (or the would-be one on dry run)."""
    decoded = decode_body(info, body)
    meta = meta_of(decoded)
    ns = _request_namespace(info, meta, namespace)
    if info.namespaced:
        _check_namespace_admission(state, info, ns)
    generated = bool(meta.generate_name) and not meta.name
    attempts = MAX_NAME_GENERATION_ATTEMPTS if generated else 1
    error: APIError | None = None
    for _ in range(attempts):
        obj = own(decoded)
        try:
            return _create_once(state, info, obj, ns, generated=generated, dry_run=dry_run)
        except APIError as err:
            if err.reason != "AlreadyExists":
                raise
            error = err
    assert error is not None
    raise error


def _create_once(
    state: ObjectStore,
    info: ResourceInfo,
    obj: APIObject,
    namespace: str,
    *,
    generated: bool,
    dry_run: bool,
) -> APIObject:
    meta = meta_of(obj)
    meta.namespace = namespace or None
    # WipeObjectMetaSystemFields + FillObjectMetaSystemFields, then the generated name.
    meta.self_link = None
    meta.deletion_timestamp = None
    meta.deletion_grace_period_seconds = None
    meta.uid = state.names.uid()
    meta.creation_timestamp = state.clock.now_time()
    if generated:
        meta.name = state.names.generate_name(meta.generate_name or "")
    obj.set_type_meta(info.versions[0])
    strategy = info.strategy
    strategy.prepare_for_create(obj)
    errs: ErrorList = strategy.validate(obj)
    if not errs:
        errs = naming.validate_object_meta(
            meta, namespaced=info.namespaced, name_fn=_path_segment_name
        )
    if errs:
        raise new_invalid(info.group_kind, meta.name or "", errs)
    warnings = strategy.warnings_on_create(obj)
    strategy.canonicalize(obj)
    if meta.resource_version:
        raise new_unknown_error("resourceVersion should not be set on objects to be created")
    name = meta.name or ""
    existing = state.lookup(info.plural, namespace, name)
    if existing is not None:
        being_deleted = meta_of(existing).deletion_timestamp is not None
        if generated:
            raise new_generate_name_conflict(info.group_resource, name)
        raise new_already_exists(info.group_resource, name, being_deleted=being_deleted)
    state.warnings.extend(warnings)
    if not dry_run:
        state.add(info.plural, obj)
    return obj


def _restore_field(obj: K8sModel, old: K8sModel, field: str) -> None:
    """Set ``obj.<field>`` to the stored value, keeping "was it set" as the stored object had."""
    obj.__dict__[field] = old.__dict__[field]
    if field in old.model_fields_set:
        obj.model_fields_set.add(field)
    else:
        obj.model_fields_set.discard(field)


def update(
    state: ObjectStore,
    info: ResourceInfo,
    body: K8sModel | Mapping[str, Any],
    *,
    name: str | None,
    namespace: str | None,
    subresource: Subresource = "",
    dry_run: bool = False,
) -> APIObject:
    """Update an object (``PUT``, main resource or ``/status``); return the stored result."""
    obj = own(decode_body(info, body))
    meta = meta_of(obj)
    url_name = name if name is not None else meta.name or ""
    if meta.name != url_name:
        raise new_bad_request(
            f"the name of the object ({meta.name or ''}) does not match the name on the URL "
            f"({url_name})"
        )
    ns = ""
    if info.namespaced:
        ns = namespace or meta.namespace or "default"
        if meta.namespace and meta.namespace != ns:
            raise new_bad_request(
                f"the namespace of the object ({meta.namespace}) does not match the namespace "
                f"on the request ({ns})"
            )
    meta.namespace = ns or None
    existing = state.lookup(info.plural, ns, url_name)
    if existing is None:
        raise new_not_found(info.group_resource, url_name)
    return _update_existing(state, info, obj, existing, subresource=subresource, dry_run=dry_run)


def _update_existing(
    state: ObjectStore,
    info: ResourceInfo,
    obj: APIObject,
    existing: K8sModel,
    *,
    subresource: Subresource,
    dry_run: bool,
) -> APIObject:
    meta, old = meta_of(obj), meta_of(existing)
    name = old.name or ""
    if meta.uid and meta.uid != old.uid:
        key = storage_key(info, old.namespace or "", name)
        raise new_storage_uid_precondition_conflict(
            info.group_resource, name, key, meta.uid, old.uid or ""
        )
    if not meta.resource_version:
        meta.resource_version = old.resource_version
    else:
        if not meta.resource_version.isdigit():
            raise new_unknown_error(
                f'strconv.ParseUint: parsing "{meta.resource_version}": invalid syntax'
            )
        if int(meta.resource_version) != int(old.resource_version or 0):
            raise new_optimistic_lock_conflict(info.group_resource, name)
        meta.resource_version = old.resource_version
    obj.set_type_meta(info.versions[0])
    # rest.BeforeUpdate
    meta.generation = old.generation
    strategy = info.strategy
    if subresource == "status":
        if info.has_spec:
            _restore_field(obj, existing, "spec")
        strategy.prepare_for_status_update(obj, existing)
    else:
        if info.has_status:
            _restore_field(obj, existing, "status")
        strategy.prepare_for_update(obj, existing)
    if not meta.uid:
        meta.uid = old.uid
    if old.creation_timestamp is not None:
        meta.creation_timestamp = old.creation_timestamp
    if old.deletion_timestamp is not None:
        meta.deletion_timestamp = old.deletion_timestamp
    if old.deletion_grace_period_seconds is not None and meta.deletion_grace_period_seconds is None:
        meta.deletion_grace_period_seconds = old.deletion_grace_period_seconds
    if meta == old:
        # Unchanged metadata (resourceVersion was set to the stored one above): the stored
        # object passed both checks when it was written, and their answer depends on the
        # metadata alone, so it is "no errors" again. Upstream re-runs them; same result.
        errs: ErrorList = []
    else:
        errs = naming.validate_object_meta(
            meta, namespaced=info.namespaced, name_fn=_path_segment_name
        )
        errs += naming.validate_object_meta_update(meta, old)
    if subresource == "status":
        errs += strategy.validate_status_update(obj, existing)
    else:
        errs += strategy.validate_update(obj, existing)
    if errs:
        raise new_invalid(info.group_kind, name, errs)
    # The status strategy embeds the main one upstream, so both warn (a status write keeps
    # the generation, which is what the Job strategy's warnings depend on).
    state.warnings.extend(strategy.warnings_on_update(obj, existing))
    if should_delete_during_update(meta, old):
        if not dry_run:
            state.remove(info.plural, existing)
        return obj
    if obj == existing:
        return existing
    if not dry_run:
        state.modify(info.plural, obj, existing)
    return obj


def should_delete_during_update(new: ObjectMeta, old: ObjectMeta) -> bool:
    """``ShouldDeleteDuringUpdate``: last finalizer gone from an object deleting with grace 0."""
    if new.finalizers:
        return False
    if old.deletion_timestamp is None:
        return False
    return not old.deletion_grace_period_seconds


def _patch_error(err: patching.PatchError) -> APIError:
    fields: dict[str, Any] = {"status": "Failure", "message": err.message, "code": err.code}
    if err.reason:
        fields["reason"] = err.reason
    if err.causes:
        fields["details"] = {"causes": list(err.causes)}
    return from_status(Status.model_validate(fields))


def patch(
    state: ObjectStore,
    info: ResourceInfo,
    name: str,
    body: Any,
    *,
    namespace: str | None,
    patch_type: str,
    subresource: Subresource = "",
    dry_run: bool = False,
) -> APIObject:
    """Patch an object (``PATCH``): apply the patch to the stored JSON, then update."""
    ns = (namespace or "default") if info.namespaced else ""
    existing = state.lookup(info.plural, ns, name)
    if existing is None:
        raise new_not_found(info.group_resource, name)
    try:
        patched = patching.apply_patch(existing.to_dict(), body, patch_type, kind=info.kind)
    except patching.PatchError as err:
        raise _patch_error(err) from None
    obj = own(decode_body(info, patched))
    meta = meta_of(obj)
    if meta.name != name:
        raise new_bad_request(
            f"the name of the object ({meta.name or ''}) does not match the name on the URL "
            f"({name})"
        )
    if info.namespaced and meta.namespace != ns:
        raise new_bad_request(
            f"the namespace of the object ({meta.namespace or ''}) does not match the namespace "
            f"on the request ({ns})"
        )
    return _update_existing(state, info, obj, existing, subresource=subresource, dry_run=dry_run)
