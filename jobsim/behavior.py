"""Pod behaviour models: how a simulated pod starts, becomes ready, runs and exits.

Owns the scenario-facing knobs the fake kubelet (``jobsim.kubelet``) reads: duration
distributions, exit-code mixes, :class:`PodBehavior` (what happens to the pods its selector
matches), :class:`BehaviorSet` (first match wins) and the per-pod random streams
(:func:`pod_rng`). Pure: no SimPy, no store, no logging. Imports only ``jobsim.api`` (layer 0),
``jobsim.duration`` and ``jobsim.labels`` (layer 1).

**Default behaviour** (a pod no selector matches, or ``PodBehavior()``): the containers start at
once, are ready at once, run 10 s and exit 0; init containers run 0 s and exit 0; a container
deleted mid-run exits on SIGTERM at once with exit code 143 (128 + SIGTERM). With
``shutdownDelay: null`` it ignores SIGTERM (as a PID 1 without a handler does) and is killed at the
end of the grace period with exit code 137 (128 + SIGKILL); a ``shutdownDelay`` longer than the
grace period ends the same way.

**Fields** (camelCase in YAML): ``selector`` (a label-selector string such as
``"app=web,tier!=db"``, a ``matchLabels`` map, or a ``{matchLabels, matchExpressions}``
LabelSelector; absent = every pod), ``startupDelay`` (bound pod to containers started: image pull
and sandbox, the pod is ``Pending``), ``readinessDelay`` (container started to ready),
``duration`` (run time of each run of a regular container), ``exitCodes`` (an int, or a list of
``{code, probability, reason?}``; probabilities summing to less than 1 leave the rest to exit 0),
``initDuration`` (run time of each regular init container; init containers always exit 0;
sidecars, i.e. init containers with ``restartPolicy: Always``, run until the regular containers
end and then stop with exit 0), ``shutdownDelay`` (SIGTERM to exit 143, default 0;
``null`` = ignore SIGTERM).
One behaviour applies to every container of the pod; each container draws its own values.
**Restarts** (``restartPolicy: OnFailure``/``Always``): every run of a container draws a fresh
readiness delay, duration and exit code from the same distributions.

**Distributions**, wherever a duration goes: a number of seconds or a Go duration (``10``,
``"1m30s"``), or a one-key mapping: ``{fixed: 10s}``, ``{uniform: {low, high}}``,
``{exponential: {mean}}``, ``{normal: {mean, stddev}}`` (truncated at 0: resampled, not
clamped), ``{lognormal: {mu, sigma}}`` (``mu`` and ``sigma`` of the log of seconds) or
``{lognormal: {median, sigma}}`` (``median = e**mu``, a duration), ``{empirical: {values: [..]}}``
(one of the values, uniformly).

**Randomness and common random numbers.** Every draw consumes exactly one ``rng.random()`` and
maps it through the inverse CDF, so a pod's k-th draw uses the same uniform number whatever the
distributions are. Each pod has its own stream, :func:`pod_rng`, seeded from the run's seed and
the pod's identity (``namespace/job/index-or-ordinal/attempt`` for Job pods, ``namespace/name``
otherwise): two runs that differ in one parameter share their luck, and changing one Job never
reshuffles another's draws.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Annotated, Any, ClassVar, Final

from pydantic import BeforeValidator, Field, PlainSerializer, PrivateAttr, model_validator

from jobsim.api._base import Int32, K8sModel
from jobsim.api.meta_v1 import LabelSelector
from jobsim.duration import parse_duration
from jobsim.labels import (
    Selector,
    everything,
    parse,
    selector_from_label_selector,
    selector_from_set,
)

__all__ = [
    "DEFAULT_DURATION",
    "BehaviorSet",
    "Distribution",
    "DistributionBase",
    "Empirical",
    "ExitCodeChoice",
    "Exponential",
    "Fixed",
    "LogNormal",
    "Normal",
    "PodBehavior",
    "Uniform",
    "mix",
    "parse_distribution",
    "pod_rng",
]

DEFAULT_DURATION: Final = 10.0
"""Run time of a container under the default behaviour, in seconds."""

_STANDARD_NORMAL: Final = NormalDist()
_TINY: Final = 1e-12


def _seconds(value: Any) -> float:
    """Read a non-negative duration: seconds as a number or a Go duration string."""
    seconds = parse_duration(value)
    if seconds < 0:
        raise ValueError(f"a duration must not be negative, got {value!r}")
    return seconds


Seconds = Annotated[float, BeforeValidator(_seconds)]
"""A non-negative duration in seconds; YAML may write ``90``, ``90.5`` or ``"1m30s"``."""


def pod_rng(seed: int, identity: str) -> random.Random:
    """Return the pod's own random stream, seeded from ``f"{seed}/{identity}"``.

    String seeds are hashed with SHA-512 by ``random.seed`` (version 2), so the stream is the
    same in every process and does not depend on ``PYTHONHASHSEED``.
    """
    return random.Random(f"{seed}/{identity}")


# --- distributions ------------------------------------------------------------------------


class DistributionBase(K8sModel):
    """A distribution of non-negative durations; ``sample`` uses exactly one ``rng.random()``."""

    kind: ClassVar[str] = ""

    def quantile(self, u: float) -> float:
        """Return the inverse CDF at ``u`` in ``[0, 1)``."""
        raise NotImplementedError

    def expected(self) -> float:
        """Return the distribution's mean, in seconds."""
        raise NotImplementedError

    def sample(self, rng: random.Random) -> float:
        """Draw one value (one ``rng.random()``, inverse-transform)."""
        return self.quantile(rng.random())

    def dump(self) -> Any:
        """Return the YAML/JSON form: ``{kind: {params}}`` (a bare number for ``fixed``)."""
        return {self.kind: self.model_dump(mode="json", by_alias=True)}


class Fixed(DistributionBase):
    """Always ``value`` (still consumes one draw, to keep the streams aligned)."""

    kind: ClassVar[str] = "fixed"
    value: Seconds

    def quantile(self, u: float) -> float:
        """Return ``value``."""
        return self.value

    def expected(self) -> float:
        """Return ``value``."""
        return self.value

    def dump(self) -> Any:
        """Return the bare number of seconds."""
        return self.value


class Uniform(DistributionBase):
    """Uniform on ``[low, high]``."""

    kind: ClassVar[str] = "uniform"
    low: Seconds
    high: Seconds

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if self.low > self.high:
            raise ValueError(f"uniform: low ({self.low}) must not exceed high ({self.high})")
        return self

    def quantile(self, u: float) -> float:
        """Return ``low + u * (high - low)``."""
        return self.low + u * (self.high - self.low)

    def expected(self) -> float:
        """Return ``(low + high) / 2``."""
        return (self.low + self.high) / 2


class Exponential(DistributionBase):
    """Exponential with the given ``mean``."""

    kind: ClassVar[str] = "exponential"
    mean: Seconds

    def quantile(self, u: float) -> float:
        """Return ``-mean * ln(1 - u)``."""
        return -self.mean * math.log1p(-u)

    def expected(self) -> float:
        """Return ``mean``."""
        return self.mean


class Normal(DistributionBase):
    """Normal(``mean``, ``stddev``) truncated at 0 (conditioned on being non-negative)."""

    kind: ClassVar[str] = "normal"
    mean: Seconds
    stddev: Seconds

    def _alpha(self) -> float:
        return -self.mean / self.stddev

    def quantile(self, u: float) -> float:
        """Return the truncated normal's inverse CDF at ``u``."""
        if self.stddev == 0:
            return self.mean
        low = _STANDARD_NORMAL.cdf(self._alpha())
        p = min(max(low + u * (1.0 - low), _TINY), 1.0 - _TINY)
        return max(0.0, self.mean + self.stddev * _STANDARD_NORMAL.inv_cdf(p))

    def expected(self) -> float:
        """Return the truncated normal's mean: ``mean + stddev * pdf(a) / (1 - cdf(a))``."""
        if self.stddev == 0:
            return self.mean
        alpha = self._alpha()
        return self.mean + self.stddev * _STANDARD_NORMAL.pdf(alpha) / (
            1.0 - _STANDARD_NORMAL.cdf(alpha)
        )


class LogNormal(DistributionBase):
    """Log-normal: ``ln(seconds)`` is Normal(``mu``, ``sigma``); give ``mu`` or ``median``."""

    kind: ClassVar[str] = "lognormal"
    mu: float | None = None
    median: Seconds | None = None
    sigma: float = Field(ge=0)

    @model_validator(mode="after")
    def _one_location(self) -> LogNormal:
        if (self.mu is None) == (self.median is None):
            raise ValueError("lognormal: give exactly one of mu and median")
        if self.median is not None and self.median <= 0:
            raise ValueError("lognormal: median must be positive")
        return self

    def _mu(self) -> float:
        return self.mu if self.mu is not None else math.log(self.median or 1.0)

    def quantile(self, u: float) -> float:
        """Return ``exp(mu + sigma * z(u))``."""
        if u <= 0.0:
            return 0.0 if self.sigma > 0 else math.exp(self._mu())
        return math.exp(self._mu() + self.sigma * _STANDARD_NORMAL.inv_cdf(u))

    def expected(self) -> float:
        """Return ``exp(mu + sigma**2 / 2)``."""
        return math.exp(self._mu() + self.sigma**2 / 2)


class Empirical(DistributionBase):
    """One of ``values``, each with the same probability."""

    kind: ClassVar[str] = "empirical"
    values: list[Seconds] = Field(min_length=1)

    def quantile(self, u: float) -> float:
        """Return ``values[floor(u * n)]``."""
        n = len(self.values)
        return self.values[min(int(u * n), n - 1)]

    def expected(self) -> float:
        """Return the mean of ``values``."""
        return sum(self.values) / len(self.values)


_KINDS: Final[dict[str, type[DistributionBase]]] = {
    cls.kind: cls for cls in (Fixed, Uniform, Exponential, Normal, LogNormal, Empirical)
}


def parse_distribution(value: Any) -> DistributionBase:
    """Read a distribution from its YAML form (a duration, or ``{kind: params}``)."""
    if isinstance(value, DistributionBase):
        return value
    if isinstance(value, int | float | str) and not isinstance(value, bool):
        return Fixed(value=_seconds(value))
    if isinstance(value, Mapping) and len(value) == 1:
        ((kind, params),) = value.items()
        cls = _KINDS.get(kind)
        if cls is Fixed:
            return Fixed(value=_seconds(params))
        if cls is not None:
            if not isinstance(params, Mapping):
                raise ValueError(f"{kind}: expected a mapping of parameters, got {params!r}")
            return cls.model_validate(params)
    kinds = "|".join(_KINDS)
    raise ValueError(
        f"a distribution is a duration (10, 1m30s) or a one-key mapping {{{kinds}: ...}}, "
        f"got {value!r}"
    )


def _dump_distribution(value: DistributionBase) -> Any:
    return value.dump()


Distribution = Annotated[
    DistributionBase,
    BeforeValidator(parse_distribution),
    PlainSerializer(_dump_distribution),
]
"""A duration distribution field (see the module docstring for the YAML forms)."""


# --- behaviours ---------------------------------------------------------------------------


class ExitCodeChoice(K8sModel):
    """One entry of an exit-code mix: ``code`` with ``probability`` (and an optional reason)."""

    code: Int32
    probability: float = Field(ge=0, le=1)
    reason: str = ""
    """The terminated reason to report; empty = ``Completed`` for 0, else ``Error``."""


def _selector_of(value: str | dict[str, Any] | None) -> Selector:
    """Compile a behaviour's selector (string, matchLabels map or LabelSelector)."""
    if value is None:
        return everything()
    if isinstance(value, str):
        return parse(value)
    if "matchLabels" in value or "matchExpressions" in value:
        return selector_from_label_selector(LabelSelector.model_validate(value))
    for key, label in value.items():
        if not isinstance(label, str):
            raise ValueError(f"selector: label {key!r} must map to a string, got {label!r}")
    return selector_from_set(value)


def _zero() -> DistributionBase:
    return Fixed(value=0.0)


class PodBehavior(K8sModel):
    """What happens to the pods ``selector`` matches (see the module docstring)."""

    __keep_null__: ClassVar[frozenset[str]] = frozenset({"shutdownDelay"})
    """``shutdownDelay: null`` (ignore SIGTERM) differs from absent (exit at once)."""

    name: str = ""
    selector: str | dict[str, Any] | None = None
    startup_delay: Distribution = Field(default_factory=_zero)
    readiness_delay: Distribution = Field(default_factory=_zero)
    duration: Distribution = Field(default_factory=lambda: Fixed(value=DEFAULT_DURATION))
    exit_codes: Int32 | list[ExitCodeChoice] = 0
    init_duration: Distribution = Field(default_factory=_zero)
    shutdown_delay: Distribution | None = Field(default_factory=_zero)

    _compiled: Selector = PrivateAttr(default_factory=everything)

    @model_validator(mode="after")
    def _compile(self) -> PodBehavior:
        self._compiled = _selector_of(self.selector)
        if isinstance(self.exit_codes, list):
            total = sum(choice.probability for choice in self.exit_codes)
            if total > 1 + 1e-9:
                raise ValueError(f"exitCodes: probabilities sum to {total:g}, more than 1")
        return self

    def matches(self, labels: Mapping[str, str] | None) -> bool:
        """Whether this behaviour applies to a pod with ``labels``."""
        return self._compiled.matches(labels)

    def sample_exit(self, rng: random.Random) -> tuple[int, str]:
        """Draw an exit code and its terminated reason (one ``rng.random()``)."""
        u = rng.random()
        code, reason = self._pick_exit(u)
        return code, reason or ("Completed" if code == 0 else "Error")

    def _pick_exit(self, u: float) -> tuple[int, str]:
        if not isinstance(self.exit_codes, list):
            return self.exit_codes, ""
        cumulative = 0.0
        for choice in self.exit_codes:
            cumulative += choice.probability
            if u < cumulative:
                return choice.code, choice.reason
        return 0, ""


class BehaviorSet(K8sModel):
    """An ordered list of behaviours: the first whose selector matches applies, else ``default``."""

    behaviors: list[PodBehavior] = Field(default_factory=list)
    default: PodBehavior = Field(default_factory=PodBehavior)

    @classmethod
    def of(cls, *behaviors: PodBehavior, default: PodBehavior | None = None) -> BehaviorSet:
        """Build a set from behaviours in priority order."""
        return cls(behaviors=list(behaviors), default=default or PodBehavior())

    def for_pod(self, labels: Mapping[str, str] | None) -> PodBehavior:
        """Return the behaviour for a pod with ``labels`` (first match, else the default)."""
        for behavior in self.behaviors:
            if behavior.matches(labels):
                return behavior
        return self.default

    def __len__(self) -> int:
        return len(self.behaviors)


def mix(pairs: Sequence[tuple[int, float]]) -> list[ExitCodeChoice]:
    """Build an exit-code mix from ``(code, probability)`` pairs."""
    return [ExitCodeChoice(code=code, probability=p) for code, p in pairs]
