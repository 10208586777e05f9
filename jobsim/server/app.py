"""``create_app``: the Starlette application of ``jobsim serve``.

Owns the routes (discovery, OpenAPI, the resource paths under ``/api/v1`` and
``/apis/batch/{v1,v2alpha1}``, jobsim's own ``/jobsim/v1/clock`` and
``POST /jobsim/v1/advance?seconds=N``, health checks), the lifespan that starts and stops
the ``SimDriver``, and the error boundary: every ``APIError`` becomes its ``Status``
response, an unknown path is 404 ``the server could not find the requested resource``,
a method a path does not serve is 405, and anything unexpected is logged and answered
with a 500 ``InternalError`` Status. Each request is logged with structlog
(``http_request``: method, path, status, wall milliseconds, simulated time).

Imports ``jobsim.server.*``; nothing imports this module except ``runner`` and ``cli``.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Final

import structlog
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from jobsim.errors import (
    APIError,
    new_bad_request,
    new_generic_server_response,
    new_internal_error,
)
from jobsim.server import discovery
from jobsim.server.access_review import ACCESS_REVIEW_PATH, access_review_answer
from jobsim.server.codec import JSON, encode, error_response, is_pretty_print
from jobsim.server.driver import SimDriver
from jobsim.server.handlers import handle_resource
from jobsim.server.request_info import parse_request_info

__all__ = ["create_app"]

_ALL_METHODS: Final = ["GET", "POST", "PUT", "PATCH", "DELETE"]
_log = structlog.get_logger("jobsim.server")

Endpoint = Callable[[Request], Awaitable[Response]]


def _json(data: object, request: Request, status_code: int = 200) -> Response:
    return Response(encode(data, pretty=is_pretty_print(request)), status_code, media_type=JSON)


def create_app(driver: SimDriver) -> Starlette:
    """Build the application serving ``driver``'s simulation."""

    def endpoint(fn: Endpoint) -> Endpoint:
        async def wrapped(request: Request) -> Response:
            started = time.perf_counter()
            try:
                response = await fn(request)
            except APIError as err:
                response = error_response(err, pretty=is_pretty_print(request))
            except Exception as exc:  # the error boundary: log, answer 500
                _log.exception("http_internal_error", path=request.url.path)
                message = f'Internal Server Error: "{request.url.path}": {exc}'
                response = error_response(new_internal_error(message))
            _log.info(
                "http_request",
                method=request.method,
                path=request.url.path,
                status=response.status_code,
                ms=round((time.perf_counter() - started) * 1000, 1),
                sim_time=driver.now,
            )
            return response

        return wrapped

    async def version(request: Request) -> Response:
        return _json(discovery.version_info(), request)

    async def api_root(request: Request) -> Response:
        server = request.url.netloc or f"{request.url.hostname}:{request.url.port}"
        return _json(discovery.api_versions(server), request)

    async def apis_root(request: Request) -> Response:
        return _json(discovery.api_group_list(), request)

    async def api_group(request: Request) -> Response:
        group = discovery.api_group(request.path_params["group"])
        if group is None:
            raise new_generic_server_response(404)
        return _json(group, request)

    async def resource_list(request: Request) -> Response:
        group = request.path_params.get("group")
        version = request.path_params["version"]
        found = discovery.api_resource_list(f"{group}/{version}" if group else version)
        if found is None:
            raise new_generic_server_response(404)
        return _json(found, request)

    async def resources(request: Request) -> Response:
        group = request.path_params.get("group")
        version = request.path_params["version"]
        info = parse_request_info(
            f"{group}/{version}" if group else version, request.path_params["rest"]
        )
        return await handle_resource(driver, request, info)

    async def openapi_root(request: Request) -> Response:
        return _json(discovery.openapi_v3_root(), request)

    async def openapi_doc(request: Request) -> Response:
        doc = discovery.openapi_v3_document(request.path_params["rest"])
        if doc is None:
            raise new_generic_server_response(404)
        return Response(doc, media_type=JSON, headers={"Cache-Control": "public, immutable"})

    async def clock(request: Request) -> Response:
        return _json(_clock_body(driver), request)

    async def advance(request: Request) -> Response:
        raw = request.query_params.get("seconds", "")
        try:
            seconds = float(raw)
        except ValueError:
            raise new_bad_request(f'seconds: Invalid value: "{raw}": must be a number') from None
        if not 0 <= seconds < float("inf"):
            raise new_bad_request(f'seconds: Invalid value: "{raw}": must be a number >= 0')
        await driver.advance(seconds)
        return _json(_clock_body(driver), request)

    async def access_review(request: Request) -> Response:
        # No authorization: every request is allowed, as with --authorization-mode=AlwaysAllow.
        return _json(access_review_answer(await request.body(), request.headers), request, 201)

    async def healthz(request: Request) -> Response:
        return Response("ok", media_type="text/plain")

    async def not_found(request: Request) -> Response:
        raise new_generic_server_response(404)

    async def http_error(request: Request, exc: Exception) -> Response:
        code = exc.status_code if isinstance(exc, HTTPException) else 500
        return error_response(new_generic_server_response(code))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await driver.start()
        try:
            yield
        finally:
            await driver.stop()

    def get(path: str, fn: Endpoint) -> Route:
        return Route(path, endpoint(fn), methods=["GET"])

    routes = [
        get("/version", version),
        get("/api", api_root),
        get("/apis", apis_root),
        get("/api/{version}", resource_list),
        get("/apis/{group}", api_group),
        get("/apis/{group}/{version}", resource_list),
        Route(ACCESS_REVIEW_PATH, endpoint(access_review), methods=["POST"]),
        Route("/api/{version}/{rest:path}", endpoint(resources), methods=_ALL_METHODS),
        Route("/apis/{group}/{version}/{rest:path}", endpoint(resources), methods=_ALL_METHODS),
        get("/openapi/v3", openapi_root),
        get("/openapi/v3/{rest:path}", openapi_doc),
        get("/jobsim/v1/clock", clock),
        Route("/jobsim/v1/advance", endpoint(advance), methods=["POST"]),
        get("/healthz", healthz),
        get("/livez", healthz),
        get("/readyz", healthz),
        Route("/{rest:path}", endpoint(not_found), methods=_ALL_METHODS),
    ]
    return Starlette(
        routes=routes,
        lifespan=lifespan,
        exception_handlers={HTTPException: http_error},
    )


def _clock_body(driver: SimDriver) -> dict[str, object]:
    clock = driver.sim.clock
    return {
        "simTime": driver.now,
        "now": clock.rfc3339_micro(driver.now),
        "speed": driver.speed,
        "manual": driver.manual,
        "resourceVersion": str(driver.api.resource_version),
    }
