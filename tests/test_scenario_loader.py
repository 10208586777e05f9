"""We test these aspects: loading scenario files, and every kind of bad input.

- manifests and at most one ``kind: Scenario`` document; a bare manifest gets the defaults;
- path or text input; inline manifests of the timeline decoded at load time;
- every error names the file, the document, the field path and the line, never a traceback:
  unknown kinds, bad durations, bad selectors, expectations on Jobs that do not exist, actions
  at negative times, unknown fields and tags, bad paths, times after the end, unknown nodes,
  a second Scenario document, wrong apiVersion, YAML syntax; all problems reported at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from manifest_fixtures import PI_JOB

from jobsim.api.batch_v1 import Job
from jobsim.manifests import ManifestError
from jobsim.scenario import ScenarioError, load_scenario

JOB = PI_JOB
HEAD = "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n"
"""The Scenario document starts at line 13 (document 2)."""


def problems(text: str) -> list[str]:
    """Load text that must fail; return the problems' texts."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(text, name="s.yaml")
    return [str(p) for p in info.value.problems]


def test_bare_manifest_is_a_scenario_with_defaults() -> None:
    """A file without a Scenario document loads with default settings and its manifests."""
    scenario = load_scenario(JOB, name="bare.yaml")
    assert scenario.document is None
    assert scenario.name == "bare"
    assert scenario.settings.expectations == []
    (manifest,) = scenario.manifests
    assert isinstance(manifest.object, Job)
    assert manifest.document.index == 0


def test_load_from_a_path(tmp_path: Path) -> None:
    """A path loads the file; errors name it."""
    path = tmp_path / "x.yaml"
    path.write_text(JOB + HEAD + "name: x\nseed: 7\n", encoding="utf-8")
    scenario = load_scenario(path)
    assert (scenario.source, scenario.name, scenario.settings.seed) == (str(path), "x", 7)
    path.write_text(JOB + HEAD + "seed: -1\n", encoding="utf-8")
    with pytest.raises(ScenarioError, match=rf"^{path}, document 2 \(line 15\), Scenario: seed:"):
        load_scenario(path)


def test_missing_file_is_a_located_error(tmp_path: Path) -> None:
    """A path that does not exist is reported, not raised as OSError."""
    with pytest.raises(ScenarioError, match="the path does not exist"):
        load_scenario(tmp_path / "none.yaml")


def test_scenario_error_is_a_manifest_error() -> None:
    """Callers that handle bad manifests (exit 2) handle bad scenarios too."""
    assert issubclass(ScenarioError, ManifestError)


def test_inline_manifests_are_decoded_at_load() -> None:
    """create/apply manifests become models keyed by timeline index; their Jobs count as known."""
    text = (
        HEAD
        + "timeline:\n- at: 5s\n  action: create\n  manifest:\n"
        + "".join(f"    {line}\n" for line in JOB.splitlines())
        + "expectations:\n- {check: exists, job: pi}\n"
    )
    scenario = load_scenario(text)
    assert isinstance(scenario.inline[0].object, Job)
    assert scenario.manifests == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            JOB + "---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
            's.yaml, document 2 (line 13), Deployment/web: no matches for kind "Deployment" '
            'in version "apps/v1"',
        ),
        (
            JOB + HEAD + "until: 5 minutes\n",
            's.yaml, document 2 (line 15), Scenario: until: time: unknown unit " minutes" in '
            'duration "5 minutes" (or allJobsFinished)',
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1x, action: suspend, job: pi}\n",
            's.yaml, document 2 (line 16), Scenario: timeline[0].at: time: unknown unit "x" in '
            'duration "1x"',
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1s, action: failPods, selector: 'a in (b'}\n",
            "s.yaml, document 2 (line 16), Scenario: timeline[0].selector: invalid label "
            "selector 'a in (b': unable to parse requirement: found '', expected: ',' or ')'",
        ),
        (
            JOB + HEAD + "expectations:\n- {check: pods, selector: 'x===', equals: 1}\n",
            "s.yaml, document 2 (line 16), Scenario: expectations[0].selector: invalid label "
            "selector 'x===': unable to parse requirement: found '=', expected: identifier",
        ),
        (
            JOB
            + HEAD
            + "expectations:\n- {check: field, job: pie, path: status.active, equals: 0}\n",
            's.yaml, document 2 (line 16), Scenario: expectations[0].job: Job "pie" in namespace '
            '"default" is not created by this scenario (its Jobs: default/pi)',
        ),
        (
            JOB + HEAD + "expectations:\n- {check: exists, job: pi, namespace: other}\n",
            's.yaml, document 2 (line 16), Scenario: expectations[0].job: Job "pi" in namespace '
            '"other" is not created by this scenario (its Jobs: default/pi)',
        ),
        (
            JOB + HEAD + "timeline:\n- at: -5s\n  action: scale\n  job: pi\n  parallelism: 2\n",
            "s.yaml, document 2 (line 16), Scenario: timeline[0].at: must not be negative, got -5s",
        ),
        (
            JOB + HEAD + "expectations:\n- {check: exists, job: pi, at: -1}\n",
            "s.yaml, document 2 (line 16), Scenario: expectations[0].at: must not be negative, "
            "got -1s",
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1s, action: scale, job: ghost, parallelism: 1}\n",
            's.yaml, document 2 (line 16), Scenario: timeline[0].job: Job "ghost" in namespace '
            '"default" is not created by this scenario (its Jobs: default/pi)',
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1s, action: explode}\n",
            's.yaml, document 2 (line 16), Scenario: timeline[0].action: unknown action "explode" '
            "(expected one of create, apply, patch, scale, suspend, resume, delete, failPods, "
            "succeedPods, evictPods, deletePods, drainNode, cordonNode, uncordonNode)",
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1s}\n",
            's.yaml, document 2 (line 16), Scenario: timeline[0].action: "action" is missing '
            "(one of create, apply, patch, scale, suspend, resume, delete, failPods, "
            "succeedPods, evictPods, deletePods, drainNode, cordonNode, uncordonNode)",
        ),
        (
            JOB + HEAD + "expectations:\n- check: field\n  job: pi\n  path: status.sucess\n"
            "  equals: 1\n",
            "s.yaml, document 2 (line 18), Scenario: expectations[0].path: 'status.sucess': "
            'JobStatus has no field "sucess" (at status)',
        ),
        (
            JOB
            + HEAD
            + "expectations:\n- {check: field, job: pi, path: status.active.x, equals: 1}\n",
            "s.yaml, document 2 (line 16), Scenario: expectations[0].path: 'status.active.x': "
            "cannot take x of status.active (a int)",
        ),
        (
            JOB + HEAD + "behaviors:\n- duration: 10s\n  colour: red\n",
            "s.yaml, document 2 (line 17), Scenario: behaviors[0].colour: unknown field",
        ),
        (
            JOB + HEAD + "behaviors:\n- {duration: 10 seconds}\n",
            "s.yaml, document 2 (line 16), Scenario: behaviors[0].duration: time: unknown unit "
            '" seconds" in duration "10 seconds"',
        ),
        (
            JOB + HEAD + "expectations:\n- {check: pods, job: pi, equals: 1, aT: 5s}\n",
            "s.yaml, document 2 (line 16), Scenario: expectations[0].aT: unknown field",
        ),
        (
            JOB + HEAD + "until: 1m\ntimeline:\n- {at: 2m, action: suspend, job: pi}\n",
            "s.yaml, document 2 (line 17), Scenario: timeline[0].at: 2m0s is after the end of the "
            "run (until 1m0s)",
        ),
        (
            JOB + HEAD + "bound: 1m\nexpectations:\n- {check: exists, job: pi, at: 2m}\n",
            "s.yaml, document 2 (line 17), Scenario: expectations[0].at: 2m0s is after the end of "
            "the run (bound 1m0s)",
        ),
        (
            JOB + HEAD + "timeline:\n- {at: 1s, action: drainNode, node: node-1}\n",
            's.yaml, document 2 (line 16), Scenario: timeline[0].node: no node "node-1" '
            "(nodes: node-0)",
        ),
        (
            JOB + HEAD + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n",
            "s.yaml, document 3 (line 16), Scenario: a scenario has at most one Scenario "
            "document (document 2 is)",
        ),
        (
            JOB + "---\napiVersion: jobsim.dev/v1\nkind: Scenario\n",
            's.yaml, document 2 (line 13), Scenario: no kind "Scenario" is registered for '
            'version "jobsim.dev/v1": a scenario document is apiVersion: jobsim.dev/v1alpha1, '
            "kind: Scenario",
        ),
        (
            JOB + HEAD + "seed: [1\n",
            "s.yaml, document 2 (line 16): invalid YAML: while parsing a flow sequence (line 15): "
            "expected ',' or ']', but got '<stream end>'",
        ),
    ],
    ids=[
        "unknown-kind",
        "bad-until",
        "bad-action-time",
        "bad-action-selector",
        "bad-expectation-selector",
        "unknown-job",
        "job-in-other-namespace",
        "negative-action-time",
        "negative-expectation-time",
        "action-on-unknown-job",
        "unknown-action",
        "missing-action",
        "unknown-status-field",
        "path-into-a-number",
        "unknown-behaviour-field",
        "bad-behaviour-duration",
        "misspelt-timing",
        "action-after-until",
        "expectation-after-bound",
        "unknown-node",
        "second-scenario-document",
        "wrong-api-version",
        "yaml-syntax",
    ],
)
def test_bad_input_is_located(text: str, expected: str) -> None:
    """Each kind of bad input is one problem naming file, document, line and field path."""
    assert problems(text) == [expected]


def test_inline_manifest_errors_name_the_timeline_entry() -> None:
    """A bad inline manifest is reported with its timeline path and its own line."""
    text = (
        HEAD
        + "timeline:\n- at: 1s\n  action: create\n  manifest:\n"
        + "".join(
            f"    {line}\n"
            for line in JOB.replace("  template:", "  paralelism: 2\n  template:").splitlines()
        )
    )
    assert problems(text) == [
        's.yaml, document 1 (line 13), Job/pi: timeline[0].manifest: Job in version "v1" '
        'cannot be handled as a Job: strict decoding error: unknown field "spec.paralelism"'
    ]


def test_all_problems_are_reported_at_once_in_line_order() -> None:
    """Several problems in one file come back together, sorted by document and line."""
    text = (
        JOB
        + HEAD
        + "timeline:\n- {at: 1s, action: scale, job: a, parallelism: 1}\n"
        + "expectations:\n- {check: exists, job: b}\n"
    )
    found = problems(text)
    assert [p.split(": ", 2)[1] for p in found] == ["timeline[0].job", "expectations[0].job"]
    assert "(line 16)" in found[0] and "(line 18)" in found[1]


def test_error_message_lists_every_problem() -> None:
    """str(ScenarioError) has one line per problem."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(JOB + HEAD + "seed: x\nnodes: abc\n", name="s.yaml")
    assert str(info.value).splitlines() == [
        "s.yaml, document 2 (line 15), Scenario: seed: Input should be a valid integer, got 'x'",
        "s.yaml, document 2 (line 16), Scenario: nodes: Input should be a valid integer, got 'abc'",
    ]
