"""TTL caches in front of the IVC client (cachetools), with single flight and stale-if-error."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from cachetools import TTLCache

from bot.clock import Clock, epoch_seconds, utc_now
from bot.ivc.backoff import Backoff
from bot.ivc.errors import IvcError
from bot.ivc.models import TaskDetails, TaskList
from bot.ivc.single_flight import SingleFlight
from bot.ivc.snapshot import TaskSnapshot

log = logging.getLogger(__name__)


_LIST_KEY = "tasks"


class TaskCache:
    """The task list, fresh for ``ttl`` seconds; a last good copy serves ``max_stale`` more.

    Concurrent misses and concurrent forced refreshes each reach upstream once. A forced
    refresh asked within ``refresh_min_interval`` seconds of the last fetch's start is answered
    by that fetch (joined while it runs, its copy once done). After a failure ``backoff`` says
    when IVC may be asked again; until then reads get the stale copy with the remembered error,
    or that error. ``get(refresh=True, force=True)`` (or ``invalidate()``) skips both: for a
    write that must be seen at once.
    """

    def __init__(
        self,
        fetch: Callable[[], Awaitable[TaskList]],
        *,
        ttl: float,
        max_stale: float,
        clock: Clock = time.time,
        refresh_min_interval: float = 0.0,
        backoff: Backoff | None = None,
    ) -> None:
        self._fetch = fetch
        self._max_stale = max_stale
        self._clock = clock
        self._refresh_min_interval = refresh_min_interval
        self.backoff = backoff if backoff is not None else Backoff(initial=0.0, cap=0.0)
        self._fresh: TTLCache[str, TaskSnapshot] = TTLCache(maxsize=1, ttl=ttl, timer=clock)
        self._last_good: TaskSnapshot | None = None
        self._last_started: float | None = None
        self._flight: SingleFlight[TaskSnapshot] = SingleFlight()
        self._generation = 0  # bumped by invalidate(): older fetches neither join nor store
        self.last_success_at: float | None = None
        self.last_error: IvcError | None = None
        self.upstream_calls = 0
        # Counters read by the metrics (hits: fresh answers; misses: reads that needed IVC;
        # stale_answers: last good copies served while IVC failed; shared_refreshes: forced
        # refreshes answered by a recent fetch; backed_off: reads answered without IVC while
        # backing off after a failure).
        self.hits = 0
        self.misses = 0
        self.stale_answers = 0
        self.shared_refreshes = 0
        self.backed_off = 0

    @property
    def coalesced(self) -> int:
        """How many callers joined a fetch already running."""
        return self._flight.coalesced

    @property
    def tasks_held(self) -> int:
        """Tasks of the last good list: what this cache keeps in memory."""
        return 0 if self._last_good is None else len(self._last_good.tasks)

    def peek(self) -> TaskSnapshot | None:
        """The fresh snapshot if there is one, without any I/O."""
        hit = self._fresh.get(_LIST_KEY)
        if hit is not None:
            self.hits += 1
        return hit

    def last_good(self) -> TaskSnapshot | None:
        """The last list IVC gave, however old (no I/O); None before the first."""
        return self._last_good

    async def get(self, *, refresh: bool = False, force: bool = False) -> TaskSnapshot:
        """Fresh data, or stale data with its error, or raise the ``IvcError``.

        ``refresh``: skip the fresh copy (within the minimum interval, share the last fetch);
        ``force``: a new fetch whatever the minimum interval and the backoff."""
        if force:
            return await self._forced()
        if not refresh:
            hit = self.peek()
            if hit is not None:
                return hit
        if not self._flight.in_flight(self._flight_key):
            now = self._clock()
            if refresh and self._recent(now):
                remembered = self._remembered()
                if remembered is not None:
                    self.shared_refreshes += 1
                    return remembered
            if self.backoff.waiting(now) and self.last_error is not None:
                self.backed_off += 1
                return self._stale_or_raise(self.last_error, log_it=False)
        self.misses += 1
        return await self._flight.run(self._flight_key, self._load)

    def invalidate(self) -> None:
        """Forget the fresh list, the last fetch's start and the backoff (after a write): the
        next read asks IVC whatever the TTL, the minimum interval and the backoff.

        A fetch already running when this is called neither answers later reads nor stores
        its possibly older list as fresh.
        """
        self._fresh.pop(_LIST_KEY, None)
        self._last_started = None
        self.backoff.succeeded()
        self._generation += 1

    @property
    def _flight_key(self) -> str:
        """Fetches of one generation share a flight; an invalidation starts a new one."""
        return f"{_LIST_KEY}/{self._generation}"

    async def _forced(self) -> TaskSnapshot:
        """A fetch started now: any running one may predate a write, so it is not joined."""
        self.invalidate()
        self.misses += 1
        return await self._flight.run(self._flight_key, self._load)

    def _recent(self, now: float) -> bool:
        """The last fetch started within the minimum interval of a forced refresh."""
        started = self._last_started
        return started is not None and now - started < self._refresh_min_interval

    def _remembered(self) -> TaskSnapshot | None:
        """The last fetch's outcome: its copy, or the stale copy with its error (raised when
        there is none); None if there is nothing to answer from."""
        if self.last_error is not None:
            return self._stale_or_raise(self.last_error, log_it=False)
        return self._last_good

    async def _load(self) -> TaskSnapshot:
        generation = self._generation
        self.upstream_calls += 1
        self._last_started = self._clock()
        try:
            result = await self._fetch()
        except IvcError as error:
            self.last_error = error
            self.backoff.failed(self._clock())
            return self._stale_or_raise(error, log_it=True)
        now = self._clock()
        snapshot = TaskSnapshot(
            tasks=result.tasks, fetched_at=datetime.fromtimestamp(now, UTC), skipped=result.skipped
        )
        if generation == self._generation:
            self._fresh[_LIST_KEY] = snapshot
        self._last_good = snapshot
        self.last_success_at = now
        self.last_error = None
        self.backoff.succeeded()
        return snapshot

    def _stale_or_raise(self, error: IvcError, *, log_it: bool) -> TaskSnapshot:
        good = self._last_good
        if good is None or good.age_seconds(utc_now(self._clock)) > self._max_stale:
            raise error
        if log_it:
            log.warning("IVC failed, serving data from %s: %s", good.fetched_at.isoformat(), error)
        self.stale_answers += 1
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
        refresh_min_interval: float = 0.0,
    ) -> None:
        self._fetch = fetch
        self._clock = clock
        self._refresh_min_interval = refresh_min_interval
        self._cache: TTLCache[str, DetailsSnapshot] = TTLCache(
            maxsize=maxsize, ttl=ttl, timer=clock
        )
        self._flight: SingleFlight[DetailsSnapshot] = SingleFlight()
        self.hits = 0
        self.misses = 0
        self.upstream_calls = 0

    @property
    def coalesced(self) -> int:
        return self._flight.coalesced

    def peek(self, task_id: str) -> DetailsSnapshot | None:
        hit = self._cache.get(task_id)
        if hit is not None:
            self.hits += 1
        return hit

    async def get(self, task_id: str, *, refresh: bool = False) -> DetailsSnapshot:
        """Cached details; ``refresh`` fetches again unless the copy is younger than the
        minimum interval."""
        hit = self._cache.get(task_id)
        if hit is not None and (not refresh or self._recent(hit)):
            self.hits += 1
            return hit
        self.misses += 1
        return await self._flight.run(task_id, lambda: self._load(task_id))

    def _recent(self, hit: DetailsSnapshot) -> bool:
        return self._clock() - epoch_seconds(hit.fetched_at) < self._refresh_min_interval

    def invalidate(self, task_id: str) -> None:
        """Forget one task's details (after a write)."""
        self._cache.pop(task_id, None)

    async def _load(self, task_id: str) -> DetailsSnapshot:
        self.upstream_calls += 1
        details = await self._fetch(task_id)
        snapshot = DetailsSnapshot(details=details, fetched_at=utc_now(self._clock))
        self._cache[task_id] = snapshot
        return snapshot
