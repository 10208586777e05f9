"""The ``jobsim`` command line. All terminal I/O and exit codes live here.

Exit codes: 0 success; 1 a run whose expectations failed; 2 bad input (a
malformed file, an invalid object, a bad flag) — always with a message, never a
traceback.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import click

from jobsim.check import Checker
from jobsim.manifests import (
    Document,
    ManifestError,
    decode_document,
    iter_bytes,
    iter_file,
    load_file,
)

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def _read_all(paths: Sequence[str]) -> list[Document]:
    docs: list[Document] = []
    for path in paths:
        if path == "-":
            docs.extend(iter_bytes(sys.stdin.buffer.read(), "<stdin>"))
        else:
            docs.extend(load_file(path))
    return docs


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jobsim", prog_name="jobsim")
def main() -> None:
    """jobsim: simulate the Kubernetes Job controller on a simulated clock."""


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def validate(files: tuple[str, ...]) -> None:
    """Default and validate every object in FILE... as the apiserver would on create.

    Prints one OK line per valid object, or the errors naming the file, the document,
    the object and the field path. Exit 0 when all are valid, 2 otherwise. FILE may be
    '-' for standard input.
    """
    checker = Checker()
    failed = False
    for path in files:
        docs = iter_bytes(sys.stdin.buffer.read(), "<stdin>") if path == "-" else iter_file(path)
        try:
            for doc in docs:
                for result in checker.check(doc):
                    if result.ok:
                        click.echo(f"OK  {result.where}")
                    for warning in result.warnings:
                        click.echo(f"Warning: {result.where}: {warning}", err=True)
                    for line in result.errors:
                        click.echo(f"error: {result.where}: {line}", err=True)
                    failed = failed or not result.ok
        except ManifestError as exc:
            click.echo(f"error: {exc}", err=True)
            failed = True
    sys.exit(EXIT_BAD_INPUT if failed else 0)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--seed", type=int, default=0, show_default=True, help="Random seed of the run.")
@click.option(
    "--until",
    default=None,
    help="Stop at this simulated time (e.g. 90s, 1m30s, 2h); default: when every Job finished.",
)
@click.option(
    "-o",
    "--output",
    type=click.Choice(["table", "wide", "json", "yaml", "name"]),
    default="table",
    show_default=True,
    help="How to print the final Jobs (as kubectl get jobs -o ...).",
)
def run(files: tuple[str, ...], seed: int, until: str | None, output: str) -> None:
    """Simulate the Jobs in FILE... and print their final state as kubectl get jobs does."""
    from jobsim.duration import DurationError, parse_duration
    from jobsim.errors import APIError
    from jobsim.report.output import render_jobs
    from jobsim.simulation import Simulation

    try:
        stop = parse_duration(until) if until is not None else None
    except DurationError as exc:
        click.echo(f"error: --until: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    try:
        docs = _read_all(files)
    except ManifestError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    sim = Simulation(seed=seed)
    for doc in docs:
        try:
            sim.apply(decode_document(doc))
        except ManifestError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except APIError as exc:
            click.echo(
                f'Error from server ({exc.reason}): error when creating "{doc.source}": {exc}',
                err=True,
            )
            sys.exit(EXIT_BAD_INPUT)
    sim.run(until=stop)
    click.echo(render_jobs(sim.jobs(), sim.clock.now_time(), output))
