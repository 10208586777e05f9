"""``SelfSubjectAccessReview``: what ``kubectl auth can-i`` asks, answered as AlwaysAllow.

Owns :data:`ACCESS_REVIEW_PATH` and :func:`access_review_answer`. ``jobsim serve`` has no
users and no authorization (it is meant for loopback), which kube-apiserver calls
``--authorization-mode=AlwaysAllow``: every review is ``status.allowed: true``. The answer
echoes the request's ``spec`` when the body is JSON (kubectl may send protobuf, whose spec is
not decoded here: the answer then has an empty spec, which kubectl does not read).
Upstream: ``pkg/registry/authorization/selfsubjectaccessreview/rest.go``,
``staging/src/k8s.io/apiserver/pkg/authorization/authorizerfactory/builtin.go``
(``alwaysAllowAuthorizer``). Imports nothing from the rest of jobsim.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any, Final

__all__ = ["ACCESS_REVIEW_PATH", "access_review_answer"]

ACCESS_REVIEW_PATH: Final = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"


def access_review_answer(body: bytes, headers: Mapping[str, str]) -> dict[str, Any]:
    """The created ``SelfSubjectAccessReview``: the request's spec, ``allowed: true``."""
    spec: Any = {}
    if "json" in headers.get("content-type", "json"):
        try:
            sent = json.loads(body or b"{}")
        except ValueError:
            sent = {}
        if isinstance(sent, dict) and isinstance(sent.get("spec"), dict):
            spec = sent["spec"]
    return {
        "kind": "SelfSubjectAccessReview",
        "apiVersion": "authorization.k8s.io/v1",
        "metadata": {"creationTimestamp": None},
        "spec": spec,
        "status": {"allowed": True},
    }
