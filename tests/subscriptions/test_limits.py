"""Finding 3: a channel's subscriptions are bounded, zone aliases are duplicates, and one user
cannot subscribe in a burst. The real service and store on SQLite and PostgreSQL."""

from collections.abc import AsyncIterator

import pytest

from bot.commands import parse_command
from bot.features.subscriptions.asked import asked_subscription
from bot.features.subscriptions.views import render_refused
from bot.services.subscriptions import SubscriptionService
from bot.store.database import Database
from bot.store.subscriptions import DuplicateSubscription, SubscriptionStore
from bot.subscriptions.refusals import SubscribingTooFast, TooManySubscriptions
from tests.support.clock import FakeClock

# 2026-03-02 00:00 UTC, a Monday
START = 1_772_409_600.0
# All UTC+8 all year: `daily 11:45` in any of them fires at 03:45 UTC every day.
UTC_PLUS_8 = (
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Singapore",
    "Asia/Kuala_Lumpur",
    "Asia/Manila",
    "Australia/Perth",
)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def service(database_url: str, clock: FakeClock) -> AsyncIterator[SubscriptionService]:
    db = await Database.open(database_url)
    yield SubscriptionService(SubscriptionStore(db), clock=clock, max_per_channel=3)
    await db.aclose()


async def subscribe(service, text, *, user="U0001", channel="C0LIMIT", workspace="T0001"):
    return await service.subscribe(
        asked_subscription(
            parse_command(text),
            workspace_id=workspace,
            channel_id=channel,
            user_id=user,
            timezone="UTC",
        )
    )


async def test_zone_names_that_fire_alike_are_one_subscription(service) -> None:
    first = await subscribe(service, f"subscribe daily 11:45 {UTC_PLUS_8[0]}")
    for index, zone in enumerate(UTC_PLUS_8[1:]):
        with pytest.raises(DuplicateSubscription) as refused:
            await subscribe(service, f"subscribe daily 11:45 {zone}", user=f"U{index:04d}")
        assert refused.value.existing.id == first.id
    # `daily 03:45 UTC` fires at the same instants too; a weekday one does not
    with pytest.raises(DuplicateSubscription):
        await subscribe(service, "subscribe daily 03:45 UTC", user="U0100")
    await subscribe(service, "subscribe weekdays 11:45 Asia/Taipei", user="U0101")
    assert len(await service.for_channel("T0001", "C0LIMIT")) == 2


async def test_a_zone_whose_clock_changes_within_14_days_is_not_a_duplicate(service) -> None:
    # 2026-03-08: New York moves to UTC-4; 15:00 New York and 20:00 UTC part on that day
    await subscribe(service, "subscribe daily 20:00 UTC")
    created = await subscribe(service, "subscribe daily 15:00 America/New_York", user="U0002")
    assert created.timezone == "America/New_York"


async def test_a_channel_holds_at_most_the_limit(service) -> None:
    for index, time in enumerate(("09:00", "12:00", "18:00")):
        await subscribe(service, f"subscribe daily {time}", user=f"U{index:04d}")
    with pytest.raises(TooManySubscriptions) as refused:
        await subscribe(service, "subscribe notify", user="U0009")
    assert refused.value.limit == 3
    assert len(await service.for_channel("T0001", "C0LIMIT")) == 3
    line = render_refused(refused.value, lang="en").text
    assert "3 subscriptions" in line and "unsubscribe" in line and "\n" not in line
    assert "3" in render_refused(refused.value, lang="zh").text
    # another channel is not affected
    await subscribe(service, "subscribe daily 09:00", channel="C0OTHER", user="U0010")


async def test_five_subscribe_commands_per_user_per_minute(service, clock) -> None:
    texts = [f"subscribe daily 0{hour}:00" for hour in range(1, 8)]
    await subscribe(service, texts[0], channel="C0A")
    await subscribe(service, texts[1], channel="C0B")
    with pytest.raises(DuplicateSubscription):  # a refused command counts too
        await subscribe(service, texts[1], channel="C0B")
    await subscribe(service, texts[2], channel="C0C")
    clock.advance(30)
    await subscribe(service, texts[3], channel="C0D")
    with pytest.raises(SubscribingTooFast) as refused:
        await subscribe(service, texts[4], channel="C0E")
    assert refused.value.retry_after == pytest.approx(30)
    assert "30 s" in render_refused(refused.value, lang="en").text
    assert await service.for_channel("T0001", "C0E") == []
    await subscribe(service, texts[4], channel="C0E", user="U0OTHER")  # other users are not
    clock.advance(30)  # the first command leaves the window
    await subscribe(service, texts[5], channel="C0F")
