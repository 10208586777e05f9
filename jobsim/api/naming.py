"""Name, label and ObjectMeta validation: one import for what the API validators use.

Gathers, under their long-standing names, the string validators and ObjectMeta rules that
live in three single-purpose modules:

- ``jobsim.api.content``: label keys and values (``is_qualified_name`` and
  ``is_valid_label_value`` are upstream's ``pkg/util/validation`` aliases of
  ``content.IsLabelKey``/``content.IsLabelValue``, whose too-long message says ``bytes``),
  ``regex_error``, ``empty_error``;
- ``jobsim.api.dns_names``: DNS-1123 object names as ``pkg/util/validation`` words them
  (``max_len_error`` says ``characters``), domain-prefixed paths and the ``generic.go`` name
  functions;
- ``jobsim.api.objectmeta``: labels, annotations, owner references, finalizers, managed
  fields, and the create and update checks of ObjectMeta.

Owns no logic of its own. Must not import anything above layer 0.
"""

from __future__ import annotations

from typing import Final

from jobsim.api import content
from jobsim.api.content import (
    DNS1123_LABEL_MAX_LENGTH,
    DNS1123_SUBDOMAIN_MAX_LENGTH,
    LABEL_KEY_MAX_LENGTH,
    LABEL_VALUE_MAX_LENGTH,
    empty_error,
    regex_error,
)
from jobsim.api.dns_names import (
    ValidateNameFunc,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_domain_prefixed_path,
    mask_trailing_dash,
    max_len_error,
    name_is_dns_label,
    name_is_dns_subdomain,
    validate_namespace_name,
)
from jobsim.api.objectmeta import (
    FIELD_IMMUTABLE_ERROR_MSG,
    FIELD_MANAGER_MAX_LENGTH,
    FINALIZER_DELETE_DEPENDENTS,
    FINALIZER_ORPHAN_DEPENDENTS,
    MAX_SUBRESOURCE_NAME_LENGTH,
    TOTAL_ANNOTATION_SIZE_LIMIT_B,
    validate_annotations,
    validate_finalizers,
    validate_immutable_field,
    validate_labels,
    validate_managed_fields,
    validate_no_new_finalizers,
    validate_object_meta,
    validate_object_meta_update,
    validate_owner_references,
)

__all__ = [
    "DNS1123_LABEL_MAX_LENGTH",
    "DNS1123_SUBDOMAIN_MAX_LENGTH",
    "FIELD_IMMUTABLE_ERROR_MSG",
    "FIELD_MANAGER_MAX_LENGTH",
    "FINALIZER_DELETE_DEPENDENTS",
    "FINALIZER_ORPHAN_DEPENDENTS",
    "LABEL_KEY_MAX_LENGTH",
    "LABEL_VALUE_MAX_LENGTH",
    "MAX_SUBRESOURCE_NAME_LENGTH",
    "TOTAL_ANNOTATION_SIZE_LIMIT_B",
    "ValidateNameFunc",
    "empty_error",
    "is_dns1123_label",
    "is_dns1123_subdomain",
    "is_domain_prefixed_path",
    "is_qualified_name",
    "is_valid_label_value",
    "mask_trailing_dash",
    "max_len_error",
    "name_is_dns_label",
    "name_is_dns_subdomain",
    "regex_error",
    "validate_annotations",
    "validate_finalizers",
    "validate_immutable_field",
    "validate_labels",
    "validate_managed_fields",
    "validate_namespace_name",
    "validate_no_new_finalizers",
    "validate_object_meta",
    "validate_object_meta_update",
    "validate_owner_references",
]

is_qualified_name: Final = content.is_label_key
"""``validation.IsQualifiedName``: upstream's alias of ``content.IsLabelKey``."""

is_valid_label_value: Final = content.is_label_value
"""``validation.IsValidLabelValue``: upstream's alias of ``content.IsLabelValue``."""
