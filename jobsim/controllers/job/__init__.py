"""The Job controller: pure decision functions here, orchestration in ``controller``/``sync``.

The decision modules (``conditions``, ``backoff``, ``pod_utils``, ``pod_failure_policy``,
``success_policy``, ``indexed``, ``expectations``) take values and return values: no store, no
simpy, no logging. This package ``__init__`` re-exports nothing, so importing one decision module
never drags in the orchestration.
"""
