"""``kubectl get jobs`` as a table: the upstream columns and their logic.

Owns the printing rules of upstream ``printJob`` (``pkg/printers/internalversion/printers.go``):
NAME, STATUS, COMPLETIONS, DURATION, AGE, and with ``wide`` CONTAINERS, IMAGES,
SELECTOR. Times are relative to a given "now" (the end of a run). Pure functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobsim.api.batch_v1 import Job
from jobsim.duration import human_duration
from jobsim.labels import format_label_selector

__all__ = ["JOB_COLUMNS", "JOB_WIDE_COLUMNS", "format_table", "job_row", "job_status"]

JOB_COLUMNS = ("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE")
JOB_WIDE_COLUMNS = (*JOB_COLUMNS, "CONTAINERS", "IMAGES", "SELECTOR")


def _has_true(job: Job, condition_type: str) -> bool:
    """``hasJobCondition``: the first condition of that type, with status True."""
    cond = job.status.condition(condition_type)
    return cond is not None and cond.status == "True"


def job_status(job: Job) -> str:
    """The STATUS column: the first that holds of Complete, Failed, Terminating, ... Running."""
    if _has_true(job, "Complete"):
        return "Complete"
    if _has_true(job, "Failed"):
        return "Failed"
    if job.metadata.deletion_timestamp is not None:
        return "Terminating"
    if _has_true(job, "Suspended"):
        return "Suspended"
    if _has_true(job, "FailureTarget"):
        return "FailureTarget"
    if _has_true(job, "SuccessCriteriaMet"):
        return "SuccessCriteriaMet"
    return "Running"


def _completions(job: Job) -> str:
    succeeded = job.status.succeeded
    if job.spec.completions is not None:
        return f"{succeeded}/{job.spec.completions}"
    parallelism = job.spec.parallelism or 0
    if parallelism > 1:
        return f"{succeeded}/1 of {parallelism}"
    return f"{succeeded}/1"


def _since(start: datetime | None, now: datetime) -> str:
    if start is None:
        return "<unknown>"
    return human_duration((now - start).total_seconds())


def _duration(job: Job, now: datetime) -> str:
    start = job.status.start_time
    if start is None:
        return ""
    end = job.status.completion_time or now
    return human_duration((end - start).total_seconds())


def job_row(job: Job, now: datetime, *, wide: bool = False) -> list[str]:
    """One row of ``kubectl get jobs`` for ``job`` as seen at ``now``."""
    row = [
        job.metadata.name or "",
        job_status(job),
        _completions(job),
        _duration(job, now),
        _since(job.metadata.creation_timestamp, now),
    ]
    if wide:
        containers = job.spec.template.spec.containers
        row += [
            ",".join(c.name for c in containers),
            ",".join(c.image or "" for c in containers),
            format_label_selector(job.spec.selector),
        ]
    return row


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Align columns as kubectl's tab writer does (three spaces between columns)."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    lines = []
    for row in [list(headers), *[list(r) for r in rows]]:
        cells = [cell.ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append("   ".join(cells).rstrip())
    return "\n".join(lines)
