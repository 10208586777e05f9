"""Job-controller invariants as reusable checks (for tests and Hypothesis properties).

``check_job(job, pods, steady=..., now=...)`` checks one snapshot and returns the broken
invariants as :class:`Violation` records; ``InvariantMonitor(api, clock)`` watches a store
and checks the history-dependent ones on every write (create it before the first Job).
Numbers refer to the list at the end of ``shared/reference/job-controller-semantics.md``.

Layer: above ``jobsim.controllers`` (uses its pure decision modules) and the store's
interface; below ``jobsim.simulation``. Never writes to the store.
"""

from jobsim.invariants.monitor import InvariantMonitor
from jobsim.invariants.snapshot import Violation, check_job, job_key, owned_pods

__all__ = ["InvariantMonitor", "Violation", "check_job", "job_key", "owned_pods"]
