"""What the ``jobsim`` commands share: bad-input errors, building a run from FILE..., logging.

Owns ``BadInput`` (``error: ...`` on stderr, exit 2), turning FILE... (manifests or one
Scenario file; ``-`` is standard input) into a ``JobRun`` that advances a Simulation, the
``--until``/``--at`` durations, the log options every run-like command takes, the progress
bar, and the ``No resources found`` fallback of an empty table. The click commands
themselves live in ``jobsim.cli``.

Imports ``jobsim.scenario``, ``jobsim.report``, ``jobsim.simulation`` and below; must not
import ``jobsim.cli``, ``jobsim.server``, ``jobsim.sweep`` or ``jobsim.plot``.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

import click
from rich.console import Console

from jobsim.cli_input import BadInput
from jobsim.errors import APIError
from jobsim.logs import bind_clock, configure_logging
from jobsim.manifests import (
    Document,
    ManifestError,
    decode_document,
    expand_lists,
    load_file,
    load_text,
    parse_field_path,
)
from jobsim.report.progress import RunProgress
from jobsim.scenario import KIND as SCENARIO_KIND
from jobsim.scenario import (
    ExpectationResult,
    Scenario,
    ScenarioError,
    load_scenario,
    run_scenario,
)
from jobsim.simulation import Simulation

__all__ = [
    "OUTPUT_CHOICE",
    "PLOT_SUFFIXES",
    "RESOURCES",
    "JobRun",
    "build_run",
    "check_plot_path",
    "check_stdin_once",
    "echo_table",
    "is_scenario",
    "run_progress",
    "setup_logging",
    "with_log_options",
]

OUTPUT_CHOICE: Final = click.Choice(["table", "wide", "json", "yaml", "name"])
PLOT_SUFFIXES: Final = (".png", ".svg", ".pdf")
RESOURCES: Final = {
    **dict.fromkeys(("jobs", "job", "job.batch", "jobs.batch"), "jobs"),
    **dict.fromkeys(("pods", "pod", "po"), "pods"),
    **dict.fromkeys(("events", "event", "ev"), "events"),
}
"""The resource names (and short names) the commands accept, to their plural."""


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


def check_plot_path(path: str) -> None:
    """Refuse a ``--plot`` FILE before the run: a wrong suffix, or a folder that is not there."""
    target = Path(path)
    if target.suffix.lower() not in PLOT_SUFFIXES:
        raise BadInput(f"--plot {path}: the file name must end in .png, .svg or .pdf")
    folder = target.parent
    if not folder.is_dir():
        raise BadInput(f"--plot {path}: no such directory: {folder}")
    if target.is_dir():
        raise BadInput(f"--plot {path}: is a directory")
    if not os.access(folder, os.W_OK) or (target.exists() and not os.access(target, os.W_OK)):
        raise BadInput(f"--plot {path}: Permission denied")


STDIN_TWICE: Final = "standard input cannot be used for multiple arguments"
"""cli-runtime ``resource.StdinMultiUseError``: ``-`` given more than once."""


def check_stdin_once(files: Sequence[str]) -> None:
    """Refuse ``-`` given more than once (standard input can be read only once)."""
    if list(files).count("-") > 1:
        raise BadInput(STDIN_TWICE)


def _documents(files: Sequence[str]) -> tuple[list[Document], dict[str, str]]:
    """The documents of FILE... (``-``: standard input), and the text read from stdin."""
    check_stdin_once(files)
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


def is_scenario(doc: Document) -> bool:
    """Whether a document is the ``kind: Scenario`` document of a scenario file."""
    return isinstance(doc.data, dict) and doc.data.get("kind") == SCENARIO_KIND


@dataclass
class JobRun:
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


def build_run(files: Sequence[str], seed: int | None) -> JobRun:
    """Create the objects of FILE... in a new Simulation (a Scenario file brings its settings)."""
    docs, texts = _documents(files)
    if any(is_scenario(d) for d in docs):
        return _build_scenario(files, texts, seed)
    try:
        docs = expand_lists(docs)
    except ManifestError as exc:
        raise BadInput(str(exc)) from None
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
    return JobRun(sim=sim)


def _build_scenario(files: Sequence[str], texts: dict[str, str], seed: int | None) -> JobRun:
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
    return JobRun(scenario=scenario)


def setup_logging(verbose: int, quiet: bool, log_format: str) -> None:
    """Log to stderr: warnings with ``-q``, debug with ``-v``, else info."""
    level = logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO
    configure_logging(
        level=level,
        fmt="json" if log_format == "json" else "console",
        stream=sys.stderr,
    )


def run_progress(sim: Simulation | None, quiet: bool) -> RunProgress | None:
    """A progress bar for a slow run, when stderr is a terminal and not ``-q``."""
    stderr = sys.stderr
    if sim is None or quiet or not stderr.isatty():
        return None
    progress = RunProgress(Console(file=stderr), sim.clock.now)
    for resource in ("jobs", "pods"):
        sim.api.watch(resource, handler=progress.handle)
    return progress


def echo_table(text: str, what: str) -> None:
    """Print a table, or ``No resources found<what>.`` on stderr when it is empty."""
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


def with_log_options(fn: Any) -> Any:
    """Add ``--log-format``, ``-v/--verbose`` and ``-q/--quiet`` to a click command."""
    for option in reversed(_log_options):
        fn = option(fn)
    return fn
