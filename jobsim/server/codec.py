"""Bytes in and out of the HTTP front: request bodies, content negotiation, responses.

Owns:

* reading a request body with the apiserver's size limit (413 past ``MAX_BODY_BYTES``);
* decoding it by ``Content-Type`` (JSON, YAML, and the protobuf client-go's typed
  clients send, via ``jobsim.server.protobuf``; anything else 415) with the decoder's
  words on malformed input (400 ``the object provided is unrecognized ...``);
* negotiating the response from ``Accept``: an object as JSON or YAML, or a
  ``meta.k8s.io/v1`` ``Table`` (``as=Table``), else 406;
* encoding responses: compact JSON, or indented when ``pretty=true`` or the client is
  curl/Wget/a browser (the apiserver's ``isPrettyPrint``), ``Warning: 299`` headers, and
  every error as a ``Status`` body with its code (and ``Retry-After``).

Imports layers 0/1 (``jobsim.errors``, ``jobsim.goyaml``, ``jobsim.manifests``,
``jobsim.patching``), ``jobsim.server.protobuf`` and Starlette; must not import the store,
the simulation or the other server modules.
Upstream: apiserver ``pkg/endpoints/handlers/{rest.go,create.go}`` (``limitedReadBody``,
``transformDecodeError``, ``summarizeData``), ``handlers/negotiation``,
``handlers/responsewriters/writers.go`` (``isPrettyPrint``), ``filters/warning.go``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal

import yaml
from starlette.requests import Request
from starlette.responses import Response

from jobsim.errors import (
    APIError,
    new_bad_request,
    new_not_acceptable,
    new_request_entity_too_large_error,
    new_unsupported_media_type,
)
from jobsim.goyaml import GoYAMLLoader
from jobsim.manifests import drop_nulls
from jobsim.patching._gojson import go_syntax_error
from jobsim.server.protobuf import PROTOBUF, decode_protobuf

__all__ = [
    "ACCEPTED_BODY_TYPES",
    "JSON",
    "MAX_BODY_BYTES",
    "YAML",
    "Negotiated",
    "decode_object_body",
    "encode",
    "error_response",
    "negotiate",
    "object_response",
    "parse_media_type",
    "read_body",
    "warning_header",
]

MAX_BODY_BYTES: Final = 3 * 1024 * 1024
"""``MaxRequestBodyBytes`` of kube-apiserver: 3 MiB."""

JSON: Final = "application/json"
YAML: Final = "application/yaml"
ACCEPTED_BODY_TYPES: Final = (JSON, YAML, PROTOBUF)
"""Request body media types jobsim decodes, in upstream's order (CBOR is not served)."""

_TABLE_VERSIONS: Final = ("v1", "v1beta1")
_SUMMARY_BYTES: Final = 30

Format = Literal["json", "yaml", "table"]


def parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    """Split ``type/subtype; k=v; ...`` into the lower-cased type and its parameters."""
    parts = [p.strip() for p in value.split(";")]
    params: dict[str, str] = {}
    for part in parts[1:]:
        key, _, val = part.partition("=")
        if key:
            params[key.strip().lower()] = val.strip().strip('"')
    return parts[0].lower(), params


@dataclass(frozen=True, slots=True)
class Negotiated:
    """What to answer with: ``json``, ``yaml`` or ``table``, and whether to indent."""

    format: Format
    pretty: bool = False


def _accept_entries(accept: str) -> list[tuple[str, dict[str, str]]]:
    entries = [parse_media_type(item) for item in accept.split(",") if item.strip()]

    def quality(entry: tuple[str, dict[str, str]]) -> float:
        try:
            return float(entry[1].get("q", "1"))
        except ValueError:
            return 1.0

    return sorted(entries, key=quality, reverse=True)


def negotiate(request: Request, *, table: bool = False) -> Negotiated:
    """Pick the response format from ``Accept`` (``table``: Tables allowed); 406 if none fits."""
    pretty = is_pretty_print(request)
    accept = request.headers.get("accept", "")
    if not accept.strip():
        return Negotiated("json", pretty)
    for media_type, params in _accept_entries(accept):
        wants = params.get("as", "")
        if wants:
            if (
                table
                and wants == "Table"
                and media_type in (JSON, "application/*", "*/*")
                and params.get("g") == "meta.k8s.io"
                and params.get("v") in _TABLE_VERSIONS
            ):
                return Negotiated("table", pretty)
            continue
        if media_type in (JSON, "application/*", "*/*"):
            return Negotiated("json", pretty)
        if media_type == YAML:
            return Negotiated("yaml", pretty)
    raise new_not_acceptable([JSON, YAML])


def is_pretty_print(request: Request) -> bool:
    """``isPrettyPrint``: ``?pretty=`` if given, else true for curl, Wget and browsers."""
    value = request.query_params.get("pretty")
    if value:
        return value.lower() in ("1", "t", "true")
    agent = request.headers.get("user-agent", "")
    return agent.startswith(("curl", "Wget", "Mozilla/5.0"))


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """Read the whole body; 413 ``Request entity too large: limit is N`` past ``limit``."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise new_request_entity_too_large_error(f"limit is {limit}")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise new_request_entity_too_large_error(f"limit is {limit}")
        chunks.append(chunk)
    return b"".join(chunks)


def _summarize(data: bytes) -> str:
    """``summarizeData``: the start of a body for a decode error (hex unless it is an object)."""
    if not data:
        return "<empty>"
    head = data[:_SUMMARY_BYTES]
    more = " ..." if len(data) > _SUMMARY_BYTES else ""
    if data[:1] == b"{":
        return head.decode("utf-8", errors="replace") + more
    return head.hex() + more


def decode_data(body: bytes, content_type: str | None) -> Any:
    """Decode a JSON, YAML or protobuf body into JSON values; ``ValueError`` with Go's words."""
    media_type, _ = parse_media_type(content_type or JSON)
    if media_type not in ACCEPTED_BODY_TYPES:
        raise new_unsupported_media_type([*ACCEPTED_BODY_TYPES])
    if media_type == PROTOBUF:
        return decode_protobuf(body)
    text = body.decode("utf-8", errors="replace")
    if media_type == YAML:
        try:
            return yaml.load(text, Loader=GoYAMLLoader)  # a SafeLoader subclass
        except yaml.YAMLError as exc:
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            where = f"line {line + 1}: " if line is not None else ""
            problem = getattr(exc, "problem", None) or str(exc)
            raise ValueError(f"error converting YAML to JSON: yaml: {where}{problem}") from None
    error = go_syntax_error(text) if text.strip() else "unexpected end of JSON input"
    if error is not None:
        raise ValueError(f"couldn't get version/kind; json parse error: {error}")
    return json.loads(text)


def decode_object_body(body: bytes, content_type: str | None, kind: str) -> dict[str, Any]:
    """Decode a create/update body into a JSON object for the store; 400/415 as upstream."""
    try:
        data = decode_data(body, content_type)
    except ValueError as exc:
        raise new_bad_request(
            f"the object provided is unrecognized (must be of type {kind}): {exc} "
            f"({_summarize(body)})"
        ) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        found = "array" if isinstance(data, list) else type(data).__name__
        raise new_bad_request(
            f"the object provided is unrecognized (must be of type {kind}): couldn't get "
            f"version/kind; json parse error: json: cannot unmarshal {found} into Go value "
            f"of type struct ({_summarize(body)})"
        )
    cleaned: dict[str, Any] = drop_nulls(data)
    return cleaned


def encode(data: Any, fmt: Format | Literal["json"] = "json", *, pretty: bool = False) -> bytes:
    """Serialize a response body: JSON (compact or 2-space indented) or YAML, newline-ended."""
    if fmt == "yaml":
        text = yaml.safe_dump(data, sort_keys=True, default_flow_style=False, allow_unicode=True)
        return text.encode("utf-8")
    if pretty:
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def warning_header(text: str) -> str:
    """``Warning: 299 - "<text>"`` with ``"`` and ``\\`` escaped (``net.NewWarningHeader``)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    # HTTP headers carry bytes; Starlette encodes header values as latin-1.
    return f'299 - "{escaped}"'.encode().decode("latin-1")


def _headers(warnings: Iterable[str]) -> list[tuple[bytes, bytes]]:
    return [(b"warning", warning_header(w).encode("latin-1")) for w in warnings]


def object_response(
    data: Any,
    status_code: int,
    negotiated: Negotiated,
    *,
    warnings: Iterable[str] = (),
) -> Response:
    """A JSON (or YAML) response with the warnings as ``Warning`` headers."""
    fmt: Format = "yaml" if negotiated.format == "yaml" else "json"
    media = YAML if fmt == "yaml" else JSON
    response = Response(encode(data, fmt, pretty=negotiated.pretty), status_code, media_type=media)
    response.raw_headers.extend(_headers(warnings))
    return response


def error_response(
    error: APIError, *, pretty: bool = False, warnings: Iterable[str] = ()
) -> Response:
    """The ``Status`` of an API error as JSON, with its HTTP code and ``Retry-After``."""
    status = error.status
    code = status.code or 500
    response = Response(encode(status.to_dict(), pretty=pretty), code, media_type=JSON)
    details = status.details
    if details is not None and details.retry_after_seconds:
        response.headers["Retry-After"] = str(details.retry_after_seconds)
    response.raw_headers.extend(_headers(warnings))
    return response
