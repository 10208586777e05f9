"""We test these aspects: the command line under adversarial input, as a user who never read
the code would type it (the findings of the bad-input audit, each pinned).

* garbage in any FILE (missing, a directory, empty, only ``---``, binary, non-UTF-8, tabs,
  unclosed quotes and brackets, duplicate keys, a top-level list, unknown kinds and versions,
  wrong types, misspelled fields, a bad Scenario) gives exit 2 and only ``error: ...`` lines
  on stderr for ``run``, ``get``, ``describe`` and ``validate`` alike, never a traceback;
* a ``List`` (``v1`` ``List``, ``JobList``) stands for its items in ``run``/``get``/
  ``describe`` and in Scenario files, as in ``validate`` and kubectl; an empty one, or one
  whose ``items`` is not a list, is an error naming the line;
* a Scenario file with several problems prints one ``error:`` line per problem;
* negative ``--until``/``--at``/``--seed`` are refused, ``-`` given twice is refused with
  kubectl's words, ``describe`` target syntax errors use kubectl's words, a ``--plot`` FILE in
  a missing folder is refused before the run;
* JSON as kubectl reads it: a stream of objects, tab indentation, ``\\uD83D\\uDE00`` escapes;
  a malformed third object is an error naming document 3;
* determinism: every shipped scenario run twice with one seed prints byte-identical output
  (tables, events, timeline, watch lines).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from manifest_fixtures import PI_JOB

from jobsim.cli import main

SCENARIOS = Path(__file__).parent.parent / "scenarios"
JOB = PI_JOB
JOB_JSON = (
    '{"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "NAME"}, "spec": '
    '{"template": {"spec": {"containers": [{"name": "c", "image": "i"}], '
    '"restartPolicy": "Never"}}}}'
)
ITEM = """\
- metadata:
    name: NAME
  spec:
    template:
      spec:
        containers:
        - name: pi
          image: perl
        restartPolicy: Never
"""


def invoke(*args: str, stdin: str | None = None) -> Result:
    """Run ``jobsim ARGS`` in-process (``-q`` added to run-like commands)."""
    quiet = ["-q"] if args[0] in ("run", "get", "describe") else []
    return CliRunner().invoke(main, [*args, *quiet], input=stdin)


def assert_bad_input(result: Result) -> None:
    """Exit 2, every stderr line an ``error:`` line, no traceback, stdout only OK lines."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr
    assert all(line.startswith("OK  ") for line in result.stdout.splitlines()), result.stdout
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("error: ") for line in lines), result.stderr


GARBAGE: list[tuple[str, bytes]] = [
    ("empty", b""),
    ("only separator", b"---\n---\n"),
    ("binary", b"\x7fELF\x02\x01\x00\x00"),
    ("latin-1", b"kind: Job\nname: caf\xe9\n"),
    ("tab indentation", JOB.replace("  name: pi", "\tname: pi").encode()),
    ("unclosed quote", b"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: 'pi\n"),
    ("unclosed bracket", b"apiVersion: batch/v1\nkind: Job\nmetadata: {name: pi\n"),
    ("bad indentation", b"apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\n   x: 1\n"),
    ("duplicate key", b"apiVersion: batch/v1\nkind: Job\nkind: Job\n"),
    ("top-level list", b"- a\n- b\n"),
    ("deployment", JOB.replace("batch/v1\nkind: Job", "apps/v1\nkind: Deployment").encode()),
    ("cronjob", JOB.replace("kind: Job", "kind: CronJob").encode()),
    ("batch/v2", JOB.replace("batch/v1", "batch/v2").encode()),
    ("missing kind", JOB.replace("kind: Job\n", "").encode()),
    ("bad name", JOB.replace("name: pi\nspec", "name: Bad_Name\nspec").encode()),
    (
        "completions string",
        JOB.replace("spec:\n  template", 'spec:\n  completions: "3"\n  template').encode(),
    ),
    (
        "parallelism float",
        JOB.replace("spec:\n  template", "spec:\n  parallelism: 1.5\n  template").encode(),
    ),
    (
        "backoffLimit bool",
        JOB.replace("spec:\n  template", "spec:\n  backoffLimit: true\n  template").encode(),
    ),
    (
        "completions 2**40",
        JOB.replace(
            "spec:\n  template", "spec:\n  completions: 1099511627776\n  template"
        ).encode(),
    ),
    (
        "container typo",
        JOB.replace("image: perl", "image: perl\n        imagePullPolicyy: Always").encode(),
    ),
    ("two jobs same name", (JOB + "---\n" + JOB).encode()),
    ("empty List", b"apiVersion: v1\nkind: List\nitems: []\n"),
    (
        "bad scenario",
        (JOB + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\nuntil: 10x\n").encode(),
    ),
]


@pytest.mark.parametrize("command", ["run", "get", "describe", "validate"])
@pytest.mark.parametrize(("content"), [g[1] for g in GARBAGE], ids=[g[0] for g in GARBAGE])
def test_garbage_is_exit_2_with_error_lines_only(
    tmp_path: Path, command: str, content: bytes
) -> None:
    """Every kind of bad file: exit 2, only ``error:`` lines, for every command."""
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    extra = {"get": ["jobs"], "describe": ["job/pi"]}.get(command, [])
    assert_bad_input(invoke(command, str(path), *extra))


LIST_ERRORS = [
    # (file content, "document N (line L)[, what]: message")
    (
        "apiVersion: v1\nkind: List\nitems: []\n",
        "document 1 (line 1), List: no objects in the List",
    ),
    ("apiVersion: v1\nkind: List\n", "document 1 (line 1), List: no objects in the List"),
    (
        # Go encoding/json UnmarshalTypeError into metav1.List.Items ([]runtime.RawExtension)
        "apiVersion: v1\nkind: List\nitems: 5\n",
        "document 1 (line 3), List: json: cannot unmarshal number into Go struct field"
        " List.items of type []runtime.RawExtension",
    ),
    (
        "apiVersion: batch/v1\nkind: JobList\nitems:\n"
        + ITEM.replace("NAME", "a").replace("spec:\n    t", "spec:\n    paralelism: 1\n    t"),
        'document 1 (line 7), Job/a: Job in version "v1" cannot be handled as a Job: strict'
        ' decoding error: unknown field "spec.paralelism"',
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), LIST_ERRORS, ids=["empty", "no items", "items 5", "bad item"]
)
@pytest.mark.parametrize("command", ["run", "validate"])
def test_list_errors_name_the_list_or_the_item(
    tmp_path: Path, command: str, content: str, message: str
) -> None:
    """A List with nothing in it, a non-list ``items``, a bad item: located errors, exit 2."""
    path = tmp_path / "list.yaml"
    path.write_text(content, encoding="utf-8")
    result = invoke(command, str(path))
    assert_bad_input(result)
    assert result.stderr == f"error: {path}, {message}\n"


def test_run_get_describe_flatten_lists_as_kubectl(tmp_path: Path) -> None:
    """A v1 List and a typed JobList (items without kind) create their items, nested too.

    kubectl's cli-runtime ``FlattenListVisitor`` (pkg/resource/visitor.go) does this for
    every command reading -f; ``jobsim validate`` already did.
    """
    one = yaml.safe_load(JOB.replace("name: pi", "name: one"))
    two = {
        k: v for k, v in yaml.safe_load(JOB.replace("name: pi", "name: two")).items() if k != "kind"
    }
    nested = {
        "apiVersion": "v1",
        "kind": "List",
        "items": [{"apiVersion": "v1", "kind": "List", "items": [one]}],
    }
    typed = {"apiVersion": "batch/v1", "kind": "JobList", "items": [two]}
    path = tmp_path / "lists.yaml"
    path.write_text(yaml.safe_dump_all([nested, typed]), encoding="utf-8")
    ran = invoke("run", str(path), "-o", "name")
    assert (ran.exit_code, ran.stderr) == (0, "")
    assert ran.stdout == "job.batch/one\njob.batch/two\n"
    got = invoke("get", str(path), "jobs", "-o", "name")
    assert (got.exit_code, got.stdout) == (0, "job.batch/one\njob.batch/two\n")
    described = invoke("describe", str(path), "job/two")
    assert described.exit_code == 0
    assert described.stdout.startswith("Name:             two\n")


def test_scenario_file_may_hold_a_list(tmp_path: Path) -> None:
    """The manifests of a Scenario file may come as a List (flattened as in kubectl)."""
    path = tmp_path / "s.yaml"
    path.write_text(
        "apiVersion: v1\nkind: List\nitems:\n"
        + ITEM.replace("NAME", "pi").replace(
            "- metadata", "- apiVersion: batch/v1\n  kind: Job\n  metadata"
        )
        + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\nexpectations:\n"
        "- {check: condition, job: pi, type: Complete}\n",
        encoding="utf-8",
    )
    result = invoke("run", str(path))
    assert result.exit_code == 0, result.stderr
    assert "\nPASS  job/pi " in result.stdout


def test_every_scenario_problem_is_its_own_error_line(tmp_path: Path) -> None:
    """Several problems in a Scenario: ``run`` prints each on its own ``error:`` line."""
    path = tmp_path / "s.yaml"
    path.write_text(
        JOB + "---\napiVersion: jobsim.dev/v1alpha1\nkind: Scenario\nsed: 3\n"
        "timeline:\n- {at: 1s, action: suspend, job: pi, foo: 1}\n",
        encoding="utf-8",
    )
    result = invoke("run", str(path))
    assert_bad_input(result)
    assert result.stderr == (
        f"error: {path}, document 2 (line 15), Scenario: sed: unknown field\n"
        f"error: {path}, document 2 (line 17), Scenario: timeline[0].foo: unknown field\n"
    )


FLAG_ERRORS = [
    (["run", "FILE", "--until", "-5s"], "error: --until: must not be negative, got -5s\n"),
    (["get", "FILE", "jobs", "--at", "-1s"], "error: --at: must not be negative, got -1s\n"),
    (["describe", "FILE", "job/pi", "--at", "-1m"], "error: --at: must not be negative, got -1m\n"),
    (
        ["run", "FILE", "--until", "10x"],
        'error: --until: time: unknown unit "x" in duration "10x"\n',
    ),
    # cli-runtime pkg/resource/builder.go: StdinMultiUseError
    (["run", "-", "-"], "error: standard input cannot be used for multiple arguments\n"),
    (["validate", "-", "-"], "error: standard input cannot be used for multiple arguments\n"),
    # cli-runtime pkg/resource/builder.go: splitResourceTypeName
    (
        ["describe", "FILE", "job/pi/x"],
        "error: arguments in resource/name form may not have more than one slash\n",
    ),
    (
        ["describe", "FILE", "job/"],
        "error: arguments in resource/name form must have a single resource and name\n",
    ),
    (
        ["describe", "FILE", "/pi"],
        "error: arguments in resource/name form must have a single resource and name\n",
    ),
    (["describe", "FILE", "pod/pi"], 'error: expected job/NAME, got "pod/pi"\n'),
    (
        ["get", "FILE", "deployments"],
        'error: the server doesn\'t have a resource type "deployments"\n',
    ),
    (
        ["run", "FILE", "--plot", "DIR/missing/x.png"],
        "error: --plot DIR/missing/x.png: no such directory: DIR/missing\n",
    ),
    (["run", "FILE", "--plot", "DIR/p.png"], "error: --plot DIR/p.png: is a directory\n"),
    (
        ["run", "FILE", "--plot", "DIR/x.gif"],
        "error: --plot DIR/x.gif: the file name must end in .png, .svg or .pdf\n",
    ),
]


@pytest.mark.parametrize(
    ("args", "stderr"), FLAG_ERRORS, ids=[" ".join(a[:1] + a[2:]) for a, _ in FLAG_ERRORS]
)
def test_bad_flags_and_arguments(tmp_path: Path, args: list[str], stderr: str) -> None:
    """Bad flag values and targets: exit 2, one exact ``error:`` line, nothing run or printed."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB, encoding="utf-8")
    (tmp_path / "p.png").mkdir()
    argv = [str(path) if a == "FILE" else a.replace("DIR", str(tmp_path)) for a in args]
    result = invoke(*argv, stdin=JOB)
    assert_bad_input(result)
    assert result.stderr == stderr.replace("DIR", str(tmp_path))


@pytest.mark.parametrize("command", [["run"], ["get", "jobs"], ["describe", "job/pi"]])
def test_negative_seed_is_a_usage_error(tmp_path: Path, command: list[str]) -> None:
    """``--seed -1`` is refused (``random.Random(-1)`` would silently equal seed 1)."""
    path = tmp_path / "job.yaml"
    path.write_text(JOB, encoding="utf-8")
    result = invoke(command[0], str(path), *command[1:], "--seed", "-1")
    assert result.exit_code == 2
    assert "Invalid value for '--seed': -1 is not in the range x>=0." in result.stderr


def test_json_stream_is_read_as_kubectl_reads_it(tmp_path: Path) -> None:
    """Concatenated JSON objects are documents 1, 2, ...; tab indentation is fine.

    apimachinery pkg/util/yaml/decoder.go: YAMLOrJSONDecoder reads a text starting with
    ``{`` as a stream of JSON values.
    """
    path = tmp_path / "stream.json"
    tabbed = JOB_JSON.replace("NAME", "b").replace(', "kind"', ',\n\t"kind"')
    path.write_text(JOB_JSON.replace("NAME", "a") + tabbed + "\n", encoding="utf-8")
    result = invoke("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"OK  {path}, document 1 (line 1), Job/a\nOK  {path}, document 2 (line 1), Job/b\n"
    )


def test_malformed_third_json_object_is_located(tmp_path: Path) -> None:
    """After two good JSON objects a malformed one is a JSON error naming document 3."""
    path = tmp_path / "stream.json"
    objects = [JOB_JSON.replace("NAME", n) for n in "ab"] + ['{"kind": "Job",}']
    path.write_text("\n".join(objects) + "\n", encoding="utf-8")
    result = invoke("run", str(path))
    assert_bad_input(result)
    assert result.stderr == (
        f"error: {path}, document 3 (line 3): invalid JSON: Expecting property name enclosed"
        " in double quotes (column 16)\n"
    )


def test_json_surrogate_pair_escapes_are_one_character(tmp_path: Path) -> None:
    """``\\uD83D\\uDE00`` is one character in JSON (Go's decoder), not two unprintable ones."""
    path = tmp_path / "emoji.json"
    path.write_text(JOB_JSON.replace("NAME", "a\\ud83d\\ude00"), encoding="utf-8")
    result = invoke("validate", str(path))
    assert_bad_input(result)
    assert result.stderr.startswith(f'error: {path}, document 1 (line 1), Job/a😀: Job.batch "a😀"')


RUN_FLAGS = [["--events", "--timeline", "-o", "wide"], ["--watch"], ["-o", "json"]]


@pytest.mark.parametrize(
    "path",
    sorted([*SCENARIOS.glob("*.yaml"), *SCENARIOS.glob("features/*.yaml")]),
    ids=lambda p: p.name,
)
def test_runs_are_byte_identical(path: Path) -> None:
    """Each shipped scenario, run twice with one seed, prints the same bytes (every view)."""
    for flags in RUN_FLAGS:
        first, second = (invoke("run", str(path), "--seed", "7", *flags) for _ in range(2))
        assert first.exit_code in (0, 1), first.stderr
        assert first.stdout
        assert (first.stdout, first.stderr) == (second.stdout, second.stderr)
