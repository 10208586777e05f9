"""We test these aspects: the ``jobsim sweep`` command as a user runs it.

* the summary table: one line per grid point and Job with runs, success and its 95 % Wilson
  interval, p50/p90/p99 makespan and mean wasted pod-seconds (known answers, fixed durations);
* ``-o`` writes one CSV row per run and Job; ``--resume`` then runs nothing already done;
* a bad grid value is an error row (exit 0, a note on stderr); bad input — an unknown path, a
  malformed ``--set``, a missing file, ``--resume`` without ``-o``, both Dask options — exits 2
  with one ``error:`` line and no traceback;
* ``--scheduler`` runs on an existing Dask scheduler and gives the same table;
* the executor options choose serial, process pool or Dask.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from jobsim.sweep.cli import sweep_command
from jobsim.sweep.executors import LocalExecutor, SerialExecutor, make_executor
from jobsim.sweep.io import read_results

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
"""

TABLE = """\
POINT  job/pi:spec.parallelism  JOB         RUNS  SUCCESS (95% CI)     P50    P90    P99  WASTED POD-S  ERROR
0      1                        default/pi  3     1.00 [0.44, 1.00]  44.0s  44.0s  44.0s           0.0
1      4                        default/pi  3     1.00 [0.44, 1.00]  11.0s  11.0s  11.0s           0.0
"""  # noqa: E501 - the table is as wide as it is


@pytest.fixture
def job_file(tmp_path: Path) -> Path:
    """A Job of 4 completions with the default behaviour (10 s pods)."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    return path


def _run(*args: str) -> Result:
    return CliRunner().invoke(sweep_command, list(args), catch_exceptions=False)


def test_summary_table(job_file: Path) -> None:
    """The table shows known makespans and a Wilson interval of 3 successes out of 3."""
    result = _run(
        str(job_file), "--seeds", "3", "--set", "job/pi:spec.parallelism=1,4", "--workers", "1"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE


def test_output_and_resume(job_file: Path, tmp_path: Path) -> None:
    """-o writes every run; --resume afterwards runs none and prints the same table."""
    out = tmp_path / "r.csv"
    args = [str(job_file), "--seeds", "3", "--set", "job/pi:spec.parallelism=1,4", "-o", str(out)]
    first = _run(*args, "--workers", "1")
    assert first.exit_code == 0
    columns, rows = read_results(out)
    assert len(rows) == 6
    assert columns[:4] == ["point", "seed", "job/pi:spec.parallelism", "job"]
    again = _run(*args, "--resume", "--workers", "1")
    assert again.exit_code == 0
    assert again.stdout == TABLE
    assert "0 runs, 6 reused from" in again.stderr


def test_default_executor_is_a_process_pool(job_file: Path) -> None:
    """Without --workers the runs go to a local process pool, with the same results."""
    result = _run(
        str(job_file), "--seeds", "3", "--set", "job/pi:spec.parallelism=1,4", "--workers", "2"
    )
    assert result.exit_code == 0
    assert result.stdout == TABLE


def test_error_rows_do_not_fail_the_sweep(job_file: Path) -> None:
    """A negative parallelism is an error row with the apiserver's message; exit 0."""
    result = _run(
        str(job_file), "--seeds", "2", "--set", "job/pi:spec.parallelism=-1,4", "--workers", "1"
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # upstream apimachinery validation.ValidateNonnegativeField
    assert lines[1].endswith(
        'Job.batch "pi" is invalid: spec.parallelism: Invalid value: -1: '
        "must be greater than or equal to 0"
    )
    assert "11.0s" in lines[2]
    assert "2 runs could not be built (see the ERROR column)" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--set", "job/nope:spec.parallelism=1"],
            "error: --set job/nope:spec.parallelism: no job named 'nope' in the scenario",
        ),
        (["--set", "job/pi:spec.parallelism"], "error: --set: 'job/pi:spec.parallelism': expected"),
        (["--resume"], "error: --resume needs --output"),
        (
            ["--scheduler", "tcp://127.0.0.1:1", "--dask-workers", "2"],
            "error: give either --scheduler or --dask-workers, not both",
        ),
        (["--until", "soon"], "error: --until: "),
    ],
    ids=["unknown-job", "set-without-values", "resume-without-output", "both-dask", "bad-until"],
)
def test_bad_input_exits_2(job_file: Path, args: list[str], message: str) -> None:
    """Bad input: exit 2 and one error line, no traceback."""
    result = _run(str(job_file), "--workers", "1", *args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that does not exist is bad input, named in the message."""
    result = _run(str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "nope.yaml" in result.stderr


def test_scheduler_option_runs_on_dask(job_file: Path) -> None:
    """--scheduler tcp://... runs on that Dask cluster and gives the same table."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        result = _run(
            str(job_file),
            "--seeds",
            "3",
            "--set",
            "job/pi:spec.parallelism=1,4",
            "--scheduler",
            cluster.scheduler_address,
        )
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE


def test_make_executor_choices() -> None:
    """One worker runs in process; otherwise a local pool of that many (default: all cores)."""
    assert isinstance(make_executor(workers=1), SerialExecutor)
    pool = make_executor(workers=3)
    assert isinstance(pool, LocalExecutor)
    assert pool.workers == 3
    with pytest.raises(ValueError, match="either a Dask scheduler address or a number"):
        make_executor(scheduler="tcp://x:1", dask_workers=1)
