"""We test these aspects: the Scenario document's models and their JSON Schema.

- the committed ``docs/scenario.schema.json`` is what the models generate;
- the schema checks only ``kind: Scenario`` documents and discriminates actions and expectations;
- durations in Go syntax or seconds, never negative; ``until`` takes ``allJobsFinished``;
- unknown fields, missing comparators, conflicting timings are rejected.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from jobsim.apiserver.store import DEFAULT_EVENT_TTL
from jobsim.controllers.pod_gc import DEFAULT_TERMINATED_POD_GC_THRESHOLD
from jobsim.scenario import schema
from jobsim.scenario.schema import (
    ALL_JOBS_FINISHED,
    DEFAULT_BOUND,
    ScenarioSettings,
    scenario_json_schema,
    scenario_json_schema_text,
)
from jobsim.scenario.schema_actions import ScaleAction
from jobsim.scenario.schema_expectations import FieldCheck

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "docs" / "scenario.schema.json"
HEAD = {"apiVersion": "jobsim.dev/v1alpha1", "kind": "Scenario"}


def settings(**fields: Any) -> ScenarioSettings:
    """Validate a Scenario document with these fields."""
    return ScenarioSettings.model_validate({**HEAD, **fields})


def test_committed_schema_is_up_to_date() -> None:
    """docs/scenario.schema.json equals the generated schema (regenerate on model changes)."""
    hint = (
        "regenerate: python -c 'from jobsim.scenario import scenario_json_schema_text as t; "
        'open("docs/scenario.schema.json", "w").write(t())\''
    )
    assert SCHEMA_FILE.read_text(encoding="utf-8") == scenario_json_schema_text(), hint


def test_schema_checks_only_scenario_documents() -> None:
    """The top level applies the Scenario definition only when kind is Scenario."""
    schema = scenario_json_schema()
    assert schema["if"] == {"properties": {"kind": {"const": "Scenario"}}, "required": ["kind"]}
    assert schema["then"] == {"$ref": "#/$defs/Scenario"}
    assert schema["$defs"]["Scenario"]["additionalProperties"] is False


@pytest.mark.parametrize(
    ("field", "discriminator", "tag"),
    [("timeline", "action", "failPods"), ("expectations", "check", "condition")],
    ids=["actions", "expectations"],
)
def test_schema_unions_are_discriminated(field: str, discriminator: str, tag: str) -> None:
    """Editors see a discriminator mapping for actions and expectations."""
    items = scenario_json_schema()["$defs"]["Scenario"]["properties"][field]["items"]
    assert items["discriminator"]["propertyName"] == discriminator
    assert tag in items["discriminator"]["mapping"]


def test_schema_describes_distributions_not_an_empty_object() -> None:
    """Behaviour durations accept numbers, Go durations and one-key distribution mappings."""
    dist = scenario_json_schema()["$defs"]["DistributionBase"]
    kinds = [entry.get("type") for entry in dist["anyOf"]]
    assert kinds == ["number", "string", "object"]
    assert "uniform" in dist["anyOf"][2]["properties"]


def test_schema_field_descriptions_come_from_docstrings() -> None:
    """Field docstrings become descriptions editors show."""
    props = json.loads(scenario_json_schema_text())["$defs"]["Scenario"]["properties"]
    assert "allJobsFinished" in props["until"]["description"]
    assert "epoch" not in props["seed"].get("description", "")
    assert props["epoch"]["description"].startswith("The wall-clock instant")


def test_defaults_of_an_empty_scenario_document() -> None:
    """A Scenario document with only apiVersion and kind runs until all Jobs finish."""
    s = settings()
    assert (s.seed, s.nodes, s.until, s.bound) == (0, 1, ALL_JOBS_FINISHED, DEFAULT_BOUND)
    assert s.end_time() is None
    assert s.epoch.isoformat() == "2026-01-01T00:00:00+00:00"
    assert len(s.behavior_set()) == 0


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90.0), ("1m30s", 90.0), ("2h", 7200.0), ("500ms", 0.5), (45, 45.0), (1.5, 1.5)],
    ids=["90s", "1m30s", "2h", "500ms", "int", "float"],
)
def test_durations_in_go_syntax_or_seconds(text: Any, seconds: float) -> None:
    """Times read as Go durations or numbers of seconds."""
    assert settings(until=text).end_time() == seconds
    action = ScaleAction.model_validate(
        {"at": text, "action": "scale", "job": "j", "parallelism": 1}
    )
    assert action.at == seconds


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"until": "5 m"}, 'time: unknown unit " m" in duration "5 m" (or allJobsFinished)'),
        ({"until": "-1s"}, "must not be negative"),
        ({"bound": "soon"}, 'time: invalid duration "soon"'),
        ({"seed": "7"}, "Input should be a valid integer"),
        ({"nodes": 0}, "greater than or equal to 1"),
        ({"colour": "blue"}, "Extra inputs are not permitted"),
        ({"epoch": "yesterday"}, 'parsing time "yesterday" as RFC 3339'),
    ],
    ids=["bad-unit", "negative-until", "bad-bound", "string-seed", "no-nodes", "unknown", "epoch"],
)
def test_bad_settings_are_rejected(fields: dict[str, Any], message: str) -> None:
    """Bad top-level values fail validation with a readable message."""
    with pytest.raises(ValidationError, match=None) as info:
        settings(**fields)
    assert message in str(info.value)


def field_check(**fields: Any) -> FieldCheck:
    """Validate a field expectation on job j, path status.active."""
    return FieldCheck.model_validate(
        {"check": "field", "job": "j", "path": "status.active", **fields}
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "give at least one of equals, notEquals"),
        ({"equals": 1, "at": "1s", "always": True}, "give at most one of at, within and always"),
        ({"equals": 1, "after": "1s"}, "after goes with within or always"),
        ({"equals": 1, "after": "9s", "within": "5s"}, "after must not be later than within"),
        ({"equals": 1, "at": "-1s"}, "must not be negative, got -1s"),
        ({"equals": 1, "path": "status..x"}, "cannot parse path"),
    ],
    ids=["no-comparator", "two-timings", "after-alone", "after-late", "negative-at", "bad-path"],
)
def test_bad_expectations_are_rejected(fields: dict[str, Any], message: str) -> None:
    """Expectations need a comparator, one timing, sane windows and a parsable path."""
    with pytest.raises(ValidationError) as info:
        field_check(**fields)
    assert message in str(info.value)


def test_equals_null_is_a_comparator() -> None:
    """``equals: null`` is a test for null, not a missing comparator."""
    check = field_check(equals=None)
    assert check.comparisons() == [("==", None)]
    assert check.describe() == "job/j status.active == null at end"


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"equals": 3}, "job/j status.active == 3 at end"),
        ({"atLeast": 1, "atMost": 2, "always": True}, "job/j status.active >= 1 and <= 2 always"),
        (
            {"equals": 0, "within": "90s", "after": "1m"},
            "job/j status.active == 0 within 1m30s after 1m0s",
        ),
        ({"equals": 0, "at": 5, "namespace": "batch"}, "job/batch/j status.active == 0 at 5s"),
        ({"equals": 0, "description": "no pod"}, "no pod"),
    ],
    ids=["end", "always", "window", "namespace", "custom"],
)
def test_descriptions(fields: dict[str, Any], text: str) -> None:
    """Descriptions read as the test and its timing."""
    assert field_check(**fields).describe() == text


def test_cluster_setting_defaults_are_the_simulations() -> None:
    """terminatedPodGCThreshold and eventTTL default to what Simulation (and upstream) use."""
    assert schema.DEFAULT_TERMINATED_POD_GC_THRESHOLD == DEFAULT_TERMINATED_POD_GC_THRESHOLD
    assert schema.DEFAULT_EVENT_TTL == DEFAULT_EVENT_TTL == 3600.0
