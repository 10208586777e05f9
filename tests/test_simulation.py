"""We test these aspects: the ``Simulation`` entry point wires one clock, store and controllers.

``apply`` takes a path, YAML text, a dict or a model; ``run`` advances to an absolute
time (seconds or a Go duration) or until every Job finished (bounded); reads come back
through ``jobs``/``job``/``events``/``timeline``; a seed makes runs reproducible; the
behaviours passed in are the ones the kubelet uses (even an empty set with a custom
default).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jobsim.api.batch_v1 import Job
from jobsim.behavior import BehaviorSet, PodBehavior
from jobsim.errors import APIError
from jobsim.manifests import ManifestError
from jobsim.simulation import Simulation


def behavior(**fields: Any) -> PodBehavior:
    """A pod behaviour from scenario-style camelCase fields (durations as numbers or dicts)."""
    return PodBehavior.model_validate(fields)


JOB_YAML = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: {name}
spec:
  completions: {completions}
  template:
    spec:
      containers:
      - name: c
        image: busybox
      restartPolicy: Never
"""


def manifest(name: str, **spec: Any) -> dict[str, Any]:
    """A Job manifest dict."""
    template = {"spec": {"containers": [{"name": "c", "image": "x"}], "restartPolicy": "Never"}}
    return {
        "apiVersion": "batch/v1",
        "kind": "Job",
        "metadata": {"name": name},
        "spec": {**spec, "template": template},
    }


def test_apply_accepts_path_text_dict_and_model(tmp_path: Path) -> None:
    """Every input form creates its Job(s) and returns the stored objects."""
    sim = Simulation()
    path = tmp_path / "job.yaml"
    path.write_text(JOB_YAML.format(name="from-path", completions=1))
    created = sim.apply(path)
    text = JOB_YAML.format(name="t1", completions=1) + "---\n"
    text += JOB_YAML.format(name="t2", completions=1)
    created += sim.apply(text)
    created += sim.apply(manifest("from-dict"))
    created += sim.apply(Job.from_dict(manifest("from-model")))
    names = [obj.metadata.name for obj in created]  # type: ignore[attr-defined]
    assert names == ["from-path", "t1", "t2", "from-dict", "from-model"]
    assert [j.metadata.name for j in sim.jobs()] == sorted(names)
    assert all(j.metadata.uid for j in sim.jobs())


def test_apply_expands_lists() -> None:
    """A ``kind: List`` (or ``JobList``) creates its items, as ``kubectl create -f`` does."""
    sim = Simulation()
    created = sim.apply({"apiVersion": "v1", "kind": "List", "items": [manifest("l1")]})
    created += sim.apply(
        {"apiVersion": "batch/v1", "kind": "JobList", "items": [manifest("l2"), manifest("l3")]}
    )
    assert [obj.metadata.name for obj in created] == ["l1", "l2", "l3"]  # type: ignore[attr-defined]
    with pytest.raises(ManifestError, match="no objects in the List"):
        sim.apply({"apiVersion": "v1", "kind": "List", "items": []})


def test_apply_reports_bad_input() -> None:
    """Unparsable manifests raise ManifestError; invalid objects the apiserver's APIError."""
    sim = Simulation()
    with pytest.raises(ManifestError):
        sim.apply("kind: Job\napiVersion: batch/v1\nmetadata: [\n")
    bad = manifest("bad")
    bad["spec"]["template"]["spec"]["restartPolicy"] = "Always"
    with pytest.raises(APIError) as info:
        sim.apply(bad)
    assert info.value.code == 422
    assert 'restartPolicy: Required value: valid values: "OnFailure", "Never"' in str(info.value)


def test_run_until_absolute_time_and_duration() -> None:
    """``run(until)`` stops at an absolute simulated time; Go durations are accepted."""
    sim = Simulation()
    sim.apply(manifest("j", completions=3, parallelism=1))
    sim.run(until=5)
    assert sim.now == 5
    assert sim.job("j").status.active == 1
    sim.run(until="15s")
    assert sim.now == 15
    assert sim.job("j").status.succeeded == 1
    sim.run(until=3)  # the past: no-op
    assert sim.now == 15


def test_run_without_until_stops_when_every_job_finished() -> None:
    """``run()`` returns at the instant the last Job finished."""
    sim = Simulation()
    sim.apply(manifest("a", completions=1))
    sim.apply(manifest("b", completions=2, parallelism=1))
    sim.run()
    assert sim.now == 22
    assert all(j.is_finished() for j in sim.jobs())


def test_run_is_bounded() -> None:
    """A Job that can never finish (parallelism 0) stops the run at the bound."""
    sim = Simulation()
    sim.apply(manifest("stuck", completions=1, parallelism=0))
    sim.run(bound="1h")
    assert sim.now == 3600
    assert not sim.job("stuck").is_finished()


def test_behaviors_with_only_a_default_are_used() -> None:
    """An empty behaviour list with a custom default still applies that default."""
    sim = Simulation(behaviors=BehaviorSet.of(default=behavior(duration=3, exitCodes=2)))
    sim.apply(manifest("x", backoffLimit=0))
    sim.run()
    (record,) = sim.timeline()
    assert (record.finished, record.exit_code, record.phase) == (3, 2, "Failed")


def test_same_seed_same_run_different_seed_other_names() -> None:
    """Runs are reproducible per seed; the seed drives generated pod names."""

    def once(seed: int) -> tuple[list[Any], list[tuple[Any, ...]]]:
        sim = Simulation(
            seed=seed,
            behaviors=BehaviorSet.of(default=behavior(duration={"exponential": {"mean": 9}})),
        )
        sim.apply(manifest("r", completions=4, parallelism=2))
        sim.run()
        timeline = [(r.name, r.started, r.finished) for r in sim.timeline()]
        events = [(e.metadata.name, e.reason, e.message) for e in sim.events()]
        return timeline, events

    assert once(5) == once(5)
    assert [n for n, _, _ in once(5)[0]] != [n for n, _, _ in once(6)[0]]


def test_reads_events_and_timeline() -> None:
    """``events()`` are in recording order; ``timeline()`` has one row per pod."""
    sim = Simulation()
    sim.apply(manifest("e", completions=2, parallelism=2))
    sim.run()
    reasons = [e.reason for e in sim.events()]
    assert reasons == ["SuccessfulCreate", "SuccessfulCreate", "Completed"]
    rows = sim.timeline()
    assert [(r.job, r.created, r.finished, r.phase) for r in rows] == [
        ("e", 0, 10, "Succeeded"),
        ("e", 0, 10, "Succeeded"),
    ]
    assert sim.job("e").status.succeeded == 2


def test_record_events_off() -> None:
    """``record_events=False`` keeps the controller silent."""
    sim = Simulation(record_events=False)
    sim.apply(manifest("q", completions=1))
    sim.run()
    assert sim.job("q").is_finished()
    assert sim.events() == []


@pytest.mark.parametrize("source", ["never.yaml", "jobs/missing.yml", "x.JSON"])
def test_apply_of_a_missing_file_says_so(source: str) -> None:
    """A one-line ``*.yaml``/``*.yml``/``*.json`` is a path: missing, it is "does not exist"."""
    with pytest.raises(ManifestError, match=r"the path does not exist"):
        Simulation().apply(source)
