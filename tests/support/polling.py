"""Wait for something that changes in another process or thread, with a deadline."""

from __future__ import annotations

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
