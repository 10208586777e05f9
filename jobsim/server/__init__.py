"""``jobsim serve``: the Kubernetes API for Jobs and Pods over HTTP, on a simulated cluster.

Layer 6. Modules: ``driver`` (the simulation's pacing on the event loop), ``app``
(routes and the error boundary), ``handlers`` (REST verbs), ``watch`` (watch streams),
``options`` (list/watch/delete options), ``request_info`` (URL parsing), ``codec``
(bodies, negotiation, responses), ``discovery`` (discovery and OpenAPI), ``tables`` and
``printers`` (server-side printing), ``runner`` (uvicorn, foreground or thread), ``cli``
(the ``serve`` command). Must not be imported by layers 0-5.
"""

from jobsim.server.app import create_app
from jobsim.server.driver import SimDriver
from jobsim.server.runner import ServerThread

__all__ = ["ServerThread", "SimDriver", "create_app"]
