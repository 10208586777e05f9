"""Sweeps: many runs of a scenario over seeds and parameter values, and their statistics.

Layer 6 (see ``docs/architecture.md``): imports the simulation and below, never the CLI.
Modules: ``paths`` (the ``TARGET:FIELD`` syntax), ``grid`` (values, product, runs), ``base``
(the scenario as data, checked as ``jobsim run`` checks it; overrides), ``checks`` (every path
names a field of its object, before anything runs), ``runner`` (one run, one seed),
``metrics`` (per Job), ``summary`` (percentiles, Wilson intervals), ``executors`` (serial,
process pool, Dask), ``io`` (CSV/Parquet, resume), ``engine`` (the whole sweep, no pandas),
``api`` (pandas DataFrames), ``cli`` (the ``jobsim sweep`` command). User documentation:
``docs/sweeps.md``.
"""

from jobsim.sweep.api import summarize, sweep
from jobsim.sweep.base import SweepBase, load_base
from jobsim.sweep.engine import SweepResult, run_sweep
from jobsim.sweep.executors import DaskExecutor, Executor, LocalExecutor, SerialExecutor
from jobsim.sweep.paths import PathError

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "PathError",
    "SerialExecutor",
    "SweepBase",
    "SweepResult",
    "load_base",
    "run_sweep",
    "summarize",
    "sweep",
]
