"""We test these aspects: the ``kubectl get jobs`` row and table layout.

Source: ``pkg/printers/internalversion/printers.go`` (``printJob``, ``hasJobCondition``,
``jobColumnDefinitions``; STATUS ``SuccessCriteriaMet`` from kubernetes PR #132832) and
``TestPrintJob`` in ``printers_test.go``; layout by ``cli-runtime`` ``GetNewTabWriter``.
"""

from __future__ import annotations

from datetime import datetime

import pytest
from job_builders import at, make_job

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.api.core_v1 import Container
from jobsim.api.meta_v1 import LabelSelector
from jobsim.report.output import render_jobs
from jobsim.report.tables import JOB_COLUMNS, format_table, job_row, job_status

NOW = at(3600)


def _cond(kind: str, status: str = "True") -> JobCondition:
    return JobCondition(type=kind, status=status)


def _job(**kw: object) -> Job:
    conditions = kw.pop("conditions", None)
    job = make_job("pi", **kw)  # type: ignore[arg-type]
    job.metadata.creation_timestamp = at(0)
    job.status.conditions = conditions  # type: ignore[assignment]
    return job


STATUS_CASES = [
    ("no-conditions", [], False, "Running"),
    ("complete", [_cond("Complete")], False, "Complete"),
    ("failed", [_cond("Failed")], False, "Failed"),
    (
        "complete-false-first-wins",
        [_cond("Complete", "False"), _cond("Complete")],
        False,
        "Running",
    ),
    ("terminating", [], True, "Terminating"),
    ("failed-beats-terminating", [_cond("Failed")], True, "Failed"),
    ("suspended", [_cond("Suspended")], False, "Suspended"),
    ("suspended-false", [_cond("Suspended", "False")], False, "Running"),
    ("failure-target", [_cond("FailureTarget")], False, "FailureTarget"),
    ("success-criteria-met", [_cond("SuccessCriteriaMet")], False, "SuccessCriteriaMet"),
    (
        "complete-beats-criteria",
        [_cond("SuccessCriteriaMet"), _cond("Complete")],
        False,
        "Complete",
    ),
]


@pytest.mark.parametrize(
    ("conditions", "deleting", "want"),
    [c[1:] for c in STATUS_CASES],
    ids=[c[0] for c in STATUS_CASES],
)
def test_job_status_column(conditions: list[JobCondition], deleting: bool, want: str) -> None:
    """STATUS is the first of Complete, Failed, Terminating, Suspended, ... that holds."""
    job = _job(conditions=conditions)
    if deleting:
        job.metadata.deletion_timestamp = at(10)
    assert job_status(job) == want


COMPLETION_CASES = [
    ("completions-set", 5, None, 2, "2/5"),
    ("no-completions-parallel", None, 3, 1, "1/1 of 3"),
    ("no-completions-single", None, 1, 0, "0/1"),
    ("no-completions-no-parallelism", None, None, 0, "0/1"),
]


@pytest.mark.parametrize(
    ("completions", "parallelism", "succeeded", "want"),
    [c[1:] for c in COMPLETION_CASES],
    ids=[c[0] for c in COMPLETION_CASES],
)
def test_completions_column(
    completions: int | None, parallelism: int | None, succeeded: int, want: str
) -> None:
    """COMPLETIONS is succeeded/completions, or succeeded/1 (of parallelism when > 1)."""
    job = _job(completions=completions, parallelism=parallelism)
    job.status.succeeded = succeeded
    assert job_row(job, NOW)[2] == want


DURATION_CASES = [
    ("not-started", None, None, ""),
    ("running-since-start", at(600), None, "50m"),
    ("completed", at(0), at(90), "90s"),
]


@pytest.mark.parametrize(
    ("start", "end", "want"),
    [c[1:] for c in DURATION_CASES],
    ids=[c[0] for c in DURATION_CASES],
)
def test_duration_column(start: datetime | None, end: datetime | None, want: str) -> None:
    """DURATION is empty before start, now-start while unfinished, completion-start after."""
    job = _job(start_time=start)
    job.status.completion_time = end
    assert job_row(job, NOW)[3] == want


def test_age_and_wide_columns() -> None:
    """AGE is HumanDuration(now - creation); wide adds containers, images and the selector."""
    job = _job()
    job.spec.template.spec.containers = [
        Container(name="a", image="busybox"),
        Container(name="b", image="perl:5"),
    ]
    job.spec.selector = LabelSelector(match_labels={"job-name": "pi"})
    assert job_row(job, NOW, wide=True) == [
        "pi",
        "Running",
        "0/1",
        "",
        "60m",
        "a,b",
        "busybox,perl:5",
        "job-name=pi",
    ]


def test_jobs_table_golden() -> None:
    """The table pads every column to its widest cell plus three spaces (kubectl get jobs)."""
    done = _job(completions=3, start_time=at(0))
    done.status.completion_time = at(71)
    done.status.succeeded = 3
    done.status.conditions = [_cond("Complete")]
    assert render_jobs([done], NOW, "table") == (
        "NAME   STATUS     COMPLETIONS   DURATION   AGE\n"
        "pi     Complete   3/3           71s        60m"
    )


def test_empty_table_renders_nothing() -> None:
    """No rows: nothing on stdout (the CLI prints kubectl's 'No resources found')."""
    assert render_jobs([], NOW, "table") == ""
    assert format_table(JOB_COLUMNS, []) == "NAME   STATUS   COMPLETIONS   DURATION   AGE"


def test_name_output() -> None:
    """-o name prints job.batch/NAME, as kubectl's NamePrinter does."""
    assert render_jobs([_job()], NOW, "name") == "job.batch/pi"
