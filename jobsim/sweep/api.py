"""The Python API of sweeps: :func:`sweep` returns a pandas DataFrame, :func:`summarize` its stats.

Owns the pandas boundary (pandas is the ``jobsim[sweep]`` extra, imported on use) and the choice
of executor from keyword options. Everything else is :func:`jobsim.sweep.engine.run_sweep`.
Must not import the CLI.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jobsim.behavior import BehaviorSet
from jobsim.sweep.base import load_base
from jobsim.sweep.engine import Progress, run_columns, run_sweep
from jobsim.sweep.executors import Executor, make_executor
from jobsim.sweep.summary import SUMMARY_COLUMNS
from jobsim.sweep.summary import summarize as summarize_rows

if TYPE_CHECKING:
    from pandas import DataFrame

__all__ = ["summarize", "sweep"]

PANDAS_HINT = "jobsim.sweep() returns a pandas DataFrame: pip install 'jobsim[sweep]'"


def _pandas() -> Any:
    try:
        import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ImportError(PANDAS_HINT) from exc
    return pd


def sweep(
    scenario: str | Path | Iterable[Mapping[str, Any]],
    grid: Mapping[str, Sequence[Any]] | None = None,
    *,
    seeds: int | Sequence[int] = 10,
    behaviors: BehaviorSet | None = None,
    until: float | str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_workers: int | None = None,
    executor: Executor | None = None,
    output: str | Path | None = None,
    resume: bool = False,
    progress: Progress | None = None,
) -> DataFrame:
    """Run ``scenario`` at every grid point with every seed; one DataFrame row per run and Job.

    ``grid`` maps sweep paths (``"job/pi:spec.parallelism"``) to values; ``seeds`` is a count
    (seeds 0..N-1) or a list. Runs go to ``executor``, else Dask (``scheduler`` address or
    ``dask_workers`` local workers), else a local process pool of ``workers`` (1: in process).
    ``output`` (``.csv`` or ``.parquet``) receives rows as runs finish; ``resume`` skips runs
    already there. Columns are documented in ``docs/sweeps.md``.
    """
    pandas = _pandas()
    base = load_base(scenario, behaviors=behaviors, until=until)
    runner = executor or make_executor(
        workers=workers, scheduler=scheduler, dask_workers=dask_workers
    )
    try:
        result = run_sweep(
            base,
            dict(grid or {}),
            seeds,
            executor=runner,
            output=output,
            resume=resume,
            progress=progress,
        )
    finally:
        if executor is None:
            runner.close()
    frame: DataFrame = pandas.DataFrame(result.rows, columns=run_columns(result.params))
    frame.attrs["params"] = list(result.params)
    return frame


def summarize(frame: DataFrame, params: Sequence[str] | None = None) -> DataFrame:
    """Per grid point and Job: makespan p50/p90/p99, success with a Wilson 95 % CI, waste."""
    pandas = _pandas()
    names = list(params if params is not None else frame.attrs.get("params", []))
    records = [
        {str(key): _plain(value) for key, value in record.items()}
        for record in frame.astype(object).to_dict("records")
    ]
    rows = summarize_rows(records, names)
    columns = [SUMMARY_COLUMNS[0], *names, *SUMMARY_COLUMNS[1:]]
    summary: DataFrame = pandas.DataFrame(rows, columns=columns)
    return summary


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):  # NaN: missing
        return None
    return value
