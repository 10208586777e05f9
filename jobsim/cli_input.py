"""Bad command-line input, as every jobsim command reports it: ``error: ...``, exit code 2.

Owns :data:`EXIT_BAD_INPUT`, :class:`BadInput` (a click exception printed as one
``error: <line>`` per line of its message, never a traceback), :data:`SEED` (a seed is
``>= 0``, as a Scenario's is) and :func:`parse_seconds` (a duration flag). Shared by
``jobsim.cli_support`` and the commands that live in lower layers (``jobsim sweep``,
``jobsim serve``). Imports click and ``jobsim.duration`` only.
"""

from __future__ import annotations

from typing import IO, Any, Final

import click

from jobsim.duration import DurationError, parse_duration

__all__ = ["EXIT_BAD_INPUT", "SEED", "BadInput", "parse_seconds"]

EXIT_BAD_INPUT: Final = 2

SEED: Final = click.IntRange(min=0)
"""A seed flag: a Scenario's seed is ``>= 0`` too (``random.Random(-n)`` would equal ``n``)."""


class BadInput(click.ClickException):
    """Bad input: printed as ``error: ...`` on stderr, exit 2, no traceback."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``error: <message>`` to stderr, one such line per line of the message."""
        for line in self.message.splitlines() or [""]:
            click.echo(f"error: {line}", err=True)


def parse_seconds(flag: str, value: str | None) -> float | None:
    """A duration flag (``90s``, ``1m30s``) in seconds, None when unset; BadInput if malformed."""
    if value is None:
        return None
    try:
        seconds = parse_duration(value)
    except DurationError as exc:
        raise BadInput(f"{flag}: {exc}") from None
    if seconds < 0:
        raise BadInput(f"{flag}: must not be negative, got {value}")
    return seconds
