"""One benchmark workload in this process: the jobsim run, then its bare-SimPy ceiling.

``python -m benchmarks.worker '<workload json>'`` prints one JSON line: pods, wall seconds,
peak RSS (MiB, this process: run one workload per process), simulated end time, store counters,
and the ceiling measured right after, in the same process. ``via: cli`` writes the Jobs as YAML
manifests and runs them through ``jobsim run -o json`` in-process (parsing, apply, simulation
and the final report are all timed); ``via: api`` builds a ``Simulation`` with the workload's
pod behaviour (exit-code mix) and applies the same manifests.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.ceiling import run_ceiling
from benchmarks.workloads import POD_DURATION, Workload, job_manifest
from jobsim.behavior import BehaviorSet, PodBehavior, mix
from jobsim.cli import main as cli
from jobsim.simulation import Simulation

__all__ = ["main", "run_workload"]


def _manifests(w: Workload) -> str:
    width = len(str(len(w.jobs) - 1))
    docs = [
        job_manifest(f"job-{i:0{width}d}", n, p, w.restart_policy)
        for i, (n, p) in enumerate(w.jobs)
    ]
    return "---\n".join(docs)


def _run_cli(w: Workload, text: str) -> tuple[float, int, dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "jobs.yaml"
        path.write_text(text)
        out = io.StringIO()
        start, cpu = time.perf_counter(), time.process_time()
        with contextlib.redirect_stdout(out):
            try:
                cli.main(["run", str(path), "-o", "json"], standalone_mode=False)
            except SystemExit as exc:  # pragma: no cover - the CLI reports its own errors
                if exc.code:
                    raise
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    listed = json.loads(out.getvalue())
    items = listed.get("items", [listed]) if isinstance(listed, dict) else listed
    pods = sum(
        int(j.get("status", {}).get("succeeded", 0)) + int(j.get("status", {}).get("failed", 0))
        for j in items
    )
    return wall, pods, {"cpu": cpu}


def _run_api(w: Workload, text: str) -> tuple[float, int, dict[str, Any]]:
    behavior = PodBehavior()
    if w.failure_rate > 0:
        behavior = PodBehavior(exit_codes=mix([(1, w.failure_rate)]))
    start, cpu = time.perf_counter(), time.process_time()
    behaviors = BehaviorSet.of(default=behavior)
    sim = Simulation(seed=0, behaviors=behaviors, keep_records=w.keep_records, **w.extra)
    sim.apply(text)
    sim.run()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    jobs = sim.jobs()
    pods = sum((j.status.succeeded or 0) + (j.status.failed or 0) for j in jobs)
    restarts = 0
    if w.keep_records:
        restarts = sum(r.restarts for r in sim.kubelet.records)
    stats = sim.api.stats()
    counters = {
        "cpu": cpu,
        "sim_end": sim.now,
        "writes": stats["resource_version"],
        "objects_at_end": stats["objects"],
        "syncs": sim.job_controller.syncs,
        "pod_gc_deleted": sim.pod_gc.deleted,
        "restarts": restarts,
    }
    return wall, pods, counters


def run_workload(w: Workload) -> dict[str, Any]:
    """Run ``w`` and its ceiling; return the measurements."""
    text = _manifests(w)
    runner = _run_cli if w.via == "cli" else _run_api
    wall, pods, counters = runner(w, text)
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.collect()  # the simulation is gone: the ceiling must not pay for scanning its heap
    # The ceiling runs the pods jobsim ran (failed ones included) at the same parallelism.
    scale = pods / w.completions if w.completions else 1.0
    jobs = [(round(n * scale), p) for n, p in w.jobs]
    ceiling = run_ceiling(jobs, POD_DURATION)
    return {
        "id": w.id,
        "label": w.label,
        "group": w.group,
        "via": w.via,
        "pods": pods,
        "wall": wall,
        "rss_mib": rss_mib,
        "ceiling_pods": ceiling.pods,
        "ceiling_wall": ceiling.wall,
        "ceiling_sim_end": ceiling.sim_end,
        **counters,
    }


def main(argv: list[str] | None = None) -> int:
    """Entry point: one workload (JSON) in, one JSON line out."""
    args = sys.argv[1:] if argv is None else argv
    workload = Workload.from_json(json.loads(args[0]))
    print(json.dumps(run_workload(workload)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
