"""``python -m bot serve``: run the Slack app (Socket Mode or HTTP) until stopped.

SIGTERM or SIGINT starts a graceful shutdown: the worker stops claiming deliveries, Socket
Mode disconnects and uvicorn stops accepting connections while the requests in flight finish;
then the runtime lets background answers and the post in hand finish, hands back unfinished
deliveries and closes its connections, all within SHUTDOWN_TIMEOUT_SECONDS, and the process
exits 0. (uvicorn's own signal handling is off: it would re-raise the signal after its
shutdown and end the process before the runtime's.) A second signal stops waiting for open
HTTP connections.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

import uvicorn
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.cli.simulated import settings_for
from bot.config import ConfigError, Settings
from bot.observability import logs
from bot.runtime import Runtime, running
from bot.slack.http_server import build_asgi
from bot.slack.request_guard import RequestGuard

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers: ``serve_command`` installs its own."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


async def _stop(
    runtime: Runtime, server: uvicorn.Server, socket: AsyncSocketModeHandler | None
) -> None:
    log.info("shutting down", extra={"timeout_seconds": runtime.grace_seconds})
    runtime.begin_shutdown()
    if socket is not None:
        with contextlib.suppress(Exception):
            await socket.close_async()
    server.should_exit = True


def _guard(settings: Settings) -> RequestGuard | None:
    """The checks of POST /slack/events (HTTP mode has a signing secret: require_slack)."""
    secret = settings.slack_signing_secret
    if secret is None:
        return None
    return RequestGuard(secret.get_secret_value(), max_bytes=settings.max_request_bytes)


async def _serve(settings: Settings) -> None:
    async with running(settings) as runtime:
        socket = None
        if settings.socket_mode:
            token = settings.slack_app_token
            assert token is not None
            socket = AsyncSocketModeHandler(runtime.bolt, token.get_secret_value())
            await socket.connect_async()
        asgi = build_asgi(
            None if socket else runtime.bolt,
            runtime.source,
            max_age=max(settings.cache_max_stale_seconds, 60.0),
            refresh_after=settings.cache_ttl_seconds,
            metrics=runtime.metrics,
            guard=_guard(settings),
        )
        mode = "Socket Mode" if socket else "HTTP mode (POST /slack/events)"
        url = f"http://{settings.host}:{settings.port}"
        log.info("serving in %s; listening on %s", mode, url, extra={"listen_url": url})
        server = _Server(
            uvicorn.Config(
                asgi,
                host=settings.host,
                port=settings.port,
                log_level="warning",
                access_log=False,
                lifespan="on",
                log_config=None,
                timeout_graceful_shutdown=max(1, int(runtime.grace_seconds / 2)),
            )
        )
        loop = asyncio.get_running_loop()
        stopping: list[asyncio.Task[None]] = []

        def on_signal(signum: int) -> None:
            if stopping:
                log.warning("second %s: exiting now", signal.Signals(signum).name)
                server.force_exit = True
                return
            stopping.append(asyncio.create_task(_stop(runtime, server, socket)))

        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            await server.serve()
        finally:
            if not stopping:
                await _stop(runtime, server, socket)
            await asyncio.gather(*stopping, return_exceptions=True)
            # The runtime's shutdown (leaving ``running``) still needs the signals caught.


async def _main(simulate: bool, api: str | None) -> int:
    try:
        async with settings_for(simulate, api=api) as settings:
            logs.configure_from_settings(settings)
            settings.require_slack()
            await _serve(settings)
    except ConfigError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    try:
        return asyncio.run(_main(args.simulate, getattr(args, "api", None)))
    except Exception:  # the last words go through the log, in its format (JSON too)
        log.critical("serve stopped on an unexpected error", exc_info=True)
        return 1
