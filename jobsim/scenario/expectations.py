"""Evaluating expectations: pure functions over an observed world, and their results.

Owns :class:`World` (the latest Jobs, Pods and Events a watcher has seen), :func:`evaluate`
(one expectation against one world: passed, observed value, message), :class:`Tracker` (the
verdict of an ``always``/``within``/``at``/end expectation built from the observations it is
fed) and :class:`ExpectationResult`. Pure: no SimPy, no store access, no logging; the runner
feeds observations from watch events. Imports ``jobsim.api``, ``jobsim.labels`` and the
scenario schema only.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from jobsim.api.batch_v1 import JOB_NAME_LABEL, Job, JobCondition
from jobsim.api.core_v1 import Event, Pod
from jobsim.duration import format_duration
from jobsim.labels import parse
from jobsim.scenario.paths import ABSENT, resolve
from jobsim.scenario.schema_expectations import (
    ConditionCheck,
    EventsCheck,
    ExistsCheck,
    Expectation,
    FieldCheck,
    PodsCheck,
)

__all__ = ["ExpectationResult", "Tracker", "Verdict", "World", "evaluate", "relevant"]

Key = tuple[str, str]


@dataclass
class World:
    """The latest state of every Job, Pod and Event (namespace, name) -> object."""

    epoch: datetime
    jobs: dict[Key, Job] = field(default_factory=dict)
    pods: dict[Key, Pod] = field(default_factory=dict)
    events: dict[Key, Event] = field(default_factory=dict)


@dataclass(frozen=True)
class Verdict:
    """One evaluation: whether it held, what was observed, and a readable message."""

    passed: bool
    observed: Any
    message: str
    subject_exists: bool = True


@dataclass(frozen=True)
class ExpectationResult:
    """The outcome of one expectation (or of one timeline action that did not go as expected)."""

    description: str
    passed: bool
    observed: Any
    message: str

    def __str__(self) -> str:
        return f"{'PASS' if self.passed else 'FAIL'}  {self.description}: {self.message}"


def show(value: Any) -> str:
    """Render an observed value for messages (``null``, ``'text'``, ``3``, ``absent``)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _compare(op: str, observed: Any, want: Any) -> bool:
    if op == "==":
        return bool(observed == want) or (observed is ABSENT and want is None)
    if op == "!=":
        return not _compare("==", observed, want)
    if isinstance(observed, bool) or not isinstance(observed, int | float):
        return False
    result: bool = {
        ">=": observed >= want,
        "<=": observed <= want,
        ">": observed > want,
        "<": observed < want,
    }[op]
    return result


def _judge(check: FieldCheck | EventsCheck | PodsCheck, observed: Any) -> Verdict:
    failed = [(op, want) for op, want in check.comparisons() if not _compare(op, observed, want)]
    if not failed:
        return Verdict(True, observed, f"observed {show(observed)}")
    wanted = " and ".join(f"{op} {show(want)}" for op, want in failed)
    return Verdict(False, observed, f"expected {wanted}, observed {show(observed)}")


def _pods(check: PodsCheck, world: World) -> Iterator[Pod]:
    selector = parse(check.selector) if check.selector else None
    for (namespace, _name), pod in world.pods.items():
        labels = pod.metadata.labels or {}
        if namespace != check.namespace:
            continue
        if check.job is not None and labels.get(JOB_NAME_LABEL) != check.job:
            continue
        if selector is not None and not selector.matches(labels):
            continue
        if check.phase is not None and pod.status.phase != check.phase:
            continue
        deleting = pod.metadata.deletion_timestamp is not None
        if check.terminating is not None and deleting != check.terminating:
            continue
        yield pod


def _event_count(check: EventsCheck, world: World) -> int:
    total = 0
    for (namespace, _name), event in world.events.items():
        involved = event.involved_object
        if namespace != check.namespace:
            continue
        if check.job is not None and (involved.kind != "Job" or involved.name != check.job):
            continue
        if check.reason is not None and event.reason != check.reason:
            continue
        if check.type is not None and event.type != check.type:
            continue
        if check.message is not None and event.message != check.message:
            continue
        total += max(event.count, 1)
    return total


def _seconds(world: World, when: datetime | None) -> float | None:
    return None if when is None else (when - world.epoch).total_seconds()


def _show_condition(cond: JobCondition, world: World) -> str:
    text = f"{cond.type}={cond.status}"
    text += f" reason={cond.reason}" if cond.reason else ""
    text += f" message={cond.message!r}" if cond.message else ""
    since = _seconds(world, cond.last_transition_time)
    return text + (f" since {format_duration(since)}" if since is not None else "")


def _condition(check: ConditionCheck, job: Job, world: World) -> Verdict:
    def matches(cond: JobCondition) -> bool:
        since = _seconds(world, cond.last_transition_time)
        want = check.last_transition_time
        return (
            cond.type == check.type
            and cond.status == check.status
            and (check.reason is None or cond.reason == check.reason)
            and (check.message is None or cond.message == check.message)
            and (want is None or (since is not None and math.isclose(since, math.floor(want))))
        )

    conditions = job.status.conditions or []
    hit = next((c for c in conditions if matches(c)), None)
    of_type = [_show_condition(c, world) for c in conditions if c.type == check.type]
    if hit is not None:
        observed: Any = _show_condition(hit, world)
    else:
        observed = "; ".join(of_type) if of_type else f"no {check.type} condition"
    passed = (hit is not None) == check.present
    message = f"observed {observed}" if passed else f"not as expected: observed {observed}"
    return Verdict(passed, observed, message)


def evaluate(check: Expectation, world: World) -> Verdict:
    """Evaluate one expectation's test against the world (timing is the caller's business)."""
    if isinstance(check, EventsCheck):
        return _judge(check, _event_count(check, world))
    if isinstance(check, PodsCheck):
        return _judge(check, sum(1 for _ in _pods(check, world)))
    job = world.jobs.get((check.namespace, check.job))
    if isinstance(check, ExistsCheck):
        exists = job is not None
        passed = exists == check.exists
        observed_text = "exists" if exists else "does not exist"
        return Verdict(passed, exists, f"the Job {observed_text}")
    if job is None:
        message = f"Job {check.namespace}/{check.job} does not exist"
        return Verdict(False, ABSENT, message, subject_exists=False)
    if isinstance(check, ConditionCheck):
        return _condition(check, job, world)
    return _judge(check, resolve(job, check.segments()))


def relevant(check: Expectation, resource: str, namespace: str, name: str) -> bool:
    """Whether a watch event on ``resource`` ``namespace/name`` can change the verdict."""
    if isinstance(check, EventsCheck):
        return resource == "events" and namespace == check.namespace
    if isinstance(check, PodsCheck):
        return resource == "pods" and namespace == check.namespace
    return resource == "jobs" and (namespace, name) == (check.namespace, check.job)


@dataclass
class Tracker:
    """Builds the verdict of one expectation from the observations it is fed, in time order."""

    check: Expectation
    first_pass: float | None = None
    """``within``: the first time it held."""
    violation: tuple[float, Verdict] | None = None
    """``always``: the first state where it did not hold."""
    observations: int = 0
    last: tuple[float, Verdict] | None = None
    final: Verdict | None = None
    """``at`` and end: the verdict of the one observation that counts."""

    @property
    def pending(self) -> bool:
        """``within`` not yet met and not yet past its bound, or ``at`` not yet observed."""
        if self.check.timing == "within":
            return self.first_pass is None
        return self.check.timing == "at" and self.final is None

    def observe(self, now: float, world: World) -> None:
        """Feed the state at ``now`` (for ``always`` and ``within`` expectations)."""
        if self.check.after is not None and now < self.check.after:
            return
        if self.check.timing == "within":
            bound = self.check.within
            if self.first_pass is not None or (bound is not None and now > bound):
                return
        elif self.check.timing != "always" or self.violation is not None:
            return
        verdict = evaluate(self.check, world)
        if self.check.timing == "always" and not verdict.subject_exists:
            return
        self.observations += 1
        self.last = (now, verdict)
        if verdict.passed and self.check.timing == "within":
            self.first_pass = now
        elif not verdict.passed and self.check.timing == "always":
            self.violation = (now, verdict)

    def conclude(self, world: World, now: float) -> None:
        """Evaluate an ``at`` (at its time) or end expectation (at the end of the run)."""
        if self.final is None:
            self.final = evaluate(self.check, world)
            self.last = (now, self.final)

    def result(self, end: float) -> ExpectationResult:
        """The result once the run has ended at ``end``."""
        check, description = self.check, self.check.describe()
        timing = check.timing
        if timing == "always":
            if self.violation is not None:
                at, verdict = self.violation
                message = f"violated at {format_duration(at)}: {verdict.message}"
                return ExpectationResult(description, False, verdict.observed, message)
            if self.last is None:
                message = "never observed: the Job never existed"
                return ExpectationResult(description, False, ABSENT, message)
            message = f"held in {self.observations} observed states; last {self.last[1].message}"
            return ExpectationResult(description, True, self.last[1].observed, message)
        if timing == "within":
            if self.first_pass is not None:
                assert self.last is not None
                message = f"held at {format_duration(self.first_pass)}: {self.last[1].message}"
                return ExpectationResult(description, True, self.last[1].observed, message)
            cut = min(end, check.within or 0.0)
            if self.last is None:
                message = f"never held up to {format_duration(cut)}"
                return ExpectationResult(description, False, ABSENT, message)
            at, verdict = self.last
            message = (
                f"never held up to {format_duration(cut)}; "
                f"last observed at {format_duration(at)}: {verdict.message}"
            )
            return ExpectationResult(description, False, verdict.observed, message)
        if self.final is None:
            message = f"not evaluated: the run ended at {format_duration(end)}"
            return ExpectationResult(description, False, ABSENT, message)
        verdict = self.final
        return ExpectationResult(description, verdict.passed, verdict.observed, verdict.message)
