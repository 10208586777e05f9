"""We test these aspects:

- the two ``MaxLenError`` wordings: ``content`` (label keys and values) says ``bytes``,
  ``pkg/util/validation`` (object names, ``jobsim.api.dns_names``) says ``characters``;
- the DNS-1123 checks are one implementation: the two flavours differ only in that word;
- lengths are Go's ``len``, UTF-8 bytes, not code points;
- ``is_qualified_name``/``is_valid_label_value`` are the content functions, as upstream's
  ``validation.IsQualifiedName = content.IsLabelKey`` aliases are.

Upstream: kubernetes ``staging/src/k8s.io/apimachinery/pkg/api/validate/content/errors.go``
(``MaxLenError``: ``must be no more than %d bytes``), ``content/{dns,kube}.go``, and
``pkg/util/validation/validation.go`` (its own ``MaxLenError``: ``must be no more than %d
characters``; ``IsQualifiedName``/``IsValidLabelValue`` aliases).
"""

from __future__ import annotations

import pytest

from jobsim.api import content, dns_names, naming


def test_max_len_error_wordings() -> None:
    """``content.MaxLenError`` says bytes; ``validation.MaxLenError`` says characters."""
    assert content.max_len_error(63) == "must be no more than 63 bytes"
    assert dns_names.max_len_error(63) == "must be no more than 63 characters"


DNS_VALUES = ["a" * 64, "a" * 254, "A" * 64, "a.b", "Foo", "ok", "x" * 300 + "_"]


@pytest.mark.parametrize("value", DNS_VALUES, ids=[v[:8] for v in DNS_VALUES])
def test_dns_flavours_differ_only_in_the_unit(value: str) -> None:
    """Both DNS-1123 flavours give the same messages but for ``bytes`` vs ``characters``."""

    def to_characters(msgs: list[str]) -> list[str]:
        return [m.replace(" bytes", " characters") for m in msgs]

    assert to_characters(content.is_dns1123_label(value)) == dns_names.is_dns1123_label(value)
    assert to_characters(content.is_dns1123_subdomain(value)) == (
        dns_names.is_dns1123_subdomain(value)
    )


def test_label_value_length_is_counted_in_utf8_bytes() -> None:
    """32 two-byte runes are 64 bytes: too long for a label value, as Go's ``len`` says."""
    assert "must be no more than 63 bytes" in content.is_label_value("é" * 32)
    assert "must be no more than 63 bytes" not in content.is_label_value("é" * 31)
    assert content.byte_len("é" * 32) == 64


def test_util_validation_aliases_are_the_content_functions() -> None:
    """``IsQualifiedName``/``IsValidLabelValue`` are ``content.IsLabelKey``/``IsLabelValue``."""
    assert naming.is_qualified_name is content.is_label_key
    assert naming.is_valid_label_value is content.is_label_value
