"""Running a sweep end to end, without pandas: grid x seeds on an executor, rows to a file.

Owns :func:`run_sweep` and :class:`SweepResult`: check every path, the seeds and the output file
before anything runs (``PathError``, ``ValueError``, ``SweepFileError``), skip the
runs an earlier sweep of the same scenario already wrote (``resume``), hand the rest to an
executor, write rows as runs finish, report progress, and return every row of this grid in a
stable order (point, seed, Job) — the same whatever executor ran them. Imports the sweep's
modules; must not import pandas, Dask or the CLI.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jobsim.sweep.base import SweepBase
from jobsim.sweep.checks import check_grid
from jobsim.sweep.executors import Executor, LocalExecutor
from jobsim.sweep.grid import GridPoint, build_grid, build_tasks
from jobsim.sweep.io import ResultSink, SweepFileError, check_output, journal_path, read_results
from jobsim.sweep.runner import RUN_COLUMNS, run_task
from jobsim.sweep.summary import summarize

__all__ = ["Progress", "SweepResult", "run_columns", "run_sweep", "seed_list"]

Progress = Callable[[int, int], None]
"""Called with ``(runs done, runs in total)``: once before the first run, then after each."""


@dataclass(frozen=True)
class SweepResult:
    """Every row of a sweep's grid, in order, and how it was obtained."""

    params: list[str]
    points: list[GridPoint]
    seeds: list[int]
    rows: list[dict[str, Any]]
    ran: int
    """Runs executed by this call."""
    reused: int
    """Runs taken from the results file (``resume``)."""

    def summary(self) -> list[dict[str, Any]]:
        """Per grid point and Job: percentiles, success probability, waste (see ``summary``)."""
        return summarize(self.rows, self.params)


def seed_list(seeds: int | Sequence[int], first: int = 0) -> list[int]:
    """``N`` means seeds ``first .. first+N-1``; a sequence is taken as it is (no repeats).

    Seeds are ``>= 0``, as a Scenario's ``seed`` is (``random.Random(-n)`` would equal ``n``).
    """
    if isinstance(seeds, int):
        if seeds < 1:
            raise ValueError(f"the number of seeds must be at least 1, got {seeds}")
        if first < 0:
            raise ValueError(f"the first seed must be at least 0, got {first}")
        return list(range(first, first + seeds))
    chosen = [int(s) for s in seeds]
    if not chosen or len(set(chosen)) != len(chosen):
        raise ValueError(f"seeds must be a non-empty list without repeats, got {chosen}")
    negative = [s for s in chosen if s < 0]
    if negative:
        raise ValueError(f"seeds must be at least 0, got {negative}")
    return chosen


def run_columns(params: Sequence[str]) -> list[str]:
    """Result columns: point, seed, the parameters, then the metrics."""
    return [*RUN_COLUMNS[:2], *params, *RUN_COLUMNS[2:]]


def run_sweep(
    base: SweepBase,
    grid: Mapping[str, Sequence[Any]] | Sequence[tuple[str, Sequence[Any]]],
    seeds: int | Sequence[int],
    *,
    executor: Executor | None = None,
    output: str | Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> SweepResult:
    """Run every grid point with every seed; raise ``PathError``/``SweepFileError`` up front."""
    points = build_grid(grid)
    params = [path for path, _ in points[0].values]
    check_grid(base, points[0].values)
    seed_values = seed_list(seeds)
    if output is not None:
        check_output(output)
    tasks = build_tasks(points, seed_values)
    index_of = {point.key: point.index for point in points}
    columns = run_columns(params)
    done: dict[tuple[str, int], list[dict[str, Any]]] = {}
    if output is not None:
        if resume:
            done = _finished_runs(Path(output), base.digest())
        else:
            _remove(Path(output))
    todo = [task for task in tasks if (task.key, task.seed) not in done]
    rows = [
        {**row, "point": index_of[key]}
        for (key, seed), group in done.items()
        if key in index_of and seed in seed_values
        for row in group
    ]
    reused = len(tasks) - len(todo)
    sink = ResultSink(output, columns, params) if output is not None else None
    runner = executor if executor is not None else LocalExecutor()
    finished = False
    try:
        if progress is not None:
            progress(reused, len(tasks))
        fn = functools.partial(run_task, base)
        for count, new_rows in enumerate(runner.map_unordered(fn, todo), start=1):
            rows.extend(new_rows)
            if sink is not None:
                sink.write(new_rows)
            if progress is not None:
                progress(reused + count, len(tasks))
        finished = True
    finally:
        if executor is None:
            runner.close()
        if sink is not None:
            if finished:
                sink.finish()
            else:
                sink.close()
    rows.sort(key=lambda row: (row["point"], row["seed"], row["job"] or ""))
    return SweepResult(params, points, seed_values, rows, ran=len(todo), reused=reused)


def _finished_runs(path: Path, digest: str) -> dict[tuple[str, int], list[dict[str, Any]]]:
    """Rows already written for this scenario, by (point key, seed)."""
    _, rows = read_results(path)
    others = {str(row.get("scenario")) for row in rows} - {digest}
    if others:
        raise SweepFileError(
            f"{path}: written by a sweep of another scenario (digest {', '.join(sorted(others))}, "
            f"this one is {digest}); write to another file or drop --resume"
        )
    done: dict[tuple[str, int], list[dict[str, Any]]] = {}
    for row in rows:
        done.setdefault((str(row["point_key"]), int(row["seed"])), []).append(row)
    return done


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
        journal_path(path).unlink(missing_ok=True)
    except OSError as exc:
        raise SweepFileError(f"{path}: {exc.strerror or exc}") from exc
