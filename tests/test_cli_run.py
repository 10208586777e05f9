"""We test these aspects: ``jobsim run FILE -o FORMAT`` prints the final Jobs as kubectl does.

``-o json``/``-o yaml`` print a kubectl ``List`` (``apiVersion: v1``, ``kind: List``,
``metadata.resourceVersion: ""``, the Jobs as ``items``; JSON indented by 4 spaces as
kubectl's printer); ``-o name`` prints ``job.batch/<name>``; ``-o wide`` adds CONTAINERS,
IMAGES and SELECTOR to ``kubectl get jobs`` columns (``printJob`` in kubernetes
``pkg/printers/internalversion/printers.go``); ``--until`` stops the run early.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from jobsim.cli import main

TWO_JOBS = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: beta
spec:
  completions: 2
  parallelism: 2
  template:
    spec:
      containers:
      - name: work
        image: busybox:1.36
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: alpha
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
      restartPolicy: Never
"""


@pytest.fixture
def jobs_file(tmp_path: Path) -> Path:
    """Two Jobs in one multi-document file."""
    path = tmp_path / "jobs.yaml"
    path.write_text(TWO_JOBS)
    return path


def run(*args: str) -> str:
    """``jobsim run ... -q``; assert exit code 0; return stdout."""
    result = CliRunner().invoke(main, ["run", *args, "-q"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_a_kubectl_list(jobs_file: Path) -> None:
    """-o json: a v1 List of the finished Jobs, sorted by name, 4-space indented."""
    out = run(str(jobs_file), "-o", "json")
    data: dict[str, Any] = json.loads(out)
    assert list(data) == ["apiVersion", "items", "kind", "metadata"]
    assert (data["apiVersion"], data["kind"], data["metadata"]) == (
        "v1",
        "List",
        {"resourceVersion": ""},
    )
    assert [item["metadata"]["name"] for item in data["items"]] == ["alpha", "beta"]
    beta = data["items"][1]
    assert (beta["apiVersion"], beta["kind"]) == ("batch/v1", "Job")
    assert beta["status"]["succeeded"] == 2
    assert [c["type"] for c in beta["status"]["conditions"]] == ["SuccessCriteriaMet", "Complete"]
    assert beta["status"]["completionTime"] == "2026-01-01T00:00:11Z"
    assert out.startswith('{\n    "apiVersion": "v1",\n')


def test_yaml_has_the_same_content_as_json(jobs_file: Path) -> None:
    """-o yaml: the same List as -o json."""
    as_yaml = yaml.safe_load(run(str(jobs_file), "-o", "yaml"))
    as_json = json.loads(run(str(jobs_file), "-o", "json"))
    assert as_yaml == as_json
    assert as_yaml["kind"] == "List"


def test_name_output(jobs_file: Path) -> None:
    """-o name: ``job.batch/<name>`` per Job."""
    assert run(str(jobs_file), "-o", "name") == "job.batch/alpha\njob.batch/beta\n"


def test_table_and_wide(jobs_file: Path) -> None:
    """Default table: kubectl get jobs columns; -o wide adds containers, images, selector."""
    table = run(str(jobs_file)).splitlines()
    assert table[0].split() == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert table[1].split() == ["alpha", "Complete", "1/1", "11s", "11s"]
    assert table[2].split() == ["beta", "Complete", "2/2", "11s", "11s"]
    wide = run(str(jobs_file), "-o", "wide").splitlines()
    assert wide[0].split() == [
        "NAME",
        "STATUS",
        "COMPLETIONS",
        "DURATION",
        "AGE",
        "CONTAINERS",
        "IMAGES",
        "SELECTOR",
    ]
    row = wide[2].split()
    assert row[:7] == ["beta", "Complete", "2/2", "11s", "11s", "work", "busybox:1.36"]
    assert row[7].startswith("batch.kubernetes.io/controller-uid=")


def test_until_stops_early(jobs_file: Path) -> None:
    """--until 5s prints the Jobs as they are at 5 s: running, 0 succeeded."""
    table = run(str(jobs_file), "--until", "5s").splitlines()
    assert table[1].split() == ["alpha", "Running", "0/1", "5s", "5s"]
    assert table[2].split() == ["beta", "Running", "0/2", "5s", "5s"]


MORE_JOBS = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pool
spec:
  parallelism: 3
  template:
    spec:
      containers:
      - name: c
        image: busybox
      restartPolicy: Never
---
apiVersion: batch/v1
kind: Job
metadata:
  name: held
spec:
  suspend: true
  template:
    spec:
      containers:
      - name: c
        image: busybox
      restartPolicy: Never
"""


def test_completions_column_and_empty_duration(tmp_path: Path) -> None:
    """COMPLETIONS is ``0/1 of 3`` for a work queue of 3; a never-started Job has no DURATION."""
    path = tmp_path / "more.yaml"
    path.write_text(MORE_JOBS)
    table = run(str(path), "--until", "5s").splitlines()
    assert table[1].split() == ["held", "Suspended", "0/1", "5s"]
    assert table[2].split() == ["pool", "Running", "0/1", "of", "3", "5s", "5s"]
