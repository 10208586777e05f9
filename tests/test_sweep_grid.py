"""We test these aspects: the grid of a sweep and the path syntax that addresses scenario fields.

* ``--set PATH=V1,V2,...`` values split at top-level commas only and read as kubectl reads
  YAML (ints, floats, Go durations as strings, flow mappings), with clear errors;
* the grid is the product of the parameters, first parameter slowest; a point's key is the
  canonical JSON of its values whatever the parameter order; runs are point-major;
* ``TARGET:FIELD`` paths parse (job, job with namespace, behaviour, scenario) or fail clearly;
* setting a field copies the data, creates missing mappings, and refuses bad list indexes;
* a scenario's paths resolve to the Job manifest, the named behaviour (``behavior/default`` =
  ``defaultBehavior``) or the Scenario document, and a path that addresses nothing is an error.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from jobsim.behavior import BehaviorSet, PodBehavior, mix
from jobsim.sweep.base import check_paths, load_base, override
from jobsim.sweep.grid import build_grid, build_tasks, parse_set_option, point_key, split_values
from jobsim.sweep.paths import PathError, parse_path, set_field

JOB = """\
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 4
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
---
apiVersion: v1
kind: Namespace
metadata: {name: other}
---
apiVersion: batch/v1
kind: Job
metadata: {name: pi, namespace: other}
spec:
  template:
    spec:
      restartPolicy: Never
      containers: [{name: c, image: busybox}]
"""


@pytest.mark.parametrize(
    ("text", "path", "values"),
    [
        ("job/pi:spec.parallelism=1,2,4", "job/pi:spec.parallelism", [1, 2, 4]),
        ("behavior/w:duration=30s,1m", "behavior/w:duration", ["30s", "1m"]),
        (
            "behavior/w:exitCodes[0].probability=0.02,0.1",
            "behavior/w:exitCodes[0].probability",
            [0.02, 0.1],
        ),
        (
            "behavior/w:duration={uniform: {low: 1, high: 2}},5",
            "behavior/w:duration",
            [{"uniform": {"low": 1, "high": 2}}, 5],
        ),
        ('job/pi:metadata.labels[a.b/c]="x,y",z', "job/pi:metadata.labels[a.b/c]", ["x,y", "z"]),
        ("scenario:until=[1, 2],true", "scenario:until", [[1, 2], True]),
    ],
    ids=["ints", "durations", "floats", "flow-mapping", "quoted-comma", "list-and-bool"],
)
def test_parse_set_option(text: str, path: str, values: list[Any]) -> None:
    """A --set option yields its path and its values, typed as YAML types them."""
    assert parse_set_option(text) == (path, values)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("job/pi:spec.parallelism", "expected PATH=V1,V2,..."),
        ("=1,2", "expected PATH=V1,V2,..."),
        ("job/pi:spec.parallelism=1,,2", "empty value"),
        ("job/pi:spec.parallelism={a: 1", "unbalanced brackets"),
        ('job/pi:spec.parallelism="1', "unbalanced quote"),
    ],
    ids=["no-equals", "no-path", "empty-value", "open-bracket", "open-quote"],
)
def test_parse_set_option_errors(text: str, message: str) -> None:
    """A malformed --set option is a ValueError that says what is wrong."""
    with pytest.raises(ValueError, match=message):
        parse_set_option(text)


def test_split_values_keeps_nested_commas() -> None:
    """Commas inside brackets and quotes do not split values."""
    assert split_values("1, [2, 3], {a: [4, 5]}, 'x,y'") == ["1", "[2, 3]", "{a: [4, 5]}", "'x,y'"]


def test_grid_is_the_product_first_parameter_slowest() -> None:
    """Points enumerate the product with the first parameter varying slowest."""
    points = build_grid({"a:x": [1, 2], "b:y": ["p", "q", "r"]})
    assert [dict(p.values) for p in points] == [
        {"a:x": 1, "b:y": "p"},
        {"a:x": 1, "b:y": "q"},
        {"a:x": 1, "b:y": "r"},
        {"a:x": 2, "b:y": "p"},
        {"a:x": 2, "b:y": "q"},
        {"a:x": 2, "b:y": "r"},
    ]
    assert [p.index for p in points] == list(range(6))


def test_empty_grid_is_one_point() -> None:
    """No parameters: one point, the scenario as it is."""
    (point,) = build_grid({})
    assert point.values == ()
    assert point.key == "[]"


@pytest.mark.parametrize(
    ("grid", "message"),
    [
        ([("a:x", [1]), ("a:x", [2])], "given twice"),
        ({"a:x": []}, "non-empty list"),
        ({"a:x": "12"}, "non-empty list"),
    ],
    ids=["repeated-path", "no-values", "string-not-list"],
)
def test_build_grid_errors(grid: Any, message: str) -> None:
    """A path given twice or without a list of values is refused."""
    with pytest.raises(ValueError, match=message):
        build_grid(grid)


def test_point_key_ignores_parameter_order() -> None:
    """The same values give the same key whatever order the parameters came in."""
    assert point_key([("b:y", 2), ("a:x", {"k": 1})]) == point_key([("a:x", {"k": 1}), ("b:y", 2)])


def test_tasks_are_point_major() -> None:
    """Runs enumerate every seed of a point before the next point."""
    tasks = build_tasks(build_grid({"a:x": [1, 2]}), [5, 6])
    assert [(t.point, t.seed) for t in tasks] == [(0, 5), (0, 6), (1, 5), (1, 6)]


@pytest.mark.parametrize(
    ("text", "target", "field"),
    [
        ("job/pi:spec.parallelism", ("job", "", "pi"), ("spec", "parallelism")),
        ("Job/ns/pi:spec.completions", ("job", "ns", "pi"), ("spec", "completions")),
        (
            "behavior/w:exitCodes[0].probability",
            ("behavior", "", "w"),
            ("exitCodes", 0, "probability"),
        ),
        ("scenario:until", ("scenario", "", ""), ("until",)),
        (
            "job/pi:metadata.labels[app.kubernetes.io/name]",
            ("job", "", "pi"),
            ("metadata", "labels", "app.kubernetes.io/name"),
        ),
    ],
    ids=["job", "job-namespace", "behavior-list-index", "scenario", "label-key-with-dots"],
)
def test_parse_path(text: str, target: tuple[str, str, str], field: tuple[Any, ...]) -> None:
    """A path names its target object and the field path inside it."""
    path = parse_path(text)
    assert (path.target, path.field) == (target, field)


@pytest.mark.parametrize(
    "text",
    ["job/pi", "job/pi:", "job:spec.x", "scenario/x:until", "behavior/ns/w:duration", "job/:a"],
    ids=["no-field", "empty-field", "no-name", "scenario-with-name", "behavior-ns", "empty-name"],
)
def test_parse_path_errors(text: str) -> None:
    """Malformed paths are PathErrors naming the path."""
    with pytest.raises(PathError, match=f"^{re.escape(repr(text))}: "):
        parse_path(text)


def test_set_field_copies_and_creates_mappings() -> None:
    """Setting a field returns a new structure; missing mappings on the way are created."""
    data = {"spec": {"template": {"spec": {"containers": [{"name": "c"}]}}}}
    new = set_field(data, ["spec", "template", "spec", "containers", 0, "image"], "x")
    assert new["spec"]["template"]["spec"]["containers"][0] == {"name": "c", "image": "x"}
    assert data["spec"]["template"]["spec"]["containers"][0] == {"name": "c"}
    assert set_field({}, ["metadata", "labels", "a.b/c"], "v") == {
        "metadata": {"labels": {"a.b/c": "v"}}
    }


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"a": [1]}, ["a", 3], r"a\[3\]: index 3 out of range \(1 items\)"),
        ({"a": 5}, ["a", "b"], "a: cannot index 5 by 'b'"),
        ({"a": [1]}, ["a", "b"], "a: cannot index a list by 'b'"),
    ],
    ids=["index-past-end", "into-scalar", "key-into-list"],
)
def test_set_field_errors(data: Any, field: list[Any], message: str) -> None:
    """A field that cannot be reached is a PathError saying where it stopped."""
    with pytest.raises(PathError, match=message):
        set_field(data, field, 1)


def _base() -> Any:
    behaviors = BehaviorSet.of(PodBehavior(name="work", exit_codes=mix([(1, 0.1)])))
    return load_base(JOB, behaviors=behaviors)


def test_override_addresses_job_behavior_and_scenario() -> None:
    """Each kind of path changes the right document and nothing else."""
    base = _base()
    new = override(
        base,
        [
            ("job/default/pi:spec.parallelism", 3),
            ("job/other/pi:spec.completions", 7),
            ("behavior/work:exitCodes[0].probability", 0.5),
            ("behavior/default:duration", "1m"),
            ("scenario:until", "2h"),
        ],
    )
    default_job, namespace, other_job, scenario = new.documents
    assert namespace == base.documents[1]
    assert default_job["spec"] == {**base.documents[0]["spec"], "parallelism": 3}
    assert other_job["spec"]["completions"] == 7
    assert scenario["behaviors"][0]["exitCodes"][0] == {"code": 1, "probability": 0.5}
    assert scenario["defaultBehavior"] == {"duration": "1m"}
    assert scenario["until"] == "2h"
    assert base.documents[0]["spec"].get("parallelism") is None


def test_bare_manifests_get_an_empty_scenario_document() -> None:
    """A file without a Scenario document gets one after its manifests."""
    base = load_base(JOB)
    assert base.scenario_index == 3
    assert base.scenario == {"apiVersion": "jobsim.dev/v1alpha1", "kind": "Scenario"}


def test_behaviors_in_the_file_and_as_argument_conflict() -> None:
    """Behaviours come from the file or from the caller, never silently from both."""
    text = JOB + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\nbehaviors: [{name: a}]\n"
    with pytest.raises(ValueError, match="in the file or as an argument, not both"):
        load_base(text, behaviors=BehaviorSet.of(PodBehavior(name="b")))


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("job/nope:spec.parallelism", "no job named 'nope' in the scenario"),
        ("job/ns2/pi:spec.parallelism", "no job named 'ns2/pi' in the scenario"),
        ("pod/pi:spec.x", "no pod named 'pi' in the scenario"),
        (
            "behavior/slow:duration",
            r"no pod behaviour named 'slow' in the scenario \(named: 'work'",
        ),
    ],
    ids=["unknown-job", "wrong-namespace", "wrong-kind", "unknown-behavior"],
)
def test_check_paths_errors(path: str, message: str) -> None:
    """A path that addresses nothing in the scenario is refused before anything runs."""
    with pytest.raises(PathError, match=message):
        check_paths(_base(), [path])
