"""Wait for something that changes in another process or thread, with a deadline.

Every deadline of the suite is a failure bound, never a figure: a test waits on a condition,
and the deadline only says when to give up. Bounds are written as what an idle machine would
need and scaled here, in one place, by ``DEADLINE_SCALE`` (env ``TEST_DEADLINE_SCALE``, 6 by
default) so the suite also passes on a busy machine (2 CPUs under a load of 10-14: every step
may take several times as long). Waits that expect nothing to happen are not slowed much:
the scale applies to bounds that are met on a passing run.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

DEADLINE_SCALE = float(os.environ.get("TEST_DEADLINE_SCALE", "6"))


def bound(seconds: float) -> float:
    """The failure bound for a wait that takes at most ``seconds`` on an idle machine."""
    return seconds * DEADLINE_SCALE


def wait_until(predicate: Callable[[], T], what: str, timeout: float, interval: float = 0.05) -> T:
    """Poll ``predicate()`` until it returns something truthy, and return that.

    Raises ``TimeoutError(what)`` after ``bound(timeout)`` seconds.
    """
    limit = bound(timeout)
    deadline = time.monotonic() + limit
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} (not within {limit:g} s)")
        time.sleep(interval)


async def wait_until_async(
    predicate: Callable[[], T], what: str, within: float, interval: float = 0.01
) -> T:
    """``wait_until`` for a coroutine, ``bound(within)`` seconds: polls on the event loop
    (whatever makes ``predicate`` true, e.g. a listener callback, runs meanwhile)."""
    limit = bound(within)
    deadline = time.monotonic() + limit
    while True:
        result = predicate()
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} (not within {limit:g} s)")
        await asyncio.sleep(interval)
