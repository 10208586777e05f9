"""meta/v1 models: ObjectMeta, ListMeta, OwnerReference, LabelSelector, Status, WatchEvent, ...

Owns the shapes of ``k8s.io/apimachinery/pkg/apis/meta/v1`` that jobsim reads
and writes. Pure data: no validation rules beyond types (those live in
``jobsim.api.validation``), no store, no simpy.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import Field

from jobsim.api._base import Int32, Int64, K8sModel, Time

__all__ = [
    "APIResource",
    "DeleteOptions",
    "LabelSelector",
    "LabelSelectorRequirement",
    "ListMeta",
    "ManagedFieldsEntry",
    "ObjectMeta",
    "OwnerReference",
    "Preconditions",
    "Status",
    "StatusCause",
    "StatusDetails",
    "WatchEvent",
]


class OwnerReference(K8sModel):
    """``metav1.OwnerReference``: who owns an object, for garbage collection and adoption."""

    api_version: str
    kind: str
    name: str
    uid: str
    controller: bool | None = None
    block_owner_deletion: bool | None = None


class ManagedFieldsEntry(K8sModel):
    """``metav1.ManagedFieldsEntry``: kept verbatim; jobsim does not track field managers."""

    model_config = {"extra": "allow"}

    manager: str | None = None
    operation: str | None = None
    api_version: str | None = None
    time: Time | None = None
    fields_type: str | None = None
    fields_v1: dict[str, Any] | None = Field(default=None, alias="fieldsV1")
    subresource: str | None = None


class ObjectMeta(K8sModel):
    """``metav1.ObjectMeta``: name, namespace, labels, and the fields the server sets."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"creationTimestamp"})
    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"generation"})

    name: str | None = None
    generate_name: str | None = None
    namespace: str | None = None
    self_link: str | None = None
    uid: str | None = None
    resource_version: str | None = None
    generation: Int64 | None = None
    creation_timestamp: Time | None = None
    deletion_timestamp: Time | None = None
    deletion_grace_period_seconds: Int64 | None = None
    labels: dict[str, str] | None = None
    annotations: dict[str, str] | None = None
    owner_references: list[OwnerReference] | None = None
    finalizers: list[str] | None = None
    managed_fields: list[ManagedFieldsEntry] | None = None

    def controller_ref(self) -> OwnerReference | None:
        """Return the owner reference with ``controller: true`` (``metav1.GetControllerOf``)."""
        for ref in self.owner_references or ():
            if ref.controller:
                return ref
        return None


class ListMeta(K8sModel):
    """``metav1.ListMeta``: the resourceVersion of a list and paging tokens."""

    self_link: str | None = None
    resource_version: str | None = None
    continue_: str | None = Field(default=None, alias="continue")
    remaining_item_count: Int64 | None = None


class LabelSelectorRequirement(K8sModel):
    """``metav1.LabelSelectorRequirement``: ``key`` ``operator`` ``values``."""

    key: str
    operator: str
    values: list[str] | None = None


class LabelSelector(K8sModel):
    """``metav1.LabelSelector``: matchLabels AND matchExpressions."""

    match_labels: dict[str, str] | None = None
    match_expressions: list[LabelSelectorRequirement] | None = None


class StatusCause(K8sModel):
    """``metav1.StatusCause``: one reason an operation failed, with the field it concerns."""

    reason: str | None = None
    message: str | None = None
    field: str | None = None


class StatusDetails(K8sModel):
    """``metav1.StatusDetails``: which object an error is about, and its causes."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"retryAfterSeconds"})

    name: str | None = None
    group: str | None = None
    kind: str | None = None
    uid: str | None = None
    causes: list[StatusCause] | None = None
    retry_after_seconds: Int32 | None = None


class Status(K8sModel):
    """``metav1.Status``: the body of every API error, and of some successful deletes."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"code"})

    kind: Literal["Status"] = "Status"
    api_version: Literal["v1"] = "v1"
    metadata: ListMeta = Field(default_factory=ListMeta)
    status: str | None = None
    message: str | None = None
    reason: str | None = None
    details: StatusDetails | None = None
    code: Int32 | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the Status as the apiserver writes it (``kind``, ``apiVersion``, ``metadata``)."""
        data = self.model_dump(mode="json", by_alias=True, exclude_unset=False)
        return data


class Preconditions(K8sModel):
    """``metav1.Preconditions``: a delete goes ahead only if uid/resourceVersion match."""

    uid: str | None = None
    resource_version: str | None = None


class DeleteOptions(K8sModel):
    """``metav1.DeleteOptions``: grace period, preconditions and propagation policy."""

    kind: str | None = None
    api_version: str | None = None
    grace_period_seconds: Int64 | None = None
    preconditions: Preconditions | None = None
    orphan_dependents: bool | None = None
    propagation_policy: str | None = None
    dry_run: list[str] | None = None
    ignore_store_read_error_with_cluster_breaking_potential: bool | None = None


class WatchEvent(K8sModel):
    """``metav1.WatchEvent``: one line of a watch stream, ``{"type": ..., "object": ...}``."""

    type: str
    object: dict[str, Any]


class APIResource(K8sModel):
    """``metav1.APIResource``: one entry of a discovery resource list."""

    name: str
    singular_name: str
    namespaced: bool
    kind: str
    verbs: list[str]
    group: str | None = None
    version: str | None = None
    short_names: list[str] | None = None
    categories: list[str] | None = None
