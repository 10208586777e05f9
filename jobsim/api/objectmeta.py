"""ObjectMeta validation with the apiserver's exact messages.

Owns the ObjectMeta rules of ``pkg/api/validation/objectmeta.go`` and
``pkg/apis/meta/v1/validation`` (labels, annotations, owner references, finalizers, managed
fields, and the create and update checks ``validate_object_meta`` /
``validate_object_meta_update``). It returns ``FieldError`` lists that callers turn into an
Invalid ``Status``.

Must not import anything above layer 0 (no store, no errors module, no logging); it uses
``jobsim.api.content`` and ``jobsim.api.dns_names`` for the string checks.

Map-valued fields are checked in insertion order (Go iterates maps in random order, so any
order is faithful; this one is reproducible).

Sources: kubernetes ``staging/src/k8s.io/apimachinery/pkg/api/validation/objectmeta.go``,
``pkg/apis/meta/v1/validation/validation.go``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from jobsim.api.content import byte_len, is_label_key, is_label_value
from jobsim.api.dns_names import ValidateNameFunc, name_is_dns_subdomain, validate_namespace_name
from jobsim.api.field import ErrorList, Path, forbidden, invalid, required, too_long
from jobsim.api.gofmt import go_quote
from jobsim.api.meta_v1 import ManagedFieldsEntry, ObjectMeta, OwnerReference

__all__ = [
    "FIELD_IMMUTABLE_ERROR_MSG",
    "FIELD_MANAGER_MAX_LENGTH",
    "FINALIZER_DELETE_DEPENDENTS",
    "FINALIZER_ORPHAN_DEPENDENTS",
    "MAX_SUBRESOURCE_NAME_LENGTH",
    "TOTAL_ANNOTATION_SIZE_LIMIT_B",
    "validate_annotations",
    "validate_finalizers",
    "validate_immutable_field",
    "validate_labels",
    "validate_managed_fields",
    "validate_no_new_finalizers",
    "validate_object_meta",
    "validate_object_meta_update",
    "validate_owner_references",
]

TOTAL_ANNOTATION_SIZE_LIMIT_B: Final = 256 * (1 << 10)
FIELD_MANAGER_MAX_LENGTH: Final = 128
MAX_SUBRESOURCE_NAME_LENGTH: Final = 256
FIELD_IMMUTABLE_ERROR_MSG: Final = "field is immutable"
FINALIZER_ORPHAN_DEPENDENTS: Final = "orphan"
FINALIZER_DELETE_DEPENDENTS: Final = "foregroundDeletion"


def validate_labels(labels: Mapping[str, str] | None, path: Path) -> ErrorList:
    """``ValidateLabels``: each key a qualified name, each value a label value (path: the map)."""
    errs: ErrorList = []
    for key, value in (labels or {}).items():
        key_msgs = is_label_key(key)
        if key_msgs:
            errs.extend(invalid(path, key, msg) for msg in key_msgs)
        value_msgs = is_label_value(value)
        if value_msgs:
            errs.extend(invalid(path, value, msg) for msg in value_msgs)
    return errs


def validate_annotations(annotations: Mapping[str, str] | None, path: Path) -> ErrorList:
    """``ValidateAnnotations``: keys are qualified names (case-insensitive); total ≤ 256 KiB."""
    annotations = annotations or {}
    errs: ErrorList = []
    for key in annotations:
        errs.extend(invalid(path, key, msg) for msg in is_label_key(key.lower()))
    total = sum(byte_len(k) + byte_len(v) for k, v in annotations.items())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT_B:
        errs.append(too_long(path, "", TOTAL_ANNOTATION_SIZE_LIMIT_B))
    return errs


def _validate_owner_reference(ref: OwnerReference, path: Path) -> ErrorList:
    errs: ErrorList = []
    group, version = "", ""
    if not ref.api_version:
        errs.append(required(path.child("apiVersion"), "must not be empty"))
    else:
        parts = ref.api_version.split("/")
        if len(parts) <= 2:
            group, version = (parts[0], parts[1]) if len(parts) == 2 else ("", parts[0])
        if not version:
            errs.append(
                invalid(
                    path.child("apiVersion"),
                    ref.api_version,
                    "must be <group>/<version> or <version>",
                )
            )
    for name in ("kind", "name", "uid"):
        if not getattr(ref, name):
            errs.append(required(path.child(name), "must not be empty"))
    if (group, version, ref.kind) == ("", "v1", "Event"):  # metav1 BannedOwners
        errs.append(
            invalid(
                path, ref, f"{group}/{version}, Kind={ref.kind} is disallowed from being an owner"
            )
        )
    return errs


def validate_owner_references(refs: Sequence[OwnerReference] | None, path: Path) -> ErrorList:
    """``ValidateOwnerReferences``: required fields per reference, at most one controller."""
    errs: ErrorList = []
    first_controller = ""
    for i, ref in enumerate(refs or ()):
        errs.extend(_validate_owner_reference(ref, path.index(i)))
        if ref.controller:
            current = f"{ref.kind}/{ref.name}"
            if first_controller:
                errs.append(
                    invalid(
                        path,
                        list(refs or ()),
                        "Only one reference can have Controller set to true. "
                        f'Found "true" in references for {first_controller} and {current}',
                    )
                )
            else:
                first_controller = current
    return errs


def validate_finalizers(finalizers: Sequence[str] | None, path: Path) -> ErrorList:
    """``ValidateFinalizers``: qualified names; not both ``orphan`` and ``foregroundDeletion``."""
    finalizers = list(finalizers or ())
    errs: ErrorList = []
    for finalizer in finalizers:
        msgs = is_label_key(finalizer)
        if msgs:
            errs.extend(invalid(path, finalizer, msg) for msg in msgs)
    if FINALIZER_ORPHAN_DEPENDENTS in finalizers and FINALIZER_DELETE_DEPENDENTS in finalizers:
        detail = (
            f"finalizer {FINALIZER_ORPHAN_DEPENDENTS} and {FINALIZER_DELETE_DEPENDENTS} "
            "cannot be both set"
        )
        errs.append(invalid(path, finalizers, detail))
    return errs


def validate_no_new_finalizers(
    new: Sequence[str] | None, old: Sequence[str] | None, path: Path
) -> ErrorList:
    """``ValidateNoNewFinalizers``: once deleting, finalizers may only be removed."""
    extra = sorted(set(new or ()) - set(old or ()))
    if not extra:
        return []
    go_syntax = "[]string{" + ", ".join(go_quote(f) for f in extra) + "}"
    return [
        forbidden(
            path,
            f"no new finalizers can be added if the object is being deleted, "
            f"found new finalizers {go_syntax}",
        )
    ]


def validate_immutable_field(new: Any, old: Any, path: Path) -> ErrorList:
    """``ValidateImmutableField``: ``Invalid value: <new>: field is immutable`` if changed."""
    return [] if new == old else [invalid(path, new, FIELD_IMMUTABLE_ERROR_MSG)]


def validate_managed_fields(entries: Sequence[ManagedFieldsEntry] | None, path: Path) -> ErrorList:
    """``ValidateManagedFields``: operation ``Apply``/``Update``, type ``FieldsV1``, sizes."""
    errs: ErrorList = []
    for i, entry in enumerate(entries or ()):
        item = path.index(i)
        if entry.operation not in ("Apply", "Update"):
            errs.append(
                invalid(
                    item.child("operation"), entry.operation or "", "must be `Apply` or `Update`"
                )
            )
        if entry.fields_type and entry.fields_type != "FieldsV1":
            errs.append(invalid(item.child("fieldsType"), entry.fields_type, "must be `FieldsV1`"))
        manager = entry.manager or ""
        if byte_len(manager) > FIELD_MANAGER_MAX_LENGTH:
            errs.append(too_long(item.child("manager"), manager, FIELD_MANAGER_MAX_LENGTH))
        position = 0
        for ch in manager:
            if not ch.isprintable():
                detail = f"invalid character U+{ord(ch):04X} (at position {position})"
                errs.append(invalid(item.child("manager"), manager, detail))
            position += byte_len(ch)
        if byte_len(entry.subresource or "") > MAX_SUBRESOURCE_NAME_LENGTH:
            errs.append(
                too_long(item.child("subresource"), entry.subresource, MAX_SUBRESOURCE_NAME_LENGTH)
            )
    return errs


def validate_object_meta(
    meta: ObjectMeta,
    *,
    namespaced: bool,
    name_fn: ValidateNameFunc = name_is_dns_subdomain,
    path: Path | None = None,
) -> ErrorList:
    """``ValidateObjectMeta`` on create (after name generation): name, namespace, labels, ..."""
    path = path or Path("metadata")
    errs: ErrorList = []
    if meta.generate_name:
        errs.extend(
            invalid(path.child("generateName"), meta.generate_name, msg)
            for msg in name_fn(meta.generate_name, True)
        )
    if not meta.name:
        errs.append(required(path.child("name"), "name or generateName is required"))
    else:
        errs.extend(
            invalid(path.child("name"), meta.name, msg) for msg in name_fn(meta.name, False)
        )
    if namespaced:
        if not meta.namespace:
            errs.append(required(path.child("namespace")))
        else:
            errs.extend(
                invalid(path.child("namespace"), meta.namespace, msg)
                for msg in validate_namespace_name(meta.namespace, False)
            )
    elif meta.namespace:
        errs.append(forbidden(path.child("namespace"), "not allowed on this type"))
    generation = meta.generation or 0
    if generation < 0:
        errs.append(
            invalid(path.child("generation"), generation, "must be greater than or equal to 0")
        )
    # Empty fields cannot fail: their child paths are only built when there is something to check.
    if meta.labels:
        errs.extend(validate_labels(meta.labels, path.child("labels")))
    if meta.annotations:
        errs.extend(validate_annotations(meta.annotations, path.child("annotations")))
    if meta.owner_references:
        errs.extend(validate_owner_references(meta.owner_references, path.child("ownerReferences")))
    if meta.finalizers:
        errs.extend(validate_finalizers(meta.finalizers, path.child("finalizers")))
    if meta.managed_fields:
        errs.extend(validate_managed_fields(meta.managed_fields, path.child("managedFields")))
    return errs


def validate_object_meta_update(
    new: ObjectMeta, old: ObjectMeta, path: Path | None = None
) -> ErrorList:
    """``ValidateObjectMetaUpdate``: immutable identity fields, generation, finalizers, ..."""
    path = path or Path("metadata")
    errs: ErrorList = []
    if old.deletion_timestamp is not None:
        errs.extend(
            validate_no_new_finalizers(new.finalizers, old.finalizers, path.child("finalizers"))
        )
    if not new.resource_version:
        errs.append(invalid(path.child("resourceVersion"), "", "must be specified for an update"))
    if (new.generation or 0) < (old.generation or 0):
        errs.append(
            invalid(path.child("generation"), new.generation or 0, "must not be decremented")
        )
    for attr, alias in _IMMUTABLE_META_FIELDS:
        new_value, old_value = _meta_value(new, attr), _meta_value(old, attr)
        if new_value != old_value:
            errs.extend(validate_immutable_field(new_value, old_value, path.child(alias)))
    if new.labels:
        errs.extend(validate_labels(new.labels, path.child("labels")))
    if new.annotations:
        errs.extend(validate_annotations(new.annotations, path.child("annotations")))
    if new.owner_references:
        errs.extend(validate_owner_references(new.owner_references, path.child("ownerReferences")))
    if new.managed_fields:
        errs.extend(validate_managed_fields(new.managed_fields, path.child("managedFields")))
    return errs


_IMMUTABLE_META_FIELDS: Final = (
    ("name", "name"),
    ("namespace", "namespace"),
    ("uid", "uid"),
    ("creation_timestamp", "creationTimestamp"),
    ("deletion_timestamp", "deletionTimestamp"),
    ("deletion_grace_period_seconds", "deletionGracePeriodSeconds"),
)

_STRING_META_FIELDS: Final = frozenset({"name", "namespace", "uid"})


def _meta_value(meta: ObjectMeta, attr: str) -> Any:
    """The Go value of a meta field: unset strings are ``""``; pointers and times stay ``None``."""
    value = getattr(meta, attr)
    if value is None and attr in _STRING_META_FIELDS:
        return ""
    return value
