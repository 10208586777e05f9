"""The pod timeline: one bar per pod, grouped by Job and completion index, coloured by outcome.

Owns :func:`pod_timeline` and :func:`draw_pod_timeline`. Each Job gets a header row (its name,
with its condition transitions written where they happen) and one row per pod: a thin grey line
while the pod is pending (created, not yet running), then a bar until it finished (or the end of
the run) in the colour of its last phase; a hatched overlay from the moment its deletion began;
``|`` ticks at container restarts and ``↻N`` after a bar whose containers restarted; a dotted
line from a failed pod's end to its replacement's creation (the re-creation backoff, labelled
with its length); dashed vertical lines at the Job's condition transitions. Artists carry gids
(``pod/NS/NAME``, ``terminating/NS/NAME``, ``gap/NS/NAME``, ``condition/NS/JOB/TYPE``) so tests
and callers can find them. Must not import pyplot or the CLI.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

from jobsim.duration import format_duration
from jobsim.kubelet.records import PodRecord
from jobsim.plot._data import (
    PHASE_COLOURS,
    PodGroup,
    Run,
    RunLike,
    condition_marks,
    pod_groups,
    resolve,
)
from jobsim.plot._mpl import TimeUnit, new_figure, time_unit
from jobsim.plot.history import StatusRecorder

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "draw_pod_timeline",
    "pod_timeline",
    "short_duration",
    "timeline_height",
    "timeline_legend",
]

BAR_HEIGHT = 0.6
DELETED_ALPHA = 0.45
"""Bars of pods that were deleted (by the controller, an eviction, a user) are faded."""
PENDING_COLOUR = "#bbbbbb"
GAP_COLOUR = "#d62728"
LABEL_ROWS_MAX = 60
"""Above this many rows, per-row texts (backoff gaps) are left out to stay legible."""


def short_duration(seconds: float) -> str:
    """``10s``, ``1m20s`` for whole seconds; ``9.4s`` otherwise (a tenth of a second is enough)."""
    if abs(seconds - round(seconds)) < 0.05 or seconds >= 60:
        return format_duration(round(seconds))
    return f"{seconds:.1f}s"


def timeline_height(run: Run, jobs: Sequence[str] | None, namespace: str | None) -> float:
    """A figure height in inches that gives each timeline row room."""
    groups = pod_groups(run.sim.timeline(), jobs=jobs, namespace=namespace)
    rows = sum(len(g.records) + 1 for g in groups)
    return min(40.0, max(2.2, 0.28 * rows + 1.3))


def pod_timeline(
    run: RunLike,
    *,
    recorder: StatusRecorder | None = None,
    jobs: Sequence[str] | None = None,
    namespace: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Draw the pod timeline of ``run`` (on ``ax``, or a new figure) and return the figure."""
    resolved = resolve(run, recorder)
    if ax is None:
        fig = new_figure(10.0, timeline_height(resolved, jobs, namespace))
        ax = fig.add_subplot()
    draw_pod_timeline(ax, resolved, jobs=jobs, namespace=namespace, unit=None)
    if title is not None:
        ax.set_title(title)
    figure = ax.get_figure()
    assert figure is not None
    return figure  # type: ignore[return-value]  # an Axes' figure is a Figure here, not a SubFigure


def draw_pod_timeline(
    ax: Axes,
    run: Run,
    *,
    jobs: Sequence[str] | None = None,
    namespace: str | None = None,
    unit: TimeUnit | None = None,
    x_end: float | None = None,
    legend: bool = True,
) -> set[str]:
    """Draw the timeline of ``run`` on ``ax``; return what it shows (for a shared legend).

    ``unit`` defaults to one that suits the run's length; ``x_end`` (simulated seconds, default:
    the end of the run) is where the time axis ends, for runs drawn side by side.
    """
    end = run.sim.now
    span = max(end, x_end or 0.0)
    groups = pod_groups(run.sim.timeline(), jobs=jobs, namespace=namespace)
    rows = sum(len(g.records) + 1 for g in groups)
    drawing = _Drawing(ax, run, unit or time_unit(span), end, labels=rows <= LABEL_ROWS_MAX)
    drawing.span = span
    ticks: list[tuple[float, str, bool]] = []
    y = 0.0
    for group in groups:
        ticks.append((y, group.title, True))
        ys = [y + 1 + i for i in range(len(group.records))]
        ticks.extend((row, r.name, False) for row, r in zip(ys, group.records, strict=True))
        drawing.group(group, y, ys)
        y += len(group.records) + 1
        ax.axhline(y - 0.5, color="#dddddd", linewidth=0.8)
    ax.set_yticks([t[0] for t in ticks], [t[1] for t in ticks])
    for label, (_, _, bold) in zip(ax.get_yticklabels(), ticks, strict=True):
        if bold:
            label.set_fontweight("bold")
    ax.tick_params(axis="y", labelsize=8 if drawing.labels else 5)
    ax.set_ylim(max(y - 0.5, 0.5), -0.5)
    ax.set_xlim(0, drawing.unit(span) * 1.04 + drawing.unit(1.0))
    drawing.unit.apply(ax)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    if not groups:
        ax.text(0.5, 0.5, "no pods", transform=ax.transAxes, ha="center", va="center")
    if legend:
        timeline_legend(ax, drawing.used)
    return drawing.used


class _Drawing:
    """One timeline being drawn: the axes, the run, the time unit and the recorded pod marks."""

    def __init__(self, ax: Axes, run: Run, unit: TimeUnit, end: float, *, labels: bool) -> None:
        self.ax, self.run, self.unit, self.end, self.labels = ax, run, unit, end, labels
        self.span = end
        """Where the time axis ends (condition labels in its right half are right-aligned)."""
        self.used: set[str] = set()
        """What was drawn, for the legend: phases, ``deleted``, ``pending``, ``gap``..."""
        self.deletions: dict[tuple[str, str], float] = {}
        self.restarts: dict[tuple[str, str], list[float]] = {}
        for mark in run.recorder.marks if run.recorder is not None else ():
            key = (mark.namespace, mark.pod)
            if mark.kind == "deletion":
                self.deletions.setdefault(key, mark.t)
            else:
                self.restarts.setdefault(key, []).append(mark.t)

    def group(self, group: PodGroup, header: float, ys: list[float]) -> None:
        """Draw one Job's pods on rows ``ys``, its conditions from the ``header`` row down."""
        for y, record in zip(ys, group.records, strict=True):
            self.pod(y, record)
        self.gaps(group, ys)
        self.conditions(group, header, ys[-1] if ys else header)

    def pod(self, y: float, record: PodRecord) -> None:
        """The pending line, the phase bar, the terminating overlay and the restarts of a pod."""
        ax, unit = self.ax, self.unit
        key = (record.namespace, record.name)
        began = record.started if record.started is not None else record.finished
        if began is None or began > record.created:
            pending_end = self.end if began is None else began
            ax.hlines(
                y, unit(record.created), unit(pending_end), colors=PENDING_COLOUR, linewidth=2
            )
            self.used.add("pending")
        left = began if began is not None else record.created
        right = record.finished if record.finished is not None else self.end
        ax.barh(
            y,
            unit(max(right - left, 0.0)),
            left=unit(left),
            height=BAR_HEIGHT,
            color=PHASE_COLOURS.get(record.phase, PHASE_COLOURS["Unknown"]),
            alpha=DELETED_ALPHA if record.deleted else 1.0,
            edgecolor="white",
            linewidth=0.5,
            gid=f"pod/{record.namespace}/{record.name}",
        )
        self.used.add(record.phase if record.phase in PHASE_COLOURS else "Unknown")
        if record.deleted:
            self.used.add("deleted")
        deleted = self.deletions.get(key)
        if deleted is not None and deleted < right:
            ax.barh(
                y,
                unit(right - deleted),
                left=unit(deleted),
                height=BAR_HEIGHT,
                color="none",
                edgecolor="#333333",
                hatch="////",
                linewidth=0,
                gid=f"terminating/{record.namespace}/{record.name}",
            )
            self.used.add("terminating")
        times = self.restarts.get(key, [])
        if times:
            ax.plot(
                [unit(t) for t in times],
                [y] * len(times),
                linestyle="none",
                marker="|",
                markersize=9,
                markeredgewidth=2,
                color="black",
                gid=f"restarts/{record.namespace}/{record.name}",
            )
            self.used.add("restart")
        if record.restarts:
            ax.text(unit(right), y, f" ↻{record.restarts}", va="center", fontsize=7)

    def gaps(self, group: PodGroup, ys: list[float]) -> None:
        """Dotted lines from each failed pod's end to the creation of the pod that replaced it.

        The replacement of a failed pod is the next pod created for the same completion index
        (any pod of a NonIndexed Job) after it finished, failures matched first come first.
        """
        ax, unit = self.ax, self.unit
        rows = sorted(zip(ys, group.records, strict=True), key=lambda p: (p[1].created, p[1].name))
        failed = sorted(
            (r for r in group.records if r.phase == "Failed" and r.finished is not None),
            key=lambda r: (r.finished or 0.0, r.name),
        )
        queues: dict[int | None, deque[PodRecord]] = {}
        done = 0
        for y, record in rows:
            while done < len(failed) and (failed[done].finished or 0.0) <= record.created:
                queues.setdefault(failed[done].index, deque()).append(failed[done])
                done += 1
            queue = queues.get(record.index)
            if not queue or queue[0] is record:
                continue
            finished = queue.popleft().finished or 0.0
            gap = record.created - finished
            if gap <= 0:
                continue
            ax.hlines(
                y,
                unit(finished),
                unit(record.created),
                colors=GAP_COLOUR,
                linestyles="dotted",
                linewidth=1.5,
                gid=f"gap/{record.namespace}/{record.name}",
            )
            self.used.add("gap")
            if self.labels:
                middle = unit((finished + record.created) / 2)
                ax.text(middle, y - 0.32, short_duration(gap), ha="center", fontsize=6)

    def conditions(self, group: PodGroup, top: float, bottom: float) -> None:
        """Dashed lines at the Job's condition transitions; their names on the header row."""
        job = next(
            (
                j
                for j in self.run.jobs()
                if j.metadata.name == group.job and j.metadata.namespace == group.namespace
            ),
            None,
        )
        if job is None:
            return
        marks = condition_marks(job, self.run.sim.clock)
        by_time: dict[float, list[str]] = {}
        for mark in marks:
            self.ax.vlines(
                self.unit(mark.t),
                top - 0.5,
                bottom + 0.5,
                colors=mark.colour,
                linestyles="dashed",
                linewidth=1.2,
                gid=f"condition/{group.namespace}/{group.job}/{mark.type}",
            )
            by_time.setdefault(mark.t, []).append(mark.label)
        if marks:
            self.used.add("condition")
        right_half = self.span / 2
        for level, (t, names) in enumerate(sorted(by_time.items())):
            colour = next(m.colour for m in marks if m.t == t)
            text = f"{', '.join(names)} ({format_duration(t)})"
            self.ax.text(
                self.unit(t),
                top - 0.22 + 0.44 * (level % 2),
                f" {text} " if t <= right_half else f"{text} ",
                ha="left" if t <= right_half else "right",
                va="center",
                fontsize=6.5,
                color=colour,
            )


def timeline_legend(ax: Axes, used: set[str]) -> None:
    """A legend of what this timeline shows (phases and marks that occur), right of the axes."""
    from matplotlib.lines import Line2D  # noqa: PLC0415 - optional dependency
    from matplotlib.patches import Patch  # noqa: PLC0415 - optional dependency

    labels = {"Running": "Running at end", "Pending": "Pending at end"}
    handles: list[Artist] = [
        Patch(color=colour, label=labels.get(phase, phase))
        for phase, colour in PHASE_COLOURS.items()
        if phase in used
    ]
    extras: list[tuple[str, Artist]] = [
        ("deleted", Patch(color="#777777", alpha=DELETED_ALPHA, label="deleted (faded)")),
        ("pending", Line2D([], [], color=PENDING_COLOUR, linewidth=2, label="pending")),
        (
            "terminating",
            Patch(facecolor="white", edgecolor="#333333", hatch="////", label="terminating"),
        ),
        ("gap", Line2D([], [], color=GAP_COLOUR, linestyle="dotted", label="re-creation delay")),
        (
            "restart",
            Line2D([], [], color="black", marker="|", linestyle="none", label="container restart"),
        ),
        ("condition", Line2D([], [], color="#555555", linestyle="dashed", label="Job condition")),
    ]
    handles.extend(handle for key, handle in extras if key in used)
    if handles:
        ax.legend(
            handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False
        )
