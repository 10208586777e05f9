"""We test these aspects: structlog set up once (``jobsim.logs``): the controller's decision
events (``pod_created``, ``pod_deleted``, ``job_condition_set`` with keys ``job``/``pod``), the
simulated time on every line, console and JSON renderings on stderr with ``-v``, and that
nothing is logged below the enabled level.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import structlog
from click.testing import CliRunner
from manifest_fixtures import PI_JOB
from structlog.testing import capture_logs

from jobsim import logs
from jobsim.cli import main
from jobsim.clock import ManualClock
from jobsim.simulation import Simulation

JOB = PI_JOB


@pytest.fixture(autouse=True)
def _restore_logging() -> Iterator[None]:
    """Leave logging as the rest of the suite expects it: off, default structlog config."""
    yield
    logs.set_level(logging.WARNING)
    logs.bind_clock(None)
    structlog.reset_defaults()


def _simulate() -> None:
    sim = Simulation(seed=0)
    sim.apply(JOB)
    sim.run()


def test_controller_decisions_are_logged_at_debug() -> None:
    """With debug enabled, pod creation and the conditions set are logged with fixed keys."""
    logs.configure_logging(level=logging.DEBUG)
    with capture_logs() as captured:
        _simulate()
    created = [e for e in captured if e["event"] == "pod_created"]
    assert len(created) == 1
    assert created[0]["job"] == "pi" and created[0]["pod"].startswith("pi-")
    conditions = [(e["type"], e["status"]) for e in captured if e["event"] == "job_condition_set"]
    assert conditions == [("SuccessCriteriaMet", "True"), ("Complete", "True")]
    assert {e["log_level"] for e in captured} == {"debug"}


def test_pod_deleted_is_logged() -> None:
    """Deleting pods (here: suspending the Job) logs pod_deleted for each pod."""
    logs.configure_logging(level=logging.DEBUG)
    sim = Simulation(seed=0)
    sim.apply(JOB)
    sim.run(until=1)
    with capture_logs() as captured:
        sim.api.patch(
            "jobs",
            "pi",
            {"spec": {"suspend": True}},
            namespace="default",
            patch_type="application/merge-patch+json",
        )
        sim.run(until=3)
    assert [(e["event"], e["job"]) for e in captured if e["event"] == "pod_deleted"] == [
        ("pod_deleted", "pi")
    ]


@pytest.mark.parametrize("level", [logging.INFO, logging.WARNING], ids=["info", "warning"])
def test_nothing_below_enabled_level(level: int) -> None:
    """Below the enabled level the calls do nothing: no event reaches structlog."""
    logs.configure_logging(level=level)
    with capture_logs() as captured:
        _simulate()
    assert captured == []


def test_default_is_off() -> None:
    """Without configure_logging, jobsim's debug and info calls are no-ops."""
    with capture_logs() as captured:
        logs.get_logger("t").debug("x")
        logs.get_logger("t").info("y")
        logs.get_logger("t").warning("z")
    assert [e["event"] for e in captured] == ["z"]


def test_sim_time_processor() -> None:
    """sim_time is the simulated seconds of the bound clock; absent without a clock."""
    logs.bind_clock(ManualClock(12.5))
    assert logs.add_sim_time(None, "debug", {"event": "e"}) == {"event": "e", "sim_time": 12.5}
    logs.bind_clock(None)
    assert logs.add_sim_time(None, "debug", {"event": "e"}) == {"event": "e"}


def test_cli_verbose_console(tmp_path: Path) -> None:
    """-v prints the decisions on stderr with the simulated time first; stdout stays the table."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    result = CliRunner().invoke(main, ["run", str(path), "-v"])
    assert result.exit_code == 0
    assert result.stdout.startswith("NAME")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("0.0 [debug    ] pod_created")
    assert "job=pi" in lines[0]
    assert any("job_condition_set" in line and "type=Complete" in line for line in lines)


def test_cli_json_logs(tmp_path: Path) -> None:
    """--log-format json writes one JSON object per line with event, level and sim_time."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    result = CliRunner().invoke(main, ["run", str(path), "-v", "--log-format", "json"])
    records = [json.loads(line) for line in result.stderr.splitlines()]
    assert records[0] == {
        "event": "pod_created",
        "job": "pi",
        "level": "debug",
        "pod": records[0]["pod"],
        "sim_time": 0.0,
    }
    assert records[-1]["event"] == "job_condition_set" and records[-1]["type"] == "Complete"
    assert records[-1]["sim_time"] > 0


def test_cli_default_and_quiet_print_no_decisions(tmp_path: Path) -> None:
    """Without -v (and with -q) stderr carries no decision logs."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB)
    for extra in ([], ["-q"]):
        result = CliRunner().invoke(main, ["run", str(path), *extra])
        assert result.stderr == ""
