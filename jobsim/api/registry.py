"""Which model serves which ``(apiVersion, kind)`` and which resource name; decoding of documents.

Owns the kind registry (``batch/v1`` and ``batch/v2alpha1`` Job/JobList; ``v1``
Pod/PodList/Event/EventList/Namespace/NamespaceList), lookup by resource name
(``"jobs"``, ``"pods"``, ...), and ``load_object``, which turns a decoded JSON/YAML
document into its model with the apiserver decoder's errors for a missing or
unknown kind. Must not import anything above layer 0 (no store, no scenario code).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from jobsim.api._object import APIList, APIObject, TypedObject
from jobsim.api.batch_v1 import Job, JobList
from jobsim.api.core_v1 import Event, EventList, Namespace, NamespaceList, Pod, PodList

__all__ = [
    "MissingKindError",
    "MissingVersionError",
    "UnknownKindError",
    "UnknownResourceError",
    "api_resources",
    "find_resource",
    "list_model_for",
    "load_object",
    "model_for",
    "model_for_resource",
    "served_versions",
]

_SERVED: dict[type[APIObject], tuple[str, ...]] = {
    Job: ("batch/v1", "batch/v2alpha1"),
    Pod: ("v1",),
    Event: ("v1",),
    Namespace: ("v1",),
}
"""Every served kind with its apiVersions, preferred first (v2alpha1: the 2016 seed API)."""

_LISTS: dict[type[APIObject], type[APIList]] = {
    Job: JobList,
    Pod: PodList,
    Event: EventList,
    Namespace: NamespaceList,
}

_BY_GVK: dict[tuple[str, str], type[TypedObject]] = {}
for _model, _versions in _SERVED.items():
    for _version in _versions:
        _BY_GVK[(_version, _model.object_kind)] = _model
        _BY_GVK[(_version, _LISTS[_model].object_kind)] = _LISTS[_model]

_BY_RESOURCE: dict[str, type[APIObject]] = {model.plural: model for model in _SERVED}

_MAX_DATA_IN_MESSAGE = 200


def _go_quote(text: str) -> str:
    """Quote like Go's ``%q`` for the printable strings that appear in kinds and versions."""
    return json.dumps(text, ensure_ascii=False)


def _excerpt(data: Mapping[str, Any]) -> str:
    """Return the document as compact JSON, shortened, for decoder error messages."""
    try:
        text = json.dumps(data, separators=(",", ":"), ensure_ascii=False, default=str)
    except (TypeError, ValueError):
        text = repr(data)
    if len(text) > _MAX_DATA_IN_MESSAGE:
        text = text[:_MAX_DATA_IN_MESSAGE] + "..."
    return text


class UnknownKindError(ValueError):
    """No model serves this ``(apiVersion, kind)`` (apimachinery ``NoKindMatchError``)."""

    def __init__(self, api_version: str, kind: str) -> None:
        self.api_version = api_version
        self.kind = kind
        super().__init__(
            f"no matches for kind {_go_quote(kind)} in version {_go_quote(api_version)}"
        )


class MissingKindError(ValueError):
    """The document has no (or an empty) ``kind`` (apimachinery ``missingKindErr``)."""

    def __init__(self, data: str) -> None:
        self.data = data
        super().__init__(f"Object 'Kind' is missing in '{data}'")


class MissingVersionError(ValueError):
    """The document has no (or an empty) ``apiVersion`` (apimachinery ``missingVersionErr``)."""

    def __init__(self, data: str) -> None:
        self.data = data
        super().__init__(f"Object 'apiVersion' is missing in '{data}'")


class UnknownResourceError(LookupError):
    """No served resource has this name (kubectl: ``the server doesn't have a resource type``)."""

    def __init__(self, resource: str) -> None:
        self.resource = resource
        super().__init__(f'the server doesn\'t have a resource type "{resource}"')


def model_for(api_version: str, kind: str) -> type[TypedObject]:
    """Return the model serving ``(apiVersion, kind)``; raise ``UnknownKindError`` otherwise."""
    try:
        return _BY_GVK[(api_version, kind)]
    except KeyError:
        raise UnknownKindError(api_version, kind) from None


def model_for_resource(plural: str) -> type[APIObject]:
    """Return the model of a resource by its plural name (``"jobs"`` -> ``Job``)."""
    try:
        return _BY_RESOURCE[plural]
    except KeyError:
        raise UnknownResourceError(plural) from None


def find_resource(name: str) -> type[APIObject]:
    """Resolve a kubectl-style resource name: plural, singular, short name or kind, any case."""
    wanted = name.lower()
    for model in _SERVED:
        names = (model.plural, model.singular, model.object_kind.lower(), *model.short_names)
        if wanted in names:
            return model
    raise UnknownResourceError(name)


def list_model_for(model: type[APIObject]) -> type[APIList]:
    """Return the ``<Kind>List`` model of a served kind."""
    return _LISTS[model]


def served_versions(model: type[APIObject]) -> tuple[str, ...]:
    """Return the apiVersions a kind is served at, preferred first."""
    return _SERVED[model]


def api_resources() -> tuple[type[APIObject], ...]:
    """Return every served kind, in registration order."""
    return tuple(_SERVED)


def _type_meta_field(data: Mapping[str, Any], key: str) -> str:
    """Read ``kind``/``apiVersion`` the way Go decodes them: missing or null is ``""``."""
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        json_type = {bool: "bool", int: "number", float: "number", list: "array", dict: "object"}
        found = json_type.get(type(value), type(value).__name__)
        raise ValueError(
            f"json: cannot unmarshal {found} into Go struct field .{key} of type string"
        )
    return value


def load_object(data: Mapping[str, Any]) -> TypedObject:
    """Validate a decoded document into the model its ``apiVersion``/``kind`` name.

    Raises ``MissingKindError``/``MissingVersionError`` (kind is checked first, as
    the apiserver's JSON decoder does), ``UnknownKindError``, or pydantic's
    ``ValidationError`` for a field error (``extra_forbidden``, wrong type, ...).
    """
    if not isinstance(data, Mapping):
        found = "array" if isinstance(data, list) else type(data).__name__
        raise ValueError(f"json: cannot unmarshal {found} into Go value of type struct")
    kind = _type_meta_field(data, "kind")
    if not kind:
        raise MissingKindError(_excerpt(data))
    api_version = _type_meta_field(data, "apiVersion")
    if not api_version:
        raise MissingVersionError(_excerpt(data))
    model = model_for(api_version, kind)
    return model.model_validate(dict(data))
