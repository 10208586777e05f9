"""We test these aspects: ``jobsim.plot`` draws what a run did, and saves it.

- ``StatusRecorder`` records one row per change of a Job's status counts, container restarts and
  the moment a pod's deletion began, and keeps Jobs that were deleted;
- ``pod_timeline`` draws one bar per pod, coloured by its last phase (faded when deleted), the
  re-creation delays between a failed pod and its replacement, restart ticks, terminating
  overlays and a dashed line per Job condition at its ``lastTransitionTime``;
- ``status_curves`` draws step curves whose data are the recorded counts: ``succeeded`` and
  ``failed`` never decrease, and the last values are the Job's final status;
- ``run_figure`` stacks the timeline and one status panel per Job; ``compare`` puts runs side
  by side on one time axis; ``record``/``record_scenario`` run with a recorder attached;
- ``sweep_distributions`` draws a box per grid point and a dot per run of a sweep's frame;
- ``save_figure`` writes PNG, SVG and PDF; ``jobsim run FILE --plot out.png`` writes a PNG.

Expected times come from the scenario files (their comments cite the upstream sources).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

import jobsim
from jobsim.cli import main
from jobsim.plot import (
    PHASE_COLOURS,
    STATUS_FIELDS,
    StatusRecorder,
    compare,
    pod_timeline,
    record,
    record_scenario,
    run_figure,
    save_figure,
    status_curves,
    sweep_distributions,
)
from jobsim.plot._mpl import time_unit
from jobsim.plot.timeline import short_duration

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def recorded(name: str) -> StatusRecorder:
    """Run ``scenarios/<name>.yaml`` with a recorder attached from the start."""
    recorder = StatusRecorder()
    jobsim.run_scenario(jobsim.load_scenario(SCENARIOS / f"{name}.yaml"), on_start=recorder.attach)
    return recorder


def bars(ax: Axes, prefix: str = "pod/") -> dict[str, Rectangle]:
    """The timeline's rectangles whose gid starts with ``prefix``, by gid."""
    return {
        str(p.get_gid()): p
        for p in ax.patches
        if isinstance(p, Rectangle) and str(p.get_gid()).startswith(prefix)
    }


def collections(ax: Axes, prefix: str) -> dict[str, LineCollection]:
    """The line collections (hlines/vlines) whose gid starts with ``prefix``, by gid."""
    return {
        str(c.get_gid()): c
        for c in ax.collections
        if isinstance(c, LineCollection) and str(c.get_gid()).startswith(prefix)
    }


def data(line: Line2D) -> tuple[list[float], list[float]]:
    """A line's x and y data as floats."""
    return (
        np.asarray(line.get_xdata(), dtype=float).tolist(),
        np.asarray(line.get_ydata(), dtype=float).tolist(),
    )


def x_extent(collection: LineCollection) -> tuple[float, float]:
    """The x range of a one-segment line collection."""
    (segment,) = collection.get_segments()
    return (float(segment[0][0]), float(segment[-1][0]))


ALL = [
    "seed-example",
    "active-deadline",
    "backoff-never",
    "backoff-onfailure",
    "recreation-backoff",
    "indexed",
    "pod-failure-policy-ignore",
    "success-policy",
    "parallelism-completions",
    "delete-propagation",
]


@pytest.fixture(scope="module")
def runs() -> Iterator[dict[str, StatusRecorder]]:
    """Every scenario above, run once with a recorder."""
    yield {name: recorded(name) for name in ALL}


# -- StatusRecorder ------------------------------------------------------------------------------


def test_recorder_rows_of_the_seed_example(runs: dict[str, StatusRecorder]) -> None:
    """One row per change of (active, ready, succeeded, failed, terminating), at its sim time."""
    rows = [(r.t, r.counts()) for r in runs["seed-example"].job_rows("example-job")]
    # Created at 0 (nothing counted), pod created at 0, ready counted at the 1 s sync. The pod
    # ends at 10 s; the sync at 11 s first moves it to uncountedTerminatedPods (active 0,
    # succeeded 0), then counts it (succeeded 1): trackJobStatusAndRemoveFinalizers in
    # pkg/controller/job/job_controller.go.
    assert rows == [
        (0.0, (0, 0, 0, 0, 0)),
        (0.0, (1, 0, 0, 0, 0)),
        (1.0, (1, 1, 0, 0, 0)),
        (11.0, (0, 0, 0, 0, 0)),
        (11.0, (0, 0, 1, 0, 0)),
    ]


@pytest.mark.parametrize(
    ("scenario", "kind", "times"),
    [
        ("backoff-onfailure", "restart", [10.0, 30.0]),
        ("backoff-onfailure", "deletion", [31.0]),
        ("active-deadline", "deletion", [60.0]),
        ("pod-failure-policy-ignore", "deletion", [10.0]),
        ("success-policy", "deletion", [11.0, 11.0, 11.0, 11.0]),
        ("recreation-backoff", "restart", []),
    ],
    ids=str,
)
def test_recorder_pod_marks(
    runs: dict[str, StatusRecorder], scenario: str, kind: str, times: list[float]
) -> None:
    """Container restarts (CrashLoopBackOff 0 s then 10 s) and deletion starts, once each."""
    marks = [m.t for m in runs[scenario].marks if m.kind == kind]
    assert marks == times


def test_recorder_keeps_deleted_jobs(runs: dict[str, StatusRecorder]) -> None:
    """Jobs deleted during the run are still in ``jobs()`` (their last state)."""
    recorder = runs["delete-propagation"]
    assert recorder.simulation.jobs() == []
    assert [j.metadata.name for j in recorder.jobs()] == ["cascaded", "orphaned"]


def test_recorder_as_dicts(runs: dict[str, StatusRecorder]) -> None:
    """``as_dicts`` gives one dict per row with the documented keys."""
    first = runs["seed-example"].as_dicts()[0]
    assert list(first) == ["t", "namespace", "job", *STATUS_FIELDS]
    assert first["job"] == "example-job"


def test_recorder_attaches_once() -> None:
    """A recorder watches one Simulation; attaching another is an error, as is using none."""
    recorder = StatusRecorder()
    with pytest.raises(RuntimeError, match="not attached"):
        _ = recorder.simulation
    recorder.attach(jobsim.Simulation())
    with pytest.raises(RuntimeError, match="already attached"):
        recorder.attach(jobsim.Simulation())


def test_recorder_stop_stops_recording() -> None:
    """After ``stop()`` nothing more is recorded."""
    sim = jobsim.Simulation()
    recorder = StatusRecorder(sim)
    recorder.stop()
    sim.apply(SCENARIOS / "example-job.yaml")
    sim.run()
    assert recorder.rows == []


# -- pod timeline --------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ALL, ids=ALL)
def test_timeline_one_bar_per_pod_coloured_by_phase(
    runs: dict[str, StatusRecorder], scenario: str
) -> None:
    """Every pod the kubelet saw has exactly one bar, in its phase's colour, faded if deleted."""
    recorder = runs[scenario]
    fig = pod_timeline(recorder)
    found = bars(fig.axes[0])
    records = recorder.simulation.timeline()
    assert sorted(found) == sorted(f"pod/{r.namespace}/{r.name}" for r in records)
    for pod in records:
        bar = found[f"pod/{pod.namespace}/{pod.name}"]
        assert bar.get_facecolor()[:3] == pytest.approx(to_rgb(PHASE_COLOURS[pod.phase]))
        assert (bar.get_alpha() or 1.0) < 1.0 if pod.deleted else bar.get_alpha() in (None, 1.0)


@pytest.mark.parametrize(
    ("scenario", "job", "expected"),
    [
        ("seed-example", "example-job", {"SuccessCriteriaMet": 11.0, "Complete": 11.0}),
        ("active-deadline", "deadline", {"FailureTarget": 60.0, "Failed": 91.0}),
        ("backoff-onfailure", "onfailure", {"FailureTarget": 31.0, "Failed": 32.0}),
        ("success-policy", "leader", {"SuccessCriteriaMet": 11.0, "Complete": 12.0}),
    ],
    ids=["complete", "deadline", "onfailure", "success-policy"],
)
def test_timeline_condition_markers(
    runs: dict[str, StatusRecorder], scenario: str, job: str, expected: dict[str, float]
) -> None:
    """A dashed vertical line per condition at its lastTransitionTime (simulated seconds).

    Times: pkg/controller/job/job_controller.go (syncJob) as worked out in the scenario files.
    """
    fig = pod_timeline(runs[scenario])
    lines = collections(fig.axes[0], f"condition/default/{job}/")
    assert {gid.rsplit("/", 1)[1]: x_extent(c)[0] for gid, c in lines.items()} == expected
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert all(name in texts for name in expected)


def test_timeline_recreation_delays(runs: dict[str, StatusRecorder]) -> None:
    """A failed pod's replacement waits 10 s, 20 s, 40 s, 80 s: one dotted gap per replacement.

    Upstream: pkg/controller/job/backoff_utils.go (getRemainingTime: DefaultJobPodFailureBackOff
    10 s, doubled per consecutive failure).
    """
    fig = pod_timeline(runs["recreation-backoff"])
    gaps = sorted(x_extent(c) for c in collections(fig.axes[0], "gap/").values())
    assert gaps == [(5.0, 15.0), (20.0, 40.0), (45.0, 85.0), (90.0, 170.0)]
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert {"10s", "20s", "40s", "1m20s"} <= set(labels)


def test_timeline_indexed_gap_is_per_index(runs: dict[str, StatusRecorder]) -> None:
    """In an Indexed Job the gap joins index 1's failed pod to index 1's replacement only."""
    recorder = runs["indexed"]
    fig = pod_timeline(recorder)
    (gid, gap) = next(iter(collections(fig.axes[0], "gap/").items()))
    replacement = next(r for r in recorder.simulation.timeline() if gid.endswith(r.name))
    assert replacement.index == 1
    assert x_extent(gap) == (5.0, 11.0)


def test_timeline_restarts_and_terminating(runs: dict[str, StatusRecorder]) -> None:
    """Restart ticks sit at the restart times; a hatched overlay spans deletion to exit."""
    ax = pod_timeline(runs["backoff-onfailure"]).axes[0]
    (ticks,) = [line for line in ax.lines if str(line.get_gid()).startswith("restarts/")]
    assert data(ticks)[0] == [10.0, 30.0]
    assert any(t.get_text().strip() == "↻2" for t in ax.texts)
    ax = pod_timeline(runs["active-deadline"]).axes[0]
    (overlay,) = bars(ax, "terminating/").values()
    assert (overlay.get_x(), overlay.get_x() + overlay.get_width()) == (60.0, 90.0)
    assert overlay.get_hatch() == "////"


def test_timeline_without_recorder_still_draws_pods_and_conditions() -> None:
    """A plain Simulation (no recorder) gives bars and condition lines, without marks."""
    sim = jobsim.Simulation()
    sim.apply(SCENARIOS / "example-job.yaml")
    sim.run()
    ax = pod_timeline(sim, title="pi").axes[0]
    assert len(bars(ax)) == 1
    assert len(collections(ax, "condition/")) == 2
    assert ax.get_title() == "pi"


def test_timeline_filters_jobs_and_draws_on_given_axes(runs: dict[str, StatusRecorder]) -> None:
    """``jobs=`` keeps the named Jobs' pods; ``ax=`` draws there and returns its figure."""
    fig = Figure()
    ax = fig.add_subplot()
    assert pod_timeline(runs["delete-propagation"], jobs=["orphaned"], ax=ax) is fig
    assert [gid.split("/")[2].rsplit("-", 1)[0] for gid in bars(ax)] == ["orphaned"]


def test_timeline_of_an_empty_run_says_so() -> None:
    """No pods: an empty timeline that says ``no pods``."""
    sim = jobsim.Simulation()
    ax = pod_timeline(sim).axes[0]
    assert [t.get_text() for t in ax.texts] == ["no pods"]


def test_timeline_rejects_what_is_not_a_run() -> None:
    """Anything but a Simulation, ScenarioResult or StatusRecorder is a TypeError."""
    with pytest.raises(TypeError, match="got str"):
        pod_timeline("scenarios/example-job.yaml")  # type: ignore[arg-type]


def test_timeline_accepts_a_scenario_result() -> None:
    """A ScenarioResult is drawn from its Simulation."""
    result = jobsim.load_scenario(SCENARIOS / "backoff-never.yaml").run()
    assert len(bars(pod_timeline(result).axes[0])) == 2


# -- status curves -------------------------------------------------------------------------------


@pytest.mark.parametrize("scenario", ALL, ids=ALL)
def test_status_curves_monotone_and_final(runs: dict[str, StatusRecorder], scenario: str) -> None:
    """``succeeded`` and ``failed`` never decrease; every curve ends at the Job's final count."""
    recorder = runs[scenario]
    fig = status_curves(recorder)
    jobs = recorder.jobs()
    assert len(fig.axes) == len(jobs)
    for ax, job in zip(fig.axes, jobs, strict=True):
        name = job.metadata.name
        lines = {
            str(line.get_gid()).rsplit("/", 1)[1]: data(line)[1]
            for line in ax.lines
            if str(line.get_gid()).startswith(f"status/default/{name}/")
        }
        assert sorted(lines) == sorted(STATUS_FIELDS)
        for field in ("succeeded", "failed"):
            assert lines[field] == sorted(lines[field]), field
        status = job.status
        assert lines["succeeded"][-1] == status.succeeded
        assert lines["failed"][-1] == status.failed
        assert lines["active"][-1] == status.active


def test_status_curves_extend_to_the_end_of_the_run(runs: dict[str, StatusRecorder]) -> None:
    """The step curves run to the run's end (the last status holds until then)."""
    recorder = runs["delete-propagation"]  # Jobs deleted at 10 s, run until 2 m
    ax = status_curves(recorder, jobs=["orphaned"]).axes[0]
    (active,) = [line for line in ax.lines if str(line.get_gid()).endswith("/active")]
    assert data(active)[0][-1] == recorder.end == 120.0


def test_status_curves_fields_and_shared_axes(runs: dict[str, StatusRecorder]) -> None:
    """``fields=`` chooses curves; with ``ax=`` every Job is drawn on that axes; bad fields fail."""
    fig = Figure()
    ax = fig.add_subplot()
    status_curves(runs["delete-propagation"], fields=["active"], ax=ax, title="both")
    gids = [str(line.get_gid()) for line in ax.lines]
    assert sorted(g for g in gids if g.startswith("status/")) == [
        "status/default/cascaded/active",
        "status/default/orphaned/active",
    ]
    assert sorted(g for g in gids if g.startswith("completions/")) == [
        "completions/default/cascaded",
        "completions/default/orphaned",
    ]
    with pytest.raises(ValueError, match="unknown status fields"):
        status_curves(runs["seed-example"], fields=["pending"])


# -- whole-run figure, time units, saving, CLI ----------------------------------------------------


def test_run_figure_stacks_timeline_and_status_panels(runs: dict[str, StatusRecorder]) -> None:
    """One timeline plus one status panel per Job, sharing the time axis."""
    fig = run_figure(runs["delete-propagation"], title="delete")
    assert len(fig.axes) == 3
    assert fig.axes[0].get_shared_x_axes().joined(fig.axes[0], fig.axes[2])
    sim = jobsim.Simulation()
    sim.apply(SCENARIOS / "example-job.yaml")
    sim.run()
    assert len(run_figure(sim).axes) == 1


@pytest.mark.parametrize(
    ("end", "name", "value"),
    [(90.0, "s", 90.0), (300.0, "s", 300.0), (301.0, "min", 301 / 60), (7200.0, "min", 120.0),
     (18001.0, "h", 18001 / 3600)],
    ids=["90s", "5m", "just-over-5m", "2h", "over-5h"],
)  # fmt: skip
def test_time_unit(end: float, name: str, value: float) -> None:
    """Seconds up to 5 minutes, minutes up to 5 hours, hours beyond."""
    unit = time_unit(end)
    assert unit.name == name
    assert unit(end) == pytest.approx(value)


@pytest.mark.parametrize(
    ("suffix", "header"),
    [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<?xml"), ("pdf", b"%PDF")],
    ids=["png", "svg", "pdf"],
)
def test_save_figure_formats(
    runs: dict[str, StatusRecorder], tmp_path: Path, suffix: str, header: bytes
) -> None:
    """``save_figure`` writes the format its suffix names."""
    path = save_figure(run_figure(runs["indexed"]), tmp_path / f"run.{suffix}")
    assert path.read_bytes().startswith(header)
    if suffix == "svg":
        assert b"<svg" in path.read_bytes()


@pytest.mark.parametrize("suffix", ["png", "svg", "pdf"])
def test_save_figure_is_byte_identical_for_the_same_run(
    runs: dict[str, StatusRecorder], tmp_path: Path, suffix: str
) -> None:
    """The same figure saved twice gives the same bytes (no dates, no random SVG ids)."""
    first = save_figure(run_figure(runs["indexed"]), tmp_path / f"a.{suffix}").read_bytes()
    second = save_figure(run_figure(runs["indexed"]), tmp_path / f"b.{suffix}").read_bytes()
    assert first == second


def test_save_figure_rejects_unknown_suffix(tmp_path: Path) -> None:
    """A suffix matplotlib would guess at is refused with the supported list."""
    with pytest.raises(ValueError, match=r"use one of \.png, \.svg, \.pdf"):
        save_figure(Figure(), tmp_path / "run.gif")


@pytest.mark.parametrize(
    ("name", "header"), [("out.png", b"\x89PNG"), ("out.svg", b"<?xml")], ids=["png", "svg"]
)
def test_cli_run_plot_writes_the_file(tmp_path: Path, name: str, header: bytes) -> None:
    """``jobsim run FILE --plot out.png`` writes the picture and still prints the Jobs."""
    out = tmp_path / name
    result = CliRunner().invoke(
        main, ["run", str(SCENARIOS / "backoff-never.yaml"), "--plot", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(header)
    assert "never" in result.output


def test_cli_run_plot_plain_manifest(tmp_path: Path) -> None:
    """``--plot`` works for a bare Job manifest too."""
    out = tmp_path / "pi.png"
    result = CliRunner().invoke(
        main, ["run", str(SCENARIOS / "example-job.yaml"), "--plot", str(out), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


def test_cli_run_plot_bad_suffix_is_bad_input(tmp_path: Path) -> None:
    """An unsupported suffix is refused before the run: exit 2, one error line."""
    result = CliRunner().invoke(
        main, ["run", str(SCENARIOS / "example-job.yaml"), "--plot", str(tmp_path / "x.gif")]
    )
    assert result.exit_code == 2
    assert "the file name must end in .png, .svg or .pdf" in result.output
    assert not (tmp_path / "x.gif").exists()


def test_status_curves_y_range_covers_the_largest_count(runs: dict[str, StatusRecorder]) -> None:
    """Curves drawn a few points apart still count for the y range: 5 failed pods fit."""
    ax = status_curves(runs["recreation-backoff"]).axes[0]
    assert ax.get_ylim()[1] >= 5


# -- compare, record helpers, short durations -----------------------------------------------------


def test_compare_puts_runs_side_by_side(runs: dict[str, StatusRecorder]) -> None:
    """One column per run (titled by its key), timeline over status, one shared legend."""
    fig = compare({"never": runs["backoff-never"], "onfailure": runs["backoff-onfailure"]})
    top = [ax for ax in fig.axes if ax.get_title() in ("never", "onfailure")]
    assert [ax.get_title() for ax in top] == ["never", "onfailure"]
    assert len(fig.axes) == 4
    assert len(bars(top[0])) == 2 and len(bars(top[1])) == 1
    assert top[0].get_legend() is None
    legend = top[1].get_legend()
    assert legend is not None
    labels = {t.get_text() for t in legend.get_texts()}
    assert {"Failed", "re-creation delay", "container restart"} <= labels
    assert top[0].get_xlim() == top[1].get_xlim()


def test_compare_needs_a_run() -> None:
    """An empty mapping is a ValueError."""
    with pytest.raises(ValueError, match="at least one run"):
        compare({})


def test_record_runs_manifests_with_a_recorder() -> None:
    """``record`` applies the manifests, runs to the end and returns the attached recorder."""
    recorder = record(SCENARIOS / "example-job.yaml", seed=2)
    assert recorder.simulation.job("example-job").status.succeeded == 1
    assert recorder.rows[-1].succeeded == 1


def test_record_scenario_overrides_the_seed() -> None:
    """``record_scenario`` runs the file with its expectations, at the seed given."""
    result, recorder = record_scenario(SCENARIOS / "recreation-backoff.yaml", seed=9)
    assert result.passed
    assert result.scenario.settings.seed == 9
    assert recorder.simulation is result.simulation


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(10.0, "10s"), (80.0, "1m20s"), (9.380189, "9.4s"), (9.98, "10s"), (61.6, "1m2s")],
    ids=["whole", "minutes", "fraction", "almost-whole", "minutes-rounded"],
)
def test_short_duration(seconds: float, text: str) -> None:
    """Gap labels: Go durations for whole seconds, a tenth of a second otherwise."""
    assert short_duration(seconds) == text


# -- sweep distributions ----------------------------------------------------------------------


def sweep_frame() -> pd.DataFrame:
    """A sweep-shaped frame: 2 parallelisms x 2 crash rates x 3 seeds, one run unfinished."""
    rows = [
        {"seed": s, "p": p, "rate": r,
         "makespan": None if (p, r, s) == (4, 0.2, 2) else 10.0 * s + p}
        for p in (2, 4)
        for r in (0.05, 0.2)
        for s in range(3)
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    frame.attrs["params"] = ["p", "rate"]
    return frame


def test_sweep_distributions_box_per_point_and_dot_per_run() -> None:
    """One box per (by, hue) point, its runs as dots; unfinished runs counted, not drawn."""
    ax = sweep_distributions(sweep_frame(), "makespan").axes[0]
    boxes = [p for p in ax.patches if str(p.get_gid()).startswith("box/")]
    assert len(boxes) == 4
    dots = {
        str(line.get_gid()): data(line)[1]
        for line in ax.lines
        if str(line.get_gid()).startswith("runs/")
    }
    assert dots["runs/0/0"] == [2.0, 12.0, 22.0]
    assert dots["runs/1/1"] == [4.0, 14.0]
    assert [t.get_text() for t in ax.texts] == ["1 unfinished"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2", "4"]
    assert ax.get_xlabel() == "p"
    legend = ax.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["rate = 0.05", "rate = 0.2"]


def test_sweep_distributions_errors() -> None:
    """A missing column, or no parameter to group by, is a ValueError."""
    with pytest.raises(ValueError, match="no column 'nope'"):
        sweep_distributions(sweep_frame(), "nope")
    bare = sweep_frame()
    bare.attrs["params"] = []
    with pytest.raises(ValueError, match="needs by="):
        sweep_distributions(bare)


def test_sweep_distributions_of_a_real_sweep() -> None:
    """The frame ``jobsim.sweep`` returns plots as is: by its first parameter."""
    frame = jobsim.sweep(
        SCENARIOS / "example-job.yaml",
        {"job/example-job:spec.parallelism": [1, 2]},
        seeds=2,
        workers=1,
    )
    ax = sweep_distributions(frame, "makespan").axes[0]
    assert ax.get_xlabel() == "job/example-job:spec.parallelism"
    assert len([p for p in ax.patches if str(p.get_gid()).startswith("box/")]) == 2
