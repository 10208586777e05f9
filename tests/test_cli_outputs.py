"""We test these aspects: ``jobsim run`` outputs (table, wide, json, yaml, name, events,
timeline, watch lines), expectation lines with exit codes 0/1, and bad input (exit 2, no
traceback, the file and document named).

Formats follow kubectl: ``printJob`` columns, ``GetNewTabWriter`` layout, ``kubectl get -o
json`` (a ``v1 List``, sorted keys, 4-space indent), the apiserver's watch event shape.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from manifest_fixtures import PI_JOB

from jobsim.cli import main

JOB = PI_JOB

SCENARIO = (
    JOB
    + """\
---
apiVersion: jobsim.dev/v1alpha1
kind: Scenario
expectations:
- {{check: field, job: pi, path: status.succeeded, equals: {succeeded}}}
"""
)


def _write(tmp_path: Path, text: str, name: str = "job.yaml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_default_table(tmp_path: Path) -> None:
    """The final state prints as kubectl get jobs, AGE relative to the end of the run."""
    code, out, _ = _run("run", _write(tmp_path, JOB))
    assert code == 0
    header, row = out.splitlines()
    assert header == "NAME   STATUS     COMPLETIONS   DURATION   AGE"
    assert row.split() == ["pi", "Complete", "1/1", row.split()[3], row.split()[3]]


def test_wide_adds_containers_images_selector(tmp_path: Path) -> None:
    """-o wide adds CONTAINERS, IMAGES and SELECTOR (the generated controller-uid selector)."""
    _, out, _ = _run("run", _write(tmp_path, JOB), "-o", "wide")
    header, row = out.splitlines()
    assert header.split()[5:] == ["CONTAINERS", "IMAGES", "SELECTOR"]
    assert row.split()[5:7] == ["pi", "perl"]
    assert row.split()[7].startswith("batch.kubernetes.io/controller-uid=")


@pytest.mark.parametrize("fmt", ["json", "yaml"], ids=["json", "yaml"])
def test_json_yaml_are_a_v1_list(tmp_path: Path, fmt: str) -> None:
    """-o json|yaml prints a v1 List of the Jobs, as kubectl get does."""
    _, out, _ = _run("run", _write(tmp_path, JOB), "-o", fmt)
    data = json.loads(out) if fmt == "json" else yaml.safe_load(out)
    assert (data["kind"], data["apiVersion"], data["metadata"]) == (
        "List",
        "v1",
        {"resourceVersion": ""},
    )
    assert [i["metadata"]["name"] for i in data["items"]] == ["pi"]
    assert data["items"][0]["kind"] == "Job"
    if fmt == "json":
        assert out.startswith('{\n    "apiVersion": "v1",\n    "items": [')


def test_name_output(tmp_path: Path) -> None:
    """-o name prints job.batch/NAME."""
    assert _run("run", _write(tmp_path, JOB), "-o", "name")[1] == "job.batch/pi\n"


def test_events_and_timeline(tmp_path: Path) -> None:
    """--events adds kubectl's events table, --timeline one row per pod."""
    _, out, _ = _run("run", _write(tmp_path, JOB), "--events", "--timeline")
    blocks = out.split("\n\n")
    assert blocks[1].splitlines()[0].split() == [
        "LAST",
        "SEEN",
        "TYPE",
        "REASON",
        "OBJECT",
        "MESSAGE",
    ]
    assert [line.split()[2] for line in blocks[1].splitlines()[1:]] == [
        "SuccessfulCreate",
        "Completed",
    ]
    # kubectl events (pkg/cmd/events/event_printer.go) writes OBJECT as Kind/name.
    assert {line.split()[3] for line in blocks[1].splitlines()[1:]} == {"Job/pi"}
    timeline = blocks[2].splitlines()
    assert timeline[0].split()[:3] == ["JOB", "INDEX", "POD"]
    assert timeline[1].split()[0] == "pi" and "Succeeded" in timeline[1]


def test_watch_streams_json_lines(tmp_path: Path) -> None:
    """--watch prints one {"type","object"} line per Job and Pod change, in time order."""
    code, out, _ = _run("run", _write(tmp_path, JOB), "--watch")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines[0]["type"] == "ADDED" and lines[0]["object"]["kind"] == "Job"
    kinds = {line["object"]["kind"] for line in lines}
    assert kinds == {"Job", "Pod"}
    assert lines[-1]["object"]["kind"] == "Job"
    assert lines[-1]["object"]["status"]["succeeded"] == 1


@pytest.mark.parametrize(
    ("succeeded", "code", "mark"), [(1, 0, "PASS"), (2, 1, "FAIL")], ids=["pass", "fail"]
)
def test_scenario_expectations_and_exit_code(
    tmp_path: Path, succeeded: int, code: int, mark: str
) -> None:
    """A Scenario file's expectations print one line each; exit 1 when one fails."""
    got, out, _ = _run("run", _write(tmp_path, SCENARIO.format(succeeded=succeeded)))
    assert got == code
    assert out.splitlines()[-1].startswith(f"{mark}  job/pi status.succeeded == {succeeded}")
    assert "observed 1" in out.splitlines()[-1]


BAD_INPUT = [
    ("malformed-yaml", "kind: Job\n  bad: [\n", (), "job.yaml"),
    ("unknown-kind", "apiVersion: v1\nkind: Nope\nmetadata: {name: x}\n", (), "job.yaml"),
    ("invalid-job", JOB.replace("Never", "Always"), (), "document 1"),
    ("bad-until", JOB, ("--until", "1x"), 'time: unknown unit "x" in duration "1x"'),
]


@pytest.mark.parametrize(
    ("text", "extra", "needle"), [c[1:] for c in BAD_INPUT], ids=[c[0] for c in BAD_INPUT]
)
def test_bad_input_exits_2_without_traceback(
    tmp_path: Path, text: str, extra: tuple[str, ...], needle: str
) -> None:
    """Bad input: exit 2, an error naming where, never a traceback."""
    code, out, err = _run("run", _write(tmp_path, text), *extra)
    assert code == 2
    assert out == ""
    assert err.startswith("error: ") and needle in err
    assert "Traceback" not in err


def test_invalid_job_names_field_path(tmp_path: Path) -> None:
    """An object the apiserver rejects is reported with its field path and line."""
    _, _, err = _run("run", _write(tmp_path, JOB.replace("Never", "Always")))
    assert "job.yaml, document 1 (line " in err
    assert "spec.template.spec.restartPolicy" in err
