"""Reading Kubernetes manifests from YAML or JSON text, safely, with precise errors.

Owns: turning text into documents (multi-document YAML, or JSON, which is YAML),
and documents into models, with errors that name the file, the document, its
line and the field path. Imports only layer 0 (``jobsim.api``); no store, no simpy.

Choices, matching what kubectl's decoder (``sigs.k8s.io/yaml``) does:

* YAML 1.1 scalars as go-yaml v2 reads them, except timestamps, which stay
  strings (the apiserver parses them itself);
* a key repeated in one mapping is an error, not "last one wins";
* mapping keys must be strings (JSON has no other keys);
* aliases are allowed, but a document whose alias expansion exceeds
  ``MAX_EXPANDED_NODES`` nodes (a "billion laughs" bomb) or refers to itself
  is rejected before anything is built from it;
* empty documents (``---`` with nothing after it) are skipped, as kubectl does.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from jobsim.api._base import K8sModel
from jobsim.api.registry import UnknownKindError, load_object

__all__ = [
    "MAX_EXPANDED_NODES",
    "Document",
    "ManifestError",
    "decode_document",
    "describe_validation_error",
    "load_file",
    "load_text",
]

MAX_EXPANDED_NODES = 1_000_000
"""Upper bound on the nodes one document may expand to through YAML aliases."""


class ManifestError(ValueError):
    """Bad input in a manifest: says where (file, document, line, field path) and what."""

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

    def __str__(self) -> str:
        where = self.source
        if self.index is not None:
            where += f", document {self.index + 1}"
        if self.line is not None:
            where += f" (line {self.line})"
        if self.what:
            where += f", {self.what}"
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class Document:
    """One YAML/JSON document of a file: its decoded data and where it came from."""

    source: str
    index: int
    line: int
    data: Any = field(repr=False)

    @property
    def what(self) -> str | None:
        """``Kind/name`` when the document says so (for error messages), else ``None``."""
        if not isinstance(self.data, dict):
            return None
        kind = self.data.get("kind")
        meta = self.data.get("metadata")
        name = meta.get("name") or meta.get("generateName") if isinstance(meta, dict) else None
        if isinstance(kind, str) and isinstance(name, str):
            return f"{kind}/{name}"
        return kind if isinstance(kind, str) else None

    def error(self, message: str) -> ManifestError:
        """Build a :class:`ManifestError` located at this document."""
        return ManifestError(
            message, source=self.source, index=self.index, line=self.line, what=self.what
        )


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver, rejecting duplicate and non-string keys."""

    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"mapping key {key!r} is not a string (JSON objects have string keys)",
                    key_node.start_mark,
                )
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f'key "{key}" already set in map',
                    key_node.start_mark,
                )
            seen[key] = key_node
        return super().construct_mapping(node, deep=deep)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_mapping)


def _expanded_size(node: yaml.Node, source: str, index: int) -> int:
    """Count the nodes a document expands to, following aliases; reject cycles and bombs."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def visit(n: yaml.Node) -> int:
        key = id(n)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise ManifestError(
                "YAML alias refers to itself (recursive structures are not JSON)",
                source=source,
                index=index,
                line=n.start_mark.line + 1,
            )
        active.add(key)
        total = 1
        if isinstance(n, yaml.SequenceNode):
            for child in n.value:
                total += visit(child)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                total += visit(k) + visit(v)
        active.discard(key)
        sizes[key] = total
        if total > MAX_EXPANDED_NODES:
            raise ManifestError(
                f"document expands to more than {MAX_EXPANDED_NODES} nodes through YAML aliases",
                source=source,
                index=index,
                line=n.start_mark.line + 1,
            )
        return total

    return visit(node)


def _yaml_error(exc: yaml.YAMLError, source: str, index: int) -> ManifestError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"invalid YAML: {context + ': ' if context else ''}{problem}"
    return ManifestError(message, source=source, index=index, line=line)


def _iter_documents(text: str, source: str) -> Iterator[Document]:
    loader = _Loader(text)
    index = 0
    try:
        while True:
            try:
                if not loader.check_node():
                    break
                node = loader.get_node()
            except yaml.YAMLError as exc:
                raise _yaml_error(exc, source, index) from None
            if node is None:
                break
            _expanded_size(node, source, index)
            try:
                data = loader.construct_document(node)
            except yaml.YAMLError as exc:
                raise _yaml_error(exc, source, index) from None
            except RecursionError:
                raise ManifestError(
                    "document is nested too deeply", source=source, index=index
                ) from None
            if data is not None:
                yield Document(source=source, index=index, line=node.start_mark.line + 1, data=data)
            index += 1
    finally:
        loader.dispose()


def load_text(text: str, source: str = "<string>") -> list[Document]:
    """Split YAML or JSON text into documents (empty documents skipped).

    Raises :class:`ManifestError` for malformed YAML, duplicate keys, alias bombs,
    or a file with no document at all.
    """
    if "\x00" in text:
        raise ManifestError("file is binary, not YAML or JSON text", source=source)
    docs = list(_iter_documents(text, source))
    if not docs:
        raise ManifestError("no objects found (the file is empty)", source=source)
    return docs


def load_file(path: str | Path) -> list[Document]:
    """Read a file (``-`` is not special here; the CLI handles stdin) and split it into documents."""
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as exc:
        raise ManifestError(f"cannot read file: {exc.strerror}", source=str(path)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ManifestError("file is not UTF-8 text", source=str(path)) from None
    return load_text(text, str(path))


def decode_document(doc: Document) -> K8sModel:
    """Turn a document into a model by its apiVersion/kind, with kubectl-like decoding errors."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__
        kind = {"list": "a list", "str": "a string", "int": "a number", "float": "a number"}.get(
            kind, kind
        )
        raise doc.error(f"document is {kind}, not a Kubernetes object (a mapping)")
    try:
        return load_object(doc.data)
    except UnknownKindError as exc:
        raise doc.error(str(exc)) from None
    except ValidationError as exc:
        model = exc.title
        lines = describe_validation_error(exc, _model_class(doc.data))
        kind = doc.data.get("kind", model)
        version = str(doc.data.get("apiVersion", "")).rsplit("/", 1)[-1]
        head = f'{kind} in version "{version}" cannot be handled as a {kind}: '
        raise doc.error(head + "; ".join(lines)) from None


def _model_class(data: dict[str, Any]) -> type[BaseModel] | None:
    from jobsim.api.registry import model_for  # local: registry owns the lookup

    try:
        return model_for(str(data.get("apiVersion")), str(data.get("kind")))
    except UnknownKindError:
        return None


_JSON_KIND = {
    bool: "bool",
    int: "number",
    float: "number",
    str: "string",
    list: "array",
    dict: "object",
    type(None): "null",
}


def _format_loc(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


def _owner_and_type(root: type[BaseModel] | None, loc: Sequence[int | str]) -> tuple[str, str]:
    """Walk a model class along an error location: (owning struct name, Go-like field type)."""
    owner = root.__name__ if root else "Object"
    current: Any = root
    gotype = "value"
    for part in loc:
        if isinstance(part, int):
            continue
        fields = getattr(current, "model_fields", None)
        if fields is None:
            break
        info = next(
            (f for name, f in fields.items() if (f.alias or name) == part or name == part),
            None,
        )
        if info is None:
            break
        owner = current.__name__
        gotype, current = _go_type(info.annotation)
    return owner, gotype


def _go_type(annotation: Any) -> tuple[str, Any]:
    import types
    import typing

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) and args:
        return _go_type(args[0])
    if origin is typing.Annotated:
        base = args[0]
        if base is int:
            bound = next((m.le for m in typing.get_args(annotation)[1:] if hasattr(m, "le")), None)
            return ("int32" if bound == 2**31 - 1 else "int64"), None
        return _go_type(base)
    if origin is list:
        inner, cls = _go_type(args[0]) if args else ("interface {}", None)
        return f"[]{inner}", cls
    if origin is dict:
        return "map[string]string", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"v1.{annotation.__name__}", annotation
    names = {int: "int64", str: "string", bool: "bool", float: "float64"}
    if isinstance(annotation, type) and annotation in names:
        return names[annotation], None
    return "interface {}", None


def describe_validation_error(exc: ValidationError, root: type[BaseModel] | None) -> list[str]:
    """Render pydantic errors as the apiserver's decoder words them, one line per problem."""
    lines: list[str] = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and "[" in p)]
        path = _format_loc(loc)
        etype = err["type"]
        value = err.get("input")
        if etype == "extra_forbidden":
            lines.append(f'strict decoding error: unknown field "{path}"')
            continue
        owner, gotype = _owner_and_type(root, loc)
        jkind = _JSON_KIND.get(type(value), "value")
        if etype in {"less_than_equal", "greater_than_equal"} and isinstance(value, int):
            lines.append(
                f"json: cannot unmarshal number {value} into Go struct field "
                f"{owner}.{path} of type {gotype}"
            )
        elif etype.endswith("_type") or etype in {"model_type", "model_attributes_type"}:
            lines.append(
                f"json: cannot unmarshal {jkind} into Go struct field {owner}.{path} of type {gotype}"
            )
        elif etype == "missing":
            lines.append(f"{path}: Required value")
        elif etype == "literal_error":
            lines.append(f"{path}: Unsupported value: {value!r}: {err['msg']}")
        else:
            msg = str(err["msg"]).removeprefix("Value error, ")
            lines.append(f"{path}: {msg}" if path else msg)
    return lines
