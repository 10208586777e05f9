"""We test these aspects: protobuf request bodies, as client-go's typed clients send them.

kubectl 1.37's ``create job`` and ``create namespace`` POST
``application/vnd.kubernetes.protobuf`` (the ``k8s\\x00`` magic, then a ``runtime.Unknown``
envelope whose ``raw`` is the object's message). We decode kubectl's exact bytes into the
JSON object kubectl would have sent as JSON (gogo-protobuf writes every non-pointer zero
value; ``omitempty`` drops them, a pointer's zero such as ``suspend: false`` is kept),
packed and unpacked repeated integers, maps, ``Time``, and refuse what is malformed or
outside the covered schema with a 400 ``Status`` (never a dropped field or a 500).
Over HTTP: a protobuf create answers 201 in JSON, and 415 lists protobuf among the
accepted body types, in upstream's order.
Upstream: apimachinery ``pkg/runtime/serializer/protobuf/protobuf.go`` (prefix and
envelope); ``k8s.io/api/batch/v1/generated.proto`` and ``core/v1/generated.proto`` (field
numbers); apiserver ``pkg/endpoints/handlers/rest.go`` (``transformDecodeError``).
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from test_server_support import serving

from jobsim.server import ServerThread
from jobsim.server.protobuf import ProtobufError, decode_message, decode_protobuf

# ``kubectl create job hello --image=busybox -- echo hi`` (kubectl v1.37.1, ``-v=8``).
KUBECTL_CREATE_JOB = bytes.fromhex(
    "6b3873000a0f0a0862617463682f763112034a6f62128a010a150a0568656c6c6f12001a0022002a003200"
    "38004200126732650a100a0012001a0022002a003200380042001251122e0a0568656c6c6f1207627573"
    "79626f781a046563686f1a0268692a0042006a007200800100880100900100a201001a054e6576657232"
    "0042004a0052005800600068008201008a01009a0100c201001a082000280030003a001a002200"
)
# ``kubectl create namespace team-b`` (kubectl v1.37.1).
KUBECTL_CREATE_NAMESPACE = bytes.fromhex(
    "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6212001a0022002a0032"
    "003800420012001a020a001a002200"
)


def _key(number: int, wire: int) -> bytes:
    return _varint(number << 3 | wire)


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _bytes(number: int, data: bytes) -> bytes:
    return _key(number, 2) + _varint(len(data)) + data


def _int(number: int, value: int) -> bytes:
    return _key(number, 0) + _varint(value)


def _envelope(api_version: str, kind: str, raw: bytes) -> bytes:
    type_meta = _bytes(1, api_version.encode()) + _bytes(2, kind.encode())
    return b"k8s\x00" + _bytes(1, type_meta) + _bytes(2, raw)


def test_kubectl_create_job_bytes_decode_to_its_json() -> None:
    """kubectl's ``create job`` body is the JSON object ``create job -o json`` shows."""
    assert decode_protobuf(KUBECTL_CREATE_JOB) == {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "hello"},
        "spec": {
            "template": {
                "metadata": {},
                "spec": {
                    "containers": [
                        {
                            "name": "hello",
                            "image": "busybox",
                            "command": ["echo", "hi"],
                            "resources": {},
                        }
                    ],
                    "restartPolicy": "Never",
                },
            }
        },
        "status": {},
    }


def test_kubectl_create_namespace_bytes_decode_to_its_json() -> None:
    """kubectl's ``create namespace`` body: name only, empty spec and status."""
    assert decode_protobuf(KUBECTL_CREATE_NAMESPACE) == {
        "apiVersion": "v1",
        "kind": "Namespace",
        "metadata": {"name": "team-b"},
        "spec": {},
        "status": {},
    }


@pytest.mark.parametrize(
    ("message", "data", "expected"),
    [
        ("JobSpec", _int(10, 0) + _int(1, 0), {"suspend": False, "parallelism": 0}),
        ("JobStatus", _int(4, 0) + _int(9, 0), {"ready": 0}),
        (
            "PodFailurePolicyOnExitCodesRequirement",
            _int(3, 1) + _bytes(3, _varint(2) + _varint(3)) + _bytes(2, b"In"),
            {"values": [1, 2, 3], "operator": "In"},
        ),
        ("JobSpec", _int(3, (1 << 64) - 5), {"activeDeadlineSeconds": -5}),
        (
            "ObjectMeta",
            _bytes(11, _bytes(1, b"app") + _bytes(2, b"pi")) + _bytes(11, _bytes(1, b"x")),
            {"labels": {"app": "pi", "x": ""}},
        ),
        (
            "ObjectMeta",
            _bytes(8, _int(1, 1767225600)) + _bytes(9, _int(1, 1767225601)),
            {
                "creationTimestamp": "2026-01-01T00:00:00Z",
                "deletionTimestamp": "2026-01-01T00:00:01Z",
            },
        ),
        (
            "ResourceRequirements",
            _bytes(1, _bytes(1, b"cpu") + _bytes(2, _bytes(1, b"500m"))),
            {"limits": {"cpu": "500m"}},
        ),
    ],
    ids=[
        "pointer-zero-kept",
        "value-zero-dropped",
        "packed-and-unpacked-ints",
        "negative-int64",
        "string-map",
        "time",
        "quantity-map",
    ],
)
def test_decode_message_fields(message: str, data: bytes, expected: dict[str, object]) -> None:
    """Each wire shape decodes to the JSON value Go's struct would marshal to."""
    assert decode_message(message, data) == expected


@pytest.mark.parametrize(
    ("body", "error"),
    [
        (b'{"kind":"Job"}', "provided data does not appear to be a protobuf message"),
        (
            _envelope("apps/v1", "Deployment", b""),
            "no kind 'Deployment' is registered for version 'apps/v1'",
        ),
        (
            _envelope("batch/v1", "Job", _bytes(2, _bytes(6, _bytes(2, _bytes(14, b"{}"))))),
            "field 14 of PodSpec is not supported by jobsim's protobuf decoder",
        ),
        (b"k8s\x00" + _key(1, 2) + _varint(50), "proto: unexpected EOF"),
    ],
    ids=["no-magic", "unknown-kind", "field-outside-schema", "truncated"],
)
def test_undecodable_bodies_are_errors(body: bytes, error: str) -> None:
    """Malformed or unsupported protobuf raises ``ProtobufError``; nothing is dropped."""
    with pytest.raises(ProtobufError, match=error):
        decode_protobuf(body)


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    """One served simulation for this module."""
    with serving() as running:
        yield running


PROTOBUF_HEADERS = {
    "Content-Type": "application/vnd.kubernetes.protobuf",
    "Accept": "application/vnd.kubernetes.protobuf,application/json",
}


def test_protobuf_create_answers_201_in_json(server: ServerThread) -> None:
    """A typed client's protobuf POST creates the Job and is answered in JSON (its fallback)."""
    response = httpx.post(
        server.url + "/apis/batch/v1/namespaces/default/jobs?fieldManager=kubectl-create",
        content=KUBECTL_CREATE_JOB,
        headers=PROTOBUF_HEADERS,
        timeout=10,
    )
    assert response.status_code == 201, response.text
    assert response.headers["content-type"] == "application/json"
    job = response.json()
    assert (job["kind"], job["metadata"]["name"]) == ("Job", "hello")
    assert job["spec"]["template"]["spec"]["containers"][0]["command"] == ["echo", "hi"]


def test_protobuf_outside_schema_is_a_400_status(server: ServerThread) -> None:
    """A protobuf field jobsim does not know is a 400 naming it (transformDecodeError's words)."""
    body = _envelope("batch/v1", "Job", _bytes(1, _bytes(1, b"x")) + _bytes(9, b""))
    response = httpx.post(
        server.url + "/apis/batch/v1/namespaces/default/jobs",
        content=body,
        headers=PROTOBUF_HEADERS,
        timeout=10,
    )
    assert response.status_code == 400
    status = response.json()
    assert status["reason"] == "BadRequest"
    assert status["message"].startswith(
        "the object provided is unrecognized (must be of type Job): field 9 of Job is not "
        "supported by jobsim's protobuf decoder; send this object as JSON"
    )


def test_unknown_body_type_lists_protobuf(server: ServerThread) -> None:
    """415 lists the decodable types in upstream's order: JSON, YAML, protobuf."""
    response = httpx.post(
        server.url + "/apis/batch/v1/namespaces/default/jobs",
        content=b"x",
        headers={"Content-Type": "text/plain"},
        timeout=10,
    )
    assert response.status_code == 415
    assert response.json()["message"] == (
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json, application/yaml, application/vnd.kubernetes.protobuf"
    )
