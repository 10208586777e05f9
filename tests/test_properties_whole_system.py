"""We test these aspects: whole-system properties of a simulated run, over random cases.

A case (``jobsim.testing.strategies``) is a seed, a Job over every spec field, pod behaviours and a
timeline of actions (scaling, suspend/resume, pod failures, evictions, deletions, node drains,
Job deletion). For each we check:

* determinism: the same case run twice gives byte-identical watch logs (every change to Jobs,
  Pods and Events, with resourceVersions), Events and pod timelines, and a run in another
  interpreter with another ``PYTHONHASHSEED`` gives the same digest;
* the watch stream is the store's history: replaying it from empty reproduces the final
  contents of the store, object for object;
* a watcher started at any resourceVersion (during the run, or afterwards from the history)
  sees exactly the later changes, in order (k8s.io/apiserver ``pkg/storage/cacher``
  ``watchCache.getAllEventsSinceLocked``: events strictly after the given resourceVersion).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jobsim.apiserver.interface import WatchEventRecord
from jobsim.testing import Case, Run, cases, start

RESOURCES = ("jobs", "pods", "events")


def _run(case: Case) -> Run:
    run = start(case)
    run.run_to_end()
    return run


def _view(record: WatchEventRecord) -> tuple[str, str, int, dict[str, Any]]:
    return (record.type, record.resource, record.resource_version, record.object.to_dict())


def _key(obj: dict[str, Any]) -> tuple[str, str]:
    meta = obj["metadata"]
    return (meta.get("namespace", ""), meta["name"])


@given(cases())
def test_same_case_gives_byte_identical_logs(case: Case) -> None:
    """Two runs of one case write the same changes, Events and pod timelines, byte for byte."""
    first, second = _run(case), _run(case)
    assert first.log.lines() == second.log.lines()
    assert [e.to_json() for e in first.sim.events()] == [e.to_json() for e in second.sim.events()]
    assert first.sim.timeline() == second.sim.timeline()
    assert first.outcomes == second.outcomes


_DIGEST_SCRIPT = """
import pickle, sys
sys.path.insert(0, {tests!r})
from jobsim.testing import start
for case in pickle.load(open({path!r}, "rb")):
    run = start(case)
    run.run_to_end()
    print(run.log.digest())
"""


@settings(max_examples=2)  # two interpreters per example: keep it to a few seconds
@given(many=st.lists(cases(), min_size=10, max_size=10))
def test_runs_do_not_depend_on_the_interpreter_hash_seed(
    many: list[Case], tmp_path_factory: Any
) -> None:
    """The same cases run under two ``PYTHONHASHSEED`` values give identical watch logs."""
    path = tmp_path_factory.mktemp("cases") / "cases.pickle"
    path.write_bytes(pickle.dumps(many))
    script = _DIGEST_SCRIPT.format(tests=str(Path(__file__).parent), path=str(path))
    outputs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        )
        outputs.append(done.stdout)
    local = "".join(_run(case).log.digest() + "\n" for case in many)
    assert outputs[0] == outputs[1] == local


@given(cases())
def test_replaying_the_watch_stream_reproduces_the_store(case: Case) -> None:
    """Applying every ADDED/MODIFIED/DELETED from empty gives exactly the final store contents."""
    run = _run(case)
    replayed: dict[str, dict[tuple[str, str], dict[str, Any]]] = {r: {} for r in RESOURCES}
    last_rv = 0
    for record in run.log.records:
        assert record.resource_version > last_rv, "resourceVersions strictly increase"
        last_rv = record.resource_version
        obj = record.object.to_dict()
        assert obj["metadata"]["resourceVersion"] == str(record.resource_version)
        objects = replayed[record.resource]
        if record.type == "DELETED":
            assert objects.pop(_key(obj), None) is not None, "DELETED of an unknown object"
        else:
            assert (_key(obj) in objects) == (record.type == "MODIFIED")
            objects[_key(obj)] = obj
    for resource in RESOURCES:
        stored = {_key(o.to_dict()): o.to_dict() for o in run.sim.api.list(resource).items}
        assert replayed[resource] == stored


@given(cases(), st.integers(min_value=0), st.integers(min_value=0))
def test_a_watch_from_any_resource_version_sees_exactly_the_later_changes(
    case: Case, step_choice: int, rv_choice: int
) -> None:
    """A watch opened mid-run or at an old resourceVersion sees each later change once, in order."""
    run = start(case)
    steps = 0
    opened: dict[str, Any] = {}
    opened_at = 0

    def maybe_open(current: Run) -> None:
        nonlocal steps, opened_at
        steps += 1
        if steps == 1 + step_choice % 50:
            opened_at = current.sim.api.resource_version
            for resource in RESOURCES:
                opened[resource] = current.sim.api.watch(resource, resource_version=str(opened_at))

    run.run_to_end(maybe_open)
    log = run.log.records
    if not opened:
        opened_at = run.sim.api.resource_version
        opened = {r: run.sim.api.watch(r, resource_version=str(opened_at)) for r in RESOURCES}
    since = log[rv_choice % len(log)].resource_version if log else 0
    for resource in RESOURCES:
        expected_live = [
            _view(r) for r in log if r.resource == resource and r.resource_version > opened_at
        ]
        assert [_view(r) for r in opened[resource].pending()] == expected_live
        replay = run.sim.api.watch(resource, resource_version=str(since))
        expected = [_view(r) for r in log if r.resource == resource and r.resource_version > since]
        assert [_view(r) for r in replay.pending()] == expected
