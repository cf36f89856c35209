"""A sliding-window limit per key (a user, a workspace, a client address): the one
counter behind the per-user limit on commands and every other rate limit at the edge."""

from __future__ import annotations

import time
from collections import deque

from cachetools import TTLCache

from bot.clock import Clock

MAX_USERS = 100_000  # users remembered at once (each for one window after its last request)


class UserThrottle:
    """At most ``limit`` requests per user in any ``window`` seconds (on ``clock``); refused
    requests do not count."""

    def __init__(self, limit: int, window: float, *, clock: Clock = time.time) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._recent: TTLCache[tuple[str, str], deque[float]] = TTLCache(
            maxsize=MAX_USERS, ttl=window, timer=clock
        )

    def wait(self, workspace_id: str, user_id: str) -> float:
        """0 if this request is admitted (and counted), else the seconds until one would be."""
        now = self._clock()
        key = (workspace_id, user_id)
        times = self._recent.get(key) or deque(maxlen=self.limit)
        while times and times[0] <= now - self.window:
            times.popleft()
        if len(times) >= self.limit:
            return max(times[0] + self.window - now, 0.001)
        times.append(now)
        self._recent[key] = times  # kept one window after the user's last request
        return 0.0
