"""Strategic-merge-patch metadata for the kinds jobsim serves: Job, Pod, Event, Namespace.

Owns the table of ``patchStrategy``/``patchMergeKey`` struct tags that upstream's strategic merge
patch reads by reflection (``LookupPatchMetadataForStruct``/``...ForSlice``). A ``PatchSchema`` is
one Go struct: its JSON field names map to a ``PatchMeta`` (strategies, merge key, and the schema of
the field's value, or of the list element for a list). Fields that are not listed behave as an
untagged Go field does: objects merge key by key, lists are replaced whole (atomic).

Sources (struct tags): ``k8s.io/api/core/v1/types.go`` (PodSpec, Container, EphemeralContainer,
PodStatus, NamespaceStatus), ``k8s.io/api/batch/v1/types.go`` (JobStatus), and
``k8s.io/apimachinery/pkg/apis/meta/v1/types.go`` (ObjectMeta). Notably atomic (no tag):
``tolerations``, ``readinessGates``, ``args``/``command``, ``envFrom``, ``containerStatuses`` and
the other container-status lists, Namespace ``spec.finalizers``, Job ``podFailurePolicy.rules``,
``successPolicy.rules`` and ``uncountedTerminatedPods``.

A Job's ``spec.template`` is the same ``PodTemplateSpec`` schema, so ``spec.template.spec`` reuses
the Pod spec table.

Layer 1. Must not import anything from jobsim.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

__all__ = [
    "EMPTY_SCHEMA",
    "STRATEGIC_KINDS",
    "PatchMeta",
    "PatchSchema",
    "strategic_schema",
]


@dataclass(frozen=True)
class PatchSchema:
    """One Go struct's patch metadata, keyed by JSON field name."""

    name: str
    fields: Mapping[str, PatchMeta] = field(default_factory=lambda: MappingProxyType({}))

    def lookup(self, key: str) -> tuple[PatchSchema, PatchMeta]:
        """The schema of ``key``'s value (element, for lists) and its patch metadata."""
        meta = self.fields.get(key, _DEFAULT_META)
        return meta.schema, meta


EMPTY_SCHEMA: Final = PatchSchema("")
"""An untagged struct or map: every field merges by default."""


@dataclass(frozen=True)
class PatchMeta:
    """A field's ``patchStrategy`` values, ``patchMergeKey`` and value (or element) schema."""

    strategies: tuple[str, ...] = ()
    merge_key: str = ""
    schema: PatchSchema = EMPTY_SCHEMA

    @property
    def patch_strategy(self) -> str:
        """The strategy without ``retainKeys`` (``extractRetainKeysPatchStrategy``)."""
        rest = [s for s in self.strategies if s != "retainKeys"]
        return rest[0] if rest else ""


_DEFAULT_META: Final = PatchMeta()


def _struct(name: str, **fields: PatchMeta) -> PatchSchema:
    return PatchSchema(name, MappingProxyType(dict(fields)))


def _merge(merge_key: str = "", schema: PatchSchema = EMPTY_SCHEMA) -> PatchMeta:
    return PatchMeta(("merge",), merge_key, schema)


def _merge_retain(merge_key: str, schema: PatchSchema = EMPTY_SCHEMA) -> PatchMeta:
    return PatchMeta(("merge", "retainKeys"), merge_key, schema)


def _nested(schema: PatchSchema) -> PatchMeta:
    return PatchMeta((), "", schema)


OBJECT_META: Final = _struct(
    "ObjectMeta",
    finalizers=_merge(),  # []string, patchStrategy:"merge": a set of primitives
    ownerReferences=_merge("uid"),
)

_CONTAINER_FIELDS: Final = {
    "ports": _merge("containerPort"),
    "env": _merge("name"),
    "volumeMounts": _merge("mountPath"),
    "volumeDevices": _merge("devicePath"),
}
CONTAINER: Final = _struct("Container", **_CONTAINER_FIELDS)
EPHEMERAL_CONTAINER: Final = _struct("EphemeralContainer", **_CONTAINER_FIELDS)

POD_SPEC: Final = _struct(
    "PodSpec",
    volumes=_merge_retain("name"),
    initContainers=_merge("name", CONTAINER),
    containers=_merge("name", CONTAINER),
    ephemeralContainers=_merge("name", EPHEMERAL_CONTAINER),
    imagePullSecrets=_merge("name"),
    hostAliases=_merge("ip"),
    topologySpreadConstraints=_merge("topologyKey"),
    schedulingGates=_merge("name"),
    resourceClaims=_merge_retain("name"),
)

POD_STATUS: Final = _struct(
    "PodStatus",
    conditions=_merge("type"),
    podIPs=_merge("ip"),
    hostIPs=_merge("ip"),
    resourceClaimStatuses=_merge_retain("name"),
)

POD: Final = _struct(
    "Pod", metadata=_nested(OBJECT_META), spec=_nested(POD_SPEC), status=_nested(POD_STATUS)
)

POD_TEMPLATE_SPEC: Final = _struct(
    "PodTemplateSpec", metadata=_nested(OBJECT_META), spec=_nested(POD_SPEC)
)

JOB_SPEC: Final = _struct("JobSpec", template=_nested(POD_TEMPLATE_SPEC))
JOB_STATUS: Final = _struct("JobStatus", conditions=_merge("type"))
JOB: Final = _struct(
    "Job", metadata=_nested(OBJECT_META), spec=_nested(JOB_SPEC), status=_nested(JOB_STATUS)
)

NAMESPACE: Final = _struct(
    "Namespace",
    metadata=_nested(OBJECT_META),
    status=_nested(_struct("NamespaceStatus", conditions=_merge("type"))),
)

EVENT: Final = _struct("Event", metadata=_nested(OBJECT_META))

_BY_KIND: Final[Mapping[str, PatchSchema]] = MappingProxyType(
    {"Job": JOB, "Pod": POD, "Event": EVENT, "Namespace": NAMESPACE}
)

STRATEGIC_KINDS: Final = frozenset(_BY_KIND)
"""Kinds that accept ``application/strategic-merge-patch+json``."""


def strategic_schema(kind: str) -> PatchSchema:
    """The strategic-merge-patch schema of ``kind``; ``KeyError`` for a kind jobsim lacks."""
    return _BY_KIND[kind]
