"""Hypothesis strategies for property tests of the Job controller: Jobs, pod behaviours, timelines.

Owns the generators only: valid batch/v1 Job manifests over every spec field the controller
reads (bounded so that a run stays small: at most 5 completions, parallelism 4, deadlines and
delays of seconds), pod behaviours (:class:`jobsim.behavior.PodBehavior`: startup, readiness,
duration distributions, exit-code mixes, SIGTERM handling), timelines of actions (entries of a
scenario's ``timeline``, see ``docs/scenarios.md``: parallelism changes, suspend/resume,
deadline changes, pod failures and successes, evictions, pod deletions, node drains, Job
deletion) and whole :class:`Case` s. Every Job is valid by construction: the create-time rules
of ``pkg/apis/batch/validation/validation.go`` are encoded in the draws, not filtered
afterwards. See ``docs/property-testing.md``.

Imports ``hypothesis``, ``jobsim.api`` and ``jobsim.behavior`` only; it must not import the
simulation (running a case is :mod:`jobsim.testing.runner`'s job). No other ``jobsim``
module imports ``jobsim.testing``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from hypothesis import strategies as st

from jobsim.api.intervals import OrderedIntervals
from jobsim.behavior import BehaviorSet, ExitCodeChoice, PodBehavior

__all__ = [
    "ACTION_KINDS",
    "EVICTION_REASONS",
    "JOB_NAME",
    "Case",
    "actions",
    "behavior_sets",
    "cases",
    "job_manifests",
    "pod_behaviors",
    "timelines",
]

JOB_NAME: Final = "job"
"""The name of the Job every generated case runs (short, so Indexed hostnames stay valid)."""

EVICTION_REASONS: Final = (
    "EvictionByEvictionAPI",
    "PreemptionByScheduler",
    "DeletionByTaintManager",
    "DeletionByPodGC",
    "TerminationByKubelet",
)
"""``DisruptionTarget`` reasons the fake kubelet's ``evict`` plays (see ``jobsim.kubelet``)."""

ACTION_KINDS: Final = (
    "scale",
    "suspend",
    "resume",
    "failPods",
    "succeedPods",
    "evictPods",
    "deletePods",
    "drainNode",
    "patch",
    "delete",
)
"""Timeline actions drawn (``patch`` sets ``activeDeadlineSeconds``, ``delete`` deletes the Job)."""

_EXIT_CODES: Final = (1, 2, 42)
_SMALL_SECONDS = st.integers(min_value=0, max_value=5).map(float)


@dataclass(frozen=True, slots=True)
class Case:
    """One simulated world: seed, node count, the Job manifest, behaviours and a timeline."""

    seed: int
    nodes: int
    job: dict[str, Any]
    behaviors: BehaviorSet
    timeline: tuple[dict[str, Any], ...]
    """Entries of the scenario's ``timeline`` (``jobsim.scenario.schema_actions``), as in YAML."""
    until: float


# --- Job specs ------------------------------------------------------------------------------


@st.composite
def _success_policies(draw: st.DrawFn, completions: int) -> dict[str, Any]:
    """``successPolicy`` rules valid for ``completions`` (> 0): indexes and/or a count."""
    rules: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=2))):
        indexes = draw(
            st.lists(st.integers(min_value=0, max_value=completions - 1), max_size=completions)
        )
        rule: dict[str, Any] = {}
        if indexes:
            rule["succeededIndexes"] = str(OrderedIntervals.from_indexes(sorted(set(indexes))))
        bound = len(set(indexes)) if indexes else completions
        if not indexes or draw(st.booleans()):
            rule["succeededCount"] = draw(st.integers(min_value=1, max_value=bound))
        rules.append(rule)
    return {"rules": rules}


@st.composite
def _pod_failure_policies(draw: st.DrawFn, per_index: bool) -> dict[str, Any]:
    """``podFailurePolicy`` rules on exit codes or ``DisruptionTarget`` (valid for ``Never``)."""
    actions = ["FailJob", "Ignore", "Count"] + (["FailIndex"] if per_index else [])
    rules: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        action = draw(st.sampled_from(actions))
        if draw(st.booleans()):
            operator = draw(st.sampled_from(["In", "NotIn"]))
            pool = _EXIT_CODES if operator == "In" else (0, *_EXIT_CODES)
            values = sorted(draw(st.sets(st.sampled_from(pool), min_size=1)))
            rules.append(
                {"action": action, "onExitCodes": {"operator": operator, "values": values}}
            )
        else:
            rules.append(
                {
                    "action": action,
                    "onPodConditions": [{"type": "DisruptionTarget", "status": "True"}],
                }
            )
    return {"rules": rules}


def _optional(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), inner)


@st.composite
def job_manifests(draw: st.DrawFn, name: str = JOB_NAME) -> dict[str, Any]:
    """A valid batch/v1 Job manifest (a dict, as YAML reads) over every controller-read field."""
    indexed = draw(st.booleans())
    if indexed:
        completions: int | None = draw(st.integers(min_value=0, max_value=5))
    else:
        completions = draw(_optional(st.integers(min_value=0, max_value=5)))
    spec: dict[str, Any] = {}
    if completions is not None:
        spec["completions"] = completions
    parallelism = draw(_optional(st.integers(min_value=0, max_value=4)))
    if parallelism is not None:
        spec["parallelism"] = parallelism
    if indexed:
        spec["completionMode"] = "Indexed"
    elif draw(st.booleans()):
        spec["completionMode"] = "NonIndexed"
    backoff_limit = draw(_optional(st.integers(min_value=0, max_value=4)))
    if backoff_limit is not None:
        spec["backoffLimit"] = backoff_limit
    per_index = indexed and draw(st.booleans())
    if per_index:
        spec["backoffLimitPerIndex"] = draw(st.integers(min_value=0, max_value=2))
        max_failed = draw(_optional(st.integers(min_value=0, max_value=completions or 0)))
        if max_failed is not None:
            spec["maxFailedIndexes"] = max_failed
    deadline = draw(_optional(st.integers(min_value=0, max_value=90)))
    if deadline is not None:
        spec["activeDeadlineSeconds"] = deadline
    suspend = draw(st.sampled_from([None, False, True]))
    if suspend is not None:
        spec["suspend"] = suspend
    ttl = draw(_optional(st.integers(min_value=0, max_value=30)))
    if ttl is not None:
        spec["ttlSecondsAfterFinished"] = ttl
    restart_policy = draw(st.sampled_from(["Never", "OnFailure"]))
    if restart_policy == "Never" and draw(st.booleans()):
        spec["podFailurePolicy"] = draw(_pod_failure_policies(per_index))
        replacement: str | None = draw(st.sampled_from([None, "Failed"]))
    else:
        replacement = draw(st.sampled_from([None, "Failed", "TerminatingOrFailed"]))
    if replacement is not None:
        spec["podReplacementPolicy"] = replacement
    if indexed and completions and draw(st.integers(min_value=0, max_value=3)) == 0:
        spec["successPolicy"] = draw(_success_policies(completions))
    if draw(st.integers(min_value=0, max_value=15)) == 0:
        spec["managedBy"] = draw(
            st.sampled_from(["kubernetes.io/job-controller", "example.com/other"])
        )
    spec["template"] = {
        "spec": {
            "restartPolicy": restart_policy,
            "containers": [{"name": "main", "image": "busybox"}],
        }
    }
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": name}, "spec": spec}


# --- behaviours -----------------------------------------------------------------------------


def _durations() -> st.SearchStrategy[Any]:
    """A duration distribution in YAML form, seconds-scale."""
    low_high = st.tuples(
        st.integers(min_value=0, max_value=10), st.integers(min_value=0, max_value=20)
    )
    return st.one_of(
        st.integers(min_value=0, max_value=30),
        low_high.map(lambda lh: {"uniform": {"low": lh[0], "high": lh[0] + lh[1]}}),
        st.integers(min_value=1, max_value=15).map(lambda m: {"exponential": {"mean": m}}),
        st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=3).map(
            lambda vs: {"empirical": {"values": vs}}
        ),
    )


def _exit_codes() -> st.SearchStrategy[int | list[ExitCodeChoice]]:
    """An exit code or a mix whose probabilities sum to at most 0.9 (the rest exit 0)."""
    choice = st.builds(
        ExitCodeChoice,
        code=st.sampled_from(_EXIT_CODES),
        probability=st.sampled_from([0.1, 0.2, 0.3]),
    )
    return st.one_of(
        st.sampled_from([0, 0, 1]),
        st.lists(choice, min_size=1, max_size=3),
    )


def pod_behaviors(selector: str | None = None) -> st.SearchStrategy[PodBehavior]:
    """A pod behaviour: startup, readiness, duration, exit codes and SIGTERM handling."""
    return st.builds(
        PodBehavior,
        selector=st.just(selector),
        startup_delay=_SMALL_SECONDS,
        readiness_delay=_SMALL_SECONDS,
        duration=_durations(),
        exit_codes=_exit_codes(),
        shutdown_delay=st.one_of(st.none(), _SMALL_SECONDS),
    )


@st.composite
def behavior_sets(draw: st.DrawFn) -> BehaviorSet:
    """A default behaviour, sometimes preceded by one for completion index 0 only."""
    special: list[PodBehavior] = []
    if draw(st.booleans()):
        special.append(draw(pod_behaviors("batch.kubernetes.io/job-completion-index=0")))
    return BehaviorSet.of(*special, default=draw(pod_behaviors()))


# --- timelines ------------------------------------------------------------------------------


@st.composite
def _pod_target(draw: st.DrawFn, job: str, indexed: bool) -> dict[str, Any]:
    """Which pods an action takes: the oldest 1-2 of the Job's, or those of one index."""
    target: dict[str, Any] = {"job": job, "count": draw(st.integers(min_value=1, max_value=2))}
    if indexed and draw(st.booleans()):
        index = draw(st.integers(min_value=0, max_value=4))
        target["selector"] = f"batch.kubernetes.io/job-completion-index={index}"
        target["count"] = 1
    return target


_WEIGHTED_KINDS: Final = (*ACTION_KINDS, "scale", "failPods", "evictPods", "deletePods", "suspend")
"""Deleting the Job ends a case's story: it is drawn less often than the rest."""


@st.composite
def actions(draw: st.DrawFn, job: str, nodes: int, indexed: bool, at: float) -> dict[str, Any]:
    """One timeline action (a scenario ``timeline`` entry) at ``at``."""
    kind = draw(st.sampled_from(_WEIGHTED_KINDS))
    action: dict[str, Any] = {"at": at, "action": kind}
    if kind == "scale":
        action |= {"job": job, "parallelism": draw(st.integers(min_value=0, max_value=5))}
    elif kind in ("suspend", "resume"):
        action["job"] = job
    elif kind == "patch":
        deadline = draw(st.integers(min_value=1, max_value=120))
        action |= {"name": job, "type": "merge", "patch": _deadline_patch(deadline)}
    elif kind == "delete":
        policy = draw(st.sampled_from(["Background", "Foreground", "Orphan"]))
        action |= {"name": job, "propagationPolicy": policy}
    elif kind == "drainNode":
        action["node"] = f"node-{draw(st.integers(min_value=0, max_value=nodes - 1))}"
    else:
        action |= draw(_pod_target(job, indexed))
        if kind == "failPods":
            action["exitCode"] = draw(st.sampled_from([1, 2, 42, 137]))
        elif kind == "evictPods":
            action["reason"] = draw(st.sampled_from(EVICTION_REASONS))
        elif kind == "deletePods":
            grace = draw(st.sampled_from([None, 0, 2]))
            if grace is not None:
                action["gracePeriodSeconds"] = grace
    return action


def _deadline_patch(seconds: int) -> dict[str, Any]:
    return {"spec": {"activeDeadlineSeconds": seconds}}


@st.composite
def timelines(
    draw: st.DrawFn,
    job: str = JOB_NAME,
    *,
    nodes: int = 1,
    indexed: bool = False,
    max_actions: int = 6,
    horizon: int = 90,
) -> tuple[dict[str, Any], ...]:
    """Scenario timeline entries at whole or half seconds in ``[0, horizon]``, in time order."""
    times = draw(st.lists(st.integers(min_value=0, max_value=2 * horizon), max_size=max_actions))
    return tuple(draw(actions(job, nodes, indexed, t / 2)) for t in sorted(times))


@st.composite
def cases(draw: st.DrawFn, max_actions: int = 6) -> Case:
    """A whole case: seed, 1-2 nodes, a Job, behaviours and a timeline; runs for 240 s."""
    nodes = draw(st.integers(min_value=1, max_value=2))
    job = draw(job_manifests())
    indexed = job["spec"].get("completionMode") == "Indexed"
    return Case(
        seed=draw(st.integers(min_value=0, max_value=2**16)),
        nodes=nodes,
        job=job,
        behaviors=draw(behavior_sets()),
        timeline=draw(timelines(nodes=nodes, indexed=indexed, max_actions=max_actions)),
        until=240.0,
    )
