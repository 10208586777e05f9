"""Go renderings the patch error messages need: JSON syntax errors, ``%v`` and type names.

Owns three small imitations of Go's standard library, so that a patch error reads exactly as the
apiserver's:

* ``go_syntax_error``: the message of ``encoding/json``'s scanner (``scanner.go``) for the first
  syntax error in a document, e.g. ``invalid character 'x' looking for beginning of value`` or
  ``unexpected end of JSON input``; ``None`` for valid JSON;
* ``go_value``: ``fmt.Sprintf("%v", v)`` of a decoded JSON value (``map[a:1 b:[x y]]``, ``<nil>``);
* ``go_type_name``: ``reflect.TypeOf(v).String()`` of a decoded value, as decoded by
  ``sigs.k8s.io/json`` with ``PreserveInts`` (integers are ``int64``).

Layer 1. Imports only ``jobsim.api.gofmt`` (Go float formatting) from jobsim.
"""

from __future__ import annotations

import json
from typing import Any, Final

from jobsim.api.gofmt import go_float

__all__ = [
    "go_json_kind",
    "go_s",
    "go_syntax_error",
    "go_type_name",
    "go_value",
]

_WHITESPACE: Final = " \t\r\n"
_END_OF_INPUT: Final = "unexpected end of JSON input"


class _SyntaxFailure(Exception):
    """Internal: the scanner found the first error; ``args[0]`` is Go's message."""


def _quote_char(c: str) -> str:
    """Go ``quoteChar``: how the scanner names the offending character."""
    if c == "'":
        return "'\\''"
    if c == '"':
        return "'\"'"
    quoted = json.dumps(c, ensure_ascii=False)[1:-1]
    return f"'{quoted}'"


class _Scanner:
    """A recursive-descent JSON checker that fails with Go's scanner messages."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def peek(self) -> str:
        if self.pos >= len(self.text):
            raise _SyntaxFailure(_END_OF_INPUT)
        return self.text[self.pos]

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in _WHITESPACE:
            self.pos += 1

    def fail(self, context: str) -> _SyntaxFailure:
        return _SyntaxFailure(f"invalid character {_quote_char(self.peek())} {context}")

    def document(self) -> None:
        self.skip_ws()
        self.value()
        self.skip_ws()
        if self.pos < len(self.text):
            raise self.fail("after top-level value")

    def value(self) -> None:
        c = self.peek()
        if c == "{":
            self.obj()
        elif c == "[":
            self.array()
        elif c == '"':
            self.string()
        elif c in "-0123456789":
            self.number()
        elif c in "tfn":
            self.literal({"t": "true", "f": "false", "n": "null"}[c])
        else:
            raise self.fail("looking for beginning of value")

    def obj(self) -> None:
        self.pos += 1
        self.skip_ws()
        if self.peek() == "}":
            self.pos += 1
            return
        while True:
            if self.peek() != '"':
                raise self.fail("looking for beginning of object key string")
            self.string()
            self.skip_ws()
            if self.peek() != ":":
                raise self.fail("after object key")
            self.pos += 1
            self.skip_ws()
            self.value()
            self.skip_ws()
            c = self.peek()
            self.pos += 1
            if c == "}":
                return
            if c != ",":
                self.pos -= 1
                raise self.fail("after object key:value pair")
            self.skip_ws()

    def array(self) -> None:
        self.pos += 1
        self.skip_ws()
        if self.peek() == "]":
            self.pos += 1
            return
        while True:
            self.skip_ws()
            self.value()
            self.skip_ws()
            c = self.peek()
            self.pos += 1
            if c == "]":
                return
            if c != ",":
                self.pos -= 1
                raise self.fail("after array element")

    def string(self) -> None:
        self.pos += 1
        while True:
            c = self.peek()
            self.pos += 1
            if c == '"':
                return
            if c == "\\":
                e = self.peek()
                if e == "u":
                    self.pos += 1
                    for _ in range(4):
                        if self.peek() not in "0123456789abcdefABCDEF":
                            raise self.fail("in \\u hexadecimal character escape")
                        self.pos += 1
                elif e in '"\\/bfnrt':
                    self.pos += 1
                else:
                    raise self.fail("in string escape code")
            elif c < " ":
                self.pos -= 1
                raise self.fail("in string literal")

    def digits(self) -> int:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "0123456789":
            self.pos += 1
        return self.pos - start

    def number(self) -> None:
        if self.peek() == "-":
            self.pos += 1
            if self.peek() not in "0123456789":
                raise self.fail("in numeric literal")
        if self.peek() == "0":
            self.pos += 1
        else:
            self.digits()
        if self.pos < len(self.text) and self.text[self.pos] == ".":
            self.pos += 1
            if self.peek() not in "0123456789":
                raise self.fail("after decimal point in numeric literal")
            self.digits()
        if self.pos < len(self.text) and self.text[self.pos] in "eE":
            self.pos += 1
            if self.peek() in "+-":
                self.pos += 1
            if self.peek() not in "0123456789":
                raise self.fail("in exponent of numeric literal")
            self.digits()

    def literal(self, word: str) -> None:
        self.pos += 1
        for expected in word[1:]:
            if self.peek() != expected:
                raise self.fail(f"in literal {word} (expecting {_quote_char(expected)})")
            self.pos += 1


def go_syntax_error(text: str) -> str | None:
    """Go ``encoding/json``'s message for the first syntax error in ``text``, or ``None``."""
    try:
        _Scanner(text).document()
    except _SyntaxFailure as failure:
        return str(failure.args[0])
    except RecursionError:
        # Go stops at 10000 levels of nesting; Python's stack ends sooner, with Go's wording.
        return "exceeded max depth"
    return None


def go_json_kind(value: Any) -> str:
    """The JSON kind Go names in ``cannot unmarshal <kind> into ...`` errors."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    return "number"


def go_type_name(value: Any) -> str:
    """``reflect.TypeOf(v)`` printed with ``%s``, for a value decoded from JSON."""
    if value is None:
        return "%!s(<nil>)"
    if isinstance(value, dict):
        return "map[string]interface {}"
    if isinstance(value, list):
        return "[]interface {}"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int64"
    return "float64"


def go_value(value: Any) -> str:
    """``fmt.Sprintf("%v", value)`` for a value decoded from JSON (map keys sorted)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        inner = " ".join(f"{k}:{go_value(value[k])}" for k in sorted(value))
        return f"map[{inner}]"
    if isinstance(value, list):
        return "[" + " ".join(go_value(v) for v in value) + "]"
    return str(value)


def go_s(value: Any) -> str:
    """``fmt.Sprintf("%s", value)``: strings as is, other scalars as ``%!s(type=value)``."""
    if isinstance(value, str):
        return value
    if value is None:
        return "%!s(<nil>)"
    if isinstance(value, dict | list):
        return go_value(value)
    return f"%!s({go_type_name(value)}={go_value(value)})"
