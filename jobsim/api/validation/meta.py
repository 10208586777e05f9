"""Generic validators shared by the Job and pod rules: numbers, immutability, labels, selectors.

Owns the small apimachinery/core helpers the Job validation calls, with upstream messages:
``ValidateNonnegativeField``, ``ValidateImmutableField``, ``ValidateHasLabel``,
``ValidateDNS1123Label``, ``ValidateQualifiedName``, ``ValidateLabelSelector`` (with
``AllowInvalidLabelValueInSelector``), ``ValidateAnnotations``, and the conversion
``LabelSelectorAsSelector`` + ``Matches`` reduced to what validation needs
(``label_selector_matches``). Sources: apimachinery ``pkg/api/validation/generic.go``,
``objectmeta.go``, ``pkg/apis/meta/v1/validation/validation.go``, ``pkg/apis/meta/v1/helpers.go``;
kubernetes ``pkg/apis/core/validation/validation.go``.

Layer 0: imports only ``jobsim.api`` modules (never ``jobsim.labels``, which is layer 1).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from jobsim.api import naming
from jobsim.api.field import FieldError, Path, forbidden, invalid, required
from jobsim.api.meta_v1 import LabelSelector, LabelSelectorRequirement
from jobsim.api.validation.equality import semantic_deep_equal

__all__ = [
    "FIELD_IMMUTABLE_ERROR_MSG",
    "IS_NEGATIVE_ERROR_MSG",
    "inclusive_range_error",
    "label_selector_matches",
    "validate_annotations",
    "validate_dns1123_label",
    "validate_dns1123_subdomain",
    "validate_has_label",
    "validate_immutable_field",
    "validate_label_selector",
    "validate_labels",
    "validate_nonnegative_field",
    "validate_qualified_name",
]

IS_NEGATIVE_ERROR_MSG: Final = "must be greater than or equal to 0"
FIELD_IMMUTABLE_ERROR_MSG: Final = "field is immutable"


def inclusive_range_error(lo: int, hi: int) -> str:
    """``validation.InclusiveRangeError``: ``must be between lo and hi, inclusive``."""
    return f"must be between {lo} and {hi}, inclusive"


def validate_nonnegative_field(value: int, path: Path) -> list[FieldError]:
    """``ValidateNonnegativeField``: ``Invalid value: -1: must be greater than or equal to 0``."""
    return [invalid(path, value, IS_NEGATIVE_ERROR_MSG)] if value < 0 else []


def validate_immutable_field(new: Any, old: Any, path: Path, shown: Any = None) -> list[FieldError]:
    """``ValidateImmutableField``: ``Invalid value: <new>: field is immutable`` if they differ.

    ``shown`` is the bad value to print (defaults to ``new``); callers pass the Go rendering of
    internal types when it differs from the model's JSON. A cleared (nil) field prints as
    ``json.Marshal`` prints it, a bare ``null`` (apimachinery ``field.Error.ErrorBody``).
    """
    if semantic_deep_equal(new, old):
        return []
    return [invalid(path, new if shown is None else shown, FIELD_IMMUTABLE_ERROR_MSG)]


def validate_dns1123_label(value: str, path: Path) -> list[FieldError]:
    """``ValidateDNS1123Label``: one ``Invalid`` per failed rule."""
    return [invalid(path, value, msg) for msg in naming.is_dns1123_label(value)]


def validate_dns1123_subdomain(value: str, path: Path) -> list[FieldError]:
    """``ValidateDNS1123Subdomain`` (also service account, node and priority class names)."""
    return [invalid(path, value, msg) for msg in naming.is_dns1123_subdomain(value)]


def validate_qualified_name(value: str, path: Path) -> list[FieldError]:
    """``ValidateQualifiedName`` / ``ValidateLabelName``: one ``Invalid`` per failed rule."""
    return [invalid(path, value, msg) for msg in naming.is_qualified_name(value)]


def validate_labels(labels: Mapping[str, str] | None, path: Path) -> list[FieldError]:
    """``ValidateLabels``: keys as qualified names, values as label values; path is the map."""
    return list(naming.validate_labels(labels, path))


def validate_annotations(annotations: Mapping[str, str] | None, path: Path) -> list[FieldError]:
    """``ValidateAnnotations``: lower-cased keys are qualified names; total size at most 256 KiB."""
    return list(naming.validate_annotations(annotations, path))


def validate_has_label(
    labels: Mapping[str, str] | None, meta_path: Path, key: str, expected: str
) -> list[FieldError]:
    """``ValidateHasLabel``: the label must exist (``Required``) with the expected value.

    A wrong value is reported with the whole label map as the bad value, as upstream does.
    """
    path = meta_path.child("labels").key(key)
    actual = (labels or {}).get(key)
    if actual is None:
        return [required(path, f"must be '{expected}'")]
    if actual != expected:
        return [invalid(path, dict(labels or {}), f"must be '{expected}'")]
    return []


def _validate_requirement(
    req: LabelSelectorRequirement, path: Path, *, allow_invalid_label_value: bool
) -> list[FieldError]:
    errs: list[FieldError] = []
    values = req.values or []
    if req.operator in ("In", "NotIn"):
        if not values:
            errs.append(
                required(
                    path.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"
                )
            )
    elif req.operator in ("Exists", "DoesNotExist"):
        if values:
            errs.append(
                forbidden(
                    path.child("values"),
                    "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
                )
            )
    else:
        errs.append(invalid(path.child("operator"), req.operator, "not a valid selector operator"))
    errs.extend(validate_qualified_name(req.key, path.child("key")))
    if not allow_invalid_label_value:
        for i, value in enumerate(values):
            errs.extend(
                invalid(path.child("values").index(i), value, msg)
                for msg in naming.is_valid_label_value(value)
            )
    return errs


def validate_label_selector(
    selector: LabelSelector | None, path: Path, *, allow_invalid_label_value: bool = False
) -> list[FieldError]:
    """``ValidateLabelSelector``: matchLabels as labels, then each matchExpressions entry."""
    if selector is None:
        return []
    errs = validate_labels(selector.match_labels, path.child("matchLabels"))
    for i, req in enumerate(selector.match_expressions or ()):
        errs.extend(
            _validate_requirement(
                req,
                path.child("matchExpressions").index(i),
                allow_invalid_label_value=allow_invalid_label_value,
            )
        )
    return errs


def _requirement_converts(key: str, operator: str, values: list[str]) -> bool:
    """Whether ``labels.NewRequirement`` accepts the requirement (key, operator arity, values)."""
    if naming.is_qualified_name(key):
        return False
    if operator in ("In", "NotIn", "="):
        if not values or (operator == "=" and len(values) != 1):
            return False
    elif operator in ("Exists", "DoesNotExist"):
        if values:
            return False
    else:
        return False
    return not any(naming.is_valid_label_value(v) for v in values)


def _requirement_matches(
    key: str, operator: str, values: list[str], labels: Mapping[str, str]
) -> bool:
    if operator in ("In", "="):
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    if operator == "Exists":
        return key in labels
    return key not in labels  # DoesNotExist


def label_selector_matches(
    selector: LabelSelector | None, labels: Mapping[str, str] | None
) -> bool | None:
    """``LabelSelectorAsSelector(selector).Matches(labels)``; ``None`` if it does not convert.

    A nil selector selects nothing (``labels.Nothing()``); an empty one selects everything.
    """
    if selector is None:
        return False
    reqs: list[tuple[str, str, list[str]]] = [
        (k, "=", [v]) for k, v in sorted((selector.match_labels or {}).items())
    ]
    reqs.extend(
        (expr.key, expr.operator, list(expr.values or []))
        for expr in selector.match_expressions or ()
    )
    if not all(_requirement_converts(*req) for req in reqs):
        return None
    present = labels or {}
    return all(_requirement_matches(*req, present) for req in reqs)
