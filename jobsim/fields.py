"""Field selectors: the apimachinery ``pkg/fields`` package and the per-resource field sets.

Owns the field-selector grammar (``fields.ParseSelector`` with ``EscapeValue`` and
``UnescapeValue``), the immutable :class:`FieldSelector` and its matching, which
field labels each resource accepts (the ``AddFieldLabelConversionFunc``
registrations) with upstream's rejection messages, and the selectable fields of
an object (the registries' ``ToSelectableFields``), read from its JSON dict form.

Upstream: ``k8s.io/apimachinery/pkg/fields/selector.go``, ``pkg/runtime/conversion.go``
(``DefaultMetaV1FieldSelectorConversion``); kubernetes ``pkg/apis/batch/v1/conversion.go``,
``pkg/apis/core/v1/conversion.go``, ``pkg/registry/batch/job/strategy.go``,
``pkg/registry/core/{pod,event,namespace}/strategy.go``.

Layer 1. Must not import anything from jobsim except ``jobsim.api.gofmt`` (layer 0).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from jobsim.api.gofmt import go_quote

__all__ = [
    "FieldRequirement",
    "FieldSelector",
    "FieldSelectorError",
    "convert_field_labels",
    "escape_value",
    "everything",
    "object_matcher",
    "one_term_equal_selector",
    "parse",
    "selectable_fields",
    "selector_from_set",
    "unescape_value",
    "validate_for",
]


class FieldSelectorError(ValueError):
    """A field selector that upstream rejects; ``str()`` is upstream's error text."""


@dataclass(frozen=True, slots=True)
class FieldRequirement:
    """``fields.Requirement``: ``field`` ``=`` or ``!=`` ``value`` (``==`` parses as ``=``)."""

    field: str
    operator: Literal["=", "!="]
    value: str

    def __str__(self) -> str:
        return f"{self.field}{self.operator}{escape_value(self.value)}"

    def matches(self, fields: Mapping[str, str]) -> bool:
        """Whether ``fields`` satisfy this term; a missing field reads as ``""``."""
        return (fields.get(self.field, "") == self.value) is (self.operator == "=")


class FieldSelector:
    """An immutable field selector: the AND of its terms (no terms matches everything)."""

    __slots__ = ("_hash", "_terms")

    def __init__(self, requirements: Iterable[FieldRequirement] = ()) -> None:
        self._terms = tuple(requirements)
        self._hash = hash(frozenset(self._terms))

    @property
    def requirements(self) -> tuple[FieldRequirement, ...]:
        """The terms, in upstream's order (sorted by their text as written)."""
        return self._terms

    def empty(self) -> bool:
        """Whether the selector does not restrict anything (``Selector.Empty``)."""
        return not self._terms

    def matches(self, fields: Mapping[str, str]) -> bool:
        """Whether ``fields`` satisfy every term (``Selector.Matches``)."""
        return all(term.matches(fields) for term in self._terms)

    def requires_exact_match(self, field: str) -> str | None:
        """``Selector.RequiresExactMatch``: the value an ``=`` term pins ``field`` to, if any."""
        for term in self._terms:
            if term.field == field and term.operator == "=":
                return term.value
        return None

    def transform(self, fn: Callable[[str, str], tuple[str, str]]) -> FieldSelector:
        """``Selector.Transform``: map each (field, value); terms mapped to ("", "") are dropped."""
        terms = []
        for term in self._terms:
            field, value = fn(term.field, term.value)
            if field or value:
                terms.append(FieldRequirement(field, term.operator, value))
        return FieldSelector(terms)

    def __str__(self) -> str:
        return ",".join(str(term) for term in self._terms)

    def __repr__(self) -> str:
        return f"fields.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FieldSelector):
            return NotImplemented
        # An AND of terms: equal when the same terms, whatever their written order.
        return frozenset(self._terms) == frozenset(other._terms)

    def __hash__(self) -> int:
        return self._hash


_EVERYTHING: Final = FieldSelector()


def everything() -> FieldSelector:
    """``fields.Everything()``: the selector that matches every object."""
    return _EVERYTHING


def one_term_equal_selector(field: str, value: str) -> FieldSelector:
    """``fields.OneTermEqualSelector``: ``field=value``."""
    return FieldSelector((FieldRequirement(field, "=", value),))


def selector_from_set(field_set: Mapping[str, str] | None) -> FieldSelector:
    """``fields.SelectorFromSet``: ``field=value`` for every pair (sorted); empty is Everything."""
    if not field_set:
        return _EVERYTHING
    return FieldSelector(FieldRequirement(f, "=", field_set[f]) for f in sorted(field_set))


# --- grammar -------------------------------------------------------------------------------


def escape_value(value: str) -> str:
    """``fields.EscapeValue``: backslash-escape ``\\``, ``,`` and ``=`` for use in a selector."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=")


def unescape_value(value: str) -> str:
    """``fields.UnescapeValue``: the literal value, or FieldSelectorError on a bad escape."""
    if not any(ch in value for ch in "\\,="):
        return value
    out: list[str] = []
    in_slash = False
    for ch in value:
        if in_slash:
            if ch not in "\\,=":
                raise FieldSelectorError(f"invalid field selector: invalid escape sequence: \\{ch}")
            out.append(ch)
            in_slash = False
        elif ch == "\\":
            in_slash = True
        elif ch in ",=":
            raise FieldSelectorError(
                f"invalid field selector: unescaped character in value: {ord(ch)}"
            )
        else:
            out.append(ch)
    if in_slash:
        raise FieldSelectorError("invalid field selector: invalid escape sequence: \\")
    return "".join(out)


def _split_terms(selector: str) -> list[str]:
    """``splitTerms``: split on commas that are not backslash-escaped (escapes kept)."""
    terms, start, in_slash = [], 0, False
    for i, ch in enumerate(selector):
        if in_slash:
            in_slash = False
        elif ch == "\\":
            in_slash = True
        elif ch == ",":
            terms.append(selector[start:i])
            start = i + 1
    terms.append(selector[start:])
    return terms


def _split_term(term: str) -> tuple[str, Literal["=", "!="], str] | None:
    """``splitTerm``: split at the first ``!=``, ``==`` or ``=`` (tried in that order)."""
    for i in range(len(term)):
        for op in ("!=", "==", "="):
            if term.startswith(op, i):
                return term[:i], ("!=" if op == "!=" else "="), term[i + len(op) :]
    return None


def parse(selector: str) -> FieldSelector:
    """``fields.ParseSelector``: the selector a string means, or FieldSelectorError."""
    terms = []
    for part in sorted(_split_terms(selector)) if selector else ():
        if not part:
            continue
        split = _split_term(part)
        if split is None:
            raise FieldSelectorError(f"invalid selector: '{selector}'; can't understand '{part}'")
        field, op, raw = split
        value = unescape_value(raw)
        if field or value:  # the identity Transform drops a bare "="
            terms.append(FieldRequirement(field, op, value))
    return FieldSelector(terms)


# --- field labels each resource accepts (AddFieldLabelConversionFunc) ----------------------

_META: Final = ("metadata.name", "metadata.namespace")
_ACCEPTED: Final[dict[str, frozenset[str]]] = {
    "jobs": frozenset({*_META, "status.successful"}),
    "pods": frozenset({
        *_META, "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
        "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP",
        "status.podIPs", "status.nominatedNodeName",
    }),
    "events": frozenset({
        *_META, "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
        "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
        "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
    }),
    "namespaces": frozenset({"status.phase", "metadata.name"}),
}  # fmt: skip
_RENAMED: Final = {("pods", "spec.host"): "spec.nodeName"}  # legacy v1 clients send spec.host


def _convert_label(resource: str, label: str) -> str:
    """``ConvertFieldLabel``: the label to match on, or FieldSelectorError with upstream's text."""
    if (renamed := _RENAMED.get((resource, label))) is not None:
        return renamed
    accepted = _ACCEPTED.get(resource)
    if accepted is None:  # runtime.DefaultMetaV1FieldSelectorConversion
        if label in _META:
            return label
        raise FieldSelectorError(
            f'{go_quote(label)} is not a known field selector: only "metadata.name", '
            '"metadata.namespace"'
        )
    if label in accepted:
        return label
    if resource == "jobs":
        raise FieldSelectorError(f"field label {go_quote(label)} not supported for batchv1.Job")
    raise FieldSelectorError(f"field label not supported: {label}")


def convert_field_labels(resource: str, selector: FieldSelector) -> FieldSelector:
    """The selector with every field label converted for ``resource`` (the apiserver's step)."""
    return selector.transform(lambda field, value: (_convert_label(resource, field), value))


def validate_for(resource: str, selector: FieldSelector) -> None:
    """Raise FieldSelectorError, with upstream's message, if ``resource`` rejects a field label."""
    convert_field_labels(resource, selector)


# --- selectable fields (ToSelectableFields), from the object's JSON dict ------------------

_Getter = Callable[[Mapping[str, Any]], str]


def _value_at(obj: Mapping[str, Any], *path: str) -> Any:
    """The value at ``path`` in a JSON dict (or any Mapping view), None when absent."""
    node: Any = obj
    for key in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get(key)
    return node


def _string_at(*path: str) -> _Getter:
    """A getter for the string at ``path`` in a JSON dict, ``""`` when absent."""

    def get(obj: Mapping[str, Any]) -> str:
        value = _value_at(obj, *path)
        return value if isinstance(value, str) else ""

    return get


def _job_successful(obj: Mapping[str, Any]) -> str:
    succeeded = _value_at(obj, "status", "succeeded")
    return str(succeeded) if type(succeeded) is int else "0"


def _pod_host_network(obj: Mapping[str, Any]) -> str:
    return "true" if _value_at(obj, "spec", "hostNetwork") is True else "false"


def _pod_ip(obj: Mapping[str, Any]) -> str:
    # v1 -> internal conversion: status.podIP wins over status.podIPs[0].ip when both are set.
    pod_ip = _value_at(obj, "status", "podIP")
    if isinstance(pod_ip, str) and pod_ip:
        return pod_ip
    ips = _value_at(obj, "status", "podIPs")
    first = _value_at(ips[0], "ip") if isinstance(ips, list) and ips else None
    return first if isinstance(first, str) else ""


def _no_field(obj: Mapping[str, Any]) -> str:
    return ""


_SOURCE_COMPONENT: Final = _string_at("source", "component")
_REPORTING_COMPONENT: Final = _string_at("reportingComponent")  # core/v1 reportingController


def _event_source(obj: Mapping[str, Any]) -> str:
    return _SOURCE_COMPONENT(obj) or _REPORTING_COMPONENT(obj)


_META_GETTERS: Final = {
    "metadata.name": _string_at("metadata", "name"),
    "metadata.namespace": _string_at("metadata", "namespace"),
}
_INVOLVED: Final = (
    "kind",
    "namespace",
    "name",
    "uid",
    "apiVersion",
    "resourceVersion",
    "fieldPath",
)
_GETTERS: Final[dict[str, dict[str, _Getter]]] = {
    "jobs": {**_META_GETTERS, "status.successful": _job_successful},
    "pods": {
        **_META_GETTERS,
        **{f"spec.{name}": _string_at("spec", name) for name in (
            "nodeName", "restartPolicy", "schedulerName", "serviceAccountName")},
        "spec.hostNetwork": _pod_host_network,
        "status.phase": _string_at("status", "phase"),
        "status.podIP": _pod_ip,
        "status.nominatedNodeName": _string_at("status", "nominatedNodeName"),
    },
    "events": {
        **_META_GETTERS,
        **{f"involvedObject.{name}": _string_at("involvedObject", name) for name in _INVOLVED},
        "reason": _string_at("reason"),
        "reportingComponent": _REPORTING_COMPONENT,
        "source": _event_source,
        "type": _string_at("type"),
    },
    "namespaces": {
        "metadata.name": _META_GETTERS["metadata.name"],
        "status.phase": _string_at("status", "phase"),
        "name": _META_GETTERS["metadata.name"],  # upstream's backward-compatible "bug"
    },
}  # fmt: skip


def selectable_fields(resource: str, obj: Mapping[str, Any]) -> dict[str, str]:
    """``ToSelectableFields``: every field a selector can match on ``obj`` (a JSON dict)."""
    getters = _GETTERS.get(resource, _META_GETTERS)
    return {field: get(obj) for field, get in getters.items()}


def object_matcher(resource: str, selector: FieldSelector) -> Callable[[Mapping[str, Any]], bool]:
    """A fast ``obj -> bool`` for ``selector``, reading only the fields it names.

    ``selector`` should already be converted (``convert_field_labels``); a field the
    resource does not expose reads as ``""``, as upstream's ``fields.Set.Get`` does.
    """
    if selector.empty():
        return lambda obj: True
    getters = _GETTERS.get(resource, _META_GETTERS)
    checks = [
        (getters.get(term.field, _no_field), term.value, term.operator == "=")
        for term in selector.requirements
    ]
    return lambda obj: all((get(obj) == value) is equal for get, value, equal in checks)
