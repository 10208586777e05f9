"""We test these aspects: a failing sync (status update error, conflict, pod-control error) is
requeued with the per-key rate limit and a successful one resets it; finalizer-removal
expectations after failed and successful removals and as pod events observe them; and a pod
arriving between the expectations check and the pod count is not double-created.

Ported from kubernetes ``pkg/controller/job/job_controller_test.go``: ``TestSyncJobUpdateRequeue``,
``TestJobApiBackoffReset``, ``TestFinalizersRemovedExpectations``, ``TestSyncJobExpectations``
(case names kept as row ids). Upstream's "generic error" is a plain Go error; jobsim's store and
handlers raise only ``APIError``, so the row uses an internal (500) error. The requeue delay is
``DefaultJobApiBackOff`` (1 s, doubling to ``MaxJobApiBackOff``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import pytest
from controller_harness import FAKE_ERROR, Harness, PodControlSpy
from upstream_controller_support import add_pod, age

from jobsim.api.core_v1 import Pod
from jobsim.api.meta_v1 import DeleteOptions
from jobsim.apiserver.interface import APIServerProtocol
from jobsim.controllers.job.expectations import ControllerExpectations
from jobsim.errors import APIError, GroupResource, new_conflict, new_internal_error

KEY = "default/foobar"
API_BACKOFF = 1.0
"""``DefaultJobApiBackOff``."""


def _failing_status_update(err: APIError) -> Any:
    def update(_ctx: object) -> None:
        raise err

    return update


@pytest.mark.parametrize(
    ("err", "want_requeued"),
    [
        (None, False),
        (new_internal_error("update error"), True),
        (new_conflict(GroupResource("batch", "jobs"), "", "conflict"), True),
    ],
    ids=["no error", "generic error", "conflict error"],
)
def test_sync_job_update_requeue(err: APIError | None, want_requeued: bool) -> None:
    """A status update error requeues the Job with the API backoff; success forgets it."""
    h = Harness()
    if err is not None:
        h.ctrl.update_job_status = _failing_status_update(err)  # type: ignore[method-assign]
    h.create_job(parallelism=2, completions=2)  # the watch queues the new Job now
    h.env.run(until=0.5)
    assert h.ctrl.syncs == 1
    assert h.ctrl.queue.num_requeues(KEY) == (1 if want_requeued else 0)
    if want_requeued:
        assert h.ctrl.queue.due(KEY) == 0.0 + API_BACKOFF


def test_job_api_backoff_reset() -> None:
    """A pod-control error requeues once; the next, successful sync resets the count."""
    h = Harness()
    h.spy.err = new_internal_error("Controller error")
    h.create_job(parallelism=1, completions=1, backoff_limit=2)
    h.env.run(until=0.5)
    assert h.ctrl.queue.num_requeues(KEY) == 1
    assert h.ctrl.queue.due(KEY) == API_BACKOFF
    h.spy.err = None
    h.env.run(until=API_BACKOFF + 0.5)
    assert h.ctrl.syncs == 2
    assert h.ctrl.queue.num_requeues(KEY) == 0


def _ignore_status_update(ctx: object) -> None:
    """Upstream's test ``updateStatusHandler``: accept the status, store nothing."""


class _FakePodControl(PodControlSpy):
    """Like upstream ``FakePodControl``: pod patches are recorded, never reach the store."""

    def replace(self, resource: Any, obj: Any, **kwargs: Any) -> Any:
        """Record a pod update (maybe fail); return the pod unchanged."""
        if resource == "pods":
            self._pod_write(obj)
            return obj
        return super().replace(resource, obj, **kwargs)


def test_finalizers_removed_expectations() -> None:
    """Failed removals leave no expectation; swallowed ones stay expected until pods show it."""
    h = Harness()
    job = h.create_job(parallelism=2, completions=2)
    pods = [add_pod(h, job, "Succeeded") for _ in range(2)]
    pods += [add_pod(h, job, "Failed") for _ in range(2)]
    age(h)
    uids = {p.metadata.uid or "" for p in pods}

    h.spy.err = new_internal_error(FAKE_ERROR)
    result = h.sync()
    assert result.error is not None
    assert h.ctrl.finalizer_expectations.get_expected_uids(KEY) == frozenset()

    fake = _FakePodControl(h.api)
    h.ctrl.api = cast(APIServerProtocol, fake)
    # Upstream's ``updateStatusHandler`` returns the Job without storing it: the lister never
    # sees it finished, so the pod handlers below still observe removals for it.
    h.ctrl.update_job_status = _ignore_status_update  # type: ignore[method-assign]
    result = h.sync()
    assert result.error is None
    assert len(fake.patches) == 4
    assert h.ctrl.finalizer_expectations.get_expected_uids(KEY) == uids

    def strip(pod: Pod) -> None:
        # A model copy, not ``to_dict``: the year-1 ``finishedAt`` does not survive the dict
        # round trip (``format_time`` writes "1-01-01T..."; see the report).
        current = cast(Pod, h.api.get("pods", pod.metadata.name or "", namespace="default"))
        meta = current.metadata.model_copy(update={"finalizers": None})
        h.api.replace("pods", current.model_copy(update={"metadata": meta}))

    def delete(pod: Pod) -> None:
        h.api.delete("pods", pod.metadata.name or "", namespace="default", options=DeleteOptions())

    strip(pods[0])  # finalizer removed
    delete(pods[1])  # finalizer removed and deletion timestamp set
    strip(pods[1])
    delete(pods[2])  # deletion timestamp set, finalizer preserved
    delete(pods[3])  # deleted for good
    strip(pods[3])
    assert h.ctrl.finalizer_expectations.get_expected_uids(KEY) == {pods[2].metadata.uid}


class _SneakyExpectations(ControllerExpectations):
    """Upstream ``FakeJobExpectations``: satisfied, but a pod appears while checking."""

    def __init__(self, sneak: Any) -> None:
        super().__init__()
        self._sneak = sneak

    def satisfied_expectations(self, key: str, now: datetime) -> bool:
        """Let the pod in, then report satisfied."""
        self._sneak()
        return True


def test_sync_job_expectations() -> None:
    """A pod added while expectations are checked is counted: nothing created or deleted."""
    h = Harness()
    job = h.create_job(parallelism=2, completions=2)
    add_pod(h, job, "Pending")
    h.ctrl.expectations = _SneakyExpectations(lambda: add_pod(h, job, "Pending"))
    result = h.sync()
    assert (result.creates, result.deletes) == ([], [])
    assert result.job.status.active == 2
