"""Printing Jobs as ``kubectl get jobs -o table|wide|json|yaml|name`` does.

Owns the formats; tables come from ``jobsim.report.tables``. JSON and YAML of
several objects are a ``v1 List`` with ``metadata.resourceVersion: ""``, indented
as kubectl indents them (4 spaces for JSON).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

import yaml

from jobsim.api.batch_v1 import Job
from jobsim.report.tables import JOB_COLUMNS, JOB_WIDE_COLUMNS, format_table, job_row

__all__ = ["as_list", "render_jobs"]


def as_list(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Wrap object dicts in a kubectl ``List``."""
    return {"apiVersion": "v1", "items": list(items), "kind": "List", "metadata": {"resourceVersion": ""}}


def _job_dict(job: Job) -> dict[str, Any]:
    data = job.to_dict()
    return {"apiVersion": job.api_version or "batch/v1", "kind": "Job", **{
        k: v for k, v in data.items() if k not in ("apiVersion", "kind")
    }}


def render_jobs(jobs: Sequence[Job], now: datetime, output: str) -> str:
    """Render the Jobs in one of kubectl's output formats."""
    if output in ("table", "wide"):
        if not jobs:
            return "No resources found"
        wide = output == "wide"
        headers = JOB_WIDE_COLUMNS if wide else JOB_COLUMNS
        return format_table(headers, [job_row(j, now, wide=wide) for j in jobs])
    if output == "name":
        return "\n".join(f"job.batch/{j.metadata.name}" for j in jobs)
    items = [_job_dict(j) for j in jobs]
    if output == "json":
        return json.dumps(as_list(items), indent=4)
    return yaml.safe_dump(as_list(items), sort_keys=False, default_flow_style=False).rstrip()
