"""The benchmark workloads, at three sizes, as plain data a worker process can rebuild.

Owns what each workload is: (a) one Job, many completions; (b) many small Jobs at once; (c) one
Job at growing completion counts (per-pod cost must stay flat); (d) failures: 5 % of pods exit 1
with ``restartPolicy`` Never and OnFailure. Also the manifests: every Job is a plain batch/v1 Job
whose pods use the default behaviour (start at once, run 10 s, exit 0) unless a failure rate is
given. Imports nothing from jobsim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final

__all__ = ["POD_DURATION", "SIZES", "Workload", "job_manifest", "workloads"]

POD_DURATION: Final = 10.0
"""Seconds each pod runs (jobsim's default behaviour; the ceiling uses the same)."""

SIZES: Final = ("tiny", "small", "full")


@dataclass(frozen=True)
class Workload:
    """One measured run: its Jobs ``(completions, parallelism)``, how it is run, its failures."""

    id: str
    label: str
    jobs: list[tuple[int, int]]
    via: str = "cli"
    """``cli``: manifests through ``jobsim run``; ``api``: ``Simulation`` with behaviours."""
    restart_policy: str = "Never"
    failure_rate: float = 0.0
    keep_records: bool = True
    group: str = ""
    """Rows of one group (the scaling series) are compared with each other."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Extra keyword arguments of ``Simulation`` (``via: api`` only)."""

    def to_json(self) -> dict[str, Any]:
        """A JSON-able dict (to hand to a worker process)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Workload:
        """Rebuild from :meth:`to_json`."""
        data = dict(data)
        data["jobs"] = [tuple(j) for j in data["jobs"]]
        return cls(**data)

    @property
    def completions(self) -> int:
        """Total completions over all Jobs."""
        return sum(n for n, _ in self.jobs)


def job_manifest(name: str, completions: int, parallelism: int, restart_policy: str) -> str:
    """A batch/v1 Job manifest (YAML) with a huge ``backoffLimit`` and one busybox container."""
    return (
        "apiVersion: batch/v1\n"
        "kind: Job\n"
        "metadata:\n"
        f"  name: {name}\n"
        "spec:\n"
        f"  completions: {completions}\n"
        f"  parallelism: {parallelism}\n"
        "  backoffLimit: 1000000\n"
        "  template:\n"
        "    spec:\n"
        f"      restartPolicy: {restart_policy}\n"
        "      containers:\n"
        "      - name: main\n"
        "        image: busybox\n"
    )


_PLAN: Final[dict[str, dict[str, Any]]] = {
    "tiny": {"a": (200, 20), "b": (20, 20, 5), "c": ([100, 1000], 100), "d": (200, 20)},
    "small": {"a": (2000, 100), "b": (100, 100, 10), "c": ([1000, 10000], 1000), "d": (2000, 100)},
    "full": {
        "a": (10000, 100),
        "b": (1000, 100, 10),
        "c": ([1000, 10000, 100000, 1000000], 1000),
        "d": (10000, 100),
    },
}


def workloads(size: str, scaling: list[int] | None = None) -> list[Workload]:
    """The workloads of ``size`` (``scaling`` overrides the completion counts of (c))."""
    plan = _PLAN[size]
    a_n, a_p = plan["a"]
    b_jobs, b_n, b_p = plan["b"]
    c_sizes, c_p = plan["c"]
    d_n, d_p = plan["d"]
    out = [
        Workload("a", f"1 Job x {a_n} completions, parallelism {a_p}", [(a_n, a_p)]),
        Workload(
            "b",
            f"{b_jobs} Jobs x {b_n} completions, parallelism {b_p} each",
            [(b_n, b_p)] * b_jobs,
        ),
    ]
    for n in scaling or c_sizes:
        out.append(
            Workload(
                f"c{n}",
                f"scaling: 1 Job x {n} completions, parallelism {c_p}",
                [(n, c_p)],
                via="api",
                keep_records=False,
                group="c",
                # PodGC keeps at most `parallelism` terminated pods, so memory and the
                # per-sync pod list follow live pods, not history (upstream default: 12500).
                extra={"terminated_pod_gc_threshold": c_p},
            )
        )
    for policy in ("Never", "OnFailure"):
        out.append(
            Workload(
                f"d-{policy}",
                f"failures: 5% exit 1, {d_n} completions, parallelism {d_p}, {policy}",
                [(d_n, d_p)],
                via="api",
                restart_policy=policy,
                failure_rate=0.05,
            )
        )
    return out
