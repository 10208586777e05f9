"""The ``jobsim serve`` command: a simulated cluster behind the Kubernetes API on HTTP.

Owns the command's flags, loading the optional manifest files into the simulation
before serving (errors exit 2 with the file named, as ``jobsim run`` does), and the
startup line. The lead attaches it to the click group in ``jobsim/cli.py`` with
``main.add_command(serve)``.

Imports ``jobsim.server.runner`` and below; all terminal I/O of the command is here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import structlog

from jobsim.api._base import format_time
from jobsim.cli_input import EXIT_BAD_INPUT, BadInput
from jobsim.clock import DEFAULT_EPOCH
from jobsim.errors import APIError
from jobsim.manifests import ManifestError
from jobsim.server.driver import SimDriver
from jobsim.server.runner import bind, serve_forever
from jobsim.simulation import Simulation

__all__ = ["serve"]

DEFAULT_EPOCH_TEXT = format_time(DEFAULT_EPOCH)


@click.command(short_help="Serve a simulated cluster over the Kubernetes API.")
@click.argument("files", nargs=-1, metavar="[FILE...]")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=int, default=8001, show_default=True, help="Port to listen on.")
@click.option(
    "--speed",
    type=click.FloatRange(min=0, min_open=True),
    default=1.0,
    show_default=True,
    help="Simulated seconds per wall second (60: a minute per second).",
)
@click.option(
    "--manual",
    is_flag=True,
    help="Move simulated time only on POST /jobsim/v1/advance?seconds=N.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed.")
@click.option(
    "--epoch",
    default=DEFAULT_EPOCH_TEXT,
    show_default=True,
    help="Wall-clock date of simulated time 0 (RFC 3339, UTC).",
)
def serve(
    files: tuple[str, ...],
    *,
    host: str,
    port: int,
    speed: float,
    manual: bool,
    seed: int,
    epoch: str,
) -> None:
    """Serve a simulated cluster's Jobs and Pods over the Kubernetes API (kubectl, curl).

    Point kubectl at it with `kubectl --server http://127.0.0.1:8001 get jobs`, or use the
    curl commands of the API reference as they are. FILE... (manifests) are created first.
    """
    try:
        sim = Simulation(seed=seed, epoch=epoch)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"--epoch: {exc}") from None
    for path in files:
        try:
            sim.apply(Path(path))
        except ManifestError as exc:
            raise BadInput(str(exc)) from None
        except APIError as exc:
            click.echo(
                f'Error from server ({exc.reason}): error when creating "{path}": {exc}',
                err=True,
            )
            sys.exit(EXIT_BAD_INPUT)
    try:
        sock = bind(host, port)
    except OSError as exc:
        raise BadInput(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    driver = SimDriver(sim, speed=None if manual else speed)
    bound_host, bound_port = sock.getsockname()[:2]
    structlog.get_logger("jobsim.server").info(
        "server_listening",
        url=f"http://{bound_host}:{bound_port}",
        speed=driver.speed,
        manual=driver.manual,
        objects=sim.api.resource_version,
    )
    serve_forever(driver, sock)
