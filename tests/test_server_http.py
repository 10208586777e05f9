"""We test these aspects: the HTTP surface of ``jobsim serve`` with a plain HTTP client.

Errors as ``Status`` bodies with upstream codes, reasons and messages (404 unknown path,
405, 400 malformed body or selector, 413, 415, 406, 410, 422, 504); success codes (create
201, delete 200/202); ``Warning: 299`` headers; ``batch/v2alpha1`` stamping; pretty and
YAML output; server-side Tables; discovery and the minimal OpenAPI v3 that kubectl's
``fieldValidation`` check reads; manual time (``POST /jobsim/v1/advance``).
Upstream: apimachinery ``pkg/api/errors/errors.go``; apiserver ``pkg/endpoints/handlers``
(``rest.go`` ``limitedReadBody``, ``create.go``, ``delete.go``, ``patch.go``,
``negotiation``, ``responsewriters/writers.go``); cli-runtime
``pkg/resource/query_param_verifier_v3.go``; ``pkg/registry/batch/job/storage/storage.go``
(the Orphan warning).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from test_server_support import job_manifest, serving, wait_for

from jobsim.server import ServerThread

JOBS = "/apis/batch/v1/namespaces/default/jobs"
TABLE = (
    "application/json;as=Table;v=v1;g=meta.k8s.io,"
    "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"
)
NOT_FOUND = "the server could not find the requested resource"
NOT_ALLOWED = "the server does not allow this method on the requested resource"
NOT_ACCEPTABLE = "only the following media types are accepted: application/json, application/yaml"
UNRECOGNIZED = (
    "the object provided is unrecognized (must be of type Job): couldn't get version/kind; "
    "json parse error: "
)
UNKNOWN_FORMAT = "the body of the request was in an unknown format - accepted media types include: "
LIST_OPTIONS = 'ListOptions.meta.k8s.io "" is invalid: '
ORPHAN_WARNING = (
    '299 - "child pods are preserved by default when jobs are deleted; set '
    "propagationPolicy=Background to remove them or set propagationPolicy=Orphan to suppress "
    'this warning"'
)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """One served simulation for this module (100 x wall time)."""
    with serving() as running:
        yield running


@pytest.fixture(scope="module")
def http(server: ServerThread) -> Iterator[httpx.Client]:
    """An HTTP client for the server."""
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def _create(http: httpx.Client, name: str, **spec: int) -> dict[str, Any]:
    response = http.post(JOBS, json=job_manifest(name, **spec))
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        (("GET", "/nope", {}, None), (404, "NotFound", NOT_FOUND)),
        (
            ("GET", "/apis/batch/v1/namespaces/default/cronjobs", {}, None),
            (404, "NotFound", NOT_FOUND),
        ),
        (("GET", "/apis/batch/v1/namespaces/default/pods", {}, None), (404, "NotFound", NOT_FOUND)),
        (("GET", "/apis/batch/v1/jobs/x", {}, None), (404, "NotFound", NOT_FOUND)),
        (("POST", JOBS + "/x", {}, None), (405, "MethodNotAllowed", NOT_ALLOWED)),
        (("POST", "/apis/batch/v1/jobs", {}, None), (405, "MethodNotAllowed", NOT_ALLOWED)),
        (
            ("POST", JOBS, {"Content-Type": "application/json"}, b'{"kind":'),
            (400, "BadRequest", UNRECOGNIZED + 'unexpected end of JSON input ({"kind":)'),
        ),
        (
            ("POST", JOBS, {"Content-Type": "application/json"}, b"[1]"),
            (
                400,
                "BadRequest",
                UNRECOGNIZED + "json: cannot unmarshal array into Go value of type struct (5b315d)",
            ),
        ),
        (
            ("POST", JOBS, {"Content-Type": "text/plain"}, b"x"),
            (
                415,
                "UnsupportedMediaType",
                UNKNOWN_FORMAT
                + "application/json, application/yaml, application/vnd.kubernetes.protobuf",
            ),
        ),
        (
            ("PATCH", JOBS + "/x", {"Content-Type": "application/apply-patch+yaml"}, b"{}"),
            (
                415,
                "UnsupportedMediaType",
                UNKNOWN_FORMAT + "application/json-patch+json, application/merge-patch+json, "
                "application/strategic-merge-patch+json",
            ),
        ),
        (
            ("GET", JOBS, {"Accept": "application/vnd.kubernetes.protobuf"}, None),
            (406, "NotAcceptable", NOT_ACCEPTABLE),
        ),
        (
            ("GET", JOBS + "?labelSelector=a+in+b", {}, None),
            (400, "BadRequest", "unable to parse requirement: found 'b' expected: '('"),
        ),
        (
            ("GET", JOBS + "?fieldSelector=status.succeeded%3D1", {}, None),
            (400, "BadRequest", 'field label "status.succeeded" not supported for batchv1.Job'),
        ),
        (
            ("GET", JOBS + "?watch=maybe", {}, None),
            (400, "BadRequest", 'strconv.ParseBool: parsing "maybe": invalid syntax'),
        ),
        (
            ("GET", JOBS + "?sendInitialEvents=true", {}, None),
            (
                422,
                "Invalid",
                LIST_OPTIONS
                + "sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list",
            ),
        ),
        (
            ("GET", JOBS + "?watch=1&sendInitialEvents=true", {}, None),
            (
                422,
                "Invalid",
                LIST_OPTIONS + "resourceVersionMatch: Forbidden: "
                "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan",
            ),
        ),
        (
            ("GET", JOBS + "?watch=1&resourceVersionMatch=NotOlderThan", {}, None),
            (
                422,
                "Invalid",
                LIST_OPTIONS + "resourceVersionMatch: Forbidden: "
                "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided",
            ),
        ),
        (
            ("GET", JOBS + "?resourceVersion=1&resourceVersionMatch=Exact", {}, None),
            (410, "Expired", "The resourceVersion for the provided list is too old."),
        ),
        (("GET", JOBS + "/nosuch", {}, None), (404, "NotFound", 'jobs.batch "nosuch" not found')),
        (
            ("GET", "/api/v1/namespaces/default/pods/nosuch", {}, None),
            (404, "NotFound", 'pods "nosuch" not found'),
        ),
        (
            ("POST", "/jobsim/v1/advance?seconds=soon", {}, None),
            (400, "BadRequest", 'seconds: Invalid value: "soon": must be a number'),
        ),
        (
            (
                "POST",
                JOBS + "?dryRun=Some",
                {"Content-Type": "application/json"},
                json.dumps(job_manifest("dry-some")).encode(),
            ),
            (
                422,
                "Invalid",
                'CreateOptions.meta.k8s.io "" is invalid: '
                'dryRun: Unsupported value: ["Some"]: supported values: "All"',
            ),
        ),
    ],
    ids=[
        "unknown-path",
        "unknown-resource",
        "pods-not-in-batch",
        "cluster-scoped-job-path",
        "post-on-item",
        "post-all-namespaces",
        "malformed-json",
        "array-body",
        "text-body",
        "apply-patch",
        "protobuf-only",
        "bad-label-selector",
        "unsupported-field-label",
        "bad-bool",
        "send-initial-events-on-list",
        "send-initial-events-without-match",
        "match-without-send-initial-events",
        "exact-old-rv",
        "job-not-found",
        "pod-not-found",
        "bad-advance",
        "dry-run-bad-value",  # validation.go ValidateDryRun, via create.go
    ],
)
def test_errors_are_status_objects(
    http: httpx.Client,
    call: tuple[str, str, dict[str, str], bytes | None],
    expected: tuple[int, str, str],
) -> None:
    """Every error is a ``Status`` with the upstream HTTP code, reason and message."""
    method, path, headers, body = call
    code, reason, message = expected
    response = http.request(method, path, headers=headers, content=body)
    assert response.status_code == code
    assert response.headers["content-type"] == "application/json"
    status = response.json()
    assert (status["kind"], status["apiVersion"], status["status"]) == ("Status", "v1", "Failure")
    assert (status["code"], status["reason"], status["message"]) == (code, reason, message)


def test_body_over_limit_is_413(http: httpx.Client) -> None:
    """A body over 3 MiB (``MaxRequestBodyBytes``) is refused with 413."""
    response = http.post(
        JOBS, content=b"{" + b" " * (3 * 1024 * 1024), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.json()["message"] == "Request entity too large: limit is 3145728"


def test_future_resource_version_is_504(http: httpx.Client) -> None:
    """A list "not older than" a future resourceVersion times out (504, retry after 1 s)."""
    response = http.get(JOBS, params={"resourceVersion": "99999999"})
    assert response.status_code == 504
    assert response.headers["retry-after"] == "1"
    assert response.json()["message"].startswith(
        "Timeout: Too large resource version: 99999999, current: "
    )


def test_create_replace_patch_status_codes(http: httpx.Client) -> None:
    """Create is 201; a stale PUT is 409; replace, patch and the status subresource are 200."""
    job = _create(http, "codes")
    job["metadata"]["labels"]["step"] = "replaced"
    job["metadata"]["resourceVersion"] = "1"
    stale = http.put(f"{JOBS}/codes", json=job)
    assert stale.status_code == 409
    assert stale.json()["message"] == (
        'Operation cannot be fulfilled on jobs.batch "codes": the object has been modified; '
        "please apply your changes to the latest version and try again"
    )
    del job["metadata"]["resourceVersion"]  # unconditional update, allowed for Jobs
    replaced = http.put(f"{JOBS}/codes", json=job)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["metadata"]["labels"]["step"] == "replaced"
    patch = {"metadata": {"labels": {"step": "patched"}}}
    patched = http.patch(
        f"{JOBS}/codes",
        content=json.dumps(patch),
        headers={"Content-Type": "application/merge-patch+json"},
    )
    assert patched.status_code == 200
    assert patched.json()["metadata"]["labels"]["step"] == "patched"
    status = http.get(f"{JOBS}/codes/status")
    assert status.status_code == 200
    assert status.json()["kind"] == "Job"


@pytest.mark.parametrize("method", ["PATCH", "PUT"], ids=["patch", "update"])
def test_dry_run_update_answers_without_writing(http: httpx.Client, method: str) -> None:
    """``?dryRun=All`` answers the would-be object, 200, and stores nothing.

    Upstream ``handlers/update.go``/``patch.go`` pass ``dryRun`` to the registry store, whose
    ``Update`` runs admission and validation and skips the etcd write
    (``registry/generic/registry/dryrun.go``); ``kubectl diff`` relies on it.
    """
    job = _create(http, f"dry-{method.lower()}")
    name = job["metadata"]["name"]
    job["metadata"]["labels"]["step"] = "dry"
    del job["metadata"]["resourceVersion"]  # unconditional: the controller writes meanwhile
    if method == "PUT":
        answer = http.put(f"{JOBS}/{name}?dryRun=All", json=job)
    else:
        answer = http.patch(
            f"{JOBS}/{name}?dryRun=All",
            content=json.dumps({"metadata": {"labels": {"step": "dry"}}}),
            headers={"Content-Type": "application/merge-patch+json"},
        )
    assert answer.status_code == 200, answer.text
    assert answer.json()["metadata"]["labels"]["step"] == "dry"
    stored = http.get(f"{JOBS}/{name}").json()
    assert "step" not in stored["metadata"]["labels"]


def test_yaml_body_and_yaml_output(http: httpx.Client) -> None:
    """A YAML body is decoded; ``Accept: application/yaml`` answers in YAML."""
    body = yaml.safe_dump(job_manifest("yaml-body"))
    response = http.post(
        JOBS,
        content=body,
        headers={"Content-Type": "application/yaml", "Accept": "application/yaml"},
    )
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/yaml"
    assert yaml.safe_load(response.text)["metadata"]["name"] == "yaml-body"


def test_pretty_output(http: httpx.Client) -> None:
    """``pretty=true`` (or a curl user agent) indents by two spaces; otherwise one line."""
    compact = http.get("/version").text
    pretty = http.get("/version", params={"pretty": "true"}).text
    curl = http.get("/version", headers={"User-Agent": "curl/8.5.0"}).text
    assert compact.count("\n") == 1
    assert pretty == curl
    assert pretty.startswith('{\n  "major": "1",\n')


def test_delete_at_v1_without_options_orphans_and_warns(http: httpx.Client) -> None:
    """batch/v1 DELETE without options orphans the pods and says so in a ``Warning`` header."""
    _create(http, "orphaner")
    wait_for(lambda: bool(_pods(http, "orphaner")), what="a pod")
    response = http.delete(f"{JOBS}/orphaner")
    assert response.status_code == 200
    assert response.headers.get_list("warning") == [ORPHAN_WARNING]
    wait_for(lambda: http.get(f"{JOBS}/orphaner").status_code == 404, what="the Job to go")
    pods = _pods(http, "orphaner")
    assert pods
    assert all("ownerReferences" not in p["metadata"] for p in pods)


def test_delete_at_v2alpha1_defaults_to_background(http: httpx.Client) -> None:
    """At batch/v2alpha1 DELETE defaults to Background: no warning, and the pods go."""
    _create(http, "v2-delete")
    wait_for(lambda: bool(_pods(http, "v2-delete")), what="a pod")
    response = http.delete("/apis/batch/v2alpha1/namespaces/default/jobs/v2-delete")
    assert response.status_code == 200
    assert response.json()["status"] == "Success"
    assert "warning" not in response.headers
    wait_for(lambda: not _pods(http, "v2-delete"), what="the pods to go")


def test_delete_with_orphan_dependents_false_not_removed_is_202() -> None:
    """``orphanDependents: false`` on an object that stays (grace period, finalizer) is 202."""
    with serving(speed=None) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        _create(http, "accepted")
        http.post("/jobsim/v1/advance", params={"seconds": "1"}).raise_for_status()
        (pod,) = _pods(http, "accepted")
        response = http.request(
            "DELETE",
            f"/api/v1/namespaces/default/pods/{pod['metadata']['name']}",
            json={"orphanDependents": False},
        )
        assert response.status_code == 202
        assert response.json()["metadata"]["deletionGracePeriodSeconds"] == 30


def _pods(http: httpx.Client, job: str) -> list[dict[str, Any]]:
    listed = http.get(
        "/api/v1/namespaces/default/pods", params={"labelSelector": f"job-name={job}"}
    )
    items: list[dict[str, Any]] = listed.json()["items"]
    return items


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/apis/batch/v2alpha1/namespaces/default/jobs/stamped", "Job"),
        ("/apis/batch/v2alpha1/namespaces/default/jobs", "JobList"),
        ("/apis/batch/v2alpha1/jobs", "JobList"),
    ],
    ids=["get", "list", "list-all-namespaces"],
)
def test_v2alpha1_is_stamped(http: httpx.Client, path: str, kind: str) -> None:
    """Objects stored at batch/v1 are served at batch/v2alpha1 with that apiVersion."""
    if http.get(f"{JOBS}/stamped").status_code == 404:
        _create(http, "stamped")
    data = http.get(path).json()
    assert (data["kind"], data["apiVersion"]) == (kind, "batch/v2alpha1")


def test_table_for_kubectl_get(http: httpx.Client) -> None:
    """``as=Table`` answers a ``meta.k8s.io/v1`` Table with the upstream Job columns."""
    _create(http, "tabled")
    table = http.get(
        JOBS, params={"fieldSelector": "metadata.name=tabled"}, headers={"Accept": TABLE}
    ).json()
    assert (table["kind"], table["apiVersion"]) == ("Table", "meta.k8s.io/v1")
    columns = [(c["name"], c["priority"]) for c in table["columnDefinitions"]]
    assert columns == [
        ("Name", 0), ("Status", 0), ("Completions", 0), ("Duration", 0), ("Age", 0),
        ("Containers", 1), ("Images", 1), ("Selector", 1),
    ]  # fmt: skip
    (row,) = table["rows"]
    assert row["cells"][0] == "tabled"
    assert row["cells"][5:7] == ["main", "busybox:1.36"]
    assert row["object"]["kind"] == "PartialObjectMetadata"
    assert row["object"]["metadata"]["name"] == "tabled"


@pytest.mark.parametrize(
    ("include", "kind"),
    [("Object", "Namespace"), ("Metadata", "PartialObjectMetadata"), ("None", None)],
    ids=["object", "metadata", "none"],
)
def test_table_include_object(http: httpx.Client, include: str, kind: str | None) -> None:
    """``includeObject`` chooses the full object, its metadata, or nothing per row."""
    table = http.get(
        "/api/v1/namespaces", params={"includeObject": include}, headers={"Accept": TABLE}
    ).json()
    assert [c["name"] for c in table["columnDefinitions"]] == ["Name", "Status", "Age"]
    row = next(r for r in table["rows"] if r["cells"][0] == "default")
    assert row["cells"][1] == "Active"
    assert row.get("object", {}).get("kind") == kind


def test_discovery_documents(http: httpx.Client) -> None:
    """/api, /apis and the resource lists name exactly what is served."""
    assert http.get("/api").json()["versions"] == ["v1"]
    groups = http.get("/apis").json()["groups"]
    assert [
        (g["name"], [v["version"] for v in g["versions"]], g["preferredVersion"]["version"])
        for g in groups
    ] == [("batch", ["v1", "v2alpha1"], "v1")]
    core = {r["name"]: r for r in http.get("/api/v1").json()["resources"]}
    assert set(core) == {
        "pods",
        "pods/status",
        "pods/log",
        "events",
        "namespaces",
        "namespaces/status",
    }
    assert core["pods"]["shortNames"] == ["po"]
    batch = http.get("/apis/batch/v1").json()
    assert [r["name"] for r in batch["resources"]] == ["jobs", "jobs/status"]
    assert batch["resources"][0]["verbs"] == [
        "create", "delete", "deletecollection", "get", "list", "patch", "update", "watch",
    ]  # fmt: skip


def test_openapi_v3_advertises_field_validation(http: httpx.Client) -> None:
    """The OpenAPI v3 document of batch/v1 has Job's PATCH with ``fieldValidation``.

    That is what kubectl's ``queryParamVerifierV3.HasSupport`` looks for.
    """
    root = http.get("/openapi/v3").json()["paths"]
    assert set(root) == {"api/v1", "apis/batch/v1", "apis/batch/v2alpha1"}
    doc = http.get(root["apis/batch/v1"]["serverRelativeURL"]).json()
    patch = doc["paths"]["/apis/batch/v1/namespaces/{namespace}/jobs/{name}"]["patch"]
    assert patch["x-kubernetes-group-version-kind"] == {
        "group": "batch",
        "version": "v1",
        "kind": "Job",
    }
    assert "fieldValidation" in [p["name"] for p in patch["parameters"]]


def test_manual_time_moves_only_on_advance() -> None:
    """With manual time the clock stands still until ``POST /jobsim/v1/advance``."""
    with serving(speed=None) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        _create(http, "manual")
        assert http.get("/jobsim/v1/clock").json()["simTime"] == 0.0
        advanced = http.post("/jobsim/v1/advance", params={"seconds": "30"}).json()
        assert (advanced["simTime"], advanced["manual"]) == (30.0, True)
        conditions = http.get(f"{JOBS}/manual").json()["status"]["conditions"]
        assert ("Complete", "True") in [(c["type"], c["status"]) for c in conditions]
