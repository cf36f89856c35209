"""Admissions by count through two database handles at once (two replicas), on SQLite and
PostgreSQL: one person's watches stop at their limit, a channel's subscriptions at theirs and
same-instant ones at the first; on PostgreSQL an admission waits for the open one under its
key, and only for that one."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, text

from bot.commands import parse_command
from bot.features.subscriptions.asked import asked_subscription
from bot.services.subscriptions import SubscriptionService
from bot.store.admission_lock import admission
from bot.store.database import Database
from bot.store.schema import watches
from bot.store.subscriptions import DuplicateSubscription, SubscriptionStore
from bot.store.watches import TooManyWatches, WatchStore
from bot.subscriptions.model import Subscription
from bot.subscriptions.refusals import TooManySubscriptions
from tests.support.databases import empty_database
from tests.support.polling import bound

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WORKSPACE, USER, CHANNEL = "T1", "U1", "C1"
UTC_PLUS_8 = ("Asia/Shanghai", "Asia/Taipei", "Asia/Singapore", "Asia/Manila")


@pytest.fixture
async def handles(database_url: str) -> AsyncIterator[tuple[Database, Database]]:
    """Two handles on one empty database, as two replicas have."""
    first, second = await Database.open(database_url), await Database.open(database_url)
    try:
        yield first, second
    finally:
        await first.aclose()
        await second.aclose()


async def test_watches_added_at_once_stop_at_the_limit(handles: tuple[Database, Database]) -> None:
    async def add(index: int) -> bool:
        store = WatchStore(handles[index % 2])
        try:
            await store.add(
                WORKSPACE, USER, f"task{index:02d}", now=NOW, expiry_only=False, limit=3
            )
        except TooManyWatches:
            return False
        return True

    added = await asyncio.gather(*(add(index) for index in range(12)))
    assert sum(added) == 3
    assert len(await WatchStore(handles[0]).of_person(WORKSPACE, USER)) == 3


async def _subscribe_at_once(
    handles: tuple[Database, Database], texts: list[str]
) -> list[Subscription | Exception]:
    """Each text subscribed by its own user through one handle or the other, all at once;
    each outcome (the subscription or the refusal)."""
    services = [SubscriptionService(SubscriptionStore(db), max_per_channel=4) for db in handles]

    async def subscribe(index: int) -> Subscription | Exception:
        command = parse_command(texts[index])
        try:
            asked = asked_subscription(
                command,
                workspace_id=WORKSPACE,
                channel_id=CHANNEL,
                user_id=f"U{index}",
                timezone="UTC",
            )
            return await services[index % 2].subscribe(asked)
        except (DuplicateSubscription, TooManySubscriptions) as refused:
            return refused

    return await asyncio.gather(*(subscribe(index) for index in range(len(texts))))


async def test_subscriptions_made_at_once_stop_at_the_channels_limit(
    handles: tuple[Database, Database],
) -> None:
    outcomes = await _subscribe_at_once(handles, [f"subscribe daily {h:02d}:20" for h in range(12)])
    assert sum(isinstance(o, Subscription) for o in outcomes) == 4
    assert sum(isinstance(o, TooManySubscriptions) for o in outcomes) == 8
    assert len(await SubscriptionStore(handles[0]).for_channel(WORKSPACE, CHANNEL)) == 4


async def test_same_instant_subscriptions_made_at_once_keep_the_first(
    handles: tuple[Database, Database],
) -> None:
    outcomes = await _subscribe_at_once(
        handles, [f"subscribe daily 10:10 {zone}" for zone in UTC_PLUS_8]
    )
    [kept] = await SubscriptionStore(handles[0]).for_channel(WORKSPACE, CHANNEL)
    refused = [o for o in outcomes if isinstance(o, DuplicateSubscription)]
    assert [o.existing.id for o in refused] == [kept.id] * 3, outcomes


async def _until_one_waits_on_an_advisory_lock(db: Database) -> None:
    """Return once a session of this database waits for an advisory lock (failure bound)."""
    query = text(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND wait_event = 'advisory'"
    )
    deadline = time.monotonic() + bound(10)
    while time.monotonic() < deadline:
        async with db.engine.connect() as conn:
            if (await conn.execute(query)).scalar_one():
                return
        await asyncio.sleep(0.01)
    raise TimeoutError("no admission waits for the open one")


async def test_postgresql_admissions_under_one_key_take_turns(postgres_url: str) -> None:
    await empty_database(postgres_url)
    first, second = await Database.open(postgres_url), await Database.open(postgres_url)
    count = select(func.count()).select_from(watches)

    async def counted_under(key: str) -> int:
        async with admission(second, key) as conn:
            return int((await conn.execute(count)).scalar_one())

    try:
        async with admission(first, "watches:T1:U1") as conn:
            other_key = await asyncio.wait_for(counted_under("watches:T1:U2"), bound(10))
            assert other_key == 0, "an admission under another key does not wait"
            same_key = asyncio.create_task(counted_under("watches:T1:U1"))
            await _until_one_waits_on_an_advisory_lock(first)
            row = {"team_id": WORKSPACE, "user_id": USER, "task_id": "t", "state": "active"}
            await conn.execute(watches.insert().values(**row, created_at=NOW))
        assert await asyncio.wait_for(same_key, bound(10)) == 1, "it counted after the commit"
    finally:
        await first.aclose()
        await second.aclose()
