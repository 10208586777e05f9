"""We test these aspects: ``jobsim sweep`` refuses unusable input before anything runs.

* a scenario file ``jobsim run`` refuses (unknown field, bad List, bad duration, an object the
  API server rejects, two problems at once) exits 2 with exactly ``jobsim run``'s message, every
  line starting with ``error: ``;
* ``--until`` and ``--first-seed`` are checked as ``jobsim run`` checks ``--until``/``--seed``;
* a ``--set`` path that names no field of its object (the API server's strict decoding message),
  an index past the end, a key into a scalar, an unknown Job or behaviour, or a name that two
  namespaces hold, or ``scenario:seed`` (each run's seed would replace it), exits 2 naming the
  path, file, document and object;
* ``-o``: a missing folder, a directory, an unknown suffix, an unreadable results file for
  ``--resume`` exit 2 with ``error: -o PATH: reason``; an ``OSError`` while writing is a
  ``SweepFileError``;
* the Python API refuses the same: negative seeds, bad ``until``, bad output;
* the Jobs of a ``kind: List`` document are addressable by ``--set``.

Every refusal: exit 2, nothing on stdout, no traceback, no results file written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from jobsim.cli import main
from jobsim.scenario import ScenarioError
from jobsim.sweep.base import load_base
from jobsim.sweep.engine import run_sweep, seed_list
from jobsim.sweep.executors import SerialExecutor
from jobsim.sweep.io import ResultSink, SweepFileError

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 2
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
"""
SCENARIO = "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\n"

BAD_FILES = {
    # k8s.io/apiserver pkg/endpoints/handlers/create.go ("cannot be handled as a") around
    # k8s.io/apimachinery pkg/runtime/serializer/json/json.go (strict decoding error)
    "unknown-field": JOB.replace("  completions: 2\n", "  completions: 2\n  paralelism: 3\n"),
    # Go encoding/json UnmarshalTypeError into metav1.List.Items ([]runtime.RawExtension)
    "bad-list": "apiVersion: v1\nkind: List\nitems: 5\n",
    # Go time.ParseDuration
    "bad-duration": JOB + SCENARIO + "behaviors:\n- {name: work, duration: 3x}\n",
    # k8s.io/apimachinery pkg/api/validation ValidateNonnegativeField, on create
    "invalid-object": JOB.replace("completions: 2", "completions: -2"),
    "invalid-object-scenario": JOB.replace("completions: 2", "completions: -2") + SCENARIO,
    "two-problems": JOB + SCENARIO + "seed: -3\nnodes: 0\n",
}

BAD_FILE_MESSAGES = {
    "unknown-field": [
        '{f}, document 1 (line 6), Job/pi: Job in version "v1" cannot be handled as a Job: '
        'strict decoding error: unknown field "spec.paralelism"'
    ],
    "bad-list": [
        "{f}, document 1 (line 3), List: json: cannot unmarshal number into Go struct field "
        "List.items of type []runtime.RawExtension"
    ],
    "bad-duration": [
        '{f}, document 2 (line 14), Scenario: behaviors[0].duration: time: unknown unit "x" '
        'in duration "3x"'
    ],
    "invalid-object": [
        '{f}, document 1 (line 5), Job/pi: Job.batch "pi" is invalid: spec.completions: '
        "Invalid value: -2: must be greater than or equal to 0"
    ],
    "invalid-object-scenario": [
        "{f}, document 1 (line 1), Job/pi: Error from server (Invalid): error when creating: "
        'Job.batch "pi" is invalid: spec.completions: Invalid value: -2: must be greater than '
        "or equal to 0"
    ],
    "two-problems": [
        "{f}, document 2 (line 13), Scenario: seed: Input should be greater than or equal to 0",
        "{f}, document 2 (line 14), Scenario: nodes: Input should be greater than or equal to 1",
    ],
}


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def _refused(result: Result, lines: list[str]) -> None:
    """Exit 2, exactly ``error: <line>`` per expected line on stderr, nothing on stdout."""
    assert result.exit_code == 2, result.output
    assert result.stderr.splitlines() == [f"error: {line}" for line in lines]
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.fixture
def job_file(tmp_path: Path) -> Path:
    """A valid Job of 2 completions with the default behaviour."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    return path


@pytest.mark.parametrize("case", list(BAD_FILES), ids=list(BAD_FILES))
def test_bad_scenario_file_is_refused_as_jobsim_run_refuses_it(tmp_path: Path, case: str) -> None:
    """A file jobsim run refuses stops the sweep with jobsim run's exact message, exit 2."""
    path = tmp_path / "s.yaml"
    path.write_text(BAD_FILES[case])
    out = tmp_path / "r.csv"
    lines = [line.format(f=path) for line in BAD_FILE_MESSAGES[case]]
    _refused(_invoke("sweep", str(path), "--workers", "1", "-o", str(out)), lines)
    _refused(_invoke("run", str(path)), lines)
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (["--until", "-5s"], ["--until: must not be negative, got -5s"]),
        (["--until", "soon"], ['--until: time: invalid duration "soon"']),
        (
            ["--set", "job/pi:spec.paralelism=1,2"],
            [
                '--set job/pi:spec.paralelism: {f}, document 1, Job/pi: Job in version "v1" '
                'cannot be handled as a Job: strict decoding error: unknown field "spec.paralelism"'
            ],
        ),
        (
            ["--set", "job/pi:spec.parallelism.x=1"],
            [
                '--set job/pi:spec.parallelism.x: {f}, document 1, Job/pi: Job in version "v1" '
                "cannot be handled as a Job: json: cannot unmarshal object into Go struct field "
                "JobSpec.spec.parallelism of type int32"
            ],
        ),
        (
            ["--set", "job/pi:spec.completions.x=1"],
            [
                "--set job/pi:spec.completions.x: {f}, document 1, Job/pi: spec.completions: "
                "cannot index 2 by 'x'"
            ],
        ),
        (
            ["--set", "job/pi:spec.template.spec.containers[3].image=a,b"],
            [
                "--set job/pi:spec.template.spec.containers[3].image: {f}, document 1, Job/pi: "
                "spec.template.spec.containers[3]: index 3 out of range (1 items)"
            ],
        ),
        (
            ["--set", "job/never:spec.parallelism=1,2"],
            ["--set job/never:spec.parallelism: no job named 'never' in the scenario"],
        ),
        (
            ["--set", "behavior/default:durashun=1s"],
            [
                '--set behavior/default:durashun: PodBehavior has no field "durashun" '
                "(at defaultBehavior)"
            ],
        ),
        (
            ["--set", "scenario:untill=1h"],
            ['--set scenario:untill: ScenarioSettings has no field "untill"'],
        ),
        (
            ["--set", "scenario:seed=1,2"],
            ["--set scenario:seed: every run sets its own seed: use --seeds and --first-seed"],
        ),
    ],
    ids=[
        "until-negative",
        "until-malformed",
        "misspelled-field",
        "field-into-int",
        "key-into-scalar",
        "index-past-end",
        "unknown-job",
        "unknown-behavior-field",
        "unknown-scenario-field",
        "scenario-seed",
    ],
)
def test_bad_flags_are_refused_before_running(
    job_file: Path, tmp_path: Path, args: list[str], lines: list[str]
) -> None:
    """A bad --until or --set path exits 2 naming it (and file, document, object), runs nothing."""
    out = tmp_path / "r.csv"
    result = _invoke("sweep", str(job_file), "--workers", "1", "-o", str(out), *args)
    _refused(result, [line.format(f=job_file) for line in lines])
    assert not out.exists()


def test_negative_first_seed_is_a_usage_error(job_file: Path) -> None:
    """--first-seed -1 is refused by click as jobsim run --seed -1 is (IntRange(min=0))."""
    for args in (
        ["sweep", str(job_file), "--first-seed", "-1"],
        ["run", str(job_file), "--seed", "-1"],
    ):
        result = _invoke(*args)
        assert result.exit_code == 2
        flag = args[2]
        assert f"Invalid value for '{flag}': -1 is not in the range x>=0." in result.stderr


def test_a_name_in_two_namespaces_needs_the_namespace(tmp_path: Path) -> None:
    """job/NAME matching Jobs of two namespaces is refused; job/NAMESPACE/NAME picks one."""
    other = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: other}\n---\n" + JOB.replace(
        "{name: pi}", "{name: pi, namespace: other}"
    )
    path = tmp_path / "two.yaml"
    path.write_text(JOB + other)
    result = _invoke("sweep", str(path), "--workers", "1", "--set", "job/pi:spec.parallelism=1")
    _refused(
        result,
        [
            "--set job/pi:spec.parallelism: 2 jobs named 'pi' in the scenario (namespaces: "
            "default, other); say which: job/NAMESPACE/pi"
        ],
    )
    ok = _invoke(
        "sweep",
        str(path),
        "--workers",
        "1",
        "--seeds",
        "1",
        "--set",
        "job/other/pi:spec.parallelism=1",
    )
    assert ok.exit_code == 0, ok.output


def test_jobs_of_a_list_document_are_addressable(tmp_path: Path) -> None:
    """--set reaches a Job inside a kind: List document (items flattened as jobsim run does)."""
    item = "\n".join("  " + line for line in JOB.splitlines())
    path = tmp_path / "list.yaml"
    path.write_text("apiVersion: v1\nkind: List\nitems:\n-" + item[1:] + "\n")
    result = _invoke(
        "sweep", str(path), "--workers", "1", "--seeds", "1", "--set", "job/pi:spec.parallelism=1,2"
    )
    assert result.exit_code == 0, result.output
    assert [line.split()[:3] for line in result.stdout.splitlines()[1:]] == [
        ["0", "1", "default/pi"],
        ["1", "2", "default/pi"],
    ]


@pytest.mark.parametrize(
    ("output", "reason"),
    [
        ("missing/x.csv", "no such directory: {tmp}/missing"),
        ("file.yaml/x.csv", "not a directory: {tmp}/file.yaml"),
        ("folder.csv", "is a directory"),
        (
            "x.txt",
            "unsupported file name suffix '.txt': a results file ends in .csv, or .parquet or "
            ".pq for Parquet",
        ),
        (
            "x",
            "unsupported file name suffix (none): a results file ends in .csv, or .parquet or "
            ".pq for Parquet",
        ),
    ],
    ids=["missing-folder", "folder-is-a-file", "directory", "unknown-suffix", "no-suffix"],
)
def test_unusable_output_is_refused(
    job_file: Path, tmp_path: Path, output: str, reason: str
) -> None:
    """-o that cannot receive results: error: -o PATH: reason, exit 2, before any run."""
    (tmp_path / "folder.csv").mkdir()
    (tmp_path / "file.yaml").write_text("")
    target = f"{tmp_path}/{output}"
    result = _invoke("sweep", str(job_file), "--workers", "1", "-o", target)
    _refused(result, [f"-o {target}: {reason.format(tmp=tmp_path)}"])
    assert not Path(target).is_file()


def test_unwritable_output_is_refused(
    job_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """-o into a folder the user cannot write to: Permission denied, exit 2."""
    target = tmp_path / "x.csv"
    monkeypatch.setattr(os, "access", lambda path, mode: Path(path) != tmp_path)
    _refused(
        _invoke("sweep", str(job_file), "-o", str(target)), [f"-o {target}: Permission denied"]
    )
    assert not target.exists()


def test_unreadable_results_file_for_resume_is_refused(job_file: Path, tmp_path: Path) -> None:
    """--resume from a file that is not a results file: exit 2 naming it and why."""
    out = tmp_path / "r.csv"
    out.write_bytes(b"garbage\xff\n")
    result = _invoke("sweep", str(job_file), "--workers", "1", "-o", str(out), "--resume")
    _refused(
        result,
        [
            f"-o {out}: cannot read it as a results file: 'utf-8' codec can't decode byte 0xff "
            "in position 7: invalid start byte"
        ],
    )
    assert out.read_bytes() == b"garbage\xff\n"


def test_write_errors_are_sweep_file_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An OSError while writing rows (here: a full disk) is a SweepFileError naming the file."""
    out = tmp_path / "r.csv"

    def full_disk(self: Path, *args: Any, **kwargs: Any) -> Any:
        return open("/dev/full", "w", encoding="utf-8")

    monkeypatch.setattr(Path, "open", full_disk)
    with pytest.raises(SweepFileError, match=f"^{re.escape(str(out))}: No space left on device$"):
        ResultSink(out, ["point", "seed"], [])


@pytest.mark.parametrize(
    ("seeds", "first", "message"),
    [
        (3, -1, "the first seed must be at least 0, got -1"),
        ([2, -1, -4], 0, r"seeds must be at least 0, got \[-1, -4\]"),
        (0, 0, "the number of seeds must be at least 1, got 0"),
    ],
    ids=["negative-first", "negative-in-list", "no-seeds"],
)
def test_seed_list_refuses_negative_seeds(seeds: Any, first: int, message: str) -> None:
    """Seeds are >= 0, as a Scenario's seed is: no run would load with a negative one."""
    with pytest.raises(ValueError, match=f"^{message}$"):
        seed_list(seeds, first)


def test_python_until_is_checked_up_front() -> None:
    """load_base(until=-5) is refused with the loader's message, naming the given settings."""
    with pytest.raises(ScenarioError) as caught:
        load_base(JOB, until=-5)
    assert str(caught.value) == (
        "<string>, the given Scenario settings: until: must not be negative, got -5"
    )


def test_python_bad_output_is_refused_before_running(tmp_path: Path) -> None:
    """run_sweep(output=...x.txt) raises SweepFileError and runs nothing."""
    calls: list[Any] = []

    class Recording(SerialExecutor):
        def map_unordered(self, fn: Any, items: Any) -> Any:
            calls.append(items)
            return super().map_unordered(fn, items)

    with pytest.raises(SweepFileError, match=r"unsupported file name suffix '\.txt'"):
        run_sweep(load_base(JOB), {}, 1, executor=Recording(), output=tmp_path / "x.txt")
    assert calls == []
