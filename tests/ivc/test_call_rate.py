"""IVC_MAX_CALLS_PER_SECOND per account: never more calls in a second than the limit, the
rest wait their turn in order (on an injected clock and sleep: no real waiting)."""

from __future__ import annotations

import asyncio

import pytest

from bot.config import load_settings
from bot.ivc.accounts import Account, source_factory
from bot.ivc.call_rate import CallRate, PacedBackend
from bot.ivc.credentials import Credentials
from bot.simulator import tenant_secret_id, tenant_secret_key
from tests.support.clock import FakeClock
from tests.support.simulator import SIM_SECRET_ID, SIM_SECRET_KEY, RunningSim


class Sleeper:
    """A sleep that moves the fake clock instead of waiting."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.clock.advance(seconds)


def most_in_any_second(times: list[float]) -> int:
    return max(sum(1 for t in times if start <= t < start + 1) for start in times)


async def test_no_second_holds_more_than_the_limit() -> None:
    clock = FakeClock(0)
    sleeper = Sleeper(clock)
    rate = CallRate(20, clock=clock, sleep=sleeper)
    times = []
    for _ in range(100):
        await rate.acquire()
        times.append(clock())
    assert times[:20] == [0.0] * 20, "a burst of 20 goes at once"
    assert most_in_any_second(times) == 20
    assert times[-1] == pytest.approx(4.0) and rate.waited == 4, "one wait per second"


async def test_concurrent_callers_queue_in_order() -> None:
    clock = FakeClock(0)
    rate = CallRate(2, clock=clock, sleep=Sleeper(clock))
    waits = [rate.reserve() for _ in range(5)]
    assert waits == [0.0, 0.0, 1.0, 1.0, 2.0]


def test_a_fractional_rate_spaces_single_calls() -> None:
    clock = FakeClock(0)
    rate = CallRate(0.5, clock=clock)
    assert [rate.reserve() for _ in range(3)] == [0.0, 2.0, 4.0]
    with pytest.raises(ValueError):
        CallRate(0)


async def test_each_accounts_client_is_paced(simulator_factory) -> None:
    running: RunningSim = simulator_factory(accounts=1, account_tasks=2)
    settings = load_settings(
        {
            "ivc_base_url": running.base_url,
            "ivc_secret_id": SIM_SECRET_ID,
            "ivc_secret_key": SIM_SECRET_KEY,
            "ivc_max_calls_per_second": 3,
        }
    )
    secret_id = tenant_secret_id(1)
    account = Account("team:T1", "ivc", Credentials(secret_id, tenant_secret_key(secret_id)))
    source = source_factory(settings, clock=running.clock)(account)
    try:
        assert isinstance(source.client, PacedBackend)
        assert source.client.rate.per_second == 3
        listing = await asyncio.wait_for(source.list(), 10)
        assert len(listing.tasks) == 2
    finally:
        await source.aclose()
