"""``python -m bot serve``: run the Slack app (Socket Mode or HTTP) until stopped."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys

import uvicorn
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler

from bot.cli.simulated import settings_for
from bot.config import ConfigError, Settings
from bot.runtime import running
from bot.slack.http_server import build_asgi

log = logging.getLogger(__name__)


async def _serve(settings: Settings) -> None:
    async with running(settings) as runtime:
        socket = None
        if settings.socket_mode:
            token = settings.slack_app_token
            assert token is not None
            socket = AsyncSocketModeHandler(runtime.bolt, token.get_secret_value())
            await socket.connect_async()
        asgi = build_asgi(
            None if socket else runtime.bolt, runtime.source,
            max_age=max(settings.cache_max_stale_seconds, 60.0),
            refresh_after=settings.cache_ttl_seconds,
        )
        mode = "Socket Mode" if socket else "HTTP mode (POST /slack/events)"
        print(f"serving in {mode}; listening on http://{settings.host}:{settings.port}",
              flush=True)
        server = uvicorn.Server(
            uvicorn.Config(asgi, host=settings.host, port=settings.port, log_level="warning",
                           access_log=False, lifespan="on")
        )
        try:
            await server.serve()
        finally:
            if socket is not None:
                await socket.close_async()


async def _main(simulate: bool, api: str | None) -> int:
    try:
        async with settings_for(simulate, api=api) as settings:
            settings.require_slack()
            await _serve(settings)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    return asyncio.run(_main(args.simulate, getattr(args, "api", None)))
