"""The fake kubelet (which also plays the scheduler) and its pod records.

Re-exports :class:`Kubelet` and :class:`PodRecord`. The package's modules, bottom up:
``backoff`` (CrashLoopBackOff timer), ``runtime`` (container runs of one pod), ``phase`` (pod
phase and conditions), ``status`` (the ``PodStatus`` written), ``scheduler`` (node choice),
``identity`` (random-stream keys), ``disruption`` (evictions and control-plane writes),
``records`` (timeline rows) and ``kubelet`` (the SimPy/store orchestration).
"""

from jobsim.kubelet.kubelet import Kubelet
from jobsim.kubelet.records import PodRecord

__all__ = ["Kubelet", "PodRecord"]
