"""The record of a broken Job-controller invariant and the collector the checks append to.

Owns :class:`Violation`, :func:`job_key`, :class:`JobChecker` (the Job under check and the
violations found so far) and :func:`true_condition`. Pure; imports ``jobsim.api`` and the
pure ``conditions`` module of ``jobsim.controllers.job`` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.controllers.job import conditions as cond

__all__ = ["JobChecker", "Violation", "job_key", "true_condition"]


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken invariant: its number in the reference list, a short name, the Job, why."""

    number: int
    name: str
    job: str
    message: str

    def __str__(self) -> str:
        return f"invariant {self.number} ({self.name}) violated by Job {self.job}: {self.message}"


def job_key(job: Job) -> str:
    """``namespace/name`` of a Job."""
    return f"{job.metadata.namespace or ''}/{job.metadata.name or ''}"


def true_condition(job: Job, condition_type: str) -> JobCondition | None:
    """The condition of ``condition_type`` when its status is True, else None."""
    found = cond.find_condition_by_type(job.status.conditions, condition_type)
    return found if found is not None and found.status == "True" else None


class JobChecker:
    """The Job under check and the violations found so far."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self.key = job_key(job)
        self.out: list[Violation] = []

    def fail(self, number: int, name: str, message: str) -> None:
        """Record that invariant ``number`` (``name``) is broken, and why."""
        self.out.append(Violation(number, name, self.key, message))
