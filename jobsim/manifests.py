"""Reading Kubernetes manifests from YAML or JSON text, safely, with precise errors.

Owns: turning bytes/text into documents (multi-document YAML, or JSON, which is
YAML), and documents into models, with errors that name the file, the document,
its line and the field path. Imports only layer 0 (``jobsim.api``),
``jobsim.goyaml`` (the loader) and ``jobsim.decode_errors``; no store, no simpy.

Choices, matching what kubectl's decoder (``sigs.k8s.io/yaml``: go-yaml v2 into
``interface{}``, then JSON) produces:

* plain scalars resolve as go-yaml v2 resolves them: ``y/yes/on`` are booleans,
  ``0x1f``/``0o17``/``017``/``0b1``/``1_000``/``1e3`` are numbers, base-60
  (``1:30``), ``=`` and timestamps stay strings;
* a float goes through JSON as Go prints it, so an integral ``2.0`` arrives as
  ``2``; ``.inf``/``.nan`` are rejected (JSON has no such numbers);
* integer, boolean and float mapping keys become strings (``1: a`` is ``"1"``),
  as ``sigs.k8s.io/yaml`` converts them; other keys are errors;
* a key repeated in one mapping is an error (go-yaml's strict ``key "x" already
  set in map``), not "last one wins"; ``<<`` merges are allowed and overridable;
* aliases are allowed, but a document whose alias expansion exceeds
  ``MAX_EXPANDED_NODES`` nodes (a "billion laughs" bomb) or that contains itself
  is rejected before anything is built from it;
* empty documents (``---`` with nothing after it) are skipped, as kubectl does;
* a ``List`` (``v1`` ``List``, ``JobList``, ...) stands for its items, nested lists
  flattened (kubectl's ``FlattenListVisitor``); an empty one is an error;
* a ``null`` field is the same as a missing one (Go leaves the zero value).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

import yaml
from pydantic import ValidationError

from jobsim.api._base import K8sModel
from jobsim.api.registry import load_object, model_for
from jobsim.decode_errors import (
    cannot_handle,
    describe_validation_error,
    json_kind,
    loose_field_error,
)
from jobsim.goyaml import (
    GoYAMLLoader,
    JSONStreamError,
    expansion_problem,
    json_as_yaml,
    json_values,
)

__all__ = [
    "MAX_EXPANDED_NODES",
    "Document",
    "ManifestError",
    "decode_document",
    "drop_nulls",
    "expand_lists",
    "iter_bytes",
    "iter_file",
    "list_items",
    "load_file",
    "load_text",
    "parse_field_path",
]

MAX_EXPANDED_NODES = 100_000
"""Upper bound on the nodes one document may expand to through YAML aliases."""

_MAX_DEPTH = 100
"""Deepest nesting of collections accepted (Kubernetes objects need about 15)."""


class ManifestError(ValueError):
    """Bad input in a manifest: says where (file, document, line, object) and what."""

    def __init__(
        self,
        message: str,
        *,
        source: str,
        index: int | None = None,
        line: int | None = None,
        what: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.index = index
        self.line = line
        self.what = what

    @property
    def where(self) -> str:
        """``file, document N (line L), Kind/name``: as much of it as is known."""
        where = self.source
        if self.index is not None:
            where += f", document {self.index + 1}"
        if self.line is not None:
            where += f" (line {self.line})"
        if self.what:
            where += f", {self.what}"
        return where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass(frozen=True)
class Document:
    """One YAML/JSON document of a file: its decoded data and where it came from."""

    source: str
    index: int
    line: int
    data: Any = field(repr=False)
    node: yaml.Node | None = field(default=None, repr=False, compare=False)

    @property
    def what(self) -> str | None:
        """``Kind/name`` when the document says so (for error messages), else ``None``."""
        if not isinstance(self.data, dict):
            return None
        kind = self.data.get("kind")
        meta = self.data.get("metadata")
        name = (meta.get("name") or meta.get("generateName")) if isinstance(meta, dict) else None
        if isinstance(kind, str) and kind and isinstance(name, str) and name:
            return f"{kind}/{name}"
        return kind if isinstance(kind, str) and kind else None

    def _locate(self, path: Sequence[str | int]) -> tuple[yaml.Node | None, int]:
        """The deepest node along a field path that exists, and its line."""
        node, line = self.node, self.line
        for part in path:
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                hit = next((kv for kv in node.value if _scalar(kv[0]) == part), None)
                if hit is None:
                    return None, line
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
                if not 0 <= part < len(node.value):
                    return None, line
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                return None, line
        return node, line

    def line_of(self, path: Sequence[str | int]) -> int:
        """The line of the deepest node along a field path (the document's line if none)."""
        return self._locate(path)[1]

    def part(self, path: Sequence[str | int], data: Any) -> Document:
        """A document for a part of this one (a ``List`` item), located at ``path``."""
        node, line = self._locate(path)
        return Document(source=self.source, index=self.index, line=line, data=data, node=node)

    def error(self, message: str, path: Sequence[str | int] = ()) -> ManifestError:
        """Build a :class:`ManifestError` located at this document (and field path)."""
        return ManifestError(
            message,
            source=self.source,
            index=self.index,
            line=self.line_of(path),
            what=self.what,
        )


def _scalar(node: yaml.Node) -> str | None:
    return node.value if isinstance(node, yaml.ScalarNode) else None


_FIELD_SEGMENT = re.compile(r"([^.\[\]]+)|\[([^\]]*)\]")


def parse_field_path(path: str) -> list[str | int]:
    """Split an apiserver field path (``spec.containers[0].image``, ``labels[a.b/c]``)."""
    parts: list[str | int] = []
    for name, key in _FIELD_SEGMENT.findall(path):
        if name:
            parts.append(name)
        else:
            parts.append(int(key) if key.isdigit() else key)
    return parts


# --- documents ---------------------------------------------------------------------------


def _check_expansion(root: yaml.Node, source: str, index: int) -> None:
    """Reject a document that expands through aliases to a cycle, a bomb, or too deep."""
    problem = expansion_problem(root, max_nodes=MAX_EXPANDED_NODES, max_depth=_MAX_DEPTH)
    if problem is not None:
        message, node = problem
        line = node.start_mark.line + 1
        raise ManifestError(message, source=source, index=index, line=line)


def _yaml_error(exc: yaml.YAMLError, text: str, source: str, index: int | None) -> ManifestError:
    if isinstance(exc, yaml.reader.ReaderError):
        at_line = text.count("\n", 0, exc.position) + 1
        char = f"#x{exc.character:04x}" if isinstance(exc.character, int) else repr(exc.character)
        message = f"invalid YAML: unacceptable character {char}: {exc.reason}"
        return ManifestError(message, source=source, index=index, line=at_line)
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    if context and context_mark and problem_mark and context_mark.line != problem_mark.line:
        context += f" (line {context_mark.line + 1})"
    message = f"invalid YAML: {context + ': ' if context else ''}{problem}"
    line = mark.line + 1 if mark is not None else None
    return ManifestError(message, source=source, index=index, line=line)


_BINARY = "file is binary, not YAML or JSON text"
_DOCUMENT_START = re.compile(r"---(?:[ \t]|$)")


def _document_at(text: str, line: int | None) -> int:
    """The index of the document a line belongs to: ``---`` markers above it, counted.

    A ``---`` at the start of a line always starts a document, even in a block
    scalar, so counting them is exact; content before the first one is an
    implicit first document.
    """
    lines = text.splitlines()[: (line or 1) - 1]
    index = -1
    for row in lines:
        if _DOCUMENT_START.match(row):
            index += 1
        elif index < 0 and row.strip() and not row.lstrip().startswith(("#", "%")):
            index = 0
    return max(index, 0)


def _iter_documents(text: str, source: str) -> Iterator[Document]:
    """The documents of a text: a stream of JSON values when it starts with ``{``, else YAML.

    As kubectl's ``YAMLOrJSONDecoder``: JSON values one after another (tabs allowed), then,
    when a value is not JSON (``{a: 1}``, a trailing comma), YAML from there on.
    """
    if "\x00" in text:
        raise ManifestError(_BINARY, source=source)
    try:
        spans, rest = json_values(text)
    except JSONStreamError as exc:
        message = f"{exc.message} (column {exc.column})"
        raise ManifestError(message, source=source, index=exc.index, line=exc.line) from None
    for index, (start, end) in enumerate(spans):
        yield from _yaml_documents(json_as_yaml(text, start, end), source, index)
    if rest is not None:
        yaml_text = json_as_yaml(text, rest, len(text), is_json=False) if rest else text
        yield from _yaml_documents(yaml_text, source, len(spans))


def _yaml_documents(text: str, source: str, first: int = 0) -> Iterator[Document]:
    """The documents of a YAML text, numbered from ``first``."""
    try:
        loader = GoYAMLLoader(text)  # checks every character first: no document yet
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, text, source, None) from None
    index = first
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
                if node is None:
                    break
                _check_expansion(node, source, index)
                data = loader.construct_document(node)
            except yaml.YAMLError as exc:
                error = _yaml_error(exc, text, source, index)
                if error.line is not None and not isinstance(
                    exc, yaml.constructor.ConstructorError
                ):
                    error.index = first + _document_at(text, error.line)
                raise error from None
            except RecursionError:
                message = "document is nested too deeply"
                raise ManifestError(message, source=source, index=index) from None
            if data is not None:
                line = node.start_mark.line + 1
                yield Document(source=source, index=index, line=line, data=data, node=node)
            index += 1
    finally:
        loader.dispose()


def iter_bytes(raw: bytes, source: str) -> Iterator[Document]:
    """Decode the text and yield documents; raise :class:`ManifestError` on bad input.

    UTF-8 (an optional BOM skipped), or UTF-16 with a BOM, as kubectl's file
    visitor (``unicode.BOMOverride``). Documents before a malformed one are
    yielded first; input without any object raises ``no objects passed to
    validate`` after the last document.
    """
    codec = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else "utf-8-sig"
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as exc:
        if b"\x00" in raw:
            raise ManifestError(_BINARY, source=source) from None
        message = f"file is not UTF-8 text (invalid byte at offset {exc.start})"
        raise ManifestError(message, source=source) from None
    yield from _nonempty(_iter_documents(text, source), source)


def _nonempty(docs: Iterator[Document], source: str) -> Iterator[Document]:
    """Pass documents through; raise kubectl's ``no objects passed`` if there were none."""
    found = False
    for doc in docs:
        found = True
        yield doc
    if not found:
        raise ManifestError("no objects passed to validate (no documents)", source=source)


def iter_file(path: str | Path) -> Iterator[Document]:
    """Read a file (``-`` is not special here; the CLI handles stdin) and yield its documents."""
    p = Path(path)
    if p.is_dir():
        message = "is a directory (give the manifest files, not the directory)"
        raise ManifestError(message, source=str(path))
    try:
        raw = p.read_bytes()
    except FileNotFoundError:
        raise ManifestError("the path does not exist", source=str(path)) from None
    except OSError as exc:
        raise ManifestError(f"cannot read file: {exc.strerror}", source=str(path)) from None
    yield from iter_bytes(raw, str(path))


def load_text(text: str, source: str = "<string>") -> list[Document]:
    """Split YAML or JSON text into documents (empty documents skipped); raise if none."""
    return list(_nonempty(_iter_documents(text, source), source))


def load_file(path: str | Path) -> list[Document]:
    """Read a file and split it into documents; raise :class:`ManifestError` on bad input."""
    return list(iter_file(path))


STRING_MAP_FIELDS: Final = frozenset({"labels", "annotations", "matchLabels", "nodeSelector"})
"""The ``map[string]string`` fields of the kinds jobsim serves (a null entry there is kept)."""


def drop_nulls(value: Any, *, string_map: bool = False) -> Any:
    """Remove ``null`` fields: Go's JSON decoder leaves the zero value for them.

    In a ``map[string]string`` a null entry is not dropped: Go decodes it as the key with the
    empty string (``labels: {a: null}`` is the label ``a=""``).
    """
    if isinstance(value, Mapping):
        if string_map:
            return {k: "" if v is None else v for k, v in value.items()}
        return {
            k: drop_nulls(v, string_map=k in STRING_MAP_FIELDS)
            for k, v in value.items()
            if v is not None
        }
    if isinstance(value, list):
        return [drop_nulls(v) for v in value]
    return value


def list_items(doc: Document) -> list[Document] | None:
    """The items of a ``List``/``<Kind>List`` document (untyped items get the list's kind).

    None when the document is not a list: a mapping whose kind is ``List``, or ends in
    ``List`` and has ``items``. An ``items`` that is not a sequence is the decoder's error.
    """
    data = doc.data
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or not kind.endswith("List"):
        return None
    items = data.get("items")
    if items is None and kind != "List":
        return None
    if items is None:
        items = []
    if not isinstance(items, list):
        message = (
            f"json: cannot unmarshal {json_kind(items)} into Go struct field {kind}.items"
            " of type []runtime.RawExtension"
        )
        raise doc.error(message, ["items"])
    item_kind = kind.removesuffix("List")
    result: list[Document] = []
    for i, item in enumerate(items):
        typed = item_kind and isinstance(item, dict) and not item.get("kind")
        filled = (
            {"apiVersion": data.get("apiVersion"), "kind": item_kind, **item} if typed else item
        )
        result.append(doc.part(["items", i], filled))
    return result


def expand_lists(docs: Sequence[Document]) -> list[Document]:
    """The documents, every List replaced by its items (recursively); an empty List is an error."""
    result: list[Document] = []
    for doc in docs:
        items = list_items(doc)
        if items is None:
            result.append(doc)
        elif not items:
            raise doc.error("no objects in the List")
        else:
            result.extend(expand_lists(items))
    return result


MANIFEST_SUFFIXES: Final = (".yaml", ".yml", ".json")


def names_a_file(source: str | Path) -> bool:
    """Whether ``source`` (a path, or YAML text) names a file rather than holding manifests.

    One line that is an existing path, or that ends in ``.yaml``/``.yml``/``.json``: a missing
    ``job.yaml`` is then "the path does not exist", not a document that is a string.
    """
    if isinstance(source, Path):
        return True
    if "\n" in source:
        return False
    return source.lower().endswith(MANIFEST_SUFFIXES) or Path(source).exists()


def decode_document(doc: Document) -> K8sModel:
    """Turn a document into a model by its apiVersion/kind, with the apiserver decoder's errors."""
    if not isinstance(doc.data, dict):
        found = {list: "a list", str: "a string", bool: "a boolean"}.get(type(doc.data), "a number")
        raise doc.error(f"document is {found}, not a Kubernetes object (a mapping)")
    data = drop_nulls(doc.data)
    try:
        obj = load_object(data)
    except ValidationError as exc:
        model = model_for(str(data["apiVersion"]), str(data["kind"]))
        raise _cannot_handle(doc, data, *describe_validation_error(exc, model, data)) from None
    except ValueError as exc:  # unknown or missing kind/apiVersion, non-string kind
        raise doc.error(str(exc)) from None
    strict = loose_field_error(obj, data)
    if strict is not None:
        raise _cannot_handle(doc, data, *strict)
    return obj


def _cannot_handle(doc: Document, data: dict[str, Any], message: str, path: Any) -> ManifestError:
    version = str(data["apiVersion"]).rsplit("/", 1)[-1]
    return doc.error(cannot_handle(str(data["kind"]), version, message), path)
