"""``python -m bot serve|web|worker``: run the app in its role until stopped.

SIGTERM or SIGINT drains it within SHUTDOWN_TIMEOUT_SECONDS and exits 0; a port in use exits 2.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import signal
import socket
from collections.abc import Iterator
from typing import Literal

import uvicorn
from slack_bolt.adapter.socket_mode.aiohttp import AsyncSocketModeHandler
from starlette.applications import Starlette

from bot import logs
from bot.cli.simulated import settings_for
from bot.config import ConfigError, Settings
from bot.role import Role
from bot.runtime import Runtime, running
from bot.slack.http_server import build_asgi, build_metrics_asgi
from bot.slack.request_guard import RequestGuard

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers (``serve_command`` installs its own), serving a
    socket bound beforehand (``_bound``)."""

    def __init__(self, config: uvicorn.Config, sock: socket.socket) -> None:
        super().__init__(config)
        self.sock = sock

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def serve_bound(self) -> None:
        await self.serve(sockets=[self.sock])


def _bound(host: str, port: int, *, host_setting: str, port_setting: str) -> socket.socket:
    """A TCP socket bound to ``host``:``port``; one that cannot be is a ``ConfigError`` naming
    the settings (a port in use: stop what uses it or pick another). Its protocol is named
    (``IPPROTO_TCP``) so asyncio sets TCP_NODELAY on every connection it accepts: without it,
    Nagle's algorithm holds a response's second write until the client's delayed ACK."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno == errno.EADDRINUSE:
            raise ConfigError(
                f"{port_setting} {port} is already in use on {host}: stop what listens there "
                f"or set {port_setting} to a free port"
            ) from None
        raise ConfigError(
            f"cannot listen on {host} port {port} ({error.strerror or error}): check "
            f"{host_setting} and {port_setting}"
        ) from None
    return sock


async def _stop(
    runtime: Runtime, servers: list[_Server], socket: AsyncSocketModeHandler | None
) -> None:
    log.info("shutting down", extra={"timeout_seconds": runtime.grace_seconds})
    runtime.begin_shutdown()
    if socket is not None:
        with contextlib.suppress(Exception):
            await socket.close_async()
    for server in servers:
        server.should_exit = True


def _server(
    app: Starlette, sock: socket.socket, *, grace: float, lifespan: Literal["on", "off"]
) -> _Server:
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan=lifespan,
        log_config=None,
        timeout_graceful_shutdown=max(1, int(grace / 2)),
        proxy_headers=False,  # the client address is the socket peer (X-Forwarded-For ignored)
    )
    return _Server(config, sock)


async def _serve_all(servers: list[_Server]) -> None:
    """Run every server until all have stopped; one that ends stops the others."""
    tasks = [asyncio.create_task(server.serve_bound()) for server in servers]
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for server in servers:
            server.should_exit = True
        await asyncio.gather(*tasks, return_exceptions=True)


def _guard(settings: Settings) -> RequestGuard | None:
    """The checks of POST /slack/events (HTTP mode has a signing secret: require_slack)."""
    secret = settings.slack_signing_secret
    if secret is None:
        return None
    return RequestGuard(secret.get_secret_value(), max_bytes=settings.max_request_bytes)


async def _serve(settings: Settings, role: Role) -> None:
    public = _bound(settings.host, settings.port, host_setting="HOST", port_setting="PORT")
    with (
        contextlib.closing(public),
        contextlib.closing(
            _bound(
                settings.metrics_host,
                settings.metrics_port,
                host_setting="METRICS_HOST",
                port_setting="METRICS_PORT",
            )
        ) as private,
    ):
        await _serve_on(settings, public, private, role)


async def _serve_on(
    settings: Settings, public: socket.socket, private: socket.socket, role: Role = Role.SERVE
) -> None:
    async with running(settings, role) as runtime:
        socket = None
        bolt = runtime.bolt
        if bolt is not None and settings.socket_mode:
            token = settings.slack_app_token
            assert token is not None
            socket = AsyncSocketModeHandler(bolt, token.get_secret_value())
            await socket.connect_async()
        asgi = build_asgi(
            None if socket else bolt,
            runtime.source,
            stopping=lambda: runtime.deadline is not None,
            guard=_guard(settings),
            warm=role.answers,
            task_pages=settings.public_url is not None,
        )
        if bolt is None:
            mode = "health checks only (a worker takes no Slack requests)"
        else:
            mode = "in Socket Mode" if socket else "in HTTP mode (POST /slack/events)"
        url = f"http://{settings.host}:{settings.port}"
        metrics_url = f"http://{settings.metrics_host}:{settings.metrics_port}/metrics"
        log.info(
            "serving %s as %s; listening on %s; metrics on %s",
            mode,
            role,
            url,
            metrics_url,
            extra={"role": str(role), "listen_url": url, "metrics_url": metrics_url},
        )
        grace = runtime.grace_seconds
        servers = [
            _server(asgi, public, grace=grace, lifespan="on"),
            _server(build_metrics_asgi(runtime.metrics), private, grace=grace, lifespan="off"),
        ]
        loop = asyncio.get_running_loop()
        stopping: list[asyncio.Task[None]] = []

        def on_signal(signum: int) -> None:
            if stopping:
                log.warning("second %s: exiting now", signal.Signals(signum).name)
                for server in servers:
                    server.force_exit = True
                return
            stopping.append(asyncio.create_task(_stop(runtime, servers, socket)))

        for signum in STOP_SIGNALS:
            loop.add_signal_handler(signum, on_signal, signum)
        try:
            await _serve_all(servers)
        finally:
            if not stopping:
                await _stop(runtime, servers, socket)
            await asyncio.gather(*stopping, return_exceptions=True)
            # The runtime's shutdown (leaving ``running``) still needs the signals caught.


async def _main(role: Role, simulate: bool, api: str | None) -> int:
    try:
        async with settings_for(simulate, api=api) as settings:
            logs.configure_from_settings(settings)
            settings.require_role(role)
            await _serve(settings, role)
    except ConfigError as error:
        logs.fatal(f"error: {error}", __name__)
        return 2
    return 0


def run(args: argparse.Namespace) -> int:
    role = Role(args.command)
    try:
        return asyncio.run(_main(role, args.simulate, getattr(args, "api", None)))
    except Exception:  # the last words go through the log, in its format (JSON too)
        log.critical("%s stopped on an unexpected error", role, exc_info=True)
        return 1
