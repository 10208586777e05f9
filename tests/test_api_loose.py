"""We test these aspects: misspelled fields inside the loosely typed parts of a pod template.

- the unknown field names inside volumes, probes, affinity, security contexts, envFrom, ...
  are reported as kube-apiserver's strict decoder reports them, in document order, both by
  ``jobsim validate``/``run`` (decode_document) and by the API server (400 BadRequest);
- a manifest using those parts correctly is accepted unchanged;
- ``jobsim/api/loose_schema.json`` is what ``scripts/gen_loose_schema.py`` generates from the
  installed Kubernetes Python client (regenerate it after upgrading the client).

Upstream: apimachinery ``runtime/serializer/json`` strict decoding (``strict decoding error:
unknown field "..."``), sigs.k8s.io/json ``UnmarshalStrict``.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest
import yaml

from jobsim.api.batch_v1 import Job
from jobsim.api.loose import unknown_loose_fields
from jobsim.apiserver.store import APIServer
from jobsim.clock import ManualClock
from jobsim.errors import APIError
from jobsim.manifests import ManifestError, decode_document, load_text

ROOT = Path(__file__).resolve().parent.parent

VALID = """\
apiVersion: batch/v1
kind: Job
metadata: {name: loose}
spec:
  template:
    spec:
      restartPolicy: Never
      volumes:
      - {name: v, emptyDir: {medium: Memory}}
      - name: w
        configMap: {name: x, items: [{key: a, path: b, mode: 256}]}
      - name: p
        projected:
          sources:
          - secret: {name: s}
          - downwardAPI: {items: [{path: l, fieldRef: {fieldPath: metadata.labels}}]}
      affinity:
        nodeAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            nodeSelectorTerms: [{matchExpressions: [{key: a, operator: In, values: [b]}]}]
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
          - weight: 1
            podAffinityTerm: {topologyKey: zone, labelSelector: {matchLabels: {a: b}}}
      tolerations: [{key: a, operator: Exists, effect: NoSchedule, tolerationSeconds: 5}]
      securityContext: {runAsUser: 1000, fsGroup: 2000, seccompProfile: {type: RuntimeDefault}}
      topologySpreadConstraints: [{maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
      imagePullSecrets: [{name: reg}]
      dnsConfig: {nameservers: [1.1.1.1], options: [{name: ndots, value: "2"}]}
      containers:
      - name: c
        image: b
        volumeMounts: [{name: v, mountPath: /x, readOnly: true}]
        livenessProbe: {exec: {command: ["true"]}, periodSeconds: 5, initialDelaySeconds: 3}
        readinessProbe: {httpGet: {path: /, port: 8080, httpHeaders: [{name: a, value: b}]}}
        lifecycle: {preStop: {sleep: {seconds: 5}}}
        securityContext: {capabilities: {drop: [ALL]}, allowPrivilegeEscalation: false}
        envFrom: [{configMapRef: {name: x}, prefix: P_}]
        env: [{name: K, valueFrom: {secretKeyRef: {name: s, key: k, optional: true}}}]
        resources: {limits: {cpu: "1"}, claims: [{name: gpu}]}
"""


def _with(path: list[str | int], key: str, value: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(VALID)
    node: Any = data
    for part in path:
        node = node[part]
    node[key] = value
    return data


TEMPLATE = ["spec", "template", "spec"]
CONTAINER = [*TEMPLATE, "containers", 0]
TYPOS = [
    (_with([*TEMPLATE, "volumes", 0], "emptyDirr", {}), "volumes[0].emptyDirr"),
    (
        _with([*TEMPLATE, "volumes", 1, "configMap", "items", 0], "modee", 1),
        "volumes[1].configMap.items[0].modee",
    ),
    (
        _with([*TEMPLATE, "affinity", "nodeAffinity"], "required", {}),
        "affinity.nodeAffinity.required",
    ),
    (_with([*TEMPLATE, "tolerations", 0], "efect", "NoSchedule"), "tolerations[0].efect"),
    (_with([*TEMPLATE, "securityContext"], "runAsUserr", 1), "securityContext.runAsUserr"),
    (
        _with([*CONTAINER, "volumeMounts", 0], "mountpath", "/y"),
        "containers[0].volumeMounts[0].mountpath",
    ),
    (
        _with([*CONTAINER, "livenessProbe"], "initialDelay", 3),
        "containers[0].livenessProbe.initialDelay",
    ),
    (
        _with([*CONTAINER, "env", 0, "valueFrom", "secretKeyRef"], "keyy", "k"),
        "containers[0].env[0].valueFrom.secretKeyRef.keyy",
    ),
    (
        _with([*CONTAINER, "resources", "claims", 0], "nam", "x"),
        "containers[0].resources.claims[0].nam",
    ),
]


def _decode(data: dict[str, Any]) -> Job:
    (doc,) = load_text(yaml.safe_dump(data, sort_keys=False), "job.yaml")
    obj = decode_document(doc)
    assert isinstance(obj, Job)
    return obj


def test_valid_loose_parts_are_accepted_unchanged() -> None:
    """Every loose part used correctly decodes, and is kept as given."""
    data = yaml.safe_load(VALID)
    job = _decode(data)
    assert unknown_loose_fields(job) == []
    assert (
        job.to_dict()["spec"]["template"]["spec"]["volumes"]
        == data["spec"]["template"]["spec"]["volumes"]
    )


@pytest.mark.parametrize(("data", "path"), TYPOS, ids=[t[1] for t in TYPOS])
def test_misspelled_loose_field_is_a_strict_decoding_error(data: dict[str, Any], path: str) -> None:
    """decode_document (jobsim validate/run) names the unknown field as the apiserver does."""
    with pytest.raises(ManifestError) as info:
        _decode(data)
    assert str(info.value).endswith(
        'Job in version "v1" cannot be handled as a Job: strict decoding error: '
        f'unknown field "spec.template.spec.{path}"'
    )


def test_api_server_rejects_them_in_document_order() -> None:
    """A dict body with two typos: 400 BadRequest listing both, in document order."""
    data = _with([*TEMPLATE, "volumes", 0], "emptyDirr", {})
    data["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["initialDelay"] = 3
    api = APIServer(clock=ManualClock(0.0), seed=1)
    with pytest.raises(APIError) as info:
        api.create(Job, data)
    assert info.value.code == 400
    assert str(info.value) == (
        'Job in version "v1" cannot be handled as a Job: strict decoding error: '
        'unknown field "spec.template.spec.volumes[0].emptyDirr", '
        'unknown field "spec.template.spec.containers[0].livenessProbe.initialDelay"'
    )


def test_schema_file_is_generated_from_the_installed_client() -> None:
    """The committed schema is what the generator writes today (else: run the script)."""
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_loose_schema.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (ROOT / "jobsim" / "api" / "loose_schema.json").read_text()
    assert module.render() == committed
