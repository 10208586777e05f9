"""We test these aspects: ``jobsim validate`` end to end, as a user runs it.

* every kind of bad input (malformed YAML, non-objects, unknown/missing kind and
  apiVersion, wrong types, overflowing and float integers, unknown fields at every
  level, duplicate keys, alias bombs, recursive aliases, empty/comment-only/binary/
  non-UTF-8 files, missing paths, directories) gets one clear ``error:`` line on
  stderr naming file, document, line (and kind/name when known), exit code 2, and
  never a traceback;
* the apiserver's validation messages come through as kubectl prints them
  (``Job.batch "x" is invalid: spec.parallelism: Invalid value: -1: ...``);
* valid objects print one ``OK`` line each on stdout (``List`` items one by one);
  objects are created in order in one server, so a Namespace makes later objects valid
  and a repeated name is ``AlreadyExists``;
* several files where one is bad, ``-`` for stdin, and a real run of the console script;
* arbitrary text never crashes the command (property test).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from jobsim.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
BAD = FIXTURES / "bad"
GOOD = FIXTURES / "good"
EXAMPLE = Path(__file__).parent.parent / "scenarios" / "example-job.yaml"
CANNOT_HANDLE = 'Job in version "v1" cannot be handled as a Job: '


def validate(*args: str, stdin: bytes | None = None) -> Result:
    """Run ``jobsim validate ARGS`` in-process; stdout and stderr are kept apart."""
    return CliRunner().invoke(main, ["validate", *args], input=stdin)


def assert_no_traceback(result: Result) -> None:
    """The command ended by ``sys.exit`` only, and printed no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output + result.stderr


BAD_FILES = [
    # (fixture, "document N (line L)[, Kind/name]", message)
    (
        "bad-indentation.yaml",
        "document 1 (line 5)",
        "invalid YAML: mapping values are not allowed here",
    ),
    (
        "unclosed-quote.yaml",
        "document 1 (line 6)",
        "invalid YAML: while scanning a quoted scalar (line 4): found unexpected end of stream",
    ),
    (
        "tab-indentation.yaml",
        "document 1 (line 4)",
        "invalid YAML: while scanning for the next token: found character '\\t' that cannot start"
        " any token",
    ),
    (
        "list-document.yaml",
        "document 1 (line 1)",
        "document is a list, not a Kubernetes object (a mapping)",
    ),
    (
        "scalar-document.yaml",
        "document 1 (line 1)",
        "document is a string, not a Kubernetes object (a mapping)",
    ),
    # apimachinery meta.NoKindMatchError; runtime missingKindErr / missingVersionErr
    (
        "unknown-kind.yaml",
        "document 1 (line 1), Foo/pi",
        'no matches for kind "Foo" in version "batch/v1"',
    ),
    (
        "missing-kind.yaml",
        "document 1 (line 1)",
        'Object \'Kind\' is missing in \'{"apiVersion":"batch/v1","metadata":{"name":"pi"}}\'',
    ),
    (
        "missing-apiversion.yaml",
        "document 1 (line 1), Job/pi",
        'Object \'apiVersion\' is missing in \'{"kind":"Job","metadata":{"name":"pi"}}\'',
    ),
    # apiserver handlers/create.go transformDecodeError + Go encoding/json UnmarshalTypeError
    (
        "parallelism-string.yaml",
        "document 1 (line 6), Job/pi",
        CANNOT_HANDLE + "json: cannot unmarshal string into Go struct field"
        " JobSpec.spec.parallelism of type int32",
    ),
    (
        "parallelism-bool.yaml",
        "document 1 (line 6), Job/pi",
        CANNOT_HANDLE + "json: cannot unmarshal bool into Go struct field"
        " JobSpec.spec.parallelism of type int32",
    ),
    (
        "parallelism-huge.yaml",
        "document 1 (line 6), Job/pi",
        CANNOT_HANDLE + "json: cannot unmarshal number 99999999999 into Go struct field"
        " JobSpec.spec.parallelism of type int32",
    ),
    (
        "parallelism-float.yaml",
        "document 1 (line 6), Job/pi",
        CANNOT_HANDLE + "json: cannot unmarshal number 1.5 into Go struct field"
        " JobSpec.spec.parallelism of type int32",
    ),
    (
        "containers-object.yaml",
        "document 1 (line 9), Job/pi",
        CANNOT_HANDLE + "json: cannot unmarshal object into Go struct field"
        " PodSpec.spec.template.spec.containers of type []v1.Container",
    ),
    # apimachinery runtime.strictDecodingError with sigs.k8s.io/json field paths
    (
        "unknown-field-metadata.yaml",
        "document 1 (line 5), Job/pi",
        CANNOT_HANDLE + 'strict decoding error: unknown field "metadata.lables"',
    ),
    (
        "unknown-field-spec.yaml",
        "document 1 (line 6), Job/pi",
        CANNOT_HANDLE + 'strict decoding error: unknown field "spec.paralelism"',
    ),
    (
        "unknown-field-template-spec.yaml",
        "document 1 (line 8), Job/pi",
        CANNOT_HANDLE + 'strict decoding error: unknown field "spec.template.spec.restartPolicyy"',
    ),
    (
        "unknown-field-container.yaml",
        "document 1 (line 12), Job/pi",
        CANNOT_HANDLE + "strict decoding error: unknown field"
        ' "spec.template.spec.containers[0].imagePullPolicyy"',
    ),
    # go-yaml v2 strict mode wording
    (
        "duplicate-key.yaml",
        "document 1 (line 8)",
        'invalid YAML: key "parallelism" already set in map',
    ),
    (
        "billion-laughs.yaml",
        "document 1 (line 6)",
        "document contains excessive aliasing (expands to more than 100000 nodes)",
    ),
    (
        "recursive-alias.yaml",
        "document 1 (line 3)",
        "anchor value contains itself (a recursive alias is not JSON)",
    ),
    # pkg/apis/batch/validation/validation.go through the apiserver (StatusError message)
    (
        "parallelism-negative.yaml",
        "document 1 (line 6), Job/pi",
        'Job.batch "pi" is invalid: spec.parallelism: Invalid value: -1: must be greater than or'
        " equal to 0",
    ),
    (
        "restart-always.yaml",
        "document 1 (line 8), Job/pi",
        'Job.batch "pi" is invalid: spec.template.spec.restartPolicy: Required value: valid'
        ' values: "OnFailure", "Never"',
    ),
    (
        # field.Error.ErrorBody renders a map as JSON since apimachinery v0.31 (older servers
        # printed Go syntax: map[string]string{"app":"other"}).
        "selector-mismatch.yaml",
        "document 1 (line 11), Job/pi",
        'Job.batch "pi" is invalid: spec.template.metadata.labels: Invalid value:'
        ' {"app":"other"}: `selector` does not match template `labels`',
    ),
]


@pytest.mark.parametrize(
    ("fixture", "where", "message"), BAD_FILES, ids=[b[0].removesuffix(".yaml") for b in BAD_FILES]
)
def test_bad_file_gets_one_clear_error_and_exit_2(fixture: str, where: str, message: str) -> None:
    """A bad manifest prints 'error: <file>, <where>: <message>' on stderr and exits 2."""
    path = str(BAD / fixture)
    result = validate(path)
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"error: {path}, {where}: {message}\n"


@pytest.mark.parametrize(
    "fixture",
    ["empty.yaml", "only-comments.yaml", "only-separator.yaml"],
    ids=["empty", "only comments", "only ---"],
)
def test_file_without_objects_is_an_error(fixture: str) -> None:
    """A file with no object is bad input, as kubectl's 'no objects passed to create'."""
    path = str(BAD / fixture)
    result = validate(path)
    assert_no_traceback(result)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == f"error: {path}: no objects passed to validate (no documents)\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00", "file is binary, not YAML or JSON text"),
        (b"kind: Job\nname: caf\xe9\n", "file is not UTF-8 text (invalid byte at offset 19)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff", "file is binary, not YAML or JSON text"),
    ],
    ids=["ELF", "latin-1", "PNG"],
)
def test_binary_and_non_utf8_files_are_errors(tmp_path: Path, content: bytes, message: str) -> None:
    """Bytes that are not UTF-8 text are refused with a message, exit 2."""
    path = tmp_path / "m.yaml"
    path.write_bytes(content)
    result = validate(str(path))
    assert_no_traceback(result)
    assert (result.exit_code, result.stderr) == (2, f"error: {path}: {message}\n")


def test_missing_file_and_directory_are_errors(tmp_path: Path) -> None:
    """A missing path and a directory each get an error; both are reported, exit 2."""
    missing = tmp_path / "nope.yaml"
    result = validate(str(missing), str(tmp_path))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {missing}: the path does not exist\n"
        f"error: {tmp_path}: is a directory (give the manifest files, not the directory)\n"
    )


def test_billion_laughs_through_the_cli_is_fast() -> None:
    """The alias bomb is refused in well under a second, end to end."""
    start = time.perf_counter()
    result = validate(str(BAD / "billion-laughs.yaml"))
    assert time.perf_counter() - start < 0.5
    assert result.exit_code == 2


def test_example_job_is_valid() -> None:
    """The seed's example Job (the batch/v1 Job reference example) validates: one OK line."""
    result = validate(str(EXAMPLE))
    assert_no_traceback(result)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == f"OK  {EXAMPLE}, document 1 (line 3), Job/example-job\n"


def test_good_fixtures_print_one_ok_line_per_object() -> None:
    """Lists are flattened, JSON works, a Namespace makes a later Job in it valid."""
    paths = sorted(GOOD.iterdir())
    result = validate(*map(str, paths))
    assert_no_traceback(result)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.splitlines() == [
        f"OK  {GOOD / 'anchors.yaml'}, document 1 (line 2), Job/anchored",
        f"OK  {GOOD / 'job-list.yaml'}, document 1 (line 4), Job/one",
        f"OK  {GOOD / 'job-list.yaml'}, document 1 (line 12), Job/two",
        f"OK  {GOOD / 'job.json'}, document 1 (line 1), Job/from-json",
        f"OK  {GOOD / 'namespace-and-job.yaml'}, document 1 (line 2), Namespace/batch-work",
        f"OK  {GOOD / 'namespace-and-job.yaml'}, document 2 (line 7), Job/pi",
    ]


def test_one_bad_file_among_good_ones() -> None:
    """Good files still print OK; the bad one prints its error; exit 2."""
    bad = BAD / "parallelism-negative.yaml"
    result = validate(str(EXAMPLE), str(bad), str(GOOD / "job.json"))
    assert_no_traceback(result)
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"OK  {EXAMPLE}, document 1 (line 3), Job/example-job",
        f"OK  {GOOD / 'job.json'}, document 1 (line 1), Job/from-json",
    ]
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {bad}, document 1 (line 6), Job/pi: Job.batch")


def test_multi_document_error_names_the_right_document_and_line() -> None:
    """In a multi-document file the earlier objects pass and the error names document 3."""
    path = BAD / "multi-document-third-bad.yaml"
    result = validate(str(path))
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"OK  {path}, document 1 (line 1), Namespace/first",
        f"OK  {path}, document 2 (line 6), Namespace/second",
    ]
    assert result.stderr == (
        f'error: {path}, document 3 (line 16), Job/third: Job.batch "third" is invalid:'
        " spec.parallelism: Invalid value: -1: must be greater than or equal to 0\n"
    )


def test_documents_before_a_syntax_error_are_still_checked(tmp_path: Path) -> None:
    """A YAML error in document 2 does not hide document 1's verdict."""
    path = tmp_path / "m.yaml"
    path.write_text(EXAMPLE.read_text() + "---\nkind: Job\nmetadata:\n  name: 'open\n")
    result = validate(str(path))
    assert result.exit_code == 2
    assert result.stdout == f"OK  {path}, document 1 (line 3), Job/example-job\n"
    assert result.stderr == (
        f"error: {path}, document 2 (line 21): invalid YAML: while scanning a quoted scalar"
        " (line 20): found unexpected end of stream\n"
    )


def test_repeated_name_is_already_exists() -> None:
    """The second object with the same name fails as the apiserver's AlreadyExists."""
    result = validate(str(EXAMPLE), str(EXAMPLE))
    assert result.exit_code == 2
    assert result.stderr == (
        f'error: {EXAMPLE}, document 1 (line 3), Job/example-job: jobs.batch "example-job"'
        " already exists\n"
    )


def test_object_in_a_missing_namespace_is_not_found(tmp_path: Path) -> None:
    """A namespaced object in a namespace that was never created is refused (NotFound)."""
    path = tmp_path / "ns.yaml"
    path.write_text(
        EXAMPLE.read_text().replace(
            "  name: example-job\nspec", "  name: x\n  namespace: nope\nspec"
        )
    )
    result = validate(str(path))
    assert result.exit_code == 2
    assert (
        result.stderr == f'error: {path}, document 1 (line 3), Job/x: namespaces "nope" not found\n'
    )


def test_stdin_is_read_for_dash() -> None:
    """'-' reads the manifest from standard input, named <stdin> in messages."""
    result = validate("-", stdin=EXAMPLE.read_bytes())
    assert_no_traceback(result)
    assert (result.exit_code, result.stdout) == (
        0,
        "OK  <stdin>, document 1 (line 3), Job/example-job\n",
    )


def test_bad_stdin_is_an_error() -> None:
    """Non-UTF-8 bytes on stdin are an error, not a UnicodeDecodeError."""
    result = validate("-", stdin=b"kind: \xff\n")
    assert_no_traceback(result)
    assert (result.exit_code, result.stderr) == (
        2,
        "error: <stdin>: file is not UTF-8 text (invalid byte at offset 6)\n",
    )


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    """UTF-16 with a byte order mark is text too (kubectl's unicode.BOMOverride)."""
    path = tmp_path / "u16.yaml"
    path.write_bytes(EXAMPLE.read_text().encode("utf-16"))
    result = validate(str(path))
    assert (result.exit_code, result.stdout) == (
        0,
        f"OK  {path}, document 1 (line 3), Job/example-job\n",
    )


def test_no_file_is_a_usage_error() -> None:
    """Without FILE, click prints the usage and exits 2."""
    result = validate()
    assert result.exit_code == 2
    assert "Missing argument 'FILE...'" in result.stderr


def test_console_script_runs_as_a_real_process() -> None:
    """The installed ``jobsim`` script validates, reads stdin and exits 2 with no traceback."""
    script = Path(sys.executable).with_name("jobsim")
    bad = BAD / "unknown-field-spec.yaml"
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    proc = subprocess.run(
        [str(script), "validate", "-", str(bad)],
        input=EXAMPLE.read_bytes(),
        capture_output=True,
        timeout=60,
        check=False,
        env=env,
    )
    assert proc.returncode == 2
    assert proc.stdout == b"OK  <stdin>, document 1 (line 3), Job/example-job\n"
    assert proc.stderr.decode() == (
        f"error: {bad}, document 1 (line 6), Job/pi: {CANNOT_HANDLE}strict decoding error:"
        ' unknown field "spec.paralelism"\n'
    )


YAMLISH = st.text(
    alphabet=st.sampled_from(list("abk:- \n\t'\"{}[],&*!|>#%@`?=~01.\\\x01é")), max_size=60
)


@given(text=YAMLISH)
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Whatever the input, the command exits 0 or 2 with no traceback."""
    result = validate("-", stdin=text.encode("utf-8"))
    assert_no_traceback(result)
    assert result.exit_code in (0, 2)


@given(
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
        ),
        max_leaves=10,
    ),
    field=st.sampled_from(
        ["parallelism", "completions", "selector", "template", "podFailurePolicy", "x"]
    ),
)
def test_arbitrary_field_values_never_crash(value: object, field: str) -> None:
    """Any JSON value in a Job spec field gives OK or an error, never a traceback."""
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "x"},
        "spec": {field: value},
    }
    result = validate("-", stdin=json.dumps(doc).encode())
    assert_no_traceback(result)
    assert result.exit_code in (0, 2)


SCENARIOS = Path(__file__).parent.parent / "scenarios"


@pytest.mark.parametrize(
    "path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name if isinstance(p, Path) else p
)
def test_every_shipped_scenario_validates(path: Path) -> None:
    """Scenario files validate: their manifests as on create, their Scenario document too."""
    result = validate(str(path))
    assert_no_traceback(result)
    assert result.exit_code == 0, result.stderr
    if "kind: Scenario" in path.read_text(encoding="utf-8"):
        assert any(line.endswith(", Scenario") for line in result.stdout.splitlines())


def test_bad_scenario_document_is_reported_with_its_location(tmp_path: Path) -> None:
    """A bad duration and a negative action time in a Scenario document: exit 2, located."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "apiVersion: jobsim.dev/v1alpha1\n"
        "kind: Scenario\n"
        "until: 10x\n"
        "timeline:\n"
        "- at: -5s\n"
        "  action: scale\n"
        "  job: pi\n"
        "  parallelism: 2\n",
        encoding="utf-8",
    )
    for result in (validate(str(bad)), validate("-", stdin=bad.read_bytes())):
        assert_no_traceback(result)
        assert result.exit_code == 2
        lines = result.stderr.splitlines()
        assert any("document 1 (line 3), Scenario: until:" in line for line in lines)
        assert any(
            "(line 5), Scenario: timeline[0].at: must not be negative" in line for line in lines
        )
