"""Per-kind create/update strategies: what the apiserver does to an object before storing it.

Owns: the ``RESTStrategy`` contract the store calls (defaulting, generated
fields, validation on create/update/status update, warnings, deletion
defaults) and one strategy per kind jobsim serves. Layer 0: pure functions of
objects; no store, no clock (the store passes uid and time in).

Mirrors upstream ``pkg/registry/<group>/<kind>/strategy.go``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from jobsim.api._base import K8sModel
from jobsim.api.field import FieldError

__all__ = [
    "STRATEGIES",
    "RESTStrategy",
    "strategy_for",
]


@dataclass(frozen=True)
class RESTStrategy:
    """Defaulting and validation hooks for one resource, as upstream ``rest.RESTCreateStrategy``.

    The base class accepts everything; kinds override what upstream checks.
    """

    plural: ClassVar[str] = ""
    has_status: ClassVar[bool] = True
    graceful_deletion: ClassVar[bool] = False
    default_propagation: ClassVar[str] = "Background"
    """What a DELETE without propagationPolicy does (batch/v1 Jobs: Orphan)."""

    def prepare_for_create(self, obj: K8sModel) -> None:
        """Default the object and set generated fields (uid/time are already set by the store)."""

    def validate(self, obj: K8sModel) -> list[FieldError]:
        """Validate a new object; an empty list means valid."""
        return []

    def warnings_on_create(self, obj: K8sModel) -> list[str]:
        """Warnings returned to the client on create (HTTP ``Warning`` headers)."""
        return []

    def prepare_for_update(self, new: K8sModel, old: K8sModel) -> None:
        """Main-resource update: keep the stored status, bump generation on spec change."""

    def validate_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """Validate an update of the main resource."""
        return []

    def prepare_for_status_update(self, new: K8sModel, old: K8sModel) -> None:
        """Status update: keep the stored spec (and for Pods, deletion and owner fields)."""

    def validate_status_update(self, new: K8sModel, old: K8sModel) -> list[FieldError]:
        """Validate a status update."""
        return []


STRATEGIES: dict[str, RESTStrategy] = {}


def strategy_for(plural: str) -> RESTStrategy:
    """Return the strategy for a resource plural (``jobs``, ``pods``, ``events``, ``namespaces``)."""
    return STRATEGIES.get(plural) or RESTStrategy()
