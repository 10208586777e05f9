"""We test these aspects:

- the field-selector grammar: ``=``, ``==``, ``!=``, comma AND, sorted terms, backslash
  escapes, and the canonical ``String()`` form;
- every parse error message (``invalid selector: ...``, ``invalid field selector: ...``);
- matching: a missing field reads as ``""``; ``!=`` matches it;
- which field labels each resource accepts, with upstream's rejection messages, and the
  legacy ``spec.host`` -> ``spec.nodeName`` conversion;
- the selectable fields of Jobs, Pods, Events and Namespaces read from their JSON dicts;
- ``object_matcher`` gives the same answers as ``selectable_fields`` + ``matches``;
- properties: ``escape_value``/``unescape_value`` round-trip, and ``parse(str(sel))``.

Upstream: k8s.io/apimachinery pkg/fields/selector.go (ParseSelector, splitTerms, splitTerm,
EscapeValue, UnescapeValue, hasTerm/notHasTerm/andTerm), pkg/runtime/conversion.go
(DefaultMetaV1FieldSelectorConversion); kubernetes pkg/apis/batch/v1/conversion.go,
pkg/apis/core/v1/conversion.go, pkg/registry/batch/job/strategy.go (JobToSelectableFields),
pkg/registry/core/pod/strategy.go (ToSelectableFields), pkg/registry/core/event/strategy.go,
pkg/registry/core/namespace/strategy.go.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsim import fields
from jobsim.fields import FieldRequirement, FieldSelector, FieldSelectorError

# --- grammar -------------------------------------------------------------------------------

VALID = [
    ("", ""),
    ("metadata.name=pi", "metadata.name=pi"),
    ("metadata.name==pi", "metadata.name=pi"),
    ("status.phase!=Running", "status.phase!=Running"),
    ("b=2,a=1", "a=1,b=2"),
    ("a=1,,b=2", "a=1,b=2"),
    (",", ""),
    ("=", ""),
    ("a=", "a="),
    ("=b", "=b"),
    ("a=b\\,c", "a=b\\,c"),
    ("a=b\\=c\\\\d", "a=b\\=c\\\\d"),
    ("a=!b", "a=!b"),
    ("x y=1", "x y=1"),
]


@pytest.mark.parametrize(("text", "canonical"), VALID, ids=[repr(t) for t, _ in VALID])
def test_parse_valid_selector_renders_upstream_string(text: str, canonical: str) -> None:
    """A valid field selector parses and renders as upstream's ``String()``."""
    selector = fields.parse(text)
    assert str(selector) == canonical
    assert fields.parse(canonical) == selector


def test_double_equals_is_equality_and_terms_keep_sorted_order() -> None:
    """'==' parses as '=' (hasTerm); terms come in the order of their sorted text."""
    selector = fields.parse("z!=1,a==2")
    assert selector.requirements == (
        FieldRequirement("a", "=", "2"),
        FieldRequirement("z", "!=", "1"),
    )


def test_escaped_value_is_unescaped() -> None:
    """An escaped comma or equals sign is data, not a separator (splitTerms, UnescapeValue)."""
    (term,) = fields.parse("metadata.name=a\\,b\\=c").requirements
    assert term.value == "a,b=c"


ERRORS = [
    ("abc", "invalid selector: 'abc'; can't understand 'abc'"),
    ("a=1,b", "invalid selector: 'a=1,b'; can't understand 'b'"),
    ("a=b=c", "invalid field selector: unescaped character in value: 61"),
    ("a!==b", "invalid field selector: unescaped character in value: 61"),
    ("a=b\\,c,d=e,f", "invalid selector: 'a=b\\,c,d=e,f'; can't understand 'f'"),
    ("a=b\\x", "invalid field selector: invalid escape sequence: \\x"),
    ("a=b\\", "invalid field selector: invalid escape sequence: \\"),
    # The whole selector is split on unescaped commas first, so "\\," ends a term.
    ("a=b\\\\,c", "invalid selector: 'a=b\\\\,c'; can't understand 'c'"),
]


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[repr(t) for t, _ in ERRORS])
def test_parse_error_message_is_upstreams(text: str, message: str) -> None:
    """An invalid field selector raises FieldSelectorError with upstream's exact text."""
    with pytest.raises(FieldSelectorError) as caught:
        fields.parse(text)
    assert str(caught.value) == message


def test_field_selector_error_is_a_value_error() -> None:
    """FieldSelectorError is a ValueError, so the HTTP layer can catch either."""
    assert issubclass(FieldSelectorError, ValueError)


# --- matching ------------------------------------------------------------------------------

MATCHES = [
    ("", {}, True),
    ("a=1", {"a": "1"}, True),
    ("a=1", {"a": "2"}, False),
    ("a=1", {}, False),
    ("a=", {}, True),
    ("a!=1", {}, True),
    ("a!=1", {"a": "1"}, False),
    ("a!=", {}, False),
    ("a=1,b!=2", {"a": "1", "b": "3"}, True),
    ("a=1,b!=2", {"a": "1", "b": "2"}, False),
]


@pytest.mark.parametrize(
    ("text", "field_set", "expected"), MATCHES, ids=[f"{t!r} {f}" for t, f, _ in MATCHES]
)
def test_matches_reads_missing_fields_as_empty(
    text: str, field_set: dict[str, str], expected: bool
) -> None:
    """hasTerm/notHasTerm compare with fields.Set.Get, which is '' for a missing field."""
    assert fields.parse(text).matches(field_set) is expected


def test_requires_exact_match_and_one_term_selector() -> None:
    """RequiresExactMatch finds an '=' term; OneTermEqualSelector builds 'field=value'."""
    selector = fields.parse("metadata.name=pi,metadata.namespace!=x")
    assert selector.requires_exact_match("metadata.name") == "pi"
    assert selector.requires_exact_match("metadata.namespace") is None
    assert fields.one_term_equal_selector("metadata.name", "a,b") == fields.parse(
        "metadata.name=a\\,b"
    )
    assert fields.everything().empty()
    assert not selector.empty()


# --- field labels per resource -------------------------------------------------------------

ACCEPTED = [
    ("jobs", "metadata.name"),
    ("jobs", "metadata.namespace"),
    ("jobs", "status.successful"),
    *[
        ("pods", f)
        for f in (
            "metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy",
            "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName",
        )
    ],
    *[
        ("events", f)
        for f in (
            "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
            "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
            "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type",
            "metadata.namespace", "metadata.name",
        )
    ],
    ("namespaces", "metadata.name"),
    ("namespaces", "status.phase"),
    ("widgets", "metadata.name"),
    ("widgets", "metadata.namespace"),
]  # fmt: skip


@pytest.mark.parametrize(("resource", "field"), ACCEPTED, ids=[f"{r}:{f}" for r, f in ACCEPTED])
def test_validate_for_accepts_upstream_field_labels(resource: str, field: str) -> None:
    """Each resource accepts exactly its AddFieldLabelConversionFunc labels."""
    selector = fields.parse(f"{field}=x")
    fields.validate_for(resource, selector)
    assert fields.convert_field_labels(resource, selector) == selector


REJECTED = [
    # pkg/apis/batch/v1/conversion.go
    ("jobs", "status.succeeded", 'field label "status.succeeded" not supported for batchv1.Job'),
    ("jobs", "spec.x\ty", 'field label "spec.x\\ty" not supported for batchv1.Job'),
    # pkg/apis/core/v1/conversion.go
    ("pods", "spec.containers", "field label not supported: spec.containers"),
    ("pods", "", "field label not supported: "),
    ("events", "message", "field label not supported: message"),
    ("namespaces", "metadata.namespace", "field label not supported: metadata.namespace"),
    ("namespaces", "name", "field label not supported: name"),
    # k8s.io/apimachinery pkg/runtime/conversion.go DefaultMetaV1FieldSelectorConversion
    ("widgets", "spec.size",
     '"spec.size" is not a known field selector: only "metadata.name", "metadata.namespace"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("resource", "field", "message"), REJECTED, ids=[f"{r}:{f}" for r, f, _ in REJECTED]
)
def test_validate_for_rejects_with_upstream_message(
    resource: str, field: str, message: str
) -> None:
    """An unsupported field label raises FieldSelectorError with upstream's message."""
    with pytest.raises(FieldSelectorError) as caught:
        fields.validate_for(resource, FieldSelector((FieldRequirement(field, "=", "v"),)))
    assert str(caught.value) == message


def test_first_rejected_term_in_sorted_order_is_reported() -> None:
    """andTerm.Transform stops at the first failing term, in sorted-term order."""
    with pytest.raises(FieldSelectorError) as caught:
        fields.validate_for("pods", fields.parse("zz=1,metadata.name=a,bb=2"))
    assert str(caught.value) == "field label not supported: bb"


def test_legacy_spec_host_converts_to_node_name() -> None:
    """Pods accept 'spec.host' from old v1 clients and match it as 'spec.nodeName'."""
    converted = fields.convert_field_labels("pods", fields.parse("spec.host=n1"))
    assert converted == fields.parse("spec.nodeName=n1")


# --- selectable fields ---------------------------------------------------------------------

JOB: dict[str, Any] = {
    "metadata": {"name": "pi", "namespace": "default"},
    "status": {"succeeded": 3},
}
POD: dict[str, Any] = {
    "metadata": {"name": "pi-abc", "namespace": "default", "labels": {"a": "b"}},
    "spec": {
        "nodeName": "node-1",
        "restartPolicy": "Never",
        "schedulerName": "default-scheduler",
        "serviceAccountName": "default",
        "hostNetwork": True,
    },
    "status": {"phase": "Running", "podIPs": [{"ip": "10.0.0.7"}], "nominatedNodeName": ""},
}
EVENT: dict[str, Any] = {
    "metadata": {"name": "pi.1", "namespace": "default"},
    "involvedObject": {
        "kind": "Job",
        "namespace": "default",
        "name": "pi",
        "uid": "u-1",
        "apiVersion": "batch/v1",
        "resourceVersion": "12",
    },
    "reason": "SuccessfulCreate",
    "reportingComponent": "job-controller",
    "type": "Normal",
}


def test_job_selectable_fields() -> None:
    """JobToSelectableFields: name, namespace and status.successful = Itoa(succeeded)."""
    assert fields.selectable_fields("jobs", JOB) == {
        "metadata.name": "pi",
        "metadata.namespace": "default",
        "status.successful": "3",
    }
    assert fields.selectable_fields("jobs", {"metadata": {"name": "x"}})["status.successful"] == "0"


def test_pod_selectable_fields() -> None:
    """Pod ToSelectableFields, with spec.hostNetwork as 'true'/'false' and podIPs[0] as podIP."""
    assert fields.selectable_fields("pods", POD) == {
        "metadata.name": "pi-abc",
        "metadata.namespace": "default",
        "spec.nodeName": "node-1",
        "spec.restartPolicy": "Never",
        "spec.schedulerName": "default-scheduler",
        "spec.serviceAccountName": "default",
        "spec.hostNetwork": "true",
        "status.phase": "Running",
        "status.podIP": "10.0.0.7",
        "status.nominatedNodeName": "",
    }


def test_pod_selectable_fields_defaults_and_pod_ip_precedence() -> None:
    """Missing fields read as ''; hostNetwork defaults to 'false'; status.podIP wins."""
    bare = fields.selectable_fields("pods", {"metadata": {"name": "p"}})
    assert bare["spec.hostNetwork"] == "false"
    assert bare["status.podIP"] == ""
    assert bare["spec.nodeName"] == ""
    both = {"status": {"podIP": "1.1.1.1", "podIPs": [{"ip": "2.2.2.2"}]}}
    assert fields.selectable_fields("pods", both)["status.podIP"] == "1.1.1.1"


def test_event_selectable_fields() -> None:
    """Event ToSelectableFields: 'source' falls back to reportingController (reportingComponent)."""
    selected = fields.selectable_fields("events", EVENT)
    assert selected["involvedObject.kind"] == "Job"
    assert selected["involvedObject.fieldPath"] == ""
    assert selected["reason"] == "SuccessfulCreate"
    assert selected["source"] == "job-controller"
    assert selected["reportingComponent"] == "job-controller"
    assert selected["type"] == "Normal"
    with_source = {**EVENT, "source": {"component": "kubelet"}}
    assert fields.selectable_fields("events", with_source)["source"] == "kubelet"


def test_namespace_and_unknown_resource_selectable_fields() -> None:
    """Namespaces have name, status.phase and the legacy 'name'; others name and namespace."""
    ns = {"metadata": {"name": "default"}, "status": {"phase": "Active"}}
    assert fields.selectable_fields("namespaces", ns) == {
        "metadata.name": "default",
        "status.phase": "Active",
        "name": "default",
    }
    assert fields.selectable_fields("widgets", JOB) == {
        "metadata.name": "pi",
        "metadata.namespace": "default",
    }


MATCHER_CASES = [
    ("jobs", "status.successful=3", JOB),
    ("jobs", "status.successful=0", JOB),
    ("pods", "spec.nodeName=node-1,status.phase!=Failed", POD),
    ("pods", "status.podIPs=", POD),
    ("pods", "spec.hostNetwork=false", POD),
    ("events", "involvedObject.name=pi,type=Normal", EVENT),
    ("events", "source=kubelet", EVENT),
    ("pods", "", POD),
]


@pytest.mark.parametrize(
    ("resource", "text", "obj"), MATCHER_CASES, ids=[f"{r}:{t}" for r, t, _ in MATCHER_CASES]
)
def test_object_matcher_agrees_with_selectable_fields(
    resource: str, text: str, obj: dict[str, Any]
) -> None:
    """object_matcher reads only the named fields but answers like matches(selectable_fields)."""
    selector = fields.convert_field_labels(resource, fields.parse(text))
    expected = selector.matches(fields.selectable_fields(resource, obj))
    assert fields.object_matcher(resource, selector)(obj) is expected


def test_object_matcher_answers() -> None:
    """object_matcher selects the object it should and rejects the one it should not."""
    assert fields.object_matcher("jobs", fields.parse("status.successful=3"))(JOB)
    assert not fields.object_matcher("jobs", fields.parse("status.successful=0"))(JOB)
    # status.podIPs is accepted by conversion but not selectable, so it reads as "".
    assert fields.object_matcher("pods", fields.parse("status.podIPs="))(POD)


# --- properties ----------------------------------------------------------------------------

texts = st.text(alphabet="ab,=\\!. ", max_size=12)


@settings(max_examples=300)
@given(texts)
def test_escape_round_trips(value: str) -> None:
    """UnescapeValue(EscapeValue(v)) == v, and the escaped value parses back as one term."""
    assert fields.unescape_value(fields.escape_value(value)) == value
    (term,) = fields.parse(f"f={fields.escape_value(value)}").requirements
    assert term == FieldRequirement("f", "=", value)


@settings(max_examples=500)
@given(texts)
def test_any_accepted_string_is_stable(text: str) -> None:
    """For arbitrary input, parse either raises FieldSelectorError or round-trips."""
    try:
        selector = fields.parse(text)
    except FieldSelectorError:
        return
    assert fields.parse(str(selector)) == selector
