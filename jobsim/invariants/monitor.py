"""``InvariantMonitor``: watches the store and checks the history-dependent Job invariants.

Owns the invariants that need more than one snapshot (numbers as in
``shared/reference/job-controller-semantics.md``): monotone counters (5), a terminal Job
never changes again and gets no new pod (7), completionTime never mutated (10), no pod
created after the first success when completions is unset (12), startTime only set once
or reset on resume (16), Suspended never appears as False (17), scale-down/suspension
deletions never counted (18), pod re-creation delay respected (19), counters move only
through ``uncountedTerminatedPods`` (25), the terminal condition waits for terminating
pods (26), one SuccessfulCreate per created pod and one finish event per Job (29), TTL
deletion no earlier than finish + TTL (30). Every Job write is also run through
:func:`check_job` (Job fields only, O(1) per write).

Watch handlers only record; violations accumulate in ``violations``. Imports the store's
interface and the pure modules; never writes to the store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event, Pod
from jobsim.apiserver.interface import APIServerProtocol, WatchEventRecord
from jobsim.clock import SimClock
from jobsim.controllers.job.backoff import BackoffRecord, get_remaining_time, new_backoff_record
from jobsim.controllers.job.pod_utils import (
    has_job_tracking_finalizer,
    is_indexed_job,
    is_pod_failed,
    is_pod_terminal,
    is_pod_terminating,
)
from jobsim.events import EventRecorder
from jobsim.invariants.snapshot import Violation, check_job, check_verdicts, job_key

__all__ = ["InvariantMonitor"]

_FAILURE_REASONS = frozenset(
    {
        "BackoffLimitExceeded",
        "DeadlineExceeded",
        "PodFailurePolicy",
        "MaxFailedIndexesExceeded",
        "FailedIndexes",
    }
)
_TOLERANCE = timedelta(microseconds=1)


@dataclass
class _JobHistory:
    """What the monitor remembers of one Job (by uid)."""

    key: str
    last: Job
    pods: dict[str, Pod] = field(default_factory=dict)
    finished: Job | None = None
    seen_success: bool = False
    backoff: BackoffRecord = field(default_factory=BackoffRecord)
    uncountable: set[str] = field(default_factory=set)
    unprocessed: dict[str, Pod] = field(default_factory=dict)
    """Finished pods still carrying the finalizer and not yet uncounted: the next sync's
    ``newSucceededPods``/``newFailedPods``, which its ``newBackoffRecord`` already includes."""
    created: int = 0
    create_events: int = 0
    finish_events: int = 0
    events_seen: bool = False


class InvariantMonitor:
    """Checks Job invariants on every write the store makes; read ``violations``."""

    def __init__(
        self,
        api: APIServerProtocol,
        clock: SimClock,
        *,
        resource_version: str | None = None,
        recorder: EventRecorder | None = None,
    ) -> None:
        """Watch from now on, or replay the changes after ``resource_version`` first.

        ``resource_version="1"`` attaches to a store whose objects were all created at the
        current instant (e.g. by ``jobsim.scenario``'s ``build_simulation``), as if the monitor
        had been there before them. With ``recorder`` (the job controller's), invariant 29
        counts the events the controller emitted (its ``on_emit`` hook); without it, the
        Event writes in the store, which client-go's correlator combines and spam-filters.
        """
        self.clock = clock
        self.violations: list[Violation] = []
        self._jobs: dict[str, _JobHistory] = {}
        self._pod_job: dict[str, str] = {}
        self._watches = [
            api.watch("jobs", handler=self._on_job, resource_version=resource_version),
            api.watch("pods", handler=self._on_pod, resource_version=resource_version),
        ]
        self._recorder = recorder
        if recorder is None:
            self._watches.append(
                api.watch("events", handler=self._on_event, resource_version=resource_version)
            )
        else:
            recorder.on_emit.append(self._on_emit)

    def stop(self) -> None:
        """Stop watching."""
        for handle in self._watches:
            handle.stop()
        if self._recorder is not None and self._on_emit in self._recorder.on_emit:
            self._recorder.on_emit.remove(self._on_emit)

    def _fail(self, history: _JobHistory, number: int, name: str, message: str) -> None:
        self.violations.append(Violation(number, name, history.key, message))

    # -- jobs ------------------------------------------------------------------------------------

    def _on_job(self, event: WatchEventRecord) -> None:
        job = event.object
        if not isinstance(job, Job):
            return
        uid = job.metadata.uid or ""
        history = self._jobs.get(uid)
        if history is None:
            history = self._jobs[uid] = _JobHistory(job_key(job), job)
            if job.spec.suspend and job.status.start_time is not None:
                self._fail(history, 16, "start-time", "startTime set on a Job created suspended")
        self.violations.extend(check_job(job, verdicts=False))
        if event.type == "DELETED" or job.metadata.deletion_timestamp is not None:
            self._check_ttl(history, job)
        if event.type == "MODIFIED":
            self._compare(history, history.last, job)
        history.last = job

    def _compare(self, h: _JobHistory, old: Job, new: Job) -> None:
        old_s, new_s = old.status, new.status
        if h.finished is not None:
            if new_s != h.finished.status:
                self._fail(h, 7, "terminal-final", "status changed after the Job finished")
            return
        elastic = is_indexed_job(new) and new.spec.completions != old.spec.completions
        if new_s.failed < old_s.failed:
            self._fail(h, 5, "monotone-counters", "cannot decrease the failed counter")
        if new_s.succeeded < old_s.succeeded and not elastic:
            self._fail(h, 5, "monotone-counters", "cannot decrease the succeeded counter")
        if old_s.completion_time is not None and new_s.completion_time != old_s.completion_time:
            self._fail(h, 10, "completion-time", "completionTime cannot be mutated")
        self._check_start_time(h, old, new)
        self._check_suspended(h, old, new)
        self._check_uncounted(h, old, new, elastic=elastic)
        if _has_true(new, "FailureTarget") and not _has_true(old, "FailureTarget"):
            self.violations.extend(check_verdicts(new))
        if new_s.succeeded > 0:
            h.seen_success = True
        if new.is_finished():
            h.finished = new
            terminating = [p for p in h.pods.values() if is_pod_terminating(p)]
            if terminating:
                self._fail(
                    h,
                    26,
                    "terminal-waits",
                    f"terminal condition added while {len(terminating)} pods are terminating "
                    "(enactJobFinished waits for terminating == 0)",
                )

    def _check_start_time(self, h: _JobHistory, old: Job, new: Job) -> None:
        before, after = old.status.start_time, new.status.start_time
        if before is None or after == before:
            return
        old_s = _suspended_status(old)
        if not (old_s == "True" and _suspended_status(new) == "False"):
            self._fail(
                h,
                16,
                "start-time",
                "startTime changed without a resume (syncJob resets it only when the Job resumes)",
            )

    def _check_suspended(self, h: _JobHistory, old: Job, new: Job) -> None:
        if _suspended_status(old) is None and _suspended_status(new) == "False":
            self._fail(h, 17, "suspension", "the Suspended condition is never appended as False")

    def _check_uncounted(self, h: _JobHistory, old: Job, new: Job, *, elastic: bool) -> None:
        """25 and 18; also feeds the backoff replica (19) with the newly uncounted pods."""
        before = old.status.uncounted_terminated_pods
        after = new.status.uncounted_terminated_pods
        old_succeeded = set(before.succeeded or ()) if before else set()
        old_failed = set(before.failed or ()) if before else set()
        new_succeeded = set(after.succeeded or ()) if after else set()
        new_failed = set(after.failed or ()) if after else set()
        moved_failed = len(old_failed - new_failed)
        if new.status.failed - old.status.failed != moved_failed:
            self._fail(
                h,
                25,
                "status-write-ordering",
                f"failed grew by {new.status.failed - old.status.failed} but {moved_failed} "
                "UIDs left uncountedTerminatedPods.failed",
            )
        if not is_indexed_job(new) and not elastic:
            moved = len(old_succeeded - new_succeeded)
            if new.status.succeeded - old.status.succeeded != moved:
                self._fail(
                    h,
                    25,
                    "status-write-ordering",
                    f"succeeded grew by {new.status.succeeded - old.status.succeeded} but "
                    f"{moved} UIDs left uncountedTerminatedPods.succeeded",
                )
        added_succeeded, added_failed = new_succeeded - old_succeeded, new_failed - old_failed
        for uid in (added_succeeded | added_failed) & h.uncountable:
            self._fail(
                h,
                18,
                "uncounted-deletions",
                f"pod {uid} removed for scale-down, suspension or release was counted",
            )
        if added_succeeded:
            h.seen_success = True
        for uid in new_succeeded | new_failed:
            h.unprocessed.pop(uid, None)
        if added_succeeded or added_failed:
            succeeded = [h.pods[u] for u in added_succeeded if u in h.pods]
            failed = [h.pods[u] for u in added_failed if u in h.pods]
            h.backoff = new_backoff_record(h.backoff, succeeded, failed)

    def _check_ttl(self, h: _JobHistory, job: Job) -> None:
        ttl = job.spec.ttl_seconds_after_finished
        finished = h.last.finished_condition()
        if ttl is None or finished is None or finished.last_transition_time is None:
            return
        expire = finished.last_transition_time + timedelta(seconds=ttl)
        if self.clock.now_micro() + _TOLERANCE < expire:
            self._fail(h, 30, "ttl", f"deleted before finish + ttlSecondsAfterFinished ({ttl}s)")

    # -- pods ------------------------------------------------------------------------------------

    def _on_pod(self, event: WatchEventRecord) -> None:
        pod = event.object
        if not isinstance(pod, Pod):
            return
        uid = pod.metadata.uid or ""
        ref = pod.metadata.controller_ref()
        owner = ref.uid if ref is not None else self._pod_job.get(uid)
        h = self._jobs.get(owner or "")
        if h is None:
            return
        old = event.old_object if isinstance(event.old_object, Pod) else h.pods.get(uid)
        if event.type == "DELETED":
            h.pods.pop(uid, None)
            h.unprocessed.pop(uid, None)
            self._pod_job.pop(uid, None)
            return
        if event.type == "ADDED" and pod.metadata.controller_ref() is not None:
            self._on_created(h, pod)
        if (
            old is not None
            and has_job_tracking_finalizer(old)
            and not has_job_tracking_finalizer(pod)
            and not is_pod_terminal(pod)
            and pod.metadata.deletion_timestamp is None
        ):
            h.uncountable.add(uid)
        if pod.status.phase == "Succeeded" and has_job_tracking_finalizer(pod):
            # Only a tracked pod counts: one released for scale-down or suspension before it
            # succeeded never reaches status.succeeded, so the Job still wants pods.
            h.seen_success = True
        self._track_unprocessed(h, pod)
        if ref is None:
            h.pods.pop(uid, None)
            self._pod_job.pop(uid, None)
        else:
            h.pods[uid] = pod
            self._pod_job[uid] = ref.uid

    def _track_unprocessed(self, h: _JobHistory, pod: Pod) -> None:
        uid = pod.metadata.uid or ""
        uncounted = h.last.status.uncounted_terminated_pods
        counted = uncounted is not None and (
            uid in (uncounted.succeeded or ()) or uid in (uncounted.failed or ())
        )
        finished = pod.status.phase == "Succeeded" or is_pod_failed(pod, h.last)
        mine = pod.metadata.controller_ref() is not None
        if mine and finished and has_job_tracking_finalizer(pod) and not counted:
            h.unprocessed[uid] = pod
        else:
            h.unprocessed.pop(uid, None)

    def _on_created(self, h: _JobHistory, pod: Pod) -> None:
        h.created += 1
        job = h.last
        if h.finished is not None:
            self._fail(h, 7, "terminal-final", f"pod {pod.metadata.name} created after finish")
        if job.spec.completions == 0:
            self._fail(h, 28, "degenerate", "completions 0: no pod is ever created")
        if job.spec.parallelism == 0:
            # Not a snapshot check: parallelism may drop to 0 after pods succeeded.
            self._fail(h, 28, "degenerate", "parallelism 0: no pod is ever created")
        if job.spec.completions is None and h.seen_success:
            self._fail(
                h,
                12,
                "no-work-after-success",
                f"pod {pod.metadata.name} created after a pod succeeded (completions unset: "
                "wantActive = active once succeeded > 0)",
            )
        if not is_indexed_job(job) and job.spec.backoff_limit_per_index is None:
            pending = list(h.unprocessed.values())
            record = new_backoff_record(
                h.backoff,
                [p for p in pending if p.status.phase == "Succeeded"],
                [p for p in pending if p.status.phase != "Succeeded"],
            )
            remaining = get_remaining_time(record, self.clock.now_micro())
            if remaining > _TOLERANCE:
                self._fail(
                    h,
                    19,
                    "recreation-delay",
                    f"pod {pod.metadata.name} created {remaining.total_seconds():g}s before "
                    f"the backoff after {record.failures_after_last_success} failures elapsed",
                )

    # -- events ----------------------------------------------------------------------------------

    def _on_event(self, event: WatchEventRecord) -> None:
        ev = event.object
        if not isinstance(ev, Event) or event.type not in ("ADDED", "MODIFIED"):
            return
        if ev.source.component == "job-controller":
            self._count_event(ev.involved_object.uid or "", ev.type, ev.reason)

    def _on_emit(self, obj: object, event_type: str, reason: str, message: str) -> None:
        del message
        assert self._recorder is not None
        meta = getattr(obj, "metadata", None)
        if self._recorder.component == "job-controller" and meta is not None:
            self._count_event(meta.uid or "", event_type, reason)

    def _count_event(self, uid: str, event_type: str, reason: str) -> None:
        h = self._jobs.get(uid)
        if h is None:
            return
        h.events_seen = True
        if reason == "SuccessfulCreate":
            h.create_events += 1
        elif reason == "Completed" or (event_type == "Warning" and reason in _FAILURE_REASONS):
            h.finish_events += 1

    def final_violations(self) -> list[Violation]:
        """``violations`` plus the end-of-run checks (29: events match creations and finishes)."""
        out = list(self.violations)
        for h in self._jobs.values():
            if not h.events_seen:
                continue
            if h.create_events != h.created:
                out.append(
                    Violation(
                        29,
                        "events",
                        h.key,
                        f"{h.create_events} SuccessfulCreate events for {h.created} created pods",
                    )
                )
            expected = 1 if h.finished is not None else 0
            if h.finish_events != expected:
                out.append(
                    Violation(
                        29,
                        "events",
                        h.key,
                        f"{h.finish_events} finish events (Completed or failure reason), "
                        f"expected {expected}",
                    )
                )
        return out


def _suspended_status(job: Job) -> str | None:
    for condition in job.status.conditions or ():
        if condition.type == "Suspended":
            return condition.status
    return None


def _has_true(job: Job, condition_type: str) -> bool:
    return any(c.type == condition_type and c.status == "True" for c in job.status.conditions or ())
