"""Watch streams over HTTP: newline-delimited JSON events, chunked, fed from the store.

Owns one watch connection: registering a store watch whose handler appends to this
connection's buffer (handlers run on the event loop thread, inside the write, so no event
is lost and order is the store's), streaming the buffer as ``{"type":..,"object":..}\\n``
lines, stamping objects with the request's ``apiVersion`` (or turning each into a
one-row ``Table`` for ``kubectl get -w``, headers on the first only), ``timeoutSeconds``
(simulated seconds, like every time the API shows; a BOOKMARK is sent just before the
close when bookmarks are allowed), ``sendInitialEvents`` (synthetic ADDED events, then a
BOOKMARK annotated ``k8s.io/initial-events-end``), and ending the stream when the store
ends the watch (410 Expired ERROR), the server shuts down, or the client falls more than
``MAX_BUFFERED`` events behind (the stream closes and the client re-watches from its
last resourceVersion, as the watch cache does with a blocked watcher).

Imports ``jobsim.apiserver`` (interface), ``jobsim.server.{driver,options,request_info,
tables,codec}``; must not import the handlers or the app.
Upstream: apiserver ``pkg/endpoints/handlers/watch.go``, ``pkg/storage/cacher/
{cache_watcher.go,cacher.go}``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections import deque
from collections.abc import AsyncIterator
from typing import Any, Final

import structlog
from starlette.responses import StreamingResponse

from jobsim.api._base import K8sModel
from jobsim.apiserver.interface import WatchEventRecord
from jobsim.errors import new_too_large_resource_version
from jobsim.server.codec import JSON, Negotiated
from jobsim.server.driver import SimDriver
from jobsim.server.options import ListParams
from jobsim.server.request_info import RequestInfo
from jobsim.server.tables import table

__all__ = ["INITIAL_EVENTS_END", "MAX_BUFFERED", "start_watch"]

INITIAL_EVENTS_END: Final = "k8s.io/initial-events-end"
MAX_BUFFERED: Final = 100_000
_POLL_SECONDS: Final = 0.25

_log = structlog.get_logger("jobsim.server")


class _Stream:
    """The buffer between the store's watch handler and one HTTP response."""

    def __init__(self) -> None:
        self.buffer: deque[WatchEventRecord] = deque()
        self.wake = asyncio.Event()
        self.overflowed = False

    def handler(self, record: WatchEventRecord) -> None:
        """Store watch handler: append (never blocks, never writes to the store)."""
        self.buffer.append(record)
        if len(self.buffer) > MAX_BUFFERED:
            self.overflowed = True
        self.wake.set()


def _bookmark(info: RequestInfo, rv: int, *, initial_end: bool = False) -> WatchEventRecord:
    meta: dict[str, Any] = {"resourceVersion": str(rv)}
    if initial_end:
        meta["annotations"] = {INITIAL_EVENTS_END: "true"}
    obj = info.model.model_validate({"metadata": meta}).set_type_meta()
    return WatchEventRecord("BOOKMARK", obj, rv, info.plural)


def _resource_version(driver: SimDriver, params: ListParams) -> str | None:
    """The store watch's starting RV: None means "initial events, then changes"."""
    current = driver.api.resource_version
    if params.send_initial_events:
        rv = params.resource_version
        if rv and rv != "0" and rv.isdigit() and int(rv) > current:
            raise new_too_large_resource_version(int(rv), current)
        return None
    if params.send_initial_events is False and params.resource_version in (None, "0"):
        return str(current)
    return params.resource_version


class _Encoder:
    def __init__(self, driver: SimDriver, info: RequestInfo, negotiated: Negotiated, include: str):
        self.driver = driver
        self.info = info
        self.table = negotiated.format == "table"
        self.include = include
        self.headers_sent = False

    def _object(self, record: WatchEventRecord) -> Any:
        obj: K8sModel = record.object
        if record.type == "ERROR":
            return obj.to_dict()
        if self.table and record.type != "BOOKMARK":
            data = table(
                self.info.plural,
                [obj],
                self.driver.sim.clock.now_micro(),
                resource_version=str(record.resource_version),
                api_version=self.info.group_version,
                include_object=self.include,
                no_headers=self.headers_sent,
            )
            self.headers_sent = True
            return data
        data = obj.to_dict()
        data["apiVersion"] = self.info.group_version
        return data

    def line(self, record: WatchEventRecord) -> bytes:
        event = {"type": record.type, "object": self._object(record)}
        return (json.dumps(event, separators=(",", ":"), ensure_ascii=False) + "\n").encode()


def start_watch(
    driver: SimDriver, info: RequestInfo, params: ListParams, negotiated: Negotiated
) -> StreamingResponse:
    """Register the watch now (errors raise before any byte is sent) and stream it."""
    api = driver.api
    stream = _Stream()
    handle = api.watch(
        info.plural,
        namespace=info.namespace,
        name=info.name,
        label_selector=params.label_selector,
        field_selector=params.field_selector,
        resource_version=_resource_version(driver, params),
        allow_bookmarks=params.allow_bookmarks,
        handler=stream.handler,
    )
    if params.send_initial_events and params.allow_bookmarks and not handle.stopped:
        stream.buffer.append(_bookmark(info, api.resource_version, initial_end=True))
    timeout = params.timeout_seconds
    deadline = driver.now + timeout if timeout is not None and timeout > 0 else None
    encoder = _Encoder(driver, info, negotiated, params.include_object)
    _log.debug("watch_started", resource=info.plural, namespace=info.namespace, name=info.name)

    async def body() -> AsyncIterator[bytes]:
        finishing = False
        try:
            while True:
                if stream.buffer:
                    records = list(stream.buffer)
                    stream.buffer.clear()
                    if stream.overflowed:
                        handle.stop()
                    yield b"".join(encoder.line(r) for r in records)
                    continue
                if finishing or handle.stopped or driver.closing:
                    break
                if deadline is not None and driver.now >= deadline:
                    finishing = True
                    handle.stop()
                    if params.allow_bookmarks:
                        stream.buffer.append(_bookmark(info, api.resource_version))
                    continue
                stream.wake.clear()
                wait = _POLL_SECONDS
                if deadline is not None:
                    wait = min(wait, max(driver.wall_seconds(deadline - driver.now), 0.001))
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stream.wake.wait(), wait)
        finally:
            handle.stop()
            _log.debug("watch_ended", resource=info.plural, overflowed=stream.overflowed)

    return StreamingResponse(
        body(), status_code=200, media_type=JSON, headers={"Cache-Control": "no-cache, private"}
    )
