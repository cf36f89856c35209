"""The ASGI application: Slack events, liveness and readiness."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.ivc.errors import IvcError
from bot.ivc.source import TaskSource
from bot.observability.metrics import CONTENT_TYPE, Metrics

EVENTS_PATH = "/slack/events"
TIMESTAMP_HEADER = "x-slack-request-timestamp"


class Readiness:
    """Ready while IVC has answered within ``max_age`` seconds; warms and re-checks itself."""

    def __init__(self, source: TaskSource, *, max_age: float, refresh_after: float) -> None:
        self._source = source
        self._max_age = max_age
        self._refresh_after = refresh_after
        self._background: set[asyncio.Task[None]] = set()

    def poke(self) -> None:
        """Start a background fetch (coalesced with any other) without waiting for it."""
        task = asyncio.create_task(self._fetch())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _fetch(self) -> None:
        with contextlib.suppress(IvcError):
            await self._source.list()

    async def endpoint(self, request: Request) -> Response:
        age = self._source.seconds_since_success()
        if age is None or age > self._refresh_after:
            self.poke()
        ready = age is not None and age <= self._max_age
        error = self._source.tasks.last_error
        body = {
            "ready": ready,
            "ivc_last_success_seconds_ago": None if age is None else round(age, 1),
            "ivc_last_error": str(error) if error else None,
        }
        return JSONResponse(body, status_code=200 if ready else 503)

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)


async def healthz(request: Request) -> Response:
    return JSONResponse({"alive": True})


def build_asgi(
    bolt: AsyncApp | None,
    source: TaskSource,
    *,
    max_age: float,
    refresh_after: float,
    metrics: Metrics | None = None,
) -> Starlette:
    """Routes: ``POST /slack/events`` (when ``bolt`` is given), ``/healthz``, ``/readyz`` and
    ``/metrics`` (Prometheus text format, when ``metrics`` is given)."""
    readiness = Readiness(source, max_age=max_age, refresh_after=refresh_after)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readiness.endpoint, methods=["GET"]),
    ]
    if metrics is not None:

        async def scrape(request: Request) -> Response:
            return Response(await metrics.render(), media_type=CONTENT_TYPE)

        routes.append(Route("/metrics", scrape, methods=["GET"]))
    if bolt is not None:
        handler = AsyncSlackRequestHandler(bolt)

        async def events(request: Request) -> Response:
            if not request.headers.get(TIMESTAMP_HEADER, "").isdecimal():
                return Response(status_code=401)  # Bolt's verifier would raise on int()
            return await handler.handle(request)

        async def oauth(request: Request) -> Response:
            return await handler.handle(request)

        routes.append(Route(EVENTS_PATH, events, methods=["POST"]))
        if bolt.oauth_flow is not None:
            flow = bolt.oauth_flow
            for path in (flow.install_path, flow.redirect_uri_path):
                routes.append(Route(path, oauth, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        readiness.poke()
        try:
            yield
        finally:
            await readiness.aclose()

    return Starlette(routes=routes, lifespan=lifespan)
