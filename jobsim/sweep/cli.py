"""The ``jobsim sweep`` command: options, progress bar, summary table, exit codes.

Owns the click command :data:`sweep_command` (the CLI owner attaches it with
``main.add_command(sweep_command, name="sweep")``). Exit codes follow ``jobsim.cli``: 0 when the
sweep ran (error rows for bad grid values are results, not failures), 2 for bad input (a file
``jobsim run`` would refuse, a path that addresses no field of the scenario, bad flags, an
output that cannot be written, a results file of another scenario) — checked before anything
runs, always with a message whose every line starts with ``error: ``, never a traceback. The
terminal I/O of sweeps lives here; bad input is ``jobsim.cli_input.BadInput``, as in every
command.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn
from rich.table import Table

from jobsim.cli_input import SEED, BadInput, parse_seconds
from jobsim.manifests import ManifestError
from jobsim.scenario.schema import ALL_JOBS_FINISHED
from jobsim.sweep.base import load_base
from jobsim.sweep.engine import Progress as ProgressCallback
from jobsim.sweep.engine import SweepResult, run_sweep
from jobsim.sweep.executors import make_executor
from jobsim.sweep.grid import parse_set_option
from jobsim.sweep.io import SweepFileError, check_output, format_value
from jobsim.sweep.paths import PathError

__all__ = ["sweep_command"]


def _check_until(until: str | None) -> None:
    """``--until``: ``allJobsFinished`` or a duration ``>= 0`` (as ``jobsim run --until``)."""
    if until != ALL_JOBS_FINISHED:
        parse_seconds("--until", until)


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _number(value: Any, unit: str = "") -> str:
    return "-" if value is None else f"{value:.1f}{unit}"


def _success(row: dict[str, Any]) -> str:
    if row["success"] is None:
        return "-"
    return f"{row['success']:.2f} [{row['success_low']:.2f}, {row['success_high']:.2f}]"


def render_summary(result: SweepResult) -> str:
    """One line per grid point and Job: runs, success (95 % CI), makespans, waste."""
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in ["POINT", *result.params, "JOB", "RUNS", "SUCCESS (95% CI)"]:
        table.add_column(name)
    for name in ["P50", "P90", "P99", "WASTED POD-S"]:
        table.add_column(name, justify="right")
    table.add_column("ERROR")
    for row in result.summary():
        params = [format_value(row[name]) for name in result.params]
        table.add_row(
            str(row["point"]),
            *params,
            row["job"] or "-",
            str(row["runs"]),
            _success(row),
            _number(row["makespan_p50"], "s"),
            _number(row["makespan_p90"], "s"),
            _number(row["makespan_p99"], "s"),
            _number(row["mean_wasted_pod_seconds"]),
            row["error"],
        )
    console = Console(width=10_000, color_system=None, highlight=False)
    with console.capture() as captured:
        console.print(table)
    return "\n".join(line.rstrip() for line in captured.get().splitlines())


@click.command(
    name="sweep", short_help="Run a scenario over seeds and a parameter grid; summarize."
)
@click.argument("file", metavar="FILE")
@click.option(
    "--seeds",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="Runs per grid point, with seeds FIRST..FIRST+N-1.",
)
@click.option(
    "--first-seed", type=SEED, default=0, show_default=True, help="The first seed (>= 0)."
)
@click.option(
    "--set",
    "sets",
    multiple=True,
    metavar="PATH=V1,V2,...",
    help="Sweep a field over values (repeatable; the grid is the product), e.g. "
    "job/pi:spec.parallelism=1,2,4 or behavior/work:duration=30s,1m.",
)
@click.option(
    "--until",
    default=None,
    help="Stop each run at this simulated time (e.g. 2h), or allJobsFinished; default: the "
    "scenario's until (allJobsFinished unless it says otherwise).",
)
@click.option(
    "-o",
    "--output",
    default=None,
    help="Write one row per run and Job, as runs finish (.csv, or .parquet/.pq).",
)
@click.option(
    "--resume",
    is_flag=True,
    help="Keep the runs already in --output and run only the missing ones.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="Local worker processes (default: every core; 1: in this process).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT",
    help="Run on this Dask scheduler (its workers need jobsim installed).",
)
@click.option(
    "--dask-workers",
    type=click.IntRange(min=1),
    default=None,
    help="Start a local Dask cluster of N worker processes and run on it.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show a progress bar (default: when stderr is a terminal).",
)
def sweep_command(  # noqa: PLR0917 - click passes every option as a positional argument
    file: str,
    seeds: int,
    first_seed: int,
    sets: Sequence[str],
    until: str | None,
    output: str | None,
    resume: bool,
    workers: int | None,
    scheduler: str | None,
    dask_workers: int | None,
    progress: bool | None,
) -> None:
    """Run the scenario in FILE many times, over seeds and parameter values.

    Prints, per grid point and Job, the success probability with a 95% Wilson interval, the
    p50/p90/p99 makespan in seconds and the mean pod-seconds wasted on failed attempts.
    Path syntax and columns: docs/sweeps.md.
    """
    if resume and output is None:
        raise BadInput("--resume needs --output: the file holding the runs already done")
    if scheduler is not None and dask_workers is not None:
        raise BadInput("give either --scheduler or --dask-workers, not both")
    try:
        grid = [parse_set_option(text) for text in sets]
    except ValueError as exc:
        raise BadInput(f"--set: {exc}") from None
    _check_until(until)
    if output is not None:
        try:
            check_output(output)
        except SweepFileError as exc:
            raise BadInput(f"-o {exc}") from None
    try:
        base = load_base(Path(file), until=until)
    except ManifestError as exc:  # ScenarioError too: one line per problem
        raise BadInput(str(exc)) from None
    except OSError as exc:
        raise BadInput(f"{file}: {exc.strerror or exc}") from None
    show = progress if progress is not None else sys.stderr.isatty()
    seed_values = list(range(first_seed, first_seed + seeds))
    try:
        executor = make_executor(workers=workers, scheduler=scheduler, dask_workers=dask_workers)
    except (ImportError, OSError, ValueError) as exc:
        raise BadInput(str(exc)) from None
    try:
        with _progress_bar(show) as callback:
            result = run_sweep(
                base,
                grid,
                seed_values,
                executor=executor,
                output=output,
                resume=resume,
                progress=callback,
            )
    except PathError as exc:
        raise BadInput(f"--set {exc}") from None
    except SweepFileError as exc:
        raise BadInput(f"-o {exc}") from None
    except ValueError as exc:
        raise BadInput(str(exc)) from None
    finally:
        executor.close()
    click.echo(render_summary(result))
    errors = sum(1 for row in result.rows if row["outcome"] == "Error")
    note = f"{result.ran} runs, {result.reused} reused from {output}" if resume else None
    if note:
        click.echo(note, err=True)
    if errors:
        click.echo(f"{errors} runs could not be built (see the ERROR column)", err=True)
