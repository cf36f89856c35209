"""The workers' pause between rounds: until they are stopped, woken by a write, or the
round's wait is over."""

from __future__ import annotations

import asyncio


async def pause(stopping: asyncio.Event, woken: asyncio.Event, seconds: float) -> None:
    """Wait until ``stopping`` or ``woken`` is set, at most ``seconds``; clear
    ``woken`` (what woke it is being handled)."""
    waits = {asyncio.ensure_future(stopping.wait()), asyncio.ensure_future(woken.wait())}
    try:
        await asyncio.wait(waits, timeout=seconds, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()
    woken.clear()
