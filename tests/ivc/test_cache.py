"""TTL expiry, single flight, forced refresh and stale-if-error of the task cache."""

import asyncio
from datetime import UTC, datetime

import pytest

from bot.ivc.backoff import Backoff
from bot.ivc.cache import DetailsCache, TaskCache
from bot.ivc.errors import IvcHttpError, IvcTimeoutError
from bot.ivc.models import TaskDetails, TaskList
from tests.support.clock import FakeClock
from tests.support.tasks import make_task


class Upstream:
    """A controllable fetch function: counts calls, can fail, can be held open."""

    def __init__(self) -> None:
        self.calls = 0
        self.error: Exception | None = None
        self.gate: asyncio.Event | None = None

    async def __call__(self) -> TaskList:
        self.calls += 1
        if self.gate is not None:
            await self.gate.wait()
        if self.error is not None:
            raise self.error
        return TaskList(tasks=(make_task(task_id=f"{self.calls:032x}"),), skipped=1)


@pytest.fixture
def clock():
    return FakeClock(1_700_000_000.0)


@pytest.fixture
def upstream():
    return Upstream()


@pytest.fixture
def cache(upstream, clock):
    return TaskCache(upstream, ttl=30, max_stale=600, clock=clock)


async def test_hit_within_ttl_does_not_call_upstream(cache, upstream, clock):
    first = await cache.get()
    clock.advance(29)
    second = await cache.get()
    assert upstream.calls == 1
    assert second is first
    assert first.fetched_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert first.skipped == 1
    assert not first.stale


async def test_expiry_after_ttl_fetches_again(cache, upstream, clock):
    await cache.get()
    clock.advance(30.5)
    assert cache.peek() is None
    snapshot = await cache.get()
    assert upstream.calls == 2
    assert snapshot.fetched_at == datetime.fromtimestamp(1_700_000_030.5, UTC)


async def test_concurrent_misses_coalesce(cache, upstream):
    upstream.gate = asyncio.Event()
    waiters = [asyncio.create_task(cache.get()) for _ in range(200)]
    await asyncio.sleep(0)
    upstream.gate.set()
    results = await asyncio.gather(*waiters)
    assert upstream.calls == 1
    assert cache.coalesced == 199
    assert all(r is results[0] for r in results)


async def test_forced_refresh_bypasses_ttl_and_is_coalesced(cache, upstream):
    await cache.get()
    upstream.gate = asyncio.Event()
    waiters = [asyncio.create_task(cache.get(refresh=True)) for _ in range(50)]
    await asyncio.sleep(0)
    upstream.gate.set()
    results = await asyncio.gather(*waiters)
    assert upstream.calls == 2
    assert {r.tasks[0].task_id for r in results} == {f"{2:032x}"}


async def test_cancelled_waiter_does_not_cancel_shared_fetch(cache, upstream):
    upstream.gate = asyncio.Event()
    first = asyncio.create_task(cache.get())
    second = asyncio.create_task(cache.get())
    await asyncio.sleep(0)
    first.cancel()
    upstream.gate.set()
    assert (await second).tasks
    assert upstream.calls == 1


async def test_stale_copy_served_within_window(cache, upstream, clock):
    good = await cache.get()
    clock.advance(120)
    upstream.error = IvcTimeoutError("IVC did not answer in time")
    stale = await cache.get()
    assert stale.stale
    assert stale.tasks == good.tasks
    assert stale.fetched_at == good.fetched_at
    assert stale.age_seconds(datetime.fromtimestamp(clock(), UTC)) == 120
    assert isinstance(stale.error, IvcTimeoutError)


async def test_error_raised_beyond_stale_window(cache, upstream, clock):
    await cache.get()
    clock.advance(601)
    upstream.error = IvcHttpError(502, html=True)
    with pytest.raises(IvcHttpError):
        await cache.get()


async def test_error_raised_with_no_copy(cache, upstream):
    upstream.error = IvcHttpError(500)
    with pytest.raises(IvcHttpError):
        await cache.get()
    assert cache.last_success_at is None


async def test_recovers_when_upstream_recovers(cache, upstream, clock):
    await cache.get()
    clock.advance(60)
    upstream.error = IvcHttpError(500)
    assert (await cache.get()).stale
    upstream.error = None
    recovered = await cache.get()
    assert not recovered.stale and recovered.error is None
    assert cache.last_success_at == clock()


async def test_concurrent_failures_share_one_error(cache, upstream):
    upstream.error = IvcHttpError(500)
    upstream.gate = asyncio.Event()
    waiters = [asyncio.create_task(cache.get()) for _ in range(20)]
    await asyncio.sleep(0)
    upstream.gate.set()
    results = await asyncio.gather(*waiters, return_exceptions=True)
    assert upstream.calls == 1
    assert all(isinstance(r, IvcHttpError) for r in results)


async def test_details_cache_ttl_lru_and_single_flight(clock):
    calls: list[str] = []

    async def fetch(task_id: str) -> TaskDetails:
        calls.append(task_id)
        await asyncio.sleep(0)
        return TaskDetails(task=make_task(task_id=task_id))

    cache = DetailsCache(fetch, ttl=10, maxsize=2, clock=clock)
    await asyncio.gather(*(cache.get("a") for _ in range(10)))
    assert calls == ["a"]
    await cache.get("b")
    await cache.get("c")  # evicts "a" (LRU, maxsize 2)
    await cache.get("a")
    assert calls == ["a", "b", "c", "a"]
    clock.advance(11)
    await cache.get("a")
    assert calls[-1] == "a" and len(calls) == 5
    await cache.get("a", refresh=True)
    assert len(calls) == 6


# Shared refreshes and remembered failures ----------------------------
@pytest.fixture
def limited(upstream, clock):
    """Refreshes shared for 5 s; failures remembered 5 s, doubling up to 60 s."""
    return TaskCache(
        upstream,
        ttl=30,
        max_stale=600,
        clock=clock,
        refresh_min_interval=5,
        backoff=Backoff(initial=5, cap=60),
    )


async def test_refresh_within_the_interval_gets_the_last_fetchs_copy(limited, upstream, clock):
    first = await limited.get()
    clock.advance(4.9)
    again = await limited.get(refresh=True)
    assert again is first and upstream.calls == 1
    assert limited.shared_refreshes == 1
    clock.advance(0.1)  # 5 s after the fetch started
    newer = await limited.get(refresh=True)
    assert upstream.calls == 2 and newer.tasks[0].task_id == f"{2:032x}"


async def test_refresh_joins_a_fetch_in_flight(limited, upstream):
    upstream.gate = asyncio.Event()
    waiters = [asyncio.create_task(limited.get(refresh=True)) for _ in range(30)]
    await asyncio.sleep(0)
    upstream.gate.set()
    results = await asyncio.gather(*waiters)
    assert upstream.calls == 1 and all(r is results[0] for r in results)


async def test_failures_back_off_exponentially_on_the_clock(limited, upstream, clock):
    await limited.get()
    upstream.error = IvcHttpError(500)
    calls_at = []
    for tenth in range(600):  # a read every 0.1 s for a minute, once the copy has expired
        clock.set(1_700_000_100 + tenth / 10)
        before = upstream.calls
        snapshot = await limited.get(refresh=True)
        assert snapshot.stale and isinstance(snapshot.error, IvcHttpError)
        if upstream.calls > before:
            calls_at.append(tenth / 10)
    assert calls_at == [0.0, 5.0, 15.0, 35.0]  # waits of 5, 10, 20 (then 40) seconds
    assert limited.backed_off + limited.shared_refreshes == 600 - 4  # answered without IVC


async def test_backoff_is_capped_and_reset_by_a_success(upstream, clock):
    cache = TaskCache(upstream, ttl=0, max_stale=0, clock=clock, backoff=Backoff(5, 60))
    upstream.error = IvcHttpError(500)
    waits = []
    for _ in range(6):
        with pytest.raises(IvcHttpError):
            await cache.get()
        waits.append(cache.backoff.seconds_left(clock()))
        with pytest.raises(IvcHttpError):  # the remembered error, no call
            await cache.get()
        clock.advance(waits[-1])
    assert waits == [5, 10, 20, 40, 60, 60]
    assert upstream.calls == 6
    upstream.error = None
    await cache.get()
    assert cache.backoff.failures == 0 and not cache.backoff.waiting(clock())


async def test_force_and_invalidate_skip_the_interval_and_the_backoff(limited, upstream, clock):
    await limited.get()
    forced = await limited.get(refresh=True, force=True)
    assert upstream.calls == 2 and forced.tasks[0].task_id == f"{2:032x}"
    upstream.error = IvcTimeoutError("IVC did not answer in time")
    clock.advance(31)
    await limited.get()  # fails: stale copy, backing off
    assert limited.backoff.waiting(clock())
    upstream.error = None
    limited.invalidate()
    fresh = await limited.get()
    assert upstream.calls == 4 and not fresh.stale


async def test_details_refresh_within_the_interval_is_shared(clock):
    calls: list[str] = []

    async def fetch(task_id: str) -> TaskDetails:
        calls.append(task_id)
        return TaskDetails(task=make_task(task_id=task_id))

    cache = DetailsCache(fetch, ttl=30, clock=clock, refresh_min_interval=5)
    await cache.get("a")
    await cache.get("a", refresh=True)
    assert calls == ["a"]
    clock.advance(5)
    await cache.get("a", refresh=True)
    assert calls == ["a", "a"]
