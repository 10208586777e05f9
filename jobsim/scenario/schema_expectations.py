"""Expectations of a scenario: what must hold, and when (a discriminated union on ``check``).

Owns the models of every expectation: *what* (a Job field, a Job condition, a count of events,
a count of pods, whether a Job exists) and *when* (``at`` a time, at the end of the run — the
default —, ``within`` a bound ("eventually"), or ``always``). Evaluation lives in
``jobsim.scenario.expectations``. Imports pydantic and ``jobsim.scenario`` helpers only; must
not import the store or the simulation.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, JsonValue, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jobsim.duration import format_duration
from jobsim.scenario._types import Name, Namespace, SchemaModel, SelectorText, SimTime
from jobsim.scenario.paths import Segment, parse_path

__all__ = [
    "COMPARATORS",
    "ConditionCheck",
    "EventsCheck",
    "ExistsCheck",
    "Expectation",
    "ExpectationBase",
    "FieldCheck",
    "PodsCheck",
]

COMPARATORS: dict[str, str] = {
    "equals": "==",
    "not_equals": "!=",
    "at_least": ">=",
    "at_most": "<=",
    "greater_than": ">",
    "less_than": "<",
}
"""Comparator fields (snake_case attribute names) and the operator each one prints as."""


class ExpectationBase(SchemaModel):
    """Timing shared by every expectation: ``at``, ``within``, ``always`` or (default) the end."""

    description: str | None = None
    """Printed instead of the generated description."""
    at: SimTime | None = None
    """Holds at this simulated time, after everything that happens at that instant."""
    within: SimTime | None = None
    """Eventually: holds at some observed state no later than this simulated time."""
    always: bool = False
    """Holds in every observed state of the run (every watch event of its subject)."""
    after: SimTime | None = None
    """With ``within``/``always``: ignore the states before this simulated time."""

    @model_validator(mode="after")
    def _one_timing(self) -> ExpectationBase:
        given = [k for k in ("at", "within") if getattr(self, k) is not None]
        given += ["always"] if self.always else []
        if len(given) > 1:
            raise PydanticCustomError(
                "timing",
                "give at most one of at, within and always (got {given})",
                {"given": ", ".join(given)},
            )
        if self.after is not None:
            if self.within is None and not self.always:
                raise PydanticCustomError("after", "after goes with within or always", {})
            if self.within is not None and self.after > self.within:
                raise PydanticCustomError("after", "after must not be later than within", {})
        return self

    @property
    def timing(self) -> Literal["at", "within", "always", "end"]:
        """Which of the four timings applies."""
        if self.at is not None:
            return "at"
        if self.within is not None:
            return "within"
        return "always" if self.always else "end"

    def when(self) -> str:
        """``at 30s``, ``within 2m0s``, ``always`` or ``at end``."""
        if self.at is not None:
            return f"at {format_duration(self.at)}"
        since = f" after {format_duration(self.after)}" if self.after is not None else ""
        if self.within is not None:
            return f"within {format_duration(self.within)}{since}"
        return f"always{since}" if self.always else "at end"

    def subject(self) -> str:
        """What the expectation is about, for descriptions."""
        raise NotImplementedError

    def describe(self) -> str:
        """One line: the subject, the test and the timing."""
        return self.description or f"{self.subject()} {self.when()}"


class _Compare(ExpectationBase):
    """Comparators on an observed value; every one given must hold."""

    equals: JsonValue = None
    not_equals: JsonValue = None
    at_least: float | None = None
    at_most: float | None = None
    greater_than: float | None = None
    less_than: float | None = None

    @model_validator(mode="after")
    def _some_comparator(self) -> _Compare:
        if not self.comparisons():
            raise PydanticCustomError(
                "comparator",
                "give at least one of equals, notEquals, atLeast, atMost, greaterThan, lessThan",
                {},
            )
        return self

    def comparisons(self) -> list[tuple[str, Any]]:
        """``(operator, value)`` for every comparator given, in a fixed order."""
        return [
            (op, getattr(self, f)) for f, op in COMPARATORS.items() if f in self.model_fields_set
        ]

    def test(self) -> str:
        """``== 3``, ``>= 1 and <= 2``."""
        return " and ".join(f"{op} {_show(value)}" for op, value in self.comparisons())


def _show(value: Any) -> str:
    if isinstance(value, str):
        return repr(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _JobSubject(ExpectationBase):
    job: Name
    namespace: Namespace = "default"

    def job_ref(self) -> str:
        """``job/name`` (with the namespace when it is not ``default``)."""
        ns = "" if self.namespace == "default" else f"{self.namespace}/"
        return f"job/{ns}{self.job}"


class FieldCheck(_JobSubject, _Compare):
    """A field of the Job (``status.succeeded``, ``status.conditions[type=Failed].reason``)."""

    check: Literal["field"]
    path: str

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        try:
            parse_path(value)
        except ValueError as exc:
            raise PydanticCustomError("path", "{detail}", {"detail": str(exc)}) from None
        return value

    def segments(self) -> list[Segment]:
        """The parsed path."""
        return parse_path(self.path)

    def subject(self) -> str:
        """``job/pi status.succeeded == 3``."""
        return f"{self.job_ref()} {self.path} {self.test()}"


class ConditionCheck(_JobSubject):
    """A Job condition of ``type`` with ``status`` (and ``reason``, ``message`` if given)."""

    check: Literal["condition"]
    type: Name
    status: Literal["True", "False", "Unknown"] = "True"
    reason: str | None = None
    message: str | None = None
    last_transition_time: SimTime | None = None
    """Simulated time of the condition's ``lastTransitionTime`` (whole seconds, as stored)."""
    present: bool = True
    """``false``: no condition matching type, status, reason and message exists."""

    def subject(self) -> str:
        """``job/pi condition Complete=True reason=CompletionsReached``."""
        text = f"{self.job_ref()} {'has' if self.present else 'has no'} condition "
        text += f"{self.type}={self.status}"
        if self.reason is not None:
            text += f" reason={self.reason}"
        if self.message is not None:
            text += f" message={self.message!r}"
        if self.last_transition_time is not None:
            text += f" since {format_duration(self.last_transition_time)}"
        return text


class EventsCheck(_Compare):
    """How many Events (summing ``count``) match reason, type, message and Job."""

    check: Literal["events"]
    reason: str | None = None
    type: Literal["Normal", "Warning"] | None = None
    message: str | None = None
    job: Name | None = None
    """Only events whose involvedObject is this Job."""
    namespace: Namespace = "default"

    def subject(self) -> str:
        """``events reason=SuccessfulCreate job=pi count == 3``."""
        parts = [f"{k}={v}" for k, v in (("type", self.type), ("reason", self.reason)) if v]
        parts += [f"message={self.message!r}"] if self.message is not None else []
        parts += [f"job={self.job}"] if self.job else []
        return f"events {' '.join(parts)} count {self.test()}".replace("  ", " ")


class PodsCheck(_Compare):
    """How many pods exist that match ``job``/``selector`` (and ``phase``, ``terminating``)."""

    check: Literal["pods"]
    job: Name | None = None
    """Shorthand for the selector ``batch.kubernetes.io/job-name=<job>``."""
    selector: SelectorText | None = None
    namespace: Namespace = "default"
    phase: Literal["Pending", "Running", "Succeeded", "Failed", "Unknown"] | None = None
    terminating: bool | None = None
    """``true``: only pods being deleted (deletionTimestamp set); ``false``: only the others."""

    def subject(self) -> str:
        """``pods job=pi phase=Succeeded count == 3``."""
        parts = [f"job={self.job}"] if self.job else []
        parts += [f"selector={self.selector!r}"] if self.selector else []
        parts += [f"phase={self.phase}"] if self.phase else []
        if self.terminating is not None:
            parts.append(f"terminating={'true' if self.terminating else 'false'}")
        return f"pods {' '.join(parts)} count {self.test()}".replace("  ", " ")


class ExistsCheck(_JobSubject):
    """Whether the Job exists (``exists: false`` after a deletion or its TTL)."""

    check: Literal["exists"]
    exists: bool = True

    def subject(self) -> str:
        """``job/pi exists`` or ``job/pi does not exist``."""
        return f"{self.job_ref()} {'exists' if self.exists else 'does not exist'}"


Expectation = Annotated[
    FieldCheck | ConditionCheck | EventsCheck | PodsCheck | ExistsCheck,
    Field(discriminator="check"),
]
"""One expectation; ``check`` says which."""
