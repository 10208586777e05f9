"""Go-compatible validation messages shared by the selector modules.

Owns the text of apimachinery's label-key and label-value checks
(``content.IsLabelKey``/``IsQualifiedName``, ``content.IsLabelValue`` with
``MaxLenError``/``RegexError``), Go's ``%q`` and ``json.Marshal`` renderings of a
bad value, ``field.Invalid(...).Error()`` and ``ErrorList.ToAggregate().Error()``.

Upstream: ``k8s.io/apimachinery/pkg/api/validate/content/{kube,dns,errors}.go``,
``pkg/util/validation/field/errors.go``, ``pkg/util/errors/errors.go``.

Layer 1. Must not import anything from jobsim.
TODO(lead): dedupe the label-key/value checks with jobsim.api.naming.
"""

from __future__ import annotations

import json
import re
from typing import Final

__all__ = [
    "aggregate",
    "field_invalid",
    "go_json",
    "go_quote",
    "is_label_key",
    "is_label_value",
]

# --- qualified-name / label-value validation (content.IsLabelKey / IsLabelValue) -----------

# content.MaxLenError (pkg/api/validate/content/errors.go) says "bytes"; the older
# util/validation.MaxLenError, still used for DNS names there, says "characters".
_MAX_LEN_UNIT = "bytes"
_LABEL_KEY_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_MSG = (
    "must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
_LABEL_VALUE_FMT = "(" + _LABEL_KEY_FMT + ")?"
_LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character"
)
_DNS1123_LABEL_FMT = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_SUBDOMAIN_FMT = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character"
)
_LABEL_KEY_RE = re.compile(_LABEL_KEY_FMT)
_LABEL_VALUE_RE = re.compile(_LABEL_VALUE_FMT)
_DNS1123_SUBDOMAIN_RE = re.compile(_DNS1123_SUBDOMAIN_FMT)


def _max_len_error(length: int) -> str:
    return f"must be no more than {length} {_MAX_LEN_UNIT}"


def _regex_error(msg: str, fmt: str, *examples: str) -> str:
    # content.RegexError: every example is followed by "', " and they are joined with " or ".
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def is_label_key(value: str) -> list[str]:
    """``content.IsLabelKey`` (alias ``IsQualifiedName``): the list of problems."""
    key_regex_error = _regex_error(_LABEL_KEY_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc")
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) > 2:
        return [
            f"a valid label key {key_regex_error} with an optional DNS subdomain prefix "
            "and '/' (e.g. 'example.com/MyName')"
        ]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part must be non-empty")
        else:
            if len(prefix.encode()) > 253:
                errs.append("prefix part " + _max_len_error(253))
            if not _DNS1123_SUBDOMAIN_RE.fullmatch(prefix):
                msg = _regex_error(_DNS1123_SUBDOMAIN_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com")
                errs.append("prefix part " + msg)
    if not name:
        errs.append("name part must be non-empty")
    elif len(name.encode()) > 63:
        errs.append("name part " + _max_len_error(63))
    if not _LABEL_KEY_RE.fullmatch(name):
        errs.append("name part " + key_regex_error)
    return errs


def is_label_value(value: str) -> list[str]:
    """``content.IsLabelValue``: the list of problems."""
    errs: list[str] = []
    if len(value.encode()) > 63:
        errs.append(_max_len_error(63))
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(
            _regex_error(_LABEL_VALUE_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    return errs


# --- field.Error rendering -----------------------------------------------------------------

_GO_ESCAPES: Final = {
    "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
    '"': '\\"', "\\": "\\\\",
}  # fmt: skip


def go_quote(value: str) -> str:
    """Go's ``%q`` (``strconv.Quote``) of a string."""
    out = []
    for ch in value:
        code = ord(ch)
        if ch in _GO_ESCAPES:
            out.append(_GO_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def go_json(value: list[str] | None) -> str:
    """Go's ``json.Marshal`` of a string slice (with its HTML-safe escaping)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(raw, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def field_invalid(path: str, value: str | list[str] | None, detail: str) -> str:
    """``field.Invalid(path, value, detail).Error()``."""
    shown = go_quote(value) if isinstance(value, str) else go_json(value)
    return f"{path}: Invalid value: {shown}: {detail}"


def aggregate(errors: list[str]) -> str:
    """``ErrorList.ToAggregate().Error()``: deduplicated, bracketed when more than one."""
    unique = list(dict.fromkeys(errors))
    return unique[0] if len(unique) == 1 else "[" + ", ".join(unique) + "]"
