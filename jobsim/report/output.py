"""Printing objects as ``kubectl get -o table|wide|json|yaml|name`` does, and watch lines.

Owns the output formats:

- tables through :mod:`jobsim.report.tables` (Jobs), :mod:`jobsim.report.pods` (Pods) and
  :mod:`jobsim.report.events` (Events in ``kubectl get events`` form, and the
  ``kubectl events`` table of ``kubectl/pkg/cmd/events``);
- ``json``/``yaml``: several objects are a ``v1 List`` with ``metadata.resourceVersion: ""``;
  kubectl prints unstructured objects, so map keys come out sorted (Go's ``encoding/json`` and
  go-yaml sort map keys); JSON is indented by 4 spaces (``printers.JSONPrinter``);
- ``name``: ``job.batch/NAME``, ``pod/NAME`` (``printers.NamePrinter``);
- watch lines: ``{"type":"ADDED","object":{...}}``, one compact JSON document per line, as the
  apiserver streams a watch.

Pure; imports layer 0 and sibling report modules only.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import yaml

from jobsim.api._base import K8sModel
from jobsim.api.batch_v1 import Job
from jobsim.api.core_v1 import Event, Pod
from jobsim.report.events import (
    EVENT_COLUMNS,
    EVENT_WIDE_COLUMNS,
    KUBECTL_EVENTS_COLUMNS,
    event_row,
    kubectl_events_row,
    sort_events,
)
from jobsim.report.pods import POD_COLUMNS, POD_WIDE_COLUMNS, pod_row
from jobsim.report.tables import JOB_COLUMNS, JOB_WIDE_COLUMNS, format_table, job_row

__all__ = [
    "OUTPUT_FORMATS",
    "as_list",
    "object_dict",
    "render_events",
    "render_jobs",
    "render_kubectl_events",
    "render_objects",
    "render_pods",
    "watch_line",
]

OUTPUT_FORMATS = ("table", "wide", "json", "yaml", "name")

# go-yaml v2 reads these plain scalars as booleans, so its encoder quotes them.
_GO_YAML_BOOL_WORDS = frozenset(
    (
        *("y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO"),
        *("true", "True", "TRUE", "false", "False", "FALSE"),
        *("on", "On", "ON", "off", "Off", "OFF"),
    )
)


class _GoYAMLDumper(yaml.SafeDumper):
    """A safe dumper writing as go-yaml v2: double quotes where quoting is needed.

    It also quotes strings go-yaml v2 would read as booleans (see ``_represent_str``).
    """

    def choose_scalar_style(self) -> str:
        """go-yaml quotes with ``"..."`` where PyYAML would use ``'...'``."""
        style: str = super().choose_scalar_style()
        return '"' if style == "'" else style


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if value in _GO_YAML_BOOL_WORDS:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')
    return dumper.represent_str(value)


_GoYAMLDumper.add_representer(str, _represent_str)


def object_dict(obj: K8sModel) -> dict[str, Any]:
    """The JSON form of a stored object, with ``apiVersion`` and ``kind`` always present."""
    data = obj.to_dict()
    if "kind" not in data:
        kind = getattr(type(obj), "object_kind", "")
        version = getattr(type(obj), "group_version", "")
        data = {"kind": kind, "apiVersion": version, **data}
    return data


def as_list(items: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Wrap object dicts in a kubectl ``List``."""
    return {
        "apiVersion": "v1",
        "items": list(items),
        "kind": "List",
        "metadata": {"resourceVersion": ""},
    }


def _dump(items: Sequence[K8sModel], output: str) -> str:
    document = as_list([object_dict(o) for o in items])
    if output == "json":
        return json.dumps(document, indent=4, sort_keys=True, ensure_ascii=False)
    return yaml.dump(
        document, Dumper=_GoYAMLDumper, sort_keys=True, default_flow_style=False, allow_unicode=True
    ).rstrip("\n")


def render_objects(
    items: Sequence[Job] | Sequence[Pod] | Sequence[Event],
    output: str,
    *,
    headers: tuple[Sequence[str], Sequence[str]],
    row: Callable[..., list[str]],
    now: datetime,
    kind: str,
) -> str:
    """Render objects in a kubectl output format; an empty table renders as ``""``.

    ``row(item, now, wide=...)`` is one table row; ``kind`` prefixes ``-o name`` lines.
    """
    if output in ("table", "wide"):
        if not items:
            return ""
        wide = output == "wide"
        return format_table(headers[wide], [row(item, now, wide=wide) for item in items])
    if output == "name":
        return "\n".join(f"{kind}/{item.metadata.name}" for item in items)
    return _dump(items, output)


def render_jobs(jobs: Sequence[Job], now: datetime, output: str) -> str:
    """``kubectl get jobs -o <output>`` as seen at ``now``."""
    headers = (JOB_COLUMNS, JOB_WIDE_COLUMNS)
    return render_objects(jobs, output, headers=headers, row=job_row, now=now, kind="job.batch")


def render_pods(pods: Sequence[Pod], now: datetime, output: str) -> str:
    """``kubectl get pods -o <output>`` as seen at ``now``."""
    headers = (POD_COLUMNS, POD_WIDE_COLUMNS)
    return render_objects(pods, output, headers=headers, row=pod_row, now=now, kind="pod")


def render_events(events: Sequence[Event], now: datetime, output: str) -> str:
    """Events oldest first, as ``kubectl events`` orders them, in ``kubectl get events`` form."""
    headers = (EVENT_COLUMNS, EVENT_WIDE_COLUMNS)
    ordered = sort_events(events)
    return render_objects(ordered, output, headers=headers, row=event_row, now=now, kind="event")


def render_kubectl_events(
    events: Sequence[Event], now: datetime, *, all_namespaces: bool = False
) -> str:
    """The ``kubectl events`` table: oldest first, ``Kind/name`` objects, describe-style ages."""
    if not events:
        return ""
    headers = (("NAMESPACE",) if all_namespaces else ()) + KUBECTL_EVENTS_COLUMNS
    rows = [kubectl_events_row(e, now, all_namespaces=all_namespaces) for e in sort_events(events)]
    return format_table(headers, rows)


def watch_line(event_type: str, obj: K8sModel) -> str:
    """One watch event as the apiserver streams it: compact JSON on one line."""
    return json.dumps(
        {"type": event_type, "object": object_dict(obj)}, separators=(",", ":"), ensure_ascii=False
    )
