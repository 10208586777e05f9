"""One picture of a whole run: the pod timeline above each Job's status curves, on one time axis.

Owns :func:`run_figure` (what ``jobsim run FILE --plot out.png`` saves), :func:`compare`
(several runs side by side, for "what does this field change?") and :func:`save_plot`.
Must not import pyplot or the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from jobsim.plot._data import RunLike, resolve
from jobsim.plot._mpl import new_figure, save_figure, time_unit
from jobsim.plot.curves import draw_status_curves, select_jobs
from jobsim.plot.history import StatusRecorder
from jobsim.plot.timeline import draw_pod_timeline, timeline_height, timeline_legend

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["MAX_STATUS_PANELS", "compare", "run_figure", "save_plot"]

MAX_STATUS_PANELS = 6
"""``run_figure`` draws status curves for at most this many Jobs (the first, by name)."""

STATUS_PANEL_HEIGHT = 2.0


def run_figure(
    run: RunLike,
    *,
    recorder: StatusRecorder | None = None,
    jobs: Sequence[str] | None = None,
    namespace: str | None = None,
    title: str | None = None,
) -> Figure:
    """The pod timeline and, with a recorder, one status panel per Job (at most six)."""
    resolved = resolve(run, recorder)
    selected = (
        select_jobs(resolved.recorder, jobs, namespace)[:MAX_STATUS_PANELS]
        if resolved.recorder is not None
        else []
    )
    top = timeline_height(resolved, jobs, namespace)
    fig = new_figure(10.0, top + STATUS_PANEL_HEIGHT * len(selected))
    axes = fig.subplots(
        1 + len(selected),
        1,
        sharex=True,
        squeeze=False,
        height_ratios=[top, *([STATUS_PANEL_HEIGHT] * len(selected))],
    )[:, 0]
    unit = time_unit(resolved.sim.now)
    draw_pod_timeline(axes[0], resolved, jobs=jobs, namespace=namespace, unit=unit)
    for ax, job in zip(axes[1:], selected, strict=True):
        draw_status_curves(ax, resolved, job, unit=unit)
    for ax in axes[:-1]:
        ax.set_xlabel("")
    if title is not None:
        fig.suptitle(title)
    return fig


def save_plot(run: RunLike, path: str | Path, *, recorder: StatusRecorder | None = None) -> Path:
    """Save :func:`run_figure` of ``run`` to ``path`` (``.png``, ``.svg`` or ``.pdf``)."""
    return save_figure(run_figure(run, recorder=recorder), path)


def compare(
    runs: Mapping[str, RunLike],
    *,
    status: bool = True,
    title: str | None = None,
) -> Figure:
    """Runs side by side, one column each (titled by its key), on one time axis.

    Each column is the run's pod timeline, above its Jobs' status curves when ``status`` and
    the run has a recorder. Legends are drawn once, right of the last column.
    """
    resolved = {label: resolve(run) for label, run in runs.items()}
    if not resolved:
        raise ValueError("compare() needs at least one run")
    with_status = status and all(r.recorder is not None for r in resolved.values())
    top = max(timeline_height(r, None, None) for r in resolved.values())
    rows = 2 if with_status else 1
    fig = new_figure(
        max(10.0, 4.6 * len(resolved) + 1.6), top + (STATUS_PANEL_HEIGHT if with_status else 0)
    )
    ratios = [top, STATUS_PANEL_HEIGHT] if with_status else [top]
    grid = fig.subplots(rows, len(resolved), sharex=True, squeeze=False, height_ratios=ratios)
    end = max(r.sim.now for r in resolved.values())
    unit = time_unit(end)
    used: set[str] = set()
    for column, (label, run) in enumerate(resolved.items()):
        last = column == len(resolved) - 1
        used |= draw_pod_timeline(grid[0, column], run, unit=unit, x_end=end, legend=False)
        grid[0, column].set_title(label)
        if with_status and run.recorder is not None:
            jobs = run.recorder.jobs()
            for job in jobs:
                draw_status_curves(
                    grid[1, column], run, job, unit=unit, prefix=len(jobs) > 1, legend=last
                )
            grid[1, column].set_title("status", fontsize=9, loc="left")
    timeline_legend(grid[0, -1], used)
    for ax in grid.flat:
        ax.set_xlim(0, unit(end) * 1.04 + unit(1.0))
    for ax in grid[:-1].flat:
        ax.set_xlabel("")
    if title is not None:
        fig.suptitle(title)
    return fig
