"""We test these aspects: decode errors read as the apiserver's JSON decoder words them.

* the Go ``UnmarshalTypeError`` text (``encoding/json`` ``decode.go``: ``json: cannot
  unmarshal <value> into Go struct field <Struct>.<path> of type <type>``), with the
  struct field path only (no list index, no map key), the element type for a list or
  map element, ``number <literal>`` for a number that does not fit an integer field,
  and Go's widths (``int32``/``int64``) and named types (``v1.RestartPolicy``);
* only the first type error in document order (``saveError`` keeps the first);
* otherwise every unknown field, in document order, with list indices, after one
  ``strict decoding error: `` (apimachinery ``runtime.strictDecodingError``,
  ``sigs.k8s.io/json`` strict field paths);
* Go's float formatting (``strconv.FormatFloat(f, 'g'...)`` as ``encoding/json`` uses it).
"""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from jobsim.api.batch_v1 import Job
from jobsim.decode_errors import describe_validation_error, go_float


def job(spec: dict[str, Any] | None = None, **template_spec: Any) -> dict[str, Any]:
    """A Job document with extra spec and pod template spec fields."""
    pod_spec = {"restartPolicy": "Never", "containers": [{"name": "a", "image": "b"}]}
    pod_spec.update(template_spec)
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "x"},
        "spec": {**(spec or {}), "template": {"spec": pod_spec}},
    }


def describe(data: dict[str, Any]) -> tuple[str, list[str | int]]:
    """Validate a Job document and describe its errors."""
    with pytest.raises(ValidationError) as info:
        Job.model_validate(data)
    return describe_validation_error(info.value, Job, data)


TYPE_ERRORS = [
    (
        job({"parallelism": "2"}),
        "json: cannot unmarshal string into Go struct field JobSpec.spec.parallelism of type int32",
        "string into int32",
    ),
    (
        job({"parallelism": True}),
        "json: cannot unmarshal bool into Go struct field JobSpec.spec.parallelism of type int32",
        "bool into int32",
    ),
    (
        job({"parallelism": 99999999999}),
        "json: cannot unmarshal number 99999999999 into Go struct field JobSpec.spec.parallelism"
        " of type int32",
        "int32 overflow shows the literal",
    ),
    (
        job({"parallelism": 1.5}),
        "json: cannot unmarshal number 1.5 into Go struct field JobSpec.spec.parallelism"
        " of type int32",
        "float into int32 shows the literal",
    ),
    (
        job({"activeDeadlineSeconds": 2**64}),
        "json: cannot unmarshal number 18446744073709551616 into Go struct field"
        " JobSpec.spec.activeDeadlineSeconds of type int64",
        "int64 overflow",
    ),
    (
        job({"activeDeadlineSeconds": "10"}),
        "json: cannot unmarshal string into Go struct field JobSpec.spec.activeDeadlineSeconds"
        " of type int64",
        "string into int64",
    ),
    (
        job(containers={}),
        "json: cannot unmarshal object into Go struct field PodSpec.spec.template.spec.containers"
        " of type []v1.Container",
        "object into a list",
    ),
    (
        job(containers=[{"name": "a", "image": "b", "command": ["sleep", 10]}]),
        "json: cannot unmarshal number into Go struct field"
        " Container.spec.template.spec.containers.command of type string",
        "list element: no index, element type",
    ),
    (
        job(containers=[{"name": "a", "image": "b", "ports": "80"}]),
        "json: cannot unmarshal string into Go struct field"
        " Container.spec.template.spec.containers.ports of type []v1.ContainerPort",
        "string into a list of structs",
    ),
    (
        job(restartPolicy=1),
        "json: cannot unmarshal number into Go struct field"
        " PodSpec.spec.template.spec.restartPolicy of type v1.RestartPolicy",
        "named string type",
    ),
    (
        job({"selector": "app=x"}),
        "json: cannot unmarshal string into Go struct field JobSpec.spec.selector"
        " of type v1.LabelSelector",
        "string into a struct",
    ),
    (
        {**job(), "metadata": {"name": "x", "labels": {"a": 1}}},
        "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels"
        " of type string",
        "map value: no key, value type",
    ),
]


@pytest.mark.parametrize(
    ("data", "message"), [t[:2] for t in TYPE_ERRORS], ids=[t[2] for t in TYPE_ERRORS]
)
def test_type_errors_read_as_go_unmarshal_type_errors(data: dict[str, Any], message: str) -> None:
    """A wrong type reads as Go's UnmarshalTypeError (Go encoding/json decode.go)."""
    assert describe(data)[0] == message


def test_only_the_first_type_error_in_document_order_is_reported() -> None:
    """Go keeps the first type error; unknown fields are not reported alongside it."""
    data = job({"completions": "x", "paralelism": 1, "parallelism": "y"})
    message, path = describe(data)
    assert message == (
        "json: cannot unmarshal string into Go struct field JobSpec.spec.completions of type int32"
    )
    assert path == ["spec", "completions"]


def test_unknown_fields_are_listed_in_document_order_after_one_prefix() -> None:
    """Every unknown field, in document order, joined with ", " (runtime.strictDecodingError)."""
    data = job({"paralelism": 1}, containers=[{"name": "a", "image": "b", "imagee": "c"}])
    data["metadata"]["nmae"] = "y"
    message, path = describe(data)
    assert message == (
        'strict decoding error: unknown field "metadata.nmae", unknown field "spec.paralelism",'
        ' unknown field "spec.template.spec.containers[0].imagee"'
    )
    assert path == ["metadata", "nmae"]


FLOATS = [
    (1.5, "1.5"),
    (0.1, "0.1"),
    (100.0, "100"),
    (1e20, "100000000000000000000"),
    (1e21, "1e+21"),
    (1.5e300, "1.5e+300"),
    (1e-6, "0.000001"),
    (1e-7, "1e-7"),
    (-2.5e-9, "-2.5e-9"),
    (0.0, "0"),
]


@pytest.mark.parametrize(("value", "text"), FLOATS, ids=[t for _, t in FLOATS])
def test_go_float_formats_as_go_encoding_json(value: float, text: str) -> None:
    """Floats print as Go's json.Marshal writes them (positional below 1e21, else 'e')."""
    assert go_float(value) == text
