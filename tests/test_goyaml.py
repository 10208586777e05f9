"""We test these aspects: the YAML loader reads scalars and keys as kubectl does.

kubectl decodes manifests with ``sigs.k8s.io/yaml``: go-yaml v2 into ``interface{}``
(``resolve.go``: the resolve table, ``ParseInt(s, 0, 64)`` after removing ``_``,
``yamlStyleFloat``, no base-60, timestamps kept as strings), then Go's ``json.Marshal``
(an integral float prints as an integer; NaN/Inf are unsupported), with non-string
keys converted by ``convertToJSONableObject``. PyYAML's YAML 1.1 rules differ on each of
the cases below.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from jobsim.goyaml import GoYAMLLoader


def load(text: str) -> Any:
    """Load one document with the loader under test."""
    return yaml.load(text, Loader=GoYAMLLoader)


SCALARS = [
    ("y", True, "go-yaml v2 bool: y"),
    ("Yes", True, "go-yaml v2 bool: Yes"),
    ("on", True, "go-yaml v2 bool: on"),
    ("N", False, "go-yaml v2 bool: N"),
    ("off", False, "go-yaml v2 bool: off"),
    ("~", None, "null"),
    ("0x1F", 31, "hex"),
    ("0o17", 15, "0o octal (ParseInt base 0)"),
    ("017", 15, "leading-zero octal"),
    ("0b101", 5, "binary"),
    ("-0b11", -3, "negative binary"),
    ("1_000", 1000, "underscores removed"),
    ("+12", 12, "explicit plus"),
    ("08", 8, "not octal: read as the float 8, printed 8 by json.Marshal"),
    ("1e3", 1000, "exponent without dot is a float (PyYAML: a string)"),
    ("2.0", 2, "integral float prints as an integer in JSON"),
    ("1.5", 1.5, "float"),
    (".5", 0.5, "leading-dot float"),
    ("99999999999999999999", 10**20, "beyond uint64: a float, printed exactly"),
    ("18446744073709551615", 2**64 - 1, "uint64 max stays an integer"),
    ("1:30", "1:30", "no base-60 (PyYAML: 90)"),
    ("=", "=", "no YAML 1.1 value tag (PyYAML: constructor error)"),
    ("2020-01-01", "2020-01-01", "timestamps stay strings"),
    ("2020-01-01T10:00:00Z", "2020-01-01T10:00:00Z", "RFC 3339 stays a string"),
    ("1e400", "1e400", "float overflow is a string (ParseFloat fails)"),
    ("0x", "0x", "bare prefix is a string"),
    ("+", "+", "a lone sign is a string"),
    ("12abc", "12abc", "digits then letters"),
    ('"5"', "5", "quoted stays a string"),
    ("!!str 5", "5", "explicit !!str"),
    ("!!int '0x10'", 16, "explicit !!int"),
    ("!!float 3", 3, "explicit !!float of an integer prints as an integer"),
    ("!!timestamp 2020-01-01", "2020-01-01", "explicit !!timestamp is its text"),
]


@pytest.mark.parametrize(
    ("text", "expected"), [s[:2] for s in SCALARS], ids=[s[2] for s in SCALARS]
)
def test_plain_scalars_resolve_as_go_yaml_v2(text: str, expected: object) -> None:
    """Each scalar decodes to the JSON value kubectl would send."""
    value = load(f"v: {text}")["v"]
    assert value == expected
    assert type(value) is type(expected)


KEYS = [
    ("1: a", {"1": "a"}, "integer key becomes its decimal text"),
    ("true: a", {"true": "a"}, "boolean key"),
    ("on: a", {"true": "a"}, "go-yaml v2 reads 'on' as true, then the key is 'true'"),
    ("1.5: a", {"1.5": "a"}, "float key"),
    ("'1': a", {"1": "a"}, "quoted key stays"),
]


@pytest.mark.parametrize(("text", "expected"), [k[:2] for k in KEYS], ids=[k[2] for k in KEYS])
def test_non_string_keys_become_strings(text: str, expected: dict[str, str]) -> None:
    """Integer, boolean and float keys are converted as sigs.k8s.io/yaml converts them."""
    assert load(text) == expected


REJECTED = [
    ("v: .inf", "json: unsupported value: +Inf", "infinity is not JSON"),
    ("v: -.inf", "json: unsupported value: -Inf", "negative infinity is not JSON"),
    ("v: .nan", "json: unsupported value: NaN", "NaN is not JSON"),
    ("? [a]\n: b", "unsupported map key of type sequence", "sequence key"),
    ("~: b", "unsupported map key of type null", "null key"),
    ("v: !!int abc", "cannot decode !!str `abc` as a !!int", "bad explicit int"),
    ("v: !!float abc", "cannot decode !!str `abc` as a !!float", "bad explicit float"),
    ("v: !!bool maybe", "cannot decode !!str `maybe` as a !!bool", "bad explicit bool"),
    ("v: !!binary aGk=", "tag:yaml.org,2002:binary is not supported", "binary"),
    ("v: !!set {a}", "tag:yaml.org,2002:set is not supported", "set"),
    ("v: !!python/name:os.system ''", "could not determine a constructor", "python tags"),
    ("a: 1\nb: 2\na: 3", 'key "a" already set in map', "duplicate key"),
    ("1: x\n'1': y", 'key "1" already set in map', "duplicate after key conversion"),
]


@pytest.mark.parametrize(
    ("text", "message"), [r[:2] for r in REJECTED], ids=[r[2] for r in REJECTED]
)
def test_non_json_input_is_rejected(text: str, message: str) -> None:
    """Values JSON cannot carry, and repeated keys, raise a YAML error naming the problem."""
    with pytest.raises(yaml.YAMLError) as info:
        load(text)
    assert message in str(info.value)


def test_duplicate_key_error_points_at_the_second_key() -> None:
    """The duplicate-key error's mark is the repeated key's line (go-yaml strict mode)."""
    with pytest.raises(yaml.constructor.ConstructorError) as info:
        load("a: 1\nb: 2\na: 3\n")
    assert info.value.problem_mark is not None
    assert info.value.problem_mark.line + 1 == 3


def test_merge_keys_are_overridden_by_the_mapping_own_keys() -> None:
    """``<<`` merges are not duplicates; the mapping's own keys win, earlier merges first."""
    text = "a: &a {p: 1, q: 1}\nb: &b {q: 2, r: 2}\nc:\n  <<: [*a, *b]\n  p: 3\n"
    assert load(text)["c"] == {"p": 3, "q": 1, "r": 2}


def test_aliases_share_the_anchored_value() -> None:
    """An alias decodes to the anchored value (a JSON copy of it, for kubectl)."""
    assert load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}
