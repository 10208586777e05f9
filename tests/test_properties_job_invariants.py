"""We test these aspects: the Job controller's invariants hold after every simulated step.

Over random cases (``jobsim.testing.strategies``: a Job over every spec field, pod behaviours, a
timeline of scaling, suspend/resume, deadline changes, pod failures and successes, evictions,
pod deletions, node drains and Job deletion), the simulation is stepped one SimPy event at a
time. After every step the Job and its pods are checked with ``jobsim.invariants.check_job``
(the "Invariants a simulator must hold" of ``shared/reference/job-controller-semantics.md``,
from upstream ``pkg/controller/job/job_controller.go`` and the apiserver's status validation
in ``pkg/apis/batch/validation/validation.go``); the steady-state ones (active <= parallelism,
active <= remaining completions, no two active pods share an index, status equals the pods)
whenever the controller has caught up. An ``InvariantMonitor`` checks the history-dependent
ones on every write: counters never decrease, the terminal condition never changes,
completionTime is never mutated, no pod after the first success with completions unset, the
re-creation backoff is respected, scale-down/suspension deletions are not counted, one
SuccessfulCreate per pod and one finish event per Job.

A failure writes the shrunk case as a scenario file (path in the message) that
``jobsim run`` replays.
"""

from __future__ import annotations

from hypothesis import given, settings

from jobsim.testing import Case, StepChecker, assert_no_violations, cases, start, start_scenario

SUSPENDED_ZERO_COMPLETIONS = """
apiVersion: batch/v1
kind: Job
metadata: {name: job}
spec:
  completions: 0
  suspend: true
  template:
    spec:
      restartPolicy: Never
      containers: [{name: main, image: busybox}]
---
apiVersion: jobsim.dev/v1alpha1
kind: Scenario
until: 30s
"""


def _check(case: Case, key: str) -> None:
    run = start(case)
    checker = StepChecker(run)
    run.run_to_end(checker.after_step)
    assert_no_violations(case, checker.final(), key=key)


@settings(max_examples=8 * settings().max_examples)  # the core property: ~15 ms a case
@given(cases())
def test_invariants_hold_after_every_step(case: Case) -> None:
    """No invariant is broken at any step of a random case, nor at its end."""
    _check(case, "test_invariants_hold_after_every_step")


@given(cases(max_actions=0))
def test_invariants_hold_without_interference(case: Case) -> None:
    """With no timeline, every Job left alone keeps its invariants to the end."""
    _check(case, "test_invariants_hold_without_interference")


def test_suspended_job_with_zero_completions_completes_at_once() -> None:
    """completions 0 + suspend: Complete at the first sync (found by these properties).

    Upstream: ``syncJob`` finds ``succeeded >= completions && active == 0`` and adds
    SuccessCriteriaMet then Complete; ``pkg/registry/batch/job/strategy.go``
    ``getStatusValidationOptions`` no longer rejects that write for lack of ``startTime``.
    """
    run = start_scenario(SUSPENDED_ZERO_COMPLETIONS, 30.0)
    checker = StepChecker(run)
    run.run_to_end(checker.after_step)
    job = run.job()
    assert job is not None and job.is_finished()
    assert checker.final() == []
