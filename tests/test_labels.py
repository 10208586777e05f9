"""We test these aspects:

- the label-selector grammar: valid selectors and their canonical ``String()`` form;
- every parse error message, byte for byte as upstream prints it;
- the label-key and label-value validation messages wrapped in those errors;
- matching: ``!=`` and ``notin`` match when the key is absent, ``in``/``=`` do not, and
  Everything/Nothing;
- ``new_requirement`` (``NewRequirement``) validation, including the Gt/Lt rules;
- ``metav1.LabelSelector`` conversion and ``FormatLabelSelector``, with their errors;
- the store helpers ``matching_labels`` and ``requires_exact_match``;
- properties: ``parse(str(sel)) == sel`` with the same matches, and the precomputed
  matcher agrees with per-requirement matching.

Upstream: k8s.io/apimachinery pkg/labels/selector.go (Lexer, Parser, NewRequirement,
String, Matches), pkg/apis/meta/v1/helpers.go (LabelSelectorAsSelector,
FormatLabelSelector), pkg/api/validate/content/{kube,dns,errors}.go (IsLabelKey,
IsLabelValue, RegexError, MaxLenError), pkg/util/validation/field/errors.go
(Error.Error) and pkg/util/errors/errors.go (aggregate Error).
"""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobsim import labels
from jobsim.api.meta_v1 import LabelSelector
from jobsim.labels import Operator, Requirement, Selector, SelectorParseError

# content.IsLabelKey / IsLabelValue / IsDNS1123Subdomain message texts (kube.go, dns.go).
KEY_RULE = (
    "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
    "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for "
    "validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)
VALUE_RULE = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
SUBDOMAIN_RULE = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
UNABLE = "unable to parse requirement: "


# --- grammar -------------------------------------------------------------------------------

VALID = [
    ("", ""),
    ("x", "x"),
    ("!x", "!x"),
    ("x=a", "x=a"),
    ("x==a", "x==a"),
    ("x!=a", "x!=a"),
    ("x=", "x="),
    ("x in (a,b)", "x in (a,b)"),
    ("x notin (b,a)", "x notin (a,b)"),
    ("x in (b,a,b)", "x in (a,b)"),
    ("x in ()", "x in ()"),
    ("x in (a,,b)", "x in (,a,b)"),
    ("x in (,a)", "x in (,a)"),
    ("x in (a,)", "x in (,a)"),
    ("x in (in)", "x in (in)"),
    ("in=b", "in=b"),
    ("notin in (notin)", "notin in (notin)"),
    ("a>1", "a>1"),
    ("a<10", "a<10"),
    ("x=,y", "x=,y"),
    ("z,y=b,x in (c)", "x in (c),y=b,z"),
    (" \tx \r\n= a ", "x=a"),
    ("x=a,x!=b", "x=a,x!=b"),
    ("example.com/app=web", "example.com/app=web"),
    ("x in(a)", "x in (a)"),
    ("x=a\0", "x=a"),
    ("x=\0a", "x=a"),
]


@pytest.mark.parametrize(("text", "canonical"), VALID, ids=[repr(t) for t, _ in VALID])
def test_parse_valid_selector_renders_upstream_string(text: str, canonical: str) -> None:
    """A valid selector parses, and renders as upstream's sorted ``String()``."""
    selector = labels.parse(text)
    assert str(selector) == canonical
    assert labels.parse(canonical) == selector


def test_parse_sorts_requirements_by_key_keeping_order_within_a_key() -> None:
    """Requirements are sorted by key (stable for equal keys, like ByKey on short slices)."""
    selector = labels.parse("b=1,a=2,b!=3")
    assert [r.key for r in selector.requirements] == ["a", "b", "b"]
    assert str(selector) == "a=2,b=1,b!=3"


def test_parse_builds_requirements_with_sorted_unique_values() -> None:
    """Set values come out sorted and deduplicated, as sets.String.List() returns them."""
    (requirement,) = labels.parse("k notin (c,a,c)").requirements
    assert requirement == Requirement("k", Operator.NOT_IN, ("a", "c"))


# selector.go Parser/Lexer messages; parse() prefixes requirement errors with
# "unable to parse requirement: ".
ERRORS = [
    ("=b", "found '=', expected: !, identifier, or 'end of string'"),
    (",a", "found ',', expected: !, identifier, or 'end of string'"),
    ("(a)", "found '(', expected: !, identifier, or 'end of string'"),
    ("a b", UNABLE + "found 'b', expected: in, notin, =, ==, !=, gt, lt"),
    ("a!b", UNABLE + "found '!', expected: in, notin, =, ==, !=, gt, lt"),
    ("a in b", UNABLE + "found 'b' expected: '('"),
    ("a in (b", UNABLE + "found '', expected: ',' or ')'"),
    ("a in (b c)", UNABLE + "found 'c', expected: ',' or ')'"),
    ("a in (=", UNABLE + "found '=', expected: ',', ')' or identifier"),
    ("a in (", UNABLE + "found '', expected: ',', ')' or identifier"),
    ("x in (,,)", UNABLE + "found ')', expected: ',', or identifier"),
    ("x in (a,", UNABLE + "found '', expected: ',', or identifier"),
    ("a=(", UNABLE + "found '(', expected: identifier"),
    ("a=b,", "found '', expected: identifier after ','"),
    ("a,", "found '', expected: identifier after ','"),
    ("a=b,=c", "found '=', expected: identifier after ','"),
    ("a=b c", "found 'c', expected: ',' or 'end of string'"),
    ("x=a=b", "found '=', expected: ',' or 'end of string'"),
    ("x in (a) y", "found 'y', expected: ',' or 'end of string'"),
    ("!a=b", "found '=', expected: ',' or 'end of string'"),
    ("a=b\0c", "found 'c', expected: ',' or 'end of string'"),
    ("!", UNABLE + "found '', expected: identifier"),
    ("!=a", "found '!=', expected: !, identifier, or 'end of string'"),
    ("!!a", UNABLE + "found '!', expected: identifier"),
    ("a>b", UNABLE + "values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value "
     "must be an integer"),
    ("a>", UNABLE + "values[0]: Invalid value: \"\": for 'Gt', 'Lt' operators, the value "
     "must be an integer"),
    # validateLabelKey runs with the parser's nil *field.Path, which prints as "<nil>".
    ("a/b/c=x", UNABLE + '<nil>: Invalid value: "a/b/c": a valid label key ' + KEY_RULE
     + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
    ("a-=x", UNABLE + '<nil>: Invalid value: "a-": name part ' + KEY_RULE),
    ("/a", UNABLE + '<nil>: Invalid value: "/a": prefix part must be non-empty'),
    ("Ex/a", UNABLE + '<nil>: Invalid value: "Ex/a": prefix part ' + SUBDOMAIN_RULE),
    ("ex/", UNABLE + '<nil>: Invalid value: "ex/": name part must be non-empty; name part '
     + KEY_RULE),
    ("k" * 64, UNABLE + f'<nil>: Invalid value: "{"k" * 64}": name part must be no more '
     "than 63 bytes"),
    ("a" * 254 + "/k", UNABLE + f'<nil>: Invalid value: "{"a" * 254}/k": prefix part must be '
     "no more than 253 bytes"),
    # validateLabelValue: path values[i][key]; the value is quoted with Go's %q.
    ("a=b$", UNABLE + 'values[0][a]: Invalid value: "b$": ' + VALUE_RULE),
    ('a="q"', UNABLE + 'values[0][a]: Invalid value: "\\"q\\"": ' + VALUE_RULE),
    ("a=" + "v" * 64, UNABLE + f'values[0][a]: Invalid value: "{"v" * 64}": must be no more '
     "than 63 bytes"),
    ("a=-" + "v" * 63, UNABLE + f'values[0][a]: Invalid value: "-{"v" * 63}": must be no more '
     "than 63 bytes; " + VALUE_RULE),
    # Several field errors aggregate as "[e1, e2]" (ErrorList.ToAggregate).
    ("a in (c$,b$)", UNABLE + '[values[0][a]: Invalid value: "b$": ' + VALUE_RULE
     + ', values[1][a]: Invalid value: "c$": ' + VALUE_RULE + "]"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "message"), ERRORS, ids=[repr(t)[:40] for t, _ in ERRORS])
def test_parse_error_message_is_upstreams(text: str, message: str) -> None:
    """An invalid selector raises SelectorParseError whose text is upstream's, byte for byte."""
    with pytest.raises(SelectorParseError) as caught:
        labels.parse(text)
    assert str(caught.value) == message


def test_selector_parse_error_is_a_value_error() -> None:
    """SelectorParseError is a ValueError, so the HTTP layer can catch either."""
    assert issubclass(SelectorParseError, ValueError)


# --- matching ------------------------------------------------------------------------------

MATCHES = [
    ("", {}, True),
    ("", {"a": "1"}, True),
    ("a=1", {"a": "1"}, True),
    ("a=1", {"a": "2"}, False),
    ("a=1", {}, False),
    ("a==1", {"a": "1"}, True),
    ("a!=1", {}, True),
    ("a!=1", {"a": "2"}, True),
    ("a!=1", {"a": "1"}, False),
    ("a in (1,2)", {"a": "2"}, True),
    ("a in (1,2)", {"a": "3"}, False),
    ("a in (1,2)", {}, False),
    ("a notin (1,2)", {}, True),
    ("a notin (1,2)", {"a": "3"}, True),
    ("a notin (1,2)", {"a": "1"}, False),
    ("a", {"a": ""}, True),
    ("a", {"b": "1"}, False),
    ("!a", {"b": "1"}, True),
    ("!a", {"a": ""}, False),
    ("a=", {"a": ""}, True),
    ("a=", {}, False),
    ("a in ()", {"a": ""}, True),
    ("a>1", {"a": "2"}, True),
    ("a>1", {"a": "1"}, False),
    ("a>1", {"a": "x"}, False),
    ("a>1", {}, False),
    ("a<1", {"a": "-5"}, True),
    ("a<1", {"a": "+0"}, True),
    ("a<1", {"a": " 0"}, False),
    ("a<1", {"a": "99999999999999999999"}, False),
    ("a=1,b!=2,!c", {"a": "1", "b": "3"}, True),
    ("a=1,b!=2,!c", {"a": "1", "c": "x"}, False),
    ("a=1,a=2", {"a": "1"}, False),
]


@pytest.mark.parametrize(
    ("text", "label_set", "expected"),
    MATCHES,
    ids=[f"{t!r} {ls}" for t, ls, _ in MATCHES],
)
def test_matches_follows_upstream_requirement_semantics(
    text: str, label_set: dict[str, str], expected: bool
) -> None:
    """Requirement.Matches: != and notin match an absent key; =, in, exists, gt/lt do not."""
    selector = labels.parse(text)
    assert selector.matches(label_set) is expected
    assert all(r.matches(label_set) for r in selector.requirements) is expected


def test_matches_treats_none_as_no_labels() -> None:
    """``matches(None)`` is the same as matching an object that has no labels."""
    assert labels.parse("a!=1").matches(None)
    assert not labels.parse("a").matches(None)


def test_everything_and_nothing() -> None:
    """Everything matches all and is empty; Nothing matches none, is not empty, renders ''."""
    assert labels.everything().matches({"a": "b"})
    assert labels.everything().empty()
    assert labels.everything() == labels.parse("")
    assert not labels.nothing().matches({})
    assert not labels.nothing().empty()
    assert str(labels.nothing()) == ""
    assert labels.nothing() != labels.everything()
    assert labels.nothing().add(Requirement("a", Operator.EXISTS)) == labels.nothing()


def test_selector_is_immutable_and_hashable() -> None:
    """Selectors and requirements cannot be changed and can be used as dict keys."""
    selector = labels.parse("a=1,b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        selector.requirements[0].key = "z"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        selector.extra = 1  # type: ignore[attr-defined]
    assert {selector: 1}[labels.parse("b,a=1")] == 1


def test_add_returns_a_new_sorted_selector() -> None:
    """``add`` (Selector.Add) copies, appends and re-sorts; the original is unchanged."""
    base = labels.parse("b=1")
    grown = base.add(Requirement("a", Operator.EXISTS))
    assert str(grown) == "a,b=1"
    assert str(base) == "b=1"


def test_selector_from_set_is_equality_on_every_pair() -> None:
    """``selector_from_set`` (SelectorFromSet): sorted equalities; empty/None is Everything."""
    assert str(labels.selector_from_set({"b": "2", "a": "1"})) == "a=1,b=2"
    assert labels.selector_from_set(None) == labels.everything()
    assert labels.selector_from_set({}) == labels.everything()


MATCHING_LABELS = [
    ("", {}),
    ("a=1,b==2,c in (3)", {"a": "1", "b": "2", "c": "3"}),
    ("a=1,a=1", {"a": "1"}),
    ("a=1,a=2", None),
    ("a=1,b", None),
    ("a in (1,2)", None),
    ("a!=1", None),
]


@pytest.mark.parametrize(("text", "expected"), MATCHING_LABELS, ids=[t for t, _ in MATCHING_LABELS])
def test_matching_labels_only_for_pure_equality_selectors(
    text: str, expected: dict[str, str] | None
) -> None:
    """``matching_labels`` gives the label map exactly when the selector is only equalities."""
    assert labels.parse(text).matching_labels() == expected


def test_matching_labels_of_nothing_is_none() -> None:
    """Nothing cannot be answered from an index of label values."""
    assert labels.nothing().matching_labels() is None


def test_requires_exact_match() -> None:
    """RequiresExactMatch: the first requirement on the key decides; only =, ==, in (one)."""
    selector = labels.parse("a=1,b in (2),c in (3,4),d!=5")
    assert selector.requires_exact_match("a") == "1"
    assert selector.requires_exact_match("b") == "2"
    assert selector.requires_exact_match("c") is None
    assert selector.requires_exact_match("d") is None
    assert selector.requires_exact_match("zz") is None


# --- NewRequirement ------------------------------------------------------------------------

NEW_REQUIREMENT_ERRORS = [
    ("k", "in", [], "values: Invalid value: []: for 'in', 'notin' operators, values set can't "
     "be empty"),
    ("k", "notin", None, "values: Invalid value: null: for 'in', 'notin' operators, values set "
     "can't be empty"),
    ("k", "=", ["a", "b"], 'values: Invalid value: ["a","b"]: exact-match compatibility '
     "requires one single value"),
    ("k", "exists", ["a"], 'values: Invalid value: ["a"]: values set must be empty for exists '
     "and does not exist"),
    ("k", "gt", ["1", "2"], 'values: Invalid value: ["1","2"]: for \'Gt\', \'Lt\' operators, '
     "exactly one value is required"),
    ("k", "lt", ["x"], "values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value "
     "must be an integer"),
    ("k/", "=", ["a"], 'key: Invalid value: "k/": name part must be non-empty; name part '
     + KEY_RULE),
    ("k", "in", ["<&>"], 'values[0][k]: Invalid value: "<&>": ' + VALUE_RULE),
    ("k", "!", ["<"], '[values: Invalid value: ["\\u003c"]: values set must be empty for '
     'exists and does not exist, values[0][k]: Invalid value: "<": ' + VALUE_RULE + "]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("key", "operator", "values", "message"),
    NEW_REQUIREMENT_ERRORS,
    ids=[f"{k} {o} {v}" for k, o, v, _ in NEW_REQUIREMENT_ERRORS],
)
def test_new_requirement_error_message_is_upstreams(
    key: str, operator: str, values: list[str] | None, message: str
) -> None:
    """NewRequirement's field errors, with Go's JSON rendering of the bad values list."""
    with pytest.raises(SelectorParseError) as caught:
        labels.new_requirement(key, operator, values)
    assert str(caught.value) == message


def test_new_requirement_keeps_values_as_given_but_renders_them_sorted() -> None:
    """Values keep their order in memory; String() sorts them (safeSort) without deduping."""
    requirement = labels.new_requirement("k", Operator.IN, ["b", "a", "b"])
    assert requirement.values == ("b", "a", "b")
    assert str(requirement) == "k in (a,b,b)"


# --- metav1.LabelSelector ------------------------------------------------------------------

LABEL_SELECTORS = [
    ({"matchLabels": {"b": "2", "a": "1"}}, "a=1,b=2"),
    (
        {"matchExpressions": [
            {"key": "c", "operator": "In", "values": ["z", "y"]},
            {"key": "d", "operator": "NotIn", "values": ["x"]},
            {"key": "e", "operator": "Exists"},
            {"key": "f", "operator": "DoesNotExist"},
        ]},
        "c in (y,z),d notin (x),e,!f",
    ),
    ({"matchLabels": {"z": "1"}, "matchExpressions": [{"key": "a", "operator": "Exists"}]},
     "a,z=1"),
    ({}, ""),
    ({"matchLabels": {}, "matchExpressions": []}, ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "expected"), LABEL_SELECTORS, ids=[e or "empty" for _, e in LABEL_SELECTORS]
)
def test_selector_from_label_selector(data: dict[str, object], expected: str) -> None:
    """LabelSelectorAsSelector: matchLabels become '=', expressions map to their operators."""
    selector = labels.selector_from_label_selector(LabelSelector.from_dict(data))
    assert str(selector) == expected
    assert selector == labels.parse(expected)


def test_nil_label_selector_matches_nothing_and_empty_matches_everything() -> None:
    """A nil selector is Nothing; ``{}`` is Everything (helpers.go LabelSelectorAsSelector)."""
    assert labels.selector_from_label_selector(None) == labels.nothing()
    assert labels.selector_from_label_selector(LabelSelector()) == labels.everything()


LABEL_SELECTOR_ERRORS = [
    ({"matchExpressions": [{"key": "c", "operator": "Foo"}]},
     '"Foo" is not a valid label selector operator'),
    ({"matchExpressions": [{"key": "c", "operator": "in", "values": ["a"]}]},
     '"in" is not a valid label selector operator'),
    ({"matchExpressions": [{"key": "c", "operator": "In"}]},
     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
    ({"matchExpressions": [{"key": "c", "operator": "NotIn", "values": []}]},
     "values: Invalid value: null: for 'in', 'notin' operators, values set can't be empty"),
    ({"matchExpressions": [{"key": "c", "operator": "Exists", "values": ["a"]}]},
     'values: Invalid value: ["a"]: values set must be empty for exists and does not exist'),
    ({"matchLabels": {"a": "b$"}}, 'values[0][a]: Invalid value: "b$": ' + VALUE_RULE),
    ({"matchLabels": {"a/b/c": "x"}}, 'key: Invalid value: "a/b/c": a valid label key '
     + KEY_RULE + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "message"),
    LABEL_SELECTOR_ERRORS,
    ids=[m[:30] for _, m in LABEL_SELECTOR_ERRORS],
)
def test_selector_from_label_selector_errors(data: dict[str, object], message: str) -> None:
    """Bad operators and NewRequirement failures raise with upstream's message."""
    with pytest.raises(SelectorParseError) as caught:
        labels.selector_from_label_selector(LabelSelector.from_dict(data))
    assert str(caught.value) == message


FORMATTED = [
    (None, "<none>"),
    ({}, "<none>"),
    ({"matchLabels": {"job-name": "pi"}}, "job-name=pi"),
    ({"matchExpressions": [{"key": "c", "operator": "Foo"}]}, "<error>"),
]


@pytest.mark.parametrize(("data", "expected"), FORMATTED, ids=[e for _, e in FORMATTED])
def test_format_label_selector(data: dict[str, object] | None, expected: str) -> None:
    """FormatLabelSelector: '<none>' when it renders empty, '<error>' when it is invalid."""
    ls = None if data is None else LabelSelector.from_dict(data)
    assert labels.format_label_selector(ls) == expected


# --- properties ----------------------------------------------------------------------------

KEYS = ["a", "b", "app", "in", "notin", "example.com/x", "k8s.io/job-name"]
VALUES = ["", "a", "b", "v1", "in", "notin", "A.b-c_d", "0"]


@st.composite
def requirements(draw: st.DrawFn) -> Requirement:
    """A requirement as the parser would build it (set values sorted and unique)."""
    key = draw(st.sampled_from(KEYS))
    op = draw(st.sampled_from(list(Operator)))
    if op in (Operator.IN, Operator.NOT_IN):
        values = sorted(draw(st.sets(st.sampled_from(VALUES), min_size=1, max_size=3)))
    elif op in (Operator.GREATER_THAN, Operator.LESS_THAN):
        values = [str(draw(st.integers(min_value=0, max_value=2**63 - 1)))]
    elif op in (Operator.EXISTS, Operator.DOES_NOT_EXIST):
        values = []
    else:
        values = [draw(st.sampled_from(VALUES))]
    return labels.new_requirement(key, op, values)


selectors = st.lists(requirements(), max_size=5).map(Selector)
label_sets = st.dictionaries(
    st.sampled_from(KEYS), st.sampled_from([*VALUES, "5", "-3", "x y"]), max_size=5
)


@settings(max_examples=300)
@given(selectors, st.lists(label_sets, min_size=1, max_size=5))
def test_string_form_round_trips(selector: Selector, sets: list[dict[str, str]]) -> None:
    """parse(str(sel)) is the same selector and matches the same label sets."""
    reparsed = labels.parse(str(selector))
    assert reparsed == selector
    assert hash(reparsed) == hash(selector)
    for label_set in sets:
        assert reparsed.matches(label_set) == selector.matches(label_set)


@settings(max_examples=300)
@given(selectors, label_sets)
def test_precomputed_matcher_agrees_with_requirements(
    selector: Selector, label_set: dict[str, str]
) -> None:
    """The fast matcher gives the same answer as ANDing Requirement.matches."""
    expected = all(r.matches(label_set) for r in selector.requirements)
    assert selector.matches(label_set) is expected


@settings(max_examples=500)
@given(st.text(alphabet="ab!=(),<>1 \tin", max_size=16))
def test_any_accepted_string_is_stable(text: str) -> None:
    """For arbitrary input, parse either raises SelectorParseError or round-trips."""
    try:
        selector = labels.parse(text)
    except SelectorParseError:
        return
    assert labels.parse(str(selector)) == selector
