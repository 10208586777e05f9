"""The label-selector string grammar: upstream's ``Lexer`` and ``Parser``.

Owns tokenizing and parsing a selector string exactly as
``k8s.io/apimachinery/pkg/labels/selector.go`` does (``Lexer``, ``Parser``,
``parse``), with upstream's error messages, :class:`SelectorParseError`, and
``validate_label_key`` (``validateLabelKey``), which both the parser and ``NewRequirement`` use.
Building and validating each requirement (``NewRequirement``) is injected by
``jobsim.labels``, which is the public face of this module.

Layer 1. Must not import anything from jobsim except ``jobsim.api.field`` and
``jobsim.api.naming`` (layer 0).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, Generic, TypeVar

from jobsim.api.field import FieldError, Path, invalid
from jobsim.api.naming import is_qualified_name

__all__ = ["SelectorParseError", "parse_requirements", "validate_label_key"]

_R = TypeVar("_R")
_Factory = Callable[[str, str, list[str]], _R]


class SelectorParseError(ValueError):
    """A label selector that upstream rejects; ``str()`` is upstream's error text."""


def validate_label_key(key: str, path: Path | None) -> FieldError | None:
    """``validateLabelKey``: the Invalid error for a key that is not a qualified name, or None."""
    if problems := is_qualified_name(key):
        return invalid(path, key, "; ".join(problems))
    return None


_ID, _END = "<identifier>", "<end>"  # token kinds; other tokens' kind is their literal
_SYMBOLS: Final = frozenset({")", ",", "!", "==", "=", ">", "<", "!=", "("})
_SPECIAL: Final = frozenset("=!(),><")
_WHITESPACE: Final = frozenset(" \t\r\n")
_EOS = "\0"  # Go's lexer reads byte 0 at the end; a NUL in the input acts the same way.
# token -> selection.Operator value
_OPERATOR_TOKENS: Final = {
    "in": "in", "notin": "notin", "=": "=", "==": "==", "!=": "!=", ">": "gt", "<": "lt",
}  # fmt: skip
_BINARY_OPERATORS = "in, notin, =, ==, !=, gt, lt"  # strings.Join(binaryOperators, ", ")


def _lex(selector: str) -> list[tuple[str, str]]:
    """Upstream's ``Lexer``: the (kind, literal) tokens of ``selector``, ending with _END."""
    size = len(selector)

    def at(i: int) -> str:
        return selector[i] if i < size else _EOS

    pos, tokens = 0, []
    while True:
        while at(pos) in _WHITESPACE:
            pos += 1
        if (ch := at(pos)) == _EOS:
            tokens.append((_END, ""))
            return tokens
        start = pos
        if ch in _SPECIAL:
            # scanSpecialSymbol: the longest run that is a token. Every single special
            # character is a token, so its "error expected: keyword found" cannot happen.
            pos += 1
            while at(pos) in _SPECIAL and selector[start : pos + 1] in _SYMBOLS:
                pos += 1
            kind = literal = selector[start:pos]
        else:  # scanIDOrKeyword
            while (ch := at(pos)) != _EOS and ch not in _SPECIAL and ch not in _WHITESPACE:
                pos += 1
            literal = selector[start:pos]
            kind = literal if literal in ("in", "notin") else _ID
        if at(pos) == _EOS:
            pos += 1  # both scanners consume the NUL byte that ends a token
        tokens.append((kind, literal))


class _Parser(Generic[_R]):
    """Upstream's recursive-descent ``Parser`` over the scanned tokens."""

    def __init__(self, selector: str, new_requirement: _Factory[_R]) -> None:
        self.items = _lex(selector)
        self.position = 0
        self.new_requirement = new_requirement

    def lookahead(self, values: bool = True) -> tuple[str, str]:
        """The current token; in the Values context ``in``/``notin`` are identifiers."""
        kind, literal = self.items[self.position]
        return (_ID if values and kind in ("in", "notin") else kind), literal

    def consume(self, values: bool = True) -> tuple[str, str]:
        """The current token, moving past it."""
        token = self.lookahead(values)
        self.position += 1
        return token

    def parse(self) -> list[_R]:
        """``Parser.parse``: requirements separated by commas, up to the end of the string."""
        requirements: list[_R] = []
        while True:
            kind, literal = self.lookahead()
            if kind == _END:
                return requirements
            if kind not in (_ID, "!"):
                raise SelectorParseError(
                    f"found '{literal}', expected: !, identifier, or 'end of string'"
                )
            try:
                requirements.append(self.parse_requirement())
            except SelectorParseError as err:
                raise SelectorParseError(f"unable to parse requirement: {err}") from None
            kind, literal = self.consume()
            if kind == _END:
                return requirements
            if kind != ",":
                raise SelectorParseError(f"found '{literal}', expected: ',' or 'end of string'")
            kind, literal = self.lookahead()
            if kind not in (_ID, "!"):
                raise SelectorParseError(f"found '{literal}', expected: identifier after ','")

    def parse_requirement(self) -> _R:
        """``Parser.parseRequirement``: ``[!]key [op values]``."""
        kind, key = self.consume()
        operator: str | None = None
        if kind == "!":
            operator = "!"
            kind, key = self.consume()
        if kind != _ID:
            raise SelectorParseError(f"found '{key}', expected: identifier")
        if (error := validate_label_key(key, None)) is not None:  # the parser's path is nil
            raise SelectorParseError(str(error))
        if operator is None and self.lookahead()[0] in (_END, ","):
            operator = "exists"
        if operator is not None:
            return self.new_requirement(key, operator, [])
        kind, literal = self.consume(values=False)
        if (operator := _OPERATOR_TOKENS.get(kind)) is None:
            raise SelectorParseError(f"found '{literal}', expected: {_BINARY_OPERATORS}")
        in_set = operator in ("in", "notin")
        values = self.parse_values() if in_set else self.parse_exact_value()
        return self.new_requirement(key, operator, sorted(values))

    def parse_values(self) -> set[str]:
        """``Parser.parseValues``: ``( v1, v2, ... )``; ``()`` is the set of the empty string."""
        kind, literal = self.consume()
        if kind != "(":
            raise SelectorParseError(f"found '{literal}' expected: '('")
        kind, literal = self.lookahead()
        if kind == ")":
            self.consume()
            return {""}
        if kind not in (_ID, ","):
            raise SelectorParseError(f"found '{literal}', expected: ',', ')' or identifier")
        values = self.parse_identifiers_list()
        self.consume()  # the ')' that parse_identifiers_list stopped at
        return values

    def parse_identifiers_list(self) -> set[str]:
        """``Parser.parseIdentifiersList``: possibly empty values separated by commas."""
        values: set[str] = set()
        while True:
            kind, literal = self.consume()
            if kind == _ID:
                values.add(literal)
                kind, literal = self.lookahead()
                if kind == ")":
                    return values
                if kind != ",":
                    raise SelectorParseError(f"found '{literal}', expected: ',' or ')'")
            elif kind == ",":
                if not values:
                    values.add("")  # "(,"
                kind = self.lookahead()[0]
                if kind == ")":
                    values.add("")  # ",)"
                    return values
                if kind == ",":
                    self.consume()
                    values.add("")  # ",,"
            else:
                raise SelectorParseError(f"found '{literal}', expected: ',', or identifier")

    def parse_exact_value(self) -> set[str]:
        """``Parser.parseExactValue``: one value, or the empty string before ``,`` or the end."""
        if self.lookahead()[0] in (_END, ","):
            return {""}
        kind, literal = self.consume()
        if kind != _ID:
            raise SelectorParseError(f"found '{literal}', expected: identifier")
        return {literal}


def parse_requirements(selector: str, new_requirement: _Factory[_R]) -> list[_R]:
    """``labels.parse``: the requirements of ``selector`` in order, built by ``new_requirement``."""
    return _Parser(selector, new_requirement).parse()
