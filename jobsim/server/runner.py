"""Running the HTTP front: in the foreground (``jobsim serve``) or in a background thread.

Owns the uvicorn wiring: one listening socket bound up front (so port 0 gives an
ephemeral port whose address is known before serving), uvicorn's own logging and access
log off (requests are logged through structlog by the app), a bounded graceful shutdown,
and the shutdown signal reaching open watch streams *before* uvicorn waits for
connections to close (they would otherwise stream until the timeout). Ctrl-C stops
``serve_forever`` cleanly.

``ServerThread`` serves a ``Simulation`` from a daemon thread for tests and notebooks::

    with ServerThread(Simulation(), speed=100) as server:
        httpx.get(server.url + "/version")

Once served, the simulation belongs to the server thread: read it over HTTP only.

Imports ``jobsim.server.{app,driver}`` and ``jobsim.simulation``.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from types import FrameType, TracebackType

import uvicorn

from jobsim.server.app import create_app
from jobsim.server.driver import SimDriver
from jobsim.simulation import Simulation

__all__ = ["ServerThread", "bind", "serve_forever"]

_GRACEFUL_SHUTDOWN_SECONDS = 3


class _Server(uvicorn.Server):
    """uvicorn's server, telling the driver to end watches as soon as an exit is requested."""

    def __init__(self, config: uvicorn.Config, driver: SimDriver) -> None:
        super().__init__(config)
        self._driver = driver

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        """Signal handler (Ctrl-C): end watch streams, then let uvicorn shut down."""
        self._driver.close_threadsafe()
        super().handle_exit(sig, frame)


def bind(host: str, port: int) -> socket.socket:
    """Bind a listening TCP socket (``port=0``: an ephemeral port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


def _server(driver: SimDriver) -> _Server:
    config = uvicorn.Config(
        create_app(driver),
        log_config=None,
        access_log=False,
        lifespan="on",
        timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_SECONDS,
        ws="none",
    )
    return _Server(config, driver)


def serve_forever(driver: SimDriver, sock: socket.socket) -> None:
    """Serve until Ctrl-C (SIGINT/SIGTERM), then shut down cleanly."""
    server = _server(driver)
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:  # uvicorn re-raises the captured Ctrl-C after shutting down
        pass
    finally:
        sock.close()


def _address(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class ServerThread:
    """Serve a simulation on ``127.0.0.1`` from a daemon thread; a context manager."""

    def __init__(
        self,
        sim: Simulation,
        *,
        speed: float | None = 1.0,
        host: str = "127.0.0.1",
        port: int = 0,
        start_timeout: float = 10.0,
    ) -> None:
        """Prepare to serve ``sim``; ``speed=None`` is manual time."""
        self.driver = SimDriver(sim, speed=speed)
        self._sock = bind(host, port)
        self.address = _address(self._sock)
        self.url = f"http://{self.address}"
        self._server = _server(self.driver)
        self._thread = threading.Thread(target=self._run, name="jobsim-serve", daemon=True)
        self._start_timeout = start_timeout
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(self._server.serve(sockets=[self._sock]))
        except BaseException as exc:  # surfaced to the caller by start()/stop()
            self.error = exc

    def start(self) -> ServerThread:
        """Start serving; return once the server accepts connections."""
        self._thread.start()
        give_up = time.monotonic() + self._start_timeout
        while not self._server.started:
            if self.error is not None or not self._thread.is_alive():
                raise RuntimeError(f"jobsim server failed to start: {self.error!r}")
            if time.monotonic() > give_up:
                raise TimeoutError("jobsim server did not start in time")
            time.sleep(0.01)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving (open watches end) and wait for the thread."""
        self.driver.close_threadsafe()
        self._server.should_exit = True
        self._thread.join(timeout)
        self._sock.close()

    def __enter__(self) -> ServerThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
