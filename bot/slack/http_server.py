"""The ASGI application: Slack events, liveness and readiness."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from slack_bolt.adapter.starlette.async_handler import (
    AsyncSlackRequestHandler,
    to_async_bolt_request,
    to_starlette_response,
)
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from bot.ivc.errors import IvcError
from bot.ivc.source import TaskSource
from bot.observability.metrics import CONTENT_TYPE, Metrics
from bot.slack.request_guard import Refused, RequestGuard

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


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
    guard: RequestGuard | None = None,
) -> Starlette:
    """Routes: ``POST /slack/events`` (when ``bolt`` and the ``guard`` checking its requests are
    given), ``/healthz``, ``/readyz`` and ``/metrics`` (Prometheus text, when ``metrics`` is)."""
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
        if guard is None:
            raise ValueError("POST /slack/events needs a RequestGuard")
        handler = AsyncSlackRequestHandler(bolt)
        checked = guard

        async def events(request: Request) -> Response:
            try:
                body = await checked.read(request)
            except Refused as refused:
                log.info(
                    "refused a Slack request: %s", refused.reason, extra={"status": refused.status}
                )
                return Response(status_code=refused.status)
            return to_starlette_response(
                await bolt.async_dispatch(to_async_bolt_request(request, body))
            )

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
