"""We test these aspects:

- ``Path`` renders as upstream ``(*Path).String()`` (dots between names, ``[i]``/``[key]``
  subscripts, ``<nil>`` for no path) and is immutable: building a child never changes the parent;
- ``ErrorType`` values are the ``StatusCause`` reasons and ``text`` the canonical type message;
- ``FieldError`` prints exactly like Go ``field.Error.Error()`` / ``ErrorBody()``: value shown for
  Invalid/NotSupported/Duplicate/NotFound/TooMany/TypeInvalid, hidden for Required/Forbidden/
  TooLong/Internal, detail appended after ``": "`` only when non-empty;
- the bad value is rendered as Go does: ``%v`` for ints, floats and bools, ``%q`` for strings,
  ``encoding/json`` for nil, named string types, maps (sorted keys), slices, times and structs;
- the constructor details: ``NotSupported``'s ``supported values``, ``TooLong``'s
  ``may not be more than N bytes``, ``TooMany``'s ``must have at most N items`` (singular/plural,
  negative limits, unknown actual);
- ``aggregate_message`` formats like ``utilerrors.NewAggregate(errs).Error()`` and drops repeats.

Upstream: k8s.io/apimachinery ``pkg/util/validation/field/path.go``, ``field/errors.go``
(``ErrorBody``, ``NotSupported``, ``TooLong``, ``TooMany``) and ``pkg/util/errors/errors.go``
(``aggregate.Error``), and the expectations in ``pkg/api/validation/objectmeta_test.go``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import pytest

from jobsim.api.field import (
    OMIT_VALUE,
    ErrorType,
    FieldError,
    Path,
    aggregate_message,
    duplicate,
    forbidden,
    go_quote,
    go_value,
    internal_error,
    invalid,
    not_found,
    not_supported,
    required,
    too_long,
    too_many,
    type_invalid,
)
from jobsim.api.meta_v1 import ObjectMeta, OwnerReference


class RestartPolicy(StrEnum):
    """A named Go string type, as ``core.RestartPolicy``."""

    ALWAYS = "Always"
    WEIRD = "a<b"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (Path("spec"), "spec"),
        (Path("spec", "template", "spec"), "spec.template.spec"),
        (
            Path("spec").child("template", "spec").child("containers").index(0),
            "spec.template.spec.containers[0]",
        ),
        (Path("metadata").child("labels").key("app"), "metadata.labels[app]"),
        (
            Path("spec").child("containers").index(1).child("ports").index(2).child("name"),
            "spec.containers[1].ports[2].name",
        ),
        (Path("a").key("x").key("y"), "a[x][y]"),
        (Path("a").key(""), "a[]"),
        (Path("metadata").child("ownerReferences").index(0).root(), "metadata"),
    ],
    ids=["root", "new-path-names", "index", "key", "nested", "double-key", "empty-key", "root-of"],
)
def test_path_renders_like_upstream(path: Path, expected: str) -> None:
    """A path prints exactly as ``(*field.Path).String()`` (path.go)."""
    assert str(path) == expected


def test_path_is_immutable_and_shares_nothing() -> None:
    """Deriving children leaves the parent unchanged and paths compare by value."""
    spec = Path("spec")
    a = spec.child("a")
    b = spec.child("b")
    assert (str(spec), str(a), str(b)) == ("spec", "spec.a", "spec.b")
    assert Path("spec").child("a") == a
    assert hash(Path("spec", "a")) == hash(a)
    assert a != b
    with pytest.raises(AttributeError):
        spec._segments = ()


def test_nil_path_renders_nil() -> None:
    """An error built without a path has field ``<nil>``, as a nil ``*Path`` prints."""
    assert str(required(None)) == "<nil>: Required value"


@pytest.mark.parametrize(
    ("error_type", "reason", "text"),
    [
        (ErrorType.INVALID, "FieldValueInvalid", "Invalid value"),
        (ErrorType.REQUIRED, "FieldValueRequired", "Required value"),
        (ErrorType.NOT_SUPPORTED, "FieldValueNotSupported", "Unsupported value"),
        (ErrorType.DUPLICATE, "FieldValueDuplicate", "Duplicate value"),
        (ErrorType.FORBIDDEN, "FieldValueForbidden", "Forbidden"),
        (ErrorType.TOO_LONG, "FieldValueTooLong", "Too long"),
        (ErrorType.TOO_MANY, "FieldValueTooMany", "Too many"),
        (ErrorType.NOT_FOUND, "FieldValueNotFound", "Not found"),
        (ErrorType.INTERNAL, "InternalError", "Internal error"),
        (ErrorType.TYPE_INVALID, "FieldValueTypeInvalid", "Invalid value"),
    ],
    ids=lambda v: str(v.name) if isinstance(v, ErrorType) else None,
)
def test_error_type_reason_and_text(error_type: ErrorType, reason: str, text: str) -> None:
    """Each type's value is its ``CauseType`` and ``text`` its ``String()`` (errors.go)."""
    assert error_type.value == reason
    assert error_type.reason == reason
    assert error_type.text == text


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            invalid(Path("spec", "parallelism"), -1, "must be greater than or equal to 0"),
            "spec.parallelism: Invalid value: -1: must be greater than or equal to 0",
        ),
        (
            invalid(Path("metadata", "name"), "Foo", "bad"),
            'metadata.name: Invalid value: "Foo": bad',
        ),
        (invalid(Path("x"), "v", ""), 'x: Invalid value: "v"'),
        (
            required(Path("spec", "template", "spec", "containers")),
            "spec.template.spec.containers: Required value",
        ),
        (
            required(Path("metadata", "name"), "name or generateName is required"),
            "metadata.name: Required value: name or generateName is required",
        ),
        (
            forbidden(Path("metadata", "namespace"), "not allowed on this type"),
            "metadata.namespace: Forbidden: not allowed on this type",
        ),
        (
            duplicate(Path("spec", "containers").index(1).child("name"), "a"),
            'spec.containers[1].name: Duplicate value: "a"',
        ),
        (not_found(Path("spec", "volumes"), "vol"), 'spec.volumes: Not found: "vol"'),
        (
            internal_error(Path("metadata", "name"), ValueError("boom")),
            "metadata.name: Internal error: boom",
        ),
        (
            type_invalid(Path("spec", "parallelism"), "3", "must be an integer"),
            'spec.parallelism: Invalid value: "3": must be an integer',
        ),
    ],
    ids=[
        "invalid-int",
        "invalid-string",
        "no-detail",
        "required",
        "required-detail",
        "forbidden",
        "duplicate",
        "not-found",
        "internal",
        "type-invalid",
    ],
)
def test_error_string_like_go(error: FieldError, expected: str) -> None:
    """``str()`` equals Go's ``Error()``: ``<field>: <ErrorBody()>`` (field/errors.go)."""
    assert str(error) == expected
    assert error.error_body() == expected.split(": ", 1)[1]


@pytest.mark.parametrize(
    ("valid", "expected"),
    [
        (
            ["OnFailure", "Never"],
            'spec.template.spec.restartPolicy: Unsupported value: "Always": '
            'supported values: "OnFailure", "Never"',
        ),
        ([], 'spec.template.spec.restartPolicy: Unsupported value: "Always"'),
        (
            [RestartPolicy.ALWAYS],
            'spec.template.spec.restartPolicy: Unsupported value: "Always": '
            'supported values: "Always"',
        ),
    ],
    ids=["two-values", "no-values", "enum-values"],
)
def test_not_supported_lists_quoted_values(valid: list[Any], expected: str) -> None:
    """``NotSupported`` quotes each valid value with ``strconv.Quote`` and joins with ``, ``."""
    error = not_supported(Path("spec", "template", "spec", "restartPolicy"), "Always", valid)
    assert str(error) == expected
    assert error.reason == "FieldValueNotSupported"


@pytest.mark.parametrize(
    ("max_length", "expected"),
    [
        (262144, "metadata.annotations: Too long: may not be more than 262144 bytes"),
        (1, "metadata.annotations: Too long: may not be more than 1 byte"),
        (-1, "metadata.annotations: Too long: value is too long"),
    ],
    ids=["plural", "singular", "unbounded"],
)
def test_too_long_never_shows_the_value(max_length: int, expected: str) -> None:
    """``TooLong`` hides the value and says ``may not be more than N bytes`` (errors.go)."""
    error = too_long(Path("metadata", "annotations"), "x" * 10, max_length)
    assert str(error) == expected
    assert error.bad_value == "<value omitted>"


@pytest.mark.parametrize(
    ("actual", "maximum", "expected"),
    [
        (5, 3, "spec.x: Too many: 5: must have at most 3 items"),
        (2, 1, "spec.x: Too many: 2: must have at most 1 item"),
        (-1, 3, "spec.x: Too many: must have at most 3 items"),
        (5, -1, "spec.x: Too many: 5: has too many items"),
    ],
    ids=["plural", "singular", "unknown-actual", "unbounded"],
)
def test_too_many_message(actual: int, maximum: int, expected: str) -> None:
    """``TooMany`` shows the count (unless negative) and ``must have at most N items``."""
    assert str(too_many(Path("spec", "x"), actual, maximum)) == expected


def test_omit_value_prints_only_the_type() -> None:
    """A bad value of ``omitValue`` prints the type alone, even for Invalid."""
    assert str(invalid(Path("a"), OMIT_VALUE, "d")) == "a: Invalid value: d"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (-1, "-1"),
        (2**63 - 1, "9223372036854775807"),
        (True, "true"),
        (False, "false"),
        (1.5, "1.5"),
        (1e6, "1e+06"),
        (100.0, "100"),
        (0.00001, "1e-05"),
        ("Foo", '"Foo"'),
        ("", '""'),
        ('a"b\\c', '"a\\"b\\\\c"'),
        ("tab\there\n", '"tab\\there\\n"'),
        ("\x00\x7f", '"\\x00\\x7f"'),
        ("héllo ☃", '"héllo ☃"'),
        ("\u200b", '"\\u200b"'),
        ("<a&b>", '"<a&b>"'),
        (None, "null"),
        (RestartPolicy.ALWAYS, '"Always"'),
        (RestartPolicy.WEIRD, '"a\\u003cb"'),
        (["orphan", "foregroundDeletion"], '["orphan","foregroundDeletion"]'),
        ({"b": "2", "a": "1"}, '{"a":"1","b":"2"}'),
        ({"k": 1.0}, '{"k":1}'),
        ({"k": 1e-7}, '{"k":1e-7}'),
        (datetime(1970, 1, 1, 0, 16, 40, tzinfo=UTC), '"1970-01-01T00:16:40Z"'),
        ([["x"], {}], '[["x"],{}]'),
    ],
    ids=[
        "int",
        "int64-max",
        "true",
        "false",
        "float",
        "float-exp",
        "float-whole",
        "float-small",
        "string",
        "empty-string",
        "quote-backslash",
        "control-short",
        "control-hex",
        "unicode",
        "zero-width",
        "html-in-q",
        "nil",
        "named-string",
        "named-string-html",
        "slice",
        "map-sorted",
        "json-float-whole",
        "json-float-exp",
        "metav1-time",
        "nested",
    ],
)
def test_go_value_rendering(value: Any, expected: str) -> None:
    """Bad values render like ``ErrorBody``: ``%v``, ``%q`` or ``json.Marshal`` (errors.go)."""
    assert go_value(value) == expected


def test_struct_value_renders_fields_in_declaration_order() -> None:
    """A model renders as its JSON object in field order, as ``json.Marshal`` of a Go struct."""
    ref = OwnerReference(api_version="v1", kind="Event", name="name", uid="uid-1")
    assert go_value(ref) == '{"apiVersion":"v1","kind":"Event","name":"name","uid":"uid-1"}'


def test_nested_structs_keep_field_order_and_maps_are_sorted() -> None:
    """Nested structs keep declaration order while maps inside them are sorted by key."""
    meta = ObjectMeta.from_dict(
        {
            "name": "pi",
            "labels": {"b": "2", "a": "1"},
            "ownerReferences": [{"uid": "u", "name": "j", "kind": "Job", "apiVersion": "batch/v1"}],
        }
    )
    assert go_value(meta) == (
        '{"name":"pi","labels":{"a":"1","b":"2"},"ownerReferences":'
        '[{"apiVersion":"batch/v1","kind":"Job","name":"j","uid":"u"}]}'
    )


def test_go_quote_escapes_like_strconv() -> None:
    """``go_quote`` is ``strconv.Quote``: short escapes, ``\\x`` for C0 bytes, ``\\u``/``\\U``."""
    assert go_quote("\a\b\f\v") == '"\\a\\b\\f\\v"'
    assert go_quote("\U000e0001") == '"\\U000e0001"'


def test_objectmeta_test_expectations() -> None:
    """Renderings copied from upstream ``objectmeta_test.go`` for immutable meta fields."""
    path = Path("field")
    when = datetime(1970, 1, 1, 0, 16, 40, tzinfo=UTC)
    immutable = "field is immutable"
    assert str(invalid(path.child("deletionTimestamp"), when, immutable)) == (
        'field.deletionTimestamp: Invalid value: "1970-01-01T00:16:40Z": field is immutable'
    )
    assert str(invalid(path.child("deletionTimestamp"), None, immutable)) == (
        "field.deletionTimestamp: Invalid value: null: field is immutable"
    )
    assert str(invalid(path.child("deletionGracePeriodSeconds"), 30, immutable)) == (
        "field.deletionGracePeriodSeconds: Invalid value: 30: field is immutable"
    )
    assert str(invalid(path.child("generation"), 4, "must not be decremented")) == (
        "field.generation: Invalid value: 4: must not be decremented"
    )


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ([], ""),
        (["a: Required value"], "a: Required value"),
        (["e1", "e2"], "[e1, e2]"),
        (["e1", "e2", "e1"], "[e1, e2]"),
        (["e1", "e1"], "e1"),
    ],
    ids=["empty", "one", "two", "dedup-keeps-order", "dedup-to-one"],
)
def test_aggregate_message(messages: list[str], expected: str) -> None:
    """``NewAggregate(errs).Error()``: one → itself, several → ``[e1, e2]``, repeats dropped."""
    assert aggregate_message(messages) == expected


def test_aggregate_of_field_errors_uses_their_messages() -> None:
    """Field errors aggregate by their full ``Error()`` text, so equal errors print once."""
    e1 = invalid(Path("spec", "parallelism"), -1, "must be greater than or equal to 0")
    e2 = required(Path("spec", "template"))
    assert aggregate_message([e1, e2, e1]) == (
        "[spec.parallelism: Invalid value: -1: must be greater than or equal to 0, "
        "spec.template: Required value]"
    )
