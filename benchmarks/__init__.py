"""jobsim benchmarks: how fast the simulator runs, against a bare-SimPy ceiling.

Run ``python -m benchmarks`` (``--size tiny|small|full``, ``--only a,b,c,d``). Each workload runs
in its own Python process (so its peak RSS is its own) and prints: pods simulated, wall seconds,
pods per wall second, peak RSS, and the same workload's bare-SimPy ceiling measured in the same
process (``benchmarks.ceiling``) with the ratio jobsim / ceiling. See ``docs/performance.md``.

Not part of the ``jobsim`` package: imports ``jobsim`` (any layer, the CLI included); nothing in
``jobsim`` imports this package.
"""
