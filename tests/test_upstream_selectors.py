"""We test these aspects:

- upstream's own label-selector test tables, case for case: TestSelectorParse,
  TestDeterministicParse, TestEverything, TestSelectorMatches, TestSetMatches,
  TestNilMapIsValid, TestSetIsEmpty, TestRequirementConstructor (with the exact messages
  NewRequirement builds, including the NotSupported operator error), TestToString,
  TestRequirementSelectorMatching, TestSetSelectorParser, TestAdd, TestSafeSort,
  TestRequiresExactMatch and TestValidatedSelectorFromSet
  (k8s.io/apimachinery pkg/labels/selector_test.go);
- the ``labels.Set`` helpers: TestSetString, TestLabelConflict, TestLabelMerge and
  TestLabelSelectorParse (ConvertSelectorToLabelsMap) (pkg/labels/labels_test.go);
- TestLabelSelectorAsSelector and TestLabelSelectorAsMap
  (pkg/apis/meta/v1/helpers_test.go);
- field selectors: TestSplitTerms/TestSplitTerm (through ``parse``), TestEscapeValue,
  TestSelectorParse, TestDeterministicParse, TestEverything, TestSelectorMatches,
  TestOneTermEqualSelector, TestSetMatches, TestNilMapIsValid, TestSetIsEmpty and
  TestRequiresExactMatch (pkg/fields/selector_test.go).

Messages are the texts upstream's code produces (pkg/labels/selector.go NewRequirement,
pkg/labels/labels.go ConvertSelectorToLabelsMap, pkg/apis/meta/v1/helpers.go,
pkg/fields/selector.go UnescapeValue/parseSelector).
"""

from __future__ import annotations

import pytest

from jobsim import fields, labels
from jobsim.api.meta_v1 import LabelSelector
from jobsim.labels import Operator, SelectorParseError

VALUE_RULE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
NAME_RULE = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


# --- pkg/labels/selector_test.go ------------------------------------------------------------

GOOD = ["x=a,y=b,z=c", "", "x!=a,y=b", "x=", "x= ", "x=,z= ", "x= ,z= ", "!x", "x>1", "x>1,z<5"]


@pytest.mark.parametrize("text", GOOD, ids=[f"TestSelectorParse/good/{t!r}" for t in GOOD])
def test_label_selector_parse_good_strings_restring_without_spaces(text: str) -> None:
    """TestSelectorParse: good strings parse and String() is the input minus spaces."""
    assert str(labels.parse(text)) == text.replace(" ", "")


BAD = [
    ("x=a||y=b", 'unable to parse requirement: values[0][x]: Invalid value: "a||y": '
     + VALUE_RULE),
    ("x==a==b", "found '==', expected: ',' or 'end of string'"),
    ("!x=a", "found '=', expected: ',' or 'end of string'"),
    ("x<a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' "
     "operators, the value must be an integer"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"), BAD, ids=[f"TestSelectorParse/bad/{t!r}" for t, _ in BAD]
)
def test_label_selector_parse_bad_strings(text: str, message: str) -> None:
    """TestSelectorParse: bad strings fail, with the message upstream's parser builds."""
    with pytest.raises(SelectorParseError) as caught:
        labels.parse(text)
    assert str(caught.value) == message


def test_label_deterministic_parse() -> None:
    """TestDeterministicParse: term order in the input does not change String()."""
    assert str(labels.parse("x=a,a=x")) == str(labels.parse("a=x,x=a")) == "a=x,x=a"


def test_label_everything() -> None:
    """TestEverything / TestNilMapIsValid / TestSetIsEmpty: Everything matches and is empty."""
    assert labels.everything().matches({"x": "y"})
    assert labels.everything().empty()
    assert labels.selector_from_set(None).empty()
    assert labels.selector_from_set({}).empty()
    assert not labels.nothing().empty()


SELECTOR_MATCHES = [
    ("", {"x": "y"}, True),
    ("x=y", {"x": "y"}, True),
    ("x=y,z=w", {"x": "y", "z": "w"}, True),
    ("x!=y,z!=w", {"x": "z", "z": "a"}, True),
    ("notin=in", {"notin": "in"}, True),  # in and notin in exactMatch
    ("x", {"x": "z"}, True),
    ("!x", {"y": "z"}, True),
    ("x>1", {"x": "2"}, True),
    ("x<1", {"x": "0"}, True),
    ("x=z", {}, False),
    ("x=y", {"x": "z"}, False),
    ("x=y,z=w", {"x": "w", "z": "w"}, False),
    ("x!=y,z!=w", {"x": "z", "z": "w"}, False),
    ("x", {"y": "z"}, False),
    ("!x", {"x": "z"}, False),
    ("x>1", {"x": "0"}, False),
    ("x<1", {"x": "2"}, False),
    ("foo=bar", {"foo": "bar", "baz": "blah"}, True),
    ("baz=blah", {"foo": "bar", "baz": "blah"}, True),
    ("foo=bar,baz=blah", {"foo": "bar", "baz": "blah"}, True),
    ("foo=blah", {"foo": "bar", "baz": "blah"}, False),
    ("baz=bar", {"foo": "bar", "baz": "blah"}, False),
    ("foo=bar,foobar=bar,baz=blah", {"foo": "bar", "baz": "blah"}, False),
]


@pytest.mark.parametrize(
    ("text", "label_set", "expected"),
    SELECTOR_MATCHES,
    ids=[f"TestSelectorMatches/{t!r}/{s}" for t, s, _ in SELECTOR_MATCHES],
)
def test_label_selector_matches(text: str, label_set: dict[str, str], expected: bool) -> None:
    """TestSelectorMatches: expectMatch / expectNoMatch on parsed selectors."""
    assert labels.parse(text).matches(label_set) is expected


SET_MATCHES = [{}, {"foo": "bar"}, {"baz": "blah"}, {"foo": "bar", "baz": "blah"}]


@pytest.mark.parametrize(
    "selector_set", SET_MATCHES, ids=[f"TestSetMatches/{s}" for s in SET_MATCHES]
)
def test_label_set_matches(selector_set: dict[str, str]) -> None:
    """TestSetMatches: SelectorFromSet of a subset matches the full set."""
    assert labels.selector_from_set(selector_set).matches({"foo": "bar", "baz": "blah"})


CONSTRUCTOR = [
    ("x", "in", None, "values: Invalid value: null: for 'in', 'notin' operators, values set "
     "can't be empty"),
    ("x", "notin", [], "values: Invalid value: []: for 'in', 'notin' operators, values set "
     "can't be empty"),
    ("x", "in", ["foo"], None),
    ("x", "notin", ["foo"], None),
    ("x", "exists", None, None),
    ("x", "!", None, None),
    ("1foo", "in", ["bar"], None),
    ("1234", "in", ["bar"], None),
    ("y", "gt", ["1"], None),
    ("z", "lt", ["6"], None),
    ("foo", "gt", ["bar"], "values[0]: Invalid value: \"bar\": for 'Gt', 'Lt' operators, the "
     "value must be an integer"),
    ("barz", "lt", ["blah"], "values[0]: Invalid value: \"blah\": for 'Gt', 'Lt' operators, "
     "the value must be an integer"),
    ("a" * 254, "exists", None, f'key: Invalid value: "{"a" * 254}": name part must be no more '
     "than 63 bytes"),
    # The newer upstream table adds these (x5, x8, x13, x16, x17, x18).
    ("x5", "=", ["bar", "foo"], 'values: Invalid value: ["bar","foo"]: exact-match '
     "compatibility requires one single value"),
    ("x8", "exists", ["foo"], 'values: Invalid value: ["foo"]: values set must be empty for '
     "exists and does not exist"),
    ("x13", "gt", None, "values: Invalid value: null: for 'Gt', 'Lt' operators, exactly one "
     "value is required"),
    ("x16", "=", ["a" * 254], f'values[0][x16]: Invalid value: "{"a" * 254}": must be no more '
     "than 63 bytes"),
    ("x17", "=", ["a b"], 'values[0][x17]: Invalid value: "a b": ' + VALUE_RULE),
    ("x18", "unsupportedOp", None, 'operator: Unsupported value: "unsupportedOp": supported '
     'values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "operator", "values", "message"),
    CONSTRUCTOR,
    ids=[f"TestRequirementConstructor/{k[:8]}/{o}/{v}" for k, o, v, _ in CONSTRUCTOR],
)
def test_requirement_constructor(
    key: str, operator: str, values: list[str] | None, message: str | None
) -> None:
    """TestRequirementConstructor: NewRequirement accepts or rejects with upstream's text."""
    if message is None:
        requirement = labels.new_requirement(key, operator, values)
        assert (requirement.key, requirement.operator.value) == (key, operator)
        return
    with pytest.raises(SelectorParseError) as caught:
        labels.new_requirement(key, operator, values)
    assert str(caught.value) == message


def _selector(*reqs: tuple[str, str, list[str] | None]) -> labels.Selector:
    return labels.Selector(labels.new_requirement(k, o, v) for k, o, v in reqs)


TO_STRING = [
    (_selector(("x", "in", ["abc", "def"]), ("y", "notin", ["jkl"]), ("z", "exists", None)),
     "x in (abc,def),y notin (jkl),z"),
    (_selector(("x", "notin", ["abc", "def"]), ("y", "!=", ["jkl"]), ("z", "!", None)),
     "x notin (abc,def),y!=jkl,!z"),
    (_selector(("x", "notin", ["abc"]), ("y", "in", ["jkl", "mno"]), ("z", "notin", [""])),
     "x notin (abc),y in (jkl,mno),z notin ()"),
    (_selector(("x", "=", ["abc"]), ("y", "==", ["jkl"]), ("z", "!=", ["a"]),
               ("z", "exists", None)), "x=abc,y==jkl,z!=a,z"),
    (_selector(("x", "gt", ["2"]), ("y", "lt", ["8"]), ("z", "exists", None)), "x>2,y<8,z"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("selector", "expected"), TO_STRING, ids=[f"TestToString/{e}" for _, e in TO_STRING]
)
def test_to_string(selector: labels.Selector, expected: str) -> None:
    """TestToString: String() of selectors built from NewRequirement (the valid cases)."""
    assert str(selector) == expected


REQUIREMENT_MATCHING = [
    ({"x": "foo", "y": "baz"}, _selector(("x", "in", ["foo"]), ("y", "notin", ["alpha"])), True),
    ({"x": "foo", "y": "baz"}, _selector(("x", "in", ["foo"]), ("y", "in", ["alpha"])), False),
    ({"y": ""}, _selector(("x", "notin", [""]), ("y", "exists", None)), True),
    ({"y": ""}, _selector(("x", "!", None), ("y", "exists", None)), True),
    ({"y": ""}, _selector(("x", "notin", [""]), ("y", "!", None)), False),
    ({"y": "baz"}, _selector(("x", "in", [""])), False),
    ({"z": "2"}, _selector(("z", "gt", ["1"])), True),
    ({"z": "v2"}, _selector(("z", "gt", ["1"])), False),
]  # fmt: skip


@pytest.mark.parametrize(
    ("label_set", "selector", "expected"),
    REQUIREMENT_MATCHING,
    ids=[f"TestRequirementSelectorMatching/{i}" for i in range(1, len(REQUIREMENT_MATCHING) + 1)],
)
def test_requirement_selector_matching(
    label_set: dict[str, str], selector: labels.Selector, expected: bool
) -> None:
    """TestRequirementSelectorMatching: AND of requirements built with NewRequirement."""
    assert selector.matches(label_set) is expected


SET_SELECTOR_PARSER = [
    ("", _selector()),
    ("\rx", _selector(("x", "exists", None))),
    ("this-is-a-dns.domain.com/key-with-dash",
     _selector(("this-is-a-dns.domain.com/key-with-dash", "exists", None))),
    ("this-is-another-dns.domain.com/key-with-dash in (so,what)",
     _selector(("this-is-another-dns.domain.com/key-with-dash", "in", ["so", "what"]))),
    ("0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
     _selector(("0.1.2.domain/99", "notin", ["10.10.100.1", "tick.tack.clock"]))),
    ("foo  in\t (abc)", _selector(("foo", "in", ["abc"]))),
    ("x notin\n (abc)", _selector(("x", "notin", ["abc"]))),
    ("x  notin\t\t\t(abc,def)", _selector(("x", "notin", ["abc", "def"]))),
    ("x in (abc,def)", _selector(("x", "in", ["abc", "def"]))),
    ("x in (abc,)", _selector(("x", "in", ["", "abc"]))),
    ("x in ()", _selector(("x", "in", [""]))),
    ("x notin (abc,,def),bar,z in (),w", _selector(
        ("bar", "exists", None), ("w", "exists", None), ("x", "notin", ["", "abc", "def"]),
        ("z", "in", [""]))),
    ("x=a", _selector(("x", "=", ["a"]))),
    ("x>1", _selector(("x", "gt", ["1"]))),
    ("x<7", _selector(("x", "lt", ["7"]))),
    ("x=a,y!=b", _selector(("x", "=", ["a"]), ("y", "!=", ["b"]))),
    ("x=a,y!=b,z in (h,i,j)",
     _selector(("x", "=", ["a"]), ("y", "!=", ["b"]), ("z", "in", ["h", "i", "j"]))),
    ("x notin ( )", _selector(("x", "notin", [""]))),
    ("x notin (, a)", _selector(("x", "notin", ["", "a"]))),
    ("a ", _selector(("a", "exists", None))),
    # operator 'in' inside list of identifiers
    ("a in (x,y,notin, z,in)", _selector(("a", "in", ["in", "notin", "x", "y", "z"]))),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    SET_SELECTOR_PARSER,
    ids=[f"TestSetSelectorParser/{t!r}" for t, _ in SET_SELECTOR_PARSER],
)
def test_set_selector_parser_valid(text: str, expected: labels.Selector) -> None:
    """TestSetSelectorParser (valid, Match): Parse equals the NewRequirement-built selector."""
    parsed = labels.parse(text)
    assert parsed == expected
    assert parsed.requirements == expected.requirements  # same order and stored values


def test_set_selector_parser_valid_without_match() -> None:
    """TestSetSelectorParser "x,y in (a)": valid; requirements sorted by key (x before y)."""
    assert str(labels.parse("x,y in (a)")) == "x,y in (a)"


SET_SELECTOR_PARSER_BAD = [
    ("x=a||y=b", 'unable to parse requirement: values[0][x]: Invalid value: "a||y": '
     + VALUE_RULE),
    ("x,,y", "found ',', expected: identifier after ','"),
    (",x,y", "found ',', expected: !, identifier, or 'end of string'"),
    ("x nott in (y)", "unable to parse requirement: found 'nott', expected: in, notin, =, ==, "
     "!=, gt, lt"),
    ("a in (xyz),", "found '', expected: identifier after ','"),
    ("a in (xyz)b notin ()", "found 'b', expected: ',' or 'end of string'"),
    ("a in (xyz abc)", "unable to parse requirement: found 'abc', expected: ',' or ')'"),
    ("a notin(", "unable to parse requirement: found '', expected: ',', ')' or identifier"),
    ("a (", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt"),
    ("(", "found '(', expected: !, identifier, or 'end of string'"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "message"),
    SET_SELECTOR_PARSER_BAD,
    ids=[f"TestSetSelectorParser/invalid/{t!r}" for t, _ in SET_SELECTOR_PARSER_BAD],
)
def test_set_selector_parser_invalid(text: str, message: str) -> None:
    """TestSetSelectorParser (invalid): Parse fails with upstream's parser message."""
    with pytest.raises(SelectorParseError) as caught:
        labels.parse(text)
    assert str(caught.value) == message


def test_add() -> None:
    """TestAdd: Add returns a new selector sorted by key; the receiver is unchanged."""
    empty = labels.Selector()
    one = empty.add(labels.new_requirement("key", Operator.IN, ["value"]))
    assert str(empty) == "" and str(one) == "key in (value)"
    two = one.add(labels.new_requirement("key2", Operator.EQUALS, ["value2"]))
    assert str(two) == "key in (value),key2=value2"


SAFE_SORT = [
    ("ordered strings", ["bar", "foo"], "k in (bar,foo)"),
    ("unordered strings", ["foo", "bar"], "k in (bar,foo)"),
    ("duplicated strings", ["foo", "bar", "foo", "bar"], "k in (bar,bar,foo,foo)"),
]


@pytest.mark.parametrize(
    ("name", "values", "expected"), SAFE_SORT, ids=[f"TestSafeSort/{n}" for n, _, _ in SAFE_SORT]
)
def test_safe_sort(name: str, values: list[str], expected: str) -> None:
    """TestSafeSort: String() shows values sorted, the stored values are not reordered."""
    requirement = labels.new_requirement("k", Operator.IN, values)
    assert str(requirement) == expected
    assert list(requirement.values) == values


REQUIRES_EXACT_MATCH = [
    ("keyInOperatorExactMatch", "key in (value)", "key", "value"),
    ("keyInOperatorNotExactMatch", "key in (value,value2)", "key", None),
    ("keyInOperatorNotExactMatch2", "key in (value,value1),key2 in (value2)", "key2", "value2"),
    ("keyEqualOperatorExactMatch", "key=value", "key", "value"),
    ("keyDoubleEqualOperatorExactMatch", "key==value", "key", "value"),
    ("keyNotEqualOperatorExactMatch", "key!=value", "key", None),
    ("keyEqualOperatorExactMatchFirst", "key in (value),key2 in (value2)", "key", "value"),
]


@pytest.mark.parametrize(
    ("name", "text", "label", "expected"),
    REQUIRES_EXACT_MATCH,
    ids=[f"TestRequiresExactMatch/{n}" for n, *_ in REQUIRES_EXACT_MATCH],
)
def test_label_requires_exact_match(name: str, text: str, label: str, expected: str | None) -> None:
    """TestRequiresExactMatch: only =, == and single-valued in pin the label."""
    assert labels.parse(text).requires_exact_match(label) == expected


def test_validated_selector_from_set() -> None:
    """TestValidatedSelectorFromSet: a valid set is key=val; a too-long value is rejected."""
    assert str(labels.validated_selector_from_set({"key": "val"})) == "key=val"
    long_value = "axahm2EJ8Phiephe2eixohbee9eGeiyees1thuozi1xoh0GiuH3diewi8iem7Nui"
    with pytest.raises(SelectorParseError) as caught:
        labels.validated_selector_from_set({"Key": long_value})
    assert str(caught.value) == (
        f'values[0][Key]: Invalid value: "{long_value}": must be no more than 63 bytes'
    )


# --- pkg/labels/labels_test.go ---------------------------------------------------------------

SET_STRINGS = [({"x": "y"}, "x=y"), ({"foo": "bar"}, "foo=bar"),
               ({"foo": "bar", "baz": "qup"}, "baz=qup,foo=bar")]  # fmt: skip


@pytest.mark.parametrize(
    ("label_set", "expected"), SET_STRINGS, ids=[f"TestSetString/{e}" for _, e in SET_STRINGS]
)
def test_set_string(label_set: dict[str, str], expected: str) -> None:
    """TestSetString: pairs sorted and joined; FormatLabels shows <none> for an empty map."""
    assert labels.set_string(label_set) == expected
    assert labels.format_labels(label_set) == expected
    assert labels.format_labels({}) == labels.format_labels(None) == "<none>"


CONFLICTS = [
    ({}, {}, False),
    ({"env": "test"}, {"infra": "true"}, False),
    ({"env": "test"}, {"infra": "true", "env": "test"}, False),
    ({"env": "test"}, {"env": "dev"}, True),
    ({"env": "test", "infra": "false"}, {"infra": "true", "color": "blue"}, True),
]


@pytest.mark.parametrize(
    ("labels1", "labels2", "expected"),
    CONFLICTS,
    ids=[f"TestLabelConflict/{i}" for i in range(len(CONFLICTS))],
)
def test_label_conflict(labels1: dict[str, str], labels2: dict[str, str], expected: bool) -> None:
    """TestLabelConflict: a shared key with different values conflicts, either way round."""
    assert labels.conflicts(labels1, labels2) is expected
    assert labels.conflicts(labels2, labels1) is expected


MERGES = [
    ({}, {}, {}),
    ({"infra": "true"}, {}, {"infra": "true"}),
    ({"infra": "true"}, {"env": "test", "color": "blue"},
     {"infra": "true", "env": "test", "color": "blue"}),
    ({"env": "a"}, {"env": "b"}, {"env": "b"}),  # the doc comment: labels2 wins
]  # fmt: skip


@pytest.mark.parametrize(
    ("labels1", "labels2", "expected"), MERGES, ids=[f"TestLabelMerge/{i}" for i in range(4)]
)
def test_label_merge(
    labels1: dict[str, str], labels2: dict[str, str], expected: dict[str, str]
) -> None:
    """TestLabelMerge: the union of both maps, the second winning on shared keys."""
    assert labels.merge(labels1, labels2) == expected


LABELS_MAP_VALID = [
    ("", {}),
    ("x=a", {"x": "a"}),
    ("x=a,y=b,z=c", {"x": "a", "y": "b", "z": "c"}),
    (" x = a , y = b , z = c ", {"x": "a", "y": "b", "z": "c"}),
    ("color=green,env=test,service=front", {"color": "green", "env": "test", "service": "front"}),
    ("color=green, env=test, service=front", {"color": "green", "env": "test", "service": "front"}),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    LABELS_MAP_VALID,
    ids=[f"TestLabelSelectorParse/{t!r}" for t, _ in LABELS_MAP_VALID],
)
def test_convert_selector_to_labels_map(text: str, expected: dict[str, str]) -> None:
    """TestLabelSelectorParse (valid): ConvertSelectorToLabelsMap trims keys and values."""
    assert labels.convert_selector_to_labels_map(text) == expected


LABELS_MAP_INVALID = [
    (",", "invalid selector: []"),
    ("x", "invalid selector: [x]"),
    ("x,y", "invalid selector: [x]"),
    ("x=$y", '[x]: Invalid value: "$y": ' + VALUE_RULE),
    ("x!=y", '<nil>: Invalid value: "x!": ' + NAME_RULE),
    ("x==y", "invalid selector: [x  y]"),
    ("x=a||y=b", "invalid selector: [x a||y b]"),
    ("x in (y)", "invalid selector: [x in (y)]"),
    ("x notin (y)", "invalid selector: [x notin (y)]"),
    ("x y", "invalid selector: [x y]"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    LABELS_MAP_INVALID,
    ids=[f"TestLabelSelectorParse/invalid/{t!r}" for t, _ in LABELS_MAP_INVALID],
)
def test_convert_selector_to_labels_map_invalid(text: str, message: str) -> None:
    """TestLabelSelectorParse (invalid): Go's %s of the split term, or the field error."""
    with pytest.raises(SelectorParseError) as caught:
        labels.convert_selector_to_labels_map(text)
    assert str(caught.value) == message


# --- pkg/apis/meta/v1/helpers_test.go --------------------------------------------------------

_BAZ_IN = [{"key": "baz", "operator": "In", "values": ["qux", "norf"]}]
AS_SELECTOR = [
    ({"matchLabels": {"foo": "bar"}}, "foo=bar"),
    ({"matchExpressions": _BAZ_IN}, "baz in (norf,qux)"),
    ({"matchLabels": {"foo": "bar"}, "matchExpressions": _BAZ_IN}, "baz in (norf,qux),foo=bar"),
]


@pytest.mark.parametrize(
    ("data", "expected"),
    AS_SELECTOR,
    ids=[f"TestLabelSelectorAsSelector/{e}" for _, e in AS_SELECTOR],
)
def test_label_selector_as_selector(data: dict[str, object], expected: str) -> None:
    """TestLabelSelectorAsSelector: equals the parsed string, the input is not modified."""
    ls = LabelSelector.from_dict(data)
    before = ls.to_dict()
    assert labels.selector_from_label_selector(ls) == labels.parse(expected)
    assert ls.to_dict() == before


def test_label_selector_as_selector_exists_with_values_fails() -> None:
    """TestLabelSelectorAsSelector: Exists with values is an error."""
    ls = LabelSelector.from_dict(
        {"matchExpressions": [{"key": "baz", "operator": "Exists", "values": ["qux", "norf"]}]}
    )
    with pytest.raises(SelectorParseError) as caught:
        labels.selector_from_label_selector(ls)
    assert str(caught.value) == (
        'values: Invalid value: ["qux","norf"]: values set must be empty for exists and does '
        "not exist"
    )


def _expr(operator: str, values: list[str]) -> list[dict[str, object]]:
    return [{"key": "baz", "operator": operator, "values": values}]


AS_MAP = [
    ({"matchLabels": {"foo": "bar"}}, {"foo": "bar"}, None),
    ({"matchLabels": {"foo": "bar"}, "matchExpressions": _expr("In", ["norf"])},
     {"foo": "bar", "baz": "norf"}, None),
    ({"matchExpressions": _expr("In", ["norf"])}, {"baz": "norf"}, None),
    ({"matchLabels": {"foo": "bar"}, "matchExpressions": _expr("In", ["norf", "qux"])}, None,
     'operator "In" without a single value cannot be converted into the old label selector '
     "format"),
    ({"matchExpressions": _expr("NotIn", ["norf", "qux"])}, None,
     'operator "NotIn" cannot be converted into the old label selector format'),
    ({"matchLabels": {"foo": "bar"}, "matchExpressions": _expr("Exists", [])}, None,
     'operator "Exists" cannot be converted into the old label selector format'),
    ({"matchExpressions": _expr("DoesNotExist", [])}, None,
     'operator "DoesNotExist" cannot be converted into the old label selector format'),
    ({"matchExpressions": _expr("Foo", [])}, None, '"Foo" is not a valid selector operator'),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "expected", "message"),
    AS_MAP,
    ids=[f"TestLabelSelectorAsMap/{i}" for i in range(1, len(AS_MAP) + 1)],
)
def test_label_selector_as_map(
    data: dict[str, object], expected: dict[str, str] | None, message: str | None
) -> None:
    """TestLabelSelectorAsMap: plain labels out, or upstream's conversion error."""
    ls = LabelSelector.from_dict(data)
    if message is None:
        assert labels.label_selector_as_map(ls) == expected
        return
    with pytest.raises(SelectorParseError) as caught:
        labels.label_selector_as_map(ls)
    assert str(caught.value) == message


def test_label_selector_as_map_of_nil_is_nil() -> None:
    """TestLabelSelectorAsMap: a nil selector converts to a nil map."""
    assert labels.label_selector_as_map(None) is None


# --- pkg/fields/selector_test.go -------------------------------------------------------------

SPLIT = [
    ("a=avalue,b=bvalue", "a=avalue,b=bvalue"),
    ("a=avalue,b==bvalue,c!=cvalue", "a=avalue,b=bvalue,c!=cvalue"),
    ("a=a,", "a=a"),
    (",a=a", "a=a"),
    # Terms are sorted as written: "k2..." sorts before "k=..." ('2' < '=').
    ("k=\\,,k2=v2", "k2=v2,k=\\,"),  # escaped comma in value
    ("k=\\\\,k2=v2", "k2=v2,k=\\\\"),  # escaped backslash, unescaped comma
    ("k=\\\\\\,,k2=v2", "k2=v2,k=\\\\\\,"),  # escaped backslash and comma
    ("함=수,목=록", "목=록,함=수"),  # multi-byte; terms sorted by bytes
    ("k=\\=", "k=\\="),
]


@pytest.mark.parametrize(
    ("text", "expected"), SPLIT, ids=[f"TestSplitTerms/{t!r}" for t, _ in SPLIT]
)
def test_field_split_terms_and_term(text: str, expected: str) -> None:
    """TestSplitTerms / TestSplitTerm via parse: escaped commas do not split, == is =."""
    assert str(fields.parse(text)) == expected


ESCAPES = [("", ""), ("a", "a"), ("=", "\\="), (",", "\\,"), ("\\", "\\\\"),
           ("\\=\\,\\", "\\\\\\=\\\\\\,\\\\")]  # fmt: skip


@pytest.mark.parametrize(
    ("raw", "escaped"), ESCAPES, ids=[f"TestEscapeValue/{r!r}" for r, _ in ESCAPES]
)
def test_escape_value(raw: str, escaped: str) -> None:
    """TestEscapeValue: EscapeValue and UnescapeValue are inverse."""
    assert fields.escape_value(raw) == escaped
    assert fields.unescape_value(escaped) == raw


BAD_ESCAPES = [("\\", "\\"), ("\\\\\\", "\\"), ("\\a", "\\a")]


@pytest.mark.parametrize(
    ("value", "sequence"),
    BAD_ESCAPES,
    ids=[f"TestEscapeValue/invalid/{v!r}" for v, _ in BAD_ESCAPES],
)
def test_unescape_value_invalid_escape_sequence(value: str, sequence: str) -> None:
    """TestEscapeValue: orphan or unknown escapes fail with InvalidEscapeSequence's text."""
    with pytest.raises(fields.FieldSelectorError) as caught:
        fields.unescape_value(value)
    assert str(caught.value) == f"invalid field selector: invalid escape sequence: {sequence}"


FIELD_GOOD = ["x=a,y=b,z=c", "", "x!=a,y=b", "x=a||y\\=b", "x=a\\=\\=b"]


@pytest.mark.parametrize(
    "text", FIELD_GOOD, ids=[f"fields.TestSelectorParse/{t!r}" for t in FIELD_GOOD]
)
def test_field_selector_parse_good(text: str) -> None:
    """fields TestSelectorParse: good strings restring exactly."""
    assert str(fields.parse(text)) == text


FIELD_BAD = [
    ("x=a||y=b", "invalid field selector: unescaped character in value: 61"),
    ("x==a==b", "invalid field selector: unescaped character in value: 61"),
    ("x=a,b", "invalid selector: 'x=a,b'; can't understand 'b'"),
    ("x in (a)", "invalid selector: 'x in (a)'; can't understand 'x in (a)'"),
    ("x in (a,b,c)", "invalid selector: 'x in (a,b,c)'; can't understand 'b'"),
    ("x", "invalid selector: 'x'; can't understand 'x'"),
]


@pytest.mark.parametrize(
    ("text", "message"),
    FIELD_BAD,
    ids=[f"fields.TestSelectorParse/bad/{t!r}" for t, _ in FIELD_BAD],
)
def test_field_selector_parse_bad(text: str, message: str) -> None:
    """fields TestSelectorParse: bad strings fail with parseSelector/UnescapeValue's text."""
    with pytest.raises(fields.FieldSelectorError) as caught:
        fields.parse(text)
    assert str(caught.value) == message


def test_field_deterministic_parse_and_everything() -> None:
    """fields TestDeterministicParse / TestEverything / TestNilMapIsValid / TestSetIsEmpty."""
    assert str(fields.parse("x=a,a=x")) == str(fields.parse("a=x,x=a")) == "a=x,x=a"
    assert fields.everything().matches({"x": "y"}) and fields.everything().empty()
    assert fields.selector_from_set(None).empty() and fields.selector_from_set({}).empty()
    assert not fields.one_term_equal_selector("a", "b").empty()
    assert fields.parse("=").empty()  # an all-empty term transforms to Everything


FIELD_SET = {"foo": "bar", "baz": "blah", "complex": "=value\\,\\"}
FIELD_MATCHES = [
    ("", {"x": "y"}, True),
    ("x=y", {"x": "y"}, True),
    ("x=y,z=w", {"x": "y", "z": "w"}, True),
    ("x!=y,z!=w", {"x": "z", "z": "a"}, True),
    ("notin=in", {"notin": "in"}, True),
    ("x=y", {"x": "z"}, False),
    ("x=y,z=w", {"x": "w", "z": "w"}, False),
    ("x!=y,z!=w", {"x": "z", "z": "w"}, False),
    ("foo=bar", FIELD_SET, True),
    ("baz=blah", FIELD_SET, True),
    ("foo=bar,baz=blah", FIELD_SET, True),
    ("foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\", FIELD_SET, True),
    ("foo=blah", FIELD_SET, False),
    ("baz=bar", FIELD_SET, False),
    ("foo=bar,foobar=bar,baz=blah", FIELD_SET, False),
]


@pytest.mark.parametrize(
    ("text", "field_set", "expected"),
    FIELD_MATCHES,
    ids=[f"fields.TestSelectorMatches/{t!r}" for t, _, _ in FIELD_MATCHES],
)
def test_field_selector_matches(text: str, field_set: dict[str, str], expected: bool) -> None:
    """fields TestSelectorMatches: escaped values match their literal field values."""
    assert fields.parse(text).matches(field_set) is expected


def test_one_term_equal_selector() -> None:
    """TestOneTermEqualSelector: x=y matches {x: y}, not {x: z}."""
    assert fields.one_term_equal_selector("x", "y").matches({"x": "y"})
    assert not fields.one_term_equal_selector("x", "y").matches({"x": "z"})


FIELD_SET_MATCHES = [
    ({}, True),
    ({"foo": "bar"}, True),
    ({"baz": "blah"}, True),
    ({"foo": "bar", "baz": "blah"}, True),
    ({"foo": "=blah"}, False),
    ({"baz": "=bar"}, False),
    ({"foo": "=bar", "foobar": "bar", "baz": "blah"}, False),
]


@pytest.mark.parametrize(
    ("selector_set", "expected"),
    FIELD_SET_MATCHES,
    ids=[f"fields.TestSetMatches/{s}" for s, _ in FIELD_SET_MATCHES],
)
def test_field_set_matches(selector_set: dict[str, str], expected: bool) -> None:
    """fields TestSetMatches: SelectorFromSet takes values literally (no escaping)."""
    selector = fields.selector_from_set(selector_set)
    assert selector.matches({"foo": "bar", "baz": "blah"}) is expected


FIELD_EXACT = [
    ("empty set", fields.selector_from_set({}), None),
    ("skipped hasTerm", fields.one_term_equal_selector("a", "b"), None),
    ("valid hasTerm", fields.one_term_equal_selector("test", "b"), "b"),
    ("valid hasTerm no value", fields.one_term_equal_selector("test", ""), ""),
    ("valid notHasTerm", fields.parse("test!=b"), None),
    ("valid notHasTerm no value", fields.parse("test!="), None),
    ("andTerm with non-match", fields.parse("a=,test=b"), "b"),
]


@pytest.mark.parametrize(
    ("name", "selector", "expected"),
    FIELD_EXACT,
    ids=[f"fields.TestRequiresExactMatch/{n}" for n, _, _ in FIELD_EXACT],
)
def test_field_requires_exact_match(
    name: str, selector: fields.FieldSelector, expected: str | None
) -> None:
    """fields TestRequiresExactMatch: only an = term on the field pins it (None: not found)."""
    assert selector.requires_exact_match("test") == expected
