"""Shared bases of the core/v1 and batch/v1 models: Go struct semantics and per-kind metadata.

Owns:

* ``GoStruct`` -- a ``K8sModel`` that follows two more Go JSON rules:

  - fields Go always writes (non-pointer, no ``omitempty``) and that the server
    fills in (``ContainerStatus.restartCount``, ``ContainerStateTerminated.exitCode``,
    ...) are listed in ``__always_written__`` and count as *set* from construction;
  - a non-pointer struct or list field that was not in the input (so it is
    omitted, to keep round-trips exact) is still written once code has filled it
    in place (``job.status.active = 1`` on a parsed manifest without ``status``),
    instead of being silently dropped by ``exclude_unset``.

* ``TypedObject`` / ``APIObject`` / ``APIList`` -- ``kind``/``apiVersion`` fields and
  class-level kind metadata (``Job.plural == "jobs"``), as lightkube and kr8s do.

Must not import anything from jobsim except ``jobsim.api._base`` and ``jobsim.api.meta_v1``.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal, Self

from pydantic import (
    SerializationInfo,
    SerializerFunctionWrapHandler,
    TypeAdapter,
    model_serializer,
)

from jobsim.api._base import K8sModel

__all__ = ["APIList", "APIObject", "GoStruct", "TypedObject"]


class GoStruct(K8sModel):
    """A ``K8sModel`` with Go's always-written fields and in-place-filled struct defaults."""

    __always_written__: ClassVar[frozenset[str]] = frozenset()
    """Python names of fields the apiserver always writes (Go non-pointer, no ``omitempty``)."""

    __filled_defaults__: ClassVar[dict[str, TypeAdapter[Any]]] = {}
    """Fields with a ``default_factory`` (Go non-pointer structs, lists), with their adapters."""

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls.__filled_defaults__ = {
            name: TypeAdapter(info.annotation)
            for name, info in cls.model_fields.items()
            if info.default_factory is not None and info.annotation is not None
        }

    def model_post_init(self, context: Any, /) -> None:
        """Mark the always-written fields as set, so they are serialized like Go does."""
        if self.__always_written__:
            self.__pydantic_fields_set__.update(self.__always_written__)

    @model_serializer(mode="wrap")
    def _go_json(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = K8sModel._go_json(self, handler, info)
        if not isinstance(data, dict) or not info.exclude_unset:
            return data
        mode: Literal["json", "python"] = "json" if info.mode_is_json() else "python"
        filled: dict[str, Any] = {}
        for name, adapter in self.__filled_defaults__.items():
            if name in self.model_fields_set:
                continue
            dumped = adapter.dump_python(
                getattr(self, name),
                mode=mode,
                by_alias=bool(info.by_alias),
                exclude_unset=True,
            )
            if dumped:
                filled[name] = dumped
        if not filled:
            return data
        out: dict[str, Any] = {}
        for name, field in type(self).model_fields.items():
            key = (field.alias or name) if info.by_alias else name
            if key in data:
                out[key] = data[key]
            elif name in filled:
                out[key] = filled[name]
        return out


class TypedObject(GoStruct):
    """A document with ``kind`` and ``apiVersion`` (Go ``metav1.TypeMeta``, both ``omitempty``)."""

    __omit_zero__: ClassVar[frozenset[str]] = frozenset({"kind", "apiVersion"})

    group: ClassVar[str]
    """API group (``""`` for the core group)."""
    version: ClassVar[str]
    """Preferred (storage) version, e.g. ``"v1"``."""
    group_version: ClassVar[str]
    """``apiVersion`` written by the server, e.g. ``"batch/v1"`` or ``"v1"``."""
    object_kind: ClassVar[str]
    """The ``kind`` of this model (a ClassVar: ``kind`` itself is the instance field)."""

    kind: str = ""
    api_version: str = ""

    def set_type_meta(self, api_version: str | None = None) -> Self:
        """Set ``kind`` and ``apiVersion`` (default: preferred), like ``SetGroupVersionKind``."""
        self.kind = self.object_kind
        self.api_version = api_version if api_version is not None else self.group_version
        return self


class APIObject(TypedObject):
    """A top-level kind served by the API, with its resource names (``Job.plural == "jobs"``)."""

    plural: ClassVar[str]
    singular: ClassVar[str]
    namespaced: ClassVar[bool]
    short_names: ClassVar[tuple[str, ...]] = ()
    categories: ClassVar[tuple[str, ...]] = ()
    list_kind: ClassVar[str]


class APIList(TypedObject):
    """A ``<Kind>List`` document: ``metadata`` (ListMeta) and ``items``, both always written."""

    __always_written__: ClassVar[frozenset[str]] = frozenset({"metadata", "items"})
    item_model: ClassVar[type[APIObject]]
