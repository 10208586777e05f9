"""We test these aspects: the progress bar appears only after the wall-time delay, counts
finished Jobs from watch events, and leaves the run itself untouched.
"""

from __future__ import annotations

import io

from rich.console import Console

from jobsim.report.progress import RunProgress
from jobsim.simulation import Simulation

JOB = """\
apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  completions: 40
  parallelism: 4
  template:
    spec:
      containers:
      - name: pi
        image: perl
      restartPolicy: Never
"""


class _Wall:
    """A fake wall clock that moves one second per reading."""

    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        self.t += 1.0
        return self.t


def _run(progress_delay: float | None) -> tuple[Simulation, RunProgress | None, str]:
    sim = Simulation(seed=3)
    sim.apply(JOB)
    out = io.StringIO()
    progress = None
    if progress_delay is not None:
        console = Console(file=out, force_terminal=True, width=100)
        progress = RunProgress(console, sim.clock.now, delay=progress_delay, wall=_Wall())
        for resource in ("jobs", "pods"):
            sim.api.watch(resource, handler=progress.handle)
    sim.run()
    return sim, progress, out.getvalue()


def test_bar_shown_after_delay() -> None:
    """A run slower than the delay draws the bar (jobs done / seen, simulated time)."""
    _, progress, _ = _run(1.0)
    assert progress is not None and progress.shown
    progress.close()
    assert not progress.shown


def test_bar_not_shown_for_fast_run() -> None:
    """A run faster than the delay draws nothing."""
    _, progress, out = _run(1e9)
    assert progress is not None and not progress.shown
    assert out == ""


def test_progress_does_not_change_the_run() -> None:
    """The same seed ends at the same time with the same status, bar or no bar."""
    with_bar, progress, _ = _run(1.0)
    without, _, _ = _run(None)
    assert progress is not None
    progress.close()
    assert with_bar.now == without.now
    assert with_bar.job("pi").status == without.job("pi").status
