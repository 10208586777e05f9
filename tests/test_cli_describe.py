"""We test these aspects: ``jobsim describe FILE job/NAME [--at T]``: kubectl's describe
layout of the Job at the end of the run or at T, and bad targets (exit 2, kubectl's words).

Source: ``describeJob`` in ``staging/src/k8s.io/kubectl/pkg/describe/describe.go``; the
NotFound message is the apiserver's (``jobs.batch "x" not found``).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from jobsim.cli import main

JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl", "-e", "1"]
      restartPolicy: Never
"""


@pytest.fixture
def job_file(tmp_path: Path) -> str:
    """A one-pod Job manifest."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    return str(path)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_describe_at_end(job_file: str) -> None:
    """At the end: Complete status lines, Pod Template, and the job-controller events."""
    code, out, _ = _invoke("describe", job_file, "job/pi")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Name:             pi"
    assert lines[1] == "Namespace:        default"
    assert any(line.startswith("Completed At:     Thu, 01 Jan 2026 00:00:") for line in lines)
    assert "Pods Statuses:    0 Active (0 Ready) / 1 Succeeded / 0 Failed" in lines
    assert "Pod Template:" in lines and "  Containers:" in lines and "   pi:" in lines
    assert lines[-4:-2] == [
        "  Type    Reason            Age   From            Message",
        "  ----    ------            ----  ----            -------",
    ]
    assert lines[-2].split()[:2] == ["Normal", "SuccessfulCreate"]
    assert lines[-1].split() == ["Normal", "Completed", "0s", "job-controller", "Job", "completed"]
    assert out.endswith("\n")


def test_describe_at_time(job_file: str) -> None:
    """--at 5s describes the running Job: one active pod, no completion lines."""
    _, out, _ = _invoke("describe", job_file, "jobs/pi", "--at", "5s")
    assert "Pods Statuses:    1 Active (1 Ready) / 0 Succeeded / 0 Failed" in out
    assert "Completed At:" not in out and "Duration:" not in out
    assert out.splitlines()[-1].split()[:3] == ["Normal", "SuccessfulCreate", "5s"]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("job/nope", 'Error from server (NotFound): jobs.batch "nope" not found'),
        ("pod/pi", 'error: expected job/NAME, got "pod/pi"'),
        ("pi", 'error: expected job/NAME, got "pi"'),
    ],
    ids=["unknown-job", "not-a-job", "no-kind"],
)
def test_bad_target(job_file: str, target: str, message: str) -> None:
    """An unknown Job or a target that is not job/NAME exits 2 with a message."""
    code, out, err = _invoke("describe", job_file, target)
    assert (code, out, err.strip()) == (2, "", message)


def test_bad_at(job_file: str) -> None:
    """A bad --at duration exits 2 naming the flag."""
    code, _, err = _invoke("describe", job_file, "job/pi", "--at", "soon")
    assert code == 2
    assert err.strip() == 'error: --at: time: invalid duration "soon"'
