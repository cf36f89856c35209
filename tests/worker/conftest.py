"""Fixtures for the worker tests: a simulator on a fake clock and the subscription service."""

from collections.abc import AsyncIterator, Iterator

import pytest

from bot.commands import parse_command
from bot.features.subscriptions.asked import asked_subscription
from bot.services.subscriptions import SubscriptionService
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from bot.subscriptions.model import Subscription
from tests.support.clock import FakeClock
from tests.support.simulator import RunningSim, running_sim

# 2026-03-02 00:00 UTC, a Monday
START = 1_772_409_600.0


@pytest.fixture
def sim() -> Iterator[RunningSim]:
    with running_sim(clock=FakeClock(START), tasks=0) as running:
        yield running


@pytest.fixture
async def service(database_url: str, sim: RunningSim) -> AsyncIterator[SubscriptionService]:
    db = await Database.open(database_url)
    yield SubscriptionService(SubscriptionStore(db), clock=sim.clock)
    await db.aclose()


async def subscribe(
    service: SubscriptionService, text: str, channel: str = "C0SUMMARY", timezone: str = "UTC"
) -> Subscription:
    """Subscribe as the channel's own user (one user may subscribe 5 times a minute)."""
    command = parse_command(text)
    user_id = f"U{channel.removeprefix('C')}"
    return await service.subscribe(
        asked_subscription(
            command, workspace_id="T0001", channel_id=channel, user_id=user_id, timezone=timezone
        )
    )
