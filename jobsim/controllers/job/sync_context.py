"""``SyncJobCtx``: what one sync of a Job knows (a private copy of the Job, its pods, counters).

Owns the state ``sync_job`` builds and ``track_job_status_and_remove_finalizers`` consumes,
and ``MAX_UNCOUNTED_PODS``. Plain data; imports ``jobsim.api`` and ``backoff`` only.
Source: ``pkg/controller/job/job_controller.go`` (``syncJobCtx``, ``MaxUncountedPods``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.api.core_v1 import Pod
from jobsim.api.intervals import OrderedIntervals
from jobsim.controllers.job.backoff import BackoffRecord

__all__ = ["MAX_UNCOUNTED_PODS", "SyncJobCtx"]

MAX_UNCOUNTED_PODS = 500
"""``MaxUncountedPods``: at most this many pods are newly counted per sync."""


@dataclass
class SyncJobCtx:
    """``syncJobCtx``: what one sync knows about its Job (a private copy) and its pods."""

    job: Job
    pods: list[Pod]
    active_pods: list[Pod]
    uncounted_succeeded: set[str]
    uncounted_failed: set[str]
    expected_rm_finalizers: set[str]
    new_backoff_record: BackoffRecord
    succeeded: int = 0
    failed: int = 0
    ready: int = 0
    terminating: int = 0
    finished_condition: JobCondition | None = None
    prev_succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    succeeded_indexes: OrderedIntervals = field(default_factory=OrderedIntervals)
    failed_indexes: OrderedIntervals | None = None
    pods_with_delayed_deletion_per_index: dict[int, Pod] = field(default_factory=dict)
