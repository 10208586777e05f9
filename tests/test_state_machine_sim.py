"""We test these aspects: the Job controller's invariants under interleaved actions (stateful).

A Hypothesis ``RuleBasedStateMachine`` builds a Simulation from a random Job (every spec
field), pod behaviours, a seed and 1-2 nodes, then interleaves two rules: advance the clock
(one SimPy event at a time, checking after each) and act now (scale, suspend, resume, change
``activeDeadlineSeconds``, fail, succeed, evict or delete pods, drain a node, delete the Job —
``jobsim.scenario`` timeline actions, carried out as ``jobsim run`` carries them out). Its
``@invariant`` is the whole invariant set of ``jobsim.invariants`` (snapshot checks after every
step, steady-state checks when the controller has caught up, and the history checks of
``InvariantMonitor``), as in ``test_properties_job_invariants.py``; numbers refer to
``shared/reference/job-controller-semantics.md``, upstream ``pkg/controller/job``.

On failure the steps taken become a scenario file (each action at the simulated time it
ran, ``until`` the time reached) whose path is in the message; ``jobsim run`` replays it.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from pydantic import TypeAdapter

from jobsim.behavior import BehaviorSet
from jobsim.errors import APIError
from jobsim.scenario.actions import ActionShortfall, perform
from jobsim.scenario.schema_actions import Action
from jobsim.testing import (
    JOB_NAME,
    Case,
    Run,
    StepChecker,
    actions,
    assert_no_violations,
    behavior_sets,
    job_manifests,
    start,
)

_ACTION: TypeAdapter[Any] = TypeAdapter(Action)
_FAR: float = 10.0**6
"""``until`` while the machine runs: it stops by itself, the steps decide when."""


class JobControllerMachine(RuleBasedStateMachine):
    """A Simulation driven by interleaved clock advances and actions, checked at every step."""

    def __init__(self) -> None:
        super().__init__()
        self.case: Case | None = None
        self.run: Run | None = None
        self.checker: StepChecker | None = None

    @initialize(
        seed=st.integers(min_value=0, max_value=2**16),
        nodes=st.integers(min_value=1, max_value=2),
        job=job_manifests(),
        behaviors=behavior_sets(),
    )
    def build(self, seed: int, nodes: int, job: dict[str, Any], behaviors: BehaviorSet) -> None:
        """Create the Job at time 0 with its behaviours."""
        self.case = Case(seed, nodes, job, behaviors, timeline=(), until=_FAR)
        self.run = start(self.case)
        self.checker = StepChecker(self.run)

    def _parts(self) -> tuple[Case, Run, StepChecker]:
        assert self.case is not None and self.run is not None and self.checker is not None
        return self.case, self.run, self.checker

    @rule(seconds=st.sampled_from([0.5, 1.0, 2.0, 5.0, 15.0, 60.0]))
    def advance(self, seconds: float) -> None:
        """Run the events due before ``now + seconds``, checking after each; then move there."""
        _, run, checker = self._parts()
        env = run.sim.env
        target = run.sim.now + seconds
        while env.peek() < target:
            env.step()
            checker.after_step(run)
        env.run(until=target)  # stops before the events due at target, as a timeline action does

    @precondition(lambda self: self.run is not None and self.run.sim.now > 0)
    @rule(data=st.data())
    def act(self, data: st.DataObject) -> None:
        """Carry out one timeline action now (after time 0, so the Job's first sync ran)."""
        case, run, checker = self._parts()
        indexed = case.job["spec"].get("completionMode") == "Indexed"
        action = data.draw(actions(JOB_NAME, case.nodes, indexed, run.sim.now))
        run.timeline.append(action)  # the checker excuses a user's Job deletion from TTL (30)
        # Rejected, or nothing to act on: the world is unchanged.
        with suppress(APIError, ActionShortfall, KeyError):
            perform(run.sim, _ACTION.validate_python(action))
        checker.after_step(run)

    @invariant()
    def job_invariants_hold(self) -> None:
        """No invariant has been broken so far."""
        if self.checker is None:
            return
        case, run, checker = self._parts()
        found = checker.found or checker.final()
        if found:
            replay = Case(
                case.seed,
                case.nodes,
                case.job,
                case.behaviors,
                timeline=tuple(run.timeline),
                until=run.sim.now,
            )
            assert_no_violations(replay, found, key="JobControllerMachine")


JobControllerMachine.TestCase.settings = settings(
    max_examples=4 * settings().max_examples, stateful_step_count=25
)
test_job_controller_machine = JobControllerMachine.TestCase
