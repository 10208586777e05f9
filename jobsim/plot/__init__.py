"""Pictures of a run for notebooks and the CLI: pod timelines and Job status curves.

Public API (matplotlib is the optional ``jobsim[plot]`` extra, imported only when drawing)::

    import jobsim
    from jobsim.plot import StatusRecorder, pod_timeline, status_curves

    sim = jobsim.Simulation(seed=1)
    recorder = StatusRecorder(sim)           # attach before the run: it watches Jobs and pods
    sim.apply("scenarios/example-job.yaml")
    sim.run()
    pod_timeline(recorder)                   # a matplotlib Figure: one bar per pod
    status_curves(recorder)                  # active/ready/succeeded/failed/terminating over time

    recorder = StatusRecorder()              # for a scenario file
    result = jobsim.run_scenario(jobsim.load_scenario(path), on_start=recorder.attach)
    save_figure(run_figure(recorder), "run.png")

    recorder = record("job.yaml", seed=3)    # the same in one call; record_scenario(path)
    compare({"Never": never, "OnFailure": onfailure})    # runs side by side, one time axis
    sweep_distributions(jobsim.sweep(...), "makespan")   # a box per grid value, over seeds

Figures are ``matplotlib.figure.Figure`` objects made without pyplot (no global state, no
interactive backend); in Jupyter, run ``%matplotlib inline`` once so they display. Layer 6:
imports the simulation, the scenario result type and the kubelet's records; must not import the
CLI, sweeps or the HTTP server.
"""

from jobsim.plot._data import CONDITION_COLOURS, PHASE_COLOURS, STATUS_COLOURS
from jobsim.plot._mpl import MATPLOTLIB_HINT, SAVE_FORMATS, save_figure
from jobsim.plot.curves import status_curves
from jobsim.plot.history import STATUS_FIELDS, PodMark, StatusRecorder, StatusRow
from jobsim.plot.overview import compare, run_figure, save_plot
from jobsim.plot.runs import record, record_scenario
from jobsim.plot.sweeps import sweep_distributions
from jobsim.plot.timeline import pod_timeline

__all__ = [
    "CONDITION_COLOURS",
    "MATPLOTLIB_HINT",
    "PHASE_COLOURS",
    "SAVE_FORMATS",
    "STATUS_COLOURS",
    "STATUS_FIELDS",
    "PodMark",
    "StatusRecorder",
    "StatusRow",
    "compare",
    "pod_timeline",
    "record",
    "record_scenario",
    "run_figure",
    "save_figure",
    "save_plot",
    "status_curves",
    "sweep_distributions",
]
