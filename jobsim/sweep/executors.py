"""Where a sweep's runs execute: in this process, in a local process pool, or on Dask.

Owns the :class:`Executor` protocol (``map_unordered(fn, items)`` yields results as runs finish;
closing the iterator early cancels what has not started) and its implementations:

* :class:`SerialExecutor` — one run after another, in this process;
* :class:`LocalExecutor` — a ``concurrent.futures`` process pool (default: every core), whose
  workers are forked from a clean ``forkserver`` process with jobsim preloaded;
* :class:`DaskExecutor` — a Dask ``distributed`` client: to a running scheduler
  (``tcp://HOST:PORT``; its workers must have jobsim installed) or to a local cluster it starts.

Results do not depend on the executor: a run is a pure function of the scenario, the grid
point and the seed. Dask is optional (the ``jobsim[dask]`` extra) and imported only by
:class:`DaskExecutor`. Must not import the simulation (runs are passed in as functions).
"""

from __future__ import annotations

import concurrent.futures as cf
import importlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, TypeVar

__all__ = [
    "DaskExecutor",
    "Executor",
    "LocalExecutor",
    "SerialExecutor",
    "make_executor",
]

T = TypeVar("T")
R = TypeVar("R")

DASK_HINT = "the Dask executor needs the dask extra: pip install 'jobsim[dask]'"


class Executor(Protocol):
    """Runs a function over items, yielding results as they finish (in any order)."""

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, as each finishes."""
        ...

    def close(self) -> None:
        """Release workers and connections."""
        ...


def _distributed() -> Any:
    """The ``distributed`` module (untyped for mypy: its API is called dynamically)."""
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ImportError(DASK_HINT) from exc


class SerialExecutor:
    """Runs every item in this process, in order."""

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for each item in order."""
        for item in items:
            yield fn(item)

    def close(self) -> None:
        """Nothing to release."""


class LocalExecutor:
    """A local process pool (``workers`` processes; default: every core)."""

    def __init__(self, workers: int | None = None) -> None:
        """Create the pool lazily, on the first ``map_unordered``."""
        if workers is not None and workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers or os.cpu_count() or 1
        self._pool: cf.ProcessPoolExecutor | None = None

    def _ensure_pool(self) -> cf.ProcessPoolExecutor:
        if self._pool is None:
            methods = multiprocessing.get_all_start_methods()
            context = multiprocessing.get_context(
                "forkserver" if "forkserver" in methods else "spawn"
            )
            if "forkserver" in methods:
                context.set_forkserver_preload(["jobsim.sweep.runner"])
            self._pool = cf.ProcessPoolExecutor(max_workers=self.workers, mp_context=context)
        return self._pool

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """Submit every item to the pool; yield results as they complete."""
        pool = self._ensure_pool()
        futures = [pool.submit(fn, item) for item in items]
        try:
            for future in cf.as_completed(futures):
                yield future.result()
        finally:
            for future in futures:
                future.cancel()

    def close(self) -> None:
        """Shut the pool down, cancelling runs that have not started."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class DaskExecutor:
    """Runs on Dask: a scheduler address, a local cluster of ``workers``, or a given client."""

    def __init__(
        self,
        scheduler: str | None = None,
        *,
        workers: int | None = None,
        processes: bool = True,
        client: Any = None,
    ) -> None:
        """Connect to ``scheduler``, or start a local cluster (``workers`` processes/threads)."""
        distributed = _distributed()
        self._cluster: Any = None
        self._own_client = client is None
        if client is not None:
            self.client = client
        elif scheduler is not None:
            self.client = distributed.Client(scheduler)
        else:
            self._cluster = distributed.LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=processes,
                dashboard_address=None,
            )
            self.client = distributed.Client(self._cluster)

    def map_unordered(self, fn: Callable[[T], R], items: Sequence[T]) -> Iterator[R]:
        """Submit every item as a Dask task; yield results as they complete."""
        distributed = _distributed()
        futures = self.client.map(fn, list(items), pure=False)
        try:
            for future in distributed.as_completed(futures):
                yield future.result()
        finally:
            self.client.cancel(futures)

    def close(self) -> None:
        """Close the client (and the local cluster this executor started)."""
        if self._own_client:
            self.client.close()
        if self._cluster is not None:
            self._cluster.close()


def make_executor(
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    dask_workers: int | None = None,
) -> Executor:
    """The executor the options ask for: Dask if a scheduler or Dask workers, else local."""
    if scheduler is not None and dask_workers is not None:
        raise ValueError("give either a Dask scheduler address or a number of Dask workers")
    if scheduler is not None or dask_workers is not None:
        return DaskExecutor(scheduler, workers=dask_workers)
    if workers == 1:
        return SerialExecutor()
    return LocalExecutor(workers)
