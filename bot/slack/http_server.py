"""The ASGI applications: the public one (Slack events, liveness, readiness) and the private
one of the metrics."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable

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
from bot.slack.oauth import CLIENT_ADDRESS
from bot.slack.request_guard import Refused, RequestGuard
from bot.slack.task_page import task_page_route

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"


class Readiness:
    """Ready from start-up until shutdown begins; never asks IVC (IVC's health is in the
    metrics, ``ivc_last_success_age_seconds``, and the log). The public body says only
    ``{"ready": true|false}``.

    At start-up one background fetch warms the task cache (one IVC call per process).
    """

    def __init__(self, source: TaskSource, *, stopping: Callable[[], bool] = lambda: False) -> None:
        self._source = source
        self._stopping = stopping
        self._background: set[asyncio.Task[None]] = set()

    def warm(self) -> None:
        """Start one background fetch (coalesced with any other) without waiting for it."""
        task = asyncio.create_task(self._fetch())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _fetch(self) -> None:
        with contextlib.suppress(IvcError):
            await self._source.list()

    async def endpoint(self, request: Request) -> Response:
        ready = not self._stopping()
        return JSONResponse({"ready": ready}, status_code=200 if ready else 503)

    async def aclose(self) -> None:
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)


async def healthz(request: Request) -> Response:
    return JSONResponse({"alive": True})


def build_metrics_asgi(metrics: Metrics) -> Starlette:
    """The private app of ``GET /metrics`` (Prometheus text), served on METRICS_HOST:PORT."""

    async def scrape(request: Request) -> Response:
        return Response(await metrics.render(), media_type=CONTENT_TYPE)

    return Starlette(routes=[Route("/metrics", scrape, methods=["GET"])])


def build_asgi(
    bolt: AsyncApp | None,
    source: TaskSource,
    *,
    stopping: Callable[[], bool] = lambda: False,
    guard: RequestGuard | None = None,
    warm: bool = True,
    task_pages: bool = False,
) -> Starlette:
    """The public routes: ``POST /slack/events`` (when ``bolt`` and the ``guard`` checking its
    requests are given), ``/healthz`` and ``/readyz`` (ready until ``stopping()``). No
    ``/metrics`` here: ``build_metrics_asgi`` serves it on its own port. ``warm``: fetch the
    task list once at start-up, for the first answers. ``task_pages`` (PUBLIC_URL set): ``GET
    /tasks/<TaskId>``, the static page a task's link opens in a browser."""
    readiness = Readiness(source, stopping=stopping)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readiness.endpoint, methods=["GET"]),
    ]
    if task_pages:
        routes.append(task_page_route())
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
            address = request.client.host if request.client else ""
            return await handler.handle(request, {CLIENT_ADDRESS: address})

        routes.append(Route(EVENTS_PATH, events, methods=["POST"]))
        if bolt.oauth_flow is not None:
            flow = bolt.oauth_flow
            for path in (flow.install_path, flow.redirect_uri_path):
                routes.append(Route(path, oauth, methods=["GET"]))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if warm:
            readiness.warm()
        try:
            yield
        finally:
            await readiness.aclose()

    return Starlette(routes=routes, lifespan=lifespan)
