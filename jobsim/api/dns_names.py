"""Object names: ``pkg/util/validation``'s DNS-1123 checks and ``generic.go``'s name functions.

Owns what decides whether a name is acceptable: ``is_dns1123_label`` and
``is_dns1123_subdomain`` as ``pkg/util/validation`` still words them (``MaxLenError`` says
``must be no more than N characters`` there, ``bytes`` in ``content``), ``is_domain_prefixed_path``,
and the ``ValidateNameFunc``s of ``pkg/api/validation/generic.go`` (``name_is_dns_subdomain``,
``name_is_dns_label``, ``validate_namespace_name``, ``mask_trailing_dash``).

The checks themselves live once, in ``jobsim.api.content``; this module only picks the wording.
Must not import anything from jobsim except ``jobsim.api.content`` and ``jobsim.api.field``
(layer 0): no models, no store, no logging.

Sources: kubernetes ``staging/src/k8s.io/apimachinery/pkg/util/validation/validation.go``
(``IsDNS1123Label``, ``IsDNS1123Subdomain``, ``IsDomainPrefixedPath``, ``MaxLenError``) and
``pkg/api/validation/generic.go``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final

from jobsim.api import content
from jobsim.api.field import ErrorList, Path, invalid, required

__all__ = [
    "ValidateNameFunc",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_domain_prefixed_path",
    "mask_trailing_dash",
    "max_len_error",
    "name_is_dns_label",
    "name_is_dns_subdomain",
    "validate_namespace_name",
]

_HTTP_PATH_FMT: Final = r"[A-Za-z0-9/\-._~%!$&'()*+,;=:]+"
_HTTP_PATH_RE: Final = re.compile(_HTTP_PATH_FMT)

ValidateNameFunc = Callable[[str, bool], list[str]]
"""``ValidateNameFunc(name, prefix)``: messages for a bad name; ``prefix`` for generateName."""


def max_len_error(length: int) -> str:
    """``validation.MaxLenError``: ``must be no more than N characters``."""
    return f"must be no more than {length} characters"


def is_dns1123_label(value: str) -> list[str]:
    """``validation.IsDNS1123Label``: at most 63 of ``[a-z0-9-]``, alphanumeric at both ends."""
    return content.is_dns1123_label(value, max_len_error)


def is_dns1123_subdomain(value: str) -> list[str]:
    """``validation.IsDNS1123Subdomain``: dot-separated DNS-1123 labels, at most 253 long."""
    return content.is_dns1123_subdomain(value, max_len_error)


def is_domain_prefixed_path(path: Path, value: str) -> ErrorList:
    """``IsDomainPrefixedPath``: ``acme.io/foo``, a DNS subdomain, ``/``, an HTTP path."""
    if not value:
        return [required(path)]
    host, sep, rest = value.partition("/")
    if not sep or not host or not rest:
        return [invalid(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')]
    errs: ErrorList = [invalid(path, host, msg) for msg in is_dns1123_subdomain(host)]
    if not _HTTP_PATH_RE.fullmatch(rest):
        errs.append(invalid(path, rest, content.regex_error("Invalid path", _HTTP_PATH_FMT)))
    return errs


def mask_trailing_dash(name: str) -> str:
    """``maskTrailingDash``: ``foo-`` → ``foa`` (upstream also drops the character before)."""
    if len(name) > 1 and name.endswith("-"):
        return name[:-2] + "a"
    return name


def name_is_dns_subdomain(name: str, prefix: bool) -> list[str]:
    """``NameIsDNSSubdomain``: the name rule of Jobs and Pods."""
    return is_dns1123_subdomain(mask_trailing_dash(name) if prefix else name)


def name_is_dns_label(name: str, prefix: bool) -> list[str]:
    """``NameIsDNSLabel``: the name rule of Namespaces."""
    return is_dns1123_label(mask_trailing_dash(name) if prefix else name)


validate_namespace_name: ValidateNameFunc = name_is_dns_label
"""``ValidateNamespaceName``: namespaces are DNS-1123 labels."""
