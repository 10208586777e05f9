"""Property-test the Job controller with Hypothesis: strategies, a checked runner, reproducers.

Public API (see ``docs/property-testing.md``):

* strategies (:mod:`jobsim.testing.strategies`): :func:`job_manifests`, :func:`pod_behaviors`,
  :func:`behavior_sets`, :func:`actions`, :func:`timelines`, :func:`cases` and the
  :class:`Case` they build (seed, nodes, Job manifest, behaviours, timeline, ``until``);
* running (:mod:`jobsim.testing.runner`): :func:`check_case` (every invariant of
  ``jobsim.invariants`` after every simulated step; returns the violations),
  :func:`assert_no_violations`, and the parts it is made of: :func:`start`,
  :func:`start_scenario`, :class:`Run`, :class:`StepChecker`, :class:`WatchLog`,
  :func:`is_steady`, :data:`KNOWN_UPSTREAM_BUGS`;
* reproducers (:mod:`jobsim.testing.scenario_file`): :func:`scenario_yaml`,
  :func:`scenario_documents`, :func:`write_reproducer` (a failing case as a scenario file that
  ``jobsim run`` replays).

Layer: the top application layer, beside ``jobsim.server``, ``jobsim.sweep`` and
``jobsim.plot``; it uses ``jobsim.simulation``, ``jobsim.scenario`` and ``jobsim.invariants``
and imports Hypothesis. No other ``jobsim`` module may import it (``.importlinter``).
"""

from jobsim.testing.runner import (
    KNOWN_UPSTREAM_BUGS,
    NAMESPACE,
    Run,
    StepChecker,
    WatchLog,
    assert_no_violations,
    check_case,
    is_steady,
    start,
    start_scenario,
)
from jobsim.testing.scenario_file import (
    FAILURES_DIR,
    FAILURES_DIR_ENV,
    scenario_documents,
    scenario_yaml,
    write_reproducer,
)
from jobsim.testing.strategies import (
    ACTION_KINDS,
    EVICTION_REASONS,
    JOB_NAME,
    Case,
    actions,
    behavior_sets,
    cases,
    job_manifests,
    pod_behaviors,
    timelines,
)

__all__ = [
    "ACTION_KINDS",
    "EVICTION_REASONS",
    "FAILURES_DIR",
    "FAILURES_DIR_ENV",
    "JOB_NAME",
    "KNOWN_UPSTREAM_BUGS",
    "NAMESPACE",
    "Case",
    "Run",
    "StepChecker",
    "WatchLog",
    "actions",
    "assert_no_violations",
    "behavior_sets",
    "cases",
    "check_case",
    "is_steady",
    "job_manifests",
    "pod_behaviors",
    "scenario_documents",
    "scenario_yaml",
    "start",
    "start_scenario",
    "timelines",
    "write_reproducer",
]
