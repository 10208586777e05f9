"""Running a scenario: build the simulation, replay the timeline, judge the expectations.

Owns :func:`build_simulation` (a ``Simulation`` with the scenario's seed, epoch, nodes and pod
behaviours, its manifests created at time 0 and its timeline scheduled), :func:`run_scenario`
and :class:`ScenarioResult`. ``always`` and ``within`` expectations are evaluated on every
watch event of their subject (Jobs, Pods or Events), not by polling; ``at`` expectations see
the state after everything that happens at their instant; end expectations the final state.

When the run ends: at ``until`` (after everything at that instant), or — for
``allJobsFinished`` — once every Job has finished *and* every timeline action has run, every
``at`` time has passed and every ``within`` expectation is met or past its bound; or when
nothing is left to happen ("idle"), or at ``bound``.

This is the one scenario module that imports ``jobsim.simulation`` (layer 5): it wires the
scenario (layer 4) into a simulation, as the CLI and notebooks do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from jobsim.api.batch_v1 import Job
from jobsim.apiserver.interface import WatchEventRecord, WatchHandle
from jobsim.errors import APIError
from jobsim.scenario.actions import ActionOutcome, schedule_timeline
from jobsim.scenario.errors import ScenarioError
from jobsim.scenario.expectations import ExpectationResult, Tracker, World, relevant
from jobsim.scenario.loader import Scenario
from jobsim.scenario.schema_expectations import EventsCheck, PodsCheck
from jobsim.simulation import Simulation

__all__ = ["Built", "ScenarioResult", "StopReason", "build_simulation", "run_scenario"]

StopReason = Literal["until", "finished", "idle", "bound"]


@dataclass
class Built:
    """A simulation built from a scenario, and the outcomes of its actions as they run."""

    simulation: Simulation
    outcomes: list[ActionOutcome] = field(default_factory=list)


@dataclass(frozen=True)
class ScenarioResult:
    """A finished run: the simulation (final state), every result line, and why it stopped."""

    scenario: Scenario
    simulation: Simulation
    expectations: list[ExpectationResult]
    actions: list[ActionOutcome]
    end: float
    """Simulated time at which the run ended."""
    stopped: StopReason

    @property
    def results(self) -> list[ExpectationResult]:
        """One line per expectation, after one per timeline action that did not go as planned."""
        return [a.result() for a in self.actions if not a.ok] + list(self.expectations)

    @property
    def passed(self) -> bool:
        """Every expectation held and every action went as planned."""
        return all(r.passed for r in self.results)

    @property
    def jobs(self) -> list[Job]:
        """The Jobs at the end of the run."""
        return self.simulation.jobs()


def _new_simulation(scenario: Scenario) -> Simulation:
    settings = scenario.settings
    return Simulation(
        seed=settings.seed,
        epoch=settings.epoch,
        behaviors=settings.behavior_set(),
        nodes=settings.nodes,
        event_correlation=settings.event_correlation,
        terminated_pod_gc_threshold=max(0, settings.terminated_pod_gc_threshold) or None,
        event_ttl=settings.event_ttl,
    )


def build_simulation(scenario: Scenario) -> Built:
    """A Simulation with the manifests created at time 0 and the timeline scheduled.

    Raises :class:`ScenarioError` when the API server rejects a manifest.
    """
    return _populate(scenario, _new_simulation(scenario))


class _Observer:
    """Keeps the world current from watch events and feeds the temporal trackers."""

    def __init__(self, sim: Simulation, world: World, trackers: list[Tracker]) -> None:
        self.sim, self.world = sim, world
        self.temporal = [t for t in trackers if t.check.timing in ("always", "within")]
        self.unfinished: set[tuple[str, str]] = set()
        self.watches: list[WatchHandle] = [
            sim.api.watch(resource, handler=partial(self._on_event, resource))
            for resource in ("jobs", "pods", "events")
        ]

    def _on_event(self, resource: str, event: WatchEventRecord) -> None:
        meta = event.object.metadata  # type: ignore[attr-defined]
        key = (meta.namespace or "", meta.name or "")
        table: dict[tuple[str, str], object] = getattr(self.world, resource)
        if event.type == "DELETED":
            table.pop(key, None)
        elif event.type in ("ADDED", "MODIFIED"):
            table[key] = event.object
        else:
            return
        if isinstance(event.object, Job):
            if event.type == "DELETED" or event.object.is_finished():
                self.unfinished.discard(key)
            else:
                self.unfinished.add(key)
        now = float(self.sim.env.now)
        for tracker in self.temporal:
            if relevant(tracker.check, resource, key[0], key[1]):
                tracker.observe(now, self.world)

    def stop(self) -> None:
        """Stop watching."""
        for watch in self.watches:
            watch.stop()


def run_scenario(
    scenario: Scenario, *, on_start: Callable[[Simulation], None] | None = None
) -> ScenarioResult:
    """Run a loaded scenario to its end and evaluate every expectation.

    ``on_start`` is called with the new Simulation before anything is created in it,
    so callers can attach watches (a ``--watch`` stream, a progress bar, log clocks).
    """
    settings = scenario.settings
    trackers = [Tracker(check) for check in settings.expectations]
    world = World(epoch=settings.epoch)
    sim = _new_simulation(scenario)
    if on_start is not None:
        on_start(sim)
    observer = _Observer(sim, world, trackers)
    built = _populate(scenario, sim)
    for tracker in observer.temporal:
        if isinstance(tracker.check, EventsCheck | PodsCheck):
            tracker.observe(float(sim.env.now), world)
    stopped = _advance(scenario, built, observer, trackers)
    end = float(sim.env.now)
    for tracker in trackers:
        if tracker.check.timing == "end":
            tracker.conclude(world, end)
    observer.stop()
    return ScenarioResult(
        scenario=scenario,
        simulation=sim,
        expectations=[t.result(end) for t in trackers],
        actions=list(built.outcomes),
        end=end,
        stopped=stopped,
    )


def _populate(scenario: Scenario, sim: Simulation) -> Built:
    built = Built(sim)
    for manifest in scenario.manifests:
        obj = manifest.object
        try:
            sim.api.create(type(obj), obj.model_copy(deep=True))
        except APIError as exc:
            message = f"Error from server ({exc.reason}): error when creating: {exc}"
            raise ScenarioError([manifest.document.error(message)]) from None
    inline = {i: m.object for i, m in scenario.inline.items()}
    schedule_timeline(sim, list(scenario.settings.timeline), inline, built.outcomes.append)
    return built


def _advance(
    scenario: Scenario, built: Built, observer: _Observer, trackers: list[Tracker]
) -> StopReason:
    """Step the clock to the scenario's end, judging ``at`` times and window starts on the way."""
    settings = scenario.settings
    env = built.simulation.env
    end = settings.end_time()
    limit = end if end is not None else settings.bound
    checkpoints: list[tuple[float, int, Tracker]] = sorted(
        [(t.check.at, i, t) for i, t in enumerate(trackers) if t.check.at is not None]
        + [(t.check.after, i, t) for i, t in enumerate(trackers) if t.check.after is not None],
        key=lambda item: (item[0], item[1]),
    )
    within = [t for t in trackers if t.check.timing == "within"]
    actions = len(settings.timeline)

    def done() -> bool:
        return (
            not observer.unfinished
            and len(built.outcomes) == actions
            and not checkpoints
            and not any(t.pending and (t.check.within or 0.0) >= env.now for t in within)
        )

    while True:
        upcoming = float(env.peek())
        while checkpoints and checkpoints[0][0] < upcoming and checkpoints[0][0] <= limit:
            at, _, tracker = checkpoints.pop(0)
            if at > env.now:  # nothing happens before ``upcoming``: move the clock there
                env.run(until=at)
            if tracker.check.timing == "at":
                tracker.conclude(observer.world, at)
            else:  # the start of a within/always window: its first observed state
                tracker.observe(at, observer.world)
        if end is None and upcoming > env.now and done():
            return "finished"
        if upcoming > limit:
            break
        env.step()
    if upcoming == float("inf") and end is None:
        return "idle"
    if limit > env.now:
        env.run(until=limit)
    return "until" if end is not None else "bound"
