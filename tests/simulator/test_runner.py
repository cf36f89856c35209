"""start_simulator and serve_forever inside an already running event loop."""

from __future__ import annotations

import asyncio
import re
import time

import httpx
import pytest

from bot.simulator import Simulator, serve_forever, start_simulator
from tests.support.clock import FakeClock
from tests.support.simulator import LIST_PATH, SIM_SECRET_ID, SIM_SECRET_KEY, signed_headers


def make_sim() -> Simulator:
    return Simulator(secret_id=SIM_SECRET_ID, secret_key=SIM_SECRET_KEY, tasks=5, clock=FakeClock())


async def get_list(base_url: str, host: str, now: float) -> httpx.Response:
    headers = signed_headers("GET", LIST_PATH, host=host, now=now)
    async with httpx.AsyncClient() as client:
        return await client.get(base_url + LIST_PATH, headers=headers)


async def test_start_simulator_in_running_loop():
    sim = make_sim()
    running = await start_simulator(sim)
    try:
        assert running.port > 0
        assert running.base_url == f"http://127.0.0.1:{running.port}"
        resp = await get_list(running.base_url, f"127.0.0.1:{running.port}", sim.clock())
        assert len(resp.json()["Data"]) == 5
    finally:
        await running.aclose()
    with pytest.raises(httpx.ConnectError):
        await get_list(running.base_url, "x", sim.clock())


async def test_running_simulator_is_an_async_context_manager():
    async with await start_simulator(make_sim()) as running, httpx.AsyncClient() as client:
        assert (await client.get(running.base_url + "/_sim/stats")).status_code == 200


async def test_serve_forever_prints_address_and_stops_when_cancelled(capsys):
    sim = make_sim()
    task = asyncio.create_task(serve_forever(sim, "127.0.0.1", 0))
    out = ""
    deadline = time.monotonic() + 30  # a bound on waiting for real I/O, not a speed limit
    while not out and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
        out += capsys.readouterr().out
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:(\d+))\n", out)
    assert match, out
    resp = await get_list(match[1], f"127.0.0.1:{match[2]}", sim.clock())
    assert resp.status_code == 200
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    with pytest.raises(httpx.ConnectError):
        await get_list(match[1], "x", sim.clock())
