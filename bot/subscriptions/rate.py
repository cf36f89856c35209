"""A per-key sliding-window limit on the injected clock (e.g. ``subscribe`` per user)."""

from __future__ import annotations

import time
from collections import OrderedDict, deque

from bot.clock import Clock

MAX_KEYS = 10_000  # the least recently seen keys are forgotten beyond this many


class SlidingWindow:
    """At most ``limit`` events per key within any ``window`` seconds."""

    def __init__(
        self, limit: int, window: float, clock: Clock = time.time, max_keys: int = MAX_KEYS
    ) -> None:
        self.limit, self.window = limit, window
        self._clock, self._max_keys = clock, max_keys
        self._events: OrderedDict[str, deque[float]] = OrderedDict()

    def acquire(self, key: str) -> float:
        """Count one event of ``key`` and return 0.0, or, over the limit, count nothing and
        return the seconds until the oldest event in the window leaves it."""
        now = self._clock()
        events = self._events.pop(key, None) or deque()
        while events and now - events[0] >= self.window:
            events.popleft()
        self._events[key] = events  # most recently seen last
        if len(events) >= self.limit:
            return self.window - (now - events[0])
        events.append(now)
        while len(self._events) > self._max_keys:
            self._events.popitem(last=False)
        return 0.0
