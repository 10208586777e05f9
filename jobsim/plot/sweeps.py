"""Distributions over seeds: a box per grid value, with every run as a dot, from a sweep's frame.

Owns :func:`sweep_distributions`, the planning picture: for each value of a swept parameter
(``by``), the spread of a per-run metric (``makespan``, ``wasted_pod_seconds``, ...) over the
seeds, split by a second parameter (``hue``) when given. Reads the DataFrame of
:func:`jobsim.sweep` by column (pandas itself is not imported here). Runs whose metric is missing
(an unfinished Job has no makespan) are left out and counted in the x labels. Must not import
pyplot or the CLI.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from jobsim.plot._mpl import new_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from pandas import DataFrame

__all__ = ["sweep_distributions"]

HUE_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")


def _values(frame: DataFrame, column: str) -> list[Any]:
    """The distinct values of a column, in sorted order (as the grid gave them when unsortable)."""
    seen = list(dict.fromkeys(frame[column].tolist()))
    try:
        return sorted(seen)
    except TypeError:
        return seen


def _metric(frame: DataFrame, metric: str, where: dict[str, Any]) -> tuple[list[float], int]:
    """The metric's values in the rows matching ``where``, and how many rows had none."""
    mask = None
    for column, value in where.items():
        match = frame[column] == value
        mask = match if mask is None else mask & match
    rows = frame if mask is None else frame[mask]
    values = [float(v) for v in rows[metric].tolist()]
    kept = [v for v in values if not math.isnan(v)]
    return kept, len(values) - len(kept)


def sweep_distributions(
    frame: DataFrame,
    metric: str = "makespan",
    *,
    by: str | None = None,
    hue: str | None = None,
    ax: Axes | None = None,
    title: str | None = None,
) -> Figure:
    """Box plots of ``metric`` per value of ``by`` (default: the first swept parameter).

    ``hue`` (default: the second swept parameter, if any) splits each box by its values. Every
    run is drawn as a dot over the boxes.
    """
    params = list(frame.attrs.get("params", []))
    by = by or (params[0] if params else None)
    if hue is None and len(params) > 1 and by == params[0]:
        hue = params[1]
    if by is None:
        raise ValueError("sweep_distributions needs by=: the frame has no swept parameters")
    for column in (metric, by, hue):
        if column is not None and column not in frame.columns:
            raise ValueError(f"no column {column!r} in the sweep results")
    if ax is None:
        ax = new_figure(10.0, 4.2).add_subplot()
    xs = _values(frame, by)
    hues: list[Any] = _values(frame, hue) if hue is not None else [None]
    width = 0.8 / len(hues)
    for h, hue_value in enumerate(hues):
        colour = HUE_COLOURS[h % len(HUE_COLOURS)]
        for i, x in enumerate(xs):
            where = {by: x} if hue is None else {by: x, hue: hue_value}
            values, missing = _metric(frame, metric, where)
            centre = i - 0.4 + width * (h + 0.5)
            if values:
                _box(ax, values, centre, width * 0.8, colour=colour, gid=f"box/{i}/{h}")
            if missing:
                ax.annotate(
                    f"{missing} unfinished",
                    (centre, 0.0),
                    xycoords=("data", "axes fraction"),
                    ha="center",
                    va="bottom",
                    fontsize=6,
                )
        if hue is not None:
            ax.plot([], [], color=colour, linewidth=6, label=f"{hue} = {hue_value}")
    ax.set_xticks(range(len(xs)), [str(x) for x in xs])
    ax.set_xlabel(by)
    ax.set_ylabel(metric.replace("_", " ") + (" (s)" if _is_seconds(metric) else ""))
    ax.grid(axis="y", color="#eeeeee", linewidth=0.8)
    ax.set_axisbelow(True)
    if hue is not None:
        ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    if title is not None:
        ax.set_title(title)
    figure = ax.get_figure()
    assert figure is not None
    return figure  # type: ignore[return-value]  # an Axes' figure is a Figure here, not a SubFigure


def _is_seconds(metric: str) -> bool:
    return metric in {"makespan", "time_to_first_pod"} or metric.endswith("seconds")


def _box(
    ax: Axes, values: list[float], centre: float, width: float, *, colour: str, gid: str
) -> None:
    """One box (quartiles, whiskers at 1.5 IQR) and the runs as dots spread across it."""
    boxes = ax.boxplot(
        [values],
        positions=[centre],
        widths=width,
        patch_artist=True,
        showfliers=False,
        manage_ticks=False,
    )
    for patch in boxes["boxes"]:
        patch.set_facecolor(colour)
        patch.set_alpha(0.35)
        patch.set_gid(gid)
    for line in boxes["medians"]:
        line.set_color(colour)
        line.set_linewidth(2)
    n = len(values)
    spread = [centre - width / 2 + width * (k + 0.5) / n for k in range(n)]
    ax.plot(
        spread,
        sorted(values),
        linestyle="none",
        marker="o",
        markersize=3,
        color=colour,
        alpha=0.8,
        gid=f"runs/{gid.removeprefix('box/')}",
    )
