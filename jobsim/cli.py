"""The ``jobsim`` command line. All terminal I/O and exit codes live here.

Exit codes: 0 success; 1 a run whose expectations failed; 2 bad input (a
malformed file, an invalid object, a bad flag) — always with a message, never a
traceback.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

import click
from rich.console import Console

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event, Pod
from jobsim.check import Checker
from jobsim.duration import DurationError, parse_duration
from jobsim.errors import APIError
from jobsim.labels import SelectorParseError
from jobsim.labels import parse as parse_selector
from jobsim.logs import bind_clock, configure_logging
from jobsim.manifests import (
    Document,
    ManifestError,
    decode_document,
    iter_bytes,
    iter_file,
    load_file,
    load_text,
    parse_field_path,
)
from jobsim.plot import SAVE_FORMATS, StatusRecorder, run_figure, save_figure
from jobsim.report.describe import describe_job, job_events
from jobsim.report.output import render_events, render_jobs, render_pods, watch_line
from jobsim.report.progress import RunProgress
from jobsim.report.timeline import render_timeline
from jobsim.scenario import (
    KIND as SCENARIO_KIND,
)
from jobsim.scenario import (
    ExpectationResult,
    Scenario,
    ScenarioError,
    load_scenario,
    run_scenario,
    scenario_json_schema_text,
)
from jobsim.server.cli import serve
from jobsim.simulation import Simulation
from jobsim.sweep.cli import sweep_command

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


# -- run, get, describe ------------------------------------------------------------------------

_OUTPUT = click.Choice(["table", "wide", "json", "yaml", "name"])
_RESOURCES = {
    **dict.fromkeys(("jobs", "job", "job.batch", "jobs.batch"), "jobs"),
    **dict.fromkeys(("pods", "pod", "po"), "pods"),
    **dict.fromkeys(("events", "event", "ev"), "events"),
}


class BadInput(click.ClickException):
    """Bad input: printed as ``error: ...`` on stderr, exit 2, no traceback."""

    exit_code = EXIT_BAD_INPUT

    def show(self, file: IO[Any] | None = None) -> None:
        """Print ``error: <message>`` to stderr."""
        click.echo(f"error: {self.message}", err=True)


def _where(doc: Document, exc: APIError) -> str:
    """``file, document N (line L), Kind/name`` for an error the apiserver returned."""
    line = doc.line
    details = exc.status.details
    for cause in (details.causes or []) if details else []:
        if cause.field:
            line = doc.line_of(parse_field_path(cause.field))
            break
    where = f"{doc.source}, document {doc.index + 1} (line {line})"
    return f"{where}, {doc.what}" if doc.what else where


def _seconds(flag: str, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_duration(value)
    except DurationError as exc:
        raise BadInput(f"{flag}: {exc}") from None


def _documents(files: Sequence[str]) -> tuple[list[Document], dict[str, str]]:
    """The documents of FILE... (``-``: standard input), and the text read from stdin."""
    docs: list[Document] = []
    texts: dict[str, str] = {}
    try:
        for path in files:
            if path == "-":
                texts[path] = sys.stdin.read()
                docs.extend(load_text(texts[path], "<stdin>"))
            else:
                docs.extend(load_file(path))
    except ManifestError as exc:
        raise BadInput(str(exc)) from None
    return docs, texts


def _is_scenario(doc: Document) -> bool:
    return isinstance(doc.data, dict) and doc.data.get("kind") == SCENARIO_KIND


@dataclass
class _Run:
    """What FILE... describes: a populated Simulation, or a Scenario to run (seed, end)."""

    sim: Simulation | None = None
    scenario: Scenario | None = None
    results: list[ExpectationResult] = field(default_factory=list)

    def advance(
        self, until: float | None, on_start: Callable[[Simulation], None] | None = None
    ) -> Simulation:
        """Run to ``until`` (absolute simulated seconds), or to the natural end of the run.

        ``on_start`` sees the Simulation before it runs (for watches and progress).
        """
        if self.scenario is None:
            assert self.sim is not None
            if on_start is not None:
                on_start(self.sim)
            self.sim.run(until=until)
            return self.sim
        scenario = self.scenario
        if until is not None:
            settings = scenario.settings.model_copy(update={"until": until})
            scenario = replace(scenario, settings=settings)
        try:
            result = run_scenario(scenario, on_start=_bind_and(on_start))
        except ScenarioError as exc:
            raise BadInput(str(exc)) from None
        self.sim, self.results = result.simulation, result.results
        return self.sim


def _bind_and(
    on_start: Callable[[Simulation], None] | None,
) -> Callable[[Simulation], None]:
    """Bind the log clock to a new Simulation, then call ``on_start``."""

    def start(sim: Simulation) -> None:
        bind_clock(sim.clock)
        if on_start is not None:
            on_start(sim)

    return start


def _build(files: Sequence[str], seed: int | None) -> _Run:
    """Create the objects of FILE... in a new Simulation (a Scenario file brings its settings)."""
    docs, texts = _documents(files)
    if any(_is_scenario(d) for d in docs):
        return _build_scenario(files, texts, seed)
    sim = Simulation(seed=seed or 0)
    bind_clock(sim.clock)
    for doc in docs:
        try:
            obj = decode_document(doc)
        except ManifestError as exc:
            raise BadInput(str(exc)) from None
        try:
            sim.api.create(type(obj), obj)
        except APIError as exc:
            raise BadInput(f"{_where(doc, exc)}: {exc}") from None
    return _Run(sim=sim)


def _build_scenario(files: Sequence[str], texts: dict[str, str], seed: int | None) -> _Run:
    """Load the one Scenario file of FILE... (its manifests, settings, timeline, expectations)."""
    if len(files) != 1:
        raise BadInput(f"a file with a {SCENARIO_KIND} document must be the only FILE")
    path = files[0]
    try:
        scenario = (
            load_scenario(texts[path], name="<stdin>") if path in texts else load_scenario(path)
        )
    except ManifestError as exc:
        raise BadInput(str(exc)) from None
    if seed is not None:
        scenario = replace(scenario, settings=scenario.settings.model_copy(update={"seed": seed}))
    bind_clock(None)
    return _Run(scenario=scenario)


def _setup_logging(verbose: int, quiet: bool, log_format: str) -> None:
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    configure_logging(
        level=level,
        fmt="json" if log_format == "json" else "console",
        stream=sys.stderr,
    )


def _progress(sim: Simulation | None, quiet: bool) -> RunProgress | None:
    """A progress bar for a slow run, when stderr is a terminal and not ``-q``."""
    stderr = sys.stderr
    if sim is None or quiet or not stderr.isatty():
        return None
    progress = RunProgress(Console(file=stderr), sim.clock.now)
    for resource in ("jobs", "pods"):
        sim.api.watch(resource, handler=progress.handle)
    return progress


def _echo_table(text: str, what: str) -> None:
    if text:
        click.echo(text)
    else:
        click.echo(f"No resources found{what}.", err=True)


_log_options: list[Callable[[Any], Any]] = [
    click.option(
        "--log-format",
        type=click.Choice(["console", "json"]),
        default="console",
        show_default=True,
        help="Format of the log lines on stderr.",
    ),
    click.option(
        "-v", "--verbose", count=True, help="Log controller decisions (pods, conditions)."
    ),
    click.option("-q", "--quiet", is_flag=True, help="Only warnings; no progress bar."),
]


def _with_log_options(fn: Any) -> Any:
    for option in reversed(_log_options):
        fn = option(fn)
    return fn


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--seed", type=int, default=None, help="Random seed of the run [default: 0].")
@click.option(
    "--until",
    default=None,
    help="Stop at this simulated time (e.g. 90s, 1m30s, 2h); default: when every Job finished.",
)
@click.option(
    "-o",
    "--output",
    type=_OUTPUT,
    default="table",
    show_default=True,
    help="How to print the final Jobs (as kubectl get jobs -o ...).",
)
@click.option(
    "--events", "show_events", is_flag=True, help="Also print the Events (kubectl events)."
)
@click.option(
    "--watch",
    is_flag=True,
    help="Stream Job and Pod watch events as JSON lines on stdout, instead of the table.",
)
@click.option("--timeline", is_flag=True, help="Also print one row per pod.")
@click.option(
    "--plot",
    "plot_path",
    default=None,
    metavar="FILE",
    help="Also save a picture of the run to FILE (.png, .svg or .pdf): the pod timeline and "
    "each Job's status over time. Needs matplotlib: pip install 'jobsim[plot]'.",
)
@_with_log_options
def run(
    *,
    files: tuple[str, ...],
    seed: int | None,
    until: str | None,
    output: str,
    show_events: bool,
    watch: bool,
    timeline: bool,
    plot_path: str | None,
    log_format: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Simulate FILE... and print the final Jobs as kubectl get jobs does.

    A file with a kind: Scenario document runs with its settings, timeline and
    expectations; one PASS/FAIL line per expectation follows. Exit 0 when all hold,
    1 when one fails, 2 on bad input.
    """
    stop = _seconds("--until", until)
    if plot_path is not None and Path(plot_path).suffix.lower().lstrip(".") not in SAVE_FORMATS:
        raise BadInput(f"--plot {plot_path}: the file name must end in .png, .svg or .pdf")
    _setup_logging(verbose, quiet, log_format)
    job_run = _build(files, seed)
    progress: list[RunProgress] = []
    recorder = StatusRecorder()

    def attach(sim: Simulation) -> None:
        if plot_path is not None:
            recorder.attach(sim)
        if watch:
            for resource in ("jobs", "pods"):
                sim.api.watch(
                    resource, handler=lambda ev: click.echo(watch_line(ev.type, ev.object))
                )
        bar = _progress(sim, quiet)
        if bar is not None:
            progress.append(bar)

    try:
        sim = job_run.advance(stop, on_start=attach)
    finally:
        for bar in progress:
            bar.close()
    if plot_path is not None:
        try:
            save_figure(run_figure(recorder), plot_path)
        except ImportError as exc:
            raise BadInput(str(exc)) from None
        except OSError as exc:
            raise BadInput(f"--plot {plot_path}: {exc.strerror or exc}") from None
    now = sim.clock.now_micro()
    if not watch:
        _echo_table(render_jobs(sim.jobs(), now, output), "")
        if show_events:
            click.echo()
            _echo_table(render_events(sim.events(), now, output), "")
        if timeline:
            click.echo()
            click.echo(render_timeline(sim.timeline()))
    for result in job_run.results:
        click.echo(str(result), err=watch)
    sys.exit(0 if all(r.passed for r in job_run.results) else 1)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.argument("resource", metavar="jobs|pods|events")
@click.option("-l", "--selector", default=None, help="Label selector, e.g. job-name=pi.")
@click.option("-n", "--namespace", default="default", show_default=True, help="Namespace.")
@click.option("--at", default=None, help="Simulated time to look at; default: the end of the run.")
@click.option("--seed", type=int, default=None, help="Random seed of the run [default: 0].")
@click.option("-o", "--output", type=_OUTPUT, default="table", show_default=True)
@_with_log_options
def get(
    *,
    files: tuple[str, ...],
    resource: str,
    selector: str | None,
    namespace: str,
    at: str | None,
    seed: int | None,
    output: str,
    log_format: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Run FILE... (to --at) and print Jobs, Pods or Events as kubectl get does."""
    kind = _RESOURCES.get(resource.lower())
    if kind is None:
        raise BadInput(f'the server doesn\'t have a resource type "{resource}"')
    if selector is not None:
        try:
            parse_selector(selector)
        except SelectorParseError as exc:
            raise BadInput(f"-l: {exc}") from None
    stop = _seconds("--at", at)
    _setup_logging(verbose, quiet, log_format)
    sim = _build(files, seed).advance(stop)
    now = sim.clock.now_micro()
    items = sim.api.list(kind, namespace=namespace, label_selector=selector).items
    items = sorted(items, key=lambda o: o.metadata.name or "")  # type: ignore[attr-defined]
    where = f" in {namespace} namespace"
    if kind == "jobs":
        _echo_table(render_jobs([o for o in items if isinstance(o, Job)], now, output), where)
    elif kind == "pods":
        _echo_table(render_pods([o for o in items if isinstance(o, Pod)], now, output), where)
    else:
        _echo_table(render_events([o for o in items if isinstance(o, Event)], now, output), where)


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.argument("target", metavar="job/NAME")
@click.option("-n", "--namespace", default="default", show_default=True, help="Namespace.")
@click.option("--at", default=None, help="Simulated time to look at; default: the end of the run.")
@click.option("--seed", type=int, default=None, help="Random seed of the run [default: 0].")
@_with_log_options
def describe(
    *,
    files: tuple[str, ...],
    target: str,
    namespace: str,
    at: str | None,
    seed: int | None,
    log_format: str,
    verbose: int,
    quiet: bool,
) -> None:
    """Run FILE... (to --at) and describe a Job as kubectl describe job does."""
    resource, _, name = target.partition("/")
    if _RESOURCES.get(resource.lower()) != "jobs" or not name:
        raise BadInput(f'expected job/NAME, got "{target}"')
    stop = _seconds("--at", at)
    _setup_logging(verbose, quiet, log_format)
    sim = _build(files, seed).advance(stop)
    try:
        job = sim.api.get("jobs", name, namespace=namespace)
    except APIError as exc:
        click.echo(f"Error from server ({exc.reason}): {exc}", err=True)
        sys.exit(EXIT_BAD_INPUT)
    assert isinstance(job, Job)
    events = job_events(job, sim.events(namespace))
    click.echo(describe_job(job, events, sim.clock.now_micro()), nl=False)


main.add_command(serve)
main.add_command(sweep_command, name="sweep")


@main.command("scenario-schema")
def scenario_schema() -> None:
    """Print the JSON Schema of the Scenario document (for editors; see docs/scenarios.md)."""
    click.echo(scenario_json_schema_text(), nl=False)
