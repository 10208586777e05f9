"""The ``jobsim`` command line: the click group ``main`` and its commands.

All terminal I/O and exit codes live here and in ``jobsim.cli_support`` (building a run
from FILE..., bad input, log options), which the commands share.

Exit codes: 0 success; 1 a run whose expectations failed; 2 bad input (a
malformed file, an invalid object, a bad flag) — always with a message, never a
traceback.
"""

from __future__ import annotations

import sys

import click

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event, Pod
from jobsim.check import Checker
from jobsim.cli_input import EXIT_BAD_INPUT, SEED, BadInput, parse_seconds
from jobsim.cli_support import (
    OUTPUT_CHOICE,
    RESOURCES,
    build_run,
    check_plot_path,
    check_stdin_once,
    echo_table,
    is_scenario,
    run_progress,
    setup_logging,
    with_log_options,
)
from jobsim.errors import APIError
from jobsim.labels import SelectorParseError
from jobsim.labels import parse as parse_selector
from jobsim.manifests import Document, ManifestError, iter_bytes, iter_file
from jobsim.plot import StatusRecorder, run_figure, save_figure
from jobsim.report.describe import describe_job, job_events
from jobsim.report.output import (
    render_events,
    render_jobs,
    render_kubectl_events,
    render_pods,
    watch_line,
)
from jobsim.report.progress import RunProgress
from jobsim.report.timeline import render_timeline
from jobsim.scenario import ScenarioError, load_scenario, scenario_json_schema_text
from jobsim.server.cli import serve
from jobsim.simulation import Simulation
from jobsim.sweep.cli import sweep_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="jobsim", prog_name="jobsim")
def main() -> None:
    """jobsim: simulate the Kubernetes Job controller on a simulated clock."""


@main.command(short_help="Check manifests as the API server would.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
def validate(files: tuple[str, ...]) -> None:
    """Default and validate every object in FILE... as the apiserver would on create.

    Prints one OK line per valid object, or the errors naming the file, the document,
    the object and the field path. Exit 0 when all are valid, 2 otherwise. FILE may be
    '-' for standard input.
    """
    check_stdin_once(files)
    checker = Checker()
    failed = False
    for path in files:
        stdin = sys.stdin.buffer.read() if path == "-" else None
        docs = iter_bytes(stdin, "<stdin>") if stdin is not None else iter_file(path)
        scenarios: list[Document] = []
        try:
            for doc in docs:
                if is_scenario(doc):
                    scenarios.append(doc)
                    continue
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
            continue
        if scenarios and not _validate_scenario(path, stdin, scenarios):
            failed = True
    sys.exit(EXIT_BAD_INPUT if failed else 0)


def _validate_scenario(path: str, stdin: bytes | None, docs: list[Document]) -> bool:
    """Check a file's Scenario document (schema, durations, selectors, references to Jobs).

    Only problems located in the Scenario document are printed here; the manifests were
    checked (and reported) one by one above.
    """
    indexes = {doc.index for doc in docs}
    try:
        if stdin is not None:
            load_scenario(stdin.decode("utf-8", errors="replace"), name="<stdin>")
        else:
            load_scenario(path)
    except ScenarioError as exc:
        problems = [p for p in exc.problems if p.index in indexes or p.index is None]
        for problem in problems:
            click.echo(f"error: {problem}", err=True)
        return not problems
    except ManifestError as exc:
        click.echo(f"error: {exc}", err=True)
        return False
    for doc in docs:
        click.echo(f"OK  {doc.error('').where}")
    return True


# -- run, get, describe ------------------------------------------------------------------------


@main.command(short_help="Simulate Jobs or a scenario; print the final Jobs.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--seed", type=SEED, default=None, help="Random seed of the run [default: 0].")
@click.option(
    "--until",
    default=None,
    help="Stop at this simulated time (e.g. 90s, 1m30s, 2h); default: when every Job finished.",
)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_CHOICE,
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
@with_log_options
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
    stop = parse_seconds("--until", until)
    if plot_path is not None:
        check_plot_path(plot_path)
    setup_logging(verbose, quiet, log_format)
    job_run = build_run(files, seed)
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
        bar = run_progress(sim, quiet)
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
        echo_table(render_jobs(sim.jobs(), now, output), "")
        if show_events:
            click.echo()
            events = sim.events()
            if output in ("table", "wide"):
                echo_table(render_kubectl_events(events, now), "")
            else:
                echo_table(render_events(events, now, output), "")
        if timeline:
            click.echo()
            click.echo(render_timeline(sim.timeline()))
    for result in job_run.results:
        click.echo(str(result), err=watch)
    sys.exit(0 if all(r.passed for r in job_run.results) else 1)


@main.command(short_help="Simulate, then list Jobs, Pods or Events like kubectl get.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.argument("resource", metavar="jobs|pods|events")
@click.option("-l", "--selector", default=None, help="Label selector, e.g. job-name=pi.")
@click.option("-n", "--namespace", default="default", show_default=True, help="Namespace.")
@click.option("--at", default=None, help="Simulated time to look at; default: the end of the run.")
@click.option("--seed", type=SEED, default=None, help="Random seed of the run [default: 0].")
@click.option("-o", "--output", type=OUTPUT_CHOICE, default="table", show_default=True)
@with_log_options
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
    kind = RESOURCES.get(resource.lower())
    if kind is None:
        raise BadInput(f'the server doesn\'t have a resource type "{resource}"')
    if selector is not None:
        try:
            parse_selector(selector)
        except SelectorParseError as exc:
            raise BadInput(f"-l: {exc}") from None
    stop = parse_seconds("--at", at)
    setup_logging(verbose, quiet, log_format)
    sim = build_run(files, seed).advance(stop)
    now = sim.clock.now_micro()
    items = sim.api.list(kind, namespace=namespace, label_selector=selector).items
    items = sorted(items, key=lambda o: o.metadata.name or "")  # type: ignore[attr-defined]
    where = f" in {namespace} namespace"
    if kind == "jobs":
        echo_table(render_jobs([o for o in items if isinstance(o, Job)], now, output), where)
    elif kind == "pods":
        echo_table(render_pods([o for o in items if isinstance(o, Pod)], now, output), where)
    else:
        echo_table(render_events([o for o in items if isinstance(o, Event)], now, output), where)


@main.command(short_help="Simulate, then describe a Job like kubectl describe.")
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.argument("target", metavar="job/NAME")
@click.option("-n", "--namespace", default="default", show_default=True, help="Namespace.")
@click.option("--at", default=None, help="Simulated time to look at; default: the end of the run.")
@click.option("--seed", type=SEED, default=None, help="Random seed of the run [default: 0].")
@with_log_options
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
    parts = target.split("/")
    if len(parts) > 2:  # cli-runtime resource.Builder: splitResourceTypeName
        raise BadInput("arguments in resource/name form may not have more than one slash")
    if len(parts) == 2 and not all(parts):
        raise BadInput("arguments in resource/name form must have a single resource and name")
    resource, _, name = target.partition("/")
    if RESOURCES.get(resource.lower()) != "jobs" or not name:
        raise BadInput(f'expected job/NAME, got "{target}"')
    stop = parse_seconds("--at", at)
    setup_logging(verbose, quiet, log_format)
    sim = build_run(files, seed).advance(stop)
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


@main.command("scenario-schema", short_help="Print the JSON Schema of the Scenario document.")
def scenario_schema() -> None:
    """Print the JSON Schema of the Scenario document (for editors; see docs/scenarios.md)."""
    click.echo(scenario_json_schema_text(), nl=False)
