"""Logging for jobsim: structlog configured once, with the simulated time on every line.

Owns:

- :func:`get_logger`: what jobsim modules log through. Event names are stable snake_case
  (``pod_created``, ``pod_deleted``, ``job_condition_set``) with fixed keys (``job``, ``pod``).
  A call below the enabled level is one integer comparison: no logger is built and no processor
  runs, so decision logs in the controller's hot paths cost about nothing when off. Off (only
  warnings and errors pass) until :func:`configure_logging` or :func:`set_level` says otherwise,
  so library and notebook users see nothing they did not ask for.
- :func:`configure_logging`: ``structlog.configure`` with a
  ``make_filtering_bound_logger(level)`` wrapper, the ``sim_time`` processor (seconds of the
  simulation clock bound with :func:`bind_clock`), and a console (default) or JSON renderer,
  writing to a stream (the CLI passes stderr).

Layer 1: imports structlog and the standard library only; no simulation, no store.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import MutableMapping
from typing import Any, Literal, Protocol, TextIO

import structlog

__all__ = [
    "DecisionLogger",
    "LogFormat",
    "add_sim_time",
    "bind_clock",
    "configure_logging",
    "get_logger",
    "set_level",
]

LogFormat = Literal["console", "json"]

_DEBUG, _INFO, _WARNING, _ERROR = logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR


class _Clock(Protocol):
    def now(self) -> float: ...


class _State:
    """The process-wide logging state: the enabled level and the simulation clock."""

    level: int = _WARNING
    clock: _Clock | None = None


def set_level(level: int) -> None:
    """Enable jobsim's log calls at ``level`` (a :mod:`logging` level) and above."""
    _State.level = level


def bind_clock(clock: _Clock | None) -> None:
    """Use ``clock`` (a ``SimClock``) for the ``sim_time`` key; ``None`` drops the key."""
    _State.clock = clock


def add_sim_time(
    _logger: Any, _method: str, event_dict: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: ``sim_time`` = simulated seconds of the bound clock."""
    clock = _State.clock
    if clock is not None:
        event_dict["sim_time"] = round(clock.now(), 9)
    return event_dict


class DecisionLogger:
    """A logger that does nothing below the enabled level and logs through structlog above it."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def debug(self, event: str, **kw: Any) -> None:
        """Log ``event`` at debug level (``-v``): controller decisions."""
        if _State.level <= _DEBUG:
            structlog.get_logger(self.name).debug(event, **kw)

    def info(self, event: str, **kw: Any) -> None:
        """Log ``event`` at info level."""
        if _State.level <= _INFO:
            structlog.get_logger(self.name).info(event, **kw)

    def warning(self, event: str, **kw: Any) -> None:
        """Log ``event`` at warning level."""
        if _State.level <= _WARNING:
            structlog.get_logger(self.name).warning(event, **kw)

    def error(self, event: str, **kw: Any) -> None:
        """Log ``event`` at error level."""
        if _State.level <= _ERROR:
            structlog.get_logger(self.name).error(event, **kw)


def get_logger(name: str) -> DecisionLogger:
    """The logger a jobsim module logs through (``name``, e.g. ``jobsim.controller.job``)."""
    return DecisionLogger(name)


def configure_logging(
    *,
    level: int = _INFO,
    fmt: LogFormat = "console",
    stream: TextIO | None = None,
    colors: bool | None = None,
) -> None:
    """Configure structlog once for a run: level filter, ``sim_time``, console or JSON lines."""
    out = stream if stream is not None else sys.stderr
    set_level(level)
    renderer: Any
    if fmt == "json":
        renderer = structlog.processors.JSONRenderer(sort_keys=True)
    else:
        use_colors = colors if colors is not None else bool(getattr(out, "isatty", bool)())
        renderer = structlog.dev.ConsoleRenderer(
            colors=use_colors, timestamp_key="sim_time", pad_event_to=20
        )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            add_sim_time,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(level),
        logger_factory=structlog.PrintLoggerFactory(file=out),
        cache_logger_on_first_use=False,
    )
