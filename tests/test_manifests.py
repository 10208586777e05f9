"""We test these aspects: reading manifests into documents and models, with precise errors.

* splitting: multi-document YAML and JSON, empty documents skipped (as kubectl does),
  each document's index and first line, a UTF-8 BOM;
* malformed YAML (bad indentation, unclosed quote, tab indentation, stray content
  after a document) names the document and the line;
* inputs that are not manifests: empty, comments only, ``---`` only, binary, not
  UTF-8, control characters, a missing path, a directory;
* aliases: a "billion laughs" bomb is rejected fast, a recursive alias is rejected,
  deep nesting is rejected; all without a traceback-worthy exception;
* ``decode_document``: non-mapping documents, unknown/missing kind and apiVersion with
  the apimachinery messages, decode errors with the field's line, ``null`` fields;
* field paths (``parse_field_path``) and their lines (``Document.line_of``).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Namespace
from jobsim.manifests import (
    MAX_EXPANDED_NODES,
    ManifestError,
    decode_document,
    drop_nulls,
    iter_bytes,
    load_file,
    load_text,
    parse_field_path,
)

FIXTURES = Path(__file__).parent / "fixtures"
NAMESPACE = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {name}\n"


def test_documents_are_split_with_index_and_line() -> None:
    """Each document keeps its index (empty ones count) and the line of its first node."""
    text = (
        "# leading comment\n"
        + NAMESPACE.format(name="a")
        + "---\n---\n# only a comment\n"
        + NAMESPACE.format(name="b")
    )
    docs = load_text(text, "f.yaml")
    assert [(d.index, d.line, d.what) for d in docs] == [
        (0, 2, "Namespace/a"),
        (2, 9, "Namespace/b"),
    ]
    assert docs[1].source == "f.yaml"


def test_json_and_a_byte_order_mark_are_accepted() -> None:
    """JSON is YAML; a UTF-8 BOM is skipped (kubectl accepts both)."""
    raw = b'\xef\xbb\xbf{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}'
    (doc,) = iter_bytes(raw, "ns.json")
    assert doc.data == {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "j"}}


MALFORMED = [
    ("a: 1\n  b: 2\n", 0, 2, "mapping values are not allowed here", "bad indentation"),
    ('a: "x\nb: 1\n', 0, 3, "while scanning a quoted scalar (line 1)", "unclosed quote"),
    ("a:\n\tb: 1\n", 0, 2, "found character '\\t' that cannot start any token", "tab"),
    ("a: [1, 2\n", 0, 2, "expected ',' or ']'", "unclosed flow sequence"),
    ("a: 1\n---\nb: 1\n c: 2\n", 1, 4, "mapping values are not allowed here", "second doc"),
    ("a: 1\n---\n  b: 1\n c: 2\n", 1, 4, "expected '<document start>'", "stray after doc 2"),
    ("a: *nope\n", 0, 1, "found undefined alias 'nope'", "undefined alias"),
]


@pytest.mark.parametrize(
    ("text", "index", "line", "message"),
    [m[:4] for m in MALFORMED],
    ids=[m[4] for m in MALFORMED],
)
def test_malformed_yaml_names_document_and_line(
    text: str, index: int, line: int, message: str
) -> None:
    """A YAML syntax error says 'invalid YAML', which document, and which line."""
    with pytest.raises(ManifestError) as info:
        load_text(text, "bad.yaml")
    err = info.value
    assert (err.source, err.index, err.line) == ("bad.yaml", index, line)
    assert err.message.startswith("invalid YAML: ")
    assert message in err.message
    assert str(err).startswith(f"bad.yaml, document {index + 1} (line {line}): invalid YAML: ")


def test_documents_before_a_malformed_one_are_yielded_first() -> None:
    """Reading is lazy: earlier documents come out before the error is raised."""
    raw = (NAMESPACE.format(name="ok") + "---\na: 'open\n").encode()
    docs = iter_bytes(raw, "f.yaml")
    assert next(docs).what == "Namespace/ok"
    with pytest.raises(ManifestError, match="found unexpected end of stream"):
        next(docs)


NOT_MANIFESTS = [
    (b"", "no objects passed to validate (no documents)", "empty"),
    (b"# just\n# comments\n", "no objects passed to validate (no documents)", "comments"),
    (b"---\n", "no objects passed to validate (no documents)", "only a separator"),
    (b"---\n...\n---\n", "no objects passed to validate (no documents)", "empty documents"),
    (b"\x7fELF\x02\x01\x00\x00", "file is binary, not YAML or JSON text", "binary"),
    (b"name: caf\xe9\n", "file is not UTF-8 text (invalid byte at offset 9)", "latin-1"),
    (
        b"a: 1\nb: \x01\n",
        "invalid YAML: unacceptable character #x0001: special characters are not allowed",
        "control character",
    ),
]


@pytest.mark.parametrize(
    ("raw", "message"), [n[:2] for n in NOT_MANIFESTS], ids=[n[2] for n in NOT_MANIFESTS]
)
def test_inputs_without_manifests_are_rejected(raw: bytes, message: str) -> None:
    """Empty, comment-only, binary and non-UTF-8 input raise a ManifestError (kubectl: 'no
    objects passed to create')."""
    with pytest.raises(ManifestError) as info:
        list(iter_bytes(raw, "in.yaml"))
    assert info.value.message == message


def test_control_character_error_has_its_line_but_no_document() -> None:
    """PyYAML checks every character up front, so the error has a line but no document."""
    with pytest.raises(ManifestError) as info:
        load_text(NAMESPACE.format(name="a") + "---\nb: \x01\n")
    assert (info.value.index, info.value.line) == (None, 6)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.yaml", "the path does not exist"),
        (lambda d: d, "is a directory (give the manifest files, not the directory)"),
    ],
    ids=["missing file", "directory"],
)
def test_unreadable_paths_are_rejected(tmp_path: Path, make: object, message: str) -> None:
    """A missing path or a directory raises a ManifestError naming the path."""
    path = make(tmp_path)  # type: ignore[operator]
    with pytest.raises(ManifestError) as info:
        load_file(path)
    assert (info.value.source, info.value.message) == (str(path), message)


def test_billion_laughs_is_rejected_fast() -> None:
    """A 9^9-node alias bomb is refused before expansion, in well under a second."""
    text = (FIXTURES / "bad" / "billion-laughs.yaml").read_text()
    start = time.perf_counter()
    with pytest.raises(ManifestError) as info:
        load_text(text)
    assert time.perf_counter() - start < 0.5
    assert info.value.message == (
        f"document contains excessive aliasing (expands to more than {MAX_EXPANDED_NODES} nodes)"
    )


def test_aliases_below_the_limit_are_accepted() -> None:
    """Ordinary aliasing (a few shared nodes) is fine."""
    (doc,) = load_text("a: &x [1, 2, 3]\nb: [*x, *x, *x]\n")
    assert doc.data["b"] == [[1, 2, 3]] * 3


@pytest.mark.parametrize(
    "text",
    ["a: &x [*x]\n", "a: &x {b: *x}\n", "a: &x\n  b:\n    c: *x\n"],
    ids=["sequence", "flow mapping", "block mapping"],
)
def test_recursive_aliases_are_rejected(text: str) -> None:
    """An anchor whose value contains its own alias is rejected (go-yaml: 'contains itself')."""
    with pytest.raises(ManifestError) as info:
        load_text(text)
    assert info.value.message == "anchor value contains itself (a recursive alias is not JSON)"
    assert info.value.line == 1


@pytest.mark.parametrize("depth", [150, 5000], ids=["over the limit", "over Python's stack"])
def test_deep_nesting_is_rejected(depth: int) -> None:
    """Pathologically nested documents raise a ManifestError, not a RecursionError."""
    with pytest.raises(ManifestError, match="nested"):
        load_text("a: " + "[" * depth + "]" * depth)


NON_OBJECTS = [
    ("- a\n- b\n", "document is a list, not a Kubernetes object (a mapping)", "list"),
    ("hello\n", "document is a string, not a Kubernetes object (a mapping)", "string"),
    ("42\n", "document is a number, not a Kubernetes object (a mapping)", "number"),
    ("true\n", "document is a boolean, not a Kubernetes object (a mapping)", "boolean"),
]


@pytest.mark.parametrize(
    ("text", "message"), [n[:2] for n in NON_OBJECTS], ids=[n[2] for n in NON_OBJECTS]
)
def test_non_mapping_documents_are_not_objects(text: str, message: str) -> None:
    """A document that is not a mapping cannot be an object."""
    (doc,) = load_text(text)
    with pytest.raises(ManifestError) as info:
        decode_document(doc)
    assert info.value.message == message


TYPE_META = [
    (
        "apiVersion: batch/v1\nkind: Foo\n",
        'no matches for kind "Foo" in version "batch/v1"',
        "unknown kind (apimachinery NoKindMatchError)",
    ),
    (
        "apiVersion: batch/v9\nkind: Job\n",
        'no matches for kind "Job" in version "batch/v9"',
        "unknown version",
    ),
    (
        "apiVersion: batch/v1\nmetadata: {name: x}\n",
        'Object \'Kind\' is missing in \'{"apiVersion":"batch/v1","metadata":{"name":"x"}}\'',
        "missing kind (apimachinery missingKindErr)",
    ),
    (
        "kind: Job\n",
        "Object 'apiVersion' is missing in '{\"kind\":\"Job\"}'",
        "missing apiVersion (apimachinery missingVersionErr)",
    ),
    (
        "kind: Job\napiVersion: batch/v1\nmetadata: {name: x}\nspec:\n  paralelism: 1\n",
        'Job in version "v1" cannot be handled as a Job: strict decoding error: unknown field'
        ' "spec.paralelism"',
        "unknown field (apiserver create handler)",
    ),
]


@pytest.mark.parametrize(
    ("text", "message"), [t[:2] for t in TYPE_META], ids=[t[2] for t in TYPE_META]
)
def test_decoding_errors_use_the_apiserver_messages(text: str, message: str) -> None:
    """Kind/apiVersion problems and decode errors read as the apiserver returns them."""
    (doc,) = load_text(text)
    with pytest.raises(ManifestError) as info:
        decode_document(doc)
    assert info.value.message == message


def test_decode_error_points_at_the_field_line() -> None:
    """The error's line is the offending field's, not the document's."""
    text = (
        NAMESPACE.format(name="a")
        + "---\n"
        + (FIXTURES / "bad/unknown-field-container.yaml").read_text()
    )
    docs = load_text(text, "f.yaml")
    with pytest.raises(ManifestError) as info:
        decode_document(docs[1])
    assert (info.value.index, info.value.line, info.value.what) == (1, 17, "Job/pi")
    assert str(info.value).startswith("f.yaml, document 2 (line 17), Job/pi: Job in version")


def test_null_fields_are_the_same_as_missing_ones() -> None:
    """``field: null`` leaves Go's zero value, so it decodes like an absent field."""
    (doc,) = load_text(
        "apiVersion: batch/v1\nkind: Job\nmetadata: {name: x, labels: ~}\n"
        "spec:\n  parallelism: null\n  template:\n    spec:\n      containers: null\n"
    )
    job = decode_document(doc)
    assert isinstance(job, Job)
    assert job.spec is not None
    assert job.spec.parallelism is None
    assert job.spec.template.spec is not None
    assert job.spec.template.spec.containers == []


def test_a_namespace_decodes_to_its_model() -> None:
    """A valid document decodes to the model its apiVersion/kind name."""
    (doc,) = load_text(NAMESPACE.format(name="ns"))
    assert isinstance(decode_document(doc), Namespace)


PATHS = [
    ("spec.parallelism", ["spec", "parallelism"]),
    (
        "spec.template.spec.containers[0].image",
        ["spec", "template", "spec", "containers", 0, "image"],
    ),
    ("metadata.labels[app.kubernetes.io/name]", ["metadata", "labels", "app.kubernetes.io/name"]),
    (
        "spec.podFailurePolicy.rules[1].onExitCodes.values[2]",
        ["spec", "podFailurePolicy", "rules", 1, "onExitCodes", "values", 2],
    ),
    ("", []),
]


@pytest.mark.parametrize(("path", "parts"), PATHS, ids=[p or "empty" for p, _ in PATHS])
def test_field_paths_are_parsed(path: str, parts: list[str | int]) -> None:
    """apiserver field paths split into keys and indices (map keys in brackets stay whole)."""
    assert parse_field_path(path) == parts


def test_line_of_finds_the_deepest_existing_node() -> None:
    """line_of follows keys and indices and stops at the last one present."""
    (doc,) = load_text(
        "kind: Job\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n"
        "      - name: b\n        image: c\n"
    )
    containers = ["spec", "template", "spec", "containers"]
    assert doc.line_of([*containers, 1, "image"]) == 8
    assert doc.line_of([*containers, 0, "image"]) == 6
    assert doc.line_of([*containers, 5]) == 5
    assert doc.line_of(["status"]) == 1


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": None, "b": 1}, {"b": 1}),
        (
            {"metadata": {"labels": {"x": None, "y": "1"}, "annotations": {"n": None}}},
            {"metadata": {"labels": {"x": "", "y": "1"}, "annotations": {"n": ""}}},
        ),
        (
            {"spec": {"selector": {"matchLabels": {"k": None}}, "nodeSelector": {"z": None}}},
            {"spec": {"selector": {"matchLabels": {"k": ""}}, "nodeSelector": {"z": ""}}},
        ),
        ({"spec": {"labels": None}}, {"spec": {}}),
    ],
    ids=["struct-field", "labels-and-annotations", "match-labels-node-selector", "null-map"],
)
def test_nulls_are_go_zero_values(data: dict[str, object], expected: dict[str, object]) -> None:
    """A null struct field is dropped; a null ``map[string]string`` entry is the key with "".

    Go's ``encoding/json`` (``sigs.k8s.io/json``) decodes null into a map element as the
    element's zero value and stores it under the key.
    """
    assert drop_nulls(data) == expected
