"""Label keys and values and DNS-1123 names, as apimachinery ``pkg/api/validate/content``.

Owns the string validators every label, annotation key and finalizer goes through:
``is_label_key`` (``IsLabelKey``, alias ``IsQualifiedName``), ``is_label_value``
(``IsLabelValue``), this package's DNS-1123 label and subdomain checks, and the message
builders ``max_len_error`` (``must be no more than N bytes``), ``regex_error`` and
``empty_error``. Each returns the list of upstream's messages (empty when valid).

The DNS-1123 checks take the too-long message as a parameter: the older
``pkg/util/validation`` versions (still used for object names, see ``jobsim.api.dns_names``)
say ``characters`` where this package says ``bytes``, and are otherwise the same.

Must not import anything from jobsim (bottom of layer 0). Lengths are UTF-8 bytes and
regexes match the whole string, as Go's ``len`` and anchored ``regexp`` do.

Performance: a string found valid is remembered (a bounded set per validator), so the labels,
finalizers and names that every write of an object re-validates cost a set lookup after the
first time. Only valid strings are remembered: an invalid one is checked afresh and returns
the same messages as always. (Upstream re-validates everything; the answer for a string cannot
change, so remembering it is not observable.)

Sources: kubernetes ``staging/src/k8s.io/apimachinery/pkg/api/validate/content/{kube,dns,
errors}.go``; ``pkg/util/validation/validation.go`` aliases ``IsQualifiedName`` and
``IsValidLabelValue`` to ``content.IsLabelKey``/``content.IsLabelValue``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

__all__ = [
    "DNS1123_LABEL_MAX_LENGTH",
    "DNS1123_SUBDOMAIN_MAX_LENGTH",
    "LABEL_KEY_MAX_LENGTH",
    "LABEL_VALUE_MAX_LENGTH",
    "MaxLenError",
    "byte_len",
    "empty_error",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_label_key",
    "is_label_value",
    "max_len_error",
    "regex_error",
]

DNS1123_LABEL_MAX_LENGTH: Final = 63
DNS1123_SUBDOMAIN_MAX_LENGTH: Final = 253
LABEL_KEY_MAX_LENGTH: Final = 63
LABEL_VALUE_MAX_LENGTH: Final = 63

_DNS1123_LABEL_FMT: Final = "[a-z0-9]([-a-z0-9]*[a-z0-9])?"
_DNS1123_LABEL_ERR_MSG: Final = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character"
)
_DNS1123_SUBDOMAIN_FMT: Final = _DNS1123_LABEL_FMT + "(\\." + _DNS1123_LABEL_FMT + ")*"
_DNS1123_SUBDOMAIN_ERR_MSG: Final = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
    "'-' or '.', and must start and end with an alphanumeric character"
)
_LABEL_KEY_FMT: Final = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]"
_LABEL_KEY_ERR_MSG: Final = (
    "must consist of alphanumeric characters, '-', '_' or '.', "
    "and must start and end with an alphanumeric character"
)
_LABEL_VALUE_FMT: Final = "(" + _LABEL_KEY_FMT + ")?"
_LABEL_VALUE_ERR_MSG: Final = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' "
    "or '.', and must start and end with an alphanumeric character"
)

_DNS1123_LABEL_RE: Final = re.compile(_DNS1123_LABEL_FMT)
_DNS1123_SUBDOMAIN_RE: Final = re.compile(_DNS1123_SUBDOMAIN_FMT)
_LABEL_KEY_RE: Final = re.compile(_LABEL_KEY_FMT)
_LABEL_VALUE_RE: Final = re.compile(_LABEL_VALUE_FMT)

MaxLenError = Callable[[int], str]
"""A ``MaxLenError`` flavour: the message for a string longer than its limit."""

_VALID_CACHE_LIMIT: Final = 65536
"""Each validator remembers at most this many valid strings (then starts over)."""


class _ValidSet:
    """A bounded set of strings a validator found valid."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: set[str] = set()

    def __contains__(self, value: str) -> bool:
        return value in self._items

    def add(self, value: str) -> None:
        items = self._items
        if len(items) >= _VALID_CACHE_LIMIT:
            items.clear()
        items.add(value)


_VALID_LABEL_KEYS = _ValidSet()
_VALID_LABEL_VALUES = _ValidSet()
_VALID_DNS1123_LABELS = _ValidSet()
_VALID_DNS1123_SUBDOMAINS = _ValidSet()


def byte_len(value: str) -> int:
    """Go's ``len`` of a string: its length in UTF-8 bytes."""
    return len(value.encode("utf-8", "surrogatepass"))


def max_len_error(length: int) -> str:
    """``content.MaxLenError``: ``must be no more than N bytes``."""
    return f"must be no more than {length} bytes"


def regex_error(msg: str, fmt: str, *examples: str) -> str:
    """``RegexError``: ``<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')``."""
    if not examples:
        return f"{msg} (regex used for validation is '{fmt}')"
    shown = " or ".join(f"'{example}', " for example in examples)
    return f"{msg} (e.g. {shown}regex used for validation is '{fmt}')"


def empty_error() -> str:
    """``EmptyError``: ``must be non-empty``."""
    return "must be non-empty"


def is_dns1123_label(value: str, too_long: MaxLenError = max_len_error) -> list[str]:
    """``IsDNS1123Label``: at most 63 bytes of ``[a-z0-9-]``, alphanumeric at both ends."""
    if value in _VALID_DNS1123_LABELS:
        return []
    errs: list[str] = []
    if byte_len(value) > DNS1123_LABEL_MAX_LENGTH:
        errs.append(too_long(DNS1123_LABEL_MAX_LENGTH))
    if not _DNS1123_LABEL_RE.fullmatch(value):
        if _DNS1123_SUBDOMAIN_RE.fullmatch(value):
            errs.append("must not contain dots")
        else:
            errs.append(
                regex_error(_DNS1123_LABEL_ERR_MSG, _DNS1123_LABEL_FMT, "my-name", "123-abc")
            )
    if not errs:
        _VALID_DNS1123_LABELS.add(value)
    return errs


def is_dns1123_subdomain(value: str, too_long: MaxLenError = max_len_error) -> list[str]:
    """``IsDNS1123Subdomain``: dot-separated DNS-1123 labels, at most 253 bytes."""
    if value in _VALID_DNS1123_SUBDOMAINS:
        return []
    errs: list[str] = []
    if byte_len(value) > DNS1123_SUBDOMAIN_MAX_LENGTH:
        errs.append(too_long(DNS1123_SUBDOMAIN_MAX_LENGTH))
    if not _DNS1123_SUBDOMAIN_RE.fullmatch(value):
        errs.append(regex_error(_DNS1123_SUBDOMAIN_ERR_MSG, _DNS1123_SUBDOMAIN_FMT, "example.com"))
    if not errs:
        _VALID_DNS1123_SUBDOMAINS.add(value)
    return errs


def is_label_key(value: str) -> list[str]:
    """``IsLabelKey`` (``IsQualifiedName``): ``[prefix/]name``, prefix a DNS subdomain."""
    if value in _VALID_LABEL_KEYS:
        return []
    key_regex_error = regex_error(
        _LABEL_KEY_ERR_MSG, _LABEL_KEY_FMT, "MyName", "my.name", "123-abc"
    )
    errs: list[str] = []
    parts = value.split("/")
    if len(parts) > 2:
        return [
            f"a valid label key {key_regex_error} with an optional DNS subdomain prefix and '/' "
            "(e.g. 'example.com/MyName')"
        ]
    name = parts[-1]
    if len(parts) == 2:
        prefix = parts[0]
        if not prefix:
            errs.append("prefix part " + empty_error())
        else:
            errs.extend("prefix part " + msg for msg in is_dns1123_subdomain(prefix))
    if not name:
        errs.append("name part " + empty_error())
    elif byte_len(name) > LABEL_KEY_MAX_LENGTH:
        errs.append("name part " + max_len_error(LABEL_KEY_MAX_LENGTH))
    if not _LABEL_KEY_RE.fullmatch(name):
        errs.append("name part " + key_regex_error)
    if not errs:
        _VALID_LABEL_KEYS.add(value)
    return errs


def is_label_value(value: str) -> list[str]:
    """``IsLabelValue``: empty, or at most 63 bytes of ``[A-Za-z0-9-_.]`` framed by alnum."""
    if value in _VALID_LABEL_VALUES:
        return []
    errs: list[str] = []
    if byte_len(value) > LABEL_VALUE_MAX_LENGTH:
        errs.append(max_len_error(LABEL_VALUE_MAX_LENGTH))
    if not _LABEL_VALUE_RE.fullmatch(value):
        errs.append(
            regex_error(_LABEL_VALUE_ERR_MSG, _LABEL_VALUE_FMT, "MyValue", "my_value", "12345")
        )
    if not errs:
        _VALID_LABEL_VALUES.add(value)
    return errs
