"""Status curves: a Job's active, ready, succeeded, failed and terminating over simulated time.

Owns :func:`status_curves` and :func:`draw_status_curves`: step lines (a count holds until the
next status write) from a :class:`StatusRecorder`'s rows, extended to the end of the run, a
dotted line at ``spec.completions`` and dashed vertical lines at the Job's condition
transitions. Lines carry gids ``status/NS/JOB/FIELD``, ``completions/NS/JOB`` and
``condition/NS/JOB/TYPE``. Curves that often coincide are drawn a few points apart (the data
stay exact). Must not
import pyplot or the CLI.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from jobsim.api.batch_v1 import Job
from jobsim.plot._data import STATUS_COLOURS, Run, condition_marks
from jobsim.plot._mpl import TimeUnit, new_figure, time_unit
from jobsim.plot.history import STATUS_FIELDS, StatusRecorder

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["draw_status_curves", "select_jobs", "status_curves"]

_STYLES: dict[str, dict[str, Any]] = {
    "active": {"linewidth": 3.0, "alpha": 0.8},
    "ready": {"linewidth": 1.4, "linestyle": "dashed"},
}
"""Line styles where curves often coincide: ``ready`` (dashed) over a wider ``active``."""

_DRAW_ORDER = ("terminating", "active", "ready", "succeeded", "failed")
_OFFSETS = {"succeeded": 2.0, "failed": -2.0, "terminating": 4.0}
"""Points each curve is drawn above (below) its value, so equal counts stay visible apart.
The data (``line.get_ydata()``) are the exact counts."""


def select_jobs(
    recorder: StatusRecorder, jobs: Sequence[str] | None = None, namespace: str | None = None
) -> list[Job]:
    """The recorded Jobs to draw: all, or those named in ``jobs`` (in ``namespace``)."""
    return [
        j
        for j in recorder.jobs()
        if (jobs is None or j.metadata.name in jobs)
        and (namespace is None or j.metadata.namespace == namespace)
    ]


def status_curves(
    recorder: StatusRecorder,
    *,
    jobs: Sequence[str] | None = None,
    namespace: str | None = None,
    fields: Sequence[str] = STATUS_FIELDS,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the status curves of the recorded Jobs (one panel per Job) and return the figure.

    With ``ax``, every selected Job is drawn on that one axes.
    """
    selected = select_jobs(recorder, jobs, namespace)
    unknown = [f for f in fields if f not in STATUS_FIELDS]
    if unknown:
        raise ValueError(f"unknown status fields {unknown}: choose from {list(STATUS_FIELDS)}")
    unit = time_unit(recorder.end)
    run = Run(recorder.simulation, recorder)
    if ax is not None:
        for job in selected:
            draw_status_curves(ax, run, job, fields=fields, unit=unit, prefix=len(selected) > 1)
        figure = ax.get_figure()
    else:
        fig = new_figure(10.0, 0.4 + 2.4 * max(len(selected), 1))
        axes = fig.subplots(max(len(selected), 1), 1, sharex=True, squeeze=False)[:, 0]
        for panel, job in zip(axes, selected, strict=False):
            draw_status_curves(panel, run, job, fields=fields, unit=unit)
        for panel in axes[:-1]:
            panel.set_xlabel("")
        figure = fig
    if title is not None and figure is not None:
        figure.suptitle(title)
    assert figure is not None
    return figure  # type: ignore[return-value]  # an Axes' figure is a Figure here, not a SubFigure


def draw_status_curves(
    ax: Axes,
    run: Run,
    job: Job,
    *,
    fields: Sequence[str] = STATUS_FIELDS,
    unit: TimeUnit | None = None,
    prefix: bool = False,
    legend: bool = True,
) -> None:
    """Draw one Job's status curves on ``ax`` (``prefix``: put the Job's name in the labels)."""
    from matplotlib.ticker import MaxNLocator  # noqa: PLC0415 - optional dependency
    from matplotlib.transforms import ScaledTranslation  # noqa: PLC0415 - optional dependency

    recorder = run.recorder
    if recorder is None:
        raise ValueError("status curves need a StatusRecorder attached before the run")
    end = recorder.end
    unit = unit or time_unit(end)
    namespace, name = job.metadata.namespace or "", job.metadata.name or ""
    rows = recorder.job_rows(name, namespace)
    if rows:
        times = [unit(r.t) for r in rows] + [unit(end)]
        for field in sorted(fields, key=_DRAW_ORDER.index):
            values = [getattr(r, field) for r in rows]
            points = _OFFSETS.get(field, 0.0) / 72
            shift = ax.transData + ScaledTranslation(0, points, ax.figure.dpi_scale_trans)
            ax.step(
                times,
                [*values, values[-1]],
                where="post",
                color=STATUS_COLOURS[field],
                **_STYLES.get(field, {"linewidth": 1.6}),
                label=f"{name} {field}" if prefix else field,
                gid=f"status/{namespace}/{name}/{field}",
                transform=shift,
            )
            # A shifted line does not count towards autoscaling: declare its data.
            ax.update_datalim([(times[0], min(values)), (times[-1], max(values))])
    if job.spec.completions is not None:
        ax.axhline(
            job.spec.completions,
            color="#999999",
            linestyle="dotted",
            linewidth=1,
            label=None if prefix else "completions",
            gid=f"completions/{namespace}/{name}",
        )
    labels: dict[float, list[str]] = {}
    for mark in condition_marks(job, run.sim.clock):
        ax.axvline(
            unit(mark.t),
            color=mark.colour,
            linestyle="dashed",
            linewidth=1.1,
            gid=f"condition/{namespace}/{name}/{mark.type}",
        )
        labels.setdefault(mark.t, []).append(mark.label)
    for t, names in labels.items():
        ax.annotate(
            ", ".join(names),
            (unit(t), 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            rotation=90,
            va="top",
            fontsize=7,
            color="#444444",
        )
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    top = max(ax.dataLim.y1, float(job.spec.completions or 0), 1.0)
    ax.set_ylim(-0.05 * top, 1.06 * top)
    ax.set_ylabel("pods")
    ax.set_xlim(0, unit(end) * 1.04 + unit(1.0))
    ax.grid(color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    if not prefix:
        ax.set_title(f"job/{name} status", fontsize=9, loc="left")
    unit.apply(ax)
    if legend:
        _status_legend(ax)


def _status_legend(ax: Axes) -> None:
    """The curves' legend right of the axes, in :data:`STATUS_FIELDS` order."""
    handles, names = ax.get_legend_handles_labels()
    order = sorted(range(len(names)), key=lambda i: _legend_rank(names[i]))
    ax.legend(
        [handles[i] for i in order],
        [names[i] for i in order],
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=7,
        frameon=False,
    )


def _legend_rank(label: str) -> tuple[int, str]:
    """Legend entries in :data:`STATUS_FIELDS` order (per Job), ``completions`` last."""
    field = label.rsplit(" ", 1)[-1]
    rank = STATUS_FIELDS.index(field) if field in STATUS_FIELDS else len(STATUS_FIELDS)
    return (rank, label)
