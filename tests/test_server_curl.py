"""We test these aspects: the seed page's curl commands, verbatim, against ``jobsim serve``.

The five curl commands of the batch/v2alpha1 Job API reference (create with a YAML body,
read, list, the legacy ``/watch/`` path, delete with a YAML ``DeleteOptions`` body) run as
written, only ``http://127.0.0.1:8001`` (``kubectl proxy``) replaced by the server's
address. Responses are compared with the page's responses (``tests/fixtures/seed/``):
every field the page shows is there with the page's value, except what the server
generates (uid, resourceVersion, timestamps), the 2016-only ``selfLink``, the selector
(today's ``batch.kubernetes.io/controller-uid`` key) and ``apiVersion``, which is the
version of the URL (``batch/v2alpha1``), as the brief asks. The server runs in manual time,
so the Job is exactly as on the page (one pod active) when read.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_server_support import seed_fixture as _seed
from test_server_support import serving
from test_server_support import subset_problems as _subset

from jobsim.server import ServerThread

pytestmark = pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")

PROXY = "http://127.0.0.1:8001"

CREATE = """curl -X POST -H 'Content-Type: application/yaml' --data '
apiVersion: batch/v1
kind: Job
metadata:
  name: example-job
spec:
  template:
    metadata:
      name: example-job
    spec:
      containers:
      - name: pi
        image: perl
        command: ["perl",  "-Mbignum=bpi", "-wle", "print bpi(2000)"]
      restartPolicy: Never
' http://127.0.0.1:8001/apis/batch/v2alpha1/namespaces/default/jobs"""
READ = "curl -X GET http://127.0.0.1:8001/apis/batch/v2alpha1/namespaces/default/jobs/example-job"
LIST = "curl -X GET 'http://127.0.0.1:8001/apis/batch/v2alpha1/namespaces/default/jobs'"
WATCH = (
    "curl -X GET 'http://127.0.0.1:8001/apis/batch/v2alpha1/watch/namespaces/default/jobs/"
    "example-job'"
)
DELETE = """curl -X DELETE -H 'Content-Type: application/yaml' --data '
gracePeriodSeconds: 0
orphanDependents: false
' 'http://127.0.0.1:8001/apis/batch/v2alpha1/namespaces/default/jobs/example-job'"""


def _argv(command: str, server: ServerThread) -> list[str]:
    return shlex.split(command.replace(PROXY, server.url))


def _curl(command: str, server: ServerThread) -> Any:
    result = subprocess.run(
        _argv(command, server), capture_output=True, text=True, timeout=20, check=True
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """A served simulation in manual time, with the seed's Job created and one second run."""
    with serving(speed=None) as running:
        yield running


@pytest.fixture(scope="module")
def created(server: ServerThread) -> Any:
    """The response of the seed's create command; then simulated time moves 1 s."""
    response = _curl(CREATE, server)
    httpx.post(server.url + "/jobsim/v1/advance?seconds=1", timeout=10).raise_for_status()
    return response


def test_create_with_yaml_body(created: Any) -> None:
    """POST with ``Content-Type: application/yaml`` creates the Job the page shows."""
    assert _subset(_seed("create-response.json"), created) == []
    assert created["apiVersion"] == "batch/v2alpha1"
    uid = created["metadata"]["uid"]
    assert created["spec"]["selector"] == {
        "matchLabels": {"batch.kubernetes.io/controller-uid": uid}
    }


def test_read(server: ServerThread, created: Any) -> None:
    """GET one Job shows what the page shows (one active pod, a start time)."""
    assert _subset(_seed("read-curl.json"), _curl(READ, server)) == []


def test_list(server: ServerThread, created: Any) -> None:
    """The list is a JobList whose one item is the Job the read shows.

    The page's list example blanks the names (``"name": ""``); its item is otherwise the
    read example without ``kind``/``apiVersion``, which typed list items do not carry.
    """
    listed = _curl(LIST, server)
    page = _seed("list-curl.json")
    assert (listed["kind"], list(listed["metadata"])) == (page["kind"], ["resourceVersion"])
    assert len(listed["items"]) == len(page["items"]) == 1
    item = {k: v for k, v in _seed("read-curl.json").items() if k not in ("kind", "apiVersion")}
    assert _subset(item, listed["items"][0]) == []
    assert "kind" not in listed["items"][0]


def _first_line_in_a_terminal(argv: list[str], timeout: float = 10.0) -> str:
    """Run a command with a terminal as stdout (as a user runs curl) and return its first line.

    curl flushes per write only to a terminal; into a pipe it would keep a short watch
    event in its buffer.
    """
    leader, follower = pty.openpty()
    proc = subprocess.Popen(argv, stdout=follower, stderr=subprocess.DEVNULL)
    os.close(follower)
    out = b""
    give_up = time.monotonic() + timeout
    try:
        while b"\n" not in out:
            remaining = give_up - time.monotonic()
            assert remaining > 0, f"no line within {timeout} s: {out!r}"
            ready, _, _ = select.select([leader], [], [], remaining)
            if ready:
                out += os.read(leader, 65536)
    finally:
        proc.kill()
        proc.wait(timeout=10)
        os.close(leader)
    return out.split(b"\n", 1)[0].decode().rstrip("\r")


def test_legacy_watch_path_streams_the_job(server: ServerThread, created: Any) -> None:
    """``/watch/namespaces/default/jobs/example-job`` starts with ADDED, one JSON per line."""
    first = json.loads(_first_line_in_a_terminal(_argv(WATCH, server)))
    assert _subset(_seed("watch-curl.json"), first) == []
    assert first["object"]["apiVersion"] == "batch/v2alpha1"


def test_delete_with_yaml_body(server: ServerThread, created: Any) -> None:
    """DELETE with a YAML DeleteOptions body removes the Job (Success) and then its pod."""
    status = _curl(DELETE, server)
    assert status["kind"] == "Status"
    assert status["status"] == "Success"
    assert status["details"] == {
        "name": "example-job",
        "group": "batch",
        "kind": "jobs",
        "uid": created["metadata"]["uid"],
    }
    assert _curl(READ, server)["reason"] == "NotFound"
    httpx.post(server.url + "/jobsim/v1/advance?seconds=1", timeout=10).raise_for_status()
    pods = httpx.get(server.url + "/api/v1/namespaces/default/pods", timeout=10).json()
    assert pods["items"] == []
