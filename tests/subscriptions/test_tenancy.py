"""Finding 10: subscriptions belong to a workspace's channel, not to a channel id (a Slack Connect
channel has one id in every organisation sharing it). Real store, SQLite and PostgreSQL."""

from collections.abc import AsyncIterator

import pytest

from bot.commands import parse_command
from bot.features.subscriptions.asked import asked_subscription
from bot.services.subscriptions import SubscriptionService
from bot.store.database import Database
from bot.store.subscriptions import SubscriptionStore
from tests.support.clock import FakeClock

SHARED = "C0SHARED"  # the same channel id in two organisations


@pytest.fixture
async def service(database_url: str) -> AsyncIterator[SubscriptionService]:
    db = await Database.open(database_url)
    yield SubscriptionService(SubscriptionStore(db), clock=FakeClock(1_772_409_600.0))
    await db.aclose()


async def subscribe(service, text, workspace):
    return await service.subscribe(
        asked_subscription(
            parse_command(text),
            workspace_id=workspace,
            channel_id=SHARED,
            user_id="U0001",
            timezone="UTC",
        )
    )


async def test_another_workspace_sees_and_changes_nothing_of_a_shared_channel(service) -> None:
    ours = await subscribe(service, "subscribe daily 09:00", "T0OURS")
    notify = await subscribe(service, "subscribe notify", "T0OURS")
    theirs = await subscribe(service, "subscribe daily 09:00", "T0THEIRS")  # not a duplicate
    assert [s.id for s in await service.for_channel("T0THEIRS", SHARED)] == [theirs.id]

    assert await service.pause("T0THEIRS", SHARED, ours.id) is None
    assert await service.resume("T0THEIRS", SHARED, ours.id) is None
    assert await service.unsubscribe("T0THEIRS", SHARED, ours.id) == []
    assert await service.unsubscribe("T0THEIRS", SHARED, None) == [theirs.id]

    mine = await service.for_channel("T0OURS", SHARED)
    assert [(s.id, s.state.value) for s in mine] == [(ours.id, "active"), (notify.id, "active")]
    assert await service.pause("T0OURS", SHARED, ours.id) is not None
