"""The three Kubernetes PATCH types on plain JSON documents (dicts and lists).

Owns PATCH semantics, independent of models and of the store: ``apply_patch`` dispatches on the
``Content-Type`` exactly as the apiserver's PATCH handler does, to

* ``apply_json_patch`` (RFC 6902, ``application/json-patch+json``),
* ``merge_patch`` (RFC 7386 as evanphx/json-patch v4 applies it, ``application/merge-patch+json``),
* ``strategic_merge_patch`` (``application/strategic-merge-patch+json``), driven by
  ``strategic_schema(kind)`` for Job, Pod, Event and Namespace.

Every failure is a ``PatchError`` (a ``ValueError``) with the HTTP ``code``, ``reason`` and
``message`` the apiserver would return; the store turns it into a ``Status``.
``create_merge_patch`` is the inverse of ``merge_patch``, for scenario diffs.

Layer 1. Must not import anything from jobsim outside this package (notably not ``jobsim.errors``
or ``jobsim.api``): it works on what ``K8sModel.to_dict()`` returns.
"""

from __future__ import annotations

from jobsim.patching.dispatch import (
    APPLY_PATCH,
    JSON_PATCH,
    MERGE_PATCH,
    STRATEGIC_MERGE_PATCH,
    apply_patch,
    patch_media_type,
    supported_patch_types,
)
from jobsim.patching.errors import GENERIC_INVALID_MESSAGE, PatchError
from jobsim.patching.json_patch import MAX_JSON_PATCH_OPERATIONS, apply_json_patch
from jobsim.patching.merge_patch import create_merge_patch, merge_patch
from jobsim.patching.schema import (
    STRATEGIC_KINDS,
    PatchMeta,
    PatchSchema,
    strategic_schema,
)
from jobsim.patching.strategic import strategic_merge_patch

__all__ = [
    "APPLY_PATCH",
    "GENERIC_INVALID_MESSAGE",
    "JSON_PATCH",
    "MAX_JSON_PATCH_OPERATIONS",
    "MERGE_PATCH",
    "STRATEGIC_KINDS",
    "STRATEGIC_MERGE_PATCH",
    "PatchError",
    "PatchMeta",
    "PatchSchema",
    "apply_json_patch",
    "apply_patch",
    "create_merge_patch",
    "merge_patch",
    "patch_media_type",
    "strategic_merge_patch",
    "strategic_schema",
    "supported_patch_types",
]
