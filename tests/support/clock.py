"""A clock that moves only when a test says so."""

from __future__ import annotations

import threading

# 2025-10-01 00:00:00 UTC: a fixed, realistic "now" for deterministic tests.
DEFAULT_START = 1_759_276_800.0


class FakeClock:
    """Callable returning float Unix seconds, like ``time.time``; thread-safe."""

    def __init__(self, start: float = DEFAULT_START) -> None:
        self._now = float(start)
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> float:
        """Move forward by ``seconds``; returns the new time."""
        with self._lock:
            self._now += seconds
            return self._now

    def set(self, now: float) -> None:
        with self._lock:
            self._now = float(now)

    def __repr__(self) -> str:
        return f"FakeClock({self._now})"
