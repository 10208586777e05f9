"""Label selectors: the apimachinery ``pkg/labels`` package in Python.

Owns the label-selector string grammar (``labels.Parse``) with upstream's exact
error messages, the immutable :class:`Selector` and its matching, its canonical
``String()`` form, and the conversion of a ``metav1.LabelSelector``
(``LabelSelectorAsSelector``, ``FormatLabelSelector``).

Upstream: ``k8s.io/apimachinery/pkg/labels/selector.go``, ``pkg/selection/operator.go``,
``pkg/apis/meta/v1/helpers.go``; the key and value checks are ``jobsim.api.naming``'s
(``content.IsLabelKey``/``IsLabelValue``) and the messages ``jobsim.api.field``'s.

Layer 1. Must not import anything from jobsim except layer 0 (``jobsim.api.meta_v1``,
``jobsim.api.field``, ``jobsim.api.naming``) and its private helper ``jobsim._label_grammar``
(the string grammar).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from jobsim._label_grammar import SelectorParseError, parse_requirements, validate_label_key
from jobsim.api.field import ErrorList, Path, aggregate_message, go_quote, invalid, not_supported
from jobsim.api.meta_v1 import LabelSelector
from jobsim.api.naming import is_valid_label_value

__all__ = [
    "Operator",
    "Requirement",
    "Selector",
    "SelectorParseError",
    "conflicts",
    "convert_selector_to_labels_map",
    "everything",
    "format_label_selector",
    "format_labels",
    "label_selector_as_map",
    "merge",
    "new_requirement",
    "nothing",
    "parse",
    "selector_from_label_selector",
    "selector_from_set",
    "set_string",
    "validated_selector_from_set",
]


class Operator(StrEnum):
    """``selection.Operator`` with the upstream string values."""

    DOES_NOT_EXIST = "!"
    EQUALS = "="
    DOUBLE_EQUALS = "=="
    IN = "in"
    NOT_EQUALS = "!="
    NOT_IN = "notin"
    EXISTS = "exists"
    GREATER_THAN = "gt"
    LESS_THAN = "lt"


_POSITIVE: Final = (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.IN)
_NEGATIVE: Final = (Operator.NOT_EQUALS, Operator.NOT_IN)
_INFIX: Final = {"in": " in ", "notin": " notin ", "gt": ">", "lt": "<"}

_INT64_RE = re.compile("[+-]?[0-9]+")
_KEY_PATH: Final = Path("key")  # NewRequirement's paths (field.ToPath() is nil, so no prefix)
_VALUES_PATH: Final = Path("values")
_OPERATOR_PATH: Final = Path("operator")
# validRequirementOperators: binaryOperators then unaryOperators, in selector.go's order.
_VALID_OPERATORS: Final = ("in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!")


def _parse_int64(value: str | None) -> int | None:
    """``strconv.ParseInt(value, 10, 64)``, or None where Go returns an error."""
    if value is None or not _INT64_RE.fullmatch(value):
        return None
    number = int(value)
    return number if -(2**63) <= number < 2**63 else None


# --- Requirement and Selector --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Requirement:
    """``labels.Requirement``: ``key``, ``operator`` and ``values`` (build with new_requirement)."""

    key: str
    operator: Operator
    values: tuple[str, ...] = ()

    def __str__(self) -> str:
        op = self.operator
        if op is Operator.EXISTS or op is Operator.DOES_NOT_EXIST:
            return ("!" if op is Operator.DOES_NOT_EXIST else "") + self.key
        values = self.values[0] if len(self.values) == 1 else ",".join(sorted(self.values))
        if op is Operator.IN or op is Operator.NOT_IN:
            values = f"({values})"
        return self.key + _INFIX.get(op, op.value) + values

    def matches(self, labels: Mapping[str, str]) -> bool:
        """``Requirement.Matches``: whether this requirement holds for ``labels``."""
        op, value = self.operator, labels.get(self.key)
        if op in _POSITIVE:
            return value in self.values
        if op in _NEGATIVE:
            return value is None or value not in self.values
        if op is Operator.EXISTS or op is Operator.DOES_NOT_EXIST:
            return (value is None) is (op is Operator.DOES_NOT_EXIST)
        have = _parse_int64(value)
        want = _parse_int64(self.values[0]) if len(self.values) == 1 else None
        if have is None or want is None:
            return False
        return have > want if op is Operator.GREATER_THAN else have < want


def new_requirement(
    key: str, operator: Operator | str, values: list[str] | None = None
) -> Requirement:
    """``labels.NewRequirement``: validate key, operator arity and values; build a requirement."""
    op = Operator(operator) if operator in _VALID_OPERATORS else None
    errs: ErrorList = []
    if (key_error := validate_label_key(key, _KEY_PATH)) is not None:
        errs.append(key_error)
    values_path = _VALUES_PATH
    vals = values or []
    if op is None:  # the switch's default: an operator outside validRequirementOperators
        errs.append(not_supported(_OPERATOR_PATH, str(operator), _VALID_OPERATORS))
    elif op is Operator.IN or op is Operator.NOT_IN:
        if not vals:
            detail = "for 'in', 'notin' operators, values set can't be empty"
            errs.append(invalid(values_path, values, detail))
    elif op in (Operator.EQUALS, Operator.DOUBLE_EQUALS, Operator.NOT_EQUALS):
        if len(vals) != 1:
            detail = "exact-match compatibility requires one single value"
            errs.append(invalid(values_path, values, detail))
    elif op is Operator.EXISTS or op is Operator.DOES_NOT_EXIST:
        if vals:
            detail = "values set must be empty for exists and does not exist"
            errs.append(invalid(values_path, values, detail))
    else:
        if len(vals) != 1:
            detail = "for 'Gt', 'Lt' operators, exactly one value is required"
            errs.append(invalid(values_path, values, detail))
        for i, value in enumerate(vals):
            if _parse_int64(value) is None:
                detail = "for 'Gt', 'Lt' operators, the value must be an integer"
                errs.append(invalid(values_path.index(i), value, detail))
    for i, value in enumerate(vals):
        if problems := is_valid_label_value(value):  # validateLabelValue
            errs.append(invalid(values_path.index(i).key(key), value, "; ".join(problems)))
    if errs or op is None:
        raise SelectorParseError(aggregate_message(errs))
    return Requirement(key, op, tuple(vals))


class Selector:
    """An immutable label selector: the AND of its requirements, or (Nothing) no match at all."""

    __slots__ = (
        "_absent", "_eq", "_hash", "_in", "_key", "_nothing", "_notin", "_other", "_present",
        "_reqs", "_rest",
    )  # fmt: skip

    def __init__(self, requirements: Iterable[Requirement] = (), *, match_nothing: bool = False):
        # Stable sort by key, as upstream's sort.Sort(ByKey) is for selectors of <= 12 terms.
        self._reqs = reqs = tuple(sorted(requirements, key=lambda r: r.key))
        self._nothing = match_nothing
        # Identity is what String() shows: values compare as a sorted list (safeSort).
        self._key = (
            match_nothing,
            tuple((r.key, r.operator, tuple(sorted(r.values))) for r in reqs),
        )
        self._hash = hash(self._key)
        # Matching tables, precomputed so that ``matches`` is a few dict lookups per term.
        eq, in_, notin, present, absent, other = [], [], [], [], [], []
        for r in reqs:
            if r.operator in _POSITIVE and len(r.values) == 1:
                eq.append((r.key, r.values[0]))
            elif r.operator in _POSITIVE:
                in_.append((r.key, frozenset(r.values)))
            elif r.operator in _NEGATIVE:
                notin.append((r.key, frozenset(r.values)))
            elif r.operator is Operator.EXISTS:
                present.append(r.key)
            elif r.operator is Operator.DOES_NOT_EXIST:
                absent.append(r.key)
            else:
                other.append(r)
        self._eq, self._in, self._notin = tuple(eq), tuple(in_), tuple(notin)
        self._present, self._absent, self._other = tuple(present), tuple(absent), tuple(other)
        self._rest = len(reqs) > len(eq)

    @property
    def requirements(self) -> tuple[Requirement, ...]:
        """The requirements, sorted by key (empty for Everything and for Nothing)."""
        return self._reqs

    def empty(self) -> bool:
        """Whether the selector does not restrict anything (``Selector.Empty``)."""
        return not self._nothing and not self._reqs

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        """Whether ``labels`` satisfy every requirement (``Selector.Matches``)."""
        if self._nothing:
            return False
        if labels is None:
            labels = {}
        get = labels.get
        for key, value in self._eq:
            if get(key) != value:
                return False
        if self._rest:  # rarer kinds of requirement, grouped so the common case is one loop
            for key, values in self._in:
                if get(key) not in values:
                    return False
            for key, values in self._notin:
                if get(key) in values:
                    return False
            for key in self._present:
                if key not in labels:
                    return False
            for key in self._absent:
                if key in labels:
                    return False
            return all(r.matches(labels) for r in self._other)
        return True

    def matching_labels(self) -> dict[str, str] | None:
        """The ``{key: value}`` map if this selector means exactly "has these labels", else None.

        Everything gives ``{}``. Nothing, or any requirement other than a single-valued
        ``=``/``==``/``in``, gives None. Stores use it to answer from a label index.
        """
        if self._nothing or len(self._eq) != len(self._reqs):
            return None
        result: dict[str, str] = {}
        for key, value in self._eq:
            if result.setdefault(key, value) != value:
                return None
        return result

    def requires_exact_match(self, label: str) -> str | None:
        """``Selector.RequiresExactMatch``: the one value ``label`` must have, if any."""
        for r in self._reqs:
            if r.key == label:
                exact = r.operator in _POSITIVE and len(r.values) == 1
                return r.values[0] if exact else None
        return None

    def add(self, *requirements: Requirement) -> Selector:
        """A new selector with ``requirements`` added (``Selector.Add``); Nothing stays Nothing."""
        return self if self._nothing else Selector((*self._reqs, *requirements))

    def __str__(self) -> str:
        return ",".join(str(r) for r in self._reqs)

    def __repr__(self) -> str:
        return "labels.nothing()" if self._nothing else f"labels.parse({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selector):
            return NotImplemented
        return self._key == other._key

    def __hash__(self) -> int:
        return self._hash


_EVERYTHING: Final = Selector()
_NOTHING: Final = Selector(match_nothing=True)


def everything() -> Selector:
    """``labels.Everything()``: the selector that matches every label set."""
    return _EVERYTHING


def nothing() -> Selector:
    """``labels.Nothing()``: the selector that matches no label set."""
    return _NOTHING


def selector_from_set(labels: Mapping[str, str] | None) -> Selector:
    """``labels.SelectorFromSet``: equality on every pair, unvalidated; empty is Everything."""
    if not labels:
        return _EVERYTHING
    return Selector(Requirement(k, Operator.EQUALS, (v,)) for k, v in labels.items())


def validated_selector_from_set(labels: Mapping[str, str] | None) -> Selector:
    """``labels.ValidatedSelectorFromSet``: like selector_from_set, but NewRequirement-checked."""
    if not labels:
        return _EVERYTHING
    # Go ranges over the map in random order; sorting makes the first error deterministic.
    return Selector(new_requirement(k, Operator.EQUALS, [labels[k]]) for k in sorted(labels))


# --- labels.Set helpers (labels.go) --------------------------------------------------------


def set_string(labels: Mapping[str, str]) -> str:
    """``Set.String``: ``key=value`` pairs, sorted, joined by commas."""
    return ",".join(sorted(f"{k}={v}" for k, v in labels.items()))


def format_labels(labels: Mapping[str, str] | None) -> str:
    """``labels.FormatLabels``: ``set_string``, or ``<none>`` when that is empty."""
    return set_string(labels or {}) or "<none>"


def conflicts(labels1: Mapping[str, str], labels2: Mapping[str, str]) -> bool:
    """``labels.Conflicts``: whether a key present in both maps has different values."""
    return any(k in labels2 and labels2[k] != v for k, v in labels1.items())


def merge(labels1: Mapping[str, str], labels2: Mapping[str, str]) -> dict[str, str]:
    """``labels.Merge``: a new map with both; on a shared key ``labels2`` wins."""
    return {**labels1, **labels2}


def convert_selector_to_labels_map(selector: str) -> dict[str, str]:
    """``labels.ConvertSelectorToLabelsMap``: ``k=v,...`` to a map, keys and values checked."""
    result: dict[str, str] = {}
    if not selector:
        return result
    for label in selector.split(","):
        parts = label.split("=")
        if len(parts) != 2:
            raise SelectorParseError(f"invalid selector: [{' '.join(parts)}]")  # %s of []string
        key, value = parts[0].strip(), parts[1].strip()
        if (key_error := validate_label_key(key, None)) is not None:
            raise SelectorParseError(str(key_error))
        if problems := is_valid_label_value(value):  # validateLabelValue: nil path .Key(key)
            body = invalid(None, value, "; ".join(problems)).error_body()
            raise SelectorParseError(f"[{key}]: {body}")
        result[key] = value
    return result


# --- metav1.LabelSelector ------------------------------------------------------------------

_LABEL_SELECTOR_OPERATORS: Final = {
    "In": Operator.IN,
    "NotIn": Operator.NOT_IN,
    "Exists": Operator.EXISTS,
    "DoesNotExist": Operator.DOES_NOT_EXIST,
}


def selector_from_label_selector(ls: LabelSelector | None) -> Selector:
    """``metav1.LabelSelectorAsSelector``: nil matches nothing, empty matches everything."""
    if ls is None:
        return _NOTHING
    match_labels = ls.match_labels or {}
    expressions = ls.match_expressions or []
    if not match_labels and not expressions:
        return _EVERYTHING
    # Go ranges over the map in random order; sorting makes the first error deterministic.
    reqs = [new_requirement(k, Operator.EQUALS, [match_labels[k]]) for k in sorted(match_labels)]
    for expr in expressions:
        op = _LABEL_SELECTOR_OPERATORS.get(expr.operator)
        if op is None:
            quoted = go_quote(expr.operator)
            raise SelectorParseError(f"{quoted} is not a valid label selector operator")
        reqs.append(new_requirement(expr.key, op, list(expr.values) if expr.values else None))
    return Selector(reqs)


def label_selector_as_map(ls: LabelSelector | None) -> dict[str, str] | None:
    """``metav1.LabelSelectorAsMap``: matchLabels plus single-valued ``In`` expressions."""
    if ls is None:
        return None
    result = dict(ls.match_labels or {})
    for expr in ls.match_expressions or []:
        quoted = go_quote(expr.operator)
        if expr.operator == "In":
            if len(expr.values or []) != 1:
                raise SelectorParseError(
                    f"operator {quoted} without a single value cannot be converted into the "
                    "old label selector format"
                )
            result[expr.key] = (expr.values or [""])[0]
        elif expr.operator in ("NotIn", "Exists", "DoesNotExist"):
            raise SelectorParseError(
                f"operator {quoted} cannot be converted into the old label selector format"
            )
        else:
            raise SelectorParseError(f"{quoted} is not a valid selector operator")
    return result


def format_label_selector(ls: LabelSelector | None) -> str:
    """``metav1.FormatLabelSelector``: ``<none>`` when it renders empty, ``<error>`` if invalid."""
    try:
        text = str(selector_from_label_selector(ls))
    except SelectorParseError:
        return "<error>"
    return text or "<none>"


def parse(selector: str) -> Selector:
    """``labels.Parse``: the selector a string means, or SelectorParseError with upstream's text."""
    return Selector(parse_requirements(selector, new_requirement))
