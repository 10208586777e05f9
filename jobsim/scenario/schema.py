"""The ``kind: Scenario`` document (``apiVersion: jobsim.dev/v1alpha1``) and its JSON Schema.

Owns the top-level scenario settings — seed, epoch, nodes, when the run ends, pod behaviours,
the timeline and the expectations — and :func:`scenario_json_schema`, the JSON Schema editors
use to complete and check scenario files (committed as ``docs/scenario.schema.json``).
Imports pydantic, ``jobsim.behavior`` and the other ``jobsim.scenario.schema_*`` modules; must
not import the store, the controllers or the simulation.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.clock import DEFAULT_EPOCH
from jobsim.duration import DurationError, parse_duration
from jobsim.scenario._types import DURATION_JSON_SCHEMA, Duration, Epoch, SchemaModel
from jobsim.scenario.schema_actions import Action
from jobsim.scenario.schema_expectations import Expectation

__all__ = [
    "ALL_JOBS_FINISHED",
    "API_VERSION",
    "DEFAULT_BOUND",
    "KIND",
    "ScenarioSettings",
    "scenario_json_schema",
    "scenario_json_schema_text",
]

API_VERSION: Final = "jobsim.dev/v1alpha1"
KIND: Final = "Scenario"
ALL_JOBS_FINISHED: Final = "allJobsFinished"
DEFAULT_BOUND: Final = 7 * 24 * 3600.0
"""How long an ``until: allJobsFinished`` run may last at most (one week), unless ``bound``."""
DEFAULT_TERMINATED_POD_GC_THRESHOLD: Final = 12500
"""kube-controller-manager's default ``--terminated-pod-gc-threshold`` (the PodGC default)."""
DEFAULT_EVENT_TTL: Final = 3600.0
"""kube-apiserver's default ``--event-ttl`` (1h), in seconds."""


def _until(value: Any) -> Any:
    if value == ALL_JOBS_FINISHED:
        return value
    try:
        seconds = parse_duration(value)
    except DurationError as exc:
        raise PydanticCustomError(
            "until", "{detail} (or allJobsFinished)", {"detail": str(exc)}
        ) from None
    if seconds < 0:
        raise PydanticCustomError("negative_time", "must not be negative, got {v}", {"v": value})
    return seconds


Until = Annotated[
    float | Literal["allJobsFinished"],
    BeforeValidator(_until),
    WithJsonSchema(
        {
            "anyOf": [{"const": ALL_JOBS_FINISHED}, *DURATION_JSON_SCHEMA["anyOf"]],
            "description": "A simulated time (90s, 1h), or allJobsFinished (bounded by bound).",
        }
    ),
]


def _default_epoch() -> datetime:
    return datetime.fromisoformat(str(DEFAULT_EPOCH).replace("Z", "+00:00"))


class ScenarioSettings(SchemaModel):
    """The ``kind: Scenario`` document: how the world behaves and what should happen."""

    api_version: Literal["jobsim.dev/v1alpha1"]
    kind: Literal["Scenario"]
    name: str = ""
    description: str = ""
    seed: int = Field(default=0, ge=0)
    epoch: Epoch = Field(default_factory=_default_epoch)
    """The wall-clock instant simulated time 0 stands for (default 2026-01-01T00:00:00Z)."""
    nodes: int = Field(default=1, ge=1)
    """How many nodes, named node-0, node-1, ..."""
    until: Until = ALL_JOBS_FINISHED
    """When the run ends: a simulated time, or allJobsFinished (the default)."""
    bound: Duration = DEFAULT_BOUND
    """With ``until: allJobsFinished``: end the run at this simulated time at the latest."""
    behaviors: list[PodBehavior] = Field(default_factory=list)
    """Pod behaviours, first match wins (see ``jobsim.behavior``)."""
    default_behavior: PodBehavior | None = None
    """The behaviour of pods no selector matches (default: run 10 s, exit 0)."""
    event_correlation: bool = True
    """Write Events through client-go's EventCorrelator (aggregation, spam filter)."""
    terminated_pod_gc_threshold: int = Field(
        default=DEFAULT_TERMINATED_POD_GC_THRESHOLD, alias="terminatedPodGCThreshold"
    )
    """kube-controller-manager ``--terminated-pod-gc-threshold``: terminated pods kept before
    PodGC deletes the oldest; 0 or less disables PodGC."""
    event_ttl: Duration | None = Field(default=DEFAULT_EVENT_TTL, alias="eventTTL")
    """kube-apiserver ``--event-ttl``: how long an Event lives after its last write; null:
    Events are never removed."""
    timeline: list[Action] = Field(default_factory=list)
    expectations: list[Expectation] = Field(default_factory=list)

    def behavior_set(self) -> BehaviorSet:
        """The behaviours as the kubelet takes them."""
        return BehaviorSet(
            behaviors=list(self.behaviors), default=self.default_behavior or PodBehavior()
        )

    def end_time(self) -> float | None:
        """The explicit end of the run, or ``None`` for ``allJobsFinished``."""
        return None if isinstance(self.until, str) else float(self.until)


_DISTRIBUTION_SCHEMA: Final[dict[str, Any]] = {
    "description": (
        "A duration (10, 1m30s), or one of {fixed: 10s}, {uniform: {low, high}}, "
        "{exponential: {mean}}, {normal: {mean, stddev}}, {lognormal: {mu|median, sigma}}, "
        "{empirical: {values: [...]}}."
    ),
    "anyOf": [
        *DURATION_JSON_SCHEMA["anyOf"],
        {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "fixed": DURATION_JSON_SCHEMA,
                "uniform": {"type": "object", "required": ["low", "high"]},
                "exponential": {"type": "object", "required": ["mean"]},
                "normal": {"type": "object", "required": ["mean", "stddev"]},
                "lognormal": {"type": "object", "required": ["sigma"]},
                "empirical": {"type": "object", "required": ["values"]},
            },
            "additionalProperties": False,
        },
    ],
}


def scenario_json_schema() -> dict[str, Any]:
    """The JSON Schema of scenario files: Scenario documents checked, other documents free."""
    inner = ScenarioSettings.model_json_schema(by_alias=True, mode="validation")
    defs: dict[str, Any] = inner.pop("$defs", {})
    if "DistributionBase" in defs:
        defs["DistributionBase"] = _DISTRIBUTION_SCHEMA
    defs["Scenario"] = inner
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://jobsim.dev/schemas/scenario.schema.json",
        "title": "jobsim scenario document",
        "description": (
            "A document of a jobsim scenario file: a Kubernetes manifest (not checked here), "
            f"or the one kind: {KIND} document (apiVersion {API_VERSION})."
        ),
        "if": {"properties": {"kind": {"const": KIND}}, "required": ["kind"]},
        "then": {"$ref": "#/$defs/Scenario"},
        "$defs": defs,
    }


def scenario_json_schema_text() -> str:
    """The schema as committed in ``docs/scenario.schema.json`` (2-space indent, final newline)."""
    return json.dumps(scenario_json_schema(), indent=2, ensure_ascii=False) + "\n"
