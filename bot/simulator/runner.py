"""Serving a simulator inside the caller's event loop, or until interrupted."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from dataclasses import dataclass

from aiohttp import web

from bot.simulator.simulator import Simulator


@dataclass(slots=True)
class RunningSimulator:
    """A simulator listening on ``base_url``; ``await aclose()`` stops it."""

    sim: Simulator
    host: str
    port: int
    runner: web.AppRunner

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    async def aclose(self) -> None:
        await self.runner.cleanup()

    async def __aenter__(self) -> RunningSimulator:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()


async def start_simulator(
    sim: Simulator, host: str = "127.0.0.1", port: int = 0
) -> RunningSimulator:
    """Start serving ``sim`` in the running loop; ``port=0`` picks a free port."""
    runner = web.AppRunner(sim.app(), handle_signals=False, shutdown_timeout=0.5, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    try:
        await site.start()
    except BaseException:
        await runner.cleanup()
        raise
    bound = runner.addresses[0][1]
    return RunningSimulator(sim=sim, host=host, port=bound, runner=runner)


async def serve_forever(sim: Simulator, host: str, port: int) -> None:
    """Serve until cancelled or sent SIGINT/SIGTERM; prints ``listening on URL`` once ready."""
    running = await start_simulator(sim, host, port)
    stop = asyncio.Event()
    installed = _install_stop_signals(stop)
    try:
        print(f"listening on {running.base_url}", flush=True)
        await stop.wait()
    finally:
        loop = asyncio.get_running_loop()
        for sig in installed:
            loop.remove_signal_handler(sig)
        await running.aclose()


def _install_stop_signals(stop: asyncio.Event) -> list[signal.Signals]:
    """Make SIGINT and SIGTERM set ``stop`` (where the platform and thread allow it)."""
    loop = asyncio.get_running_loop()
    installed = []
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.add_signal_handler(sig, stop.set)
            installed.append(sig)
    if not installed:
        print("note: stop with Ctrl-C is not available here", file=sys.stderr)
    return installed
