"""Request selectors for list, watch and deletecollection: parsing, validation, matching.

Owns turning the ``labelSelector``/``fieldSelector`` strings of a request into a
``jobsim.apiserver.watch.Filter`` (400 BadRequest with the parser's message on a bad
selector or an unsupported field label, as the apiserver's ``listOpts`` does), and
matching field selectors against a stored model *without serializing it*: the field
getters of ``jobsim.fields`` read a JSON-shaped dict, and ``ModelView`` presents a
model as one lazily (camelCase keys, absent when ``None``).

Imports layers 0/1 only; must not import the store.
Upstream: apiserver ``pkg/endpoints/handlers/get.go`` (selector parsing and wrapping).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from jobsim import fields, labels
from jobsim.api._base import K8sModel
from jobsim.apiserver.watch import Filter, ObjectMatcher
from jobsim.errors import new_bad_request

__all__ = [
    "ModelView",
    "build_filter",
    "exact_match",
    "field_matcher",
    "parse_field_selector",
    "parse_label_selector",
]


@cache
def _aliases(cls: type[K8sModel]) -> dict[str, str]:
    return {(info.alias or name): name for name, info in cls.model_fields.items()}


def _view(value: Any) -> Any:
    if isinstance(value, K8sModel):
        return ModelView(value)
    if isinstance(value, list):
        return [_view(v) for v in value]
    return value


class ModelView(Mapping[str, Any]):
    """A read-only, lazy JSON-dict view of a model (camelCase keys, ``None`` left out)."""

    __slots__ = ("_model",)

    def __init__(self, model: K8sModel) -> None:
        self._model = model

    def __getitem__(self, key: str) -> Any:
        name = _aliases(type(self._model)).get(key)
        if name is None:
            raise KeyError(key)
        value = getattr(self._model, name)
        if value is None:
            raise KeyError(key)
        return _view(value)

    def __iter__(self) -> Iterator[str]:
        model = self._model
        return (k for k, n in _aliases(type(model)).items() if getattr(model, n) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def parse_label_selector(selector: str | None) -> labels.Selector | None:
    """Parse a label selector string; ``None``/empty means everything; 400 on a parse error."""
    if not selector:
        return None
    try:
        parsed = labels.parse(selector)
    except labels.SelectorParseError as err:
        raise new_bad_request(str(err)) from None
    return None if parsed.empty() else parsed


def parse_field_selector(resource: str, selector: str | None) -> fields.FieldSelector | None:
    """Parse and convert a field selector for ``resource``; 400 with upstream's message."""
    if not selector:
        return None
    try:
        parsed = fields.convert_field_labels(resource, fields.parse(selector))
    except fields.FieldSelectorError as err:
        raise new_bad_request(str(err)) from None
    return None if parsed.empty() else parsed


def field_matcher(resource: str, selector: fields.FieldSelector) -> ObjectMatcher:
    """Compile a converted field selector into an ``obj -> bool`` over models."""
    match = fields.object_matcher(resource, selector)
    return lambda obj: match(ModelView(obj))


def build_filter(
    resource: str,
    *,
    namespace: str | None,
    name: str | None = None,
    label_selector: str | None = None,
    field_selector: str | None = None,
) -> tuple[Filter, fields.FieldSelector | None]:
    """Return the filter for a request, and the parsed field selector (for index lookups)."""
    label_sel = parse_label_selector(label_selector)
    field_sel = parse_field_selector(resource, field_selector)
    flt = Filter(
        namespace=namespace,
        name=name,
        label_selector=label_sel,
        field_match=field_matcher(resource, field_sel) if field_sel is not None else None,
    )
    return flt, field_sel


def exact_match(selector: fields.FieldSelector | None, field: str) -> str | None:
    """The value a selector pins ``field`` to (``metadata.name=x``), if any."""
    return selector.requires_exact_match(field) if selector is not None else None
