"""We test these aspects: Job status-update validation and how its options are chosen.

Rules of ``validateJobStatus``/``ValidateJobStatusUpdate`` in kubernetes
``pkg/apis/batch/validation/validation.go`` with the options of ``getStatusValidationOptions``
(``pkg/registry/batch/job/strategy.go``, ``JobManagedBy`` enabled). Case names in comments are
those of upstream ``validation_test.go`` ``TestValidateJobUpdateStatus``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from jobsim.api.batch_v1 import Job, JobCondition, UncountedTerminatedPods
from jobsim.api.defaults import prepare_for_create, set_defaults_job
from jobsim.api.validation import validate_job_status_update

T0 = datetime(2024, 1, 1, tzinfo=UTC)
T1 = datetime(2024, 1, 1, 0, 1, tzinfo=UTC)


def stored_job(**spec: Any) -> Job:
    """A stored, running Job: created, then started by the controller at ``T0``."""
    doc = {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": "abc", "namespace": "default"},
        "spec": {
            "template": {
                "spec": {
                    "containers": [{"name": "abc", "image": "image"}],
                    "restartPolicy": "Never",
                }
            },
            **spec,
        },
    }
    job = Job.from_dict(doc)
    set_defaults_job(job)
    prepare_for_create(job, "1a2b3c")
    job.metadata.resource_version = "1"
    job.status.start_time = T0
    return job


def cond(ctype: str, status: str = "True") -> JobCondition:
    """A Job condition of that type and status."""
    return JobCondition(type=ctype, status=status)


def status_messages(old: Job, change: Callable[[Job], None]) -> list[str]:
    """Errors of a status update applying ``change`` to a copy of ``old``."""
    new = old.model_copy(deep=True)
    change(new)
    return [str(err) for err in validate_job_status_update(new, old)]


def _set_status(**fields: Any) -> Callable[[Job], None]:
    def change(job: Job) -> None:
        for name, value in fields.items():
            setattr(job.status, name, value)

    return change


def _complete(**fields: Any) -> Callable[[Job], None]:
    """Finish the Job as the controller does, overriding ``fields``."""
    values: dict[str, Any] = {
        "conditions": [cond("SuccessCriteriaMet"), cond("Complete")],
        "completion_time": T1,
        "succeeded": 1,
    }
    values.update(fields)
    return _set_status(**values)


UNCOUNTED = UncountedTerminatedPods(
    succeeded=["a", "b", "c", "a", ""], failed=["c", "d", "e", "d", ""]
)
P = "status.uncountedTerminatedPods"

CASES: list[tuple[str, dict[str, Any], Callable[[Job], None], list[str]]] = [
    ("valid", {}, _set_status(active=1, ready=1), []),
    ("valid-completion", {}, _complete(), []),
    (
        # "negative counts"
        "negative-counts",
        {},
        _set_status(active=-1, succeeded=-2),
        [
            "status.active: Invalid value: -1: must be greater than or equal to 0",
            "status.succeeded: Invalid value: -2: must be greater than or equal to 0",
            "status.succeeded: Invalid value: -2: cannot decrease the succeeded counter",
        ],
    ),
    (
        # "empty and duplicated uncounted pods"
        "empty-and-duplicated-uncounted-pods",
        {},
        _set_status(uncounted_terminated_pods=UNCOUNTED),
        [
            f'{P}.succeeded[3]: Duplicate value: "a"',
            f'{P}.succeeded[4]: Invalid value: "": must not be empty',
            f'{P}.failed[0]: Duplicate value: "c"',
            f'{P}.failed[3]: Duplicate value: "d"',
            f'{P}.failed[4]: Invalid value: "": must not be empty',
        ],
    ),
    (
        "complete-and-failed",
        {},
        _complete(conditions=[cond("SuccessCriteriaMet"), cond("Complete"), cond("Failed")]),
        [
            "status.conditions: Invalid value: cannot set Complete=True and Failed=true conditions",
            "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and Failed=true"
            " conditions",
        ],
    ),
    (
        "complete-and-failure-target",
        {},
        _complete(conditions=[cond("Complete"), cond("FailureTarget")]),
        [
            "status.conditions: Invalid value: cannot set Complete=True and FailureTarget=true"
            " conditions"
        ],
    ),
    (
        "completion-time-without-complete",
        {},
        _set_status(completion_time=T1),
        [
            'status.completionTime: Invalid value: "2024-01-01T00:01:00Z": cannot set'
            " completionTime when there is no Complete=True condition"
        ],
    ),
    (
        "complete-without-completion-time",
        {},
        _complete(completion_time=None),
        ["status.completionTime: Required value: completionTime is required for Complete jobs"],
    ),
    (
        "completion-before-start",
        {},
        _complete(completion_time=datetime(2023, 12, 31, tzinfo=UTC)),
        [
            'status.completionTime: Invalid value: "2023-12-31T00:00:00Z": completionTime cannot'
            " be set before startTime"
        ],
    ),
    (
        "active-pods-in-finished-job",
        {},
        _complete(active=1),
        ["status.active: Invalid value: 1: active>0 is invalid for finished job"],
    ),
    (
        "uncounted-pods-in-finished-job",
        {},
        _complete(uncounted_terminated_pods=UncountedTerminatedPods(succeeded=["a"])),
        [
            'status.uncountedTerminatedPods: Invalid value: {"Succeeded":["a"],"Failed":null}:'
            " uncountedTerminatedPods needs to be empty for finished job"
        ],
    ),
    (
        "completed-indexes-unparseable",
        {"completionMode": "Indexed", "completions": 3},
        _set_status(completed_indexes="0,3"),
        [
            'status.completedIndexes: Invalid value: "0,3": error parsing completedIndexes: too'
            ' large index: "3"'
        ],
    ),
    (
        "completed-indexes-on-non-indexed-job",
        {"completions": 3},
        _set_status(completed_indexes="0"),
        [
            'status.completedIndexes: Invalid value: "0": cannot set non-empty completedIndexes'
            " when non-indexed completion mode"
        ],
    ),
    (
        "failed-indexes-without-backoff-limit-per-index",
        {"completionMode": "Indexed", "completions": 3},
        _set_status(failed_indexes="1"),
        [
            'status.failedIndexes: Invalid value: "1": cannot set non-null failedIndexes when'
            " backoffLimitPerIndex is null"
        ],
    ),
    (
        "failed-indexes-overlap-completed",
        {"completionMode": "Indexed", "completions": 5, "backoffLimitPerIndex": 1},
        _set_status(completed_indexes="0-2", failed_indexes="2,4"),
        [
            'status.failedIndexes: Invalid value: "2,4": failedIndexes and completedIndexes'
            " overlap at index: 2"
        ],
    ),
    (
        "decreasing-failed-counter",
        {},
        _set_status(failed=0),
        ["status.failed: Invalid value: 0: cannot decrease the failed counter"],
    ),
    (
        "start-time-changed-while-running",
        {},
        _set_status(start_time=T1),
        # Current master: an Invalid error showing the new value (the older Required
        # "startTime cannot be removed for unsuspended job" was replaced upstream).
        [
            'status.startTime: Invalid value: "2024-01-01T00:01:00Z": field is immutable for'
            " unsuspended job once set",
        ],
    ),
    (
        "success-criteria-met-with-failure-target",
        {
            "completionMode": "Indexed",
            "completions": 2,
            "successPolicy": {"rules": [{"succeededCount": 1}]},
        },
        _set_status(conditions=[cond("SuccessCriteriaMet"), cond("FailureTarget")]),
        [
            "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True and"
            " FailureTarget=true conditions"
        ],
    ),
    (
        "complete-with-success-policy-needs-success-criteria-met",
        {
            "completionMode": "Indexed",
            "completions": 2,
            "successPolicy": {"rules": [{"succeededCount": 1}]},
        },
        _complete(conditions=[cond("Complete")]),
        [
            "status.conditions: Invalid value: cannot set Complete=True for Job with SuccessPolicy"
            " unless SuccessCriteriaMet=True"
        ],
    ),
]


@pytest.mark.parametrize(
    ("spec", "change", "expected"), [(c[1], c[2], c[3]) for c in CASES], ids=[c[0] for c in CASES]
)
def test_status_rules(
    spec: dict[str, Any], change: Callable[[Job], None], expected: list[str]
) -> None:
    """Each status rule, with its upstream message, for a change from a valid stored status."""
    old = stored_job(**spec)
    old.status.failed = 1
    assert status_messages(old, change) == expected


def test_terminal_conditions_cannot_be_disabled() -> None:
    """A finished Job stays finished: ``cannot disable the terminal Complete=True condition``."""
    old = stored_job()
    _complete()(old)

    def reopen(job: Job) -> None:
        job.status.conditions = [cond("SuccessCriteriaMet"), cond("Complete", "False")]
        job.status.completion_time = None

    assert status_messages(old, reopen) == [
        "status.conditions: Invalid value: cannot disable the terminal Complete=True condition"
    ]


def test_success_criteria_met_cannot_be_disabled_or_added_after_complete() -> None:
    """``SuccessCriteriaMet=True`` is sticky and cannot follow an older ``Complete=True``."""
    old = stored_job()
    old.status.conditions = [cond("SuccessCriteriaMet")]
    assert status_messages(old, _set_status(conditions=[])) == [
        "status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition"
    ]
    old = stored_job()
    old.status.conditions = [cond("Complete")]
    old.status.completion_time = T1
    assert status_messages(
        old, _set_status(conditions=[cond("Complete"), cond("SuccessCriteriaMet")])
    ) == [
        "status.conditions: Invalid value: cannot set SuccessCriteriaMet=True for Job already has"
        " Complete=true conditions"
    ]


def test_completion_time_cannot_be_mutated() -> None:
    """Once set, ``completionTime`` keeps its value."""
    old = stored_job()
    _complete()(old)
    later = datetime(2024, 1, 1, 0, 2, tzinfo=UTC)
    assert status_messages(old, _set_status(completion_time=later)) == [
        'status.completionTime: Invalid value: "2024-01-01T00:02:00Z": completionTime cannot be'
        " mutated"
    ]


def test_succeeded_counter_may_decrease_for_elastic_indexed_jobs() -> None:
    """Indexed Jobs with completions == parallelism can be scaled down (strategy options)."""
    old = stored_job(completionMode="Indexed", completions=4, parallelism=4)
    old.status.succeeded = 3
    old.spec.completions = old.spec.parallelism = 2
    assert status_messages(old, _set_status(succeeded=2)) == []


def test_start_time_may_change_when_resuming() -> None:
    """A Job being resumed (old ``Suspended=True``) gets a new startTime (kubernetes PR #134769)."""
    old = stored_job()
    old.status.conditions = [cond("Suspended")]

    def resume(job: Job) -> None:
        job.status.conditions = [cond("Suspended", "False")]
        job.status.start_time = T1

    assert status_messages(old, resume) == []


def test_start_time_may_change_while_suspended() -> None:
    """While ``spec.suspend`` is true the startTime may be reset."""
    old = stored_job(suspend=True)
    assert status_messages(old, _set_status(start_time=None)) == []


def test_unchanged_inconsistencies_are_not_reported() -> None:
    """Rules gated on "field changed" let a controller write other fields of a broken status."""
    old = stored_job()
    _complete(active=2)(old)
    assert status_messages(old, _set_status(ready=0)) == []
    assert status_messages(old, _set_status(active=3)) == [
        "status.active: Invalid value: 3: active>0 is invalid for finished job"
    ]


def test_finished_job_needs_start_time() -> None:
    """``startTime is required for finished job`` (reported with the startTime change)."""
    old = stored_job()
    old.status.start_time = None
    assert status_messages(old, _complete()) == [
        "status.startTime: Required value: startTime is required for finished job"
    ]


def test_suspended_job_may_finish_without_start_time() -> None:
    """A suspended Job with completions 0 may be marked Complete without a startTime.

    kubernetes#132614 (fixing the 1.32 regression kubernetes#132144) relaxed
    ``RejectFinishedJobWithoutStartTime`` in ``pkg/registry/batch/job/strategy.go`` so the
    controller's write of ``Complete`` for ``suspend: true, completions: 0`` is accepted.
    """
    old = stored_job(suspend=True, completions=0)
    old.status.start_time = None
    assert status_messages(old, _complete(succeeded=0)) == []
