"""Field paths and field-level validation errors, as apimachinery ``pkg/util/validation/field``.

Owns ``Path`` (``spec.template.spec.containers[0]``), ``ErrorType``, ``FieldError`` and
its constructors (``invalid``, ``required``, ``not_supported``, ...), and the rendering of
an error exactly as Go's ``field.Error.Error()`` / ``ErrorBody()`` print it. Also
``aggregate_message``, the text of ``utilerrors.NewAggregate(errs).Error()``. The Go rendering
of the bad value lives in ``jobsim.api.gofmt``; ``go_quote`` and ``go_value`` are re-exported
here for the modules that import them from this one.

Must not import anything from jobsim except ``jobsim.api.gofmt`` (bottom of layer 0): no
models, no store, no logging.

Sources: apimachinery ``pkg/util/validation/field/{path,errors}.go`` and
``pkg/util/errors/errors.go`` (kubernetes/kubernetes ``staging/src/k8s.io/apimachinery``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Final

from jobsim.api.gofmt import go_quote, go_value

__all__ = [
    "OMIT_VALUE",
    "ErrorList",
    "ErrorType",
    "FieldError",
    "Path",
    "aggregate_message",
    "duplicate",
    "forbidden",
    "go_quote",
    "go_value",
    "internal_error",
    "invalid",
    "not_found",
    "not_supported",
    "required",
    "too_long",
    "too_many",
    "type_invalid",
]


class Path:
    """An immutable path from an object's root to one field (``field.Path``).

    ``Path("spec", "template")`` is ``field.NewPath("spec", "template")``; ``child``,
    ``index`` and ``key`` return new paths and never change the receiver.
    """

    __slots__ = ("_segments",)

    _segments: tuple[tuple[str, str], ...]
    """``(name, index)`` pairs; a segment with an empty name is a subscript, as in Go."""

    def __init__(self, name: str, *more_names: str) -> None:
        object.__setattr__(self, "_segments", tuple((n, "") for n in (name, *more_names)))

    @classmethod
    def _of(cls, segments: tuple[tuple[str, str], ...]) -> Path:
        path = cls.__new__(cls)
        object.__setattr__(path, "_segments", segments)
        return path

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Path is immutable")

    def child(self, name: str, *more_names: str) -> Path:
        """Return the path to a named child field (``Path.Child``)."""
        if not more_names:  # the common case, without the generator (validation hot path)
            path = object.__new__(Path)
            object.__setattr__(path, "_segments", (*self._segments, (name, "")))
            return path
        return Path._of(self._segments + tuple((n, "") for n in (name, *more_names)))

    def index(self, index: int) -> Path:
        """Return the path subscripted by a list index (``Path.Index``): ``containers[0]``."""
        return Path._of((*self._segments, ("", str(index))))

    def key(self, key: str) -> Path:
        """Return the path subscripted by a map key (``Path.Key``): ``labels[app]``."""
        return Path._of((*self._segments, ("", key)))

    def root(self) -> Path:
        """Return the first element of the path (``Path.Root``)."""
        return Path._of(self._segments[:1])

    def __str__(self) -> str:
        parts: list[str] = []
        for i, (name, index) in enumerate(self._segments):
            if name:
                parts.append(f".{name}" if i > 0 else name)
            else:
                parts.append(f"[{index}]")
        return "".join(parts)

    def __repr__(self) -> str:
        return f"Path({str(self)!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Path) and other._segments == self._segments

    def __hash__(self) -> int:
        return hash(self._segments)


def _path_string(path: Path | None) -> str:
    """``(*Path).String()``: a nil path prints as ``<nil>``."""
    return "<nil>" if path is None else str(path)


class ErrorType(StrEnum):
    """``field.ErrorType``: the value is the ``StatusCause`` reason, ``text`` the printed type."""

    NOT_FOUND = "FieldValueNotFound"
    REQUIRED = "FieldValueRequired"
    DUPLICATE = "FieldValueDuplicate"
    INVALID = "FieldValueInvalid"
    NOT_SUPPORTED = "FieldValueNotSupported"
    FORBIDDEN = "FieldValueForbidden"
    TOO_LONG = "FieldValueTooLong"
    TOO_MANY = "FieldValueTooMany"
    TOO_FEW = "FieldValueTooFew"
    INTERNAL = "InternalError"
    TYPE_INVALID = "FieldValueTypeInvalid"
    TOO_SHORT = "FieldValueTooShort"

    @property
    def text(self) -> str:
        """The canonical message of the type (Go ``ErrorType.String()``): ``Invalid value``."""
        return _TYPE_TEXT[self]

    @property
    def reason(self) -> str:
        """The ``StatusCause.reason`` this type becomes in an Invalid ``Status``."""
        return self.value


_TYPE_TEXT: Final[dict[ErrorType, str]] = {
    ErrorType.NOT_FOUND: "Not found",
    ErrorType.REQUIRED: "Required value",
    ErrorType.DUPLICATE: "Duplicate value",
    ErrorType.INVALID: "Invalid value",
    ErrorType.NOT_SUPPORTED: "Unsupported value",
    ErrorType.FORBIDDEN: "Forbidden",
    ErrorType.TOO_LONG: "Too long",
    ErrorType.TOO_MANY: "Too many",
    ErrorType.TOO_FEW: "Too few",
    ErrorType.INTERNAL: "Internal error",
    ErrorType.TYPE_INVALID: "Invalid value",  # sic: upstream prints TypeInvalid like Invalid
    ErrorType.TOO_SHORT: "Too short",
}

# Types whose message never shows the bad value (first case of ErrorBody's switch).
_VALUE_HIDDEN: Final = frozenset(
    {
        ErrorType.REQUIRED,
        ErrorType.FORBIDDEN,
        ErrorType.TOO_LONG,
        ErrorType.TOO_SHORT,
        ErrorType.INTERNAL,
    }
)


class _OmitValue:
    """``field.omitValue``: a bad value that is never printed."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "OMIT_VALUE"


OMIT_VALUE: Final = _OmitValue()
"""Bad value meaning "print only the type" (``TooMany`` with an unknown actual count)."""


# --- the error -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldError:
    """``field.Error``: one field-level validation failure."""

    type: ErrorType
    field: str
    bad_value: Any
    detail: str = ""

    def error_body(self) -> str:
        """The message without the field path (Go ``ErrorBody()``), used in ``StatusCause``."""
        if self.type in _VALUE_HIDDEN or self.bad_value is OMIT_VALUE:
            body = self.type.text
        else:
            body = f"{self.type.text}: {go_value(self.bad_value)}"
        if self.detail:
            body += f": {self.detail}"
        return body

    def __str__(self) -> str:
        return f"{self.field}: {self.error_body()}"

    @property
    def reason(self) -> str:
        """The ``StatusCause.reason`` of this error (``FieldValueInvalid``, ...)."""
        return self.type.value


ErrorList = list[FieldError]
"""``field.ErrorList``."""


def aggregate_message(errors: Iterable[object]) -> str:
    """Text of ``utilerrors.NewAggregate(errs).Error()``: ``e1`` or ``[e1, e2]``, deduplicated.

    Identical messages are printed once; if only one distinct message remains it is
    printed without brackets. An empty list gives ``""``.
    """
    seen: dict[str, None] = {}
    for err in errors:
        seen.setdefault(str(err), None)
    messages = list(seen)
    if len(messages) == 1:
        return messages[0]
    if not messages:
        return ""
    return "[" + ", ".join(messages) + "]"


# --- constructors (named after upstream) ---------------------------------------------


def invalid(path: Path | None, value: Any, detail: str) -> FieldError:
    """``field.Invalid``: a malformed value (failed regex, out of range, ...)."""
    return FieldError(ErrorType.INVALID, _path_string(path), value, detail)


def required(path: Path | None, detail: str = "") -> FieldError:
    """``field.Required``: a value that must be given and was not."""
    return FieldError(ErrorType.REQUIRED, _path_string(path), "", detail)


def not_supported(path: Path | None, value: Any, valid_values: Iterable[object]) -> FieldError:
    """``field.NotSupported``: a value outside an enumeration (``supported values: "a", "b"``)."""
    quoted = [go_quote(str(v.value if isinstance(v, Enum) else v)) for v in valid_values]
    detail = "supported values: " + ", ".join(quoted) if quoted else ""
    return FieldError(ErrorType.NOT_SUPPORTED, _path_string(path), value, detail)


def duplicate(path: Path | None, value: Any) -> FieldError:
    """``field.Duplicate``: a value that must be unique and is not."""
    return FieldError(ErrorType.DUPLICATE, _path_string(path), value)


def forbidden(path: Path | None, detail: str) -> FieldError:
    """``field.Forbidden``: a well-formed value not allowed here."""
    return FieldError(ErrorType.FORBIDDEN, _path_string(path), "", detail)


def _limit_detail(limit: int, template: str, unit: str, unknown: str) -> str:
    """``template`` with ``N unit(s)`` for a known limit; ``unknown`` for a negative one."""
    if limit < 0:
        return unknown
    return template.format(f"{limit} {unit}" if limit == 1 else f"{limit} {unit}s")


def too_long(path: Path | None, value: Any, max_length: int) -> FieldError:
    """``field.TooLong``: ``may not be more than N bytes`` (the value is never printed)."""
    detail = _limit_detail(max_length, "may not be more than {}", "byte", "value is too long")
    del value  # upstream ignores the value and stores "<value omitted>"
    return FieldError(ErrorType.TOO_LONG, _path_string(path), "<value omitted>", detail)


def too_many(path: Path | None, actual: int, max_quantity: int) -> FieldError:
    """``field.TooMany``: ``Too many: 5: must have at most 3 items`` (actual < 0: not shown)."""
    detail = _limit_detail(max_quantity, "must have at most {}", "item", "has too many items")
    value: Any = actual if actual >= 0 else OMIT_VALUE
    return FieldError(ErrorType.TOO_MANY, _path_string(path), value, detail)


def not_found(path: Path | None, value: Any) -> FieldError:
    """``field.NotFound``: a referenced value that does not exist."""
    return FieldError(ErrorType.NOT_FOUND, _path_string(path), value)


def internal_error(path: Path | None, err: BaseException | str) -> FieldError:
    """``field.InternalError``: a failure not caused by the user's input."""
    return FieldError(ErrorType.INTERNAL, _path_string(path), err, str(err))


def type_invalid(path: Path | None, value: Any, detail: str) -> FieldError:
    """``field.TypeInvalid``: a value of the wrong schema type (printed as ``Invalid value``)."""
    return FieldError(ErrorType.TYPE_INVALID, _path_string(path), value, detail)
