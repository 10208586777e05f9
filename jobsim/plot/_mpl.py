"""The matplotlib boundary of ``jobsim.plot``: lazy import, new figures, saving, time axes.

Owns the one place matplotlib is imported (it is the optional ``jobsim[plot]`` extra): figures
are made with ``matplotlib.figure.Figure`` — never ``pyplot``, so nothing global changes, no
interactive backend starts and figures are freed with their last reference — and saved with
the non-interactive Agg canvas (PNG) or matplotlib's SVG/PDF canvases. Also the simulated-time
axis: seconds, minutes or hours depending on the length of the run. Must not import the
simulation or any other jobsim module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MATPLOTLIB_HINT",
    "SAVE_FORMATS",
    "TimeUnit",
    "new_figure",
    "require_matplotlib",
    "save_figure",
    "time_unit",
]

MATPLOTLIB_HINT = "jobsim.plot needs matplotlib: pip install 'jobsim[plot]'"

SAVE_FORMATS = ("png", "svg", "pdf")
"""File suffixes :func:`save_figure` writes."""


def require_matplotlib() -> Any:
    """The matplotlib module, or an ImportError that says which extra to install."""
    try:
        import matplotlib  # noqa: PLC0415 - optional dependency, imported on use
    except ImportError as exc:  # pragma: no cover - depends on the installed extras
        raise ImportError(MATPLOTLIB_HINT) from exc
    return matplotlib


def new_figure(width: float, height: float) -> Figure:
    """A new, unmanaged figure (no pyplot) with a constrained layout."""
    require_matplotlib()
    from matplotlib.figure import Figure  # noqa: PLC0415 - optional dependency

    return Figure(figsize=(width, height), layout="constrained")


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 120) -> Path:
    """Write ``fig`` to ``path`` (``.png``, ``.svg`` or ``.pdf``) without an interactive backend."""
    target = Path(path)
    suffix = target.suffix.lower().lstrip(".")
    if suffix not in SAVE_FORMATS:
        raise ValueError(
            f"cannot save a plot as {target.name!r}: use one of "
            + ", ".join(f".{s}" for s in SAVE_FORMATS)
        )
    matplotlib = require_matplotlib()
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415

    canvas = FigureCanvasAgg(fig)  # Agg draws PNG; print_figure switches canvas for SVG/PDF
    # Same run, same bytes: no creation date in SVG/PDF, and SVG ids hashed from a fixed salt
    # instead of a random one.
    with matplotlib.rc_context({"svg.hashsalt": "jobsim"}):
        canvas.print_figure(target, format=suffix, dpi=dpi, metadata=_FIXED_METADATA[suffix])
    return target


_FIXED_METADATA: dict[str, dict[str, Any]] = {
    "png": {},
    "svg": {"Date": None},
    "pdf": {"CreationDate": None},
}


@dataclass(frozen=True, slots=True)
class TimeUnit:
    """How simulated seconds are shown on an axis: ``seconds / scale`` in ``name``."""

    name: str
    scale: float

    def __call__(self, seconds: float) -> float:
        """``seconds`` in this unit."""
        return seconds / self.scale

    def label(self) -> str:
        """The axis label."""
        return f"simulated time ({self.name})"

    def apply(self, ax: Axes) -> None:
        """Label ``ax``'s x axis with this unit."""
        ax.set_xlabel(self.label())


def time_unit(end: float) -> TimeUnit:
    """Seconds for runs up to 5 minutes, minutes up to 5 hours, hours beyond."""
    if end <= 300:
        return TimeUnit("s", 1.0)
    if end <= 5 * 3600:
        return TimeUnit("min", 60.0)
    return TimeUnit("h", 3600.0)
