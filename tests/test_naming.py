"""We test these aspects:

- the string validators return upstream's exact messages: DNS-1123 label (63 bytes, ``must not
  contain dots`` for a valid subdomain), DNS-1123 subdomain (253 bytes), qualified name / label key
  (prefix and name parts, ``a valid label key`` for several slashes), label value (empty allowed),
  domain-prefixed path; boundaries at 63/64 and 253/254 bytes; no trailing-newline leniency;
- the message builders keep upstream's spacing (``'my-name',  or '123-abc'``);
- ``mask_trailing_dash`` and the name functions used for ``generateName``;
- ObjectMeta on create: name/generateName, namespace (required, DNS label, forbidden when cluster
  scoped), generation, labels (path is the map), annotations (lower-cased keys, 256 KiB total),
  owner references (required fields, apiVersion shape, banned Event owner, one controller),
  finalizers (qualified names, orphan + foregroundDeletion), managed fields;
- ObjectMeta on update: immutable identity fields, resourceVersion required, generation not
  decremented, no new finalizers while deleting.

Upstream: k8s.io/apimachinery ``pkg/api/validate/content/{dns,kube,errors}.go`` (label keys and
values: ``MaxLenError`` says ``bytes``), ``pkg/util/validation/validation.go`` (object names:
``IsDNS1123Label``/``IsDNS1123Subdomain`` with its own ``MaxLenError`` saying ``characters``;
``IsQualifiedName``/``IsValidLabelValue`` are aliases of the content functions; ``RegexError``,
``IsDomainPrefixedPath``), ``pkg/api/validation/{generic,objectmeta}.go`` and
``objectmeta_test.go``, ``pkg/apis/meta/v1/validation/validation.go``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from jobsim.api.field import ErrorType, Path
from jobsim.api.meta_v1 import ManagedFieldsEntry, ObjectMeta, OwnerReference
from jobsim.api.naming import (
    TOTAL_ANNOTATION_SIZE_LIMIT_B,
    is_dns1123_label,
    is_dns1123_subdomain,
    is_domain_prefixed_path,
    is_qualified_name,
    is_valid_label_value,
    mask_trailing_dash,
    name_is_dns_label,
    name_is_dns_subdomain,
    regex_error,
    validate_annotations,
    validate_finalizers,
    validate_labels,
    validate_managed_fields,
    validate_object_meta,
    validate_object_meta_update,
    validate_owner_references,
)

# Exact upstream texts (content/dns.go, content/kube.go, validation.go RegexError).
# Too long: content.MaxLenError (label keys/values, content/errors.go) says "bytes";
# validation.MaxLenError (DNS names, util/validation/validation.go) still says "characters".
DNS_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and "
    "must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used "
    "for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end "
    "with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
LABEL_KEY_MSG = (
    "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS "
    "subdomain prefix and '/' (e.g. 'example.com/MyName')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  "
    "or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
SUBDOMAIN_253 = ".".join(["a" * 63] * 4)[:253]  # 63+1+63+1+63+1+61 = 253 bytes
LABEL_63 = "a" + "-" * 61 + "z"


def test_regex_error_spacing() -> None:
    """``RegexError`` writes ``', `` after each example and joins them with `` or ``."""
    assert (
        regex_error("msg", "re", "a", "b")
        == "msg (e.g. 'a',  or 'b', regex used for validation is 're')"
    )
    assert regex_error("msg", "re") == "msg (regex used for validation is 're')"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("a", []),
        ("my-name", []),
        ("123-abc", []),
        (LABEL_63, []),
        ("a" * 64, ["must be no more than 63 characters"]),
        ("a.b", ["must not contain dots"]),
        ("A", [DNS_LABEL_MSG]),
        ("-a", [DNS_LABEL_MSG]),
        ("a-", [DNS_LABEL_MSG]),
        ("", [DNS_LABEL_MSG]),
        ("a\n", [DNS_LABEL_MSG]),
        ("a_b", [DNS_LABEL_MSG]),
        ("A" * 64, ["must be no more than 63 characters", DNS_LABEL_MSG]),
        ("é", [DNS_LABEL_MSG]),
    ],
    ids=[
        "one-char",
        "dash",
        "digits-first",
        "63-bytes",
        "64-bytes",
        "dots",
        "upper",
        "leading-dash",
        "trailing-dash",
        "empty",
        "trailing-newline",
        "underscore",
        "long-and-upper",
        "non-ascii",
    ],
)
def test_is_dns1123_label(value: str, expected: list[str]) -> None:
    """``IsDNS1123Label`` messages, 63-byte boundary (util/validation/validation.go wording)."""
    assert is_dns1123_label(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("example.com", []),
        ("a", []),
        ("pi-7x2kq", []),
        (SUBDOMAIN_253, []),
        (SUBDOMAIN_253 + "a", ["must be no more than 253 characters"]),
        ("a" * 64, []),
        ("Foo", [DNS_SUBDOMAIN_MSG]),
        ("a..b", [DNS_SUBDOMAIN_MSG]),
        ("a.", [DNS_SUBDOMAIN_MSG]),
        ("x" * 300 + "_", ["must be no more than 253 characters", DNS_SUBDOMAIN_MSG]),
    ],
    ids=[
        "dotted",
        "one-char",
        "pod-name",
        "253-bytes",
        "254-bytes",
        "long-label-is-fine",
        "upper",
        "double-dot",
        "trailing-dot",
        "long-and-bad",
    ],
)
def test_is_dns1123_subdomain(value: str, expected: list[str]) -> None:
    """``IsDNS1123Subdomain`` messages, 253-byte boundary (util/validation/validation.go)."""
    assert len(SUBDOMAIN_253) == 253
    assert is_dns1123_subdomain(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("app", []),
        ("batch.kubernetes.io/job-name", []),
        ("MyName", []),
        ("a" * 63, []),
        # content.IsLabelKey + content.MaxLenError (kube.go, errors.go): "bytes", not the
        # older "characters"; the apiserver answers so for metadata.labels today.
        ("a" * 64, ["name part must be no more than 63 bytes"]),
        ("a" * 254 + "/k", ["prefix part must be no more than 253 bytes"]),
        ("bad key", [NAME_PART_MSG]),
        ("", ["name part must be non-empty", NAME_PART_MSG]),
        ("/name", ["prefix part must be non-empty"]),
        ("Example.com/name", ["prefix part " + DNS_SUBDOMAIN_MSG]),
        ("example.com/", ["name part must be non-empty", NAME_PART_MSG]),
        ("a/b/c", [LABEL_KEY_MSG]),
    ],
    ids=[
        "simple",
        "prefixed",
        "mixed-case",
        "63",
        "64",
        "long-prefix",
        "space",
        "empty",
        "empty-prefix",
        "bad-prefix",
        "empty-name",
        "two-slashes",
    ],
)
def test_is_qualified_name(value: str, expected: list[str]) -> None:
    """``IsQualifiedName`` / ``IsLabelKey`` messages (content/kube.go)."""
    assert is_qualified_name(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", []),
        ("MyValue", []),
        ("my_value.1-2", []),
        ("a" * 63, []),
        # content.IsLabelValue + content.MaxLenError (kube.go, errors.go): "bytes".
        ("a" * 64, ["must be no more than 63 bytes"]),
        ("bad value", [LABEL_VALUE_MSG]),
        ("-x", [LABEL_VALUE_MSG]),
    ],
    ids=["empty", "mixed-case", "punct-inside", "63", "64", "space", "leading-dash"],
)
def test_is_valid_label_value(value: str, expected: list[str]) -> None:
    """``IsValidLabelValue`` messages; the empty value is valid (content/kube.go)."""
    assert is_valid_label_value(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("acme.io/foo", []),
        ("acme.io/foo/bar~baz", []),
        ("", ["p: Required value"]),
        (
            "acme.io",
            ['p: Invalid value: "acme.io": must be a domain-prefixed path (such as "acme.io/foo")'],
        ),
        (
            "/foo",
            ['p: Invalid value: "/foo": must be a domain-prefixed path (such as "acme.io/foo")'],
        ),
        ("Acme.io/foo", [f'p: Invalid value: "Acme.io": {DNS_SUBDOMAIN_MSG}']),
        (
            "acme.io/a b",
            [
                'p: Invalid value: "a b": Invalid path (regex used for validation is '
                "'[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+')"
            ],
        ),
    ],
    ids=["simple", "deep", "empty", "no-slash", "no-host", "bad-host", "bad-path"],
)
def test_is_domain_prefixed_path(value: str, expected: list[str]) -> None:
    """``IsDomainPrefixedPath`` returns field errors on the given path (validation.go)."""
    assert [str(e) for e in is_domain_prefixed_path(Path("p"), value)] == expected


@pytest.mark.parametrize(
    ("name", "masked"),
    [("foo-", "foa"), ("foo", "foo"), ("-", "-"), ("a-", "a"), ("", "")],
    ids=["dash", "no-dash", "only-dash", "two-chars", "empty"],
)
def test_mask_trailing_dash(name: str, masked: str) -> None:
    """``maskTrailingDash`` replaces the last two characters by ``a`` (generic.go)."""
    assert mask_trailing_dash(name) == masked


def test_name_functions_allow_a_trailing_dash_only_as_prefix() -> None:
    """``NameIsDNSSubdomain``/``NameIsDNSLabel`` accept ``pi-`` for generateName only."""
    assert name_is_dns_subdomain("pi-", True) == []
    assert name_is_dns_subdomain("pi-", False) == [DNS_SUBDOMAIN_MSG]
    assert name_is_dns_label("ns-", True) == []
    assert name_is_dns_label("a.b", False) == ["must not contain dots"]


def _strings(errors: list[Any]) -> list[str]:
    return [str(e) for e in errors]


def test_validate_labels_reports_on_the_map_path() -> None:
    """Label key and value errors use the map's path, not ``[key]`` (meta/v1/validation)."""
    errs = validate_labels({"ok": "fine", "bad key": "bad value"}, Path("metadata", "labels"))
    assert _strings(errs) == [
        f'metadata.labels: Invalid value: "bad key": {NAME_PART_MSG}',
        f'metadata.labels: Invalid value: "bad value": {LABEL_VALUE_MSG}',
    ]


def test_validate_annotations_keys_and_total_size() -> None:
    """Keys are checked lower-cased (value shown as given); the total limit is 262144 bytes."""
    path = Path("metadata", "annotations")
    assert validate_annotations({"UpperCase123": "x"}, path) == []
    assert _strings(validate_annotations({"Bad Key": "x"}, path)) == [
        f'metadata.annotations: Invalid value: "Bad Key": {NAME_PART_MSG}'
    ]
    at_limit = {"a": "b" * (TOTAL_ANNOTATION_SIZE_LIMIT_B - 1)}
    assert validate_annotations(at_limit, path) == []
    over = {"a": "b" * TOTAL_ANNOTATION_SIZE_LIMIT_B}
    errs = validate_annotations(over, path)
    assert _strings(errs) == ["metadata.annotations: Too long: may not be more than 262144 bytes"]
    assert errs[0].type is ErrorType.TOO_LONG


def _ref(**changes: Any) -> OwnerReference:
    fields: dict[str, Any] = {"api_version": "batch/v1", "kind": "Job", "name": "pi", "uid": "u1"}
    fields.update(changes)
    return OwnerReference(**fields)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        (_ref(), []),
        (_ref(api_version="v1", kind="Pod"), []),
        (_ref(uid=""), ["o[0].uid: Required value: must not be empty"]),
        (_ref(name=""), ["o[0].name: Required value: must not be empty"]),
        (_ref(kind=""), ["o[0].kind: Required value: must not be empty"]),
        (_ref(api_version=""), ["o[0].apiVersion: Required value: must not be empty"]),
        (
            _ref(api_version="a/b/c"),
            ['o[0].apiVersion: Invalid value: "a/b/c": must be <group>/<version> or <version>'],
        ),
        (
            _ref(api_version="foo/"),
            ['o[0].apiVersion: Invalid value: "foo/": must be <group>/<version> or <version>'],
        ),
        (
            _ref(api_version="v1", kind="Event", name="name", uid="uid-1"),
            [
                'o[0]: Invalid value: {"apiVersion":"v1","kind":"Event","name":"name",'
                '"uid":"uid-1"}: /v1, Kind=Event is disallowed from being an owner'
            ],
        ),
    ],
    ids=[
        "valid",
        "core",
        "no-uid",
        "no-name",
        "no-kind",
        "no-api-version",
        "three-parts",
        "empty-version",
        "event-owner",
    ],
)
def test_owner_reference_fields(ref: OwnerReference, expected: list[str]) -> None:
    """Per-reference checks use the indexed path (objectmeta.go, objectmeta_test.go)."""
    assert _strings(validate_owner_references([ref], Path("o"))) == expected


def test_only_one_controller_reference() -> None:
    """A second ``controller: true`` names both owners as ``Kind/name`` (objectmeta.go)."""
    refs = [
        _ref(kind="K1", controller=False),
        _ref(kind="K2", name="a", controller=True),
        _ref(kind="K3", name="b", uid="u3", controller=True),
    ]
    errs = validate_owner_references(refs, Path("metadata", "ownerReferences"))
    assert len(errs) == 1
    assert errs[0].field == "metadata.ownerReferences"
    assert errs[0].detail == (
        'Only one reference can have Controller set to true. Found "true" in references for '
        "K2/a and K3/b"
    )
    assert str(errs[0]).startswith(
        'metadata.ownerReferences: Invalid value: [{"apiVersion":"batch/v1","kind":"K1",'
        '"name":"pi","uid":"u1","controller":false},'
    )


def test_finalizers() -> None:
    """Finalizers are qualified names; orphan and foregroundDeletion exclude each other."""
    path = Path("metadata", "finalizers")
    assert validate_finalizers(["batch.kubernetes.io/job-tracking", "orphan"], path) == []
    assert _strings(validate_finalizers(["bad name"], path)) == [
        f'metadata.finalizers: Invalid value: "bad name": {NAME_PART_MSG}'
    ]
    assert _strings(validate_finalizers(["orphan", "foregroundDeletion"], path)) == [
        'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: '
        "finalizer orphan and foregroundDeletion cannot be both set"
    ]


def test_managed_fields() -> None:
    """Managed fields need operation Apply/Update and fieldsType FieldsV1 (meta/v1/validation)."""
    entries = [
        ManagedFieldsEntry(manager="kubectl", operation="Update", fields_type="FieldsV1"),
        ManagedFieldsEntry(manager="m\x07", operation="Patch", fields_type="FieldsV2"),
    ]
    assert _strings(validate_managed_fields(entries, Path("m"))) == [
        'm[1].operation: Invalid value: "Patch": must be `Apply` or `Update`',
        'm[1].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
        'm[1].manager: Invalid value: "m\\a": invalid character U+0007 (at position 1)',
    ]


def _meta(**fields: Any) -> ObjectMeta:
    return ObjectMeta.from_dict({"name": "pi", "namespace": "default", **fields})


@pytest.mark.parametrize(
    ("meta", "namespaced", "expected"),
    [
        (_meta(), True, []),
        (
            _meta(name=None, generateName="pi-"),
            True,
            ["metadata.name: Required value: name or generateName is required"],
        ),
        (
            _meta(name=None),
            True,
            ["metadata.name: Required value: name or generateName is required"],
        ),
        (_meta(name="Foo"), True, [f'metadata.name: Invalid value: "Foo": {DNS_SUBDOMAIN_MSG}']),
        (_meta(name="a" * 64), True, []),
        (
            _meta(generateName="Pi-"),
            True,
            [f'metadata.generateName: Invalid value: "Pi-": {DNS_SUBDOMAIN_MSG}'],
        ),
        (_meta(namespace=None), True, ["metadata.namespace: Required value"]),
        (
            _meta(namespace="a.b"),
            True,
            ['metadata.namespace: Invalid value: "a.b": must not contain dots'],
        ),
        (_meta(namespace="x"), False, ["metadata.namespace: Forbidden: not allowed on this type"]),
        (_meta(namespace=None), False, []),
        (
            _meta(generation=-1),
            True,
            ["metadata.generation: Invalid value: -1: must be greater than or equal to 0"],
        ),
        (
            _meta(labels={"app": "-"}),
            True,
            [f'metadata.labels: Invalid value: "-": {LABEL_VALUE_MSG}'],
        ),
        # What the apiserver answers today for a Pod label value of 64 bytes: ValidateLabels
        # -> validation.IsValidLabelValue = content.IsLabelValue -> content.MaxLenError, "bytes"
        # (apimachinery pkg/apis/meta/v1/validation/validation.go, pkg/api/validate/content).
        (
            _meta(labels={"app": "v" * 64}),
            True,
            [f'metadata.labels: Invalid value: "{"v" * 64}": must be no more than 63 bytes'],
        ),
        (
            _meta(labels={"k" * 64: "v"}),
            True,
            [
                f'metadata.labels: Invalid value: "{"k" * 64}": '
                "name part must be no more than 63 bytes"
            ],
        ),
        (
            _meta(
                ownerReferences=[{"apiVersion": "batch/v1", "kind": "Job", "name": "pi", "uid": ""}]
            ),
            True,
            ["metadata.ownerReferences[0].uid: Required value: must not be empty"],
        ),
        (
            _meta(finalizers=["orphan", "foregroundDeletion"]),
            True,
            [
                'metadata.finalizers: Invalid value: ["orphan","foregroundDeletion"]: '
                "finalizer orphan and foregroundDeletion cannot be both set"
            ],
        ),
    ],
    ids=[
        "valid",
        "generated-name-missing",
        "no-name",
        "bad-name",
        "64-char-name-ok",
        "bad-generate-name",
        "no-namespace",
        "namespace-dots",
        "cluster-scoped-namespace",
        "cluster-scoped-ok",
        "negative-generation",
        "bad-label",
        "long-label-value",
        "long-label-key",
        "owner-uid",
        "finalizers",
    ],
)
def test_validate_object_meta(meta: ObjectMeta, namespaced: bool, expected: list[str]) -> None:
    """``ValidateObjectMeta`` with Jobs' DNS-subdomain names (objectmeta.go)."""
    assert _strings(validate_object_meta(meta, namespaced=namespaced)) == expected


def test_validate_object_meta_custom_name_fn_and_path() -> None:
    """The name function is applied to name and generateName (prefix=True) on the given path."""
    seen: list[tuple[str, bool]] = []

    def name_fn(name: str, prefix: bool) -> list[str]:
        seen.append((name, prefix))
        return ["wrong value"]

    meta = _meta(name="n", generateName="g")
    errs = validate_object_meta(meta, namespaced=True, name_fn=name_fn, path=Path("field"))
    assert seen == [("g", True), ("n", False)]
    assert _strings(errs) == [
        'field.generateName: Invalid value: "g": wrong value',
        'field.name: Invalid value: "n": wrong value',
    ]


NO_NEW_FINALIZERS = (
    "field.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, "
    "found new finalizers "
)
NOW = datetime(1970, 1, 1, 0, 16, 40, tzinfo=UTC)
LATER = datetime(1970, 1, 1, 0, 33, 20, tzinfo=UTC)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ({}, {}, []),
        (
            {},
            {"deletionTimestamp": NOW},
            ['field.deletionTimestamp: Invalid value: "1970-01-01T00:16:40Z": field is immutable'],
        ),
        (
            {"deletionTimestamp": NOW},
            {},
            ["field.deletionTimestamp: Invalid value: null: field is immutable"],
        ),
        (
            {"deletionTimestamp": NOW},
            {"deletionTimestamp": LATER},
            ['field.deletionTimestamp: Invalid value: "1970-01-01T00:33:20Z": field is immutable'],
        ),
        (
            {},
            {"deletionGracePeriodSeconds": 30},
            ["field.deletionGracePeriodSeconds: Invalid value: 30: field is immutable"],
        ),
        (
            {"deletionGracePeriodSeconds": 30},
            {},
            ["field.deletionGracePeriodSeconds: Invalid value: null: field is immutable"],
        ),
        (
            {"generation": 5},
            {"generation": 4},
            ["field.generation: Invalid value: 4: must not be decremented"],
        ),
        ({"generation": 1}, {"generation": 2}, []),
        ({}, {"name": "other"}, ['field.name: Invalid value: "other": field is immutable']),
        (
            {},
            {"namespace": "other"},
            ['field.namespace: Invalid value: "other": field is immutable'],
        ),
        ({"uid": "a"}, {"uid": "b"}, ['field.uid: Invalid value: "b": field is immutable']),
        ({"uid": "a"}, {}, ['field.uid: Invalid value: "": field is immutable']),
        (
            {},
            {"creationTimestamp": NOW},
            ['field.creationTimestamp: Invalid value: "1970-01-01T00:16:40Z": field is immutable'],
        ),
        (
            {},
            {"resourceVersion": None},
            ['field.resourceVersion: Invalid value: "": must be specified for an update'],
        ),
    ],
    ids=[
        "unchanged",
        "set-deletion",
        "clear-deletion",
        "change-deletion",
        "set-grace",
        "clear-grace",
        "generation-decremented",
        "generation-incremented",
        "name",
        "namespace",
        "uid",
        "uid-cleared",
        "creation-timestamp",
        "no-resource-version",
    ],
)
def test_validate_object_meta_update(
    old: dict[str, Any], new: dict[str, Any], expected: list[str]
) -> None:
    """Update rules with the messages of upstream ``objectmeta_test.go``."""
    base = {"name": "test", "namespace": "ns", "resourceVersion": "1"}
    errs = validate_object_meta_update(
        ObjectMeta.from_dict({**base, **new}), ObjectMeta.from_dict({**base, **old}), Path("field")
    )
    assert _strings(errs) == expected


@pytest.mark.parametrize(
    ("old", "new", "deleting", "expected"),
    [
        (
            ["x/a"],
            ["x/a", "y/b"],
            True,
            [NO_NEW_FINALIZERS + '[]string{"y/b"}'],
        ),
        (
            ["x/a"],
            ["x/b", "w/c"],
            True,
            [NO_NEW_FINALIZERS + '[]string{"w/c", "x/b"}'],
        ),
        (["x/a", "y/b"], ["x/a"], True, []),
        (["x/a"], ["x/a", "y/b"], False, []),
    ],
    ids=[
        "add-while-deleting",
        "change-while-deleting",
        "remove-while-deleting",
        "add-not-deleting",
    ],
)
def test_no_new_finalizers_while_deleting(
    old: list[str], new: list[str], deleting: bool, expected: list[str]
) -> None:
    """Once deleting, finalizers may only be removed; the new ones are listed sorted, ``%#v``."""
    extra = {"deletionTimestamp": NOW} if deleting else {}
    base = {"name": "test", "resourceVersion": "1", **extra}
    errs = validate_object_meta_update(
        ObjectMeta.from_dict({**base, "finalizers": new}),
        ObjectMeta.from_dict({**base, "finalizers": old}),
        Path("field"),
    )
    assert _strings(errs) == expected


def test_update_revalidates_labels_annotations_and_owners() -> None:
    """The new object's labels, annotations and owner references are validated on update."""
    old = _meta(resourceVersion="1")
    new = _meta(
        resourceVersion="1",
        labels={"app": "-"},
        annotations={"bad key": ""},
        ownerReferences=[{"apiVersion": "v1", "kind": "Pod", "name": "", "uid": "u"}],
    )
    assert _strings(validate_object_meta_update(new, old)) == [
        f'metadata.labels: Invalid value: "-": {LABEL_VALUE_MSG}',
        f'metadata.annotations: Invalid value: "bad key": {NAME_PART_MSG}',
        "metadata.ownerReferences[0].name: Required value: must not be empty",
    ]
