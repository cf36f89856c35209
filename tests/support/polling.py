"""Wait for something that changes in another process or thread, with a deadline."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(predicate: Callable[[], T], what: str, timeout: float, interval: float = 0.05) -> T:
    """Poll ``predicate()`` until it returns something truthy, and return that.

    Raises ``TimeoutError(what)`` after ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} (not within {timeout} s)")
        time.sleep(interval)


async def wait_until_async(
    predicate: Callable[[], T], what: str, within: float, interval: float = 0.01
) -> T:
    """``wait_until`` for a coroutine, ``within`` seconds: polls on the event loop (whatever
    makes ``predicate`` true, e.g. a listener callback, runs meanwhile)."""
    deadline = time.monotonic() + within
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} (not within {within} s)")
        await asyncio.sleep(interval)
