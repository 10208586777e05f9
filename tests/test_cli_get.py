"""We test these aspects: ``jobsim get FILE jobs|pods|events [-l] [--at] [-o]``: kubectl's
columns for pods (READY, STATUS reason, RESTARTS, AGE; wide IP, NODE, ...), label selectors,
the state at a time, and bad input.

Sources: ``printPod``/``podColumnDefinitions`` (``pkg/printers/internalversion/printers.go``),
``labels.Parse`` messages (``apimachinery/pkg/labels/selector.go``), kubectl's
"No resources found in <ns> namespace." (``kubectl/pkg/cmd/get/get.go``).
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
  completions: 2
  template:
    spec:
      containers:
      - name: pi
        image: perl
      restartPolicy: Never
"""


@pytest.fixture
def job_file(tmp_path: Path) -> str:
    """A two-completion Job manifest."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    return str(path)


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_pods_at_end(job_file: str) -> None:
    """Finished pods show 0/1 READY and the Completed reason."""
    code, out, _ = _invoke("get", job_file, "pods")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "NAME       READY   STATUS      RESTARTS   AGE"
    assert [line.split()[1:4] for line in lines[1:]] == [["0/1", "Completed", "0"]] * 2


def test_pods_running_at_time(job_file: str) -> None:
    """--at shows the state then: the first pod Running and ready."""
    _, out, _ = _invoke("get", job_file, "po", "--at", "5s")
    assert [line.split()[1:3] for line in out.splitlines()[1:]] == [["1/1", "Running"]]


def test_pods_wide(job_file: str) -> None:
    """-o wide adds IP, NODE, NOMINATED NODE and READINESS GATES."""
    _, out, _ = _invoke("get", job_file, "pods", "-o", "wide")
    header = out.splitlines()[0]
    assert header.endswith("IP           NODE     NOMINATED NODE   READINESS GATES")
    assert out.splitlines()[1].split()[-2:] == ["<none>", "<none>"]


def test_jobs_and_events(job_file: str) -> None:
    """jobs prints kubectl get jobs; events prints the events table."""
    assert _invoke("get", job_file, "jobs")[1].splitlines()[1].split()[:3] == [
        "pi",
        "Complete",
        "2/2",
    ]
    assert _invoke("get", job_file, "events")[1].splitlines()[0].startswith("LAST SEEN")


def test_label_selector(job_file: str) -> None:
    """-l filters by labels; nothing matching prints kubectl's 'No resources found'."""
    assert len(_invoke("get", job_file, "pods", "-l", "job-name=pi")[1].splitlines()) == 3
    code, out, err = _invoke("get", job_file, "pods", "-l", "job-name=other")
    assert (code, out, err) == (0, "", "No resources found in default namespace.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("pods", "-l", "a in ("), "error: -l: unable to parse requirement: "),
        (("widgets",), 'error: the server doesn\'t have a resource type "widgets"'),
        (("pods", "--at", "-"), 'error: --at: time: invalid duration "-"'),
    ],
    ids=["bad-selector", "unknown-resource", "bad-at"],
)
def test_bad_input(job_file: str, args: tuple[str, ...], message: str) -> None:
    """Bad selectors, resources and times exit 2 with a one-line error."""
    code, out, err = _invoke("get", job_file, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)
