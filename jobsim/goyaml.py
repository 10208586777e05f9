"""A PyYAML loader that reads YAML as kubectl does (go-yaml v2 into ``interface{}``, then JSON).

Owns: scalar resolution and construction rules only (see ``jobsim.manifests`` for
the list of choices). Safe: a ``yaml.SafeLoader`` subclass, so no arbitrary
Python objects; every value it builds is JSON (dict with str keys, list, str,
int, float, bool, None). Layer 0: imports PyYAML and ``jobsim.decode_errors``.

Also owns telling a stream of JSON values from YAML (:func:`json_values`), as kubectl's
``YAMLOrJSONDecoder`` does before any YAML is read.

Sources: go-yaml v2 ``resolve.go`` (the resolve table and ``resolve``),
``sigs.k8s.io/yaml`` ``yaml.go`` (``convertToJSONableObject``: key conversion),
apimachinery ``pkg/util/yaml/decoder.go`` (``YAMLOrJSONDecoder``, ``GuessJSONStream``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

import yaml

from jobsim.decode_errors import go_float

__all__ = [
    "GoYAMLLoader",
    "JSONStreamError",
    "expansion_problem",
    "json_as_yaml",
    "json_values",
]

_TAG = "tag:yaml.org,2002:"

_GO_BOOLS = {
    **dict.fromkeys(("y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE"), True),
    **dict.fromkeys(("on", "On", "ON"), True),
    **dict.fromkeys(("n", "N", "no", "No", "NO", "false", "False", "FALSE"), False),
    **dict.fromkeys(("off", "Off", "OFF"), False),
}
_GO_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_GO_SPECIAL_FLOATS = {
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
}
_GO_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)")
_GO_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_GO_TIMESTAMP = re.compile(r"[0-9]{4}-")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT64_MIN, _INT64_MAX, _UINT64_MAX = -(2**63), 2**63 - 1, 2**64 - 1
_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _go_int(text: str) -> int | None:
    """``strconv.ParseInt(s, 0, 64)``, then ``ParseUint``: the integer go-yaml reads, or None."""
    match = _GO_INT.fullmatch(text)
    if match is None:
        return None
    sign, digits = match.groups()
    prefix = digits[:2].lower()
    if prefix in _BASES:
        value = int(digits[2:], _BASES[prefix])
    else:
        value = int(digits, 8 if digits.startswith("0") else 10)
    if sign == "-":
        return -value if -value >= _INT64_MIN else None
    if value <= _INT64_MAX or (not sign and value <= _UINT64_MAX):
        return value
    return None


def _go_float(text: str) -> float | None:
    """``strconv.ParseFloat`` of a YAML-style float; None when it is not one or overflows."""
    if not _GO_FLOAT.fullmatch(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _go_plain_tag(value: str) -> str:
    """The tag go-yaml v2 gives a plain scalar decoded into ``interface{}``."""
    if value in _GO_NULLS:
        return _TAG + "null"
    if value in _GO_BOOLS:
        return _TAG + "bool"
    if value in _GO_SPECIAL_FLOATS:
        return _TAG + "float"
    if value == "<<":
        return _TAG + "merge"
    if value[0] not in "+-.0123456789" or _GO_TIMESTAMP.match(value):
        return _TAG + "str"  # go-yaml v2 keeps timestamps as strings in interface{}
    plain = value.replace("_", "") if value[0] != "." else value
    if _go_int(plain) is not None:
        return _TAG + "int"
    if _go_float(plain) is not None:
        return _TAG + "float"
    return _TAG + "str"


def _json_number(value: float, mark: yaml.Mark | None) -> int | float:
    """A float as it comes out of Go's ``json.Marshal``: integral values print as integers."""
    if not math.isfinite(value):
        raise yaml.constructor.ConstructorError(
            None, None, f"json: unsupported value: {go_float(value)}", mark
        )
    return int(value) if value.is_integer() and abs(value) < 1e21 else value


class GoYAMLLoader(yaml.SafeLoader):
    """A SafeLoader resolving scalars as go-yaml v2, producing JSON-compatible values only."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        """Resolve plain scalars as go-yaml v2 does; everything else as PyYAML does."""
        if kind is yaml.ScalarNode and implicit[0]:
            return _go_plain_tag(value)
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    def construct_scalar(self, node: yaml.ScalarNode) -> str:  # type: ignore[override]
        """A scalar's text; ``\\uD83D\\uDE00`` escapes joined into one character, as JSON does.

        A lone surrogate becomes U+FFFD, as Go's JSON decoder makes it (Python would keep
        a string that cannot be printed).
        """
        value: str = super().construct_scalar(node)
        if _SURROGATE.search(value) is None:
            return value
        return value.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")

    def construct_go_bool(self, node: yaml.ScalarNode) -> bool:
        """``y``/``yes``/``on``/``true`` (any listed case) and their negations."""
        value = self.construct_scalar(node)
        if value not in _GO_BOOLS:
            raise _cannot_decode(node, "bool")
        return _GO_BOOLS[value]

    def construct_go_int(self, node: yaml.ScalarNode) -> int | float:
        """An integer as go-yaml reads it (a too-large one becomes a float, as in Go)."""
        text = self.construct_scalar(node).replace("_", "")
        parsed = _go_int(text)
        if parsed is not None:
            return parsed
        as_float = _go_float(text)
        if as_float is not None:
            return _json_number(as_float, node.start_mark)
        raise _cannot_decode(node, "int")

    def construct_go_float(self, node: yaml.ScalarNode) -> int | float:
        """A float as go-yaml reads it, then as Go's JSON encoder writes it."""
        text = self.construct_scalar(node)
        if text in _GO_SPECIAL_FLOATS:
            return _json_number(_GO_SPECIAL_FLOATS[text], node.start_mark)
        plain = text.replace("_", "")
        parsed = _go_int(plain)
        as_float = float(parsed) if parsed is not None else _go_float(plain)
        if as_float is None:
            raise _cannot_decode(node, "float")
        return _json_number(as_float, node.start_mark)

    def construct_timestamp(self, node: yaml.ScalarNode) -> str:
        """An explicit ``!!timestamp`` stays its text (go-yaml v2 into ``interface{}``)."""
        return str(self.construct_scalar(node))

    def construct_json_mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        """A mapping with string keys; a key repeated in the mapping itself is an error."""
        own: set[str] = set()
        for key_node, _ in node.value:
            if key_node.tag == _TAG + "merge":
                continue
            key = self._json_key(key_node)
            if key in own:
                raise yaml.constructor.ConstructorError(
                    None, None, f'key "{key}" already set in map', key_node.start_mark
                )
            own.add(key)
        self.flatten_mapping(node)  # merged pairs first, so the mapping's own keys win
        return {self._json_key(k): self.construct_object(v, deep=True) for k, v in node.value}

    def _json_key(self, node: yaml.Node) -> str:
        key = self.construct_object(node, deep=True)
        if isinstance(key, str):
            return key
        if isinstance(key, bool):
            return "true" if key else "false"
        if isinstance(key, int):
            return str(key)
        if isinstance(key, float):
            return go_float(key)
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"unsupported map key of type {_yaml_kind(key)} (JSON object keys are strings)",
            node.start_mark,
        )


def _yaml_kind(value: object) -> str:
    return {dict: "map", list: "sequence", type(None): "null"}.get(
        type(value), type(value).__name__
    )


def _cannot_decode(node: yaml.ScalarNode, kind: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None, None, f"cannot decode !!str `{node.value}` as a !!{kind}", node.start_mark
    )


def _unsupported_tag(loader: GoYAMLLoader, node: yaml.Node) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"tag {node.tag} is not supported (not JSON)", node.start_mark
    )


GoYAMLLoader.add_constructor(_TAG + "bool", GoYAMLLoader.construct_go_bool)
GoYAMLLoader.add_constructor(_TAG + "int", GoYAMLLoader.construct_go_int)
GoYAMLLoader.add_constructor(_TAG + "float", GoYAMLLoader.construct_go_float)
GoYAMLLoader.add_constructor(_TAG + "map", GoYAMLLoader.construct_json_mapping)
GoYAMLLoader.add_constructor(_TAG + "timestamp", GoYAMLLoader.construct_timestamp)
for _tag in ("binary", "set", "omap", "pairs"):
    GoYAMLLoader.add_constructor(_TAG + _tag, _unsupported_tag)


def expansion_problem(
    root: yaml.Node, *, max_nodes: int, max_depth: int
) -> tuple[str, yaml.Node] | None:
    """Why a composed document cannot be built (an alias cycle, a bomb, too deep), and where.

    Counts the nodes the document expands to through aliases, each shared node once.
    """
    sizes: dict[int, int] = {}
    active: set[int] = set()

    class _Problem(Exception):
        def __init__(self, message: str, node: yaml.Node) -> None:
            super().__init__(message)
            self.message, self.node = message, node

    def visit(n: yaml.Node, depth: int) -> int:
        if id(n) in sizes:
            return sizes[id(n)]
        if id(n) in active:
            raise _Problem("anchor value contains itself (a recursive alias is not JSON)", n)
        if depth > max_depth:
            raise _Problem(f"document is nested more than {max_depth} levels deep", n)
        active.add(id(n))
        total = 1
        if isinstance(n, yaml.SequenceNode):
            total += sum(visit(child, depth + 1) for child in n.value)
        elif isinstance(n, yaml.MappingNode):
            total += sum(visit(k, depth + 1) + visit(v, depth + 1) for k, v in n.value)
        active.discard(id(n))
        if total > max_nodes:
            message = (
                f"document contains excessive aliasing (expands to more than {max_nodes} nodes)"
            )
            raise _Problem(message, n)
        sizes[id(n)] = total
        return total

    try:
        visit(root, 0)
    except _Problem as problem:
        return problem.message, problem.node
    return None


# --- JSON streams ------------------------------------------------------------------------

_JSON_SPACE = re.compile(r"[ \t\n\r]*")


class JSONStreamError(ValueError):
    """A malformed JSON value after two good ones: ``index`` values were read before it."""

    def __init__(self, message: str, *, line: int, column: int, index: int) -> None:
        super().__init__(message)
        self.message, self.line, self.column, self.index = message, line, column, index


def _not_json(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_values(text: str) -> tuple[list[tuple[int, int]], int | None]:
    """The ``(start, end)`` of each JSON value a text holds, and where YAML takes over (or None).

    As apimachinery's ``YAMLOrJSONDecoder``: a text whose first non-space character is ``{``
    is read as JSON values one after another; when one is not JSON (a trailing comma,
    ``NaN``, YAML flow style) the rest is YAML, unless two values were read already, then it
    is a :class:`JSONStreamError`. Any other text is YAML from offset 0.
    """
    pos = _JSON_SPACE.match(text).end()  # type: ignore[union-attr]
    if not text.startswith("{", pos):
        return [], 0
    decoder = json.JSONDecoder(parse_constant=_not_json)
    spans: list[tuple[int, int]] = []
    while pos < len(text):
        try:
            _, end = decoder.raw_decode(text, pos)
        except ValueError as exc:
            if len(spans) < 2:
                return spans, pos
            bad = exc if isinstance(exc, json.JSONDecodeError) else None
            raise JSONStreamError(
                f"invalid JSON: {bad.msg if bad else exc}",
                line=bad.lineno if bad else text.count("\n", 0, pos) + 1,
                column=bad.colno if bad else pos - text.rfind("\n", 0, pos),
                index=len(spans),
            ) from None
        spans.append((pos, end))
        pos = _JSON_SPACE.match(text, end).end()  # type: ignore[union-attr]
    return spans, None


def json_as_yaml(text: str, start: int, end: int, *, is_json: bool = True) -> str:
    """``text[start:end]`` for the YAML loader, at the same line numbers as in ``text``.

    In a JSON value tabs become spaces: JSON allows them between tokens, YAML does not,
    and a JSON string cannot hold a raw tab, so only whitespace changes.
    """
    part = text[start:end].replace("\t", " ") if is_json else text[start:end]
    return "\n" * text.count("\n", 0, start) + part
