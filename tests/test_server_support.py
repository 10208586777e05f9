"""We test these aspects: serving in a thread and as ``jobsim serve``, starting and stopping.

Also the shared helpers of the ``test_server_*`` modules (imported by them): a served
simulation on ``127.0.0.1`` with an ephemeral port, a kubeconfig for it, a kubectl runner,
and bounded waiting. Every server is stopped when its test or module ends; every
subprocess has a timeout.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from jobsim.server import ServerThread
from jobsim.simulation import Simulation

SPEED = 100.0
"""Simulated seconds per wall second in the end-to-end tests (the example Job takes 11 s)."""

KUBECTL = Path(sys.executable).parent / "kubectl"
REPO = Path(__file__).resolve().parent.parent
EXAMPLE_JOB = REPO / "scenarios" / "example-job.yaml"


@contextmanager
def serving(speed: float | None = SPEED, *, seed: int = 0) -> Iterator[ServerThread]:
    """Serve a fresh simulation from a thread; always stopped on exit."""
    server = ServerThread(Simulation(seed=seed), speed=speed)
    with server:
        yield server


def job_manifest(name: str, *, parallelism: int = 1, completions: int = 1) -> dict[str, object]:
    """A small batch/v1 Job as a JSON document."""
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {
            "parallelism": parallelism,
            "completions": completions,
            "template": {
                "spec": {
                    "containers": [{"name": "main", "image": "busybox:1.36"}],
                    "restartPolicy": "Never",
                }
            },
        },
    }


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0, what: str = "") -> None:
    """Poll ``predicate`` until true; fail the test after ``timeout`` wall seconds."""
    give_up = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > give_up:
            pytest.fail(f"timed out waiting for {what or predicate}")
        time.sleep(0.02)


class Kubectl:
    """Runs the installed kubectl against one server, with its own kubeconfig and cache."""

    def __init__(self, url: str, home: Path) -> None:
        self.kubeconfig = home / "kubeconfig"
        self.cache = home / "cache"
        self.kubeconfig.write_text(
            "apiVersion: v1\nkind: Config\n"
            f"clusters:\n- name: sim\n  cluster:\n    server: {url}\n"
            "users:\n- name: dev\n  user: {}\n"
            "contexts:\n- name: sim\n  context:\n    cluster: sim\n    user: dev\n"
            "    namespace: default\n"
            "current-context: sim\n"
        )

    def argv(self, *args: str) -> list[str]:
        """The full command line of ``kubectl ARGS``."""
        return [
            str(KUBECTL),
            f"--kubeconfig={self.kubeconfig}",
            f"--cache-dir={self.cache}",
            *args,
        ]

    def __call__(self, *args: str, timeout: float = 30.0) -> subprocess.CompletedProcess[str]:
        """Run ``kubectl ARGS`` to completion (bounded)."""
        return subprocess.run(
            self.argv(*args), capture_output=True, text=True, timeout=timeout, check=False
        )


def test_server_thread_serves_and_stops() -> None:
    """A ServerThread answers on its ephemeral port and refuses connections once stopped."""
    with serving() as server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        assert httpx.get(server.url + "/healthz", timeout=5).text == "ok"
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.url + "/healthz", timeout=2)


def test_stop_ends_open_watches() -> None:
    """Stopping the server ends a watch stream that has no timeout."""
    with serving() as server:
        url = server.url + "/api/v1/namespaces/default/pods?watch=true"
        with httpx.stream("GET", url, timeout=10) as response:
            assert response.status_code == 200
            started = time.monotonic()
            server.stop()
            assert list(response.iter_lines()) == []
            assert time.monotonic() - started < 5


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT")
def test_serve_command_stops_cleanly_on_ctrl_c() -> None:
    """``jobsim serve --port 0`` logs its URL, serves /version, and exits 0 on SIGINT."""
    code = "from jobsim.server.cli import serve; serve()"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, "--port", "0", "--speed", "50", str(EXAMPLE_JOB)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        found = re.search(r"url=(http://127\.0\.0\.1:\d+)", line)
        assert found, line
        url = found.group(1)
        wait_for(lambda: _answers(url), what="/version")
        jobs = httpx.get(url + "/apis/batch/v1/namespaces/default/jobs", timeout=5).json()
        assert [j["metadata"]["name"] for j in jobs["items"]] == ["example-job"]
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=5)
    assert proc.returncode == 0
    assert "simulation_stopped" in output
    assert "Traceback" not in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--epoch", "yesterday"], 'error: --epoch: parsing time "yesterday" as RFC 3339'),
        (["nosuch.yaml"], "error: nosuch.yaml: the path does not exist"),
    ],
    ids=["bad-epoch", "missing-file"],
)
def test_serve_command_rejects_bad_input(args: list[str], message: str) -> None:
    """Bad flags or manifests exit 2 with a one-line error and no traceback."""
    code = "from jobsim.server.cli import serve; serve()"
    proc = subprocess.run(
        [sys.executable, "-c", code, "--port", "0", *args],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(message)
    assert "Traceback" not in proc.stderr


def _answers(url: str) -> bool:
    try:
        return httpx.get(url + "/version", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


SEED = Path(__file__).parent / "fixtures" / "seed"
"""The seed page's responses (``job-v2alpha1-api-reference.md``), one JSON file each."""

GENERATED = frozenset({"uid", "resourceVersion", "creationTimestamp", "startTime"})
"""Fields whose value the server makes up: present, any value."""
SKIPPED = frozenset({"selfLink", "selector", "apiVersion"})
"""Fields not compared with the 2016 page (see the module docstring)."""


def subset_problems(expected: Any, actual: Any, path: str = "") -> list[str]:
    """Where ``actual`` lacks or differs from a field of ``expected`` (None: absent or null)."""
    if expected is None:
        return [] if actual is None else [f"{path}: {actual!r} is not null"]
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            return [f"{path}: not an object"]
        problems: list[str] = []
        for key, value in expected.items():
            if key in SKIPPED:
                continue
            where = f"{path}.{key}"
            if value is not None and (key in GENERATED or key == "controller-uid"):
                problems += [] if actual.get(key) else [f"{where}: missing"]
            else:
                problems += subset_problems(value, actual.get(key), where)
        return problems
    if isinstance(expected, list):
        if not isinstance(actual, list) or len(actual) != len(expected):
            return [f"{path}: {actual!r} != {expected!r}"]
        return [
            p
            for i, (e, a) in enumerate(zip(expected, actual, strict=True))
            for p in subset_problems(e, a, f"{path}[{i}]")
        ]
    return [] if expected == actual else [f"{path}: {actual!r} != {expected!r}"]


def seed_fixture(name: str) -> Any:
    """One of the seed page's responses, parsed."""
    return json.loads((SEED / name).read_text())
