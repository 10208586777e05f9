"""The in-memory Kubernetes API server (layer 2): the one door through which state changes.

``APIServer`` (``jobsim.apiserver.store``) implements ``APIServerProtocol``
(``jobsim.apiserver.interface``). Modules: ``resources`` (what is served), ``state``
(objects, indexes, commits), ``writes`` (create/update/patch), ``deletion``
(delete, finalizers, propagation), ``reads`` (list/watch start), ``watch`` (history and
delivery), ``selection`` (selectors), ``names`` (uids and generated names).
Must not import controllers, the kubelet, SimPy or anything above layer 2.
"""

from jobsim.apiserver.interface import (
    APIServerProtocol,
    ListResult,
    WatchEventRecord,
    WatchHandle,
)
from jobsim.apiserver.store import APIServer

__all__ = ["APIServer", "APIServerProtocol", "ListResult", "WatchEventRecord", "WatchHandle"]
