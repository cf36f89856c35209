"""TTL caches in front of the IVC client (cachetools), with single flight and stale-if-error."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cachetools import TTLCache

from bot.ivc.errors import IvcError
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.single_flight import SingleFlight
from bot.ivc.snapshot import TaskSnapshot

log = logging.getLogger(__name__)

Clock = Callable[[], float]
_LIST_KEY = "tasks"


def _utc(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class TaskCache:
    """The task list, fresh for ``ttl`` seconds; a last good copy serves ``max_stale`` more.

    Concurrent misses and concurrent forced refreshes each reach upstream once.
    """

    def __init__(
        self,
        fetch: Callable[[], Awaitable[TaskList]],
        *,
        ttl: float,
        max_stale: float,
        clock: Clock = time.time,
    ) -> None:
        self._fetch = fetch
        self._max_stale = max_stale
        self._clock = clock
        self._fresh: TTLCache[str, TaskSnapshot] = TTLCache(maxsize=1, ttl=ttl, timer=clock)
        self._last_good: TaskSnapshot | None = None
        self._flight: SingleFlight[TaskSnapshot] = SingleFlight()
        self.last_success_at: float | None = None
        self.last_error: IvcError | None = None
        self.upstream_calls = 0

    @property
    def coalesced(self) -> int:
        """How many callers joined a fetch already running."""
        return self._flight.coalesced

    def peek(self) -> TaskSnapshot | None:
        """The fresh snapshot if there is one, without any I/O."""
        return self._fresh.get(_LIST_KEY)

    async def get(self, *, refresh: bool = False) -> TaskSnapshot:
        """Fresh data, or stale data with its error, or raise the ``IvcError``."""
        if not refresh:
            hit = self.peek()
            if hit is not None:
                return hit
        return await self._flight.run(_LIST_KEY, self._load)

    async def _load(self) -> TaskSnapshot:
        self.upstream_calls += 1
        try:
            result = await self._fetch()
        except IvcError as error:
            self.last_error = error
            return self._stale_or_raise(error)
        now = self._clock()
        snapshot = TaskSnapshot(tasks=result.tasks, fetched_at=_utc(now), skipped=result.skipped)
        self._fresh[_LIST_KEY] = snapshot
        self._last_good = snapshot
        self.last_success_at = now
        self.last_error = None
        return snapshot

    def _stale_or_raise(self, error: IvcError) -> TaskSnapshot:
        good = self._last_good
        if good is None or good.age_seconds(_utc(self._clock())) > self._max_stale:
            raise error
        log.warning("IVC failed, serving data from %s: %s", good.fetched_at.isoformat(), error)
        return dataclasses.replace(good, stale=True, error=error)


@dataclass(frozen=True, slots=True)
class DetailsSnapshot:
    """One task's details as of ``fetched_at``."""

    details: TaskDetails
    fetched_at: datetime


class DetailsCache:
    """Task details by id: a small TTL + LRU cache with single flight per task id."""

    def __init__(
        self,
        fetch: Callable[[str], Awaitable[TaskDetails]],
        *,
        ttl: float,
        maxsize: int = 256,
        clock: Clock = time.time,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._cache: TTLCache[str, DetailsSnapshot] = TTLCache(
            maxsize=maxsize, ttl=ttl, timer=clock
        )
        self._flight: SingleFlight[DetailsSnapshot] = SingleFlight()

    def peek(self, task_id: str) -> DetailsSnapshot | None:
        return self._cache.get(task_id)

    async def get(self, task_id: str, *, refresh: bool = False) -> DetailsSnapshot:
        if not refresh:
            hit = self.peek(task_id)
            if hit is not None:
                return hit
        return await self._flight.run(task_id, lambda: self._load(task_id))

    async def _load(self, task_id: str) -> DetailsSnapshot:
        details = await self._fetch(task_id)
        snapshot = DetailsSnapshot(details=details, fetched_at=_utc(self._clock()))
        self._cache[task_id] = snapshot
        return snapshot
