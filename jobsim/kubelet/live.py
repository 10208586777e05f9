"""The fake kubelet's bookkeeping for one live pod, its addresses, and its record's outcome.

Owns :class:`LivePod` (what :class:`~jobsim.kubelet.kubelet.Kubelet` keeps per bound, live
pod: its :class:`~jobsim.kubelet.runtime.PodRun`, node, addresses, grace period and timer),
:func:`new_record` (the record of a pod just seen), :func:`pod_ips` (the host and pod IPs of
the n-th pod on a node) and :func:`note_status` (copying phase, start, restarts and exit of a
run into its :class:`PodRecord`). Plain data and pure functions; imports ``jobsim.api`` and the
rest of ``jobsim.kubelet`` only.
"""

from __future__ import annotations

from ipaddress import IPv4Address

from jobsim.api.core_v1 import Pod, PodStatus
from jobsim.kubelet.identity import PodIdentity
from jobsim.kubelet.records import PodRecord
from jobsim.kubelet.runtime import PodRun

__all__ = ["Key", "LivePod", "new_record", "note_status", "pod_ips"]

Key = tuple[str, str]
"""``(namespace, name)`` of a pod."""


class LivePod:
    """The kubelet's bookkeeping for one bound, live pod."""

    __slots__ = ("grace", "host_ip", "key", "node", "pod_ip", "record", "run", "timer_at", "token")

    def __init__(self, key: Key, run: PodRun, node: str, record: PodRecord, ips: tuple[str, str]):
        self.key, self.run, self.node, self.record = key, run, node, record
        self.host_ip, self.pod_ip = ips
        self.grace: float | None = None
        self.timer_at: float | None = None
        self.token = 0


def pod_ips(node_index: int, pod_counter: int) -> tuple[str, str]:
    """``(host IP, pod IP)``: 172.18.0.<2+node> and 10.244.<node>.<n> for the n-th pod."""
    host = IPv4Address(0xAC120002 + node_index)  # 172.18.0.2, .3, ...
    pod = IPv4Address(0x0AF40000 + ((node_index % 256) << 8) + pod_counter % 254 + 1)
    return str(host), str(pod)


def note_status(live: LivePod, status: PodStatus) -> None:
    """Copy the phase, start, restarts and first failing exit of ``live``'s run to its record."""
    record, run = live.record, live.run
    record.phase = status.phase
    record.started = run.started_at
    record.restarts = run.restarts()
    exits = [c.exit or c.last for c in run.containers]
    known = [e for e in exits if e is not None]
    if known:
        failed = next((e for e in known if e.code != 0), known[0])
        record.exit_code, record.reason = failed.code, failed.reason


def new_record(pod: Pod, identity: PodIdentity, now: float) -> PodRecord:
    """The record of a pod first seen at ``now`` (simulated seconds), with its identity."""
    meta = pod.metadata
    return PodRecord(
        namespace=meta.namespace or "",
        name=meta.name or "",
        uid=meta.uid or "",
        identity=identity.key,
        job=identity.job,
        index=identity.completion_index,
        created=now,
    )
