"""We test these aspects: ``track_job_status_and_remove_finalizers`` called directly on a
hand-built sync context, row for row as upstream's table: every status update it writes
(``uncountedTerminatedPods`` first, then the counters; the terminal condition and
``completionTime`` only once nothing is uncounted or terminating), how many finalizers it
removes, the 500-pod cap per sync, and the error it returns when a status write or a pod patch
fails.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``
(``TestTrackJobStatusAndRemoveFinalizers``; case names kept as row ids). Upstream pod UIDs
(``a``, ``b``, ...) name pods here too; an uncounted UID without a pod stays a bare letter.
Master semantics: rows upstream ran with JobPodReplacementPolicy and JobManagedBy both off
("JobFailed condition is not delayed") are left out, both gates being GA.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from controller_harness import Harness
from upstream_controller_support import add_pod, age

from jobsim.api.batch_v1 import Job, JobCondition, UncountedTerminatedPods
from jobsim.api.core_v1 import Pod
from jobsim.api.intervals import OrderedIntervals
from jobsim.controllers.job import conditions as cond
from jobsim.controllers.job import indexed
from jobsim.controllers.job.backoff import BackoffRecord
from jobsim.controllers.job.pod_utils import count_terminating_pods, filter_active_pods
from jobsim.controllers.job.sync_context import SyncJobCtx
from jobsim.controllers.job.tracking import track_job_status_and_remove_finalizers
from jobsim.errors import APIError, new_internal_error

MOCK_ERROR = "mock error"


@dataclass
class P:
    """A pod of a row: upstream ``buildPod().uid(uid).phase(phase)...``."""

    phase: str
    uid: str = ""
    finalizer: bool = True
    deleting: bool = False
    index: str | None = None
    failure_count: str | None = None


@dataclass
class Row:
    """One row: the Job's spec/status, its pods, the finished condition and what to expect."""

    pods: list[P] = field(default_factory=list)
    spec: dict[str, Any] = field(default_factory=dict)
    status: dict[str, Any] = field(default_factory=dict)
    finished: str | None = None  # Complete, Failed or SuccessCriteriaMet
    expected_rm: set[str] = field(default_factory=set)
    deleting_job: bool = False
    needs_flush: bool = False
    status_update_err: bool = False
    pod_control_err: bool = False
    want_err: bool = False
    want_rm_finalizers: int = 0
    want_updates: list[dict[str, Any]] = field(default_factory=list)


def _u(succeeded: list[str] | None = None, failed: list[str] | None = None) -> dict[str, Any]:
    return {"uncounted": (succeeded or [], failed or [])}


def _many(n: int, phase: str, indexed: bool = False) -> list[P]:
    return [P(phase, str(i), index=str(i) if indexed else None) for i in range(n)]


CASES: dict[str, Row] = {
    "no updates": Row(),
    "new active": Row(status={"active": 1}, needs_flush=True, want_updates=[{**_u(), "active": 1}]),
    "track finished pods": Row(
        pods=[
            P("Succeeded", "a"),
            P("Failed", "b"),
            P("Succeeded", "c", deleting=True),
            P("Failed", "d", deleting=True),
            P("Pending", "e", deleting=True),
            P("Pending"),
            P("Running"),
        ],
        want_rm_finalizers=5,
        want_updates=[
            _u(["a", "c"], ["b", "d", "e"]),
            {**_u(), "succeeded": 2, "failed": 3},
        ],
    ),
    "past and new finished pods": Row(
        status={"active": 1, "succeeded": 2, "failed": 3, **_u(["a", "e"], ["b", "f"])},
        pods=[
            P("Succeeded", "e", finalizer=False),
            P("Failed", finalizer=False),
            P("Pending", finalizer=False),
            P("Succeeded", "a"),
            P("Failed", "b"),
            P("Succeeded", "c"),
            P("Failed", "d"),
        ],
        want_rm_finalizers=4,
        want_updates=[
            {**_u(["a", "c"], ["b", "d"]), "active": 1, "succeeded": 3, "failed": 4},
            {**_u(), "active": 1, "succeeded": 5, "failed": 6},
        ],
    ),
    "expecting removed finalizers": Row(
        status={"succeeded": 2, "failed": 3, **_u(["a", "g"], ["b", "h"])},
        expected_rm={"c", "d", "g", "h"},
        pods=[P(ph, uid) for uid, ph in zip("abcdefgh", ["Succeeded", "Failed"] * 4, strict=True)],
        want_rm_finalizers=4,
        want_updates=[
            {**_u(["a", "e"], ["b", "f"]), "succeeded": 3, "failed": 4},
            {**_u(), "succeeded": 5, "failed": 6},
        ],
    ),
    "succeeding job by JobSuccessPolicy": Row(
        pods=[P("Succeeded", "a"), P("Failed", "b"), P("Pending", "c")],
        finished="SuccessCriteriaMet",
        want_rm_finalizers=3,
        want_updates=[
            {**_u(["a"], ["b"]), "conditions": ["SuccessCriteriaMet"]},
            {
                **_u(),
                "succeeded": 1,
                "failed": 1,
                "conditions": ["SuccessCriteriaMet", "Complete"],
                "completionTime": True,
            },
        ],
    ),
    "completing job": Row(
        pods=[P("Succeeded", "a"), P("Failed", "b")],
        finished="Complete",
        want_rm_finalizers=2,
        want_updates=[
            _u(["a"], ["b"]),
            {
                **_u(),
                "succeeded": 1,
                "failed": 1,
                "conditions": ["Complete"],
                "completionTime": True,
            },
        ],
    ),
    "failing job": Row(
        pods=[P("Succeeded", "a"), P("Failed", "b"), P("Running", "c")],
        finished="Failed",
        want_rm_finalizers=3,
        want_updates=[
            _u(["a"], ["b", "c"]),
            {**_u(), "succeeded": 1, "failed": 2, "conditions": ["Failed"]},
        ],
    ),
    "deleted job": Row(
        deleting_job=True,
        status={"active": 1},
        pods=[P("Succeeded", "a"), P("Failed", "b"), P("Running")],
        want_rm_finalizers=3,
        want_updates=[
            {**_u(["a"], ["b"]), "active": 1},
            {**_u(), "active": 1, "succeeded": 1, "failed": 1},
        ],
    ),
    "status update error": Row(
        pods=[P("Succeeded", "a"), P("Failed", "b")],
        status_update_err=True,
        want_err=True,
        want_updates=[_u(["a"], ["b"])],
    ),
    "pod patch errors": Row(
        pods=[P("Succeeded", "a"), P("Failed", "b")],
        pod_control_err=True,
        want_err=True,
        want_rm_finalizers=2,
        want_updates=[_u(["a"], ["b"])],
    ),
    "pod patch errors with partial success": Row(
        status=_u(["a"], ["b"]),
        pods=[P("Succeeded", "a", finalizer=False), P("Succeeded", "c"), P("Failed", "d")],
        pod_control_err=True,
        want_err=True,
        want_rm_finalizers=2,
        want_updates=[{**_u(["c"], ["d"]), "succeeded": 1, "failed": 1}],
    ),
    "indexed job new successful pods": Row(
        spec={"completionMode": "Indexed", "completions": 6},
        status={"active": 1},
        pods=[
            P("Succeeded", index="1"),
            P("Succeeded", index="3"),
            P("Succeeded", index="3"),
            P("Running", index="5"),
            P("Succeeded"),
        ],
        want_rm_finalizers=4,
        want_updates=[{**_u(), "active": 1, "succeeded": 2, "completedIndexes": "1,3"}],
    ),
    "indexed job prev successful pods outside current completions index range with no new "
    "succeeded pods": Row(
        spec={"completionMode": "Indexed", "completions": 2, "parallelism": 2},
        status={"active": 2, "succeeded": 1, "completedIndexes": "3"},
        pods=[P("Running", index="0"), P("Running", index="1")],
        want_updates=[{**_u(), "active": 2}],  # succeeded 0, completedIndexes ""
    ),
    "indexed job prev successful pods outside current completions index range with new "
    "succeeded pods in range": Row(
        spec={"completionMode": "Indexed", "completions": 2, "parallelism": 2},
        status={"active": 2, "succeeded": 1, "completedIndexes": "3"},
        pods=[P("Running", index="0"), P("Succeeded", index="1")],
        want_rm_finalizers=1,
        want_updates=[{**_u(), "active": 2, "succeeded": 1, "completedIndexes": "1"}],
    ),
    "indexed job new failed pods": Row(
        spec={"completionMode": "Indexed", "completions": 6},
        status={"active": 1},
        pods=[
            P("Failed", "a", index="1"),
            P("Failed", "b", index="3"),
            P("Failed", "c", index="3"),
            P("Running", "d", index="5"),
            P("Failed"),
        ],
        want_rm_finalizers=4,
        want_updates=[
            {**_u([], ["a", "b", "c"]), "active": 1},
            {**_u(), "active": 1, "failed": 3},
        ],
    ),
    "indexed job past and new pods": Row(
        spec={"completionMode": "Indexed", "completions": 7},
        status={"failed": 2, "succeeded": 5, "completedIndexes": "0-2,4,6,7"},
        pods=[
            P("Succeeded", index="0", finalizer=False),
            P("Failed", index="1", finalizer=False),
            P("Succeeded", index="1"),
            P("Succeeded", index="3"),
            P("Failed", "a", index="2"),
            P("Failed", "b", index="5"),
        ],
        want_rm_finalizers=4,
        want_updates=[
            {**_u([], ["a", "b"]), "succeeded": 6, "failed": 2, "completedIndexes": "0-4,6"},
            {**_u(), "succeeded": 6, "failed": 4, "completedIndexes": "0-4,6"},
        ],
    ),
    "too many finished": Row(
        status=_u([], ["a", "b"]),
        pods=[*_many(500, "Succeeded"), P("Failed", "b")],
        want_rm_finalizers=499,
        want_updates=[
            {**_u([str(i) for i in range(499)], ["b"]), "failed": 1},
            {**_u([], ["b"]), "succeeded": 499, "failed": 1},
        ],
    ),
    "too many indexed finished": Row(
        spec={"completionMode": "Indexed", "completions": 501},
        pods=_many(501, "Succeeded", indexed=True),
        want_rm_finalizers=500,
        want_updates=[{**_u(), "completedIndexes": "0-499", "succeeded": 500}],
    ),
    "pod flips from failed to succeeded": Row(
        spec={"completions": 2, "parallelism": 2},
        status=_u([], ["a", "b"]),
        pods=[P("Failed", "a"), P("Succeeded", "b")],
        finished="Failed",
        want_rm_finalizers=2,
        want_updates=[{**_u(), "failed": 2, "conditions": ["Failed"]}],
    ),
    "pod is terminal; JobFailed condition is set": Row(
        spec={"completions": 1, "parallelism": 1},
        status=_u([], ["a"]),
        pods=[P("Failed", "a")],
        finished="Failed",
        want_rm_finalizers=1,
        want_updates=[{**_u(), "failed": 1, "conditions": ["Failed"]}],
    ),
    "pod is terminating; counted as failed, but the JobFailed condition is delayed": Row(
        spec={"completions": 1, "parallelism": 1},
        status={**_u([], ["a"]), "conditions": ["FailureTarget"]},
        pods=[P("Running", "a", finalizer=False, deleting=True)],
        finished="Failed",
        want_updates=[{**_u(), "failed": 1, "conditions": ["FailureTarget"]}],
    ),
    "pod is terminating; JobSuccessCriteriaMet, but JobComplete condition is delayed": Row(
        spec={"completions": 1, "parallelism": 1},
        status={**_u(["b"], ["a"]), "conditions": ["SuccessCriteriaMet"]},
        pods=[P("Running", "a", finalizer=False, deleting=True)],
        finished="Complete",
        want_updates=[{**_u(), "succeeded": 1, "failed": 1, "conditions": ["SuccessCriteriaMet"]}],
    ),
    "indexed job with a failed pod with delayed finalizer removal; the pod is not counted": Row(
        spec={"completionMode": "Indexed", "completions": 6, "backoffLimitPerIndex": 1},
        pods=[P("Failed", "a", index="1", failure_count="0")],
        want_updates=[{**_u(), "failedIndexes": ""}],
    ),
    "indexed job with a failed pod which is recreated by a running pod; the pod is counted": Row(
        spec={"completionMode": "Indexed", "completions": 6, "backoffLimitPerIndex": 1},
        status={"active": 1},
        pods=[
            P("Failed", "a1", index="1", failure_count="0"),
            P("Running", "a2", index="1", failure_count="1"),
        ],
        want_rm_finalizers=1,
        want_updates=[
            {**_u([], ["a1"]), "active": 1, "failedIndexes": ""},
            {**_u(), "active": 1, "failed": 1, "failedIndexes": ""},
        ],
    ),
    "indexed job with a failed pod for a failed index; the pod is counted": Row(
        spec={"completionMode": "Indexed", "completions": 6, "backoffLimitPerIndex": 1},
        pods=[P("Failed", "a", index="1", failure_count="1")],
        want_rm_finalizers=1,
        want_updates=[
            {**_u([], ["a"]), "failedIndexes": "1"},
            {**_u(), "failed": 1, "failedIndexes": "1"},
        ],
    ),
}


def _condition(condition_type: str, h: Harness) -> JobCondition:
    return cond.new_condition(condition_type, "True", "", "", h.clock.now_time())


class _Setup:
    """The store state of one row and the letter <-> UID maps."""

    def __init__(self, row: Row) -> None:
        self.h = Harness()
        spec = dict(row.spec)
        completions = spec.pop("completions", None)
        self.stored = self.h.create_job(
            parallelism=spec.pop("parallelism", None), completions=completions, spec=spec
        )
        self.to_uid: dict[str, str] = {}
        pods: list[Pod] = []
        for p in row.pods:
            pod = add_pod(
                self.h,
                self.stored,
                p.phase,
                finalizer=p.finalizer or p.deleting,
                deleting=p.deleting,
                index=p.index,
                failure_count=p.failure_count,
            )
            if p.deleting and not p.finalizer:
                pod = self._drop_finalizer(pod)
            if p.uid:
                self.to_uid[p.uid] = pod.metadata.uid or ""
            pods.append(pod)
        self.pods = pods
        self.to_letter = {uid: letter for letter, uid in self.to_uid.items()}
        age(self.h)

    def _drop_finalizer(self, pod: Pod) -> Pod:
        meta = pod.metadata.model_copy(update={"finalizers": None})
        stored = self.h.api.replace("pods", pod.model_copy(update={"metadata": meta}))
        assert isinstance(stored, Pod)
        return stored

    def uids(self, letters: list[str]) -> list[str]:
        return [self.to_uid.get(x, x) for x in letters]

    def letters(self, uids: list[str] | None) -> list[str]:
        return [self.to_letter.get(u, u) for u in uids or []]


def _job_for(setup: _Setup, row: Row) -> Job:
    """The Job as the sync sees it (a private copy; never written to the store)."""
    status = dict(row.status)
    succeeded, failed = status.pop("uncounted", ([], []))
    types = status.pop("conditions", [])
    data = setup.stored.to_dict()
    data["status"] = {
        **status,
        "uncountedTerminatedPods": {
            "succeeded": setup.uids(succeeded) or None,
            "failed": setup.uids(failed) or None,
        },
    }
    job = Job.from_dict(data)
    job.status.uncounted_terminated_pods = UncountedTerminatedPods(
        succeeded=setup.uids(succeeded) or None, failed=setup.uids(failed) or None
    )
    job.status.conditions = [_condition(t, setup.h) for t in types] or None
    if row.deleting_job:
        meta = job.metadata.model_copy(update={"deletion_timestamp": setup.h.clock.now_time()})
        job = job.model_copy(update={"metadata": meta})
    return job


def _ctx(setup: _Setup, row: Row) -> SyncJobCtx:
    """Upstream's ``syncJobCtx`` of the row (succeededIndexes parsed, prev left empty)."""
    job = _job_for(setup, row)
    uncounted = job.status.uncounted_terminated_pods or UncountedTerminatedPods()
    ctx = SyncJobCtx(
        job=job,
        pods=setup.pods,
        active_pods=filter_active_pods(setup.pods),
        uncounted_succeeded=set(uncounted.succeeded or ()),
        uncounted_failed=set(uncounted.failed or ()),
        expected_rm_finalizers=set(setup.uids(sorted(row.expected_rm))),
        new_backoff_record=BackoffRecord(),
        finished_condition=_condition(row.finished, setup.h) if row.finished else None,
    )
    if indexed.is_indexed_job(job):
        completions = job.spec.completions or 0
        ctx.succeeded_indexes = OrderedIntervals.parse(
            job.status.completed_indexes or "", completions
        )
        if job.spec.backoff_limit_per_index is not None:
            ctx.failed_indexes = indexed.calculate_failed_indexes(job, setup.pods)
            ctx.pods_with_delayed_deletion_per_index = (
                indexed.get_pods_with_delayed_deletion_per_index(
                    job, setup.pods, ctx.failed_indexes
                )
            )
    ctx.terminating = count_terminating_pods(setup.pods)
    return ctx


def _snapshot(setup: _Setup, job: Job) -> dict[str, Any]:
    """The parts of a written status upstream's rows compare (zero values left out)."""
    status = job.status
    uncounted = status.uncounted_terminated_pods or UncountedTerminatedPods()
    got: dict[str, Any] = {
        "uncounted": (setup.letters(uncounted.succeeded), setup.letters(uncounted.failed))
    }
    for key, value in (
        ("active", status.active),
        ("succeeded", status.succeeded),
        ("failed", status.failed),
    ):
        if value:
            got[key] = value
    if status.completed_indexes:
        got["completedIndexes"] = status.completed_indexes
    if status.failed_indexes is not None:
        got["failedIndexes"] = status.failed_indexes
    if status.conditions:
        got["conditions"] = [c.type for c in status.conditions]
    if status.completion_time is not None:
        got["completionTime"] = True
    return got


@pytest.mark.parametrize("row", list(CASES.values()), ids=list(CASES))
def test_track_job_status_and_remove_finalizers(row: Row) -> None:
    """Status updates, finalizer removals and the error match upstream's row."""
    setup = _Setup(row)
    h = setup.h
    updates: list[dict[str, Any]] = []

    def record(ctx: object) -> None:
        assert isinstance(ctx, SyncJobCtx)
        updates.append(_snapshot(setup, ctx.job))
        if row.status_update_err:
            raise new_internal_error(MOCK_ERROR)

    h.ctrl.update_job_status = record  # type: ignore[method-assign]
    if row.pod_control_err:
        h.spy.err = new_internal_error(MOCK_ERROR)
    ctx = _ctx(setup, row)
    h.spy.reset()
    error: APIError | None = None
    try:
        track_job_status_and_remove_finalizers(h.ctrl, "default/foobar", ctx, row.needs_flush)
    except APIError as exc:
        error = exc
    assert (error is not None) == row.want_err
    if error is not None:
        assert MOCK_ERROR in str(error)
    assert updates == [{"uncounted": ([], []), **update} for update in row.want_updates]
    assert len(h.spy.patches) == row.want_rm_finalizers
