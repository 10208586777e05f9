"""``kubectl get jobs`` as a table: the upstream columns and their logic.

Owns the printing rules of upstream ``printJob`` and ``jobColumnDefinitions``
(``pkg/printers/internalversion/printers.go``): NAME, STATUS, COMPLETIONS, DURATION, AGE, and
with ``wide`` CONTAINERS, IMAGES, SELECTOR; plus the shared helpers every table uses
(``translateTimestampSince``, ``layoutContainerCells``, the table layout of kubectl's
``printers.TablePrinter`` through :mod:`jobsim.report.tabwriter`). Times are relative to a
given "now" (the end of a run). Pure functions; imports layer 0-1 only.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from jobsim.api.batch_v1 import Job, JobCondition
from jobsim.api.core_v1 import Container
from jobsim.duration import human_duration
from jobsim.labels import format_label_selector
from jobsim.report.tabwriter import KUBECTL_GET

__all__ = [
    "JOB_COLUMNS",
    "JOB_WIDE_COLUMNS",
    "format_table",
    "job_row",
    "job_status",
    "layout_container_cells",
    "translate_timestamp_since",
]

JOB_COLUMNS = ("NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE")
JOB_WIDE_COLUMNS = (*JOB_COLUMNS, "CONTAINERS", "IMAGES", "SELECTOR")


def has_job_condition(conditions: Sequence[JobCondition] | None, condition_type: str) -> bool:
    """``hasJobCondition``: the *first* condition of that type decides (status ``True``)."""
    for condition in conditions or ():
        if condition.type == condition_type:
            return condition.status == "True"
    return False


def job_status(job: Job) -> str:
    """The STATUS column: the first that holds of Complete, Failed, Terminating, ... Running.

    ``SuccessCriteriaMet`` comes from kubernetes PR #132832 (kubectl ≈1.34).
    """
    conditions = job.status.conditions
    if has_job_condition(conditions, "Complete"):
        return "Complete"
    if has_job_condition(conditions, "Failed"):
        return "Failed"
    if job.metadata.deletion_timestamp is not None:
        return "Terminating"
    if has_job_condition(conditions, "Suspended"):
        return "Suspended"
    if has_job_condition(conditions, "FailureTarget"):
        return "FailureTarget"
    if has_job_condition(conditions, "SuccessCriteriaMet"):
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


def translate_timestamp_since(moment: datetime | None, now: datetime) -> str:
    """``translateTimestampSince``: ``HumanDuration(now - t)``, ``<unknown>`` for a zero time."""
    if moment is None:
        return "<unknown>"
    return human_duration((now - moment).total_seconds())


def _duration(job: Job, now: datetime) -> str:
    start = job.status.start_time
    if start is None:
        return ""
    end = job.status.completion_time or now
    return human_duration((end - start).total_seconds())


def layout_container_cells(containers: Sequence[Container]) -> tuple[str, str]:
    """``layoutContainerCells``: container names and images, comma-separated."""
    return ",".join(c.name for c in containers), ",".join(c.image for c in containers)


def job_row(job: Job, now: datetime, *, wide: bool = False) -> list[str]:
    """One row of ``kubectl get jobs`` for ``job`` as seen at ``now``."""
    row = [
        job.metadata.name or "",
        job_status(job),
        _completions(job),
        _duration(job, now),
        translate_timestamp_since(job.metadata.creation_timestamp, now),
    ]
    if wide:
        names, images = layout_container_cells(job.spec.template.spec.containers)
        row += [names, images, format_label_selector(job.spec.selector)]
    return row


def format_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Lay out a header and rows as kubectl's table printer does (tab writer 6/4/3)."""
    lines = ["\t".join(headers), *("\t".join(row) for row in rows)]
    return KUBECTL_GET.format("\n".join(lines))
