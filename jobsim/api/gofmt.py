"""Go's renderings of values: ``%q``, ``%v`` and ``encoding/json``, for messages that quote them.

Owns ``go_quote`` (``strconv.Quote``), ``go_float`` (a float64 as ``%v`` or as ``encoding/json``
writes it), ``go_json`` (``json.Marshal`` of a value: maps sorted by key, models in field order,
HTML-safe string escaping) and ``go_value``, the rendering of a bad value in a field error
(``ErrorBody``: ``%v`` for numbers and bools, ``%q`` for strings, JSON for everything else).

Must not import anything from jobsim (bottom of layer 0): no models, no store, no logging.

Sources: Go ``strconv/quote.go``, ``strconv/ftoa.go``, ``encoding/json/encode.go``; apimachinery
``pkg/util/validation/field/errors.go`` (``ErrorBody``).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Final

__all__ = ["go_float", "go_json", "go_quote", "go_value"]


def go_quote(text: str) -> str:
    """Quote like Go ``strconv.Quote`` / ``%q``: printable runes kept, others escaped."""
    out = ['"']
    for ch in text:
        code = ord(ch)
        if ch in ('"', "\\"):
            out.append("\\" + ch)
        elif ch in _GO_SHORT_ESCAPES:
            out.append(_GO_SHORT_ESCAPES[ch])
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x20 or code == 0x7F:
            out.append(f"\\x{code:02x}")
        elif 0xD800 <= code <= 0xDFFF:  # not a valid rune: Go writes U+FFFD escaped
            out.append("\\ufffd")
        elif code < 0x10000:
            out.append(f"\\u{code:04x}")
        else:
            out.append(f"\\U{code:08x}")
    out.append('"')
    return "".join(out)


_GO_SHORT_ESCAPES: Final = {
    "\a": "\\a",
    "\b": "\\b",
    "\f": "\\f",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\v": "\\v",
}


def _shortest_digits(value: float) -> tuple[str, int]:
    """Shortest round-trip decimal digits of a finite non-zero float and its exponent."""
    sign, digits, exponent = Decimal(repr(abs(value))).normalize().as_tuple()
    del sign
    assert isinstance(exponent, int)
    text = "".join(map(str, digits))
    return text, len(text) + exponent - 1  # exponent of the first digit


def go_float(value: float, *, json_style: bool = False) -> str:
    """Format a float64 like Go ``%v`` (``'g'``, shortest) or like ``encoding/json``."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0"
    digits, exp = _shortest_digits(value)
    if json_style:  # 'f' unless abs < 1e-6 or abs >= 1e21; exponent "e-7", not "e-07"
        use_exp, exp_width = abs(value) < 1e-6 or abs(value) >= 1e21, 1
    else:  # %v is %g with the shortest digits: %e when exp < -4 or exp >= 6
        use_exp, exp_width = exp < -4 or exp >= 6, 2
    if use_exp:
        mantissa = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{mantissa}e{'-' if exp < 0 else '+'}{abs(exp):0{exp_width}d}"
    fixed = format(Decimal(repr(abs(value))), "f")
    if "." in fixed:
        fixed = fixed.rstrip("0").rstrip(".")
    return sign + fixed


def _go_json_string(text: str) -> str:
    """Encode a string as Go ``encoding/json`` does (HTML-safe escaping)."""
    encoded = json.dumps(text, ensure_ascii=False)
    return (
        encoded.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def go_json(value: Any) -> str:
    """Render a value as Go ``json.Marshal`` would (maps sorted by key, models in field order)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        return go_json(value.value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value, json_style=True)
    if isinstance(value, str):
        return _go_json_string(value)
    if isinstance(value, datetime):  # metav1.Time
        return _go_json_string(value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"))
    if isinstance(value, Mapping):
        items = sorted((str(k), v) for k, v in value.items())
        return "{" + ",".join(f"{_go_json_string(k)}:{go_json(v)}" for k, v in items) + "}"
    if isinstance(value, (set, frozenset)):
        return "[" + ",".join(go_json(v) for v in sorted(value)) + "]"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(go_json(v) for v in value) + "]"
    if callable(getattr(value, "to_dict", None)):
        return _go_json_struct(value)
    return _go_json_string(str(value))


def _go_json_struct(value: Any) -> str:
    """A struct (a model, or anything with ``to_dict``): keys in field order, not sorted.

    Members that are themselves structs (or lists of them) are rendered from the
    attribute so they keep their field order too; the rest from the JSON value, so
    maps come out sorted and times as the model formats them.
    """
    data: dict[str, Any] = value.to_dict()
    fields: Mapping[str, Any] = getattr(type(value), "model_fields", {})
    attrs = {(info.alias or name): getattr(value, name) for name, info in fields.items()}
    parts = []
    for key, json_value in data.items():
        attr = attrs.get(key, json_value)
        structured = callable(getattr(attr, "to_dict", None)) or isinstance(attr, (list, tuple))
        parts.append(f"{_go_json_string(key)}:{go_json(attr if structured else json_value)}")
    return "{" + ",".join(parts) + "}"


def go_value(value: Any) -> str:
    """Render a bad value the way ``ErrorBody`` does: ``%v``, ``%q``, else JSON.

    Python ``int`` stands for Go ``int64``; ``str`` for Go ``string`` (``%q``). A
    ``StrEnum`` stands for a named Go string type (``RestartPolicy``), which upstream
    prints through ``encoding/json``. ``None`` (a nil pointer) prints as ``null``.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and not isinstance(value, Enum):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, str) and not isinstance(value, Enum):
        return go_quote(value)
    return go_json(value)
