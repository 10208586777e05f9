"""Decoding ``application/vnd.kubernetes.protobuf`` request bodies into JSON objects.

client-go's typed clients (``kubectl create job``, ``kubectl create namespace``, any Go
program using a clientset) send built-in kinds as protobuf: the 4-byte magic ``k8s\\x00``,
then a ``runtime.Unknown`` whose ``typeMeta`` names the kind and whose ``raw`` is the
object's message. This module owns reading that wire format (varints, length-delimited
fields, maps as repeated entries, packed or unpacked repeated integers) against the field
tables of ``protobuf_schema`` and producing the same JSON object the client would have
sent as JSON: Go's zero values of non-pointer fields, which gogo-protobuf always writes,
are dropped as ``omitempty`` drops them.

Responses are never protobuf: the clients also accept JSON and are answered in it.
Anything outside the covered schema is a 415/400 ``Status`` naming the field, never a
silently dropped field.

Imports ``jobsim.errors`` and ``jobsim.server.protobuf_schema``; must not import the store.
Upstream: apimachinery ``pkg/runtime/serializer/protobuf/protobuf.go`` (magic prefix,
``Unknown`` envelope); protobuf encoding (https://protobuf.dev/programming-guides/encoding/).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final

from jobsim.server.protobuf_schema import (
    BOOL,
    BYTES,
    INT,
    KINDS,
    MESSAGES,
    QUANTITY,
    QUANTITY_MAP,
    STRING,
    STRING_MAP,
    TIME,
    FieldSpec,
)

__all__ = ["MAGIC", "PROTOBUF", "ProtobufError", "decode_protobuf"]

PROTOBUF: Final = "application/vnd.kubernetes.protobuf"
MAGIC: Final = b"k8s\x00"

_VARINT: Final = 0
_FIXED64: Final = 1
_LENGTH: Final = 2
_FIXED32: Final = 5


class ProtobufError(ValueError):
    """A protobuf body jobsim cannot decode (malformed, or outside the covered schema)."""


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = 0
    shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ProtobufError("proto: unexpected EOF")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _fields(data: bytes) -> list[tuple[int, int, int | bytes]]:
    """The (number, wire type, value) triples of one message, in wire order."""
    out: list[tuple[int, int, int | bytes]] = []
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        value: int | bytes
        if wire == _VARINT:
            value, pos = _varint(data, pos)
        elif wire == _LENGTH:
            size, pos = _varint(data, pos)
            if pos + size > len(data):
                raise ProtobufError("proto: unexpected EOF")
            value, pos = data[pos : pos + size], pos + size
        elif wire in (_FIXED64, _FIXED32):
            width = 8 if wire == _FIXED64 else 4
            value, pos = int.from_bytes(data[pos : pos + width], "little"), pos + width
        else:
            raise ProtobufError(f"proto: illegal wireType {wire}")
        out.append((number, wire, value))
    return out


def _signed(value: int) -> int:
    """A varint as Go's int32/int64 (two's complement over 64 bits)."""
    return value - (1 << 64) if value >= 1 << 63 else value


def _time(data: bytes) -> str | None:
    seconds = 0
    for number, _, value in _fields(data):
        if number == 1 and isinstance(value, int):
            seconds = _signed(value)
    if seconds == 0:
        return None  # Go's zero time: JSON null, dropped
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _string(value: int | bytes, message: str, spec: FieldSpec) -> str:
    if not isinstance(value, bytes):
        raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"proto: invalid UTF-8 in {message}.{spec.name}") from None


def _map_entry(value: int | bytes, message: str, spec: FieldSpec) -> tuple[str, str]:
    if not isinstance(value, bytes):
        raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
    key, item = "", ""
    for number, _, part in _fields(value):
        if number == 1:
            key = _string(part, message, spec)
        elif number == 2 and spec.kind == QUANTITY_MAP:
            item = _quantity(part, message, spec)
        elif number == 2:
            item = _string(part, message, spec)
    return key, item


def _quantity(value: int | bytes, message: str, spec: FieldSpec) -> str:
    if not isinstance(value, bytes):
        raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
    found = [p for n, _, p in _fields(value) if n == 1]
    return _string(found[-1], message, spec) if found else "0"


def _ints(value: int | bytes) -> list[int]:
    """A repeated integer: one varint, or a packed run of them."""
    if isinstance(value, int):
        return [_signed(value)]
    out: list[int] = []
    pos = 0
    while pos < len(value):
        item, pos = _varint(value, pos)
        out.append(_signed(item))
    return out


def _scalar(value: int | bytes, message: str, spec: FieldSpec) -> Any:
    if spec.kind == STRING:
        return _string(value, message, spec)
    if spec.kind == INT:
        if not isinstance(value, int):
            raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
        return _signed(value)
    if spec.kind == BOOL:
        return bool(value)
    if spec.kind == BYTES:
        return value
    if spec.kind == TIME:
        if not isinstance(value, bytes):
            raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
        return _time(value)
    if spec.kind == QUANTITY:
        return _quantity(value, message, spec)
    if not isinstance(value, bytes):
        raise ProtobufError(f"proto: wrong wireType for field {message}.{spec.name}")
    return decode_message(spec.kind, value)


def _is_zero(value: Any) -> bool:
    """Go's zero value of a non-pointer scalar (what ``omitempty`` leaves out)."""
    return value is None or (isinstance(value, (str, int, bytes)) and not value)


def decode_message(message: str, data: bytes) -> dict[str, Any]:
    """One message as the JSON object its Go struct would marshal to."""
    table = MESSAGES[message]
    out: dict[str, Any] = {}
    pointers: dict[str, bool] = {}
    for number, _, value in _fields(data):
        spec = table.get(number)
        if spec is None:
            raise ProtobufError(
                f"field {number} of {message} is not supported by jobsim's protobuf decoder; "
                "send this object as JSON"
            )
        pointers[spec.name] = spec.pointer
        if spec.kind in (STRING_MAP, QUANTITY_MAP):
            key, item = _map_entry(value, message, spec)
            out.setdefault(spec.name, {})[key] = item
        elif spec.repeated and spec.kind == INT:
            out.setdefault(spec.name, []).extend(_ints(value))
        elif spec.repeated:
            out.setdefault(spec.name, []).append(_scalar(value, message, spec))
        else:
            out[spec.name] = _scalar(value, message, spec)
    return {
        key: value
        for key, value in out.items()
        if value is not None and (pointers[key] or not _is_zero(value))
    }


def decode_protobuf(body: bytes) -> dict[str, Any]:
    """Decode a ``k8s\\x00``-prefixed body into a JSON object with ``apiVersion``/``kind``."""
    if not body.startswith(MAGIC):
        raise ProtobufError(
            "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]"
        )
    envelope = decode_message("Unknown", body[len(MAGIC) :])
    type_meta = envelope.get("typeMeta", {})
    api_version, kind = type_meta.get("apiVersion", ""), type_meta.get("kind", "")
    message = KINDS.get((api_version, kind))
    if message is None:
        raise ProtobufError(
            f"no kind {kind!r} is registered for version {api_version!r} in jobsim's "
            "protobuf decoder; send this object as JSON"
        )
    if envelope.get("contentEncoding"):
        raise ProtobufError(f"unsupported content encoding {envelope['contentEncoding']!r}")
    raw = envelope.get("raw", b"")
    obj = decode_message(message, raw if isinstance(raw, bytes) else b"")
    return {"apiVersion": api_version, "kind": kind, **obj}
