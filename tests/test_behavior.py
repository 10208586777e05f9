"""We test these aspects:

- distributions read from every YAML form (numbers, Go durations, one-key mappings) and round-trip
  through ``to_dict``; bad forms and bad parameters are errors naming the problem;
- sampling: over many seeded draws each distribution's sample mean is within tolerance of its mean,
  the truncated normal is never negative, the empirical choice is uniform over its values;
- common random numbers: every ``sample`` uses exactly one ``rng.random()``, so a pod's k-th draw
  uses the same uniform number whatever the distribution;
- exit codes: a fixed code, a mix with the expected frequencies, the remainder going to exit 0,
  reasons ``Completed``/``Error``/custom, and a mix summing above 1 rejected;
- ``PodBehavior`` defaults (start and ready at once, 10 s, exit 0) and selectors (string,
  matchLabels map, LabelSelector); ``BehaviorSet``: first match wins, else the default;
- ``pod_rng``: the same stream for the same (seed, identity), in any process.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
from pydantic import ValidationError

from jobsim.behavior import (
    BehaviorSet,
    DistributionBase,
    Empirical,
    Exponential,
    Fixed,
    LogNormal,
    Normal,
    PodBehavior,
    Uniform,
    parse_distribution,
    pod_rng,
)

N = 20_000


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (10, Fixed(value=10)),
        (2.5, Fixed(value=2.5)),
        ("1m30s", Fixed(value=90)),
        ({"fixed": "500ms"}, Fixed(value=0.5)),
        ({"uniform": {"low": "5s", "high": "1m"}}, Uniform(low=5, high=60)),
        ({"exponential": {"mean": "30s"}}, Exponential(mean=30)),
        ({"normal": {"mean": 60, "stddev": "10s"}}, Normal(mean=60, stddev=10)),
        ({"lognormal": {"mu": 2.0, "sigma": 0.5}}, LogNormal(mu=2.0, sigma=0.5)),
        ({"lognormal": {"median": "20s", "sigma": 0.5}}, LogNormal(median=20, sigma=0.5)),
        ({"empirical": {"values": [1, "2s", "1m"]}}, Empirical(values=[1, 2, 60])),
    ],
    ids=[
        "int",
        "float",
        "go-duration",
        "fixed",
        "uniform",
        "exponential",
        "normal",
        "lognormal-mu",
        "lognormal-median",
        "empirical",
    ],
)
def test_distribution_forms(raw: Any, expected: DistributionBase) -> None:
    """Every YAML form reads into the right distribution, and dumps back to an equivalent form."""
    dist = parse_distribution(raw)
    assert dist == expected
    assert parse_distribution(dist.dump()) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (-1, "must not be negative"),
        ("10 parsecs", 'time: unknown unit " parsecs" in duration "10 parsecs"'),
        (True, "a distribution is a duration"),
        ({"uniform": {"low": 5, "high": 1}}, "must not exceed high"),
        ({"lognormal": {"mu": 1, "median": 3, "sigma": 1}}, "exactly one of mu and median"),
        ({"lognormal": {"sigma": 1}}, "exactly one of mu and median"),
        ({"empirical": {"values": []}}, "at least 1 item"),
        ({"gamma": {"k": 1}}, "a distribution is a duration"),
        ({"uniform": 3}, "expected a mapping"),
        ({"exponential": {"mean": 1, "rate": 2}}, "Extra inputs are not permitted"),
        ([1, 2], "a distribution is a duration"),
    ],
    ids=[
        "negative",
        "bad-duration",
        "bool",
        "low-above-high",
        "mu-and-median",
        "no-location",
        "empty-empirical",
        "unknown-kind",
        "params-not-mapping",
        "unknown-param",
        "list",
    ],
)
def test_distribution_errors(raw: Any, fragment: str) -> None:
    """Bad distributions are rejected with a message that names the problem."""
    with pytest.raises((ValueError, ValidationError)) as info:
        PodBehavior.model_validate({"duration": raw})
    assert fragment in str(info.value)


@pytest.mark.parametrize(
    "dist",
    [
        Fixed(value=7),
        Uniform(low=5, high=15),
        Exponential(mean=30),
        Normal(mean=60, stddev=10),
        Normal(mean=1, stddev=3),
        LogNormal(median=20, sigma=0.5),
        LogNormal(mu=1.0, sigma=0.25),
        Empirical(values=[1, 2, 3, 10]),
    ],
    ids=[
        "fixed",
        "uniform",
        "exponential",
        "normal",
        "normal-truncated",
        "lognormal-median",
        "lognormal-mu",
        "empirical",
    ],
)
def test_sample_mean_within_tolerance(dist: DistributionBase) -> None:
    """The mean of many seeded samples is within 3 % of the distribution's mean."""
    rng = random.Random(42)
    samples = [dist.sample(rng) for _ in range(N)]
    assert min(samples) >= 0
    assert sum(samples) / N == pytest.approx(dist.expected(), rel=0.03)


def test_truncated_normal_mean_is_above_the_untruncated_one() -> None:
    """Truncating at 0 (resampling, not clamping) moves the mean up, by the analytic amount."""
    dist = Normal(mean=1, stddev=3)
    assert dist.expected() == pytest.approx(2.7955, abs=1e-4)


def test_empirical_choice_is_uniform_over_values() -> None:
    """Empirical picks only its values, each about equally often."""
    rng = random.Random(3)
    counts = Counter(Empirical(values=[1, 2, 3, 4]).sample(rng) for _ in range(N))
    assert set(counts) == {1, 2, 3, 4}
    for count in counts.values():
        assert count / N == pytest.approx(0.25, abs=0.015)


@pytest.mark.parametrize(
    "dist",
    [
        Fixed(value=1),
        Uniform(low=0, high=1),
        Exponential(mean=1),
        Normal(mean=1, stddev=1),
        LogNormal(mu=0, sigma=1),
        Empirical(values=[1, 2]),
    ],
    ids=["fixed", "uniform", "exponential", "normal", "lognormal", "empirical"],
)
def test_each_sample_uses_exactly_one_uniform(dist: DistributionBase) -> None:
    """A draw consumes one ``random()``: the stream after it is the stream after one random()."""
    used, reference = random.Random(9), random.Random(9)
    for _ in range(100):
        dist.sample(used)
        reference.random()
    assert used.getstate() == reference.getstate()


def test_common_random_numbers_across_parameters() -> None:
    """Two distributions of the same family sampled from the same stream move together."""
    small = [Uniform(low=0, high=10).sample(pod_rng(1, f"ns/p{i}")) for i in range(50)]
    large = [Uniform(low=0, high=20).sample(pod_rng(1, f"ns/p{i}")) for i in range(50)]
    assert large == pytest.approx([2 * x for x in small])


def test_exit_code_fixed() -> None:
    """A fixed exit code is always drawn, with the conventional reason."""
    behavior = PodBehavior(exit_codes=3)
    rng = random.Random(0)
    assert {behavior.sample_exit(rng) for _ in range(20)} == {(3, "Error")}
    assert PodBehavior().sample_exit(rng) == (0, "Completed")


def test_exit_code_mix_frequencies_and_remainder() -> None:
    """A mix draws each code with its probability; the rest of the mass is exit 0."""
    behavior = PodBehavior.model_validate(
        {
            "exitCodes": [
                {"code": 1, "probability": 0.2},
                {"code": 137, "probability": 0.1, "reason": "OOMKilled"},
            ]
        }
    )
    rng = random.Random(5)
    counts = Counter(behavior.sample_exit(rng) for _ in range(N))
    assert set(counts) == {(0, "Completed"), (1, "Error"), (137, "OOMKilled")}
    assert counts[(1, "Error")] / N == pytest.approx(0.2, abs=0.01)
    assert counts[(137, "OOMKilled")] / N == pytest.approx(0.1, abs=0.01)
    assert counts[(0, "Completed")] / N == pytest.approx(0.7, abs=0.01)


def test_exit_code_mix_above_one_rejected() -> None:
    """Probabilities summing to more than 1 are an error."""
    with pytest.raises(ValidationError, match=r"probabilities sum to 1\.2, more than 1"):
        PodBehavior.model_validate(
            {"exitCodes": [{"code": 1, "probability": 0.6}, {"code": 2, "probability": 0.6}]}
        )


def test_default_behavior() -> None:
    """The default: start at once, ready at once, run 10 s, exit 0, exit on SIGTERM at once."""
    behavior = PodBehavior()
    rng = random.Random(1)
    assert behavior.startup_delay.sample(rng) == 0
    assert behavior.readiness_delay.sample(rng) == 0
    assert behavior.duration.sample(rng) == 10
    assert behavior.init_duration.sample(rng) == 0
    assert behavior.shutdown_delay is not None
    assert behavior.shutdown_delay.sample(rng) == 0
    assert behavior.matches({}) and behavior.matches({"any": "thing"})


def test_behavior_yaml_round_trip() -> None:
    """A behaviour written with camelCase keys reads back equal from its own dump."""
    raw = {
        "name": "flaky",
        "selector": "app=web",
        "startupDelay": "2s",
        "readinessDelay": {"uniform": {"low": 1, "high": 3}},
        "duration": {"lognormal": {"median": "1m", "sigma": 0.3}},
        "exitCodes": [{"code": 1, "probability": 0.5}],
        "shutdownDelay": 5,
    }
    behavior = PodBehavior.model_validate(raw)
    assert PodBehavior.model_validate(behavior.to_dict()) == behavior
    assert behavior.to_dict()["duration"] == {"lognormal": {"median": 60.0, "sigma": 0.3}}


@pytest.mark.parametrize(
    ("selector", "labels", "matches"),
    [
        ("app=web", {"app": "web"}, True),
        ("app=web", {"app": "db"}, False),
        ("app in (web,api),tier!=db", {"app": "api", "tier": "fe"}, True),
        ({"app": "web"}, {"app": "web", "x": "y"}, True),
        ({"app": "web"}, {}, False),
        ({"matchLabels": {"app": "web"}}, {"app": "web"}, True),
        (
            {"matchExpressions": [{"key": "app", "operator": "NotIn", "values": ["web"]}]},
            {"app": "web"},
            False,
        ),
        (None, {}, True),
    ],
    ids=[
        "string-match",
        "string-miss",
        "set-based",
        "map-match",
        "map-miss",
        "label-selector",
        "expressions",
        "none-matches-all",
    ],
)
def test_selector_forms(selector: Any, labels: dict[str, str], matches: bool) -> None:
    """Selectors read as strings, matchLabels maps or LabelSelectors."""
    assert PodBehavior(selector=selector).matches(labels) is matches


def test_bad_selector_is_rejected() -> None:
    """An unparsable selector is a validation error with the apimachinery message."""
    with pytest.raises(ValidationError, match="unable to parse requirement"):
        PodBehavior(selector="app in web")


def test_behavior_set_first_match_wins() -> None:
    """The first behaviour whose selector matches applies; no match gives the default."""
    web = PodBehavior(name="web", selector="app=web")
    everything = PodBehavior(name="all", selector="app")
    default = PodBehavior(name="default")
    behaviors = BehaviorSet.of(web, everything, default=default)
    assert behaviors.for_pod({"app": "web"}).name == "web"
    assert behaviors.for_pod({"app": "db"}).name == "all"
    assert behaviors.for_pod({}).name == "default"
    assert BehaviorSet().for_pod({"app": "web"}) == PodBehavior()


def test_pod_rng_is_stable() -> None:
    """Same (seed, identity): same stream; this value pins the seeding scheme."""
    assert pod_rng(7, "default/pi/0/0").random() == 0.5423303600840859
    assert pod_rng(7, "default/pi/0/0").random() == pod_rng(7, "default/pi/0/0").random()
    assert pod_rng(7, "default/pi/0/0").random() != pod_rng(8, "default/pi/0/0").random()
    assert pod_rng(7, "default/pi/0/0").random() != pod_rng(7, "default/pi/1/0").random()


def test_pod_rng_does_not_depend_on_hash_seed() -> None:
    """String seeding is SHA-512 based: another process with another PYTHONHASHSEED agrees."""
    code = "from jobsim.behavior import pod_rng; print(repr(pod_rng(7, 'default/pi/0/0').random()))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == repr(pod_rng(7, "default/pi/0/0").random())


def test_ignore_sigterm_survives_serialisation() -> None:
    """``shutdownDelay: null`` (ignore SIGTERM) is written back as null, not dropped."""
    behavior = PodBehavior.model_validate({"shutdownDelay": None})
    assert behavior.to_dict() == {"shutdownDelay": None}
    assert PodBehavior.model_validate(behavior.to_dict()).shutdown_delay is None
