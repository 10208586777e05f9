"""We test these aspects:

- dispatch on ``Content-Type``: the three accepted media types (``; charset`` cut off), 415 with
  the apiserver's message for anything else, server-side apply included (not implemented), and
  for strategic merge patch on a kind without a schema;
- JSON patch (RFC 6902): every operation, and the apiserver's codes: decoding failures are 400
  with Go's decoder text, more than 10000 operations 413, every apply failure (failed ``test``,
  missing path, unknown op) 422 with the generic message;
- JSON merge patch: all RFC 7386 appendix examples, evanphx v4's null pruning, the server-side
  rules (object bodies only, ``null`` body rejected), arrays replaced whole;
- strategic merge patch on Jobs and Pods: what kubectl sends (``suspend``, ``parallelism``),
  containers / env / ports / conditions merged by key with upstream's ordering, atomic lists,
  ``null`` deleting, ``$patch`` replace / delete / merge, ``$deleteFromPrimitiveList``,
  ``$setElementOrder``, ``$retainKeys``, values without a live counterpart, and the error codes
  and texts of ``interpretStrategicMergePatchError``;
- the schema table: merge keys and strategies per path, a Job template reusing the Pod spec;
- Go renderings used in messages (``encoding/json`` syntax errors, ``%v``);
- properties: ``merge_patch(a, create_merge_patch(a, b)) == b``; on list-free documents strategic
  merge patch and merge patch agree; inputs are never modified.

Upstream: ``k8s.io/apiserver/pkg/endpoints/handlers/patch.go`` (dispatch, decoding, codes),
``.../handlers/negotiation/errors.go`` (415 text), ``k8s.io/apimachinery/pkg/util/strategicpatch/
patch.go`` and ``pkg/util/mergepatch/errors.go`` (v0.36), ``gopkg.in/evanphx/json-patch.v4``
``merge.go``, RFC 7386 Appendix A, struct tags in ``k8s.io/api/{core,batch}/v1/types.go``.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobsim.patching import (
    GENERIC_INVALID_MESSAGE,
    JSON_PATCH,
    MERGE_PATCH,
    STRATEGIC_MERGE_PATCH,
    PatchError,
    apply_patch,
    create_merge_patch,
    merge_patch,
    patch_media_type,
    strategic_merge_patch,
    strategic_schema,
    supported_patch_types,
)
from jobsim.patching._gojson import go_syntax_error, go_value
from jobsim.patching.merge_patch import json_equal

SMP = STRATEGIC_MERGE_PATCH


def make_job() -> dict[str, Any]:
    """A Job document as ``K8sModel.to_dict()`` renders it."""
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {
            "name": "pi",
            "namespace": "default",
            "labels": {"app": "pi", "tier": "batch"},
            "finalizers": ["a", "b"],
            "ownerReferences": [
                {"apiVersion": "v1", "kind": "X", "name": "o1", "uid": "u1"},
                {"apiVersion": "v1", "kind": "X", "name": "o2", "uid": "u2"},
            ],
        },
        "spec": {
            "parallelism": 2,
            "completions": 4,
            "template": {
                "spec": {
                    "containers": [
                        {
                            "name": "main",
                            "image": "perl:5",
                            "args": ["-e", "print"],
                            "env": [{"name": "A", "value": "1"}, {"name": "B", "value": "2"}],
                        },
                        {"name": "sidecar", "image": "busybox"},
                    ],
                    "tolerations": [{"key": "k1", "operator": "Exists"}],
                    "restartPolicy": "Never",
                }
            },
        },
        "status": {
            "active": 2,
            "conditions": [
                {"type": "Suspended", "status": "False", "reason": "JobResumed"},
            ],
        },
    }


def make_pod() -> dict[str, Any]:
    """A Pod document as ``K8sModel.to_dict()`` renders it."""
    return {
        "apiVersion": "v1",
        "kind": "Pod",
        "metadata": {"name": "pi-abcde", "labels": {"job-name": "pi"}},
        "spec": {
            "containers": [
                {
                    "name": "main",
                    "image": "perl:5",
                    "ports": [{"containerPort": 80, "protocol": "TCP"}],
                    "volumeMounts": [{"name": "v", "mountPath": "/data"}],
                }
            ],
            "volumes": [{"name": "v", "emptyDir": {}}],
        },
        "status": {
            "phase": "Running",
            "conditions": [
                {"type": "Ready", "status": "False"},
                {"type": "PodScheduled", "status": "True"},
            ],
            "containerStatuses": [{"name": "main", "ready": False, "restartCount": 0}],
        },
    }


def raises_patch_error(
    original: dict[str, Any], body: Any, content_type: str, kind: str = "Job"
) -> PatchError:
    """Apply a patch that must fail and return the error."""
    with pytest.raises(PatchError) as info:
        apply_patch(original, body, content_type, kind=kind)
    return info.value


def containers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The pod template's containers of a Job document."""
    result: list[dict[str, Any]] = doc["spec"]["template"]["spec"]["containers"]
    return result


# --- dispatch -----------------------------------------------------------------------------

UNSUPPORTED_MESSAGE = (
    "the body of the request was in an unknown format - accepted media types include: "
    "application/json-patch+json, application/merge-patch+json, "
    "application/strategic-merge-patch+json"
)


@pytest.mark.parametrize(
    ("content_type", "media_type"),
    [
        ("application/merge-patch+json", "application/merge-patch+json"),
        ("application/merge-patch+json; charset=utf-8", "application/merge-patch+json"),
        ("application/json-patch+json;charset=UTF-8", "application/json-patch+json"),
        (";application/json", ";application/json"),
        ("", ""),
    ],
    ids=["plain", "charset", "charset-no-space", "leading-semicolon-kept", "empty"],
)
def test_media_type_is_cut_at_first_semicolon(content_type: str, media_type: str) -> None:
    """The handler cuts ``Content-Type`` at the first ``;`` unless it is the first character."""
    assert patch_media_type(content_type) == media_type


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/apply-patch+yaml",
        "application/apply-patch+cbor",
        "Application/Merge-Patch+JSON",
        "",
        "application/merge-patch+json ; charset=utf-8",
    ],
    ids=["json", "server-side-apply", "apply-cbor", "case-differs", "empty", "space-before-;"],
)
def test_unsupported_media_type_is_415(content_type: str) -> None:
    """Any other media type is 415 UnsupportedMediaType naming the accepted types (negotiation)."""
    error = raises_patch_error(make_job(), "{}", content_type)
    assert (error.code, error.reason, error.message) == (
        415,
        "UnsupportedMediaType",
        UNSUPPORTED_MESSAGE,
    )


def test_strategic_patch_on_kind_without_schema_is_415() -> None:
    """Kinds without a strategic schema accept only JSON and merge patch, like custom resources."""
    error = raises_patch_error({"kind": "Widget"}, "{}", SMP, kind="Widget")
    assert error.code == 415
    assert error.message == (
        "the body of the request was in an unknown format - accepted media types include: "
        "application/json-patch+json, application/merge-patch+json"
    )
    assert supported_patch_types("Pod") == (JSON_PATCH, MERGE_PATCH, SMP)


@pytest.mark.parametrize(
    "body",
    [b'{"spec":{"parallelism":5}}', '{"spec":{"parallelism":5}}', {"spec": {"parallelism": 5}}],
    ids=["bytes", "str", "decoded"],
)
def test_body_may_be_bytes_text_or_decoded(body: Any) -> None:
    """Raw bodies are decoded as JSON; already-decoded values (scenario files) are used as is."""
    result = apply_patch(
        make_job(), body, "application/merge-patch+json; charset=utf-8", kind="Job"
    )
    assert result["spec"]["parallelism"] == 5


# --- JSON patch (RFC 6902) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("op", "path", "expected"),
    [
        ({"op": "add", "path": "/spec/suspend", "value": True}, ("spec", "suspend"), True),
        ({"op": "add", "path": "/metadata/finalizers/-", "value": "c"}, ("metadata", "finalizers"),
         ["a", "b", "c"]),
        ({"op": "remove", "path": "/metadata/labels/tier"}, ("metadata", "labels"), {"app": "pi"}),
        ({"op": "replace", "path": "/spec/parallelism", "value": 7}, ("spec", "parallelism"), 7),
        ({"op": "move", "from": "/spec/completions", "path": "/spec/parallelism"}, ("spec",),
         {"parallelism": 4, "template": make_job()["spec"]["template"]}),
        ({"op": "copy", "from": "/metadata/labels/app", "path": "/metadata/labels/copy"},
         ("metadata", "labels"), {"app": "pi", "tier": "batch", "copy": "pi"}),
        ({"op": "test", "path": "/spec/parallelism", "value": 2}, ("spec", "parallelism"), 2),
    ],
    ids=["add", "add-append", "remove", "replace", "move", "copy", "test"],
)  # fmt: skip
def test_json_patch_operations(op: dict[str, Any], path: tuple[str, ...], expected: Any) -> None:
    """Each RFC 6902 operation changes exactly what it names."""
    result = apply_patch(make_job(), json.dumps([op]), JSON_PATCH, kind="Job")
    value: Any = result
    for part in path:
        value = value[part]
    assert value == expected


@pytest.mark.parametrize(
    "ops",
    [
        [{"op": "test", "path": "/spec/parallelism", "value": 3}],
        [{"op": "test", "path": "/spec/suspend", "value": True}],
        [{"op": "remove", "path": "/spec/foo"}],
        [{"op": "replace", "path": "/spec/foo", "value": 1}],
        [{"op": "add", "path": "/spec/foo/bar", "value": 1}],
        [{"op": "move", "from": "/spec/nope", "path": "/spec/x"}],
        [{"op": "frobnicate", "path": "/spec"}],
        [{"path": "/spec"}],
        [{"op": "replace", "path": "/spec/parallelism", "value": 9},
         {"op": "test", "path": "/spec/parallelism", "value": 2}],
    ],
    ids=["test-fails", "test-missing-path", "remove-missing", "replace-missing", "add-no-parent",
         "move-missing-from", "unknown-op", "no-op", "second-op-fails"],
)  # fmt: skip
def test_json_patch_apply_failure_is_generic_422(ops: list[dict[str, Any]]) -> None:
    """Apply failures become NewGenericServerResponse(422): reason Invalid, detail dropped."""
    original = make_job()
    error = raises_patch_error(original, json.dumps(ops), JSON_PATCH)
    assert (error.code, error.reason, error.message) == (422, "Invalid", GENERIC_INVALID_MESSAGE)
    assert error.message == "the server rejected our request due to an error in our request"
    assert error.detail  # the library's explanation is kept for debugging
    assert original == make_job()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"op":"add"}', "error decoding patch: json: cannot unmarshal object into Go value of "
         "type []handlers.jsonPatchOp"),
        ('["add"]', "error decoding patch: json: cannot unmarshal string into Go value of type "
         "handlers.jsonPatchOp"),
        ('[{"op":1,"path":"/a"}]', "error decoding patch: json: cannot unmarshal number into Go "
         "struct field jsonPatchOp.op of type string"),
        ('[{"op":"add",', "error decoding patch: unexpected end of JSON input"),
        ("", "error decoding patch: unexpected end of JSON input"),
        ("[{'op':'add'}]", "error decoding patch: invalid character '\\'' looking for beginning "
         "of object key string"),
    ],
    ids=["object", "string-op", "number-field", "truncated", "empty", "single-quotes"],
)  # fmt: skip
def test_json_patch_decode_failure_is_400(body: str, message: str) -> None:
    """A body that does not decode as []jsonPatchOp is 400 with the Go decoder's text."""
    error = raises_patch_error(make_job(), body, JSON_PATCH)
    assert (error.code, error.reason, error.message) == (400, "BadRequest", message)


def test_json_patch_over_10000_operations_is_413() -> None:
    """More than maxJSONPatchOperations operations is 413 RequestEntityTooLarge."""
    ops = [{"op": "test", "path": "/kind", "value": "Job"}] * 10001
    error = raises_patch_error(make_job(), ops, JSON_PATCH)
    assert (error.code, error.reason) == (413, "RequestEntityTooLarge")
    assert error.message == (
        "Request entity too large: The allowed maximum operations in a JSON patch is 10000, "
        "got 10001"
    )
    assert apply_patch(make_job(), ops[:10000], JSON_PATCH, kind="Job") == make_job()


def test_json_patch_null_body_changes_nothing() -> None:
    """``null`` decodes to an empty operation list: the object is unchanged."""
    assert apply_patch(make_job(), "null", JSON_PATCH, kind="Job") == make_job()


def test_json_patch_that_replaces_the_root_with_a_scalar_is_422() -> None:
    """A result that is not an object cannot be decoded into the kind: 422 Invalid on ``patch``."""
    error = raises_patch_error(make_job(), '[{"op":"replace","path":"","value":"x"}]', JSON_PATCH)
    assert (error.code, error.reason) == (422, "Invalid")
    assert error.message.startswith(' "" is invalid: patch: Invalid value: ')
    assert error.causes[0]["field"] == "patch"


# --- JSON merge patch (RFC 7386) ------------------------------------------------------------

RFC7386_APPENDIX_A = [
    ({"a": "b"}, {"a": "c"}, {"a": "c"}),
    ({"a": "b"}, {"b": "c"}, {"a": "b", "b": "c"}),
    ({"a": "b"}, {"a": None}, {}),
    ({"a": "b", "b": "c"}, {"a": None}, {"b": "c"}),
    ({"a": ["b"]}, {"a": "c"}, {"a": "c"}),
    ({"a": "c"}, {"a": ["b"]}, {"a": ["b"]}),
    ({"a": {"b": "c"}}, {"a": {"b": "d", "c": None}}, {"a": {"b": "d"}}),
    ({"a": [{"b": "c"}]}, {"a": [1]}, {"a": [1]}),
    (["a", "b"], ["c", "d"], ["c", "d"]),
    ({"a": "b"}, ["c"], ["c"]),
    ({"a": "foo"}, None, None),
    ({"a": "foo"}, "bar", "bar"),
    ({"e": None}, {"a": 1}, {"e": None, "a": 1}),
    ([1, 2], {"a": "b", "c": None}, {"a": "b"}),
    ({}, {"a": {"bb": {"ccc": None}}}, {"a": {"bb": {}}}),
]


@pytest.mark.parametrize(
    ("target", "patch", "expected"), RFC7386_APPENDIX_A, ids=[f"A{i}" for i in range(1, 16)]
)
def test_merge_patch_rfc7386_appendix(target: Any, patch: Any, expected: Any) -> None:
    """Every example of RFC 7386 Appendix A gives the RFC's result."""
    before = copy.deepcopy((target, patch))
    assert json_equal(merge_patch(target, patch), expected)
    assert (target, patch) == before


@pytest.mark.parametrize(
    ("target", "patch", "expected"),
    [
        ({}, {"a": [1, None, {"b": None, "c": 2}]}, {"a": [1, {"c": 2}]}),
        ({"a": "x"}, {"a": {"b": None, "c": [None]}}, {"a": {"c": []}}),
        ({"a": {"k": 1}}, {"a": [None, 1]}, {"a": [None, 1]}),
    ],
    ids=["new-key-prunes-in-arrays", "over-scalar-prunes", "array-over-object-kept"],
)
def test_merge_patch_prunes_nulls_like_evanphx_v4(target: Any, patch: Any, expected: Any) -> None:
    """evanphx v4 ``pruneNulls`` also drops nulls inside arrays of values placed on non-objects."""
    assert merge_patch(target, patch) == expected


def test_merge_patch_replaces_lists_and_deletes_on_null() -> None:
    """Merge patch replaces the containers list whole and ``null`` removes a label."""
    patch = {
        "metadata": {"labels": {"tier": None, "new": "x"}},
        "spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "v2"}]}}},
    }
    result = apply_patch(make_job(), json.dumps(patch), MERGE_PATCH, kind="Job")
    assert result["metadata"]["labels"] == {"app": "pi", "new": "x"}
    assert containers(result) == [{"name": "sidecar", "image": "v2"}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("null", "Invalid JSON Patch"),
        ("[1]", "error decoding patch: json: cannot unmarshal array into Go value of type "
         "map[string]interface {}"),
        ('"x"', "error decoding patch: json: cannot unmarshal string into Go value of type "
         "map[string]interface {}"),
        ('{"a":}', "error decoding patch: invalid character '}' looking for beginning of value"),
    ],
    ids=["null", "array", "string", "syntax"],
)  # fmt: skip
def test_merge_patch_body_must_be_an_object(body: str, message: str) -> None:
    """The server decodes a merge patch into a map; ``null`` is evanphx's ErrBadJSONPatch (400)."""
    error = raises_patch_error(make_job(), body, MERGE_PATCH)
    assert (error.code, error.reason, error.message) == (400, "BadRequest", message)


# --- strategic merge patch ------------------------------------------------------------------


def smp(original: dict[str, Any], patch: Any, kind: str = "Job") -> dict[str, Any]:
    """Apply a strategic merge patch through ``apply_patch``."""
    return apply_patch(original, json.dumps(patch), SMP, kind=kind)


def test_kubectl_patch_suspend_defaults_to_strategic() -> None:
    """``kubectl patch job pi -p '{"spec":{"suspend":true}}'`` sets suspend and keeps the rest."""
    result = smp(make_job(), {"spec": {"suspend": True}})
    expected = make_job()
    expected["spec"]["suspend"] = True
    assert result == expected


def test_scale_like_parallelism_change() -> None:
    """A ``kubectl scale``-like patch of ``spec.parallelism`` changes only that field."""
    result = smp(make_job(), {"spec": {"parallelism": 10}})
    assert result["spec"]["parallelism"] == 10
    assert result["spec"]["template"] == make_job()["spec"]["template"]


def test_container_merged_by_name_others_kept() -> None:
    """Containers merge by ``name``: the patched one changes, the other is kept, order kept."""
    result = smp(
        make_job(),
        {"spec": {"template": {"spec": {"containers": [{"name": "sidecar", "image": "v2"}]}}}},
    )
    assert containers(result) == [containers(make_job())[0], {"name": "sidecar", "image": "v2"}]


def test_new_container_goes_before_live_ones() -> None:
    """A new element is placed before server-only elements (``mergeSortedSlice``)."""
    result = smp(
        make_job(),
        {"spec": {"template": {"spec": {"containers": [{"name": "new", "image": "x"}]}}}},
    )
    assert [c["name"] for c in containers(result)] == ["new", "main", "sidecar"]


def test_env_merged_by_name_and_args_replaced() -> None:
    """Inside a container ``env`` merges by name while ``args`` (untagged) is replaced."""
    patch = {"name": "main", "env": [{"name": "B", "value": "20"}], "args": ["-v"]}
    result = smp(make_job(), {"spec": {"template": {"spec": {"containers": [patch]}}}})
    main = containers(result)[0]
    assert main["env"] == [{"name": "A", "value": "1"}, {"name": "B", "value": "20"}]
    assert main["args"] == ["-v"]


def test_tolerations_are_atomic() -> None:
    """``tolerations`` has no patch strategy upstream: the list is replaced."""
    patch = {"spec": {"template": {"spec": {"tolerations": [{"key": "k2", "operator": "Exists"}]}}}}
    result = smp(make_job(), patch)
    assert result["spec"]["template"]["spec"]["tolerations"] == [
        {"key": "k2", "operator": "Exists"}
    ]


@pytest.mark.parametrize(
    ("conditions", "expected"),
    [
        ([{"type": "Complete", "status": "True"}],
         [{"type": "Complete", "status": "True"},
          {"type": "Suspended", "status": "False", "reason": "JobResumed"}]),
        ([{"type": "Suspended", "status": "True", "reason": "JobSuspended"}],
         [{"type": "Suspended", "status": "True", "reason": "JobSuspended"}]),
    ],
    ids=["add-by-type", "same-type-merged"],
)  # fmt: skip
def test_job_conditions_merge_by_type(
    conditions: list[dict[str, Any]], expected: list[dict[str, Any]]
) -> None:
    """JobStatus.conditions is ``patchStrategy:"merge" patchMergeKey:"type"``."""
    assert (
        smp(make_job(), {"status": {"conditions": conditions}})["status"]["conditions"] == expected
    )


def test_pod_status_conditions_merge_and_container_statuses_replace() -> None:
    """Pod ``status.conditions`` merge by type; ``containerStatuses`` is atomic."""
    patch = {
        "status": {
            "conditions": [{"type": "Ready", "status": "True"}],
            "containerStatuses": [{"name": "main", "ready": True}],
        }
    }
    result = smp(make_pod(), patch, kind="Pod")
    assert result["status"]["conditions"] == [
        {"type": "Ready", "status": "True"},
        {"type": "PodScheduled", "status": "True"},
    ]
    assert result["status"]["containerStatuses"] == [{"name": "main", "ready": True}]


def test_pod_ports_and_volume_mounts_merge_by_their_keys() -> None:
    """``ports`` merge by ``containerPort`` and ``volumeMounts`` by ``mountPath``."""
    patch = {
        "spec": {
            "containers": [
                {
                    "name": "main",
                    "ports": [{"containerPort": 80, "name": "http"}, {"containerPort": 443}],
                    "volumeMounts": [{"mountPath": "/data", "readOnly": True}],
                }
            ]
        }
    }
    main = smp(make_pod(), patch, kind="Pod")["spec"]["containers"][0]
    assert main["ports"] == [
        {"containerPort": 80, "protocol": "TCP", "name": "http"},
        {"containerPort": 443},
    ]
    assert main["volumeMounts"] == [{"name": "v", "mountPath": "/data", "readOnly": True}]


def test_patch_delete_removes_list_element() -> None:
    """``{"$patch":"delete","name":...}`` removes the element (and the GC's ownerReference form)."""
    result = smp(
        make_job(),
        {
            "metadata": {"ownerReferences": [{"$patch": "delete", "uid": "u1"}]},
            "spec": {"template": {"spec": {"containers": [{"$patch": "delete", "name": "main"}]}}},
        },
    )
    assert [o["uid"] for o in result["metadata"]["ownerReferences"]] == ["u2"]
    assert [c["name"] for c in containers(result)] == ["sidecar"]


def test_patch_replace_in_list_replaces_it() -> None:
    """``{"$patch":"replace"}`` as a list element makes the other elements the whole list."""
    patch = {
        "status": {"conditions": [{"$patch": "replace"}, {"type": "Failed", "status": "True"}]}
    }
    assert smp(make_job(), patch)["status"]["conditions"] == [{"type": "Failed", "status": "True"}]


@pytest.mark.parametrize(
    ("labels_patch", "expected"),
    [
        ({"$patch": "replace", "only": "this"}, {"only": "this"}),
        ({"$patch": "delete"}, {}),
        ({"tier": None}, {"app": "pi"}),
        ({"missing": None}, {"app": "pi", "tier": "batch"}),
    ],
    ids=["replace-map", "delete-map", "null-deletes-label", "null-for-missing-key"],
)
def test_map_directives_and_null(labels_patch: dict[str, Any], expected: dict[str, str]) -> None:
    """``$patch: replace`` replaces a map, ``$patch: delete`` empties it, ``null`` removes a key."""
    assert smp(make_job(), {"metadata": {"labels": labels_patch}})["metadata"]["labels"] == expected


@pytest.mark.parametrize(
    ("meta_patch", "expected"),
    [
        ({"finalizers": ["c", "a"]}, ["c", "a", "b"]),
        ({"$deleteFromPrimitiveList/finalizers": ["a"]}, ["b"]),
        ({"finalizers": ["c"], "$deleteFromPrimitiveList/finalizers": ["a"]}, ["c", "b"]),
        ({"$setElementOrder/finalizers": ["b", "a"]}, ["b", "a"]),
    ],
    ids=["union", "delete-from-primitive-list", "add-and-delete", "set-element-order"],
)
def test_finalizers_are_a_merged_set(meta_patch: dict[str, Any], expected: list[str]) -> None:
    """``metadata.finalizers`` (merge, primitives): union, parallel deletion list, ordering."""
    assert smp(make_job(), {"metadata": meta_patch})["metadata"]["finalizers"] == expected


def test_delete_from_primitive_list_of_missing_list_adds_nothing() -> None:
    """Deleting from a list the object lacks is a no-op (fixed upstream in PR #117568/#110472)."""
    original = make_job()
    del original["metadata"]["finalizers"]
    result = smp(original, {"metadata": {"$deleteFromPrimitiveList/finalizers": ["a"]}})
    assert "finalizers" not in result["metadata"]


def test_delete_from_primitive_list_works_on_atomic_lists() -> None:
    """``$deleteFromPrimitiveList`` deletes whatever the list's strategy (PR #110472)."""
    patch = {"name": "main", "$deleteFromPrimitiveList/args": ["-e"]}
    result = smp(make_job(), {"spec": {"template": {"spec": {"containers": [patch]}}}})
    assert containers(result)[0]["args"] == ["print"]


def test_set_element_order_reorders_containers() -> None:
    """``$setElementOrder/containers`` sets the final order; patched content is merged."""
    patch = {
        "$setElementOrder/containers": [{"name": "sidecar"}, {"name": "main"}],
        "containers": [{"name": "sidecar", "image": "v2"}],
    }
    result = smp(make_job(), {"spec": {"template": {"spec": patch}}})
    assert [(c["name"], c["image"]) for c in containers(result)] == [
        ("sidecar", "v2"),
        ("main", "perl:5"),
    ]


def test_retain_keys_clears_unlisted_fields() -> None:
    """``$retainKeys`` (volumes are merge,retainKeys) drops live keys not listed."""
    patch = {
        "spec": {
            "volumes": [
                {"name": "v", "$retainKeys": ["name", "hostPath"], "hostPath": {"path": "/x"}}
            ]
        }
    }
    volumes = smp(make_pod(), patch, kind="Pod")["spec"]["volumes"]
    assert volumes == [{"name": "v", "hostPath": {"path": "/x"}}]


def test_new_values_drop_nulls_and_directive_objects() -> None:
    """A value with no live counterpart drops nulls and ``$patch`` objects (removeDirectives)."""
    original = make_job()
    patch = {
        "metadata": {"annotations": {"a": "1", "b": None}},
        "spec": {"template": {"metadata": {"labels": {"$patch": "replace", "x": "y"}}}},
    }
    result = smp(original, patch)
    assert result["metadata"]["annotations"] == {"a": "1"}
    assert result["spec"]["template"]["metadata"] == {}


def test_leftover_directive_keys_are_stripped() -> None:
    """Directive keys left inside values taken verbatim never reach the result (jobsim choice)."""
    new = {
        "name": "new",
        "image": "x",
        "$setElementOrder/env": [{"name": "A"}],
        "env": [{"name": "A"}],
    }
    result = smp(make_job(), {"spec": {"template": {"spec": {"containers": [new]}}}})
    assert containers(result)[0] == {"name": "new", "image": "x", "env": [{"name": "A"}]}


@pytest.mark.parametrize(
    ("patch", "code", "reason", "message"),
    [
        ({"spec": {"template": {"spec": {"containers": [{"image": "x"}]}}}}, 500, "",
         "map: map[image:x] does not contain declared merge key: name"),
        ({"status": {"conditions": [{"$patch": "merge", "type": "A"}]}}, 500, "",
         "merging lists cannot yet be specified in the patch"),
        ({"metadata": {"labels": {"$patch": "keep"}}}, 500, "",
         "unknown patch type: keep in map: map[$patch:keep]"),
        ({"status": {"conditions": [{"$patch": 1, "type": "A"}]}}, 500, "",
         "unknown patch type: %!s(int64=1) in map: map[$patch:1 type:A]"),
        ({"metadata": {"$retainKeys": "labels"}}, 400, "BadRequest",
         "invalid patch format of retainKeys"),
        ({"metadata": {"$retainKeys": ["name"], "labels": {}}}, 400, "BadRequest",
         "invalid patch format of retainKeys"),
        ({"metadata": {"$deleteFromPrimitiveListfinalizers": ["a"]}}, 400, "BadRequest",
         "invalid patch format of primitive list"),
        ({"metadata": {"$setElementOrder": ["a"]}}, 400, "BadRequest",
         "invalid patch format of setElementOrder list"),
        ({"metadata": {"$setElementOrder/finalizers": "a"}}, 500, "",
         "expected a []interface {}, but received a string"),
        ({"metadata": {"$setElementOrder/finalizers": ["a"], "finalizers": ["b"]}}, 500, "",
         "the order in patch list:\n[b]\n doesn't match $setElementOrder list:\n[a]"),
        ({"metadata": {"finalizers": [["x"]]}}, 500, "",
         "list element types are not identical: [[a b] [[x]]]"),
        ({"metadata": {"finalizers": [1]}}, 500, "",
         "list element types are not identical: [[a b] [1]]"),
    ],
    ids=["no-merge-key", "merge-directive-in-list", "unknown-map-directive",
         "non-string-directive", "retain-keys-not-list", "key-outside-retain-keys",
         "bad-delete-prefix", "bad-order-prefix", "order-not-list", "order-mismatch",
         "list-in-string-list", "mixed-types"],
)  # fmt: skip
def test_strategic_errors(patch: dict[str, Any], code: int, reason: str, message: str) -> None:
    """Errors keep mergepatch's texts; 400 for format errors, 500 (no reason) for the rest."""
    error = raises_patch_error(make_job(), json.dumps(patch), SMP)
    assert (error.code, error.reason, error.message) == (code, reason, message)


def test_list_of_lists_is_generic_422() -> None:
    """``ErrNoListOfLists`` is answered with NewGenericServerResponse(422)."""
    original = make_job()
    original["metadata"]["finalizers"] = []
    error = raises_patch_error(original, {"metadata": {"finalizers": [["x"]]}}, SMP)
    assert (error.code, error.reason, error.message) == (422, "Invalid", GENERIC_INVALID_MESSAGE)
    assert error.detail == "lists of lists are not supported"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[]", "json: cannot unmarshal array into Go value of type map[string]interface {}"),
        ("{spec:1}", "invalid character 's' looking for beginning of object key string"),
        ('{"spec":{}', "unexpected end of JSON input"),
    ],
    ids=["array", "unquoted-key", "truncated"],
)
def test_strategic_decode_failure_is_400_without_prefix(body: str, message: str) -> None:
    """The SMP path returns the decoder's error text as is (no ``error decoding patch:``)."""
    error = raises_patch_error(make_job(), body, SMP)
    assert (error.code, error.reason, error.message) == (400, "BadRequest", message)


def test_absurdly_nested_body_is_400_not_a_crash() -> None:
    """A body nested deeper than Python's stack is 400 ``exceeded max depth`` (Go's wording)."""
    error = raises_patch_error(make_job(), "[" * 5000 + "]" * 5000, SMP)
    assert (error.code, error.message) == (400, "exceeded max depth")


def test_strategic_null_body_changes_nothing() -> None:
    """A ``null`` strategic patch decodes to an empty map: nothing changes."""
    assert apply_patch(make_job(), "null", SMP, kind="Job") == make_job()


# --- schema table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "path", "strategies", "merge_key"),
    [
        ("Job", "spec.template.spec.containers", ("merge",), "name"),
        ("Job", "spec.template.spec.initContainers", ("merge",), "name"),
        ("Job", "spec.template.spec.containers.env", ("merge",), "name"),
        ("Job", "spec.template.spec.containers.ports", ("merge",), "containerPort"),
        ("Job", "spec.template.spec.volumes", ("merge", "retainKeys"), "name"),
        ("Job", "spec.template.metadata.finalizers", ("merge",), ""),
        ("Job", "status.conditions", ("merge",), "type"),
        ("Job", "spec.template.spec.tolerations", (), ""),
        ("Job", "spec.podFailurePolicy", (), ""),
        ("Pod", "spec.ephemeralContainers.volumeMounts", ("merge",), "mountPath"),
        ("Pod", "spec.imagePullSecrets", ("merge",), "name"),
        ("Pod", "status.conditions", ("merge",), "type"),
        ("Pod", "status.containerStatuses", (), ""),
        ("Pod", "metadata.ownerReferences", ("merge",), "uid"),
        ("Namespace", "status.conditions", ("merge",), "type"),
        ("Namespace", "spec.finalizers", (), ""),
        ("Event", "metadata.finalizers", ("merge",), ""),
    ],
)
def test_schema_table(kind: str, path: str, strategies: tuple[str, ...], merge_key: str) -> None:
    """Strategies and merge keys follow the upstream struct tags."""
    schema = strategic_schema(kind)
    meta = None
    for part in path.split("."):
        schema, meta = schema.lookup(part)
    assert meta is not None
    assert (meta.strategies, meta.merge_key) == (strategies, merge_key)


def test_job_template_reuses_pod_spec_schema() -> None:
    """``spec.template.spec`` of a Job is the very Pod spec schema."""
    job_template_spec = strategic_schema("Job").lookup("spec")[0].lookup("template")[0]
    assert job_template_spec.lookup("spec")[0] is strategic_schema("Pod").lookup("spec")[0]
    with pytest.raises(KeyError):
        strategic_schema("Deployment")


# --- Go renderings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a":1}', None),
        (' [1, -2.5e+3, true, false, null, "\\u00e9\\n"] ', None),
        ("", "unexpected end of JSON input"),
        ("x", "invalid character 'x' looking for beginning of value"),
        ('{"X": "foo", "Y"}', "invalid character '}' after object key"),
        ("[1, 2, 3+]", "invalid character '+' after array element"),
        ('{"X":12x}', "invalid character 'x' after object key:value pair"),
        ("[1,]", "invalid character ']' looking for beginning of value"),
        ('{"a":1,}', "invalid character '}' looking for beginning of object key string"),
        ("123x", "invalid character 'x' after top-level value"),
        ("01", "invalid character '1' after top-level value"),
        ("trux", "invalid character 'x' in literal true (expecting 'e')"),
        ("nul", "unexpected end of JSON input"),
        ('"\\z"', "invalid character 'z' in string escape code"),
        ('"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"),
        ('"a\nb"', "invalid character '\\n' in string literal"),
        ("-x", "invalid character 'x' in numeric literal"),
        ("1.x", "invalid character 'x' after decimal point in numeric literal"),
        ("1ex", "invalid character 'x' in exponent of numeric literal"),
        ("NaN", "invalid character 'N' looking for beginning of value"),
    ],
)
def test_go_syntax_errors(text: str, message: str | None) -> None:
    """Syntax errors read as Go's ``encoding/json`` scanner (``scanner.go``) writes them."""
    assert go_syntax_error(text) == message


@pytest.mark.parametrize(
    ("value", "rendered"),
    [
        ({"b": [1, "x"], "a": None}, "map[a:<nil> b:[1 x]]"),
        (True, "true"),
        (1.5, "1.5"),
        (1e6, "1e+06"),
        (123456.0, "123456"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-2.0, "-2"),
    ],
)
def test_go_value_rendering(value: Any, rendered: str) -> None:
    """``%v`` of decoded JSON: sorted map keys, ``<nil>``, ``%g``-style floats."""
    assert go_value(value) == rendered


# --- properties -------------------------------------------------------------------------------

_keys = st.text(alphabet="abcxyz", min_size=1, max_size=3)
_scalars = st.one_of(
    st.booleans(),
    st.integers(-5, 5),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(max_size=3),
)
_objects = st.recursive(
    st.dictionaries(_keys, _scalars, max_size=4),
    lambda children: st.dictionaries(_keys, st.one_of(_scalars, children), max_size=4),
    max_leaves=20,
)
# Generation time depends on machine load, not on these small strategies: no too_slow check.
_SETTINGS = settings(
    derandomize=True, max_examples=200, suppress_health_check=[HealthCheck.too_slow]
)
_objects_with_nulls = st.recursive(
    st.dictionaries(_keys, st.one_of(_scalars, st.none()), max_size=4),
    lambda children: st.dictionaries(_keys, st.one_of(_scalars, st.none(), children), max_size=4),
    max_leaves=20,
)


@_SETTINGS
@given(a=_objects_with_nulls, b=_objects)
def test_create_merge_patch_round_trips(a: dict[str, Any], b: dict[str, Any]) -> None:
    """For list-free objects, applying ``create_merge_patch(a, b)`` to ``a`` gives ``b``."""
    patch = create_merge_patch(a, b)
    assert json_equal(merge_patch(a, patch), b)


@_SETTINGS
@given(a=_objects, patch=_objects_with_nulls)
def test_strategic_equals_merge_patch_without_lists(
    a: dict[str, Any], patch: dict[str, Any]
) -> None:
    """Without lists or directives, strategic merge patch is JSON merge patch; inputs untouched."""
    before = copy.deepcopy((a, patch))
    result = strategic_merge_patch(a, patch, strategic_schema("Job"))
    assert json_equal(result, merge_patch(a, patch))
    assert json_equal((a, patch), before)
